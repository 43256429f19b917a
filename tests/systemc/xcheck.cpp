// Cross-check of the two SystemC views of xlate: one transaction list (the
// `make sim` random stimulus, tb/cosim/stim.h) goes through
//
//   xlate_tlm   the golden model as a TLM-2.0 component (+ a memory target
//               that receives its line fills and write-backs), and
//   xl_rtl_tlm  the Verilated SystemC RTL behind the same target socket
//               (pin-level transactor, memory from tb/cosim/memsim.c),
//
// and every result must agree: response status, fault, level, PA, data, TLB
// hit, L1D hit, page-table reads.  It also compares the latency model of
// xlate_tlm with the RTL's cycles, per kind of access.
//
//   xcheck --preset P [--seed S] [--n N] [--latency MIN:MAX] [--backpressure PCT] [--quiet]
//          [--exact-latency]       (a failure for each access whose xlate_tlm latency differs
//                                   from the RTL's; meant for a memory without back-pressure)
//          [--dump-latency FILE]   (per access: tlb_hit cache_hit walked walk_reads
//                                   fills write_backs ad_writes fault rtl_cycles tlm_cycles
//                                   uncached mt store)
//
// Prints `N passed, N failed` last (one check per transaction, plus the
// memory-image check); exit status 0 only if none failed.
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "memory.h"
#include "xl_rtl_tlm.h"
#include "xlate/config.h"
#include "xlate/trace.h"
#include "xlate_tlm.h"

extern "C" {
#include "stim.h"
}

#ifndef XL_CFG_DIR
#define XL_CFG_DIR nullptr
#endif

namespace {

const sc_core::sc_time kPeriod(10, sc_core::SC_NS);

struct options {
    std::string preset = "x86_64";
    uint64_t seed = 1, n = 20000;
    unsigned lat_min = 1, lat_max = 20, bp = 10;
    bool quiet = false;
    std::string dump;  // --dump-latency FILE: one line per access (for fitting xlate_tlm_timing)
    bool exact = false;  // --exact-latency: every access's TLM latency must equal the RTL's
};

// latency comparison per kind of access
struct lat_bin {
    const char* name;
    uint64_t n = 0;
    double rtl = 0, tlm = 0, abs_err = 0;
};

class checker : public sc_core::sc_module {
  public:
    tlm_utils::simple_initiator_socket<checker> to_model{"to_model"}, to_rtl{"to_rtl"};

    SC_HAS_PROCESS(checker);
    checker(sc_core::sc_module_name nm, const xl_config& cfg, const options& o, xlate_tlm& model, xlate_memory& mem,
            xl_rtl_tlm& rtl)
        : sc_core::sc_module(nm), cfg_(cfg), o_(o), model_(model), mem_(mem), rtl_(rtl) {
        SC_THREAD(run);
    }

    uint64_t txns = 0, accesses = 0, mismatches = 0, controls = 0, inexact = 0;
    bool setup_failed = false;
    lat_bin bins[7] = {{"TLB hit, L1D hit"},  {"TLB hit, L1D miss"},
                       {"walk, no line fill"}, {"walk with line fills"},
                       {"fault without a walk"}, {"invalidation / root change"},
                       {"uncached (Svpbmt NC / IO)"}};

  private:
    const xl_config cfg_;
    const options o_;
    xlate_tlm& model_;
    xlate_memory& mem_;
    xl_rtl_tlm& rtl_;
    FILE* dump_ = nullptr;
    int last_kind_ = 0;  // of the last control: 1 invalidation, 2 root change

    static const char* st_name(tlm::tlm_response_status s) {
        switch (s) {
        case tlm::TLM_OK_RESPONSE: return "OK";
        case tlm::TLM_GENERIC_ERROR_RESPONSE: return "GENERIC_ERROR";
        case tlm::TLM_ADDRESS_ERROR_RESPONSE: return "ADDRESS_ERROR";
        case tlm::TLM_COMMAND_ERROR_RESPONSE: return "COMMAND_ERROR";
        case tlm::TLM_BURST_ERROR_RESPONSE: return "BURST_ERROR";
        case tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE: return "BYTE_ENABLE_ERROR";
        default: return "INCOMPLETE";
        }
    }
    static std::string show(tlm::tlm_response_status s, const xlate_access_ext& e, uint64_t rd) {
        char b[240];
        std::snprintf(b, sizeof b, "%s fault=%s level=%d pa=0x%" PRIx64 " data=0x%" PRIx64 " tlb=%s cache=%s walk=%u",
                      st_name(s), xl_fault_name(e.fault), e.level, e.pa, rd, e.tlb_hit ? "hit" : "miss",
                      e.cache_hit ? "hit" : "miss", e.walk_reads);
        return b;
    }

