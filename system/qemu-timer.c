/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Clocks and timers: per-machine clocks, sorted timer lists, deadlines and
 * the qtest-style manual advance of the virtual clock.
 */
#include "qemu/osdep.h"
#include "qemu/timer.h"
#include "clocks-internal.h"

#include <time.h>

/* ---- Clocks ---- */

QEMUClocks *qemu_clocks_new(void)
{
    QEMUClocks *c = g_new0(QEMUClocks, 1);

    c->refcnt = 1;
    c->mode = VIRTUAL_CLOCK_HOST_FOLLOW;
    return c;
}

static void clocks_unref(QEMUClocks *c)
{
    g_assert(c->refcnt > 0);
    if (--c->refcnt == 0) {
        g_free(c);
    }
}

void qemu_clocks_free(QEMUClocks *c)
{
    if (c) {
        c->notify = NULL;
        clocks_unref(c);
    }
}

void qemu_clocks_set_time_source(QEMUClocks *c, QEMUTimeSource *fn,
                                 void *opaque)
{
    c->time_fn = fn;
    c->time_opaque = opaque;
}

static int64_t host_clock_ns(clockid_t id)
{
    struct timespec ts;

    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * NANOSECONDS_PER_SECOND + ts.tv_nsec;
}

int64_t clocks_host_monotonic_ns(QEMUClocks *c)
{
    if (c->time_fn) {
        return c->time_fn(c->time_opaque);
    }
    return host_clock_ns(CLOCK_MONOTONIC);
}

static int64_t virtual_ns(QEMUClocks *c)
{
    switch (c->mode) {
    case VIRTUAL_CLOCK_HOST_FOLLOW:
        if (c->vm_running) {
            return clocks_host_monotonic_ns(c) + c->follow_offset;
        }
        return c->frozen_ns;
    case VIRTUAL_CLOCK_ICOUNT:
        return icount_virtual_ns(c);
    case VIRTUAL_CLOCK_MANUAL:
        return c->manual_ns;
    }
    g_assert_not_reached();
}

int64_t qemu_clock_get_ns(QEMUClocks *c, QEMUClockType type)
{
    switch (type) {
    case QEMU_CLOCK_REALTIME:
        return clocks_host_monotonic_ns(c);
    case QEMU_CLOCK_VIRTUAL:
        return virtual_ns(c);
    case QEMU_CLOCK_HOST:
        return host_clock_ns(CLOCK_REALTIME);
    default:
        g_assert_not_reached();
    }
}

int64_t qemu_clock_get_us(QEMUClocks *c, QEMUClockType type)
{
    return qemu_clock_get_ns(c, type) / SCALE_US;
}

int64_t qemu_clock_get_ms(QEMUClocks *c, QEMUClockType type)
{
    return qemu_clock_get_ns(c, type) / SCALE_MS;
}

/* Make the current mode's state read @now_ns (mode and runstate changes). */
static void virtual_rebase(QEMUClocks *c, int64_t now_ns)
{
    switch (c->mode) {
    case VIRTUAL_CLOCK_HOST_FOLLOW:
        c->frozen_ns = now_ns;
        c->follow_offset = now_ns - clocks_host_monotonic_ns(c);
        break;
    case VIRTUAL_CLOCK_ICOUNT:
        icount_rebase(c, now_ns);
        break;
    case VIRTUAL_CLOCK_MANUAL:
        c->manual_ns = now_ns;
        break;
    }
}

void qemu_clocks_set_virtual_mode(QEMUClocks *c, VirtualClockMode mode)
{
    int64_t now = virtual_ns(c);

    c->mode = mode;
    virtual_rebase(c, now);
}

VirtualClockMode qemu_clocks_get_virtual_mode(QEMUClocks *c)
{
    return c->mode;
}

void qemu_clocks_virtual_start(QEMUClocks *c)
{
    int64_t now;

    if (c->vm_running) {
        return;
    }
    now = virtual_ns(c);
    c->vm_running = true;
    virtual_rebase(c, now);
}

