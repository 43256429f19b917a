/* rtl-expect: check the RTL's results for a directed trace against the
 * trace's own `expect` clauses (so a worked example is checked on the RTL
 * directly, not only through the model).
 *
 *   rtl-expect --preset NAME|FILE.cfg TRACE RESULTS
 *
 * RESULTS is the `--results` file of `xlate-sim --trace TRACE --n 0`: one
 * line `#N REQUEST -> RESULT` per transaction, in order.  Every access's
 * REQUEST must be the trace's request, and RESULT must satisfy the access's
 * `expect` clause.  Failures are printed as `TRACE:LINE: RTL: FIELD: ...`.
 * Exit status: 0 all satisfied, 1 a failure, 2 bad input.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xlate/config.h"
#include "xlate/trace.h"

#ifndef XL_CFG_DIR
#define XL_CFG_DIR "cfg"
#endif

/* Parse a canonical RESULT ("fault=... walk=N") by reading it as an expect clause. */
static int parse_result(const xl_config *cfg, const char *text, xl_result *out, xl_error *err)
{
    char line[512];
    xl_trace tr;
    snprintf(line, sizeof line, "load 0 size=%u expect %s", cfg->max_access, text);
    memset(&tr, 0, sizeof tr);
    if (xl_trace_parse_text(line, "result", cfg, &tr, err) != 0)
        return -1;
    *out = tr.stmts[0].expect.want;
    xl_trace_free(&tr);
    return 0;
}

int main(int argc, char **argv)
{
    xl_config cfg;
    xl_error err;
    xl_trace tr;
    FILE *rf;
    char buf[1024];
    unsigned checked = 0, failed = 0;
    size_t idx = 0;

    if (argc != 5 || strcmp(argv[1], "--preset") != 0) {
        fprintf(stderr, "usage: rtl-expect --preset NAME TRACE RESULTS\n");
        return 2;
    }
    if (xl_config_load_preset(argv[2], XL_CFG_DIR, &cfg, &err) != 0 ||
        xl_trace_parse_file(argv[3], &cfg, &tr, &err) != 0) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    rf = fopen(argv[4], "r");
    if (rf == NULL) {
        fprintf(stderr, "rtl-expect: cannot read %s\n", argv[4]);
        xl_trace_free(&tr);
        return 2;
    }
    for (size_t i = 0; i < tr.n; i++) {
        const xl_stmt *s = &tr.stmts[i];
        if (s->kind != XL_ST_TXN)
            continue;
        if (fgets(buf, sizeof buf, rf) == NULL) {
            printf("%s:%u: RTL: no result for transaction #%zu (results file too short)\n", argv[3], s->line, idx);
            failed++;
            break;
        }
        buf[strcspn(buf, "\n")] = '\0';
        char *arrow = strstr(buf, " -> ");
        char *sp = strchr(buf, ' ');
        if (buf[0] != '#' || arrow == NULL || sp == NULL || sp > arrow) {
            printf("%s: malformed result line '%s'\n", argv[4], buf);
            failed++;
            break;
        }
        *arrow = '\0';
        const char *req = sp + 1, *res = arrow + 4;
        if (s->txn.kind == XL_TXN_ACCESS) {
            char want[256];
            xl_txn_format(&s->txn, want, sizeof want);
            if (strcmp(want, req) != 0) {
                printf("%s:%u: RTL results out of step: expected request '%s', got '%s'\n", argv[3], s->line, want,
                       req);
                failed++;
                break;
            }
        }
        if (s->expect.mask) {
            xl_result got;
            char why[256];
            if (parse_result(&cfg, res, &got, &err) != 0) {
                printf("%s: cannot read result '%s': %s\n", argv[4], res, err.msg);
                failed++;
                break;
            }
            checked++;
            if (xl_expect_check(&s->expect, &got, why, sizeof why) != 0) {
                printf("%s:%u: RTL: %s (request %s, RTL result %s)\n", argv[3], s->line, why, req, res);
                failed++;
            }
        }
        idx++;
    }
    if (failed == 0 && fgets(buf, sizeof buf, rf) != NULL) {
        printf("%s: more results than the trace has transactions\n", argv[4]);
        failed++;
    }
    fclose(rf);
    xl_trace_free(&tr);
    printf("%s: %u expectations checked on the RTL, %u failed\n", argv[3], checked, failed);
    return failed ? 1 : 0;
}
