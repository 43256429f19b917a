/*
 * Hardware A/D updates (ad_policy = hw) are read-modify-writes through the
 * L1D: the PTE's line becomes dirty and memory keeps the old entry until
 * the line is evicted or flushed.  x86 also sets A in non-leaf entries.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "helpers.h"

#define V 0x40201000ull
#define DATA 0x1000ull
#define RV_A (1ull << 6)
#define RV_D (1ull << 7)
#define X86_A (1ull << 5)
#define X86_D (1ull << 6)

/* Evict the line holding `pa` by reading conflicting lines through the
 * machine's cache; memory at `pa` must keep `old` until the eviction. */
static void evict_line(xl_mmu *m, uint64_t pa, uint64_t old, unsigned size)
{
    const xl_config *c = &m->cfg;
    const uint64_t stride = (uint64_t)c->cache_sets << c->line_bits;
    uint64_t other = 0x20000000ull + (pa & (stride - 1)), v;
    for (unsigned i = 0; i < 4 * c->cache_ways && cache_holds(m, pa, NULL); i++) {
        assert_int_equal(xl_mem_read_le(&m->mem, pa, size), old);
        xl_cache_access(&m->cache, other + i * stride, false, 8, 0, &v, NULL);
    }
    assert_false(cache_holds(m, pa, NULL));
}

static void sv39_load_sets_a(void **state)
{
    fx *f = *state;
    xl_info info;
    pt_map(&f->p, V, 0, XL_PF_P | XL_PF_R | XL_PF_W | XL_PF_U, DATA);
    const uint64_t pte_pa = pt_entry_pa(&f->p, V, 0);
    const uint64_t old = xl_mem_read_le(&f->m->mem, pte_pa, 8);

    xl_result r = acc(f->m, XL_OP_LOAD, XL_PRIV_U, V, 8, 0, &info);
    assert_ok(r, DATA << 12, 3);
    assert_int_equal(info.ad_writes, 1);
    /* the cached entry has A (not D); its line is dirty; memory is old */
    bool dirty = false;
    assert_true(cache_holds(f->m, pte_pa, &dirty));
    assert_true(dirty);
    assert_int_equal(peek(f->m, pte_pa, 8), old | RV_A);
    assert_int_equal(xl_mem_read_le(&f->m->mem, pte_pa, 8), old);
    /* the installed entry is clean */
    xl_tlb_entry want = tlb_ent(0, V >> 12, DATA, 0, XL_PERM_R | XL_PERM_W | XL_PERM_U);
    assert_true(tlb_has(f->m, &want));
    /* the non-leaf entries are untouched on RISC-V */
    assert_int_equal(peek(f->m, pt_entry_pa(&f->p, V, 1), 8) & (RV_A | RV_D), 0);
    /* eviction writes the entry back */
    evict_line(f->m, pte_pa, old, 8);
    assert_int_equal(xl_mem_read_le(&f->m->mem, pte_pa, 8), old | RV_A);
}

static void sv39_store_sets_ad(void **state)
{
    fx *f = *state;
    xl_info info;
    pt_map(&f->p, V, 0, XL_PF_P | XL_PF_R | XL_PF_W | XL_PF_U, DATA);
    const uint64_t pte_pa = pt_entry_pa(&f->p, V, 0);
    const uint64_t old = xl_mem_read_le(&f->m->mem, pte_pa, 8);

    xl_result r = acc(f->m, XL_OP_STORE, XL_PRIV_U, V, 8, 0x55, &info);
    assert_ok(r, DATA << 12, 3);
    assert_int_equal(info.ad_writes, 1); /* one write sets both */
    assert_int_equal(peek(f->m, pte_pa, 8), old | RV_A | RV_D);
    assert_int_equal(xl_mem_read_le(&f->m->mem, pte_pa, 8), old);
    xl_tlb_entry want = tlb_ent(0, V >> 12, DATA, 0, XL_PERM_R | XL_PERM_W | XL_PERM_U | XL_PERM_D);
    assert_true(tlb_has(f->m, &want));
    /* the next store hits */
    r = acc(f->m, XL_OP_STORE, XL_PRIV_U, V + 8, 8, 0x66, &info);
    assert_ok(r, (DATA << 12) + 8, 0);
    assert_true(r.tlb_hit);
    assert_int_equal(info.ad_writes, 0);
    /* flush writes the entry back */
    xl_cache_flush(&f->m->cache, false);
    assert_int_equal(xl_mem_read_le(&f->m->mem, pte_pa, 8), old | RV_A | RV_D);
}

