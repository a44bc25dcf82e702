/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86-64 instruction decoder and block builder.
 *
 * x86_decode_insn() reads prefixes, looks the opcode up in the generated
 * tables (insns.decode), decodes ModRM/SIB/displacement and immediates
 * and calls the row's trans_NAME(), which appends operation records.
 * x86_translate_block() decodes from a PC until a block-ending
 * instruction, the end of the page or X86_MAX_BLOCK_INSNS.
 *
 * The legacy modes (real, 16/32-bit protected, compatibility) use their
 * own tables (rows marked i64/o64 in insns.decode), have no REX, take
 * default operand and address sizes from CS.D, may use 16-bit ModRM
 * addressing, and give every memory operand a segment (DS or SS by
 * default, or the override); the fetch address is CS.base + EIP.
 */
#include "qemu/osdep.h"
#include "target/i386/engine.h"
#include "target/i386/x86-decode.h"
#include "qemu/log.h"

#include "target/i386/x86-decode.c.inc"

/* Fetching: instruction bytes come from the block's code page(s). */
typedef struct X86Fetch {
    DisasContext *ctx;
    vaddr pc;               /* next byte */
    unsigned len;
    bool fault;             /* ran past 15 bytes or into an unusable page */
} X86Fetch;

static bool x86_fetch_page(DisasContext *ctx, vaddr addr)
{
    X86CPU *cpu = ctx->cpu;
    hwaddr paddr;
    const uint8_t *host;

    if (!x86_is_canonical(addr)) {
        return false;
    }
    host = soft_tlb_code_page(&cpu->tlb, addr, x86_mmu_idx(cpu), &paddr, 0);
    if (!host) {
        if (paddr == (hwaddr)-1) {
            ctx->fetch_fault = addr;
        } else {
            qemu_log_mask(LOG_UNIMP, "x86: executing from MMIO at 0x%"
                          PRIx64 " is not supported\n", addr);
        }
        return false;
    }
    if (ctx->page) {
        ctx->phys_page2 = paddr;
    } else {
        ctx->phys_pc = paddr | (addr & ~SOFT_TLB_PAGE_MASK);
    }
    ctx->page = host;
    ctx->page_addr = addr & SOFT_TLB_PAGE_MASK;
    return true;
}

static uint8_t x86_fetch_u8(X86Fetch *f)
{
    DisasContext *ctx = f->ctx;
    vaddr a = f->pc + ctx->cs_base;

    if (!(ctx->flags & X86_HF_CS64)) {
        a = (uint32_t)a;
    }
    if (f->fault || ++f->len > X86_MAX_INSN_LEN) {
        f->fault = true;
        return 0;
    }
    if ((a & SOFT_TLB_PAGE_MASK) != ctx->page_addr) {
        /* Only the second page of a block may be entered, once. */
        if (ctx->phys_page2 != (hwaddr)-1 || !x86_fetch_page(ctx, a)) {
            f->fault = true;
            return 0;
        }
    }
    f->pc++;
    return ctx->page[a & ~SOFT_TLB_PAGE_MASK];
}

static uint64_t x86_fetch_n(X86Fetch *f, unsigned n)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < n; i++) {
        v |= (uint64_t)x86_fetch_u8(f) << (8 * i);
    }
    return v;
}

/* Legacy prefixes, then an optional REX immediately before the opcode. */
static uint8_t x86_decode_prefixes(X86Fetch *f, X86DecodedInsn *d)
{
    bool legacy = !(f->ctx->flags & X86_HF_CS64);
    uint8_t rex = 0;

    for (;;) {
        uint8_t b = x86_fetch_u8(f);

        switch (b) {
        case 0x66:
            d->prefixes |= X86_PFX_66;
            break;
        case 0x67:
            d->prefixes |= X86_PFX_67;
            break;
        case 0xf2:
            d->prefixes = (d->prefixes & ~X86_PFX_F3) | X86_PFX_F2;
            break;
        case 0xf3:
            d->prefixes = (d->prefixes & ~X86_PFX_F2) | X86_PFX_F3;
            break;
        case 0xf0:
            d->prefixes |= X86_PFX_LOCK;
            break;
        case 0x26: case 0x2e: case 0x36: case 0x3e:
            /* ES/CS/SS/DS overrides are ignored in 64-bit mode. */
            if (legacy) {
                d->seg = (b >> 3) & 3;     /* 26 ES, 2E CS, 36 SS, 3E DS */
            }
            break;
        case 0x64:
            d->seg = R_FS;
            break;
        case 0x65:
            d->seg = R_GS;
            break;
        default:
            if ((b & 0xf0) == 0x40 && !legacy) {
                rex = b;    /* counts only right before the opcode */
                if (f->fault) {
                    return 0;
                }
                continue;
            }
            d->rex = rex;
            return b;
        }
        rex = 0;            /* a legacy prefix after REX cancels it */
        if (f->fault) {
            return 0;
        }
    }
}

