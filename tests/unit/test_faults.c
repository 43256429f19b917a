/*
 * Every fault cause of every format, with the level and the number of
 * page-table reads, and the precedence order of docs/architecture.md
 * section 4.  Page tables are built in memory with xl_pte_encode.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "helpers.h"

/* x86 / RISC-V: VA with index 0/1/1/1 (x86), 1/1/1 (Sv39), 0/1/1/1 (Sv48). */
#define V 0x40201000ull
#define DATA 0x1000ull /* a data PPN well inside 4 GiB */
#define X86_ALL (XL_PF_P | XL_PF_W | XL_PF_U | XL_PF_A | XL_PF_D)
#define RV_ALL (XL_PF_P | XL_PF_R | XL_PF_W | XL_PF_X | XL_PF_U | XL_PF_A | XL_PF_D)
#define RV_SUP (XL_PF_P | XL_PF_R | XL_PF_W | XL_PF_X | XL_PF_A | XL_PF_D)
#define TOY_ALL (XL_PF_P | XL_PF_W | XL_PF_X | XL_PF_U | XL_PF_A | XL_PF_D)
#define BEYOND_4G 0x100000ull /* PPN of PA 4 GiB = mem_bytes of the presets */

/* ====================================================================== */
/* x86-64                                                                  */
/* ====================================================================== */

static void x86_align(void **state)
{
    fx *f = *state;
    pt_map(&f->p, V, 0, X86_ALL, DATA);
    assert_fault(LOAD_S(f->m, V + 4, 8), XL_FAULT_ALIGN, XL_LEVEL_NONE, 0);
    assert_fault(LOAD_S(f->m, V + 1, 2), XL_FAULT_ALIGN, XL_LEVEL_NONE, 0);
    assert_fault(STORE_S(f->m, V + 2, 4, 1), XL_FAULT_ALIGN, XL_LEVEL_NONE, 0);
    assert_fault(FETCH_U(f->m, V + 3), XL_FAULT_ALIGN, XL_LEVEL_NONE, 0);
    /* no state change: nothing walked, nothing cached, nothing in the TLB */
    assert_int_equal(tlb_valid_count(f->m), 0);
    assert_int_equal(cache_valid_count(f->m), 0);
    /* a naturally aligned access to the same page works */
    assert_ok(LOAD_S(f->m, V + 1, 1), (DATA << 12) + 1, 4);
    assert_ok(LOAD_S(f->m, V + 8, 8), (DATA << 12) + 8, 0);
}

static void x86_canonical(void **state)
{
    fx *f = *state;
    static const uint64_t bad[] = {
        0x0000800000000000ull, 0xFFFF7FFFFFFFF000ull, 0x8000000000000000ull, 0x0001000000000000ull,
        0x7FFFFFFFFFFFF000ull,
    };
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_fault(LOAD_S(f->m, bad[i], 8), XL_FAULT_CANONICAL, XL_LEVEL_NONE, 0);
    assert_int_equal(cache_valid_count(f->m), 0);
    /* the high half is canonical: it walks (and finds nothing) */
    assert_fault(LOAD_S(f->m, 0xFFFF800000000000ull, 8), XL_FAULT_NOT_PRESENT, 3, 1);
    assert_fault(LOAD_S(f->m, 0x00007FFFFFFFF000ull, 8), XL_FAULT_NOT_PRESENT, 3, 1);
}

static void x86_bus_pte_root(void **state)
{
    fx *f = *state;
    xl_mmu_set_root(f->m, BEYOND_4G, 0, false);
    assert_fault(LOAD_S(f->m, V, 8), XL_FAULT_BUS, 3, 0);
    assert_int_equal(cache_valid_count(f->m), 0);
    /* the last page below mem_bytes is fine as a (empty) table */
    xl_mmu_set_root(f->m, BEYOND_4G - 1, 0, false);
    assert_fault(LOAD_S(f->m, V, 8), XL_FAULT_NOT_PRESENT, 3, 1);
}

static void x86_bus_pte_lower(void **state)
{
    fx *f = *state;
    const unsigned dir = XL_PF_P | XL_PF_W | XL_PF_U | XL_PF_A;
    /* PDPTE points beyond memory: the PDE address is out of range */
    pt_set_raw(&f->p, V, 2, pte_raw(&f->cfg, dir, BEYOND_4G));
    assert_fault(LOAD_S(f->m, V, 8), XL_FAULT_BUS, 1, 2);
    /* PDE points beyond memory (another PDPT slot): the PTE address is out of range */
    uint64_t v2 = V + (1ull << 30);
    pt_set_raw(&f->p, v2, 1, pte_raw(&f->cfg, dir, BEYOND_4G + 7));
    assert_fault(LOAD_S(f->m, v2, 8), XL_FAULT_BUS, 0, 3);
    assert_int_equal(tlb_valid_count(f->m), 0);
}

static void x86_bus_data(void **state)
{
    fx *f = *state;
    pt_map(&f->p, V, 0, X86_ALL, BEYOND_4G);
    pt_map(&f->p, V + 0x1000, 0, X86_ALL, BEYOND_4G - 1);
    assert_fault(LOAD_S(f->m, V + 0x10, 8), XL_FAULT_BUS, XL_LEVEL_NONE, 4);
    /* the walk succeeded, so the TLB keeps the translation */
    assert_int_equal(tlb_valid_count(f->m), 1);
    xl_result r = STORE_S(f->m, V + 0x18, 8, 5);
    assert_fault(r, XL_FAULT_BUS, XL_LEVEL_NONE, 0);
    assert_true(r.tlb_hit);
    assert_ok(LOAD_S(f->m, V + 0x1FF8, 8), 0xFFFFFFF8ull, 4);
}

static void x86_not_present(void **state)
{
    fx *f = *state;
    for (int L = 3; L >= 0; L--) {
        fx_use(f, "x86_64", NULL);
        pt_map(&f->p, V, 0, X86_ALL, DATA);
        /* every bit but P: still not present */
        pt_set_raw(&f->p, V, (unsigned)L, pte_raw(&f->cfg, XL_PF_W | XL_PF_U | XL_PF_A | XL_PF_D, DATA));
        assert_fault(LOAD_S(f->m, V, 8), XL_FAULT_NOT_PRESENT, L, 4 - L);
        assert_fault(STORE_U(f->m, V, 8, 1), XL_FAULT_NOT_PRESENT, L, 4 - L);
        assert_int_equal(tlb_valid_count(f->m), 0);
    }
}

