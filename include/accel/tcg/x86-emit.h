/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A small x86-64 host instruction emitter for the native-code tiers
 * (docs/devel/jit.md).  Header-only: every function is static inline and
 * appends one instruction to an X86Emit buffer.
 *
 * Conventions:
 * - Registers are X86HostReg numbers 0-15 (RAX..R15).
 * - @w is the operand width in bytes: 1, 2, 4 or 8.  Width 4 writes to a
 *   register zero the upper half, as on the hardware.
 * - A memory operand is X86EMem: base register (or X86E_NOREG for an
 *   absolute disp32), optional index (not RSP) with scale 0-3, disp32.
 * - ALU kinds are the /digit order of opcodes 80-83: X86E_ADD .. X86E_CMP;
 *   shift kinds the /digit of C1: X86E_ROL .. X86E_SAR; conditions the
 *   Jcc encoding (X86E_CC_O .. X86E_CC_G).
 * - Branches within the buffer: x86e_jcc_fwd()/x86e_jmp_fwd() emit a rel32
 *   placeholder and return its label; x86e_label_bind() patches it to
 *   jump to the current position (or x86e_label_patch() to any address).
 * - Running out of space never writes past the end: x86e_full() becomes
 *   true and the caller drops what it emitted.
 */
#ifndef ACCEL_TCG_X86_EMIT_H
#define ACCEL_TCG_X86_EMIT_H

typedef enum X86HostReg {
    X86E_RAX, X86E_RCX, X86E_RDX, X86E_RBX,
    X86E_RSP, X86E_RBP, X86E_RSI, X86E_RDI,
    X86E_R8, X86E_R9, X86E_R10, X86E_R11,
    X86E_R12, X86E_R13, X86E_R14, X86E_R15,
} X86HostReg;

#define X86E_NOREG 0xff

enum {
    X86E_ADD, X86E_OR, X86E_ADC, X86E_SBB,
    X86E_AND, X86E_SUB, X86E_XOR, X86E_CMP,
};
enum {
    X86E_ROL, X86E_ROR, X86E_RCL, X86E_RCR,
    X86E_SHL, X86E_SHR, X86E_SAL, X86E_SAR,
};
enum {
    X86E_CC_O, X86E_CC_NO, X86E_CC_B, X86E_CC_AE,
    X86E_CC_E, X86E_CC_NE, X86E_CC_BE, X86E_CC_A,
    X86E_CC_S, X86E_CC_NS, X86E_CC_P, X86E_CC_NP,
    X86E_CC_L, X86E_CC_GE, X86E_CC_LE, X86E_CC_G,
};

typedef struct X86Emit {
    uint8_t *start;         /* first byte of the buffer */
    uint8_t *p;             /* next byte to write */
    uint8_t *end;           /* one past the last usable byte */
    bool full;              /* an instruction did not fit */
} X86Emit;

typedef struct X86EMem {
    uint8_t base;           /* X86HostReg or X86E_NOREG */
    uint8_t index;          /* X86HostReg (not RSP) or X86E_NOREG */
    uint8_t scale;          /* log2: 0-3 */
    int32_t disp;
} X86EMem;

/* A rel32 field to patch: offset of its first byte from e->start. */
typedef uint32_t X86ELabel;

static inline void x86e_init(X86Emit *e, void *buf, size_t len)
{
    e->start = e->p = buf;
    e->end = e->start + len;
    e->full = false;
}

static inline bool x86e_full(const X86Emit *e)
{
    return e->full;
}

static inline size_t x86e_size(const X86Emit *e)
{
    return e->p - e->start;
}

/* [base + disp] */
static inline X86EMem x86e_mem(unsigned base, int32_t disp)
{
    X86EMem m = { base, X86E_NOREG, 0, disp };

    return m;
}

/* [base + index << scale + disp] */
static inline X86EMem x86e_mem_idx(unsigned base, unsigned index,
                                   unsigned scale, int32_t disp)
{
    X86EMem m = { base, index, scale, disp };

    return m;
}

