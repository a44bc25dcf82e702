/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A64 engine, user and system mode: the native-code tier for x86-64 hosts
 * (a64-jit.h, docs/devel/a64-engine.md "Native-code tier").
 *
 * A block is translated record by record, each record lowered as its
 * handler would run it (a64_*_jit_kind() names the family).  Guest
 * registers and NZCV stay in the CPU struct: every record commits its
 * results before the next one starts, so leaving native code at any
 * record is exact.  A record the tier does not lower is a call-out (its
 * handler called on a copy of the record) or, as the block's last, a
 * side exit: native code tail-jumps to that record's handler and the
 * interpreter finishes the block.
 *
 * Host registers in native code: RBX = cpu, R12 = guest_base (system
 * mode: the soft-TLB table), R13 = guest_mask (user mode), R14 = the
 * record of the last guest memory access (user mode;
 * arm_cpu_jit_fault_op() reads it for the SIGSEGV handler), R15 = a
 * copy of the guest register written last, R9B = a condition fused
 * from the host flags into the next record.
 * The code of a block has two entries: the C one (the handler
 * signature, saves the callee-saved registers) and, prologue_len bytes
 * later, the body, which chained blocks jump to directly.
 *
 * Chaining: a direct branch looks in the block's successor slots
 * (DecodedBlock.next[], valid while chain_gen == the cache generation);
 * a miss asks a64_jit_link(), which fills the slot when the successor
 * has native code.  The chain budget and instruction count are kept as
 * a64_goto() keeps them.
 */
#include "qemu/osdep.h"
#include <ucontext.h>
#include "qemu/log.h"
#include "accel/tcg/jit-buf.h"
#include "accel/tcg/x86-emit.h"
#include "a64-engine.h"
#include "a64-jit.h"

#define A64_JIT_BUF_SIZE (16u << 20)

/*
 * System mode (A64_SYSTEM): guest memory goes through the soft TLB.  A
 * memory record tests its entry inline and, on anything but a plain RAM
 * hit of the whole access in one page, leaves native code at that record
 * (a side exit), so its handler does the access, faults included.
 * Records are never called out: a handler may raise a guest exception
 * (longjmp), which must not happen on a copy of the record.
 */
#ifdef A64_SYSTEM
#define A64_JIT_SYS 1
#else
#define A64_JIT_SYS 0
#endif

struct A64Jit {
    JitBuf *buf;
    unsigned threshold;     /* entries before translation (0: first) */
    size_t prologue_len;    /* C entry to body, the same in every block */
    bool full;              /* flush at the next safe point */
    uint64_t translated;
    /* the record whose handler native code is calling, or NULL */
    const A64Op *callout_op;
    FILE *perf_map;         /* /tmp/perf-PID.map for perf, or NULL */
};

#define RCPU   X86E_RBX
#define RBASE  X86E_R12
#define RMASK  X86E_R13
#define RFAULT X86E_R14

typedef struct A64JitCtx {
    X86Emit e;
    ARMCPU *cpu;
    A64Jit *jit;
    DecodedBlock *b;
    A64Op *ops;
    A64Handler *orig0;      /* record 0's own handler */
    A64Op *callouts;        /* pairs: a record's copy, a64_jit_ret */
    unsigned n_callouts, max_callouts;
    unsigned k;             /* the record being lowered */
    uint8_t *body;          /* where the body starts (after the prologue) */
    int r15_reg;            /* guest register R15 holds a copy of, or -1 */
    unsigned fused;         /* R9B holds this record's condition (0: none) */
    /* system mode: soft-TLB misses, each a side exit to miss_rec[i] */
    X86ELabel miss[2 * A64_MAX_BLOCK_INSNS];
    unsigned miss_rec[2 * A64_MAX_BLOCK_INSNS];
    unsigned n_miss;
} A64JitCtx;

#define CPU_OFF(field) ((int32_t)offsetof(ARMCPU, field))

static X86EMem xreg(unsigned r)
{
    return x86e_mem(RCPU, CPU_OFF(env.xregs) + 8 * r);
}

static X86EMem vreg(unsigned v, unsigned half)
{
    return x86e_mem(RCPU, CPU_OFF(env.vregs) + 16 * v + 8 * half);
}

static X86EMem cpu_mem(int32_t off)
{
    return x86e_mem(RCPU, off);
}

/*
 * Guest registers: the last one written is also kept in R15 (a copy;
 * the CPU struct always has the value), so the next record reading it
 * does not wait for the store to reach the load.
 */
static void emit_load_x(A64JitCtx *j, unsigned w, unsigned dst, unsigned r)
{
    if ((int)r == j->r15_reg) {
        x86e_mov_rr(&j->e, w == 8 ? 8 : 4, dst, X86E_R15);
    } else {
        x86e_load(&j->e, w, dst, xreg(r));
    }
}

/* dst = the low 32 bits of X(r), sign-extended */
static void emit_load_x_sx32(A64JitCtx *j, unsigned dst, unsigned r)
{
    if ((int)r == j->r15_reg) {
        x86e_movsx_rr(&j->e, 4, dst, X86E_R15);
    } else {
        x86e_load_sx(&j->e, 4, dst, xreg(r));
    }
}

static void emit_store_x(A64JitCtx *j, unsigned r, unsigned src)
{
    x86e_store(&j->e, 8, xreg(r), src);
    x86e_mov_rr(&j->e, 8, X86E_R15, src);
    j->r15_reg = r;
}

static A64Handler *rec_fn(A64JitCtx *j, unsigned k)
{
    return k == 0 ? j->orig0 : j->ops[k].fn;
}

static A64JitKind rec_kind(A64Handler *fn)
{
    A64JitKind k = a64_alu_jit_kind(fn);

    if (k == A64K_NONE) {
        k = a64_branch_jit_kind(fn);
    }
    if (k == A64K_NONE) {
        k = a64_ldst_jit_kind(fn);
    }
    return k;
}

/* ---- entry, exits ---- */

static void emit_prologue(A64JitCtx *j)
{
    X86Emit *e = &j->e;

    x86e_push(e, X86E_RBX);
    x86e_push(e, X86E_RBP);
    x86e_push(e, X86E_R12);
    x86e_push(e, X86E_R13);
    x86e_push(e, X86E_R14);
    x86e_push(e, X86E_R15);
    x86e_alu_ri(e, X86E_SUB, 8, X86E_RSP, 8);     /* 16-byte aligned */
    x86e_mov_rr(e, 8, RCPU, X86E_RDI);
#ifdef A64_SYSTEM
    /* R12 = this CPU's soft-TLB table (MMU index 0) */
    x86e_mov_ri(e, RBASE, (uintptr_t)&j->cpu->se->tlb.table[0][0]);
#else
    x86e_load(e, 8, RBASE, cpu_mem(CPU_OFF(guest_base)));
    x86e_load(e, 8, RMASK, cpu_mem(CPU_OFF(guest_mask)));
#endif
}

static void emit_epilogue(A64JitCtx *j)
{
    X86Emit *e = &j->e;

    x86e_alu_ri(e, X86E_ADD, 8, X86E_RSP, 8);
    x86e_pop(e, X86E_R15);
    x86e_pop(e, X86E_R14);
    x86e_pop(e, X86E_R13);
    x86e_pop(e, X86E_R12);
    x86e_pop(e, X86E_RBP);
    x86e_pop(e, X86E_RBX);
}

/* Leave the block: return record @k to the caller. */
static void emit_return(A64JitCtx *j, unsigned k)
{
    x86e_mov_ri(&j->e, X86E_RAX, (uintptr_t)&j->ops[k]);
    emit_epilogue(j);
    x86e_ret(&j->e);
}

