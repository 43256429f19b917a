/**
 * @file pte.h
 * @brief Page-table entry formats: pure encode, decode and permission checks.
 *
 * Nothing here has state.  Permissions are reduced to one format-neutral
 * set of bits (::XL_PERM_R ...), the same bits a TLB entry holds.
 */
#ifndef XLATE_PTE_H
#define XLATE_PTE_H

#include <stdbool.h>
#include <stdint.h>

#include "xlate/config.h"
#include "xlate/types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Effective permission bits of a translation (TLB entry `perm` field). */
enum {
    XL_PERM_R = 1u << 0, /**< readable */
    XL_PERM_W = 1u << 1, /**< writable */
    XL_PERM_X = 1u << 2, /**< executable */
    XL_PERM_U = 1u << 3, /**< user-accessible */
    XL_PERM_G = 1u << 4, /**< global (matches every ASID) */
    XL_PERM_D = 1u << 5  /**< dirty bit of the leaf PTE */
};

/** Format-neutral PTE flag bits, used to encode entries (trace `pte` verb). */
enum {
    XL_PF_P = 1u << 0,   /**< present / valid (x86 P, RISC-V V, toy V) */
    XL_PF_R = 1u << 1,   /**< readable (RISC-V) */
    XL_PF_W = 1u << 2,   /**< writable */
    XL_PF_X = 1u << 3,   /**< executable (RISC-V, toy) */
    XL_PF_U = 1u << 4,   /**< user */
    XL_PF_G = 1u << 5,   /**< global */
    XL_PF_A = 1u << 6,   /**< accessed */
    XL_PF_D = 1u << 7,   /**< dirty */
    XL_PF_NX = 1u << 8,  /**< no-execute (x86) */
    XL_PF_PS = 1u << 9,  /**< page size / leaf above level 0 (x86 PS, toy L) */
    XL_PF_PWT = 1u << 10, /**< x86 page write-through (stored, no effect) */
    XL_PF_PCD = 1u << 11, /**< x86 page cache disable (stored, no effect) */
    XL_PF_N = 1u << 12    /**< RISC-V Svnapot: N, a NAPOT (64 KiB) page (bit 63) */
};

/** Svpbmt memory types (PTE bits 62:61; the result's `mt`). */
enum {
    XL_MT_PMA = 0, /**< the physical memory attributes: cacheable memory */
    XL_MT_NC = 1,  /**< non-cacheable, idempotent, weakly ordered (main memory) */
    XL_MT_IO = 2   /**< non-cacheable, non-idempotent, strongly ordered (I/O) */
};

/** Why an entry is `reserved` (for coverage and messages; xl_pte.why). */
typedef enum xl_rsv {
    XL_RSV_NONE = 0,       /**< not reserved */
    XL_RSV_PA = 1,         /**< address / PPN bits at or above pa_bits */
    XL_RSV_XD = 2,         /**< x86: XD (bit 63) with EFER.NXE = 0 */
    XL_RSV_LEAF_LEVEL = 3, /**< a leaf (PS, R|X, L) at a level that cannot hold one */
    XL_RSV_LARGE_BITS = 4, /**< x86: large-page bits 12+shift-1 .. 13 */
    XL_RSV_HIGH = 5,       /**< RISC-V: bits 60..54, or N / PBMT without their extension */
    XL_RSV_WNR = 6,        /**< RISC-V: W without R */
    XL_RSV_PTR_FLAGS = 7,  /**< RISC-V: a pointer with A, D or U */
    XL_RSV_PTR_LEVEL0 = 8, /**< RISC-V: a pointer at level 0 */
    XL_RSV_PBMT3 = 9,      /**< Svpbmt: PBMT = 3 */
    XL_RSV_PBMT_PTR = 10,  /**< Svpbmt: PBMT != 0 in a pointer */
    XL_RSV_NAPOT_PTR = 11, /**< Svnapot: N in a pointer */
    XL_RSV_NAPOT_SUPER = 12, /**< Svnapot: N in a leaf above level 0 */
    XL_RSV_NAPOT_ENC = 13, /**< Svnapot: N with ppn[3:0] != 1000 (only 64 KiB exists) */
    XL_RSV_TOY_L0 = 14     /**< toy: L at level 0 */
} xl_rsv;

/** Number of xl_rsv values. */
#define XL_RSV_COUNT 15

/** Short name of a reserved reason ("pbmt3", ...). */
const char *xl_rsv_name(xl_rsv r);

/** NAPOT pages: 2^XL_NAPOT_BITS base pages (64 KiB with 4 KiB pages). */
#define XL_NAPOT_BITS 4

/** Fields of an entry beyond its flags and PPN. */
typedef struct xl_pte_attr {
    unsigned pkey; /**< x86 protection key, bits 62:59 (0..15; ignored unless CR4.PKE) */
    unsigned pbmt; /**< RISC-V Svpbmt memory type, bits 62:61 (XL_MT_*; 3 is reserved) */
} xl_pte_attr;

/** A decoded page-table entry. */
typedef struct xl_pte {
    bool leaf;        /**< this entry maps a page (else it points to a table) */
    unsigned flags;   /**< XL_PF_* bits present in the raw entry */
    uint64_t ppn;     /**< physical page number (of the page, or of the next table); a NAPOT
                           leaf's is aligned to its 64 KiB */
    xl_pte_attr attr; /**< the other fields */
    xl_rsv why;       /**< the reason of a XL_FAULT_RESERVED result (XL_RSV_NONE otherwise) */
} xl_pte;

