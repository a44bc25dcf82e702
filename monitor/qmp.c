/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The QMP dispatcher: validate one request, run its command, build the
 * response.
 *
 * Checks happen in QEMU's order so the same input gives the same error:
 * the request must be an object; its members are only "execute",
 * "arguments" and "id" (we never enable out-of-band execution, so
 * "exec-oob" is an unexpected member); the command must exist (during
 * capabilities negotiation only qmp_capabilities does); then the
 * arguments are checked against the command's schema.
 *
 * Member order of the responses follows QEMU's wire output: "return"
 * before "id", but "id" before "error".
 */
#include "qemu/osdep.h"
#include "monitor/qmp.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qobject/qnum.h"
#include "trace-monitor.h"

/* {"class": ..., "desc": ...}; frees @err. */
static QDict *qmp_error_object(Error *err)
{
    QDict *e = qdict_new();

    qdict_put_str(e, "class", error_class_name(error_get_class(err)));
    qdict_put_str(e, "desc", error_get_pretty(err));
    error_free(err);
    return e;
}

QDict *qmp_error_response(Error *err)
{
    QDict *rsp = qdict_new();

    qdict_put(rsp, "error", qmp_error_object(err));
    return rsp;
}

static const char *qmp_arg_type_name(QmpArgType t)
{
    switch (t) {
    case QMP_ARG_STR:
        return "string";
    case QMP_ARG_INT:
        return "integer";
    case QMP_ARG_BOOL:
        return "boolean";
    case QMP_ARG_NUMBER:
        return "number";
    case QMP_ARG_OBJECT:
        return "object";
    case QMP_ARG_STR_LIST:
        return "array";
    case QMP_ARG_ANY:
        break;
    }
    return "any";
}

static bool qmp_value_has_type(const QObject *v, QmpArgType t)
{
    int64_t i;

    switch (t) {
    case QMP_ARG_STR:
        return qobject_type(v) == QTYPE_QSTRING;
    case QMP_ARG_INT:
        return qobject_type(v) == QTYPE_QNUM &&
               qnum_get_try_int(qobject_to_qnum(v), &i);
    case QMP_ARG_BOOL:
        return qobject_type(v) == QTYPE_QBOOL;
    case QMP_ARG_NUMBER:
        return qobject_type(v) == QTYPE_QNUM;
    case QMP_ARG_OBJECT:
        return qobject_type(v) == QTYPE_QDICT;
    case QMP_ARG_STR_LIST:
        return qobject_type(v) == QTYPE_QLIST;
    case QMP_ARG_ANY:
        break;
    }
    return true;
}

static void qmp_error_bad_type(Error **errp, const char *name,
                               const char *expected)
{
    error_setg(errp, "Invalid parameter type for '%s', expected: %s",
               name, expected);
}

/* Elements of a string list, named "NAME[i]" as QEMU names them. */
static bool qmp_check_str_list(const QmpArg *a, const QList *list,
                               Error **errp)
{
    const QListEntry *e;
    size_t i = 0;

    QLIST_FOREACH_ENTRY(list, e) {
        if (qobject_type(qlist_entry_obj(e)) != QTYPE_QSTRING) {
            g_autofree char *name = g_strdup_printf("%s[%zu]", a->name, i);

            qmp_error_bad_type(errp, name, "string");
            return false;
        }
        i++;
    }
    return true;
}

static bool qmp_check_one_arg(const QmpArg *a, const QDict *args,
                              Error **errp)
{
    QObject *v = qdict_get(args, a->name);

    if (!v) {
        if (!a->optional) {
            error_setg(errp, "Parameter '%s' is missing", a->name);
            return false;
        }
        return true;
    }
    if (!qmp_value_has_type(v, a->type)) {
        qmp_error_bad_type(errp, a->name, qmp_arg_type_name(a->type));
        return false;
    }
    if (a->type == QMP_ARG_STR_LIST) {
        return qmp_check_str_list(a, qobject_to_qlist(v), errp);
    }
    return true;
}

static bool qmp_arg_declared(const QmpCommand *cmd, const char *name)
{
    for (const QmpArg *a = cmd->args; a && a->name; a++) {
        if (strcmp(a->name, name) == 0) {
            return true;
        }
    }
    return false;
}

