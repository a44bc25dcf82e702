/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The x86_64 target as data.  The CPU models' CPUID data and -cpu flags
 * are in cpuid.c (docs/x86-cpu.md); this list names them for the
 * command line.
 */
#include "qemu/osdep.h"
#include "system/target-info.h"
#include "target/i386/cpuid.h"

static const char *const x86_64_machines[] = { "none", "pc", NULL };

static const CPUModelInfo x86_64_cpu_models[] = {
    { "max", "Enables all features supported by the accelerator in the "
      "current host" },
    { "qemu64", "QEMU Virtual CPU version 2.5+" },
    { NULL },
};

static void x86_print_cpu_list(const TargetInfo *t, GString *out)
{
    g_string_append(out, "Available CPUs:\n");
    for (const CPUModelInfo *m = t->cpu_models; m->name; m++) {
        g_string_append_printf(out, "x86 %-20s  %s\n", m->name, m->desc);
    }
    x86_cpuid_print_help(out);
}

static bool x86_print_cpu_props(const char *model, char **props,
                                GString *out, Error **errp)
{
    g_autofree char *rest = g_strjoinv(",", props);
    g_autofree char *spec = *rest ? g_strconcat(model, ",", rest, NULL)
                                  : g_strdup(model);
    X86CPUID c;

    if (!x86_cpuid_parse(spec, &c, errp)) {
        return false;
    }
    x86_cpuid_print_props(&c, out);
    return true;
}

const TargetInfo target_info_x86_64 = {
    .name = "x86_64",
    .base_arch = "i386",
    .big_endian = false,
    .long_bits = 64,
    .phys_addr_bits = 52,
    .page_bits = 12,
    .has_ioport = true,
    .default_machine = "none",
    .machines = x86_64_machines,
    .cpu_models = x86_64_cpu_models,
    .print_cpu_list = x86_print_cpu_list,
    .print_cpu_props = x86_print_cpu_props,
};
