/* stim-check: the random stimulus of `make sim` against the golden model
 * alone (no RTL), for the test suite `make test-stim` and for tuning.
 *
 *   stim-check --preset NAME|FILE.cfg [--seed S] [--n N] [--report] [--no-parse]
 *
 * Checks, each counted as one test:
 *   parse        every generated statement, printed the canonical way
 *                (`mem` lines, xl_txn_format), parses back under the preset
 *                to the same statement: the stream is valid trace input, so
 *                a failing run's replay trace always loads
 *   count        exactly N transactions follow the set-up statements
 *   determinism  a second generator with the same seed yields the same stream
 *   prefix       the stream for N/3 transactions is a prefix of the one for N
 *   seed         another seed yields a different stream
 *   speed        xl_stim_next costs under 1 us of CPU time per statement on average
 *   coverage     the model-side coverage bins (report.c), printed with --report
 * Prints `N passed, N failed` last; exit status 0 only if all passed.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report.h"
#include "stim.h"
#include "xlate/config.h"
#include "xlate/mmu.h"
#include "xlate/trace.h"
#include "xlate/util.h"

#ifndef XL_CFG_DIR
#define XL_CFG_DIR "cfg"
#endif

/* The report reads two engine counters; there is no engine here. */
double xl_cosim_dut_seconds(const xl_cosim *c)
{
    (void)c;
    return 0.0;
}

uint64_t xl_cosim_cycles(const xl_cosim *c)
{
    (void)c;
    return 0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU time of this process: the speed check must not depend on the machine's load. */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    return h * 0xff51afd7ed558ccdull;
}

/* A hash of one statement (the fields the engine uses). */
static uint64_t stmt_hash(const xl_stmt *s)
{
    uint64_t h = mix(0, (uint64_t)s->kind);
    if (s->kind != XL_ST_TXN)
        return mix(mix(mix(h, s->pa), s->value), s->size);
    const xl_txn *t = &s->txn;
    h = mix(h, (uint64_t)t->kind);
    switch (t->kind) {
    case XL_TXN_ACCESS:
        h = mix(h, (uint64_t)t->access.op | (uint64_t)t->access.priv << 4 | (uint64_t)t->access.size << 8 |
                       (uint64_t)t->access.ac << 12);
        return mix(mix(h, t->access.va), t->access.wdata);
    case XL_TXN_INVAL:
        h = mix(h, (uint64_t)t->isa | (uint64_t)t->inval.match_va << 8 | (uint64_t)t->inval.match_asid << 9 |
                       (uint64_t)t->inval.keep_global << 10);
        return mix(mix(h, t->inval.va), t->inval.asid);
    case XL_TXN_ROOT:
        return mix(mix(mix(h, t->root_ppn), t->asid), t->flush);
    case XL_TXN_CTL:
        return mix(mix(mix(h, t->ctl_mask), t->ctl.flags & t->ctl_mask), (t->ctl_mask & XL_CTL_PKRU) ? t->ctl.pkru : 0);
    case XL_TXN_FENCE:
        return mix(h, (uint64_t)t->fence);
    }
    return h;
}

/* Stream digest: set-up statements, transactions, and a digest of the first `cut` transactions. */
typedef struct digest {
    uint64_t all, prefix;
    uint64_t setup, txns;
} digest;

static int run_digest(const xl_config *cfg, uint64_t seed, uint64_t n, uint64_t cut, digest *d, double *secs)
{
    xl_stim_opts o = {seed, n};
    xl_error err;
    xl_stmt s;
    xl_stim *st = xl_stim_new(cfg, &o, &err);
    if (st == NULL) {
        fprintf(stderr, "stim-check: %s\n", err.msg);
        return -1;
    }
    memset(d, 0, sizeof *d);
    double t0 = cpu_now();
    while (xl_stim_next(st, &s)) {
        d->all = mix(d->all, stmt_hash(&s));
        if (s.kind == XL_ST_TXN) {
            d->txns++;
            if (d->txns == cut)
                d->prefix = d->all;
        } else {
            d->setup++;
        }
    }
    if (secs)
        *secs = cpu_now() - t0;
    xl_stim_free(st);
    return 0;
}

