// xl_tlb -- the TLB: a set-associative base-page array plus a fully
// associative superpage array, tagged with ASID/PCID and global bits.
// Behaviour matches cmodel/src/tlb.c exactly (docs/architecture.md s. 5).
//
//  - Lookup is combinational; the base array wins if both arrays match.
//    lk_touch_i, at the clock edge, updates the replacement state of the
//    array that hit.
//  - Refill (refill_valid_i) installs an entry at the clock edge: every
//    overlapping entry of the target array is cleared, the victim is the
//    lowest invalid way else the policy's choice, and that way is touched.
//  - Invalidation (inval_valid_i while !inval_busy_o) applies the primitive.
//    With match_va it takes one cycle: the addressed base set and the
//    superpage array.  Without it the superpage array is cleared in the
//    first cycle and the base array is swept one set per cycle, so the
//    operation takes TlbSets cycles with inval_busy_o high after the first
//    (no ASID comparators per entry: one set's worth).
//  - Race guard: a refill is dropped if an invalidation started since
//    walk_begin_i, or starts in the same cycle.
//  - The debug port reads (combinationally) and writes entries and
//    replacement state.  Entry word: {valid, level[2:0], napot, attr[3:0],
//    perm[5:0], asid[AsidW-1:0], vpn[VpnBits-1:0], ppn[PpnBits-1:0]}, ppn in
//    the LSBs; attr is the x86 protection key or the RISC-V PBMT; napot
//    marks a Svnapot 64 KiB page (level 0, in the superpage array, covering
//    16 VPNs).
//
// Storage: the base array is one register file per way (TlbSets words,
// read by set), with the valid bits in flops; the replacement state and the
// small superpage array are flops.  One command per cycle is expected
// (lookup touch, refill, invalidation, or debug write); none while busy.
// If several coincide: the invalidation applies; a refill sharing its cycle
// with an invalidation or a debug entry write is dropped (entries have one
// write port); a touch and a refill of the same base set, or both in the
// superpage array, keep only the refill's update; the debug write applies
// last.
module xl_tlb #(
  parameter int unsigned VaBits    = 48,
  parameter int unsigned PaBits    = 52,
  parameter int unsigned PageBits  = 12,
  parameter logic [24:0] LevelBits = {5'd0, 5'd9, 5'd9, 5'd9, 5'd9},
  parameter int unsigned AsidBits  = 12,
  parameter int unsigned TlbSets   = 16,
  parameter int unsigned TlbWays   = 4,
  parameter int unsigned TlbSuper  = 8,
  parameter int unsigned TlbRepl   = 0,   // 0 tree-PLRU, 1 true LRU
  localparam int unsigned VpnBits  = VaBits - PageBits,
  localparam int unsigned PpnBits  = PaBits - PageBits,
  localparam int unsigned AsidW    = (AsidBits > 0) ? AsidBits : 1,
  localparam int unsigned SetW     = (TlbSets > 1) ? $clog2(TlbSets) : 1,
  localparam int unsigned EntW     = 1 + 3 + 1 + 4 + 6 + AsidW + VpnBits + PpnBits
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  // lookup
  input  logic [VpnBits-1:0] lk_vpn_i,
  input  logic [AsidW-1:0]   lk_asid_i,
  output logic               lk_hit_o,
  output logic               lk_super_o,     // the hit is in the superpage array
  output logic [2:0]         lk_level_o,
  output logic [5:0]         lk_perm_o,
  output logic [3:0]         lk_attr_o,
  output logic               lk_napot_o,
  output logic [PpnBits-1:0] lk_ppn_o,       // aligned to the entry's page size
  input  logic               lk_touch_i,
  // walk and refill
  input  logic               walk_begin_i,
  input  logic               refill_valid_i,
  input  logic [VpnBits-1:0] refill_vpn_i,
  input  logic [PpnBits-1:0] refill_ppn_i,
  input  logic [2:0]         refill_level_i,
  input  logic [5:0]         refill_perm_i,
  input  logic [3:0]         refill_attr_i,
  input  logic               refill_napot_i,
  input  logic [AsidW-1:0]   refill_asid_i,
  // invalidation primitive
  input  logic               inval_valid_i,
  input  logic               inval_match_va_i,
  input  logic [VpnBits-1:0] inval_vpn_i,
  input  logic               inval_match_asid_i,
  input  logic [AsidW-1:0]   inval_asid_i,
  input  logic               inval_keep_global_i,
  output logic               inval_busy_o,   // a sweep is in progress
  // debug: target 0 base entry, 1 superpage entry, 2 base set repl, 3 superpage repl
  input  logic               dbg_we_i,
  input  logic [1:0]         dbg_target_i,
  input  logic [SetW-1:0]    dbg_set_i,
  input  logic [7:0]         dbg_way_i,
  input  logic [EntW-1:0]    dbg_wdata_i,
  output logic [EntW-1:0]    dbg_rdata_o
);
  localparam int unsigned NB      = TlbSets * TlbWays;
  localparam int unsigned SupN    = (TlbSuper > 0) ? TlbSuper : 1;
  localparam bit          HasSup  = TlbSuper > 0;
  localparam int unsigned WayW    = (TlbWays > 1) ? $clog2(TlbWays) : 1;
  localparam int unsigned SupW    = (SupN > 1) ? $clog2(SupN) : 1;
  localparam int unsigned ReplW   = (TlbRepl != 0) ? TlbWays * TlbWays : ((TlbWays > 1) ? TlbWays - 1 : 1);
  localparam int unsigned ReplSW  = (TlbRepl != 0) ? SupN * SupN : ((SupN > 1) ? SupN - 1 : 1);
  localparam int unsigned FW      = 3 + 1 + 4 + 6 + AsidW + VpnBits + PpnBits;   // a stored entry, without valid
  localparam int unsigned LS1 = 32'(LevelBits[4:0]);
  localparam int unsigned LS2 = LS1 + 32'(LevelBits[9:5]);
  localparam int unsigned LS3 = LS2 + 32'(LevelBits[14:10]);
  localparam int unsigned LS4 = LS3 + 32'(LevelBits[19:15]);
  localparam logic [VpnBits-1:0] VOne = 1;
  localparam logic [PpnBits-1:0] POne = 1;
  // Field positions in a stored word {level, napot, attr, perm, asid, vpn, ppn}.
  localparam int unsigned FVpn   = PpnBits;
  localparam int unsigned FAsid  = FVpn + VpnBits;
  localparam int unsigned FPerm  = FAsid + AsidW;
  localparam int unsigned FAttr  = FPerm + 6;
  localparam int unsigned FNapot = FAttr + 4;
  localparam int unsigned FLvl   = FNapot + 1;
  localparam logic [VpnBits-1:0] NapotV = VpnBits'(4'hf);   // a NAPOT page spans 16 VPNs
  localparam logic [PpnBits-1:0] NapotP = PpnBits'(4'hf);

  // Low VPN / PPN bits a page at `lvl` covers (all-zero for a base page,
  // the low 4 for a NAPOT page).
  function automatic logic [VpnBits-1:0] vmask(input logic [2:0] lvl, input logic nap);
    unique case (lvl)
      3'd1:    vmask = (VOne << LS1) - VOne;
      3'd2:    vmask = (VOne << LS2) - VOne;
      3'd3:    vmask = (VOne << LS3) - VOne;
      3'd4:    vmask = (VOne << LS4) - VOne;
      default: vmask = nap ? NapotV : '0;
    endcase
  endfunction
  function automatic logic [PpnBits-1:0] pmask(input logic [2:0] lvl, input logic nap);
    unique case (lvl)
      3'd1:    pmask = (POne << LS1) - POne;
      3'd2:    pmask = (POne << LS2) - POne;
      3'd3:    pmask = (POne << LS3) - POne;
      3'd4:    pmask = (POne << LS4) - POne;
      default: pmask = nap ? NapotP : '0;
    endcase
  endfunction

  // ---------------------------------------------------------------- state
  logic [NB-1:0]            bvalid_q, bvalid_d;      // base valid bits
  logic [TlbSets*ReplW-1:0] brepl_q, brepl_d;
  logic [SupN-1:0]          svalid_q, svalid_d;      // superpage array (flops)
  logic [SupN*FW-1:0]       sent_q, sent_d;
  logic [ReplSW-1:0]        srepl_q, srepl_d;
  logic                     pend_q, pend_d, stale_q, stale_d;
  // invalidation sweep
  logic                     sweep_q, sweep_d;
  logic [SetW-1:0]          sw_set_q, sw_set_d;
  logic                     sw_asid_q, sw_asid_d, sw_keepg_q, sw_keepg_d;
  logic [AsidW-1:0]         sw_asidv_q, sw_asidv_d;

  // ---------------------------------------------------------------- base register files
  // Read ports: 0 lookup set, 1 refill set, 2 invalidation set, 3 debug set.
  logic [SetW-1:0]     lk_set, rf_set, iv_set;
  logic [TlbWays-1:0]  bwe;
  logic [SetW-1:0]     bwset;
  logic [FW-1:0]       bwdata;
  logic [TlbWays*FW-1:0] lk_rd, rf_rd, iv_rd, dbg_rd;

  assign lk_set = (TlbSets > 1) ? lk_vpn_i[SetW-1:0] : '0;
  assign rf_set = (TlbSets > 1) ? refill_vpn_i[SetW-1:0] : '0;

  for (genvar w = 0; w < TlbWays; w++) begin : g_way
    xl_regfile #(.Depth(TlbSets), .Width(FW)) u_rf (
      .clk_i, .we_i(bwe[w]), .waddr_i(bwset), .wdata_i(bwdata),
      .raddr0_i(lk_set), .raddr1_i(rf_set), .raddr2_i(iv_set), .raddr3_i(dbg_set_i),
      .rdata0_o(lk_rd[w * FW +: FW]), .rdata1_o(rf_rd[w * FW +: FW]),
      .rdata2_o(iv_rd[w * FW +: FW]), .rdata3_o(dbg_rd[w * FW +: FW])
    );
  end

  // The valid bits and replacement state of a set: small vectors, read and
  // written with a dynamic offset (a shift, not a loop over the sets).
  logic [TlbWays-1:0] lk_valid, rf_valid, iv_valid, dbg_valid;
  logic [ReplW-1:0]   lk_brepl, rf_brepl, dbg_brepl;
  assign lk_valid  = bvalid_q[32'(lk_set) * TlbWays +: TlbWays];
  assign rf_valid  = bvalid_q[32'(rf_set) * TlbWays +: TlbWays];
  assign iv_valid  = bvalid_q[32'(iv_set) * TlbWays +: TlbWays];
  assign dbg_valid = bvalid_q[32'(dbg_set_i) * TlbWays +: TlbWays];
  assign lk_brepl  = brepl_q[32'(lk_set) * ReplW +: ReplW];
  assign rf_brepl  = brepl_q[32'(rf_set) * ReplW +: ReplW];
  assign dbg_brepl = brepl_q[32'(dbg_set_i) * ReplW +: ReplW];

  // ---------------------------------------------------------------- lookup
  logic            bhit, shit;
  logic [WayW-1:0] bway;
  logic [SupW-1:0] sway;
  logic [FW-1:0]   lk_ent;

  always_comb begin
    logic [FW-1:0] e;
    bhit   = 1'b0;
    bway   = '0;
    lk_ent = '0;
    for (int unsigned w = 0; w < TlbWays; w++) begin
      e = lk_rd[w * FW +: FW];
      if (!bhit && lk_valid[w] && e[FVpn +: VpnBits] == lk_vpn_i &&
          (e[FPerm + xl_pkg::PermG] || e[FAsid +: AsidW] == lk_asid_i)) begin
        bhit   = 1'b1;
        bway   = w[WayW-1:0];
        lk_ent = e;
      end
    end
    shit = 1'b0;
    sway = '0;
    for (int unsigned i = 0; i < SupN; i++) begin
      e = sent_q[i * FW +: FW];
      if (HasSup && !bhit && !shit && svalid_q[i] &&
          ((e[FVpn +: VpnBits] ^ lk_vpn_i) & ~vmask(e[FLvl +: 3], e[FNapot])) == '0 &&
          (e[FPerm + xl_pkg::PermG] || e[FAsid +: AsidW] == lk_asid_i)) begin
        shit   = 1'b1;
        sway   = i[SupW-1:0];
        lk_ent = e;
      end
    end
    lk_hit_o   = bhit || shit;
    lk_super_o = !bhit && shit;
    lk_level_o = lk_ent[FLvl +: 3];
    lk_perm_o  = lk_ent[FPerm +: 6];
    lk_attr_o  = lk_ent[FAttr +: 4];
    lk_napot_o = lk_ent[FNapot];
    lk_ppn_o   = lk_ent[PpnBits-1:0];
  end

  // ---------------------------------------------------------------- refill
  logic [VpnBits-1:0] rf_vmask, rf_vpn;
  logic [FW-1:0]      rf_word;
  logic               rf_super, rf_g, rf_go;
  logic [TlbWays-1:0] rf_bclr;
  logic [SupN-1:0]    rf_sclr;
  logic [WayW-1:0]    rf_bway, rf_bvict;
  logic [SupW-1:0]    rf_sway, rf_svict;
  logic [ReplW-1:0]   lk_brepl_t, rf_brepl_t;
  logic [ReplSW-1:0]  lk_srepl_t, rf_srepl_t;
  logic [WayW-1:0]    lk_bvict;
  logic [SupW-1:0]    lk_svict;

  always_comb begin
    rf_vmask = vmask(refill_level_i, refill_napot_i);
    rf_vpn   = refill_vpn_i & ~rf_vmask;
    rf_word  = {refill_level_i, refill_napot_i, refill_attr_i, refill_perm_i, refill_asid_i, rf_vpn,
                refill_ppn_i & ~pmask(refill_level_i, refill_napot_i)};
    rf_super = refill_level_i != 3'd0 || refill_napot_i;
    rf_g     = refill_perm_i[xl_pkg::PermG];
    // The race guard: drop if an invalidation overlapped the walk.
    // A debug entry write in the same cycle takes the entry write port.
    rf_go    = refill_valid_i && !stale_q && !inval_valid_i && (!rf_super || HasSup) &&
               !(dbg_we_i && !dbg_target_i[1]);
`ifdef XL_BUG_TLB_GUARD
    // Injected bug (make formal-bugs only): a refill sharing its cycle with
    // an invalidation is installed.
    rf_go    = refill_valid_i && !stale_q && (!rf_super || HasSup) && !(dbg_we_i && !dbg_target_i[1]);
`endif
  end

  // Overlapping entries of the target array are cleared; the victim is the
  // lowest invalid way after that, else the policy's victim.
  always_comb begin
    logic [FW-1:0] e;
    logic free;
    e       = '0;
    free    = 1'b0;
    rf_bclr = '0;
    rf_sclr = '0;
    rf_bway = '0;
    rf_sway = '0;
    if (refill_valid_i) begin
      free = 1'b0;
      for (int unsigned w = 0; w < TlbWays; w++) begin
        e = rf_rd[w * FW +: FW];
        rf_bclr[w] = !rf_super && rf_valid[w] && e[FVpn +: VpnBits] == rf_vpn &&
                     (e[FPerm + xl_pkg::PermG] || rf_g || e[FAsid +: AsidW] == refill_asid_i);
        if ((!rf_valid[w] || rf_bclr[w]) && !free) begin
          free    = 1'b1;
          rf_bway = w[WayW-1:0];
        end
      end
      if (!free) rf_bway = rf_bvict;
      free = 1'b0;
      for (int unsigned i = 0; i < SupN; i++) begin
        e = sent_q[i * FW +: FW];
        rf_sclr[i] = HasSup && rf_super && svalid_q[i] &&
                     ((e[FVpn +: VpnBits] ^ rf_vpn) & ~(vmask(e[FLvl +: 3], e[FNapot]) | rf_vmask)) == '0 &&
                     (e[FPerm + xl_pkg::PermG] || rf_g || e[FAsid +: AsidW] == refill_asid_i);
        if ((!svalid_q[i] || rf_sclr[i]) && !free) begin
          free    = 1'b1;
          rf_sway = i[SupW-1:0];
        end
      end
      if (!free) rf_sway = rf_svict;
    end
  end

  xl_repl #(.Ways(TlbWays), .Lru(TlbRepl)) u_lk_brepl (
    .state_i(lk_brepl), .touch_way_i(bway), .touched_o(lk_brepl_t), .victim_o(lk_bvict)
  );
  xl_repl #(.Ways(TlbWays), .Lru(TlbRepl)) u_rf_brepl (
    .state_i(rf_brepl), .touch_way_i(rf_bway), .touched_o(rf_brepl_t), .victim_o(rf_bvict)
  );
  xl_repl #(.Ways(SupN), .Lru(TlbRepl)) u_lk_srepl (
    .state_i(srepl_q), .touch_way_i(sway), .touched_o(lk_srepl_t), .victim_o(lk_svict)
  );
  xl_repl #(.Ways(SupN), .Lru(TlbRepl)) u_rf_srepl (
    .state_i(srepl_q), .touch_way_i(rf_sway), .touched_o(rf_srepl_t), .victim_o(rf_svict)
  );

  // ---------------------------------------------------------------- invalidation
  // Selectors in force: the request's in its first cycle, the latched ones
  // during a sweep.
  logic             iv_start, iv_now, iv_match_va, iv_match_asid, iv_keepg;
  logic [AsidW-1:0] iv_asid;
  logic [TlbWays-1:0] iv_bsel;
  logic [SupN-1:0]    iv_ssel;

  always_comb begin
    logic [FW-1:0] e;
    logic g, covers;
    e             = '0;
    g             = 1'b0;
    covers        = 1'b0;
    iv_start      = inval_valid_i && !sweep_q;
    iv_now        = iv_start || sweep_q;
    iv_match_va   = sweep_q ? 1'b0 : inval_match_va_i;
    iv_match_asid = sweep_q ? sw_asid_q : inval_match_asid_i;
    iv_keepg      = sweep_q ? sw_keepg_q : inval_keep_global_i;
    iv_asid       = sweep_q ? sw_asidv_q : inval_asid_i;
    // By address: the addressed set; otherwise the set being swept (0 first).
    iv_set        = sweep_q ? sw_set_q : (inval_match_va_i && TlbSets > 1) ? inval_vpn_i[SetW-1:0] : '0;
    iv_bsel       = '0;
    iv_ssel       = '0;
    if (iv_now) begin
      for (int unsigned w = 0; w < TlbWays; w++) begin
        e = iv_rd[w * FW +: FW];
        g = e[FPerm + xl_pkg::PermG];
        iv_bsel[w] = iv_valid[w] && (!iv_match_va || e[FVpn +: VpnBits] == inval_vpn_i) &&
                     (!iv_match_asid || e[FAsid +: AsidW] == iv_asid || g) && !(iv_keepg && g);
      end
      for (int unsigned i = 0; i < SupN; i++) begin
        e = sent_q[i * FW +: FW];
        g = e[FPerm + xl_pkg::PermG];
        covers = ((e[FVpn +: VpnBits] ^ inval_vpn_i) & ~vmask(e[FLvl +: 3], e[FNapot])) == '0;
`ifdef XL_BUG_TLB_NAPOT
        // injected bug (make formal-bugs only): a NAPOT entry is matched on its whole VPN
        if (e[FNapot]) covers = e[FVpn +: VpnBits] == inval_vpn_i;
`endif
        iv_ssel[i] = HasSup && iv_start && svalid_q[i] && (!iv_match_va || covers) &&
                     (!iv_match_asid || e[FAsid +: AsidW] == iv_asid || g) && !(iv_keepg && g);
      end
    end
  end
  assign inval_busy_o = sweep_q;

  // Replacement-state bits a debug write may set: those the policy uses
  // (xl_repl_mask in the model): none for one way (the flop is a
  // placeholder), never the diagonal of an LRU matrix.
  logic [ReplW-1:0]  brepl_wmask;
  logic [ReplSW-1:0] srepl_wmask;
  always_comb begin
    brepl_wmask = (TlbWays > 1) ? '1 : '0;
    srepl_wmask = (TlbSuper > 1) ? '1 : '0;
    if (TlbRepl != 0) begin
      for (int unsigned i = 0; i < TlbWays; i++) brepl_wmask[i * TlbWays + i] = 1'b0;
      for (int unsigned i = 0; i < SupN; i++) srepl_wmask[i * SupN + i] = 1'b0;
    end
  end

  // ---------------------------------------------------------------- next state
  // The replacement state vector with set `st` replaced by `v`.
  function automatic logic [TlbSets*ReplW-1:0] set_repl(input logic [TlbSets*ReplW-1:0] all,
                                                        input logic [SetW-1:0] st, input logic [ReplW-1:0] v);
    logic [TlbSets*ReplW-1:0] m;
    m = {{(TlbSets * ReplW - ReplW){1'b0}}, {ReplW{1'b1}}} << (32'(st) * ReplW);
    set_repl = (all & ~m) | (({{(TlbSets * ReplW - ReplW){1'b0}}, v} << (32'(st) * ReplW)) & m);
  endfunction

  logic [SupN-1:0]    dbg_sone;
  logic [TlbWays-1:0] dbg_wv;
  always_comb begin
    dbg_wv     = '0;
    bvalid_d   = bvalid_q;
    brepl_d    = brepl_q;
    svalid_d   = svalid_q;
    sent_d     = sent_q;
    srepl_d    = srepl_q;
    sweep_d    = sweep_q;
    sw_set_d   = sw_set_q;
    sw_asid_d  = sw_asid_q;
    sw_keepg_d = sw_keepg_q;
    sw_asidv_d = sw_asidv_q;
    bwe        = '0;
    bwset      = rf_set;
    bwdata     = rf_word;
    dbg_sone   = '0;

    // invalidation: clear the selected ways of iv_set and superpage entries
    if (iv_now) begin
      bvalid_d = bvalid_d & ~(NB'(iv_bsel) << (32'(iv_set) * TlbWays));
      svalid_d = svalid_q & ~iv_ssel;
      if (iv_start && !inval_match_va_i && TlbSets > 1) begin
        sweep_d    = 1'b1;
        sw_set_d   = 1;
        sw_asid_d  = inval_match_asid_i;
        sw_keepg_d = inval_keep_global_i;
`ifdef XL_BUG_TLB_KEEPG
        sw_keepg_d = 1'b0;  // injected bug (make formal-bugs only): the sweep drops global entries
`endif
        sw_asidv_d = inval_asid_i;
      end else if (sweep_q) begin
        sw_set_d = sw_set_q + 1'b1;
        if (32'(sw_set_q) == TlbSets - 1) sweep_d = 1'b0;
      end
    end

    // lookup touch
    if (lk_touch_i && bhit) begin
      brepl_d = set_repl(brepl_d, lk_set, lk_brepl_t);
    end else if (lk_touch_i && shit) begin
      srepl_d = lk_srepl_t;
    end

    // refill
    if (rf_go && !rf_super) begin
      for (int unsigned w = 0; w < TlbWays; w++) bwe[w] = w == 32'(rf_bway);
      bvalid_d = (bvalid_d & ~(NB'(rf_bclr) << (32'(rf_set) * TlbWays))) | (NB'(bwe) << (32'(rf_set) * TlbWays));
      brepl_d  = set_repl(brepl_d, rf_set, rf_brepl_t);
    end
    if (rf_go && rf_super) begin
      svalid_d = svalid_d & ~rf_sclr;
      for (int unsigned i = 0; i < SupN; i++) begin
        if (i == 32'(rf_sway)) begin
          svalid_d[i] = 1'b1;
          sent_d[i * FW +: FW] = rf_word;
        end
      end
      srepl_d = rf_srepl_t;
    end

    // debug write
    if (dbg_we_i) begin
      unique case (dbg_target_i)
        2'd0: begin
          bwset  = dbg_set_i;
          bwdata = dbg_wdata_i[FW-1:0];
          for (int unsigned w = 0; w < TlbWays; w++) bwe[w] = w == 32'(dbg_way_i);
          dbg_wv   = dbg_wdata_i[EntW-1] ? bwe : '0;
          bvalid_d = (bvalid_d & ~(NB'(bwe) << (32'(dbg_set_i) * TlbWays))) | (NB'(dbg_wv) << (32'(dbg_set_i) * TlbWays));
        end
        2'd1: begin
          for (int unsigned i = 0; i < SupN; i++) begin
            dbg_sone[i] = HasSup && i == 32'(dbg_way_i);
            if (dbg_sone[i]) begin
              svalid_d[i] = dbg_wdata_i[EntW-1];
              sent_d[i * FW +: FW] = dbg_wdata_i[FW-1:0];
            end
          end
        end
        2'd2: brepl_d = set_repl(brepl_d, dbg_set_i, dbg_wdata_i[ReplW-1:0] & brepl_wmask);
        default: srepl_d = dbg_wdata_i[ReplSW-1:0] & srepl_wmask;
      endcase
    end

    // race guard
    pend_d  = pend_q;
    stale_d = stale_q;
    if (walk_begin_i) begin
      pend_d  = 1'b1;
      stale_d = 1'b0;
    end
    if (iv_start && (pend_q || walk_begin_i)) stale_d = 1'b1;
    if (refill_valid_i) begin
      pend_d  = 1'b0;
      stale_d = 1'b0;
    end
  end

  // ---------------------------------------------------------------- debug read
  always_comb begin
    dbg_rdata_o = '0;
    unique case (dbg_target_i)
      2'd0: begin
        for (int unsigned w = 0; w < TlbWays; w++) begin
          if (w == 32'(dbg_way_i)) dbg_rdata_o = {dbg_valid[w], dbg_rd[w * FW +: FW]};
        end
      end
      2'd1: begin
        for (int unsigned i = 0; i < SupN; i++) begin
          if (HasSup && i == 32'(dbg_way_i)) dbg_rdata_o = {svalid_q[i], sent_q[i * FW +: FW]};
        end
      end
      2'd2: dbg_rdata_o[ReplW-1:0] = dbg_brepl;
      default: dbg_rdata_o[ReplSW-1:0] = srepl_q;
    endcase
  end

  // ---------------------------------------------------------------- registers
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      bvalid_q   <= '0;
      brepl_q    <= '0;
      svalid_q   <= '0;
      sent_q     <= '0;
      srepl_q    <= '0;
      pend_q     <= 1'b0;
      stale_q    <= 1'b0;
      sweep_q    <= 1'b0;
      sw_set_q   <= '0;
      sw_asid_q  <= 1'b0;
      sw_keepg_q <= 1'b0;
      sw_asidv_q <= '0;
    end else begin
      bvalid_q   <= bvalid_d;
      brepl_q    <= brepl_d;
      svalid_q   <= svalid_d;
      sent_q     <= sent_d;
      srepl_q    <= srepl_d;
      pend_q     <= pend_d;
      stale_q    <= stale_d;
      sweep_q    <= sweep_d;
      sw_set_q   <= sw_set_d;
      sw_asid_q  <= sw_asid_d;
      sw_keepg_q <= sw_keepg_d;
      sw_asidv_q <= sw_asidv_d;
    end
  end

  logic unused_tlb;
  assign unused_tlb = ^{lk_bvict, lk_svict, dbg_sone, lk_ent};
endmodule
