/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Time: the arch's counter (calibrated at boot), busy-wait delays and a timer
 * wheel driven by the periodic tick of the boot CPU.
 */
#ifndef GUEST_TIMER_H
#define GUEST_TIMER_H

#include "types.h"

#define HZ                  100
#define WHEEL_SLOTS         64

typedef struct Timer Timer;
typedef void (*TimerFunc)(Timer *t, void *opaque);

struct Timer {
    Timer *next;
    uint64_t expires;           /* in ticks */
    TimerFunc fn;
    void *opaque;
    bool pending;
};

/* Frequency of arch_counter() (the TSC on x86_64), calibrated. */
extern uint64_t counter_hz;

uint64_t time_ns(void);
void udelay(uint64_t us);

/* Ticks since the timer started. */
uint64_t timer_ticks(void);
/* Wait for the next tick, at most @timeout_ns; false if none came. */
bool timer_wait_tick(uint64_t timeout_ns);
void timer_add(Timer *t, uint64_t delay_ticks, TimerFunc fn, void *opaque);
bool timer_cancel(Timer *t);
/* Called once per tick on the boot CPU. */
void timer_wheel_tick(void);

/* The arch's clocks (arch/x86_64/apic.c, time.c). */
void time_init(void);
void arch_timer_start(unsigned hz);

#endif
