/**
 * @file cache.h
 * @brief The VIPT L1 data cache: set-associative, write-back,
 * write-allocate, tree-PLRU.
 *
 * The set index is taken from address bits below the page offset, so the
 * virtual and physical index are the same bits (the configuration rejects
 * any geometry where they are not).  The model therefore indexes with the
 * physical address; the RTL reads the set with the virtual address one
 * cycle earlier.
 *
 * Exact behaviour: a hit touches the way.  A miss picks the lowest invalid
 * way, else the PLRU victim; a dirty victim is written back (whole line),
 * the line is read from memory, installed clean, then accessed and touched.
 * A store sets the line dirty.
 */
#ifndef XLATE_CACHE_H
#define XLATE_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "xlate/config.h"
#include "xlate/mem.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What one cache access did, beyond hit/miss. */
typedef struct xl_cache_info {
    bool evict_clean; /**< a valid clean line was replaced */
    bool evict_dirty; /**< a dirty line was written back and replaced */
    unsigned set;     /**< set accessed */
    unsigned way;     /**< way accessed */
} xl_cache_info;

/**
 * Observer of the cache's memory traffic: called for every transfer, in
 * order -- a line fill (`write` false, after the line is read), a
 * write-back (`write` true, before the line is written), or, with
 * `uncached` true, an access that bypasses the cache (`len` bytes at `pa`:
 * the data read, or the data written).
 */
typedef void (*xl_cache_traffic_fn)(void *ctx, bool write, bool uncached, uint64_t pa, const uint8_t *data,
                                    unsigned len);

/** Cache state. */
typedef struct xl_cache {
    const xl_config *cfg; /**< configuration (not owned) */
    xl_mem *mem;          /**< backing memory (not owned) */
    uint8_t *data;        /**< sets * ways * line bytes, set-major */
    uint64_t *tag;        /**< physical tag per line */
    uint8_t *valid;       /**< valid per line */
    uint8_t *dirty;       /**< dirty per line */
    uint32_t *repl;       /**< PLRU state per set */
    xl_cache_traffic_fn traffic; /**< memory-traffic observer (NULL: none) */
    void *traffic_ctx;    /**< its context */
} xl_cache;

/** Allocate an empty (all-invalid) cache. @return 0 or -1. */
int xl_cache_init(xl_cache *c, const xl_config *cfg, xl_mem *mem);

/** Release the cache's arrays. */
void xl_cache_free(xl_cache *c);

/** Set the memory-traffic observer (NULL to remove it). */
void xl_cache_observe(xl_cache *c, xl_cache_traffic_fn fn, void *ctx);

/** Invalidate every line (no write-back) and clear replacement state. */
void xl_cache_reset(xl_cache *c);

/**
 * Read or write `size` bytes at `pa` (must not cross a line).
 * @param write  store `wdata` (little-endian) when true, else read.
 * @param rdata  receives the read value, zero-extended (may be NULL).
 * @param info   receives eviction details (may be NULL).
 * @return true on a hit, false on a miss (the line is then filled).
 */
bool xl_cache_access(xl_cache *c, uint64_t pa, bool write, unsigned size, uint64_t wdata,
                     uint64_t *rdata, xl_cache_info *info);

/**
 * Read or write `size` bytes at `pa` in memory, bypassing the cache (an
 * Svpbmt NC or IO access): the cache is neither looked up nor changed, so
 * a copy of the line it holds is not seen and not updated.
 * @param rdata  receives the read value, zero-extended (may be NULL).
 * @return 0, or -1 when the host runs out of memory.
 */
int xl_cache_uncached(xl_cache *c, uint64_t pa, bool write, unsigned size, uint64_t wdata, uint64_t *rdata);

/**
 * Write every dirty line back to memory.
 * @param invalidate  also invalidate every line.
 * @return the number of lines written back.
 */
unsigned xl_cache_flush(xl_cache *c, bool invalidate);

/** One line as seen through the backdoor. */
typedef struct xl_cache_line {
    bool valid;                 /**< line valid */
    bool dirty;                 /**< line dirty */
    uint64_t tag;               /**< physical tag: pa >> (line_bits + cache_set_bits) */
    uint8_t data[XL_MAX_LINE];  /**< line bytes (cache_line of them) */
} xl_cache_line;

/** Backdoor: read a line. @return 0, or -1 if set/way out of range. */
int xl_cache_get(const xl_cache *c, unsigned set, unsigned way, xl_cache_line *line);

/** Backdoor: write a line as is. @return 0, or -1 if out of range or the tag does not fit. */
int xl_cache_put(xl_cache *c, unsigned set, unsigned way, const xl_cache_line *line);

/** Backdoor: replacement state of a set. */
uint32_t xl_cache_repl_get(const xl_cache *c, unsigned set);

/** Backdoor: set the replacement state of a set (masked to valid bits). */
void xl_cache_repl_put(xl_cache *c, unsigned set, uint32_t state);

/** Physical tag width in bits: pa_bits - line_bits - cache_set_bits. */
unsigned xl_cache_tag_bits(const xl_config *cfg);

#ifdef __cplusplus
}
#endif
#endif
