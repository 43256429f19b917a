/* Block testbench of the page-table walker: the Verilated xl_ptw against
 * the golden model's walker, xl_mmu_walk().
 *
 * Two model machines of the same preset hold identical memories and
 * caches.  The reference one (`ref`) runs xl_mmu_walk() for every walk.
 * The other (`srv`) serves the RTL walker's cache port: every read or
 * write request the RTL issues is one xl_cache_access() on srv's cache,
 * answered after a random latency, with random back-pressure on the
 * request channel.  Per walk the two results are compared (fault, level,
 * PTE reads, A/D writes, and on success the whole translation), then the
 * two caches' tags, valid and dirty bits and PLRU states; every
 * --check-every walks the line data too, and every --full-every walks and
 * at the end the whole machines (xl_mmu_compare: memory included).  So the
 * RTL must have made exactly the model's PTE reads and A/D
 * read-modify-writes, in the model's order.
 *
 * Page tables are rewritten before each walk along the walk's path with
 * random entries (xl_pte_encode plus raw reserved / ignored bits), through
 * a coherent backdoor that changes no cache or replacement state, so that
 * every fault cause of the format shows up at every level it can.
 *
 * Exit status: 0 pass, 1 mismatch (or, with --expect-mismatch, none
 * found), 2 bad usage or setup.  Last line: `N passed, N failed`.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ptw_dut.h"
#include "xlate/config.h"
#include "xlate/mmu.h"
#include "xlate/pte.h"
#include "xlate/util.h"

#ifndef XL_CFG_DIR
#define XL_CFG_DIR "cfg"
#endif

/* ---- random numbers (splitmix64: small, fast, and good enough here) ---- */
typedef struct rng {
    uint64_t x;
} rng;

