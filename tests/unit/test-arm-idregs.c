/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ID register customisation rules (specs/arm64-id-regs.md section 7.5,
 * the software-CPU cases that do not need a running guest).
 */
#include "qemu/osdep.h"
#include "target/arm/id-regs.h"

/* A max-like model: EL0/EL1 AArch64 only, FP+AdvSIMD, no SVE, GICv3. */
static void model_limits(uint64_t *lim, bool el2, bool el3)
{
    memset(lim, 0, sizeof(uint64_t) * ARM_IDREG_COUNT);
    lim[ARM_ID_AA64PFR0] = 0x1100000001000011ull |
                           (el2 ? 0x100 : 0) | (el3 ? 0x1000 : 0);
    /* AES=2 SHA1=1 SHA2=1 CRC32=1 ATOMIC=2 DP=1 */
    lim[ARM_ID_AA64ISAR0] = 0x0000100000211120ull;
    /* PARANGE=5 ASIDBITS=2 TGRAN16=1 TGRAN4_2=2, TGRAN4/64 IMP */
    lim[ARM_ID_AA64MMFR0] = 0x0000020000100025ull;
    lim[ARM_ID_AA64MMFR1] = 0x0000000001000000ull;   /* SpecSEI=1 */
    lim[ARM_ID_AA64DFR0] = 0x0000000000000006ull;    /* DebugVer=6 */
    lim[ARM_ID_CTR] = 0x8444c004ull;                 /* L1Ip=3 (PIPT) */
}

/* Apply "NAME=VAL,..." to a fresh model; returns the error or NULL. */
static char *apply(ArmIdRegs *r, bool el2, bool el3, const char *props)
{
    uint64_t lim[ARM_IDREG_COUNT];
    g_auto(GStrv) items = g_strsplit(props, ",", -1);
    Error *err = NULL;
    char *msg;

    model_limits(lim, el2, el3);
    arm_idregs_init(r, lim, el2, el3);
    for (char **p = items; *p && **p; p++) {
        g_auto(GStrv) kv = g_strsplit(*p, "=", 2);

        if (!arm_idregs_set_prop(r, kv[0], kv[1], &err)) {
            goto fail;
        }
    }
    if (arm_idregs_realize(r, &err)) {
        return NULL;
    }
fail:
    msg = g_strdup(error_get_pretty(err));
    error_free(err);
    return msg;
}

static void expect_error(bool el2, bool el3, const char *props,
                         const char *want)
{
    ArmIdRegs r;
    g_autofree char *msg = apply(&r, el2, el3, props);

    g_assert_nonnull(msg);
    g_assert_cmpstr(msg, ==, want);
}

static uint64_t field_of(const ArmIdRegs *r, const char *prop)
{
    const ArmIdField *f = arm_idreg_find_prop(prop);

    g_assert_nonnull(f);
    return arm_idfield_get(f, r->val[f->reg]);
}

static void test_lower(void)
{
    ArmIdRegs r;

    /* 1, 3: lowering DP works; the current value is accepted as is. */
    g_assert_null(apply(&r, false, false, "SYSREG_ID_AA64ISAR0_EL1_DP=0"));
    g_assert_cmpuint(field_of(&r, "SYSREG_ID_AA64ISAR0_EL1_DP"), ==, 0);
    g_assert_cmpuint(field_of(&r, "SYSREG_ID_AA64ISAR0_EL1_AES"), ==, 2);
    g_assert_null(apply(&r, false, false, "SYSREG_ID_AA64ISAR0_EL1_AES=2"));
    g_assert_cmphex(r.val[ARM_ID_AA64ISAR0], ==, r.limit[ARM_ID_AA64ISAR0]);
    /* 2: one above the limit. */
    expect_error(false, false, "SYSREG_ID_AA64ISAR0_EL1_DP=2",
                 "SYSREG_ID_AA64ISAR0_EL1_DP=0x2 is not supported: "
                 "maximum is 0x1");
    /* 16: two fields of one register combine. */
    g_assert_null(apply(&r, false, false, "SYSREG_ID_AA64ISAR0_EL1_AES=1,"
                        "SYSREG_ID_AA64ISAR0_EL1_CRC32=0"));
    g_assert_cmpuint(field_of(&r, "SYSREG_ID_AA64ISAR0_EL1_AES"), ==, 1);
    g_assert_cmpuint(field_of(&r, "SYSREG_ID_AA64ISAR0_EL1_CRC32"), ==, 0);
    g_assert_cmpuint(field_of(&r, "SYSREG_ID_AA64ISAR0_EL1_DP"), ==, 1);
}

