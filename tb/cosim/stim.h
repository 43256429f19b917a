/**
 * @file stim.h
 * @brief The random stimulus of `make sim`: an OS-like page-table builder
 * and a transaction stream (docs/verification-plan.md).
 *
 * The generator is a deterministic function of (preset, seed, n): it first
 * yields the backdoor statements that build memory (page tables, data), then
 * n transactions.  It never looks at the model or the RTL, so a failing run
 * can be regenerated statement for statement (a replay trace).
 */
#ifndef XL_STIM_H
#define XL_STIM_H

#include <stdint.h>

#include "xlate/config.h"
#include "xlate/trace.h"

/** Generator knobs. */
typedef struct xl_stim_opts {
    uint64_t seed;   /**< everything is derived from it */
    uint64_t n;      /**< transactions to generate after the set-up */
} xl_stim_opts;

typedef struct xl_stim xl_stim;

/** Build a generator. @return NULL with a message in `err` on failure. */
xl_stim *xl_stim_new(const xl_config *cfg, const xl_stim_opts *o, xl_error *err);

/** Free it. */
void xl_stim_free(xl_stim *s);

/**
 * The next statement: set-up statements (XL_ST_MEM / XL_ST_PTE), then
 * transactions (XL_ST_TXN: accesses, invalidations, root changes).
 * @return 1 with `*out` filled, 0 at the end.
 */
int xl_stim_next(xl_stim *s, xl_stmt *out);

#endif
