/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Arm CPU objects: "arm-cpu" and its models ("max-arm-cpu",
 * "cortex-a57-arm-cpu"), with every ID register field as a uint64
 * property SYSREG_<REG>_<FIELD> (docs/arm64-id-regs.md).
 */
#ifndef HW_ARM_ARM_CPU_OBJECT_H
#define HW_ARM_ARM_CPU_OBJECT_H

#include "hw/core/cpu-object.h"

struct ARMCPU;

extern const TypeInfo arm_cpu_object_type_info;
extern const TypeInfo arm_cpu_a57_type_info;
extern const TypeInfo arm_cpu_max_type_info;

/*
 * The object of system-mode vCPU @index (model from @cpu), as
 * /machine/unattached/device[N].  Reads of a SYSREG_* property return the
 * CPU's current field; writes before the guest first runs follow the
 * -cpu rules, later ones only accept the value already held.
 */
CPUObject *arm_cpu_object_create(MachineState *ms, struct ARMCPU *cpu,
                                 unsigned index, Error **errp);

#endif
