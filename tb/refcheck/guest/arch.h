/*
 * What each bare-metal program (rv/, x86/) provides to the common loop in
 * common.c.  Freestanding C11: no library, no exit().
 */
#ifndef RC_GUEST_ARCH_H
#define RC_GUEST_ARCH_H

#include <stdint.h>

#include "../image.h"

/* Result of one access, as the hardware reported it. */
typedef struct rc_res {
    uint64_t trapped; /* 0: completed; 1: trapped */
    uint64_t cause;   /* RISC-V mcause; x86 vector */
    uint64_t tval;    /* RISC-V mtval; x86 CR2 (vector 14) */
    uint64_t code;    /* x86 error code */
    uint64_t data;    /* load data (zero-extended) */
    uint64_t ident;   /* load / store: the aligned 8-byte word read back; fetch: the slot's identifier */
    uint64_t pte;     /* the entry at rc_acc.pte_pa after the access */
} rc_res;

void arch_putc(char c);
/* Information lines about the CPU (x86: CPUID; RISC-V: menvcfg, after
 * setting menvcfg.PBMTE if the image's CPU has Svpbmt). */
void arch_info(const rc_hdr *h);
/* Switch to the test address space (root from the image). */
void arch_enter(const rc_hdr *h);
/* Back to the set-up mapping (identity, every page reachable). */
void arch_leave(void);
/* Write the controls of `a` and flush the TLB. */
void arch_set_ctl(const rc_hdr *h, const rc_acc *a);
/* Perform access `a` and report it in `r`. */
void arch_access(const rc_hdr *h, const rc_acc *a, rc_res *r);
/* Flush the TLB (set-up phase). */
void arch_flush(void);
/* Make freshly written code frames executable (fence.i). */
void arch_sync_code(void);
/* Stop the machine; `ok` selects the exit status. */
void arch_exit(int ok) __attribute__((noreturn));

/* common.c */
void rc_puts(const char *s);
void rc_puthex(uint64_t v);
void rc_fatal(const char *what, uint64_t a, uint64_t b) __attribute__((noreturn));
void rc_main(const void *image) __attribute__((noreturn));

#endif
