// xlc_dut over the Verilated xl_cache (tb/cache/xlc_dut.h).
//
// The only C++ of the cache testbench: it moves the C structs into and out
// of the model's ports, whose C++ types (CData ... VlWide<N>) depend on the
// preset, and clocks the model.  The preset's parameters arrive as -D
// defines (mk/42-tb-cache.mk) so the harness can check them at start-up.
#include "xlc_dut.h"

#include <cstdint>
#include <cstring>
#include <memory>

#include "Vxl_cache.h"
#include "verilated.h"

#if !defined(XLC_PaBits) || !defined(XLC_PageBits) || !defined(XLC_CacheSets) || \
    !defined(XLC_CacheWays) || !defined(XLC_CacheLine)
#error "build with -DXLC_PaBits=... -DXLC_PageBits=... -DXLC_CacheSets=... -DXLC_CacheWays=... -DXLC_CacheLine=..."
#endif

namespace {

constexpr unsigned clog2(unsigned v) {
    unsigned n = 0;
    while ((1u << n) < v) n++;
    return n;
}

constexpr unsigned kPaBits = XLC_PaBits;
constexpr unsigned kPageBits = XLC_PageBits;
constexpr unsigned kSets = XLC_CacheSets;
constexpr unsigned kWays = XLC_CacheWays;
constexpr unsigned kLine = XLC_CacheLine;
constexpr unsigned kLineBits = kLine * 8;
constexpr unsigned kIdxW = kSets > 1 ? clog2(kSets) : 1;
constexpr unsigned kTagW = kPaBits - clog2(kLine) - clog2(kSets);
constexpr unsigned kDbgW = kLineBits > kTagW + 2 ? kLineBits : kTagW + 2;
constexpr unsigned kReplW = kWays > 1 ? kWays - 1 : 1;

static_assert(kLine <= XLC_MAX_LINE, "line larger than the shim carries");
static_assert(kDbgW <= 32 * XLC_DBG_WORDS, "debug port wider than the shim carries");

constexpr unsigned kScratch = XLC_DBG_WORDS + 2;

// ---- one port from / to an array of 32-bit words, masked to its width ----
template <typename T> void put(T& port, const uint32_t* w, unsigned width) {
    uint64_t v = w[0] | (static_cast<uint64_t>(w[1]) << 32);
    if (width < 64) v &= (1ull << width) - 1;
    port = static_cast<T>(v);
}
template <std::size_t N> void put(VlWide<N>& port, const uint32_t* w, unsigned width) {
    for (unsigned i = 0; i < N; i++) {
        uint32_t x = 0;
        if (i * 32 < width) {
            x = w[i];
            if (width - i * 32 < 32) x &= (1u << (width - i * 32)) - 1;
        }
        port[i] = x;
    }
}
template <typename T> void get(const T& port, uint32_t* w) {
    uint64_t v = port;
    w[0] = static_cast<uint32_t>(v);
    w[1] = static_cast<uint32_t>(v >> 32);
}
template <std::size_t N> void get(const VlWide<N>& port, uint32_t* w) {
    for (unsigned i = 0; i < N; i++) w[i] = port[i];
}

template <typename T> void put64(T& port, uint64_t v, unsigned width) {
    uint32_t w[2] = {static_cast<uint32_t>(v), static_cast<uint32_t>(v >> 32)};
    put(port, w, width);
}
template <typename T> uint64_t get64(const T& port) {
    uint32_t w[kScratch] = {0};
    get(port, w);
    return w[0] | (static_cast<uint64_t>(w[1]) << 32);
}

}  // namespace

struct xlc_dut {
    std::unique_ptr<VerilatedContext> ctx;
    std::unique_ptr<Vxl_cache> top;
};

