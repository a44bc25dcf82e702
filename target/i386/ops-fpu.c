/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x87 handlers: loads, stores, arithmetic, compares, control.
 */
#include "qemu/osdep.h"
#include "target/i386/fpu.h"
#include "qemu/log.h"

/* #NM: CR0.EM (emulate) or CR0.TS (task switched) */
void x86_fpu_unavailable(X86CPU *cpu, const X86Op *op)
{
    x86_raise(cpu, op, X86_EXCP_NM, 0);
}

/*
 * Records: op->sub is the operation (X87Op, X87Kind or X87Misc), op->imm
 * packs the rest (X87_IMM_*): the ST(i) index, whether ST(i) is the
 * destination, how many pops follow, the memory format, and the FOP.
 */

#define FSW_IE  0x0001u
#define FSW_SF  0x0040u
#define FSW_ES  0x0080u
#define FSW_C0  0x0100u
#define FSW_C1  0x0200u
#define FSW_C2  0x0400u
#define FSW_C3  0x4000u
#define FSW_B   0x8000u
#define FSW_CC  (FSW_C0 | FSW_C1 | FSW_C2 | FSW_C3)

static const X86FPReg x87_indefinite = { 0xc000000000000000ull, 0xffff };

static inline X86FPReg *x87_st(CPUX86State *env, unsigned i)
{
    return &env->fpregs[(env->fptop + i) & 7];
}

static inline bool x87_used(const CPUX86State *env, unsigned i)
{
    return env->fptag_used >> ((env->fptop + i) & 7) & 1;
}

static void x87_pop(CPUX86State *env)
{
    env->fptag_used &= ~(1u << env->fptop);
    env->fptop = (env->fptop + 1) & 7;
}

/* Raise the summary bits if an unmasked exception is flagged. */
static void x87_update_es(CPUX86State *env)
{
    if (env->fpus & ~env->fpuc & 0x3f) {
        env->fpus |= FSW_ES | FSW_B;
    }
}

/* Exceptions @sw raised; C bits in @cmask taken from @sw. */
static void x87_flags(CPUX86State *env, uint32_t sw, uint32_t cmask)
{
    env->fpus = (env->fpus & ~cmask) | (sw & cmask) | (sw & 0x3f);
    x87_update_es(env);
}

/* Stack fault: underflow (C1 = 0) or overflow (C1 = 1); true if masked. */
static bool x87_stack_fault(CPUX86State *env, bool overflow)
{
    env->fpus = (env->fpus & ~FSW_C1) | FSW_IE | FSW_SF |
                (overflow ? FSW_C1 : 0);
    x87_update_es(env);
    return env->fpuc & FSW_IE;
}

static void QEMU_NORETURN x87_no_host(X86CPU *cpu, const X86Op *op)
{
    qemu_log_mask(LOG_UNIMP, "x86: x87 floating point needs an x86-64 "
                  "host in this build\n");
    x86_raise(cpu, op, X86_EXCP_UD, 0);
}

static uint32_t x87_host(X86CPU *cpu, const X86Op *op, int sw)
{
    if (sw < 0) {
        x87_no_host(cpu, op);
    }
    return sw;
}

/*
 * Start of a waiting x87 instruction: #NM, then a pending unmasked
 * exception (#MF with CR0.NE; without it the FERR# line is not wired:
 * logged and ignored); record FOP and FIP unless @control.
 */
static void x87_begin(X86CPU *cpu, const X86Op *op, bool control)
{
    CPUX86State *env = &cpu->env;

    x86_fpu_check(cpu, op);
    if (unlikely(env->fpus & FSW_ES)) {
        if (env->cr[0] & X86_CR0_NE) {
            x86_raise(cpu, op, X86_EXCP_MF, 0);
        }
        qemu_log_mask(LOG_UNIMP, "x86: x87 error with CR0.NE = 0 (FERR#) "
                      "is not signalled\n");
    }
    if (!control) {
        env->fpop = (op->imm >> X87_IMM_FOP_SHIFT) & 0x7ff;
        env->fpip = cpu->block_pc + op->pc_off;
        env->fpcs = env->segs[R_CS].selector;
    }
}

