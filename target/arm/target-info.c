/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The aarch64 target as data.  CPU models: the A64 engine's (a64-exec.c),
 * cortex-a57 and max.  Machines: "none", and "virt".
 */
#include "qemu/osdep.h"
#include "system/target-info.h"
#include "cpu-expand.h"

static const char *const aarch64_machines[] = { "none", "virt", NULL };

static const CPUModelInfo aarch64_cpu_models[] = {
    { "cortex-a57", "ARM Cortex-A57 (ARMv8.0)" },
    { "max", "all the features the A64 engine implements" },
    { "host", "KVM only: the host CPU (-cpu host,SYSREG_...)" },
    { NULL },
};

static void arm_print_cpu_list(const TargetInfo *t, GString *out)
{
    g_string_append(out, "Available CPUs:\n");
    for (const CPUModelInfo *m = t->cpu_models; m->name; m++) {
        g_string_append_printf(out, "  %s\n", m->name);
    }
}

const TargetInfo target_info_aarch64 = {
    .name = "aarch64",
    .base_arch = "arm",
    .big_endian = false,
    .long_bits = 64,
    .phys_addr_bits = 48,
    .page_bits = 12,
    .has_ioport = false,
    .default_machine = "none",
    .machines = aarch64_machines,
    .cpu_models = aarch64_cpu_models,
    .print_cpu_list = arm_print_cpu_list,
    .cpu_model_expand = arm_cpu_model_expand,
    .print_cpu_props = arm_print_cpu_props,
};
