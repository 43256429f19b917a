/*
 * refcheck: the golden model (libxlate) against QEMU 7.2 as an independent
 * reference, on random page tables and accesses (docs/refcheck.md).
 *
 *   refcheck [--n N] [--seed S] [--formats x86_64,la57,sv39,sv48,sv57,sv32] [--run-size M]
 *            [--jobs J] [--timeout SEC] [--dir DIR] [--label NAME] TOOLS
 *   refcheck one --fmt F --seed S --n M [--phys-bits P] [--ext on|off] [--dir DIR] TOOLS
 *
 * TOOLS: --qemu-x86 BIN --qemu-rv BIN --qemu-rv32 BIN --guest-x86 ELF --guest-rv ELF --guest-rv32 ELF.
 * Exit status: 0 every run agreed (beyond the waivers), 1 disagreements,
 * 2 bad usage or missing tools, 3 a host error.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "compare.h"
#include "gen.h"
#include "model.h"
#include "qemu.h"

#define MAX_RUNS 1024

static FILE *report;

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    if (report) {
        va_start(ap, fmt);
        vfprintf(report, fmt, ap);
        va_end(ap);
    }
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int usage(const char *msg)
{
    fprintf(stderr,
            "refcheck: %s\n"
            "usage: refcheck [--n N] [--seed S] [--formats x86_64,la57,sv39,sv48,sv57,sv32] [--run-size M] [--jobs J]\n"
            "                [--timeout SEC] [--dir DIR] [--label NAME] TOOLS\n"
            "       refcheck one --fmt F --seed S --n M [--phys-bits P] [--ext on|off] [--dir DIR] TOOLS\n"
            "TOOLS: --qemu-x86 BIN --qemu-rv BIN --qemu-rv32 BIN --guest-x86 ELF --guest-rv ELF --guest-rv32 ELF\n",
            msg);
    return 2;
}

static int parse_u64(const char *s, uint64_t *v)
{
    char *e;
    if (s == NULL || *s == '\0' || *s == '-')
        return -1;
    errno = 0;
    unsigned long long x = strtoull(s, &e, 0);
    if (errno || *e)
        return -1;
    *v = x;
    return 0;
}

static uint64_t mix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

/* x86 runs cycle through these MAXPHYADDR values (QEMU's TCG default is 40). */
static const unsigned phys_bits_cycle[] = {40, 36, 39, 44, 46, 48, 52};

/* RISC-V runs have Svnapot, Svpbmt and Svinval all on (as the presets), or
 * (one run in three, so that bits 63:54 are checked as reserved) all off. */
static unsigned ext_cycle(const rc_fmt *f, unsigned r)
{
    /* Sv32 (RV32): no Svnapot / Svpbmt; runs without extensions */
    return rc_isa_x86(f->isa) || f->isa == RC_ISA_SV32 || (r + f->isa) % 3 == 0 ? 0 : RC_EXT_ALL;
}

typedef struct job {
    const rc_fmt *fmt;
    unsigned fi, idx, nacc, pa_bits, ext;
    uint64_t seed;
    rc_run run;
    rc_mres *res;
    xl_mmu m;
    pid_t pid;
    int status;
    bool timed_out;
    double t0;
    char dir[512], image[600], serial[600], errlog[600], replay[2048], cmd[4096];
} job;

typedef struct opts {
    const char *prog; /* argv[0], for the replay commands */
    uint64_t n, seed, run_size, jobs, timeout, phys_bits;
    unsigned ext; /* `one`: RC_EXT_* of the RISC-V run */
    const char *dir, *label, *formats;
    rc_tools tools;
    bool one;
    const char *one_fmt;
} opts;

static int mkdirs(const char *path)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(buf, 0755) != 0 && errno != EEXIST)
                return -1;
            *p = '/';
        }
    return mkdir(buf, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

static int write_text(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    if (fp == NULL)
        return -1;
    int bad = fputs(text, fp) < 0;
    return (fclose(fp) != 0 || bad) ? -1 : 0;
}

/* Remove the reproducers an earlier run left in dir (only ours: repro-*.trace). */
static void remove_old_repros(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    if (d == NULL)
        return;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (strncmp(e->d_name, "repro-", 6) == 0 && n > 12 && strcmp(e->d_name + n - 6, ".trace") == 0) {
            char path[800];
            snprintf(path, sizeof path, "%.500s/%.250s", dir, e->d_name);
            unlink(path);
        }
    }
    closedir(d);
}

