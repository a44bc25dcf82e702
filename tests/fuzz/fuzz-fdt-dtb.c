/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz the virt machine's -dtb path (virt_fdt_import, hw/arm/virt-fdt.c).
 * The input is the file's contents.  An accepted tree must come back as
 * a valid tree whose /chosen carries the bootargs and initrd range the
 * board asked for; a rejected one must leave an error and no tree.
 */
#include "qemu/osdep.h"
#include "hw/arm/virt.h"
#include "qapi/error.h"
#include <libfdt.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_check_chosen(const void *fdt, int size)
{
    int node = fdt_path_offset(fdt, "/chosen");
    const char *args;
    const void *start;
    fdt64_t v;
    int len;

    g_assert(fdt_check_full(fdt, size) == 0);
    g_assert(node >= 0);
    args = fdt_getprop(fdt, node, "bootargs", &len);
    g_assert(args && strcmp(args, "console=ttyAMA0") == 0);
    start = fdt_getprop(fdt, node, "linux,initrd-start", &len);
    g_assert(start && len == 8);
    memcpy(&v, start, 8);               /* properties are 4-byte aligned */
    g_assert(fdt64_to_cpu(v) == 0x48000000);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    VirtFdtChosen chosen = {
        .bootargs = "console=ttyAMA0",
        .initrd_base = 0x48000000, .initrd_size = 0x1000,
    };
    Error *err = NULL;
    int out_size = 0;
    void *fdt = virt_fdt_import(data, size, &chosen, "fuzz.dtb", &out_size,
                                &err);

    if (fdt) {
        g_assert(!err);
        fuzz_check_chosen(fdt, out_size);
        g_free(fdt);
    } else {
        g_assert(err);
        error_free(err);
    }
    return 0;
}