/* Print a statement the way a replay trace does and parse it back. @return 0 if it round-trips. */
static int round_trip(const xl_config *cfg, const xl_stmt *s, const xl_txn *resolved, char *why, size_t len)
{
    char line[256];
    xl_trace tr;
    xl_error err;
    int bad = 0;
    if (s->kind == XL_ST_TXN)
        xl_txn_format(resolved, line, sizeof line);
    else
        snprintf(line, sizeof line, "mem 0x%" PRIx64 " 0x%" PRIx64 " size=%u", s->pa, s->value, s->size);
    memset(&tr, 0, sizeof tr);
    if (xl_trace_parse_text(line, "stim", cfg, &tr, &err) != 0) {
        snprintf(why, len, "'%.200s': %.400s", line, err.msg);
        return 1;
    }
    if (tr.n != 1) {
        snprintf(why, len, "'%s' parsed to %zu statements", line, tr.n);
        xl_trace_free(&tr);
        return 1;
    }
    const xl_stmt *p = &tr.stmts[0];
    if (s->kind != XL_ST_TXN) {
        bad = p->kind != XL_ST_MEM || p->pa != s->pa || p->value != s->value || p->size != s->size;
    } else {
        const xl_txn *a = resolved, *b = &p->txn;
        bad = p->kind != XL_ST_TXN || a->kind != b->kind;
        if (!bad && a->kind == XL_TXN_ACCESS)
            bad = a->access.op != b->access.op || a->access.priv != b->access.priv ||
                  a->access.size != b->access.size || a->access.va != b->access.va ||
                  a->access.wdata != b->access.wdata || a->access.ac != b->access.ac;
        if (!bad && a->kind == XL_TXN_INVAL)
            bad = a->inval.match_va != b->inval.match_va || a->inval.match_asid != b->inval.match_asid ||
                  a->inval.keep_global != b->inval.keep_global || (a->inval.match_va && a->inval.va != b->inval.va) ||
                  (a->inval.match_asid && a->inval.asid != b->inval.asid);
        if (!bad && a->kind == XL_TXN_ROOT)
            bad = a->root_ppn != b->root_ppn || a->asid != b->asid || a->flush != b->flush;
        if (!bad && a->kind == XL_TXN_FENCE)
            bad = a->fence != b->fence;
        if (!bad && a->kind == XL_TXN_CTL)
            bad = a->ctl_mask != b->ctl_mask || ((a->ctl.flags ^ b->ctl.flags) & a->ctl_mask & XL_CTL_FLAGS) ||
                  ((a->ctl_mask & XL_CTL_PKRU) && a->ctl.pkru != b->ctl.pkru);
    }
    if (bad)
        snprintf(why, len, "'%s' parses back to a different statement", line);
    xl_trace_free(&tr);
    return bad;
}

