/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Starting the application processors: copy the real-mode trampoline
 * below 1 MiB, give each AP a stack, then INIT, STARTUP, STARTUP to all
 * other CPUs (broadcast).  In an SEV-SNP guest the APs are started with
 * the GHCB AP-creation event instead, each from a VMSA that enters long
 * mode at sev_ap_entry (boot.S) on the kernel's tables; APIC ID = CPU
 * number is assumed there (the pc machine's numbering: the hypervisor
 * refuses an unknown APIC ID).  The number of CPUs comes from fw_cfg
 * (FW_CFG_NB_CPUS) when the machine has it.
 */
#include "smp.h"
#include "mm.h"
#include "timer.h"
#include "arch/apic.h"
#include "arch/sev.h"

#define FW_CFG_SEL          0x510
#define FW_CFG_DATA         0x511
#define FW_CFG_SIGNATURE    0x00
#define FW_CFG_NB_CPUS      0x05
#define AP_STACK_PAGES      4
#define MAX_APIC_CPUS       256

extern char trampoline_start[], trampoline_end[];
extern uint64_t tr_cr3, tr_efer, tr_stacks;
extern uint32_t tr_count;
extern char boot_pml4[];

void ap_main(unsigned id);
void sev_ap_entry(void);

/*
 * Stack tops by CPU number.  CPUs past MAX_CPUS share a parking stack:
 * they only enter ap_main() and halt.
 */
static uint64_t ap_stacks[MAX_APIC_CPUS + 1];
static uint8_t park_stack[1024] __aligned(16);
static unsigned ap_want;

/* CPUs the machine has, from fw_cfg; 0 if unknown. */
unsigned arch_cpu_count(void)
{
    char sig[4];
    uint16_t n;

    outw(FW_CFG_SEL, FW_CFG_SIGNATURE);
    for (int i = 0; i < 4; i++) {
        sig[i] = inb(FW_CFG_DATA);
    }
    if (memcmp(sig, "QEMU", 4)) {
        return 0;
    }
    outw(FW_CFG_SEL, FW_CFG_NB_CPUS);
    n = inb(FW_CFG_DATA);
    n |= inb(FW_CFG_DATA) << 8;
    return n;
}

static void *tr_field(void *sym)
{
    return p2v(TRAMPOLINE_PHYS + ((char *)sym - trampoline_start));
}

/* A VMSA segment: selector, attributes (VMCB format), limit, base. */
static void vmsa_seg(uint8_t *vmsa, unsigned off, uint16_t sel,
                     uint16_t attr, uint64_t base, uint32_t limit)
{
    *(uint16_t *)(vmsa + off) = sel;
    *(uint16_t *)(vmsa + off + 2) = attr;
    *(uint32_t *)(vmsa + off + 4) = limit;
    *(uint64_t *)(vmsa + off + 8) = base;
}

/* The VMSA of AP @id: this CPU's mode and tables, its stack and RIP. */
static uint64_t sev_vmsa(unsigned id)
{
    extern char boot_gdt_ptr[];
    struct __packed {
        uint16_t limit;
        uint64_t base;
    } gdt, idt;
    uint8_t *v = page_alloc_virt(1);

    if (!v) {
        return 0;
    }
    memcpy(&gdt, boot_gdt_ptr, sizeof(gdt));
    __asm__ volatile("sidt %0" : "=m"(idt));
    for (int i = 0; i < 6; i++) {
        vmsa_seg(v, i * 16, SEL_KDATA, 0xc93, 0, 0xffffffff);
    }
    vmsa_seg(v, 0x10, SEL_KCODE, 0xa9b, 0, 0xffffffff);    /* CS */
    vmsa_seg(v, 0x60, 0, 0, gdt.base, gdt.limit);
    vmsa_seg(v, 0x80, 0, 0, idt.base, idt.limit);
    *(uint64_t *)(v + 0xd0) = rdmsr(MSR_EFER);
    *(uint64_t *)(v + 0x148) = read_cr4();
    *(uint64_t *)(v + 0x150) = read_cr3();
    *(uint64_t *)(v + 0x158) = read_cr0();
    *(uint64_t *)(v + 0x170) = 2;                           /* RFLAGS */
    *(uint64_t *)(v + 0x178) = (uint64_t)sev_ap_entry;
    *(uint64_t *)(v + 0x1d8) = ap_stacks[id];
    *(uint64_t *)(v + 0x1f8) = id;                          /* RAX */
    *(uint64_t *)(v + 0x3b0) = sev_status >> 2;             /* SEV_FEATURES */
    *(uint64_t *)(v + 0x3b8) = BIT(9) | BIT(25) | BIT(26);  /* V_GIF, V_NMI */
    return v2p(v);
}

static void sev_start_aps(unsigned want)
{
    for (unsigned i = 1; i < want; i++) {
        uint64_t vmsa = sev_vmsa(i);

        if (!vmsa || sev_ap_create(i, vmsa) < 0) {
            printf("smp: AP creation of CPU %u failed\n", i);
        }
    }
}

static void sipi_start_aps(void)
{
    memcpy(p2v(TRAMPOLINE_PHYS), trampoline_start,
           trampoline_end - trampoline_start);
    *(uint64_t *)tr_field(&tr_cr3) = v2p(boot_pml4);
    *(uint64_t *)tr_field(&tr_efer) = rdmsr(MSR_EFER) & ~EFER_LMA;
    *(uint32_t *)tr_field(&tr_count) = 0;
    *(uint64_t *)tr_field(&tr_stacks) = (uint64_t)ap_stacks;

    lapic_icr(0, ICR_ALL_BUT_SELF | ICR_INIT | ICR_ASSERT | ICR_LEVEL);
    udelay(10000);
    for (int i = 0; i < 2; i++) {
        lapic_icr(0, ICR_ALL_BUT_SELF | ICR_STARTUP |
                  (TRAMPOLINE_PHYS >> PAGE_SHIFT));
        udelay(200);
    }
}

/* Start APs until @want CPUs run or 5 s pass; true if all came up. */
bool arch_smp_start_aps(unsigned want)
{
    uint64_t deadline;

    if (!apic_present) {
        return false;
    }
    ap_want = want;
    for (unsigned i = 1; i < ARRAY_SIZE(ap_stacks); i++) {
        ap_stacks[i] = (uint64_t)park_stack + sizeof(park_stack);
        if (i < want) {
            ap_stacks[i] = (uint64_t)page_alloc_virt(AP_STACK_PAGES) +
                           AP_STACK_PAGES * PAGE_SIZE;
        }
    }
    if (sev_snp_active()) {
        sev_start_aps(want);
    } else {
        sipi_start_aps();
    }
    deadline = time_ns() + 5000000000ULL;
    while (READ_ONCE(nr_cpus) < want && time_ns() < deadline) {
        cpu_relax();
    }
    return nr_cpus == want;
}

void ap_main(unsigned id)
{
    if (id >= ap_want) {
        for (;;) {
            __asm__ volatile("cli; hlt");
        }
    }
    sev_ap_init(id);                /* its GHCB, before any #VC */
    cpu_setup(id);
    lapic_init();
    smp_ap_online(&cpus[id]);
    smp_idle();
}
