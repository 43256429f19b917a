/* Configuration parsing and validation (config.h, docs/config.md). */
#include "xlate/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xlate/util.h"

enum key_id {
    K_NAME, K_FORMAT, K_VA_BITS, K_PA_BITS, K_PAGE_BITS, K_LEVELS, K_LEVEL_BITS,
    K_LEAF_LEVELS, K_ASID_BITS, K_TLB_SETS, K_TLB_WAYS, K_TLB_SUPER, K_TLB_REPL,
    K_CACHE_SETS, K_CACHE_WAYS, K_CACHE_LINE, K_AD_POLICY, K_MEM_BYTES,
    K_MISALIGNED, K_EXT, K_COUNT
};

static const char *const key_names[K_COUNT] = {
    "name", "format", "va_bits", "pa_bits", "page_bits", "levels", "level_bits",
    "leaf_levels", "asid_bits", "tlb_sets", "tlb_ways", "tlb_super", "tlb_repl",
    "cache_sets", "cache_ways", "cache_line", "ad_policy", "mem_bytes", "misaligned", "ext",
};

/* Keys that may be omitted (with their defaults applied by the parser). */
static bool key_optional(int k)
{
    return k == K_NAME || k == K_MISALIGNED || k == K_EXT;
}

#define MAX_LINE_LEN 1024

