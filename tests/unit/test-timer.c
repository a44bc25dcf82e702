/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests for clocks, timers, icount, the vCPU scheduler and the main
 * loop (bottom halves, timeouts, signals).
 */
#include "qemu/osdep.h"
#include "qemu/timer.h"
#include "qemu/main-loop.h"
#include "system/cpus.h"

#include <signal.h>

/* ---- Helpers ---- */

typedef struct FireLog {
    QEMUClocks *c;
    GString *s;             /* "name@virtual-ns " per callback */
} FireLog;

typedef struct LogTimer {
    FireLog *log;
    const char *name;
    QEMUTimer *t;
    int64_t period;         /* re-arm by this much while count < limit */
    int count;
    int limit;
    QEMUTimer *victim;      /* deleted when this fires */
    bool free_self;
} LogTimer;

static void log_cb(void *opaque)
{
    LogTimer *lt = opaque;
    int64_t now = qemu_clock_get_ns(lt->log->c, QEMU_CLOCK_VIRTUAL);

    g_string_append_printf(lt->log->s, "%s@%" PRId64 " ", lt->name, now);
    lt->count++;
    if (lt->victim) {
        timer_del(lt->victim);
    }
    if (lt->period && lt->count < lt->limit) {
        timer_mod_ns(lt->t, now + lt->period);
    }
    if (lt->free_self) {
        timer_free(lt->t);
        lt->t = NULL;
    }
}

static QEMUClocks *manual_clocks(void)
{
    QEMUClocks *c = qemu_clocks_new();

    qemu_clocks_set_virtual_mode(c, VIRTUAL_CLOCK_MANUAL);
    return c;
}

static void log_timer_init(LogTimer *lt, FireLog *log, const char *name)
{
    memset(lt, 0, sizeof(*lt));
    lt->log = log;
    lt->name = name;
    lt->t = timer_new_ns(log->c, QEMU_CLOCK_VIRTUAL, log_cb, lt);
}

/* ---- Timers ---- */

static void test_timer_order(void)
{
    FireLog log = { manual_clocks(), g_string_new("") };
    LogTimer a, b1, b2, c;

    log_timer_init(&a, &log, "a");
    log_timer_init(&b1, &log, "b1");
    log_timer_init(&b2, &log, "b2");
    log_timer_init(&c, &log, "c");
    timer_mod_ns(c.t, 300);
    timer_mod_ns(b1.t, 200);
    timer_mod_ns(a.t, 100);
    timer_mod_ns(b2.t, 200);        /* same deadline: after b1 */
    g_assert_cmpint(qemu_clock_advance_virtual(log.c, 1000), ==, 1000);
    g_assert_cmpstr(log.s->str, ==, "a@100 b1@200 b2@200 c@300 ");
    g_assert_false(timer_pending(a.t));
    timer_free(a.t);
    timer_free(b1.t);
    timer_free(b2.t);
    timer_free(c.t);
    qemu_clocks_free(log.c);
    g_string_free(log.s, TRUE);
}

static void test_timer_rearm(void)
{
    FireLog log = { manual_clocks(), g_string_new("") };
    LogTimer p;

    log_timer_init(&p, &log, "p");
    p.period = 100;
    p.limit = 4;
    timer_mod_ns(p.t, 100);
    g_assert_cmpint(qemu_clock_advance_virtual(log.c, 350), ==, 350);
    g_assert_cmpstr(log.s->str, ==, "p@100 p@200 p@300 ");
    g_assert_cmpint(timer_expire_time_ns(p.t), ==, 400);
    qemu_clock_advance_virtual(log.c, 10000);
    g_assert_cmpstr(log.s->str, ==, "p@100 p@200 p@300 p@400 ");
    g_assert_false(timer_pending(p.t));
    timer_free(p.t);
    qemu_clocks_free(log.c);
    g_string_free(log.s, TRUE);
}

