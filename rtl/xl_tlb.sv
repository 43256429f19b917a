// xl_tlb -- the TLB: a set-associative base-page array plus a fully
// associative superpage array, tagged with ASID/PCID and global bits.
// Behaviour matches cmodel/src/tlb.c exactly (docs/architecture.md s. 5).
//
//  - Lookup is combinational from the registered arrays; the base array
//    wins if both arrays match.  lk_touch_i, at the clock edge, updates the
//    replacement state of the array that hit.
//  - Refill (refill_valid_i) installs an entry at the clock edge: every
//    overlapping entry of the target array is cleared, the victim is the
//    lowest invalid way else the policy's choice, and that way is touched.
//  - Invalidation (inval_valid_i) clears every selected entry of both
//    arrays in one cycle.  By address, the base array compares only the
//    addressed set; by ASID, every entry compares its ASID in parallel
//    (TlbSets*TlbWays + TlbSuper comparators, no busy cycles).
//  - Race guard: a refill is dropped if an invalidation happened since
//    walk_begin_i, or happens in the same cycle.
//  - The debug port reads (combinationally) and writes entries and
//    replacement state.  Entry word: {valid, level[2:0], perm[5:0],
//    asid[AsidW-1:0], vpn[VpnBits-1:0], ppn[PpnBits-1:0]}, ppn in the LSBs.
//
// One command per cycle is expected (lookup touch, refill, invalidation or
// debug write).  If several coincide: invalidation, then debug write; a
// refill sharing its cycle with an invalidation or a debug entry write is
// dropped (entries have one write port); a touch and a refill of the same
// base set, or both in the superpage array, keep only the refill's update.
//
// Entries live in one flat vector per field, slot n = set * TlbWays + way
// (base) or n = index (superpage): yosys 0.23 cannot hold arrays of structs.
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
  localparam int unsigned EntW     = 1 + 3 + 6 + AsidW + VpnBits + PpnBits
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
  output logic [PpnBits-1:0] lk_ppn_o,       // aligned to the entry's level
  input  logic               lk_touch_i,
  // walk and refill
  input  logic               walk_begin_i,
  input  logic               refill_valid_i,
  input  logic [VpnBits-1:0] refill_vpn_i,
  input  logic [PpnBits-1:0] refill_ppn_i,
  input  logic [2:0]         refill_level_i,
  input  logic [5:0]         refill_perm_i,
  input  logic [AsidW-1:0]   refill_asid_i,
  // invalidation primitive
  input  logic               inval_valid_i,
  input  logic               inval_match_va_i,
  input  logic [VpnBits-1:0] inval_vpn_i,
  input  logic               inval_match_asid_i,
  input  logic [AsidW-1:0]   inval_asid_i,
  input  logic               inval_keep_global_i,
  // debug: target 0 base entry, 1 superpage entry, 2 base set repl, 3 superpage repl
  input  logic               dbg_we_i,
  input  logic [1:0]         dbg_target_i,
  input  logic [SetW-1:0]    dbg_set_i,
  input  logic [7:0]         dbg_way_i,
  input  logic [EntW-1:0]    dbg_wdata_i,
  output logic [EntW-1:0]    dbg_rdata_o
);
  localparam int unsigned NB     = TlbSets * TlbWays;        // base slots
  localparam int unsigned SupN   = (TlbSuper > 0) ? TlbSuper : 1;
  localparam int unsigned NT     = NB + SupN;                // all slots; superpage n at NB + n
  localparam int unsigned WayW   = (TlbWays > 1) ? $clog2(TlbWays) : 1;
  localparam int unsigned SupW   = (SupN > 1) ? $clog2(SupN) : 1;
  localparam int unsigned ReplW  = (TlbRepl != 0) ? TlbWays * TlbWays : ((TlbWays > 1) ? TlbWays - 1 : 1);
  localparam int unsigned ReplSW = (TlbRepl != 0) ? SupN * SupN : ((SupN > 1) ? SupN - 1 : 1);
  localparam int unsigned LS1 = 32'(LevelBits[4:0]);
  localparam int unsigned LS2 = LS1 + 32'(LevelBits[9:5]);
  localparam int unsigned LS3 = LS2 + 32'(LevelBits[14:10]);
  localparam int unsigned LS4 = LS3 + 32'(LevelBits[19:15]);
  localparam logic [VpnBits-1:0] VOne = 1;
  localparam logic [PpnBits-1:0] POne = 1;
  localparam bit HasSuper = TlbSuper > 0;

  // Low VPN / PPN bits a page at `lvl` covers (all-zero for a base page).
  function automatic logic [VpnBits-1:0] vmask(input logic [2:0] lvl);
    unique case (lvl)
      3'd1:    vmask = (VOne << LS1) - VOne;
      3'd2:    vmask = (VOne << LS2) - VOne;
      3'd3:    vmask = (VOne << LS3) - VOne;
      3'd4:    vmask = (VOne << LS4) - VOne;
      default: vmask = '0;
    endcase
  endfunction
  function automatic logic [PpnBits-1:0] pmask(input logic [2:0] lvl);
    unique case (lvl)
      3'd1:    pmask = (POne << LS1) - POne;
      3'd2:    pmask = (POne << LS2) - POne;
      3'd3:    pmask = (POne << LS3) - POne;
      3'd4:    pmask = (POne << LS4) - POne;
      default: pmask = '0;
    endcase
  endfunction

  // ---------------------------------------------------------------- state
  logic [NT-1:0]             valid_q, valid_d;
  logic [NT*3-1:0]           level_q, level_d;
  logic [NT*6-1:0]           perm_q, perm_d;
  logic [NT*AsidW-1:0]       asid_q, asid_d;
  logic [NT*VpnBits-1:0]     vpn_q, vpn_d;
  logic [NT*PpnBits-1:0]     ppn_q, ppn_d;
  logic [TlbSets*ReplW-1:0]  brepl_q, brepl_d;
  logic [ReplSW-1:0]         srepl_q, srepl_d;
  logic                      pend_q, pend_d, stale_q, stale_d;

  // Per-slot decoded fields used by several blocks.
  logic [NT-1:0] glob;       // global bit
  logic [NT*VpnBits-1:0] cov_mask;  // VPN bits the slot's page covers
  always_comb begin
    for (int unsigned n = 0; n < NT; n++) begin
      glob[n] = perm_q[n * 6 + xl_pkg::PermG];
      cov_mask[n * VpnBits +: VpnBits] = vmask(level_q[n * 3 +: 3]);
    end
  end

  // ---------------------------------------------------------------- set read
  // The base array is read like a RAM: one-hot set decode, AND-OR of the
  // set's ways.  (No variable part-selects: they synthesise to shifters.)
  logic [SetW-1:0] lk_set, rf_set, iv_set;
  assign lk_set = (TlbSets > 1) ? lk_vpn_i[SetW-1:0] : '0;
  assign rf_set = (TlbSets > 1) ? refill_vpn_i[SetW-1:0] : '0;
  assign iv_set = (TlbSets > 1) ? inval_vpn_i[SetW-1:0] : '0;

  logic [TlbWays-1:0]         lk_w_valid, lk_w_glob, rf_w_valid, rf_w_glob;
  logic [TlbWays*VpnBits-1:0] lk_w_vpn, rf_w_vpn, iv_w_vpn;
  logic [TlbWays*AsidW-1:0]   lk_w_asid, rf_w_asid;
  logic [ReplW-1:0]           lk_brepl, rf_brepl;

  always_comb begin
    lk_w_valid = '0; lk_w_glob = '0; lk_w_vpn = '0; lk_w_asid = '0;
    rf_w_valid = '0; rf_w_glob = '0; rf_w_vpn = '0; rf_w_asid = '0;
    iv_w_vpn   = '0;
    lk_brepl   = '0; rf_brepl = '0;
    for (int unsigned st = 0; st < TlbSets; st++) begin
      for (int unsigned w = 0; w < TlbWays; w++) begin
        if (st == 32'(lk_set)) begin
          lk_w_valid[w]                     = valid_q[st * TlbWays + w];
          lk_w_glob[w]                      = glob[st * TlbWays + w];
          lk_w_vpn[w * VpnBits +: VpnBits]  = vpn_q[(st * TlbWays + w) * VpnBits +: VpnBits];
          lk_w_asid[w * AsidW +: AsidW]     = asid_q[(st * TlbWays + w) * AsidW +: AsidW];
        end
        if (st == 32'(rf_set)) begin
          rf_w_valid[w]                     = valid_q[st * TlbWays + w];
          rf_w_glob[w]                      = glob[st * TlbWays + w];
          rf_w_vpn[w * VpnBits +: VpnBits]  = vpn_q[(st * TlbWays + w) * VpnBits +: VpnBits];
          rf_w_asid[w * AsidW +: AsidW]     = asid_q[(st * TlbWays + w) * AsidW +: AsidW];
        end
        if (st == 32'(iv_set)) begin
          iv_w_vpn[w * VpnBits +: VpnBits]  = vpn_q[(st * TlbWays + w) * VpnBits +: VpnBits];
        end
      end
      if (st == 32'(lk_set)) lk_brepl = brepl_q[st * ReplW +: ReplW];
      if (st == 32'(rf_set)) rf_brepl = brepl_q[st * ReplW +: ReplW];
    end
  end

  // ---------------------------------------------------------------- lookup
  logic [TlbWays-1:0] bmatch;   // per way of the looked-up set
  logic [SupN-1:0]    smatch;
  logic               bhit, shit;
  logic [WayW-1:0]    bway;
  logic [SupW-1:0]    sway;
  logic [NT-1:0]      lk_onehot; // the slot that answers the lookup

  always_comb begin
    bhit = 1'b0;
    bway = '0;
    for (int unsigned w = 0; w < TlbWays; w++) begin
      bmatch[w] = lk_w_valid[w] && lk_w_vpn[w * VpnBits +: VpnBits] == lk_vpn_i &&
                  (lk_w_glob[w] || lk_w_asid[w * AsidW +: AsidW] == lk_asid_i);
      if (bmatch[w] && !bhit) begin
        bhit = 1'b1;
        bway = w[WayW-1:0];
      end
    end
    shit   = 1'b0;
    sway   = '0;
    smatch = '0;
    for (int unsigned i = 0; i < SupN; i++) begin
      if (HasSuper) begin
        smatch[i] = valid_q[NB + i] &&
                    ((vpn_q[(NB + i) * VpnBits +: VpnBits] ^ lk_vpn_i) & ~cov_mask[(NB + i) * VpnBits +: VpnBits]) == '0 &&
                    (glob[NB + i] || asid_q[(NB + i) * AsidW +: AsidW] == lk_asid_i);
      end
      if (smatch[i] && !shit) begin
        shit = 1'b1;
        sway = i[SupW-1:0];
      end
    end
    lk_onehot = '0;
    for (int unsigned st = 0; st < TlbSets; st++) begin
      for (int unsigned w = 0; w < TlbWays; w++) begin
        lk_onehot[st * TlbWays + w] = bhit && st == 32'(lk_set) && w == 32'(bway);
      end
    end
    for (int unsigned i = 0; i < SupN; i++) begin
      lk_onehot[NB + i] = !bhit && shit && i == 32'(sway);
    end
    lk_hit_o   = bhit || shit;
    lk_super_o = !bhit && shit;
    lk_level_o = '0;
    lk_perm_o  = '0;
    lk_ppn_o   = '0;
    for (int unsigned n = 0; n < NT; n++) begin
      if (lk_onehot[n]) begin
        lk_level_o = lk_level_o | level_q[n * 3 +: 3];
        lk_perm_o  = lk_perm_o  | perm_q[n * 6 +: 6];
        lk_ppn_o   = lk_ppn_o   | ppn_q[n * PpnBits +: PpnBits];
      end
    end
  end

  // ---------------------------------------------------------------- refill entry
  logic [VpnBits-1:0] rf_vmask, rf_vpn;
  logic [PpnBits-1:0] rf_ppn;
  logic               rf_super, rf_g, rf_go;

  always_comb begin
    rf_vmask = vmask(refill_level_i);
    rf_vpn   = refill_vpn_i & ~rf_vmask;
    rf_ppn   = refill_ppn_i & ~pmask(refill_level_i);
    rf_super = refill_level_i != 3'd0;
    rf_g     = refill_perm_i[xl_pkg::PermG];
    // The race guard: drop if an invalidation overlapped the walk.
    rf_go    = refill_valid_i && !stale_q && !inval_valid_i && (!rf_super || HasSuper) &&
               !(dbg_we_i && !dbg_target_i[1]);
  end

  // ---------------------------------------------------------------- invalidation
  logic [NT-1:0] iv_sel;

  always_comb begin
    logic covers;
    iv_sel = '0;
    for (int unsigned st = 0; st < TlbSets; st++) begin
      for (int unsigned w = 0; w < TlbWays; w++) begin
        // Only the addressed set can cover the VA: compare the VPN there only.
        covers = (st == 32'(iv_set)) && iv_w_vpn[w * VpnBits +: VpnBits] == inval_vpn_i;
        iv_sel[st * TlbWays + w] =
            valid_q[st * TlbWays + w] && (!inval_match_va_i || covers) &&
            (!inval_match_asid_i || asid_q[(st * TlbWays + w) * AsidW +: AsidW] == inval_asid_i ||
             glob[st * TlbWays + w]) &&
            !(inval_keep_global_i && glob[st * TlbWays + w]);
      end
    end
    for (int unsigned i = 0; i < SupN; i++) begin
      covers = ((vpn_q[(NB + i) * VpnBits +: VpnBits] ^ inval_vpn_i) & ~cov_mask[(NB + i) * VpnBits +: VpnBits]) == '0;
      iv_sel[NB + i] = HasSuper && valid_q[NB + i] && (!inval_match_va_i || covers) &&
                       (!inval_match_asid_i || asid_q[(NB + i) * AsidW +: AsidW] == inval_asid_i || glob[NB + i]) &&
                       !(inval_keep_global_i && glob[NB + i]);
    end
    if (!inval_valid_i) iv_sel = '0;
  end

  // ---------------------------------------------------------------- refill victim
  // Overlapping entries of the target array are cleared; the victim is the
  // lowest invalid way after that, else the policy's victim.  (Refill and
  // invalidation never both take effect: see rf_go.)
  logic [TlbWays-1:0] rf_bclr;
  logic [SupN-1:0]    rf_sclr;
  logic [ReplW-1:0]   lk_brepl_t, rf_brepl_t;
  logic [WayW-1:0]    lk_bvict, rf_bvict, rf_bway;
  logic [ReplSW-1:0]  lk_srepl_t, rf_srepl_t;
  logic [SupW-1:0]    lk_svict, rf_svict, rf_sway;

  always_comb begin
    logic bfree, sfree;
    rf_bclr = '0;
    rf_sclr = '0;
    rf_bway = '0;
    rf_sway = '0;
    bfree   = 1'b0;
    sfree   = 1'b0;
    for (int unsigned w = 0; w < TlbWays; w++) begin
      rf_bclr[w] = rf_w_valid[w] && rf_w_vpn[w * VpnBits +: VpnBits] == rf_vpn &&
                   (rf_w_glob[w] || rf_g || rf_w_asid[w * AsidW +: AsidW] == refill_asid_i);
      if ((!rf_w_valid[w] || rf_bclr[w]) && !bfree) begin
        bfree   = 1'b1;
        rf_bway = w[WayW-1:0];
      end
    end
    if (!bfree) rf_bway = rf_bvict;
    for (int unsigned i = 0; i < SupN; i++) begin
      rf_sclr[i] = HasSuper && valid_q[NB + i] &&
                   ((vpn_q[(NB + i) * VpnBits +: VpnBits] ^ rf_vpn) &
                    ~(cov_mask[(NB + i) * VpnBits +: VpnBits] | rf_vmask)) == '0 &&
                   (glob[NB + i] || rf_g || asid_q[(NB + i) * AsidW +: AsidW] == refill_asid_i);
      if ((!valid_q[NB + i] || rf_sclr[i]) && !sfree) begin
        sfree   = 1'b1;
        rf_sway = i[SupW-1:0];
      end
    end
    if (!sfree) rf_sway = rf_svict;
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

  // ---------------------------------------------------------------- next state
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

  logic [NT-1:0]   rf_onehot, rf_clr, dbg_onehot, ent_we;
  logic [EntW-1:0] ent_wdata;

  // A debug entry write drops a refill of the same cycle (rf_go), so the
  // two never share ent_wdata.
  assign ent_we    = (dbg_we_i ? dbg_onehot : '0) | (rf_go ? rf_onehot : '0);
  assign ent_wdata = (dbg_we_i && (dbg_target_i == 2'd0 || dbg_target_i == 2'd1)) ? dbg_wdata_i
                   : {1'b1, refill_level_i, refill_perm_i, refill_asid_i, rf_vpn, rf_ppn};

  always_comb begin
    rf_onehot  = '0;
    rf_clr     = '0;
    dbg_onehot = '0;
    for (int unsigned st = 0; st < TlbSets; st++) begin
      for (int unsigned w = 0; w < TlbWays; w++) begin
        rf_onehot[st * TlbWays + w]  = !rf_super && st == 32'(rf_set) && w == 32'(rf_bway);
        rf_clr[st * TlbWays + w]     = !rf_super && st == 32'(rf_set) && rf_bclr[w];
        dbg_onehot[st * TlbWays + w] = dbg_target_i == 2'd0 && st == 32'(dbg_set_i) && w == 32'(dbg_way_i);
      end
    end
    for (int unsigned i = 0; i < SupN; i++) begin
      rf_onehot[NB + i]  = rf_super && i == 32'(rf_sway);
      rf_clr[NB + i]     = rf_super && rf_sclr[i];
      dbg_onehot[NB + i] = HasSuper && dbg_target_i == 2'd1 && i == 32'(dbg_way_i);
    end
  end

  always_comb begin
    valid_d = valid_q & ~iv_sel;
    level_d = level_q;
    perm_d  = perm_q;
    asid_d  = asid_q;
    vpn_d   = vpn_q;
    ppn_d   = ppn_q;
    brepl_d = brepl_q;
    srepl_d = srepl_q;

    // lookup touch
    if (lk_touch_i && bhit) begin
      for (int unsigned st = 0; st < TlbSets; st++) begin
        if (st == 32'(lk_set)) brepl_d[st * ReplW +: ReplW] = lk_brepl_t;
      end
    end else if (lk_touch_i && shit) begin
      srepl_d = lk_srepl_t;
    end

    // Entry writes: one write port per slot, shared by refill and debug.
    if (rf_go) valid_d = valid_d & ~rf_clr;
    for (int unsigned n = 0; n < NT; n++) begin
      if (ent_we[n]) begin
        {valid_d[n], level_d[n * 3 +: 3], perm_d[n * 6 +: 6], asid_d[n * AsidW +: AsidW],
         vpn_d[n * VpnBits +: VpnBits], ppn_d[n * PpnBits +: PpnBits]} = ent_wdata;
      end
    end
    if (rf_go && rf_super) begin
      srepl_d = rf_srepl_t;
    end else if (rf_go) begin
      for (int unsigned st = 0; st < TlbSets; st++) begin
        if (st == 32'(rf_set)) brepl_d[st * ReplW +: ReplW] = rf_brepl_t;
      end
    end
    if (dbg_we_i && dbg_target_i == 2'd2) begin
      for (int unsigned st = 0; st < TlbSets; st++) begin
        if (st == 32'(dbg_set_i)) brepl_d[st * ReplW +: ReplW] = dbg_wdata_i[ReplW-1:0] & brepl_wmask;
      end
    end else if (dbg_we_i && dbg_target_i == 2'd3) begin
      srepl_d = dbg_wdata_i[ReplSW-1:0] & srepl_wmask;
    end

    // race guard
    pend_d  = pend_q;
    stale_d = stale_q;
    if (walk_begin_i) begin
      pend_d  = 1'b1;
      stale_d = 1'b0;
    end
    if (inval_valid_i && (pend_q || walk_begin_i)) stale_d = 1'b1;
    if (refill_valid_i) begin
      pend_d  = 1'b0;
      stale_d = 1'b0;
    end
  end

  // ---------------------------------------------------------------- debug read
  always_comb begin
    dbg_rdata_o = '0;
    for (int unsigned n = 0; n < NT; n++) begin
      if (dbg_onehot[n]) begin
        dbg_rdata_o = dbg_rdata_o | {valid_q[n], level_q[n * 3 +: 3], perm_q[n * 6 +: 6],
                                     asid_q[n * AsidW +: AsidW], vpn_q[n * VpnBits +: VpnBits],
                                     ppn_q[n * PpnBits +: PpnBits]};
      end
    end
    for (int unsigned st = 0; st < TlbSets; st++) begin
      if (dbg_target_i == 2'd2 && st == 32'(dbg_set_i)) dbg_rdata_o[ReplW-1:0] = brepl_q[st * ReplW +: ReplW];
    end
    if (dbg_target_i == 2'd3) dbg_rdata_o[ReplSW-1:0] = srepl_q;
  end

  // ---------------------------------------------------------------- registers
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= '0;
      level_q <= '0;
      perm_q  <= '0;
      asid_q  <= '0;
      vpn_q   <= '0;
      ppn_q   <= '0;
      brepl_q <= '0;
      srepl_q <= '0;
      pend_q  <= 1'b0;
      stale_q <= 1'b0;
    end else begin
      valid_q <= valid_d;
      level_q <= level_d;
      perm_q  <= perm_d;
      asid_q  <= asid_d;
      vpn_q   <= vpn_d;
      ppn_q   <= ppn_d;
      brepl_q <= brepl_d;
      srepl_q <= srepl_d;
      pend_q  <= pend_d;
      stale_q <= stale_d;
    end
  end

  logic unused_tlb;
  assign unused_tlb = ^{lk_bvict, lk_svict};
endmodule
