/* xlate-sim: co-simulation of the RTL against the golden model (`make sim`).
 *
 *   xlate-sim --preset P [--seed S] [--n N] [--trace FILE]... [options]
 *
 * Runs every --trace file (each on a freshly reset machine), then a random
 * stream of N transactions, comparing the RTL and the model on every
 * transaction and on the whole state at the end of each run.  Exit status:
 * 0 only with zero mismatches; 1 on a mismatch; 2 on bad usage or input.
 */
#define _XOPEN_SOURCE 700 /* realpath() */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cosim.h"
#include "report.h"
#include "stim.h"
#include "xlate/config.h"
#include "xlate/trace.h"
#include "xlate/util.h"

#ifndef XL_CFG_DIR
#define XL_CFG_DIR "cfg"
#endif

static const char usage[] =
    "usage: xlate-sim --preset NAME|FILE.cfg [options]\n"
    "  --seed S            seed of the random stream and of latencies (default 1)\n"
    "  --n N               random transactions after the directed traces (default 200000; 0: none)\n"
    "  --trace FILE        run a trace through RTL and model (repeatable)\n"
    "  --waves FILE        write an FST waveform (needs the tracing build)\n"
    "  --latency MIN:MAX   memory read latency in cycles (default 1:20)\n"
    "  --backpressure PCT  percent of stalled cycles on every channel (default 10)\n"
    "  --report FILE       also write the text report here\n"
    "  --junit FILE        write a JUnit XML report\n"
    "  --results FILE      write every RTL result as a canonical line\n"
    "  --cycle-log FILE    write one line per cycle: every channel's handshake\n"
    "  --fail-trace FILE   where to write the replay trace of a failing random run\n"
    "  --inject-bug K      self-check: corrupt the model's expectation of the first\n"
    "                      access at or after transaction K (the run must fail)\n"
    "  --make-vars TEXT    knobs to repeat in the replay command (from make sim)\n"
    "  --quiet             only the summary\n";

typedef struct opts {
    const char *preset;
    uint64_t seed;
    uint64_t n;
    const char *traces[256];
    unsigned ntraces;
    const char *waves;
    unsigned lat_min, lat_max, bp;
    const char *report, *junit, *results, *fail_trace, *make_vars, *cycle_log;
    long long inject;
    int quiet;
    FILE *cycle_log_f; /* opened --cycle-log file */
} opts;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int parse_u64_arg(const char *flag, const char *v, uint64_t *out)
{
    if (v == NULL || xl_parse_u64(v, out) != 0) {
        fprintf(stderr, "xlate-sim: %s needs a number, got '%s'\n", flag, v ? v : "");
        return -1;
    }
    return 0;
}

static int parse_args(int argc, char **argv, opts *o)
{
    memset(o, 0, sizeof *o);
    o->seed = 1;
    o->n = 200000;
    o->lat_min = 1;
    o->lat_max = 20;
    o->bp = 10;
    o->inject = -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        uint64_t x;
        if (!strcmp(a, "--help")) {
            fputs(usage, stdout);
            exit(0);
        } else if (!strcmp(a, "--quiet")) {
            o->quiet = 1;
            continue;
        }
        if (v == NULL) {
            fprintf(stderr, "xlate-sim: %s needs an argument\n%s", a, usage);
            return -1;
        }
        i++;
        if (!strcmp(a, "--preset")) {
            o->preset = v;
        } else if (!strcmp(a, "--seed")) {
            if (parse_u64_arg(a, v, &o->seed))
                return -1;
        } else if (!strcmp(a, "--n")) {
            if (parse_u64_arg(a, v, &o->n))
                return -1;
        } else if (!strcmp(a, "--trace")) {
            if (o->ntraces == sizeof o->traces / sizeof o->traces[0]) {
                fprintf(stderr, "xlate-sim: too many traces\n");
                return -1;
            }
            o->traces[o->ntraces++] = v;
        } else if (!strcmp(a, "--waves")) {
            o->waves = v;
        } else if (!strcmp(a, "--latency")) {
            char buf[64];
            uint64_t lo, hi;
            snprintf(buf, sizeof buf, "%s", v);
            char *colon = strchr(buf, ':');
            if (colon)
                *colon = '\0';
            if (xl_parse_u64(buf, &lo) || (colon && xl_parse_u64(colon + 1, &hi)) || lo > 10000 ||
                (colon && (hi < lo || hi > 10000))) {
                fprintf(stderr, "xlate-sim: --latency wants MIN or MIN:MAX cycles (0..10000), got '%s'\n", v);
                return -1;
            }
            o->lat_min = (unsigned)lo;
            o->lat_max = colon ? (unsigned)hi : (unsigned)lo;
        } else if (!strcmp(a, "--backpressure")) {
            if (parse_u64_arg(a, v, &x) || x > 90) {
                fprintf(stderr, "xlate-sim: --backpressure wants a percentage 0..90\n");
                return -1;
            }
            o->bp = (unsigned)x;
        } else if (!strcmp(a, "--report")) {
            o->report = v;
        } else if (!strcmp(a, "--junit")) {
            o->junit = v;
        } else if (!strcmp(a, "--results")) {
            o->results = v;
        } else if (!strcmp(a, "--cycle-log")) {
            o->cycle_log = v;
        } else if (!strcmp(a, "--fail-trace")) {
            o->fail_trace = v;
        } else if (!strcmp(a, "--make-vars")) {
            o->make_vars = v;
        } else if (!strcmp(a, "--inject-bug")) {
            if (parse_u64_arg(a, v, &x))
                return -1;
            o->inject = (long long)x;
        } else {
            fprintf(stderr, "xlate-sim: unknown option '%s'\n%s", a, usage);
            return -1;
        }
    }
    if (o->preset == NULL) {
        fprintf(stderr, "xlate-sim: --preset is required\n%s", usage);
        return -1;
    }
    return 0;
}

