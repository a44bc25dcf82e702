/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The QMP command table and the commands about the monitor itself, the
 * emulator and the run state.  Device and QOM commands are in
 * qmp-cmds-qom.c.
 *
 * Result members are inserted in the order QEMU prints them (its
 * dictionaries iterate in hash order, e.g. "status" before "running"), so
 * our output diffs cleanly against QEMU's.
 */
#include "qemu/osdep.h"
#include "monitor/qmp.h"
#include "config-host.h"
#include "accel/accel.h"
#include "hw/core/machine.h"
#include "hw/i386/sev.h"
#include "net/net-machine.h"
#include "qemu/log.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qobject/qstring.h"

QDict *qmp_version_info(void)
{
    QDict *triple = qdict_new();
    QDict *info = qdict_new();

    qdict_put_int(triple, "micro", QEMU_COMPAT_MICRO);
    qdict_put_int(triple, "minor", QEMU_COMPAT_MINOR);
    qdict_put_int(triple, "major", QEMU_COMPAT_MAJOR);
    qdict_put(info, "qemu", triple);
    qdict_put_str(info, "package", QEMU_PKGVERSION);
    return info;
}

static QObject *qmp_qmp_capabilities(QmpSession *s, const QDict *args,
                                     Error **errp)
{
    const QList *enable = qdict_get_qlist(args, "enable");
    const QListEntry *e;

    /* Only "oob" is a QMPCapability; QEMU names list elements 'null'. */
    for (e = enable ? qlist_first(enable) : NULL; e; e = qlist_next(e)) {
        const char *cap = qstring_get_str(qobject_to_qstring(
                                              qlist_entry_obj(e)));

        if (strcmp(cap, "oob") != 0) {
            error_setg(errp, "Parameter 'null' does not accept value '%s'",
                       cap);
            return NULL;
        }
    }
    if (s->command_mode) {
        error_set(errp, ERROR_CLASS_COMMAND_NOT_FOUND,
                  "Capabilities negotiation is already complete, command "
                  "ignored");
        return NULL;
    }
    if (enable && !qlist_empty(enable)) {
        /* We never offer out-of-band execution. */
        error_setg(errp, "Capability oob not available");
        return NULL;
    }
    s->command_mode = true;
    return NULL;
}

static QObject *qmp_query_status(QmpSession *s, const QDict *args,
                                 Error **errp)
{
    QDict *d = qdict_new();

    qdict_put_str(d, "status", runstate_name(runstate_get(s->ms)));
    qdict_put_bool(d, "running", runstate_is_running(s->ms));
    return QOBJECT(d);
}

static QObject *qmp_query_version(QmpSession *s, const QDict *args,
                                  Error **errp)
{
    return QOBJECT(qmp_version_info());
}

static QObject *qmp_query_name(QmpSession *s, const QDict *args,
                               Error **errp)
{
    QDict *d = qdict_new();

    if (s->ms->name) {
        qdict_put_str(d, "name", s->ms->name);
    }
    return QOBJECT(d);
}

static QObject *qmp_query_target(QmpSession *s, const QDict *args,
                                 Error **errp)
{
    QDict *d = qdict_new();

    qdict_put_str(d, "arch", s->ms->target->name);
    return QOBJECT(d);
}

static QObject *qmp_query_kvm(QmpSession *s, const QDict *args,
                             Error **errp)
{
    QDict *d = qdict_new();
    bool kvm = accel_is(s->ms, "kvm");

    qdict_put_bool(d, "enabled", kvm);
    qdict_put_bool(d, "present", kvm);
    return QOBJECT(d);
}

static QObject *qmp_query_sev(QmpSession *s, const QDict *args,
                             Error **errp)
{
    return sev_qmp_query_sev(s->ms, errp);
}

static QObject *qmp_query_secure_avic(QmpSession *s, const QDict *args,
                                     Error **errp)
{
    return sev_qmp_query_secure_avic(s->ms, errp);
}

static QObject *qmp_x_secure_avic_inject(QmpSession *s, const QDict *args,
                                         Error **errp)
{
    return sev_qmp_savic_inject(s->ms, args, errp);
}

static QObject *qmp_x_secure_avic_hv_write(QmpSession *s,
                                           const QDict *args, Error **errp)
{
    return sev_qmp_savic_hv_write(s->ms, args, errp);
}

