/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PSCI 1.0 (Arm DEN 0022) firmware calls for boards without EL3 firmware:
 * the power state machine of every CPU and the function decoding.  See
 * include/hw/arm/psci.h for the interface.
 *
 * Implemented: PSCI_VERSION (1.0), PSCI_FEATURES, CPU_SUSPEND (standby
 * only: the CPU waits for an interrupt; power_state bits 31:17 set ->
 * INVALID_PARAMETERS, as on QEMU), CPU_OFF, CPU_ON, AFFINITY_INFO (level
 * 0 only), MIGRATE_INFO_TYPE (2: no Trusted OS), SYSTEM_OFF,
 * SYSTEM_RESET; everything else returns NOT_SUPPORTED.  Each CPU is OFF,
 * ON_PENDING (CPU_ON accepted, not running yet) or ON.
 */
#include "qemu/osdep.h"
#include "hw/arm/psci.h"
#include "qemu/log.h"

#define PSCI_AFF_MASK 0xff00ffffffull

void arm_psci_reset(ARMPSCIState *s)
{
    for (unsigned i = 0; i < s->num_cpu; i++) {
        g_atomic_int_set(&s->power[i], i == 0 ? ARM_PSCI_ON : ARM_PSCI_OFF);
    }
}

void arm_psci_init(ARMPSCIState *s, unsigned num_cpu, const uint64_t *mpidr,
                   const ARMPSCIOps *ops, void *opaque)
{
    g_assert(num_cpu >= 1 && num_cpu <= ARM_PSCI_MAX_CPUS);
    memset(s, 0, sizeof(*s));
    s->num_cpu = num_cpu;
    for (unsigned i = 0; i < num_cpu; i++) {
        s->mpidr[i] = mpidr[i] & PSCI_AFF_MASK;
    }
    s->ops = ops;
    s->opaque = opaque;
    arm_psci_reset(s);
}

ARMPSCIPower arm_psci_power(ARMPSCIState *s, unsigned cpu)
{
    g_assert(cpu < s->num_cpu);
    return g_atomic_int_get(&s->power[cpu]);
}

void arm_psci_cpu_started(ARMPSCIState *s, unsigned cpu)
{
    g_assert(cpu < s->num_cpu);
    g_atomic_int_compare_and_exchange(&s->power[cpu], ARM_PSCI_ON_PENDING,
                                      ARM_PSCI_ON);
}

static int arm_psci_find(ARMPSCIState *s, uint64_t mpidr)
{
    for (unsigned i = 0; i < s->num_cpu; i++) {
        if (s->mpidr[i] == (mpidr & PSCI_AFF_MASK)) {
            return i;
        }
    }
    return -1;
}

static int64_t arm_psci_cpu_on(ARMPSCIState *s, uint64_t target,
                               uint64_t entry, uint64_t context_id)
{
    int cpu = arm_psci_find(s, target);

    if (cpu < 0) {
        return PSCI_RET_INVALID_PARAMS;
    }
    /* Exactly one caller moves the target from OFF to ON_PENDING. */
    if (!g_atomic_int_compare_and_exchange(&s->power[cpu], ARM_PSCI_OFF,
                                           ARM_PSCI_ON_PENDING)) {
        return g_atomic_int_get(&s->power[cpu]) == ARM_PSCI_ON ?
               PSCI_RET_ALREADY_ON : PSCI_RET_ON_PENDING;
    }
    if (s->ops && s->ops->cpu_on) {
        s->ops->cpu_on(s->opaque, cpu, entry, context_id);
    }
    return PSCI_RET_SUCCESS;
}

static int64_t arm_psci_affinity_info(ARMPSCIState *s, uint64_t target,
                                      uint64_t level)
{
    int cpu = arm_psci_find(s, target);

    if (level != 0 || cpu < 0) {
        return PSCI_RET_INVALID_PARAMS;
    }
    switch (g_atomic_int_get(&s->power[cpu])) {
    case ARM_PSCI_ON:
        return PSCI_AFF_ON;
    case ARM_PSCI_ON_PENDING:
        return PSCI_AFF_ON_PENDING;
    default:
        return PSCI_AFF_OFF;
    }
}

