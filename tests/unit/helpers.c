/* Shared fixtures for the xlate unit tests (helpers.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* ---- configurations ---------------------------------------------------- */

void cfg_preset(xl_config *cfg, const char *name)
{
    char path[512];
    xl_error err = {{0}};
    snprintf(path, sizeof path, "%s/%s.cfg", XL_CFG_DIR, name);
    if (xl_config_load_file(path, cfg, &err) != 0)
        fail_msg("cannot load preset %s: %s", name, err.msg);
}

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    char *buf = calloc(1, 65536);
    if (buf != NULL)
        (void)fread(buf, 1, 65535, f);
    fclose(f);
    return buf;
}

/* Key of a `key = value` line, or "" for blanks and comments. */
static void line_key(const char *line, size_t n, char *key, size_t len)
{
    size_t i = 0, k = 0;
    while (i < n && (line[i] == ' ' || line[i] == '\t'))
        i++;
    while (i < n && line[i] != '=' && line[i] != ' ' && line[i] != '\t' && line[i] != '#' && k + 1 < len)
        key[k++] = line[i++];
    key[k] = '\0';
}

static bool key_overridden(const char *key, const char *overrides)
{
    const char *p = overrides;
    while (*key && p && *p) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char k[64];
        line_key(p, n, k, sizeof k);
        if (strcmp(k, key) == 0)
            return true;
        p = e ? e + 1 : NULL;
    }
    return false;
}

int cfg_custom(xl_config *cfg, const char *preset, const char *overrides, xl_error *err)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s.cfg", XL_CFG_DIR, preset);
    char *text = read_text(path);
    if (text == NULL) {
        snprintf(err->msg, sizeof err->msg, "cannot read %.400s", path);
        return -1;
    }
    size_t cap = strlen(text) + (overrides ? strlen(overrides) : 0) + 4;
    char *out = calloc(1, cap);
    size_t o = 0;
    for (const char *p = text; *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char k[64];
        line_key(p, n, k, sizeof k);
        if (!(overrides && key_overridden(k, overrides))) {
            memcpy(out + o, p, n);
            o += n;
            out[o++] = '\n';
        }
        p = e ? e + 1 : p + n;
    }
    if (overrides) {
        memcpy(out + o, overrides, strlen(overrides));
        o += strlen(overrides);
    }
    out[o] = '\0';
    int r = xl_config_parse(out, "custom.cfg", cfg, err);
    free(out);
    free(text);
    return r;
}

/* ---- machines ------------------------------------------------------------ */

xl_mmu *mmu_new(const xl_config *cfg)
{
    xl_error err = {{0}};
    xl_mmu *m = calloc(1, sizeof *m);
    assert_non_null(m);
    if (xl_mmu_init(m, cfg, &err) != 0) {
        free(m);
        fail_msg("xl_mmu_init: %s", err.msg);
    }
    return m;
}

void mmu_del(xl_mmu *m)
{
    if (m) {
        xl_mmu_free(m);
        free(m);
    }
}

xl_result acc(xl_mmu *m, xl_op op, xl_priv priv, uint64_t va, unsigned size, uint64_t wdata, xl_info *info)
{
    xl_access a;
    xl_result r;
    memset(&a, 0, sizeof a);
    a.op = op;
    a.priv = priv;
    a.size = size;
    a.va = va;
    a.wdata = wdata;
    xl_mmu_access(m, &a, &r, info);
    return r;
}

/* ---- page-table builder -------------------------------------------------- */

static int find_line(const xl_mmu *m, uint64_t pa, unsigned *set_out);
static void write_coherent(xl_mmu *m, uint64_t pa, uint64_t value, unsigned size);

static uint64_t table_pages(const xl_config *c)
{
    uint64_t most = 0;
    for (unsigned l = 0; l < c->levels; l++) {
        uint64_t bytes = ((uint64_t)1 << c->level_bits[l]) * c->pte_bytes;
        uint64_t pages = (bytes + ((uint64_t)1 << c->page_bits) - 1) >> c->page_bits;
        if (pages > most)
            most = pages;
    }
    return most;
}

void pt_init(pt *p, xl_mmu *m, uint64_t root_ppn)
{
    const xl_config *c = &m->cfg;
    p->m = m;
    p->root = root_ppn;
    p->next = root_ppn + table_pages(c);
    p->dir_flags = xl_fmt_x86(c->format) ? (XL_PF_P | XL_PF_W | XL_PF_U | XL_PF_A) : XL_PF_P;
    xl_mmu_set_root(m, root_ppn, m->asid, false);
}

