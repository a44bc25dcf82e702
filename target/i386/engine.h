/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86 engine internals: the pre-decoded operation record, the decoder's
 * contexts, register and memory accessors used by the handlers.
 *
 * Three contexts are kept apart: CPUX86State (architecture, cpu.h), the
 * decode-time DisasContext and X86DecodedInsn (one block / one
 * instruction, here), and the runtime handlers (helper.h, ops-*.c).
 */
#ifndef TARGET_I386_ENGINE_H
#define TARGET_I386_ENGINE_H

#include "target/i386/cpu.h"

#define X86_MAX_INSN_LEN    15
#define X86_MAX_BLOCK_INSNS 64
/* Blocks run by direct chaining before the loop runs again (host stack) */
#define X86_MAX_CHAIN       64
/* Decoded blocks kept before the cache is emptied (~20, at most ~180 MiB) */
#define X86_MAX_BLOCKS      (1u << 16)

#define X86_REG_NONE    0xff
/* Byte registers AH, CH, DH, BH (no REX) are encoded as 16..19. */
#define X86_REG_HIGH8   16

/* X86Op.flags */
#define X86_OPF_MEM     (1u << 0)   /* E operand is memory */
#define X86_OPF_ADDR32  (1u << 1)   /* 67 prefix: 32-bit addressing */
#define X86_OPF_REP     (1u << 2)   /* F3 on a string op */
#define X86_OPF_REPNE   (1u << 3)   /* F2 on a string op */
#define X86_OPF_CL      (1u << 4)   /* shift count in CL */
#define X86_OPF_IMM     (1u << 5)   /* operand is op->imm */
#define X86_OPF_ADDR16  (1u << 6)   /* 16-bit addressing (legacy modes) */
#define X86_OPF_SEG     (1u << 7)   /* legacy modes: segment base, limit */

typedef struct X86Op X86Op;
typedef const X86Op *(*X86OpHandler)(X86CPU *cpu, const X86Op *op);

/*
 * One pre-decoded instruction.  Everything known at decode time is folded
 * in: RIP-relative displacements are absolute, branch targets and return
 * addresses are absolute (blocks are keyed by virtual PC).
 */
struct X86Op {
    X86OpHandler fn;
    int64_t disp;           /* displacement (absolute when RIP-relative) */
    uint64_t imm;           /* immediate, branch target, ... */
    uint16_t pc_off;        /* offset of the instruction in the block */
    uint8_t len;            /* instruction length */
    uint8_t size;           /* operand size in bytes */
    uint8_t reg;            /* G operand / opcode register */
    uint8_t rm;             /* E operand when it is a register */
    uint8_t base, index;    /* X86_REG_NONE when absent */
    uint8_t scale;          /* log2 */
    uint8_t seg;            /* R_FS/R_GS base to add, or X86_NB_SEGS */
    uint8_t flags;          /* X86_OPF_* */
    uint8_t sub;            /* condition code, source size, ... */
};

#define DEF_HELPER(name) \
    const X86Op *x86_op_##name(X86CPU *cpu, const X86Op *op);
#include "target/i386/helper.h"
#undef DEF_HELPER

/*
 * Threaded dispatch: a handler that does not end the block finishes by
 * calling the next record's handler (a tail call: the compiler turns it
 * into a jump).  One that ends the block sets RIP and returns its own
 * record, which the loop uses to count the instructions run.
 */
static inline const X86Op *x86_next(X86CPU *cpu, const X86Op *op)
{
    return op[1].fn(cpu, op + 1);
}

/*
 * Specialised handlers, chosen by the translator (translate.c).  Each
 * returns NULL when there is no specialised handler for the form.
 * Kinds are the ALU /digit order: ADD OR ADC SBB AND SUB XOR CMP, then
 * TEST (8).  Forms: X86_FAST_RR (rm op= reg), X86_FAST_RI (rm op= imm),
 * X86_FAST_RM (reg op= [flat memory]).
 */
enum {
    X86_ALU_ADD, X86_ALU_OR, X86_ALU_ADC, X86_ALU_SBB, X86_ALU_AND,
    X86_ALU_SUB, X86_ALU_XOR, X86_ALU_CMP, X86_ALU_TEST,
};
enum { X86_FAST_RR, X86_FAST_RI, X86_FAST_RM, X86_FAST_MR };

