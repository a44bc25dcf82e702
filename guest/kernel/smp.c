/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SMP bring-up (the arch starts the CPUs) and cross-CPU function calls:
 * each CPU has a one-entry mailbox; the caller fills the target's
 * mailbox, sends VEC_CALL_FUNC and waits until the target clears it.
 * Callers are serialised by one lock and must run with interrupts on
 * (a caller waiting for the lock must still answer other callers).
 */
#include "smp.h"
#include "timer.h"

typedef struct Mailbox {
    SmpFunc fn;
    void *arg;
    volatile bool busy;
} Mailbox;

static Mailbox mailbox[MAX_CPUS];
static Spinlock call_lock;

static void call_func_irq(TrapFrame *tf, void *opaque)
{
    Cpu *c = this_cpu();
    Mailbox *m = &mailbox[c->id];

    c->ipis++;
    if (m->busy) {
        m->fn(m->arg);
        __atomic_store_n(&m->busy, false, __ATOMIC_RELEASE);
    }
}

void smp_ap_online(Cpu *c)
{
    __atomic_fetch_add(&nr_cpus, 1, __ATOMIC_ACQ_REL);
    WRITE_ONCE(c->online, true);
}

static void post(unsigned cpu, SmpFunc fn, void *arg)
{
    mailbox[cpu].fn = fn;
    mailbox[cpu].arg = arg;
    __atomic_store_n(&mailbox[cpu].busy, true, __ATOMIC_RELEASE);
    arch_send_ipi(cpu, VEC_CALL_FUNC);
}

static void wait_done(unsigned cpu)
{
    while (__atomic_load_n(&mailbox[cpu].busy, __ATOMIC_ACQUIRE)) {
        cpu_relax();
    }
}

void smp_call_function(SmpFunc fn, void *arg)
{
    unsigned self = this_cpu()->id;

    spin_lock(&call_lock);
    for (unsigned i = 0; i < MAX_CPUS; i++) {
        if (i != self && cpus[i].online) {
            post(i, fn, arg);
        }
    }
    for (unsigned i = 0; i < MAX_CPUS; i++) {
        if (i != self && cpus[i].online) {
            wait_done(i);
        }
    }
    spin_unlock(&call_lock);
}

void smp_call_function_single(unsigned cpu, SmpFunc fn, void *arg)
{
    if (cpu == this_cpu()->id) {
        bool on = irq_save();

        fn(arg);
        irq_restore(on);
        return;
    }
    spin_lock(&call_lock);
    post(cpu, fn, arg);
    wait_done(cpu);
    spin_unlock(&call_lock);
}

void on_each_cpu(SmpFunc fn, void *arg)
{
    bool on;

    smp_call_function(fn, arg);
    on = irq_save();
    fn(arg);
    irq_restore(on);
}

static void kick_irq(TrapFrame *tf, void *opaque)
{
    /* only wakes the idle loop */
}

bool smp_run_async(unsigned cpu, SmpFunc fn, void *arg)
{
    Cpu *c = &cpus[cpu];

    if (cpu >= MAX_CPUS || cpu == this_cpu()->id || !c->online ||
        c->work_busy) {
        return false;
    }
    c->work_fn = fn;
    c->work_arg = arg;
    __atomic_store_n(&c->work_busy, true, __ATOMIC_RELEASE);
    arch_send_ipi(cpu, VEC_KICK);
    return true;
}

void smp_wait_async(unsigned cpu)
{
    while (__atomic_load_n(&cpus[cpu].work_busy, __ATOMIC_ACQUIRE)) {
        cpu_relax();
    }
}

__noreturn void smp_idle(void)
{
    Cpu *c = this_cpu();

    for (;;) {
        irq_disable();
        if (__atomic_load_n(&c->work_busy, __ATOMIC_ACQUIRE)) {
            irq_enable();
            c->work_fn(c->work_arg);
            __atomic_store_n(&c->work_busy, false, __ATOMIC_RELEASE);
            continue;
        }
        safe_halt();
    }
}

void smp_boot(void)
{
    unsigned want = arch_cpu_count();

    cpus[0].online = true;
    irq_set_handler(VEC_CALL_FUNC, call_func_irq, NULL);
    irq_set_handler(VEC_KICK, kick_irq, NULL);
    if (want <= 1) {
        printf("smp: 1 CPU\n");
        return;
    }
    if (want > MAX_CPUS) {
        printf("smp: %u CPUs, using the first %u\n", want, MAX_CPUS);
        want = MAX_CPUS;
    }
    if (!arch_smp_start_aps(want)) {
        printf("smp: only %u of %u CPUs started\n", nr_cpus, want);
        return;
    }
    printf("smp: %u CPUs online, IDs", nr_cpus);
    for (unsigned i = 0; i < MAX_CPUS; i++) {
        if (cpus[i].online) {
            printf(" %u", cpus[i].hwid);
        }
    }
    printf("\n");
}
