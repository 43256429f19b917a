/* The co-simulation engine (cosim.h). */
#include "cosim.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "xlate/repl.h"
#include "xlate/util.h"

/* ------------------------------------------------------------------ time */
/* The time spent inside the RTL model is measured with the cycle counter
 * (cheap enough to read every cycle) and scaled to seconds at the end. */
#if defined(__x86_64__) || defined(__i386__)
static inline uint64_t ticks(void)
{
    return __builtin_ia32_rdtsc();
}
#else
static inline uint64_t ticks(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
#endif

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ------------------------------------------------------------------ helpers */
static void failf(xl_cosim *c, uint64_t index, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void failf(xl_cosim *c, uint64_t index, const char *fmt, ...)
{
    if (c->fail.failed)
        return;
    va_list ap;
    c->fail.failed = true;
    c->fail.index = index;
    c->fail.cycle = xl_dut_cycles(c->dut);
    va_start(ap, fmt);
    vsnprintf(c->fail.what, sizeof c->fail.what, fmt, ap);
    va_end(ap);
    /* the history ring, oldest first */
    c->fail.nhistory = c->hist_count;
    for (unsigned i = 0; i < c->hist_count; i++) {
        unsigned k = (c->hist_next + XL_COSIM_HISTORY - c->hist_count + i) % XL_COSIM_HISTORY;
        char req[160], res[200];
        xl_txn_format(&c->hist[k].txn, req, sizeof req);
        if (c->hist[k].txn.kind == XL_TXN_ACCESS)
            xl_cosim_format_rsp(&c->hist[k].rsp, (c->cfg.ext & XL_EXT_SVPBMT) != 0, res, sizeof res);
        else
            snprintf(res, sizeof res, "%s", c->hist[k].rsp.fault ? "fault" : "ok");
        snprintf(c->fail.history[i], sizeof c->fail.history[i], "#%" PRIu64 " %s -> %s", c->hist[k].index, req, res);
    }
}

int xl_cosim_format_rsp(const xl_dut_rsp *r, bool show_mt, char *buf, unsigned len)
{
    char lv[8];
    if (r->level == 7)
        snprintf(lv, sizeof lv, "-");
    else
        snprintf(lv, sizeof lv, "%u", r->level);
    return snprintf(buf, len, "fault=%s level=%s pa=0x%" PRIx64 " data=0x%" PRIx64 " tlb=%s cache=%s walk=%u%s",
                    xl_fault_name((xl_fault)r->fault), lv, r->pa, r->rdata, r->tlb_hit ? "hit" : "miss",
                    r->cache_hit ? "hit" : "miss", r->walk_reads,
                    !show_mt ? "" : r->mt == 0 ? " mt=pma" : r->mt == 1 ? " mt=nc" : r->mt == 2 ? " mt=io" : " mt=?");
}

static void pack_req(const xl_txn *t, xl_dut_req *q)
{
    memset(q, 0, sizeof *q);
    switch (t->kind) {
    case XL_TXN_ACCESS:
        q->op = (uint8_t)t->access.op;
        q->priv_u = t->access.priv == XL_PRIV_U;
        q->size_log2 = (uint8_t)xl_log2(t->access.size);
        q->va = t->access.va;
        q->wdata = t->access.wdata;
        q->ac = t->access.ac;
        break;
    case XL_TXN_INVAL:
        q->op = 3;
        q->va = t->inval.va;
        q->asid = t->inval.asid;
        q->match_va = t->inval.match_va;
        q->match_asid = t->inval.match_asid;
        q->keep_global = t->inval.keep_global;
        break;
    case XL_TXN_ROOT:
        q->op = 4;
        q->ppn = t->root_ppn;
        q->asid = t->asid;
        q->flush = t->flush;
        break;
    case XL_TXN_FENCE:
        q->op = 6;
        break;
    case XL_TXN_CTL:
        q->op = 5;
        q->ctl_mask = (uint16_t)t->ctl_mask;
        q->ctl_val = (uint8_t)(t->ctl.flags & t->ctl_mask & XL_CTL_FLAGS);
        q->wdata = (t->ctl_mask & XL_CTL_PKRU) ? t->ctl.pkru : 0;
        break;
    }
}

/* Compare one response; on a difference fill c->fail. @return 0 or 1.
 * Formatting is done only for a mismatch or when writing results. */
static int check(xl_cosim *c, const xl_cosim_slot *s, const xl_dut_rsp *got)
{
    const xl_result *e = &s->exp;
    const char *bad = NULL;

    if (s->txn.kind == XL_TXN_ACCESS) {
        int glevel = got->level == 7 ? XL_LEVEL_NONE : got->level;
        if (got->fault != e->fault)
            bad = "fault";
        else if (glevel != e->level)
            bad = "level";
        else if (got->pa != e->pa)
            bad = "pa";
        else if (got->rdata != e->rdata)
            bad = "data";
        else if (got->tlb_hit != e->tlb_hit)
            bad = "tlb";
        else if (got->cache_hit != e->cache_hit)
            bad = "cache";
        else if (got->walk_reads != e->walk_reads)
            bad = "walk";
        else if (got->mt != e->mt)
            bad = "mt";
    } else if (got->fault != XL_FAULT_NONE) {
        bad = "fault";
    }
    if (c->o.results || bad) {
        char req[160], exp[200], res[200];
        xl_txn_format(&s->txn, req, sizeof req);
        if (s->txn.kind == XL_TXN_ACCESS) {
            xl_cosim_format_rsp(got, (c->cfg.ext & XL_EXT_SVPBMT) != 0, res, sizeof res);
            xl_result_format(e, exp, sizeof exp);
        } else {
            snprintf(exp, sizeof exp, "ok");
            snprintf(res, sizeof res, "%s", got->fault ? "fault" : "ok");
        }
        if (c->o.results)
            fprintf(c->o.results, "#%" PRIu64 " %s -> %s\n", s->index, req, res);
        if (bad) {
            if (s->line)
                failf(c, s->index, "transaction #%" PRIu64 " (trace line %u): %s differs", s->index, s->line, bad);
            else
                failf(c, s->index, "transaction #%" PRIu64 ": %s differs", s->index, bad);
            snprintf(c->fail.request, sizeof c->fail.request, "%s", req);
            snprintf(c->fail.expected, sizeof c->fail.expected, "%s", exp);
            snprintf(c->fail.got, sizeof c->fail.got, "%s", res);
            return 1;
        }
    }
    c->hist[c->hist_next].txn = s->txn;
    c->hist[c->hist_next].rsp = *got;
    c->hist[c->hist_next].index = s->index;
    c->hist_next = (c->hist_next + 1) % XL_COSIM_HISTORY;
    if (c->hist_count < XL_COSIM_HISTORY)
        c->hist_count++;
    return 0;
}

/* The cycle log: what each channel did this cycle.  `V` valid and ready
 * (a transfer), `v` valid but not ready (a stall), `.` idle. */
static char hs(bool valid, bool ready)
{
    return valid ? (ready ? 'V' : 'v') : '.';
}

static void log_cycle(xl_cosim *c, uint64_t cyc)
{
    const xl_dut_in *in = &c->in;
    const xl_dut_out *o = &c->out;
    static const char *const ops[] = {"load", "store", "fetch", "inval", "root", "ctl", "fence", "?"};
    FILE *f = c->o.cycle_log;
    fprintf(f, "%8" PRIu64 "  req %c", cyc, hs(in->req_valid, o->req_ready));
    if (in->req_valid)
        fprintf(f, " %-5s 0x%-12" PRIx64, ops[in->req.op & 7], in->req.va);
    else
        fprintf(f, " %-20s", "");
    fprintf(f, " | rsp %c", hs(o->rsp_valid, in->rsp_ready));
    if (o->rsp_valid)
        fprintf(f, " f%-2u tlb=%u c=%u w=%u", o->rsp.fault, o->rsp.tlb_hit, o->rsp.cache_hit, o->rsp.walk_reads);
    else
        fprintf(f, " %-18s", "");
    fprintf(f, " | mem req %c", hs(o->mem_req_valid, in->mem_req_ready));
    if (o->mem_req_valid)
        fprintf(f, " %s 0x%-10" PRIx64, o->mem_req_we ? "wr" : "rd", o->mem_req_addr);
    else
        fprintf(f, " %-15s", "");
    fprintf(f, " | mem rsp %c%s\n", hs(in->mem_rsp_valid, o->mem_rsp_ready), o->idle ? " | idle" : "");
}

/* One clock cycle: requests from the issue queue, responses checked. */
static int cycle(xl_cosim *c)
{
    xl_dut_in *in = &c->in;
    xl_dut_out *out = &c->out;
    uint64_t cyc = xl_dut_cycles(c->dut);
    char why[200];

    in->req_valid = c->issue_count > 0 && !(c->o.req_gap_pct && xl_rng_pct(&c->rng, c->o.req_gap_pct));
    if (in->req_valid)
        pack_req(&c->issue[c->issue_head].txn, &in->req);
    in->rsp_ready = !(c->o.rsp_bp_pct && xl_rng_pct(&c->rng, c->o.rsp_bp_pct));
    if (!c->dut_memory)
        xl_memsim_drive(&c->ms, cyc, in);

    /* The RTL model's share of the run time is sampled: one cycle in 16 is
     * timed (reading the counter every cycle costs more than it measures). */
    if ((cyc & 15u) == 0) {
        uint64_t t0 = ticks();
        xl_dut_cycle(c->dut, in, out);
        c->dut_ticks += (ticks() - t0) * 16u;
    } else {
        xl_dut_cycle(c->dut, in, out);
    }

    if (c->o.cycle_log)
        log_cycle(c, cyc);
    if (c->dut_memory ? c->mem_error[0] != '\0' : xl_memsim_observe(&c->ms, cyc, out, why, sizeof why) != 0) {
        failf(c, UINT64_MAX, "memory protocol: %s", c->dut_memory ? c->mem_error : why);
        return 1;
    }
    if (in->req_valid && !out->req_ready)
        c->req_stalls++;
    if (in->req_valid && out->req_ready) {
        c->flight[(c->flight_head + c->flight_count) % XL_COSIM_QUEUE] = c->issue[c->issue_head];
        c->flight_count++;
        c->issue_head = (c->issue_head + 1) % XL_COSIM_QUEUE;
        c->issue_count--;
    }
    if (out->rsp_valid && !in->rsp_ready)
        c->rsp_stalls++;
    if (out->rsp_valid && in->rsp_ready) {
        if (c->flight_count == 0) {
            failf(c, UINT64_MAX, "response with no request outstanding (cycle %" PRIu64 ")", cyc);
            return 1;
        }
        xl_cosim_slot *s = &c->flight[c->flight_head];
        c->flight_head = (c->flight_head + 1) % XL_COSIM_QUEUE;
        c->flight_count--;
        c->checked++;
        c->last_progress = cyc;
        if (check(c, s, &out->rsp))
            return 1;
    }
    if ((c->issue_count || c->flight_count) && cyc - c->last_progress > XL_COSIM_HANG) {
        const xl_cosim_slot *s = c->flight_count ? &c->flight[c->flight_head] : &c->issue[c->issue_head];
        xl_txn_format(&s->txn, c->fail.request, sizeof c->fail.request);
        failf(c, s->index, "no response for %u cycles (hang)", XL_COSIM_HANG);
        return 1;
    }
    if (c->flight_count == 0 && c->issue_count == 0)
        c->last_progress = cyc;
    return 0;
}

/* ------------------------------------------------------------------ init */
static uint64_t cfg_field(const uint32_t *w, unsigned lsb, unsigned width)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < width; i++)
        v |= (uint64_t)((w[(lsb + i) / 32] >> ((lsb + i) % 32)) & 1u) << i;
    return v;
}