static void x86_reserved_ps_pml4(void **state)
{
    fx *f = *state;
    pt_set_raw(&f->p, V, 3, pte_raw(&f->cfg, X86_ALL | XL_PF_PS, 0));
    assert_fault(LOAD_S(f->m, V, 8), XL_FAULT_RESERVED, 3, 1);
}

static void x86_reserved_large_page_bits(void **state)
{
    fx *f = *state;
    const unsigned big = X86_ALL | XL_PF_PS;
    const uint64_t v2m = 0x40200000ull, v1g = 0x80000000ull;
    uint64_t pde = pte_raw(&f->cfg, big, 0x1200);     /* 2 MiB page at PA 0x1200000 */
    uint64_t pdpte = pte_raw(&f->cfg, big, 0x40000);  /* 1 GiB page at PA 1 GiB */

    pt_set_raw(&f->p, v2m, 1, pde | (1ull << 13));
    assert_fault(LOAD_S(f->m, v2m, 8), XL_FAULT_RESERVED, 1, 3);
    pt_set_raw(&f->p, v2m, 1, pde | (1ull << 20));
    assert_fault(LOAD_S(f->m, v2m, 8), XL_FAULT_RESERVED, 1, 3);
    /* bit 12 is PAT, not reserved; bit 21 is an address bit */
    pt_set_raw(&f->p, v2m, 1, pde | (1ull << 12));
    assert_ok(LOAD_S(f->m, v2m + 0x1238, 8), 0x1201238ull, 3);

    pt_set_raw(&f->p, v1g, 2, pdpte | (1ull << 29));
    assert_fault(LOAD_S(f->m, v1g, 8), XL_FAULT_RESERVED, 2, 2);
    pt_set_raw(&f->p, v1g, 2, pdpte | (1ull << 13));
    assert_fault(LOAD_S(f->m, v1g, 8), XL_FAULT_RESERVED, 2, 2);
    pt_set_raw(&f->p, v1g, 2, pdpte | (1ull << 12));
    assert_ok(LOAD_S(f->m, v1g + 0x3FFFFFF8, 8), 0x7FFFFFF8ull, 2);
}

static void x86_reserved_addr_above_pa_bits(void **state)
{
    fx *f = *state;
    fx_use(f, "x86_64", "pa_bits = 40\n");
    /* leaf with bit 40 set */
    pt_set_raw(&f->p, V, 0, pte_raw(&f->cfg, X86_ALL, DATA) | (1ull << 40));
    assert_fault(LOAD_S(f->m, V, 8), XL_FAULT_RESERVED, 0, 4);
    /* bit 39 is a legal address bit: the PA is simply beyond memory */
    pt_set_raw(&f->p, V, 0, pte_raw(&f->cfg, X86_ALL, 1ull << 27));
    assert_fault(LOAD_S(f->m, V, 8), XL_FAULT_BUS, XL_LEVEL_NONE, 4);
    /* a PDPTE (non-leaf) with bit 51 set */
    uint64_t v2 = V + (1ull << 30);
    pt_map(&f->p, v2, 0, X86_ALL, DATA);
    uint64_t raw = pt_mem_entry(&f->p, v2, 2);
    pt_set_raw(&f->p, v2, 2, raw | (1ull << 51));
    assert_fault(LOAD_S(f->m, v2, 8), XL_FAULT_RESERVED, 2, 2);
    /* with the default pa_bits = 52, bit 51 is an address bit */
    fx_use(f, "x86_64", NULL);
    pt_map(&f->p, V, 0, X86_ALL, 1ull << 39);
    assert_fault(LOAD_S(f->m, V, 8), XL_FAULT_BUS, XL_LEVEL_NONE, 4);
}

static void x86_reserved_ps_outside_leaf_levels(void **state)
{
    fx *f = *state;
    fx_use(f, "x86_64", "leaf_levels = 0,1\n");
    pt_set_raw(&f->p, 0x80000000ull, 2, pte_raw(&f->cfg, X86_ALL | XL_PF_PS, 0x40000));
    assert_fault(LOAD_S(f->m, 0x80000000ull, 8), XL_FAULT_RESERVED, 2, 2);
    pt_set_raw(&f->p, 0x40200000ull, 1, pte_raw(&f->cfg, X86_ALL | XL_PF_PS, 0x1200));
    assert_ok(LOAD_S(f->m, 0x40200000ull, 8), 0x1200000ull, 3);
}

static void x86_user(void **state)
{
    fx *f = *state;
    /* U clear at the leaf */
    pt_map(&f->p, V, 0, X86_ALL & ~(unsigned)XL_PF_U, DATA);
    assert_fault(LOAD_U(f->m, V, 8), XL_FAULT_USER, 0, 4);
    assert_ok(LOAD_S(f->m, V, 8), DATA << 12, 4);
    /* U clear in the PML4E only: still a user fault, reported at the leaf */
    fx_use(f, "x86_64", NULL);
    pt_map(&f->p, V, 0, X86_ALL, DATA);
    pt_dir_flags(&f->p, V, 3, XL_PF_P | XL_PF_W | XL_PF_A);
    assert_fault(STORE_U(f->m, V, 8, 1), XL_FAULT_USER, 0, 4);
    /* a 2 MiB page without U: the leaf level is 1 */
    pt_set_raw(&f->p, 0x40400000ull, 1, pte_raw(&f->cfg, XL_PF_P | XL_PF_W | XL_PF_A | XL_PF_D | XL_PF_PS, 0x1400));
    pt_dir_flags(&f->p, 0x40400000ull, 3, XL_PF_P | XL_PF_W | XL_PF_U | XL_PF_A);
    assert_fault(FETCH_U(f->m, 0x40400000ull), XL_FAULT_USER, 1, 3);
}