/* Generate, write the image, start QEMU, then run the model while QEMU runs. */
static int start_job(job *j, const opts *o, char *err, size_t errlen)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%.400s/%s-%03u", o->dir, j->fmt->name, j->idx);
    memcpy(j->dir, dir, sizeof dir);
    snprintf(j->image, sizeof j->image, "%s/image.bin", dir);
    snprintf(j->serial, sizeof j->serial, "%s/serial.log", dir);
    snprintf(j->errlog, sizeof j->errlog, "%s/qemu.log", dir);
    if (mkdirs(j->dir) != 0) {
        snprintf(err, errlen, "cannot create %.400s: %.60s", j->dir, strerror(errno));
        return -1;
    }
    remove_old_repros(j->dir);
    if (rc_gen(&j->run, j->fmt, j->seed, j->nacc, j->pa_bits, j->ext, err, errlen) != 0)
        return -1;
    if (rc_image_write(&j->run, j->image, err, errlen) != 0)
        return -1;
    char cfg[2048], path[600];
    rc_model_config(&j->run, cfg, sizeof cfg);
    snprintf(path, sizeof path, "%s/model.cfg", j->dir);
    if (write_text(path, cfg) != 0) {
        snprintf(err, errlen, "cannot write %.400s", path);
        return -1;
    }
    /* the replay command: this program, this run, the tools if not the defaults */
    char pb[32] = "", tools[1024] = "";
    if (rc_isa_x86(j->fmt->isa))
        snprintf(pb, sizeof pb, " --phys-bits %u", j->pa_bits);
    else
        snprintf(pb, sizeof pb, " --ext %s", j->ext ? "on" : "off");
    {
        const char *def[6] = {"qemu-system-x86_64", "qemu-system-riscv64", "qemu-system-riscv32",
                              "build/refcheck/guest-x86.elf", "build/refcheck/guest-rv.elf",
                              "build/refcheck/guest-rv32.elf"};
        const char *val[6] = {o->tools.qemu_x86,  o->tools.qemu_rv,  o->tools.qemu_rv32,
                              o->tools.guest_x86, o->tools.guest_rv, o->tools.guest_rv32};
        const char *opt[6] = {"--qemu-x86", "--qemu-rv", "--qemu-rv32", "--guest-x86", "--guest-rv", "--guest-rv32"};
        size_t at = 0;
        for (int k = 0; k < 6; k++)
            if (strcmp(def[k], val[k]) != 0 && at < sizeof tools)
                at += (size_t)snprintf(tools + at, sizeof tools - at, " %s %.200s", opt[k], val[k]);
    }
    snprintf(j->replay, sizeof j->replay, "%.200s one --fmt %s --seed 0x%" PRIx64 " --n %u%s --dir %.200s/replay%.1000s",
             o->prog, j->fmt->name, j->seed, j->nacc, pb, o->dir, tools);
    j->t0 = now_s();
    j->pid = rc_qemu_start(&j->run, &o->tools, j->image, j->serial, j->errlog, j->cmd, sizeof j->cmd, err, errlen);
    if (j->pid < 0)
        return -1;
    snprintf(path, sizeof path, "%s/qemu.cmd", j->dir);
    write_text(path, j->cmd);
    j->res = calloc(j->nacc ? j->nacc : 1, sizeof *j->res);
    if (j->res == NULL) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (rc_model_run(&j->run, &j->m, j->res, j->nacc, err, errlen) != 0)
        return -1;
    return 0;
}

