// xl_cache -- VIPT L1 data cache: set-associative, write-back,
// write-allocate, tree-PLRU.  Behaviour matches cmodel/src/cache.c.
//
// Ports (docs/interfaces.md gives the timing):
//  - core: split-phase.  Phase A (core_req_valid_i & ready) carries only the
//    page-offset bits of the *virtual* address; the set is read that cycle.
//    From the next cycle (phase B) until the request completes, core_pa_i /
//    core_we_i / core_size_i / core_wdata_i hold the translated access, or
//    core_kill_i abandons it.  The response (core_rsp_valid_o) completes it
//    when core_rsp_ready_i is high: only then are the store data and the
//    PLRU update committed.
//  - ptw: the walker's port, lower priority than a core request in the same
//    cycle; always-ready response.
//  - mem: one line read or write-back at a time; writes are posted (no
//    response); read responses return in order.  Any latency, any
//    back-pressure.
//  - dbg: read/write a line's {valid, dirty, tag}, its data, or a set's
//    PLRU state; accepted when idle; every operation answers one cycle later
//    on dbg_rvalid_o.
//
// Tag and data arrays are xl_sram macros (one per way); valid, dirty and
// PLRU state are flops.
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
  localparam int unsigned Ways  = CacheWays;
  localparam int unsigned WayW  = (Ways > 1) ? $clog2(Ways) : 1;
  localparam int unsigned ReplW = (Ways > 1) ? Ways - 1 : 1;
  localparam int unsigned NL    = CacheSets * Ways;

  typedef enum logic [2:0] {
    StIdle, StCmp, StMissWb, StMissRd, StMissWait, StReplay, StDbg
  } state_e;

  // ---------------------------------------------------------------- state
  state_e              state_q, state_d;
  logic                src_ptw_q, src_ptw_d;      // current access is the walker's
  logic [IdxW-1:0]     set_q, set_d;
  logic                missed_q, missed_d;
  logic [WayW-1:0]     victim_q, victim_d;
  logic [PaBits-1:0]   ptw_pa_q, ptw_pa_d;
  logic                ptw_we_q, ptw_we_d;
  logic [1:0]          ptw_size_q, ptw_size_d;
  logic [63:0]         ptw_wdata_q, ptw_wdata_d;
  logic [1:0]          dbg_target_q, dbg_target_d;
  logic [7:0]          dbg_way_q, dbg_way_d;
  logic [NL-1:0]       valid_q, valid_d, dirty_q, dirty_d;
  logic [CacheSets*ReplW-1:0] repl_q, repl_d;

  // ---------------------------------------------------------------- arrays
  logic                 rd_en;
  logic [IdxW-1:0]      rd_set, wr_set;
  logic [Ways-1:0]      tag_we, data_we;
  logic [TagW-1:0]      wr_tag;
  logic [LineBits-1:0]  wr_line;
  logic [Ways*TagW-1:0]     tag_rd;
  logic [Ways*LineBits-1:0] data_rd;

  for (genvar w = 0; w < Ways; w++) begin : g_way
    xl_sram #(.Depth(CacheSets), .Width(TagW)) u_tag (
      .clk_i, .re_i(rd_en), .raddr_i(rd_set), .rdata_o(tag_rd[w * TagW +: TagW]),
      .we_i(tag_we[w]), .waddr_i(wr_set), .wdata_i(wr_tag)
    );
    xl_sram #(.Depth(CacheSets), .Width(LineBits)) u_data (
      .clk_i, .re_i(rd_en), .raddr_i(rd_set), .rdata_o(data_rd[w * LineBits +: LineBits]),
      .we_i(data_we[w]), .waddr_i(wr_set), .wdata_i(wr_line)
    );
  end

  // ---------------------------------------------------------------- the current access
  logic [PaBits-1:0] acc_pa;
  logic              acc_we;
  logic [1:0]        acc_size;
  logic [63:0]       acc_wdata;
  logic [TagW-1:0]   acc_tag;
  logic [OffW-1:0]   acc_off;

  always_comb begin
    acc_pa    = src_ptw_q ? ptw_pa_q    : core_pa_i;
    acc_we    = src_ptw_q ? ptw_we_q    : core_we_i;
    acc_size  = src_ptw_q ? ptw_size_q  : core_size_i;
    acc_wdata = src_ptw_q ? ptw_wdata_q : core_wdata_i;
    acc_tag   = acc_pa[PaBits-1 -: TagW];
    acc_off   = acc_pa[OffW-1:0];
  end

  // Per-way state of the current set (one-hot set decode, AND-OR).
  logic [Ways-1:0]  set_valid, set_dirty, hit_vec;
  logic [ReplW-1:0] set_repl, set_repl_t;
  logic [WayW-1:0]  hit_way, plru_victim;
  logic             hit;
  logic [LineBits-1:0] hit_line;

  always_comb begin
    set_valid = '0;
    set_dirty = '0;
    set_repl  = '0;
    for (int unsigned st = 0; st < CacheSets; st++) begin
      if (st == 32'(set_q)) begin
        set_valid = valid_q[st * Ways +: Ways];
        set_dirty = dirty_q[st * Ways +: Ways];
        set_repl  = repl_q[st * ReplW +: ReplW];
      end
    end
    hit      = 1'b0;
    hit_way  = '0;
    hit_line = '0;
    for (int unsigned w = 0; w < Ways; w++) begin
      hit_vec[w] = set_valid[w] && tag_rd[w * TagW +: TagW] == acc_tag;
      if (hit_vec[w]) begin
        hit      = 1'b1;
        hit_way  = w[WayW-1:0];
        hit_line = hit_line | data_rd[w * LineBits +: LineBits];
      end
    end
  end

  xl_repl #(.Ways(Ways), .Lru(0)) u_repl (
    .state_i(set_repl), .touch_way_i(hit_way), .touched_o(set_repl_t), .victim_o(plru_victim)
  );

  // Read data (zero-extended) and the line with the store merged in.  The
  // access is naturally aligned and at most 8 bytes, so byte k of the value
  // is line byte (off | k), and line byte b is written when
  // (b & ~(size-1)) == off.
  logic [63:0]         rd_value;
  logic [LineBits-1:0] merged;
  always_comb begin
    logic [OffW-1:0] lane_mask;
    rd_value  = '0;
    lane_mask = OffW'((8'd1 << acc_size) - 8'd1);
    for (int unsigned k = 0; k < 8; k++) begin
      if (k < CacheLine && (32'd1 << acc_size) > k) begin
        for (int unsigned b = 0; b < CacheLine; b++) begin
          if (OffW'(b) == (acc_off | OffW'(k))) rd_value[k * 8 +: 8] = hit_line[b * 8 +: 8];
        end
      end
    end
    merged = hit_line;
    for (int unsigned b = 0; b < CacheLine; b++) begin
      if ((OffW'(b) & ~lane_mask) == acc_off) begin
        for (int unsigned k = 0; k < 8; k++) begin
          // k < CacheLine: with lines under 8 bytes OffW'(k) wraps, and
          // bytes 4..7 of wdata must not overwrite bytes 0..3.
          if (k < CacheLine && OffW'(k) == (OffW'(b) & lane_mask)) merged[b * 8 +: 8] = acc_wdata[k * 8 +: 8];
        end
      end
    end
  end

  // Victim for a miss: lowest invalid way, else PLRU.
  logic [WayW-1:0] miss_way;
  logic            miss_wb;
  logic [TagW-1:0] victim_tag;
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
    // During the miss states the victim is victim_q.
    miss_wb     = 1'b0;
    victim_tag  = '0;
    victim_line = '0;
    for (int unsigned w = 0; w < Ways; w++) begin
      if (w == 32'(miss_way)) miss_wb = set_valid[w] && set_dirty[w];
      if (w == 32'(victim_q)) begin
        victim_tag  = tag_rd[w * TagW +: TagW];
        victim_line = data_rd[w * LineBits +: LineBits];
      end
    end
  end

  // Physical address of the line with tag `t` in set `st`.
  function automatic logic [PaBits-1:0] line_addr(input logic [TagW-1:0] t, input logic [IdxW-1:0] st);
    line_addr = ({{(PaBits - TagW){1'b0}}, t} << (OffW + IdxBits)) |
                (({{(PaBits - IdxW){1'b0}}, st} << OffW) & ~({PaBits{1'b1}} << (OffW + IdxBits)));
  endfunction

  // ---------------------------------------------------------------- control
  logic core_done, ptw_done, free_slot, core_acc, ptw_acc, dbg_acc;
  logic commit;  // the current access completes as a hit this cycle

  // Completion and readiness (no dependence on this cycle's request valids).
  always_comb begin
    logic in_cmp;
    in_cmp    = state_q == StCmp;
    core_done = in_cmp && !src_ptw_q && (core_kill_i || (hit && core_rsp_ready_i));
    ptw_done  = in_cmp && src_ptw_q && hit;
    commit    = in_cmp && hit && (src_ptw_q || (!core_kill_i && core_rsp_ready_i));
    free_slot = state_q == StIdle || core_done || ptw_done;
    dbg_acc   = state_q == StIdle && dbg_valid_i;
    core_req_ready_o = free_slot && !dbg_acc;
    core_rsp_valid_o = in_cmp && !src_ptw_q && !core_kill_i && hit;
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
    core_rsp_rdata_o = acc_we ? 64'd0 : rd_value;
    ptw_rsp_hit_o    = !missed_q;
    ptw_rsp_rdata_o  = acc_we ? 64'd0 : rd_value;

    mem_req_valid_o  = state_q == StMissWb || state_q == StMissRd;
    mem_req_we_o     = state_q == StMissWb;
    mem_req_addr_o   = line_addr(mem_req_we_o ? victim_tag : acc_tag, set_q);
    mem_req_wdata_o  = victim_line;
    mem_rsp_ready_o  = state_q == StMissWait;
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
    valid_d      = valid_q;
    dirty_d      = dirty_q;
    repl_d       = repl_q;
    rd_en        = 1'b0;
    rd_set       = set_q;
    wr_set       = set_q;
    tag_we       = '0;
    data_we      = '0;
    wr_tag       = acc_tag;
    wr_line      = merged;

    unique case (state_q)
      StCmp: begin
        if (!src_ptw_q && core_kill_i) begin
          state_d = StIdle;
        end else if (hit) begin
          if (commit) state_d = StIdle;
        end else begin
          missed_d = 1'b1;
          victim_d = miss_way;
          state_d  = miss_wb ? StMissWb : StMissRd;
        end
      end
      StMissWb: if (mem_req_ready_i) state_d = StMissRd;
      StMissRd: if (mem_req_ready_i) state_d = StMissWait;
      StMissWait: begin
        if (mem_rsp_valid_i) begin
          for (int unsigned w = 0; w < Ways; w++) begin
            tag_we[w]  = w == 32'(victim_q);
            data_we[w] = w == 32'(victim_q);
          end
          wr_line = mem_rsp_rdata_i;
          for (int unsigned st = 0; st < CacheSets; st++) begin
            for (int unsigned w = 0; w < Ways; w++) begin
              if (st == 32'(set_q) && w == 32'(victim_q)) begin
                valid_d[st * Ways + w] = 1'b1;
                dirty_d[st * Ways + w] = 1'b0;
              end
            end
          end
          state_d = StReplay;
        end
      end
      StReplay: begin
        rd_en   = 1'b1;
        state_d = StCmp;
      end
      StDbg: state_d = StIdle;
      default: ;
    endcase

    // Commit a hit: touch, and for a write store the merged line and set dirty.
    if (commit) begin
      for (int unsigned st = 0; st < CacheSets; st++) begin
        if (st == 32'(set_q)) begin
          repl_d[st * ReplW +: ReplW] = set_repl_t;
          for (int unsigned w = 0; w < Ways; w++) begin
            if (acc_we && w == 32'(hit_way)) dirty_d[st * Ways + w] = 1'b1;
          end
        end
      end
      for (int unsigned w = 0; w < Ways; w++) data_we[w] = acc_we && w == 32'(hit_way);
    end

    // Accept the next access (in the cycle the previous one completes).
    if (core_acc) begin
      rd_en     = 1'b1;
      rd_set    = (CacheSets > 1) ? core_req_idx_i[OffW +: IdxW] : '0;
      set_d     = rd_set;
      src_ptw_d = 1'b0;
      missed_d  = 1'b0;
      state_d   = StCmp;
    end else if (ptw_acc) begin
      rd_en       = 1'b1;
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
        rd_set = dbg_set_i;
      end else begin
        wr_set  = dbg_set_i;
        wr_tag  = dbg_wdata_i[TagW-1:0];
        wr_line = dbg_wdata_i[LineBits-1:0];
        for (int unsigned w = 0; w < Ways; w++) begin
          tag_we[w]  = dbg_target_i == 2'd0 && w == 32'(dbg_way_i);
          data_we[w] = dbg_target_i == 2'd1 && w == 32'(dbg_way_i);
        end
        for (int unsigned st = 0; st < CacheSets; st++) begin
          if (st == 32'(dbg_set_i)) begin
            // One way has no PLRU bits: its placeholder flop stays 0.
            if (dbg_target_i == 2'd2) repl_d[st * ReplW +: ReplW] = dbg_wdata_i[ReplW-1:0] & {ReplW{Ways > 1}};
            for (int unsigned w = 0; w < Ways; w++) begin
              if (dbg_target_i == 2'd0 && w == 32'(dbg_way_i)) begin
                valid_d[st * Ways + w] = dbg_wdata_i[TagW + 1];
                dirty_d[st * Ways + w] = dbg_wdata_i[TagW + 1] && dbg_wdata_i[TagW];
              end
            end
          end
        end
      end
    end
  end

  // Debug read data, one cycle after the request (SRAM latency).
  always_comb begin
    dbg_rvalid_o = state_q == StDbg;
    dbg_rdata_o  = '0;
    for (int unsigned w = 0; w < Ways; w++) begin
      if (w == 32'(dbg_way_q)) begin
        if (dbg_target_q == 2'd0) begin
          dbg_rdata_o[TagW + 1:0] = {set_valid[w], set_dirty[w], tag_rd[w * TagW +: TagW]};
        end else if (dbg_target_q == 2'd1) begin
          dbg_rdata_o[LineBits-1:0] = data_rd[w * LineBits +: LineBits];
        end
      end
    end
    if (dbg_target_q == 2'd2) dbg_rdata_o[ReplW-1:0] = set_repl;
  end

  // ---------------------------------------------------------------- registers
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q      <= StIdle;
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
      valid_q      <= '0;
      dirty_q      <= '0;
      repl_q       <= '0;
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
      valid_q      <= valid_d;
      dirty_q      <= dirty_d;
      repl_q       <= repl_d;
    end
  end

  logic unused_cache;
  assign unused_cache = ^{core_req_idx_i, acc_pa};
endmodule
