/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the aarch64 port gives the common kernel: the trap frame, the
 * per-CPU architectural state, CPU primitives and the arch_* hooks (the
 * same names as arch/x86_64/include/arch/cpu.h).
 */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include "types.h"
#include "arch/memlayout.h"

/* Saved by the vectors (entry.S); the offsets are used there. */
typedef struct TrapFrame {
    uint64_t x[31];             /* 0 */
    uint64_t sp;                /* 248: SP_EL0 from EL0, else SP_EL1 */
    uint64_t elr;               /* 256 */
    uint64_t spsr;              /* 264 */
    uint64_t esr;               /* 272 */
    uint64_t far;               /* 280 */
    uint64_t vector;            /* 288: EXC_* or an interrupt vector */
    uint64_t error;             /* 296: ESR_EL1 for exceptions */
    uint64_t kind;              /* 304: vector table entry (0..15) */
    uint64_t pad;
} TrapFrame;

#define TRAP_FRAME_SIZE     320

/* kernel_setjmp: x19..x28, x29, x30, sp. */
#define JMPBUF_REGS         13
#define JMPBUF_SP           12

typedef struct ArchCpu {
    uint64_t mpidr;
    uint64_t redist;            /* this CPU's GIC redistributor (virtual) */
    uint32_t cur_intid;         /* the interrupt being handled */
} ArchCpu;

/*
 * Interrupt vectors.  The kernel's vector numbers are mapped to GIC
 * INTIDs by arch/aarch64/gic.c: VEC_TIMER is the virtual timer PPI,
 * VEC_CALL_FUNC/VEC_TEST/VEC_KICK are SGIs 1..3, irq_alloc_vector()'s
 * 0x30..0xef are LPIs 8192 + vector.
 */
#define VEC_TIMER           0xf0
#define VEC_CALL_FUNC       0xf1
#define VEC_TEST            0xf2
#define VEC_KICK            0xf3
#define VEC_SPURIOUS        0xff

/*
 * Exception vectors (< 32): the class of a synchronous exception (from
 * ESR_EL1.EC) or an unexpected entry.  EXC_GP and EXC_PF are named like
 * their x86 counterparts so common tests can use them.
 */
#define EXC_UD              0   /* EC 0x00: undefined instruction */
#define EXC_GP              1   /* EC 0x18/0x0e: privileged or illegal */
#define EXC_BRK             2   /* EC 0x3c: BRK */
#define EXC_SVC             3   /* EC 0x15 from EL1 */
#define EXC_PF              4   /* data abort: translation/permission */
#define EXC_IABT            5   /* instruction abort */
#define EXC_PC_ALIGN        6   /* EC 0x22 */
#define EXC_SP_ALIGN        7   /* EC 0x26 */
#define EXC_ALIGN           8   /* data abort, alignment fault */
#define EXC_FP              9   /* EC 0x07: FP/SIMD access trapped */
#define EXC_SERROR          10
#define EXC_FIQ             11
#define EXC_BAD_ENTRY       12  /* EL1t or AArch32 vectors */
#define EXC_OTHER           13  /* any other EC */

/* ESR_EL1 */
#define ESR_EC(esr)         (((esr) >> 26) & 0x3f)
#define ESR_ISS(esr)        ((esr) & 0x1ffffff)
#define ESR_WNR             BIT(6)

#define sysreg_read(r) \
    ({ uint64_t v_; __asm__ volatile("mrs %0, " #r : "=r"(v_)); v_; })
#define sysreg_write(r, v) \
    __asm__ volatile("msr " #r ", %0" : : "r"((uint64_t)(v)) : "memory")

static inline void isb(void)
{
    __asm__ volatile("isb" ::: "memory");
}

static inline uint64_t trap_pc(const TrapFrame *tf)
{
    return tf->elr;
}

static inline bool trap_from_user(const TrapFrame *tf)
{
    return (tf->spsr & 0xf) == 0;       /* EL0t */
}

/* The free-running counter time is kept with (CNTVCT_EL0). */
static inline uint64_t arch_counter(void)
{
    isb();
    return sysreg_read(cntvct_el0);
}

/* PCI: the arch gives the BAR windows (arch_pci_windows in pci.h). */
#define ARCH_PCI_WINDOWS    1
/* MSIs need an ITS mapping (arch_msi_map in pci.h, arch/aarch64/its.c) */
#define ARCH_MSI_MAP        1

/* PCI I/O space: memory-mapped on virt (arch/aarch64/pci.c). */
extern volatile uint8_t *pci_io_window;

static inline uint8_t arch_ioport_read8(uint32_t port)
{
    return pci_io_window ? pci_io_window[port & 0xffff] : 0xff;
}

static inline void arch_ioport_write8(uint32_t port, uint8_t v)
{
    if (pci_io_window) {
        pci_io_window[port & 0xffff] = v;
    }
}

static inline void cpu_relax(void)
{
    __asm__ volatile("yield" ::: "memory");
}

static inline void irq_enable(void)
{
    __asm__ volatile("msr daifclr, #2" ::: "memory");
}

static inline void irq_disable(void)
{
    __asm__ volatile("msr daifset, #2" ::: "memory");
}

/* Returns whether interrupts were enabled. */
static inline bool irq_save(void)
{
    bool on = !(sysreg_read(daif) & BIT(7));

    irq_disable();
    return on;
}

static inline void irq_restore(bool on)
{
    if (on) {
        irq_enable();
    }
}

/*
 * Wait for an interrupt, then take it with interrupts enabled.  WFI
 * wakes on a pending interrupt even while it is masked, so nothing is
 * lost between the caller's check and the wait.
 */
static inline void safe_halt(void)
{
    __asm__ volatile("dsb sy; wfi; msr daifclr, #2" ::: "memory");
}

struct Cpu;

static inline struct Cpu *this_cpu(void)
{
    return (struct Cpu *)sysreg_read(tpidr_el1);
}

/* Hooks the common kernel calls. */
void arch_early_init(void);
void arch_console_putc(char c);
__noreturn void arch_exit(unsigned code);
void arch_cpu_init(struct Cpu *c);
void arch_dump_frame(const TrapFrame *tf);
const char *arch_exception_name(uint64_t vector);
uint64_t arch_fault_addr(const TrapFrame *tf);
void arch_redirect_trap(TrapFrame *tf, uint64_t pc, uint64_t sp);

#endif