static int64_t arm_psci_cpu_off(ARMPSCIState *s, unsigned caller)
{
    g_atomic_int_set(&s->power[caller], ARM_PSCI_OFF);
    if (s->ops && s->ops->cpu_off) {
        s->ops->cpu_off(s->opaque, caller);
    }
    return PSCI_RET_SUCCESS;
}

static int64_t arm_psci_cpu_suspend(ARMPSCIState *s, unsigned caller,
                                    uint64_t power_state)
{
    if (power_state & 0xfffe0000u) {
        return PSCI_RET_INVALID_PARAMS;
    }
    if (s->ops && s->ops->cpu_standby) {
        s->ops->cpu_standby(s->opaque, caller);
    }
    return PSCI_RET_SUCCESS;
}

/* The function as its SMC32 ID (both conventions share the numbers). */
static uint32_t arm_psci_fn32(uint64_t fn)
{
    static const uint32_t has64[] = {
        PSCI_CPU_SUSPEND, PSCI_CPU_ON, PSCI_AFFINITY_INFO, PSCI_MIGRATE,
        PSCI_MIGRATE_INFO_UP_CPU,
    };
    uint32_t f = fn;

    if (fn >> 32) {
        return 0;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(has64); i++) {
        if (f == (has64[i] | PSCI_0_2_64BIT)) {
            return has64[i];
        }
    }
    return f;
}

static int64_t arm_psci_features(uint64_t fid)
{
    switch (arm_psci_fn32(fid)) {
    case PSCI_VERSION:
    case PSCI_CPU_SUSPEND:
    case PSCI_CPU_OFF:
    case PSCI_CPU_ON:
    case PSCI_AFFINITY_INFO:
    case PSCI_MIGRATE_INFO_TYPE:
    case PSCI_SYSTEM_OFF:
    case PSCI_SYSTEM_RESET:
    case PSCI_FEATURES:
        return PSCI_RET_SUCCESS;
    default:
        return PSCI_RET_NOT_SUPPORTED;
    }
}

int64_t arm_psci_call(ARMPSCIState *s, unsigned caller, uint64_t fn,
                      uint64_t a1, uint64_t a2, uint64_t a3)
{
    uint32_t f = arm_psci_fn32(fn);

    g_assert(caller < s->num_cpu);
    if (f == fn) {              /* SMC32: 32-bit arguments */
        a1 = (uint32_t)a1;
        a2 = (uint32_t)a2;
        a3 = (uint32_t)a3;
    }
    switch (f) {
    case PSCI_VERSION:
        return PSCI_VERSION_1_0;
    case PSCI_FEATURES:
        return arm_psci_features(a1);
    case PSCI_CPU_SUSPEND:
        return arm_psci_cpu_suspend(s, caller, a1);
    case PSCI_CPU_OFF:
        return arm_psci_cpu_off(s, caller);
    case PSCI_CPU_ON:
        return arm_psci_cpu_on(s, a1, a2, a3);
    case PSCI_AFFINITY_INFO:
        return arm_psci_affinity_info(s, a1, a2);
    case PSCI_MIGRATE_INFO_TYPE:
        return 2;
    case PSCI_SYSTEM_OFF:
        if (s->ops && s->ops->system_off) {
            s->ops->system_off(s->opaque);
        }
        return PSCI_RET_SUCCESS;
    case PSCI_SYSTEM_RESET:
        if (s->ops && s->ops->system_reset) {
            s->ops->system_reset(s->opaque);
        }
        return PSCI_RET_SUCCESS;
    default:
        qemu_log_mask(LOG_UNIMP, "psci: function 0x%" PRIx64 " is not "
                      "supported\n", fn);
        return PSCI_RET_NOT_SUPPORTED;
    }
}
