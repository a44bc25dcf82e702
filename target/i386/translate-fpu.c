/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * trans_NAME() for SSE/SSE2, FXSAVE/FXRSTOR/LDMXCSR/STMXCSR and x87.
 *
 * The SSE rows of insns.decode carry one name per mandatory prefix
 * (SSE_NP, SSE_66, SSE_F3, SSE_F2) with Gv,Ev as the ModRM reg and rm
 * fields; the functions here pick the operation from the opcode and fill
 * the record: op->reg is the destination XMM (or GPR), op->rm the source
 * XMM (or GPR), op->size the memory operand size, op->sub the operation
 * (fpu.h), op->imm the imm8 plus X86_SSE_ALIGN for m128 operands that
 * must be 16-byte aligned.
 */
#include "qemu/osdep.h"
#include "target/i386/fpu.h"
#include "target/i386/x86-decode.h"
#include "qemu/log.h"

enum { P_NP, P_66, P_F3, P_F2 };

/* CPUID.1:EDX bits that gate decoding (the CPU model's, as -cpu sets) */
#define CPUID_FPU   (1u << 0)
#define CPUID_FXSR  (1u << 24)
#define CPUID_SSE   (1u << 25)
#define CPUID_SSE2  (1u << 26)

static bool has_feature(DisasContext *ctx, uint32_t bit)
{
    return ctx->cpu->cpuid.words[X86_FW_1_EDX] & bit;
}

/* SSE2 rows among the unprefixed and F3 ones: 0F C3, F3 0F 5B/6F/7E/7F/E6 */
static uint32_t sse_level(X86DecodedInsn *d, unsigned p)
{
    if (p == P_66 || p == P_F2) {
        return CPUID_SSE2;
    }
    if (p == P_F3 && (d->opcode == 0x5b || d->opcode == 0x6f ||
                      d->opcode == 0x7e || d->opcode == 0x7f ||
                      d->opcode == 0xe6)) {
        return CPUID_SSE2;
    }
    return CPUID_SSE;
}

static X86Op *gen_sse(DisasContext *ctx, X86DecodedInsn *d, X86OpHandler fn,
                      unsigned sub, unsigned size, bool align)
{
    X86Op *op = x86_gen_op(ctx, d, fn);

    op->sub = sub;
    op->size = size;
    op->imm = d->imm & 0xff;
    if (align && size == 16) {
        op->imm |= X86_SSE_ALIGN;
    }
    return op;
}

/* Moves in the store direction: a register destination is ModRM.rm. */
static bool gen_sse_store(DisasContext *ctx, X86DecodedInsn *d,
                          unsigned reg_kind, unsigned size, bool align)
{
    X86Op *op;

    if (d->has_mem) {
        gen_sse(ctx, d, x86_op_sse_mov, SSE_MV_STORE, size, align);
        return true;
    }
    op = gen_sse(ctx, d, x86_op_sse_mov, reg_kind, size, false);
    op->reg = d->rm;
    op->rm = d->reg;
    return true;
}

