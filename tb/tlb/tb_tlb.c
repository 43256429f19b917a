/* tb-tlb: block testbench of rtl/xl_tlb.sv against the model's TLB
 * (cmodel/src/tlb.c), one operation per clock cycle.
 *
 *   tb-tlb --preset P [--seed S] [--n N] [--check-every K] [--quiet]
 *
 * Every cycle drives a lookup (compared with the model: hit, array, level,
 * permissions, PPN) and at most one command: walk_begin, refill, an
 * invalidation (an ISA row of docs/architecture.md section 5 or a raw
 * primitive), a debug write or a debug read; a few commands are issued in
 * the same cycle on purpose (walk_begin + invalidation, invalidation +
 * refill, invalidation + debug write, refill + debug write, a touch with
 * any of them but a write of the same replacement state).  tb/tlb/README.md
 * describes the stream.  Every K operations, after each reset and at the end
 * the whole state (all entries of both arrays, all replacement state) is
 * read through the debug port and compared with the model.
 *
 * Exit status: 0 with zero mismatches, 1 on the first mismatch (reported
 * with the operation, both values and the seed), 2 on bad usage or setup.
 * The last line is `N passed, N failed` (one test = this preset run).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rng.h"
#include "tlb_dut.h"
#include "xlate/config.h"
#include "xlate/pte.h"
#include "xlate/repl.h"
#include "xlate/tlb.h"
#include "xlate/types.h"
#include "xlate/util.h"

#ifndef XL_CFG_DIR
#define XL_CFG_DIR "cfg"
#endif

static const char usage[] =
    "usage: tb-tlb --preset NAME [options]\n"
    "  --seed S          random seed (default 1)\n"
    "  --n N             random operations (default 100000)\n"
    "  --check-every K   compare the whole state every K operations (default 2000)\n"
    "  --quiet           only the result line\n";

/* ------------------------------------------------------------------ ops */

typedef enum cmd_kind {
    CMD_NONE = 0,     /* lookup only */
    CMD_WALK_BEGIN,   /* walk_begin_i */
    CMD_REFILL,       /* refill_valid_i */
    CMD_INVAL,        /* inval_valid_i */
    CMD_DBG_WRITE,    /* dbg_we_i */
    CMD_DBG_READ,     /* debug read (no write) */
    CMD_BEGIN_INVAL,  /* walk_begin_i and inval_valid_i in one cycle */
    CMD_INVAL_REFILL, /* inval_valid_i and refill_valid_i in one cycle: refill dropped */
    CMD_INVAL_DBG,    /* an invalidation and a debug write in one cycle */
    CMD_REFILL_DBG,   /* a refill and a debug write in one cycle */
    CMD_COUNT
} cmd_kind;

static const char *const cmd_names[CMD_COUNT] = {
    "lookup-only", "walk_begin", "refill", "inval", "dbg-write", "dbg-read", "walk_begin+inval",
    "inval+refill", "inval+dbg-write", "refill+dbg-write",
};

/* What a command drives.  Commands sharing a cycle take effect as
 * rtl/xl_tlb.sv documents: invalidation, then refill, then debug write,
 * except that a refill sharing its cycle with an invalidation or a debug
 * entry write is dropped. */
static bool has_begin(cmd_kind k) { return k == CMD_WALK_BEGIN || k == CMD_BEGIN_INVAL; }
static bool has_refill(cmd_kind k) { return k == CMD_REFILL || k == CMD_INVAL_REFILL || k == CMD_REFILL_DBG; }
static bool has_inval(cmd_kind k)
{
    return k == CMD_INVAL || k == CMD_BEGIN_INVAL || k == CMD_INVAL_REFILL || k == CMD_INVAL_DBG;
}
static bool has_dbg_write(cmd_kind k) { return k == CMD_DBG_WRITE || k == CMD_INVAL_DBG || k == CMD_REFILL_DBG; }

typedef struct op {
    /* the lookup, every cycle */
    uint64_t lk_vpn;
    uint32_t lk_asid;
    bool touch;
    /* the command */
    cmd_kind cmd;
    xl_tlb_entry rf;       /* refill as driven (vpn / ppn may be unaligned) */
    int isa;               /* xl_isa_inval row, XL_INV_RAW for a raw primitive */
    xl_inval inv;          /* the primitive given to the model */
    uint64_t inv_va;       /* the address operand (driven even when unused) */
    uint32_t inv_asid;     /* the ASID operand (driven even when unused) */
    unsigned dtarget;      /* debug target (XL_TLBDUT_DBG_*) */
    unsigned dset, dway;   /* debug location */
    xl_tlb_entry dent;     /* debug entry write */
    uint32_t drepl;        /* debug replacement-state write */
    uint32_t junk[XL_TLBDUT_WORDS]; /* bits written with an invalid entry */
    bool check;            /* a read of the full-state check */
} op;

/* ------------------------------------------------------------------ state */

#define MAX_POOL 32
#define MAX_RECENT 32
#define HIST 8

typedef struct stats {
    uint64_t ops, cycles, lookups, hits_base, hits_super, misses, touches, shadowed;
    uint64_t cmd[CMD_COUNT];
    uint64_t hit_level[XL_MAX_LEVELS];
    uint64_t refills, dropped, evictions, evictions_super, overlap_refills, overlap_removed, overlap_cross_level;
    uint64_t overlap_other_asid;
    uint64_t inval[XL_INV_COUNT], inval_removed, inval_hit, inval_race, inval_super_va, inval_kept_global;
    uint64_t dbg_reads, dbg_writes, dumps, entries_compared, repl_compared, resets;
} stats;

typedef struct tb {
    const xl_config *c;
    xl_tlb m;
    xl_tlbdut *d;
    xl_rng rng;
    uint64_t seed;
    /* entry word layout (rtl/xl_tlb.sv debug port) */
    unsigned asid_w, f_vpn, f_asid, f_perm, f_attr, f_napot, f_level, f_valid, ent_bits;
    /* leaf levels above 0 */
    unsigned sup_lv[XL_MAX_LEVELS], nsup_lv;
    /* working set of the current phase */
    unsigned sh_mid, sh_reg;
    uint64_t region[4], mid[4], low[MAX_POOL];
    unsigned nregion, nmid, nlow;
    uint32_t asids[4];
    unsigned nasid;
    unsigned glob_pct;
    /* recently installed entries, and the last missed lookup */
    xl_tlb_entry recent[MAX_RECENT];
    unsigned nrecent, recent_pos;
    uint64_t miss_vpn;
    uint32_t miss_asid;
    bool have_miss;
    /* the last refill (installed or dropped): looked up next, usually */
    uint64_t probe_vpn;
    uint32_t probe_asid;
    bool probe, probe_force;
    /* right after a reset: 2 = an invalidation then a refill, 1 = a refill,
     * both without walk_begin (is the race guard reset idle?) */
    unsigned boot;
    /* the walk in flight: refill after `delay` more operations */
    bool pending;
    unsigned delay;
    bool race;
    /* failure context */
    op hist[HIST];
    uint64_t hist_idx[HIST];
    uint64_t nhist;
    uint64_t opno;
    bool quiet;
    const char *argv0, *preset_arg;
    stats st;
} tb;