static int check_cfg(xl_cosim *c, xl_error *err)
{
    const xl_config *g = &c->cfg;
    uint32_t w[8];
    xl_dut_cfg(c->dut, w);
    struct {
        const char *param, *key;
        unsigned lsb, width;
        uint64_t want;
    } f[] = {
        {"Format", "format", 8, 8, (uint64_t)g->format},
        {"VaBits", "va_bits", 16, 8, g->va_bits},
        {"PaBits", "pa_bits", 24, 8, g->pa_bits},
        {"PageBits", "page_bits", 32, 8, g->page_bits},
        {"Levels", "levels", 40, 8, g->levels},
        {"LevelBits", "level_bits", 48, 32, xl_config_level_bits_packed(g)},
        {"LeafLevels", "leaf_levels", 80, 8, g->leaf_mask},
        {"AsidBits", "asid_bits", 88, 8, g->asid_bits},
        {"TlbSets", "tlb_sets", 96, 16, g->tlb_sets},
        {"TlbWays", "tlb_ways", 112, 8, g->tlb_ways},
        {"TlbSuper", "tlb_super", 120, 8, g->tlb_super},
        {"TlbRepl", "tlb_repl", 128, 8, (uint64_t)g->tlb_repl},
        {"CacheSets", "cache_sets", 136, 16, g->cache_sets},
        {"CacheWays", "cache_ways", 152, 8, g->cache_ways},
        {"CacheLine", "cache_line", 160, 16, g->cache_line},
        {"AdPolicy", "ad_policy", 176, 8, (uint64_t)g->ad_policy},
        {"MemBytes", "mem_bytes", 184, 64, g->mem_bytes},
        {"Ext", "ext", 248, 8, g->ext},
    };
    if (cfg_field(w, 0, 8) != 0x58) {
        snprintf(err->msg, sizeof err->msg, "the RTL's cfg_o readback has an unknown layout (0x%02x)",
                 (unsigned)cfg_field(w, 0, 8));
        return -1;
    }
    for (unsigned i = 0; i < sizeof f / sizeof f[0]; i++) {
        uint64_t got = cfg_field(w, f[i].lsb, f[i].width);
        if (got != f[i].want) {
            snprintf(err->msg, sizeof err->msg,
                     "the RTL was built with %s=%" PRIu64 " but preset '%s' has %s=%" PRIu64
                     ": model and RTL differ, refusing to run (rebuild the RTL for this preset)",
                     f[i].param, got, g->name, f[i].key, f[i].want);
            return -1;
        }
    }
    return 0;
}