namespace {

void apply(Vxl_cache* t, const xlc_in* in) {
    uint32_t w[kScratch];
    put64(t->core_req_valid_i, in->core_req_valid, 1);
    put64(t->core_req_idx_i, in->core_req_idx, kPageBits);
    put64(t->core_kill_i, in->core_kill, 1);
    put64(t->core_pa_i, in->core_pa, kPaBits);
    put64(t->core_uc_i, in->core_uc, 1);
    put64(t->core_we_i, in->core_we, 1);
    put64(t->core_size_i, in->core_size, 2);
    put64(t->core_wdata_i, in->core_wdata, 64);
    put64(t->core_rsp_ready_i, in->core_rsp_ready, 1);
    put64(t->ptw_req_valid_i, in->ptw_req_valid, 1);
    put64(t->ptw_req_we_i, in->ptw_req_we, 1);
    put64(t->ptw_req_pa_i, in->ptw_req_pa, kPaBits);
    put64(t->ptw_req_size_i, in->ptw_req_size, 2);
    put64(t->ptw_req_wdata_i, in->ptw_req_wdata, 64);
    put64(t->mem_req_ready_i, in->mem_req_ready, 1);
    put64(t->mem_rsp_valid_i, in->mem_rsp_valid, 1);
    std::memset(w, 0, sizeof w);
    std::memcpy(w, in->mem_rsp_rdata, kLine);  // little-endian host
    put(t->mem_rsp_rdata_i, w, kLineBits);
    put64(t->dbg_valid_i, in->dbg_valid, 1);
    put64(t->dbg_we_i, in->dbg_we, 1);
    put64(t->dbg_target_i, in->dbg_target, 2);
    put64(t->dbg_set_i, in->dbg_set, kIdxW);
    put64(t->dbg_way_i, in->dbg_way, 8);
    std::memset(w, 0, sizeof w);
    std::memcpy(w, in->dbg_wdata, sizeof in->dbg_wdata);
    put(t->dbg_wdata_i, w, kDbgW);
}

void sample(const Vxl_cache* t, xlc_out* out) {
    uint32_t w[kScratch];
    out->core_req_ready = t->core_req_ready_o;
    out->core_rsp_valid = t->core_rsp_valid_o;
    out->core_rsp_hit = t->core_rsp_hit_o;
    out->core_rsp_rdata = get64(t->core_rsp_rdata_o);
    out->ptw_req_ready = t->ptw_req_ready_o;
    out->ptw_rsp_valid = t->ptw_rsp_valid_o;
    out->ptw_rsp_hit = t->ptw_rsp_hit_o;
    out->ptw_rsp_rdata = get64(t->ptw_rsp_rdata_o);
    out->mem_req_valid = t->mem_req_valid_o;
    out->mem_req_we = t->mem_req_we_o;
    out->mem_req_addr = get64(t->mem_req_addr_o);
    std::memset(w, 0, sizeof w);
    get(t->mem_req_wdata_o, w);
    std::memcpy(out->mem_req_wdata, w, kLine);
    std::memset(w, 0, sizeof w);
    get(t->mem_req_be_o, w);
    for (unsigned i = 0; i < kLine; i++) out->mem_req_be[i] = (w[i / 32] >> (i % 32)) & 1u;
    out->mem_req_uc = t->mem_req_uc_o;
    out->mem_rsp_ready = t->mem_rsp_ready_o;
    out->dbg_ready = t->dbg_ready_o;
    out->dbg_rvalid = t->dbg_rvalid_o;
    std::memset(w, 0, sizeof w);
    get(t->dbg_rdata_o, w);
    std::memcpy(out->dbg_rdata, w, sizeof out->dbg_rdata);
    out->idle = t->idle_o;
}

void clock(xlc_dut* d, const xlc_in* in, xlc_out* out) {
    Vxl_cache* t = d->top.get();
    apply(t, in);
    t->clk_i = 0;
    t->eval();
    d->ctx->timeInc(1);
    sample(t, out);
    t->clk_i = 1;
    t->eval();
    d->ctx->timeInc(1);
}

}  // namespace

extern "C" {

void xlc_get_params(xlc_params* p) {
    p->pa_bits = kPaBits;
    p->page_bits = kPageBits;
    p->sets = kSets;
    p->ways = kWays;
    p->line = kLine;
    p->tag_bits = kTagW;
    p->dbg_bits = kDbgW;
    p->repl_bits = kReplW;
}

xlc_dut* xlc_new(uint32_t seed) {
    auto* d = new xlc_dut;
    d->ctx = std::make_unique<VerilatedContext>();
    d->ctx->randReset(2);  // every register and SRAM word starts random
    d->ctx->randSeed(static_cast<int>(seed ? seed & 0x7fffffffu : 1));
    d->ctx->fatalOnError(true);
    d->top = std::make_unique<Vxl_cache>(d->ctx.get(), "xl_cache");
    return d;
}

void xlc_free(xlc_dut* d) {
    if (!d) return;
    d->top->final();
    delete d;
}

void xlc_reset(xlc_dut* d, const xlc_in* in, unsigned cycles) {
    xlc_out out;
    d->top->rst_ni = 0;
    for (unsigned i = 0; i < cycles; i++) clock(d, in, &out);
    d->top->rst_ni = 1;
}

void xlc_cycle(xlc_dut* d, const xlc_in* in, xlc_out* out) { clock(d, in, out); }

}  // extern "C"
