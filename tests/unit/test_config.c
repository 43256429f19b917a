/*
 * Configuration: every preset loads; malformed or inconsistent text is
 * rejected with `file:line: message` naming the offending line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"

/* The x86_64 preset, one key per line: line n+1 holds base[n]. */
static const char *const base_keys[][2] = {
    {"name", "t"},                 /* 1 */
    {"format", "x86_64"},          /* 2 */
    {"va_bits", "48"},             /* 3 */
    {"pa_bits", "52"},             /* 4 */
    {"page_bits", "12"},           /* 5 */
    {"levels", "4"},               /* 6 */
    {"level_bits", "9,9,9,9"},     /* 7 */
    {"leaf_levels", "0,1,2"},      /* 8 */
    {"asid_bits", "12"},           /* 9 */
    {"tlb_sets", "16"},            /* 10 */
    {"tlb_ways", "4"},             /* 11 */
    {"tlb_super", "8"},            /* 12 */
    {"tlb_repl", "plru"},          /* 13 */
    {"cache_sets", "64"},          /* 14 */
    {"cache_ways", "8"},           /* 15 */
    {"cache_line", "64"},          /* 16 */
    {"ad_policy", "hw"},           /* 17 */
    {"mem_bytes", "0x100000000"},  /* 18 */
    {"misaligned", "fault"},       /* 19 */
};
#define NBASE (sizeof base_keys / sizeof base_keys[0])

static char text_buf[4096];

/*
 * The base text with `edits` applied: "key=value" replaces a value in place
 * (same line), "-key" drops the line.  `extra` is appended (line 20 on).
 */
static const char *text_with(const char *const *edits, const char *extra)
{
    size_t o = 0;
    for (size_t i = 0; i < NBASE; i++) {
        const char *val = base_keys[i][1];
        bool drop = false;
        for (const char *const *e = edits; e && *e; e++) {
            size_t kl = strlen(base_keys[i][0]);
            if ((*e)[0] == '-' && strcmp(*e + 1, base_keys[i][0]) == 0)
                drop = true;
            else if (strncmp(*e, base_keys[i][0], kl) == 0 && (*e)[kl] == '=')
                val = *e + kl + 1;
        }
        if (!drop)
            o += (size_t)snprintf(text_buf + o, sizeof text_buf - o, "%-11s = %s\n", base_keys[i][0], val);
    }
    if (extra)
        snprintf(text_buf + o, sizeof text_buf - o, "%s", extra);
    return text_buf;
}

#define EDITS(...) ((const char *const[]){__VA_ARGS__, NULL})

static void expect_error(const char *text, const char *prefix, const char *phrase)
{
    xl_config c;
    xl_error e;
    memset(&e, 0, sizeof e);
    if (xl_config_parse(text, "t.cfg", &c, &e) != -1)
        fail_msg("accepted, expected '%s ... %s'", prefix, phrase);
    if (strncmp(e.msg, prefix, strlen(prefix)) != 0 || strstr(e.msg, phrase) == NULL)
        fail_msg("got '%s', expected '%s ... %s'", e.msg, prefix, phrase);
}

static void expect_ok(const char *text, xl_config *out)
{
    xl_config c;
    xl_error e;
    memset(&e, 0, sizeof e);
    if (xl_config_parse(text, "t.cfg", &c, &e) != 0)
        fail_msg("rejected: %s", e.msg);
    if (out)
        *out = c;
}

/* ---- presets ------------------------------------------------------------- */