int xl_cosim_init(xl_cosim *c, const xl_config *cfg, const xl_cosim_opts *o, xl_error *err)
{
    xl_dut_opts dopts;
    memset(c, 0, sizeof *c);
    c->cfg = *cfg;
    c->o = *o;
    if (xl_mmu_init(&c->model, cfg, err) != 0)
        return -1;
    dopts.waves = o->waves;
    dopts.seed = (uint32_t)(o->seed ^ (o->seed >> 32));
    c->dut = xl_dut_new(&dopts);
    if (c->dut == NULL) {
        snprintf(err->msg, sizeof err->msg, "cannot build the RTL model%s",
                 o->waves ? " with a waveform (was it built with tracing?)" : "");
        xl_mmu_free(&c->model);
        return -1;
    }
    if (check_cfg(c, err) != 0 || xl_memsim_init(&c->ms, cfg->cache_line, &o->mem, o->seed) != 0) {
        if (err->msg[0] == '\0')
            snprintf(err->msg, sizeof err->msg, "out of memory");
        xl_dut_free(c->dut);
        xl_mmu_free(&c->model);
        return -1;
    }
    c->dut_memory = xl_dut_serve_memory(c->dut, &c->ms, c->mem_error, sizeof c->mem_error);
    xl_rng_seed(&c->rng, o->seed, 0x636f73);
    c->start_ticks = ticks();
    c->start_wall = now_seconds();
    return 0;
}