static inline void x86e_byte(X86Emit *e, uint8_t b)
{
    if (e->p < e->end) {
        *e->p++ = b;
    } else {
        e->full = true;
    }
}

static inline void x86e_u32(X86Emit *e, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        x86e_byte(e, v >> (i * 8));
    }
}

static inline void x86e_u64(X86Emit *e, uint64_t v)
{
    x86e_u32(e, v);
    x86e_u32(e, v >> 32);
}

static inline bool x86e_fits_i8(int64_t v)
{
    return v == (int8_t)v;
}

static inline bool x86e_fits_i32(int64_t v)
{
    return v == (int32_t)v;
}

/*
 * Prefixes for width @w, ModRM reg field @r, index @x and rm/base @b;
 * @byte_regs: @r/@b are byte registers (SPL..DIL need a REX).
 */
static inline void x86e_prefix(X86Emit *e, unsigned w, unsigned r,
                               unsigned x, unsigned b, bool byte_regs)
{
    uint8_t rex = 0;

    if (w == 2) {
        x86e_byte(e, 0x66);
    }
    if (w == 8) {
        rex |= 8;
    }
    if (r != X86E_NOREG && (r & 8)) {
        rex |= 4;
    }
    if (x != X86E_NOREG && (x & 8)) {
        rex |= 2;
    }
    if (b != X86E_NOREG && (b & 8)) {
        rex |= 1;
    }
    if (byte_regs && ((r != X86E_NOREG && r >= 4 && r < 8) ||
                      (b != X86E_NOREG && b >= 4 && b < 8))) {
        rex |= 0x40;
    }
    if (rex) {
        x86e_byte(e, 0x40 | rex);
    }
}

/* ModRM (+ SIB + disp) for register field @r and memory operand @m. */
static inline void x86e_modrm_mem(X86Emit *e, unsigned r, X86EMem m)
{
    unsigned mod;

    r &= 7;
    if (m.base == X86E_NOREG) {
        /* absolute disp32: SIB with no base (and maybe an index) */
        x86e_byte(e, 0x04 | r << 3);
        x86e_byte(e, (m.index == X86E_NOREG ? 0x20 : (m.index & 7) << 3 |
                      m.scale << 6) | 5);
        x86e_u32(e, m.disp);
        return;
    }
    if (m.disp == 0 && (m.base & 7) != X86E_RBP) {
        mod = 0;
    } else if (x86e_fits_i8(m.disp)) {
        mod = 1;
    } else {
        mod = 2;
    }
    if (m.index == X86E_NOREG && (m.base & 7) != X86E_RSP) {
        x86e_byte(e, mod << 6 | r << 3 | (m.base & 7));
    } else {
        x86e_byte(e, mod << 6 | r << 3 | 4);
        x86e_byte(e, (m.index == X86E_NOREG ? 4 : (m.index & 7)) << 3 |
                  m.scale << 6 | (m.base & 7));
    }
    if (mod == 1) {
        x86e_byte(e, m.disp);
    } else if (mod == 2) {
        x86e_u32(e, m.disp);
    }
}

static inline void x86e_modrm_reg(X86Emit *e, unsigned r, unsigned rm)
{
    x86e_byte(e, 0xc0 | (r & 7) << 3 | (rm & 7));
}

/* opcode bytes (1 or 2: 0x0f xx) */
static inline void x86e_opc(X86Emit *e, unsigned opc)
{
    if (opc > 0xff) {
        x86e_byte(e, opc >> 8);
    }
    x86e_byte(e, opc);
}

/* op reg, rm-register with prefixes for width @w */
static inline void x86e_op_rr(X86Emit *e, unsigned opc, unsigned w,
                              unsigned r, unsigned rm)
{
    x86e_prefix(e, w, r, X86E_NOREG, rm, w == 1);
    x86e_opc(e, opc);
    x86e_modrm_reg(e, r, rm);
}