static void presets_load(void **state)
{
    (void)state;
    xl_config c;
    xl_error e;

    cfg_preset(&c, "x86_64");
    assert_int_equal(c.format, XL_FMT_X86_64);
    assert_string_equal(c.name, "x86_64");
    assert_int_equal(c.va_bits, 48);
    assert_int_equal(c.pa_bits, 52);
    assert_int_equal(c.levels, 4);
    assert_int_equal(c.leaf_mask, 0x7);
    assert_int_equal(c.asid_bits, 12);
    assert_int_equal(c.pte_bytes, 8);
    assert_int_equal(c.level_shift[3], 27);
    assert_int_equal(c.cache_sets * c.cache_ways * c.cache_line, 32768);
    assert_int_equal(c.mem_bytes, 0x100000000ull);
    assert_int_equal(c.ad_policy, XL_AD_HW);
    assert_int_equal(xl_config_page_size(&c, 2), 1ull << 30);

    cfg_preset(&c, "sv39");
    assert_int_equal(c.format, XL_FMT_SV39);
    assert_int_equal(c.va_bits, 39);
    assert_int_equal(c.pa_bits, 56);
    assert_int_equal(c.levels, 3);
    assert_int_equal(c.asid_bits, 16);

    cfg_preset(&c, "sv48");
    assert_int_equal(c.format, XL_FMT_SV48);
    assert_int_equal(c.levels, 4);
    assert_int_equal(c.leaf_mask, 0xF);
    assert_int_equal(c.ad_policy, XL_AD_FAULT);
    assert_int_equal(xl_config_page_size(&c, 3), 1ull << 39);

    cfg_preset(&c, "toy");
    assert_int_equal(c.format, XL_FMT_TOY);
    assert_int_equal(c.va_bits, 14);
    assert_int_equal(c.pa_bits, 12);
    assert_int_equal(c.page_bits, 6);
    assert_int_equal(c.levels, 1);
    assert_int_equal(c.pte_bytes, 4);
    assert_int_equal(c.tlb_sets, 4);
    assert_int_equal(c.tlb_ways, 4);
    assert_int_equal(c.tlb_super, 0);
    assert_int_equal(c.cache_sets, 16);
    assert_int_equal(c.cache_ways, 1);
    assert_int_equal(c.cache_line, 4);
    assert_int_equal(c.max_access, 4);
    assert_int_equal(c.mem_bytes, 4096);

    /* by name through the preset directory */
    unsetenv("XLATE_CFG_DIR");
    memset(&e, 0, sizeof e);
    assert_int_equal(xl_config_load_preset("sv48", XL_CFG_DIR, &c, &e), 0);
    assert_string_equal(c.name, "sv48");
    assert_int_equal(xl_config_load_preset("no_such_preset", XL_CFG_DIR, &c, &e), -1);
    assert_non_null(strstr(e.msg, "no_such_preset.cfg"));
    assert_int_equal(xl_config_load_preset("../x", XL_CFG_DIR, &c, &e), -1);
}

/* Formatting a configuration and parsing it back gives the same one. */
static void format_round_trip(void **state)
{
    (void)state;
    static const char *const names[] = {"x86_64", "sv39", "sv48", "toy"};
    for (unsigned i = 0; i < 4; i++) {
        xl_config a, b;
        char buf[2048];
        cfg_preset(&a, names[i]);
        assert_true(xl_config_format(&a, buf, sizeof buf) < (int)sizeof buf);
        expect_ok(buf, &b);
        assert_string_equal(a.name, b.name);
        assert_int_equal(a.format, b.format);
        assert_int_equal(a.va_bits, b.va_bits);
        assert_int_equal(a.pa_bits, b.pa_bits);
        assert_int_equal(a.levels, b.levels);
        assert_memory_equal(a.level_bits, b.level_bits, sizeof a.level_bits);
        assert_int_equal(a.leaf_mask, b.leaf_mask);
        assert_int_equal(a.asid_bits, b.asid_bits);
        assert_int_equal(a.tlb_sets, b.tlb_sets);
        assert_int_equal(a.tlb_ways, b.tlb_ways);
        assert_int_equal(a.tlb_super, b.tlb_super);
        assert_int_equal(a.tlb_repl, b.tlb_repl);
        assert_int_equal(a.cache_sets, b.cache_sets);
        assert_int_equal(a.cache_ways, b.cache_ways);
        assert_int_equal(a.cache_line, b.cache_line);
        assert_int_equal(a.ad_policy, b.ad_policy);
        assert_int_equal(a.mem_bytes, b.mem_bytes);
        assert_int_equal(a.misaligned, b.misaligned);
    }
}