static void x86_decode_sib(X86Fetch *f, X86DecodedInsn *d, unsigned mod)
{
    uint8_t sib = x86_fetch_u8(f);
    unsigned index = ((sib >> 3) & 7) | ((d->rex & 2) << 2);
    unsigned base = (sib & 7) | ((d->rex & 1) << 3);

    d->scale = sib >> 6;
    d->index = index == R_ESP ? X86_REG_NONE : index;
    if ((base & 7) == R_EBP && mod == 0) {
        d->base = X86_REG_NONE;
        d->disp = (int32_t)x86_fetch_n(f, 4);
    } else {
        d->base = base;
    }
}

/* 16-bit addressing: BX+SI, BX+DI, BP+SI, BP+DI, SI, DI, BP, BX */
static void x86_decode_modrm16(X86Fetch *f, X86DecodedInsn *d, unsigned mod,
                               unsigned rm)
{
    static const uint8_t base[8] = {
        R_EBX, R_EBX, R_EBP, R_EBP, R_ESI, R_EDI, R_EBP, R_EBX,
    };
    static const uint8_t index[8] = {
        R_ESI, R_EDI, R_ESI, R_EDI, X86_REG_NONE, X86_REG_NONE,
        X86_REG_NONE, X86_REG_NONE,
    };

    if (mod == 0 && rm == 6) {
        d->disp = (uint16_t)x86_fetch_n(f, 2);
        return;
    }
    d->base = base[rm];
    d->index = index[rm];
    if (mod == 1) {
        d->disp = (int8_t)x86_fetch_u8(f);
    } else if (mod == 2) {
        d->disp = (int16_t)x86_fetch_n(f, 2);
    }
}

static void x86_decode_modrm(X86Fetch *f, X86DecodedInsn *d)
{
    unsigned mod, rm;

    d->modrm = x86_fetch_u8(f);
    mod = d->modrm >> 6;
    rm = d->modrm & 7;
    d->reg = ((d->modrm >> 3) & 7) | ((d->rex & 4) << 1);
    if (mod == 3) {
        d->rm = rm | ((d->rex & 1) << 3);
        return;
    }
    d->has_mem = true;
    d->base = X86_REG_NONE;
    d->index = X86_REG_NONE;
    d->disp = 0;
    if (d->asize == 2) {
        x86_decode_modrm16(f, d, mod, rm);
        return;
    }
    if (rm == 4) {
        x86_decode_sib(f, d, mod);
    } else if (rm == 5 && mod == 0) {
        /* RIP-relative in 64-bit mode, an absolute disp32 otherwise */
        d->riprel = f->ctx->flags & X86_HF_CS64;
        d->disp = (int32_t)x86_fetch_n(f, 4);
    } else {
        d->base = rm | ((d->rex & 1) << 3);
    }
    if (mod == 1) {
        d->disp += (int8_t)x86_fetch_u8(f);
    } else if (mod == 2) {
        d->disp += (int32_t)x86_fetch_n(f, 4);
    }
}

static bool x86_opk_is_byte(uint8_t k)
{
    switch (k) {
    case X86_OPK_Eb: case X86_OPK_Gb: case X86_OPK_Zb: case X86_OPK_AL:
    case X86_OPK_Xb: case X86_OPK_Yb: case X86_OPK_Ob:
        return true;
    default:
        return false;
    }
}

