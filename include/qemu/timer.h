/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Clocks and timers.
 *
 * Each machine owns one QEMUClocks object holding three clocks, all in
 * nanoseconds:
 *
 *   QEMU_CLOCK_REALTIME  host monotonic time; runs even while the machine is
 *                        stopped (use for host-side timeouts, reconnects)
 *   QEMU_CLOCK_VIRTUAL   guest time, see the modes below
 *   QEMU_CLOCK_HOST      host wall-clock time (ns since the Unix epoch)
 *
 * The virtual clock has three modes:
 *
 *   HOST_FOLLOW  (default) follows host monotonic time while the machine
 *                runs (qemu_clocks_virtual_start()), frozen while stopped.
 *                It starts stopped, at 0.
 *   ICOUNT       -icount shift=N: virtual ns = instructions << N, plus the
 *                time skipped while every vCPU is idle.  The vCPU scheduler
 *                reports executed instructions with icount_add().
 *   MANUAL       qtest: moves only through qemu_clock_advance_virtual().
 *
 * Timers fire from the main loop (qemu_clock_run_timers()).  Callbacks may
 * re-arm, delete or free any timer, including their own.  Everything here is
 * single-threaded: call it from the thread that runs the machine's loop.
 */
#ifndef QEMU_TIMER_H
#define QEMU_TIMER_H

#define SCALE_NS 1
#define SCALE_US 1000
#define SCALE_MS 1000000
#define NANOSECONDS_PER_SECOND 1000000000LL

typedef enum QEMUClockType {
    QEMU_CLOCK_REALTIME,
    QEMU_CLOCK_VIRTUAL,
    QEMU_CLOCK_HOST,
    QEMU_CLOCK_MAX
} QEMUClockType;

typedef enum VirtualClockMode {
    VIRTUAL_CLOCK_HOST_FOLLOW,
    VIRTUAL_CLOCK_ICOUNT,
    VIRTUAL_CLOCK_MANUAL,
} VirtualClockMode;

/* Largest accepted -icount shift (one instruction = 2^10 ns). */
#define ICOUNT_MAX_SHIFT 10

typedef struct QEMUClocks QEMUClocks;
typedef struct QEMUTimer QEMUTimer;
typedef void QEMUTimerCB(void *opaque);

/*
 * Clocks object.  qemu_clocks_free() releases the owner's reference; the
 * memory lives on until every timer created on it has been freed, so
 * teardown order between timers and clocks does not matter.
 */
QEMUClocks *qemu_clocks_new(void);
void qemu_clocks_free(QEMUClocks *c);

/*
 * Replace the host monotonic time source (tests, record/replay).  It feeds
 * QEMU_CLOCK_REALTIME and the HOST_FOLLOW virtual clock.  NULL restores the
 * real one.  Set it before using the clocks.
 */
typedef int64_t QEMUTimeSource(void *opaque);
void qemu_clocks_set_time_source(QEMUClocks *c, QEMUTimeSource *fn,
                                 void *opaque);

int64_t qemu_clock_get_ns(QEMUClocks *c, QEMUClockType type);
int64_t qemu_clock_get_us(QEMUClocks *c, QEMUClockType type);
int64_t qemu_clock_get_ms(QEMUClocks *c, QEMUClockType type);

/* Change the virtual clock mode; the virtual time value is preserved. */
void qemu_clocks_set_virtual_mode(QEMUClocks *c, VirtualClockMode mode);
VirtualClockMode qemu_clocks_get_virtual_mode(QEMUClocks *c);

/*
 * Runstate hooks: the virtual clock runs between start and stop.  Only
 * HOST_FOLLOW (time flows) and ICOUNT (idle time may be skipped) care;
 * MANUAL ignores them.  Both are idempotent.
 */
void qemu_clocks_virtual_start(QEMUClocks *c);
void qemu_clocks_virtual_stop(QEMUClocks *c);
bool qemu_clocks_virtual_running(QEMUClocks *c);

/*
 * Called whenever the earliest virtual-clock deadline moves earlier (a
 * timer_mod() on QEMU_CLOCK_VIRTUAL).  The vCPU scheduler uses it to cut a
 * running icount quantum short.  One hook per clocks object.
 */
typedef void QEMUClockNotify(void *opaque);
void qemu_clocks_set_deadline_notify(QEMUClocks *c, QEMUClockNotify *fn,
                                     void *opaque);

/* ---- Timers ---- */

/*
 * Create a timer whose expire times are in units of @scale ns (SCALE_NS,
 * SCALE_US, SCALE_MS).  The timer starts unarmed.
 */
QEMUTimer *timer_new(QEMUClocks *c, QEMUClockType type, int scale,
                     QEMUTimerCB *cb, void *opaque);
QEMUTimer *timer_new_ns(QEMUClocks *c, QEMUClockType type,
                        QEMUTimerCB *cb, void *opaque);
QEMUTimer *timer_new_us(QEMUClocks *c, QEMUClockType type,
                        QEMUTimerCB *cb, void *opaque);
