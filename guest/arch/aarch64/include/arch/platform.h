/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The aarch64 port's view of the board, read from the device tree at
 * boot (arch/aarch64/dt.c) with the virt machine's values as defaults,
 * and the port's internal interfaces (GIC, PSCI, MMU switch).
 */
#ifndef ARCH_PLATFORM_H
#define ARCH_PLATFORM_H

#include "types.h"

#define PLAT_MAX_CPUS       16

typedef struct Platform {
    uint64_t fdt_pa;
    uint64_t uart;
    bool gic_v3;                        /* else a GICv2 (not supported) */
    uint64_t gicd, gicr, gicr_size, gits;
    bool psci, psci_smc;
    unsigned nr_cpus;
    uint64_t mpidr[PLAT_MAX_CPUS];
    unsigned timer_intid;               /* virtual timer PPI */
    uint64_t ecam, ecam_size;
    uint64_t pio_base, pio_size;        /* PCI I/O space, CPU address */
    uint64_t mem32, mem32_size;         /* PCI memory window (32-bit) */
} Platform;

extern Platform plat;
extern uint64_t boot_dtb_pa;
extern uint64_t boot_dtb_from_x0;       /* else the RAM base was tried */
extern uint64_t boot_el;                /* the exception level at entry */

void dt_parse_platform(void);

/* PSCI (arch/aarch64/cpu.c) */
#define PSCI_VERSION        0x84000000
#define PSCI_CPU_ON         0xc4000003
#define PSCI_SYSTEM_OFF     0x84000008
uint64_t psci_call(uint64_t fn, uint64_t a, uint64_t b, uint64_t c);

/* GICv3 (arch/aarch64/gic.c) */
void gic_init(void);
void gic_cpu_init(void);
void gic_irq(struct TrapFrame *tf);
void gic_send_sgi(uint64_t mpidr, unsigned intid);
bool gic_ready(void);

/* LPIs and the ITS (arch/aarch64/its.c) */
bool its_lpi_init(volatile uint8_t *gicd);
void its_cpu_init(volatile uint8_t *rd);
void its_init(void);

/* MMU (arch/aarch64/mmu.c): load the kernel's tables on this CPU. */
void mmu_load_kernel_tables(void);
/* The console moves from the boot mapping to an ioremap. */
void console_remap(void);

/* Affinity fields of @mpidr as one 32-bit ID (Aff3.Aff2.Aff1.Aff0). */
static inline uint32_t mpidr_to_hwid(uint64_t mpidr)
{
    return (mpidr & 0xffffff) | ((mpidr >> 32) & 0xff) << 24;
}

#endif
