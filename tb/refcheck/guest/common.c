/*
 * The refcheck guest loop, shared by the RISC-V and x86 programs: install
 * the image's page tables and frames, run the accesses, report each on the
 * serial port, then report every word of the installed frames that changed.
 * Output format: docs/refcheck.md section 5.
 */
#include "arch.h"

void rc_puts(const char *s)
{
    while (*s)
        arch_putc(*s++);
}

void rc_puthex(uint64_t v)
{
    char buf[16];
    int n = 0;
    do {
        unsigned d = (unsigned)(v & 15u);
        buf[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        v >>= 4;
    } while (v);
    while (n)
        arch_putc(buf[--n]);
}

/* Results are kept in RAM after the image and printed after the last access:
 * printing between accesses would refill the UART's and the harness's TLB
 * entries after every flush. */
static rc_res *results;
static uint32_t n_results;

static void print_results(void)
{
    for (uint32_t i = 0; i < n_results; i++) {
        const rc_res *r = &results[i];
        rc_puthex(i);
        if (r->trapped) {
            rc_puts(" t ");
            rc_puthex(r->cause);
            arch_putc(' ');
            rc_puthex(r->tval);
            arch_putc(' ');
            rc_puthex(r->code);
            arch_putc(' ');
            rc_puthex(r->ident);
        } else {
            rc_puts(" o ");
            rc_puthex(r->data);
            arch_putc(' ');
            rc_puthex(r->ident);
        }
        rc_puts(" p ");
        rc_puthex(r->pte);
        arch_putc('\n');
    }
    n_results = 0;
}

void rc_fatal(const char *what, uint64_t a, uint64_t b)
{
    print_results();
    rc_puts("\nF ");
    rc_puts(what);
    arch_putc(' ');
    rc_puthex(a);
    arch_putc(' ');
    rc_puthex(b);
    arch_putc('\n');
    arch_exit(0);
}

static void copy_words(uint64_t *dst, const uint64_t *src, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        dst[i] = src[i];
}

static void fill_code(uint32_t isa, uint64_t pa)
{
    volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)pa;
    for (unsigned o = 0; o < RC_PAGE; o += RC_SLOT) {
        uint64_t w[2];
        rc_code_slot(isa, pa + o, w);
        p[o / 8] = w[0];
        p[o / 8 + 1] = w[1];
    }
}

static void report_word(uint64_t pa, uint64_t v)
{
    rc_puts("w ");
    rc_puthex(pa);
    arch_putc(' ');
    rc_puthex(v);
    arch_putc('\n');
}

void rc_main(const void *image)
{
    const rc_hdr *h = (const rc_hdr *)image;
    const uint8_t *base = (const uint8_t *)image;
    uint64_t changed = 0;

    if (h->magic != RC_MAGIC || h->version != RC_VERSION)
        rc_fatal("bad-image-magic", h->magic, h->version);
    if (h->total_bytes + (uint64_t)h->n_acc * sizeof(rc_res) > RC_IMAGE_MAX || (h->total_bytes & 7))
        rc_fatal("bad-image-size", h->total_bytes, h->n_acc);
    results = (rc_res *)(uintptr_t)((uintptr_t)image + h->total_bytes);
    {
        /* checksum with the checksum field taken as zero */
        const uint64_t *w = (const uint64_t *)image;
        uint64_t n = h->total_bytes / 8, want = h->checksum, s = 0x1234567887654321ull;
        unsigned ck = (unsigned)(((const uint8_t *)&h->checksum - base) / 8);
        for (uint64_t i = 0; i < n; i++)
            s = (s ^ (i == ck ? 0 : w[i])) * 0x100000001B3ull + (s >> 29);
        if (s != want)
            rc_fatal("bad-image-checksum", s, want);
    }
    rc_puts("H isa=");
    rc_puthex(h->isa);
    rc_puts(" seed=");
    rc_puthex(h->seed);
    rc_puts(" n=");
    rc_puthex(h->n_acc);
    arch_putc('\n');
    arch_info(h);

    const uint64_t *tpa = (const uint64_t *)(base + h->tables_off);
    const uint64_t *dpa = (const uint64_t *)(base + h->data_off);
    const uint64_t *cpa = (const uint64_t *)(base + h->code_off);
    const rc_acc *acc = (const rc_acc *)(base + h->acc_off);
    /* Flush every few frames while installing them: QEMU sizes its TLB by the
       peak number of entries in use between flushes, and a TLB grown by the
       set-up phase makes every later flush (one per access) expensive. */
    for (uint32_t i = 0; i < h->n_tables; i++) {
        if (i % 16 == 15)
            arch_flush();
        copy_words((uint64_t *)(uintptr_t)tpa[i], (const uint64_t *)(base + h->frames_off + (uint64_t)i * RC_PAGE),
                   RC_PAGE / 8);
    }
    for (uint32_t i = 0; i < h->n_data; i++) {
        if (i % 16 == 15)
            arch_flush();
        volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)dpa[i];
        for (unsigned k = 0; k < RC_PAGE / 8; k++)
            p[k] = rc_data_word(dpa[i] + 8u * k);
    }
    for (uint32_t i = 0; i < h->n_code; i++) {
        if (i % 16 == 15)
            arch_flush();
        fill_code(h->isa, cpa[i]);
    }
    arch_flush();
    arch_sync_code();
    rc_puts("S\n");

    arch_enter(h);
    for (uint32_t i = 0; i < h->n_acc; i++) {
        const rc_acc *a = &acc[i];
        rc_res r;
        if (a->flags & RC_F_SETCTL)
            arch_set_ctl(h, a);
        arch_access(h, a, &r);
        if (h->isa == RC_ISA_SV32) /* 4-byte entries */
            r.pte = a->pte_pa ? *(volatile uint32_t *)(uintptr_t)a->pte_pa : 0;
        else
            r.pte = a->pte_pa ? *(volatile uint64_t *)(uintptr_t)a->pte_pa : 0;
        results[n_results++] = r;
    }
    arch_leave();
    print_results();

    /* Every word that is not what was installed. */
    for (uint32_t i = 0; i < h->n_tables; i++) {
        const uint64_t *now = (const uint64_t *)(uintptr_t)tpa[i];
        const uint64_t *was = (const uint64_t *)(base + h->frames_off + (uint64_t)i * RC_PAGE);
        for (unsigned k = 0; k < RC_PAGE / 8; k++)
            if (now[k] != was[k]) {
                report_word(tpa[i] + 8u * k, now[k]);
                changed++;
            }
    }
    for (uint32_t i = 0; i < h->n_data; i++) {
        const uint64_t *now = (const uint64_t *)(uintptr_t)dpa[i];
        for (unsigned k = 0; k < RC_PAGE / 8; k++)
            if (now[k] != rc_data_word(dpa[i] + 8u * k)) {
                report_word(dpa[i] + 8u * k, now[k]);
                changed++;
            }
    }
    for (uint32_t i = 0; i < h->n_code; i++) {
        const uint64_t *now = (const uint64_t *)(uintptr_t)cpa[i];
        for (unsigned o = 0; o < RC_PAGE; o += RC_SLOT) {
            uint64_t w[2];
            rc_code_slot(h->isa, cpa[i] + o, w);
            for (unsigned k = 0; k < 2; k++)
                if (now[o / 8 + k] != w[k]) {
                    report_word(cpa[i] + o + 8u * k, now[o / 8 + k]);
                    changed++;
                }
        }
    }
    rc_puts("E ");
    rc_puthex(h->n_acc);
    arch_putc(' ');
    rc_puthex(changed);
    arch_putc('\n');
    arch_exit(1);
}