static QObject *qmp_query_commands(QmpSession *s, const QDict *args,
                                   Error **errp)
{
    QList *list = qlist_new();
    size_t n;
    const QmpCommand *cmds = qmp_command_list(&n);

    for (size_t i = 0; i < n; i++) {
        QDict *d = qdict_new();

        qdict_put_str(d, "name", cmds[i].name);
        qlist_append(list, d);
    }
    return QOBJECT(list);
}

static QObject *qmp_stop(QmpSession *s, const QDict *args, Error **errp)
{
    vm_stop(s->ms, RUN_STATE_PAUSED);
    return NULL;
}

static QObject *qmp_cont(QmpSession *s, const QDict *args, Error **errp)
{
    switch (runstate_get(s->ms)) {
    case RUN_STATE_SHUTDOWN:
    case RUN_STATE_INTERNAL_ERROR:
    case RUN_STATE_GUEST_PANICKED:
        error_setg(errp, "Resetting the Virtual Machine is required");
        return NULL;
    default:
        vm_start(s->ms);
        return NULL;
    }
}

static QObject *qmp_system_reset(QmpSession *s, const QDict *args,
                                 Error **errp)
{
    /* With -no-reboot QEMU turns every reset request into a shutdown. */
    if (s->ms->no_reboot) {
        qemu_system_shutdown_request(s->ms,
                                     SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET);
        return NULL;
    }
    qemu_system_reset(s->ms, SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET);
    return NULL;
}

static QObject *qmp_system_powerdown(QmpSession *s, const QDict *args,
                                     Error **errp)
{
    qapi_event_emit(s->ms, "POWERDOWN", NULL);
    qemu_log_mask(LOG_UNIMP, "system_powerdown: this machine has no ACPI "
                  "power button, the guest is not notified\n");
    return NULL;
}

void monitor_quit(MachineState *ms)
{
    QDict *data = qdict_new();

    qdict_put_bool(data, "guest", false);
    qdict_put_str(data, "reason",
                  shutdown_cause_name(SHUTDOWN_CAUSE_HOST_QMP_QUIT));
    qapi_event_emit(ms, "SHUTDOWN", data);
    qemu_system_exit_request(ms, 0);
}

static QObject *qmp_quit(QmpSession *s, const QDict *args, Error **errp)
{
    monitor_quit(s->ms);
    s->quit = true;
    return NULL;
}

/* HMP output with the "\r\n" line ends the HMP monitor would send. */
static QObject *qmp_human_monitor_command(QmpSession *s, const QDict *args,
                                          Error **errp)
{
    g_autofree char *out = NULL;
    GString *crlf;

    if (qdict_haskey(args, "cpu-index")) {
        int64_t idx = qdict_get_int(args, "cpu-index");
        g_autoptr(GPtrArray) cpus = qmp_machine_cpus(s->ms);

        if (idx < 0 || idx >= cpus->len) {
            error_setg(errp, "Parameter 'cpu-index' expects a CPU number");
            return NULL;
        }
    }
    out = hmp_run_command(s->ms, qdict_get_str(args, "command-line"));
    crlf = g_string_sized_new(strlen(out) + 16);
    for (const char *p = out; *p; p++) {
        if (*p == '\n') {
            g_string_append_c(crlf, '\r');
        }
        g_string_append_c(crlf, *p);
    }
    return QOBJECT(qstring_from_gstring(crlf));
}

