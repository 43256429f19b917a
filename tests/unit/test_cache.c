/*
 * The VIPT L1D on its own (xl_cache over an xl_mem): eviction order,
 * write-back timing, clean evictions, write-allocate, flush.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "helpers.h"

typedef struct cfx {
    xl_config cfg;
    xl_mem mem;
    xl_cache c;
} cfx;

static int setup_preset(void **state, const char *name)
{
    cfx *f = calloc(1, sizeof *f);
    if (f == NULL)
        return -1;
    *state = f;
    cfg_preset(&f->cfg, name);
    if (xl_mem_init(&f->mem) != 0 || xl_cache_init(&f->c, &f->cfg, &f->mem) != 0)
        return -1;
    return 0;
}

static int setup_x86(void **state) { return setup_preset(state, "x86_64"); }
static int setup_toy(void **state) { return setup_preset(state, "toy"); }

static int teardown(void **state)
{
    cfx *f = *state;
    xl_cache_free(&f->c);
    xl_mem_free(&f->mem);
    free(f);
    return 0;
}

/* x86_64 preset: 64 sets x 8 ways x 64 B; lines 4 KiB apart share a set. */
#define SET 3u
#define LINE(k) (0x10000000ull + (uint64_t)(k) * 0x1000u + SET * 64u)

static bool rd(cfx *f, uint64_t pa, unsigned size, uint64_t *v, xl_cache_info *ci)
{
    return xl_cache_access(&f->c, pa, false, size, 0, v, ci);
}

static bool wr(cfx *f, uint64_t pa, unsigned size, uint64_t v, xl_cache_info *ci)
{
    return xl_cache_access(&f->c, pa, true, size, v, NULL, ci);
}

static uint64_t tag_of(const xl_config *c, uint64_t pa)
{
    return pa >> (c->line_bits + c->cache_set_bits);
}

static void eviction_order(void **state)
{
    cfx *f = *state;
    xl_cache_info ci;
    uint64_t v;
    /* invalid ways fill in order */
    for (unsigned k = 0; k < 8; k++) {
        assert_false(rd(f, LINE(k), 8, &v, &ci));
        assert_int_equal(ci.set, SET);
        assert_int_equal(ci.way, k);
        assert_false(ci.evict_clean);
        assert_false(ci.evict_dirty);
    }
    for (unsigned k = 0; k < 8; k++) {
        assert_true(rd(f, LINE(k) + 8, 8, &v, &ci));
        assert_int_equal(ci.way, k);
    }
    /* touching 0..7 in order again leaves PLRU state 0: victims 0 4 2 6 1 5 3 7 */
    assert_int_equal(xl_cache_repl_get(&f->c, SET), 0);
    static const unsigned order[] = {0, 4, 2, 6, 1, 5, 3, 7, 0};
    unsigned owner[8];
    for (unsigned w = 0; w < 8; w++)
        owner[w] = w;
    for (unsigned i = 0; i < 9; i++) {
        unsigned k = 8 + i;
        xl_cache_line before;
        assert_int_equal(xl_cache_get(&f->c, SET, order[i], &before), 0);
        assert_int_equal(before.tag, tag_of(&f->cfg, LINE(owner[order[i]])));
        assert_false(rd(f, LINE(k), 4, &v, &ci));
        assert_int_equal(ci.way, order[i]);
        assert_true(ci.evict_clean);
        owner[order[i]] = k;
        /* the evicted line is gone, the others are still there */
        xl_cache_line after;
        assert_int_equal(xl_cache_get(&f->c, SET, order[i], &after), 0);
        assert_int_equal(after.tag, tag_of(&f->cfg, LINE(k)));
    }
    /* other sets were untouched */
    for (unsigned w = 0; w < 8; w++) {
        xl_cache_line l;
        assert_int_equal(xl_cache_get(&f->c, SET + 1, w, &l), 0);
        assert_false(l.valid);
    }
}

static void hit_steers_victim(void **state)
{
    cfx *f = *state;
    xl_cache_info ci;
    uint64_t v;
    for (unsigned k = 0; k < 8; k++)
        rd(f, LINE(k), 8, &v, NULL);
    /* state 0 would evict way 0; a hit on way 0 moves the victim to way 4 */
    assert_true(rd(f, LINE(0), 8, &v, &ci));
    assert_int_equal(xl_cache_repl_get(&f->c, SET), 0x0B);
    assert_false(rd(f, LINE(100), 8, &v, &ci));
    assert_int_equal(ci.way, 4);
}

