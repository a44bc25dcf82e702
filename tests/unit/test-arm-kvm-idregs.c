/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * KVM ID-register logic (target/arm/kvm-idregs.c) against a fake kernel
 * that answers like KVM does (specs/arm64-id-regs.md sections 1.2, 3, 5):
 * reg-list sizing, ONE_REG id mapping, writable masks, the per-field
 * check, the sticky rule, EBUSY after the first run, ENOENT, and the
 * error texts the user sees.
 */
#include "qemu/osdep.h"
#include "target/arm/kvm-idregs.h"

#define TCR2_EL1 0x603000000013C103ull      /* 3,0,2,0,3: not an ID reg */

typedef struct FakeKvm {
    uint64_t ids[256];
    size_t n;
    uint64_t val[ARM_IDREG_COUNT];
    uint64_t limit[ARM_IDREG_COUNT];
    uint64_t mask[ARM_IDREG_COUNT];
    uint64_t tcr2;
    bool has_masks, ran, nv;
    int set_calls, list_calls;
} FakeKvm;

static bool fake_listed(FakeKvm *k, uint64_t id)
{
    for (size_t i = 0; i < k->n; i++) {
        if (k->ids[i] == id) {
            return true;
        }
    }
    return false;
}

/* Only TCR2_EL1's visibility depends on an ID value (MMFR3.TCRX). */
static void fake_relist(FakeKvm *k)
{
    k->n = 0;
    for (unsigned idx = 0; idx < ARM_IDREG_COUNT; idx++) {
        k->ids[k->n++] = arm_idreg_kvm_id(idx);
    }
    k->ids[k->n++] = 0x6030000000100000ull;     /* core register X0 */
    if (k->val[ARM_ID_AA64MMFR3] & 0xf) {
        k->ids[k->n++] = TCR2_EL1;
    }
}

static int fake_get_reg_list(void *opaque, uint64_t *n, uint64_t *ids)
{
    FakeKvm *k = opaque;
    uint64_t room = *n;

    k->list_calls++;
    *n = k->n;
    if (room < k->n) {
        return -E2BIG;
    }
    memcpy(ids, k->ids, k->n * sizeof(uint64_t));
    return 0;
}

static int fake_get_one_reg(void *opaque, uint64_t id, uint64_t *val)
{
    FakeKvm *k = opaque;
    unsigned idx;

    if (!fake_listed(k, id)) {
        return -ENOENT;
    }
    if (arm_kvm_id_to_idreg(id, &idx)) {
        *val = k->val[idx];
    } else {
        *val = id == TCR2_EL1 ? k->tcr2 : 0;
    }
    return 0;
}

/* KVM's order: sticky rule, then EBUSY, then the field check. */
static int fake_check(FakeKvm *k, unsigned idx, uint64_t v)
{
    if (idx == ARM_ID_AA64PFR0 &&
        (!(v & 0xf) || !(v & 0xf0) || (k->nv && !(v & 0xf00)))) {
        return -EINVAL;
    }
    if (k->ran) {
        return v == k->val[idx] ? 0 : -EBUSY;
    }
    if ((v ^ k->limit[idx]) & ~k->mask[idx]) {
        return -EINVAL;
    }
    for (unsigned sh = 0; sh < 64; sh += 4) {
        uint64_t m = 0xfull << sh;

        if ((k->mask[idx] & m) && (v & m) > (k->limit[idx] & m)) {
            return -EINVAL;
        }
    }
    return 0;
}

static int fake_set_one_reg(void *opaque, uint64_t id, uint64_t val)
{
    FakeKvm *k = opaque;
    unsigned idx;
    int ret;

    k->set_calls++;
    if (!fake_listed(k, id)) {
        return -ENOENT;
    }
    if (!arm_kvm_id_to_idreg(id, &idx)) {
        return 0;
    }
    ret = fake_check(k, idx, val);
    if (ret == 0) {
        k->val[idx] = val;
        fake_relist(k);
    }
    return ret;
}

static int fake_get_writable_masks(void *opaque, uint64_t *masks)
{
    FakeKvm *k = opaque;

    if (!k->has_masks) {
        return -EOPNOTSUPP;
    }
    memcpy(masks, k->mask, sizeof(k->mask));
    return 0;
}

static const ArmKvmRegOps fake_ops = {
    .get_reg_list = fake_get_reg_list,
    .get_one_reg = fake_get_one_reg,
    .set_one_reg = fake_set_one_reg,
    .get_writable_masks = fake_get_writable_masks,
};

