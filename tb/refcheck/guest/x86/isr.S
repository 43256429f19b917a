/*
 * refcheck x86 guest: the access probes, the interrupt stubs and the
 * user-mode stub.  Any exception (and INT 0x80 from the user stub) ends the
 * probe: the common handler records the vector, error code, CR2 and RAX /
 * RDX, then resumes the caller of the probe from the saved context.
 */
    .text
/*
 * int rc_probe0(kind, va, wdata, out[2], ac)          rdi rsi rdx rcx r8
 * CPL 0.  kind 0..3 load 1/2/4/8 bytes, 4..7 store, 8 fetch (call va).
 */
    .globl rc_probe0
rc_probe0:
    call save_ctx
    movq %rcx, out_ptr(%rip)
    movq $1, rc_inprobe(%rip)
    testq %r8, %r8
    jz 1f
    stac
1:  movq %rsi, %r9
    andq $-8, %r9
    cmpq $8, %rdi
    je 8f
    leaq probe_tab(%rip), %rax
    jmp *(%rax,%rdi,8)
8:  call *%rsi                    /* the code slot ends in ud2 */
    ud2
ld1: movzbl (%rsi), %eax
    jmp 2f
ld2: movzwl (%rsi), %eax
    jmp 2f
ld4: movl (%rsi), %eax
    jmp 2f
ld8: movq (%rsi), %rax
    jmp 2f
st1: movb %dl, (%rsi)
    jmp 3f
st2: movw %dx, (%rsi)
    jmp 3f
st4: movl %edx, (%rsi)
    jmp 3f
st8: movq %rdx, (%rsi)
3:  xorl %eax, %eax
2:  movq (%r9), %rdx
    clac
    movq $0, rc_inprobe(%rip)
    movq out_ptr(%rip), %rcx
    movq %rax, (%rcx)
    movq %rdx, 8(%rcx)
    xorl %eax, %eax
    ret

/*
 * int rc_probe3(kind, va, wdata, stub_va, rflags)      rdi rsi rdx rcx r8
 * CPL 3 through IRETQ: loads and stores run the user stub (rdi, rsi, rdx
 * are its arguments); a fetch returns straight to va.  Always ends in the
 * handler (INT 0x80 from the stub, or an exception).
 */
    .globl rc_probe3
rc_probe3:
    call save_ctx
    movq $1, rc_inprobe(%rip)
    cmpq $8, %rdi
    jne 1f
    movq %rsi, %rcx
1:  pushq $0x1b                   /* SS */
    pushq $0                      /* RSP: the stub uses no stack */
    pushq %r8                     /* RFLAGS (IF = 0, AC as asked) */
    pushq $0x23                   /* CS */
    pushq %rcx                    /* RIP */
    iretq

/* save_ctx: the probe's caller context (its return address is on the stack
 * above ours). */
save_ctx:
    leaq 8(%rsp), %rax            /* rsp at the probe's entry */
    movq %rax, ctx_rsp(%rip)
    movq %rbx, ctx_rbx(%rip)
    movq %rbp, ctx_rbp(%rip)
    movq %r12, ctx_r12(%rip)
    movq %r13, ctx_r13(%rip)
    movq %r14, ctx_r14(%rip)
    movq %r15, ctx_r15(%rip)
    ret

/* Interrupt stubs: push a dummy error code where the CPU pushes none. */
.macro ISR_NOERR n
    .balign 16
isr\n:
    pushq $0
    pushq $\n
    jmp isr_common
.endm
.macro ISR_ERR n
    .balign 16
isr\n:
    pushq $\n
    jmp isr_common
