/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x87 and SSE internals shared by translate-fpu.c, ops-sse.c, ops-fpu.c
 * and fpu-state.c: the availability checks (CR0.EM/TS/MP, CR4.OSFXSR),
 * 128-bit memory accesses and the operation numbers records carry.
 *
 * See docs/devel/x86-engine.md, "FPU/SSE state and handlers".
 */
#ifndef TARGET_I386_FPU_H
#define TARGET_I386_FPU_H

#include "target/i386/engine.h"

#define X86_EXCP_NM 7
#define X86_EXCP_MF 16
#define X86_EXCP_XM 19

/* MXCSR */
#define X86_MXCSR_FLAGS     0x003fu     /* IE DE ZE OE UE PE */
#define X86_MXCSR_MASKS     0x1f80u
#define X86_MXCSR_RC_SHIFT  13
#define X86_MXCSR_VALID     0xffffu     /* MXCSR_MASK: DAZ supported */

/* X86Op.imm bits above the imm8 for SSE records */
#define X86_SSE_ALIGN   (1u << 8)       /* m128 operand must be aligned */

/* Raise #UD/#NM unless SSE instructions may run (CR0, CR4.OSFXSR). */
void QEMU_NORETURN x86_sse_unavailable(X86CPU *cpu, const X86Op *op);
/* Raise #NM unless x87 instructions may run (CR0.EM, CR0.TS). */
void QEMU_NORETURN x86_fpu_unavailable(X86CPU *cpu, const X86Op *op);

static inline void x86_sse_check(X86CPU *cpu, const X86Op *op)
{
    const CPUX86State *env = &cpu->env;

    if (unlikely((env->cr[0] & (X86_CR0_EM | X86_CR0_TS)) ||
                 !(env->cr[4] & X86_CR4_OSFXSR))) {
        x86_sse_unavailable(cpu, op);
    }
}

static inline void x86_fpu_check(X86CPU *cpu, const X86Op *op)
{
    if (unlikely(cpu->env.cr[0] & (X86_CR0_EM | X86_CR0_TS))) {
        x86_fpu_unavailable(cpu, op);
    }
}

/* Effective address of an SSE memory operand, with the #GP(0) check. */
static inline uint64_t x86_sse_ea(X86CPU *cpu, const X86Op *op)
{
    uint64_t ea = x86_ea(cpu, op);

    if ((op->imm & X86_SSE_ALIGN) && (ea & 15)) {
        x86_raise(cpu, op, X86_EXCP_GP, 0);
    }
    return ea;
}

/* Load @size bytes (4, 8 or 16) into @v, zeroing the rest. */
static inline void x86_sse_ld(X86CPU *cpu, const X86Op *op, uint64_t ea,
                              unsigned size, X86XMMReg *v)
{
    v->q[1] = 0;
    if (size == 4) {
        v->q[0] = (uint32_t)x86_ld(cpu, op, ea, 4);
        return;
    }
    v->q[0] = x86_ld(cpu, op, ea, 8);
    if (size == 16) {
        v->q[1] = x86_ld(cpu, op, ea + 8, 8);
    }
}

/* Store @size bytes (4, 8, 16) of @v; all or nothing across pages. */
void x86_sse_st(X86CPU *cpu, const X86Op *op, uint64_t ea, unsigned size,
                const X86XMMReg *v);

/*
 * The source operand of an SSE record: XMM op->rm, or op->size bytes
 * from memory into @tmp (zero-extended).
 */
static inline const X86XMMReg *x86_sse_src(X86CPU *cpu, const X86Op *op,
                                           X86XMMReg *tmp)
{
    if (op->flags & X86_OPF_MEM) {
        x86_sse_ld(cpu, op, x86_sse_ea(cpu, op), op->size, tmp);
        return tmp;
    }
    return &cpu->env.xmm[op->rm];
}

/*
 * Fold SSE exception flags @flags raised by an operation into MXCSR, or
 * raise #XM (#UD when CR4.OSXMMEXCPT = 0) if one of them is unmasked;
 * the destination is then left unchanged.
 */
static inline void x86_sse_flags(X86CPU *cpu, const X86Op *op,
                                 uint32_t flags)
{
    uint32_t mx = cpu->env.mxcsr;

    if (unlikely(flags & ~(mx >> 7) & X86_MXCSR_FLAGS)) {
        cpu->env.mxcsr = mx | flags;
        x86_raise(cpu, op, cpu->env.cr[4] & X86_CR4_OSXMMEXCPT
                           ? X86_EXCP_XM : X86_EXCP_UD, 0);
    }
    cpu->env.mxcsr = mx | flags;
}