static unsigned finish_job(job *j, const opts *o, rc_fstats *st)
{
    rc_qlog q;
    char err[256], label[96];
    double dt = now_s() - j->t0;
    snprintf(label, sizeof label, "%s%s%s run %u", o->label, o->label[0] ? ": " : "", j->fmt->name, j->idx);
    if (rc_qlog_parse(j->serial, j->nacc, &q, err, sizeof err) != 0) {
        say("%s: %s\n", label, err);
        rc_qlog_free(&q);
        st->runs++;
        st->runs_failed++;
        return 1;
    }
    rc_runctx ctx = {j->dir, j->replay, label, 5};
    unsigned before[RC_W_COUNT];
    for (unsigned w = 0; w < RC_W_COUNT; w++)
        before[w] = (unsigned)st->waived[w];
    char *buf = NULL;
    size_t blen = 0;
    FILE *mem = open_memstream(&buf, &blen);
    unsigned dis = mem ? rc_compare_run(&j->run, j->res, &q, &j->m, st, &ctx, mem) : 1;
    if (j->timed_out || !WIFEXITED(j->status) ||
        WEXITSTATUS(j->status) != (rc_isa_x86(j->fmt->isa) ? 33 : 0)) {
        if (mem)
            fprintf(mem, "%s: QEMU %s (status 0x%x); its messages: %s\n", label,
                    j->timed_out ? "timed out and was killed" : "did not exit cleanly", j->status, j->errlog);
        if (!dis)
            st->runs_failed++;
        dis++;
    }
    /* every control combination must occur in every run */
    unsigned nc = rc_combo_count(j->fmt), missing = 0;
    uint8_t seen[RC_MAX_COMBOS] = {0};
    for (unsigned i = 0; i < j->run.nacc; i++)
        seen[j->run.combo[i]] = 1;
    for (unsigned c = 0; c < nc; c++)
        missing += !seen[c];
    if (missing) {
        if (mem)
            fprintf(mem, "%s: %u of %u control combinations never exercised (run too short: use more accesses)\n",
                    label, missing, nc);
        if (!dis)
            st->runs_failed++;
        dis++;
    }
    if (mem)
        fclose(mem);
    char wv[256] = "";
    unsigned wat = 0, wsum = 0;
    for (unsigned w = 0; w < RC_W_COUNT; w++) {
        unsigned d = (unsigned)st->waived[w] - before[w];
        wsum += d;
        if (d && wat < sizeof wv)
            wat += (unsigned)snprintf(wv + wat, sizeof wv - wat, "%s%s %u", wat ? ", " : "", rc_waivers[w].name, d);
    }
    char mp[24] = "";
    if (rc_isa_x86(j->fmt->isa))
        snprintf(mp, sizeof mp, "  maxphyaddr %u", j->pa_bits);
    else
        snprintf(mp, sizeof mp, "  ext %s", j->ext ? "on" : "off");
    say("  %-6s run %-3u seed=0x%016" PRIx64 " %5u accesses%-15s  %s: %u disagreement%s, %u waived%s%s%s  [%.2f s]\n",
        j->fmt->name, j->idx, j->seed, j->nacc, mp, dis ? "FAILED" : "ok", dis, dis == 1 ? "" : "s", wsum,
        wsum ? " (" : "", wv, wsum ? ")" : "", dt);
    if (buf && blen)
        say("%s", buf);
    free(buf);
    rc_qlog_free(&q);
    xl_mmu_free(&j->m);
    free(j->res);
    j->res = NULL;
    rc_run_free(&j->run);
    return dis;
}

