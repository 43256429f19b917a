/**
 * @file ptw_dut.h
 * @brief C interface to one Verilated xl_ptw (the page-table walker alone),
 * for the block testbench tb/ptw/ptw_tb.c.  The implementation is the thin
 * C++ shim tb/ptw/ptw_shim.cpp.
 *
 * One call to ptw_dut_cycle() is one clock cycle: the inputs are applied,
 * the combinational logic settles, every output is sampled (a handshake
 * fires in this cycle iff valid and ready are both high in the sampled
 * values), then the rising clock edge happens.
 *
 * The caller must keep every input within its port width (the harness
 * masks with the preset's vpn_bits, ppn_bits and asid_bits).
 */
#ifndef XL_PTW_DUT_H
#define XL_PTW_DUT_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Inputs of one cycle. */
typedef struct ptw_dut_in {
    bool req_valid;       /**< walk request */
    uint64_t req_vpn;     /**< VPN, vpn_bits wide */
    uint8_t req_op;       /**< 0 load, 1 store, 2 fetch */
    bool req_priv_u;      /**< 1 = user */
    bool req_ac;          /**< x86 EFLAGS.AC */
    uint8_t req_ctl;      /**< translation controls (XL_CTL_* flag bits) */
    uint32_t req_pkru;    /**< x86 PKRU */
    uint64_t req_root;    /**< root PPN, ppn_bits wide */
    uint32_t req_asid;    /**< ASID, max(asid_bits, 1) wide */
    bool c_req_ready;     /**< cache port: request accepted */
    bool c_rsp_valid;     /**< cache port: response */
    uint64_t c_rsp_rdata; /**< cache port: read data (zero-extended PTE) */
} ptw_dut_in;

/** Outputs sampled in one cycle, before the clock edge. */
typedef struct ptw_dut_out {
    bool req_ready;
    bool done;
    uint8_t done_fault;   /**< xl_fault */
    uint8_t done_level;   /**< faulting level, or the leaf level */
    uint8_t done_reads;   /**< PTEs read */
    uint64_t done_vpn;    /**< translation: VPN aligned to its level */
    uint64_t done_ppn;    /**< translation: PPN aligned to its level */
    uint8_t done_perm;    /**< XL_PERM_* bits */
    uint8_t done_attr;    /**< x86 protection key / RISC-V PBMT of the leaf */
    bool done_napot;      /**< the leaf is a Svnapot 64 KiB page */
    uint32_t done_asid;
    bool c_req_valid;
    bool c_req_we;
    uint64_t c_req_pa;
    uint8_t c_req_size;   /**< log2 bytes */
    uint64_t c_req_wdata;
    bool idle;
} ptw_dut_out;

typedef struct ptw_dut ptw_dut;

/**
 * Build an instance (registers start random, seeded by `seed`) and hold
 * reset for 4 cycles.  `waves`: FST file, or NULL (needs a tracing build).
 * @return NULL on failure.
 */
ptw_dut *ptw_dut_new(uint32_t seed, const char *waves);

/** Finish the waveform (if any) and free the instance. */
void ptw_dut_free(ptw_dut *d);

/** Hold rst_ni low for `cycles` cycles (inputs idle), then release it. */
void ptw_dut_reset(ptw_dut *d, unsigned cycles);

/** One clock cycle (see the file comment). */
void ptw_dut_cycle(ptw_dut *d, const ptw_dut_in *in, ptw_dut_out *out);

/** Cycles simulated since construction. */
uint64_t ptw_dut_cycles(const ptw_dut *d);

/**
 * The Verilator -G parameters the simulator was built with, exactly as
 * `xlate-model --preset P params` printed them (filtered to xl_ptw's
 * parameters), so the harness can refuse a mismatched preset.
 */
const char *ptw_dut_params(void);

#ifdef __cplusplus
}
#endif
#endif