static void set_err(xl_error *err, const char *fname, unsigned line, const char *fmt, ...)
{
    if (err == NULL)
        return;
    char body[XL_ERR_LEN - 64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(body, sizeof body, fmt, ap);
    va_end(ap);
    if (line > 0)
        snprintf(err->msg, sizeof err->msg, "%s:%u: %s", fname, line, body);
    else
        snprintf(err->msg, sizeof err->msg, "%s: %s", fname, body);
}

const char *xl_format_name(xl_format f)
{
    switch (f) {
    case XL_FMT_X86_64: return "x86_64";
    case XL_FMT_SV39: return "sv39";
    case XL_FMT_SV48: return "sv48";
    case XL_FMT_TOY: return "toy";
    case XL_FMT_SV32: return "sv32";
    case XL_FMT_SV57: return "sv57";
    case XL_FMT_LA57: return "la57";
    }
    return "?";
}

uint64_t xl_config_page_size(const xl_config *cfg, unsigned level)
{
    return (uint64_t)1 << (cfg->page_bits + cfg->level_shift[level]);
}

/* Parse a list of small numbers separated by commas and/or blanks. */
static int parse_list(const char *v, unsigned *out, unsigned max, unsigned *n)
{
    *n = 0;
    while (*v) {
        char tok[32];
        size_t len = 0;
        while (*v == ',' || *v == ' ' || *v == '\t')
            v++;
        if (*v == '\0')
            break;
        while (v[len] && v[len] != ',' && v[len] != ' ' && v[len] != '\t')
            len++;
        uint64_t x;
        if (len >= sizeof tok || *n >= max)
            return -1;
        memcpy(tok, v, len);
        tok[len] = '\0';
        if (xl_parse_u64(tok, &x) != 0 || x > 64)
            return -1;
        out[(*n)++] = (unsigned)x;
        v += len;
    }
    return *n > 0 ? 0 : -1;
}

static int validate(xl_config *c, const char *fname, const unsigned *line, xl_error *err)
{
#define FAIL(k, ...) do { set_err(err, fname, line ? line[k] : 0, __VA_ARGS__); return -1; } while (0)
    bool x86 = xl_fmt_x86(c->format);
    bool rv = xl_fmt_rv(c->format);
    bool sv32 = c->format == XL_FMT_SV32;
    unsigned sum = 0;
    /* levels and index bits per level of the fixed formats (toy: free) */
    static const unsigned fmt_levels[XL_FMT_COUNT] = {4, 3, 4, 0, 2, 5, 5};

    if ((unsigned)c->format >= XL_FMT_COUNT)
        FAIL(K_FORMAT, "format must be one of x86_64, la57, sv32, sv39, sv48, sv57, toy");
    if (c->levels < 1 || c->levels > XL_MAX_LEVELS)
        FAIL(K_LEVELS, "levels must be 1..%d, not %u", XL_MAX_LEVELS, c->levels);
    if (fmt_levels[c->format] && c->levels != fmt_levels[c->format])
        FAIL(K_LEVELS, "format %s has %u levels, not %u", xl_format_name(c->format), fmt_levels[c->format],
             c->levels);
    if (c->format == XL_FMT_TOY && c->levels > 4)
        FAIL(K_LEVELS, "format toy has 1..4 levels, not %u", c->levels);
    for (unsigned l = 0; l < c->levels; l++) {
        unsigned want = sv32 ? 10 : 9;
        if (c->level_bits[l] < 1 || c->level_bits[l] > 20)
            FAIL(K_LEVEL_BITS, "level_bits entries must be 1..20");
        if ((x86 || rv) && c->level_bits[l] != want)
            FAIL(K_LEVEL_BITS, "format %s uses %u index bits per level", xl_format_name(c->format), want);
        sum += c->level_bits[l];
    }
    if ((x86 || rv) && c->page_bits != 12)
        FAIL(K_PAGE_BITS, "format %s has 4 KiB base pages: page_bits must be 12", xl_format_name(c->format));
    if (c->page_bits < 2 || c->page_bits > 16)
        FAIL(K_PAGE_BITS, "page_bits must be 2..16, not %u", c->page_bits);
    if (c->va_bits != c->page_bits + sum)
        FAIL(K_VA_BITS, "va_bits (%u) must equal page_bits + the sum of level_bits (%u)", c->va_bits,
             c->page_bits + sum);
    if (c->va_bits > 57)
        FAIL(K_VA_BITS, "va_bits must be at most 57");
    c->pte_bytes = (c->format == XL_FMT_TOY || sv32) ? 4 : 8;
    {
        unsigned max_pa = x86 ? 52 : sv32 ? 34 : rv ? 56 : c->page_bits + 24;
        if (max_pa > 56)
            max_pa = 56;
        if (c->pa_bits <= c->page_bits || c->pa_bits > max_pa)
            FAIL(K_PA_BITS, "pa_bits must be %u..%u for format %s, not %u", c->page_bits + 1, max_pa,
                 xl_format_name(c->format), c->pa_bits);
    }
    if (!(c->leaf_mask & 1u))
        FAIL(K_LEAF_LEVELS, "leaf_levels must include level 0");
    if (c->leaf_mask >> c->levels)
        FAIL(K_LEAF_LEVELS, "leaf_levels names a level above %u", c->levels - 1);
    if (x86 && (c->leaf_mask >> 3))
        FAIL(K_LEAF_LEVELS, "%s cannot hold a leaf at level 3 or above (PML4E, PML5E)", xl_format_name(c->format));
    {
        unsigned max_asid = x86 ? 12 : sv32 ? 9 : 16;
        if (c->asid_bits > max_asid)
            FAIL(K_ASID_BITS, "asid_bits must be at most %u for format %s", max_asid, xl_format_name(c->format));
    }
    if (!xl_is_pow2(c->tlb_sets) || c->tlb_sets > 1024)
        FAIL(K_TLB_SETS, "tlb_sets must be a power of two, 1..1024 (got %u)", c->tlb_sets);
    if (!xl_is_pow2(c->tlb_ways) || c->tlb_ways > XL_MAX_WAYS)
        FAIL(K_TLB_WAYS, "tlb_ways must be a power of two, 1..%d (got %u)", XL_MAX_WAYS, c->tlb_ways);
    if (c->tlb_super != 0 && (!xl_is_pow2(c->tlb_super) || c->tlb_super > XL_MAX_WAYS))
        FAIL(K_TLB_SUPER, "tlb_super must be 0 or a power of two up to %d (got %u)", XL_MAX_WAYS, c->tlb_super);
    if ((c->leaf_mask >> 1) && c->tlb_super == 0)
        FAIL(K_TLB_SUPER, "leaf_levels allows superpages, so tlb_super must be at least 1");
    if (c->tlb_repl == XL_REPL_LRU && (c->tlb_ways > 4 || c->tlb_super > 4))
        FAIL(K_TLB_REPL, "tlb_repl = lru needs tlb_ways and tlb_super of at most 4");
    c->vpn_bits = c->va_bits - c->page_bits;
    c->ppn_bits = c->pa_bits - c->page_bits;
    c->tlb_set_bits = xl_log2(c->tlb_sets);
    if (c->tlb_set_bits > c->vpn_bits)
        FAIL(K_TLB_SETS, "tlb_sets needs more index bits than the VPN has");
    if (!xl_is_pow2(c->cache_line) || c->cache_line < 4 || c->cache_line > XL_MAX_LINE)
        FAIL(K_CACHE_LINE, "cache_line must be a power of two, 4..%d bytes (got %u)", XL_MAX_LINE, c->cache_line);
    if (c->cache_line < c->pte_bytes)
        FAIL(K_CACHE_LINE, "cache_line must hold one page-table entry (%u bytes)", c->pte_bytes);
    if (!xl_is_pow2(c->cache_sets) || c->cache_sets > 4096)
        FAIL(K_CACHE_SETS, "cache_sets must be a power of two, 1..4096 (got %u)", c->cache_sets);
    if (!xl_is_pow2(c->cache_ways) || c->cache_ways > XL_MAX_WAYS)
        FAIL(K_CACHE_WAYS, "cache_ways must be a power of two, 1..%d (got %u)", XL_MAX_WAYS, c->cache_ways);
    c->line_bits = xl_log2(c->cache_line);
    c->cache_set_bits = xl_log2(c->cache_sets);
    if (c->line_bits + c->cache_set_bits > c->page_bits)
        FAIL(K_CACHE_SETS,
             "VIPT cache: index + offset bits (%u + %u) exceed the page offset (%u bits); "
             "reduce cache_sets or cache_line, or add ways",
             c->cache_set_bits, c->line_bits, c->page_bits);
    if (c->mem_bytes < ((uint64_t)1 << c->page_bits) || c->mem_bytes % ((uint64_t)1 << c->page_bits))
        FAIL(K_MEM_BYTES, "mem_bytes must be a non-zero multiple of the page size");
    if (c->pa_bits < 64 && c->mem_bytes > ((uint64_t)1 << c->pa_bits))
        FAIL(K_MEM_BYTES, "mem_bytes exceeds the %u-bit physical address space", c->pa_bits);
    {
        unsigned s = 0;
        for (unsigned l = 0; l < XL_MAX_LEVELS; l++) {
            c->level_shift[l] = l < c->levels ? s : 0;
            if (l < c->levels)
                s += c->level_bits[l];
        }
    }
    c->max_access = c->cache_line < 8 ? c->cache_line : 8;
    if (c->ext & ~(unsigned)(XL_EXT_SVNAPOT | XL_EXT_SVPBMT | XL_EXT_SVINVAL))
        FAIL(K_EXT, "unknown extension bits 0x%x", c->ext);
    if (c->ext && !rv)
        FAIL(K_EXT, "ext: format %s has no RISC-V extensions", xl_format_name(c->format));
    if ((c->ext & (XL_EXT_SVNAPOT | XL_EXT_SVPBMT)) && !xl_fmt_rv64(c->format))
        FAIL(K_EXT, "ext: svnapot and svpbmt need RV64 page tables (sv39, sv48, sv57), not %s",
             xl_format_name(c->format));
    if ((c->ext & XL_EXT_SVNAPOT) && c->tlb_super == 0)
        FAIL(K_EXT, "ext: svnapot needs tlb_super of at least 1 (64 KiB pages live in the superpage array)");
    return 0;
#undef FAIL
}

int xl_config_validate(xl_config *cfg, const char *fname, xl_error *err)
{
    return validate(cfg, fname ? fname : "<config>", NULL, err);
}

static int parse_enum(const char *v, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(v, names[i]) == 0)
            return i;
    return -1;
}

