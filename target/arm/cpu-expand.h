/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QMP query-cpu-model-expansion for the aarch64 CPU models: every
 * SYSREG_<REG>_<FIELD> property with its value, after the requested
 * properties went through the ID-register rules (id-regs.h).
 */
#ifndef TARGET_ARM_CPU_EXPAND_H
#define TARGET_ARM_CPU_EXPAND_H

#include "id-regs.h"
#include "qobject/qdict.h"

typedef struct MachineState MachineState;

/* What the board adds to a model (as arm_sysreg_idregs_init() does). */
typedef struct ArmExpandBoard {
    bool has_el2;           /* virtualization=on: EL2, AArch64 only */
    bool has_el3;           /* secure=on: EL3, AArch64 only */
    bool gicv3;             /* GICv3 system registers (PFR0.GIC = 1) */
} ArmExpandBoard;

/* The model's limits on board @b; false if @name is not a model. */
bool arm_cpu_expand_limits(const char *name, const ArmExpandBoard *b,
                           uint64_t *limit);
/*
 * Apply @props ({"SYSREG_...": number or string}) to @r, which holds a
 * model's limits: each value is recorded with arm_idregs_set_prop(), then
 * all are checked together by arm_idregs_realize().  @model names the
 * model in "property not found" errors.
 */
bool arm_idregs_apply_qdict(ArmIdRegs *r, const char *model,
                            const QDict *props, Error **errp);
/* {"SYSREG_<REG>_<FIELD>": value, ...} for every field of the table. */
QDict *arm_idregs_to_qdict(const ArmIdRegs *r);
/*
 * The command itself: @type is "static" or "full", @props may be NULL.
 * Returns {"model": {"name": ..., "props": {...}}} or NULL with @errp.
 */
QDict *arm_cpu_expand(const char *type, const char *name,
                      const QDict *props, const ArmExpandBoard *b,
                      Error **errp);
/*
 * TargetInfo hook: arm_cpu_expand() on the machine's board: EL2, EL3 and
 * GICv3 from its "virtualization", "secure" and "gic-version" properties
 * (absent: false).
 */
QObject *arm_cpu_model_expand(MachineState *ms, const char *type,
                              const char *name, const QDict *props,
                              Error **errp);

/*
 * -cpu MODEL[,SYSREG_...],help on qemu-system-aarch64: every field with
 * its rule, limit and value (the virt board's GICv3, no EL2/EL3).
 */
bool arm_print_cpu_props(const char *model, char **props, GString *out,
                         Error **errp);

#endif