static void summary(const opts *o, rc_fstats *st, const rc_fmt *const *fmts, unsigned nf, double wall)
{
    uint64_t acc = 0, cmp = 0, dis = 0, runs = 0, failed = 0, waived = 0, memw = 0;
    for (unsigned i = 0; i < nf; i++) {
        acc += st[i].accesses;
        cmp += st[i].compared;
        dis += st[i].disagreements + st[i].mem_disagreements;
        runs += st[i].runs;
        failed += st[i].runs_failed;
        memw += st[i].words_checked;
        for (unsigned w = 0; w < RC_W_COUNT; w++)
            waived += st[i].waived[w];
    }
    say("\n== refcheck summary%s%s\n", o->label[0] ? ": " : "", o->label);
    say("accesses compared: %" PRIu64 " of %" PRIu64 " in %" PRIu64 " QEMU runs; %" PRIu64
        " memory words compared at the end\n",
        cmp, acc, runs, memw);
    say("disagreements beyond the waivers: %" PRIu64 "; waived: %" PRIu64 "; wall time %.1f s (%.0f accesses/s, %u "
        "QEMU jobs at a time)\n",
        dis, waived, wall, wall > 0 ? (double)cmp / wall : 0.0, (unsigned)o->jobs);
    for (unsigned i = 0; i < nf; i++) {
        const rc_fstats *s = &st[i];
        const rc_fmt *f = fmts[i];
        if (s->runs == 0)
            continue;
        say("\n-- %s: %" PRIu64 " runs, %" PRIu64 " accesses (%" PRIu64 " loads, %" PRIu64 " stores, %" PRIu64
            " fetches; %" PRIu64 " right after a control write + TLB flush, the rest on a warm TLB, %" PRIu64
            " of them right after a control write that kept the TLB), %" PRIu64 " disagreements, %" PRIu64
            " memory words differ (of %" PRIu64 ", %" PRIu64 " changed by the run)\n",
            f->name, s->runs, s->accesses, s->ops[0], s->ops[1], s->ops[2], s->setctl, s->ctl_keep_tlb,
            s->disagreements, s->mem_disagreements, s->words_checked, s->words_changed);
        say("   the model's answers:");
        for (unsigned c = 0; c < XL_FAULT_COUNT; c++)
            if (s->mclass[c])
                say(" %s %" PRIu64, xl_fault_name((xl_fault)c), s->mclass[c]);
        say("\n   leaves by level:");
        for (unsigned l = 0; l < f->levels && l < 5; l++)
            if (f->leaf_mask & (1u << l)) {
                uint64_t kib = rc_page_size(f, l) >> 10;
                static const char u[] = "KMGTP";
                unsigned k = 0;
                while (kib >= 1024 && k < 4) {
                    kib >>= 10;
                    k++;
                }
                say(" L%u (%" PRIu64 "%c) %" PRIu64, l, kib, u[k], s->leaves[l]);
            }
        say("\n   entries: %" PRIu64 " legal-form", s->bad[RC_BAD_NONE]);
        static const char *const bn[RC_BAD_COUNT] = {"none", "addr>=MAXPHYADDR", "PS-in-PML4E/PML5E",
                                                     "large-page-low-bit", "bits-63:54", "W-without-R",
                                                     "pointer-A/D/U", "pointer-at-L0", "misaligned-superpage",
                                                     "napot-ppn[3:0]!=1000", "napot-superpage", "napot-pointer",
                                                     "pbmt-pointer"};
        for (unsigned b = 1; b < RC_BAD_COUNT; b++)
            if (s->bad[b])
                say(", %s %" PRIu64, bn[b], s->bad[b]);
        if (!rc_isa_x86(f->isa) && f->pte_bytes == 8)
            say("\n   extensions: %" PRIu64 " of %" PRIu64 " runs with svnapot,svpbmt,svinval on; %" PRIu64
                " NAPOT 64K leaves; PBMT of the leaves PMA %" PRIu64 " / NC %" PRIu64 " / IO %" PRIu64
                " (the type itself is not compared)\n   accesses through NAPOT leaves %" PRIu64 " completed, %" PRIu64
                " faulted; through NC / IO leaves %" PRIu64 " completed, %" PRIu64 " faulted",
                s->ext_runs, s->runs, s->napot_leaves, s->pbmt_leaves[0], s->pbmt_leaves[1], s->pbmt_leaves[2],
                s->napot_acc[0], s->napot_acc[1], s->uc_acc[0], s->uc_acc[1]);
        unsigned nc = rc_combo_count(f), hit = 0;
        uint64_t mn = UINT64_MAX, mx = 0;
        for (unsigned c = 0; c < nc; c++) {
            hit += s->combo[c] != 0;
            mn = s->combo[c] < mn ? s->combo[c] : mn;
            mx = s->combo[c] > mx ? s->combo[c] : mx;
        }
        say("\n   control combinations exercised: %u of %u (accesses per combination %" PRIu64 "..%" PRIu64
            "; faulted in brackets)\n",
            hit, nc, mn, mx);
        for (unsigned c = 0; c < nc; c++) {
            char name[96];
            rc_combo_name(f, c, name, sizeof name);
            say("%s%-28s %5" PRIu64 " (%5" PRIu64 ")", c % 3 ? "  " : "     ", name, s->combo[c], s->combo_fault[c]);
            if (c % 3 == 2 || c == nc - 1)
                say("\n");
        }
        say("   waived:");
        unsigned any = 0;
        for (unsigned w = 0; w < RC_W_COUNT; w++)
            if (strstr(rc_waivers[w].isa, rc_isa_x86(f->isa) ? "x86" : "sv")) {
                say(" %s %" PRIu64, rc_waivers[w].name, s->waived[w]);
                any++;
            }
        say("%s\n", any ? "" : " none");
    }
    say("\nwaivers (QEMU 7.2 deviations and non-comparable cases; each matched on its exact condition):\n");
    for (unsigned w = 0; w < RC_W_COUNT; w++) {
        uint64_t n = 0;
        for (unsigned i = 0; i < nf; i++)
            n += st[i].waived[w];
        say("  %-20s %8" PRIu64 "  [%s] when %s.\n  %-20s           spec: %s.\n", rc_waivers[w].name, n,
            rc_waivers[w].isa, rc_waivers[w].condition, "", rc_waivers[w].clause);
    }
    say("\nnot checked here (docs/refcheck.md section 8):\n"
        "  - the fault level, and the model's class within one trap kind (not architecturally visible: one RISC-V\n"
        "    page-fault cause covers them all; an x86 error code says P/RSVD/PK, not which right was missing)\n"
        "  - TLB and cache hit flags, walk counts (micro-architecture)\n"
        "  - PCID/ASID tagging, global pages, the INVLPG/INVPCID/SFENCE.VMA rows, stale TLB entries (TCG has no\n"
        "    PCID; the guests run with ASID 0 and CR4.PGE = 0, and no software writes a live entry)\n"
        "  - x86 bus faults (QEMU has none: x86 runs never reach a PA beyond RAM)\n"
        "  - Svade faults as such (QEMU 7.2 has no ADUE; see waiver rv-no-svadu)\n"
        "  - Svpbmt memory types (QEMU 7.2 ignores PBMT: NC / IO pages translate like PMA ones); PBMT = 3 and,\n"
        "    with Svnapot / Svpbmt on, bits 60:54 (QEMU 7.2 translates them: never generated); A/D of NAPOT\n"
        "    pages and of reserved NAPOT encodings (preset to 1: QEMU 7.2 sets them before rejecting)\n"
        "  - Sv32 with Svinval (run with the extensions off), and Sv32 8-byte accesses (RV32 has none); PKS, CET\n"
        "    (not modelled)\n"
        "  - misaligned accesses (the model's align fault is no ISA fault) and PWT/PCD/PAT memory types\n");
    say("\n%" PRIu64 " passed, %" PRIu64 " failed\n", runs - failed, failed);
}

