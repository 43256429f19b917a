// xl_dut implementation over the Verilated xl_mmu (tb/include/xl_dut.h).
//
// The only C++ in the harness: it packs the C structs into the model's
// ports (whose C++ types depend on the preset's widths) and clocks it.
#include "xl_dut.h"
#include "xl_mmu_ports.h"

#include <cstdint>
#include <cstring>
#include <memory>

#include "Vxl_mmu.h"
#include "verilated.h"
#if VM_TRACE
#include "verilated_fst_c.h"
#endif

namespace {

// ---- ports as arrays of 32-bit words, whatever their C++ type ----------
template <std::size_t N> void to_words(const VlWide<N>& p, uint32_t* w, unsigned nw) {
    for (unsigned i = 0; i < nw && i < N; i++) w[i] = p[i];
}
void to_words(QData p, uint32_t* w, unsigned nw) {
    w[0] = static_cast<uint32_t>(p);
    if (nw > 1) w[1] = static_cast<uint32_t>(p >> 32);
}
void to_words(IData p, uint32_t* w, unsigned) { w[0] = p; }
void to_words(SData p, uint32_t* w, unsigned) { w[0] = p; }
void to_words(CData p, uint32_t* w, unsigned) { w[0] = p; }

template <std::size_t N> void from_words(VlWide<N>& p, const uint32_t* w) {
    for (unsigned i = 0; i < N; i++) p[i] = w[i];
}
void from_words(QData& p, const uint32_t* w) { p = w[0] | (static_cast<uint64_t>(w[1]) << 32); }
void from_words(IData& p, const uint32_t* w) { p = w[0]; }
void from_words(SData& p, const uint32_t* w) { p = static_cast<SData>(w[0]); }
void from_words(CData& p, const uint32_t* w) { p = static_cast<CData>(w[0]); }

constexpr unsigned kWords = XL_PORT_WORDS;

}  // namespace

struct xl_dut {
    std::unique_ptr<VerilatedContext> ctx;
    std::unique_ptr<Vxl_mmu> top;
#if VM_TRACE
    std::unique_ptr<VerilatedFstC> tfp;
#endif
    uint64_t cycles = 0;
    unsigned line_bytes = 0;
    xl_dut_req last_req{};   // the request last packed into req_i
    bool have_req = false;
    unsigned dbg_bits = 0;
};

namespace {

void dump(xl_dut* d) {
#if VM_TRACE
    if (d->tfp) d->tfp->dump(d->ctx->time());
#else
    (void)d;
#endif
}

void settle_and_edge(xl_dut* d, xl_dut_out* out, const xl_dut_in* in);

}  // namespace

extern "C" {

const char* xl_dut_kind(void) { return "verilator"; }

xl_dut* xl_dut_new(const xl_dut_opts* opts) {
    auto* d = new xl_dut;
    d->ctx = std::make_unique<VerilatedContext>();
    d->ctx->randReset(2);  // registers without reset start random
    d->ctx->randSeed(static_cast<int>(opts && opts->seed ? opts->seed : 1));
    d->ctx->fatalOnError(true);
#if VM_TRACE
    if (opts && opts->waves) d->ctx->traceEverOn(true);
#endif
    d->top = std::make_unique<Vxl_mmu>(d->ctx.get(), "xl_mmu");
#if VM_TRACE
    if (opts && opts->waves) {
        d->tfp = std::make_unique<VerilatedFstC>();
        d->top->trace(d->tfp.get(), 99);
        d->tfp->open(opts->waves);
    }
#else
    if (opts && opts->waves) {
        delete d;
        return nullptr;  // built without tracing
    }
#endif
    {
        uint32_t cfg[8] = {0};
        d->top->eval();
        to_words(d->top->cfg_o, cfg, 8);
        d->line_bytes = xl_port_line_bytes(cfg);
        d->dbg_bits = xl_port_dbg_bits(cfg);
    }
    xl_dut_reset(d, 4);
    return d;
}

void xl_dut_free(xl_dut* d) {
    if (!d) return;
    d->top->final();
#if VM_TRACE
    if (d->tfp) d->tfp->close();
#endif
    delete d;
}

void xl_dut_reset(xl_dut* d, unsigned cycles) {
    xl_dut_in in;
    xl_dut_out out;
    std::memset(&in, 0, sizeof in);
    d->top->rst_ni = 0;
    for (unsigned i = 0; i < cycles; i++) settle_and_edge(d, &out, &in);
    d->top->rst_ni = 1;
}

void xl_dut_cycle(xl_dut* d, const xl_dut_in* in, xl_dut_out* out) { settle_and_edge(d, out, in); }

uint64_t xl_dut_cycles(const xl_dut* d) { return d->cycles; }

void xl_dut_cfg(xl_dut* d, uint32_t cfg[8]) { to_words(d->top->cfg_o, cfg, 8); }

unsigned xl_dut_line_bytes(const xl_dut* d) { return d->line_bytes; }

unsigned xl_dut_dbg_bits(const xl_dut* d) { return d->dbg_bits; }

// The harness drives the memory port around each cycle.
bool xl_dut_serve_memory(xl_dut*, struct xl_memsim*, char*, unsigned) { return false; }

}  // extern "C"

