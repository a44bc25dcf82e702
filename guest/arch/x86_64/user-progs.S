/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * User-mode test programs (position-independent; user_run copies them to
 * a user page).  Each ends with SYS_EXIT; guest/tests/user.c runs them.
 */
#define SYS_EXIT    0
#define SYS_WRITE   1
#define SYS_GETCPU  2
#define SYS_ADD     3
#define SYS_PROBE   4
#define SYS_USER_IRQS 5
#define SHARED_OFF  0x20000

    .section .rodata
    .code64

/* Writes a line, checks SYS_ADD, CPL 3 and preserved registers; exit 42. */
    .globl uprog_hello, uprog_hello_end
uprog_hello:
    lea 3f(%rip), %rdi
    mov $(4f - 3f), %esi
    mov $SYS_WRITE, %eax
    syscall
    cmp $(4f - 3f), %rax
    jne 2f
    mov $0x5a5a5a5a, %ebx
    mov $1, %edi
    mov $2, %esi
    mov $3, %edx
    mov $4, %r10d
    mov $5, %r8d
    mov $SYS_ADD, %eax
    syscall
    cmp $15, %rax
    jne 2f
    cmp $0x5a5a5a5a, %ebx
    jne 2f
    mov %cs, %eax
    and $3, %eax
    cmp $3, %eax
    jne 2f
    mov $42, %edi
1:  mov $SYS_EXIT, %eax
    syscall
2:  mov $1, %edi
    jmp 1b
3:  .ascii "hello from user mode\n"
4:
uprog_hello_end:

/* A privileged instruction in ring 3: #GP, the task is killed. */
    .globl uprog_cli, uprog_cli_end
uprog_cli:
    cli
    mov $SYS_EXIT, %eax
    xor %edi, %edi
    syscall
uprog_cli_end:

/* Reading kernel memory from ring 3: #PF, the task is killed. */
    .globl uprog_kread, uprog_kread_end
uprog_kread:
    movabs $0xffffffff80100000, %rax
    mov (%rax), %rax
    mov $SYS_EXIT, %eax
    xor %edi, %edi
    syscall
uprog_kread_end:

/*
 * Spins in ring 3 until 3 interrupts have arrived in user mode (asking
 * the kernel between rounds of 100000 iterations, at most 5000 rounds);
 * exits with the count.
 */
    .globl uprog_spin, uprog_spin_end
uprog_spin:
    mov $SYS_USER_IRQS, %eax
    syscall
    mov %rax, %rbx                      /* count at the start */
    mov $5000, %r12d
1:  mov $100000, %ecx
2:  dec %ecx
    jnz 2b
    mov $SYS_USER_IRQS, %eax
    syscall
    sub %rbx, %rax
    cmp $3, %rax
    jae 3f
    dec %r12d
    jnz 1b
3:  mov %eax, %edi
    mov $SYS_EXIT, %eax
    syscall
uprog_spin_end:

/*
 * The isolated CPU's loop of the IPI-deferral experiment: spins in user
 * mode on the shared page (generation at +0, stop at +8) and enters the
 * kernel (SYS_PROBE) only when the generation changes.
 */
    .globl uprog_isol, uprog_isol_end
uprog_isol:
    lea uprog_isol + SHARED_OFF(%rip), %rbx
    xor %r12d, %r12d
1:  pause
    cmpq $0, 8(%rbx)
    jne 2f
    mov (%rbx), %rax
    cmp %rax, %r12
    je 1b
    mov %rax, %r12
    mov $SYS_PROBE, %eax
    syscall
    jmp 1b
2:  mov $SYS_GETCPU, %eax
    syscall
    mov %eax, %edi
    mov $SYS_EXIT, %eax
    syscall
uprog_isol_end:

    .section .note.GNU-stack, "", @progbits
