/*
 * Replacement: tree-PLRU and true-LRU sequences against hand-computed
 * values (docs/architecture.md section 7), seen directly and through the
 * TLB; invalid ways first; overlap removal on TLB refill.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "helpers.h"

/* ---- the policies themselves ------------------------------------------- */

static void plru4_eviction_sequence(void **state)
{
    (void)state;
    /* Evict the victim, then touch it, starting from reset.  Worked by hand:
     * state bit n-1 = node n; 0 -> victim 0 -> touch sets nodes 1,2 -> 0b011 ... */
    static const unsigned victims[] = {0, 2, 1, 3, 0, 2, 1, 3};
    static const uint32_t states[] = {0x0, 0x3, 0x6, 0x5, 0x0, 0x3, 0x6, 0x5, 0x0};
    uint32_t s = 0;
    for (unsigned i = 0; i < 8; i++) {
        assert_int_equal(s, states[i]);
        unsigned v = xl_repl_victim(XL_REPL_PLRU, 4, s);
        assert_int_equal(v, victims[i]);
        s = xl_repl_touch(XL_REPL_PLRU, 4, s, v);
    }
    assert_int_equal(s, states[8]);
    /* hits change the order: touch 3 then 1 -> the victim is 2, not 0 */
    s = xl_repl_touch(XL_REPL_PLRU, 4, 0, 3);
    assert_int_equal(s, 0x0);
    s = xl_repl_touch(XL_REPL_PLRU, 4, s, 1);
    assert_int_equal(s, 0x1);
    assert_int_equal(xl_repl_victim(XL_REPL_PLRU, 4, s), 2);
    /* touching every way in order 0..3 leaves state 0 */
    s = 0x5;
    for (unsigned w = 0; w < 4; w++)
        s = xl_repl_touch(XL_REPL_PLRU, 4, s, w);
    assert_int_equal(s, 0x0);
    assert_int_equal(xl_repl_bits(XL_REPL_PLRU, 4), 3);
    assert_int_equal(xl_repl_mask(XL_REPL_PLRU, 4), 0x7);
}

static void plru8_eviction_sequence(void **state)
{
    (void)state;
    static const unsigned victims[] = {0, 4, 2, 6, 1, 5, 3, 7, 0};
    static const uint32_t states[] = {0x00, 0x0B, 0x2E, 0x3D, 0x78, 0x73, 0x56, 0x45, 0x00};
    uint32_t s = 0;
    for (unsigned i = 0; i < 9; i++) {
        assert_int_equal(s, states[i]);
        unsigned v = xl_repl_victim(XL_REPL_PLRU, 8, s);
        assert_int_equal(v, victims[i]);
        s = xl_repl_touch(XL_REPL_PLRU, 8, s, v);
    }
    /* from all-ones the search goes right at every node */
    assert_int_equal(xl_repl_victim(XL_REPL_PLRU, 8, 0x7F), 7);
    assert_int_equal(xl_repl_touch(XL_REPL_PLRU, 8, 0x7F, 7), 0x3A); /* nodes 1, 3, 7 cleared */
    assert_int_equal(xl_repl_bits(XL_REPL_PLRU, 8), 7);
    assert_int_equal(xl_repl_mask(XL_REPL_PLRU, 8), 0x7F);
    /* one way: no state, the victim is always way 0 */
    assert_int_equal(xl_repl_bits(XL_REPL_PLRU, 1), 0);
    assert_int_equal(xl_repl_victim(XL_REPL_PLRU, 1, 0), 0);
}

static void lru2_sequence(void **state)
{
    (void)state;
    /* bit i*2+j: way i used more recently than way j */
    uint32_t s = 0;
    assert_int_equal(xl_repl_victim(XL_REPL_LRU, 2, s), 0);
    s = xl_repl_touch(XL_REPL_LRU, 2, s, 0);
    assert_int_equal(s, 0x2);
    assert_int_equal(xl_repl_victim(XL_REPL_LRU, 2, s), 1);
    s = xl_repl_touch(XL_REPL_LRU, 2, s, 1);
    assert_int_equal(s, 0x4);
    assert_int_equal(xl_repl_victim(XL_REPL_LRU, 2, s), 0);
    s = xl_repl_touch(XL_REPL_LRU, 2, s, 1);
    assert_int_equal(s, 0x4);
    assert_int_equal(xl_repl_victim(XL_REPL_LRU, 2, s), 0);
    s = xl_repl_touch(XL_REPL_LRU, 2, s, 0);
    assert_int_equal(s, 0x2);
    assert_int_equal(xl_repl_victim(XL_REPL_LRU, 2, s), 1);
    assert_int_equal(xl_repl_bits(XL_REPL_LRU, 2), 4);
    assert_int_equal(xl_repl_mask(XL_REPL_LRU, 2), 0x6);
}

