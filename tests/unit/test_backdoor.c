/*
 * Backdoor access (TLB entries, cache lines, replacement state) and
 * xl_mmu_compare, which must notice a difference in every part of the state.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define assert_entry_eq(x, y)                    \
    do {                                         \
        assert_int_equal((x).valid, (y).valid);  \
        assert_int_equal((x).level, (y).level);  \
        assert_int_equal((x).perm, (y).perm);    \
        assert_int_equal((x).asid, (y).asid);    \
        assert_int_equal((x).vpn, (y).vpn);      \
        assert_int_equal((x).ppn, (y).ppn);      \
    } while (0)

static void tlb_round_trip(void **state)
{
    fx *f = *state;
    xl_tlb *t = &f->m->tlb;
    xl_error e;
    xl_tlb_entry got;
    xl_tlb_loc lb = {XL_TLB_BASE, 6, 3}, ls = {XL_TLB_SUPER, 0, 5};
    xl_tlb_entry b = tlb_ent(0, 0xABC6, 0x12345, 0x7FF, XL_PERM_R | XL_PERM_X | XL_PERM_U | XL_PERM_D);
    xl_tlb_entry s = tlb_ent(2, 0x40000, 0xC0000, 0x001, XL_PERM_R | XL_PERM_W | XL_PERM_G);

    assert_int_equal(xl_tlb_put(t, &lb, &b, &e), 0);
    assert_int_equal(xl_tlb_put(t, &ls, &s, &e), 0);
    assert_int_equal(xl_tlb_get(t, &lb, &got), 0);
    assert_entry_eq(got, b);
    assert_int_equal(xl_tlb_get(t, &ls, &got), 0);
    assert_entry_eq(got, s);
    /* a put leaves the replacement state alone */
    assert_int_equal(xl_tlb_repl_get(t, XL_TLB_BASE, 6), 0);
    assert_int_equal(xl_tlb_repl_get(t, XL_TLB_SUPER, 0), 0);
    /* and the entries translate */
    xl_tlb_loc loc;
    assert_non_null(xl_tlb_lookup(t, 0xABC6, 0x7FF, &loc));
    assert_int_equal(loc.way, 3);
    assert_non_null(xl_tlb_lookup(t, 0x7FFFF, 0x123, &loc));
    assert_int_equal(loc.array, XL_TLB_SUPER);
    assert_int_equal(loc.way, 5);
    /* an invalid put clears the slot */
    xl_tlb_entry inv;
    memset(&inv, 0xFF, sizeof inv);
    inv.valid = false;
    assert_int_equal(xl_tlb_put(t, &lb, &inv, &e), 0);
    assert_int_equal(xl_tlb_get(t, &lb, &got), 0);
    assert_false(got.valid);
    assert_null(xl_tlb_lookup(t, 0xABC6, 0x7FF, NULL));
    /* a put does not remove overlapping entries (that is refill's job) */
    xl_tlb_loc lb2 = {XL_TLB_BASE, 6, 0};
    assert_int_equal(xl_tlb_put(t, &lb, &b, &e), 0);
    assert_int_equal(xl_tlb_put(t, &lb2, &b, &e), 0);
    assert_int_equal(tlb_valid_count(f->m), 3);
    /* out of range */
    xl_tlb_loc bad[] = {{XL_TLB_BASE, 16, 0}, {XL_TLB_BASE, 0, 4}, {XL_TLB_SUPER, 0, 8}, {XL_TLB_SUPER, 1, 0}};
    for (unsigned i = 0; i < 4; i++) {
        assert_int_equal(xl_tlb_get(t, &bad[i], &got), -1);
        assert_int_equal(xl_tlb_put(t, &bad[i], &b, &e), -1);
        assert_non_null(strstr(e.msg, "out of range"));
    }
}

