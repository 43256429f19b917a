/* The whole machine: walker, access path, invalidation, state compare (mmu.h). */
#include "xlate/mmu.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "xlate/pte.h"
#include "xlate/util.h"

int xl_mmu_init(xl_mmu *m, const xl_config *cfg, xl_error *err)
{
    memset(m, 0, sizeof *m);
    m->cfg = *cfg;
    m->ctl = xl_ctl_reset(cfg);
    if (xl_mem_init(&m->mem) != 0)
        goto oom;
    if (xl_tlb_init(&m->tlb, &m->cfg) != 0) {
        xl_mem_free(&m->mem);
        goto oom;
    }
    if (xl_cache_init(&m->cache, &m->cfg, &m->mem) != 0) {
        xl_tlb_free(&m->tlb);
        xl_mem_free(&m->mem);
        goto oom;
    }
    return 0;
oom:
    if (err)
        snprintf(err->msg, sizeof err->msg, "out of memory initialising the model");
    return -1;
}

void xl_mmu_free(xl_mmu *m)
{
    xl_cache_free(&m->cache);
    xl_tlb_free(&m->tlb);
    xl_mem_free(&m->mem);
}

static void note_cache(xl_info *info, const xl_cache_info *ci)
{
    if (info == NULL)
        return;
    info->evict_clean += ci->evict_clean;
    info->evict_dirty += ci->evict_dirty;
}

void xl_mmu_walk(xl_mmu *m, const xl_access *a, xl_walk *w, xl_info *info)
{
    const xl_config *c = &m->cfg;
    const xl_ctl *ctl = &m->ctl;
    xl_op op = a->op;
    uint64_t vpn = (a->va >> c->page_bits) & xl_mask(c->vpn_bits);
    bool ad_fault = xl_ad_fault(c, ctl);
    uint64_t table = m->root_ppn << c->page_bits;
    unsigned perm = xl_perm_init(c);

    memset(w, 0, sizeof *w);
    w->level = XL_LEVEL_NONE;
    for (int lv = (int)c->levels - 1; lv >= 0; lv--) {
        unsigned L = (unsigned)lv;
        uint64_t idx = (vpn >> c->level_shift[L]) & xl_mask(c->level_bits[L]);
        uint64_t pte_pa = table + idx * c->pte_bytes;
        xl_cache_info ci;
        uint64_t raw = 0;
        xl_pte p;

        w->level = lv;
        if (pte_pa >= c->mem_bytes) {
            w->fault = XL_FAULT_BUS;
            return;
        }
        bool hit = xl_cache_access(&m->cache, pte_pa, false, c->pte_bytes, 0, &raw, &ci);
        w->reads++;
        note_cache(info, &ci);
        if (info) {
            info->walk_cache_hits += hit;
            info->walk_cache_misses += !hit;
        }
        w->fault = xl_pte_decode(c, ctl, raw, L, &p);
        if (w->fault != XL_FAULT_NONE) {
            if (info)
                info->rsv = p.why;
            if (info && w->fault == XL_FAULT_RESERVED && xl_fmt_x86(c->format) && (p.flags & XL_PF_NX) &&
                !(ctl->flags & XL_CTL_NXE)) {
                /* the reason, for coverage: would the entry be legal with NXE set? */
                xl_ctl nxe = *ctl;
                xl_pte q;
                nxe.flags |= XL_CTL_NXE;
                info->nx_reserved = xl_pte_decode(c, &nxe, raw, L, &q) != XL_FAULT_RESERVED;
            }
            return;
        }
        perm = xl_perm_fold(c, perm, p.flags, p.leaf);
        if (!p.leaf) {
            /* x86 sets A in every paging-structure entry it uses. */
            if (xl_fmt_x86(c->format) && c->ad_policy == XL_AD_HW && !(p.flags & XL_PF_A)) {
                xl_cache_access(&m->cache, pte_pa, true, c->pte_bytes, raw | xl_pte_ad_bits(c, false), NULL, &ci);
                note_cache(info, &ci);
                if (info)
                    info->ad_writes++;
            }
            table = p.ppn << c->page_bits;
            continue;
        }
        if (info) {
            info->leaf_perm = (int)perm;
            info->leaf_attr = p.attr.pkey;
        }
        w->fault = xl_perm_check(c, ctl, op, a->priv, a->ac, perm, p.attr.pkey);
        if (w->fault != XL_FAULT_NONE)
            return;
        bool need_d = op == XL_OP_STORE && !(p.flags & XL_PF_D);
        if (!(p.flags & XL_PF_A) || need_d) {
            if (ad_fault) {
                w->fault = XL_FAULT_AD;
                return;
            }
            xl_cache_access(&m->cache, pte_pa, true, c->pte_bytes, raw | xl_pte_ad_bits(c, need_d), NULL, &ci);
            note_cache(info, &ci);
            if (info)
                info->ad_writes++;
            if (need_d)
                perm |= XL_PERM_D;
        }
        w->entry.valid = true;
        w->entry.level = (uint8_t)L;
        w->entry.napot = (p.flags & XL_PF_N) != 0;
        w->entry.perm = (uint8_t)perm;
        w->entry.attr = (uint8_t)(xl_fmt_x86(c->format) ? p.attr.pkey : p.attr.pbmt);
        w->entry.asid = m->asid;
        uint64_t lm = xl_mask(xl_tlb_span(c, &w->entry));
        w->entry.vpn = vpn & ~lm;
        w->entry.ppn = p.ppn & ~lm;
        return;
    }
}

