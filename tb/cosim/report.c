/* The `make sim` report: statistics, functional coverage, throughput, JUnit
 * XML (report.h).  The bins and their reachability rules are the ones of
 * docs/verification-plan.md section 4; keep the two in step. */
#include "report.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "xlate/pte.h"
#include "xlate/util.h"

#define MAX_RUNS 300
#define MAX_BINS 512
#define NO_BIN (-1)

typedef struct run_rec {
    char name[200];
    bool passed;
    double seconds, dut_seconds;
    uint64_t txns, cycles, req_stalls, rsp_stalls, mem_req_stalls, mem_rsp_stalls;
    char fail[512];
    char request[160], expected[200], got[200];
} run_rec;

/* The control bins: the format's XL_CTL_* controls, then x86 EFLAGS.AC
 * (an access attribute, counted like a control). */
#define NCTL (XL_CTL_COUNT + 1)
#define CTL_AC XL_CTL_COUNT

typedef struct bin {
    char name[48];
    bool reachable;
    uint64_t hits;
} bin;

/* Bin indices by event (NO_BIN where the preset has no such bin). */
typedef struct bin_map {
    int16_t fault[XL_FAULT_COUNT];
    int16_t fault_lvl[XL_FAULT_COUNT][XL_MAX_LEVELS];
    int16_t bus_data;
    int16_t tlb[XL_MAX_LEVELS][2]; /* [level][hit] */
    int16_t super_hit, perm_on_hit, rewalk, rewalk_ad;
    int16_t walk_pte[2];           /* [hit] */
    int16_t walk_reads[XL_MAX_LEVELS + 1];
    int16_t ad_load, ad_store, ad_multi;
    int16_t cache[3][2];           /* [op][hit] */
    int16_t evict_clean, evict_dirty;
    int16_t size[4];               /* log2 size */
    int16_t inval[XL_INV_COUNT][2]; /* [row][removed > 0] */
    int16_t prim[8][2];            /* [va<<2 | asid<<1 | kg][removed > 0] */
    int16_t root_asid, root_same, root_flush, root_noflush;
    int16_t bp_req, bp_rsp, bp_mem_req, bp_mem_rsp;
    /* translation controls: [control][value][op][priv]; [control][hit] */
    int16_t ctl_val[NCTL][2][3][2];
    int16_t ctl_decides[NCTL][2];
    int16_t ctl_write[NCTL];
    int16_t smep_flush[2];
    /* RVA23 extensions, and why entries were reserved */
    int16_t napot[2];              /* [hit]: tlb.hit.napot / tlb.miss.napot */
    int16_t mt[3][3];              /* [mt][op] */
    int16_t mt_lvl[3][XL_MAX_LEVELS]; /* [mt][page level]: the page kind x level */
    int16_t fence[2];              /* [xl_fence] */
    int16_t rsv[XL_RSV_COUNT];
} bin_map;

struct xl_report {
    xl_config cfg;
    uint64_t seed;
    /* statistics */
    uint64_t kinds[3 + 3]; /* load store fetch inval root ctl */
    uint64_t faults[XL_FAULT_COUNT];
    uint64_t tlb_hits, super_hits, accesses, cache_hits, cache_accesses, walks, pte_reads, walk_pte_hits;
    uint64_t ad_writes, evict_clean, evict_dirty, rewalks;
    uint64_t op_hits[3], op_accesses[3];
    uint64_t inval_n[XL_INV_COUNT], inval_nonzero[XL_INV_COUNT], inval_removed[XL_INV_COUNT];
    uint64_t root_flush, root_noflush;
    uint32_t asid; /* current ASID of the run being counted */
    xl_ctl ctl;    /* controls in force in the run being counted */
    /* coverage */
    bin bins[MAX_BINS];
    unsigned nbins;
    bin_map bm;
    /* runs */
    run_rec runs[MAX_RUNS];
    unsigned nruns;
};

/* ------------------------------------------------------------------ the bins */