static void lru4_sequence(void **state)
{
    (void)state;
    uint32_t s = 0;
    for (unsigned w = 0; w < 4; w++)
        s = xl_repl_touch(XL_REPL_LRU, 4, s, w);
    /* row 1: {0}; row 2: {0,1}; row 3: {0,1,2} */
    assert_int_equal(s, (1u << 4) | (1u << 8) | (1u << 9) | (1u << 12) | (1u << 13) | (1u << 14));
    assert_int_equal(xl_repl_victim(XL_REPL_LRU, 4, s), 0);
    s = xl_repl_touch(XL_REPL_LRU, 4, s, 0); /* order 1 2 3 0 */
    assert_int_equal(xl_repl_victim(XL_REPL_LRU, 4, s), 1);
    s = xl_repl_touch(XL_REPL_LRU, 4, s, 2); /* order 1 3 0 2 */
    assert_int_equal(xl_repl_victim(XL_REPL_LRU, 4, s), 1);
    s = xl_repl_touch(XL_REPL_LRU, 4, s, 1); /* order 3 0 2 1 */
    assert_int_equal(xl_repl_victim(XL_REPL_LRU, 4, s), 3);
    s = xl_repl_touch(XL_REPL_LRU, 4, s, 3); /* order 0 2 1 3 */
    assert_int_equal(xl_repl_victim(XL_REPL_LRU, 4, s), 0);
    s = xl_repl_touch(XL_REPL_LRU, 4, s, 0); /* order 2 1 3 0 */
    assert_int_equal(xl_repl_victim(XL_REPL_LRU, 4, s), 2);
    /* touching only way 2 from reset: the lowest never-used way is the victim */
    assert_int_equal(xl_repl_victim(XL_REPL_LRU, 4, xl_repl_touch(XL_REPL_LRU, 4, 0, 2)), 0);
    assert_int_equal(xl_repl_bits(XL_REPL_LRU, 4), 16);
    assert_int_equal(xl_repl_mask(XL_REPL_LRU, 4), 0x7BDE); /* diagonal never set */
}

/* ---- through the TLB ---------------------------------------------------- */

/* Base-page entry for ASID 0 in set `set`, distinct per `n`. */
static xl_tlb_entry base_in_set(const xl_config *c, unsigned set, unsigned n)
{
    return tlb_ent(0, ((uint64_t)(n + 1) << c->tlb_set_bits) | set, 0x100 + n, 0, XL_PERM_R);
}

static xl_tlb_entry super_n(unsigned n)
{
    return tlb_ent(1, (uint64_t)(n + 1) << 9, (uint64_t)(n + 1) << 9, 0, XL_PERM_R);
}

static void tlb_base_plru(void **state)
{
    fx *f = *state;
    xl_tlb *t = &f->m->tlb;
    xl_tlb_loc loc;
    const unsigned set = 5;
    unsigned n = 0;
    /* invalid ways fill in order 0..3 */
    for (unsigned w = 0; w < 4; w++, n++) {
        xl_tlb_entry e = base_in_set(&f->cfg, set, n);
        assert_true(xl_tlb_refill(t, &e, &loc));
        assert_int_equal(loc.array, XL_TLB_BASE);
        assert_int_equal(loc.set, set);
        assert_int_equal(loc.way, w);
    }
    assert_int_equal(xl_tlb_repl_get(t, XL_TLB_BASE, set), 0x0);
    /* then the PLRU order 0 2 1 3 */
    static const unsigned order[] = {0, 2, 1, 3, 0};
    for (unsigned i = 0; i < 5; i++, n++) {
        xl_tlb_entry e = base_in_set(&f->cfg, set, n);
        assert_true(xl_tlb_refill(t, &e, &loc));
        assert_int_equal(loc.way, order[i]);
    }
    /* a lookup hit steers the victim: from reset, a hit on way 2 gives 0x4 */
    xl_tlb_repl_put(t, XL_TLB_BASE, set, 0x0);
    xl_tlb_entry way2;
    xl_tlb_loc l2 = {XL_TLB_BASE, set, 2};
    assert_int_equal(xl_tlb_get(t, &l2, &way2), 0);
    assert_non_null(xl_tlb_lookup(t, way2.vpn, 0, &loc));
    assert_int_equal(loc.way, 2);
    assert_int_equal(xl_tlb_repl_get(t, XL_TLB_BASE, set), 0x4);
    xl_tlb_entry e = base_in_set(&f->cfg, set, n++);
    assert_true(xl_tlb_refill(t, &e, &loc));
    assert_int_equal(loc.way, 0);
    /* other sets were never touched */
    assert_int_equal(xl_tlb_repl_get(t, XL_TLB_BASE, set + 1), 0);
}