/**
 * The controls at reset: RISC-V SUM=0, MXR=0, ADUE=1 iff the preset's
 * ad_policy is hw; x86 CR0.WP=1, CR4.SMEP=1, CR4.SMAP=0, EFER.NXE=1,
 * CR4.PKE=0, PKRU=0.  Pure.
 */
xl_ctl xl_ctl_reset(const xl_config *cfg);

/** The XL_CTL_* names (mask bits) the format has: none for toy.  Pure. */
unsigned xl_ctl_supported(const xl_config *cfg);

/**
 * Whether a walk's A/D update is a fault (Svade, ad_policy = fault) rather
 * than a hardware update: RISC-V follows the ADUE control, the other
 * formats their preset's ad_policy.  Pure.
 */
bool xl_ad_fault(const xl_config *cfg, const xl_ctl *ctl);

/**
 * Decode a raw entry read at `level` and apply the legality checks of the
 * format: present, reserved bits and encodings, leaf allowed at the level,
 * superpage alignment, RISC-V non-leaf A/D/U; x86 with EFER.NXE clear:
 * bit 63 reserved; the Svnapot and Svpbmt encodings when the preset has
 * them (else their bits are reserved).  Pure.
 * @param ctl  the controls in force (NULL: their reset values).
 * @return XL_FAULT_NONE, XL_FAULT_NOT_PRESENT, XL_FAULT_RESERVED or
 *         XL_FAULT_MISALIGNED.  `out` is filled in every case.
 */
xl_fault xl_pte_decode(const xl_config *cfg, const xl_ctl *ctl, uint64_t raw, unsigned level, xl_pte *out);

/**
 * Encode an entry.  Pure.
 * @param flags  XL_PF_* bits; a bit the format lacks is an error.
 * @param ppn    physical page number; must fit the format's PPN field.
 * @param attr   other fields (NULL: all zero); a non-zero field the format
 *               lacks is an error.
 * @param raw    receives the entry.
 * @return 0, or -1 with a message (no file/line prefix) in `err`.
 */
int xl_pte_encode(const xl_config *cfg, unsigned flags, uint64_t ppn, const xl_pte_attr *attr, uint64_t *raw,
                  xl_error *err);

/** The XL_PF_* bits this format has.  Pure. */
unsigned xl_pte_flags_supported(const xl_config *cfg);

/**
 * Parse a comma-separated flag list ("p,w,u,nx").  Names: p or v, r, w, x,
 * u, g, a, d, nx, ps (toy: l), pwt, pcd, n (Svnapot).  A flag the format
 * lacks (or whose extension the preset lacks) is an error.
 * @return 0, or -1 with a message in `err`.
 */
int xl_pte_parse_flags(const xl_config *cfg, const char *list, unsigned *flags, xl_error *err);

/**
 * Raw bits to OR into an entry to set A (and D when `set_d`).  Pure.
 */
uint64_t xl_pte_ad_bits(const xl_config *cfg, bool set_d);

/**
 * Fold one more level into a walk's running permissions.  Call with
 * `acc = XL_PERM_R|XL_PERM_W|XL_PERM_X|XL_PERM_U` (x86) or 0 at the root
 * and each entry's flags in turn; for the leaf pass `leaf = true`.
 * x86 ANDs W and U and ORs NX across levels; RISC-V ORs G across levels
 * and takes R/W/X/U from the leaf; toy takes everything from the leaf.
 * @return the new running permissions (XL_PERM_* bits).  Pure.
 */
unsigned xl_perm_fold(const xl_config *cfg, unsigned acc, unsigned flags, bool leaf);

/** Starting value for xl_perm_fold(). Pure. */
unsigned xl_perm_init(const xl_config *cfg);

/**
 * Check an access against a translation's effective permissions and the
 * controls in force (not A/D; docs/architecture.md section 4).  Pure.
 * Order: user / supervisor (SUM, SMEP, SMAP with AC), then read / write /
 * execute (MXR, CR0.WP, NXE), then the x86 protection key (PKE, PKRU).
 * @param ctl   the controls (NULL: their reset values).
 * @param ac    x86 EFLAGS.AC of the access.
 * @param perm  XL_PERM_* bits of the translation.
 * @param pkey  its protection key (x86; ignored by the other formats).
 * @return XL_FAULT_NONE, XL_FAULT_USER, XL_FAULT_SUPER, XL_FAULT_READ,
 *         XL_FAULT_WRITE, XL_FAULT_EXEC or XL_FAULT_PKEY.
 */
xl_fault xl_perm_check(const xl_config *cfg, const xl_ctl *ctl, xl_op op, xl_priv priv, bool ac, unsigned perm,
                       unsigned pkey);

/**
 * Check that a VA is canonical for the format (x86-64 and RISC-V: bits
 * above va_bits-1 equal bit va_bits-1; toy: bits above va_bits-1 zero).  Pure.
 */
bool xl_va_canonical(const xl_config *cfg, uint64_t va);

#ifdef __cplusplus
}
#endif
#endif
