/**
 * @file xlc_dut.h
 * @brief C interface to one Verilated xl_cache (the block alone), for the
 * cache block testbench (tb/cache/tb_cache.c).  The implementation is the
 * C++ shim tb/cache/xlc_shim.cpp, compiled by Verilator once per preset.
 *
 * One call to xlc_cycle() is one clock cycle: the inputs are applied, the
 * combinational logic settles, every output is sampled (a handshake fires
 * in this cycle iff its valid and ready are both high in those values),
 * then the rising clock edge happens.
 */
#ifndef XLC_DUT_H
#define XLC_DUT_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Largest line the shim carries, in bytes. */
#define XLC_MAX_LINE 128
/** 32-bit words of the debug data ports the shim carries. */
#define XLC_DBG_WORDS 32

/** The parameters the RTL was built with (and the widths they imply). */
typedef struct xlc_params {
    unsigned pa_bits, page_bits;  /**< PaBits, PageBits */
    unsigned sets, ways, line;    /**< CacheSets, CacheWays, CacheLine (bytes) */
    unsigned tag_bits;            /**< TagW */
    unsigned dbg_bits;            /**< DbgW: width of dbg_wdata_i / dbg_rdata_o */
    unsigned repl_bits;           /**< ReplW: PLRU flops per set (1 for one way) */
} xlc_params;

/** Inputs for one cycle.  Every field is driven every cycle (the harness
 * fills don't-care fields with random values). */
typedef struct xlc_in {
    /* core port */
    bool core_req_valid;
    uint32_t core_req_idx;        /**< page-offset bits of the VA */
    bool core_kill;
    uint64_t core_pa;
    bool core_uc;                 /**< phase B: uncached (Svpbmt NC / IO) */
    bool core_we;
    uint8_t core_size;            /**< log2 bytes */
    uint64_t core_wdata;
    bool core_rsp_ready;
    /* walker port */
    bool ptw_req_valid;
    bool ptw_req_we;
    uint64_t ptw_req_pa;
    uint8_t ptw_req_size;         /**< log2 bytes */
    uint64_t ptw_req_wdata;
    /* memory port */
    bool mem_req_ready;
    bool mem_rsp_valid;
    uint8_t mem_rsp_rdata[XLC_MAX_LINE];
    /* debug port */
    bool dbg_valid;
    bool dbg_we;
    uint8_t dbg_target;           /**< 0 {valid, dirty, tag}, 1 data, 2 PLRU */
    uint32_t dbg_set;
    uint8_t dbg_way;
    uint32_t dbg_wdata[XLC_DBG_WORDS];
} xlc_in;

/** Outputs sampled in one cycle, before the clock edge. */
typedef struct xlc_out {
    bool core_req_ready;
    bool core_rsp_valid;
    bool core_rsp_hit;
    uint64_t core_rsp_rdata;
    bool ptw_req_ready;
    bool ptw_rsp_valid;
    bool ptw_rsp_hit;
    uint64_t ptw_rsp_rdata;
    bool mem_req_valid;
    bool mem_req_we;
    uint64_t mem_req_addr;
    uint8_t mem_req_wdata[XLC_MAX_LINE];
    uint8_t mem_req_be[XLC_MAX_LINE]; /**< byte enables of a write, one 0/1 per byte */
    bool mem_req_uc;              /**< an uncached access, not a line transfer */
    bool mem_rsp_ready;
    bool dbg_ready;
    bool dbg_rvalid;
    uint32_t dbg_rdata[XLC_DBG_WORDS];
    bool idle;
} xlc_out;

typedef struct xlc_dut xlc_dut;

/** The build's parameters. */
void xlc_get_params(xlc_params *p);

/** Build an instance; `seed` seeds the random initial values of every
 * register and memory (randReset(2)).  Reset is not applied yet. */
xlc_dut *xlc_new(uint32_t seed);

/** Free the instance. */
void xlc_free(xlc_dut *d);

/** Hold rst_ni low for `cycles` cycles with the given inputs, then release. */
void xlc_reset(xlc_dut *d, const xlc_in *in, unsigned cycles);

/** One clock cycle (see the file comment). */
void xlc_cycle(xlc_dut *d, const xlc_in *in, xlc_out *out);

#ifdef __cplusplus
}
#endif
#endif
