/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A64 engine unit tests: the bitmask-immediate decoder, NZCV from
 * add/subtract, condition codes, and a short integer program run through
 * the real decoder and block engine (expected values from Debian's
 * qemu-aarch64 running the same instructions).
 */
#include "qemu/osdep.h"
#include "target/arm/cpu.h"

static void test_bitmask(void)
{
    uint64_t v;

    g_assert_true(a64_decode_bitmask(0, 0x3c, 0, true, &v));
    g_assert_cmphex(v, ==, 0x5555555555555555ull);
    g_assert_true(a64_decode_bitmask(1, 0, 0, true, &v));
    g_assert_cmphex(v, ==, 1);
    g_assert_true(a64_decode_bitmask(1, 62, 0, true, &v));
    g_assert_cmphex(v, ==, 0x7fffffffffffffffull);
    g_assert_true(a64_decode_bitmask(0, 7, 0, false, &v));
    g_assert_cmphex(v, ==, 0xff);
    g_assert_true(a64_decode_bitmask(0, 7, 0, true, &v));
    g_assert_cmphex(v, ==, 0x000000ff000000ffull);
    g_assert_true(a64_decode_bitmask(1, 15, 4, true, &v));
    g_assert_cmphex(v, ==, 0xf000000000000fffull);
    g_assert_true(a64_decode_bitmask(0, 0x33, 1, true, &v));
    g_assert_cmphex(v, ==, 0x8787878787878787ull);
    /* AND X16, X0, #0xff00ff00ff00ff00 encodes N=0 immr=8 imms=0x27. */
    g_assert_true(a64_decode_bitmask(0, 0x27, 8, true, &v));
    g_assert_cmphex(v, ==, 0xff00ff00ff00ff00ull);
    /* Reserved: all-ones element, N=1 in 32-bit, empty length. */
    g_assert_false(a64_decode_bitmask(1, 63, 0, true, &v));
    g_assert_false(a64_decode_bitmask(0, 0x3d, 0, true, &v));
    g_assert_false(a64_decode_bitmask(1, 0, 0, false, &v));
    g_assert_false(a64_decode_bitmask(0, 0x3f, 0, true, &v));
}

static void test_flags(void)
{
    uint32_t f;

    g_assert_cmphex(a64_add_flags(~0ull, 1, 0, true, &f), ==, 0);
    g_assert_cmphex(f, ==, A64_ZF | A64_CF);
    g_assert_cmphex(a64_add_flags(INT64_MAX, 1, 0, true, &f), ==,
                    0x8000000000000000ull);
    g_assert_cmphex(f, ==, A64_NF | A64_VF);
    /* SUBS 5 - 7 = 5 + ~7 + 1: borrow, so C clear. */
    g_assert_cmphex(a64_add_flags(5, ~7ull, 1, true, &f), ==, -2ull);
    g_assert_cmphex(f, ==, A64_NF);
    g_assert_cmphex(a64_add_flags(7, ~5ull, 1, true, &f), ==, 2);
    g_assert_cmphex(f, ==, A64_CF);
    g_assert_cmphex(a64_add_flags(0xffffffff, 1, 0, false, &f), ==, 0);
    g_assert_cmphex(f, ==, A64_ZF | A64_CF);
    g_assert_cmphex(a64_add_flags(0x80000000, 0x80000000, 0, false, &f),
                    ==, 0);
    g_assert_cmphex(f, ==, A64_ZF | A64_CF | A64_VF);
    g_assert_cmphex(a64_add_flags(0x100000001ull, 1, 0, false, &f), ==, 2);
    g_assert_cmphex(f, ==, 0);
}

static void test_cond(void)
{
    g_assert_true(a64_cond_holds(A64_ZF, 0));           /* EQ */
    g_assert_false(a64_cond_holds(A64_ZF, 1));          /* NE */
    g_assert_true(a64_cond_holds(A64_NF | A64_VF, 10)); /* GE */
    g_assert_false(a64_cond_holds(A64_NF | A64_VF, 11));/* LT */
    g_assert_true(a64_cond_holds(A64_CF, 8));           /* HI */
    g_assert_false(a64_cond_holds(A64_CF | A64_ZF, 8));
    g_assert_true(a64_cond_holds(0, 14));               /* AL */
    g_assert_true(a64_cond_holds(0, 15));               /* NV */
}

