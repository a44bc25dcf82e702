/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PSCI with 8 CPUs (-smp 8): VERSION, FEATURES, AFFINITY_INFO of CPUs
 * on and off, CPU_ON with a bad MPIDR, the CPU_ON race (CPUs 0-6 call
 * CPU_ON for CPU 7 at the same moment: exactly one SUCCESS, the others
 * ALREADY_ON or ON_PENDING, and CPU 7 starts once with its context id),
 * CPU_OFF seen through AFFINITY_INFO, and CPU_ON of a CPU that turned
 * itself off.
 */

#define NCPUS       8
#define TARGET      7
#define AFF_ON      0
#define AFF_OFF     1

static volatile int arrived, done, go;
static volatile int64_t result[NCPUS];
static volatile int target_runs, target_arg;
static volatile int target_index;
static volatile bool target_stop;

static void wake(void)
{
    dsb(sy);
    __asm__ volatile("sev");
}

static void wait_ge(volatile int *v, int want)
{
    while (*v < want) {
        __asm__ volatile("wfe");
    }
}

static int64_t affinity(int cpu)
{
    return psci_call(PSCI_AFFINITY_INFO, cpu_mpidr(cpu), 0, 0);
}

static void wait_off(int cpu)
{
    while (affinity(cpu) != AFF_OFF) {
        __asm__ volatile("yield");
    }
}

static void target(int idx)
{
    target_arg = idx;
    target_index = cpu_index();
    __atomic_fetch_add(&target_runs, 1, __ATOMIC_SEQ_CST);
    wake();
    while (!target_stop) {
        __asm__ volatile("wfe");
    }
    target_stop = false;
}

static void racer(int idx)
{
    __atomic_fetch_add(&arrived, 1, __ATOMIC_SEQ_CST);
    wake();
    while (!go) {
        __asm__ volatile("wfe");
    }
    result[idx] = cpu_on(TARGET, target);
    __atomic_fetch_add(&done, 1, __ATOMIC_SEQ_CST);
    wake();
}

static void check_race(void)
{
    int wins = 0, losers = 0;

    for (int c = 1; c < TARGET; c++) {
        check_eq(cpu_on(c, racer), PSCI_SUCCESS, "CPU_ON CPU %d", c);
    }
    wait_ge(&arrived, TARGET - 1);
    go = 1;
    wake();
    result[0] = cpu_on(TARGET, target);
    wait_ge(&done, TARGET - 1);
    for (int c = 0; c < TARGET; c++) {
        if (result[c] == PSCI_SUCCESS) {
            wins++;
        } else if (result[c] == PSCI_ALREADY_ON ||
                   result[c] == PSCI_ON_PENDING) {
            losers++;
        } else {
            rt_printf("# CPU %d: CPU_ON returned %ld\n", c,
                      (int64_t)result[c]);
        }
    }
    check_eq(wins, 1, "CPU_ON race: exactly one SUCCESS");
    check_eq(losers, TARGET - 1, "CPU_ON race: the others ALREADY_ON or "
             "ON_PENDING");
    wait_ge(&target_runs, 1);
    check_eq(target_arg, TARGET, "CPU %d entered with x0 = context id",
             TARGET);
    check_eq(target_index, TARGET, "CPU %d: MPIDR_EL1 affinity", TARGET);
    check_eq(affinity(TARGET), AFF_ON, "AFFINITY_INFO CPU %d: ON", TARGET);
    for (int c = 1; c < TARGET; c++) {
        wait_off(c);
    }
    ok(true, "racers returned and are OFF (CPU_OFF)");
    check_eq(target_runs, 1, "CPU %d started exactly once", TARGET);
}

void test_main(void)
{
    int64_t v;

    rt_mmu_on();
    v = psci_call(PSCI_VERSION, 0, 0, 0);
    ok((v >> 16) == 1, "PSCI_VERSION: 1.%ld", v & 0xffff);
    check_eq(psci_call(PSCI_FEATURES, PSCI_CPU_ON, 0, 0), 0,
             "PSCI_FEATURES(CPU_ON): supported");
    check_eq(psci_call(PSCI_FEATURES, 0x8400ffff, 0, 0),
             (uint64_t)PSCI_NOT_SUPPORTED, "PSCI_FEATURES(unknown)");
    check_eq(affinity(0), AFF_ON, "AFFINITY_INFO self: ON");
    for (int c = 1; c < NCPUS; c++) {
        check_eq(affinity(c), AFF_OFF, "AFFINITY_INFO CPU %d: OFF", c);
    }
    check_eq(psci_call(PSCI_CPU_ON, 0xff, (uint64_t)rt_secondary_entry, 0),
             (uint64_t)PSCI_INVALID_PARAMS, "CPU_ON of no such MPIDR");
    check_eq(cpu_on(0, target), (uint64_t)PSCI_ALREADY_ON,
             "CPU_ON of self: ALREADY_ON");

    check_race();

    target_stop = true;
    wake();
    wait_off(TARGET);
    ok(true, "CPU %d called CPU_OFF: AFFINITY_INFO OFF", TARGET);
    check_eq(cpu_on(TARGET, target), PSCI_SUCCESS,
             "CPU_ON CPU %d again", TARGET);
    wait_ge(&target_runs, 2);
    check_eq(cpu_on(TARGET, target), (uint64_t)PSCI_ALREADY_ON,
             "CPU_ON of a running CPU: ALREADY_ON");
    target_stop = true;
    wake();
    wait_off(TARGET);
    ok(true, "CPU %d off again", TARGET);
}
