/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Executable code buffer for native-code tiers (include/accel/tcg/
 * jit-buf.h): one anonymous read+write+execute mapping, appended to,
 * emptied as a whole.
 */
#include "qemu/osdep.h"
#include "accel/tcg/jit-buf.h"

#include <sys/mman.h>

JitBuf *jit_buf_new(size_t size, Error **errp)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    JitBuf *jb;
    void *p;

    size = (size + page - 1) & ~(page - 1);
    p = mmap(NULL, size, PROT_READ | PROT_WRITE | PROT_EXEC,
             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        error_setg_errno(errp, errno, "cannot map %zu bytes of executable "
                         "memory for the native-code tier", size);
        return NULL;
    }
    memset(p, 0xcc, JIT_BUF_GUARD);         /* INT3 */
    jb = g_new0(JitBuf, 1);
    jb->base = p;
    jb->size = size;
    jb->gen = 1;
    jb->used = JIT_BUF_GUARD;
    return jb;
}

void jit_buf_free(JitBuf *jb)
{
    if (!jb) {
        return;
    }
    munmap(jb->base, jb->size);
    g_free(jb);
}

void *jit_buf_commit(JitBuf *jb, size_t len)
{
    uint8_t *start = jb->base + jb->used;

    g_assert(len <= jb->size - jb->used);
    /* a no-op on x86 hosts; other hosts need the I-cache made coherent */
    __builtin___clear_cache((char *)start, (char *)start + len);
    jb->used += (len + 15) & ~(size_t)15;
    if (jb->used > jb->size) {
        jb->used = jb->size;
    }
    return start;
}

void jit_buf_flush(JitBuf *jb)
{
    jb->used = JIT_BUF_GUARD;
    jb->gen++;
    jb->n_flushes++;
}