static void sv39_store_after_load_rewalks(void **state)
{
    fx *f = *state;
    xl_info info;
    pt_map(&f->p, V, 0, XL_PF_P | XL_PF_R | XL_PF_W | XL_PF_U, DATA);
    const uint64_t pte_pa = pt_entry_pa(&f->p, V, 0);
    const uint64_t old = xl_mem_read_le(&f->m->mem, pte_pa, 8);

    assert_ok(LOAD_U(f->m, V, 8), DATA << 12, 3);
    assert_ok(LOAD_U(f->m, V + 8, 8), (DATA << 12) + 8, 0);
    /* the store finds an entry with D clear: not a TLB hit, it walks and sets D */
    xl_result r = acc(f->m, XL_OP_STORE, XL_PRIV_U, V, 8, 1, &info);
    assert_ok(r, DATA << 12, 3);
    assert_false(r.tlb_hit);
    assert_true(info.dirty_rewalk);
    assert_int_equal(info.ad_writes, 1);
    assert_int_equal(info.walk_cache_hits, 3); /* every entry is cached by now */
    assert_int_equal(peek(f->m, pte_pa, 8), old | RV_A | RV_D);
    assert_int_equal(xl_mem_read_le(&f->m->mem, pte_pa, 8), old);
    /* the entry was replaced, not duplicated */
    assert_int_equal(tlb_valid_count(f->m), 1);
    r = acc(f->m, XL_OP_STORE, XL_PRIV_U, V + 16, 8, 2, &info);
    assert_ok(r, (DATA << 12) + 16, 0);
    assert_true(r.tlb_hit);
    assert_false(info.dirty_rewalk);
    evict_line(f->m, pte_pa, old, 8);
    assert_int_equal(xl_mem_read_le(&f->m->mem, pte_pa, 8), old | RV_A | RV_D);
}

static void x86_sets_a_in_every_level(void **state)
{
    fx *f = *state;
    xl_info info;
    f->p.dir_flags = XL_PF_P | XL_PF_W | XL_PF_U; /* A clear in the tables */
    pt_map(&f->p, V, 0, XL_PF_P | XL_PF_W | XL_PF_U, DATA);
    uint64_t pa[4], old[4];
    for (unsigned L = 0; L < 4; L++) {
        pa[L] = pt_entry_pa(&f->p, V, L);
        old[L] = xl_mem_read_le(&f->m->mem, pa[L], 8);
        assert_int_equal(old[L] & X86_A, 0);
    }
    xl_result r = acc(f->m, XL_OP_LOAD, XL_PRIV_U, V, 8, 0, &info);
    assert_ok(r, DATA << 12, 4);
    assert_int_equal(info.ad_writes, 4);
    for (unsigned L = 0; L < 4; L++) {
        bool dirty = false;
        assert_int_equal(peek(f->m, pa[L], 8), old[L] | X86_A); /* A only, no D */
        assert_true(cache_holds(f->m, pa[L], &dirty));
        assert_true(dirty);
        assert_int_equal(xl_mem_read_le(&f->m->mem, pa[L], 8), old[L]);
    }
    /* walking again finds A set everywhere: no writes */
    xl_inval all = xl_inval_from_isa(XL_INV_INVPCID_ALL, 0, 0);
    xl_mmu_inval(f->m, &all);
    r = acc(f->m, XL_OP_LOAD, XL_PRIV_U, V, 8, 0, &info);
    assert_ok(r, DATA << 12, 4);
    assert_int_equal(info.ad_writes, 0);
    /* a store: D in the leaf only */
    xl_mmu_inval(f->m, &all);
    r = acc(f->m, XL_OP_STORE, XL_PRIV_U, V, 8, 0, &info);
    assert_ok(r, DATA << 12, 4);
    assert_int_equal(info.ad_writes, 1);
    assert_int_equal(peek(f->m, pa[0], 8), old[0] | X86_A | X86_D);
    for (unsigned L = 1; L < 4; L++)
        assert_int_equal(peek(f->m, pa[L], 8), old[L] | X86_A);
    assert_int_equal(xl_cache_flush(&f->m->cache, false), 5); /* 4 PTE lines + the data line */
    for (unsigned L = 1; L < 4; L++)
        assert_int_equal(xl_mem_read_le(&f->m->mem, pa[L], 8), old[L] | X86_A);
}