/* The lazy-flag kind an ALU operation of the fast forms records. */
static inline X86CCOp x86_alu_cc_kind(unsigned k)
{
    switch (k) {
    case X86_ALU_ADD:
        return X86_CC_ADD;
    case X86_ALU_SUB:
    case X86_ALU_CMP:
        return X86_CC_SUB;
    default:
        return X86_CC_LOGIC;
    }
}
X86OpHandler x86_jcc_handler(unsigned cc);               /* ops-ctl.c */
X86OpHandler x86_fast_alu(unsigned kind, unsigned form, unsigned size);
/* MOV: RR rm = reg, RI reg = imm, RM reg = [mem], MR [mem] = reg */
X86OpHandler x86_fast_mov(unsigned form, unsigned size);
/* MOVZX r32/r64 from a low byte/word register or flat memory */
X86OpHandler x86_fast_movzx(bool mem, unsigned src_size, unsigned size);
X86OpHandler x86_fast_movsxd(bool mem);     /* MOVSXD r64, r/m32 */
X86OpHandler x86_fast_lea(unsigned size);   /* flat addressing only */
/* SHL, SHR, SAR (0, 1, 2) of a register by a masked non-zero imm */
X86OpHandler x86_fast_shift(unsigned kind, unsigned size);
/* ROL/ROR of a register by a masked non-zero imm */
X86OpHandler x86_fast_rotate(bool left, unsigned size);
X86OpHandler x86_fast_incdec(bool dec, unsigned size);  /* register */
/* 64-bit mode only: PUSH/POP r64 (op->reg), CALL rel32, RET [imm16] */
enum { X86_FAST_PUSH, X86_FAST_POP, X86_FAST_CALL, X86_FAST_RET };
X86OpHandler x86_fast_stack(unsigned which);
/* The CMP/TEST + Jcc handler for the fast CMP/TEST @prev, or NULL */
X86OpHandler x86_fast_fuse_jcc(X86OpHandler prev);
X86OpHandler x86_fast_imul_rr(unsigned size);   /* IMUL reg, reg */
X86OpHandler x86_fast_div_r4(void);             /* DIV r32 */

/*
 * What a specialised handler does, for the native-code tier (jit.c):
 * class X86_FD_*, and kind / form / size as the x86_fast_*() arguments
 * that return it (MOVZX: kind = source size, form RR or RM; FUSED: kind
 * X86_ALU_CMP or X86_ALU_TEST, form RR or RI; INCDEC: kind 1 = DEC;
 * STACK: kind X86_FAST_PUSH..RET).  False for any other handler.
 */
enum {
    X86_FD_ALU = 1, X86_FD_MOV, X86_FD_MOVZX, X86_FD_MOVSXD, X86_FD_LEA,
    X86_FD_SHIFT, X86_FD_INCDEC, X86_FD_STACK, X86_FD_FUSED, X86_FD_IMUL,
    X86_FD_ROTATE,          /* kind 1 = ROL, 0 = ROR */
};
typedef struct X86FastDesc {
    uint8_t cls, kind, form, size;
} X86FastDesc;
bool x86_fast_describe(X86OpHandler fn, X86FastDesc *d);

/* ---- Decode time ---- */

/* Operand kinds of the decode table (Intel SDM appendix A letters). */
typedef enum X86OperandKind {
    X86_OPK_NONE,
    X86_OPK_Eb, X86_OPK_Ev, X86_OPK_Ew, X86_OPK_Ed,
    X86_OPK_Gb, X86_OPK_Gv,
    X86_OPK_M,
    X86_OPK_Ib, X86_OPK_Ibs, X86_OPK_Iw, X86_OPK_Iz, X86_OPK_Iv,
    X86_OPK_Jb, X86_OPK_Jz,
    X86_OPK_Zb, X86_OPK_Zv,
    X86_OPK_AL, X86_OPK_rAX, X86_OPK_One, X86_OPK_CL,
    X86_OPK_Xb, X86_OPK_Xv, X86_OPK_Yb, X86_OPK_Yv,
    X86_OPK_Rq, X86_OPK_Cq,
    X86_OPK_Ap, X86_OPK_Mp, X86_OPK_Ob, X86_OPK_Ov,
} X86OperandKind;