/* 0F 10-17, 28, 29, 2B: the PS/PD/SS/SD moves */
static bool gen_sse_moves(DisasContext *ctx, X86DecodedInsn *d, unsigned p)
{
    unsigned ssize = p == P_F3 ? 4 : 8;

    switch (d->opcode) {
    case 0x10:
        if (p >= P_F3) {
            return gen_sse(ctx, d, x86_op_sse_mov, d->has_mem ? SSE_MV_LOAD
                           : SSE_MV_MERGE, ssize, false);
        }
        return gen_sse(ctx, d, x86_op_sse_mov, SSE_MV_LOAD, 16, false);
    case 0x11:
        if (p >= P_F3) {
            return gen_sse_store(ctx, d, SSE_MV_MERGE, ssize, false);
        }
        return gen_sse_store(ctx, d, SSE_MV_LOAD, 16, false);
    case 0x12:          /* MOVLPS/MOVLPD m64; MOVHLPS xmm, xmm */
        if (p > P_66 || (p == P_66 && !d->has_mem)) {
            return false;
        }
        return gen_sse(ctx, d, x86_op_sse_mov, d->has_mem ? SSE_MV_MERGE
                       : SSE_MV_HILO, 8, false);
    case 0x13:
    case 0x17:
        if (p > P_66 || !d->has_mem) {
            return false;
        }
        return gen_sse(ctx, d, x86_op_sse_mov, d->opcode == 0x13
                       ? SSE_MV_STORE : SSE_MV_STOREHI, 8, false);
    case 0x16:          /* MOVHPS/MOVHPD m64; MOVLHPS xmm, xmm */
        if (p > P_66 || (p == P_66 && !d->has_mem)) {
            return false;
        }
        return gen_sse(ctx, d, x86_op_sse_mov, SSE_MV_LOADHI, 8, false);
    case 0x28:
        return gen_sse(ctx, d, x86_op_sse_mov, SSE_MV_LOAD, 16, true);
    case 0x29:
        return gen_sse_store(ctx, d, SSE_MV_LOAD, 16, true);
    default:            /* 0x2b MOVNTPS/PD */
        return d->has_mem && gen_sse_store(ctx, d, SSE_MV_LOAD, 16, true);
    }
}

/* Arithmetic with PS/PD/SS/SD forms: the enum has them in that order. */
static bool gen_sse_arith(DisasContext *ctx, X86DecodedInsn *d, unsigned p,
                          unsigned base)
{
    static const uint8_t size[4] = { 16, 16, 4, 8 };

    return gen_sse(ctx, d, x86_op_sse_fp, base + p, size[p], true);
}

static int sse_fp_base(uint8_t opcode)
{
    switch (opcode) {
    case 0x51: return SSE_SQRTPS;
    case 0x58: return SSE_ADDPS;
    case 0x59: return SSE_MULPS;
    case 0x5c: return SSE_SUBPS;
    case 0x5d: return SSE_MINPS;
    case 0x5e: return SSE_DIVPS;
    case 0x5f: return SSE_MAXPS;
    default:   return -1;
    }
}

/* 0F 5A, 5B, E6 and 52, 53: conversions and estimates, by prefix */
static bool gen_sse_cvt(DisasContext *ctx, X86DecodedInsn *d, unsigned p)
{
    static const int8_t ops[5][4] = {
        { SSE_CVTPS2PD, SSE_CVTPD2PS, SSE_CVTSS2SD, SSE_CVTSD2SS },
        { SSE_CVTDQ2PS, SSE_CVTPS2DQ, SSE_CVTTPS2DQ, -1 },
        { -1, SSE_CVTTPD2DQ, SSE_CVTDQ2PD, SSE_CVTPD2DQ },
        { SSE_RSQRTPS, -1, SSE_RSQRTSS, -1 },
        { SSE_RCPPS, -1, SSE_RCPSS, -1 },
    };
    static const uint8_t sizes[5][4] = {
        { 8, 16, 4, 8 }, { 16, 16, 16, 0 }, { 0, 16, 8, 16 },
        { 16, 0, 4, 0 }, { 16, 0, 4, 0 },
    };
    unsigned row = d->opcode == 0x5a ? 0 : d->opcode == 0x5b ? 1
                 : d->opcode == 0xe6 ? 2 : d->opcode == 0x52 ? 3 : 4;

    if (ops[row][p] < 0) {
        return false;
    }
    return gen_sse(ctx, d, x86_op_sse_fp, ops[row][p], sizes[row][p], true);
}