/* Legacy modes: CS.D gives 32-bit defaults, 66 flips to the other size. */
static void x86_decode_sizes_legacy(DisasContext *ctx, X86DecodedInsn *d)
{
    bool d32 = ctx->flags & X86_HF_CS32;

    d->ot = d32 ^ !!(d->prefixes & X86_PFX_66) ? 4 : 2;
    d->size = x86_opk_is_byte(d->e->opk[0]) ? 1 : d->ot;
}

static void x86_decode_sizes(DisasContext *ctx, X86DecodedInsn *d)
{
    const X86OpcodeEntry *e = d->e;

    if (!(ctx->flags & X86_HF_CS64)) {
        x86_decode_sizes_legacy(ctx, d);
        return;
    }
    if (e->attrs & X86_ATTR_F64) {
        d->ot = 8;
    } else if (d->rex & 8) {
        d->ot = 8;
    } else if (d->prefixes & X86_PFX_66) {
        d->ot = 2;
    } else {
        d->ot = e->attrs & X86_ATTR_D64 ? 8 : 4;
    }
    d->size = x86_opk_is_byte(e->opk[0]) ? 1 : d->ot;
}

static void x86_decode_imm(X86Fetch *f, X86DecodedInsn *d, uint8_t k)
{
    switch (k) {
    case X86_OPK_Ib:
    case X86_OPK_One:
        if (k == X86_OPK_Ib && d->e->opk[0] == X86_OPK_Iw) {
            d->disp = x86_fetch_u8(f);      /* ENTER Iw,Ib: the level */
            break;
        }
        d->imm = k == X86_OPK_One ? 1 : x86_fetch_u8(f);
        break;
    case X86_OPK_Ibs:
    case X86_OPK_Jb:
        d->imm = (int8_t)x86_fetch_u8(f);
        break;
    case X86_OPK_Iw:
        d->imm = x86_fetch_n(f, 2);
        break;
    case X86_OPK_Iz:
    case X86_OPK_Jz:
        /* Jz is 16-bit only with a 16-bit operand size (legacy modes) */
        if (d->ot == 2) {
            d->imm = (int16_t)x86_fetch_n(f, 2);
        } else {
            d->imm = (int32_t)x86_fetch_n(f, 4);
        }
        break;
    case X86_OPK_Iv:
        d->imm = x86_fetch_n(f, d->ot);
        break;
    case X86_OPK_Ap:
        /* far pointer: offset, then the selector (kept in disp) */
        d->imm = x86_fetch_n(f, d->ot);
        d->disp = x86_fetch_n(f, 2);
        break;
    case X86_OPK_Ob:
    case X86_OPK_Ov:
        /* moffs: an absolute address of the address size */
        d->has_mem = true;
        d->base = d->index = X86_REG_NONE;
        d->disp = x86_fetch_n(f, d->asize);
        break;
    default:
        break;
    }
}

/* Byte registers 4-7 without REX are AH, CH, DH, BH. */
static uint8_t x86_byte_reg(const X86DecodedInsn *d, uint8_t r)
{
    if (!d->rex && r >= 4 && r < 8) {
        return r - 4 + X86_REG_HIGH8;
    }
    return r;
}

/*
 * Mandatory-prefix rows: F3 or F2 (the last one given) select their row,
 * else 66; without a row for that prefix the unprefixed row applies.  A
 * 66 used as a mandatory prefix no longer changes the operand size.
 */
static const X86OpcodeEntry *x86_lookup_prefixed(X86DecodedInsn *d,
                                                 const X86OpcodeEntry *v)
{
    unsigned i = d->prefixes & X86_PFX_F3 ? 2
               : d->prefixes & X86_PFX_F2 ? 3
               : d->prefixes & X86_PFX_66 ? 1 : 0;

    if (!v[i].trans) {
        return &v[0];
    }
    if (i == 1) {
        d->prefixes &= ~X86_PFX_66;
    }
    return &v[i];
}

