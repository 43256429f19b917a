/**
 * @file report.h
 * @brief What `make sim` prints: per-run results, statistics, functional
 * coverage (bins listed in docs/verification-plan.md), throughput, and a
 * JUnit XML file for CI systems.
 *
 * The coverage model is a fixed list of bins, built for the preset when the
 * report is created.  Each bin is either reachable on the preset (it is
 * printed, and an unhit one is flagged) or not (the architecture or the
 * configuration rules it out, for example `fault.misaligned` on x86-64;
 * such bins are counted all the same, and a hit on one is reported as a
 * plan error).
 */
#ifndef XL_REPORT_H
#define XL_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cosim.h"
#include "xlate/config.h"
#include "xlate/mmu.h"
#include "xlate/trace.h"

typedef struct xl_report xl_report;

/** A new, empty report for a preset and seed. @return NULL if out of memory. */
xl_report *xl_report_new(const xl_config *cfg, uint64_t seed);

/** Free it. */
void xl_report_free(xl_report *r);

/**
 * The co-simulation hook (an xl_cosim_hook): counts every transaction the
 * model executes, by kind, fault, hit/miss, page size, invalidation row,
 * and fills the coverage bins.
 */
void xl_report_hook(void *ctx, const xl_txn *t, const xl_result *res, const xl_info *info, unsigned removed);

/** Record a finished run (a trace, or the random stream). */
void xl_report_add_run(xl_report *r, const char *name, const xl_cosim *c, double seconds, bool passed);

/** Print the report; `quiet` prints only the summary lines. */
void xl_report_print(const xl_report *r, FILE *f, double wall_seconds, int quiet);

/** Write JUnit XML (one test case per run, one per coverage bin). @return 0 or -1. */
int xl_report_junit(const xl_report *r, const char *path);

/* ---- coverage queries (for tests and tools) ---- */

/** Number of coverage bins (reachable or not). */
unsigned xl_report_bins(const xl_report *r);

/**
 * Bin `i`: its name (e.g. "fault.reserved.level2"), whether the preset can
 * reach it, and its hit count.  @return 0, or -1 if `i` is out of range.
 */
int xl_report_bin(const xl_report *r, unsigned i, const char **name, bool *reachable, uint64_t *hits);

/** Reachable bins with no hit. */
unsigned xl_report_unhit(const xl_report *r);

/** Runs that failed (mismatch, hang or protocol error). */
unsigned xl_report_failed(const xl_report *r);

#endif
