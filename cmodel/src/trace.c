/* The trace language: parser, canonical formatter and runner (trace.h,
 * docs/trace-format.md).
 *
 * Parsing is strict and never aborts: the first malformed line of a file is
 * reported as `file:line: message` and nothing of that file is kept.  Every
 * value is checked against the running configuration at parse time, so
 * applying a parsed statement to the model cannot fail except for host
 * memory exhaustion. */
#include "xlate/trace.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xlate/pte.h"
#include "xlate/repl.h"
#include "xlate/util.h"

/* ---- errors ---------------------------------------------------------- */

static void set_errv(xl_error *err, const char *fname, unsigned line, const char *fmt, va_list ap)
{
    int k;
    if (err == NULL)
        return;
    if (line > 0)
        k = snprintf(err->msg, sizeof err->msg, "%s:%u: ", fname, line);
    else
        k = snprintf(err->msg, sizeof err->msg, "%s: ", fname);
    if (k < 0 || (size_t)k >= sizeof err->msg - 1)
        return;
    vsnprintf(err->msg + k, sizeof err->msg - (size_t)k, fmt, ap);
}

static int set_err(xl_error *err, const char *fname, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int set_err(xl_error *err, const char *fname, unsigned line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_errv(err, fname, line, fmt, ap);
    va_end(ap);
    return -1;
}

/* ---- file reading ---------------------------------------------------- */

/* Read a whole file.  *out is NUL-terminated (embedded NULs are kept and
 * counted in *len).  @return 0 or -1 with `path: message`. */
static int read_file(const char *path, char **out, size_t *len, xl_error *err)
{
    FILE *f = fopen(path, "rb");
    size_t cap = 4096, n = 0;
    char *buf;

    *out = NULL;
    *len = 0;
    if (f == NULL)
        return set_err(err, path, 0, "cannot open: %s", strerror(errno));
    buf = malloc(cap);
    if (buf == NULL) {
        fclose(f);
        return set_err(err, path, 0, "out of memory");
    }
    for (;;) {
        if (n + 1 >= cap) {
            char *nb = cap > SIZE_MAX / 2 ? NULL : realloc(buf, cap * 2);
            if (nb == NULL) {
                free(buf);
                fclose(f);
                return set_err(err, path, 0, "out of memory");
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - 1 - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        free(buf);
        fclose(f);
        return set_err(err, path, 0, "read error");
    }
    fclose(f);
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}

/* Directory part of a path with its trailing '/', or "" (into out). */
static void dir_of(const char *path, char *out, size_t len)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) + 1 : 0;
    if (n >= len)
        n = len - 1;
    memcpy(out, path, n);
    out[n] = '\0';
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* A preset argument that names a file rather than a preset. */
static bool preset_is_path(const char *name)
{
    return strchr(name, '/') != NULL || ends_with(name, ".cfg");
}

/* Resolve a preset path against the directory of the trace naming it. */
static void resolve_preset(const char *trace_path, const char *name, char *out, size_t len)
{
    char dir[1024];
    if (!preset_is_path(name) || name[0] == '/') {
        snprintf(out, len, "%s", name);
        return;
    }
    dir_of(trace_path, dir, sizeof dir);
    snprintf(out, len, "%s%s", dir, name);
}

/* ---- tokens and argument binding ------------------------------------- */

#define LINE_MAX_LEN 1024
#define MAX_TOKENS 48

typedef struct tok {
    const char *key; /* NULL for a bare word */
    const char *val; /* the word, or the value after '=' */
} tok;

/* Parser state for one line. */
typedef struct pctx {
    const xl_config *cfg;
    const char *fname;
    unsigned line;
    xl_error *err;
    const char *verb;
} pctx;

static int perr(pctx *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int perr(pctx *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_errv(p->err, p->fname, p->line, fmt, ap);
    va_end(ap);
    return -1;
}

enum arg_kind { A_POS, A_KEY, A_FLAG };

typedef struct aspec {
    const char *name;
    enum arg_kind kind;
} aspec;

#define NSPEC(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Bind tokens to a verb's argument names.  Bare words are flags when the
 * spec has a flag of that name, else fill the positional slots in order
 * (skipping slots already given as key=value).  A positional argument may
 * also be written as name=value.  val[i] receives the text, "" for a flag.
 */
static int bind(pctx *p, const tok *t, unsigned n, const aspec *spec, unsigned ns, const char **val)
{
    for (unsigned i = 0; i < ns; i++)
        val[i] = NULL;
    for (unsigned k = 0; k < n; k++) {
        unsigned i;
        if (t[k].key != NULL) {
            for (i = 0; i < ns; i++)
                if (strcmp(spec[i].name, t[k].key) == 0)
                    break;
            if (i == ns)
                return perr(p, "unknown key '%.40s' for '%s'", t[k].key, p->verb);
            if (spec[i].kind == A_FLAG)
                return perr(p, "'%s' is a flag and takes no value", spec[i].name);
            if (val[i] != NULL)
                return perr(p, "duplicate key '%s'", spec[i].name);
            val[i] = t[k].val;
            continue;
        }
        for (i = 0; i < ns; i++)
            if (spec[i].kind == A_FLAG && strcmp(spec[i].name, t[k].val) == 0)
                break;
        if (i < ns) {
            if (val[i] != NULL)
                return perr(p, "duplicate flag '%s'", spec[i].name);
            val[i] = "";
            continue;
        }
        for (i = 0; i < ns; i++)
            if (spec[i].kind == A_POS && val[i] == NULL)
                break;
        if (i == ns)
            return perr(p, "unexpected argument '%.40s' for '%s'", t[k].val, p->verb);
        val[i] = t[k].val;
    }
    return 0;
}

static int need(pctx *p, const char *v, const char *name)
{
    if (v == NULL)
        return perr(p, "'%s' needs %s", p->verb, name);
    return 0;
}

static int num(pctx *p, const char *v, const char *name, uint64_t *out)
{
    if (xl_parse_u64(v, out) != 0)
        return perr(p, "%s: '%.40s' is not a number (decimal, or hex with 0x; '_' may separate digits; 64 bits "
                       "at most)",
                    name, v);
    return 0;
}

/* A required number of at most `bits` bits. */
static int num_bits(pctx *p, const char *v, const char *name, unsigned bits, uint64_t *out)
{
    if (need(p, v, name) || num(p, v, name, out))
        return -1;
    if (bits < 64 && (*out >> bits) != 0)
        return perr(p, "%s: 0x%" PRIx64 " is too wide (%u bits allowed)", name, *out, bits);
    return 0;
}

/* An access / memory size: 1, 2, 4 or 8 and at most `max`. */
static int parse_size(pctx *p, const char *v, unsigned max, unsigned dflt, unsigned *out)
{
    uint64_t x;
    if (v == NULL) {
        *out = dflt;
        return 0;
    }
    if (num(p, v, "size", &x))
        return -1;
    if (x != 1 && x != 2 && x != 4 && x != 8)
        return perr(p, "size: %s is not 1, 2, 4 or 8", v);
    if (x > max)
        return perr(p, "size: %" PRIu64 " exceeds the largest access of preset '%s' (%u bytes)", x, p->cfg->name,
                    max);
    *out = (unsigned)x;
    return 0;
}

static unsigned max_level_bits(const xl_config *c)
{
    unsigned m = 0;
    for (unsigned l = 0; l < c->levels; l++)
        if (c->level_bits[l] > m)
            m = c->level_bits[l];
    return m;
}

static bool is_riscv(const xl_config *c)
{
    return xl_fmt_rv(c->format);
}

static bool is_x86(const xl_config *c)
{
    return xl_fmt_x86(c->format);
}

/* ---- TLB entry flags: the format's own PTE flag names ----------------
 *
 * `tlb_fill flags=` and `dump tlb` use the names `pte flags=` uses for the
 * permissions a TLB entry holds (docs/trace-format.md section 3, "Flag
 * names"): RISC-V r w x u g d; x86 w u g d nx (R is always set, X is the
 * absence of nx); toy w x u g d (R always set).  The TLB-permission names
 * of the first release stay as aliases: r on x86 and toy (a no-op), x on
 * x86 (the absence of nx; an error together with nx).  `none` is the empty
 * list. */

static const struct {
    const char *name;
    unsigned bit;
} perm_names[] = {
    {"r", XL_PERM_R}, {"w", XL_PERM_W}, {"x", XL_PERM_X}, {"u", XL_PERM_U}, {"g", XL_PERM_G}, {"d", XL_PERM_D},
};

/* Permission bits every entry of the format has whatever the flags say. */
static unsigned perm_always(const xl_config *c)
{
    if (is_x86(c))
        return XL_PERM_R;
    if (c->format == XL_FMT_TOY)
        return XL_PERM_R;
    return 0;
}

/* The names `flags=` accepts for the format, for messages. */
static const char *perm_vocab(const xl_config *c)
{
    if (is_x86(c))
        return "w, u, g, d, nx (aliases: r, x)";
    if (c->format == XL_FMT_TOY)
        return "w, x, u, g, d (alias: r)";
    return "r, w, x, u, g, d";
}

static int parse_perm(pctx *p, const char *list, unsigned *out)
{
    const xl_config *c = p->cfg;
    bool x86 = is_x86(c), nx = false, x_alias = false;
    unsigned f = 0;
    const char *s = list;
    if (strcmp(list, "none") != 0) {
        for (;;) {
            const char *e = strchr(s, ',');
            size_t n = e ? (size_t)(e - s) : strlen(s);
            unsigned bit = 0;
            if (x86 && n == 2 && strncmp(s, "nx", 2) == 0) {
                nx = true;
            } else {
                for (size_t i = 0; i < NSPEC(perm_names); i++)
                    if (strlen(perm_names[i].name) == n && strncmp(perm_names[i].name, s, n) == 0)
                        bit = perm_names[i].bit;
                if (bit == XL_PERM_X && x86)
                    x_alias = true;
                if (bit == 0)
                    return perr(p, "flags: '%.*s' is not a TLB flag of format %s (%s, or 'none')",
                                (int)(n > 16 ? 16 : n), s, xl_format_name(c->format), perm_vocab(c));
                f |= bit;
            }
            if (e == NULL)
                break;
            s = e + 1;
        }
    }
    if (nx && x_alias)
        return perr(p, "flags: 'x' and 'nx' contradict each other");
    if (x86 && !nx)
        f |= XL_PERM_X;
    *out = f | perm_always(c);
    return 0;
}

static void format_perm(const xl_config *c, unsigned perm, char *buf, size_t len)
{
    size_t k = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < NSPEC(perm_names); i++) {
        unsigned bit = perm_names[i].bit;
        if (!(perm & bit) || (bit & perm_always(c)) || (bit == XL_PERM_X && is_x86(c)))
            continue;
        k += (size_t)snprintf(buf + k, k < len ? len - k : 0, "%s%s", k ? "," : "", perm_names[i].name);
    }
    if (is_x86(c) && !(perm & XL_PERM_X))
        k += (size_t)snprintf(buf + k, k < len ? len - k : 0, "%snx", k ? "," : "");
    if (k == 0)
        snprintf(buf, len, "none");
}

/* A 0|1 value (controls, ac=). */
static int parse_bit(pctx *p, const char *v, const char *name, bool *out)
{
    uint64_t x;
    if (num(p, v, name, &x))
        return -1;
    if (x > 1)
        return perr(p, "%s: %" PRIu64 " is not 0 or 1", name, x);
    *out = x != 0;
    return 0;
}

/* ---- statements --------------------------------------------------------- */

static xl_stmt *new_stmt(xl_trace *tr, pctx *p, xl_stmt_kind kind)
{
    if (tr->n == tr->cap) {
        size_t cap = tr->cap ? tr->cap * 2 : 64;
        xl_stmt *ns = realloc(tr->stmts, cap * sizeof *ns);
        if (ns == NULL) {
            perr(p, "out of memory");
            return NULL;
        }
        tr->stmts = ns;
        tr->cap = cap;
    }
    xl_stmt *s = &tr->stmts[tr->n++];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->line = p->line;
    s->txn.isa = XL_INV_RAW;
    return s;
}

static int parse_preset(pctx *p, const tok *t, unsigned n, xl_trace *tr)
{
    static const aspec spec[] = {{"name", A_POS}};
    const char *v[NSPEC(spec)];
    if (bind(p, t, n, spec, NSPEC(spec), v) || need(p, v[0], "a preset name"))
        return -1;
    bool ok = strcmp(v[0], p->cfg->name) == 0;
    if (!ok && preset_is_path(v[0])) {
        /* A path names the running preset when its stem is the preset's
         * name, or when the file declares that name. */
        const char *base = strrchr(v[0], '/');
        char stem[256], path[1024];
        xl_config other;
        snprintf(stem, sizeof stem, "%s", base ? base + 1 : v[0]);
        if (ends_with(stem, ".cfg"))
            stem[strlen(stem) - 4] = '\0';
        ok = strcmp(stem, p->cfg->name) == 0;
        resolve_preset(p->fname, v[0], path, sizeof path);
        if (!ok && xl_config_load_file(path, &other, NULL) == 0)
            ok = strcmp(other.name, p->cfg->name) == 0;
    }
    if (!ok)
        return perr(p, "preset '%.100s' does not match the running preset '%s'", v[0], p->cfg->name);
    return new_stmt(tr, p, XL_ST_PRESET) ? 0 : -1;
}

static int parse_mem(pctx *p, const tok *t, unsigned n, xl_trace *tr)
{
    static const aspec spec[] = {{"pa", A_POS}, {"value", A_POS}, {"size", A_KEY}};
    const char *v[NSPEC(spec)];
    uint64_t pa, value;
    unsigned size;
    if (bind(p, t, n, spec, NSPEC(spec), v) || num_bits(p, v[0], "pa", 64, &pa) ||
        parse_size(p, v[2], 8, 8, &size) || num_bits(p, v[1], "value", 8 * size, &value))
        return -1;
    if (pa >= p->cfg->mem_bytes || size > p->cfg->mem_bytes - pa)
        return perr(p, "pa: 0x%" PRIx64 " + %u bytes is outside memory (mem_bytes = 0x%" PRIx64 ")", pa, size,
                    p->cfg->mem_bytes);
    xl_stmt *s = new_stmt(tr, p, XL_ST_MEM);
    if (s == NULL)
        return -1;
    s->pa = pa;
    s->value = value;
    s->size = size;
    return 0;
}

/* The widest value a VA operand may have: Sv32 addresses are 32 bits. */
static unsigned va_width(const xl_config *c)
{
    return c->format == XL_FMT_SV32 ? 32 : 64;
}

/* A statement of an extension the preset must have (`ext = ...`). */
static int need_ext(pctx *p, unsigned ext, const char *what)
{
    static const char *const names[] = {"svnapot", "svpbmt", "svinval"};
    if (!(p->cfg->ext & ext)) {
        unsigned i = ext == XL_EXT_SVNAPOT ? 0 : ext == XL_EXT_SVPBMT ? 1 : 2;
        return perr(p, "%s needs ext = %s, which preset '%s' does not have", what, names[i], p->cfg->name);
    }
    return 0;
}

/* A Svpbmt memory type: pma, nc, io, or a number 0..3 (3 is reserved, for
 * tests of the reserved encoding in `pte`). */
static int parse_mt(pctx *p, const char *v, const char *name, unsigned max, unsigned *out)
{
    static const char *const names[] = {"pma", "nc", "io"};
    uint64_t x;
    for (unsigned i = 0; i < 3; i++)
        if (strcmp(v, names[i]) == 0) {
            *out = i;
            return 0;
        }
    if (xl_parse_u64(v, &x) != 0 || x > max)
        return perr(p, "%s: '%.40s' is not pma, nc or io%s", name, v, max == 3 ? " (or 0..3)" : "");
    *out = (unsigned)x;
    return 0;
}

/* A key that only x86 formats have (pkey=, ac=). */
static int need_x86_key(pctx *p, const char *key)
{
    if (!is_x86(p->cfg))
        return perr(p, "%s= is an x86 field; preset '%s' uses format %s", key, p->cfg->name,
                    xl_format_name(p->cfg->format));
    return 0;
}

static int parse_pte(pctx *p, const tok *t, unsigned n, xl_trace *tr)
{
    static const aspec spec[] = {
        {"table", A_POS}, {"index", A_POS}, {"ppn", A_KEY}, {"flags", A_KEY}, {"raw", A_KEY}, {"pkey", A_KEY},
        {"pbmt", A_KEY},
    };
    const char *v[NSPEC(spec)];
    const xl_config *c = p->cfg;
    uint64_t table, index, raw = 0;
    unsigned ib = max_level_bits(c);
    if (bind(p, t, n, spec, NSPEC(spec), v) || num_bits(p, v[0], "table", 64, &table) ||
        num_bits(p, v[1], "index", ib, &index))
        return -1;
    if (table & xl_mask(c->page_bits))
        return perr(p, "table: 0x%" PRIx64 " is not page-aligned (%u-byte pages)", table, 1u << c->page_bits);
    if (v[4] != NULL) {
        if (v[2] != NULL || v[3] != NULL || v[5] != NULL || v[6] != NULL)
            return perr(p, "give either raw= or ppn=, flags= (and pkey=, pbmt=), not both");
        if (num_bits(p, v[4], "raw", 8 * c->pte_bytes, &raw))
            return -1;
    } else {
        uint64_t ppn, pkey = 0;
        unsigned flags;
        xl_pte_attr attr;
        xl_error e;
        if (num_bits(p, v[2], "ppn", 64, &ppn) || need(p, v[3], "flags= (or raw=)"))
            return -1;
        unsigned pbmt = 0;
        if (v[5] != NULL && (need_x86_key(p, "pkey") || num_bits(p, v[5], "pkey", 4, &pkey)))
            return -1;
        if (v[6] != NULL && (need_ext(p, XL_EXT_SVPBMT, "pbmt=") || parse_mt(p, v[6], "pbmt", 3, &pbmt)))
            return -1;
        memset(&attr, 0, sizeof attr);
        attr.pkey = (unsigned)pkey;
        attr.pbmt = pbmt;
        if (xl_pte_parse_flags(c, v[3], &flags, &e) != 0 || xl_pte_encode(c, flags, ppn, &attr, &raw, &e) != 0)
            return perr(p, "%s", e.msg);
    }
    uint64_t pa = table + index * c->pte_bytes;
    if (table >= c->mem_bytes || pa >= c->mem_bytes || c->pte_bytes > c->mem_bytes - pa)
        return perr(p, "entry address 0x%" PRIx64 " is outside memory (mem_bytes = 0x%" PRIx64 ")",
                    table + index * c->pte_bytes, c->mem_bytes);
    xl_stmt *s = new_stmt(tr, p, XL_ST_PTE);
    if (s == NULL)
        return -1;
    s->pa = pa;
    s->value = raw;
    s->size = c->pte_bytes;
    return 0;
}

static int parse_root(pctx *p, const tok *t, unsigned n, xl_trace *tr)
{
    static const aspec spec[] = {{"ppn", A_KEY}, {"asid", A_KEY}, {"noflush", A_FLAG}};
    const char *v[NSPEC(spec)];
    uint64_t ppn, asid = 0;
    if (bind(p, t, n, spec, NSPEC(spec), v) || num_bits(p, v[0], "ppn", p->cfg->ppn_bits, &ppn))
        return -1;
    if (v[1] != NULL && num_bits(p, v[1], "asid", p->cfg->asid_bits, &asid))
        return -1;
    xl_stmt *s = new_stmt(tr, p, XL_ST_TXN);
    if (s == NULL)
        return -1;
    s->txn.kind = XL_TXN_ROOT;
    s->txn.root_ppn = ppn;
    s->txn.asid = (uint32_t)asid;
    s->txn.flush = v[2] == NULL;
    return 0;
}

static int parse_access(pctx *p, const tok *t, unsigned n, xl_op op, xl_trace *tr, xl_stmt **out)
{
    static const aspec spec_rd[] = {{"va", A_POS}, {"size", A_KEY}, {"priv", A_KEY}, {"ac", A_KEY}};
    static const aspec spec_st[] = {{"va", A_POS}, {"value", A_POS}, {"size", A_KEY}, {"priv", A_KEY}, {"ac", A_KEY}};
    const xl_config *c = p->cfg;
    const char *v[5];
    const char *vva, *vvalue = NULL, *vsize, *vpriv, *vac;
    uint64_t va, value = 0;
    unsigned size;
    xl_priv priv = XL_PRIV_S;
    bool ac = false;

    if (op == XL_OP_STORE) {
        if (bind(p, t, n, spec_st, NSPEC(spec_st), v))
            return -1;
        vva = v[0], vvalue = v[1], vsize = v[2], vpriv = v[3], vac = v[4];
    } else {
        if (bind(p, t, n, spec_rd, NSPEC(spec_rd), v))
            return -1;
        vva = v[0], vsize = v[1], vpriv = v[2], vac = v[3];
    }
    if (vac != NULL && (need_x86_key(p, "ac") || parse_bit(p, vac, "ac", &ac)))
        return -1;
    if (num_bits(p, vva, "va", va_width(c), &va) || parse_size(p, vsize, c->max_access, c->max_access, &size))
        return -1;
    if (op == XL_OP_STORE && num_bits(p, vvalue, "value", 8 * size, &value))
        return -1;
    if (vpriv != NULL) {
        if (strcmp(vpriv, "s") == 0)
            priv = XL_PRIV_S;
        else if (strcmp(vpriv, "u") == 0)
            priv = XL_PRIV_U;
        else
            return perr(p, "priv: '%.20s' is not u or s", vpriv);
    }
    if ((va & (size - 1)) && c->misaligned == XL_MISALIGNED_ERROR)
        return perr(p, "va: 0x%" PRIx64 " is not aligned to the %u-byte access (preset '%s' has misaligned = error)",
                    va, size, c->name);
    xl_stmt *s = new_stmt(tr, p, XL_ST_TXN);
    if (s == NULL)
        return -1;
    s->txn.kind = XL_TXN_ACCESS;
    s->txn.access.op = op;
    s->txn.access.priv = priv;
    s->txn.access.size = size;
    s->txn.access.va = va;
    s->txn.access.wdata = value;
    s->txn.access.ac = ac;
    *out = s;
    return 0;
}

/* `ctl NAME=VALUE ...`: the controls are the format's (xl_ctl_supported). */
static int parse_ctl(pctx *p, const tok *t, unsigned n, xl_trace *tr)
{
    aspec spec[XL_CTL_COUNT];
    const char *v[XL_CTL_COUNT];
    const xl_config *c = p->cfg;
    unsigned have = xl_ctl_supported(c), mask = 0;
    xl_ctl set = {0, 0};
    char names[96];
    size_t k = 0;

    names[0] = '\0';
    for (unsigned i = 0; i < XL_CTL_COUNT; i++) {
        spec[i].name = xl_ctl_name(1u << i);
        spec[i].kind = A_KEY;
        if (have & (1u << i))
            k += (size_t)snprintf(names + k, k < sizeof names ? sizeof names - k : 0, "%s%s", k ? ", " : "",
                                  spec[i].name);
    }
    if (have == 0)
        return perr(p, "format %s has no translation controls", xl_format_name(c->format));
    if (n == 0)
        return perr(p, "'ctl' names no control (format %s has %s)", xl_format_name(c->format), names);
    for (unsigned k2 = 0; k2 < n; k2++)
        if (t[k2].key == NULL)
            return perr(p, "'ctl' takes NAME=VALUE pairs, not '%.40s'", t[k2].val);
    if (bind(p, t, n, spec, XL_CTL_COUNT, v))
        return -1;
    for (unsigned i = 0; i < XL_CTL_COUNT; i++) {
        unsigned bit = 1u << i;
        if (v[i] == NULL)
            continue;
        if (!(have & bit))
            return perr(p, "control '%s' is not part of format %s (its controls: %s)", spec[i].name,
                        xl_format_name(c->format), names);
        mask |= bit;
        if (bit == XL_CTL_PKRU) {
            uint64_t x;
            if (num_bits(p, v[i], "pkru", 32, &x))
                return -1;
            set.pkru = (uint32_t)x;
        } else {
            bool b = false;
            if (parse_bit(p, v[i], spec[i].name, &b))
                return -1;
            set.flags |= b ? bit : 0;
        }
    }
    xl_stmt *s = new_stmt(tr, p, XL_ST_TXN);
    if (s == NULL)
        return -1;
    s->txn.kind = XL_TXN_CTL;
    s->txn.ctl_mask = mask;
    s->txn.ctl = set;
    return 0;
}

static xl_stmt *new_inval(pctx *p, xl_trace *tr, xl_isa_inval isa, xl_inval sel)
{
    xl_stmt *s = new_stmt(tr, p, XL_ST_TXN);
    if (s == NULL)
        return NULL;
    s->txn.kind = XL_TXN_INVAL;
    s->txn.isa = isa;
    s->txn.inval = sel;
    return s;
}

static int parse_inval(pctx *p, const tok *t, unsigned n, xl_trace *tr)
{
    static const aspec spec[] = {{"va", A_KEY}, {"asid", A_KEY}, {"keep_global", A_FLAG}};
    const char *v[NSPEC(spec)];
    xl_inval sel;
    uint64_t va = 0, asid = 0;
    memset(&sel, 0, sizeof sel);
    if (bind(p, t, n, spec, NSPEC(spec), v))
        return -1;
    if (v[0] != NULL && num_bits(p, v[0], "va", va_width(p->cfg), &va))
        return -1;
    if (v[1] != NULL && num_bits(p, v[1], "asid", p->cfg->asid_bits, &asid))
        return -1;
    sel.match_va = v[0] != NULL;
    sel.va = va;
    sel.match_asid = v[1] != NULL;
    sel.asid = (uint32_t)asid;
    sel.keep_global = v[2] != NULL;
    return new_inval(p, tr, XL_INV_RAW, sel) ? 0 : -1;
}

static int need_format(pctx *p, bool ok, const char *what)
{
    if (!ok)
        return perr(p, "'%s' is %s; preset '%s' uses format %s (use 'inval' for the primitive)", p->verb, what,
                    p->cfg->name, xl_format_name(p->cfg->format));
    return 0;
}

static int parse_invlpg(pctx *p, const tok *t, unsigned n, xl_trace *tr)
{
    static const aspec spec[] = {{"va", A_POS}};
    const char *v[NSPEC(spec)];
    uint64_t va;
    if (need_format(p, is_x86(p->cfg), "an x86-64 instruction") ||
        bind(p, t, n, spec, NSPEC(spec), v) || num_bits(p, v[0], "va", 64, &va))
        return -1;
    /* The PCID is filled in by xl_txn_resolve at execution. */
    return new_inval(p, tr, XL_INV_INVLPG, xl_inval_from_isa(XL_INV_INVLPG, va, 0)) ? 0 : -1;
}

static int parse_invpcid(pctx *p, const tok *t, unsigned n, xl_trace *tr)
{
    static const aspec spec[] = {{"type", A_POS}, {"pcid", A_KEY}, {"va", A_KEY}};
    static const xl_isa_inval rows[4] = {XL_INV_INVPCID_ADDR, XL_INV_INVPCID_CTX, XL_INV_INVPCID_ALL,
                                         XL_INV_INVPCID_NONGLOBAL};
    const char *v[NSPEC(spec)];
    uint64_t type, pcid = 0, va = 0;
    if (need_format(p, is_x86(p->cfg), "an x86-64 instruction") ||
        bind(p, t, n, spec, NSPEC(spec), v) || num_bits(p, v[0], "type", 64, &type))
        return -1;
    if (type > 3)
        return perr(p, "type: %" PRIu64 " is not an INVPCID type (0..3)", type);
    bool want_pcid = type <= 1, want_va = type == 0;
    if (want_pcid && v[1] == NULL)
        return perr(p, "invpcid type %" PRIu64 " needs pcid=", type);
    if (!want_pcid && v[1] != NULL)
        return perr(p, "invpcid type %" PRIu64 " takes no pcid=", type);
    if (want_va && v[2] == NULL)
        return perr(p, "invpcid type 0 needs va=");
    if (!want_va && v[2] != NULL)
        return perr(p, "invpcid type %" PRIu64 " takes no va=", type);
    if (v[1] != NULL && num_bits(p, v[1], "pcid", p->cfg->asid_bits, &pcid))
        return -1;
    if (v[2] != NULL && num_bits(p, v[2], "va", 64, &va))
        return -1;
    xl_isa_inval row = rows[type];
    return new_inval(p, tr, row, xl_inval_from_isa(row, va, (uint32_t)pcid)) ? 0 : -1;
}

/* `sfence [va=] [asid=]` (SFENCE.VMA) and, with Svinval, `sinval [va=] [asid=]` (SINVAL.VMA). */
static int parse_sfence(pctx *p, const tok *t, unsigned n, xl_trace *tr, bool sinval)
{
    static const aspec spec[] = {{"va", A_KEY}, {"asid", A_KEY}};
    const char *v[NSPEC(spec)];
    uint64_t va = 0, asid = 0;
    if (need_format(p, is_riscv(p->cfg), "a RISC-V instruction") ||
        (sinval && need_ext(p, XL_EXT_SVINVAL, "'sinval'")) || bind(p, t, n, spec, NSPEC(spec), v))
        return -1;
    if (v[0] != NULL && num_bits(p, v[0], "va", va_width(p->cfg), &va))
        return -1;
    if (v[1] != NULL && num_bits(p, v[1], "asid", p->cfg->asid_bits, &asid))
        return -1;
    xl_isa_inval row = v[0] ? (v[1] ? XL_INV_SFENCE_VA_ASID : XL_INV_SFENCE_VA)
                            : (v[1] ? XL_INV_SFENCE_ASID : XL_INV_SFENCE_ALL);
    if (sinval)
        row = (xl_isa_inval)(row - XL_INV_SFENCE_ALL + XL_INV_SINVAL_ALL);
    return new_inval(p, tr, row, xl_inval_from_isa(row, va, (uint32_t)asid)) ? 0 : -1;
}

/* `sfence_w_inval`, `sfence_inval_ir` (Svinval ordering fences). */
static int parse_fence(pctx *p, const tok *t, unsigned n, xl_trace *tr, xl_fence kind)
{
    const char *v[1];
    if (need_format(p, is_riscv(p->cfg), "a RISC-V instruction") ||
        need_ext(p, XL_EXT_SVINVAL, kind == XL_FENCE_W_INVAL ? "'sfence_w_inval'" : "'sfence_inval_ir'") ||
        bind(p, t, n, NULL, 0, v))
        return -1;
    xl_stmt *s = new_stmt(tr, p, XL_ST_TXN);
    if (s == NULL)
        return -1;
    s->txn.kind = XL_TXN_FENCE;
    s->txn.fence = kind;
    return 0;
}

static int parse_tlb_fill(pctx *p, const tok *t, unsigned n, xl_trace *tr)
{
    static const aspec spec[] = {
        {"set", A_KEY}, {"way", A_KEY}, {"vpn", A_KEY}, {"ppn", A_KEY},
        {"asid", A_KEY}, {"level", A_KEY}, {"flags", A_KEY}, {"pkey", A_KEY},
        {"pbmt", A_KEY}, {"napot", A_FLAG},
    };
    const char *v[NSPEC(spec)];
    const xl_config *c = p->cfg;
    uint64_t set = 0, way, vpn, ppn, asid = 0, level = 0, pkey = 0;
    unsigned pbmt = 0;
    bool napot;
    unsigned perm = XL_PERM_R | XL_PERM_W | XL_PERM_X | XL_PERM_D;
    if (bind(p, t, n, spec, NSPEC(spec), v) || num_bits(p, v[1], "way", 64, &way) ||
        num_bits(p, v[2], "vpn", c->vpn_bits, &vpn) || num_bits(p, v[3], "ppn", c->ppn_bits, &ppn))
        return -1;
    if (v[4] != NULL && num_bits(p, v[4], "asid", c->asid_bits, &asid))
        return -1;
    if (v[5] != NULL && num_bits(p, v[5], "level", 64, &level))
        return -1;
    if (v[6] != NULL && parse_perm(p, v[6], &perm))
        return -1;
    if (v[7] != NULL && (need_x86_key(p, "pkey") || num_bits(p, v[7], "pkey", 4, &pkey)))
        return -1;
    if (v[8] != NULL && (need_ext(p, XL_EXT_SVPBMT, "pbmt=") || parse_mt(p, v[8], "pbmt", 2, &pbmt)))
        return -1;
    napot = v[9] != NULL;
    if (napot && need_ext(p, XL_EXT_SVNAPOT, "'napot'"))
        return -1;
    if (level >= c->levels || !(c->leaf_mask & (1u << level)))
        return perr(p, "level: %" PRIu64 " is not a leaf level of preset '%s'", level, c->name);
    if (napot && level != 0)
        return perr(p, "napot: a NAPOT (64 KiB) entry is a level-0 entry, not level %" PRIu64, level);
    xl_tlb_loc loc;
    memset(&loc, 0, sizeof loc);
    if (level == 0 && !napot) {
        uint64_t want = vpn & (c->tlb_sets - 1);
        if (v[0] != NULL && num_bits(p, v[0], "set", 64, &set))
            return -1;
        if (v[0] == NULL)
            set = want;
        if (set >= c->tlb_sets)
            return perr(p, "set: %" PRIu64 " is out of range (tlb_sets = %u)", set, c->tlb_sets);
        if (set != want)
            return perr(p, "vpn: 0x%" PRIx64 " indexes TLB set %" PRIu64 ", not set %" PRIu64, vpn, want, set);
        if (way >= c->tlb_ways)
            return perr(p, "way: %" PRIu64 " is out of range (tlb_ways = %u)", way, c->tlb_ways);
        loc.array = XL_TLB_BASE;
    } else {
        if (v[0] != NULL && num_bits(p, v[0], "set", 64, &set))
            return -1;
        if (set != 0)
            return perr(p, "set: %" PRIu64 " is out of range (the superpage array has only set 0)", set);
        if (way >= c->tlb_super)
            return perr(p, "way: %" PRIu64 " is out of range (tlb_super = %u)", way, c->tlb_super);
        unsigned span = c->level_shift[level] + (napot ? XL_NAPOT_BITS : 0);
        if ((vpn | ppn) & xl_mask(span))
            return perr(p, "vpn and ppn of a %s entry must be multiples of 0x%" PRIx64,
                        napot ? "NAPOT" : "superpage", xl_mask(span) + 1);
        loc.array = XL_TLB_SUPER;
    }
    loc.set = (unsigned)set;
    loc.way = (unsigned)way;
    xl_stmt *s = new_stmt(tr, p, XL_ST_TLB_FILL);
    if (s == NULL)
        return -1;
    s->loc = loc;
    s->entry.valid = true;
    s->entry.level = (uint8_t)level;
    s->entry.perm = (uint8_t)perm;
    s->entry.attr = (uint8_t)(is_x86(c) ? pkey : pbmt);
    s->entry.napot = napot;
    s->entry.asid = (uint32_t)asid;
    s->entry.vpn = vpn;
    s->entry.ppn = ppn;
    return 0;
}

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

static int parse_cache_fill(pctx *p, const tok *t, unsigned n, xl_trace *tr)
{
    static const aspec spec[] = {{"set", A_KEY}, {"way", A_KEY}, {"tag", A_KEY}, {"data", A_KEY}, {"dirty", A_FLAG}};
    const char *v[NSPEC(spec)];
    const xl_config *c = p->cfg;
    uint64_t set, way, tag;
    xl_cache_line line;
    memset(&line, 0, sizeof line);
    if (bind(p, t, n, spec, NSPEC(spec), v) || num_bits(p, v[0], "set", 64, &set) ||
        num_bits(p, v[1], "way", 64, &way) || num_bits(p, v[2], "tag", xl_cache_tag_bits(c), &tag) ||
        need(p, v[3], "data="))
        return -1;
    if (set >= c->cache_sets)
        return perr(p, "set: %" PRIu64 " is out of range (cache_sets = %u)", set, c->cache_sets);
    if (way >= c->cache_ways)
        return perr(p, "way: %" PRIu64 " is out of range (cache_ways = %u)", way, c->cache_ways);
    unsigned nd = 0;
    int hi = -1;
    for (const char *q = v[3]; *q; q++) {
        int d;
        if (*q == '_' && hi < 0)
            continue;
        if ((d = hexval(*q)) < 0)
            return perr(p, "data: '%c' is not a hex digit (give the %u line bytes as hex digits, byte 0 first)", *q,
                        c->cache_line);
        if (hi < 0) {
            hi = d;
            continue;
        }
        if (nd == c->cache_line)
            return perr(p, "data: more than %u bytes (the line size)", c->cache_line);
        line.data[nd++] = (uint8_t)(hi << 4 | d);
        hi = -1;
    }
    if (hi >= 0 || nd != c->cache_line)
        return perr(p, "data: %u%s bytes given, the line holds exactly %u", nd, hi >= 0 ? ".5" : "", c->cache_line);
    line.valid = true;
    line.dirty = v[4] != NULL;
    line.tag = tag;
    xl_stmt *s = new_stmt(tr, p, XL_ST_CACHE_FILL);
    if (s == NULL)
        return -1;
    s->set = (unsigned)set;
    s->way = (unsigned)way;
    s->line_data = line;
    return 0;
}

static int parse_repl(pctx *p, const tok *t, unsigned n, xl_trace *tr)
{
    static const aspec spec[] = {{"array", A_POS}, {"set", A_KEY}, {"state", A_KEY}};
    const char *v[NSPEC(spec)];
    const xl_config *c = p->cfg;
    uint64_t set = 0, state;
    unsigned sets, bits;
    xl_tlb_loc loc;
    bool cache = false;
    memset(&loc, 0, sizeof loc);
    if (bind(p, t, n, spec, NSPEC(spec), v) || need(p, v[0], "tlb, super or cache"))
        return -1;
    if (strcmp(v[0], "tlb") == 0) {
        loc.array = XL_TLB_BASE;
        sets = c->tlb_sets;
        bits = xl_repl_bits(c->tlb_repl, c->tlb_ways);
    } else if (strcmp(v[0], "super") == 0) {
        if (c->tlb_super == 0)
            return perr(p, "preset '%s' has no superpage array", c->name);
        loc.array = XL_TLB_SUPER;
        sets = 1;
        bits = xl_repl_bits(c->tlb_repl, c->tlb_super);
    } else if (strcmp(v[0], "cache") == 0) {
        cache = true;
        sets = c->cache_sets;
        bits = xl_repl_bits(XL_REPL_PLRU, c->cache_ways);
    } else {
        return perr(p, "'%.40s' is not tlb, super or cache", v[0]);
    }
    if (v[1] != NULL && num_bits(p, v[1], "set", 64, &set))
        return -1;
    if (set >= sets)
        return perr(p, "set: %" PRIu64 " is out of range (%u set%s)", set, sets, sets == 1 ? "" : "s");
    if (num_bits(p, v[2], "state", bits, &state))
        return -1;
    xl_stmt *s = new_stmt(tr, p, XL_ST_REPL);
    if (s == NULL)
        return -1;
    loc.set = (unsigned)set;
    s->loc = loc;
    s->set = (unsigned)set;
    s->repl_cache = cache;
    s->state = (uint32_t)state;
    return 0;
}

static int parse_flush(pctx *p, const tok *t, unsigned n, xl_trace *tr)
{
    const char *v[1];
    if (bind(p, t, n, NULL, 0, v))
        return -1;
    return new_stmt(tr, p, XL_ST_FLUSH) ? 0 : -1;
}

/* Largest `dump mem` length. */
#define DUMP_MEM_MAX 65536u

static int parse_dump(pctx *p, const tok *t, unsigned n, xl_trace *tr)
{
    static const aspec spec[] = {{"what", A_POS}, {"pa", A_POS}, {"len", A_POS}, {"set", A_KEY}};
    const char *v[NSPEC(spec)];
    const xl_config *c = p->cfg;
    uint64_t pa = 0, len = 0, set = 0;
    xl_dump_kind kind;
    if (bind(p, t, n, spec, NSPEC(spec), v) || need(p, v[0], "tlb, cache or mem"))
        return -1;
    if (strcmp(v[0], "tlb") == 0)
        kind = XL_DUMP_TLB;
    else if (strcmp(v[0], "cache") == 0)
        kind = XL_DUMP_CACHE;
    else if (strcmp(v[0], "mem") == 0)
        kind = XL_DUMP_MEM;
    else
        return perr(p, "'%.40s' is not tlb, cache or mem", v[0]);
    if (kind != XL_DUMP_MEM && (v[1] != NULL || v[2] != NULL))
        return perr(p, "unexpected argument '%.40s' for 'dump %s'", v[1] ? v[1] : v[2], v[0]);
    if (kind != XL_DUMP_CACHE && v[3] != NULL)
        return perr(p, "unknown key 'set' for 'dump %s'", v[0]);
    if (kind == XL_DUMP_MEM) {
        if (num_bits(p, v[1], "pa", 64, &pa) || num_bits(p, v[2], "len", 64, &len))
            return -1;
        if (len == 0 || len > DUMP_MEM_MAX)
            return perr(p, "len: must be 1..%u bytes", DUMP_MEM_MAX);
        if (pa >= c->mem_bytes || len > c->mem_bytes - pa)
            return perr(p, "0x%" PRIx64 " + 0x%" PRIx64 " bytes is outside memory (mem_bytes = 0x%" PRIx64 ")", pa,
                        len, c->mem_bytes);
    }
    if (v[3] != NULL) {
        if (num_bits(p, v[3], "set", 64, &set))
            return -1;
        if (set >= c->cache_sets)
            return perr(p, "set: %" PRIu64 " is out of range (cache_sets = %u)", set, c->cache_sets);
    }
    xl_stmt *s = new_stmt(tr, p, XL_ST_DUMP);
    if (s == NULL)
        return -1;
    s->dump = kind;
    s->pa = pa;
    s->value = len;
    s->set = (unsigned)set;
    s->all_sets = v[3] == NULL;
    return 0;
}

static int parse_expect(pctx *p, const tok *t, unsigned n, xl_expect *e)
{
    static const aspec spec[] = {
        {"fault", A_KEY}, {"level", A_KEY}, {"pa", A_KEY}, {"data", A_KEY},
        {"tlb", A_KEY}, {"cache", A_KEY}, {"walk", A_KEY}, {"mt", A_KEY},
    };
    const char *v[NSPEC(spec)];
    const char *saved = p->verb;
    uint64_t x;
    int r;

    memset(e, 0, sizeof *e);
    e->want.level = XL_LEVEL_NONE;
    p->verb = "expect";
    r = bind(p, t, n, spec, NSPEC(spec), v);
    p->verb = saved;
    if (r)
        return -1;
    if (n == 0)
        return perr(p, "'expect' names no field (fault=, level=, pa=, data=, tlb=, cache=, walk=, mt=)");
    if (v[0] != NULL) {
        if (xl_fault_parse(v[0], &e->want.fault) != 0)
            return perr(p, "fault: '%.40s' is not a fault name (none, align, canonical, bus, not_present, "
                           "reserved, misaligned, user, super, read, write, exec, ad, pkey)",
                        v[0]);
        e->mask |= XL_EXP_FAULT;
    }
    if (v[1] != NULL) {
        if (strcmp(v[1], "-") == 0) {
            e->want.level = XL_LEVEL_NONE;
        } else {
            if (num(p, v[1], "level", &x))
                return -1;
            if (x >= p->cfg->levels)
                return perr(p, "level: %" PRIu64 " is not a level of preset '%s' (0..%u, or '-')", x,
                            p->cfg->name, p->cfg->levels - 1);
            e->want.level = (int)x;
        }
        e->mask |= XL_EXP_LEVEL;
    }
    if (v[2] != NULL) {
        if (num(p, v[2], "pa", &e->want.pa))
            return -1;
        e->mask |= XL_EXP_PA;
    }
    if (v[3] != NULL) {
        if (num(p, v[3], "data", &e->want.rdata))
            return -1;
        e->mask |= XL_EXP_DATA;
    }
    for (int k = 4; k <= 5; k++) {
        if (v[k] == NULL)
            continue;
        bool hit;
        if (strcmp(v[k], "hit") == 0)
            hit = true;
        else if (strcmp(v[k], "miss") == 0)
            hit = false;
        else
            return perr(p, "%s: '%.40s' is not hit or miss", spec[k].name, v[k]);
        if (k == 4) {
            e->want.tlb_hit = hit;
            e->mask |= XL_EXP_TLB;
        } else {
            e->want.cache_hit = hit;
            e->mask |= XL_EXP_CACHE;
        }
    }
    if (v[6] != NULL) {
        if (num_bits(p, v[6], "walk", 16, &x))
            return -1;
        e->want.walk_reads = (unsigned)x;
        e->mask |= XL_EXP_WALK;
    }
    if (v[7] != NULL) {
        unsigned mt;
        if (need_ext(p, XL_EXT_SVPBMT, "expect mt=") || parse_mt(p, v[7], "mt", 0, &mt))
            return -1;
        e->want.mt = (uint8_t)mt;
        e->mask |= XL_EXP_MT;
    }
    return 0;
}

/* Parse one statement from a line (comment already removed). */
static int parse_line(pctx *p, char *s, xl_trace *tr)
{
    tok t[MAX_TOKENS];
    unsigned n = 0, nargs;
    int have_expect = -1;

    for (;;) {
        while (*s == ' ' || *s == '\t' || *s == '\r')
            s++;
        if (*s == '\0')
            break;
        if (n == MAX_TOKENS)
            return perr(p, "too many words on one line (at most %d)", MAX_TOKENS);
        char *w = s;
        while (*s && *s != ' ' && *s != '\t' && *s != '\r')
            s++;
        if (*s)
            *s++ = '\0';
        char *eq = strchr(w, '=');
        if (eq != NULL && n > 0) {
            *eq = '\0';
            if (*w == '\0')
                return perr(p, "'=%.40s' has no key", eq + 1);
            if (eq[1] == '\0')
                return perr(p, "key '%.40s' has no value", w);
            t[n].key = w;
            t[n].val = eq + 1;
        } else {
            t[n].key = NULL;
            t[n].val = w;
        }
        if (n > 0 && t[n].key == NULL && strcmp(w, "expect") == 0) {
            if (have_expect >= 0)
                return perr(p, "duplicate 'expect'");
            have_expect = (int)n;
        }
        n++;
    }
    if (n == 0)
        return 0;
    p->verb = t[0].val;
    nargs = (have_expect >= 0 ? (unsigned)have_expect : n) - 1;
    const tok *a = &t[1];
    const char *verb = p->verb;
    xl_stmt *acc = NULL;
    int r;

    if (have_expect >= 0 && strcmp(verb, "load") != 0 && strcmp(verb, "store") != 0 && strcmp(verb, "fetch") != 0)
        return perr(p, "'expect' is only allowed on load, store and fetch");
    if (strcmp(verb, "preset") == 0)
        r = parse_preset(p, a, nargs, tr);
    else if (strcmp(verb, "mem") == 0)
        r = parse_mem(p, a, nargs, tr);
    else if (strcmp(verb, "pte") == 0)
        r = parse_pte(p, a, nargs, tr);
    else if (strcmp(verb, "root") == 0)
        r = parse_root(p, a, nargs, tr);
    else if (strcmp(verb, "load") == 0)
        r = parse_access(p, a, nargs, XL_OP_LOAD, tr, &acc);
    else if (strcmp(verb, "store") == 0)
        r = parse_access(p, a, nargs, XL_OP_STORE, tr, &acc);
    else if (strcmp(verb, "fetch") == 0)
        r = parse_access(p, a, nargs, XL_OP_FETCH, tr, &acc);
    else if (strcmp(verb, "ctl") == 0)
        r = parse_ctl(p, a, nargs, tr);
    else if (strcmp(verb, "inval") == 0)
        r = parse_inval(p, a, nargs, tr);
    else if (strcmp(verb, "invlpg") == 0)
        r = parse_invlpg(p, a, nargs, tr);
    else if (strcmp(verb, "invpcid") == 0)
        r = parse_invpcid(p, a, nargs, tr);
    else if (strcmp(verb, "sfence") == 0)
        r = parse_sfence(p, a, nargs, tr, false);
    else if (strcmp(verb, "sinval") == 0)
        r = parse_sfence(p, a, nargs, tr, true);
    else if (strcmp(verb, "sfence_w_inval") == 0)
        r = parse_fence(p, a, nargs, tr, XL_FENCE_W_INVAL);
    else if (strcmp(verb, "sfence_inval_ir") == 0)
        r = parse_fence(p, a, nargs, tr, XL_FENCE_INVAL_IR);
    else if (strcmp(verb, "tlb_fill") == 0)
        r = parse_tlb_fill(p, a, nargs, tr);
    else if (strcmp(verb, "cache_fill") == 0)
        r = parse_cache_fill(p, a, nargs, tr);
    else if (strcmp(verb, "repl") == 0)
        r = parse_repl(p, a, nargs, tr);
    else if (strcmp(verb, "flush") == 0)
        r = parse_flush(p, a, nargs, tr);
    else if (strcmp(verb, "dump") == 0)
        r = parse_dump(p, a, nargs, tr);
    else if (t[0].key != NULL || strchr(verb, '=') != NULL)
        return perr(p, "a statement must start with a verb, not '%.40s'", verb);
    else
        return perr(p, "unknown verb '%.40s'", verb);
    if (r != 0)
        return -1;
    if (have_expect >= 0 && acc != NULL) {
        xl_expect e;
        unsigned first = (unsigned)have_expect + 1;
        if (parse_expect(p, &t[first], n - first, &e) != 0)
            return -1;
        /* parse_expect never adds statements, so `acc` is still valid. */
        acc->expect = e;
    }
    return 0;
}

static int parse_buf(const char *buf, size_t len, const char *fname, const xl_config *cfg, xl_trace *tr,
                     xl_error *err)
{
    pctx p;
    size_t pos = 0;
    char line[LINE_MAX_LEN + 1];

    memset(tr, 0, sizeof *tr);
    if (fname == NULL)
        fname = "<trace>";
    snprintf(tr->fname, sizeof tr->fname, "%s", fname);
    p.cfg = cfg;
    p.fname = fname;
    p.line = 0;
    p.err = err;
    p.verb = "";
    while (pos < len) {
        const char *start = buf + pos;
        const char *nl = memchr(start, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - start) : len - pos;
        pos += n + (nl != NULL);
        p.line++;
        if (n > LINE_MAX_LEN) {
            perr(&p, "line longer than %d characters", LINE_MAX_LEN);
            goto fail;
        }
        for (size_t i = 0; i < n; i++) {
            unsigned char ch = (unsigned char)start[i];
            if ((ch < 0x20 && ch != '\t' && ch != '\r') || ch > 0x7e) {
                perr(&p, "unexpected byte 0x%02x in column %zu (traces are plain ASCII text)", ch, i + 1);
                goto fail;
            }
        }
        memcpy(line, start, n);
        line[n] = '\0';
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        if (parse_line(&p, line, tr) != 0)
            goto fail;
    }
    return 0;
fail:
    xl_trace_free(tr);
    return -1;
}

int xl_trace_parse_text(const char *text, const char *fname, const xl_config *cfg, xl_trace *tr, xl_error *err)
{
    return parse_buf(text, strlen(text), fname, cfg, tr, err);
}

int xl_trace_parse_file(const char *path, const xl_config *cfg, xl_trace *tr, xl_error *err)
{
    char *buf;
    size_t len;
    memset(tr, 0, sizeof *tr);
    if (read_file(path, &buf, &len, err) != 0)
        return -1;
    int r = parse_buf(buf, len, path, cfg, tr, err);
    free(buf);
    return r;
}

void xl_trace_free(xl_trace *tr)
{
    free(tr->stmts);
    tr->stmts = NULL;
    tr->n = tr->cap = 0;
}

int xl_trace_peek_preset_at(const char *path, char *name, size_t len, unsigned *line, xl_error *err)
{
    char *buf;
    size_t n;
    unsigned ln = 0;
    int found = 0;

    if (line)
        *line = 0;
    if (read_file(path, &buf, &n, err) != 0)
        return -1;
    for (const char *s = buf; s < buf + n && found == 0;) {
        const char *nl = memchr(s, '\n', (size_t)(buf + n - s));
        const char *e = nl ? nl : buf + n;
        char w0[16], w1[1024];
        size_t k0 = 0, k1 = 0;
        ln++;
        /* First two words of the line, up to a comment. */
        const char *q = s;
        while (q < e && (*q == ' ' || *q == '\t' || *q == '\r'))
            q++;
        while (q < e && *q != ' ' && *q != '\t' && *q != '\r' && *q != '#') {
            if (k0 < sizeof w0 - 1)
                w0[k0] = *q;
            k0++;
            q++;
        }
        while (q < e && (*q == ' ' || *q == '\t' || *q == '\r'))
            q++;
        while (q < e && *q != ' ' && *q != '\t' && *q != '\r' && *q != '#') {
            if (k1 < sizeof w1 - 1)
                w1[k1] = *q;
            k1++;
            q++;
        }
        s = nl ? nl + 1 : e;
        if (k0 == 0)
            continue; /* blank or comment line */
        if (k0 >= sizeof w0 || k1 == 0 || k1 >= sizeof w1) {
            found = -2; /* some other statement (or a malformed one) */
            break;
        }
        w0[k0] = '\0';
        w1[k1] = '\0';
        if (strcmp(w0, "preset") != 0) {
            found = -2;
            break;
        }
        const char *arg = strncmp(w1, "name=", 5) == 0 ? w1 + 5 : w1;
        resolve_preset(path, arg, name, len);
        if (line)
            *line = ln;
        found = 1;
    }
    free(buf);
    return found == 1 ? 1 : 0;
}

int xl_trace_peek_preset(const char *path, char *name, size_t len, xl_error *err)
{
    return xl_trace_peek_preset_at(path, name, len, NULL, err);
}

/* ---- transactions ------------------------------------------------------ */

xl_txn xl_txn_resolve(const xl_txn *t, uint32_t current_asid)
{
    xl_txn r = *t;
    if (r.kind == XL_TXN_INVAL && r.isa == XL_INV_INVLPG)
        r.inval = xl_inval_from_isa(XL_INV_INVLPG, t->inval.va, current_asid);
    return r;
}

int xl_txn_format(const xl_txn *t, char *buf, size_t len)
{
    switch (t->kind) {
    case XL_TXN_ACCESS: {
        const xl_access *a = &t->access;
        const char *priv = a->priv == XL_PRIV_U ? "u" : "s";
        const char *ac = a->ac ? " ac=1" : "";
        if (a->op == XL_OP_STORE)
            return snprintf(buf, len, "store 0x%" PRIx64 " 0x%" PRIx64 " size=%u priv=%s%s", a->va, a->wdata, a->size,
                            priv, ac);
        return snprintf(buf, len, "%s 0x%" PRIx64 " size=%u priv=%s%s", xl_op_name(a->op), a->va, a->size, priv, ac);
    }
    case XL_TXN_INVAL: {
        const xl_inval *s = &t->inval;
        char va[32] = "", asid[24] = "";
        if (s->match_va)
            snprintf(va, sizeof va, " va=0x%" PRIx64, s->va);
        if (s->match_asid)
            snprintf(asid, sizeof asid, " asid=0x%" PRIx32, s->asid);
        return snprintf(buf, len, "inval%s%s%s", va, asid, s->keep_global ? " keep_global" : "");
    }
    case XL_TXN_ROOT:
        return snprintf(buf, len, "root ppn=0x%" PRIx64 " asid=0x%" PRIx32 "%s", t->root_ppn, t->asid,
                        t->flush ? "" : " noflush");
    case XL_TXN_FENCE:
        return snprintf(buf, len, "%s", t->fence == XL_FENCE_W_INVAL ? "sfence_w_inval" : "sfence_inval_ir");
    case XL_TXN_CTL: {
        int k = snprintf(buf, len, "ctl");
        for (unsigned i = 0; i < XL_CTL_COUNT; i++) {
            unsigned bit = 1u << i;
            size_t at = k < 0 ? 0 : (size_t)k;
            if (!(t->ctl_mask & bit))
                continue;
            if (bit == XL_CTL_PKRU)
                k += snprintf(buf + (at < len ? at : len), at < len ? len - at : 0, " pkru=0x%" PRIx32, t->ctl.pkru);
            else
                k += snprintf(buf + (at < len ? at : len), at < len ? len - at : 0, " %s=%u", xl_ctl_name(bit),
                              (t->ctl.flags & bit) ? 1u : 0u);
        }
        return k;
    }
    }
    return snprintf(buf, len, "?");
}

void xl_txn_execute(xl_mmu *m, const xl_txn *t, xl_result *r, xl_info *info)
{
    switch (t->kind) {
    case XL_TXN_ACCESS:
        xl_mmu_access(m, &t->access, r, info);
        return;
    case XL_TXN_INVAL:
        xl_mmu_inval(m, &t->inval);
        break;
    case XL_TXN_ROOT:
        xl_mmu_set_root(m, t->root_ppn, t->asid, t->flush);
        break;
    case XL_TXN_CTL:
        xl_mmu_set_ctl(m, t->ctl_mask, &t->ctl);
        break;
    case XL_TXN_FENCE:
        /* Nothing to order in an in-order machine that applies every
         * invalidation at once (docs/architecture.md section 5). */
        m->stats.fences++;
        break;
    }
    memset(r, 0, sizeof *r);
    r->fault = XL_FAULT_NONE;
    if (info != NULL) {
        memset(info, 0, sizeof *info);
        info->page_level = info->refill_level = -1;
        info->leaf_perm = -1;
    }
}

int xl_stmt_apply(xl_mmu *m, const xl_stmt *s, xl_error *err)
{
    switch (s->kind) {
    case XL_ST_MEM:
    case XL_ST_PTE:
        if (xl_mem_write_le(&m->mem, s->pa, s->value, s->size) != 0) {
            if (err)
                snprintf(err->msg, sizeof err->msg, "out of memory writing 0x%" PRIx64, s->pa);
            return -1;
        }
        return 0;
    case XL_ST_TLB_FILL:
        return xl_tlb_put(&m->tlb, &s->loc, &s->entry, err);
    case XL_ST_CACHE_FILL:
        if (xl_cache_put(&m->cache, s->set, s->way, &s->line_data) != 0) {
            if (err)
                snprintf(err->msg, sizeof err->msg, "cache set %u way %u: bad location or tag", s->set, s->way);
            return -1;
        }
        return 0;
    case XL_ST_REPL:
        if (s->repl_cache)
            xl_cache_repl_put(&m->cache, s->set, s->state);
        else
            xl_tlb_repl_put(&m->tlb, s->loc.array, s->loc.set, s->state);
        return 0;
    case XL_ST_FLUSH:
        xl_cache_flush(&m->cache, false);
        return 0;
    case XL_ST_TXN:
    case XL_ST_DUMP:
    case XL_ST_PRESET:
        break;
    }
    return 0;
}

/* ---- expectations ------------------------------------------------------ */

static void fmt_level(int level, char *buf, size_t len)
{
    if (level == XL_LEVEL_NONE)
        snprintf(buf, len, "-");
    else
        snprintf(buf, len, "%d", level);
}

/* Describe a mismatch of field `bit`, or return 0 if it matches. */
static int field_diff(unsigned bit, const xl_result *w, const xl_result *r, char *why, size_t len)
{
    char a[32], b[32];
    switch (bit) {
    case XL_EXP_FAULT:
        if (w->fault == r->fault)
            return 0;
        snprintf(why, len, "fault: expected %s, got %s", xl_fault_name(w->fault), xl_fault_name(r->fault));
        return 1;
    case XL_EXP_LEVEL:
        if (w->level == r->level)
            return 0;
        fmt_level(w->level, a, sizeof a);
        fmt_level(r->level, b, sizeof b);
        snprintf(why, len, "level: expected %s, got %s", a, b);
        return 1;
    case XL_EXP_PA:
        if (w->pa == r->pa)
            return 0;
        snprintf(why, len, "pa: expected 0x%" PRIx64 ", got 0x%" PRIx64, w->pa, r->pa);
        return 1;
    case XL_EXP_DATA:
        if (w->rdata == r->rdata)
            return 0;
        snprintf(why, len, "data: expected 0x%" PRIx64 ", got 0x%" PRIx64, w->rdata, r->rdata);
        return 1;
    case XL_EXP_TLB:
        if (w->tlb_hit == r->tlb_hit)
            return 0;
        snprintf(why, len, "tlb: expected %s, got %s", w->tlb_hit ? "hit" : "miss", r->tlb_hit ? "hit" : "miss");
        return 1;
    case XL_EXP_CACHE:
        if (w->cache_hit == r->cache_hit)
            return 0;
        snprintf(why, len, "cache: expected %s, got %s", w->cache_hit ? "hit" : "miss",
                 r->cache_hit ? "hit" : "miss");
        return 1;
    case XL_EXP_WALK:
        if (w->walk_reads == r->walk_reads)
            return 0;
        snprintf(why, len, "walk: expected %u, got %u", w->walk_reads, r->walk_reads);
        return 1;
    case XL_EXP_MT: {
        static const char *const mts[4] = {"pma", "nc", "io", "?"};
        if (w->mt == r->mt)
            return 0;
        snprintf(why, len, "mt: expected %s, got %s", mts[w->mt & 3], mts[r->mt & 3]);
        return 1;
    }
    }
    return 0;
}

int xl_expect_check(const xl_expect *e, const xl_result *r, char *why, size_t len)
{
    char tmp[128];
    for (unsigned bit = 1; bit <= XL_EXP_MT; bit <<= 1) {
        if (!(e->mask & bit))
            continue;
        if (field_diff(bit, &e->want, r, why && len ? why : tmp, why && len ? len : sizeof tmp))
            return 1;
    }
    if (why && len)
        why[0] = '\0';
    return 0;
}

int xl_expect_format_full(const xl_result *r, char *buf, size_t len)
{
    char res[256];
    xl_result_format(r, res, sizeof res);
    return snprintf(buf, len, "expect %s", res);
}

/* ---- dumps --------------------------------------------------------------- */

/* The end of a `tlb_fill` line: the entry's other fields, then LF. */
static void dump_attr(const xl_config *c, const xl_tlb_entry *e, FILE *out)
{
    static const char *const mts[4] = {"pma", "nc", "io", "3"};
    if (is_x86(c) && e->attr)
        fprintf(out, " pkey=%u", (unsigned)e->attr);
    if (!is_x86(c) && e->attr)
        fprintf(out, " pbmt=%s", mts[e->attr & 3]);
    if (e->napot)
        fputs(" napot", out);
    fputc('\n', out);
}

static void dump_tlb(const xl_mmu *m, FILE *out)
{
    const xl_config *c = &m->cfg;
    char perm[32];
    for (unsigned s = 0; s < c->tlb_sets; s++)
        for (unsigned w = 0; w < c->tlb_ways; w++) {
            const xl_tlb_entry *e = &m->tlb.base[(size_t)s * c->tlb_ways + w];
            if (!e->valid)
                continue;
            format_perm(c, e->perm, perm, sizeof perm);
            fprintf(out, "tlb_fill set=%u way=%u vpn=0x%" PRIx64 " ppn=0x%" PRIx64 " asid=0x%" PRIx32
                         " level=%u flags=%s",
                    s, w, e->vpn, e->ppn, e->asid, (unsigned)e->level, perm);
            dump_attr(c, e, out);
        }
    for (unsigned i = 0; i < c->tlb_super; i++) {
        const xl_tlb_entry *e = &m->tlb.super[i];
        if (!e->valid)
            continue;
        format_perm(c, e->perm, perm, sizeof perm);
        fprintf(out, "tlb_fill way=%u vpn=0x%" PRIx64 " ppn=0x%" PRIx64 " asid=0x%" PRIx32 " level=%u flags=%s", i,
                e->vpn, e->ppn, e->asid, (unsigned)e->level, perm);
        dump_attr(c, e, out);
    }
    for (unsigned s = 0; s < c->tlb_sets; s++)
        if (m->tlb.base_repl[s])
            fprintf(out, "repl tlb set=%u state=0x%" PRIx32 "\n", s, m->tlb.base_repl[s]);
    if (c->tlb_super && m->tlb.super_repl)
        fprintf(out, "repl super state=0x%" PRIx32 "\n", m->tlb.super_repl);
}

static void dump_cache(const xl_mmu *m, const xl_stmt *st, FILE *out)
{
    const xl_config *c = &m->cfg;
    unsigned lo = st->all_sets ? 0 : st->set, hi = st->all_sets ? c->cache_sets : st->set + 1;
    for (unsigned s = lo; s < hi; s++) {
        for (unsigned w = 0; w < c->cache_ways; w++) {
            size_t i = (size_t)s * c->cache_ways + w;
            if (!m->cache.valid[i])
                continue;
            fprintf(out, "cache_fill set=%u way=%u tag=0x%" PRIx64 " data=", s, w, m->cache.tag[i]);
            for (unsigned k = 0; k < c->cache_line; k++)
                fprintf(out, "%02x", m->cache.data[i * c->cache_line + k]);
            fprintf(out, "%s\n", m->cache.dirty[i] ? " dirty" : "");
        }
        if (m->cache.repl[s] || !st->all_sets)
            fprintf(out, "repl cache set=%u state=0x%" PRIx32 "\n", s, m->cache.repl[s]);
    }
}

static void dump_mem(xl_mmu *m, const xl_stmt *st, FILE *out)
{
    uint64_t a = st->pa, end = st->pa + st->value;
    while (a < end) {
        unsigned size = 8;
        while (size > 1 && ((a & (size - 1)) || end - a < size))
            size >>= 1;
        fprintf(out, "mem 0x%" PRIx64 " 0x%" PRIx64 " size=%u\n", a, xl_mem_read_le(&m->mem, a, size), size);
        a += size;
    }
}

/* ---- running --------------------------------------------------------------- */

long xl_trace_run(xl_mmu *m, const xl_trace *tr, const xl_run_opts *opts)
{
    FILE *out = opts ? opts->out : NULL;
    FILE *errf = opts ? opts->err : NULL;
    uint64_t idx = opts ? opts->first_index : 0;
    long fails = 0;

    for (size_t k = 0; k < tr->n; k++) {
        const xl_stmt *s = &tr->stmts[k];
        switch (s->kind) {
        case XL_ST_PRESET:
            break;
        case XL_ST_TXN: {
            xl_txn t = xl_txn_resolve(&s->txn, m->asid);
            xl_result r;
            char req[160], res[256];
            xl_txn_execute(m, &t, &r, NULL);
            xl_txn_format(&t, req, sizeof req);
            if (t.kind == XL_TXN_ACCESS)
                xl_result_format(&r, res, sizeof res);
            else
                snprintf(res, sizeof res, "ok");
            if (out)
                fprintf(out, "#%" PRIu64 " %s -> %s\n", idx, req, res);
            idx++;
            if (t.kind != XL_TXN_ACCESS || s->expect.mask == 0)
                break;
            bool failed = false;
            for (unsigned bit = 1; bit <= XL_EXP_MT; bit <<= 1) {
                char why[128];
                if ((s->expect.mask & bit) && field_diff(bit, &s->expect.want, &r, why, sizeof why)) {
                    failed = true;
                    if (errf)
                        fprintf(errf, "%s:%u: expect: %s\n", tr->fname, s->line, why);
                }
            }
            if (failed) {
                fails++;
                if (errf)
                    fprintf(errf, "%s:%u: note: request %s, actual result %s\n", tr->fname, s->line, req, res);
            }
            break;
        }
        case XL_ST_DUMP:
            if (out == NULL)
                break;
            fprintf(out, "# dump %s at %s:%u\n",
                    s->dump == XL_DUMP_TLB ? "tlb" : s->dump == XL_DUMP_CACHE ? "cache" : "mem", tr->fname, s->line);
            if (s->dump == XL_DUMP_TLB)
                dump_tlb(m, out);
            else if (s->dump == XL_DUMP_CACHE)
                dump_cache(m, s, out);
            else
                dump_mem(m, s, out);
            break;
        default: {
            xl_error e;
            if (xl_stmt_apply(m, s, &e) != 0) {
                if (errf)
                    fprintf(errf, "%s:%u: %s\n", tr->fname, s->line, e.msg);
                return -1;
            }
            break;
        }
        }
    }
    return fails;
}
