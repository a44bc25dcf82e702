/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The virt board's KVM entry points where this build has no KVM
 * (include/hw/arm/virt-kvm.h).  -accel kvm already fails in
 * accel/stubs/kvm-stub.c, so these are reached only by mistake.
 */
#include "qemu/osdep.h"
#include "hw/arm/virt-kvm.h"

bool virt_kvm_init(VirtMachineState *vms, Error **errp)
{
    error_setg(errp, "KVM is not available in this build");
    return false;
}

qemu_irq virt_kvm_spi(VirtMachineState *vms, int spi)
{
    return NULL;
}

bool virt_kvm_set_boot(VirtMachineState *vms, uint64_t entry, uint64_t dtb,
                       Error **errp)
{
    error_setg(errp, "KVM is not available in this build");
    return false;
}

void virt_kvm_reset(VirtMachineState *vms)
{
}

bool virt_kvm_set_idreg_field(VirtMachineState *vms, const char *prop,
                              uint64_t value, Error **errp)
{
    error_setg(errp, "KVM is not available in this build");
    return false;
}