/* Attributes of a table entry. */
#define X86_ATTR_LOCK   (1u << 0)   /* LOCK allowed (with a memory dest) */
#define X86_ATTR_D64    (1u << 1)   /* operand size defaults to 64 */
#define X86_ATTR_F64    (1u << 2)   /* operand size is always 64 */
#define X86_ATTR_REP    (1u << 3)   /* string op: F3/F2 mean REP */
#define X86_ATTR_MEM    (1u << 4)   /* ModRM must be a memory operand */
#define X86_ATTR_MODRM  (1u << 5)   /* has a ModRM byte */
#define X86_ATTR_END    (1u << 6)   /* ends the block */
#define X86_ATTR_REG    (1u << 7)   /* group row for mod == 3 only */

typedef struct DisasContext DisasContext;
typedef struct X86DecodedInsn X86DecodedInsn;
typedef bool (*X86TransFn)(DisasContext *ctx, X86DecodedInsn *d);

typedef struct X86OpcodeEntry {
    X86TransFn trans;       /* NULL: undefined opcode */
    const struct X86OpcodeEntry *group;  /* 16 entries: mem 0-7, reg 8-15 */
    const struct X86OpcodeEntry *pfx;    /* 4: none, 66, F3, F2 */
    uint8_t opk[3];
    uint8_t attrs;
    uint8_t sub;            /* condition code of +cc rows, etc. */
} X86OpcodeEntry;

/* Prefix bits of X86DecodedInsn.prefixes */
#define X86_PFX_66      (1u << 0)
#define X86_PFX_67      (1u << 1)
#define X86_PFX_F2      (1u << 2)
#define X86_PFX_F3      (1u << 3)
#define X86_PFX_LOCK    (1u << 4)

/* One instruction as decoded, handed to trans_<NAME>(). */
struct X86DecodedInsn {
    const X86OpcodeEntry *e;
    uint8_t map;            /* 0: one-byte, 1: 0F */
    uint8_t opcode;
    uint8_t prefixes;
    uint8_t rex;
    uint8_t seg;            /* override, X86_NB_SEGS when none */
    uint8_t modrm;
    uint8_t reg;            /* ModRM.reg + REX.R, or opcode reg + REX.B */
    uint8_t rm;             /* ModRM.rm + REX.B when mod == 3 */
    bool has_mem;
    uint8_t base, index, scale;
    bool riprel;
    int64_t disp;
    uint8_t ot;             /* "v" size in bytes: 2, 4, 8 */
    uint8_t size;           /* the instruction's operand size */
    uint64_t imm;
    uint8_t len;
    uint8_t asize;          /* address size in bytes: 2, 4, 8 */
    vaddr pc;
};

/* Decode-time state for one block. */
struct DisasContext {
    X86CPU *cpu;
    uint32_t flags;         /* X86_HF_* of the block */
    vaddr pc;               /* next instruction (EIP/RIP) */
    vaddr cs_base;          /* legacy modes: fetch at cs_base + pc */
    vaddr block_pc;
    const uint8_t *page;    /* host pointer of the current code page */
    vaddr page_addr;
    hwaddr phys_pc;         /* physical address of block_pc */
    hwaddr phys_page2;
    vaddr fetch_fault;      /* unfetchable address, or 0 */
    X86Op *ops;             /* records so far */
    unsigned n_ops, max_ops;
    bool end;               /* the block ends after this instruction */
};

/* Linear address of instruction pointer @eip (CS base in legacy modes). */
static inline vaddr x86_linear_pc(X86CPU *cpu, vaddr eip)
{
    if (cpu->hflags & X86_HF_CS64) {
        return eip;
    }
    return (uint32_t)(eip + cpu->env.segs[R_CS].base);
}

/*
 * The block key (DecodedBlock.pc): RIP in 64-bit mode; in the legacy
 * modes CS.base in the high half and EIP in the low half, because the
 * records hold EIP-relative constants.
 */
static inline vaddr x86_block_key(X86CPU *cpu, vaddr eip)
{
    if (cpu->hflags & X86_HF_CS64) {
        return eip;
    }
    return ((uint64_t)(uint32_t)cpu->env.segs[R_CS].base << 32) |
           (uint32_t)eip;
}

/* Append an op for @d; the trans function fills the rest. */
X86Op *x86_gen_op(DisasContext *ctx, X86DecodedInsn *d, X86OpHandler fn);
bool x86_decode_insn(DisasContext *ctx, X86DecodedInsn *d);
DecodedBlock *x86_translate_block(X86CPU *cpu, vaddr pc, uint32_t flags);

/*
 * The native-code tier's per-block data (jit.c), between the block and
 * its records.  @code is valid only while @gen equals cpu->jit_gen.
 */
