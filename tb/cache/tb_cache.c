/*
 * Block testbench of xl_cache against the golden model's cache
 * (cmodel/src/cache.c), one Verilated build per preset.
 *
 *   tb-cache --preset NAME [--seed S] [--n N] [--check-every K] [--quiet] [--trace]
 *
 * Random stimulus on every port of the RTL, the same accesses applied in
 * the same order to an xl_cache over an xl_mem:
 *  - core port: phase A (set index from the page offset), then phase B
 *    (PA, we, size, wdata) until the response is taken; sometimes killed
 *    before the access has missed (a killed access changes nothing, so the
 *    model does nothing); random back-pressure on the response;
 *  - walker port: pte-sized reads and writes;
 *  - memory port: random read latency, random back-pressure on the request
 *    and on the response channel, posted writes, in-order responses; the
 *    protocol (stable request while stalled, aligned line addresses) and
 *    the exact traffic of every access (write-back of the model's victim,
 *    then the fill) are checked;
 *  - debug port: line preloads, tag / data / PLRU writes, reads.
 * Every response is compared (hit flag, read data), and every few thousand
 * operations and at the end the whole state (every line's valid, dirty,
 * tag and data, every set's PLRU state) through the debug port, and the two
 * memories.  The first mismatch prints the operation, both sides' values
 * and the seed, then `0 passed, 1 failed`, and exits 1.
 *
 * SRAM contents start random (randReset(2)) and are not reset: the harness
 * compares a line's tag / data only once it knows them (written through the
 * debug port or filled), and valid, dirty and PLRU state always.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rng.h"
#include "xlate/cache.h"
#include "xlate/config.h"
#include "xlate/mem.h"
#include "xlate/repl.h"
#include "xlate/util.h"
#include "xlc_dut.h"

#ifndef XL_CFG_DIR
#define XL_CFG_DIR "cfg"
#endif

/* ------------------------------------------------------------------ types */

enum { K_CORE, K_PTW, K_DBG };
enum { T_TAG = 0, T_DATA = 1, T_REPL = 2 };
enum { IF_NONE, IF_CORE, IF_PTW, IF_DBG };

#define HOT_SETS 3
#define HOT_EXTRA 3     /* hot tags per hot set beyond the associativity */
#define MEMQ 8          /* read responses the memory model queues */
#define MAX_TRAFFIC 4   /* line transfers one access may cause (2 expected) */
#define HISTORY 8

/** One memory access (core or walker). */
typedef struct acc {
    uint64_t pa;
    bool we;
    bool uc;       /* core only: uncached (Svpbmt NC / IO), bypasses the arrays */
    unsigned size; /* bytes */
    uint64_t wdata;
} acc;

/** One operation of the stimulus. */
typedef struct op {
    uint64_t index; /* operation number */
    int kind;
    acc a;
    /* debug */
    bool we;
    unsigned target, set, way;
    bool want_valid, want_dirty; /* tag writes: intent, settled when presented */
    uint64_t tag;
    uint32_t wdata[XLC_DBG_WORDS];
    bool mem_check;   /* compare the memories (and refresh the pools) when accepted */
    const char *what; /* "access", "preload", "full check", ... */
    uint32_t expect[XLC_DBG_WORDS]; /* debug reads: expected value ... */
    uint32_t care[XLC_DBG_WORDS];   /* ... and the bits that are known */
} op;

/** One line transfer on the memory port. */
typedef struct xfer {
    bool we;
    bool uc;                  /* an uncached access (mem_req_uc_o) */
    uint64_t addr;
    uint8_t data[XLC_MAX_LINE];
    uint8_t be[XLC_MAX_LINE]; /* byte enables, 0/1 per byte */
} xfer;

typedef struct tb {
    const char *preset;
    uint64_t seed;
    uint64_t n_target;
    uint64_t check_every;
    bool quiet;
    bool trace; /* print every cycle (--trace) */

    xl_config cfg;
    xlc_params p;
    xlc_dut *dut;
    xl_mem rmem; /* behind the RTL */
    xl_mem mmem; /* behind the model */
    xl_cache mc;
    xl_rng rng;  /* stimulus */
    xl_rng mrng; /* memory timing */
    uint64_t cycle;
    uint64_t next_index;
    uint64_t phase;

    /* knobs of the current phase */
    unsigned lat_max, bp_req, bp_rsp, bp_core_rsp, gap, kill_first, kill_late;
    unsigned mix_core, mix_ptw; /* percent; the rest is debug */
    unsigned uc_pct;            /* percent of core accesses that are uncached */

    /* request channels: one pending op each (the debug channel queues) */
    bool core_pend, core_shown;
    op core_op;
    bool ptw_pend, ptw_shown;
    op ptw_op;
    op *dq;
    size_t dq_head, dq_count, dq_cap;
    bool dbg_shown;

    /* the op in flight */
    int inflight;
    op cur;
    unsigned b_cycles;
    bool missed, rsp_seen, rsp_hit, prev_stalled;
    uint64_t rsp_rdata;
    xfer traffic[MAX_TRAFFIC];
    unsigned ntraffic;

    /* memory model */
    struct {
        uint64_t due;
        uint8_t data[XLC_MAX_LINE];
    } rq[MEMQ];
    unsigned rq_head, rq_count;
    bool rsp_shown;
    bool prev_req_stall;
    xfer prev_req;

    /* what the harness knows of each line's SRAM contents */
    uint8_t *tag_known, *data_known;

    /* address pools */
    uint64_t *pool;
    size_t npool;
    unsigned hot_set[HOT_SETS];
    uint64_t hot_tag[HOT_SETS][XL_MAX_WAYS + HOT_EXTRA];
    unsigned nhot_tags;

    /* history of completed ops */
    char hist[HISTORY][160];
    unsigned hist_next, hist_count;

    /* statistics */
    uint64_t n_acc, n_core, n_ptw, n_loads, n_stores, n_hits, n_misses, n_ev_clean, n_ev_dirty;
    uint64_t n_killed, n_dbg_w, n_dbg_r, n_checks, n_mem_cmp, n_rsp_stall, n_mem_req_stall,
        n_mem_rsp_stall, n_both_valid, n_mem_r, n_mem_w;
    uint64_t n_uc_r, n_uc_w;  /* uncached core loads / stores */
    uint64_t n_uc_cached;     /* ... to a line the cache holds (must not be consulted) */
    uint64_t n_inv_match;  /* misses with an invalid way holding the access's tag */
    uint64_t n_inv_pref;   /* misses filling the lowest invalid way, not the PLRU victim */
    uint64_t n_b2b;        /* a request accepted in the cycle the previous access completed */
    uint64_t n_b2b_store;  /* ... to the set a store just wrote (SRAM write-through) */
    uint64_t n_late_kill;  /* kills of a hit whose response was held back */
    uint64_t n_dbg_wait;   /* debug requests presented while the cache was busy */
    bool prev_dbg_valid;   /* a debug request was waiting after the last cycle */
    bool last_store;       /* the access that completed last was a store ... */
    unsigned last_set;     /* ... to this set */
    uint64_t last_progress;
} tb;

/* ------------------------------------------------------------------ helpers */

static uint64_t rnd(tb *t, uint64_t n)
{
    return xl_rng_below(&t->rng, n);
}

static bool pct(tb *t, unsigned p)
{
    return p && xl_rng_pct(&t->rng, p);
}

static uint64_t line_addr(const tb *t, uint64_t tag, unsigned set)
{
    return ((tag << t->cfg.cache_set_bits) | set) << t->cfg.line_bits;
}