static void tlb_put_rejects(void **state)
{
    fx *f = *state;
    xl_tlb *t = &f->m->tlb;
    const xl_tlb_loc lb = {XL_TLB_BASE, 6, 0}, ls = {XL_TLB_SUPER, 0, 0};
    static const struct {
        bool super;
        unsigned level;
        uint64_t vpn, ppn;
        uint32_t asid;
        unsigned perm;
        const char *why;
    } cases[] = {
        {true, 3, 0, 0, 0, XL_PERM_R, "not a leaf level"},
        {false, 1, 0x6, 0, 0, XL_PERM_R, "superpages and NAPOT pages in the superpage array"},
        {true, 0, 0x6, 0, 0, XL_PERM_R, "level-0 entries go in the base array"},
        {false, 0, 0x7, 0, 0, XL_PERM_R, "does not index this set"},
        {false, 0, 1ull << 36 | 6, 0, 0, XL_PERM_R, "vpn is wider"},
        {false, 0, 0x6, 1ull << 40, 0, XL_PERM_R, "ppn is wider"},
        {true, 1, 0x201, 0, 0, XL_PERM_R, "aligned to its size"},
        {true, 1, 0x200, 0x1, 0, XL_PERM_R, "aligned to its size"},
        {false, 0, 0x6, 0, 1u << 12, XL_PERM_R, "asid is wider"},
        {false, 0, 0x6, 0, 0, 0x40, "unknown permission bits"},
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        xl_error e;
        memset(&e, 0, sizeof e);
        xl_tlb_entry x = tlb_ent(cases[i].level, cases[i].vpn, cases[i].ppn, cases[i].asid, cases[i].perm);
        if (xl_tlb_put(t, cases[i].super ? &ls : &lb, &x, &e) != -1)
            fail_msg("case %u accepted", i);
        if (strstr(e.msg, cases[i].why) == NULL)
            fail_msg("case %u: '%s' lacks '%s'", i, e.msg, cases[i].why);
    }
    assert_int_equal(tlb_valid_count(f->m), 0);
}

static void cache_round_trip(void **state)
{
    fx *f = *state;
    xl_cache *c = &f->m->cache;
    xl_cache_line in, got;
    memset(&in, 0, sizeof in);
    in.valid = true;
    in.dirty = true;
    in.tag = 0x123456;
    for (unsigned i = 0; i < 64; i++)
        in.data[i] = (uint8_t)(i * 7 + 1);
    assert_int_equal(xl_cache_put(c, 9, 5, &in), 0);
    assert_int_equal(xl_cache_get(c, 9, 5, &got), 0);
    assert_true(got.valid);
    assert_true(got.dirty);
    assert_int_equal(got.tag, 0x123456);
    assert_memory_equal(got.data, in.data, 64);
    assert_int_equal(xl_cache_repl_get(c, 9), 0); /* put leaves PLRU alone */
    /* the line is visible to accesses: tag 0x123456, set 9 */
    uint64_t pa = (0x123456ull << 12) | (9u << 6) | 8, v;
    assert_true(xl_cache_access(c, pa, false, 8, 0, &v, NULL));
    uint64_t want = 0;
    for (unsigned i = 0; i < 8; i++)
        want |= (uint64_t)in.data[8 + i] << (8 * i);
    assert_int_equal(v, want);
    /* dirty without valid is stored as clean */
    in.valid = false;
    assert_int_equal(xl_cache_put(c, 9, 5, &in), 0);
    assert_int_equal(xl_cache_get(c, 9, 5, &got), 0);
    assert_false(got.valid);
    assert_false(got.dirty);
    /* out of range, and a tag wider than pa_bits - 12 */
    assert_int_equal(xl_cache_get(c, 64, 0, &got), -1);
    assert_int_equal(xl_cache_get(c, 0, 8, &got), -1);
    assert_int_equal(xl_cache_put(c, 64, 0, &in), -1);
    assert_int_equal(xl_cache_put(c, 0, 8, &in), -1);
    in.tag = 1ull << xl_cache_tag_bits(&f->cfg);
    assert_int_equal(xl_cache_tag_bits(&f->cfg), 52 - 12);
    assert_int_equal(xl_cache_put(c, 0, 0, &in), -1);
    in.tag -= 1;
    assert_int_equal(xl_cache_put(c, 0, 0, &in), 0);
}