static int parse_value(xl_config *c, int k, const char *v, const char *fname, unsigned ln, xl_error *err)
{
    static const char *const fmts[] = {"x86_64", "sv39", "sv48", "toy", "sv32", "sv57", "la57"};
    static const char *const repls[] = {"plru", "lru"};
    static const char *const ads[] = {"hw", "fault"};
    static const char *const mis[] = {"fault", "error"};
    uint64_t x = 0;
    int e;

    switch (k) {
    case K_NAME:
        if (strlen(v) >= sizeof c->name) {
            set_err(err, fname, ln, "name is longer than %zu characters", sizeof c->name - 1);
            return -1;
        }
        for (const char *p = v; *p; p++)
            if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-') {
                set_err(err, fname, ln, "name may hold only letters, digits, '_' and '-'");
                return -1;
            }
        snprintf(c->name, sizeof c->name, "%s", v);
        return 0;
    case K_FORMAT:
        if ((e = parse_enum(v, fmts, XL_FMT_COUNT)) < 0) {
            set_err(err, fname, ln, "unknown format '%s' (x86_64, la57, sv32, sv39, sv48, sv57 or toy)", v);
            return -1;
        }
        c->format = (xl_format)e;
        return 0;
    case K_TLB_REPL:
        if ((e = parse_enum(v, repls, 2)) < 0) {
            set_err(err, fname, ln, "tlb_repl must be plru or lru, not '%s'", v);
            return -1;
        }
        c->tlb_repl = (xl_repl)e;
        return 0;
    case K_AD_POLICY:
        if ((e = parse_enum(v, ads, 2)) < 0) {
            set_err(err, fname, ln, "ad_policy must be hw or fault, not '%s'", v);
            return -1;
        }
        c->ad_policy = (xl_ad_policy)e;
        return 0;
    case K_MISALIGNED:
        if ((e = parse_enum(v, mis, 2)) < 0) {
            set_err(err, fname, ln, "misaligned must be fault or error, not '%s'", v);
            return -1;
        }
        c->misaligned = (xl_misaligned_policy)e;
        return 0;
    case K_EXT: {
        /* a list of extension names, or `none` */
        static const char *const exts[] = {"svnapot", "svpbmt", "svinval"};
        char tok[32];
        c->ext = 0;
        if (strcmp(v, "none") == 0)
            return 0;
        for (;;) {
            /* NAME [, NAME ...]: blanks around a name are allowed, an empty one is not */
            size_t n = 0, end;
            while (*v == ' ' || *v == '\t')
                v++;
            while (v[n] && v[n] != ',')
                n++;
            end = n;
            while (end > 0 && (v[end - 1] == ' ' || v[end - 1] == '\t'))
                end--;
            if (end == 0) {
                set_err(err, fname, ln, "ext: empty extension name in the list");
                return -1;
            }
            snprintf(tok, sizeof tok, "%.*s", (int)(end < sizeof tok ? end : sizeof tok - 1), v);
            if ((e = parse_enum(tok, exts, 3)) < 0) {
                set_err(err, fname, ln, "ext: unknown extension '%s' (svnapot, svpbmt, svinval, or none)", tok);
                return -1;
            }
            if (c->ext & (1u << e)) {
                set_err(err, fname, ln, "ext: '%s' is listed twice", tok);
                return -1;
            }
            c->ext |= 1u << e;
            if (v[n] == '\0')
                return 0;
            v += n + 1;
        }
    }
    case K_LEVEL_BITS: {
        unsigned tmp[XL_MAX_LEVELS], n;
        if (parse_list(v, tmp, XL_MAX_LEVELS, &n) != 0) {
            set_err(err, fname, ln, "level_bits must be 1..%d numbers separated by commas", XL_MAX_LEVELS);
            return -1;
        }
        /* The file lists the root level first; level_bits[0] is the leaf level. */
        memset(c->level_bits, 0, sizeof c->level_bits);
        for (unsigned i = 0; i < n; i++)
            c->level_bits[n - 1 - i] = tmp[i];
        return (int)n; /* caller checks against `levels` */
    }
    case K_LEAF_LEVELS: {
        unsigned tmp[XL_MAX_LEVELS + 1], n;
        if (parse_list(v, tmp, XL_MAX_LEVELS + 1, &n) != 0) {
            set_err(err, fname, ln, "leaf_levels must be a list of level numbers (0 = base page)");
            return -1;
        }
        c->leaf_mask = 0;
        for (unsigned i = 0; i < n; i++) {
            if (tmp[i] >= XL_MAX_LEVELS) {
                set_err(err, fname, ln, "leaf level %u out of range 0..%d", tmp[i], XL_MAX_LEVELS - 1);
                return -1;
            }
            c->leaf_mask |= 1u << tmp[i];
        }
        return 0;
    }
    default:
        break;
    }
    if (xl_parse_u64(v, &x) != 0) {
        set_err(err, fname, ln, "%s: '%s' is not a number", key_names[k], v);
        return -1;
    }
    if (k != K_MEM_BYTES && x > 0xFFFFFFFFu) {
        set_err(err, fname, ln, "%s: %s is out of range", key_names[k], v);
        return -1;
    }
    switch (k) {
    case K_VA_BITS: c->va_bits = (unsigned)x; break;
    case K_PA_BITS: c->pa_bits = (unsigned)x; break;
    case K_PAGE_BITS: c->page_bits = (unsigned)x; break;
    case K_LEVELS: c->levels = (unsigned)x; break;
    case K_ASID_BITS: c->asid_bits = (unsigned)x; break;
    case K_TLB_SETS: c->tlb_sets = (unsigned)x; break;
    case K_TLB_WAYS: c->tlb_ways = (unsigned)x; break;
    case K_TLB_SUPER: c->tlb_super = (unsigned)x; break;
    case K_CACHE_SETS: c->cache_sets = (unsigned)x; break;
    case K_CACHE_WAYS: c->cache_ways = (unsigned)x; break;
    case K_CACHE_LINE: c->cache_line = (unsigned)x; break;
    case K_MEM_BYTES: c->mem_bytes = x; break;
    default: break;
    }
    return 0;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

