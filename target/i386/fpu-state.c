/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x87/SSE state: reset, FNINIT, the status and tag words, and
 * FXSAVE/FXRSTOR (the 512-byte image, legacy and REX.W 64-bit layouts).
 *
 * The image (SDM vol. 1 table 10-2): FCW at 0, FSW at 2, the abridged
 * tag byte at 4, FOP at 6, FIP at 8 (32-bit: FIP, FCS), FDP at 16
 * (32-bit: FDP, FDS), MXCSR at 24, MXCSR_MASK at 28, ST(0)-ST(7) at 32
 * (16 bytes each, in stack order), XMM0-7 (XMM0-15 in 64-bit mode) at
 * 160.  Bytes 464-511 are left alone.
 */
#include "qemu/osdep.h"
#include "target/i386/fpu.h"

void x86_fpu_finit(CPUX86State *env)
{
    env->fpuc = 0x37f;
    env->fpus = 0;
    env->fptop = 0;
    env->fptag_used = 0;
    env->fpop = 0;
    env->fpip = env->fpdp = 0;
    env->fpcs = env->fpds = 0;
}

void x86_fpu_reset(CPUX86State *env)
{
    x86_fpu_finit(env);
    memset(env->fpregs, 0, sizeof(env->fpregs));
    memset(env->xmm, 0, sizeof(env->xmm));
    env->mxcsr = 0x1f80;
}

uint16_t x86_fpu_get_fsw(const CPUX86State *env)
{
    return (env->fpus & ~0x3800u) | (env->fptop & 7) << 11;
}

/* The full tag word: 00 valid, 01 zero, 10 special, 11 empty. */
uint16_t x86_fpu_get_ftw(const CPUX86State *env)
{
    uint16_t ftw = 0;

    for (int i = 0; i < 8; i++) {
        const X86FPReg *r = &env->fpregs[i];
        unsigned exp = r->sexp & 0x7fff, tag;

        if (!(env->fptag_used & (1u << i))) {
            tag = 3;
        } else if (exp == 0 && r->mant == 0) {
            tag = 1;
        } else if (exp == 0x7fff || exp == 0 || !(r->mant >> 63)) {
            tag = 2;
        } else {
            tag = 0;
        }
        ftw |= tag << (2 * i);
    }
    return ftw;
}

static void put16(uint8_t *p, uint16_t v)
{
    memcpy(p, &v, 2);
}

static void put32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, 4);
}

static void put64(uint8_t *p, uint64_t v)
{
    memcpy(p, &v, 8);
}

static uint16_t get16(const uint8_t *p)
{
    uint16_t v;

    memcpy(&v, p, 2);
    return v;
}

static uint32_t get32(const uint8_t *p)
{
    uint32_t v;

    memcpy(&v, p, 4);
    return v;
}

static uint64_t get64(const uint8_t *p)
{
    uint64_t v;

    memcpy(&v, p, 8);
    return v;
}

static unsigned fx_nb_xmm(X86CPU *cpu)
{
    return x86_legacy(cpu) ? 8 : 16;
}

void x86_fxsave_image(X86CPU *cpu, uint8_t *img, bool rex_w)
{
    CPUX86State *env = &cpu->env;

    memset(img, 0, 464);
    put16(img, env->fpuc);
    put16(img + 2, x86_fpu_get_fsw(env));
    img[4] = env->fptag_used;
    put16(img + 6, env->fpop);
    if (rex_w) {
        put64(img + 8, env->fpip);
        put64(img + 16, env->fpdp);
    } else {
        put32(img + 8, env->fpip);
        put16(img + 12, env->fpcs);
        put32(img + 16, env->fpdp);
        put16(img + 20, env->fpds);
    }
    put32(img + 24, env->mxcsr);
    put32(img + 28, X86_MXCSR_VALID);
    for (int i = 0; i < 8; i++) {
        const X86FPReg *r = &env->fpregs[(env->fptop + i) & 7];

        put64(img + 32 + 16 * i, r->mant);
        put16(img + 40 + 16 * i, r->sexp);
    }
    for (unsigned i = 0; i < fx_nb_xmm(cpu); i++) {
        memcpy(img + 160 + 16 * i, &env->xmm[i], 16);
    }
}

/* Returns false (and changes nothing) when MXCSR has reserved bits. */
bool x86_fxrstor_image(X86CPU *cpu, const uint8_t *img, bool rex_w)
{
    CPUX86State *env = &cpu->env;
    uint16_t fsw = get16(img + 2);

    if (get32(img + 24) & ~X86_MXCSR_VALID) {
        return false;
    }
    env->fpuc = get16(img);
    env->fpus = fsw & ~0x3800u;
    env->fptop = (fsw >> 11) & 7;
    env->fptag_used = img[4];
    env->fpop = get16(img + 6) & 0x7ff;
    if (rex_w) {
        env->fpip = get64(img + 8);
        env->fpdp = get64(img + 16);
    } else {
        env->fpip = get32(img + 8);
        env->fpcs = get16(img + 12);
        env->fpdp = get32(img + 16);
        env->fpds = get16(img + 20);
    }
    env->mxcsr = get32(img + 24);
    for (int i = 0; i < 8; i++) {
        X86FPReg *r = &env->fpregs[(env->fptop + i) & 7];

        r->mant = get64(img + 32 + 16 * i);
        r->sexp = get16(img + 40 + 16 * i);
    }
    for (unsigned i = 0; i < fx_nb_xmm(cpu); i++) {
        memcpy(&env->xmm[i], img + 160 + 16 * i, 16);
    }
    return true;
}

/*
 * The FXSAVE/FXRSTOR area: 16-byte aligned (#GP otherwise), 512 bytes;
 * the guest linear address of its start.
 */
static uint64_t fx_area(X86CPU *cpu, const X86Op *op)
{
    uint64_t ea;

    x86_fpu_check(cpu, op);
    ea = x86_ea(cpu, op);
    if (ea & 15) {
        x86_raise(cpu, op, X86_EXCP_GP, 0);
    }
    return ea;
}

const X86Op *x86_op_fxsave(X86CPU *cpu, const X86Op *op)
{
    uint8_t img[464];
    uint64_t ea = fx_area(cpu, op);
    unsigned n = x86_legacy(cpu) ? 288 : 416;
    /* bytes before the next page (no wrap-around at the top of memory) */
    unsigned first = 0x1000 - (ea & 0xfff);

    x86_fxsave_image(cpu, img, op->sub);
    if (first < n) {
        /* one access straddling the page boundary checks both pages */
        x86_st(cpu, op, ea + first - 4, 8, get64(img + first - 4));
    }
    for (unsigned i = 0; i < n; i += 8) {
        x86_st(cpu, op, ea + i, 8, get64(img + i));
    }
    return x86_next(cpu, op);
}

const X86Op *x86_op_fxrstor(X86CPU *cpu, const X86Op *op)
{
    uint8_t img[464];
    uint64_t ea = fx_area(cpu, op);
    unsigned n = x86_legacy(cpu) ? 288 : 416;

    for (unsigned i = 0; i < n; i += 8) {
        put64(img + i, x86_ld(cpu, op, ea + i, 8));
    }
    if (!x86_fxrstor_image(cpu, img, op->sub)) {
        x86_raise(cpu, op, X86_EXCP_GP, 0);
    }
    return x86_next(cpu, op);
}
