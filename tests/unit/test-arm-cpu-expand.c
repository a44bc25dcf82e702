/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * query-cpu-model-expansion for aarch64 (target/arm/cpu-expand.c) and the
 * live ID-register writes it and KVM share (arm_idregs_write_field()).
 */
#include "qemu/osdep.h"
#include "target/arm/cpu-expand.h"
#include "qobject/qjson.h"
#include "qobject/qnum.h"

/* Expand @model with the JSON dictionary @props; error text or NULL. */
static char *expand(const char *type, const char *model, const char *props,
                    bool el2, QDict **out)
{
    g_autoptr(QObject) p = props ? qobject_from_json(props, NULL) : NULL;
    Error *err = NULL;
    ArmExpandBoard b = { .has_el2 = el2 };
    QDict *d = arm_cpu_expand(type, model, p ? qobject_to_qdict(p) : NULL,
                              &b, &err);
    char *msg;

    if (d) {
        *out = d;
        return NULL;
    }
    msg = g_strdup(error_get_pretty(err));
    error_free(err);
    return msg;
}

static uint64_t prop_of(QDict *ret, const char *name)
{
    QDict *props = qdict_get_qdict(qdict_get_qdict(ret, "model"), "props");
    QNum *n = qobject_to_qnum(qdict_get(props, name));
    uint64_t v = UINT64_MAX;

    g_assert_nonnull(n);
    g_assert_true(qnum_get_try_uint(n, &v));
    return v;
}

static void test_defaults(void)
{
    QDict *ret = NULL;
    QDict *props;
    const ArmIdField *f;
    size_t n = 0;

    g_assert_null(expand("full", "max", NULL, false, &ret));
    g_assert_cmpstr(qdict_get_str(qdict_get_qdict(ret, "model"), "name"),
                    ==, "max");
    props = qdict_get_qdict(qdict_get_qdict(ret, "model"), "props");
    /* Every field of the table, nothing else. */
    for (size_t i = 0; (f = arm_idreg_field(i)); i++) {
        g_autofree char *name = arm_idfield_prop_name(f);

        g_assert_true(qdict_haskey(props, name));
        n++;
    }
    g_assert_cmpuint(qdict_size(props), ==, n);
    g_assert_cmpuint(n, >, 150);
    /* max: LSE atomics, PMULL, CRC32; cortex-a57 only CRC32. */
    g_assert_cmpuint(prop_of(ret, "SYSREG_ID_AA64ISAR0_EL1_ATOMIC"), ==, 2);
    g_assert_cmpuint(prop_of(ret, "SYSREG_ID_AA64ISAR0_EL1_AES"), ==, 2);
    g_assert_cmpuint(prop_of(ret, "SYSREG_ID_AA64PFR0_EL1_EL1"), ==, 1);
    g_assert_cmpuint(prop_of(ret, "SYSREG_ID_AA64PFR0_EL1_EL2"), ==, 0);
    qobject_unref(ret);
    g_assert_null(expand("static", "cortex-a57", NULL, false, &ret));
    g_assert_cmpuint(prop_of(ret, "SYSREG_ID_AA64ISAR0_EL1_ATOMIC"), ==, 0);
    g_assert_cmpuint(prop_of(ret, "SYSREG_ID_AA64ISAR0_EL1_CRC32"), ==, 1);
    qobject_unref(ret);
    /* virtualization=on: EL2 implemented, AArch64 only. */
    g_assert_null(expand("full", "max", NULL, true, &ret));
    g_assert_cmpuint(prop_of(ret, "SYSREG_ID_AA64PFR0_EL1_EL2"), ==, 1);
    qobject_unref(ret);
}

static void test_props(void)
{
    QDict *ret = NULL;
    g_autofree char *e1 = NULL, *e2 = NULL, *e3 = NULL, *e4 = NULL;
    g_autofree char *e5 = NULL, *e6 = NULL;

    g_assert_null(expand("full", "max", "{'SYSREG_ID_AA64ISAR0_EL1_CRC32': 0,"
                         " 'SYSREG_ID_AA64ISAR0_EL1_ATOMIC': '0x0'}",
                         false, &ret));
    g_assert_cmpuint(prop_of(ret, "SYSREG_ID_AA64ISAR0_EL1_CRC32"), ==, 0);
    g_assert_cmpuint(prop_of(ret, "SYSREG_ID_AA64ISAR0_EL1_ATOMIC"), ==, 0);
    g_assert_cmpuint(prop_of(ret, "SYSREG_ID_AA64ISAR0_EL1_AES"), ==, 2);
    qobject_unref(ret);

    e1 = expand("full", "cortex-a57", "{'SYSREG_ID_AA64ISAR0_EL1_ATOMIC': 2}",
                false, &ret);
    g_assert_cmpstr(e1, ==, "SYSREG_ID_AA64ISAR0_EL1_ATOMIC=0x2 is not "
                    "supported: maximum is 0x0");
    e2 = expand("full", "max", "{'SYSREG_ID_AA64PFR0_EL1_SVE': 1}", false,
                &ret);
    g_assert_cmpstr(e2, ==, "SYSREG_ID_AA64PFR0_EL1_SVE is not writable");
    e3 = expand("full", "max", "{'foo': 1}", false, &ret);
    g_assert_cmpstr(e3, ==, "Property 'max-arm-cpu.foo' not found");
    e4 = expand("full", "nope", NULL, false, &ret);
    g_assert_cmpstr(e4, ==, "The CPU type 'nope' is not a recognized ARM "
                    "CPU type");
    e5 = expand("fast", "max", NULL, false, &ret);
    g_assert_cmpstr(e5, ==, "Parameter 'type' does not accept value 'fast'");
    e6 = expand("full", "max", "{'SYSREG_ID_AA64ISAR0_EL1_DP': true}", false,
                &ret);
    g_assert_cmpstr(e6, ==, "Invalid parameter type for "
                    "'SYSREG_ID_AA64ISAR0_EL1_DP', expected: uint64");
}

