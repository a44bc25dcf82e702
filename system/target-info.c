/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Choosing the target of this run: -target NAME or argv[0]. */
#include "qemu/osdep.h"
#include "system/target-info.h"

const TargetInfo *const target_list[] = {
    &target_info_x86_64,
    &target_info_aarch64,
    NULL,
};

const TargetInfo *target_find(const char *name)
{
    for (int i = 0; target_list[i]; i++) {
        if (strcmp(target_list[i]->name, name) == 0) {
            return target_list[i];
        }
    }
    return NULL;
}

const TargetInfo *target_from_progname(const char *progname)
{
    const char *p = strstr(progname, "-system-");

    if (!p) {
        return NULL;
    }
    return target_find(p + strlen("-system-"));
}

char *target_names_joined(void)
{
    GString *s = g_string_new(NULL);

    for (int i = 0; target_list[i]; i++) {
        g_string_append_printf(s, "%s%s", i ? ", " : "",
                               target_list[i]->name);
    }
    return g_string_free(s, FALSE);
}

bool target_has_machine(const TargetInfo *t, const char *machine)
{
    for (int i = 0; t->machines[i]; i++) {
        if (strcmp(t->machines[i], machine) == 0) {
            return true;
        }
    }
    return false;
}

const CPUModelInfo *target_find_cpu_model(const TargetInfo *t,
                                          const char *name)
{
    for (const CPUModelInfo *m = t->cpu_models; m && m->name; m++) {
        if (strcmp(m->name, name) == 0) {
            return m;
        }
    }
    return NULL;
}
