/*
 * Superpage lookup from any address inside the page: the first, last and a
 * middle address hit the same TLB entry and give the right PA; the
 * addresses just outside miss.  2 MiB and 1 GiB (x86-64, Sv39), 512 GiB (Sv48).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "helpers.h"

#define X86_LEAF (XL_PF_P | XL_PF_W | XL_PF_U | XL_PF_A | XL_PF_D)
#define RV_LEAF (XL_PF_P | XL_PF_R | XL_PF_W | XL_PF_U | XL_PF_A | XL_PF_D)
#define VPN(c, va) (((va) >> (c)->page_bits) & xl_mask((c)->vpn_bits))

/*
 * Map a leaf at `level` for `vbase` -> `pbase` (byte addresses, both
 * aligned to the page size), and 4 KiB pages right before and after it.
 */
static void check_superpage(fx *f, unsigned level, uint64_t vbase, uint64_t pbase)
{
    const xl_config *c = &f->cfg;
    const uint64_t size = xl_config_page_size(c, level);
    const unsigned walk = c->levels - level;
    const unsigned flags = c->format == XL_FMT_X86_64 ? X86_LEAF | XL_PF_PS : RV_LEAF;
    const uint64_t before_pa = 0x7000, after_pa = 0x9000;
    xl_info info;
    xl_tlb_loc first_loc, loc;

    assert_int_equal(vbase & (size - 1), 0);
    assert_int_equal(pbase & (size - 1), 0);
    pt_map(&f->p, vbase, level, flags, pbase >> 12);
    pt_map(&f->p, vbase - 0x1000, 0, c->format == XL_FMT_X86_64 ? X86_LEAF : RV_LEAF, before_pa >> 12);
    pt_map(&f->p, vbase + size, 0, c->format == XL_FMT_X86_64 ? X86_LEAF : RV_LEAF, after_pa >> 12);

    /* the first byte: a walk installs the superpage */
    xl_result r = acc(f->m, XL_OP_LOAD, XL_PRIV_U, vbase, 8, 0, &info);
    assert_ok(r, pbase, walk);
    assert_false(r.tlb_hit);
    assert_int_equal(info.refill_level, (int)level);
    assert_non_null(xl_tlb_lookup(&f->m->tlb, VPN(c, vbase), 0, &first_loc));
    assert_int_equal(first_loc.array, XL_TLB_SUPER);

    /* the last bytes and a middle address: TLB hits on the same entry */
    const uint64_t offs[] = {size - 8, size / 2 + 0x1238, size / 2 - 0x1000, 0x1000, 8};
    for (unsigned i = 0; i < sizeof offs / sizeof offs[0]; i++) {
        r = acc(f->m, XL_OP_LOAD, XL_PRIV_U, vbase + offs[i], 8, 0, &info);
        assert_ok(r, pbase + offs[i], 0);
        assert_true(r.tlb_hit);
        assert_true(info.tlb_super);
        assert_int_equal(info.page_level, (int)level);
        assert_non_null(xl_tlb_lookup(&f->m->tlb, VPN(c, vbase + offs[i]), 0, &loc));
        assert_int_equal(loc.array, XL_TLB_SUPER);
        assert_int_equal(loc.way, first_loc.way);
    }
    /* a store through the superpage */
    r = STORE_U(f->m, vbase + size - 16, 8, 0xABCDull);
    assert_ok(r, pbase + size - 16, 0);
    assert_true(r.tlb_hit);
    r = LOAD_U(f->m, vbase + size - 16, 8);
    assert_int_equal(r.rdata, 0xABCDull);

    /* just outside, either side: TLB misses, walks, other PAs */
    assert_null(xl_tlb_lookup(&f->m->tlb, VPN(c, vbase + size), 0, NULL));
    assert_null(xl_tlb_lookup(&f->m->tlb, VPN(c, vbase - 8), 0, NULL));
    r = LOAD_U(f->m, vbase + size, 8);
    assert_ok(r, after_pa, c->levels);
    assert_false(r.tlb_hit);
    r = LOAD_U(f->m, vbase - 8, 8);
    assert_ok(r, before_pa + 0xFF8, c->levels);
    assert_false(r.tlb_hit);
    /* and the superpage is still there */
    r = LOAD_U(f->m, vbase + size / 4, 8);
    assert_ok(r, pbase + size / 4, 0);
    assert_true(r.tlb_hit);
}

static void x86_2m(void **state) { check_superpage(*state, 1, 0x40200000ull, 0x12000000ull); }
static void x86_1g(void **state) { check_superpage(*state, 2, 0x80000000ull, 0xC0000000ull); }
static void x86_2m_high_half(void **state)
{
    check_superpage(*state, 1, 0xFFFFFFFF80200000ull, 0x00400000ull);
}
static void sv39_2m(void **state) { check_superpage(*state, 1, 0x00600000ull, 0x80200000ull); }
static void sv39_1g(void **state) { check_superpage(*state, 2, 0x40000000ull, 0x80000000ull); }
static void sv39_1g_high_half(void **state)
{
    check_superpage(*state, 2, 0xFFFFFFFF80000000ull, 0x40000000ull);
}
static void sv48_512g(void **state)
{
    fx *f = *state;
    fx_use(f, "sv48", "mem_bytes = 0x20000000000\n"); /* 2 TiB: the whole page is backed */
    check_superpage(f, 3, 0x0000008000000000ull, 0x0000010000000000ull);
}