static int run_all(opts *o)
{
    const rc_fmt *fmts[8];
    unsigned share[8], nf = 0;
    if (o->one) {
        fmts[nf] = rc_fmt_find(o->one_fmt);
        if (fmts[nf] == NULL)
            return usage("--fmt must be x86_64, la57, sv39, sv48, sv57 or sv32");
        share[nf++] = 100;
    } else {
        char buf[128];
        snprintf(buf, sizeof buf, "%s", o->formats);
        for (char *t = strtok(buf, ","); t; t = strtok(NULL, ",")) {
            const rc_fmt *f = rc_fmt_find(t);
            if (f == NULL || nf == 8)
                return usage("--formats takes x86_64, la57, sv39, sv48, sv57, sv32 (comma-separated)");
            fmts[nf] = f;
            share[nf++] = f->isa == RC_ISA_X86_64 ? 25 : f->isa == RC_ISA_SV39 ? 20 : f->isa == RC_ISA_SV32 ? 10 : 15;
        }
        if (nf == 0)
            return usage("--formats names no format");
    }
    bool need_x86 = false, need_rv = false, need_rv32 = false;
    for (unsigned i = 0; i < nf; i++) {
        need_x86 |= rc_isa_x86(fmts[i]->isa);
        need_rv32 |= fmts[i]->isa == RC_ISA_SV32;
        need_rv |= !rc_isa_x86(fmts[i]->isa) && fmts[i]->isa != RC_ISA_SV32;
    }
    const char *missing = NULL;
    if (need_x86 && !rc_have_program(o->tools.qemu_x86))
        missing = o->tools.qemu_x86;
    else if (need_rv && !rc_have_program(o->tools.qemu_rv))
        missing = o->tools.qemu_rv;
    else if (need_rv32 && !rc_have_program(o->tools.qemu_rv32))
        missing = o->tools.qemu_rv32;
    if (missing) {
        fprintf(stderr, "refcheck: QEMU not found: '%s' (install qemu-system-x86 and qemu-system-misc: make deps)\n",
                missing);
        return 2;
    }
    if ((need_x86 && access(o->tools.guest_x86, R_OK) != 0) || (need_rv && access(o->tools.guest_rv, R_OK) != 0) ||
        (need_rv32 && access(o->tools.guest_rv32, R_OK) != 0)) {
        fprintf(stderr, "refcheck: guest program missing: %s / %s / %s (build them with make refcheck)\n",
                o->tools.guest_x86, o->tools.guest_rv, o->tools.guest_rv32);
        return 2;
    }
    /* split the accesses: shares per format, runs of at most run_size */
    unsigned total_share = 0;
    for (unsigned i = 0; i < nf; i++)
        total_share += share[i];
    unsigned nj = 0;
    job *jobs = calloc(MAX_RUNS, sizeof *jobs);
    if (jobs == NULL) {
        fprintf(stderr, "refcheck: out of memory\n");
        return 3;
    }
    for (unsigned i = 0; i < nf; i++) {
        uint64_t want = (o->n * share[i] + total_share - 1) / total_share;
        uint64_t runs = o->one ? 1 : (want + o->run_size - 1) / o->run_size;
        if (runs == 0)
            runs = 1;
        if (nj + runs > MAX_RUNS) {
            fprintf(stderr, "refcheck: too many runs (at most %d): raise --run-size\n", MAX_RUNS);
            free(jobs);
            return 2;
        }
        for (uint64_t r = 0; r < runs; r++) {
            job *j = &jobs[nj++];
            memset(j, 0, sizeof *j);
            j->fmt = fmts[i];
            j->fi = i;
            j->idx = (unsigned)r;
            j->nacc = (unsigned)((want + runs - 1) / runs);
            j->seed = o->one ? o->seed : mix(o->seed * 0x100000001B3ull + fmts[i]->isa * 0x1000193ull + r);
            j->pa_bits = o->one ? (unsigned)o->phys_bits
                                : phys_bits_cycle[r % (sizeof phys_bits_cycle / sizeof phys_bits_cycle[0])];
            j->ext = o->one ? (rc_isa_x86(fmts[i]->isa) || fmts[i]->isa == RC_ISA_SV32 ? 0 : o->ext)
                            : ext_cycle(fmts[i], (unsigned)r);
            j->pid = -1;
        }
    }
    if (mkdirs(o->dir) != 0) {
        fprintf(stderr, "refcheck: cannot create %s: %s\n", o->dir, strerror(errno));
        free(jobs);
        return 3;
    }
    char rpath[600];
    snprintf(rpath, sizeof rpath, "%s/report.txt", o->dir);
    report = fopen(rpath, "w");
    say("refcheck%s%s: the xlate model against QEMU 7.2 (TCG): %u runs", o->label[0] ? " " : "", o->label, nj);
    for (unsigned i = 0; i < nf; i++) {
        uint64_t n = 0;
        for (unsigned k = 0; k < nj; k++)
            n += jobs[k].fi == i ? jobs[k].nacc : 0;
        say("%s %s %" PRIu64, i ? "," : ";", fmts[i]->name, n);
    }
    say(" accesses; seed %" PRIu64 "; files in %s\n", o->seed, o->dir);

    static rc_fstats st[8];
    memset(st, 0, sizeof st);
    double t0 = now_s();
    unsigned next = 0, running = 0, done = 0, host_err = 0;
    while (done < nj) {
        while (running < o->jobs && next < nj) {
            char err[512];
            job *j = &jobs[next++];
            if (start_job(j, o, err, sizeof err) != 0) {
                say("%s run %u: cannot start: %s\n", j->fmt->name, j->idx, err);
                if (j->pid > 0) {
                    kill(j->pid, SIGKILL);
                    waitpid(j->pid, NULL, 0);
                }
                xl_mmu_free(&j->m);
                free(j->res);
                rc_run_free(&j->run);
                st[j->fi].runs++;
                st[j->fi].runs_failed++;
                host_err++;
                done++;
                continue;
            }
            running++;
        }
        int status;
        pid_t pid = waitpid(-1, &status, WNOHANG);
        if (pid > 0) {
            for (unsigned k = 0; k < next; k++)
                if (jobs[k].pid == pid) {
                    jobs[k].status = status;
                    jobs[k].pid = 0;
                    finish_job(&jobs[k], o, &st[jobs[k].fi]);
                    running--;
                    done++;
                    break;
                }
            continue;
        }
        double t = now_s();
        for (unsigned k = 0; k < next; k++)
            if (jobs[k].pid > 0 && !jobs[k].timed_out && t - jobs[k].t0 > (double)o->timeout) {
                kill(jobs[k].pid, SIGKILL); /* our own child, by its pid */
                jobs[k].timed_out = true;
            }
        struct timespec nap = {0, 5000000};
        nanosleep(&nap, NULL);
    }
    summary(o, st, fmts, nf, now_s() - t0);
    free(jobs);
    if (report)
        fclose(report);
    uint64_t failed = 0;
    for (unsigned i = 0; i < nf; i++)
        failed += st[i].runs_failed;
    return host_err ? 3 : failed ? 1 : 0;
}