static size_t lidx(const tb *t, unsigned set, unsigned way)
{
    return (size_t)set * t->p.ways + way;
}

static void put_bits(uint32_t *w, unsigned lsb, unsigned width, uint64_t v)
{
    for (unsigned i = 0; i < width; i++) {
        unsigned b = lsb + i;
        uint32_t m = 1u << (b % 32);
        if ((v >> i) & 1u)
            w[b / 32] |= m;
        else
            w[b / 32] &= ~m;
    }
}

static uint64_t get_bits(const uint32_t *w, unsigned lsb, unsigned width)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < width; i++) {
        unsigned b = lsb + i;
        v |= (uint64_t)((w[b / 32] >> (b % 32)) & 1u) << i;
    }
    return v;
}

static void fill_random(tb *t, void *buf, size_t n)
{
    uint8_t *b = buf;
    for (size_t i = 0; i < n; i++)
        b[i] = (uint8_t)xl_rng_next(&t->rng);
}

static const char *target_name(unsigned target)
{
    return target == T_TAG ? "tag" : target == T_DATA ? "data" : "plru";
}

static int fmt_op(const tb *t, const op *o, char *buf, size_t len)
{
    if (o->kind == K_CORE || o->kind == K_PTW) {
        const acc *a = &o->a;
        unsigned set = (unsigned)((a->pa >> t->cfg.line_bits) & (t->p.sets - 1));
        if (a->we)
            return snprintf(buf, len, "op %" PRIu64 ": %s%s store pa=0x%" PRIx64 " (set %u) size=%u wdata=0x%" PRIx64,
                            o->index, o->kind == K_CORE ? "core" : "walker", a->uc ? " uncached" : "", a->pa, set, a->size, a->wdata);
        return snprintf(buf, len, "op %" PRIu64 ": %s%s load pa=0x%" PRIx64 " (set %u) size=%u", o->index,
                        o->kind == K_CORE ? "core" : "walker", a->uc ? " uncached" : "", a->pa, set, a->size);
    }
    int n = snprintf(buf, len, "op %" PRIu64 ": debug %s %s (%s) set %u", o->index, o->we ? "write" : "read",
                     target_name(o->target), o->what, o->set);
    if (o->target != T_REPL && n >= 0 && (size_t)n < len)
        n += snprintf(buf + n, len - (size_t)n, " way %u", o->way);
    if (o->we && o->target == T_TAG && n >= 0 && (size_t)n < len)
        n += snprintf(buf + n, len - (size_t)n, " valid=%d dirty=%d tag=0x%" PRIx64, o->want_valid,
                      o->want_dirty, o->tag);
    if (o->we && o->target == T_REPL && n >= 0 && (size_t)n < len)
        n += snprintf(buf + n, len - (size_t)n, " state=0x%" PRIx32, o->wdata[0]);
    return n;
}

static void print_words(const char *label, const uint32_t *w, unsigned bits)
{
    printf("  %s 0x", label);
    for (int i = (int)((bits + 31) / 32) - 1; i >= 0; i--)
        printf("%08" PRIx32 "%s", w[i], i ? "_" : "");
    printf("\n");
}

/* Line bytes, 16 a row, the first row after `label`, the others under it. */
static void print_bytes(const char *label, const uint8_t *b, unsigned n)
{
    int pad = (int)strlen(label);
    for (unsigned i = 0; i < n; i += 16) {
        printf("  %-*s", pad, i ? "" : label);
        for (unsigned j = i; j < n && j < i + 16; j++)
            printf(" %02x", b[j]);
        printf("\n");
    }
}

