// f_cache -- formal properties of xl_cache, the VIPT L1 data cache
// (docs/formal.md, section Cache).
//
// Geometry (default): 2 sets x 2 ways x 4-byte lines, 5-bit physical
// addresses (4 tags per set: evictions happen); accesses of at most one
// data word (4 bytes here).  The core port, the walker
// port, the memory and the debug reads are free inputs under the
// assumptions below; the memory is modelled for one byte only: f_addr, an
// $anyconst, whose value the wrapper tracks (f_val: the architectural
// value, the last one written by the core or the walker; f_mem: memory's
// copy).  A read answered from memory returns f_mem in that byte lane (at
// acceptance, as the interface says a coherent memory may), any value in
// the others.  Since f_addr is arbitrary the data property covers every
// byte.  Probes and labels: see formal/tlb/f_tlb.sv.
//
// Uncached accesses (core_uc_i, Svpbmt NC / IO; with Uc = 1) are free like
// the rest of the core's phase B; the watched byte's line is either always accessed
// uncached or never (f_uc_sel, an $anyconst: a location is used with one
// cacheability, as the Svpbmt chapter requires for coherence), and an
// uncached line is not used by the walker.  Memory writes apply only the
// bytes their enables select.
module f_cache #(
  parameter int unsigned PaBits    = 5,
  parameter int unsigned PageBits  = 3,
  parameter int unsigned CacheSets = 2,
  parameter int unsigned CacheWays = 2,
  parameter int unsigned CacheLine = 4,
  parameter int unsigned Uc        = 0,    // 1: uncached core accesses occur (core_uc_i free), 0: never
  localparam int unsigned LineBits = CacheLine * 8,
  localparam int unsigned OffW     = $clog2(CacheLine),
  localparam int unsigned IdxBits  = $clog2(CacheSets),
  localparam int unsigned IdxW     = (CacheSets > 1) ? IdxBits : 1,
  localparam int unsigned TagW     = PaBits - OffW - IdxBits,
  localparam int unsigned DbgW     = (LineBits > TagW + 2) ? LineBits : TagW + 2,
  localparam int unsigned WayW     = (CacheWays > 1) ? $clog2(CacheWays) : 1,
  localparam int unsigned WordB    = (CacheLine < 8) ? CacheLine : 8
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic                core_req_valid_i,
  input  logic [PageBits-1:0] core_req_idx_i,
  input  logic                core_kill_i,
  input  logic [PaBits-1:0]   core_pa_i,
  input  logic                core_uc_i,
  input  logic                core_we_i,
  input  logic [1:0]          core_size_i,
  input  logic [63:0]         core_wdata_i,
  input  logic                core_rsp_ready_i,
  input  logic                ptw_req_valid_i,
  input  logic                ptw_req_we_i,
  input  logic [PaBits-1:0]   ptw_req_pa_i,
  input  logic [1:0]          ptw_req_size_i,
  input  logic [63:0]         ptw_req_wdata_i,
  input  logic                mem_req_ready_i,
  input  logic                mem_rsp_valid_i,
  input  logic [LineBits-1:0] mem_rsp_rdata_i,
  input  logic                dbg_valid_i,
  input  logic [1:0]          dbg_target_i,
  input  logic [IdxW-1:0]     dbg_set_i,
  input  logic [7:0]          dbg_way_i
);
  logic f_past_valid = 1'b0;
  always @(posedge clk_i) f_past_valid <= 1'b1;
  always @(*) assume(rst_ni == f_past_valid);

  // ------------------------------------------------------------ the DUT
  logic f_uc_in;   // the access is uncached (never with Uc = 0: the uncached path is then constant-folded away)
  assign f_uc_in = (Uc != 0) && core_uc_i;
  logic                core_req_ready, core_rsp_valid, core_rsp_hit, ptw_req_ready, ptw_rsp_valid, ptw_rsp_hit;
  logic [63:0]         core_rsp_rdata, ptw_rsp_rdata;
  logic                mem_req_valid, mem_req_we, mem_rsp_ready, dbg_ready, dbg_rvalid, idle;
  logic [PaBits-1:0]   mem_req_addr;
  logic [LineBits-1:0] mem_req_wdata;
  logic [CacheLine-1:0] mem_req_be;
  logic                mem_req_uc;
  logic [DbgW-1:0]     dbg_rdata;

  xl_cache #(
    .PaBits(PaBits), .PageBits(PageBits), .CacheSets(CacheSets), .CacheWays(CacheWays), .CacheLine(CacheLine)
  ) u_dut (
    .clk_i, .rst_ni,
    .core_req_valid_i, .core_req_ready_o(core_req_ready), .core_req_idx_i, .core_kill_i, .core_pa_i,
    .core_uc_i(f_uc_in), .core_we_i, .core_size_i, .core_wdata_i, .core_rsp_valid_o(core_rsp_valid),
    .core_rsp_ready_i,
    .core_rsp_hit_o(core_rsp_hit), .core_rsp_rdata_o(core_rsp_rdata),
    .ptw_req_valid_i, .ptw_req_ready_o(ptw_req_ready), .ptw_req_we_i, .ptw_req_pa_i, .ptw_req_size_i,
    .ptw_req_wdata_i, .ptw_rsp_valid_o(ptw_rsp_valid), .ptw_rsp_hit_o(ptw_rsp_hit),
    .ptw_rsp_rdata_o(ptw_rsp_rdata),
    .mem_req_valid_o(mem_req_valid), .mem_req_ready_i, .mem_req_we_o(mem_req_we), .mem_req_addr_o(mem_req_addr),
    .mem_req_wdata_o(mem_req_wdata), .mem_req_be_o(mem_req_be), .mem_req_uc_o(mem_req_uc), .mem_rsp_valid_i,
    .mem_rsp_ready_o(mem_rsp_ready), .mem_rsp_rdata_i,
    .dbg_valid_i, .dbg_ready_o(dbg_ready), .dbg_we_i(1'b0), .dbg_target_i, .dbg_set_i, .dbg_way_i,
    .dbg_wdata_i('0), .dbg_rvalid_o(dbg_rvalid), .dbg_rdata_o(dbg_rdata),
    .idle_o(idle)
  );

  // probe: p_state = u_dut.state_q
  logic [3:0]          p_state;
  // probe: p_hit_vec = u_dut.hit_vec
  logic [CacheWays-1:0] p_hit_vec;    // ways whose tag matches, in a compare cycle
  // probe: p_set_valid = u_dut.set_valid
  logic [CacheWays-1:0] p_set_valid;  // the set's tags as read
  // probe: p_set_dirty = u_dut.set_dirty
  logic [CacheWays-1:0] p_set_dirty;
  // probe: p_victim = u_dut.victim_q
  logic [WayW-1:0]     p_victim;
  // probe: p_victim_tag = u_dut.victim_tag
  logic [TagW-1:0]     p_victim_tag;
  // probe: p_set = u_dut.set_q
  logic [IdxW-1:0]     p_set;
  // probe: p_hit = u_dut.hit
  logic                p_hit;
  // probe: p_missed = u_dut.missed_q
  logic                p_missed;
  // probe: p_src_ptw = u_dut.src_ptw_q
  logic                p_src_ptw;
  // probe: p_tag_we = u_dut.tag_we
  logic [CacheWays-1:0] p_tag_we;     // the write ports of the arrays: tags (valid, dirty) ...
  // probe: p_data_we = u_dut.data_we
  logic [CacheWays*(CacheLine/WordB)-1:0] p_data_we;   // ... data banks ...
  // probe: p_repl_we = u_dut.repl_we
  logic                p_repl_we;     // ... and PLRU state
  // probe: p_uc_data = u_dut.uc_data_q
  logic [63:0]         p_uc_data;     // an uncached load's value
  localparam logic [3:0] StInit = 4'd0, StIdle = 4'd1, StCmp = 4'd2, StVicRd = 4'd3, StMissWb = 4'd4,
                         StMissRd = 4'd5, StMissWait = 4'd6, StReplay = 4'd7, StDbg = 4'd8,
                         StUcReq = 4'd9, StUcWait = 4'd10, StUcRsp = 4'd11;

  logic unused_f;
  assign unused_f = ^{dbg_rdata, idle, ptw_rsp_hit, mem_rsp_ready};

  // ------------------------------------------------------------ environment
  (* anyconst *) logic [PaBits-1:0] f_addr;     // the watched byte
  (* anyconst *) logic              f_uc_sel;   // its line is accessed uncached
  logic [7:0]  f_val, f_mem, f_rd_val;
  logic        f_core_busy, f_core_first, f_ptw_busy, f_ptw_we, f_rd_out, f_rd_a, f_dbg_pend;
  logic        f_core_we, f_core_uc;
  logic [1:0]  f_core_size;
  logic [63:0] f_core_wdata;
  logic [PaBits-1:0] f_core_pa, f_ptw_pa;
  logic [1:0]  f_ptw_size;
  logic [63:0] f_ptw_wdata;
  logic [PageBits-1:0] f_core_idx;
  logic        core_acc, ptw_acc, core_done, mem_acc, f_kill_ok;
  logic        f_ptw_wait;
  logic [PaBits-1:0] f_ptw_wait_pa;
  logic        f_ptw_wait_we;
  logic [1:0]  f_ptw_wait_size;
  logic [63:0] f_ptw_wait_wdata;

  assign core_acc  = core_req_valid_i && core_req_ready;
  assign ptw_acc   = ptw_req_valid_i && ptw_req_ready;
  assign mem_acc   = mem_req_valid && mem_req_ready_i;
  // A kill is allowed in the first compare cycle, or while a hit (before
  // any miss handling) waits for core_rsp_ready_i.
  assign f_kill_ok = f_core_first || (p_state == StCmp && !p_src_ptw && p_hit && !p_missed);
  assign core_done = f_core_busy && (core_kill_i || (core_rsp_valid && core_rsp_ready_i));

  function automatic logic aligned(input logic [PaBits-1:0] pa, input logic [1:0] size);
    aligned = (pa & PaBits'((4'd1 << size) - 4'd1)) == '0;
  endfunction
  // The byte f_addr lies in the access [pa, pa + 2^size).
  function automatic logic covers(input logic [PaBits-1:0] pa, input logic [1:0] size, input logic [PaBits-1:0] a);
    covers = a >= pa && 32'(a) < 32'(pa) + (32'd1 << size);
  endfunction
  function automatic logic [7:0] lane(input logic [63:0] d, input logic [PaBits-1:0] pa, input logic [PaBits-1:0] a);
    lane = d[8 * 32'(a - pa) +: 8];
  endfunction

  always @(*) begin
    if (!f_past_valid) assume(f_val == f_mem);
    // Core, phase B: the translated access is offered from the first compare
    // cycle on and holds until the access completes; its page offset is the
    // phase-A index (VIPT); a misaligned access is killed at once (xl_mmu's
    // align check); kills only where xl_cache allows them.
    if (f_core_busy && f_core_first) begin
      assume(core_pa_i[PageBits-1:0] == f_core_idx);
      if (!aligned(core_pa_i, core_size_i)) assume(core_kill_i);
    end
    if (f_core_busy && !f_core_first)
      assume(core_pa_i == f_core_pa && core_we_i == f_core_we && core_size_i == f_core_size &&
             core_wdata_i == f_core_wdata && f_uc_in == f_core_uc);
    // One cacheability per location: the watched byte's line is accessed
    // uncached iff f_uc_sel; the walker never reads an uncached line.
    if (f_core_busy && !core_kill_i && core_pa_i[PaBits-1:OffW] == f_addr[PaBits-1:OffW])
      assume(f_uc_in == f_uc_sel);
    if (ptw_req_valid_i && f_uc_sel) assume(ptw_req_pa_i[PaBits-1:OffW] != f_addr[PaBits-1:OffW]);
    if (!(f_core_busy && f_kill_ok)) assume(!core_kill_i);
    // Walker: one access at a time, held until accepted, aligned.
    if (f_ptw_busy) assume(!ptw_req_valid_i);
    if (f_ptw_wait) assume(ptw_req_valid_i && ptw_req_pa_i == f_ptw_wait_pa && ptw_req_we_i == f_ptw_wait_we &&
                           ptw_req_size_i == f_ptw_wait_size && ptw_req_wdata_i == f_ptw_wait_wdata);
    if (ptw_req_valid_i) assume(aligned(ptw_req_pa_i, ptw_req_size_i) && 32'd1 << ptw_req_size_i <= WordB);
    if (f_core_busy && !core_kill_i) assume(32'd1 << core_size_i <= WordB);
    // Memory: answers only an accepted read; the watched byte holds f_mem
    // as it was when the read was accepted.
    if (!f_rd_out) assume(!mem_rsp_valid_i);
    if (f_rd_a) assume(mem_rsp_rdata_i[8 * 32'(f_addr[OffW-1:0]) +: 8] == f_rd_val);
  end

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      f_core_busy  <= 1'b0;
      f_core_first <= 1'b0;
      f_ptw_busy   <= 1'b0;
      f_ptw_wait   <= 1'b0;
      f_rd_out     <= 1'b0;
      f_rd_a       <= 1'b0;
      f_dbg_pend   <= 1'b0;
    end else begin
      f_dbg_pend <= dbg_valid_i && dbg_ready;   // debug wins over the core and the walker
      // core
      if (f_core_first) begin
        f_core_pa    <= core_pa_i;
        f_core_we    <= core_we_i;
        f_core_size  <= core_size_i;
        f_core_wdata <= core_wdata_i;
        f_core_uc    <= f_uc_in;
      end
      f_core_first <= 1'b0;
      if (core_done) f_core_busy <= 1'b0;
      if (core_acc) begin
        f_core_busy  <= 1'b1;
        f_core_first <= 1'b1;
        f_core_idx   <= core_req_idx_i;
      end
      // walker
      f_ptw_wait <= ptw_req_valid_i && !ptw_req_ready;
      f_ptw_wait_pa    <= ptw_req_pa_i;
      f_ptw_wait_we    <= ptw_req_we_i;
      f_ptw_wait_size  <= ptw_req_size_i;
      f_ptw_wait_wdata <= ptw_req_wdata_i;
      if (ptw_rsp_valid) f_ptw_busy <= 1'b0;
      if (ptw_acc) begin
        f_ptw_busy  <= 1'b1;
        f_ptw_pa    <= ptw_req_pa_i;
        f_ptw_we    <= ptw_req_we_i;
        f_ptw_size  <= ptw_req_size_i;
        f_ptw_wdata <= ptw_req_wdata_i;
      end
      // the architectural value of f_addr: committed stores
      if (f_core_busy && core_rsp_valid && core_rsp_ready_i && core_we_i && covers(core_pa_i, core_size_i, f_addr))
        f_val <= lane(core_wdata_i, core_pa_i, f_addr);
      if (ptw_rsp_valid && f_ptw_we && covers(f_ptw_pa, f_ptw_size, f_addr))
        f_val <= lane(f_ptw_wdata, f_ptw_pa, f_addr);
      // memory: writes and reads apply at acceptance
      if (mem_acc && mem_req_we && mem_req_addr[PaBits-1:OffW] == f_addr[PaBits-1:OffW] &&
          mem_req_be[f_addr[OffW-1:0]])
        f_mem <= mem_req_wdata[8 * 32'(f_addr[OffW-1:0]) +: 8];
      if (mem_acc && !mem_req_we) begin
        f_rd_out <= 1'b1;
        f_rd_a   <= mem_req_addr[PaBits-1:OffW] == f_addr[PaBits-1:OffW];
        f_rd_val <= f_mem;
      end
      if (mem_rsp_valid_i) begin
        f_rd_out <= 1'b0;
        f_rd_a   <= 1'b0;
      end
    end
  end

  // ------------------------------------------------------------ properties
  logic f_wb_seen;
  logic [PaBits-1:0] f_wb_addr;
  always @(posedge clk_i) begin
    if (!rst_ni || p_state == StCmp) begin
      f_wb_seen <= 1'b0;
    end else if (mem_acc && mem_req_we) begin
      f_wb_seen <= 1'b1;
      f_wb_addr <= mem_req_addr;
    end
  end

  logic vic_dirty;
  logic [PaBits-1:0] vic_addr;
  always @(*) begin
    vic_dirty = 1'b0;
    for (int unsigned w = 0; w < CacheWays; w++)
      if (w == 32'(p_victim)) vic_dirty = p_set_valid[w] && p_set_dirty[w];
    vic_addr = PaBits'({p_victim_tag, p_set, {OffW{1'b0}}});
  end

  always @(*) begin
    if (f_past_valid && rst_ni) begin
      // cache_one_hit: at most one way matches in a compare cycle.
      if (p_state == StCmp) cache_one_hit__ways: assert((p_hit_vec & (p_hit_vec - 1'b1)) == '0);
      // cache_wb_before_refill: the line a refill overwrites, if dirty, was
      // written back (to its own address) during this miss.
      if (p_state == StMissWait && mem_rsp_valid_i && vic_dirty)
        cache_wb_before_refill__dirty: assert(f_wb_seen && f_wb_addr == vic_addr);
      // ... and a clean or invalid victim is not written back.
      if (p_state == StMissWait && mem_rsp_valid_i && !vic_dirty)
        cache_wb_before_refill__clean: assert(!f_wb_seen);
      // cache_mem: one read outstanding; writes carry a whole line address.
      if (mem_req_valid) cache_mem__one_read: assert(!f_rd_out);
      if (mem_req_valid) cache_mem__aligned: assert(mem_req_addr[OffW-1:0] == '0);
      // cache_no_spurious_rsp: a response only for an outstanding request.
      if (core_rsp_valid) cache_no_spurious_rsp__core: assert(f_core_busy && !ptw_rsp_valid);
      if (ptw_rsp_valid) cache_no_spurious_rsp__ptw: assert(f_ptw_busy);
      if (dbg_rvalid) cache_no_spurious_rsp__dbg: assert(f_dbg_pend);
      if (core_req_ready || ptw_req_ready) cache_no_spurious_rsp__free: assert(!(f_core_busy && !core_done) &&
                                                                       !(f_ptw_busy && !ptw_rsp_valid));
      // cache_raw: a read returns the last value written, in every byte.
      if (f_core_busy && core_rsp_valid && core_rsp_ready_i && !core_we_i && covers(core_pa_i, core_size_i, f_addr))
        cache_raw__core: assert(lane(core_rsp_rdata, core_pa_i, f_addr) == f_val);
      if (ptw_rsp_valid && !f_ptw_we && covers(f_ptw_pa, f_ptw_size, f_addr))
        cache_raw__ptw: assert(lane(ptw_rsp_rdata, f_ptw_pa, f_addr) == f_val);
    end
  end

  // cache_mem__stable: the memory request holds while not accepted.
  logic f_prev_ok, f_prev_wait, f_prev_we;
  logic [PaBits-1:0]   f_prev_addr;
  logic [LineBits-1:0] f_prev_wdata;
  always @(posedge clk_i) begin
    f_prev_ok    <= f_past_valid && rst_ni;
    f_prev_wait  <= mem_req_valid && !mem_req_ready_i;
    f_prev_we    <= mem_req_we;
    f_prev_addr  <= mem_req_addr;
    f_prev_wdata <= mem_req_wdata;
  end
  always @(*) begin
    if (f_past_valid && rst_ni && f_prev_ok && f_prev_wait)
      cache_mem__stable: assert(mem_req_valid && mem_req_we == f_prev_we && mem_req_addr == f_prev_addr &&
                                (!mem_req_we || mem_req_wdata == f_prev_wdata));
  end

  // ------------------------------------------------------------ uncached accesses
  // cache_uc: an uncached core access (decided in its first compare cycle,
  // f_uc_start; in flight until its response is taken, f_uc_busy) never
  // hits, writes no tag / valid / dirty bit, data word or PLRU state (no
  // write port of the arrays is enabled), and makes exactly one memory
  // request, marked uncached, at the line address, with the access's
  // direction; a store's byte enables are exactly the bytes it writes,
  // with its data in their lanes; a load returns those bytes of the line
  // memory sent back.  No other memory request is marked uncached, and a
  // line write-back writes the whole line.
  logic               f_uc_start, f_uc_busy, f_uc_got;
  logic [1:0]         f_uc_nreq;          // memory requests accepted during the access
  logic [LineBits-1:0] f_uc_line;         // the line memory answered
  logic [CacheLine-1:0] f_uc_be;          // the access's bytes in its line
  logic [LineBits-1:0] f_uc_wlanes;       // its store data in their lanes
  logic [63:0]        f_uc_rdata;         // what a load must return
  logic [PaBits-1:0]  f_uc_addr;          // its line address
  assign f_uc_start = f_core_first && f_uc_in && !core_kill_i;
  always @(*) begin
    logic [OffW-1:0] off;
    logic [LineBits-1:0] sh;
    off         = f_core_pa[OffW-1:0];
    f_uc_be     = '0;
    for (int unsigned b = 0; b < CacheLine; b++)
      if (b >= 32'(off) && b < 32'(off) + (32'd1 << f_core_size)) f_uc_be[b] = 1'b1;
    f_uc_wlanes = LineBits'(f_core_wdata) << (8 * 32'(off));
    sh          = f_uc_line >> (8 * 32'(off));
    f_uc_rdata  = 64'(sh) & ((64'd1 << (8 * (32'd1 << f_core_size))) - 64'd1);
    f_uc_addr   = {f_core_pa[PaBits-1:OffW], {OffW{1'b0}}};
  end
  always @(posedge clk_i) begin
    if (!rst_ni) begin
      f_uc_busy <= 1'b0;
    end else begin
      if (f_uc_start) begin
        f_uc_busy <= 1'b1;
        f_uc_nreq <= '0;
        f_uc_got  <= 1'b0;
      end
      if (f_uc_busy && mem_acc) f_uc_nreq <= f_uc_nreq + 1'b1;
      if (f_uc_busy && mem_rsp_valid_i) begin
        f_uc_got  <= 1'b1;
        f_uc_line <= mem_rsp_rdata_i;
      end
      if (f_uc_busy && core_done) f_uc_busy <= 1'b0;
    end
  end
  logic ok_uc_wdata;
  always @(*) begin
    ok_uc_wdata = 1'b1;
    for (int unsigned b = 0; b < CacheLine; b++)
      if (f_uc_be[b] && mem_req_wdata[8 * b +: 8] != f_uc_wlanes[8 * b +: 8]) ok_uc_wdata = 1'b0;
  end
  always @(*) begin
    if (f_past_valid && rst_ni) begin
      // no array write, from the compare cycle to the response
      if (f_uc_start || f_uc_busy)
        cache_uc__arrays: assert(p_tag_we == '0 && p_data_we == '0 && !p_repl_we);
      // never a hit; answered only after its one request (a load: and the line)
      if (f_uc_busy && core_rsp_valid)
        cache_uc__rsp: assert(!core_rsp_hit && f_uc_nreq == 2'd1 && (f_core_we || f_uc_got));
      if (f_uc_start) cache_uc__first: assert(!core_rsp_valid && !mem_req_valid);
      // one request, uncached, at the line address, the access's direction
      if (f_uc_busy && mem_acc) cache_uc__one_req: assert(f_uc_nreq == 2'd0);
      if (f_uc_busy && mem_req_valid)
        cache_uc__req: assert(mem_req_uc && mem_req_we == f_core_we && mem_req_addr == f_uc_addr);
      // a store: byte enables exactly its bytes, its data in their lanes
      if (f_uc_busy && mem_req_valid && f_core_we)
        cache_uc__store_bytes: assert(mem_req_be == f_uc_be && ok_uc_wdata);
      // a load: the bytes of the line returned, zero-extended
      if (f_uc_busy && core_rsp_valid && !f_core_we) cache_uc__load_data: assert(core_rsp_rdata == f_uc_rdata);
      // cached traffic is never marked uncached; a write-back is a whole line
      if (mem_req_valid && !f_uc_busy) cache_uc__cached: assert(!mem_req_uc && (!mem_req_we || mem_req_be == '1));
    end
  end

  // Induction helpers: the uncached path's states are the tracked access's.
  always @(*) begin
    if (f_past_valid && rst_ni) begin
      if (f_core_first) inv_cache_uc_first: assert(p_state == StCmp && !p_src_ptw && !p_missed && f_core_busy);
      inv_cache_uc_states: assert(f_uc_busy == (p_state == StUcReq || p_state == StUcWait || p_state == StUcRsp));
      // past its first compare cycle a core access is uncached iff it is on the uncached path
      if (f_core_busy) inv_cache_uc_core_busy: assert(!p_src_ptw && p_state != StInit && p_state != StIdle &&
                                                    p_state != StDbg);
      if (f_core_busy && !f_core_first) inv_cache_uc_kind: assert(f_core_uc == f_uc_busy);
      if (p_state != StInit && p_state != StIdle && p_state != StDbg)
        inv_cache_uc_owner: assert(p_src_ptw ? f_ptw_busy && !f_core_busy : f_core_busy);
      // a line read is outstanding exactly in the two waiting states
      inv_cache_uc_rd_out: assert(f_rd_out == (p_state == StMissWait || p_state == StUcWait));
      if (f_uc_busy) begin
        inv_cache_uc_core: assert(f_core_busy && !f_core_first && f_core_uc && !p_src_ptw && p_missed &&
                                  p_set == f_core_pa[OffW +: IdxW] && aligned(f_core_pa, f_core_size) &&
                                  32'd1 << f_core_size <= WordB);
        if (p_state == StUcReq) inv_cache_uc_req: assert(f_uc_nreq == 2'd0 && !f_rd_out && !f_uc_got);
        if (p_state == StUcWait) inv_cache_uc_wait: assert(f_uc_nreq == 2'd1 && f_rd_out && !f_uc_got && !f_core_we);
        if (p_state == StUcRsp)
          inv_cache_uc_rsp: assert(f_uc_nreq == 2'd1 && !f_rd_out &&
                                   (f_core_we || (f_uc_got && p_uc_data == f_uc_rdata)));
      end
    end
  end

  // ------------------------------------------------------------ covers
  logic f_stored, f_via_mem;   // f_addr was written, then its line written back and read again
  always @(posedge clk_i) begin
    if (!rst_ni) begin
      f_stored  <= 1'b0;
      f_via_mem <= 1'b0;
    end else begin
      if (f_core_busy && core_rsp_valid && core_rsp_ready_i && core_we_i && covers(core_pa_i, core_size_i, f_addr))
        f_stored <= 1'b1;
      if (f_stored && f_rd_a && mem_rsp_valid_i) f_via_mem <= 1'b1;
    end
  end
  always @(*) begin
    if (f_past_valid && rst_ni) begin
      cov_cache_wb_before_refill__dirty_victim: cover(p_state == StMissWait && mem_rsp_valid_i && vic_dirty);
      cov_cache_mem__backpressure: cover(f_prev_wait && mem_req_valid);
      cov_cache_one_hit__two_valid: cover(p_state == StCmp && p_set_valid == '1 && p_hit_vec != '0);
      cov_cache_raw__core_after_write: cover(f_core_busy && core_rsp_valid && core_rsp_ready_i && !core_we_i &&
                                             covers(core_pa_i, core_size_i, f_addr) && core_rsp_hit &&
                                             f_val != f_mem);
      cov_cache_no_spurious_rsp__kill_held: cover(f_core_busy && core_kill_i && !f_core_first);
      // an uncached store to a line the cache holds (its tag matches)
      cov_cache_uc__store_cached_line: cover(f_uc_start && core_we_i && p_hit);
      cov_cache_uc__load: cover(f_uc_busy && core_rsp_valid && core_rsp_ready_i && !f_core_we && f_core_size != 2'd0 &&
                                core_rsp_rdata != '0);
      cov_cache_uc__backpressure: cover(f_prev_wait && mem_req_valid && mem_req_uc);
      // the watched byte read uncached after an uncached store to it
      cov_cache_uc__raw: cover(f_uc_busy && core_rsp_valid && !f_core_we && f_stored &&
                                     covers(core_pa_i, core_size_i, f_addr));
    end
  end
endmodule
