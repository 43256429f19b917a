/* Sparse physical memory (mem.h). */
#define _DEFAULT_SOURCE /* madvise(MADV_HUGEPAGE) on Linux */
#include "xlate/mem.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

#define INIT_CAP 64u
#define SLAB_FRAMES 512u /* 2 MiB */

static size_t hash_key(uint64_t key, size_t cap)
{
    key *= 0x9E3779B97F4A7C15ull;
    return (size_t)(key >> 32) & (cap - 1);
}

int xl_mem_init(xl_mem *m)
{
    memset(m, 0, sizeof *m);
    m->slots = calloc(INIT_CAP, sizeof *m->slots);
    if (m->slots == NULL)
        return -1;
    m->cap = INIT_CAP;
    return 0;
}

static void free_slabs(xl_mem *m)
{
    for (size_t i = 0; i < m->nslabs; i++)
        free(m->slabs[i]);
    free(m->slabs);
    m->slabs = NULL;
    m->slab_next = NULL;
    m->nslabs = m->slab_cap = m->slab_left = 0;
}

void xl_mem_free(xl_mem *m)
{
    free_slabs(m);
    free(m->slots);
    memset(m, 0, sizeof *m);
}

void xl_mem_clear(xl_mem *m)
{
    free_slabs(m);
    memset(m->slots, 0, m->cap * sizeof *m->slots);
    m->count = 0;
    m->last_key = 0;
    m->last = NULL;
}

static uint8_t *find(const xl_mem *m, uint64_t key)
{
    size_t i = hash_key(key, m->cap);
    while (m->slots[i].key != 0) {
        if (m->slots[i].key == key)
            return m->slots[i].frame;
        i = (i + 1) & (m->cap - 1);
    }
    return NULL;
}

static uint8_t *lookup(xl_mem *m, uint64_t frame)
{
    uint64_t key = frame + 1;
    if (key == m->last_key)
        return m->last;
    uint8_t *f = find(m, key);
    if (f) {
        m->last_key = key;
        m->last = f;
    }
    return f;
}

static int grow(xl_mem *m)
{
    size_t ncap = m->cap * 2;
    xl_mem_slot *ns = calloc(ncap, sizeof *ns);
    if (ns == NULL)
        return -1;
    for (size_t i = 0; i < m->cap; i++) {
        if (m->slots[i].key == 0)
            continue;
        size_t j = hash_key(m->slots[i].key, ncap);
        while (ns[j].key != 0)
            j = (j + 1) & (ncap - 1);
        ns[j] = m->slots[i];
    }
    free(m->slots);
    m->slots = ns;
    m->cap = ncap;
    return 0;
}

/* A zeroed frame from the newest slab (a new slab when it is used up).
 * Slabs grow from one frame to 2 MiB, so small memories stay small. */
static uint8_t *new_frame(xl_mem *m)
{
    if (m->slab_left == 0) {
        if (m->nslabs == m->slab_cap) {
            size_t nc = m->slab_cap ? m->slab_cap * 2 : 8;
            uint8_t **nl = realloc(m->slabs, nc * sizeof *nl);
            if (nl == NULL)
                return NULL;
            m->slabs = nl;
            m->slab_cap = nc;
        }
        size_t frames = m->nslabs == 0 ? 1 : m->nslabs < 4 ? 16 : SLAB_FRAMES;
        uint8_t *slab;
        if (frames == SLAB_FRAMES) {
            /* A 2 MiB slab, aligned so the host can back it with one huge
             * page (fewer host TLB misses on large page-table footprints). */
            slab = aligned_alloc((size_t)SLAB_FRAMES * XL_MEM_FRAME, (size_t)SLAB_FRAMES * XL_MEM_FRAME);
            if (slab == NULL)
                return NULL;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
            (void)madvise(slab, (size_t)SLAB_FRAMES * XL_MEM_FRAME, MADV_HUGEPAGE);
#endif
            memset(slab, 0, (size_t)SLAB_FRAMES * XL_MEM_FRAME);
        } else {
            slab = calloc(frames, XL_MEM_FRAME);
            if (slab == NULL)
                return NULL;
        }
        m->slabs[m->nslabs++] = slab;
        m->slab_next = slab;
        m->slab_left = frames;
    }
    uint8_t *f = m->slab_next;
    m->slab_next += XL_MEM_FRAME;
    m->slab_left--;
    return f;
}

static uint8_t *lookup_alloc(xl_mem *m, uint64_t frame)
{
    uint8_t *f = lookup(m, frame);
    if (f)
        return f;
    if ((m->count + 1) * 2 > m->cap && grow(m) != 0)
        return NULL;
    f = new_frame(m);
    if (f == NULL)
        return NULL;
    uint64_t key = frame + 1;
    size_t i = hash_key(key, m->cap);
    while (m->slots[i].key != 0)
        i = (i + 1) & (m->cap - 1);
    m->slots[i].key = key;
    m->slots[i].frame = f;
    m->count++;
    m->last_key = key;
    m->last = f;
    return f;
}