static int16_t add_bin(xl_report *r, bool reachable, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int16_t add_bin(xl_report *r, bool reachable, const char *fmt, ...)
{
    va_list ap;
    if (r->nbins == MAX_BINS)
        return NO_BIN;
    bin *b = &r->bins[r->nbins];
    va_start(ap, fmt);
    vsnprintf(b->name, sizeof b->name, fmt, ap);
    va_end(ap);
    b->reachable = reachable;
    b->hits = 0;
    return (int16_t)r->nbins++;
}

static bool leaf_at(const xl_config *c, unsigned level)
{
    return (c->leaf_mask >> level) & 1u;
}

static bool is_rv(const xl_config *c)
{
    return xl_fmt_rv(c->format);
}

/** Can some walk fault with `f` at `level` on this preset? (docs/verification-plan.md 4.1) */
static bool fault_at(const xl_config *c, xl_fault f, unsigned level)
{
    uint64_t pg = 1ull << c->page_bits;
    uint64_t table_bytes = (1ull << c->level_bits[level]) * c->pte_bytes;
    switch (f) {
    case XL_FAULT_NOT_PRESENT:
        return true;
    case XL_FAULT_BUS: {
        /* the highest table a PPN can name runs past the end of memory */
        uint64_t top = (xl_mask(c->ppn_bits) * pg) + table_bytes;
        return top > c->mem_bytes;
    }
    case XL_FAULT_RESERVED:
        if (xl_fmt_x86(c->format) || is_rv(c))
            return true; /* x86 level 0 too: XD with EFER.NXE = 0 (the stimulus turns NXE off) */
        return c->ppn_bits < 24 || level == 0 || !leaf_at(c, level);
    case XL_FAULT_MISALIGNED:
        return !xl_fmt_x86(c->format) && level > 0 && leaf_at(c, level);
    case XL_FAULT_USER:
    case XL_FAULT_WRITE:
    case XL_FAULT_EXEC:
        return leaf_at(c, level);
    case XL_FAULT_SUPER:
        return c->format != XL_FMT_TOY && leaf_at(c, level);
    case XL_FAULT_READ:
        return is_rv(c) && leaf_at(c, level);
    case XL_FAULT_AD:
        return (c->ad_policy == XL_AD_FAULT || is_rv(c)) && leaf_at(c, level); /* RISC-V: ADUE = 0 */
    case XL_FAULT_PKEY:
        return xl_fmt_x86(c->format) && leaf_at(c, level);
    default:
        return false;
    }
}

static bool data_bus(const xl_config *c)
{
    if (c->pa_bits < 64 && c->mem_bytes < (1ull << c->pa_bits))
        return true;
    /* memory fills the PA space, but a page larger than it reaches beyond */
    for (unsigned l = 0; l < c->levels; l++)
        if ((c->leaf_mask & (1u << l)) && c->page_bits + c->level_shift[l] > c->pa_bits)
            return true;
    return (c->ext & XL_EXT_SVNAPOT) && c->page_bits + XL_NAPOT_BITS > c->pa_bits;
}

static void build_bins(xl_report *r)
{
    const xl_config *c = &r->cfg;
    bin_map *m = &r->bm;
    bool x86 = xl_fmt_x86(c->format), rv = is_rv(c);
    /* RISC-V switches between hardware A/D updates and Svade faults with ADUE */
    bool hw = c->ad_policy == XL_AD_HW || rv, adf = c->ad_policy == XL_AD_FAULT || rv;
    memset(m, 0xff, sizeof *m); /* every index NO_BIN */

    /* 4.1 faults: every cause, then every page-table cause at every level */
    for (unsigned f = 0; f < XL_FAULT_COUNT; f++) {
        bool reach = false;
        if (f == XL_FAULT_NONE)
            reach = true;
        else if (f == XL_FAULT_CANONICAL)
            reach = c->format != XL_FMT_SV32; /* a Sv32 VA has nothing above bit 31: any other is bad input */
        else if (f == XL_FAULT_ALIGN)
            reach = c->misaligned == XL_MISALIGNED_FAULT;
        else
            for (unsigned l = 0; l < c->levels; l++)
                reach |= fault_at(c, (xl_fault)f, l);
        if (f == XL_FAULT_BUS)
            reach |= data_bus(c);
        m->fault[f] = add_bin(r, reach, "fault.%s", xl_fault_name((xl_fault)f));
    }
    m->bus_data = add_bin(r, data_bus(c), "fault.bus.data");
    for (unsigned f = XL_FAULT_BUS; f < XL_FAULT_COUNT; f++)
        for (unsigned l = 0; l < c->levels; l++)
            m->fault_lvl[f][l] =
                add_bin(r, fault_at(c, (xl_fault)f, l), "fault.%s.level%u", xl_fault_name((xl_fault)f), l);

    /* 4.2 TLB */
    for (unsigned l = 0; l < c->levels; l++) {
        m->tlb[l][1] = add_bin(r, leaf_at(c, l), "tlb.hit.level%u", l);
        m->tlb[l][0] = add_bin(r, leaf_at(c, l), "tlb.miss.level%u", l);
    }
    m->super_hit = add_bin(r, c->tlb_super > 0 && (c->leaf_mask >> 1) != 0, "tlb.super_hit");
    m->perm_on_hit = add_bin(r, true, "tlb.perm_fault_on_hit");
    m->rewalk = add_bin(r, true, "tlb.dirty_rewalk");
    m->rewalk_ad = add_bin(r, adf, "tlb.dirty_rewalk.ad_fault");

    /* 4.3 walks and A/D */
    m->walk_pte[1] = add_bin(r, true, "walk.pte_cache_hit");
    m->walk_pte[0] = add_bin(r, true, "walk.pte_cache_miss");
    for (unsigned k = 1; k <= c->levels; k++)
        m->walk_reads[k] = add_bin(r, true, "walk.reads%u", k);
    m->ad_load = add_bin(r, hw, "ad.update.load_fetch");
    m->ad_store = add_bin(r, hw, "ad.update.store");
    m->ad_multi = add_bin(r, hw && x86, "ad.update.multiple");

    /* 4.4 cache and accesses */
    for (unsigned op = 0; op < 3; op++) {
        m->cache[op][1] = add_bin(r, true, "cache.%s.hit", xl_op_name((xl_op)op));
        m->cache[op][0] = add_bin(r, true, "cache.%s.miss", xl_op_name((xl_op)op));
    }
    m->evict_clean = add_bin(r, true, "cache.evict_clean");
    m->evict_dirty = add_bin(r, true, "cache.evict_dirty");
    for (unsigned k = 0; k < 4; k++)
        m->size[k] = add_bin(r, (1u << k) <= c->max_access, "access.size%u", 1u << k);

    /* 4.5 invalidations: the preset's ISA rows and the raw primitive, then
     * every selector combination of the primitive */
    for (unsigned row = 0; row < XL_INV_COUNT; row++) {
        bool ours = row == XL_INV_RAW || (x86 && row <= XL_INV_MOV_CR3) ||
                    (rv && row >= XL_INV_SFENCE_ALL && row <= XL_INV_SFENCE_VA_ASID) ||
                    (rv && (c->ext & XL_EXT_SVINVAL) && row >= XL_INV_SINVAL_ALL && row <= XL_INV_SINVAL_VA_ASID);
        if (!ours)
            continue;
        m->inval[row][1] = add_bin(r, true, "inval.%s.removed", xl_isa_inval_name((xl_isa_inval)row));
        m->inval[row][0] = add_bin(r, true, "inval.%s.none", xl_isa_inval_name((xl_isa_inval)row));
    }
    for (unsigned k = 0; k < 8; k++)
        for (unsigned hit = 2; hit-- > 0;)
            m->prim[k][hit] = add_bin(r, true, "inval.prim.va%u_asid%u_kg%u.%s", k >> 2, (k >> 1) & 1, k & 1,
                                      hit ? "removed" : "none");

    /* 4.6 context switches */
    m->root_asid = add_bin(r, c->asid_bits > 0, "root.new_asid");
    m->root_same = add_bin(r, true, "root.same_asid");
    m->root_flush = add_bin(r, true, "root.flush");
    m->root_noflush = add_bin(r, true, "root.noflush");

    /* 4.7 translation controls: every value x access kind x privilege, each
     * control deciding an outcome on a TLB hit and on a walk, each written */
    unsigned have = xl_ctl_supported(c) | (x86 ? 1u << CTL_AC : 0);
    for (unsigned k = 0; k < NCTL; k++) {
        const char *nm = k == CTL_AC ? "ac" : xl_ctl_name(1u << k);
        if (!(have & (1u << k)))
            continue;
        for (unsigned v = 0; v < 2; v++)
            for (unsigned op = 0; op < 3; op++)
                for (unsigned pv = 0; pv < 2; pv++)
                    m->ctl_val[k][v][op][pv] = add_bin(r, true, "ctl.%s%s.%s.%s", nm,
                                                       k == XL_CTL_COUNT - 1 ? (v ? "_set" : "_zero") : (v ? "1" : "0"),
                                                       xl_op_name((xl_op)op), pv ? "u" : "s");
        /* ADUE decides through the A/D update, not the rights check: walks only */
        if (k != 2)
            m->ctl_decides[k][1] = add_bin(r, true, "ctl.%s.decides.hit", nm);
        m->ctl_decides[k][0] = add_bin(r, true, "ctl.%s.decides.walk", nm);
        if (k != CTL_AC)
            m->ctl_write[k] = add_bin(r, true, "ctl.%s.written", nm);
    }
    if (x86) {
        m->smep_flush[1] = add_bin(r, true, "ctl.smep_set.removed");
        m->smep_flush[0] = add_bin(r, true, "ctl.smep_set.none");
    }

    /* 4.8 RVA23 extensions and reserved encodings */
    if (c->ext & XL_EXT_SVNAPOT) {
        m->napot[1] = add_bin(r, true, "tlb.hit.napot");
        m->napot[0] = add_bin(r, true, "tlb.miss.napot");
    }
    if (c->ext & XL_EXT_SVPBMT)
        for (unsigned t = 0; t < 3; t++)
            for (unsigned op = 0; op < 3; op++)
                m->mt[t][op] = add_bin(r, true, "mt.%s.%s", t == 0 ? "pma" : t == 1 ? "nc" : "io",
                                       xl_op_name((xl_op)op));
    if (c->ext & XL_EXT_SVPBMT)
        for (unsigned t = 0; t < 3; t++)
            for (unsigned l = 0; l < c->levels; l++)
                if (c->leaf_mask & (1u << l))
                    m->mt_lvl[t][l] = add_bin(r, true, "mt.%s.level%u", t == 0 ? "pma" : t == 1 ? "nc" : "io", l);
    if (c->ext & XL_EXT_SVINVAL) {
        m->fence[0] = add_bin(r, true, "fence.w_inval");
        m->fence[1] = add_bin(r, true, "fence.inval_ir");
    }
    for (unsigned w = 1; w < XL_RSV_COUNT; w++) {
        bool exists = false, reach = false;
        bool all_leaf = (c->leaf_mask + 1u) == (1u << c->levels);
        bool rv64 = xl_fmt_rv64(c->format);
        switch ((xl_rsv)w) {
        case XL_RSV_PA: exists = true; reach = x86 ? c->pa_bits < 52 : rv ? c->ppn_bits < (rv64 ? 44u : 22u)
                                                                       : c->ppn_bits < 24; break;
        case XL_RSV_XD: exists = reach = x86; break;
        case XL_RSV_LEAF_LEVEL: exists = true; reach = x86 || !all_leaf; break; /* x86: PS in a PML4E */
        case XL_RSV_LARGE_BITS: exists = reach = x86 && (c->leaf_mask >> 1); break;
        case XL_RSV_HIGH: exists = reach = rv64; break;
        case XL_RSV_WNR: case XL_RSV_PTR_FLAGS: exists = reach = rv; break;
        case XL_RSV_PTR_LEVEL0: exists = reach = rv; break;
        case XL_RSV_PBMT3: case XL_RSV_PBMT_PTR: exists = reach = rv64 && (c->ext & XL_EXT_SVPBMT); break;
        case XL_RSV_NAPOT_PTR: case XL_RSV_NAPOT_ENC: exists = reach = rv64 && (c->ext & XL_EXT_SVNAPOT); break;
        case XL_RSV_NAPOT_SUPER: exists = reach = rv64 && (c->ext & XL_EXT_SVNAPOT) && (c->leaf_mask >> 1); break;
        case XL_RSV_TOY_L0: exists = reach = c->format == XL_FMT_TOY; break;
        default: break;
        }
        if (exists)
            m->rsv[w] = add_bin(r, reach, "reserved.%s", xl_rsv_name((xl_rsv)w));
    }

    /* 4.9 back-pressure (per run, from the engine) */
    m->bp_req = add_bin(r, true, "bp.req_stall");
    m->bp_rsp = add_bin(r, true, "bp.rsp_stall");
    m->bp_mem_req = add_bin(r, true, "bp.mem_req_stall");
    m->bp_mem_rsp = add_bin(r, true, "bp.mem_rsp_stall");
}

static inline void hit(xl_report *r, int16_t b, uint64_t n)
{
    if (b >= 0)
        r->bins[b].hits += n;
}

/* ------------------------------------------------------------------ API */

xl_report *xl_report_new(const xl_config *cfg, uint64_t seed)
{
    xl_report *r = calloc(1, sizeof *r);
    if (r) {
        r->cfg = *cfg;
        r->seed = seed;
        r->ctl = xl_ctl_reset(cfg);
        build_bins(r);
    }
    return r;
}

void xl_report_free(xl_report *r)
{
    free(r);
}

/* A control write: the controls now in force (for the access bins). */
static void ctl_hook(xl_report *r, const xl_txn *t, unsigned removed)
{
    unsigned mask = t->ctl_mask & xl_ctl_supported(&r->cfg);
    bool smep_set = xl_fmt_x86(r->cfg.format) && (mask & XL_CTL_SMEP) && (t->ctl.flags & XL_CTL_SMEP) &&
                    !(r->ctl.flags & XL_CTL_SMEP);
    for (unsigned k = 0; k < XL_CTL_COUNT; k++)
        if (mask & (1u << k))
            hit(r, r->bm.ctl_write[k], 1);
    if (smep_set)
        hit(r, r->bm.smep_flush[removed > 0], 1);
    r->ctl = xl_ctl_apply(r->ctl, mask, t->ctl);
}

/* An access: the value of every control it ran under, and which controls
 * decided its outcome (the same rights check with that one control
 * flipped gives another answer; ADUE and NXE also by what the walk did). */
static void ctl_access(xl_report *r, const xl_access *a, const xl_result *res, const xl_info *info)
{
    const xl_config *c = &r->cfg;
    bin_map *m = &r->bm;
    bool x86 = xl_fmt_x86(c->format);
    unsigned have = xl_ctl_supported(c);
    unsigned op = (unsigned)a->op, pv = a->priv == XL_PRIV_U;
    bool hitpath = res->tlb_hit;
    if (have == 0)
        return;
    for (unsigned k = 0; k < XL_CTL_COUNT; k++) {
        unsigned bit = 1u << k;
        if (!(have & bit))
            continue;
        bool v = bit == XL_CTL_PKRU ? r->ctl.pkru != 0 : (r->ctl.flags & bit) != 0;
        hit(r, m->ctl_val[k][v][op][pv], 1);
    }
    if (x86)
        hit(r, m->ctl_val[CTL_AC][a->ac][op][pv], 1);
    if (info->leaf_perm >= 0) {
        unsigned perm = (unsigned)info->leaf_perm;
        xl_fault base = xl_perm_check(c, &r->ctl, a->op, a->priv, a->ac, perm, info->leaf_attr);
        for (unsigned k = 0; k <= XL_CTL_COUNT; k++) {
            xl_ctl alt = r->ctl;
            bool ac = a->ac;
            if (k == CTL_AC) {
                if (!x86)
                    continue;
                ac = !ac;
            } else if (!(have & (1u << k)) || (1u << k) == XL_CTL_ADUE) {
                continue;
            } else if ((1u << k) == XL_CTL_PKRU) {
                alt.pkru = 0;
            } else {
                alt.flags ^= 1u << k;
            }
            if (xl_perm_check(c, &alt, a->op, a->priv, ac, perm, info->leaf_attr) != base)
                hit(r, m->ctl_decides[k][hitpath], 1);
        }
    }
    if (!hitpath) {
        /* ADUE: an A/D update it allowed, or an A/D fault it raised */
        if ((have & XL_CTL_ADUE) && ((info->ad_writes && res->fault == XL_FAULT_NONE) || res->fault == XL_FAULT_AD))
            hit(r, m->ctl_decides[2][0], 1);
        /* NXE = 0 made XD reserved */
        if (info->nx_reserved)
            hit(r, m->ctl_decides[6][0], 1);
    }
}

void xl_report_hook(void *ctx, const xl_txn *t, const xl_result *res, const xl_info *info, unsigned removed)
{
    xl_report *r = ctx;
    bin_map *m = &r->bm;
    if (t->kind == XL_TXN_ACCESS) {
        const xl_access *a = &t->access;
        unsigned op = (unsigned)a->op;
        r->kinds[op]++;
        r->accesses++;
        r->faults[res->fault]++;
        hit(r, m->fault[res->fault], 1);
        if (res->fault == XL_FAULT_BUS && res->level < 0)
            hit(r, m->bus_data, 1);
        else if (res->fault >= XL_FAULT_BUS && res->level >= 0 && res->level < XL_MAX_LEVELS)
            hit(r, m->fault_lvl[res->fault][res->level], 1);
        hit(r, m->size[xl_log2(a->size) & 3], 1);
        ctl_access(r, a, res, info);
        if (res->fault == XL_FAULT_RESERVED && info->rsv < XL_RSV_COUNT)
            hit(r, m->rsv[info->rsv], 1);
        if (info->page_napot)
            hit(r, m->napot[res->tlb_hit], 1);
        if (res->fault == XL_FAULT_NONE && res->mt < 3) {
            hit(r, m->mt[res->mt][op], 1);
            if (info->page_level >= 0 && info->page_level < XL_MAX_LEVELS)
                hit(r, m->mt_lvl[res->mt][info->page_level], 1);
        }
        if (res->tlb_hit) {
            r->tlb_hits++;
            if (info->page_level >= 0 && info->page_level < XL_MAX_LEVELS)
                hit(r, m->tlb[info->page_level][1], 1);
            if (info->tlb_super) {
                r->super_hits++;
                hit(r, m->super_hit, 1);
            }
            if (res->fault != XL_FAULT_NONE)
                hit(r, m->perm_on_hit, 1);
        }
        if (info->refill_level >= 0 && info->refill_level < XL_MAX_LEVELS)
            hit(r, m->tlb[info->refill_level][0], 1);
        if (info->dirty_rewalk) {
            r->rewalks++;
            hit(r, m->rewalk, 1);
            if (res->fault == XL_FAULT_AD)
                hit(r, m->rewalk_ad, 1);
        }
        if (res->walk_reads) {
            r->walks++;
            r->pte_reads += res->walk_reads;
            r->walk_pte_hits += info->walk_cache_hits;
            if (info->walk_cache_hits)
                hit(r, m->walk_pte[1], 1);
            if (info->walk_cache_misses)
                hit(r, m->walk_pte[0], 1);
            if (res->walk_reads <= XL_MAX_LEVELS)
                hit(r, m->walk_reads[res->walk_reads], 1);
        }
        if (info->ad_writes) {
            r->ad_writes += info->ad_writes;
            hit(r, a->op == XL_OP_STORE ? m->ad_store : m->ad_load, 1);
            if (info->ad_writes > 1)
                hit(r, m->ad_multi, 1);
        }
        if (res->fault == XL_FAULT_NONE) {
            r->cache_accesses++;
            r->cache_hits += res->cache_hit;
            r->op_accesses[op]++;
            r->op_hits[op] += res->cache_hit;
            hit(r, m->cache[op][res->cache_hit], 1);
        }
        if (info->evict_clean) {
            r->evict_clean += info->evict_clean;
            hit(r, m->evict_clean, info->evict_clean);
        }
        if (info->evict_dirty) {
            r->evict_dirty += info->evict_dirty;
            hit(r, m->evict_dirty, info->evict_dirty);
        }
    } else if (t->kind == XL_TXN_INVAL) {
        unsigned row = (unsigned)t->isa < XL_INV_COUNT ? (unsigned)t->isa : XL_INV_RAW;
        unsigned k = (t->inval.match_va ? 4u : 0u) | (t->inval.match_asid ? 2u : 0u) | (t->inval.keep_global ? 1u : 0u);
        r->kinds[3]++;
        r->inval_n[row]++;
        r->inval_nonzero[row] += removed > 0;
        r->inval_removed[row] += removed;
        hit(r, m->inval[row][removed > 0], 1);
        hit(r, m->prim[k][removed > 0], 1);
    } else if (t->kind == XL_TXN_CTL) {
        r->kinds[5]++;
        ctl_hook(r, t, removed);
    } else if (t->kind == XL_TXN_FENCE) {
        r->kinds[3]++;
        hit(r, m->fence[t->fence == XL_FENCE_INVAL_IR], 1);
    } else {
        r->kinds[4]++;
        hit(r, t->asid != r->asid ? m->root_asid : m->root_same, 1);
        r->asid = t->asid;
        if (t->flush) {
            r->root_flush++;
            hit(r, m->root_flush, 1);
        } else {
            r->root_noflush++;
            hit(r, m->root_noflush, 1);
        }
        if (t->flush && xl_fmt_x86(r->cfg.format)) {
            /* MOV CR3 without bit 63: the row of the invalidation table */
            r->inval_n[XL_INV_MOV_CR3]++;
            r->inval_nonzero[XL_INV_MOV_CR3] += removed > 0;
            r->inval_removed[XL_INV_MOV_CR3] += removed;
            hit(r, m->inval[XL_INV_MOV_CR3][removed > 0], 1);
        }
    }
}

void xl_report_add_run(xl_report *r, const char *name, const xl_cosim *c, double seconds, bool passed)
{
    r->asid = 0; /* the next run starts from reset */
    r->ctl = xl_ctl_reset(&r->cfg);
    hit(r, r->bm.bp_req, c->req_stalls);
    hit(r, r->bm.bp_rsp, c->rsp_stalls);
    hit(r, r->bm.bp_mem_req, c->ms.req_stalls);
    hit(r, r->bm.bp_mem_rsp, c->ms.rsp_stalls);
    if (r->nruns == MAX_RUNS)
        return;
    run_rec *x = &r->runs[r->nruns++];
    memset(x, 0, sizeof *x);
    snprintf(x->name, sizeof x->name, "%s", name);
    x->passed = passed;
    x->seconds = seconds;
    x->dut_seconds = xl_cosim_dut_seconds(c);
    x->txns = c->checked;
    x->cycles = xl_cosim_cycles(c);
    x->req_stalls = c->req_stalls;
    x->rsp_stalls = c->rsp_stalls;
    x->mem_req_stalls = c->ms.req_stalls;
    x->mem_rsp_stalls = c->ms.rsp_stalls;
    if (!passed) {
        snprintf(x->fail, sizeof x->fail, "%s", c->fail.what[0] ? c->fail.what : "failed");
        snprintf(x->request, sizeof x->request, "%s", c->fail.request);
        snprintf(x->expected, sizeof x->expected, "%s", c->fail.expected);
        snprintf(x->got, sizeof x->got, "%s", c->fail.got);
    }
}

unsigned xl_report_bins(const xl_report *r)
{
    return r->nbins;
}

int xl_report_bin(const xl_report *r, unsigned i, const char **name, bool *reachable, uint64_t *hits)
{
    if (i >= r->nbins)
        return -1;
    if (name)
        *name = r->bins[i].name;
    if (reachable)
        *reachable = r->bins[i].reachable;
    if (hits)
        *hits = r->bins[i].hits;
    return 0;
}

unsigned xl_report_unhit(const xl_report *r)
{
    unsigned n = 0;
    for (unsigned i = 0; i < r->nbins; i++)
        n += r->bins[i].reachable && r->bins[i].hits == 0;
    return n;
}

unsigned xl_report_failed(const xl_report *r)
{
    unsigned n = 0;
    for (unsigned i = 0; i < r->nruns; i++)
        n += !r->runs[i].passed;
    return n;
}

/* ------------------------------------------------------------------ printing */

static double pct(uint64_t a, uint64_t b)
{
    return b ? 100.0 * (double)a / (double)b : 0.0;
}

static void print_coverage(const xl_report *r, FILE *f)
{
    unsigned reach = 0, unhit = 0, col = 0;
    char prev[16] = "";
    for (unsigned i = 0; i < r->nbins; i++)
        if (r->bins[i].reachable) {
            reach++;
            unhit += r->bins[i].hits == 0;
        }
    fprintf(f, "functional coverage (docs/verification-plan.md section 4): %u of %u bins hit%s\n", reach - unhit,
            reach, unhit ? "" : " -- complete");
    for (unsigned i = 0; i < r->nbins; i++) {
        const bin *b = &r->bins[i];
        char grp[16], val[24];
        if (!b->reachable)
            continue;
        size_t g = strcspn(b->name, ".");
        snprintf(grp, sizeof grp, "%.*s", (int)(g < sizeof grp - 1 ? g : sizeof grp - 1), b->name);
        if (strcmp(grp, prev) != 0) {
            if (col)
                fputc('\n', f);
            col = 0;
            snprintf(prev, sizeof prev, "%s", grp);
        }
        if (b->hits)
            snprintf(val, sizeof val, "%" PRIu64, b->hits);
        else
            snprintf(val, sizeof val, "** UNHIT **");
        fprintf(f, "%s%-32s %11s", col ? "   " : "  ", b->name, val);
        if (++col == 2) {
            fputc('\n', f);
            col = 0;
        }
    }
    if (col)
        fputc('\n', f);
    if (unhit) {
        fprintf(f, "unhit bins:");
        for (unsigned i = 0; i < r->nbins; i++)
            if (r->bins[i].reachable && r->bins[i].hits == 0)
                fprintf(f, " %s", r->bins[i].name);
        fputc('\n', f);
    }
    for (unsigned i = 0; i < r->nbins; i++)
        if (!r->bins[i].reachable && r->bins[i].hits)
            fprintf(f, "PLAN ERROR: bin %s is marked unreachable for preset %s but was hit %" PRIu64 " times\n",
                    r->bins[i].name, r->cfg.name, r->bins[i].hits);
}

void xl_report_print(const xl_report *r, FILE *f, double wall, int quiet)
{
    uint64_t txns = 0, cycles = 0, fails = 0, rq = 0, rs = 0, mq = 0, ms = 0;
    double dut = 0;
    for (unsigned i = 0; i < r->nruns; i++) {
        const run_rec *x = &r->runs[i];
        txns += x->txns;
        cycles += x->cycles;
        dut += x->dut_seconds;
        fails += !x->passed;
        rq += x->req_stalls;
        rs += x->rsp_stalls;
        mq += x->mem_req_stalls;
        ms += x->mem_rsp_stalls;
    }
    if (!quiet) {
        uint64_t total = r->kinds[0] + r->kinds[1] + r->kinds[2] + r->kinds[3] + r->kinds[4] + r->kinds[5];
        fprintf(f, "\n== xlate co-simulation: preset %s (%s), seed %" PRIu64 " ==\n", r->cfg.name,
                xl_format_name(r->cfg.format), r->seed);
        for (unsigned i = 0; i < r->nruns; i++) {
            const run_rec *x = &r->runs[i];
            fprintf(f, "  %-4s %-48s %9" PRIu64 " txns %11" PRIu64 " cycles %8.2f s\n", x->passed ? "PASS" : "FAIL",
                    x->name, x->txns, x->cycles, x->seconds);
            if (!x->passed) {
                fprintf(f, "       MISMATCH: %s\n", x->fail);
                if (x->request[0])
                    fprintf(f, "       request %s\n       model   %s\n       RTL     %s\n", x->request, x->expected,
                            x->got);
            }
        }
        fprintf(f, "transactions: %" PRIu64 " (load %" PRIu64 ", store %" PRIu64 ", fetch %" PRIu64 ", inval %" PRIu64
                   ", root %" PRIu64 ", ctl %" PRIu64 ")\n",
                total, r->kinds[0], r->kinds[1], r->kinds[2], r->kinds[3], r->kinds[4], r->kinds[5]);
        fprintf(f, "faults:");
        for (unsigned k = 0; k < XL_FAULT_COUNT; k++)
            if (r->faults[k])
                fprintf(f, " %s %" PRIu64 " (%.1f%%)", xl_fault_name((xl_fault)k), r->faults[k],
                        pct(r->faults[k], r->accesses));
        fprintf(f, "\nTLB: hit rate %.1f%% (%" PRIu64 " of %" PRIu64 " accesses; superpage array %" PRIu64
                   "), stores re-walking for D %" PRIu64 "\n",
                pct(r->tlb_hits, r->accesses), r->tlb_hits, r->accesses, r->super_hits, r->rewalks);
        fprintf(f, "walks: %" PRIu64 ", page-table reads %" PRIu64 " (%.2f per walk, %.1f%% hit the L1D), A/D updates %" PRIu64
                   "\n",
                r->walks, r->pte_reads, r->walks ? (double)r->pte_reads / (double)r->walks : 0.0,
                pct(r->walk_pte_hits, r->pte_reads), r->ad_writes);
        fprintf(f, "L1D: hit rate %.1f%% (load %.1f%%, store %.1f%%, fetch %.1f%%), evictions clean %" PRIu64
                   ", dirty %" PRIu64 "\n",
                pct(r->cache_hits, r->cache_accesses), pct(r->op_hits[0], r->op_accesses[0]),
                pct(r->op_hits[1], r->op_accesses[1]), pct(r->op_hits[2], r->op_accesses[2]), r->evict_clean,
                r->evict_dirty);
        fprintf(f, "invalidations by ISA row:        count  removing  entries removed\n");
        for (unsigned row = 0; row < XL_INV_COUNT; row++)
            if (r->inval_n[row] || r->bm.inval[row][0] >= 0)
                fprintf(f, "  %-28s %9" PRIu64 " %9" PRIu64 " %16" PRIu64 "\n",
                        row == XL_INV_RAW ? "inval (raw primitive)" : xl_isa_inval_name((xl_isa_inval)row),
                        r->inval_n[row], r->inval_nonzero[row], r->inval_removed[row]);
        fprintf(f, "context switches: %" PRIu64 " (flush %" PRIu64 ", noflush %" PRIu64 ")\n", r->kinds[4],
                r->root_flush, r->root_noflush);
        fprintf(f, "back-pressure (cycles): request waited %" PRIu64 ", response held %" PRIu64
                   ", memory request held %" PRIu64 ", memory response held %" PRIu64 "\n",
                rq, rs, mq, ms);
        fprintf(f, "simulated cycles: %" PRIu64 "\n", cycles);
        print_coverage(r, f);
    } else {
        unsigned reach = 0;
        for (unsigned i = 0; i < r->nbins; i++)
            reach += r->bins[i].reachable;
        fprintf(f, "coverage: %u of %u bins hit\n", reach - xl_report_unhit(r), reach);
    }
    fprintf(f, "mismatches: %" PRIu64 "\n", fails);
    fprintf(f,
            "throughput: %" PRIu64 " transactions checked, %" PRIu64 " cycles in %.2f s: %.0f txn/s, %.0f cycles/s; "
            "RTL model %.2f s, harness %.1f%% of run time\n",
            txns, cycles, wall, wall > 0 ? (double)txns / wall : 0.0, wall > 0 ? (double)cycles / wall : 0.0, dut,
            wall > 0 ? 100.0 * (wall - dut) / wall : 0.0);
    fprintf(f, "%" PRIu64 " passed, %" PRIu64 " failed\n", (uint64_t)r->nruns - fails, fails);
}

/* ------------------------------------------------------------------ JUnit */

static void xml_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        switch (ch) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&apos;", f); break;
        default:
            /* XML 1.0 allows tab, LF, CR and printable characters only */
            if (ch >= 0x20 || ch == '\t' || ch == '\n' || ch == '\r')
                fputc(ch, f);
            else
                fputc('?', f);
        }
    }
}

