/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The accelerator base type and lookup by -accel name. */
#include "qemu/osdep.h"
#include "accel/accel.h"
#include "hw/core/machine.h"

const TypeInfo accel_type_info = {
    .name = TYPE_ACCEL,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(AccelState),
    .class_size = sizeof(AccelClass),
    .abstract = true,
};

AccelClass *accel_find(const char *name)
{
    g_autofree char *tn = g_strconcat(name, ACCEL_CLASS_SUFFIX, NULL);
    ObjectClass *oc = object_class_by_name(tn);

    return oc ? ACCEL_CLASS(oc) : NULL;
}

void accel_print_list(GString *out)
{
    g_autoptr(GSList) list = object_class_get_list_sorted(TYPE_ACCEL, false);

    g_string_append(out, "Accelerators supported in QEMU binary:\n");
    for (GSList *l = list; l; l = l->next) {
        AccelClass *ac = l->data;

        if (!ac->hidden) {
            g_string_append_printf(out, "%s\n", ac->name);
        }
    }
}

bool accel_is(MachineState *ms, const char *name)
{
    return ms->accel && strcmp(ACCEL_GET_CLASS(ms->accel)->name, name) == 0;
}

bool accel_is_qtest(MachineState *ms)
{
    return accel_is(ms, "qtest");
}