/* The FP and conversion rows common to every prefix; -1: not one. */
static int gen_sse_fp_common(DisasContext *ctx, X86DecodedInsn *d,
                             unsigned p)
{
    static const uint8_t size[4] = { 16, 16, 4, 8 };
    int base = sse_fp_base(d->opcode);
    unsigned gsize = d->rex & 8 ? 8 : 4;
    X86Op *op;

    if (base >= 0) {
        return gen_sse_arith(ctx, d, p, base);
    }
    switch (d->opcode) {
    case 0x52: case 0x53: case 0x5a: case 0x5b: case 0xe6:
        return gen_sse_cvt(ctx, d, p);
    case 0xc2:
        return gen_sse(ctx, d, x86_op_sse_cmp, p, size[p], true) != NULL;
    case 0x2a:          /* CVTSI2SS/SD xmm, r/m32/64 */
        op = gen_sse(ctx, d, x86_op_sse_cvtsi, p == P_F2, gsize, false);
        return op != NULL;
    case 0x2c:
    case 0x2d:          /* CVT(T)SS2SI/SD2SI r32/64, xmm/m */
        op = gen_sse(ctx, d, x86_op_sse_cvt2si,
                     (p == P_F2) | (d->opcode == 0x2c ? 2 : 0), gsize, false);
        return op != NULL;
    default:
        return -1;
    }
}

/* Operations on packed integers shared by the 66 map (and NP logic). */
#define I(x) (SSE_##x + 1)
static const uint8_t sse_int66[256] = {
    [0x14] = I(PUNPCKLDQ), [0x15] = I(PUNPCKHDQ),
    [0x54] = I(PAND), [0x55] = I(PANDN), [0x56] = I(POR), [0x57] = I(PXOR),
    [0x60] = I(PUNPCKLBW), [0x61] = I(PUNPCKLWD), [0x62] = I(PUNPCKLDQ),
    [0x63] = I(PACKSSWB), [0x64] = I(PCMPGTB), [0x65] = I(PCMPGTW),
    [0x66] = I(PCMPGTD), [0x67] = I(PACKUSWB), [0x68] = I(PUNPCKHBW),
    [0x69] = I(PUNPCKHWD), [0x6a] = I(PUNPCKHDQ), [0x6b] = I(PACKSSDW),
    [0x6c] = I(PUNPCKLQDQ), [0x6d] = I(PUNPCKHQDQ),
    [0x70] = I(PSHUFD),
    [0x74] = I(PCMPEQB), [0x75] = I(PCMPEQW), [0x76] = I(PCMPEQD),
    [0xc6] = I(SHUFPD),
    [0xd1] = I(PSRLW), [0xd2] = I(PSRLD), [0xd3] = I(PSRLQ),
    [0xd4] = I(PADDQ), [0xd5] = I(PMULLW),
    [0xd8] = I(PSUBUSB), [0xd9] = I(PSUBUSW), [0xda] = I(PMINUB),
    [0xdb] = I(PAND), [0xdc] = I(PADDUSB), [0xdd] = I(PADDUSW),
    [0xde] = I(PMAXUB), [0xdf] = I(PANDN),
    [0xe0] = I(PAVGB), [0xe1] = I(PSRAW), [0xe2] = I(PSRAD),
    [0xe3] = I(PAVGW), [0xe4] = I(PMULHUW), [0xe5] = I(PMULHW),
    [0xe8] = I(PSUBSB), [0xe9] = I(PSUBSW), [0xea] = I(PMINSW),
    [0xeb] = I(POR), [0xec] = I(PADDSB), [0xed] = I(PADDSW),
    [0xee] = I(PMAXSW), [0xef] = I(PXOR),
    [0xf1] = I(PSLLW), [0xf2] = I(PSLLD), [0xf3] = I(PSLLQ),
    [0xf4] = I(PMULUDQ), [0xf5] = I(PMADDWD), [0xf6] = I(PSADBW),
    [0xf8] = I(PSUBB), [0xf9] = I(PSUBW), [0xfa] = I(PSUBD),
    [0xfb] = I(PSUBQ), [0xfc] = I(PADDB), [0xfd] = I(PADDW),
    [0xfe] = I(PADDD),
};

