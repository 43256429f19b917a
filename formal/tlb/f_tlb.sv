// f_tlb -- formal properties of xl_tlb (docs/formal.md, section TLB).
//
// The wrapper drives every xl_tlb input from a free wrapper input, except
// the debug port: it never writes (entries are installed only by refill),
// and it reads set f_set, an $anyconst: the probe p_x_rd / p_x_valid (the
// debug read port's view of every way of that set) lets the properties
// watch one arbitrary set completely, and the superpage array is watched
// whole.  A property proved for an arbitrary f_set holds for every set.
//
// Probes: a line `// probe: NAME = PATH` declares that wire NAME of this
// wrapper is connected, after flattening, to the DUT's internal signal
// PATH (formal/fv.py runs `connect -set NAME PATH`).  A renamed RTL signal
// breaks the build loudly, never silently.
//
// Labels: every assertion is labelled `<property>__<part>`, every cover
// `cov_<property>__<case>`, every helper invariant `inv_<name>`; fv.py
// selects them by label (formal/props.txt).
module f_tlb #(
  parameter int unsigned VaBits    = 9,
  parameter int unsigned PaBits    = 9,
  parameter int unsigned PageBits  = 2,
  // level 0: 5 index bits, level 1: 1, level 2: 1: superpages of 32 and 64
  // pages, and Svnapot pages of 16 (level 0, in the superpage array)
  parameter logic [24:0] LevelBits = {5'd0, 5'd0, 5'd1, 5'd1, 5'd5},
  parameter int unsigned Levels    = 3,
  parameter int unsigned AsidBits  = 2,
  parameter int unsigned TlbSets   = 2,
  parameter int unsigned TlbWays   = 2,
  parameter int unsigned TlbSuper  = 2,
  parameter int unsigned TlbRepl   = 0,
  // 1: refills may be Svnapot pages (the walker's done_napot_o); 0: never
  // (a configuration without Svnapot, `make formal CFG=`)
  parameter bit          Napot     = 1'b1,
  localparam int unsigned VpnBits  = VaBits - PageBits,
  localparam int unsigned PpnBits  = PaBits - PageBits,
  localparam int unsigned AsidW    = (AsidBits > 0) ? AsidBits : 1,
  localparam int unsigned SetW     = (TlbSets > 1) ? $clog2(TlbSets) : 1,
  localparam int unsigned EntW     = 1 + 3 + 1 + 4 + 6 + AsidW + VpnBits + PpnBits
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic [VpnBits-1:0] lk_vpn_i,
  input  logic [AsidW-1:0]   lk_asid_i,
  input  logic               lk_touch_i,
  input  logic               walk_begin_i,
  input  logic               refill_valid_i,
  input  logic [VpnBits-1:0] refill_vpn_i,
  input  logic [PpnBits-1:0] refill_ppn_i,
  input  logic [2:0]         refill_level_i,
  input  logic [5:0]         refill_perm_i,
  input  logic [3:0]         refill_attr_i,
  input  logic               refill_napot_i,
  input  logic [AsidW-1:0]   refill_asid_i,
  input  logic               inval_valid_i,
  input  logic               inval_match_va_i,
  input  logic [VpnBits-1:0] inval_vpn_i,
  input  logic               inval_match_asid_i,
  input  logic [AsidW-1:0]   inval_asid_i,
  input  logic               inval_keep_global_i
);
  localparam int unsigned SupN  = (TlbSuper > 0) ? TlbSuper : 1;
  localparam int unsigned FW    = 3 + 1 + 4 + 6 + AsidW + VpnBits + PpnBits;
  localparam int unsigned WayW  = (TlbWays > 1) ? $clog2(TlbWays) : 1;
  localparam int unsigned SupW  = (SupN > 1) ? $clog2(SupN) : 1;
  localparam int unsigned FVpn  = PpnBits;
  localparam int unsigned FAsid = FVpn + VpnBits;
  localparam int unsigned FPerm = FAsid + AsidW;
  localparam int unsigned FAttr = FPerm + 6;
  localparam int unsigned FNap  = FAttr + 4;
  localparam int unsigned FLvl  = FNap + 1;
  // Svnapot: a NAPOT page is 16 base pages (64 KiB of 4 KiB pages), VPN and
  // PPN aligned to 16; NapB is its VPN block's low bit.
  localparam int unsigned NapB = 4;
  localparam int unsigned LS1 = 32'(LevelBits[4:0]);
  localparam int unsigned LS2 = LS1 + 32'(LevelBits[9:5]);
  localparam int unsigned LS3 = LS2 + 32'(LevelBits[14:10]);
  localparam int unsigned LS4 = LS3 + 32'(LevelBits[19:15]);
  localparam logic [VpnBits-1:0] VOne = 1;
  localparam logic [PpnBits-1:0] POne = 1;
  localparam logic [VpnBits-1:0] NapV = (VOne << NapB) - VOne;
  localparam logic [PpnBits-1:0] NapP = (POne << NapB) - POne;

  // ------------------------------------------------------------ reset
  // Reset in the first cycle only; f_past_valid gates every check.
  logic f_past_valid = 1'b0;
  always @(posedge clk_i) f_past_valid <= 1'b1;
  always @(*) assume(rst_ni == f_past_valid);

  // ------------------------------------------------------------ the DUT
  (* anyconst *) logic [SetW-1:0] f_set;       // the watched base set
  logic               lk_hit, lk_super, inval_busy;
  logic [2:0]         lk_level;
  logic [5:0]         lk_perm;
  logic [3:0]         lk_attr;
  logic               lk_napot;
  logic [PpnBits-1:0] lk_ppn;
  logic [EntW-1:0]    dbg_rdata;

  xl_tlb #(
    .VaBits(VaBits), .PaBits(PaBits), .PageBits(PageBits), .LevelBits(LevelBits), .AsidBits(AsidBits),
    .TlbSets(TlbSets), .TlbWays(TlbWays), .TlbSuper(TlbSuper), .TlbRepl(TlbRepl)
  ) u_dut (
    .clk_i, .rst_ni,
    .lk_vpn_i, .lk_asid_i, .lk_hit_o(lk_hit), .lk_super_o(lk_super), .lk_level_o(lk_level),
    .lk_perm_o(lk_perm), .lk_attr_o(lk_attr), .lk_napot_o(lk_napot), .lk_ppn_o(lk_ppn), .lk_touch_i,
    .walk_begin_i, .refill_valid_i, .refill_vpn_i, .refill_ppn_i, .refill_level_i, .refill_perm_i,
    .refill_attr_i, .refill_napot_i, .refill_asid_i,
    .inval_valid_i, .inval_match_va_i, .inval_vpn_i, .inval_match_asid_i, .inval_asid_i,
    .inval_keep_global_i, .inval_busy_o(inval_busy),
    .dbg_we_i(1'b0), .dbg_target_i(2'd0), .dbg_set_i(f_set), .dbg_way_i(8'd0),
    .dbg_wdata_i('0), .dbg_rdata_o(dbg_rdata)
  );

  // ------------------------------------------------------------ probes
  // probe: p_x_rd = u_dut.dbg_rd
  logic [TlbWays*FW-1:0] p_x_rd;        // every way of set f_set
  // probe: p_x_valid = u_dut.dbg_valid
  logic [TlbWays-1:0]    p_x_valid;
  // probe: p_sent = u_dut.sent_q
  logic [SupN*FW-1:0]    p_sent;        // the superpage array
  // probe: p_svalid = u_dut.svalid_q
  logic [SupN-1:0]       p_svalid;
  // probe: p_bhit = u_dut.bhit
  logic                  p_bhit;        // the lookup's choice: base way ...
  // probe: p_bway = u_dut.bway
  logic [WayW-1:0]       p_bway;
  // probe: p_shit = u_dut.shit
  logic                  p_shit;        // ... or superpage entry
  // probe: p_sway = u_dut.sway
  logic [SupW-1:0]       p_sway;
  // probe: p_pend = u_dut.pend_q
  logic                  p_pend;        // race-guard state
  // probe: p_stale = u_dut.stale_q
  logic                  p_stale;
  // probe: p_sweep = u_dut.sweep_q
  logic                  p_sweep;       // sweep state
  // probe: p_sw_set = u_dut.sw_set_q
  logic [SetW-1:0]       p_sw_set;
  // probe: p_sw_asid = u_dut.sw_asid_q
  logic                  p_sw_asid;
  // probe: p_sw_keepg = u_dut.sw_keepg_q
  logic                  p_sw_keepg;
  // probe: p_sw_asidv = u_dut.sw_asidv_q
  logic [AsidW-1:0]      p_sw_asidv;

  logic unused_f;
  assign unused_f = ^{dbg_rdata};

  // ------------------------------------------------------------ entry helpers
  // An entry word is {level[2:0], napot, attr[3:0], perm[5:0], asid, vpn,
  // ppn} (xl_tlb).  The low VPN / PPN bits an entry's page spans: those of
  // its level, or for a NAPOT page (level 0, napot set) the low NapB.
  function automatic logic [VpnBits-1:0] f_vmask(input logic [2:0] l, input logic nap);
    case (l)
      3'd1:    f_vmask = (VOne << LS1) - VOne;
      3'd2:    f_vmask = (VOne << LS2) - VOne;
      3'd3:    f_vmask = (VOne << LS3) - VOne;
      3'd4:    f_vmask = (VOne << LS4) - VOne;
      default: f_vmask = nap ? (VOne << NapB) - VOne : '0;
    endcase
  endfunction
  function automatic logic [PpnBits-1:0] f_pmask(input logic [2:0] l, input logic nap);
    case (l)
      3'd1:    f_pmask = (POne << LS1) - POne;
      3'd2:    f_pmask = (POne << LS2) - POne;
      3'd3:    f_pmask = (POne << LS3) - POne;
      3'd4:    f_pmask = (POne << LS4) - POne;
      default: f_pmask = nap ? (POne << NapB) - POne : '0;
    endcase
  endfunction
  function automatic logic [VpnBits-1:0] e_vpn(input logic [FW-1:0] e);
    e_vpn = e[FVpn +: VpnBits];
  endfunction
  function automatic logic [PpnBits-1:0] e_ppn(input logic [FW-1:0] e);
    e_ppn = e[PpnBits-1:0];
  endfunction
  function automatic logic [AsidW-1:0] e_asid(input logic [FW-1:0] e);
    e_asid = e[FAsid +: AsidW];
  endfunction
  function automatic logic [5:0] e_perm(input logic [FW-1:0] e);
    e_perm = e[FPerm +: 6];
  endfunction
  function automatic logic [3:0] e_attr(input logic [FW-1:0] e);
    e_attr = e[FAttr +: 4];
  endfunction
  function automatic logic [2:0] e_lvl(input logic [FW-1:0] e);
    e_lvl = e[FLvl +: 3];
  endfunction
  function automatic logic e_nap(input logic [FW-1:0] e);
    e_nap = e[FNap];
  endfunction
  function automatic logic [VpnBits-1:0] e_vmask(input logic [FW-1:0] e);
    e_vmask = f_vmask(e_lvl(e), e_nap(e));
  endfunction
  function automatic logic [PpnBits-1:0] e_pmask(input logic [FW-1:0] e);
    e_pmask = f_pmask(e_lvl(e), e_nap(e));
  endfunction
  // The 64 KiB block (VPN without its low NapB bits) a VPN lies in.
  function automatic logic [VpnBits-1:0] f_blk(input logic [VpnBits-1:0] v);
    f_blk = v >> NapB;
  endfunction
  function automatic logic e_g(input logic [FW-1:0] e);
    e_g = e[FPerm + xl_pkg::PermG];
  endfunction
  function automatic logic [SetW-1:0] f_setof(input logic [VpnBits-1:0] v);
    f_setof = v[SetW-1:0];
  endfunction
  // The entry's page contains VPN v.
  function automatic logic f_covers(input logic [FW-1:0] e, input logic [VpnBits-1:0] v);
    f_covers = ((e_vpn(e) ^ v) & ~e_vmask(e)) == '0;
  endfunction
  // A lookup (v, a) may use the entry (architecture.md section 5, Match).
  function automatic logic f_match(input logic [FW-1:0] e, input logic [VpnBits-1:0] v,
                                   input logic [AsidW-1:0] a);
    f_match = f_covers(e, v) && (e_g(e) || e_asid(e) == a);
  endfunction
  // Two entries overlap: their pages intersect and one lookup could use both.
  function automatic logic f_overlap(input logic [FW-1:0] a, input logic [FW-1:0] b);
    f_overlap = ((e_vpn(a) ^ e_vpn(b)) & ~(e_vmask(a) | e_vmask(b))) == '0 &&
                (e_g(a) || e_g(b) || e_asid(a) == e_asid(b));
  endfunction
  // The invalidation primitive selects the entry (DESIGN.md section 2).
  function automatic logic f_sel(input logic [FW-1:0] e, input logic mva, input logic [VpnBits-1:0] v,
                                 input logic masid, input logic [AsidW-1:0] a, input logic keepg);
    f_sel = (!mva || f_covers(e, v)) && (!masid || e_asid(e) == a || e_g(e)) && !(keepg && e_g(e));
  endfunction

  // ------------------------------------------------------------ environment
  logic iv_start, f_walk_open, f_inv_since_walk, f_stale_rf;
  logic [SetW-1:0] lk_set, rf_set;
  assign iv_start = inval_valid_i && !inval_busy;
  assign lk_set   = (TlbSets > 1) ? lk_vpn_i[SetW-1:0] : '0;
  assign rf_set   = (TlbSets > 1) ? refill_vpn_i[SetW-1:0] : '0;

  always @(*) begin
    // Refills carry a level the preset has; a NAPOT page is a level-0 leaf
    // (the walker's done_napot_o, Svnapot).
    assume(refill_level_i < 3'(Levels));
    if (refill_napot_i) assume(refill_level_i == 3'd0);
    if (!Napot) assume(!refill_napot_i);
    // No command while a sweep runs (xl_tlb header); lookups may continue.
    if (inval_busy) assume(!inval_valid_i && !refill_valid_i && !lk_touch_i);
    // Every refill ends a walk that began (walk_begin_i) in an earlier cycle.
    if (refill_valid_i) assume(f_walk_open && !walk_begin_i);
  end

  // Race-guard reference: an invalidation started at or after the latest
  // walk_begin.  A refill is stale if one did, or one starts with it.
  always @(posedge clk_i) begin
    if (!rst_ni) begin
      f_walk_open      <= 1'b0;
      f_inv_since_walk <= 1'b0;
    end else begin
      if (walk_begin_i) begin
        f_walk_open      <= 1'b1;
        f_inv_since_walk <= iv_start;
      end else if (iv_start) begin
        f_inv_since_walk <= 1'b1;
      end
      if (refill_valid_i) f_walk_open <= 1'b0;
    end
  end
  assign f_stale_rf = refill_valid_i && (f_inv_since_walk || iv_start);

  // The entry word a refill installs (aligned to its page size).
  logic [FW-1:0] f_rf_word;
  assign f_rf_word = {refill_level_i, refill_napot_i, refill_attr_i, refill_perm_i, refill_asid_i,
                      refill_vpn_i & ~f_vmask(refill_level_i, refill_napot_i),
                      refill_ppn_i & ~f_pmask(refill_level_i, refill_napot_i)};

  // ------------------------------------------------------------ one-cycle history
  logic                  f_prev_ok;        // the previous cycle was out of reset
  logic [TlbWays*FW-1:0] f_prev_x_rd;
  logic [TlbWays-1:0]    f_prev_x_valid;
  logic [SupN*FW-1:0]    f_prev_sent;
  logic [SupN-1:0]       f_prev_svalid;
  logic                  f_prev_rf, f_prev_stale, f_prev_iv, f_prev_sweep;
  logic [FW-1:0]         f_prev_word;
  logic [SetW-1:0]       f_prev_rf_set;
  always @(posedge clk_i) begin
    f_prev_ok      <= f_past_valid && rst_ni;
    f_prev_x_rd    <= p_x_rd;
    f_prev_x_valid <= p_x_valid;
    f_prev_sent    <= p_sent;
    f_prev_svalid  <= p_svalid;
    f_prev_rf      <= refill_valid_i;
    f_prev_stale   <= f_stale_rf;
    f_prev_iv      <= iv_start;
    f_prev_sweep   <= inval_busy;
    f_prev_word    <= f_rf_word;
    f_prev_rf_set  <= rf_set;
  end

  // ------------------------------------------------------------ invalidation tracking
  // Snapshot of the watched state and the selectors when an invalidation
  // starts; it completes in the first later cycle with inval_busy_o low.
  logic                  f_iv_act, f_iv_mva, f_iv_masid, f_iv_keepg;
  logic [VpnBits-1:0]    f_iv_vpn;
  logic [AsidW-1:0]      f_iv_asid;
  logic [TlbWays*FW-1:0] f_iv_x_rd;
  logic [TlbWays-1:0]    f_iv_x_valid;
  logic [SupN*FW-1:0]    f_iv_sent;
  logic [SupN-1:0]       f_iv_svalid;
  logic [SetW:0]         f_iv_cnt;         // cycles since the start
  logic                  f_iv_done;
  assign f_iv_done = f_iv_act && !inval_busy;

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      f_iv_act <= 1'b0;
    end else if (iv_start) begin
      f_iv_act     <= 1'b1;
      f_iv_mva     <= inval_match_va_i;
      f_iv_vpn     <= inval_vpn_i;
      f_iv_masid   <= inval_match_asid_i;
      f_iv_asid    <= inval_asid_i;
      f_iv_keepg   <= inval_keep_global_i;
      f_iv_x_rd    <= p_x_rd;
      f_iv_x_valid <= p_x_valid;
      f_iv_sent    <= p_sent;
      f_iv_svalid  <= p_svalid;
      f_iv_cnt     <= 1;
    end else if (f_iv_done) begin
      f_iv_act <= 1'b0;
    end else if (f_iv_act) begin
      f_iv_cnt <= f_iv_cnt + 1'b1;
    end
  end

  // ------------------------------------------------------------ lookup properties
  // Matches of the current lookup in the watched set (when it is the
  // looked-up set) and in the superpage array.
  logic [TlbWays-1:0] f_bmatch;
  logic [SupN-1:0]    f_smatch;
  always @(*) begin
    for (int unsigned w = 0; w < TlbWays; w++)
      f_bmatch[w] = p_x_valid[w] && f_match(p_x_rd[w * FW +: FW], lk_vpn_i, lk_asid_i);
    for (int unsigned i = 0; i < SupN; i++)
      f_smatch[i] = TlbSuper > 0 && p_svalid[i] && f_match(p_sent[i * FW +: FW], lk_vpn_i, lk_asid_i);
  end

  always @(*) begin
    if (f_past_valid && rst_ni) begin
      // tlb_one_hit: at most one way of the looked-up base set and at most
      // one superpage entry match a lookup.
      if (lk_set == f_set) tlb_one_hit__base: assert((f_bmatch & (f_bmatch - 1'b1)) == '0);
      tlb_one_hit__super: assert((f_smatch & (f_smatch - 1'b1)) == '0);
      // tlb_lookup: the lookup hits iff some entry matches, the base array
      // wins, and the result is the used entry's.
      if (lk_set == f_set) begin
        tlb_lookup__hit: assert(lk_hit == (f_bmatch != '0 || f_smatch != '0));
        tlb_lookup__base_first: assert(!(f_bmatch != '0 && lk_super));
      end
      tlb_lookup__super_flag: assert(lk_super == (lk_hit && !p_bhit));
    end
  end

  // tlb_isolation: the entry a hit uses is valid, covers the VPN and is
  // global or of the lookup's ASID; its fields are the lookup's output.
  logic [FW-1:0] f_used_b, f_used_s;
  always @(*) begin
    f_used_b = '0;
    f_used_s = '0;
    for (int unsigned w = 0; w < TlbWays; w++) if (w == 32'(p_bway)) f_used_b = p_x_rd[w * FW +: FW];
    for (int unsigned i = 0; i < SupN; i++) if (i == 32'(p_sway)) f_used_s = p_sent[i * FW +: FW];
  end
  always @(*) begin
    if (f_past_valid && rst_ni) begin
      if (lk_set == f_set && p_bhit) begin
        tlb_isolation__base: assert(p_x_valid[p_bway] && f_covers(f_used_b, lk_vpn_i) &&
                                    (e_g(f_used_b) || e_asid(f_used_b) == lk_asid_i));
        tlb_isolation__base_data: assert(lk_hit && !lk_super && lk_level == e_lvl(f_used_b) &&
                                         lk_perm == e_perm(f_used_b) && lk_attr == e_attr(f_used_b) &&
                                         lk_napot == e_nap(f_used_b) && lk_ppn == e_ppn(f_used_b));
      end
      if (lk_super) begin
        tlb_isolation__super: assert(TlbSuper > 0 && p_svalid[p_sway] && f_covers(f_used_s, lk_vpn_i) &&
                                     (e_g(f_used_s) || e_asid(f_used_s) == lk_asid_i));
        tlb_isolation__super_data: assert(lk_hit && lk_level == e_lvl(f_used_s) &&
                                          lk_perm == e_perm(f_used_s) && lk_attr == e_attr(f_used_s) &&
                                          lk_napot == e_nap(f_used_s) && lk_ppn == e_ppn(f_used_s));
      end
    end
  end

  // ------------------------------------------------------------ Svnapot
  // tlb_napot, written with the 64 KiB block (f_blk) instead of the masks
  // the other properties share with the RTL: a valid NAPOT entry matches a
  // lookup exactly when the VPN is in its block and it is global or of the
  // lookup's ASID; a hit on it returns it as a NAPOT level-0 page whose
  // translated PPN takes its low NapB bits from the VPN; no NAPOT entry is
  // in the base array; an invalidation by address of any page of the block
  // removes it (when its ASID selector selects it).
  logic ok_nap_hit, ok_nap_shape, ok_nap_base, ok_nap_iv;
  logic [PpnBits-1:0] f_nap_xlate;   // the PPN the hit translates the VPN to
  always @(*) begin
    logic [FW-1:0] a;
    ok_nap_hit = 1'b1; ok_nap_shape = 1'b1; ok_nap_base = 1'b1; ok_nap_iv = 1'b1;
    for (int unsigned i = 0; i < SupN; i++) begin
      a = p_sent[i * FW +: FW];
      if (TlbSuper > 0 && p_svalid[i] && e_nap(a)) begin
        // in its block and of the lookup's ASID (or global): the lookup hits
        if (f_blk(e_vpn(a)) == f_blk(lk_vpn_i) && (e_g(a) || e_asid(a) == lk_asid_i) && !lk_hit)
          ok_nap_hit = 1'b0;
        // stored as a level-0 page, VPN and PPN aligned to the block
        if (!(e_lvl(a) == 3'd0 && (e_vpn(a) & NapV) == '0 && (e_ppn(a) & NapP) == '0)) ok_nap_shape = 1'b0;
        // an invalidation by address of any of its 16 pages removed it
        if (f_iv_done && f_iv_mva && f_blk(e_vpn(a)) == f_blk(f_iv_vpn) &&
            (!f_iv_masid || e_g(a) || e_asid(a) == f_iv_asid) && !(f_iv_keepg && e_g(a)))
          ok_nap_iv = 1'b0;
      end
    end
    for (int unsigned w = 0; w < TlbWays; w++)
      if (p_x_valid[w] && e_nap(p_x_rd[w * FW +: FW])) ok_nap_base = 1'b0;
    f_nap_xlate = lk_ppn | PpnBits'(lk_vpn_i & f_vmask(lk_level, lk_napot));
  end
  always @(*) begin
    if (f_past_valid && rst_ni) begin
      tlb_napot__hit: assert(ok_nap_hit);
      if (lk_super && e_nap(f_used_s)) begin
        tlb_napot__in_block: assert(f_blk(e_vpn(f_used_s)) == f_blk(lk_vpn_i) &&
                                    (e_g(f_used_s) || e_asid(f_used_s) == lk_asid_i));
        tlb_napot__xlate: assert(lk_napot && lk_level == 3'd0 && (lk_ppn & NapP) == '0 &&
                                 f_nap_xlate == ((e_ppn(f_used_s) & ~NapP) | (PpnBits'(lk_vpn_i) & NapP)));
      end
      // a hit on any other entry is not a NAPOT page
      if (lk_hit && !lk_super && lk_set == f_set) tlb_napot__only_napot: assert(!lk_napot);
      if (lk_super && !e_nap(f_used_s)) tlb_napot__only_napot_super: assert(!lk_napot);
      tlb_napot__shape: assert(ok_nap_shape);
      tlb_napot__not_base: assert(ok_nap_base);
      tlb_napot__inval: assert(ok_nap_iv);
    end
  end

  // ------------------------------------------------------------ invalidation properties
  // Loops accumulate one verdict per property part; each part is one
  // labelled assertion.
  logic ok_rm_b, ok_rm_s, ok_kg_b, ok_kg_s, ok_ex_b, ok_ex_s, ok_new_b, ok_new_s;
  always @(*) begin
    logic [FW-1:0] pre, post;
    ok_rm_b = 1'b1; ok_rm_s = 1'b1; ok_kg_b = 1'b1; ok_kg_s = 1'b1;
    ok_ex_b = 1'b1; ok_ex_s = 1'b1; ok_new_b = 1'b1; ok_new_s = 1'b1;
    for (int unsigned w = 0; w < TlbWays; w++) begin
      pre  = f_iv_x_rd[w * FW +: FW];
      post = p_x_rd[w * FW +: FW];
      if (p_x_valid[w] && f_sel(post, f_iv_mva, f_iv_vpn, f_iv_masid, f_iv_asid, f_iv_keepg)) ok_rm_b = 1'b0;
      if (f_iv_keepg && f_iv_x_valid[w] && e_g(pre) && !(p_x_valid[w] && post == pre)) ok_kg_b = 1'b0;
      if (f_iv_x_valid[w] && !f_sel(pre, f_iv_mva, f_iv_vpn, f_iv_masid, f_iv_asid, f_iv_keepg) &&
          !(p_x_valid[w] && post == pre)) ok_ex_b = 1'b0;
      if (p_x_valid[w] && !f_iv_x_valid[w]) ok_new_b = 1'b0;
    end
    for (int unsigned i = 0; i < SupN; i++) begin
      pre  = f_iv_sent[i * FW +: FW];
      post = p_sent[i * FW +: FW];
      if (p_svalid[i] && f_sel(post, f_iv_mva, f_iv_vpn, f_iv_masid, f_iv_asid, f_iv_keepg)) ok_rm_s = 1'b0;
      if (f_iv_keepg && f_iv_svalid[i] && e_g(pre) && !(p_svalid[i] && post == pre)) ok_kg_s = 1'b0;
      if (f_iv_svalid[i] && !f_sel(pre, f_iv_mva, f_iv_vpn, f_iv_masid, f_iv_asid, f_iv_keepg) &&
          !(p_svalid[i] && post == pre)) ok_ex_s = 1'b0;
      if (p_svalid[i] && !f_iv_svalid[i]) ok_new_s = 1'b0;
    end
    if (f_past_valid && rst_ni && f_iv_done) begin
      // tlb_inval_removes: no entry the invalidation selects remains.
      tlb_inval_removes__base: assert(ok_rm_b);
      tlb_inval_removes__super: assert(ok_rm_s);
      // tlb_inval_keeps_global: with keep_global every global entry survives.
      tlb_inval_keeps_global__base: assert(ok_kg_b);
      tlb_inval_keeps_global__super: assert(ok_kg_s);
      // tlb_inval_exact: nothing else is removed, nothing is added.
      tlb_inval_exact__base_kept: assert(ok_ex_b);
      tlb_inval_exact__super_kept: assert(ok_ex_s);
      tlb_inval_exact__base_none_new: assert(ok_new_b);
      tlb_inval_exact__super_none_new: assert(ok_new_s);
      // tlb_inval_time: one cycle with an address, else TlbSets cycles.
      tlb_inval_time__done: assert(32'(f_iv_cnt) == ((f_iv_mva || TlbSets == 1) ? 1 : TlbSets));
    end
    if (f_past_valid && rst_ni && inval_busy)
      tlb_inval_time__busy: assert(f_iv_act && !f_iv_mva && 32'(f_iv_cnt) < TlbSets);
  end

  // ------------------------------------------------------------ refill properties
  // Checked in the cycle after a refill, against the state before it.
  logic ok_rg_b, ok_rg_s, ok_loc_b, ok_loc_s, ok_ne_b, ok_ne_s, ok_low_b, ok_low_s, ok_clr_b, ok_clr_s;
  logic found_b, found_s, free_b, free_s, rf_base_x, rf_super;
  always @(*) begin
    logic [FW-1:0] pre, post;
    logic first;
    free_b  = 1'b0; free_s  = 1'b0; found_b = 1'b0; found_s = 1'b0;
    ok_rg_b = 1'b1; ok_rg_s = 1'b1; ok_loc_b = 1'b1; ok_loc_s = 1'b1; ok_ne_b = 1'b1; ok_ne_s = 1'b1;
    ok_low_b = 1'b1; ok_low_s = 1'b1; ok_clr_b = 1'b1; ok_clr_s = 1'b1;
    rf_super  = e_lvl(f_prev_word) != 3'd0 || e_nap(f_prev_word);
    rf_base_x = !rf_super && f_prev_rf_set == f_set;
    for (int unsigned w = 0; w < TlbWays; w++) begin
      if (!f_prev_x_valid[w]) free_b = 1'b1;
      if (p_x_valid[w] && p_x_rd[w * FW +: FW] == f_prev_word) found_b = 1'b1;
    end
    for (int unsigned i = 0; i < SupN; i++) begin
      if (!f_prev_svalid[i]) free_s = 1'b1;
      if (p_svalid[i] && p_sent[i * FW +: FW] == f_prev_word) found_s = 1'b1;
    end
    first = 1'b1;
    for (int unsigned w = 0; w < TlbWays; w++) begin
      pre  = f_prev_x_rd[w * FW +: FW];
      post = p_x_rd[w * FW +: FW];
      if (p_x_valid[w] && !(f_prev_x_valid[w] && post == pre)) ok_rg_b = 1'b0;
      if (!rf_base_x && !(p_x_valid[w] == f_prev_x_valid[w] && (!p_x_valid[w] || post == pre))) ok_loc_b = 1'b0;
      if (rf_base_x && free_b && f_prev_x_valid[w] && !f_overlap(pre, f_prev_word) &&
          !(p_x_valid[w] && post == pre)) ok_ne_b = 1'b0;
      if (rf_base_x && (!f_prev_x_valid[w] || f_overlap(pre, f_prev_word))) begin
        if (first && !(p_x_valid[w] && post == f_prev_word)) ok_low_b = 1'b0;
        if (!first && p_x_valid[w]) ok_clr_b = 1'b0;
        first = 1'b0;
      end
    end
    first = 1'b1;
    for (int unsigned i = 0; i < SupN; i++) begin
      pre  = f_prev_sent[i * FW +: FW];
      post = p_sent[i * FW +: FW];
      if (p_svalid[i] && !(f_prev_svalid[i] && post == pre)) ok_rg_s = 1'b0;
      if (!rf_super && !(p_svalid[i] == f_prev_svalid[i] && (!p_svalid[i] || post == pre))) ok_loc_s = 1'b0;
      if (rf_super && free_s && f_prev_svalid[i] && !f_overlap(pre, f_prev_word) &&
          !(p_svalid[i] && post == pre)) ok_ne_s = 1'b0;
      if (rf_super && (!f_prev_svalid[i] || f_overlap(pre, f_prev_word))) begin
        if (first && !(p_svalid[i] && post == f_prev_word)) ok_low_s = 1'b0;
        if (!first && p_svalid[i]) ok_clr_s = 1'b0;
        first = 1'b0;
      end
    end
    if (f_past_valid && rst_ni && f_prev_ok && f_prev_rf) begin
      if (f_prev_stale) begin
        // tlb_race_guard: a stale refill installs nothing.
        tlb_race_guard__base: assert(ok_rg_b);
        tlb_race_guard__super: assert(ok_rg_s);
      end else begin
        // tlb_refill_installs: any other refill installs its entry.
        if (rf_base_x) tlb_refill_installs__base: assert(found_b);
        if (rf_super) tlb_refill_installs__super: assert(TlbSuper == 0 || found_s);
        // tlb_refill_local: it changes nothing but its own set / array.
        tlb_refill_local__base: assert(ok_loc_b);
        tlb_refill_local__super: assert(ok_loc_s);
        // tlb_repl_no_evict: with an invalid way in the set, no valid entry
        // is lost except those overlapping the new one (which refill must
        // remove); the new entry takes the lowest invalid or overlapping
        // way, and the other overlapping ways are cleared.
        tlb_repl_no_evict__base: assert(ok_ne_b);
        tlb_repl_no_evict__super: assert(TlbSuper == 0 || ok_ne_s);
        tlb_repl_no_evict__base_lowest: assert(ok_low_b);
        tlb_repl_no_evict__super_lowest: assert(TlbSuper == 0 || ok_low_s);
        tlb_repl_no_evict__base_cleared: assert(ok_clr_b);
        tlb_repl_no_evict__super_cleared: assert(TlbSuper == 0 || ok_clr_s);
      end
    end
  end

  // tlb_lookup_pure: a cycle with no refill and no invalidation changes no entry.
  logic ok_pure;
  always @(*) begin
    ok_pure = p_x_valid == f_prev_x_valid && p_svalid == f_prev_svalid && p_sent == f_prev_sent;
    for (int unsigned w = 0; w < TlbWays; w++)
      if (p_x_valid[w] && p_x_rd[w * FW +: FW] != f_prev_x_rd[w * FW +: FW]) ok_pure = 1'b0;
    if (f_past_valid && rst_ni && f_prev_ok && !f_prev_rf && !f_prev_iv && !f_prev_sweep)
      tlb_lookup_pure__entries: assert(ok_pure);
  end

  // ------------------------------------------------------------ invariants (induction helpers)
  logic ok_bshape, ok_buniq, ok_sshape, ok_suniq, ok_swb, ok_sws;
  always @(*) begin
    logic [FW-1:0] a, b, pre, post;
    logic sel, swept;
    ok_bshape = 1'b1; ok_buniq = 1'b1; ok_sshape = 1'b1; ok_suniq = 1'b1; ok_swb = 1'b1; ok_sws = 1'b1;
    swept = f_set < p_sw_set;
    for (int unsigned w = 0; w < TlbWays; w++) begin
      a    = p_x_rd[w * FW +: FW];
      pre  = f_iv_x_rd[w * FW +: FW];
      sel  = f_sel(pre, 1'b0, f_iv_vpn, f_iv_masid, f_iv_asid, f_iv_keepg);
      // Base entries are level 0, not NAPOT, and sit in the set their VPN indexes.
      if (p_x_valid[w] && !(e_lvl(a) == 3'd0 && !e_nap(a) && (TlbSets == 1 || f_setof(e_vpn(a)) == f_set)))
        ok_bshape = 1'b0;
      for (int unsigned v = w + 1; v < TlbWays; v++) begin
        b = p_x_rd[v * FW +: FW];
        if (p_x_valid[w] && p_x_valid[v] && f_overlap(a, b)) ok_buniq = 1'b0;
      end
      // During a sweep, swept sets lost their selected entries; the others are untouched.
      if (!(p_x_valid[w] == (f_iv_x_valid[w] && !(swept && sel)) && (!p_x_valid[w] || a == pre))) ok_swb = 1'b0;
    end
    for (int unsigned i = 0; i < SupN; i++) begin
      a    = p_sent[i * FW +: FW];
      pre  = f_iv_sent[i * FW +: FW];
      post = a;
      sel  = f_sel(pre, 1'b0, f_iv_vpn, f_iv_masid, f_iv_asid, f_iv_keepg);
      // Superpage entries are of a superpage level, or NAPOT at level 0, and
      // aligned to their page size.
      if (p_svalid[i] && !(TlbSuper > 0 && e_lvl(a) < 3'(Levels) && (e_lvl(a) != 3'd0) != e_nap(a) &&
                           (e_vpn(a) & e_vmask(a)) == '0 && (e_ppn(a) & e_pmask(a)) == '0))
        ok_sshape = 1'b0;
      for (int unsigned j = i + 1; j < SupN; j++) begin
        b = p_sent[j * FW +: FW];
        if (p_svalid[i] && p_svalid[j] && f_overlap(a, b)) ok_suniq = 1'b0;
      end
      if (!(p_svalid[i] == (f_iv_svalid[i] && !sel) && (!p_svalid[i] || post == pre))) ok_sws = 1'b0;
    end
    if (f_past_valid && rst_ni) begin
      inv_base_shape: assert(ok_bshape);
      inv_base_unique: assert(ok_buniq);
      inv_super_shape: assert(ok_sshape);
      inv_super_unique: assert(ok_suniq);
      // The race guard's state is the reference's.
      inv_guard: assert(p_pend == f_walk_open && p_stale == (f_walk_open && f_inv_since_walk));
      // A sweep is the tracked invalidation, with its selectors, at set f_iv_cnt.
      if (p_sweep) begin
        inv_sweep: assert(f_iv_act && !f_iv_mva && p_sw_asid == f_iv_masid && p_sw_keepg == f_iv_keepg &&
                          p_sw_asidv == f_iv_asid && 32'(p_sw_set) == 32'(f_iv_cnt) && p_sw_set != '0);
        inv_sweep_base: assert(ok_swb);
        inv_sweep_super: assert(ok_sws);
      end
    end
  end

  // ------------------------------------------------------------ covers
  // Each property's interesting case is reachable (no vacuous assertion).
  logic f_nap_other, f_iv_nap_rm, f_nap_ovl, f_prev_nap_ovl;
  always @(*) begin
    logic [FW-1:0] a;
    f_nap_other = 1'b0; f_iv_nap_rm = 1'b0; f_nap_ovl = 1'b0;
    for (int unsigned i = 0; i < SupN; i++) begin
      a = p_sent[i * FW +: FW];
      if (p_svalid[i] && e_nap(a) && !e_g(a) && e_asid(a) != lk_asid_i && f_covers(a, lk_vpn_i)) f_nap_other = 1'b1;
      if (f_iv_svalid[i] && e_nap(f_iv_sent[i * FW +: FW]) && !p_svalid[i]) f_iv_nap_rm = 1'b1;
      if (p_svalid[i] && e_lvl(a) != 3'd0 && f_overlap(a, f_rf_word)) f_nap_ovl = 1'b1;
    end
  end
  always @(posedge clk_i) f_prev_nap_ovl <= f_nap_ovl;
  logic [TlbWays-1:0] f_iv_hit_b;
  logic [SupN-1:0]    f_iv_hit_s, f_iv_keep_s;
  logic [TlbWays-1:0] f_iv_keep_b, f_iso_b;
  always @(*) begin
    for (int unsigned w = 0; w < TlbWays; w++) begin
      f_iv_hit_b[w]  = f_iv_x_valid[w] && f_sel(f_iv_x_rd[w * FW +: FW], f_iv_mva, f_iv_vpn, f_iv_masid,
                                                 f_iv_asid, f_iv_keepg);
      f_iv_keep_b[w] = f_iv_keepg && f_iv_x_valid[w] && e_g(f_iv_x_rd[w * FW +: FW]);
      f_iso_b[w]     = p_x_valid[w] && f_covers(p_x_rd[w * FW +: FW], lk_vpn_i) &&
                       !e_g(p_x_rd[w * FW +: FW]) && e_asid(p_x_rd[w * FW +: FW]) != lk_asid_i;
    end
    for (int unsigned i = 0; i < SupN; i++) begin
      f_iv_hit_s[i]  = f_iv_svalid[i] && f_sel(f_iv_sent[i * FW +: FW], f_iv_mva, f_iv_vpn, f_iv_masid,
                                                f_iv_asid, f_iv_keepg);
      f_iv_keep_s[i] = f_iv_keepg && f_iv_svalid[i] && e_g(f_iv_sent[i * FW +: FW]);
    end
    if (f_past_valid && rst_ni) begin
      cov_tlb_one_hit__two_valid_same_vpn: cover(lk_set == f_set && p_x_valid == '1 &&
                                                 e_vpn(p_x_rd[0 +: FW]) == e_vpn(p_x_rd[FW +: FW]) && lk_hit);
      cov_tlb_lookup__both_arrays: cover(lk_set == f_set && f_bmatch != '0 && f_smatch != '0);
      cov_tlb_isolation__other_asid_present: cover(lk_set == f_set && f_iso_b != '0 && lk_hit);
      cov_tlb_isolation__super_hit: cover(lk_super && !e_g(f_used_s));
      cov_tlb_inval_removes__by_va: cover(f_iv_done && f_iv_mva && f_iv_hit_b != '0 && f_iv_hit_s != '0);
      cov_tlb_inval_removes__sweep: cover(f_iv_done && !f_iv_mva && f_iv_masid && f_set != '0 &&
                                          f_iv_hit_b != '0);
      cov_tlb_inval_keeps_global__kept: cover(f_iv_done && f_iv_keep_b != '0 && f_iv_hit_b != '0);
      cov_tlb_inval_keeps_global__super: cover(f_iv_done && f_iv_keep_s != '0 && f_iv_hit_s != '0);
      cov_tlb_race_guard__dropped: cover(f_prev_ok && f_prev_rf && f_prev_stale && !f_prev_iv &&
                                         rf_base_x);
      cov_tlb_race_guard__same_cycle: cover(f_prev_ok && f_prev_rf && f_prev_iv);
      cov_tlb_repl_no_evict__free_way: cover(f_prev_ok && f_prev_rf && !f_prev_stale && rf_base_x &&
                                             f_prev_x_valid != '0 && f_prev_x_valid != '1 && p_x_valid == '1);
      cov_tlb_repl_no_evict__evict: cover(f_prev_ok && f_prev_rf && !f_prev_stale && rf_base_x &&
                                          f_prev_x_valid == '1 &&
                                          !f_overlap(f_prev_x_rd[0 +: FW], f_prev_word) &&
                                          !f_overlap(f_prev_x_rd[FW +: FW], f_prev_word));
      cov_tlb_repl_no_evict__overlap: cover(f_prev_ok && f_prev_rf && !f_prev_stale && e_lvl(f_prev_word) != 3'd0 &&
                                            f_prev_svalid == '1 && p_svalid != '1);
      // Svnapot: a hit on a non-global NAPOT entry on a page other than the
      // block's first, while a NAPOT entry of another ASID covers the VPN
      // too; an invalidation by the address of a page other than the
      // block's first removing a NAPOT entry; a NAPOT refill clearing an
      // overlapping superpage entry.
      cov_tlb_napot__hit: cover(lk_super && e_nap(f_used_s) && !e_g(f_used_s) && (lk_vpn_i & NapV) != '0 &&
                                f_nap_other);
      cov_tlb_napot__inval: cover(f_iv_done && f_iv_mva && (f_iv_vpn & NapV) != '0 && f_iv_nap_rm);
      cov_tlb_napot__overlap: cover(f_prev_ok && f_prev_rf && !f_prev_stale && e_nap(f_prev_word) &&
                                    f_prev_nap_ovl);
    end
  end
endmodule
