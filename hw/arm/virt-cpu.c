/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The virt board's CPUs: creation (-cpu cortex-a57|max, -smp up to 8),
 * wiring to the GIC (IRQ/FIQ outputs, the GICv3 CPU interface, the GICv2
 * CPU-index hook), the generic timers as PPIs, PSCI over HVC or SMC,
 * the kernel boot state and power-on reset.
 *
 * CPU i: MPIDR = gicv3_cpu_affinity(i) | bit 31 (RES1).  Timers: EL1
 * physical on PPI 14, virtual 11, EL2 physical 10, secure physical 13;
 * one QEMUTimer per CPU on the virtual clock is armed at the earliest
 * deadline (so -icount runs are deterministic).  Reset: CPU 0 runs (the
 * kernel's entry, or the flash at 0 without -kernel), the others are
 * powered off until PSCI CPU_ON.
 *
 * QOM: each CPU is /machine/unattached/device[N] of type
 * "<model>-arm-cpu" with live SYSREG_* properties (arm-cpu-object.c).
 */
#include "qemu/osdep.h"
#include "hw/arm/virt.h"
#include "hw/arm/arm-cpu-object.h"
#include "hw/core/sysbus.h"
#include "hw/intc/arm_gicv3.h"
#include "hw/intc/arm_gic.h"
#include "target/arm/a64-sys.h"
#include "target/arm/sysreg.h"
#include "hw/arm/semihosting.h"
#include "system/cpus.h"
#include "qemu/log.h"
#include "qapi/error.h"

#define MiB (1024ULL * 1024)

/* The PPI (INTID - 16) of each generic timer. */
static const unsigned virt_gt_ppi[ARM_GT_NUM] = {
    [ARM_GT_PHYS] = VIRT_TIMER_NS_EL1_PPI,
    [ARM_GT_VIRT] = VIRT_TIMER_VIRT_PPI,
    [ARM_GT_HYP] = VIRT_TIMER_NS_EL2_PPI,
    [ARM_GT_SEC] = VIRT_TIMER_S_EL1_PPI,
};

static unsigned virt_cpu_index(VirtMachineState *vms, ARMCPU *cpu)
{
    return cpu->sys->cpu_index;
}

/* GIC input of PPI @ppi of CPU @i: after the SPIs, 32 lines per CPU. */
static qemu_irq virt_ppi(VirtMachineState *vms, unsigned i, unsigned ppi)
{
    return qdev_get_gpio_in(vms->gic, VIRT_NUM_IRQS + 32 * i + 16 + ppi);
}

/* Timer outputs to the GIC, and the host timer at the next deadline. */
static void virt_gt_update(VirtMachineState *vms, unsigned i)
{
    ARMCPU *cpu = vms->cpus[i];
    const ArmGTState *gt = &cpu->sys->gt;
    int64_t now = arm_sysreg_now_ns(cpu->sys), next = -1;

    for (int t = 0; t < ARM_GT_NUM; t++) {
        int64_t ev = arm_gt_next_event_ns(gt, t, now);

        qemu_set_irq(virt_ppi(vms, i, virt_gt_ppi[t]),
                     arm_gt_irq_level(gt, t, now));
        if (ev >= 0 && (next < 0 || ev < next)) {
            next = ev;
        }
    }
    if (next >= 0) {
        timer_mod_ns(vms->gt_timer[i], next);
    } else {
        timer_del(vms->gt_timer[i]);
    }
}

static void virt_gt_tick(void *opaque)
{
    ARMCPU *cpu = opaque;
    VirtMachineState *vms = cpu->se->hooks_opaque;

    virt_gt_update(vms, virt_cpu_index(vms, cpu));
}

static void virt_hook_timer_changed(void *opaque, ARMCPU *cpu)
{
    virt_gt_update(opaque, virt_cpu_index(opaque, cpu));
}

static void virt_psci_from(VirtMachineState *vms, ARMCPU *cpu)
{
    uint64_t *x = cpu->env.xregs;
    uint32_t fn = x[0];

    x[0] = arm_psci_call(&vms->psci, virt_cpu_index(vms, cpu), x[0], x[1],
                         x[2], x[3]);
    if (fn == PSCI_SYSTEM_OFF || fn == PSCI_SYSTEM_RESET) {
        /* these never return: the caller stops until the machine acts */
        arm_sys_power_off(cpu);
    }
}

static bool virt_hook_hvc(void *opaque, ARMCPU *cpu, uint16_t imm)
{
    VirtMachineState *vms = opaque;

    if (vms->psci_conduit != VIRT_PSCI_HVC) {
        return false;
    }
    virt_psci_from(vms, cpu);
    return true;
}

static bool virt_hook_smc(void *opaque, ARMCPU *cpu, uint16_t imm)
{
    VirtMachineState *vms = opaque;

    if (vms->psci_conduit != VIRT_PSCI_SMC) {
        return false;
    }
    virt_psci_from(vms, cpu);
    return true;
}

static bool virt_hook_semihost(void *opaque, ARMCPU *cpu)
{
    VirtMachineState *vms = opaque;

    return vms->semihosting &&
           arm_semihosting_call(MACHINE(vms), cpu, &vms->semi);
}

static const ArmSysHooks virt_cpu_hooks = {
    .hvc = virt_hook_hvc,
    .smc = virt_hook_smc,
    .semihost = virt_hook_semihost,
    .timer_changed = virt_hook_timer_changed,
};

/* PSCI power control. */
void virt_psci_cpu_on(void *opaque, unsigned cpu, uint64_t entry,
                      uint64_t context_id)
{
    VirtMachineState *vms = opaque;

    arm_sys_power_on(vms->cpus[cpu], entry, context_id);
    arm_psci_cpu_started(&vms->psci, cpu);
}

void virt_psci_cpu_off(void *opaque, unsigned cpu)
{
    VirtMachineState *vms = opaque;

    arm_sys_power_off(vms->cpus[cpu]);
}

void virt_psci_cpu_standby(void *opaque, unsigned cpu)
{
    VirtMachineState *vms = opaque;

    arm_sys_standby(vms->cpus[cpu]);
}

/* The GIC's IRQ/FIQ output of a CPU: line n = CPU * 2 + (FIQ ? 1 : 0). */
static void virt_cpu_irq_in(void *opaque, int n, int level)
{
    VirtMachineState *vms = opaque;

    arm_sys_set_irq(vms->cpus[n / 2], n % 2 ? A64_SYS_IN_FIQ
                                            : A64_SYS_IN_IRQ, level);
}

/* GICv2: banked registers belong to the CPU making the access. */
static int virt_current_cpu(void *opaque)
{
    VirtMachineState *vms = opaque;
    int i = cpu_scheduler_current(MACHINE(vms)->sched);

    return i < 0 ? 0 : i;
}

/* A write to RAM by a device or loader: drop decoded code there. */
static void virt_ram_written(void *opaque, hwaddr offset, hwaddr len)
{
    VirtMachineState *vms = opaque;

    arm_sys_phys_written(vms->cpus[0], virt_memmap[VIRT_MEM].base + offset,
                         len);
}

/* -cpu MODEL[,SYSREG_...=V...] */
static ARMCPU *virt_cpu_create(VirtMachineState *vms, unsigned i,
                               Error **errp)
{
    MachineState *ms = MACHINE(vms);
    g_auto(GStrv) items = g_strsplit(ms->cpu_model ? ms->cpu_model
                                                   : "cortex-a57", ",", -1);
    const ARMCPUModel *model = arm_cpu_model_find(items[0]);
    ARMCPU *cpu;
    ArmSysState *s;

    if (!model) {
        error_setg(errp, "unable to find CPU model '%s'", items[0]);
        return NULL;
    }
    cpu = arm_sys_cpu_new(model, &ms->as_memory);
    s = cpu->sys;
    s->clocks = ms->clocks;
    s->gic = vms->gic_version == 3 ? ARM_GICV3(vms->gic) : NULL;
    s->cpu_index = i;
    s->mpidr = gicv3_cpu_affinity(i) | (1ull << 31);
    s->rvbar = virt_memmap[VIRT_FLASH].base;
    s->el.have_el2 = vms->virtualization;
    s->el.have_el3 = vms->secure;
    if (!arm_sysreg_idregs_init(cpu, vms->virtualization, vms->secure,
                                items + 1, errp)) {
        arm_sys_cpu_free(cpu);
        return NULL;
    }
    arm_cpu_update_hwcap(cpu);
    arm_sys_cpu_set_hooks(cpu, &virt_cpu_hooks, vms);
    return cpu;
}

/*
 * SYS_HEAPINFO: the heap from above the kernel and its DTB to 1 MiB
 * below the end of RAM, the stack in that last MiB.
 */
static void virt_semi_init(VirtMachineState *vms)
{
    MachineState *ms = MACHINE(vms);
    uint64_t end = virt_memmap[VIRT_MEM].base + ms->ram_size;
    uint64_t base = virt_memmap[VIRT_MEM].base;

    if (vms->boot.format != ARM_BOOT_NONE) {
        base = MAX(vms->boot.high, vms->boot.dtb_addr + vms->fdt_size);
    }
    vms->semi.heap_base = (base + 0xfff) & ~0xfffull;
    vms->semi.heap_limit = end - MiB;
    vms->semi.stack_base = end;
    vms->semi.stack_limit = end - MiB;
}

bool virt_init_cpus(VirtMachineState *vms, Error **errp)
{
    MachineState *ms = MACHINE(vms);
    unsigned n = ms->smp.cpus;
    SysBusDevice *gic = SYS_BUS_DEVICE(vms->gic);

    for (unsigned i = 0; i < n; i++) {
        ARMCPU *cpu = virt_cpu_create(vms, i, errp);

        if (!cpu) {
            return false;
        }
        vms->cpus[i] = cpu;
        vms->num_cpus = i + 1;
        arm_sys_cpu_set_siblings(cpu, vms->cpus, n);
        vms->gt_timer[i] = timer_new_ns(ms->clocks, QEMU_CLOCK_VIRTUAL,
                                        virt_gt_tick, cpu);
        vms->cpu_irq[2 * i] = qemu_allocate_irq(virt_cpu_irq_in, vms,
                                                2 * i);
        vms->cpu_irq[2 * i + 1] = qemu_allocate_irq(virt_cpu_irq_in, vms,
                                                    2 * i + 1);
        sysbus_connect_irq(gic, i, vms->cpu_irq[2 * i]);
        sysbus_connect_irq(gic, n + i, vms->cpu_irq[2 * i + 1]);
        arm_sys_attach(cpu, ms->sched);
        if (!arm_cpu_object_create(ms, cpu, i, errp)) {
            return false;
        }
    }
    if (vms->gic_version == 2) {
        arm_gic_set_cpu_index_fn(ARM_GIC(vms->gic), virt_current_cpu, vms);
    }
    if (ms->ram) {
        memory_region_set_ram_write_hook(ms->ram, virt_ram_written, vms);
    }
    vms->semihosting = ms->semihosting;
    virt_semi_init(vms);
    return true;
}

/* The EL a kernel is entered at: the highest the board implements. */
static unsigned virt_boot_el(VirtMachineState *vms)
{
    return vms->secure ? 3 : vms->virtualization ? 2 : 1;
}

void virt_cpus_reset(VirtMachineState *vms)
{
    MachineState *ms = MACHINE(vms);
    Error *err = NULL;

    if (vms->boot.format != ARM_BOOT_NONE &&
        !arm_boot_load(&vms->boot, &ms->as_memory, vms->fdt, vms->fdt_size,
                       &err)) {
        error_report_err(err);
    }
    for (unsigned i = 0; i < vms->num_cpus; i++) {
        ARMCPU *cpu = vms->cpus[i];

        arm_sys_cpu_reset(cpu);
        timer_del(vms->gt_timer[i]);
        if (i != 0) {
            arm_sys_power_off(cpu);
            continue;
        }
        if (vms->boot.format != ARM_BOOT_NONE) {
            arm_sys_cpu_set_entry(cpu, vms->boot.entry, virt_boot_el(vms),
                                  vms->boot.dtb_addr);
        }
        cpu->se->powered_off = false;
        cpu_scheduler_wake(ms->sched, cpu->se->sched_idx);
    }
}

void virt_cpus_finalize(VirtMachineState *vms)
{
    for (unsigned i = 0; i < vms->num_cpus; i++) {
        timer_free(vms->gt_timer[i]);
        qemu_free_irq(vms->cpu_irq[2 * i]);
        qemu_free_irq(vms->cpu_irq[2 * i + 1]);
        arm_sys_cpu_free(vms->cpus[i]);
    }
    vms->num_cpus = 0;
}
