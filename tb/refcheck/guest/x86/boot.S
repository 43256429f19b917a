/*
 * refcheck x86 guest: multiboot entry (32-bit protected mode, paging off),
 * switch to long mode with an identity map of the low 4 GiB (1 GiB pages),
 * then x86_main.  Built as an x86-64 object and linked at 1 MiB; the ELF
 * is converted to elf32-i386 because QEMU's multiboot loader takes only
 * 32-bit ELF files.
 */
#define MB_MAGIC 0x1BADB002
#define MB_FLAGS 0x00000000

    .section .multiboot, "a"
    .balign 4
    .long MB_MAGIC
    .long MB_FLAGS
    .long -(MB_MAGIC + MB_FLAGS)

    .section .text.boot, "ax"
    .code32
    .globl _start
_start:
    cli
    movl $boot_stack_top, %esp
    /* fast A20 */
    inb $0x92, %al
    orb $2, %al
    andb $0xfe, %al
    outb %al, $0x92
    /* CR4.PAE, CR3 = boot PML4, EFER.LME | NXE, CR0.PG | WP | PE.  An
       LA57 image (rc_hdr.isa at 0x100000c = RC_ISA_LA57) also gets
       CR4.LA57 and the 5-level map: CR4.LA57 cannot change in long mode,
       so it is set here, while paging is off. */
    movl %cr4, %eax
    orl $0x20, %eax
    movl $boot_pml4, %ebx
    cmpl $5, 0x0100000c
    jne 1f
    orl $0x1000, %eax
    movl $boot_pml5, %ebx
1:  movl %eax, %cr4
    movl %ebx, %cr3
    movl %ebx, boot_root
    movl $0xC0000080, %ecx
    rdmsr
    orl $0x900, %eax
    wrmsr
    movl %cr0, %eax
    orl $0x80010001, %eax
    movl %eax, %cr0
    lgdt gdt_ptr32
    ljmp $0x08, $long_entry

    .code64
long_entry:
    movw $0x10, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    xorw %ax, %ax
    movw %ax, %fs
    movw %ax, %gs
    movabsq $x86_stack_top, %rsp
    call x86_main
1:  hlt
    jmp 1b

    .section .data.boot, "aw"
    .balign 4096
    .globl boot_pml4, boot_pml5, boot_root
boot_pml5:
    .quad boot_pml4 + 0x3
    .fill 511, 8, 0
boot_pml4:
    .quad boot_pdpt + 0x3
    .fill 511, 8, 0
boot_pdpt:
    .quad 0x00000000 + 0x83
    .quad 0x40000000 + 0x83
    .quad 0x80000000 + 0x83
    .quad 0xC0000000 + 0x83
    .fill 508, 8, 0

boot_root:
    .quad 0
    .balign 16
    .globl x86_gdt
x86_gdt:
    .quad 0                       /* 0x00 null */
    .quad 0x00209A0000000000      /* 0x08 kernel code, 64-bit */
    .quad 0x0000920000000000      /* 0x10 kernel data */
    .quad 0x0000F20000000000      /* 0x18 user data (selector 0x1b) */
    .quad 0x0020FA0000000000      /* 0x20 user code, 64-bit (selector 0x23) */
    .quad 0, 0                    /* 0x28 TSS, filled in by x86_main */
x86_gdt_end:
gdt_ptr32:
    .word x86_gdt_end - x86_gdt - 1
    .long x86_gdt

    .section .bss
    .balign 16
    .space 4096
boot_stack_top:

    .section .note.GNU-stack, "", @progbits
