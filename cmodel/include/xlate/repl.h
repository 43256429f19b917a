/**
 * @file repl.h
 * @brief Replacement policies shared by the TLB and the cache.  Pure.
 *
 * Tree-PLRU over W ways (W a power of two) keeps W-1 bits in heap order:
 * node 1 is the root, node n has children 2n and 2n+1, and node n is held
 * in bit n-1.  A clear bit sends the victim search left (lower ways).
 * Touching way w sets every node on its path to point away from w.
 * Reset state is 0, so the first victim is way 0.
 *
 * True LRU over W <= 4 ways keeps an age matrix: bit i*W+j set means way i
 * was used more recently than way j.  Touching w sets row w and clears
 * column w.  The victim is the lowest way i whose row is all clear
 * (ignoring the diagonal).  Reset state is 0.
 */
#ifndef XLATE_REPL_H
#define XLATE_REPL_H

#include <stdint.h>

#include "xlate/config.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The way the policy would evict next. */
unsigned xl_repl_victim(xl_repl policy, unsigned ways, uint32_t state);

/** State after using `way`. */
uint32_t xl_repl_touch(xl_repl policy, unsigned ways, uint32_t state, unsigned way);

/** Mask of the state bits the policy uses for `ways` ways. */
uint32_t xl_repl_mask(xl_repl policy, unsigned ways);

/** Number of state bits the policy uses for `ways` ways. */
unsigned xl_repl_bits(xl_repl policy, unsigned ways);

#ifdef __cplusplus
}
#endif
#endif
