/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A64 engine internals: the pre-decoded operation record, the decode
 * context, guest memory accessors.
 *
 * Each guest instruction becomes one A64Op holding a handler pointer and
 * the operands the decoder extracted (register indexes already mapped
 * for SP/XZR, immediates already shifted, branch targets absolute).
 * Handlers are tail-call threaded: a handler that falls through ends with
 * "return a64_next(cpu, op)"; one that leaves the block sets env.pc and
 * returns its own record.
 */
#ifndef TARGET_ARM_A64_ENGINE_H
#define TARGET_ARM_A64_ENGINE_H

#include <endian.h>
#include "qemu/log.h"
#include "cpu.h"

typedef struct A64Op A64Op;
typedef const A64Op *A64Handler(ARMCPU *cpu, const A64Op *op);

struct A64Op {
    A64Handler *fn;
    uint8_t rd, rn, rm, ra;     /* mapped register indexes */
    uint8_t sf;                 /* 64-bit operation */
    uint8_t sub;                /* handler-specific selector */
    uint8_t shift;              /* shift amount / size log2 */
    uint8_t cond;
    uint32_t insn;
    uint64_t imm;               /* immediate, mask or absolute target */
    uint64_t imm2;
    uint64_t pc;                /* address of this instruction */
};

#define A64_MAX_BLOCK_INSNS 64
/* Blocks entered by chaining before returning to the loop. */
#define A64_CHAIN_MAX 64

typedef struct A64DisasContext {
    ARMCPU *cpu;
    uint64_t pc;                /* instruction being decoded */
    A64Op *op;                  /* record to fill */
    bool end_block;             /* set by trans functions that branch */
} A64DisasContext;

typedef bool A64TransFn(A64DisasContext *s, uint32_t insn);

typedef struct A64DecodeEntry {
    uint32_t mask;
    uint32_t value;
    A64TransFn *trans;
    const char *name;
} A64DecodeEntry;

/*
 * The x86 translator has trans functions of these names, and the system
 * emulator links both targets: the A64 ones get a prefix.
 */
#define trans_ADC a64_trans_ADC
#define trans_RET a64_trans_RET

#include "a64-decode.h"

static inline const A64Op *a64_next(ARMCPU *cpu, const A64Op *op)
{
    return op[1].fn(cpu, op + 1);
}

static inline uint32_t a64_field(uint32_t insn, unsigned pos, unsigned len)
{
    return (insn >> pos) & ((1u << len) - 1);
}

static inline int64_t a64_sfield(uint32_t insn, unsigned pos, unsigned len)
{
    return ((int64_t)((uint64_t)insn << (64 - pos - len))) >> (64 - len);
}

/*
 * A signed field scaled by 2^shift (branch and load offsets).  The shift is
 * done unsigned: shifting a negative value left is undefined in C.
 */
static inline int64_t a64_sfield_shl(uint32_t insn, unsigned pos,
                                     unsigned len, unsigned shift)
{
    return (int64_t)((uint64_t)a64_sfield(insn, pos, len) << shift);
}

/* Register 31 as SP (for writes and reads alike). */
static inline uint8_t a64_reg_sp(unsigned r)
{
    return r;
}

/* Register 31 as XZR, for a read. */
static inline uint8_t a64_reg_rz(unsigned r)
{
    return r == 31 ? A64_REG_ZR : r;
}

/* Register 31 as XZR, for a write. */
static inline uint8_t a64_reg_wz(unsigned r)
{
    return r == 31 ? A64_REG_ZW : r;
}

/*
 * Guest memory.  @op is the record making the access: in system mode a
 * fault is reported at its PC (a64-sys-mem.c); user mode ignores it.
 * Sizes are log2 of the byte count.
 */
#ifdef A64_SYSTEM

#include "a64-sys.h"

/* SCTLR_ELx.A alignment and watchpoints: out of line when armed. */
static inline void a64_sys_check_align(ARMCPU *cpu, const A64Op *op,
                                       uint64_t addr, unsigned size,
                                       bool write)
{
    if (unlikely(cpu->block_flags &
                 (A64_SYS_FLAG_ALIGN | A64_SYS_FLAG_WATCH))) {
        a64_sys_check_access(cpu, op, addr, size, write);
    }
}

