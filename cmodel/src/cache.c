/* The VIPT L1 data cache (cache.h). */
#include "xlate/cache.h"

#include <stdlib.h>
#include <string.h>

#include "xlate/repl.h"
#include "xlate/util.h"

#include "repl_inline.h"

unsigned xl_cache_tag_bits(const xl_config *cfg)
{
    return cfg->pa_bits - cfg->line_bits - cfg->cache_set_bits;
}

int xl_cache_init(xl_cache *c, const xl_config *cfg, xl_mem *mem)
{
    size_t lines = (size_t)cfg->cache_sets * cfg->cache_ways;
    memset(c, 0, sizeof *c);
    c->cfg = cfg;
    c->mem = mem;
    c->data = calloc(lines, cfg->cache_line);
    c->tag = calloc(lines, sizeof *c->tag);
    c->valid = calloc(lines, 1);
    c->dirty = calloc(lines, 1);
    c->repl = calloc(cfg->cache_sets, sizeof *c->repl);
    if (!c->data || !c->tag || !c->valid || !c->dirty || !c->repl) {
        xl_cache_free(c);
        return -1;
    }
    return 0;
}

void xl_cache_free(xl_cache *c)
{
    free(c->data);
    free(c->tag);
    free(c->valid);
    free(c->dirty);
    free(c->repl);
    c->data = NULL;
    c->tag = NULL;
    c->valid = c->dirty = NULL;
    c->repl = NULL;
}

void xl_cache_observe(xl_cache *c, xl_cache_traffic_fn fn, void *ctx)
{
    c->traffic = fn;
    c->traffic_ctx = ctx;
}

void xl_cache_reset(xl_cache *c)
{
    const xl_config *g = c->cfg;
    size_t lines = (size_t)g->cache_sets * g->cache_ways;
    memset(c->data, 0, lines * g->cache_line);
    memset(c->tag, 0, lines * sizeof *c->tag);
    memset(c->valid, 0, lines);
    memset(c->dirty, 0, lines);
    memset(c->repl, 0, g->cache_sets * sizeof *c->repl);
}

static uint64_t line_addr(const xl_config *g, uint64_t tag, unsigned set)
{
    return ((tag << g->cache_set_bits) | set) << g->line_bits;
}

bool xl_cache_access(xl_cache *c, uint64_t pa, bool write, unsigned size, uint64_t wdata,
                     uint64_t *rdata, xl_cache_info *info)
{
    const xl_config *g = c->cfg;
    unsigned set = (unsigned)((pa >> g->line_bits) & (g->cache_sets - 1));
    uint64_t tag = pa >> (g->line_bits + g->cache_set_bits);
    size_t base = (size_t)set * g->cache_ways;
    unsigned way = g->cache_ways;
    bool hit = false;

    if (info) {
        info->evict_clean = info->evict_dirty = false;
        info->set = set;
    }
    for (unsigned w = 0; w < g->cache_ways; w++)
        if (c->valid[base + w] && c->tag[base + w] == tag) {
            way = w;
            hit = true;
            break;
        }
    if (!hit) {
        for (unsigned w = 0; w < g->cache_ways; w++)
            if (!c->valid[base + w]) {
                way = w;
                break;
            }
        if (way == g->cache_ways)
            way = xl_repl_victim_inl(XL_REPL_PLRU, g->cache_ways, c->repl[set]);
        size_t i = base + way;
        uint8_t *line = c->data + i * g->cache_line;
        if (c->valid[i]) {
            if (c->dirty[i]) {
                uint64_t wb = line_addr(g, c->tag[i], set);
                if (c->traffic)
                    c->traffic(c->traffic_ctx, true, false, wb, line, g->cache_line);
                /* A write failure here means the host is out of memory; the
                 * model keeps going with the line dropped (reported by xl_mem). */
                (void)xl_mem_write(c->mem, wb, line, g->cache_line);
                if (info)
                    info->evict_dirty = true;
            } else if (info) {
                info->evict_clean = true;
            }
        }
        xl_mem_read(c->mem, line_addr(g, tag, set), line, g->cache_line);
        if (c->traffic)
            c->traffic(c->traffic_ctx, false, false, line_addr(g, tag, set), line, g->cache_line);
        c->tag[i] = tag;
        c->valid[i] = 1;
        c->dirty[i] = 0;
    }
    size_t i = base + way;
    uint8_t *p = c->data + i * g->cache_line + (pa & (g->cache_line - 1));
    if (write) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        memcpy(p, &wdata, size);
#else
        for (unsigned b = 0; b < size; b++)
            p[b] = (uint8_t)(wdata >> (8 * b));
#endif
        c->dirty[i] = 1;
        if (rdata)
            *rdata = 0;
    } else if (rdata) {
        uint64_t v = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        memcpy(&v, p, size);
#else
        for (unsigned b = 0; b < size; b++)
            v |= (uint64_t)p[b] << (8 * b);
#endif
        *rdata = v;
    }
    c->repl[set] = xl_repl_touch_inl(XL_REPL_PLRU, g->cache_ways, c->repl[set], way);
    if (info)
        info->way = way;
    return hit;
}

