/* The random stimulus of `make sim` (stim.h): an OS-like page-table builder
 * and a transaction stream.  docs/verification-plan.md describes what it
 * generates and why; this file is organised as
 *
 *   1. helpers: random numbers, the PTE bit layouts, addresses
 *   2. the build: physical layout, address spaces, kernel half with a
 *      direct map of physical memory, user clusters, poisoned entries
 *   3. the stream: accesses, page-table edits through the direct map,
 *      invalidations, context switches
 *
 * Everything is a function of (configuration, seed): `n` only says where the
 * stream stops, so a run with a smaller N is an exact prefix of a longer
 * one (which is what makes a failing run easy to cut down).  The generator
 * never looks at the model or the RTL; the only thing it remembers about
 * the machine is what it wrote itself (a shadow of the page-table entries).
 */
#include "stim.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "xlate/pte.h"
#include "xlate/util.h"

enum {
    MAX_SPACES = 6,   /* real address spaces (roots with their own user half) */
    HOT = 12,         /* hot mappings per space */
    RECENT = 16,      /* recently touched addresses per space (line locality) */
    SUBS = 6,         /* hot sub-pages per superpage */
    PEND = 64,        /* queued transactions of a multi-step action */
    SHM_FRAMES = 16,  /* frames every space maps (shared memory) */
    DM_MAX = 4096     /* most direct-map entries */
};

#define NO_IDX UINT32_MAX

/* ------------------------------------------------------------------ types */

/** Raw bit positions of one format (docs/architecture.md section 3). */
typedef struct fmtbits {
    int p, r, w, x, nx, u, g, a, d, ps; /* -1 when the format lacks the bit */
    unsigned ppn_lsb, ppn_width;        /* PPN field */
    uint64_t ignored;                   /* bits the walker ignores (software / AVL / PWT / PCD) */
} fmtbits;

/** Kinds of mapping. */
enum { MAP_USER = 0, MAP_KERNEL = 1, MAP_DM = 2, MAP_POISON = 3 };

/** One virtual page the generator knows about. */
typedef struct vmap {
    uint64_t vpn;    /* first VPN of the page (aligned to its level) */
    uint64_t pa;     /* frame base (may lie beyond memory) */
    uint32_t tgt;    /* its leaf entry in the edit registry, or NO_IDX */
    uint32_t subs;   /* superpages: index of SUBS hot sub-page offsets */
    uint8_t level;   /* leaf level */
    int8_t space;    /* owning space, -1: kernel (mapped in every space) */
    uint8_t perm;    /* XL_PERM_* bits as last written (biases op / priv) */
    uint8_t kind;    /* MAP_* */
    bool napot;      /* a Svnapot 64 KiB page: 16 level-0 entries, one translation */
} vmap_t;

/** One page-table entry the stream may edit. */
typedef struct target {
    uint64_t pa;     /* entry address */
    uint64_t good;   /* value as built */
    uint64_t cur;    /* last value the stimulus wrote */
    uint64_t vpn;    /* a VPN translated through this entry */
    uint32_t map;    /* leaf: its vmap, else NO_IDX */
    uint8_t level;
    bool leaf;       /* built as a leaf */
    bool poison;     /* built broken (only repaired to itself) */
    bool broken;     /* cur differs from a healthy value */
    int8_t space;    /* owning space, -1: kernel */
} target_t;

/** A page table the builder allocated. */
typedef struct table {
    uint64_t ppn;
    uint8_t level;
    bool dm;         /* on the direct map's path: never edited, never a redirection target */
} ptable;

/** An address space. */
typedef struct space {
    uint64_t root;                 /* root PPN */
    uint32_t asid;
    bool pseudo;                   /* a root that is not a built space (bus faults) */
    uint32_t *maps;                /* its user mappings */
    size_t nmaps, cap;
    uint32_t hot[HOT];             /* hot mappings (own or kernel) */
    unsigned nhot;
    uint64_t recent[RECENT];       /* recent access VAs */
    uint32_t recent_map[RECENT];   /* ... and their mappings */
    unsigned nrecent, recent_next;
    uint64_t last_vpn;             /* last cluster placed (locality of the build) */
    uint64_t edge_vpn;             /* pseudo: a VPN whose root entry is the first beyond memory */
    bool edge_below;               /* pseudo: the VPN before it has its entry inside memory */
} aspace;

/** A set-up statement, compact. */
typedef struct setup_rec {
    uint64_t pa, value;
    uint8_t size;
    bool pte;
} setup_rec;

/** The shadow of page-table memory during the build (open addressing). */
typedef struct shadow {
    uint64_t *key; /* pa + 1, 0 = empty */
    uint64_t *val;
    size_t cap, n;
} shadow;

struct xl_stim {
    xl_config cfg;
    xl_rng rng;
    uint64_t n, emitted;
    fmtbits fb;

    /* physical layout (in base pages) */
    uint64_t pg;               /* base page bytes */
    uint64_t npages;           /* pages of memory */
    uint64_t ppn_limit;        /* 1 << ppn_bits */
    uint64_t tab_lo, tab_hi, tab_next; /* page-table zone */
    uint64_t data_lo, data_hi; /* 4 KiB data frames */
    unsigned pteb;
    uint64_t half;             /* VPNs in each half of the address space */
    uint64_t dm_vpn;           /* first VPN of the direct map */
    uint64_t dm_bytes;         /* physical bytes it maps */

    /* the build */
    shadow sh;
    setup_rec *setup;
    size_t nsetup, setup_cap, setup_i;
    vmap_t *maps;
    size_t nmaps, maps_cap;
    target_t *tg;
    size_t ntg, tg_cap;
    uint32_t *tg_by_level[XL_MAX_LEVELS][2]; /* [level][leaf]: target indices */
    size_t ntg_level[XL_MAX_LEVELS][2];
    size_t tg_level_cap[XL_MAX_LEVELS][2];
    ptable *tabs;
    size_t ntabs, tabs_cap;
    uint64_t *subs;
    size_t nsubs, subs_cap;
    uint32_t *kmaps;           /* kernel mappings */
    size_t nkmaps, kmaps_cap;
    uint32_t *broken;          /* targets currently broken */
    size_t nbroken, broken_cap;

    aspace sp[MAX_SPACES + 2]; /* real spaces, then pseudo ones */
    unsigned nreal, nsp;
    unsigned cur;              /* current space */
    unsigned home;             /* the real space an excursion returns to */
    bool oom;                  /* an allocation failed during the build */

    /* the translation controls the stream has set (a shadow of the machine's) */
    xl_ctl ctl;
    bool plain_leaves;         /* building the direct map: PMA leaves only */

    /* the stream */
    xl_txn pend[PEND];
    unsigned pend_head, pend_n;
    uint64_t steps;
    xl_txn last_inval;         /* the last invalidation generated */
};

/* ------------------------------------------------------------------ 1. helpers */

static uint64_t rnd(xl_stim *s, uint64_t n)
{
    return n > 1 ? xl_rng_below(&s->rng, n) : 0;
}

static bool pct(xl_stim *s, unsigned p)
{
    return xl_rng_below(&s->rng, 100) < p;
}

static bool permille(xl_stim *s, unsigned p)
{
    return xl_rng_below(&s->rng, 1000) < p;
}

static uint64_t bitv(int pos)
{
    return pos < 0 ? 0 : 1ull << pos;
}

static bool is_rv(const xl_stim *s)
{
    return xl_fmt_rv(s->cfg.format);
}

static bool is_x86(const xl_stim *s)
{
    return xl_fmt_x86(s->cfg.format);
}

/** The entry-format family of the preset: what every format switch below is on. */
typedef enum fam { FAM_X86, FAM_RV, FAM_TOY } fam_t;

static fam_t fam(const xl_stim *s)
{
    return is_x86(s) ? FAM_X86 : is_rv(s) ? FAM_RV : FAM_TOY;
}

static void init_fmtbits(xl_stim *s)
{
    fmtbits *f = &s->fb;
    switch (fam(s)) {
    case FAM_X86:
        *f = (fmtbits){0, -1, 1, -1, 63, 2, 8, 5, 6, 7, 12, 40, 0};
        /* PWT, PCD, AVL 9..11 and 52..58 (no protection keys) */
        f->ignored = (1ull << 3) | (1ull << 4) | (7ull << 9) | (0x7full << 52);
        break;
    case FAM_RV:
        *f = (fmtbits){0, 1, 2, 3, -1, 4, 5, 6, 7, -1, 10, xl_fmt_rv64(s->cfg.format) ? 44 : 22, 0};
        f->ignored = 3ull << 8; /* RSW */
        break;
    case FAM_TOY:
        *f = (fmtbits){0, -1, 1, 3, -1, 2, 6, 4, 5, 7, 8, 24, 0};
        break;
    }
}

static int f_w(const xl_stim *s)
{
    return s->fb.w;
}

static uint64_t raw_ppn(const xl_stim *s, uint64_t raw)
{
    return (raw >> s->fb.ppn_lsb) & xl_mask(s->fb.ppn_width);
}

static uint64_t raw_set_ppn(const xl_stim *s, uint64_t raw, uint64_t ppn)
{
    uint64_t m = xl_mask(s->fb.ppn_width) << s->fb.ppn_lsb;
    return (raw & ~m) | ((ppn << s->fb.ppn_lsb) & m);
}

/** Pages covered by a leaf at `level`. */
static uint64_t level_pages(const xl_stim *s, unsigned level)
{
    return 1ull << s->cfg.level_shift[level];
}

/** Pages a table at `level` occupies. */
static uint64_t table_pages(const xl_stim *s, unsigned level)
{
    uint64_t bytes = ((uint64_t)1 << s->cfg.level_bits[level]) * s->pteb;
    return (bytes + s->pg - 1) / s->pg;
}

static uint64_t vpn_index(const xl_stim *s, uint64_t vpn, unsigned level)
{
    return (vpn >> s->cfg.level_shift[level]) & xl_mask(s->cfg.level_bits[level]);
}

static uint64_t vpn_to_va(const xl_stim *s, uint64_t vpn)
{
    uint64_t va = vpn << s->cfg.page_bits;
    /* toy and Sv32 VAs are zero-extended (nothing above va_bits) */
    return (s->cfg.format == XL_FMT_TOY || s->cfg.format == XL_FMT_SV32) ? va : xl_sext(va, s->cfg.va_bits);
}

/** First line of the 8-line window most accesses to a page fall in (spread over the cache sets). */
static uint64_t hot_window(const xl_stim *s, uint64_t vpn)
{
    uint64_t lines = s->pg / s->cfg.cache_line;
    return (vpn * 0x9E3779B97F4A7C15ull >> 40) % lines;
}

static bool in_tab_zone(const xl_stim *s, uint64_t page)
{
    return page >= s->tab_lo && page < s->tab_hi;
}

static bool leaf_level_ok(const xl_stim *s, unsigned level)
{
    return (s->cfg.leaf_mask >> level) & 1u;
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t nc = *cap ? *cap : 64;
    while (nc < need)
        nc *= 2;
    void *q = realloc(*p, nc * elem);
    if (q == NULL)
        return -1;
    *p = q;
    *cap = nc;
    return 0;
}

/* Append v to a growing array (sets s->oom when out of memory). */
#define PUSH(s, arr, n, cap, v)                                                                                 \
    do {                                                                                                       \
        void *p_ = (arr);                                                                                      \
        if (grow(&p_, &(cap), (n) + 1, sizeof *(arr)) != 0) {                                                  \
            (s)->oom = true;                                                                                   \
        } else {                                                                                               \
            (arr) = p_;                                                                                        \
            (arr)[(n)++] = (v);                                                                                \
        }                                                                                                      \
    } while (0)

/* ---- the build-time shadow of page-table memory ---- */
static size_t sh_slot(const shadow *h, uint64_t pa)
{
    uint64_t x = (pa + 1) * 0x9E3779B97F4A7C15ull;
    size_t i = (size_t)(x >> 20) & (h->cap - 1);
    while (h->key[i] != 0 && h->key[i] != pa + 1)
        i = (i + 1) & (h->cap - 1);
    return i;
}

static uint64_t sh_get(const shadow *h, uint64_t pa)
{
    if (h->cap == 0)
        return 0;
    size_t i = sh_slot(h, pa);
    return h->key[i] ? h->val[i] : 0;
}