static void test_sticky(void)
{
    QDict *ret = NULL;
    g_autofree char *e1 = NULL, *e2 = NULL, *e3 = NULL;

    e1 = expand("full", "max", "{'SYSREG_ID_AA64PFR0_EL1_EL1': 0}", false,
                &ret);
    g_assert_cmpstr(e1, ==, "cannot disable AArch64 at EL1");
    e2 = expand("full", "max", "{'SYSREG_ID_AA64PFR0_EL1_EL2': 0}", true,
                &ret);
    g_assert_cmpstr(e2, ==, "cannot disable AArch64 at EL2 while EL2 is "
                    "enabled");
    /* Without EL2 its field is already 0: accepted, and 1 is too high. */
    g_assert_null(expand("full", "max", "{'SYSREG_ID_AA64PFR0_EL1_EL2': 0}",
                         false, &ret));
    qobject_unref(ret);
    e3 = expand("full", "max", "{'SYSREG_ID_AA64PFR0_EL1_EL2': 1}", false,
                &ret);
    g_assert_cmpstr(e3, ==, "SYSREG_ID_AA64PFR0_EL1_EL2=0x1 is not "
                    "supported: maximum is 0x0");
}

/* A max register set, as a CPU holds it. */
static void live_regs(ArmIdRegs *r, bool el2)
{
    uint64_t lim[ARM_IDREG_COUNT];
    ArmExpandBoard b = { .has_el2 = el2 };

    g_assert_true(arm_cpu_expand_limits("max", &b, lim));
    arm_idregs_init(r, lim, el2, false);
    g_assert_true(arm_idregs_realize(r, &error_abort));
}

static void test_live_write(void)
{
    g_autofree ArmIdRegs *r = g_new0(ArmIdRegs, 1);
    Error *err = NULL;

    live_regs(r, false);
    /* Before the guest started: the rules apply. */
    g_assert_true(arm_idregs_write_field(r, "SYSREG_ID_AA64ISAR0_EL1_CRC32",
                                         0, &error_abort));
    g_assert_false(arm_idregs_write_field(r, "SYSREG_ID_AA64PFR0_EL1_EL0", 0,
                                          &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "cannot disable AArch64 at EL0");
    g_clear_pointer(&err, error_free);
    g_assert_false(arm_idregs_write_field(r, "SYSREG_ID_AA64PFR0_EL1_SVE", 1,
                                          &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "SYSREG_ID_AA64PFR0_EL1_SVE is not writable");
    g_clear_pointer(&err, error_free);
    g_assert_false(arm_idregs_write_field(r, "SYSREG_NOPE_X", 0, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "unknown ID register field 'SYSREG_NOPE_X'");
    g_clear_pointer(&err, error_free);

    /* After: the same value is fine, another one is EBUSY's message. */
    r->started = true;
    g_assert_true(arm_idregs_write_field(r, "SYSREG_ID_AA64ISAR0_EL1_CRC32",
                                         0, &error_abort));
    g_assert_true(arm_idregs_write_field(r, "SYSREG_ID_AA64ISAR0_EL1_AES",
                                         2, &error_abort));
    g_assert_false(arm_idregs_write_field(r, "SYSREG_ID_AA64ISAR0_EL1_AES",
                                          1, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "ID register "
                    "ID_AA64ISAR0_EL1 cannot be changed after the guest "
                    "has started");
    g_clear_pointer(&err, error_free);
    g_assert_cmpuint(arm_idfield_get(arm_idreg_find_prop(
                         "SYSREG_ID_AA64ISAR0_EL1_AES"),
                         r->val[ARM_ID_AA64ISAR0]), ==, 2);
}

static void test_diff_fields(void)
{
    g_autofree ArmIdRegs *r = g_new0(ArmIdRegs, 1);
    g_autofree char *d1 = NULL, *d2 = NULL;
    uint64_t v;

    live_regs(r, false);
    v = r->val[ARM_ID_AA64ISAR0] & ~(0xfull << 16) & ~(0xfull << 20);
    d1 = arm_idregs_diff_fields(r, ARM_ID_AA64ISAR0, v);
    g_assert_cmpstr(d1, ==, "SYSREG_ID_AA64ISAR0_EL1_ATOMIC=0x0, "
                    "SYSREG_ID_AA64ISAR0_EL1_CRC32=0x0");
    d2 = arm_idregs_diff_fields(r, ARM_ID_AA64ISAR0,
                                r->val[ARM_ID_AA64ISAR0] | 1);
    g_assert_cmpstr(d2, ==, "bits 0x0000000000000001");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/arm-cpu-expand/defaults", test_defaults);
    g_test_add_func("/arm-cpu-expand/props", test_props);
    g_test_add_func("/arm-cpu-expand/sticky", test_sticky);
    g_test_add_func("/arm-idregs-live/write-field", test_live_write);
    g_test_add_func("/arm-idregs-live/diff-fields", test_diff_fields);
    return g_test_run();
}
