/*
 * refcheck: the golden model's side of a run.  The accesses run in process
 * through libxlate on a configuration that matches what QEMU emulates
 * (rc_model_config), with the controls and TLB flushes the guest applies.
 */
#ifndef RC_MODEL_H
#define RC_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gen.h"
#include "xlate/mmu.h"

/* One access on the model. */
typedef struct rc_mres {
    xl_result r;       /* the result compared with QEMU */
    xl_result r0;      /* the model's answer under the access's own controls (differs from r only after a re-run) */
    uint64_t ident;    /* load / store: the 8-byte word at pa & ~7 after the access; fetch: pa */
    bool rerun_adue;   /* ADUE = 0 gave `ad`; r is the same access with ADUE = 1 (waiver rv-no-svadu) */
    bool x86_1g_a;     /* QEMU's A in a faulting 1 GiB leaf was mirrored (waiver x86-1g-accessed) */
    bool pk_cond;      /* x86: the SDM's condition for the PK bit of the error code holds */
    uint64_t pte_pa;   /* x86_1g_a: the entry */
    uint64_t pte;      /* the entry at rc_acc.pte_pa after the access (as the guest reports it) */
} rc_mres;

/* The xlate configuration text for a run's format (docs/config.md syntax). */
void rc_model_config(const rc_run *run, char *buf, size_t len);

/* Run accesses [0, upto) of `run` on a fresh model `m` (which the caller
 * frees with xl_mmu_free, also after a failure).  res (upto entries) may be
 * NULL.  @return 0, or -1 with a message. */
int rc_model_run(const rc_run *run, xl_mmu *m, rc_mres *res, unsigned upto, char *err, size_t errlen);

/* The 8-byte word at 8-aligned pa as the model sees it (through its L1D). */
uint64_t rc_model_peek(xl_mmu *m, uint64_t pa);

/* The model's control set for an access's RC_C_* bits. */
xl_ctl rc_model_ctl(const rc_acc *a);

#endif