uint64_t pte_raw(const xl_config *cfg, unsigned flags, uint64_t ppn)
{
    uint64_t raw = 0;
    xl_error err = {{0}};
    if (xl_pte_encode(cfg, flags, ppn, NULL, &raw, &err) != 0)
        fail_msg("xl_pte_encode: %s", err.msg);
    return raw;
}

static uint64_t index_of(const xl_config *c, uint64_t va, unsigned level)
{
    uint64_t vpn = (va >> c->page_bits) & xl_mask(c->vpn_bits);
    return (vpn >> c->level_shift[level]) & xl_mask(c->level_bits[level]);
}

uint64_t pt_entry_pa(pt *p, uint64_t va, unsigned level)
{
    const xl_config *c = &p->m->cfg;
    uint64_t table = p->root;
    for (unsigned L = c->levels - 1; L > level; L--) {
        uint64_t epa = (table << c->page_bits) + index_of(c, va, L) * c->pte_bytes;
        uint64_t raw = peek(p->m, epa, c->pte_bytes);
        xl_pte d;
        if (raw == 0) {
            uint64_t t = p->next;
            p->next += table_pages(c);
            raw = pte_raw(c, p->dir_flags, t);
            write_coherent(p->m, epa, raw, c->pte_bytes);
        }
        (void)xl_pte_decode(c, NULL, raw, L, &d);
        table = d.ppn;
    }
    return (table << c->page_bits) + index_of(c, va, level) * c->pte_bytes;
}

/* Write `size` bytes to memory and to a cached copy of the line, if any
 * (its valid/dirty bits and the replacement state are left alone). */
static void write_coherent(xl_mmu *m, uint64_t pa, uint64_t value, unsigned size)
{
    unsigned set;
    assert_int_equal(xl_mem_write_le(&m->mem, pa, value, size), 0);
    int w = find_line(m, pa, &set);
    if (w >= 0) {
        xl_cache_line l;
        unsigned off = (unsigned)(pa & (m->cfg.cache_line - 1));
        assert_int_equal(xl_cache_get(&m->cache, set, (unsigned)w, &l), 0);
        for (unsigned i = 0; i < size; i++)
            l.data[off + i] = (uint8_t)(value >> (8 * i));
        assert_int_equal(xl_cache_put(&m->cache, set, (unsigned)w, &l), 0);
    }
}

void pt_set_raw(pt *p, uint64_t va, unsigned level, uint64_t raw)
{
    uint64_t epa = pt_entry_pa(p, va, level);
    write_coherent(p->m, epa, raw, p->m->cfg.pte_bytes);
}

void pt_map(pt *p, uint64_t va, unsigned level, unsigned flags, uint64_t ppn)
{
    pt_set_raw(p, va, level, pte_raw(&p->m->cfg, flags, ppn));
}

void pt_dir_flags(pt *p, uint64_t va, unsigned level, unsigned flags)
{
    const xl_config *c = &p->m->cfg;
    assert_true(level > 0);
    (void)pt_entry_pa(p, va, level - 1); /* make sure the pointer exists */
    uint64_t epa = pt_entry_pa(p, va, level);
    xl_pte d;
    (void)xl_pte_decode(c, NULL, peek(p->m, epa, c->pte_bytes), level, &d);
    write_coherent(p->m, epa, pte_raw(c, flags, d.ppn), c->pte_bytes);
}

uint64_t pt_mem_entry(pt *p, uint64_t va, unsigned level)
{
    return xl_mem_read_le(&p->m->mem, pt_entry_pa(p, va, level), p->m->cfg.pte_bytes);
}

/* ---- fixture ------------------------------------------------------------- */

void fx_use(fx *f, const char *preset, const char *overrides)
{
    xl_error err = {{0}};
    mmu_del(f->m);
    f->m = NULL;
    if (cfg_custom(&f->cfg, preset, overrides, &err) != 0)
        fail_msg("custom config from %s: %s", preset, err.msg);
    f->m = mmu_new(&f->cfg);
    pt_init(&f->p, f->m, f->cfg.format == XL_FMT_TOY ? FX_TOY_ROOT : FX_ROOT);
}

static int setup_with(void **state, const char *preset)
{
    fx *f = calloc(1, sizeof *f);
    if (f == NULL)
        return -1;
    *state = f;
    if (preset)
        fx_use(f, preset, NULL);
    return 0;
}