int main(int argc, char **argv)
{
    const char *preset = NULL;
    uint64_t seed = 1, n = 100000;
    int show = 0, parse = 1, list = 0;
    unsigned pass = 0, fail = 0;
    xl_config cfg;
    xl_error err;

    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(argv[i], "--preset") && v) {
            preset = v;
            i++;
        } else if (!strcmp(argv[i], "--seed") && v && xl_parse_u64(v, &seed) == 0) {
            i++;
        } else if (!strcmp(argv[i], "--n") && v && xl_parse_u64(v, &n) == 0) {
            i++;
        } else if (!strcmp(argv[i], "--report")) {
            show = 1;
        } else if (!strcmp(argv[i], "--no-parse")) {
            parse = 0;
        } else if (!strcmp(argv[i], "--list-bins")) {
            list = 1;
        } else {
            fprintf(stderr, "usage: stim-check --preset NAME [--seed S] [--n N] [--report] [--no-parse] [--list-bins]\n");
            return 2;
        }
    }
    if (preset == NULL || xl_config_load_preset(preset, XL_CFG_DIR, &cfg, &err) != 0) {
        fprintf(stderr, "stim-check: %s\n", preset ? err.msg : "--preset is required");
        return 2;
    }
    if (list) {
        /* the coverage plan of the preset: one `NAME yes|no` line per bin */
        xl_report *rp = xl_report_new(&cfg, seed);
        if (rp == NULL)
            return 2;
        for (unsigned i = 0; i < xl_report_bins(rp); i++) {
            const char *name;
            bool r;
            xl_report_bin(rp, i, &name, &r, NULL);
            printf("%s %s\n", name, r ? "yes" : "no");
        }
        xl_report_free(rp);
        return 0;
    }

    /* 1. the stream through the model, with the report's hook; every statement round-trips */
    xl_stim_opts o = {seed, n};
    xl_stim *st = xl_stim_new(&cfg, &o, &err);
    xl_report *rep = xl_report_new(&cfg, seed);
    xl_mmu m;
    xl_stmt s;
    uint64_t txns = 0, setup = 0, bad_parse = 0;
    char why[1024] = "";
    if (st == NULL || rep == NULL || xl_mmu_init(&m, &cfg, &err) != 0) {
        fprintf(stderr, "stim-check: %s\n", st == NULL ? err.msg : "out of memory");
        return 2;
    }
    double t0 = now();
    while (xl_stim_next(st, &s)) {
        if (s.kind == XL_ST_TXN) {
            xl_result res;
            xl_info info;
            uint64_t removed0 = m.stats.inval_removed;
            xl_txn t = xl_txn_resolve(&s.txn, m.asid);
            if (parse && round_trip(&cfg, &s, &t, why, sizeof why) && bad_parse++ == 0)
                fprintf(stderr, "transaction %" PRIu64 ": %s\n", txns, why);
            xl_txn_execute(&m, &t, &res, &info);
            xl_report_hook(rep, &t, &res, &info, (unsigned)(m.stats.inval_removed - removed0));
            txns++;
        } else {
            if (s.kind != XL_ST_MEM && s.kind != XL_ST_PTE) {
                if (bad_parse++ == 0)
                    fprintf(stderr, "set-up statement %" PRIu64 " has kind %d\n", setup, (int)s.kind);
            } else if (parse && round_trip(&cfg, &s, NULL, why, sizeof why) && bad_parse++ == 0) {
                fprintf(stderr, "set-up statement %" PRIu64 ": %s\n", setup, why);
            }
            if (xl_stmt_apply(&m, &s, &err) != 0) {
                fprintf(stderr, "stim-check: %s\n", err.msg);
                return 2;
            }
            setup++;
        }
    }
    double model_secs = now() - t0;
    xl_stim_free(st);
    if (parse) {
        if (bad_parse == 0) {
            pass++;
        } else {
            fail++;
            printf("FAIL parse: %" PRIu64 " statements do not round-trip\n", bad_parse);
        }
    }
    if (txns == n) {
        pass++;
    } else {
        fail++;
        printf("FAIL count: %" PRIu64 " transactions generated, %" PRIu64 " asked for\n", txns, n);
    }

    /* 2. determinism, prefix property, seed sensitivity, speed */
    digest d1, d2, d3, d4;
    double gen_secs = 0;
    uint64_t cut = n / 3;
    if (run_digest(&cfg, seed, n, cut, &d1, &gen_secs) || run_digest(&cfg, seed, n, cut, &d2, NULL) ||
        run_digest(&cfg, seed, cut, cut, &d3, NULL) || run_digest(&cfg, seed + 1, n, cut, &d4, NULL))
        return 2;
    if (d1.all == d2.all && d1.setup == d2.setup) {
        pass++;
    } else {
        fail++;
        printf("FAIL determinism: two generators with seed %" PRIu64 " differ\n", seed);
    }
    if (d3.all == d1.prefix && d3.setup == d1.setup) {
        pass++;
    } else {
        fail++;
        printf("FAIL prefix: N=%" PRIu64 " is not a prefix of N=%" PRIu64 "\n", cut, n);
    }
    if (d4.all != d1.all) {
        pass++;
    } else {
        fail++;
        printf("FAIL seed: seeds %" PRIu64 " and %" PRIu64 " give the same stream\n", seed, seed + 1);
    }
    double per = n ? gen_secs / (double)(n + d1.setup) * 1e9 : 0;
    if (per < 1000.0) {
        pass++;
    } else {
        fail++;
        printf("FAIL speed: %.0f ns per statement\n", per);
    }
    printf("stim-check %s seed %" PRIu64 ": %" PRIu64 " set-up statements, %" PRIu64
           " transactions; generator %.0f ns (CPU) per statement; with the model (and parse-back: %s) %.2f s\n",
           cfg.name, seed, setup, txns, per, parse ? "yes" : "no", model_secs);
    if (show)
        xl_report_print(rep, stdout, model_secs, 0);
    {
        unsigned reach = 0;
        for (unsigned i = 0; i < xl_report_bins(rep); i++) {
            bool r;
            xl_report_bin(rep, i, NULL, &r, NULL);
            reach += r;
        }
        printf("model-side coverage: %u of %u bins hit (back-pressure bins need the RTL)\n",
               reach - xl_report_unhit(rep), reach);
    }
    xl_report_free(rep);
    xl_mmu_free(&m);
    printf("%u passed, %u failed\n", pass, fail);
    return fail ? 1 : 0;
}