double xl_cosim_dut_seconds(const xl_cosim *c)
{
    uint64_t total = ticks() - c->start_ticks;
    double wall = now_seconds() - c->start_wall;
    return total ? wall * (double)c->dut_ticks / (double)total : 0.0;
}

void xl_cosim_free(xl_cosim *c)
{
    xl_dut_free(c->dut);
    xl_memsim_free(&c->ms);
    xl_mmu_free(&c->model);
}

uint64_t xl_cosim_cycles(const xl_cosim *c)
{
    return xl_dut_cycles(c->dut);
}

/* ------------------------------------------------------------------ transactions */
int xl_cosim_txn(xl_cosim *c, const xl_txn *t, unsigned line)
{
    if (c->fail.failed)
        return 1;
    while (c->issue_count == XL_COSIM_QUEUE)
        if (cycle(c))
            return 1;
    xl_cosim_slot *s = &c->issue[(c->issue_head + c->issue_count) % XL_COSIM_QUEUE];
    xl_info info;
    uint64_t removed0 = c->model.stats.inval_removed;
    s->txn = xl_txn_resolve(t, c->model.asid);
    xl_txn_execute(&c->model, &s->txn, &s->exp, &info);
    s->index = c->queued++;
    s->line = line;
    if (c->hook)
        c->hook(c->hook_ctx, &s->txn, &s->exp, &info, (unsigned)(c->model.stats.inval_removed - removed0));
    if (c->o.inject_at >= 0 && !c->injected && s->index >= (uint64_t)c->o.inject_at &&
        s->txn.kind == XL_TXN_ACCESS) {
        /* Self-check of the scoreboard: one deliberately wrong expectation
         * (the first access at or after inject_at). */
        c->injected = true;
        c->injected_index = s->index;
        if (s->exp.fault == XL_FAULT_NONE)
            s->exp.pa ^= 0x40;
        else
            s->exp.tlb_hit = !s->exp.tlb_hit;
    }
    c->issue_count++;
    return 0;
}

