/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aarch64 CPU glue: the PL011 console, per-CPU setup (TPIDR_EL1,
 * VBAR_EL1), exception classification and dispatch from the vectors,
 * register dumps, PSCI calls and the exit path (semihosting
 * SYS_EXIT_EXTENDED when the emulator has it, else PSCI SYSTEM_OFF).
 */
#include "smp.h"
#include "mm.h"
#include "user.h"
#include "ipi-defer.h"
#include "arch/platform.h"

#define UART_DR             0x00
#define UART_FR             0x18
#define UART_FR_TXFF        BIT(5)

#define SEMIHOST_EXIT_EXT   0x20
#define ADP_STOPPED_EXIT    0x20026

extern const char vectors[];

static volatile uint8_t *uart;

void console_remap(void)
{
    uart = ioremap(plat.uart, PAGE_SIZE);
}

void arch_console_putc(char c)
{
    if (!uart) {
        return;
    }
    if (c == '\n') {
        arch_console_putc('\r');
    }
    while (*(volatile uint32_t *)(uart + UART_FR) & UART_FR_TXFF) {
        cpu_relax();
    }
    *(volatile uint32_t *)(uart + UART_DR) = (uint8_t)c;
}

void arch_early_init(void)
{
    /* this_cpu() works from the start; cpu_setup(0) fills the rest */
    cpus[0].self = &cpus[0];
    sysreg_write(tpidr_el1, &cpus[0]);
    dt_parse_platform();
    /* the boot tables map the devices' first GiB at the direct map */
    uart = p2v(plat.uart);
}

void arch_cpu_init(Cpu *c)
{
    uint64_t mpidr = sysreg_read(mpidr_el1);

    sysreg_write(tpidr_el1, c);
    sysreg_write(vbar_el1, vectors);
    isb();
    c->arch.mpidr = mpidr;
    c->hwid = mpidr_to_hwid(mpidr);
}

uint64_t psci_call(uint64_t fn, uint64_t a, uint64_t b, uint64_t c)
{
    register uint64_t x0 __asm__("x0") = fn;
    register uint64_t x1 __asm__("x1") = a;
    register uint64_t x2 __asm__("x2") = b;
    register uint64_t x3 __asm__("x3") = c;

    if (plat.psci_smc) {
        __asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
                         : : "memory");
    } else {
        __asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
                         : : "memory");
    }
    return x0;
}

static void semihost_exit(unsigned code)
{
    uint64_t block[2] = { ADP_STOPPED_EXIT, code };
    register uint64_t x0 __asm__("x0") = SEMIHOST_EXIT_EXT;
    register uint64_t x1 __asm__("x1") = (uint64_t)block;

    __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
}

__noreturn void arch_exit(unsigned code)
{
    TrapCatch tc;

    irq_disable();
    /* without -semihosting, HLT is an undefined instruction */
    if (trap_catch_begin(&tc) == 0) {
        semihost_exit(code);
    }
    trap_catch_end();
    if (plat.psci) {
        psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
    }
    for (;;) {
        __asm__ volatile("wfi");
    }
}

static const char *const exc_names[] = {
    [EXC_UD] = "undefined instruction",
    [EXC_GP] = "trapped system instruction",
    [EXC_BRK] = "BRK",
    [EXC_SVC] = "SVC from EL1",
    [EXC_PF] = "data abort",
    [EXC_IABT] = "instruction abort",
    [EXC_PC_ALIGN] = "PC alignment fault",
    [EXC_SP_ALIGN] = "SP alignment fault",
    [EXC_ALIGN] = "alignment fault",
    [EXC_FP] = "FP/SIMD access trap",
    [EXC_SERROR] = "SError",
    [EXC_FIQ] = "FIQ",
    [EXC_BAD_ENTRY] = "unexpected vector",
    [EXC_OTHER] = "synchronous exception",
};

const char *arch_exception_name(uint64_t vector)
{
    return vector < ARRAY_SIZE(exc_names) && exc_names[vector] ?
           exc_names[vector] : "reserved";
}