/* Name of the file without directory or ".cfg". */
static void stem(const char *fname, char *out, size_t len)
{
    const char *b = strrchr(fname, '/');
    b = b ? b + 1 : fname;
    snprintf(out, len, "%s", b);
    char *dot = strstr(out, ".cfg");
    if (dot)
        *dot = '\0';
}

int xl_config_parse(const char *text, const char *fname, xl_config *cfg, xl_error *err)
{
    xl_config c;
    unsigned line_of[K_COUNT] = {0};
    unsigned level_bits_n = 0;
    unsigned ln = 0;
    const char *p = text;

    if (fname == NULL)
        fname = "<config>";
    memset(&c, 0, sizeof c);
    c.misaligned = XL_MISALIGNED_FAULT;
    while (*p) {
        char buf[MAX_LINE_LEN + 2];
        size_t n = 0;
        ln++;
        while (p[n] && p[n] != '\n')
            n++;
        if (n > MAX_LINE_LEN) {
            set_err(err, fname, ln, "line longer than %d characters", MAX_LINE_LEN);
            return -1;
        }
        memcpy(buf, p, n);
        buf[n] = '\0';
        p += n + (p[n] == '\n');
        for (size_t i = 0; i < n; i++) {
            unsigned char ch = (unsigned char)buf[i];
            if ((ch < 0x20 && ch != '\t' && ch != '\r') || ch > 0x7e) {
                set_err(err, fname, ln, "unexpected byte 0x%02x (configuration files are plain ASCII text)", ch);
                return -1;
            }
        }
        char *hash = strchr(buf, '#');
        if (hash)
            *hash = '\0';
        char *s = trim(buf);
        if (*s == '\0')
            continue;
        char *eq = strchr(s, '=');
        if (eq == NULL) {
            set_err(err, fname, ln, "expected 'key = value'");
            return -1;
        }
        *eq = '\0';
        char *key = trim(s);
        char *val = trim(eq + 1);
        int k = -1;
        for (int i = 0; i < K_COUNT; i++)
            if (strcmp(key, key_names[i]) == 0)
                k = i;
        if (k < 0) {
            set_err(err, fname, ln, "unknown key '%s'", key);
            return -1;
        }
        if (line_of[k]) {
            set_err(err, fname, ln, "key '%s' repeated (first set on line %u)", key, line_of[k]);
            return -1;
        }
        if (*val == '\0') {
            set_err(err, fname, ln, "key '%s' has no value", key);
            return -1;
        }
        line_of[k] = ln;
        int r = parse_value(&c, k, val, fname, ln, err);
        if (r < 0)
            return -1;
        if (k == K_LEVEL_BITS)
            level_bits_n = (unsigned)r;
    }
    for (int k = 0; k < K_COUNT; k++)
        if (!line_of[k] && !key_optional(k)) {
            set_err(err, fname, ln ? ln : 1, "missing key '%s'", key_names[k]);
            return -1;
        }
    if (level_bits_n != c.levels) {
        set_err(err, fname, line_of[K_LEVEL_BITS], "level_bits lists %u levels but levels = %u", level_bits_n,
                c.levels);
        return -1;
    }
    if (!line_of[K_NAME])
        stem(fname, c.name, sizeof c.name);
    if (validate(&c, fname, line_of, err) != 0)
        return -1;
    *cfg = c;
    return 0;
}

