// The Verilated SystemC RTL behind xlate_tlm's TLM interface (xl_rtl_tlm.h).
#include "xl_rtl_tlm.h"

#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "xlate/util.h"

xl_rtl_tlm::xl_rtl_tlm(sc_core::sc_module_name name, const xl_config& cfg, const xl_memsim_opts& mem, uint64_t seed,
                       sc_core::sc_time period)
    : sc_core::sc_module(name), tsock("tsock"), cfg_(cfg), clk_("clk", period, 0.5, period / 2, true), rtl_("rtl") {
    rtl_.clk(clk_);
    if (xl_memsim_init(&ms_, cfg.cache_line, &mem, seed) != 0) SC_REPORT_FATAL("xl_rtl_tlm", "out of memory");
    tsock.register_b_transport(this, &xl_rtl_tlm::b_transport);
    SC_THREAD(reset_thread);
}

xl_rtl_tlm::~xl_rtl_tlm() { xl_memsim_free(&ms_); }

bool xl_rtl_tlm::backdoor_write(uint64_t pa, const void* data, size_t len) {
    return xl_mem_write(&ms_.mem, pa, data, len) == 0;
}

bool xl_rtl_tlm::config_matches(char* why, unsigned len) const {
    uint32_t w[8];
    rtl_.read_cfg(w);
    struct {
        const char* name;
        unsigned lsb, width;
        uint64_t want;
    } f[] = {
        {"Format", 8, 8, static_cast<uint64_t>(cfg_.format)},
        {"VaBits", 16, 8, cfg_.va_bits},
        {"PaBits", 24, 8, cfg_.pa_bits},
        {"PageBits", 32, 8, cfg_.page_bits},
        {"Levels", 40, 8, cfg_.levels},
        {"LevelBits", 48, 32, xl_config_level_bits_packed(&cfg_)},
        {"LeafLevels", 80, 8, cfg_.leaf_mask},
        {"AsidBits", 88, 8, cfg_.asid_bits},
        {"TlbSets", 96, 16, cfg_.tlb_sets},
        {"TlbWays", 112, 8, cfg_.tlb_ways},
        {"TlbSuper", 120, 8, cfg_.tlb_super},
        {"TlbRepl", 128, 8, static_cast<uint64_t>(cfg_.tlb_repl)},
        {"CacheSets", 136, 16, cfg_.cache_sets},
        {"CacheWays", 152, 8, cfg_.cache_ways},
        {"CacheLine", 160, 16, cfg_.cache_line},
        {"AdPolicy", 176, 8, static_cast<uint64_t>(cfg_.ad_policy)},
        {"MemBytes", 184, 64, cfg_.mem_bytes},
    };
    for (const auto& x : f) {
        uint64_t got = xlsc::get_field(w, x.lsb, x.width);
        if (got != x.want) {
            std::snprintf(why, len, "the RTL was built with %s=%" PRIu64 ", preset '%s' has %" PRIu64, x.name, got,
                          cfg_.name, x.want);
            return false;
        }
    }
    return true;
}

void xl_rtl_tlm::reset_thread() {
    xl_dut_in in;
    std::memset(&in, 0, sizeof in);
    rtl_.rst_n.write(false);
    rtl_.put_inputs(in);
    for (int i = 0; i < 4; i++) wait(clk_.posedge_event());
    rtl_.rst_n.write(true);
    rtl_.attach_memory(&ms_, rtl_.edges(), err_, sizeof err_);
    in_reset_ = false;
    reset_done_.notify(sc_core::SC_ZERO_TIME);
}

// One request through the pins. @return false if the RTL hung.
bool xl_rtl_tlm::run(const xl_dut_req& q, xl_dut_rsp& r) {
    const uint64_t limit = 100000;
    rtl_.put_req(q);
    rtl_.req_valid.write(true);
    rtl_.rsp_ready.write(true);
    uint64_t start = rtl_.edges();
    do {
        wait(clk_.posedge_event());  // the signals still hold the pre-edge values
        if (rtl_.edges() - start > limit) return false;
    } while (!rtl_.req_ready.read());
    rtl_.req_valid.write(false);
    do {
        wait(clk_.posedge_event());
        if (rtl_.edges() - start > limit) return false;
    } while (!rtl_.rsp_valid.read());
    rtl_.get_rsp(r);
    last_cycles_ = rtl_.edges() - start;
    return true;
}

