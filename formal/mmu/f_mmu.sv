// f_mmu -- formal properties of xl_mmu, the top (docs/formal.md, section Top).
//
// Reduced preset (default): the toy page-table format with two levels
// (2 + 1 index bits, superpages at level 1), 7-bit VA, 8-bit PA, 16-byte
// pages, TLB 2 sets x 2 ways + 1 superpage entry, cache 2 sets x 2 ways x
// 8-byte lines, 192 bytes of memory (so bus faults happen).  Memory data
// are free inputs: every page table and every data value is possible.
//
// Inputs obey the valid/ready rule (held, stable payload, until taken);
// the memory answers only an accepted read; debug requests also hold.
// Requests include OpFence (Svinval's SFENCE.W.INVAL / SFENCE.INVAL.IR:
// an ordering point with nothing to do in an in-order MMU).  The toy
// format has no Svpbmt: every access is cacheable (memory type PMA).
// Probes and labels: see formal/tlb/f_tlb.sv.
module f_mmu #(
  parameter int unsigned Format     = xl_pkg::FmtToy,
  parameter int unsigned VaBits     = 7,
  parameter int unsigned PaBits     = 8,
  parameter int unsigned PageBits   = 4,
  parameter int unsigned Levels     = 2,
  parameter logic [24:0] LevelBits  = {5'd0, 5'd0, 5'd0, 5'd1, 5'd2},
  parameter logic [4:0]  LeafLevels = 5'b00011,
  parameter int unsigned AsidBits   = 0,
  parameter int unsigned TlbSets    = 2,
  parameter int unsigned TlbWays    = 2,
  parameter int unsigned TlbSuper   = 1,
  parameter int unsigned TlbRepl    = 0,
  parameter int unsigned CacheSets  = 2,
  parameter int unsigned CacheWays  = 2,
  parameter int unsigned CacheLine  = 8,
  parameter int unsigned AdPolicy   = 0,
  parameter logic [63:0] MemBytes   = 64'hC0,
  parameter logic [2:0]  Ext        = 3'b000,
  localparam int unsigned LineBits  = CacheLine * 8,
  localparam int unsigned VpnBits   = VaBits - PageBits,
  localparam int unsigned PpnBits   = PaBits - PageBits,
  localparam int unsigned AsidW     = (AsidBits > 0) ? AsidBits : 1,
  localparam int unsigned TlbEntW   = 1 + 3 + 1 + 4 + 6 + AsidW + VpnBits + PpnBits,
  localparam int unsigned TagW      = PaBits - $clog2(CacheLine) - $clog2(CacheSets),
  localparam int unsigned CDbgW     = (LineBits > TagW + 2) ? LineBits : TagW + 2,
  localparam int unsigned DbgW0     = (CDbgW > TlbEntW) ? CDbgW : TlbEntW,
  localparam int unsigned RegsW     = PpnBits + AsidW + 8 + 32,
  localparam int unsigned DbgW      = (DbgW0 > RegsW) ? DbgW0 : RegsW
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic                req_valid_i,
  input  xl_pkg::mmu_req_t    req_i,
  input  logic                rsp_ready_i,
  input  logic                mem_req_ready_i,
  input  logic                mem_rsp_valid_i,
  input  logic [LineBits-1:0] mem_rsp_rdata_i,
  input  logic                dbg_req_valid_i,
  input  logic                dbg_req_we_i,
  input  logic [2:0]          dbg_req_target_i,
  input  logic [15:0]         dbg_req_set_i,
  input  logic [7:0]          dbg_req_way_i,
  input  logic [DbgW-1:0]     dbg_req_wdata_i
);
  localparam int unsigned CntW = 4;

  logic f_past_valid = 1'b0;
  always @(posedge clk_i) f_past_valid <= 1'b1;
  always @(*) assume(rst_ni == f_past_valid);

  // ------------------------------------------------------------ the DUT
  logic                req_ready, rsp_valid, mem_req_valid, mem_req_we, mem_rsp_ready;
  logic                dbg_req_ready, dbg_rsp_valid, idle;
  xl_pkg::mmu_rsp_t    rsp;
  logic [63:0]         mem_req_addr;
  logic [LineBits-1:0] mem_req_wdata;
  logic [CacheLine-1:0] mem_req_be;
  logic                mem_req_uc;
  logic [DbgW-1:0]     dbg_rsp_rdata;
  logic [255:0]        cfg;

  xl_mmu #(
    .Format(Format), .VaBits(VaBits), .PaBits(PaBits), .PageBits(PageBits), .Levels(Levels),
    .LevelBits(LevelBits), .LeafLevels(LeafLevels), .AsidBits(AsidBits), .TlbSets(TlbSets),
    .TlbWays(TlbWays), .TlbSuper(TlbSuper), .TlbRepl(TlbRepl), .CacheSets(CacheSets),
    .CacheWays(CacheWays), .CacheLine(CacheLine), .AdPolicy(AdPolicy), .MemBytes(MemBytes), .Ext(Ext)
  ) u_dut (
    .clk_i, .rst_ni,
    .req_valid_i, .req_ready_o(req_ready), .req_i, .rsp_valid_o(rsp_valid), .rsp_ready_i, .rsp_o(rsp),
    .mem_req_valid_o(mem_req_valid), .mem_req_ready_i, .mem_req_we_o(mem_req_we), .mem_req_addr_o(mem_req_addr),
    .mem_req_wdata_o(mem_req_wdata), .mem_req_be_o(mem_req_be), .mem_req_uc_o(mem_req_uc), .mem_rsp_valid_i,
    .mem_rsp_ready_o(mem_rsp_ready), .mem_rsp_rdata_i,
    .dbg_req_valid_i, .dbg_req_ready_o(dbg_req_ready), .dbg_req_we_i, .dbg_req_target_i, .dbg_req_set_i,
    .dbg_req_way_i, .dbg_req_wdata_i, .dbg_rsp_valid_o(dbg_rsp_valid), .dbg_rsp_rdata_o(dbg_rsp_rdata),
    .cfg_o(cfg), .idle_o(idle)
  );

  logic unused_f;
  assign unused_f = ^{dbg_rsp_rdata, cfg, idle, mem_rsp_ready};

  // ------------------------------------------------------------ environment
  logic f_prev_ok, f_req_wait, f_dbg_wait, f_rd_out;
  xl_pkg::mmu_req_t f_prev_req;
  logic              f_prev_dbg_we;
  logic [2:0]        f_prev_dbg_target;
  logic [15:0]       f_prev_dbg_set;
  logic [7:0]        f_prev_dbg_way;
  logic [DbgW-1:0]   f_prev_dbg_wdata;
  logic req_acc, rsp_fire, dbg_acc, mem_acc;
  assign req_acc  = req_valid_i && req_ready;
  assign rsp_fire = rsp_valid && rsp_ready_i;
  assign dbg_acc  = dbg_req_valid_i && dbg_req_ready;
  assign mem_acc  = mem_req_valid && mem_req_ready_i;

  always @(*) begin
    // Requests: a defined opcode, ASID bits within the preset's width.
    if (req_valid_i) assume(req_i.op <= xl_pkg::OpFence && (req_i.asid >> AsidBits) == '0);
    // valid/ready: an offered request or debug request holds until taken.
    if (f_req_wait) assume(req_valid_i && req_i == f_prev_req);
    if (f_dbg_wait) assume(dbg_req_valid_i && dbg_req_we_i == f_prev_dbg_we && dbg_req_target_i == f_prev_dbg_target &&
                           dbg_req_set_i == f_prev_dbg_set && dbg_req_way_i == f_prev_dbg_way &&
                           dbg_req_wdata_i == f_prev_dbg_wdata);
    // Memory: read data only for an accepted read.
    if (!f_rd_out) assume(!mem_rsp_valid_i);
  end

  always @(posedge clk_i) begin
    f_prev_ok         <= f_past_valid && rst_ni;
    f_prev_req        <= req_i;
    f_prev_dbg_we     <= dbg_req_we_i;
    f_prev_dbg_target <= dbg_req_target_i;
    f_prev_dbg_set    <= dbg_req_set_i;
    f_prev_dbg_way    <= dbg_req_way_i;
    f_prev_dbg_wdata  <= dbg_req_wdata_i;
    if (!rst_ni) begin
      f_req_wait <= 1'b0;
      f_dbg_wait <= 1'b0;
      f_rd_out   <= 1'b0;
    end else begin
      f_req_wait <= req_valid_i && !req_ready;
      f_dbg_wait <= dbg_req_valid_i && !dbg_req_ready;
      if (mem_acc && !mem_req_we) f_rd_out <= 1'b1;
      if (mem_rsp_valid_i) f_rd_out <= 1'b0;
    end
  end

  // ------------------------------------------------------------ request / response bookkeeping
  (* anyconst *) logic [CntW-1:0] f_tag;     // the tracked request's number
  logic [CntW-1:0]  f_nreq, f_nrsp;
  logic             f_tag_seen;
  xl_pkg::mmu_req_t f_tag_req;
  logic             f_dbg_pend;
  always @(posedge clk_i) begin
    if (!rst_ni) begin
      f_nreq     <= '0;
      f_nrsp     <= '0;
      f_tag_seen <= 1'b0;
      f_dbg_pend <= 1'b0;
    end else begin
      if (req_acc) f_nreq <= f_nreq + 1'b1;
      if (rsp_fire) f_nrsp <= f_nrsp + 1'b1;
      if (req_acc && f_nreq == f_tag) begin
        f_tag_seen <= 1'b1;
        f_tag_req  <= req_i;
      end
      f_dbg_pend <= dbg_acc;
    end
  end

  // What the tracked request's response must say, from the request alone.
  logic t_access, t_misaligned, t_noncanon;
  always @(*) begin
    t_access     = f_tag_req.op <= xl_pkg::OpFetch;
    t_misaligned = (f_tag_req.va & ((64'd1 << f_tag_req.size_log2) - 64'd1)) != '0;
    // toy and Sv32: zero-extended VAs; the others: sign-extended (canonical)
    if (Format == xl_pkg::FmtToy || Format == xl_pkg::FmtSv32)
      t_noncanon = (f_tag_req.va >> VaBits) != '0;
    else t_noncanon = (f_tag_req.va >> (VaBits - 1)) != '0 && (f_tag_req.va >> (VaBits - 1)) != ({64{1'b1}} >> (VaBits - 1));
  end

  always @(*) begin
    if (f_past_valid && rst_ni) begin
      // mmu_order: one request in flight, one response per request, in order.
      mmu_order__in_flight: assert(f_nreq - f_nrsp <= 1);
      if (rsp_valid) mmu_order__no_spurious: assert(f_nreq - f_nrsp == 1);
      if (req_acc) mmu_order__accept: assert(f_nreq == f_nrsp || rsp_fire);
      // The response numbered f_tag answers the request numbered f_tag.
      if (rsp_valid && f_nrsp == f_tag) begin
        mmu_order__tagged_seen: assert(f_tag_seen);
        if (!t_access)
          mmu_order__tagged_nonaccess: assert(rsp.fault == xl_pkg::FaultNone && rsp.level == xl_pkg::LevelNone &&
                                              rsp.pa == '0 && rsp.rdata == '0 && !rsp.tlb_hit && !rsp.cache_hit &&
                                              rsp.walk_reads == '0 && rsp.mt == xl_pkg::MtPma);
        if (t_access && t_misaligned) mmu_order__tagged_align: assert(rsp.fault == xl_pkg::FaultAlign);
        if (t_access && !t_misaligned && t_noncanon) mmu_order__tagged_canon: assert(rsp.fault == xl_pkg::FaultCanonical);
        if (t_access && rsp.fault == xl_pkg::FaultNone)
          mmu_order__tagged_offset: assert(rsp.pa[PageBits-1:0] == f_tag_req.va[PageBits-1:0] &&
                                           (f_tag_req.op != xl_pkg::OpStore || rsp.rdata == '0));
      end
      // mmu_dbg: a debug answer exactly one cycle after each accepted request.
      mmu_dbg__answer: assert(dbg_rsp_valid == f_dbg_pend);
      if (dbg_acc) mmu_dbg__idle: assert(f_nreq == f_nrsp && !req_acc);
      // mmu_mem: at most one memory read outstanding.
      if (mem_req_valid && !mem_req_we) mmu_mem__one_read: assert(!f_rd_out);
      // Without Svpbmt every memory request is a line transfer (never
      // uncached; a write-back writes the whole line) and every response
      // carries the PMA memory type.
      if (!Ext[xl_pkg::ExtSvpbmt]) begin
        if (mem_req_valid) mmu_mem__cached: assert(!mem_req_uc && (!mem_req_we || mem_req_be == '1));
        if (rsp_valid) mmu_order__pma: assert(rsp.mt == xl_pkg::MtPma);
      end
    end
  end

  // Output stability while valid and not ready.
  logic             f_prev_rsp_wait, f_prev_mem_wait, f_prev_mem_we;
  xl_pkg::mmu_rsp_t f_prev_rsp;
  logic [63:0]      f_prev_mem_addr;
  logic [LineBits-1:0] f_prev_mem_wdata;
  always @(posedge clk_i) begin
    f_prev_rsp_wait  <= rsp_valid && !rsp_ready_i;
    f_prev_rsp       <= rsp;
    f_prev_mem_wait  <= mem_req_valid && !mem_req_ready_i;
    f_prev_mem_we    <= mem_req_we;
    f_prev_mem_addr  <= mem_req_addr;
    f_prev_mem_wdata <= mem_req_wdata;
  end
  always @(*) begin
    if (f_past_valid && rst_ni && f_prev_ok) begin
      // mmu_rsp_stable: the response holds until taken.
      if (f_prev_rsp_wait) mmu_rsp_stable__held: assert(rsp_valid && rsp == f_prev_rsp);
      // mmu_mem: the memory request holds until taken.
      if (f_prev_mem_wait)
        mmu_mem__stable: assert(mem_req_valid && mem_req_we == f_prev_mem_we && mem_req_addr == f_prev_mem_addr &&
                                (!mem_req_we || mem_req_wdata == f_prev_mem_wdata));
    end
  end

  // ------------------------------------------------------------ fences
  // mmu_fence: while a fence (OpFence) is in the lookup stage, the TLB is
  // neither invalidated nor refilled, no walk starts, and the root, ASID
  // and translation controls do not change: it is answered (all zero,
  // mmu_order) with no side effect.
  // probe: p_s1 = u_dut.s1_q
  logic [2:0]       p_s1;
  // probe: p_req = u_dut.req_q
  xl_pkg::mmu_req_t p_req;
  // probe: p_inval = u_dut.inval_valid
  logic             p_inval;
  // probe: p_refill = u_dut.refill_valid
  logic             p_refill;
  // probe: p_walk_begin = u_dut.walk_begin
  logic             p_walk_begin;
  // probe: p_root = u_dut.root_q
  logic [PpnBits-1:0] p_root;
  // probe: p_asid = u_dut.asid_q
  logic [AsidW-1:0] p_asid;
  // probe: p_ctl = u_dut.ctl_q
  logic [7:0]       p_ctl;
  // probe: p_pkru = u_dut.pkru_q
  logic [31:0]      p_pkru;
  logic [RegsW-1:0] p_regs;       // {PKRU, controls, ASID, root}
  assign p_regs = {p_pkru, p_ctl, p_asid, p_root};
  localparam logic [2:0] S1Lookup = 3'd1;
  logic             f_fence, f_prev_fence;
  logic [RegsW-1:0] f_prev_regs;
  assign f_fence = p_s1 == S1Lookup && p_req.op == xl_pkg::OpFence;
  always @(posedge clk_i) begin
    f_prev_fence <= f_fence;
    f_prev_regs  <= p_regs;
  end
  always @(*) begin
    if (f_past_valid && rst_ni) begin
      if (f_fence) mmu_fence__none: assert(!p_inval && !p_refill && !p_walk_begin);
      if (f_prev_ok && f_prev_fence) mmu_fence__regs: assert(p_regs == f_prev_regs);
    end
  end

  // ------------------------------------------------------------ covers
  always @(*) begin
    if (f_past_valid && rst_ni) begin
      cov_mmu_order__walk_then_hit: cover(rsp_fire && f_nrsp == 4'd2 && rsp.tlb_hit && rsp.fault == xl_pkg::FaultNone);
      cov_mmu_order__walk_ok: cover(rsp_fire && !rsp.tlb_hit && rsp.walk_reads != '0 && rsp.fault == xl_pkg::FaultNone);
      cov_mmu_order__tagged_late: cover(rsp_fire && f_nrsp == f_tag && f_tag == 4'd2);
      cov_mmu_order__back_to_back: cover(rsp_fire && req_acc);
      cov_mmu_rsp_stable__held: cover(f_prev_rsp_wait && rsp_fire && rsp.fault == xl_pkg::FaultNone && rsp.tlb_hit);
      cov_mmu_mem__wait: cover(f_prev_mem_wait && mem_acc);
      cov_mmu_dbg__answer: cover(dbg_rsp_valid && f_nreq == 4'd1);
      cov_mmu_fence__answered: cover(rsp_fire && f_fence && f_nreq == 4'd2);
    end
  end
endmodule