static const uint32_t alu_prog[] = {
    0xd2a24680, 0xf29579a0, 0x12800001, 0x934c4c02, 0xd34c4c03,
    0xb3780c04, 0x93c12005, 0xdac01426, 0x5ac01007, 0xdac00c08,
    0x5ac00009, 0xab01000a, 0xfa450804, 0x9a81140b, 0x9ac00c2c,
    0x9bc07c0d, 0xd3440c0e, 0x13037c2f, 0x92089c10, 0xd4000001,
};

static const uint64_t alu_expect[17] = {
    0x000000001234abcdull, 0x00000000ffffffffull, 0x000000000000004aull,
    0x000000000000004aull, 0x0000000000000d00ull, 0xcd00000000ffffffull,
    0x000000000000001full, 0x0000000000000003ull, 0xcdab341200000000ull,
    0x00000000b3d52c48ull, 0x000000011234abccull, 0x0000000100000000ull,
    0x000000000000000eull, 0x0000000000000000ull, 0xd000000000000000ull,
    0x00000000ffffffffull, 0x000000001200ab00ull,
};

static void test_exec_alu(void)
{
    const ARMCPUModel *m = arm_cpu_model_find("cortex-a57");
    ARMCPU *cpu = arm_cpu_new(m, 0);
    uint32_t *code = g_memdup2(alu_prog, sizeof(alu_prog));

    cpu->env.pc = (uint64_t)(uintptr_t)code;
    g_assert_cmpint(arm_cpu_exec(cpu, 1000), ==, A64_EXIT_SVC);
    g_assert_cmphex(cpu->env.pc - (uintptr_t)code, ==, sizeof(alu_prog));
    for (unsigned i = 0; i < G_N_ELEMENTS(alu_expect); i++) {
        g_assert_cmphex(cpu->env.xregs[i], ==, alu_expect[i]);
    }
    g_assert_cmpuint(cpu->insns_executed, ==, G_N_ELEMENTS(alu_prog));
    arm_cpu_free(cpu);
    g_free(code);
}

static void test_exec_udef(void)
{
    ARMCPU *cpu = arm_cpu_new(arm_cpu_model_find("max"), 0);
    uint32_t code[] = { 0xd2800020 /* mov x0, #1 */, 0x00000000 /* udf */ };

    cpu->env.pc = (uint64_t)(uintptr_t)code;
    g_assert_cmpint(arm_cpu_exec(cpu, 1000), ==, A64_EXIT_UDEF);
    g_assert_cmphex(cpu->env.pc, ==, (uintptr_t)&code[1]);
    g_assert_cmphex(cpu->env.xregs[0], ==, 1);
    g_assert_null(arm_cpu_model_find("cortex-a99"));
    arm_cpu_free(cpu);
}

/*
 * UCVTF rounding toward minus infinity: 0 must give +0 (an unsigned
 * conversion that subtracts a bias gives -0 there), 2^64 - 1 the largest
 * double below 2^64 (values as Debian's qemu-aarch64 gives them).
 */
static void test_exec_ucvtf_round_down(void)
{
    ARMCPU *cpu = arm_cpu_new(arm_cpu_model_find("max"), 0);
    uint32_t code[] = {
        0xd51b4401,     /* msr   fpcr, x1 */
        0x9e431fe0,     /* ucvtf d0, xzr, #57 */
        0x9e630041,     /* ucvtf d1, x2 */
        0x1e220043,     /* scvtf s3, w2 */
        0x00000000,     /* udf */
    };

    cpu->env.pc = (uint64_t)(uintptr_t)code;
    cpu->env.xregs[1] = 2u << 22;          /* RMode = RM */
    cpu->env.xregs[2] = UINT64_MAX;
    cpu->env.vregs[0][0] = cpu->env.vregs[1][0] = 0x1234;
    g_assert_cmpint(arm_cpu_exec(cpu, 1000), ==, A64_EXIT_UDEF);
    g_assert_cmphex(cpu->env.vregs[0][0], ==, 0);
    g_assert_cmphex(cpu->env.vregs[1][0], ==, 0x43efffffffffffffull);
    g_assert_cmphex(cpu->env.vregs[3][0], ==, 0xbf800000);    /* -1.0f */
    arm_cpu_free(cpu);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/a64/bitmask", test_bitmask);
    g_test_add_func("/a64/flags", test_flags);
    g_test_add_func("/a64/cond", test_cond);
    g_test_add_func("/a64/exec-alu", test_exec_alu);
    g_test_add_func("/a64/exec-udef", test_exec_udef);
    g_test_add_func("/a64/exec-ucvtf-round-down",
                    test_exec_ucvtf_round_down);
    return g_test_run();
}
