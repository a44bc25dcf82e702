/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QOM types of the pc board's vCPUs, named as QEMU names them: the
 * abstract "x86_64-cpu" and one type per -cpu model of
 * target/i386/cpuid.c.  They carry the common CPU properties only
 * (include/hw/core/cpu-object.h); CPUID is not settable through QOM.
 */
#include "qemu/osdep.h"
#include "hw/core/cpu-object.h"

const TypeInfo x86_cpu_object_type_info = {
    .name = "x86_64-cpu",
    .parent = TYPE_CPU,
    .abstract = true,
    .desc = "an x86-64 CPU",
};

const TypeInfo x86_cpu_qemu64_type_info = {
    .name = "qemu64-x86_64-cpu",
    .parent = "x86_64-cpu",
    .desc = "QEMU Virtual CPU version 2.5+",
};

const TypeInfo x86_cpu_max_type_info = {
    .name = "max-x86_64-cpu",
    .parent = "x86_64-cpu",
    .desc = "the most the emulator implements",
};