/* A host like a Neoverse-N1 under Linux 6.15. */
static FakeKvm *fake_new(bool has_masks)
{
    FakeKvm *k = g_new0(FakeKvm, 1);

    k->val[ARM_ID_MIDR] = 0x413fd0c1;
    k->val[ARM_ID_AA64PFR0] = 0x1100000011111111ull;   /* GIC=1, EL0-3=1 */
    k->val[ARM_ID_AA64ISAR0] = 0x0000100010211120ull;  /* DP, RDM, ... */
    k->val[ARM_ID_AA64MMFR0] = 0x0000000000101125ull;
    k->val[ARM_ID_AA64MMFR3] = 0x1;                    /* TCRX */
    k->val[ARM_ID_AA64DFR0] = 0x0000000010305408ull;
    k->val[ARM_ID_CTR] = 0x000000009444c004ull;
    memcpy(k->limit, k->val, sizeof(k->val));
    /* PFR0: everything but AMU, MPAM, SVE, AdvSIMD, FP; ISAR0: all. */
    k->mask[ARM_ID_AA64PFR0] = 0xfff0f0ff0000ffffull & ~(0xfull << 32);
    k->mask[ARM_ID_AA64ISAR0] = 0xfffffffffffffff0ull;
    k->mask[ARM_ID_AA64MMFR3] = 0xf00f0ffull;
    k->has_masks = has_masks;
    fake_relist(k);
    return k;
}

static char *err_text(Error *err)
{
    char *s = g_strdup(error_get_pretty(err));

    error_free(err);
    return s;
}

static void test_id_mapping(void)
{
    unsigned idx = 999;

    g_assert_true(arm_kvm_id_to_idreg(0x603000000013C020ull, &idx));
    g_assert_cmpuint(idx, ==, ARM_ID_AA64PFR0);
    g_assert_true(arm_kvm_id_to_idreg(0x603000000013C030ull, &idx));
    g_assert_cmpuint(idx, ==, ARM_ID_AA64ISAR0);
    g_assert_true(arm_kvm_id_to_idreg(0x603000000013D801ull, &idx));
    g_assert_cmpuint(idx, ==, ARM_ID_CTR);
    g_assert_true(arm_kvm_id_to_idreg(0x603000000013C000ull, &idx));
    g_assert_cmpuint(idx, ==, ARM_ID_MIDR);
    /* CLIDR_EL1 (3,1,0,0,1) is index 65. */
    g_assert_true(arm_kvm_id_to_idreg(0x603000000013C801ull, &idx));
    g_assert_cmpuint(idx, ==, 65);
    /* Not in the feature range: SCTLR_EL1, CSSELR (op1=2), core, 32-bit. */
    g_assert_false(arm_kvm_id_to_idreg(0x603000000013C080ull, &idx));
    g_assert_false(arm_kvm_id_to_idreg(0x603000000013D000ull, &idx));
    g_assert_false(arm_kvm_id_to_idreg(0x6030000000100000ull, &idx));
    g_assert_false(arm_kvm_id_to_idreg(0x602000000013C020ull, &idx));
    g_assert_false(arm_kvm_id_to_idreg(TCR2_EL1, &idx));
    /* Every index round-trips. */
    for (unsigned i = 0; i < ARM_IDREG_COUNT; i++) {
        g_assert_true(arm_kvm_id_to_idreg(arm_idreg_kvm_id(i), &idx));
        g_assert_cmpuint(idx, ==, i);
    }
}

static void test_reg_list(void)
{
    g_autofree FakeKvm *k = fake_new(true);
    g_autofree uint64_t *ids = NULL;
    size_t n = 0;

    ids = arm_kvm_get_reg_list(&fake_ops, k, &n, &error_abort);
    g_assert_cmpuint(n, ==, ARM_IDREG_COUNT + 2);
    g_assert_cmpuint(k->list_calls, ==, 2);     /* sizing, then the list */
    g_assert_cmphex(ids[0], ==, 0x603000000013C000ull);
    g_assert_cmphex(ids[n - 1], ==, TCR2_EL1);
}

static void test_probe(void)
{
    g_autofree FakeKvm *k = fake_new(true);
    g_autofree ArmIdRegs *r = g_new0(ArmIdRegs, 1);
    const ArmIdField *sve = arm_idreg_find_prop("SYSREG_ID_AA64PFR0_EL1_SVE");
    const ArmIdField *dp = arm_idreg_find_prop("SYSREG_ID_AA64ISAR0_EL1_DP");
    const ArmIdField *tle = arm_idreg_find_prop("SYSREG_CTR_EL0_DIC");

    g_assert_true(arm_kvm_idregs_probe(&fake_ops, k, r, false,
                                       &error_abort));
    g_assert_true(r->kvm);
    g_assert_cmphex(r->limit[ARM_ID_AA64ISAR0], ==, k->val[ARM_ID_AA64ISAR0]);
    g_assert_cmphex(r->val[ARM_ID_MIDR], ==, 0x413fd0c1);
    /* Exactly the fields inside the kernel's masks are writable. */
    g_assert_true(arm_idregs_field_writable(r, dp));
    g_assert_false(arm_idregs_field_writable(r, sve));
    g_assert_false(arm_idregs_field_writable(r, tle));   /* CTR: mask 0 */
    for (size_t i = 0; arm_idreg_field(i); i++) {
        const ArmIdField *f = arm_idreg_field(i);
        uint64_t m = ((1ull << f->width) - 1) << f->shift;

        g_assert_cmpint(arm_idregs_field_writable(r, f), ==,
                        (k->mask[f->reg] & m) == m);
    }
}

