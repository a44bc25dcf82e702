/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Run-time control of trace events: enabling by glob pattern, listing,
 * the -trace option, and the line writer the generated code calls.
 * The events themselves come from trace_groups[] (see trace/control.h).
 */
#include "qemu/osdep.h"
#include "trace/control.h"
#include "qemu/cutils.h"
#include "qemu/log.h"
#include "qemu/option.h"

#include <sys/time.h>

void trace_event_log(const char *fmt, ...)
{
    struct timeval tv;
    va_list ap;
    FILE *f;

    gettimeofday(&tv, NULL);
    f = qemu_log_lock();
    fprintf(f, "%d@%lld.%06ld:", (int)getpid(), (long long)tv.tv_sec,
            (long)tv.tv_usec);
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fputc('\n', f);
    qemu_log_unlock(f);
}

static void trace_event_set(const TraceEvent *ev, bool on)
{
    __atomic_store_n(ev->dstate, on, __ATOMIC_RELAXED);
}

/* Set every event matching @pattern; returns the number matched. */
static unsigned trace_set_matching(const char *pattern, bool on)
{
    const TraceEventGroup *const *g;
    unsigned n = 0;
    size_t i;

    for (g = trace_groups; *g; g++) {
        for (i = 0; i < (*g)->n_events; i++) {
            const TraceEvent *ev = &(*g)->events[i];

            if (g_pattern_match_simple(pattern, ev->name)) {
                trace_event_set(ev, on);
                n++;
            }
        }
    }
    return n;
}

bool trace_enable_pattern(const char *pattern)
{
    bool on = true;

    if (*pattern == '-') {
        on = false;
        pattern++;
    }
    if (trace_set_matching(pattern, on)) {
        return true;
    }
    if (!strpbrk(pattern, "*?")) {
        warn_report("trace event '%s' does not exist", pattern);
    }
    return false;
}

bool trace_enable_events_file(const char *fname, Error **errp)
{
    FILE *fp = fopen(fname, "re");
    char *line = NULL;
    size_t cap = 0;

    if (!fp) {
        error_setg(errp, "error: could not open trace events file '%s': %s",
                   fname, g_strerror(errno));
        return false;
    }
    while (getline(&line, &cap, fp) != -1) {
        char *pattern = g_strstrip(line);

        if (*pattern && *pattern != '#') {
            trace_enable_pattern(pattern);
        }
    }
    free(line);
    fclose(fp);
    return true;
}

bool trace_event_is_enabled_by_name(const char *name)
{
    const TraceEventGroup *const *g;
    size_t i;

    for (g = trace_groups; *g; g++) {
        for (i = 0; i < (*g)->n_events; i++) {
            if (!strcmp((*g)->events[i].name, name)) {
                return trace_event_dstate((*g)->events[i].dstate);
            }
        }
    }
    return false;
}

void trace_list_events(FILE *f)
{
    const TraceEventGroup *const *g;
    size_t i;

    for (g = trace_groups; *g; g++) {
        for (i = 0; i < (*g)->n_events; i++) {
            fprintf(f, "%s\n", (*g)->events[i].name);
        }
    }
}

static const QemuOptDesc trace_opt_desc[] = {
    { .name = "enable", .type = QEMU_OPT_STRING },
    { .name = "events", .type = QEMU_OPT_STRING },
    { .name = "file", .type = QEMU_OPT_STRING },
    { NULL }
};

static const QemuOptsList trace_opts_list = {
    .name = "trace",
    .implied_opt_name = "enable",
    .desc = trace_opt_desc,
};

bool trace_opt_parse(const char *optarg, bool *help, Error **errp)
{
    g_autoptr(QemuOpts) opts = NULL;
    const char *v;

    opts = qemu_opts_parse(&trace_opts_list, optarg, true, errp);
    if (!opts) {
        return false;
    }
    v = qemu_opt_get(opts, "enable");
    if (qemu_opt_has_help_opt(opts) || is_help_option(v)) {
        if (help) {
            *help = true;
        }
        return true;
    }
    v = qemu_opt_get(opts, "events");
    if (v && !trace_enable_events_file(v, errp)) {
        return false;
    }
    v = qemu_opt_get(opts, "enable");
    if (v) {
        trace_enable_pattern(v);
    }
    v = qemu_opt_get(opts, "file");
    return !v || qemu_set_log_filename(v, errp);
}
