/* Inline replacement-policy helpers for the model's hot paths (repl.h). */
#ifndef XLATE_REPL_INLINE_H
#define XLATE_REPL_INLINE_H

#include <stdbool.h>
#include <stdint.h>

#include "xlate/repl.h"

static inline unsigned xl_repl_victim_inl(xl_repl policy, unsigned ways, uint32_t state)
{
    if (ways <= 1)
        return 0;
    if (policy == XL_REPL_LRU) {
        uint32_t row_mask = (1u << ways) - 1u;
        for (unsigned i = 0; i < ways; i++) {
            uint32_t row = (state >> (i * ways)) & row_mask;
            if ((row & ~(1u << i)) == 0)
                return i;
        }
        return 0; /* unreachable for states built by touch from 0 */
    }
    unsigned node = 1;
    while (node < ways)
        node = 2 * node + ((state >> (node - 1)) & 1u);
    return node - ways;
}

static inline uint32_t xl_repl_touch_inl(xl_repl policy, unsigned ways, uint32_t state, unsigned way)
{
    if (ways <= 1)
        return state;
    if (policy == XL_REPL_LRU) {
        for (unsigned j = 0; j < ways; j++) {
            if (j == way)
                continue;
            state |= 1u << (way * ways + j);
            state &= ~(1u << (j * ways + way));
        }
        return state;
    }
    /* Walk from the leaf up: each parent points away from the child we came from. */
    unsigned node = way + ways;
    while (node > 1) {
        unsigned parent = node >> 1;
        if ((node & 1u) == 0)
            state |= 1u << (parent - 1);
        else
            state &= ~(1u << (parent - 1));
        node = parent;
    }
    return state;
}

#endif
