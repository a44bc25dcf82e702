/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Tests of the timer wheel, SMP bring-up, cross-CPU calls, spinlocks. */
#include "smp.h"
#include "timer.h"
#include "test.h"
#include "tests.h"

typedef struct WheelLog {
    unsigned order[4];
    uint64_t at[4];
    volatile unsigned n;
} WheelLog;

static WheelLog wlog;

static void wheel_fn(Timer *t, void *opaque)
{
    unsigned i = wlog.n;

    if (i < ARRAY_SIZE(wlog.order)) {
        wlog.order[i] = (unsigned)(uintptr_t)opaque;
        wlog.at[i] = timer_ticks();
    }
    wlog.n = i + 1;
}

/*
 * Timers at 1, 2, 3 ticks fire in that order, a cancelled one never, and
 * one a full turn of the wheel after the 3-tick one (same slot) only
 * when its own time comes.
 */
int test_timer_wheel(void)
{
    Timer t[5];
    uint64_t start;

    if (!timer_wait_tick(100000000)) {
        return test_skip("no timer interrupts");
    }
    memset(&wlog, 0, sizeof(wlog));
    start = timer_ticks();
    timer_add(&t[0], 3, wheel_fn, (void *)3);
    timer_add(&t[1], 1, wheel_fn, (void *)1);
    timer_add(&t[2], 2, wheel_fn, (void *)2);
    timer_add(&t[3], 2, wheel_fn, (void *)9);
    timer_add(&t[4], WHEEL_SLOTS + 3, wheel_fn, (void *)4);
    TEST_ASSERT(timer_cancel(&t[3]));
    TEST_ASSERT(!timer_cancel(&t[3]));
    while (wlog.n < 4) {
        safe_halt();
    }
    TEST_EQ(wlog.n, 4);
    for (unsigned i = 0; i < 3; i++) {
        TEST_EQ(wlog.order[i], i + 1);
        TEST_ASSERT(wlog.at[i] >= start + i + 1);
    }
    TEST_EQ(wlog.order[3], 4);
    TEST_ASSERT(wlog.at[3] >= start + WHEEL_SLOTS + 3);
    TEST_ASSERT(!t[4].pending);
    return 0;
}

int test_smp_boot(void)
{
    unsigned want = arch_cpu_count();
    unsigned online = 0;

    for (unsigned i = 0; i < MAX_CPUS; i++) {
        online += cpus[i].online;
    }
    TEST_EQ(online, nr_cpus);
    if (want) {
        TEST_EQ(nr_cpus, MIN(want, (unsigned)MAX_CPUS));
    }
    for (unsigned i = 1; i < nr_cpus; i++) {
        TEST_ASSERT(cpus[i].hwid != cpus[0].hwid);
    }
    printf("# %u CPU(s)\n", nr_cpus);
    return 0;
}

static volatile unsigned ran_on[MAX_CPUS];

static void mark_cpu(void *arg)
{
    ran_on[this_cpu()->id] += (unsigned)(uintptr_t)arg;
}

int test_smp_call(void)
{
    for (unsigned i = 0; i < MAX_CPUS; i++) {
        ran_on[i] = 0;
    }
    on_each_cpu(mark_cpu, (void *)1);
    for (unsigned i = 0; i < nr_cpus; i++) {
        smp_call_function_single(i, mark_cpu, (void *)10);
    }
    for (unsigned i = 0; i < MAX_CPUS; i++) {
        TEST_EQ(ran_on[i], cpus[i].online ? 11 : 0);
    }
    if (nr_cpus > 1) {
        TEST_ASSERT(cpus[1].ipis >= 2);
    }
    return 0;
}

#define LOCK_ROUNDS         200

static Spinlock test_lock;
static volatile uint64_t shared_count;

static void lock_hammer(void *arg)
{
    for (int i = 0; i < LOCK_ROUNDS; i++) {
        spin_lock(&test_lock);
        shared_count = shared_count + 1;
        spin_unlock(&test_lock);
    }
}

int test_spinlock(void)
{
    shared_count = 0;
    /* the other CPUs run it at the same time, in their IPI handlers */
    on_each_cpu(lock_hammer, NULL);
    TEST_EQ(shared_count, (uint64_t)nr_cpus * LOCK_ROUNDS);
    return 0;
}
