/*
 * refcheck: the comparison (compare.h).
 *
 * What QEMU shows of an access is what the ISA makes visible: completion
 * (with the data and, through the guest's read-back or code slot, the PA),
 * or a trap.  The model's fault classes map onto traps as follows
 * (docs/refcheck.md section 6):
 *
 *   RISC-V  page fault of the access type (12 fetch, 13 load, 15 store),
 *           mtval = VA  <->  canonical, not_present, reserved, misaligned,
 *           user, super, read, write, exec
 *           access fault (1, 5, 7), mtval = VA  <->  bus
 *   x86     #GP(0)  <->  canonical
 *           #PF, CR2 = VA, W/R = store, U/S = CPL 3, I/D = fetch && (NXE || SMEP):
 *             P=0 RSVD=0   <->  not_present
 *             RSVD=1 P=1   <->  reserved            (PK = 0)
 *             P=1 RSVD=0   <->  user, super, write, exec, pkey
 *                              with PK = 1 for pkey, else PK = the SDM's
 *                              PK condition (rc_mres.pk_cond)
 */
#include "compare.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "xlate/trace.h"

const rc_waiver_info rc_waivers[RC_W_COUNT] = {
    [RC_W_RV_PTE_OUTSIDE] = {"rv-pte-outside-ram", "sv32, sv39, sv48, sv57",
                             "the model raises bus at a page-table level (the PTE address is outside RAM) and QEMU "
                             "raises the page fault of the access type with mtval = VA",
                             "RISC-V privileged spec 4.3.2 step 2: a PTE access that violates a PMA (no memory "
                             "there) raises an access-fault exception of the original access type"},
    [RC_W_RV_NO_SVADU] = {"rv-no-svadu", "sv32, sv39, sv48, sv57",
                          "ADUE = 0 and the model raises ad (A clear, or D clear on a store); QEMU 7.2 has no "
                          "Svadu/Svade switch (menvcfg.ADUE reads 0, checked at start-up) and sets A/D in hardware, "
                          "so the access is compared with the model re-run at ADUE = 1 (the ad fault leaves no state)",
                          "Svadu (RISC-V privileged spec 20240411, ch. 'Svadu'): with menvcfg.ADUE = 0 a clear A, or "
                          "D on a store, raises a page fault (Svade); not comparable on QEMU 7.2"},
    [RC_W_X86_RSVD_P0] = {"x86-rsvd-p0", "x86_64, la57",
                          "the model raises reserved and QEMU's #PF error code has RSVD = 1 but P = 0 (W/R, U/S, "
                          "I/D, PK and CR2 as expected)",
                          "Intel SDM vol. 3A 4.7: reserved bits are checked only in present entries, so RSVD = 1 "
                          "implies P = 1"},
    [RC_W_X86_1G_A] = {"x86-1g-accessed", "x86_64, la57",
                       "the model faults at a present 1 GiB leaf with A clear (a reserved large-page bit, or the "
                       "access rights), whose MAXPHYADDR and XD bits are legal: QEMU sets A in it; the same A is "
                       "written into the model's memory so the runs stay in step",
                       "Intel SDM vol. 3A 4.8: A is set in the entries used by a translation; a faulting access "
                       "produces none (QEMU's own 4 KiB and 2 MiB paths leave A clear here)"},
};

static const char *op_name(unsigned op)
{
    return op == RC_OP_LOAD ? "load" : op == RC_OP_STORE ? "store" : "fetch";
}

