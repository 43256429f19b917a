/**
 * @file xl_mmu_ports.h
 * @brief The bit layout of xl_mmu's packed ports, in one place, for every
 * implementation of xl_dut.h (Verilator C++ and SystemC).
 *
 * Ports wider than 64 bits are handled as arrays of 32-bit words, word 0 =
 * bits 31..0.  The layouts follow rtl/xl_pkg.sv (mmu_req_t: 216 bits,
 * mmu_rsp_t: 142 bits) and the cfg_o readback of rtl/xl_mmu.sv.
 */
#ifndef XL_MMU_PORTS_H
#define XL_MMU_PORTS_H

#include <stdint.h>

#include "xl_dut.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Words of scratch enough for any port (1024 bits). */
#define XL_PORT_WORDS 40

/** Bit positions in mmu_req_t and mmu_rsp_t. */
enum {
    XL_RQ_CTL_VAL = 0, XL_RQ_CTL_MASK = 8, XL_RQ_FLUSH = 17, XL_RQ_KEEPG = 18, XL_RQ_MASID = 19, XL_RQ_MVA = 20,
    XL_RQ_ASID = 21, XL_RQ_PPN = 37, XL_RQ_WDATA = 81, XL_RQ_VA = 145, XL_RQ_AC = 209, XL_RQ_SIZE = 210,
    XL_RQ_PRIV = 212, XL_RQ_OP = 213,
    XL_RS_MT = 0, XL_RS_WALK = 2, XL_RS_CHIT = 5, XL_RS_THIT = 6, XL_RS_RDATA = 7, XL_RS_PA = 71,
    XL_RS_LEVEL = 135, XL_RS_FAULT = 138
};

/** Write `width` (<= 64) bits of `v` at bit `lsb` of the word array `w`. */
static inline void xl_port_put(uint32_t *w, unsigned lsb, unsigned width, uint64_t v)
{
    for (unsigned done = 0; done < width;) {
        unsigned b = lsb + done, wi = b / 32, bo = b % 32;
        unsigned n = 32 - bo < width - done ? 32 - bo : width - done;
        uint32_t m = n == 32 ? ~0u : ((1u << n) - 1u);
        w[wi] = (w[wi] & ~(m << bo)) | (((uint32_t)(v >> done) & m) << bo);
        done += n;
    }
}

/** Read `width` (<= 64) bits at bit `lsb` of the word array `w`. */
static inline uint64_t xl_port_get(const uint32_t *w, unsigned lsb, unsigned width)
{
    uint64_t v = 0;
    for (unsigned done = 0; done < width;) {
        unsigned b = lsb + done, wi = b / 32, bo = b % 32;
        unsigned n = 32 - bo < width - done ? 32 - bo : width - done;
        uint32_t m = n == 32 ? ~0u : ((1u << n) - 1u);
        v |= (uint64_t)((w[wi] >> bo) & m) << done;
        done += n;
    }
    return v;
}

/** Pack a request into mmu_req_t words (`w` must start zeroed). */
static inline void xl_port_pack_req(const xl_dut_req *r, uint32_t *w)
{
    xl_port_put(w, XL_RQ_CTL_VAL, 8, r->ctl_val);
    xl_port_put(w, XL_RQ_CTL_MASK, 9, r->ctl_mask);
    xl_port_put(w, XL_RQ_FLUSH, 1, r->flush);
    xl_port_put(w, XL_RQ_KEEPG, 1, r->keep_global);
    xl_port_put(w, XL_RQ_MASID, 1, r->match_asid);
    xl_port_put(w, XL_RQ_MVA, 1, r->match_va);
    xl_port_put(w, XL_RQ_ASID, 16, r->asid);
    xl_port_put(w, XL_RQ_PPN, 44, r->ppn);
    xl_port_put(w, XL_RQ_WDATA, 64, r->wdata);
    xl_port_put(w, XL_RQ_VA, 64, r->va);
    xl_port_put(w, XL_RQ_AC, 1, r->ac);
    xl_port_put(w, XL_RQ_SIZE, 2, r->size_log2);
    xl_port_put(w, XL_RQ_PRIV, 1, r->priv_u);
    xl_port_put(w, XL_RQ_OP, 3, r->op);
}

/** Unpack mmu_rsp_t words into a response. */
static inline void xl_port_unpack_rsp(const uint32_t *w, xl_dut_rsp *r)
{
    r->mt = (uint8_t)xl_port_get(w, XL_RS_MT, 2);
    r->walk_reads = (uint8_t)xl_port_get(w, XL_RS_WALK, 3);
    r->cache_hit = (uint8_t)xl_port_get(w, XL_RS_CHIT, 1);
    r->tlb_hit = (uint8_t)xl_port_get(w, XL_RS_THIT, 1);
    r->rdata = xl_port_get(w, XL_RS_RDATA, 64);
    r->pa = xl_port_get(w, XL_RS_PA, 64);
    r->level = (uint8_t)xl_port_get(w, XL_RS_LEVEL, 3);
    r->fault = (uint8_t)xl_port_get(w, XL_RS_FAULT, 4);
}

/** Cache line bytes, from the cfg_o readback (8 words). */
static inline unsigned xl_port_line_bytes(const uint32_t *cfg)
{
    return (unsigned)xl_port_get(cfg, 160, 16);
}

/** Width in bits of the debug data port, from the cfg_o readback: the
 *  widest of a line, a cache tag word, a TLB entry word and
 *  {pkru, ctl, asid, root}. */
static inline unsigned xl_port_dbg_bits(const uint32_t *cfg)
{
    unsigned line = xl_port_line_bytes(cfg);
    unsigned sets = (unsigned)xl_port_get(cfg, 136, 16);
    unsigned pa = (unsigned)xl_port_get(cfg, 24, 8);
    unsigned page = (unsigned)xl_port_get(cfg, 32, 8);
    unsigned va = (unsigned)xl_port_get(cfg, 16, 8);
    unsigned asid = (unsigned)xl_port_get(cfg, 88, 8);
    unsigned off = 0, idx = 0;
    while ((1u << off) < line)
        off++;
    while ((1u << idx) < sets)
        idx++;
    unsigned asidw = asid ? asid : 1;
    unsigned w = line * 8;
    unsigned tag = pa - off - idx + 2;
    unsigned tlbent = 1 + 3 + 1 + 4 + 6 + asidw + (va - page) + (pa - page);
    unsigned regs = (pa - page) + asidw + 8 + 32;
    w = w > tag ? w : tag;
    w = w > tlbent ? w : tlbent;
    return w > regs ? w : regs;
}

#ifdef __cplusplus
}
#endif
#endif