static inline uint64_t a64_load(ARMCPU *cpu, const A64Op *op, uint64_t addr,
                                unsigned size)
{
    ArmSysEngine *se = cpu->se;

    a64_sys_check_align(cpu, op, addr, size, false);
    return soft_tlb_load(&se->tlb, addr, 1u << size, se->mmu_idx,
                         (uintptr_t)op);
}

static inline void a64_store(ARMCPU *cpu, const A64Op *op, uint64_t addr,
                             unsigned size, uint64_t val)
{
    ArmSysEngine *se = cpu->se;

    a64_sys_check_align(cpu, op, addr, size, true);
    soft_tlb_store(&se->tlb, addr, 1u << size, val, se->mmu_idx,
                   (uintptr_t)op);
}

/*
 * May an exclusive or atomic access use a host atomic on guest memory?
 * Never in system mode: every vCPU runs in one thread, so the plain
 * load/store path through the soft TLB is atomic already.  A misaligned
 * access is an alignment fault (it does not return).
 */
static inline bool a64_host_atomic_ok(ARMCPU *cpu, const A64Op *op,
                                      uint64_t addr, unsigned bytes)
{
    if (unlikely(addr & (bytes - 1))) {
        a64_sys_alignment_fault(cpu, op, addr, false);
    }
    return false;
}

static inline void *a64_g2h(ARMCPU *cpu, uint64_t addr)
{
    g_assert_not_reached();     /* only behind a64_host_atomic_ok() */
}

static inline uint32_t a64_block_flags(ARMCPU *cpu)
{
    return cpu->block_flags;
}

#else

static inline void *a64_g2h(ARMCPU *cpu, uint64_t addr)
{
    return (void *)(uintptr_t)((addr & cpu->guest_mask) + cpu->guest_base);
}

static inline uint64_t a64_load(ARMCPU *cpu, const A64Op *op, uint64_t addr,
                                unsigned size)
{
    const void *p = a64_g2h(cpu, addr);
    uint8_t b;
    uint16_t h;
    uint32_t w;
    uint64_t d;

    switch (size) {
    case 0:
        memcpy(&b, p, 1);
        return b;
    case 1:
        memcpy(&h, p, 2);
        return le16toh(h);
    case 2:
        memcpy(&w, p, 4);
        return le32toh(w);
    default:
        memcpy(&d, p, 8);
        return le64toh(d);
    }
}

static inline void a64_store(ARMCPU *cpu, const A64Op *op, uint64_t addr,
                             unsigned size, uint64_t val)
{
    void *p = a64_g2h(cpu, addr);
    uint16_t h = htole16(val);
    uint32_t w = htole32(val);
    uint64_t d = htole64(val);

    switch (size) {
    case 0:
        *(uint8_t *)p = val;
        break;
    case 1:
        memcpy(p, &h, 2);
        break;
    case 2:
        memcpy(p, &w, 4);
        break;
    default:
        memcpy(p, &d, 8);
        break;
    }
}

/*
 * User mode: guest threads are host threads, so an aligned exclusive or
 * atomic uses a host atomic; a misaligned one (an alignment fault on
 * Arm) is logged and done non-atomically.
 */
static inline bool a64_host_atomic_ok(ARMCPU *cpu, const A64Op *op,
                                      uint64_t addr, unsigned bytes)
{
    if (likely((addr & (bytes - 1)) == 0)) {
        return true;
    }
    qemu_log_mask(LOG_GUEST_ERROR, "misaligned atomic access 0x%" PRIx64
                  " at pc 0x%" PRIx64 " (not atomic)\n", addr, op->pc);
    return false;
}

static inline uint32_t a64_block_flags(ARMCPU *cpu)
{
    return 0;
}

#endif

/*
 * After a direct branch: jump straight into the successor block when the
 * jump cache has it and the chain budget allows, so each branch site has
 * its own indirect jump (better predicted than the loop's single call).
 */
