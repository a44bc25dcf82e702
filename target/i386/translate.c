/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * trans_NAME(): turn one decoded instruction into operation records.
 *
 * Each function picks the handler specialised for the operand form (and
 * folds constants into the record).  Returning false makes the decoder
 * emit #UD instead.  Exactly one record per guest instruction.
 */
#include "qemu/osdep.h"
#include "target/i386/engine.h"
#include "target/i386/x86-decode.h"
#include "qemu/log.h"

static bool opk_is_g(uint8_t k)
{
    return k == X86_OPK_Gb || k == X86_OPK_Gv;
}

static bool opk_is_acc(uint8_t k)
{
    return k == X86_OPK_AL || k == X86_OPK_rAX;
}

/* Two-operand ALU forms: E op= G, G op= E, E op= imm (also AL/rAX). */
static bool gen_alu(DisasContext *ctx, X86DecodedInsn *d, X86OpHandler eg,
                    X86OpHandler ge, X86OpHandler ei)
{
    uint8_t k0 = d->e->opk[0], k1 = d->e->opk[1];
    X86Op *op;

    if (opk_is_acc(k0)) {
        op = x86_gen_op(ctx, d, ei);
        op->rm = R_EAX;
    } else if (opk_is_g(k1)) {
        x86_gen_op(ctx, d, eg);
    } else if (opk_is_g(k0)) {
        x86_gen_op(ctx, d, ge);
    } else {
        x86_gen_op(ctx, d, ei);
    }
    return true;
}

bool trans_ADD(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_alu(ctx, d, x86_op_add_eg, x86_op_add_ge, x86_op_add_ei);
}

bool trans_OR(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_alu(ctx, d, x86_op_or_eg, x86_op_or_ge, x86_op_or_ei);
}

bool trans_ADC(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_alu(ctx, d, x86_op_adc_eg, x86_op_adc_ge, x86_op_adc_ei);
}

bool trans_SBB(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_alu(ctx, d, x86_op_sbb_eg, x86_op_sbb_ge, x86_op_sbb_ei);
}

bool trans_AND(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_alu(ctx, d, x86_op_and_eg, x86_op_and_ge, x86_op_and_ei);
}

bool trans_SUB(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_alu(ctx, d, x86_op_sub_eg, x86_op_sub_ge, x86_op_sub_ei);
}

bool trans_XOR(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_alu(ctx, d, x86_op_xor_eg, x86_op_xor_ge, x86_op_xor_ei);
}

bool trans_CMP(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_alu(ctx, d, x86_op_cmp_eg, x86_op_cmp_ge, x86_op_cmp_ei);
}

bool trans_TEST(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_alu(ctx, d, x86_op_test_eg, x86_op_test_eg, x86_op_test_ei);
}

bool trans_INC(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_inc);
}

bool trans_DEC(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_dec);
}

bool trans_NEG(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_neg);
}

bool trans_NOT(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_not);
}

bool trans_MUL(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_mul);
}

bool trans_IMUL1(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_imul1);
}

bool trans_IMUL2(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_imul2);
}

bool trans_IMUL3(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_imul3);
}

bool trans_DIV(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_div);
}

bool trans_IDIV(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_idiv);
}

static bool gen_shift(DisasContext *ctx, X86DecodedInsn *d, X86OpHandler fn)
{
    X86Op *op = x86_gen_op(ctx, d, fn);

    if (d->e->opk[1] == X86_OPK_CL) {
        op->flags |= X86_OPF_CL;
    }
    return true;
}

bool trans_SHL(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_shift(ctx, d, x86_op_shl);
}

bool trans_SHR(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_shift(ctx, d, x86_op_shr);
}

bool trans_SAR(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_shift(ctx, d, x86_op_sar);
}

bool trans_ROL(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_shift(ctx, d, x86_op_rol);
}

bool trans_ROR(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_shift(ctx, d, x86_op_ror);
}

bool trans_RCL(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_shift(ctx, d, x86_op_rcl);
}

bool trans_RCR(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_shift(ctx, d, x86_op_rcr);
}

bool trans_SHLD(DisasContext *ctx, X86DecodedInsn *d)
{
    X86Op *op = x86_gen_op(ctx, d, x86_op_shld);

    if (d->e->opk[2] == X86_OPK_CL) {
        op->flags |= X86_OPF_CL;
    }
    return true;
}