static void test_sticky(void)
{
    ArmIdRegs r;

    expect_error(false, false, "SYSREG_ID_AA64PFR0_EL1_EL1=0",
                 "cannot disable AArch64 at EL1");
    expect_error(false, false, "SYSREG_ID_AA64PFR0_EL1_EL0=0",
                 "cannot disable AArch64 at EL0");
    /* 6: EL2 sticky only when implemented; otherwise its limit is 0. */
    expect_error(true, false, "SYSREG_ID_AA64PFR0_EL1_EL2=0",
                 "cannot disable AArch64 at EL2 while EL2 is enabled");
    g_assert_null(apply(&r, false, false, "SYSREG_ID_AA64PFR0_EL1_EL2=0"));
    expect_error(false, false, "SYSREG_ID_AA64PFR0_EL1_EL2=1",
                 "SYSREG_ID_AA64PFR0_EL1_EL2=0x1 is not supported: "
                 "maximum is 0x0");
    /* 7: our policy for EL3. */
    expect_error(false, true, "SYSREG_ID_AA64PFR0_EL1_EL3=0",
                 "cannot disable AArch64 at EL3 while EL3 is enabled");
    /* 8: AArch32 at EL1 on a model without it. */
    expect_error(false, false, "SYSREG_ID_AA64PFR0_EL1_EL1=2",
                 "SYSREG_ID_AA64PFR0_EL1_EL1=0x2 is not supported: "
                 "maximum is 0x1");
    /* The sticky rule wins even when another field is also wrong. */
    expect_error(false, false, "SYSREG_ID_AA64PFR0_EL1_EL0=0,"
                 "SYSREG_ID_AA64PFR0_EL1_DIT=1",
                 "cannot disable AArch64 at EL0");
}

static void test_not_writable_and_range(void)
{
    /* 9: SVE is driven by sve=, never by the field (even to its value). */
    expect_error(false, false, "SYSREG_ID_AA64PFR0_EL1_SVE=0",
                 "SYSREG_ID_AA64PFR0_EL1_SVE is not writable");
    /* 15 */
    expect_error(false, false, "SYSREG_ID_AA64ISAR0_EL1_DP=0x10",
                 "SYSREG_ID_AA64ISAR0_EL1_DP: value 0x10 does not fit in a "
                 "4-bit field");
    expect_error(false, false, "SYSREG_ID_AA64ISAR0_EL1_NOPE=1",
                 "unknown ID register field 'SYSREG_ID_AA64ISAR0_EL1_NOPE'");
    expect_error(false, false, "SYSREG_ID_AA64ISAR0_EL1_DP=x",
                 "SYSREG_ID_AA64ISAR0_EL1_DP: 'x' is not a number");
    /* 17: ZFR0 without SVE: only 0. */
    expect_error(false, false, "SYSREG_ID_AA64ZFR0_EL1_SVEver=1",
                 "SYSREG_ID_AA64ZFR0_EL1_SVEver=0x1 is not supported: "
                 "maximum is 0x0");
}

static void test_signed_higher_exact(void)
{
    ArmIdRegs r;

    /* 10: TGRAN64 is signed: 0xf (not implemented) is below 0. */
    g_assert_null(apply(&r, false, false,
                        "SYSREG_ID_AA64MMFR0_EL1_TGRAN64=0xf"));
    expect_error(false, false, "SYSREG_ID_AA64MMFR0_EL1_TGRAN64=1",
                 "SYSREG_ID_AA64MMFR0_EL1_TGRAN64=0x1 is not supported: "
                 "maximum is 0x0");
    expect_error(false, false, "SYSREG_ID_AA64MMFR0_EL1_TGRAN16=2",
                 "SYSREG_ID_AA64MMFR0_EL1_TGRAN16=0x2 is not supported: "
                 "maximum is 0x1");
    /* 11: SpecSEI is higher-safe. */
    expect_error(false, false, "SYSREG_ID_AA64MMFR1_EL1_SpecSEI=0",
                 "SYSREG_ID_AA64MMFR1_EL1_SpecSEI=0x0 is not supported: "
                 "minimum is 0x1");
    g_assert_null(apply(&r, false, false,
                        "SYSREG_ID_AA64MMFR1_EL1_SpecSEI=2"));
    /* 12: TGRAN4_2 is the limit (2) or 1. */
    g_assert_null(apply(&r, false, false,
                        "SYSREG_ID_AA64MMFR0_EL1_TGRAN4_2=1"));
    expect_error(false, false, "SYSREG_ID_AA64MMFR0_EL1_TGRAN4_2=3",
                 "SYSREG_ID_AA64MMFR0_EL1_TGRAN4_2=0x3 is not supported: "
                 "must be 0x2 or 0x1");
}

static void test_special(void)
{
    ArmIdRegs r;

    /* 13 */
    expect_error(false, false, "SYSREG_ID_AA64DFR0_EL1_DebugVer=5",
                 "SYSREG_ID_AA64DFR0_EL1_DebugVer must be at least 0x6");
    g_assert_null(apply(&r, false, false,
                        "SYSREG_ID_AA64DFR0_EL1_PMUVer=0xf"));
    g_assert_cmpuint(field_of(&r, "SYSREG_ID_AA64DFR0_EL1_PMUVer"), ==, 0);
    /* 14 */
    expect_error(false, false, "SYSREG_CTR_EL0_L1Ip=1",
                 "SYSREG_CTR_EL0_L1Ip: values 0 and 1 are reserved");
    g_assert_null(apply(&r, false, false, "SYSREG_CTR_EL0_L1Ip=2"));
    g_assert_cmpuint(field_of(&r, "SYSREG_CTR_EL0_L1Ip"), ==, 2);
}