static void repl_round_trip(void **state)
{
    fx *f = *state;
    xl_tlb *t = &f->m->tlb;
    xl_cache *c = &f->m->cache;
    xl_tlb_repl_put(t, XL_TLB_BASE, 3, 0x5);
    assert_int_equal(xl_tlb_repl_get(t, XL_TLB_BASE, 3), 0x5);
    assert_int_equal(xl_tlb_repl_get(t, XL_TLB_BASE, 2), 0);
    xl_tlb_repl_put(t, XL_TLB_BASE, 3, 0xFFFFFFFF);
    assert_int_equal(xl_tlb_repl_get(t, XL_TLB_BASE, 3), 0x7); /* 4-way PLRU: 3 bits */
    xl_tlb_repl_put(t, XL_TLB_SUPER, 0, 0xFFFFFFFF);
    assert_int_equal(xl_tlb_repl_get(t, XL_TLB_SUPER, 0), 0x7F); /* 8 entries: 7 bits */
    xl_tlb_repl_put(t, XL_TLB_BASE, 99, 0x1);                     /* ignored */
    assert_int_equal(xl_tlb_repl_get(t, XL_TLB_BASE, 99), 0);
    xl_cache_repl_put(c, 63, 0x12345);
    assert_int_equal(xl_cache_repl_get(c, 63), 0x45);
    assert_int_equal(xl_cache_repl_get(c, 64), 0);
    /* the state put is the state used: 0x5 in a full set evicts way 3 */
    xl_tlb_loc loc;
    for (unsigned w = 0; w < 4; w++) {
        xl_tlb_entry e = tlb_ent(0, ((uint64_t)(w + 1) << 4) | 3, w, 0, XL_PERM_R);
        assert_true(xl_tlb_refill(t, &e, NULL));
    }
    xl_tlb_repl_put(t, XL_TLB_BASE, 3, 0x5);
    xl_tlb_entry e = tlb_ent(0, (9u << 4) | 3, 9, 0, XL_PERM_R);
    assert_true(xl_tlb_refill(t, &e, &loc));
    assert_int_equal(loc.way, 3);
    /* true LRU state masks off the diagonal */
    fx_use(f, "x86_64", "tlb_repl = lru\ntlb_super = 4\n");
    xl_tlb_repl_put(&f->m->tlb, XL_TLB_BASE, 0, 0xFFFFFFFF);
    assert_int_equal(xl_tlb_repl_get(&f->m->tlb, XL_TLB_BASE, 0), 0x7BDE);
}

/* ---- xl_mmu_compare ---------------------------------------------------------- */

typedef struct two {
    xl_config cfg;
    xl_mmu *a, *b;
} two;

static void busy(xl_mmu *m)
{
    pt p;
    pt_init(&p, m, 0x100);
    for (unsigned i = 0; i < 40; i++) {
        uint64_t va = 0x40000000ull + (uint64_t)i * 0x3000;
        pt_map(&p, va, 0, XL_PF_P | XL_PF_W | XL_PF_U, 0x2000 + i);
        acc(m, i % 3 ? XL_OP_LOAD : XL_OP_STORE, XL_PRIV_U, va + 8 * i, 8, i, NULL);
    }
    pt_map(&p, 0x80000000ull, 1, XL_PF_P | XL_PF_W | XL_PF_PS, 0x3000);
    acc(m, XL_OP_LOAD, XL_PRIV_S, 0x80001000ull, 8, 0, NULL);
}

static int setup_two(void **state)
{
    two *w = calloc(1, sizeof *w);
    if (w == NULL)
        return -1;
    *state = w;
    cfg_preset(&w->cfg, "x86_64");
    w->a = mmu_new(&w->cfg);
    w->b = mmu_new(&w->cfg);
    busy(w->a);
    busy(w->b);
    return 0;
}

static int teardown_two(void **state)
{
    two *w = *state;
    mmu_del(w->a);
    mmu_del(w->b);
    free(w);
    return 0;
}

