/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SSE/SSE2 handlers: moves, packed integer operations, floating point
 * (scalar and packed single/double), compares, conversions, MXCSR.
 *
 * Floating point runs on the host's SSE unit, which is bit-exact with
 * the architecture: each operation loads the guest MXCSR (rounding, DAZ,
 * FTZ) with every exception masked, and reads the exception flags back;
 * a flag the guest has unmasked raises #XM without writing the result.
 * Integer operations are plain C.
 */
#include "qemu/osdep.h"
#include "target/i386/fpu.h"
#include "qemu/log.h"

/* ---- availability, stores ---- */

void x86_sse_unavailable(X86CPU *cpu, const X86Op *op)
{
    const CPUX86State *env = &cpu->env;

    if ((env->cr[0] & X86_CR0_EM) || !(env->cr[4] & X86_CR4_OSFXSR)) {
        x86_raise(cpu, op, X86_EXCP_UD, 0);
    }
    x86_raise(cpu, op, X86_EXCP_NM, 0);
}

void x86_sse_st(X86CPU *cpu, const X86Op *op, uint64_t ea, unsigned size,
                const X86XMMReg *v)
{
    uint64_t page_end = (ea | 0xfff) + 1;

    if (size == 4) {
        x86_st(cpu, op, ea, 4, v->l[0]);
        return;
    }
    if (size == 16 && page_end - ea < 16 && page_end - ea != 8) {
        /*
         * A 16-byte store split into quadwords whose boundary is not the
         * page boundary: store first the 8 bytes straddling the page
         * boundary (one access, both pages checked before any byte is
         * written), so that a fault leaves memory untouched.
         */
        uint64_t at = page_end - 4 < ea ? ea : page_end - 4;
        uint64_t q;

        at = at > ea + 8 ? ea + 8 : at;
        memcpy(&q, v->b + (at - ea), 8);
        x86_st(cpu, op, at, 8, q);
    } else if (size == 16 && page_end - ea == 8) {
        /* the halves are on different pages: check the second first */
        x86_st(cpu, op, ea + 8, 8, v->q[1]);
    }
    x86_st(cpu, op, ea, 8, v->q[0]);
    if (size == 16) {
        x86_st(cpu, op, ea + 8, 8, v->q[1]);
    }
}

/* ---- moves ---- */

const X86Op *x86_op_sse_mov(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    X86XMMReg tmp;
    const X86XMMReg *s;
    X86XMMReg *d = &env->xmm[op->reg];

    x86_sse_check(cpu, op);
    switch (op->sub) {
    case SSE_MV_STORE:
        x86_sse_st(cpu, op, x86_sse_ea(cpu, op), op->size, d);
        return x86_next(cpu, op);
    case SSE_MV_STOREHI:
        x86_st(cpu, op, x86_ea(cpu, op), 8, d->q[1]);
        return x86_next(cpu, op);
    }
    s = x86_sse_src(cpu, op, &tmp);
    switch (op->sub) {
    case SSE_MV_LOAD:
        tmp = *s;
        if (op->size < 16) {
            memset(tmp.b + op->size, 0, 16 - op->size);
        }
        *d = tmp;
        break;
    case SSE_MV_MERGE:
        memmove(d->b, s->b, op->size);
        break;
    case SSE_MV_LOADHI:
        d->q[1] = s->q[0];
        break;
    default:
        d->q[0] = s->q[1];
        break;
    }
    return x86_next(cpu, op);
}

/* MOVD/MOVQ xmm, r/m32/64 (zero-extended) */
const X86Op *x86_op_sse_movd_to(X86CPU *cpu, const X86Op *op)
{
    uint64_t ea, v;

    x86_sse_check(cpu, op);
    v = x86_get_e(cpu, op, &ea);
    cpu->env.xmm[op->reg].q[0] = v;
    cpu->env.xmm[op->reg].q[1] = 0;
    return x86_next(cpu, op);
}

