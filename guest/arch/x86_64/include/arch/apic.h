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


#define APIC_BASE_ENABLE    BIT(11)
#define APIC_BASE_X2        BIT(10)
#define APIC_TMR            0x180
#define APIC_SELF_IPI       0x3f0
#define X2APIC_MSR(reg)     (0x800 + ((reg) >> 4))

/*
 * The local APIC driver: one ops table per kind, chosen by the boot CPU
 * in lapic_init() (Secure AVIC when SEV_STATUS says so, else x2APIC when
 * CPUID has it, else xAPIC).  @enable runs on each CPU; @vector_setup
 * (Secure AVIC only) lets a vector in (ALLOWED_IRR) and marks it level
 * (TMR) for CPU @cpu; @disable undoes @enable (teardown, kexec).
 */
#define APIC_VEC_ALLOW      BIT(0)
#define APIC_VEC_LEVEL      BIT(1)

typedef struct ApicOps {
    const char *name;
    void (*enable)(void);
    uint32_t (*read)(uint32_t reg);
    void (*write)(uint32_t reg, uint32_t v);
    void (*icr)(uint32_t dest, uint32_t icr);
    void (*eoi)(void);
    void (*vector_setup)(unsigned cpu, int vector, unsigned flags);
    void (*disable)(void);
} ApicOps;

extern const ApicOps *apic_ops;
extern const ApicOps savic_ops;

/* Secure AVIC driver internals shared with the #VC handler and tests. */
void savic_probe(unsigned ncpus);
void savic_send_icr(uint64_t icr);
uint8_t *savic_page(unsigned cpu);

/* Let @vector reach CPU @cpu (no-op without Secure AVIC). */
void apic_vector_setup(unsigned cpu, int vector, unsigned flags);
/* Teardown and re-enable of this CPU's APIC (false: not supported). */
bool lapic_teardown(void);
bool lapic_reenable(void);

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
