/*
 * Invalidation: every row of the table in docs/architecture.md section 5,
 * through xl_inval_from_isa, on x86_64 and sv39; root changes with and
 * without flush; the refill / invalidation race guard.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "helpers.h"

/*
 * The population, with operand va = A and asid = 1:
 *   A1  4 KiB page at A, ASID 1            (covers A, operand ASID)
 *   A2  4 KiB page at A, ASID 2            (covers A, other ASID)
 *   B1  4 KiB page at B, ASID 1            (other address, operand ASID)
 *   B2  4 KiB page at B2, ASID 2           (other address, other ASID)
 *   G5  4 KiB global page at C, ASID 5     (other address, global)
 *   GS  2 MiB global superpage covering A, ASID 3
 *   S1  2 MiB superpage at D, ASID 1       (other address, operand ASID)
 *   S2  1 GiB superpage at E, ASID 2       (other address, other ASID)
 */
enum { A1, A2, B1, B2, G5, GS, S1, S2, NPOP };
static const char *const pop_name[NPOP] = {"A1", "A2", "B1", "B2", "G5", "GS", "S1", "S2"};

#define VA_A 0x12345678ull /* inside the 2 MiB page 0x12200000 */
#define VA_B 0x22222000ull
#define VA_B2 0x33334000ull
#define VA_C 0x00444000ull
#define VA_D 0x40000000ull
#define VA_E 0x80000000ull
#define OP_ASID 1u

static xl_tlb_entry pop_entry(const xl_config *c, unsigned id)
{
    const unsigned rw = XL_PERM_R | XL_PERM_W | XL_PERM_D;
    switch (id) {
    case A1: return tlb_ent(0, VA_A >> 12, 0x100, 1, rw);
    case A2: return tlb_ent(0, VA_A >> 12, 0x101, 2, rw);
    case B1: return tlb_ent(0, VA_B >> 12, 0x102, 1, rw);
    case B2: return tlb_ent(0, VA_B2 >> 12, 0x103, 2, rw);
    case G5: return tlb_ent(0, VA_C >> 12, 0x104, 5, rw | XL_PERM_G);
    case GS: return tlb_ent(1, (VA_A >> 12) & ~0x1FFull, 0x200, 3, rw | XL_PERM_G);
    case S1: return tlb_ent(1, VA_D >> 12, 0x400, 1, rw);
    case S2: return tlb_ent(2, VA_E >> 12, 0x40000, 2, rw);
    }
    (void)c;
    return tlb_ent(0, 0, 0, 0, 0);
}

static void populate(xl_mmu *m)
{
    xl_tlb_loc loc;
    for (unsigned i = 0; i < NPOP; i++) {
        xl_tlb_entry e = pop_entry(&m->cfg, i);
        assert_true(xl_tlb_refill(&m->tlb, &e, &loc));
    }
    for (unsigned i = 0; i < NPOP; i++) {
        xl_tlb_entry e = pop_entry(&m->cfg, i);
        if (!tlb_has(m, &e))
            fail_msg("population entry %s was not installed", pop_name[i]);
    }
    assert_int_equal(tlb_valid_count(m), NPOP);
}

/* Bit i of `keep` says population entry i must survive. */
static void assert_survivors(const xl_mmu *m, unsigned keep, const char *row)
{
    for (unsigned i = 0; i < NPOP; i++) {
        xl_tlb_entry e = pop_entry(&m->cfg, i);
        bool want = (keep >> i) & 1u;
        if (tlb_has(m, &e) != want)
            fail_msg("%s: entry %s should %s", row, pop_name[i], want ? "stay" : "be removed");
    }
}

#define BIT(x) (1u << (x))
#define ALL ((1u << NPOP) - 1)

typedef struct row {
    xl_isa_inval kind;
    bool match_va, match_asid, keep_global; /* the table row */
    unsigned keep;                          /* survivors, written out by hand */
} row;