/* 0F 14/15 in the 66 map are UNPCKLPD/UNPCKHPD: whole quadwords. */
static const uint8_t sse_int66_pd[256] = {
    [0x14] = I(PUNPCKLQDQ), [0x15] = I(PUNPCKHQDQ),
};
#undef I

/* 66 0F 71-73 ib: shifts of ModRM.rm by an immediate */
static bool gen_sse_shift_imm(DisasContext *ctx, X86DecodedInsn *d)
{
    static const int8_t ops[3][8] = {
        { -1, -1, SSE_PSRLW, -1, SSE_PSRAW, -1, SSE_PSLLW, -1 },
        { -1, -1, SSE_PSRLD, -1, SSE_PSRAD, -1, SSE_PSLLD, -1 },
        { -1, -1, SSE_PSRLQ, SSE_PSRLDQ, -1, -1, SSE_PSLLQ, SSE_PSLLDQ },
    };
    int kind = ops[d->opcode - 0x71][(d->modrm >> 3) & 7];

    if (d->has_mem || kind < 0) {
        return false;
    }
    gen_sse(ctx, d, x86_op_sse_shift_imm, kind, 16, false);
    return true;
}

static bool gen_sse_misc(DisasContext *ctx, X86DecodedInsn *d, unsigned p)
{
    switch (d->opcode) {
    case 0x2e:
    case 0x2f:          /* (U)COMISS/SD */
        if (p > P_66) {
            return false;
        }
        return gen_sse(ctx, d, x86_op_sse_comi, p * 2 + (d->opcode & 1),
                       p ? 8 : 4, false);
    case 0x50:          /* MOVMSKPS/PD */
        if (d->has_mem || p > P_66) {
            return false;
        }
        return gen_sse(ctx, d, x86_op_sse_movmsk, p ? 8 : 4, 4, false);
    case 0xc6:
        if (p == P_NP) {
            return gen_sse(ctx, d, x86_op_sse_int, SSE_SHUFPS, 16, true);
        }
        return false;
    case 0x14:
    case 0x15:
        if (p == P_66) {
            return gen_sse(ctx, d, x86_op_sse_int,
                           sse_int66_pd[d->opcode] - 1, 16, true);
        }
        break;
    }
    if (p <= P_66 && d->opcode >= 0x14 &&
        (d->opcode <= 0x15 || (d->opcode >= 0x54 && d->opcode <= 0x57))) {
        return gen_sse(ctx, d, x86_op_sse_int, sse_int66[d->opcode] - 1, 16,
                       true);
    }
    return false;
}

static bool gen_sse_66(DisasContext *ctx, X86DecodedInsn *d)
{
    unsigned gsize = d->rex & 8 ? 8 : 4;

    switch (d->opcode) {
    case 0x6e:
        return gen_sse(ctx, d, x86_op_sse_movd_to, 0, gsize, false);
    case 0x7e:
        return gen_sse(ctx, d, x86_op_sse_movd_from, 0, gsize, false);
    case 0x6f:
        return gen_sse(ctx, d, x86_op_sse_mov, SSE_MV_LOAD, 16, true);
    case 0x7f:
        return gen_sse_store(ctx, d, SSE_MV_LOAD, 16, true);
    case 0xe7:
        return d->has_mem && gen_sse_store(ctx, d, SSE_MV_LOAD, 16, true);
    case 0xd6:          /* MOVQ xmm/m64, xmm */
        return gen_sse_store(ctx, d, SSE_MV_LOAD, 8, false);
    case 0x71: case 0x72: case 0x73:
        return gen_sse_shift_imm(ctx, d);
    case 0xd7:
        return !d->has_mem &&
               gen_sse(ctx, d, x86_op_sse_movmsk, 1, 4, false);
    case 0xc4:
        return gen_sse(ctx, d, x86_op_sse_pinsrw, 0, 4, false);
    case 0xc5:
        return !d->has_mem &&
               gen_sse(ctx, d, x86_op_sse_pextrw, 0, 4, false);
    }
    if (d->opcode >= 0x60 && sse_int66[d->opcode]) {
        return gen_sse(ctx, d, x86_op_sse_int, sse_int66[d->opcode] - 1, 16,
                       true);
    }
    return gen_sse_misc(ctx, d, P_66);
}

