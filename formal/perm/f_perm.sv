// f_perm -- formal properties of xl_perm_check, the access-rights check
// that both the TLB-hit path (xl_mmu) and the walker (xl_ptw) use
// (docs/formal.md, section Permissions).
//
// Every input is free: the operation, the privilege, EFLAGS.AC, the
// translation's rights and protection key, every translation control and
// PKRU.  The check is combinational, so one step proves it for all of them.
// The rules are written out here from the specifications as a table of
// conditions, each naming the fault class it raises, independently of
// xl_perm_check's if-chain:
//   x86-64 and LA57 (SDM vol. 3A 4.6.1, 4.6.2), in the order
//     user/supervisor, read/write/execute, protection key;
//   RISC-V Sv32 / Sv39 / Sv48 / Sv57 (privileged spec 4.3.1 step 5; sstatus
//     SUM and MXR; the rights rules do not depend on the format);
//   toy (docs/config.md): no controls, the supervisor may use user pages.
module f_perm #(
  parameter int unsigned Format = xl_pkg::FmtX86
) (
  input logic [2:0]  op_i,
  input logic        priv_u_i,
  input logic        ac_i,
  input logic [5:0]  perm_i,
  input logic [3:0]  pkey_i,
  input logic [7:0]  ctl_i,
  input logic [31:0] pkru_i
);
  localparam bit IsRv  = (Format == xl_pkg::FmtSv39) || (Format == xl_pkg::FmtSv48) ||
                        (Format == xl_pkg::FmtSv32) || (Format == xl_pkg::FmtSv57);
  localparam bit IsX86 = (Format == xl_pkg::FmtX86) || (Format == xl_pkg::FmtLa57);

  logic [3:0] fault;
  xl_perm_check #(.Format(Format)) u_dut (
    .op_i, .priv_u_i, .ac_i, .perm_i, .pkey_i, .ctl_i, .pkru_i, .fault_o(fault)
  );

  // the inputs, by name
  logic ld, st, fe, usr, sup, upage, r, w, x;
  logic wp, smep, smap, nxe, pke, sum, mxr, kad, kwd;
  always @(*) begin
    ld = op_i == xl_pkg::OpLoad;  st = op_i == xl_pkg::OpStore;  fe = op_i == xl_pkg::OpFetch;
    usr = priv_u_i;  sup = !priv_u_i;
    upage = perm_i[xl_pkg::PermU];  r = perm_i[xl_pkg::PermR];  w = perm_i[xl_pkg::PermW];
    x = perm_i[xl_pkg::PermX];
    wp = ctl_i[xl_pkg::CtlWp];  smep = ctl_i[xl_pkg::CtlSmep];  smap = ctl_i[xl_pkg::CtlSmap];
    nxe = ctl_i[xl_pkg::CtlNxe];  pke = ctl_i[xl_pkg::CtlPke];
    sum = ctl_i[xl_pkg::CtlSum];  mxr = ctl_i[xl_pkg::CtlMxr];
    kad = pkru_i[2 * 32'(pkey_i)];  kwd = pkru_i[2 * 32'(pkey_i) + 1];
  end

  // Each rule: does it deny the access?
  logic deny_user, deny_super, deny_read, deny_write, deny_exec, deny_key;
  always @(*) begin
    deny_user = usr && !upage;
    deny_key  = 1'b0;
    if (IsX86) begin
      // SMEP: no supervisor fetch from a user page; SMAP: no supervisor data
      // access to one, unless EFLAGS.AC is set.
      deny_super = sup && upage && ((fe && smep) || (!fe && smap && !ac_i));
      // every linear address is readable
      deny_read  = 1'b0;
      // user writes need R/W = 1; supervisor writes too when CR0.WP = 1
      deny_write = st && !w && (usr || wp);
      // XD applies only with EFER.NXE = 1
      deny_exec  = fe && !x && nxe;
      // protection keys: data accesses to user pages, with CR4.PKE = 1
      deny_key   = pke && upage && !fe && (kad || (st && kwd && (usr || wp)));
    end else if (IsRv) begin
      // no supervisor execution of a user page; no data access unless SUM
      deny_super = sup && upage && (fe || !sum);
      // MXR: loads may read pages marked executable
      deny_read  = ld && !r && !(mxr && x);
      deny_write = st && !w;
      deny_exec  = fe && !x;
    end else begin
      deny_super = 1'b0;
      deny_read  = ld && !r;
      deny_write = st && !w;
      deny_exec  = fe && !x;
    end
  end

  logic [3:0] want;
  always @(*) begin
    want = xl_pkg::FaultNone;
    if (deny_key) want = xl_pkg::FaultPkey;
    if (deny_exec) want = xl_pkg::FaultExec;
    if (deny_write) want = xl_pkg::FaultWrite;
    if (deny_read) want = xl_pkg::FaultRead;
    if (deny_super) want = xl_pkg::FaultSuper;
    if (deny_user) want = xl_pkg::FaultUser;   // the first rule wins: applied last
  end

  always @(*) begin
    if (op_i <= xl_pkg::OpFetch) begin
      // perm_spec: the check faults iff a rule denies the access, with the
      // class of the first rule that does, for every control value.
      perm_spec__class: assert(fault == want);
      perm_spec__iff: assert((fault != xl_pkg::FaultNone) == (deny_user || deny_super || deny_read || deny_write ||
                                                               deny_exec || deny_key));
    end
  end

  always @(*) begin
    cov_perm_spec__allowed: cover(op_i <= xl_pkg::OpFetch && fault == xl_pkg::FaultNone && usr);
    cov_perm_spec__super: cover(fault == (IsX86 || IsRv ? xl_pkg::FaultSuper : xl_pkg::FaultUser));
    cov_perm_spec__grant: cover(op_i == xl_pkg::OpLoad && sup && upage && fault == xl_pkg::FaultNone);
    cov_perm_spec__key: cover(fault == (IsX86 ? xl_pkg::FaultPkey : xl_pkg::FaultWrite));
  end
endmodule
