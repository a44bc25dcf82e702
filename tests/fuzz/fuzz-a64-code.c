/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A guest can never crash or hang the A64 engine: run arbitrary bytes as
 * A64 code.  The input's first 256 bytes seed X0-X31 (X31 is SP), the
 * next 4 pick NZCV and FPCR, the rest is the code page.
 *
 * Guest memory is a 4 GiB window mapped with MAP_NORESERVE (pages appear
 * when touched) plus a page of slack for accesses that straddle its end;
 * cpu->guest_mask keeps every guest address inside the window.  Undefined
 * instructions and SVCs are stepped over; every run has an instruction
 * budget, so an endless loop ends too.
 */
#include "qemu/osdep.h"
#include "target/arm/cpu.h"
#include <sys/mman.h>

#define WINDOW      (1ull << 32)
#define SLACK       0x10000ull
#define CODE        0x10000ull
#define CODE_MAX    0x1000u
#define BUDGET      20000u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_run(ARMCPU *cpu)
{
    uint64_t done = 0;

    while (done < BUDGET) {
        uint64_t before = cpu->insns_executed;
        A64ExitReason r = arm_cpu_exec(cpu, BUDGET - done);

        done += cpu->insns_executed - before + 1;
        if (r == A64_EXIT_UDEF) {
            cpu->env.pc += 4;       /* step over it, as a signal would */
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t nregs = 32 * sizeof(uint64_t);
    uint8_t *mem;
    ARMCPU *cpu;
    uint32_t ctl;

    if (size < nregs + 4) {
        return 0;
    }
    mem = mmap(NULL, WINDOW + SLACK, PROT_READ | PROT_WRITE,
               MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (mem == MAP_FAILED) {
        return 0;
    }
    cpu = arm_cpu_new(arm_cpu_model_find("max"), (uintptr_t)mem);
    cpu->guest_mask = WINDOW - 1;
    memcpy(cpu->env.xregs, data, nregs);
    memcpy(&ctl, data + nregs, 4);
    cpu->env.nzcv = ctl & 0xf0000000u;
    cpu->env.fpcr = ctl & 0x03c00000u;
    data += nregs + 4;
    size -= nregs + 4;
    memcpy(mem + CODE, data, MIN(size, CODE_MAX));
    cpu->env.pc = CODE;
    fuzz_run(cpu);
    arm_cpu_free(cpu);
    munmap(mem, WINDOW + SLACK);
    return 0;
}