/* The memory operand of format @kind, as bytes (FDP/FDS recorded). */
static void x87_read_mem(X86CPU *cpu, const X86Op *op, unsigned kind,
                         uint8_t *buf)
{
    CPUX86State *env = &cpu->env;
    uint64_t ea = x86_ea(cpu, op);
    unsigned size = x87_kind_size(kind);
    uint64_t lo = x86_ld(cpu, op, ea, size > 8 ? 8 : size);

    memset(buf, 0, 10);
    memcpy(buf, &lo, size > 8 ? 8 : size);
    if (size > 8) {
        uint16_t hi = x86_ld(cpu, op, ea + 8, 2);

        memcpy(buf + 8, &hi, 2);
    }
    env->fpdp = ea;
    env->fpds = env->segs[op->seg == X86_NB_SEGS ? R_DS : op->seg].selector;
}

/* Memory operand of format @kind into @v (host FSW of the load). */
static uint32_t x87_load_mem(X86CPU *cpu, const X86Op *op, unsigned kind,
                             X86FPReg *v)
{
    uint8_t buf[10];

    x87_read_mem(cpu, op, kind, buf);
    return x87_host(cpu, op, x86_host_x87_load(kind, buf, v,
                                               cpu->env.fpuc));
}

/* ---- arithmetic and compares ---- */

static void x87_set_cmp_eflags(CPUX86State *env, uint32_t sw)
{
    uint32_t f = (sw & FSW_C3 ? X86_ZF : 0) | (sw & FSW_C2 ? X86_PF : 0) |
                 (sw & FSW_C0 ? X86_CF : 0);

    env->eflags = (env->eflags & ~(uint64_t)X86_ARITH_FLAGS) | f;
    env->cc_op = X86_CC_EFLAGS;
}

/* The C bits each operation defines (the rest keep their values). */
static uint32_t x87_cmask(unsigned kind)
{
    switch (kind) {
    case X87_COM:
    case X87_UCOM:
    case X87_PREM:
    case X87_PREM1:
        return FSW_CC;
    default:
        return FSW_C1;
    }
}

static bool x87_is_nan(const X86FPReg *r)
{
    return (r->sexp & 0x7fff) == 0x7fff && (r->mant << 1) != 0;
}

/* After an unmasked invalid, zero-divide or denormal: no result. */
static bool x87_unmasked_stop(const CPUX86State *env, uint32_t sw)
{
    return sw & ~env->fpuc & 0x7;
}

/* ST(0) or ST(i) empty: the masked response (#IS) of an operation */
static void x87_arith_underflow(CPUX86State *env, const X86Op *op,
                                unsigned dst, bool cmp)
{
    if (!x87_stack_fault(env, false)) {
        return;
    }
    if (op->imm & X87_IMM_EFLAGS) {
        x87_set_cmp_eflags(env, FSW_C0 | FSW_C2 | FSW_C3);
    } else if (cmp) {
        env->fpus |= FSW_C0 | FSW_C2 | FSW_C3;
    } else {
        dst = (env->fptop + dst) & 7;
        if (x87_cmask(op->sub) == FSW_CC) {
            env->fpus &= ~FSW_C2;       /* FPREM: complete */
        }
        env->fpregs[dst] = x87_indefinite;
        env->fptag_used |= 1u << dst;
    }
}

/* Condition bits and exceptions of a completed operation. */
static void x87_arith_flags(CPUX86State *env, const X86Op *op, uint32_t sw,
                            const X86FPReg *res, bool cmp)
{
    if (op->imm & X87_IMM_EFLAGS) {
        x87_set_cmp_eflags(env, sw);
        x87_flags(env, sw & 0x3f, 0);
    } else if (!cmp && x87_cmask(op->sub) == FSW_CC &&
               ((sw & FSW_IE) || x87_is_nan(res))) {
        /* FPREM, NaN or invalid operand: C0, C3 kept, C1 = C2 = 0 */
        x87_flags(env, sw & 0x3f, FSW_C1 | FSW_C2);
    } else {
        x87_flags(env, sw & (x87_cmask(op->sub) | 0x3f),
                  cmp ? FSW_CC : x87_cmask(op->sub));
    }
}