int fx_setup_x86(void **state) { return setup_with(state, "x86_64"); }
int fx_setup_sv39(void **state) { return setup_with(state, "sv39"); }
int fx_setup_sv48(void **state) { return setup_with(state, "sv48"); }
int fx_setup_toy(void **state) { return setup_with(state, "toy"); }
int fx_setup_none(void **state) { return setup_with(state, NULL); }

int fx_teardown(void **state)
{
    fx *f = *state;
    if (f) {
        mmu_del(f->m);
        free(f);
    }
    *state = NULL;
    return 0;
}

/* ---- inspection ---------------------------------------------------------- */

xl_tlb_entry tlb_ent(unsigned level, uint64_t vpn, uint64_t ppn, uint32_t asid, unsigned perm)
{
    xl_tlb_entry e;
    memset(&e, 0, sizeof e);
    e.valid = true;
    e.level = (uint8_t)level;
    e.vpn = vpn;
    e.ppn = ppn;
    e.asid = asid;
    e.perm = (uint8_t)perm;
    return e;
}

static bool same_entry(const xl_tlb_entry *a, const xl_tlb_entry *b)
{
    return a->valid && b->valid && a->level == b->level && a->vpn == b->vpn && a->ppn == b->ppn &&
           a->asid == b->asid && a->perm == b->perm;
}

unsigned tlb_valid_count(const xl_mmu *m)
{
    const xl_config *c = &m->cfg;
    unsigned n = 0;
    for (size_t i = 0; i < (size_t)c->tlb_sets * c->tlb_ways; i++)
        n += m->tlb.base[i].valid;
    for (unsigned i = 0; i < c->tlb_super; i++)
        n += m->tlb.super[i].valid;
    return n;
}

bool tlb_has(const xl_mmu *m, const xl_tlb_entry *e)
{
    const xl_config *c = &m->cfg;
    for (size_t i = 0; i < (size_t)c->tlb_sets * c->tlb_ways; i++)
        if (same_entry(&m->tlb.base[i], e))
            return true;
    for (unsigned i = 0; i < c->tlb_super; i++)
        if (same_entry(&m->tlb.super[i], e))
            return true;
    return false;
}

/* Way holding `pa`, or -1. */
static int find_line(const xl_mmu *m, uint64_t pa, unsigned *set_out)
{
    const xl_config *c = &m->cfg;
    unsigned set = (unsigned)((pa >> c->line_bits) & (c->cache_sets - 1));
    uint64_t tag = pa >> (c->line_bits + c->cache_set_bits);
    *set_out = set;
    for (unsigned w = 0; w < c->cache_ways; w++) {
        xl_cache_line l;
        assert_int_equal(xl_cache_get(&m->cache, set, w, &l), 0);
        if (l.valid && l.tag == tag)
            return (int)w;
    }
    return -1;
}

uint64_t peek(const xl_mmu *m, uint64_t pa, unsigned size)
{
    unsigned set;
    int w = find_line(m, pa, &set);
    if (w < 0)
        return xl_mem_read_le((xl_mem *)&m->mem, pa, size);
    xl_cache_line l;
    assert_int_equal(xl_cache_get(&m->cache, set, (unsigned)w, &l), 0);
    uint64_t v = 0;
    unsigned off = (unsigned)(pa & (m->cfg.cache_line - 1));
    for (unsigned i = 0; i < size; i++)
        v |= (uint64_t)l.data[off + i] << (8 * i);
    return v;
}

bool cache_holds(const xl_mmu *m, uint64_t pa, bool *dirty)
{
    unsigned set;
    int w = find_line(m, pa, &set);
    if (w < 0)
        return false;
    if (dirty) {
        xl_cache_line l;
        assert_int_equal(xl_cache_get(&m->cache, set, (unsigned)w, &l), 0);
        *dirty = l.dirty;
    }
    return true;
}

unsigned cache_valid_count(const xl_mmu *m)
{
    const xl_config *c = &m->cfg;
    unsigned n = 0;
    for (unsigned s = 0; s < c->cache_sets; s++)
        for (unsigned w = 0; w < c->cache_ways; w++) {
            xl_cache_line l;
            if (xl_cache_get(&m->cache, s, w, &l) == 0 && l.valid)
                n++;
        }
    return n;
}

int report(const char *group, unsigned ntests, int failed)
{
    (void)group;
    if (failed < 0)
        failed = (int)ntests;
    fflush(stderr);
    printf("%d passed, %d failed\n", (int)ntests - failed, failed);
    fflush(stdout);
    return failed != 0;
}