.endm
    ISR_NOERR 0
    ISR_NOERR 1
    ISR_NOERR 2
    ISR_NOERR 3
    ISR_NOERR 4
    ISR_NOERR 5
    ISR_NOERR 6
    ISR_NOERR 7
    ISR_ERR 8
    ISR_NOERR 9
    ISR_ERR 10
    ISR_ERR 11
    ISR_ERR 12
    ISR_ERR 13
    ISR_ERR 14
    ISR_NOERR 15
    ISR_NOERR 16
    ISR_ERR 17
    ISR_NOERR 18
    ISR_NOERR 19
    ISR_NOERR 20
    ISR_ERR 21
    ISR_NOERR 22
    ISR_NOERR 23
    ISR_NOERR 24
    ISR_NOERR 25
    ISR_NOERR 26
    ISR_NOERR 27
    ISR_NOERR 28
    ISR_ERR 29
    ISR_ERR 30
    ISR_NOERR 31
    ISR_NOERR 128

    .section .rodata
    .balign 8
    .globl rc_isr_table
rc_isr_table:
    .quad isr0, isr1, isr2, isr3, isr4, isr5, isr6, isr7
    .quad isr8, isr9, isr10, isr11, isr12, isr13, isr14, isr15
    .quad isr16, isr17, isr18, isr19, isr20, isr21, isr22, isr23
    .quad isr24, isr25, isr26, isr27, isr28, isr29, isr30, isr31
    .quad isr128
probe_tab:
    .quad ld1, ld2, ld4, ld8, st1, st2, st4, st8

    .text
isr_common:
    cld
    movq %rax, rc_tinfo+32(%rip)  /* rax: load data / slot identifier */
    movq %rdx, rc_tinfo+40(%rip)  /* rdx: the word read back */
    popq %rax
    movq %rax, rc_tinfo(%rip)     /* vector */
    popq %rax
    movq %rax, rc_tinfo+8(%rip)   /* error code */
    movq %cr2, %rax
    movq %rax, rc_tinfo+16(%rip)
    movq (%rsp), %rax
    movq %rax, rc_tinfo+24(%rip)  /* RIP of the interrupted code */
    cmpq $0, rc_inprobe(%rip)
    je 9f
    movq $0, rc_inprobe(%rip)
    clac
    movq ctx_rsp(%rip), %rsp
    movq ctx_rbx(%rip), %rbx
    movq ctx_rbp(%rip), %rbp
    movq ctx_r12(%rip), %r12
    movq ctx_r13(%rip), %r13
    movq ctx_r14(%rip), %r14
    movq ctx_r15(%rip), %r15
    movl $0x10, %eax
    movw %ax, %ss
    movl $1, %eax
    ret                           /* from the probe, to its caller */
9:  movabsq $x86_stack_top, %rsp
    call x86_unexpected_trap
1:  hlt
    jmp 1b

/*
 * The user-mode stub, mapped at hdr.stub_va with U = 1 (its own page, so
 * position-independent): rdi = kind, rsi = va, rdx = store data.
 */
    .section .ustub, "ax"
    .globl rc_ustub
rc_ustub:
    movq %rsi, %r9
    andq $-8, %r9
    cmpq $0, %rdi
    je u1
    cmpq $1, %rdi
    je u2
    cmpq $2, %rdi
    je u4
    cmpq $3, %rdi
    je u8
    cmpq $4, %rdi
    je v1
    cmpq $5, %rdi
    je v2
    cmpq $6, %rdi
    je v4
    jmp v8
u1: movzbl (%rsi), %eax
    jmp 2f
u2: movzwl (%rsi), %eax
    jmp 2f
u4: movl (%rsi), %eax
    jmp 2f
u8: movq (%rsi), %rax
    jmp 2f
v1: movb %dl, (%rsi)
    jmp 3f
v2: movw %dx, (%rsi)
    jmp 3f
v4: movl %edx, (%rsi)
    jmp 3f
v8: movq %rdx, (%rsi)
3:  xorl %eax, %eax
2:  movq (%r9), %rdx
    int $0x80
    ud2

    .bss
    .balign 16
    .globl rc_tinfo, rc_inprobe
rc_tinfo:   .space 48
rc_inprobe: .space 8
out_ptr:    .space 8
ctx_rsp:    .space 8
ctx_rbx:    .space 8
ctx_rbp:    .space 8
ctx_r12:    .space 8
ctx_r13:    .space 8
ctx_r14:    .space 8
ctx_r15:    .space 8

    .section .note.GNU-stack, "", @progbits