static void test_timer_delete_in_cb(void)
{
    FireLog log = { manual_clocks(), g_string_new("") };
    LogTimer a, b, selfish;

    log_timer_init(&a, &log, "a");
    log_timer_init(&b, &log, "b");
    log_timer_init(&selfish, &log, "s");
    a.victim = b.t;                 /* a deletes b, due at the same time */
    selfish.free_self = true;
    timer_mod_ns(a.t, 100);
    timer_mod_ns(b.t, 100);
    timer_mod_ns(selfish.t, 50);
    qemu_clock_advance_virtual(log.c, 200);
    g_assert_cmpstr(log.s->str, ==, "s@50 a@100 ");
    g_assert_null(selfish.t);
    g_assert_false(timer_pending(b.t));
    g_assert_cmpint(qemu_clock_next_expire_ns(log.c, QEMU_CLOCK_VIRTUAL),
                    ==, -1);
    timer_free(a.t);
    timer_free(b.t);
    qemu_clocks_free(log.c);
    g_string_free(log.s, TRUE);
}

static void nop_cb(void *opaque)
{
    int *n = opaque;

    if (n) {
        (*n)++;
    }
}

static void test_timer_deadline(void)
{
    QEMUClocks *c = manual_clocks();
    QEMUTimer *t = timer_new_ns(c, QEMU_CLOCK_VIRTUAL, nop_cb, NULL);
    QEMUTimer *ms = timer_new_ms(c, QEMU_CLOCK_VIRTUAL, nop_cb, NULL);
    QEMUTimer *us = timer_new_us(c, QEMU_CLOCK_VIRTUAL, nop_cb, NULL);

    g_assert_cmpint(qemu_clock_deadline_ns(c, QEMU_CLOCK_VIRTUAL), ==, -1);
    qemu_clock_advance_virtual(c, 100);
    timer_mod_ns(t, 500);
    g_assert_cmpint(qemu_clock_deadline_ns(c, QEMU_CLOCK_VIRTUAL), ==, 400);
    g_assert_true(timer_pending(t));
    g_assert_false(timer_expired(t, 499));
    g_assert_true(timer_expired(t, 500));
    timer_mod_anticipate_ns(t, 700);        /* later: ignored */
    g_assert_cmpint(timer_expire_time_ns(t), ==, 500);
    timer_mod_anticipate_ns(t, 300);
    g_assert_cmpint(timer_expire_time_ns(t), ==, 300);
    timer_mod_ns(t, 50);                    /* overdue */
    g_assert_cmpint(qemu_clock_deadline_ns(c, QEMU_CLOCK_VIRTUAL), ==, 0);
    timer_mod_ns(t, -5);
    g_assert_cmpint(timer_expire_time_ns(t), ==, 0);
    timer_del(t);
    g_assert_cmpint(timer_expire_time_ns(t), ==, -1);

    timer_mod(ms, 3);
    g_assert_cmpint(timer_expire_time_ns(ms), ==, 3000000);
    g_assert_true(timer_expired(ms, 3));
    timer_mod(ms, INT64_MAX);
    g_assert_cmpint(timer_expire_time_ns(ms), ==, INT64_MAX);
    timer_mod(us, 7);
    g_assert_cmpint(qemu_clock_next_expire_ns(c, QEMU_CLOCK_VIRTUAL), ==,
                    7000);
    g_assert_cmpint(qemu_clock_deadline_ns(c, QEMU_CLOCK_VIRTUAL), ==, 6900);
    /* In MANUAL mode virtual deadlines never wake the host. */
    g_assert_cmpint(qemu_clocks_host_timeout_ns(c, true), ==, -1);
    timer_free(t);
    timer_free(ms);
    timer_free(us);
    qemu_clocks_free(c);
}