static void x86_super(void **state)
{
    fx *f = *state;
    pt_map(&f->p, V, 0, X86_ALL, DATA);
    /* SMEP: a supervisor fetch from a user page faults */
    assert_fault(FETCH_S(f->m, V), XL_FAULT_SUPER, 0, 4);
    assert_int_equal(tlb_valid_count(f->m), 0);
    /* SMAP is off: supervisor loads and stores to a user page succeed */
    xl_mem_write_le(&f->m->mem, DATA << 12, 0x1122334455667788ull, 8);
    xl_result r = LOAD_S(f->m, V, 8);
    assert_ok(r, DATA << 12, 4);
    assert_int_equal(r.rdata, 0x1122334455667788ull);
    assert_ok(STORE_S(f->m, V + 8, 8, 7), (DATA << 12) + 8, 0);
    /* user fetch from the user page works */
    assert_ok(FETCH_U(f->m, V + 16), (DATA << 12) + 16, 0);
    /* a supervisor fetch now hits the TLB entry and still faults there */
    r = FETCH_S(f->m, V);
    assert_fault(r, XL_FAULT_SUPER, 0, 0);
    assert_true(r.tlb_hit);
    /* U clear at any level makes it a supervisor page: fetch is fine */
    pt_map(&f->p, V + 0x1000, 0, X86_ALL & ~(unsigned)XL_PF_U, DATA + 1);
    assert_ok(FETCH_S(f->m, V + 0x1000), (DATA + 1) << 12, 4);
}

static void x86_write_nonleaf(void **state)
{
    fx *f = *state;
    pt_map(&f->p, V, 0, X86_ALL, DATA);
    pt_dir_flags(&f->p, V, 2, XL_PF_P | XL_PF_U | XL_PF_A); /* W clear in the PDPTE only */
    assert_fault(STORE_S(f->m, V, 8, 1), XL_FAULT_WRITE, 0, 4); /* CR0.WP = 1 */
    assert_fault(STORE_U(f->m, V, 8, 1), XL_FAULT_WRITE, 0, 4);
    assert_int_equal(tlb_valid_count(f->m), 0);
    assert_ok(LOAD_U(f->m, V, 8), DATA << 12, 4);
    /* the TLB entry lacks W: the store faults on the hit */
    xl_result r = STORE_S(f->m, V, 8, 1);
    assert_fault(r, XL_FAULT_WRITE, 0, 0);
    assert_true(r.tlb_hit);
    assert_int_equal(tlb_valid_count(f->m), 1);
}

static void x86_exec_nonleaf(void **state)
{
    fx *f = *state;
    pt_map(&f->p, V, 0, X86_ALL, DATA);
    pt_dir_flags(&f->p, V, 2, XL_PF_P | XL_PF_W | XL_PF_U | XL_PF_A | XL_PF_NX);
    assert_fault(FETCH_U(f->m, V), XL_FAULT_EXEC, 0, 4);
    assert_ok(LOAD_U(f->m, V, 8), DATA << 12, 4);
    assert_ok(STORE_U(f->m, V, 8, 3), DATA << 12, 0);
    /* NX in the PML4E above a 2 MiB page: exec fault at level 1 */
    fx_use(f, "x86_64", NULL);
    pt_set_raw(&f->p, 0x40400000ull, 1, pte_raw(&f->cfg, X86_ALL | XL_PF_PS, 0x1400));
    pt_dir_flags(&f->p, 0x40400000ull, 3, XL_PF_P | XL_PF_W | XL_PF_U | XL_PF_A | XL_PF_NX);
    assert_fault(FETCH_S(f->m, 0x40400000ull), XL_FAULT_SUPER, 1, 3); /* SMEP first */
    assert_fault(FETCH_U(f->m, 0x40400000ull), XL_FAULT_EXEC, 1, 3);
    /* NX clear everywhere (the PML4E is shared with V): the fetch works */
    pt_dir_flags(&f->p, V, 3, XL_PF_P | XL_PF_W | XL_PF_U | XL_PF_A);
    pt_map(&f->p, V, 0, X86_ALL, DATA);
    assert_ok(FETCH_U(f->m, V), DATA << 12, 4);
}

/* ====================================================================== */
/* RISC-V Sv39                                                             */
/* ====================================================================== */

static void sv39_align_canonical(void **state)
{
    fx *f = *state;
    pt_map(&f->p, V, 0, RV_ALL, DATA);
    assert_fault(LOAD_U(f->m, V + 6, 4), XL_FAULT_ALIGN, XL_LEVEL_NONE, 0);
    static const uint64_t bad[] = {
        0x0000004000000000ull, /* bit 38 set, upper bits clear */
        0xFFFFFF8000000000ull, /* upper bits set, bit 38 clear */
        0x0000008000000000ull, 0x8000000000000000ull, 0x00007FFFFFFFF000ull,
    };
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_fault(LOAD_U(f->m, bad[i], 8), XL_FAULT_CANONICAL, XL_LEVEL_NONE, 0);
    assert_int_equal(cache_valid_count(f->m), 0);
    assert_fault(LOAD_U(f->m, 0xFFFFFFC000000000ull, 8), XL_FAULT_NOT_PRESENT, 2, 1);
    assert_fault(LOAD_U(f->m, 0x0000003FFFFFF000ull, 8), XL_FAULT_NOT_PRESENT, 2, 1);
    assert_ok(LOAD_U(f->m, V, 8), DATA << 12, 3);
}

static void sv39_bus(void **state)
{
    fx *f = *state;
    /* PTE addresses beyond memory at the root, and at level 0 */
    xl_mmu_set_root(f->m, BEYOND_4G, 0, false);
    assert_fault(LOAD_U(f->m, V, 8), XL_FAULT_BUS, 2, 0);
    xl_mmu_set_root(f->m, FX_ROOT, 0, false);
    pt_set_raw(&f->p, V, 1, pte_raw(&f->cfg, XL_PF_P, BEYOND_4G));
    assert_fault(LOAD_U(f->m, V, 8), XL_FAULT_BUS, 0, 2);
    /* data PA beyond memory */
    uint64_t v2 = V + (1ull << 30);
    pt_map(&f->p, v2, 0, RV_ALL, BEYOND_4G + 3);
    assert_fault(LOAD_U(f->m, v2, 8), XL_FAULT_BUS, XL_LEVEL_NONE, 3);
    assert_int_equal(tlb_valid_count(f->m), 1);
}

static void sv39_not_present(void **state)
{
    fx *f = *state;
    for (int L = 2; L >= 0; L--) {
        fx_use(f, "sv39", NULL);
        pt_map(&f->p, V, 0, RV_ALL, DATA);
        pt_set_raw(&f->p, V, (unsigned)L, pte_raw(&f->cfg, RV_ALL & ~(unsigned)XL_PF_P, DATA));
        assert_fault(LOAD_U(f->m, V, 8), XL_FAULT_NOT_PRESENT, L, 3 - L);
    }
}