int main(int argc, char **argv)
{
    opts o;
    memset(&o, 0, sizeof o);
    o.prog = argv[0];
    o.n = 100000;
    o.seed = 1;
    o.run_size = 5000;
    o.jobs = 2;
    o.timeout = 300;
    o.phys_bits = 40;
    o.dir = "build/refcheck";
    o.label = "";
    o.formats = "x86_64,la57,sv39,sv48,sv57,sv32";
    o.ext = RC_EXT_ALL;
    o.tools.qemu_x86 = "qemu-system-x86_64";
    o.tools.qemu_rv = "qemu-system-riscv64";
    o.tools.guest_x86 = "build/refcheck/guest-x86.elf";
    o.tools.guest_rv = "build/refcheck/guest-rv.elf";
    o.tools.qemu_rv32 = "qemu-system-riscv32";
    o.tools.guest_rv32 = "build/refcheck/guest-rv32.elf";
    int i = 1;
    if (argc > 1 && strcmp(argv[1], "one") == 0) {
        o.one = true;
        o.n = 0;
        o.seed = 0;
        i = 2;
    }
    bool have_seed = false;
    for (; i < argc; i++) {
        const char *k = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        uint64_t x = 0;
#define NUM(name, field, lo, hi)                                                                                 \
    if (strcmp(k, name) == 0) {                                                                                  \
        if (parse_u64(v, &x) != 0 || x < (lo) || x > (hi))                                                       \
            return usage(name " needs a number in " #lo ".." #hi);                                               \
        o.field = x;                                                                                             \
        i++;                                                                                                     \
        continue;                                                                                                \
    }
#define STR(name, field)                                                                                         \
    if (strcmp(k, name) == 0) {                                                                                  \
        if (v == NULL || *v == '\0')                                                                             \
            return usage(name " needs a value");                                                                 \
        o.field = v;                                                                                             \
        i++;                                                                                                     \
        continue;                                                                                                \
    }
        NUM("--n", n, 1, 100000000)
        if (strcmp(k, "--seed") == 0) {
            if (parse_u64(v, &x) != 0)
                return usage("--seed needs a number");
            o.seed = x;
            have_seed = true;
            i++;
            continue;
        }
        NUM("--run-size", run_size, 300, 200000)
        NUM("--jobs", jobs, 1, 64)
        NUM("--timeout", timeout, 1, 86400)
        NUM("--phys-bits", phys_bits, 32, 52)
        if (strcmp(k, "--ext") == 0) {
            if (v == NULL || (strcmp(v, "on") != 0 && strcmp(v, "off") != 0))
                return usage("--ext takes on or off");
            o.ext = strcmp(v, "on") == 0 ? RC_EXT_ALL : 0;
            i++;
            continue;
        }
        STR("--dir", dir)
        STR("--label", label)
        STR("--formats", formats)
        STR("--fmt", one_fmt)
        STR("--qemu-x86", tools.qemu_x86)
        STR("--qemu-rv", tools.qemu_rv)
        STR("--guest-x86", tools.guest_x86)
        STR("--guest-rv", tools.guest_rv)
        STR("--qemu-rv32", tools.qemu_rv32)
        STR("--guest-rv32", tools.guest_rv32)
#undef NUM
#undef STR
        char msg[160];
        snprintf(msg, sizeof msg, "unknown argument '%.60s'", k);
        return usage(msg);
    }
    if (o.one && (o.one_fmt == NULL || !have_seed || o.n == 0))
        return usage("'one' needs --fmt, --seed and --n");
    if (o.one && o.n > 200000)
        return usage("'one' runs at most 200000 accesses");
    if (!o.one && o.n < 1000)
        return usage("--n must be at least 1000: every run must exercise every control combination");
    signal(SIGPIPE, SIG_IGN);
    return run_all(&o);
}