static void x86_nonleaf_a_set_before_a_later_fault(void **state)
{
    fx *f = *state;
    f->p.dir_flags = XL_PF_P | XL_PF_W | XL_PF_U;
    pt_map(&f->p, V, 0, XL_PF_W | XL_PF_U, DATA); /* leaf not present */
    uint64_t pml4e = pt_entry_pa(&f->p, V, 3), old = xl_mem_read_le(&f->m->mem, pml4e, 8);
    xl_info info;
    xl_result r = acc(f->m, XL_OP_LOAD, XL_PRIV_U, V, 8, 0, &info);
    assert_fault(r, XL_FAULT_NOT_PRESENT, 0, 4);
    assert_int_equal(info.ad_writes, 3);
    assert_int_equal(peek(f->m, pml4e, 8), old | X86_A);
    assert_int_equal(xl_mem_read_le(&f->m->mem, pml4e, 8), old);
    /* a permission fault at the leaf: no A written in the leaf */
    pt_map(&f->p, V + 0x1000, 0, XL_PF_P | XL_PF_U, DATA);
    uint64_t leaf = pt_entry_pa(&f->p, V + 0x1000, 0);
    r = acc(f->m, XL_OP_STORE, XL_PRIV_U, V + 0x1000, 8, 0, &info);
    assert_fault(r, XL_FAULT_WRITE, 0, 4);
    assert_int_equal(info.ad_writes, 0);
    assert_int_equal(peek(f->m, leaf, 8) & X86_A, 0);
}

static void x86_leaf_only_a(void **state)
{
    fx *f = *state;
    xl_info info;
    pt_map(&f->p, V, 0, XL_PF_P | XL_PF_W, DATA); /* tables have A (fixture default) */
    xl_result r = acc(f->m, XL_OP_FETCH, XL_PRIV_S, V, 4, 0, &info);
    assert_ok(r, DATA << 12, 4);
    assert_int_equal(info.ad_writes, 1);
    assert_int_equal(peek(f->m, pt_entry_pa(&f->p, V, 0), 8) & (X86_A | X86_D), X86_A);
}

static void toy_sets_ad(void **state)
{
    fx *f = *state;
    const uint64_t va = 0x0440;
    pt_map(&f->p, va, 0, XL_PF_P | XL_PF_W, 0x20);
    uint64_t pte_pa = pt_entry_pa(&f->p, va, 0);
    uint64_t old = xl_mem_read_le(&f->m->mem, pte_pa, 4);
    assert_ok(LOAD_S(f->m, va, 4), 0x800, 1);
    assert_int_equal(peek(f->m, pte_pa, 4), old | (1u << 4));
    assert_int_equal(xl_mem_read_le(&f->m->mem, pte_pa, 4), old);
    xl_result r = STORE_S(f->m, va, 4, 9);
    assert_ok(r, 0x800, 1);
    assert_false(r.tlb_hit);
    assert_int_equal(peek(f->m, pte_pa, 4), old | (1u << 4) | (1u << 5));
    /* 4-byte lines: the neighbouring entry is not part of the write */
    assert_int_equal(peek(f->m, pte_pa + 4, 4), 0);
    xl_cache_flush(&f->m->cache, false);
    assert_int_equal(xl_mem_read_le(&f->m->mem, pte_pa, 4), old | (1u << 4) | (1u << 5));
}

static void ad_write_hits_the_cache(void **state)
{
    fx *f = *state;
    xl_info info;
    pt_map(&f->p, V, 0, XL_PF_P | XL_PF_R | XL_PF_W | XL_PF_U, DATA);
    xl_result r = acc(f->m, XL_OP_STORE, XL_PRIV_U, V, 8, 0, &info);
    assert_ok(r, DATA << 12, 3);
    /* 3 PTE reads miss; the A/D write hits; the data access misses */
    assert_int_equal(info.walk_cache_misses, 3);
    assert_int_equal(info.walk_cache_hits, 0);
    assert_false(r.cache_hit);
    assert_int_equal(f->m->stats.ad_writes, 1);
    assert_int_equal(f->m->stats.pte_reads, 3);
}

#define T(fn, setup) cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(sv39_load_sets_a, fx_setup_sv39),
        T(sv39_store_sets_ad, fx_setup_sv39),
        T(sv39_store_after_load_rewalks, fx_setup_sv39),
        T(x86_sets_a_in_every_level, fx_setup_x86),
        T(x86_nonleaf_a_set_before_a_later_fault, fx_setup_x86),
        T(x86_leaf_only_a, fx_setup_x86),
        T(toy_sets_ad, fx_setup_toy),
        T(ad_write_hits_the_cache, fx_setup_sv39),
    };
    return RUN_TESTS(tests);
}
