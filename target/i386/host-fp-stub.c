/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The host floating-point backend on hosts that are not x86-64: not
 * available yet (every call returns -1; the handlers then log LOG_UNIMP
 * and raise #UD).  A software implementation belongs here.
 */
#include "qemu/osdep.h"
#include "target/i386/fpu.h"

int x86_host_sse_fp(unsigned kind, X86XMMReg *d, const X86XMMReg *s,
                    uint32_t mx)
{
    return -1;
}

int x86_host_sse_cmp(unsigned form, unsigned pred, X86XMMReg *d,
                     const X86XMMReg *s, uint32_t mx)
{
    return -1;
}

int x86_host_sse_comi(unsigned form, const X86XMMReg *d, const X86XMMReg *s,
                      uint32_t mx, uint32_t *eflags)
{
    return -1;
}

int x86_host_sse_cvtsi(unsigned form, X86XMMReg *d, uint64_t v, uint32_t mx)
{
    return -1;
}

int x86_host_sse_cvt2si(unsigned form, const X86XMMReg *s, uint32_t mx,
                        uint64_t *out)
{
    return -1;
}

int x86_host_x87_load(unsigned kind, const void *src, X86FPReg *out,
                      uint16_t fcw)
{
    return -1;
}

int x86_host_x87_store(unsigned kind, const X86FPReg *in, void *dst,
                       uint16_t fcw)
{
    return -1;
}

int x86_host_x87_arith(unsigned op, X86FPReg *x, const X86FPReg *y,
                       uint16_t fcw)
{
    return -1;
}

int x86_host_x87_const(unsigned k, X86FPReg *out, uint16_t fcw)
{
    return -1;
}

int x86_host_x87_arith_mem(unsigned op, unsigned kind, X86FPReg *x,
                           const void *m, uint16_t fcw)
{
    return -1;
}
