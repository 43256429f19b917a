/**
 * @file mmu.h
 * @brief The whole modelled machine: TLB + page-table walker + VIPT L1D +
 * physical memory, one request at a time.  This is the specification the
 * RTL is checked against (docs/architecture.md describes it in words).
 */
#ifndef XLATE_MMU_H
#define XLATE_MMU_H

#include <stdbool.h>
#include <stdint.h>

#include "xlate/cache.h"
#include "xlate/config.h"
#include "xlate/mem.h"
#include "xlate/pte.h"
#include "xlate/tlb.h"
#include "xlate/types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Details of one access beyond its checked result (for statistics and coverage). */
typedef struct xl_info {
    unsigned walk_cache_hits;   /**< page-table reads that hit in the L1D */
    unsigned walk_cache_misses; /**< page-table reads that missed in the L1D */
    unsigned ad_writes;         /**< A/D read-modify-write updates */
    unsigned evict_clean;       /**< clean lines replaced */
    unsigned evict_dirty;       /**< dirty lines written back */
    int page_level;             /**< level of the translation used, or -1 */
    int refill_level;           /**< level of the entry installed, or -1 */
    bool tlb_super;             /**< translation hit in the superpage array */
    bool dirty_rewalk;          /**< a store hit an entry with D clear and walked again */
    bool nx_reserved;           /**< the walk's `reserved` fault is bit 63 (XD) with EFER.NXE clear */
    xl_rsv rsv;                 /**< why the walk's entry was `reserved` (XL_RSV_NONE otherwise) */
    bool page_napot;            /**< the translation used is a NAPOT (64 KiB) page */
    bool uncached;              /**< the data access bypassed the L1D (Svpbmt NC / IO) */
    int leaf_perm;              /**< XL_PERM_* bits the access-rights check saw (TLB entry or walk), or -1 */
    unsigned leaf_attr;         /**< ... and the translation's protection key */
} xl_info;

/** Running totals kept by the model. */
typedef struct xl_stats {
    uint64_t ops[3];                     /**< accesses by xl_op */
    uint64_t faults[XL_FAULT_COUNT];     /**< results by fault cause */
    uint64_t tlb_hits;                   /**< accesses translated by a TLB hit */
    uint64_t cache_hits;                 /**< data accesses that hit */
    uint64_t cache_accesses;             /**< data accesses made through the L1D */
    uint64_t uncached;                   /**< data accesses that bypassed it (NC / IO) */
    uint64_t walks;                      /**< page-table walks started */
    uint64_t pte_reads;                  /**< page-table entries read */
    uint64_t walk_cache_hits;            /**< of those, L1D hits */
    uint64_t ad_writes;                  /**< A/D updates */
    uint64_t evict_clean;                /**< clean evictions */
    uint64_t evict_dirty;                /**< dirty write-backs */
    uint64_t invals;                     /**< invalidation primitives applied */
    uint64_t inval_removed;              /**< TLB entries they removed */
    uint64_t roots;                      /**< root / ASID changes */
    uint64_t ctls;                       /**< control writes */
    uint64_t fences;                     /**< Svinval ordering fences */
} xl_stats;

/** The modelled machine.  Do not move or copy it once initialised. */
typedef struct xl_mmu {
    xl_config cfg;      /**< configuration */
    xl_mem mem;         /**< physical memory */
    xl_cache cache;     /**< L1 data cache */
    xl_tlb tlb;         /**< TLB */
    uint64_t root_ppn;  /**< root page-table PPN (CR3 / satp) */
    uint32_t asid;      /**< current ASID / PCID */
    xl_ctl ctl;         /**< translation controls in force (SUM, CR0.WP, ...) */
    xl_stats stats;     /**< running totals */
} xl_mmu;

/**
 * Initialise a machine for a validated configuration (copied).
 * Memory is empty, TLB and cache invalid, root 0, ASID 0, controls at
 * their reset values (xl_ctl_reset).
 * @return 0, or -1 with a message in `err` (may be NULL).
 */
int xl_mmu_init(xl_mmu *m, const xl_config *cfg, xl_error *err);

/** Release everything the machine allocated. */
void xl_mmu_free(xl_mmu *m);

/**
 * Perform one access.
 * @param a     the request.  Its size must be 1, 2, 4 or 8 and at most
 *              cfg.max_access (callers validate; the model clamps nothing).
 * @param r     receives the result.
 * @param info  receives details (may be NULL).
 */
void xl_mmu_access(xl_mmu *m, const xl_access *a, xl_result *r, xl_info *info);

/**
 * Apply the invalidation primitive to the TLB.
 * @return the number of TLB entries removed.
 */
unsigned xl_mmu_inval(xl_mmu *m, const xl_inval *sel);

/**
 * Set the root page table and current ASID (x86 MOV CR3, RISC-V satp).
 * @param flush  also apply the x86 MOV CR3 invalidation row for the new
 *               PCID (ignored by other formats, whose satp write flushes nothing).
 * @return the number of TLB entries removed.
 */
unsigned xl_mmu_set_root(xl_mmu *m, uint64_t root_ppn, uint32_t asid, bool flush);

/**
 * Write translation controls (the `ctl` transaction): the XL_CTL_* bits of
 * `mask` take their values from `set`.  Nothing is flushed: cached TLB
 * entries are checked against the new controls on their next use, except
 * where the ISA says the write flushes (x86 CR4.SMEP 0 -> 1 removes the
 * current PCID's entries and the global ones; docs/architecture.md 4.1).
 * Bits the format lacks are ignored (the trace parser refuses them).
 * @return the number of TLB entries removed.
 */
unsigned xl_mmu_set_ctl(xl_mmu *m, unsigned mask, const xl_ctl *set);

/** Translation-only walk result (used by tests and the walker block model). */
typedef struct xl_walk {
    xl_fault fault;        /**< fault cause or XL_FAULT_NONE */
    int level;             /**< faulting level, or leaf level on success */
    unsigned reads;        /**< PTEs read */
    xl_tlb_entry entry;    /**< the translation (valid on success) */
} xl_walk;

/**
 * Walk the page tables for access `a` (its VA canonical) as the walker
 * does, under the machine's controls: reads and A/D updates go through the
 * cache, so cache state changes.  The TLB is not touched.
 */
void xl_mmu_walk(xl_mmu *m, const xl_access *a, xl_walk *w, xl_info *info);

/**
 * Compare the architectural and micro-architectural state of two machines:
 * TLB entries and replacement state, cache lines and replacement state,
 * memory, root, ASID and translation controls.
 * @param what  receives a description of the first difference (may be NULL).
 * @return 0 if identical, 1 if they differ, -1 on allocation failure.
 */
int xl_mmu_compare(const xl_mmu *a, const xl_mmu *b, char *what, unsigned len);

/** Format a result the canonical way (docs/trace-format.md) into `buf`. */
int xl_result_format(const xl_result *r, char *buf, unsigned len);

#ifdef __cplusplus
}
#endif
#endif