/* The MXCSR the host runs an operation with: all exceptions masked. */
static inline uint32_t x86_sse_host_mxcsr(const CPUX86State *env)
{
    return (env->mxcsr & ~X86_MXCSR_FLAGS) | X86_MXCSR_MASKS;
}

/* SSE operations: op->sub of the sse_fp / sse_int records. */
typedef enum X86SSEFpOp {
    SSE_ADDPS, SSE_ADDPD, SSE_ADDSS, SSE_ADDSD,
    SSE_SUBPS, SSE_SUBPD, SSE_SUBSS, SSE_SUBSD,
    SSE_MULPS, SSE_MULPD, SSE_MULSS, SSE_MULSD,
    SSE_DIVPS, SSE_DIVPD, SSE_DIVSS, SSE_DIVSD,
    SSE_MINPS, SSE_MINPD, SSE_MINSS, SSE_MINSD,
    SSE_MAXPS, SSE_MAXPD, SSE_MAXSS, SSE_MAXSD,
    SSE_SQRTPS, SSE_SQRTPD, SSE_SQRTSS, SSE_SQRTSD,
    SSE_RSQRTPS, SSE_RSQRTSS, SSE_RCPPS, SSE_RCPSS,
    SSE_CVTPS2PD, SSE_CVTPD2PS, SSE_CVTSS2SD, SSE_CVTSD2SS,
    SSE_CVTDQ2PS, SSE_CVTPS2DQ, SSE_CVTTPS2DQ,
    SSE_CVTDQ2PD, SSE_CVTTPD2DQ, SSE_CVTPD2DQ,
    SSE_FP_NB
} X86SSEFpOp;

typedef enum X86SSEIntOp {
    /* bitwise (also ANDPS/ANDNPS/ORPS/XORPS and the PD forms) */
    SSE_PAND, SSE_PANDN, SSE_POR, SSE_PXOR,
    SSE_PADDB, SSE_PADDW, SSE_PADDD, SSE_PADDQ,
    SSE_PSUBB, SSE_PSUBW, SSE_PSUBD, SSE_PSUBQ,
    SSE_PADDSB, SSE_PADDSW, SSE_PADDUSB, SSE_PADDUSW,
    SSE_PSUBSB, SSE_PSUBSW, SSE_PSUBUSB, SSE_PSUBUSW,
    SSE_PCMPEQB, SSE_PCMPEQW, SSE_PCMPEQD,
    SSE_PCMPGTB, SSE_PCMPGTW, SSE_PCMPGTD,
    SSE_PMINUB, SSE_PMAXUB, SSE_PMINSW, SSE_PMAXSW,
    SSE_PAVGB, SSE_PAVGW,
    SSE_PMULLW, SSE_PMULHW, SSE_PMULHUW, SSE_PMULUDQ, SSE_PMADDWD,
    SSE_PSADBW,
    SSE_PUNPCKLBW, SSE_PUNPCKLWD, SSE_PUNPCKLDQ, SSE_PUNPCKLQDQ,
    SSE_PUNPCKHBW, SSE_PUNPCKHWD, SSE_PUNPCKHDQ, SSE_PUNPCKHQDQ,
    SSE_PACKSSWB, SSE_PACKSSDW, SSE_PACKUSWB,
    /* shifts: count from the source's low quadword (or imm8) */
    SSE_PSRLW, SSE_PSRLD, SSE_PSRLQ, SSE_PSRAW, SSE_PSRAD,
    SSE_PSLLW, SSE_PSLLD, SSE_PSLLQ, SSE_PSRLDQ, SSE_PSLLDQ,
    /* with imm8 */
    SSE_PSHUFD, SSE_PSHUFHW, SSE_PSHUFLW, SSE_SHUFPS, SSE_SHUFPD,
    SSE_INT_NB
} X86SSEIntOp;

/* Moves (sse_mov records) */
typedef enum X86SSEMovOp {
    SSE_MV_LOAD,        /* xmm = src (op->size bytes), rest zero */
    SSE_MV_MERGE,       /* low op->size bytes of xmm = src */
    SSE_MV_LOADHI,      /* high qword = src low qword (MOVHPS, MOVLHPS) */
    SSE_MV_HILO,        /* low qword = src high qword (MOVHLPS) */
    SSE_MV_STORE,       /* memory = low op->size bytes of xmm */
    SSE_MV_STOREHI,     /* memory = high qword (MOVHPS store) */
} X86SSEMovOp;

/*
 * The host floating-point backend (host-fp-x86.c on x86-64 hosts, where
 * the host's SSE and x87 units are the reference; host-fp-stub.c
 * elsewhere, where every call returns -1: not available).  Each returns
 * the exception flags the operation raised (MXCSR bits 0-5), or -1.
 * @mx is the guest MXCSR to run with (x86_sse_host_mxcsr()).
 */