static uint64_t rnd(tb *t, uint64_t n) { return xl_rng_below(&t->rng, n); }
static bool pct(tb *t, unsigned p) { return xl_rng_pct(&t->rng, p) != 0; }
static uint64_t rbits(tb *t, unsigned bits) { return xl_rng_next(&t->rng) & xl_mask(bits); }

/* ------------------------------------------------------------------ bit fields */

static void put_field(uint32_t *w, unsigned lsb, unsigned width, uint64_t v)
{
    for (unsigned i = 0; i < width; i++) {
        unsigned b = lsb + i;
        uint32_t bit = (uint32_t)((v >> i) & 1u);
        w[b / 32] = (w[b / 32] & ~(1u << (b % 32))) | (bit << (b % 32));
    }
}

static uint64_t get_field(const uint32_t *w, unsigned lsb, unsigned width)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < width; i++) {
        unsigned b = lsb + i;
        v |= (uint64_t)((w[b / 32] >> (b % 32)) & 1u) << i;
    }
    return v;
}

static void pack_entry(const tb *t, const xl_tlb_entry *e, uint32_t *w)
{
    memset(w, 0, XL_TLBDUT_WORDS * sizeof *w);
    put_field(w, 0, t->c->ppn_bits, e->ppn);
    put_field(w, t->f_vpn, t->c->vpn_bits, e->vpn);
    put_field(w, t->f_asid, t->asid_w, e->asid);
    put_field(w, t->f_perm, 6, e->perm);
    put_field(w, t->f_attr, 4, e->attr);
    put_field(w, t->f_napot, 1, e->napot);
    put_field(w, t->f_level, 3, e->level);
    put_field(w, t->f_valid, 1, e->valid);
}

static void unpack_entry(const tb *t, const uint32_t *w, xl_tlb_entry *e)
{
    e->ppn = get_field(w, 0, t->c->ppn_bits);
    e->vpn = get_field(w, t->f_vpn, t->c->vpn_bits);
    e->asid = (uint32_t)get_field(w, t->f_asid, t->asid_w);
    e->perm = (uint8_t)get_field(w, t->f_perm, 6);
    e->attr = (uint8_t)get_field(w, t->f_attr, 4);
    e->napot = get_field(w, t->f_napot, 1) != 0;
    e->level = (uint8_t)get_field(w, t->f_level, 3);
    e->valid = get_field(w, t->f_valid, 1) != 0;
}

/* ------------------------------------------------------------------ printing */

static int fmt_entry(char *b, size_t n, const xl_tlb_entry *e)
{
    return snprintf(b, n,
                    "{valid=%d level=%u napot=%d perm=0x%02x attr=%u asid=0x%x vpn=0x%" PRIx64 " ppn=0x%" PRIx64 "}",
                    e->valid, e->level, e->napot, e->perm, e->attr, e->asid, e->vpn, e->ppn);
}

static const char *target_name(unsigned tg)
{
    static const char *const n[4] = {"base", "super", "base-repl", "super-repl"};
    return tg < 4 ? n[tg] : "?";
}

static void fmt_op(const tb *t, const op *o, char *b, size_t n)
{
    int k = snprintf(b, n, "lookup vpn=0x%" PRIx64 " asid=0x%x%s", o->lk_vpn, o->lk_asid,
                     o->touch ? " touch" : "");
    char e[256];
    if (k < 0 || (size_t)k >= n)
        return;
    b += k;
    n -= (size_t)k;
    if (has_begin(o->cmd))
        k = snprintf(b, n, " | walk_begin");
    else
        k = 0;
    if (k < 0 || (size_t)k >= n)
        return;
    b += k;
    n -= (size_t)k;
    if (has_inval(o->cmd))
        k = snprintf(b, n, " | inval %s va=0x%" PRIx64 " (vpn 0x%" PRIx64 ") asid=0x%x -> match_va=%d match_asid=%d keep_global=%d",
                     xl_isa_inval_name((xl_isa_inval)o->isa), o->inv_va,
                     (o->inv_va >> t->c->page_bits) & xl_mask(t->c->vpn_bits), o->inv_asid, o->inv.match_va,
                     o->inv.match_asid, o->inv.keep_global);
    else
        k = 0;
    if (k < 0 || (size_t)k >= n)
        return;
    b += k;
    n -= (size_t)k;
    if (has_refill(o->cmd)) {
        fmt_entry(e, sizeof e, &o->rf);
        k = snprintf(b, n, " | refill %s", e);
    } else {
        k = 0;
    }
    if (k < 0 || (size_t)k >= n)
        return;
    b += k;
    n -= (size_t)k;
    if (has_dbg_write(o->cmd)) {
        if (o->dtarget <= XL_TLBDUT_DBG_SUPER) {
            fmt_entry(e, sizeof e, &o->dent);
            snprintf(b, n, " | dbg-write %s set=%u way=%u %s", target_name(o->dtarget), o->dset, o->dway, e);
        } else {
            snprintf(b, n, " | dbg-write %s set=%u state=0x%x", target_name(o->dtarget), o->dset, o->drepl);
        }
    } else if (o->cmd == CMD_DBG_READ) {
        snprintf(b, n, " | %s %s set=%u way=%u", o->check ? "state-check read" : "dbg-read", target_name(o->dtarget),
                 o->dset, o->dway);
    }
}

static void dump_model(const tb *t)
{
    const xl_config *c = t->c;
    char e[256];
    printf("  model state:\n");
    for (unsigned s = 0; s < c->tlb_sets; s++) {
        printf("    base set %2u repl=0x%x:", s, xl_tlb_repl_get(&t->m, XL_TLB_BASE, s));
        for (unsigned w = 0; w < c->tlb_ways; w++) {
            const xl_tlb_entry *x = &t->m.base[(size_t)s * c->tlb_ways + w];
            if (x->valid) {
                fmt_entry(e, sizeof e, x);
                printf(" [%u]%s", w, e);
            }
        }
        printf("\n");
    }
    if (c->tlb_super) {
        printf("    super repl=0x%x:\n", xl_tlb_repl_get(&t->m, XL_TLB_SUPER, 0));
        for (unsigned i = 0; i < c->tlb_super; i++)
            if (t->m.super[i].valid) {
                fmt_entry(e, sizeof e, &t->m.super[i]);
                printf("      [%u]%s\n", i, e);
            }
    }
}