/* MOVD/MOVQ r/m32/64, xmm */
const X86Op *x86_op_sse_movd_from(X86CPU *cpu, const X86Op *op)
{
    uint64_t v = cpu->env.xmm[op->reg].q[0];

    x86_sse_check(cpu, op);
    if (op->flags & X86_OPF_MEM) {
        x86_st(cpu, op, x86_ea(cpu, op), op->size, v);
    } else {
        x86_set_reg(&cpu->env, op->rm, op->size, v);
    }
    return x86_next(cpu, op);
}

/* MOVMSKPS (sub 4), MOVMSKPD (8), PMOVMSKB (1): r32 = lane sign bits */
const X86Op *x86_op_sse_movmsk(X86CPU *cpu, const X86Op *op)
{
    const X86XMMReg *s = &cpu->env.xmm[op->rm];
    unsigned n = 16 / op->sub;
    uint32_t m = 0;

    x86_sse_check(cpu, op);
    for (unsigned i = 0; i < n; i++) {
        m |= (s->b[i * op->sub + op->sub - 1] >> 7) << i;
    }
    x86_set_reg(&cpu->env, op->reg, op->size, m);
    return x86_next(cpu, op);
}

/* PEXTRW r32, xmm, imm8 */
const X86Op *x86_op_sse_pextrw(X86CPU *cpu, const X86Op *op)
{
    x86_sse_check(cpu, op);
    x86_set_reg(&cpu->env, op->reg, op->size,
                cpu->env.xmm[op->rm].w[op->imm & 7]);
    return x86_next(cpu, op);
}

/* PINSRW xmm, r32/m16, imm8 */
const X86Op *x86_op_sse_pinsrw(X86CPU *cpu, const X86Op *op)
{
    uint64_t v;

    x86_sse_check(cpu, op);
    if (op->flags & X86_OPF_MEM) {
        v = x86_ld(cpu, op, x86_ea(cpu, op), 2);
    } else {
        v = cpu->env.regs[op->rm];
    }
    cpu->env.xmm[op->reg].w[op->imm & 7] = v;
    return x86_next(cpu, op);
}

/* ---- packed integer ---- */

typedef void (*SSEIntFn)(X86XMMReg *r, const X86XMMReg *a,
                         const X86XMMReg *b, unsigned imm);

static int sat8s(int v)
{
    return v < -128 ? -128 : v > 127 ? 127 : v;
}

static int sat8u(int v)
{
    return v < 0 ? 0 : v > 255 ? 255 : v;
}

static int sat16s(int v)
{
    return v < -32768 ? -32768 : v > 32767 ? 32767 : v;
}

static int sat16u(int v)
{
    return v < 0 ? 0 : v > 65535 ? 65535 : v;
}

static void sse_bitwise(X86XMMReg *r, const X86XMMReg *a,
                        const X86XMMReg *b, unsigned kind)
{
    for (int i = 0; i < 2; i++) {
        switch (kind) {
        case SSE_PAND:
            r->q[i] = a->q[i] & b->q[i];
            break;
        case SSE_PANDN:
            r->q[i] = ~a->q[i] & b->q[i];
            break;
        case SSE_POR:
            r->q[i] = a->q[i] | b->q[i];
            break;
        default:
            r->q[i] = a->q[i] ^ b->q[i];
            break;
        }
    }
}

/* Byte lanes: add/sub (wrapping, saturating), compares, min/max, avg. */
static void sse_bytes(X86XMMReg *r, const X86XMMReg *a, const X86XMMReg *b,
                      unsigned kind)
{
    for (int i = 0; i < 16; i++) {
        int x = a->b[i], y = b->b[i], sx = (int8_t)x, sy = (int8_t)y;
        int v;

        switch (kind) {
        case SSE_PADDB:   v = x + y; break;
        case SSE_PSUBB:   v = x - y; break;
        case SSE_PADDSB:  v = sat8s(sx + sy); break;
        case SSE_PSUBSB:  v = sat8s(sx - sy); break;
        case SSE_PADDUSB: v = sat8u(x + y); break;
        case SSE_PSUBUSB: v = sat8u(x - y); break;
        case SSE_PCMPEQB: v = x == y ? 0xff : 0; break;
        case SSE_PCMPGTB: v = sx > sy ? 0xff : 0; break;
        case SSE_PMINUB:  v = MIN(x, y); break;
        case SSE_PMAXUB:  v = MAX(x, y); break;
        default:          v = (x + y + 1) >> 1; break;     /* PAVGB */
        }
        r->b[i] = v;
    }
}