const X86Op *x86_op_x87_arith(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    unsigned i = op->imm & X87_IMM_I, kind = (op->imm >> 8) & 15;
    bool to_sti = op->imm & X87_IMM_STI, cmp = op->sub == X87_COM ||
                  op->sub == X87_UCOM;
    bool reg_src = !kind && !(op->imm & X87_IMM_ZERO);
    X86FPReg y = { 0 }, x;
    uint8_t mem[10];
    int sw;

    x87_begin(cpu, op, false);
    if (kind) {
        x87_read_mem(cpu, op, kind - 1, mem);
    }
    if (!x87_used(env, 0) || (reg_src && !x87_used(env, i))) {
        x87_arith_underflow(env, op, to_sti ? i : 0, cmp);
    } else {
        if (reg_src) {
            y = *x87_st(env, to_sti ? 0 : i);
        }
        x = *x87_st(env, to_sti ? i : 0);
        /* a memory operand: the same host instruction, flags and all */
        sw = kind ? x86_host_x87_arith_mem(op->sub, kind - 1, &x, mem,
                                           env->fpuc)
                  : x86_host_x87_arith(op->sub, &x, &y, env->fpuc);
        x87_arith_flags(env, op, x87_host(cpu, op, sw), &x, cmp);
        if (!cmp && !x87_unmasked_stop(env, sw)) {
            *x87_st(env, to_sti ? i : 0) = x;
        }
    }
    for (unsigned n = (op->imm >> 4) & 3; n; n--) {
        x87_pop(env);
    }
    return x86_next(cpu, op);
}

/* ---- loads and stores ---- */

/* @fault: the value is the result of a masked underflow already */
static void x87_push(CPUX86State *env, const X86FPReg *v, bool fault)
{
    unsigned slot = (env->fptop - 1) & 7;

    if (fault) {
        /* reported as the underflow alone (C1 = 0), as hardware does */
    } else if (env->fptag_used & (1u << slot)) {
        if (!x87_stack_fault(env, true)) {
            return;
        }
        v = &x87_indefinite;
    } else {
        env->fpus &= ~FSW_C1;
    }
    env->fptop = slot;
    env->fpregs[slot] = *v;
    env->fptag_used |= 1u << slot;
}

/* FLD m32/m64/m80, FILD, FLD ST(i), FLDZ/FLD1/...: push a value */
const X86Op *x86_op_x87_ld(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    unsigned kind = (op->imm >> 8) & 15;
    X86FPReg v;
    uint32_t sw = 0;
    bool fault = false;

    x87_begin(cpu, op, false);
    if (kind) {
        sw = x87_load_mem(cpu, op, kind - 1, &v);
    } else if (op->imm & X87_IMM_CONST) {
        sw = x87_host(cpu, op, x86_host_x87_const(op->sub, &v, env->fpuc));
    } else if (x87_used(env, op->imm & X87_IMM_I)) {
        v = *x87_st(env, op->imm & X87_IMM_I);
    } else {
        if (!x87_stack_fault(env, false)) {
            return x86_next(cpu, op);
        }
        v = x87_indefinite;
        fault = true;
    }
    if (env->fptag_used & (1u << ((env->fptop - 1) & 7))) {
        sw = 0;     /* a stack overflow hides the operand's exceptions */
    }
    x87_flags(env, sw & 0x3f, 0);
    if (x87_unmasked_stop(env, sw)) {
        return x86_next(cpu, op);
    }
    x87_push(env, &v, fault);
    return x86_next(cpu, op);
}

/*
 * Write @len (even) bytes at @ea.  Across a page boundary the two bytes
 * around it go first, in one access that translates both pages before
 * writing, so a fault on either page leaves memory untouched.
 */
