// xl_perm_check -- check an access against a translation's effective
// permissions (cmodel/src/pte.c xl_perm_check).  Purely combinational.
//
// Order: user / supervisor first, then read / write / execute.  x86-64:
// CR0.WP=1, SMEP=1, SMAP=0.  RISC-V: SUM=0, MXR=0.  toy: the supervisor
// may access user pages.
module xl_perm_check #(
  parameter int unsigned Format = xl_pkg::FmtX86
) (
  input  logic [2:0] op_i,       // xl_pkg::OpLoad / OpStore / OpFetch
  input  logic       priv_u_i,   // 1 = user access
  input  logic [5:0] perm_i,     // xl_pkg::Perm* bits
  output logic [3:0] fault_o
);
  localparam bit IsRv = (Format == xl_pkg::FmtSv39) || (Format == xl_pkg::FmtSv48);
  localparam bit IsX86 = (Format == xl_pkg::FmtX86);

  logic user_page;
  always_comb begin
    user_page = perm_i[xl_pkg::PermU];
    fault_o   = xl_pkg::FaultNone;
    if (priv_u_i && !user_page) begin
      fault_o = xl_pkg::FaultUser;
    end else if (!priv_u_i && user_page && (IsRv || (IsX86 && op_i == xl_pkg::OpFetch))) begin
      fault_o = xl_pkg::FaultSuper;
    end else if (op_i == xl_pkg::OpStore) begin
      if (!perm_i[xl_pkg::PermW]) fault_o = xl_pkg::FaultWrite;
    end else if (op_i == xl_pkg::OpFetch) begin
      if (!perm_i[xl_pkg::PermX]) fault_o = xl_pkg::FaultExec;
    end else begin
      if (!perm_i[xl_pkg::PermR]) fault_o = xl_pkg::FaultRead;
    end
  end

  logic unused_perm;
  assign unused_perm = ^{perm_i[xl_pkg::PermG], perm_i[xl_pkg::PermD]};
endmodule
