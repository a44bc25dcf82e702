/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SEV-SNP guest side: detection, the GHCB (MSR protocol, one shared page
 * per CPU registered with the hypervisor), page-protocol calls, AP
 * creation from a VMSA and the Secure AVIC register/unregister event.
 *
 * Detection runs before anything can take a #VC safely: boot.S calls
 * sev_early_init() with an early IDT whose vector 29 reaches
 * vc_dispatch(), which answers CPUID through the GHCB MSR protocol until
 * the GHCB page is registered.  Without SEV-ES no #VC ever happens and
 * CPUID 0x8000001F (when the CPU has it) says SEV is off.
 */
#include "arch/sev.h"
#include "smp.h"
#include "mm.h"

#define GHCB_MSR_SEV_INFO_REQ   0x002
#define GHCB_MSR_SEV_INFO_RESP  0x001
#define GHCB_MSR_REG_REQ        0x012
#define GHCB_MSR_REG_RESP       0x013
#define GHCB_MSR_PSC_REQ        0x014
#define GHCB_MSR_PSC_RESP       0x015
#define GHCB_MSR_TERM_REQ       0x100
#define PSC_SHARED              2ULL
#define GHCB_VERSION            2
#define GHCB_NEST               3
/* SEV_STATUS bits this kernel implements (the rest: terminate). */
#define SEV_STATUS_KNOWN        (SEV_STATUS_SEV | SEV_STATUS_SEV_ES | \
                                 SEV_STATUS_SNP | SEV_STATUS_SAVIC)

typedef struct __packed IdtGate {
    uint16_t off_lo;
    uint16_t sel;
    uint8_t ist;
    uint8_t type;
    uint16_t off_mid;
    uint32_t off_hi;
    uint32_t reserved;
} IdtGate;

typedef struct __aligned(PAGE_SIZE) GhcbCpu {
    uint8_t page[PAGE_SIZE];        /* shared with the hypervisor */
    /* outer users' pages, saved by nested ones (NMI, #VC in NMI) */
    uint8_t backup[GHCB_NEST - 1][PAGE_SIZE];
    bool irq_on[GHCB_NEST];
    unsigned depth;
    bool ready;
} GhcbCpu;

uint64_t sev_status;
SevStats sev_stats[MAX_CPUS];
static GhcbCpu ghcb_cpus[MAX_CPUS];
static IdtGate early_idt[32] __aligned(16);

extern const char trap_stubs[];

static inline void vmgexit(void)
{
    __asm__ volatile("rep; vmmcall" ::: "memory");
}

static uint64_t ghcb_msr_protocol(uint64_t req)
{
    wrmsr(MSR_GHCB, req);
    vmgexit();
    return rdmsr(MSR_GHCB);
}

__noreturn void sev_terminate(unsigned set, unsigned code)
{
    for (;;) {
        ghcb_msr_protocol(GHCB_MSR_TERM_REQ | (set & 0xf) << 12 |
                          (uint64_t)(code & 0xff) << 16);
        __asm__ volatile("cli; hlt");
    }
}

/* The calling CPU's GHCB state, from the GPA in the GHCB MSR; or NULL. */
static GhcbCpu *ghcb_cpu_of_msr(void)
{
    uint64_t gpa = rdmsr(MSR_GHCB), base = v2p(ghcb_cpus);
    uint64_t i = (gpa - base) / sizeof(GhcbCpu);

    if (gpa < base || i >= MAX_CPUS ||
        gpa != base + i * sizeof(GhcbCpu) || !ghcb_cpus[i].ready) {
        return NULL;
    }
    return &ghcb_cpus[i];
}

bool ghcb_ready(void)
{
    return ghcb_cpu_of_msr() != NULL;
}

unsigned sev_cpu_index(void)
{
    GhcbCpu *c = ghcb_cpu_of_msr();

    return c ? c - ghcb_cpus : 0;
}

uint8_t *ghcb_begin(void)
{
    bool on = irq_save();
    GhcbCpu *c = ghcb_cpu_of_msr();

    if (!c) {
        sev_terminate(SEV_TERM_SET_LINUX, 0x7f);
    }
    if (c->depth >= GHCB_NEST) {
        sev_terminate(SEV_TERM_SET_LINUX, 0x7d);
    }
    if (c->depth) {
        memcpy(c->backup[c->depth - 1], c->page, PAGE_SIZE);
    }
    c->irq_on[c->depth++] = on;
    return c->page;
}

void ghcb_end(uint8_t *g)
{
    GhcbCpu *c = (GhcbCpu *)g;       /* the page comes first */
    bool on = c->irq_on[--c->depth];

    if (c->depth) {
        memcpy(c->page, c->backup[c->depth - 1], PAGE_SIZE);
    }
    irq_restore(on);
}

void ghcb_set(uint8_t *g, unsigned off, uint64_t v)
{
    *(volatile uint64_t *)(g + off) = v;
    g[0x3f0 + off / 64] |= 1u << ((off / 8) % 8);
}

uint64_t ghcb_get(uint8_t *g, unsigned off)
{
    return *(volatile uint64_t *)(g + off);
}

void ghcb_clear(uint8_t *g)
{
    memset(g + 0x3f0, 0, 16);
}

uint32_t ghcb_call(uint8_t *g, uint64_t code, uint64_t info1,
                   uint64_t info2)
{
    ghcb_set(g, GHCB_EXITCODE, code);
    ghcb_set(g, GHCB_EXITINFO1, info1);
    ghcb_set(g, GHCB_EXITINFO2, info2);
    *(volatile uint16_t *)(g + 0xffa) = GHCB_VERSION;
    *(volatile uint32_t *)(g + 0xffc) = 0;
    wrmsr(MSR_GHCB, v2p(g));
    vmgexit();
    return (uint32_t)ghcb_get(g, GHCB_EXITINFO1);
}