int xl_config_load_file(const char *path, xl_config *cfg, xl_error *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        set_err(err, path, 0, "cannot open: %s", strerror(errno));
        return -1;
    }
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    if (buf == NULL) {
        fclose(f);
        set_err(err, path, 0, "out of memory");
        return -1;
    }
    for (;;) {
        if (len + 1 >= cap) {
            if (cap >= (1u << 20)) {
                free(buf);
                fclose(f);
                set_err(err, path, 0, "file too large for a configuration");
                return -1;
            }
            char *nb = realloc(buf, cap * 2);
            if (nb == NULL) {
                free(buf);
                fclose(f);
                set_err(err, path, 0, "out of memory");
                return -1;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + len, 1, cap - 1 - len, f);
        len += got;
        if (got == 0)
            break;
    }
    fclose(f);
    buf[len] = '\0';
    if (memchr(buf, '\0', len) != NULL) {
        /* An embedded NUL would hide the rest of the file from the parser. */
        unsigned ln = 1;
        for (const char *q = buf; *q; q++)
            ln += *q == '\n';
        free(buf);
        set_err(err, path, ln, "unexpected byte 0x00 (configuration files are plain ASCII text)");
        return -1;
    }
    int r = xl_config_parse(buf, path, cfg, err);
    free(buf);
    return r;
}