static void dirty_writeback_timing(void **state)
{
    cfx *f = *state;
    xl_cache_info ci;
    uint64_t v;
    /* memory holds a pattern in the line */
    for (unsigned i = 0; i < 64; i += 8)
        xl_mem_write_le(&f->mem, LINE(0) + i, 0x0101010101010101ull * (i + 1), 8);
    const uint64_t old = xl_mem_read_le(&f->mem, LINE(0) + 16, 8);

    assert_false(wr(f, LINE(0) + 16, 8, 0xDEADBEEFCAFEF00Dull, &ci));
    assert_int_equal(ci.way, 0);
    assert_int_equal(xl_mem_read_le(&f->mem, LINE(0) + 16, 8), old); /* not yet */
    for (unsigned k = 1; k < 8; k++) {
        assert_false(rd(f, LINE(k), 8, &v, &ci));
        assert_false(ci.evict_dirty);
        assert_int_equal(xl_mem_read_le(&f->mem, LINE(0) + 16, 8), old);
    }
    /* a hit does not write back either */
    assert_true(rd(f, LINE(0) + 16, 8, &v, NULL));
    assert_int_equal(v, 0xDEADBEEFCAFEF00Dull);
    assert_int_equal(xl_mem_read_le(&f->mem, LINE(0) + 16, 8), old);
    /* make way 0 the victim again, then miss: now, and only now, memory changes */
    for (unsigned k = 1; k < 8; k++)
        assert_true(rd(f, LINE(k), 1, &v, NULL));
    xl_cache_repl_put(&f->c, SET, 0);
    assert_int_equal(xl_mem_read_le(&f->mem, LINE(0) + 16, 8), old);
    assert_false(rd(f, LINE(8), 8, &v, &ci));
    assert_int_equal(ci.way, 0);
    assert_true(ci.evict_dirty);
    assert_false(ci.evict_clean);
    assert_int_equal(xl_mem_read_le(&f->mem, LINE(0) + 16, 8), 0xDEADBEEFCAFEF00Dull);
    /* the whole line was written back: its other bytes are the pattern */
    for (unsigned i = 0; i < 64; i += 8)
        if (i != 16)
            assert_int_equal(xl_mem_read_le(&f->mem, LINE(0) + i, 8), 0x0101010101010101ull * (i + 1));
}

static void clean_eviction_writes_nothing(void **state)
{
    cfx *f = *state;
    xl_cache_info ci;
    uint64_t v;
    /* a clean line whose bytes differ from memory (backdoor) */
    xl_mem_write_le(&f->mem, LINE(0), 0x1111111111111111ull, 8);
    xl_cache_line l;
    memset(&l, 0, sizeof l);
    l.valid = true;
    l.dirty = false;
    l.tag = tag_of(&f->cfg, LINE(0));
    memset(l.data, 0x77, sizeof l.data);
    assert_int_equal(xl_cache_put(&f->c, SET, 0, &l), 0);
    assert_true(rd(f, LINE(0), 8, &v, NULL));
    assert_int_equal(v, 0x7777777777777777ull);
    xl_cache_repl_put(&f->c, SET, 0);
    for (unsigned k = 1; k < 8; k++)
        assert_false(rd(f, LINE(k), 8, &v, NULL)); /* ways 1..7, state ends at 0 */
    assert_false(rd(f, LINE(8), 8, &v, &ci));
    assert_int_equal(ci.way, 0);
    assert_true(ci.evict_clean);
    assert_false(ci.evict_dirty);
    assert_int_equal(xl_mem_read_le(&f->mem, LINE(0), 8), 0x1111111111111111ull);
    /* a read miss on a never-written line allocated no memory */
    assert_int_equal(f->mem.count, 1);
}