void qemu_clocks_virtual_stop(QEMUClocks *c)
{
    int64_t now;

    if (!c->vm_running) {
        return;
    }
    now = virtual_ns(c);
    c->vm_running = false;
    virtual_rebase(c, now);
}

bool qemu_clocks_virtual_running(QEMUClocks *c)
{
    return c->vm_running;
}

void qemu_clocks_set_deadline_notify(QEMUClocks *c, QEMUClockNotify *fn,
                                     void *opaque)
{
    c->notify = fn;
    c->notify_opaque = opaque;
}

/* ---- Timers ---- */

QEMUTimer *timer_new(QEMUClocks *c, QEMUClockType type, int scale,
                     QEMUTimerCB *cb, void *opaque)
{
    QEMUTimer *t = g_new0(QEMUTimer, 1);

    g_assert(type >= 0 && type < QEMU_CLOCK_MAX && scale > 0);
    t->clocks = c;
    t->type = type;
    t->scale = scale;
    t->expire_ns = -1;
    t->cb = cb;
    t->opaque = opaque;
    c->refcnt++;
    return t;
}

QEMUTimer *timer_new_ns(QEMUClocks *c, QEMUClockType type,
                        QEMUTimerCB *cb, void *opaque)
{
    return timer_new(c, type, SCALE_NS, cb, opaque);
}

QEMUTimer *timer_new_us(QEMUClocks *c, QEMUClockType type,
                        QEMUTimerCB *cb, void *opaque)
{
    return timer_new(c, type, SCALE_US, cb, opaque);
}

QEMUTimer *timer_new_ms(QEMUClocks *c, QEMUClockType type,
                        QEMUTimerCB *cb, void *opaque)
{
    return timer_new(c, type, SCALE_MS, cb, opaque);
}

void timer_free(QEMUTimer *t)
{
    if (!t) {
        return;
    }
    timer_del(t);
    clocks_unref(t->clocks);
    g_free(t);
}

void timer_del(QEMUTimer *t)
{
    QEMUTimer **p;

    if (t->expire_ns < 0) {
        return;
    }
    for (p = &t->clocks->lists[t->type]; *p; p = &(*p)->next) {
        if (*p == t) {
            *p = t->next;
            break;
        }
    }
    t->next = NULL;
    t->expire_ns = -1;
}

/* Insert after every timer with the same or an earlier deadline. */
static void timer_insert(QEMUTimer *t, int64_t expire_ns)
{
    QEMUClocks *c = t->clocks;
    QEMUTimer **p = &c->lists[t->type];

    while (*p && (*p)->expire_ns <= expire_ns) {
        p = &(*p)->next;
    }
    t->expire_ns = expire_ns;
    t->next = *p;
    *p = t;
    if (t->type == QEMU_CLOCK_VIRTUAL && c->lists[t->type] == t &&
        c->notify) {
        c->notify(c->notify_opaque);
    }
}

void timer_mod_ns(QEMUTimer *t, int64_t expire_ns)
{
    timer_del(t);
    timer_insert(t, MAX(expire_ns, 0));
}

/* @expire * scale, saturating instead of overflowing. */
static int64_t timer_scale_ns(QEMUTimer *t, int64_t expire)
{
    if (expire > INT64_MAX / t->scale) {
        return INT64_MAX;
    }
    if (expire < 0) {
        return 0;
    }
    return expire * t->scale;
}

void timer_mod(QEMUTimer *t, int64_t expire)
{
    timer_mod_ns(t, timer_scale_ns(t, expire));
}

void timer_mod_anticipate_ns(QEMUTimer *t, int64_t expire_ns)
{
    if (t->expire_ns < 0 || MAX(expire_ns, 0) < t->expire_ns) {
        timer_mod_ns(t, expire_ns);
    }
}

void timer_mod_anticipate(QEMUTimer *t, int64_t expire)
{
    timer_mod_anticipate_ns(t, timer_scale_ns(t, expire));
}

bool timer_pending(QEMUTimer *t)
{
    return t->expire_ns >= 0;
}

int64_t timer_expire_time_ns(QEMUTimer *t)
{
    return t->expire_ns;
}