static void expect_diff(two *w, const char *phrase)
{
    char what[512] = "";
    assert_int_equal(xl_mmu_compare(w->a, w->b, what, sizeof what), 1);
    if (strstr(what, phrase) == NULL)
        fail_msg("difference reported as '%s', expected '%s'", what, phrase);
    assert_int_equal(xl_mmu_compare(w->b, w->a, NULL, 0), 1);
}

static void expect_same(two *w)
{
    char what[512] = "";
    if (xl_mmu_compare(w->a, w->b, what, sizeof what) != 0)
        fail_msg("unexpected difference: %s", what);
}

static void compare_identical(void **state)
{
    two *w = *state;
    expect_same(w);
    assert_true(tlb_valid_count(w->a) > 8);
    assert_true(cache_valid_count(w->a) > 40);
}

static void compare_root_asid(void **state)
{
    two *w = *state;
    xl_mmu_set_root(w->b, 0x101, 0, false);
    expect_diff(w, "root/asid");
    xl_mmu_set_root(w->b, 0x100, 0, false);
    expect_same(w);
    xl_mmu_set_root(w->b, 0x100, 5, false);
    expect_diff(w, "root/asid");
    xl_mmu_set_root(w->b, 0x100, 0, false);
    expect_same(w);
}

/* Find a valid base entry of machine m. */
static xl_tlb_loc some_base(const xl_mmu *m)
{
    for (unsigned s = 0; s < m->cfg.tlb_sets; s++)
        for (unsigned k = 0; k < m->cfg.tlb_ways; k++) {
            xl_tlb_loc l = {XL_TLB_BASE, s, k};
            xl_tlb_entry e;
            if (xl_tlb_get(&m->tlb, &l, &e) == 0 && e.valid)
                return l;
        }
    fail_msg("no valid base entry");
    xl_tlb_loc none = {XL_TLB_BASE, 0, 0};
    return none;
}

static void compare_tlb_entries(void **state)
{
    two *w = *state;
    xl_tlb_loc l = some_base(w->b);
    xl_tlb_entry orig, e;
    char phrase[64];
    assert_int_equal(xl_tlb_get(&w->b->tlb, &l, &orig), 0);
    snprintf(phrase, sizeof phrase, "TLB set %u way %u", l.set, l.way);
    /* each field */
    for (unsigned field = 0; field < 4; field++) {
        e = orig;
        switch (field) {
        case 0: e.ppn ^= 1; break;
        case 1: e.perm ^= XL_PERM_X; break;
        case 2: e.asid ^= 1; break;
        case 3: e.valid = false; break;
        }
        assert_int_equal(xl_tlb_put(&w->b->tlb, &l, &e, NULL), 0);
        expect_diff(w, phrase);
        assert_int_equal(xl_tlb_put(&w->b->tlb, &l, &orig, NULL), 0);
        expect_same(w);
    }
    /* the superpage array */
    xl_tlb_loc ls = {XL_TLB_SUPER, 0, 0};
    assert_int_equal(xl_tlb_get(&w->b->tlb, &ls, &orig), 0);
    assert_true(orig.valid);
    e = orig;
    e.level = 2;
    e.vpn &= ~0x3FFFFull;
    e.ppn &= ~0x3FFFFull;
    assert_int_equal(xl_tlb_put(&w->b->tlb, &ls, &e, NULL), 0);
    expect_diff(w, "TLB superpage entry 0");
    assert_int_equal(xl_tlb_put(&w->b->tlb, &ls, &orig, NULL), 0);
    expect_same(w);
    /* invalid entries compare equal whatever their other fields hold */
    xl_tlb_loc free_slot = {XL_TLB_SUPER, 0, 7};
    xl_tlb_entry junk;
    assert_int_equal(xl_tlb_get(&w->a->tlb, &free_slot, &junk), 0);
    assert_false(junk.valid);
    w->b->tlb.super[7].ppn = 0x1234; /* stale fields behind valid = 0 */
    expect_same(w);
}