static void tlb_super_plru8(void **state)
{
    fx *f = *state;
    xl_tlb *t = &f->m->tlb;
    xl_tlb_loc loc;
    unsigned n = 0;
    assert_int_equal(f->cfg.tlb_super, 8);
    for (unsigned w = 0; w < 8; w++, n++) {
        xl_tlb_entry e = super_n(n);
        assert_true(xl_tlb_refill(t, &e, &loc));
        assert_int_equal(loc.array, XL_TLB_SUPER);
        assert_int_equal(loc.way, w);
    }
    static const unsigned order[] = {0, 4, 2, 6, 1, 5, 3, 7, 0};
    for (unsigned i = 0; i < 9; i++, n++) {
        xl_tlb_entry e = super_n(n);
        assert_true(xl_tlb_refill(t, &e, &loc));
        assert_int_equal(loc.way, order[i]);
    }
}

static void tlb_lru(void **state)
{
    fx *f = *state;
    fx_use(f, "x86_64", "tlb_repl = lru\ntlb_super = 4\n");
    xl_tlb *t = &f->m->tlb;
    xl_tlb_loc loc;
    const unsigned set = 3;
    xl_tlb_entry e[8];
    for (unsigned i = 0; i < 8; i++)
        e[i] = base_in_set(&f->cfg, set, i);
    for (unsigned w = 0; w < 4; w++) {
        assert_true(xl_tlb_refill(t, &e[w], &loc));
        assert_int_equal(loc.way, w);
    }
    /* hits in order 2, 0, 3: way 1 is least recently used */
    static const unsigned hits[] = {2, 0, 3};
    for (unsigned i = 0; i < 3; i++) {
        assert_non_null(xl_tlb_lookup(t, e[hits[i]].vpn, 0, &loc));
        assert_int_equal(loc.way, hits[i]);
    }
    assert_true(xl_tlb_refill(t, &e[4], &loc));
    assert_int_equal(loc.way, 1);
    assert_true(xl_tlb_refill(t, &e[5], &loc)); /* order now 2 0 3 1 */
    assert_int_equal(loc.way, 2);
    assert_true(xl_tlb_refill(t, &e[6], &loc));
    assert_int_equal(loc.way, 0);
    assert_false(tlb_has(f->m, &e[0]));
    assert_true(tlb_has(f->m, &e[3]));
}

static void tlb_lru2(void **state)
{
    fx *f = *state;
    fx_use(f, "sv39", "tlb_repl = lru\ntlb_ways = 2\ntlb_super = 2\n");
    xl_tlb *t = &f->m->tlb;
    xl_tlb_loc loc;
    xl_tlb_entry s[4];
    for (unsigned i = 0; i < 4; i++)
        s[i] = super_n(i);
    assert_true(xl_tlb_refill(t, &s[0], &loc));
    assert_int_equal(loc.way, 0);
    assert_true(xl_tlb_refill(t, &s[1], &loc));
    assert_int_equal(loc.way, 1);
    assert_int_equal(xl_tlb_repl_get(t, XL_TLB_SUPER, 0), 0x4);
    assert_non_null(xl_tlb_lookup(t, s[1].vpn + 7, 0, &loc)); /* hit way 1 */
    assert_true(xl_tlb_refill(t, &s[2], &loc));
    assert_int_equal(loc.way, 0);
    assert_non_null(xl_tlb_lookup(t, s[1].vpn, 0, &loc));
    assert_int_equal(loc.way, 1);
    assert_true(xl_tlb_refill(t, &s[3], &loc));
    assert_int_equal(loc.way, 0);
    assert_true(tlb_has(f->m, &s[1]));
}

