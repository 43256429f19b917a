/*
 * refcheck x86 guest (qemu-system-x86_64 -cpu max, multiboot): the
 * architecture hooks of common.c.  The harness runs at CPL 0 in long mode;
 * CPL-3 accesses go through the user stub (isr.S).  While the test address
 * space is active, the generated PML4 entry 0 maps the harness (identity,
 * supervisor) and the user stub (hdr.stub_va, U = 1).
 */
#include "../arch.h"

#define COM1 0x3f8
#define EXIT_PORT 0xf4

#define CR0_WP (1ul << 16)
#define CR4_SMEP (1ul << 20)
#define CR4_SMAP (1ul << 21)
#define CR4_PKE (1ul << 22)
#define EFER_NXE (1ul << 11)
#define MSR_EFER 0xC0000080u

extern uint64_t rc_tinfo[6];
extern const uint64_t rc_isr_table[33];
extern uint64_t x86_gdt[7];
extern uint64_t boot_root; /* boot.S: the set-up identity map (PML4, or PML5 with CR4.LA57) */
int rc_probe0(uint64_t kind, uint64_t va, uint64_t wdata, uint64_t out[2], uint64_t ac);
int rc_probe3(uint64_t kind, uint64_t va, uint64_t wdata, uint64_t stub_va, uint64_t rflags);
void x86_main(void);
void x86_unexpected_trap(void);

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}
static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}
static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}
static inline void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr" ::"c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}
static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}
#define RD_CR(n)                                                                                                 \
    static inline uint64_t rd_cr##n(void)                                                                        \
    {                                                                                                            \
        uint64_t v;                                                                                              \
        __asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));                                                        \
        return v;                                                                                                \
    }                                                                                                            \
    static inline void wr_cr##n(uint64_t v)                                                                      \
    {                                                                                                            \
        __asm__ volatile("mov %0, %%cr" #n ::"r"(v) : "memory");                                                 \
    }
RD_CR(0)
RD_CR(3)
RD_CR(4)

static inline void wrpkru(uint32_t v)
{
    __asm__ volatile("wrpkru" ::"a"(v), "c"(0), "d"(0));
}

void arch_putc(char c)
{
    while (!(inb(COM1 + 5) & 0x20))
        ;
    outb(COM1, (uint8_t)c);
}

static struct {
    uint32_t rsvd0;
    uint64_t rsp[3];
    uint64_t rsvd1;
    uint64_t ist[7];
    uint64_t rsvd2;
    uint16_t rsvd3, iomap;
} __attribute__((packed)) tss;

static uint64_t idt[256 * 2];
static uint8_t ist_stack[16384] __attribute__((aligned(16)));

void arch_info(const rc_hdr *h)
{
    (void)h;
    uint32_t r[4], ext[4], l7[4];
    cpuid(0x80000008u, 0, r);
    cpuid(0x80000001u, 0, ext);
    cpuid(7, 0, l7);
    rc_puts("I maxphyaddr=");
    rc_puthex(r[0] & 0xff);
    rc_puts(" smep=");
    rc_puthex((l7[1] >> 7) & 1);
    rc_puts(" smap=");
    rc_puthex((l7[1] >> 20) & 1);
    rc_puts(" pku=");
    rc_puthex((l7[2] >> 3) & 1);
    rc_puts(" pdpe1gb=");
    rc_puthex((ext[3] >> 26) & 1);
    rc_puts(" nx=");
    rc_puthex((ext[3] >> 20) & 1);
    rc_puts(" la57=");
    rc_puthex((l7[2] >> 16) & 1);
    rc_puts(" cr4.la57=");
    rc_puthex((rd_cr4() >> 12) & 1);
    arch_putc('\n');
}

static uint64_t test_cr3;

void arch_enter(const rc_hdr *h)
{
    test_cr3 = h->root_pa;
    wr_cr3(test_cr3);
}

void arch_leave(void)
{
    wr_cr4(rd_cr4() & ~(CR4_SMEP | CR4_SMAP | CR4_PKE));
    wr_cr0(rd_cr0() | CR0_WP);
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
    wr_cr3(boot_root);
}

void arch_set_ctl(const rc_hdr *h, const rc_acc *a)
{
    (void)h;
    uint64_t cr0 = rd_cr0(), cr4 = rd_cr4(), efer = rdmsr(MSR_EFER);
    cr0 = (a->ctl & RC_C_WP) ? cr0 | CR0_WP : cr0 & ~CR0_WP;
    wr_cr0(cr0);
    /* WRPKRU needs CR4.PKE = 1; PKRU keeps its value while PKE is 0. */
    wr_cr4(cr4 | CR4_PKE);
    wrpkru(a->pkru);
    cr4 &= ~(CR4_SMEP | CR4_SMAP | CR4_PKE);
    cr4 |= (a->ctl & RC_C_SMEP) ? CR4_SMEP : 0;
    cr4 |= (a->ctl & RC_C_SMAP) ? CR4_SMAP : 0;
    cr4 |= (a->ctl & RC_C_PKE) ? CR4_PKE : 0;
    wr_cr4(cr4);
    efer = (a->ctl & RC_C_NXE) ? efer | EFER_NXE : efer & ~EFER_NXE;
    wrmsr(MSR_EFER, efer);
    /* QEMU does not flush on every control change (CR4.PKE, EFER.NXE):
       reload CR3, which with CR4.PGE = 0 flushes every translation. */
    wr_cr3(test_cr3);
}

void arch_access(const rc_hdr *h, const rc_acc *a, rc_res *r)
{
    uint64_t out[2] = {0, 0};
    unsigned lg = a->size == 1 ? 0 : a->size == 2 ? 1 : a->size == 4 ? 2 : 3;
    uint64_t kind = a->op == RC_OP_FETCH ? 8 : (uint64_t)(a->op == RC_OP_STORE ? 4 : 0) + lg;
    uint64_t ac = (a->flags & RC_F_AC) ? 1 : 0;
    int t;
    if (a->priv == RC_PRIV_S)
        t = rc_probe0(kind, a->va, a->wdata, out, ac);
    else
        t = rc_probe3(kind, a->va, a->wdata, h->stub_va, 0x2u | (ac << 18));
    r->trapped = 0;
    r->cause = r->tval = r->code = 0;
    r->data = out[0];
    r->ident = out[1];
    if (!t)
        return;
    r->cause = rc_tinfo[0];
    r->code = rc_tinfo[1];
    r->tval = r->cause == 14 ? rc_tinfo[2] : 0;
    r->data = rc_tinfo[4];
    r->ident = rc_tinfo[5];
    if (a->op != RC_OP_FETCH && r->cause == 0x80)
        return; /* the user stub finished the access */
    r->data = 0;
    if (a->op == RC_OP_FETCH && r->cause == 6) {
        r->ident = rc_tinfo[4] & 0xffffffffu; /* the slot's mov eax, imm32 ran, then ud2 */
        return;
    }
    r->trapped = 1;
    r->ident = rc_tinfo[3]; /* RIP, for the log */
}

void arch_flush(void)
{
    wr_cr3(rd_cr3());
}

void arch_sync_code(void)
{
}

void arch_exit(int ok)
{
    outb(EXIT_PORT, ok ? 0x10 : 0x11);
    for (;;)
        __asm__ volatile("cli; hlt");
}

void x86_unexpected_trap(void)
{
    rc_fatal("unexpected-trap", rc_tinfo[0], rc_tinfo[3]);
}

static void set_gate(unsigned v, uint64_t fn, unsigned dpl)
{
    idt[2 * v] = (fn & 0xffffu) | (0x08ull << 16) | (1ull << 32) /* IST1 */ | ((uint64_t)(0x8e | (dpl << 5)) << 40) |
                 ((fn >> 16) & 0xffffull) << 48;
    idt[2 * v + 1] = fn >> 32;
}

void x86_main(void)
{
    /* TSS: RSP0 and IST1 on the interrupt stack */
    uint64_t top = (uint64_t)(uintptr_t)(ist_stack + sizeof ist_stack);
    uint64_t base = (uint64_t)(uintptr_t)&tss, lim = sizeof tss - 1;
    tss.rsp[0] = top;
    tss.ist[0] = top;
    tss.iomap = sizeof tss;
    x86_gdt[5] = (lim & 0xffff) | ((base & 0xffffff) << 16) | (0x89ull << 40) | (((lim >> 16) & 0xf) << 48) |
                 (((base >> 24) & 0xff) << 56);
    x86_gdt[6] = base >> 32;
    struct {
        uint16_t lim;
        uint64_t base;
    } __attribute__((packed)) gdtr = {7 * 8 - 1, (uint64_t)(uintptr_t)x86_gdt}, idtr = {sizeof idt - 1,
                                                                                        (uint64_t)(uintptr_t)idt};
    __asm__ volatile("lgdt %0" ::"m"(gdtr));
    __asm__ volatile("ltr %w0" ::"r"(0x28));
    for (unsigned v = 0; v < 32; v++)
        set_gate(v, rc_isr_table[v], 0);
    set_gate(0x80, rc_isr_table[32], 3);
    __asm__ volatile("lidt %0" ::"m"(idtr));
    /* COM1: 8N1, FIFO on */
    outb(COM1 + 1, 0);
    outb(COM1 + 3, 0x80);
    outb(COM1 + 0, 1);
    outb(COM1 + 1, 0);
    outb(COM1 + 3, 0x03);
    outb(COM1 + 2, 0xc7);
    /* CR4.PGE = 0 and PCIDE = 0: a CR3 write flushes every translation */
    wr_cr4(rd_cr4() & ~((1ul << 7) | (1ul << 17)));
    rc_main((const void *)(uintptr_t)RC_X86_IMAGE_PA);
}