typedef struct X86BlockJit {
    X86OpHandler code;      /* native code: entered like a handler */
    uint64_t gen;           /* JitBuf generation @code belongs to */
    uint32_t hits;          /* runs before translation */
    uint16_t n_ops;         /* records, the terminator included */
    uint8_t state;          /* X86_JIT_* below */
} X86BlockJit;

enum { X86_JIT_NEW, X86_JIT_DONE, X86_JIT_REFUSED };

static inline X86BlockJit *x86_block_jit(DecodedBlock *b)
{
    return (X86BlockJit *)(b + 1);
}

static inline X86Op *x86_block_ops(DecodedBlock *b)
{
    return (X86Op *)(x86_block_jit(b) + 1);
}

/* Native code of @b if it has current code, else NULL. */
static inline X86OpHandler x86_block_native(X86CPU *cpu, DecodedBlock *b)
{
    X86BlockJit *j = x86_block_jit(b);

    return j->gen == cpu->jit_gen ? j->code : NULL;
}

/*
 * jit.c (x86-64 hosts; jit-stub.c elsewhere): x86_jit_setup() applies
 * the QEMU_X86_JIT environment variable to a new vCPU; x86_jit_translate()
 * makes native code for @b (false: not translated, keep interpreting);
 * x86_jit_free() drops the code buffer.
 */
void x86_jit_setup(X86CPU *cpu);
bool x86_jit_translate(X86CPU *cpu, DecodedBlock *b);
void x86_jit_free(X86CPU *cpu);

/* ---- Runtime: exceptions ---- */

#define X86_EXCP_DE 0
#define X86_EXCP_BP 3
#define X86_EXCP_UD 6
#define X86_EXCP_DF 8
#define X86_EXCP_NP 11
#define X86_EXCP_SS 12
#define X86_EXCP_GP 13
#define X86_EXCP_PF 14

/* Raise a fault at @op (RIP = that instruction) and leave the block. */
void QEMU_NORETURN x86_raise(X86CPU *cpu, const X86Op *op, int vector,
                             uint32_t error_code);
/* Raise a fault at @rip outside any record (instruction fetch). */
void QEMU_NORETURN x86_raise_at(X86CPU *cpu, uint64_t rip, int vector,
                                uint32_t error_code);
/* The soft TLB "ra" of a fetch by the loop itself (not by a record). */
#define X86_RA_FETCH ((uintptr_t)1)
/* ... and of the memory accesses of exception delivery. */
#define X86_RA_DELIVERY ((uintptr_t)2)

/* excp.c */
void x86_deliver_pending(X86CPU *cpu);
bool x86_exception_nested(X86CPU *cpu);

/* Raise a trap-like exception after @op (RIP = next instruction). */
void QEMU_NORETURN x86_raise_trap(X86CPU *cpu, const X86Op *op, int vector,
                                  uint32_t error_code);

/*
 * ops-sys.c: an MSR access without privilege checks or SEV intercepts
 * (the hypervisor's view, for GHCB MSR exits): 0 done, -1 #GP.
 */
int x86_msr_read(X86CPU *cpu, uint32_t idx, uint64_t *val);
int x86_msr_write(X86CPU *cpu, uint32_t idx, uint64_t val);

/* Drop every translation and chain (CR3, paging mode, EFER writes). */
void x86_tlb_flush_all(X86CPU *cpu);

/* mmu.c: the soft TLB fill hook (page walk). */
bool x86_tlb_fill(void *opaque, vaddr addr, SoftTLBAccess access,
                  int mmu_idx, SoftTLBFill *out, uintptr_t ra);

/* ---- Runtime: registers ---- */

static inline uint64_t x86_size_mask(unsigned size)
{
    return size == 8 ? ~0ull : (1ull << (size * 8)) - 1;
}

static inline uint64_t x86_sext(uint64_t v, unsigned size)
{
    unsigned sh = 64 - size * 8;

    return (uint64_t)((int64_t)(v << sh) >> sh);
}

static inline uint64_t x86_get_reg(CPUX86State *env, unsigned r,
                                   unsigned size)
{
    if (size == 1 && r >= X86_REG_HIGH8) {
        return (env->regs[r - X86_REG_HIGH8] >> 8) & 0xff;
    }
    return env->regs[r] & x86_size_mask(size);
}

