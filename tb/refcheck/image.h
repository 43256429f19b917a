/*
 * refcheck image: what the host tool (tb/refcheck/refcheck.c) hands to the
 * bare-metal programs (tb/refcheck/guest/) that run under QEMU.  Shared by
 * the host (hosted C11) and both guests (freestanding), so it uses only
 * <stdint.h> types and no library calls.  Everything is little-endian.
 *
 * Layout of an image (offsets from its start; docs/refcheck.md section 3):
 *
 *   rc_hdr                                     at 0
 *   uint64_t table_pa[n_tables]                at tables_off
 *   uint8_t  table_data[n_tables][4096]        at frames_off (4 KiB aligned)
 *   uint64_t data_pa[n_data]                   at data_off   (contents: rc_data_word)
 *   uint64_t code_pa[n_code]                   at code_off   (contents: the ISA's code slots)
 *   rc_acc   acc[n_acc]                        at acc_off
 *
 * The guest copies every table frame to its PA, fills every data and code
 * frame by formula, runs the accesses in order and reports one line per
 * access, then every 8-byte word of those frames that differs from its
 * initial value, on the serial port (section 5 of docs/refcheck.md).
 */
#ifndef RC_IMAGE_H
#define RC_IMAGE_H

#include <stdint.h>

#define RC_MAGIC 0x3143455246434c58ull /* "XLCFREC1" */
#define RC_VERSION 2u
#define RC_PAGE 4096u

/* Formats (the guest's ISA follows from it). */
enum { RC_ISA_X86_64 = 1, RC_ISA_SV39 = 2, RC_ISA_SV48 = 3, RC_ISA_SV57 = 4, RC_ISA_LA57 = 5, RC_ISA_SV32 = 6 };

/* x86 (4- or 5-level paging), else RISC-V */
static inline int rc_isa_x86(uint32_t isa)
{
    return isa == RC_ISA_X86_64 || isa == RC_ISA_LA57;
}

/* rc_hdr.ext: the RISC-V extensions the run's QEMU CPU has (and the model's
 * configuration lists); the guest sets menvcfg.PBMTE with RC_EXT_SVPBMT. */
enum { RC_EXT_SVNAPOT = 1u << 0, RC_EXT_SVPBMT = 1u << 1, RC_EXT_SVINVAL = 1u << 2 };
#define RC_EXT_ALL (RC_EXT_SVNAPOT | RC_EXT_SVPBMT | RC_EXT_SVINVAL)

/* Access kinds. */
enum { RC_OP_LOAD = 0, RC_OP_STORE = 1, RC_OP_FETCH = 2 };
enum { RC_PRIV_S = 0, RC_PRIV_U = 1 };

/* rc_acc.flags */
enum {
    RC_F_SETCTL = 1u << 0, /* write the controls, then flush the TLB (CR3 reload / SFENCE.VMA) */
    RC_F_AC = 1u << 1,     /* x86 EFLAGS.AC for this access */
    RC_F_NOFLUSH = 1u << 2 /* with RC_F_SETCTL, RISC-V: write SUM / MXR without SFENCE.VMA */
};

/* rc_acc.ctl: the controls in force for this access (guest-side names). */
enum {
    RC_C_SUM = 1u << 0,  /* RISC-V sstatus.SUM */
    RC_C_MXR = 1u << 1,  /* RISC-V sstatus.MXR */
    RC_C_ADUE = 1u << 2, /* RISC-V menvcfg.ADUE: model only (QEMU 7.2 has no Svadu) */
    RC_C_WP = 1u << 3,   /* x86 CR0.WP */
    RC_C_SMEP = 1u << 4, /* x86 CR4.SMEP */
    RC_C_SMAP = 1u << 5, /* x86 CR4.SMAP */
    RC_C_NXE = 1u << 6,  /* x86 IA32_EFER.NXE */
    RC_C_PKE = 1u << 7   /* x86 CR4.PKE (PKRU in rc_acc.pkru) */
};