/* Report the first mismatch and exit 1. */
static void fail_text(tb *t, const op *o, const char *text)
{
    char b[1024];
    printf("MISMATCH preset %s seed %" PRIu64 " op %" PRIu64 " (cycle %" PRIu64 "): %s\n", t->c->name, t->seed,
           t->opno, xl_tlbdut_cycles(t->d), text);
    fmt_op(t, o, b, sizeof b);
    printf("  operation: %s\n", b);
    printf("  last operations (oldest first, this one last):\n");
    uint64_t first = t->nhist > HIST ? t->nhist - HIST : 0;
    for (uint64_t i = first; i < t->nhist; i++) {
        fmt_op(t, &t->hist[i % HIST], b, sizeof b);
        printf("    op %" PRIu64 ": %s\n", t->hist_idx[i % HIST], b);
    }
    dump_model(t);
    printf("  replay: %s --preset %s --seed %" PRIu64 " --n %" PRIu64 "\n", t->argv0, t->preset_arg, t->seed,
           t->opno + 1);
    printf("0 passed, 1 failed\n");
    fflush(stdout);
    exit(1);
}

static void fail(tb *t, const op *o, const char *what, uint64_t rtl, uint64_t model)
{
    char b[512];
    snprintf(b, sizeof b, "%s: rtl=0x%" PRIx64 " model=0x%" PRIx64, what, rtl, model);
    fail_text(t, o, b);
}

static void fail_entry(tb *t, const op *o, const char *where, const xl_tlb_entry *rtl, const xl_tlb_entry *mdl)
{
    char a[256], b[256], m[700];
    fmt_entry(a, sizeof a, rtl);
    fmt_entry(b, sizeof b, mdl);
    snprintf(m, sizeof m, "%s: rtl=%s model=%s", where, a, b);
    fail_text(t, o, m);
}

/* ------------------------------------------------------------------ working set */

static uint32_t rand_asid(tb *t) { return (uint32_t)rbits(t, t->c->asid_bits); }

static void new_phase(tb *t)
{
    const xl_config *c = t->c;
    bool multi = c->levels > 1;
    t->nregion = multi ? 1 + (unsigned)rnd(t, 3) : 1;
    t->nmid = multi ? 1 + (unsigned)rnd(t, 4) : 1;
    t->nlow = multi ? 4 + (unsigned)rnd(t, 13) : 6 + (unsigned)rnd(t, 27);
    for (unsigned i = 0; i < t->nregion; i++)
        t->region[i] = t->sh_reg < c->vpn_bits ? rbits(t, c->vpn_bits) & ~xl_mask(t->sh_reg) : 0;
    for (unsigned i = 0; i < t->nmid; i++)
        t->mid[i] = t->sh_reg > t->sh_mid ? rbits(t, t->sh_reg - t->sh_mid) : 0;
    bool crowd = pct(t, 35); /* most pages in one base set: evictions */
    uint64_t crowd_set = rnd(t, c->tlb_sets);
    for (unsigned i = 0; i < t->nlow; i++) {
        t->low[i] = rbits(t, t->sh_mid);
        if (crowd && pct(t, 70))
            t->low[i] = (t->low[i] & ~(uint64_t)(c->tlb_sets - 1)) | crowd_set;
    }
    t->nasid = c->asid_bits ? 2 + (unsigned)rnd(t, 3) : 1;
    for (unsigned i = 0; i < t->nasid; i++)
        t->asids[i] = rand_asid(t);
    t->glob_pct = 5 + (unsigned)rnd(t, 30);
}

static uint64_t pool_vpn(tb *t)
{
    uint64_t v = t->region[rnd(t, t->nregion)] | (t->mid[rnd(t, t->nmid)] << t->sh_mid) | t->low[rnd(t, t->nlow)];
    return v & xl_mask(t->c->vpn_bits);
}

static uint32_t pool_asid(tb *t)
{
    return pct(t, 92) ? t->asids[rnd(t, t->nasid)] : rand_asid(t);
}

/* A VPN near the working set: inside a recent entry, from the pool, or random. */
static void pick_vpn(tb *t, uint64_t *vpn, uint32_t *asid)
{
    unsigned r = (unsigned)rnd(t, 100);
    if (r < 45 && t->nrecent) {
        const xl_tlb_entry *e = &t->recent[rnd(t, t->nrecent)];
        uint64_t lm = xl_mask(xl_tlb_span(t->c, e));
        *vpn = (e->vpn & ~lm) | (pool_vpn(t) & lm);
        *asid = pct(t, 75) ? e->asid : pool_asid(t);
    } else if (r < 93) {
        *vpn = pool_vpn(t);
        *asid = pool_asid(t);
    } else {
        *vpn = rbits(t, t->c->vpn_bits);
        *asid = rand_asid(t);
    }
}

static uint8_t pick_perm(tb *t)
{
    uint8_t p = (uint8_t)(rnd(t, 64) & ~(unsigned)XL_PERM_G);
    if (pct(t, t->glob_pct))
        p |= XL_PERM_G;
    return p;
}

/* The x86 protection key, or the RISC-V Svpbmt type, an entry carries. */
static uint8_t pick_attr(tb *t)
{
    if (xl_fmt_x86(t->c->format))
        return (uint8_t)rnd(t, 16);
    return (t->c->ext & XL_EXT_SVPBMT) ? (uint8_t)rnd(t, 3) : 0;
}

/* A level-0 entry is a Svnapot 64 KiB page now and then (presets with svnapot). */
static bool pick_napot(tb *t, unsigned level)
{
    return level == 0 && (t->c->ext & XL_EXT_SVNAPOT) && pct(t, 30);
}

static unsigned pick_level(tb *t)
{
    if (t->nsup_lv == 0 || pct(t, 55))
        return 0;
    return t->sup_lv[rnd(t, t->nsup_lv)];
}

static void pick_refill(tb *t, xl_tlb_entry *e)
{
    memset(e, 0, sizeof *e);
    if (t->have_miss && pct(t, 50)) {
        e->vpn = t->miss_vpn;
        e->asid = t->miss_asid;
    } else {
        pick_vpn(t, &e->vpn, &e->asid);
    }
    e->valid = true;
    e->level = (uint8_t)pick_level(t);
    e->napot = pick_napot(t, e->level);
    e->perm = pick_perm(t);
    e->attr = pick_attr(t);
    e->ppn = rbits(t, t->c->ppn_bits); /* unaligned on purpose: both sides align */
}

