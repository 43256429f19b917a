/* The TLB (tlb.h). */
#include "xlate/tlb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xlate/pte.h"
#include "xlate/repl.h"
#include "xlate/util.h"

#include "repl_inline.h"

int xl_tlb_init(xl_tlb *t, const xl_config *cfg)
{
    memset(t, 0, sizeof *t);
    t->cfg = cfg;
    t->base = calloc((size_t)cfg->tlb_sets * cfg->tlb_ways, sizeof *t->base);
    t->super = calloc(cfg->tlb_super ? cfg->tlb_super : 1, sizeof *t->super);
    t->base_repl = calloc(cfg->tlb_sets, sizeof *t->base_repl);
    if (t->base == NULL || t->super == NULL || t->base_repl == NULL) {
        xl_tlb_free(t);
        return -1;
    }
    return 0;
}

void xl_tlb_free(xl_tlb *t)
{
    free(t->base);
    free(t->super);
    free(t->base_repl);
    t->base = t->super = NULL;
    t->base_repl = NULL;
}

void xl_tlb_reset(xl_tlb *t)
{
    const xl_config *c = t->cfg;
    memset(t->base, 0, (size_t)c->tlb_sets * c->tlb_ways * sizeof *t->base);
    memset(t->super, 0, (c->tlb_super ? c->tlb_super : 1) * sizeof *t->super);
    memset(t->base_repl, 0, c->tlb_sets * sizeof *t->base_repl);
    t->super_repl = 0;
    t->super_live = 0;
    t->pend = t->stale = false;
}

/* Recount the valid superpage entries after a change to the array. */
static void recount_super(xl_tlb *t)
{
    unsigned n = 0;
    for (unsigned i = 0; i < t->cfg->tlb_super; i++)
        n += t->super[i].valid;
    t->super_live = n;
}

unsigned xl_tlb_span(const xl_config *cfg, const xl_tlb_entry *e)
{
    return cfg->level_shift[e->level] + (e->napot ? XL_NAPOT_BITS : 0);
}

static bool asid_match(const xl_tlb_entry *e, uint32_t asid)
{
    return (e->perm & XL_PERM_G) || e->asid == asid;
}

const xl_tlb_entry *xl_tlb_lookup(xl_tlb *t, uint64_t vpn, uint32_t asid, xl_tlb_loc *loc)
{
    const xl_config *c = t->cfg;
    unsigned set = (unsigned)(vpn & (c->tlb_sets - 1));
    xl_tlb_entry *row = &t->base[(size_t)set * c->tlb_ways];

    for (unsigned w = 0; w < c->tlb_ways; w++) {
        const xl_tlb_entry *e = &row[w];
        if (e->valid && e->vpn == vpn && asid_match(e, asid)) {
            t->base_repl[set] = xl_repl_touch_inl(c->tlb_repl, c->tlb_ways, t->base_repl[set], w);
            if (loc) {
                loc->array = XL_TLB_BASE;
                loc->set = set;
                loc->way = w;
            }
            return e;
        }
    }
    for (unsigned i = 0; t->super_live && i < c->tlb_super; i++) {
        const xl_tlb_entry *e = &t->super[i];
        if (e->valid && ((e->vpn ^ vpn) >> xl_tlb_span(c, e)) == 0 && asid_match(e, asid)) {
            t->super_repl = xl_repl_touch_inl(c->tlb_repl, c->tlb_super, t->super_repl, i);
            if (loc) {
                loc->array = XL_TLB_SUPER;
                loc->set = 0;
                loc->way = i;
            }
            return e;
        }
    }
    return NULL;
}

void xl_tlb_walk_begin(xl_tlb *t)
{
    t->pend = true;
    t->stale = false;
}

/* Do two entries' pages intersect, in overlapping ASID domains? */
static bool overlaps(const xl_config *c, const xl_tlb_entry *a, const xl_tlb_entry *b)
{
    unsigned sa = xl_tlb_span(c, a), sb = xl_tlb_span(c, b);
    if ((a->vpn ^ b->vpn) >> (sa > sb ? sa : sb))
        return false;
    return (a->perm & XL_PERM_G) || (b->perm & XL_PERM_G) || a->asid == b->asid;
}

bool xl_tlb_refill(xl_tlb *t, const xl_tlb_entry *in, xl_tlb_loc *loc)
{
    const xl_config *c = t->cfg;
    bool drop = t->stale;
    t->pend = t->stale = false;
    if (drop)
        return false;

    xl_tlb_entry e = *in;
    uint64_t lm = xl_mask(xl_tlb_span(c, &e));
    e.valid = true;
    e.vpn &= ~lm;
    e.ppn &= ~lm;

    xl_tlb_entry *row;
    unsigned ways, set;
    uint32_t *repl;
    bool sup = xl_tlb_is_super(&e);
    if (!sup) {
        set = (unsigned)(e.vpn & (c->tlb_sets - 1));
        row = &t->base[(size_t)set * c->tlb_ways];
        ways = c->tlb_ways;
        repl = &t->base_repl[set];
    } else {
        set = 0;
        row = t->super;
        ways = c->tlb_super;
        repl = &t->super_repl;
    }
    /* Remove every overlapping entry of the target array, then pick a victim. */
    unsigned victim = ways;
    for (unsigned w = 0; w < ways; w++) {
        if (row[w].valid && overlaps(c, &row[w], &e))
            row[w].valid = false;
        if (!row[w].valid && victim == ways)
            victim = w;
    }
    if (victim == ways)
        victim = xl_repl_victim_inl(c->tlb_repl, ways, *repl);
    row[victim] = e;
    *repl = xl_repl_touch_inl(c->tlb_repl, ways, *repl, victim);
    if (sup)
        recount_super(t);
    if (loc) {
        loc->array = sup ? XL_TLB_SUPER : XL_TLB_BASE;
        loc->set = set;
        loc->way = victim;
    }
    return true;
}

