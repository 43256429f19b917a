// The example platform's CPU: a traffic generator that builds page tables,
// runs a list of directed accesses with known outcomes (one per kind of
// result: walk, TLB and L1D hits, every response status, invalidation,
// superpage, context switch), then a loosely-timed random stream with a
// quantum keeper, checking every response against its extension.
#ifndef XLATE_PLATFORM_TRAFFIC_GEN_H
#define XLATE_PLATFORM_TRAFFIC_GEN_H

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>

#include "page_tables.h"
#include "xlate_tlm.h"

class xlate_traffic_gen : public sc_core::sc_module {
  public:
    tlm_utils::simple_initiator_socket<xlate_traffic_gen> isock;

    /** Writes `bytes` of `value` at physical address `pa` into every memory image. */
    using loader = std::function<void(uint64_t pa, uint64_t value, unsigned bytes)>;

    SC_HAS_PROCESS(xlate_traffic_gen);
    xlate_traffic_gen(sc_core::sc_module_name name, const xl_config& cfg, loader load, uint64_t n_random,
                      uint64_t seed)
        : sc_core::sc_module(name), isock("isock"), cfg_(cfg), load_(std::move(load)), n_random_(n_random),
          rng_(seed * 0x9E3779B97F4A7C15ull + 1) {
        SC_THREAD(run);
    }

    unsigned passed = 0, failed = 0;
    uint64_t random_done = 0, random_status[6] = {0};  ///< OK, GENERIC, ADDRESS, COMMAND, BURST, BYTE_ENABLE
    sc_core::sc_time busy;                 ///< sum of the annotated access latencies
    uint64_t tlb_hits = 0, cache_hits = 0;  ///< over the random stream
    bool verbose = true;

  private:
    const xl_config cfg_;
    loader load_;
    uint64_t n_random_;
    uint64_t rng_;
    tlm_utils::tlm_quantumkeeper qk_;

    uint64_t page_ = 0, va_base_ = 0, super_va_ = 0;
    static constexpr unsigned kPages = 6;  // rw, ro, code, kernel, unmapped, beyond memory
    bool have_super_ = false, have_bus_ = false;

    uint64_t next() {  // xorshift64*
        rng_ ^= rng_ >> 12;
        rng_ ^= rng_ << 25;
        rng_ ^= rng_ >> 27;
        return rng_ * 0x2545F4914F6CDD1Dull;
    }

    // one access through the socket
    tlm::tlm_response_status access(tlm::tlm_command cmd, uint64_t va, unsigned size, bool user, bool fetch,
                                    uint64_t wdata, xlate_access_ext& ext, uint64_t* rdata) {
        uint8_t buf[8] = {0};
        for (unsigned i = 0; i < 8; i++) buf[i] = static_cast<uint8_t>(wdata >> (8 * i));
        tlm::tlm_generic_payload p;
        ext = xlate_access_ext();
        ext.user = user;
        ext.fetch = fetch;
        p.set_command(cmd);
        p.set_address(va);
        p.set_data_ptr(buf);
        p.set_data_length(size);
        p.set_streaming_width(size);
        p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        p.set_extension(&ext);
        sc_core::sc_time d = qk_.get_local_time();
        sc_core::sc_time d0 = d;
        isock->b_transport(p, d);
        busy += d - d0;
        qk_.set(d);
        if (qk_.need_sync()) qk_.sync();
        p.clear_extension(&ext);
        if (rdata) {
            *rdata = 0;
            for (unsigned i = 0; i < size; i++) *rdata |= static_cast<uint64_t>(buf[i]) << (8 * i);
        }
        return p.get_response_status();
    }

    unsigned control(const xlate_control_ext& c) {
        tlm::tlm_generic_payload p;
        xlate_control_ext ext = c;
        p.set_command(tlm::TLM_IGNORE_COMMAND);
        p.set_address(0);
        p.set_data_length(0);
        p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        p.set_extension(&ext);
        sc_core::sc_time d = qk_.get_local_time();
        isock->b_transport(p, d);
        qk_.set(d);
        p.clear_extension(&ext);
        check("control transaction executed", p.is_response_ok() && ext.done, "");
        return ext.removed;
    }

    void check(const std::string& what, bool ok, const std::string& detail) {
        (ok ? passed : failed)++;
        if (verbose || !ok) std::printf("  %-4s %s%s%s\n", ok ? "ok" : "FAIL", what.c_str(), detail.empty() ? "" : ": ", detail.c_str());
    }

