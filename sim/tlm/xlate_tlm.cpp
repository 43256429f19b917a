// The golden model as a TLM-2.0 component (xlate_tlm.h, docs/systemc.md).
#include "xlate_tlm.h"

#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "xlate/config.h"
#include "xlate/mem.h"

#ifndef XL_CFG_DIR
#define XL_CFG_DIR nullptr
#endif

// ---------------------------------------------------------------- memory traffic
// The model's cache reports every line fill and write-back, in order, to an
// observer (xl_cache_observe); while an access of an xlate_tlm runs, the
// observer records each one with its data.
struct xlate_tlm_tap {
    std::vector<uint8_t>* bytes = nullptr;
    struct rec {
        bool write, uncached;
        uint64_t pa;
        size_t off, len;
    };
    std::vector<rec>* recs = nullptr;

    static void observe(void* ctx, bool write, bool uncached, uint64_t pa, const uint8_t* line, unsigned n) {
        auto* t = static_cast<xlate_tlm_tap*>(ctx);
        if (t->bytes == nullptr) return;
        size_t off = t->bytes->size();
        t->bytes->insert(t->bytes->end(), line, line + n);
        t->recs->push_back(rec{write, uncached, pa, off, n});
    }
};

// ---------------------------------------------------------------- extensions
xl_result xlate_access_ext::result() const {
    xl_result r;
    std::memset(&r, 0, sizeof r);
    r.fault = fault;
    r.level = level;
    r.tlb_hit = tlb_hit;
    r.cache_hit = cache_hit;
    r.walk_reads = walk_reads;
    r.pa = pa;
    r.rdata = data;
    r.mt = static_cast<uint8_t>(mt);
    return r;
}

xlate_control_ext xlate_control_ext::inval(const xl_inval& s) {
    xlate_control_ext e;
    e.kind = INVAL;
    e.sel = s;
    return e;
}

xlate_control_ext xlate_control_ext::isa_inval(xl_isa_inval k, uint64_t va, uint32_t asid) {
    xlate_control_ext e;
    e.kind = ISA_INVAL;
    e.isa = k;
    e.va = va;
    e.asid = asid;
    return e;
}

xlate_control_ext xlate_control_ext::set_root(uint64_t root_ppn, uint32_t asid, bool flush) {
    xlate_control_ext e;
    e.kind = SET_ROOT;
    e.root_ppn = root_ppn;
    e.asid = asid;
    e.flush = flush;
    return e;
}

xlate_control_ext xlate_control_ext::set_ctl(unsigned mask, const xl_ctl& ctl) {
    xlate_control_ext e;
    e.kind = SET_CTL;
    e.ctl_mask = mask;
    e.ctl = ctl;
    return e;
}

xlate_control_ext xlate_control_ext::make_fence(xl_fence f) {
    xlate_control_ext e;
    e.kind = FENCE;
    e.fence = f;
    return e;
}

tlm::tlm_response_status xlate_tlm_status(xl_fault f) {
    switch (f) {
    case XL_FAULT_NONE:
        return tlm::TLM_OK_RESPONSE;
    case XL_FAULT_BUS:  // a PTE or data PA outside physical memory
        return tlm::TLM_GENERIC_ERROR_RESPONSE;
    case XL_FAULT_USER:  // the page exists, the command is not allowed on it
    case XL_FAULT_SUPER:
    case XL_FAULT_READ:
    case XL_FAULT_WRITE:
    case XL_FAULT_EXEC:
    case XL_FAULT_PKEY:
        return tlm::TLM_COMMAND_ERROR_RESPONSE;
    default:  // align, canonical, not_present, reserved, misaligned, ad: no usable translation
        return tlm::TLM_ADDRESS_ERROR_RESPONSE;
    }
}

// ---------------------------------------------------------------- module
xlate_tlm::xlate_tlm(sc_core::sc_module_name name, const xl_config& cfg, const xlate_tlm_timing& t)
    : sc_core::sc_module(name), tsock("tsock"), isock("isock"), t_(t) {
    init(cfg);
}

