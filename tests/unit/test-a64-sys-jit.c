/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The A64 native-code tier in system mode (docs/devel/a64-engine.md,
 * "Native-code tier", "System mode"): a hot loop with RAM loads and
 * stores (the inline soft-TLB hit), an MMIO store and a load/store that
 * crosses a page (side exits to the handlers), run with every block
 * translated (QEMU_A64_JIT=force) and interpreted (off), in lockstep
 * with uneven budgets: registers, PC, instruction counts and memory
 * must agree.  RAM at 0x40000000, a device at 0x09000000, one CPU at
 * EL1 with the MMU off.  Instruction words from aarch64-linux-gnu-as.
 */
#include "qemu/osdep.h"
#include "target/arm/a64-sys.h"
#include "target/arm/a64-jit.h"
#include "target/arm/sysreg.h"
#include "qapi/error.h"
#include "arm-sys-rig.h"

#define RAM_BASE    ARM_RIG_RAM_BASE
#define RAM_SIZE    0x10000ull
#define CODE        (RAM_BASE + 0x2000)     /* not the data's page */

typedef ArmSysRig JitFx;

/* A machine running @code at CODE, with the tier as @jit says. */
static JitFx *jfx_new(const char *jit, const uint32_t *code, size_t n)
{
    JitFx *f;

    g_setenv("QEMU_A64_JIT", jit, true);
    f = arm_rig_new(RAM_SIZE, CODE, 0x55);
    arm_rig_code(f, CODE, code, n);
    g_unsetenv("QEMU_A64_JIT");
    return f;
}

static const uint32_t hot_loop[] = {
    0xd2a80001,     /* mov  x1, #0x40000000 */
    0xd2a12005,     /* mov  x5, #0x9000000 */
    0xd2801904,     /* mov  x4, #200 */
    0xd2a80007,     /* mov  x7, #0x40000000 */
    0x913ff0e7,     /* add  x7, x7, #0xffc (an access crossing a page) */
    0xf9440023,     /* loop: ldr x3, [x1, #2048] */
    0x91000463,     /* add  x3, x3, #1 */
    0xf9040023,     /* str  x3, [x1, #2048] */
    0xb90000a3,     /* str  w3, [x5] (MMIO) */
    0xf94000e6,     /* ldr  x6, [x7] */
    0x91000cc6,     /* add  x6, x6, #3 */
    0xf90000e6,     /* str  x6, [x7] */
    0xa9011823,     /* stp  x3, x6, [x1, #16] */
    0xf1000484,     /* subs x4, x4, #1 */
    0x54fffee1,     /* b.ne loop */
    0x14000000,     /* b    . */
};

#define HOT_LOOP_INSNS (5 + 200 * 10)

static void check_done(JitFx *f)
{
    g_assert_cmphex(arm_rig_ld64(f, RAM_BASE + 0x800), ==, 200);
    g_assert_cmphex(arm_rig_ld64(f, RAM_BASE + 0xffc), ==, 600);
    g_assert_cmphex(arm_rig_ld64(f, RAM_BASE + 0x10), ==, 200);
    g_assert_cmphex(arm_rig_ld64(f, RAM_BASE + 0x18), ==, 600);
    g_assert_cmpuint(f->mmio_writes, ==, 200);
    g_assert_cmphex(f->mmio_last, ==, 200);
    g_assert_cmphex(f->cpu->env.xregs[4], ==, 0);
    g_assert_cmphex(f->cpu->env.pc, ==, CODE + 4 * 15);
}

/* x86-64 hosts have the tier (a64-jit-stub.c elsewhere: nothing to see) */
static void jfx_check_translated(JitFx *f)
{
#ifdef __x86_64__
    g_assert_cmpuint(a64_jit_translated(f->cpu), >, 0);
#endif
}

/* The loop in one go: native code ran and the results are right. */
static void test_hot_loop(void)
{
    JitFx *f = jfx_new("force", hot_loop, G_N_ELEMENTS(hot_loop));

    g_assert_cmpint(arm_sys_exec(f->cpu, HOT_LOOP_INSNS + 10), ==,
                    HOT_LOOP_INSNS + 10);
    check_done(f);
    jfx_check_translated(f);
    arm_rig_free(f);
}

/*
 * Native and interpreted in lockstep, with budgets of 1 to 13
 * instructions: the same state after every slice (the budget cuts
 * blocks, exercising the interpreter copy of a translated block).
 */
static void test_lockstep(void)
{
    JitFx *a = jfx_new("force", hot_loop, G_N_ELEMENTS(hot_loop));
    JitFx *b = jfx_new("off", hot_loop, G_N_ELEMENTS(hot_loop));
    uint64_t done = 0;

    g_assert_cmpuint(a64_jit_translated(b->cpu), ==, 0);
    for (unsigned i = 0; done < HOT_LOOP_INSNS + 10; i++) {
        int64_t budget = 1 + i % 13;
        int64_t ra = arm_sys_exec(a->cpu, budget);
        int64_t rb = arm_sys_exec(b->cpu, budget);

        g_assert_cmpint(ra, ==, rb);
        g_assert_cmphex(a->cpu->env.pc, ==, b->cpu->env.pc);
        for (unsigned r = 0; r < 31; r++) {
            g_assert_cmphex(a->cpu->env.xregs[r], ==, b->cpu->env.xregs[r]);
        }
        g_assert_cmphex(a->cpu->env.nzcv, ==, b->cpu->env.nzcv);
        g_assert_cmpuint(a->mmio_writes, ==, b->mmio_writes);
        done += ra;
    }
    g_assert_cmpmem(a->host, RAM_SIZE, b->host, RAM_SIZE);
    check_done(a);
    check_done(b);
    jfx_check_translated(a);
    arm_rig_free(a);
    arm_rig_free(b);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/a64-sys-jit/hot-loop", test_hot_loop);
    g_test_add_func("/a64-sys-jit/lockstep", test_lockstep);
    return g_test_run();
}
