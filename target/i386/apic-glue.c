/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The local APIC seen from the x86 engine: the APIC's requests (INTR
 * level, NMI, INIT, SIPI, base moves) become CPU inputs; the CPU's MSRs
 * (IA32_APIC_BASE, x2APIC 0x800-0x8ff, IA32_TSC_DEADLINE), CR8 and its
 * private xAPIC page become APIC calls.  CPUID is answered here too.
 *
 * INIT and SIPI are recorded as X86_INT_INIT/X86_INT_SIPI and acted on
 * at the next exec() entry (the target is usually not the running vCPU;
 * when it is, exec() stops after the current block).  See
 * docs/devel/apic.md.
 */
#include "qemu/osdep.h"
#include "target/i386/engine.h"
#include "target/i386/sev-cpu.h"
#include "hw/intc/apic.h"
#include "qemu/log.h"

static void x86_apic_set_intr(void *opaque, bool level)
{
    X86CPU *cpu = opaque;

    if (level) {
        x86_cpu_interrupt(cpu, X86_INT_HARD);
    } else {
        x86_cpu_reset_interrupt(cpu, X86_INT_HARD);
    }
}

static void x86_apic_nmi(void *opaque)
{
    x86_cpu_interrupt(opaque, X86_INT_NMI);
}

static void x86_apic_smi(void *opaque)
{
    qemu_log_mask(LOG_UNIMP, "x86: SMI ignored (no SMM)\n");
}

static void x86_apic_init(void *opaque)
{
    X86CPU *cpu = opaque;

    x86_cpu_interrupt(cpu, X86_INT_INIT);
    cpu->exit_request = true;       /* if it is the running vCPU */
}

static void x86_apic_sipi(void *opaque, uint8_t vector)
{
    X86CPU *cpu = opaque;

    /* Only a CPU waiting for SIPI (or about to, after INIT) takes it. */
    if (cpu->wait_for_sipi || (cpu->interrupt_request & X86_INT_INIT)) {
        cpu->sipi_vector = vector;
        x86_cpu_interrupt(cpu, X86_INT_SIPI);
    }
}

static void x86_apic_base_changed(void *opaque, uint64_t base, bool active)
{
    X86CPU *cpu = opaque;

    soft_tlb_set_private_page(&cpu->tlb, active ? base : SOFT_TLB_NO_PAGE);
}

static const APICCpuOps x86_apic_cpu_ops = {
    .set_intr = x86_apic_set_intr,
    .nmi = x86_apic_nmi,
    .smi = x86_apic_smi,
    .init = x86_apic_init,
    .sipi = x86_apic_sipi,
    .base_changed = x86_apic_base_changed,
};

void x86_cpu_set_apic(X86CPU *cpu, APICState *apic)
{
    cpu->apic = apic;
    apic_set_cpu_ops(apic, &x86_apic_cpu_ops, cpu);
    object_property_set_bool(OBJECT(apic), "x2apic",
                             cpu->cpuid.words[X86_FW_1_ECX] &
                             X86_CPUID_1_ECX_X2APIC, &error_abort);
    x86_apic_base_changed(cpu, apic_mmio_base(apic), apic_mmio_active(apic));
}

/* ---- the xAPIC page: registers are 32 bits at 16-byte offsets ---- */

uint64_t x86_apic_page_read(void *opaque, hwaddr offset, unsigned size)
{
    X86CPU *cpu = opaque;
    unsigned in_reg = offset & 0xf;
    uint64_t v;

    if (in_reg + size > 4) {
        qemu_log_mask(LOG_GUEST_ERROR, "apic: %u-byte read at offset 0x%"
                      HWADDR_PRIx " reads 0\n", size, offset);
        return 0;
    }
    v = apic_mmio_read(cpu->apic, offset - in_reg) >> (in_reg * 8);
    return size == 4 ? (uint32_t)v : v & ((1u << (size * 8)) - 1);
}

void x86_apic_page_write(void *opaque, hwaddr offset, unsigned size,
                         uint64_t val)
{
    X86CPU *cpu = opaque;

    if (size != 4 || (offset & 0xf)) {
        qemu_log_mask(LOG_GUEST_ERROR, "apic: %u-byte write at offset 0x%"
                      HWADDR_PRIx " ignored\n", size, offset);
        return;
    }
    apic_mmio_write(cpu->apic, offset, val);
}

/* ---- MSRs and CR8 ---- */

static bool x86_has_tsc_deadline(X86CPU *cpu)
{
    return cpu->cpuid.words[X86_FW_1_ECX] & X86_CPUID_1_ECX_TSC_DEADLINE;
}