xlate_tlm::xlate_tlm(sc_core::sc_module_name name, const std::string& preset, const xlate_tlm_timing& t)
    : sc_core::sc_module(name), tsock("tsock"), isock("isock"), t_(t) {
    xl_config cfg;
    xl_error err;
    if (xl_config_load_preset(preset.c_str(), XL_CFG_DIR, &cfg, &err) != 0) {
        SC_REPORT_FATAL("xlate_tlm", err.msg);
        std::memset(&cfg, 0, sizeof cfg);  // not reached with the default actions
    }
    init(cfg);
}

void xlate_tlm::init(const xl_config& cfg) {
    xl_error err;
    std::memset(&m_, 0, sizeof m_);
    if (xl_mmu_init(&m_, &cfg, &err) != 0) SC_REPORT_FATAL("xlate_tlm", err.msg);
    tsock.register_b_transport(this, &xlate_tlm::b_transport);
}

xlate_tlm::~xlate_tlm() { xl_mmu_free(&m_); }

unsigned xlate_tlm::inval(const xl_inval& sel) {
    n_.controls++;
    return xl_mmu_inval(&m_, &sel);
}

unsigned xlate_tlm::isa_inval(xl_isa_inval kind, uint64_t va, uint32_t asid) {
    if (kind == XL_INV_INVLPG) asid = m_.asid;
    xl_inval s = xl_inval_from_isa(kind, va, asid);
    return inval(s);
}

unsigned xlate_tlm::set_root(uint64_t root_ppn, uint32_t asid, bool flush) {
    n_.controls++;
    return xl_mmu_set_root(&m_, root_ppn, asid, flush);
}

bool xlate_tlm::backdoor_write(uint64_t pa, const void* data, size_t len) {
    return xl_mem_write(&m_.mem, pa, data, len) == 0;
}

void xlate_tlm::backdoor_read(uint64_t pa, void* data, size_t len) { xl_mem_read(&m_.mem, pa, data, len); }

void xlate_tlm::b_transport(tlm::tlm_generic_payload& p, sc_core::sc_time& delay) {
    p.set_dmi_allowed(false);
    if (p.get_command() == tlm::TLM_IGNORE_COMMAND)
        do_control(p, delay);
    else
        do_access(p, delay);
}

void xlate_tlm::do_control(tlm::tlm_generic_payload& p, sc_core::sc_time& delay) {
    xlate_control_ext* c = nullptr;
    p.get_extension(c);
    p.set_response_status(tlm::TLM_OK_RESPONSE);
    if (c == nullptr) return;  // a plain IGNORE does nothing
    switch (c->kind) {
    case xlate_control_ext::INVAL:
        c->removed = inval(c->sel);
        break;
    case xlate_control_ext::ISA_INVAL:
        if (c->isa == XL_INV_RAW || static_cast<unsigned>(c->isa) >= XL_INV_COUNT ||
            (c->isa >= XL_INV_SINVAL_ALL && c->isa <= XL_INV_SINVAL_VA_ASID && !(m_.cfg.ext & XL_EXT_SVINVAL))) {
            p.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
            return;
        }
        c->removed = isa_inval(c->isa, c->va, c->asid);
        break;
    case xlate_control_ext::SET_ROOT:
        c->removed = set_root(c->root_ppn, c->asid, c->flush);
        break;
    case xlate_control_ext::SET_CTL: {
        bool smep0 = !(m_.ctl.flags & XL_CTL_SMEP);
        n_.controls++;
        c->removed = xl_mmu_set_ctl(&m_, c->ctl_mask, &c->ctl);
        c->flush = smep0 && (m_.ctl.flags & XL_CTL_SMEP) && xl_fmt_x86(m_.cfg.format);
        break;
    }
    case xlate_control_ext::FENCE:
        // Svinval's ordering fences: SINVAL.VMA already took effect (docs/architecture.md)
        if (!(m_.cfg.ext & XL_EXT_SVINVAL) || (c->fence != XL_FENCE_W_INVAL && c->fence != XL_FENCE_INVAL_IR)) {
            p.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
            return;
        }
        n_.controls++;
        c->removed = 0;
        break;
    default:
        p.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
        return;
    }
    c->done = true;
    bool sweep = false;
    switch (c->kind) {
    case xlate_control_ext::INVAL:
        sweep = !c->sel.match_va;
        break;
    case xlate_control_ext::ISA_INVAL:
        sweep = !xl_inval_from_isa(c->isa, c->va, c->asid).match_va;
        break;
    default:  // SET_ROOT; SET_CTL when it set CR4.SMEP (flush of the current PCID)
        sweep = c->flush && xl_fmt_x86(m_.cfg.format);
        break;
    }
    delay += t_.clock * static_cast<double>(t_.control + (sweep ? t_.sweep_per_set * m_.cfg.tlb_sets : 0));
}

