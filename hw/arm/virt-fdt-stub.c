/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The virt device tree without libfdt: the board cannot start. */
#include "qemu/osdep.h"
#include "hw/arm/virt.h"
#include "qapi/error.h"

bool virt_fdt_build(VirtMachineState *vms, Error **errp)
{
    error_setg(errp, "machine 'virt' needs libfdt, which this build lacks "
               "(configure with -Dfdt=enabled)");
    return false;
}

bool virt_fdt_load(VirtMachineState *vms, const char *file, Error **errp)
{
    return virt_fdt_build(vms, errp);
}

void *virt_fdt_import(const void *buf, size_t len, const VirtFdtChosen *c,
                      const char *file, int *size, Error **errp)
{
    error_setg(errp, "Unable to open device tree file '%s': no libfdt in "
               "this build", file);
    return NULL;
}
