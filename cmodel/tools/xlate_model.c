/* xlate-model: run traces on the golden model (docs/trace-format.md).
 *
 *   xlate-model [--preset NAME|PATH.cfg] [--cfg-dir DIR] [--quiet] run FILE...
 *   xlate-model [--preset NAME|PATH.cfg] [--cfg-dir DIR] check FILE...
 *   xlate-model [--preset NAME|PATH.cfg] [--cfg-dir DIR] config
 *   xlate-model check-config FILE
 *   xlate-model [--preset NAME|PATH.cfg] params [yosys]
 *   xlate-model --help
 *
 * Exit status: 0 success, 1 failed expectations, 2 bad input or usage,
 * 3 host error (out of memory).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xlate/config.h"
#include "xlate/mmu.h"
#include "xlate/trace.h"

#ifndef XL_CFG_DIR
#define XL_CFG_DIR "cfg"
#endif

enum { EXIT_OK = 0, EXIT_EXPECT = 1, EXIT_BAD = 2, EXIT_HOST = 3 };

static const char usage_text[] =
    "usage: xlate-model [OPTIONS] COMMAND [FILE...]\n"
    "\n"
    "commands:\n"
    "  run FILE...         parse every trace, then run them in order on one machine;\n"
    "                      prints one line per transaction: #N REQUEST -> RESULT\n"
    "  check FILE...       parse the traces only (exit 0 or 2)\n"
    "  config              print the validated preset\n"
    "  check-config FILE   validate a configuration file (exit 0 or 2)\n"
    "  params [yosys]      print the preset's RTL parameters as Verilator -G\n"
    "                      options (or yosys chparam -set arguments)\n"
    "\n"
    "options:\n"
    "  --preset NAME|PATH.cfg  preset to run (default: the first file's leading\n"
    "                          `preset` statement, else x86_64)\n"
    "  --cfg-dir DIR           where preset names are looked up (default " XL_CFG_DIR ";\n"
    "                          the XLATE_CFG_DIR environment variable wins)\n"
    "  --quiet                 print nothing on stdout (failures still go to stderr)\n"
    "  --help                  this text\n"
    "\n"
    "exit status: 0 ok, 1 failed expectations, 2 bad input or usage, 3 host error\n";

static int usage_error(const char *msg)
{
    fprintf(stderr, "xlate-model: %s\n(run 'xlate-model --help' for usage)\n", msg);
    return EXIT_BAD;
}

/* Pick and load the preset for a list of traces.  @return 0 or an exit status. */
static int load_preset(const char *preset, const char *cfg_dir, char **files, int nfiles, xl_config *cfg)
{
    xl_error err;
    char name[1024];
    unsigned line = 0;
    const char *from = NULL;

    if (preset == NULL && nfiles > 0) {
        int r = xl_trace_peek_preset_at(files[0], name, sizeof name, &line, &err);
        if (r < 0) {
            fprintf(stderr, "%s\n", err.msg);
            return EXIT_BAD;
        }
        if (r == 1) {
            preset = name;
            from = files[0];
        }
    }
    if (preset == NULL)
        preset = "x86_64";
    if (xl_config_load_preset(preset, cfg_dir, cfg, &err) != 0) {
        if (from != NULL)
            fprintf(stderr, "%s:%u: cannot load preset '%s': %s\n", from, line, preset, err.msg);
        else
            fprintf(stderr, "%s\n", err.msg);
        return EXIT_BAD;
    }
    return 0;
}

static size_t count_txns(const xl_trace *tr)
{
    size_t n = 0;
    for (size_t i = 0; i < tr->n; i++)
        n += tr->stmts[i].kind == XL_ST_TXN;
    return n;
}

