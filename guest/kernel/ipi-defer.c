/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IPI deferral for isolated CPUs; see ipi-defer.h for the protocol. */
#include "ipi-defer.h"
#include "mm.h"

DeferStats defer_stats[MAX_CPUS];
bool ipi_defer_on = true;

static volatile uint32_t patch_version;
static volatile bool probe_stop;
static Spinlock patch_lock;

static void run_work(int type)
{
    if (type == DEFER_SYNC_CORE) {
        arch_sync_core();
    } else {
        arch_flush_tlb_all();
    }
}

void ct_kernel_enter(Cpu *c)
{
    uint64_t old = __atomic_exchange_n(&c->ct_state, 0, __ATOMIC_ACQ_REL);

    for (int t = 0; t < NR_DEFER; t++) {
        if (old & CT_WORK(t)) {
            run_work(t);
            defer_stats[c->id].flushed[t]++;
        }
    }
}

/* "2-3,5" -> CPUs 2, 3 and 5 isolated. */
static void parse_cpu_list(const char *s)
{
    while (*s) {
        uint64_t a = strtoull(s, &s, 10), b = a;

        if (*s == '-') {
            b = strtoull(s + 1, &s, 10);
        }
        for (uint64_t i = a; i <= b && i < MAX_CPUS; i++) {
            cpus[i].isolated = i != 0;  /* CPU 0 keeps housekeeping */
        }
        if (*s != ',') {
            break;
        }
        s++;
    }
}

void ipi_defer_init(void)
{
    char v[64];

    if (cmdline_get("isolcpus", v, sizeof(v)) ||
        cmdline_get("nohz_full", v, sizeof(v))) {
        parse_cpu_list(v);
    }
    if (cmdline_get("ipi_defer", v, sizeof(v))) {
        ipi_defer_on = !strcmp(v, "on");
    }
}

/* Set @type's bit if @c is in user mode; false if it is not. */
static bool try_defer(Cpu *c, int type)
{
    uint64_t old = __atomic_load_n(&c->ct_state, __ATOMIC_ACQUIRE);

    while (old & CT_USER) {
        if (__atomic_compare_exchange_n(&c->ct_state, &old,
                                        old | CT_WORK(type), false,
                                        __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE)) {
            return true;
        }
    }
    return false;
}

static void work_ipi(void *arg)
{
    int type = (int)(uintptr_t)arg;

    run_work(type);
    defer_stats[this_cpu()->id].ipis[type]++;
}

void on_each_cpu_deferrable(int type)
{
    unsigned self = this_cpu()->id;

    run_work(type);
    for (unsigned i = 0; i < MAX_CPUS; i++) {
        Cpu *c = &cpus[i];

        if (i == self || !c->online) {
            continue;
        }
        if (ipi_defer_on && c->isolated && try_defer(c, type)) {
            defer_stats[i].deferred[type]++;
            continue;
        }
        smp_call_function_single(i, work_ipi, (void *)(uintptr_t)type);
    }
}

void text_patch(uint32_t v)
{
    spin_lock(&patch_lock);
    arch_patch_site_write(v);
    __atomic_store_n(&patch_version, v, __ATOMIC_RELEASE);
    spin_unlock(&patch_lock);
    on_each_cpu_deferrable(DEFER_SYNC_CORE);
}

void kernel_range_flush(uint64_t va, uint64_t pa)
{
    vm_map(va, pa, PAGE_SIZE, VM_WRITE);
    on_each_cpu_deferrable(DEFER_TLB_FLUSH);
}

uint64_t ipi_defer_probe(void)
{
    DeferStats *st = &defer_stats[this_cpu()->id];
    uint32_t want = __atomic_load_n(&patch_version, __ATOMIC_ACQUIRE);

    st->probes++;
    if (patch_site() < want) {
        st->stale++;
    }
    return READ_ONCE(probe_stop);
}

void ipi_defer_set_stop(bool stop)
{
    WRITE_ONCE(probe_stop, stop);
}