static void sv39_reserved_high_bits(void **state)
{
    fx *f = *state;
    pt_map(&f->p, V, 0, RV_ALL, DATA);
    uint64_t leaf = pt_mem_entry(&f->p, V, 0);
    pt_set_raw(&f->p, V, 0, leaf | (1ull << 54));
    assert_fault(LOAD_U(f->m, V, 8), XL_FAULT_RESERVED, 0, 3);
    pt_set_raw(&f->p, V, 0, leaf | (1ull << 63)); /* N (Svnapot) is not supported */
    assert_fault(LOAD_U(f->m, V, 8), XL_FAULT_RESERVED, 0, 3);
    pt_set_raw(&f->p, V, 0, leaf | (1ull << 53)); /* top PPN bit: legal, beyond memory */
    assert_fault(LOAD_U(f->m, V, 8), XL_FAULT_BUS, XL_LEVEL_NONE, 3);
    xl_inval all = xl_inval_from_isa(XL_INV_SFENCE_ALL, 0, 0);
    assert_int_equal(xl_mmu_inval(f->m, &all), 1);
    /* non-leaf entries too */
    pt_set_raw(&f->p, V, 0, leaf);
    uint64_t root = pt_mem_entry(&f->p, V, 2);
    pt_set_raw(&f->p, V, 2, root | (1ull << 63));
    assert_fault(LOAD_U(f->m, V, 8), XL_FAULT_RESERVED, 2, 1);
    pt_set_raw(&f->p, V, 2, root);
    uint64_t mid = pt_mem_entry(&f->p, V, 1);
    pt_set_raw(&f->p, V, 1, mid | (1ull << 61)); /* PBMT (Svpbmt) is not supported */
    assert_fault(LOAD_U(f->m, V, 8), XL_FAULT_RESERVED, 1, 2);
}

static void sv39_reserved_w_without_r(void **state)
{
    fx *f = *state;
    pt_map(&f->p, V, 0, XL_PF_P | XL_PF_W | XL_PF_U | XL_PF_A | XL_PF_D, DATA);
    assert_fault(LOAD_U(f->m, V, 8), XL_FAULT_RESERVED, 0, 3);
    pt_map(&f->p, V, 0, XL_PF_P | XL_PF_W | XL_PF_X | XL_PF_U | XL_PF_A | XL_PF_D, DATA);
    assert_fault(FETCH_U(f->m, V), XL_FAULT_RESERVED, 0, 3);
    /* at level 1 as well */
    pt_map(&f->p, 0x40400000ull, 1, XL_PF_P | XL_PF_W | XL_PF_X | XL_PF_A | XL_PF_D, 0x1400);
    assert_fault(LOAD_S(f->m, 0x40400000ull, 8), XL_FAULT_RESERVED, 1, 2);
}

static void sv39_reserved_nonleaf_adu(void **state)
{
    fx *f = *state;
    static const unsigned bad[] = {XL_PF_A, XL_PF_D, XL_PF_U};
    pt_map(&f->p, V, 0, RV_ALL, DATA);
    for (unsigned i = 0; i < 3; i++) {
        pt_dir_flags(&f->p, V, 2, XL_PF_P | bad[i]);
        assert_fault(LOAD_U(f->m, V, 8), XL_FAULT_RESERVED, 2, 1);
        pt_dir_flags(&f->p, V, 2, XL_PF_P);
        pt_dir_flags(&f->p, V, 1, XL_PF_P | bad[i]);
        assert_fault(LOAD_U(f->m, V, 8), XL_FAULT_RESERVED, 1, 2);
        pt_dir_flags(&f->p, V, 1, XL_PF_P);
    }
    /* G on a non-leaf entry is legal */
    pt_dir_flags(&f->p, V, 2, XL_PF_P | XL_PF_G);
    assert_ok(LOAD_U(f->m, V, 8), DATA << 12, 3);
}

static void sv39_reserved_nonleaf_level0(void **state)
{
    fx *f = *state;
    pt_map(&f->p, V, 0, XL_PF_P, DATA); /* V without R/X at level 0: a pointer */
    assert_fault(LOAD_S(f->m, V, 8), XL_FAULT_RESERVED, 0, 3);
}

static void sv39_reserved_leaf_outside_leaf_levels(void **state)
{
    fx *f = *state;
    fx_use(f, "sv39", "leaf_levels = 0,1\n");
    pt_map(&f->p, 0x80000000ull, 2, RV_ALL, 0x80000);
    assert_fault(LOAD_U(f->m, 0x80000000ull, 8), XL_FAULT_RESERVED, 2, 1);
    pt_map(&f->p, 0x40200000ull, 1, RV_ALL, 0x1200);
    assert_ok(LOAD_U(f->m, 0x40200008ull, 8), 0x1200008ull, 2);
}

static void sv39_misaligned(void **state)
{
    fx *f = *state;
    const uint64_t v2m = 0x40200000ull, v1g = 0x80000000ull;
    /* 2 MiB megapage: PPN bits 8..0 must be clear */
    pt_map(&f->p, v2m, 1, RV_ALL, 0x1201);
    assert_fault(LOAD_U(f->m, v2m, 8), XL_FAULT_MISALIGNED, 1, 2);
    pt_map(&f->p, v2m, 1, RV_ALL, 0x1300);
    assert_fault(LOAD_U(f->m, v2m, 8), XL_FAULT_MISALIGNED, 1, 2);
    pt_map(&f->p, v2m, 1, RV_ALL, 0x1200);
    assert_ok(LOAD_U(f->m, v2m + 0x1FFFF8, 8), 0x13FFFF8ull, 2);
    /* 1 GiB gigapage: PPN bits 17..0 must be clear */
    pt_map(&f->p, v1g, 2, RV_ALL, 0x40200);
    assert_fault(LOAD_U(f->m, v1g, 8), XL_FAULT_MISALIGNED, 2, 1);
    pt_map(&f->p, v1g, 2, RV_ALL, 0x60000);
    assert_fault(LOAD_U(f->m, v1g, 8), XL_FAULT_MISALIGNED, 2, 1);
    pt_map(&f->p, v1g, 2, RV_ALL, 0x40000);
    assert_ok(LOAD_U(f->m, v1g + 0x12345678, 8), 0x52345678ull, 1);
}

