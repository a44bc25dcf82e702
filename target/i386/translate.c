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

/* The specialised handler of a record, or NULL if it is not flat. */
static X86OpHandler flat_only(X86Op *op, X86OpHandler fn)
{
    return op->flags & X86_OPF_MEM && !x86_op_is_flat(op) ? NULL : fn;
}

/* Replace the general handler of the record just made by @fn if any. */
static void use_fast(X86Op *op, X86OpHandler fn)
{
    fn = flat_only(op, fn);
    if (fn) {
        op->fn = fn;
    }
}

/*
 * A specialised handler (ops-fast.c) for register-register, register-
 * immediate and register-from-flat-memory forms of 32/64-bit ALU ops.
 * Returns false when the form has none.
 */
static bool gen_alu_fast(DisasContext *ctx, X86DecodedInsn *d,
                         unsigned kind)
{
    uint8_t k0 = d->e->opk[0], k1 = d->e->opk[1];
    X86OpHandler fn;
    X86Op *op;
    unsigned form;

    if (opk_is_acc(k0) || (!opk_is_g(k0) && !opk_is_g(k1))) {
        form = X86_FAST_RI;
    } else {
        form = d->has_mem ? X86_FAST_RM : X86_FAST_RR;
    }
    if (d->has_mem && (form != X86_FAST_RM || opk_is_g(k1))) {
        return false;           /* memory destination */
    }
    fn = x86_fast_alu(kind, form, d->size);
    if (!fn) {
        return false;
    }
    op = x86_gen_op(ctx, d, fn);
    if (form == X86_FAST_RM && !x86_op_is_flat(op)) {
        ctx->n_ops--;           /* not flat: the general handler */
        return false;
    }
    if (opk_is_acc(k0)) {
        op->rm = R_EAX;
    } else if (form == X86_FAST_RR && opk_is_g(k0)) {
        op->rm = d->reg;        /* G op= E: the destination is G */
        op->reg = d->rm;
    }
    return true;
}

/* Two-operand ALU forms: E op= G, G op= E, E op= imm (also AL/rAX). */
static bool gen_alu(DisasContext *ctx, X86DecodedInsn *d, X86OpHandler eg,
                    X86OpHandler ge, X86OpHandler ei, unsigned kind)
{
    uint8_t k0 = d->e->opk[0], k1 = d->e->opk[1];
    X86Op *op;

    if (gen_alu_fast(ctx, d, kind)) {
        return true;
    }
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
    return gen_alu(ctx, d, x86_op_add_eg, x86_op_add_ge, x86_op_add_ei,
                   X86_ALU_ADD);
}

bool trans_OR(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_alu(ctx, d, x86_op_or_eg, x86_op_or_ge, x86_op_or_ei,
                   X86_ALU_OR);
}

bool trans_ADC(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_alu(ctx, d, x86_op_adc_eg, x86_op_adc_ge, x86_op_adc_ei,
                   X86_ALU_ADC);
}

bool trans_SBB(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_alu(ctx, d, x86_op_sbb_eg, x86_op_sbb_ge, x86_op_sbb_ei,
                   X86_ALU_SBB);
}

bool trans_AND(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_alu(ctx, d, x86_op_and_eg, x86_op_and_ge, x86_op_and_ei,
                   X86_ALU_AND);
}

bool trans_SUB(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_alu(ctx, d, x86_op_sub_eg, x86_op_sub_ge, x86_op_sub_ei,
                   X86_ALU_SUB);
}

bool trans_XOR(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_alu(ctx, d, x86_op_xor_eg, x86_op_xor_ge, x86_op_xor_ei,
                   X86_ALU_XOR);
}

bool trans_CMP(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_alu(ctx, d, x86_op_cmp_eg, x86_op_cmp_ge, x86_op_cmp_ei,
                   X86_ALU_CMP);
}

bool trans_TEST(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_alu(ctx, d, x86_op_test_eg, x86_op_test_eg, x86_op_test_ei,
                   X86_ALU_TEST);
}

/* FE/FF /0 /1, and 40-4F (legacy modes: the register in the opcode) */
static bool gen_incdec(DisasContext *ctx, X86DecodedInsn *d, X86OpHandler fn)
{
    X86Op *op = x86_gen_op(ctx, d, fn);

    if (d->e->opk[0] == X86_OPK_Zv) {
        op->rm = d->reg;
    }
    if (!(op->flags & X86_OPF_MEM)) {
        use_fast(op, x86_fast_incdec(fn == x86_op_dec, op->size));
    }
    return true;
}

bool trans_INC(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_incdec(ctx, d, x86_op_inc);
}

bool trans_DEC(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_incdec(ctx, d, x86_op_dec);
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
    X86Op *op = x86_gen_op(ctx, d, x86_op_imul2);

    if (!d->has_mem) {
        use_fast(op, x86_fast_imul_rr(d->size));
    }
    return true;
}

