// Tests of xlate_tlm (sim/tlm/): the TLM-2.0 golden model.
//
//   tlm-test [PRESET] [N] [SEED]
//
//  - lockstep: the `make sim` stimulus through the socket and through a plain
//    xl_mmu; every result, the payload data and the final state must agree
//    (the wrapper adds no behaviour of its own);
//  - memory socket: every line fill and write-back appears once, in order,
//    line-aligned, with its cause; a memory target fed only by those
//    transfers stays identical to the model's backing store;
//  - the latency model, formula by formula; posted and unposted write-backs;
//  - response statuses (the fault table, malformed payloads, memory errors),
//    plain payloads without the extension, control transactions and the
//    control API, an unbound memory socket, extension copies.
// Prints `ok` / `FAIL` per check and `N passed, N failed` last.
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "memory.h"
#include "page_tables.h"
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

unsigned g_pass = 0, g_fail = 0;

void check(const std::string& what, bool ok, const std::string& detail = "") {
    (ok ? g_pass : g_fail)++;
    std::printf("%-4s %s%s%s\n", ok ? "ok" : "FAIL", what.c_str(), detail.empty() ? "" : ": ", detail.c_str());
}

// A memory target that records every transaction and can be told to fail.
class recorder : public sc_core::sc_module {
  public:
    tlm_utils::simple_target_socket<recorder> tsock{"tsock"};
    struct txn {
        bool write;
        uint64_t addr;
        unsigned len;
        bool has_ext;
        xlate_mem_ext ext;
    };
    std::vector<txn> log;
    xlate_sparse_image image;
    sc_core::sc_time read_latency{10, sc_core::SC_NS}, write_latency{7, sc_core::SC_NS};
    bool fail_reads = false;

    explicit recorder(sc_core::sc_module_name nm) : sc_core::sc_module(nm) {
        tsock.register_b_transport(this, &recorder::b_transport);
    }

  private:
    void b_transport(tlm::tlm_generic_payload& p, sc_core::sc_time& d) {
        xlate_mem_ext* e = nullptr;
        p.get_extension(e);
        log.push_back(txn{p.is_write(), p.get_address(), p.get_data_length(), e != nullptr, e ? *e : xlate_mem_ext()});
        if (fail_reads && p.is_read()) {
            p.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return;
        }
        if (p.is_read())
            image.read(p.get_address(), p.get_data_ptr(), p.get_data_length());
        else
            image.write(p.get_address(), p.get_data_ptr(), p.get_data_length());
        d += p.is_read() ? read_latency : write_latency;
        p.set_response_status(tlm::TLM_OK_RESPONSE);
    }
};

class tester : public sc_core::sc_module {
  public:
    tlm_utils::simple_initiator_socket<tester> isock{"isock"};
    tlm_utils::simple_initiator_socket<tester> isock2{"isock2"};  // to the instance without memory

    SC_HAS_PROCESS(tester);
    tester(sc_core::sc_module_name nm, const xl_config& cfg, xlate_tlm& dut, xlate_tlm& bare, recorder& mem,
           uint64_t n, uint64_t seed)
        : sc_core::sc_module(nm), cfg_(cfg), dut_(dut), bare_(bare), mem_(mem), n_(n), seed_(seed) {
        SC_THREAD(run);
    }

  private:
    const xl_config cfg_;
    xlate_tlm& dut_;
    xlate_tlm& bare_;
    recorder& mem_;
    uint64_t n_, seed_;

    struct outcome {
        tlm::tlm_response_status st;
        xlate_access_ext ext;
        uint64_t rdata;
        sc_core::sc_time delay;
    };