static inline const A64Op *a64_goto(ARMCPU *cpu, const A64Op *op)
{
    const A64Op *ops;
    DecodedBlock *b;

    if (cpu->chain_left == 0) {
        return op;
    }
    b = block_cache_lookup_fast(&cpu->cache, cpu->env.pc,
                                a64_block_flags(cpu));
    if (!b) {
        return op;
    }
    cpu->chain_left--;
    ops = cpu->block_ops;
    cpu->chained_insns += (uint64_t)(op - ops) + 1;
    ops = (const A64Op *)(b + 1);
    cpu->block_ops = ops;
    return ops[0].fn(cpu, ops);
}

/* Element @i of 1 << @size bytes of a V register (low half first). */
static inline uint64_t a64_lane_get(const uint64_t *v, unsigned i,
                                    unsigned size)
{
    unsigned bits = 8u << size, per = 64 / bits;
    uint64_t x = v[i / per] >> ((i % per) * bits);

    return bits == 64 ? x : x & ((1ull << bits) - 1);
}

static inline void a64_lane_set(uint64_t *v, unsigned i, unsigned size,
                                uint64_t x)
{
    unsigned bits = 8u << size, per = 64 / bits, sh = (i % per) * bits;
    uint64_t mask = bits == 64 ? ~0ull : ((1ull << bits) - 1) << sh;

    v[i / per] = (v[i / per] & ~mask) | ((x << sh) & mask);
}

static inline uint64_t a64_wreg(uint64_t v, bool sf)
{
    return sf ? v : (uint32_t)v;
}

static inline uint64_t a64_add_flags_inline(uint64_t a, uint64_t b,
                                            unsigned carry, bool sf,
                                            uint32_t *nzcv)
{
    uint64_t r;
    uint32_t f = 0;

    if (sf) {
        unsigned __int128 wide = (unsigned __int128)a + b + carry;

        r = (uint64_t)wide;
        f |= (wide >> 64) ? A64_CF : 0;
        f |= (((a ^ r) & (b ^ r)) >> 63) ? A64_VF : 0;
        f |= (r >> 63) ? A64_NF : 0;
    } else {
        uint64_t wide = (uint64_t)(uint32_t)a + (uint32_t)b + carry;

        r = (uint32_t)wide;
        f |= (wide >> 32) ? A64_CF : 0;
        f |= ((((uint32_t)a ^ r) & ((uint32_t)b ^ r)) >> 31) ? A64_VF : 0;
        f |= (r >> 31) ? A64_NF : 0;
    }
    f |= r == 0 ? A64_ZF : 0;
    *nzcv = f;
    return r;
}

/*
 * Condition codes without branches: bit (NZCV >> 28) of a64_cond_mask[cond]
 * says whether the condition holds for those flags (N is bit 3 of the
 * index, V bit 0).  AL and NV always hold.
 */
static const uint16_t a64_cond_mask[16] = {
    0xf0f0, 0x0f0f, 0xcccc, 0x3333, 0xff00, 0x00ff, 0xaaaa, 0x5555,
    0x0c0c, 0xf3f3, 0xaa55, 0x55aa, 0x0a05, 0xf5fa, 0xffff, 0xffff,
};

static inline bool a64_cond_inline(uint32_t nzcv, unsigned cond)
{
    return (a64_cond_mask[cond & 15] >> (nzcv >> 28)) & 1;
}

/* SCVTF/UCVTF/FCVTZS/FCVTZU (a64-fp.c), reached from trans_FP_INT. */
bool a64_trans_fp_cvt(A64DisasContext *s, uint32_t insn);

/* AdvSIMD floating point (a64-simd-fp.c), reached from a64-simd.c. */
bool a64_trans_simd_3same_fp(A64DisasContext *s, uint32_t insn, bool scalar);
bool a64_trans_simd_2misc_fp(A64DisasContext *s, uint32_t insn, bool scalar);
bool a64_trans_simd_across_fp(A64DisasContext *s, uint32_t insn);
bool a64_trans_simd_elem_fp(A64DisasContext *s, uint32_t insn, bool scalar);
/* AdvSIMD integer three-same, the rest (a64-simd-int.c). */
bool a64_trans_simd_3same_int(A64DisasContext *s, uint32_t insn,
                              bool scalar);
bool a64_trans_simd_3diff_int(A64DisasContext *s, uint32_t insn,
                              bool scalar);
bool a64_trans_simd_2misc_int(A64DisasContext *s, uint32_t insn,
                              bool scalar);
