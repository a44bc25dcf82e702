/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Secure AVIC APIC driver (../shared/specs/secure-avic.md sections
 * 3-7).  Each CPU owns a private 4 KiB backing page holding its x2APIC
 * registers; the CPU serves most x2APIC MSRs from it.  This driver:
 *   - brings a CPU up as section 7.2 says: APIC ID from the hypervisor
 *     (RDMSR 0x802, still intercepted), written into the page; the page
 *     registered with the SAVIC event; the control MSR set to
 *     page | AllowedNmi | SecureAvicEn; stale ISR bits EOI'd; the timer
 *     vector allowed in ALLOWED_IRR;
 *   - reads and writes page-resident registers in the page, and the
 *     hypervisor's registers (timer, LVTs) with GHCB MSR exits;
 *   - sends IPIs by setting the vector (or NMI_REQ) in each target's
 *     page, then kicking it with a GHCB MSR write of the ICR; self IPIs
 *     use the accelerated ICR-self / SELF_IPI path;
 *   - lets device vectors in per CPU (ALLOWED_IRR, TMR for level ones);
 *   - tears down (control MSR 0, unregister) and re-enables on a fresh
 *     page that inherits the allowed vectors (kexec-like).
 * EOI is the native WRMSR: accelerated for edge vectors; for a level
 * vector (TMR set) the CPU clears ISR and traps (#VC 0x402), and the #VC
 * handler forwards the EOI to the hypervisor's APIC and IOAPIC.
 */
#include "arch/apic.h"
#include "arch/sev.h"
#include "smp.h"
#include "mm.h"

#define SAVIC_ALLOWED_IRR   0x204
#define SAVIC_NMI_REQ       0x278
#define ICR_MODE(icr)       (((icr) >> 8) & 7)
#define ICR_MODE_FIXED      0
#define ICR_MODE_NMI        4

static uint8_t *pages[MAX_CPUS];
static unsigned savic_ncpus;

static volatile uint32_t *reg32(unsigned cpu, unsigned off)
{
    return (volatile uint32_t *)(pages[cpu] + off);
}

uint8_t *savic_page(unsigned cpu)
{
    return cpu < savic_ncpus ? pages[cpu] : NULL;
}

/* One zeroed page per possible CPU (private memory: the default). */
void savic_probe(unsigned ncpus)
{
    savic_ncpus = MIN(ncpus, (unsigned)MAX_CPUS);
    for (unsigned i = 0; i < savic_ncpus; i++) {
        pages[i] = page_alloc_virt(1);
        if (!pages[i]) {
            sev_terminate(SEV_TERM_SET_LINUX, SEV_TERM_SAVIC_FAIL);
        }
    }
}

/* Atomic bit @v of a 256-bit register at @base (8 dwords, 16 apart). */
static void vec_bit(unsigned cpu, unsigned base, int v, bool on)
{
    volatile uint32_t *w = reg32(cpu, base + (v / 32) * 16);

    if (on) {
        __atomic_fetch_or(w, 1u << (v % 32), __ATOMIC_SEQ_CST);
    } else {
        __atomic_fetch_and(w, ~(1u << (v % 32)), __ATOMIC_SEQ_CST);
    }
}

static void savic_vector_setup(unsigned cpu, int v, unsigned flags)
{
    if (cpu >= savic_ncpus || v < 0 || v > 255) {
        return;
    }
    vec_bit(cpu, APIC_TMR, v, flags & APIC_VEC_LEVEL);
    vec_bit(cpu, SAVIC_ALLOWED_IRR, v, flags & APIC_VEC_ALLOW);
}

/* Registers only the hypervisor has: timer and LVTs (GHCB MSR exits). */
static bool hv_reg(uint32_t reg)
{
    return (reg >= APIC_LVT_TIMER && reg <= APIC_LVT_ERROR) ||
           reg == APIC_TIMER_INIT || reg == APIC_TIMER_CUR ||
           reg == APIC_TIMER_DIV;
}

static uint32_t savic_read(uint32_t reg)
{
    uint64_t v = 0;

    if (hv_reg(reg)) {
        return ghcb_msr_read(X2APIC_MSR(reg), &v) ? 0 : v;
    }
    return *reg32(this_cpu()->id, reg & 0xff0);
}

static void savic_eoi(void)
{
    wrmsr(X2APIC_MSR(APIC_EOI), 0);
}

static void savic_write(uint32_t reg, uint32_t v)
{
    unsigned id = this_cpu()->id;

    switch (reg) {
    case APIC_EOI:
        savic_eoi();
        return;
    case APIC_TPR:
        wrmsr(X2APIC_MSR(APIC_TPR), v);         /* accelerated */
        return;
    case APIC_SELF_IPI:
        wrmsr(X2APIC_MSR(APIC_SELF_IPI), v);    /* accelerated */
        return;
    case APIC_ICR:
        savic_send_icr(v);
        return;
    case APIC_SVR:
        /* the hypervisor's APIC must be software-enabled too */
        *reg32(id, reg) = v;
        ghcb_msr_write(X2APIC_MSR(reg), v);
        return;
    }
    if (hv_reg(reg)) {
        if (reg != APIC_TIMER_INIT) {
            *reg32(id, reg) = v;                /* shadow for reads */
        }
        ghcb_msr_write(X2APIC_MSR(reg), v);
        return;
    }
    *reg32(id, reg & 0xff0) = v;
}

/* Make the interrupt pending in CPU @c's page (IRR or NMI_REQ). */
static void savic_post(unsigned c, uint32_t lo)
{
    if (ICR_MODE(lo) == ICR_MODE_NMI) {
        __atomic_store_n(reg32(c, SAVIC_NMI_REQ), 1, __ATOMIC_SEQ_CST);
    } else if (ICR_MODE(lo) == ICR_MODE_FIXED) {
        vec_bit(c, APIC_IRR, lo & 0xff, true);
    }
}

static bool savic_is_target(unsigned c, unsigned self, unsigned sh,
                            uint32_t dest)
{
    if (c != self && !cpus[c].online) {
        return false;
    }
    return sh == 0 ? cpus[c].hwid == dest : c != self;
}

/*
 * Section 6: self via the accelerated ICR; every other target gets the
 * vector in its page, then one GHCB ICR write (the kick) each.  INIT and
 * STARTUP are not sent: APs start with AP creation.
 */
void savic_send_icr(uint64_t icr)
{
    unsigned sh = (icr >> 18) & 3, self = this_cpu()->id;
    uint32_t lo = (uint32_t)icr & ~(3u << 18), dest = icr >> 32;
    bool on;

    if (ICR_MODE(lo) != ICR_MODE_FIXED && ICR_MODE(lo) != ICR_MODE_NMI) {
        return;
    }
    if (sh == 1 || sh == 2 || (sh == 0 && dest == cpus[self].hwid)) {
        wrmsr(X2APIC_MSR(APIC_ICR), lo | ICR_SELF);
    }
    if (sh == 1) {
        return;
    }
    on = irq_save();
    for (unsigned c = 0; c < savic_ncpus; c++) {
        if (c == self || !savic_is_target(c, self, sh, dest)) {
            continue;
        }
        savic_post(c, lo);
        ghcb_msr_write(X2APIC_MSR(APIC_ICR),
                       (uint64_t)cpus[c].hwid << 32 | lo);
    }
    *reg32(self, APIC_ICR) = lo;
    *reg32(self, APIC_ICR + 4) = dest;
    irq_restore(on);
}

static void savic_icr(uint32_t dest, uint32_t icr)
{
    savic_send_icr((uint64_t)dest << 32 | icr);
}

/* S11: an APIC ID another online CPU already has is refused. */
static void savic_check_id(unsigned id, uint32_t apic_id)
{
    for (unsigned c = 0; c < savic_ncpus; c++) {
        if (c != id && cpus[c].online && cpus[c].hwid == apic_id) {
            sev_terminate(SEV_TERM_SET_LINUX, SEV_TERM_SAVIC_FAIL);
        }
    }
}

static void savic_enable(void)
{
    unsigned id = this_cpu()->id;
    uint64_t base = rdmsr(MSR_APIC_BASE), pa;
    uint32_t apic_id;

    if (id >= savic_ncpus) {
        sev_terminate(SEV_TERM_SET_LINUX, SEV_TERM_SAVIC_FAIL);
    }
    if (!(base & APIC_BASE_X2)) {               /* hypervisor's APIC */
        wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
        wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE | APIC_BASE_X2);
    }
    apic_id = rdmsr(X2APIC_MSR(APIC_ID));      /* still intercepted */
    savic_check_id(id, apic_id);
    *reg32(id, APIC_ID) = apic_id;
    pa = v2p(pages[id]);
    if (sev_savic_register(pa)) {
        sev_terminate(SEV_TERM_SET_LINUX, SEV_TERM_SAVIC_FAIL);
    }
    wrmsr(MSR_SAVIC_CONTROL, pa | SAVIC_CTRL_ALLOWED_NMI | SAVIC_CTRL_EN);
    /* stale in-service vectors (a previous kernel): one EOI each */
    for (int i = 0; i < 256 && *reg32(id, APIC_ISR) | *reg32(id, 0x110) |
         *reg32(id, 0x120) | *reg32(id, 0x130) | *reg32(id, 0x140) |
         *reg32(id, 0x150) | *reg32(id, 0x160) | *reg32(id, 0x170); i++) {
        savic_eoi();
    }
    savic_vector_setup(id, VEC_TIMER, APIC_VEC_ALLOW);
}

