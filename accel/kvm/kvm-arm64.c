/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * arm64 parts of the KVM accelerator: the VM type (IPA size), vCPU init
 * (preferred target, PSCI 0.2, EL2), core registers for boot, ONE_REG /
 * REG_LIST / writable-mask ioctls for target/arm/kvm-idregs.c, the
 * in-kernel GICv3 and its interrupt lines (target/arm/kvm-arm.h).
 */
#include "qemu/osdep.h"
#include "kvm-internal.h"
#include <sys/ioctl.h>
#include "target/arm/kvm-arm.h"

#include "kvm-arm64-uapi.h"

QEMU_BUILD_BUG_ON(KVM_ARM_FEATURE_ID_RANGE_SIZE != ARM_IDREG_COUNT);

/* The highest IPA size we need: 40 bits covers virt's high regions. */
#define KVM_ARM_IPA_BITS 40

int kvm_arch_vm_type(int kvmfd, Error **errp)
{
    int max = ioctl(kvmfd, KVM_CHECK_EXTENSION, KVM_CAP_ARM_VM_IPA_SIZE);

    if (max <= 0 || max >= KVM_ARM_IPA_BITS) {
        return 0;           /* the default: 40 bits */
    }
    return KVM_VM_TYPE_ARM_IPA_SIZE(max);
}

bool kvm_arch_init(KVMState *s, Error **errp)
{
    if (!kvm_check_extension(s, KVM_CAP_ARM_PSCI_0_2)) {
        error_setg(errp, "kvm: the host kernel lacks PSCI 0.2 "
                   "(KVM_CAP_ARM_PSCI_0_2)");
        return false;
    }
    return true;
}

bool kvm_arm_has_el2(KVMState *s)
{
    return kvm_check_extension(s, KVM_CAP_ARM_EL2) > 0;
}

bool kvm_arm_vcpu_init(KVMVcpu *c, bool has_el2, bool power_off,
                       Error **errp)
{
    struct kvm_vcpu_init init = { 0 };
    int ret = kvm_vm_ioctl(c->s, KVM_ARM_PREFERRED_TARGET, &init);

    if (ret < 0) {
        error_setg(errp, "kvm: KVM_ARM_PREFERRED_TARGET failed: %s",
                   g_strerror(-ret));
        return false;
    }
    init.features[0] = 1u << KVM_ARM_VCPU_PSCI_0_2;
    if (power_off) {
        init.features[0] |= 1u << KVM_ARM_VCPU_POWER_OFF;
    }
    if (has_el2) {
        if (!kvm_arm_has_el2(c->s)) {
            error_setg(errp, "kvm: virtualization=on needs nested "
                       "virtualization (KVM_CAP_ARM_EL2), which this host "
                       "does not offer");
            return false;
        }
        init.features[0] |= 1u << KVM_ARM_VCPU_HAS_EL2;
    }
    ret = kvm_vcpu_ioctl(c, KVM_ARM_VCPU_INIT, &init);
    if (ret < 0) {
        error_setg(errp, "kvm: KVM_ARM_VCPU_INIT of vCPU %u failed: %s",
                   c->index, g_strerror(-ret));
        return false;
    }
    return true;
}

static uint64_t kvm_arm_core_id(size_t offset)
{
    return KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE |
           (offset / sizeof(__u32));
}

static int kvm_arm_get_one_reg(void *opaque, uint64_t id, uint64_t *val)
{
    struct kvm_one_reg r = { .id = id, .addr = (uintptr_t)val };

    return kvm_vcpu_ioctl(opaque, KVM_GET_ONE_REG, &r);
}

static int kvm_arm_set_one_reg(void *opaque, uint64_t id, uint64_t val)
{
    struct kvm_one_reg r = { .id = id, .addr = (uintptr_t)&val };

    return kvm_vcpu_ioctl(opaque, KVM_SET_ONE_REG, &r);
}

bool kvm_arm_set_boot_regs(KVMVcpu *c, uint64_t pc, uint64_t x0,
                           Error **errp)
{
    int ret = kvm_arm_set_one_reg(c, kvm_arm_core_id(
                                  offsetof(struct kvm_regs, regs.pc)), pc);

    if (ret == 0) {
        ret = kvm_arm_set_one_reg(c, kvm_arm_core_id(
                                  offsetof(struct kvm_regs, regs.regs[0])),
                                  x0);
    }
    if (ret < 0) {
        error_setg(errp, "kvm: cannot set the boot registers of vCPU %u: %s",
                   c->index, g_strerror(-ret));
        return false;
    }
    return true;
}

