/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The A64 engine in system mode: what the engine keeps beyond the
 * architectural state (soft TLB, exception unwinding, halting, interrupt
 * inputs, the board's hooks) and the API the board uses.
 *
 * The engine's files are compiled a second time with A64_SYSTEM defined
 * (target/meson.build): guest memory then goes through the soft TLB
 * (a64-sys-mem.c, fill = mmu.c's stage-1 walk), blocks are keyed by
 * physical PC and EL, and the system instructions are decoded by
 * a64-sys-decode.c.  The system registers are target/arm/sysreg.c's
 * (ArmSysState, cpu->sys).
 *
 * Exceptions: a handler that must take one (fault, SVC, UDEF...) calls
 * a64_sys_raise(), which longjmps back to the execution loop; the loop
 * then enters the exception (exception.c) and continues at its vector.
 * Handlers do every access that can fault before writing registers.
 */
#ifndef TARGET_ARM_A64_SYS_H
#define TARGET_ARM_A64_SYS_H

#include <setjmp.h>
#include "accel/tcg/soft-tlb.h"
#include "system/cpus.h"
#include "cpu.h"
#include "exception.h"

/* MMU index = the EL the access is checked for (EL0..EL3). */
#define A64_SYS_MMU_MODES 4

/* Special values of the soft TLB's "ra": not a record. */
#define A64_RA_PROBE 0
#define A64_RA_FETCH 1

/*
 * Block key flags: the EL in bits 1:0, and this bit when FP/AdvSIMD
 * instructions trap (CPACR_EL1.FPEN, CPTR_ELx.TFP): they then decode
 * to the trap.
 */
#define A64_SYS_FLAG_NOFP 4u
/* SCTLR_ELx.A of the current regime: loads and stores check alignment. */
#define A64_SYS_FLAG_ALIGN 8u
/* A breakpoint or software step is armed: one instruction at a time. */
#define A64_SYS_FLAG_DEBUG 16u
/* A watchpoint is armed: loads and stores take the checked path. */
#define A64_SYS_FLAG_WATCH 32u

/* Interrupt inputs (a64_sys_set_irq()). */
#define A64_SYS_IN_IRQ  1u
#define A64_SYS_IN_FIQ  2u

/*
 * The board's hooks.  Each may be NULL.  @hvc/@smc get the immediate
 * and return true when they handled the call (PSCI: result in x0);
 * false takes the exception (or UNDEF for SMC/HVC when the EL is
 * absent).  @semihost runs a semihosting call (HLT #0xf000).
 * @timer_changed: the generic timer's outputs or deadline may have
 * changed (the board re-evaluates the PPIs and re-arms its timer).
 */
typedef struct ArmSysHooks {
    bool (*hvc)(void *opaque, ARMCPU *cpu, uint16_t imm);
    bool (*smc)(void *opaque, ARMCPU *cpu, uint16_t imm);
    bool (*semihost)(void *opaque, ARMCPU *cpu);
    void (*timer_changed)(void *opaque, ARMCPU *cpu);
    /* TLBI broadcast: flush every CPU's TLB (NULL: this CPU only). */
    void (*flush_all_cpus)(void *opaque, ARMCPU *cpu);
} ArmSysHooks;

/* A synchronous exception waiting to be entered. */
typedef struct ArmSysPendingExc {
    unsigned target_el;
    uint32_t esr;
    uint64_t far;
    bool far_valid;
    uint64_t return_pc;
} ArmSysPendingExc;

typedef struct ArmSysEngine {
    SoftTLB tlb;
    AddressSpace *as;
    unsigned mmu_idx;           /* current EL */
    bool pan;                   /* PSTATE.PAN the TLB was filled with */
    jmp_buf jmp;
    bool in_exec;               /* jmp is valid */
    ArmSysPendingExc exc;
    uint64_t insns_done;        /* in the current exec() */
    uint32_t irq_inputs;        /* A64_SYS_IN_* levels */
    bool halted;                /* WFI/WFE until an interrupt */
    bool powered_off;           /* PSCI CPU_OFF / not started */
    CPUScheduler *sched;
    int sched_idx;
    const ArmSysHooks *hooks;
    void *hooks_opaque;
    /* Every CPU of the machine (code invalidation, TLBI broadcast). */
    ARMCPU **siblings;
    unsigned n_siblings;
    /*
     * The ranges of the mappings larger than a page that blocks were
     * fetched through since the jump cache was last cleared: a TLBI by
     * VA inside one clears the whole jump cache.
     */
    SoftTLBRanges code_large;
    uint64_t exceptions_taken;  /* statistics, read by tests */
    uint64_t erets;             /* ERETs executed (software step) */
} ArmSysEngine;

/*
 * A system-mode CPU of @model on physical space @as.  The caller fills
 * cpu->sys's configuration fields (clocks, gic, cpu_index, mpidr, rvbar,
 * el.have_el2/3) and then calls arm_sys_cpu_reset().
 */
ARMCPU *arm_sys_cpu_new(const ARMCPUModel *model, AddressSpace *as);
void arm_sys_cpu_free(ARMCPU *cpu);
void arm_sys_cpu_set_hooks(ARMCPU *cpu, const ArmSysHooks *hooks,
                           void *opaque);
/* The machine's CPUs, all sharing one memory (@cpus outlives them). */
void arm_sys_cpu_set_siblings(ARMCPU *cpu, ARMCPU **cpus, unsigned n);
/* Power-on reset: registers, PC = rvbar, highest EL; TLB and blocks. */
void arm_sys_cpu_reset(ARMCPU *cpu);
/* Start at @pc in EL@el (h: SP_ELx), DAIF masked, x0 = @x0 (boot). */
void arm_sys_cpu_set_entry(ARMCPU *cpu, uint64_t pc, unsigned el,
                           uint64_t x0);

/* Run up to @budget instructions; returns how many ran. */
int64_t arm_sys_exec(ARMCPU *cpu, int64_t budget);
bool arm_sys_has_work(ARMCPU *cpu);
void arm_sys_attach(ARMCPU *cpu, CPUScheduler *s);
extern const VCPUOps arm_sys_vcpu_ops;

/* Interrupt lines from the GIC: @which A64_SYS_IN_IRQ or _FIQ. */
void arm_sys_set_irq(ARMCPU *cpu, unsigned which, bool level);
/* Power state (PSCI): an off CPU never runs until powered on. */
void arm_sys_power_off(ARMCPU *cpu);
void arm_sys_power_on(ARMCPU *cpu, uint64_t pc, uint64_t x0);
/* PSCI CPU_SUSPEND (standby): like WFI, from a board hook. */
void arm_sys_standby(ARMCPU *cpu);
bool arm_sys_is_powered_off(ARMCPU *cpu);

/* Flush this CPU's soft TLB and forget block chains. */
void arm_sys_tlb_flush(ARMCPU *cpu);
/* TLBI by VA on this CPU: the translations and jump-cache links of @va. */
void arm_sys_tlb_flush_va(ARMCPU *cpu, uint64_t va);
/* Guest physical memory changed behind the CPU (loader, DMA). */
void arm_sys_phys_written(ARMCPU *cpu, hwaddr paddr, hwaddr len);

/*
 * Read/write guest virtual memory as the current EL would (semihosting,
 * debug); false when a page is not mapped or not accessible.  Never
 * raises an exception.
 */
bool arm_sys_read_virt(ARMCPU *cpu, uint64_t va, void *buf, size_t len);
bool arm_sys_write_virt(ARMCPU *cpu, uint64_t va, const void *buf,
                        size_t len);

/* ---- engine internals (a64-sys-*.c) ---- */

typedef struct A64Op A64Op;

/* Take a synchronous exception at @op's PC (does not return). */
G_NORETURN void a64_sys_raise(ARMCPU *cpu, const A64Op *op,
                              unsigned target_el, uint32_t esr,
                              uint64_t far, bool far_valid);
/* Same, with the preferred return address given (SVC: the next PC). */
G_NORETURN void a64_sys_raise_at(ARMCPU *cpu, const A64Op *op,
                                 uint64_t return_pc, unsigned target_el,
                                 uint32_t esr, uint64_t far,
                                 bool far_valid);
G_NORETURN void a64_sys_undef(ARMCPU *cpu, const A64Op *op);
G_NORETURN void a64_sys_alignment_fault(ARMCPU *cpu, const A64Op *op,
                                        uint64_t addr, bool write);
/* The EL a synchronous exception from the current EL goes to. */
unsigned a64_sys_sync_target(ARMCPU *cpu);
/* Carry out sys->pending after a call into sysreg.c. */
void a64_sys_do_pending(ARMCPU *cpu);
/* After EL/regime changes: MMU index and block key follow sys->el. */
void a64_sys_update_mode(ARMCPU *cpu);
/* Debug (a64-sys-debug.c): the A64_SYS_FLAG_DEBUG/WATCH bits now. */
uint32_t a64_sys_debug_flags(ARMCPU *cpu);
/* Alignment (SCTLR.A) and watchpoint checks of a load or store. */
void a64_sys_check_access(ARMCPU *cpu, const A64Op *op, uint64_t addr,
                          unsigned size, bool write);
/* Run one instruction (@run_one) with breakpoint and step checks. */
void a64_sys_debug_insn(ARMCPU *cpu, const A64Op *(*run_one)(ARMCPU *));
/* A page became a code page: no CPU may write it fast any more. */
void a64_sys_protect_code(ARMCPU *cpu, hwaddr paddr);
/* Soft-TLB hooks of a64-sys-mem.c. */
extern const SoftTLBOps a64_sys_tlb_ops;

#endif
