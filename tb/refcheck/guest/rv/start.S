/*
 * refcheck RISC-V guest: M-mode start-up, the access probe and the trap
 * handler (qemu-system-riscv64 -M virt -bios none).  Loads and stores run
 * in M-mode with mstatus.MPRV = 1, so they are translated and checked as
 * at privilege mstatus.MPP; fetches mret to the target VA in S- or U-mode,
 * where a code slot sets a0 and executes ecall.  Any trap returns to the
 * caller of rc_probe through the saved context (a one-shot longjmp).
 */
#define MSTATUS_MPRV (1 << 17)

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
    srli t0, t0, 10
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
    sd ra, 0(t0)
    sd sp, 8(t0)
    sd gp, 16(t0)
    sd tp, 24(t0)
    sd s0, 32(t0)
    sd s1, 40(t0)
    sd s2, 48(t0)
    sd s3, 56(t0)
    sd s4, 64(t0)
    sd s5, 72(t0)
    sd s6, 80(t0)
    sd s7, 88(t0)
    sd s8, 96(t0)
    sd s9, 104(t0)
    sd s10, 112(t0)
    sd s11, 120(t0)
    li t1, 1
    la t0, rc_inprobe
    sd t1, 0(t0)
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
    sd t1, 0(t0)
    csrr t1, mtval
    sd t1, 8(t0)
    sd a0, 16(t0)
    csrr t1, mepc
    sd t1, 24(t0)
    la t0, rc_inprobe
    ld t1, 0(t0)
    beqz t1, 5f
    sd zero, 0(t0)
    la t0, rc_ctx
    ld ra, 0(t0)
    ld sp, 8(t0)
    ld gp, 16(t0)
    ld tp, 24(t0)
    ld s0, 32(t0)
    ld s1, 40(t0)
    ld s2, 48(t0)
    ld s3, 56(t0)
    ld s4, 64(t0)
    ld s5, 72(t0)
    ld s6, 80(t0)
    ld s7, 88(t0)
    ld s8, 96(t0)
    ld s9, 104(t0)
    ld s10, 112(t0)
    ld s11, 120(t0)
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