    // one transaction on one side; returns the status, fills ext / rdata, and the annotated delay
    tlm::tlm_response_status send(tlm_utils::simple_initiator_socket<checker>& s, const xl_txn& t,
                                  xlate_access_ext& ext, xlate_control_ext& ctl, uint64_t& rd,
                                  sc_core::sc_time& took) {
        tlm::tlm_generic_payload p;
        uint8_t buf[8] = {0};
        p.set_address(0);
        p.set_data_ptr(buf);
        p.set_data_length(0);
        p.set_streaming_width(0);
        p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        if (t.kind == XL_TXN_ACCESS) {
            const xl_access& a = t.access;
            ext = xlate_access_ext();
            ext.user = a.priv == XL_PRIV_U;
            ext.fetch = a.op == XL_OP_FETCH;
            ext.ac = a.ac;
            for (unsigned i = 0; i < 8; i++) buf[i] = static_cast<uint8_t>(a.wdata >> (8 * i));
            p.set_command(a.op == XL_OP_STORE ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
            p.set_address(a.va);
            p.set_data_length(a.size);
            p.set_streaming_width(a.size);
            p.set_extension(&ext);
        } else {
            if (t.kind == XL_TXN_ROOT)
                ctl = xlate_control_ext::set_root(t.root_ppn, t.asid, t.flush);
            else if (t.kind == XL_TXN_CTL)
                ctl = xlate_control_ext::set_ctl(t.ctl_mask, t.ctl);
            else if (t.kind == XL_TXN_FENCE)
                ctl = xlate_control_ext::make_fence(t.fence);
            else if (t.isa == XL_INV_RAW)
                ctl = xlate_control_ext::inval(t.inval);
            else
                ctl = xlate_control_ext::isa_inval(t.isa, t.inval.va, t.inval.asid);
            p.set_command(tlm::TLM_IGNORE_COMMAND);
            p.set_extension(&ctl);
        }
        sc_core::sc_time d = sc_core::SC_ZERO_TIME, t0 = sc_core::sc_time_stamp();
        s->b_transport(p, d);
        took = d + (sc_core::sc_time_stamp() - t0);
        if (t.kind == XL_TXN_ACCESS)
            p.clear_extension(&ext);
        else
            p.clear_extension(&ctl);
        rd = 0;
        if (t.kind == XL_TXN_ACCESS && t.access.op != XL_OP_STORE && p.is_response_ok())
            for (unsigned i = 0; i < t.access.size; i++) rd |= static_cast<uint64_t>(buf[i]) << (8 * i);
        return p.get_response_status();
    }

    void load(uint64_t pa, uint64_t value, unsigned size) {
        uint8_t b[8];
        for (unsigned i = 0; i < size; i++) b[i] = static_cast<uint8_t>(value >> (8 * i));
        if (!model_.backdoor_write(pa, b, size) || !rtl_.backdoor_write(pa, b, size)) setup_failed = true;
        mem_.write(pa, b, size);
    }

    void run() {
        xl_stim_opts so = {o_.seed, o_.n};
        xl_error err;
        xl_stim* st = xl_stim_new(&cfg_, &so, &err);
        if (!o_.dump.empty()) dump_ = std::fopen(o_.dump.c_str(), "w");
        if (st == nullptr) {
            std::fprintf(stderr, "xcheck: %s\n", err.msg);
            setup_failed = true;
            sc_core::sc_stop();
            return;
        }
        xl_stmt s;
        while (xl_stim_next(st, &s)) {
            if (s.kind == XL_ST_MEM || s.kind == XL_ST_PTE) {
                load(s.pa, s.value, s.size);
                continue;
            }
            if (s.kind != XL_ST_TXN) continue;
            const xl_txn& t = s.txn;
            last_kind_ = t.kind;
            xlate_access_ext em, er;
            xlate_control_ext cm, cr;
            uint64_t dm = 0, dr = 0;
            sc_core::sc_time tm, tr;
            tlm::tlm_response_status sm = send(to_model, t, em, cm, dm, tm);
            tlm::tlm_response_status sr = send(to_rtl, t, er, cr, dr, tr);
            txns++;
            bool same;
            if (t.kind == XL_TXN_ACCESS) {
                accesses++;
                same = sm == sr && em.done && er.done && em.fault == er.fault && em.level == er.level &&
                       em.pa == er.pa && em.data == er.data && dm == dr && em.tlb_hit == er.tlb_hit &&
                       em.cache_hit == er.cache_hit && em.walk_reads == er.walk_reads && em.mt == er.mt;
                if (same) note_latency(&em, tm, rtl_.last_cycles(), t.access.op == XL_OP_STORE);
            } else {
                controls++;
                same = sm == sr && sm == tlm::TLM_OK_RESPONSE && cm.done && cr.done;
                if (same) note_latency(nullptr, tm, rtl_.last_cycles(), false);
            }
            if (!same) {
                mismatches++;
                if (mismatches <= 10) {
                    char req[200];
                    xl_txn_format(&t, req, sizeof req);
                    std::printf("MISMATCH at transaction #%" PRIu64 ": %s\n", txns - 1, req);
                    if (t.kind == XL_TXN_ACCESS) {
                        std::printf("  xlate_tlm : %s\n", show(sm, em, dm).c_str());
                        std::printf("  RTL       : %s\n", show(sr, er, dr).c_str());
                    } else {
                        std::printf("  xlate_tlm : %s, RTL: %s\n", st_name(sm), st_name(sr));
                    }
                }
            }
            if (rtl_.memory_error()[0]) {
                std::printf("memory protocol error: %s\n", rtl_.memory_error());
                mismatches++;
                break;
            }
        }
        xl_stim_free(st);
        if (dump_) std::fclose(dump_);
        sc_core::sc_stop();  // the RTL's clock would run forever
    }

    void note_latency(const xlate_access_ext* e, const sc_core::sc_time& tm, uint64_t rtl_cycles, bool store) {
        unsigned k = 5;
        bool walked = false;
        if (e) {
            walked = !e->tlb_hit && e->fault != XL_FAULT_ALIGN && e->fault != XL_FAULT_CANONICAL;
            if (e->fault != XL_FAULT_NONE && !walked)
                k = 4;
            else if (!walked)
                k = e->cache_hit ? 0 : 1;
            else
                k = e->mem_reads ? 3 : 2;
            if (e->mem_uncached) k = 6;
        }
        double tc = tm / kPeriod;
        if (dump_ && e)
            std::fprintf(dump_, "%d %d %d %u %u %u %u %d %" PRIu64 " %.2f %u %u %d\n", e->tlb_hit, e->cache_hit,
                         walked, e->walk_reads, e->mem_reads, e->mem_writes, e->ad_writes, static_cast<int>(e->fault),
                         rtl_cycles, tc, e->mem_uncached, e->mt, store);
        else if (dump_)
            std::fprintf(dump_, "control %d %" PRIu64 " %.2f\n", last_kind_, rtl_cycles, tc);
        lat_bin& b = bins[k];
        b.n++;
        b.rtl += static_cast<double>(rtl_cycles);
        b.tlm += tc;
        double err = tc > static_cast<double>(rtl_cycles) ? tc - static_cast<double>(rtl_cycles)
                                                          : static_cast<double>(rtl_cycles) - tc;
        b.abs_err += err;
        if (e && err > 1e-9 && inexact++ < 5 && o_.exact)
            std::printf("latency differs: RTL %" PRIu64 " cycles, xlate_tlm %.2f (%s fault=%s walk=%u fills=%u "
                        "write-backs=%u)\n",
                        rtl_cycles, tc, b.name, xl_fault_name(e->fault), e->walk_reads, e->mem_reads, e->mem_writes);
    }
};

int parse(int argc, char** argv, options& o) {
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        const char* v = i + 1 < argc ? argv[i + 1] : nullptr;
        if (a == "--quiet") {
            o.quiet = true;
            continue;
        }
        if (a == "--exact-latency") {
            o.exact = true;
            continue;
        }
        if (!v) {
            std::fprintf(stderr, "xcheck: %s needs an argument\n", a.c_str());
            return -1;
        }
        i++;
        if (a == "--preset")
            o.preset = v;
        else if (a == "--seed")
            o.seed = std::strtoull(v, nullptr, 0);
        else if (a == "--n")
            o.n = std::strtoull(v, nullptr, 0);
        else if (a == "--dump-latency")
            o.dump = v;
        else if (a == "--backpressure")
            o.bp = static_cast<unsigned>(std::strtoul(v, nullptr, 0));
        else if (a == "--latency") {
            char* end = nullptr;
            o.lat_min = static_cast<unsigned>(std::strtoul(v, &end, 0));
            o.lat_max = end && *end == ':' ? static_cast<unsigned>(std::strtoul(end + 1, nullptr, 0)) : o.lat_min;
        } else {
            std::fprintf(stderr, "xcheck: unknown option %s\n", a.c_str());
            return -1;
        }
    }
    return 0;
}

}  // namespace

