/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The PSCI 1.0 function API (hw/arm/psci.c): version and features, the
 * CPU_ON / CPU_OFF / AFFINITY_INFO state machine with its atomicity rule
 * (one winner per target), SMC32 argument truncation, CPU_SUSPEND checks
 * and the system calls reaching the board's hooks.
 */
#include "qemu/osdep.h"
#include "hw/arm/psci.h"

#define NCPU 8
#define SMC64(fn) ((fn) | PSCI_0_2_64BIT)

typedef struct Board {
    int on_calls[NCPU];
    uint64_t entry[NCPU], context[NCPU];
    int off_calls[NCPU], standby_calls[NCPU];
    int system_off, system_reset;
} Board;

static void b_cpu_on(void *opaque, unsigned cpu, uint64_t entry,
                     uint64_t context_id)
{
    Board *b = opaque;

    b->on_calls[cpu]++;
    b->entry[cpu] = entry;
    b->context[cpu] = context_id;
}

static void b_cpu_off(void *opaque, unsigned cpu)
{
    ((Board *)opaque)->off_calls[cpu]++;
}

static void b_standby(void *opaque, unsigned cpu)
{
    ((Board *)opaque)->standby_calls[cpu]++;
}

static void b_system_off(void *opaque)
{
    ((Board *)opaque)->system_off++;
}

static void b_system_reset(void *opaque)
{
    ((Board *)opaque)->system_reset++;
}

static const ARMPSCIOps board_ops = {
    .cpu_on = b_cpu_on,
    .cpu_off = b_cpu_off,
    .cpu_standby = b_standby,
    .system_off = b_system_off,
    .system_reset = b_system_reset,
};

/* virt's numbering: Aff1 = i / 8 (0 here), Aff0 = i */
static void setup(ARMPSCIState *s, Board *b)
{
    uint64_t mpidr[NCPU];

    for (int i = 0; i < NCPU; i++) {
        mpidr[i] = i | (1ull << 31);    /* MPIDR's RES1 bit is ignored */
    }
    memset(b, 0, sizeof(*b));
    arm_psci_init(s, NCPU, mpidr, &board_ops, b);
}

static void test_version_features(void)
{
    ARMPSCIState s;
    Board b;

    setup(&s, &b);
    g_assert_cmpint(arm_psci_call(&s, 0, PSCI_VERSION, 0, 0, 0), ==,
                    0x10000);
    g_assert_cmpint(arm_psci_call(&s, 0, PSCI_FEATURES, PSCI_CPU_ON, 0, 0),
                    ==, 0);
    g_assert_cmpint(arm_psci_call(&s, 0, PSCI_FEATURES,
                                  SMC64(PSCI_CPU_ON), 0, 0), ==, 0);
    g_assert_cmpint(arm_psci_call(&s, 0, PSCI_FEATURES, PSCI_SYSTEM_RESET,
                                  0, 0), ==, 0);
    g_assert_cmpint(arm_psci_call(&s, 0, PSCI_FEATURES, PSCI_MIGRATE, 0,
                                  0), ==, PSCI_RET_NOT_SUPPORTED);
    g_assert_cmpint(arm_psci_call(&s, 0, PSCI_FEATURES, 0x84000012, 0, 0),
                    ==, PSCI_RET_NOT_SUPPORTED);
    g_assert_cmpint(arm_psci_call(&s, 0, 0x84000012, 0, 0, 0), ==,
                    PSCI_RET_NOT_SUPPORTED);
    g_assert_cmpint(arm_psci_call(&s, 0, PSCI_MIGRATE_INFO_TYPE, 0, 0, 0),
                    ==, 2);
    /* 64-bit IDs exist only for some functions */
    g_assert_cmpint(arm_psci_call(&s, 0, SMC64(PSCI_VERSION), 0, 0, 0), ==,
                    PSCI_RET_NOT_SUPPORTED);
}