static void pick_inval(tb *t, op *o)
{
    /* Address rows are the likeliest: the others wipe much of the TLB. */
    static const int rows[] = {
        XL_INV_INVLPG, XL_INV_INVLPG, XL_INV_INVLPG, XL_INV_INVPCID_ADDR, XL_INV_INVPCID_ADDR,
        XL_INV_INVPCID_ADDR, XL_INV_SFENCE_VA, XL_INV_SFENCE_VA, XL_INV_SFENCE_VA,
        XL_INV_SFENCE_VA_ASID, XL_INV_SFENCE_VA_ASID, XL_INV_SFENCE_VA_ASID, XL_INV_INVPCID_CTX,
        XL_INV_INVPCID_CTX, XL_INV_MOV_CR3, XL_INV_MOV_CR3, XL_INV_SFENCE_ASID, XL_INV_SFENCE_ASID,
        XL_INV_INVPCID_ALL, XL_INV_INVPCID_NONGLOBAL, XL_INV_SFENCE_ALL, XL_INV_RAW, XL_INV_RAW,
        XL_INV_RAW, XL_INV_RAW,
    };
    const xl_config *c = t->c;
    uint64_t vpn;
    uint32_t asid;
    pick_vpn(t, &vpn, &asid);
    uint64_t va = (vpn << c->page_bits) | rbits(t, c->page_bits);
    if (c->va_bits < 64 && pct(t, 30)) /* bits above the VA: ignored by both */
        va |= xl_rng_next(&t->rng) << c->va_bits;
    o->isa = rows[rnd(t, sizeof rows / sizeof rows[0])];
    o->inv_va = va;
    o->inv_asid = asid;
    if (o->isa == XL_INV_RAW) {
        o->inv.match_va = pct(t, 50);
        o->inv.match_asid = pct(t, 50);
        o->inv.keep_global = pct(t, 50);
        o->inv.va = va;
        o->inv.asid = asid;
    } else {
        o->inv = xl_inval_from_isa((xl_isa_inval)o->isa, va, asid);
    }
}

static void pick_dbg_loc(tb *t, op *o, bool repl_ok)
{
    const xl_config *c = t->c;
    unsigned ntg = repl_ok ? 4 : 2;
    do
        o->dtarget = (unsigned)rnd(t, ntg);
    while ((o->dtarget == XL_TLBDUT_DBG_SUPER && c->tlb_super == 0));
    o->dset = o->dtarget == XL_TLBDUT_DBG_BASE || o->dtarget == XL_TLBDUT_DBG_BASE_REPL
                  ? (unsigned)rnd(t, c->tlb_sets) : 0;
    o->dway = o->dtarget == XL_TLBDUT_DBG_BASE ? (unsigned)rnd(t, c->tlb_ways)
              : o->dtarget == XL_TLBDUT_DBG_SUPER ? (unsigned)rnd(t, c->tlb_super) : 0;
}

static void pick_dbg_write(tb *t, op *o)
{
    const xl_config *c = t->c;
    pick_dbg_loc(t, o, pct(t, 30));
    memset(&o->dent, 0, sizeof o->dent);
    if (o->dtarget >= XL_TLBDUT_DBG_BASE_REPL) {
        /* Any bits: the state keeps those its policy uses (xl_tlb_repl_put
         * masks them; so must the RTL).  Half of the time, only those. */
        unsigned ways = o->dtarget == XL_TLBDUT_DBG_BASE_REPL ? c->tlb_ways : c->tlb_super;
        for (unsigned i = 0; i < XL_TLBDUT_WORDS; i++)
            o->junk[i] = (uint32_t)xl_rng_next(&t->rng);
        for (unsigned b = t->ent_bits; b < XL_TLBDUT_WORDS * 32; b++) /* the port's width */
            o->junk[b / 32] &= ~(1u << (b % 32));
        if (pct(t, 50))
            o->junk[0] &= xl_repl_mask(c->tlb_repl, ways);
        o->drepl = o->junk[0];
        return;
    }
    if (pct(t, 20)) { /* an invalid entry: random bits in every other field */
        for (unsigned i = 0; i < XL_TLBDUT_WORDS; i++)
            o->junk[i] = (uint32_t)xl_rng_next(&t->rng);
        for (unsigned b = t->ent_bits; b < XL_TLBDUT_WORDS * 32; b++)
            o->junk[b / 32] &= ~(1u << (b % 32));
        put_field(o->junk, t->f_valid, 1, 0);
        return;
    }
    xl_tlb_entry *e = &o->dent;
    uint64_t vpn;
    pick_vpn(t, &vpn, &e->asid);
    if (o->dtarget == XL_TLBDUT_DBG_SUPER && t->nsup_lv == 0) {
        memset(o->junk, 0, sizeof o->junk);
        return; /* no superpage level to write: write an invalid entry */
    }
    e->valid = true;
    e->level = o->dtarget == XL_TLBDUT_DBG_BASE ? 0 : (uint8_t)t->sup_lv[rnd(t, t->nsup_lv)];
    if (o->dtarget == XL_TLBDUT_DBG_SUPER && (c->ext & XL_EXT_SVNAPOT) && pct(t, 30)) {
        e->level = 0; /* a NAPOT entry, written into the superpage array */
        e->napot = true;
    }
    uint64_t lm = xl_mask(xl_tlb_span(c, e));
    e->vpn = vpn & ~lm;
    if (o->dtarget == XL_TLBDUT_DBG_BASE) /* the VPN must index the set */
        e->vpn = (e->vpn & ~(uint64_t)(c->tlb_sets - 1)) | o->dset;
    e->ppn = rbits(t, c->ppn_bits) & ~lm;
    e->perm = pick_perm(t);
    e->attr = pick_attr(t);
}

/* ------------------------------------------------------------------ the model side */

static const xl_tlb_entry *model_lookup(tb *t, uint64_t vpn, uint32_t asid, bool touch, xl_tlb_loc *loc)
{
    if (touch)
        return xl_tlb_lookup(&t->m, vpn, asid, loc);
    /* Undo the touch through the backdoor. */
    unsigned set = (unsigned)(vpn & (t->c->tlb_sets - 1));
    uint32_t b = xl_tlb_repl_get(&t->m, XL_TLB_BASE, set);
    uint32_t s = xl_tlb_repl_get(&t->m, XL_TLB_SUPER, 0);
    const xl_tlb_entry *e = xl_tlb_lookup(&t->m, vpn, asid, loc);
    xl_tlb_repl_put(&t->m, XL_TLB_BASE, set, b);
    xl_tlb_repl_put(&t->m, XL_TLB_SUPER, 0, s);
    return e;
}