static void describe_acc(const rc_run *run, unsigned i, char *buf, size_t len)
{
    const rc_acc *a = &run->acc[i];
    char cn[96];
    rc_combo_name(run->fmt, run->combo[i], cn, sizeof cn);
    int k = snprintf(buf, len, "%s va=0x%" PRIx64 " size=%u", op_name(a->op), a->va, a->size);
    if (a->op == RC_OP_STORE && k > 0 && (size_t)k < len)
        k += snprintf(buf + k, len - (size_t)k, " value=0x%" PRIx64, a->wdata);
    if (k > 0 && (size_t)k < len)
        k += snprintf(buf + k, len - (size_t)k, " [%s]", cn);
    if (rc_isa_x86(run->fmt->isa) && k > 0 && (size_t)k < len)
        k += snprintf(buf + k, len - (size_t)k, " pkru=0x%08" PRIx32, a->pkru);
    if ((!(a->flags & RC_F_SETCTL) || (a->flags & RC_F_NOFLUSH)) && k > 0 && (size_t)k < len)
        snprintf(buf + k, len - (size_t)k, " (no TLB flush before it)");
}

static void describe_model(const rc_mres *o, char *buf, size_t len)
{
    char lv[16];
    if (o->r.level < 0)
        snprintf(lv, sizeof lv, "-");
    else
        snprintf(lv, sizeof lv, "%d", o->r.level);
    snprintf(buf, len, "fault=%s level=%s pa=0x%" PRIx64 " data=0x%" PRIx64 " readback=0x%" PRIx64 "%s%s",
             xl_fault_name(o->r.fault), lv, o->r.pa, o->r.rdata, o->ident,
             o->rerun_adue ? " (re-run at ADUE=1 after ad)" : "", o->pk_cond ? " (PK condition holds)" : "");
}

static const char *rv_cause(uint64_t c)
{
    switch (c) {
    case 1: return "instruction access fault";
    case 5: return "load access fault";
    case 7: return "store access fault";
    case 12: return "instruction page fault";
    case 13: return "load page fault";
    case 15: return "store page fault";
    case 0x8000000000000007ull: return "machine timer interrupt (the fetch ran away)";
    default: return "unexpected trap";
    }
}

static void describe_qemu(const rc_run *run, const rc_qres *q, char *buf, size_t len)
{
    bool x86 = rc_isa_x86(run->fmt->isa);
    if (q->st == 0) {
        snprintf(buf, len, "no result (the guest stopped before this access)");
    } else if (q->st == 'o') {
        snprintf(buf, len, "completed, data=0x%" PRIx64 " readback/slot=0x%" PRIx64, q->a, q->b);
    } else if (x86) {
        snprintf(buf, len, "vector %" PRIu64 "%s error=0x%" PRIx64 " cr2=0x%" PRIx64 " rip=0x%" PRIx64, q->a,
                 q->a == 14 ? " (#PF)" : q->a == 13 ? " (#GP)" : "", q->c, q->b, q->d);
    } else {
        snprintf(buf, len, "mcause=0x%" PRIx64 " (%s) mtval=0x%" PRIx64, q->a, rv_cause(q->a), q->b);
    }
}

/* ---- one access ------------------------------------------------------------ */
enum { OK = 0, BAD = 1 };

static bool page_fault_class(xl_fault f)
{
    return f == XL_FAULT_CANONICAL || f == XL_FAULT_NOT_PRESENT || f == XL_FAULT_RESERVED ||
           f == XL_FAULT_MISALIGNED || f == XL_FAULT_USER || f == XL_FAULT_SUPER || f == XL_FAULT_READ ||
           f == XL_FAULT_WRITE || f == XL_FAULT_EXEC || f == XL_FAULT_AD;
}

static int check_done(const rc_acc *a, const rc_mres *o, const rc_qres *q, char *why, size_t len)
{
    if (q->st != 'o') {
        snprintf(why, len, "the model completes the access, QEMU traps");
        return BAD;
    }
    if (a->op == RC_OP_FETCH) {
        if (q->b != o->r.pa) {
            snprintf(why, len, "fetch reached PA 0x%" PRIx64 " on QEMU, 0x%" PRIx64 " on the model", q->b, o->r.pa);
            return BAD;
        }
        return OK;
    }
    if (a->op == RC_OP_LOAD && q->a != o->r.rdata) {
        snprintf(why, len, "load data differ");
        return BAD;
    }
    if (q->b != o->ident) {
        uint64_t pa = q->b * 0xF1DE83E19937733Dull ^ 0x00C0FFEE00000000ull; /* inverse of rc_data_word */
        snprintf(why, len, "the word read back at the access differs (PA differs%s)",
                 (pa & 7) == 0 && pa < (1ull << 40) ? ": QEMU's word is the initial one of another PA" : "?");
        if ((pa & 7) == 0 && pa < (1ull << 40)) {
            size_t n = strlen(why);
            snprintf(why + n, len - n, " 0x%" PRIx64 ")", pa | (a->va & 7));
        }
        return BAD;
    }
    return OK;
}

