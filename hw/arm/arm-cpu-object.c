/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QOM types of the Arm system-mode vCPUs and their live ID register
 * properties (include/hw/arm/arm-cpu-object.h).
 *
 * A write goes through arm_idregs_write_field(): while the machine is in
 * prelaunch (-S, nothing executed yet) the -cpu rules apply; once the
 * machine has left prelaunch the CPU counts as started for good (as a
 * KVM vCPU that ran once) and only the value already held is accepted.
 */
#include "qemu/osdep.h"
#include "hw/arm/arm-cpu-object.h"
#include "hw/core/machine.h"
#include "target/arm/cpu.h"
#include "target/arm/sysreg.h"
#include "qemu/bitops.h"
#include "qapi/error.h"
#include "qobject/qnum.h"

const TypeInfo arm_cpu_object_type_info = {
    .name = "arm-cpu",
    .parent = TYPE_CPU,
    .abstract = true,
    .desc = "an AArch64 CPU",
};

const TypeInfo arm_cpu_a57_type_info = {
    .name = "cortex-a57-arm-cpu",
    .parent = "arm-cpu",
    .desc = "ARM Cortex-A57 (ARMv8.0)",
};

const TypeInfo arm_cpu_max_type_info = {
    .name = "max-arm-cpu",
    .parent = "arm-cpu",
    .desc = "the most the emulator implements",
};

static ARMCPU *arm_cpu_of(Object *obj)
{
    return CPU_OBJECT(obj)->cpu;
}

static QObject *arm_cpu_get_field(Object *obj, void *opaque, Error **errp)
{
    const ArmIdField *f = opaque;

    return QOBJECT(qnum_from_uint(
        arm_idfield_get(f, arm_cpu_of(obj)->idregs.val[f->reg])));
}

/* State derived from the ID registers at creation, recomputed. */
static void arm_cpu_refresh_features(ARMCPU *cpu)
{
    if (cpu->sys) {
        cpu->sys->el.have_pan =
            extract64(cpu->idregs.val[ARM_ID_AA64MMFR1], 20, 4) != 0;
    }
    arm_cpu_update_hwcap(cpu);
}

static bool arm_cpu_set_field(Object *obj, QObject *value, void *opaque,
                              Error **errp)
{
    CPUObject *c = CPU_OBJECT(obj);
    ARMCPU *cpu = c->cpu;
    g_autofree char *prop = arm_idfield_prop_name(opaque);
    QNum *qn = qobject_to_qnum(value);
    uint64_t v;

    if (!qn) {
        error_setg(errp, "Invalid parameter type for '%s', expected: "
                   "integer", prop);
        return false;
    }
    if (!qnum_get_try_uint(qn, &v)) {
        error_setg(errp, "Parameter '%s' expects a uint64 value", prop);
        return false;
    }
    if (runstate_get(c->ms) != RUN_STATE_PRELAUNCH) {
        cpu->idregs.started = true;
    }
    if (!arm_idregs_write_field(&cpu->idregs, prop, v, errp)) {
        return false;
    }
    arm_cpu_refresh_features(cpu);
    return true;
}

CPUObject *arm_cpu_object_create(MachineState *ms, ARMCPU *cpu,
                                 unsigned index, Error **errp)
{
    CPUObject *c = cpu_object_create(ms, cpu->model->name, "arm-cpu", index,
                                     cpu, true, errp);
    const ArmIdField *f;

    if (!c) {
        return NULL;
    }
    /* Nothing has run yet: writes follow the -cpu rules until it does. */
    cpu->idregs.started = false;
    for (size_t i = 0; (f = arm_idreg_field(i)) != NULL; i++) {
        g_autofree char *name = arm_idfield_prop_name(f);

        object_property_add(OBJECT(c), name, "uint64", arm_cpu_get_field,
                            arm_cpu_set_field, NULL, (void *)f);
    }
    return c;
}
