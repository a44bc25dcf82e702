/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Run states, shutdown/reset causes and the transitions between them. */
#ifndef SYSTEM_RUNSTATE_H
#define SYSTEM_RUNSTATE_H

typedef struct MachineState MachineState;

typedef enum RunState {
    RUN_STATE_PRELAUNCH,
    RUN_STATE_RUNNING,
    RUN_STATE_PAUSED,
    RUN_STATE_SHUTDOWN,
    RUN_STATE_INTERNAL_ERROR,
    RUN_STATE_GUEST_PANICKED,
    RUN_STATE_DEBUG,
} RunState;

typedef enum ShutdownCause {
    SHUTDOWN_CAUSE_NONE,
    SHUTDOWN_CAUSE_HOST_ERROR,
    SHUTDOWN_CAUSE_HOST_QMP_QUIT,
    SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET,
    SHUTDOWN_CAUSE_HOST_SIGNAL,
    SHUTDOWN_CAUSE_HOST_UI,
    SHUTDOWN_CAUSE_GUEST_SHUTDOWN,
    SHUTDOWN_CAUSE_GUEST_RESET,
    SHUTDOWN_CAUSE_GUEST_PANIC,
} ShutdownCause;

const char *runstate_name(RunState s);
const char *shutdown_cause_name(ShutdownCause c);
bool shutdown_cause_is_guest(ShutdownCause c);

RunState runstate_get(MachineState *ms);
bool runstate_is_running(MachineState *ms);

/* QMP cont: start or resume; emits RESUME when it was not running. */
void vm_start(MachineState *ms);
/* QMP stop: emits STOP when it was running. */
void vm_stop(MachineState *ms, RunState to);
/* Reset every device and CPU now; emits RESET. */
void qemu_system_reset(MachineState *ms, ShutdownCause cause);
/*
 * Requests handled by the main loop: a guest reset honours -no-reboot,
 * a shutdown honours -no-shutdown.  Emits SHUTDOWN; the process exits
 * (status 0) unless -no-shutdown applies.
 */
void qemu_system_reset_request(MachineState *ms, ShutdownCause cause);
void qemu_system_shutdown_request(MachineState *ms, ShutdownCause cause);
/* Exit with @status after the current request (isa-debug-exit, quit). */
void qemu_system_exit_request(MachineState *ms, int status);

#endif
