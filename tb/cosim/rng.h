/* Deterministic pseudo-random numbers for the harness (splitmix64 seeding a
 * xoshiro256** generator).  Header-only; state lives in the caller's struct. */
#ifndef XL_RNG_H
#define XL_RNG_H

#include <stdint.h>

/** Generator state. */
typedef struct xl_rng {
    uint64_t s[4];
} xl_rng;

static inline uint64_t xl_rng_splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/** Seed a generator; `stream` separates independent generators of one seed. */
static inline void xl_rng_seed(xl_rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed ^ (stream * 0xD1B54A32D192ED03ull);
    for (int i = 0; i < 4; i++)
        r->s[i] = xl_rng_splitmix(&x);
}

static inline uint64_t xl_rng_rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/** Next 64 random bits. */
static inline uint64_t xl_rng_next(xl_rng *r)
{
    uint64_t *s = r->s;
    uint64_t out = xl_rng_rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = xl_rng_rotl(s[3], 45);
    return out;
}

/** Uniform in [0, n) (n > 0); rejection sampling, no bias. */
static inline uint64_t xl_rng_below(xl_rng *r, uint64_t n)
{
    uint64_t lim = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do
        x = xl_rng_next(r);
    while (x >= lim);
    return x % n;
}

/** True with probability pct / 100 (one draw, one compare; none if pct is 0). */
static inline int xl_rng_pct(xl_rng *r, unsigned pct)
{
    if (pct == 0)
        return 0;
    if (pct >= 100)
        return 1;
    return xl_rng_next(r) < (uint64_t)pct * (UINT64_MAX / 100u);
}

#endif