int xl_config_load_preset(const char *name, const char *cfg_dir, xl_config *cfg, xl_error *err)
{
    char path[1024];
    size_t n = strlen(name);
    if (strchr(name, '/') || (n > 4 && strcmp(name + n - 4, ".cfg") == 0))
        return xl_config_load_file(name, cfg, err);
    const char *dir = getenv("XLATE_CFG_DIR");
    if (dir == NULL || *dir == '\0')
        dir = cfg_dir ? cfg_dir : "cfg";
    for (const char *q = name; *q; q++)
        if (!isalnum((unsigned char)*q) && *q != '_' && *q != '-') {
            set_err(err, name, 0, "not a preset name (letters, digits, '_' and '-') nor a .cfg path");
            return -1;
        }
    snprintf(path, sizeof path, "%s/%s.cfg", dir, name);
    return xl_config_load_file(path, cfg, err);
}

int xl_config_format(const xl_config *c, char *buf, unsigned len)
{
    static const char *const repls[] = {"plru", "lru"};
    static const char *const ads[] = {"hw", "fault"};
    static const char *const mis[] = {"fault", "error"};
    char lb[64] = "", ll[64] = "", ex[48] = "";
    for (unsigned i = 0; i < c->levels; i++) {
        char t[8];
        snprintf(t, sizeof t, "%s%u", i ? "," : "", c->level_bits[c->levels - 1 - i]);
        strcat(lb, t);
    }
    for (unsigned l = 0, first = 1; l < XL_MAX_LEVELS; l++)
        if (c->leaf_mask & (1u << l)) {
            char t[8];
            snprintf(t, sizeof t, "%s%u", first ? "" : ",", l);
            strcat(ll, t);
            first = 0;
        }
    {
        static const char *const exts[] = {"svnapot", "svpbmt", "svinval"};
        for (unsigned i = 0; i < 3; i++)
            if (c->ext & (1u << i)) {
                if (ex[0])
                    strcat(ex, ",");
                strcat(ex, exts[i]);
            }
        if (!ex[0])
            strcat(ex, "none");
    }
    return snprintf(buf, len,
                    "name        = %s\nformat      = %s\nva_bits     = %u\npa_bits     = %u\n"
                    "page_bits   = %u\nlevels      = %u\nlevel_bits  = %s\nleaf_levels = %s\n"
                    "asid_bits   = %u\ntlb_sets    = %u\ntlb_ways    = %u\ntlb_super   = %u\n"
                    "tlb_repl    = %s\ncache_sets  = %u\ncache_ways  = %u\ncache_line  = %u\n"
                    "ad_policy   = %s\nmem_bytes   = 0x%llx\nmisaligned  = %s\next         = %s\n",
                    c->name, xl_format_name(c->format), c->va_bits, c->pa_bits, c->page_bits, c->levels, lb, ll,
                    c->asid_bits, c->tlb_sets, c->tlb_ways, c->tlb_super, repls[c->tlb_repl], c->cache_sets,
                    c->cache_ways, c->cache_line, ads[c->ad_policy], (unsigned long long)c->mem_bytes,
                    mis[c->misaligned], ex);
}