static void write_allocate(void **state)
{
    cfx *f = *state;
    xl_cache_info ci;
    uint64_t v;
    /* memory bytes 40..47 of the line: 11 22 33 44 55 66 77 88 */
    xl_mem_write_le(&f->mem, LINE(5) + 40, 0x8877665544332211ull, 8);
    /* a store miss fills the whole line, then writes two bytes into it */
    assert_false(wr(f, LINE(5) + 42, 2, 0xBBAA, &ci));
    assert_false(ci.evict_clean);
    assert_false(ci.evict_dirty);
    xl_cache_line l;
    assert_int_equal(xl_cache_get(&f->c, SET, ci.way, &l), 0);
    assert_true(l.valid);
    assert_true(l.dirty);
    assert_int_equal(l.tag, tag_of(&f->cfg, LINE(5)));
    assert_int_equal(l.data[39], 0x00);
    assert_int_equal(l.data[40], 0x11);
    assert_int_equal(l.data[41], 0x22);
    assert_int_equal(l.data[42], 0xAA);
    assert_int_equal(l.data[43], 0xBB);
    assert_int_equal(l.data[44], 0x55);
    assert_int_equal(l.data[47], 0x88);
    /* memory is untouched; loads hit and see the merged bytes */
    assert_int_equal(xl_mem_read_le(&f->mem, LINE(5) + 40, 8), 0x8877665544332211ull);
    assert_true(rd(f, LINE(5) + 40, 8, &v, NULL));
    assert_int_equal(v, 0x88776655BBAA2211ull);
    assert_true(rd(f, LINE(5) + 41, 1, &v, NULL));
    assert_int_equal(v, 0x22);
    assert_true(rd(f, LINE(5) + 42, 2, &v, NULL));
    assert_int_equal(v, 0xBBAA);
    assert_true(rd(f, LINE(5) + 44, 4, &v, NULL));
    assert_int_equal(v, 0x88776655ull);
    /* a store hit returns no data and keeps the line dirty */
    uint64_t rdata = 123;
    assert_true(xl_cache_access(&f->c, LINE(5), true, 4, 0x01020304, &rdata, NULL));
    assert_int_equal(rdata, 0);
    assert_int_equal(xl_cache_get(&f->c, SET, ci.way, &l), 0);
    assert_true(l.dirty);
}

static void flush(void **state)
{
    cfx *f = *state;
    uint64_t v;
    wr(f, LINE(0), 8, 0xA, NULL);           /* dirty */
    wr(f, LINE(1) + 0x440, 8, 0xB, NULL);   /* dirty, another set */
    rd(f, LINE(2), 8, &v, NULL);            /* clean */
    assert_int_equal(xl_mem_read_le(&f->mem, LINE(0), 8), 0);
    assert_int_equal(xl_cache_flush(&f->c, false), 2);
    assert_int_equal(xl_mem_read_le(&f->mem, LINE(0), 8), 0xA);
    assert_int_equal(xl_mem_read_le(&f->mem, LINE(1) + 0x440, 8), 0xB);
    /* lines stay valid and are now clean */
    xl_cache_line l;
    assert_int_equal(xl_cache_get(&f->c, SET, 0, &l), 0);
    assert_true(l.valid);
    assert_false(l.dirty);
    assert_int_equal(xl_cache_flush(&f->c, false), 0);
    assert_true(rd(f, LINE(2), 8, &v, NULL));
    /* flush + invalidate: everything goes, a dirty line is written first */
    wr(f, LINE(2), 8, 0xC, NULL);
    assert_int_equal(xl_cache_flush(&f->c, true), 1);
    assert_int_equal(xl_mem_read_le(&f->mem, LINE(2), 8), 0xC);
    for (unsigned s = 0; s < f->cfg.cache_sets; s++)
        for (unsigned w = 0; w < f->cfg.cache_ways; w++) {
            assert_int_equal(xl_cache_get(&f->c, s, w, &l), 0);
            assert_false(l.valid);
        }
    assert_false(rd(f, LINE(0), 8, &v, NULL));
    assert_int_equal(v, 0xA);
}

static void toy_direct_mapped(void **state)
{
    cfx *f = *state;
    xl_cache_info ci;
    uint64_t v;
    /* 16 sets x 1 way x 4 B: 0x00 and 0x40 share set 0 */
    xl_mem_write_le(&f->mem, 0x40, 0x44332211, 4);
    assert_false(wr(f, 0x00, 4, 0xAABBCCDD, &ci));
    assert_int_equal(ci.set, 0);
    assert_false(rd(f, 0x40, 2, &v, &ci));
    assert_int_equal(v, 0x2211);
    assert_true(ci.evict_dirty);
    assert_int_equal(xl_mem_read_le(&f->mem, 0x00, 4), 0xAABBCCDD);
    assert_true(rd(f, 0x42, 2, &v, &ci));
    assert_int_equal(v, 0x4433);
    assert_false(rd(f, 0x04, 4, &v, &ci));
    assert_int_equal(ci.set, 1);
    assert_int_equal(xl_cache_tag_bits(&f->cfg), 12 - 2 - 4);
    assert_int_equal(xl_cache_repl_get(&f->c, 0), 0);
}

