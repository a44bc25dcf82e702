/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The "none" machine: no CPU, no devices.  With -m, RAM is mapped at
 * address 0 (as QEMU does), so qtest and the generic loader have memory to
 * work on.  Every target has it.
 */
#include "qemu/osdep.h"
#include "hw/core/machine.h"

static bool none_init(MachineState *ms, Error **errp)
{
    if (ms->kernel_filename) {
        error_setg(errp, "The -kernel parameter is not supported "
                   "(use the generic 'loader' device instead).");
        return false;
    }
    if (ms->ram) {
        memory_region_add_subregion(ms->system_memory, 0, ms->ram);
    }
    return true;
}

static void none_class_init(ObjectClass *oc, const void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->name = "none";
    mc->max_cpus = 1;
    mc->default_ram_size = 0;
    mc->default_ram_id = "ram";
    mc->init = none_init;
}

const TypeInfo none_machine_type_info = {
    .name = "none" TYPE_MACHINE_SUFFIX,
    .parent = TYPE_MACHINE,
    .desc = "empty machine",
    .class_init = none_class_init,
};
