/* Tree-PLRU and true-LRU replacement (repl.h). */
#include "xlate/repl.h"

#include "repl_inline.h"

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
    return xl_repl_victim_inl(policy, ways, state);
}

uint32_t xl_repl_touch(xl_repl policy, unsigned ways, uint32_t state, unsigned way)
{
    return xl_repl_touch_inl(policy, ways, state, way);
}
