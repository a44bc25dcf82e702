/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Exception tests (x86_64 instructions; an aarch64 port provides the
 * same test functions with its own).  Each arms a TrapCatch, faults, and
 * checks the vector, error code and, for NMI and #DF, that the handler
 * ran on the IST stack.
 */
#include "smp.h"
#include "mm.h"
#include "test.h"
#include "../tests.h"

#define PF_PRESENT          BIT(0)
#define PF_WRITE            BIT(1)
#define PF_FETCH            BIT(4)

static int expect(TrapCatch *tc, uint64_t vector)
{
    trap_catch_end();
    if (tc->vector != vector) {
        return test_fail("vector %ld, expected %lu", (long)tc->vector,
                         vector);
    }
    return 0;
}

int test_exc_de(void)
{
    TrapCatch tc;
    volatile uint32_t zero = 0;

    if (trap_catch_begin(&tc) == 0) {
        __asm__ volatile("divl %0" : : "r"(zero), "a"(1), "d"(0));
        trap_catch_end();
        return test_fail("no #DE");
    }
    return expect(&tc, EXC_DE);
}

int test_exc_ud(void)
{
    TrapCatch tc;

    if (trap_catch_begin(&tc) == 0) {
        __asm__ volatile("ud2");
        trap_catch_end();
        return test_fail("no #UD");
    }
    return expect(&tc, EXC_UD);
}

int test_exc_bp(void)
{
    TrapCatch tc;

    if (trap_catch_begin(&tc) == 0) {
        __asm__ volatile("int3");
        trap_catch_end();
        return test_fail("no #BP");
    }
    return expect(&tc, EXC_BP);
}

int test_exc_gp(void)
{
    TrapCatch tc;

    if (trap_catch_begin(&tc) == 0) {
        /* a non-canonical address */
        __asm__ volatile("mov (%0), %%rax" : : "r"(0x8000000000000000ULL)
                         : "rax");
        trap_catch_end();
        return test_fail("no #GP");
    }
    TEST_EQ(tc.error, 0);
    return expect(&tc, EXC_GP);
}

int test_exc_pf(void)
{
    TrapCatch tc;
    uint64_t addr = MMIO_BASE - 0x1000 + 0x123;

    if (trap_catch_begin(&tc) == 0) {
        (void)*(volatile uint8_t *)addr;
        trap_catch_end();
        return test_fail("no #PF");
    }
    TEST_EQ(tc.addr, addr);
    TEST_EQ(tc.error & (PF_PRESENT | PF_WRITE), 0);
    return expect(&tc, EXC_PF);
}

/* Writing kernel text: the page is present but read-only (CR0.WP). */
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
    TEST_EQ(tc.error & (PF_PRESENT | PF_WRITE), PF_PRESENT | PF_WRITE);
    return expect(&tc, EXC_PF);
}

/* Executing data: NX (when the CPU has it). */
int test_exc_nx(void)
{
    static uint8_t ret_insn[16] = { 0xc3 };
    TrapCatch tc;
    uint32_t r[4];

    cpuid(0x80000001, 0, r);
    if (!(r[3] & BIT(20))) {
        return test_skip("no NX");
    }
    if (trap_catch_begin(&tc) == 0) {
        ((void (*)(void))ret_insn)();
        trap_catch_end();
        return test_fail("data is executable");
    }
    TEST_EQ(tc.addr, (uint64_t)ret_insn);
    TEST_EQ(tc.error & (PF_PRESENT | PF_FETCH), PF_PRESENT | PF_FETCH);
    return expect(&tc, EXC_PF);
}

static bool on_ist(const TrapCatch *tc, int ist)
{
    uint64_t base = (uint64_t)this_cpu()->arch.ist_stack[ist - 1];

    return tc->sp >= base && tc->sp < base + IST_STACK_SIZE;
}

int test_exc_nmi_ist(void)
{
    TrapCatch tc;

    if (trap_catch_begin(&tc) == 0) {
        __asm__ volatile("int $2");
        trap_catch_end();
        return test_fail("no NMI");
    }
    if (!on_ist(&tc, IST_NMI)) {
        return test_fail("NMI handler not on IST%d (sp %lx)", IST_NMI,
                         tc.sp);
    }
    return expect(&tc, EXC_NMI);
}

/* An exception nobody expects: a register dump, then a panic. */
int test_panic(void)
{
    __asm__ volatile("mov $0x1234abcd, %%r15\n\tud2" ::: "r15");
    return test_fail("survived ud2");
}

/*
 * A real double fault: with RSP pointing at unmapped memory, #UD cannot
 * push its frame (#PF), nor can that #PF: #DF, which switches to IST1.
 */
int test_exc_df_ist(void)
{
    TrapCatch tc;

    if (trap_catch_begin(&tc) == 0) {
        __asm__ volatile("mov %%rsp, %%rbx\n\t"
                         "mov %0, %%rsp\n\t"
                         "ud2\n\t"
                         "mov %%rbx, %%rsp"
                         : : "r"(MMIO_BASE - 0x1000) : "rbx", "memory");
        trap_catch_end();
        return test_fail("no #DF");
    }
    TEST_EQ(tc.error, 0);
    if (!on_ist(&tc, IST_DF)) {
        return test_fail("#DF handler not on IST%d (sp %lx)", IST_DF, tc.sp);
    }
    return expect(&tc, EXC_DF);
}
