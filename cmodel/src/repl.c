/* Tree-PLRU and true-LRU replacement (repl.h). */
#include "xlate/repl.h"

#include "xlate/util.h"

unsigned xl_repl_bits(xl_repl policy, unsigned ways)
{
    if (ways <= 1)
        return 0;
    return policy == XL_REPL_LRU ? ways * ways : ways - 1;
}

uint32_t xl_repl_mask(xl_repl policy, unsigned ways)
{
    uint32_t m = (uint32_t)xl_mask(xl_repl_bits(policy, ways));
    if (policy == XL_REPL_LRU)
        for (unsigned i = 0; i < ways; i++)
            m &= ~(1u << (i * ways + i)); /* the diagonal is never set */
    return m;
}

unsigned xl_repl_victim(xl_repl policy, unsigned ways, uint32_t state)
{
    if (ways <= 1)
        return 0;
    if (policy == XL_REPL_LRU) {
        for (unsigned i = 0; i < ways; i++) {
            uint32_t row = (state >> (i * ways)) & (uint32_t)xl_mask(ways);
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

uint32_t xl_repl_touch(xl_repl policy, unsigned ways, uint32_t state, unsigned way)
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
        bool from_left = (node & 1u) == 0;
        if (from_left)
            state |= 1u << (parent - 1);
        else
            state &= ~(1u << (parent - 1));
        node = parent;
    }
    return state;
}
