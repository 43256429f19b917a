// f_ptw -- formal properties of xl_ptw, the page-table walker
// (docs/formal.md, section Walker).
//
// The walk request and every PTE the cache port returns are free inputs:
// the properties hold for every page table.  The cache port is assumed to
// behave like xl_cache's walker port with a latency bound: a request is
// accepted within CacheRdyMax cycles of being offered, its response comes
// one to CacheRspMax + 1 cycles after acceptance, never unasked.
//
// The translation controls, PKRU and EFLAGS.AC of a walk are free inputs
// too (latched by the walker with the request), so the permission
// properties hold for every control value.  The PTE bit positions and the
// access-rights rules they use are written out here from
// docs/architecture.md sections 3 and 4 (SDM vol. 3A 4.6, RISC-V
// privileged spec 4.3.1), independently of xl_pte_decode and
// xl_perm_check.  Probes and labels: see formal/tlb/f_tlb.sv.
//
// Formats: x86-64 and LA57 (x86, 4 and 5 levels), Sv32 (4-byte entries,
// 22-bit PPN), Sv39 / Sv48 / Sv57 (RV64), toy.  With RV64 page tables the
// Svpbmt and Svnapot rules (RISC-V privileged spec, chapters "Svnapot" and
// "Svpbmt"; cmodel/src/pte.c decode_rv) are checked against the Ext
// parameter: PBMT = 3, PBMT or N in a pointer, N or PBMT without its
// extension, and a NAPOT leaf other than a level-0 one with ppn[3:0] =
// 1000 are reserved.
module f_ptw #(
  parameter int unsigned Format      = xl_pkg::FmtX86,
  parameter int unsigned VaBits      = 20,
  parameter int unsigned PaBits      = 16,
  parameter int unsigned PageBits    = 12,
  parameter int unsigned Levels      = 4,
  parameter logic [24:0] LevelBits   = {5'd0, 5'd2, 5'd2, 5'd2, 5'd2},
  parameter logic [4:0]  LeafLevels  = 5'b00111,
  parameter int unsigned AsidBits    = 1,
  parameter int unsigned AdPolicy    = 0,
  parameter logic [63:0] MemBytes    = 64'hC000,
  parameter logic [2:0]  Ext         = 3'b000,   // xl_pkg::Ext* (Svnapot, Svpbmt, Svinval)
  parameter int unsigned CacheRdyMax = 1,    // cycles a request may wait for ready
  parameter int unsigned CacheRspMax = 2,    // extra cycles a response may take
  localparam int unsigned VpnBits    = VaBits - PageBits,
  localparam int unsigned PpnBits    = PaBits - PageBits,
  localparam int unsigned AsidW      = (AsidBits > 0) ? AsidBits : 1
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic               req_valid_i,
  input  logic [VpnBits-1:0] req_vpn_i,
  input  logic [2:0]         req_op_i,
  input  logic               req_priv_u_i,
  input  logic               req_ac_i,
  input  logic [7:0]         req_ctl_i,
  input  logic [31:0]        req_pkru_i,
  input  logic [PpnBits-1:0] req_root_i,
  input  logic [AsidW-1:0]   req_asid_i,
  input  logic               c_req_ready_i,
  input  logic               c_rsp_valid_i,
  input  logic [63:0]        c_rsp_rdata_i
);
  localparam bit IsX86  = (Format == xl_pkg::FmtX86) || (Format == xl_pkg::FmtLa57);
  localparam bit IsRv64 = (Format == xl_pkg::FmtSv39) || (Format == xl_pkg::FmtSv48) ||
                          (Format == xl_pkg::FmtSv57);
  localparam bit IsRv   = IsRv64 || (Format == xl_pkg::FmtSv32);
  localparam bit IsToy  = Format == xl_pkg::FmtToy;
  // The RV64 extensions in force (Svnapot and Svpbmt exist only there).
  localparam bit Napot  = IsRv64 && Ext[xl_pkg::ExtSvnapot];
  localparam bit Pbmt   = IsRv64 && Ext[xl_pkg::ExtSvpbmt];
  localparam int unsigned NapB = 4;   // a NAPOT page: 16 base pages, ppn[3:0] = 1000 in its PTE
  localparam logic [VpnBits-1:0] NapV = VpnBits'((1 << NapB) - 1);
  localparam logic [PpnBits-1:0] NapP = PpnBits'((1 << NapB) - 1);
  // Cache accesses of one walk at most: a read per level, plus the A write
  // of every non-leaf level on x86 with hardware A/D, plus the leaf's A/D
  // write (RISC-V: whenever ADUE may be 1).
  localparam int unsigned MaxAcc = (AdPolicy != 0 && !IsRv) ? Levels : (IsX86 ? 2 * Levels : Levels + 1);
  localparam int unsigned AccCyc = CacheRdyMax + CacheRspMax + 2;   // cycles of one access, at most
  localparam int unsigned Bound  = 1 + MaxAcc * AccCyc;             // accept -> done_o
  localparam int unsigned CntW   = 8;

  logic f_past_valid = 1'b0;
  always @(posedge clk_i) f_past_valid <= 1'b1;
  always @(*) assume(rst_ni == f_past_valid);

  // ------------------------------------------------------------ the DUT
  logic               req_ready, done, c_req_valid, c_req_we, idle;
  logic [3:0]         done_fault;
  logic [2:0]         done_level, done_reads;
  logic [VpnBits-1:0] done_vpn;
  logic [PpnBits-1:0] done_ppn;
  logic [5:0]         done_perm;
  logic [3:0]         done_attr;
  logic               done_napot;
  logic [AsidW-1:0]   done_asid;
  logic [PaBits-1:0]  c_req_pa;
  logic [1:0]         c_req_size;
  logic [63:0]        c_req_wdata;

  xl_ptw #(
    .Format(Format), .VaBits(VaBits), .PaBits(PaBits), .PageBits(PageBits), .Levels(Levels),
    .LevelBits(LevelBits), .LeafLevels(LeafLevels), .AsidBits(AsidBits), .AdPolicy(AdPolicy),
    .MemBytes(MemBytes), .Ext(Ext)
  ) u_dut (
    .clk_i, .rst_ni,
    .req_valid_i, .req_ready_o(req_ready), .req_vpn_i, .req_op_i, .req_priv_u_i, .req_ac_i, .req_ctl_i,
    .req_pkru_i, .req_root_i, .req_asid_i,
    .done_o(done), .done_fault_o(done_fault), .done_level_o(done_level), .done_reads_o(done_reads),
    .done_vpn_o(done_vpn), .done_ppn_o(done_ppn), .done_perm_o(done_perm), .done_attr_o(done_attr),
    .done_napot_o(done_napot), .done_asid_o(done_asid),
    .c_req_valid_o(c_req_valid), .c_req_ready_i, .c_req_we_o(c_req_we), .c_req_pa_o(c_req_pa),
    .c_req_size_o(c_req_size), .c_req_wdata_o(c_req_wdata), .c_rsp_valid_i, .c_rsp_rdata_i,
    .idle_o(idle)
  );

  // probe: p_fault = u_dut.fault_q
  logic [3:0] p_fault;      // the walk's fault, once decided
  // probe: p_state = u_dut.state_q
  logic [2:0] p_state;
  // probe: p_level = u_dut.level_q
  logic [2:0] p_level;
  // probe: p_reads = u_dut.reads_q
  logic [2:0] p_reads;
  // probe: p_leaf_wr = u_dut.leaf_wr_q
  logic       p_leaf_wr;
  // probe: p_perm = u_dut.perm_q
  logic [5:0] p_perm;
  // probe: p_op = u_dut.op_q
  logic [2:0] p_op;
  // probe: p_priv = u_dut.priv_u_q
  logic       p_priv;
  // probe: p_wpa = u_dut.wpa_q
  logic [PaBits-1:0] p_wpa;   // the address of the A/D write: the PTE just read
  // probe: p_pte_bus = u_dut.pte_bus
  logic              p_pte_bus; // the PTE address of the current level is out of range
  // probe: p_ctl = u_dut.ctl_q
  logic [7:0]        p_ctl;     // the controls latched for the walk
  // probe: p_pkru = u_dut.pkru_q
  logic [31:0]       p_pkru;
  // probe: p_ac = u_dut.ac_q
  logic              p_ac;
  // probe: p_attr = u_dut.attr_q
  logic [3:0]        p_attr;    // the leaf's protection key (x86) or PBMT (RISC-V)
  // probe: p_napot = u_dut.napot_q
  logic              p_napot;   // the leaf is a NAPOT page
  // probe: p_ppn = u_dut.ppn_q
  logic [PpnBits-1:0] p_ppn;    // the leaf's PPN, aligned
  // probe: p_vpn = u_dut.vpn_q
  logic [VpnBits-1:0] p_vpn;    // the walk's VPN
  localparam logic [2:0] StIdle = 3'd0, StRd = 3'd1, StWaitRd = 3'd2, StWr = 3'd3, StWaitWr = 3'd4,
                         StDone = 3'd5;

  logic unused_f;
  assign unused_f = ^{done_asid, c_req_size, c_req_wdata, idle};
  logic [3:0] f_want;   // the specification's access-rights class (below)

  // ------------------------------------------------------------ environment
  logic            acc_walk, acc_c;
  logic            f_busy, f_out, f_out_we;
  logic [CntW-1:0] f_cnt, f_rdy_wait, f_rsp_wait;
  assign acc_walk = req_valid_i && req_ready;
  assign acc_c    = c_req_valid && c_req_ready_i;

  always @(*) begin
    // Walks are for loads, stores and fetches.
    assume(req_op_i == xl_pkg::OpLoad || req_op_i == xl_pkg::OpStore || req_op_i == xl_pkg::OpFetch);
    // The cache takes a request within CacheRdyMax cycles ...
    if (c_req_valid && 32'(f_rdy_wait) >= CacheRdyMax) assume(c_req_ready_i);
    // ... and answers only an accepted access, within CacheRspMax + 1 cycles.
    if (!f_out) assume(!c_rsp_valid_i);
    if (f_out && 32'(f_rsp_wait) >= CacheRspMax) assume(c_rsp_valid_i);
  end

  // Walk tracking: f_cnt counts cycles since the request was accepted.
  logic            f_and_u, f_and_w, f_or_nx, f_stopped, f_nx_rsvd, f_ac;
  logic [7:0]      f_ctl;
  logic [31:0]     f_pkru;
  logic [63:0]     f_leaf;
  logic [2:0]      f_nreads;
  logic [CntW-1:0] f_nacc;
  logic            f_priv_u;
  logic [2:0]      f_op;
  logic [VpnBits-1:0] f_vpn;
  logic            f_slow_seen;    // an access of the walk waited the longest for ready and response
  logic            f_slow_rdy;     // ... the outstanding one waited the longest for ready
  // RV64 Svpbmt / Svnapot: a present entry read by the walk has a reserved
  // encoding (Svpbmt: PBMT = 3 in a leaf, PBMT != 0 in a non-leaf, PBMT !=
  // 0 without Svpbmt; Svnapot table "Page table entry encodings when
  // pte.N=1": N at a level i >= 1 (every pointer, and every superpage
  // leaf), N with ppn[3:0] other than 1000, N without Svnapot).
  logic            f_rsv_pbmt3, f_rsv_pbmt_ptr, f_rsv_pbmt_off, f_rsv_n_off, f_rsv_n_ptr, f_rsv_n_level,
                   f_rsv_n_enc;
  logic            f_rv_rsvd;
  logic            r_leaf, r_n;    // the response, as an RV64 entry
  logic [1:0]      r_pbmt;
  logic [2:0]      r_level;        // the level of the entry being read
  assign f_rv_rsvd = f_rsv_pbmt3 || f_rsv_pbmt_ptr || f_rsv_pbmt_off || f_rsv_n_off || f_rsv_n_ptr ||
                     f_rsv_n_level || f_rsv_n_enc;
  assign r_leaf  = c_rsp_rdata_i[1] || c_rsp_rdata_i[3];
  assign r_n     = c_rsp_rdata_i[63];
  assign r_pbmt  = c_rsp_rdata_i[62:61];
  assign r_level = 3'(Levels - 1) - f_nreads;
  always @(posedge clk_i) begin
    if (!rst_ni) begin
      f_busy     <= 1'b0;
      f_out      <= 1'b0;
      f_cnt      <= '0;
      f_rdy_wait <= '0;
      f_rsp_wait <= '0;
      f_stopped  <= 1'b0;
      f_nreads   <= '0;
      f_nacc     <= '0;
      f_rsv_pbmt3 <= 1'b0; f_rsv_pbmt_ptr <= 1'b0; f_rsv_pbmt_off <= 1'b0;
      f_rsv_n_off <= 1'b0; f_rsv_n_ptr <= 1'b0; f_rsv_n_level <= 1'b0; f_rsv_n_enc <= 1'b0;
    end else begin
      f_rdy_wait <= (c_req_valid && !c_req_ready_i) ? f_rdy_wait + 1'b1 : '0;
      f_rsp_wait <= (f_out && !c_rsp_valid_i) ? f_rsp_wait + 1'b1 : '0;
      if (acc_c) f_slow_rdy <= 32'(f_rdy_wait) == CacheRdyMax;
      if (f_out && c_rsp_valid_i && f_slow_rdy && 32'(f_rsp_wait) == CacheRspMax) f_slow_seen <= 1'b1;
      if (acc_c) begin
        f_out    <= 1'b1;
        f_out_we <= c_req_we;
        f_nacc   <= f_nacc + 1'b1;
      end
      if (f_out && c_rsp_valid_i) begin
        f_out <= 1'b0;
        if (!f_out_we) begin
          // A PTE read: fold the permission bits of the formats.
          f_nreads <= f_nreads + 3'd1;
          f_leaf   <= c_rsp_rdata_i;
          f_and_u  <= f_and_u && c_rsp_rdata_i[2];
          f_and_w  <= f_and_w && c_rsp_rdata_i[1];
          f_or_nx  <= f_or_nx || c_rsp_rdata_i[63];
          if (!c_rsp_rdata_i[0]) f_stopped <= 1'b1;     // P / V clear: the walk must stop
          // x86, EFER.NXE = 0: a present entry with bit 63 (XD) set is reserved
          if (IsX86 && c_rsp_rdata_i[0] && c_rsp_rdata_i[63] && !f_ctl[xl_pkg::CtlNxe]) f_nx_rsvd <= 1'b1;
          if (IsRv64 && c_rsp_rdata_i[0]) begin
            if (r_leaf && r_pbmt == 2'd3) f_rsv_pbmt3 <= 1'b1;
            if (!r_leaf && r_pbmt != 2'd0) f_rsv_pbmt_ptr <= 1'b1;
            if (!Pbmt && r_pbmt != 2'd0) f_rsv_pbmt_off <= 1'b1;
            if (!Napot && r_n) f_rsv_n_off <= 1'b1;
            if (!r_leaf && r_n) f_rsv_n_ptr <= 1'b1;
            if (r_leaf && r_n && r_level != 3'd0) f_rsv_n_level <= 1'b1;
            if (r_leaf && r_n && c_rsp_rdata_i[13:10] != 4'b1000) f_rsv_n_enc <= 1'b1;
          end
        end
      end
      if (f_busy) f_cnt <= f_cnt + 1'b1;
      if (done) begin
        f_busy <= 1'b0;
      end
      if (acc_walk) begin
        f_busy    <= 1'b1;
        f_cnt     <= '0;
        f_and_u   <= 1'b1;
        f_and_w   <= 1'b1;
        f_or_nx   <= 1'b0;
        f_stopped <= 1'b0;
        f_nx_rsvd <= 1'b0;
        f_rsv_pbmt3 <= 1'b0; f_rsv_pbmt_ptr <= 1'b0; f_rsv_pbmt_off <= 1'b0;
        f_rsv_n_off <= 1'b0; f_rsv_n_ptr <= 1'b0; f_rsv_n_level <= 1'b0; f_rsv_n_enc <= 1'b0;
        f_vpn     <= req_vpn_i;
        f_slow_seen <= 1'b0;
        f_nreads  <= '0;
        f_nacc    <= '0;
        f_priv_u  <= req_priv_u_i;
        f_op      <= req_op_i;
        f_ac      <= req_ac_i;
        f_ctl     <= req_ctl_i;
        f_pkru    <= req_pkru_i;
      end
    end
  end

  // ------------------------------------------------------------ properties
  // Effective permissions of the translation per format (architecture.md
  // sections 3 and 4): x86 ANDs U and W over every level and ORs NX; RISC-V
  // and toy take them from the leaf.
  logic e_u, e_w, e_r, e_x;
  always @(*) begin
    if (IsX86) begin
      e_u = f_and_u;
      e_w = f_and_w;
      e_r = 1'b1;
      e_x = !f_or_nx;
    end else if (IsRv) begin
      e_u = f_leaf[4];
      e_w = f_leaf[2];
      e_r = f_leaf[1];
      e_x = f_leaf[3];
    end else begin
      e_u = f_leaf[2];
      e_w = f_leaf[1];
      e_r = 1'b1;
      e_x = f_leaf[3];
    end
  end

  // The access-rights decision of the specifications for the translation
  // (e_*: its effective rights; key: its protection key), under the walk's
  // controls.  x86 (SDM vol. 3A 4.6.1, 4.6.2): a user access needs U; a
  // supervisor fetch from a user page faults with CR4.SMEP, a supervisor
  // data access to one with CR4.SMAP unless EFLAGS.AC; writes need W for
  // user mode, and for supervisor mode with CR0.WP; fetches need XD clear
  // with EFER.NXE; then, with CR4.PKE, data accesses to user pages obey
  // PKRU (AD denies all, WD denies user writes and, with CR0.WP,
  // supervisor writes).  RISC-V (4.3.1 step 5): a user access needs U; a
  // supervisor access to a user page faults unless SUM, and always for a
  // fetch; loads need R, or X with MXR; stores W; fetches X.  toy: user
  // accesses need U; loads R, stores W, fetches X.
  logic       f_adf;   // the walk's A/D handling is a fault
  always @(*) begin
    logic st, fe, kad, kwd;
    st  = f_op == xl_pkg::OpStore;
    fe  = f_op == xl_pkg::OpFetch;
    kad = f_pkru[2 * 32'(f_leaf[62:59])];
    kwd = f_pkru[2 * 32'(f_leaf[62:59]) + 1];
    f_adf  = IsRv ? !f_ctl[xl_pkg::CtlAdue] : (AdPolicy != 0);
    f_want = xl_pkg::FaultNone;
    if (f_priv_u && !e_u) f_want = xl_pkg::FaultUser;
    else if (IsX86) begin
      if (!f_priv_u && e_u && fe && f_ctl[xl_pkg::CtlSmep]) f_want = xl_pkg::FaultSuper;
      else if (!f_priv_u && e_u && !fe && f_ctl[xl_pkg::CtlSmap] && !f_ac) f_want = xl_pkg::FaultSuper;
      else if (st && !e_w && (f_priv_u || f_ctl[xl_pkg::CtlWp])) f_want = xl_pkg::FaultWrite;
      else if (fe && !e_x && f_ctl[xl_pkg::CtlNxe]) f_want = xl_pkg::FaultExec;
      else if (f_ctl[xl_pkg::CtlPke] && e_u && !fe && (kad || (st && kwd && (f_priv_u || f_ctl[xl_pkg::CtlWp]))))
        f_want = xl_pkg::FaultPkey;
    end else if (IsRv) begin
      if (!f_priv_u && e_u && (fe || !f_ctl[xl_pkg::CtlSum])) f_want = xl_pkg::FaultSuper;
      else if (st && !e_w) f_want = xl_pkg::FaultWrite;
      else if (fe && !e_x) f_want = xl_pkg::FaultExec;
      else if (!st && !fe && !e_r && !(f_ctl[xl_pkg::CtlMxr] && e_x)) f_want = xl_pkg::FaultRead;
    end else begin
      if (st && !e_w) f_want = xl_pkg::FaultWrite;
      else if (fe && !e_x) f_want = xl_pkg::FaultExec;
      else if (!st && !fe && !e_r) f_want = xl_pkg::FaultRead;
    end
  end

  // The attribute the leaf gives the translation: the x86 protection key,
  // the RV64 PBMT field (0 when Svpbmt is off: anything else is reserved).
  logic [3:0] f_attr;
  assign f_attr = IsX86 ? f_leaf[62:59] : IsRv64 ? {2'b00, f_leaf[62:61]} : 4'd0;
  // The leaf's PPN field (RISC-V: bits 53:10, Sv32 31:10).
  logic [PpnBits-1:0] f_leaf_ppn;
  assign f_leaf_ppn = f_leaf[10 +: PpnBits];
  logic ok, leaf_reached;
  assign ok = done && done_fault == xl_pkg::FaultNone;
  // the walk got past the structure checks to the leaf's rights
  assign leaf_reached = done && done_fault != xl_pkg::FaultBus && done_fault != xl_pkg::FaultNotPresent &&
                        done_fault != xl_pkg::FaultReserved && done_fault != xl_pkg::FaultMisaligned;
  always @(*) begin
    if (f_past_valid && rst_ni) begin
      // ptw_done_bound: a walk ends within Bound cycles of its request
      // (given the cache-port latency bounds), and done_o comes once per walk.
      if (f_busy) ptw_done_bound__time: assert(32'(f_cnt) < Bound);
      ptw_done_bound__accesses: assert(32'(f_nacc) <= MaxAcc);
      if (done) ptw_done_bound__once: assert(f_busy && !acc_walk);
      if (f_busy) ptw_done_bound__busy: assert(!req_ready);
      // ptw_cport: the cache request holds while not accepted, one access at a time.
      if (c_req_valid) ptw_cport__one: assert(!f_out && f_busy);
      // ptw_fault_stop: once a fault is decided no cache request follows;
      // a PTE with P / V clear ends the walk with not_present.
      if (p_fault != xl_pkg::FaultNone) ptw_fault_stop__decided: assert(!c_req_valid);
      if (f_stopped) ptw_fault_stop__not_present: assert(!c_req_valid);
      if (f_stopped && done) ptw_fault_stop__cause: assert(done_fault == xl_pkg::FaultNotPresent);
      // x86 with EFER.NXE = 0: a present entry with XD set ends the walk, reserved.
      if (f_nx_rsvd) ptw_fault_stop__nx_stops: assert(!c_req_valid);
      if (f_nx_rsvd && done) ptw_fault_stop__nx_reserved: assert(done_fault == xl_pkg::FaultReserved);
      // No PTE address at or above MemBytes is ever read (a bus fault instead).
      if (c_req_valid) ptw_fault_stop__bus: assert(64'(c_req_pa) < MemBytes);
      // ptw_perm: for every control value, a walk that reaches the leaf
      // faults with the specification's access-rights class iff that class
      // is not none; otherwise it succeeds or (A/D faulting) faults ad.
      if (leaf_reached && f_want != xl_pkg::FaultNone) ptw_perm__denied: assert(done_fault == f_want);
      if (leaf_reached && f_want == xl_pkg::FaultNone)
        ptw_perm__allowed: assert(done_fault == xl_pkg::FaultNone || (done_fault == xl_pkg::FaultAd && f_adf));
      if (ok) ptw_perm__ok_allowed: assert(f_want == xl_pkg::FaultNone);
      // ... and the entry it installs grants no more than the page tables,
      // with the leaf's protection key.
      if (ok) ptw_perm__entry: assert(done_perm[xl_pkg::PermU] == e_u &&
                                       (!done_perm[xl_pkg::PermW] || e_w) &&
                                       (!done_perm[xl_pkg::PermR] || e_r) &&
                                       (!done_perm[xl_pkg::PermX] || e_x) &&
                                       done_attr == f_attr);
      // ptw_fault_level: the reported level is that of the entry that failed:
      // the last one read, or for a bus fault the one whose address faulted.
      if (done) ptw_fault_level__reads: assert(done_reads == f_nreads);
      if (done && done_fault == xl_pkg::FaultBus)
        ptw_fault_level__bus: assert(32'(done_level) + 32'(f_nreads) == Levels - 1);
      if (done && done_fault != xl_pkg::FaultBus)
        ptw_fault_level__entry: assert(32'(done_level) + 32'(f_nreads) == Levels);
      // ptw_pbmt (Svpbmt, RV64): PBMT = 3 in a leaf, PBMT != 0 in a pointer
      // and PBMT != 0 without Svpbmt are reserved: the walk makes no further
      // request and ends with a reserved fault (a page fault); a successful
      // walk returns the leaf's memory type (0 PMA, 1 NC, 2 IO).
      if (f_rsv_pbmt3 || f_rsv_pbmt_ptr || f_rsv_pbmt_off) ptw_pbmt__stops: assert(!c_req_valid);
      if (done && f_rsv_pbmt3) ptw_pbmt__leaf3: assert(done_fault == xl_pkg::FaultReserved);
      if (done && f_rsv_pbmt_ptr) ptw_pbmt__pointer: assert(done_fault == xl_pkg::FaultReserved);
      if (done && f_rsv_pbmt_off) ptw_pbmt__off: assert(done_fault == xl_pkg::FaultReserved);
      if (ok && IsRv64) ptw_pbmt__type: assert(done_attr == {2'b00, f_leaf[62:61]} && f_leaf[62:61] != 2'd3 &&
                                               (Pbmt || f_leaf[62:61] == 2'd0));
      // ptw_napot (Svnapot, RV64): N is reserved without Svnapot, in a
      // pointer, in a leaf above level 0, and with ppn[3:0] != 1000: the
      // walk stops there, reserved.  A successful walk is a NAPOT page iff
      // its leaf has N, and then it is a level-0 page with PPN and VPN
      // aligned to 16 pages (the TLB entry covers the 64 KiB block).
      if (f_rsv_n_off || f_rsv_n_ptr || f_rsv_n_level || f_rsv_n_enc) ptw_napot__stops: assert(!c_req_valid);
      if (done && f_rsv_n_off) ptw_napot__off: assert(done_fault == xl_pkg::FaultReserved);
      if (done && f_rsv_n_ptr) ptw_napot__pointer: assert(done_fault == xl_pkg::FaultReserved);
      if (done && f_rsv_n_level) ptw_napot__level: assert(done_fault == xl_pkg::FaultReserved);
      if (done && f_rsv_n_enc) ptw_napot__enc: assert(done_fault == xl_pkg::FaultReserved);
      if (ok) ptw_napot__flag: assert(done_napot == (IsRv64 && f_leaf[63]));
      if (ok && done_napot)
        ptw_napot__page: assert(Napot && done_level == 3'd0 && f_leaf[13:10] == 4'b1000 &&
                                done_ppn == (f_leaf_ppn & ~NapP) && done_vpn == (f_vpn & ~NapV));
    end
  end

  // Stability of the cache request (checked against the previous cycle).
  logic              f_prev_wait, f_prev_we, f_prev_ok;
  logic [PaBits-1:0] f_prev_pa;
  logic [63:0]       f_prev_wd;
  always @(posedge clk_i) begin
    f_prev_ok   <= f_past_valid && rst_ni;
    f_prev_wait <= c_req_valid && !c_req_ready_i;
    f_prev_we   <= c_req_we;
    f_prev_pa   <= c_req_pa;
    f_prev_wd   <= c_req_wdata;
  end
  always @(*) begin
    if (f_past_valid && rst_ni && f_prev_ok && f_prev_wait)
      ptw_cport__stable: assert(c_req_valid && c_req_we == f_prev_we && c_req_pa == f_prev_pa &&
                                (!c_req_we || c_req_wdata == f_prev_wd));
  end

  // ------------------------------------------------------------ invariants (induction helpers)
  // Accesses still to come at most, from a state (per-level cost c: a read,
  // plus the A write on x86 with hardware A/D; Extra: the leaf's A/D write
  // on the other formats).
  localparam int unsigned CostLvl = (IsX86 && AdPolicy == 0) ? 2 : 1;
  localparam int unsigned Extra   = MaxAcc - CostLvl * Levels;
  logic in_rd, in_wr, in_wait, leaf_ok_state;
  int unsigned rem;
  always @(*) begin
    in_rd   = p_state == StRd || p_state == StWaitRd;
    in_wr   = p_state == StWr || p_state == StWaitWr;
    in_wait = p_state == StWaitRd || p_state == StWaitWr;
    // A leaf has been read and passed its checks.
    leaf_ok_state = (in_wr && p_leaf_wr) || (p_state == StDone && p_fault == xl_pkg::FaultNone);
    rem = 0;
    if (in_rd) rem = CostLvl * (32'(p_level) + 1) + Extra - (p_state == StWaitRd ? 1 : 0);
    if (in_wr && !p_leaf_wr) rem = CostLvl * 32'(p_level) + Extra + (p_state == StWr ? 1 : 0);
    if (in_wr && p_leaf_wr) rem = (p_state == StWr) ? 1 : 0;
    if (p_state == StDone) rem = (p_fault == xl_pkg::FaultBus) ? 1 : 0;
  end
  always @(*) begin
    if (f_past_valid && rst_ni) begin
      inv_ptw_busy: assert(f_busy == (p_state != StIdle) && p_state <= StDone);
      // RISC-V: attr holds a leaf's PBMT (0 without Svpbmt), never 3
      if (!IsX86) inv_ptw_attr0: assert(p_attr[3:2] == 2'd0 && p_attr[1:0] != 2'd3 && (Pbmt || p_attr == 4'd0));
      if (!Napot) inv_ptw_napot_off: assert(!p_napot);
      inv_ptw_out: assert(f_out == in_wait);
      if (f_out) inv_ptw_out_we: assert(f_out_we == (p_state == StWaitWr));
      inv_ptw_reads: assert(p_reads == f_nreads);
      inv_ptw_wait: assert(32'(f_rdy_wait) <= CacheRdyMax && 32'(f_rsp_wait) <= CacheRspMax);
      if (!c_req_valid) inv_ptw_rdy0: assert(f_rdy_wait == '0);
      if (!f_out) inv_ptw_rsp0: assert(f_rsp_wait == '0);
      if (f_busy) begin
        inv_ptw_req: assert(p_op == f_op && p_priv == f_priv_u && 32'(p_level) < Levels);
        if (p_state != StDone) inv_ptw_nofault: assert(p_fault == xl_pkg::FaultNone);
        if (in_wr && !p_leaf_wr) inv_ptw_ad: assert(IsX86 && AdPolicy == 0 && p_level != 3'd0);
        if (in_wr && p_leaf_wr) inv_ptw_ad_leaf: assert(!f_adf);
        inv_ptw_ctl: assert(p_ctl == f_ctl && p_pkru == f_pkru && p_ac == f_ac);
        if (f_nx_rsvd) inv_ptw_nx: assert(p_state == StDone && p_fault == xl_pkg::FaultReserved);
        if (f_rv_rsvd) inv_ptw_rv_rsvd: assert(p_state == StDone && p_fault == xl_pkg::FaultReserved);
        inv_ptw_vpn: assert(p_vpn == f_vpn);
        if (in_rd || (in_wr && !p_leaf_wr)) inv_ptw_napot_walk: assert(!p_napot);
        if (in_wr) inv_ptw_wpa: assert(64'(p_wpa) < MemBytes);
        if (p_state == StWaitRd) inv_ptw_rd_inrange: assert(!p_pte_bus);
        // progress: accesses done plus accesses to come
        inv_ptw_acc: assert(32'(f_nacc) + rem <= MaxAcc);
        // time: every finished access took at most AccCyc cycles
        if (p_state == StRd || p_state == StWr)
          inv_ptw_time_req: assert(32'(f_cnt) <= 32'(f_nacc) * AccCyc + 32'(f_rdy_wait));
        if (in_wait)
          inv_ptw_time_rsp: assert(f_nacc != '0 && 32'(f_cnt) <= (32'(f_nacc) - 1) * AccCyc + CacheRdyMax + 1 +
                                                                32'(f_rsp_wait));
        if (p_state == StDone)
          inv_ptw_time_done: assert(32'(f_cnt) <= 32'(f_nacc) * AccCyc + rem);
        // levels: the entry being read, or the one just read
        if (in_rd) inv_ptw_level_rd: assert(32'(p_level) + 32'(f_nreads) == Levels - 1);
        if (in_wr) inv_ptw_level_wr: assert(32'(p_level) + 32'(f_nreads) == Levels);
        if (p_state == StDone)
          inv_ptw_level_done: assert(32'(p_level) + 32'(f_nreads) == ((p_fault == xl_pkg::FaultBus) ? Levels - 1 : Levels));
        if (f_stopped) inv_ptw_stopped: assert(p_state == StDone && p_fault == xl_pkg::FaultNotPresent);
        // permissions: x86 folds every level; the others hold the leaf's
        if (IsX86) inv_ptw_perm_x86: assert(p_perm[xl_pkg::PermU] == f_and_u && p_perm[xl_pkg::PermW] == f_and_w &&
                                             p_perm[xl_pkg::PermX] == !f_or_nx && p_perm[xl_pkg::PermR]);
        if (leaf_ok_state) begin
          inv_ptw_perm_leaf: assert(p_perm[xl_pkg::PermU] == e_u && p_perm[xl_pkg::PermW] == e_w &&
                                    p_perm[xl_pkg::PermR] == e_r && p_perm[xl_pkg::PermX] == e_x);
          inv_ptw_perm_ok: assert(f_want == xl_pkg::FaultNone && !f_nx_rsvd);
          inv_ptw_attr: assert(p_attr == f_attr);
          inv_ptw_napot: assert(p_napot == (IsRv64 && f_leaf[63]));
          if (p_napot) inv_ptw_napot_page: assert(p_level == 3'd0 && f_leaf[13:10] == 4'b1000 &&
                                                  p_ppn == (f_leaf_ppn & ~NapP));
        end
      end
    end
  end

  // ------------------------------------------------------------ covers
  always @(*) begin
    if (f_past_valid && rst_ni) begin
      cov_ptw_done_bound__longest: cover(done && 32'(f_nacc) == MaxAcc);
      // a walk through every level during which the cache used its whole
      // latency allowance (CacheRdyMax cycles to accept, CacheRspMax + 1 to
      // answer) for one access
      cov_ptw_done_bound__slow_cache: cover(done && f_nreads == 3'(Levels) && f_slow_seen);
      cov_ptw_fault_stop__early: cover(done && done_fault == xl_pkg::FaultNotPresent && 32'(done_level) == Levels - 1);
      cov_ptw_fault_stop__reserved: cover(done && done_fault == xl_pkg::FaultReserved && done_level == 3'd0);
      cov_ptw_fault_stop__bus: cover(done && done_fault == xl_pkg::FaultBus);
      cov_ptw_perm__user_ok: cover(ok && f_priv_u && done_level == 3'd0);
      cov_ptw_perm__store_ok: cover(ok && f_op == xl_pkg::OpStore);
      cov_ptw_perm__user_fault: cover(done && done_fault == xl_pkg::FaultUser);
      cov_ptw_perm__write_fault: cover(done && done_fault == xl_pkg::FaultWrite);
      cov_ptw_perm__superpage: cover(ok && done_level != 3'd0);
      // (the x86-only cases fall back to a case of the same property elsewhere)
      cov_ptw_perm__pkey: cover(done && done_fault == (IsX86 ? xl_pkg::FaultPkey : xl_pkg::FaultWrite));
      cov_ptw_perm__ctl_grants: cover(ok && !f_priv_u && e_u && f_op != xl_pkg::OpFetch);   // SUM / SMAP off or AC
      cov_ptw_fault_stop__nx: cover(done && (IsX86 ? f_nx_rsvd : done_fault == xl_pkg::FaultReserved));
      // Svpbmt / Svnapot (where the format has no such rule: a reserved fault)
      cov_ptw_pbmt__leaf3: cover(done && (Pbmt ? f_rsv_pbmt3 : IsRv64 ? f_rsv_pbmt_off :
                                                                        done_fault == xl_pkg::FaultReserved));
      cov_ptw_pbmt__pointer: cover(done && (IsRv64 ? f_rsv_pbmt_ptr : done_fault == xl_pkg::FaultReserved));
      cov_ptw_pbmt__nc_io: cover(ok && (!Pbmt || done_attr[1:0] == 2'd2) && done_level != 3'd0);
      cov_ptw_napot__page: cover(ok && (!Napot || (done_napot && (f_vpn & NapV) != '0)));
      cov_ptw_napot__level: cover(done && (Napot ? f_rsv_n_level && !f_rsv_n_enc :
                                           IsRv64 ? f_rsv_n_off : done_fault == xl_pkg::FaultReserved));
      cov_ptw_napot__enc: cover(done && (Napot ? f_rsv_n_enc && !f_rsv_n_level : done_fault == xl_pkg::FaultReserved));
      cov_ptw_napot__pointer: cover(done && (Napot ? f_rsv_n_ptr && !f_rsv_pbmt_ptr :
                                                     done_fault == xl_pkg::FaultReserved));
    end
  end
endmodule
