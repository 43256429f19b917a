// xl_dut implementation over the Verilated *SystemC* xl_mmu (`make sim-sc`).
//
// The same C interface as tb/shim/dut_verilator.cpp (tb/include/xl_dut.h),
// so the same engine, stimulus, scoreboard and report (tb/cosim/*.o) link
// against it unchanged.  Differences in how a cycle is made:
//
//   * the RTL is a Verilated sc_module clocked by an sc_clock (period 10 ns,
//     rising edges at 10k+5 ns, falling edges at 10k ns).  xl_dut_cycle()
//     writes the inputs and runs the kernel up to 10k+5 ns: sc_start stops
//     *before* the events of its end time, so the falling edge and the new
//     inputs are evaluated together at 10k ns and the design settles in delta
//     cycles; it samples the outputs, then runs up to 10(k+1) ns, which
//     processes the rising edge (and the memory process) and stops before the
//     next falling edge;
//   * the memory port is served by an SC_METHOD of xlsc::rtl from the
//     engine's xl_memsim (xl_dut_serve_memory(), declared in xl_dut.h),
//     making the same random decisions in the same order as the C engine;
//   * SystemC 2.3 elaborates once per process, so the module hierarchy is
//     built by the first xl_dut_new() and reused: each later xl_dut_new()
//     resets the same instance (4 cycles of rst_ni low).  Registers without
//     a reset therefore start from the previous run's values instead of
//     fresh random ones (the first run gets random values, as `make sim`).
//     One instance may be live at a time.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include <systemc>

#include "xl_sc_rtl.h"
#if VM_TRACE
#include "verilated_fst_sc.h"
#endif

extern "C" {
#include "cosim.h"
}

namespace {

const sc_core::sc_time kPeriod(10, sc_core::SC_NS);
const sc_core::sc_time kSample(5, sc_core::SC_NS);  // sampling stop: the rising edge, not yet processed
const sc_core::sc_time kAfter(10, sc_core::SC_NS);  // end of the cycle: the next falling edge, not yet processed

// The process-wide elaboration.
struct bench {
    sc_core::sc_clock clk{"clk", kPeriod, 0.5, sc_core::sc_time(5, sc_core::SC_NS), true};
    xlsc::rtl rtl{"rtl"};
#if VM_TRACE
    std::unique_ptr<VerilatedFstSc> tfp;
#endif
    uint64_t edges = 0;  // cycles run (rising edges passed)
    unsigned line_bytes = 0, dbg_bits = 0;
    bool live = false;   // an xl_dut handle owns it
    bench() { rtl.clk(clk); }
};
bench* g_bench = nullptr;

// At exit: the model's final blocks, and the waveform's last bytes.
void finish_bench() {
    if (!g_bench) return;
    g_bench->rtl.top.final();
#if VM_TRACE
    if (g_bench->tfp) g_bench->tfp->close();
#endif
}

// Run the kernel up to the absolute time `t` (events at `t` itself stay pending).
void run_to(const sc_core::sc_time& t) {
    sc_core::sc_time now = sc_core::sc_time_stamp();
    if (t > now) sc_core::sc_start(t - now);
}

void one_cycle(bench* b, xl_dut_out* out) {
    sc_core::sc_time base = kPeriod * static_cast<double>(b->edges);
    run_to(base + kSample);
    if (out) b->rtl.get_outputs(*out);
    run_to(base + kAfter);
    b->edges++;
}

unsigned dbg_width(const uint32_t cfg[8], unsigned) { return xl_port_dbg_bits(cfg); }

}  // namespace

struct xl_dut {
    uint64_t first_edge = 0;  // bench edges at construction
};

extern "C" {

// SystemC's library main() calls sc_main(); the co-simulation has its own
// main() (tb/cosim/main.c) and drives the kernel with sc_start, so this one
// only satisfies the library's reference and is never called.
int sc_main(int, char**) { return 1; }

const char* xl_dut_kind(void) { return "systemc"; }

xl_dut* xl_dut_new(const xl_dut_opts* opts) {
    if (!g_bench) {
        Verilated::randReset(2);  // registers without reset start random
        Verilated::randSeed(static_cast<int>(opts && opts->seed ? opts->seed : 1));
        Verilated::fatalOnError(true);
#if VM_TRACE
        if (opts && opts->waves) Verilated::traceEverOn(true);
#else
        if (opts && opts->waves) return nullptr;  // built without tracing
#endif
        sc_core::sc_report_handler::set_actions("/IEEE_Std_1666/deprecated", sc_core::SC_DO_NOTHING);
        g_bench = new bench;
        sc_core::sc_start(sc_core::SC_ZERO_TIME);  // end of elaboration; the model evaluates once
#if VM_TRACE
        if (opts && opts->waves) {
            g_bench->tfp = std::make_unique<VerilatedFstSc>();
            g_bench->rtl.top.trace(g_bench->tfp.get(), 99);
            g_bench->tfp->open(opts->waves);
        }
#endif
        std::atexit(finish_bench);
        uint32_t cfg[8];
        g_bench->rtl.read_cfg(cfg);
        g_bench->line_bytes = static_cast<unsigned>(xlsc::get_field(cfg, 160, 16));
        g_bench->dbg_bits = dbg_width(cfg, g_bench->line_bytes);
    } else if (g_bench->live) {
        std::fprintf(stderr, "xl_dut (systemc): only one instance at a time\n");
        return nullptr;
    }
    auto* d = new xl_dut;
    g_bench->live = true;
    g_bench->rtl.detach_memory();
    d->first_edge = g_bench->edges;
    xl_dut_reset(d, 4);
    return d;
}

void xl_dut_free(xl_dut* d) {
    if (!d) return;
    g_bench->rtl.detach_memory();
    g_bench->live = false;
#if VM_TRACE
    if (g_bench->tfp) g_bench->tfp->flush();
#endif
    delete d;
}

void xl_dut_reset(xl_dut* d, unsigned cycles) {
    (void)d;
    xl_dut_in in;
    std::memset(&in, 0, sizeof in);
    g_bench->rtl.rst_n.write(false);
    g_bench->rtl.put_inputs(in);
    for (unsigned i = 0; i < cycles; i++) one_cycle(g_bench, nullptr);
    g_bench->rtl.rst_n.write(true);
}

void xl_dut_cycle(xl_dut* d, const xl_dut_in* in, xl_dut_out* out) {
    (void)d;
    g_bench->rtl.put_inputs(*in);
    one_cycle(g_bench, out);
}

uint64_t xl_dut_cycles(const xl_dut* d) { return g_bench->edges - d->first_edge; }

void xl_dut_cfg(xl_dut* d, uint32_t cfg[8]) {
    (void)d;
    g_bench->rtl.read_cfg(cfg);
}

unsigned xl_dut_line_bytes(const xl_dut* d) {
    (void)d;
    return g_bench->line_bytes;
}

unsigned xl_dut_dbg_bits(const xl_dut* d) {
    (void)d;
    return g_bench->dbg_bits;
}

bool xl_dut_serve_memory(xl_dut* d, xl_memsim* ms, char* error, unsigned len) {
    g_bench->rtl.attach_memory(ms, xl_dut_cycles(d), error, len);
    return true;
}

}  // extern "C"
