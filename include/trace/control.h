/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Trace events: declared in a directory's trace-events file, turned into
 * trace_<name>() inline functions by scripts/tracetool.py, and switched
 * on at run time by glob pattern (-trace, -d trace:PATTERN).
 *
 * An enabled event writes one line to the log (qemu_log(), i.e. stderr or
 * the -D / -trace file= file): "PID@SEC.USEC:name formatted-args".
 *
 * Registry without constructors: each generated trace-GROUP.c defines a
 * const TraceEventGroup trace_group_GROUP; the program links one generated
 * trace-registry.c defining trace_groups[], the NULL-terminated list of all
 * groups (util provides a default listing only its own group, which the
 * program's definition overrides).  The per-event enabled flags are the
 * only mutable state: process-wide, like the log mask.
 */
#ifndef TRACE_CONTROL_H
#define TRACE_CONTROL_H

typedef struct TraceEvent {
    const char *name;
    bool *dstate;               /* the enabled flag tested by trace_<name> */
} TraceEvent;

typedef struct TraceEventGroup {
    const char *name;           /* "util", "hw_char", ... */
    const TraceEvent *events;
    size_t n_events;
} TraceEventGroup;

extern const TraceEventGroup *const trace_groups[];

/* Cheap test used by the generated code. */
static inline bool trace_event_dstate(const bool *dstate)
{
    return __atomic_load_n(dstate, __ATOMIC_RELAXED);
}

/*
 * Write one trace line through qemu_log(): "PID@SEC.USEC:" then @fmt, which
 * the generated code builds as "name " followed by the event's format.
 */
void trace_event_log(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/*
 * Enable the events whose names match the glob @pattern ('*', '?'); a
 * leading '-' disables instead.  A pattern without wildcards that names no
 * event warns "trace event 'NAME' does not exist" (warn_report(), so the
 * option location prefixes it).  Returns true if any event matched.
 */
bool trace_enable_pattern(const char *pattern);
/* One pattern per line; blank lines and '#' comments are skipped. */
bool trace_enable_events_file(const char *fname, Error **errp);
bool trace_event_is_enabled_by_name(const char *name);
/* One event name per line, in registry order (-trace help). */
void trace_list_events(FILE *f);

/*
 * -trace [[enable=]PATTERN][,events=FILE][,file=FILE].  file= sends the
 * log (and so trace output) to FILE.  When PATTERN is "help" or "?",
 * nothing is enabled and *@help is set: the caller prints
 * trace_list_events(stdout) and exits 0.  @help may be NULL.
 */
bool trace_opt_parse(const char *optarg, bool *help, Error **errp);

#endif