static int check_rv(const rc_acc *a, const rc_mres *o, const rc_qres *q, rc_waiver *w, char *why, size_t len)
{
    uint64_t pf = a->op == RC_OP_FETCH ? 12 : a->op == RC_OP_LOAD ? 13 : 15;
    uint64_t af = a->op == RC_OP_FETCH ? 1 : a->op == RC_OP_LOAD ? 5 : 7;
    *w = RC_W_COUNT;
    if (o->r.fault == XL_FAULT_NONE)
        return check_done(a, o, q, why, len);
    if (q->st != 't') {
        snprintf(why, len, "the model faults (%s), QEMU completes the access", xl_fault_name(o->r.fault));
        return BAD;
    }
    if (q->b != a->va) {
        snprintf(why, len, "mtval is not the VA");
        return BAD;
    }
    if (o->r.fault == XL_FAULT_BUS) {
        if (q->a == af)
            return OK;
        if (q->a == pf && o->r.level >= 0) {
            *w = RC_W_RV_PTE_OUTSIDE;
            return OK;
        }
        snprintf(why, len, "the model raises bus, QEMU %s", rv_cause(q->a));
        return BAD;
    }
    if (page_fault_class(o->r.fault) && o->r.fault != XL_FAULT_AD && q->a == pf)
        return OK;
    snprintf(why, len, "the model raises %s (a page fault), QEMU %s", xl_fault_name(o->r.fault), rv_cause(q->a));
    return BAD;
}

static int check_x86(const rc_acc *a, const rc_mres *o, const rc_qres *q, rc_waiver *w, char *why, size_t len)
{
    *w = RC_W_COUNT;
    if (o->r.fault == XL_FAULT_NONE)
        return check_done(a, o, q, why, len);
    if (q->st != 't') {
        snprintf(why, len, "the model faults (%s), QEMU completes the access", xl_fault_name(o->r.fault));
        return BAD;
    }
    if (o->r.fault == XL_FAULT_CANONICAL) {
        if (q->a == 13 && q->c == 0)
            return OK;
        snprintf(why, len, "the model raises canonical, QEMU does not raise #GP(0)");
        return BAD;
    }
    if (q->a != 14) {
        snprintf(why, len, "the model raises %s, QEMU raises vector %" PRIu64 " instead of #PF",
                 xl_fault_name(o->r.fault), q->a);
        return BAD;
    }
    uint64_t e = q->c;
    bool p = e & 1, wr = e & 2, us = e & 4, rsvd = e & 8, id = e & 16, pk = e & 32;
    bool want_id = a->op == RC_OP_FETCH && (a->ctl & (RC_C_NXE | RC_C_SMEP));
    if (q->b != a->va || wr != (a->op == RC_OP_STORE) || us != (a->priv == RC_PRIV_U) || id != want_id ||
        (e & ~0x3full)) {
        snprintf(why, len, "#PF error code 0x%" PRIx64 " / CR2 do not describe the access", e);
        return BAD;
    }
    switch (o->r.fault) {
    case XL_FAULT_NOT_PRESENT:
        if (!p && !rsvd && !pk)
            return OK;
        break;
    case XL_FAULT_RESERVED:
        if (rsvd && !pk) {
            if (!p)
                *w = RC_W_X86_RSVD_P0;
            return OK;
        }
        break;
    case XL_FAULT_PKEY:
        if (p && !rsvd && pk)
            return OK;
        break;
    case XL_FAULT_USER:
    case XL_FAULT_SUPER:
    case XL_FAULT_WRITE:
    case XL_FAULT_EXEC:
        if (p && !rsvd && pk == o->pk_cond)
            return OK;
        break;
    default:
        snprintf(why, len, "the model raises %s, which x86 cannot raise here", xl_fault_name(o->r.fault));
        return BAD;
    }
    snprintf(why, len, "the model raises %s, QEMU's #PF error code is 0x%" PRIx64 " (P=%d RSVD=%d PK=%d)",
             xl_fault_name(o->r.fault), e, p, rsvd, pk);
    return BAD;
}