/* The traffic observer sees every fill and write-back, in order, with the
 * line address and data, and nothing on hits. */
typedef struct seen {
    unsigned n;
    bool write[8], uc[8];
    uint64_t pa[8];
    uint8_t b0[8];
    unsigned len[8];
} seen;

static void observe(void *ctx, bool write, bool uncached, uint64_t pa, const uint8_t *line, unsigned len)
{
    seen *s = ctx;
    if (!uncached)
        assert_int_equal(len, 64);
    if (s->n < 8) {
        s->write[s->n] = write;
        s->uc[s->n] = uncached;
        s->pa[s->n] = pa;
        s->b0[s->n] = line[0];
        s->len[s->n] = len;
    }
    s->n++;
}

static void traffic_observer(void **state)
{
    cfx *f = *state;
    seen s;
    uint64_t v;
    memset(&s, 0, sizeof s);
    assert_int_equal(xl_mem_write_le(&f->mem, LINE(0), 0x5a, 1), 0);
    xl_cache_observe(&f->c, observe, &s);
    assert_false(rd(f, LINE(0), 1, &v, NULL)); /* fill 0 */
    assert_int_equal(v, 0x5a);
    assert_true(wr(f, LINE(0), 1, 0xa5, NULL)); /* hit: no traffic */
    assert_int_equal(s.n, 1);
    for (unsigned k = 1; k < 8; k++) /* fill ways 1..7 */
        assert_false(rd(f, LINE(k), 1, &v, NULL));
    assert_int_equal(s.n, 8);
    /* The set is full and line 0 is the PLRU victim: write-back, then fill. */
    memset(&s, 0, sizeof s);
    assert_false(rd(f, LINE(8), 1, &v, NULL));
    assert_int_equal(s.n, 2);
    assert_true(s.write[0]);
    assert_int_equal(s.pa[0], LINE(0) & ~63ull);
    assert_int_equal(s.b0[0], 0xa5);
    assert_false(s.write[1]);
    assert_int_equal(s.pa[1], LINE(8) & ~63ull);
    /* An uncached access (Svpbmt NC / IO): memory only, the cache untouched. */
    memset(&s, 0, sizeof s);
    unsigned before = 0;
    for (unsigned w = 0; w < 8; w++) {
        xl_cache_line l;
        assert_int_equal(xl_cache_get(&f->c, (unsigned)((LINE(8) >> 6) & 63), w, &l), 0);
        before += l.valid && l.dirty;
    }
    assert_int_equal(xl_cache_uncached(&f->c, LINE(8) + 3, true, 2, 0xbeef, NULL), 0);
    assert_int_equal(xl_cache_uncached(&f->c, LINE(8) + 3, false, 2, 0, &v), 0);
    assert_int_equal(v, 0xbeef);
    assert_int_equal(xl_mem_read_le(&f->mem, LINE(8) + 3, 2), 0xbeef);
    assert_int_equal(s.n, 2);
    assert_true(s.uc[0] && s.write[0] && s.len[0] == 2 && s.pa[0] == LINE(8) + 3 && s.b0[0] == 0xef);
    assert_true(s.uc[1] && !s.write[1] && s.len[1] == 2);
    unsigned after = 0;
    for (unsigned w = 0; w < 8; w++) {
        xl_cache_line l;
        assert_int_equal(xl_cache_get(&f->c, (unsigned)((LINE(8) >> 6) & 63), w, &l), 0);
        after += l.valid && l.dirty;
    }
    assert_int_equal(after, before);
    assert_true(rd(f, LINE(8) + 3, 2, &v, NULL)); /* the cached copy still holds the old bytes */
    assert_int_not_equal(v, 0xbeef);
    memset(&s, 0, sizeof s);
    xl_cache_observe(&f->c, NULL, NULL);
    assert_false(rd(f, LINE(9), 1, &v, NULL)); /* no observer: not recorded */
    assert_int_equal(s.n, 0);
}

#define T(fn, setup) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(eviction_order, setup_x86),
        T(hit_steers_victim, setup_x86),
        T(dirty_writeback_timing, setup_x86),
        T(clean_eviction_writes_nothing, setup_x86),
        T(write_allocate, setup_x86),
        T(flush, setup_x86),
        T(toy_direct_mapped, setup_toy),
        T(traffic_observer, setup_x86),
    };
    return RUN_TESTS(tests);
}