int sc_main(int argc, char** argv) {
    options o;
    if (parse(argc, argv, o) != 0) return 2;
    xl_config cfg;
    xl_error err;
    if (xl_config_load_preset(o.preset.c_str(), XL_CFG_DIR, &cfg, &err) != 0) {
        std::fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    sc_core::sc_report_handler::set_actions("/IEEE_Std_1666/deprecated", sc_core::SC_DO_NOTHING);
    Verilated::randReset(2);
    Verilated::randSeed(static_cast<int>(o.seed ? o.seed : 1));

    xlate_tlm_timing tt;
    tt.clock = kPeriod;  // the RTL's clock, so that the latencies compare
    xlate_tlm model("model", cfg, tt);
    // the model's memory target answers in the memory model's mean latency
    sc_core::sc_time mean_lat = kPeriod * ((o.lat_min + o.lat_max) / 2.0);
    xlate_memory mem("mem", cfg.mem_bytes, mean_lat, kPeriod);
    model.isock.bind(mem.tsock);
    xl_memsim_opts mo = {o.lat_min, o.lat_max, o.bp};
    xl_rtl_tlm rtl("rtl", cfg, mo, o.seed, kPeriod);
    checker chk("chk", cfg, o, model, mem, rtl);
    chk.to_model.bind(model.tsock);
    chk.to_rtl.bind(rtl.tsock);

    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    char why[256];
    if (!rtl.config_matches(why, sizeof why)) {
        std::fprintf(stderr, "xcheck: %s: refusing to run\n", why);
        return 2;
    }
    sc_core::sc_start();
    if (chk.setup_failed) return 2;

    const xlate_tlm::counters& s = model.stats();
    std::printf("xcheck %s seed %" PRIu64 ": %" PRIu64 " transactions (%" PRIu64 " accesses, %" PRIu64
                " invalidations / root changes) through xlate_tlm and the SystemC RTL: %" PRIu64 " mismatches\n",
                cfg.name, o.seed, chk.txns, chk.accesses, chk.controls, chk.mismatches);
    std::printf("model memory socket: %" PRIu64 " line fills, %" PRIu64 " write-backs, %" PRIu64
                " fill-data mismatches; RTL: %" PRIu64 " cycles\n",
                s.mem_reads, s.mem_writes, s.fill_data_mismatches, rtl.cycles());
    if (!o.quiet) {
        std::printf("latency (cycles; memory latency %u..%u, back-pressure %u%%):\n", o.lat_min, o.lat_max, o.bp);
        std::printf("  %-32s %9s %10s %10s %10s\n", "kind", "accesses", "RTL mean", "TLM mean", "mean |err|");
        for (const auto& b : chk.bins)
            if (b.n)
                std::printf("  %-32s %9" PRIu64 " %10.2f %10.2f %10.2f\n", b.name, b.n, b.rtl / b.n, b.tlm / b.n,
                            b.abs_err / b.n);
    }
    unsigned passed = static_cast<unsigned>(chk.txns - chk.mismatches), failed = static_cast<unsigned>(chk.mismatches);
    if (o.exact) {
        std::printf("accesses whose xlate_tlm latency differs from the RTL's: %" PRIu64 "\n", chk.inexact);
        passed += chk.inexact == 0;
        failed += chk.inexact != 0;
    }
    bool coherent = s.fill_data_mismatches == 0 && s.mem_errors == 0;
    passed += coherent;
    failed += !coherent;
    std::printf("%u passed, %u failed\n", passed, failed);
    return failed == 0 && chk.txns > 0 ? 0 : 1;
}