static void finish(xl_mmu *m, xl_result *r, const xl_info *info, xl_fault f, int level)
{
    if (f != XL_FAULT_NONE) {
        r->fault = f;
        r->level = level;
        r->pa = 0;
        r->rdata = 0;
        r->cache_hit = false;
        r->mt = XL_MT_PMA;
    }
    m->stats.faults[f]++;
    m->stats.tlb_hits += r->tlb_hit;
    m->stats.pte_reads += r->walk_reads;
    m->stats.walk_cache_hits += info->walk_cache_hits;
    m->stats.ad_writes += info->ad_writes;
    m->stats.evict_clean += info->evict_clean;
    m->stats.evict_dirty += info->evict_dirty;
}

void xl_mmu_access(xl_mmu *m, const xl_access *a, xl_result *r, xl_info *info)
{
    const xl_config *c = &m->cfg;
    xl_tlb_entry entry;
    xl_tlb_loc loc;
    xl_info local;

    if (info == NULL)
        info = &local;
    memset(r, 0, sizeof *r);
    r->level = XL_LEVEL_NONE;
    r->has_mt = (c->ext & XL_EXT_SVPBMT) != 0;
    memset(info, 0, sizeof *info);
    info->page_level = info->refill_level = -1;
    info->leaf_perm = -1;
    m->stats.ops[a->op]++;
    if (a->va & (a->size - 1)) {
        finish(m, r, info, XL_FAULT_ALIGN, XL_LEVEL_NONE);
        return;
    }
    if (!xl_va_canonical(c, a->va)) {
        finish(m, r, info, XL_FAULT_CANONICAL, XL_LEVEL_NONE);
        return;
    }
    uint64_t vpn = (a->va >> c->page_bits) & xl_mask(c->vpn_bits);
    const xl_tlb_entry *e = xl_tlb_lookup(&m->tlb, vpn, m->asid, &loc);
    if (e != NULL) {
        info->leaf_perm = e->perm;
        info->leaf_attr = e->attr;
        xl_fault f = xl_perm_check(c, &m->ctl, a->op, a->priv, a->ac, e->perm, e->attr);
        info->tlb_super = loc.array == XL_TLB_SUPER;
        if (f != XL_FAULT_NONE) {
            r->tlb_hit = true;
            info->page_level = e->level;
            finish(m, r, info, f, e->level);
            return;
        }
        if (a->op == XL_OP_STORE && !(e->perm & XL_PERM_D)) {
            /* The entry cannot record the write: walk again to set (or check) D. */
            info->dirty_rewalk = true;
            info->tlb_super = false;
            e = NULL;
        } else {
            entry = *e;
            r->tlb_hit = true;
        }
    }
    if (e == NULL) {
        xl_walk w;
        xl_tlb_walk_begin(&m->tlb);
        xl_mmu_walk(m, a, &w, info);
        m->stats.walks++;
        r->walk_reads = w.reads;
        if (w.fault != XL_FAULT_NONE) {
            finish(m, r, info, w.fault, w.level);
            return;
        }
        xl_tlb_refill(&m->tlb, &w.entry, &loc);
        info->refill_level = w.entry.level;
        entry = w.entry;
    }
    info->page_level = entry.level;
    info->page_napot = entry.napot;
    uint64_t off_mask = xl_mask(c->page_bits + xl_tlb_span(c, &entry));
    uint64_t pa = (entry.ppn << c->page_bits) | (a->va & off_mask);
    if (pa >= c->mem_bytes) {
        finish(m, r, info, XL_FAULT_BUS, XL_LEVEL_NONE);
        return;
    }
    r->pa = pa;
    if (r->has_mt && entry.attr != XL_MT_PMA) {
        /* Svpbmt NC / IO: the access bypasses the L1D (docs/architecture.md section 6) */
        r->mt = entry.attr;
        info->uncached = true;
        (void)xl_cache_uncached(&m->cache, pa, a->op == XL_OP_STORE, a->size, a->wdata, &r->rdata);
        m->stats.uncached++;
        finish(m, r, info, XL_FAULT_NONE, XL_LEVEL_NONE);
        return;
    }
    xl_cache_info ci;
    r->cache_hit = xl_cache_access(&m->cache, pa, a->op == XL_OP_STORE, a->size, a->wdata, &r->rdata, &ci);
    note_cache(info, &ci);
    m->stats.cache_accesses++;
    m->stats.cache_hits += r->cache_hit;
    finish(m, r, info, XL_FAULT_NONE, XL_LEVEL_NONE);
}

