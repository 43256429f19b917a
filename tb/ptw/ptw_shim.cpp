// ptw_dut implementation over the Verilated xl_ptw (tb/ptw/ptw_dut.h).
//
// The only C++ of the walker testbench: it copies the C structs to and
// from the model's ports and clocks it.  XL_PTW_PARAMS comes from the
// generated header ptw_params.h (mk/43-tb-ptw.mk).
#include "ptw_dut.h"

#include <cstdint>
#include <cstring>
#include <memory>

#include "Vxl_ptw.h"
#include "ptw_params.h"
#include "verilated.h"
#if VM_TRACE
#include "verilated_fst_c.h"
#endif

struct ptw_dut {
    std::unique_ptr<VerilatedContext> ctx;
    std::unique_ptr<Vxl_ptw> top;
#if VM_TRACE
    std::unique_ptr<VerilatedFstC> tfp;
#endif
    uint64_t cycles = 0;
};

namespace {

void dump(ptw_dut* d) {
#if VM_TRACE
    if (d->tfp) d->tfp->dump(d->ctx->time());
#else
    (void)d;
#endif
}

void step(ptw_dut* d, const ptw_dut_in* in, ptw_dut_out* out) {
    Vxl_ptw* t = d->top.get();

    t->req_valid_i = in->req_valid;
    t->req_vpn_i = in->req_vpn;
    t->req_op_i = in->req_op;
    t->req_priv_u_i = in->req_priv_u;
    t->req_ac_i = in->req_ac;
    t->req_ctl_i = in->req_ctl;
    t->req_pkru_i = in->req_pkru;
    t->req_root_i = in->req_root;
    t->req_asid_i = in->req_asid;
    t->c_req_ready_i = in->c_req_ready;
    t->c_rsp_valid_i = in->c_rsp_valid;
    t->c_rsp_rdata_i = in->c_rsp_rdata;

    // settle with the clock low, then sample
    t->clk_i = 0;
    t->eval();
    dump(d);
    d->ctx->timeInc(1);
    out->req_ready = t->req_ready_o;
    out->done = t->done_o;
    out->done_fault = t->done_fault_o;
    out->done_level = t->done_level_o;
    out->done_reads = t->done_reads_o;
    out->done_vpn = t->done_vpn_o;
    out->done_ppn = t->done_ppn_o;
    out->done_perm = t->done_perm_o;
    out->done_attr = t->done_attr_o;
    out->done_napot = t->done_napot_o;
    out->done_asid = t->done_asid_o;
    out->c_req_valid = t->c_req_valid_o;
    out->c_req_we = t->c_req_we_o;
    out->c_req_pa = t->c_req_pa_o;
    out->c_req_size = t->c_req_size_o;
    out->c_req_wdata = t->c_req_wdata_o;
    out->idle = t->idle_o;

    // rising edge
    t->clk_i = 1;
    t->eval();
    dump(d);
    d->ctx->timeInc(1);
    d->cycles++;
}

}  // namespace

extern "C" {

const char* ptw_dut_params(void) { return XL_PTW_PARAMS; }

ptw_dut* ptw_dut_new(uint32_t seed, const char* waves) {
    auto* d = new ptw_dut;
    d->ctx = std::make_unique<VerilatedContext>();
    d->ctx->randReset(2);  // registers without reset start random
    d->ctx->randSeed(static_cast<int>(seed ? seed : 1));
    d->ctx->fatalOnError(true);
#if VM_TRACE
    if (waves) d->ctx->traceEverOn(true);
#endif
    d->top = std::make_unique<Vxl_ptw>(d->ctx.get(), "xl_ptw");
#if VM_TRACE
    if (waves) {
        d->tfp = std::make_unique<VerilatedFstC>();
        d->top->trace(d->tfp.get(), 99);
        d->tfp->open(waves);
    }
#else
    if (waves) {
        delete d;
        return nullptr;  // built without tracing
    }
#endif
    ptw_dut_reset(d, 4);
    return d;
}

void ptw_dut_free(ptw_dut* d) {
    if (!d) return;
    d->top->final();
#if VM_TRACE
    if (d->tfp) d->tfp->close();
#endif
    delete d;
}

void ptw_dut_reset(ptw_dut* d, unsigned cycles) {
    ptw_dut_in in;
    ptw_dut_out out;
    std::memset(&in, 0, sizeof in);
    d->top->rst_ni = 0;
    for (unsigned i = 0; i < cycles; i++) step(d, &in, &out);
    d->top->rst_ni = 1;
}

void ptw_dut_cycle(ptw_dut* d, const ptw_dut_in* in, ptw_dut_out* out) { step(d, in, out); }

uint64_t ptw_dut_cycles(const ptw_dut* d) { return d->cycles; }

}  // extern "C"
