// xl_regfile -- a register file: Depth words of Width bits, one write port
// and four asynchronous read ports (tie off the ones not needed).  Not
// reset: its user keeps validity in reset flops.
module xl_regfile #(
  parameter int unsigned Depth = 16,
  parameter int unsigned Width = 32,
  localparam int unsigned AddrW = (Depth > 1) ? $clog2(Depth) : 1
) (
  input  logic             clk_i,
  input  logic             we_i,
  input  logic [AddrW-1:0] waddr_i,
  input  logic [Width-1:0] wdata_i,
  input  logic [AddrW-1:0] raddr0_i,
  input  logic [AddrW-1:0] raddr1_i,
  input  logic [AddrW-1:0] raddr2_i,
  input  logic [AddrW-1:0] raddr3_i,
  output logic [Width-1:0] rdata0_o,
  output logic [Width-1:0] rdata1_o,
  output logic [Width-1:0] rdata2_o,
  output logic [Width-1:0] rdata3_o
);
  logic [Width-1:0] mem_q [Depth];

  // The array write is the one statement here that is not `q <= d`: it is
  // the register file's write port.
  always_ff @(posedge clk_i) begin
    if (we_i) begin
      mem_q[waddr_i] <= wdata_i;
    end
  end

  assign rdata0_o = mem_q[raddr0_i];
  assign rdata1_o = mem_q[raddr1_i];
  assign rdata2_o = mem_q[raddr2_i];
  assign rdata3_o = mem_q[raddr3_i];
endmodule