int x86_apic_rdmsr(X86CPU *cpu, uint32_t idx, uint64_t *val)
{
    if (!cpu->apic) {
        return 0;
    }
    if (idx == MSR_IA32_APICBASE) {
        *val = apic_base_read(cpu->apic);
        return 1;
    }
    if (idx == MSR_IA32_TSC_DEADLINE) {
        if (!x86_has_tsc_deadline(cpu)) {
            return -1;
        }
        *val = apic_tsc_deadline_read(cpu->apic);
        return 1;
    }
    if (idx >= APIC_MSR_FIRST && idx <= APIC_MSR_LAST) {
        return apic_msr_read(cpu->apic, idx, val) < 0 ? -1 : 1;
    }
    return 0;
}

int x86_apic_wrmsr(X86CPU *cpu, uint32_t idx, uint64_t val)
{
    if (!cpu->apic) {
        return 0;
    }
    if (idx == MSR_IA32_APICBASE) {
        return apic_base_write(cpu->apic, val) < 0 ? -1 : 1;
    }
    if (idx == MSR_IA32_TSC_DEADLINE) {
        if (!x86_has_tsc_deadline(cpu)) {
            return -1;
        }
        /* TSC = virtual clock (ns) + tsc_offset */
        apic_tsc_deadline_write(cpu->apic, val,
                                (int64_t)(val - cpu->env.tsc_offset));
        return 1;
    }
    if (idx >= APIC_MSR_FIRST && idx <= APIC_MSR_LAST) {
        return apic_msr_write(cpu->apic, idx, val) < 0 ? -1 : 1;
    }
    return 0;
}

uint64_t x86_cpu_get_cr8(X86CPU *cpu)
{
    return cpu->apic ? apic_get_tpr(cpu->apic) >> 4 : cpu->env.cr8;
}

void x86_cpu_set_cr8(X86CPU *cpu, uint64_t v)
{
    cpu->env.cr8 = v;
    if (cpu->apic) {
        apic_set_tpr(cpu->apic, v << 4);
    }
}

/* ---- INIT and SIPI ---- */

void x86_cpu_wait_for_sipi(X86CPU *cpu)
{
    cpu->wait_for_sipi = true;
    cpu->halted = true;
}

/* INIT: the reset state, keeping the TSC and pending inputs; APs wait. */
static void x86_cpu_do_init(X86CPU *cpu)
{
    uint64_t tsc_offset = cpu->env.tsc_offset;
    unsigned keep = cpu->interrupt_request & (X86_INT_HARD | X86_INT_SIPI);

    x86_cpu_reset(cpu);
    cpu->env.tsc_offset = tsc_offset;
    cpu->interrupt_request = keep;
    if (cpu->sev) {
        x86_sev_cpu_reset(cpu);     /* Secure AVIC control MSR cleared */
    }
    if (cpu->apic) {
        cpu->env.apic_base = apic_base_read(cpu->apic);
    }
    if (!cpu->apic || !apic_is_bsp(cpu->apic)) {
        x86_cpu_wait_for_sipi(cpu);
    }
}

/* SIPI: real mode at vector:0000, i.e. CS = vector << 8, IP = 0. */
static void x86_cpu_do_sipi(X86CPU *cpu)
{
    CPUX86State *env = &cpu->env;

    if (!cpu->wait_for_sipi) {
        return;
    }
    cpu->wait_for_sipi = false;
    cpu->halted = false;
    env->segs[R_CS].selector = cpu->sipi_vector << 8;
    env->segs[R_CS].base = (uint64_t)cpu->sipi_vector << 12;
    env->segs[R_CS].limit = 0xffff;
    env->rip = 0;
    x86_update_hflags(cpu);
    if (cpu->sched) {
        cpu_scheduler_wake(cpu->sched, cpu->sched_idx);
    }
}

void x86_cpu_do_init_sipi(X86CPU *cpu)
{
    if (cpu->interrupt_request & X86_INT_INIT) {
        cpu->interrupt_request &= ~X86_INT_INIT;
        x86_cpu_do_init(cpu);
    }
    if (cpu->interrupt_request & X86_INT_SIPI) {
        cpu->interrupt_request &= ~X86_INT_SIPI;
        x86_cpu_do_sipi(cpu);
    }
}

/* ---- CPU model and CPUID ---- */

void x86_cpu_set_model(X86CPU *cpu, const X86CPUID *model)
{
    cpu->cpuid = *model;
    cpu->features = x86_cpuid_engine_features(model);
    block_cache_invalidate_all(&cpu->cache);
}

void x86_cpu_cpuid(X86CPU *cpu)
{
    CPUX86State *env = &cpu->env;
    uint32_t r[4];

    x86_cpuid_query(cpu, env->regs[R_EAX], env->regs[R_ECX], r);
    env->regs[R_EAX] = r[0];
    env->regs[R_EBX] = r[1];
    env->regs[R_ECX] = r[2];
    env->regs[R_EDX] = r[3];
}