static void sse_words(X86XMMReg *r, const X86XMMReg *a, const X86XMMReg *b,
                      unsigned kind)
{
    for (int i = 0; i < 8; i++) {
        int x = a->w[i], y = b->w[i], sx = (int16_t)x, sy = (int16_t)y;
        int v;

        switch (kind) {
        case SSE_PADDW:   v = x + y; break;
        case SSE_PSUBW:   v = x - y; break;
        case SSE_PADDSW:  v = sat16s(sx + sy); break;
        case SSE_PSUBSW:  v = sat16s(sx - sy); break;
        case SSE_PADDUSW: v = sat16u(x + y); break;
        case SSE_PSUBUSW: v = sat16u(x - y); break;
        case SSE_PCMPEQW: v = x == y ? 0xffff : 0; break;
        case SSE_PCMPGTW: v = sx > sy ? 0xffff : 0; break;
        case SSE_PMINSW:  v = MIN(sx, sy); break;
        case SSE_PMAXSW:  v = MAX(sx, sy); break;
        case SSE_PAVGW:   v = (x + y + 1) >> 1; break;
        case SSE_PMULLW:  v = (int32_t)((uint32_t)x * (uint32_t)y); break;
        case SSE_PMULHW:  v = (sx * sy) >> 16; break;
        default:          v = ((uint32_t)x * y) >> 16; break; /* PMULHUW */
        }
        r->w[i] = v;
    }
}

static void sse_dq(X86XMMReg *r, const X86XMMReg *a, const X86XMMReg *b,
                   unsigned kind)
{
    for (int i = 0; i < 4; i++) {
        uint32_t x = a->l[i], y = b->l[i];

        switch (kind) {
        case SSE_PADDD:   r->l[i] = x + y; break;
        case SSE_PSUBD:   r->l[i] = x - y; break;
        case SSE_PCMPEQD: r->l[i] = x == y ? ~0u : 0; break;
        default:          r->l[i] = (int32_t)x > (int32_t)y ? ~0u : 0; break;
        }
    }
}

static void sse_arith_q(X86XMMReg *r, const X86XMMReg *a, const X86XMMReg *b,
                        unsigned kind)
{
    for (int i = 0; i < 2; i++) {
        switch (kind) {
        case SSE_PADDQ:
            r->q[i] = a->q[i] + b->q[i];
            break;
        case SSE_PSUBQ:
            r->q[i] = a->q[i] - b->q[i];
            break;
        case SSE_PMULUDQ:
            r->q[i] = (uint64_t)a->l[2 * i] * b->l[2 * i];
            break;
        default: {                  /* PSADBW */
            unsigned s = 0;

            for (int j = 0; j < 8; j++) {
                int dd = a->b[8 * i + j] - b->b[8 * i + j];
                s += dd < 0 ? -dd : dd;
            }
            r->q[i] = s;
            break;
        }
        }
    }
}

static void sse_pmaddwd(X86XMMReg *r, const X86XMMReg *a, const X86XMMReg *b)
{
    for (int i = 0; i < 4; i++) {
        int64_t s = (int64_t)(int16_t)a->w[2 * i] * (int16_t)b->w[2 * i] +
                    (int64_t)(int16_t)a->w[2 * i + 1] *
                    (int16_t)b->w[2 * i + 1];
        r->l[i] = (uint32_t)s;
    }
}

