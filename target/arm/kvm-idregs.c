/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ID registers under KVM: probing, applying user values, and the error
 * texts for kernel refusals (kvm-idregs.h).  No Linux header here: the
 * ioctls are behind ArmKvmRegOps.
 */
#include "qemu/osdep.h"
#include "kvm-idregs.h"

bool arm_kvm_id_to_idreg(uint64_t id, unsigned *idx)
{
    unsigned op0 = (id >> 14) & 3, op1 = (id >> 11) & 7;
    unsigned crn = (id >> 7) & 0xf, crm = (id >> 3) & 0xf, op2 = id & 7;

    if ((id & ~0xffffull) != ARM_KVM_REG_SYSREG64 || op0 != 3 || crn != 0 ||
        crm > 7 || (op1 != 0 && op1 != 1 && op1 != 3)) {
        return false;
    }
    *idx = ARM_IDREG_IDX(op1, crm, op2);
    return true;
}

uint64_t *arm_kvm_get_reg_list(const ArmKvmRegOps *ops, void *opaque,
                               size_t *n, Error **errp)
{
    uint64_t want = 0;
    uint64_t *ids = NULL;
    int ret;

    /* Ask with no room first; the kernel says how much it needs. */
    for (int tries = 0; tries < 4; tries++) {
        uint64_t room = want;

        ret = ops->get_reg_list(opaque, &want, ids);
        if (ret == 0) {
            *n = want;
            return ids ? ids : g_new0(uint64_t, 1);
        }
        if (ret != -E2BIG || want <= room) {
            break;
        }
        g_free(ids);
        ids = g_new0(uint64_t, want);
    }
    g_free(ids);
    error_setg(errp, "KVM_GET_REG_LIST failed: %s",
               g_strerror(ret == -E2BIG ? EOVERFLOW : -ret));
    return NULL;
}

/* Writable masks, or all zero (no field writable) without the ioctl. */
static bool arm_kvm_get_masks(const ArmKvmRegOps *ops, void *opaque,
                              uint64_t *masks, Error **errp)
{
    int ret = ops->get_writable_masks(opaque, masks);

    if (ret == -EOPNOTSUPP) {
        memset(masks, 0, ARM_IDREG_COUNT * sizeof(uint64_t));
        return true;
    }
    if (ret < 0) {
        error_setg(errp, "KVM_ARM_GET_REG_WRITABLE_MASKS failed: %s",
                   g_strerror(-ret));
        return false;
    }
    return true;
}

bool arm_kvm_idregs_probe(const ArmKvmRegOps *ops, void *opaque,
                          ArmIdRegs *r, bool has_el2, Error **errp)
{
    g_autofree uint64_t *limit = g_new0(uint64_t, ARM_IDREG_COUNT);
    g_autofree uint64_t *masks = g_new0(uint64_t, ARM_IDREG_COUNT);
    g_autofree uint64_t *ids = NULL;
    size_t n;

    ids = arm_kvm_get_reg_list(ops, opaque, &n, errp);
    if (!ids || !arm_kvm_get_masks(ops, opaque, masks, errp)) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned idx;
        int ret;

        if (!arm_kvm_id_to_idreg(ids[i], &idx)) {
            continue;
        }
        ret = ops->get_one_reg(opaque, ids[i], &limit[idx]);
        if (ret < 0) {
            error_setg(errp, "KVM_GET_ONE_REG of %s (0x%016" PRIx64 ") "
                       "failed: %s", arm_idreg_name(idx) ?: "ID register",
                       ids[i], g_strerror(-ret));
            return false;
        }
    }
    arm_idregs_init(r, limit, has_el2, false);
    arm_idregs_set_kvm_masks(r, masks);
    return true;
}

/* What the errno of a refused ID-register write means. */
static const char *arm_kvm_refusal_hint(int err)
{
    switch (err) {
    case EINVAL:
        return "the kernel does not accept this value";
    case EBUSY:
        return "the guest has already run";
    case ENOENT:
        return "this kernel does not know the register";
    default:
        return "unexpected error";
    }
}

static bool arm_kvm_set_idreg(const ArmKvmRegOps *ops, void *opaque,
                              const ArmIdRegs *r, unsigned idx, uint64_t old,
                              Error **errp)
{
    uint64_t id = arm_idreg_kvm_id(idx), v = r->val[idx], back = 0;
    const char *name = arm_idreg_name(idx) ?: "ID register";
    int ret = ops->set_one_reg(opaque, id, v);

    if (ret < 0) {
        ArmIdRegs held = *r;
        g_autofree char *fields = NULL;

        held.val[idx] = old;
        fields = arm_idregs_diff_fields(&held, idx, v);
        error_setg(errp, "KVM rejected %s = 0x%016" PRIx64 ": %s (%s; "
                   "changed: %s)", name, v, g_strerror(-ret),
                   arm_kvm_refusal_hint(-ret), fields);
        return false;
    }
    ret = ops->get_one_reg(opaque, id, &back);
    if (ret < 0 || back != v) {
        error_setg(errp, "KVM stored %s = 0x%016" PRIx64 " instead of "
                   "0x%016" PRIx64 "%s%s", name, back, v,
                   ret < 0 ? ": " : "", ret < 0 ? g_strerror(-ret) : "");
        return false;
    }
    return true;
}

bool arm_kvm_idregs_apply(const ArmKvmRegOps *ops, void *opaque,
                          const ArmIdRegs *r, Error **errp)
{
    for (unsigned idx = 0; idx < ARM_IDREG_COUNT; idx++) {
        uint64_t cur;
        int ret;

        if (r->val[idx] == r->limit[idx]) {
            continue;
        }
        ret = ops->get_one_reg(opaque, arm_idreg_kvm_id(idx), &cur);
        if (ret < 0) {
            cur = r->limit[idx];
        } else if (cur == r->val[idx]) {
            continue;
        }
        if (!arm_kvm_set_idreg(ops, opaque, r, idx, cur, errp)) {
            return false;
        }
    }
    return true;
}

bool arm_kvm_idregs_write_field(const ArmKvmRegOps *ops, void *opaque,
                                ArmIdRegs *r, const char *prop,
                                uint64_t value, Error **errp)
{
    const ArmIdField *f = arm_idreg_find_prop(prop);
    uint64_t old;

    if (!f) {
        error_setg(errp, "unknown ID register field '%s'", prop);
        return false;
    }
    old = r->val[f->reg];
    if (!arm_idregs_write_field(r, prop, value, errp)) {
        return false;
    }
    if (r->val[f->reg] == old) {
        return true;
    }
    if (!arm_kvm_set_idreg(ops, opaque, r, f->reg, old, errp)) {
        r->val[f->reg] = old;
        return false;
    }
    return true;
}