    outcome access(tlm_utils::simple_initiator_socket<tester>& s, tlm::tlm_command cmd, uint64_t va, unsigned size,
                   bool user, bool fetch, uint64_t wdata, bool with_ext = true, unsigned char* be = nullptr,
                   unsigned sw = 0, bool ac = false) {
        outcome o{};
        uint8_t buf[16] = {0};
        for (unsigned i = 0; i < 8; i++) buf[i] = static_cast<uint8_t>(wdata >> (8 * i));
        tlm::tlm_generic_payload p;
        o.ext.user = user;
        o.ext.fetch = fetch;
        o.ext.ac = ac;
        p.set_command(cmd);
        p.set_address(va);
        p.set_data_ptr(buf);
        p.set_data_length(size);
        p.set_streaming_width(sw ? sw : size);
        p.set_byte_enable_ptr(be);
        p.set_byte_enable_length(be ? size : 0);
        p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        if (with_ext) p.set_extension(&o.ext);
        sc_core::sc_time d = sc_core::SC_ZERO_TIME;
        s->b_transport(p, d);
        o.delay = d;
        if (with_ext) p.clear_extension(&o.ext);
        o.st = p.get_response_status();
        for (unsigned i = 0; i < size && i < 8; i++) o.rdata |= static_cast<uint64_t>(buf[i]) << (8 * i);
        return o;
    }

    tlm::tlm_response_status control(tlm_utils::simple_initiator_socket<tester>& s, xlate_control_ext* c,
                                     sc_core::sc_time* delay = nullptr) {
        tlm::tlm_generic_payload p;
        p.set_command(tlm::TLM_IGNORE_COMMAND);
        p.set_address(0);
        p.set_data_length(0);
        p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        if (c) p.set_extension(c);
        sc_core::sc_time d = sc_core::SC_ZERO_TIME;
        s->b_transport(p, d);
        if (delay) *delay = d;
        if (c) p.clear_extension(c);
        return p.get_response_status();
    }

    static bool same_result(const xlate_access_ext& e, const xl_result& r) {
        return e.done && e.fault == r.fault && e.level == r.level && e.pa == r.pa && e.data == r.rdata &&
               e.tlb_hit == r.tlb_hit && e.cache_hit == r.cache_hit && e.walk_reads == r.walk_reads && e.mt == r.mt;
    }

    void load_both(xl_mmu& ref, uint64_t pa, uint64_t value, unsigned size) {
        uint8_t b[8];
        for (unsigned i = 0; i < size; i++) b[i] = static_cast<uint8_t>(value >> (8 * i));
        dut_.backdoor_write(pa, b, size);
        bare_.backdoor_write(pa, b, size);
        mem_.image.write(pa, b, size);
        xl_mem_write(&ref.mem, pa, b, size);
    }

    void run() {
        test_status_table();
        test_lockstep();
        test_malformed();
        test_plain_and_control();
        test_timing();
        test_memory_error();
        test_extension_copy();
        sc_core::sc_stop();
    }

    void test_status_table() {
        bool ok = xlate_tlm_status(XL_FAULT_NONE) == tlm::TLM_OK_RESPONSE &&
                  xlate_tlm_status(XL_FAULT_BUS) == tlm::TLM_GENERIC_ERROR_RESPONSE;
        for (xl_fault f : {XL_FAULT_ALIGN, XL_FAULT_CANONICAL, XL_FAULT_NOT_PRESENT, XL_FAULT_RESERVED,
                           XL_FAULT_MISALIGNED, XL_FAULT_AD})
            ok = ok && xlate_tlm_status(f) == tlm::TLM_ADDRESS_ERROR_RESPONSE;
        for (xl_fault f : {XL_FAULT_USER, XL_FAULT_SUPER, XL_FAULT_READ, XL_FAULT_WRITE, XL_FAULT_EXEC})
            ok = ok && xlate_tlm_status(f) == tlm::TLM_COMMAND_ERROR_RESPONSE;
        check("response status of every fault cause (docs/systemc.md table)", ok);
    }