static const row rows[] = {
    /* INVLPG A (current PCID 1): A1 and the global superpage over A go */
    {XL_INV_INVLPG, true, true, false, ALL & ~(BIT(A1) | BIT(GS))},
    /* INVPCID 0 (A, PCID 1): A1 only, globals stay */
    {XL_INV_INVPCID_ADDR, true, true, true, ALL & ~BIT(A1)},
    /* INVPCID 1 (PCID 1): every non-global PCID-1 entry */
    {XL_INV_INVPCID_CTX, false, true, true, ALL & ~(BIT(A1) | BIT(B1) | BIT(S1))},
    /* INVPCID 2: everything, globals included */
    {XL_INV_INVPCID_ALL, false, false, false, 0},
    /* INVPCID 3: everything but globals */
    {XL_INV_INVPCID_NONGLOBAL, false, false, true, BIT(G5) | BIT(GS)},
    /* MOV CR3 (new PCID 1) */
    {XL_INV_MOV_CR3, false, true, true, ALL & ~(BIT(A1) | BIT(B1) | BIT(S1))},
    /* SFENCE.VMA x0, x0 */
    {XL_INV_SFENCE_ALL, false, false, false, 0},
    /* SFENCE.VMA A, x0: every entry covering A, any ASID, globals too */
    {XL_INV_SFENCE_VA, true, false, false, ALL & ~(BIT(A1) | BIT(A2) | BIT(GS))},
    /* SFENCE.VMA x0, 1 */
    {XL_INV_SFENCE_ASID, false, true, true, ALL & ~(BIT(A1) | BIT(B1) | BIT(S1))},
    /* SFENCE.VMA A, 1 */
    {XL_INV_SFENCE_VA_ASID, true, true, true, ALL & ~BIT(A1)},
};

static unsigned popcount(unsigned x)
{
    unsigned n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
}

static void run_rows(fx *f, const char *preset)
{
    for (unsigned r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        const row *w = &rows[r];
        fx_use(f, preset, NULL);
        xl_mmu_set_root(f->m, FX_ROOT, OP_ASID, false);
        populate(f->m);

        xl_inval s = xl_inval_from_isa(w->kind, VA_A, OP_ASID);
        assert_int_equal(s.match_va, w->match_va);
        assert_int_equal(s.match_asid, w->match_asid);
        assert_int_equal(s.keep_global, w->keep_global);
        if (s.match_va)
            assert_int_equal(s.va, VA_A);
        if (s.match_asid)
            assert_int_equal(s.asid, OP_ASID);

        uint32_t repl_base[16], repl_super = xl_tlb_repl_get(&f->m->tlb, XL_TLB_SUPER, 0);
        for (unsigned i = 0; i < f->cfg.tlb_sets; i++)
            repl_base[i] = xl_tlb_repl_get(&f->m->tlb, XL_TLB_BASE, i);

        unsigned removed = xl_mmu_inval(f->m, &s);
        assert_survivors(f->m, w->keep, xl_isa_inval_name(w->kind));
        assert_int_equal(removed, NPOP - popcount(w->keep));
        assert_int_equal(tlb_valid_count(f->m), popcount(w->keep));
        /* replacement state is unchanged */
        assert_int_equal(xl_tlb_repl_get(&f->m->tlb, XL_TLB_SUPER, 0), repl_super);
        for (unsigned i = 0; i < f->cfg.tlb_sets; i++)
            assert_int_equal(xl_tlb_repl_get(&f->m->tlb, XL_TLB_BASE, i), repl_base[i]);
        /* applying it again removes nothing more */
        assert_int_equal(xl_mmu_inval(f->m, &s), 0);
    }
}

static void rows_x86(void **state) { run_rows(*state, "x86_64"); }
static void rows_sv39(void **state) { run_rows(*state, "sv39"); }