void xl_mem_read(xl_mem *m, uint64_t pa, void *buf, size_t n)
{
    uint8_t *out = buf;
    while (n > 0) {
        uint64_t off = pa % XL_MEM_FRAME;
        size_t chunk = XL_MEM_FRAME - off;
        if (chunk > n)
            chunk = n;
        const uint8_t *f = lookup(m, pa / XL_MEM_FRAME);
        if (f)
            memcpy(out, f + off, chunk);
        else
            memset(out, 0, chunk);
        out += chunk;
        pa += chunk;
        n -= chunk;
    }
}

int xl_mem_write(xl_mem *m, uint64_t pa, const void *buf, size_t n)
{
    const uint8_t *in = buf;
    /* Allocate every frame first so a failure leaves memory unchanged. */
    for (uint64_t a = pa - pa % XL_MEM_FRAME; n > 0 && a < pa + n; a += XL_MEM_FRAME)
        if (lookup_alloc(m, a / XL_MEM_FRAME) == NULL)
            return -1;
    while (n > 0) {
        uint64_t off = pa % XL_MEM_FRAME;
        size_t chunk = XL_MEM_FRAME - off;
        if (chunk > n)
            chunk = n;
        uint8_t *f = lookup(m, pa / XL_MEM_FRAME);
        memcpy(f + off, in, chunk);
        in += chunk;
        pa += chunk;
        n -= chunk;
    }
    return 0;
}

uint64_t xl_mem_read_le(xl_mem *m, uint64_t pa, unsigned size)
{
    uint8_t b[8];
    uint64_t v = 0;
    xl_mem_read(m, pa, b, size);
    for (unsigned i = 0; i < size; i++)
        v |= (uint64_t)b[i] << (8 * i);
    return v;
}

int xl_mem_write_le(xl_mem *m, uint64_t pa, uint64_t value, unsigned size)
{
    uint8_t b[8];
    for (unsigned i = 0; i < size; i++)
        b[i] = (uint8_t)(value >> (8 * i));
    return xl_mem_write(m, pa, b, size);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Sorted list of allocated frame numbers; caller frees. */
static uint64_t *sorted_frames(const xl_mem *m, size_t *n)
{
    uint64_t *list = malloc((m->count ? m->count : 1) * sizeof *list);
    if (list == NULL)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key != 0)
            list[k++] = m->slots[i].key - 1;
    qsort(list, k, sizeof *list, cmp_u64);
    *n = k;
    return list;
}

int xl_mem_foreach(const xl_mem *m, int (*fn)(uint64_t base, const uint8_t *data, void *ctx), void *ctx)
{
    size_t n;
    uint64_t *list = sorted_frames(m, &n);
    if (list == NULL)
        return -1;
    int r = 0;
    for (size_t i = 0; i < n && r == 0; i++)
        r = fn(list[i] * XL_MEM_FRAME, find(m, list[i] + 1), ctx);
    free(list);
    return r;
}

static bool all_zero(const uint8_t *p, size_t n, size_t *first)
{
    for (size_t i = 0; i < n; i++)
        if (p[i]) {
            *first = i;
            return false;
        }
    return true;
}

/* Compare the frames of `a` against `b`; `b` missing counts as zero. */
static int compare_one_way(const xl_mem *a, const xl_mem *b, uint64_t *first_diff)
{
    size_t n;
    uint64_t *list = sorted_frames(a, &n);
    if (list == NULL)
        return -1;
    int r = 0;
    for (size_t i = 0; i < n && r == 0; i++) {
        const uint8_t *fa = find(a, list[i] + 1);
        const uint8_t *fb = find(b, list[i] + 1);
        size_t at = 0;
        if (fb == NULL) {
            if (!all_zero(fa, XL_MEM_FRAME, &at))
                r = 1;
        } else if (memcmp(fa, fb, XL_MEM_FRAME) != 0) {
            while (fa[at] == fb[at])
                at++;
            r = 1;
        }
        if (r && first_diff)
            *first_diff = list[i] * XL_MEM_FRAME + at;
    }
    free(list);
    return r;
}

int xl_mem_compare(const xl_mem *a, const xl_mem *b, uint64_t *first_diff)
{
    uint64_t d1 = UINT64_MAX, d2 = UINT64_MAX;
    int r1 = compare_one_way(a, b, &d1);
    if (r1 < 0)
        return -1;
    int r2 = compare_one_way(b, a, &d2);
    if (r2 < 0)
        return -1;
    if (first_diff)
        *first_diff = d1 < d2 ? d1 : d2;
    return (r1 || r2) ? 1 : 0;
}