/* 32-bit writes zero the upper half; 8/16-bit writes merge. */
static inline void x86_set_reg(CPUX86State *env, unsigned r, unsigned size,
                               uint64_t v)
{
    switch (size) {
    case 8:
        env->regs[r] = v;
        break;
    case 4:
        env->regs[r] = (uint32_t)v;
        break;
    case 2:
        env->regs[r] = (env->regs[r] & ~0xffffull) | (v & 0xffff);
        break;
    default:
        if (r >= X86_REG_HIGH8) {
            r -= X86_REG_HIGH8;
            env->regs[r] = (env->regs[r] & ~0xff00ull) | ((v & 0xff) << 8);
        } else {
            env->regs[r] = (env->regs[r] & ~0xffull) | (v & 0xff);
        }
        break;
    }
}

/* ---- Runtime: memory ---- */

static inline int x86_mmu_idx(X86CPU *cpu)
{
    return (cpu->hflags & X86_HF_CPL_MASK) == 3 ? X86_MMU_USER
                                                : X86_MMU_KERNEL;
}

static inline bool x86_is_canonical(uint64_t a)
{
    return (uint64_t)((int64_t)(a << 16) >> 16) == a;
}

/* seg.c: segmentation in the legacy modes (see x86_ea) */
uint64_t x86_ea_seg(X86CPU *cpu, const X86Op *op, uint64_t offset);
uint64_t x86_seg_linear(X86CPU *cpu, const X86Op *op, int seg,
                        uint64_t offset);
/* seg.c: descriptors (op NULL: fault at RIP, as during delivery) */
uint64_t x86_read_desc(X86CPU *cpu, const X86Op *op, uint16_t sel);
/*
 * Implicit supervisor accesses (descriptor tables, TSS): kernel
 * permissions whatever the CPL; faults at @op, or during delivery when
 * @op is NULL.
 */
uint64_t x86_sys_ld(X86CPU *cpu, const X86Op *op, uint64_t a, unsigned size);
void x86_sys_st(X86CPU *cpu, const X86Op *op, uint64_t a, unsigned size,
                uint64_t v);
typedef enum X86TaskSource {
    X86_TASK_JMP, X86_TASK_CALL, X86_TASK_IRET, X86_TASK_INT,
} X86TaskSource;
/*
 * Switch to the task of TSS selector @sel (legacy protected mode):
 * the current task is saved with EIP @next_eip; @error_code >= 0 is
 * pushed on the new task's stack (an exception through a task gate).
 */
void x86_task_switch(X86CPU *cpu, const X86Op *op, uint16_t sel,
                     X86TaskSource src, uint64_t next_eip, int error_code);
/* IN/OUT/INS/OUTS at CPL > IOPL: the TSS I/O permission bitmap, or #GP. */
void x86_io_check(X86CPU *cpu, const X86Op *op, uint16_t port,
                  unsigned size);
void x86_seg_from_desc(X86Segment *s, uint16_t sel, uint64_t desc);
void x86_load_cs(X86CPU *cpu, uint16_t sel, uint64_t desc,
                 unsigned new_cpl);
unsigned x86_check_return_cs(X86CPU *cpu, const X86Op *op, uint16_t sel,
                             uint64_t *desc);
void x86_load_ss_outer(X86CPU *cpu, const X86Op *op, uint16_t sel,
                       unsigned level);
void x86_null_inner_segs(X86CPU *cpu);
void x86_check_target_eip(X86CPU *cpu, const X86Op *op, uint64_t desc,
                          uint64_t eip);

/*
 * Effective address of op's memory operand (with FS/GS base).  In the
 * legacy modes (X86_OPF_SEG) the offset is truncated to the address size,
 * checked against the segment limit and the segment base is added.
 */
static inline uint64_t x86_ea(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    uint64_t a = op->disp;

    if (op->base != X86_REG_NONE) {
        a += env->regs[op->base];
    }
    if (op->index != X86_REG_NONE) {
        a += env->regs[op->index] << op->scale;
    }
    if (unlikely(op->flags & X86_OPF_SEG)) {
        return x86_ea_seg(cpu, op, a);
    }
    if (op->flags & X86_OPF_ADDR32) {
        a = (uint32_t)a;
    }
    if (op->seg != X86_NB_SEGS) {
        a += env->segs[op->seg].base;
    }
    return a;
}