static void invalid_ways_first(void **state)
{
    fx *f = *state;
    xl_tlb *t = &f->m->tlb;
    xl_tlb_loc loc;
    const unsigned set = 9;
    xl_tlb_entry e[8];
    for (unsigned i = 0; i < 8; i++)
        e[i] = base_in_set(&f->cfg, set, i);
    for (unsigned w = 0; w < 4; w++)
        assert_true(xl_tlb_refill(t, &e[w], NULL));
    /* free ways 3 and 1; pick a PLRU state whose victim is 0 */
    xl_inval s = xl_inval_from_isa(XL_INV_SFENCE_VA, e[3].vpn << 12, 0);
    assert_int_equal(xl_mmu_inval(f->m, &s), 1);
    s = xl_inval_from_isa(XL_INV_SFENCE_VA, e[1].vpn << 12, 0);
    assert_int_equal(xl_mmu_inval(f->m, &s), 1);
    xl_tlb_repl_put(t, XL_TLB_BASE, set, 0x0);
    assert_true(xl_tlb_refill(t, &e[4], &loc));
    assert_int_equal(loc.way, 1);
    assert_true(xl_tlb_refill(t, &e[5], &loc));
    assert_int_equal(loc.way, 3);
    /* full again: now the policy decides (touches 1 then 3 -> state 0x0 -> way 0) */
    assert_int_equal(xl_tlb_repl_get(t, XL_TLB_BASE, set), 0x0);
    assert_true(xl_tlb_refill(t, &e[6], &loc));
    assert_int_equal(loc.way, 0);

    /* the superpage array likewise */
    for (unsigned i = 0; i < 8; i++) {
        xl_tlb_entry sp = super_n(i);
        assert_true(xl_tlb_refill(t, &sp, NULL));
    }
    xl_tlb_loc l5 = {XL_TLB_SUPER, 0, 5}, l2 = {XL_TLB_SUPER, 0, 2};
    xl_tlb_entry inv = tlb_ent(0, 0, 0, 0, 0);
    inv.valid = false;
    assert_int_equal(xl_tlb_put(t, &l5, &inv, NULL), 0);
    assert_int_equal(xl_tlb_put(t, &l2, &inv, NULL), 0);
    xl_tlb_repl_put(t, XL_TLB_SUPER, 0, 0x0); /* PLRU would pick 0 */
    xl_tlb_entry sp = super_n(20);
    assert_true(xl_tlb_refill(t, &sp, &loc));
    assert_int_equal(loc.way, 2);
    sp = super_n(21);
    assert_true(xl_tlb_refill(t, &sp, &loc));
    assert_int_equal(loc.way, 5);
}

static void refill_overlap_same_vpn(void **state)
{
    fx *f = *state;
    xl_tlb *t = &f->m->tlb;
    xl_tlb_loc loc;
    const uint64_t vpn = 0x12345;
    xl_tlb_entry g1 = tlb_ent(0, vpn, 0x10, 1, XL_PERM_R | XL_PERM_G);
    xl_tlb_entry n2 = tlb_ent(0, vpn, 0x11, 2, XL_PERM_R);
    xl_tlb_entry n3 = tlb_ent(0, vpn, 0x12, 3, XL_PERM_R);
    xl_tlb_entry n3b = tlb_ent(0, vpn, 0x13, 3, XL_PERM_R | XL_PERM_W);

    /* a global entry for the VPN is replaced by a non-global one of another ASID */
    assert_true(xl_tlb_refill(t, &g1, NULL));
    assert_true(xl_tlb_refill(t, &n2, &loc));
    assert_false(tlb_has(f->m, &g1));
    assert_true(tlb_has(f->m, &n2));
    assert_int_equal(loc.way, 0); /* the freed way is the lowest invalid one */
    /* two non-global ASIDs coexist */
    assert_true(xl_tlb_refill(t, &n3, &loc));
    assert_int_equal(loc.way, 1);
    assert_true(tlb_has(f->m, &n2));
    assert_true(tlb_has(f->m, &n3));
    /* same VPN and ASID: the old entry goes */
    assert_true(xl_tlb_refill(t, &n3b, &loc));
    assert_false(tlb_has(f->m, &n3));
    assert_true(tlb_has(f->m, &n3b));
    assert_int_equal(loc.way, 1);
    /* a global refill removes every ASID's entry for the VPN */
    assert_true(xl_tlb_refill(t, &g1, &loc));
    assert_int_equal(loc.way, 0);
    assert_int_equal(tlb_valid_count(f->m), 1);
    assert_true(tlb_has(f->m, &g1));
    /* other VPNs of the same set are not overlaps */
    xl_tlb_entry other = tlb_ent(0, vpn + f->cfg.tlb_sets, 0x14, 1, XL_PERM_R);
    assert_true(xl_tlb_refill(t, &other, &loc));
    assert_int_equal(tlb_valid_count(f->m), 2);
}