static int sh_put(shadow *h, uint64_t pa, uint64_t v)
{
    if (2 * (h->n + 1) > h->cap) {
        shadow nh;
        nh.cap = h->cap ? 2 * h->cap : 4096;
        nh.n = 0;
        nh.key = calloc(nh.cap, sizeof *nh.key);
        nh.val = calloc(nh.cap, sizeof *nh.val);
        if (nh.key == NULL || nh.val == NULL) {
            free(nh.key);
            free(nh.val);
            return -1;
        }
        for (size_t i = 0; i < h->cap; i++)
            if (h->key[i]) {
                size_t j = sh_slot(&nh, h->key[i] - 1);
                nh.key[j] = h->key[i];
                nh.val[j] = h->val[i];
                nh.n++;
            }
        free(h->key);
        free(h->val);
        *h = nh;
    }
    size_t i = sh_slot(h, pa);
    if (h->key[i] == 0) {
        h->key[i] = pa + 1;
        h->n++;
    }
    h->val[i] = v;
    return 0;
}

static void sh_free(shadow *h)
{
    free(h->key);
    free(h->val);
    memset(h, 0, sizeof *h);
}

/* ------------------------------------------------------------------ 2. the build */

static void emit_setup(xl_stim *s, uint64_t pa, uint64_t value, unsigned size, bool pte)
{
    setup_rec r = {pa, value, (uint8_t)size, pte};
    if (pa >= s->cfg.mem_bytes || size > s->cfg.mem_bytes - pa)
        return; /* never happens with the layout below; keep set-up statements valid regardless */
    PUSH(s, s->setup, s->nsetup, s->setup_cap, r);
}

/** Write an entry: the set-up statement and the shadow. */
static void write_pte(xl_stim *s, uint64_t pa, uint64_t raw)
{
    if (sh_put(&s->sh, pa, raw) != 0) {
        s->oom = true;
        return;
    }
    emit_setup(s, pa, raw, s->pteb, true);
}

/** Leaf permissions as the builder means them. */
typedef struct lperm {
    bool r, w, x, u, g, a, d;
} lperm;

static unsigned lperm_bits(const xl_stim *s, lperm p)
{
    unsigned b = 0;
    b |= (p.r || !is_rv(s)) ? XL_PERM_R : 0; /* x86 and toy pages are always readable */
    b |= p.w ? XL_PERM_W : 0;
    b |= p.x ? XL_PERM_X : 0;
    b |= p.u ? XL_PERM_U : 0;
    b |= p.g ? XL_PERM_G : 0;
    b |= p.d ? XL_PERM_D : 0;
    return b;
}

/** Encode a leaf (RISC-V: the caller keeps W without R for poisoned entries only). */
static uint64_t make_leaf(xl_stim *s, unsigned level, lperm p, uint64_t ppn)
{
    unsigned f = XL_PF_P;
    uint64_t raw = 0;
    xl_pte_attr attr;
    memset(&attr, 0, sizeof attr);
    switch (fam(s)) {
    case FAM_X86:
        f |= (p.w ? XL_PF_W : 0) | (p.u ? XL_PF_U : 0) | (p.x ? 0 : XL_PF_NX) | (level ? XL_PF_PS : 0);
        if (pct(s, 8))
            f |= XL_PF_PWT;
        if (pct(s, 8))
            f |= XL_PF_PCD;
        if (pct(s, 35))
            attr.pkey = 1 + (unsigned)rnd(s, 15); /* a protection key (used on user pages with CR4.PKE) */
        break;
    case FAM_RV:
        if (!p.r && !p.x)
            p.r = true; /* otherwise it would be a pointer */
        f |= (p.r ? XL_PF_R : 0) | (p.w ? XL_PF_W : 0) | (p.x ? XL_PF_X : 0) | (p.u ? XL_PF_U : 0);
        if ((s->cfg.ext & XL_EXT_SVPBMT) && !s->plain_leaves) {
            /* Svpbmt: some pages non-cacheable (NC) or I/O; they bypass the L1D */
            unsigned r = (unsigned)rnd(s, 100);
            attr.pbmt = r < 84 ? XL_MT_PMA : r < 94 ? XL_MT_NC : XL_MT_IO;
        }
        break;
    case FAM_TOY:
        f |= (p.w ? XL_PF_W : 0) | (p.x ? XL_PF_X : 0) | (p.u ? XL_PF_U : 0) | (level ? XL_PF_PS : 0);
        break;
    }
    f |= (p.g ? XL_PF_G : 0) | (p.a ? XL_PF_A : 0) | (p.d ? XL_PF_D : 0);
    if (xl_pte_encode(&s->cfg, f, ppn & xl_mask(s->fb.ppn_width), &attr, &raw, NULL) != 0)
        raw = 0;
    if (s->fb.ignored && pct(s, 6))
        raw |= xl_rng_next(&s->rng) & s->fb.ignored & ~bitv(3) & ~bitv(4);
    return raw;
}

/** Encode a pointer to the table at `ppn`. */
static uint64_t make_ptr(xl_stim *s, uint64_t ppn, bool kernel, bool plain)
{
    unsigned f = XL_PF_P;
    uint64_t raw = 0;
    if (is_x86(s)) {
        f |= XL_PF_W | (kernel ? 0 : XL_PF_U) | XL_PF_A;
        if (!plain) {
            if (pct(s, 12))
                f &= ~(unsigned)XL_PF_A; /* the walker sets it (ad_policy = hw) */
            if (!kernel && pct(s, 3))
                f &= ~(unsigned)XL_PF_W;
            if (!kernel && pct(s, 6))
                f |= XL_PF_NX;
        }
    } else if (is_rv(s)) {
        if (kernel && !plain && pct(s, 50))
            f |= XL_PF_G; /* a global pointer makes the whole subtree global */
    }
    xl_pte_encode(&s->cfg, f, ppn & xl_mask(s->fb.ppn_width), NULL, &raw, NULL);
    return raw;
}

/** Random A/D bits for a leaf (mostly set where a clear bit faults). */
static void pick_ad(xl_stim *s, lperm *p)
{
    if (s->cfg.ad_policy == XL_AD_FAULT) {
        p->a = pct(s, 95);
        p->d = p->a && p->w && pct(s, 90);
    } else {
        p->a = pct(s, 60);
        p->d = p->w && pct(s, 45);
    }
}

/* Permission templates of mappings. */
enum { P_CODE, P_DATA, P_RO, P_RANDOM, P_KCODE, P_KDATA, P_XONLY };

static lperm pick_perm(xl_stim *s, int kind)
{
    lperm p = {true, false, false, true, false, false, false};
    switch (kind) {
    case P_CODE:
        p.x = true;
        break;
    case P_DATA:
        p.w = true;
        break;
    case P_RO:
        break;
    case P_KCODE:
        p.x = true;
        p.u = false;
        p.g = true;
        break;
    case P_KDATA:
        p.w = true;
        p.u = false;
        p.g = true;
        break;
    case P_XONLY:
        p.r = !is_rv(s); /* RISC-V execute-only: loads fault `read` */
        p.x = true;
        break;
    default:
        p.r = !is_rv(s) || pct(s, 85);
        p.w = pct(s, 50);
        p.x = pct(s, 40);
        p.u = pct(s, 85);
        p.g = pct(s, 4);
        if (is_rv(s) && !p.r) {
            p.x = true; /* execute-only */
            p.w = false;
        }
        break;
    }
    if (kind != P_RANDOM && kind != P_XONLY && pct(s, 10)) {
        /* some variety inside every cluster */
        p.w = pct(s, 50);
        p.x = pct(s, 30);
        if (kind < P_KCODE)
            p.u = pct(s, 90);
    }
    pick_ad(s, &p);
    return p;
}

/** A page number beyond memory: half of the time the first one (the exact boundary). */
static uint64_t beyond_page(xl_stim *s, uint64_t span)
{
    uint64_t room = s->ppn_limit - s->npages;
    if (pct(s, 50))
        return s->npages;
    return s->npages + rnd(s, room < span ? room : span);
}

/** A 4 KiB (base page) data frame: from the pool, rarely beyond memory. */
static uint64_t pick_frame(xl_stim *s, bool allow_beyond)
{
    if (allow_beyond && s->npages < s->ppn_limit && pct(s, 2))
        return beyond_page(s, 4096) * s->pg;
    return (s->data_lo + SHM_FRAMES + rnd(s, s->data_hi - s->data_lo - SHM_FRAMES)) * s->pg;
}

/** A superpage frame at `level`, aligned, never overlapping the page-table zone
 *  unless the page is so large that every frame does. */
static uint64_t pick_super_frame(xl_stim *s, unsigned level, bool allow_beyond)
{
    uint64_t lp = level_pages(s, level);
    uint64_t nin = (s->npages + lp - 1) / lp;          /* frames that start in memory */
    uint64_t nall = s->ppn_limit / lp;                 /* frames the PPN can name */
    if (allow_beyond && nall > nin && pct(s, 6))
        return (nin + (pct(s, 50) ? 0 : rnd(s, nall - nin < 64 ? nall - nin : 64))) * lp * s->pg;
    for (int tries = 0; tries < 32; tries++) {
        uint64_t f = rnd(s, nin);
        uint64_t lo = f * lp, hi = lo + lp;
        if (nin == 1 || hi <= s->tab_lo || lo >= s->tab_hi)
            return lo * s->pg;
    }
    return (nin - 1) * lp * s->pg;
}

/** SUBS hot sub-page offsets (in pages) for a superpage frame. */
static uint32_t make_subs(xl_stim *s, uint64_t frame_pa, unsigned level)
{
    uint32_t at = (uint32_t)s->nsubs;
    uint64_t lp = level_pages(s, level), base = frame_pa / s->pg;
    for (unsigned i = 0; i < SUBS; i++) {
        uint64_t off = 0;
        for (int tries = 0; tries < 64; tries++) {
            if (base < s->npages && base + lp > s->npages && pct(s, 85))
                off = rnd(s, s->npages - base); /* mostly inside memory */
            else
                off = rnd(s, lp);
            if (base + off >= s->npages || !in_tab_zone(s, base + off))
                break;
        }
        if (base + off < s->npages && in_tab_zone(s, base + off))
            off = s->tab_hi > base && s->tab_hi - base < lp ? s->tab_hi - base : 0;
        if (i == 0 && base >= s->npages)
            off = 0; /* the first byte beyond memory */
        PUSH(s, s->subs, s->nsubs, s->subs_cap, off);
        /* give the sub-page some data */
        uint64_t pa = frame_pa + off * s->pg;
        if (pa < s->cfg.mem_bytes && !in_tab_zone(s, pa / s->pg))
            for (unsigned k = 0; k < 2; k++)
                emit_setup(s, pa + (rnd(s, s->pg / 8) * 8), xl_rng_next(&s->rng), 8, false);
    }
    return at;
}

static uint32_t add_target(xl_stim *s, uint64_t pa, uint64_t raw, uint64_t vpn, unsigned level, bool leaf,
                           bool poison, int space)
{
    target_t t;
    memset(&t, 0, sizeof t);
    t.pa = pa;
    t.good = t.cur = raw;
    t.vpn = vpn;
    t.map = NO_IDX;
    t.level = (uint8_t)level;
    t.leaf = leaf;
    t.poison = poison;
    t.space = (int8_t)space;
    uint32_t idx = (uint32_t)s->ntg;
    PUSH(s, s->tg, s->ntg, s->tg_cap, t);
    if (s->oom)
        return NO_IDX;
    PUSH(s, s->tg_by_level[level][leaf], s->ntg_level[level][leaf], s->tg_level_cap[level][leaf], idx);
    return idx;
}

static uint64_t alloc_table(xl_stim *s, unsigned level, bool dm)
{
    uint64_t np = table_pages(s, level);
    if (s->tab_next + np > s->tab_hi)
        return UINT64_MAX;
    uint64_t ppn = s->tab_next;
    s->tab_next += np;
    ptable t = {ppn, (uint8_t)level, dm};
    PUSH(s, s->tabs, s->ntabs, s->tabs_cap, t);
    return ppn;
}