bool trans_SHRD(DisasContext *ctx, X86DecodedInsn *d)
{
    X86Op *op = x86_gen_op(ctx, d, x86_op_shrd);

    if (d->e->opk[2] == X86_OPK_CL) {
        op->flags |= X86_OPF_CL;
    }
    return true;
}

/* op->sub: 0 BT, 1 BTS, 2 BTR, 3 BTC; X86_OPF_IMM for the imm form. */
static bool gen_bt(DisasContext *ctx, X86DecodedInsn *d, unsigned kind)
{
    X86Op *op = x86_gen_op(ctx, d, x86_op_bt);

    op->sub = kind;
    if (d->e->opk[1] == X86_OPK_Ib) {
        op->flags |= X86_OPF_IMM;
    }
    return true;
}

bool trans_BT(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_bt(ctx, d, 0);
}

bool trans_BTS(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_bt(ctx, d, 1);
}

bool trans_BTR(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_bt(ctx, d, 2);
}

bool trans_BTC(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_bt(ctx, d, 3);
}

bool trans_BSF(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_bsf);
}

bool trans_BSR(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_bsr);
}

/* Without the feature bit, F3 0F BC/BD are BSF/BSR (the F3 is ignored). */
bool trans_TZCNT(DisasContext *ctx, X86DecodedInsn *d)
{
    bool has = ctx->cpu->features & X86_FEAT_BMI1;

    return x86_gen_op(ctx, d, has ? x86_op_tzcnt : x86_op_bsf);
}

bool trans_LZCNT(DisasContext *ctx, X86DecodedInsn *d)
{
    bool has = ctx->cpu->features & X86_FEAT_ABM;

    return x86_gen_op(ctx, d, has ? x86_op_lzcnt : x86_op_bsr);
}

bool trans_POPCNT(DisasContext *ctx, X86DecodedInsn *d)
{
    if (!(ctx->cpu->features & X86_FEAT_POPCNT)) {
        return false;
    }
    return x86_gen_op(ctx, d, x86_op_popcnt);
}

bool trans_BSWAP(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_bswap);
}

bool trans_MOV(DisasContext *ctx, X86DecodedInsn *d)
{
    uint8_t k0 = d->e->opk[0], k1 = d->e->opk[1];
    X86Op *op;

    if (k0 == X86_OPK_Zb || k0 == X86_OPK_Zv) {
        x86_gen_op(ctx, d, x86_op_mov_ri);
    } else if (k1 == X86_OPK_Ib || k1 == X86_OPK_Iz) {
        op = x86_gen_op(ctx, d, d->has_mem ? x86_op_mov_mi : x86_op_mov_ri);
        op->reg = d->rm;
    } else if (d->has_mem) {
        x86_gen_op(ctx, d, opk_is_g(k0) ? x86_op_mov_load
                                        : x86_op_mov_store);
    } else {
        /* mov_rr copies op->reg into op->rm */
        op = x86_gen_op(ctx, d, x86_op_mov_rr);
        if (opk_is_g(k0)) {
            op->reg = d->rm;
            op->rm = d->reg;
        }
    }
    return true;
}

/* op->sub is the source size; the E register may be a byte register. */
static bool gen_movx(DisasContext *ctx, X86DecodedInsn *d, X86OpHandler fn,
                     unsigned src_size)
{
    X86Op *op = x86_gen_op(ctx, d, fn);

    op->sub = src_size;
    if (src_size == 1 && !d->has_mem && !d->rex && d->rm >= 4 &&
        d->rm < 8) {
        op->rm = d->rm - 4 + X86_REG_HIGH8;
    }
    return true;
}

bool trans_MOVZX(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_movx(ctx, d, x86_op_movzx,
                    d->e->opk[1] == X86_OPK_Eb ? 1 : 2);
}

bool trans_MOVSX(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_movx(ctx, d, x86_op_movsx,
                    d->e->opk[1] == X86_OPK_Eb ? 1 : 2);
}

bool trans_MOVSXD(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_movx(ctx, d, x86_op_movsx, d->ot < 4 ? d->ot : 4);
}

