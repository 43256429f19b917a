/*
 * refcheck: the golden model's side of a run (model.h).
 */
#include "model.h"

#include <stdio.h>
#include <string.h>

#include "xlate/config.h"
#include "xlate/pte.h"

void rc_model_config(const rc_run *run, char *buf, size_t len)
{
    const rc_fmt *f = run->fmt;
    char lb[32] = "", ll[32] = "";
    unsigned a = 0, b = 0;
    for (unsigned l = 0; l < f->levels; l++) {
        a += (unsigned)snprintf(lb + a, sizeof lb - a, "%s%u", l ? "," : "", f->index_bits);
        if (f->leaf_mask & (1u << l))
            b += (unsigned)snprintf(ll + b, sizeof ll - b, "%s%u", b ? "," : "", l);
    }
    snprintf(buf, len,
             "# refcheck: the model configured as QEMU emulates it (tb/refcheck/model.c)\n"
             "name        = refcheck-%s\n"
             "format      = %s\n"
             "va_bits     = %u\n"
             "pa_bits     = %u\n"
             "page_bits   = 12\n"
             "levels      = %u\n"
             "level_bits  = %s\n"
             "leaf_levels = %s\n"
             "asid_bits   = %u\n"
             "tlb_sets    = 16\n"
             "tlb_ways    = 4\n"
             "tlb_super   = 8\n"
             "tlb_repl    = plru\n"
             "cache_sets  = 64\n"
             "cache_ways  = 8\n"
             "cache_line  = 64\n"
             "ad_policy   = hw\n"
             "mem_bytes   = 0x%llx\n"
             "misaligned  = fault\n"
             "%s",
             f->name, f->name, f->va_bits, run->pa_bits, f->levels, lb, ll,
             rc_isa_x86(f->isa) ? 12u : f->isa == RC_ISA_SV32 ? 9u : 16u,
             (unsigned long long)f->ram_end,
             rc_isa_x86(f->isa) ? ""
             : run->ext ? "ext         = svnapot,svpbmt,svinval   # as QEMU's -cpu rv64,svnapot=on,svpbmt=on,svinval=on\n"
                        : "ext         = none                     # as QEMU's -cpu rv64 with the extensions off\n");
}

xl_ctl rc_model_ctl(const rc_acc *a)
{
    static const struct {
        uint32_t rc;
        unsigned xl;
    } map[] = {
        {RC_C_SUM, XL_CTL_SUM},   {RC_C_MXR, XL_CTL_MXR},   {RC_C_ADUE, XL_CTL_ADUE}, {RC_C_WP, XL_CTL_WP},
        {RC_C_SMEP, XL_CTL_SMEP}, {RC_C_SMAP, XL_CTL_SMAP}, {RC_C_NXE, XL_CTL_NXE},   {RC_C_PKE, XL_CTL_PKE},
    };
    xl_ctl c = {0, a->pkru};
    for (unsigned i = 0; i < sizeof map / sizeof map[0]; i++)
        if (a->ctl & map[i].rc)
            c.flags |= map[i].xl;
    return c;
}

uint64_t rc_model_peek(xl_mmu *m, uint64_t pa)
{
    const xl_config *c = &m->cfg;
    unsigned set = (unsigned)((pa >> c->line_bits) & (c->cache_sets - 1));
    uint64_t tag = pa >> (c->line_bits + c->cache_set_bits);
    for (unsigned w = 0; w < c->cache_ways; w++) {
        xl_cache_line line;
        if (xl_cache_get(&m->cache, set, w, &line) == 0 && line.valid && line.tag == tag) {
            uint64_t v = 0;
            unsigned off = (unsigned)(pa & (c->cache_line - 1));
            for (unsigned k = 0; k < 8; k++)
                v |= (uint64_t)line.data[off + k] << (8 * k);
            return v;
        }
    }
    return xl_mem_read_le(&m->mem, pa, 8);
}

/* A walk over the model's memory with the model's pure entry functions
 * (xl_pte_decode, xl_perm_fold): no state changes.  Fills the raw entry and
 * its PA at every level reached; returns the level it stopped at. */
typedef struct pure_walk {
    uint64_t raw[XL_MAX_LEVELS], pa[XL_MAX_LEVELS];
    xl_fault fault;
    int level;
    unsigned perm, pkey;
    bool leaf;
} pure_walk;