/** Root table of a space (kernel mappings live in space 0's root). */
static uint64_t root_pa(const xl_stim *s, int space)
{
    return s->sp[space < 0 ? 0 : space].root * s->pg;
}

/**
 * Can an entry be placed at (vpn, level) in this root?  The path above must
 * be empty or pointers, and the slot itself empty.
 */
static bool probe(const xl_stim *s, int space, uint64_t vpn, unsigned level)
{
    uint64_t table = root_pa(s, space);
    for (int lv = (int)s->cfg.levels - 1; lv > (int)level; lv--) {
        uint64_t pa = table + vpn_index(s, vpn, (unsigned)lv) * s->pteb;
        uint64_t raw = sh_get(&s->sh, pa);
        xl_pte p;
        if (raw == 0)
            return true;
        if (xl_pte_decode(&s->cfg, NULL, raw, (unsigned)lv, &p) != XL_FAULT_NONE || p.leaf)
            return false;
        table = p.ppn * s->pg;
    }
    return sh_get(&s->sh, table + vpn_index(s, vpn, level) * s->pteb) == 0;
}

/**
 * Write `raw` at (vpn, level), creating pointer tables on the way.
 * @return the entry's address, or UINT64_MAX (conflict / no table space).
 */
static uint64_t place(xl_stim *s, int space, uint64_t vpn, unsigned level, uint64_t raw, bool dm)
{
    uint64_t table = root_pa(s, space);
    bool kernel = space < 0;
    for (int lv = (int)s->cfg.levels - 1; lv > (int)level; lv--) {
        uint64_t pa = table + vpn_index(s, vpn, (unsigned)lv) * s->pteb;
        uint64_t cur = sh_get(&s->sh, pa);
        xl_pte p;
        if (cur == 0) {
            uint64_t t = alloc_table(s, (unsigned)lv - 1, dm);
            if (t == UINT64_MAX)
                return UINT64_MAX;
            cur = make_ptr(s, t, kernel, dm);
            write_pte(s, pa, cur);
            if (!dm)
                add_target(s, pa, cur, vpn, (unsigned)lv, false, false, space);
        }
        if (xl_pte_decode(&s->cfg, NULL, cur, (unsigned)lv, &p) != XL_FAULT_NONE || p.leaf)
            return UINT64_MAX;
        table = p.ppn * s->pg;
    }
    uint64_t pa = table + vpn_index(s, vpn, level) * s->pteb;
    if (sh_get(&s->sh, pa) != 0)
        return UINT64_MAX;
    write_pte(s, pa, raw);
    return pa;
}

static uint32_t add_map(xl_stim *s, int space, uint64_t vpn, unsigned level, uint64_t pa, unsigned perm, int kind)
{
    vmap_t m;
    memset(&m, 0, sizeof m);
    m.vpn = vpn;
    m.pa = pa;
    m.tgt = NO_IDX;
    m.subs = NO_IDX;
    m.level = (uint8_t)level;
    m.space = (int8_t)space;
    m.perm = (uint8_t)perm;
    m.kind = (uint8_t)kind;
    uint32_t idx = (uint32_t)s->nmaps;
    PUSH(s, s->maps, s->nmaps, s->maps_cap, m);
    if (s->oom)
        return NO_IDX;
    if (space >= 0) {
        aspace *sp = &s->sp[space];
        PUSH(s, sp->maps, sp->nmaps, sp->cap, idx);
    } else if (kind != MAP_DM) {
        PUSH(s, s->kmaps, s->nkmaps, s->kmaps_cap, idx);
    }
    return idx;
}

/** Register the mapping of `vpn` at `level` (frame, permissions p, kind) and
 *  its leaf entry `raw` at `pa`, linked to each other; returns the entry's
 *  target index, or NO_IDX when out of memory. */
static uint32_t add_leaf(xl_stim *s, int space, uint64_t vpn, unsigned level, uint64_t frame, lperm p, int kind,
                         uint64_t pa, uint64_t raw, bool poison)
{
    uint32_t m = add_map(s, space, vpn, level, frame, lperm_bits(s, p), kind);
    uint32_t t = add_target(s, pa, raw, vpn, level, true, poison, space);
    if (m == NO_IDX || t == NO_IDX)
        return NO_IDX;
    s->maps[m].tgt = t;
    s->tg[t].map = m;
    if (level > 0)
        s->maps[m].subs = make_subs(s, frame, level);
    return t;
}

/** Map one page (leaf) with permissions p; registers the mapping and its entry. */
static bool map_leaf(xl_stim *s, int space, uint64_t vpn, unsigned level, uint64_t frame_pa, lperm p, int kind)
{
    uint64_t raw = make_leaf(s, level, p, frame_pa / s->pg);
    uint64_t pa = place(s, space, vpn, level, raw, kind == MAP_DM);
    if (pa == UINT64_MAX)
        return false;
    if (kind == MAP_DM)
        return true;
    add_leaf(s, space, vpn, level, frame_pa, p, kind, pa, raw, false);
    return true;
}

/** A random VPN in the user (lower) or kernel (upper) half, aligned to `level`. */
static uint64_t random_vpn(xl_stim *s, bool kernel, unsigned level)
{
    uint64_t lp = level_pages(s, level);
    uint64_t slots = s->half / lp;
    return (kernel ? s->half : 0) + rnd(s, slots) * lp;
}

/**
 * Place `count` contiguous pages at `level` somewhere free in one half; near
 * the space's previous cluster half of the time (so clusters share tables).
 * @return the first VPN, or UINT64_MAX.
 */
static uint64_t find_room(xl_stim *s, int space, unsigned level, unsigned count)
{
    bool kernel = space < 0;
    uint64_t lp = level_pages(s, level);
    aspace *sp = &s->sp[space < 0 ? 0 : space];
    for (int tries = 0; tries < 64; tries++) {
        uint64_t vpn;
        if (sp->last_vpn != UINT64_MAX && !kernel && pct(s, 50)) {
            uint64_t span = level + 1 < s->cfg.levels ? level_pages(s, level + 1) : s->half;
            vpn = (sp->last_vpn & ~(span - 1)) + rnd(s, span / lp) * lp;
        } else {
            vpn = random_vpn(s, kernel, level);
        }
        uint64_t lo = kernel ? s->half : 0, hi = lo + s->half;
        if (vpn < lo || vpn + (uint64_t)count * lp > hi)
            continue;
        if (kernel && s->dm_bytes && vpn + (uint64_t)count * lp > s->dm_vpn &&
            vpn < s->dm_vpn + (s->dm_bytes + s->pg - 1) / s->pg)
            continue;
        bool ok = true;
        for (unsigned i = 0; i < count && ok; i++)
            ok = probe(s, space, vpn + i * lp, level);
        if (ok) {
            if (!kernel)
                sp->last_vpn = vpn;
            return vpn;
        }
    }
    return UINT64_MAX;
}

/** A cluster of pages with a permission template. */
static void cluster(xl_stim *s, int space, unsigned level, unsigned count, int pkind, bool shm)
{
    uint64_t vpn = find_room(s, space, level, count);
    if (vpn == UINT64_MAX)
        return;
    for (unsigned i = 0; i < count; i++) {
        uint64_t v = vpn + i * level_pages(s, level);
        lperm p = pick_perm(s, pkind);
        uint64_t frame;
        if (level > 0)
            frame = pick_super_frame(s, level, space >= 0);
        else if (shm)
            frame = (s->data_lo + i % SHM_FRAMES) * s->pg;
        else
            frame = pick_frame(s, space >= 0);
        if (space < 0) {
            p.g = true;
            p.u = false;
        }
        if (!shm && space >= 0 && pct(s, 4)) {
            /* not present, with the rest of a valid entry behind it */
            uint64_t raw = make_leaf(s, level, p, frame / s->pg) & ~bitv(s->fb.p);
            raw |= bitv(s->fb.w); /* never all-zero: the slot counts as used */
            uint64_t pa = place(s, space, v, level, raw, false);
            if (pa != UINT64_MAX) {
                uint32_t t = add_leaf(s, space, v, level, frame, p, MAP_USER, pa, raw, false);
                if (t != NO_IDX) {
                    s->tg[t].broken = true;
                    s->tg[t].good = raw | bitv(s->fb.p);
                    PUSH(s, s->broken, s->nbroken, s->broken_cap, t);
                }
            }
            continue;
        }
        map_leaf(s, space, v, level, frame, p, space < 0 ? MAP_KERNEL : MAP_USER);
    }
}

/** The direct map: physical [0, dm_bytes) at dm_vpn, supervisor, global, writable. */
static void build_dm(xl_stim *s)
{
    unsigned smallest_super = 0, largest = 0;
    for (unsigned l = 1; l < s->cfg.levels; l++)
        if (leaf_level_ok(s, l) && smallest_super == 0)
            smallest_super = l;
    for (unsigned l = 0; l < s->cfg.levels; l++)
        if (leaf_level_ok(s, l) && level_pages(s, l) * s->pg <= s->cfg.mem_bytes / 2)
            largest = l;
    /* the whole memory if that takes few entries, else just the used low part */
    uint64_t entries = 0;
    for (uint64_t p = 0; p < s->npages;) {
        unsigned l = largest;
        while (l > 0 && (!leaf_level_ok(s, l) || p % level_pages(s, l) || p + level_pages(s, l) > s->npages ||
                         (l > smallest_super && p < s->tab_hi && p + level_pages(s, l) > s->tab_lo)))
            l--;
        p += level_pages(s, l);
        entries++;
    }
    s->dm_bytes = entries <= DM_MAX ? s->npages * s->pg : s->data_hi * s->pg;
    uint64_t dm_pages = s->dm_bytes / s->pg;
    /* VPN: the middle of the kernel half, aligned to the top level's pages */
    uint64_t align = level_pages(s, s->cfg.levels - 1);
    if (align > s->half / 2)
        align = s->half / 2;
    s->dm_vpn = s->half + s->half / 2;
    s->dm_vpn -= s->dm_vpn % (align ? align : 1);
    if (s->dm_vpn + dm_pages > 2 * s->half) {
        s->dm_vpn = 2 * s->half - dm_pages;
        s->dm_vpn -= s->dm_vpn % level_pages(s, largest);
    }
    for (uint64_t p = 0; p < dm_pages;) {
        unsigned l = largest;
        while (l > 0 && (!leaf_level_ok(s, l) || p % level_pages(s, l) || p + level_pages(s, l) > dm_pages ||
                         (l > smallest_super && p < s->tab_hi && p + level_pages(s, l) > s->tab_lo)))
            l--;
        lperm perm = {true, true, false, false, true, true, true};
        s->plain_leaves = true; /* page-table edits go through the direct map: it must be cacheable */
        if (s->cfg.ad_policy == XL_AD_HW && pct(s, 20))
            perm.a = perm.d = false; /* the first use sets them */
        perm.x = pct(s, 10);
        map_leaf(s, -1, s->dm_vpn + p, l, p * s->pg, perm, MAP_DM);
        p += level_pages(s, l);
    }
    s->plain_leaves = false;
}

/** RV64 raw bit helpers for the extensions (Svnapot N = 63, Svpbmt PBMT = 62:61). */
#define RV_N_BIT (1ull << 63)
#define RV_PBMT_SHIFT 61

/**
 * A Svnapot 64 KiB page (RISC-V RV64 with ext svnapot): 16 aligned VPNs
 * whose 16 level-0 entries are the same NAPOT entry (N set, ppn[3:0] =
 * 1000), as the extension requires software to write them.  One mapping,
 * 16 editable targets.
 */
