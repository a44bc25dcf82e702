/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * AMD Secure AVIC: the backing page as the CPU sees it (savic.h has the
 * model; specs/secure-avic.md sections 2-7 the facts).
 */
#include "qemu/osdep.h"
#include "savic.h"
#include "qemu/log.h"
#include "trace-target_i386.h"

/* ---- the backing page ---- */

static uint64_t savic_page(const SavicCPU *s)
{
    return s->ctrl & SAVIC_CTRL_GPA_MASK;
}

static uint32_t savic_ld(SavicCPU *s, unsigned off)
{
    return address_space_ldl_le(s->as, savic_page(s) + off,
                                MEMTXATTRS_UNSPECIFIED, NULL);
}

static void savic_st(SavicCPU *s, unsigned off, uint32_t val)
{
    address_space_stl_le(s->as, savic_page(s) + off, val,
                         MEMTXATTRS_UNSPECIFIED, NULL);
}

/* Bit @v of a 256-bit register at @base (8 dwords, 16-byte stride). */
static bool savic_test(SavicCPU *s, unsigned base, unsigned v)
{
    return savic_ld(s, base + (v / 32) * 16) & (1u << (v % 32));
}

static void savic_set(SavicCPU *s, unsigned base, unsigned v, bool on)
{
    unsigned off = base + (v / 32) * 16;
    uint32_t w = savic_ld(s, off);

    savic_st(s, off, on ? w | (1u << (v % 32)) : w & ~(1u << (v % 32)));
}

/* Highest set vector of a 256-bit register, or -1. */
static int savic_highest(SavicCPU *s, unsigned base)
{
    for (int i = 7; i >= 0; i--) {
        uint32_t w = savic_ld(s, base + i * 16);

        if (w) {
            return i * 32 + 31 - __builtin_clz(w);
        }
    }
    return -1;
}

/* PPR = TPR if its class is at least the in-service class, else ISRV. */
static uint32_t savic_update_ppr(SavicCPU *s)
{
    uint32_t tpr = savic_ld(s, SAVIC_TPR) & 0xff;
    int isrv = savic_highest(s, SAVIC_ISR);
    uint32_t ppr = tpr;

    if (isrv >= 0 && (tpr & 0xf0) < ((unsigned)isrv & 0xf0)) {
        ppr = isrv & 0xf0;
    }
    savic_st(s, SAVIC_PPR, ppr);
    return ppr;
}

/* ---- the vCPU ---- */

void savic_cpu_init(SavicCPU *s, AddressSpace *as, uint32_t apic_id,
                    bool selected)
{
    memset(s, 0, sizeof(*s));
    s->as = as;
    s->apic_id = apic_id;
    s->selected = selected;
}

void savic_cpu_reset(SavicCPU *s)
{
    s->ctrl = 0;
    memset(s->requested_irr, 0, sizeof(s->requested_irr));
    s->update_irr = false;
    s->host_nmi = false;
    s->nmi_pending = false;
    s->ipi_pending = false;
}

bool savic_ctrl_read(SavicCPU *s, uint64_t *val)
{
    if (!s->selected) {
        return false;
    }
    *val = s->ctrl;
    return true;
}

/* Is the whole page guest RAM? (MMIO or a hole: not a valid pointer.) */
static bool savic_gpa_valid(SavicCPU *s, uint64_t gpa)
{
    hwaddr xlat, len = 4096;
    MemoryRegion *mr = address_space_translate(s->as, gpa, &xlat, &len,
                                               true,
                                               MEMTXATTRS_UNSPECIFIED);

    return mr && memory_region_is_ram(mr) && len == 4096;
}

bool savic_ctrl_write(SavicCPU *s, uint64_t val)
{
    uint64_t reserved = ~(SAVIC_CTRL_GPA_MASK | SAVIC_CTRL_EN |
                          SAVIC_CTRL_ALLOWED_NMI);

    if (!s->selected || (val & reserved)) {
        return false;
    }
    if ((val & SAVIC_CTRL_EN) &&
        !savic_gpa_valid(s, val & SAVIC_CTRL_GPA_MASK)) {
        return false;
    }
    s->ctrl = val;
    trace_savic_ctrl(s->apic_id, val);
    if (savic_enabled(s)) {
        savic_update_ppr(s);
    }
    return true;
}

/* ---- x2APIC MSRs (section 4.1) ---- */

static const SavicResult savic_allow = { SAVIC_ALLOW, 0 };
static const SavicResult savic_gp = { SAVIC_GP, 0 };

static SavicResult savic_exit(SavicAccess kind, uint32_t code)
{
    return (SavicResult) { kind, code };
}

/* The x2APIC registers that exist, and whether they read/write. */
static bool savic_x2apic_readable(uint32_t reg)
{
    switch (reg) {
    case 0x02: case 0x03: case 0x08: case 0x0a: case 0x0d: case 0x0f:
    case 0x28: case 0x2f: case 0x30: case 0x3e:
        return true;
    default:
        return (reg >= 0x10 && reg <= 0x27) || (reg >= 0x32 && reg <= 0x39);
    }
}