static void fail_begin(tb *t, const op *o, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Print the failure headline; the caller prints details, then fail_end(). */
static void fail_begin(tb *t, const op *o, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    fflush(stdout);
    printf("MISMATCH preset %s seed %" PRIu64 " cycle %" PRIu64 ": ", t->preset, t->seed, t->cycle);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    if (o) {
        fmt_op(t, o, buf, sizeof buf);
        printf("  operation: %s\n", buf);
    } else {
        printf("  operation: none in flight (next op index %" PRIu64 ")\n", t->next_index);
    }
}

static void fail_end(tb *t) __attribute__((noreturn));

static void fail_end(tb *t)
{
    printf("  last completed operations (oldest first):\n");
    for (unsigned i = 0; i < t->hist_count; i++)
        printf("    %s\n", t->hist[(t->hist_next + HISTORY - t->hist_count + i) % HISTORY]);
    printf("  knobs: latency 1..%u, mem req stall %u%%, mem rsp stall %u%%, core rsp stall %u%%\n", t->lat_max,
           t->bp_req, t->bp_rsp, t->bp_core_rsp);
    printf("  reproduce: tb-cache --preset %s --seed %" PRIu64 " --n %" PRIu64 "\n", t->preset, t->seed,
           t->n_target);
    printf("0 passed, 1 failed\n");
    fflush(stdout);
    exit(1);
}

#define FAIL(t, o, ...)                  \
    do {                                 \
        fail_begin((t), (o), __VA_ARGS__); \
        fail_end(t);                     \
    } while (0)

static void history(tb *t, const op *o, const char *result)
{
    char buf[120];
    fmt_op(t, o, buf, sizeof buf);
    snprintf(t->hist[t->hist_next], sizeof t->hist[0], "%s -> %s", buf, result);
    t->hist_next = (t->hist_next + 1) % HISTORY;
    if (t->hist_count < HISTORY)
        t->hist_count++;
}

/* ------------------------------------------------------------------ addresses */

static uint64_t rand_tag(tb *t)
{
    unsigned tb_bits = t->p.tag_bits;
    uint64_t r = rnd(t, 100);
    if (r < 8)
        return xl_mask(tb_bits);
    if (r < 12)
        return 0;
    return xl_rng_next(&t->rng) & xl_mask(tb_bits);
}

/* Random contents for a line in both memories (only when nothing is in
 * flight, so no read has captured the old data). */
static void seed_line(tb *t, uint64_t addr)
{
    uint8_t buf[XLC_MAX_LINE];
    fill_random(t, buf, t->p.line);
    if (xl_mem_write(&t->rmem, addr, buf, t->p.line) || xl_mem_write(&t->mmem, addr, buf, t->p.line)) {
        fprintf(stderr, "tb-cache: out of memory\n");
        exit(2);
    }
}

static void new_pool_line(tb *t, size_t i)
{
    t->pool[i] = line_addr(t, rand_tag(t), (unsigned)rnd(t, t->p.sets));
    seed_line(t, t->pool[i]);
}

static void new_hot_set(tb *t, unsigned h)
{
    t->hot_set[h] = (unsigned)rnd(t, t->p.sets);
    for (unsigned k = 0; k < t->nhot_tags; k++) {
        t->hot_tag[h][k] = rand_tag(t);
        seed_line(t, line_addr(t, t->hot_tag[h][k], t->hot_set[h]));
    }
}

static void init_pools(tb *t)
{
    /* a working set a bit larger than the cache */
    t->npool = (size_t)t->p.sets * t->p.ways * 5 / 4 + 2;
    t->pool = calloc(t->npool, sizeof *t->pool);
    if (!t->pool) {
        fprintf(stderr, "tb-cache: out of memory\n");
        exit(2);
    }
    for (size_t i = 0; i < t->npool; i++)
        new_pool_line(t, i);
    t->nhot_tags = t->p.ways + HOT_EXTRA;
    for (unsigned h = 0; h < HOT_SETS; h++)
        new_hot_set(t, h);
}

/* Called at an idle point: move part of the working set. */
static void refresh_pools(tb *t)
{
    for (size_t n = t->npool / 10 + 1; n; n--)
        new_pool_line(t, (size_t)rnd(t, t->npool));
    new_hot_set(t, (unsigned)rnd(t, HOT_SETS));
}

/* A line address: mostly a few hot sets and the working-set pool. */
static uint64_t pick_line(tb *t)
{
    uint64_t r = rnd(t, 100);
    if (r < 45) {
        unsigned h = (unsigned)rnd(t, HOT_SETS);
        return line_addr(t, t->hot_tag[h][rnd(t, t->nhot_tags)], t->hot_set[h]);
    }
    if (r < 97)
        return t->pool[rnd(t, t->npool)];
    return line_addr(t, rand_tag(t), (unsigned)rnd(t, t->p.sets));
}

static void pick_access(tb *t, acc *a, unsigned size)
{
    uint64_t line = pick_line(t);
    a->size = size;
    a->pa = line + rnd(t, t->p.line / size) * size;
    a->we = pct(t, 45);
    a->wdata = a->we ? xl_rng_next(&t->rng) : 0;
    /* sometimes only the low bytes carry data; the rest must be ignored */
    if (a->we && pct(t, 10) && size < 8)
        a->wdata &= xl_mask(8 * size);
}

/* ------------------------------------------------------------------ stimulus */

static void dq_push(tb *t, const op *o)
{
    if (t->dq_count == t->dq_cap) {
        size_t cap = t->dq_cap ? 2 * t->dq_cap : 256;
        op *n = malloc(cap * sizeof *n);
        if (!n) {
            fprintf(stderr, "tb-cache: out of memory\n");
            exit(2);
        }
        for (size_t i = 0; i < t->dq_count; i++)
            n[i] = t->dq[(t->dq_head + i) % t->dq_cap];
        free(t->dq);
        t->dq = n;
        t->dq_head = 0;
        t->dq_cap = cap;
    }
    t->dq[(t->dq_head + t->dq_count) % t->dq_cap] = *o;
    t->dq_count++;
}

static op *dq_front(tb *t)
{
    return t->dq_count ? &t->dq[t->dq_head] : NULL;
}

static void dq_pop(tb *t)
{
    t->dq_head = (t->dq_head + 1) % t->dq_cap;
    t->dq_count--;
}

static void new_phase(tb *t)
{
    static const unsigned lat[] = {1, 1, 2, 4, 12, 30};
    static const unsigned bp[] = {0, 0, 10, 30, 60};
    static const unsigned crsp[] = {0, 10, 40};
    static const unsigned gaps[] = {0, 0, 20, 60};
    t->lat_max = lat[rnd(t, sizeof lat / sizeof lat[0])];
    t->bp_req = bp[rnd(t, sizeof bp / sizeof bp[0])];
    t->bp_rsp = bp[rnd(t, sizeof bp / sizeof bp[0])];
    t->bp_core_rsp = crsp[rnd(t, sizeof crsp / sizeof crsp[0])];
    t->gap = gaps[rnd(t, sizeof gaps / sizeof gaps[0])];
    t->kill_first = 5;
    t->kill_late = 20;
    switch (rnd(t, 4)) {
    case 0:
        t->mix_core = 90, t->mix_ptw = 9;
        break;
    case 1:
        t->mix_core = 50, t->mix_ptw = 45;
        break;
    default:
        t->mix_core = 70, t->mix_ptw = 22;
        break;
    }
    static const unsigned ucs[] = {0, 0, 5, 25};
    t->uc_pct = ucs[rnd(t, sizeof ucs / sizeof ucs[0])];
}

static void new_dbg(tb *t, op *o, bool we, unsigned target, unsigned set, unsigned way, const char *what)
{
    memset(o, 0, sizeof *o);
    o->index = t->next_index;
    o->kind = K_DBG;
    o->we = we;
    o->target = target;
    o->set = set;
    o->way = way;
    o->what = what;
    /* random payload: the bits the port does not use must be ignored */
    fill_random(t, o->wdata, sizeof o->wdata);
}

/* Every line (tag and data) and every set's PLRU state, memories first. */
static void push_full_check(tb *t)
{
    op o;
    bool first = true;
    for (unsigned s = 0; s < t->p.sets; s++) {
        for (unsigned w = 0; w < t->p.ways; w++) {
            for (unsigned tg = T_TAG; tg <= T_DATA; tg++) {
                new_dbg(t, &o, false, tg, s, w, "full check");
                o.mem_check = first;
                first = false;
                dq_push(t, &o);
            }
        }
        new_dbg(t, &o, false, T_REPL, s, 0, "full check");
        dq_push(t, &o);
    }
    t->next_index++;
    t->n_checks++;
}

/* Generate operations until one channel cannot take more. */
static void generate(tb *t, uint64_t issued_limit)
{
    for (;;) {
        uint64_t outstanding = (uint64_t)t->core_pend + t->ptw_pend + (t->inflight == IF_CORE || t->inflight == IF_PTW);
        if (t->n_acc + outstanding >= issued_limit)
            return;
        if (t->dq_count > 0 && (t->core_pend || t->ptw_pend))
            return;
        if (t->next_index / 2000 != t->phase) {
            t->phase = t->next_index / 2000;
            new_phase(t);
        }
        if (t->check_every && t->next_index % t->check_every == t->check_every - 1) {
            push_full_check(t);
            continue;
        }
        uint64_t r = rnd(t, 100);
        op o;
        if (r < t->mix_core) {
            if (t->core_pend)
                return;
            memset(&o, 0, sizeof o);
            o.index = t->next_index++;
            o.kind = K_CORE;
            o.what = "access";
            unsigned nsz = xl_log2(t->cfg.max_access) + 1;
            pick_access(t, &o.a, 1u << rnd(t, nsz));
            o.a.uc = pct(t, t->uc_pct);
            t->core_op = o;
            t->core_pend = true;
            t->core_shown = false;
        } else if (r < t->mix_core + t->mix_ptw) {
            if (t->ptw_pend)
                return;
            memset(&o, 0, sizeof o);
            o.index = t->next_index++;
            o.kind = K_PTW;
            o.what = "access";
            pick_access(t, &o.a, t->cfg.pte_bytes);
            t->ptw_op = o;
            t->ptw_pend = true;
            t->ptw_shown = false;
        } else {
            unsigned set, way;
            uint64_t k = rnd(t, 100);
            uint64_t line = pick_line(t);
            set = (unsigned)((line >> t->cfg.line_bits) & (t->p.sets - 1));
            way = (unsigned)rnd(t, t->p.ways);
            if (k < 30) {
                /* preload a line: data, then {valid, dirty, tag} */
                new_dbg(t, &o, true, T_DATA, set, way, "preload");
                dq_push(t, &o);
                new_dbg(t, &o, true, T_TAG, set, way, "preload");
                o.tag = line >> (t->cfg.line_bits + t->cfg.cache_set_bits);
                o.want_valid = true;
                o.want_dirty = pct(t, 50);
                dq_push(t, &o);
            } else if (k < 45) {
                new_dbg(t, &o, true, T_TAG, set, way, "tag write");
                o.want_valid = pct(t, 50);
                o.want_dirty = pct(t, 50);
                o.tag = pct(t, 50) ? line >> (t->cfg.line_bits + t->cfg.cache_set_bits) : rand_tag(t);
                dq_push(t, &o);
            } else if (k < 55) {
                new_dbg(t, &o, true, T_DATA, set, way, "data write");
                dq_push(t, &o);
            } else if (k < 65) {
                new_dbg(t, &o, true, T_REPL, set, 0, "plru write");
                dq_push(t, &o);
            } else {
                new_dbg(t, &o, false, (unsigned)rnd(t, 3), set, way, "read");
                dq_push(t, &o);
            }
            t->next_index++;
        }
    }
}

/* ------------------------------------------------------------------ debug ops */

/* Settle a tag write against the state at the moment it is presented
 * (only when nothing is in flight, so it is accepted this very cycle):
 * never two valid lines with one tag in a set, never a valid line whose
 * data the harness does not know. */
static void settle_tag_write(tb *t, op *o)
{
    bool valid = o->want_valid;
    if (!t->data_known[lidx(t, o->set, o->way)])
        valid = false;
    for (unsigned w = 0; w < t->p.ways && valid; w++) {
        xl_cache_line l;
        xl_cache_get(&t->mc, o->set, w, &l);
        if (w != o->way && l.valid && l.tag == o->tag)
            valid = false;
    }
    o->want_valid = valid;
    put_bits(o->wdata, 0, t->p.tag_bits, o->tag);
    put_bits(o->wdata, t->p.tag_bits, 1, o->want_dirty);
    put_bits(o->wdata, t->p.tag_bits + 1, 1, valid);
}

/* A debug op was accepted: writes change the model now, reads compute the
 * expected answer. */
static void dbg_accepted(tb *t, op *o)
{
    xl_cache_line l;
    size_t li = lidx(t, o->set, o->way);
    memset(o->expect, 0, sizeof o->expect);
    memset(o->care, 0, sizeof o->care);
    if (o->mem_check) {
        uint64_t diff = 0;
        int rc = xl_mem_compare(&t->rmem, &t->mmem, &diff);
        if (rc != 0) {
            fail_begin(t, o, "memory behind the RTL differs from the model's memory%s",
                       rc < 0 ? " (out of memory)" : "");
            if (rc > 0) {
                uint64_t a = diff & ~(uint64_t)(t->p.line - 1);
                uint8_t rb[XLC_MAX_LINE], mb[XLC_MAX_LINE];
                xl_mem_read(&t->rmem, a, rb, t->p.line);
                xl_mem_read(&t->mmem, a, mb, t->p.line);
                printf("  first difference at 0x%" PRIx64 "; line 0x%" PRIx64 ":\n", diff, a);
                print_bytes("rtl  ", rb, t->p.line);
                print_bytes("model", mb, t->p.line);
            }
            fail_end(t);
        }
        t->n_mem_cmp++;
        refresh_pools(t);
    }
    if (o->we) {
        t->n_dbg_w++;
        if (o->target == T_REPL) {
            xl_cache_repl_put(&t->mc, o->set, o->wdata[0]);
            return;
        }
        xl_cache_get(&t->mc, o->set, o->way, &l);
        if (o->target == T_TAG) {
            l.tag = get_bits(o->wdata, 0, t->p.tag_bits);
            l.dirty = get_bits(o->wdata, t->p.tag_bits, 1);
            l.valid = get_bits(o->wdata, t->p.tag_bits + 1, 1);
            t->tag_known[li] = 1;
        } else {
            memcpy(l.data, o->wdata, t->p.line); /* little-endian host */
            t->data_known[li] = 1;
        }
        if (xl_cache_put(&t->mc, o->set, o->way, &l) != 0)
            FAIL(t, o, "harness: xl_cache_put refused the line");
        return;
    }
    t->n_dbg_r++;
    if (o->target == T_REPL) {
        put_bits(o->expect, 0, t->p.repl_bits, xl_cache_repl_get(&t->mc, o->set));
        for (unsigned i = 0; i < XLC_DBG_WORDS; i++)
            o->care[i] = ~0u;
        return;
    }
    xl_cache_get(&t->mc, o->set, o->way, &l);
    for (unsigned i = 0; i < XLC_DBG_WORDS; i++)
        o->care[i] = ~0u;
    if (o->target == T_TAG) {
        put_bits(o->expect, 0, t->p.tag_bits, l.tag);
        put_bits(o->expect, t->p.tag_bits, 1, l.dirty);
        put_bits(o->expect, t->p.tag_bits + 1, 1, l.valid);
        if (!t->tag_known[li])
            put_bits(o->care, 0, t->p.tag_bits, 0);
    } else {
        memcpy(o->expect, l.data, t->p.line);
        if (!t->data_known[li])
            for (unsigned b = 0; b < t->p.line * 8; b += 32)
                put_bits(o->care, b, 32, 0);
    }
}

static void dbg_response(tb *t, const xlc_out *out)
{
    op *o = &t->cur;
    if (o->we) {
        history(t, o, "done");
        return;
    }
    bool bad = false;
    for (unsigned i = 0; i < XLC_DBG_WORDS; i++)
        if ((out->dbg_rdata[i] ^ o->expect[i]) & o->care[i])
            bad = true;
    if (bad) {
        fail_begin(t, o, "debug read of %s differs", target_name(o->target));
        unsigned bits = t->p.dbg_bits;
        if (o->target == T_TAG) {
            printf("  rtl   valid=%d dirty=%d tag=0x%" PRIx64 "\n",
                   (int)get_bits(out->dbg_rdata, t->p.tag_bits + 1, 1),
                   (int)get_bits(out->dbg_rdata, t->p.tag_bits, 1), get_bits(out->dbg_rdata, 0, t->p.tag_bits));
            printf("  model valid=%d dirty=%d tag=0x%" PRIx64 "%s\n", (int)get_bits(o->expect, t->p.tag_bits + 1, 1),
                   (int)get_bits(o->expect, t->p.tag_bits, 1), get_bits(o->expect, 0, t->p.tag_bits),
                   t->tag_known[lidx(t, o->set, o->way)] ? "" : " (tag not known: ignored)");
        } else if (o->target == T_REPL) {
            printf("  rtl   plru=0x%" PRIx64 "\n  model plru=0x%" PRIx64 "\n",
                   get_bits(out->dbg_rdata, 0, t->p.repl_bits), get_bits(o->expect, 0, t->p.repl_bits));
        }
        print_words("rtl  ", out->dbg_rdata, bits);
        print_words("model", o->expect, bits);
        print_words("care ", o->care, bits);
        fail_end(t);
    }
    history(t, o, "ok");
}

/* ------------------------------------------------------------------ accesses */

static void complete_access(tb *t, bool rtl_hit, uint64_t rtl_rdata)
{
    op *o = &t->cur;
    const acc *a = &o->a;
    xl_cache_line before[XL_MAX_WAYS];
    xl_cache_info info;
    uint64_t rd = 0;
    unsigned set = (unsigned)((a->pa >> t->cfg.line_bits) & (t->p.sets - 1));
    for (unsigned w = 0; w < t->p.ways; w++)
        xl_cache_get(&t->mc, set, w, &before[w]);
    uint32_t repl_before = xl_cache_repl_get(&t->mc, set);
    uint64_t tag = a->pa >> (t->cfg.line_bits + t->cfg.cache_set_bits);
    bool hit = false, held = false;
    memset(&info, 0, sizeof info);
    if (a->uc) {
        /* uncached: the arrays are neither consulted nor changed, even when
         * they hold the line (docs/architecture.md, Svpbmt) */
        for (unsigned w = 0; w < t->p.ways; w++)
            held |= before[w].valid && before[w].tag == tag;
        if (xl_cache_uncached(&t->mc, a->pa, a->we, a->size, a->wdata, &rd)) {
            fprintf(stderr, "tb-cache: out of memory\n");
            exit(2);
        }
    } else {
        hit = xl_cache_access(&t->mc, a->pa, a->we, a->size, a->wdata, &rd, &info);
    }

    if (hit != rtl_hit || rd != rtl_rdata) {
        fail_begin(t, o, "%s response differs", o->kind == K_CORE ? "core" : "walker");
        printf("  rtl   hit=%d rdata=0x%016" PRIx64 "\n", rtl_hit, rtl_rdata);
        if (a->uc)
            printf("  model hit=0 rdata=0x%016" PRIx64 " (uncached%s)\n", rd, held ? ", line held by the cache" : "");
        else
            printf("  model hit=%d rdata=0x%016" PRIx64 " (way %u%s)\n", hit, rd, info.way,
                   info.evict_dirty ? ", dirty eviction" : info.evict_clean ? ", clean eviction" : "");
        fail_end(t);
    }

    /* the exact memory traffic: one uncached request with the access's byte
     * enables; or the write-back of the victim, then the fill */
    xfer exp[2];
    unsigned nexp = 0;
    memset(exp, 0, sizeof exp);
    if (a->uc) {
        unsigned off = (unsigned)(a->pa & (t->p.line - 1));
        exp[0].we = a->we;
        exp[0].uc = true;
        exp[0].addr = a->pa & ~(uint64_t)(t->p.line - 1);
        for (unsigned i = 0; i < a->size; i++) {
            exp[0].be[off + i] = 1;
            exp[0].data[off + i] = (uint8_t)(a->wdata >> (8 * i));
        }
        nexp = 1;
    } else if (!hit) {
        const xl_cache_line *v = &before[info.way];
        if (v->valid && v->dirty) {
            exp[nexp].we = true;
            exp[nexp].addr = line_addr(t, v->tag, set);
            memcpy(exp[nexp].data, v->data, t->p.line);
            nexp++;
        }
        exp[nexp].we = false;
        exp[nexp].addr = a->pa & ~(uint64_t)(t->p.line - 1);
        nexp++;
    }
    bool bad = nexp != t->ntraffic;
    for (unsigned i = 0; i < nexp && !bad; i++) {
        const xfer *x = &t->traffic[i];
        if (x->we != exp[i].we || x->uc != exp[i].uc || x->addr != exp[i].addr)
            bad = true;
        else if (x->we && !x->uc && memcmp(x->data, exp[i].data, t->p.line))
            bad = true;
        else if (x->we && x->uc)
            for (unsigned k = 0; k < t->p.line; k++)
                if (x->be[k] != exp[i].be[k] || (x->be[k] && x->data[k] != exp[i].data[k]))
                    bad = true;
    }
    if (bad) {
        fail_begin(t, o, "memory traffic of the access differs");
        static const char *const kind[2][2] = {{"read", "write-back"}, {"uncached read", "uncached write"}};
        for (unsigned i = 0; i < t->ntraffic; i++) {
            const xfer *x = &t->traffic[i];
            printf("  rtl   %s 0x%" PRIx64 "\n", kind[x->uc][x->we], x->addr);
            if (x->we)
                print_bytes("      data", x->data, t->p.line);
            if (x->we && x->uc)
                print_bytes("      be  ", x->be, t->p.line);
        }
        for (unsigned i = 0; i < nexp; i++) {
            printf("  model %s 0x%" PRIx64 "\n", kind[exp[i].uc][exp[i].we], exp[i].addr);
            if (exp[i].we)
                print_bytes("      data", exp[i].data, t->p.line);
            if (exp[i].we && exp[i].uc)
                print_bytes("      be  ", exp[i].be, t->p.line);
        }
        if (!t->ntraffic && !nexp)
            printf("  (none on either side)\n");
        fail_end(t);
    }

    if (!hit && !a->uc) {
        for (unsigned w = 0; w < t->p.ways; w++)
            if (!before[w].valid && before[w].tag == tag && t->tag_known[lidx(t, set, w)]) {
                t->n_inv_match++;
                break;
            }
        if (!before[info.way].valid && xl_repl_victim(XL_REPL_PLRU, t->p.ways, repl_before) != info.way)
            t->n_inv_pref++;
    }
    t->last_store = a->we && !a->uc;
    t->last_set = set;
    if (a->uc) {
        t->n_uc_r += !a->we;
        t->n_uc_w += a->we;
        t->n_uc_cached += held;
    } else {
        t->tag_known[lidx(t, set, info.way)] = 1;
        t->data_known[lidx(t, set, info.way)] = 1;
    }
    t->n_acc++;
    if (o->kind == K_CORE)
        t->n_core++;
    else
        t->n_ptw++;
    if (a->we)
        t->n_stores++;
    else
        t->n_loads++;
    if (hit)
        t->n_hits++;
    else
        t->n_misses++;
    t->n_ev_clean += info.evict_clean;
    t->n_ev_dirty += info.evict_dirty;
    t->last_progress = t->cycle;
    char res[64];
    snprintf(res, sizeof res, "%s rdata=0x%" PRIx64, a->uc ? "uncached" : hit ? "hit" : "miss", rd);
    history(t, o, res);
}

/* ------------------------------------------------------------------ one cycle */

/* Random values on every input; every handshake valid low. */
static void junk_inputs(tb *t, xlc_in *in)
{
    fill_random(t, in->mem_rsp_rdata, sizeof in->mem_rsp_rdata);
    fill_random(t, in->dbg_wdata, sizeof in->dbg_wdata);
    in->core_req_valid = false;
    in->core_req_idx = (uint32_t)xl_rng_next(&t->rng);
    in->core_kill = pct(t, 50);
    in->core_pa = xl_rng_next(&t->rng);
    in->core_uc = pct(t, 50);
    in->core_we = pct(t, 50);
    in->core_size = (uint8_t)rnd(t, 4);
    in->core_wdata = xl_rng_next(&t->rng);
    in->core_rsp_ready = pct(t, 50);
    in->ptw_req_valid = false;
    in->ptw_req_we = pct(t, 50);
    in->ptw_req_pa = xl_rng_next(&t->rng);
    in->ptw_req_size = (uint8_t)rnd(t, 4);
    in->ptw_req_wdata = xl_rng_next(&t->rng);
    in->mem_req_ready = pct(t, 50);
    in->mem_rsp_valid = false;
    in->dbg_valid = false;
    in->dbg_we = pct(t, 50);
    in->dbg_target = (uint8_t)rnd(t, 4);
    in->dbg_set = (uint32_t)xl_rng_next(&t->rng);
    in->dbg_way = (uint8_t)xl_rng_next(&t->rng);
}

static void drive(tb *t, xlc_in *in)
{
    /* junk everywhere first: a don't-care input must not matter */
    junk_inputs(t, in);

    /* memory: ready with back-pressure; a response once shown is held */
    in->mem_req_ready = t->rq_count < MEMQ && !(t->bp_req && xl_rng_pct(&t->mrng, t->bp_req));
    if (!t->rsp_shown && t->rq_count && t->rq[t->rq_head].due <= t->cycle) {
        if (t->bp_rsp && xl_rng_pct(&t->mrng, t->bp_rsp))
            t->n_mem_rsp_stall++;
        else
            t->rsp_shown = true;
    }
    if (t->rsp_shown) {
        in->mem_rsp_valid = true;
        memcpy(in->mem_rsp_rdata, t->rq[t->rq_head].data, t->p.line);
    }

    /* core: phase A of the pending request; phase B of the one in flight */
    if (t->core_pend && !t->core_shown && !pct(t, t->gap))
        t->core_shown = true;
    if (t->core_shown) {
        in->core_req_valid = true;
        in->core_req_idx = (uint32_t)(t->core_op.a.pa & xl_mask(t->p.page_bits));
    }
    if (t->inflight == IF_CORE) {
        const acc *a = &t->cur.a;
        in->core_pa = a->pa;
        in->core_uc = a->uc;
        in->core_we = a->we;
        in->core_size = (uint8_t)xl_log2(a->size);
        in->core_wdata = a->wdata;
        if (t->b_cycles == 0)
            in->core_kill = pct(t, t->kill_first);
        else
            in->core_kill = !t->missed && t->prev_stalled && pct(t, t->kill_late);
        in->core_rsp_ready = !pct(t, t->bp_core_rsp);
    }

    /* walker */
    if (t->ptw_pend && !t->ptw_shown && !pct(t, t->gap))
        t->ptw_shown = true;
    if (t->ptw_shown) {
        const acc *a = &t->ptw_op.a;
        in->ptw_req_valid = true;
        in->ptw_req_we = a->we;
        in->ptw_req_pa = a->pa;
        in->ptw_req_size = (uint8_t)xl_log2(a->size);
        in->ptw_req_wdata = a->wdata;
    }

    /* debug: writes are presented only when nothing is in flight (they
     * are then accepted at once, so they can be settled against the model
     * state); reads whenever */
    op *d = dq_front(t);
    if (d && !t->dbg_shown && !pct(t, t->gap)) {
        if (!d->we) {
            t->dbg_shown = true;
        } else if (t->inflight == IF_NONE) {
            if (d->target == T_TAG)
                settle_tag_write(t, d);
            t->dbg_shown = true;
        }
    }
    if (t->dbg_shown) {
        in->dbg_valid = true;
        in->dbg_we = d->we;
        in->dbg_target = (uint8_t)d->target;
        in->dbg_set = d->set;
        in->dbg_way = (uint8_t)d->way;
        memcpy(in->dbg_wdata, d->wdata, sizeof in->dbg_wdata);
    }
}

static void trace_cycle(const tb *t, const xlc_in *in, const xlc_out *out)
{
    printf("c%-6" PRIu64 " if=%d | core v%d r%d idx=%03" PRIx32 " kill%d pa=%" PRIx64 " rsp v%d r%d h%d d=%" PRIx64
           " | ptw v%d r%d rsp v%d | mem req v%d r%d we%d a=%" PRIx64 " rsp v%d r%d | dbg v%d r%d we%d t%u s%u w%u rv%d"
           " | idle%d\n",
           t->cycle, t->inflight, in->core_req_valid, out->core_req_ready, in->core_req_idx, in->core_kill,
           in->core_pa, out->core_rsp_valid, in->core_rsp_ready, out->core_rsp_hit, out->core_rsp_rdata,
           in->ptw_req_valid, out->ptw_req_ready, out->ptw_rsp_valid, out->mem_req_valid, in->mem_req_ready,
           out->mem_req_we, out->mem_req_addr, in->mem_rsp_valid, out->mem_rsp_ready, in->dbg_valid,
           out->dbg_ready, in->dbg_we, in->dbg_target, in->dbg_set, in->dbg_way, out->dbg_rvalid, out->idle);
}

static void observe(tb *t, const xlc_in *in, const xlc_out *out)
{
    int was = t->inflight;
    if (t->trace)
        trace_cycle(t, in, out);
    op *now = was == IF_NONE ? NULL : &t->cur;
    bool completed = false;

    /* ---- status and port sanity */
    if (out->idle != (was == IF_NONE))
        FAIL(t, now, "idle_o=%d but the harness has %s in flight", out->idle, was == IF_NONE ? "nothing" : "an op");
    if (out->dbg_ready != out->idle)
        FAIL(t, now, "dbg_ready_o=%d differs from idle_o=%d", out->dbg_ready, out->idle);
    if (out->dbg_rvalid != (was == IF_DBG))
        FAIL(t, now, "dbg_rvalid_o=%d, expected %d", out->dbg_rvalid, was == IF_DBG);
    if (out->core_rsp_valid && was != IF_CORE)
        FAIL(t, now, "core_rsp_valid_o with no core access in flight");
    if (out->ptw_rsp_valid && was != IF_PTW)
        FAIL(t, now, "ptw_rsp_valid_o with no walker access in flight");
    if (out->ptw_req_ready && in->core_req_valid)
        FAIL(t, now, "ptw_req_ready_o while a core request is valid (the core has priority)");
    if (out->core_req_ready && in->dbg_valid && was == IF_NONE)
        FAIL(t, now, "core_req_ready_o while an idle cache has a debug request (debug has priority)");
    if (was == IF_NONE && !in->dbg_valid && !out->core_req_ready)
        FAIL(t, now, "idle cache not ready for a core request");
    if (was == IF_NONE && !in->dbg_valid && !in->core_req_valid && !out->ptw_req_ready)
        FAIL(t, now, "idle cache not ready for a walker request");
    if (in->core_req_valid && in->ptw_req_valid)
        t->n_both_valid++;

    /* ---- memory port */
    if (t->prev_req_stall) {
        if (!out->mem_req_valid || out->mem_req_we != t->prev_req.we || out->mem_req_addr != t->prev_req.addr ||
            out->mem_req_uc != t->prev_req.uc ||
            (out->mem_req_we && (memcmp(out->mem_req_wdata, t->prev_req.data, t->p.line) ||
                                 memcmp(out->mem_req_be, t->prev_req.be, t->p.line)))) {
            fail_begin(t, now, "memory request changed or withdrawn while stalled");
            printf("  before valid=1 we=%d addr=0x%" PRIx64 "\n", t->prev_req.we, t->prev_req.addr);
            printf("  now    valid=%d we=%d addr=0x%" PRIx64 "\n", out->mem_req_valid, out->mem_req_we,
                   out->mem_req_addr);
            fail_end(t);
        }
    }
    t->prev_req_stall = false;
    if (out->mem_req_valid) {
        if (was != IF_CORE && was != IF_PTW)
            FAIL(t, now, "memory request with no access in flight");
        if (out->mem_req_addr % t->p.line || out->mem_req_addr >> t->p.pa_bits)
            FAIL(t, now, "memory request address 0x%" PRIx64 " not a line address below 2^%u", out->mem_req_addr,
                 t->p.pa_bits);
        if (out->mem_req_uc && !(was == IF_CORE && t->cur.a.uc))
            FAIL(t, now, "uncached memory request for a cached access");
        if (out->mem_req_we && !out->mem_req_uc)
            for (unsigned i = 0; i < t->p.line; i++)
                if (!out->mem_req_be[i])
                    FAIL(t, now, "write-back with byte enable %u low (a line write must write the whole line)", i);
        if (!in->mem_req_ready) {
            t->prev_req_stall = true;
            t->prev_req.we = out->mem_req_we;
            t->prev_req.uc = out->mem_req_uc;
            t->prev_req.addr = out->mem_req_addr;
            memcpy(t->prev_req.data, out->mem_req_wdata, t->p.line);
            memcpy(t->prev_req.be, out->mem_req_be, t->p.line);
            t->n_mem_req_stall++;
        } else {
            if (t->ntraffic == MAX_TRAFFIC)
                FAIL(t, now, "more than %d memory requests for one access", MAX_TRAFFIC);
            xfer *x = &t->traffic[t->ntraffic++];
            x->we = out->mem_req_we;
            x->uc = out->mem_req_uc;
            x->addr = out->mem_req_addr;
            memcpy(x->data, out->mem_req_wdata, t->p.line);
            memcpy(x->be, out->mem_req_be, t->p.line);
            if (x->we) {
                /* the memory writes the enabled bytes only */
                for (unsigned i = 0; i < t->p.line; i++)
                    if (x->be[i] && xl_mem_write(&t->rmem, x->addr + i, &x->data[i], 1)) {
                        fprintf(stderr, "tb-cache: out of memory\n");
                        exit(2);
                    }
                t->n_mem_w++;
            } else {
                unsigned slot = (t->rq_head + t->rq_count) % MEMQ;
                xl_mem_read(&t->rmem, x->addr, t->rq[slot].data, t->p.line);
                t->rq[slot].due = t->cycle + 1 + xl_rng_below(&t->mrng, t->lat_max);
                t->rq_count++;
                t->n_mem_r++;
            }
        }
    }
    if (t->rsp_shown && out->mem_rsp_ready) {
        t->rsp_shown = false;
        t->rq_head = (t->rq_head + 1) % MEMQ;
        t->rq_count--;
    }

    /* ---- the op in flight */
    if (was == IF_DBG) {
        dbg_response(t, out);
        t->inflight = IF_NONE;
    } else if (was == IF_CORE) {
        if (in->core_kill) {
            if (out->core_rsp_valid)
                FAIL(t, now, "core response valid in the cycle the access is killed");
            if (t->ntraffic)
                FAIL(t, now, "killed access caused memory traffic");
            t->n_killed++;
            t->n_late_kill += t->b_cycles > 0;
            t->last_store = false;
            history(t, now, "killed");
            t->inflight = IF_NONE;
            completed = true;
        } else if (out->core_rsp_valid) {
            if (!t->rsp_seen) {
                t->rsp_seen = true;
                t->rsp_hit = out->core_rsp_hit;
                t->rsp_rdata = out->core_rsp_rdata;
            } else if (t->rsp_hit != out->core_rsp_hit || t->rsp_rdata != out->core_rsp_rdata) {
                fail_begin(t, now, "core response changed while stalled");
                printf("  first hit=%d rdata=0x%" PRIx64 "\n  now   hit=%d rdata=0x%" PRIx64 "\n", t->rsp_hit,
                       t->rsp_rdata, out->core_rsp_hit, out->core_rsp_rdata);
                fail_end(t);
            }
            if (in->core_rsp_ready) {
                complete_access(t, out->core_rsp_hit, out->core_rsp_rdata);
                t->inflight = IF_NONE;
                completed = true;
            } else {
                t->prev_stalled = true;
                t->n_rsp_stall++;
            }
        } else {
            if (t->rsp_seen)
                FAIL(t, now, "core response withdrawn before it was taken");
            t->missed = true;
            t->prev_stalled = false;
        }
        t->b_cycles++;
    } else if (was == IF_PTW && out->ptw_rsp_valid) {
        complete_access(t, out->ptw_rsp_hit, out->ptw_rsp_rdata);
        t->inflight = IF_NONE;
        completed = true;
    }

    /* ---- acceptance */
    bool core_acc = in->core_req_valid && out->core_req_ready;
    bool ptw_acc = in->ptw_req_valid && out->ptw_req_ready;
    bool dbg_acc = in->dbg_valid && out->dbg_ready;
    if (core_acc + ptw_acc + dbg_acc > 1)
        FAIL(t, now, "more than one request accepted in one cycle (core %d, walker %d, debug %d)", core_acc, ptw_acc,
             dbg_acc);
    if ((core_acc || ptw_acc || dbg_acc) && !(was == IF_NONE || completed))
        FAIL(t, now, "a %s request was accepted while an op is in flight",
             core_acc ? "core" : ptw_acc ? "walker" : "debug");
    if (dbg_acc && was != IF_NONE)
        FAIL(t, now, "debug request accepted by a busy cache");
    if (core_acc || ptw_acc || dbg_acc)
        t->ntraffic = 0;
    if ((core_acc || ptw_acc) && completed) {
        t->n_b2b++;
        const acc *na = core_acc ? &t->core_op.a : &t->ptw_op.a;
        if (t->last_store && ((na->pa >> t->cfg.line_bits) & (t->p.sets - 1)) == t->last_set)
            t->n_b2b_store++;
    }
    if (in->dbg_valid && was != IF_NONE && !t->prev_dbg_valid)
        t->n_dbg_wait++;
    t->prev_dbg_valid = in->dbg_valid && !dbg_acc;
    if (core_acc) {
        t->cur = t->core_op;
        t->core_pend = t->core_shown = false;
        t->inflight = IF_CORE;
        t->b_cycles = 0;
        t->missed = t->rsp_seen = t->prev_stalled = false;
    } else if (ptw_acc) {
        t->cur = t->ptw_op;
        t->ptw_pend = t->ptw_shown = false;
        t->inflight = IF_PTW;
    } else if (dbg_acc) {
        op *d = dq_front(t);
        dbg_accepted(t, d);
        t->cur = *d;
        dq_pop(t);
        t->dbg_shown = false;
        t->inflight = IF_DBG;
        t->last_progress = t->cycle;
    }
    if (t->inflight != IF_NONE && was != IF_NONE && !completed && t->inflight != was)
        FAIL(t, now, "harness: inconsistent in-flight state");
    if (t->cycle - t->last_progress > 200000)
        FAIL(t, now, "no progress for 200000 cycles (hang)");
}

/* ------------------------------------------------------------------ main */

static void usage(void)
{
    fprintf(stderr, "usage: tb-cache --preset NAME [--seed S] [--n N] [--check-every K] [--quiet] [--trace]\n"
                    "  N: accesses to compare (default 100000)\n"
                    "  K: operations between full-state checks (default 2000 + 8 * lines)\n"
                    "  --trace: print every cycle's handshakes\n");
    exit(2);
}

static uint64_t num_arg(const char *s)
{
    uint64_t v;
    if (!s || xl_parse_u64(s, &v) != 0)
        usage();
    return v;
}

int main(int argc, char **argv)
{
    static tb t;
    xl_error err;
    t.seed = 1;
    t.n_target = 100000;
    t.check_every = 0; /* default: set from the geometry below */
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--preset") && i + 1 < argc)
            t.preset = argv[++i];
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
            t.seed = num_arg(argv[++i]);
        else if (!strcmp(argv[i], "--n") && i + 1 < argc)
            t.n_target = num_arg(argv[++i]);
        else if (!strcmp(argv[i], "--check-every") && i + 1 < argc)
            t.check_every = num_arg(argv[++i]);
        else if (!strcmp(argv[i], "--quiet"))
            t.quiet = true;
        else if (!strcmp(argv[i], "--trace"))
            t.trace = true;
        else
            usage();
    }
    if (!t.preset)
        usage();
    if (xl_config_load_preset(t.preset, XL_CFG_DIR, &t.cfg, &err) != 0) {
        fprintf(stderr, "tb-cache: %s\n", err.msg);
        return 2;
    }
    xlc_get_params(&t.p);
    if (t.p.pa_bits != t.cfg.pa_bits || t.p.page_bits != t.cfg.page_bits || t.p.sets != t.cfg.cache_sets ||
        t.p.ways != t.cfg.cache_ways || t.p.line != t.cfg.cache_line ||
        t.p.tag_bits != xl_cache_tag_bits(&t.cfg)) {
        fprintf(stderr,
                "tb-cache: the RTL was built with PaBits=%u PageBits=%u CacheSets=%u CacheWays=%u CacheLine=%u, "
                "preset %s has %u %u %u %u %u: refusing to run\n",
                t.p.pa_bits, t.p.page_bits, t.p.sets, t.p.ways, t.p.line, t.preset, t.cfg.pa_bits, t.cfg.page_bits,
                t.cfg.cache_sets, t.cfg.cache_ways, t.cfg.cache_line);
        return 2;
    }

    size_t lines = (size_t)t.p.sets * t.p.ways;
    if (!t.check_every)
        t.check_every = 2000 + 8 * lines;
    if (xl_mem_init(&t.rmem) || xl_mem_init(&t.mmem) || xl_cache_init(&t.mc, &t.cfg, &t.mmem)) {
        fprintf(stderr, "tb-cache: out of memory\n");
        return 2;
    }
    t.tag_known = calloc(lines, 1);
    t.data_known = calloc(lines, 1);
    if (!t.tag_known || !t.data_known) {
        fprintf(stderr, "tb-cache: out of memory\n");
        return 2;
    }
    /* one seed gives each preset its own streams */
    uint64_t salt = 0;
    for (const char *c = t.preset; *c; c++)
        salt = salt * 131 + (unsigned char)*c;
    xl_rng_seed(&t.rng, t.seed, 0x7462 ^ salt);
    xl_rng_seed(&t.mrng, t.seed, 0x6d656d ^ salt);
    init_pools(&t);
    new_phase(&t);

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    t.dut = xlc_new((uint32_t)(t.seed * 2654435761u) | 1u);
    xlc_in in;
    xlc_out out;
    junk_inputs(&t, &in);
    xlc_reset(t.dut, &in, 3);
    /* After reset the cache clears every set's tags and PLRU state, one set
     * per cycle: it must refuse all requests meanwhile and be idle after
     * at most cache_sets cycles (ready outputs low until then). */
    for (unsigned k = 0;; k++) {
        junk_inputs(&t, &in);
        in.dbg_valid = false;
        xlc_cycle(t.dut, &in, &out);
        if (out.idle)
            break;
        if (out.core_req_ready || out.ptw_req_ready || out.dbg_ready || k >= t.cfg.cache_sets) {
            printf("MISMATCH preset %s seed %" PRIu64 ": reset sweep: cycle %u ready=%d/%d/%d idle=%d (sets %u)\n",
                   t.preset, t.seed, k, out.core_req_ready, out.ptw_req_ready, out.dbg_ready, out.idle, t.cfg.cache_sets);
            printf("0 passed, 1 failed\n");
            return 1;
        }
    }
    junk_inputs(&t, &in);

    /* main run, then the final full check after everything has drained */
    bool final_pushed = false;
    for (;;) {
        generate(&t, t.n_target);
        bool drained = !t.core_pend && !t.ptw_pend && t.dq_count == 0 && t.inflight == IF_NONE;
        if (drained && t.n_acc >= t.n_target) {
            if (final_pushed)
                break;
            push_full_check(&t);
            final_pushed = true;
        }
        drive(&t, &in);
        xlc_cycle(t.dut, &in, &out);
        observe(&t, &in, &out);
        t.cycle++;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;

    /* every kind of event must have happened, or the run proved little */
    struct {
        const char *name;
        uint64_t n;
    } cov[] = {{"hits", t.n_hits},
               {"misses", t.n_misses},
               {"clean evictions", t.n_ev_clean},
               {"dirty evictions", t.n_ev_dirty},
               {"core accesses", t.n_core},
               {"walker accesses", t.n_ptw},
               {"killed accesses", t.n_killed},
               {"stalled core responses", t.n_rsp_stall},
               {"stalled memory requests", t.n_mem_req_stall},
               {"stalled memory responses", t.n_mem_rsp_stall},
               {"core and walker requests together", t.n_both_valid},
               {"debug writes", t.n_dbg_w},
               {"debug reads", t.n_dbg_r},
               {"misses beside an invalid way with the same tag", t.n_inv_match},
               {"misses filling an invalid way the PLRU would not pick", t.n_inv_pref},
               {"back-to-back accesses", t.n_b2b},
               {"back-to-back accesses to the set a store just wrote", t.n_b2b_store},
               {"kills of a held-back hit", t.n_late_kill},
               {"debug requests waiting on a busy cache", t.n_dbg_wait},
               {"uncached loads", t.n_uc_r},
               {"uncached stores", t.n_uc_w},
               {"uncached accesses to a line the cache holds", t.n_uc_cached}};
    bool holes = false;
    if (t.n_target >= 2000)
        for (size_t i = 0; i < sizeof cov / sizeof cov[0]; i++)
            if (!cov[i].n && !(t.p.ways == 1 && strstr(cov[i].name, "PLRU"))) {
                printf("COVERAGE HOLE preset %s seed %" PRIu64 ": no %s\n", t.preset, t.seed, cov[i].name);
                holes = true;
            }

    printf("tb-cache %s seed %" PRIu64 ": %" PRIu64 " accesses compared, 0 mismatches, %.1f s, %" PRIu64
           " cycles\n",
           t.preset, t.seed, t.n_acc, secs, t.cycle);
    if (!t.quiet) {
        printf("  core %" PRIu64 ", walker %" PRIu64 "; loads %" PRIu64 ", stores %" PRIu64 "; hits %" PRIu64
               ", misses %" PRIu64 " (clean evictions %" PRIu64 ", dirty %" PRIu64 ")\n",
               t.n_core, t.n_ptw, t.n_loads, t.n_stores, t.n_hits, t.n_misses, t.n_ev_clean, t.n_ev_dirty);
        printf("  killed %" PRIu64 "; debug writes %" PRIu64 ", reads %" PRIu64 "; full-state checks %" PRIu64
               " (memory compares %" PRIu64 ")\n",
               t.n_killed, t.n_dbg_w, t.n_dbg_r, t.n_checks, t.n_mem_cmp);
        printf("  memory reads %" PRIu64 ", writes %" PRIu64 "; stalls: core rsp %" PRIu64 ", mem req %" PRIu64
               ", mem rsp %" PRIu64 "; core+walker together %" PRIu64 "\n",
               t.n_mem_r, t.n_mem_w, t.n_rsp_stall, t.n_mem_req_stall, t.n_mem_rsp_stall, t.n_both_valid);
        printf("  back-to-back %" PRIu64 " (after a store, same set %" PRIu64 "); late kills %" PRIu64
               "; misses beside an invalid same-tag way %" PRIu64 ", filling an invalid non-PLRU way %" PRIu64
               "; debug requests waiting %" PRIu64 "\n",
               t.n_b2b, t.n_b2b_store, t.n_late_kill, t.n_inv_match, t.n_inv_pref, t.n_dbg_wait);
        printf("  uncached loads %" PRIu64 ", stores %" PRIu64 " (to a line the cache holds %" PRIu64 ")\n", t.n_uc_r,
               t.n_uc_w, t.n_uc_cached);
    }
    printf("%d passed, %d failed\n", holes ? 0 : 1, holes ? 1 : 0);

    xlc_free(t.dut);
    xl_cache_free(&t.mc);
    xl_mem_free(&t.rmem);
    xl_mem_free(&t.mmem);
    free(t.tag_known);
    free(t.data_known);
    free(t.pool);
    free(t.dq);
    return holes ? 1 : 0;
}
