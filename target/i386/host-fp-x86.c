/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Guest SSE/x87 floating point on an x86-64 host's own units, which are
 * bit-exact with the guest architecture.  Each operation saves the host
 * MXCSR (or FCW), loads the guest's control bits with every exception
 * masked, runs the one host instruction, reads the exception flags and
 * restores the host state, all inside a single asm statement so the
 * compiler cannot move other floating point across it.
 *
 * Built for x86-64 hosts only (meson); host-fp-stub.c elsewhere.
 */
#include "qemu/osdep.h"
#include "target/i386/fpu.h"

typedef long long HostV2DI __attribute__((vector_size(16)));

static HostV2DI ld128(const X86XMMReg *r)
{
    HostV2DI v;

    memcpy(&v, r, 16);
    return v;
}

/* Run "INSN %b, %a" (AT&T order: a = a OP b) under MXCSR @mx. */
#define HOST_SSE(text, a, b, mx)                                        \
    do {                                                                \
        uint32_t old_;                                                  \
        asm volatile("stmxcsr %[old]\n\t"                               \
                     "ldmxcsr %[m]\n\t"                                 \
                     text "\n\t"                                        \
                     "stmxcsr %[m]\n\t"                                 \
                     "ldmxcsr %[old]"                                   \
                     : [a] "+x" (a), [m] "+m" (mx), [old] "=m" (old_)   \
                     : [b] "x" (b));                                    \
    } while (0)

#define DEF_FP(name, insn)                                              \
    static uint32_t host_##name(X86XMMReg *d, const X86XMMReg *s,       \
                                uint32_t mx)                            \
    {                                                                   \
        HostV2DI a = ld128(d), b = ld128(s);                            \
        HOST_SSE(insn " %[b], %[a]", a, b, mx);                         \
        memcpy(d, &a, 16);                                              \
        return mx & X86_MXCSR_FLAGS;                                    \
    }