static void base_text_is_valid(void **state)
{
    (void)state;
    xl_config c;
    expect_ok(text_with(NULL, NULL), &c);
    assert_string_equal(c.name, "t");
    /* comments, blank lines, tabs, CRLF, '_' in numbers */
    expect_ok(text_with(EDITS("mem_bytes=0x1_0000_0000 # four GiB", "tlb_ways=4\r"), "\n# trailing comment\n\t\n"), &c);
    assert_int_equal(c.mem_bytes, 0x100000000ull);
    /* level_bits are listed root first */
    expect_ok(text_with(EDITS("format=toy", "va_bits=14", "pa_bits=12", "page_bits=6", "levels=2",
                              "level_bits=3, 5", "leaf_levels=0", "asid_bits=0", "tlb_sets=4", "tlb_super=0",
                              "cache_sets=16", "cache_ways=1", "cache_line=4", "mem_bytes=4096"),
                        NULL),
              &c);
    assert_int_equal(c.level_bits[0], 5);
    assert_int_equal(c.level_bits[1], 3);
    assert_int_equal(c.level_shift[1], 5);
}

static void optional_keys(void **state)
{
    (void)state;
    xl_config c;
    xl_error e;
    memset(&e, 0, sizeof e);
    assert_int_equal(xl_config_parse(text_with(EDITS("-name", "-misaligned"), NULL), "dir/my-preset.cfg", &c, &e), 0);
    assert_string_equal(c.name, "my-preset"); /* the file's stem */
    assert_int_equal(c.misaligned, XL_MISALIGNED_FAULT);
    expect_ok(text_with(EDITS("misaligned=error"), NULL), &c);
    assert_int_equal(c.misaligned, XL_MISALIGNED_ERROR);
}

/* ---- syntax --------------------------------------------------------------- */

static void unknown_key(void **state)
{
    (void)state;
    expect_error(text_with(NULL, "colour = blue\n"), "t.cfg:20: ", "unknown key 'colour'");
    expect_error(text_with(NULL, "TLB_SETS = 16\n"), "t.cfg:20: ", "unknown key 'TLB_SETS'");
}

static void repeated_key(void **state)
{
    (void)state;
    expect_error(text_with(NULL, "tlb_ways = 4\n"), "t.cfg:20: ", "key 'tlb_ways' repeated (first set on line 11)");
    expect_error(text_with(NULL, "\n\nname=t\n"), "t.cfg:22: ", "key 'name' repeated");
}

static void missing_key(void **state)
{
    (void)state;
    /* reported against the last line of the file */
    expect_error(text_with(EDITS("-cache_line"), NULL), "t.cfg:18: ", "missing key 'cache_line'");
    expect_error(text_with(EDITS("-format"), "# end\n"), "t.cfg:19: ", "missing key 'format'");
    expect_error("", "t.cfg:1: ", "missing key 'format'");
}

static void bad_syntax(void **state)
{
    (void)state;
    expect_error(text_with(NULL, "tlb_sets\n"), "t.cfg:20: ", "expected 'key = value'");
    expect_error(text_with(EDITS("tlb_ways= # none"), NULL), "t.cfg:11: ", "key 'tlb_ways' has no value");
    expect_error(text_with(EDITS("format=arm64"), NULL), "t.cfg:2: ", "unknown format 'arm64'");
    expect_error(text_with(EDITS("tlb_repl=fifo"), NULL), "t.cfg:13: ", "tlb_repl must be plru or lru");
    expect_error(text_with(EDITS("ad_policy=sw"), NULL), "t.cfg:17: ", "ad_policy must be hw or fault");
    expect_error(text_with(EDITS("misaligned=split"), NULL), "t.cfg:19: ", "misaligned must be fault or error");
    expect_error(text_with(EDITS("name=a b"), NULL), "t.cfg:1: ", "name may hold only");
    expect_error(text_with(EDITS("leaf_levels=0,x"), NULL), "t.cfg:8: ", "leaf_levels must be a list");
    expect_error(text_with(EDITS("level_bits=9,9,9,9,9,9"), NULL), "t.cfg:7: ", "level_bits must be");
}