static void test_manual_advance(void)
{
    QEMUClocks *c = manual_clocks();
    QEMUTimer *t;
    int fired = 0;
    int64_t now = -1;

    t = timer_new_ns(c, QEMU_CLOCK_VIRTUAL, nop_cb, &fired);
    g_assert_false(qemu_clock_step_next(c, &now));
    g_assert_cmpint(now, ==, 0);
    g_assert_cmpint(qemu_clock_advance_virtual(c, 500), ==, 500);
    g_assert_cmpint(qemu_clock_advance_virtual(c, 100), ==, 500);
    g_assert_cmpint(qemu_clock_get_ns(c, QEMU_CLOCK_VIRTUAL), ==, 500);
    timer_mod_ns(t, 1234);
    g_assert_true(qemu_clock_step_next(c, &now));
    g_assert_cmpint(now, ==, 1234);
    g_assert_cmpint(fired, ==, 1);
    timer_mod_ns(t, 10);                    /* in the past: runs at now */
    g_assert_true(qemu_clock_step_next(c, &now));
    g_assert_cmpint(now, ==, 1234);
    g_assert_cmpint(fired, ==, 2);
    /* Not MANUAL: advance does nothing. */
    qemu_clocks_set_virtual_mode(c, VIRTUAL_CLOCK_HOST_FOLLOW);
    timer_mod_ns(t, 2000);
    g_assert_cmpint(qemu_clock_advance_virtual(c, 5000), ==, 1234);
    g_assert_false(qemu_clock_step_next(c, NULL));
    g_assert_cmpint(fired, ==, 2);
    timer_free(t);
    qemu_clocks_free(c);
}

/* Timers may outlive the clocks object's owner reference. */
static void test_timer_outlives_clocks(void)
{
    QEMUClocks *c = manual_clocks();
    QEMUTimer *t = timer_new_ns(c, QEMU_CLOCK_VIRTUAL, nop_cb, NULL);

    timer_mod_ns(t, 5);
    qemu_clocks_free(c);
    timer_mod_ns(t, 7);
    g_assert_cmpint(timer_expire_time_ns(t), ==, 7);
    timer_free(t);
}

/* ---- Clock modes ---- */

static int64_t fake_time(void *opaque)
{
    return *(int64_t *)opaque;
}

static void test_host_follow(void)
{
    QEMUClocks *c = qemu_clocks_new();
    int64_t host = 1000000;
    QEMUTimer *t = timer_new_ns(c, QEMU_CLOCK_VIRTUAL, nop_cb, NULL);
    QEMUTimer *rt = timer_new_ns(c, QEMU_CLOCK_REALTIME, nop_cb, NULL);

    qemu_clocks_set_time_source(c, fake_time, &host);
    g_assert_cmpint(qemu_clocks_get_virtual_mode(c), ==,
                    VIRTUAL_CLOCK_HOST_FOLLOW);
    g_assert_cmpint(qemu_clock_get_ns(c, QEMU_CLOCK_REALTIME), ==, host);
    host += 500;
    g_assert_cmpint(qemu_clock_get_ns(c, QEMU_CLOCK_VIRTUAL), ==, 0);
    qemu_clocks_virtual_start(c);
    host += 1000;
    g_assert_cmpint(qemu_clock_get_ns(c, QEMU_CLOCK_VIRTUAL), ==, 1000);
    timer_mod_ns(t, 1500);
    g_assert_cmpint(qemu_clocks_host_timeout_ns(c, true), ==, 500);
    timer_mod_ns(rt, host + 200);
    g_assert_cmpint(qemu_clocks_host_timeout_ns(c, true), ==, 200);
    timer_del(rt);
    qemu_clocks_virtual_stop(c);
    host += 5000;
    g_assert_cmpint(qemu_clock_get_ns(c, QEMU_CLOCK_VIRTUAL), ==, 1000);
    g_assert_cmpint(qemu_clocks_host_timeout_ns(c, true), ==, -1);
    g_assert_false(qemu_clock_run_timers(c, QEMU_CLOCK_VIRTUAL));
    qemu_clocks_virtual_start(c);
    host += 600;
    g_assert_true(qemu_clock_run_timers(c, QEMU_CLOCK_VIRTUAL));
    /* Switching modes keeps the value. */
    qemu_clocks_set_virtual_mode(c, VIRTUAL_CLOCK_MANUAL);
    g_assert_cmpint(qemu_clock_get_ns(c, QEMU_CLOCK_VIRTUAL), ==, 1600);
    host += 100;
    g_assert_cmpint(qemu_clock_get_ns(c, QEMU_CLOCK_VIRTUAL), ==, 1600);
    qemu_clocks_set_virtual_mode(c, VIRTUAL_CLOCK_HOST_FOLLOW);
    host += 100;
    g_assert_cmpint(qemu_clock_get_ns(c, QEMU_CLOCK_VIRTUAL), ==, 1700);
    g_assert_cmpint(qemu_clock_get_ms(c, QEMU_CLOCK_HOST), >,
                    1600000000000LL);
    timer_free(t);
    timer_free(rt);
    qemu_clocks_free(c);
}

