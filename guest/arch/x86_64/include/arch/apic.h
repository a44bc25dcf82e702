/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Local APIC (x2APIC or xAPIC) and IOAPIC of the x86_64 port. */
#ifndef ARCH_APIC_H
#define ARCH_APIC_H

#include "arch/cpu.h"

#define APIC_ID             0x20
#define APIC_VERSION        0x30
#define APIC_TPR            0x80
#define APIC_EOI            0xb0
#define APIC_SVR            0xf0
#define APIC_ISR            0x100
#define APIC_IRR            0x200
#define APIC_ESR            0x280
#define APIC_ICR            0x300
#define APIC_ICR2           0x310
#define APIC_LVT_TIMER      0x320
#define APIC_LVT_LINT0      0x350
#define APIC_LVT_LINT1      0x360
#define APIC_LVT_ERROR      0x370
#define APIC_TIMER_INIT     0x380
#define APIC_TIMER_CUR      0x390
#define APIC_TIMER_DIV      0x3e0

#define ICR_FIXED           0x000
#define ICR_NMI             0x400
#define ICR_INIT            0x500
#define ICR_STARTUP         0x600
#define ICR_PENDING         BIT(12)
#define ICR_ASSERT          BIT(14)
#define ICR_LEVEL           BIT(15)
#define ICR_SELF            (1u << 18)
#define ICR_ALL_BUT_SELF    (3u << 18)
#define LVT_MASKED          BIT(16)
#define LVT_PERIODIC        BIT(17)


extern bool apic_present;
extern bool apic_x2;
extern uint64_t apic_timer_hz;

bool lapic_init(void);
uint32_t lapic_read(uint32_t reg);
void lapic_write(uint32_t reg, uint32_t v);
uint32_t lhwid(void);
/* Send to @dest (APIC ID) unless @icr has a shorthand. */
void lapic_icr(uint32_t dest, uint32_t icr);
void lapic_timer_periodic(unsigned hz);
void lapic_timer_stop(void);

void ioapic_init(void);
unsigned ioapic_nr_pins(void);
void ioapic_route(unsigned pin, int vector, uint32_t dest, bool level,
                  bool active_low);
void ioapic_mask(unsigned pin, bool masked);

#endif
