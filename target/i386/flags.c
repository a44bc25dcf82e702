/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Lazy arithmetic flags: compute CF/PF/AF/ZF/SF/OF from the recorded
 * operation only when something reads them.
 *
 * Undefined flags get fixed values: AF = 0 after logic ops, shifts and
 * multiplies; OF of multi-bit shifts follows the count-1 formula.
 */
#include "qemu/osdep.h"
#include "target/i386/engine.h"

static uint32_t x86_parity(uint64_t v)
{
    return __builtin_parity((unsigned)(v & 0xff)) ? 0 : X86_PF;
}

static uint32_t x86_szp(uint64_t res, unsigned size)
{
    uint64_t m = x86_size_mask(size);
    uint64_t sign = 1ull << (size * 8 - 1);
    uint32_t f = x86_parity(res);

    if ((res & m) == 0) {
        f |= X86_ZF;
    }
    if (res & sign) {
        f |= X86_SF;
    }
    return f;
}

static uint32_t x86_cc_addsub(const CPUX86State *env, uint64_t m,
                              uint64_t sign)
{
    uint64_t a = env->cc_src1 & m, b = env->cc_src2 & m;
    uint64_t r = env->cc_dst & m;
    uint32_t f = (a ^ b ^ r) & 0x10 ? X86_AF : 0;

    switch (env->cc_op) {
    case X86_CC_ADD:
        f |= r < a ? X86_CF : 0;
        f |= (a ^ r) & (b ^ r) & sign ? X86_OF : 0;
        break;
    case X86_CC_ADC1:
        f |= r <= a ? X86_CF : 0;
        f |= (a ^ r) & (b ^ r) & sign ? X86_OF : 0;
        break;
    case X86_CC_SUB:
        f |= a < b ? X86_CF : 0;
        f |= (a ^ b) & (a ^ r) & sign ? X86_OF : 0;
        break;
    default: /* X86_CC_SBB1 */
        f |= a <= b ? X86_CF : 0;
        f |= (a ^ b) & (a ^ r) & sign ? X86_OF : 0;
        break;
    }
    return f;
}

uint32_t x86_cc_compute(const CPUX86State *env)
{
    unsigned size = env->cc_size;
    uint64_t m = x86_size_mask(size);
    uint64_t sign = 1ull << (size * 8 - 1);
    uint64_t r = env->cc_dst & m;
    uint32_t f;

    switch (env->cc_op) {
    case X86_CC_EFLAGS:
        return env->eflags & X86_ARITH_FLAGS;
    case X86_CC_ADD:
    case X86_CC_ADC1:
    case X86_CC_SUB:
    case X86_CC_SBB1:
        return x86_szp(r, size) | x86_cc_addsub(env, m, sign);
    case X86_CC_LOGIC:
        return x86_szp(r, size);
    case X86_CC_INC:
        f = x86_szp(r, size) | (env->cc_src2 ? X86_CF : 0);
        f |= r == sign ? X86_OF : 0;
        return f | ((r & 0xf) == 0 ? X86_AF : 0);
    case X86_CC_DEC:
        f = x86_szp(r, size) | (env->cc_src2 ? X86_CF : 0);
        f |= r == sign - 1 ? X86_OF : 0;
        return f | ((r & 0xf) == 0xf ? X86_AF : 0);
    case X86_CC_SHL:
        f = x86_szp(r, size) | (env->cc_src1 & sign ? X86_CF : 0);
        return f | (((r & sign) != 0) != ((f & X86_CF) != 0) ? X86_OF : 0);
    case X86_CC_SHR:
        f = x86_szp(r, size) | (env->cc_src1 & 1 ? X86_CF : 0);
        return f | ((env->cc_src1 ^ r) & sign ? X86_OF : 0);
    case X86_CC_MUL:
        f = x86_szp(r, size);
        return f | (env->cc_src1 ? X86_CF | X86_OF : 0);
    default:
        g_assert_not_reached();
    }
}

void x86_cc_materialize(CPUX86State *env)
{
    if (env->cc_op != X86_CC_EFLAGS) {
        env->eflags = (env->eflags & ~(uint64_t)X86_ARITH_FLAGS) |
                      x86_cc_compute(env);
        env->cc_op = X86_CC_EFLAGS;
    }
}

/* Condition @cc (0..15, the Jcc encoding) from full flags. */
static bool x86_cc_from_flags(uint32_t f, unsigned cc)
{
    bool r;

    switch (cc >> 1) {
    case 0:
        r = f & X86_OF;
        break;
    case 1:
        r = f & X86_CF;
        break;
    case 2:
        r = f & X86_ZF;
        break;
    case 3:
        r = f & (X86_CF | X86_ZF);
        break;
    case 4:
        r = f & X86_SF;
        break;
    case 5:
        r = f & X86_PF;
        break;
    case 6:
        r = !(f & X86_SF) != !(f & X86_OF);
        break;
    default:
        r = (f & X86_ZF) || (!(f & X86_SF) != !(f & X86_OF));
        break;
    }
    return r ^ (cc & 1);
}

/* After CMP/SUB most conditions follow from the operands directly. */
static bool x86_cc_from_sub(const CPUX86State *env, unsigned cc, bool *ok)
{
    unsigned size = env->cc_size;
    uint64_t m = x86_size_mask(size);
    uint64_t a = env->cc_src1 & m, b = env->cc_src2 & m;
    int64_t sa = x86_sext(a, size), sb = x86_sext(b, size);
    bool r;

    *ok = true;
    switch (cc >> 1) {
    case 1:
        r = a < b;
        break;
    case 2:
        r = a == b;
        break;
    case 3:
        r = a <= b;
        break;
    case 6:
        r = sa < sb;
        break;
    case 7:
        r = sa <= sb;
        break;
    default:
        *ok = false;
        return false;
    }
    return r ^ (cc & 1);
}

bool x86_cc_test(const CPUX86State *env, unsigned cc)
{
    unsigned size = env->cc_size;

    /* ZF and SF come from the result for every lazy kind */
    if (env->cc_op != X86_CC_EFLAGS && ((cc >> 1) == 2 || (cc >> 1) == 4)) {
        uint64_t r = env->cc_dst & x86_size_mask(size);
        bool v = (cc >> 1) == 2 ? r == 0 : (r >> (size * 8 - 1)) & 1;

        return v ^ (cc & 1);
    }
    if (env->cc_op == X86_CC_SUB) {
        bool ok;
        bool r = x86_cc_from_sub(env, cc, &ok);

        if (ok) {
            return r;
        }
    }
    return x86_cc_from_flags(x86_cc_compute(env), cc);
}

uint64_t x86_get_eflags(const CPUX86State *env)
{
    return (env->eflags & ~(uint64_t)X86_ARITH_FLAGS) | x86_cc_compute(env) |
           X86_FLAGS_FIXED;
}

void x86_set_eflags(CPUX86State *env, uint64_t value)
{
    env->eflags = value | X86_FLAGS_FIXED;
    env->cc_op = X86_CC_EFLAGS;
}
