/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Multiboot test guest: booted by -kernel through its Multiboot header
 * (a.out kludge, so this ELF64 file is a valid Multiboot image), it runs
 * in 32-bit protected mode and tests, printing "<name> ok|FAIL" per check
 * on COM1: the Multiboot entry state, GDT/IDT loads, exceptions (#DE,
 * #UD, #GP, #PF) with error codes, segment limits (expand-up and down,
 * null selectors), 16-bit operand/address sizes and 32-bit-only opcodes,
 * an LDT (LLDT, SLDT, an LDT selector), a far jump beyond the CS limit,
 * ring 3 through IRET with a TSS stack switch back on INT and faults and
 * port I/O at IOPL 0 through the TSS I/O permission bitmap, task
 * switches (CALL to a TSS, IRET with NT, a task gate in the IDT), a
 * call gate with a parameter and a far return to the outer level, a trip
 * to real mode and back (IVT interrupt), 32-bit paging (4 MiB pages,
 * A/D bits, #PF, CR0.WP), PAE paging with NX, and finally compatibility
 * then 64-bit long mode, where modes.c prints the Multiboot information
 * and exits through isa-debug-exit with 16 + the number of failures.
 */
#define CODE32  0x08
#define DATA32  0x10
#define CODE64  0x18
#define CODE16  0x20
#define DATA16  0x28
#define UCODE   0x33
#define UDATA   0x3b
#define TSSSEL  0x40
#define TSS2SEL 0x68
#define IOMAP_BYTES 128         /* ports 0-0x3ff; the rest beyond the limit */
#define GATE    0x4b
#define SMALL   0x50
#define EXPDOWN 0x58
#define LDTSEL  0x60
#define LDT_DS  0x04            /* LDT entry 0, TI = 1, RPL 0 */
#define RM_BASE 0x7000

#define MB_MAGIC 0x1BADB002
#define MB_FLAGS 0x00010003     /* page-align, memory info, a.out kludge */

    .section .text.start, "ax"
    .code32
    .globl _start
_start:
mb_header:
    .long MB_MAGIC
    .long MB_FLAGS
    .long -(MB_MAGIC + MB_FLAGS)
    .long mb_header             /* header_addr */
    .long __load_start          /* load_addr */
    .long __load_end            /* load_end_addr */
    .long __bss_end             /* bss_end_addr */
    .long entry32               /* entry_addr */

entry32:
    mov %eax, %edi
    mov $stack_top, %esp
    mov %ebx, mbi_ptr
    mov %edi, %eax
    mov $MB_MAGIC + 0x10000000, %ebx    /* 0x2BADB002 */
    mov $s_magic, %esi
    call check
    pushf
    pop %eax
    and $0x200, %eax            /* IF = 0 at entry */
    xor %ebx, %ebx
    mov $s_if, %esi
    call check
    mov %cr0, %eax
    and $0x80000001, %eax       /* PE = 1, PG = 0 */
    mov $1, %ebx
    mov $s_cr0, %esi
    call check

    /* our own GDT, TSS and call gate descriptors, IDT */
    mov $tss, %eax
    mov %ax, gdt + TSSSEL + 2
    shr $16, %eax
    mov %al, gdt + TSSSEL + 4
    mov $gate_target, %eax
    mov %ax, gdt + 0x48
    shr $16, %eax
    mov %ax, gdt + 0x48 + 6
    mov $ldt, %eax
    mov %ax, gdt + LDTSEL + 2
    shr $16, %eax
    mov %al, gdt + LDTSEL + 4
    lgdt gdtr
    ljmp $CODE32, $1f
1:  mov $DATA32, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov %ax, %fs
    mov %ax, %gs
    mov %cs, %eax
    mov $CODE32, %ebx
    mov $s_gdt, %esi
    call check
    call idt_setup
    lidt idtr

    /* #DE, #UD */
    movl $-1, last_vec
    movl $1f, recover
    xor %ecx, %ecx
    mov $1, %eax
    div %ecx
1:  mov last_vec, %eax
    xor %ebx, %ebx
    mov $s_de, %esi
    call check
    movl $1f, recover
    ud2
1:  mov last_vec, %eax
    mov $6, %ebx
    mov $s_ud, %esi
    call check

    /* segment limits: SMALL is 4 KiB expand-up, EXPDOWN 4 KiB down */
    mov $SMALL, %ax
    mov %ax, %es
    movl $-1, last_vec
    movl $1f, recover
    mov %es:0xffc, %eax
    mov last_vec, %eax
    mov $-1, %ebx
    mov $s_lim_in, %esi
    call check
    mov %es:0x1000, %eax
1:  mov last_vec, %eax
    mov $13, %ebx
    mov $s_lim_out, %esi
    call check
    mov $EXPDOWN, %ax
    mov %ax, %es
    movl $-1, last_vec
    movl $1f, recover
    mov %es:0x800, %eax
1:  mov last_vec, %eax
    mov $13, %ebx
    mov $s_expdown, %esi
    call check
    movl $-1, last_vec
    movl $1f, recover
    mov %es:0x100000, %eax
1:  mov last_vec, %eax
    mov $-1, %ebx
    mov $s_expdown_in, %esi
    call check
    mov $DATA32, %ax
    mov %ax, %es
    xor %eax, %eax
    mov %ax, %fs
    movl $1f, recover
    mov %fs:0, %eax
1:  mov last_vec, %eax
    mov $13, %ebx
    mov $s_null, %esi
    call check

    /* operand and address sizes, opcodes that differ from 64-bit mode */
    mov $0x12345678, %eax
    movw $0xbeef, %ax
    mov $0x1234beef, %ebx
    mov $s_opsize, %esi
    call check
    mov $0xfff8, %ebx
    mov $0x10, %esi
    addr16 lea 0x10(%bx,%si), %eax
    mov $0x18, %ebx
    mov $s_addr16, %esi
    call check
    mov $5, %ecx
    .byte 0x41                  /* inc %ecx */
    .byte 0x41
    .byte 0x4a                  /* dec %edx */
    mov %ecx, %eax
    mov $7, %ebx
    mov $s_incdec, %esi
    call check
    mov $0xabcdef01, %eax
    mov %eax, moffs_var         /* A3 */
    xor %eax, %eax
    mov moffs_var, %eax         /* A1 */
    mov $0xabcdef01, %ebx
    mov $s_moffs, %esi
    call check
    push %es                    /* 06 / 07 */
    pop %es
    mov %es, %eax
    mov $DATA32, %ebx
    mov $s_pushes, %esi
    call check

    /* an LDT data segment with base 0x100000: fs:0 is the image start */
    mov $LDTSEL, %ax
    lldt %ax
    mov $LDT_DS, %ax
    mov %ax, %fs
    mov %fs:0, %eax
    mov $MB_MAGIC, %ebx
    mov $s_ldt, %esi
    call check
    sldt %eax
    mov $LDTSEL, %ebx
    mov $s_sldt, %esi
    call check
    /* a far jump beyond the target's limit (64 KiB): #GP, CS unchanged */
    movl $-1, last_vec
    movl $1f, recover
    ljmp $CODE16, $0x10000
1:  mov last_vec, %eax
    mov $13, %ebx
    mov $s_cslimit, %esi
    call check

    call ring3_tests
    call task_tests
    call real_mode_test
    call paging32_test
    call pae_test
    jmp long_mode

/* ---- ring 3, INT with a TSS stack switch, call gate ---- */
ring3_tests:
    movl $kstack2_top, tss + 4  /* ESP0 */
    movl $DATA32, tss + 8       /* SS0 */
    /* I/O bitmap after the 104-byte TSS: only COM1 (0x3f8-0x3ff) open */
    movw $104, tss + 102
    mov $tss + 104, %edi
    mov $0xff, %al
    mov $IOMAP_BYTES + 1, %ecx
    cld
    rep stosb
    movb $0, tss + 104 + 0x3f8 / 8
    mov $TSSSEL, %ax
    ltr %ax
    mov %esp, saved_esp
    push $UDATA
    push $ustack_top
    pushf
    andl $~0x3000, (%esp)       /* IOPL 0: it prints through the bitmap */
    push $UCODE
    push $user_code
    iret
ring3_back:
    mov $DATA32, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov saved_esp, %esp
    pushf
    andl $~0x3000, (%esp)
    popf
    ret

user_code:
    mov %ds, %eax               /* DPL 0 data is nulled by the IRET */
    xor %ebx, %ebx
    mov $UDATA, %cx
    mov %cx, %ds
    mov %cx, %es
    mov $s_nulled, %esi
    call check
    mov %cs, %eax
    and $3, %eax
    mov $3, %ebx
    mov $s_cpl3, %esi
    call check
    int $0x80
    mov int80_cs, %eax
    mov $UCODE, %ebx
    mov $s_int80, %esi
    call check
    mov int80_ss, %eax
    mov $DATA32, %ebx
    mov $s_tss_ss, %esi
    call check
    movl $-1, last_vec
    movl $1f, recover
    hlt                         /* privileged: #GP(0) */
1:  mov last_vec, %eax
    mov $13, %ebx
    mov $s_gp3, %esi
    call check
    mov last_cs, %eax
    mov $UCODE, %ebx
    mov $s_gp3_cs, %esi
    call check
    movl $-1, last_vec
    movl $1f, recover
    inb $0x80, %al              /* port outside the bitmap: #GP(0) */
1:  mov last_vec, %eax
    mov $13, %ebx
    mov $s_iomap, %esi
    call check
    mov %esp, %edi
    push $0x1234
    lcall $GATE, $0
    mov gate_param, %eax
    mov $0x1234, %ebx
    mov $s_gate, %esi
    call check
    mov gate_cs, %eax
    mov $CODE32, %ebx
    mov $s_gate_cs, %esi
    call check
    mov %esp, %eax
    mov %edi, %ebx
    mov $s_gate_esp, %esi
    call check
    mov $1, %eax
    int $0x80                   /* back to ring 0 */

gate_target:
    mov 8(%esp), %eax
    mov %eax, gate_param
    mov %cs, %eax
    mov %eax, gate_cs
    lret $4

/* ---- task switches: CALL to a TSS, IRET with NT, an IDT task gate ---- */
task_tests:
    mov $tss2, %eax
    mov %ax, gdt + TSS2SEL + 2
    shr $16, %eax
    mov %al, gdt + TSS2SEL + 4
    lgdt gdtr
    movl $task2, tss2 + 0x20            /* EIP */
    movl $2, tss2 + 0x24                /* EFLAGS */
    movl $task2_stack_top, tss2 + 0x38  /* ESP */
    movl $CODE32, tss2 + 0x4c           /* CS */
    mov $DATA32, %eax
    mov %eax, tss2 + 0x48               /* ES */
    mov %eax, tss2 + 0x50               /* SS */
    mov %eax, tss2 + 0x54               /* DS */
    mov %eax, tss2 + 0x58               /* FS */
    mov %eax, tss2 + 0x5c               /* GS */
    movw $104, tss2 + 0x66              /* no I/O bitmap */
    movw $0, idt + 0x81 * 8             /* vector 0x81: task gate */
    movw $TSS2SEL, idt + 0x81 * 8 + 2
    movw $0x8500, idt + 0x81 * 8 + 4
    movw $0, idt + 0x81 * 8 + 6
    movl $0, task2_runs
    mov $0x5a5a, %edi                   /* saved in our TSS */
    lcall $TSS2SEL, $0
    mov %edi, %eax
    mov $0x5a5a, %ebx
    mov $s_task_regs, %esi
    call check
    mov task2_runs, %eax
    mov $1, %ebx
    mov $s_task_call, %esi
    call check
    mov task2_link, %eax
    mov $TSSSEL, %ebx
    mov $s_task_link, %esi
    call check
    mov task2_nt, %eax
    mov $0x4000, %ebx
    mov $s_task_nt, %esi
    call check
    str %eax
    mov $TSSSEL, %ebx
    mov $s_task_iret, %esi
    call check
    mov %cr0, %eax
    and $8, %eax
    mov $8, %ebx
    mov $s_task_ts, %esi
    call check
    clts
    int $0x81
    mov task2_runs, %eax
    mov $2, %ebx
    mov $s_task_gate, %esi
    call check
    ret

/* the second task: records what it sees, returns with IRET (NT set) */
task2:
    incl task2_runs
    xor %edi, %edi
    movzwl tss2, %eax
    mov %eax, task2_link
    pushf
    pop %eax
    and $0x4000, %eax
    mov %eax, task2_nt
    iret
    jmp task2

/* INT 0x80 (DPL 3): EAX = 1 returns to the kernel, else records */
int80:
    cmp $1, %eax
    je ring3_back
    push %eax
    mov 8(%esp), %eax
    mov %eax, int80_cs
    mov %ss, %eax
    mov %eax, int80_ss
    pop %eax
    iret

/* ---- real mode and back ---- */
real_mode_test:
    mov %esp, saved_esp
    mov $rm_start, %esi
    mov $RM_BASE, %edi
    mov $rm_end - rm_start, %ecx
    cld
    rep movsb
    ljmp $CODE16, $RM_BASE + pm16 - rm_start
pm_back:
    mov $DATA32, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov %ax, %fs
    mov %ax, %gs
    mov saved_esp, %esp
    lidt idtr
    movzwl RM_BASE + rm_result - rm_start, %eax
    mov $0x2222, %ebx
    mov $s_real, %esi
    call check
    movzwl RM_BASE + rm_result16 - rm_start, %eax
    mov $0x5678, %ebx
    mov $s_real16, %esi
    call check
    ret

/* copied to RM_BASE and run with CS = RM_BASE >> 4 */
    .code16
rm_start:
pm16:                           /* 16-bit protected mode, then real */
    mov $DATA16, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov %cr0, %eax
    and $~1, %eax
    mov %eax, %cr0
    ljmp $RM_BASE >> 4, $rm_entry - rm_start
rm_entry:
    mov $RM_BASE >> 4, %ax
    mov %ax, %ds
    mov %ax, %ss
    mov $0x1000, %sp
    xor %ax, %ax
    mov %ax, %es
    movw $rm_isr - rm_start, %es:0xc0       /* vector 0x30 */
    movw $RM_BASE >> 4, %es:0xc2
    lidt rm_idtr - rm_start
    mov $0x1111, %bx
    int $0x30
    mov %bx, rm_result - rm_start
    mov $rm_data - rm_start, %bx
    mov $2, %si
    mov (%bx,%si), %ax          /* 16-bit addressing: ds:bx+si */
    mov %ax, rm_result16 - rm_start
    lgdtl rm_gdtr - rm_start
    mov %cr0, %eax
    or $1, %eax
    mov %eax, %cr0
    ljmpl $CODE32, $pm_back
rm_isr:
    mov $0x2222, %bx
    iret
rm_idtr:
    .word 0x3ff
    .long 0
rm_gdtr:
    .word gdt_end - gdt - 1
    .long gdt
rm_data:
    .word 0x1234, 0x5678
rm_result:
    .word 0
rm_result16:
    .word 0
rm_end:
    .code32

/* ---- 32-bit paging: 4 MiB identity pages, one 4 KiB table ---- */
#define VIRT 0x40000000
paging32_test:
    mov $pd32, %edi
    xor %eax, %eax
    mov $1024, %ecx
    rep stosl
    mov $0x83, %eax             /* 4 MiB, present, writable */
    mov %eax, pd32
    add $0x400000, %eax
    mov %eax, pd32 + 4
    mov $pt32, %eax
    or $3, %eax
    mov %eax, pd32 + (VIRT >> 22) * 4
    mov $pgbuf, %eax
    or $3, %eax
    mov %eax, pt32
    and $~2, %eax               /* read-only */
    mov %eax, pt32 + 4
    mov %cr4, %eax
    or $0x10, %eax              /* PSE */
    mov %eax, %cr4
    mov $pd32, %eax
    mov %eax, %cr3
    mov %cr0, %eax
    or $0x80010000, %eax        /* PG, WP */
    mov %eax, %cr0
    movl $0xcafe, VIRT + 8
    mov pgbuf + 8, %eax
    mov $0xcafe, %ebx
    mov $s_pg32, %esi
    call check
    mov pt32, %eax
    and $0x60, %eax             /* accessed and dirty */
    mov $0x60, %ebx
    mov $s_ad, %esi
    call check
    movl $1f, recover
    mov 0x80000000, %eax
1:  mov last_err, %eax
    shl $8, %eax
    or last_vec, %eax
    mov $14, %ebx               /* #PF, error 0 */
    mov $s_pf, %esi
    call check
    mov last_cr2, %eax
    mov $0x80000000, %ebx
    mov $s_cr2, %esi
    call check
    movl $1f, recover
    movl $1, VIRT + 0x1000
1:  mov last_err, %eax
    mov $3, %ebx                /* present, write */
    mov $s_wp, %esi
    call check
    mov %cr0, %eax
    and $~0x80000000, %eax
    mov %eax, %cr0
    ret

/* ---- PAE paging with NX ---- */
pae_test:
    mov $pdpae0, %eax
    or $1, %eax
    mov %eax, pdpt
    mov $pdpae1, %eax
    or $1, %eax
    mov %eax, pdpt + 8
    mov $0x83, %eax             /* 2 MiB identity pages 0..16 MiB */
    xor %ecx, %ecx
1:  mov %eax, pdpae0(,%ecx,8)
    add $0x200000, %eax
    inc %ecx
    cmp $8, %ecx
    jne 1b
    mov $ptpae, %eax
    or $3, %eax
    mov %eax, pdpae1
    mov $pgbuf, %eax
    or $3, %eax
    mov %eax, ptpae
    mov %eax, ptpae + 8
    movl $0x80000000, ptpae + 12    /* NX */
    mov $0xc0000080, %ecx
    rdmsr
    or $0x800, %eax             /* EFER.NXE */
    wrmsr
    mov %cr4, %eax
    or $0x20, %eax              /* PAE */
    mov %eax, %cr4
    mov $pdpt, %eax
    mov %eax, %cr3
    mov %cr0, %eax
    or $0x80000000, %eax
    mov %eax, %cr0
    movl $0xfeed, VIRT + 16
    mov pgbuf + 16, %eax
    mov $0xfeed, %ebx
    mov $s_pae, %esi
    call check
    movb $0xc3, pgbuf           /* ret */
    call VIRT                   /* executable */
    movl $-1, last_vec
    movl $1f, recover
    mov %esp, %ebp
    call VIRT + 0x1000          /* NX: #PF with I/D set */
1:  mov %ebp, %esp
    mov last_err, %eax
    mov $0x11, %ebx
    mov $s_nx, %esi
    call check
    mov %cr0, %eax
    and $~0x80000000, %eax
    mov %eax, %cr0
    ret

/* ---- long mode: compatibility mode, then 64-bit ---- */
long_mode:
    mov $pdpt64, %eax
    or $3, %eax
    mov %eax, pml4
    mov $pdpae0, %eax
    or $3, %eax
    mov %eax, pdpt64
    mov $pml4, %eax
    mov %eax, %cr3
    mov $0xc0000080, %ecx
    rdmsr
    or $0x100, %eax             /* LME */
    wrmsr
    mov %cr0, %eax
    or $0x80000000, %eax
    mov %eax, %cr0
    mov $0xc0000080, %ecx       /* compatibility mode now */
    rdmsr
    and $0x400, %eax            /* LMA */
    mov $0x400, %ebx
    mov $s_compat, %esi
    call check
    ljmp $CODE64, $long64
    .code64
long64:
    mov $stack_top, %esp
    mov mbi_ptr(%rip), %edi
    mov failures(%rip), %esi
    call modes_main
1:  hlt
    jmp 1b
    .code32

/* ---- runtime: COM1 output, checks, exception handlers ---- */
puts32:
    pusha
1:  lodsb
    test %al, %al
    jz 3f
    mov %al, %bl
    mov $0x3fd, %dx
2:  in %dx, %al
    test $0x20, %al
    jz 2b
    mov $0x3f8, %dx
    mov %bl, %al
    out %al, %dx
    jmp 1b
3:  popa
    ret

/* ESI = name, EAX = value, EBX = expected */
check:
    call puts32
    cmp %ebx, %eax
    jne 1f
    mov $s_ok, %esi
    jmp puts32
1:  incl failures
    mov $s_fail, %esi
    jmp puts32

idt_setup:
    xor %ecx, %ecx
1:  mov stubs(,%ecx,4), %eax
    mov $0x8e00, %edx
    call set_gate
    inc %ecx
    cmp $32, %ecx
    jne 1b
    mov $0x80, %ecx
    mov $int80, %eax
    mov $0xee00, %edx           /* DPL 3 */
    jmp set_gate

/* gate ECX -> handler EAX, type/DPL word EDX */
set_gate:
    mov %ax, idt(,%ecx,8)
    movw $CODE32, idt + 2(,%ecx,8)
    mov %dx, idt + 4(,%ecx,8)
    shr $16, %eax
    mov %ax, idt + 6(,%ecx,8)
    ret

/* Record vector, error code, CR2, CS; resume at [recover]. */
common:
    push %eax
    mov 4(%esp), %eax
    mov %eax, last_vec
    mov 8(%esp), %eax
    mov %eax, last_err
    mov %cr2, %eax
    mov %eax, last_cr2
    mov 16(%esp), %eax
    mov %eax, last_cs
    mov recover, %eax
    mov %eax, 12(%esp)
    pop %eax
    add $8, %esp
    iret

.macro STUB vec
stub\vec:
    .if (\vec == 8) || (\vec >= 10 && \vec <= 14) || (\vec == 17)
    .else
    pushl $0
    .endif
    pushl $\vec
    jmp common
.endm
    .irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    STUB \v
    .endr

    .section .rodata
stubs:
    .irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    .long stub\v
    .endr
s_ok:       .asciz " ok\n"
s_fail:     .asciz " FAIL\n"
s_magic:    .asciz "multiboot magic"
s_if:       .asciz "entry IF=0"
s_cr0:      .asciz "entry protected, paging off"
s_gdt:      .asciz "lgdt + far jmp"
s_de:       .asciz "#DE"
s_ud:       .asciz "#UD"
s_lim_in:   .asciz "segment limit (inside)"
s_lim_out:  .asciz "segment limit #GP"
s_expdown:  .asciz "expand-down #GP"
s_expdown_in: .asciz "expand-down (inside)"
s_null:     .asciz "null selector #GP"
s_opsize:   .asciz "66 operand size"
s_addr16:   .asciz "67 address size"
s_incdec:   .asciz "40-4f inc/dec"
s_moffs:    .asciz "a1/a3 moffs"
s_pushes:   .asciz "push/pop es"
s_ldt:      .asciz "lldt + ldt selector"
s_sldt:     .asciz "sldt"
s_cslimit:  .asciz "far jmp beyond cs limit #GP"
s_nulled:   .asciz "iret to ring 3 nulls DPL 0 ds"
s_cpl3:     .asciz "ring 3"
s_int80:    .asciz "int 0x80 from ring 3"
s_tss_ss:   .asciz "tss stack switch"
s_gp3:      .asciz "#GP in ring 3"
s_iomap:    .asciz "I/O bitmap refuses port 0x80 at IOPL 0"
s_task_regs: .asciz "task switch saves and restores registers"
s_task_call: .asciz "call to a TSS runs the task"
s_task_link: .asciz "TSS back-link"
s_task_nt:  .asciz "NT in the called task"
s_task_iret: .asciz "IRET with NT returns to the caller's task"
s_task_ts:  .asciz "CR0.TS after a task switch"
s_task_gate: .asciz "task gate in the IDT"
s_gp3_cs:   .asciz "#GP frame cs"
s_gate:     .asciz "call gate parameter"
s_gate_cs:  .asciz "call gate cs"
s_gate_esp: .asciz "far return to ring 3"
s_real:     .asciz "real mode int"
s_real16:   .asciz "real mode 16-bit addressing"
s_pg32:     .asciz "32-bit paging"
s_ad:       .asciz "accessed/dirty"
s_pf:       .asciz "#PF not present"
s_cr2:      .asciz "cr2"
s_wp:       .asciz "cr0.wp #PF"
s_pae:      .asciz "pae paging"
s_nx:       .asciz "pae nx #PF"
s_compat:   .asciz "compatibility mode"

    .section .data
    .balign 8
gdt:
    .quad 0
    .quad 0x00cf9a000000ffff    /* 0x08 code32 */
    .quad 0x00cf92000000ffff    /* 0x10 data32 */
    .quad 0x00af9a000000ffff    /* 0x18 code64 */
    .quad 0x00009a000000ffff    /* 0x20 code16 */
    .quad 0x000092000000ffff    /* 0x28 data16 */
    .quad 0x00cffa000000ffff    /* 0x30 user code32 */
    .quad 0x00cff2000000ffff    /* 0x38 user data32 */
    .quad 0x00008900000000e8    /* 0x40 TSS + I/O bitmap (base at run time) */
    .quad 0x0000ec0100080000    /* 0x48 call gate, 1 param (offset set) */
    .quad 0x0040920000000fff    /* 0x50 data, limit 4 KiB */
    .quad 0x0040960000000fff    /* 0x58 expand-down, limit 4 KiB */
    .quad 0x000082000000000f    /* 0x60 LDT, 2 entries (base set) */
    .quad 0x0000890000000067    /* 0x68 second task's TSS (base set) */
gdt_end:
ldt:
    .quad 0x00cf92100000ffff    /* LDT 0: data, base 0x100000 */
    .quad 0
gdtr:
    .word gdt_end - gdt - 1
    .long gdt
idtr:
    .word 256 * 8 - 1
    .long idt

    .section .bss
    .balign 4096
pd32:       .space 4096
pt32:       .space 4096
pgbuf:      .space 4096
pdpae0:     .space 4096
pdpae1:     .space 4096
ptpae:      .space 4096
pml4:       .space 4096
pdpt64:     .space 4096
idt:        .space 256 * 8
pdpt:       .space 32
tss:        .space 104 + IOMAP_BYTES + 1
tss2:       .space 104
    .balign 16
    .space 4096
stack_top:
    .space 1024
kstack2_top:
    .space 1024
ustack_top:
    .space 1024
task2_stack_top:
    .globl mbi_ptr
mbi_ptr:    .long 0
failures:   .long 0
recover:    .long 0
last_vec:   .long 0
last_err:   .long 0
last_cr2:   .long 0
last_cs:    .long 0
moffs_var:  .long 0
saved_esp:  .long 0
int80_cs:   .long 0
int80_ss:   .long 0
gate_param: .long 0
gate_cs:    .long 0
task2_runs: .long 0
task2_link: .long 0
task2_nt:   .long 0

    .section .note.GNU-stack, "", @progbits