static uint64_t rnd(rng *r)
{
    uint64_t z = (r->x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Uniform in [0, n), n > 0. */
static uint64_t below(rng *r, uint64_t n)
{
    return rnd(r) % n;
}

/* True with probability pct / 100. */
static bool chance(rng *r, unsigned pct)
{
    return below(r, 100) < pct;
}

/* ---- options ------------------------------------------------------------ */
typedef struct opts {
    const char *preset;
    uint64_t n;
    uint64_t seed;
    unsigned lat_min, lat_max;   /* cache port response latency, cycles after the handshake */
    unsigned backpressure;       /* % of cycles the request channel is not ready */
    uint64_t check_every;        /* cache data compare period (tags and PLRU: every walk) */
    uint64_t full_every;         /* whole machine compare period (memory included) */
    const char *waves;
    bool verbose;
    bool require_coverage;
    bool expect_mismatch;
} opts;

/* ---- the testbench ------------------------------------------------------ */
#define NPOOL 48
#define HOT 64
#define MAX_WR 8

typedef struct tb {
    opts o;
    xl_config cfg;
    xl_mmu ref; /* runs xl_mmu_walk */
    xl_mmu srv; /* serves the RTL's cache port */
    ptw_dut *dut;
    rng r;
    uint64_t mem_pages;   /* mem_bytes >> page_bits */
    uint64_t pool[NPOOL]; /* table pages */
    uint64_t root;
    uint32_t asid;
    uint64_t hot[HOT];
    unsigned nhot;
    uint64_t walk;        /* index of the current walk */
    char cmdline[512];    /* how to rerun (without --n) */
    /* statistics */
    uint64_t faults[XL_FAULT_COUNT][XL_MAX_LEVELS];
    uint64_t pte_reads, pte_hits, ad_writes, evict_dirty, full_checks, cycles_busy;
    uint64_t lat_min[XL_MAX_LEVELS + 1][MAX_WR + 1]; /* by reads, writes; 0 = none seen */
    uint64_t lat_sum[XL_MAX_LEVELS + 1][MAX_WR + 1];
    uint64_t lat_cnt[XL_MAX_LEVELS + 1][MAX_WR + 1];
} tb;

/* What the RTL did in one walk. */
typedef struct rtl_walk {
    ptw_dut_out done;      /* outputs sampled in the done cycle */
    unsigned reads, writes; /* cache port requests */
    uint64_t cycles;       /* request handshake to done, in cycles */
    bool finished;         /* done was seen */
    char err[256];         /* protocol violation, if any */
} rtl_walk;

/* The request of one walk. */
typedef struct walk_req {
    uint64_t va, vpn;
    xl_op op;
    xl_priv priv;
    bool ac;
} walk_req;

/* ---- coherent backdoor over a model machine's cache and memory ------------ */

/* Line index (set * ways + way) holding pa, or -1. */
static long cached_line(const xl_mmu *m, uint64_t pa)
{
    const xl_config *c = &m->cfg;
    unsigned set = (unsigned)((pa >> c->line_bits) & (c->cache_sets - 1));
    uint64_t tag = pa >> (c->line_bits + c->cache_set_bits);
    for (unsigned w = 0; w < c->cache_ways; w++) {
        size_t i = (size_t)set * c->cache_ways + w;
        if (m->cache.valid[i] && m->cache.tag[i] == tag)
            return (long)i;
    }
    return -1;
}

static uint64_t coh_read(xl_mmu *m, uint64_t pa, unsigned size)
{
    long i = cached_line(m, pa);
    if (i < 0)
        return xl_mem_read_le(&m->mem, pa, size);
    const uint8_t *d = m->cache.data + (size_t)i * m->cfg.cache_line + (pa & (m->cfg.cache_line - 1));
    uint64_t v = 0;
    for (unsigned k = 0; k < size; k++)
        v |= (uint64_t)d[k] << (8 * k);
    return v;
}

/* Write memory and any cached copy; no valid, dirty or PLRU state changes. */
static void coh_write(xl_mmu *m, uint64_t pa, uint64_t v, unsigned size)
{
    if (xl_mem_write_le(&m->mem, pa, v, size) != 0) {
        fprintf(stderr, "ptw_tb: out of memory\n");
        exit(2);
    }
    long i = cached_line(m, pa);
    if (i < 0)
        return;
    uint8_t *d = m->cache.data + (size_t)i * m->cfg.cache_line + (pa & (m->cfg.cache_line - 1));
    for (unsigned k = 0; k < size; k++)
        d[k] = (uint8_t)(v >> (8 * k));
}

static void pte_put(tb *t, uint64_t pa, uint64_t raw)
{
    coh_write(&t->ref, pa, raw, t->cfg.pte_bytes);
    coh_write(&t->srv, pa, raw, t->cfg.pte_bytes);
}

/* ---- formats ------------------------------------------------------------ */
static bool is_x86(const xl_config *c)
{
    return xl_fmt_x86(c->format);
}
static bool is_rv(const xl_config *c)
{
    return xl_fmt_rv(c->format);
}

static uint64_t encode(tb *t, unsigned flags, uint64_t ppn)
{
    uint64_t raw;
    xl_error err;
    if (xl_pte_encode(&t->cfg, flags, ppn, NULL, &raw, &err) != 0) {
        fprintf(stderr, "ptw_tb: xl_pte_encode: %s\n", err.msg);
        exit(2);
    }
    return raw;
}

/* Bits the format's walker must ignore, set at random. */
static uint64_t ignored_bits(tb *t)
{
    if (!chance(&t->r, 30))
        return 0;
    if (is_x86(&t->cfg))
        return rnd(&t->r) & (0x7ull << 9 | 0x7FFull << 52); /* 11..9, 62..52 */
    if (is_rv(&t->cfg))
        return rnd(&t->r) & (0x3ull << 8);                  /* RSW */
    return 0;
}

static uint64_t rand_flags(tb *t, const unsigned *bits, unsigned n, unsigned pct)
{
    uint64_t f = 0;
    for (unsigned i = 0; i < n; i++)
        if (chance(&t->r, pct))
            f |= bits[i];
    return f;
}

/* A nonzero value in bits lo .. lo+width-1: often a single bit (the edges
 * a one-bit-short check would miss), else random, or all ones. */
static uint64_t edge_bits(tb *t, unsigned lo, unsigned width)
{
    uint64_t m = xl_mask(width);
    uint64_t v;
    if (width == 0)
        return 0;
    switch (below(&t->r, 4)) {
    case 0:
    case 1: v = 1ull << below(&t->r, width); break;
    case 2: v = m; break;
    default: v = (rnd(&t->r) & m) | 1ull << below(&t->r, width); break;
    }
    return v << lo;
}

/* A PPN: mostly inside memory, sometimes anywhere in ppn_bits. */
static uint64_t rand_ppn(tb *t)
{
    if (chance(&t->r, 70))
        return below(&t->r, t->mem_pages);
    if (chance(&t->r, 20))
        return t->mem_pages - 1 - below(&t->r, 2);
    return rnd(&t->r) & xl_mask(t->cfg.ppn_bits);
}

/* A PPN of a page outside memory (bus fault if used as a table). */
static uint64_t oom_ppn(tb *t)
{
    uint64_t lim = xl_mask(t->cfg.ppn_bits); /* keep it legal for the format */
    uint64_t p;
    if (t->mem_pages > lim) /* memory fills the physical address space (toy) */
        return rand_ppn(t);
    switch (below(&t->r, 4)) {
    case 0: p = t->mem_pages; break;
    case 1: p = t->mem_pages + 1 + below(&t->r, 16); break;
    case 2: p = t->mem_pages + below(&t->r, lim - t->mem_pages + 1); break;
    default: p = lim; break;
    }
    return p > lim ? lim : p;
}

/* A valid leaf at level L (the preset may not allow a leaf there). */
static uint64_t make_leaf(tb *t, unsigned L, bool misaligned)
{
    const xl_config *c = &t->cfg;
    uint64_t lm = xl_mask(c->level_shift[L]);
    uint64_t ppn = rand_ppn(t) & ~lm;
    uint64_t raw;
    if (misaligned && lm)
        ppn |= edge_bits(t, 0, c->level_shift[L]); /* nonzero low bits */
    if (is_x86(c)) {
        static const unsigned b[] = {XL_PF_W, XL_PF_U, XL_PF_G, XL_PF_A, XL_PF_D, XL_PF_PWT, XL_PF_PCD};
        unsigned f = XL_PF_P | (unsigned)rand_flags(t, b, 7, 60);
        if (chance(&t->r, 25))
            f |= XL_PF_NX;
        if (L > 0 || chance(&t->r, 30))
            f |= XL_PF_PS; /* level 0: PAT */
        raw = encode(t, f, ppn);
        if (L > 0 && chance(&t->r, 30))
            raw |= 1ull << 12; /* large-page PAT */
    } else if (is_rv(c)) {
        static const unsigned rwx[] = {XL_PF_R, XL_PF_R | XL_PF_W, XL_PF_X, XL_PF_R | XL_PF_X,
                                       XL_PF_R | XL_PF_W | XL_PF_X};
        static const unsigned b[] = {XL_PF_U, XL_PF_G, XL_PF_A, XL_PF_D};
        unsigned f = XL_PF_P | rwx[below(&t->r, 5)] | (unsigned)rand_flags(t, b, 4, 55);
        raw = encode(t, f, ppn);
        if ((c->ext & XL_EXT_SVPBMT) && chance(&t->r, 25))
            raw |= (uint64_t)below(&t->r, 4) << 61;      /* PBMT: PMA, NC, IO, or the reserved 3 */
        if ((c->ext & XL_EXT_SVNAPOT) && chance(&t->r, L == 0 ? 20 : 4)) {
            raw |= 1ull << 63;                            /* N: NAPOT at level 0 with ppn[3:0] = 1000 */
            if (chance(&t->r, 75))
                raw = (raw & ~(0xfull << 10)) | (0x8ull << 10);
        }
    } else {
        static const unsigned b[] = {XL_PF_W, XL_PF_U, XL_PF_X, XL_PF_G, XL_PF_A, XL_PF_D};
        unsigned f = XL_PF_P | (unsigned)rand_flags(t, b, 6, 60);
        if (L > 0)
            f |= XL_PF_PS;
        raw = encode(t, f, ppn);
    }
    return raw | ignored_bits(t);
}

/* A pointer (non-leaf entry) to the table at `ppn`. */
static uint64_t make_ptr(tb *t, uint64_t ppn)
{
    const xl_config *c = &t->cfg;
    unsigned f = XL_PF_P;
    if (is_x86(c)) {
        static const unsigned b[] = {XL_PF_A, XL_PF_D, XL_PF_G, XL_PF_PWT, XL_PF_PCD};
        f |= (unsigned)rand_flags(t, b, 5, 40);
        f |= chance(&t->r, 85) ? XL_PF_W : 0;
        f |= chance(&t->r, 80) ? XL_PF_U : 0;
        f |= chance(&t->r, 12) ? XL_PF_NX : 0;
    } else if (is_rv(c)) {
        f |= chance(&t->r, 20) ? XL_PF_G : 0;
    } else {
        static const unsigned b[] = {XL_PF_W, XL_PF_U, XL_PF_X, XL_PF_G, XL_PF_A, XL_PF_D};
        f |= (unsigned)rand_flags(t, b, 6, 50);
    }
    return encode(t, f, ppn) | ignored_bits(t);
}

/* An entry whose legality checks fail with `reserved` (or nearly so). */
static uint64_t make_reserved(tb *t, unsigned L)
{
    const xl_config *c = &t->cfg;
    if (is_x86(c)) {
        unsigned shift = c->level_shift[L];
        if (c->pa_bits < 52 && chance(&t->r, 40)) /* address bits 51..pa_bits */
            return make_leaf(t, L, false) | edge_bits(t, c->pa_bits, 52 - c->pa_bits);
        if (L > 0 && shift > 1) /* large-page bits 12+shift-1 .. 13 */
            return make_leaf(t, L, false) | edge_bits(t, 13, shift - 1);
        return make_leaf(t, L, false); /* PS where no page size exists (or none at all at level 0) */
    }
    if (is_rv(c)) {
        switch (below(&t->r, 4)) {
        case 0: /* bits 63..54 */
            return (chance(&t->r, 50) ? make_leaf(t, L, false) : make_ptr(t, t->pool[below(&t->r, NPOOL)])) |
                   edge_bits(t, 54, 10);
        case 1: { /* W without R */
            unsigned f = XL_PF_P | XL_PF_W | (chance(&t->r, 50) ? XL_PF_X : 0) | (chance(&t->r, 50) ? XL_PF_A : 0) |
                         (chance(&t->r, 50) ? XL_PF_U : 0);
            return encode(t, f, rand_ppn(t) & ~xl_mask(c->level_shift[L]));
        }
        case 2: { /* non-leaf with A, D or U */
            static const unsigned b[] = {XL_PF_A, XL_PF_D, XL_PF_U};
            unsigned f = XL_PF_P | b[below(&t->r, 3)] | (unsigned)rand_flags(t, b, 3, 40);
            return encode(t, f, t->pool[below(&t->r, NPOOL)]);
        }
        default: /* PPN above pa_bits if the field has room, else a pointer at level 0 */
            if (c->ppn_bits < 44)
                return make_leaf(t, L, false) | edge_bits(t, 10 + c->ppn_bits, 44 - c->ppn_bits);
            return make_ptr(t, t->pool[below(&t->r, NPOOL)]);
        }
    }
    /* toy: PPN above pa_bits, or L at level 0 */
    if (chance(&t->r, 50))
        return make_leaf(t, L, false) | edge_bits(t, 8 + c->ppn_bits, 24 - c->ppn_bits);
    return make_leaf(t, L, false) | (1ull << 7);
}

/* A random entry for level L, from a mix of kinds. */
static uint64_t gen_entry(tb *t, unsigned L)
{
    const xl_config *c = &t->cfg;
    unsigned k = (unsigned)below(&t->r, 100);
    uint64_t raw;
    if (k < 42)
        raw = make_leaf(t, L, false);
    else if (k < 48)
        raw = make_leaf(t, L, true);
    else if (k < 60)
        raw = make_ptr(t, t->pool[below(&t->r, NPOOL)]);
    else if (k < 66)
        raw = make_ptr(t, oom_ppn(t));
    else if (k < 70)
        raw = make_ptr(t, below(&t->r, t->mem_pages));
    else if (k < 79)
        raw = rnd(&t->r) & ~1ull; /* not present */
    else if (k < 92)
        raw = make_reserved(t, L);
    else
        raw = rnd(&t->r) | (chance(&t->r, 70) ? 1 : 0);
    if (c->pte_bytes == 4)
        raw &= 0xFFFFFFFFull;
    return raw;
}

static uint64_t pte_addr(const xl_config *c, uint64_t table, uint64_t vpn, unsigned L)
{
    uint64_t idx = (vpn >> c->level_shift[L]) & xl_mask(c->level_bits[L]);
    return (table << c->page_bits) + idx * c->pte_bytes;
}

/* Rewrite the tables along vpn's path: valid pointers above level Lt, a
 * random entry at Lt (or keep what is there). */
static void prepare_path(tb *t, uint64_t vpn, unsigned Lt)
{
    const xl_config *c = &t->cfg;
    uint64_t table = t->root;
    for (int lv = (int)c->levels - 1; lv >= 0; lv--) {
        unsigned L = (unsigned)lv;
        uint64_t pa = pte_addr(c, table, vpn, L);
        if (pa >= c->mem_bytes)
            return; /* the walk will end with a bus fault here */
        if (L == Lt) {
            if (!chance(&t->r, 30))
                pte_put(t, pa, gen_entry(t, L));
            return;
        }
        uint64_t raw = coh_read(&t->ref, pa, c->pte_bytes);
        xl_pte p;
        if (xl_pte_decode(c, NULL, raw, L, &p) == XL_FAULT_NONE && !p.leaf && p.ppn < t->mem_pages && chance(&t->r, 90)) {
            table = p.ppn;
            continue;
        }
        uint64_t next = t->pool[below(&t->r, NPOOL)];
        pte_put(t, pa, make_ptr(t, next));
        table = next;
    }
}

/* ---- stimulus ----------------------------------------------------------- */
static void set_root(tb *t, uint64_t root, uint32_t asid)
{
    t->root = root & xl_mask(t->cfg.ppn_bits);
    t->asid = asid & (uint32_t)xl_mask(t->cfg.asid_bits);
    xl_mmu_set_root(&t->ref, t->root, t->asid, false);
    xl_mmu_set_root(&t->srv, t->root, t->asid, false);
}

static uint64_t pick_root(tb *t)
{
    const xl_config *c = &t->cfg;
    if (c->levels == 1) /* toy: one 1 KiB table; high roots run past memory */
        return chance(&t->r, 70) ? below(&t->r, t->mem_pages * 3 / 4 + 1) : below(&t->r, t->mem_pages);
    unsigned k = (unsigned)below(&t->r, 100);
    if (k < 80)
        return t->pool[below(&t->r, 4)];
    if (k < 88)
        return below(&t->r, t->mem_pages);
    if (k < 94)
        return oom_ppn(t);
    return t->pool[below(&t->r, NPOOL)];
}

static void gen_request(tb *t, walk_req *q)
{
    const xl_config *c = &t->cfg;
    uint64_t vpn;
    if (t->nhot && chance(&t->r, 60)) {
        vpn = t->hot[below(&t->r, t->nhot)];
        if (chance(&t->r, 60)) /* a neighbour: same upper tables */
            vpn ^= rnd(&t->r) & xl_mask(c->level_bits[0] + (chance(&t->r, 30) ? c->level_bits[1 % c->levels] : 0));
        vpn &= xl_mask(c->vpn_bits);
    } else {
        vpn = rnd(&t->r) & xl_mask(c->vpn_bits);
        for (unsigned L = 0; L < c->levels; L++) { /* first and last entries of tables */
            uint64_t m = xl_mask(c->level_bits[L]) << c->level_shift[L];
            unsigned k = (unsigned)below(&t->r, 100);
            if (k < 12)
                vpn &= ~m;
            else if (k < 20)
                vpn |= m;
        }
        vpn &= xl_mask(c->vpn_bits);
    }
    if (t->nhot < HOT)
        t->hot[t->nhot++] = vpn;
    else
        t->hot[below(&t->r, HOT)] = vpn;
    q->vpn = vpn;
    q->va = (vpn << c->page_bits) | (rnd(&t->r) & xl_mask(c->page_bits));
    if (c->format != XL_FMT_TOY && c->format != XL_FMT_SV32)
        q->va = xl_sext(q->va, c->va_bits);
    q->op = (xl_op)below(&t->r, 3);
    q->priv = (xl_priv)below(&t->r, 2);
    q->ac = is_x86(c) && chance(&t->r, 30);
}

/* Now and then new random translation controls (the walker checks under them). */
static void gen_controls(tb *t)
{
    const xl_config *c = &t->cfg;
    unsigned have = xl_ctl_supported(c);
    if (have == 0 || !chance(&t->r, 5))
        return;
    xl_ctl n;
    n.flags = (unsigned)rnd(&t->r) & have & XL_CTL_FLAGS;
    n.pkru = (have & XL_CTL_PKRU) && chance(&t->r, 60) ? (uint32_t)rnd(&t->r) : 0;
    if (chance(&t->r, 50))
        n = xl_ctl_reset(c); /* half of the time the defaults, which most traffic runs under */
    xl_mmu_set_ctl(&t->ref, have, &n);
    xl_mmu_set_ctl(&t->srv, have, &n); /* the whole-state compare includes the controls */
}

/* ---- driving the RTL ---------------------------------------------------- */

/* Random values on every input whose valid is low. */
static void garbage(tb *t, ptw_dut_in *in)
{
    const xl_config *c = &t->cfg;
    in->req_vpn = rnd(&t->r) & xl_mask(c->vpn_bits);
    in->req_op = (uint8_t)below(&t->r, 3);
    in->req_priv_u = chance(&t->r, 50);
    in->req_ac = chance(&t->r, 50);
    in->req_ctl = (uint8_t)rnd(&t->r);
    in->req_pkru = (uint32_t)rnd(&t->r);
    in->req_root = rnd(&t->r) & xl_mask(c->ppn_bits);
    in->req_asid = (uint32_t)(rnd(&t->r) & xl_mask(c->asid_bits ? c->asid_bits : 1));
    in->c_rsp_rdata = rnd(&t->r);
}

static void cycle(tb *t, const ptw_dut_in *in, ptw_dut_out *out)
{
    ptw_dut_cycle(t->dut, in, out);
}

/* Run one walk on the RTL, serving its cache port from srv. @return 0, or -1 with w->err. */
static int rtl_walk_run(tb *t, const walk_req *q, rtl_walk *w)
{
    const xl_config *c = &t->cfg;
    const unsigned size_log2 = c->pte_bytes == 8 ? 3 : 2;
    ptw_dut_in in;
    ptw_dut_out out;
    memset(w, 0, sizeof *w);
    memset(&in, 0, sizeof in);

    /* idle gap, request channel random but not valid */
    unsigned gap = chance(&t->r, 40) ? 0 : (unsigned)below(&t->r, 4);
    for (unsigned i = 0; i < gap; i++) {
        garbage(t, &in);
        in.req_valid = false;
        in.c_req_ready = chance(&t->r, 50);
        in.c_rsp_valid = false;
        cycle(t, &in, &out);
        if (out.c_req_valid || out.done || !out.idle || !out.req_ready) {
            snprintf(w->err, sizeof w->err, "idle walker: c_req_valid=%d done=%d idle=%d req_ready=%d", out.c_req_valid,
                     out.done, out.idle, out.req_ready);
            return -1;
        }
    }

    /* the request */
    garbage(t, &in);
    in.req_valid = true;
    in.req_vpn = q->vpn;
    in.req_op = (uint8_t)q->op;
    in.req_priv_u = q->priv == XL_PRIV_U;
    in.req_ac = q->ac;
    in.req_ctl = (uint8_t)t->ref.ctl.flags;
    in.req_pkru = t->ref.ctl.pkru;
    in.req_root = t->root;
    in.req_asid = t->asid;
    in.c_req_ready = chance(&t->r, 50);
    in.c_rsp_valid = false;
    cycle(t, &in, &out);
    if (!out.req_ready) {
        snprintf(w->err, sizeof w->err, "walker not ready for a request while idle");
        return -1;
    }
    if (out.c_req_valid || out.done) {
        snprintf(w->err, sizeof w->err, "cache request or done in the request cycle");
        return -1;
    }

    bool pending = false, prev_stall = false;
    unsigned wait = 0;
    uint64_t rsp = 0;
    ptw_dut_out prev;
    memset(&prev, 0, sizeof prev);
    for (uint64_t n = 1;; n++) {
        if (n > 4000) {
            snprintf(w->err, sizeof w->err, "walk did not finish in 4000 cycles (reads %u, writes %u)", w->reads,
                     w->writes);
            return -1;
        }
        garbage(t, &in);
        in.req_valid = chance(&t->r, 30); /* the walker is busy: must not take it */
        in.c_req_ready = !chance(&t->r, t->o.backpressure);
        in.c_rsp_valid = pending && wait == 0;
        if (in.c_rsp_valid)
            in.c_rsp_rdata = rsp;
        cycle(t, &in, &out);
        if (in.req_valid && out.req_ready) {
            snprintf(w->err, sizeof w->err, "walker accepted a request while busy (cycle %" PRIu64 " of the walk)", n);
            return -1;
        }
        if (prev_stall && (!out.c_req_valid || out.c_req_we != prev.c_req_we || out.c_req_pa != prev.c_req_pa ||
                           out.c_req_size != prev.c_req_size ||
                           (out.c_req_we && out.c_req_wdata != prev.c_req_wdata))) {
            snprintf(w->err, sizeof w->err,
                     "cache request changed while stalled: valid=%d we=%d pa=0x%" PRIx64 " -> valid=%d we=%d pa=0x%" PRIx64,
                     prev.c_req_valid, prev.c_req_we, prev.c_req_pa, out.c_req_valid, out.c_req_we, out.c_req_pa);
            return -1;
        }
        if (in.c_rsp_valid)
            pending = false;
        else if (pending)
            wait--;
        if (out.c_req_valid && in.c_req_ready) {
            if (pending) {
                snprintf(w->err, sizeof w->err, "cache request 0x%" PRIx64 " while a response is outstanding",
                         out.c_req_pa);
                return -1;
            }
            if (out.c_req_size != size_log2 || (out.c_req_pa & (c->pte_bytes - 1)) || out.c_req_pa >= c->mem_bytes) {
                snprintf(w->err, sizeof w->err, "bad cache request: we=%d pa=0x%" PRIx64 " size_log2=%u", out.c_req_we,
                         out.c_req_pa, out.c_req_size);
                return -1;
            }
            if (out.c_req_we) {
                xl_cache_access(&t->srv.cache, out.c_req_pa, true, c->pte_bytes, out.c_req_wdata, NULL, NULL);
                w->writes++;
                rsp = rnd(&t->r); /* the walker must not look at it */
            } else {
                xl_cache_access(&t->srv.cache, out.c_req_pa, false, c->pte_bytes, 0, &rsp, NULL);
                w->reads++;
            }
            pending = true;
            wait = t->o.lat_min - 1 + (unsigned)below(&t->r, t->o.lat_max - t->o.lat_min + 1);
        }
        prev_stall = out.c_req_valid && !in.c_req_ready;
        prev = out;
        if (out.done) {
            if (pending) {
                snprintf(w->err, sizeof w->err, "done with a cache response outstanding");
                return -1;
            }
            w->done = out;
            w->cycles = n;
            w->finished = true;
            return 0;
        }
    }
}

/* ---- checking ----------------------------------------------------------- */

/* Tags, valid and dirty bits and PLRU state of the two caches, and with
 * `data` the line contents too. */
static int cache_compare(const tb *t, bool data, char *what, size_t len)
{
    const xl_config *c = &t->cfg;
    const xl_cache *a = &t->ref.cache, *b = &t->srv.cache;
    for (unsigned s = 0; s < c->cache_sets; s++) {
        if (a->repl[s] != b->repl[s]) {
            snprintf(what, len, "cache set %u PLRU state: model 0x%x, RTL side 0x%x", s, a->repl[s], b->repl[s]);
            return 1;
        }
        for (unsigned w = 0; w < c->cache_ways; w++) {
            size_t i = (size_t)s * c->cache_ways + w;
            if (a->valid[i] != b->valid[i] || (a->valid[i] && (a->tag[i] != b->tag[i] || a->dirty[i] != b->dirty[i]))) {
                snprintf(what, len,
                         "cache set %u way %u: model valid=%d tag=0x%" PRIx64 " dirty=%d, RTL side valid=%d tag=0x%" PRIx64
                         " dirty=%d",
                         s, w, a->valid[i], a->tag[i], a->dirty[i], b->valid[i], b->tag[i], b->dirty[i]);
                return 1;
            }
            if (data && a->valid[i] && memcmp(a->data + i * c->cache_line, b->data + i * c->cache_line, c->cache_line)) {
                snprintf(what, len, "cache set %u way %u (tag 0x%" PRIx64 "): line data differ", s, w, a->tag[i]);
                return 1;
            }
        }
    }
    return 0;
}

static const char *fname(unsigned f)
{
    return xl_fault_name((xl_fault)f);
}

static void print_chain(tb *t, const uint64_t *pa, const uint64_t *raw, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        fprintf(stderr, "    level %u: pte_pa=0x%" PRIx64 " raw=0x%016" PRIx64 "%s\n", t->cfg.levels - 1 - i, pa[i], raw[i],
                pa[i] >= t->cfg.mem_bytes ? " (beyond memory)" : "");
}

/* The entries the walk will meet, read before it (for the failure report). */
static unsigned chain(tb *t, uint64_t vpn, uint64_t *pa, uint64_t *raw)
{
    const xl_config *c = &t->cfg;
    uint64_t table = t->root;
    unsigned n = 0;
    for (int lv = (int)c->levels - 1; lv >= 0; lv--) {
        xl_pte p;
        pa[n] = pte_addr(c, table, vpn, (unsigned)lv);
        raw[n] = 0;
        if (pa[n] >= c->mem_bytes)
            return n + 1;
        raw[n] = coh_read(&t->ref, pa[n], c->pte_bytes);
        n++;
        if (xl_pte_decode(c, NULL, raw[n - 1], (unsigned)lv, &p) != XL_FAULT_NONE || p.leaf)
            return n;
        table = p.ppn;
    }
    return n;
}

static int mismatch(tb *t, const walk_req *q, const xl_walk *mw, const xl_info *mi, const rtl_walk *rw,
                    const char *why, const uint64_t *cpa, const uint64_t *craw, unsigned cn)
{
    fprintf(stderr, "MISMATCH in walk %" PRIu64 " (preset %s, seed %" PRIu64 "): %s\n", t->walk, t->cfg.name, t->o.seed,
            why);
    fprintf(stderr, "  rerun: %s --n %" PRIu64 " (waves: make tb-ptw-waves PRESET=%s SEED=%" PRIu64 " N=%" PRIu64
                    " LATENCY=%u:%u BACKPRESSURE=%u)\n",
            t->cmdline, t->walk + 1, t->cfg.name, t->o.seed, t->walk + 1, t->o.lat_min, t->o.lat_max, t->o.backpressure);
    fprintf(stderr,
            "  request: va=0x%016" PRIx64 " vpn=0x%" PRIx64 " op=%s priv=%s ac=%d root=0x%" PRIx64
            " asid=0x%x controls=0x%02x pkru=0x%08" PRIx32 "\n",
            q->va, q->vpn, xl_op_name(q->op), q->priv == XL_PRIV_U ? "u" : "s", q->ac, t->root, t->asid,
            t->ref.ctl.flags, t->ref.ctl.pkru);
    fprintf(stderr, "  entries before the walk:\n");
    print_chain(t, cpa, craw, cn);
    fprintf(stderr, "  model: fault=%s level=%d reads=%u ad_writes=%u", fname(mw->fault), mw->level, mw->reads,
            mi->ad_writes);
    if (mw->fault == XL_FAULT_NONE)
        fprintf(stderr, " vpn=0x%" PRIx64 " ppn=0x%" PRIx64 " perm=0x%02x attr=%u napot=%d asid=0x%x level=%u",
                mw->entry.vpn, mw->entry.ppn, mw->entry.perm, mw->entry.attr, mw->entry.napot, mw->entry.asid,
                mw->entry.level);
    if (!rw->finished) {
        fprintf(stderr, "\n  RTL:   stopped before done (port reads %u, writes %u so far)\n", rw->reads, rw->writes);
        return 1;
    }
    fprintf(stderr, "\n  RTL:   fault=%s level=%u reads=%u (port reads %u) ad_writes=%u vpn=0x%" PRIx64 " ppn=0x%" PRIx64
                    " perm=0x%02x attr=%u napot=%d asid=0x%x (%" PRIu64 " cycles)\n",
            rw->done.done_fault < XL_FAULT_COUNT ? fname(rw->done.done_fault) : "?", rw->done.done_level,
            rw->done.done_reads, rw->reads, rw->writes, rw->done.done_vpn, rw->done.done_ppn, rw->done.done_perm,
            rw->done.done_attr, rw->done.done_napot, rw->done.done_asid, rw->cycles);
    return 1;
}

/* One walk on both sides. @return 0, or 1 on a mismatch (reported). */
static int one_walk(tb *t)
{
    const xl_config *c = &t->cfg;
    walk_req q;
    xl_walk mw;
    xl_info mi;
    rtl_walk rw;
    uint64_t cpa[XL_MAX_LEVELS], craw[XL_MAX_LEVELS];
    char why[512];

    if (t->walk == 0 || chance(&t->r, 1))
        set_root(t, pick_root(t), (uint32_t)rnd(&t->r));
    else if (chance(&t->r, 30))
        set_root(t, t->root, (uint32_t)rnd(&t->r));
    gen_request(t, &q);
    gen_controls(t);
    prepare_path(t, q.vpn, (unsigned)below(&t->r, c->levels));
    unsigned cn = chain(t, q.vpn, cpa, craw);

    memset(&mi, 0, sizeof mi);
    xl_access a;
    memset(&a, 0, sizeof a);
    a.va = q.va;
    a.op = q.op;
    a.priv = q.priv;
    a.ac = q.ac;
    xl_mmu_walk(&t->ref, &a, &mw, &mi);
    if (rtl_walk_run(t, &q, &rw) != 0)
        return mismatch(t, &q, &mw, &mi, &rw, rw.err, cpa, craw, cn);

    const ptw_dut_out *d = &rw.done;
    why[0] = '\0';
    if (d->done_fault != (unsigned)mw.fault)
        snprintf(why, sizeof why, "fault");
    else if (d->done_level != (unsigned)mw.level)
        snprintf(why, sizeof why, "level");
    else if (d->done_reads != mw.reads || rw.reads != mw.reads)
        snprintf(why, sizeof why, "PTE reads");
    else if (rw.writes != mi.ad_writes)
        snprintf(why, sizeof why, "A/D writes");
    else if (mw.fault == XL_FAULT_NONE &&
             (d->done_vpn != mw.entry.vpn || d->done_ppn != mw.entry.ppn || d->done_perm != mw.entry.perm ||
              d->done_attr != mw.entry.attr || d->done_napot != mw.entry.napot || d->done_asid != mw.entry.asid))
        snprintf(why, sizeof why, "translation");
    else if (cache_compare(t, t->o.check_every && (t->walk + 1) % t->o.check_every == 0, why, sizeof why) == 0 &&
             t->o.full_every && (t->walk + 1) % t->o.full_every == 0) {
        int r = xl_mmu_compare(&t->ref, &t->srv, why, sizeof why);
        t->full_checks++;
        if (r < 0) {
            fprintf(stderr, "ptw_tb: out of memory comparing machines\n");
            exit(2);
        }
        if (r == 0)
            why[0] = '\0';
    }
    if (why[0])
        return mismatch(t, &q, &mw, &mi, &rw, why, cpa, craw, cn);

    if (t->o.verbose)
        printf("walk %" PRIu64 ": va=0x%" PRIx64 " op=%s priv=%s -> %s level %d reads %u writes %u, %" PRIu64 " cycles\n",
               t->walk, q.va, xl_op_name(q.op), q.priv == XL_PRIV_U ? "u" : "s", fname(mw.fault), mw.level, mw.reads,
               mi.ad_writes, rw.cycles);
    t->faults[mw.fault][mw.level]++;
    t->pte_reads += mw.reads;
    t->pte_hits += mi.walk_cache_hits;
    t->ad_writes += mi.ad_writes;
    t->evict_dirty += mi.evict_dirty;
    t->cycles_busy += rw.cycles;
    if (mw.reads <= XL_MAX_LEVELS && mi.ad_writes <= MAX_WR) {
        uint64_t *m = &t->lat_min[mw.reads][mi.ad_writes];
        if (*m == 0 || rw.cycles < *m)
            *m = rw.cycles;
        t->lat_sum[mw.reads][mi.ad_writes] += rw.cycles;
        t->lat_cnt[mw.reads][mi.ad_writes]++;
    }
    return 0;
}

/* ---- coverage ----------------------------------------------------------- */

/* Can the preset produce fault f (XL_FAULT_NONE: a translation) at level L? */
static bool reachable(const xl_config *c, unsigned f, unsigned L)
{
    bool leaf = (c->leaf_mask >> L) & 1u;
    switch (f) {
    case XL_FAULT_NONE:
        return leaf;
    case XL_FAULT_BUS:
    case XL_FAULT_NOT_PRESENT:
        return true;
    case XL_FAULT_RESERVED:
        return true; /* x86 level 0 too: XD with EFER.NXE clear */
    case XL_FAULT_MISALIGNED:
        return !is_x86(c) && leaf && c->level_shift[L] > 0;
    case XL_FAULT_USER:
    case XL_FAULT_WRITE:
    case XL_FAULT_EXEC:
        return leaf;
    case XL_FAULT_SUPER:
        return leaf && c->format != XL_FMT_TOY;
    case XL_FAULT_READ:
        return leaf && is_rv(c);
    case XL_FAULT_AD:
        return leaf && (is_rv(c) || c->ad_policy == XL_AD_FAULT); /* RISC-V: ADUE is random */
    case XL_FAULT_PKEY:
        return leaf && is_x86(c);
    default:
        return false;
    }
}

/* Print the table of results by cause and level. @return missing reachable cells. */
static unsigned report_table(const tb *t)
{
    const xl_config *c = &t->cfg;
    unsigned missing = 0;
    printf("results by cause and level (model = RTL), preset %s:\n", c->name);
    printf("  %-12s", "cause");
    for (int L = (int)c->levels - 1; L >= 0; L--)
        printf(" %9s%d", "level ", L);
    printf("\n");
    for (unsigned f = 0; f < XL_FAULT_COUNT; f++) {
        bool any = false;
        for (unsigned L = 0; L < c->levels; L++)
            any = any || t->faults[f][L] || reachable(c, f, L);
        if (!any)
            continue;
        printf("  %-12s", f == XL_FAULT_NONE ? "ok" : fname(f));
        for (int L = (int)c->levels - 1; L >= 0; L--) {
            uint64_t v = t->faults[f][L];
            bool r = reachable(c, f, (unsigned)L);
            if (r && v == 0)
                missing++;
            if (!r && v == 0)
                printf(" %10s", "-");
            else
                printf(" %9" PRIu64 "%s", v, r && v == 0 ? "!" : (r ? " " : "?"));
        }
        printf("\n");
    }
    printf("  ('-' cannot happen in this preset; '!' reachable but not produced)\n");
    return missing;
}

static void report_latency(const tb *t)
{
    printf("walk latency, cycles from the request handshake to done (min / mean), by PTE reads and A/D writes:\n");
    for (unsigned r = 0; r <= XL_MAX_LEVELS; r++)
        for (unsigned w = 0; w <= MAX_WR; w++)
            if (t->lat_cnt[r][w])
                printf("  reads %u writes %u: %3" PRIu64 " / %6.1f  (%" PRIu64 " walks)\n", r, w, t->lat_min[r][w],
                       (double)t->lat_sum[r][w] / (double)t->lat_cnt[r][w], t->lat_cnt[r][w]);
}

/* ---- set-up ------------------------------------------------------------- */

/* The model's parameter line restricted to xl_ptw's parameters. */
static void ptw_params(const xl_config *c, char *out, size_t len)
{
    static const char *const keep[] = {"Format",     "VaBits",   "PaBits",   "PageBits", "Levels",
                                       "LevelBits",  "LeafLevels", "AsidBits", "AdPolicy", "MemBytes", "Ext"};
    char all[1024];
    xl_config_rtl_params(c, XL_PARAMS_VERILATOR, all, sizeof all);
    out[0] = '\0';
    for (char *tok = strtok(all, " \n"); tok; tok = strtok(NULL, " \n")) {
        for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
            size_t n = strlen(keep[i]);
            if (strncmp(tok, "-G", 2) == 0 && strncmp(tok + 2, keep[i], n) == 0 && tok[2 + n] == '=') {
                if (out[0])
                    strncat(out, " ", len - strlen(out) - 1);
                strncat(out, tok, len - strlen(out) - 1);
            }
        }
    }
}

/* Collapse runs of white space, trim. */
static void squeeze(const char *in, char *out, size_t len)
{
    size_t n = 0;
    bool sp = false;
    for (; *in && n + 1 < len; in++) {
        if (*in == ' ' || *in == '\t' || *in == '\n') {
            sp = n > 0;
            continue;
        }
        if (sp && n + 2 < len)
            out[n++] = ' ';
        sp = false;
        out[n++] = *in;
    }
    out[n] = '\0';
}

static int usage(void)
{
    fprintf(stderr,
            "usage: ptw-sim --preset P [--n N] [--seed S] [--latency MIN:MAX] [--backpressure PCT]\n"
            "               [--check-every K] [--full-every K] [--waves FILE] [--require-coverage] [--expect-mismatch] [-v]\n");
    return 2;
}

static int parse(int argc, char **argv, opts *o)
{
    memset(o, 0, sizeof *o);
    o->n = 100000;
    o->seed = 1;
    o->lat_min = 1;
    o->lat_max = 6;
    o->backpressure = 25;
    o->check_every = 500;
    o->full_every = 5000;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "-v") == 0) {
            o->verbose = true;
            continue;
        }
        if (strcmp(a, "--require-coverage") == 0) {
            o->require_coverage = true;
            continue;
        }
        if (strcmp(a, "--expect-mismatch") == 0) {
            o->expect_mismatch = true;
            continue;
        }
        if (v == NULL)
            return -1;
        i++;
        if (strcmp(a, "--preset") == 0)
            o->preset = v;
        else if (strcmp(a, "--n") == 0)
            o->n = strtoull(v, NULL, 0);
        else if (strcmp(a, "--seed") == 0)
            o->seed = strtoull(v, NULL, 0);
        else if (strcmp(a, "--latency") == 0) {
            if (sscanf(v, "%u:%u", &o->lat_min, &o->lat_max) != 2 || o->lat_min < 1 || o->lat_max < o->lat_min)
                return -1;
        } else if (strcmp(a, "--backpressure") == 0) {
            o->backpressure = (unsigned)strtoul(v, NULL, 0);
            if (o->backpressure > 95)
                return -1;
        } else if (strcmp(a, "--check-every") == 0)
            o->check_every = strtoull(v, NULL, 0);
        else if (strcmp(a, "--waves") == 0)
            o->waves = v;
        else
            return -1;
    }
    return o->preset ? 0 : -1;
}