static void walk_pure(xl_mmu *m, uint64_t va, pure_walk *w)
{
    const xl_config *c = &m->cfg;
    uint64_t table = m->root_ppn << c->page_bits;
    memset(w, 0, sizeof *w);
    w->perm = xl_perm_init(c);
    for (int lv = (int)c->levels - 1; lv >= 0; lv--) {
        unsigned L = (unsigned)lv;
        uint64_t idx = (va >> (c->page_bits + c->level_shift[L])) & ((1ull << c->level_bits[L]) - 1);
        uint64_t pa = table + idx * c->pte_bytes;
        xl_pte p;
        w->level = lv;
        w->pa[L] = pa;
        if (pa >= c->mem_bytes) {
            w->fault = XL_FAULT_BUS;
            return;
        }
        w->raw[L] = rc_model_peek(m, pa);
        w->fault = xl_pte_decode(c, &m->ctl, w->raw[L], L, &p);
        if (w->fault != XL_FAULT_NONE)
            return;
        w->perm = xl_perm_fold(c, w->perm, p.flags, p.leaf);
        if (p.leaf) {
            w->leaf = true;
            w->pkey = p.attr.pkey;
            return;
        }
        table = p.ppn << c->page_bits;
    }
}

static bool prot_class(xl_fault f)
{
    return f == XL_FAULT_USER || f == XL_FAULT_SUPER || f == XL_FAULT_READ || f == XL_FAULT_WRITE ||
           f == XL_FAULT_EXEC || f == XL_FAULT_PKEY;
}

/* x86: QEMU 7.2 sets A in a 1 GiB leaf before it checks the leaf's
 * large-page reserved bits and the access rights (the walk sets A in a PDPTE
 * as soon as it passes the present and MAXPHYADDR/NX reserved checks).  If
 * the model faulted at that PDPTE, mirror the write so the runs stay in
 * step; the comparator counts it as waiver x86-1g-accessed. */
static void x86_1g_accessed(xl_mmu *m, const rc_acc *a, rc_mres *o)
{
    const xl_config *c = &m->cfg;
    pure_walk w;
    if (o->r.level != 2 || !(prot_class(o->r.fault) || o->r.fault == XL_FAULT_RESERVED))
        return;
    walk_pure(m, a->va, &w);
    uint64_t raw = w.raw[2];
    if (w.level != 2 || !(raw & 1u) || !(raw & 0x80u) || (raw & 0x20u))
        return; /* not a present 1 GiB leaf with A clear */
    if (c->pa_bits < 52 && ((raw >> c->pa_bits) & ((1ull << (52 - c->pa_bits)) - 1)))
        return; /* QEMU's first reserved check fails before A */
    if ((raw >> 63) && !(m->ctl.flags & XL_CTL_NXE))
        return;
    xl_cache_info ci;
    xl_cache_access(&m->cache, w.pa[2], true, 8, raw | 0x20u, NULL, &ci);
    o->x86_1g_a = true;
    o->pte_pa = w.pa[2];
}

/* x86: SDM vol. 3A 4.7, the PK flag of a #PF error code is set when the
 * access is a data access to a user-mode address whose key's PKRU bits
 * deny it, whatever other violation there is. */
static bool x86_pk_cond(xl_mmu *m, const rc_acc *a)
{
    pure_walk w;
    if (a->op == RC_OP_FETCH || !(m->ctl.flags & XL_CTL_PKE))
        return false;
    walk_pure(m, a->va, &w);
    if (!w.leaf || !(w.perm & XL_PERM_U))
        return false;
    uint32_t ad = (m->ctl.pkru >> (2 * w.pkey)) & 1u, wd = (m->ctl.pkru >> (2 * w.pkey + 1)) & 1u;
    bool wp = (m->ctl.flags & XL_CTL_WP) != 0;
    return ad || (wd && a->op == RC_OP_STORE && (a->priv == RC_PRIV_U || wp));
}