static void sv39_user_super(void **state)
{
    fx *f = *state;
    pt_map(&f->p, V, 0, RV_SUP, DATA);
    pt_map(&f->p, V + 0x1000, 0, RV_ALL, DATA + 1);
    assert_fault(LOAD_U(f->m, V, 8), XL_FAULT_USER, 0, 3);
    assert_fault(FETCH_U(f->m, V), XL_FAULT_USER, 0, 3);
    assert_ok(LOAD_S(f->m, V, 8), DATA << 12, 3);
    /* SUM = 0: every supervisor access to a user page faults */
    assert_fault(LOAD_S(f->m, V + 0x1000, 8), XL_FAULT_SUPER, 0, 3);
    assert_fault(STORE_S(f->m, V + 0x1000, 8, 1), XL_FAULT_SUPER, 0, 3);
    assert_fault(FETCH_S(f->m, V + 0x1000), XL_FAULT_SUPER, 0, 3);
    assert_ok(LOAD_U(f->m, V + 0x1000, 8), (DATA + 1) << 12, 3);
    xl_result r = LOAD_S(f->m, V + 0x1000, 8);
    assert_fault(r, XL_FAULT_SUPER, 0, 0);
    assert_true(r.tlb_hit);
}

static void sv39_read_write_exec(void **state)
{
    fx *f = *state;
    const unsigned base = XL_PF_P | XL_PF_U | XL_PF_A | XL_PF_D;
    pt_map(&f->p, V, 0, base | XL_PF_X, DATA);                        /* execute-only */
    pt_map(&f->p, V + 0x1000, 0, base | XL_PF_R | XL_PF_X, DATA + 1); /* read-only */
    pt_map(&f->p, V + 0x2000, 0, base | XL_PF_R | XL_PF_W, DATA + 2); /* no execute */
    assert_fault(LOAD_U(f->m, V, 8), XL_FAULT_READ, 0, 3);
    assert_fault(STORE_U(f->m, V, 8, 1), XL_FAULT_WRITE, 0, 3);
    assert_ok(FETCH_U(f->m, V), DATA << 12, 3);
    assert_fault(STORE_U(f->m, V + 0x1000, 8, 1), XL_FAULT_WRITE, 0, 3);
    assert_ok(LOAD_U(f->m, V + 0x1000, 8), (DATA + 1) << 12, 3);
    assert_fault(FETCH_U(f->m, V + 0x2000), XL_FAULT_EXEC, 0, 3);
    assert_ok(STORE_U(f->m, V + 0x2000, 8, 1), (DATA + 2) << 12, 3);
    /* a megapage without X */
    pt_map(&f->p, 0x40400000ull, 1, base | XL_PF_R | XL_PF_W, 0x1400);
    assert_fault(FETCH_U(f->m, 0x40400000ull), XL_FAULT_EXEC, 1, 2);
}

static void sv39_reserved_ppn_above_pa_bits(void **state)
{
    fx *f = *state;
    fx_use(f, "sv39", "pa_bits = 40\n"); /* PPN is 28 bits wide */
    pt_map(&f->p, V, 0, RV_ALL, DATA | (1ull << 28));
    assert_fault(LOAD_U(f->m, V, 8), XL_FAULT_RESERVED, 0, 3);
    pt_map(&f->p, V, 0, RV_ALL, 1ull << 27); /* legal, beyond memory */
    assert_fault(LOAD_U(f->m, V, 8), XL_FAULT_BUS, XL_LEVEL_NONE, 3);
    uint64_t v2 = V + (1ull << 30);
    pt_map(&f->p, v2, 0, RV_ALL, DATA);
    pt_set_raw(&f->p, v2, 2, pt_mem_entry(&f->p, v2, 2) | (1ull << (10 + 43)));
    assert_fault(LOAD_U(f->m, v2, 8), XL_FAULT_RESERVED, 2, 1);
}

/* G: RISC-V ORs it over every level; x86 takes it from the leaf only. */
static void global_bit_fold(void **state)
{
    fx *f = *state;
    const unsigned rwu = XL_PERM_R | XL_PERM_W | XL_PERM_U | XL_PERM_D;
    pt_map(&f->p, V, 0, RV_ALL, DATA);
    pt_dir_flags(&f->p, V, 2, XL_PF_P | XL_PF_G);
    assert_ok(LOAD_U(f->m, V, 8), DATA << 12, 3);
    xl_tlb_entry want = tlb_ent(0, V >> 12, DATA, 0, rwu | XL_PERM_X | XL_PERM_G);
    assert_true(tlb_has(f->m, &want));
    /* a global entry hits for another ASID */
    xl_mmu_set_root(f->m, FX_ROOT, 9, false);
    xl_result r = LOAD_U(f->m, V, 8);
    assert_true(r.tlb_hit);

    fx_use(f, "x86_64", NULL);
    pt_map(&f->p, V, 0, X86_ALL, DATA);
    pt_dir_flags(&f->p, V, 3, XL_PF_P | XL_PF_W | XL_PF_U | XL_PF_A | XL_PF_G); /* ignored */
    pt_map(&f->p, V + 0x1000, 0, X86_ALL | XL_PF_G, DATA + 1);
    assert_ok(LOAD_U(f->m, V, 8), DATA << 12, 4);
    assert_ok(LOAD_U(f->m, V + 0x1000, 8), (DATA + 1) << 12, 4);
    xl_tlb_entry ng = tlb_ent(0, V >> 12, DATA, 0, rwu | XL_PERM_X);
    xl_tlb_entry g = tlb_ent(0, (V >> 12) + 1, DATA + 1, 0, rwu | XL_PERM_X | XL_PERM_G);
    assert_true(tlb_has(f->m, &ng));
    assert_true(tlb_has(f->m, &g));
}

/* ====================================================================== */
/* RISC-V Sv48 (ad_policy = fault)                                         */
/* ====================================================================== */

static void sv48_preset_is_ad_fault(void **state)
{
    fx *f = *state;
    assert_int_equal(f->cfg.ad_policy, XL_AD_FAULT);
    assert_int_equal(f->cfg.levels, 4);
    assert_fault(LOAD_U(f->m, 0x0000800000000000ull, 8), XL_FAULT_CANONICAL, XL_LEVEL_NONE, 0);
    assert_fault(LOAD_U(f->m, 0xFFFF800000000000ull, 8), XL_FAULT_NOT_PRESENT, 3, 1);
}

