/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Monitor internals shared by the files of monitor/ and by its tests.
 *
 * Layers, bottom up:
 *   - QmpSession + qmp_dispatch(): one parsed request in, one response
 *     dictionary out.  No I/O; the session holds the negotiation state.
 *   - The command table (QmpCommand): name, argument schema, handler.
 *     qmp_dispatch() checks arguments against the schema before calling
 *     the handler, so handlers only see well-typed arguments.
 *   - HMP: hmp_run_command() (monitor.h) runs one command line; the
 *     HmpLineEditor turns raw bytes into command lines, echo and prompts.
 *   - Monitor (monitor.c): the JSON stream parser or line editor bound to
 *     an output (a chardev, or a callback for tests and fuzzing).
 */
#ifndef MONITOR_QMP_H
#define MONITOR_QMP_H

#include "monitor/monitor.h"
#include "qobject/qobject.h"

/* ---- Dispatcher ---- */

typedef struct QmpSession {
    MachineState *ms;
    bool command_mode;      /* qmp_capabilities done */
    bool quit;              /* quit ran: ignore further input */
} QmpSession;

/*
 * Execute one request (any parsed JSON value) and return the response:
 * {"return": R[, "id": ID]} or {["id": ID, ]"error": {"class", "desc"}}.
 * Never NULL.  Events emitted by the command are sent before the caller
 * writes the response, which gives QEMU's ordering (STOP, then return).
 */
QDict *qmp_dispatch(QmpSession *s, QObject *request);
/* {"error": {"class": ..., "desc": ...}}; frees @err. */
QDict *qmp_error_response(Error *err);
/* {"qemu": {"micro", "minor", "major"}, "package"}: greeting, query-version */
QDict *qmp_version_info(void);

/* ---- Command table ---- */

/* JSON type an argument must have; the names appear in error messages. */
typedef enum QmpArgType {
    QMP_ARG_STR,            /* "string" */
    QMP_ARG_INT,            /* "integer" (fits int64) */
    QMP_ARG_BOOL,           /* "boolean" */
    QMP_ARG_NUMBER,         /* "number" */
    QMP_ARG_OBJECT,         /* "object" */
    QMP_ARG_STR_LIST,       /* "array" of "string" */
    QMP_ARG_ANY,            /* no check */
} QmpArgType;

typedef struct QmpArg {
    const char *name;
    QmpArgType type;
    bool optional;
} QmpArg;

/*
 * A handler gets the checked arguments (never NULL) and returns the
 * result (NULL means {}), or NULL with @errp set.
 */
typedef QObject *QmpCommandFunc(QmpSession *s, const QDict *args,
                                Error **errp);

typedef struct QmpCommand {
    const char *name;
    QmpCommandFunc *fn;
    const QmpArg *args;     /* NULL, or ends with { NULL } */
    bool extra_args;        /* accept members not in @args (device_add) */
} QmpCommand;

/* NULL when unknown. */
const QmpCommand *qmp_command_find(const char *name);
/* The whole table, in query-commands order; *n gets its length. */
const QmpCommand *qmp_command_list(size_t *n);
/* Check @args against @cmd's schema with QEMU's error texts. */
bool qmp_check_args(const QmpCommand *cmd, const QDict *args, Error **errp);

/* Handlers living in qmp-cmds-qom.c (the table is in qmp-cmds.c). */
QObject *qmp_query_machines(QmpSession *s, const QDict *args, Error **errp);
QObject *qmp_query_cpus_fast(QmpSession *s, const QDict *args,
                             Error **errp);
QObject *qmp_qom_list_types(QmpSession *s, const QDict *args, Error **errp);
QObject *qmp_qom_list(QmpSession *s, const QDict *args, Error **errp);
QObject *qmp_qom_get(QmpSession *s, const QDict *args, Error **errp);
QObject *qmp_qom_set(QmpSession *s, const QDict *args, Error **errp);
QObject *qmp_device_add(QmpSession *s, const QDict *args, Error **errp);
QObject *qmp_device_del(QmpSession *s, const QDict *args, Error **errp);
QObject *qmp_object_add(QmpSession *s, const QDict *args, Error **errp);
QObject *qmp_object_del(QmpSession *s, const QDict *args, Error **errp);
/* qmp-cmds-cpu.c */
QObject *qmp_query_cpu_model_expansion(QmpSession *s, const QDict *args,
                                       Error **errp);

/* qmp-cmds-ipi.c: per-vCPU IPI counters of the local APICs. */
extern const QmpArg qmp_args_x_query_ipi_stats[];
QObject *qmp_x_query_ipi_stats(QmpSession *s, const QDict *args,
                               Error **errp);

/* CPUs of the machine in index order (Object *); free with g_ptr_array_unref */
GPtrArray *qmp_machine_cpus(MachineState *ms);

/* ---- HMP ---- */

/* HMP "quit" and QMP "quit": SHUTDOWN (host-qmp-quit), then exit 0. */
void monitor_quit(MachineState *ms);

/* Line editing for a readline (HMP) monitor: echo, backspace, prompt. */
typedef struct HmpLineEditor HmpLineEditor;

HmpLineEditor *hmp_line_editor_new(void);
void hmp_line_editor_free(HmpLineEditor *ed);
/* Forget the partial line (new connection). */
void hmp_line_editor_reset(HmpLineEditor *ed);
/*
 * Feed input bytes; echo, command output and prompts are appended to
 * @out with "\n" line ends.  Returns false once a command asked the
 * monitor to stop reading (quit).
 */
bool hmp_line_editor_feed(HmpLineEditor *ed, MachineState *ms,
                          const uint8_t *buf, size_t len, GString *out);

#define HMP_PROMPT "(qemu) "

/* "info qtree" and "info mtree" bodies (hmp-cmds.c). */
void hmp_info_qtree(MachineState *ms, GString *out);
void hmp_info_mtree(MachineState *ms, bool flatview, GString *out);

/* ---- Monitor without a chardev (tests, fuzzing) ---- */

/* Receives output exactly as it would go to the chardev (CRLF ends). */
typedef void MonitorWriteFunc(void *opaque, const char *buf, size_t len);

Monitor *monitor_new_with_output(MachineState *ms, MonitorWriteFunc *write,
                                 void *opaque, bool control, bool pretty);
/* As if the peer connected (greeting or banner) / disconnected. */
void monitor_open(Monitor *mon);
void monitor_close(Monitor *mon);
/* As if @len bytes had arrived from the peer. */
void monitor_input(Monitor *mon, const uint8_t *buf, size_t len);

#endif