static inline uint64_t x86_ld(X86CPU *cpu, const X86Op *op, uint64_t addr,
                              unsigned size)
{
    if (unlikely(!x86_is_canonical(addr) ||
                 !x86_is_canonical(addr + size - 1))) {
        x86_raise(cpu, op, X86_EXCP_GP, 0);
    }
    return soft_tlb_load(&cpu->tlb, addr, size, x86_mmu_idx(cpu),
                         (uintptr_t)op);
}

static inline void x86_st(X86CPU *cpu, const X86Op *op, uint64_t addr,
                          unsigned size, uint64_t v)
{
    if (unlikely(!x86_is_canonical(addr) ||
                 !x86_is_canonical(addr + size - 1))) {
        x86_raise(cpu, op, X86_EXCP_GP, 0);
    }
    soft_tlb_store(&cpu->tlb, addr, size, v, x86_mmu_idx(cpu),
                   (uintptr_t)op);
}

/*
 * Inline soft-TLB hits for the specialised handlers (ops-fast.c).  A hit
 * needs no canonical check: only canonical pages are ever filled, and an
 * access within one page has the canonicality of its page.  On a miss
 * (or MMIO, a code page, a page crossing) nothing has happened yet and
 * the handler hands the whole instruction to its general handler as a
 * tail call, so the fast handler makes no other calls (and saves no
 * registers).
 */
static inline bool x86_ld_hit(X86CPU *cpu, uint64_t addr, unsigned size,
                              uint64_t *v)
{
    SoftTLBEntry *e = soft_tlb_entry(&cpu->tlb, x86_mmu_idx(cpu), addr);

    /*
     * One compare covers the page crossing too: the entry for addr's
     * page can only hold a page with that index, so the tag equals the
     * page of the last byte only if no page boundary lies in between.
     */
    if (likely(e->tag[SOFT_TLB_READ] ==
               ((addr + size - 1) & SOFT_TLB_PAGE_MASK))) {
        *v = soft_tlb_host_ld((void *)(uintptr_t)(addr + e->addend), size);
        return true;
    }
    return false;
}

static inline bool x86_st_hit(X86CPU *cpu, uint64_t addr, unsigned size,
                              uint64_t v)
{
    SoftTLBEntry *e = soft_tlb_entry(&cpu->tlb, x86_mmu_idx(cpu), addr);

    if (likely(e->tag[SOFT_TLB_WRITE] ==
               ((addr + size - 1) & SOFT_TLB_PAGE_MASK))) {
        soft_tlb_host_st((void *)(uintptr_t)(addr + e->addend), size, v);
        return true;
    }
    return false;
}

/*
 * Effective address of a record the translator marked "flat" (64-bit
 * mode, 64-bit addressing, no FS/GS override: see x86_op_is_flat()).
 */
static inline uint64_t x86_ea_flat(X86CPU *cpu, const X86Op *op)
{
    uint64_t a = op->disp;

    if (op->base != X86_REG_NONE) {
        a += cpu->env.regs[op->base];
    }
    if (op->index != X86_REG_NONE) {
        a += cpu->env.regs[op->index] << op->scale;
    }
    return a;
}

static inline bool x86_op_is_flat(const X86Op *op)
{
    return !(op->flags & (X86_OPF_SEG | X86_OPF_ADDR32 | X86_OPF_ADDR16)) &&
           op->seg == X86_NB_SEGS;
}

/* The E operand (register or memory) of op, at op->size. */
static inline uint64_t x86_get_e(X86CPU *cpu, const X86Op *op, uint64_t *ea)
{
    if (op->flags & X86_OPF_MEM) {
        *ea = x86_ea(cpu, op);
        return x86_ld(cpu, op, *ea, op->size);
    }
    return x86_get_reg(&cpu->env, op->rm, op->size);
}

static inline void x86_set_e(X86CPU *cpu, const X86Op *op, uint64_t ea,
                             uint64_t v)
{
    if (op->flags & X86_OPF_MEM) {
        x86_st(cpu, op, ea, op->size, v);
    } else {
        x86_set_reg(&cpu->env, op->rm, op->size, v);
    }
}

static inline uint64_t x86_next_rip(X86CPU *cpu, const X86Op *op)
{
    return cpu->block_pc + op->pc_off + op->len;
}

/*
 * The stack.  In 64-bit mode RSP is the linear address; in the legacy
 * modes SS.B picks ESP or SP and SS's base and limit apply.
 */
static inline bool x86_legacy(X86CPU *cpu)
{
    return !(cpu->hflags & X86_HF_CS64);
}