static bool covers(const xl_config *c, const xl_tlb_entry *e, uint64_t vpn)
{
    return ((e->vpn ^ vpn) >> xl_tlb_span(c, e)) == 0;
}

/* Statistics of a refill: how many entries of the target array it removes,
 * and whether it evicts a live entry (computed from the model before). */
static void refill_stats(tb *t, const xl_tlb_entry *in)
{
    const xl_config *c = t->c;
    uint64_t lm = xl_mask(xl_tlb_span(c, in));
    uint64_t vpn = in->vpn & ~lm;
    const xl_tlb_entry *row;
    unsigned ways;
    if (!xl_tlb_is_super(in)) {
        row = &t->m.base[(size_t)(vpn & (c->tlb_sets - 1)) * c->tlb_ways];
        ways = c->tlb_ways;
    } else {
        row = t->m.super;
        ways = c->tlb_super;
    }
    unsigned nvalid = 0, nover = 0;
    for (unsigned w = 0; w < ways; w++) {
        const xl_tlb_entry *e = &row[w];
        if (!e->valid)
            continue;
        nvalid++;
        unsigned se = xl_tlb_span(c, e), si = xl_tlb_span(c, in);
        if (((e->vpn ^ vpn) >> (se > si ? se : si)) == 0 &&
            ((e->perm | in->perm) & XL_PERM_G || e->asid == in->asid)) {
            nover++;
            if (e->level != in->level)
                t->st.overlap_cross_level++;
            if (e->asid != in->asid)
                t->st.overlap_other_asid++;
        }
    }
    if (nover) {
        t->st.overlap_refills++;
        t->st.overlap_removed += nover;
    } else if (nvalid == ways) {
        t->st.evictions++;
        if (in->level)
            t->st.evictions_super++;
    }
}

static void remember(tb *t, const xl_tlb_entry *e)
{
    t->recent[t->recent_pos] = *e;
    t->recent_pos = (t->recent_pos + 1) % MAX_RECENT;
    if (t->nrecent < MAX_RECENT)
        t->nrecent++;
}

static void model_refill(tb *t, const xl_tlb_entry *e)
{
    bool will_drop = t->m.stale;
    if (!will_drop)
        refill_stats(t, e);
    bool ok = xl_tlb_refill(&t->m, e, NULL);
    if (ok) {
        t->st.refills++;
        remember(t, e);
    } else {
        t->st.dropped++;
    }
}

static void model_inval(tb *t, const op *o)
{
    const xl_config *c = t->c;
    if (t->m.pend)
        t->st.inval_race++;
    for (unsigned i = 0; i < c->tlb_super; i++) {
        const xl_tlb_entry *e = &t->m.super[i];
        if (e->valid && o->inv.match_va && xl_tlb_inval_selects(c, e, &o->inv))
            t->st.inval_super_va++;
    }
    for (size_t i = 0; i < (size_t)c->tlb_sets * c->tlb_ways; i++) {
        const xl_tlb_entry *e = &t->m.base[i];
        if (e->valid && o->inv.keep_global && (e->perm & XL_PERM_G)) {
            xl_inval all = o->inv;
            all.keep_global = false;
            if (xl_tlb_inval_selects(c, e, &all))
                t->st.inval_kept_global++;
        }
    }
    unsigned n = xl_tlb_inval(&t->m, &o->inv);
    t->st.inval[o->isa]++;
    t->st.inval_removed += n;
    if (n)
        t->st.inval_hit++;
}

static void model_apply(tb *t, const op *o)
{
    xl_error err;
    xl_tlb_loc loc;
    if (has_begin(o->cmd))
        xl_tlb_walk_begin(&t->m);
    if (has_inval(o->cmd)) {
        /* The RTL drops a refill that meets an invalidation in its cycle
         * whether or not a walk was pending: arm the guard so the model
         * drops it too (the final guard state is the same: idle). */
        if (has_refill(o->cmd))
            xl_tlb_walk_begin(&t->m);
        model_inval(t, o);
    }
    if (has_refill(o->cmd)) {
        t->probe = true;
        t->probe_vpn = o->rf.vpn;
        t->probe_asid = o->rf.asid;
    }
    if (has_refill(o->cmd) && has_dbg_write(o->cmd) && o->dtarget <= XL_TLBDUT_DBG_SUPER) {
        /* Entries have one write port: a debug entry write drops the
         * refill of its cycle (rtl/xl_tlb.sv).  A dropped refill leaves the
         * guard idle, as xl_tlb_refill() does. */
        t->m.pend = t->m.stale = false;
        t->st.dropped++;
    } else if (has_refill(o->cmd)) {
        model_refill(t, &o->rf);
    }
    if (has_dbg_write(o->cmd)) {
        t->st.dbg_writes++;
        if (o->dtarget <= XL_TLBDUT_DBG_SUPER) {
            loc.array = o->dtarget == XL_TLBDUT_DBG_BASE ? XL_TLB_BASE : XL_TLB_SUPER;
            loc.set = o->dset;
            loc.way = o->dway;
            if (xl_tlb_put(&t->m, &loc, &o->dent, &err) != 0) {
                fprintf(stderr, "tb-tlb: internal error: xl_tlb_put: %s\n", err.msg);
                exit(2);
            }
            if (o->dent.valid)
                remember(t, &o->dent);
        } else {
            xl_tlb_repl_put(&t->m, o->dtarget == XL_TLBDUT_DBG_BASE_REPL ? XL_TLB_BASE : XL_TLB_SUPER, o->dset,
                            o->drepl);
        }
    }
}

/* ------------------------------------------------------------------ one cycle */

/* Expected debug-read data of the model (before this cycle's command). */
static void model_dbg_read(const tb *t, const op *o, uint32_t *w, xl_tlb_entry *e)
{
    memset(w, 0, XL_TLBDUT_WORDS * sizeof *w);
    memset(e, 0, sizeof *e);
    if (o->dtarget <= XL_TLBDUT_DBG_SUPER) {
        xl_tlb_loc loc = {o->dtarget == XL_TLBDUT_DBG_BASE ? XL_TLB_BASE : XL_TLB_SUPER, o->dset, o->dway};
        if (xl_tlb_get(&t->m, &loc, e) != 0) {
            fprintf(stderr, "tb-tlb: internal error: xl_tlb_get out of range\n");
            exit(2);
        }
    } else {
        uint32_t s = xl_tlb_repl_get(&t->m, o->dtarget == XL_TLBDUT_DBG_BASE_REPL ? XL_TLB_BASE : XL_TLB_SUPER,
                                     o->dset);
        w[0] = s;
    }
}

