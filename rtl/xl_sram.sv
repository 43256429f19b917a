// xl_sram -- one-read, one-write synchronous RAM (the model of an SRAM macro).
//
// The read data appears the cycle after re_i and holds until the next read.
// A read of the address being written in the same cycle returns the new
// data (write-through), so a pipeline can read a set in the cycle a store
// to it commits.  The contents are not reset, as in a real macro.
module xl_sram #(
  parameter int unsigned Depth = 64,
  parameter int unsigned Width = 64,
  localparam int unsigned AddrW = (Depth > 1) ? $clog2(Depth) : 1
) (
  input  logic             clk_i,
  input  logic             re_i,
  input  logic [AddrW-1:0] raddr_i,
  output logic [Width-1:0] rdata_o,
  input  logic             we_i,
  input  logic [AddrW-1:0] waddr_i,
  input  logic [Width-1:0] wdata_i
);
  logic [Width-1:0] mem_q [Depth];
  logic [Width-1:0] rdata_q, rdata_d;

  always_comb begin
    rdata_d = rdata_q;
    if (re_i) begin
      rdata_d = (we_i && waddr_i == raddr_i) ? wdata_i : mem_q[raddr_i];
    end
  end

  // The array write is the one statement here that is not `q <= d`: it is
  // the memory primitive itself.
  always_ff @(posedge clk_i) begin
    rdata_q <= rdata_d;
    if (we_i) begin
      mem_q[waddr_i] <= wdata_i;
    end
  end

  assign rdata_o = rdata_q;
endmodule