bool trans_LEA(DisasContext *ctx, X86DecodedInsn *d)
{
    X86Op *op = x86_gen_op(ctx, d, x86_op_lea);

    op->seg = X86_NB_SEGS;      /* LEA never adds a segment base */
    return true;
}

bool trans_CBW(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_cbw);
}

bool trans_CWD(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_cwd);
}

bool trans_XCHG(DisasContext *ctx, X86DecodedInsn *d)
{
    X86Op *op;

    if (d->e->opk[0] == X86_OPK_Zv) {
        if (d->reg == R_EAX) {
            return x86_gen_op(ctx, d, x86_op_nop);  /* 90: NOP, PAUSE */
        }
        op = x86_gen_op(ctx, d, x86_op_xchg);
        op->rm = d->reg;
        op->reg = R_EAX;
        return true;
    }
    return x86_gen_op(ctx, d, x86_op_xchg);
}

bool trans_CMPXCHG(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_cmpxchg);
}

bool trans_XADD(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_xadd);
}

/* CMPXCHG8B, or CMPXCHG16B with REX.W (op->size 8 or 16) */
bool trans_CMPXCHG8B(DisasContext *ctx, X86DecodedInsn *d)
{
    X86Op *op = x86_gen_op(ctx, d, x86_op_cmpxchg8b);

    op->size = d->rex & 8 ? 16 : 8;
    return true;
}

bool trans_CMOVcc(DisasContext *ctx, X86DecodedInsn *d)
{
    X86Op *op = x86_gen_op(ctx, d, x86_op_cmovcc);

    op->sub = d->e->sub;
    return true;
}

bool trans_SETcc(DisasContext *ctx, X86DecodedInsn *d)
{
    X86Op *op = x86_gen_op(ctx, d, x86_op_setcc);

    op->sub = d->e->sub;
    return true;
}

bool trans_PUSH(DisasContext *ctx, X86DecodedInsn *d)
{
    switch (d->e->opk[0]) {
    case X86_OPK_Zv:
        return x86_gen_op(ctx, d, x86_op_push_r);
    case X86_OPK_Ev:
        return x86_gen_op(ctx, d, x86_op_push_e);
    default:
        return x86_gen_op(ctx, d, x86_op_push_i);
    }
}

bool trans_POP(DisasContext *ctx, X86DecodedInsn *d)
{
    if (d->e->opk[0] == X86_OPK_Zv) {
        return x86_gen_op(ctx, d, x86_op_pop_r);
    }
    return x86_gen_op(ctx, d, x86_op_pop_e);
}

bool trans_LEAVE(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_leave);
}

/* Relative branches get their absolute target now. */
static X86Op *gen_branch(DisasContext *ctx, X86DecodedInsn *d,
                         X86OpHandler fn)
{
    X86Op *op = x86_gen_op(ctx, d, fn);

    op->imm = d->pc + d->len + d->imm;
    return op;
}

bool trans_Jcc(DisasContext *ctx, X86DecodedInsn *d)
{
    X86Op *op = gen_branch(ctx, d, x86_op_jcc);

    op->sub = d->e->sub;
    return true;
}

/* LOOPNE (E0), LOOPE (E1), LOOP (E2): op->sub = opcode & 3 */
bool trans_LOOP(DisasContext *ctx, X86DecodedInsn *d)
{
    X86Op *op = gen_branch(ctx, d, x86_op_loop);

    op->sub = d->opcode & 3;
    if (d->prefixes & X86_PFX_67) {
        op->flags |= X86_OPF_ADDR32;
    }
    return true;
}

bool trans_JRCXZ(DisasContext *ctx, X86DecodedInsn *d)
{
    X86Op *op = gen_branch(ctx, d, x86_op_loop);

    op->sub = 3;
    if (d->prefixes & X86_PFX_67) {
        op->flags |= X86_OPF_ADDR32;
    }
    return true;
}

bool trans_JMP(DisasContext *ctx, X86DecodedInsn *d)
{
    if (d->e->opk[0] == X86_OPK_Ev) {
        return x86_gen_op(ctx, d, x86_op_jmp_e);
    }
    return gen_branch(ctx, d, x86_op_jmp);
}