static const X86OpcodeEntry *x86_lookup(X86Fetch *f, X86DecodedInsn *d,
                                        uint8_t b)
{
    const X86OpcodeEntry *e;

    bool legacy = !(f->ctx->flags & X86_HF_CS64);

    if (b == 0x0f) {
        d->map = 1;
        b = x86_fetch_u8(f);
        e = legacy ? &x86_map_1_leg[b] : &x86_map_1[b];
    } else {
        e = legacy ? &x86_map_0_leg[b] : &x86_map_0[b];
    }
    d->opcode = b;
    if (e->pfx) {
        e = x86_lookup_prefixed(d, e->pfx);
    }
    if (e->opk[0] == X86_OPK_Rq || e->opk[1] == X86_OPK_Rq) {
        /* MOV CR: the ModRM is a register pair whatever mod says */
        d->modrm = x86_fetch_u8(f) | 0xc0;
        d->reg = ((d->modrm >> 3) & 7) | ((d->rex & 4) << 1);
        d->rm = (d->modrm & 7) | ((d->rex & 1) << 3);
        return e;
    }
    if (e->group || (e->attrs & X86_ATTR_MODRM)) {
        x86_decode_modrm(f, d);
    }
    if (e->group) {
        e = &e->group[((d->modrm >> 3) & 7) + (d->has_mem ? 0 : 8)];
    }
    return e;
}

/* Operand register fixups the table implies (Z, byte registers). */
static void x86_decode_regs(X86DecodedInsn *d)
{
    const X86OpcodeEntry *e = d->e;

    if (e->opk[0] == X86_OPK_Zb || e->opk[0] == X86_OPK_Zv) {
        d->reg = (d->opcode & 7) | ((d->rex & 1) << 3);
    }
    if (d->size == 1) {
        d->reg = x86_byte_reg(d, d->reg);
        if (!d->has_mem) {
            d->rm = x86_byte_reg(d, d->rm);
        }
    }
}

/* The address size: 67 toggles 64/32 in 64-bit mode, else 32/16. */
static unsigned x86_addr_size(DisasContext *ctx, X86DecodedInsn *d)
{
    bool p67 = d->prefixes & X86_PFX_67;

    if (ctx->flags & X86_HF_CS64) {
        return p67 ? 4 : 8;
    }
    return !!(ctx->flags & X86_HF_CS32) ^ p67 ? 4 : 2;
}

/* Legacy modes: a memory operand's segment is DS, or SS for BP/SP bases. */
static void x86_default_seg(DisasContext *ctx, X86DecodedInsn *d)
{
    if ((ctx->flags & X86_HF_CS64) || d->seg != X86_NB_SEGS) {
        return;
    }
    d->seg = R_DS;
    if (d->has_mem && (d->base == R_ESP || d->base == R_EBP)) {
        d->seg = R_SS;
    }
}

static bool x86_decode_check(X86DecodedInsn *d)
{
    const X86OpcodeEntry *e = d->e;

    if (!e->trans) {
        return false;
    }
    if ((e->attrs & X86_ATTR_MEM) && !d->has_mem) {
        return false;
    }
    if ((d->prefixes & X86_PFX_LOCK) &&
        (!(e->attrs & X86_ATTR_LOCK) || !d->has_mem)) {
        return false;
    }
    return true;
}

/*
 * Decode one instruction at ctx->pc and append its records.  Returns false
 * when nothing could be fetched (the block ends before it); an undefined
 * instruction still returns true with a #UD record.
 */
bool x86_decode_insn(DisasContext *ctx, X86DecodedInsn *d)
{
    X86Fetch f = { .ctx = ctx, .pc = ctx->pc };
    uint8_t b;

    memset(d, 0, sizeof(*d));
    d->seg = X86_NB_SEGS;
    d->pc = ctx->pc;
    b = x86_decode_prefixes(&f, d);
    d->asize = x86_addr_size(ctx, d);
    d->e = f.fault ? NULL : x86_lookup(&f, d, b);
    if (d->e && d->e->trans) {
        x86_decode_sizes(ctx, d);
        for (int i = 0; i < 3; i++) {
            x86_decode_imm(&f, d, d->e->opk[i]);
        }
        x86_decode_regs(d);
        x86_default_seg(ctx, d);
    }
    if (f.fault) {
        if (ctx->n_ops > 0) {
            return false;
        }
        d->e = NULL;
    }
    d->len = f.len > X86_MAX_INSN_LEN ? X86_MAX_INSN_LEN : f.len;
    if (d->riprel) {
        d->disp += d->pc + d->len;
    }
    ctx->pc += d->len;
    if (d->e && d->e->attrs & X86_ATTR_END) {
        ctx->end = true;
    }
    if (f.fault) {
        /* not executable: #PF when run; too long or MMIO: #GP */
        X86Op *op = x86_gen_op(ctx, d, ctx->fetch_fault ? x86_op_fetch_fault
                                                        : x86_op_raise_gp);
        op->imm = ctx->fetch_fault;
        ctx->end = true;
    } else if (!x86_decode_check(d) || !d->e->trans(ctx, d)) {
        x86_gen_op(ctx, d, x86_op_raise_ud);
        ctx->end = true;
    }
    return true;
}

