// xl_cache -- VIPT L1 data cache: set-associative, write-back,
// write-allocate, tree-PLRU.  Behaviour matches cmodel/src/cache.c.
//
// Ports (docs/interfaces.md gives the timing):
//  - core: split-phase.  Phase A (core_req_valid_i & ready) carries only the
//    page-offset bits of the *virtual* address; the set is read that cycle.
//    From the next cycle (phase B) until the request completes, core_pa_i /
//    core_we_i / core_size_i / core_wdata_i hold the translated access.
//    core_kill_i abandons it, but only in a phase-B compare cycle before
//    any miss handling starts (the first one, or while a hit's response is
//    held back): a kill after a miss would leave the new line filled.  The response (core_rsp_valid_o) completes it
//    when core_rsp_ready_i is high: only then are the store data and the
//    PLRU update committed.
//  - ptw: the walker's port, lower priority than a core request in the same
//    cycle; always-ready response.
//  - mem: one line read or write-back at a time; writes are posted (no
//    response); read responses return in order.  Any latency, any
//    back-pressure.  An uncached core access (core_uc_i, Svpbmt NC / IO)
//    bypasses the arrays: the tags are not compared, nothing is allocated,
//    touched or written back; a load reads the line holding it from memory
//    (mem_req_uc_o) and returns its bytes, a store writes its bytes with
//    mem_req_be_o (posted) and answers when the request is taken.
//  - dbg: read/write a line's {valid, dirty, tag}, its data, or a set's
//    PLRU state; accepted when idle; every operation answers one cycle later
//    on dbg_rvalid_o.
//
// Storage is all SRAM macros (xl_sram), addressed by set: per way a tag
// array holding {valid, dirty, tag} and one data bank per 64-bit word of
// the line, plus one PLRU array.  An access reads the tags, the PLRU state
// and only the addressed word's bank of every way; a dirty victim's whole
// line is read in one extra cycle before its write-back.  After reset the
// cache sweeps every set once to clear valid bits and PLRU state
// (CacheSets cycles, idle_o low), as a real SRAM-based cache must.
module xl_cache #(
  parameter int unsigned PaBits    = 52,
  parameter int unsigned PageBits  = 12,
  parameter int unsigned CacheSets = 64,
  parameter int unsigned CacheWays = 8,
  parameter int unsigned CacheLine = 64,
  localparam int unsigned LineBits = CacheLine * 8,
  localparam int unsigned OffW     = $clog2(CacheLine),
  localparam int unsigned IdxBits  = $clog2(CacheSets),
  localparam int unsigned IdxW     = (CacheSets > 1) ? IdxBits : 1,
  localparam int unsigned TagW     = PaBits - OffW - IdxBits,
  localparam int unsigned DbgW     = (LineBits > TagW + 2) ? LineBits : TagW + 2
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  // core port
  input  logic                core_req_valid_i,
  output logic                core_req_ready_o,
  input  logic [PageBits-1:0] core_req_idx_i,
  input  logic                core_kill_i,
  input  logic [PaBits-1:0]   core_pa_i,
  input  logic                core_uc_i,       // phase B: bypass the cache (uncached)
  input  logic                core_we_i,
  input  logic [1:0]          core_size_i,     // log2 bytes
  input  logic [63:0]         core_wdata_i,
  output logic                core_rsp_valid_o,
  input  logic                core_rsp_ready_i,
  output logic                core_rsp_hit_o,  // hit on the first look (no fill)
  output logic [63:0]         core_rsp_rdata_o,
  // walker port
  input  logic                ptw_req_valid_i,
  output logic                ptw_req_ready_o,
  input  logic                ptw_req_we_i,
  input  logic [PaBits-1:0]   ptw_req_pa_i,
  input  logic [1:0]          ptw_req_size_i,
  input  logic [63:0]         ptw_req_wdata_i,
  output logic                ptw_rsp_valid_o,
  output logic                ptw_rsp_hit_o,
  output logic [63:0]         ptw_rsp_rdata_o,
  // memory port
  output logic                mem_req_valid_o,
  input  logic                mem_req_ready_i,
  output logic                mem_req_we_o,
  output logic [PaBits-1:0]   mem_req_addr_o,
  output logic [LineBits-1:0] mem_req_wdata_o,
  output logic [CacheLine-1:0] mem_req_be_o,    // byte enables of a write (all ones for a write-back)
  output logic                mem_req_uc_o,    // an uncached access (not a line transfer)
  input  logic                mem_rsp_valid_i,
  output logic                mem_rsp_ready_o,
  input  logic [LineBits-1:0] mem_rsp_rdata_i,
  // debug port: target 0 {valid, dirty, tag}, 1 line data, 2 PLRU state
  input  logic                dbg_valid_i,
  output logic                dbg_ready_o,
  input  logic                dbg_we_i,
  input  logic [1:0]          dbg_target_i,
  input  logic [IdxW-1:0]     dbg_set_i,
  input  logic [7:0]          dbg_way_i,
  input  logic [DbgW-1:0]     dbg_wdata_i,
  output logic                dbg_rvalid_o,
  output logic [DbgW-1:0]     dbg_rdata_o,
  // status
  output logic                idle_o
);
  localparam int unsigned Ways   = CacheWays;
  localparam int unsigned WayW   = (Ways > 1) ? $clog2(Ways) : 1;
  localparam int unsigned ReplW  = (Ways > 1) ? Ways - 1 : 1;
  localparam int unsigned WordB  = (CacheLine < 8) ? CacheLine : 8;   // bytes per data word
  localparam int unsigned WordW  = WordB * 8;
  localparam int unsigned Words  = CacheLine / WordB;
  localparam int unsigned WIdxW  = (Words > 1) ? $clog2(Words) : 1;
  localparam int unsigned BOffW  = $clog2(WordB);                     // byte offset in a word
  localparam int unsigned TagEW  = TagW + 2;                          // {valid, dirty, tag}

  typedef enum logic [3:0] {
    StInit, StIdle, StCmp, StVicRd, StMissWb, StMissRd, StMissWait, StReplay, StDbg,
    StUcReq, StUcWait, StUcRsp
  } state_e;

  // ---------------------------------------------------------------- state
  state_e              state_q, state_d;
  logic                src_ptw_q, src_ptw_d;      // current access is the walker's
  logic [IdxW-1:0]     set_q, set_d;              // set of the current access; init counter
  logic                missed_q, missed_d;
  logic [WayW-1:0]     victim_q, victim_d;
  logic [PaBits-1:0]   ptw_pa_q, ptw_pa_d;
  logic                ptw_we_q, ptw_we_d;
  logic [1:0]          ptw_size_q, ptw_size_d;
  logic [63:0]         ptw_wdata_q, ptw_wdata_d;
  logic [1:0]          dbg_target_q, dbg_target_d;
  logic [63:0]         uc_data_q, uc_data_d;      // an uncached load's value
  logic [7:0]          dbg_way_q, dbg_way_d;

  // ---------------------------------------------------------------- arrays
  logic                     rd_en, rd_all;     // read the set; all data banks, not just one word
  logic [WIdxW-1:0]         rd_widx;           // the data bank to read
  logic [IdxW-1:0]          rd_set, wr_set;
  logic [Ways-1:0]          tag_we;
  logic [Ways*Words-1:0]    data_we;           // per way, per bank
  logic                     repl_we;
  logic [TagEW-1:0]         wr_tag;            // {valid, dirty, tag}
  logic [LineBits-1:0]      wr_line;           // bank k takes word k
  logic [ReplW-1:0]         wr_repl;
  // Array outputs as bundles of separate words (mem2reg: not memories,
  // just wires; this keeps simulation from assembling one huge vector).
  (* mem2reg *) logic [TagEW-1:0] tag_rd  [Ways];
  (* mem2reg *) logic [WordW-1:0] data_rd [Ways * Words];   // way w, bank k at w * Words + k
  logic [ReplW-1:0]         repl_rd;

  for (genvar w = 0; w < Ways; w++) begin : g_way
    xl_sram #(.Depth(CacheSets), .Width(TagEW)) u_tag (
      .clk_i, .re_i(rd_en), .raddr_i(rd_set), .rdata_o(tag_rd[w]),
      .we_i(tag_we[w]), .waddr_i(wr_set), .wdata_i(wr_tag)
    );
    for (genvar k = 0; k < Words; k++) begin : g_bank
      xl_sram #(.Depth(CacheSets), .Width(WordW)) u_data (
        .clk_i, .re_i(rd_en && (rd_all || 32'(rd_widx) == k)), .raddr_i(rd_set),
        .rdata_o(data_rd[w * Words + k]),
        .we_i(data_we[w * Words + k]), .waddr_i(wr_set), .wdata_i(wr_line[k * WordW +: WordW])
      );
    end
  end
  xl_sram #(.Depth(CacheSets), .Width(ReplW)) u_plru (
    .clk_i, .re_i(rd_en), .raddr_i(rd_set), .rdata_o(repl_rd),
    .we_i(repl_we), .waddr_i(wr_set), .wdata_i(wr_repl)
  );

  // ---------------------------------------------------------------- the current access
  logic [PaBits-1:0] acc_pa;
  logic              acc_we;
  logic [1:0]        acc_size;
  logic [63:0]       acc_wdata;
  logic [TagW-1:0]   acc_tag;
  logic [WIdxW-1:0]  acc_widx;
  logic [BOffW-1:0]  acc_boff;

  always_comb begin
    acc_pa    = src_ptw_q ? ptw_pa_q    : core_pa_i;
    acc_we    = src_ptw_q ? ptw_we_q    : core_we_i;
    acc_size  = src_ptw_q ? ptw_size_q  : core_size_i;
    acc_wdata = src_ptw_q ? ptw_wdata_q : core_wdata_i;
    acc_tag   = acc_pa[PaBits-1 -: TagW];
    acc_widx  = (Words > 1) ? acc_pa[BOffW +: WIdxW] : '0;
    acc_boff  = acc_pa[BOffW-1:0];
  end

  // Tag compare on the arrays' outputs, and the addressed word of each way.
  logic [Ways-1:0]  set_valid, set_dirty, hit_vec;
  logic [WayW-1:0]  hit_way, plru_victim;
  logic             hit;
  logic [WordW-1:0] hit_word;
  logic [ReplW-1:0] repl_t;

  always_comb begin
    logic [TagEW-1:0] te;
    hit      = 1'b0;
    hit_way  = '0;
    hit_word = '0;
    for (int unsigned w = 0; w < Ways; w++) begin
      te           = tag_rd[w];
      set_valid[w] = te[TagW + 1];
      set_dirty[w] = te[TagW];
      hit_vec[w]   = te[TagW + 1] && te[TagW-1:0] == acc_tag;
      if (hit_vec[w] && !hit) begin
        hit     = 1'b1;
        hit_way = w[WayW-1:0];
      end
      if (hit_vec[w]) hit_word = hit_word | data_rd[w * Words + 32'(acc_widx)];
    end
  end

  xl_repl #(.Ways(Ways), .Lru(0)) u_repl (
    .state_i(repl_rd), .touch_way_i(hit_way), .touched_o(repl_t), .victim_o(plru_victim)
  );

  // The read value (zero-extended) and the word with a store merged in.
  logic [63:0]      rd_value;
  logic [WordW-1:0] new_word, lane_bits, rd_word, wr_word;
  always_comb begin
    lane_bits = WordW'((65'd1 << (8 * (32'd1 << acc_size))) - 65'd1) << (8 * 32'(acc_boff));
    rd_word   = (hit_word & lane_bits) >> (8 * 32'(acc_boff));
    rd_value  = 64'(rd_word);
    wr_word   = acc_wdata[WordW-1:0];
    new_word  = (hit_word & ~lane_bits) | ((wr_word << (8 * 32'(acc_boff))) & lane_bits);
  end

  // Victim for a miss: lowest invalid way, else PLRU.
  logic [WayW-1:0]     miss_way;
  logic                miss_wb;
  logic [TagW-1:0]     victim_tag;
  logic [LineBits-1:0] victim_line;
  always_comb begin
    logic free;
    free     = 1'b0;
    miss_way = plru_victim;
    for (int unsigned w = 0; w < Ways; w++) begin
      if (!set_valid[w] && !free) begin
        free     = 1'b1;
        miss_way = w[WayW-1:0];
      end
    end
    miss_wb = 1'b0;
    for (int unsigned w = 0; w < Ways; w++) begin
      if (w == 32'(miss_way)) miss_wb = set_valid[w] && set_dirty[w];
    end
`ifdef XL_BUG_CACHE_WB
    miss_wb = 1'b0;  // injected bug (make formal-bugs only): a dirty victim is dropped, not written back
`endif
    victim_tag  = tag_rd[victim_q][TagW-1:0];
    // The victim's whole line (read by StVicRd); only needed for the write-back.
    victim_line = '0;
    if (state_q == StMissWb) begin
      for (int unsigned k = 0; k < Words; k++) victim_line[k * WordW +: WordW] = data_rd[32'(victim_q) * Words + k];
    end
  end

  // An uncached access: the line-aligned address, the access's bytes in the
  // line (byte enables), the store data in its lanes, the load's value.
  localparam int unsigned LOffW = (CacheLine > 1) ? $clog2(CacheLine) : 1;
  logic [LOffW-1:0]     uc_off;
  logic [CacheLine-1:0] uc_be, size_be;
  logic [LineBits-1:0]  uc_line, uc_shift;
  logic [WordW-1:0]     uc_word;
  logic [63:0]          uc_value;
  always_comb begin
    uc_off = acc_pa[LOffW-1:0];
    unique case (acc_size)
      2'd0:    size_be = CacheLine'(1);
      2'd1:    size_be = CacheLine'(3);
      2'd2:    size_be = CacheLine'(15);
      default: size_be = CacheLine'(255);
    endcase
    uc_be    = size_be << uc_off;
    uc_line  = LineBits'(acc_wdata) << (8 * 32'(uc_off));
    uc_shift = mem_rsp_rdata_i >> (8 * 32'(uc_off));
    uc_word  = uc_shift[WordW-1:0] & WordW'((65'd1 << (8 * (32'd1 << acc_size))) - 65'd1);
    uc_value = 64'(uc_word);
  end

  // Physical address of the line with tag `t` in set `st`.
  function automatic logic [PaBits-1:0] line_addr(input logic [TagW-1:0] t, input logic [IdxW-1:0] st);
    line_addr = ({{(PaBits - TagW){1'b0}}, t} << (OffW + IdxBits)) |
                (({{(PaBits - IdxW){1'b0}}, st} << OffW) & ~({PaBits{1'b1}} << (OffW + IdxBits)));
  endfunction

  // ---------------------------------------------------------------- control
  logic core_done, ptw_done, free_slot, core_acc, ptw_acc, dbg_acc, commit;

  // Completion and readiness (no dependence on this cycle's request valids).
  always_comb begin
    logic in_cmp, uc_now;
    in_cmp    = state_q == StCmp;
    uc_now    = !src_ptw_q && core_uc_i;   // an uncached core access is never a hit
    core_done = (in_cmp && !src_ptw_q && (core_kill_i || (hit && !uc_now && core_rsp_ready_i))) ||
                (state_q == StUcRsp && core_rsp_ready_i);
    ptw_done  = in_cmp && src_ptw_q && hit;
    commit    = in_cmp && hit && !uc_now && (src_ptw_q || (!core_kill_i && core_rsp_ready_i));
    free_slot = state_q == StIdle || core_done || ptw_done;
    dbg_acc   = state_q == StIdle && dbg_valid_i;
    core_req_ready_o = free_slot && !dbg_acc;
    core_rsp_valid_o = (in_cmp && !src_ptw_q && !core_kill_i && hit && !uc_now) || state_q == StUcRsp;
    ptw_rsp_valid_o  = ptw_done;
  end

  assign dbg_ready_o = state_q == StIdle;

  // Who is accepted this cycle: debug, then the core, then the walker.
  always_comb begin
    core_acc        = core_req_ready_o && core_req_valid_i;
    ptw_req_ready_o = core_req_ready_o && !core_req_valid_i;
    ptw_acc         = ptw_req_ready_o && ptw_req_valid_i;
  end

  always_comb begin
    core_rsp_hit_o   = !missed_q;
    core_rsp_rdata_o = acc_we ? 64'd0 : (state_q == StUcRsp ? uc_data_q : rd_value);
    ptw_rsp_hit_o    = !missed_q;
    ptw_rsp_rdata_o  = acc_we ? 64'd0 : rd_value;
    mem_req_valid_o  = state_q == StMissWb || state_q == StMissRd || state_q == StUcReq;
    mem_req_we_o     = state_q == StMissWb || (state_q == StUcReq && acc_we);
    mem_req_uc_o     = state_q == StUcReq;
    mem_req_addr_o   = line_addr(state_q == StMissWb ? victim_tag : acc_tag, set_q);
    mem_req_wdata_o  = state_q == StUcReq ? uc_line : victim_line;
    mem_req_be_o     = state_q == StUcReq ? uc_be : '1;
    mem_rsp_ready_o  = state_q == StMissWait || state_q == StUcWait;
    idle_o           = state_q == StIdle;
  end

  always_comb begin
    state_d      = state_q;
    src_ptw_d    = src_ptw_q;
    set_d        = set_q;
    missed_d     = missed_q;
    victim_d     = victim_q;
    ptw_pa_d     = ptw_pa_q;
    ptw_we_d     = ptw_we_q;
    ptw_size_d   = ptw_size_q;
    ptw_wdata_d  = ptw_wdata_q;
    dbg_target_d = dbg_target_q;
    dbg_way_d    = dbg_way_q;
    uc_data_d    = uc_data_q;
    rd_en        = 1'b0;
    rd_all       = 1'b0;
    rd_widx      = acc_widx;
    rd_set       = set_q;
    wr_set       = set_q;
    tag_we       = '0;
    data_we      = '0;
    repl_we      = 1'b0;
    wr_tag       = {1'b1, 1'b1, acc_tag};
    wr_line      = {Words{new_word}};
    wr_repl      = repl_t;

    unique case (state_q)
      StInit: begin
        // Clear every set's valid bits and PLRU state, one set per cycle.
        tag_we  = '1;
        repl_we = 1'b1;
        wr_tag  = '0;
        wr_repl = '0;
        set_d   = set_q + 1'b1;
        if (32'(set_q) == CacheSets - 1) begin
          set_d   = '0;
          state_d = StIdle;
        end
      end
      StCmp: begin
        if (!src_ptw_q && core_kill_i) begin
          state_d = StIdle;
        end else if (!src_ptw_q && core_uc_i) begin
          missed_d = 1'b1;            // never a hit; the arrays are left alone
          state_d  = StUcReq;
`ifdef XL_BUG_CACHE_UC
          repl_we  = hit;  // injected bug (make formal-bugs only): an uncached hit touches the PLRU state
`endif
        end else if (hit) begin
          if (commit) state_d = StIdle;
        end else begin
          missed_d = 1'b1;
          victim_d = miss_way;
          // A dirty victim: read its whole line first, then write it back.
          state_d  = miss_wb ? StVicRd : StMissRd;
          rd_en    = miss_wb;
          rd_all   = 1'b1;
        end
      end
      StVicRd: state_d = StMissWb;
      StMissWb: if (mem_req_ready_i) state_d = StMissRd;
      StMissRd: if (mem_req_ready_i) state_d = StMissWait;
      StMissWait: begin
        if (mem_rsp_valid_i) begin
          // Install the line clean in the victim way.
          for (int unsigned w = 0; w < Ways; w++) begin
            tag_we[w] = w == 32'(victim_q);
            for (int unsigned k = 0; k < Words; k++) data_we[w * Words + k] = w == 32'(victim_q);
          end
          wr_tag  = {1'b1, 1'b0, acc_tag};
          wr_line = mem_rsp_rdata_i;
          state_d = StReplay;
        end
      end
      StReplay: begin
        rd_en   = 1'b1;
        state_d = StCmp;
      end
      StUcReq: if (mem_req_ready_i) state_d = acc_we ? StUcRsp : StUcWait;
      StUcWait: begin
        if (mem_rsp_valid_i) begin
          uc_data_d = uc_value;
          state_d   = StUcRsp;
        end
      end
      StUcRsp: if (core_rsp_ready_i) state_d = StIdle;
      StDbg: state_d = StIdle;
      default: ;
    endcase

    // Commit a hit: touch; for a write store the word and set dirty.
    if (commit) begin
      repl_we = 1'b1;
      for (int unsigned w = 0; w < Ways; w++) begin
        tag_we[w] = acc_we && w == 32'(hit_way);
        for (int unsigned k = 0; k < Words; k++) data_we[w * Words + k] = acc_we && w == 32'(hit_way) && k == 32'(acc_widx);
      end
    end

    // Accept the next access (in the cycle the previous one completes).
    if (core_acc) begin
      rd_en     = 1'b1;
      rd_widx   = (Words > 1) ? core_req_idx_i[BOffW +: WIdxW] : '0;
      rd_set    = (CacheSets > 1) ? core_req_idx_i[OffW +: IdxW] : '0;
      set_d     = rd_set;
      src_ptw_d = 1'b0;
      missed_d  = 1'b0;
      state_d   = StCmp;
    end else if (ptw_acc) begin
      rd_en       = 1'b1;
      rd_widx     = (Words > 1) ? ptw_req_pa_i[BOffW +: WIdxW] : '0;
      rd_set      = (CacheSets > 1) ? ptw_req_pa_i[OffW +: IdxW] : '0;
      set_d       = rd_set;
      src_ptw_d   = 1'b1;
      missed_d    = 1'b0;
      ptw_pa_d    = ptw_req_pa_i;
      ptw_we_d    = ptw_req_we_i;
      ptw_size_d  = ptw_req_size_i;
      ptw_wdata_d = ptw_req_wdata_i;
      state_d     = StCmp;
    end else if (dbg_acc) begin
      set_d        = dbg_set_i;
      dbg_target_d = dbg_target_i;
      dbg_way_d    = dbg_way_i;
      state_d      = StDbg;
      if (!dbg_we_i) begin
        rd_en  = 1'b1;
        rd_all = 1'b1;
        rd_set = dbg_set_i;
      end else begin
        wr_set  = dbg_set_i;
        wr_tag  = {dbg_wdata_i[TagW + 1], dbg_wdata_i[TagW + 1] && dbg_wdata_i[TagW], dbg_wdata_i[TagW-1:0]};
        wr_line = dbg_wdata_i[LineBits-1:0];
        // One way has no PLRU bits: its placeholder bit stays 0.
        wr_repl = dbg_wdata_i[ReplW-1:0] & {ReplW{Ways > 1}};
        repl_we = dbg_target_i == 2'd2;
        for (int unsigned w = 0; w < Ways; w++) begin
          tag_we[w] = dbg_target_i == 2'd0 && w == 32'(dbg_way_i);
          for (int unsigned k = 0; k < Words; k++) data_we[w * Words + k] = dbg_target_i == 2'd1 && w == 32'(dbg_way_i);
        end
      end
    end
  end

  // Debug read data, one cycle after the request (SRAM latency).
  always_comb begin
    dbg_rvalid_o = state_q == StDbg;
    dbg_rdata_o  = '0;
    if (dbg_rvalid_o) begin
      for (int unsigned w = 0; w < Ways; w++) begin
        if (w == 32'(dbg_way_q)) begin
          if (dbg_target_q == 2'd0) begin
            dbg_rdata_o[TagEW-1:0] = tag_rd[w];
          end else if (dbg_target_q == 2'd1) begin
            for (int unsigned k = 0; k < Words; k++) dbg_rdata_o[k * WordW +: WordW] = data_rd[w * Words + k];
          end
        end
      end
      if (dbg_target_q == 2'd2) dbg_rdata_o[ReplW-1:0] = repl_rd;
    end
  end

  // ---------------------------------------------------------------- registers
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q      <= StInit;
      src_ptw_q    <= 1'b0;
      set_q        <= '0;
      missed_q     <= 1'b0;
      victim_q     <= '0;
      ptw_pa_q     <= '0;
      ptw_we_q     <= 1'b0;
      ptw_size_q   <= '0;
      ptw_wdata_q  <= '0;
      dbg_target_q <= '0;
      dbg_way_q    <= '0;
      uc_data_q    <= '0;
    end else begin
      state_q      <= state_d;
      src_ptw_q    <= src_ptw_d;
      set_q        <= set_d;
      missed_q     <= missed_d;
      victim_q     <= victim_d;
      ptw_pa_q     <= ptw_pa_d;
      ptw_we_q     <= ptw_we_d;
      ptw_size_q   <= ptw_size_d;
      ptw_wdata_q  <= ptw_wdata_d;
      dbg_target_q <= dbg_target_d;
      dbg_way_q    <= dbg_way_d;
      uc_data_q    <= uc_data_d;
    end
  end

  logic unused_cache;
  assign unused_cache = ^{core_req_idx_i, acc_pa, set_dirty, acc_wdata, uc_shift};
endmodule