static int cmd_run(const char *preset, const char *cfg_dir, bool quiet, bool run, char **files, int nfiles)
{
    xl_config cfg;
    xl_trace *tr;
    int rc = EXIT_OK;

    if (nfiles == 0)
        return usage_error(run ? "run: no trace files given" : "check: no trace files given");
    rc = load_preset(preset, cfg_dir, files, nfiles, &cfg);
    if (rc != 0)
        return rc;
    tr = calloc((size_t)nfiles, sizeof *tr);
    if (tr == NULL) {
        fprintf(stderr, "xlate-model: out of memory\n");
        return EXIT_HOST;
    }
    /* Parse everything before running anything. */
    for (int i = 0; i < nfiles; i++) {
        xl_error err;
        if (xl_trace_parse_file(files[i], &cfg, &tr[i], &err) != 0) {
            fprintf(stderr, "%s\n", err.msg);
            rc = EXIT_BAD;
        }
    }
    if (rc == EXIT_OK && run) {
        xl_mmu m;
        xl_error err;
        if (xl_mmu_init(&m, &cfg, &err) != 0) {
            fprintf(stderr, "xlate-model: %s\n", err.msg);
            rc = EXIT_HOST;
        } else {
            xl_run_opts opts;
            long fails = 0;
            opts.out = quiet ? NULL : stdout;
            opts.err = stderr;
            opts.first_index = 0;
            for (int i = 0; i < nfiles; i++) {
                long r = xl_trace_run(&m, &tr[i], &opts);
                if (r < 0) {
                    rc = EXIT_HOST;
                    break;
                }
                fails += r;
                opts.first_index += count_txns(&tr[i]);
            }
            if (rc == EXIT_OK && fails > 0) {
                fprintf(stderr, "xlate-model: %ld failed expectation%s\n", fails, fails == 1 ? "" : "s");
                rc = EXIT_EXPECT;
            }
            xl_mmu_free(&m);
        }
    }
    for (int i = 0; i < nfiles; i++)
        xl_trace_free(&tr[i]);
    free(tr);
    if (fflush(stdout) != 0 && rc == EXIT_OK)
        rc = EXIT_HOST;
    return rc;
}

static int cmd_config(const char *preset, const char *cfg_dir)
{
    xl_config cfg;
    char buf[2048];
    int rc = load_preset(preset, cfg_dir, NULL, 0, &cfg);
    if (rc != 0)
        return rc;
    xl_config_format(&cfg, buf, sizeof buf);
    fputs(buf, stdout);
    return EXIT_OK;
}

static int cmd_params(const char *preset, const char *cfg_dir, char **args, int nargs)
{
    xl_config cfg;
    xl_error err;
    char buf[1024];
    xl_param_style style = XL_PARAMS_VERILATOR;
    if (nargs > 1 || (nargs == 1 && strcmp(args[0], "yosys") != 0))
        return usage_error("params takes no argument, or 'yosys'");
    if (nargs == 1)
        style = XL_PARAMS_YOSYS;
    if (xl_config_load_preset(preset ? preset : "x86_64", cfg_dir ? cfg_dir : XL_CFG_DIR, &cfg, &err) != 0) {
        fprintf(stderr, "%s\n", err.msg);
        return EXIT_BAD;
    }
    xl_config_rtl_params(&cfg, style, buf, sizeof buf);
    printf("%s\n", buf);
    return EXIT_OK;
}

static int cmd_check_config(char **files, int nfiles)
{
    xl_config cfg;
    xl_error err;
    if (nfiles != 1)
        return usage_error("check-config takes exactly one file");
    if (xl_config_load_file(files[0], &cfg, &err) != 0) {
        fprintf(stderr, "%s\n", err.msg);
        return EXIT_BAD;
    }
    printf("%s: ok (preset '%s', format %s)\n", files[0], cfg.name, xl_format_name(cfg.format));
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    const char *preset = NULL;
    const char *cfg_dir = XL_CFG_DIR;
    bool quiet = false;
    int i = 1;

    for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (strcmp(a, "--help") == 0) {
            fputs(usage_text, stdout);
            return EXIT_OK;
        }
        if (strcmp(a, "--quiet") == 0) {
            quiet = true;
        } else if (strcmp(a, "--preset") == 0 || strcmp(a, "--cfg-dir") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "xlate-model: %s needs an argument\n", a);
                return EXIT_BAD;
            }
            if (a[2] == 'p')
                preset = argv[++i];
            else
                cfg_dir = argv[++i];
        } else if (strncmp(a, "--preset=", 9) == 0) {
            preset = a + 9;
        } else if (strncmp(a, "--cfg-dir=", 10) == 0) {
            cfg_dir = a + 10;
        } else {
            fprintf(stderr, "xlate-model: unknown option '%s'\n", a);
            return EXIT_BAD;
        }
    }
    if (i >= argc)
        return usage_error("no command given");
    const char *cmd = argv[i++];
    char **files = argv + i;
    int nfiles = argc - i;
    if (strcmp(cmd, "run") == 0)
        return cmd_run(preset, cfg_dir, quiet, true, files, nfiles);
    if (strcmp(cmd, "check") == 0)
        return cmd_run(preset, cfg_dir, quiet, false, files, nfiles);
    if (strcmp(cmd, "config") == 0) {
        if (nfiles != 0)
            return usage_error("config takes no files");
        return cmd_config(preset, cfg_dir);
    }
    if (strcmp(cmd, "params") == 0)
        return cmd_params(preset, cfg_dir, files, nfiles);
    if (strcmp(cmd, "check-config") == 0)
        return cmd_check_config(files, nfiles);
    fprintf(stderr, "xlate-model: unknown command '%s'\n(run 'xlate-model --help' for usage)\n", cmd);
    return EXIT_BAD;
}