static const QmpArg args_qmp_capabilities[] = {
    { "enable", QMP_ARG_STR_LIST, true },
    { NULL }
};
static const QmpArg args_query_machines[] = {
    { "compat-props", QMP_ARG_BOOL, true },
    { NULL }
};
static const QmpArg args_qom_list_types[] = {
    { "implements", QMP_ARG_STR, true },
    { "abstract", QMP_ARG_BOOL, true },
    { NULL }
};
static const QmpArg args_path[] = {
    { "path", QMP_ARG_STR, false },
    { NULL }
};
static const QmpArg args_qom_get[] = {
    { "path", QMP_ARG_STR, false },
    { "property", QMP_ARG_STR, false },
    { NULL }
};
static const QmpArg args_qom_set[] = {
    { "path", QMP_ARG_STR, false },
    { "property", QMP_ARG_STR, false },
    { "value", QMP_ARG_ANY, false },
    { NULL }
};
static const QmpArg args_device_add[] = {
    { "driver", QMP_ARG_STR, false },
    { "bus", QMP_ARG_STR, true },
    { "id", QMP_ARG_STR, true },
    { NULL }
};
static const QmpArg args_id[] = {
    { "id", QMP_ARG_STR, false },
    { NULL }
};
static const QmpArg args_object_add[] = {
    { "qom-type", QMP_ARG_STR, false },
    { "id", QMP_ARG_STR, false },
    { NULL }
};
static const QmpArg args_netdev_add[] = {
    { "type", QMP_ARG_STR, false },
    { "id", QMP_ARG_STR, false },
    { NULL }
};
static const QmpArg args_set_link[] = {
    { "name", QMP_ARG_STR, false },
    { "up", QMP_ARG_BOOL, false },
    { NULL }
};
static const QmpArg args_query_cpu_model_expansion[] = {
    { "type", QMP_ARG_STR, false },
    { "model", QMP_ARG_OBJECT, false },
    { NULL }
};
static const QmpArg args_human_monitor_command[] = {
    { "command-line", QMP_ARG_STR, false },
    { "cpu-index", QMP_ARG_INT, true },
    { NULL }
};

static const QmpArg args_x_secure_avic_inject[] = {
    { "cpu-index", QMP_ARG_INT, false },
    { "vector", QMP_ARG_INT, true },
    { "nmi", QMP_ARG_BOOL, true },
    { NULL }
};
static const QmpArg args_x_secure_avic_hv_write[] = {
    { "cpu-index", QMP_ARG_INT, false },
    { "offset", QMP_ARG_INT, false },
    { "value", QMP_ARG_INT, false },
    { NULL }
};

static const QmpCommand qmp_commands[] = {
    { "qmp_capabilities", qmp_qmp_capabilities, args_qmp_capabilities },
    { "query-status", qmp_query_status },
    { "query-version", qmp_query_version },
    { "query-name", qmp_query_name },
    { "query-target", qmp_query_target },
    { "query-kvm", qmp_query_kvm },
    { "query-sev", qmp_query_sev },
    { "query-secure-avic", qmp_query_secure_avic },
    { "x-secure-avic-inject", qmp_x_secure_avic_inject,
      args_x_secure_avic_inject },
    { "x-secure-avic-hv-write", qmp_x_secure_avic_hv_write,
      args_x_secure_avic_hv_write },
    { "query-commands", qmp_query_commands },
    { "query-machines", qmp_query_machines, args_query_machines },
    { "query-cpus-fast", qmp_query_cpus_fast },
    { "query-cpu-model-expansion", qmp_query_cpu_model_expansion,
      args_query_cpu_model_expansion },
    { "qom-list-types", qmp_qom_list_types, args_qom_list_types },
    { "qom-list", qmp_qom_list, args_path },
    { "qom-get", qmp_qom_get, args_qom_get },
    { "qom-set", qmp_qom_set, args_qom_set },
    { "stop", qmp_stop },
    { "cont", qmp_cont },
    { "system_reset", qmp_system_reset },
    { "system_powerdown", qmp_system_powerdown },
    { "quit", qmp_quit },
    { "device_add", qmp_device_add, args_device_add, true },
    { "device_del", qmp_device_del, args_id },
    { "object-add", qmp_object_add, args_object_add, true },
    { "object-del", qmp_object_del, args_id },
    { "netdev_add", qmp_netdev_add, args_netdev_add, true },
    { "netdev_del", qmp_netdev_del, args_id },
    { "set_link", qmp_set_link, args_set_link },
    { "x-query-net-clients", qmp_x_query_net_clients },
    { "x-query-ipi-stats", qmp_x_query_ipi_stats,
      qmp_args_x_query_ipi_stats },
    { "human-monitor-command", qmp_human_monitor_command,
      args_human_monitor_command },
};

const QmpCommand *qmp_command_list(size_t *n)
{
    *n = G_N_ELEMENTS(qmp_commands);
    return qmp_commands;
}

const QmpCommand *qmp_command_find(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(qmp_commands); i++) {
        if (strcmp(qmp_commands[i].name, name) == 0) {
            return &qmp_commands[i];
        }
    }
    return NULL;
}