/* Resume the interpreter at record @k (everything before is done). */
static void emit_side_exit(A64JitCtx *j, unsigned k)
{
    X86Emit *e = &j->e;

    x86e_mov_rr(e, 8, X86E_RDI, RCPU);
    x86e_mov_ri(e, X86E_RSI, (uintptr_t)&j->ops[k]);
    x86e_mov_ri(e, X86E_RAX, (uintptr_t)rec_fn(j, k));
    emit_epilogue(j);
    x86e_jmp_r(e, X86E_RAX);
}

static void emit_set_pc(A64JitCtx *j, uint64_t pc)
{
    x86e_mov_ri(&j->e, X86E_RAX, pc);
    x86e_store(&j->e, 8, cpu_mem(CPU_OFF(env.pc)), X86E_RAX);
}

/*
 * A successor with native code: the body entry, with the chain budget,
 * instruction count and running block updated; NULL to leave to the
 * loop.  @slot is the successor slot of @b to fill (-1: none, indirect).
 */
static void *a64_jit_link(ARMCPU *cpu, DecodedBlock *b, int slot,
                          unsigned count)
{
    A64Jit *jit = cpu->jit;
    DecodedBlock *nb;
    const A64Op *nops;

    if (cpu->chain_left == 0) {
        return NULL;
    }
    nb = block_cache_lookup_fast(&cpu->cache, cpu->env.pc,
                                 a64_block_flags(cpu));
    if (!nb) {
        return NULL;
    }
    nops = (const A64Op *)(nb + 1);
    if (!jit_buf_contains(jit->buf, (const void *)(uintptr_t)nops[0].fn)) {
        return NULL;
    }
    if (slot >= 0) {
        if (b->chain_gen != cpu->cache.generation) {
            b->next[0] = b->next[1] = NULL;
            b->chain_gen = cpu->cache.generation;
        }
        b->next[slot] = nb;
    }
    cpu->chain_left--;
    cpu->chained_insns += count;
    cpu->block_ops = nops;
    return (uint8_t *)(uintptr_t)nops[0].fn + jit->prologue_len;
}

/*
 * An indirect branch (env.pc = RAX): probe the jump cache inline as
 * block_cache_lookup_fast() does (slot, PC, this block's flags, native
 * code) and jump to the successor's body; on anything else fall through
 * (to a64_jit_link()).  The hash's shift and mask are fixed once the
 * CPU exists (block_cache_set_jmp_bits() comes before any block).
 */
static void emit_jmp_probe(A64JitCtx *j, unsigned count)
{
    X86Emit *e = &j->e;
    BlockCache *c = &j->cpu->cache;
    X86ELabel out[6];
    unsigned n = 0;

    x86e_alu_mi(e, X86E_CMP, 4, cpu_mem(CPU_OFF(chain_left)), 0);
    out[n++] = x86e_jcc_fwd(e, X86E_CC_E);
    x86e_mov_rr(e, 8, X86E_RCX, X86E_RAX);
    x86e_shift_ri(e, X86E_SHR, 8, X86E_RCX, c->jmp_bits);
    x86e_alu_rr(e, X86E_XOR, 8, X86E_RCX, X86E_RAX);
    x86e_alu_ri(e, X86E_AND, 4, X86E_RCX, (int32_t)c->jmp_mask);
    x86e_load(e, 8, X86E_RDX, cpu_mem(CPU_OFF(cache.jmp_cache)));
    x86e_load(e, 8, X86E_RDX, x86e_mem_idx(X86E_RDX, X86E_RCX, 3, 0));
    x86e_test_rr(e, 8, X86E_RDX, X86E_RDX);
    out[n++] = x86e_jcc_fwd(e, X86E_CC_E);
    x86e_alu_rm(e, X86E_CMP, 8, X86E_RAX,
                x86e_mem(X86E_RDX, offsetof(DecodedBlock, pc)));
    out[n++] = x86e_jcc_fwd(e, X86E_CC_NE);
    x86e_alu_mi(e, X86E_CMP, 4,
                x86e_mem(X86E_RDX, offsetof(DecodedBlock, flags)),
                (int32_t)j->b->flags);
    out[n++] = x86e_jcc_fwd(e, X86E_CC_NE);
    /* native code: its first handler lies in this CPU's code buffer */
    x86e_load(e, 8, X86E_RCX, x86e_mem(X86E_RDX, sizeof(DecodedBlock)));
    x86e_mov_ri(e, X86E_RSI, (uintptr_t)j->jit->buf->base);
    x86e_alu_rr(e, X86E_SUB, 8, X86E_RCX, X86E_RSI);
    x86e_alu_ri(e, X86E_CMP, 8, X86E_RCX, (int32_t)j->jit->buf->size);
    out[n++] = x86e_jcc_fwd(e, X86E_CC_AE);
    x86e_alu_mi(e, X86E_SUB, 4, cpu_mem(CPU_OFF(chain_left)), 1);
    x86e_alu_mi(e, X86E_ADD, 8, cpu_mem(CPU_OFF(chained_insns)), count);
    x86e_lea(e, 8, X86E_RCX, x86e_mem(X86E_RDX, sizeof(DecodedBlock)));
    x86e_store(e, 8, cpu_mem(CPU_OFF(block_ops)), X86E_RCX);
    x86e_load(e, 8, X86E_RAX, x86e_mem(X86E_RCX, 0));
    x86e_alu_ri(e, X86E_ADD, 8, X86E_RAX, j->jit->prologue_len);
    x86e_jmp_r(e, X86E_RAX);
    for (unsigned i = 0; i < n; i++) {
        x86e_label_bind(e, out[i]);
    }
}

/*
 * env.pc is set: continue in the successor's native code if it has
 * some (slot @slot of this block caches it), else return record @k.
 * @count: the instructions this block ran.
 */