static void sv48_ad_accessed(void **state)
{
    fx *f = *state;
    pt_map(&f->p, V, 0, RV_ALL & ~(unsigned)(XL_PF_A | XL_PF_D), DATA);
    uint64_t before = pt_mem_entry(&f->p, V, 0);
    assert_fault(LOAD_U(f->m, V, 8), XL_FAULT_AD, 0, 4);
    assert_fault(FETCH_U(f->m, V), XL_FAULT_AD, 0, 4);
    assert_fault(STORE_U(f->m, V, 8, 1), XL_FAULT_AD, 0, 4);
    assert_int_equal(tlb_valid_count(f->m), 0);
    /* nothing was written: neither memory nor the cached copy changed */
    assert_int_equal(peek(f->m, pt_entry_pa(&f->p, V, 0), 8), before);
    /* D set but A clear is still an A fault */
    pt_map(&f->p, V, 0, RV_ALL & ~(unsigned)XL_PF_A, DATA);
    xl_cache_flush(&f->m->cache, true);
    assert_fault(LOAD_U(f->m, V, 8), XL_FAULT_AD, 0, 4);
}

static void sv48_ad_dirty(void **state)
{
    fx *f = *state;
    pt_map(&f->p, V, 0, RV_ALL & ~(unsigned)XL_PF_D, DATA);
    assert_fault(STORE_U(f->m, V, 8, 1), XL_FAULT_AD, 0, 4);
    assert_int_equal(tlb_valid_count(f->m), 0);
    assert_ok(LOAD_U(f->m, V, 8), DATA << 12, 4);
}

static void sv48_ad_tlb_hit_store_rewalks(void **state)
{
    fx *f = *state;
    xl_info info;
    pt_map(&f->p, V, 0, RV_ALL & ~(unsigned)XL_PF_D, DATA);
    assert_ok(LOAD_U(f->m, V, 8), DATA << 12, 4);
    xl_tlb_entry want = tlb_ent(0, V >> 12, DATA, 0, XL_PERM_R | XL_PERM_W | XL_PERM_X | XL_PERM_U);
    assert_true(tlb_has(f->m, &want));
    /* the store finds the entry but its D is clear: walk again, fault */
    xl_result r = acc(f->m, XL_OP_STORE, XL_PRIV_U, V, 8, 1, &info);
    assert_fault(r, XL_FAULT_AD, 0, 4);
    assert_false(r.tlb_hit);
    assert_true(info.dirty_rewalk);
    /* the fault changed no TLB state: the clean entry is still there */
    assert_true(tlb_has(f->m, &want));
    assert_int_equal(tlb_valid_count(f->m), 1);
    r = LOAD_U(f->m, V + 8, 8);
    assert_ok(r, (DATA << 12) + 8, 0);
    assert_true(r.tlb_hit);
    /* once software sets D, the store re-walks and succeeds */
    pt_map(&f->p, V, 0, RV_ALL, DATA);
    xl_cache_flush(&f->m->cache, true);
    r = STORE_U(f->m, V, 8, 1);
    assert_ok(r, DATA << 12, 4);
    assert_false(r.tlb_hit);
    r = STORE_U(f->m, V, 8, 2);
    assert_ok(r, DATA << 12, 0);
    assert_true(r.tlb_hit);
}

/* ====================================================================== */
/* toy                                                                     */
/* ====================================================================== */

#define TV 0x0440ull /* VPN 0x11 */
#define TDATA 0x20ull

static void toy_align_canonical(void **state)
{
    fx *f = *state;
    pt_map(&f->p, TV, 0, TOY_ALL, TDATA);
    assert_fault(LOAD_S(f->m, TV + 1, 2), XL_FAULT_ALIGN, XL_LEVEL_NONE, 0);
    assert_fault(LOAD_S(f->m, TV + 2, 4), XL_FAULT_ALIGN, XL_LEVEL_NONE, 0);
    assert_fault(LOAD_S(f->m, 0x4000, 1), XL_FAULT_CANONICAL, XL_LEVEL_NONE, 0);
    assert_fault(LOAD_S(f->m, 0xFFFFFFFFFFFFF000ull, 4), XL_FAULT_CANONICAL, XL_LEVEL_NONE, 0);
    assert_fault(LOAD_S(f->m, 0x8000000000000000ull, 1), XL_FAULT_CANONICAL, XL_LEVEL_NONE, 0);
    assert_int_equal(cache_valid_count(f->m), 0);
    assert_fault(LOAD_S(f->m, 0x3FFC, 4), XL_FAULT_NOT_PRESENT, 0, 1);
    assert_ok(LOAD_S(f->m, TV + 3, 1), (TDATA << 6) + 3, 1);
}

static void toy_bus(void **state)
{
    fx *f = *state;
    /* root table in the last page: entries 16.. lie beyond the 4 KiB of memory */
    xl_mmu_set_root(f->m, 0x3F, 0, false);
    assert_fault(LOAD_S(f->m, 0x10 << 6, 1), XL_FAULT_BUS, 0, 0);
    assert_fault(LOAD_S(f->m, 0x0F << 6, 1), XL_FAULT_NOT_PRESENT, 0, 1);
    /* data PA beyond a 2 KiB memory */
    fx_use(f, "toy", "mem_bytes = 2048\n");
    pt_map(&f->p, TV, 0, TOY_ALL, TDATA);
    pt_map(&f->p, TV + 0x40, 0, TOY_ALL, TDATA - 1);
    assert_fault(LOAD_S(f->m, TV, 1), XL_FAULT_BUS, XL_LEVEL_NONE, 1);
    assert_ok(LOAD_S(f->m, TV + 0x7C, 4), 0x7FCull, 1);
}

static void toy_not_present_reserved(void **state)
{
    fx *f = *state;
    pt_map(&f->p, TV, 0, TOY_ALL & ~(unsigned)XL_PF_P, TDATA);
    assert_fault(LOAD_S(f->m, TV, 1), XL_FAULT_NOT_PRESENT, 0, 1);
    /* L at level 0 */
    pt_map(&f->p, TV, 0, TOY_ALL | XL_PF_PS, TDATA);
    assert_fault(LOAD_S(f->m, TV, 1), XL_FAULT_RESERVED, 0, 1);
    /* PPN wider than pa_bits - page_bits = 6 bits */
    pt_map(&f->p, TV, 0, TOY_ALL, 0x40);
    assert_fault(LOAD_S(f->m, TV, 1), XL_FAULT_RESERVED, 0, 1);
    pt_map(&f->p, TV, 0, TOY_ALL, 0x800000);
    assert_fault(LOAD_S(f->m, TV, 1), XL_FAULT_RESERVED, 0, 1);
    pt_map(&f->p, TV, 0, TOY_ALL, 0x3F);
    assert_ok(LOAD_S(f->m, TV, 1), 0xFC0ull, 1);
}

