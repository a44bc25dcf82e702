/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for the x86 -cpu parser (target/i386/cpuid.c): the
 * input, cut at its first NUL, is the -cpu argument.  A parsed model is
 * then asked every CPUID leaf family with a few CPU counts: nothing may
 * crash, and failures must come with an error.
 */
#include "qemu/osdep.h"
#include "target/i386/cpu.h"
#include "qapi/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint32_t fuzz_leaves[] = {
    0, 1, 2, 7, 0xb, 0xd, 0x1f, 0x20, 0x40000000, 0x80000000, 0x80000001,
    0x80000002, 0x80000004, 0x80000008, 0x8000000a, 0x8000000b, 0xffffffff,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *spec = g_strndup((const char *)data, size);
    X86CPU cpu = { 0 };
    Error *err = NULL;
    uint32_t r[4];

    if (!x86_cpuid_parse(spec, &cpu.cpuid, &err)) {
        g_assert(err);
        error_free(err);
        return 0;
    }
    g_assert(!err);
    g_assert_cmpuint(strlen(cpu.cpuid.vendor), ==, 12);
    (void)x86_cpuid_engine_features(&cpu.cpuid);
    for (uint32_t n = 1; n <= 256; n *= 4) {
        cpu.cpuid.nr_cpus = n;
        cpu.cpuid.apic_id = n - 1;
        for (size_t i = 0; i < G_N_ELEMENTS(fuzz_leaves); i++) {
            x86_cpuid_query(&cpu, fuzz_leaves[i], n, r);
        }
    }
    return 0;
}
