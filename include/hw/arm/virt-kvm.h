/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The virt board under -accel kvm (hw/arm/virt-kvm.c): vCPUs, an
 * in-kernel GICv3 with the timers and PSCI in the kernel, -cpu host with
 * SYSREG_* fields checked by our rules and then by KVM.  Where the build
 * has no KVM, hw/arm/virt-kvm-stub.c fails virt_kvm_init() cleanly.
 */
#ifndef HW_ARM_VIRT_KVM_H
#define HW_ARM_VIRT_KVM_H

#include "hw/arm/virt.h"
#include "hw/core/irq.h"

/*
 * Build the KVM side of the board: needs gic-version=3.  Creates one vCPU
 * per -smp CPU (secondaries powered off, started by PSCI CPU_ON in the
 * kernel), EL2 with virtualization=on (nested virtualisation hosts only),
 * applies -cpu host[,SYSREG_<REG>_<FIELD>=<value>...], creates the
 * in-kernel GICv3 at the board's GIC addresses and starts the vCPU
 * threads (they run once the machine runs).  Call instead of creating
 * the emulated GIC and CPUs.
 */
bool virt_kvm_init(VirtMachineState *vms, Error **errp);
/* The line of shared interrupt @spi, for devices (replaces the GIC's). */
qemu_irq virt_kvm_spi(VirtMachineState *vms, int spi);
/* Entry point and X0 (DTB address) of the boot vCPU, kept for resets. */
bool virt_kvm_set_boot(VirtMachineState *vms, uint64_t entry, uint64_t dtb,
                       Error **errp);
/* Machine reset: every vCPU re-initialised, the boot vCPU at its entry. */
void virt_kvm_reset(VirtMachineState *vms);
/*
 * Change one ID-register field of the running VM (monitor): refused
 * with "cannot be changed after the guest has started" once a vCPU has
 * run, unless the value is the one held.
 */
bool virt_kvm_set_idreg_field(VirtMachineState *vms, const char *prop,
                              uint64_t value, Error **errp);

#endif