/*
 * Section 7.3: Secure AVIC off, page unregistered.  The next enable uses
 * a fresh page that keeps only the guest's own settings (ALLOWED_IRR,
 * TMR); what was pending in the old page is gone, as after kexec.
 */
static void savic_disable(void)
{
    unsigned id = this_cpu()->id;
    uint8_t *old = pages[id], *fresh = page_alloc_virt(1);
    uint64_t gpa = 0;

    wrmsr(MSR_SAVIC_CONTROL, 0);
    if (sev_savic_unregister(&gpa) || gpa != v2p(old) || !fresh) {
        sev_terminate(SEV_TERM_SET_LINUX, SEV_TERM_SAVIC_FAIL);
    }
    for (int i = 0; i < 8; i++) {
        *(uint32_t *)(fresh + SAVIC_ALLOWED_IRR + i * 16) =
            *(uint32_t *)(old + SAVIC_ALLOWED_IRR + i * 16);
        *(uint32_t *)(fresh + APIC_TMR + i * 16) =
            *(uint32_t *)(old + APIC_TMR + i * 16);
    }
    pages[id] = fresh;
    page_free(v2p(old), 1);
}

const ApicOps savic_ops = {
    .name = "Secure AVIC",
    .enable = savic_enable,
    .read = savic_read,
    .write = savic_write,
    .icr = savic_icr,
    .eoi = savic_eoi,
    .vector_setup = savic_vector_setup,
    .disable = savic_disable,
};
