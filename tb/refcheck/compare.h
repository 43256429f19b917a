/*
 * refcheck: comparing the model with QEMU, access by access and word by
 * word, with QEMU's known deviations waived one narrow condition at a time.
 */
#ifndef RC_COMPARE_H
#define RC_COMPARE_H

#include <stdint.h>
#include <stdio.h>

#include "gen.h"
#include "model.h"
#include "qemu.h"

/* QEMU 7.2 deviations and non-comparable cases (docs/refcheck.md section 7). */
typedef enum rc_waiver {
    RC_W_RV_PTE_OUTSIDE = 0, /* RISC-V: PTE address outside RAM gives a page fault, not an access fault */
    RC_W_RV_NO_SVADU,        /* RISC-V: ADUE = 0 and the model says `ad`: QEMU 7.2 has no Svade */
    RC_W_X86_RSVD_P0,        /* x86: reserved-bit #PF with P = 0 in the error code */
    RC_W_X86_1G_A,           /* x86: A set in a faulting 1 GiB leaf */
    RC_W_COUNT
} rc_waiver;

typedef struct rc_waiver_info {
    const char *name, *isa, *condition, *clause;
} rc_waiver_info;
extern const rc_waiver_info rc_waivers[RC_W_COUNT];

/* Totals of one format over its runs. */
typedef struct rc_fstats {
    uint64_t runs, runs_failed, accesses, compared, disagreements, mem_disagreements, words_checked, words_changed;
    uint64_t mclass[XL_FAULT_COUNT]; /* the model's answers */
    uint64_t ops[3];
    uint64_t combo[RC_MAX_COMBOS], combo_fault[RC_MAX_COMBOS];
    uint64_t waived[RC_W_COUNT];
    uint64_t bad[RC_BAD_COUNT];      /* illegal entries generated */
    uint64_t leaves[5];              /* leaves by level */
    uint64_t napot_leaves;           /* Svnapot 64 KiB leaves (legal ones; counted in leaves[0] too) */
    uint64_t pbmt_leaves[3];         /* leaves by Svpbmt type PMA / NC / IO */
    uint64_t ext_runs;               /* RISC-V runs with Svnapot, Svpbmt and Svinval on */
    uint64_t napot_acc[2];           /* accesses aimed at a NAPOT leaf: completed, faulted */
    uint64_t uc_acc[2];              /* accesses aimed at an NC / IO leaf: completed, faulted */
    uint64_t setctl;                 /* accesses after a control write + flush (others reuse the TLB) */
    uint64_t ctl_keep_tlb;           /* control writes that kept the TLB (RISC-V) */
} rc_fstats;

/* Where a run's files go and how to replay it. */
typedef struct rc_runctx {
    const char *dir;     /* run directory (reproducer traces land here) */
    const char *replay;  /* one-line command that replays the run */
    const char *label;   /* printed before each disagreement */
    unsigned max_print;  /* disagreements printed in full per run */
} rc_runctx;

/* Compare a finished run.  `m` is the model after every access (rc_model_run).
 * Prints disagreements to `out`.  @return the number of disagreements. */
unsigned rc_compare_run(const rc_run *run, const rc_mres *res, const rc_qlog *q, xl_mmu *m, rc_fstats *st,
                        const rc_runctx *ctx, FILE *out);

#endif
