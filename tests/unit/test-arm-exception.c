/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * AArch64 exception entry, ERET, routing and syndromes
 * (target/arm/exception.c).
 */
#include "qemu/osdep.h"
#include "target/arm/exception.h"

static void setup(ArmELState *s, bool el2, bool el3)
{
    memset(s, 0, sizeof(*s));
    s->have_el2 = el2;
    s->have_el3 = el3;
    s->have_pan = true;
    s->scr_el3 = ARM_SCR_NS;
    arm_el_reset(s, 0x1000);
    for (int i = 1; i < 4; i++) {
        s->vbar[i] = 0x10000 * i;
    }
}

static void test_reset(void)
{
    ArmELState s;

    setup(&s, false, false);
    g_assert_cmpuint(s.el, ==, 1);
    g_assert_cmphex(s.pc, ==, 0x1000);
    g_assert_cmphex(s.pstate & ARM_PSTATE_DAIF, ==, ARM_PSTATE_DAIF);
    setup(&s, true, true);
    g_assert_cmpuint(s.el, ==, 3);
}

static void test_svc_from_el0_and_eret(void)
{
    ArmELState s;
    uint64_t sp = 0x8000;   /* SP_EL1 while at EL1 */

    setup(&s, false, false);
    /* Drop to EL0 with an ERET: SPSR = EL0t, interrupts unmasked. */
    s.spsr[1] = 0x20000000;                 /* C flag, EL0t */
    s.elr[1] = 0x400000;
    s.sp[0] = 0x7ff0;
    g_assert_true(arm_eret(&s, &sp));
    g_assert_cmpuint(s.el, ==, 0);
    g_assert_cmphex(s.pc, ==, 0x400000);
    g_assert_cmphex(sp, ==, 0x7ff0);
    g_assert_cmphex(s.sp[1], ==, 0x8000);
    g_assert_cmphex(s.pstate, ==, 0x20000000);
    /* SVC #5 from EL0: lower-EL vector, SPSR/ELR/ESR, banked SP. */
    sp = 0x7fe0;
    arm_take_exception(&s, &sp, arm_exc_target_el(&s, ARM_EXC_SYNC),
                       ARM_EXC_SYNC, arm_syn_svc(ARM_EC_SVC, 5), 0, false,
                       0x400004);
    g_assert_cmpuint(s.el, ==, 1);
    g_assert_cmphex(s.pc, ==, 0x10000 + 0x400);
    g_assert_cmphex(s.elr[1], ==, 0x400004);
    g_assert_cmphex(s.spsr[1], ==, 0x20000000);
    g_assert_cmphex(s.esr[1], ==, (0x15u << 26) | (1u << 25) | 5);
    g_assert_cmphex(sp, ==, 0x8000);
    g_assert_cmphex(s.sp[0], ==, 0x7fe0);
    g_assert_cmphex(s.pstate & ARM_PSTATE_DAIF, ==, ARM_PSTATE_DAIF);
    /* PAN is set on entry to EL1 unless SCTLR_EL1.SPAN. */
    g_assert_true(s.pstate & ARM_PSTATE_PAN);
}

static void test_same_el_vectors(void)
{
    ArmELState s;
    uint64_t sp = 0;

    setup(&s, false, false);
    s.sctlr[1] = ARM_SCTLR_SPAN;
    /* EL1 with SP_EL0: the "current EL, SP0" vectors. */
    s.sp_sel = false;
    s.pstate = 0;
    arm_take_exception(&s, &sp, 1, ARM_EXC_IRQ, 0x1234, 0, false, 0x2000);
    g_assert_cmphex(s.pc, ==, 0x10000 + 0x080);
    g_assert_cmphex(s.spsr[1], ==, 0x4);               /* EL1t */
    g_assert_cmphex(s.esr[1], ==, 0);                  /* IRQ: no ESR */
    g_assert_false(s.pstate & ARM_PSTATE_PAN);
    /* EL1 with SP_EL1: data abort with FAR. */
    arm_take_exception(&s, &sp, 1, ARM_EXC_SYNC,
                       arm_syn_dabt(true, 0x07, true, false, false, 0,
                                    false, 0, false),
                       0xdead000, true, 0x3000);
    g_assert_cmphex(s.pc, ==, 0x10000 + 0x200);
    g_assert_cmphex(s.far[1], ==, 0xdead000);
    g_assert_cmphex(s.esr[1] >> 26, ==, ARM_EC_DABT_SAME);
    g_assert_cmphex(s.esr[1] & 0x7f, ==, 0x47);        /* WnR | L3 xlat */
}