/* ---- reproducer trace --------------------------------------------------------- */
/* A trace that replays access i on the model alone (xlate-model run): the
 * page tables and the words the accesses touch as they were at the last
 * control write before i, the controls, then the accesses from there to i,
 * the last with the model's answer as its expectation. */
static void write_repro(const rc_run *run, const rc_mres *res, unsigned i, const char *qdesc, const rc_runctx *ctx,
                        char *path, size_t plen)
{
    unsigned from = i; /* the last control write that flushed the TLB */
    while (from > 0 && (run->acc[from].flags & (RC_F_SETCTL | RC_F_NOFLUSH)) != RC_F_SETCTL)
        from--;
    snprintf(path, plen, "%s/repro-%u.trace", ctx->dir, i);
    FILE *fp = fopen(path, "w");
    if (fp == NULL) {
        snprintf(path, plen, "(cannot write a reproducer)");
        return;
    }
    fprintf(fp, "# refcheck reproducer of access %u: %s\n# QEMU 7.2 gave: %s\n", i, ctx->replay, qdesc);
    fprintf(fp, "preset model.cfg\n# the state before access %u (the last control write before access %u)\n", from,
            i);
    xl_mmu m;
    char err[256];
    if (rc_model_run(run, &m, NULL, from, err, sizeof err) == 0) {
        xl_cache_flush(&m.cache, false);
        for (unsigned t = 0; t < run->ntables; t++)
            for (unsigned k = 0; k < 512; k++) {
                uint64_t pa = run->tables[t].pa + 8u * k, v = xl_mem_read_le(&m.mem, pa, 8);
                if (v)
                    fprintf(fp, "mem 0x%" PRIx64 " 0x%" PRIx64 "\n", pa, v);
            }
        for (unsigned k = from; k <= i; k++) {
            const rc_mres *o = &res[k];
            if (o->r.fault != XL_FAULT_NONE || rc_frame_kind(run, o->r.pa) == RC_FR_TABLE)
                continue;
            uint64_t base = o->r.pa & ~7ull;
            unsigned n = run->acc[k].op == RC_OP_FETCH ? 2 : 1;
            for (unsigned w = 0; w < n; w++)
                fprintf(fp, "mem 0x%" PRIx64 " 0x%" PRIx64 "  # word of access %u\n", base + 8u * w,
                        xl_mem_read_le(&m.mem, base + 8u * w, 8), k);
        }
    }
    xl_mmu_free(&m);
    fprintf(fp, "root ppn=0x%" PRIx64 " asid=0x0\n", run->tables[0].pa >> 12);
    for (unsigned k = from; k <= i; k++) {
        const rc_acc *a = &run->acc[k];
        char line[256];
        xl_txn t;
        memset(&t, 0, sizeof t);
        if (k == from || (a->flags & RC_F_SETCTL)) {
            t.kind = XL_TXN_CTL;
            t.ctl = rc_model_ctl(a);
            t.ctl_mask = rc_isa_x86(run->fmt->isa)
                             ? XL_CTL_WP | XL_CTL_SMEP | XL_CTL_SMAP | XL_CTL_NXE | XL_CTL_PKE | XL_CTL_PKRU
                             : XL_CTL_SUM | XL_CTL_MXR | XL_CTL_ADUE;
            xl_txn_format(&t, line, sizeof line);
            fprintf(fp, "%s\n", line);
            memset(&t, 0, sizeof t);
        }
        t.kind = XL_TXN_ACCESS;
        t.access.op = a->op == RC_OP_LOAD ? XL_OP_LOAD : a->op == RC_OP_STORE ? XL_OP_STORE : XL_OP_FETCH;
        t.access.priv = a->priv == RC_PRIV_U ? XL_PRIV_U : XL_PRIV_S;
        t.access.size = a->size;
        t.access.va = a->va;
        t.access.wdata = a->wdata;
        t.access.ac = (a->flags & RC_F_AC) != 0;
        xl_txn_format(&t, line, sizeof line);
        if (k < i) {
            fprintf(fp, "%s\n", line);
        } else {
            const xl_result *r0 = &res[i].r0;
            char lv[16];
            snprintf(lv, sizeof lv, r0->level < 0 ? "-" : "%d", r0->level);
            fprintf(fp, "%s expect fault=%s level=%s pa=0x%" PRIx64 " data=0x%" PRIx64 "\n", line,
                    xl_fault_name(r0->fault), lv, r0->pa, r0->rdata);
        }
    }
    fclose(fp);
}