static void x87_mem_write(X86CPU *cpu, const X86Op *op, uint64_t ea,
                          const uint8_t *buf, unsigned len)
{
    /* bytes before the next page (no wrap-around at the top of memory) */
    unsigned first = 0x1000 - (ea & 0xfff);

    if (first < len) {
        x86_st(cpu, op, ea + first - 1, 2,
               buf[first - 1] | buf[first] << 8);
    }
    for (unsigned i = 0; i + 1 < len; i += 2) {
        uint16_t w;

        memcpy(&w, buf + i, 2);
        x86_st(cpu, op, ea + i, 2, w);
    }
}

/* FST/FSTP/FIST/FISTP/FISTTP to memory, FST/FSTP ST(i) */
const X86Op *x86_op_x87_st(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    unsigned kind = (op->imm >> 8) & 15;
    X86FPReg v = *x87_st(env, 0);
    uint8_t buf[10];
    uint32_t sw = 0;
    uint64_t ea = 0, lo = 0;

    x87_begin(cpu, op, false);
    if (!x87_used(env, 0)) {
        if (!x87_stack_fault(env, false)) {
            return x86_next(cpu, op);
        }
        v = x87_indefinite;
    }
    if (!kind) {
        *x87_st(env, op->imm & X87_IMM_I) = v;
        env->fptag_used |= 1u << ((env->fptop + (op->imm & X87_IMM_I)) & 7);
        env->fpus &= ~FSW_C1;
    } else {
        unsigned size = x87_kind_size(kind - 1);

        ea = x86_ea(cpu, op);
        sw = x87_host(cpu, op, x86_host_x87_store(kind - 1, &v, buf,
                                                   env->fpuc));
        if (sw & ~env->fpuc & 1) {
            x87_flags(env, sw, FSW_C1);     /* unmasked #IA: no store */
            return x86_next(cpu, op);
        }
        if (size > 8) {
            x87_mem_write(cpu, op, ea, buf, size);
        } else {
            memcpy(&lo, buf, size);
            x86_st(cpu, op, ea, size, lo);
        }
        env->fpdp = ea;
        x87_flags(env, sw, FSW_C1);
    }
    if (op->imm & X87_IMM_POP1) {
        x87_pop(env);
    }
    return x86_next(cpu, op);
}

/* ---- register manipulation ---- */

/* FXAM: C3, C2, C0 give the class of ST(0); C1 its sign */
static uint32_t x87_fxam(const CPUX86State *env)
{
    const X86FPReg *r = &env->fpregs[env->fptop];
    unsigned exp = r->sexp & 0x7fff;
    uint32_t c1 = r->sexp & 0x8000 ? FSW_C1 : 0;

    if (!x87_used(env, 0)) {
        return c1 | FSW_C3 | FSW_C0;                /* empty */
    }
    if (exp == 0x7fff) {
        if (!(r->mant >> 63)) {
            return c1;                              /* unsupported */
        }
        return c1 | (r->mant << 1 ? FSW_C0 : FSW_C2 | FSW_C0);
    }
    if (exp == 0) {
        return c1 | (r->mant ? FSW_C3 | FSW_C2 : FSW_C3);
    }
    return c1 | (r->mant >> 63 ? FSW_C2 : 0);
}

static void x87_fxch(CPUX86State *env, unsigned i)
{
    X86FPReg t;
    unsigned p0 = env->fptop, pi = (env->fptop + i) & 7;

    if (!x87_used(env, 0) || !x87_used(env, i)) {
        if (!x87_stack_fault(env, false)) {
            return;
        }
        if (!x87_used(env, 0)) {
            env->fpregs[p0] = x87_indefinite;
        }
        if (!x87_used(env, i)) {
            env->fpregs[pi] = x87_indefinite;
        }
        env->fptag_used |= 1u << p0 | 1u << pi;
    } else {
        env->fpus &= ~FSW_C1;
    }
    t = env->fpregs[p0];
    env->fpregs[p0] = env->fpregs[pi];
    env->fpregs[pi] = t;
}

