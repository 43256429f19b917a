/* Small pure helpers (util.h). */
#include "xlate/util.h"

int xl_parse_u64(const char *s, uint64_t *out)
{
    unsigned base = 10;
    uint64_t v = 0;
    bool any = false;
    bool last_sep = false;

    if (s == 0 || *s == '\0')
        return -1;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    for (; *s; s++) {
        unsigned d;
        char c = *s;
        if (c == '_') {
            if (!any || last_sep)
                return -1;
            last_sep = true;
            continue;
        }
        if (c >= '0' && c <= '9')
            d = (unsigned)(c - '0');
        else if (base == 16 && c >= 'a' && c <= 'f')
            d = (unsigned)(c - 'a' + 10);
        else if (base == 16 && c >= 'A' && c <= 'F')
            d = (unsigned)(c - 'A' + 10);
        else
            return -1;
        if (v > (UINT64_MAX - d) / base)
            return -1;
        v = v * base + d;
        any = true;
        last_sep = false;
    }
    if (!any || last_sep)
        return -1;
    *out = v;
    return 0;
}

bool xl_is_pow2(uint64_t x)
{
    return x != 0 && (x & (x - 1)) == 0;
}

unsigned xl_log2(uint64_t x)
{
    unsigned n = 0;
    while (x > 1) {
        x >>= 1;
        n++;
    }
    return n;
}