static void napot_cluster(xl_stim *s, int space)
{
    const unsigned span = 1u << XL_NAPOT_BITS;
    bool kernel = space < 0;
    uint64_t pool_lo = (s->data_lo + SHM_FRAMES + span - 1) & ~(uint64_t)(span - 1);
    if (pool_lo + span > s->data_hi)
        return;
    for (int tries = 0; tries < 32; tries++) {
        uint64_t vpn = random_vpn(s, kernel, 0) & ~(uint64_t)(span - 1);
        bool ok = true;
        for (unsigned i = 0; i < span && ok; i++)
            ok = probe(s, space, vpn + i, 0);
        if (!ok)
            continue;
        uint64_t frame = pool_lo + span * rnd(s, (s->data_hi - pool_lo) / span);
        lperm p = pick_perm(s, kernel ? P_KDATA : P_RANDOM);
        if (kernel) {
            p.g = true;
            p.u = false;
        }
        uint64_t raw = make_leaf(s, 0, p, frame | (span >> 1)) | RV_N_BIT;
        uint32_t m = NO_IDX;
        for (unsigned i = 0; i < span; i++) {
            uint64_t pa = place(s, space, vpn + i, 0, raw, false);
            if (pa == UINT64_MAX)
                return; /* out of table space: the entries written so far stay (a partial NAPOT range) */
            if (i == 0) {
                uint32_t t = add_leaf(s, space, vpn, 0, frame * s->pg, p, kernel ? MAP_KERNEL : MAP_USER, pa,
                                      raw, false);
                if (t == NO_IDX)
                    return;
                m = s->tg[t].map;
                s->maps[m].napot = true;
            } else {
                uint32_t t = add_target(s, pa, raw, vpn + i, 0, true, false, space);
                if (t != NO_IDX)
                    s->tg[t].map = m;
            }
        }
        return;
    }
}

/** Entries that are wrong from the start. */
static void poison(xl_stim *s, int space)
{
    unsigned L = s->cfg.levels;
    /* a reserved leaf */
    for (int k = 0; k < 2; k++) {
        unsigned level = (unsigned)rnd(s, L);
        if (!leaf_level_ok(s, level))
            level = 0;
        uint64_t vpn = find_room(s, space, level, 1);
        if (vpn == UINT64_MAX)
            continue;
        lperm p = pick_perm(s, P_DATA);
        uint64_t frame = level ? pick_super_frame(s, level, false) : pick_frame(s, false);
        uint64_t raw = make_leaf(s, level, p, frame / s->pg);
        switch (fam(s)) {
        case FAM_X86:
            if (level == 0)
                continue; /* pa_bits = 52 leaves no reserved bit in a 4 KiB entry */
            raw |= 1ull << 13;
            break;
        case FAM_RV:
            if (xl_fmt_rv64(s->cfg.format))
                raw |= 1ull << (54 + rnd(s, 10));
            else
                raw = (raw | bitv(f_w(s))) & ~bitv(s->fb.r); /* Sv32: W without R */
            break;
        case FAM_TOY:
            if (s->cfg.ppn_bits < s->fb.ppn_width)
                raw |= 1ull << (s->fb.ppn_lsb + s->cfg.ppn_bits + rnd(s, s->fb.ppn_width - s->cfg.ppn_bits));
            else if (level == 0)
                raw |= bitv(s->fb.ps);
            else
                continue;
            break;
        }
        uint64_t pa = place(s, space, vpn, level, raw, false);
        if (pa != UINT64_MAX)
            add_leaf(s, space, vpn, level, frame, p, MAP_POISON, pa, raw, true);
    }
    /* a misaligned superpage (RISC-V, multi-level toy) */
    if (!is_x86(s)) {
        for (unsigned l = 1; l < L; l++) {
            if (!leaf_level_ok(s, l) || pct(s, 40))
                continue;
            uint64_t vpn = find_room(s, space, l, 1);
            if (vpn == UINT64_MAX)
                continue;
            lperm p = pick_perm(s, P_DATA);
            uint64_t frame = pick_super_frame(s, l, false);
            uint64_t raw = make_leaf(s, l, p, frame / s->pg + 1 + rnd(s, level_pages(s, l) - 1));
            uint64_t pa = place(s, space, vpn, l, raw, false);
            if (pa != UINT64_MAX)
                add_leaf(s, space, vpn, l, frame, p, MAP_POISON, pa, raw, true);
        }
    }
    /* the extensions' reserved encodings (RV64): PBMT = 3 in a leaf, PBMT in a
     * pointer, N in a pointer, N in a superpage leaf, N with ppn[3:0] != 1000 */
    if (xl_fmt_rv64(s->cfg.format) && (s->cfg.ext & (XL_EXT_SVPBMT | XL_EXT_SVNAPOT))) {
        for (unsigned k = 0; k < 5; k++) {
            bool ptr = k == 1 || k == 2;
            if ((k <= 1 && !(s->cfg.ext & XL_EXT_SVPBMT)) || (k >= 2 && !(s->cfg.ext & XL_EXT_SVNAPOT)))
                continue;
            unsigned level = k == 3 ? 1 : ptr ? 1 + (unsigned)rnd(s, L - 1) : 0;
            if (level >= L || (k == 3 && !leaf_level_ok(s, 1)))
                continue;
            uint64_t vpn = find_room(s, space, level, 1);
            if (vpn == UINT64_MAX)
                continue;
            lperm p = pick_perm(s, P_DATA);
            uint64_t raw;
            if (ptr) {
                raw = make_ptr(s, s->tabs[rnd(s, s->ntabs)].ppn, false, true);
            } else {
                uint64_t frame = level ? pick_super_frame(s, level, false) : pick_frame(s, false);
                raw = make_leaf(s, level, p, frame / s->pg) & ~(3ull << RV_PBMT_SHIFT);
            }
            if (k <= 1)
                raw |= (k == 0 ? 3ull : 1ull + rnd(s, 3)) << RV_PBMT_SHIFT;
            else
                raw |= RV_N_BIT;
            if (k == 4) {
                uint64_t lo = rnd(s, 15); /* any ppn[3:0] but 1000 */
                raw = raw_set_ppn(s, raw, (raw_ppn(s, raw) & ~0xfull) | (lo >= 8 ? lo + 1 : lo));
            }
            uint64_t pa = place(s, space, vpn, level, raw, false);
            if (pa == UINT64_MAX)
                continue;
            if (ptr) {
                add_map(s, space, vpn, level, 0, XL_PERM_R | XL_PERM_U, MAP_POISON);
                add_target(s, pa, raw, vpn, level, false, true, space);
            } else {
                add_leaf(s, space, vpn, level, 0, p, MAP_POISON, pa, raw, true);
            }
        }
    }
    /* pointers beyond memory (a bus fault one level down), at every level */
    for (unsigned l = 1; l < L && s->npages < s->ppn_limit; l++) {
        uint64_t vpn = find_room(s, space, l, 1);
        if (vpn != UINT64_MAX) {
            uint64_t ppn = beyond_page(s, 1024);
            uint64_t raw = make_ptr(s, ppn, false, true);
            uint64_t pa = place(s, space, vpn, l, raw, false);
            if (pa != UINT64_MAX) {
                add_map(s, space, vpn, l, 0, XL_PERM_R | XL_PERM_U, MAP_POISON);
                add_target(s, pa, raw, vpn, l, false, true, space);
            }
        }
    }
    /* x86: PS in a PML4 entry */
    if (is_x86(s)) {
        unsigned l = L - 1;
        uint64_t vpn = find_room(s, space, l, 1);
        if (vpn != UINT64_MAX) {
            uint64_t raw = make_ptr(s, s->tab_lo, false, true) | bitv(s->fb.ps);
            uint64_t pa = place(s, space, vpn, l, raw, false);
            if (pa != UINT64_MAX) {
                add_map(s, space, vpn, l, 0, XL_PERM_R | XL_PERM_U, MAP_POISON);
                add_target(s, pa, raw, vpn, l, false, true, space);
            }
        }
    }
}

/** Scale a cluster size to the address space (the toy format has 128 VPNs per half). */
static unsigned scaled(const xl_stim *s, unsigned want)
{
    uint64_t cap = s->half / 16;
    return want < cap ? want : (unsigned)(cap ? cap : 1);
}

static void build_space(xl_stim *s, int sp)
{
    unsigned L = s->cfg.levels;
    if (xl_fmt_rv64(s->cfg.format) && (s->cfg.ext & XL_EXT_SVNAPOT))
        for (unsigned i = 0; i < 2; i++)
            napot_cluster(s, sp);
    cluster(s, sp, 0, scaled(s, 12), P_CODE, false);
    cluster(s, sp, 0, scaled(s, 32), P_DATA, false);
    cluster(s, sp, 0, scaled(s, 8), P_RO, false);
    cluster(s, sp, 0, scaled(s, SHM_FRAMES), P_RANDOM, true);
    for (unsigned i = 0; i < scaled(s, 10); i++)
        cluster(s, sp, 0, 1, P_RANDOM, false);
    for (unsigned l = 1; l < L; l++) {
        if (!leaf_level_ok(s, l))
            continue;
        unsigned n = l == 1 ? 3 : 1;
        for (unsigned i = 0; i < n; i++)
            cluster(s, sp, l, 1, P_RANDOM, false);
        cluster(s, sp, l, 1, P_DATA, false);
        if (is_rv(s))
            cluster(s, sp, l, 1, P_XONLY, false);
    }
    poison(s, sp);
}

static void build_kernel(xl_stim *s)
{
    build_dm(s);
    if (xl_fmt_rv64(s->cfg.format) && (s->cfg.ext & XL_EXT_SVNAPOT))
        napot_cluster(s, -1);
    cluster(s, -1, 0, scaled(s, 8), P_KCODE, false);
    cluster(s, -1, 0, scaled(s, 16), P_KDATA, false);
    for (unsigned l = 1; l < s->cfg.levels; l++)
        if (leaf_level_ok(s, l))
            cluster(s, -1, l, 1, P_KDATA, false);
}

/** Every other root gets the kernel half of space 0's root table. */
static void copy_kernel(xl_stim *s)
{
    unsigned top = s->cfg.levels - 1;
    uint64_t n = 1ull << s->cfg.level_bits[top];
    for (uint64_t i = n / 2; i < n; i++) {
        uint64_t raw = sh_get(&s->sh, root_pa(s, 0) + i * s->pteb);
        if (raw == 0)
            continue;
        for (unsigned k = 1; k < s->nreal; k++)
            write_pte(s, root_pa(s, (int)k) + i * s->pteb, raw);
    }
}

/**
 * Random data in the lines most accesses of each mapping touch (its 8-line
 * window, in the frame or in every hot sub-page), so that loads return
 * non-zero bytes in every lane.  Page tables are left alone.
 */
static void fill_windows(xl_stim *s)
{
    shadow done = {NULL, NULL, 0, 0};
    uint64_t line = s->cfg.cache_line, lines = s->pg / line;
    unsigned word = line < 8 ? (unsigned)line : 8;
    for (size_t i = 0; i < s->nmaps && !s->oom; i++) {
        const vmap_t *m = &s->maps[i];
        if (m->kind == MAP_POISON || m->kind == MAP_DM)
            continue;
        unsigned nsub = m->level > 0 && m->subs != NO_IDX ? SUBS : m->level == 0 ? 1 : 0;
        for (unsigned k = 0; k < nsub; k++) {
            uint64_t page = m->pa + (m->level > 0 ? s->subs[m->subs + k] * s->pg : 0);
            if (page >= s->cfg.mem_bytes || in_tab_zone(s, page / s->pg))
                continue;
            for (uint64_t j = 0; j < (lines < 8 ? lines : 8); j++) {
                uint64_t la = page + ((hot_window(s, m->vpn) + j) % lines) * line;
                if (sh_get(&done, la))
                    continue;
                if (sh_put(&done, la, 1) != 0) {
                    s->oom = true;
                    break;
                }
                for (uint64_t b = 0; b < line; b += word)
                    emit_setup(s, la + b, xl_rng_next(&s->rng) & xl_mask(8 * word), word, false);
            }
        }
    }
    sh_free(&done);
}

static void init_hot(xl_stim *s, aspace *sp)
{
    sp->nhot = 0;
    for (unsigned i = 0; i < HOT; i++) {
        uint32_t m = NO_IDX;
        if (sp->nmaps && (i % 4 != 3 || s->nkmaps == 0)) {
            for (int tries = 0; tries < 8; tries++) {
                m = sp->maps[rnd(s, sp->nmaps)];
                if (s->maps[m].kind != MAP_POISON)
                    break;
            }
        } else if (s->nkmaps) {
            m = s->kmaps[rnd(s, s->nkmaps)];
        }
        if (m != NO_IDX)
            sp->hot[sp->nhot++] = m;
    }
}