static bool gen_sse_any(DisasContext *ctx, X86DecodedInsn *d, unsigned p)
{
    int r;

    if (!has_feature(ctx, sse_level(d, p))) {
        return false;               /* #UD: the CPU model has no SSE(2) */
    }
    if ((d->opcode >= 0x10 && d->opcode <= 0x17 && (d->opcode & 6) != 4) ||
        d->opcode == 0x28 ||
        d->opcode == 0x29 || d->opcode == 0x2b) {
        return gen_sse_moves(ctx, d, p);
    }
    r = gen_sse_fp_common(ctx, d, p);
    if (r >= 0) {
        return r;
    }
    return p == P_66 ? gen_sse_66(ctx, d) : gen_sse_misc(ctx, d, p);
}

bool trans_SSE_NP(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_sse_any(ctx, d, P_NP);
}

bool trans_SSE_66(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_sse_any(ctx, d, P_66);
}

bool trans_SSE_F3(DisasContext *ctx, X86DecodedInsn *d)
{
    if (!has_feature(ctx, sse_level(d, P_F3))) {
        return false;
    }
    switch (d->opcode) {
    case 0x6f:          /* MOVDQU */
        return gen_sse(ctx, d, x86_op_sse_mov, SSE_MV_LOAD, 16, false);
    case 0x7f:
        return gen_sse_store(ctx, d, SSE_MV_LOAD, 16, false);
    case 0x7e:          /* MOVQ xmm, xmm/m64 */
        return gen_sse(ctx, d, x86_op_sse_mov, SSE_MV_LOAD, 8, false);
    case 0x70:
        return gen_sse(ctx, d, x86_op_sse_int, SSE_PSHUFHW, 16, true);
    }
    return gen_sse_any(ctx, d, P_F3);
}

bool trans_SSE_F2(DisasContext *ctx, X86DecodedInsn *d)
{
    if (!has_feature(ctx, CPUID_SSE2)) {
        return false;
    }
    if (d->opcode == 0x70) {
        return gen_sse(ctx, d, x86_op_sse_int, SSE_PSHUFLW, 16, true);
    }
    return gen_sse_any(ctx, d, P_F2);
}

/* MOVNTI m32/64, r32/64: an ordinary store here (no caches to bypass) */
bool trans_MOVNTI(DisasContext *ctx, X86DecodedInsn *d)
{
    X86Op *op;

    if (!has_feature(ctx, CPUID_SSE2)) {
        return false;
    }
    op = x86_gen_op(ctx, d, x86_op_mov_store);
    op->size = d->rex & 8 ? 8 : 4;
    return true;
}

bool trans_LDMXCSR(DisasContext *ctx, X86DecodedInsn *d)
{
    return has_feature(ctx, CPUID_SSE) && x86_gen_op(ctx, d, x86_op_ldmxcsr);
}

bool trans_STMXCSR(DisasContext *ctx, X86DecodedInsn *d)
{
    return has_feature(ctx, CPUID_SSE) && x86_gen_op(ctx, d, x86_op_stmxcsr);
}

/* FXSAVE/FXRSTOR (REX.W: FXSAVE64, 64-bit FIP/FDP): op->sub = REX.W */
bool trans_FXSAVE(DisasContext *ctx, X86DecodedInsn *d)
{
    X86Op *op;

    if (!has_feature(ctx, CPUID_FXSR)) {
        return false;
    }
    op = x86_gen_op(ctx, d, x86_op_fxsave);
    op->sub = !!(d->rex & 8);
    return true;
}