int xl_cosim_drain(xl_cosim *c)
{
    while (!c->fail.failed && (c->issue_count || c->flight_count || !c->out.idle || !xl_memsim_idle(&c->ms)))
        if (cycle(c))
            return 1;
    return c->fail.failed ? 1 : 0;
}

/* ------------------------------------------------------------------ debug port */
static void put_bits(uint32_t *w, unsigned lsb, unsigned width, uint64_t v)
{
    for (unsigned i = 0; i < width; i++) {
        unsigned b = lsb + i;
        w[b / 32] = (w[b / 32] & ~(1u << (b % 32))) | ((uint32_t)((v >> i) & 1u) << (b % 32));
    }
}

static uint64_t get_bits(const uint32_t *w, unsigned lsb, unsigned width)
{
    return cfg_field(w, lsb, width);
}

/* One debug operation; for a read, rdata receives the answer. @return 0 or 1. */
static int dbg_op(xl_cosim *c, bool we, unsigned target, unsigned set, unsigned way, const uint32_t *wdata,
                  uint32_t *rdata)
{
    xl_dut_in *in = &c->in;
    uint64_t start = xl_dut_cycles(c->dut);
    in->dbg_req_valid = true;
    in->dbg_req_we = we;
    in->dbg_req_target = (uint8_t)target;
    in->dbg_req_set = (uint16_t)set;
    in->dbg_req_way = (uint8_t)way;
    if (wdata)
        memcpy(in->dbg_req_wdata, wdata, sizeof in->dbg_req_wdata);
    else
        memset(in->dbg_req_wdata, 0, sizeof in->dbg_req_wdata);
    for (;;) {
        if (cycle(c))
            return 1;
        if (c->out.dbg_req_ready)
            break;
        if (xl_dut_cycles(c->dut) - start > 1000) {
            failf(c, UINT64_MAX, "debug port never ready (target %u)", target);
            return 1;
        }
    }
    in->dbg_req_valid = false;
    for (;;) {
        if (cycle(c))
            return 1;
        if (c->out.dbg_rsp_valid)
            break;
        if (xl_dut_cycles(c->dut) - start > 1000) {
            failf(c, UINT64_MAX, "debug port never answered (target %u)", target);
            return 1;
        }
    }
    if (rdata)
        memcpy(rdata, c->out.dbg_rsp_rdata, sizeof c->out.dbg_rsp_rdata);
    return 0;
}

enum { DBG_TLB = 0, DBG_SUPER = 1, DBG_TLB_REPL = 2, DBG_SUP_REPL = 3, DBG_CTAG = 4, DBG_CDATA = 5,
       DBG_CREPL = 6, DBG_REGS = 7 };