/* Selectors come from the operation: a zero va or ASID operand is not "all". */
static void zero_operands_are_operands(void **state)
{
    fx *f = *state;
    xl_tlb_entry z0 = tlb_ent(0, 0, 0x10, 0, XL_PERM_R);   /* va 0, ASID 0 */
    xl_tlb_entry z1 = tlb_ent(0, 0, 0x11, 1, XL_PERM_R);   /* va 0, ASID 1 */
    xl_tlb_entry o0 = tlb_ent(0, 0x77, 0x12, 0, XL_PERM_R); /* other va, ASID 0 */
    xl_tlb_entry o1 = tlb_ent(0, 0x78, 0x13, 1, XL_PERM_R); /* other va, ASID 1 */
    const xl_tlb_entry *all[] = {&z0, &z1, &o0, &o1};
    static const struct {
        xl_isa_inval kind;
        unsigned keep; /* bits over all[] */
    } cases[] = {
        {XL_INV_SFENCE_VA_ASID, 0xE}, /* va 0, asid 0: z0 only */
        {XL_INV_SFENCE_VA, 0xC},      /* va 0: z0, z1 */
        {XL_INV_SFENCE_ASID, 0xA},    /* asid 0: z0, o0 */
        {XL_INV_INVLPG, 0xE},
        {XL_INV_INVPCID_ADDR, 0xE},
        {XL_INV_INVPCID_CTX, 0xA},
    };
    for (unsigned k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        xl_tlb_reset(&f->m->tlb);
        for (unsigned i = 0; i < 4; i++)
            assert_true(xl_tlb_refill(&f->m->tlb, all[i], NULL));
        xl_inval s = xl_inval_from_isa(cases[k].kind, 0, 0);
        xl_mmu_inval(f->m, &s);
        for (unsigned i = 0; i < 4; i++)
            if (tlb_has(f->m, all[i]) != (bool)((cases[k].keep >> i) & 1u))
                fail_msg("%s with zero operands: entry %u wrong", xl_isa_inval_name(cases[k].kind), i);
    }
}

/* INVLPG and SFENCE by address remove a superpage from any address inside it. */
static void inval_va_inside_superpage(void **state)
{
    fx *f = *state;
    xl_tlb_entry big = tlb_ent(2, 0x80000000ull >> 12, 0x40000, 0, XL_PERM_R);
    assert_true(xl_tlb_refill(&f->m->tlb, &big, NULL));
    xl_inval s = xl_inval_from_isa(XL_INV_INVLPG, 0xC0000000ull, 0); /* just past it */
    assert_int_equal(xl_mmu_inval(f->m, &s), 0);
    s = xl_inval_from_isa(XL_INV_INVLPG, 0x7FFFF000ull, 0); /* just before it */
    assert_int_equal(xl_mmu_inval(f->m, &s), 0);
    s = xl_inval_from_isa(XL_INV_INVLPG, 0xBFFFFFF8ull, 0); /* its last bytes */
    assert_int_equal(xl_mmu_inval(f->m, &s), 1);
    assert_int_equal(tlb_valid_count(f->m), 0);
}

static void set_root_x86_flush(void **state)
{
    fx *f = *state;
    xl_mmu_set_root(f->m, FX_ROOT, 7, false);
    populate(f->m);
    /* no flush (CR3 bit 63 set): nothing goes, root and PCID change */
    assert_int_equal(xl_mmu_set_root(f->m, 0x222, OP_ASID, false), 0);
    assert_int_equal(f->m->root_ppn, 0x222);
    assert_int_equal(f->m->asid, OP_ASID);
    assert_survivors(f->m, ALL, "root noflush");
    /* flush: the MOV CR3 row for the new PCID */
    assert_int_equal(xl_mmu_set_root(f->m, 0x333, OP_ASID, true), 3);
    assert_survivors(f->m, ALL & ~(BIT(A1) | BIT(B1) | BIT(S1)), "root flush");
    assert_int_equal(f->m->root_ppn, 0x333);
    /* flush to PCID 2: the PCID-2 entries go, globals stay */
    assert_int_equal(xl_mmu_set_root(f->m, 0x333, 2, true), 3);
    assert_survivors(f->m, BIT(G5) | BIT(GS), "root flush pcid 2");
}

