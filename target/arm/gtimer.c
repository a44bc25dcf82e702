/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Arm generic timer (gtimer.h has the model). */
#include "qemu/osdep.h"
#include "gtimer.h"

#define NS_PER_SEC 1000000000ull

void arm_gt_reset(ArmGTState *s, uint64_t freq)
{
    memset(s, 0, sizeof(*s));
    s->freq = freq;
}

uint64_t arm_gt_cntpct(const ArmGTState *s, int64_t now_ns)
{
    return (unsigned __int128)(uint64_t)now_ns * s->freq / NS_PER_SEC;
}

static bool arm_gt_is_virt(ArmGTTimer t)
{
    return t == ARM_GT_VIRT;
}

uint64_t arm_gt_count(const ArmGTState *s, ArmGTTimer t, int64_t now_ns)
{
    uint64_t c = arm_gt_cntpct(s, now_ns);

    return arm_gt_is_virt(t) ? c - s->cntvoff : c;
}

static bool arm_gt_met(const ArmGTState *s, ArmGTTimer t, int64_t now_ns)
{
    return arm_gt_count(s, t, now_ns) >= s->cval[t];
}

uint32_t arm_gt_ctl_read(const ArmGTState *s, ArmGTTimer t, int64_t now_ns)
{
    uint32_t ctl = s->ctl[t];

    if ((ctl & ARM_GT_CTL_ENABLE) && arm_gt_met(s, t, now_ns)) {
        ctl |= ARM_GT_CTL_ISTATUS;
    }
    return ctl;
}

void arm_gt_ctl_write(ArmGTState *s, ArmGTTimer t, uint64_t val)
{
    s->ctl[t] = val & (ARM_GT_CTL_ENABLE | ARM_GT_CTL_IMASK);
}

uint64_t arm_gt_tval_read(const ArmGTState *s, ArmGTTimer t, int64_t now_ns)
{
    return (uint32_t)(s->cval[t] - arm_gt_count(s, t, now_ns));
}

void arm_gt_tval_write(ArmGTState *s, ArmGTTimer t, int64_t now_ns,
                       uint64_t val)
{
    s->cval[t] = arm_gt_count(s, t, now_ns) + (int64_t)(int32_t)val;
}

bool arm_gt_irq_level(const ArmGTState *s, ArmGTTimer t, int64_t now_ns)
{
    return (arm_gt_ctl_read(s, t, now_ns) &
            (ARM_GT_CTL_ISTATUS | ARM_GT_CTL_IMASK)) == ARM_GT_CTL_ISTATUS;
}

int64_t arm_gt_next_event_ns(const ArmGTState *s, ArmGTTimer t,
                             int64_t now_ns)
{
    unsigned __int128 phys = s->cval[t], ns;

    if (!(s->ctl[t] & ARM_GT_CTL_ENABLE) || arm_gt_met(s, t, now_ns) ||
        !s->freq) {
        return -1;
    }
    if (arm_gt_is_virt(t)) {
        phys += s->cntvoff;     /* virtual count = physical - CNTVOFF */
        if (phys >> 64) {
            return -1;
        }
    }
    /* First ns whose count reaches the target: ceil(phys * 1e9 / freq). */
    ns = (phys * NS_PER_SEC + s->freq - 1) / s->freq;
    return ns > INT64_MAX ? -1 : (int64_t)ns;
}

bool arm_gt_el0_counter_ok(const ArmGTState *s, bool virt)
{
    return s->cntkctl & (virt ? ARM_CNTKCTL_EL0VCTEN : ARM_CNTKCTL_EL0PCTEN);
}

bool arm_gt_el0_timer_ok(const ArmGTState *s, ArmGTTimer t)
{
    switch (t) {
    case ARM_GT_PHYS:
        return s->cntkctl & ARM_CNTKCTL_EL0PTEN;
    case ARM_GT_VIRT:
        return s->cntkctl & ARM_CNTKCTL_EL0VTEN;
    default:
        return false;
    }
}