    // The make-sim stimulus through the socket and through a plain model.
    void test_lockstep() {
        xl_mmu ref;
        xl_error err;
        if (xl_mmu_init(&ref, &cfg_, &err) != 0) {
            check("reference model", false, err.msg);
            return;
        }
        xl_stim_opts so = {seed_, n_};
        xl_stim* st = xl_stim_new(&cfg_, &so, &err);
        if (!st) {
            check("stimulus", false, err.msg);
            xl_mmu_free(&ref);
            return;
        }
        uint64_t txns = 0, bad = 0, bad_traffic = 0, bad_status = 0, walk_fills = 0, data_fills = 0, wbs = 0,
                 ucs = 0;
        std::string first_bad;
        xl_stmt s;
        while (xl_stim_next(st, &s)) {
            if (s.kind == XL_ST_MEM || s.kind == XL_ST_PTE) {
                load_both(ref, s.pa, s.value, s.size);
                continue;
            }
            if (s.kind != XL_ST_TXN) continue;
            xl_txn t = xl_txn_resolve(&s.txn, ref.asid);
            xl_result want;
            xl_info info;
            xl_txn_execute(&ref, &t, &want, &info);
            txns++;
            if (t.kind != XL_TXN_ACCESS) {
                xlate_control_ext c = t.kind == XL_TXN_ROOT ? xlate_control_ext::set_root(t.root_ppn, t.asid, t.flush)
                                      : t.kind == XL_TXN_CTL ? xlate_control_ext::set_ctl(t.ctl_mask, t.ctl)
                                      : t.kind == XL_TXN_FENCE ? xlate_control_ext::make_fence(t.fence)
                                      : t.isa == XL_INV_RAW ? xlate_control_ext::inval(t.inval)
                                                            : xlate_control_ext::isa_inval(t.isa, s.txn.inval.va,
                                                                                           s.txn.inval.asid);
                if (control(isock, &c) != tlm::TLM_OK_RESPONSE || !c.done) bad++;
                continue;
            }
            const xl_access& a = t.access;
            size_t log0 = mem_.log.size();
            outcome o = access(isock, a.op == XL_OP_STORE ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND, a.va,
                               a.size, a.priv == XL_PRIV_U, a.op == XL_OP_FETCH, a.wdata, true, nullptr, 0, a.ac);
            bool data_ok = a.op == XL_OP_STORE || want.fault != XL_FAULT_NONE || o.rdata == want.rdata;
            if (!same_result(o.ext, want) || !data_ok || o.ext.asid != ref.asid) {
                if (bad++ == 0) {
                    char req[200], res[200];
                    xl_txn_format(&t, req, sizeof req);
                    xl_result got = o.ext.result();
                    xl_result_format(&got, res, sizeof res);
                    first_bad = std::string(req) + " -> " + res;
                }
            }
            if (o.st != xlate_tlm_status(want.fault)) bad_status++;
            // the memory traffic of this access
            unsigned fills = 0, w = 0, seq = 0, u = 0;
            const bool uc = info.uncached;
            bool ok = o.ext.mem_reads == info.walk_cache_misses + (want.fault == XL_FAULT_NONE && !want.cache_hit &&
                                                                   !uc) &&
                      o.ext.mem_writes == info.evict_dirty && o.ext.mem_uncached == (uc ? 1u : 0u);
            for (size_t i = log0; i < mem_.log.size(); i++) {
                const recorder::txn& x = mem_.log[i];
                ok = ok && x.has_ext && x.ext.va == a.va && x.ext.seq == seq++;
                if (x.has_ext && x.ext.cause == xlate_mem_ext::UNCACHED) {
                    // Svpbmt NC / IO: the access's own bytes at its PA, after any walk traffic
                    ok = ok && uc && x.len == a.size && x.addr == want.pa &&
                         x.write == (a.op == XL_OP_STORE) && i + 1 == mem_.log.size();
                    u++;
                    continue;
                }
                ok = ok && x.len == cfg_.cache_line && x.addr % cfg_.cache_line == 0;
                if (x.write) {
                    ok = ok && x.ext.cause == xlate_mem_ext::WRITE_BACK;
                    w++;
                } else {
                    ok = ok && x.ext.cause == (fills < info.walk_cache_misses ? xlate_mem_ext::PTE_FILL
                                                                              : xlate_mem_ext::DATA_FILL);
                    fills++;
                }
            }
            ok = ok && fills == o.ext.mem_reads && w == o.ext.mem_writes && u == o.ext.mem_uncached;
            ucs += u;
            walk_fills += info.walk_cache_misses;
            data_fills += fills - info.walk_cache_misses;
            wbs += w;
            bad_traffic += !ok;
        }
        xl_stim_free(st);
        char d[200];
        std::snprintf(d, sizeof d, "%" PRIu64 " transactions, %" PRIu64 " differ%s%s", txns, bad,
                      first_bad.empty() ? "" : "; first: ", first_bad.c_str());
        check("lockstep with a plain xl_mmu: every result and load data", bad == 0 && txns > 0, d);
        check("response status follows the fault of every access", bad_status == 0);
        char w[200];
        std::snprintf(w, sizeof w,
                      "%" PRIu64 " table-walk fills, %" PRIu64 " data fills, %" PRIu64 " write-backs, %" PRIu64
                      " uncached",
                      walk_fills, data_fills, wbs, ucs);
        check("memory socket: each access's fills, write-backs and uncached transfers, in order, with cause, "
              "sequence and VA",
              bad_traffic == 0 && walk_fills > 0 && data_fills > 0 && wbs > 0 &&
                  (ucs > 0) == ((cfg_.ext & XL_EXT_SVPBMT) != 0),
              w);
        char what[300] = "";
        int cmp = xl_mmu_compare(&dut_.model(), &ref, what, sizeof what);
        check("final TLB, cache, memory, root and ASID equal the plain model's", cmp == 0, what);
        // The target's image saw only the socket's transfers after the set-up.
        uint64_t diffs = 0;
        std::vector<uint8_t> a(cfg_.cache_line), b(cfg_.cache_line);
        for (const auto& x : mem_.log) {
            mem_.image.read(x.addr, a.data(), a.size());
            dut_.backdoor_read(x.addr, b.data(), b.size());
            diffs += std::memcmp(a.data(), b.data(), a.size()) != 0;
        }
        check("memory target fed by the socket equals the model's backing store",
              diffs == 0 && dut_.stats().fill_data_mismatches == 0);
        xl_mmu_free(&ref);
    }

