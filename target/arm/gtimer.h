/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Arm generic timer of one CPU: the system counter seen through
 * CNTPCT/CNTVCT, and its timers (EL1 physical and virtual, EL2 physical,
 * EL3 secure physical), each with CVAL, TVAL and CTL.
 *
 * Time is the machine's virtual clock in ns, passed in by the caller, so
 * this is plain arithmetic: the CPU's MRS/MSR handlers read and write
 * through it; after any write the caller re-evaluates the output levels
 * (the PPIs to the interrupt controller) and re-arms one host timer at
 * the earliest arm_gt_next_event_ns().  Counter frequency: CNTFRQ.
 */
#ifndef TARGET_ARM_GTIMER_H
#define TARGET_ARM_GTIMER_H

typedef enum ArmGTTimer {
    ARM_GT_PHYS,        /* CNTP_*  (EL1 physical, PPI 14 on virt) */
    ARM_GT_VIRT,        /* CNTV_*  (EL1 virtual, PPI 11) */
    ARM_GT_HYP,         /* CNTHP_* (EL2 physical, PPI 10) */
    ARM_GT_SEC,         /* CNTPS_* (EL3 secure physical, PPI 13) */
    ARM_GT_NUM,
} ArmGTTimer;

#define ARM_GT_CTL_ENABLE   1u
#define ARM_GT_CTL_IMASK    2u
#define ARM_GT_CTL_ISTATUS  4u

/* CNTKCTL_EL1 bits that gate EL0 accesses. */
#define ARM_CNTKCTL_EL0PCTEN    (1u << 0)
#define ARM_CNTKCTL_EL0VCTEN    (1u << 1)
#define ARM_CNTKCTL_EL0VTEN     (1u << 8)
#define ARM_CNTKCTL_EL0PTEN     (1u << 9)

/* 62.5 MHz, as QEMU's virt board uses for Armv8.0-era CPUs. */
#define ARM_GT_DEFAULT_FREQ 62500000ull

typedef struct ArmGTState {
    uint64_t freq;              /* CNTFRQ_EL0 */
    uint64_t cntvoff;           /* CNTVOFF_EL2 */
    uint32_t cntkctl;           /* CNTKCTL_EL1 */
    uint64_t cval[ARM_GT_NUM];
    uint32_t ctl[ARM_GT_NUM];   /* ENABLE and IMASK only */
} ArmGTState;

void arm_gt_reset(ArmGTState *s, uint64_t freq);

/* Physical count at @now_ns (CNTPCT_EL0). */
uint64_t arm_gt_cntpct(const ArmGTState *s, int64_t now_ns);
/* The count a timer compares against: virtual timers subtract CNTVOFF. */
uint64_t arm_gt_count(const ArmGTState *s, ArmGTTimer t, int64_t now_ns);

uint32_t arm_gt_ctl_read(const ArmGTState *s, ArmGTTimer t, int64_t now_ns);
void arm_gt_ctl_write(ArmGTState *s, ArmGTTimer t, uint64_t val);
/* TVAL: a signed 32-bit view of CVAL - count. */
uint64_t arm_gt_tval_read(const ArmGTState *s, ArmGTTimer t, int64_t now_ns);
void arm_gt_tval_write(ArmGTState *s, ArmGTTimer t, int64_t now_ns,
                       uint64_t val);

/* The timer's interrupt output: enabled, condition met, not masked. */
bool arm_gt_irq_level(const ArmGTState *s, ArmGTTimer t, int64_t now_ns);
/*
 * When the condition of an enabled timer that has not fired yet becomes
 * true, in ns of the virtual clock; -1 if never (disabled, already met,
 * or beyond the clock's range).
 */
int64_t arm_gt_next_event_ns(const ArmGTState *s, ArmGTTimer t,
                             int64_t now_ns);

/* May EL0 access the counter / this timer, per CNTKCTL_EL1? */
bool arm_gt_el0_counter_ok(const ArmGTState *s, bool virt);
bool arm_gt_el0_timer_ok(const ArmGTState *s, ArmGTTimer t);

#endif
