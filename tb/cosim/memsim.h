/**
 * @file memsim.h
 * @brief The memory behind the RTL's memory port: sparse storage, random
 * read latency, random back-pressure on both channels, in-order responses.
 */
#ifndef XL_MEMSIM_H
#define XL_MEMSIM_H

#include <stdbool.h>
#include <stdint.h>

#include "rng.h"
#include "xl_dut.h"
#include "xlate/mem.h"

/** Most read responses in flight. */
#define XL_MEMSIM_QUEUE 8

/** Memory-model knobs. */
typedef struct xl_memsim_opts {
    unsigned lat_min;  /**< fewest cycles from read request to response */
    unsigned lat_max;  /**< most */
    unsigned bp_pct;   /**< percent of cycles each channel stalls (0..90) */
} xl_memsim_opts;

/** The memory model. */
typedef struct xl_memsim {
    xl_mem mem;               /**< contents (the RTL side's memory) */
    unsigned line;            /**< line bytes */
    xl_memsim_opts o;         /**< knobs */
    xl_rng rng;               /**< latency / stall choices */
    struct {
        uint64_t due;
        uint8_t data[XL_DUT_MAX_LINE];
    } q[XL_MEMSIM_QUEUE];     /**< read responses waiting */
    unsigned head, count;     /**< queue */
    bool req_ready;           /**< what this cycle's inputs said */
    bool rsp_valid;
    uint64_t reads, writes;   /**< transfers (line reads, write-backs, uncached accesses) */
    uint64_t uc_reads, uc_writes; /**< of which uncached (Svpbmt NC / IO) */
    uint64_t req_stalls;      /**< cycles a request waited on req_ready */
    uint64_t rsp_stalls;      /**< cycles a due response was held back */
} xl_memsim;

/** Initialise (empty memory). @return 0 or -1. */
int xl_memsim_init(xl_memsim *m, unsigned line, const xl_memsim_opts *o, uint64_t seed);

/** Free the memory. */
void xl_memsim_free(xl_memsim *m);

/** Set this cycle's memory-side inputs. */
void xl_memsim_drive(xl_memsim *m, uint64_t cycle, xl_dut_in *in);

/**
 * Act on this cycle's handshakes (call after xl_dut_cycle with the same
 * inputs).  @return 0, or -1 if the RTL broke the protocol (message in `why`).
 */
int xl_memsim_observe(xl_memsim *m, uint64_t cycle, const xl_dut_out *out, char *why, unsigned len);

/** True when no read response is outstanding. */
bool xl_memsim_idle(const xl_memsim *m);

#endif