/*
 * Declared members first, in schema order (missing or mistyped), then
 * the first member the schema does not know, as QEMU's input visitor.
 */
bool qmp_check_args(const QmpCommand *cmd, const QDict *args, Error **errp)
{
    const QDictEntry *e;

    for (const QmpArg *a = cmd->args; a && a->name; a++) {
        if (!qmp_check_one_arg(a, args, errp)) {
            return false;
        }
    }
    if (cmd->extra_args) {
        return true;
    }
    for (e = qdict_first(args); e; e = qdict_next(args, e)) {
        if (!qmp_arg_declared(cmd, qdict_entry_key(e))) {
            error_setg(errp, "Parameter '%s' is unexpected",
                       qdict_entry_key(e));
            return false;
        }
    }
    return true;
}

/* The envelope: which members a request may have, and their types. */
static bool qmp_check_request(const QDict *req, Error **errp)
{
    const QDictEntry *e;

    for (e = qdict_first(req); e; e = qdict_next(req, e)) {
        const char *key = qdict_entry_key(e);
        QType t = qobject_type(qdict_entry_value(e));

        if (strcmp(key, "execute") == 0) {
            if (t != QTYPE_QSTRING) {
                error_setg(errp, "QMP input member 'execute' must be a "
                           "string");
                return false;
            }
        } else if (strcmp(key, "arguments") == 0) {
            if (t != QTYPE_QDICT) {
                error_setg(errp, "QMP input member 'arguments' must be an "
                           "object");
                return false;
            }
        } else if (strcmp(key, "id") != 0) {
            error_setg(errp, "QMP input member '%s' is unexpected", key);
            return false;
        }
    }
    if (!qdict_haskey(req, "execute")) {
        error_setg(errp, "QMP input lacks member 'execute'");
        return false;
    }
    return true;
}

static const QmpCommand *qmp_lookup(QmpSession *s, const char *name,
                                    Error **errp)
{
    const QmpCommand *cmd = qmp_command_find(name);

    if (!s->command_mode && (!cmd || strcmp(name, "qmp_capabilities"))) {
        error_set(errp, ERROR_CLASS_COMMAND_NOT_FOUND,
                  "Expecting capabilities negotiation with "
                  "'qmp_capabilities'");
        return NULL;
    }
    if (!cmd) {
        error_set(errp, ERROR_CLASS_COMMAND_NOT_FOUND,
                  "The command %s has not been found", name);
    }
    return cmd;
}

/* Run a well-formed request; the result or NULL with @errp set. */
static QObject *qmp_execute(QmpSession *s, const QDict *req, Error **errp)
{
    const QmpCommand *cmd;
    g_autoptr(QDict) empty = qdict_new();
    const QDict *args = qdict_get_qdict(req, "arguments");
    Error *err = NULL;
    QObject *ret;

    cmd = qmp_lookup(s, qdict_get_str(req, "execute"), errp);
    if (!cmd) {
        return NULL;
    }
    trace_monitor_qmp_cmd(cmd->name);
    if (!args) {
        args = empty;
    }
    if (!qmp_check_args(cmd, args, errp)) {
        return NULL;
    }
    ret = cmd->fn(s, args, &err);
    if (err) {
        qobject_unref(ret);
        error_propagate(errp, err);
        return NULL;
    }
    return ret ? ret : QOBJECT(qdict_new());
}

QDict *qmp_dispatch(QmpSession *s, QObject *request)
{
    QDict *req = qobject_to_qdict(request);
    QObject *id = req ? qdict_get(req, "id") : NULL;
    Error *err = NULL;
    QObject *ret = NULL;
    QDict *rsp;

    if (!req) {
        error_setg(&err, "QMP input must be a JSON object");
    } else if (qmp_check_request(req, &err)) {
        ret = qmp_execute(s, req, &err);
    }
    rsp = qdict_new();
    if (err) {
        trace_monitor_qmp_err(error_class_name(error_get_class(err)),
                              error_get_pretty(err));
        if (id) {
            qdict_put_obj(rsp, "id", qobject_ref(id));
        }
        qdict_put(rsp, "error", qmp_error_object(err));
        return rsp;
    }
    qdict_put_obj(rsp, "return", ret);
    if (id) {
        qdict_put_obj(rsp, "id", qobject_ref(id));
    }
    return rsp;
}