static void emit_chain(A64JitCtx *j, unsigned k, unsigned count, int slot)
{
    X86Emit *e = &j->e;
    X86ELabel slow = 0, slow2 = 0, out = 0, have;
    int32_t gen = CPU_OFF(cache.generation);

    if (slot >= 0 && j->ops[k].imm == j->b->pc &&
        (k < j->b->n_insns && slot == 0)) {
        /* a loop onto this block: it runs, so it is valid */
        x86e_alu_mi(e, X86E_CMP, 4, cpu_mem(CPU_OFF(chain_left)), 0);
        out = x86e_jcc_fwd(e, X86E_CC_E);
        x86e_alu_mi(e, X86E_SUB, 4, cpu_mem(CPU_OFF(chain_left)), 1);
        x86e_alu_mi(e, X86E_ADD, 8, cpu_mem(CPU_OFF(chained_insns)), count);
        x86e_jmp_to(e, j->body);
        x86e_label_bind(e, out);
        emit_return(j, k);
        return;
    }
    if (slot >= 0) {
        x86e_mov_ri(e, X86E_RAX, (uintptr_t)j->b);
        x86e_load(e, 8, X86E_RCX, cpu_mem(gen));
        x86e_alu_rm(e, X86E_CMP, 8, X86E_RCX,
                    x86e_mem(X86E_RAX, offsetof(DecodedBlock, chain_gen)));
        slow = x86e_jcc_fwd(e, X86E_CC_NE);
        x86e_load(e, 8, X86E_RAX,
                  x86e_mem(X86E_RAX, offsetof(DecodedBlock, next) +
                           sizeof(DecodedBlock *) * slot));
        x86e_test_rr(e, 8, X86E_RAX, X86E_RAX);
        slow2 = x86e_jcc_fwd(e, X86E_CC_E);
        x86e_alu_mi(e, X86E_CMP, 4, cpu_mem(CPU_OFF(chain_left)), 0);
        out = x86e_jcc_fwd(e, X86E_CC_E);
        x86e_alu_mi(e, X86E_SUB, 4, cpu_mem(CPU_OFF(chain_left)), 1);
        x86e_alu_mi(e, X86E_ADD, 8, cpu_mem(CPU_OFF(chained_insns)), count);
        x86e_lea(e, 8, X86E_RCX, x86e_mem(X86E_RAX, sizeof(DecodedBlock)));
        x86e_store(e, 8, cpu_mem(CPU_OFF(block_ops)), X86E_RCX);
        x86e_load(e, 8, X86E_RAX, x86e_mem(X86E_RCX, 0));
        x86e_alu_ri(e, X86E_ADD, 8, X86E_RAX, j->jit->prologue_len);
        x86e_jmp_r(e, X86E_RAX);
        x86e_label_bind(e, slow);
        x86e_label_bind(e, slow2);
    }
    if (slot < 0) {
        emit_jmp_probe(j, count);
    }
    x86e_mov_rr(e, 8, X86E_RDI, RCPU);
    x86e_mov_ri(e, X86E_RSI, (uintptr_t)j->b);
    x86e_mov_ri(e, X86E_RDX, (uint32_t)slot);
    x86e_mov_ri(e, X86E_RCX, count);
    x86e_call_abs(e, (const void *)(uintptr_t)a64_jit_link, X86E_RAX);
    x86e_test_rr(e, 8, X86E_RAX, X86E_RAX);
    have = x86e_jcc_fwd(e, X86E_CC_NE);
    if (slot >= 0) {
        x86e_label_bind(e, out);
    }
    emit_return(j, k);
    x86e_label_bind(e, have);
    x86e_jmp_r(e, X86E_RAX);
}

/* ---- flags ---- */

/*
 * NZCV from the host flags of the x86 operation just done: N = SF,
 * Z = ZF, V = OF, C = CF after an addition, NOT CF after a subtraction.
 * Clobbers RAX, RCX, RDX, RSI.
 */
/*
 * The host condition for Arm condition @cond after an x86 subtraction
 * (@sub) or addition/AND (CF and OF clear after AND, as C and V after
 * ANDS); -1 when no single host condition matches.
 */
static int host_cc(unsigned cond, bool sub)
{
    static const int8_t after_sub[14] = {
        X86E_CC_E, X86E_CC_NE, X86E_CC_AE, X86E_CC_B, X86E_CC_S,
        X86E_CC_NS, X86E_CC_O, X86E_CC_NO, X86E_CC_A, X86E_CC_BE,
        X86E_CC_GE, X86E_CC_L, X86E_CC_G, X86E_CC_LE,
    };
    static const int8_t after_add[14] = {
        X86E_CC_E, X86E_CC_NE, X86E_CC_B, X86E_CC_AE, X86E_CC_S,
        X86E_CC_NS, X86E_CC_O, X86E_CC_NO, -1, -1,
        X86E_CC_GE, X86E_CC_L, X86E_CC_G, X86E_CC_LE,
    };

    if (cond >= 14) {
        return -1;
    }
    return sub ? after_sub[cond] : after_add[cond];
}

/*
 * When the next record is B.cond or CSEL (nothing in between can change
 * the flags), keep its condition from the host flags in R9B: its
 * emit_cond() then tests that instead of reloading NZCV.
 */
static void emit_fuse_next(A64JitCtx *j, bool sub)
{
    unsigned next = j->k + 1;
    A64JitKind kind;
    int cc;

    if (next >= j->b->n_insns) {
        return;
    }
    kind = rec_kind(rec_fn(j, next));
    if (kind != A64K_BCOND && kind != A64K_CSEL) {
        return;
    }
    cc = host_cc(j->ops[next].cond, sub);
    if (cc >= 0) {
        x86e_setcc(&j->e, cc, X86E_R9);
        j->fused = next;
    }
}

/* Does record @r set NZCV without reading it (lowered inline)? */
static bool rec_sets_flags(const A64Op *op, A64JitKind kind)
{
    switch (kind) {
    case A64K_ADDSUB_IMM:
    case A64K_ADDSUB_SHIFT:
    case A64K_ADDSUB_EXT:
        return op->sub & AS_FLAGS;
    case A64K_LOGIC_IMM:
    case A64K_LOGIC_REG:
        return op->sub == 3;
    default:
        return false;
    }
}

/* Is record @op lowered inline without touching NZCV or guest memory? */
static bool rec_flag_neutral(const A64Op *op, A64JitKind kind)
{
    switch (kind) {
    case A64K_ADD_IMM:
    case A64K_MOVZ:
    case A64K_MOVK:
    case A64K_BITFIELD:
    case A64K_EXTR:
    case A64K_NOP:
        return true;
    case A64K_ADDSUB_IMM:
    case A64K_ADDSUB_SHIFT:
    case A64K_ADDSUB_EXT:
    case A64K_LOGIC_IMM:
    case A64K_LOGIC_REG:
        return !rec_sets_flags(op, kind);
    case A64K_DP2:
        return op->sub == 2 || op->sub == 3 ||
               (op->sub >= 8 && op->sub <= 11);
    case A64K_DP3:
        return op->sub <= 2 || op->sub == 5 || op->sub == 6;
    default:
        return false;
    }
}

/*
 * Is the NZCV of record j->k dead: overwritten by a later record of the
 * block before anything can see it (a reader other than the fused next
 * record, a guest memory access whose fault would show it, a call-out,
 * an exit)?
 */
static bool nzcv_dead(A64JitCtx *j)
{
    for (unsigned r = j->k + 1; r < j->b->n_insns; r++) {
        const A64Op *op = &j->ops[r];
        A64JitKind kind = rec_kind(rec_fn(j, r));

        if (rec_sets_flags(op, kind)) {
            return true;
        }
        if (r == j->fused && kind == A64K_CSEL) {
            continue;
        }
        if (!rec_flag_neutral(op, kind)) {
            return false;
        }
    }
    return false;
}

static void emit_nzcv_store(A64JitCtx *j, bool sub)
{
    X86Emit *e = &j->e;

    x86e_setcc(e, X86E_CC_S, X86E_RAX);
    x86e_setcc(e, X86E_CC_E, X86E_RCX);
    x86e_setcc(e, sub ? X86E_CC_AE : X86E_CC_B, X86E_RDX);
    x86e_setcc(e, X86E_CC_O, X86E_RSI);
    x86e_movzx_rr(e, 1, X86E_RAX, X86E_RAX);
    x86e_movzx_rr(e, 1, X86E_RCX, X86E_RCX);
    x86e_lea(e, 4, X86E_RAX, x86e_mem_idx(X86E_RCX, X86E_RAX, 1, 0));
    x86e_movzx_rr(e, 1, X86E_RDX, X86E_RDX);
    x86e_lea(e, 4, X86E_RAX, x86e_mem_idx(X86E_RDX, X86E_RAX, 1, 0));
    x86e_movzx_rr(e, 1, X86E_RSI, X86E_RSI);
    x86e_lea(e, 4, X86E_RAX, x86e_mem_idx(X86E_RSI, X86E_RAX, 1, 0));
    x86e_shift_ri(e, X86E_SHL, 4, X86E_RAX, 28);
    x86e_store(e, 4, cpu_mem(CPU_OFF(env.nzcv)), X86E_RAX);
}

/* NZCV of the x86 operation just done, for the records that read it. */
static void emit_nzcv(A64JitCtx *j, bool sub)
{
    emit_fuse_next(j, sub);
    if (!nzcv_dead(j)) {
        emit_nzcv_store(j, sub);
    }
}