QEMUTimer *timer_new_ms(QEMUClocks *c, QEMUClockType type,
                        QEMUTimerCB *cb, void *opaque);
/* Delete and free; NULL is ignored.  Safe from inside any timer callback. */
void timer_free(QEMUTimer *t);

/* Arm (or re-arm) to fire when the clock reaches @expire (timer's scale). */
void timer_mod(QEMUTimer *t, int64_t expire);
void timer_mod_ns(QEMUTimer *t, int64_t expire_ns);
/* Like timer_mod(), but only ever moves a pending deadline earlier. */
void timer_mod_anticipate(QEMUTimer *t, int64_t expire);
void timer_mod_anticipate_ns(QEMUTimer *t, int64_t expire_ns);
void timer_del(QEMUTimer *t);
bool timer_pending(QEMUTimer *t);
/* Deadline in ns, or -1 when not pending. */
int64_t timer_expire_time_ns(QEMUTimer *t);
/* True if pending and due at @current_time (in the timer's scale). */
bool timer_expired(QEMUTimer *t, int64_t current_time);

/* ---- Deadlines and running timers (main loop, scheduler, qtest) ---- */

/* ns until the first timer on @type is due: 0 if overdue, -1 if none. */
int64_t qemu_clock_deadline_ns(QEMUClocks *c, QEMUClockType type);
/* Absolute time (ns) of the first timer on @type, -1 if none. */
int64_t qemu_clock_next_expire_ns(QEMUClocks *c, QEMUClockType type);
/* Run every timer on @type that is due now.  True if any callback ran. */
bool qemu_clock_run_timers(QEMUClocks *c, QEMUClockType type);
/* Run due timers on all three clocks.  True if any callback ran. */
bool qemu_clocks_run_all_timers(QEMUClocks *c);

/*
 * How long the host may sleep (ns) before a timer needs service: the
 * realtime and host deadlines, plus the virtual one converted to host time
 * where that makes sense (HOST_FOLLOW while running; ICOUNT when
 * @cpus_idle, the machine runs and sleep=on).  Virtual deadlines never wake
 * the loop in MANUAL mode.  -1 means no deadline.
 */
int64_t qemu_clocks_host_timeout_ns(QEMUClocks *c, bool cpus_idle);

/*
 * qtest (MANUAL mode only): move the virtual clock forward to @dest, firing
 * every timer due on the way in deadline order, with the clock equal to
 * each timer's deadline while its callback runs (overdue timers run at the
 * current time).  Never moves backwards.  Returns the new clock value
 * (unchanged when @dest is in the past or the mode is not MANUAL).
 */
int64_t qemu_clock_advance_virtual(QEMUClocks *c, int64_t dest);
/*
 * Advance to the earliest pending virtual deadline (firing what is due
 * there).  False, clock unchanged, if no virtual timer is pending or the
 * mode is not MANUAL.  *@now receives the clock value (may be NULL).
 */
bool qemu_clock_step_next(QEMUClocks *c, int64_t *now);

/* ---- icount (system/icount.c) ---- */

/*
 * Configure -icount: @shift is "N" (0..ICOUNT_MAX_SHIFT) or "auto" (not
 * supported: error).  @sleep=true lets virtual time follow host time while
 * every vCPU is idle; false jumps straight to the next deadline (fully
 * deterministic).  Switches the virtual clock to ICOUNT mode.
 */
bool icount_configure(QEMUClocks *c, const char *shift, bool sleep,
                      Error **errp);
int icount_get_shift(QEMUClocks *c);
/* Total instructions accounted so far. */
int64_t icount_get(QEMUClocks *c);
/* Account @insns executed instructions (the scheduler calls this). */
void icount_add(QEMUClocks *c, int64_t insns);
/*
 * Optional, for CPU engines: @insns instructions of the quantum now running
 * have already executed, so reads of the virtual clock (e.g. a timer device
 * read by MMIO mid-quantum) include them.  icount_add() clears it.
 */
void icount_set_inflight(QEMUClocks *c, int64_t insns);
/*
 * Instructions that may run before the virtual clock reaches @deadline_ns
 * (rounded up: the clock reaches or just passes the deadline).  0 if the
 * deadline has passed, INT64_MAX if @deadline_ns is -1.
 */
int64_t icount_insns_until(QEMUClocks *c, int64_t deadline_ns);
/*
 * All vCPUs idle in ICOUNT mode: skip virtual time forward by @host_ns of
 * elapsed host time (sleep=on) or straight to the next virtual deadline
 * (sleep=off, @host_ns ignored), never past that deadline and only while
 * the machine runs.  Called by the main loop.
 */
void icount_idle_warp(QEMUClocks *c, int64_t host_ns);

/* The sooner of two timeouts, where a negative value means "none". */
static inline int64_t qemu_soonest_timeout(int64_t a, int64_t b)
{
    if (a < 0) {
        return b;
    }
    if (b < 0) {
        return a;
    }
    return MIN(a, b);
}

#endif