static inline uint64_t x86_sp_mask(X86CPU *cpu)
{
    if (!x86_legacy(cpu)) {
        return ~0ull;
    }
    return cpu->env.segs[R_SS].flags & X86_DESC_DB ? 0xffffffffu : 0xffffu;
}

/* Linear address of stack offset @sp (op may be NULL: fault at RIP). */
static inline uint64_t x86_sp_linear(X86CPU *cpu, const X86Op *op,
                                     uint64_t sp)
{
    if (!x86_legacy(cpu)) {
        return sp;
    }
    return x86_seg_linear(cpu, op, R_SS, sp & x86_sp_mask(cpu));
}

static inline void x86_set_sp(X86CPU *cpu, uint64_t sp)
{
    uint64_t m = x86_sp_mask(cpu);

    cpu->env.regs[R_ESP] = m == 0xffff
        ? (cpu->env.regs[R_ESP] & ~m) | (sp & m) : sp & m;
}

static inline void x86_push(X86CPU *cpu, const X86Op *op, unsigned size,
                            uint64_t v)
{
    uint64_t sp = cpu->env.regs[R_ESP] - size;

    x86_st(cpu, op, x86_sp_linear(cpu, op, sp), size, v);
    x86_set_sp(cpu, sp);
}

/* Read the stack at SP + @off without moving SP. */
static inline uint64_t x86_stack_ld(X86CPU *cpu, const X86Op *op,
                                    int64_t off, unsigned size)
{
    return x86_ld(cpu, op, x86_sp_linear(cpu, op,
                                         cpu->env.regs[R_ESP] + off), size);
}

static inline uint64_t x86_pop(X86CPU *cpu, const X86Op *op, unsigned size)
{
    uint64_t v = x86_stack_ld(cpu, op, 0, size);

    x86_set_sp(cpu, cpu->env.regs[R_ESP] + size);
    return v;
}

/* ---- Runtime: flags (flags.c) ---- */

uint32_t x86_cc_compute(const CPUX86State *env);
bool x86_cc_test(const CPUX86State *env, unsigned cc);
void x86_cc_materialize(CPUX86State *env);

static inline void x86_cc_set(CPUX86State *env, X86CCOp kind, unsigned size,
                              uint64_t dst, uint64_t src1, uint64_t src2)
{
    env->cc_op = kind;
    env->cc_size = size;
    env->cc_dst = dst;
    env->cc_src1 = src1;
    env->cc_src2 = src2;
}

/* CF alone, cheaply for the common kinds (ADC/SBB, INC/DEC, Jb). */
static inline bool x86_cf(const CPUX86State *env)
{
    uint64_t m = x86_size_mask(env->cc_size);

    switch (env->cc_op) {
    case X86_CC_ADD:
        return (env->cc_dst & m) < (env->cc_src1 & m);
    case X86_CC_SUB:
        return (env->cc_src1 & m) < (env->cc_src2 & m);
    case X86_CC_LOGIC:
        return false;
    case X86_CC_INC:
    case X86_CC_DEC:
        return env->cc_src2;
    case X86_CC_EFLAGS:
        return env->eflags & X86_CF;
    default:
        return x86_cc_compute(env) & X86_CF;
    }
}

/*
 * Condition @cc (the Jcc encoding) answered inline for the lazy kinds the
 * hot code leaves behind (CMP/SUB, logic ops, ADD, INC/DEC): x86_cc_try()
 * returns false for the others, x86_cc_fast() then asks x86_cc_test().
 * Shifting both operands left by 64 - width bits drops the bits above
 * the operand size, so one 64-bit compare serves every size; with @cc a
 * constant this folds to a few instructions.
 */
