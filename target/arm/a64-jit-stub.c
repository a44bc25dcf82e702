/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A64 engine, user mode: the native-code tier where there is none
 * (hosts other than x86-64): every block stays interpreted.
 */
#include "qemu/osdep.h"
#include "a64-engine.h"
#include "a64-jit.h"

void a64_jit_cpu_init(ARMCPU *cpu)
{
}

void a64_jit_cpu_free(ARMCPU *cpu)
{
}

void a64_jit_block_built(ARMCPU *cpu, DecodedBlock *b)
{
}

void a64_jit_safe_point(ARMCPU *cpu)
{
}

void a64_jit_interp_copy(A64Op *copy, const A64Op *ops)
{
}

uint64_t a64_jit_translated(ARMCPU *cpu)
{
    return 0;
}

bool arm_cpu_jit_fault_op(ARMCPU *cpu, void *uc, uint64_t *pc,
                          uint32_t *insn)
{
    return false;
}