static void test_after_start(void)
{
    ArmIdRegs r;
    Error *err = NULL;
    uint64_t v;

    g_assert_null(apply(&r, false, false, "SYSREG_ID_AA64ISAR0_EL1_DP=0"));
    v = r.val[ARM_ID_AA64ISAR0];
    /* Before start a whole-register write goes through the rules. */
    g_assert_false(arm_idregs_write(&r, ARM_ID_AA64PFR0,
                                    r.val[ARM_ID_AA64PFR0] & ~0xfull, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "cannot disable AArch64 at EL0");
    error_free(err);
    err = NULL;
    /* 19: after start only the same value is accepted. */
    r.started = true;
    g_assert_true(arm_idregs_write(&r, ARM_ID_AA64ISAR0, v, &error_abort));
    g_assert_false(arm_idregs_write(&r, ARM_ID_AA64ISAR0, v & ~0xf0ull,
                                    &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "ID register ID_AA64ISAR0_EL1 cannot be changed after "
                    "the guest has started");
    error_free(err);
    g_assert_cmphex(r.val[ARM_ID_AA64ISAR0], ==, v);
}

static void test_describe(void)
{
    ArmIdRegs r;
    g_autoptr(GString) out = g_string_new("");

    g_assert_null(apply(&r, false, false, "SYSREG_ID_AA64ISAR0_EL1_DP=0"));
    arm_idregs_describe(&r, out);
    /* 20: every field with its width, rule, limit and value. */
    g_assert_nonnull(strstr(out->str, "SYSREG_ID_AA64ISAR0_EL1_DP"));
    g_assert_true(g_regex_match_simple(
        "SYSREG_ID_AA64ISAR0_EL1_DP +4-bit unsigned lower-safe +"
        "limit=0x1 value=0x0", out->str, 0, 0));
    g_assert_true(g_regex_match_simple(
        "SYSREG_ID_AA64PFR0_EL1_SVE +4-bit unsigned read-only", out->str,
        0, 0));
    g_assert_true(g_regex_match_simple(
        "SYSREG_CTR_EL0_L1Ip +2-bit unsigned exact +limit=0x3", out->str,
        0, 0));
}

static void test_kvm(void)
{
    uint64_t lim[ARM_IDREG_COUNT], wmask[ARM_IDREG_COUNT] = { 0 };
    ArmIdRegs r;
    Error *err = NULL;

    /* The spec's worked ONE_REG ids. */
    g_assert_cmphex(arm_idreg_kvm_id(ARM_ID_AA64PFR0), ==,
                    0x603000000013C020ull);
    g_assert_cmphex(arm_idreg_kvm_id(ARM_ID_AA64ISAR0), ==,
                    0x603000000013C030ull);
    g_assert_cmphex(arm_idreg_kvm_id(ARM_ID_MIDR), ==, 0x603000000013C000ull);
    g_assert_cmphex(arm_idreg_kvm_id(ARM_ID_CTR), ==, 0x603000000013D801ull);
    /* A kernel that lets only ISAR0.AES change. */
    model_limits(lim, false, false);
    arm_idregs_init(&r, lim, false, false);
    wmask[ARM_ID_AA64ISAR0] = 0xf0;
    arm_idregs_set_kvm_masks(&r, wmask);
    g_assert_true(arm_idregs_set_prop(&r, "SYSREG_ID_AA64ISAR0_EL1_AES", "1",
                                      &error_abort));
    g_assert_true(arm_idregs_realize(&r, &error_abort));
    g_assert_true(arm_idregs_set_prop(&r, "SYSREG_ID_AA64ISAR0_EL1_DP", "0",
                                      &error_abort));
    g_assert_false(arm_idregs_realize(&r, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "SYSREG_ID_AA64ISAR0_EL1_DP "
                    "is not writable with this host kernel");
    error_free(err);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/arm-idregs/lower", test_lower);
    g_test_add_func("/arm-idregs/sticky", test_sticky);
    g_test_add_func("/arm-idregs/not-writable-and-range",
                    test_not_writable_and_range);
    g_test_add_func("/arm-idregs/signed-higher-exact",
                    test_signed_higher_exact);
    g_test_add_func("/arm-idregs/special", test_special);
    g_test_add_func("/arm-idregs/after-start", test_after_start);
    g_test_add_func("/arm-idregs/describe", test_describe);
    g_test_add_func("/arm-idregs/kvm", test_kvm);
    return g_test_run();
}
