/**
 * @file tlb_dut.h
 * @brief C interface to one Verilated xl_tlb (rtl/xl_tlb.sv), for the TLB
 * block testbench.  The implementation is a thin C++ shim (tlb_shim.cpp);
 * the harness (tb_tlb.c) is C11.
 *
 * One call, xl_tlbdut_cycle(), is one clock cycle: the inputs are applied,
 * the combinational logic settles with the clock low, the outputs are
 * sampled (so the lookup and debug-read outputs reflect the state *before*
 * this cycle's command), then the rising clock edge happens.
 *
 * Every width that depends on the preset is carried in the widest C type
 * (uint64_t, or an array of 32-bit words for the debug entry word); the
 * shim truncates to the port width.
 */
#ifndef XL_TLB_DUT_H
#define XL_TLB_DUT_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** 32-bit words carried for the debug write / read data (256 bits). */
#define XL_TLBDUT_WORDS 8

/** Debug targets (dbg_target_i). */
enum {
    XL_TLBDUT_DBG_BASE = 0,      /**< base entry (set, way) */
    XL_TLBDUT_DBG_SUPER = 1,     /**< superpage entry (way) */
    XL_TLBDUT_DBG_BASE_REPL = 2, /**< replacement state of a base set */
    XL_TLBDUT_DBG_SUPER_REPL = 3 /**< replacement state of the superpage array */
};

/** Inputs for one cycle (the xl_tlb ports without _i). */
typedef struct xl_tlbdut_in {
    /* lookup (combinational; lk_touch updates the replacement state at the edge) */
    uint64_t lk_vpn;
    uint32_t lk_asid;
    bool lk_touch;
    /* walk and refill */
    bool walk_begin;
    bool refill_valid;
    uint64_t refill_vpn;
    uint64_t refill_ppn;
    uint8_t refill_level;
    uint8_t refill_perm;
    uint8_t refill_attr;
    bool refill_napot;
    uint32_t refill_asid;
    /* invalidation primitive */
    bool inval_valid;
    bool inval_match_va;
    uint64_t inval_vpn;
    bool inval_match_asid;
    uint32_t inval_asid;
    bool inval_keep_global;
    /* debug port (the read is combinational on target/set/way) */
    bool dbg_we;
    uint8_t dbg_target;
    uint32_t dbg_set;
    uint8_t dbg_way;
    uint32_t dbg_wdata[XL_TLBDUT_WORDS]; /**< word 0 = bits 31..0 */
} xl_tlbdut_in;

/** Outputs sampled before the clock edge. */
typedef struct xl_tlbdut_out {
    bool lk_hit;
    bool lk_super;
    uint8_t lk_level;
    uint8_t lk_perm;
    uint8_t lk_attr;
    bool lk_napot;
    uint64_t lk_ppn;
    bool inval_busy;   /**< an address-less invalidation is sweeping the sets */
    uint32_t dbg_rdata[XL_TLBDUT_WORDS]; /**< word 0 = bits 31..0, zero above the port */
} xl_tlbdut_out;

typedef struct xl_tlbdut xl_tlbdut;

/**
 * Build an instance (unreset registers start random, seeded by `seed`) and
 * hold it in reset for a few cycles.  @return NULL on failure.
 */
xl_tlbdut *xl_tlbdut_new(uint32_t seed);

/** Free the instance. */
void xl_tlbdut_free(xl_tlbdut *d);

/** Hold rst_ni low for `cycles` cycles (inputs idle), then release it. */
void xl_tlbdut_reset(xl_tlbdut *d, unsigned cycles);

/** One clock cycle (see the file comment). */
void xl_tlbdut_cycle(xl_tlbdut *d, const xl_tlbdut_in *in, xl_tlbdut_out *out);

/** Cycles simulated since construction (reset cycles included). */
uint64_t xl_tlbdut_cycles(const xl_tlbdut *d);

/** Name of the preset whose parameters the simulator was built with. */
const char *xl_tlbdut_preset(void);

/**
 * The Verilator `-G` parameters the simulator was built with, as printed by
 * `xlate-model --preset P params` and filtered to xl_tlb's parameters.
 */
const char *xl_tlbdut_params(void);

#ifdef __cplusplus
}
#endif
#endif
