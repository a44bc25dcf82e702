/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * arm64 KVM UAPI definitions that the oldest headers we build with lack
 * (Debian 12's linux-libc-dev is 6.1).  Values from the kernel UAPI
 * (include/uapi/linux/kvm.h, arch/arm64/include/uapi/asm/kvm.h).
 */
#ifndef ACCEL_KVM_ARM64_UAPI_H
#define ACCEL_KVM_ARM64_UAPI_H

#include <linux/kvm.h>

#ifndef KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES
#define KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES 230      /* Linux 6.7 */
#endif
#ifndef KVM_CAP_ARM_EL2
#define KVM_CAP_ARM_EL2 240         /* with nested virtualisation */
#endif
#ifndef KVM_ARM_VCPU_HAS_EL2
#define KVM_ARM_VCPU_HAS_EL2 7      /* vCPU feature bit (asm/kvm.h) */
#endif
#ifndef KVM_ARM_FEATURE_ID_RANGE
/* Linux 6.7: KVM_ARM_GET_REG_WRITABLE_MASKS and its argument. */
#define KVM_ARM_FEATURE_ID_RANGE 0
#define KVM_ARM_FEATURE_ID_RANGE_SIZE (3 * 8 * 8)
struct reg_mask_range {
    __u64 addr;             /* pointer to KVM_ARM_FEATURE_ID_RANGE_SIZE u64 */
    __u32 range;            /* KVM_ARM_FEATURE_ID_RANGE */
    __u32 reserved[13];     /* must be 0 */
};
#define KVM_ARM_GET_REG_WRITABLE_MASKS \
    _IOR(KVMIO, 0xb6, struct reg_mask_range)
#endif

#endif