void xl_rtl_tlm::b_transport(tlm::tlm_generic_payload& p, sc_core::sc_time& delay) {
    wait(delay);  // pins are timed: catch up with the initiator's local time
    delay = sc_core::SC_ZERO_TIME;
    if (in_reset_) wait(reset_done_);
    busy_.lock();
    p.set_dmi_allowed(false);
    xl_dut_req q;
    std::memset(&q, 0, sizeof q);
    xl_dut_rsp r;
    std::memset(&r, 0, sizeof r);

    if (p.get_command() == tlm::TLM_IGNORE_COMMAND) {
        xlate_control_ext* c = nullptr;
        p.get_extension(c);
        p.set_response_status(tlm::TLM_OK_RESPONSE);
        if (c == nullptr) {
            busy_.unlock();
            return;
        }
        xl_inval s{};
        switch (c->kind) {
        case xlate_control_ext::INVAL:
            s = c->sel;
            break;
        case xlate_control_ext::ISA_INVAL:
            if (c->isa == XL_INV_RAW || static_cast<unsigned>(c->isa) >= XL_INV_COUNT ||
                (c->isa >= XL_INV_SINVAL_ALL && c->isa <= XL_INV_SINVAL_VA_ASID && !(cfg_.ext & XL_EXT_SVINVAL))) {
                p.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
                busy_.unlock();
                return;
            }
            s = xl_inval_from_isa(c->isa, c->va, c->isa == XL_INV_INVLPG ? asid_ : c->asid);
            break;
        case xlate_control_ext::SET_ROOT:
        case xlate_control_ext::SET_CTL:
            break;
        case xlate_control_ext::FENCE:
            if (!(cfg_.ext & XL_EXT_SVINVAL) || (c->fence != XL_FENCE_W_INVAL && c->fence != XL_FENCE_INVAL_IR)) {
                p.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
                busy_.unlock();
                return;
            }
            break;
        default:
            p.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
            busy_.unlock();
            return;
        }
        if (c->kind == xlate_control_ext::FENCE) {
            q.op = 6;  // OpFence: answered, nothing changes
        } else if (c->kind == xlate_control_ext::SET_CTL) {
            q.op = 5;
            q.ctl_mask = static_cast<uint16_t>(c->ctl_mask);
            q.ctl_val = static_cast<uint8_t>(c->ctl.flags & c->ctl_mask & XL_CTL_FLAGS);
            q.wdata = (c->ctl_mask & XL_CTL_PKRU) ? c->ctl.pkru : 0;
        } else if (c->kind == xlate_control_ext::SET_ROOT) {
            q.op = 4;
            q.ppn = c->root_ppn;
            q.asid = c->asid;
            q.flush = c->flush;
            asid_ = c->asid & static_cast<uint32_t>(xl_mask(cfg_.asid_bits));
        } else {
            q.op = 3;
            q.va = s.va;
            q.asid = s.asid;
            q.match_va = s.match_va;
            q.match_asid = s.match_asid;
            q.keep_global = s.keep_global;
        }
        if (!run(q, r)) {
            SC_REPORT_ERROR("xl_rtl_tlm", "no response from the RTL (hang)");
            p.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
        } else {
            c->done = true;
            c->removed = 0;  // the RTL does not count them
        }
        busy_.unlock();
        return;
    }

    xlate_access_ext* ext = nullptr;
    p.get_extension(ext);
    const unsigned len = p.get_data_length();
    unsigned char* data = p.get_data_ptr();
    if (p.get_byte_enable_ptr() != nullptr && p.get_byte_enable_length() != 0) {
        p.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        busy_.unlock();
        return;
    }
    if ((len != 1 && len != 2 && len != 4 && len != 8) || len > cfg_.max_access || p.get_streaming_width() < len ||
        data == nullptr) {
        p.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
        busy_.unlock();
        return;
    }
    const bool write = p.get_command() == tlm::TLM_WRITE_COMMAND;
    q.op = write ? 1 : (ext && ext->fetch ? 2 : 0);
    q.priv_u = ext && ext->user;
    q.ac = ext && ext->ac;
    q.size_log2 = static_cast<uint8_t>(xl_log2(len));
    q.va = p.get_address();
    if (write)
        for (unsigned i = 0; i < len; i++) q.wdata |= static_cast<uint64_t>(data[i]) << (8 * i);
    if (!run(q, r)) {
        SC_REPORT_ERROR("xl_rtl_tlm", "no response from the RTL (hang)");
        p.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
        busy_.unlock();
        return;
    }
    const xl_fault f = static_cast<xl_fault>(r.fault);
    if (f == XL_FAULT_NONE && !write)
        for (unsigned i = 0; i < len; i++) data[i] = static_cast<unsigned char>(r.rdata >> (8 * i));
    if (ext) {
        ext->done = true;
        ext->fault = f;
        ext->level = r.level == 7 ? XL_LEVEL_NONE : r.level;
        ext->pa = r.pa;
        ext->data = r.rdata;
        ext->tlb_hit = r.tlb_hit;
        ext->cache_hit = r.cache_hit;
        ext->walk_reads = r.walk_reads;
        ext->mt = r.mt;
        ext->asid = asid_;
    }
    p.set_response_status(err_[0] ? tlm::TLM_GENERIC_ERROR_RESPONSE : xlate_tlm_status(f));
    busy_.unlock();
}
