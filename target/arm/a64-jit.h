/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A64 engine: the native-code tier (docs/devel/a64-engine.md,
 * "Native-code tier").
 *
 * Hot blocks of pre-decoded records are translated into x86-64 host
 * code (a64-jit.c, x86-64 hosts only; a64-jit-stub.c elsewhere keeps
 * every block interpreted).  The native code of a block takes the place
 * of its first record's handler, so the loop and chaining enter it like
 * any handler; it returns the record that left the block, as handlers do.
 *
 * Both modes: user mode (guest memory at guest_base) and system mode
 * (A64_SYSTEM: guest memory through the soft TLB, one code buffer per
 * vCPU).  Switch: the environment variable QEMU_A64_JIT, read when a
 * CPU is created: "off" (or "0") interprets everything, "force" translates
 * every block on first use, a number N translates a block on its N-th
 * entry (default A64_JIT_THRESHOLD).
 */
#ifndef TARGET_ARM_A64_JIT_H
#define TARGET_ARM_A64_JIT_H

#include "cpu.h"

#define A64_JIT_THRESHOLD 16

typedef struct A64Jit A64Jit;

/* Set up the tier for a new CPU (reads QEMU_A64_JIT); never fails. */
void a64_jit_cpu_init(ARMCPU *cpu);
void a64_jit_cpu_free(ARMCPU *cpu);

/* A block was just decoded: arrange for it to be counted/translated. */
void a64_jit_block_built(ARMCPU *cpu, DecodedBlock *b);

/*
 * Between blocks in the loop (no native code on the stack): flush the
 * code buffer if it filled up.
 */
void a64_jit_safe_point(ARMCPU *cpu);

/*
 * @copy holds copies of the first records of the block whose records
 * are @ops (a budget-limited run): make its first record run the
 * interpreter's handler, not native code or the entry counter, which
 * would run the whole block.
 */
struct A64Op;
void a64_jit_interp_copy(struct A64Op *copy, const struct A64Op *ops);

/* Blocks translated so far (for tests); 0 without the tier. */
uint64_t a64_jit_translated(ARMCPU *cpu);

#endif
