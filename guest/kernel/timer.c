/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Time keeping and the timer wheel.  A timer due at tick T sits in slot
 * T % WHEEL_SLOTS; each tick walks one slot and runs the timers that are
 * due (those a full turn or more away stay).  Callbacks run on the boot
 * CPU in interrupt context, outside the wheel lock.
 */
#include "timer.h"
#include "kernel.h"
#include "spinlock.h"

static Timer *wheel[WHEEL_SLOTS];
static volatile uint64_t ticks;
static Spinlock wheel_lock;

uint64_t time_ns(void)
{
    uint64_t t = arch_counter(), hz = counter_hz;

    return t / hz * 1000000000 + t % hz * 1000000000 / hz;
}

void udelay(uint64_t us)
{
    /* rounded up: 62.5 MHz is not a whole number of ticks per us */
    uint64_t end = arch_counter() + (counter_hz * us + 999999) / 1000000;

    while (arch_counter() < end) {
        cpu_relax();
    }
}

uint64_t timer_ticks(void)
{
    return ticks;
}

bool timer_wait_tick(uint64_t timeout_ns)
{
    uint64_t t0 = ticks, end = time_ns() + timeout_ns;

    while (ticks == t0 && time_ns() < end) {
        cpu_relax();
    }
    return ticks != t0;
}

void timer_add(Timer *t, uint64_t delay_ticks, TimerFunc fn, void *opaque)
{
    bool on = spin_lock_irqsave(&wheel_lock);
    Timer **slot;

    t->expires = ticks + MAX(delay_ticks, 1);
    t->fn = fn;
    t->opaque = opaque;
    t->pending = true;
    slot = &wheel[t->expires % WHEEL_SLOTS];
    t->next = *slot;
    *slot = t;
    spin_unlock_irqrestore(&wheel_lock, on);
}

bool timer_cancel(Timer *t)
{
    bool on = spin_lock_irqsave(&wheel_lock);
    bool found = false;

    for (Timer **p = &wheel[t->expires % WHEEL_SLOTS]; *p; p = &(*p)->next) {
        if (*p == t) {
            *p = t->next;
            t->pending = false;
            found = true;
            break;
        }
    }
    spin_unlock_irqrestore(&wheel_lock, on);
    return found;
}

/* Unlink the timers of this tick's slot that are due; returns them. */
static Timer *take_due(uint64_t now)
{
    Timer *due = NULL;
    Timer **p = &wheel[now % WHEEL_SLOTS];

    while (*p) {
        Timer *t = *p;

        if (t->expires <= now) {
            *p = t->next;
            t->pending = false;
            t->next = due;
            due = t;
        } else {
            p = &t->next;
        }
    }
    return due;
}

void timer_wheel_tick(void)
{
    Timer *due, *next;
    uint64_t now;

    spin_lock(&wheel_lock);
    now = ++ticks;
    due = take_due(now);
    spin_unlock(&wheel_lock);
    for (; due; due = next) {
        next = due->next;
        due->fn(due, due->opaque);
    }
}