/* op reg, [mem] with prefixes for width @w */
static inline void x86e_op_rm(X86Emit *e, unsigned opc, unsigned w,
                              unsigned r, X86EMem m)
{
    x86e_prefix(e, w, r, m.index, m.base, w == 1);
    x86e_opc(e, opc);
    x86e_modrm_mem(e, r, m);
}

/* ---- moves ---- */

/* dst = src (width 1..8; width 4 zero-extends) */
static inline void x86e_mov_rr(X86Emit *e, unsigned w, unsigned dst,
                               unsigned src)
{
    x86e_op_rr(e, w == 1 ? 0x88 : 0x89, w, src, dst);
}

/* dst = imm, in the shortest encoding (a 64-bit register result) */
static inline void x86e_mov_ri(X86Emit *e, unsigned dst, uint64_t imm)
{
    if (imm == (uint32_t)imm) {
        x86e_prefix(e, 4, X86E_NOREG, X86E_NOREG, dst, false);
        x86e_byte(e, 0xb8 | (dst & 7));
        x86e_u32(e, imm);
    } else if (x86e_fits_i32((int64_t)imm)) {
        x86e_prefix(e, 8, X86E_NOREG, X86E_NOREG, dst, false);
        x86e_byte(e, 0xc7);
        x86e_modrm_reg(e, 0, dst);
        x86e_u32(e, imm);
    } else {
        x86e_prefix(e, 8, X86E_NOREG, X86E_NOREG, dst, false);
        x86e_byte(e, 0xb8 | (dst & 7));
        x86e_u64(e, imm);
    }
}

/* dst = [m]: width 1 and 2 zero-extend to 32 bits (MOVZX) */
static inline void x86e_load(X86Emit *e, unsigned w, unsigned dst,
                             X86EMem m)
{
    if (w == 1) {
        x86e_op_rm(e, 0x0fb6, 4, dst, m);
    } else if (w == 2) {
        x86e_op_rm(e, 0x0fb7, 4, dst, m);
    } else {
        x86e_op_rm(e, 0x8b, w, dst, m);
    }
}

/* dst = sign-extended [m] of width @w (1, 2, 4) to 64 bits */
static inline void x86e_load_sx(X86Emit *e, unsigned w, unsigned dst,
                                X86EMem m)
{
    x86e_op_rm(e, w == 1 ? 0x0fbe : w == 2 ? 0x0fbf : 0x63, 8, dst, m);
}

/* [m] = src (width @w) */
static inline void x86e_store(X86Emit *e, unsigned w, X86EMem m,
                              unsigned src)
{
    x86e_op_rm(e, w == 1 ? 0x88 : 0x89, w, src, m);
}

/* [m] = imm (width 1, 2, 4, or 8 with a sign-extended imm32) */
static inline void x86e_store_i(X86Emit *e, unsigned w, X86EMem m,
                                int32_t imm)
{
    x86e_op_rm(e, w == 1 ? 0xc6 : 0xc7, w, 0, m);
    if (w == 1) {
        x86e_byte(e, imm);
    } else if (w == 2) {
        x86e_byte(e, imm);
        x86e_byte(e, imm >> 8);
    } else {
        x86e_u32(e, imm);
    }
}

/* dst = zero-extended low @sw bytes (1, 2) of src */
static inline void x86e_movzx_rr(X86Emit *e, unsigned sw, unsigned dst,
                                 unsigned src)
{
    x86e_prefix(e, 4, dst, X86E_NOREG, src, sw == 1);
    x86e_opc(e, sw == 1 ? 0x0fb6 : 0x0fb7);
    x86e_modrm_reg(e, dst, src);
}

/* dst = sign-extended low @sw bytes (1, 2, 4) of src, 64-bit result */
static inline void x86e_movsx_rr(X86Emit *e, unsigned sw, unsigned dst,
                                 unsigned src)
{
    x86e_prefix(e, 8, dst, X86E_NOREG, src, sw == 1);
    x86e_opc(e, sw == 1 ? 0x0fbe : sw == 2 ? 0x0fbf : 0x63);
    x86e_modrm_reg(e, dst, src);
}