static void set_root_riscv_never_flushes(void **state)
{
    fx *f = *state;
    xl_mmu_set_root(f->m, FX_ROOT, 7, false);
    populate(f->m);
    assert_int_equal(xl_mmu_set_root(f->m, 0x222, OP_ASID, true), 0);
    assert_int_equal(xl_mmu_set_root(f->m, 0x223, 2, false), 0);
    assert_int_equal(f->m->root_ppn, 0x223);
    assert_int_equal(f->m->asid, 2);
    assert_survivors(f->m, ALL, "satp write");
}

static void set_root_toy_never_flushes(void **state)
{
    fx *f = *state;
    xl_tlb_entry e = tlb_ent(0, 0x11, 0x20, 0, XL_PERM_R);
    assert_true(xl_tlb_refill(&f->m->tlb, &e, NULL));
    assert_int_equal(xl_mmu_set_root(f->m, 0x3, 0, true), 0);
    assert_true(tlb_has(f->m, &e));
}

static void race_guard(void **state)
{
    fx *f = *state;
    xl_tlb *t = &f->m->tlb;
    xl_tlb_entry e = tlb_ent(0, 0x123, 0x456, 0, XL_PERM_R);
    xl_tlb_entry g = tlb_ent(0, 0x124, 0x457, 0, XL_PERM_R);
    xl_tlb_entry other = tlb_ent(0, 0x999, 0x1, 4, XL_PERM_R);
    xl_inval none = xl_inval_from_isa(XL_INV_SFENCE_VA_ASID, 0x7777000ull, 9);

    /* walk_begin -> refill: installed */
    xl_tlb_walk_begin(t);
    assert_true(xl_tlb_refill(t, &e, NULL));
    assert_true(tlb_has(f->m, &e));

    /* walk_begin -> invalidation (even one that removes nothing) -> refill: dropped */
    assert_true(xl_tlb_refill(t, &other, NULL));
    xl_tlb_walk_begin(t);
    assert_int_equal(xl_tlb_inval(t, &none), 0);
    assert_false(xl_tlb_refill(t, &g, NULL));
    assert_false(tlb_has(f->m, &g));
    assert_true(tlb_has(f->m, &e));
    assert_true(tlb_has(f->m, &other));

    /* the guard is per walk: the next walk's refill goes in */
    xl_tlb_walk_begin(t);
    assert_true(xl_tlb_refill(t, &g, NULL));
    assert_true(tlb_has(f->m, &g));

    /* an invalidation before the walk began does not drop its refill */
    xl_tlb_entry h = tlb_ent(0, 0x125, 0x458, 0, XL_PERM_R);
    assert_int_equal(xl_tlb_inval(t, &none), 0);
    xl_tlb_walk_begin(t);
    assert_true(xl_tlb_refill(t, &h, NULL));
    assert_true(tlb_has(f->m, &h));

    /* a dropped superpage refill leaves the superpage array alone */
    xl_tlb_entry s = tlb_ent(1, 0x200, 0x200, 0, XL_PERM_R);
    uint32_t before = xl_tlb_repl_get(t, XL_TLB_SUPER, 0);
    xl_tlb_walk_begin(t);
    xl_tlb_inval(t, &none);
    assert_false(xl_tlb_refill(t, &s, NULL));
    assert_int_equal(xl_tlb_repl_get(t, XL_TLB_SUPER, 0), before);
    assert_false(tlb_has(f->m, &s));
}

#define T(fn, setup) cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(rows_x86, fx_setup_none),
        T(rows_sv39, fx_setup_none),
        T(zero_operands_are_operands, fx_setup_sv39),
        T(inval_va_inside_superpage, fx_setup_x86),
        T(set_root_x86_flush, fx_setup_x86),
        T(set_root_riscv_never_flushes, fx_setup_sv39),
        T(set_root_toy_never_flushes, fx_setup_toy),
        T(race_guard, fx_setup_x86),
    };
    return RUN_TESTS(tests);
}