bool trans_FXRSTOR(DisasContext *ctx, X86DecodedInsn *d)
{
    X86Op *op;

    if (!has_feature(ctx, CPUID_FXSR)) {
        return false;
    }
    op = x86_gen_op(ctx, d, x86_op_fxrstor);
    op->sub = !!(d->rex & 8);
    return true;
}

/* ---- x87 ---- */

static X86Op *gen_x87(DisasContext *ctx, X86DecodedInsn *d, X86OpHandler fn,
                      unsigned sub, uint32_t imm)
{
    X86Op *op = x86_gen_op(ctx, d, fn);

    op->sub = sub;
    op->imm = imm | (uint32_t)(((d->opcode & 7) << 8) | d->modrm)
                    << X87_IMM_FOP_SHIFT;
    /* 16-bit operand size (CS.D ^ 66): 14-byte FNSTENV/FLDENV images */
    op->size = !(ctx->flags & (X86_HF_CS32 | X86_HF_CS64)) ^
               !!(d->prefixes & X86_PFX_66) ? 2 : 4;
    return op;
}

static uint32_t kind_imm(unsigned kind)
{
    return (kind + 1) << X87_IMM_KIND_SHIFT;
}

/* D8 DA DC DE memory: ST(0) op= m32fp, m32int, m64fp, m16int */
static bool gen_x87_arith_mem(DisasContext *ctx, X86DecodedInsn *d,
                              unsigned r)
{
    static const uint8_t kinds[4] = { X87_F32, X87_I32, X87_F64, X87_I16 };
    unsigned kind = kinds[(d->opcode - 0xd8) >> 1];

    gen_x87(ctx, d, x86_op_x87_arith, r == 3 ? X87_COM : r,
            kind_imm(kind) | (r == 3 ? X87_IMM_POP1 : 0));
    return true;
}

/* D8 DC DE registers: ST(0) op= ST(i), or ST(i) op= ST(0) [and pop] */
static bool gen_x87_arith_reg(DisasContext *ctx, X86DecodedInsn *d,
                              unsigned r, unsigned i)
{
    static const uint8_t rev[8] = {
        X87_ADD, X87_MUL, X87_COM, X87_COM, X87_SUBR, X87_SUB, X87_DIVR,
        X87_DIV,
    };
    uint32_t imm = i;
    unsigned kind = r == 3 ? X87_COM : r;

    if (d->opcode == 0xde && r == 3) {
        if (i != 1) {
            return false;
        }
        return gen_x87(ctx, d, x86_op_x87_arith, X87_COM, 1 | 0x20);
    }
    if (d->opcode != 0xd8) {
        kind = rev[r];
        imm |= r != 2 && r != 3 ? X87_IMM_STI : 0;
    }
    if (r == 3 || d->opcode == 0xde) {
        imm |= X87_IMM_POP1;
    }
    gen_x87(ctx, d, x86_op_x87_arith, kind, imm);
    return true;
}

/* D9 E0-FF (register forms without an operand) */
static bool gen_x87_d9_e(DisasContext *ctx, X86DecodedInsn *d, unsigned m)
{
    switch (m) {
    case 0xe0: return gen_x87(ctx, d, x86_op_x87_misc, X87M_FCHS, 0);
    case 0xe1: return gen_x87(ctx, d, x86_op_x87_misc, X87M_FABS, 0);
    case 0xe4:
        return gen_x87(ctx, d, x86_op_x87_arith, X87_COM, X87_IMM_ZERO);
    case 0xe5: return gen_x87(ctx, d, x86_op_x87_misc, X87M_FXAM, 0);
    case 0xe8 ... 0xee:
        return gen_x87(ctx, d, x86_op_x87_ld, m - 0xe8, X87_IMM_CONST);
    case 0xf5: return gen_x87(ctx, d, x86_op_x87_arith, X87_PREM1, 1);
    case 0xf6: return gen_x87(ctx, d, x86_op_x87_misc, X87M_FDECSTP, 0);
    case 0xf7: return gen_x87(ctx, d, x86_op_x87_misc, X87M_FINCSTP, 0);
    case 0xf8: return gen_x87(ctx, d, x86_op_x87_arith, X87_PREM, 1);
    case 0xfa: return gen_x87(ctx, d, x86_op_x87_arith, X87_SQRT, 0);
    case 0xfc: return gen_x87(ctx, d, x86_op_x87_arith, X87_RNDINT, 0);
    case 0xfd: return gen_x87(ctx, d, x86_op_x87_arith, X87_SCALE, 1);
    default:
        /* F2XM1, FYL2X, FPTAN, FPATAN, FXTRACT, FYL2XP1, FSIN, ... */
        qemu_log_mask(LOG_UNIMP, "x86: x87 D9 %02x is not implemented\n",
                      m);
        return false;
    }
}