/*
 * Evaluate condition @cond on env.nzcv: afterwards ZF is clear (NE)
 * when it holds.  Clobbers RCX and RSI.
 */
static void emit_cond(A64JitCtx *j, unsigned cond)
{
    X86Emit *e = &j->e;

    if (j->fused && j->fused == j->k) {
        x86e_test_ri(e, 1, X86E_R9, 1);
        return;
    }

    x86e_load(e, 4, X86E_RCX, cpu_mem(CPU_OFF(env.nzcv)));
    x86e_shift_ri(e, X86E_SHR, 4, X86E_RCX, 28);
    x86e_mov_ri(e, X86E_RSI, a64_cond_mask[cond & 15]);
    x86e_shift_rcl(e, X86E_SHR, 4, X86E_RSI);
    x86e_test_ri(e, 1, X86E_RSI, 1);
}

/* ---- data processing ---- */

static unsigned width(const A64Op *op)
{
    return op->sf ? 8 : 4;
}

/* reg op= constant @v at width @w (through R8 when it does not fit) */
static void emit_alu_const(A64JitCtx *j, unsigned kind, unsigned w,
                           unsigned reg, uint64_t v)
{
    if (w == 4 || x86e_fits_i32((int64_t)v)) {
        x86e_alu_ri(&j->e, kind, w, reg, (int32_t)v);
    } else {
        x86e_mov_ri(&j->e, X86E_R8, v);
        x86e_alu_rr(&j->e, kind, w, reg, X86E_R8);
    }
}

/* Rd = RAX (a 32-bit result was zero-extended by the 32-bit operation) */
static void emit_store_rd(A64JitCtx *j, const A64Op *op, unsigned src)
{
    emit_store_x(j, op->rd, src);
}

/* shift of @reg by op->shift, type @type (LSL, LSR, ASR, ROR) */
static void emit_shift(A64JitCtx *j, unsigned w, unsigned reg,
                       unsigned type, unsigned amt)
{
    static const uint8_t kinds[4] = {
        X86E_SHL, X86E_SHR, X86E_SAR, X86E_ROR,
    };

    if (amt) {
        x86e_shift_ri(&j->e, kinds[type & 3], w, reg, amt);
    }
}

static void emit_extend(A64JitCtx *j, unsigned reg, unsigned option)
{
    X86Emit *e = &j->e;

    switch (option & 7) {
    case 0:
        x86e_movzx_rr(e, 1, reg, reg);
        break;
    case 1:
        x86e_movzx_rr(e, 2, reg, reg);
        break;
    case 2:
        x86e_mov_rr(e, 4, reg, reg);
        break;
    case 4:
        x86e_movsx_rr(e, 1, reg, reg);
        break;
    case 5:
        x86e_movsx_rr(e, 2, reg, reg);
        break;
    case 6:
        x86e_movsx_rr(e, 4, reg, reg);
        break;
    default:
        break;
    }
}

/* RAX = Rn op RCX, Rd = RAX, flags if asked (ADD/SUB families). */
static void emit_addsub_tail(A64JitCtx *j, const A64Op *op)
{
    unsigned w = width(op);
    bool sub = op->sub & AS_SUB;

    emit_load_x(j, w, X86E_RAX, op->rn);
    x86e_alu_rr(&j->e, sub ? X86E_SUB : X86E_ADD, w, X86E_RAX, X86E_RCX);
    emit_store_rd(j, op, X86E_RAX);
    if (op->sub & AS_FLAGS) {
        emit_nzcv(j, sub);
    }
}

static void emit_addsub(A64JitCtx *j, const A64Op *op, A64JitKind kind)
{
    X86Emit *e = &j->e;
    unsigned w = width(op);

    switch (kind) {
    case A64K_ADDSUB_IMM:
        x86e_mov_ri(e, X86E_RCX, op->imm);
        break;
    case A64K_ADDSUB_SHIFT:
        emit_load_x(j, w, X86E_RCX, op->rm);
        emit_shift(j, w, X86E_RCX, op->cond, op->shift);
        break;
    default:    /* A64K_ADDSUB_EXT */
        emit_load_x(j, 8, X86E_RCX, op->rm);
        emit_extend(j, X86E_RCX, op->cond);
        emit_shift(j, 8, X86E_RCX, 0, op->shift);
        break;
    }
    emit_addsub_tail(j, op);
}

static void emit_logic(A64JitCtx *j, const A64Op *op, A64JitKind kind)
{
    static const uint8_t kinds[4] = { X86E_AND, X86E_OR, X86E_XOR, X86E_AND };
    X86Emit *e = &j->e;
    unsigned w = width(op);

    if (kind == A64K_LOGIC_IMM) {
        x86e_mov_ri(e, X86E_RCX, op->imm);
    } else {
        emit_load_x(j, w, X86E_RCX, op->rm);
        emit_shift(j, w, X86E_RCX, op->cond, op->shift);
        if (op->imm) {
            x86e_unary_r(e, X86E_NOT, w, X86E_RCX);
        }
    }
    emit_load_x(j, w, X86E_RAX, op->rn);
    x86e_alu_rr(e, kinds[op->sub & 3], w, X86E_RAX, X86E_RCX);
    emit_store_rd(j, op, X86E_RAX);
    if (op->sub == 3) {
        emit_nzcv(j, false);        /* AND leaves CF and OF clear */
    }
}

static void emit_movk(A64JitCtx *j, const A64Op *op)
{
    unsigned w = width(op);

    emit_load_x(j, w, X86E_RAX, op->rd);
    emit_alu_const(j, X86E_AND, w, X86E_RAX, ~op->imm2);
    emit_alu_const(j, X86E_OR, w, X86E_RAX, op->imm);
    emit_store_rd(j, op, X86E_RAX);
}

static void emit_bitfield(A64JitCtx *j, const A64Op *op)
{
    X86Emit *e = &j->e;
    unsigned w = width(op), bits = w * 8;

    emit_load_x(j, w, X86E_RAX, op->rn);
    if (op->sub == 0) {
        /* SBFM: RDX = bit imms of the source, replicated */
        x86e_mov_rr(e, 8, X86E_RDX, X86E_RAX);
        emit_shift(j, w, X86E_RDX, 0, bits - 1 - op->cond);
        emit_shift(j, w, X86E_RDX, 2, bits - 1);
    }
    emit_shift(j, w, X86E_RAX, 3, op->shift);
    switch (op->sub) {
    case 0:
        emit_alu_const(j, X86E_AND, w, X86E_RAX, op->imm & op->imm2);
        emit_alu_const(j, X86E_AND, w, X86E_RDX, ~op->imm2);
        x86e_alu_rr(e, X86E_OR, w, X86E_RAX, X86E_RDX);
        break;
    case 1:
        emit_load_x(j, w, X86E_RDX, op->rd);
        x86e_mov_rr(e, 8, X86E_RSI, X86E_RDX);
        emit_alu_const(j, X86E_AND, w, X86E_RDX, ~op->imm);
        emit_alu_const(j, X86E_AND, w, X86E_RAX, op->imm);
        x86e_alu_rr(e, X86E_OR, w, X86E_RAX, X86E_RDX);
        emit_alu_const(j, X86E_AND, w, X86E_RAX, op->imm2);
        emit_alu_const(j, X86E_AND, w, X86E_RSI, ~op->imm2);
        x86e_alu_rr(e, X86E_OR, w, X86E_RAX, X86E_RSI);
        break;
    default:
        emit_alu_const(j, X86E_AND, w, X86E_RAX, op->imm & op->imm2);
        break;
    }
    emit_store_rd(j, op, X86E_RAX);
}

