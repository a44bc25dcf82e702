/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The x86 engine's native-code tier on hosts other than x86-64: there is
 * none, every block stays interpreted (see jit.c).
 */
#include "qemu/osdep.h"
#include "target/i386/engine.h"

void x86_jit_setup(X86CPU *cpu)
{
    cpu->jit_mode = X86_JIT_MODE_OFF;
    cpu->jit_gen = UINT64_MAX;
}

bool x86_jit_translate(X86CPU *cpu, DecodedBlock *b)
{
    x86_block_jit(b)->state = X86_JIT_REFUSED;
    return false;
}

void x86_jit_free(X86CPU *cpu)
{
}