static void bad_number(void **state)
{
    (void)state;
    expect_error(text_with(EDITS("tlb_sets=16x"), NULL), "t.cfg:10: ", "tlb_sets: '16x' is not a number");
    expect_error(text_with(EDITS("va_bits=-48"), NULL), "t.cfg:3: ", "va_bits: '-48' is not a number");
    expect_error(text_with(EDITS("cache_line=0x"), NULL), "t.cfg:16: ", "is not a number");
    expect_error(text_with(EDITS("mem_bytes=1__0"), NULL), "t.cfg:18: ", "is not a number");
    expect_error(text_with(EDITS("mem_bytes=0x10000000000000000"), NULL), "t.cfg:18: ", "is not a number");
    expect_error(text_with(EDITS("tlb_ways=4294967296"), NULL), "t.cfg:11: ", "out of range");
}

static void binary_garbage(void **state)
{
    (void)state;
    expect_error(text_with(NULL, "\x01\x02\x03\n"), "t.cfg:20: ", "unexpected byte 0x01");
    expect_error(text_with(EDITS("name=t\xc3\xa9"), NULL), "t.cfg:1: ", "unexpected byte 0xc3");
    expect_error("\x7f" "ELF\x02\x01\x01", "t.cfg:1: ", "unexpected byte 0x7f");

    /* an embedded NUL in a file */
    char path[] = "/tmp/xlate-unit-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *t = text_with(NULL, NULL);
    assert_int_equal(write(fd, t, strlen(t)), (ssize_t)strlen(t));
    assert_int_equal(write(fd, "\0junk\n", 6), 6);
    close(fd);
    xl_config c;
    xl_error e;
    memset(&e, 0, sizeof e);
    int r = xl_config_load_file(path, &c, &e);
    unlink(path);
    assert_int_equal(r, -1);
    char want[64];
    snprintf(want, sizeof want, "%s:20: ", path);
    if (strncmp(e.msg, want, strlen(want)) != 0 || strstr(e.msg, "unexpected byte 0x00") == NULL)
        fail_msg("got '%s'", e.msg);
}

/* ---- validation ------------------------------------------------------------ */

static void vipt_violation(void **state)
{
    (void)state;
    /* 128 sets x 64 B: 7 + 6 index/offset bits > 12 */
    expect_error(text_with(EDITS("cache_sets=128"), NULL), "t.cfg:14: ",
                 "VIPT cache: index + offset bits (7 + 6) exceed the page offset (12 bits)");
    /* 64 sets x 128 B: reported on the cache_sets line too */
    expect_error(text_with(EDITS("cache_line=128"), NULL), "t.cfg:14: ", "VIPT cache");
    /* toy: 64 B pages, 16 sets x 8 B lines = 7 bits */
    expect_error(text_with(EDITS("format=toy", "va_bits=14", "pa_bits=12", "page_bits=6", "levels=1",
                                 "level_bits=8", "leaf_levels=0", "asid_bits=0", "tlb_super=0", "cache_sets=16",
                                 "cache_line=8", "mem_bytes=4096"),
                           NULL),
                 "t.cfg:14: ", "VIPT cache");
    /* exactly the page offset is fine: 32 sets x 128 B, 64 KiB with 16 ways */
    expect_ok(text_with(EDITS("cache_sets=32", "cache_line=128", "cache_ways=16"), NULL), NULL);
}

