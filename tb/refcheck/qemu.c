/*
 * refcheck: starting QEMU and reading what the guest reports (qemu.h).
 */
#include "qemu.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool rc_have_program(const char *prog)
{
    if (strchr(prog, '/'))
        return access(prog, X_OK) == 0;
    const char *path = getenv("PATH");
    if (path == NULL)
        return false;
    char buf[4096];
    while (*path) {
        const char *e = strchr(path, ':');
        size_t n = e ? (size_t)(e - path) : strlen(path);
        if (n > 0 && n + strlen(prog) + 2 < sizeof buf) {
            memcpy(buf, path, n);
            buf[n] = '/';
            strcpy(buf + n + 1, prog);
            if (access(buf, X_OK) == 0)
                return true;
        }
        if (e == NULL)
            break;
        path = e + 1;
    }
    return false;
}

pid_t rc_qemu_start(const rc_run *run, const rc_tools *t, const char *image, const char *serial, const char *errlog,
                    char *cmd, size_t cmdlen, char *err, size_t errlen)
{
    const rc_fmt *f = run->fmt;
    bool x86 = rc_isa_x86(f->isa);
    char cpu[64], loader[1024], ser[1024];
    const char *argv[40];
    int n = 0;
    snprintf(loader, sizeof loader, "loader,file=%s,addr=0x%llx,force-raw=on", image, (unsigned long long)f->image_pa);
    snprintf(ser, sizeof ser, "file:%s", serial);
    if (x86) {
        snprintf(cpu, sizeof cpu, "max,phys-bits=%u", run->pa_bits);
        const char *a[] = {t->qemu_x86, "-M", "pc", "-accel", "tcg", "-cpu", cpu, "-m", "2048", "-kernel", t->guest_x86,
                           "-device", loader, "-device", "isa-debug-exit,iobase=0xf4,iosize=4", "-nodefaults",
                           "-display", "none", "-monitor", "none", "-serial", ser, "-no-reboot"};
        for (size_t i = 0; i < sizeof a / sizeof a[0]; i++)
            argv[n++] = a[i];
    } else {
        /* the extensions all on or all off, as the model's configuration says
           (rc_model_config); Sv57 needs no property on QEMU 7.2's rv64 CPU */
        bool rv32 = f->isa == RC_ISA_SV32;
        if (rv32) /* Sv32: qemu-system-riscv32; Svnapot and Svpbmt are RV64-only */
            snprintf(cpu, sizeof cpu, "rv32,svinval=%s", (run->ext & RC_EXT_SVINVAL) ? "on" : "off");
        else
            snprintf(cpu, sizeof cpu, "rv64,svnapot=%s,svpbmt=%s,svinval=%s", (run->ext & RC_EXT_SVNAPOT) ? "on" : "off",
                     (run->ext & RC_EXT_SVPBMT) ? "on" : "off", (run->ext & RC_EXT_SVINVAL) ? "on" : "off");
        const char *a[] = {rv32 ? t->qemu_rv32 : t->qemu_rv, "-M", "virt", "-accel", "tcg", "-cpu", cpu, "-m", "2048",
                           "-bios", "none", "-kernel", rv32 ? t->guest_rv32 : t->guest_rv, "-device", loader, "-nodefaults", "-display", "none", "-monitor",
                           "none", "-serial", ser, "-no-reboot"};
        for (size_t i = 0; i < sizeof a / sizeof a[0]; i++)
            argv[n++] = a[i];
    }
    argv[n] = NULL;
    size_t at = 0;
    cmd[0] = '\0';
    for (int i = 0; i < n && at < cmdlen; i++)
        at += (size_t)snprintf(cmd + at, cmdlen - at, "%s%s", i ? " " : "", argv[i]);
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(err, errlen, "fork: %s", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        int fd = open(errlog, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int nul = open("/dev/null", O_RDONLY);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        if (nul >= 0)
            dup2(nul, 0);
        execvp(argv[0], (char *const *)argv);
        fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    return pid;
}

static int hex(const char **p, uint64_t *v)
{
    const char *s = *p;
    uint64_t x = 0;
    int n = 0;
    while (*s == ' ')
        s++;
    for (;; s++, n++) {
        unsigned d;
        if (*s >= '0' && *s <= '9')
            d = (unsigned)(*s - '0');
        else if (*s >= 'a' && *s <= 'f')
            d = (unsigned)(*s - 'a' + 10);
        else
            break;
        if (n == 16)
            return -1;
        x = x << 4 | d;
    }
    if (n == 0)
        return -1;
    *v = x;
    *p = s;
    return 0;
}

/* key=HEX in an `I` or `H` line */
static int field(const char *line, const char *key, uint64_t *v)
{
    const char *s = strstr(line, key);
    if (s == NULL)
        return -1;
    s += strlen(key);
    return hex(&s, v);
}

int rc_qlog_parse(const char *path, unsigned nacc, rc_qlog *q, char *err, size_t errlen)
{
    memset(q, 0, sizeof *q);
    q->nacc = nacc;
    q->acc = calloc(nacc ? nacc : 1, sizeof *q->acc);
    if (q->acc == NULL) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    FILE *fp = fopen(path, "r");
    if (fp == NULL) {
        snprintf(err, errlen, "cannot read %s", path);
        return -1;
    }
    char line[512];
    while (fgets(line, sizeof line, fp)) {
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        const char *s = line;
        uint64_t v[5];
        if (!q->have_h) {
            /* firmware chatter before the guest starts is ignored */
            if (line[0] == 'H' && line[1] == ' ') {
                q->have_h = true;
                field(line, "isa=", &q->h_isa);
                field(line, "seed=", &q->h_seed);
                field(line, "n=", &q->h_n);
            }
            continue;
        }
        if (line[0] == 'I' && line[1] == ' ') {
            uint64_t x;
            q->have_i = true;
            if (field(line, "maxphyaddr=", &x) == 0)
                q->maxphyaddr = (unsigned)x;
            if (field(line, "smep=", &x) == 0)
                q->smep = (unsigned)x;
            if (field(line, "smap=", &x) == 0)
                q->smap = (unsigned)x;
            if (field(line, "pku=", &x) == 0)
                q->pku = (unsigned)x;
            if (field(line, "pdpe1gb=", &x) == 0)
                q->pdpe1gb = (unsigned)x;
            if (field(line, " nx=", &x) == 0)
                q->nx = (unsigned)x;
            if (field(line, " la57=", &x) == 0)
                q->la57 = (unsigned)x;
            if (field(line, "cr4.la57=", &x) == 0)
                q->cr4_la57 = (unsigned)x;
            field(line, "menvcfg=", &q->menvcfg);
        } else if (line[0] == 'S' && line[1] == '\0') {
            q->have_s = true;
        } else if (line[0] == 'E' && line[1] == ' ') {
            s = line + 1;
            if (hex(&s, &q->e_n) == 0 && hex(&s, &q->e_changed) == 0)
                q->have_e = true;
            else
                q->bad_lines++;
        } else if (line[0] == 'F' && line[1] == ' ') {
            snprintf(q->fatal, sizeof q->fatal, "%.150s", line + 2);
        } else if (line[0] == 'w' && line[1] == ' ') {
            s = line + 1;
            if (hex(&s, &v[0]) || hex(&s, &v[1]) || *s) {
                q->bad_lines++;
                continue;
            }
            if (q->nwords == q->cap_words) {
                unsigned nc = q->cap_words ? q->cap_words * 2 : 256;
                rc_qword *w = realloc(q->words, nc * sizeof *w);
                if (w == NULL) {
                    fclose(fp);
                    snprintf(err, errlen, "out of memory");
                    return -1;
                }
                q->words = w;
                q->cap_words = nc;
            }
            q->words[q->nwords].pa = v[0];
            q->words[q->nwords].val = v[1];
            q->nwords++;
        } else if (hex(&s, &v[0]) == 0 && s[0] == ' ' && (s[1] == 'o' || s[1] == 't') && s[2] == ' ') {
            char st = s[1];
            int k = 0, want = st == 'o' ? 2 : 4;
            uint64_t pte = 0;
            s += 2;
            while (k < want && hex(&s, &v[1 + k]) == 0)
                k++;
            if (k != want || strncmp(s, " p ", 3) != 0 || (s += 2, hex(&s, &pte)) || *s || v[0] >= nacc ||
                q->acc[v[0]].st) {
                q->bad_lines++;
                continue;
            }
            rc_qres *r = &q->acc[v[0]];
            r->st = st;
            r->a = v[1];
            r->b = v[2];
            r->c = st == 't' ? v[3] : 0;
            r->d = st == 't' ? v[4] : 0;
            r->pte = pte;
            q->got++;
        } else if (n) {
            q->bad_lines++;
        }
    }
    fclose(fp);
    return 0;
}

void rc_qlog_free(rc_qlog *q)
{
    free(q->acc);
    free(q->words);
    memset(q, 0, sizeof *q);
}