int xl_report_junit(const xl_report *r, const char *path)
{
    FILE *f = fopen(path, "w");
    unsigned fails = xl_report_failed(r), reach = 0, skipped = 0;
    double total = 0;
    if (f == NULL)
        return -1;
    for (unsigned i = 0; i < r->nbins; i++)
        if (r->bins[i].reachable) {
            reach++;
            skipped += r->bins[i].hits == 0;
        }
    for (unsigned i = 0; i < r->nruns; i++)
        total += r->runs[i].seconds;
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
    fprintf(f, "  <testsuite name=\"xlate-sim.");
    xml_text(f, r->cfg.name);
    fprintf(f, "\" tests=\"%u\" failures=\"%u\" errors=\"0\" skipped=\"%u\" time=\"%.3f\">\n", r->nruns + reach,
            fails, skipped, total);
    fprintf(f, "    <properties>\n      <property name=\"preset\" value=\"");
    xml_text(f, r->cfg.name);
    fprintf(f, "\"/>\n      <property name=\"seed\" value=\"%" PRIu64 "\"/>\n    </properties>\n", r->seed);
    for (unsigned i = 0; i < r->nruns; i++) {
        const run_rec *x = &r->runs[i];
        fprintf(f, "    <testcase classname=\"sim.");
        xml_text(f, r->cfg.name);
        fprintf(f, ".run\" name=\"");
        xml_text(f, x->name);
        fprintf(f, "\" time=\"%.3f\">", x->seconds);
        if (!x->passed) {
            fprintf(f, "\n      <failure message=\"");
            xml_text(f, x->fail);
            fprintf(f, "\" type=\"mismatch\">");
            xml_text(f, x->fail);
            if (x->request[0]) {
                fprintf(f, "\nrequest: ");
                xml_text(f, x->request);
                fprintf(f, "\nmodel:   ");
                xml_text(f, x->expected);
                fprintf(f, "\nRTL:     ");
                xml_text(f, x->got);
            }
            fprintf(f, "</failure>\n    ");
        }
        fprintf(f, "<system-out>%" PRIu64 " transactions, %" PRIu64 " cycles</system-out></testcase>\n", x->txns,
                x->cycles);
    }
    for (unsigned i = 0; i < r->nbins; i++) {
        const bin *b = &r->bins[i];
        if (!b->reachable)
            continue;
        fprintf(f, "    <testcase classname=\"sim.");
        xml_text(f, r->cfg.name);
        fprintf(f, ".coverage\" name=\"");
        xml_text(f, b->name);
        fprintf(f, "\" time=\"0\">");
        if (b->hits == 0)
            fprintf(f, "<skipped message=\"coverage bin not hit (seed %" PRIu64 ")\"/>", r->seed);
        else
            fprintf(f, "<system-out>%" PRIu64 " hits</system-out>", b->hits);
        fprintf(f, "</testcase>\n");
    }
    fprintf(f, "  </testsuite>\n</testsuites>\n");
    return fclose(f) == 0 ? 0 : -1;
}