static void init_pool(tb *t)
{
    /* Page 0, the last page of memory, and random distinct pages. */
    unsigned n = 0;
    t->pool[n++] = 0;
    t->pool[n++] = t->mem_pages - 1;
    while (n < NPOOL) {
        uint64_t p = below(&t->r, t->mem_pages);
        if (chance(&t->r, 50))
            p = below(&t->r, t->mem_pages < 4096 ? t->mem_pages : 4096); /* a denser low region */
        bool dup = false;
        for (unsigned i = 0; i < n; i++)
            dup = dup || t->pool[i] == p;
        if (!dup || t->mem_pages < 2 * NPOOL)
            t->pool[n++] = p;
    }
    /* The first four are the usual roots: keep them apart from page 0. */
    uint64_t tmp = t->pool[0];
    t->pool[0] = t->pool[5];
    t->pool[5] = tmp;
}

int main(int argc, char **argv)
{
    static tb t; /* large: keep it off the stack */
    xl_error err;
    if (parse(argc, argv, &t.o) != 0)
        return usage();
    snprintf(t.cmdline, sizeof t.cmdline, "%s --preset %s --seed %" PRIu64 " --latency %u:%u --backpressure %u", argv[0],
             t.o.preset, t.o.seed, t.o.lat_min, t.o.lat_max, t.o.backpressure);
    if (xl_config_load_preset(t.o.preset, XL_CFG_DIR, &t.cfg, &err) != 0) {
        fprintf(stderr, "ptw_tb: %s\n", err.msg);
        return 2;
    }
    char want[1024], have[1024];
    ptw_params(&t.cfg, want, sizeof want);
    squeeze(ptw_dut_params(), have, sizeof have);
    if (strcmp(want, have) != 0) {
        fprintf(stderr, "ptw_tb: the RTL was built for another preset:\n  RTL:    %s\n  preset: %s\n", have, want);
        return 2;
    }
    if (xl_mmu_init(&t.ref, &t.cfg, &err) != 0 || xl_mmu_init(&t.srv, &t.cfg, &err) != 0) {
        fprintf(stderr, "ptw_tb: %s\n", err.msg);
        return 2;
    }
    t.r.x = t.o.seed * 0x2545F4914F6CDD1Dull + 0x1234567ull;
    t.mem_pages = t.cfg.mem_bytes >> t.cfg.page_bits;
    t.dut = ptw_dut_new((uint32_t)(t.o.seed ^ (t.o.seed >> 32)), t.o.waves);
    if (t.dut == NULL) {
        fprintf(stderr, "ptw_tb: cannot build the RTL instance%s\n", t.o.waves ? " (waves need a tracing build)" : "");
        return 2;
    }
    init_pool(&t);

    clock_t t0 = clock();
    int fail = 0;
    for (t.walk = 0; t.walk < t.o.n && !fail; t.walk++)
        fail = one_walk(&t);
    if (!fail) {
        char why[512];
        int r = xl_mmu_compare(&t.ref, &t.srv, why, sizeof why);
        t.full_checks++;
        if (r != 0) {
            fprintf(stderr, "MISMATCH at the end (preset %s, seed %" PRIu64 ", %" PRIu64 " walks): %s\n", t.cfg.name,
                    t.o.seed, t.o.n, r < 0 ? "out of memory" : why);
            fail = 1;
        }
    }
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    uint64_t walks = fail ? t.walk - 1 : t.walk;

    unsigned missing = 0;
    if (!fail) {
        missing = report_table(&t);
        report_latency(&t);
    }
    printf("preset %s seed %" PRIu64 ": %" PRIu64 " walks compared, %" PRIu64 " PTE reads (%.1f%% cache hits), %" PRIu64
           " A/D writes, %" PRIu64 " dirty write-backs, %" PRIu64 " full state compares, %" PRIu64 " cycles, %.2f s\n",
           t.cfg.name, t.o.seed, walks, t.pte_reads, t.pte_reads ? 100.0 * (double)t.pte_hits / (double)t.pte_reads : 0.0,
           t.ad_writes, t.evict_dirty, t.full_checks, ptw_dut_cycles(t.dut), secs);
    bool ok;
    if (t.o.expect_mismatch) {
        ok = fail != 0;
        printf("%s: %s\n", ok ? "PASS" : "FAIL",
               ok ? "the testbench caught the mutant" : "expected a mismatch, found none");
    } else {
        if (missing)
            printf("coverage: %u reachable cause/level cells not produced%s\n", missing,
                   t.o.require_coverage ? " (required)" : "");
        ok = !fail && !(t.o.require_coverage && missing);
        printf("%s\n", ok ? "PASS" : "FAIL");
    }
    printf("%d passed, %d failed\n", ok ? 1 : 0, ok ? 0 : 1);
    ptw_dut_free(t.dut);
    xl_mmu_free(&t.ref);
    xl_mmu_free(&t.srv);
    return ok ? 0 : 1;
}
