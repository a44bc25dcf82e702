/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Executable code buffer for the software CPUs' native-code tiers.
 *
 * One buffer is a single mapping that is readable, writable and
 * executable.  Code is appended: jit_buf_begin() gives the free space,
 * the translator writes there (with x86-emit.h or its own emitter) and
 * jit_buf_commit() makes that many bytes permanent and returns their
 * start.  Nothing is freed piecemeal: when the buffer is full the owner
 * calls jit_buf_flush(), which empties it and bumps the generation.
 *
 * The rule that keeps stale code from running: every user stores the
 * generation next to each code pointer it keeps (jit_buf_gen() at
 * commit) and treats a pointer whose generation differs from the
 * buffer's as absent.  Flush only where no native code of the buffer is
 * on the host stack or about to be jumped to (between blocks, in the
 * CPU loop).  Invalidation of single translations is the owner's
 * business (drop or mark the block that points at the code).
 *
 * No locking: one buffer belongs to one vCPU (or one thread).
 */
#ifndef ACCEL_TCG_JIT_BUF_H
#define ACCEL_TCG_JIT_BUF_H

#include "qapi/error.h"

typedef struct JitBuf {
    uint8_t *base;          /* the mapping */
    size_t size;            /* its length */
    size_t used;            /* committed bytes */
    uint64_t gen;           /* bumped by every flush, starts at 1 */
    uint64_t n_flushes;
} JitBuf;

/*
 * The first bytes of the mapping hold no code: a sanitizer's check of an
 * indirect call (clang -fsanitize=function) reads a few bytes before the
 * function, which must be mapped.
 */
#define JIT_BUF_GUARD 16

/* Default size of a buffer (the mapping is reserved, pages on use). */
#define JIT_BUF_DEFAULT_SIZE (32u << 20)

/*
 * Map a buffer of @size bytes (rounded up to the host page size).  NULL
 * with @errp set when the host refuses writable+executable memory.
 */
JitBuf *jit_buf_new(size_t size, Error **errp);
void jit_buf_free(JitBuf *jb);

/* Start of the free space; *@avail is its length. */
static inline uint8_t *jit_buf_begin(JitBuf *jb, size_t *avail)
{
    *avail = jb->size - jb->used;
    return jb->base + jb->used;
}

/*
 * Keep @len bytes written at jit_buf_begin(): returns their start,
 * aligned so that the next commit starts on a 16-byte boundary.
 */
void *jit_buf_commit(JitBuf *jb, size_t len);

/* Drop every translation: the generation changes, space is reused. */
void jit_buf_flush(JitBuf *jb);

static inline uint64_t jit_buf_gen(const JitBuf *jb)
{
    return jb->gen;
}

/* True if @p points into the buffer's committed code. */
static inline bool jit_buf_contains(const JitBuf *jb, const void *p)
{
    const uint8_t *q = p;

    return q >= jb->base && q < jb->base + jb->used;
}

#endif