bool trans_CALL(DisasContext *ctx, X86DecodedInsn *d)
{
    if (d->e->opk[0] == X86_OPK_Ev) {
        return x86_gen_op(ctx, d, x86_op_call_e);
    }
    return gen_branch(ctx, d, x86_op_call);
}

bool trans_RET(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_ret);
}

/* String ops: any F3/F2 repeats; F2 is REPNE for CMPS/SCAS. */
static bool gen_string(DisasContext *ctx, X86DecodedInsn *d, X86OpHandler fn)
{
    X86Op *op = x86_gen_op(ctx, d, fn);

    op->seg = d->seg;
    if (d->prefixes & X86_PFX_67) {
        op->flags |= X86_OPF_ADDR32;
    }
    if (d->prefixes & X86_PFX_F3) {
        op->flags |= X86_OPF_REP;
    } else if (d->prefixes & X86_PFX_F2) {
        op->flags |= X86_OPF_REP | X86_OPF_REPNE;
    }
    return true;
}

bool trans_MOVS(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_string(ctx, d, x86_op_movs);
}

bool trans_STOS(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_string(ctx, d, x86_op_stos);
}

bool trans_LODS(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_string(ctx, d, x86_op_lods);
}

bool trans_CMPS(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_string(ctx, d, x86_op_cmps);
}

bool trans_SCAS(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_string(ctx, d, x86_op_scas);
}

/* op->sub: 0 CMC, 1 CLC, 2 STC, 3 CLD, 4 STD */
static bool gen_flagop(DisasContext *ctx, X86DecodedInsn *d, unsigned kind)
{
    X86Op *op = x86_gen_op(ctx, d, x86_op_flagop);

    op->sub = kind;
    return true;
}

bool trans_CMC(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_flagop(ctx, d, 0);
}

bool trans_CLC(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_flagop(ctx, d, 1);
}

bool trans_STC(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_flagop(ctx, d, 2);
}

bool trans_CLD(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_flagop(ctx, d, 3);
}

bool trans_STD(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_flagop(ctx, d, 4);
}

bool trans_HLT(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_hlt);
}

bool trans_UD2(DisasContext *ctx, X86DecodedInsn *d)
{
    return false;
}

bool trans_NOP(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_nop);
}

/* ---- system ---- */

bool trans_PUSHF(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_pushf);
}

bool trans_POPF(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_popf);
}

bool trans_SAHF(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_sahf);
}

bool trans_LAHF(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_lahf);
}

bool trans_CLI(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_cli);
}

bool trans_STI(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_sti);
}

/* op->reg is the control register, op->rm the GPR. */
bool trans_MOVCR(DisasContext *ctx, X86DecodedInsn *d)
{
    unsigned cr = d->reg;

    if (cr != 0 && cr != 2 && cr != 3 && cr != 4 && cr != 8) {
        return false;
    }
    x86_gen_op(ctx, d, d->e->opk[0] == X86_OPK_Rq ? x86_op_mov_from_cr
                                                  : x86_op_mov_to_cr);
    return true;
}

/* op->sub: 0 GDT, 1 IDT */
static bool gen_desc_table(DisasContext *ctx, X86DecodedInsn *d,
                           X86OpHandler fn, unsigned which)
{
    X86Op *op = x86_gen_op(ctx, d, fn);

    op->sub = which;
    return true;
}

bool trans_SGDT(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_desc_table(ctx, d, x86_op_sgdt, 0);
}

bool trans_SIDT(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_desc_table(ctx, d, x86_op_sgdt, 1);
}

bool trans_LGDT(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_desc_table(ctx, d, x86_op_lgdt, 0);
}

bool trans_LIDT(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_desc_table(ctx, d, x86_op_lgdt, 1);
}

bool trans_INVLPG(DisasContext *ctx, X86DecodedInsn *d)
{
    X86Op *op = x86_gen_op(ctx, d, x86_op_invlpg);

    op->seg = d->seg;
    return true;
}

/* 0F 01 /7 register forms: F8 SWAPGS, F9 RDTSCP (op->sub = 1). */
bool trans_SWAPGS(DisasContext *ctx, X86DecodedInsn *d)
{
    X86Op *op;

    switch (d->modrm & 7) {
    case 0:
        return x86_gen_op(ctx, d, x86_op_swapgs);
    case 1:
        op = x86_gen_op(ctx, d, x86_op_rdtsc);
        op->sub = 1;
        return true;
    default:
        return false;
    }
}