static void not_power_of_two(void **state)
{
    (void)state;
    expect_error(text_with(EDITS("tlb_sets=12"), NULL), "t.cfg:10: ", "tlb_sets must be a power of two");
    expect_error(text_with(EDITS("tlb_sets=0"), NULL), "t.cfg:10: ", "tlb_sets must be a power of two");
    expect_error(text_with(EDITS("tlb_ways=3"), NULL), "t.cfg:11: ", "tlb_ways must be a power of two");
    expect_error(text_with(EDITS("tlb_ways=32"), NULL), "t.cfg:11: ", "tlb_ways must be a power of two");
    expect_error(text_with(EDITS("tlb_super=6"), NULL), "t.cfg:12: ", "tlb_super must be 0 or a power of two");
    expect_error(text_with(EDITS("cache_sets=48"), NULL), "t.cfg:14: ", "cache_sets must be a power of two");
    expect_error(text_with(EDITS("cache_ways=6"), NULL), "t.cfg:15: ", "cache_ways must be a power of two");
    expect_error(text_with(EDITS("cache_line=48"), NULL), "t.cfg:16: ", "cache_line must be a power of two");
    expect_error(text_with(EDITS("cache_line=2"), NULL), "t.cfg:16: ", "cache_line must be a power of two");
    expect_error(text_with(EDITS("cache_line=4"), NULL), "t.cfg:16: ", "hold one page-table entry");
}

static void lru_limits(void **state)
{
    (void)state;
    expect_error(text_with(EDITS("tlb_repl=lru", "tlb_ways=8", "tlb_super=4"), NULL), "t.cfg:13: ",
                 "tlb_repl = lru needs tlb_ways and tlb_super of at most 4");
    expect_error(text_with(EDITS("tlb_repl=lru"), NULL), "t.cfg:13: ", "at most 4"); /* tlb_super = 8 */
    xl_config c;
    expect_ok(text_with(EDITS("tlb_repl=lru", "tlb_super=4"), NULL), &c);
    assert_int_equal(c.tlb_repl, XL_REPL_LRU);
}

static void superpages_need_super_entries(void **state)
{
    (void)state;
    expect_error(text_with(EDITS("tlb_super=0"), NULL), "t.cfg:12: ",
                 "leaf_levels allows superpages, so tlb_super must be at least 1");
    expect_ok(text_with(EDITS("tlb_super=0", "leaf_levels=0"), NULL), NULL);
    expect_error(text_with(EDITS("leaf_levels=1,2"), NULL), "t.cfg:8: ", "must include level 0");
}

static void x86_leaf_at_level3(void **state)
{
    (void)state;
    expect_error(text_with(EDITS("leaf_levels=0,1,2,3"), NULL), "t.cfg:8: ",
                 "x86_64 cannot hold a leaf at level 3 or above (PML4E, PML5E)");
    expect_error(text_with(EDITS("leaf_levels=0,4"), NULL), "t.cfg:8: ", "names a level above 3");
}

static void va_bits_mismatch(void **state)
{
    (void)state;
    expect_error(text_with(EDITS("va_bits=47"), NULL), "t.cfg:3: ",
                 "va_bits (47) must equal page_bits + the sum of level_bits (48)");
    expect_error(text_with(EDITS("format=sv39", "va_bits=48", "pa_bits=56", "levels=3", "level_bits=9,9,9",
                                 "asid_bits=16"),
                           NULL),
                 "t.cfg:3: ", "(39)");
}

static void level_count_mismatch(void **state)
{
    (void)state;
    expect_error(text_with(EDITS("level_bits=9,9,9"), NULL), "t.cfg:7: ", "level_bits lists 3 levels but levels = 4");
    expect_error(text_with(EDITS("levels=5", "level_bits=9,9,9,9,9", "va_bits=57"), NULL), "t.cfg:6: ",
                 "format x86_64 has 4 levels, not 5");
    expect_error(text_with(EDITS("level_bits=9,9,10,8"), NULL), "t.cfg:7: ", "uses 9 index bits per level");
}

static void asid_too_wide(void **state)
{
    (void)state;
    expect_error(text_with(EDITS("asid_bits=13"), NULL), "t.cfg:9: ", "asid_bits must be at most 12 for format x86_64");
    expect_error(text_with(EDITS("format=sv48", "pa_bits=56", "asid_bits=17"), NULL), "t.cfg:9: ",
                 "asid_bits must be at most 16 for format sv48");
    expect_ok(text_with(EDITS("format=sv48", "pa_bits=56", "asid_bits=16", "leaf_levels=0,1,2,3"), NULL), NULL);
}