unsigned xl_mmu_inval(xl_mmu *m, const xl_inval *sel)
{
    unsigned n = xl_tlb_inval(&m->tlb, sel);
    m->stats.invals++;
    m->stats.inval_removed += n;
    return n;
}

unsigned xl_mmu_set_root(xl_mmu *m, uint64_t root_ppn, uint32_t asid, bool flush)
{
    const xl_config *c = &m->cfg;
    m->root_ppn = root_ppn & xl_mask(c->ppn_bits);
    m->asid = asid & (uint32_t)xl_mask(c->asid_bits);
    m->stats.roots++;
    if (flush && xl_fmt_x86(c->format)) {
        xl_inval s = xl_inval_from_isa(XL_INV_MOV_CR3, 0, m->asid);
        return xl_mmu_inval(m, &s);
    }
    return 0;
}

unsigned xl_mmu_set_ctl(xl_mmu *m, unsigned mask, const xl_ctl *set)
{
    const xl_config *c = &m->cfg;
    xl_ctl old = m->ctl;
    m->ctl = xl_ctl_apply(old, mask & xl_ctl_supported(c), *set);
    m->stats.ctls++;
    /* SDM vol. 3A 4.10.4.1: MOV to CR4 that changes SMEP from 0 to 1
     * invalidates the TLB entries of the current PCID (the global ones go
     * too: removing more is always allowed). */
    if (xl_fmt_x86(c->format) && !(old.flags & XL_CTL_SMEP) && (m->ctl.flags & XL_CTL_SMEP)) {
        xl_inval s;
        memset(&s, 0, sizeof s);
        s.match_asid = true;
        s.asid = m->asid;
        return xl_mmu_inval(m, &s);
    }
    return 0;
}

static int diff(char *what, unsigned len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int diff(char *what, unsigned len, const char *fmt, ...)
{
    if (what && len) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(what, len, fmt, ap);
        va_end(ap);
    }
    return 1;
}

static bool tlb_entry_eq(const xl_tlb_entry *x, const xl_tlb_entry *y)
{
    if (x->valid != y->valid)
        return false;
    if (!x->valid)
        return true;
    return x->level == y->level && x->napot == y->napot && x->perm == y->perm && x->attr == y->attr &&
           x->asid == y->asid && x->vpn == y->vpn && x->ppn == y->ppn;
}