static int kvm_arm_get_reg_list(void *opaque, uint64_t *n, uint64_t *ids)
{
    g_autofree struct kvm_reg_list *l =
        g_malloc0(sizeof(*l) + *n * sizeof(uint64_t));
    int ret;

    l->n = *n;
    ret = kvm_vcpu_ioctl(opaque, KVM_GET_REG_LIST, l);
    *n = l->n;
    if (ret == 0) {
        memcpy(ids, l->reg, l->n * sizeof(uint64_t));
    }
    return ret < 0 ? ret : 0;
}

static int kvm_arm_get_writable_masks(void *opaque, uint64_t *masks)
{
    KVMVcpu *c = opaque;
    struct reg_mask_range range = {
        .addr = (uintptr_t)masks,
        .range = KVM_ARM_FEATURE_ID_RANGE,
    };
    int ranges = kvm_check_extension(c->s,
                                     KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES);

    if (!(ranges & (1 << KVM_ARM_FEATURE_ID_RANGE))) {
        return -EOPNOTSUPP;
    }
    return kvm_vm_ioctl(c->s, KVM_ARM_GET_REG_WRITABLE_MASKS, &range);
}

const ArmKvmRegOps kvm_arm_reg_ops = {
    .get_reg_list = kvm_arm_get_reg_list,
    .get_one_reg = kvm_arm_get_one_reg,
    .set_one_reg = kvm_arm_set_one_reg,
    .get_writable_masks = kvm_arm_get_writable_masks,
};

static int kvm_arm_dev_attr(int fd, uint32_t group, uint64_t attr,
                            void *val)
{
    struct kvm_device_attr a = {
        .group = group, .attr = attr, .addr = (uintptr_t)val,
    };

    return ioctl(fd, KVM_SET_DEVICE_ATTR, &a) < 0 ? -errno : 0;
}

int kvm_arm_vgic_v3_create(KVMState *s, uint64_t dist, uint64_t redist,
                           unsigned nr_spis, Error **errp)
{
    struct kvm_create_device cd = { .type = KVM_DEV_TYPE_ARM_VGIC_V3 };
    uint32_t nr_irqs = 32 + nr_spis;
    int ret = kvm_vm_ioctl(s, KVM_CREATE_DEVICE, &cd);

    if (ret < 0) {
        error_setg(errp, "kvm: cannot create an in-kernel GICv3: %s",
                   g_strerror(-ret));
        return -1;
    }
    ret = kvm_arm_dev_attr(cd.fd, KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0, &nr_irqs);
    if (ret == 0) {
        ret = kvm_arm_dev_attr(cd.fd, KVM_DEV_ARM_VGIC_GRP_ADDR,
                               KVM_VGIC_V3_ADDR_TYPE_DIST, &dist);
    }
    if (ret == 0) {
        ret = kvm_arm_dev_attr(cd.fd, KVM_DEV_ARM_VGIC_GRP_ADDR,
                               KVM_VGIC_V3_ADDR_TYPE_REDIST, &redist);
    }
    if (ret < 0) {
        error_setg(errp, "kvm: cannot configure the in-kernel GICv3: %s",
                   g_strerror(-ret));
        close(cd.fd);
        return -1;
    }
    return cd.fd;
}

bool kvm_arm_vgic_v3_init(int gic_fd, Error **errp)
{
    int ret = kvm_arm_dev_attr(gic_fd, KVM_DEV_ARM_VGIC_GRP_CTRL,
                               KVM_DEV_ARM_VGIC_CTRL_INIT, NULL);

    if (ret < 0) {
        error_setg(errp, "kvm: cannot initialise the in-kernel GICv3: %s",
                   g_strerror(-ret));
        return false;
    }
    return true;
}

int kvm_arm_set_spi(KVMState *s, unsigned spi, int level)
{
    uint32_t irq = (KVM_ARM_IRQ_TYPE_SPI << KVM_ARM_IRQ_TYPE_SHIFT) |
                   (32 + spi);

    return kvm_set_irq(s, irq, level);
}
