/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vCPU scheduler: round-robin over the machine's vCPUs in the main-loop
 * thread, one quantum each, with icount accounting.  See system/cpus.h.
 */
#include "qemu/osdep.h"
#include "system/cpus.h"

typedef struct VCPUSlot {
    void *cpu;
    const VCPUOps *ops;
    bool halted;
} VCPUSlot;

struct CPUScheduler {
    QEMUClocks *clocks;
    GArray *vcpus;              /* of VCPUSlot */
    int64_t quantum;
    bool running;
    int cursor;                 /* next vCPU a round starts with */
    int current;                /* vCPU inside exec(), -1 if none */
    bool round_abort;           /* kicked: end the round after exec() */
    int64_t quantum_deadline;   /* ICOUNT: deadline bounding this exec */
};

static VCPUSlot *slot_get(CPUScheduler *s, int idx)
{
    g_assert(idx >= 0 && idx < (int)s->vcpus->len);
    return &g_array_index(s->vcpus, VCPUSlot, idx);
}

static void slot_kick(VCPUSlot *slot)
{
    if (slot->ops->kick) {
        slot->ops->kick(slot->cpu);
    }
}

static bool icount_mode(CPUScheduler *s)
{
    return qemu_clocks_get_virtual_mode(s->clocks) == VIRTUAL_CLOCK_ICOUNT;
}

/*
 * A virtual timer was armed earlier than any before: if it falls inside
 * the icount quantum now executing, cut that quantum short.
 */
static void scheduler_deadline_changed(void *opaque)
{
    CPUScheduler *s = opaque;
    int64_t next;

    if (s->current < 0 || !icount_mode(s)) {
        return;
    }
    next = qemu_clock_next_expire_ns(s->clocks, QEMU_CLOCK_VIRTUAL);
    if (s->quantum_deadline < 0 || next < s->quantum_deadline) {
        slot_kick(slot_get(s, s->current));
    }
}

CPUScheduler *cpu_scheduler_new(QEMUClocks *clocks)
{
    CPUScheduler *s = g_new0(CPUScheduler, 1);

    s->clocks = clocks;
    s->vcpus = g_array_new(FALSE, TRUE, sizeof(VCPUSlot));
    s->quantum = CPU_SCHEDULER_DEFAULT_QUANTUM;
    s->current = -1;
    s->quantum_deadline = -1;
    qemu_clocks_set_deadline_notify(clocks, scheduler_deadline_changed, s);
    return s;
}

/* Free the scheduler before the clocks it was created with. */
void cpu_scheduler_free(CPUScheduler *s)
{
    if (!s) {
        return;
    }
    g_assert(s->current < 0);
    qemu_clocks_set_deadline_notify(s->clocks, NULL, NULL);
    g_array_free(s->vcpus, TRUE);
    g_free(s);
}

int cpu_scheduler_add(CPUScheduler *s, void *cpu, const VCPUOps *ops)
{
    VCPUSlot slot = { .cpu = cpu, .ops = ops, .halted = false };

    g_assert(ops && ops->exec);
    g_array_append_val(s->vcpus, slot);
    return (int)s->vcpus->len - 1;
}

int cpu_scheduler_count(CPUScheduler *s)
{
    return (int)s->vcpus->len;
}

void *cpu_scheduler_get_cpu(CPUScheduler *s, int idx)
{
    return slot_get(s, idx)->cpu;
}

void cpu_scheduler_set_quantum(CPUScheduler *s, int64_t insns)
{
    g_assert(insns > 0);
    s->quantum = insns;
}

void cpu_scheduler_set_running(CPUScheduler *s, bool running)
{
    s->running = running;
    if (!running) {
        cpu_scheduler_kick(s);
    }
}

bool cpu_scheduler_is_running(CPUScheduler *s)
{
    return s->running;
}

void cpu_scheduler_halt(CPUScheduler *s, int idx)
{
    slot_get(s, idx)->halted = true;
}

void cpu_scheduler_wake(CPUScheduler *s, int idx)
{
    slot_get(s, idx)->halted = false;
}

bool cpu_scheduler_is_halted(CPUScheduler *s, int idx)
{
    return slot_get(s, idx)->halted;
}

void cpu_scheduler_kick(CPUScheduler *s)
{
    if (s->current >= 0) {
        s->round_abort = true;
        slot_kick(slot_get(s, s->current));
    }
}

int cpu_scheduler_current(CPUScheduler *s)
{
    return s->current;
}

/* Not halted, or halted with work pending (which wakes it). */
static bool slot_runnable(VCPUSlot *slot)
{
    if (slot->halted && slot->ops->has_work &&
        slot->ops->has_work(slot->cpu)) {
        slot->halted = false;
    }
    return !slot->halted;
}

bool cpu_scheduler_any_runnable(CPUScheduler *s)
{
    if (!s->running) {
        return false;
    }
    for (guint i = 0; i < s->vcpus->len; i++) {
        if (slot_runnable(&g_array_index(s->vcpus, VCPUSlot, i))) {
            return true;
        }
    }
    return false;
}

int64_t cpu_scheduler_next_deadline(CPUScheduler *s)
{
    if (!icount_mode(s)) {
        return -1;
    }
    return qemu_clock_next_expire_ns(s->clocks, QEMU_CLOCK_VIRTUAL);
}

/* Run vCPU @idx for one quantum; -1 if a virtual deadline is due first. */
static int64_t scheduler_exec(CPUScheduler *s, int idx)
{
    VCPUSlot *slot = slot_get(s, idx);
    int64_t budget = s->quantum;
    int64_t ran;

    s->quantum_deadline = cpu_scheduler_next_deadline(s);
    if (icount_mode(s)) {
        budget = MIN(budget,
                     icount_insns_until(s->clocks, s->quantum_deadline));
        if (budget == 0) {
            return -1;
        }
    }
    s->current = idx;
    ran = slot->ops->exec(slot->cpu, budget);
    s->current = -1;
    g_assert(ran >= 0 && ran <= budget);
    if (icount_mode(s)) {
        icount_add(s->clocks, ran);
    }
    return ran;
}

int64_t cpu_scheduler_run_round(CPUScheduler *s)
{
    int n = (int)s->vcpus->len;
    int64_t total = 0;

    s->round_abort = false;
    for (int k = 0; k < n && s->running && !s->round_abort; k++) {
        int idx = s->cursor;
        int64_t ran;

        if (!slot_runnable(slot_get(s, idx))) {
            s->cursor = (idx + 1) % n;
            continue;
        }
        ran = scheduler_exec(s, idx);
        if (ran < 0) {
            break;      /* timers first; this vCPU goes next */
        }
        s->cursor = (idx + 1) % n;
        total += ran;
    }
    return total;
}