    void test_malformed() {
        uint64_t acc0 = dut_.model().stats.ops[0] + dut_.model().stats.ops[1] + dut_.model().stats.ops[2];
        unsigned char be[8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
        outcome o1 = access(isock, tlm::TLM_READ_COMMAND, 0, 4, false, false, 0, true, be);
        outcome o2 = access(isock, tlm::TLM_READ_COMMAND, 0, 3, false, false, 0);
        outcome o3 = access(isock, tlm::TLM_READ_COMMAND, 0, 16, false, false, 0);
        outcome o4 = access(isock, tlm::TLM_READ_COMMAND, 0, 4, false, false, 0, true, nullptr, 2);
        outcome o5 = access(isock, tlm::TLM_WRITE_COMMAND, 0, 0, false, false, 0);
        uint64_t acc1 = dut_.model().stats.ops[0] + dut_.model().stats.ops[1] + dut_.model().stats.ops[2];
        check("byte enables: TLM_BYTE_ENABLE_ERROR_RESPONSE", o1.st == tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        check("length 3, 16, 0 or streaming width < length: TLM_BURST_ERROR_RESPONSE",
              o2.st == tlm::TLM_BURST_ERROR_RESPONSE && o3.st == tlm::TLM_BURST_ERROR_RESPONSE &&
                  o4.st == tlm::TLM_BURST_ERROR_RESPONSE && o5.st == tlm::TLM_BURST_ERROR_RESPONSE);
        check("malformed requests leave the model alone, cost no time, fill no result",
              acc1 == acc0 && !o1.ext.done && !o2.ext.done && o2.delay == sc_core::SC_ZERO_TIME);
        if (cfg_.max_access < 8) {
            outcome o6 = access(isock, tlm::TLM_READ_COMMAND, 0, 8, false, false, 0);
            check("an access wider than the preset's max_access: TLM_BURST_ERROR_RESPONSE",
                  o6.st == tlm::TLM_BURST_ERROR_RESPONSE);
        }
    }

    // A fresh little address space for the directed tests: `npages` pages
    // from va to pa (A and D set, so no A/D updates), supervisor read/write.
    struct space {
        uint64_t root_ppn, va, pa, npages;
    };
    space build_space(xlate_tlm& t, bool also_image) {
        const uint64_t page = uint64_t{1} << cfg_.page_bits;
        uint64_t base = cfg_.mem_bytes / 2 < 0x100000 ? cfg_.mem_bytes / 2 : 0x100000;
        auto put = [&](uint64_t pa, uint64_t v, unsigned n) {
            uint8_t b[8];
            for (unsigned i = 0; i < n; i++) b[i] = static_cast<uint8_t>(v >> (8 * i));
            t.backdoor_write(pa, b, n);
            if (also_image) mem_.image.write(pa, b, n);
        };
        xlate_page_tables pt(cfg_, base + base / 2, put);
        space s{};
        s.va = std::min<uint64_t>(uint64_t{1} << (cfg_.va_bits - 2), 0x400000);
        s.pa = base;
        s.npages = cfg_.cache_ways + 2;
        unsigned f = pt.flags(false, true, false) | XL_PF_A | XL_PF_D;
        for (uint64_t i = 0; i < s.npages; i++) {
            pt.map(s.va + i * page, s.pa + i * page, 0, f);
            for (uint64_t off = 0; off < page; off += 8) put(s.pa + i * page + off, 0, 8 < page ? 8 : 4);
        }
        s.root_ppn = pt.root_ppn();
        return s;
    }

    // Write back and drop every line of the socket-connected model, empty
    // its TLB, and copy its memory into the target's image, so that
    // directed tests start from a known state.
    void quiesce() {
        xl_cache_flush(&dut_.model().cache, true);
        xl_inval all{};
        dut_.inval(all);
        xl_mem_foreach(
            &dut_.model().mem,
            [](uint64_t base, const uint8_t* data, void* ctx) {
                static_cast<recorder*>(ctx)->image.write(base, data, XL_MEM_FRAME);
                return 0;
            },
            &mem_);
    }

    // What the latency model must give for an access (docs/systemc.md).
    static double expected_ns(const xlate_tlm_timing& t, const xlate_access_ext& e, double mem_read_ns,
                              double mem_write_ns) {
        double c = t.access + (e.tlb_hit ? 0 : t.walk) + 1.0 * t.pte_read * e.walk_reads +
                   1.0 * t.ad_write * e.ad_writes + 1.0 * t.line_fill * e.mem_reads + 1.0 * t.write_back * e.mem_writes;
        double ns = c * t.clock.to_seconds() * 1e9 + mem_read_ns * e.mem_reads;
        if (!t.posted_writebacks) ns += mem_write_ns * e.mem_writes;
        return ns;
    }

    void test_plain_and_control() {
        // control transactions
        check("TLM_IGNORE_COMMAND without an extension: OK, nothing happens", control(isock, nullptr) ==
                                                                                 tlm::TLM_OK_RESPONSE);
        xlate_control_ext bad = xlate_control_ext::isa_inval(XL_INV_RAW);
        check("ISA_INVAL naming XL_INV_RAW: TLM_COMMAND_ERROR_RESPONSE",
              control(isock, &bad) == tlm::TLM_COMMAND_ERROR_RESPONSE && !bad.done);
        space s = build_space(bare_, false);
        xlate_control_ext r = xlate_control_ext::set_root(s.root_ppn, 5, true);
        control(isock2, &r);
        check("SET_ROOT sets root and ASID", r.done && bare_.model().root_ppn == s.root_ppn &&
                                                 bare_.model().asid == (cfg_.asid_bits ? 5u : 0u));
        // plain payloads (no extension) on the instance without a memory socket
        outcome w = access(isock2, tlm::TLM_WRITE_COMMAND, s.va, cfg_.max_access, false, false,
                           0xa5a5a5a5a5a5a5a5ull, false);
        outcome l = access(isock2, tlm::TLM_READ_COMMAND, s.va, cfg_.max_access, false, false, 0,
                           false);
        uint64_t m = cfg_.max_access == 8 ? ~0ull : (uint64_t{1} << (8 * cfg_.max_access)) - 1;
        check("payload without extension: supervisor store and load", w.st == tlm::TLM_OK_RESPONSE &&
                                                                          l.st == tlm::TLM_OK_RESPONSE &&
                                                                          l.rdata == (0xa5a5a5a5a5a5a5a5ull & m));
        check("unbound memory socket: no traffic, only the fixed latencies",
              bare_.stats().mem_reads == 0 && bare_.stats().mem_writes == 0 && l.delay > sc_core::SC_ZERO_TIME);
        outcome u = access(isock2, tlm::TLM_READ_COMMAND, s.va, 1, true, false, 0);
        check("user load from a supervisor page: TLM_COMMAND_ERROR_RESPONSE, fault user in the extension",
              u.st == tlm::TLM_COMMAND_ERROR_RESPONSE && u.ext.fault == XL_FAULT_USER && u.ext.level == 0);
        // invalidations through the socket and through the API
        xl_inval all{};
        xlate_control_ext iv = xlate_control_ext::inval(all);
        control(isock2, &iv);
        check("INVAL of everything removes the entries", iv.done && iv.removed >= 1,
              "removed " + std::to_string(iv.removed));
        outcome a1 = access(isock2, tlm::TLM_READ_COMMAND, s.va, 1, false, false, 0);
        outcome a2 = access(isock2, tlm::TLM_READ_COMMAND, s.va, 1, false, false, 0);
        unsigned n = bare_.isa_inval(XL_INV_INVLPG, s.va, 999);  // INVLPG: the current PCID, not 999
        outcome a3 = access(isock2, tlm::TLM_READ_COMMAND, s.va, 1, false, false, 0);
        check("walk, TLB hit, control API INVLPG (current PCID), walk again",
              !a1.ext.tlb_hit && a2.ext.tlb_hit && n == 1 && !a3.ext.tlb_hit);
        if (cfg_.asid_bits) {
            bare_.set_root(s.root_ppn, 6, false);
            outcome a4 = access(isock2, tlm::TLM_READ_COMMAND, s.va, 1, false, false, 0);
            bare_.set_root(s.root_ppn, 5, false);
            outcome a5 = access(isock2, tlm::TLM_READ_COMMAND, s.va, 1, false, false, 0);
            check("ASIDs: another context misses, the old one still hits (noflush)",
                  !a4.ext.tlb_hit && a4.ext.asid == 6 && a5.ext.tlb_hit && a5.ext.asid == 5);
        }
    }

    // The latency model, on the instance with the recorder (latency 10 ns / 7 ns).
    void test_timing() {
        xlate_tlm_timing& t = dut_.timing();
        const xlate_tlm_timing saved = t;
        t.clock = sc_core::sc_time(1, sc_core::SC_NS);
        t.access = 3;
        t.walk = 5;
        t.pte_read = 7;
        t.ad_write = 11;
        t.line_fill = 13;
        t.write_back = 17;
        t.control = 19;
        t.sweep_per_set = 1;
        quiesce();
        space s = build_space(dut_, true);
        const uint64_t page = uint64_t{1} << cfg_.page_bits;
        xlate_control_ext r = xlate_control_ext::set_root(s.root_ppn, 1, false);
        sc_core::sc_time dr;
        control(isock, &r, &dr);
        check("latency: root change without flush costs `control`", dr == sc_core::sc_time(19, sc_core::SC_NS));
        xl_inval all{};
        xlate_control_ext iv = xlate_control_ext::inval(all);
        control(isock, &iv, &dr);
        check("latency: invalidation without an address adds sweep_per_set x tlb_sets",
              dr == sc_core::sc_time(19.0 + cfg_.tlb_sets, sc_core::SC_NS));
        size_t log0 = mem_.log.size();
        outcome a = access(isock, tlm::TLM_READ_COMMAND, s.va, 1, false, false, 0);
        double want = expected_ns(t, a.ext, 10, 7);
        char d[160];
        std::snprintf(d, sizeof d, "walk %u, fills %u, write-backs %u: %.0f ns, want %.0f", a.ext.walk_reads,
                      a.ext.mem_reads, a.ext.mem_writes, a.delay.to_seconds() * 1e9, want);
        check("latency: a walk = access + walk + pte_read x reads + line_fill x fills + memory read delays",
              a.ext.walk_reads == cfg_.levels && a.ext.mem_reads > 0 && !a.ext.tlb_hit &&
                  a.delay == sc_core::sc_time(want, sc_core::SC_NS) &&
                  mem_.log.size() - log0 == a.ext.mem_reads + a.ext.mem_writes,
              d);
        outcome h = access(isock, tlm::TLM_READ_COMMAND, s.va, 1, false, false, 0);
        check("latency: a TLB hit that hits the L1D costs `access`",
              h.ext.tlb_hit && h.ext.cache_hit && h.delay == sc_core::sc_time(3, sc_core::SC_NS));
        // write-backs: from an empty cache, dirty one line of the first page,
        // then read the same line offset of the next pages (the same set,
        // chosen away from the page-table lines): the ways fill in order
        // and the next miss evicts the dirty line (tree-PLRU victim)
        const uint64_t off = static_cast<uint64_t>(cfg_.cache_sets - 1) * cfg_.cache_line;
        for (int posted = 1; posted >= 0; posted--) {
            t.posted_writebacks = posted != 0;
            quiesce();
            access(isock, tlm::TLM_WRITE_COMMAND, s.va + off, 1, false, false, 0x5a);
            outcome u{};
            bool saw = false;
            for (uint64_t i = 1; i < s.npages && !saw; i++) {
                u = access(isock, tlm::TLM_READ_COMMAND, s.va + i * page + off, 1, false, false, 0);
                saw = u.ext.mem_writes > 0;
            }
            double w = expected_ns(t, u.ext, 10, 7);
            char dd[120];
            std::snprintf(dd, sizeof dd, "%.0f ns, want %.0f", u.delay.to_seconds() * 1e9, w);
            check(posted ? "latency: a posted write-back costs `write_back`, not the memory's write delay"
                         : "latency: with posted_writebacks off the memory's write delay is added too",
                  saw && u.delay == sc_core::sc_time(w, sc_core::SC_NS), dd);
        }
        t = saved;
    }

    void test_memory_error() {
        quiesce();
        space s = build_space(dut_, true);
        dut_.set_root(s.root_ppn, 2, true);
        mem_.fail_reads = true;
        outcome o = access(isock, tlm::TLM_READ_COMMAND, s.va, 1, false, false, 0);
        mem_.fail_reads = false;
        check("a failing memory target: TLM_GENERIC_ERROR_RESPONSE with mem_error, the model's result kept",
              o.st == tlm::TLM_GENERIC_ERROR_RESPONSE && o.ext.mem_error && o.ext.fault == XL_FAULT_NONE &&
                  o.ext.mem_reads > 0 && dut_.stats().mem_errors > 0);
    }

    void test_extension_copy() {
        xlate_access_ext a;
        a.user = true;
        a.fault = XL_FAULT_EXEC;
        a.pa = 0x1234;
        tlm::tlm_extension_base* c = a.clone();
        xlate_access_ext b;
        b.copy_from(*c);
        c->free();
        xlate_control_ext k = xlate_control_ext::set_root(7, 3, true), k2;
        k2.copy_from(k);
        check("extensions clone and copy", b.user && b.fault == XL_FAULT_EXEC && b.pa == 0x1234 &&
                                               k2.kind == xlate_control_ext::SET_ROOT && k2.root_ppn == 7 &&
                                               k2.flush);
    }
};

}  // namespace

int sc_main(int argc, char** argv) {
    const char* preset = argc > 1 ? argv[1] : "x86_64";
    uint64_t n = argc > 2 ? std::strtoull(argv[2], nullptr, 0) : 20000;
    uint64_t seed = argc > 3 ? std::strtoull(argv[3], nullptr, 0) : 1;
    xl_config cfg;
    xl_error err;
    if (xl_config_load_preset(preset, XL_CFG_DIR, &cfg, &err) != 0) {
        std::fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    sc_core::sc_report_handler::set_actions("/IEEE_Std_1666/deprecated", sc_core::SC_DO_NOTHING);
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    std::printf("tlm-test: preset %s, %" PRIu64 " random transactions, seed %" PRIu64 "\n", cfg.name, n, seed);
    xlate_tlm dut("dut", cfg);
    xlate_tlm bare("bare", std::string(preset));  // the preset constructor; memory socket left unbound
    recorder mem("mem");
    dut.isock.bind(mem.tsock);
    tester t("tester", cfg, dut, bare, mem, n, seed);
    t.isock.bind(dut.tsock);
    t.isock2.bind(bare.tsock);
    sc_core::sc_start();
    std::printf("%u passed, %u failed\n", g_pass, g_fail);
    return g_fail == 0 ? 0 : 1;
}