int ghcb_msr_read(uint32_t msr, uint64_t *v)
{
    uint8_t *g = ghcb_begin();
    int ret = 0;

    ghcb_clear(g);
    ghcb_set(g, GHCB_RCX, msr);
    if (ghcb_call(g, SVM_EXIT_MSR, 0, 0)) {
        ret = -1;
    } else {
        *v = (uint32_t)ghcb_get(g, GHCB_RAX) | ghcb_get(g, GHCB_RDX) << 32;
    }
    ghcb_end(g);
    return ret;
}

int ghcb_msr_write(uint32_t msr, uint64_t v)
{
    uint8_t *g = ghcb_begin();
    int ret;

    ghcb_clear(g);
    ghcb_set(g, GHCB_RCX, msr);
    ghcb_set(g, GHCB_RAX, (uint32_t)v);
    ghcb_set(g, GHCB_RDX, v >> 32);
    ret = ghcb_call(g, SVM_EXIT_MSR, 1, 0) ? -1 : 0;
    ghcb_end(g);
    return ret;
}

/* Register CPU @i's GHCB page and make it shared (MSR protocol). */
static void ghcb_register(unsigned i)
{
    uint64_t gpa = v2p(ghcb_cpus[i].page);

    if (ghcb_msr_protocol(gpa | GHCB_MSR_REG_REQ) !=
        (gpa | GHCB_MSR_REG_RESP) ||
        ghcb_msr_protocol(gpa | PSC_SHARED << 52 | GHCB_MSR_PSC_REQ) !=
        GHCB_MSR_PSC_RESP) {
        sev_terminate(SEV_TERM_SET_LINUX, 0x7e);
    }
    ghcb_cpus[i].ready = true;
    wrmsr(MSR_GHCB, gpa);
}

static void early_idt_load(void)
{
    struct __packed {
        uint16_t limit;
        uint64_t base;
    } p = { sizeof(early_idt) - 1, (uint64_t)early_idt };

    for (int v = 0; v < 32; v++) {
        uint64_t h = (uint64_t)trap_stubs + 16 * v;

        early_idt[v] = (IdtGate) {
            .off_lo = h & 0xffff, .sel = 0x08, .type = 0x8e,
            .off_mid = (h >> 16) & 0xffff, .off_hi = h >> 32,
        };
    }
    __asm__ volatile("lidt %0" : : "m"(p));
}

static void sev_detect(void)
{
    uint32_t r[4];
    uint64_t info;

    cpuid(0x80000000, 0, r);
    if (r[0] < 0x8000001f) {
        return;
    }
    cpuid(0x8000001f, 0, r);
    if (!(r[0] & BIT(1))) {
        return;
    }
    sev_status = rdmsr(MSR_SEV_STATUS);
    if (!sev_snp_active()) {
        sev_status = 0;         /* SEV/SEV-ES without SNP: not supported */
        return;
    }
    if (sev_status & ~SEV_STATUS_KNOWN) {
        sev_terminate(SEV_TERM_SET_GEN, SEV_TERM_SNP_UNSUPPORTED);
    }
    info = ghcb_msr_protocol(GHCB_MSR_SEV_INFO_REQ);
    if ((info & 0xfff) != GHCB_MSR_SEV_INFO_RESP ||
        (info >> 48) < GHCB_VERSION || ((info >> 32) & 0xffff) >
        GHCB_VERSION) {
        sev_terminate(SEV_TERM_SET_GEN, 0x01);
    }
    ghcb_register(0);
}

void sev_early_init(void)
{
    uint32_t r[4];

    early_idt_load();
    sev_detect();
    cpuid(0x80000001, 0, r);
    if (r[3] & BIT(20)) {
        wrmsr(MSR_EFER, (rdmsr(MSR_EFER) | EFER_NXE) & ~EFER_LMA);
    }
}

void sev_ap_init(unsigned cpu)
{
    if (sev_snp_active() && cpu < MAX_CPUS) {
        ghcb_register(cpu);
    }
}

int sev_ap_create(uint32_t apic_id, uint64_t vmsa_pa)
{
    uint8_t *g = ghcb_begin();
    uint32_t ret;

    ghcb_clear(g);
    ghcb_set(g, GHCB_RAX, sev_status >> 2);     /* the AP's SEV_FEATURES */
    ret = ghcb_call(g, VMGEXIT_AP_CREATION, (uint64_t)apic_id << 32 | 1,
                    vmsa_pa);
    ghcb_end(g);
    return ret ? -1 : 0;
}

int sev_savic_register(uint64_t pa)
{
    uint8_t *g = ghcb_begin();
    uint32_t ret;

    ghcb_clear(g);
    ghcb_set(g, GHCB_RAX, ~0ULL);               /* this CPU */
    ghcb_set(g, GHCB_RBX, pa);
    ret = ghcb_call(g, VMGEXIT_SAVIC, 0, 0);
    ghcb_end(g);
    return ret ? -1 : 0;
}

int sev_savic_unregister(uint64_t *old)
{
    uint8_t *g = ghcb_begin();
    uint32_t ret;

    ghcb_clear(g);
    ghcb_set(g, GHCB_RAX, ~0ULL);
    ret = ghcb_call(g, VMGEXIT_SAVIC, 1, 0);
    *old = ret ? 0 : ghcb_get(g, GHCB_RBX);
    ghcb_end(g);
    return ret ? -1 : 0;
}
