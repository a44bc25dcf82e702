/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Local APIC drivers behind one ops table (arch/apic.h): Secure AVIC
 * (arch/x86_64/savic.c) in an SEV-SNP guest that has it, x2APIC (MSRs
 * 0x800+) when CPUID has it, else xAPIC (MMIO at the APIC base); and the
 * IOAPIC at 0xfec00000.
 */
#include "arch/apic.h"
#include "arch/sev.h"
#include "smp.h"
#include "mm.h"

#define IOAPIC_PHYS         0xfec00000
#define IOAPIC_REGSEL       0x00
#define IOAPIC_WIN          0x10
#define IOAPIC_VER          0x01
#define IOAPIC_REDIR        0x10

bool apic_present;
bool apic_x2;
const ApicOps *apic_ops;
static volatile uint32_t *xapic;
static volatile uint32_t *ioapic;
static Spinlock ioapic_lock;

/* ---- x2APIC: MSRs 0x800+ (under SNP without Secure AVIC: #VC 0x7C) ---- */

static uint32_t x2apic_read(uint32_t reg)
{
    return rdmsr(X2APIC_MSR(reg));
}

static void x2apic_write(uint32_t reg, uint32_t v)
{
    wrmsr(X2APIC_MSR(reg), v);
}

static void x2apic_icr(uint32_t dest, uint32_t icr)
{
    wrmsr(X2APIC_MSR(APIC_ICR), ((uint64_t)dest << 32) | icr);
}

static void x2apic_eoi(void)
{
    wrmsr(X2APIC_MSR(APIC_EOI), 0);
}

static void x2apic_enable(void)
{
    uint64_t base = rdmsr(MSR_APIC_BASE) | APIC_BASE_ENABLE;

    wrmsr(MSR_APIC_BASE, base);     /* xAPIC first: the legal order */
    wrmsr(MSR_APIC_BASE, base | APIC_BASE_X2);
}

static const ApicOps x2apic_ops = {
    .name = "x2APIC",
    .enable = x2apic_enable,
    .read = x2apic_read,
    .write = x2apic_write,
    .icr = x2apic_icr,
    .eoi = x2apic_eoi,
};

/* ---- xAPIC: MMIO at the APIC base ---- */

static uint32_t xapic_read(uint32_t reg)
{
    return xapic[reg / 4];
}

static void xapic_write(uint32_t reg, uint32_t v)
{
    xapic[reg / 4] = v;
}

static void xapic_icr(uint32_t dest, uint32_t icr)
{
    xapic_write(APIC_ICR2, dest << 24);
    xapic_write(APIC_ICR, icr);
    for (int i = 0; i < 1000000 && (xapic_read(APIC_ICR) & ICR_PENDING);
         i++) {
        cpu_relax();
    }
}

static void xapic_eoi(void)
{
    xapic_write(APIC_EOI, 0);
}

static void xapic_enable(void)
{
    uint64_t base = rdmsr(MSR_APIC_BASE) | APIC_BASE_ENABLE;

    wrmsr(MSR_APIC_BASE, base);
    if (!xapic) {
        xapic = ioremap(base & ~0xfffULL, PAGE_SIZE);
    }
}

static const ApicOps xapic_ops = {
    .name = "xAPIC",
    .enable = xapic_enable,
    .read = xapic_read,
    .write = xapic_write,
    .icr = xapic_icr,
    .eoi = xapic_eoi,
};

/* ---- the common interface ---- */

uint32_t lapic_read(uint32_t reg)
{
    return apic_ops->read(reg);
}

void lapic_write(uint32_t reg, uint32_t v)
{
    apic_ops->write(reg, v);
}

uint32_t lhwid(void)
{
    return apic_x2 ? lapic_read(APIC_ID) : lapic_read(APIC_ID) >> 24;
}

void lapic_icr(uint32_t dest, uint32_t icr)
{
    apic_ops->icr(dest, icr);
}

void apic_vector_setup(unsigned cpu, int vector, unsigned flags)
{
    if (apic_ops && apic_ops->vector_setup) {
        apic_ops->vector_setup(cpu, vector, flags);
    }
}

/* The boot CPU's choice (spec section 1.1: Secure AVIC needs x2APIC). */
static const ApicOps *lapic_pick(void)
{
    uint32_t r[4];

    cpuid(1, 0, r);
    apic_present = r[3] & BIT(9);
    apic_x2 = r[2] & BIT(21);
    if (sev_savic_active()) {
        if (!apic_present || !apic_x2) {
            sev_terminate(SEV_TERM_SET_LINUX, SEV_TERM_SAVIC_FAIL);
        }
        savic_probe(MAX(arch_cpu_count(), 1));
        return &savic_ops;
    }
    return apic_x2 ? &x2apic_ops : &xapic_ops;
}

/* Registers every driver programs the same way after its enable step. */
static void lapic_setup_regs(void)
{
    lapic_write(APIC_TPR, 0);
    lapic_write(APIC_LVT_TIMER, LVT_MASKED | VEC_TIMER);
    lapic_write(APIC_LVT_LINT0, LVT_MASKED);
    lapic_write(APIC_LVT_LINT1, LVT_MASKED);
    lapic_write(APIC_SVR, 0x100 | VEC_SPURIOUS);
}

/* The boot CPU picks the driver; each CPU then enables its own APIC. */
bool lapic_init(void)
{
    if (this_cpu()->id == 0) {
        apic_ops = lapic_pick();
        if (sev_snp_active()) {
            printf("sev: SEV-SNP guest, SEV_STATUS 0x%lx%s\n", sev_status,
                   sev_savic_active() ? " (Secure AVIC)" : "");
        }
        if (apic_present) {
            printf("apic: %s driver\n", apic_ops->name);
        }
    }
    if (!apic_present) {
        return false;
    }
    apic_ops->enable();
    lapic_setup_regs();
    this_cpu()->hwid = lhwid();
    return true;
}

bool lapic_teardown(void)
{
    if (!apic_ops || !apic_ops->disable) {
        return false;
    }
    apic_ops->disable();
    return true;
}

bool lapic_reenable(void)
{
    if (!apic_ops || !apic_ops->disable) {
        return false;
    }
    apic_ops->enable();
    lapic_setup_regs();
    return true;
}

void arch_eoi(void)
{
    if (apic_present) {
        apic_ops->eoi();
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
    /* Secure AVIC: the destination CPU lets the vector in */
    for (unsigned c = 0; c < nr_cpus; c++) {
        if (cpus[c].hwid == dest) {
            apic_vector_setup(c, vector, APIC_VEC_ALLOW |
                              (level ? APIC_VEC_LEVEL : 0));
        }
    }
}

void ioapic_mask(unsigned pin, bool masked)
{
    bool on = spin_lock_irqsave(&ioapic_lock);
    uint32_t lo = ioapic_read(IOAPIC_REDIR + 2 * pin);

    lo = masked ? lo | LVT_MASKED : lo & ~LVT_MASKED;
    ioapic_write(IOAPIC_REDIR + 2 * pin, lo);
    spin_unlock_irqrestore(&ioapic_lock, on);
}
