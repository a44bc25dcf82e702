/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * arm64 KVM helpers for boards (hw/arm/virt-kvm.c).  Implemented in
 * accel/kvm/kvm-arm64.c with the kernel's types; this header has none.
 */
#ifndef TARGET_ARM_KVM_ARM_H
#define TARGET_ARM_KVM_ARM_H

#include "system/kvm.h"
#include "kvm-idregs.h"

/*
 * KVM_ARM_VCPU_INIT with the host's preferred target, PSCI 0.2, EL2 when
 * @has_el2 (needs KVM_CAP_ARM_EL2: nested virtualisation) and powered
 * off when @power_off (secondary CPUs wait for PSCI CPU_ON).  Also the
 * architectural reset of an initialised vCPU.
 */
bool kvm_arm_vcpu_init(KVMVcpu *c, bool has_el2, bool power_off,
                       Error **errp);
/* Whether vCPUs can get EL2 (KVM_CAP_ARM_EL2). */
bool kvm_arm_has_el2(KVMState *s);
/* PC and X0 (the device tree address for a Linux Image) of a vCPU. */
bool kvm_arm_set_boot_regs(KVMVcpu *c, uint64_t pc, uint64_t x0,
                           Error **errp);
/* The ioctls behind kvm-idregs.h; the opaque pointer is a KVMVcpu. */
extern const ArmKvmRegOps kvm_arm_reg_ops;

/*
 * An in-kernel GICv3 with its distributor at @dist and redistributors
 * from @redist, for @nr_spis shared interrupts.  Returns the device fd
 * or -1 with @errp set.  kvm_arm_vgic_v3_init() once every vCPU exists.
 */
int kvm_arm_vgic_v3_create(KVMState *s, uint64_t dist, uint64_t redist,
                           unsigned nr_spis, Error **errp);
bool kvm_arm_vgic_v3_init(int gic_fd, Error **errp);
/* Drive shared interrupt @spi (INTID 32 + @spi) of the in-kernel GIC. */
int kvm_arm_set_spi(KVMState *s, unsigned spi, int level);

#endif