void xlate_tlm::do_access(tlm::tlm_generic_payload& p, sc_core::sc_time& delay) {
    xlate_access_ext* ext = nullptr;
    p.get_extension(ext);
    const unsigned len = p.get_data_length();
    unsigned char* data = p.get_data_ptr();
    if (p.get_byte_enable_ptr() != nullptr && p.get_byte_enable_length() != 0) {
        n_.malformed++;
        p.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        return;
    }
    if ((len != 1 && len != 2 && len != 4 && len != 8) || len > m_.cfg.max_access || p.get_streaming_width() < len ||
        data == nullptr) {
        n_.malformed++;
        p.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
        return;
    }

    xl_access a;
    std::memset(&a, 0, sizeof a);
    const bool write = p.get_command() == tlm::TLM_WRITE_COMMAND;
    a.op = write ? XL_OP_STORE : (ext && ext->fetch ? XL_OP_FETCH : XL_OP_LOAD);
    a.priv = ext && ext->user ? XL_PRIV_U : XL_PRIV_S;
    a.ac = ext && ext->ac;
    a.size = len;
    a.va = p.get_address();
    if (write)
        for (unsigned i = 0; i < len; i++) a.wdata |= static_cast<uint64_t>(data[i]) << (8 * i);

    // run the model with the tap armed
    std::vector<uint8_t> bytes;
    std::vector<xlate_tlm_tap::rec> recs;
    bytes.reserve(4 * m_.cfg.cache_line);
    xlate_tlm_tap tap;
    tap.bytes = &bytes;
    tap.recs = &recs;
    xl_cache_observe(&m_.cache, &xlate_tlm_tap::observe, &tap);
    xl_result r;
    xl_info info;
    xl_mmu_access(&m_, &a, &r, &info);
    xl_cache_observe(&m_.cache, nullptr, nullptr);
    n_.accesses++;

    // the interception must account for every transfer the model counted
    unsigned fills = 0, wbs = 0, ucs = 0;
    for (const auto& x : recs) (x.uncached ? ucs : x.write ? wbs : fills)++;
    const unsigned want_fills =
        info.walk_cache_misses + (r.fault == XL_FAULT_NONE && !r.cache_hit && !info.uncached ? 1u : 0u);
    if (fills != want_fills || wbs != info.evict_dirty || ucs != (info.uncached ? 1u : 0u)) {
        char msg[256];
        std::snprintf(msg, sizeof msg,
                      "memory traffic of the access at 0x%" PRIx64 ": observed %u fills and %u write-backs, the "
                      "model counted %u and %u",
                      a.va, fills, wbs, want_fills, info.evict_dirty);
        SC_REPORT_ERROR("xlate_tlm", msg);
    }

    // time: the lookup, the memory traffic in order, then the rest
    sc_core::sc_time t = delay + t_.clock * static_cast<double>(t_.access);
    bool mem_error = false;
    if (isock.size() > 0 && !recs.empty()) {
        // Locals, so that a memory target that waits cannot see them change
        // under it when another thread calls in meanwhile.
        tlm::tlm_generic_payload mp;
        xlate_mem_ext mext;
        std::vector<uint8_t> line(m_.cfg.cache_line);
        mp.set_extension(&mext);
        unsigned seq = 0, fill_no = 0;
        for (const auto& x : recs) {
            if (x.len > line.size()) continue;  // never happens: a line, or an access of at most 8 bytes
            std::memcpy(line.data(), bytes.data() + x.off, x.len);
            mp.set_command(x.write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
            mp.set_address(x.pa);
            mp.set_data_ptr(line.data());
            mp.set_data_length(static_cast<unsigned>(x.len));
            mp.set_streaming_width(static_cast<unsigned>(x.len));
            mp.set_byte_enable_ptr(nullptr);
            mp.set_byte_enable_length(0);
            mp.set_dmi_allowed(false);
            mp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
            mext.va = a.va;
            mext.seq = seq++;
            if (x.uncached)
                mext.cause = xlate_mem_ext::UNCACHED;
            else if (x.write)
                mext.cause = xlate_mem_ext::WRITE_BACK;
            else
                mext.cause = fill_no++ < info.walk_cache_misses ? xlate_mem_ext::PTE_FILL : xlate_mem_ext::DATA_FILL;
            sc_core::sc_time before = t;
            isock->b_transport(mp, t);
            if (x.write && t_.posted_writebacks) t = before;  // write-backs and uncached stores are posted
            if (!mp.is_response_ok()) {
                mem_error = true;
                n_.mem_errors++;
            } else if (!x.write && check_fill_ && std::memcmp(line.data(), bytes.data() + x.off, x.len) != 0) {
                n_.fill_data_mismatches++;
                char msg[160];
                std::snprintf(msg, sizeof msg,
                              "the memory target returned other data than the model's backing store for the line "
                              "at 0x%" PRIx64,
                              x.pa);
                SC_REPORT_WARNING("xlate_tlm", msg);
            }
            (x.write ? n_.mem_writes : n_.mem_reads)++;
        }
        mp.clear_extension(&mext);  // a local, not to be freed by the payload
    }
    const bool walked = !r.tlb_hit && r.fault != XL_FAULT_ALIGN && r.fault != XL_FAULT_CANONICAL;
    const bool walk_bus = r.fault == XL_FAULT_BUS && r.level != XL_LEVEL_NONE;
    const unsigned cycles = (walked ? t_.walk : 0) + t_.pte_read * r.walk_reads + t_.ad_write * info.ad_writes +
                            t_.line_fill * fills + t_.uncached * ucs + t_.write_back * wbs + (walk_bus ? t_.walk_bus : 0);
    delay = t + t_.clock * static_cast<double>(cycles);

    // results
    if (r.fault == XL_FAULT_NONE && !write)
        for (unsigned i = 0; i < len; i++) data[i] = static_cast<unsigned char>(r.rdata >> (8 * i));
    if (ext) {
        ext->done = true;
        ext->fault = r.fault;
        ext->level = r.level;
        ext->pa = r.pa;
        ext->data = r.rdata;
        ext->tlb_hit = r.tlb_hit;
        ext->cache_hit = r.cache_hit;
        ext->walk_reads = r.walk_reads;
        ext->mt = r.mt;
        ext->asid = m_.asid;
        ext->root_ppn = m_.root_ppn;
        ext->page_level = info.page_level;
        ext->ad_writes = info.ad_writes;
        ext->mem_reads = fills;
        ext->mem_writes = wbs;
        ext->mem_uncached = ucs;
        ext->mem_error = mem_error;
    }
    tlm::tlm_response_status st = xlate_tlm_status(r.fault);
    if (st == tlm::TLM_OK_RESPONSE && mem_error) st = tlm::TLM_GENERIC_ERROR_RESPONSE;
    p.set_response_status(st);
}
