/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the x86_64 port gives the common kernel: the trap frame, the
 * per-CPU architectural state, CPU primitives and the arch_* hooks.  An
 * aarch64 port provides a header of the same name with the same hooks.
 */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include "arch/x86.h"
#include "arch/memlayout.h"

/* Saved by the trap entry stubs (entry.S), lowest address first. */
typedef struct TrapFrame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error;
    uint64_t rip, cs, rflags, rsp, ss;      /* pushed by the CPU */
} TrapFrame;

typedef struct __packed Tss {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} Tss;

/* IST slots (1-based, as in the IDT gate). */
#define IST_DF              1
#define IST_NMI             2
#define IST_MC              3
#define IST_STACK_SIZE      8192

typedef struct ArchCpu {
    Tss tss;
    uint8_t *ist_stack[3];
} ArchCpu;

/* GDT selectors (arch/x86_64/cpu.c); SYSRET needs this order. */
#define SEL_KCODE           0x08
#define SEL_KDATA           0x10
#define SEL_UCODE32         0x18
#define SEL_UDATA           0x20
#define SEL_UCODE           0x28
#define SEL_TSS             0x30    /* + 16 * cpu */

/* Fixed interrupt vectors; irq_alloc_vector() hands out 0x30..0xef. */
#define VEC_TIMER           0xf0
#define VEC_CALL_FUNC       0xf1
#define VEC_TEST            0xf2
#define VEC_KICK            0xf3
#define VEC_SPURIOUS        0xff

/* Exception vectors. */
#define EXC_DE              0
#define EXC_DB              1
#define EXC_NMI             2
#define EXC_BP              3
#define EXC_UD              6
#define EXC_DF              8
#define EXC_GP              13
#define EXC_PF              14
#define EXC_MC              18

static inline uint64_t trap_pc(const TrapFrame *tf)
{
    return tf->rip;
}

static inline bool trap_from_user(const TrapFrame *tf)
{
    return tf->cs & 3;
}

/* The free-running counter time is kept with (the TSC). */
static inline uint64_t arch_counter(void)
{
    return rdtsc();
}

/* Port I/O (PCI I/O BARs). */
static inline uint8_t arch_ioport_read8(uint32_t port)
{
    return inb(port);
}

static inline void arch_ioport_write8(uint32_t port, uint8_t v)
{
    outb(port, v);
}

struct Cpu;

static inline struct Cpu *this_cpu(void)
{
    struct Cpu *c;

    __asm__ volatile("mov %%gs:0, %0" : "=r"(c));
    return c;
}

/* Hooks the common kernel calls. */
void arch_early_init(void);
void arch_console_putc(char c);
__noreturn void arch_exit(unsigned code);
void arch_cpu_init(struct Cpu *c);
void arch_dump_frame(const TrapFrame *tf);
const char *arch_exception_name(uint64_t vector);
/* The faulting data address of a page fault, else 0. */
uint64_t arch_fault_addr(const TrapFrame *tf);
void arch_redirect_trap(TrapFrame *tf, uint64_t pc, uint64_t sp);

#endif
