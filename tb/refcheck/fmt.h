/*
 * refcheck: the page-table formats under test.  Everything that depends on
 * a format's entry layout lives behind this interface (fmt.c), so that a
 * new format (Sv57, x86 LA57) or an entry extension (Svnapot, Svpbmt) is
 * one more table entry and one more encoder, not a change to the
 * generator.
 */
#ifndef RC_FMT_H
#define RC_FMT_H

#include <stdbool.h>
#include <stdint.h>

/* Deliberately illegal features an entry may carry. */
typedef enum rc_bad {
    RC_BAD_NONE = 0,
    RC_BAD_ADDR_HI,     /* x86: an address bit at or above MAXPHYADDR (51..M) */
    RC_BAD_PS_ROOT,     /* x86: PS in a PML4E */
    RC_BAD_LARGE_LOW,   /* x86: a reserved low address bit of a 2 MiB / 1 GiB leaf (bits 13..) */
    RC_BAD_RV_HIGH,     /* RISC-V without Svnapot / Svpbmt: one of bits 63..54 */
    RC_BAD_RV_WNR,      /* RISC-V: W without R */
    RC_BAD_RV_PTR_ADU,  /* RISC-V: A, D or U in a pointer (non-leaf) entry */
    RC_BAD_RV_PTR_L0,   /* RISC-V: a pointer (R = W = X = 0) at level 0 */
    RC_BAD_MISALIGNED,  /* RISC-V: superpage PPN not aligned to the page size */
    RC_BAD_NAPOT_ENC,   /* Svnapot: N = 1 in a 4 KiB leaf with ppn[3:0] != 1000 (A = D = 1) */
    RC_BAD_NAPOT_SUPER, /* Svnapot: N = 1 in a superpage leaf, PPN aligned (A = D = 1) */
    RC_BAD_NAPOT_PTR,   /* Svnapot: N = 1 in a pointer */
    RC_BAD_PBMT_PTR,    /* Svpbmt: PBMT = 1 or 2 in a pointer */
    RC_BAD_COUNT
} rc_bad;

/* One entry, format-neutral. */
typedef struct rc_ent {
    bool present;       /* P / V */
    bool leaf;          /* maps a page (else points to a table) */
    bool r, w, x, u;    /* RISC-V R W X U; x86 uses w, u and nx (r, x unused) */
    bool nx;            /* x86 XD */
    bool g, a, d;       /* global, accessed, dirty */
    bool pwt, pcd, pat; /* x86 cache attributes (no effect on translation) */
    unsigned pkey;      /* x86 protection key (bits 62:59) */
    uint64_t ppn;       /* next table, or the page (aligned to its size) */
    rc_bad bad;         /* an illegal feature to add */
    unsigned bad_bit;   /* which bit, for the kinds that pick one */
    uint64_t noise;     /* random bits for the fields the format ignores */
    bool napot;         /* RISC-V Svnapot: a 64 KiB leaf (N = 1, ppn[3:0] = 1000; ppn is the 64 KiB block) */
    unsigned pbmt;      /* RISC-V Svpbmt: 0 PMA, 1 NC, 2 IO (3 is never generated: QEMU 7.2 translates it) */
} rc_ent;

/* What an entry of the format can express (rc_fmt.features). */
enum {
    RC_FF_PTR_PERMS = 1u << 0, /* pointers carry W, U and NX, ANDed / ORed down the walk (x86) */
    RC_FF_LEAF_RWX = 1u << 1,  /* leaves carry R, W, X (RISC-V); else readable, W and NX */
    RC_FF_NX = 1u << 2,        /* an execute-disable bit */
    RC_FF_PKEY = 1u << 3,      /* protection keys in leaves */
    RC_FF_CACHE_ATTR = 1u << 4 /* PWT / PCD / PAT bits */
};

typedef struct rc_fmt rc_fmt;
struct rc_fmt {
    const char *name;     /* "x86_64", "la57", "sv39", "sv48", "sv57": also the xlate format */
    unsigned isa;         /* RC_ISA_* */
    unsigned levels;      /* page-table levels */
    unsigned index_bits;  /* VA bits per level (9; Sv32 10) */
    unsigned pte_bytes;   /* 8 (Sv32: 4) */
    bool zext_va;         /* Sv32: a 32-bit VA, nothing above it (no non-canonical form) */
    unsigned va_bits;     /* canonical VA width */
    unsigned leaf_mask;   /* bit L: a leaf may sit at level L */
    unsigned features;    /* RC_FF_* */
    unsigned pa_bits_max; /* the format's widest physical address (x86: MAXPHYADDR is per run) */
    unsigned ncombos;     /* control combinations of the ISA (gen.c: rc_combo_decode) */
    uint64_t satp_mode;   /* RISC-V satp.MODE; 0 on x86 */
    uint64_t ram_base;    /* the guest's RAM (QEMU machine memory map) */
    uint64_t ram_end;
    uint64_t frames_base; /* generated frames: [frames_base, ram_end) */
    uint64_t image_pa;    /* where the image is loaded */
    bool has_outside;     /* PAs outside RAM give an access fault (x86: no, never generated) */
    uint64_t a_bit, d_bit; /* raw A and D bits (for reports) */
    /* Encode one entry at `level`; pa_bits is the MAXPHYADDR in force. */
    uint64_t (*encode)(const rc_fmt *f, const rc_ent *e, unsigned level, unsigned pa_bits);
    /* Kinds of illegal feature this format can carry, for a pointer (leaf = false) or a leaf at level L,
       with the run's extensions (RC_EXT_*, RISC-V). */
    bool (*bad_ok)(const rc_fmt *f, rc_bad b, bool leaf, unsigned level, unsigned pa_bits, unsigned ext);
};

/* Formats by name (NULL if unknown). */
const rc_fmt *rc_fmt_find(const char *name);
/* Every format, NULL-terminated. */
extern const rc_fmt *const rc_fmts[];

/* Page size at a level (4 KiB << index_bits L). */
static inline uint64_t rc_page_size(const rc_fmt *f, unsigned level)
{
    return 4096ull << (f->index_bits * level);
}

/* Entries per table (512; Sv32 1024). */
static inline unsigned rc_entries(const rc_fmt *f)
{
    return 1u << f->index_bits;
}

/* Index bits of `va` for `level`. */
static inline unsigned rc_index(const rc_fmt *f, uint64_t va, unsigned level)
{
    return (unsigned)((va >> (12 + f->index_bits * level)) & (rc_entries(f) - 1));
}

/* The canonical form of a VA: sign-extended from the VA width (Sv32:
 * zero-extended). */
static inline uint64_t rc_canon(const rc_fmt *f, uint64_t va)
{
    uint64_t m = 1ull << (f->va_bits - 1);
    va &= (m << 1) - 1;
    return f->zext_va ? va : (va ^ m) - m;
}

#endif