int rc_model_run(const rc_run *run, xl_mmu *m, rc_mres *res, unsigned upto, char *err, size_t errlen)
{
    char text[2048];
    xl_config cfg;
    xl_error e;
    const rc_fmt *f = run->fmt;
    bool x86 = rc_isa_x86(f->isa);
    rc_model_config(run, text, sizeof text);
    memset(m, 0, sizeof *m);
    if (xl_config_parse(text, "refcheck.cfg", &cfg, &e) != 0 || xl_mmu_init(m, &cfg, &e) != 0) {
        snprintf(err, errlen, "model: %s", e.msg);
        return -1;
    }
    /* memory: the tables, the data frames, the code frames */
    int bad = 0;
    for (unsigned i = 0; i < run->ntables; i++)
        for (unsigned k = 0; k < RC_PAGE / 8; k++)
            bad |= xl_mem_write_le(&m->mem, run->tables[i].pa + 8u * k, rc_table_word(run, i, k), 8);
    for (unsigned i = 0; i < run->ndata; i++)
        for (unsigned k = 0; k < RC_PAGE; k += 8)
            bad |= xl_mem_write_le(&m->mem, run->data[i] + k, rc_data_word(run->data[i] + k), 8);
    for (unsigned i = 0; i < run->ncode; i++)
        for (unsigned o = 0; o < RC_PAGE; o += RC_SLOT) {
            uint64_t w[2];
            rc_code_slot(f->isa, run->code[i] + o, w);
            bad |= xl_mem_write_le(&m->mem, run->code[i] + o, w[0], 8);
            bad |= xl_mem_write_le(&m->mem, run->code[i] + o + 8, w[1], 8);
        }
    if (bad) {
        snprintf(err, errlen, "model: out of memory");
        return -1;
    }
    xl_mmu_set_root(m, run->tables[0].pa >> 12, 0, false);
    unsigned mask = xl_ctl_supported(&m->cfg);
    for (unsigned i = 0; i < upto && i < run->nacc; i++) {
        const rc_acc *a = &run->acc[i];
        if (a->flags & RC_F_SETCTL) {
            xl_ctl c = rc_model_ctl(a);
            xl_inval all;
            memset(&all, 0, sizeof all);
            xl_mmu_set_ctl(m, mask, &c);
            if (!(a->flags & RC_F_NOFLUSH))
                xl_mmu_inval(m, &all); /* CR3 reload with PGE = 0 / SFENCE.VMA x0, x0 */
        }
        xl_access x;
        memset(&x, 0, sizeof x);
        x.op = a->op == RC_OP_LOAD ? XL_OP_LOAD : a->op == RC_OP_STORE ? XL_OP_STORE : XL_OP_FETCH;
        x.priv = a->priv == RC_PRIV_U ? XL_PRIV_U : XL_PRIV_S;
        x.size = a->size;
        x.va = a->va;
        x.wdata = a->wdata;
        x.ac = (a->flags & RC_F_AC) != 0;
        rc_mres o;
        memset(&o, 0, sizeof o);
        xl_mmu_access(m, &x, &o.r, NULL);
        o.r0 = o.r;
        if (!x86 && o.r.fault == XL_FAULT_AD && !(m->ctl.flags & XL_CTL_ADUE)) {
            /* QEMU 7.2 has no Svade switch: it updates A/D in hardware.  The
               Svade fault left no state behind; run the access the way QEMU
               does (ADUE = 1) so both sides stay in step. */
            xl_ctl on = {XL_CTL_ADUE, 0};
            xl_ctl off = {0, 0};
            xl_mmu_set_ctl(m, XL_CTL_ADUE, &on);
            xl_mmu_access(m, &x, &o.r, NULL);
            xl_mmu_set_ctl(m, XL_CTL_ADUE, &off);
            o.rerun_adue = true;
        }
        if (x86) {
            x86_1g_accessed(m, a, &o);
            o.pk_cond = x86_pk_cond(m, a);
        }
        if (o.r.fault == XL_FAULT_NONE)
            o.ident = x.op == XL_OP_FETCH ? o.r.pa : rc_model_peek(m, o.r.pa & ~7ull);
        if (a->pte_pa && f->pte_bytes == 4) /* the guest reads the 4-byte entry */
            o.pte = (rc_model_peek(m, a->pte_pa & ~7ull) >> (8 * (a->pte_pa & 4))) & 0xffffffffull;
        else if (a->pte_pa)
            o.pte = rc_model_peek(m, a->pte_pa);
        if (res)
            res[i] = o;
    }
    return 0;
}
