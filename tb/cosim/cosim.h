/**
 * @file cosim.h
 * @brief The co-simulation engine: every transaction goes to the golden
 * model and to the RTL; every response is compared; at the end the whole
 * TLB, cache and memory state is compared.
 *
 * Transactions are pipelined into the RTL (a new request may enter while the
 * previous one completes), with random gaps and random response
 * back-pressure; the memory model adds random latency and back-pressure.
 * The model runs each transaction when it is queued, so its result is the
 * expectation the RTL's response is checked against, in order.
 */
#ifndef XL_COSIM_H
#define XL_COSIM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "memsim.h"
#include "rng.h"
#include "xl_dut.h"
#include "xlate/mmu.h"
#include "xlate/trace.h"

/** Transactions that may wait to enter the RTL or for their response. */
#define XL_COSIM_QUEUE 4
/** Transactions remembered for a mismatch report. */
#define XL_COSIM_HISTORY 8
/** Cycles without progress before the run is declared hung. */
#define XL_COSIM_HANG 200000u

/** Knobs of a run. */
typedef struct xl_cosim_opts {
    uint64_t seed;            /**< drives all harness-side randomness */
    xl_memsim_opts mem;       /**< memory latency and back-pressure */
    unsigned rsp_bp_pct;      /**< percent of cycles rsp_ready is low */
    unsigned req_gap_pct;     /**< percent of cycles a ready request is held back */
    const char *waves;        /**< FST file, or NULL */
    long long inject_at;      /**< self-check: corrupt the expectation of this
                                   transaction (-1: never) */
    FILE *results;            /**< canonical RTL result lines (or NULL) */
    FILE *cycle_log;          /**< one line per cycle: every port's handshake (or NULL) */
} xl_cosim_opts;

/** Called for every transaction the model executes (statistics, coverage). */
typedef void (*xl_cosim_hook)(void *ctx, const xl_txn *t, const xl_result *r, const xl_info *info,
                              unsigned removed);

/** One transaction on its way through the RTL. */
typedef struct xl_cosim_slot {
    xl_txn txn;          /**< resolved transaction */
    xl_result exp;       /**< the model's result */
    uint64_t index;      /**< transaction number */
    unsigned line;       /**< trace line (0 if generated) */
} xl_cosim_slot;

/** The first mismatch of a run. */
typedef struct xl_cosim_fail {
    bool failed;              /**< a mismatch (or hang / protocol error) happened */
    uint64_t index;           /**< transaction number (UINT64_MAX: end-state compare) */
    uint64_t cycle;           /**< RTL cycle */
    char what[512];           /**< what differed */
    char request[160];        /**< the request, canonical */
    char expected[200];       /**< model result, canonical */
    char got[200];            /**< RTL result, canonical */
    char history[XL_COSIM_HISTORY][420]; /**< preceding transactions, oldest first */
    unsigned nhistory;        /**< valid history lines */
} xl_cosim_fail;

/** Engine state. */
typedef struct xl_cosim {
    xl_config cfg;            /**< the preset */
    xl_mmu model;             /**< golden model */
    xl_dut *dut;              /**< RTL */
    xl_memsim ms;             /**< RTL-side memory */
    xl_cosim_opts o;          /**< knobs */
    xl_rng rng;               /**< request gaps, response back-pressure */
    xl_dut_in in;             /**< inputs of the next cycle */
    xl_dut_out out;           /**< outputs of the last cycle */
    xl_cosim_slot issue[XL_COSIM_QUEUE];    /**< waiting to enter the RTL */
    unsigned issue_head, issue_count;
    xl_cosim_slot flight[XL_COSIM_QUEUE];   /**< in the RTL, awaiting a response */
    unsigned flight_head, flight_count;
    struct {
        xl_txn txn;
        xl_dut_rsp rsp;
        uint64_t index;
    } hist[XL_COSIM_HISTORY];               /**< ring of recent checked transactions (formatted only on failure) */
    unsigned hist_next, hist_count;
    uint64_t queued;          /**< transactions handed to the engine */
    uint64_t checked;         /**< responses compared */
    uint64_t last_progress;   /**< cycle of the last response */
    uint64_t rsp_stalls;      /**< cycles a response waited on rsp_ready */
    uint64_t req_stalls;      /**< cycles a request waited on req_ready */
    uint64_t dut_ticks;       /**< time inside the RTL model, in counter ticks */
    uint64_t start_ticks;     /**< counter at init */
    double start_wall;        /**< wall clock at init */
    bool injected;            /**< the self-check's wrong expectation was planted */
    uint64_t injected_index;  /**< ... in this transaction */
    xl_cosim_hook hook;       /**< per-transaction callback (may be NULL) */
    void *hook_ctx;           /**< its context */
    xl_cosim_fail fail;       /**< first failure */
    bool dut_memory;          /**< the DUT serves the memory port itself (xl_dut_serve_memory) */
    char mem_error[200];      /**< ... and reports a protocol error here */
} xl_cosim;


/**
 * Start a run: build the model and the RTL, check that the RTL was built
 * from the same preset (refuses otherwise, naming the parameter), reset.
 * @return 0, or -1 with a message in `err`.
 */
int xl_cosim_init(xl_cosim *c, const xl_config *cfg, const xl_cosim_opts *o, xl_error *err);

/** Tear down (closes the waveform). */
void xl_cosim_free(xl_cosim *c);

/**
 * Queue one transaction: the model executes it now; the RTL gets it as
 * soon as it accepts.  Runs cycles while the queue is full.
 * @param line  trace line for reports (0 if generated).
 * @return 0, or 1 once a mismatch has been found (see c->fail).
 */
int xl_cosim_txn(xl_cosim *c, const xl_txn *t, unsigned line);

/**
 * Apply a backdoor statement (mem, pte, tlb_fill, cache_fill, repl) to both
 * sides, after draining the pipeline.  `flush` and `dump` act on the model
 * only and are refused here (the RTL has no such operation).
 * @return 0, 1 on a mismatch found while draining, -1 with `err` if refused.
 */
int xl_cosim_backdoor(xl_cosim *c, const xl_stmt *s, xl_error *err);

/** Run until every queued transaction has been answered. @return 0 or 1. */
int xl_cosim_drain(xl_cosim *c);

/**
 * Drain, then read the RTL's TLB, cache, replacement state and registers
 * through the debug port and compare them and the memories with the model.
 * @return 0 if identical, 1 otherwise (see c->fail).
 */
int xl_cosim_compare_state(xl_cosim *c);

/** Wall-clock seconds spent inside the RTL model since init. */
double xl_cosim_dut_seconds(const xl_cosim *c);

/** Simulated cycles so far. */
uint64_t xl_cosim_cycles(const xl_cosim *c);

/** Format an RTL response the way xl_result_format formats a model result
 *  (`show_mt`: the preset has Svpbmt, print mt=). */
int xl_cosim_format_rsp(const xl_dut_rsp *r, bool show_mt, char *buf, unsigned len);

#endif