static void check_dbg_read(tb *t, const op *o, const xl_tlbdut_out *out)
{
    uint32_t w[XL_TLBDUT_WORDS];
    xl_tlb_entry me, re;
    char where[96];
    model_dbg_read(t, o, w, &me);
    t->st.dbg_reads++;
    if (o->dtarget > XL_TLBDUT_DBG_SUPER) {
        t->st.repl_compared++;
        snprintf(where, sizeof where, "%s state (set %u)", target_name(o->dtarget), o->dset);
        for (unsigned i = 0; i < XL_TLBDUT_WORDS; i++)
            if (out->dbg_rdata[i] != w[i])
                fail(t, o, where, out->dbg_rdata[i], w[i]);
        return;
    }
    unpack_entry(t, out->dbg_rdata, &re);
    snprintf(where, sizeof where, "%s set %u way %u", target_name(o->dtarget), o->dset, o->dway);
    if (re.valid != me.valid)
        fail_entry(t, o, where, &re, &me);
    if (!me.valid)
        return;
    t->st.entries_compared++;
    if (re.level != me.level || re.napot != me.napot || re.perm != me.perm || re.attr != me.attr ||
        re.asid != me.asid || re.vpn != me.vpn || re.ppn != me.ppn)
        fail_entry(t, o, where, &re, &me);
}

static void drive(const tb *t, const op *o, xl_tlbdut_in *in)
{
    const xl_config *c = t->c;
    memset(in, 0, sizeof *in);
    in->lk_vpn = o->lk_vpn;
    in->lk_asid = o->lk_asid;
    in->lk_touch = o->touch;
    in->walk_begin = has_begin(o->cmd);
    if (has_refill(o->cmd)) {
        in->refill_valid = true;
        in->refill_vpn = o->rf.vpn;
        in->refill_ppn = o->rf.ppn;
        in->refill_level = o->rf.level;
        in->refill_perm = o->rf.perm;
        in->refill_attr = o->rf.attr;
        in->refill_napot = o->rf.napot;
        in->refill_asid = o->rf.asid;
    }
    if (has_inval(o->cmd)) {
        in->inval_valid = true;
        in->inval_match_va = o->inv.match_va;
        in->inval_vpn = (o->inv_va >> c->page_bits) & xl_mask(c->vpn_bits);
        in->inval_match_asid = o->inv.match_asid;
        in->inval_asid = o->inv_asid;
        in->inval_keep_global = o->inv.keep_global;
    }
    if (has_dbg_write(o->cmd) || o->cmd == CMD_DBG_READ) {
        in->dbg_we = has_dbg_write(o->cmd);
        in->dbg_target = (uint8_t)o->dtarget;
        in->dbg_set = o->dset;
        in->dbg_way = (uint8_t)o->dway;
        if (in->dbg_we) {
            if (o->dtarget > XL_TLBDUT_DBG_SUPER)
                memcpy(in->dbg_wdata, o->junk, sizeof in->dbg_wdata);
            else if (o->dent.valid)
                pack_entry(t, &o->dent, in->dbg_wdata);
            else
                memcpy(in->dbg_wdata, o->junk, sizeof in->dbg_wdata);
        }
    } else {
        /* Idle debug port: point it somewhere random (reads are harmless). */
        in->dbg_target = (uint8_t)(o->lk_vpn & 3u);
        in->dbg_set = (uint32_t)(o->lk_vpn & (c->tlb_sets - 1));
    }
}

static void cycle(tb *t, const op *o)
{
    xl_tlbdut_in in;
    xl_tlbdut_out out;
    xl_tlb_loc loc;

    t->hist[t->nhist % HIST] = *o;
    t->hist_idx[t->nhist % HIST] = t->opno;
    t->nhist++;
    t->st.cycles++;
    t->st.cmd[o->cmd]++;

    /* The model's view before the edge: debug read first (a touch in this
     * cycle must not show), then the lookup (touching if asked). */
    bool shadow = false;
    for (unsigned i = 0; i < t->c->tlb_super; i++)
        if (t->m.super[i].valid && covers(t->c, &t->m.super[i], o->lk_vpn) &&
            ((t->m.super[i].perm & XL_PERM_G) || t->m.super[i].asid == o->lk_asid))
            shadow = true;
    drive(t, o, &in);
    xl_tlbdut_cycle(t->d, &in, &out);
    if (out.inval_busy)
        fail(t, o, "inval_busy_o when no sweep is running", 1, 0);
    if (o->cmd == CMD_DBG_READ)
        check_dbg_read(t, o, &out);
    const xl_tlb_entry *e = model_lookup(t, o->lk_vpn, o->lk_asid, o->touch, &loc);

    t->st.lookups++;
    if (o->touch)
        t->st.touches++;
    if (out.lk_hit != (e != NULL))
        fail(t, o, "lookup hit", out.lk_hit, e != NULL);
    if (e == NULL) {
        t->st.misses++;
        t->have_miss = true;
        t->miss_vpn = o->lk_vpn;
        t->miss_asid = o->lk_asid;
    } else {
        bool sup = loc.array == XL_TLB_SUPER;
        if (e->level < XL_MAX_LEVELS)
            t->st.hit_level[e->level]++;
        if (sup)
            t->st.hits_super++;
        else
            t->st.hits_base++;
        if (!sup && shadow)
            t->st.shadowed++;
        if (out.lk_super != sup)
            fail(t, o, "lookup array (1 = superpage)", out.lk_super, sup);
        if (out.lk_level != e->level)
            fail(t, o, "lookup level", out.lk_level, e->level);
        if (out.lk_perm != e->perm)
            fail(t, o, "lookup perm", out.lk_perm, e->perm);
        if (out.lk_attr != e->attr)
            fail(t, o, "lookup attr", out.lk_attr, e->attr);
        if (out.lk_napot != e->napot)
            fail(t, o, "lookup napot", out.lk_napot, e->napot);
        if (out.lk_ppn != e->ppn)
            fail(t, o, "lookup ppn", out.lk_ppn, e->ppn);
    }
    model_apply(t, o);
    /* An address-less invalidation sweeps the base sets, one per cycle,
     * with inval_busy_o high for tlb_sets - 1 cycles and no other command
     * allowed; the model applied it at once. */
    if (has_inval(o->cmd) && !o->inv.match_va && t->c->tlb_sets > 1) {
        for (unsigned k = 1; k < t->c->tlb_sets; k++) {
            op idle = *o;
            idle.cmd = CMD_NONE;
            idle.touch = false;
            drive(t, &idle, &in);
            xl_tlbdut_cycle(t->d, &in, &out);
            t->st.cycles++;
            if (!out.inval_busy)
                fail(t, o, "inval_busy_o during the sweep (cycle)", k, 1);
        }
    }
}

