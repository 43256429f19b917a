/**
 * @file types.h
 * @brief Requests, results and fault causes shared by every part of xlate.
 */
#ifndef XLATE_TYPES_H
#define XLATE_TYPES_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Kind of memory access.  The numeric values are the RTL encoding. */
typedef enum xl_op {
    XL_OP_LOAD = 0,  /**< data read */
    XL_OP_STORE = 1, /**< data write */
    XL_OP_FETCH = 2  /**< instruction fetch (a read needing execute permission) */
} xl_op;

/** Privilege of an access. */
typedef enum xl_priv {
    XL_PRIV_S = 0, /**< supervisor */
    XL_PRIV_U = 1  /**< user */
} xl_priv;

/**
 * Fault causes (docs/architecture.md gives the order in which they are checked).
 * The numeric values are the RTL encoding.
 */
typedef enum xl_fault {
    XL_FAULT_NONE = 0,        /**< no fault */
    XL_FAULT_ALIGN = 1,       /**< data access not naturally aligned */
    XL_FAULT_CANONICAL = 2,   /**< VA not canonical / not sign- or zero-extended */
    XL_FAULT_BUS = 3,         /**< PTE or data PA outside physical memory */
    XL_FAULT_NOT_PRESENT = 4, /**< P / V clear */
    XL_FAULT_RESERVED = 5,    /**< reserved bit or encoding, leaf at a level that cannot hold one */
    XL_FAULT_MISALIGNED = 6,  /**< superpage PPN not aligned (RISC-V, toy) */
    XL_FAULT_USER = 7,        /**< user access to a supervisor page */
    XL_FAULT_SUPER = 8,       /**< supervisor access to a user page (SMEP / SUM=0) */
    XL_FAULT_READ = 9,        /**< load from a non-readable page */
    XL_FAULT_WRITE = 10,      /**< store to a non-writable page */
    XL_FAULT_EXEC = 11,       /**< fetch from a non-executable page */
    XL_FAULT_AD = 12,         /**< A clear, or D clear on a store, with hardware A/D updating off */
    XL_FAULT_PKEY = 13        /**< x86 protection key (PKRU) denies a data access to a user page */
} xl_fault;

/** Number of xl_fault values. */
#define XL_FAULT_COUNT 14

/** Level value meaning "no page-table level". */
#define XL_LEVEL_NONE (-1)

/** One access request. */
typedef struct xl_access {
    xl_op op;        /**< load, store or fetch */
    xl_priv priv;    /**< privilege */
    unsigned size;   /**< 1, 2, 4 or 8 bytes */
    uint64_t va;     /**< virtual address (64 bits, checked for canonical form) */
    uint64_t wdata;  /**< store data, little-endian, low `size` bytes */
    bool ac;         /**< x86 EFLAGS.AC: with CR4.SMAP set, lifts SMAP for this supervisor data access */
} xl_access;

/**
 * Translation controls: the CPU state that changes how translations are
 * checked, set at run time by the `ctl` transaction (docs/architecture.md
 * section 4.1).  Each is one bit of xl_ctl.flags; XL_CTL_PKRU names the
 * 32-bit PKRU value in a mask.  The numeric values are the RTL encoding.
 */
enum {
    XL_CTL_SUM = 1u << 0,  /**< RISC-V sstatus.SUM: supervisor may load / store user pages */
    XL_CTL_MXR = 1u << 1,  /**< RISC-V sstatus.MXR: loads may read executable pages */
    XL_CTL_ADUE = 1u << 2, /**< RISC-V menvcfg.ADUE (Svadu): hardware A/D updating; 0 = Svade faults */
    XL_CTL_WP = 1u << 3,   /**< x86 CR0.WP: supervisor writes honour read-only pages */
    XL_CTL_SMEP = 1u << 4, /**< x86 CR4.SMEP: no supervisor fetch from user pages */
    XL_CTL_SMAP = 1u << 5, /**< x86 CR4.SMAP: no supervisor data access to user pages unless AC */
    XL_CTL_NXE = 1u << 6,  /**< x86 IA32_EFER.NXE: bit 63 is XD (else reserved) */
    XL_CTL_PKE = 1u << 7,  /**< x86 CR4.PKE: protection keys */
    XL_CTL_PKRU = 1u << 8  /**< (mask only) the PKRU register */
};

/** Number of XL_CTL_* names (bits of a control mask). */
#define XL_CTL_COUNT 9
/** The flag bits of xl_ctl.flags (every XL_CTL_* but PKRU). */
#define XL_CTL_FLAGS 0xffu

/** The translation controls in force. */
typedef struct xl_ctl {
    unsigned flags; /**< XL_CTL_SUM .. XL_CTL_PKE bits that are set */
    uint32_t pkru;  /**< x86 PKRU: bit 2k = AD, bit 2k+1 = WD of key k */
} xl_ctl;