static void compare_tlb_repl(void **state)
{
    two *w = *state;
    xl_tlb_loc l = some_base(w->b);
    uint32_t s = xl_tlb_repl_get(&w->b->tlb, XL_TLB_BASE, l.set);
    xl_tlb_repl_put(&w->b->tlb, XL_TLB_BASE, l.set, s ^ 0x2);
    char phrase[64];
    snprintf(phrase, sizeof phrase, "TLB set %u replacement state", l.set);
    expect_diff(w, phrase);
    xl_tlb_repl_put(&w->b->tlb, XL_TLB_BASE, l.set, s);
    expect_same(w);
    s = xl_tlb_repl_get(&w->b->tlb, XL_TLB_SUPER, 0);
    xl_tlb_repl_put(&w->b->tlb, XL_TLB_SUPER, 0, s ^ 0x40);
    expect_diff(w, "TLB superpage replacement state");
    xl_tlb_repl_put(&w->b->tlb, XL_TLB_SUPER, 0, s);
    expect_same(w);
}

static void compare_cache(void **state)
{
    two *w = *state;
    xl_cache *c = &w->b->cache;
    unsigned set = 0, way = 0;
    xl_cache_line orig, l;
    bool found = false;
    for (unsigned s = 0; s < w->cfg.cache_sets && !found; s++)
        for (unsigned k = 0; k < w->cfg.cache_ways && !found; k++)
            if (xl_cache_get(c, s, k, &orig) == 0 && orig.valid) {
                set = s;
                way = k;
                found = true;
            }
    assert_true(found);
    char prefix[64];
    snprintf(prefix, sizeof prefix, "cache set %u way %u", set, way);
    for (unsigned field = 0; field < 4; field++) {
        const char *phrase = prefix;
        char p2[96];
        l = orig;
        switch (field) {
        case 0: l.valid = false; snprintf(p2, sizeof p2, "%s: valid", prefix); phrase = p2; break;
        case 1: l.tag ^= 0x10; snprintf(p2, sizeof p2, "%s: tag", prefix); phrase = p2; break;
        case 2: l.dirty = !l.dirty; snprintf(p2, sizeof p2, "%s: tag", prefix); phrase = p2; break;
        case 3: l.data[17] ^= 0x80; snprintf(p2, sizeof p2, "%s byte 17", prefix); phrase = p2; break;
        }
        assert_int_equal(xl_cache_put(c, set, way, &l), 0);
        expect_diff(w, phrase);
        assert_int_equal(xl_cache_put(c, set, way, &orig), 0);
        expect_same(w);
    }
    uint32_t s = xl_cache_repl_get(c, set);
    xl_cache_repl_put(c, set, s ^ 0x1);
    char p3[64];
    snprintf(p3, sizeof p3, "cache set %u replacement state", set);
    expect_diff(w, p3);
    xl_cache_repl_put(c, set, s);
    expect_same(w);
    /* an invalid line's data is not state */
    assert_int_equal(xl_cache_get(c, 63, 7, &l), 0);
    if (!l.valid) {
        l.data[0] ^= 1;
        assert_int_equal(xl_cache_put(c, 63, 7, &l), 0);
        expect_same(w);
    }
}

static void compare_memory(void **state)
{
    two *w = *state;
    uint64_t pa = 0x00ABCDEFull;
    xl_mem_write_le(&w->b->mem, pa, 0x5A, 1);
    expect_diff(w, "memory at 0xabcdef");
    xl_mem_write_le(&w->b->mem, pa, 0x00, 1);
    expect_same(w); /* an allocated zero frame equals an absent one */
    xl_mem_write_le(&w->a->mem, 0x7000, 0x1, 1);
    expect_diff(w, "memory at 0x7000");
}

#define T(fn, setup) cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)
#define T2(fn) cmocka_unit_test_setup_teardown(fn, setup_two, teardown_two)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(tlb_round_trip, fx_setup_x86),
        T(tlb_put_rejects, fx_setup_x86),
        T(cache_round_trip, fx_setup_x86),
        T(repl_round_trip, fx_setup_x86),
        T2(compare_identical),
        T2(compare_root_asid),
        T2(compare_tlb_entries),
        T2(compare_tlb_repl),
        T2(compare_cache),
        T2(compare_memory),
    };
    return RUN_TESTS(tests);
}