int xl_cache_uncached(xl_cache *c, uint64_t pa, bool write, unsigned size, uint64_t wdata, uint64_t *rdata)
{
    uint8_t b[8];
    if (write) {
        for (unsigned i = 0; i < size; i++)
            b[i] = (uint8_t)(wdata >> (8 * i));
        if (c->traffic)
            c->traffic(c->traffic_ctx, true, true, pa, b, size);
        if (rdata)
            *rdata = 0;
        return xl_mem_write(c->mem, pa, b, size);
    }
    uint64_t v = xl_mem_read_le(c->mem, pa, size);
    for (unsigned i = 0; i < size; i++)
        b[i] = (uint8_t)(v >> (8 * i));
    if (c->traffic)
        c->traffic(c->traffic_ctx, false, true, pa, b, size);
    if (rdata)
        *rdata = v;
    return 0;
}

unsigned xl_cache_flush(xl_cache *c, bool invalidate)
{
    const xl_config *g = c->cfg;
    unsigned n = 0;
    for (unsigned s = 0; s < g->cache_sets; s++)
        for (unsigned w = 0; w < g->cache_ways; w++) {
            size_t i = (size_t)s * g->cache_ways + w;
            if (c->valid[i] && c->dirty[i]) {
                if (c->traffic)
                    c->traffic(c->traffic_ctx, true, false, line_addr(g, c->tag[i], s),
                               c->data + i * g->cache_line, g->cache_line);
                (void)xl_mem_write(c->mem, line_addr(g, c->tag[i], s), c->data + i * g->cache_line,
                                   g->cache_line);
                c->dirty[i] = 0;
                n++;
            }
            if (invalidate)
                c->valid[i] = 0;
        }
    return n;
}

int xl_cache_get(const xl_cache *c, unsigned set, unsigned way, xl_cache_line *line)
{
    const xl_config *g = c->cfg;
    if (set >= g->cache_sets || way >= g->cache_ways)
        return -1;
    size_t i = (size_t)set * g->cache_ways + way;
    memset(line, 0, sizeof *line);
    line->valid = c->valid[i] != 0;
    line->dirty = c->dirty[i] != 0;
    line->tag = c->tag[i];
    memcpy(line->data, c->data + i * g->cache_line, g->cache_line);
    return 0;
}

int xl_cache_put(xl_cache *c, unsigned set, unsigned way, const xl_cache_line *line)
{
    const xl_config *g = c->cfg;
    if (set >= g->cache_sets || way >= g->cache_ways)
        return -1;
    if (line->tag >> xl_cache_tag_bits(g))
        return -1;
    size_t i = (size_t)set * g->cache_ways + way;
    c->valid[i] = line->valid;
    c->dirty[i] = line->valid && line->dirty;
    c->tag[i] = line->tag;
    memcpy(c->data + i * g->cache_line, line->data, g->cache_line);
    return 0;
}

uint32_t xl_cache_repl_get(const xl_cache *c, unsigned set)
{
    return set < c->cfg->cache_sets ? c->repl[set] : 0;
}

void xl_cache_repl_put(xl_cache *c, unsigned set, uint32_t state)
{
    if (set < c->cfg->cache_sets)
        c->repl[set] = state & xl_repl_mask(XL_REPL_PLRU, c->cfg->cache_ways);
}
