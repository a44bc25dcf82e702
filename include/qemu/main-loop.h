/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The machine's event loop.
 *
 * One MainLoop per machine wraps its own GMainContext (never the GLib
 * default context).  File descriptors (chardevs, netdevs, QMP) are GSources
 * attached to main_loop_get_context(); timers come from the machine's
 * QEMUClocks; vCPUs come from an optional CPUScheduler.  One iteration:
 *
 *   1. run one round of the runnable vCPUs (a quantum each);
 *   2. run due timers (realtime, virtual, host);
 *   3. run scheduled bottom halves;
 *   4. poll the context: timeout 0 if a vCPU is runnable, a BH is pending
 *      or exit was requested, else until the nearest timer deadline that
 *      host time can reach (qemu_clocks_host_timeout_ns()), else forever;
 *      then dispatch ready sources.
 *
 * Everything runs in the thread that calls main_loop_run()/iterate().  Only
 * main_loop_wakeup() may be called from another thread.
 */
#ifndef QEMU_MAIN_LOOP_H
#define QEMU_MAIN_LOOP_H

#include <glib-unix.h>

#include "qemu/timer.h"

typedef struct MainLoop MainLoop;
typedef struct QEMUBH QEMUBH;
typedef struct CPUScheduler CPUScheduler;
typedef void QEMUBHFunc(void *opaque);

MainLoop *main_loop_new(QEMUClocks *clocks);
/* Frees the loop, its BHs and its context; the clocks stay the caller's. */
void main_loop_free(MainLoop *ml);
GMainContext *main_loop_get_context(MainLoop *ml);
QEMUClocks *main_loop_get_clocks(MainLoop *ml);
/* Attach the vCPU scheduler (NULL detaches: machine none, qtest). */
void main_loop_set_scheduler(MainLoop *ml, CPUScheduler *s);

/*
 * Run iterations until main_loop_request_exit(); clears the request and
 * returns.  A request made before the call makes it return at once.
 */
void main_loop_run(MainLoop *ml);
void main_loop_request_exit(MainLoop *ml);
bool main_loop_exit_requested(MainLoop *ml);
/*
 * One iteration.  The poll waits only if @blocking and nothing (vCPU,
 * timer, BH) ran earlier in this iteration, so "while (!done)
 * main_loop_iterate(ml, true);" never sleeps past a completed condition.
 * Returns true if anything ran (a vCPU, a timer, a BH or a source).
 */
bool main_loop_iterate(MainLoop *ml, bool blocking);
/* Thread-safe: make a blocked poll return. */
void main_loop_wakeup(MainLoop *ml);

/*
 * Attach a watch on @fd to the loop's context; returns the attached source
 * (the caller holds a reference: g_source_destroy() + g_source_unref(), or
 * main_loop_remove_source()).  The callback returns G_SOURCE_CONTINUE or
 * G_SOURCE_REMOVE as for g_unix_fd_add().
 */
GSource *main_loop_add_fd(MainLoop *ml, int fd, GIOCondition cond,
                          GUnixFDSourceFunc fn, void *opaque);
/* Destroy and unref a source returned above; NULL is ignored. */
void main_loop_remove_source(GSource *src);

/*
 * Bottom halves: callbacks run once per qemu_bh_schedule() from the loop,
 * in scheduling order, after timers.  Scheduling an already scheduled BH
 * does nothing.  A BH may schedule or delete itself or others.
 */
QEMUBH *qemu_bh_new(MainLoop *ml, QEMUBHFunc *cb, void *opaque);
void qemu_bh_schedule(QEMUBH *bh);
void qemu_bh_cancel(QEMUBH *bh);
/* Cancel and free; NULL is ignored. */
void qemu_bh_delete(QEMUBH *bh);
/* Run @cb once from the loop, then forget it. */
void qemu_bh_schedule_oneshot(MainLoop *ml, QEMUBHFunc *cb, void *opaque);

/*
 * Termination signals.  SIGTERM, SIGINT and SIGHUP are caught (sigaction,
 * SA_SIGINFO) and handed to @cb from the loop -- not in signal context --
 * with the sender's pid (0 if unknown).  SIGPIPE is ignored so a dead
 * socket peer shows up as EPIPE.  Signals are process-wide: the last loop
 * to install owns them; main_loop_free() of that loop restores the default
 * dispositions.
 */
typedef void MainLoopSignalFunc(int signo, pid_t sender, void *opaque);
bool main_loop_install_signal_handlers(MainLoop *ml, MainLoopSignalFunc *cb,
                                       void *opaque, Error **errp);
/*
 * Name of process @pid from /proc/PID/comm (trailing newline removed), or
 * NULL if unknown.  Free with g_free().  For the "terminating on signal 15
 * from pid N (name)" message.
 */
char *qemu_get_pid_name(pid_t pid);

#endif