#define DEF_FP4(op)                                                     \
    DEF_FP(op##ps, #op "ps") DEF_FP(op##pd, #op "pd")                   \
    DEF_FP(op##ss, #op "ss") DEF_FP(op##sd, #op "sd")

DEF_FP4(add)
DEF_FP4(sub)
DEF_FP4(mul)
DEF_FP4(div)
DEF_FP4(min)
DEF_FP4(max)
DEF_FP4(sqrt)
DEF_FP(rsqrtps, "rsqrtps")
DEF_FP(rsqrtss, "rsqrtss")
DEF_FP(rcpps, "rcpps")
DEF_FP(rcpss, "rcpss")
DEF_FP(cvtps2pd, "cvtps2pd")
DEF_FP(cvtpd2ps, "cvtpd2ps")
DEF_FP(cvtss2sd, "cvtss2sd")
DEF_FP(cvtsd2ss, "cvtsd2ss")
DEF_FP(cvtdq2ps, "cvtdq2ps")
DEF_FP(cvtps2dq, "cvtps2dq")
DEF_FP(cvttps2dq, "cvttps2dq")
DEF_FP(cvtdq2pd, "cvtdq2pd")
DEF_FP(cvttpd2dq, "cvttpd2dq")
DEF_FP(cvtpd2dq, "cvtpd2dq")

typedef uint32_t (*HostFpFn)(X86XMMReg *d, const X86XMMReg *s, uint32_t mx);

#define FP4(op, OP) \
    [SSE_##OP##PS] = host_##op##ps, [SSE_##OP##PD] = host_##op##pd, \
    [SSE_##OP##SS] = host_##op##ss, [SSE_##OP##SD] = host_##op##sd

static const HostFpFn host_fp_fns[SSE_FP_NB] = {
    FP4(add, ADD), FP4(sub, SUB), FP4(mul, MUL), FP4(div, DIV),
    FP4(min, MIN), FP4(max, MAX), FP4(sqrt, SQRT),
    [SSE_RSQRTPS] = host_rsqrtps, [SSE_RSQRTSS] = host_rsqrtss,
    [SSE_RCPPS] = host_rcpps, [SSE_RCPSS] = host_rcpss,
    [SSE_CVTPS2PD] = host_cvtps2pd, [SSE_CVTPD2PS] = host_cvtpd2ps,
    [SSE_CVTSS2SD] = host_cvtss2sd, [SSE_CVTSD2SS] = host_cvtsd2ss,
    [SSE_CVTDQ2PS] = host_cvtdq2ps, [SSE_CVTPS2DQ] = host_cvtps2dq,
    [SSE_CVTTPS2DQ] = host_cvttps2dq, [SSE_CVTDQ2PD] = host_cvtdq2pd,
    [SSE_CVTTPD2DQ] = host_cvttpd2dq, [SSE_CVTPD2DQ] = host_cvtpd2dq,
};

int x86_host_sse_fp(unsigned kind, X86XMMReg *d, const X86XMMReg *s,
                    uint32_t mx)
{
    if (kind >= SSE_FP_NB || !host_fp_fns[kind]) {
        return -1;
    }
    return host_fp_fns[kind](d, s, mx);
}

/* CMPccPS/PD/SS/SD with predicate imm8 0-7 (the imm must be a constant) */
#define CMP_CASE(insn, n)                                               \
    case n:                                                             \
        HOST_SSE(insn " $" #n ", %[b], %[a]", a, b, mx);                \
        break

#define CMP_SWITCH(insn)                                                \
    switch (pred & 7) {                                                 \
    CMP_CASE(insn, 0); CMP_CASE(insn, 1); CMP_CASE(insn, 2);            \
    CMP_CASE(insn, 3); CMP_CASE(insn, 4); CMP_CASE(insn, 5);            \
    CMP_CASE(insn, 6); default: CMP_CASE(insn, 7);                      \
    }

int x86_host_sse_cmp(unsigned form, unsigned pred, X86XMMReg *d,
                     const X86XMMReg *s, uint32_t mx)
{
    HostV2DI a = ld128(d), b = ld128(s);

    switch (form) {
    case 0:
        CMP_SWITCH("cmpps");
        break;
    case 1:
        CMP_SWITCH("cmppd");
        break;
    case 2:
        CMP_SWITCH("cmpss");
        break;
    default:
        CMP_SWITCH("cmpsd");
        break;
    }
    memcpy(d, &a, 16);
    return mx & X86_MXCSR_FLAGS;
}

/* COMISS/UCOMISS/COMISD/UCOMISD: the ZF/PF/CF result in *eflags */
int x86_host_sse_comi(unsigned form, const X86XMMReg *d, const X86XMMReg *s,
                      uint32_t mx, uint32_t *eflags)
{
    HostV2DI a = ld128(d), b = ld128(s);
    uint8_t z, p, c;
    uint32_t old;

/*
 * The GPR outputs are early-clobber: they are written before the last
 * stmxcsr, so they must not share a register with that operand's address.
 */
#define COMI(insn)                                                      \
    asm volatile("stmxcsr %[old]\n\tldmxcsr %[m]\n\t"                   \
                 insn " %[b], %[a]\n\t"                                 \
                 "setz %[z]\n\tsetp %[p]\n\tsetc %[c]\n\t"              \
                 "stmxcsr %[m]\n\tldmxcsr %[old]"                       \
                 : [m] "+m" (mx), [old] "=m" (old), [z] "=&r" (z),      \
                   [p] "=&r" (p), [c] "=&r" (c)                         \
                 : [a] "x" (a), [b] "x" (b) : "cc")
    switch (form) {
    case 0:
        COMI("ucomiss");
        break;
    case 1:
        COMI("comiss");
        break;
    case 2:
        COMI("ucomisd");
        break;
    default:
        COMI("comisd");
        break;
    }
#undef COMI
    *eflags = (z ? X86_ZF : 0) | (p ? X86_PF : 0) | (c ? X86_CF : 0);
    return mx & X86_MXCSR_FLAGS;
}

/* CVTSI2SS/SD: form bit 0 double, bit 1 64-bit integer */
int x86_host_sse_cvtsi(unsigned form, X86XMMReg *d, uint64_t v, uint32_t mx)
{
    HostV2DI a = ld128(d);
    uint32_t old;
    uint32_t v32 = v;

#define CVTSI(insn, src)                                                \
    asm volatile("stmxcsr %[old]\n\tldmxcsr %[m]\n\t"                   \
                 insn " %[v], %[a]\n\t"                                 \
                 "stmxcsr %[m]\n\tldmxcsr %[old]"                       \
                 : [a] "+x" (a), [m] "+m" (mx), [old] "=m" (old)        \
                 : [v] "r" (src))
    switch (form & 3) {
    case 0:
        CVTSI("cvtsi2ssl", v32);
        break;
    case 1:
        CVTSI("cvtsi2sdl", v32);
        break;
    case 2:
        CVTSI("cvtsi2ssq", v);
        break;
    default:
        CVTSI("cvtsi2sdq", v);
        break;
    }
#undef CVTSI
    memcpy(d, &a, 16);
    return mx & X86_MXCSR_FLAGS;
}

/*
 * CVT(T)SS2SI/CVT(T)SD2SI: form bit 0 double, bit 1 truncate, bit 2
 * 64-bit result.
 */
int x86_host_sse_cvt2si(unsigned form, const X86XMMReg *s, uint32_t mx,
                        uint64_t *out)
{
    HostV2DI a = ld128(s);
    uint32_t old;
    uint64_t r = 0;
    uint32_t r32 = 0;

/* Early-clobber output, as in COMI above. */
#define CVT2SI(insn, dst)                                               \
    asm volatile("stmxcsr %[old]\n\tldmxcsr %[m]\n\t"                   \
                 insn " %[a], %[r]\n\t"                                 \
                 "stmxcsr %[m]\n\tldmxcsr %[old]"                       \
                 : [r] "=&r" (dst), [m] "+m" (mx), [old] "=m" (old)     \
                 : [a] "x" (a))
    switch (form & 7) {
    case 0: CVT2SI("cvtss2si", r32); break;
    case 1: CVT2SI("cvtsd2si", r32); break;
    case 2: CVT2SI("cvttss2si", r32); break;
    case 3: CVT2SI("cvttsd2si", r32); break;
    case 4: CVT2SI("cvtss2siq", r); break;
    case 5: CVT2SI("cvtsd2siq", r); break;
    case 6: CVT2SI("cvttss2siq", r); break;
    default: CVT2SI("cvttsd2siq", r); break;
    }
#undef CVT2SI
    *out = form & 4 ? r : r32;
    return mx & X86_MXCSR_FLAGS;
}

/* ---- x87 ---- */

/*
 * Run @body on the host x87 with the guest's FCW (precision and
 * rounding; exceptions masked) and an empty host stack; the body leaves
 * the stack empty again.  The host FSW after the operation goes to @sw.
 */
#define X87_UNPAREN(...) __VA_ARGS__
#define HOST_X87(body, sw, fcw, outs, ins)                              \
    do {                                                                \
        uint16_t oldcw_, cw_ = (fcw) | 0x3f;                            \
        asm volatile("fnstcw %[oldcw]\n\t"                              \
                     "fldcw %[cw]\n\t"                                  \
                     "fnclex\n\t"                                       \
                     body "\n\t"                                        \
                     "fnclex\n\t"                                       \
                     "fldcw %[oldcw]"                                   \
                     : [oldcw] "=m" (oldcw_), [sw] "=m" (sw),           \
                       X87_UNPAREN outs                                 \
                     : [cw] "m" (cw_) X87_UNPAREN ins);                 \
    } while (0)

int x86_host_x87_load(unsigned kind, const void *src, X86FPReg *out,
                      uint16_t fcw)
{
    uint16_t sw;
    X86FPReg r = { 0 };

#define LOAD(insn)                                                      \
    HOST_X87(insn " %[src]\n\tfnstsw %[sw]\n\tfstpt %[r]", sw, fcw,     \
             ([r] "=m" (r)), (, [src] "m" (*(const char (*)[10])src)))
    switch (kind) {
    case X87_F32: LOAD("flds"); break;
    case X87_F64: LOAD("fldl"); break;
    case X87_F80: LOAD("fldt"); break;
    case X87_I16: LOAD("filds"); break;
    case X87_I32: LOAD("fildl"); break;
    case X87_I64: LOAD("fildll"); break;
    default:
        return -1;
    }
#undef LOAD
    *out = r;
    return sw;
}

int x86_host_x87_store(unsigned kind, const X86FPReg *in, void *dst,
                       uint16_t fcw)
{
    uint16_t sw;
    char buf[10] = { 0 };

#define STORE(insn)                                                     \
    HOST_X87("fldt %[in]\n\t" insn " %[buf]\n\tfnstsw %[sw]", sw, fcw,  \
             ([buf] "=m" (buf)), (, [in] "m" (*in)))
    switch (kind) {
    case X87_F32: STORE("fstps"); break;
    case X87_F64: STORE("fstpl"); break;
    case X87_F80: STORE("fstpt"); break;
    case X87_I16: STORE("fistps"); break;
    case X87_I32: STORE("fistpl"); break;
    case X87_I64: STORE("fistpll"); break;
    case X87_I16T: STORE("fisttps"); break;
    case X87_I32T: STORE("fisttpl"); break;
    case X87_I64T: STORE("fisttpll"); break;
    default:
        return -1;
    }
#undef STORE
    memcpy(dst, buf, x87_kind_size(kind));
    return sw;
}

/* x = x OP y (two operands), or x = OP x (SQRT, RNDINT) */
int x86_host_x87_arith(unsigned op, X86FPReg *x, const X86FPReg *y,
                       uint16_t fcw)
{
    uint16_t sw;
    X86FPReg r = *x;

#define BIN(insn)                                                       \
    HOST_X87("fldt %[y]\n\tfldt %[r]\n\t" insn "\n\tfnstsw %[sw]\n\t"   \
             "fstpt %[r]\n\tfstp %%st(0)", sw, fcw,                     \
             ([r] "+m" (r)), (, [y] "m" (*y)))
#define UN(insn)                                                        \
    HOST_X87("fldt %[r]\n\t" insn "\n\tfnstsw %[sw]\n\tfstpt %[r]",     \
             sw, fcw, ([r] "+m" (r)), ())
    switch (op) {
    case X87_ADD:   BIN("fadd %%st(1), %%st"); break;
    case X87_MUL:   BIN("fmul %%st(1), %%st"); break;
    case X87_SUB:   BIN("fsub %%st(1), %%st"); break;
    case X87_SUBR:  BIN("fsubr %%st(1), %%st"); break;
    case X87_DIV:   BIN("fdiv %%st(1), %%st"); break;
    case X87_DIVR:  BIN("fdivr %%st(1), %%st"); break;
    case X87_COM:   BIN("fcom %%st(1)"); break;
    case X87_UCOM:  BIN("fucom %%st(1)"); break;
    case X87_PREM:  BIN("fprem"); break;
    case X87_PREM1: BIN("fprem1"); break;
    case X87_SCALE: BIN("fscale"); break;
    case X87_SQRT:  UN("fsqrt"); break;
    case X87_RNDINT: UN("frndint"); break;
    default:
        return -1;
    }
#undef BIN
#undef UN
    if (op != X87_COM && op != X87_UCOM) {
        *x = r;
    }
    return sw;
}

int x86_host_x87_const(unsigned k, X86FPReg *out, uint16_t fcw)
{
    uint16_t sw;
    X86FPReg r = { 0 };

#define CONST(insn)                                                     \
    HOST_X87(insn "\n\tfnstsw %[sw]\n\tfstpt %[r]", sw, fcw,            \
             ([r] "=m" (r)), ())
    switch (k) {
    case 0: CONST("fld1"); break;
    case 1: CONST("fldl2t"); break;
    case 2: CONST("fldl2e"); break;
    case 3: CONST("fldpi"); break;
    case 4: CONST("fldlg2"); break;
    case 5: CONST("fldln2"); break;
    case 6: CONST("fldz"); break;
    default:
        return -1;
    }
#undef CONST
    *out = r;
    return sw;
}

/* x = x OP m, m in format @kind (F32, F64, I16, I32): one host insn */
int x86_host_x87_arith_mem(unsigned op, unsigned kind, X86FPReg *x,
                           const void *m, uint16_t fcw)
{
    uint16_t sw;
    X86FPReg r = *x;

#define BINM(insn)                                                      \
    HOST_X87("fldt %[r]\n\t" insn " %[m]\n\tfnstsw %[sw]\n\t"           \
             "fstpt %[r]", sw, fcw, ([r] "+m" (r)),                     \
             (, [m] "m" (*(const char (*)[8])m)))
#define MEM_CASES(p, s)                                                 \
    switch (op) {                                                       \
    case X87_ADD:  BINM(p "add" s); break;                              \
    case X87_MUL:  BINM(p "mul" s); break;                              \
    case X87_COM:  BINM(p "com" s); break;                              \
    case X87_SUB:  BINM(p "sub" s); break;                              \
    case X87_SUBR: BINM(p "subr" s); break;                             \
    case X87_DIV:  BINM(p "div" s); break;                              \
    case X87_DIVR: BINM(p "divr" s); break;                             \
    default: return -1;                                                 \
    }
    switch (kind) {
    case X87_F32: MEM_CASES("f", "s"); break;
    case X87_F64: MEM_CASES("f", "l"); break;
    case X87_I16: MEM_CASES("fi", "s"); break;
    case X87_I32: MEM_CASES("fi", "l"); break;
    default:
        return -1;
    }
#undef MEM_CASES
#undef BINM
    if (op != X87_COM) {
        *x = r;
    }
    return sw;
}
