/*
 * refcheck RISC-V guest: M-mode start-up, the access probe and the trap
 * handler (qemu-system-riscv64 -M virt -bios none).  Loads and stores run
 * in M-mode with mstatus.MPRV = 1, so they are translated and checked as
 * at privilege mstatus.MPP; fetches mret to the target VA in S- or U-mode,
 * where a code slot sets a0 and executes ecall.  Any trap returns to the
 * caller of rc_probe through the saved context (a one-shot longjmp).
 */
#define MSTATUS_MPRV (1 << 17)

/* The same program for RV64 (Sv39 / Sv48 / Sv57) and RV32 (Sv32): REG_S /
 * REG_L save and restore registers in 8-byte slots, PUT64 stores a
 * register as a zero-extended 8-byte value. */
#if __riscv_xlen == 32
#define REG_S sw
#define REG_L lw
#define PUT64(r, off, base) sw r, off(base); sw zero, off + 4(base)
#else
#define REG_S sd
#define REG_L ld
#define PUT64(r, off, base) sd r, off(base)
#endif

    .section .text.start, "ax"
    .globl _start
_start:
    csrr t0, mhartid
    bnez t0, park
    la sp, rv_stack_top
    la t0, rc_trap
    csrw mtvec, t0
    /* PMP entry 0: NAPOT over the whole address space, RWX, so S and U
       (and the walker acting for them) may reach every address. */
    li t0, -1
#if __riscv_xlen == 64
    srli t0, t0, 10
#endif
    csrw pmpaddr0, t0
    li t0, 0x0f
    csrw pmpcfg0, t0
    csrw satp, zero
    csrw medeleg, zero
    csrw mideleg, zero
    call rv_main
park:
    wfi
    j park

/*
 * int rc_probe(uint64_t kind, uint64_t va, uint64_t wdata, uint64_t out[2], uint64_t mpp)
 * kind 0..3: load of 1, 2, 4, 8 bytes; 4..7: store; 8: fetch.  mpp: the
 * mstatus.MPP field (privilege of the access, already shifted).  The caller
 * has set SUM and MXR.  Returns 0 (out[0] = data, out[1] = the 8-byte word
 * at va & ~7 read back) or 1 after a trap (rc_tinfo holds it).  mstatus is
 * written once before and once after the access: QEMU flushes its TLB on
 * every write that changes MPP or MPRV.
 */
    .text
    .globl rc_probe
rc_probe:
    la t0, rc_ctx
    REG_S ra, 0(t0)
    REG_S sp, 8(t0)
    REG_S gp, 16(t0)
    REG_S tp, 24(t0)
    REG_S s0, 32(t0)
    REG_S s1, 40(t0)
    REG_S s2, 48(t0)
    REG_S s3, 56(t0)
    REG_S s4, 64(t0)
    REG_S s5, 72(t0)
    REG_S s6, 80(t0)
    REG_S s7, 88(t0)
    REG_S s8, 96(t0)
    REG_S s9, 104(t0)
    REG_S s10, 112(t0)
    REG_S s11, 120(t0)
    li t1, 1
    la t0, rc_inprobe
    REG_S t1, 0(t0)
    csrr t0, mstatus
    li t1, ~(3 << 11)
    and t0, t0, t1
    or t0, t0, a4                 /* MPP = the access's privilege */
    li t1, 8
    beq a0, t1, 9f
    andi t3, a1, -8
    li t2, MSTATUS_MPRV
    or t0, t0, t2
    la t6, 1f
    slli t5, a0, 3
    add t6, t6, t5
    csrw mstatus, t0
    jr t6
    .balign 4
    .option push
    .option norvc
#if __riscv_xlen == 32
    /* RV32 has no 8-byte loads and stores: Sv32 runs use sizes 1, 2, 4 */
1:  lbu t4, 0(a1)
    j 2f
    lhu t4, 0(a1)
    j 2f
    lw t4, 0(a1)
    j 2f
    unimp
    j 2f
    sb a2, 0(a1)
    j 3f
    sh a2, 0(a1)
    j 3f
    sw a2, 0(a1)
    j 3f
    unimp
    j 3f
    .option pop
3:  li t4, 0
2:  lw t5, 0(t3)
    lw t6, 4(t3)
    csrc mstatus, t2
    la t0, rc_inprobe
    sw zero, 0(t0)
    sw t4, 0(a3)
    sw zero, 4(a3)
    sw t5, 8(a3)
    sw t6, 12(a3)
    li a0, 0
    ret
#else
1:  lbu t4, 0(a1)
    j 2f
    lhu t4, 0(a1)
    j 2f
    lwu t4, 0(a1)
    j 2f
    ld t4, 0(a1)
    j 2f
    sb a2, 0(a1)
    j 3f
    sh a2, 0(a1)
    j 3f
    sw a2, 0(a1)
    j 3f
    sd a2, 0(a1)
    j 3f
    .option pop
3:  li t4, 0
2:  ld t5, 0(t3)
    csrc mstatus, t2
    la t0, rc_inprobe
    sd zero, 0(t0)
    sd t4, 0(a3)
    sd t5, 8(a3)
    li a0, 0
    ret
#endif
9:  /* fetch: enter S/U at va with MPRV clear; the slot ecalls back */
    li t2, MSTATUS_MPRV
    not t2, t2
    and t0, t0, t2
    csrw mstatus, t0
    csrw mepc, a1
    li a0, 0
    mret

    .balign 4
    .globl rc_trap
rc_trap:
    csrr t0, mstatus              /* MPRV off (write only if set: each write flushes QEMU's TLB) */
    li t1, MSTATUS_MPRV
    and t0, t0, t1
    beqz t0, 4f
    csrc mstatus, t1
4:
    la t0, rc_tinfo
    csrr t1, mcause
    PUT64(t1, 0, t0)
    csrr t1, mtval
    PUT64(t1, 8, t0)
    PUT64(a0, 16, t0)
    csrr t1, mepc
    PUT64(t1, 24, t0)
    la t0, rc_inprobe
    REG_L t1, 0(t0)
    beqz t1, 5f
    REG_S zero, 0(t0)
    la t0, rc_ctx
    REG_L ra, 0(t0)
    REG_L sp, 8(t0)
    REG_L gp, 16(t0)
    REG_L tp, 24(t0)
    REG_L s0, 32(t0)
    REG_L s1, 40(t0)
    REG_L s2, 48(t0)
    REG_L s3, 56(t0)
    REG_L s4, 64(t0)
    REG_L s5, 72(t0)
    REG_L s6, 80(t0)
    REG_L s7, 88(t0)
    REG_L s8, 96(t0)
    REG_L s9, 104(t0)
    REG_L s10, 112(t0)
    REG_L s11, 120(t0)
    li a0, 1
    ret
5:  la sp, rv_stack_top
    call rv_unexpected_trap
    j park

    .bss
    .balign 16
    .globl rc_tinfo, rc_inprobe
rc_ctx:     .space 128
rc_tinfo:   .space 32
rc_inprobe: .space 8
    .balign 16
    .space 16384
rv_stack_top:
