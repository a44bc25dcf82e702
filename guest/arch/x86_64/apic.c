/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Local APIC in x2APIC mode (MSRs 0x800+) when CPUID has it, else xAPIC
 * (MMIO at the APIC base), and the IOAPIC at 0xfec00000.
 */
#include "arch/apic.h"
#include "smp.h"
#include "mm.h"

#define APIC_BASE_ENABLE    BIT(11)
#define APIC_BASE_X2        BIT(10)
#define IOAPIC_PHYS         0xfec00000
#define IOAPIC_REGSEL       0x00
#define IOAPIC_WIN          0x10
#define IOAPIC_VER          0x01
#define IOAPIC_REDIR        0x10

bool apic_present;
bool apic_x2;
static volatile uint32_t *xapic;
static volatile uint32_t *ioapic;
static Spinlock ioapic_lock;

uint32_t lapic_read(uint32_t reg)
{
    if (apic_x2) {
        return rdmsr(0x800 + (reg >> 4));
    }
    return xapic[reg / 4];
}

void lapic_write(uint32_t reg, uint32_t v)
{
    if (apic_x2) {
        wrmsr(0x800 + (reg >> 4), v);
    } else {
        xapic[reg / 4] = v;
    }
}

uint32_t lhwid(void)
{
    return apic_x2 ? lapic_read(APIC_ID) : lapic_read(APIC_ID) >> 24;
}

void lapic_icr(uint32_t dest, uint32_t icr)
{
    if (apic_x2) {
        wrmsr(0x800 + (APIC_ICR >> 4), ((uint64_t)dest << 32) | icr);
        return;
    }
    lapic_write(APIC_ICR2, dest << 24);
    lapic_write(APIC_ICR, icr);
    for (int i = 0; i < 1000000 && (lapic_read(APIC_ICR) & ICR_PENDING);
         i++) {
        cpu_relax();
    }
}

/* The boot CPU picks the mode; each CPU then enables its own APIC. */
bool lapic_init(void)
{
    uint32_t r[4];
    uint64_t base;

    if (this_cpu()->id == 0) {
        cpuid(1, 0, r);
        apic_present = r[3] & BIT(9);
        apic_x2 = r[2] & BIT(21);
    }
    if (!apic_present) {
        return false;
    }
    base = rdmsr(MSR_APIC_BASE) | APIC_BASE_ENABLE;
    wrmsr(MSR_APIC_BASE, base);
    if (apic_x2) {
        wrmsr(MSR_APIC_BASE, base | APIC_BASE_X2);
    } else if (!xapic) {
        xapic = ioremap(base & ~0xfffULL, PAGE_SIZE);
    }
    lapic_write(APIC_TPR, 0);
    lapic_write(APIC_LVT_TIMER, LVT_MASKED | VEC_TIMER);
    lapic_write(APIC_LVT_LINT0, LVT_MASKED);
    lapic_write(APIC_LVT_LINT1, LVT_MASKED);
    lapic_write(APIC_SVR, 0x100 | VEC_SPURIOUS);
    this_cpu()->hwid = lhwid();
    return true;
}

void arch_eoi(void)
{
    if (apic_present) {
        lapic_write(APIC_EOI, 0);
    }
}

void arch_send_ipi(unsigned cpu, int vector)
{
    lapic_icr(cpus[cpu].hwid, ICR_FIXED | ICR_ASSERT | vector);
}

static uint32_t ioapic_read(uint32_t reg)
{
    ioapic[IOAPIC_REGSEL / 4] = reg;
    return ioapic[IOAPIC_WIN / 4];
}

static void ioapic_write(uint32_t reg, uint32_t v)
{
    ioapic[IOAPIC_REGSEL / 4] = reg;
    ioapic[IOAPIC_WIN / 4] = v;
}

unsigned ioapic_nr_pins(void)
{
    return ioapic ? ((ioapic_read(IOAPIC_VER) >> 16) & 0xff) + 1 : 0;
}

/* Every pin masked; routes are set up by the drivers that need them. */
void ioapic_init(void)
{
    ioapic = ioremap(IOAPIC_PHYS, PAGE_SIZE);
    for (unsigned pin = 0; pin < ioapic_nr_pins(); pin++) {
        ioapic_write(IOAPIC_REDIR + 2 * pin, LVT_MASKED);
        ioapic_write(IOAPIC_REDIR + 2 * pin + 1, 0);
    }
}

void ioapic_route(unsigned pin, int vector, uint32_t dest, bool level,
                  bool active_low)
{
    uint32_t lo = vector | (active_low ? BIT(13) : 0) |
                  (level ? BIT(15) : 0);
    bool on = spin_lock_irqsave(&ioapic_lock);

    ioapic_write(IOAPIC_REDIR + 2 * pin + 1, dest << 24);
    ioapic_write(IOAPIC_REDIR + 2 * pin, lo);
    spin_unlock_irqrestore(&ioapic_lock, on);
}

void ioapic_mask(unsigned pin, bool masked)
{
    bool on = spin_lock_irqsave(&ioapic_lock);
    uint32_t lo = ioapic_read(IOAPIC_REDIR + 2 * pin);

    lo = masked ? lo | LVT_MASKED : lo & ~LVT_MASKED;
    ioapic_write(IOAPIC_REDIR + 2 * pin, lo);
    spin_unlock_irqrestore(&ioapic_lock, on);
}