static void refill_overlap_superpages(void **state)
{
    fx *f = *state;
    xl_tlb *t = &f->m->tlb;
    xl_tlb_entry m1 = tlb_ent(1, 0x40200, 0x1200, 1, XL_PERM_R);           /* 2 MiB, ASID 1 */
    xl_tlb_entry m2 = tlb_ent(1, 0x40400, 0x1400, 2, XL_PERM_R);           /* 2 MiB, ASID 2 */
    xl_tlb_entry far = tlb_ent(1, 0x80000, 0x1600, 1, XL_PERM_R);          /* other GiB */
    xl_tlb_entry base = tlb_ent(0, 0x40201, 0x3000, 1, XL_PERM_R);         /* 4 KiB inside m1 */
    xl_tlb_entry gig1 = tlb_ent(2, 0x40000, 0x40000, 1, XL_PERM_R);        /* 1 GiB over m1, m2 */
    xl_tlb_entry gm = tlb_ent(1, 0x40600, 0x1800, 7, XL_PERM_R | XL_PERM_G); /* global 2 MiB in gig1 */
    xl_tlb_entry gig2 = tlb_ent(2, 0x40000, 0x80000, 2, XL_PERM_R);        /* 1 GiB, ASID 2 */

    assert_true(xl_tlb_refill(t, &m1, NULL));
    assert_true(xl_tlb_refill(t, &m2, NULL));
    assert_true(xl_tlb_refill(t, &far, NULL));
    assert_true(xl_tlb_refill(t, &base, NULL));
    /* a 1 GiB page over a smaller superpage of the same ASID removes it */
    assert_true(xl_tlb_refill(t, &gig1, NULL));
    assert_false(tlb_has(f->m, &m1));
    assert_true(tlb_has(f->m, &m2));   /* other ASID, not global */
    assert_true(tlb_has(f->m, &far));  /* does not intersect */
    assert_true(tlb_has(f->m, &base)); /* other array */
    /* a global 2 MiB page inside the 1 GiB page removes it (either is global) */
    assert_true(xl_tlb_refill(t, &gm, NULL));
    assert_false(tlb_has(f->m, &gig1));
    assert_true(tlb_has(f->m, &m2));
    /* a 1 GiB ASID-2 page removes the ASID-2 and the global 2 MiB pages inside it */
    assert_true(xl_tlb_refill(t, &gig2, NULL));
    assert_false(tlb_has(f->m, &m2));
    assert_false(tlb_has(f->m, &gm));
    assert_true(tlb_has(f->m, &far));
    assert_true(tlb_has(f->m, &base));
    assert_int_equal(tlb_valid_count(f->m), 3);
    /* a smaller page inside a bigger one overlaps too */
    xl_tlb_entry m3 = tlb_ent(1, 0x7FE00, 0x1A00, 2, XL_PERM_R); /* last 2 MiB of gig2 */
    assert_true(xl_tlb_refill(t, &m3, NULL));
    assert_false(tlb_has(f->m, &gig2));
    assert_true(tlb_has(f->m, &m3));
}

/* Refill aligns a superpage's VPN and PPN to its level. */
static void refill_aligns(void **state)
{
    fx *f = *state;
    xl_tlb_loc loc;
    xl_tlb_entry in = tlb_ent(1, 0x40234, 0x1234, 0, XL_PERM_R);
    assert_true(xl_tlb_refill(&f->m->tlb, &in, &loc));
    xl_tlb_entry got;
    assert_int_equal(xl_tlb_get(&f->m->tlb, &loc, &got), 0);
    assert_int_equal(got.vpn, 0x40200);
    assert_int_equal(got.ppn, 0x1200);
    assert_int_equal(got.level, 1);
}

#define T(fn, setup) cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plru4_eviction_sequence),
        cmocka_unit_test(plru8_eviction_sequence),
        cmocka_unit_test(lru2_sequence),
        cmocka_unit_test(lru4_sequence),
        T(tlb_base_plru, fx_setup_x86),
        T(tlb_super_plru8, fx_setup_x86),
        T(tlb_lru, fx_setup_none),
        T(tlb_lru2, fx_setup_none),
        T(invalid_ways_first, fx_setup_x86),
        T(refill_overlap_same_vpn, fx_setup_x86),
        T(refill_overlap_superpages, fx_setup_x86),
        T(refill_aligns, fx_setup_x86),
    };
    return RUN_TESTS(tests);
}