/* Interleave lanes of @size bytes from the low (hi = 0) or high half. */
static void sse_unpack(X86XMMReg *r, const X86XMMReg *a, const X86XMMReg *b,
                       unsigned size, bool hi)
{
    unsigned n = 8 / size, off = hi ? 8 : 0;

    for (unsigned i = 0; i < n; i++) {
        memcpy(r->b + 2 * i * size, a->b + off + i * size, size);
        memcpy(r->b + (2 * i + 1) * size, b->b + off + i * size, size);
    }
}

static void sse_pack(X86XMMReg *r, const X86XMMReg *a, const X86XMMReg *b,
                     unsigned kind)
{
    X86XMMReg t;

    for (int i = 0; i < 8; i++) {
        const X86XMMReg *s = i < 4 ? a : b;

        if (kind == SSE_PACKSSDW) {
            t.w[i] = sat16s((int32_t)s->l[i & 3]);
        }
    }
    for (int i = 0; i < 16 && kind != SSE_PACKSSDW; i++) {
        int v = (int16_t)(i < 8 ? a : b)->w[i & 7];

        t.b[i] = kind == SSE_PACKSSWB ? sat8s(v) : sat8u(v);
    }
    *r = t;
}

static void sse_shift(X86XMMReg *r, const X86XMMReg *a, const X86XMMReg *b,
                      unsigned kind)
{
    uint64_t c = b->q[0];
    unsigned bits = kind == SSE_PSRLW || kind == SSE_PSRAW ||
                    kind == SSE_PSLLW ? 16 :
                    kind == SSE_PSRLQ || kind == SSE_PSLLQ ? 64 : 32;
    bool arith = kind == SSE_PSRAW || kind == SSE_PSRAD;
    bool left = kind == SSE_PSLLW || kind == SSE_PSLLD || kind == SSE_PSLLQ;

    if (kind == SSE_PSRLDQ || kind == SSE_PSLLDQ) {
        unsigned n = c > 16 ? 16 : c;
        X86XMMReg t = { 0 };

        if (kind == SSE_PSRLDQ) {
            memcpy(t.b, a->b + n, 16 - n);
        } else {
            memcpy(t.b + n, a->b, 16 - n);
        }
        *r = t;
        return;
    }
    for (unsigned i = 0; i < 128 / bits; i++) {
        uint64_t v = bits == 16 ? a->w[i] : bits == 32 ? a->l[i] : a->q[i];

        if (arith) {
            v = (uint64_t)((int64_t)x86_sext(v, bits / 8) >>
                           (c >= bits ? bits - 1 : c));
        } else if (c >= bits) {
            v = 0;
        } else if (left) {
            v <<= c;
        } else {
            v >>= c;
        }
        if (bits == 16) {
            r->w[i] = v;
        } else if (bits == 32) {
            r->l[i] = v;
        } else {
            r->q[i] = v;
        }
    }
}

static void sse_shuffle(X86XMMReg *r, const X86XMMReg *a, const X86XMMReg *b,
                        unsigned kind, unsigned imm)
{
    X86XMMReg t = *a;

    switch (kind) {
    case SSE_PSHUFD:
        for (int i = 0; i < 4; i++) {
            t.l[i] = b->l[(imm >> (2 * i)) & 3];
        }
        break;
    case SSE_PSHUFHW:
    case SSE_PSHUFLW: {
        unsigned o = kind == SSE_PSHUFHW ? 4 : 0;

        t = *b;
        for (int i = 0; i < 4; i++) {
            t.w[o + i] = b->w[o + ((imm >> (2 * i)) & 3)];
        }
        break;
    }
    case SSE_SHUFPS:
        t.l[0] = a->l[imm & 3];
        t.l[1] = a->l[(imm >> 2) & 3];
        t.l[2] = b->l[(imm >> 4) & 3];
        t.l[3] = b->l[(imm >> 6) & 3];
        break;
    default:                        /* SHUFPD */
        t.q[0] = a->q[imm & 1];
        t.q[1] = b->q[(imm >> 1) & 1];
        break;
    }
    *r = t;
}

