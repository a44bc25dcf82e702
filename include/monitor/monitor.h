/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Monitors attached to a machine: QMP (control) and HMP (human).  Events
 * are broadcast to every QMP monitor that finished capabilities
 * negotiation.
 */
#ifndef MONITOR_MONITOR_H
#define MONITOR_MONITOR_H

#include "qobject/qdict.h"

typedef struct MachineState MachineState;
typedef struct Chardev Chardev;
typedef struct Monitor Monitor;

/* mode: control (QMP) or readline (HMP) */
Monitor *monitor_new(MachineState *ms, Chardev *chr, bool control,
                     bool pretty, Error **errp);
void monitor_free(Monitor *mon);
/* Emit event NAME with optional DATA (ownership of DATA is taken). */
void qapi_event_emit(MachineState *ms, const char *name, QDict *data);
/* Flush all pending monitor output (before exit). */
void monitor_flush_all(MachineState *ms);
/* Run an HMP command line, returning its output ("\r\n" line ends added
 * by the caller where the protocol needs them). */
char *hmp_run_command(MachineState *ms, const char *cmdline);

#endif