/* FCMOVcc: op->imm bits 8-11 hold the x86 condition code */
static void x87_fcmov(CPUX86State *env, unsigned i, unsigned cc)
{
    if (!x87_used(env, 0) || !x87_used(env, i)) {
        if (x87_stack_fault(env, false)) {
            *x87_st(env, 0) = x87_indefinite;
            env->fptag_used |= 1u << env->fptop;
        }
        return;
    }
    if (x86_cc_test(env, cc)) {
        *x87_st(env, 0) = *x87_st(env, i);
    }
}

static void x87_sign_op(CPUX86State *env, unsigned kind)
{
    X86FPReg *r = x87_st(env, 0);

    if (!x87_used(env, 0)) {
        if (x87_stack_fault(env, false)) {
            *r = x87_indefinite;
            env->fptag_used |= 1u << env->fptop;
        }
        return;
    }
    r->sexp = kind == X87M_FCHS ? r->sexp ^ 0x8000 : r->sexp & 0x7fff;
    env->fpus &= ~FSW_C1;
}

const X86Op *x86_op_x87_misc(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    unsigned i = op->imm & X87_IMM_I;
    bool nowait = op->sub == X87M_FNCLEX || op->sub == X87M_FNINIT ||
                  op->sub == X87M_FNSTSW_AX;

    if (nowait) {
        x86_fpu_check(cpu, op);
    } else {
        x87_begin(cpu, op, false);
    }
    switch (op->sub) {
    case X87M_FXCH:
        x87_fxch(env, i);
        break;
    case X87M_FCHS:
    case X87M_FABS:
        x87_sign_op(env, op->sub);
        break;
    case X87M_FXAM:
        env->fpus = (env->fpus & ~FSW_CC) | x87_fxam(env);
        break;
    case X87M_FINCSTP:
    case X87M_FDECSTP:
        env->fptop = (env->fptop + (op->sub == X87M_FINCSTP ? 1 : 7)) & 7;
        env->fpus &= ~FSW_C1;
        break;
    case X87M_FFREE:
        env->fptag_used &= ~(1u << ((env->fptop + i) & 7));
        break;
    case X87M_FNCLEX:
        env->fpus &= ~(0x00ffu | FSW_B);
        break;
    case X87M_FNINIT:
        x86_fpu_finit(env);
        break;
    case X87M_FCMOV:
        x87_fcmov(env, i, (op->imm >> 8) & 15);
        break;
    case X87M_FNSTSW_AX:
        x86_set_reg(env, R_EAX, 2, x86_fpu_get_fsw(env));
        break;
    default:                    /* FNOP */
        break;
    }
    return x86_next(cpu, op);
}

const X86Op *x86_op_fwait(X86CPU *cpu, const X86Op *op)
{
    if (cpu->env.cr[0] & X86_CR0_TS && cpu->env.cr[0] & X86_CR0_MP) {
        x86_raise(cpu, op, X86_EXCP_NM, 0);
    }
    if (cpu->env.fpus & FSW_ES) {
        x87_begin(cpu, op, true);   /* #MF */
    }
    return x86_next(cpu, op);
}

/* ---- control words and environment ---- */

/*
 * The protected-mode environment image: 28 bytes with a 32-bit operand
 * size, 14 with a 16-bit one (op->size).  Real-mode layouts are not
 * implemented (the protected layout is used).
 */
static void x87_env_image(CPUX86State *env, uint8_t *img, unsigned osize)
{
    uint32_t v[7] = {
        env->fpuc, x86_fpu_get_fsw(env), x86_fpu_get_ftw(env),
        (uint32_t)env->fpip, env->fpcs | (uint32_t)env->fpop << 16,
        (uint32_t)env->fpdp, env->fpds,
    };

    for (int i = 0; i < 7; i++) {
        if (osize == 2) {
            uint16_t w = v[i];

            memcpy(img + 2 * i, &w, 2);
        } else {
            if (i < 3) {
                v[i] |= 0xffff0000u;        /* reserved: all ones */
            }
            memcpy(img + 4 * i, &v[i], 4);
        }
    }
}

