/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * query-cpu-model-expansion for aarch64 (docs/arm64-id-regs.md, QMP
 * section): a model's ID-register fields as properties, with the
 * requested ones validated by the same rules -cpu uses.
 */
#include "qemu/osdep.h"
#include "cpu-expand.h"
#include "cpu.h"
#include "hw/core/machine.h"
#include "qobject/qbool.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"

bool arm_cpu_expand_limits(const char *name, const ArmExpandBoard *b,
                           uint64_t *limit)
{
    const ARMCPUModel *m = arm_cpu_model_find(name);
    ARMCPU *cpu;

    if (!m) {
        return false;
    }
    cpu = arm_cpu_new(m, 0);
    memcpy(limit, cpu->idregs.limit, sizeof(cpu->idregs.limit));
    arm_cpu_free(cpu);
    /* As target/arm/sysreg-idregs.c: EL2/EL3 AArch64 only, GIC sysregs. */
    limit[ARM_ID_AA64PFR0] &= ~(0xffull << 8) & ~(0xfull << 24);
    limit[ARM_ID_AA64PFR0] |= (b->has_el2 ? 1ull << 8 : 0) |
                              (b->has_el3 ? 1ull << 12 : 0) |
                              (b->gicv3 ? 1ull << 24 : 0);
    return true;
}

/* A property value as the text -cpu would have carried. */
static char *arm_expand_prop_text(const char *key, QObject *v, Error **errp)
{
    QNum *n = qobject_to_qnum(v);
    QString *s = qobject_to_qstring(v);
    uint64_t u;

    if (n && qnum_get_try_uint(n, &u)) {
        return g_strdup_printf("%" PRIu64, u);
    }
    if (s) {
        return g_strdup(qstring_get_str(s));
    }
    error_setg(errp, "Invalid parameter type for '%s', expected: uint64",
               key);
    return NULL;
}

bool arm_idregs_apply_qdict(ArmIdRegs *r, const char *model,
                            const QDict *props, Error **errp)
{
    for (const QDictEntry *e = props ? qdict_first(props) : NULL; e;
         e = qdict_next(props, e)) {
        const char *key = qdict_entry_key(e);
        g_autofree char *text = NULL;

        if (!g_str_has_prefix(key, "SYSREG_")) {
            error_setg(errp, "Property '%s-arm-cpu.%s' not found", model,
                       key);
            return false;
        }
        text = arm_expand_prop_text(key, qdict_entry_value(e), errp);
        if (!text || !arm_idregs_set_prop(r, key, text, errp)) {
            return false;
        }
    }
    return arm_idregs_realize(r, errp);
}

QDict *arm_idregs_to_qdict(const ArmIdRegs *r)
{
    QDict *d = qdict_new();
    const ArmIdField *f;

    for (size_t i = 0; (f = arm_idreg_field(i)); i++) {
        g_autofree char *prop = arm_idfield_prop_name(f);

        qdict_put_uint(d, prop, arm_idfield_get(f, r->val[f->reg]));
    }
    return d;
}

QDict *arm_cpu_expand(const char *type, const char *name,
                      const QDict *props, const ArmExpandBoard *b,
                      Error **errp)
{
    g_autofree uint64_t *limit = g_new0(uint64_t, ARM_IDREG_COUNT);
    g_autofree ArmIdRegs *r = g_new0(ArmIdRegs, 1);
    QDict *model, *ret;

    if (strcmp(type, "static") && strcmp(type, "full")) {
        error_setg(errp, "Parameter 'type' does not accept value '%s'",
                   type);
        return NULL;
    }
    if (!arm_cpu_expand_limits(name, b, limit)) {
        error_setg(errp, "The CPU type '%s' is not a recognized ARM CPU "
                   "type", name);
        return NULL;
    }
    arm_idregs_init(r, limit, b->has_el2, b->has_el3);
    if (!arm_idregs_apply_qdict(r, name, props, errp)) {
        return NULL;
    }
    model = qdict_new();
    qdict_put_str(model, "name", name);
    qdict_put(model, "props", arm_idregs_to_qdict(r));
    ret = qdict_new();
    qdict_put(ret, "model", model);
    return ret;
}

/* A boolean -machine property, false when the machine has none. */
static bool arm_machine_flag(MachineState *ms, const char *name)
{
    g_autoptr(QObject) v = NULL;
    QBool *b;

    if (!ms || !object_property_find_any(OBJECT(ms), name)) {
        return false;
    }
    v = object_property_get_qobject(OBJECT(ms), name, NULL);
    b = v ? qobject_to_qbool(v) : NULL;
    return b && qbool_get_bool(b);
}

/* Is the machine's "gic-version" 3 (also "host" and "max" here)? */
static bool arm_machine_gicv3(MachineState *ms)
{
    g_autofree char *v = NULL;

    if (!ms || !object_property_find_any(OBJECT(ms), "gic-version")) {
        return false;
    }
    v = object_property_print(OBJECT(ms), "gic-version", NULL);
    return v && (!strcmp(v, "3") || !strcmp(v, "host") || !strcmp(v, "max"));
}

QObject *arm_cpu_model_expand(MachineState *ms, const char *type,
                              const char *name, const QDict *props,
                              Error **errp)
{
    ArmExpandBoard b = {
        .has_el2 = arm_machine_flag(ms, "virtualization"),
        .has_el3 = arm_machine_flag(ms, "secure"),
        .gicv3 = arm_machine_gicv3(ms),
    };
    QDict *d = arm_cpu_expand(type, name, props, &b, errp);

    return d ? QOBJECT(d) : NULL;
}

bool arm_print_cpu_props(const char *model, char **props, GString *out,
                         Error **errp)
{
    static const ArmExpandBoard board = { .gicv3 = true };
    uint64_t limit[ARM_IDREG_COUNT];
    ArmIdRegs r;

    if (!arm_cpu_expand_limits(model, &board, limit)) {
        error_setg(errp, "unable to find CPU model '%s'", model);
        return false;
    }
    arm_idregs_init(&r, limit, false, false);
    for (char **p = props; p && *p; p++) {
        g_auto(GStrv) kv = g_strsplit(*p, "=", 2);

        if (!kv[1]) {
            error_setg(errp, "Expected '=' after parameter '%s'", kv[0]);
            return false;
        }
        if (!arm_idregs_set_prop(&r, kv[0], kv[1], errp)) {
            return false;
        }
    }
    if (!arm_idregs_realize(&r, errp)) {
        return false;
    }
    arm_idregs_describe(&r, out);
    return true;
}