static bool savic_x2apic_writable(uint32_t reg)
{
    switch (reg) {
    case 0x08: case 0x0b: case 0x0f: case 0x28: case 0x2f: case 0x30:
    case 0x3e: case 0x3f:
        return true;
    default:
        return reg >= 0x32 && reg <= 0x38;
    }
}

SavicResult savic_msr_read(SavicCPU *s, uint32_t msr, uint64_t *val)
{
    uint32_t reg = msr - 0x800;

    if (!s->selected || msr < 0x800 || msr > 0x8ff) {
        return savic_exit(SAVIC_NOT_MINE, 0);
    }
    if (!savic_enabled(s)) {
        return savic_exit(SAVIC_FAULT, SVM_EXIT_MSR);
    }
    if (!savic_x2apic_readable(reg)) {
        return savic_gp;
    }
    if (reg == 0x39) {                      /* TMCCT: only the HV has it */
        return savic_exit(SAVIC_FAULT, SVM_EXIT_AVIC_NOACCEL);
    }
    *val = savic_ld(s, reg << 4);
    if (reg == 0x30) {
        *val |= (uint64_t)savic_ld(s, SAVIC_ICR + 4) << 32;
    }
    return savic_allow;
}

/* The EOI write: accelerated for edge, trapped (after the clear) for level. */
static SavicResult savic_eoi(SavicCPU *s)
{
    int v = savic_highest(s, SAVIC_ISR);

    if (v < 0) {
        return savic_allow;
    }
    savic_set(s, SAVIC_ISR, v, false);
    savic_update_ppr(s);
    if (savic_test(s, SAVIC_TMR, v)) {
        return savic_exit(SAVIC_TRAP, SVM_EXIT_AVIC_NOACCEL);
    }
    return savic_allow;
}

/* ICR: self shorthand is accelerated; anything else is the guest's job. */
static SavicResult savic_icr(SavicCPU *s, uint64_t val)
{
    unsigned shorthand = (val >> 18) & 3, mode = (val >> 8) & 7;

    savic_st(s, SAVIC_ICR, val);
    savic_st(s, SAVIC_ICR + 4, val >> 32);
    if (shorthand != 1) {
        return savic_exit(SAVIC_TRAP, SVM_EXIT_AVIC_INCOMPLETE_IPI);
    }
    if (mode == 4) {
        s->nmi_pending = true;
    } else if (mode == 0) {
        savic_set(s, SAVIC_IRR, val & 0xff, true);
    } else {
        qemu_log_mask(LOG_UNIMP, "secure-avic: self ICR with delivery mode "
                      "%u ignored\n", mode);
    }
    return savic_allow;
}

SavicResult savic_msr_write(SavicCPU *s, uint32_t msr, uint64_t val)
{
    uint32_t reg = msr - 0x800;

    if (!s->selected || msr < 0x800 || msr > 0x8ff) {
        return savic_exit(SAVIC_NOT_MINE, 0);
    }
    if (!savic_enabled(s)) {
        return savic_exit(SAVIC_FAULT, SVM_EXIT_MSR);
    }
    if (!savic_x2apic_writable(reg) || (reg != 0x30 && (val >> 32))) {
        return savic_gp;
    }
    switch (reg) {
    case 0x08:                              /* TPR */
        savic_st(s, SAVIC_TPR, val & 0xff);
        savic_update_ppr(s);
        return savic_allow;
    case 0x0b:                              /* EOI: must be 0 in x2APIC */
        return val ? savic_gp : savic_eoi(s);
    case 0x3f:                              /* SELF_IPI */
        if (val & ~0xffull) {
            return savic_gp;
        }
        savic_set(s, SAVIC_IRR, val, true);
        return savic_allow;
    case 0x30:
        return savic_icr(s, val);
    default:                                /* SPIV, ESR, LVTs, timer */
        savic_st(s, reg << 4, val);
        return savic_exit(SAVIC_TRAP, SVM_EXIT_AVIC_NOACCEL);
    }
}

/* ---- injection (section 5) ---- */

void savic_request_irr(SavicCPU *s, uint8_t vector)
{
    s->requested_irr[vector / 32] |= 1u << (vector % 32);
    s->update_irr = true;
    s->stats.requested++;
    trace_savic_requested(s->apic_id, vector);
}

void savic_request_nmi(SavicCPU *s)
{
    s->host_nmi = true;
}

void savic_kick(SavicCPU *s)
{
    s->ipi_pending = true;
    trace_savic_kick(s->apic_id);
}

void savic_notify(SavicCPU *s)
{
    if (s->hv && s->hv->notify) {
        s->hv->notify(s->hv_opaque);
    }
}

int savic_hv_write_page(SavicCPU *s, unsigned offset, uint32_t val)
{
    uint64_t gpa = s->ctrl & SAVIC_CTRL_GPA_MASK;

    if (!gpa) {
        gpa = s->registered_gpa;
    }
    if (!gpa || offset > 4096 - 4 || (offset & 3)) {
        return -ENOENT;
    }
    if (!s->hv || !s->hv->page_shared ||
        !s->hv->page_shared(s->hv_opaque, gpa)) {
        s->stats.hv_writes_refused++;
        trace_savic_hv_write_refused(s->apic_id, gpa);
        return -EPERM;
    }
    address_space_stl_le(s->as, gpa + offset, val, MEMTXATTRS_UNSPECIFIED,
                         NULL);
    return 0;
}