static void toy_permissions(void **state)
{
    fx *f = *state;
    pt_map(&f->p, TV, 0, XL_PF_P | XL_PF_A | XL_PF_D, TDATA); /* supervisor, read-only, no exec */
    pt_map(&f->p, TV + 0x40, 0, TOY_ALL, TDATA + 1);
    assert_fault(LOAD_U(f->m, TV, 1), XL_FAULT_USER, 0, 1);
    assert_fault(STORE_S(f->m, TV, 1, 1), XL_FAULT_WRITE, 0, 1);
    assert_fault(FETCH_S(f->m, TV), XL_FAULT_EXEC, 0, 1);
    assert_ok(LOAD_S(f->m, TV, 1), TDATA << 6, 1); /* every present page is readable */
    /* the supervisor may use user pages in the toy format */
    assert_ok(FETCH_S(f->m, TV + 0x40), (TDATA + 1) << 6, 1);
    assert_ok(STORE_S(f->m, TV + 0x44, 4, 1), ((TDATA + 1) << 6) + 4, 0);
}

static void toy_ad_fault(void **state)
{
    fx *f = *state;
    fx_use(f, "toy", "ad_policy = fault\n");
    pt_map(&f->p, TV, 0, TOY_ALL & ~(unsigned)(XL_PF_A | XL_PF_D), TDATA);
    assert_fault(LOAD_S(f->m, TV, 1), XL_FAULT_AD, 0, 1);
    pt_map(&f->p, TV, 0, TOY_ALL & ~(unsigned)XL_PF_D, TDATA);
    xl_cache_flush(&f->m->cache, true);
    assert_fault(STORE_S(f->m, TV, 1, 1), XL_FAULT_AD, 0, 1);
    assert_ok(LOAD_S(f->m, TV, 1), TDATA << 6, 1);
}

/* A two-level toy: 6-bit pages, 4 + 4 index bits, leaves at levels 0 and 1. */
#define TOY2 "levels = 2\nlevel_bits = 4,4\nleaf_levels = 0,1\ntlb_super = 4\n"

static void toy_multilevel_misaligned(void **state)
{
    fx *f = *state;
    fx_use(f, "toy", TOY2);
    /* 1 KiB superpage at level 1: PPN bits 3..0 must be clear */
    pt_map(&f->p, 0x0400, 1, TOY_ALL | XL_PF_PS, 0x21);
    assert_fault(LOAD_S(f->m, 0x0400, 1), XL_FAULT_MISALIGNED, 1, 1);
    pt_map(&f->p, 0x0400, 1, TOY_ALL | XL_PF_PS, 0x28);
    assert_fault(LOAD_S(f->m, 0x0400, 1), XL_FAULT_MISALIGNED, 1, 1);
    pt_map(&f->p, 0x0400, 1, TOY_ALL | XL_PF_PS, 0x20);
    assert_ok(LOAD_S(f->m, 0x07FC, 4), 0xBFCull, 1);
    /* not present at each level, base page through two levels */
    assert_fault(LOAD_S(f->m, 0x0800, 1), XL_FAULT_NOT_PRESENT, 1, 1);
    pt_map(&f->p, 0x0840, 0, TOY_ALL, 0x30);
    assert_fault(LOAD_S(f->m, 0x0800, 1), XL_FAULT_NOT_PRESENT, 0, 2);
    assert_ok(LOAD_S(f->m, 0x0844, 4), 0xC04ull, 2);
    /* L at level 0 is still reserved in a multi-level table */
    pt_map(&f->p, 0x0880, 0, TOY_ALL | XL_PF_PS, 0x31);
    assert_fault(LOAD_S(f->m, 0x0880, 1), XL_FAULT_RESERVED, 0, 2);
}

static void toy_multilevel_leaf_levels(void **state)
{
    fx *f = *state;
    fx_use(f, "toy", "levels = 2\nlevel_bits = 4,4\nleaf_levels = 0\ntlb_super = 0\n");
    pt_map(&f->p, 0x0400, 1, TOY_ALL | XL_PF_PS, 0x20);
    assert_fault(LOAD_S(f->m, 0x0400, 1), XL_FAULT_RESERVED, 1, 1);
    /* a level-1 PPN too wide is reserved, leaf or not */
    pt_map(&f->p, 0x0800, 1, XL_PF_P, 0x40);
    assert_fault(LOAD_S(f->m, 0x0800, 1), XL_FAULT_RESERVED, 1, 1);
}

/* ====================================================================== */
/* precedence (docs/architecture.md section 4)                             */
/* ====================================================================== */

static void prec_align_before_canonical(void **state)
{
    fx *f = *state;
    assert_fault(LOAD_S(f->m, 0x0000800000000004ull, 8), XL_FAULT_ALIGN, XL_LEVEL_NONE, 0);
}

static void prec_x86_user_before_write(void **state)
{
    fx *f = *state;
    /* user store to a read-only supervisor page */
    pt_map(&f->p, V, 0, XL_PF_P | XL_PF_A | XL_PF_D, DATA);
    assert_fault(STORE_U(f->m, V, 8, 1), XL_FAULT_USER, 0, 4);
    assert_fault(STORE_S(f->m, V, 8, 1), XL_FAULT_WRITE, 0, 4);
    /* user fetch from an NX supervisor page */
    pt_map(&f->p, V + 0x1000, 0, XL_PF_P | XL_PF_A | XL_PF_NX, DATA);
    assert_fault(FETCH_U(f->m, V + 0x1000), XL_FAULT_USER, 0, 4);
    /* supervisor fetch from an NX user page: SMEP (super) first */
    pt_map(&f->p, V + 0x2000, 0, X86_ALL | XL_PF_NX, DATA);
    assert_fault(FETCH_S(f->m, V + 0x2000), XL_FAULT_SUPER, 0, 4);
}

static void prec_x86_perm_before_data_bus(void **state)
{
    fx *f = *state;
    pt_map(&f->p, V, 0, XL_PF_P | XL_PF_U | XL_PF_A | XL_PF_D, BEYOND_4G);
    assert_fault(STORE_U(f->m, V, 8, 1), XL_FAULT_WRITE, 0, 4);
    assert_fault(LOAD_U(f->m, V, 8), XL_FAULT_BUS, XL_LEVEL_NONE, 4);
}