static void x87_env_load(CPUX86State *env, const uint8_t *img,
                         unsigned osize)
{
    uint32_t v[7];
    uint16_t ftw;

    for (int i = 0; i < 7; i++) {
        uint16_t w;

        if (osize == 2) {
            memcpy(&w, img + 2 * i, 2);
            v[i] = w;
        } else {
            memcpy(&v[i], img + 4 * i, 4);
        }
    }
    env->fpuc = v[0];
    env->fpus = v[1] & ~0x3800u;
    env->fptop = (v[1] >> 11) & 7;
    ftw = v[2];
    env->fptag_used = 0;
    for (int i = 0; i < 8; i++) {
        if (((ftw >> (2 * i)) & 3) != 3) {
            env->fptag_used |= 1u << i;
        }
    }
    env->fpip = v[3];
    env->fpcs = v[4];
    env->fpop = (v[4] >> 16) & 0x7ff;
    env->fpdp = v[5];
    env->fpds = v[6];
}

/* Read or write @len bytes at @ea as a byte image (reads fault first). */
static void x87_mem_read(X86CPU *cpu, const X86Op *op, uint64_t ea,
                         uint8_t *buf, unsigned len)
{
    for (unsigned i = 0; i < len; i += 2) {
        uint16_t w = x86_ld(cpu, op, ea + i, 2);

        memcpy(buf + i, &w, 2);
    }
}

static void x87_save_regs(CPUX86State *env, uint8_t *img)
{
    for (int i = 0; i < 8; i++) {
        const X86FPReg *r = x87_st(env, i);

        memcpy(img + 10 * i, &r->mant, 8);
        memcpy(img + 10 * i + 8, &r->sexp, 2);
    }
}

static void x87_load_regs(CPUX86State *env, const uint8_t *img)
{
    for (int i = 0; i < 8; i++) {
        X86FPReg *r = x87_st(env, i);

        memcpy(&r->mant, img + 10 * i, 8);
        memcpy(&r->sexp, img + 10 * i + 8, 2);
    }
}

const X86Op *x86_op_x87_ctl(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    unsigned esize = op->size == 2 ? 14 : 28;
    uint8_t img[108];
    uint64_t ea;

    if (op->sub == X87C_FNSTCW || op->sub == X87C_FNSTSW ||
        op->sub == X87C_FNSTENV || op->sub == X87C_FNSAVE) {
        x86_fpu_check(cpu, op);     /* no-wait forms */
    } else {
        x87_begin(cpu, op, true);
    }
    ea = x86_ea(cpu, op);
    switch (op->sub) {
    case X87C_FLDCW:
        env->fpuc = x86_ld(cpu, op, ea, 2);
        x87_update_es(env);
        if (!(env->fpus & ~env->fpuc & 0x3f)) {
            env->fpus &= ~(FSW_ES | FSW_B);
        }
        break;
    case X87C_FNSTCW:
        x86_st(cpu, op, ea, 2, env->fpuc);
        break;
    case X87C_FNSTSW:
        x86_st(cpu, op, ea, 2, x86_fpu_get_fsw(env));
        break;
    case X87C_FNSTENV:
    case X87C_FNSAVE:
        x87_env_image(env, img, op->size);
        if (op->sub == X87C_FNSAVE) {
            x87_save_regs(env, img + esize);
        }
        x87_mem_write(cpu, op, ea, img, esize +
                      (op->sub == X87C_FNSAVE ? 80 : 0));
        if (op->sub == X87C_FNSAVE) {
            x86_fpu_finit(env);
        } else {
            env->fpuc |= 0x3f;      /* FNSTENV masks every exception */
        }
        break;
    default:                        /* FLDENV, FRSTOR */
        x87_mem_read(cpu, op, ea, img, esize +
                     (op->sub == X87C_FRSTOR ? 80 : 0));
        x87_env_load(env, img, op->size);
        if (op->sub == X87C_FRSTOR) {
            x87_load_regs(env, img + esize);
        }
        x87_update_es(env);
        break;
    }
    return x86_next(cpu, op);
}