bool trans_IMUL3(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_imul3);
}

bool trans_DIV(DisasContext *ctx, X86DecodedInsn *d)
{
    X86Op *op = x86_gen_op(ctx, d, x86_op_div);

    if (!d->has_mem && d->size == 4) {
        op->fn = x86_fast_div_r4();
    }
    return true;
}

bool trans_IDIV(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_idiv);
}

static bool gen_shift(DisasContext *ctx, X86DecodedInsn *d, X86OpHandler fn)
{
    X86Op *op = x86_gen_op(ctx, d, fn);
    int kind = fn == x86_op_shl ? 0 : fn == x86_op_shr ? 1
             : fn == x86_op_sar ? 2 : fn == x86_op_rol ? 3
             : fn == x86_op_ror ? 4 : -1;

    if (d->e->opk[1] == X86_OPK_CL) {
        op->flags |= X86_OPF_CL;
    } else if (kind >= 0 && !d->has_mem &&
               (op->imm & (op->size == 8 ? 63 : 31))) {
        /* a register by a known non-zero count */
        X86OpHandler f = kind >= 3 ? x86_fast_rotate(kind == 3, op->size)
                                   : x86_fast_shift(kind, op->size);

        if (f) {
            op->fn = f;
            op->imm &= op->size == 8 ? 63 : 31;
        }
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

    if (k0 == X86_OPK_Zv) {
        /* B8+r: mov r, imm (Iv: 64-bit with REX.W) */
        x86_gen_op(ctx, d, x86_op_mov_ri);
        use_fast(&ctx->ops[ctx->n_ops - 1],
                 x86_fast_mov(X86_FAST_RI, d->size));
    } else if (k0 == X86_OPK_Zb || k0 == X86_OPK_Zv) {
        x86_gen_op(ctx, d, x86_op_mov_ri);
    } else if (k1 == X86_OPK_Ib || k1 == X86_OPK_Iz) {
        op = x86_gen_op(ctx, d, d->has_mem ? x86_op_mov_mi : x86_op_mov_ri);
        op->reg = d->rm;
        if (!d->has_mem) {
            /* C7 /0: the immediate is already sign-extended */
            use_fast(op, x86_fast_mov(X86_FAST_RI, d->size));
        }
    } else if (d->has_mem) {
        op = x86_gen_op(ctx, d, opk_is_g(k0) ? x86_op_mov_load
                                             : x86_op_mov_store);
        use_fast(op, x86_fast_mov(opk_is_g(k0) ? X86_FAST_RM : X86_FAST_MR,
                                  d->size));
    } else {
        /* mov_rr copies op->reg into op->rm */
        op = x86_gen_op(ctx, d, x86_op_mov_rr);
        if (opk_is_g(k0)) {
            op->reg = d->rm;
            op->rm = d->reg;
        }
        use_fast(op, x86_fast_mov(X86_FAST_RR, d->size));
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
    unsigned src = d->e->opk[1] == X86_OPK_Eb ? 1 : 2;
    X86Op *op;

    gen_movx(ctx, d, x86_op_movzx, src);
    op = &ctx->ops[ctx->n_ops - 1];
    if (d->has_mem || op->rm < X86_REG_HIGH8) {
        use_fast(op, x86_fast_movzx(d->has_mem, src, d->size));
    }
    return true;
}

bool trans_MOVSX(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_movx(ctx, d, x86_op_movsx,
                    d->e->opk[1] == X86_OPK_Eb ? 1 : 2);
}

bool trans_MOVSXD(DisasContext *ctx, X86DecodedInsn *d)
{
    gen_movx(ctx, d, x86_op_movsx, d->ot < 4 ? d->ot : 4);
    if (d->size == 8) {
        use_fast(&ctx->ops[ctx->n_ops - 1], x86_fast_movsxd(d->has_mem));
    }
    return true;
}

bool trans_LEA(DisasContext *ctx, X86DecodedInsn *d)
{
    X86Op *op = x86_gen_op(ctx, d, x86_op_lea);

    op->seg = X86_NB_SEGS;      /* LEA never adds a segment base */
    use_fast(op, x86_fast_lea(d->size));
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
    X86Op *op;

    switch (d->e->opk[0]) {
    case X86_OPK_Zv:
        op = x86_gen_op(ctx, d, x86_op_push_r);
        if ((ctx->flags & X86_HF_CS64) && d->size == 8) {
            op->fn = x86_fast_stack(X86_FAST_PUSH);
        }
        return true;
    case X86_OPK_Ev:
        return x86_gen_op(ctx, d, x86_op_push_e);
    default:
        return x86_gen_op(ctx, d, x86_op_push_i);
    }
}

bool trans_POP(DisasContext *ctx, X86DecodedInsn *d)
{
    if (d->e->opk[0] == X86_OPK_Zv) {
        X86Op *op = x86_gen_op(ctx, d, x86_op_pop_r);

        if ((ctx->flags & X86_HF_CS64) && d->size == 8) {
            op->fn = x86_fast_stack(X86_FAST_POP);
        }
        return true;
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

    /* EIP wraps at the operand size in the legacy modes */
    op->imm = (d->pc + d->len + d->imm) & x86_size_mask(d->ot);
    return op;
}

bool trans_Jcc(DisasContext *ctx, X86DecodedInsn *d)
{
    X86Op *op = gen_branch(ctx, d, x86_jcc_handler(d->e->sub));
    X86OpHandler fused;

    op->sub = d->e->sub;
    /* a CMP/TEST right before it in the block runs both (ops-fast.c) */
    if (ctx->n_ops >= 2) {
        fused = x86_fast_fuse_jcc(op[-1].fn);
        if (fused) {
            op[-1].fn = fused;
        }
    }
    return true;
}

/* LOOPNE (E0), LOOPE (E1), LOOP (E2): op->sub = opcode & 3 */
bool trans_LOOP(DisasContext *ctx, X86DecodedInsn *d)
{
    X86Op *op = gen_branch(ctx, d, x86_op_loop);

    op->sub = d->opcode & 3;
    return true;
}

bool trans_JRCXZ(DisasContext *ctx, X86DecodedInsn *d)
{
    X86Op *op = gen_branch(ctx, d, x86_op_loop);

    op->sub = 3;
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
    if ((ctx->flags & X86_HF_CS64) && d->size == 8) {
        return gen_branch(ctx, d, x86_fast_stack(X86_FAST_CALL));
    }
    return gen_branch(ctx, d, x86_op_call);
}

bool trans_RET(DisasContext *ctx, X86DecodedInsn *d)
{
    if ((ctx->flags & X86_HF_CS64) && d->size == 8) {
        return x86_gen_op(ctx, d, x86_fast_stack(X86_FAST_RET));
    }
    return x86_gen_op(ctx, d, x86_op_ret);
}

/* String ops: any F3/F2 repeats; F2 is REPNE for CMPS/SCAS. */
static bool gen_string(DisasContext *ctx, X86DecodedInsn *d, X86OpHandler fn)
{
    X86Op *op = x86_gen_op(ctx, d, fn);

    op->seg = d->seg;
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
    if (cr == 8 && !(ctx->flags & X86_HF_CS64)) {
        return false;               /* CR8 exists in 64-bit mode only */
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
        if (!(ctx->flags & X86_HF_CS64)) {
            return false;
        }
        return x86_gen_op(ctx, d, x86_op_swapgs);
    case 1:
        op = x86_gen_op(ctx, d, x86_op_rdtsc);
        op->sub = 1;
        return true;
    default:
        return false;
    }
}

/* 0F 01 /3 register forms: F3 0F 01 D9 is VMGEXIT (SEV-ES). */
bool trans_VMGEXIT(DisasContext *ctx, X86DecodedInsn *d)
{
    if (d->modrm != 0xd9 || !(d->prefixes & X86_PFX_F3)) {
        return false;
    }
    return x86_gen_op(ctx, d, x86_op_vmgexit);
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

bool trans_CPUID(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_cpuid);
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

/* CF: IRET (16), IRETD (32), IRETQ (REX.W); op->size is the size. */
bool trans_IRET(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_iret);
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

/* SYSRETQ (REX.W: to 64-bit code) or SYSRET (to compatibility mode). */
bool trans_SYSRET(DisasContext *ctx, X86DecodedInsn *d)
{
    X86Op *op;

    if (!(ctx->flags & X86_HF_CS64)) {
        return false;               /* #UD outside 64-bit mode */
    }
    op = x86_gen_op(ctx, d, x86_op_sysret);
    op->size = d->rex & 8 ? 8 : 4;
    return true;
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

/* 06/07 ES, 0E CS, 16/17 SS, 1E/1F DS; 0F A0/A1: FS, 0F A8/A9: GS */
static bool gen_seg_stack(DisasContext *ctx, X86DecodedInsn *d,
                          X86OpHandler fn)
{
    X86Op *op = x86_gen_op(ctx, d, fn);

    if (d->map == 0) {
        op->sub = d->opcode >> 3;
        if (op->sub == R_SS && fn == x86_op_pop_seg) {
            ctx->end = true;        /* POP SS: the interrupt shadow */
        }
    } else {
        op->sub = d->opcode >= 0xa8 ? R_GS : R_FS;
    }
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

/* ---- far transfers and the legacy modes ---- */

bool trans_JMPF(DisasContext *ctx, X86DecodedInsn *d)
{
    X86Op *op = x86_gen_op(ctx, d, x86_op_jmp_far);

    if (!d->has_mem) {
        op->disp = d->disp;     /* the selector of ptr16:16/32 */
    }
    return true;
}

bool trans_CALLF(DisasContext *ctx, X86DecodedInsn *d)
{
    X86Op *op = x86_gen_op(ctx, d, x86_op_call_far);

    if (!d->has_mem) {
        op->disp = d->disp;
    }
    return true;
}

bool trans_RETF(DisasContext *ctx, X86DecodedInsn *d)
{
    X86Op *op = x86_gen_op(ctx, d, x86_op_ret_far);

    if (d->e->opk[0] != X86_OPK_Iw) {
        op->imm = 0;
    }
    return true;
}

/* C4 LES, C5 LDS, 0F B2 LSS, 0F B4 LFS, 0F B5 LGS: op->sub = segment */
bool trans_LXS(DisasContext *ctx, X86DecodedInsn *d)
{
    X86Op *op = x86_gen_op(ctx, d, x86_op_lxs);

    if (d->map == 0) {
        op->sub = d->opcode == 0xc4 ? R_ES : R_DS;
    } else {
        op->sub = d->opcode == 0xb2 ? R_SS : d->opcode == 0xb4 ? R_FS : R_GS;
    }
    return true;
}

static bool gen_sldt(DisasContext *ctx, X86DecodedInsn *d, unsigned which)
{
    X86Op *op = x86_gen_op(ctx, d, x86_op_sldt);

    op->sub = which;
    if (d->has_mem) {
        op->size = 2;
    }
    return true;
}

bool trans_SLDT(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_sldt(ctx, d, 0);
}

bool trans_STR(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_sldt(ctx, d, 1);
}

bool trans_LLDT(DisasContext *ctx, X86DecodedInsn *d)
{
    X86Op *op = x86_gen_op(ctx, d, x86_op_lldt);

    op->size = 2;
    return true;
}

bool trans_SMSW(DisasContext *ctx, X86DecodedInsn *d)
{
    X86Op *op = x86_gen_op(ctx, d, x86_op_smsw);

    if (d->has_mem) {
        op->size = 2;
    }
    return true;
}

bool trans_LMSW(DisasContext *ctx, X86DecodedInsn *d)
{
    X86Op *op = x86_gen_op(ctx, d, x86_op_lmsw);

    op->size = 2;
    return true;
}

bool trans_CLTS(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_clts);
}

/* A0-A3: MOV AL/rAX <-> [moffs] (op->reg is the accumulator) */
bool trans_MOVMOFFS(DisasContext *ctx, X86DecodedInsn *d)
{
    bool load = d->opcode < 0xa2;
    X86Op *op = x86_gen_op(ctx, d, load ? x86_op_mov_load
                                        : x86_op_mov_store);

    op->size = d->opcode & 1 ? d->ot : 1;
    op->reg = R_EAX;
    return true;
}

/* XLAT: AL = [seg:(E/R)BX + AL] */
bool trans_XLAT(DisasContext *ctx, X86DecodedInsn *d)
{
    X86Op *op = x86_gen_op(ctx, d, x86_op_xlat);

    op->seg = d->seg;
    op->size = 1;
    return true;
}

bool trans_PUSHA(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_pusha);
}

bool trans_POPA(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_popa);
}

/* INS/OUTS: op->size 1, 2 or 4; the port is DX. */
static bool gen_string_io(DisasContext *ctx, X86DecodedInsn *d,
                          X86OpHandler fn)
{
    if (d->size == 8) {
        d->size = 4;
    }
    return gen_string(ctx, d, fn);
}

bool trans_INS(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_string_io(ctx, d, x86_op_ins);
}

bool trans_OUTS(DisasContext *ctx, X86DecodedInsn *d)
{
    return gen_string_io(ctx, d, x86_op_outs);
}

/* 27 DAA, 2F DAS, 37 AAA, 3F AAS, D4 AAM, D5 AAD: op->sub 0-5 */
bool trans_BCD(DisasContext *ctx, X86DecodedInsn *d)
{
    X86Op *op = x86_gen_op(ctx, d, x86_op_bcd);

    op->sub = d->opcode == 0xd4 ? 4 : d->opcode == 0xd5 ? 5
            : ((d->opcode >> 4) - 2) * 2 + ((d->opcode >> 3) & 1);
    return true;
}

bool trans_INTO(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_into);
}

bool trans_BOUND(DisasContext *ctx, X86DecodedInsn *d)
{
    return x86_gen_op(ctx, d, x86_op_bound);
}

/* ENTER imm16, imm8: op->imm is the frame size, op->sub the level. */
bool trans_ENTER(DisasContext *ctx, X86DecodedInsn *d)
{
    X86Op *op = x86_gen_op(ctx, d, x86_op_enter);

    op->imm = d->imm & 0xffff;
    op->sub = d->disp & 31;
    return true;
}
