// xl_mmu -- the top: TLB + page-table walker + VIPT L1 data cache.
// One transaction at a time past the TLB, responses in request order, and
// the state effects of each transaction exactly those of cmodel/src/mmu.c.
//
// Pipeline (docs/architecture.md section 8, docs/interfaces.md):
//   cycle 0  request accepted; the cache reads the set with the *virtual*
//            index (page-offset bits of the VA).
//   cycle 1  (S1) TLB lookup and permission check; the cache compares the
//            physical tag from the TLB.  On a TLB and cache hit the
//            response is valid this cycle and the next request is accepted
//            in the same cycle: one request per cycle.
//   TLB miss: the walker runs (through the cache's walker port), the TLB is
//            refilled, the cache set is read again, then the access
//            completes.  Cache miss: the cache refills the line (writing
//            back a dirty victim), reads the set again, then completes.
// State changes (replacement touches, store data, invalidations, root
// changes, control writes) happen only when the response is accepted.
// The translation controls (OpCtl: SUM, MXR, ADUE; CR0.WP, CR4.SMEP/SMAP/
// PKE, EFER.NXE, PKRU) are registers here; every permission check, on a
// TLB hit or in the walker, uses the values in force.  An x86 write that
// sets CR4.SMEP from 0 to 1 also invalidates the current PCID's entries
// (a sweep, like MOV CR3).
module xl_mmu #(
  parameter int unsigned Format     = xl_pkg::FmtX86,
  parameter int unsigned VaBits     = 48,
  parameter int unsigned PaBits     = 52,
  parameter int unsigned PageBits   = 12,
  parameter int unsigned Levels     = 4,
  parameter logic [24:0] LevelBits  = {5'd0, 5'd9, 5'd9, 5'd9, 5'd9},  // 5 bits per level, level 0 lowest
  parameter logic [4:0]  LeafLevels = 5'b00111,
  parameter int unsigned AsidBits   = 12,
  parameter int unsigned TlbSets    = 16,
  parameter int unsigned TlbWays    = 4,
  parameter int unsigned TlbSuper   = 8,
  parameter int unsigned TlbRepl    = 0,      // 0 tree-PLRU, 1 true LRU
  parameter int unsigned CacheSets  = 64,
  parameter int unsigned CacheWays  = 8,
  parameter int unsigned CacheLine  = 64,
  parameter int unsigned AdPolicy   = 0,      // 0 hardware A/D update, 1 fault (RISC-V: ADUE at reset)
  parameter logic [63:0] MemBytes   = 64'h1_0000_0000,
  parameter logic [2:0]  Ext        = 3'b000,  // RISC-V extensions: xl_pkg::Ext* bits (Svnapot, Svpbmt, Svinval)
  localparam int unsigned LineBits  = CacheLine * 8,
  localparam int unsigned VpnBits   = VaBits - PageBits,
  localparam int unsigned PpnBits   = PaBits - PageBits,
  localparam int unsigned AsidW     = (AsidBits > 0) ? AsidBits : 1,
  localparam int unsigned TlbEntW   = 1 + 3 + 1 + 4 + 6 + AsidW + VpnBits + PpnBits,
  localparam int unsigned TagW      = PaBits - $clog2(CacheLine) - $clog2(CacheSets),
  localparam int unsigned CDbgW     = (LineBits > TagW + 2) ? LineBits : TagW + 2,
  localparam int unsigned DbgW0     = (CDbgW > TlbEntW) ? CDbgW : TlbEntW,
  localparam int unsigned RegsW     = PpnBits + AsidW + 8 + 32,   // {pkru, ctl, asid, root}
  localparam int unsigned DbgW      = (DbgW0 > RegsW) ? DbgW0 : RegsW
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  // request / response channels
  input  logic                req_valid_i,
  output logic                req_ready_o,
  input  xl_pkg::mmu_req_t    req_i,
  output logic                rsp_valid_o,
  input  logic                rsp_ready_i,
  output xl_pkg::mmu_rsp_t    rsp_o,
  // memory port (line granularity; writes posted, reads answered in order)
  output logic                mem_req_valid_o,
  input  logic                mem_req_ready_i,
  output logic                mem_req_we_o,
  output logic [63:0]         mem_req_addr_o,
  output logic [LineBits-1:0] mem_req_wdata_o,
  output logic [CacheLine-1:0] mem_req_be_o,     // write byte enables (all ones for a line)
  output logic                mem_req_uc_o,     // an uncached (Svpbmt NC / IO) access
  input  logic                mem_rsp_valid_i,
  output logic                mem_rsp_ready_o,
  input  logic [LineBits-1:0] mem_rsp_rdata_i,
  // debug / backdoor port (accepted only when idle; answers one cycle later)
  input  logic                dbg_req_valid_i,
  output logic                dbg_req_ready_o,
  input  logic                dbg_req_we_i,
  input  logic [2:0]          dbg_req_target_i,   // xl_pkg::Dbg*
  input  logic [15:0]         dbg_req_set_i,
  input  logic [7:0]          dbg_req_way_i,
  input  logic [DbgW-1:0]     dbg_req_wdata_i,
  output logic                dbg_rsp_valid_o,
  output logic [DbgW-1:0]     dbg_rsp_rdata_o,
  // the parameters this instance was built with (for the harness's check)
  output logic [255:0]        cfg_o,
  output logic                idle_o
);
  localparam bit IsX86 = (Format == xl_pkg::FmtX86) || (Format == xl_pkg::FmtLa57);
  localparam bit IsRv  = (Format == xl_pkg::FmtSv39) || (Format == xl_pkg::FmtSv48) ||
                         (Format == xl_pkg::FmtSv32) || (Format == xl_pkg::FmtSv57);
  localparam bit IsToy = Format == xl_pkg::FmtToy;
  // VAs are zero-extended (no sign bit) in the toy and Sv32 formats.
  localparam bit ZeroExtVa = IsToy || (Format == xl_pkg::FmtSv32);
  // Svpbmt memory types reach the result; NC / IO bypass the L1D.
  localparam bit Pbmt = Ext[xl_pkg::ExtSvpbmt];
  // The controls the format has (xl_ctl_supported) and their reset values (xl_ctl_reset).
  localparam logic [8:0] CtlHave  = IsRv  ? 9'b0_0000_0111 :
                                    IsX86 ? 9'b1_1111_1000 : 9'b0;
  localparam logic [7:0] CtlReset = IsRv  ? ((AdPolicy == 0) ? 8'b0000_0100 : 8'b0) :
                                    IsX86 ? 8'b0101_1000 : 8'b0;
  localparam int unsigned TlbSetW = (TlbSets > 1) ? $clog2(TlbSets) : 1;
  localparam int unsigned CSetW   = (CacheSets > 1) ? $clog2(CacheSets) : 1;
  localparam int unsigned LS1 = 32'(LevelBits[4:0]);
  localparam int unsigned LS2 = LS1 + 32'(LevelBits[9:5]);
  localparam int unsigned LS3 = LS2 + 32'(LevelBits[14:10]);
  localparam int unsigned LS4 = LS3 + 32'(LevelBits[19:15]);
  localparam logic [63:0] One = 64'd1;

  typedef enum logic [2:0] { S1Idle, S1Lookup, S1Walk, S1Replay, S1Cache, S1Resp, S1Inval } s1_e;

  // ---------------------------------------------------------------- state
  s1_e                 s1_q, s1_d;
  xl_pkg::mmu_req_t    req_q, req_d;
  logic [PpnBits-1:0]  root_q, root_d;
  logic [AsidW-1:0]    asid_q, asid_d;
  logic [7:0]          ctl_q, ctl_d;        // translation controls (xl_pkg::Ctl*)
  logic [31:0]         pkru_q, pkru_d;      // x86 PKRU
  logic [PaBits-1:0]   pa_q, pa_d;          // translated PA (S1Cache)
  logic                tlb_hit_q, tlb_hit_d;
  logic [2:0]          reads_q, reads_d;
  logic [3:0]          fault_q, fault_d;    // S1Resp
  logic [2:0]          level_q, level_d;
  logic                uc_q, uc_d;          // the S1Cache access bypasses the L1D
  logic [1:0]          mt_q, mt_d;          // its memory type
  logic                dbg_pend_q, dbg_pend_d;
  logic [2:0]          dbg_tgt_q, dbg_tgt_d;
  logic [DbgW-1:0]     dbg_data_q, dbg_data_d;

  // ---------------------------------------------------------------- TLB
  logic [VpnBits-1:0] s1_vpn;
  logic               lk_hit, lk_super, lk_touch;
  logic [2:0]         lk_level;
  logic [5:0]         lk_perm;
  logic [3:0]         lk_attr;
  logic               lk_napot;
  logic [PpnBits-1:0] lk_ppn;
  logic               walk_begin, refill_valid, inval_valid;
  logic               inval_match_va, inval_match_asid, inval_keep_global;
  logic [VpnBits-1:0] inval_vpn;
  logic [AsidW-1:0]   inval_asid;
  logic               tlb_dbg_we, inval_busy;
  logic [TlbEntW-1:0] tlb_dbg_rdata;

  // ---------------------------------------------------------------- walker
  logic               w_req_valid, w_req_ready, w_done, w_idle;
  logic [3:0]         w_fault;
  logic [2:0]         w_level, w_reads;
  logic [VpnBits-1:0] w_vpn;
  logic [PpnBits-1:0] w_ppn;
  logic [5:0]         w_perm;
  logic [3:0]         w_attr;
  logic               w_napot;
  logic [AsidW-1:0]   w_asid;
  logic               wc_req_valid, wc_req_ready, wc_req_we, wc_rsp_valid, wc_rsp_hit;
  logic [PaBits-1:0]  wc_req_pa;
  logic [1:0]         wc_req_size;
  logic [63:0]        wc_req_wdata, wc_rsp_rdata;

  // ---------------------------------------------------------------- cache
  logic               c_req_valid, c_req_ready, c_kill, c_rsp_valid, c_rsp_hit, c_idle, c_uc;
  logic [PaBits-1:0]  c_pa;
  logic [63:0]        c_rsp_rdata;
  logic [PaBits-1:0]  c_mem_addr;
  logic               c_dbg_valid, c_dbg_ready, c_dbg_rvalid;
  logic [CDbgW-1:0]   c_dbg_rdata;

  // ---------------------------------------------------------------- S1 decode
  logic        is_access, is_store, align_f, canon_f;
  logic [3:0]  perm_f;
  logic [63:0] size_mask, off_mask_hit, off_mask_walk;
  logic [PaBits-1:0] pa_hit, pa_walk;
  logic [63:0]       pa_hit_full, pa_walk_full;   // before truncation: a page may be larger than 2^PaBits
  logic        bus_hit, bus_walk, dirty_rewalk;

  function automatic logic [63:0] page_off_mask(input logic [2:0] lvl, input logic nap);
    unique case (lvl)
      3'd1:    page_off_mask = (One << (PageBits + LS1)) - One;
      3'd2:    page_off_mask = (One << (PageBits + LS2)) - One;
      3'd3:    page_off_mask = (One << (PageBits + LS3)) - One;
      3'd4:    page_off_mask = (One << (PageBits + LS4)) - One;
      default: page_off_mask = (One << (PageBits + (nap ? 4 : 0))) - One;   // a NAPOT page: 64 KiB
    endcase
  endfunction

  always_comb begin
    logic [63:0] hi;
    is_access = req_q.op == xl_pkg::OpLoad || req_q.op == xl_pkg::OpStore || req_q.op == xl_pkg::OpFetch;
    is_store  = req_q.op == xl_pkg::OpStore;
    size_mask = (One << req_q.size_log2) - One;
    align_f   = (req_q.va & size_mask) != '0;
    // Canonical: bits 63..VaBits-1 all equal (x86-64, RISC-V RV64); toy, Sv32: bits 63..VaBits zero.
    if (ZeroExtVa) begin
      canon_f = (req_q.va >> VaBits) != '0;
    end else begin
      hi      = req_q.va >> (VaBits - 1);
      canon_f = hi != '0 && hi != (64'hFFFF_FFFF_FFFF_FFFF >> (VaBits - 1));
    end
    s1_vpn        = req_q.va[VaBits-1:PageBits];
    off_mask_hit  = page_off_mask(lk_level, lk_napot);
    off_mask_walk = page_off_mask(w_level, w_napot);
    pa_hit_full   = ({{(64 - PpnBits){1'b0}}, lk_ppn} << PageBits) | (req_q.va & off_mask_hit);
    pa_walk_full  = ({{(64 - PpnBits){1'b0}}, w_ppn} << PageBits) | (req_q.va & off_mask_walk);
    pa_hit        = PaBits'(pa_hit_full);
    pa_walk       = PaBits'(pa_walk_full);
    // a PA at or above MemBytes (<= 2^PaBits), also one with bits above PaBits
    // (a superpage whose offset is wider than the PA), is a bus fault
    bus_hit       = pa_hit_full >= MemBytes;
    bus_walk      = pa_walk_full >= MemBytes;
    dirty_rewalk  = is_store && !lk_perm[xl_pkg::PermD];
  end

  xl_perm_check #(.Format(Format)) u_perm (
    .op_i(req_q.op), .priv_u_i(req_q.priv_u), .ac_i(req_q.ac), .perm_i(lk_perm), .pkey_i(lk_attr),
    .ctl_i(ctl_q), .pkru_i(pkru_q), .fault_o(perm_f)
  );

  // A control write that sets CR4.SMEP from 0 to 1 flushes the current PCID
  // (SDM vol. 3A 4.10.4.1): the primitive {asid = current, keep_global = 0}.
  logic smep_rise;
  assign smep_rise = IsX86 && req_q.op == xl_pkg::OpCtl && req_q.ctl_mask[xl_pkg::CtlSmep] &&
                     req_q.ctl_val[xl_pkg::CtlSmep] && !ctl_q[xl_pkg::CtlSmep];

  // ---------------------------------------------------------------- S1 control
  // Split into blocks in dependency order (decision -> cache -> response ->
  // accept -> next state) so that no combinational block both feeds and
  // reads another block's output.
  logic p_nonacc, p_sweep, p_pre, p_perm, p_bus, p_hit, p_walk;   // S1Lookup paths
  logic needs_sweep;   // an invalidation without an address: the TLB sweeps its sets

  always_comb begin
    logic look;
    look     = s1_q == S1Lookup;
    needs_sweep = TlbSets > 1 &&
                  ((req_q.op == xl_pkg::OpInval && !req_q.match_va) ||
                   (req_q.op == xl_pkg::OpRoot && IsX86 && req_q.flush) || smep_rise);
    p_nonacc = look && !is_access && !needs_sweep;
    p_sweep  = look && !is_access && needs_sweep;
    p_pre    = look && is_access && (align_f || canon_f);
    p_perm   = look && is_access && !p_pre && lk_hit && perm_f != xl_pkg::FaultNone;
    p_bus    = look && is_access && !p_pre && !p_perm && lk_hit && !dirty_rewalk && bus_hit;
    p_hit    = look && is_access && !p_pre && !p_perm && lk_hit && !dirty_rewalk && !bus_hit;
    p_walk   = look && is_access && !p_pre && !p_perm && !p_hit && !p_bus;
    c_kill      = p_pre || p_perm || p_bus || p_walk;
    c_pa        = (s1_q == S1Cache) ? pa_q : pa_hit;
    c_uc        = (s1_q == S1Cache) ? uc_q : (Pbmt && lk_attr[1:0] != xl_pkg::MtPma);
    walk_begin  = p_walk;
    w_req_valid = p_walk;
  end

  // The response channel.
  logic rsp_fire, s1_free, accept, dbg_accept, replay;
  xl_pkg::mmu_rsp_t rsp;

  always_comb begin
    rsp         = '0;
    rsp.level   = xl_pkg::LevelNone;
    rsp_valid_o = 1'b0;
    if (p_nonacc) begin
      rsp_valid_o = 1'b1;
    end else if (p_pre) begin
      rsp_valid_o = 1'b1;
      rsp.fault   = align_f ? xl_pkg::FaultAlign : xl_pkg::FaultCanonical;
    end else if (p_perm) begin
      rsp_valid_o = 1'b1;
      rsp.fault   = perm_f;
      rsp.level   = lk_level;
      rsp.tlb_hit = 1'b1;
    end else if (p_bus) begin
      rsp_valid_o = 1'b1;
      rsp.fault   = xl_pkg::FaultBus;
      rsp.tlb_hit = 1'b1;
    end else if (p_hit && c_rsp_valid) begin
      rsp_valid_o   = 1'b1;
      rsp.pa        = 64'(pa_hit);
      rsp.rdata     = c_rsp_rdata;
      rsp.tlb_hit   = 1'b1;
      rsp.cache_hit = 1'b1;
      rsp.mt        = Pbmt ? lk_attr[1:0] : xl_pkg::MtPma;
    end else if (s1_q == S1Cache && c_rsp_valid) begin
      rsp_valid_o    = 1'b1;
      rsp.pa         = 64'(pa_q);
      rsp.rdata      = c_rsp_rdata;
      rsp.tlb_hit    = tlb_hit_q;
      rsp.cache_hit  = c_rsp_hit;
      rsp.walk_reads = reads_q;
      rsp.mt         = mt_q;
    end else if (s1_q == S1Inval && !inval_busy) begin
      rsp_valid_o = 1'b1;
    end else if (s1_q == S1Resp) begin
      rsp_valid_o    = 1'b1;
      rsp.fault      = fault_q;
      rsp.level      = level_q;
      rsp.walk_reads = reads_q;
    end
    rsp_fire = rsp_valid_o && rsp_ready_i;
    s1_free  = s1_q == S1Idle || rsp_fire;
    // A TLB hit touches the replacement state when it is used: when its
    // response is taken, or when the access moves on to a cache miss or a walk.
    lk_touch = ((p_perm || p_bus || p_hit) && rsp_fire) || (p_hit && !c_rsp_valid) || (p_walk && lk_hit);
  end

  // Accepting the next request, and the cache read after a walk.
  assign dbg_accept = s1_q == S1Idle && dbg_req_valid_i && c_dbg_ready && w_idle;
  always_comb begin
    req_ready_o = s1_free && !dbg_accept && c_req_ready;
    accept      = req_valid_i && req_ready_o;
    replay      = (s1_q == S1Walk && w_done && w_fault == xl_pkg::FaultNone && !bus_walk) || s1_q == S1Replay;
    c_req_valid = replay ||
                  (accept && (req_i.op == xl_pkg::OpLoad || req_i.op == xl_pkg::OpStore ||
                              req_i.op == xl_pkg::OpFetch));
  end

  // Side effects and next state.
  always_comb begin
    s1_d         = s1_q;
    req_d        = req_q;
    root_d       = root_q;
    asid_d       = asid_q;
    ctl_d        = ctl_q;
    pkru_d       = pkru_q;
    pa_d         = pa_q;
    tlb_hit_d    = tlb_hit_q;
    reads_d      = reads_q;
    fault_d      = fault_q;
    level_d      = level_q;
    uc_d         = uc_q;
    mt_d         = mt_q;
    refill_valid = 1'b0;
    inval_valid       = 1'b0;
    inval_match_va    = req_q.match_va;
    inval_match_asid  = req_q.match_asid;
    inval_keep_global = req_q.keep_global;
    inval_vpn         = s1_vpn;
    inval_asid        = req_q.asid[AsidW-1:0];

    // A single-cycle invalidation (or root change) applies when its response
    // is taken; a sweeping one starts at once and answers when it is done.
    if ((p_nonacc && rsp_fire) || p_sweep) begin
      if (req_q.op == xl_pkg::OpInval) begin
        inval_valid = 1'b1;
      end else if (req_q.op == xl_pkg::OpCtl) begin
        ctl_d = (ctl_q & ~req_q.ctl_mask[7:0] & CtlHave[7:0]) | (req_q.ctl_val & req_q.ctl_mask[7:0] & CtlHave[7:0]);
        if (req_q.ctl_mask[xl_pkg::CtlPkru] && CtlHave[xl_pkg::CtlPkru]) pkru_d = req_q.wdata[31:0];
        if (smep_rise) begin
          inval_valid       = 1'b1;
          inval_match_va    = 1'b0;
          inval_match_asid  = 1'b1;
          inval_asid        = asid_q;
          inval_keep_global = 1'b0;
        end
      end else if (req_q.op == xl_pkg::OpRoot) begin
        root_d = req_q.ppn[PpnBits-1:0];
        asid_d = req_q.asid[AsidW-1:0];
        // x86 MOV CR3 without bit 63: drop the new PCID's non-global entries.
        if (IsX86 && req_q.flush) begin
          inval_valid       = 1'b1;
          inval_match_va    = 1'b0;
          inval_match_asid  = 1'b1;
          inval_keep_global = 1'b1;
        end
      end
    end
    if (p_hit && !c_rsp_valid) begin
      // cache miss (or an uncached access): the cache refills the line, or
      // goes to memory; finish in S1Cache
      pa_d      = pa_hit;
      tlb_hit_d = 1'b1;
      reads_d   = '0;
      uc_d      = c_uc;
      mt_d      = Pbmt ? lk_attr[1:0] : xl_pkg::MtPma;
      s1_d      = S1Cache;
    end
    if (p_walk) s1_d = S1Walk;
    if (p_sweep) s1_d = S1Inval;
    if (s1_q == S1Walk && w_done) begin
      reads_d   = w_reads;
      tlb_hit_d = 1'b0;
      if (w_fault != xl_pkg::FaultNone) begin
        fault_d = w_fault;
        level_d = w_level;
        s1_d    = S1Resp;
      end else begin
        refill_valid = 1'b1;
        pa_d         = pa_walk;
        uc_d         = Pbmt && w_attr[1:0] != xl_pkg::MtPma;
        mt_d         = Pbmt ? w_attr[1:0] : xl_pkg::MtPma;
        if (bus_walk) begin
          fault_d = xl_pkg::FaultBus;
          level_d = xl_pkg::LevelNone;
          s1_d    = S1Resp;
        end else begin
          // read the set again (the walk used the cache), then compare
          s1_d = c_req_ready ? S1Cache : S1Replay;
        end
      end
    end
    if (s1_q == S1Replay && c_req_ready) s1_d = S1Cache;
    if (rsp_fire) s1_d = S1Idle;
`ifdef XL_BUG_MMU_RSP
    if (rsp_fire && s1_q == S1Resp) s1_d = S1Resp;  // injected bug (make formal-bugs only): a fault is answered twice
`endif
    if (accept) begin
      req_d = req_i;
      s1_d  = S1Lookup;
    end
  end

  // A new request enters when S1 is free and, for an access, the cache
  // takes its virtual index in the same cycle (req_ready_o above).
  assign rsp_o       = rsp;
  assign idle_o      = s1_q == S1Idle && c_idle && w_idle && !dbg_pend_q;

  // ---------------------------------------------------------------- blocks
  xl_tlb #(
    .VaBits(VaBits), .PaBits(PaBits), .PageBits(PageBits), .LevelBits(LevelBits), .AsidBits(AsidBits),
    .TlbSets(TlbSets), .TlbWays(TlbWays), .TlbSuper(TlbSuper), .TlbRepl(TlbRepl)
  ) u_tlb (
    .clk_i, .rst_ni,
    .lk_vpn_i(s1_vpn), .lk_asid_i(asid_q), .lk_hit_o(lk_hit), .lk_super_o(lk_super),
    .lk_level_o(lk_level), .lk_perm_o(lk_perm), .lk_attr_o(lk_attr), .lk_napot_o(lk_napot), .lk_ppn_o(lk_ppn),
    .lk_touch_i(lk_touch),
    .walk_begin_i(walk_begin),
    .refill_valid_i(refill_valid), .refill_vpn_i(w_vpn), .refill_ppn_i(w_ppn),
    .refill_level_i(w_level), .refill_perm_i(w_perm), .refill_attr_i(w_attr), .refill_napot_i(w_napot),
    .refill_asid_i(w_asid),
    .inval_valid_i(inval_valid), .inval_match_va_i(inval_match_va), .inval_vpn_i(inval_vpn),
    .inval_match_asid_i(inval_match_asid), .inval_asid_i(inval_asid),
    .inval_keep_global_i(inval_keep_global), .inval_busy_o(inval_busy),
    .dbg_we_i(tlb_dbg_we), .dbg_target_i(dbg_req_target_i[1:0]),
    .dbg_set_i(dbg_req_set_i[TlbSetW-1:0]), .dbg_way_i(dbg_req_way_i),
    .dbg_wdata_i(dbg_req_wdata_i[TlbEntW-1:0]), .dbg_rdata_o(tlb_dbg_rdata)
  );

  xl_ptw #(
    .Format(Format), .VaBits(VaBits), .PaBits(PaBits), .PageBits(PageBits), .Levels(Levels),
    .LevelBits(LevelBits), .LeafLevels(LeafLevels), .AsidBits(AsidBits), .AdPolicy(AdPolicy),
    .MemBytes(MemBytes), .Ext(Ext)
  ) u_ptw (
    .clk_i, .rst_ni,
    .req_valid_i(w_req_valid), .req_ready_o(w_req_ready), .req_vpn_i(s1_vpn), .req_op_i(req_q.op),
    .req_priv_u_i(req_q.priv_u), .req_ac_i(req_q.ac), .req_ctl_i(ctl_q), .req_pkru_i(pkru_q),
    .req_root_i(root_q), .req_asid_i(asid_q),
    .done_o(w_done), .done_fault_o(w_fault), .done_level_o(w_level), .done_reads_o(w_reads),
    .done_vpn_o(w_vpn), .done_ppn_o(w_ppn), .done_perm_o(w_perm), .done_attr_o(w_attr), .done_napot_o(w_napot),
    .done_asid_o(w_asid),
    .c_req_valid_o(wc_req_valid), .c_req_ready_i(wc_req_ready), .c_req_we_o(wc_req_we),
    .c_req_pa_o(wc_req_pa), .c_req_size_o(wc_req_size), .c_req_wdata_o(wc_req_wdata),
    .c_rsp_valid_i(wc_rsp_valid), .c_rsp_rdata_i(wc_rsp_rdata),
    .idle_o(w_idle)
  );

  xl_cache #(
    .PaBits(PaBits), .PageBits(PageBits), .CacheSets(CacheSets), .CacheWays(CacheWays), .CacheLine(CacheLine)
  ) u_cache (
    .clk_i, .rst_ni,
    .core_req_valid_i(c_req_valid), .core_req_ready_o(c_req_ready), .core_req_idx_i(replay ? req_q.va[PageBits-1:0] : req_i.va[PageBits-1:0]),
    .core_kill_i(c_kill), .core_pa_i(c_pa), .core_uc_i(c_uc), .core_we_i(is_store), .core_size_i(req_q.size_log2),
    .core_wdata_i(req_q.wdata),
    .core_rsp_valid_o(c_rsp_valid), .core_rsp_ready_i(rsp_ready_i), .core_rsp_hit_o(c_rsp_hit),
    .core_rsp_rdata_o(c_rsp_rdata),
    .ptw_req_valid_i(wc_req_valid), .ptw_req_ready_o(wc_req_ready), .ptw_req_we_i(wc_req_we),
    .ptw_req_pa_i(wc_req_pa), .ptw_req_size_i(wc_req_size), .ptw_req_wdata_i(wc_req_wdata),
    .ptw_rsp_valid_o(wc_rsp_valid), .ptw_rsp_hit_o(wc_rsp_hit), .ptw_rsp_rdata_o(wc_rsp_rdata),
    .mem_req_valid_o, .mem_req_ready_i, .mem_req_we_o, .mem_req_addr_o(c_mem_addr),
    .mem_req_wdata_o, .mem_req_be_o, .mem_req_uc_o, .mem_rsp_valid_i, .mem_rsp_ready_o, .mem_rsp_rdata_i,
    .dbg_valid_i(c_dbg_valid), .dbg_ready_o(c_dbg_ready), .dbg_we_i(dbg_req_we_i),
    .dbg_target_i(dbg_req_target_i[1:0]), .dbg_set_i(dbg_req_set_i[CSetW-1:0]),
    .dbg_way_i(dbg_req_way_i), .dbg_wdata_i(dbg_req_wdata_i[CDbgW-1:0]),
    .dbg_rvalid_o(c_dbg_rvalid), .dbg_rdata_o(c_dbg_rdata),
    .idle_o(c_idle)
  );
  assign mem_req_addr_o = 64'(c_mem_addr);

  // ---------------------------------------------------------------- debug port
  // Targets 0-3 go to the TLB (combinational, registered here), 4-6 to the
  // cache (SRAM read, one cycle), 7 is {pkru, ctl, asid, root}.
  logic dbg_is_cache;
  assign dbg_is_cache    = dbg_req_target_i >= xl_pkg::DbgCacheTag && dbg_req_target_i <= xl_pkg::DbgCacheRep;
  assign dbg_req_ready_o = s1_q == S1Idle && c_dbg_ready && w_idle;
  assign c_dbg_valid     = dbg_accept && dbg_is_cache;
  assign tlb_dbg_we      = dbg_accept && dbg_req_we_i && dbg_req_target_i <= xl_pkg::DbgSupRepl;
  always_comb begin
    dbg_pend_d      = dbg_accept;
    dbg_tgt_d       = dbg_accept ? dbg_req_target_i : dbg_tgt_q;
    dbg_data_d      = dbg_data_q;
    if (dbg_accept && dbg_req_target_i <= xl_pkg::DbgSupRepl) begin
      dbg_data_d = DbgW'(tlb_dbg_rdata);
    end else if (dbg_accept && dbg_req_target_i == xl_pkg::DbgRegs) begin
      dbg_data_d = DbgW'({pkru_q, ctl_q, asid_q, root_q});
    end
    dbg_rsp_valid_o = dbg_pend_q;
    dbg_rsp_rdata_o = (dbg_tgt_q >= xl_pkg::DbgCacheTag && dbg_tgt_q <= xl_pkg::DbgCacheRep)
                    ? DbgW'(c_dbg_rdata) : dbg_data_q;
  end

  // Debug writes to {pkru, ctl, asid, root} are applied here (S1 is idle then).
  logic [PpnBits-1:0] root_n;
  logic [AsidW-1:0]   asid_n;
  logic [7:0]         ctl_n;
  logic [31:0]        pkru_n;
  always_comb begin
    root_n = root_d;
    asid_n = asid_d;
    ctl_n  = ctl_d;
    pkru_n = pkru_d;
    if (dbg_accept && dbg_req_we_i && dbg_req_target_i == xl_pkg::DbgRegs) begin
      root_n = dbg_req_wdata_i[PpnBits-1:0];
      asid_n = dbg_req_wdata_i[PpnBits +: AsidW];
      ctl_n  = dbg_req_wdata_i[PpnBits + AsidW +: 8] & CtlHave[7:0];
      pkru_n = CtlHave[xl_pkg::CtlPkru] ? dbg_req_wdata_i[PpnBits + AsidW + 8 +: 32] : '0;
    end
  end

  // ---------------------------------------------------------------- configuration readback
  assign cfg_o = {8'(Ext),                     // [255:248]
                  MemBytes,                    // [247:184]
                  8'(AdPolicy),                // [183:176]
                  16'(CacheLine),              // [175:160]
                  8'(CacheWays),               // [159:152]
                  16'(CacheSets),              // [151:136]
                  8'(TlbRepl),                 // [135:128]
                  8'(TlbSuper),                // [127:120]
                  8'(TlbWays),                 // [119:112]
                  16'(TlbSets),                // [111:96]
                  8'(AsidBits),                // [95:88]
                  {3'd0, LeafLevels},          // [87:80]
                  {7'd0, LevelBits},           // [79:48]
                  8'(Levels),                  // [47:40]
                  8'(PageBits),                // [39:32]
                  8'(PaBits),                  // [31:24]
                  8'(VaBits),                  // [23:16]
                  8'(Format),                  // [15:8]
                  8'h58};                      // [7:0] 'X': layout version 1

  // ---------------------------------------------------------------- registers
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      s1_q       <= S1Idle;
      req_q      <= '0;
      root_q     <= '0;
      asid_q     <= '0;
      ctl_q      <= CtlReset;
      pkru_q     <= '0;
      pa_q       <= '0;
      tlb_hit_q  <= 1'b0;
      reads_q    <= '0;
      fault_q    <= '0;
      level_q    <= '0;
      uc_q       <= 1'b0;
      mt_q       <= '0;
      dbg_pend_q <= 1'b0;
      dbg_tgt_q  <= '0;
      dbg_data_q <= '0;
    end else begin
      s1_q       <= s1_d;
      req_q      <= req_d;
      root_q     <= root_n;
      asid_q     <= asid_n;
      ctl_q      <= ctl_n;
      pkru_q     <= pkru_n;
      pa_q       <= pa_d;
      tlb_hit_q  <= tlb_hit_d;
      reads_q    <= reads_d;
      fault_q    <= fault_d;
      level_q    <= level_d;
      uc_q       <= uc_d;
      mt_q       <= mt_d;
      dbg_pend_q <= dbg_pend_d;
      dbg_tgt_q  <= dbg_tgt_d;
      dbg_data_q <= dbg_data_d;
    end
  end

  logic unused_mmu;
  assign unused_mmu = ^{lk_super, w_req_ready, wc_rsp_hit, c_dbg_rvalid, req_q.va[63:VaBits],
                        req_q.ppn, req_q.asid, dbg_req_set_i};
endmodule