static void test_illegal_eret(void)
{
    ArmELState s;
    uint64_t sp = 0x100;

    setup(&s, false, false);
    /* To EL2, which does not exist: PC from ELR, EL kept, IL set. */
    s.spsr[1] = 0x9 | ARM_PSTATE_I;
    s.elr[1] = 0x5000;
    g_assert_false(arm_eret(&s, &sp));
    g_assert_cmpuint(s.el, ==, 1);
    g_assert_cmphex(s.pc, ==, 0x5000);
    g_assert_true(s.pstate & ARM_PSTATE_IL);
    g_assert_true(s.pstate & ARM_PSTATE_I);
    g_assert_cmphex(sp, ==, 0x100);
    /* AArch32 and EL0h are illegal too. */
    s.spsr[1] = 0x10;
    g_assert_false(arm_eret(&s, &sp));
    s.spsr[1] = 0x1;
    g_assert_false(arm_eret(&s, &sp));
    /* With EL2 present, EL2 -> EL1 with TGE is illegal. */
    setup(&s, true, false);
    s.hcr_el2 = ARM_HCR_TGE;
    s.spsr[2] = 0x5;
    g_assert_false(arm_eret(&s, &sp));
    s.hcr_el2 = 0;
    g_assert_true(arm_eret(&s, &sp));
    g_assert_cmpuint(s.el, ==, 1);
}

static void test_routing(void)
{
    ArmELState s;

    setup(&s, true, true);
    s.el = 1;
    s.pstate = 0;
    g_assert_cmpuint(arm_exc_target_el(&s, ARM_EXC_IRQ), ==, 1);
    g_assert_true(arm_irq_taken(&s, ARM_EXC_IRQ));
    s.pstate = ARM_PSTATE_I;
    g_assert_false(arm_irq_taken(&s, ARM_EXC_IRQ));
    g_assert_true(arm_irq_taken(&s, ARM_EXC_FIQ));
    /* HCR_EL2.IMO: to EL2, and PSTATE.I at EL1 cannot mask it. */
    s.hcr_el2 = ARM_HCR_IMO;
    g_assert_cmpuint(arm_exc_target_el(&s, ARM_EXC_IRQ), ==, 2);
    g_assert_true(arm_irq_taken(&s, ARM_EXC_IRQ));
    /* At EL2 the same IRQ goes to EL2, masked by EL2's PSTATE.I. */
    s.el = 2;
    g_assert_cmpuint(arm_exc_target_el(&s, ARM_EXC_IRQ), ==, 2);
    g_assert_false(arm_irq_taken(&s, ARM_EXC_IRQ));
    s.pstate = 0;
    g_assert_true(arm_irq_taken(&s, ARM_EXC_IRQ));
    /* Without IMO it is EL1's: not taken at EL2. */
    s.hcr_el2 = 0;
    g_assert_cmpuint(arm_exc_target_el(&s, ARM_EXC_IRQ), ==, 1);
    g_assert_false(arm_irq_taken(&s, ARM_EXC_IRQ));
    s.hcr_el2 = ARM_HCR_IMO;
    s.pstate = ARM_PSTATE_I;
    /* SCR_EL3.FIQ: FIQs go to EL3 from everywhere below. */
    s.scr_el3 |= ARM_SCR_FIQ;
    s.pstate = ARM_PSTATE_F;
    g_assert_cmpuint(arm_exc_target_el(&s, ARM_EXC_FIQ), ==, 3);
    g_assert_true(arm_irq_taken(&s, ARM_EXC_FIQ));
    /* TGE: EL0 synchronous exceptions go to EL2. */
    s.el = 0;
    s.hcr_el2 = ARM_HCR_TGE;
    g_assert_cmpuint(arm_exc_target_el(&s, ARM_EXC_SYNC), ==, 2);
    /* Secure state (SCR_EL3.NS clear): no EL2 routing. */
    s.scr_el3 = 0;
    g_assert_cmpuint(arm_exc_target_el(&s, ARM_EXC_SYNC), ==, 1);
}

static void test_syndromes(void)
{
    /* MRS x3, ICC_IAR1_EL1 (3,0,12,12,0) trapped. */
    g_assert_cmphex(arm_syn_sysreg(3, 0, 12, 12, 0, 3, true), ==,
                    (0x18u << 26) | (1u << 25) | (3u << 20) | (12u << 10) |
                    (3u << 5) | (12u << 1) | 1);
    /* LDRSH w5 with ISV: size 1, sign-extend, Rt 5, 32-bit. */
    g_assert_cmphex(arm_syn_dabt(false, 0x0d, false, false, true, 1, true, 5,
                                 false), ==,
                    (0x24u << 26) | (1u << 25) | (1u << 24) | (1u << 22) |
                    (1u << 21) | (5u << 16) | 0x0d);
    g_assert_cmphex(arm_syn_iabt(false, 0x06, true), ==,
                    (0x20u << 26) | (1u << 25) | (1u << 7) | 0x06);
    g_assert_cmphex(arm_syn_uncategorized(), ==, 1u << 25);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/arm-exception/reset", test_reset);
    g_test_add_func("/arm-exception/svc-from-el0-and-eret",
                    test_svc_from_el0_and_eret);
    g_test_add_func("/arm-exception/same-el-vectors", test_same_el_vectors);
    g_test_add_func("/arm-exception/illegal-eret", test_illegal_eret);
    g_test_add_func("/arm-exception/routing", test_routing);
    g_test_add_func("/arm-exception/syndromes", test_syndromes);
    return g_test_run();
}