static void emit_extr(A64JitCtx *j, const A64Op *op)
{
    unsigned w = width(op);

    emit_load_x(j, w, X86E_RAX, op->rm);
    if (op->shift) {
        emit_load_x(j, w, X86E_RCX, op->rn);
        x86e_shrd_ri(&j->e, w, X86E_RAX, X86E_RCX, op->shift);
    }
    emit_store_rd(j, op, X86E_RAX);
}

static void emit_csel(A64JitCtx *j, const A64Op *op)
{
    X86Emit *e = &j->e;
    unsigned w = width(op);

    emit_load_x(j, w, X86E_RAX, op->rn);
    emit_load_x(j, w, X86E_RDX, op->rm);
    switch (op->sub) {
    case 1:
        x86e_alu_ri(e, X86E_ADD, w, X86E_RDX, 1);
        break;
    case 2:
        x86e_unary_r(e, X86E_NOT, w, X86E_RDX);
        break;
    case 3:
        x86e_unary_r(e, X86E_NEG, w, X86E_RDX);
        break;
    }
    emit_cond(j, op->cond);
    x86e_cmov_rr(e, X86E_CC_E, w, X86E_RAX, X86E_RDX);
    if (w == 4) {
        x86e_mov_rr(e, 4, X86E_RAX, X86E_RAX);
    }
    emit_store_rd(j, op, X86E_RAX);
}

static void emit_ccmp(A64JitCtx *j, const A64Op *op)
{
    X86Emit *e = &j->e;
    unsigned w = width(op);
    X86ELabel no, done;

    emit_cond(j, op->cond);
    no = x86e_jcc_fwd(e, X86E_CC_E);
    if (op->sub & 2) {
        x86e_mov_ri(e, X86E_RCX, op->imm);
    } else {
        emit_load_x(j, w, X86E_RCX, op->rm);
    }
    emit_load_x(j, w, X86E_RAX, op->rn);
    x86e_alu_rr(e, op->sub & 1 ? X86E_SUB : X86E_ADD, w, X86E_RAX,
                X86E_RCX);
    emit_nzcv_store(j, op->sub & 1);     /* no fusing: two paths */
    done = x86e_jmp_fwd(e);
    x86e_label_bind(e, no);
    x86e_store_i(e, 4, cpu_mem(CPU_OFF(env.nzcv)), (int32_t)op->imm2);
    x86e_label_bind(e, done);
}

/* UDIV/SDIV with Arm's rules: x / 0 = 0, INT_MIN / -1 = INT_MIN. */
static void emit_div(A64JitCtx *j, const A64Op *op, bool sgn)
{
    X86Emit *e = &j->e;
    unsigned w = width(op);
    X86ELabel zero, done, done2 = 0, normal;

    emit_load_x(j, w, X86E_RCX, op->rm);
    emit_load_x(j, w, X86E_RAX, op->rn);
    x86e_test_rr(e, w, X86E_RCX, X86E_RCX);
    zero = x86e_jcc_fwd(e, X86E_CC_E);
    if (sgn) {
        x86e_alu_ri(e, X86E_CMP, w, X86E_RCX, -1);
        normal = x86e_jcc_fwd(e, X86E_CC_NE);
        x86e_unary_r(e, X86E_NEG, w, X86E_RAX);
        done2 = x86e_jmp_fwd(e);
        x86e_label_bind(e, normal);
        x86e_cqo(e, w);
        x86e_unary_r(e, X86E_IDIV, w, X86E_RCX);
    } else {
        x86e_alu_rr(e, X86E_XOR, 4, X86E_RDX, X86E_RDX);
        x86e_unary_r(e, X86E_DIV, w, X86E_RCX);
    }
    done = x86e_jmp_fwd(e);
    x86e_label_bind(e, zero);
    x86e_alu_rr(e, X86E_XOR, 4, X86E_RAX, X86E_RAX);
    x86e_label_bind(e, done);
    if (sgn) {
        x86e_label_bind(e, done2);
    }
    emit_store_rd(j, op, X86E_RAX);
}

static bool emit_dp2(A64JitCtx *j, const A64Op *op)
{
    static const uint8_t kinds[4] = {
        X86E_SHL, X86E_SHR, X86E_SAR, X86E_ROR,
    };
    unsigned w = width(op);

    if (op->sub == 2 || op->sub == 3) {
        emit_div(j, op, op->sub == 3);
        return true;
    }
    if (op->sub < 8 || op->sub > 11) {
        return false;
    }
    /* the host masks the count to 5 or 6 bits, as Arm does */
    emit_load_x(j, w, X86E_RCX, op->rm);
    emit_load_x(j, w, X86E_RAX, op->rn);
    x86e_shift_rcl(&j->e, kinds[op->sub - 8], w, X86E_RAX);
    emit_store_rd(j, op, X86E_RAX);
    return true;
}

static bool emit_dp3(A64JitCtx *j, const A64Op *op)
{
    X86Emit *e = &j->e;
    unsigned w = width(op);

    switch (op->sub) {
    case 0:
        emit_load_x(j, w, X86E_RAX, op->rn);
        emit_load_x(j, w, X86E_RCX, op->rm);
        break;
    case 1:
        emit_load_x_sx32(j, X86E_RAX, op->rn);
        emit_load_x_sx32(j, X86E_RCX, op->rm);
        break;
    case 5:
        emit_load_x(j, 4, X86E_RAX, op->rn);
        emit_load_x(j, 4, X86E_RCX, op->rm);
        break;
    case 2:
    case 6:
        emit_load_x(j, 8, X86E_RAX, op->rn);
        emit_load_x(j, 8, X86E_RCX, op->rm);
        x86e_unary_r(e, op->sub == 2 ? X86E_IMUL1 : X86E_MUL, 8, X86E_RCX);
        emit_store_rd(j, op, X86E_RDX);
        return true;
    default:
        return false;
    }
    x86e_imul_rr(e, w, X86E_RAX, X86E_RCX);
    emit_load_x(j, w, X86E_RDX, op->ra);
    if (op->cond) {
        x86e_alu_rr(e, X86E_SUB, w, X86E_RDX, X86E_RAX);
        emit_store_rd(j, op, X86E_RDX);
    } else {
        x86e_alu_rr(e, X86E_ADD, w, X86E_RAX, X86E_RDX);
        emit_store_rd(j, op, X86E_RAX);
    }
    return true;
}

/* ---- loads and stores ---- */

/*
 * RSI = host address of guest address RAX + @off (masked as a64_g2h
 * does); RFAULT = the record, for the SIGSEGV handler.
 */
static X86EMem emit_guest_addr(A64JitCtx *j, const A64Op *op, int32_t off)
{
    X86Emit *e = &j->e;

    if (A64_JIT_SYS) {
        /* emit_tlb_check() left the host address in RSI */
        return x86e_mem(X86E_RSI, off);
    }
    x86e_mov_ri(e, RFAULT, (uintptr_t)op);
    x86e_lea(e, 8, X86E_RSI, x86e_mem(X86E_RAX, off));
    x86e_alu_rr(e, X86E_AND, 8, X86E_RSI, RMASK);
    return x86e_mem_idx(RBASE, X86E_RSI, 0, 0);
}

/* Load the integer value at guest RAX + @off into @dst, as @kind says. */
static void emit_load_int(A64JitCtx *j, const A64Op *op, unsigned kind,
                          unsigned size, int32_t off, unsigned dst)
{
    X86EMem m = emit_guest_addr(j, op, off);
    unsigned w = 1u << size;

    if (kind == LS_LOAD || size == 3) {
        x86e_load(&j->e, w, dst, m);
        return;
    }
    x86e_load_sx(&j->e, w, dst, m);
    if (kind == LS_LOAD_SX32) {
        x86e_mov_rr(&j->e, 4, dst, dst);
    }
}

