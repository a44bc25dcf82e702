/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Faults in hot code: a loop whose body loads from, stores to and pairs
 * at unmapped addresses, run often enough for the native-code tier to
 * translate it.  The SIGSEGV handler checks the reported PC (the exact
 * faulting instruction) and address, then skips the instruction; the
 * registers and flags written before the fault must be there, the
 * writeback of a faulting pre-indexed access must not have happened.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

static volatile uint64_t fault_pc, fault_addr;
static volatile int faults;

static void on_segv(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;

    fault_pc = uc->uc_mcontext.pc;
    fault_addr = (uint64_t)si->si_addr;
    faults++;
    uc->uc_mcontext.pc += 4;
}

/* A load fault after an add and a compare; returns 6 + 10 if EQ held. */
static uint64_t probe_load(uint64_t bad, uint64_t *pc)
{
    uint64_t x2, at;

    asm volatile("mov x1, #5\n\t"
                 "add %0, x1, #1\n\t"
                 "cmp x1, #5\n\t"
                 "adr %1, 1f\n\t"
                 "1: ldr x3, [%2]\n\t"
                 "b.ne 2f\n\t"
                 "add %0, %0, #10\n\t"
                 "2:\n\t"
                 : "=&r"(x2), "=&r"(at) : "r"(bad) : "x1", "x3", "cc",
                   "memory");
    *pc = at;
    return x2;
}

/* A pre-indexed store fault: the base must stay as it was. */
static uint64_t probe_store(uint64_t bad, uint64_t *pc)
{
    uint64_t base = bad, at;

    asm volatile("adr %1, 1f\n\t"
                 "1: str xzr, [%0, #8]!\n\t"
                 : "+r"(base), "=&r"(at) : : "memory");
    *pc = at;
    return base;
}

/* A pair load fault at the second instruction of a pair of pairs. */
static uint64_t probe_pair(uint64_t good, uint64_t bad, uint64_t *pc)
{
    uint64_t a, b, at;

    asm volatile("ldp %0, %1, [%3]\n\t"
                 "adr %2, 1f\n\t"
                 "1: ldp x5, x6, [%4, #16]\n\t"
                 : "=&r"(a), "=&r"(b), "=&r"(at) : "r"(good), "r"(bad)
                 : "x5", "x6", "memory");
    *pc = at;
    return a + b;
}

int main(void)
{
    struct sigaction sa;
    uint64_t pair[2] = { 40, 2 };
    int bad_results = 0;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    for (int i = 0; i < 300; i++) {
        uint64_t bad = 0x100 + 8 * (i % 64), pc, r;

        r = probe_load(bad, &pc);
        bad_results += r != 16 || fault_pc != pc || fault_addr != bad;
        r = probe_store(bad, &pc);
        bad_results += r != bad || fault_pc != pc ||
                       fault_addr != bad + 8;
        r = probe_pair((uint64_t)pair, bad, &pc);
        bad_results += r != 42 || fault_pc != pc ||
                       fault_addr != bad + 16;
    }
    printf("%d faults, %d wrong\n", faults, bad_results);
    return bad_results != 0;
}
