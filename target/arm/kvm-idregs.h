/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ID registers under KVM: the logic between the kernel's answers and the
 * rules of id-regs.h, behind a small ops table so that it runs (and is
 * unit-tested) on any host.  accel/kvm/kvm-arm64.c fills the table with
 * the real ioctls (KVM_GET_REG_LIST, KVM_GET/SET_ONE_REG,
 * KVM_ARM_GET_REG_WRITABLE_MASKS); tests fill it with a fake kernel.
 *
 * Flow at vCPU creation (specs/arm64-id-regs.md section 7.1, 7.3):
 *   arm_kvm_idregs_probe()   masks and host values -> ArmIdRegs (limit)
 *   arm_idregs_set_prop()... -cpu host,SYSREG_* recorded
 *   arm_idregs_realize()     our rules, before any ioctl
 *   arm_kvm_idregs_apply()   KVM_SET_ONE_REG of what changed, read back
 *   arm_kvm_get_reg_list()   again: ID values change register visibility
 */
#ifndef TARGET_ARM_KVM_IDREGS_H
#define TARGET_ARM_KVM_IDREGS_H

#include "id-regs.h"

/* Every hook returns 0 or a negative errno, as the ioctl failed. */
typedef struct ArmKvmRegOps {
    /*
     * KVM_GET_REG_LIST: in *@n the room in @ids; on -E2BIG the kernel
     * has put the number needed in *@n.
     */
    int (*get_reg_list)(void *opaque, uint64_t *n, uint64_t *ids);
    int (*get_one_reg)(void *opaque, uint64_t id, uint64_t *val);
    int (*set_one_reg)(void *opaque, uint64_t id, uint64_t val);
    /*
     * KVM_ARM_GET_REG_WRITABLE_MASKS into @masks[ARM_IDREG_COUNT];
     * -EOPNOTSUPP when the kernel lacks it (before Linux 6.7).
     */
    int (*get_writable_masks)(void *opaque, uint64_t *masks);
} ArmKvmRegOps;

/* AArch64 sysreg ONE_REG ids: arch, size and group bits. */
#define ARM_KVM_REG_SYSREG64 0x6030000000130000ull

/*
 * The ID-register index (id-regs.h) of a ONE_REG id, if @id is a 64-bit
 * system register in the feature ID range (op0=3, op1 0/1/3, CRn=0).
 */
bool arm_kvm_id_to_idreg(uint64_t id, unsigned *idx);
/* The kernel's register list; g_free it.  NULL with @errp on failure. */
uint64_t *arm_kvm_get_reg_list(const ArmKvmRegOps *ops, void *opaque,
                               size_t *n, Error **errp);
/*
 * Fill @r from the kernel: limit = the values a fresh vCPU reads for
 * every ID register the list has; writable masks = the kernel's (all
 * zero without the ioctl: then no field can be changed).
 */
bool arm_kvm_idregs_probe(const ArmKvmRegOps *ops, void *opaque,
                          ArmIdRegs *r, bool has_el2, Error **errp);
/*
 * Write every register whose value in @r differs from the kernel's, then
 * read it back.  A refusal is an error naming the register, its value,
 * the errno text and the fields that changed.
 */
bool arm_kvm_idregs_apply(const ArmKvmRegOps *ops, void *opaque,
                          const ArmIdRegs *r, Error **errp);
/*
 * One field of a running vCPU (monitor): our rules first (after the
 * guest started only the value held is accepted), then the ioctl.
 */
bool arm_kvm_idregs_write_field(const ArmKvmRegOps *ops, void *opaque,
                                ArmIdRegs *r, const char *prop,
                                uint64_t value, Error **errp);

#endif
