/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Exception tests (aarch64 instructions).  Each arms a TrapCatch,
 * faults, and checks the exception class (the kernel's EXC_* from
 * ESR_EL1.EC), the syndrome and the faulting address.
 */
#include "smp.h"
#include "mm.h"
#include "test.h"
#include "tests.h"

#define DFSC(esr)           ((esr) & 0x3f)

static int expect(TrapCatch *tc, uint64_t vector)
{
    trap_catch_end();
    if (tc->vector != vector) {
        return test_fail("vector %ld (ESR %lx), expected %lu",
                         (long)tc->vector, tc->error, vector);
    }
    return 0;
}

int test_exc_ud(void)
{
    TrapCatch tc;

    if (trap_catch_begin(&tc) == 0) {
        __asm__ volatile(".inst 0x00000000");   /* permanently undefined */
        trap_catch_end();
        return test_fail("no undefined-instruction exception");
    }
    TEST_EQ(ESR_EC(tc.error), 0);
    return expect(&tc, EXC_UD);
}

int test_exc_brk(void)
{
    TrapCatch tc;

    if (trap_catch_begin(&tc) == 0) {
        __asm__ volatile("brk #0x123");
        trap_catch_end();
        return test_fail("no BRK exception");
    }
    TEST_EQ(ESR_ISS(tc.error) & 0xffff, 0x123);
    return expect(&tc, EXC_BRK);
}

/* SVC at EL1 is an exception like any other (only EL0's are calls). */
int test_exc_svc(void)
{
    TrapCatch tc;

    if (trap_catch_begin(&tc) == 0) {
        __asm__ volatile("svc #0x42");
        trap_catch_end();
        return test_fail("no SVC exception");
    }
    TEST_EQ(ESR_ISS(tc.error) & 0xffff, 0x42);
    return expect(&tc, EXC_SVC);
}

/* A read of an unmapped address: translation fault, FAR = the address. */
int test_exc_pf(void)
{
    TrapCatch tc;
    uint64_t addr = MMIO_BASE - 0x1000 + 0x123;

    if (trap_catch_begin(&tc) == 0) {
        (void)*(volatile uint8_t *)addr;
        trap_catch_end();
        return test_fail("no data abort");
    }
    TEST_EQ(tc.addr, addr);
    TEST_EQ(ESR_EC(tc.error), 0x25);        /* data abort, same EL */
    TEST_EQ(tc.error & ESR_WNR, 0);
    TEST_EQ(DFSC(tc.error) & 0x3c, 0x04);   /* translation fault */
    return expect(&tc, EXC_PF);
}

/* Writing kernel text: a permission fault. */
int test_exc_pf_write(void)
{
    TrapCatch tc;
    volatile uint8_t *text = (volatile uint8_t *)test_exc_pf_write;

    if (trap_catch_begin(&tc) == 0) {
        *text = *text;
        trap_catch_end();
        return test_fail("kernel text is writable");
    }
    TEST_EQ(tc.addr, (uint64_t)text);
    TEST_ASSERT(tc.error & ESR_WNR);
    TEST_EQ(DFSC(tc.error) & 0x3c, 0x0c);   /* permission fault */
    return expect(&tc, EXC_PF);
}

/* Executing data: PXN, an instruction abort at the data's address. */
int test_exc_nx(void)
{
    static uint32_t ret_insn[4] = { 0xd65f03c0 };   /* ret */
    TrapCatch tc;

    if (trap_catch_begin(&tc) == 0) {
        ((void (*)(void))ret_insn)();
        trap_catch_end();
        return test_fail("data is executable");
    }
    TEST_EQ(tc.addr, (uint64_t)ret_insn);
    TEST_EQ(tc.pc, (uint64_t)ret_insn);
    TEST_EQ(ESR_EC(tc.error), 0x21);        /* instruction abort, same EL */
    TEST_EQ(DFSC(tc.error) & 0x3c, 0x0c);
    return expect(&tc, EXC_IABT);
}

/* Exclusive loads must be aligned even when SCTLR_EL1.A is clear. */
int test_exc_align(void)
{
    static uint64_t words[2];
    uint64_t addr = (uint64_t)words + 1, v;
    TrapCatch tc;

    if (trap_catch_begin(&tc) == 0) {
        __asm__ volatile("ldxr %0, [%1]; clrex" : "=r"(v) : "r"(addr)
                         : "memory");
        trap_catch_end();
        return test_fail("unaligned exclusive load worked");
    }
    TEST_EQ(tc.addr, addr);
    TEST_EQ(DFSC(tc.error), 0x21);
    return expect(&tc, EXC_ALIGN);
}

/* A branch to a misaligned address: PC alignment fault. */
int test_exc_pc_align(void)
{
    uint64_t target = (uint64_t)test_exc_pc_align + 2;
    TrapCatch tc;

    if (trap_catch_begin(&tc) == 0) {
        __asm__ volatile("blr %0" : : "r"(target) : "x30", "memory");
        trap_catch_end();
        return test_fail("no PC alignment fault");
    }
    TEST_EQ(tc.addr, target);
    TEST_EQ(ESR_EC(tc.error), 0x22);
    return expect(&tc, EXC_PC_ALIGN);
}

/* FP/SIMD is off for the kernel (CPACR_EL1.FPEN = 0): it traps. */
int test_exc_fp(void)
{
    TrapCatch tc;

    if (trap_catch_begin(&tc) == 0) {
        __asm__ volatile(".inst 0x1e204000");   /* fmov s0, s0 */
        trap_catch_end();
        return test_fail("FP instruction did not trap");
    }
    TEST_EQ(ESR_EC(tc.error), 0x07);
    return expect(&tc, EXC_FP);
}

/* An exception nobody expects: a register dump, then a panic. */
int test_panic(void)
{
    __asm__ volatile("movz x28, #0xabcd\n\t"
                     "movk x28, #0x1234, lsl #16\n\t"
                     ".inst 0x00000000" ::: "x28");
    return test_fail("survived an undefined instruction");
}
