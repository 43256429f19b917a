// A small page-table builder for any xlate format (x86-64, LA57, Sv32, Sv39,
// Sv48, Sv57, toy),
// for example platforms and tests: it allocates table frames from a bump
// allocator and writes entries through a callback (typically a backdoor
// write into the model's memory and into a memory target's).
#ifndef XLATE_PAGE_TABLES_H
#define XLATE_PAGE_TABLES_H

#include <cstdint>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>

#include "xlate/config.h"
#include "xlate/pte.h"

class xlate_page_tables {
  public:
    /** Called for every entry written: physical address, raw value, bytes. */
    using writer = std::function<void(uint64_t pa, uint64_t value, unsigned bytes)>;

    /**
     * @param table_base  first physical address for tables (page-aligned);
     *                    the root table is allocated there at once.
     */
    xlate_page_tables(const xl_config& cfg, uint64_t table_base, writer w)
        : cfg_(cfg), next_(table_base), write_(std::move(w)) {
        root_ = alloc_table(cfg_.levels - 1);
    }

    uint64_t root_ppn() const { return root_ >> cfg_.page_bits; }

    /** Size in bytes of a page whose leaf sits at `level`. */
    uint64_t page_size(unsigned level) const { return xl_config_page_size(&cfg_, level); }

    /**
     * Map the page of `level` containing `va` to the frame at `pa` (both
     * aligned to the page size).  `flags` are XL_PF_* bits of the leaf; PS
     * (x86) / L (toy) is added for a superpage.  Intermediate tables are
     * created as needed with permissive flags (x86: P W U; RISC-V: V).
     * Throws std::runtime_error if the format rejects the entry.
     */
    void map(uint64_t va, uint64_t pa, unsigned level, unsigned flags) {
        uint64_t table = root_;
        for (int lv = static_cast<int>(cfg_.levels) - 1; lv > static_cast<int>(level); lv--) {
            uint64_t pte_pa = entry_pa(table, va, static_cast<unsigned>(lv));
            auto it = tables_.find(pte_pa);
            if (it == tables_.end()) {
                uint64_t next = alloc_table(static_cast<unsigned>(lv - 1));
                unsigned nl = xl_fmt_x86(cfg_.format) ? (XL_PF_P | XL_PF_W | XL_PF_U) : XL_PF_P;
                put(pte_pa, nl, next >> cfg_.page_bits);
                it = tables_.emplace(pte_pa, next).first;
            }
            table = it->second;
        }
        unsigned f = flags;
        if (level > 0 && (xl_fmt_x86(cfg_.format) || cfg_.format == XL_FMT_TOY)) f |= XL_PF_PS;
        put(entry_pa(table, va, level), f, pa >> cfg_.page_bits);
    }

    /** Physical address of the entry `va` uses at `level` (UINT64_MAX if that table does not exist). */
    uint64_t entry_address(uint64_t va, unsigned level) const {
        uint64_t table = root_;
        for (int lv = static_cast<int>(cfg_.levels) - 1; lv > static_cast<int>(level); lv--) {
            auto it = tables_.find(entry_pa(table, va, static_cast<unsigned>(lv)));
            if (it == tables_.end()) return UINT64_MAX;
            table = it->second;
        }
        return entry_pa(table, va, level);
    }

    /** Flags for an ordinary page of this format: user or supervisor, writable, executable. */
    unsigned flags(bool user, bool writable, bool exec) const {
        unsigned f = XL_PF_P;
        if (xl_fmt_rv(cfg_.format)) f |= XL_PF_R;
        if (writable) f |= XL_PF_W;
        if (user) f |= XL_PF_U;
        if (xl_fmt_x86(cfg_.format)) {
            if (!exec) f |= XL_PF_NX;
        } else if (exec) {
            f |= XL_PF_X;
        }
        if (cfg_.ad_policy == XL_AD_FAULT) f |= XL_PF_A | (writable ? static_cast<unsigned>(XL_PF_D) : 0u);
        return f;
    }

    /** First free physical address after the tables. */
    uint64_t end() const { return next_; }

  private:
    const xl_config cfg_;
    uint64_t next_;
    uint64_t root_ = 0;
    writer write_;
    std::map<uint64_t, uint64_t> tables_;  // non-leaf entry address -> table it points to

    uint64_t entry_pa(uint64_t table, uint64_t va, unsigned level) const {
        uint64_t vpn = (va >> cfg_.page_bits) & ((uint64_t{1} << cfg_.vpn_bits) - 1);
        uint64_t idx = (vpn >> cfg_.level_shift[level]) & ((uint64_t{1} << cfg_.level_bits[level]) - 1);
        return table + idx * cfg_.pte_bytes;
    }

    uint64_t alloc_table(unsigned level) {
        uint64_t bytes = (uint64_t{1} << cfg_.level_bits[level]) * cfg_.pte_bytes;
        uint64_t page = uint64_t{1} << cfg_.page_bits;
        uint64_t t = next_;
        next_ += (bytes + page - 1) / page * page;
        for (uint64_t off = 0; off < bytes; off += cfg_.pte_bytes) write_(t + off, 0, cfg_.pte_bytes);
        return t;
    }

    void put(uint64_t pte_pa, unsigned flags, uint64_t ppn) {
        uint64_t raw = 0;
        xl_error err;
        if (xl_pte_encode(&cfg_, flags, ppn, nullptr, &raw, &err) != 0)
            throw std::runtime_error(std::string("xlate_page_tables: ") + err.msg);
        write_(pte_pa, raw, cfg_.pte_bytes);
    }
};

#endif