    static std::string describe(tlm::tlm_response_status st, const xlate_access_ext& e) {
        char b[200];
        std::snprintf(b, sizeof b, "%s fault=%s level=%d pa=0x%llx tlb=%s cache=%s walk=%u", status_name(st),
                      xl_fault_name(e.fault), e.level, static_cast<unsigned long long>(e.pa),
                      e.tlb_hit ? "hit" : "miss", e.cache_hit ? "hit" : "miss", e.walk_reads);
        return b;
    }
    static const char* status_name(tlm::tlm_response_status st) {
        switch (st) {
        case tlm::TLM_OK_RESPONSE: return "OK";
        case tlm::TLM_INCOMPLETE_RESPONSE: return "INCOMPLETE";
        case tlm::TLM_GENERIC_ERROR_RESPONSE: return "GENERIC_ERROR";
        case tlm::TLM_ADDRESS_ERROR_RESPONSE: return "ADDRESS_ERROR";
        case tlm::TLM_COMMAND_ERROR_RESPONSE: return "COMMAND_ERROR";
        case tlm::TLM_BURST_ERROR_RESPONSE: return "BURST_ERROR";
        case tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE: return "BYTE_ENABLE_ERROR";
        }
        return "?";
    }

    // a directed access with its expected status and fault (and, optionally, hits)
    void expect(const std::string& what, tlm::tlm_command cmd, uint64_t va, unsigned size, bool user, bool fetch,
                uint64_t wdata, tlm::tlm_response_status want_st, xl_fault want_f, int want_tlb = -1,
                int want_cache = -1, const uint64_t* want_data = nullptr, int want_page_level = -2) {
        xlate_access_ext e;
        uint64_t rd = 0;
        tlm::tlm_response_status st = access(cmd, va, size, user, fetch, wdata, e, &rd);
        bool ok = st == want_st && e.done && e.fault == want_f && (want_tlb < 0 || e.tlb_hit == (want_tlb != 0)) &&
                  (want_cache < 0 || e.cache_hit == (want_cache != 0)) && (!want_data || rd == *want_data) &&
                  (want_page_level == -2 || e.page_level == want_page_level);
        check(what, ok, describe(st, e));
    }

    void build_tables(xlate_page_tables& pt, uint64_t data_pa) {
        pt.map(va_base_ + 0 * page_, data_pa + 0 * page_, 0, pt.flags(true, true, false));   // user rw
        pt.map(va_base_ + 1 * page_, data_pa + 1 * page_, 0, pt.flags(true, false, false));  // user ro
        pt.map(va_base_ + 2 * page_, data_pa + 2 * page_, 0, pt.flags(true, false, true));   // user code
        pt.map(va_base_ + 3 * page_, data_pa + 3 * page_, 0, pt.flags(false, true, false));  // kernel rw
        // page 4 stays unmapped
        if (have_bus_) pt.map(va_base_ + 5 * page_, cfg_.mem_bytes, 0, pt.flags(true, true, false));
        if (have_super_) {
            uint64_t sz = pt.page_size(1);
            pt.map(super_va_, 8 * sz, 1, pt.flags(true, true, false));
        }
    }