static void prec_x86_reserved_before_perm(void **state)
{
    fx *f = *state;
    fx_use(f, "x86_64", "pa_bits = 40\n");
    pt_set_raw(&f->p, V, 0, pte_raw(&f->cfg, XL_PF_P, DATA) | (1ull << 45));
    assert_fault(STORE_U(f->m, V, 8, 1), XL_FAULT_RESERVED, 0, 4);
    /* not present wins over reserved bits */
    pt_set_raw(&f->p, V, 0, pte_raw(&f->cfg, XL_PF_W, DATA) | (1ull << 45));
    assert_fault(STORE_U(f->m, V, 8, 1), XL_FAULT_NOT_PRESENT, 0, 4);
}

static void prec_sv39_entry_checks(void **state)
{
    fx *f = *state;
    /* user store to a read-only supervisor page */
    pt_map(&f->p, V, 0, XL_PF_P | XL_PF_R | XL_PF_A | XL_PF_D, DATA);
    assert_fault(STORE_U(f->m, V, 8, 1), XL_FAULT_USER, 0, 3);
    /* not_present over reserved */
    pt_set_raw(&f->p, V, 0, pte_raw(&f->cfg, XL_PF_W, DATA) | (1ull << 63));
    assert_fault(LOAD_U(f->m, V, 8), XL_FAULT_NOT_PRESENT, 0, 3);
    /* reserved over misaligned */
    pt_set_raw(&f->p, 0x40400000ull, 1, pte_raw(&f->cfg, RV_ALL, 0x1401) | (1ull << 54));
    assert_fault(LOAD_U(f->m, 0x40400000ull, 8), XL_FAULT_RESERVED, 1, 2);
    /* misaligned over permissions */
    pt_map(&f->p, 0x40400000ull, 1, RV_SUP, 0x1401);
    assert_fault(LOAD_U(f->m, 0x40400000ull, 8), XL_FAULT_MISALIGNED, 1, 2);
    /* super over read: supervisor load from an execute-only user page */
    pt_map(&f->p, V + 0x1000, 0, XL_PF_P | XL_PF_X | XL_PF_U | XL_PF_A, DATA);
    assert_fault(LOAD_S(f->m, V + 0x1000, 8), XL_FAULT_SUPER, 0, 3);
}

static void prec_sv48_perm_before_ad(void **state)
{
    fx *f = *state;
    /* A clear everywhere below */
    pt_map(&f->p, V, 0, XL_PF_P | XL_PF_R, DATA);                             /* S read-only */
    pt_map(&f->p, V + 0x1000, 0, XL_PF_P | XL_PF_X | XL_PF_U, DATA);          /* U exec-only */
    pt_map(&f->p, V + 0x2000, 0, XL_PF_P | XL_PF_R | XL_PF_U, BEYOND_4G);     /* beyond memory */
    assert_fault(LOAD_U(f->m, V, 8), XL_FAULT_USER, 0, 4);
    assert_fault(STORE_S(f->m, V, 8, 1), XL_FAULT_WRITE, 0, 4);
    assert_fault(LOAD_S(f->m, V, 8), XL_FAULT_AD, 0, 4);
    assert_fault(LOAD_U(f->m, V + 0x1000, 8), XL_FAULT_READ, 0, 4);
    assert_fault(FETCH_U(f->m, V + 0x1000), XL_FAULT_AD, 0, 4);
    /* ad before the data bus check */
    assert_fault(LOAD_U(f->m, V + 0x2000, 8), XL_FAULT_AD, 0, 4);
}

#define T(fn, setup) cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(x86_align, fx_setup_x86),
        T(x86_canonical, fx_setup_x86),
        T(x86_bus_pte_root, fx_setup_x86),
        T(x86_bus_pte_lower, fx_setup_x86),
        T(x86_bus_data, fx_setup_x86),
        T(x86_not_present, fx_setup_x86),
        T(x86_reserved_ps_pml4, fx_setup_x86),
        T(x86_reserved_large_page_bits, fx_setup_x86),
        T(x86_reserved_addr_above_pa_bits, fx_setup_x86),
        T(x86_reserved_ps_outside_leaf_levels, fx_setup_x86),
        T(x86_user, fx_setup_x86),
        T(x86_super, fx_setup_x86),
        T(x86_write_nonleaf, fx_setup_x86),
        T(x86_exec_nonleaf, fx_setup_x86),
        T(sv39_align_canonical, fx_setup_sv39),
        T(sv39_bus, fx_setup_sv39),
        T(sv39_not_present, fx_setup_sv39),
        T(sv39_reserved_high_bits, fx_setup_sv39),
        T(sv39_reserved_w_without_r, fx_setup_sv39),
        T(sv39_reserved_nonleaf_adu, fx_setup_sv39),
        T(sv39_reserved_nonleaf_level0, fx_setup_sv39),
        T(sv39_reserved_leaf_outside_leaf_levels, fx_setup_sv39),
        T(sv39_reserved_ppn_above_pa_bits, fx_setup_sv39),
        T(sv39_misaligned, fx_setup_sv39),
        T(global_bit_fold, fx_setup_sv39),
        T(sv39_user_super, fx_setup_sv39),
        T(sv39_read_write_exec, fx_setup_sv39),
        T(sv48_preset_is_ad_fault, fx_setup_sv48),
        T(sv48_ad_accessed, fx_setup_sv48),
        T(sv48_ad_dirty, fx_setup_sv48),
        T(sv48_ad_tlb_hit_store_rewalks, fx_setup_sv48),
        T(toy_align_canonical, fx_setup_toy),
        T(toy_bus, fx_setup_toy),
        T(toy_not_present_reserved, fx_setup_toy),
        T(toy_permissions, fx_setup_toy),
        T(toy_ad_fault, fx_setup_toy),
        T(toy_multilevel_misaligned, fx_setup_toy),
        T(toy_multilevel_leaf_levels, fx_setup_toy),
        T(prec_align_before_canonical, fx_setup_x86),
        T(prec_x86_user_before_write, fx_setup_x86),
        T(prec_x86_perm_before_data_bus, fx_setup_x86),
        T(prec_x86_reserved_before_perm, fx_setup_x86),
        T(prec_sv39_entry_checks, fx_setup_sv39),
        T(prec_sv48_perm_before_ad, fx_setup_sv48),
    };
    return RUN_TESTS(tests);
}
