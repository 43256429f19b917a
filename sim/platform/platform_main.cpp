// The example platform (docs/systemc.md section 3):
//
//   xlate_traffic_gen --tsock--> xlate_tlm --isock--> xlate_memory
//        (CPU)                (golden model)          (20 ns / access)
//
//   xlate-tlm-example [PRESET] [N_RANDOM] [SEED]
//
// The page tables are loaded into both memory images (the model's backing
// store and the memory target); the model's line fills and write-backs then
// keep the target's image identical, which the end of the run checks.
// Exit status 0 when every check passed.
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <systemc>

#include "memory.h"
#include "traffic_gen.h"
#include "xlate/config.h"
#include "xlate_tlm.h"

#ifndef XL_CFG_DIR
#define XL_CFG_DIR nullptr
#endif

int sc_main(int argc, char** argv) {
    const char* preset = argc > 1 ? argv[1] : "x86_64";
    uint64_t n = argc > 2 ? std::strtoull(argv[2], nullptr, 0) : 100000;
    uint64_t seed = argc > 3 ? std::strtoull(argv[3], nullptr, 0) : 1;
    xl_config cfg;
    xl_error err;
    if (xl_config_load_preset(preset, XL_CFG_DIR, &cfg, &err) != 0) {
        std::fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    sc_core::sc_report_handler::set_actions("/IEEE_Std_1666/deprecated", sc_core::SC_DO_NOTHING);

    xlate_tlm mmu("mmu", cfg);
    xlate_memory mem("mem", cfg.mem_bytes, sc_core::sc_time(20, sc_core::SC_NS), sc_core::sc_time(20, sc_core::SC_NS));
    xlate_traffic_gen cpu(
        "cpu", cfg,
        [&](uint64_t pa, uint64_t value, unsigned bytes) {
            uint8_t b[8];
            for (unsigned i = 0; i < bytes; i++) b[i] = static_cast<uint8_t>(value >> (8 * i));
            mmu.backdoor_write(pa, b, bytes);
            mem.write(pa, b, bytes);
        },
        n, seed);
    cpu.isock.bind(mmu.tsock);
    mmu.isock.bind(mem.tsock);
    tlm_utils::tlm_quantumkeeper::set_global_quantum(sc_core::sc_time(1, sc_core::SC_US));

    sc_core::sc_start();

    // the memory target's image must equal the model's backing store wherever
    // the model moved lines (every frame the target holds)
    const xlate_tlm::counters& s = mmu.stats();
    uint64_t diffs = 0, checked = 0;
    {
        std::vector<uint8_t> a(cfg.cache_line), b(cfg.cache_line);
        for (uint64_t pa = 0; pa < cfg.mem_bytes && pa < (uint64_t{64} << 20); pa += cfg.cache_line) {
            mem.read(pa, a.data(), a.size());
            mmu.backdoor_read(pa, b.data(), b.size());
            diffs += std::memcmp(a.data(), b.data(), a.size()) != 0;
            checked++;
        }
    }
    bool coherent = diffs == 0 && s.fill_data_mismatches == 0 && s.mem_errors == 0;
    std::printf("  %-4s memory target image equals the model's backing store (%" PRIu64 " lines compared, %" PRIu64
                " differ; fill data mismatches %" PRIu64 ")\n",
                coherent ? "ok" : "FAIL", checked, diffs, s.fill_data_mismatches);
    cpu.passed += coherent;
    cpu.failed += !coherent;

    const xl_stats& st = mmu.model().stats;
    double t_ns = sc_core::sc_time_stamp().to_seconds() * 1e9;
    std::printf("random stream: %" PRIu64 " accesses, OK %" PRIu64 ", GENERIC_ERROR %" PRIu64 ", ADDRESS_ERROR %" PRIu64
                ", COMMAND_ERROR %" PRIu64 "; TLB hits %" PRIu64 ", L1D hits %" PRIu64 "\n",
                cpu.random_done, cpu.random_status[0], cpu.random_status[1], cpu.random_status[2],
                cpu.random_status[3], cpu.tlb_hits, cpu.cache_hits);
    std::printf("model: %" PRIu64 " walks, %" PRIu64 " PTE reads, %" PRIu64 " A/D updates, %" PRIu64
                " dirty evictions\n",
                st.walks, st.pte_reads, st.ad_writes, st.evict_dirty);
    std::printf("memory socket: %" PRIu64 " line fills, %" PRIu64 " write-backs (target saw %" PRIu64 " reads, %" PRIu64
                " writes)\n",
                s.mem_reads, s.mem_writes, mem.reads, mem.writes);
    std::printf("simulated time %.0f ns, mean access latency %.2f ns\n", t_ns,
                s.accesses ? cpu.busy.to_seconds() * 1e9 / static_cast<double>(s.accesses) : 0.0);
    std::printf("%u passed, %u failed\n", cpu.passed, cpu.failed);
    return cpu.failed == 0 ? 0 : 1;
}
