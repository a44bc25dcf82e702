/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Run-state transitions and the events that report them (QMP STOP,
 * RESUME, RESET, SHUTDOWN).  Guest-initiated requests are deferred to the
 * main loop so a device never resets the machine from inside its own MMIO
 * callback.
 */
#include "qemu/osdep.h"
#include "system/runstate.h"
#include "hw/core/machine.h"
#include "hw/core/qdev.h"
#include "monitor/monitor.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "system/cpus.h"

static const char *const runstate_names[] = {
    [RUN_STATE_PRELAUNCH] = "prelaunch",
    [RUN_STATE_RUNNING] = "running",
    [RUN_STATE_PAUSED] = "paused",
    [RUN_STATE_SHUTDOWN] = "shutdown",
    [RUN_STATE_INTERNAL_ERROR] = "internal-error",
    [RUN_STATE_GUEST_PANICKED] = "guest-panicked",
    [RUN_STATE_DEBUG] = "debug",
};

static const char *const cause_names[] = {
    [SHUTDOWN_CAUSE_NONE] = "none",
    [SHUTDOWN_CAUSE_HOST_ERROR] = "host-error",
    [SHUTDOWN_CAUSE_HOST_QMP_QUIT] = "host-qmp-quit",
    [SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET] = "host-qmp-system-reset",
    [SHUTDOWN_CAUSE_HOST_SIGNAL] = "host-signal",
    [SHUTDOWN_CAUSE_HOST_UI] = "host-ui",
    [SHUTDOWN_CAUSE_GUEST_SHUTDOWN] = "guest-shutdown",
    [SHUTDOWN_CAUSE_GUEST_RESET] = "guest-reset",
    [SHUTDOWN_CAUSE_GUEST_PANIC] = "guest-panic",
};

const char *runstate_name(RunState s)
{
    return runstate_names[s];
}

const char *shutdown_cause_name(ShutdownCause c)
{
    return cause_names[c];
}

bool shutdown_cause_is_guest(ShutdownCause c)
{
    return c == SHUTDOWN_CAUSE_GUEST_SHUTDOWN ||
           c == SHUTDOWN_CAUSE_GUEST_RESET || c == SHUTDOWN_CAUSE_GUEST_PANIC;
}

RunState runstate_get(MachineState *ms)
{
    return ms->runstate;
}

bool runstate_is_running(MachineState *ms)
{
    return ms->runstate == RUN_STATE_RUNNING;
}

void vm_start(MachineState *ms)
{
    if (ms->runstate == RUN_STATE_RUNNING) {
        return;
    }
    ms->runstate = RUN_STATE_RUNNING;
    qemu_clocks_virtual_start(ms->clocks);
    cpu_scheduler_set_running(ms->sched, true);
    qapi_event_emit(ms, "RESUME", NULL);
}

/* Like QEMU, stopping a machine that is not running changes nothing. */
void vm_stop(MachineState *ms, RunState to)
{
    if (ms->runstate != RUN_STATE_RUNNING) {
        return;
    }
    ms->runstate = to;
    cpu_scheduler_set_running(ms->sched, false);
    qemu_clocks_virtual_stop(ms->clocks);
    qapi_event_emit(ms, "STOP", NULL);
}

static QDict *cause_data(ShutdownCause cause)
{
    QDict *d = qdict_new();

    qdict_put_bool(d, "guest", shutdown_cause_is_guest(cause));
    qdict_put_str(d, "reason", shutdown_cause_name(cause));
    return d;
}

void qemu_system_reset(MachineState *ms, ShutdownCause cause)
{
    MachineClass *mc = MACHINE_GET_CLASS(ms);

    qdev_reset_tree(OBJECT(ms));
    if (mc->reset) {
        mc->reset(ms, cause);
    }
    /*
     * A machine reset while not running is back in prelaunch, as in QEMU:
     * "info status" says "paused (prelaunch)" and cont works again after
     * a shutdown or a panic.
     */
    if (ms->runstate != RUN_STATE_RUNNING) {
        ms->runstate = RUN_STATE_PRELAUNCH;
    }
    if (cause != SHUTDOWN_CAUSE_NONE) {
        qapi_event_emit(ms, "RESET", cause_data(cause));
    }
}

void qemu_system_exit_request(MachineState *ms, int status)
{
    if (!ms->exit_requested) {
        ms->exit_status = status;
    }
    ms->exit_requested = true;
    main_loop_request_exit(ms->main_loop);
}

typedef struct PendingRequest {
    MachineState *ms;
    ShutdownCause cause;
    bool reset;
} PendingRequest;

static void shutdown_now(MachineState *ms, ShutdownCause cause)
{
    qapi_event_emit(ms, "SHUTDOWN", cause_data(cause));
    if (ms->no_shutdown && shutdown_cause_is_guest(cause)) {
        vm_stop(ms, RUN_STATE_SHUTDOWN);
        return;
    }
    qemu_system_exit_request(ms, 0);
}

static void request_bh(void *opaque)
{
    PendingRequest *req = opaque;

    if (req->reset && !req->ms->no_reboot) {
        qemu_system_reset(req->ms, req->cause);
    } else {
        shutdown_now(req->ms, req->cause);
    }
    g_free(req);
}

static void queue_request(MachineState *ms, ShutdownCause cause, bool reset)
{
    PendingRequest *req = g_new0(PendingRequest, 1);

    req->ms = ms;
    req->cause = cause;
    req->reset = reset;
    qemu_bh_schedule_oneshot(ms->main_loop, request_bh, req);
}

void qemu_system_reset_request(MachineState *ms, ShutdownCause cause)
{
    queue_request(ms, cause, true);
}

void qemu_system_shutdown_request(MachineState *ms, ShutdownCause cause)
{
    if (shutdown_cause_is_guest(cause)) {
        queue_request(ms, cause, false);
    } else {
        shutdown_now(ms, cause);
    }
}
