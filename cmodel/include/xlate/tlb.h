/**
 * @file tlb.h
 * @brief The TLB: a set-associative base-page array plus a fully
 * associative superpage array, tagged with ASID/PCID and global bits.
 *
 * Exact behaviour (docs/architecture.md, "TLB"):
 *  - lookup: the base array (set = low VPN bits) is searched first, then the
 *    superpage array; an entry matches if valid, its page covers the VPN and
 *    (global or same ASID).  A hit updates that array's replacement state.
 *  - refill: first every entry *of the target array* that overlaps the new
 *    one (pages intersect and (either global or same ASID)) is removed; then
 *    the victim is the lowest-numbered invalid way, else the replacement
 *    policy's choice; the entry is written and its way touched.
 *  - a refill is dropped if an invalidation happened between the
 *    xl_tlb_walk_begin() that started its walk and the refill.
 *  - invalidation removes exactly the primitive's selection and leaves the
 *    replacement state alone.
 */
#ifndef XLATE_TLB_H
#define XLATE_TLB_H

#include <stdbool.h>
#include <stdint.h>

#include "xlate/config.h"
#include "xlate/types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One TLB entry (the same fields the RTL holds). */
typedef struct xl_tlb_entry {
    bool valid;     /**< entry in use */
    uint8_t level;  /**< leaf level: 0 = base page */
    uint8_t perm;   /**< XL_PERM_* bits */
    uint8_t attr;   /**< x86: the leaf's protection key (0..15); RISC-V: its Svpbmt type (XL_MT_*) */
    bool napot;     /**< a Svnapot 64 KiB page (level 0; kept in the superpage array) */
    uint32_t asid;  /**< ASID / PCID of the walk that installed it */
    uint64_t vpn;   /**< virtual page number, low level bits zero for superpages */
    uint64_t ppn;   /**< physical page number, low level bits zero for superpages */
} xl_tlb_entry;

/**
 * VPN bits an entry's page spans: the level's shift, plus XL_NAPOT_BITS (4)
 * for a NAPOT page.  Pure.
 */
unsigned xl_tlb_span(const xl_config *cfg, const xl_tlb_entry *e);

/** An entry lives in the superpage array (level above 0, or NAPOT). Pure. */
static inline bool xl_tlb_is_super(const xl_tlb_entry *e)
{
    return e->level != 0 || e->napot;
}

/** Which array a location refers to. */
typedef enum xl_tlb_array {
    XL_TLB_BASE = 0, /**< set-associative base-page array */
    XL_TLB_SUPER = 1 /**< fully associative superpage array (set is 0) */
} xl_tlb_array;

/** Location of an entry. */
typedef struct xl_tlb_loc {
    xl_tlb_array array; /**< which array */
    unsigned set;       /**< set (0 for the superpage array) */
    unsigned way;       /**< way, or entry index in the superpage array */
} xl_tlb_loc;

/** TLB state. */
typedef struct xl_tlb {
    const xl_config *cfg;  /**< configuration (not owned) */
    xl_tlb_entry *base;    /**< tlb_sets * tlb_ways entries, set-major */
    xl_tlb_entry *super;   /**< tlb_super entries */
    uint32_t *base_repl;   /**< replacement state per set */
    uint32_t super_repl;   /**< replacement state of the superpage array */
    unsigned super_live;   /**< valid superpage entries (lookups skip the array at 0) */
    bool pend;             /**< a walk is in progress (walk_begin seen) */
    bool stale;            /**< an invalidation happened during that walk */
} xl_tlb;

/** Allocate an empty TLB for `cfg` (kept by pointer). @return 0 or -1. */
int xl_tlb_init(xl_tlb *t, const xl_config *cfg);

/** Release the TLB's arrays. */
void xl_tlb_free(xl_tlb *t);

/** Invalidate every entry and clear all replacement state. */
void xl_tlb_reset(xl_tlb *t);

/**
 * Look up a VPN for an ASID.  A hit touches the replacement state.
 * @param loc  receives the hit location (may be NULL).
 * @return the hit entry, or NULL on a miss.
 */
const xl_tlb_entry *xl_tlb_lookup(xl_tlb *t, uint64_t vpn, uint32_t asid, xl_tlb_loc *loc);

/** Note that a walk has started (arms the refill/invalidation race guard). */
void xl_tlb_walk_begin(xl_tlb *t);

/**
 * Install an entry (level 0 into the base array; superpages and NAPOT pages
 * into the superpage array).  The entry's vpn/ppn are aligned to its page
 * size here.
 * @param loc  receives where it went (may be NULL).
 * @return true if installed, false if dropped by the race guard.
 */
bool xl_tlb_refill(xl_tlb *t, const xl_tlb_entry *e, xl_tlb_loc *loc);

/**
 * Apply the invalidation primitive.
 * @return the number of entries removed.
 */
unsigned xl_tlb_inval(xl_tlb *t, const xl_inval *sel);

/** True if entry `e` (valid) is selected by `sel`.  Pure. */
bool xl_tlb_inval_selects(const xl_config *cfg, const xl_tlb_entry *e, const xl_inval *sel);

/** Backdoor: read the entry at `loc`. @return 0, or -1 if out of range. */
int xl_tlb_get(const xl_tlb *t, const xl_tlb_loc *loc, xl_tlb_entry *e);

/**
 * Backdoor: write the entry at `loc` as is (no overlap removal, no
 * replacement update).  A base entry's VPN must index `loc->set`, and a
 * superpage entry's level must be above 0.
 * @return 0, or -1 with a message in `err` (may be NULL).
 */
int xl_tlb_put(xl_tlb *t, const xl_tlb_loc *loc, const xl_tlb_entry *e, xl_error *err);

/** Backdoor: replacement state of a base set, or of the superpage array. */
uint32_t xl_tlb_repl_get(const xl_tlb *t, xl_tlb_array array, unsigned set);

/** Backdoor: set replacement state (masked to the valid bits). */
void xl_tlb_repl_put(xl_tlb *t, xl_tlb_array array, unsigned set, uint32_t state);

#ifdef __cplusplus
}
#endif
#endif