static inline void x86e_lea(X86Emit *e, unsigned w, unsigned dst, X86EMem m)
{
    x86e_op_rm(e, 0x8d, w, dst, m);
}

static inline void x86e_xchg_rr(X86Emit *e, unsigned w, unsigned a,
                                unsigned b)
{
    x86e_op_rr(e, w == 1 ? 0x86 : 0x87, w, a, b);
}

/* ---- ALU ---- */

/* dst op= src (kind X86E_ADD..X86E_CMP) */
static inline void x86e_alu_rr(X86Emit *e, unsigned kind, unsigned w,
                               unsigned dst, unsigned src)
{
    x86e_op_rr(e, kind * 8 + (w == 1 ? 0 : 1), w, src, dst);
}

/* dst op= [m] */
static inline void x86e_alu_rm(X86Emit *e, unsigned kind, unsigned w,
                               unsigned dst, X86EMem m)
{
    x86e_op_rm(e, kind * 8 + (w == 1 ? 2 : 3), w, dst, m);
}

/* [m] op= src */
static inline void x86e_alu_mr(X86Emit *e, unsigned kind, unsigned w,
                               X86EMem m, unsigned src)
{
    x86e_op_rm(e, kind * 8 + (w == 1 ? 0 : 1), w, src, m);
}

static inline void x86e_alu_imm_tail(X86Emit *e, unsigned w, int32_t imm)
{
    if (w == 1) {
        x86e_byte(e, imm);
    } else if (w == 2) {
        x86e_byte(e, imm);
        x86e_byte(e, imm >> 8);
    } else {
        x86e_u32(e, imm);
    }
}

/* dst op= imm (sign-extended imm32 at width 8) */
static inline void x86e_alu_ri(X86Emit *e, unsigned kind, unsigned w,
                               unsigned dst, int32_t imm)
{
    if (w != 1 && x86e_fits_i8(imm)) {
        x86e_op_rr(e, 0x83, w, kind, dst);
        x86e_byte(e, imm);
        return;
    }
    x86e_op_rr(e, w == 1 ? 0x80 : 0x81, w, kind, dst);
    x86e_alu_imm_tail(e, w, imm);
}

/* [m] op= imm */
static inline void x86e_alu_mi(X86Emit *e, unsigned kind, unsigned w,
                               X86EMem m, int32_t imm)
{
    if (w != 1 && x86e_fits_i8(imm)) {
        x86e_op_rm(e, 0x83, w, kind, m);
        x86e_byte(e, imm);
        return;
    }
    x86e_op_rm(e, w == 1 ? 0x80 : 0x81, w, kind, m);
    x86e_alu_imm_tail(e, w, imm);
}

static inline void x86e_test_rr(X86Emit *e, unsigned w, unsigned a,
                                unsigned b)
{
    x86e_op_rr(e, w == 1 ? 0x84 : 0x85, w, b, a);
}

static inline void x86e_test_ri(X86Emit *e, unsigned w, unsigned a,
                                int32_t imm)
{
    x86e_op_rr(e, w == 1 ? 0xf6 : 0xf7, w, 0, a);
    x86e_alu_imm_tail(e, w, imm);
}

/* Group 3 on a register: NOT 2, NEG 3, MUL 4, IMUL 5, DIV 6, IDIV 7 */
enum { X86E_NOT = 2, X86E_NEG, X86E_MUL, X86E_IMUL1, X86E_DIV, X86E_IDIV };

static inline void x86e_unary_r(X86Emit *e, unsigned kind, unsigned w,
                                unsigned r)
{
    x86e_op_rr(e, w == 1 ? 0xf6 : 0xf7, w, kind, r);
}

/* INC (@dec false) / DEC of a register */
static inline void x86e_incdec_r(X86Emit *e, bool dec, unsigned w,
                                 unsigned r)
{
    x86e_op_rr(e, w == 1 ? 0xfe : 0xff, w, dec, r);
}

