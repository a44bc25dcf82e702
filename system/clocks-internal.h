/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Private layout of QEMUClocks, shared by qemu-timer.c and icount.c only.
 */
#ifndef SYSTEM_CLOCKS_INTERNAL_H
#define SYSTEM_CLOCKS_INTERNAL_H

#include "qemu/timer.h"

struct QEMUTimer {
    QEMUClocks *clocks;
    QEMUClockType type;
    int scale;
    int64_t expire_ns;          /* -1 when not pending */
    QEMUTimerCB *cb;
    void *opaque;
    QEMUTimer *next;            /* in the clock's sorted list */
};

typedef struct ICountState {
    int shift;
    bool sleep;
    int64_t insns;              /* accounted instructions */
    int64_t inflight;           /* executed in the running quantum */
    int64_t bias_ns;            /* idle time skipped + mode switch offset */
} ICountState;

struct QEMUClocks {
    int refcnt;                 /* owner + one per live timer */
    QEMUTimeSource *time_fn;
    void *time_opaque;
    QEMUTimer *lists[QEMU_CLOCK_MAX];   /* sorted by expire_ns, FIFO ties */

    VirtualClockMode mode;
    bool vm_running;
    int64_t follow_offset;      /* HOST_FOLLOW: virtual = host + offset */
    int64_t frozen_ns;          /* HOST_FOLLOW: value while stopped */
    int64_t manual_ns;          /* MANUAL */
    ICountState icount;

    QEMUClockNotify *notify;
    void *notify_opaque;
};

int64_t clocks_host_monotonic_ns(QEMUClocks *c);
int64_t icount_virtual_ns(QEMUClocks *c);
/* Re-base the icount bias so the virtual clock reads @now_ns. */
void icount_rebase(QEMUClocks *c, int64_t now_ns);

#endif