static void sse_int_exec(X86XMMReg *r, const X86XMMReg *a, const X86XMMReg *b,
                         unsigned kind, unsigned imm)
{
    switch (kind) {
    case SSE_PAND ... SSE_PXOR:
        sse_bitwise(r, a, b, kind);
        break;
    case SSE_PADDB: case SSE_PSUBB: case SSE_PADDSB: case SSE_PSUBSB:
    case SSE_PADDUSB: case SSE_PSUBUSB: case SSE_PCMPEQB: case SSE_PCMPGTB:
    case SSE_PMINUB: case SSE_PMAXUB: case SSE_PAVGB:
        sse_bytes(r, a, b, kind);
        break;
    case SSE_PADDW: case SSE_PSUBW: case SSE_PADDSW: case SSE_PSUBSW:
    case SSE_PADDUSW: case SSE_PSUBUSW: case SSE_PCMPEQW: case SSE_PCMPGTW:
    case SSE_PMINSW: case SSE_PMAXSW: case SSE_PAVGW: case SSE_PMULLW:
    case SSE_PMULHW: case SSE_PMULHUW:
        sse_words(r, a, b, kind);
        break;
    case SSE_PADDD: case SSE_PSUBD: case SSE_PCMPEQD: case SSE_PCMPGTD:
        sse_dq(r, a, b, kind);
        break;
    case SSE_PADDQ: case SSE_PSUBQ: case SSE_PMULUDQ: case SSE_PSADBW:
        sse_arith_q(r, a, b, kind);
        break;
    case SSE_PMADDWD:
        sse_pmaddwd(r, a, b);
        break;
    case SSE_PUNPCKLBW ... SSE_PUNPCKHQDQ:
        sse_unpack(r, a, b, 1u << ((kind - SSE_PUNPCKLBW) & 3),
                   kind >= SSE_PUNPCKHBW);
        break;
    case SSE_PACKSSWB ... SSE_PACKUSWB:
        sse_pack(r, a, b, kind);
        break;
    case SSE_PSRLW ... SSE_PSLLDQ:
        sse_shift(r, a, b, kind);
        break;
    default:
        sse_shuffle(r, a, b, kind, imm);
        break;
    }
}

/* xmm[reg] = xmm[reg] OP src (op->sub: X86SSEIntOp, imm8 in op->imm) */
const X86Op *x86_op_sse_int(X86CPU *cpu, const X86Op *op)
{
    X86XMMReg tmp, r;
    const X86XMMReg *s;

    x86_sse_check(cpu, op);
    s = x86_sse_src(cpu, op, &tmp);
    sse_int_exec(&r, &cpu->env.xmm[op->reg], s, op->sub, op->imm & 0xff);
    cpu->env.xmm[op->reg] = r;
    return x86_next(cpu, op);
}

/* Shifts by imm8 (66 0F 71-73): xmm[rm] shifted by op->imm */
const X86Op *x86_op_sse_shift_imm(X86CPU *cpu, const X86Op *op)
{
    X86XMMReg c = { .q = { op->imm & 0xff, 0 } }, r;

    x86_sse_check(cpu, op);
    sse_shift(&r, &cpu->env.xmm[op->rm], &c, op->sub);
    cpu->env.xmm[op->rm] = r;
    return x86_next(cpu, op);
}

/* ---- floating point (host backend) ---- */

/*
 * After a host backend call: @fl < 0 when this build has no backend (#UD,
 * logged), else the exception flags to merge into MXCSR (maybe #XM).
 */
static void sse_host_flags(X86CPU *cpu, const X86Op *op, int fl)
{
    if (fl < 0) {
        qemu_log_mask(LOG_UNIMP, "x86: SSE floating point needs an x86-64 "
                      "host in this build\n");
        x86_raise(cpu, op, X86_EXCP_UD, 0);
    }
    x86_sse_flags(cpu, op, fl);
}

