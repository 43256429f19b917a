/*
 * refcheck generator (gen.h).  The address space is built the way an OS
 * grows one: leaves are added one at a time under existing tables where
 * possible (so tables are shared and dense), every entry gets random
 * permissions, A/D and ignored bits, and a few entries get an illegal
 * feature of their format (fmt.h: rc_bad).  Each leaf records the frames
 * inside its page that accesses may target, so that a correct translation
 * always lands on memory the generator owns: stores only on data frames,
 * fetches only on code slots.
 */
#include "gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- random numbers ------------------------------------------------------ */
static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void rc_rng_seed(rc_rng *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t rc_rng_next(rc_rng *r)
{
    uint64_t *s = r->s;
    uint64_t out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return out;
}

uint64_t rc_rng_below(rc_rng *r, uint64_t n)
{
    return rc_rng_next(r) % n;
}

bool rc_rng_pct(rc_rng *r, unsigned pct)
{
    return rc_rng_below(r, 100) < pct;
}

/* ---- control combinations ------------------------------------------------ */
unsigned rc_combo_count(const rc_fmt *f)
{
    return f->ncombos;
}

void rc_combo_decode(const rc_fmt *f, unsigned c, unsigned *priv, uint32_t *ctl, bool *ac)
{
    *priv = (c & 1u) ? RC_PRIV_U : RC_PRIV_S;
    *ctl = 0;
    *ac = false;
    if (rc_isa_x86(f->isa)) {
        *ctl |= (c & 2u) ? RC_C_WP : 0;
        *ctl |= (c & 4u) ? RC_C_SMEP : 0;
        *ctl |= (c & 8u) ? RC_C_SMAP : 0;
        *ac = (c & 16u) != 0;
        *ctl |= (c & 32u) ? RC_C_NXE : 0;
        *ctl |= (c & 64u) ? RC_C_PKE : 0;
    } else {
        *ctl |= (c & 2u) ? RC_C_SUM : 0;
        *ctl |= (c & 4u) ? RC_C_MXR : 0;
        *ctl |= (c & 8u) ? RC_C_ADUE : 0;
    }
}

void rc_combo_name(const rc_fmt *f, unsigned c, char *buf, size_t len)
{
    static const char *const x86[] = {"cpl3", "wp", "smep", "smap", "ac", "nxe", "pke"};
    static const char *const rv[] = {"u", "sum", "mxr", "adue"};
    bool is_x86 = rc_isa_x86(f->isa);
    const char *const *names = is_x86 ? x86 : rv;
    unsigned n = is_x86 ? 7 : 4, at = 0;
    buf[0] = '\0';
    for (unsigned i = 0; i < n && at < len; i++) {
        const char *s = names[i];
        if (i == 0 && !(c & 1u))
            s = is_x86 ? "cpl0" : "s";
        else if (i > 0 && !(c & (1u << i)))
            s = "-";
        at += (unsigned)snprintf(buf + at, len - at, "%s%s", i ? " " : "", s);
    }
}

/* ---- frame map and lists -------------------------------------------------- */
static int grow(void **p, unsigned *cap, size_t elem, unsigned need)
{
    if (need <= *cap)
        return 0;
    unsigned n = *cap ? *cap * 2 : 64;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, (size_t)n * elem);
    if (q == NULL)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

static size_t fmap_slot(const rc_run *r, uint64_t ppn)
{
    size_t m = r->fmap_cap - 1, i = (size_t)((ppn * 0x9E3779B97F4A7C15ull) >> 20) & m;
    while (r->fmap_key[i] != 0 && r->fmap_key[i] != ppn + 1)
        i = (i + 1) & m;
    return i;
}

/* fmap_val: the RC_FR_* kind, RC_FM_UC for a data frame reached only
 * through Svpbmt NC / IO leaves (the model's uncached accesses bypass its
 * L1D, so a frame reached both cached and uncached could legitimately hold
 * stale data there: docs/architecture.md section 6.1) */
#define RC_FM_UC 0x80u

unsigned rc_frame_kind(const rc_run *r, uint64_t pa)
{
    if (r->fmap_cap == 0)
        return 0;
    size_t i = fmap_slot(r, pa >> 12);
    return r->fmap_key[i] ? r->fmap_val[i] & ~RC_FM_UC : 0;
}

bool rc_frame_uc(const rc_run *r, uint64_t pa)
{
    if (r->fmap_cap == 0)
        return false;
    size_t i = fmap_slot(r, pa >> 12);
    return r->fmap_key[i] && (r->fmap_val[i] & RC_FM_UC);
}

static void mark_uc(rc_run *r, uint64_t pa)
{
    size_t i = fmap_slot(r, pa >> 12);
    if (r->fmap_key[i])
        r->fmap_val[i] |= RC_FM_UC;
}

static int fmap_put(rc_run *r, uint64_t ppn, uint8_t kind)
{
    if ((r->fmap_n + 1) * 2 > r->fmap_cap) {
        size_t oc = r->fmap_cap, nc = oc ? oc * 2 : 1024;
        uint64_t *ok = r->fmap_key;
        uint8_t *ov = r->fmap_val;
        r->fmap_key = calloc(nc, sizeof *r->fmap_key);
        r->fmap_val = calloc(nc, 1);
        if (!r->fmap_key || !r->fmap_val) {
            free(r->fmap_key);
            free(r->fmap_val);
            r->fmap_key = ok;
            r->fmap_val = ov;
            return -1;
        }
        r->fmap_cap = nc;
        for (size_t i = 0; i < oc; i++)
            if (ok[i]) {
                size_t j = fmap_slot(r, ok[i] - 1);
                r->fmap_key[j] = ok[i];
                r->fmap_val[j] = ov[i];
            }
        free(ok);
        free(ov);
    }
    size_t i = fmap_slot(r, ppn);
    if (r->fmap_key[i] == 0)
        r->fmap_n++;
    r->fmap_key[i] = ppn + 1;
    r->fmap_val[i] = kind;
    return 0;
}

/* Frames that need no particular place (tables, 4 KiB pages) stay in the
 * first r->window bytes of the frame area, and superpage frames in a few
 * 2 MiB regions (r->scatter): QEMU backs guest RAM with transparent huge
 * pages, so every 2 MiB region the guest touches costs a 2 MiB clear
 * (measured: frames scattered over 2 GiB made QEMU ten times slower).
 * Superpages still reach all of RAM over the runs. */

/* A free 4 KiB frame in [lo, hi) ∩ [frames_base, ram_end), or 0; with
 * lo = 0 and hi = UINT64_MAX, one in the window. */
static uint64_t alloc_frame(rc_run *r, uint64_t lo, uint64_t hi, uint8_t kind)
{
    const rc_fmt *f = r->fmt;
    if (lo == 0 && hi == UINT64_MAX)
        hi = f->frames_base + r->window;
    if (lo < f->frames_base)
        lo = f->frames_base;
    if (hi > f->ram_end)
        hi = f->ram_end;
    if (hi <= lo)
        return 0;
    uint64_t n = (hi - lo) >> 12;
    for (int t = 0; t < 64; t++) {
        uint64_t pa = lo + (rc_rng_below(&r->rng, n) << 12);
        if (rc_frame_kind(r, pa) == 0)
            return fmap_put(r, pa >> 12, kind) == 0 ? pa : 0;
    }
    return 0;
}

static uint64_t new_frame(rc_run *r, uint64_t lo, uint64_t hi, uint8_t kind)
{
    uint64_t pa = alloc_frame(r, lo, hi, kind);
    if (pa == 0)
        return 0;
    if (kind == RC_FR_DATA) {
        if (grow((void **)&r->data, &r->cap_data, sizeof *r->data, r->ndata + 1))
            return 0;
        r->data[r->ndata++] = pa;
    } else if (kind == RC_FR_CODE) {
        if (grow((void **)&r->code, &r->cap_code, sizeof *r->code, r->ncode + 1))
            return 0;
        r->code[r->ncode++] = pa;
    }
    return pa;
}

static int new_table(rc_run *r, unsigned level, uint64_t va_base, bool fixed)
{
    uint64_t pa = alloc_frame(r, 0, UINT64_MAX, RC_FR_TABLE);
    if (pa == 0 || grow((void **)&r->tables, &r->cap_tables, sizeof *r->tables, r->ntables + 1))
        return -1;
    rc_table *t = &r->tables[r->ntables];
    memset(t, 0, sizeof *t);
    t->pa = pa;
    t->level = level;
    t->va_base = va_base;
    t->fixed = fixed;
    return (int)r->ntables++;
}

/* ---- entries -------------------------------------------------------------- */
static void pick_bad(rc_run *r, rc_ent *e, bool leaf, unsigned level, unsigned pct)
{
    rc_bad ok[RC_BAD_COUNT];
    unsigned n = 0;
    if (!rc_rng_pct(&r->rng, pct))
        return;
    for (int b = 1; b < RC_BAD_COUNT; b++)
        if (r->fmt->bad_ok(r->fmt, (rc_bad)b, leaf, level, r->pa_bits, r->ext))
            ok[n++] = (rc_bad)b;
    if (n == 0)
        return;
    e->bad = ok[rc_rng_below(&r->rng, n)];
    e->bad_bit = (unsigned)rc_rng_below(&r->rng, 64);
    r->bad_count[e->bad]++;
    if (e->bad == RC_BAD_NAPOT_ENC || e->bad == RC_BAD_NAPOT_SUPER)
        e->a = e->d = true; /* QEMU 7.2 sets A/D before it rejects the encoding (docs/refcheck.md section 8) */
}

static void rand_ptr(rc_run *r, rc_ent *e, unsigned level, uint64_t ppn)
{
    rc_rng *g = &r->rng;
    memset(e, 0, sizeof *e);
    e->present = true;
    e->ppn = ppn;
    e->noise = rc_rng_pct(g, 30) ? rc_rng_next(g) : 0;
    if (r->fmt->features & RC_FF_PTR_PERMS) {
        e->w = rc_rng_pct(g, 85);
        e->u = rc_rng_pct(g, 85);
        e->nx = (r->fmt->features & RC_FF_NX) && rc_rng_pct(g, 6);
        e->a = rc_rng_pct(g, 50);
        e->d = rc_rng_pct(g, 30); /* ignored in a pointer */
        e->g = rc_rng_pct(g, 20);
    } else {
        e->g = rc_rng_pct(g, 15);
    }
    if (r->fmt->features & RC_FF_CACHE_ATTR) {
        e->pwt = rc_rng_pct(g, 10);
        e->pcd = rc_rng_pct(g, 10);
    }
    pick_bad(r, e, false, level, 5);
}

static void rand_leaf(rc_run *r, rc_ent *e, unsigned level, uint64_t ppn)
{
    rc_rng *g = &r->rng;
    memset(e, 0, sizeof *e);
    e->present = true;
    e->leaf = true;
    e->ppn = ppn;
    e->noise = rc_rng_pct(g, 30) ? rc_rng_next(g) : 0;
    e->a = rc_rng_pct(g, 50);
    e->d = rc_rng_pct(g, 50);
    e->g = rc_rng_pct(g, 15);
    if (r->fmt->features & RC_FF_LEAF_RWX) {
        unsigned k = (unsigned)rc_rng_below(g, 100);
        e->r = k < 65 || k >= 85;        /* R 20, RW 30, X 15, RX 20, RWX 15 */
        e->w = (k >= 20 && k < 50) || k >= 85;
        e->x = k >= 50;
        e->u = rc_rng_pct(g, 50);
    } else {
        e->w = rc_rng_pct(g, 60);
        e->u = rc_rng_pct(g, 60);
    }
    e->nx = (r->fmt->features & RC_FF_NX) && rc_rng_pct(g, 15);
    if (r->fmt->features & RC_FF_CACHE_ATTR) {
        e->pwt = rc_rng_pct(g, 10);
        e->pcd = rc_rng_pct(g, 10);
        e->pat = rc_rng_pct(g, 10);
    }
    if (r->fmt->features & RC_FF_PKEY)
        e->pkey = (unsigned)rc_rng_below(g, 16);
    pick_bad(r, e, true, level, level > 0 ? 14 : 8);
}

static void put_entry(rc_run *r, unsigned t, unsigned slot, unsigned kind, int ref, const rc_ent *e)
{
    rc_table *tb = &r->tables[t];
    tb->kind[slot] = (uint8_t)kind;
    tb->bad[slot] = (uint8_t)e->bad;
    tb->ref[slot] = ref;
    tb->raw[slot] = r->fmt->encode(r->fmt, e, tb->level, r->pa_bits);
}

/* A random empty slot of table t (x86 root: never slot 0), or -1. */
static int empty_slot(rc_run *r, unsigned t)
{
    const rc_table *tb = &r->tables[t];
    for (int k = 0; k < 48; k++) {
        unsigned s = (unsigned)rc_rng_below(&r->rng, rc_entries(r->fmt));
        if (tb->kind[s] == RC_S_EMPTY)
            return (int)s;
    }
    return -1;
}

/* A random group of 16 empty slots (16-aligned) of table t, or -1. */
static int empty_group(rc_run *r, unsigned t)
{
    const rc_table *tb = &r->tables[t];
    for (int k = 0; k < 24; k++) {
        unsigned s = (unsigned)rc_rng_below(&r->rng, 32) * 16, ok = 1;
        for (unsigned i = 0; i < 16 && ok; i++)
            ok = tb->kind[s + i] == RC_S_EMPTY;
        if (ok)
            return (int)s;
    }
    return -1;
}

/* ---- the address space ---------------------------------------------------- */
/* Out-of-RAM PA ranges where QEMU's virt machine has no device (measured:
 * [4 GiB, 16 GiB) is free, [16 GiB, 32 GiB) is the 64-bit PCIe window, which
 * reads as all-ones, and nothing is mapped from 64 GiB up). */
static uint64_t outside_block(rc_run *r, unsigned level)
{
    uint64_t size = rc_page_size(r->fmt, level);
    if (level <= 2 && (r->fmt->pa_bits_max <= 34 || rc_rng_pct(&r->rng, 70))) { /* Sv32: below 2^34 */
        uint64_t lo = 0x100000000ull, hi = 0x400000000ull, n = (hi - lo) / size;
        return lo + rc_rng_below(&r->rng, n) * size;
    }
    uint64_t lo = 0x1000000000ull > size ? 0x1000000000ull : size, hi = 1ull << 52;
    return (lo + rc_rng_below(&r->rng, (hi - lo) / size) * size) & ~(size - 1);
}

/* The PA of frame number k of the run: data frames, then code frames, then
 * (with tables) the page tables. */
static uint64_t frame_at(const rc_run *r, unsigned k)
{
    if (k < r->ndata)
        return r->data[k];
    k -= r->ndata;
    return k < r->ncode ? r->code[k] : r->tables[k - r->ncode].pa;
}

/* One of the run's existing frames inside [lo, hi), chosen by `pick`, or 0. */
static uint64_t existing_in(const rc_run *r, uint64_t lo, uint64_t hi, unsigned pick, bool tables_too)
{
    unsigned total = r->ndata + r->ncode + (tables_too ? r->ntables : 0), n = 0;
    for (unsigned k = 0; k < total; k++) {
        uint64_t pa = frame_at(r, k);
        n += pa >= lo && pa < hi && !rc_frame_uc(r, pa);
    }
    if (n == 0)
        return 0;
    pick %= n;
    for (unsigned k = 0; k < total; k++) {
        uint64_t pa = frame_at(r, k);
        if (pa >= lo && pa < hi && !rc_frame_uc(r, pa) && pick-- == 0)
            return pa;
    }
    return 0;
}

static int add_interest(rc_leaf *l, uint64_t pa, unsigned kind)
{
    for (unsigned i = 0; i < l->n; i++)
        if (l->fpa[i] == pa)
            return 0;
    if (l->n == 4)
        return 0;
    l->fpa[l->n] = pa;
    l->fkind[l->n] = (uint8_t)kind;
    l->n++;
    return 0;
}

/* The page a new leaf maps and its frames of interest.  A Svnapot leaf maps
 * a 64 KiB block of the window; a leaf with a Svpbmt NC / IO type maps only
 * code frames (never written) and fresh data frames that no other leaf
 * reaches (rc_frame_uc).  @return 0, 1 if a NAPOT or NC / IO leaf found no
 * frame (the caller retries it as an ordinary one), -1 out of memory. */
static int choose_page(rc_run *r, rc_leaf *l)
{
    const rc_fmt *f = r->fmt;
    rc_rng *g = &r->rng;
    bool uc = l->pbmt != 0;
    uint64_t size = l->napot ? 16ull * RC_PAGE : rc_page_size(r->fmt, l->level);
    if (f->has_outside && rc_rng_pct(g, 8)) {
        l->pa = outside_block(r, l->level) & ~(size - 1);
        return add_interest(l, l->pa + (rc_rng_below(g, size >> 12) << 12), RC_FR_OUTSIDE);
    }
    if (l->level == 0 && !l->napot) {
        unsigned k = (unsigned)rc_rng_below(g, 100);
        uint64_t pa = 0;
        unsigned kind = RC_FR_DATA;
        if (k >= 35 && k < 50 && r->ndata && !uc) {
            pa = r->data[rc_rng_below(g, r->ndata)];
            if (rc_frame_uc(r, pa))
                pa = 0;
        } else if (k >= 50 && k < 75) {
            kind = RC_FR_CODE;
        } else if (k >= 75 && k < 85 && r->ncode) {
            kind = RC_FR_CODE;
            pa = r->code[rc_rng_below(g, r->ncode)];
        } else if (k >= 85 && k < 92 && !uc) {
            kind = RC_FR_TABLE;
            pa = r->tables[rc_rng_below(g, r->ntables)].pa;
        }
        if (pa == 0) {
            pa = new_frame(r, 0, UINT64_MAX, (uint8_t)kind);
            if (pa && uc && kind == RC_FR_DATA)
                mark_uc(r, pa);
        }
        if (pa == 0)
            return -1;
        l->pa = pa;
        return add_interest(l, pa, kind);
    }
    if (l->napot) {
        /* a 64 KiB block of the window */
        l->pa = f->frames_base + rc_rng_below(g, r->window / size) * size;
    } else {
        /* a superpage: a RAM block of its size that meets the frame area; a
           2 MiB page is one of the scatter regions most of the time */
        uint64_t lo = f->frames_base & ~(size - 1), hi = f->ram_end;
        uint64_t nblk = (hi - lo + size - 1) / size;
        if (l->level == 1 && rc_rng_pct(g, 75))
            l->pa = r->scatter[rc_rng_below(g, 16)] & ~(size - 1); /* Sv32: 4 MiB pages */
        else
            l->pa = lo + rc_rng_below(g, nblk) * size;
    }
    unsigned n = 1 + (unsigned)rc_rng_below(g, 3);
    for (unsigned i = 0; i < n; i++) {
        unsigned k = (unsigned)rc_rng_below(g, 100);
        uint64_t pa = 0;
        unsigned kind = k < 55 ? RC_FR_DATA : k < 80 ? RC_FR_CODE : 0;
        if (kind == 0) {
            pa = existing_in(r, l->pa, l->pa + size, (unsigned)rc_rng_next(g), true);
            kind = pa ? rc_frame_kind(r, pa) : RC_FR_DATA;
            if (uc && pa && kind != RC_FR_CODE) {
                pa = 0; /* NC / IO: no frame another leaf reaches cached, except code */
                kind = RC_FR_DATA;
            }
        }
        if (pa == 0 && size > (2ull << 20)) {
            /* inside the page: the window or a scatter region, if one is there */
            uint64_t cand[17];
            unsigned nc = 0;
            if (f->frames_base >= l->pa && f->frames_base < l->pa + size)
                cand[nc++] = f->frames_base;
            for (unsigned s2 = 0; s2 < 16; s2++)
                if (r->scatter[s2] >= l->pa && r->scatter[s2] < l->pa + size)
                    cand[nc++] = r->scatter[s2];
            if (nc) {
                uint64_t c = cand[rc_rng_below(g, nc)];
                pa = new_frame(r, c, c + (c == f->frames_base ? r->window : 2ull << 20), (uint8_t)kind);
                if (pa && uc && kind == RC_FR_DATA)
                    mark_uc(r, pa);
            }
        }
        if (pa == 0) {
            pa = new_frame(r, l->pa, l->pa + size, (uint8_t)kind);
            if (pa && uc && kind == RC_FR_DATA)
                mark_uc(r, pa);
        }
        if (pa)
            add_interest(l, pa, kind);
    }
    if (l->n == 0 && (l->napot || uc))
        return 1;
    return l->n ? 0 : -1;
}

static int table_broken(const rc_run *r, unsigned t, uint64_t va)
{
    /* is an entry on the path from the root to table t illegal? */
    unsigned cur = 0;
    while (cur != t) {
        const rc_table *tb = &r->tables[cur];
        unsigned s = rc_index(r->fmt, va, tb->level);
        if (tb->kind[s] != RC_S_PTR || tb->bad[s] != RC_BAD_NONE)
            return 1;
        cur = (unsigned)tb->ref[s];
    }
    return 0;
}

static int make_leaf(rc_run *r, unsigned root)
{
    const rc_fmt *f = r->fmt;
    rc_rng *g = &r->rng;
    /* page sizes: 4 KiB 52 %, 2 MiB 28 %, 1 GiB 14 %, larger ones 6 % (of those the format has) */
    static const unsigned weight[5] = {52, 28, 14, 6, 3};
    unsigned w[5] = {0}, sum = 0, level = 0;
    for (unsigned l = 0; l < f->levels && l < 5; l++)
        if (f->leaf_mask & (1u << l))
            sum += w[l] = weight[l];
    unsigned k = (unsigned)rc_rng_below(g, sum);
    while (level + 1 < f->levels && k >= w[level]) {
        k -= w[level];
        level++;
    }
    /* start under an existing table where possible, so tables fill up */
    unsigned t = root;
    if (rc_rng_pct(g, 65)) {
        unsigned cand = (unsigned)rc_rng_below(g, r->ntables);
        if (!r->tables[cand].fixed && r->tables[cand].level >= level)
            t = cand;
    }
    while (r->tables[t].level > level) {
        rc_table *tb = &r->tables[t];
        unsigned ptrs = 0;
        for (unsigned s = 0; s < rc_entries(f); s++)
            ptrs += tb->kind[s] == RC_S_PTR;
        if (ptrs && rc_rng_pct(g, 60)) {
            unsigned pick = (unsigned)rc_rng_below(g, ptrs);
            for (unsigned s = 0; s < rc_entries(f); s++)
                if (tb->kind[s] == RC_S_PTR && pick-- == 0) {
                    t = (unsigned)tb->ref[s];
                    break;
                }
            continue;
        }
        int s = empty_slot(r, t);
        if (s < 0)
            return 0;
        uint64_t vb = tb->va_base + (uint64_t)s * rc_page_size(r->fmt, tb->level);
        int c = new_table(r, tb->level - 1, vb, false);
        if (c < 0)
            return -1;
        rc_ent e;
        rand_ptr(r, &e, r->tables[t].level, r->tables[c].pa >> 12);
        put_entry(r, t, (unsigned)s, RC_S_PTR, c, &e);
        t = (unsigned)c;
    }
    /* Svnapot: 15 % of the 4 KiB leaves are 64 KiB pages, 16 identical
       entries in an aligned group of empty slots */
    bool napot = level == 0 && (r->ext & RC_EXT_SVNAPOT) && rc_rng_pct(g, 15);
    int s = napot ? empty_group(r, t) : empty_slot(r, t);
    if (napot && s < 0) {
        napot = false;
        s = empty_slot(r, t);
    }
    if (s < 0)
        return 0;
    if (grow((void **)&r->leaves, &r->cap_leaves, sizeof *r->leaves, r->nleaves + 1))
        return -1;
    rc_leaf *l = &r->leaves[r->nleaves];
    memset(l, 0, sizeof *l);
    l->level = level;
    l->table = t;
    l->slot = (unsigned)s;
    l->va = rc_canon(f, r->tables[t].va_base + (uint64_t)s * rc_page_size(r->fmt, level));
    l->napot = napot;
    /* Svpbmt: 25 % of the leaves are NC or IO */
    l->pbmt = (r->ext & RC_EXT_SVPBMT) && rc_rng_pct(g, 25) ? 1 + (unsigned)rc_rng_below(g, 2) : 0;
    int cp = choose_page(r, l);
    if (cp > 0) { /* no frame for a NAPOT or NC / IO page here: an ordinary leaf */
        memset(l->fpa, 0, sizeof l->fpa);
        l->n = 0;
        l->napot = false;
        l->pbmt = 0;
        cp = choose_page(r, l);
    }
    if (cp != 0)
        return -1;
    rc_ent e;
    rand_leaf(r, &e, level, l->pa >> 12);
    e.napot = l->napot;
    e.pbmt = l->pbmt;
    if (l->napot) /* A and D preset: which of the 16 entries hardware updates is the implementation's choice */
        e.a = e.d = true;
    for (unsigned c = 0; c < (l->napot ? 16u : 1u); c++)
        put_entry(r, t, (unsigned)s + c, RC_S_LEAF, (int)r->nleaves, &e);
    l->broken = e.bad != RC_BAD_NONE || table_broken(r, t, l->va);
    r->nleaves++;
    return 0;
}

static int add_hole(rc_run *r, unsigned t)
{
    rc_rng *g = &r->rng;
    int s = empty_slot(r, t);
    if (s < 0)
        return 0;
    rc_ent e;
    unsigned level = r->tables[t].level;
    if (r->fmt->has_outside && level > 0 && rc_rng_pct(g, 15)) {
        /* a pointer to a table outside RAM */
        rand_ptr(r, &e, level, outside_block(r, 0) >> 12);
    } else if (level > 0 && rc_rng_pct(g, 15)) {
        /* a pointer to an empty table */
        uint64_t vb = r->tables[t].va_base + (uint64_t)s * rc_page_size(r->fmt, level);
        int c = new_table(r, level - 1, vb, false);
        if (c < 0)
            return -1;
        rand_ptr(r, &e, level, r->tables[c].pa >> 12);
        put_entry(r, t, (unsigned)s, RC_S_PTR, c, &e);
        return 0;
    } else {
        memset(&e, 0, sizeof e);
        e.noise = rc_rng_pct(g, 50) ? rc_rng_next(g) : 0; /* not present, other bits random */
    }
    put_entry(r, t, (unsigned)s, RC_S_HOLE, -1, &e);
    if (grow((void **)&r->holes, &r->cap_holes, sizeof *r->holes, r->nholes + 1))
        return -1;
    r->holes[r->nholes++] = (uint32_t)t << 10 | (uint32_t)s;
    return 0;
}

/* x86: PML4 entry 0 (LA57: PML5 entry 0, then PML4 entry 0) maps the
 * harness (identity 0 .. RC_X86_HARNESS_END, supervisor) and the user stub
 * page at 1 GiB (U = 1).  A and D are preset, so QEMU never writes these
 * entries. */
static int x86_harness(rc_run *r, unsigned root)
{
    rc_ent e;
    int p4 = r->fmt->levels == 5 ? new_table(r, 3, 0, true) : (int)root;
    int pdpt = new_table(r, 2, 0, true), pd = new_table(r, 1, 0, true), pds = new_table(r, 1, 1ull << 30, true),
        pt = new_table(r, 0, 1ull << 30, true);
    if (p4 < 0 || pdpt < 0 || pd < 0 || pds < 0 || pt < 0)
        return -1;
    memset(&e, 0, sizeof e);
    e.present = e.w = e.a = e.d = true;
    e.u = true;
    if (p4 != (int)root) {
        e.ppn = r->tables[p4].pa >> 12;
        put_entry(r, root, 0, RC_S_FIXED, p4, &e);
    }
    e.ppn = r->tables[pdpt].pa >> 12;
    put_entry(r, (unsigned)p4, 0, RC_S_FIXED, pdpt, &e);
    e.u = false;
    e.ppn = r->tables[pd].pa >> 12;
    put_entry(r, (unsigned)pdpt, 0, RC_S_FIXED, pd, &e);
    e.leaf = true;
    for (unsigned i = 0; i < RC_X86_HARNESS_END >> 21; i++) {
        e.ppn = (uint64_t)i << 9;
        put_entry(r, (unsigned)pd, i, RC_S_FIXED, -1, &e);
    }
    e.leaf = false;
    e.u = true;
    e.ppn = r->tables[pds].pa >> 12;
    put_entry(r, (unsigned)pdpt, 1, RC_S_FIXED, pds, &e);
    e.ppn = r->tables[pt].pa >> 12;
    put_entry(r, (unsigned)pds, 0, RC_S_FIXED, pt, &e);
    e.leaf = true;
    e.w = false;
    e.ppn = RC_X86_USTUB_PA >> 12;
    put_entry(r, (unsigned)pt, 0, RC_S_FIXED, -1, &e);
    r->stub_va = 1ull << 30;
    return 0;
}

/* ---- accesses ------------------------------------------------------------- */
/* The leaf a VA reaches in the generator's tree: >= 0 leaf, -1 nothing, -2
 * harness.  *pte_pa (if not NULL) gets the PA of the last entry on the path. */
static int resolve_pte(const rc_run *r, uint64_t va, uint64_t *pte_pa)
{
    unsigned t = 0;
    for (;;) {
        const rc_table *tb = &r->tables[t];
        unsigned s = rc_index(r->fmt, va, tb->level);
        if (pte_pa)
            *pte_pa = tb->pa + r->fmt->pte_bytes * s;
        switch (tb->kind[s]) {
        case RC_S_PTR:
            t = (unsigned)tb->ref[s];
            continue;
        case RC_S_LEAF:
            return tb->ref[s];
        case RC_S_FIXED:
            return -2;
        default:
            return -1;
        }
    }
}

static int resolve(const rc_run *r, uint64_t va)
{
    return resolve_pte(r, va, NULL);
}

int rc_resolve(const rc_run *r, uint64_t va)
{
    return resolve_pte(r, va, NULL);
}

static bool suits(unsigned op, unsigned kind)
{
    if (kind == RC_FR_OUTSIDE)
        return true;
    if (op == RC_OP_STORE)
        return kind == RC_FR_DATA;
    if (op == RC_OP_FETCH)
        return kind == RC_FR_CODE;
    return true;
}

static uint64_t offset_in_frame(rc_run *r, unsigned op, unsigned size)
{
    if (op == RC_OP_FETCH)
        return rc_rng_below(&r->rng, RC_PAGE / RC_SLOT) * RC_SLOT;
    return rc_rng_below(&r->rng, RC_PAGE / size) * size;
}

/* A VA through leaf l that lands on a frame suited to op, or 0. */
static int leaf_va(rc_run *r, const rc_leaf *l, unsigned op, unsigned size, uint64_t *va)
{
    unsigned ok[4], n = 0;
    for (unsigned i = 0; i < l->n; i++)
        if (suits(op, l->fkind[i]))
            ok[n++] = i;
    if (n == 0)
        return 0;
    unsigned i = ok[rc_rng_below(&r->rng, n)];
    *va = l->va + (l->fpa[i] - l->pa) + offset_in_frame(r, op, size);
    return 1;
}

static uint32_t rand_pkru(rc_run *r)
{
    uint32_t v = 0;
    for (unsigned k = 0; k < 16; k++) {
        v |= rc_rng_pct(&r->rng, 20) ? 1u << (2 * k) : 0;
        v |= rc_rng_pct(&r->rng, 30) ? 2u << (2 * k) : 0;
    }
    return v;
}

static int gen_accesses(rc_run *r, unsigned nacc)
{
    const rc_fmt *f = r->fmt;
    rc_rng *g = &r->rng;
    unsigned nc = rc_combo_count(f), deck[RC_MAX_COMBOS], pos = nc, left = 0, combo = 0, prev_kind = 0;
    bool noflush = false;
    uint32_t pkru = 0;
    int prev_leaf = -1;
    uint64_t prev_va = 0;
    r->acc = calloc(nacc ? nacc : 1, sizeof *r->acc);
    r->combo = calloc(nacc ? nacc : 1, sizeof *r->combo);
    if (!r->acc || !r->combo)
        return -1;
    for (unsigned i = 0; i < nacc; i++) {
        rc_acc *a = &r->acc[i];
        bool setctl = i == 0;
        if (left == 0) {
            /* every combination once per deck, in a random order */
            if (pos == nc) {
                for (unsigned k = 0; k < nc; k++)
                    deck[k] = k;
                for (unsigned k = nc - 1; k > 0; k--) {
                    unsigned j = (unsigned)rc_rng_below(g, k + 1), t = deck[k];
                    deck[k] = deck[j];
                    deck[j] = t;
                }
                pos = 0;
            }
            combo = deck[pos++];
            left = 1 + (rc_rng_pct(g, 50) ? (unsigned)rc_rng_below(g, 6) : 0);
            setctl = true;
            /* RISC-V: a third of the control writes keep the TLB (SUM and MXR
               apply to cached translations too); x86 always reloads CR3 */
            noflush = i > 0 && !rc_isa_x86(f->isa) && rc_rng_pct(g, 33);
            if (rc_isa_x86(f->isa))
                pkru = rand_pkru(r);
        } else if (rc_rng_pct(g, 50)) {
            setctl = true; /* same controls, TLB flushed */
        } else if (rc_rng_pct(g, 30)) {
            /* warm TLB, other privilege (x86: or other EFLAGS.AC): no control write needed */
            combo ^= (rc_isa_x86(f->isa) && rc_rng_pct(g, 40)) ? 16u : 1u;
        }
        left--;
        unsigned priv;
        uint32_t ctl;
        bool ac;
        rc_combo_decode(f, combo, &priv, &ctl, &ac);
        unsigned k = (unsigned)rc_rng_below(g, 100);
        unsigned op = k < 45 ? RC_OP_LOAD : k < 80 ? RC_OP_STORE : RC_OP_FETCH;
        unsigned size = 1u << rc_rng_below(g, f->pte_bytes == 4 ? 3 : 4); /* RV32: no 8-byte accesses */
        uint64_t va = 0;
        int have = 0;
        unsigned how = (unsigned)rc_rng_below(g, 100);
        if (i > 0 && (!setctl || noflush) && prev_leaf >= 0 && rc_rng_pct(g, 60)) {
            /* locality: the page of the previous access again, on a warm
               TLB (a load then a store exercises the D re-walk) */
            const rc_leaf *l = &r->leaves[prev_leaf];
            if (rc_rng_pct(g, 50) && suits(op, prev_kind)) {
                va = (prev_va & ~(uint64_t)(RC_PAGE - 1)) + offset_in_frame(r, op, size);
                have = 1;
            } else {
                have = leaf_va(r, l, op, size, &va);
            }
        }
        if (have) {
            /* done */
        } else if (how >= 80 && how < 88 && r->nholes) {
            uint32_t h = r->holes[rc_rng_below(g, r->nholes)];
            const rc_table *tb = &r->tables[h >> 10];
            uint64_t ps = rc_page_size(r->fmt, tb->level);
            va = tb->va_base + (h & 1023u) * ps + (rc_rng_below(g, ps / 16) * 16 & ~(uint64_t)(size - 1));
            va = rc_canon(f, va);
            have = 1;
        } else if (how >= 88 && how < 95) {
            for (int t = 0; t < 16 && !have; t++) {
                uint64_t v = rc_canon(f, rc_rng_next(g) & ~(uint64_t)15);
                int lf = resolve(r, v);
                if (lf == -1) {
                    va = v;
                    have = 1;
                } else if (lf >= 0) {
                    have = leaf_va(r, &r->leaves[lf], op, size, &va);
                }
            }
        } else if (how >= 95 && !f->zext_va) {
            /* not canonical: flip one of bits 63 .. va_bits-1 (the boundary
               bit va_bits-1 a third of the time), or all of 63 .. va_bits;
               half the time of a VA that is mapped, so that a walker that
               ignores the high bits translates it */
            uint64_t v = rc_canon(f, rc_rng_next(g) & ~(uint64_t)15);
            unsigned k2 = (unsigned)rc_rng_below(g, 3);
            if (rc_rng_pct(g, 50) && r->nleaves && leaf_va(r, &r->leaves[rc_rng_below(g, r->nleaves)], op, size, &v))
                k2 = 1 + (unsigned)rc_rng_below(g, 2);
            if (k2 == 0)
                va = v ^ (1ull << (f->va_bits - 1));
            else if (k2 == 1)
                va = v ^ (1ull << (f->va_bits + rc_rng_below(g, 64 - f->va_bits)));
            else
                va = v ^ ~((1ull << f->va_bits) - 1);
            have = 1;
        }
        for (int t = 0; t < 16 && !have && r->nleaves; t++)
            have = leaf_va(r, &r->leaves[rc_rng_below(g, r->nleaves)], op, size, &va);
        if (!have) { /* no leaf suits this op: a load of any leaf */
            op = RC_OP_LOAD;
            have = leaf_va(r, &r->leaves[rc_rng_below(g, r->nleaves)], op, size, &va);
        }
        /* remember the leaf and frame this access aims at, for locality */
        prev_leaf = -1;
        a->pte_pa = 0;
        if (rc_canon(f, va) == va) {
            int lf = resolve_pte(r, va, &a->pte_pa);
            if (lf >= 0) {
                const rc_leaf *l = &r->leaves[lf];
                uint64_t pa = l->pa + (va - l->va);
                prev_leaf = lf;
                prev_va = va;
                prev_kind = RC_FR_OUTSIDE;
                for (unsigned k3 = 0; k3 < l->n; k3++)
                    if ((pa & ~(uint64_t)(RC_PAGE - 1)) == l->fpa[k3])
                        prev_kind = l->fkind[k3];
                if (prev_kind == RC_FR_OUTSIDE && rc_frame_kind(r, pa) != 0)
                    prev_leaf = -1; /* not one of the leaf's frames of interest */
            }
        }
        a->op = (uint8_t)op;
        a->size = (uint8_t)size;
        a->priv = (uint8_t)priv;
        a->flags = (uint8_t)((setctl ? RC_F_SETCTL : 0) | (ac ? RC_F_AC : 0) | (setctl && noflush ? RC_F_NOFLUSH : 0));
        noflush = false;
        a->ctl = ctl;
        a->pkru = pkru;
        a->va = va;
        a->wdata = op == RC_OP_STORE ? rc_rng_next(g) & (size == 8 ? ~0ull : (1ull << (8 * size)) - 1) : 0;
        r->combo[i] = (uint16_t)combo;
    }
    r->nacc = nacc;
    return 0;
}

int rc_gen(rc_run *r, const rc_fmt *f, uint64_t seed, unsigned nacc, unsigned pa_bits, unsigned ext, char *err,
           size_t errlen)
{
    memset(r, 0, sizeof *r);
    r->fmt = f;
    r->seed = seed;
    /* x86: MAXPHYADDR is a CPU property chosen per run; RISC-V: the format's */
    r->pa_bits = rc_isa_x86(f->isa) ? pa_bits : f->pa_bits_max;
    r->ext = rc_isa_x86(f->isa) ? 0 : ext & RC_EXT_ALL;
    if (r->pa_bits < 32 || r->pa_bits > f->pa_bits_max) {
        snprintf(err, errlen, "physical address width %u is outside 32..%u", r->pa_bits, f->pa_bits_max);
        return -1;
    }
    rc_rng_seed(&r->rng, seed);
    /* the window: about 1 KiB per access, 8 .. 64 MiB */
    r->window = (uint64_t)nacc << 10;
    r->window = r->window < (8ull << 20) ? 8ull << 20 : r->window > RC_WINDOW ? RC_WINDOW : r->window;
    r->window &= ~((2ull << 20) - 1);
    for (unsigned k = 0; k < 16; k++) {
        uint64_t lo = f->frames_base + RC_WINDOW, n = (f->ram_end - lo) >> 21;
        r->scatter[k] = lo + (rc_rng_below(&r->rng, n) << 21);
    }
    int root = new_table(r, f->levels - 1, 0, false);
    if (root != 0 || (rc_isa_x86(f->isa) && x86_harness(r, 0) < 0))
        goto oom;
    unsigned want = 40 + nacc / 25;
    for (unsigned i = 0; i < want * 4 && r->nleaves < want; i++)
        if (make_leaf(r, 0) < 0)
            goto oom;
    if (r->nleaves == 0) {
        snprintf(err, errlen, "generator placed no leaf");
        return -1;
    }
    unsigned nt = r->ntables;
    for (unsigned t = 0; t < nt; t++)
        if (!r->tables[t].fixed) {
            unsigned n = (unsigned)rc_rng_below(&r->rng, 3);
            for (unsigned k = 0; k < n; k++)
                if (add_hole(r, t) < 0)
                    goto oom;
        }
    if (gen_accesses(r, nacc) < 0)
        goto oom;
    return 0;
oom:
    snprintf(err, errlen, "out of memory (or of free frames) generating the run");
    return -1;
}

void rc_run_free(rc_run *r)
{
    free(r->tables);
    free(r->leaves);
    free(r->holes);
    free(r->data);
    free(r->code);
    free(r->fmap_key);
    free(r->fmap_val);
    free(r->acc);
    free(r->combo);
    memset(r, 0, sizeof *r);
}

/* ---- image ---------------------------------------------------------------- */
uint64_t rc_table_word(const rc_run *r, unsigned t, unsigned k)
{
    const rc_table *tb = &r->tables[t];
    if (r->fmt->pte_bytes == 8)
        return tb->raw[k];
    return (tb->raw[2 * k] & 0xffffffffull) | tb->raw[2 * k + 1] << 32;
}

int rc_image_write(const rc_run *r, const char *path, char *err, size_t errlen)
{
    const rc_fmt *f = r->fmt;
    uint64_t off = sizeof(rc_hdr);
    rc_hdr h;
    memset(&h, 0, sizeof h);
    h.magic = RC_MAGIC;
    h.version = RC_VERSION;
    h.isa = f->isa;
    h.n_tables = r->ntables;
    h.n_data = r->ndata;
    h.n_code = r->ncode;
    h.n_acc = r->nacc;
    h.root_pa = r->tables[0].pa;
    h.satp_mode = f->satp_mode;
    h.stub_va = r->stub_va;
    h.seed = r->seed;
    h.ext = r->ext;
    h.tables_off = off;
    off += 8ull * r->ntables;
    off = (off + RC_PAGE - 1) & ~(uint64_t)(RC_PAGE - 1);
    h.frames_off = off;
    off += (uint64_t)RC_PAGE * r->ntables;
    h.data_off = off;
    off += 8ull * r->ndata;
    h.code_off = off;
    off += 8ull * r->ncode;
    h.acc_off = off;
    off += sizeof(rc_acc) * (uint64_t)r->nacc;
    h.total_bytes = off;
    /* the guest keeps one 56-byte result per access after the image */
    if (off + 56ull * r->nacc > RC_IMAGE_MAX || f->image_pa + RC_IMAGE_MAX > f->frames_base) {
        snprintf(err, errlen, "image of %llu bytes is too large (at most %llu)", (unsigned long long)off,
                 (unsigned long long)RC_IMAGE_MAX);
        return -1;
    }
    uint64_t *w = calloc(off / 8, 8);
    if (w == NULL) {
        snprintf(err, errlen, "out of memory writing the image");
        return -1;
    }
    uint8_t *b = (uint8_t *)w;
    for (unsigned i = 0; i < r->ntables; i++) {
        w[h.tables_off / 8 + i] = r->tables[i].pa;
        for (unsigned k = 0; k < RC_PAGE / 8; k++)
            w[(h.frames_off + (uint64_t)RC_PAGE * i) / 8 + k] = rc_table_word(r, i, k);
    }
    memcpy(b + h.data_off, r->data, 8ull * r->ndata);
    memcpy(b + h.code_off, r->code, 8ull * r->ncode);
    memcpy(b + h.acc_off, r->acc, sizeof(rc_acc) * (size_t)r->nacc);
    memcpy(b, &h, sizeof h);
    ((rc_hdr *)b)->checksum = 0;
    h.checksum = rc_checksum(w, off / 8);
    memcpy(b, &h, sizeof h);
    FILE *fp = fopen(path, "wb");
    int bad = fp == NULL || fwrite(b, 1, off, fp) != off;
    if (fp && fclose(fp) != 0)
        bad = 1;
    free(w);
    if (bad) {
        snprintf(err, errlen, "cannot write %s", path);
        return -1;
    }
    return 0;
}
