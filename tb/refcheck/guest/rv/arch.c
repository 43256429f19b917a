/*
 * refcheck RISC-V guest (qemu-system-riscv64 -M virt -bios none): the
 * architecture hooks of common.c.  The machine stays in M-mode; accesses
 * are made through rc_probe (start.S).
 */
#include "../arch.h"

#define UART0 0x10000000ul
#define TEST_DEV 0x100000ul
#define CLINT_MTIMECMP 0x2004000ul
#define CLINT_MTIME 0x200bff8ul

#define MSTATUS_MPP (3ul << 11)
#define MSTATUS_SUM (1ul << 18)
#define MSTATUS_MXR (1ul << 19)
#define MIE_MTIE (1ul << 7)
#define MENVCFG_ADUE (1ull << 61)
#define MENVCFG_PBMTE (1ull << 62)

extern uint64_t rc_tinfo[4];
int rc_probe(unsigned long kind, unsigned long va, unsigned long wdata, uint64_t out[2], unsigned long mpp);

#define csr_read(name)                                                                                           \
    ({                                                                                                           \
        unsigned long v_;                                                                                        \
        __asm__ volatile("csrr %0, " #name : "=r"(v_));                                                          \
        v_;                                                                                                      \
    })
#define csr_write(name, v) __asm__ volatile("csrw " #name ", %0" ::"r"((unsigned long)(v)) : "memory")
#define csr_set(name, v) __asm__ volatile("csrs " #name ", %0" ::"r"((unsigned long)(v)) : "memory")
#define csr_clear(name, v) __asm__ volatile("csrc " #name ", %0" ::"r"((unsigned long)(v)) : "memory")

void arch_putc(char c)
{
    volatile uint8_t *u = (volatile uint8_t *)UART0;
    while (!(u[5] & 0x20))
        ;
    u[0] = (uint8_t)c;
}

void arch_info(const rc_hdr *h)
{
#if __riscv_xlen == 32
    /* RV32: ADUE is bit 29 of menvcfgh (0x31a); no Svpbmt on RV32 */
    (void)h;
    csr_set(0x31a, MENVCFG_ADUE >> 32);
    uint64_t env = (uint64_t)csr_read(0x31a) << 32 | csr_read(0x30a);
    csr_clear(0x31a, MENVCFG_ADUE >> 32);
#else
    /* Svpbmt: PBMT in S-mode page tables is honoured only with
       menvcfg.PBMTE = 1 (privileged spec, Svpbmt); it stays set */
    if (h->ext & RC_EXT_SVPBMT)
        csr_set(0x30a, MENVCFG_PBMTE);
    /* Svadu: does menvcfg.ADUE stick?  (QEMU 7.2: the bit reads 0.) */
    csr_set(0x30a, MENVCFG_ADUE);
    unsigned long env = csr_read(0x30a);
    csr_clear(0x30a, MENVCFG_ADUE);
#endif
    rc_puts("I menvcfg=");
    rc_puthex(env);
    arch_putc('\n');
}

static unsigned long satp_val;

/* mtimecmp, written so that it never passes through a value below both the
 * old and the new one (RV32 writes it in two halves) */
static void set_mtimecmp(uint64_t v)
{
#if __riscv_xlen == 32
    volatile uint32_t *p = (volatile uint32_t *)CLINT_MTIMECMP;
    p[0] = 0xffffffffu;
    p[1] = (uint32_t)(v >> 32);
    p[0] = (uint32_t)v;
#else
    *(volatile uint64_t *)CLINT_MTIMECMP = v;
#endif
}

static uint64_t get_mtime(void)
{
#if __riscv_xlen == 32
    volatile uint32_t *p = (volatile uint32_t *)CLINT_MTIME;
    uint32_t hi, lo;
    do {
        hi = p[1];
        lo = p[0];
    } while (p[1] != hi);
    return (uint64_t)hi << 32 | lo;
#else
    return *(volatile uint64_t *)CLINT_MTIME;
#endif
}

void arch_enter(const rc_hdr *h)
{
#if __riscv_xlen == 32
    satp_val = (unsigned long)(h->satp_mode << 31) | (unsigned long)(h->root_pa >> 12);
#else
    satp_val = (h->satp_mode << 60) | (h->root_pa >> 12);
#endif
    csr_write(satp, satp_val);
    __asm__ volatile("sfence.vma" ::: "memory");
    csr_set(mie, MIE_MTIE);
    set_mtimecmp(~0ull);
}

void arch_leave(void)
{
    csr_write(satp, 0);
    __asm__ volatile("sfence.vma" ::: "memory");
}

void arch_set_ctl(const rc_hdr *h, const rc_acc *a)
{
    (void)h;
    unsigned long set = 0, clr = 0;
    if (a->ctl & RC_C_SUM)
        set |= MSTATUS_SUM;
    else
        clr |= MSTATUS_SUM;
    if (a->ctl & RC_C_MXR)
        set |= MSTATUS_MXR;
    else
        clr |= MSTATUS_MXR;
    unsigned long ms = csr_read(mstatus);
    if ((ms & (set | clr)) != set)
        csr_write(mstatus, (ms & ~clr) | set);
    /* SUM and MXR act on cached translations at once (privileged spec
       3.1.6.3): the flush is the generator's choice, not required */
    if (!(a->flags & RC_F_NOFLUSH))
        __asm__ volatile("sfence.vma" ::: "memory");
}

void arch_access(const rc_hdr *h, const rc_acc *a, rc_res *r)
{
    (void)h;
    uint64_t out[2] = {0, 0};
    unsigned lg = a->size == 1 ? 0 : a->size == 2 ? 1 : a->size == 4 ? 2 : 3;
    uint64_t kind = a->op == RC_OP_FETCH ? 8 : (uint64_t)(a->op == RC_OP_STORE ? 4 : 0) + lg;
    if (a->op == RC_OP_FETCH) /* watchdog: a wild fetch ends in a timer interrupt */
        set_mtimecmp(get_mtime() + 10000000ull);
    int t = rc_probe((unsigned long)kind, (unsigned long)a->va, (unsigned long)a->wdata, out,
                     a->priv == RC_PRIV_S ? 1ul << 11 : 0);
    if (a->op == RC_OP_FETCH)
        set_mtimecmp(~0ull);
    r->trapped = 0;
    r->cause = r->tval = r->code = 0;
    r->data = out[0];
    r->ident = out[1];
    if (t) {
        r->cause = rc_tinfo[0];
        r->tval = rc_tinfo[1];
        r->ident = rc_tinfo[2];
        r->data = 0;
        /* ecall from U (8) or S (9) after a fetch: the slot was reached */
        if (a->op == RC_OP_FETCH && (r->cause == 8 || r->cause == 9))
            r->ident = rc_tinfo[2] << 4;
        else
            r->trapped = 1;
    }
}

void arch_flush(void)
{
    __asm__ volatile("sfence.vma" ::: "memory");
}

void arch_sync_code(void)
{
    __asm__ volatile("fence.i" ::: "memory");
}

void arch_exit(int ok)
{
    *(volatile uint32_t *)TEST_DEV = ok ? 0x5555u : ((1u << 16) | 0x3333u);
    for (;;)
        __asm__ volatile("wfi");
}

void rv_unexpected_trap(void);
void rv_unexpected_trap(void)
{
    rc_fatal("unexpected-trap", rc_tinfo[0], rc_tinfo[3]);
}

void rv_main(void);
void rv_main(void)
{
    rc_main((const void *)(uintptr_t)RC_RV_IMAGE_PA);
}