static void test_no_masks(void)
{
    g_autofree FakeKvm *k = fake_new(false);
    g_autofree ArmIdRegs *r = g_new0(ArmIdRegs, 1);
    Error *err = NULL;
    g_autofree char *msg = NULL;

    g_assert_true(arm_kvm_idregs_probe(&fake_ops, k, r, false,
                                       &error_abort));
    g_assert_true(arm_idregs_set_prop(r, "SYSREG_ID_AA64ISAR0_EL1_DP", "0",
                                      &error_abort));
    g_assert_false(arm_idregs_realize(r, &err));
    msg = err_text(err);
    g_assert_cmpstr(msg, ==, "SYSREG_ID_AA64ISAR0_EL1_DP is not writable "
                    "with this host kernel");
}

/* Probe, record "NAME=VALUE" props, realize: our rules. */
static bool setup(FakeKvm *k, ArmIdRegs *r, const char *prop, Error **errp)
{
    g_auto(GStrv) kv = g_strsplit(prop, "=", 2);

    g_assert_true(arm_kvm_idregs_probe(&fake_ops, k, r, k->nv,
                                       &error_abort));
    return arm_idregs_set_prop(r, kv[0], kv[1], errp) &&
           arm_idregs_realize(r, errp);
}

static void test_apply(void)
{
    g_autofree FakeKvm *k = fake_new(true);
    g_autofree ArmIdRegs *r = g_new0(ArmIdRegs, 1);
    g_autofree uint64_t *ids = NULL;
    size_t n;

    g_assert_true(setup(k, r, "SYSREG_ID_AA64ISAR0_EL1_DP=0", &error_abort));
    g_assert_true(arm_kvm_idregs_apply(&fake_ops, k, r, &error_abort));
    g_assert_cmpint(k->set_calls, ==, 1);
    g_assert_cmphex(k->val[ARM_ID_AA64ISAR0], ==,
                    k->limit[ARM_ID_AA64ISAR0] & ~(0xfull << 44));
    /* Applying again writes nothing: the kernel already holds it. */
    g_assert_true(arm_kvm_idregs_apply(&fake_ops, k, r, &error_abort));
    g_assert_cmpint(k->set_calls, ==, 1);

    /* TCRX=0 hides TCR2_EL1: the list must be fetched again. */
    g_free(r);
    r = g_new0(ArmIdRegs, 1);
    g_assert_true(setup(k, r, "SYSREG_ID_AA64MMFR3_EL1_TCRX=0",
                        &error_abort));
    g_assert_true(arm_kvm_idregs_apply(&fake_ops, k, r, &error_abort));
    ids = arm_kvm_get_reg_list(&fake_ops, k, &n, &error_abort);
    g_assert_cmpuint(n, ==, ARM_IDREG_COUNT + 1);
    g_assert_cmphex(ids[n - 1], !=, TCR2_EL1);
}