/**
 * What an access produces: every field is a checked observable.
 * On a fault, pa and rdata are 0 and cache_hit is false.
 */
typedef struct xl_result {
    xl_fault fault;      /**< fault cause, XL_FAULT_NONE if none */
    int level;           /**< level that faulted, or XL_LEVEL_NONE */
    bool tlb_hit;        /**< translation came from the TLB without a walk */
    bool cache_hit;      /**< the data access hit in the L1D */
    unsigned walk_reads; /**< page-table entries read by this access */
    uint64_t pa;         /**< physical address */
    uint64_t rdata;      /**< load / fetch data, zero-extended; 0 for stores */
    uint8_t mt;          /**< Svpbmt memory type of the translation (XL_MT_*: 0 pma, 1 nc, 2 io); 0 on a fault */
    bool has_mt;         /**< the preset has Svpbmt: `mt` is an observable (printed, compared) */
} xl_result;

/**
 * The one invalidation primitive (DESIGN.md section 2): remove every TLB
 * entry E with (!match_va || E covers va) &&
 * (!match_asid || E.asid == asid || E.global) && !(keep_global && E.global).
 */
typedef struct xl_inval {
    bool match_va;    /**< select by address */
    bool match_asid;  /**< select by ASID / PCID */
    bool keep_global; /**< global entries survive */
    uint64_t va;      /**< address, used when match_va */
    uint32_t asid;    /**< ASID / PCID, used when match_asid */
} xl_inval;

/** ISA invalidation operations, each a row of the DESIGN.md table. */
typedef enum xl_isa_inval {
    XL_INV_INVLPG = 0,          /**< x86 INVLPG va (current PCID) */
    XL_INV_INVPCID_ADDR = 1,    /**< x86 INVPCID type 0 */
    XL_INV_INVPCID_CTX = 2,     /**< x86 INVPCID type 1 */
    XL_INV_INVPCID_ALL = 3,     /**< x86 INVPCID type 2 (incl. global) */
    XL_INV_INVPCID_NONGLOBAL = 4, /**< x86 INVPCID type 3 */
    XL_INV_MOV_CR3 = 5,         /**< x86 MOV CR3 with PCID, bit 63 clear */
    XL_INV_SFENCE_ALL = 6,      /**< SFENCE.VMA x0, x0 */
    XL_INV_SFENCE_VA = 7,       /**< SFENCE.VMA va, x0 */
    XL_INV_SFENCE_ASID = 8,     /**< SFENCE.VMA x0, asid */
    XL_INV_SFENCE_VA_ASID = 9,  /**< SFENCE.VMA va, asid */
    XL_INV_RAW = 10,            /**< the primitive given directly */
    XL_INV_SINVAL_ALL = 11,     /**< Svinval SINVAL.VMA x0, x0 */
    XL_INV_SINVAL_VA = 12,      /**< SINVAL.VMA va, x0 */
    XL_INV_SINVAL_ASID = 13,    /**< SINVAL.VMA x0, asid */
    XL_INV_SINVAL_VA_ASID = 14  /**< SINVAL.VMA va, asid */
} xl_isa_inval;

/** Number of xl_isa_inval values. */
#define XL_INV_COUNT 15

/**
 * Map an ISA invalidation to the primitive.  Pure.
 * @param kind  the ISA operation (not XL_INV_RAW).
 * @param va    address operand (ignored by rows without an address).
 * @param asid  ASID / PCID operand; for INVLPG the current PCID.
 */
xl_inval xl_inval_from_isa(xl_isa_inval kind, uint64_t va, uint32_t asid);

/** Short name of a fault cause ("none", "not_present", ...). */
const char *xl_fault_name(xl_fault f);

/**
 * Parse a fault cause name.
 * @return 0 and sets *out on success, -1 for an unknown name.
 */
int xl_fault_parse(const char *name, xl_fault *out);

/** Name of a control ("sum", ..., "pkru") given by its XL_CTL_* bit, or "?". */
const char *xl_ctl_name(unsigned bit);

/**
 * Apply a control write: the controls named in `mask` (XL_CTL_* bits)
 * take their values from `set`, the others keep theirs.  Pure.
 */
xl_ctl xl_ctl_apply(xl_ctl cur, unsigned mask, xl_ctl set);

/** Name of an access kind ("load", "store", "fetch"). */
const char *xl_op_name(xl_op op);

/** Name of an ISA invalidation row ("invlpg", "invpcid0", ...). */
const char *xl_isa_inval_name(xl_isa_inval kind);

#ifdef __cplusplus
}
#endif
#endif
