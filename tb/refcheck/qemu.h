/*
 * refcheck: the reference side of a run.  QEMU 7.2 (TCG) runs the guest
 * program (tb/refcheck/guest/) on the run's image; the guest reports on the
 * serial port (docs/refcheck.md section 5), which this parses.
 */
#ifndef RC_QEMU_H
#define RC_QEMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "gen.h"

typedef struct rc_qres {
    char st;          /* 'o' completed, 't' trapped, 0 no line */
    uint64_t a, b, c, d; /* o: data, ident.  t: cause, tval, error code, extra */
    uint64_t pte;     /* the entry at rc_acc.pte_pa after the access */
} rc_qres;

typedef struct rc_qword {
    uint64_t pa, val;
} rc_qword;

typedef struct rc_qlog {
    rc_qres *acc;         /* nacc entries */
    unsigned nacc, got;   /* expected, received access lines */
    rc_qword *words;      /* changed words reported at the end */
    unsigned nwords, cap_words;
    bool have_h, have_s, have_e, have_i;
    uint64_t h_isa, h_seed, h_n, e_n, e_changed;
    unsigned maxphyaddr, smep, smap, pku, pdpe1gb, nx, la57, cr4_la57; /* x86 `I` line */
    uint64_t menvcfg;     /* RISC-V `I` line: menvcfg after setting ADUE, and PBMTE with Svpbmt */
    char fatal[160];      /* an `F` line (the guest stopped) */
    unsigned bad_lines;   /* lines that are none of these */
} rc_qlog;

/* The QEMU binaries and guest programs. */
typedef struct rc_tools {
    const char *qemu_x86, *qemu_rv, *qemu_rv32;
    const char *guest_x86, *guest_rv, *guest_rv32; /* guest_rv32: the RISC-V program built for RV32 (Sv32) */
} rc_tools;

/* Start QEMU on `image` for `run`; the serial output goes to `serial`, QEMU's
 * own messages to `errlog`.  Writes the command line into cmd.
 * @return the child's pid, or -1 with a message. */
pid_t rc_qemu_start(const rc_run *run, const rc_tools *t, const char *image, const char *serial, const char *errlog,
                    char *cmd, size_t cmdlen, char *err, size_t errlen);

/* Parse a serial log for a run of nacc accesses.  @return 0, or -1 (out of memory, unreadable). */
int rc_qlog_parse(const char *path, unsigned nacc, rc_qlog *q, char *err, size_t errlen);
void rc_qlog_free(rc_qlog *q);

/* Is an executable named `prog` (a path, or a name looked up in PATH) there? */
bool rc_have_program(const char *prog);

#endif
