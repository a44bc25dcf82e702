/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Arm Generic Interrupt Controller v3 ("arm-gicv3"): distributor and
 * redistributors (hw/intc/arm_gicv3.c), and the function-level CPU
 * interface that the AArch64 system CPU calls for its ICC_* system
 * registers (hw/intc/arm_gicv3_cpuif.c).
 *
 * The GIC has one security state (GICD_CTLR.DS = 1, as QEMU's virt without
 * secure=on) and affinity routing always on (ARE RAO/WI).  Group 0
 * interrupts signal FIQ, group 1 IRQ.
 *
 * Board interface:
 *   properties  num-cpu (1..GICV3_MAX_CPUS), num-irq (64..1020, a
 *               multiple of 32, SGIs and PPIs included), revision (3),
 *               has-lpis (LPIs 8192..65535, for an ITS; off by default)
 *   MMIO 0      distributor, 64 KiB
 *   MMIO 1      redistributors, num-cpu * 128 KiB (RD_base, SGI_base)
 *   GPIO in     0 .. num-irq-33: SPI 32 + n; then 32 lines per CPU for
 *               its PPIs (line num-irq-32 + cpu * 32 + intid; lines for
 *               intid < 16 are ignored)
 *   sysbus IRQ  0 .. num-cpu-1: each CPU's IRQ; num-cpu .. 2*num-cpu-1:
 *               each CPU's FIQ
 * CPU i has affinity gicv3_cpu_affinity(i) (Aff1 = i / 8, Aff0 = i % 8),
 * which the board also puts in the CPUs' MPIDR and the device tree.
 */
#ifndef HW_INTC_ARM_GICV3_H
#define HW_INTC_ARM_GICV3_H

#include "hw/core/sysbus.h"

#define TYPE_ARM_GICV3 "arm-gicv3"

#define GICV3_MAX_CPUS 64
#define GICV3_MAX_IRQ 1020
#define GICV3_INTERNAL 32           /* SGIs 0-15 and PPIs 16-31 */
#define GICV3_SPURIOUS 1023
#define GICV3_DIST_SIZE 0x10000
#define GICV3_REDIST_SIZE 0x20000   /* per CPU */
#define GICV3_IDLE_PRIORITY 0xff
#define GICV3_LPI_BASE 8192
#define GICV3_LPI_IDBITS 16         /* INTIDs below 1 << 16 */
#define GICV3_LPI_LIMIT (1u << GICV3_LPI_IDBITS)

typedef struct GICv3State GICv3State;

#define ARM_GICV3(obj) OBJECT_CHECK(GICv3State, (obj), TYPE_ARM_GICV3)

extern const TypeInfo arm_gicv3_type_info;

/*
 * The GIC and ITS keep tables in guest RAM only: an access that would
 * reach a device could come back into them (a guest must never make the
 * emulator recurse), so table addresses outside RAM are treated as
 * unreadable and unwritable.
 */
static inline bool gicv3_table_is_ram(AddressSpace *as, hwaddr addr,
                                      hwaddr len, bool is_write)
{
    hwaddr xlat, plen = len;
    MemoryRegion *mr = address_space_translate(as, addr, &xlat, &plen,
                                               is_write,
                                               MEMTXATTRS_UNSPECIFIED);

    return mr && memory_region_is_ram(mr) && plen >= len &&
           !(is_write && memory_region_is_rom(mr));
}

static inline uint64_t gicv3_cpu_affinity(unsigned cpu)
{
    return ((uint64_t)(cpu / 8) << 8) | (cpu % 8);
}

/*
 * CPU interface, for ICC_* registers of CPU @cpu (an index < num-cpu).
 * Priorities are 8 bits, all implemented; lower values are more urgent.
 * The IRQ/FIQ outputs are recomputed after every call that changes state.
 */
/* ICC_PMR_EL1 */
void gicv3_cpuif_set_pmr(GICv3State *s, unsigned cpu, uint8_t pmr);
uint8_t gicv3_cpuif_get_pmr(GICv3State *s, unsigned cpu);
/* ICC_IGRPEN0_EL1 (@group 0) and ICC_IGRPEN1_EL1 (@group 1) */
void gicv3_cpuif_set_grpen(GICv3State *s, unsigned cpu, int group, bool en);
bool gicv3_cpuif_get_grpen(GICv3State *s, unsigned cpu, int group);
/*
 * ICC_HPPIR0/1_EL1: the highest priority pending interrupt of @group for
 * this CPU (not masked by PMR or running priority), or 1023.
 */
uint32_t gicv3_cpuif_hppi(GICv3State *s, unsigned cpu, int group);
/*
 * ICC_IAR0/1_EL1: acknowledge the highest priority pending interrupt if
 * it is of @group and beats PMR and the running priority: it becomes
 * active, its pending latch clears, and its priority becomes the running
 * priority.  Returns the INTID or 1023.
 */
uint32_t gicv3_cpuif_acknowledge(GICv3State *s, unsigned cpu, int group);
/*
 * ICC_EOIR0/1_EL1: drop the running priority (the most urgent active
 * priority); with @eoimode false (ICC_CTLR_EL1.EOImode 0) also deactivate
 * @intid.
 */
void gicv3_cpuif_eoi(GICv3State *s, unsigned cpu, uint32_t intid,
                     bool eoimode);
/* ICC_DIR_EL1: deactivate @intid. */
void gicv3_cpuif_deactivate(GICv3State *s, unsigned cpu, uint32_t intid);
/* ICC_RPR_EL1: the running priority (0xff when idle). */
uint8_t gicv3_cpuif_running_priority(GICv3State *s, unsigned cpu);
/*
 * ICC_SGI0R_EL1 (@group 0) / ICC_SGI1R_EL1 (@group 1) written with @val by
 * CPU @cpu: pend SGI val[27:24] on the targets (TargetList/Aff1..3/RS, or
 * IRM = every other CPU) that configure it in @group.
 */
void gicv3_cpuif_generate_sgi(GICv3State *s, unsigned cpu, uint64_t val,
                              int group);

/*
 * LPIs (has-lpis): mark @intid pending (or not) on CPU @cpu's
 * redistributor, as an ITS does; ignored unless GICR_CTLR.EnableLPIs.
 */
void gicv3_lpi_set_pending(GICv3State *s, unsigned cpu, uint32_t intid,
                           bool pending);
bool gicv3_lpi_is_pending(GICv3State *s, unsigned cpu, uint32_t intid);
/* Move every pending LPI of @from to @to (ITS MOVALL). */
void gicv3_lpi_move_all(GICv3State *s, unsigned from, unsigned to);
unsigned gicv3_num_cpu(GICv3State *s);
bool gicv3_has_lpis(GICv3State *s);

#endif