static uint64_t classify(uint64_t esr)
{
    switch (ESR_EC(esr)) {
    case 0x00:
        return EXC_UD;
    case 0x07:
        return EXC_FP;
    case 0x0e:
    case 0x18:
        return EXC_GP;
    case 0x15:
        return EXC_SVC;
    case 0x20:
    case 0x21:
        return EXC_IABT;
    case 0x22:
        return EXC_PC_ALIGN;
    case 0x24:
    case 0x25:
        return (esr & 0x3f) == 0x21 ? EXC_ALIGN : EXC_PF;
    case 0x26:
        return EXC_SP_ALIGN;
    case 0x3c:
        return EXC_BRK;
    default:
        return EXC_OTHER;
    }
}

uint64_t arch_fault_addr(const TrapFrame *tf)
{
    switch (tf->vector) {
    case EXC_PF:
    case EXC_IABT:
    case EXC_ALIGN:
    case EXC_PC_ALIGN:
        return tf->far;
    default:
        return 0;
    }
}

/* Called by entry.S for every exception and interrupt. */
void arch_trap(TrapFrame *tf);
void arch_trap(TrapFrame *tf)
{
    unsigned kind = tf->kind;

    tf->error = 0;
    switch (kind) {
    case 4:
    case 8:
        if (kind == 8 && ESR_EC(tf->esr) == 0x15) {
            syscall_dispatch(tf);
            return;
        }
        tf->vector = classify(tf->esr);
        tf->error = tf->esr;
        break;
    case 5:
    case 9:
        gic_irq(tf);
        return;
    case 6:
    case 10:
        tf->vector = EXC_FIQ;
        break;
    case 7:
    case 11:
        tf->vector = EXC_SERROR;
        tf->error = tf->esr;
        break;
    default:
        tf->vector = EXC_BAD_ENTRY;
        tf->error = kind;
        break;
    }
    trap_dispatch(tf);
}

void arch_dump_frame(const TrapFrame *tf)
{
    printf("PC=%016lx SPSR=%08lx ESR=%08lx (EC %02lx) FAR=%016lx\n",
           tf->elr, tf->spsr, tf->esr, ESR_EC(tf->esr), tf->far);
    for (int i = 0; i < 30; i += 3) {
        printf("X%-2d=%016lx X%-2d=%016lx X%-2d=%016lx\n", i, tf->x[i],
               i + 1, tf->x[i + 1], i + 2, tf->x[i + 2]);
    }
    printf("X30=%016lx SP =%016lx entry %lu\n", tf->x[30], tf->sp,
           tf->kind);
    printf("SCTLR=%016lx TCR=%016lx TTBR0=%016lx TTBR1=%016lx\n",
           sysreg_read(sctlr_el1), sysreg_read(tcr_el1),
           sysreg_read(ttbr0_el1), sysreg_read(ttbr1_el1));
}

/* Return from the trap to EL1 code at @pc on stack @sp, same DAIF. */
void arch_redirect_trap(TrapFrame *tf, uint64_t pc, uint64_t sp)
{
    tf->elr = pc;
    tf->sp = sp;
    tf->spsr = (tf->spsr & 0x3c0) | 0x5;        /* EL1h */
}

/* After a text patch: discard prefetched instructions. */
void arch_sync_core(void)
{
    isb();
}

void arch_flush_tlb_all(void)
{
    __asm__ volatile("dsb ishst; tlbi vmalle1; dsb nsh; isb" ::: "memory");
}

/*
 * patch_site (patch.S) is "movz w0, #lo; movk w0, #hi, lsl #16; ret";
 * rewrite both immediates through the direct map, then make the new
 * code visible to instruction fetch (clean to PoU, invalidate I-cache).
 */
void arch_patch_site_write(uint32_t v)
{
    uint32_t *code = (uint32_t *)patch_site;
    uint32_t *alias = p2v(v2p(code));

    __atomic_store_n(&alias[0], 0x52800000 | (v & 0xffff) << 5,
                     __ATOMIC_RELAXED);
    __atomic_store_n(&alias[1], 0x72a00000 | (v >> 16) << 5,
                     __ATOMIC_RELAXED);
    __asm__ volatile("dc cvau, %0; dsb ish; ic ivau, %1; dsb ish; isb"
                     : : "r"(alias), "r"(code) : "memory");
}

void syscall_dispatch(TrapFrame *tf)
{
    const uint64_t a[5] = { tf->x[0], tf->x[1], tf->x[2], tf->x[3],
                            tf->x[4] };
    Cpu *c = this_cpu();

    ct_kernel_enter(c);                 /* before anything else */
    tf->x[0] = syscall_handle(tf->x[8], a);
    ct_user_enter(c);
}