static bool gen_x87_d9(DisasContext *ctx, X86DecodedInsn *d, unsigned r,
                       unsigned i)
{
    static const int8_t mem[8] = {
        -1, -2, -3, -4, X87C_FLDENV, X87C_FLDCW, X87C_FNSTENV, X87C_FNSTCW,
    };

    if (d->has_mem) {
        switch (mem[r]) {
        case -1:
            return gen_x87(ctx, d, x86_op_x87_ld, 0, kind_imm(X87_F32));
        case -2:
            return false;
        case -3:
        case -4:
            return gen_x87(ctx, d, x86_op_x87_st, 0, kind_imm(X87_F32) |
                           (r == 3 ? X87_IMM_POP1 : 0));
        default:
            return gen_x87(ctx, d, x86_op_x87_ctl, mem[r], 0);
        }
    }
    switch (r) {
    case 0:
        return gen_x87(ctx, d, x86_op_x87_ld, 0, i);
    case 1:
        return gen_x87(ctx, d, x86_op_x87_misc, X87M_FXCH, i);
    case 2:
        return i == 0 && gen_x87(ctx, d, x86_op_x87_misc, X87M_FNOP, 0);
    case 3:
        return false;
    default:
        return gen_x87_d9_e(ctx, d, d->modrm);
    }
}

/* DB, DD, DF memory: integer/80-bit loads and stores, state */
static bool gen_x87_ldst_mem(DisasContext *ctx, X86DecodedInsn *d,
                             unsigned r)
{
    /* per opcode DB, DD, DF and ModRM.reg: load kind, store kind */
    static const int8_t ld[3][8] = {
        { X87_I32, -1, -1, -1, -1, X87_F80, -1, -1 },
        { X87_F64, -1, -1, -1, -1, -1, -1, -1 },
        { X87_I16, -1, -1, -1, -1, X87_I64, -1, -1 },
    };
    static const int8_t st[3][8] = {
        { -1, X87_I32T, X87_I32, X87_I32, -1, -1, -1, X87_F80 },
        { -1, X87_I64T, X87_F64, X87_F64, -1, -1, -1, -1 },
        { -1, X87_I16T, X87_I16, X87_I16, -1, -1, -1, X87_I64 },
    };
    unsigned row = (d->opcode - 0xdb) >> 1;

    if (ld[row][r] >= 0) {
        return gen_x87(ctx, d, x86_op_x87_ld, 0, kind_imm(ld[row][r]));
    }
    if (st[row][r] >= 0) {
        return gen_x87(ctx, d, x86_op_x87_st, 0, kind_imm(st[row][r]) |
                       (r == 1 || r == 3 || r == 7 ? X87_IMM_POP1 : 0));
    }
    if (d->opcode == 0xdd && r >= 4) {
        static const int8_t ctl[4] = {
            X87C_FRSTOR, -1, X87C_FNSAVE, X87C_FNSTSW,
        };

        return ctl[r - 4] >= 0 &&
               gen_x87(ctx, d, x86_op_x87_ctl, ctl[r - 4], 0);
    }
    qemu_log_mask(LOG_UNIMP, "x86: x87 %02x /%u is not implemented\n",
                  d->opcode, r);
    return false;
}