namespace {

void settle_and_edge(xl_dut* d, xl_dut_out* out, const xl_dut_in* in) {
    Vxl_mmu* t = d->top.get();
    uint32_t w[kWords];

    // ---- inputs
    t->req_valid_i = in->req_valid;
    // A request waiting to be accepted is offered unchanged cycle after
    // cycle: pack it only when it changes.
    if (in->req_valid && !(d->have_req && std::memcmp(&d->last_req, &in->req, sizeof in->req) == 0)) {
        d->last_req = in->req;
        d->have_req = true;
        std::memset(w, 0, sizeof w);
        xl_port_pack_req(&in->req, w);
        from_words(t->req_i, w);
    }
    t->rsp_ready_i = in->rsp_ready;
    t->mem_req_ready_i = in->mem_req_ready;
    t->mem_rsp_valid_i = in->mem_rsp_valid;
    if (in->mem_rsp_valid) {
        std::memset(w, 0, sizeof w);
        std::memcpy(w, in->mem_rsp_rdata, d->line_bytes);  // little-endian host
        from_words(t->mem_rsp_rdata_i, w);
    }
    t->dbg_req_valid_i = in->dbg_req_valid;
    t->dbg_req_we_i = in->dbg_req_we;
    t->dbg_req_target_i = in->dbg_req_target;
    t->dbg_req_set_i = in->dbg_req_set;
    t->dbg_req_way_i = in->dbg_req_way;
    if (in->dbg_req_valid) {
        std::memset(w, 0, sizeof w);
        std::memcpy(w, in->dbg_req_wdata, sizeof in->dbg_req_wdata);
        from_words(t->dbg_req_wdata_i, w);
    }

    // ---- settle with the clock low, sample
    t->clk_i = 0;
    t->eval();
    dump(d);
    d->ctx->timeInc(1);
    out->req_ready = t->req_ready_o;
    out->rsp_valid = t->rsp_valid_o;
    if (out->rsp_valid) {
        std::memset(w, 0, sizeof w);
        to_words(t->rsp_o, w, kWords);
        xl_port_unpack_rsp(w, &out->rsp);
    }
    out->mem_req_valid = t->mem_req_valid_o;
    out->mem_req_we = t->mem_req_we_o;
    out->mem_req_addr = t->mem_req_addr_o;
    out->mem_req_uc = t->mem_req_uc_o;
    if (out->mem_req_valid && out->mem_req_we) {
        std::memset(w, 0, sizeof w);
        to_words(t->mem_req_wdata_o, w, kWords);
        std::memcpy(out->mem_req_wdata, w, d->line_bytes);
        std::memset(w, 0, sizeof w);
        to_words(t->mem_req_be_o, w, kWords);
        for (unsigned i = 0; i < d->line_bytes; i++) out->mem_req_be[i] = (w[i / 32] >> (i % 32)) & 1u;
    }
    out->mem_rsp_ready = t->mem_rsp_ready_o;
    out->dbg_req_ready = t->dbg_req_ready_o;
    out->dbg_rsp_valid = t->dbg_rsp_valid_o;
    if (out->dbg_rsp_valid) {
        std::memset(w, 0, sizeof w);
        to_words(t->dbg_rsp_rdata_o, w, kWords);
        std::memcpy(out->dbg_rsp_rdata, w, sizeof out->dbg_rsp_rdata);
    }
    out->idle = t->idle_o;

    // ---- rising edge
    t->clk_i = 1;
    t->eval();
    dump(d);
    d->ctx->timeInc(1);
    d->cycles++;
}

}  // namespace