uint32_t xl_config_level_bits_packed(const xl_config *c)
{
    uint32_t v = 0;
    for (unsigned l = 0; l < c->levels; l++)
        v |= (uint32_t)c->level_bits[l] << (5 * l);
    return v;
}

int xl_config_rtl_params(const xl_config *c, xl_param_style style, char *buf, unsigned len)
{
    const char *pre = style == XL_PARAMS_VERILATOR ? "-G" : "-set ";
    const char *eq = style == XL_PARAMS_VERILATOR ? "=" : " ";
    const char *sep = "";
    int n = 0;
    struct {
        const char *name;
        unsigned long long v;
        unsigned hex_bits; /* 0: decimal */
    } p[] = {
        {"Format", (unsigned long long)c->format, 0},
        {"VaBits", c->va_bits, 0},
        {"PaBits", c->pa_bits, 0},
        {"PageBits", c->page_bits, 0},
        {"Levels", c->levels, 0},
        {"LevelBits", xl_config_level_bits_packed(c), 25},
        {"LeafLevels", c->leaf_mask, 5},
        {"AsidBits", c->asid_bits, 0},
        {"TlbSets", c->tlb_sets, 0},
        {"TlbWays", c->tlb_ways, 0},
        {"TlbSuper", c->tlb_super, 0},
        {"TlbRepl", (unsigned long long)c->tlb_repl, 0},
        {"CacheSets", c->cache_sets, 0},
        {"CacheWays", c->cache_ways, 0},
        {"CacheLine", c->cache_line, 0},
        {"AdPolicy", (unsigned long long)c->ad_policy, 0},
        {"MemBytes", c->mem_bytes, 64},
        {"Ext", c->ext, 3},
    };
    if (len)
        buf[0] = '\0';
    for (unsigned i = 0; i < sizeof p / sizeof p[0]; i++) {
        int k;
        size_t at = (size_t)n < len ? (size_t)n : len;
        if (p[i].hex_bits && style == XL_PARAMS_VERILATOR)
            k = snprintf(buf + at, len - at, "%s%s%s%s%u'h%llx", sep, pre, p[i].name, eq, p[i].hex_bits, p[i].v);
        else
            k = snprintf(buf + at, len - at, "%s%s%s%s%llu", sep, pre, p[i].name, eq, p[i].v);
        if (k < 0)
            return k;
        n += k;
        sep = " ";
    }
    return n;
}