/* A base entry and a superpage both covering a VPN: the base array wins. */
static void base_array_first(void **state)
{
    fx *f = *state;
    xl_tlb_loc loc;
    xl_tlb_entry sp = tlb_ent(1, 0x40200, 0x1200, 0, XL_PERM_R);
    xl_tlb_entry bp = tlb_ent(0, 0x40203, 0x5555, 0, XL_PERM_R);
    assert_true(xl_tlb_refill(&f->m->tlb, &sp, NULL));
    assert_true(xl_tlb_refill(&f->m->tlb, &bp, NULL));
    const xl_tlb_entry *e = xl_tlb_lookup(&f->m->tlb, 0x40203, 0, &loc);
    assert_non_null(e);
    assert_int_equal(loc.array, XL_TLB_BASE);
    assert_int_equal(e->ppn, 0x5555);
    uint32_t super_state = xl_tlb_repl_get(&f->m->tlb, XL_TLB_SUPER, 0);
    e = xl_tlb_lookup(&f->m->tlb, 0x40204, 0, &loc);
    assert_non_null(e);
    assert_int_equal(loc.array, XL_TLB_SUPER);
    assert_int_equal(e->ppn, 0x1200);
    /* a base hit does not touch the superpage array's state */
    xl_tlb_repl_put(&f->m->tlb, XL_TLB_SUPER, 0, super_state);
    assert_non_null(xl_tlb_lookup(&f->m->tlb, 0x40203, 0, &loc));
    assert_int_equal(xl_tlb_repl_get(&f->m->tlb, XL_TLB_SUPER, 0), super_state);
    /* through an access, the PA comes from the 4 KiB entry */
    xl_result r = LOAD_S(f->m, 0x40203ABCull & ~7ull, 8);
    assert_ok(r, 0x5555AB8ull, 0);
}

/* ASID matching applies to superpages: another ASID misses, a global one hits. */
static void superpage_asid(void **state)
{
    fx *f = *state;
    xl_tlb_entry sp = tlb_ent(2, 0x40000, 0x40000, 3, XL_PERM_R);
    xl_tlb_entry gp = tlb_ent(2, 0x80000, 0x80000, 3, XL_PERM_R | XL_PERM_G);
    assert_true(xl_tlb_refill(&f->m->tlb, &sp, NULL));
    assert_true(xl_tlb_refill(&f->m->tlb, &gp, NULL));
    assert_non_null(xl_tlb_lookup(&f->m->tlb, 0x4ABCD, 3, NULL));
    assert_null(xl_tlb_lookup(&f->m->tlb, 0x4ABCD, 4, NULL));
    assert_non_null(xl_tlb_lookup(&f->m->tlb, 0xBFFFF, 4, NULL));
    assert_null(xl_tlb_lookup(&f->m->tlb, 0xC0000, 3, NULL));
}

/* ASID matching in the base array: another ASID misses and walks; a global entry hits. */
static void base_asid(void **state)
{
    fx *f = *state;
    const uint64_t va = 0x40201000ull;
    pt_map(&f->p, va, 0, XL_PF_P | XL_PF_W | XL_PF_U | XL_PF_A | XL_PF_D, 0x1000);
    pt_map(&f->p, va + 0x1000, 0, XL_PF_P | XL_PF_W | XL_PF_U | XL_PF_A | XL_PF_D | XL_PF_G, 0x1001);
    xl_mmu_set_root(f->m, FX_ROOT, 1, false);
    assert_ok(LOAD_U(f->m, va, 8), 0x1000000ull, 4);
    assert_ok(LOAD_U(f->m, va + 0x1000, 8), 0x1001000ull, 4);
    assert_non_null(xl_tlb_lookup(&f->m->tlb, va >> 12, 1, NULL));
    assert_null(xl_tlb_lookup(&f->m->tlb, va >> 12, 2, NULL));
    assert_non_null(xl_tlb_lookup(&f->m->tlb, (va >> 12) + 1, 2, NULL));
    /* PCID 2: the ASID-1 entry does not translate, the global one does */
    xl_mmu_set_root(f->m, FX_ROOT, 2, false);
    xl_result r = LOAD_U(f->m, va, 8);
    assert_ok(r, 0x1000000ull, 4);
    assert_false(r.tlb_hit);
    r = LOAD_U(f->m, va + 0x1000, 8);
    assert_ok(r, 0x1001000ull, 0);
    assert_true(r.tlb_hit);
    /* both ASIDs now have their own entry */
    assert_int_equal(tlb_valid_count(f->m), 3);
    xl_mmu_set_root(f->m, FX_ROOT, 1, false);
    r = LOAD_U(f->m, va, 8);
    assert_true(r.tlb_hit);
}

#define T(fn, setup) cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(x86_2m, fx_setup_x86),
        T(x86_1g, fx_setup_x86),
        T(x86_2m_high_half, fx_setup_x86),
        T(sv39_2m, fx_setup_sv39),
        T(sv39_1g, fx_setup_sv39),
        T(sv39_1g_high_half, fx_setup_sv39),
        T(sv48_512g, fx_setup_none),
        T(base_array_first, fx_setup_x86),
        T(superpage_asid, fx_setup_x86),
        T(base_asid, fx_setup_x86),
    };
    return RUN_TESTS(tests);
}
