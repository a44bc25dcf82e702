/* SPDX-License-Identifier: GPL-2.0-or-later */
/* User-mode tests: system calls, faults, interrupts in user mode. */
#include "smp.h"
#include "timer.h"
#include "user.h"
#include "test.h"
#include "tests.h"

extern const char uprog_hello[], uprog_hello_end[];
extern const char uprog_cli[], uprog_cli_end[];
extern const char uprog_kread[], uprog_kread_end[];
extern const char uprog_spin[], uprog_spin_end[];

#define RUN(p)  user_run(p, p##_end - p, 0)

int test_user_syscall(void)
{
    TEST_EQ(RUN(uprog_hello), 42);
    return 0;
}

int test_user_fault(void)
{
    TEST_EQ(RUN(uprog_cli), USER_KILLED - EXC_GP);
    TEST_EQ(RUN(uprog_kread), USER_KILLED - EXC_PF);
    /* and the kernel still runs user code afterwards */
    TEST_EQ(RUN(uprog_hello), 42);
    return 0;
}

int test_user_irq(void)
{
    uint64_t t0;
    int n;

    if (!timer_wait_tick(100000000)) {
        return test_skip("no timer interrupts");
    }
    t0 = this_cpu()->ticks;
    n = RUN(uprog_spin);
    printf("# %d interrupts in user mode, %lu ticks\n", n,
           this_cpu()->ticks - t0);
    TEST_ASSERT(n >= 3);
    return 0;
}
