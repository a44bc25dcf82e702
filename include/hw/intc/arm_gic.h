/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Arm Generic Interrupt Controller v2 ("arm_gic"), GIC-400 style without
 * the Security Extensions; the model is described in hw/intc/arm_gic.c.
 *
 * Board interface:
 *   properties  num-cpu (1..8), num-irq (64..1020, multiple of 32,
 *               SGIs and PPIs included), revision (2)
 *   MMIO 0      distributor, 4 KiB
 *   MMIO 1      CPU interface, 8 KiB (GICC_DIR at 0x1000) of the CPU that
 *               makes the access (see arm_gic_set_cpu_index_fn)
 *   MMIO 2+n    CPU interface of CPU n (for tests and debug)
 *   GPIO in     0 .. num-irq-33: SPI 32 + n; then 32 lines per CPU for
 *               its PPIs (num-irq-32 + cpu * 32 + intid; intid < 16
 *               ignored)
 *   sysbus IRQ  0 .. num-cpu-1: IRQ of each CPU; then FIQ of each CPU
 */
#ifndef HW_INTC_ARM_GIC_H
#define HW_INTC_ARM_GIC_H

#include "hw/core/sysbus.h"

#define TYPE_ARM_GIC "arm_gic"
#define GIC_MAX_CPUS 8
#define GIC_DIST_SIZE 0x1000
#define GIC_CPU_SIZE 0x2000

typedef struct GICv2State GICv2State;

#define ARM_GIC(obj) OBJECT_CHECK(GICv2State, (obj), TYPE_ARM_GIC)

extern const TypeInfo arm_gic_type_info;

/*
 * Banked registers (distributor INTIDs 0-31, MMIO 1) belong to the CPU
 * @fn returns (an index < num-cpu).  The system CPU sets it; without it
 * every access is CPU 0's (as for qtest).
 */
void arm_gic_set_cpu_index_fn(GICv2State *s, int (*fn)(void *opaque),
                              void *opaque);

#endif
