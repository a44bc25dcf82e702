/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QMP query-cpu-model-expansion: argument checks here, the expansion in
 * the target (TargetInfo.cpu_model_expand; aarch64: the ID-register
 * fields, target/arm/cpu-expand.c).
 */
#include "qemu/osdep.h"
#include "monitor/qmp.h"
#include "hw/core/machine.h"
#include "system/target-info.h"
#include "qobject/qdict.h"
#include "qobject/qstring.h"

QObject *qmp_query_cpu_model_expansion(QmpSession *s, const QDict *args,
                                       Error **errp)
{
    const char *type = qdict_get_str(args, "type");
    QDict *model = qdict_get_qdict(args, "model");
    QObject *props = qdict_get(model, "props");
    QString *name = qobject_to_qstring(qdict_get(model, "name"));

    if (!qdict_haskey(model, "name")) {
        error_setg(errp, "Parameter 'model.name' is missing");
        return NULL;
    }
    if (!name) {
        error_setg(errp, "Invalid parameter type for 'model.name', "
                   "expected: string");
        return NULL;
    }
    if (props && !qobject_to_qdict(props)) {
        error_setg(errp, "Invalid parameter type for 'model.props', "
                   "expected: object");
        return NULL;
    }
    if (!s->ms->target || !s->ms->target->cpu_model_expand) {
        error_setg(errp, "query-cpu-model-expansion is not supported by "
                   "target '%s'",
                   s->ms->target ? s->ms->target->name : "none");
        return NULL;
    }
    return s->ms->target->cpu_model_expand(s->ms, type,
                                           qstring_get_str(name),
                                           props ? qobject_to_qdict(props)
                                                 : NULL, errp);
}
