/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Clocks of the aarch64 port: the generic timer.  The counter
 * (CNTVCT_EL0) runs at CNTFRQ_EL0; the boot CPU's virtual timer
 * (CNTV, a PPI) ticks HZ times a second and drives the timer wheel.
 */
#include "timer.h"
#include "smp.h"
#include "arch/platform.h"

#define CNTV_CTL_ENABLE     BIT(0)
#define CNTV_CTL_IMASK      BIT(1)

uint64_t counter_hz;
static uint64_t tick_period;

static void timer_irq(TrapFrame *tf, void *opaque)
{
    Cpu *c = this_cpu();

    /* the next tick, relative to now (a late tick does not pile up) */
    sysreg_write(cntv_tval_el0, tick_period);
    c->ticks++;
    if (c->id == 0) {
        timer_wheel_tick();
    }
}

void arch_timer_start(unsigned hz)
{
    tick_period = MAX(counter_hz / hz, 1);
    sysreg_write(cntv_tval_el0, tick_period);
    sysreg_write(cntv_ctl_el0, CNTV_CTL_ENABLE);
    isb();
}

void arch_timer_stop(void);
void arch_timer_stop(void)
{
    sysreg_write(cntv_ctl_el0, CNTV_CTL_IMASK);
    isb();
}

void time_init(void)
{
    counter_hz = sysreg_read(cntfrq_el0);
    if (!counter_hz) {
        printf("time: CNTFRQ_EL0 is 0; assuming 62.5 MHz\n");
        counter_hz = 62500000;
    }
    printf("platform: entered at EL%lu, dtb at %lx (%s), %u CPUs, "
           "PSCI %s, PCI ECAM %lx\n", boot_el,
           plat.fdt_pa, boot_dtb_from_x0 ? "x0" : "RAM base", plat.nr_cpus,
           !plat.psci ? "none" : plat.psci_smc ? "smc" : "hvc", plat.ecam);
    /* ID_AA64PFR0_EL1.GIC: the system-register CPU interface exists */
    if (!plat.gic_v3 || !((sysreg_read(id_aa64pfr0_el1) >> 24) & 0xf)) {
        printf("gic: no GICv3 (use -machine virt,gic-version=3); "
               "no interrupts, one CPU\n");
        return;
    }
    gic_init();
    gic_cpu_init();
    irq_set_handler(VEC_TIMER, timer_irq, NULL);
    printf("gic: v3, distributor %lx, redistributors %lx; timer PPI %u\n",
           plat.gicd, plat.gicr, plat.timer_intid);
    printf("time: counter %lu kHz\n", counter_hz / 1000);
    arch_timer_start(HZ);
    irq_enable();
}