/* xmm[reg] = xmm[reg] OP src (op->sub: X86SSEFpOp) */
const X86Op *x86_op_sse_fp(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    X86XMMReg tmp, r;
    const X86XMMReg *s;
    int fl;

    x86_sse_check(cpu, op);
    s = x86_sse_src(cpu, op, &tmp);
    r = env->xmm[op->reg];
    fl = x86_host_sse_fp(op->sub, &r, s, x86_sse_host_mxcsr(env));
    sse_host_flags(cpu, op, fl);
    env->xmm[op->reg] = r;
    return x86_next(cpu, op);
}

/* CMPccPS/PD/SS/SD: op->sub is the form, op->imm the predicate */
const X86Op *x86_op_sse_cmp(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    X86XMMReg tmp, r;
    const X86XMMReg *s;
    int fl;

    x86_sse_check(cpu, op);
    s = x86_sse_src(cpu, op, &tmp);
    r = env->xmm[op->reg];
    fl = x86_host_sse_cmp(op->sub, op->imm & 7, &r, s,
                          x86_sse_host_mxcsr(env));
    sse_host_flags(cpu, op, fl);
    env->xmm[op->reg] = r;
    return x86_next(cpu, op);
}

/* (U)COMISS/SD: ZF, PF, CF from the compare; OF, SF, AF cleared */
const X86Op *x86_op_sse_comi(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    X86XMMReg tmp;
    const X86XMMReg *s;
    uint32_t ef;
    int fl;

    x86_sse_check(cpu, op);
    s = x86_sse_src(cpu, op, &tmp);
    fl = x86_host_sse_comi(op->sub, &env->xmm[op->reg], s,
                           x86_sse_host_mxcsr(env), &ef);
    sse_host_flags(cpu, op, fl);
    env->eflags = (env->eflags & ~(uint64_t)X86_ARITH_FLAGS) | ef;
    env->cc_op = X86_CC_EFLAGS;
    return x86_next(cpu, op);
}

/* CVTSI2SS/SD xmm, r/m32/64: op->sub form (bit 1 from op->size == 8) */
const X86Op *x86_op_sse_cvtsi(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    X86XMMReg r;
    uint64_t ea, v;
    int fl;

    x86_sse_check(cpu, op);
    v = x86_get_e(cpu, op, &ea);
    r = env->xmm[op->reg];
    fl = x86_host_sse_cvtsi(op->sub | (op->size == 8 ? 2 : 0), &r, v,
                            x86_sse_host_mxcsr(env));
    sse_host_flags(cpu, op, fl);
    env->xmm[op->reg] = r;
    return x86_next(cpu, op);
}

/* CVT(T)SS2SI/SD2SI r32/64, xmm/m32/m64 */
const X86Op *x86_op_sse_cvt2si(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    X86XMMReg tmp;
    const X86XMMReg *s;
    uint64_t v;
    int fl;

    x86_sse_check(cpu, op);
    if (op->flags & X86_OPF_MEM) {
        x86_sse_ld(cpu, op, x86_ea(cpu, op), op->sub & 1 ? 8 : 4, &tmp);
        s = &tmp;
    } else {
        s = &env->xmm[op->rm];
    }
    fl = x86_host_sse_cvt2si(op->sub | (op->size == 8 ? 4 : 0), s,
                             x86_sse_host_mxcsr(env), &v);
    sse_host_flags(cpu, op, fl);
    x86_set_reg(env, op->reg, op->size, v);
    return x86_next(cpu, op);
}

/* ---- MXCSR ---- */

const X86Op *x86_op_ldmxcsr(X86CPU *cpu, const X86Op *op)
{
    uint32_t v;

    x86_sse_check(cpu, op);
    v = x86_ld(cpu, op, x86_ea(cpu, op), 4);
    if (v & ~X86_MXCSR_VALID) {
        x86_raise(cpu, op, X86_EXCP_GP, 0);
    }
    cpu->env.mxcsr = v;
    return x86_next(cpu, op);
}

const X86Op *x86_op_stmxcsr(X86CPU *cpu, const X86Op *op)
{
    x86_sse_check(cpu, op);
    x86_st(cpu, op, x86_ea(cpu, op), 4, cpu->env.mxcsr);
    return x86_next(cpu, op);
}