/* Read every entry and every replacement state through the debug port. */
static void full_check(tb *t)
{
    const xl_config *c = t->c;
    op o;
    t->st.dumps++;
    for (unsigned tg = 0; tg < 4; tg++) {
        unsigned nset = tg == XL_TLBDUT_DBG_BASE || tg == XL_TLBDUT_DBG_BASE_REPL ? c->tlb_sets : 1;
        unsigned nway = tg == XL_TLBDUT_DBG_BASE ? c->tlb_ways : tg == XL_TLBDUT_DBG_SUPER ? c->tlb_super : 1;
        for (unsigned s = 0; s < nset; s++)
            for (unsigned w = 0; w < nway; w++) {
                memset(&o, 0, sizeof o);
                pick_vpn(t, &o.lk_vpn, &o.lk_asid);
                o.cmd = CMD_DBG_READ;
                o.check = true;
                o.dtarget = tg;
                o.dset = s;
                o.dway = w;
                cycle(t, &o);
            }
    }
}

/* ------------------------------------------------------------------ the stream */

static void gen(tb *t, op *o)
{
    memset(o, 0, sizeof *o);
    pick_vpn(t, &o->lk_vpn, &o->lk_asid);
    if (t->probe && (t->probe_force || pct(t, 60))) { /* did the last refill go in? */
        o->lk_vpn = t->probe_vpn;
        o->lk_asid = t->probe_asid;
    } else if (t->have_miss && pct(t, 10)) { /* look the missed page up again */
        o->lk_vpn = t->miss_vpn;
        o->lk_asid = t->miss_asid;
    }
    t->probe = t->probe_force = false;
    o->touch = pct(t, 40);

    if (t->boot) {
        o->cmd = t->boot == 2 ? CMD_INVAL : CMD_REFILL;
        if (o->cmd == CMD_REFILL) {
            pick_refill(t, &o->rf);
            t->probe_force = true;
        }
        t->boot--;
    } else if (t->pending && t->delay == 0 && pct(t, 4)) {
        /* a walk that faulted: no refill, the guard stays armed */
        t->pending = false;
        o->cmd = CMD_NONE;
    } else if (t->pending && t->delay == 0) {
        t->pending = false;
        o->cmd = CMD_REFILL;
        pick_refill(t, &o->rf);
    } else if (t->pending) {
        /* inside a walk: mostly lookups; an invalidation here is the race */
        t->delay--;
        unsigned r = (unsigned)rnd(t, 100);
        if (t->race) {
            t->race = false;
            o->cmd = CMD_INVAL;
        } else {
            o->cmd = r < 80 ? CMD_NONE : r < 83 ? CMD_INVAL : r < 92 ? CMD_DBG_READ : r < 98 ? CMD_DBG_WRITE
                                                                                     : CMD_WALK_BEGIN;
        }
    } else {
        unsigned r = (unsigned)rnd(t, 100);
        o->cmd = r < 40   ? CMD_NONE
                 : r < 74 ? CMD_WALK_BEGIN
                 : r < 76 ? CMD_REFILL /* without a walk_begin */
                 : r < 81 ? CMD_INVAL
                 : r < 85 ? CMD_DBG_WRITE
                 : r < 98 ? CMD_DBG_READ
                 : r < 99 ? CMD_BEGIN_INVAL
                          : CMD_COUNT;
        if (o->cmd == CMD_COUNT) { /* commands sharing a cycle */
            static const cmd_kind two[] = {CMD_INVAL_REFILL, CMD_INVAL_DBG, CMD_REFILL_DBG};
            o->cmd = two[rnd(t, 3)];
        }
        if (o->cmd == CMD_WALK_BEGIN || o->cmd == CMD_BEGIN_INVAL) {
            t->pending = true;
            t->delay = (unsigned)rnd(t, 6);
            t->race = t->delay > 0 && pct(t, 5);
        }
        if (has_refill(o->cmd))
            pick_refill(t, &o->rf);
    }
    if (has_inval(o->cmd))
        pick_inval(t, o);
    /* An address-less invalidation sweeps the sets over the next cycles: a
     * debug write may not share its first cycle (the sweep would reach the
     * written entry later, after the model applied the write). */
    if (o->cmd == CMD_INVAL_DBG && !o->inv.match_va && t->c->tlb_sets > 1)
        o->cmd = CMD_INVAL;
    if (has_dbg_write(o->cmd))
        pick_dbg_write(t, o);
    if (o->cmd == CMD_DBG_READ)
        pick_dbg_loc(t, o, true);
    /* A touch may not share its cycle with a write of replacement state. */
    if (has_dbg_write(o->cmd) && o->dtarget > XL_TLBDUT_DBG_SUPER)
        o->touch = false;
    if (has_refill(o->cmd) && o->touch) {
        /* Allowed only if the touch and the refill update different
         * replacement state (the RTL keeps the refill's update otherwise). */
        xl_tlb_loc hit;
        bool rf_super = xl_tlb_is_super(&o->rf);
        unsigned rf_set = (unsigned)(o->rf.vpn & (t->c->tlb_sets - 1));
        if (model_lookup(t, o->lk_vpn, o->lk_asid, false, &hit) == NULL)
            o->touch = true; /* a miss touches nothing */
        else if (hit.array == XL_TLB_SUPER)
            o->touch = !rf_super;
        else
            o->touch = rf_super || hit.set != rf_set;
    }
}

