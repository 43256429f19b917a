// xl_perm_check -- check an access against a translation's effective
// permissions and the translation controls in force (cmodel/src/pte.c
// xl_perm_check, docs/architecture.md section 4).  Purely combinational.
//
// Order: user / supervisor first, then read / write / execute, then (x86)
// the protection key.
//   x86-64: CR0.WP (supervisor writes to read-only pages), CR4.SMEP
//           (supervisor fetches from user pages), CR4.SMAP with EFLAGS.AC
//           (supervisor data accesses to user pages), EFER.NXE (XD),
//           CR4.PKE with PKRU (data accesses to user pages; WD binds
//           supervisor writes only with CR0.WP; never fetches).
//   RISC-V: SUM (supervisor loads and stores of user pages; never fetches),
//           MXR (loads of executable pages).
//   toy:    no controls; the supervisor may access user pages.
module xl_perm_check #(
  parameter int unsigned Format = xl_pkg::FmtX86
) (
  input  logic [2:0]  op_i,       // xl_pkg::OpLoad / OpStore / OpFetch
  input  logic        priv_u_i,   // 1 = user access
  input  logic        ac_i,       // x86 EFLAGS.AC of the access
  input  logic [5:0]  perm_i,     // xl_pkg::Perm* bits
  input  logic [3:0]  pkey_i,     // x86 protection key of the translation
  input  logic [7:0]  ctl_i,      // xl_pkg::Ctl* bits in force
  input  logic [31:0] pkru_i,     // x86 PKRU
  output logic [3:0]  fault_o
);
  localparam bit IsRv  = (Format == xl_pkg::FmtSv39) || (Format == xl_pkg::FmtSv48) ||
                         (Format == xl_pkg::FmtSv32) || (Format == xl_pkg::FmtSv57);
  localparam bit IsX86 = (Format == xl_pkg::FmtX86) || (Format == xl_pkg::FmtLa57);

  logic user_page, store, fetch, key_ad, key_wd;
  always_comb begin
    user_page = perm_i[xl_pkg::PermU];
    store     = op_i == xl_pkg::OpStore;
    fetch     = op_i == xl_pkg::OpFetch;
    key_ad    = pkru_i[{pkey_i, 1'b0}];
    key_wd    = pkru_i[{pkey_i, 1'b1}];
    fault_o   = xl_pkg::FaultNone;
    if (IsX86) begin
      if (priv_u_i && !user_page) begin
        fault_o = xl_pkg::FaultUser;
      end else if (!priv_u_i && user_page && fetch && ctl_i[xl_pkg::CtlSmep]) begin
        fault_o = xl_pkg::FaultSuper;
      end else if (!priv_u_i && user_page && !fetch && ctl_i[xl_pkg::CtlSmap] && !ac_i) begin
        fault_o = xl_pkg::FaultSuper;
      end else if (store && !perm_i[xl_pkg::PermW] && (priv_u_i || ctl_i[xl_pkg::CtlWp])) begin
        fault_o = xl_pkg::FaultWrite;
      end else if (fetch && !perm_i[xl_pkg::PermX] && ctl_i[xl_pkg::CtlNxe]) begin
        fault_o = xl_pkg::FaultExec;
      end else if (ctl_i[xl_pkg::CtlPke] && user_page && !fetch &&
                   (key_ad || (store && key_wd && (priv_u_i || ctl_i[xl_pkg::CtlWp])))) begin
        fault_o = xl_pkg::FaultPkey;
      end
`ifdef XL_BUG_PERM_PKEY
      // injected bug (make formal-bugs only): the key's write-disable bit is ignored
      if (fault_o == xl_pkg::FaultPkey && !key_ad) fault_o = xl_pkg::FaultNone;
`endif
    end else if (IsRv) begin
      if (priv_u_i && !user_page) begin
        fault_o = xl_pkg::FaultUser;
      end else if (!priv_u_i && user_page && (fetch || !ctl_i[xl_pkg::CtlSum])) begin
        fault_o = xl_pkg::FaultSuper;
`ifdef XL_BUG_PERM_SUM
        fault_o = fetch ? xl_pkg::FaultSuper : xl_pkg::FaultNone;  // injected bug (make formal-bugs only): SUM ignored, always 1
`endif
      end else if (store) begin
        if (!perm_i[xl_pkg::PermW]) fault_o = xl_pkg::FaultWrite;
      end else if (fetch) begin
        if (!perm_i[xl_pkg::PermX]) fault_o = xl_pkg::FaultExec;
      end else begin
        if (!perm_i[xl_pkg::PermR] && !(ctl_i[xl_pkg::CtlMxr] && perm_i[xl_pkg::PermX])) fault_o = xl_pkg::FaultRead;
      end
    end else begin
      if (priv_u_i && !user_page) begin
        fault_o = xl_pkg::FaultUser;
      end else if (store) begin
        if (!perm_i[xl_pkg::PermW]) fault_o = xl_pkg::FaultWrite;
      end else if (fetch) begin
        if (!perm_i[xl_pkg::PermX]) fault_o = xl_pkg::FaultExec;
      end else begin
        if (!perm_i[xl_pkg::PermR]) fault_o = xl_pkg::FaultRead;
      end
    end
  end

  logic unused_perm;
  assign unused_perm = ^{perm_i[xl_pkg::PermG], perm_i[xl_pkg::PermD]};
endmodule