bool trans_RDTSC(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_rdtsc);
}

bool trans_RDMSR(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_rdmsr);
}

bool trans_WRMSR(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_wrmsr);
}

/* LFENCE, MFENCE, SFENCE: ordering is trivially kept by one thread. */
bool trans_FENCE(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_nop);
}

bool trans_INT3(DisasContext *ctx, X86DecodedInsn *d)
{
    X86Op *op = x86_gen_op(ctx, d, x86_op_int);

    op->imm = X86_EXCP_BP;
    return true;
}

bool trans_INT(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_int);
}

/* CF is IRET; only the 64-bit form (REX.W) is implemented. */
bool trans_IRET(DisasContext *ctx, X86DecodedInsn *d)
{
    if (!(d->rex & 8)) {
        qemu_log_mask(LOG_UNIMP, "x86: 32/16-bit IRET in 64-bit mode is "
                      "not implemented\n");
        return false;
    }
    return x86_gen_op(ctx, d, x86_op_iretq);
}

bool trans_LTR(DisasContext *ctx, X86DecodedInsn *d)
{
    X86Op *op = x86_gen_op(ctx, d, x86_op_ltr);

    op->size = 2;
    return true;
}

/*
 * IN/OUT: op->size is 1, 2 or 4 (never 8); the port is the immediate
 * (X86_OPF_IMM) or DX.
 */
static bool gen_io(DisasContext *ctx, X86DecodedInsn *d, X86OpHandler fn)
{
    X86Op *op = x86_gen_op(ctx, d, fn);
    uint8_t k0 = d->e->opk[0], k1 = d->e->opk[1];

    if (op->size == 8) {
        op->size = 4;
    }
    if (k0 == X86_OPK_Ib || k1 == X86_OPK_Ib) {
        op->flags |= X86_OPF_IMM;
    }
    return true;
}

bool trans_IN(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_io(ctx, d, x86_op_in);
}

bool trans_OUT(DisasContext *ctx, X86DecodedInsn *d)
{
    if (d->e->opk[0] == X86_OPK_Ib) {
        /* OUT Ib,AL: the data operand (second) sets the size */
        d->size = d->e->opk[1] == X86_OPK_AL ? 1 : d->ot;
    }
    return gen_io(ctx, d, x86_op_out);
}

bool trans_SYSCALL(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_syscall);
}

/* Only SYSRETQ (REX.W, back to 64-bit code) is implemented. */
bool trans_SYSRET(DisasContext *ctx, X86DecodedInsn *d)
{
    if (!(d->rex & 8)) {
        qemu_log_mask(LOG_UNIMP, "x86: SYSRET to compatibility mode is "
                      "not implemented\n");
        return false;
    }
    return x86_gen_op(ctx, d, x86_op_sysret);
}

/* 8C / 8E: ModRM.reg is the segment register (CS only as a source). */
bool trans_MOVSEG(DisasContext *ctx, X86DecodedInsn *d)
{
    bool to_seg = d->opcode == 0x8e;
    unsigned sreg = d->reg & 7;
    X86Op *op;

    if (sreg >= X86_NB_SEGS || (to_seg && sreg == R_CS)) {
        return false;
    }
    op = x86_gen_op(ctx, d, to_seg ? x86_op_mov_to_seg : x86_op_mov_from_seg);
    op->reg = sreg;
    if (to_seg) {
        op->size = 2;
        ctx->end = ctx->end || sreg == R_SS;
    }
    return true;
}

/* 0F A0/A1: FS, 0F A8/A9: GS */
static bool gen_seg_stack(DisasContext *ctx, X86DecodedInsn *d,
                          X86OpHandler fn)
{
    X86Op *op = x86_gen_op(ctx, d, fn);

    op->sub = d->opcode >= 0xa8 ? R_GS : R_FS;
    return true;
}

bool trans_PUSHSEG(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_seg_stack(ctx, d, x86_op_push_seg);
}

bool trans_POPSEG(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_seg_stack(ctx, d, x86_op_pop_seg);
}