static int layout(xl_stim *s, xl_error *err)
{
    const xl_config *c = &s->cfg;
    unsigned top = c->levels - 1;
    s->pg = 1ull << c->page_bits;
    s->npages = c->mem_bytes >> c->page_bits;
    s->ppn_limit = c->ppn_bits >= 63 ? UINT64_MAX : 1ull << c->ppn_bits;
    s->pteb = c->pte_bytes;
    s->half = 1ull << (c->vpn_bits - 1);
    uint64_t rootp = table_pages(s, top);
    if (s->npages < 8 || s->npages < 4 * rootp) {
        snprintf(err->msg, sizeof err->msg,
                 "preset '%s': %llu pages of memory are too few for the random stimulus (a root table takes %llu)",
                 c->name, (unsigned long long)s->npages, (unsigned long long)rootp);
        return -1;
    }
    if (s->npages <= 1024) {
        /* small memories (toy): tables in the upper half, data in the lower */
        s->data_lo = 0;
        s->data_hi = s->npages / 2;
        s->tab_lo = s->npages / 2;
        s->tab_hi = s->npages;
    } else {
        uint64_t a = 256; /* 1 MiB with 4 KiB pages */
        if (c->levels > 1 && leaf_level_ok(s, 1) && level_pages(s, 1) * 8 <= s->npages)
            a = level_pages(s, 1);
        uint64_t budget = (MAX_SPACES + 1) * rootp + 1024;
        if (budget > s->npages / 4)
            budget = s->npages / 4;
        s->tab_lo = a;
        s->tab_hi = s->tab_lo + ((budget + a - 1) / a) * a;
        s->data_lo = s->tab_hi;
        s->data_hi = s->data_lo + 512;
        if (s->data_hi > s->npages)
            s->data_hi = s->npages;
    }
    s->tab_next = s->tab_lo;
    if (s->data_hi - s->data_lo <= SHM_FRAMES) {
        snprintf(err->msg, sizeof err->msg, "preset '%s': too little memory for data frames", c->name);
        return -1;
    }
    return 0;
}