/* One register's access at guest RAX + @off (a64_access()). */
static void emit_access(A64JitCtx *j, const A64Op *op, unsigned kind,
                        unsigned rt, unsigned size, int32_t off)
{
    X86Emit *e = &j->e;
    X86EMem m;

    switch (kind) {
    case LS_STORE:
        emit_load_x(j, 8, X86E_RCX, rt);
        m = emit_guest_addr(j, op, off);
        x86e_store(e, 1u << size, m, X86E_RCX);
        break;
    case LS_LOAD:
    case LS_LOAD_SX64:
    case LS_LOAD_SX32:
        emit_load_int(j, op, kind, size, off, X86E_RCX);
        emit_store_x(j, rt, X86E_RCX);
        break;
    case LS_VSTORE:
        x86e_load(e, 8, X86E_RCX, vreg(rt, 0));
        m = emit_guest_addr(j, op, off);
        x86e_store(e, size == 4 ? 8 : 1u << size, m, X86E_RCX);
        if (size == 4) {
            x86e_load(e, 8, X86E_RCX, vreg(rt, 1));
            m = emit_guest_addr(j, op, off + 8);
            x86e_store(e, 8, m, X86E_RCX);
        }
        break;
    case LS_VLOAD:
        m = emit_guest_addr(j, op, off);
        x86e_load(e, size == 4 ? 8 : 1u << size, X86E_RCX, m);
        x86e_store(e, 8, vreg(rt, 0), X86E_RCX);
        if (size == 4) {
            m = emit_guest_addr(j, op, off + 8);
            x86e_load(e, 8, X86E_RCX, m);
            x86e_store(e, 8, vreg(rt, 1), X86E_RCX);
        } else {
            x86e_store_i(e, 8, vreg(rt, 1), 0);
        }
        break;
    default:
        break;      /* PRFM */
    }
}

/*
 * System mode: RSI = host address of the @bytes at guest address RAX when
 * the soft TLB has them as RAM in one page for @access (the tag compared
 * with the page of the last byte: a page crossing or a flagged entry
 * misses); else leave native code at record j->k.  Clobbers RCX, RDX.
 */
static void emit_tlb_check(A64JitCtx *j, unsigned bytes, bool write)
{
#ifdef A64_SYSTEM
    X86Emit *e = &j->e;
    SoftTLBAccess acc = write ? SOFT_TLB_WRITE : SOFT_TLB_READ;
    int32_t base = (int32_t)((j->b->flags & 3) * SOFT_TLB_SIZE *
                             sizeof(SoftTLBEntry));

    g_assert(j->n_miss < G_N_ELEMENTS(j->miss));
    x86e_mov_rr(e, 8, X86E_RDX, X86E_RAX);
    x86e_shift_ri(e, X86E_SHR, 8, X86E_RDX, SOFT_TLB_PAGE_BITS);
    x86e_alu_ri(e, X86E_AND, 4, X86E_RDX, SOFT_TLB_SIZE - 1);
    x86e_imul_rri(e, 8, X86E_RDX, X86E_RDX, sizeof(SoftTLBEntry));
    x86e_lea(e, 8, X86E_RCX, x86e_mem(X86E_RAX, bytes - 1));
    x86e_alu_ri(e, X86E_AND, 8, X86E_RCX, (int32_t)SOFT_TLB_PAGE_MASK);
    x86e_alu_rm(e, X86E_CMP, 8, X86E_RCX,
                x86e_mem_idx(RBASE, X86E_RDX, 0, base +
                             offsetof(SoftTLBEntry, tag) + 8 * acc));
    j->miss[j->n_miss] = x86e_jcc_fwd(e, X86E_CC_NE);
    j->miss_rec[j->n_miss++] = j->k;
    x86e_load(e, 8, X86E_RSI,
              x86e_mem_idx(RBASE, X86E_RDX, 0, base +
                           offsetof(SoftTLBEntry, addend)));
    x86e_alu_rr(e, X86E_ADD, 8, X86E_RSI, X86E_RAX);
#endif
}

/* The bytes a record of kind @kind accesses at once (0: none). */
static unsigned ldst_bytes(const A64Op *op, A64JitKind kind)
{
    if (op->sub == LS_PRFM) {
        return 0;
    }
    return (kind == A64K_LDST_PAIR ? 2u : 1u) << op->shift;
}

static void emit_ldst_check(A64JitCtx *j, const A64Op *op, A64JitKind kind)
{
    unsigned bytes = ldst_bytes(op, kind);

    if (bytes) {
        emit_tlb_check(j, bytes, op->sub == LS_STORE || op->sub == LS_VSTORE);
    }
}

/* RDI = base register, RAX = access address (immediate forms) */
static void emit_base_addr(A64JitCtx *j, const A64Op *op)
{
    emit_load_x(j, 8, X86E_RDI, op->rn);
    if (op->cond == AM_POST) {
        x86e_mov_rr(&j->e, 8, X86E_RAX, X86E_RDI);
    } else {
        x86e_lea(&j->e, 8, X86E_RAX, x86e_mem(X86E_RDI, (int32_t)op->imm));
    }
}

static void emit_writeback(A64JitCtx *j, const A64Op *op)
{
    if (op->cond != AM_OFFSET) {
        x86e_lea(&j->e, 8, X86E_RDI, x86e_mem(X86E_RDI, (int32_t)op->imm));
        emit_store_x(j, op->rn, X86E_RDI);
    }
}

static void emit_ldst_imm(A64JitCtx *j, const A64Op *op)
{
    emit_base_addr(j, op);
    emit_ldst_check(j, op, A64K_LDST_IMM);
    emit_access(j, op, op->sub, op->rd, op->shift, 0);
    emit_writeback(j, op);
}

static void emit_ldst_reg(A64JitCtx *j, const A64Op *op)
{
    X86Emit *e = &j->e;

    emit_load_x(j, 8, X86E_RCX, op->rm);
    emit_extend(j, X86E_RCX, op->cond);
    emit_shift(j, 8, X86E_RCX, 0, op->imm);
    emit_load_x(j, 8, X86E_RAX, op->rn);
    x86e_alu_rr(e, X86E_ADD, 8, X86E_RAX, X86E_RCX);
    emit_ldst_check(j, op, A64K_LDST_REG);
    emit_access(j, op, op->sub, op->rd, op->shift, 0);
}

static void emit_ldst_pair(A64JitCtx *j, const A64Op *op)
{
    int32_t bytes = 1 << op->shift;

    emit_base_addr(j, op);
    emit_ldst_check(j, op, A64K_LDST_PAIR);
    if (op->sub == LS_LOAD && op->shift == 3) {
        /* LDP Xt1, Xt2 (a64_op_ldp64): both loads, then the writes */
        emit_load_int(j, op, LS_LOAD, 3, 0, X86E_RCX);
        emit_load_int(j, op, LS_LOAD, 3, 8, X86E_RDX);
        emit_writeback(j, op);
        emit_store_x(j, op->rd, X86E_RCX);
        emit_store_x(j, op->ra, X86E_RDX);
        return;
    }
    emit_access(j, op, op->sub, op->rd, op->shift, 0);
    emit_access(j, op, op->sub, op->ra, op->shift, bytes);
    emit_writeback(j, op);
}

/* ---- branches ---- */