static inline bool x86_cc_try(const CPUX86State *env, unsigned cc,
                              bool *res)
{
    unsigned sh = (64 - env->cc_size * 8) & 63;    /* EFLAGS: size 0 */
    uint64_t r = env->cc_dst << sh;
    uint64_t a = env->cc_src1 << sh, b = env->cc_src2 << sh;
    bool v;

    switch (cc >> 1) {
    case 2:         /* Z */
        if (env->cc_op == X86_CC_EFLAGS) {
            break;
        }
        *res = (r == 0) ^ (cc & 1);
        return true;
    case 4:         /* S */
        if (env->cc_op == X86_CC_EFLAGS) {
            break;
        }
        *res = ((int64_t)r < 0) ^ (cc & 1);
        return true;
    case 1:         /* B */
        if (env->cc_op == X86_CC_SUB) {
            *res = (a < b) ^ (cc & 1);
            return true;
        }
        if (env->cc_op == X86_CC_LOGIC) {
            *res = cc & 1;
            return true;
        }
        if (env->cc_op == X86_CC_ADD) {
            *res = (r < a) ^ (cc & 1);
            return true;
        }
        break;
    case 3:         /* BE */
        if (env->cc_op == X86_CC_SUB) {
            *res = (a <= b) ^ (cc & 1);
            return true;
        }
        if (env->cc_op == X86_CC_LOGIC) {
            *res = (r == 0) ^ (cc & 1);
            return true;
        }
        break;
    case 6:         /* L */
        if (env->cc_op == X86_CC_SUB) {
            *res = ((int64_t)a < (int64_t)b) ^ (cc & 1);
            return true;
        }
        if (env->cc_op == X86_CC_LOGIC) {
            *res = ((int64_t)r < 0) ^ (cc & 1);
            return true;
        }
        break;
    case 7:         /* LE */
        if (env->cc_op == X86_CC_SUB) {
            *res = ((int64_t)a <= (int64_t)b) ^ (cc & 1);
            return true;
        }
        if (env->cc_op == X86_CC_LOGIC) {
            v = r == 0 || (int64_t)r < 0;
            *res = v ^ (cc & 1);
            return true;
        }
        break;
    default:        /* O, P */
        break;
    }
    return false;
}

static inline bool x86_cc_fast(const CPUX86State *env, unsigned cc)
{
    bool r;

    return x86_cc_try(env, cc, &r) ? r : x86_cc_test(env, cc);
}

/*
 * Direct block chaining, called by a record that ends its block after it
 * set RIP (branches, the terminator).  If the block's successor slots
 * (filled by the loop) hold the block at RIP, nothing asks the loop to
 * stop (interrupt, kick, STI shadow, the end of the budget) and fewer
 * than X86_MAX_CHAIN blocks were chained since the loop last ran
 * (without tail calls, -O0, each chained block keeps its frames on the
 * host stack), account for the instructions run and jump straight into
 * the successor's first record.  Otherwise return @op to the loop.
 */
/*
 * Successor slots (exec.c, x86_chain): next[X86_SLOT_FALL] holds the
 * block at the fall-through address, next[X86_SLOT_JUMP] the last other
 * successor.  @slot says which one to look at, or X86_SLOT_ANY.
 */
enum { X86_SLOT_JUMP, X86_SLOT_FALL, X86_SLOT_ANY };

static inline const X86Op *x86_chain_slot(X86CPU *cpu, const X86Op *op,
                                          unsigned counted, unsigned slot)
{
    DecodedBlock *cur = cpu->cur_block, *b;
    const X86Op *ops = cpu->cur_ops;
    vaddr key;
    int64_t done;

    if (unlikely(cur->chain_gen != cpu->cache.generation ||
                 cpu->exit_request || cpu->irq_inhibit)) {
        return op;
    }
    /* a pending INTR with IF = 0 (a masked timer) is no reason to stop */
    if (unlikely(cpu->interrupt_request) &&
        (cpu->interrupt_request != X86_INT_HARD || cpu->sev ||
         (cpu->env.eflags & X86_IF))) {
        return op;
    }
    key = x86_block_key(cpu, cpu->env.rip);
    if (slot != X86_SLOT_ANY) {
        b = cur->next[slot];
        if (!b || b->pc != key) {
            return op;
        }
    } else {
        b = cur->next[X86_SLOT_JUMP];
        if (!b || b->pc != key) {
            b = cur->next[X86_SLOT_FALL];
            if (!b || b->pc != key) {
                return op;
            }
        }
    }
    done = cpu->insns_done + (op - ops) + counted;
    if (b->flags != cpu->hflags || done + b->n_insns > cpu->budget ||
        --cpu->chain_left < 0) {
        return op;
    }
    cpu->insns_done = done;
    cpu->cur_block = b;
    cpu->block_pc = cpu->env.rip;
    ops = x86_block_ops(b);
    cpu->cur_ops = ops;
    if (x86_block_native(cpu, b)) {
        return x86_block_jit(b)->code(cpu, ops);
    }
    return ops->fn(cpu, ops);
}

static inline const X86Op *x86_chain_next(X86CPU *cpu, const X86Op *op,
                                          unsigned counted)
{
    return x86_chain_slot(cpu, op, counted, X86_SLOT_ANY);
}

#endif