static void address_widths(void **state)
{
    (void)state;
    expect_error(text_with(EDITS("pa_bits=53"), NULL), "t.cfg:4: ", "pa_bits must be 13..52 for format x86_64");
    expect_error(text_with(EDITS("pa_bits=32", "mem_bytes=0x200000000"), NULL), "t.cfg:18: ",
                 "mem_bytes exceeds the 32-bit physical address space");
    expect_error(text_with(EDITS("mem_bytes=0x1800"), NULL), "t.cfg:18: ", "non-zero multiple of the page size");
    expect_error(text_with(EDITS("page_bits=13", "va_bits=49"), NULL), "t.cfg:5: ", "page_bits must be 12");
}

static void no_file_name(void **state)
{
    (void)state;
    xl_config c;
    xl_error e;
    memset(&e, 0, sizeof e);
    assert_int_equal(xl_config_parse(text_with(EDITS("tlb_ways=3"), NULL), NULL, &c, &e), -1);
    assert_int_equal(strncmp(e.msg, "<config>:11: ", 13), 0);
    /* a NULL error pointer is allowed */
    assert_int_equal(xl_config_parse(text_with(EDITS("tlb_ways=3"), NULL), "t.cfg", &c, NULL), -1);
    /* a missing file */
    assert_int_equal(xl_config_load_file("/nonexistent/x.cfg", &c, &e), -1);
    assert_non_null(strstr(e.msg, "/nonexistent/x.cfg: cannot open"));
}

/* docs/config.md: every key has a section, and every `ini` example parses. */
static void docs_match(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/../docs/config.md", XL_CFG_DIR);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        fail_msg("cannot open %s", path);
    static char doc[65536];
    size_t n = fread(doc, 1, sizeof doc - 1, f);
    fclose(f);
    doc[n] = '\0';
    for (size_t i = 0; i < NBASE; i++) {
        char heading[64];
        snprintf(heading, sizeof heading, "\n### `%s`\n", base_keys[i][0]);
        if (strstr(doc, heading) == NULL)
            fail_msg("docs/config.md has no section for key '%s'", base_keys[i][0]);
    }
    unsigned blocks = 0;
    for (char *p = strstr(doc, "```ini\n"); p; p = strstr(p, "```ini\n")) {
        char *body = p + 7, *end = strstr(body, "```");
        assert_non_null(end);
        char text[4096];
        size_t len = (size_t)(end - body);
        assert_true(len < sizeof text);
        memcpy(text, body, len);
        text[len] = '\0';
        xl_config c;
        xl_error e;
        memset(&e, 0, sizeof e);
        if (xl_config_parse(text, "config.md", &c, &e) != 0)
            fail_msg("example %u in docs/config.md: %s", blocks + 1, e.msg);
        blocks++;
        p = end + 3;
    }
    assert_true(blocks >= 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(presets_load),
        cmocka_unit_test(format_round_trip),
        cmocka_unit_test(base_text_is_valid),
        cmocka_unit_test(optional_keys),
        cmocka_unit_test(unknown_key),
        cmocka_unit_test(repeated_key),
        cmocka_unit_test(missing_key),
        cmocka_unit_test(bad_syntax),
        cmocka_unit_test(bad_number),
        cmocka_unit_test(binary_garbage),
        cmocka_unit_test(vipt_violation),
        cmocka_unit_test(not_power_of_two),
        cmocka_unit_test(lru_limits),
        cmocka_unit_test(superpages_need_super_entries),
        cmocka_unit_test(x86_leaf_at_level3),
        cmocka_unit_test(va_bits_mismatch),
        cmocka_unit_test(level_count_mismatch),
        cmocka_unit_test(asid_too_wide),
        cmocka_unit_test(address_widths),
        cmocka_unit_test(no_file_name),
        cmocka_unit_test(docs_match),
    };
    return RUN_TESTS(tests);
}
