/*
 * Shared fixtures for the xlate unit tests: preset loading, custom
 * configurations, a small page-table builder and access helpers.
 *
 * Include after the cmocka prerequisites:
 *   #include <stdarg.h> <stddef.h> <setjmp.h> <stdint.h> <cmocka.h>
 */
#ifndef XLATE_TESTS_HELPERS_H
#define XLATE_TESTS_HELPERS_H

#include <stdbool.h>
#include <stdint.h>

#include "xlate/util.h"
#include "xlate/xlate.h"

#ifndef XL_CFG_DIR
#error "XL_CFG_DIR must name the preset directory (the Makefile defines it)"
#endif

/* ---- configurations ---------------------------------------------------- */

/** Load cfg/NAME.cfg (fails the current test on error). */
void cfg_preset(xl_config *cfg, const char *name);

/**
 * A preset with some keys replaced: `overrides` holds `key = value` lines;
 * each key's line is dropped from the preset and the override appended.
 * @return 0, or -1 with the parse error in `err`.
 */
int cfg_custom(xl_config *cfg, const char *preset, const char *overrides, xl_error *err);

/* ---- page-table builder ------------------------------------------------ */

/** Allocates tables from a bump pointer; entries are written to memory directly. */
typedef struct pt {
    xl_mmu *m;
    uint64_t root;      /**< root table PPN */
    uint64_t next;      /**< next free table PPN */
    unsigned dir_flags; /**< flags of pointer entries it creates */
} pt;

/** Start an empty table tree at `root_ppn` and point the machine at it (no flush). */
void pt_init(pt *p, xl_mmu *m, uint64_t root_ppn);

/** Encode an entry for the machine's format (fails the test on error). */
uint64_t pte_raw(const xl_config *cfg, unsigned flags, uint64_t ppn);

/** Physical address of the level-`level` entry for `va` (creates upper tables). */
uint64_t pt_entry_pa(pt *p, uint64_t va, unsigned level);

/** Write a raw entry at level `level` for `va`. */
void pt_set_raw(pt *p, uint64_t va, unsigned level, uint64_t raw);

/** Map `va` with a leaf at `level`: flags XL_PF_*, physical page `ppn`. */
void pt_map(pt *p, uint64_t va, unsigned level, unsigned flags, uint64_t ppn);

/** Rewrite the flags of the pointer entry at `level` on the path of `va` (keeps its PPN). */
void pt_dir_flags(pt *p, uint64_t va, unsigned level, unsigned flags);

/** Entry value as memory holds it (not through the cache). */
uint64_t pt_mem_entry(pt *p, uint64_t va, unsigned level);

/* ---- fixture ------------------------------------------------------------ */

typedef struct fx {
    xl_config cfg;
    xl_mmu *m;
    pt p;
} fx;

/** (Re)build the fixture's machine from a preset plus overrides (may be NULL). */
void fx_use(fx *f, const char *preset, const char *overrides);

int fx_setup_x86(void **state);
int fx_setup_sv39(void **state);
int fx_setup_sv48(void **state);
int fx_setup_toy(void **state);
int fx_setup_none(void **state);
int fx_teardown(void **state);

/** Default root PPN of the fixture's tables, and default data page numbers. */
#define FX_ROOT 0x100u
#define FX_TOY_ROOT 0x0u

/* ---- machines and accesses --------------------------------------------- */

/** Allocate and initialise a machine (fails the test on error). */
xl_mmu *mmu_new(const xl_config *cfg);
void mmu_del(xl_mmu *m);

/** One access; returns its result (and details in *info when non-NULL). */
xl_result acc(xl_mmu *m, xl_op op, xl_priv priv, uint64_t va, unsigned size, uint64_t wdata, xl_info *info);

#define LOAD_S(m, va, sz) acc((m), XL_OP_LOAD, XL_PRIV_S, (va), (sz), 0, NULL)
#define LOAD_U(m, va, sz) acc((m), XL_OP_LOAD, XL_PRIV_U, (va), (sz), 0, NULL)
#define STORE_S(m, va, sz, d) acc((m), XL_OP_STORE, XL_PRIV_S, (va), (sz), (d), NULL)
#define STORE_U(m, va, sz, d) acc((m), XL_OP_STORE, XL_PRIV_U, (va), (sz), (d), NULL)
#define FETCH_S(m, va) acc((m), XL_OP_FETCH, XL_PRIV_S, (va), 4, 0, NULL)
#define FETCH_U(m, va) acc((m), XL_OP_FETCH, XL_PRIV_U, (va), 4, 0, NULL)

/** Assert fault cause (by name, for readable failures), level and walk reads. */
#define assert_fault(r, f, lv, walks)                                   \
    do {                                                                \
        xl_result r_ = (r);                                             \
        assert_string_equal(xl_fault_name(r_.fault), xl_fault_name(f)); \
        assert_int_equal(r_.level, (lv));                               \
        assert_int_equal(r_.walk_reads, (walks));                       \
        if ((f) != XL_FAULT_NONE) {                                     \
            assert_int_equal(r_.pa, 0);                                 \
            assert_int_equal(r_.rdata, 0);                              \
            assert_false(r_.cache_hit);                                 \
        }                                                               \
    } while (0)

/** Assert success with a given physical address and walk reads. */
#define assert_ok(r, want_pa, walks)                                           \
    do {                                                                       \
        xl_result r2_ = (r);                                                   \
        assert_fault(r2_, XL_FAULT_NONE, XL_LEVEL_NONE, (walks));              \
        assert_int_equal(r2_.pa, (want_pa));                                   \
    } while (0)

/* ---- TLB and cache inspection ------------------------------------------ */

/** A TLB entry value. */
xl_tlb_entry tlb_ent(unsigned level, uint64_t vpn, uint64_t ppn, uint32_t asid, unsigned perm);

/** Number of valid entries in both arrays. */
unsigned tlb_valid_count(const xl_mmu *m);

/** Is an entry equal to `e` (vpn, ppn, level, asid, perm) valid somewhere? */
bool tlb_has(const xl_mmu *m, const xl_tlb_entry *e);

/** Value of `size` bytes at `pa` as the machine sees it: the cached copy if valid, else memory. No state change. */
uint64_t peek(const xl_mmu *m, uint64_t pa, unsigned size);

/** Is the line holding `pa` valid in the cache?  *dirty receives its dirty bit (may be NULL). */
bool cache_holds(const xl_mmu *m, uint64_t pa, bool *dirty);

/** Number of valid lines in the cache. */
unsigned cache_valid_count(const xl_mmu *m);

/** Print `N passed, N failed` and turn the failure count into an exit status. */
int report(const char *group, unsigned ntests, int failed);

#define RUN_TESTS(tests) report(#tests, (unsigned)(sizeof(tests) / sizeof((tests)[0])), \
                                cmocka_run_group_tests((tests), NULL, NULL))

#endif