typedef struct rc_hdr {
    uint64_t magic;       /* RC_MAGIC */
    uint32_t version;     /* RC_VERSION */
    uint32_t isa;         /* RC_ISA_* */
    uint32_t n_tables, n_data, n_code, n_acc;
    uint64_t root_pa;     /* CR3 / satp.PPN << 12 of the test address space */
    uint64_t satp_mode;   /* RISC-V satp.MODE (1 = Sv32, 8 = Sv39, 9 = Sv48, 10 = Sv57); 0 on x86 */
    uint64_t stub_va;     /* x86: VA of the user-mode access stub (tb/refcheck/guest/x86/isr.S) */
    uint64_t tables_off, frames_off, data_off, code_off, acc_off;
    uint64_t total_bytes; /* whole image */
    uint64_t checksum;    /* rc_checksum of the image with this field zero */
    uint64_t seed;        /* generator seed (reported back, for the log) */
    uint64_t ext;         /* RC_EXT_* (RISC-V); 0 on x86 */
} rc_hdr;

typedef struct rc_acc {
    uint8_t op, size, priv, flags; /* RC_OP_*, 1/2/4/8, RC_PRIV_*, RC_F_* */
    uint32_t ctl;                  /* RC_C_* */
    uint32_t pkru;                 /* x86 PKRU */
    uint32_t pad;
    uint64_t va;
    uint64_t wdata;                /* store data, low `size` bytes */
    uint64_t pte_pa;               /* the last entry on the VA's path: reported after the access (0: none) */
} rc_acc;

/* Fixed guest layout (physical addresses). */
#define RC_X86_RAM_END 0x80000000ull    /* -m 2048 on the pc machine: RAM 0 .. 2 GiB */
#define RC_X86_IMAGE_PA 0x01000000ull   /* image loaded here (-device loader) */
#define RC_X86_FRAMES_PA 0x02000000ull  /* generated frames live in [this, RAM end) */
#define RC_X86_USTUB_PA 0x00400000ull   /* the user stub's page (linker script) */
#define RC_X86_HARNESS_END 0x06000000ull /* identity-mapped while testing: harness, image, the page tables */
#define RC_RV_RAM_BASE 0x80000000ull    /* virt machine DRAM, -m 2048 */
#define RC_RV_RAM_END 0x100000000ull
#define RC_RV_IMAGE_PA 0x81000000ull
#define RC_RV_FRAMES_PA 0x82000000ull
#define RC_IMAGE_MAX 0x01000000ull      /* largest image, with the guest's result buffer after it */
#define RC_WINDOW 0x04000000ull         /* tables and 4 KiB-page frames: [frames base, + this) */

/* Code frames hold RC_SLOT-byte slots; a fetch targets a slot's first byte. */
#define RC_SLOT 16u

/* Initial contents of a data frame: the 8-byte word at 8-aligned PA `pa`.
 * An odd multiplier, so the PA can be recovered from an unmodified word. */
#define RC_DATA_MUL 0x9E3779B97F4A7C15ull
static inline uint64_t rc_data_word(uint64_t pa)
{
    return (pa ^ 0x00C0FFEE00000000ull) * RC_DATA_MUL;
}

/* The code slot at 16-aligned PA `pa`: it puts an identifier of its PA in a
 * register and traps, so the reached PA is observable.
 *   RISC-V: lui a0,hi; addiw a0,a0,lo (RV32: addi) (a0 = pa >> 4); ecall; ebreak
 *   x86:    mov eax, pa (imm32); ud2; int3 x 9
 * Written as two 8-byte words. */
static inline void rc_code_slot(uint32_t isa, uint64_t pa, uint64_t out[2])
{
    if (rc_isa_x86(isa)) {
        uint64_t id = pa & 0xffffffffull;
        out[0] = 0xb8ull | (id << 8) | (0x0full << 40) | (0x0bull << 48) | (0xccull << 56);
        out[1] = 0xccccccccccccccccull;
    } else {
        uint32_t x = (uint32_t)(pa >> 4);
        uint32_t lo = x & 0xfffu, hi;
        if (lo & 0x800u)
            lo |= 0xfffff000u; /* sign-extended low part */
        hi = (x - lo) & 0xfffff000u;
        uint32_t lui = hi | (10u << 7) | 0x37u;
        uint32_t addiw = ((lo & 0xfffu) << 20) | (10u << 15) | (10u << 7) | (isa == RC_ISA_SV32 ? 0x13u : 0x1bu);
        out[0] = (uint64_t)lui | ((uint64_t)addiw << 32);
        out[1] = 0x00000073ull | (0x00100073ull << 32);
    }
}

/* Checksum of n 8-byte words. */
static inline uint64_t rc_checksum(const uint64_t *w, uint64_t n)
{
    uint64_t s = 0x1234567887654321ull;
    for (uint64_t i = 0; i < n; i++)
        s = (s ^ w[i]) * 0x100000001B3ull + (s >> 29);
    return s;
}

#endif