static int build(xl_stim *s, xl_error *err)
{
    const xl_config *c = &s->cfg;
    unsigned top = c->levels - 1;
    if (layout(s, err) != 0)
        return -1;
    uint64_t rootp = table_pages(s, top);

    /* real spaces: as many roots as the table zone allows (leave room for lower tables) */
    uint64_t zone = s->tab_hi - s->tab_lo;
    unsigned want = MAX_SPACES;
    if (c->levels == 1) {
        if (zone / rootp < want)
            want = (unsigned)(zone / rootp);
    } else if (zone / (rootp + 24) < want) {
        want = (unsigned)(zone / (rootp + 24));
    }
    if (want == 0)
        want = 1;
    uint32_t amax = c->asid_bits ? (uint32_t)xl_mask(c->asid_bits) : 0;
    for (unsigned i = 0; i < want; i++) {
        aspace *sp = &s->sp[i];
        uint64_t r = alloc_table(s, top, false);
        if (r == UINT64_MAX)
            break;
        sp->root = r;
        sp->last_vpn = UINT64_MAX;
        /* distinct ASIDs (all 0 without ASIDs) */
        for (int tries = 0; tries < 100; tries++) {
            bool dup = false;
            sp->asid = (uint32_t)rnd(s, (uint64_t)amax + 1);
            for (unsigned k = 0; k < i; k++)
                dup |= s->sp[k].asid == sp->asid;
            if (!dup || amax < MAX_SPACES)
                break;
        }
        s->nreal++;
    }
    if (s->nreal == 0) {
        snprintf(err->msg, sizeof err->msg, "preset '%s': no room for a root table", c->name);
        return -1;
    }
    s->nsp = s->nreal;
    /* data in the pool frames */
    for (uint64_t f = s->data_lo; f < s->data_hi; f++)
        for (unsigned k = 0; k < 4; k++)
            emit_setup(s, f * s->pg + rnd(s, s->pg / 8) * 8, xl_rng_next(&s->rng), 8, false);

    build_kernel(s);
    copy_kernel(s);
    for (unsigned i = 0; i < s->nreal; i++)
        build_space(s, (int)i);
    fill_windows(s);

    /* pseudo spaces: a root beyond memory, or a root table that runs off its end */
    if (s->npages < s->ppn_limit) {
        aspace *sp = &s->sp[s->nsp++];
        sp->root = s->npages; /* entry 0 sits exactly at the end of memory */
        sp->edge_vpn = 0;
        sp->edge_below = false;
        sp->asid = (uint32_t)rnd(s, (uint64_t)amax + 1);
        sp->pseudo = true;
    }
    if (rootp > 1) {
        aspace *sp = &s->sp[s->nsp++];
        sp->root = s->npages - rootp / 2;
        /* the first index whose entry lies beyond memory, and the one before it */
        sp->edge_vpn = ((s->cfg.mem_bytes - sp->root * s->pg) / s->pteb) << s->cfg.level_shift[top];
        sp->edge_below = true;
        sp->asid = (uint32_t)rnd(s, (uint64_t)amax + 1);
        sp->pseudo = true;
    }
    for (unsigned i = 0; i < s->nreal; i++)
        init_hot(s, &s->sp[i]);
    if (s->oom) {
        snprintf(err->msg, sizeof err->msg, "out of memory building the stimulus");
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------ 3. the stream */

static xl_txn *push(xl_stim *s)
{
    if (s->pend_n == PEND)
        return NULL;
    xl_txn *t = &s->pend[(s->pend_head + s->pend_n++) % PEND];
    memset(t, 0, sizeof *t);
    t->isa = XL_INV_RAW;
    return t;
}

static unsigned pick_size(xl_stim *s)
{
    unsigned r = (unsigned)rnd(s, 100), sz = r < 45 ? 8 : r < 70 ? 4 : r < 85 ? 2 : 1;
    while (sz > s->cfg.max_access)
        sz /= 2;
    return sz;
}

static xl_txn *push_access(xl_stim *s, xl_op op, xl_priv priv, unsigned size, uint64_t va)
{
    xl_txn *t = push(s);
    if (t == NULL)
        return NULL;
    t->kind = XL_TXN_ACCESS;
    t->access.op = op;
    t->access.priv = priv;
    t->access.size = size;
    t->access.va = va;
    t->access.wdata = op == XL_OP_STORE ? xl_rng_next(&s->rng) & xl_mask(8 * size) : 0;
    /* x86 EFLAGS.AC: set around the kernel's user copies (STAC / CLAC), and
     * now and then elsewhere, where it must change nothing */
    if (is_x86(s))
        t->access.ac = pct(s, priv == XL_PRIV_S && (s->ctl.flags & XL_CTL_SMAP) ? 35 : 6);
    return t;
}

static void push_inval(xl_stim *s, xl_isa_inval isa, uint64_t va, uint32_t asid)
{
    xl_txn *t = push(s);
    if (t == NULL)
        return;
    t->kind = XL_TXN_INVAL;
    t->isa = isa;
    t->inval = xl_inval_from_isa(isa, va, isa == XL_INV_INVLPG ? 0 : asid);
    s->last_inval = *t;
}

static void push_fence(xl_stim *s, xl_fence kind)
{
    xl_txn *t = push(s);
    if (t == NULL)
        return;
    t->kind = XL_TXN_FENCE;
    t->fence = kind;
}

/**
 * A RISC-V SFENCE.VMA row, or with Svinval (35%) the same row as
 * SINVAL.VMA, usually between SFENCE.W.INVAL and SFENCE.INVAL.IR, now and
 * then batched with a second SINVAL.VMA of the same form.
 */
static void push_rv_inval(xl_stim *s, xl_isa_inval row, uint64_t va, uint32_t asid)
{
    if (!(s->cfg.ext & XL_EXT_SVINVAL) || !pct(s, 35)) {
        push_inval(s, row, va, asid);
        return;
    }
    xl_isa_inval srow = (xl_isa_inval)(row - XL_INV_SFENCE_ALL + XL_INV_SINVAL_ALL);
    bool wrap = pct(s, 75);
    if (wrap)
        push_fence(s, XL_FENCE_W_INVAL);
    push_inval(s, srow, va, asid);
    if (pct(s, 25))
        push_inval(s, srow, va ^ (rnd(s, 16) << s->cfg.page_bits), asid);
    if (wrap)
        push_fence(s, XL_FENCE_INVAL_IR);
}

static void push_raw_inval(xl_stim *s, bool mva, uint64_t va, bool masid, uint32_t asid, bool kg)
{
    xl_txn *t = push(s);
    if (t == NULL)
        return;
    t->kind = XL_TXN_INVAL;
    t->isa = XL_INV_RAW;
    t->inval.match_va = mva;
    t->inval.va = mva ? va : 0;
    t->inval.match_asid = masid;
    t->inval.asid = masid ? asid : 0;
    t->inval.keep_global = kg;
    s->last_inval = *t;
}

static void push_root(xl_stim *s, unsigned sp, bool flush)
{
    xl_txn *t = push(s);
    if (t == NULL)
        return;
    t->kind = XL_TXN_ROOT;
    t->root_ppn = s->sp[sp].root;
    t->asid = s->sp[sp].asid;
    t->flush = flush;
    s->cur = sp;
    if (!s->sp[sp].pseudo)
        s->home = sp;
}

static uint32_t random_asid(xl_stim *s)
{
    return s->cfg.asid_bits ? (uint32_t)rnd(s, 1ull << s->cfg.asid_bits) : 0;
}

/** A mapping usable from the current space: own (or the home space's) or kernel. */
static const vmap_t *pick_map(xl_stim *s, bool hot)
{
    aspace *sp = &s->sp[s->home];
    if (hot && sp->nhot)
        return &s->maps[sp->hot[rnd(s, sp->nhot)]];
    if ((sp->nmaps == 0 || pct(s, 20)) && s->nkmaps)
        return &s->maps[s->kmaps[rnd(s, s->nkmaps)]];
    if (sp->nmaps)
        return &s->maps[sp->maps[rnd(s, sp->nmaps)]];
    return NULL;
}

/** A VA inside a mapping: a hot sub-page of a superpage, anywhere in a base page. */
static uint64_t va_in_map(xl_stim *s, const vmap_t *m, unsigned size)
{
    uint64_t off;
    if (m->napot)
        off = rnd(s, 1u << XL_NAPOT_BITS) * s->pg; /* any of the 16 pages */
    else if (m->level > 0 && m->subs != NO_IDX)
        off = s->subs[m->subs + rnd(s, SUBS)] * s->pg;
    else if (m->level > 0)
        off = pct(s, 30) ? 0 : rnd(s, level_pages(s, m->level)) * s->pg; /* index 0 below: the table's first entry */
    else
        off = 0;
    uint64_t line = s->cfg.cache_line, lines = s->pg / line, k = rnd(s, lines);
    if (m->pa + off >= s->cfg.mem_bytes && pct(s, 30))
        return vpn_to_va(s, m->vpn) + off; /* the first byte of a page beyond memory */
    if (pct(s, 3))
        return vpn_to_va(s, m->vpn) + off + s->pg - size; /* the last bytes of a page */
    if (lines > 8 && pct(s, 70)) /* most accesses touch a few lines of each page */
        k = (hot_window(s, m->vpn) + rnd(s, 8)) % lines;
    off += k * line + rnd(s, line / size) * size;
    return vpn_to_va(s, m->vpn) + off;
}

/** Pick op and privilege: usually ones the mapping allows, sometimes anything. */
static void pick_op(xl_stim *s, unsigned perm, bool biased, xl_op *op, xl_priv *priv)
{
    if (!biased) {
        unsigned r = (unsigned)rnd(s, 100);
        *op = r < 50 ? XL_OP_LOAD : r < 80 ? XL_OP_STORE : XL_OP_FETCH;
        *priv = pct(s, 50) ? XL_PRIV_U : XL_PRIV_S;
        return;
    }
    xl_op ops[3];
    unsigned n = 0, w[3], tot = 0;
    if (perm & XL_PERM_R)
        ops[n] = XL_OP_LOAD, w[n++] = 55;
    if (perm & XL_PERM_W)
        ops[n] = XL_OP_STORE, w[n++] = 35;
    if (perm & XL_PERM_X)
        ops[n] = XL_OP_FETCH, w[n++] = 20;
    if (n == 0) {
        pick_op(s, perm, false, op, priv);
        return;
    }
    for (unsigned i = 0; i < n; i++)
        tot += w[i];
    unsigned r = (unsigned)rnd(s, tot), i = 0;
    while (r >= w[i])
        r -= w[i++];
    *op = ops[i];
    if (!(perm & XL_PERM_U))
        *priv = XL_PRIV_S;
    else if (*op == XL_OP_FETCH)
        *priv = is_x86(s) && !(s->ctl.flags & XL_CTL_SMEP) && pct(s, 20) ? XL_PRIV_S : XL_PRIV_U; /* SMEP */
    else if (is_rv(s))
        *priv = (s->ctl.flags & XL_CTL_SUM) && pct(s, 30) ? XL_PRIV_S : XL_PRIV_U; /* SUM */
    else
        *priv = pct(s, 85) ? XL_PRIV_U : XL_PRIV_S;
}

static void remember(xl_stim *s, uint64_t va, uint32_t map)
{
    aspace *sp = &s->sp[s->home];
    sp->recent[sp->recent_next] = va;
    sp->recent_map[sp->recent_next] = map;
    sp->recent_next = (sp->recent_next + 1) % RECENT;
    if (sp->nrecent < RECENT)
        sp->nrecent++;
}

static uint64_t dm_va(const xl_stim *s, uint64_t pa)
{
    return vpn_to_va(s, s->dm_vpn) + pa;
}

/** A VA in a hole: random, or a mapped VA with one level's index randomised. */
static uint64_t hole_va(xl_stim *s)
{
    const vmap_t *m = pick_map(s, false);
    uint64_t vpn;
    if (m == NULL || pct(s, 30)) {
        vpn = random_vpn(s, pct(s, 30), 0);
    } else {
        unsigned l = (unsigned)rnd(s, s->cfg.levels);
        uint64_t mask = xl_mask(s->cfg.level_bits[l]) << s->cfg.level_shift[l];
        vpn = (m->vpn & ~mask) | ((xl_rng_next(&s->rng) << s->cfg.level_shift[l]) & mask);
    }
    return vpn_to_va(s, vpn) + rnd(s, s->pg / 8) * 8;
}

static void write_entry(xl_stim *s, uint32_t ti, uint64_t v);

/**
 * The OS's page-fault handler, seen from outside: when the access about to
 * be made will fault because its entry is not present or (ad_policy =
 * fault) lacks A or D, sometimes fix the entry and retry, as an OS does
 * on demand paging and on Svade A/D faults.
 */
static bool fault_handler(xl_stim *s, const vmap_t *m, xl_op op, xl_priv priv, unsigned size, uint64_t va)
{
    if (m->tgt == NO_IDX || m->kind == MAP_POISON)
        return false;
    const target_t *t = &s->tg[m->tgt];
    const fmtbits *f = &s->fb;
    bool np = !(t->cur & bitv(f->p));
    bool ad = xl_ad_fault(&s->cfg, &s->ctl) &&
              (!(t->cur & bitv(f->a)) || (op == XL_OP_STORE && !(t->cur & bitv(f->d))));
    if (!(np || ad) || !pct(s, 50))
        return false;
    uint64_t v = t->cur | bitv(f->p) | bitv(f->a) | (op == XL_OP_STORE ? bitv(f->d) : 0);
    push_access(s, op, priv, size, va);
    write_entry(s, m->tgt, v);
    push_access(s, op, priv, size, va);
    return true;
}

static void gen_access(xl_stim *s)
{
    unsigned r = (unsigned)rnd(s, 1000);
    aspace *sp = &s->sp[s->home];
    xl_op op;
    xl_priv priv;
    unsigned size = pick_size(s);

    if (r < 5 && s->cfg.misaligned == XL_MISALIGNED_FAULT && s->cfg.max_access > 1) {
        /* misaligned */
        const vmap_t *m = pick_map(s, true);
        if (size == 1)
            size = 2;
        uint64_t va = m ? va_in_map(s, m, size) : 0;
        pick_op(s, m ? m->perm : 0, true, &op, &priv);
        push_access(s, op, priv, size, va + 1 + rnd(s, size - 1));
        return;
    }
    if (r < 8 && s->cfg.format != XL_FMT_SV32) {
        /* not canonical (a Sv32 VA has no bits above its 32: such a VA is bad input) */
        const vmap_t *m = pick_map(s, true);
        uint64_t va = m ? va_in_map(s, m, size) : 0;
        unsigned bit = s->cfg.va_bits + (unsigned)rnd(s, 64 - s->cfg.va_bits);
        if (s->cfg.format != XL_FMT_TOY && pct(s, 40))
            bit = s->cfg.va_bits - 1; /* the sign bit alone: bits above no longer match it */
        else if (pct(s, 30))
            bit = s->cfg.va_bits; /* the lowest bit above the VA */
        pick_op(s, m ? m->perm : 0, true, &op, &priv);
        push_access(s, op, priv, size, va ^ (1ull << bit));
        return;
    }
    if (r < 18) {
        /* a hole (mostly not present, at every level) */
        pick_op(s, 0, false, &op, &priv);
        push_access(s, op, priv, size, hole_va(s) & ~(uint64_t)(size - 1));
        return;
    }
    if (r < 32 && s->ntg) {
        /* the kernel reads a page-table entry through the direct map */
        const target_t *t = &s->tg[rnd(s, s->ntg)];
        unsigned sz = s->pteb <= s->cfg.max_access ? s->pteb : size;
        push_access(s, XL_OP_LOAD, XL_PRIV_S, sz, dm_va(s, t->pa & ~(uint64_t)(sz - 1)));
        return;
    }
    if (r < 45) {
        /* the kernel touches a data frame through the direct map */
        uint64_t pa = pick_frame(s, false) + rnd(s, s->pg / size) * size;
        op = pct(s, 60) ? XL_OP_LOAD : XL_OP_STORE;
        if (pct(s, 8) && s->dm_bytes == s->cfg.mem_bytes) {
            pa = s->cfg.mem_bytes - size; /* the last bytes of memory (a load: they may be page tables) */
            op = XL_OP_LOAD;
        }
        push_access(s, op, XL_PRIV_S, size, dm_va(s, pa));
        return;
    }
    /* an ordinary access: the same line as a recent one, a hot page, or any page */
    if (sp->nrecent && r < 520) {
        unsigned k = (unsigned)rnd(s, sp->nrecent);
        uint64_t line = s->cfg.cache_line;
        uint64_t va = (sp->recent[k] & ~(line - 1)) + rnd(s, line / size) * size;
        pick_op(s, s->maps[sp->recent_map[k]].perm, pct(s, 92), &op, &priv);
        push_access(s, op, priv, size, va);
        return;
    }
    const vmap_t *m = pick_map(s, r < 955);
    if (m == NULL) {
        push_access(s, XL_OP_LOAD, XL_PRIV_S, size, hole_va(s) & ~(uint64_t)(size - 1));
        return;
    }
    uint64_t va = va_in_map(s, m, size);
    pick_op(s, m->perm, pct(s, 92), &op, &priv);
    if (!fault_handler(s, m, op, priv, size, va))
        push_access(s, op, priv, size, va);
    if (m->kind != MAP_POISON)
        remember(s, va, (uint32_t)(m - s->maps));
    /* the hot set drifts */
    if (permille(s, 4) && sp->nhot) {
        const vmap_t *nm = pick_map(s, false);
        if (nm)
            sp->hot[rnd(s, sp->nhot)] = (uint32_t)(nm - s->maps);
    }
}

/* ---- invalidations ---- */

/** A VA for an invalidation operand: a known page of space `spi` (or the kernel), or a hole. */
static uint64_t inval_va(xl_stim *s, unsigned spi)
{
    aspace *sp = &s->sp[spi];
    uint64_t va;
    unsigned r = (unsigned)rnd(s, 100);
    if (r < 55 && sp->nhot)
        va = va_in_map(s, &s->maps[sp->hot[rnd(s, sp->nhot)]], 8);
    else if (r < 75 && sp->nmaps)
        va = va_in_map(s, &s->maps[sp->maps[rnd(s, sp->nmaps)]], 8);
    else if (r < 90 && s->nkmaps)
        va = va_in_map(s, &s->maps[s->kmaps[rnd(s, s->nkmaps)]], 8);
    else
        va = hole_va(s);
    if (pct(s, 2) && s->cfg.va_bits < 64 && s->cfg.format != XL_FMT_SV32)
        va ^= 1ull << (s->cfg.va_bits + rnd(s, 64 - s->cfg.va_bits)); /* bits the primitive ignores */
    return va;
}

static void gen_inval(xl_stim *s)
{
    if (s->last_inval.kind == XL_TXN_INVAL && pct(s, 10)) {
        /* the previous one again (an OS flushing twice): removes nothing if nothing came back */
        xl_txn *t = push(s);
        if (t)
            *t = s->last_inval;
        return;
    }
    unsigned spi = pct(s, 65) ? s->home : (unsigned)rnd(s, s->nreal);
    uint32_t asid = pct(s, 90) ? s->sp[spi].asid : random_asid(s);
    uint64_t va = inval_va(s, spi);
    unsigned r = (unsigned)rnd(s, 100);
    switch (fam(s)) {
    case FAM_X86:
        if (r < 28)
            push_inval(s, XL_INV_INVLPG, spi == s->home ? va : inval_va(s, s->home), 0);
        else if (r < 48)
            push_inval(s, XL_INV_INVPCID_ADDR, va, asid);
        else if (r < 62)
            push_inval(s, XL_INV_INVPCID_CTX, 0, asid);
        else if (r < 68)
            push_inval(s, XL_INV_INVPCID_ALL, 0, 0);
        else if (r < 80)
            push_inval(s, XL_INV_INVPCID_NONGLOBAL, 0, 0);
        else if (r < 90)
            push_root(s, s->cur, true); /* MOV CR3 reload: flushes the current PCID */
        else
            push_raw_inval(s, pct(s, 50), va, pct(s, 50), asid, pct(s, 50));
        break;
    case FAM_RV:
        if (r < 35)
            push_rv_inval(s, XL_INV_SFENCE_VA_ASID, va, asid);
        else if (r < 60)
            push_rv_inval(s, XL_INV_SFENCE_VA, va, 0);
        else if (r < 78)
            push_rv_inval(s, XL_INV_SFENCE_ASID, 0, asid);
        else if (r < 88)
            push_rv_inval(s, XL_INV_SFENCE_ALL, 0, 0);
        else
            push_raw_inval(s, pct(s, 50), va, pct(s, 50), asid, pct(s, 50));
        break;
    case FAM_TOY:
        push_raw_inval(s, pct(s, 60), va, pct(s, 40), asid, pct(s, 30));
        break;
    }
    const xl_txn *last = s->pend_n ? &s->pend[(s->pend_head + s->pend_n - 1) % PEND] : NULL;
    if (last && last->kind == XL_TXN_INVAL && pct(s, last->isa == XL_INV_RAW ? 30 : 8)) {
        /* back to back: the second one finds nothing left to remove */
        xl_txn *t = push(s);
        if (t)
            *t = s->last_inval;
    }
}

/** The invalidation an OS would issue after editing target t (or a plausible wrong one). */
static void inval_after_edit(xl_stim *s, const target_t *t)
{
    unsigned r = (unsigned)rnd(s, 100);
    uint64_t va = vpn_to_va(s, t->vpn) + rnd(s, s->pg);
    bool kernel = t->space < 0;
    bool global = kernel || (t->cur & bitv(s->fb.g)) || (t->good & bitv(s->fb.g));
    unsigned spi = kernel ? s->home : (unsigned)t->space;
    uint32_t asid = s->sp[spi].asid;
    bool local = t->leaf || t->level == 0;
    if (r < 20)
        return; /* forgotten: the TLB keeps a stale entry */
    if (r < 28) {
        /* the wrong one: another address space, or keeping globals (the only
         * wrong one without ASIDs) */
        uint32_t other = s->cfg.asid_bits ? asid ^ 1 : asid;
        switch (fam(s)) {
        case FAM_X86:
            push_inval(s, XL_INV_INVPCID_ADDR, va, other);
            break;
        case FAM_RV:
            push_rv_inval(s, XL_INV_SFENCE_VA_ASID, va, global ? asid : other);
            break;
        case FAM_TOY:
            push_raw_inval(s, true, va, true, 0, true);
            break;
        }
        return;
    }
    if (r < 36) {
        /* a full flush */
        if (is_x86(s))
            push_inval(s, XL_INV_INVPCID_ALL, 0, 0);
        else if (is_rv(s))
            push_rv_inval(s, XL_INV_SFENCE_ALL, 0, 0);
        else
            push_raw_inval(s, false, 0, false, 0, false);
        return;
    }
    switch (fam(s)) {
    case FAM_X86:
        if (local && spi == s->cur && !s->sp[s->cur].pseudo)
            push_inval(s, XL_INV_INVLPG, va, 0); /* removes global entries for va too */
        else if (local && !global)
            push_inval(s, XL_INV_INVPCID_ADDR, va, asid);
        else if (!global)
            push_inval(s, pct(s, 70) ? XL_INV_INVPCID_CTX : XL_INV_INVPCID_NONGLOBAL, 0, asid);
        else
            push_inval(s, XL_INV_INVPCID_ALL, 0, 0);
        break;
    case FAM_RV:
        if (local && !global)
            push_rv_inval(s, pct(s, 60) ? XL_INV_SFENCE_VA_ASID : XL_INV_SFENCE_VA, va, asid);
        else if (local)
            push_rv_inval(s, XL_INV_SFENCE_VA, va, 0);
        else if (!global)
            push_rv_inval(s, XL_INV_SFENCE_ASID, 0, asid);
        else
            push_rv_inval(s, XL_INV_SFENCE_ALL, 0, 0);
        break;
    case FAM_TOY:
        if (local)
            push_raw_inval(s, true, va, false, 0, false);
        else
            push_raw_inval(s, false, 0, false, 0, false);
        break;
    }
}

/* ---- page-table edits through the direct map ---- */

/** A target at a random level (uniform over levels, so superpages get edited too). */
static uint32_t pick_target(xl_stim *s)
{
    for (int tries = 0; tries < 8; tries++) {
        unsigned l = (unsigned)rnd(s, s->cfg.levels);
        bool leaf = pct(s, 60);
        if (s->ntg_level[l][leaf] == 0)
            leaf = !leaf;
        if (s->ntg_level[l][leaf] == 0)
            continue;
        for (int k = 0; k < 4; k++) {
            uint32_t t = s->tg_by_level[l][leaf][rnd(s, s->ntg_level[l][leaf])];
            int sp = s->tg[t].space;
            /* prefer entries the current space walks through */
            if (sp < 0 || (unsigned)sp == s->home || k == 3)
                return t;
        }
    }
    return s->ntg ? (uint32_t)rnd(s, s->ntg) : NO_IDX;
}

/** Another table one level down (a redirection), or one beyond memory. */
static uint64_t other_table(xl_stim *s, unsigned level)
{
    if (s->npages < s->ppn_limit && pct(s, 25))
        return beyond_page(s, 4096);
    for (int tries = 0; tries < 16; tries++) {
        const ptable *t = &s->tabs[rnd(s, s->ntabs)];
        if (!t->dm && (unsigned)t->level + 1 == level)
            return t->ppn;
    }
    return UINT64_MAX;
}

/** A mutation of entry t (from its current or its healthy value). */
static uint64_t mutate(xl_stim *s, const target_t *t)
{
    const fmtbits *f = &s->fb;
    uint64_t raw = pct(s, 50) ? t->cur : t->good;
    unsigned L = t->level;
    bool leaf = t->leaf;
    unsigned r = (unsigned)rnd(s, 100);

    if (t->poison) {
        /* poisoned entries only lose and regain P and a permission or two */
        if (r < 40)
            return raw ^ bitv(f->p);
        return raw ^ (pct(s, 50) ? bitv(f->w) : bitv(f->u));
    }
    if (r < 14)
        return raw & ~bitv(f->p); /* not present */
    if (r < 34) {
        /* permissions */
        unsigned k = (unsigned)rnd(s, 5);
        if (is_x86(s) && leaf && pct(s, 20))
            return raw ^ ((uint64_t)(1 + rnd(s, 15)) << 59); /* another protection key */
        if (xl_fmt_rv64(s->cfg.format) && (s->cfg.ext & XL_EXT_SVPBMT) && pct(s, 15))
            return (raw & ~(3ull << RV_PBMT_SHIFT)) | (rnd(s, 4) << RV_PBMT_SHIFT); /* another memory type (3: reserved) */
        if (xl_fmt_rv64(s->cfg.format) && (s->cfg.ext & XL_EXT_SVNAPOT) && pct(s, 10)) {
            /* N toggled: a NAPOT leaf when ppn[3:0] = 1000 happens to hold, else reserved */
            uint64_t n = raw ^ RV_N_BIT;
            if (leaf && L == 0 && pct(s, 50))
                n = raw_set_ppn(s, n, (raw_ppn(s, n) & ~0xfull) | 8);
            return n;
        }
        if (k == 0)
            return raw ^ bitv(f->w);
        if (k == 1)
            return raw ^ bitv(f->u);
        if (k == 2)
            return raw ^ (f->nx >= 0 ? bitv(f->nx) : leaf ? bitv(f->x) : 0);
        if (k == 3 && f->r >= 0 && leaf) {
            /* RISC-V R: never leave R = X = 0 (a pointer into a data frame) */
            uint64_t n = raw ^ bitv(f->r);
            if (!(n & (bitv(f->r) | bitv(f->x))))
                n |= bitv(f->w); /* W without R: reserved */
            return n;
        }
        return raw ^ bitv(f->g);
    }
    if (r < 50) {
        /* accessed / dirty */
        if (is_rv(s) && !leaf)
            return raw | bitv(pct(s, 50) ? f->a : f->d); /* reserved in a pointer */
        unsigned k = (unsigned)rnd(s, 3);
        if (k == 0)
            return raw & ~bitv(f->a) & ~bitv(f->d);
        if (k == 1)
            return raw & ~bitv(f->d);
        return raw | bitv(f->a) | bitv(f->d);
    }
    if (r < 66) {
        /* another frame / table */
        uint64_t ppn;
        if (leaf && L == 0) {
            ppn = pick_frame(s, true) / s->pg;
        } else if (leaf) {
            ppn = pick_super_frame(s, L, true) / s->pg;
        } else {
            ppn = other_table(s, L);
            if (ppn == UINT64_MAX)
                return raw & ~bitv(f->p);
        }
        return raw_set_ppn(s, raw, ppn);
    }
    if (r < 80) {
        /* reserved bits */
        switch (fam(s)) {
        case FAM_X86:
            if (L == s->cfg.levels - 1)
                return raw | bitv(f->ps);
            if (L > 0)
                return raw | bitv(f->ps) | (1ull << 13);
            return raw & ~bitv(f->p); /* no reserved bit in a 4 KiB entry */
        case FAM_RV:
            if (!leaf && pct(s, 40))
                return raw | bitv(f->u);
            if (leaf && L == 0 && pct(s, 30))
                return raw & ~(bitv(f->r) | bitv(f->w) | bitv(f->x)); /* a pointer at level 0 */
            if (!xl_fmt_rv64(s->cfg.format))
                return (raw | bitv(f->w)) & ~bitv(f->r); /* Sv32 has no high bits: W without R */
            return raw | 1ull << (54 + rnd(s, 10));
        case FAM_TOY:
            if (L == 0 && pct(s, 40))
                return raw | bitv(f->ps);
            if (s->cfg.ppn_bits < f->ppn_width)
                return raw | 1ull << (f->ppn_lsb + s->cfg.ppn_bits + rnd(s, f->ppn_width - s->cfg.ppn_bits));
            return raw & ~bitv(f->p);
        }
    }
    if (r < 90 && L > 0 && leaf_level_ok(s, L)) {
        if (!is_x86(s) && (leaf || pct(s, 50))) {
            /* misaligned superpage: a PPN with low bits set */
            uint64_t ppn = raw_ppn(s, raw) | (1 + rnd(s, level_pages(s, L) - 1));
            uint64_t n = raw_set_ppn(s, raw, ppn);
            if (!leaf)
                n |= is_rv(s) ? bitv(f->r) : bitv(f->ps);
            return n;
        }
        /* a pointer replaced by a superpage (or a superpage re-pointed) without the
         * table below being invalidated first: base and superpage entries may overlap */
        lperm p = pick_perm(s, P_RANDOM);
        p.u = t->space >= 0 && pct(s, 85);
        return make_leaf(s, L, p, pick_super_frame(s, L, false) / s->pg);
    }
    return t->good; /* repair */
}

/** Healthy value for a repair: the built one, with A/D varied. */
static uint64_t healthy(xl_stim *s, const target_t *t)
{
    uint64_t v = t->good;
    if (t->poison || !t->leaf)
        return v;
    if (xl_ad_fault(&s->cfg, &s->ctl)) {
        if (pct(s, 80))
            v |= bitv(s->fb.a) | ((v & bitv(s->fb.w)) ? bitv(s->fb.d) : 0);
    } else if (pct(s, 50)) {
        v &= ~(bitv(s->fb.a) | bitv(s->fb.d));
    }
    return v;
}

static void set_target(xl_stim *s, uint32_t ti, uint64_t v)
{
    target_t *t = &s->tg[ti];
    bool was = t->broken;
    uint64_t ad = t->leaf ? bitv(s->fb.a) | bitv(s->fb.d) : 0;
    t->cur = v;
    t->broken = (v & ~ad) != (t->good & ~ad);
    if (t->broken && !was)
        PUSH(s, s->broken, s->nbroken, s->broken_cap, ti);
    if (t->map != NO_IDX) {
        /* keep the op/priv bias in step with the entry */
        xl_pte p;
        vmap_t *m = &s->maps[t->map];
        if (xl_pte_decode(&s->cfg, NULL, v, t->level, &p) == XL_FAULT_NONE && p.leaf)
            m->perm = (uint8_t)xl_perm_fold(&s->cfg, xl_perm_init(&s->cfg), p.flags, true);
    }
}

/** The edit itself: a store through the direct map, then (usually) an invalidation. */
static void write_entry(xl_stim *s, uint32_t ti, uint64_t v)
{
    target_t *t = &s->tg[ti];
    v &= xl_mask(8 * s->pteb);
    xl_txn *st = push_access(s, XL_OP_STORE, XL_PRIV_S, s->pteb, dm_va(s, t->pa));
    if (st)
        st->access.wdata = v;
    set_target(s, ti, v);
    inval_after_edit(s, t);
}

static void gen_edit(xl_stim *s)
{
    uint32_t ti = NO_IDX;
    uint64_t v;
    /* repair something broken half of the time */
    while (s->nbroken && pct(s, 50)) {
        size_t k = rnd(s, s->nbroken);
        uint32_t c = s->broken[k];
        s->broken[k] = s->broken[--s->nbroken];
        if (s->tg[c].broken) {
            ti = c;
            break;
        }
    }
    if (ti != NO_IDX) {
        v = healthy(s, &s->tg[ti]);
    } else {
        ti = pick_target(s);
        if (ti == NO_IDX)
            return;
        v = mutate(s, &s->tg[ti]);
    }
    target_t *t = &s->tg[ti];
    write_entry(s, ti, v);
    /* look at the result: an access through the edited entry, usually from its space */
    if (pct(s, 70)) {
        bool other = t->space >= 0 && (unsigned)t->space != s->home;
        if (other && pct(s, 50))
            return;
        uint64_t va = vpn_to_va(s, t->vpn);
        unsigned size = pick_size(s);
        xl_op op;
        xl_priv priv;
        uint64_t span = t->leaf && t->level > 0 ? level_pages(s, t->level) : 1;
        if (t->map != NO_IDX)
            va = va_in_map(s, &s->maps[t->map], size);
        else
            va += rnd(s, span) * s->pg + rnd(s, s->pg / size) * size;
        pick_op(s, t->map != NO_IDX ? s->maps[t->map].perm : XL_PERM_R | XL_PERM_W | XL_PERM_U, pct(s, 60), &op,
                &priv);
        push_access(s, op, priv, size, va);
    }
}

/* ---- context switches ---- */

/** In a pseudo-space: accesses right at the end of memory (the root entry
 *  just past it, and the last one inside), else ordinary ones. */
static void gen_edge_access(xl_stim *s)
{
    const aspace *sp = &s->sp[s->cur];
    unsigned r = (unsigned)rnd(s, 100);
    if (!sp->pseudo || r >= 55) {
        gen_access(s);
        return;
    }
    uint64_t vpn = sp->edge_vpn;
    if (r < 15 && sp->edge_below)
        vpn -= 1ull << s->cfg.level_shift[s->cfg.levels - 1];
    unsigned size = pick_size(s);
    xl_op op;
    xl_priv priv;
    pick_op(s, 0, false, &op, &priv);
    push_access(s, op, priv, size, vpn_to_va(s, vpn) + rnd(s, s->pg / size) * size);
}

static void gen_switch(xl_stim *s)
{
    unsigned r = (unsigned)rnd(s, 100);
    bool x86 = is_x86(s);
    if (s->sp[s->cur].pseudo) {
        push_root(s, s->home, x86 ? pct(s, 50) : pct(s, 30));
        return;
    }
    if (r < 8 && s->nsp > s->nreal) {
        /* an excursion to a root beyond memory (every walk a bus fault), and back */
        unsigned home = s->home;
        push_root(s, s->nreal + (unsigned)rnd(s, s->nsp - s->nreal), pct(s, 50));
        for (unsigned i = 0, k = 1 + (unsigned)rnd(s, 6); i < k; i++)
            gen_edge_access(s);
        push_root(s, home, x86 && pct(s, 50));
        return;
    }
    if (r < 20 && s->cfg.asid_bits) {
        /* the OS recycles an ASID: new number for a space, flushed on its first use */
        unsigned spi = (unsigned)rnd(s, s->nreal);
        uint32_t a = random_asid(s);
        bool used = false;
        for (unsigned k = 0; k < s->nreal; k++)
            used |= s->sp[k].asid == a;
        if (!used)
            s->sp[spi].asid = a;
        if (x86) {
            push_root(s, spi, pct(s, 80));
        } else {
            push_root(s, spi, pct(s, 50));
            if (pct(s, 80))
                push_rv_inval(s, XL_INV_SFENCE_ASID, 0, s->sp[spi].asid);
        }
        return;
    }
    unsigned to = s->nreal > 1 && r >= 30 ? (unsigned)rnd(s, s->nreal) : s->cur;
    if (x86) {
        push_root(s, to, pct(s, 40));
    } else {
        push_root(s, to, pct(s, 30));
        if (!s->cfg.asid_bits && pct(s, 70))
            push_raw_inval(s, false, 0, true, 0, true); /* no ASIDs: flush the non-global entries */
    }
}

/* ---- translation controls ---- */

static void push_ctl(xl_stim *s, unsigned mask, unsigned flags, uint32_t pkru)
{
    xl_txn *t = push(s);
    if (t == NULL)
        return;
    t->kind = XL_TXN_CTL;
    t->ctl_mask = mask;
    t->ctl.flags = flags & mask & XL_CTL_FLAGS;
    t->ctl.pkru = (mask & XL_CTL_PKRU) ? pkru : 0;
    s->ctl = xl_ctl_apply(s->ctl, mask, t->ctl);
}

/** Set one flag control to v. */
static void set_flag(xl_stim *s, unsigned bit, bool v)
{
    push_ctl(s, bit, v ? bit : 0, 0);
}

/** A PKRU value: each key access-disabled or write-disabled now and then (key 0 mostly open). */
static uint32_t random_pkru(xl_stim *s)
{
    uint32_t v = 0;
    for (unsigned k = 0; k < 16; k++) {
        unsigned p = k == 0 ? 5 : 30;
        if (pct(s, p))
            v |= 1u << (2 * k);     /* AD */
        if (pct(s, p + 10))
            v |= 1u << (2 * k + 1); /* WD */
    }
    return v;
}

/** A mapping with the U bit (as last written), or NULL. */
static const vmap_t *pick_user_map(xl_stim *s, bool exec)
{
    for (int tries = 0; tries < 12; tries++) {
        const vmap_t *m = pick_map(s, pct(s, 60));
        if (m && m->kind != MAP_POISON && (m->perm & XL_PERM_U) && (!exec || (m->perm & XL_PERM_X)))
            return m;
    }
    return NULL;
}

/** K supervisor accesses to user pages (the kernel copying to or from user memory). */
static void kernel_user_accesses(xl_stim *s, unsigned k, bool ac)
{
    for (unsigned i = 0; i < k; i++) {
        const vmap_t *m = pick_user_map(s, false);
        if (m == NULL)
            return;
        unsigned size = pick_size(s);
        xl_op op = pct(s, 8) ? XL_OP_FETCH : (pct(s, 55) ? XL_OP_LOAD : XL_OP_STORE);
        xl_txn *t = push_access(s, op, XL_PRIV_S, size, va_in_map(s, m, size));
        if (t && is_x86(s))
            t->access.ac = ac && pct(s, 90);
    }
}

/** A control change, alone or as an episode (set, use, restore): the
 *  entries cached before it are used after it (docs/verification-plan.md 2.2). */
static void gen_ctl(xl_stim *s)
{
    unsigned r = (unsigned)rnd(s, 100);
    unsigned k = 2 + (unsigned)rnd(s, 10);
    if (is_rv(s)) {
        if (r < 40) {
            /* SUM around a user copy (sometimes left on) */
            if (s->ctl.flags & XL_CTL_SUM) {
                set_flag(s, XL_CTL_SUM, false);
                return;
            }
            set_flag(s, XL_CTL_SUM, true);
            kernel_user_accesses(s, k, false);
            if (pct(s, 85))
                set_flag(s, XL_CTL_SUM, false);
        } else if (r < 65) {
            /* MXR: loads of executable (and execute-only) pages */
            bool on = !(s->ctl.flags & XL_CTL_MXR);
            set_flag(s, XL_CTL_MXR, on);
            for (unsigned i = 0; on && i < k; i++) {
                const vmap_t *m = pct(s, 60) ? pick_user_map(s, true) : pick_map(s, true);
                if (m == NULL)
                    break;
                xl_priv pv = (m->perm & XL_PERM_U) && !((s->ctl.flags & XL_CTL_SUM) && pct(s, 30)) ? XL_PRIV_U
                                                                                                   : XL_PRIV_S;
                unsigned size = pick_size(s);
                push_access(s, XL_OP_LOAD, pv, size, va_in_map(s, m, size));
            }
            if (on && pct(s, 70))
                set_flag(s, XL_CTL_MXR, false);
        } else if (r < 85) {
            set_flag(s, XL_CTL_ADUE, !(s->ctl.flags & XL_CTL_ADUE)); /* Svadu on / off */
        } else {
            unsigned have = XL_CTL_SUM | XL_CTL_MXR | XL_CTL_ADUE;
            push_ctl(s, have, (unsigned)xl_rng_next(&s->rng) & have, 0);
        }
        return;
    }
    if (!is_x86(s))
        return;
    if (r < 18) {
        set_flag(s, XL_CTL_SMAP, !(s->ctl.flags & XL_CTL_SMAP));
    } else if (r < 32) {
        /* a user copy under SMAP: STAC, accesses, CLAC */
        if (!(s->ctl.flags & XL_CTL_SMAP))
            set_flag(s, XL_CTL_SMAP, true);
        kernel_user_accesses(s, k, true);
    } else if (r < 42) {
        /* CR0.WP = 0: the kernel writes read-only pages */
        set_flag(s, XL_CTL_WP, false);
        for (unsigned i = 0; i < k; i++) {
            const vmap_t *m = pick_map(s, pct(s, 50));
            if (m == NULL)
                break;
            unsigned size = pick_size(s);
            xl_txn *t = push_access(s, pct(s, 80) ? XL_OP_STORE : XL_OP_LOAD, pct(s, 80) ? XL_PRIV_S : XL_PRIV_U,
                                    size, va_in_map(s, m, size));
            if (t)
                t->access.ac = pct(s, 50);
        }
        if (pct(s, 85))
            set_flag(s, XL_CTL_WP, true);
    } else if (r < 52) {
        bool on = !(s->ctl.flags & XL_CTL_SMEP);
        if (on && pct(s, 25))
            push_inval(s, XL_INV_INVPCID_ALL, 0, 0); /* then the flush finds nothing to remove */
        set_flag(s, XL_CTL_SMEP, on); /* 0 -> 1 flushes the current PCID */
    } else if (r < 66) {
        /* EFER.NXE = 0 for a while: XD is reserved, cached entries lose NX */
        set_flag(s, XL_CTL_NXE, false);
        for (unsigned i = 0; i < k; i++) {
            const vmap_t *m = pick_map(s, true);
            if (m == NULL)
                break;
            unsigned size = pick_size(s);
            xl_op op = pct(s, 50) ? XL_OP_FETCH : XL_OP_LOAD;
            xl_priv pv = (m->perm & XL_PERM_U) ? XL_PRIV_U : XL_PRIV_S;
            push_access(s, op, pv, size, va_in_map(s, m, size));
        }
        if (pct(s, 90))
            set_flag(s, XL_CTL_NXE, true);
    } else if (r < 92) {
        /* protection keys: enable with a PKRU, change PKRU, or disable */
        if (!(s->ctl.flags & XL_CTL_PKE))
            push_ctl(s, XL_CTL_PKE | XL_CTL_PKRU, XL_CTL_PKE, random_pkru(s));
        else if (pct(s, 75))
            push_ctl(s, XL_CTL_PKRU, 0, random_pkru(s));
        else
            set_flag(s, XL_CTL_PKE, false);
    } else {
        unsigned have = xl_ctl_supported(&s->cfg);
        push_ctl(s, have, (unsigned)xl_rng_next(&s->rng) | XL_CTL_NXE, random_pkru(s));
    }
}

/* ------------------------------------------------------------------ API */

xl_stim *xl_stim_new(const xl_config *cfg, const xl_stim_opts *o, xl_error *err)
{
    xl_stim *s = calloc(1, sizeof *s);
    if (s == NULL) {
        snprintf(err->msg, sizeof err->msg, "out of memory");
        return NULL;
    }
    s->cfg = *cfg;
    s->n = o->n;
    s->ctl = xl_ctl_reset(cfg);
    xl_rng_seed(&s->rng, o->seed, 0x7374696d);
    init_fmtbits(s);
    if (build(s, err) != 0) {
        xl_stim_free(s);
        return NULL;
    }
    sh_free(&s->sh);
    /* the first transaction enters space 0 */
    push_root(s, 0, true);
    return s;
}

void xl_stim_free(xl_stim *s)
{
    if (s == NULL)
        return;
    sh_free(&s->sh);
    free(s->setup);
    free(s->maps);
    free(s->tg);
    for (unsigned l = 0; l < XL_MAX_LEVELS; l++)
        for (unsigned k = 0; k < 2; k++)
            free(s->tg_by_level[l][k]);
    free(s->tabs);
    free(s->subs);
    free(s->kmaps);
    free(s->broken);
    for (unsigned i = 0; i < MAX_SPACES + 2; i++)
        free(s->sp[i].maps);
    free(s);
}

int xl_stim_next(xl_stim *s, xl_stmt *out)
{
    if (s->setup_i < s->nsetup) {
        const setup_rec *r = &s->setup[s->setup_i++];
        out->kind = r->pte ? XL_ST_PTE : XL_ST_MEM;
        out->line = 0;
        out->pa = r->pa;
        out->value = r->value;
        out->size = r->size;
        out->expect.mask = 0;
        return 1;
    }
    if (s->emitted >= s->n)
        return 0;
    while (s->pend_n == 0) {
        unsigned r = (unsigned)rnd(s, 1000);
        s->steps++;
        if (r < 12)
            gen_edit(s);
        else if (r < 20)
            gen_inval(s);
        else if (r < 24)
            gen_switch(s);
        else if (r < 28 && xl_ctl_supported(&s->cfg))
            gen_ctl(s);
        else
            gen_access(s);
    }
    out->kind = XL_ST_TXN;
    out->line = 0;
    out->txn = s->pend[s->pend_head];
    out->expect.mask = 0;
    s->pend_head = (s->pend_head + 1) % PEND;
    s->pend_n--;
    s->emitted++;
    return 1;
}