int x86_host_sse_fp(unsigned kind, X86XMMReg *d, const X86XMMReg *s,
                    uint32_t mx);
/* form: 0 PS, 1 PD, 2 SS, 3 SD; pred: imm8 0-7 */
int x86_host_sse_cmp(unsigned form, unsigned pred, X86XMMReg *d,
                     const X86XMMReg *s, uint32_t mx);
/* form: 0 UCOMISS, 1 COMISS, 2 UCOMISD, 3 COMISD; ZF/PF/CF in *eflags */
int x86_host_sse_comi(unsigned form, const X86XMMReg *d, const X86XMMReg *s,
                      uint32_t mx, uint32_t *eflags);
/* form: bit 0 double, bit 1 64-bit source */
int x86_host_sse_cvtsi(unsigned form, X86XMMReg *d, uint64_t v, uint32_t mx);
/* form: bit 0 double, bit 1 truncate, bit 2 64-bit result */
int x86_host_sse_cvt2si(unsigned form, const X86XMMReg *s, uint32_t mx,
                        uint64_t *out);

/* x87 memory formats (x86_host_x87_load/store) */
typedef enum X87Kind {
    X87_F32, X87_F64, X87_F80, X87_I16, X87_I32, X87_I64,
    X87_I16T, X87_I32T, X87_I64T,       /* FISTTP: truncating stores */
} X87Kind;

static inline unsigned x87_kind_size(unsigned kind)
{
    static const uint8_t sizes[] = { 4, 8, 10, 2, 4, 8, 2, 4, 8 };

    return sizes[kind];
}

/* x87 operations; 0-7 follow ModRM.reg of D8 (3, FCOMP, is COM + pop) */
typedef enum X87Op {
    X87_ADD, X87_MUL, X87_COM, X87_UCOM, X87_SUB, X87_SUBR, X87_DIV,
    X87_DIVR, X87_PREM, X87_PREM1, X87_SCALE, X87_SQRT, X87_RNDINT,
} X87Op;

/* X86Op.imm of x87 records */
#define X87_IMM_I       0x0007u     /* ST(i) */
#define X87_IMM_STI     0x0008u     /* ST(i) is the destination */
#define X87_IMM_POP1    0x0010u     /* pop once after (0x20: twice) */
#define X87_IMM_EFLAGS  0x0040u     /* FCOMI/FUCOMI: result in EFLAGS */
#define X87_IMM_ZERO    0x0080u     /* FTST: the operand is +0.0 */
#define X87_IMM_KIND_SHIFT 8        /* memory format + 1 (0: register) */
#define X87_IMM_CONST   0x1000u     /* FLD constant op->sub */
#define X87_IMM_FOP_SHIFT 16        /* FOP: opcode bits 2-0, ModRM */

/* x87_misc and x87_ctl records (op->sub) */
typedef enum X87Misc {
    X87M_FXCH, X87M_FCHS, X87M_FABS, X87M_FXAM, X87M_FINCSTP,
    X87M_FDECSTP, X87M_FFREE, X87M_FNOP, X87M_FNCLEX, X87M_FNINIT,
    X87M_FCMOV, X87M_FNSTSW_AX, X87M_FXTRACT,
    X87C_FLDCW, X87C_FNSTCW, X87C_FNSTSW, X87C_FLDENV, X87C_FNSTENV,
    X87C_FNSAVE, X87C_FRSTOR,
} X87Misc;

/* Host x87 (FSW after the operation, or -1): @fcw is the guest's FCW. */
int x86_host_x87_load(unsigned kind, const void *src, X86FPReg *out,
                      uint16_t fcw);
int x86_host_x87_store(unsigned kind, const X86FPReg *in, void *dst,
                       uint16_t fcw);
int x86_host_x87_arith(unsigned op, X86FPReg *x, const X86FPReg *y,
                       uint16_t fcw);
/* x = x OP m with m in memory format @kind (F32, F64, I16, I32) */
int x86_host_x87_arith_mem(unsigned op, unsigned kind, X86FPReg *x,
                           const void *m, uint16_t fcw);
/* FLD1, FLDL2T, FLDL2E, FLDPI, FLDLG2, FLDLN2, FLDZ: k = 0..6 */
int x86_host_x87_const(unsigned k, X86FPReg *out, uint16_t fcw);

/* fpu-state.c */
void x86_fxsave_image(X86CPU *cpu, uint8_t *img, bool rex_w);
bool x86_fxrstor_image(X86CPU *cpu, const uint8_t *img, bool rex_w);
uint16_t x86_fpu_get_fsw(const CPUX86State *env);
uint16_t x86_fpu_get_ftw(const CPUX86State *env);
void x86_fpu_finit(CPUX86State *env);

#endif
