/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Arm generic timer arithmetic (target/arm/gtimer.c): counters, CVAL and
 * TVAL, ISTATUS/IMASK and the output, CNTVOFF, next-event times, EL0
 * access gates.
 */
#include "qemu/osdep.h"
#include "target/arm/gtimer.h"

#define FREQ ARM_GT_DEFAULT_FREQ        /* 62.5 MHz: 16 ns per tick */

static void test_counter(void)
{
    ArmGTState s;

    arm_gt_reset(&s, FREQ);
    g_assert_cmpuint(arm_gt_cntpct(&s, 0), ==, 0);
    g_assert_cmpuint(arm_gt_cntpct(&s, 15), ==, 0);
    g_assert_cmpuint(arm_gt_cntpct(&s, 16), ==, 1);
    g_assert_cmpuint(arm_gt_cntpct(&s, 1000000000), ==, FREQ);
    /* No overflow at large times (about 292 years of ns). */
    g_assert_cmpuint(arm_gt_cntpct(&s, INT64_MAX), ==,
                     (uint64_t)((unsigned __int128)INT64_MAX * FREQ /
                                1000000000));
    s.cntvoff = 100;
    g_assert_cmpuint(arm_gt_count(&s, ARM_GT_VIRT, 16 * 1000), ==, 900);
    g_assert_cmpuint(arm_gt_count(&s, ARM_GT_PHYS, 16 * 1000), ==, 1000);
}

static void test_cval_ctl(void)
{
    ArmGTState s;

    arm_gt_reset(&s, FREQ);
    s.cval[ARM_GT_PHYS] = 1000;
    /* Disabled: no ISTATUS, no output, no event. */
    g_assert_cmpuint(arm_gt_ctl_read(&s, ARM_GT_PHYS, 16 * 2000), ==, 0);
    g_assert_cmpint(arm_gt_next_event_ns(&s, ARM_GT_PHYS, 0), ==, -1);
    arm_gt_ctl_write(&s, ARM_GT_PHYS, 0xff);   /* only ENABLE|IMASK stick */
    g_assert_cmpuint(s.ctl[ARM_GT_PHYS], ==, 3);
    arm_gt_ctl_write(&s, ARM_GT_PHYS, ARM_GT_CTL_ENABLE);
    g_assert_cmpint(arm_gt_next_event_ns(&s, ARM_GT_PHYS, 0), ==, 16000);
    g_assert_false(arm_gt_irq_level(&s, ARM_GT_PHYS, 15999));
    g_assert_true(arm_gt_irq_level(&s, ARM_GT_PHYS, 16000));
    g_assert_cmpuint(arm_gt_ctl_read(&s, ARM_GT_PHYS, 16000), ==,
                     ARM_GT_CTL_ENABLE | ARM_GT_CTL_ISTATUS);
    g_assert_cmpint(arm_gt_next_event_ns(&s, ARM_GT_PHYS, 16000), ==, -1);
    /* IMASK keeps ISTATUS but drops the output. */
    arm_gt_ctl_write(&s, ARM_GT_PHYS, ARM_GT_CTL_ENABLE | ARM_GT_CTL_IMASK);
    g_assert_false(arm_gt_irq_level(&s, ARM_GT_PHYS, 16000));
    g_assert_true(arm_gt_ctl_read(&s, ARM_GT_PHYS, 16000) &
                  ARM_GT_CTL_ISTATUS);
}

static void test_tval(void)
{
    ArmGTState s;

    arm_gt_reset(&s, FREQ);
    /* TVAL = 500 at count 100: fires at count 600. */
    arm_gt_tval_write(&s, ARM_GT_PHYS, 1600, 500);
    g_assert_cmpuint(s.cval[ARM_GT_PHYS], ==, 600);
    g_assert_cmpuint(arm_gt_tval_read(&s, ARM_GT_PHYS, 1600), ==, 500);
    g_assert_cmpuint(arm_gt_tval_read(&s, ARM_GT_PHYS, 16 * 700), ==,
                     (uint32_t)-100);
    /* TVAL is signed: 0xffffffff means one tick in the past. */
    arm_gt_tval_write(&s, ARM_GT_PHYS, 1600, 0xffffffff);
    g_assert_cmpuint(s.cval[ARM_GT_PHYS], ==, 99);
}

static void test_virtual(void)
{
    ArmGTState s;

    arm_gt_reset(&s, FREQ);
    s.cntvoff = 1000;
    s.cval[ARM_GT_VIRT] = 50;
    arm_gt_ctl_write(&s, ARM_GT_VIRT, ARM_GT_CTL_ENABLE);
    /* Virtual 50 = physical 1050 = 16800 ns. */
    g_assert_cmpint(arm_gt_next_event_ns(&s, ARM_GT_VIRT, 16 * 1040), ==,
                    16800);
    g_assert_true(arm_gt_irq_level(&s, ARM_GT_VIRT, 16800));
    /* Before CNTVOFF the virtual count has wrapped: already met. */
    g_assert_true(arm_gt_irq_level(&s, ARM_GT_VIRT, 0));
    /* A CVAL no physical count can reach: no event. */
    s.cval[ARM_GT_VIRT] = UINT64_MAX;
    g_assert_cmpint(arm_gt_next_event_ns(&s, ARM_GT_VIRT, 16 * 1040), ==,
                    -1);
}

static void test_el0_gates(void)
{
    ArmGTState s;

    arm_gt_reset(&s, FREQ);
    g_assert_false(arm_gt_el0_counter_ok(&s, true));
    g_assert_false(arm_gt_el0_timer_ok(&s, ARM_GT_VIRT));
    s.cntkctl = ARM_CNTKCTL_EL0VCTEN | ARM_CNTKCTL_EL0VTEN;
    g_assert_true(arm_gt_el0_counter_ok(&s, true));
    g_assert_false(arm_gt_el0_counter_ok(&s, false));
    g_assert_true(arm_gt_el0_timer_ok(&s, ARM_GT_VIRT));
    g_assert_false(arm_gt_el0_timer_ok(&s, ARM_GT_PHYS));
    g_assert_false(arm_gt_el0_timer_ok(&s, ARM_GT_HYP));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/arm-gtimer/counter", test_counter);
    g_test_add_func("/arm-gtimer/cval-ctl", test_cval_ctl);
    g_test_add_func("/arm-gtimer/tval", test_tval);
    g_test_add_func("/arm-gtimer/virtual", test_virtual);
    g_test_add_func("/arm-gtimer/el0-gates", test_el0_gates);
    return g_test_run();
}