/* Print the first mismatch and how to reproduce it. */
static void print_failure(FILE *f, const opts *o, const xl_cosim *c, const char *run, const char *trace_file)
{
    fprintf(f, "\nMISMATCH in %s at cycle %" PRIu64 "\n  %s\n", run, c->fail.cycle, c->fail.what);
    if (c->fail.request[0]) {
        fprintf(f, "  request : %s\n", c->fail.request);
        fprintf(f, "  model   : %s\n", c->fail.expected);
        fprintf(f, "  RTL     : %s\n", c->fail.got);
    }
    if (c->fail.nhistory) {
        fprintf(f, "  the transactions before it (RTL results, all matched):\n");
        for (unsigned i = 0; i < c->fail.nhistory; i++)
            fprintf(f, "    %s\n", c->fail.history[i]);
    }
    fprintf(f, "  replay with a waveform:\n");
    if (trace_file)
        fprintf(f, "    make sim PRESET=%s TRACE=%s N=0 WAVES=1\n", o->preset, trace_file);
    if (!trace_file || strcmp(run, "random") == 0)
        fprintf(f, "    make sim PRESET=%s SEED=%" PRIu64 " N=%" PRIu64 "%s%s WAVES=1\n", o->preset, o->seed, o->n,
                o->make_vars ? " " : "", o->make_vars ? o->make_vars : "");
}

/* Run one statement source through a fresh machine. @return 0 pass, 1 mismatch, 2 bad input. */
typedef int (*next_fn)(void *src, xl_stmt *s);

static int trace_next(void *src, xl_stmt *s)
{
    struct {
        const xl_trace *tr;
        size_t i;
    } *t = src;
    if (t->i >= t->tr->n)
        return 0;
    *s = t->tr->stmts[t->i++];
    return 1;
}

static int stim_next(void *src, xl_stmt *s)
{
    return xl_stim_next(src, s);
}

static int run_one(const opts *o, const xl_config *cfg, const char *name, next_fn next, void *src,
                   xl_report *rep, FILE *results, xl_cosim *c, long long inject)
{
    xl_cosim_opts co;
    xl_error err;
    xl_stmt s;
    int r = 0;
    memset(&co, 0, sizeof co);
    co.seed = o->seed;
    co.mem.lat_min = o->lat_min;
    co.mem.lat_max = o->lat_max;
    co.mem.bp_pct = o->bp;
    co.rsp_bp_pct = o->bp;
    co.req_gap_pct = o->bp / 2;
    co.waves = o->waves;
    co.inject_at = inject;
    co.results = results;
    co.cycle_log = o->cycle_log_f;
    if (o->cycle_log_f)
        fprintf(o->cycle_log_f, "# %s\n", name);
    if (xl_cosim_init(c, cfg, &co, &err) != 0) {
        fprintf(stderr, "xlate-sim: %s\n", err.msg);
        return 2;
    }
    c->hook = xl_report_hook;
    c->hook_ctx = rep;
    double t0 = now();
    while (r == 0 && next(src, &s)) {
        if (s.kind == XL_ST_TXN) {
            r = xl_cosim_txn(c, &s.txn, s.line);
        } else {
            int b = xl_cosim_backdoor(c, &s, &err);
            if (b < 0) {
                fprintf(stderr, "xlate-sim: %s: %s\n", name, err.msg);
                r = 2;
            } else {
                r = b;
            }
        }
    }
    if (r == 0)
        r = xl_cosim_compare_state(c);
    xl_report_add_run(rep, name, c, now() - t0, r == 0);
    return r;
}

