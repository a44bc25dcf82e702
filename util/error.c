/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Error objects and QEMU-format diagnostics ("<prog>: [<loc>: ]<msg>").
 */
#include "qemu/osdep.h"
#include "qapi/error.h"

struct Error {
    char *msg;
    GString *hint;
    ErrorClass cls;
};

Error *error_fatal;
Error *error_abort;

/* Process-wide diagnostic context: see error.h. */
static char *progname;
static Location cur_loc;

void error_init(const char *argv0)
{
    g_free(progname);
    progname = g_path_get_basename(argv0 ? argv0 : "qemu");
}

const char *error_get_progname(void)
{
    return progname ? progname : "qemu";
}

void loc_set_cmdline(const char *opt, const char *arg)
{
    cur_loc.opt = opt;
    cur_loc.arg = arg;
}

void loc_clear(void)
{
    cur_loc.opt = NULL;
    cur_loc.arg = NULL;
}

Location loc_save(void)
{
    return cur_loc;
}

void loc_restore(Location loc)
{
    cur_loc = loc;
}

static void print_prefix(FILE *f)
{
    fprintf(f, "%s: ", error_get_progname());
    if (cur_loc.opt) {
        if (cur_loc.arg) {
            fprintf(f, "%s %s: ", cur_loc.opt, cur_loc.arg);
        } else {
            fprintf(f, "%s: ", cur_loc.opt);
        }
    }
}

static void report(const char *kind, const char *msg, const char *hint)
{
    print_prefix(stderr);
    fprintf(stderr, "%s%s\n", kind, msg);
    if (hint && *hint) {
        fputs(hint, stderr);
    }
    fflush(stderr);
}

static void error_handle(Error **errp, Error *err)
{
    if (errp == &error_abort) {
        report("", err->msg, err->hint ? err->hint->str : NULL);
        abort();
    }
    if (errp == &error_fatal) {
        report("", err->msg, err->hint ? err->hint->str : NULL);
        exit(1);
    }
    if (!errp) {
        error_free(err);
        return;
    }
    g_assert(*errp == NULL);
    *errp = err;
}

static void error_setv(Error **errp, ErrorClass cls, int os_errno,
                       const char *fmt, va_list ap)
{
    Error *err;

    if (!errp) {
        return;
    }
    err = g_new0(Error, 1);
    err->cls = cls;
    err->msg = g_strdup_vprintf(fmt, ap);
    if (os_errno) {
        char *m = g_strdup_printf("%s: %s", err->msg, g_strerror(os_errno));
        g_free(err->msg);
        err->msg = m;
    }
    error_handle(errp, err);
}

void error_setg(Error **errp, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    error_setv(errp, ERROR_CLASS_GENERIC_ERROR, 0, fmt, ap);
    va_end(ap);
}

void error_setg_errno(Error **errp, int os_errno, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    error_setv(errp, ERROR_CLASS_GENERIC_ERROR, os_errno, fmt, ap);
    va_end(ap);
}

void error_set(Error **errp, ErrorClass cls, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    error_setv(errp, cls, 0, fmt, ap);
    va_end(ap);
}

void error_append_hint(Error *const *errp, const char *fmt, ...)
{
    va_list ap;
    Error *err;

    if (!errp || errp == &error_fatal || errp == &error_abort || !*errp) {
        return;
    }
    err = *errp;
    if (!err->hint) {
        err->hint = g_string_new(NULL);
    }
    va_start(ap, fmt);
    g_string_append_vprintf(err->hint, fmt, ap);
    va_end(ap);
}

void error_prepend(Error *const *errp, const char *fmt, ...)
{
    va_list ap;
    Error *err;
    char *pre;
    char *m;

    if (!errp || !*errp) {
        return;
    }
    err = *errp;
    va_start(ap, fmt);
    pre = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    m = g_strconcat(pre, err->msg, NULL);
    g_free(pre);
    g_free(err->msg);
    err->msg = m;
}

void error_propagate(Error **dst_errp, Error *local_err)
{
    if (!local_err) {
        return;
    }
    if (dst_errp && dst_errp != &error_abort && dst_errp != &error_fatal &&
        *dst_errp) {
        /* First error wins, like QEMU. */
        error_free(local_err);
        return;
    }
    error_handle(dst_errp, local_err);
}

const char *error_get_pretty(const Error *err)
{
    return err->msg;
}

const char *error_get_hint(const Error *err)
{
    return err->hint ? err->hint->str : NULL;
}

ErrorClass error_get_class(const Error *err)
{
    return err->cls;
}

const char *error_class_name(ErrorClass cls)
{
    static const char *const names[] = {
        [ERROR_CLASS_GENERIC_ERROR] = "GenericError",
        [ERROR_CLASS_COMMAND_NOT_FOUND] = "CommandNotFound",
        [ERROR_CLASS_DEVICE_NOT_ACTIVE] = "DeviceNotActive",
        [ERROR_CLASS_DEVICE_NOT_FOUND] = "DeviceNotFound",
        [ERROR_CLASS_KVM_MISSING_CAP] = "KVMMissingCap",
    };
    return names[cls];
}

Error *error_copy(const Error *err)
{
    Error *c = g_new0(Error, 1);

    c->cls = err->cls;
    c->msg = g_strdup(err->msg);
    if (err->hint) {
        c->hint = g_string_new(err->hint->str);
    }
    return c;
}

void error_free(Error *err)
{
    if (!err) {
        return;
    }
    g_free(err->msg);
    if (err->hint) {
        g_string_free(err->hint, TRUE);
    }
    g_free(err);
}

void error_free_or_abort(Error **errp)
{
    g_assert(errp && *errp);
    error_free(*errp);
    *errp = NULL;
}

void error_report_err(Error *err)
{
    report("", err->msg, err->hint ? err->hint->str : NULL);
    error_free(err);
}

void warn_report_err(Error *err)
{
    report("warning: ", err->msg, err->hint ? err->hint->str : NULL);
    error_free(err);
}

void error_vreport(const char *fmt, va_list ap)
{
    char *m = g_strdup_vprintf(fmt, ap);

    report("", m, NULL);
    g_free(m);
}

void error_report(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    error_vreport(fmt, ap);
    va_end(ap);
}

void warn_report(const char *fmt, ...)
{
    va_list ap;
    char *m;

    va_start(ap, fmt);
    m = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    report("warning: ", m, NULL);
    g_free(m);
}

void info_report(const char *fmt, ...)
{
    va_list ap;
    char *m;

    va_start(ap, fmt);
    m = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    report("info: ", m, NULL);
    g_free(m);
}
