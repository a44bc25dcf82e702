/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Starting the application processors: copy the real-mode trampoline
 * below 1 MiB, give each AP a stack, then INIT, STARTUP, STARTUP to all
 * other CPUs (broadcast).  The number of CPUs comes from fw_cfg
 * (FW_CFG_NB_CPUS) when the machine has it.
 */
#include "smp.h"
#include "mm.h"
#include "timer.h"
#include "arch/apic.h"

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
    cpu_setup(id);
    lapic_init();
    smp_ap_online(&cpus[id]);
    smp_idle();
}
