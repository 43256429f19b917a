// xl_tlbdut over the Verilated xl_tlb (tb/tlb/tlb_dut.h).
//
// The only C++ in the TLB testbench: it moves the C structs into the
// model's ports, whose C++ types (CData .. QData, VlWide<N>) depend on the
// preset's widths, and clocks the model.  tlb_build.h is generated per
// preset by mk/41-tb-tlb.mk (XL_TLB_PRESET, XL_TLB_PARAMS).
#include "tlb_dut.h"

#include <cstdint>
#include <cstring>
#include <memory>

#include "Vxl_tlb.h"
#include "tlb_build.h"
#include "verilated.h"

namespace {

// ---- scalar ports: the generated member types are CData/SData/IData/QData
template <typename P> void put(P& port, uint64_t v) { port = static_cast<P>(v); }

// ---- the entry-word ports, whatever their C++ type
template <std::size_t N> void put_words(VlWide<N>& p, const uint32_t* w) {
    static_assert(N <= XL_TLBDUT_WORDS, "debug port wider than the shim carries");
    for (std::size_t i = 0; i < N; i++) p[i] = w[i];
}
void put_words(QData& p, const uint32_t* w) { p = w[0] | (static_cast<uint64_t>(w[1]) << 32); }
void put_words(IData& p, const uint32_t* w) { p = w[0]; }
void put_words(SData& p, const uint32_t* w) { p = static_cast<SData>(w[0]); }
void put_words(CData& p, const uint32_t* w) { p = static_cast<CData>(w[0]); }

template <std::size_t N> void get_words(const VlWide<N>& p, uint32_t* w) {
    for (std::size_t i = 0; i < N; i++) w[i] = p[i];
}
void get_words(QData p, uint32_t* w) {
    w[0] = static_cast<uint32_t>(p);
    w[1] = static_cast<uint32_t>(p >> 32);
}
void get_words(IData p, uint32_t* w) { w[0] = p; }
void get_words(SData p, uint32_t* w) { w[0] = p; }
void get_words(CData p, uint32_t* w) { w[0] = p; }

}  // namespace

struct xl_tlbdut {
    std::unique_ptr<VerilatedContext> ctx;
    std::unique_ptr<Vxl_tlb> top;
    uint64_t cycles = 0;
};

namespace {

void apply(Vxl_tlb* t, const xl_tlbdut_in* in) {
    put(t->lk_vpn_i, in->lk_vpn);
    put(t->lk_asid_i, in->lk_asid);
    put(t->lk_touch_i, in->lk_touch);
    put(t->walk_begin_i, in->walk_begin);
    put(t->refill_valid_i, in->refill_valid);
    put(t->refill_vpn_i, in->refill_vpn);
    put(t->refill_ppn_i, in->refill_ppn);
    put(t->refill_level_i, in->refill_level);
    put(t->refill_perm_i, in->refill_perm);
    put(t->refill_attr_i, in->refill_attr);
    put(t->refill_napot_i, in->refill_napot);
    put(t->refill_asid_i, in->refill_asid);
    put(t->inval_valid_i, in->inval_valid);
    put(t->inval_match_va_i, in->inval_match_va);
    put(t->inval_vpn_i, in->inval_vpn);
    put(t->inval_match_asid_i, in->inval_match_asid);
    put(t->inval_asid_i, in->inval_asid);
    put(t->inval_keep_global_i, in->inval_keep_global);
    put(t->dbg_we_i, in->dbg_we);
    put(t->dbg_target_i, in->dbg_target);
    put(t->dbg_set_i, in->dbg_set);
    put(t->dbg_way_i, in->dbg_way);
    put_words(t->dbg_wdata_i, in->dbg_wdata);
}

void step(xl_tlbdut* d, const xl_tlbdut_in* in, xl_tlbdut_out* out) {
    Vxl_tlb* t = d->top.get();
    apply(t, in);
    // settle with the clock low, sample
    t->clk_i = 0;
    t->eval();
    d->ctx->timeInc(1);
    if (out) {
        out->lk_hit = t->lk_hit_o;
        out->lk_super = t->lk_super_o;
        out->lk_level = static_cast<uint8_t>(t->lk_level_o);
        out->lk_perm = static_cast<uint8_t>(t->lk_perm_o);
        out->lk_attr = static_cast<uint8_t>(t->lk_attr_o);
        out->lk_napot = t->lk_napot_o;
        out->lk_ppn = static_cast<uint64_t>(t->lk_ppn_o);
        out->inval_busy = t->inval_busy_o;
        std::memset(out->dbg_rdata, 0, sizeof out->dbg_rdata);
        get_words(t->dbg_rdata_o, out->dbg_rdata);
    }
    // rising edge
    t->clk_i = 1;
    t->eval();
    d->ctx->timeInc(1);
    d->cycles++;
}

}  // namespace

extern "C" {

const char* xl_tlbdut_preset(void) { return XL_TLB_PRESET; }

const char* xl_tlbdut_params(void) { return XL_TLB_PARAMS; }

xl_tlbdut* xl_tlbdut_new(uint32_t seed) {
    auto* d = new xl_tlbdut;
    d->ctx = std::make_unique<VerilatedContext>();
    d->ctx->randReset(2);  // every register starts random until reset
    d->ctx->randSeed(static_cast<int>(seed ? seed : 1));
    d->ctx->fatalOnError(true);
    d->top = std::make_unique<Vxl_tlb>(d->ctx.get(), "xl_tlb");
    xl_tlbdut_reset(d, 3);
    return d;
}

void xl_tlbdut_free(xl_tlbdut* d) {
    if (!d) return;
    d->top->final();
    delete d;
}

void xl_tlbdut_reset(xl_tlbdut* d, unsigned cycles) {
    xl_tlbdut_in in;
    std::memset(&in, 0, sizeof in);
    d->top->rst_ni = 0;
    for (unsigned i = 0; i < cycles; i++) step(d, &in, nullptr);
    d->top->rst_ni = 1;
}

void xl_tlbdut_cycle(xl_tlbdut* d, const xl_tlbdut_in* in, xl_tlbdut_out* out) { step(d, in, out); }

uint64_t xl_tlbdut_cycles(const xl_tlbdut* d) { return d->cycles; }

}  // extern "C"
