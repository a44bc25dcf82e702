/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Clocks of the x86_64 port: the TSC and the local APIC timer are both
 * calibrated against 10 ms of the 8254 PIT (channel 2, gated through
 * port 0x61); the APIC timer then ticks HZ times a second on the boot
 * CPU and drives the timer wheel.
 */
#include "timer.h"
#include "smp.h"
#include "arch/apic.h"

#define PIT_HZ              1193182
#define PIT_CH2             0x42
#define PIT_CMD             0x43
#define PORT_B              0x61
#define CALIBRATE_MS        10
#define APIC_DIV_16         0x3

uint64_t counter_hz;
uint64_t apic_timer_hz;         /* after the divide-by-16 */

/* Count 10 ms on PIT channel 2; returns false if OUT2 never rises. */
static bool pit_wait_10ms(void)
{
    uint16_t count = PIT_HZ * CALIBRATE_MS / 1000;

    outb(PORT_B, (inb(PORT_B) & ~0x02) | 0x01);     /* gate on, no sound */
    outb(PIT_CMD, 0xb0);                /* channel 2, lo/hi, mode 0 */
    outb(PIT_CH2, count & 0xff);
    outb(PIT_CH2, count >> 8);
    for (uint64_t i = 0; i < 100000000; i++) {
        if (inb(PORT_B) & 0x20) {
            return true;
        }
    }
    return false;
}

static void calibrate(void)
{
    uint64_t t0, t1;
    uint32_t left = 0;

    if (apic_present) {
        lapic_write(APIC_TIMER_DIV, APIC_DIV_16);
        lapic_write(APIC_TIMER_INIT, 0xffffffff);
    }
    t0 = rdtsc();
    if (!pit_wait_10ms()) {
        printf("time: PIT channel 2 does not count; assuming 1 GHz TSC\n");
        counter_hz = 1000000000;
        apic_timer_hz = 62500000;
        return;
    }
    t1 = rdtsc();
    if (apic_present) {
        left = lapic_read(APIC_TIMER_CUR);
        lapic_write(APIC_TIMER_INIT, 0);
        apic_timer_hz = (uint64_t)(0xffffffffu - left) * 1000 /
                        CALIBRATE_MS;
    }
    counter_hz = (t1 - t0) * 1000 / CALIBRATE_MS;
}

static void timer_irq(TrapFrame *tf, void *opaque)
{
    Cpu *c = this_cpu();

    c->ticks++;
    if (c->id == 0) {
        timer_wheel_tick();
    }
}

void lapic_timer_periodic(unsigned hz)
{
    lapic_write(APIC_TIMER_DIV, APIC_DIV_16);
    lapic_write(APIC_LVT_TIMER, LVT_PERIODIC | VEC_TIMER);
    lapic_write(APIC_TIMER_INIT, MAX(apic_timer_hz / hz, 1));
}

void lapic_timer_stop(void)
{
    lapic_write(APIC_LVT_TIMER, LVT_MASKED | VEC_TIMER);
    lapic_write(APIC_TIMER_INIT, 0);
}

void arch_timer_start(unsigned hz)
{
    if (apic_present) {
        lapic_timer_periodic(hz);
    }
}

void time_init(void)
{
    if (lapic_init()) {
        printf("apic: %s mode, id %u\n", apic_x2 ? "x2APIC" : "xAPIC",
               this_cpu()->hwid);
        ioapic_init();
    } else {
        printf("apic: none (CPUID.1:EDX.APIC clear); no timer interrupts\n");
    }
    irq_set_handler(VEC_TIMER, timer_irq, NULL);
    calibrate();
    printf("time: TSC %lu kHz, APIC timer %lu kHz\n", counter_hz / 1000,
           apic_timer_hz / 1000);
    arch_timer_start(HZ);
    irq_enable();
}
