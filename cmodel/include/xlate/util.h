/**
 * @file util.h
 * @brief Small pure helpers shared by the model, its tools and the harness.
 */
#ifndef XLATE_UTIL_H
#define XLATE_UTIL_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Parse an unsigned number: decimal, or hexadecimal with a 0x prefix;
 * '_' separators are allowed between digits.  The whole string must be a
 * number and fit in 64 bits.
 * @return 0 and sets *out, or -1.
 */
int xl_parse_u64(const char *s, uint64_t *out);

/** True if x is a power of two (x > 0). */
bool xl_is_pow2(uint64_t x);

/** log2 of a power of two. */
unsigned xl_log2(uint64_t x);

/** Mask of the low `bits` bits (bits may be 0..64). */
static inline uint64_t xl_mask(unsigned bits)
{
    return bits >= 64 ? UINT64_MAX : ((uint64_t)1 << bits) - 1;
}

/** Sign-extend the low `bits` bits of x (1..64). */
static inline uint64_t xl_sext(uint64_t x, unsigned bits)
{
    if (bits >= 64)
        return x;
    uint64_t m = (uint64_t)1 << (bits - 1);
    x &= xl_mask(bits);
    return (x ^ m) - m;
}

#ifdef __cplusplus
}
#endif
#endif