static void test_cpu_on_state_machine(void)
{
    ARMPSCIState s;
    Board b;

    setup(&s, &b);
    g_assert_cmpint(arm_psci_call(&s, 0, SMC64(PSCI_AFFINITY_INFO), 0, 0,
                                  0), ==, PSCI_AFF_ON);
    g_assert_cmpint(arm_psci_call(&s, 0, SMC64(PSCI_AFFINITY_INFO), 3, 0,
                                  0), ==, PSCI_AFF_OFF);
    g_assert_cmpint(arm_psci_call(&s, 0, SMC64(PSCI_CPU_ON), 3,
                                  0x40080000ull, 0x1234), ==, 0);
    g_assert_cmpint(b.on_calls[3], ==, 1);
    g_assert_cmphex(b.entry[3], ==, 0x40080000ull);
    g_assert_cmphex(b.context[3], ==, 0x1234);
    g_assert_cmpint(arm_psci_call(&s, 0, SMC64(PSCI_AFFINITY_INFO), 3, 0,
                                  0), ==, PSCI_AFF_ON_PENDING);
    /* a second caller loses while the first start is pending */
    g_assert_cmpint(arm_psci_call(&s, 1, SMC64(PSCI_CPU_ON), 3, 0, 0), ==,
                    PSCI_RET_ON_PENDING);
    g_assert_cmpint(b.on_calls[3], ==, 1);
    arm_psci_cpu_started(&s, 3);
    g_assert_cmpint(arm_psci_call(&s, 1, SMC64(PSCI_CPU_ON), 3, 0, 0), ==,
                    PSCI_RET_ALREADY_ON);
    g_assert_cmpint(arm_psci_call(&s, 0, SMC64(PSCI_AFFINITY_INFO), 3, 0,
                                  0), ==, PSCI_AFF_ON);
    /* CPU_OFF by CPU 3 itself; then it can be started again */
    g_assert_cmpint(arm_psci_call(&s, 3, PSCI_CPU_OFF, 0, 0, 0), ==, 0);
    g_assert_cmpint(b.off_calls[3], ==, 1);
    g_assert_cmpint(arm_psci_power(&s, 3), ==, ARM_PSCI_OFF);
    g_assert_cmpint(arm_psci_call(&s, 0, SMC64(PSCI_CPU_ON), 3, 0, 0), ==,
                    0);
    g_assert_cmpint(b.on_calls[3], ==, 2);
    /* bad targets and levels */
    g_assert_cmpint(arm_psci_call(&s, 0, SMC64(PSCI_CPU_ON), 8, 0, 0), ==,
                    PSCI_RET_INVALID_PARAMS);
    g_assert_cmpint(arm_psci_call(&s, 0, SMC64(PSCI_CPU_ON), 0x100, 0, 0),
                    ==, PSCI_RET_INVALID_PARAMS);
    g_assert_cmpint(arm_psci_call(&s, 0, SMC64(PSCI_AFFINITY_INFO), 3, 1,
                                  0), ==, PSCI_RET_INVALID_PARAMS);
    /* reset: CPU 0 on, the rest off */
    arm_psci_reset(&s);
    g_assert_cmpint(arm_psci_power(&s, 3), ==, ARM_PSCI_OFF);
    g_assert_cmpint(arm_psci_power(&s, 0), ==, ARM_PSCI_ON);
}

/* Seven CPUs race to start CPU 7 from threads: exactly one wins. */
typedef struct Race {
    ARMPSCIState *s;
    unsigned caller;
    int64_t ret;
} Race;

static gpointer race_thread(gpointer opaque)
{
    Race *r = opaque;

    r->ret = arm_psci_call(r->s, r->caller, SMC64(PSCI_CPU_ON), 7, 0x1000,
                           r->caller);
    return NULL;
}

static void test_cpu_on_race(void)
{
    for (int round = 0; round < 50; round++) {
        ARMPSCIState s;
        Board b;
        Race r[7];
        GThread *t[7];
        int wins = 0;

        setup(&s, &b);
        for (int i = 0; i < 7; i++) {
            r[i] = (Race) { &s, i, 99 };
            t[i] = g_thread_new("psci", race_thread, &r[i]);
        }
        for (int i = 0; i < 7; i++) {
            g_thread_join(t[i]);
            if (r[i].ret == PSCI_RET_SUCCESS) {
                wins++;
            } else {
                g_assert_cmpint(r[i].ret, ==, PSCI_RET_ON_PENDING);
            }
        }
        g_assert_cmpint(wins, ==, 1);
        g_assert_cmpint(b.on_calls[7], ==, 1);
    }
}

static void test_smc32_suspend_system(void)
{
    ARMPSCIState s;
    Board b;

    setup(&s, &b);
    /* SMC32 CPU_ON: upper halves of the arguments are ignored */
    g_assert_cmpint(arm_psci_call(&s, 0, PSCI_CPU_ON, 0xffffffff00000002ull,
                                  0xaaaaaaaa80000000ull, 0x100000005ull), ==,
                    0);
    g_assert_cmphex(b.entry[2], ==, 0x80000000ull);
    g_assert_cmphex(b.context[2], ==, 5);
    /* CPU_SUSPEND: standby only; StateType powerdown and levels refused */
    g_assert_cmpint(arm_psci_call(&s, 1, SMC64(PSCI_CPU_SUSPEND), 0, 0, 0),
                    ==, 0);
    g_assert_cmpint(b.standby_calls[1], ==, 1);
    g_assert_cmpint(arm_psci_call(&s, 1, SMC64(PSCI_CPU_SUSPEND), 1 << 17,
                                  0, 0), ==, PSCI_RET_INVALID_PARAMS);
    g_assert_cmpint(b.standby_calls[1], ==, 1);
    arm_psci_call(&s, 0, PSCI_SYSTEM_OFF, 0, 0, 0);
    arm_psci_call(&s, 0, PSCI_SYSTEM_RESET, 0, 0, 0);
    g_assert_cmpint(b.system_off, ==, 1);
    g_assert_cmpint(b.system_reset, ==, 1);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/arm-psci/version-features", test_version_features);
    g_test_add_func("/arm-psci/cpu-on-state", test_cpu_on_state_machine);
    g_test_add_func("/arm-psci/cpu-on-race", test_cpu_on_race);
    g_test_add_func("/arm-psci/smc32-suspend-system",
                    test_smc32_suspend_system);
    return g_test_run();
}
