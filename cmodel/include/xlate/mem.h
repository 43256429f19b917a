/**
 * @file mem.h
 * @brief Sparse physical memory: 4 KiB frames allocated on first write.
 *
 * Unwritten memory reads as zero.  Range checking against the configured
 * memory size is the MMU's job (XL_FAULT_BUS); this layer only stores bytes.
 */
#ifndef XLATE_MEM_H
#define XLATE_MEM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Bytes per allocation frame of the sparse memory. */
#define XL_MEM_FRAME 4096u

/** One hash slot: a frame number + 1 (0 = empty) and its data. */
typedef struct xl_mem_slot {
    uint64_t key;     /**< frame number + 1, 0 = empty */
    uint8_t *frame;   /**< XL_MEM_FRAME bytes */
} xl_mem_slot;

/**
 * Sparse memory: an open-addressing hash of frames.  Key and data pointer
 * share a slot (one host cache miss per lookup), and frames are carved from
 * 2 MiB slabs.
 */
typedef struct xl_mem {
    xl_mem_slot *slots; /**< cap slots */
    size_t cap;         /**< slots (power of two) */
    size_t count;       /**< frames in use */
    uint64_t last_key;  /**< one-entry lookup cache: frame number + 1 */
    uint8_t *last;      /**< its data */
    uint8_t **slabs;    /**< frame slabs */
    size_t nslabs;      /**< slabs allocated */
    size_t slab_cap;    /**< entries in `slabs` */
    uint8_t *slab_next; /**< next free frame of the newest slab */
    size_t slab_left;   /**< free frames left in it */
} xl_mem;

/** Initialise an empty memory. @return 0, or -1 if out of memory. */
int xl_mem_init(xl_mem *m);

/** Release every frame. */
void xl_mem_free(xl_mem *m);

/** Forget all contents (every byte reads zero again). */
void xl_mem_clear(xl_mem *m);

/** Read `n` bytes at `pa` into `buf`. */
void xl_mem_read(xl_mem *m, uint64_t pa, void *buf, size_t n);

/**
 * Write `n` bytes from `buf` at `pa`.
 * @return 0, or -1 if a frame could not be allocated (memory unchanged).
 */
int xl_mem_write(xl_mem *m, uint64_t pa, const void *buf, size_t n);

/** Read a little-endian value of `size` (1..8) bytes. */
uint64_t xl_mem_read_le(xl_mem *m, uint64_t pa, unsigned size);

/** Write a little-endian value of `size` (1..8) bytes. @return 0 or -1. */
int xl_mem_write_le(xl_mem *m, uint64_t pa, uint64_t value, unsigned size);

/**
 * Visit allocated frames in ascending address order.
 * @param fn  called with the frame's base address and its 4 KiB of data;
 *            a non-zero return stops the walk and is returned.
 * @return 0 after visiting all frames, fn's non-zero value, or -1 if out of memory.
 */
int xl_mem_foreach(const xl_mem *m, int (*fn)(uint64_t base, const uint8_t *data, void *ctx), void *ctx);

/**
 * Compare two memories byte for byte (unallocated frames count as zero).
 * @param first_diff  receives the lowest differing address (may be NULL).
 * @return 0 if equal, 1 if they differ, -1 if out of memory.
 */
int xl_mem_compare(const xl_mem *a, const xl_mem *b, uint64_t *first_diff);

#ifdef __cplusplus
}
#endif
#endif