/* Regenerate a failing random run as a trace up to (and including) `last`. */
static int write_replay(const opts *o, const xl_config *cfg, uint64_t last, const char *path)
{
    xl_stim_opts so = {o->seed, o->n};
    xl_error err;
    xl_stim *st = xl_stim_new(cfg, &so, &err);
    xl_mmu m;
    FILE *f;
    xl_stmt s;
    uint64_t idx = 0;
    if (st == NULL)
        return -1;
    if (xl_mmu_init(&m, cfg, &err) != 0) {
        xl_stim_free(st);
        return -1;
    }
    f = fopen(path, "w");
    if (f == NULL) {
        xl_mmu_free(&m);
        xl_stim_free(st);
        return -1;
    }
    /* a configuration given as a file is named by its absolute path, so that
     * `xlate-model run` finds it from anywhere (a preset by its name) */
    char abs[4096];
    const char *pname = cfg->name;
    if ((strchr(o->preset, '/') != NULL || strstr(o->preset, ".cfg") != NULL) && realpath(o->preset, abs) != NULL)
        pname = abs;
    fprintf(f, "# Replay of a failing `make sim` run: PRESET=%s SEED=%" PRIu64 " N=%" PRIu64
               ", transactions 0..%" PRIu64 ".\n# Expectations are the golden model's results.\npreset %s\n",
            o->preset, o->seed, o->n, last, pname);
    while (idx <= last && xl_stim_next(st, &s)) {
        if (s.kind == XL_ST_TXN) {
            char req[200], exp[300];
            xl_result r;
            xl_txn t = xl_txn_resolve(&s.txn, m.asid);
            xl_txn_execute(&m, &t, &r, NULL);
            xl_txn_format(&t, req, sizeof req);
            if (t.kind == XL_TXN_ACCESS) {
                xl_expect_format_full(&r, exp, sizeof exp);
                fprintf(f, "%s %s\n", req, exp);
            } else {
                fprintf(f, "%s\n", req);
            }
            idx++;
        } else if (s.kind == XL_ST_MEM || s.kind == XL_ST_PTE) {
            xl_stmt_apply(&m, &s, &err);
            fprintf(f, "mem 0x%" PRIx64 " 0x%" PRIx64 " size=%u\n", s.pa, s.value, s.size);
        }
    }
    fclose(f);
    xl_mmu_free(&m);
    xl_stim_free(st);
    return 0;
}

int main(int argc, char **argv)
{
    opts o;
    xl_config cfg;
    xl_error err;
    int status = 0;
    FILE *results = NULL;
    if (parse_args(argc, argv, &o) != 0)
        return 2;
    if (xl_config_load_preset(o.preset, XL_CFG_DIR, &cfg, &err) != 0) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    if (o.results && (results = fopen(o.results, "w")) == NULL) {
        fprintf(stderr, "xlate-sim: cannot write %s: %s\n", o.results, strerror(errno));
        return 2;
    }
    if (o.cycle_log && (o.cycle_log_f = fopen(o.cycle_log, "w")) == NULL) {
        fprintf(stderr, "xlate-sim: cannot write %s: %s\n", o.cycle_log, strerror(errno));
        if (results)
            fclose(results);
        return 2;
    }
    xl_report *rep = xl_report_new(&cfg, o.seed);
    if (rep == NULL) {
        fprintf(stderr, "xlate-sim: out of memory\n");
        return 2;
    }
    double t0 = now();
    /* directed traces */
    for (unsigned i = 0; i < o.ntraces && status == 0; i++) {
        xl_trace tr;
        xl_cosim c;
        struct {
            const xl_trace *tr;
            size_t i;
        } src = {&tr, 0};
        if (xl_trace_parse_file(o.traces[i], &cfg, &tr, &err) != 0) {
            fprintf(stderr, "%s\n", err.msg);
            status = 2;
            break;
        }
        int r = run_one(&o, &cfg, o.traces[i], trace_next, &src, rep, results, &c, -1);
        if (r == 1)
            print_failure(stdout, &o, &c, o.traces[i], o.traces[i]);
        if (r != 2)
            xl_cosim_free(&c);
        xl_trace_free(&tr);
        status = r;
    }
    /* the random stream */
    if (status == 0 && o.n > 0) {
        xl_stim_opts so = {o.seed, o.n};
        xl_stim *st = xl_stim_new(&cfg, &so, &err);
        xl_cosim c;
        if (st == NULL) {
            fprintf(stderr, "xlate-sim: %s\n", err.msg);
            status = 2;
        } else {
            int r = run_one(&o, &cfg, "random", stim_next, st, rep, results, &c, o.inject);
            if (r == 1) {
                char path[512];
                snprintf(path, sizeof path, "%s", o.fail_trace ? o.fail_trace : "build/sim/fail.trace");
                uint64_t last = c.fail.index == UINT64_MAX ? c.queued : c.fail.index;
                bool have = write_replay(&o, &cfg, last, path) == 0;
                print_failure(stdout, &o, &c, "random", have ? path : NULL);
                if (have)
                    printf("  the transactions so far are in %s (replays with xlate-model run too)\n", path);
            }
            if (r != 2)
                xl_cosim_free(&c);
            xl_stim_free(st);
            status = r;
        }
    }
    double wall = now() - t0;
    xl_report_print(rep, stdout, wall, o.quiet);
    if (o.report) {
        FILE *f = fopen(o.report, "w");
        if (f) {
            xl_report_print(rep, f, wall, 0);
            fclose(f);
        }
    }
    if (o.junit && xl_report_junit(rep, o.junit) != 0)
        fprintf(stderr, "xlate-sim: cannot write %s\n", o.junit);
    xl_report_free(rep);
    if (results)
        fclose(results);
    if (o.cycle_log_f)
        fclose(o.cycle_log_f);
    return status;
}
