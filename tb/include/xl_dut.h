/**
 * @file xl_dut.h
 * @brief C interface to one instance of the xl_mmu RTL (Verilated C++ or
 * Verilated SystemC).  The harness is C11; the implementation is a thin C++
 * shim (tb/shim/).
 *
 * One call, xl_dut_cycle(), is one clock cycle: the inputs are applied,
 * the combinational logic settles, the outputs are sampled (so a
 * handshake fires in this cycle iff valid and ready are both high in the
 * sampled values), then the rising clock edge happens.
 */
#ifndef XL_DUT_H
#define XL_DUT_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Largest cache line the shim carries, in bytes. */
#define XL_DUT_MAX_LINE 128
/** Debug data words (32 bits each) the shim carries. */
#define XL_DUT_DBG_WORDS 32

/** The request channel payload (rtl/xl_pkg.sv mmu_req_t). */
typedef struct xl_dut_req {
    uint8_t op;          /**< xl_pkg::Op* (0 load, 1 store, 2 fetch, 3 inval, 4 root, 5 ctl, 6 fence) */
    uint8_t priv_u;      /**< 1 = user */
    uint8_t size_log2;   /**< access size 1 << size_log2 */
    uint8_t ac;          /**< access: x86 EFLAGS.AC */
    uint64_t va;         /**< access / invalidation address */
    uint64_t wdata;      /**< store data; ctl: PKRU in bits 31..0 */
    uint64_t ppn;        /**< root PPN */
    uint32_t asid;       /**< new ASID (root) / selector (inval) */
    uint8_t match_va, match_asid, keep_global, flush; /**< inval selectors; root flush */
    uint16_t ctl_mask;   /**< ctl: the XL_CTL_* controls written */
    uint8_t ctl_val;     /**< ctl: their values (XL_CTL_* flag bits) */
} xl_dut_req;

/** The response channel payload (rtl/xl_pkg.sv mmu_rsp_t). */
typedef struct xl_dut_rsp {
    uint8_t fault;       /**< xl_fault */
    uint8_t level;       /**< faulting level, 7 = none */
    uint8_t tlb_hit;
    uint8_t cache_hit;
    uint8_t walk_reads;
    uint8_t mt;          /**< Svpbmt memory type (0 pma, 1 nc, 2 io) */
    uint64_t pa;
    uint64_t rdata;
} xl_dut_rsp;

/** Inputs for one cycle. */
typedef struct xl_dut_in {
    bool req_valid;
    xl_dut_req req;
    bool rsp_ready;
    bool mem_req_ready;
    bool mem_rsp_valid;
    uint8_t mem_rsp_rdata[XL_DUT_MAX_LINE];   /**< read only when mem_rsp_valid */
    bool dbg_req_valid;
    bool dbg_req_we;
    uint8_t dbg_req_target;                   /**< xl_pkg::Dbg* */
    uint16_t dbg_req_set;
    uint8_t dbg_req_way;
    uint32_t dbg_req_wdata[XL_DUT_DBG_WORDS]; /**< read only when dbg_req_valid */
} xl_dut_in;

/** Outputs sampled in one cycle, before the clock edge. */
typedef struct xl_dut_out {
    bool req_ready;
    bool rsp_valid;
    xl_dut_rsp rsp;                           /**< filled only when rsp_valid */
    bool mem_req_valid;
    bool mem_req_we;
    uint64_t mem_req_addr;
    uint8_t mem_req_wdata[XL_DUT_MAX_LINE];   /**< filled only for a valid write */
    uint8_t mem_req_be[XL_DUT_MAX_LINE];      /**< byte enables of a valid write (1 = written) */
    bool mem_req_uc;                          /**< an uncached access (Svpbmt NC / IO) */
    bool mem_rsp_ready;
    bool dbg_req_ready;
    bool dbg_rsp_valid;
    uint32_t dbg_rsp_rdata[XL_DUT_DBG_WORDS]; /**< filled only when dbg_rsp_valid */
    bool idle;
} xl_dut_out;

/** Construction options. */
typedef struct xl_dut_opts {
    const char *waves;   /**< FST file to write, or NULL */
    uint32_t seed;       /**< seed for random initial register values */
} xl_dut_opts;

typedef struct xl_dut xl_dut;

/** Build and reset an instance. @return NULL on failure. */
xl_dut *xl_dut_new(const xl_dut_opts *opts);

/** Finish the waveform (if any) and free the instance. */
void xl_dut_free(xl_dut *d);

/** Hold rst_ni low for `cycles` cycles (inputs idle), then release it. */
void xl_dut_reset(xl_dut *d, unsigned cycles);

/** One clock cycle (see the file comment). */
void xl_dut_cycle(xl_dut *d, const xl_dut_in *in, xl_dut_out *out);

/** Cycles simulated since construction. */
uint64_t xl_dut_cycles(const xl_dut *d);

/** The RTL's cfg_o readback: 8 words, word 0 = bits 31..0. */
void xl_dut_cfg(xl_dut *d, uint32_t cfg[8]);

/** Cache line bytes and debug-port width (bits) the RTL was built with. */
unsigned xl_dut_line_bytes(const xl_dut *d);
/** @copydoc xl_dut_line_bytes */
unsigned xl_dut_dbg_bits(const xl_dut *d);

struct xl_memsim;

/**
 * Offer the harness's memory model to the implementation.  One that serves
 * the RTL's memory port itself, as a process of its own simulator (the
 * SystemC DUT, tb/sc/dut_systemc.cpp), keeps `ms`, calls xl_memsim_drive and
 * xl_memsim_observe on it every cycle with the engine's cycle numbers (so
 * the random decisions come in the same order), writes any protocol error
 * into `error`, and returns true; the harness then leaves the port alone.
 * The Verilator C++ implementation returns false: the harness drives the
 * memory inputs itself around each xl_dut_cycle().  Called once, after
 * xl_dut_new().
 */
bool xl_dut_serve_memory(xl_dut *d, struct xl_memsim *ms, char *error, unsigned len);

/** Short description of the implementation ("verilator", "systemc"). */
const char *xl_dut_kind(void);

#ifdef __cplusplus
}
#endif
#endif
