/* stim-run: the random stream of `make sim` on the model alone, printed as
 * one line per transaction (index and a digest of the full result and of
 * the entries an invalidation removed), then a digest of the final TLB and
 * cache state.  tests/sim/mutants.py links it with mutated copies of the
 * model and compares the outputs with the real model's, to measure how
 * quickly the stream exposes a planted bug.
 *
 *   stim-run PRESET [N [SEED]]
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "stim.h"
#include "xlate/mmu.h"
#include "xlate/util.h"

#ifndef XL_CFG_DIR
#define XL_CFG_DIR "cfg"
#endif

static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    return h * 0xff51afd7ed558ccdull;
}

static uint64_t entry_digest(uint64_t h, const xl_tlb_entry *e)
{
    if (!e->valid)
        return h;
    return mix(mix(mix(h, e->vpn), e->ppn), (uint64_t)e->perm | (uint64_t)e->level << 8 | (uint64_t)e->asid << 16);
}

int main(int argc, char **argv)
{
    xl_config c;
    xl_error err;
    uint64_t n = 200000, seed = 1, i = 0;
    if (argc < 2 || (argc > 2 && xl_parse_u64(argv[2], &n) != 0) || (argc > 3 && xl_parse_u64(argv[3], &seed) != 0)) {
        fprintf(stderr, "usage: stim-run PRESET [N [SEED]]\n");
        return 2;
    }
    if (xl_config_load_preset(argv[1], XL_CFG_DIR, &c, &err) != 0) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    xl_stim_opts o = {seed, n};
    xl_stim *s = xl_stim_new(&c, &o, &err);
    xl_mmu m;
    xl_stmt st;
    if (s == NULL || xl_mmu_init(&m, &c, &err) != 0) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    while (xl_stim_next(s, &st)) {
        if (st.kind != XL_ST_TXN) {
            xl_stmt_apply(&m, &st, &err);
            continue;
        }
        xl_txn t = xl_txn_resolve(&st.txn, m.asid);
        xl_result r;
        uint64_t removed0 = m.stats.inval_removed;
        xl_txn_execute(&m, &t, &r, NULL);
        uint64_t h = mix(mix(mix(mix(0, (uint64_t)r.fault), (uint64_t)(r.level + 1)), r.pa), r.rdata);
        h = mix(h, (uint64_t)r.tlb_hit | (uint64_t)r.cache_hit << 1 | (uint64_t)r.walk_reads << 2);
        h = mix(h, m.stats.inval_removed - removed0);
        printf("%" PRIu64 " %016" PRIx64 "\n", i++, h);
    }
    uint64_t h = 0;
    for (unsigned k = 0; k < c.tlb_sets * c.tlb_ways; k++)
        h = entry_digest(h, &m.tlb.base[k]);
    for (unsigned k = 0; k < c.tlb_super; k++)
        h = entry_digest(h, &m.tlb.super[k]);
    for (unsigned k = 0; k < c.tlb_sets; k++)
        h = mix(h, m.tlb.base_repl[k]);
    h = mix(h, m.tlb.super_repl);
    for (unsigned k = 0; k < c.cache_sets * c.cache_ways; k++) {
        if (!m.cache.valid[k])
            continue;
        h = mix(mix(h, m.cache.tag[k]), m.cache.dirty[k]);
        for (unsigned b = 0; b < c.cache_line; b++)
            h = mix(h, m.cache.data[(size_t)k * c.cache_line + b]);
    }
    for (unsigned k = 0; k < c.cache_sets; k++)
        h = mix(h, m.cache.repl[k]);
    printf("state %016" PRIx64 "\n", h);
    xl_mmu_free(&m);
    xl_stim_free(s);
    return 0;
}