/* dst = dst * src (signed, width 2, 4, 8) */
static inline void x86e_imul_rr(X86Emit *e, unsigned w, unsigned dst,
                                unsigned src)
{
    x86e_op_rr(e, 0x0faf, w, dst, src);
}

/* dst = src * imm (signed, width 2, 4, 8) */
static inline void x86e_imul_rri(X86Emit *e, unsigned w, unsigned dst,
                                 unsigned src, int32_t imm)
{
    if (x86e_fits_i8(imm)) {
        x86e_op_rr(e, 0x6b, w, dst, src);
        x86e_byte(e, imm);
    } else {
        x86e_op_rr(e, 0x69, w, dst, src);
        x86e_alu_imm_tail(e, w == 2 ? 2 : 4, imm);
    }
}

/* ---- shifts ---- */

/* r = r shift-kind imm (the count is not masked here: pass 0..w*8-1) */
static inline void x86e_shift_ri(X86Emit *e, unsigned kind, unsigned w,
                                 unsigned r, uint8_t count)
{
    if (count == 1) {
        x86e_op_rr(e, w == 1 ? 0xd0 : 0xd1, w, kind, r);
    } else {
        x86e_op_rr(e, w == 1 ? 0xc0 : 0xc1, w, kind, r);
        x86e_byte(e, count);
    }
}

/* r = r shift-kind CL */
static inline void x86e_shift_rcl(X86Emit *e, unsigned kind, unsigned w,
                                  unsigned r)
{
    x86e_op_rr(e, w == 1 ? 0xd2 : 0xd3, w, kind, r);
}

static inline void x86e_bswap(X86Emit *e, unsigned w, unsigned r)
{
    x86e_prefix(e, w, X86E_NOREG, X86E_NOREG, r, false);
    x86e_byte(e, 0x0f);
    x86e_byte(e, 0xc8 | (r & 7));
}

/* ---- conditions ---- */

/* low byte of r = condition @cc ? 1 : 0 (upper bits unchanged) */
static inline void x86e_setcc(X86Emit *e, unsigned cc, unsigned r)
{
    x86e_prefix(e, 1, X86E_NOREG, X86E_NOREG, r, true);
    x86e_byte(e, 0x0f);
    x86e_byte(e, 0x90 | (cc & 15));
    x86e_modrm_reg(e, 0, r);
}

/* dst = condition @cc ? src : dst (width 2, 4, 8) */
static inline void x86e_cmov_rr(X86Emit *e, unsigned cc, unsigned w,
                                unsigned dst, unsigned src)
{
    x86e_op_rr(e, 0x0f40 | (cc & 15), w, dst, src);
}

/* ---- branches ---- */

/* Patch the rel32 at @l to reach @target (anywhere within +-2 GiB). */
static inline void x86e_label_patch(X86Emit *e, X86ELabel l,
                                    const void *target)
{
    uint8_t *at = e->start + l;
    int64_t rel = (const uint8_t *)target - (at + 4);

    if (e->full || l + 4 > (size_t)(e->end - e->start)) {
        return;
    }
    g_assert(x86e_fits_i32(rel));
    for (int i = 0; i < 4; i++) {
        at[i] = (uint32_t)rel >> (i * 8);
    }
}

/* Make the branch at @l jump to the next instruction emitted. */
static inline void x86e_label_bind(X86Emit *e, X86ELabel l)
{
    x86e_label_patch(e, l, e->p);
}

/* Jcc rel32 with its target to be patched */
static inline X86ELabel x86e_jcc_fwd(X86Emit *e, unsigned cc)
{
    X86ELabel l;

    x86e_byte(e, 0x0f);
    x86e_byte(e, 0x80 | (cc & 15));
    l = x86e_size(e);
    x86e_u32(e, 0);
    return l;
}

static inline X86ELabel x86e_jmp_fwd(X86Emit *e)
{
    X86ELabel l;

    x86e_byte(e, 0xe9);
    l = x86e_size(e);
    x86e_u32(e, 0);
    return l;
}