static void test_icount(void)
{
    QEMUClocks *c = qemu_clocks_new();
    Error *err = NULL;

    g_assert_false(icount_configure(c, "auto", true, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "icount: shift=auto is not supported");
    error_free_or_abort(&err);
    g_assert_false(icount_configure(c, "11", true, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "icount: shift=11 is out of range (0 to 10)");
    error_free_or_abort(&err);
    g_assert_false(icount_configure(c, "3x", true, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'shift' expects a number");
    error_free_or_abort(&err);
    g_assert_cmpint(qemu_clocks_get_virtual_mode(c), ==,
                    VIRTUAL_CLOCK_HOST_FOLLOW);

    g_assert_true(icount_configure(c, "3", false, &error_abort));
    g_assert_cmpint(icount_get_shift(c), ==, 3);
    icount_add(c, 10);
    g_assert_cmpint(icount_get(c), ==, 10);
    g_assert_cmpint(qemu_clock_get_ns(c, QEMU_CLOCK_VIRTUAL), ==, 80);
    icount_set_inflight(c, 2);
    g_assert_cmpint(qemu_clock_get_ns(c, QEMU_CLOCK_VIRTUAL), ==, 96);
    icount_add(c, 5);                       /* clears in-flight */
    g_assert_cmpint(qemu_clock_get_ns(c, QEMU_CLOCK_VIRTUAL), ==, 120);
    g_assert_cmpint(icount_insns_until(c, 125), ==, 1);
    g_assert_cmpint(icount_insns_until(c, 128), ==, 1);
    g_assert_cmpint(icount_insns_until(c, 129), ==, 2);
    g_assert_cmpint(icount_insns_until(c, 120), ==, 0);
    g_assert_cmpint(icount_insns_until(c, -1), ==, INT64_MAX);
    qemu_clocks_free(c);
}

static void test_icount_warp(void)
{
    QEMUClocks *c = qemu_clocks_new();
    QEMUTimer *t = timer_new_ns(c, QEMU_CLOCK_VIRTUAL, nop_cb, NULL);

    g_assert_true(icount_configure(c, "0", true, &error_abort));
    timer_mod_ns(t, 1000);
    icount_idle_warp(c, 300);               /* stopped: no warp */
    g_assert_cmpint(qemu_clock_get_ns(c, QEMU_CLOCK_VIRTUAL), ==, 0);
    g_assert_cmpint(qemu_clocks_host_timeout_ns(c, false), ==, -1);
    qemu_clocks_virtual_start(c);
    g_assert_cmpint(qemu_clocks_host_timeout_ns(c, true), ==, 1000);
    icount_idle_warp(c, 300);
    g_assert_cmpint(qemu_clock_get_ns(c, QEMU_CLOCK_VIRTUAL), ==, 300);
    icount_idle_warp(c, 5000);              /* capped at the deadline */
    g_assert_cmpint(qemu_clock_get_ns(c, QEMU_CLOCK_VIRTUAL), ==, 1000);
    g_assert_true(icount_configure(c, "1", false, &error_abort));
    timer_mod_ns(t, 4000);
    icount_idle_warp(c, 0);                 /* sleep=off: jump */
    g_assert_cmpint(qemu_clock_get_ns(c, QEMU_CLOCK_VIRTUAL), ==, 4000);
    icount_add(c, 2);
    g_assert_cmpint(qemu_clock_get_ns(c, QEMU_CLOCK_VIRTUAL), ==, 4004);
    timer_free(t);
    qemu_clocks_free(c);
}

/* ---- Scheduler ---- */

typedef struct FakeCPU {
    CPUScheduler *s;
    int idx;
    GString *log;           /* "idx:budget " per exec */
    int64_t halt_after;     /* halt once this many insns ran (0: never) */
    int64_t executed;
    bool work;
    int kicks;
    bool kicked;
    bool kick_scheduler;    /* call cpu_scheduler_kick() inside exec */
    QEMUTimer *arm;         /* armed at now+10 inside exec, if set */
    QEMUClocks *clocks;
} FakeCPU;

static int64_t fake_exec(void *opaque, int64_t budget)
{
    FakeCPU *f = opaque;
    int64_t n = budget;

    g_string_append_printf(f->log, "%d:%" PRId64 " ", f->idx, budget);
    f->kicked = false;
    if (f->kick_scheduler) {
        cpu_scheduler_kick(f->s);
    }
    if (f->arm) {
        timer_mod_ns(f->arm,
                     qemu_clock_get_ns(f->clocks, QEMU_CLOCK_VIRTUAL) + 10);
    }
    if (f->kicked) {
        n = MIN(n, 10);
    }
    if (f->halt_after && f->executed + n >= f->halt_after) {
        n = f->halt_after - f->executed;
        cpu_scheduler_halt(f->s, f->idx);
    }
    f->executed += n;
    return n;
}

static bool fake_has_work(void *opaque)
{
    return ((FakeCPU *)opaque)->work;
}

static void fake_kick(void *opaque)
{
    FakeCPU *f = opaque;

    f->kicks++;
    f->kicked = true;
}

static const VCPUOps fake_ops = {
    .exec = fake_exec,
    .has_work = fake_has_work,
    .kick = fake_kick,
};

static void fake_cpus(CPUScheduler *s, QEMUClocks *c, FakeCPU *f, int n,
                      GString *log)
{
    for (int i = 0; i < n; i++) {
        memset(&f[i], 0, sizeof(f[i]));
        f[i].s = s;
        f[i].log = log;
        f[i].clocks = c;
        f[i].idx = cpu_scheduler_add(s, &f[i], &fake_ops);
        g_assert_cmpint(f[i].idx, ==, i);
    }
}

static void test_sched_round_robin(void)
{
    QEMUClocks *c = qemu_clocks_new();
    CPUScheduler *s = cpu_scheduler_new(c);
    GString *log = g_string_new("");
    FakeCPU f[3];

    g_assert_false(cpu_scheduler_any_runnable(s));
    g_assert_cmpint(cpu_scheduler_run_round(s), ==, 0);
    fake_cpus(s, c, f, 3, log);
    cpu_scheduler_set_quantum(s, 100);
    /* Stopped: nothing runs. */
    g_assert_false(cpu_scheduler_any_runnable(s));
    g_assert_cmpint(cpu_scheduler_run_round(s), ==, 0);
    g_assert_cmpstr(log->str, ==, "");
    cpu_scheduler_set_running(s, true);
    g_assert_true(cpu_scheduler_any_runnable(s));
    g_assert_cmpint(cpu_scheduler_run_round(s), ==, 300);
    g_assert_cmpstr(log->str, ==, "0:100 1:100 2:100 ");
    g_assert_cmpint(cpu_scheduler_count(s), ==, 3);
    g_assert_true(cpu_scheduler_get_cpu(s, 1) == &f[1]);
    g_assert_cmpint(cpu_scheduler_next_deadline(s), ==, -1);

    /* Halted vCPUs are skipped until woken or has_work. */
    g_string_truncate(log, 0);
    cpu_scheduler_halt(s, 1);
    f[2].halt_after = 130;
    g_assert_cmpint(cpu_scheduler_run_round(s), ==, 130);
    g_assert_cmpstr(log->str, ==, "0:100 2:100 ");
    g_assert_true(cpu_scheduler_is_halted(s, 2));
    g_string_truncate(log, 0);
    g_assert_cmpint(cpu_scheduler_run_round(s), ==, 100);
    g_assert_cmpstr(log->str, ==, "0:100 ");
    cpu_scheduler_halt(s, 0);
    g_assert_false(cpu_scheduler_any_runnable(s));
    f[1].work = true;
    g_assert_true(cpu_scheduler_any_runnable(s));
    g_assert_false(cpu_scheduler_is_halted(s, 1));
    cpu_scheduler_wake(s, 2);
    f[2].halt_after = 0;
    g_string_truncate(log, 0);
    g_assert_cmpint(cpu_scheduler_run_round(s), ==, 200);
    g_assert_cmpstr(log->str, ==, "1:100 2:100 ");

    /* A kick inside exec ends the round after that vCPU. */
    cpu_scheduler_wake(s, 0);
    f[1].kick_scheduler = true;
    g_string_truncate(log, 0);
    g_assert_cmpint(cpu_scheduler_run_round(s), ==, 110);
    g_assert_cmpstr(log->str, ==, "0:100 1:100 ");
    g_assert_cmpint(f[1].kicks, ==, 1);
    f[1].kick_scheduler = false;
    g_string_truncate(log, 0);
    cpu_scheduler_run_round(s);
    g_assert_cmpstr(log->str, ==, "2:100 0:100 1:100 ");
    g_assert_cmpint(cpu_scheduler_current(s), ==, -1);

    cpu_scheduler_set_running(s, false);
    g_assert_false(cpu_scheduler_any_runnable(s));
    cpu_scheduler_free(s);
    qemu_clocks_free(c);
    g_string_free(log, TRUE);
}

static void test_sched_icount_deadline(void)
{
    QEMUClocks *c = qemu_clocks_new();
    CPUScheduler *s = cpu_scheduler_new(c);
    GString *log = g_string_new("");
    FireLog flog = { c, g_string_new("") };
    LogTimer lt;
    FakeCPU f[2];

    g_assert_true(icount_configure(c, "0", false, &error_abort));
    fake_cpus(s, c, f, 2, log);
    cpu_scheduler_set_quantum(s, 100);
    cpu_scheduler_set_running(s, true);
    qemu_clocks_virtual_start(c);
    log_timer_init(&lt, &flog, "t");
    timer_mod_ns(lt.t, 250);
    g_assert_cmpint(cpu_scheduler_next_deadline(s), ==, 250);

    g_assert_cmpint(cpu_scheduler_run_round(s), ==, 200);
    g_assert_cmpint(cpu_scheduler_run_round(s), ==, 50);
    g_assert_cmpstr(log->str, ==, "0:100 1:100 0:50 ");
    g_assert_cmpint(qemu_clock_get_ns(c, QEMU_CLOCK_VIRTUAL), ==, 250);
    /* Deadline reached: no vCPU runs until the timer has fired. */
    g_assert_cmpint(cpu_scheduler_run_round(s), ==, 0);
    g_assert_true(qemu_clock_run_timers(c, QEMU_CLOCK_VIRTUAL));
    g_assert_cmpstr(flog.s->str, ==, "t@250 ");
    g_string_truncate(log, 0);
    g_assert_cmpint(cpu_scheduler_run_round(s), ==, 200);
    g_assert_cmpstr(log->str, ==, "1:100 0:100 ");
    g_assert_cmpint(icount_get(c), ==, 450);

    /* shift=2: a deadline 10 ns away allows 3 instructions (12 ns). */
    g_assert_true(icount_configure(c, "2", false, &error_abort));
    timer_mod_ns(lt.t, qemu_clock_get_ns(c, QEMU_CLOCK_VIRTUAL) + 10);
    g_string_truncate(log, 0);
    g_assert_cmpint(cpu_scheduler_run_round(s), ==, 3);
    g_assert_cmpstr(log->str, ==, "1:3 ");

    /* A timer armed inside exec, before the quantum's end, kicks it. */
    qemu_clock_run_timers(c, QEMU_CLOCK_VIRTUAL);
    f[0].arm = lt.t;
    g_string_truncate(log, 0);
    g_assert_cmpint(cpu_scheduler_run_round(s), ==, 10);
    g_assert_cmpint(f[0].kicks, ==, 1);
    g_assert_cmpstr(log->str, ==, "0:100 ");

    timer_free(lt.t);
    cpu_scheduler_free(s);
    qemu_clocks_free(c);
    g_string_free(log, TRUE);
    g_string_free(flog.s, TRUE);
}

/* ---- Main loop ---- */

typedef struct BHTest {
    MainLoop *ml;
    GString *log;
    QEMUBH *bh;
    int again;
} BHTest;

static void bh_cb(void *opaque)
{
    BHTest *b = opaque;

    g_string_append(b->log, "b ");
    if (b->again-- > 0) {
        qemu_bh_schedule(b->bh);
    }
}

static void oneshot_cb(void *opaque)
{
    BHTest *b = opaque;

    g_string_append(b->log, "o ");
    main_loop_request_exit(b->ml);
}

static void bh_self_delete_cb(void *opaque)
{
    BHTest *b = opaque;

    g_string_append(b->log, "d ");
    qemu_bh_delete(b->bh);
    b->bh = NULL;
}

static void test_bh_self_delete(void)
{
    QEMUClocks *c = qemu_clocks_new();
    MainLoop *ml = main_loop_new(c);
    BHTest b = { ml, g_string_new(""), NULL, 0 };

    b.bh = qemu_bh_new(ml, bh_self_delete_cb, &b);
    qemu_bh_schedule(b.bh);
    g_assert_true(main_loop_iterate(ml, false));
    g_assert_cmpstr(b.log->str, ==, "d ");
    g_assert_null(b.bh);
    main_loop_free(ml);
    qemu_clocks_free(c);
    g_string_free(b.log, TRUE);
}

static void test_bh(void)
{
    QEMUClocks *c = qemu_clocks_new();
    MainLoop *ml = main_loop_new(c);
    BHTest b = { ml, g_string_new(""), NULL, 1 };

    b.bh = qemu_bh_new(ml, bh_cb, &b);
    g_assert_false(main_loop_iterate(ml, false));
    qemu_bh_schedule(b.bh);
    qemu_bh_schedule(b.bh);             /* already scheduled: once */
    qemu_bh_schedule_oneshot(ml, oneshot_cb, &b);
    g_assert_true(main_loop_iterate(ml, true));
    /* The rescheduled BH waits for the next iteration. */
    g_assert_cmpstr(b.log->str, ==, "b o ");
    g_assert_true(main_loop_exit_requested(ml));
    main_loop_run(ml);                  /* returns at once, clears it */
    g_assert_false(main_loop_exit_requested(ml));
    g_assert_true(main_loop_iterate(ml, true));
    g_assert_cmpstr(b.log->str, ==, "b o b ");
    qemu_bh_schedule(b.bh);
    qemu_bh_cancel(b.bh);
    main_loop_iterate(ml, false);
    g_assert_cmpstr(b.log->str, ==, "b o b ");
    /* BHs may outlive the loop. */
    qemu_bh_schedule(b.bh);
    main_loop_free(ml);
    qemu_bh_schedule(b.bh);
    qemu_bh_delete(b.bh);
    qemu_clocks_free(c);
    g_string_free(b.log, TRUE);
}

static void exit_cb(void *opaque)
{
    main_loop_request_exit(opaque);
}

/* A realtime timer wakes a blocking loop at (not before) its deadline. */
static void test_loop_timer_wakeup(void)
{
    QEMUClocks *c = qemu_clocks_new();
    MainLoop *ml = main_loop_new(c);
    QEMUTimer *t = timer_new_ns(c, QEMU_CLOCK_REALTIME, exit_cb, ml);
    int64_t start = qemu_clock_get_ns(c, QEMU_CLOCK_REALTIME);

    timer_mod_ns(t, start + 2 * SCALE_MS);
    main_loop_run(ml);
    g_assert_cmpint(qemu_clock_get_ns(c, QEMU_CLOCK_REALTIME) - start, >=,
                    2 * SCALE_MS);
    g_assert_false(timer_pending(t));
    timer_free(t);
    main_loop_free(ml);
    qemu_clocks_free(c);
}

static gboolean fd_ready(gint fd, GIOCondition cond, void *opaque)
{
    char buf[8];

    *(int *)opaque += (int)read(fd, buf, sizeof(buf));
    return G_SOURCE_CONTINUE;
}

static void test_loop_fd(void)
{
    QEMUClocks *c = qemu_clocks_new();
    MainLoop *ml = main_loop_new(c);
    int fds[2];
    int got = 0;
    GSource *src;

    g_assert_true(g_unix_open_pipe(fds, FD_CLOEXEC, NULL));
    src = main_loop_add_fd(ml, fds[0], G_IO_IN, fd_ready, &got);
    g_assert_cmpint(write(fds[1], "abc", 3), ==, 3);
    while (!got) {
        main_loop_iterate(ml, true);
    }
    g_assert_cmpint(got, ==, 3);
    main_loop_remove_source(src);
    close(fds[0]);
    close(fds[1]);
    main_loop_free(ml);
    qemu_clocks_free(c);
}

/* icount sleep=off: idle vCPUs, a virtual timer 10 s away fires at once. */
static void test_loop_icount_idle(void)
{
    QEMUClocks *c = qemu_clocks_new();
    MainLoop *ml = main_loop_new(c);
    CPUScheduler *s = cpu_scheduler_new(c);
    GString *log = g_string_new("");
    QEMUTimer *t = timer_new_ns(c, QEMU_CLOCK_VIRTUAL, exit_cb, ml);
    FakeCPU f;
    int64_t start = qemu_clock_get_ns(c, QEMU_CLOCK_REALTIME);

    g_assert_true(icount_configure(c, "0", false, &error_abort));
    fake_cpus(s, c, &f, 1, log);
    f.halt_after = 500;
    main_loop_set_scheduler(ml, s);
    cpu_scheduler_set_running(s, true);
    qemu_clocks_virtual_start(c);
    timer_mod_ns(t, 10 * NANOSECONDS_PER_SECOND);
    main_loop_run(ml);
    g_assert_cmpint(qemu_clock_get_ns(c, QEMU_CLOCK_VIRTUAL), ==,
                    10 * NANOSECONDS_PER_SECOND);
    g_assert_cmpint(icount_get(c), ==, 500);
    g_assert_cmpint(qemu_clock_get_ns(c, QEMU_CLOCK_REALTIME) - start, <,
                    NANOSECONDS_PER_SECOND);
    timer_free(t);
    main_loop_free(ml);
    cpu_scheduler_free(s);
    qemu_clocks_free(c);
    g_string_free(log, TRUE);
}

typedef struct SigTest {
    int signo;
    pid_t sender;
} SigTest;

static void sig_cb(int signo, pid_t sender, void *opaque)
{
    SigTest *st = opaque;

    st->signo = signo;
    st->sender = sender;
}

static void test_signals(void)
{
    QEMUClocks *c = qemu_clocks_new();
    MainLoop *ml = main_loop_new(c);
    SigTest st = { 0, 0 };
    char *name;

    g_assert_true(main_loop_install_signal_handlers(ml, sig_cb, &st,
                                                    &error_abort));
    g_assert_cmpint(kill(getpid(), SIGTERM), ==, 0);
    while (!st.signo) {
        main_loop_iterate(ml, true);
    }
    g_assert_cmpint(st.signo, ==, SIGTERM);
    g_assert_cmpint(st.sender, ==, getpid());
    main_loop_free(ml);
    qemu_clocks_free(c);

    name = qemu_get_pid_name(getpid());
    g_assert_cmpstr(name, ==, "test-timer");
    g_free(name);
    g_assert_null(qemu_get_pid_name(-1));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/timer/order", test_timer_order);
    g_test_add_func("/timer/rearm", test_timer_rearm);
    g_test_add_func("/timer/delete-in-cb", test_timer_delete_in_cb);
    g_test_add_func("/timer/deadline", test_timer_deadline);
    g_test_add_func("/timer/manual-advance", test_manual_advance);
    g_test_add_func("/timer/outlives-clocks", test_timer_outlives_clocks);
    g_test_add_func("/clock/host-follow", test_host_follow);
    g_test_add_func("/clock/icount", test_icount);
    g_test_add_func("/clock/icount-warp", test_icount_warp);
    g_test_add_func("/sched/round-robin", test_sched_round_robin);
    g_test_add_func("/sched/icount-deadline", test_sched_icount_deadline);
    g_test_add_func("/loop/bh", test_bh);
    g_test_add_func("/loop/bh-self-delete", test_bh_self_delete);
    g_test_add_func("/loop/timer-wakeup", test_loop_timer_wakeup);
    g_test_add_func("/loop/fd", test_loop_fd);
    g_test_add_func("/loop/icount-idle", test_loop_icount_idle);
    g_test_add_func("/loop/signals", test_signals);
    return g_test_run();
}