bool a64_trans_simd_elem_int(A64DisasContext *s, uint32_t insn, bool scalar);
bool a64_trans_simd_dot_elem(A64DisasContext *s, uint32_t insn);
bool a64_trans_simd_addlv(A64DisasContext *s, uint32_t insn);
/* AdvSIMD shift by immediate (a64-simd-shift.c). */
bool a64_trans_simd_shift_imm(A64DisasContext *s, uint32_t insn,
                              bool scalar);

/* Operation selectors for add/sub (op->sub bits, a64-alu.c). */
#define AS_SUB   1
#define AS_FLAGS 2

/* Loads and stores (a64-ldst.c), op->sub: what the access does. */
enum {
    LS_STORE,
    LS_LOAD,        /* zero-extend */
    LS_LOAD_SX64,   /* sign-extend to 64 bits */
    LS_LOAD_SX32,   /* sign-extend to 32 bits */
    LS_VSTORE,
    LS_VLOAD,
    LS_PRFM,
};

/* op->cond for immediate forms: addressing mode. */
enum {
    AM_OFFSET,
    AM_POST,
    AM_PRE,
};

/*
 * What a record's handler does, for the native-code tier (a64-jit.c):
 * each kind reads the record's fields as the named handler family does.
 * A64K_NONE: not translated (the tier leaves native code there).
 */
typedef enum A64JitKind {
    A64K_NONE,
    A64K_ADDSUB_IMM,    /* ADD/ADDS/SUB/SUBS imm: sub = AS_SUB|AS_FLAGS */
    A64K_ADD_IMM,       /* ADD/SUB imm without flags: imm pre-negated */
    A64K_ADDSUB_SHIFT,  /* shifted register: cond = type, shift = amount */
    A64K_ADDSUB_EXT,    /* extended register: cond = option */
    A64K_LOGIC_IMM,     /* AND/ORR/EOR/ANDS (sub 0-3) with imm */
    A64K_LOGIC_REG,     /* the same, shifted register, imm = invert mask */
    A64K_MOVZ,          /* Rd = imm (also MOVN, ADR, ADRP) */
    A64K_MOVK,
    A64K_BITFIELD,      /* SBFM/BFM/UBFM (sub 0-2) */
    A64K_EXTR,
    A64K_CSEL,          /* CSEL/CSINC/CSINV/CSNEG (sub 0-3) */
    A64K_CCMP,
    A64K_DP2,           /* UDIV/SDIV (sub 2, 3), LSLV..RORV (sub 8-11) */
    A64K_DP3,           /* MADD/MSUB, SMADDL/UMADDL, SMULH/UMULH */
    A64K_B,
    A64K_BL,
    A64K_BCOND,
    A64K_CBZ,
    A64K_TBZ,
    A64K_BR,            /* BR and RET */
    A64K_BLR,
    A64K_NOP,
    A64K_LDST_IMM,      /* single register, [Xn, #imm], pre/post index */
    A64K_LDST_REG,      /* [Xn, Xm, extend #amount] */
    A64K_LDST_PAIR,
} A64JitKind;

/* The kind of @fn if the file defines it, else A64K_NONE. */
A64JitKind a64_alu_jit_kind(A64Handler *fn);
A64JitKind a64_branch_jit_kind(A64Handler *fn);
A64JitKind a64_ldst_jit_kind(A64Handler *fn);

/* Handlers shared between files. */
A64Handler a64_op_udef;
A64Handler a64_op_end;
A64Handler a64_op_nop;

/*
 * Decode the block at @pc from @code, the host copy of its 4 KiB page
 * (physical address @phys_page), key it with @flags and insert it.
 */
DecodedBlock *a64_build_block(ARMCPU *cpu, uint64_t pc, const uint8_t *code,
                              hwaddr phys_page, uint32_t flags);

#ifdef A64_SYSTEM
/*
 * System-mode decoding of the instructions user mode does not have
 * (a64-sys-decode.c): exception generation, ERET, MSR/MRS/SYS through
 * the system-register file, WFI/WFE.  Returns 1 when it decoded @insn,
 * 0 when the shared table should, -1 for an undefined encoding.
 */
int a64_sys_decode(A64DisasContext *s, uint32_t insn);
#endif

#endif
