/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PSCI 1.0 firmware calls as a function-level API (hw/arm/psci.c).  The
 * AArch64 system CPU decodes HVC/SMC #0 on the conduit the board chose
 * and calls arm_psci_call() with x0..x3; the result goes back in x0.
 * Power state changes reach the board through ARMPSCIOps.
 */
#ifndef HW_ARM_PSCI_H
#define HW_ARM_PSCI_H

/* Function IDs (SMC32 0x84xxxxxx; SMC64 0xC4xxxxxx) */
#define PSCI_0_2_FN_BASE            0x84000000u
#define PSCI_0_2_64BIT              0x40000000u
#define PSCI_VERSION                0x84000000u
#define PSCI_CPU_SUSPEND            0x84000001u
#define PSCI_CPU_OFF                0x84000002u
#define PSCI_CPU_ON                 0x84000003u
#define PSCI_AFFINITY_INFO          0x84000004u
#define PSCI_MIGRATE                0x84000005u
#define PSCI_MIGRATE_INFO_TYPE      0x84000006u
#define PSCI_MIGRATE_INFO_UP_CPU    0x84000007u
#define PSCI_SYSTEM_OFF             0x84000008u
#define PSCI_SYSTEM_RESET           0x84000009u
#define PSCI_FEATURES               0x8400000au

/* Return values */
#define PSCI_RET_SUCCESS            0
#define PSCI_RET_NOT_SUPPORTED      (-1)
#define PSCI_RET_INVALID_PARAMS     (-2)
#define PSCI_RET_DENIED             (-3)
#define PSCI_RET_ALREADY_ON         (-4)
#define PSCI_RET_ON_PENDING         (-5)
#define PSCI_RET_INTERNAL_FAILURE   (-6)

/* AFFINITY_INFO results */
#define PSCI_AFF_ON                 0
#define PSCI_AFF_OFF                1
#define PSCI_AFF_ON_PENDING         2

#define PSCI_VERSION_1_0            0x00010000

#define ARM_PSCI_MAX_CPUS           64

typedef enum ARMPSCIPower {
    ARM_PSCI_OFF,
    ARM_PSCI_ON_PENDING,
    ARM_PSCI_ON,
} ARMPSCIPower;

typedef struct ARMPSCIOps {
    /*
     * Start @cpu at @entry with x0 = @context_id (CPU_ON accepted).  The
     * board calls arm_psci_cpu_started() once the CPU runs.
     */
    void (*cpu_on)(void *opaque, unsigned cpu, uint64_t entry,
                   uint64_t context_id);
    /* @cpu powers itself down (CPU_OFF accepted): stop running it. */
    void (*cpu_off)(void *opaque, unsigned cpu);
    /* CPU_SUSPEND (standby only): wait for an interrupt like WFI. */
    void (*cpu_standby)(void *opaque, unsigned cpu);
    void (*system_off)(void *opaque);
    void (*system_reset)(void *opaque);
} ARMPSCIOps;

typedef struct ARMPSCIState {
    unsigned num_cpu;
    uint64_t mpidr[ARM_PSCI_MAX_CPUS];  /* affinity of each CPU */
    int power[ARM_PSCI_MAX_CPUS];       /* ARMPSCIPower, atomic */
    const ARMPSCIOps *ops;
    void *opaque;
} ARMPSCIState;

/*
 * Set up @s for @num_cpu CPUs whose affinities are @mpidr[] (Aff3..0 as
 * in MPIDR_EL1 bits 39:32, 23:0).  CPU 0 starts ON, the others OFF.
 */
void arm_psci_init(ARMPSCIState *s, unsigned num_cpu, const uint64_t *mpidr,
                   const ARMPSCIOps *ops, void *opaque);
/* Back to power-on state (system reset): CPU 0 ON, the others OFF. */
void arm_psci_reset(ARMPSCIState *s);
/*
 * The call made by CPU @caller with x0 = @fn and x1..x3 = @a1..@a3; the
 * result for x0.  SMC32 calls see their arguments truncated to 32 bits.
 * CPU_ON is atomic: of concurrent calls for one target exactly one gets
 * SUCCESS; the others get ON_PENDING (or ALREADY_ON once it runs).
 */
int64_t arm_psci_call(ARMPSCIState *s, unsigned caller, uint64_t fn,
                      uint64_t a1, uint64_t a2, uint64_t a3);
/* The board started @cpu after cpu_on: ON_PENDING becomes ON. */
void arm_psci_cpu_started(ARMPSCIState *s, unsigned cpu);
ARMPSCIPower arm_psci_power(ARMPSCIState *s, unsigned cpu);

#endif
