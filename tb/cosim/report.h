/**
 * @file report.h
 * @brief What `make sim` prints: per-run results, statistics, functional
 * coverage (bins listed in docs/verification-plan.md), throughput, and a
 * JUnit XML file for CI systems.
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

#endif