X86Op *x86_gen_op(DisasContext *ctx, X86DecodedInsn *d, X86OpHandler fn)
{
    X86Op *op;

    g_assert(ctx->n_ops < ctx->max_ops);
    op = &ctx->ops[ctx->n_ops++];
    memset(op, 0, sizeof(*op));
    op->fn = fn;
    op->pc_off = d->pc - ctx->block_pc;
    op->len = d->len;
    op->size = d->size;
    op->reg = d->reg;
    op->rm = d->rm;
    op->base = X86_REG_NONE;
    op->index = X86_REG_NONE;
    op->seg = X86_NB_SEGS;
    op->imm = d->imm;
    if (d->asize == 4) {
        op->flags |= X86_OPF_ADDR32;
    } else if (d->asize == 2) {
        op->flags |= X86_OPF_ADDR16;
    }
    if (!(ctx->flags & X86_HF_CS64)) {
        op->flags |= X86_OPF_SEG;
        op->seg = d->seg;
    }
    if (d->has_mem) {
        op->flags |= X86_OPF_MEM;
        op->base = d->base;
        op->index = d->index;
        op->scale = d->scale;
        op->disp = d->disp;
        op->seg = d->seg;
        if (d->riprel && d->asize == 4) {
            op->disp = (uint32_t)op->disp;
        }
    }
    return op;
}

static DecodedBlock *x86_finish_block(DisasContext *ctx, X86DecodedInsn *d,
                                      unsigned n_insns)
{
    DecodedBlock *b;
    X86Op *end;

    /* The terminator: not an instruction, it sets RIP for fall-through. */
    memset(d, 0, sizeof(*d));
    d->pc = ctx->pc;
    end = x86_gen_op(ctx, d, x86_op_end);
    end->len = 0;
    b = block_cache_alloc(sizeof(X86BlockJit) +
                          ctx->n_ops * sizeof(X86Op));
    x86_block_jit(b)->n_ops = ctx->n_ops;
    memcpy(x86_block_ops(b), ctx->ops, ctx->n_ops * sizeof(X86Op));
    b->pc = ctx->block_pc;
    b->flags = ctx->flags;
    b->n_insns = n_insns;
    b->size = ctx->pc - ctx->block_pc;
    b->phys_page2 = ctx->phys_page2;
    return b;
}

DecodedBlock *x86_translate_block(X86CPU *cpu, vaddr pc, uint32_t flags)
{
    X86Op ops[X86_MAX_BLOCK_INSNS * 2 + 1];
    DisasContext ctx = {
        .cpu = cpu, .flags = flags, .pc = pc, .block_pc = pc,
        .phys_page2 = (hwaddr)-1, .ops = ops, .max_ops = ARRAY_SIZE(ops),
    };
    X86DecodedInsn d;
    unsigned n = 0;
    DecodedBlock *b;

    if (!(flags & X86_HF_CS64)) {
        ctx.cs_base = cpu->env.segs[R_CS].base;
    }
    if (!x86_fetch_page(&ctx, x86_linear_pc(cpu, pc))) {
        return NULL;
    }
    while (!ctx.end && n < X86_MAX_BLOCK_INSNS) {
        if (n > 0 &&
            (x86_linear_pc(cpu, ctx.pc) & ~SOFT_TLB_PAGE_MASK) == 0) {
            break;      /* blocks stop at page ends unless they start so */
        }
        if (!x86_decode_insn(&ctx, &d)) {
            break;
        }
        n++;
    }
    b = x86_finish_block(&ctx, &d, n);
    b->pc = x86_block_key(cpu, pc);
    b->phys_pc = ctx.phys_pc;
    return b;
}