/* Two-way branch on the host flags: @cc_not_taken jumps to the fall-through */
static void emit_branch2(A64JitCtx *j, unsigned k, unsigned cc_not_taken)
{
    const A64Op *op = &j->ops[k];
    X86ELabel nt = x86e_jcc_fwd(&j->e, cc_not_taken);

    emit_set_pc(j, op->imm);
    emit_chain(j, k, k + 1, 0);
    x86e_label_bind(&j->e, nt);
    emit_set_pc(j, op->pc + 4);
    emit_chain(j, k, k + 1, 1);
}

static void emit_branch(A64JitCtx *j, unsigned k, A64JitKind kind)
{
    X86Emit *e = &j->e;
    const A64Op *op = &j->ops[k];

    switch (kind) {
    case A64K_BL:
        x86e_mov_ri(e, X86E_RAX, op->pc + 4);
        emit_store_x(j, 30, X86E_RAX);
        /* fall through */
    case A64K_B:
        emit_set_pc(j, op->imm);
        emit_chain(j, k, k + 1, 0);
        break;
    case A64K_BCOND:
        emit_cond(j, op->cond);
        emit_branch2(j, k, X86E_CC_E);
        break;
    case A64K_CBZ:
        emit_load_x(j, width(op), X86E_RAX, op->rn);
        x86e_test_rr(e, width(op), X86E_RAX, X86E_RAX);
        emit_branch2(j, k, op->sub ? X86E_CC_E : X86E_CC_NE);
        break;
    case A64K_TBZ:
        emit_load_x(j, 8, X86E_RAX, op->rn);
        emit_shift(j, 8, X86E_RAX, 1, op->shift);
        x86e_test_ri(e, 1, X86E_RAX, 1);
        emit_branch2(j, k, op->sub ? X86E_CC_E : X86E_CC_NE);
        break;
    case A64K_BLR:
        emit_load_x(j, 8, X86E_RAX, op->rn);
        x86e_mov_ri(e, X86E_RCX, op->pc + 4);
        emit_store_x(j, 30, X86E_RCX);
        x86e_store(e, 8, cpu_mem(CPU_OFF(env.pc)), X86E_RAX);
        emit_chain(j, k, k + 1, -1);
        break;
    default:    /* A64K_BR */
        emit_load_x(j, 8, X86E_RAX, op->rn);
        x86e_store(e, 8, cpu_mem(CPU_OFF(env.pc)), X86E_RAX);
        emit_chain(j, k, k + 1, -1);
        break;
    }
}

/* ---- records ---- */

/*
 * System mode: with SCTLR_ELx.A alignment checks or watchpoints armed
 * (block flags), memory records stay with their handlers.
 */
static bool rec_translatable(A64JitCtx *j, A64JitKind kind)
{
#ifdef A64_SYSTEM
    if (j->b->flags & (A64_SYS_FLAG_ALIGN | A64_SYS_FLAG_WATCH)) {
        return kind != A64K_LDST_IMM && kind != A64K_LDST_REG &&
               kind != A64K_LDST_PAIR;
    }
#endif
    return true;
}

/*
 * Emit record @k.  Returns false when the tier does not translate it
 * (nothing emitted); *@end is set when the record ended the block.
 */
static bool emit_record(A64JitCtx *j, unsigned k, bool *end)
{
    const A64Op *op = &j->ops[k];
    A64JitKind kind = rec_kind(rec_fn(j, k));

    *end = false;
    j->k = k;
    if (!rec_translatable(j, kind)) {
        return false;
    }
    switch (kind) {
    case A64K_ADDSUB_IMM:
    case A64K_ADDSUB_SHIFT:
    case A64K_ADDSUB_EXT:
        emit_addsub(j, op, kind);
        return true;
    case A64K_ADD_IMM:
        emit_load_x(j, width(op), X86E_RAX, op->rn);
        emit_alu_const(j, X86E_ADD, width(op), X86E_RAX, op->imm);
        emit_store_rd(j, op, X86E_RAX);
        return true;
    case A64K_LOGIC_IMM:
    case A64K_LOGIC_REG:
        emit_logic(j, op, kind);
        return true;
    case A64K_MOVZ:
        x86e_mov_ri(&j->e, X86E_RAX, op->imm);
        emit_store_rd(j, op, X86E_RAX);
        return true;
    case A64K_MOVK:
        emit_movk(j, op);
        return true;
    case A64K_BITFIELD:
        emit_bitfield(j, op);
        return true;
    case A64K_EXTR:
        emit_extr(j, op);
        return true;
    case A64K_CSEL:
        emit_csel(j, op);
        return true;
    case A64K_CCMP:
        emit_ccmp(j, op);
        return true;
    case A64K_DP2:
        return emit_dp2(j, op);
    case A64K_DP3:
        return emit_dp3(j, op);
    case A64K_NOP:
        return true;
    case A64K_LDST_IMM:
        emit_ldst_imm(j, op);
        return true;
    case A64K_LDST_REG:
        emit_ldst_reg(j, op);
        return true;
    case A64K_LDST_PAIR:
        emit_ldst_pair(j, op);
        return true;
    case A64K_B:
    case A64K_BL:
    case A64K_BCOND:
    case A64K_CBZ:
    case A64K_TBZ:
    case A64K_BR:
    case A64K_BLR:
        emit_branch(j, k, kind);
        *end = true;
        return true;
    default:
        return false;
    }
}

/* The record after a called-out copy: returns to native code. */
static const A64Op *a64_jit_ret(ARMCPU *cpu, const A64Op *op)
{
    return op;
}

/*
 * Run record @k's own handler as a function: it is called on a copy of
 * the record followed by a record whose handler returns, so its
 * "return a64_next()" comes back here.  Only for records that are not
 * the block's last (those always continue to the next record).  RFAULT
 * names the real record, in case the handler accesses guest memory.
 */
static bool emit_callout(A64JitCtx *j, unsigned k)
{
    X86Emit *e = &j->e;
    A64Op *c;

    if (A64_JIT_SYS || j->n_callouts == j->max_callouts) {
        return false;
    }
    c = &j->callouts[2 * j->n_callouts++];
    c[0] = j->ops[k];
    c[0].fn = rec_fn(j, k);
    memset(&c[1], 0, sizeof(c[1]));
    c[1].fn = a64_jit_ret;
    c[1].pc = j->ops[k].pc + 4;
    x86e_mov_ri(e, RFAULT, (uintptr_t)&j->ops[k]);
    x86e_mov_ri(e, X86E_RAX, (uintptr_t)&j->jit->callout_op);
    x86e_store(e, 8, x86e_mem(X86E_RAX, 0), RFAULT);
    x86e_mov_rr(e, 8, X86E_RDI, RCPU);
    x86e_mov_ri(e, X86E_RSI, (uintptr_t)c);
    x86e_call_abs(e, (const void *)(uintptr_t)c[0].fn, X86E_RAX);
    x86e_mov_ri(e, X86E_RAX, (uintptr_t)&j->jit->callout_op);
    x86e_store_i(e, 8, x86e_mem(X86E_RAX, 0), 0);
    j->r15_reg = -1;            /* the handler may write any register */
    return true;
}

/* The side exits of the soft-TLB misses (system mode). */
static void emit_misses(A64JitCtx *j)
{
    for (unsigned i = 0; i < j->n_miss; i++) {
        x86e_label_bind(&j->e, j->miss[i]);
        emit_side_exit(j, j->miss_rec[i]);
    }
}