static unsigned asid_w(const xl_config *g)
{
    return g->asid_bits ? g->asid_bits : 1;
}

static void pack_entry(const xl_config *g, const xl_tlb_entry *e, uint32_t *w)
{
    unsigned at = 0;
    memset(w, 0, XL_DUT_DBG_WORDS * 4);
    put_bits(w, at, g->ppn_bits, e->ppn), at += g->ppn_bits;
    put_bits(w, at, g->vpn_bits, e->vpn), at += g->vpn_bits;
    put_bits(w, at, asid_w(g), e->asid), at += asid_w(g);
    put_bits(w, at, 6, e->perm), at += 6;
    put_bits(w, at, 4, e->attr), at += 4;
    put_bits(w, at, 1, e->napot), at += 1;
    put_bits(w, at, 3, e->level), at += 3;
    put_bits(w, at, 1, e->valid);
}

static void unpack_entry(const xl_config *g, const uint32_t *w, xl_tlb_entry *e)
{
    unsigned at = 0;
    e->ppn = get_bits(w, at, g->ppn_bits), at += g->ppn_bits;
    e->vpn = get_bits(w, at, g->vpn_bits), at += g->vpn_bits;
    e->asid = (uint32_t)get_bits(w, at, asid_w(g)), at += asid_w(g);
    e->perm = (uint8_t)get_bits(w, at, 6), at += 6;
    e->attr = (uint8_t)get_bits(w, at, 4), at += 4;
    e->napot = get_bits(w, at, 1) != 0, at += 1;
    e->level = (uint8_t)get_bits(w, at, 3), at += 3;
    e->valid = get_bits(w, at, 1) != 0;
}

int xl_cosim_backdoor(xl_cosim *c, const xl_stmt *s, xl_error *err)
{
    const xl_config *g = &c->cfg;
    uint32_t w[XL_DUT_DBG_WORDS];
    if (s->kind == XL_ST_PRESET || s->kind == XL_ST_DUMP)
        return 0;
    if (s->kind == XL_ST_FLUSH) {
        snprintf(err->msg, sizeof err->msg, "line %u: `flush` acts on the model only; the RTL has no flush", s->line);
        return -1;
    }
    if (xl_cosim_drain(c))
        return 1;
    if (xl_stmt_apply(&c->model, s, err) != 0)
        return -1;
    switch (s->kind) {
    case XL_ST_MEM:
    case XL_ST_PTE:
        if (xl_mem_write_le(&c->ms.mem, s->pa, s->value, s->size) != 0) {
            snprintf(err->msg, sizeof err->msg, "out of memory");
            return -1;
        }
        return 0;
    case XL_ST_TLB_FILL: {
        xl_tlb_entry e = s->entry;
        bool sup = s->loc.array == XL_TLB_SUPER;
        if (!sup || g->tlb_super) {
            xl_tlb_get(&c->model.tlb, &s->loc, &e); /* exactly what the model now holds */
            pack_entry(g, &e, w);
            return dbg_op(c, true, sup ? DBG_SUPER : DBG_TLB, s->loc.set, s->loc.way, w, NULL);
        }
        return 0;
    }
    case XL_ST_CACHE_FILL: {
        xl_cache_line l;
        xl_cache_get(&c->model.cache, s->set, s->way, &l);
        memset(w, 0, sizeof w);
        put_bits(w, 0, xl_cache_tag_bits(g), l.tag);
        put_bits(w, xl_cache_tag_bits(g), 1, l.dirty);
        put_bits(w, xl_cache_tag_bits(g) + 1, 1, l.valid);
        if (dbg_op(c, true, DBG_CTAG, s->set, s->way, w, NULL))
            return 1;
        memset(w, 0, sizeof w);
        memcpy(w, l.data, g->cache_line);
        return dbg_op(c, true, DBG_CDATA, s->set, s->way, w, NULL);
    }
    case XL_ST_REPL: {
        uint32_t st = s->repl_cache ? xl_cache_repl_get(&c->model.cache, s->loc.set)
                                    : xl_tlb_repl_get(&c->model.tlb, s->loc.array, s->loc.set);
        unsigned target = s->repl_cache ? DBG_CREPL : (s->loc.array == XL_TLB_SUPER ? DBG_SUP_REPL : DBG_TLB_REPL);
        memset(w, 0, sizeof w);
        w[0] = st;
        return dbg_op(c, true, target, s->loc.set, 0, w, NULL);
    }
    default:
        break;
    }
    return 0;
}