/* ---- final memory -------------------------------------------------------------- */
static int cmp_word(const void *x, const void *y)
{
    const rc_qword *a = x, *b = y;
    return a->pa < b->pa ? -1 : a->pa > b->pa;
}

static const rc_qword *find_word(const rc_qword *w, unsigned n, uint64_t pa)
{
    rc_qword key = {pa, 0};
    return bsearch(&key, w, n, sizeof *w, cmp_word);
}

/* ---- the run ------------------------------------------------------------------- */
unsigned rc_compare_run(const rc_run *run, const rc_mres *res, const rc_qlog *q, xl_mmu *m, rc_fstats *st,
                        const rc_runctx *ctx, FILE *out)
{
    const rc_fmt *f = run->fmt;
    bool x86 = rc_isa_x86(f->isa);
    unsigned dis = 0, printed = 0, missing = 0;
    char why[256], da[256], dm[256], dq[256], path[512];

    st->runs++;
    st->accesses += run->nacc;
    for (unsigned i = 0; i < run->ntables; i++)
        for (unsigned k = 0; k < rc_entries(f); k++)
            if (run->tables[i].kind[k] != RC_S_EMPTY && !run->tables[i].fixed)
                st->bad[run->tables[i].bad[k]]++;
    for (unsigned l = 0; l < run->nleaves; l++) {
        st->leaves[run->leaves[l].level]++;
        st->napot_leaves += run->leaves[l].napot;
        st->pbmt_leaves[run->leaves[l].pbmt % 3]++;
    }
    st->ext_runs += run->ext != 0;

    /* the guest's own report */
    if (!q->have_h || q->h_isa != f->isa || q->h_seed != run->seed || q->h_n != run->nacc) {
        fprintf(out, "%s: the guest did not start on this image (serial log has no matching H line)\n", ctx->label);
        dis++;
    }
    if (x86 && q->have_i &&
        (q->maxphyaddr != run->pa_bits || !q->smep || !q->smap || !q->pku || !q->pdpe1gb || !q->nx)) {
        fprintf(out,
                "%s: QEMU's CPU is not the one configured: MAXPHYADDR %u (want %u), SMEP %u SMAP %u PKU %u "
                "1GB-pages %u NX %u (all must be 1)\n",
                ctx->label, q->maxphyaddr, run->pa_bits, q->smep, q->smap, q->pku, q->pdpe1gb, q->nx);
        dis++;
    }
    if (x86 && q->have_i && ((f->levels == 5 && !q->la57) || q->cr4_la57 != (f->levels == 5))) {
        fprintf(out, "%s: QEMU's CPUID LA57 %u / CR4.LA57 %u do not fit %u-level paging (the guest runs with "
                "CR4.LA57 = 1 exactly on 5-level images)\n", ctx->label, q->la57, q->cr4_la57, f->levels);
        dis++;
    }
    if (!x86 && q->have_i && (q->menvcfg >> 61) & 1) {
        fprintf(out, "%s: menvcfg.ADUE sticks on this QEMU: Svadu exists, waiver rv-no-svadu does not apply\n",
                ctx->label);
        dis++;
    }
    if (!x86 && q->have_i && ((q->menvcfg >> 62) & 1) != ((run->ext & RC_EXT_SVPBMT) != 0)) {
        fprintf(out, "%s: menvcfg.PBMTE reads %u, but the run has Svpbmt %s\n", ctx->label,
                (unsigned)((q->menvcfg >> 62) & 1), (run->ext & RC_EXT_SVPBMT) ? "on" : "off");
        dis++;
    }
    if (q->fatal[0]) {
        fprintf(out, "%s: the guest stopped: %s\n", ctx->label, q->fatal);
        dis++;
    }

    for (unsigned i = 0; i < run->nacc; i++) {
        const rc_acc *a = &run->acc[i];
        const rc_mres *o = &res[i];
        const rc_qres *qr = &q->acc[i];
        unsigned c = run->combo[i];
        st->ops[a->op]++;
        st->combo[c]++;
        st->setctl += (a->flags & (RC_F_SETCTL | RC_F_NOFLUSH)) == RC_F_SETCTL;
        st->ctl_keep_tlb += (a->flags & RC_F_NOFLUSH) != 0;
        st->mclass[o->r.fault]++;
        if (o->r.fault != XL_FAULT_NONE)
            st->combo_fault[c]++;
        if (o->x86_1g_a)
            st->waived[RC_W_X86_1G_A]++;
        if (run->ext && rc_canon(f, a->va) == a->va) {
            int lf = rc_resolve(run, a->va);
            if (lf >= 0 && run->leaves[lf].napot)
                st->napot_acc[o->r.fault != XL_FAULT_NONE]++;
            if (lf >= 0 && run->leaves[lf].pbmt)
                st->uc_acc[o->r.fault != XL_FAULT_NONE]++;
        }
        if (qr->st == 0) {
            missing++;
            continue;
        }
        st->compared++;
        rc_waiver w;
        int bad = x86 ? check_x86(a, o, qr, &w, why, sizeof why) : check_rv(a, o, qr, &w, why, sizeof why);
        if (bad == OK && a->pte_pa && qr->pte != o->pte) {
            uint64_t d = qr->pte ^ o->pte;
            snprintf(why, sizeof why, "the entry at 0x%" PRIx64 " differs after the access: model 0x%" PRIx64
                     ", QEMU 0x%" PRIx64 " (bits 0x%" PRIx64 "%s%s)", a->pte_pa, o->pte, qr->pte, d,
                     (d & f->a_bit) ? ", A" : "", (d & f->d_bit) ? ", D" : "");
            bad = BAD;
        }
        if (bad == OK && o->rerun_adue)
            st->waived[RC_W_RV_NO_SVADU]++;
        if (bad == OK && w != RC_W_COUNT)
            st->waived[w]++;
        if (bad == OK)
            continue;
        dis++;
        st->disagreements++;
        if (printed++ >= ctx->max_print)
            continue;
        describe_acc(run, i, da, sizeof da);
        describe_model(o, dm, sizeof dm);
        describe_qemu(run, qr, dq, sizeof dq);
        write_repro(run, res, i, dq, ctx, path, sizeof path);
        fprintf(out,
                "%s: DISAGREEMENT at access %u: %s\n"
                "    access: %s\n    model:  %s\n    QEMU:   %s\n    replay: %s\n    model reproducer: %s\n",
                ctx->label, i, why, da, dm, dq, ctx->replay, path);
    }
    if (missing) {
        fprintf(out, "%s: QEMU reported nothing for %u of %u accesses (see the serial log in %s)\n", ctx->label,
                missing, run->nacc, ctx->dir);
        dis++;
        st->disagreements += missing;
    }

    /* every word of every frame the run installed, after write-back */
    xl_cache_flush(&m->cache, false);
    rc_qword *qw = malloc((q->nwords ? q->nwords : 1) * sizeof *qw);
    unsigned nqw = 0, mem_bad = 0, seen = 0;
    if (qw == NULL) {
        fprintf(out, "%s: out of memory comparing memory\n", ctx->label);
        return dis + 1;
    }
    memcpy(qw, q->words, q->nwords * sizeof *qw);
    nqw = q->nwords;
    qsort(qw, nqw, sizeof *qw, cmp_word);
    if (!q->have_e) {
        fprintf(out, "%s: the guest did not finish (no E line): memory not compared\n", ctx->label);
        dis++;
    } else if (q->e_changed != q->nwords || q->e_n != run->nacc) {
        fprintf(out, "%s: the guest's end line does not match what it printed\n", ctx->label);
        dis++;
    } else {
        unsigned nframes = run->ntables + run->ndata + run->ncode;
        for (unsigned fi = 0; fi < nframes; fi++) {
            uint64_t base;
            unsigned kind;
            if (fi < run->ntables) {
                base = run->tables[fi].pa;
                kind = RC_FR_TABLE;
            } else if (fi < run->ntables + run->ndata) {
                base = run->data[fi - run->ntables];
                kind = RC_FR_DATA;
            } else {
                base = run->code[fi - run->ntables - run->ndata];
                kind = RC_FR_CODE;
            }
            for (unsigned k = 0; k < RC_PAGE / 8; k++) {
                uint64_t pa = base + 8u * k, was, now = xl_mem_read_le(&m->mem, pa, 8);
                if (kind == RC_FR_TABLE) {
                    was = rc_table_word(run, fi, k);
                } else if (kind == RC_FR_DATA) {
                    was = rc_data_word(pa);
                } else {
                    uint64_t s[2];
                    rc_code_slot(f->isa, pa & ~(uint64_t)(RC_SLOT - 1), s);
                    was = s[(pa >> 3) & 1];
                }
                const rc_qword *qv = find_word(qw, nqw, pa);
                uint64_t qnow = qv ? qv->val : was;
                st->words_checked++;
                seen += qv != NULL;
                if (now != was)
                    st->words_changed++;
                if (qnow == now)
                    continue;
                mem_bad++;
                if (mem_bad <= ctx->max_print) {
                    char bits[96] = "";
                    if (kind == RC_FR_TABLE) {
                        uint64_t d = qnow ^ now;
                        snprintf(bits, sizeof bits, " (differ in 0x%" PRIx64 "%s%s)", d, (d & f->a_bit) ? ": A" : "",
                                 (d & f->d_bit) ? (d & f->a_bit ? ", D" : ": D") : "");
                    }
                    char where[64];
                    if (kind == RC_FR_TABLE)
                        snprintf(where, sizeof where, "word %u of a level-%u table", k, run->tables[fi].level);
                    else
                        snprintf(where, sizeof where, "word %u of a %s frame", k,
                                 kind == RC_FR_DATA ? "data" : "code");
                    fprintf(out,
                            "%s: DISAGREEMENT in memory at 0x%" PRIx64 " (%s)%s: initially 0x%" PRIx64
                            ", model 0x%" PRIx64 ", QEMU 0x%" PRIx64 "\n    replay: %s\n",
                            ctx->label, pa, where, bits, was, now, qnow, ctx->replay);
                }
            }
        }
        if (seen != nqw) {
            fprintf(out, "%s: QEMU reported %u changed words outside the run's frames\n", ctx->label, nqw - seen);
            mem_bad += nqw - seen;
        }
    }
    free(qw);
    st->mem_disagreements += mem_bad;
    dis += mem_bad;
    if (dis)
        st->runs_failed++;
    return dis;
}