bool xl_tlb_inval_selects(const xl_config *c, const xl_tlb_entry *e, const xl_inval *sel)
{
    bool g = (e->perm & XL_PERM_G) != 0;
    if (sel->match_va) {
        uint64_t vpn = (sel->va >> c->page_bits) & xl_mask(c->vpn_bits);
        if ((vpn ^ e->vpn) >> xl_tlb_span(c, e))
            return false;
    }
    if (sel->match_asid && !(e->asid == sel->asid || g))
        return false;
    if (sel->keep_global && g)
        return false;
    return true;
}

unsigned xl_tlb_inval(xl_tlb *t, const xl_inval *sel)
{
    const xl_config *c = t->cfg;
    unsigned removed = 0;
    size_t n = (size_t)c->tlb_sets * c->tlb_ways;
    if (t->pend)
        t->stale = true;
    for (size_t i = 0; i < n; i++)
        if (t->base[i].valid && xl_tlb_inval_selects(c, &t->base[i], sel)) {
            t->base[i].valid = false;
            removed++;
        }
    for (unsigned i = 0; i < c->tlb_super; i++)
        if (t->super[i].valid && xl_tlb_inval_selects(c, &t->super[i], sel)) {
            t->super[i].valid = false;
            removed++;
        }
    recount_super(t);
    return removed;
}

static xl_tlb_entry *slot(const xl_tlb *t, const xl_tlb_loc *loc)
{
    const xl_config *c = t->cfg;
    if (loc->array == XL_TLB_BASE) {
        if (loc->set >= c->tlb_sets || loc->way >= c->tlb_ways)
            return NULL;
        return &t->base[(size_t)loc->set * c->tlb_ways + loc->way];
    }
    if (loc->array != XL_TLB_SUPER || loc->set != 0 || loc->way >= c->tlb_super)
        return NULL;
    return &t->super[loc->way];
}

int xl_tlb_get(const xl_tlb *t, const xl_tlb_loc *loc, xl_tlb_entry *e)
{
    const xl_tlb_entry *s = slot(t, loc);
    if (s == NULL)
        return -1;
    *e = *s;
    return 0;
}

int xl_tlb_put(xl_tlb *t, const xl_tlb_loc *loc, const xl_tlb_entry *e, xl_error *err)
{
    const xl_config *c = t->cfg;
    xl_tlb_entry *s = slot(t, loc);
    if (s == NULL) {
        if (err)
            snprintf(err->msg, sizeof err->msg, "TLB location %s set %u way %u is out of range",
                     loc->array == XL_TLB_BASE ? "base" : "super", loc->set, loc->way);
        return -1;
    }
    if (e->valid) {
        const char *why = NULL;
        if (e->level >= c->levels || !(c->leaf_mask & (1u << e->level)))
            why = "level is not a leaf level of this preset";
        else if (e->napot && (e->level != 0 || !(c->ext & XL_EXT_SVNAPOT)))
            why = "a NAPOT entry is a level-0 entry of a preset with ext = svnapot";
        else if ((loc->array == XL_TLB_BASE) == xl_tlb_is_super(e))
            why = "level-0 entries go in the base array, superpages and NAPOT pages in the superpage array";
        else if (e->vpn >> c->vpn_bits)
            why = "vpn is wider than the VPN";
        else if (e->ppn >> c->ppn_bits)
            why = "ppn is wider than the PPN";
        else if ((e->vpn | e->ppn) & xl_mask(xl_tlb_span(c, e)))
            why = "vpn and ppn of a superpage must be aligned to its size";
        else if (loc->array == XL_TLB_BASE && (e->vpn & (c->tlb_sets - 1)) != loc->set)
            why = "vpn does not index this set (its low bits are the set number)";
        else if (e->asid >> c->asid_bits)
            why = "asid is wider than asid_bits";
        else if (e->perm & ~0x3Fu)
            why = "unknown permission bits";
        else if (xl_fmt_x86(c->format) && e->attr > 15)
            why = "pkey is wider than 4 bits";
        else if (!xl_fmt_x86(c->format) && e->attr > ((c->ext & XL_EXT_SVPBMT) ? 2u : 0u))
            why = (c->ext & XL_EXT_SVPBMT) ? "pbmt must be pma, nc or io" : "this preset's entries hold no pkey or pbmt";
        if (why) {
            if (err)
                snprintf(err->msg, sizeof err->msg, "%s", why);
            return -1;
        }
        *s = *e;
    } else {
        memset(s, 0, sizeof *s);
    }
    recount_super(t);
    return 0;
}

uint32_t xl_tlb_repl_get(const xl_tlb *t, xl_tlb_array array, unsigned set)
{
    if (array == XL_TLB_SUPER)
        return t->super_repl;
    return set < t->cfg->tlb_sets ? t->base_repl[set] : 0;
}

void xl_tlb_repl_put(xl_tlb *t, xl_tlb_array array, unsigned set, uint32_t state)
{
    const xl_config *c = t->cfg;
    if (array == XL_TLB_SUPER)
        t->super_repl = state & xl_repl_mask(c->tlb_repl, c->tlb_super);
    else if (set < c->tlb_sets)
        t->base_repl[set] = state & xl_repl_mask(c->tlb_repl, c->tlb_ways);
}