/* DA, DB register forms: FCMOVcc, FUCOMPP, FNCLEX, FNINIT, F(U)COMI */
static bool gen_x87_da_db(DisasContext *ctx, X86DecodedInsn *d, unsigned r,
                          unsigned i)
{
    static const uint8_t cc[4] = { 2, 4, 6, 10 };
    bool neg = d->opcode == 0xdb;

    if (r < 4) {
        return gen_x87(ctx, d, x86_op_x87_misc, X87M_FCMOV,
                       i | (cc[r] + neg) << 8);
    }
    if (!neg) {
        return d->modrm == 0xe9 &&
               gen_x87(ctx, d, x86_op_x87_arith, X87_UCOM, 1 | 0x20);
    }
    switch (d->modrm) {
    case 0xe0: case 0xe1: case 0xe4:        /* FENI, FDISI, FSETPM */
        return gen_x87(ctx, d, x86_op_x87_misc, X87M_FNOP, 0);
    case 0xe2:
        return gen_x87(ctx, d, x86_op_x87_misc, X87M_FNCLEX, 0);
    case 0xe3:
        return gen_x87(ctx, d, x86_op_x87_misc, X87M_FNINIT, 0);
    }
    if (r == 5 || r == 6) {
        return gen_x87(ctx, d, x86_op_x87_arith, r == 5 ? X87_UCOM : X87_COM,
                       i | X87_IMM_EFLAGS);
    }
    return false;
}

static bool gen_x87_dd_df(DisasContext *ctx, X86DecodedInsn *d, unsigned r,
                          unsigned i)
{
    if (d->opcode == 0xdf) {
        if (d->modrm == 0xe0) {
            return gen_x87(ctx, d, x86_op_x87_misc, X87M_FNSTSW_AX, 0);
        }
        if (r == 5 || r == 6) {
            return gen_x87(ctx, d, x86_op_x87_arith,
                           r == 5 ? X87_UCOM : X87_COM,
                           i | X87_IMM_EFLAGS | X87_IMM_POP1);
        }
        return false;
    }
    switch (r) {
    case 0:
        return gen_x87(ctx, d, x86_op_x87_misc, X87M_FFREE, i);
    case 2:
    case 3:
        return gen_x87(ctx, d, x86_op_x87_st, 0,
                       i | (r == 3 ? X87_IMM_POP1 : 0));
    case 4:
    case 5:
        return gen_x87(ctx, d, x86_op_x87_arith, X87_UCOM,
                       i | (r == 5 ? X87_IMM_POP1 : 0));
    default:
        return false;
    }
}

bool trans_X87(DisasContext *ctx, X86DecodedInsn *d)
{
    unsigned r = (d->modrm >> 3) & 7, i = d->modrm & 7;

    if (!has_feature(ctx, CPUID_FPU)) {
        return false;
    }
    switch (d->opcode) {
    case 0xd8: case 0xda: case 0xdc: case 0xde:
        if (d->has_mem) {
            return gen_x87_arith_mem(ctx, d, r);
        }
        if (d->opcode == 0xda) {
            return gen_x87_da_db(ctx, d, r, i);
        }
        return gen_x87_arith_reg(ctx, d, r, i);
    case 0xd9:
        return gen_x87_d9(ctx, d, r, i);
    case 0xdb:
        return d->has_mem ? gen_x87_ldst_mem(ctx, d, r)
                          : gen_x87_da_db(ctx, d, r, i);
    default:
        return d->has_mem ? gen_x87_ldst_mem(ctx, d, r)
                          : gen_x87_dd_df(ctx, d, r, i);
    }
}

bool trans_FWAIT(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_fwait);
}
