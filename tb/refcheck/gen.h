/*
 * refcheck generator: one run = an OS-like address space (page tables of
 * one format, data and code frames) plus a list of accesses, each under a
 * combination of translation controls.  Deterministic from (format, seed,
 * accesses, MAXPHYADDR).
 */
#ifndef RC_GEN_H
#define RC_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fmt.h"

/* Numbers of things a format may have at most. */
#define RC_MAX_COMBOS 128u
#define RC_MAX_ENTRIES 1024u /* entries per table (Sv32) */
#include "image.h"

/* ---- random numbers (splitmix64 seeding xoshiro256**) ------------------ */
typedef struct rc_rng {
    uint64_t s[4];
} rc_rng;

void rc_rng_seed(rc_rng *r, uint64_t seed);
uint64_t rc_rng_next(rc_rng *r);
/* Uniform in [0, n), n > 0. */
uint64_t rc_rng_below(rc_rng *r, uint64_t n);
/* True with probability pct / 100. */
bool rc_rng_pct(rc_rng *r, unsigned pct);

/* ---- control combinations ------------------------------------------------ */
/* x86: CPL, CR0.WP, CR4.SMEP, CR4.SMAP, EFLAGS.AC, EFER.NXE, CR4.PKE (128).
 * RISC-V: privilege, SUM, MXR, ADUE (16). */
unsigned rc_combo_count(const rc_fmt *f);
/* The combination's access privilege, controls (RC_C_*) and AC. */
void rc_combo_decode(const rc_fmt *f, unsigned combo, unsigned *priv, uint32_t *ctl, bool *ac);
/* "cpl3 wp smep smap ac nxe pke" style name (a '-' for a clear control). */
void rc_combo_name(const rc_fmt *f, unsigned combo, char *buf, size_t len);

/* ---- the generated run --------------------------------------------------- */
enum { RC_FR_TABLE = 1, RC_FR_DATA = 2, RC_FR_CODE = 3, RC_FR_OUTSIDE = 4 };
enum { RC_S_EMPTY = 0, RC_S_PTR, RC_S_LEAF, RC_S_HOLE, RC_S_FIXED };

typedef struct rc_table {
    uint64_t pa;
    unsigned level;       /* level of its entries (0 = base pages) */
    uint64_t va_base;     /* VA of entry 0 (before sign extension) */
    bool fixed;           /* x86: the harness's own mapping */
    uint8_t kind[RC_MAX_ENTRIES];    /* RC_S_* */
    uint8_t bad[RC_MAX_ENTRIES];     /* rc_bad of each entry */
    int32_t ref[RC_MAX_ENTRIES];     /* RC_S_PTR: child table; RC_S_LEAF: leaf */
    uint64_t raw[RC_MAX_ENTRIES];    /* the entries as written (Sv32: the low 32 bits) */
} rc_table;

typedef struct rc_leaf {
    uint64_t va;          /* canonical VA of the page */
    unsigned level;
    uint64_t pa;          /* page base a correct walk reaches */
    unsigned table, slot; /* where its entry is */
    bool broken;          /* it, or an entry above it, is illegal */
    bool napot;           /* Svnapot: a 64 KiB page (level 0, 16 identical entries) */
    unsigned pbmt;        /* Svpbmt: 0 PMA, 1 NC, 2 IO */
    unsigned n;           /* frames of interest inside the page */
    uint64_t fpa[4];      /* their PAs */
    uint8_t fkind[4];     /* RC_FR_* */
} rc_leaf;

typedef struct rc_run {
    const rc_fmt *fmt;
    uint64_t seed;
    unsigned pa_bits;     /* x86 MAXPHYADDR; RISC-V 56 */
    unsigned ext;         /* RISC-V extensions of this run (RC_EXT_*: all or none); 0 on x86 */
    uint64_t stub_va;     /* x86 user stub */
    rc_table *tables;
    unsigned ntables, cap_tables;
    rc_leaf *leaves;
    unsigned nleaves, cap_leaves;
    uint64_t window;      /* bytes of the frame window in use (<= RC_WINDOW) */
    uint64_t scatter[16]; /* 2 MiB regions outside the window where superpage frames go */
    uint32_t *holes;      /* table << 10 | slot of RC_S_HOLE slots */
    unsigned nholes, cap_holes;
    uint64_t *data, *code;
    unsigned ndata, ncode, cap_data, cap_code;
    uint64_t *fmap_key;   /* frame map: PPN + 1 -> kind */
    uint8_t *fmap_val;
    size_t fmap_cap, fmap_n;
    rc_acc *acc;
    uint16_t *combo;      /* combination of each access */
    unsigned nacc;
    unsigned bad_count[RC_BAD_COUNT]; /* illegal features placed */
    rc_rng rng;
} rc_run;

/* Generate a run.  ext: the RISC-V extensions (RC_EXT_*), ignored on x86.
 * @return 0, or -1 with a message (out of memory, bad arguments). */
int rc_gen(rc_run *r, const rc_fmt *f, uint64_t seed, unsigned nacc, unsigned pa_bits, unsigned ext, char *err,
           size_t errlen);
void rc_run_free(rc_run *r);
/* What the generator put at a PA's frame (0 if nothing). */
unsigned rc_frame_kind(const rc_run *r, uint64_t pa);
/* The leaf a canonical VA reaches in the generated tree (>= 0), -1 none, -2 the x86 harness map. */
int rc_resolve(const rc_run *r, uint64_t va);
/* Is the frame at pa a data frame reached only through Svpbmt NC / IO leaves? */
bool rc_frame_uc(const rc_run *r, uint64_t pa);
/* The 8-byte word k (0..511) of table t's frame as installed (entries packed at pte_bytes). */
uint64_t rc_table_word(const rc_run *r, unsigned t, unsigned k);
/* Serialise the run as an image (image.h).  @return 0, or -1 with a message. */
int rc_image_write(const rc_run *r, const char *path, char *err, size_t errlen);

#endif