static void emit_block(A64JitCtx *j)
{
    unsigned n = j->b->n_insns;

    for (unsigned k = 0; k < n; k++) {
        bool end;

        if (!emit_record(j, k, &end)) {
            if (k + 1 < n && emit_callout(j, k)) {
                continue;
            }
            emit_side_exit(j, k);
            return;
        }
        if (end) {
            return;
        }
    }
    /* the terminator: fall through to the next instruction */
    emit_set_pc(j, j->ops[n].pc);
    emit_chain(j, n, n, 1);
}

/* Records that may need a call-out (an upper bound). */
static unsigned count_callouts(A64JitCtx *j)
{
    unsigned n = j->b->n_insns, count = 0;

    for (unsigned k = 0; k + 1 < n; k++) {
        A64JitKind kind = rec_kind(rec_fn(j, k));

        if (kind == A64K_NONE || kind == A64K_DP2 || kind == A64K_DP3) {
            count++;
        }
    }
    return count;
}

/* Translate @b; false if the tier cannot (record 0 untranslatable, full). */
static bool a64_jit_translate(ARMCPU *cpu, DecodedBlock *b)
{
    A64Jit *jit = cpu->jit;
    A64JitCtx j = { .cpu = cpu, .jit = jit, .b = b };
    A64Op *term;
    size_t avail, table;
    uint8_t *start;

    j.ops = (A64Op *)(b + 1);
    term = &j.ops[b->n_insns];
    j.orig0 = (A64Handler *)(uintptr_t)term->imm2;
    if (rec_kind(j.orig0) == A64K_NONE &&
        (b->n_insns == 1 || A64_JIT_SYS)) {
        return false;       /* native code would only leave at once */
    }
    /* the call-out records go first, then the code (16-byte aligned) */
    j.max_callouts = count_callouts(&j);
    start = jit_buf_begin(jit->buf, &avail);
    table = (j.max_callouts * 2 * sizeof(A64Op) + 15) & ~(size_t)15;
    if (table + 64 > avail) {
        jit->full = true;
        return false;
    }
    j.callouts = (A64Op *)start;
    x86e_init(&j.e, start + table, avail - table);
    emit_prologue(&j);
    if (jit->prologue_len == 0) {
        jit->prologue_len = x86e_size(&j.e);
    }
    g_assert(x86e_size(&j.e) == jit->prologue_len);
    j.body = j.e.p;
    j.r15_reg = -1;
    b->chain_gen = 0;
    b->next[0] = b->next[1] = NULL;
    emit_block(&j);
    emit_misses(&j);
    if (x86e_full(&j.e)) {
        jit->full = true;
        return false;
    }
    start = jit_buf_commit(jit->buf, table + x86e_size(&j.e));
    j.ops[0].fn = (A64Handler *)(uintptr_t)(start + table);
    jit->translated++;
    if (jit->perf_map) {
        fprintf(jit->perf_map, "%" PRIxPTR " %zx a64:0x%" PRIx64 "\n",
                (uintptr_t)(start + table), x86e_size(&j.e), b->pc);
        fflush(jit->perf_map);
    }
    return true;
}

/*
 * Record 0's handler while a block is cold: count entries in the
 * terminator record (imm; imm2 keeps record 0's own handler) and
 * translate at the threshold.
 */
static const A64Op *a64_jit_count(ARMCPU *cpu, const A64Op *op)
{
    DecodedBlock *b = (DecodedBlock *)op - 1;
    A64Op *ops = (A64Op *)op;
    A64Op *term = &ops[b->n_insns];

    if (++term->imm >= cpu->jit->threshold) {
        if (!a64_jit_translate(cpu, b)) {
            ops[0].fn = (A64Handler *)(uintptr_t)term->imm2;
        }
        return ops[0].fn(cpu, op);
    }
    return ((A64Handler *)(uintptr_t)term->imm2)(cpu, op);
}

void a64_jit_block_built(ARMCPU *cpu, DecodedBlock *b)
{
    A64Jit *jit = cpu->jit;
    A64Op *ops = (A64Op *)(b + 1);
    A64Op *term = &ops[b->n_insns];

    if (!jit || jit->full) {
        return;
    }
    term->imm = 0;
    term->imm2 = (uintptr_t)ops[0].fn;
    if (jit->threshold == 0) {
        if (!a64_jit_translate(cpu, b)) {
            ops[0].fn = (A64Handler *)(uintptr_t)term->imm2;
        }
        return;
    }
    ops[0].fn = a64_jit_count;
}

/*
 * Called from the SIGSEGV handler (async-signal-safe): a fault at a
 * host PC in the code buffer is the access of the record in RFAULT; a
 * fault while native code calls a handler is that handler's record.
 */
#ifndef A64_SYSTEM
bool arm_cpu_jit_fault_op(ARMCPU *cpu, void *ucv, uint64_t *pc,
                          uint32_t *insn)
{
    A64Jit *jit = cpu->jit;
    ucontext_t *uc = ucv;
    uintptr_t rip, rec = 0;

    if (!jit) {
        return false;
    }
    rip = uc->uc_mcontext.gregs[REG_RIP];
    if (jit_buf_contains(jit->buf, (const void *)rip)) {
        rec = uc->uc_mcontext.gregs[REG_R14];
    } else if (jit->callout_op) {
        rec = (uintptr_t)jit->callout_op;
    }
    return rec && arm_cpu_running_op(cpu, rec, pc, insn);
}
#endif

void a64_jit_safe_point(ARMCPU *cpu)
{
    A64Jit *jit = cpu->jit;

    if (jit) {
        jit->callout_op = NULL;     /* a fault may have left it set */
    }

    if (jit && jit->full) {
        /* every block goes (and with it every pointer to the code) */
        block_cache_invalidate_all(&cpu->cache);
        block_cache_reap(&cpu->cache);
        cpu->block_ops = NULL;
        jit_buf_flush(jit->buf);
        jit->full = false;
    }
}

void a64_jit_interp_copy(A64Op *copy, const A64Op *ops)
{
    const DecodedBlock *b = (const DecodedBlock *)ops - 1;
    const A64Op *term = &ops[b->n_insns];

    if (term->imm2) {
        copy[0].fn = (A64Handler *)(uintptr_t)term->imm2;
    }
}

uint64_t a64_jit_translated(ARMCPU *cpu)
{
    return cpu->jit ? cpu->jit->translated : 0;
}

void a64_jit_cpu_init(ARMCPU *cpu)
{
    const char *env = getenv("QEMU_A64_JIT");
    unsigned threshold = A64_JIT_THRESHOLD;
    Error *err = NULL;
    JitBuf *buf;

    if (env && (!strcmp(env, "off") || !strcmp(env, "0"))) {
        return;
    }
    if (env && !strcmp(env, "force")) {
        threshold = 0;
    } else if (env && *env) {
        char *endp;
        unsigned long v = strtoul(env, &endp, 10);

        if (*endp == 0 && v > 0 && v < 1000000) {
            threshold = v;
        }
    }
    buf = jit_buf_new(A64_JIT_BUF_SIZE, &err);
    if (!buf) {
        error_free(err);        /* no W+X memory here: interpret */
        return;
    }
    cpu->jit = g_new0(A64Jit, 1);
    cpu->jit->buf = buf;
    cpu->jit->threshold = threshold;
    if (getenv("QEMU_A64_JIT_PERFMAP")) {
        g_autofree char *path = g_strdup_printf("/tmp/perf-%d.map",
                                                (int)getpid());

        cpu->jit->perf_map = fopen(path, "a");
    }
}

void a64_jit_cpu_free(ARMCPU *cpu)
{
    if (cpu->jit) {
        if (cpu->jit->perf_map) {
            fclose(cpu->jit->perf_map);
        }
        jit_buf_free(cpu->jit->buf);
        g_free(cpu->jit);
        cpu->jit = NULL;
    }
}
