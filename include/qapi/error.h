/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Error reporting.
 *
 * Host and configuration errors travel up as an Error object through an
 * "Error **errp" parameter, the way QEMU does it:
 *
 *   - a function that fails calls error_setg(errp, ...) and returns a
 *     failure value (false, NULL, -1);
 *   - errp may be NULL (caller ignores the error), &error_fatal (print and
 *     exit(1): for start-up code only) or &error_abort (print and abort:
 *     "cannot happen");
 *   - errors that reach the top are printed by error_report_err().
 *
 * Messages print as "<prog>: [<location>: ]<message>", where <prog> is the
 * basename of argv[0] and <location> is the command-line option being
 * processed ("-m foo"), matching QEMU's diagnostics byte for byte.
 *
 * Guest errors never use this API: they are logged with qemu_log_mask().
 */
#ifndef QAPI_ERROR_H
#define QAPI_ERROR_H

/* QMP error classes (qapi/error.json). */
typedef enum ErrorClass {
    ERROR_CLASS_GENERIC_ERROR,
    ERROR_CLASS_COMMAND_NOT_FOUND,
    ERROR_CLASS_DEVICE_NOT_ACTIVE,
    ERROR_CLASS_DEVICE_NOT_FOUND,
    ERROR_CLASS_KVM_MISSING_CAP,
} ErrorClass;

typedef struct Error Error;

/* Sentinels: pass their address as errp.  Never written. */
extern Error *error_fatal;
extern Error *error_abort;

void error_setg(Error **errp, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void error_setg_errno(Error **errp, int os_errno, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);
void error_set(Error **errp, ErrorClass cls, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);
/* Add a hint printed on its own line(s) after the message. */
void error_append_hint(Error *const *errp, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
/* Prefix the message of an already set error. */
void error_prepend(Error *const *errp, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
/* Move @local_err into @dst_errp (frees it if dst_errp is NULL). */
void error_propagate(Error **dst_errp, Error *local_err);

const char *error_get_pretty(const Error *err);
const char *error_get_hint(const Error *err);
ErrorClass error_get_class(const Error *err);
const char *error_class_name(ErrorClass cls);
Error *error_copy(const Error *err);
void error_free(Error *err);
void error_free_or_abort(Error **errp);

/* Print "<prog>: [<loc>: ]<msg>\n<hint>" to stderr and free @err. */
void error_report_err(Error *err);
void warn_report_err(Error *err);

void error_report(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
void warn_report(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
void info_report(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
void error_vreport(const char *fmt, va_list ap) G_GNUC_PRINTF(1, 0);

/*
 * Diagnostic context.  The program name is set once by main(); the location
 * names the command-line option being processed, so that errors raised while
 * handling it print as "<prog>: -opt ARG: message".  Both are process-wide
 * diagnostic state (like GLib's prgname), not machine state.
 */
void error_init(const char *argv0);
const char *error_get_progname(void);
void loc_set_cmdline(const char *opt, const char *arg);
void loc_clear(void);
/* Save/restore the location around deferred work (device realize). */
typedef struct Location {
    const char *opt;
    const char *arg;
} Location;
Location loc_save(void);
void loc_restore(Location loc);

#endif