int xl_mmu_compare(const xl_mmu *a, const xl_mmu *b, char *what, unsigned len)
{
    const xl_config *c = &a->cfg;
    if (a->root_ppn != b->root_ppn || a->asid != b->asid)
        return diff(what, len, "root/asid: 0x%" PRIx64 "/%u vs 0x%" PRIx64 "/%u", a->root_ppn, a->asid, b->root_ppn,
                    b->asid);
    if (a->ctl.flags != b->ctl.flags || a->ctl.pkru != b->ctl.pkru)
        return diff(what, len, "controls: flags 0x%x pkru 0x%" PRIx32 " vs flags 0x%x pkru 0x%" PRIx32, a->ctl.flags,
                    a->ctl.pkru, b->ctl.flags, b->ctl.pkru);
    for (unsigned s = 0; s < c->tlb_sets; s++) {
        for (unsigned w = 0; w < c->tlb_ways; w++) {
            const xl_tlb_entry *x = &a->tlb.base[s * c->tlb_ways + w], *y = &b->tlb.base[s * c->tlb_ways + w];
            if (!tlb_entry_eq(x, y))
                return diff(what, len,
                            "TLB set %u way %u: valid=%d vpn=0x%" PRIx64 " ppn=0x%" PRIx64
                            " level=%u napot=%d perm=0x%x attr=%u asid=%u vs valid=%d vpn=0x%" PRIx64
                            " ppn=0x%" PRIx64 " level=%u napot=%d perm=0x%x attr=%u asid=%u",
                            s, w, x->valid, x->vpn, x->ppn, x->level, x->napot, x->perm, x->attr, x->asid, y->valid,
                            y->vpn, y->ppn, y->level, y->napot, y->perm, y->attr, y->asid);
        }
        if (a->tlb.base_repl[s] != b->tlb.base_repl[s])
            return diff(what, len, "TLB set %u replacement state: 0x%x vs 0x%x", s, a->tlb.base_repl[s],
                        b->tlb.base_repl[s]);
    }
    for (unsigned i = 0; i < c->tlb_super; i++) {
        const xl_tlb_entry *x = &a->tlb.super[i], *y = &b->tlb.super[i];
        if (!tlb_entry_eq(x, y))
            return diff(what, len,
                        "TLB superpage entry %u: valid=%d vpn=0x%" PRIx64 " ppn=0x%" PRIx64
                        " level=%u napot=%d perm=0x%x attr=%u asid=%u vs valid=%d vpn=0x%" PRIx64
                        " ppn=0x%" PRIx64 " level=%u napot=%d perm=0x%x attr=%u asid=%u",
                        i, x->valid, x->vpn, x->ppn, x->level, x->napot, x->perm, x->attr, x->asid, y->valid,
                        y->vpn, y->ppn, y->level, y->napot, y->perm, y->attr, y->asid);
    }
    if (a->tlb.super_repl != b->tlb.super_repl)
        return diff(what, len, "TLB superpage replacement state: 0x%x vs 0x%x", a->tlb.super_repl,
                    b->tlb.super_repl);
    for (unsigned s = 0; s < c->cache_sets; s++) {
        for (unsigned w = 0; w < c->cache_ways; w++) {
            size_t i = (size_t)s * c->cache_ways + w;
            bool va = a->cache.valid[i], vb = b->cache.valid[i];
            if (va != vb)
                return diff(what, len, "cache set %u way %u: valid %d vs %d", s, w, va, vb);
            if (!va)
                continue;
            if (a->cache.tag[i] != b->cache.tag[i] || a->cache.dirty[i] != b->cache.dirty[i])
                return diff(what, len, "cache set %u way %u: tag 0x%" PRIx64 " dirty %d vs tag 0x%" PRIx64 " dirty %d",
                            s, w, a->cache.tag[i], a->cache.dirty[i], b->cache.tag[i], b->cache.dirty[i]);
            const uint8_t *da = a->cache.data + i * c->cache_line, *db = b->cache.data + i * c->cache_line;
            for (unsigned k = 0; k < c->cache_line; k++)
                if (da[k] != db[k])
                    return diff(what, len, "cache set %u way %u byte %u: 0x%02x vs 0x%02x", s, w, k, da[k], db[k]);
        }
        if (a->cache.repl[s] != b->cache.repl[s])
            return diff(what, len, "cache set %u replacement state: 0x%x vs 0x%x", s, a->cache.repl[s],
                        b->cache.repl[s]);
    }
    uint64_t at = 0;
    int r = xl_mem_compare(&a->mem, &b->mem, &at);
    if (r < 0)
        return -1;
    if (r > 0) {
        uint8_t x, y;
        xl_mem_read((xl_mem *)&a->mem, at, &x, 1);
        xl_mem_read((xl_mem *)&b->mem, at, &y, 1);
        return diff(what, len, "memory at 0x%" PRIx64 ": 0x%02x vs 0x%02x", at, x, y);
    }
    return 0;
}

int xl_result_format(const xl_result *r, char *buf, unsigned len)
{
    char lv[8];
    if (r->level == XL_LEVEL_NONE)
        snprintf(lv, sizeof lv, "-");
    else
        snprintf(lv, sizeof lv, "%d", r->level);
    static const char *const mts[4] = {"pma", "nc", "io", "?"};
    int n = snprintf(buf, len, "fault=%s level=%s pa=0x%" PRIx64 " data=0x%" PRIx64 " tlb=%s cache=%s walk=%u",
                     xl_fault_name(r->fault), lv, r->pa, r->rdata, r->tlb_hit ? "hit" : "miss",
                     r->cache_hit ? "hit" : "miss", r->walk_reads);
    if (r->has_mt && n >= 0) {
        size_t at = (size_t)n < len ? (size_t)n : len;
        n += snprintf(buf + at, len - at, " mt=%s", mts[r->mt & 3]);
    }
    return n;
}