bool timer_expired(QEMUTimer *t, int64_t current_time)
{
    return t->expire_ns >= 0 &&
           t->expire_ns <= timer_scale_ns(t, current_time);
}

/* ---- Deadlines and running ---- */

int64_t qemu_clock_next_expire_ns(QEMUClocks *c, QEMUClockType type)
{
    QEMUTimer *head = c->lists[type];

    return head ? head->expire_ns : -1;
}

int64_t qemu_clock_deadline_ns(QEMUClocks *c, QEMUClockType type)
{
    int64_t next = qemu_clock_next_expire_ns(c, type);

    if (next < 0) {
        return -1;
    }
    return MAX(next - qemu_clock_get_ns(c, type), 0);
}

/*
 * Pop and run timers due at @now, one at a time from the list head, so a
 * callback may freely re-arm, delete or free any timer.  The time is read
 * once: a timer re-armed into the past runs again in this pass, one re-armed
 * later than @now waits for the next pass.
 */
static bool run_timers_at(QEMUClocks *c, QEMUClockType type, int64_t now)
{
    bool ran = false;
    QEMUTimer *t;

    while ((t = c->lists[type]) != NULL && t->expire_ns <= now) {
        c->lists[type] = t->next;
        t->next = NULL;
        t->expire_ns = -1;
        t->cb(t->opaque);
        ran = true;
    }
    return ran;
}

bool qemu_clock_run_timers(QEMUClocks *c, QEMUClockType type)
{
    if (!c->lists[type]) {
        return false;
    }
    return run_timers_at(c, type, qemu_clock_get_ns(c, type));
}

bool qemu_clocks_run_all_timers(QEMUClocks *c)
{
    bool ran = false;

    ran |= qemu_clock_run_timers(c, QEMU_CLOCK_REALTIME);
    ran |= qemu_clock_run_timers(c, QEMU_CLOCK_VIRTUAL);
    ran |= qemu_clock_run_timers(c, QEMU_CLOCK_HOST);
    return ran;
}

/* Whether host time passing moves the virtual clock towards its timers. */
static bool virtual_follows_host(QEMUClocks *c, bool cpus_idle)
{
    if (!c->vm_running) {
        return false;
    }
    switch (c->mode) {
    case VIRTUAL_CLOCK_HOST_FOLLOW:
        return true;
    case VIRTUAL_CLOCK_ICOUNT:
        return cpus_idle;
    case VIRTUAL_CLOCK_MANUAL:
        return false;
    }
    g_assert_not_reached();
}

int64_t qemu_clocks_host_timeout_ns(QEMUClocks *c, bool cpus_idle)
{
    int64_t t;

    t = qemu_clock_deadline_ns(c, QEMU_CLOCK_REALTIME);
    t = qemu_soonest_timeout(t, qemu_clock_deadline_ns(c, QEMU_CLOCK_HOST));
    if (virtual_follows_host(c, cpus_idle)) {
        t = qemu_soonest_timeout(t, qemu_clock_deadline_ns(
                                        c, QEMU_CLOCK_VIRTUAL));
    }
    return t;
}

int64_t qemu_clock_advance_virtual(QEMUClocks *c, int64_t dest)
{
    int64_t next;

    if (c->mode != VIRTUAL_CLOCK_MANUAL) {
        return virtual_ns(c);
    }
    for (;;) {
        next = qemu_clock_next_expire_ns(c, QEMU_CLOCK_VIRTUAL);
        if (next < 0 || next > dest) {
            break;
        }
        c->manual_ns = MAX(c->manual_ns, next);
        run_timers_at(c, QEMU_CLOCK_VIRTUAL, c->manual_ns);
    }
    c->manual_ns = MAX(c->manual_ns, dest);
    return c->manual_ns;
}

bool qemu_clock_step_next(QEMUClocks *c, int64_t *now)
{
    int64_t next = qemu_clock_next_expire_ns(c, QEMU_CLOCK_VIRTUAL);
    bool ok = c->mode == VIRTUAL_CLOCK_MANUAL && next >= 0;

    if (ok) {
        qemu_clock_advance_virtual(c, next);
    }
    if (now) {
        *now = virtual_ns(c);
    }
    return ok;
}