/* ------------------------------------------------------------------ end-state compare */
int xl_cosim_compare_state(xl_cosim *c)
{
    const xl_config *g = &c->cfg;
    xl_mmu shadow;
    xl_error err;
    uint32_t w[XL_DUT_DBG_WORDS];
    int r = 1;

    if (xl_cosim_drain(c))
        return 1;
    if (xl_mmu_init(&shadow, g, &err) != 0) {
        failf(c, UINT64_MAX, "%s", err.msg);
        return 1;
    }
    for (unsigned st = 0; st < g->tlb_sets; st++) {
        for (unsigned wy = 0; wy < g->tlb_ways; wy++) {
            if (dbg_op(c, false, DBG_TLB, st, wy, NULL, w))
                goto out;
            unpack_entry(g, w, &shadow.tlb.base[st * g->tlb_ways + wy]);
        }
        if (dbg_op(c, false, DBG_TLB_REPL, st, 0, NULL, w))
            goto out;
        shadow.tlb.base_repl[st] = w[0] & xl_repl_mask(g->tlb_repl, g->tlb_ways);
    }
    for (unsigned i = 0; i < g->tlb_super; i++) {
        if (dbg_op(c, false, DBG_SUPER, 0, i, NULL, w))
            goto out;
        unpack_entry(g, w, &shadow.tlb.super[i]);
    }
    if (g->tlb_super) {
        if (dbg_op(c, false, DBG_SUP_REPL, 0, 0, NULL, w))
            goto out;
        shadow.tlb.super_repl = w[0] & xl_repl_mask(g->tlb_repl, g->tlb_super);
    }
    for (unsigned st = 0; st < g->cache_sets; st++) {
        for (unsigned wy = 0; wy < g->cache_ways; wy++) {
            size_t i = (size_t)st * g->cache_ways + wy;
            unsigned tb = xl_cache_tag_bits(g);
            if (dbg_op(c, false, DBG_CTAG, st, wy, NULL, w))
                goto out;
            shadow.cache.tag[i] = get_bits(w, 0, tb);
            shadow.cache.dirty[i] = (uint8_t)get_bits(w, tb, 1);
            shadow.cache.valid[i] = (uint8_t)get_bits(w, tb + 1, 1);
            if (dbg_op(c, false, DBG_CDATA, st, wy, NULL, w))
                goto out;
            memcpy(shadow.cache.data + i * g->cache_line, w, g->cache_line);
        }
        if (dbg_op(c, false, DBG_CREPL, st, 0, NULL, w))
            goto out;
        shadow.cache.repl[st] = w[0] & xl_repl_mask(XL_REPL_PLRU, g->cache_ways);
    }
    if (dbg_op(c, false, DBG_REGS, 0, 0, NULL, w))
        goto out;
    shadow.root_ppn = get_bits(w, 0, g->ppn_bits);
    shadow.asid = (uint32_t)get_bits(w, g->ppn_bits, asid_w(g));
    shadow.ctl.flags = (unsigned)get_bits(w, g->ppn_bits + asid_w(g), 8);
    shadow.ctl.pkru = (uint32_t)get_bits(w, g->ppn_bits + asid_w(g) + 8, 32);
    {
        /* Compare against the RTL side's memory without copying it. */
        xl_mem own = shadow.mem;
        char what[512];
        shadow.mem = c->ms.mem;
        int d = xl_mmu_compare(&c->model, &shadow, what, sizeof what);
        shadow.mem = own;
        if (d == 0)
            r = 0;
        else
            failf(c, UINT64_MAX, "end-of-run state differs (model vs RTL): %s", d < 0 ? "out of memory" : what);
    }
out:
    xl_mmu_free(&shadow);
    return r;
}