    void run() {
        const bool riscv = xl_fmt_rv(cfg_.format);
        const unsigned maxa = cfg_.max_access;
        page_ = uint64_t{1} << cfg_.page_bits;
        uint64_t table_base = cfg_.mem_bytes / 2 < 0x100000 ? cfg_.mem_bytes / 2 : 0x100000;
        uint64_t data_pa = table_base / 2;
        va_base_ = std::min<uint64_t>(uint64_t{1} << (cfg_.va_bits - 2), 0x400000);
        have_bus_ = cfg_.pa_bits < 64 && cfg_.mem_bytes < (uint64_t{1} << cfg_.pa_bits);
        have_super_ = cfg_.levels > 1 && (cfg_.leaf_mask & 2u) && cfg_.tlb_super > 0;
        if (have_super_) {
            uint64_t sz = xl_config_page_size(&cfg_, 1);
            super_va_ = (va_base_ + 64 * page_ + sz - 1) / sz * sz;
        }
        xlate_page_tables pt(cfg_, table_base, load_);
        build_tables(pt, data_pa);
        const uint64_t rw = va_base_, ro = va_base_ + page_, code = va_base_ + 2 * page_, kern = va_base_ + 3 * page_;
        qk_.reset();

        std::printf("directed accesses (%s):\n", cfg_.name);
        control(xlate_control_ext::set_root(pt.root_ppn(), 1, true));
        const auto R = tlm::TLM_READ_COMMAND, W = tlm::TLM_WRITE_COMMAND;
        expect("first load walks every level", R, rw, maxa, true, false, 0, tlm::TLM_OK_RESPONSE, XL_FAULT_NONE, 0, 0);
        expect("second load hits TLB and L1D", R, rw, maxa, true, false, 0, tlm::TLM_OK_RESPONSE, XL_FAULT_NONE, 1, 1);
        uint64_t v = 0x1122334455667788ull & (maxa == 8 ? ~0ull : ((uint64_t{1} << (8 * maxa)) - 1));
        expect("store", W, rw + maxa, maxa, true, false, v, tlm::TLM_OK_RESPONSE, XL_FAULT_NONE);
        expect("load returns the stored data", R, rw + maxa, maxa, true, false, 0, tlm::TLM_OK_RESPONSE, XL_FAULT_NONE,
               1, 1, &v);
        expect("store to a read-only page", W, ro, maxa, true, false, 1, tlm::TLM_COMMAND_ERROR_RESPONSE,
               XL_FAULT_WRITE);
        expect("fetch from a code page", R, code, maxa, true, true, 0, tlm::TLM_OK_RESPONSE, XL_FAULT_NONE);
        expect("fetch from a data page", R, rw, maxa, true, true, 0, tlm::TLM_COMMAND_ERROR_RESPONSE, XL_FAULT_EXEC);
        expect("user load from a supervisor page", R, kern, maxa, true, false, 0, tlm::TLM_COMMAND_ERROR_RESPONSE,
               XL_FAULT_USER);
        if (riscv)
            expect("supervisor load from a user page (SUM=0)", R, rw, maxa, false, false, 0,
                   tlm::TLM_COMMAND_ERROR_RESPONSE, XL_FAULT_SUPER);
        else
            expect("supervisor load from a user page", R, rw, maxa, false, false, 0, tlm::TLM_OK_RESPONSE,
                   XL_FAULT_NONE);
        expect("unmapped page", R, va_base_ + 4 * page_, maxa, true, false, 0, tlm::TLM_ADDRESS_ERROR_RESPONSE,
               XL_FAULT_NOT_PRESENT);
        if (maxa > 1)
            expect("misaligned access", R, rw + maxa / 2, maxa, true, false, 0, tlm::TLM_ADDRESS_ERROR_RESPONSE,
                   XL_FAULT_ALIGN);
        expect("non-canonical address", R, uint64_t{1} << 62, 1, true, false, 0, tlm::TLM_ADDRESS_ERROR_RESPONSE,
               XL_FAULT_CANONICAL);
        if (have_bus_)
            expect("page beyond physical memory", R, va_base_ + 5 * page_, 1, true, false, 0,
                   tlm::TLM_GENERIC_ERROR_RESPONSE, XL_FAULT_BUS);
        {
            xl_inval s{};
            s.match_va = true;
            s.va = rw;
            unsigned removed = control(xlate_control_ext::inval(s));
            check("invalidation by address removes the entry", removed == 1, "removed " + std::to_string(removed));
            // (a direct-mapped L1D may have lost the line to the walk's PTE fill)
            expect("load after the invalidation walks again", R, rw, maxa, true, false, 0, tlm::TLM_OK_RESPONSE,
                   XL_FAULT_NONE, 0, cfg_.cache_ways > 1 ? 1 : -1);
        }
        if (have_super_) {
            expect("superpage load", R, super_va_ + 5 * page_ + 8, maxa, true, false, 0, tlm::TLM_OK_RESPONSE,
                   XL_FAULT_NONE, 0, -1, nullptr, 1);
            expect("superpage load, other 4K page, TLB hit", R, super_va_ + 77 * page_, maxa, true, false, 0,
                   tlm::TLM_OK_RESPONSE, XL_FAULT_NONE, 1, -1, nullptr, 1);
        }
        if (cfg_.asid_bits > 0) {
            control(xlate_control_ext::set_root(pt.root_ppn(), 2, false));
            expect("new ASID: entries of the old one do not match", R, rw, maxa, true, false, 0,
                   tlm::TLM_OK_RESPONSE, XL_FAULT_NONE, 0, 1);
            control(xlate_control_ext::set_root(pt.root_ppn(), 1, false));
            expect("back to the old ASID without flush: TLB hit", R, rw + maxa, maxa, true, false, 0,
                   tlm::TLM_OK_RESPONSE, XL_FAULT_NONE, 1, 1, &v);
        }

        // ---- random stream
        const unsigned npages = have_super_ ? kPages + 1 : kPages;
        for (uint64_t i = 0; i < n_random_; i++) {
            uint64_t x = next();
            unsigned pg = static_cast<unsigned>(x % npages);
            unsigned lg = static_cast<unsigned>((x >> 8) % 4);
            unsigned size = 1u << lg;
            if (size > maxa) size = maxa;
            uint64_t base = pg == kPages ? super_va_ + ((x >> 12) % 512) * page_ : va_base_ + pg * page_;
            uint64_t off = (x >> 24) % page_;
            if ((x >> 40) % 16 != 0) off &= ~static_cast<uint64_t>(size - 1);  // mostly aligned
            if (off + size > page_) off = page_ - size;
            unsigned kind = static_cast<unsigned>((x >> 44) % 8);  // 0-3 load, 4-6 store, 7 fetch
            bool user = (x >> 48) % 4 != 0;
            xlate_access_ext e;
            tlm::tlm_response_status st = access(kind >= 4 && kind < 7 ? W : R, base + off, size, user, kind == 7,
                                                 next(), e, nullptr);
            random_done++;
            random_status[st == tlm::TLM_OK_RESPONSE ? 0 : -st]++;  // OK, then errors -1 .. -5
            tlb_hits += e.tlb_hit;
            cache_hits += e.cache_hit;
            if (!e.done || st != xlate_tlm_status(e.fault)) {
                check("random access " + std::to_string(i) + " status agrees with its fault", false, describe(st, e));
                break;
            }
        }
        qk_.sync();
    }
};

#endif