/* ------------------------------------------------------------------ main */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Every -G token the simulator was built with must be in the model's list. */
static int check_params(const xl_config *c)
{
    char mine[1024], built[1024];
    xl_config_rtl_params(c, XL_PARAMS_VERILATOR, mine, sizeof mine);
    snprintf(built, sizeof built, "%s", xl_tlbdut_params());
    for (char *tok = built; *tok;) {
        char *end = tok + strcspn(tok, " ");
        char save = *end;
        *end = '\0';
        if (*tok) {
            size_t n = strlen(tok);
            const char *p = mine;
            bool found = false;
            while ((p = strstr(p, tok)) != NULL) {
                if ((p == mine || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
                    found = true;
                p += n;
            }
            if (!found) {
                fprintf(stderr, "tb-tlb: the simulator was built for preset '%s' (%s), not for '%s' (%s)\n",
                        xl_tlbdut_preset(), xl_tlbdut_params(), c->name, mine);
                return -1;
            }
        }
        *end = save;
        tok = save ? end + 1 : end;
    }
    return 0;
}

static void print_stats(const tb *t, double secs)
{
    const stats *s = &t->st;
    printf("preset %s seed %" PRIu64 ": %" PRIu64 " operations, %" PRIu64 " cycles, %.2f s\n", t->c->name, t->seed,
           s->ops, s->cycles, secs);
    printf("  lookups compared %" PRIu64 ": base hits %" PRIu64 ", superpage hits %" PRIu64 ", misses %" PRIu64
           ", touches %" PRIu64 ", base hit with a matching superpage too %" PRIu64 "\n",
           s->lookups, s->hits_base, s->hits_super, s->misses, s->touches, s->shadowed);
    printf("  commands:");
    for (unsigned i = 0; i < CMD_COUNT; i++)
        printf(" %s %" PRIu64 "%s", cmd_names[i], s->cmd[i], i + 1 < CMD_COUNT ? "," : "\n");
    printf("  hits by level:");
    for (unsigned l = 0; l < t->c->levels; l++)
        printf(" %u: %" PRIu64 "%s", l, s->hit_level[l], l + 1 < t->c->levels ? "," : "\n");
    printf("  refills installed %" PRIu64 ", dropped (race guard, shared cycle) %" PRIu64 ", evicting a live entry %" PRIu64
           " (superpage %" PRIu64 "), removing overlaps %" PRIu64 " (%" PRIu64 " entries: other level %" PRIu64
           ", other ASID %" PRIu64 ")\n",
           s->refills, s->dropped, s->evictions, s->evictions_super, s->overlap_refills, s->overlap_removed,
           s->overlap_cross_level, s->overlap_other_asid);
    printf("  invalidations:");
    for (unsigned i = 0; i < XL_INV_COUNT; i++)
        printf(" %s %" PRIu64 "%s", xl_isa_inval_name((xl_isa_inval)i), s->inval[i], i + 1 < XL_INV_COUNT ? "," : "\n");
    printf("  invalidations removing something %" PRIu64 " (%" PRIu64 " entries; superpages by address %" PRIu64
           "; global base entries kept %" PRIu64 "), during a walk %" PRIu64 "\n",
           s->inval_hit, s->inval_removed, s->inval_super_va, s->inval_kept_global, s->inval_race);
    printf("  debug writes %" PRIu64 ", debug reads compared %" PRIu64 " (full-state checks %" PRIu64
           "): valid entries %" PRIu64 ", replacement states %" PRIu64 "; resets %" PRIu64 "\n",
           s->dbg_writes, s->dbg_reads, s->dumps, s->entries_compared, s->repl_compared, s->resets);
}

int main(int argc, char **argv)
{
    const char *preset = NULL;
    uint64_t seed = 1, n = 100000, every = 2000;
    bool quiet = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help")) {
            fputs(usage, stdout);
            return 0;
        } else if (!strcmp(a, "--quiet")) {
            quiet = true;
        } else if (v && !strcmp(a, "--preset")) {
            preset = v;
            i++;
        } else if (v && (!strcmp(a, "--seed") || !strcmp(a, "--n") || !strcmp(a, "--check-every"))) {
            uint64_t x;
            if (xl_parse_u64(v, &x) != 0) {
                fprintf(stderr, "tb-tlb: %s needs a number, got '%s'\n", a, v);
                return 2;
            }
            if (!strcmp(a, "--seed"))
                seed = x;
            else if (!strcmp(a, "--n"))
                n = x;
            else
                every = x ? x : 1;
            i++;
        } else {
            fprintf(stderr, "tb-tlb: bad argument '%s'\n%s", a, usage);
            return 2;
        }
    }
    if (preset == NULL)
        preset = xl_tlbdut_preset();

    static xl_config cfg;
    xl_error err;
    if (xl_config_load_preset(preset, XL_CFG_DIR, &cfg, &err) != 0) {
        fprintf(stderr, "tb-tlb: %s\n", err.msg);
        return 2;
    }
    if (check_params(&cfg) != 0)
        return 2;

    static tb t;
    t.c = &cfg;
    t.seed = seed;
    t.quiet = quiet;
    t.argv0 = argv[0];
    t.preset_arg = preset;
    xl_rng_seed(&t.rng, seed, 0x71b);
    if (xl_tlb_init(&t.m, &cfg) != 0) {
        fprintf(stderr, "tb-tlb: out of memory\n");
        return 2;
    }
    t.asid_w = cfg.asid_bits ? cfg.asid_bits : 1;
    t.f_vpn = cfg.ppn_bits;
    t.f_asid = t.f_vpn + cfg.vpn_bits;
    t.f_perm = t.f_asid + t.asid_w;
    t.f_attr = t.f_perm + 6;
    t.f_napot = t.f_attr + 4;
    t.f_level = t.f_napot + 1;
    t.f_valid = t.f_level + 3;
    t.ent_bits = t.f_valid + 1;
    if (t.ent_bits > XL_TLBDUT_WORDS * 32) {
        fprintf(stderr, "tb-tlb: a %u-bit TLB entry is wider than the shim carries\n", t.ent_bits);
        return 2;
    }
    for (unsigned l = 1; l < cfg.levels; l++)
        if (cfg.leaf_mask & (1u << l))
            t.sup_lv[t.nsup_lv++] = l;
    if (cfg.tlb_super == 0)
        t.nsup_lv = 0;
    t.sh_mid = cfg.levels > 1 ? cfg.level_shift[1] : cfg.vpn_bits;
    t.sh_reg = cfg.levels > 2 ? cfg.level_shift[2] : cfg.vpn_bits;
    new_phase(&t);

    t.d = xl_tlbdut_new((uint32_t)(seed * 2654435761u) | 1u);
    if (t.d == NULL) {
        fprintf(stderr, "tb-tlb: cannot build the simulator\n");
        return 2;
    }

    double t0 = now();
    full_check(&t); /* after reset: everything invalid, replacement state 0 */
    t.boot = 1 + (unsigned)rnd(&t, 2);
    for (t.opno = 0; t.opno < n; t.opno++) {
        op o;
        if (t.opno && t.opno % 5000 == 0) {
            new_phase(&t);
            if (pct(&t, 25)) { /* reset both sides mid-run, then check */
                xl_tlbdut_reset(t.d, 1 + (unsigned)rnd(&t, 2));
                xl_tlb_reset(&t.m);
                t.pending = false;
                t.nrecent = 0;
                t.have_miss = false;
                t.probe = false;
                t.boot = 1 + (unsigned)rnd(&t, 2);
                t.st.resets++;
                full_check(&t);
            }
        }
        gen(&t, &o);
        cycle(&t, &o);
        t.st.ops++;
        if ((t.opno + 1) % every == 0)
            full_check(&t);
    }
    full_check(&t);
    double secs = now() - t0;

    if (!quiet)
        print_stats(&t, secs);
    printf("1 passed, 0 failed\n");
    xl_tlbdut_free(t.d);
    xl_tlb_free(&t.m);
    return 0;
}
