/* The `make sim` report (report.h). */
#include "report.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define MAX_RUNS 300

typedef struct run_rec {
    char name[200];
    bool passed;
    double seconds, dut_seconds;
    uint64_t txns, cycles, req_stalls, rsp_stalls, mem_req_stalls, mem_rsp_stalls;
    char fail[600];
} run_rec;

struct xl_report {
    xl_config cfg;
    uint64_t seed;
    uint64_t kinds[3 + 2];      /* load store fetch inval root */
    uint64_t faults[XL_FAULT_COUNT];
    uint64_t tlb_hits, accesses, cache_hits, cache_accesses, walks, pte_reads, ad_writes;
    uint64_t evict_clean, evict_dirty;
    run_rec runs[MAX_RUNS];
    unsigned nruns;
};

xl_report *xl_report_new(const xl_config *cfg, uint64_t seed)
{
    xl_report *r = calloc(1, sizeof *r);
    if (r) {
        r->cfg = *cfg;
        r->seed = seed;
    }
    return r;
}

void xl_report_free(xl_report *r)
{
    free(r);
}

void xl_report_hook(void *ctx, const xl_txn *t, const xl_result *res, const xl_info *info, unsigned removed)
{
    xl_report *r = ctx;
    (void)removed;
    if (t->kind == XL_TXN_ACCESS) {
        r->kinds[t->access.op]++;
        r->accesses++;
        r->faults[res->fault]++;
        r->tlb_hits += res->tlb_hit;
        r->walks += res->walk_reads > 0;
        r->pte_reads += res->walk_reads;
        if (res->fault == XL_FAULT_NONE) {
            r->cache_accesses++;
            r->cache_hits += res->cache_hit;
        }
        r->ad_writes += info->ad_writes;
        r->evict_clean += info->evict_clean;
        r->evict_dirty += info->evict_dirty;
    } else {
        r->kinds[t->kind == XL_TXN_INVAL ? 3 : 4]++;
    }
}

void xl_report_add_run(xl_report *r, const char *name, const xl_cosim *c, double seconds, bool passed)
{
    if (r->nruns == MAX_RUNS)
        return;
    run_rec *x = &r->runs[r->nruns++];
    snprintf(x->name, sizeof x->name, "%s", name);
    x->passed = passed;
    x->seconds = seconds;
    x->dut_seconds = xl_cosim_dut_seconds(c);
    x->txns = c->checked;
    x->cycles = xl_cosim_cycles(c);
    x->req_stalls = c->req_stalls;
    x->rsp_stalls = c->rsp_stalls;
    x->mem_req_stalls = c->ms.req_stalls;
    x->mem_rsp_stalls = c->ms.rsp_stalls;
    if (!passed)
        snprintf(x->fail, sizeof x->fail, "%s", c->fail.what);
}

static double pct(uint64_t a, uint64_t b)
{
    return b ? 100.0 * (double)a / (double)b : 0.0;
}

void xl_report_print(const xl_report *r, FILE *f, double wall, int quiet)
{
    uint64_t txns = 0, cycles = 0, fails = 0;
    double dut = 0;
    for (unsigned i = 0; i < r->nruns; i++) {
        txns += r->runs[i].txns;
        cycles += r->runs[i].cycles;
        dut += r->runs[i].dut_seconds;
        fails += !r->runs[i].passed;
    }
    if (!quiet) {
        fprintf(f, "\n== xlate co-simulation: preset %s, seed %" PRIu64 " ==\n", r->cfg.name, r->seed);
        for (unsigned i = 0; i < r->nruns; i++)
            fprintf(f, "  %-6s %-50s %9" PRIu64 " txns %10" PRIu64 " cycles\n", r->runs[i].passed ? "PASS" : "FAIL",
                    r->runs[i].name, r->runs[i].txns, r->runs[i].cycles);
        fprintf(f, "transactions: load %" PRIu64 ", store %" PRIu64 ", fetch %" PRIu64 ", inval %" PRIu64
                   ", root %" PRIu64 "\n",
                r->kinds[0], r->kinds[1], r->kinds[2], r->kinds[3], r->kinds[4]);
        fprintf(f, "faults:");
        for (unsigned k = 0; k < XL_FAULT_COUNT; k++)
            if (r->faults[k])
                fprintf(f, " %s %" PRIu64, xl_fault_name((xl_fault)k), r->faults[k]);
        fprintf(f, "\nTLB hit rate %.1f%%, cache hit rate %.1f%%, walks %" PRIu64 ", PTE reads %" PRIu64
                   ", A/D updates %" PRIu64 ", evictions clean %" PRIu64 " dirty %" PRIu64 "\n",
                pct(r->tlb_hits, r->accesses), pct(r->cache_hits, r->cache_accesses), r->walks, r->pte_reads,
                r->ad_writes, r->evict_clean, r->evict_dirty);
    }
    fprintf(f, "checked %" PRIu64 " transactions, %" PRIu64 " cycles in %.2f s: %.0f txn/s, %.0f cycles/s, harness %.1f%% of run time\n",
            txns, cycles, wall, wall > 0 ? (double)txns / wall : 0.0, wall > 0 ? (double)cycles / wall : 0.0,
            wall > 0 ? 100.0 * (wall - dut) / wall : 0.0);
    fprintf(f, "%" PRIu64 " passed, %" PRIu64 " failed\n", (uint64_t)r->nruns - fails, fails);
}

int xl_report_junit(const xl_report *r, const char *path)
{
    FILE *f = fopen(path, "w");
    unsigned fails = 0;
    if (f == NULL)
        return -1;
    for (unsigned i = 0; i < r->nruns; i++)
        fails += !r->runs[i].passed;
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"xlate-sim.%s\" tests=\"%u\" failures=\"%u\">\n",
            r->cfg.name, r->nruns, fails);
    for (unsigned i = 0; i < r->nruns; i++) {
        fprintf(f, "  <testcase classname=\"sim.%s\" name=\"%s\" time=\"%.3f\">", r->cfg.name, r->runs[i].name,
                r->runs[i].seconds);
        if (!r->runs[i].passed)
            fprintf(f, "<failure message=\"mismatch\"/>");
        fprintf(f, "</testcase>\n");
    }
    fprintf(f, "</testsuite>\n");
    return fclose(f) == 0 ? 0 : -1;
}