/* Jcc / JMP to a known address within +-2 GiB of the code */
static inline void x86e_jcc_to(X86Emit *e, unsigned cc, const void *target)
{
    x86e_label_patch(e, x86e_jcc_fwd(e, cc), target);
}

static inline void x86e_jmp_to(X86Emit *e, const void *target)
{
    x86e_label_patch(e, x86e_jmp_fwd(e), target);
}

/* jmp r / jmp [m] / call r */
static inline void x86e_jmp_r(X86Emit *e, unsigned r)
{
    x86e_op_rr(e, 0xff, 4, 4, r);
}

static inline void x86e_jmp_m(X86Emit *e, X86EMem m)
{
    x86e_op_rm(e, 0xff, 4, 4, m);
}

static inline void x86e_call_r(X86Emit *e, unsigned r)
{
    x86e_op_rr(e, 0xff, 4, 2, r);
}

/*
 * Call / jump to any 64-bit address: rel32 when in range from here,
 * else through @scratch (a caller-saved register the code may clobber).
 */
static inline void x86e_call_abs(X86Emit *e, const void *fn,
                                 unsigned scratch)
{
    int64_t rel = (const uint8_t *)fn - (e->p + 5);

    if (x86e_fits_i32(rel)) {
        x86e_byte(e, 0xe8);
        x86e_u32(e, rel);
        return;
    }
    x86e_mov_ri(e, scratch, (uintptr_t)fn);
    x86e_call_r(e, scratch);
}

static inline void x86e_jmp_abs(X86Emit *e, const void *fn,
                                unsigned scratch)
{
    int64_t rel = (const uint8_t *)fn - (e->p + 5);

    if (x86e_fits_i32(rel)) {
        x86e_byte(e, 0xe9);
        x86e_u32(e, rel);
        return;
    }
    x86e_mov_ri(e, scratch, (uintptr_t)fn);
    x86e_jmp_r(e, scratch);
}

/* ---- stack ---- */

static inline void x86e_push(X86Emit *e, unsigned r)
{
    x86e_prefix(e, 4, X86E_NOREG, X86E_NOREG, r, false);
    x86e_byte(e, 0x50 | (r & 7));
}

static inline void x86e_pop(X86Emit *e, unsigned r)
{
    x86e_prefix(e, 4, X86E_NOREG, X86E_NOREG, r, false);
    x86e_byte(e, 0x58 | (r & 7));
}

static inline void x86e_ret(X86Emit *e)
{
    x86e_byte(e, 0xc3);
}

/* PUSHFQ / POPFQ: the host flags through the stack */
static inline void x86e_pushf(X86Emit *e)
{
    x86e_byte(e, 0x9c);
}

static inline void x86e_popf(X86Emit *e)
{
    x86e_byte(e, 0x9d);
}

/* ---- added for the A64 tier (target/arm/a64-jit.c) ---- */

/* CDQ (@w 4) / CQO (@w 8): sign-extend EAX/RAX into EDX/RDX */
static inline void x86e_cqo(X86Emit *e, unsigned w)
{
    if (w == 8) {
        x86e_byte(e, 0x48);
    }
    x86e_byte(e, 0x99);
}

/* dst = (dst >> count) | (src << (w * 8 - count)): SHRD dst, src, imm */
static inline void x86e_shrd_ri(X86Emit *e, unsigned w, unsigned dst,
                                unsigned src, uint8_t count)
{
    x86e_op_rr(e, 0x0fac, w, src, dst);
    x86e_byte(e, count);
}

/* ---- misc ---- */

static inline void x86e_int3(X86Emit *e)
{
    x86e_byte(e, 0xcc);
}

/* Pad with INT3 to a multiple of @align bytes. */
static inline void x86e_align(X86Emit *e, unsigned align)
{
    while (x86e_size(e) % align) {
        x86e_int3(e);
    }
}

#endif