bool savic_needs_entry(const SavicCPU *s)
{
    return s->update_irr || s->host_nmi || s->ipi_pending;
}

/* One trace event per set bit of dword @i of a 256-bit vector set. */
static void savic_trace_vectors(SavicCPU *s, unsigned i, uint32_t bits,
                                void (*ev)(uint32_t, unsigned))
{
    while (bits) {
        unsigned b = __builtin_ctz(bits);

        ev(s->apic_id, i * 32 + b);
        bits &= bits - 1;
    }
}

static void savic_merge(SavicCPU *s)
{
    for (unsigned i = 0; i < 8; i++) {
        uint32_t req = s->requested_irr[i], allowed, irr;

        if (!req) {
            continue;
        }
        allowed = savic_ld(s, SAVIC_ALLOWED_IRR + i * 16);
        irr = savic_ld(s, SAVIC_IRR + i * 16);
        savic_st(s, SAVIC_IRR + i * 16, irr | (req & allowed));
        s->stats.merged += __builtin_popcount(req & allowed);
        s->stats.blocked += __builtin_popcount(req & ~allowed);
        savic_trace_vectors(s, i, req & allowed, trace_savic_merged);
        savic_trace_vectors(s, i, req & ~allowed, trace_savic_blocked);
    }
}

void savic_enter(SavicCPU *s)
{
    if (savic_enabled(s)) {
        if (s->update_irr) {
            savic_merge(s);
        }
        if (savic_ld(s, SAVIC_NMI_REQ) & 1) {
            s->nmi_pending = true;
            savic_st(s, SAVIC_NMI_REQ, 0);
        }
        savic_update_ppr(s);
    } else if (s->update_irr) {
        /* Nothing to merge into: the requests are dropped, as at VMRUN. */
        for (unsigned i = 0; i < 8; i++) {
            s->stats.blocked += __builtin_popcount(s->requested_irr[i]);
            savic_trace_vectors(s, i, s->requested_irr[i],
                                trace_savic_blocked);
        }
    }
    if (s->host_nmi) {
        /* Our choice for an open point: a refused NMI is discarded. */
        if (savic_enabled(s) && (s->ctrl & SAVIC_CTRL_ALLOWED_NMI)) {
            s->nmi_pending = true;
            s->stats.nmi_accepted++;
            trace_savic_nmi_accepted(s->apic_id);
        } else {
            s->stats.nmi_refused++;
            trace_savic_nmi_refused(s->apic_id);
        }
    }
    memset(s->requested_irr, 0, sizeof(s->requested_irr));
    s->update_irr = false;
    s->host_nmi = false;
    s->ipi_pending = false;
}

int savic_pending_vector(SavicCPU *s)
{
    int v;

    if (!savic_enabled(s) || (v = savic_highest(s, SAVIC_IRR)) < 0) {
        return -1;
    }
    return ((unsigned)v & 0xf0) > (savic_ld(s, SAVIC_PPR) & 0xf0) ? v : -1;
}

void savic_accept(SavicCPU *s, int vector)
{
    savic_set(s, SAVIC_IRR, vector, false);
    savic_set(s, SAVIC_ISR, vector, true);
    savic_update_ppr(s);
    s->stats.delivered++;
    trace_savic_delivered(s->apic_id, vector);
}

bool savic_take_nmi(SavicCPU *s)
{
    bool taken = s->nmi_pending;

    s->nmi_pending = false;
    return taken;
}

/* ---- SAVIC VMGEXIT (section 7.1) ---- */

static SavicCPU *savic_find(SavicCPU *self, SavicCPU *const *cpus,
                            unsigned n, uint64_t apic_id)
{
    if (apic_id == SAVIC_SELF) {
        return self;
    }
    for (unsigned i = 0; i < n; i++) {
        if (cpus[i]->apic_id == apic_id) {
            return cpus[i];
        }
    }
    return NULL;
}

uint64_t savic_vmgexit(SavicCPU *self, SavicCPU *const *cpus, unsigned n,
                       uint64_t info1, uint64_t rax, bool rax_valid,
                       uint64_t *rbx, bool rbx_valid, uint64_t *info2)
{
    SavicCPU *t = rax_valid ? savic_find(self, cpus, n, rax) : NULL;

    *info2 = GHCB_ERR_INVALID_INPUT;
    if (!self->selected || !t) {
        return 2;
    }
    if (info1 == SAVIC_REGISTER_GPA) {
        if (!rbx_valid || (*rbx & 0xfff) || !savic_gpa_valid(t, *rbx)) {
            return 2;
        }
        t->registered_gpa = *rbx;
    } else if (info1 == SAVIC_UNREGISTER_GPA) {
        *rbx = t->registered_gpa;
        t->registered_gpa = 0;
    } else {
        return 2;
    }
    *info2 = 0;
    return 0;
}