static void test_refused(void)
{
    g_autofree FakeKvm *k = fake_new(true);
    g_autofree ArmIdRegs *r = g_new0(ArmIdRegs, 1);
    Error *err = NULL;
    g_autofree char *m1 = NULL, *m2 = NULL, *m3 = NULL;

    /* Our rules pass, the kernel's limit is lower: EINVAL, field named. */
    g_assert_true(setup(k, r, "SYSREG_ID_AA64ISAR0_EL1_CRC32=0",
                        &error_abort));
    k->limit[ARM_ID_AA64ISAR0] &= ~(0xfull << 16);
    k->limit[ARM_ID_AA64ISAR0] |= 0x2ull << 16;
    r->val[ARM_ID_AA64ISAR0] |= 0x3ull << 16;
    g_assert_false(arm_kvm_idregs_apply(&fake_ops, k, r, &err));
    m1 = err_text(err);
    g_assert_cmpstr(m1, ==, "KVM rejected ID_AA64ISAR0_EL1 = "
                    "0x0000100010231120: Invalid argument (the kernel does "
                    "not accept this value; changed: "
                    "SYSREG_ID_AA64ISAR0_EL1_CRC32=0x3)");
    g_assert_cmphex(k->val[ARM_ID_AA64ISAR0], ==, 0x0000100010211120ull);

    /* A register this kernel does not list: ENOENT. */
    memcpy(r->val, r->limit, sizeof(r->val));
    r->val[ARM_ID_AA64ISAR3] = 0x10;
    k->n = 3;
    err = NULL;
    g_assert_false(arm_kvm_idregs_apply(&fake_ops, k, r, &err));
    m2 = err_text(err);
    g_assert_cmpstr(m2, ==, "KVM rejected ID_AA64ISAR3_EL1 = "
                    "0x0000000000000010: No such file or directory (this "
                    "kernel does not know the register; changed: "
                    "SYSREG_ID_AA64ISAR3_EL1_FAMINMAX=0x1)");

    /* The guest ran but our state did not know: the kernel's EBUSY. */
    g_free(k);
    k = fake_new(true);
    g_assert_true(setup(k, r, "SYSREG_ID_AA64ISAR0_EL1_AES=2",
                        &error_abort));
    k->ran = true;
    err = NULL;
    g_assert_false(arm_kvm_idregs_write_field(&fake_ops, k, r,
                                              "SYSREG_ID_AA64ISAR0_EL1_AES",
                                              1, &err));
    m3 = err_text(err);
    g_assert_true(g_str_has_prefix(m3, "KVM rejected ID_AA64ISAR0_EL1 = "));
    g_assert_true(g_str_has_suffix(m3, ": Device or resource busy (the "
                                   "guest has already run; changed: "
                                   "SYSREG_ID_AA64ISAR0_EL1_AES=0x1)"));
    g_assert_cmpuint(arm_idfield_get(arm_idreg_find_prop(
                         "SYSREG_ID_AA64ISAR0_EL1_AES"),
                         r->val[ARM_ID_AA64ISAR0]), ==, 2);
}

static void test_prechecks(void)
{
    g_autofree FakeKvm *k = fake_new(true);
    g_autofree ArmIdRegs *r = g_new0(ArmIdRegs, 1);
    Error *err = NULL;
    g_autofree char *m1 = NULL, *m2 = NULL, *m3 = NULL, *m4 = NULL;

    /* Sticky rule before any ioctl. */
    g_assert_false(setup(k, r, "SYSREG_ID_AA64PFR0_EL1_EL1=0", &err));
    m1 = err_text(err);
    g_assert_cmpstr(m1, ==, "cannot disable AArch64 at EL1");
    /* EL2 only with nested virt; EL3 is not KVM's business. */
    k->nv = true;
    err = NULL;
    g_assert_false(setup(k, r, "SYSREG_ID_AA64PFR0_EL1_EL2=0", &err));
    m2 = err_text(err);
    g_assert_cmpstr(m2, ==, "cannot disable AArch64 at EL2 while EL2 is "
                    "enabled");
    k->nv = false;
    g_assert_true(setup(k, r, "SYSREG_ID_AA64PFR0_EL1_EL3=0", &error_abort));
    /* Above the host: ours, not the kernel's. */
    err = NULL;
    g_assert_false(setup(k, r, "SYSREG_ID_AA64ISAR0_EL1_SHA3=1", &err));
    m3 = err_text(err);
    g_assert_cmpstr(m3, ==, "SYSREG_ID_AA64ISAR0_EL1_SHA3=0x1 is not "
                    "supported: maximum is 0x0");
    g_assert_cmpint(k->set_calls, ==, 0);
    /* After the start, a change is refused before the ioctl. */
    g_assert_true(setup(k, r, "SYSREG_ID_AA64ISAR0_EL1_DP=1", &error_abort));
    r->started = true;
    err = NULL;
    g_assert_false(arm_kvm_idregs_write_field(&fake_ops, k, r,
                                              "SYSREG_ID_AA64ISAR0_EL1_DP",
                                              0, &err));
    m4 = err_text(err);
    g_assert_cmpstr(m4, ==, "ID register ID_AA64ISAR0_EL1 cannot be changed "
                    "after the guest has started");
    g_assert_true(arm_kvm_idregs_write_field(&fake_ops, k, r,
                                             "SYSREG_ID_AA64ISAR0_EL1_DP",
                                             1, &error_abort));
    g_assert_cmpint(k->set_calls, ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/arm-kvm-idregs/id-mapping", test_id_mapping);
    g_test_add_func("/arm-kvm-idregs/reg-list", test_reg_list);
    g_test_add_func("/arm-kvm-idregs/probe", test_probe);
    g_test_add_func("/arm-kvm-idregs/no-masks", test_no_masks);
    g_test_add_func("/arm-kvm-idregs/apply", test_apply);
    g_test_add_func("/arm-kvm-idregs/refused", test_refused);
    g_test_add_func("/arm-kvm-idregs/prechecks", test_prechecks);
    return g_test_run();
}
