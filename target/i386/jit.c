/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The x86 engine's native-code tier (x86-64 hosts): the records of a hot
 * 64-bit block are turned into host code, one record after the other,
 * with x86-emit.h into the vCPU's JitBuf.
 *
 * The code is entered like a handler, code(cpu, ops), and returns what a
 * handler returns (the record where the block ended).  Host registers:
 * RDI holds the X86CPU (CPUX86State is its first member) for the whole
 * block; RAX, RCX, RDX, R8 are scratch; R9, R10, R11, RSI cache guest
 * registers (write-through, see cache_regs).  Guest registers, RIP and
 * the lazy flags stay in CPUX86State, written exactly as the
 * specialised handlers (ops-fast.c) write them, so at every record
 * boundary the state in memory is the interpreter's (lazy-flag stores
 * that nothing can observe are left out: cc_liveness()).
 *
 * Leaving native code, always by a tail jump with RDI = cpu and RSI = a
 * record of the block:
 * - a record with no native form, or a slow path (soft-TLB miss, MMIO,
 *   code page, page crossing, non-canonical return address): jump to the
 *   record's own handler, which does the whole instruction and threads
 *   through the rest of the block (nothing of that record was done);
 * - the end of the block (JMP, CALL, RET, Jcc, the terminator): RIP is
 *   set, x86_chain_slot()'s checks are made inline and the successor's
 *   native code is entered by a jump (chain_inline()); when a check
 *   fails, x86_jit_chain_*() (x86_chain_slot() in C) decides.
 * The code never calls anything that can raise (x86_raise longjmps only
 * from handlers), so no native frame is ever unwound.
 */
#include "qemu/osdep.h"
#include "target/i386/engine.h"
#include "accel/tcg/jit-buf.h"
#include "accel/tcg/x86-emit.h"
#include "qemu/log.h"

#define JIT_THRESHOLD 8
/* the longest code of one block: 64 records of at most ~120 bytes */
#define JIT_MAX_BLOCK_BYTES (16 * 1024)
#define JIT_CACHE_REGS 4

#define CPU_OFF(field) ((int32_t)offsetof(X86CPU, field))
#define REG_OFF(r) (CPU_OFF(env.regs) + (int32_t)(r) * 8)

QEMU_BUILD_BUG_ON(offsetof(X86CPU, env) != 0);
QEMU_BUILD_BUG_ON(offsetof(CPUX86State, cc_size) !=
                  offsetof(CPUX86State, cc_op) + 1);

typedef struct JitCtx {
    DecodedBlock *b;
    const X86Op *ops;
    X86Emit e;
    int mmu_idx;
    /* slow-path branches: label and the record they resume at */
    X86ELabel slow[X86_MAX_BLOCK_INSNS * 4];
    uint16_t slow_rec[X86_MAX_BLOCK_INSNS * 4];
    unsigned n_slow;
    /* the lazy-flag kind the previous native record left, or -1 */
    int cc_kind;
    unsigned cc_size;
    /* the record being emitted need not store its lazy flags */
    bool cc_dead;
    bool dead[X86_MAX_BLOCK_INSNS * 2 + 1];     /* per record */
    /* register cache: slot of each guest register, guest of each slot */
    int8_t cached[16];
    int8_t holds[JIT_CACHE_REGS];
    unsigned next_slot;
} JitCtx;

/* ---- entry points for the code ---- */

static const X86Op *x86_jit_chain_jump(X86CPU *cpu, const X86Op *op)
{
    return x86_chain_slot(cpu, op, 1, X86_SLOT_JUMP);
}

static const X86Op *x86_jit_chain_fall(X86CPU *cpu, const X86Op *op)
{
    return x86_chain_slot(cpu, op, 1, X86_SLOT_FALL);
}

static const X86Op *x86_jit_chain_any(X86CPU *cpu, const X86Op *op)
{
    return x86_chain_slot(cpu, op, 1, X86_SLOT_ANY);
}

/* the terminator is not an instruction: nothing more counts */
static const X86Op *x86_jit_chain_end(X86CPU *cpu, const X86Op *op)
{
    return x86_chain_slot(cpu, op, 0, X86_SLOT_FALL);
}

/* CF of the lazy flags, for INC/DEC (which keep it) */
static uint64_t x86_jit_cf(X86CPU *cpu)
{
    return x86_cf(&cpu->env);
}

static bool emit_cc_flags(JitCtx *c, unsigned cc);

/* ---- small pieces ---- */

static X86EMem reg_mem(unsigned r)
{
    return x86e_mem(X86E_RDI, REG_OFF(r));
}

static X86EMem cpu_mem(int32_t off)
{
    return x86e_mem(X86E_RDI, off);
}

/*
 * A write-through cache of guest registers in host registers R9, R10,
 * R11 and RSI, which nothing else in straight-line code uses: every
 * guest register write still goes to CPUX86State (so an exit at any
 * point finds the interpreter's state there), and also to a cache
 * register, so that later records read it from there instead of from
 * memory.  Calls into C clobber them (cache_clear()).
 */
static const uint8_t cache_regs[JIT_CACHE_REGS] = {
    X86E_R9, X86E_R10, X86E_R11, X86E_RSI,
};

static void cache_clear(JitCtx *c)
{
    memset(c->cached, -1, sizeof(c->cached));
    memset(c->holds, -1, sizeof(c->holds));
}

static void cache_drop(JitCtx *c, unsigned r)
{
    if (r < 16 && c->cached[r] >= 0) {
        c->holds[c->cached[r]] = -1;
        c->cached[r] = -1;
    }
}

/* cache slot for guest register @r (allocated round robin) */
static unsigned cache_slot(JitCtx *c, unsigned r)
{
    unsigned k;

    if (c->cached[r] >= 0) {
        return c->cached[r];
    }
    k = c->next_slot++ % JIT_CACHE_REGS;
    if (c->holds[k] >= 0) {
        c->cached[c->holds[k]] = -1;
    }
    c->holds[k] = r;
    c->cached[r] = k;
    return k;
}

/* host @hr = guest register @r, zero-extended from @w (4 or 8) bytes */
static void ld_reg(JitCtx *c, unsigned hr, unsigned r, unsigned w)
{
    if (r < 16 && c->cached[r] >= 0) {
        x86e_mov_rr(&c->e, w == 8 ? 8 : 4, hr, cache_regs[c->cached[r]]);
        return;
    }
    x86e_load(&c->e, w, hr, reg_mem(r));
}

/* guest register @r = the 64-bit host @hr */
static void st_reg(JitCtx *c, unsigned r, unsigned hr)
{
    x86e_store(&c->e, 8, reg_mem(r), hr);
    x86e_mov_rr(&c->e, 8, cache_regs[cache_slot(c, r)], hr);
}

/* guest register @r = 64-bit constant @v */
static void st_reg_const(JitCtx *c, unsigned r, uint64_t v)
{
    unsigned x = cache_regs[cache_slot(c, r)];

    x86e_mov_ri(&c->e, x, v);
    x86e_store(&c->e, 8, reg_mem(r), x);
}

/* [cpu + off] = 64-bit constant @v (RAX may be used) */
static void st_const(JitCtx *c, int32_t off, uint64_t v)
{
    if (x86e_fits_i32((int64_t)v)) {
        x86e_store_i(&c->e, 8, cpu_mem(off), (int32_t)v);
    } else {
        x86e_mov_ri(&c->e, X86E_RAX, v);
        x86e_store(&c->e, 8, cpu_mem(off), X86E_RAX);
    }
}

/* the lazy-flag record; @src2 a host register, or X86E_NOREG for @imm */
static void st_cc(JitCtx *c, X86CCOp kind, unsigned size, unsigned dst,
                  unsigned src1, unsigned src2, uint64_t imm)
{
    c->cc_kind = kind;
    c->cc_size = size;
    if (c->cc_dead) {
        return;
    }
    x86e_store(&c->e, 8, cpu_mem(CPU_OFF(env.cc_dst)), dst);
    x86e_store(&c->e, 8, cpu_mem(CPU_OFF(env.cc_src1)), src1);
    if (src2 != X86E_NOREG) {
        x86e_store(&c->e, 8, cpu_mem(CPU_OFF(env.cc_src2)), src2);
    } else {
        /* imm fits a sign-extended imm32 (callers check) */
        x86e_store_i(&c->e, 8, cpu_mem(CPU_OFF(env.cc_src2)),
                     (int32_t)imm);
    }
    x86e_store_i(&c->e, 2, cpu_mem(CPU_OFF(env.cc_op)), kind | size << 8);
}

/* Leave native code for record @i's own handler. */
static void exit_to_record(JitCtx *c, unsigned i)
{
    x86e_mov_ri(&c->e, X86E_RSI, (uintptr_t)&c->ops[i]);
    x86e_jmp_m(&c->e, x86e_mem(X86E_RSI, offsetof(X86Op, fn)));
}

#define BLOCK_JIT_OFF(field) \
    ((int32_t)(sizeof(DecodedBlock) + offsetof(X86BlockJit, field)))
#define BLOCK_OPS_OFF ((int32_t)(sizeof(DecodedBlock) + sizeof(X86BlockJit)))

static void chain_self(JitCtx *c, unsigned i, unsigned counted,
                       X86ELabel *fail, unsigned *nf);
static void chain_other(JitCtx *c, unsigned i, uint64_t rip, unsigned slot,
                        unsigned counted, X86ELabel *fail, unsigned *nf);

/*
 * x86_chain_slot() inline, for successor slot @slot: the same checks in
 * the same order, then straight into the successor's native code; any
 * failed check (or a successor without native code) goes to the C
 * helper @fn, which checks again and may still chain (to records).
 * RIP is already set; @counted as for x86_chain_slot().
 */
static void chain_inline(JitCtx *c, unsigned i, uint64_t rip, unsigned slot,
                         unsigned counted, X86OpHandler fn)
{
    X86Emit *e = &c->e;
    X86ELabel fail[16], ok;
    unsigned nf = 0;

    x86e_alu_mi(e, X86E_CMP, 1, cpu_mem(CPU_OFF(exit_request)), 0);
    fail[nf++] = x86e_jcc_fwd(e, X86E_CC_NE);
    x86e_alu_mi(e, X86E_CMP, 1, cpu_mem(CPU_OFF(irq_inhibit)), 0);
    fail[nf++] = x86e_jcc_fwd(e, X86E_CC_NE);
    /* a pending INTR with IF = 0 (a masked timer) is no reason to stop */
    x86e_load(e, 4, X86E_RAX, cpu_mem(CPU_OFF(interrupt_request)));
    x86e_test_rr(e, 4, X86E_RAX, X86E_RAX);
    ok = x86e_jcc_fwd(e, X86E_CC_E);
    x86e_alu_ri(e, X86E_CMP, 4, X86E_RAX, X86_INT_HARD);
    fail[nf++] = x86e_jcc_fwd(e, X86E_CC_NE);
    x86e_alu_mi(e, X86E_CMP, 8, cpu_mem(CPU_OFF(sev)), 0);
    fail[nf++] = x86e_jcc_fwd(e, X86E_CC_NE);
    x86e_load(e, 4, X86E_RAX, cpu_mem(CPU_OFF(env.eflags)));
    x86e_test_ri(e, 4, X86E_RAX, X86_IF);
    fail[nf++] = x86e_jcc_fwd(e, X86E_CC_NE);
    x86e_label_bind(e, ok);
    if (slot != X86_SLOT_ANY && rip == c->b->pc) {
        chain_self(c, i, counted, fail, &nf);
    } else {
        chain_other(c, i, rip, slot, counted, fail, &nf);
    }
    for (unsigned k = 0; k < nf; k++) {
        x86e_label_bind(e, fail[k]);
    }
    x86e_mov_ri(e, X86E_RSI, (uintptr_t)&c->ops[i]);
    x86e_jmp_abs(e, fn, X86E_RAX);
}

/*
 * A loop: this block again.  It is valid while its chain generation is
 * current (any invalidation bumps the cache's), its code is running, so
 * only the budget remains.  (Native chains are jumps: they use no host
 * stack, so unlike x86_chain_slot() they do not count against
 * chain_left; the budget bounds them.)
 */
static void chain_self(JitCtx *c, unsigned i, unsigned counted,
                       X86ELabel *fail, unsigned *nf)
{
    X86Emit *e = &c->e;

    x86e_mov_ri(e, X86E_RDX, (uintptr_t)c->b);
    x86e_load(e, 8, X86E_RAX,
              x86e_mem(X86E_RDX, offsetof(DecodedBlock, chain_gen)));
    x86e_alu_rm(e, X86E_CMP, 8, X86E_RAX,
                cpu_mem(CPU_OFF(cache.generation)));
    fail[(*nf)++] = x86e_jcc_fwd(e, X86E_CC_NE);
    x86e_load(e, 8, X86E_RDX, cpu_mem(CPU_OFF(insns_done)));
    x86e_alu_ri(e, X86E_ADD, 8, X86E_RDX, i + counted);
    x86e_lea(e, 8, X86E_RCX, x86e_mem(X86E_RDX, c->b->n_insns));
    x86e_alu_rm(e, X86E_CMP, 8, X86E_RCX, cpu_mem(CPU_OFF(budget)));
    fail[(*nf)++] = x86e_jcc_fwd(e, X86E_CC_G);
    x86e_store(e, 8, cpu_mem(CPU_OFF(insns_done)), X86E_RDX);
    x86e_jmp_to(e, e->start);
}

/* Another block: the one in successor slot @slot, if it has code. */
/* RAX = successor @slot of the block at RDX; to @fail unless key R8 */
static void chain_slot_key(JitCtx *c, unsigned slot, X86ELabel *fail,
                           unsigned *nf)
{
    X86Emit *e = &c->e;

    x86e_load(e, 8, X86E_RAX,
              x86e_mem(X86E_RDX, offsetof(DecodedBlock, next[slot])));
    x86e_test_rr(e, 8, X86E_RAX, X86E_RAX);
    fail[(*nf)++] = x86e_jcc_fwd(e, X86E_CC_E);
    x86e_alu_rm(e, X86E_CMP, 8, X86E_R8,
                x86e_mem(X86E_RAX, offsetof(DecodedBlock, pc)));
    fail[(*nf)++] = x86e_jcc_fwd(e, X86E_CC_NE);
}

static void chain_other(JitCtx *c, unsigned i, uint64_t rip, unsigned slot,
                        unsigned counted, X86ELabel *fail, unsigned *nf)
{
    X86Emit *e = &c->e;

    /* this block's successors are current; RAX = the one in @slot */
    x86e_mov_ri(e, X86E_RDX, (uintptr_t)c->b);
    x86e_load(e, 8, X86E_RAX,
              x86e_mem(X86E_RDX, offsetof(DecodedBlock, chain_gen)));
    x86e_alu_rm(e, X86E_CMP, 8, X86E_RAX,
                cpu_mem(CPU_OFF(cache.generation)));
    fail[(*nf)++] = x86e_jcc_fwd(e, X86E_CC_NE);
    /* the key (RIP in 64-bit mode): R8, from env.rip for a RET */
    if (slot == X86_SLOT_ANY) {
        x86e_load(e, 8, X86E_R8, cpu_mem(CPU_OFF(env.rip)));
    } else {
        x86e_mov_ri(e, X86E_R8, rip);
    }
    if (slot == X86_SLOT_ANY) {
        X86ELabel other, found;

        x86e_load(e, 8, X86E_RAX, x86e_mem(X86E_RDX, offsetof(DecodedBlock,
                                                      next[X86_SLOT_JUMP])));
        x86e_test_rr(e, 8, X86E_RAX, X86E_RAX);
        other = x86e_jcc_fwd(e, X86E_CC_E);
        x86e_alu_rm(e, X86E_CMP, 8, X86E_R8,
                    x86e_mem(X86E_RAX, offsetof(DecodedBlock, pc)));
        found = x86e_jcc_fwd(e, X86E_CC_E);
        x86e_label_bind(e, other);
        slot = X86_SLOT_FALL;
        chain_slot_key(c, slot, fail, nf);
        x86e_label_bind(e, found);
    } else {
        chain_slot_key(c, slot, fail, nf);
    }
    /* its mode and native code */
    x86e_alu_mi(e, X86E_CMP, 4,
                x86e_mem(X86E_RAX, offsetof(DecodedBlock, flags)),
                c->b->flags);
    fail[(*nf)++] = x86e_jcc_fwd(e, X86E_CC_NE);
    x86e_load(e, 8, X86E_RCX, x86e_mem(X86E_RAX, BLOCK_JIT_OFF(gen)));
    x86e_alu_rm(e, X86E_CMP, 8, X86E_RCX, cpu_mem(CPU_OFF(jit_gen)));
    fail[(*nf)++] = x86e_jcc_fwd(e, X86E_CC_NE);
    /* the budget (no chain count: see chain_self()) */
    x86e_load(e, 8, X86E_RDX, cpu_mem(CPU_OFF(insns_done)));
    x86e_alu_ri(e, X86E_ADD, 8, X86E_RDX, i + counted);
    x86e_load(e, 4, X86E_RCX,
              x86e_mem(X86E_RAX, offsetof(DecodedBlock, n_insns)));
    x86e_alu_rr(e, X86E_ADD, 8, X86E_RCX, X86E_RDX);
    x86e_alu_rm(e, X86E_CMP, 8, X86E_RCX, cpu_mem(CPU_OFF(budget)));
    fail[(*nf)++] = x86e_jcc_fwd(e, X86E_CC_G);
    /* commit as x86_chain_slot() does and enter */
    x86e_store(e, 8, cpu_mem(CPU_OFF(insns_done)), X86E_RDX);
    x86e_store(e, 8, cpu_mem(CPU_OFF(cur_block)), X86E_RAX);
    x86e_store(e, 8, cpu_mem(CPU_OFF(block_pc)), X86E_R8);
    x86e_lea(e, 8, X86E_RSI, x86e_mem(X86E_RAX, BLOCK_OPS_OFF));
    x86e_store(e, 8, cpu_mem(CPU_OFF(cur_ops)), X86E_RSI);
    x86e_jmp_m(e, x86e_mem(X86E_RAX, BLOCK_JIT_OFF(code)));
}

/* Set RIP = @rip and leave through chain helper @fn with record @i. */
static void exit_chain(JitCtx *c, unsigned i, uint64_t rip, X86OpHandler fn)
{
    st_const(c, CPU_OFF(env.rip), rip);
    if (fn == x86_jit_chain_jump) {
        chain_inline(c, i, rip, X86_SLOT_JUMP, 1, fn);
    } else if (fn == x86_jit_chain_fall) {
        chain_inline(c, i, rip, X86_SLOT_FALL, 1, fn);
    } else if (fn == x86_jit_chain_end) {
        chain_inline(c, i, rip, X86_SLOT_FALL, 0, fn);
    } else if (fn == x86_jit_chain_any) {
        chain_inline(c, i, 0, X86_SLOT_ANY, 1, fn);
    } else {
        x86e_mov_ri(&c->e, X86E_RSI, (uintptr_t)&c->ops[i]);
        x86e_jmp_abs(&c->e, fn, X86E_RAX);
    }
}

/* A branch to record @i's slow path (emitted after the block). */
static void slow_branch(JitCtx *c, unsigned cc, unsigned i)
{
    if (c->n_slow == ARRAY_SIZE(c->slow)) {
        c->e.full = true;       /* cannot happen: 4 per record at most */
        return;
    }
    c->slow[c->n_slow] = x86e_jcc_fwd(&c->e, cc);
    c->slow_rec[c->n_slow++] = i;
}

static void emit_slow_paths(JitCtx *c)
{
    uint8_t *stub[X86_MAX_BLOCK_INSNS * 2 + 1] = { NULL };

    for (unsigned k = 0; k < c->n_slow; k++) {
        unsigned i = c->slow_rec[k];

        /* one stub per record */
        if (i >= ARRAY_SIZE(stub)) {
            c->e.full = true;
            return;
        }
        if (!stub[i]) {
            stub[i] = c->e.p;
            exit_to_record(c, i);
        }
        x86e_label_patch(&c->e, c->slow[k], stub[i]);
    }
}

/* RAX = the flat effective address of record @op (RCX clobbered) */
static void ea_flat(JitCtx *c, const X86Op *op)
{
    X86Emit *e = &c->e;
    bool base = op->base != X86_REG_NONE, index = op->index != X86_REG_NONE;
    bool d32 = x86e_fits_i32(op->disp);

    if (!base && !index) {
        x86e_mov_ri(e, X86E_RAX, op->disp);
        return;
    }
    if (base) {
        ld_reg(c, X86E_RAX, op->base, 8);
    }
    if (index) {
        ld_reg(c, base ? X86E_RCX : X86E_RAX, op->index, 8);
    }
    if (base && index) {
        x86e_lea(e, 8, X86E_RAX, x86e_mem_idx(X86E_RAX, X86E_RCX, op->scale,
                                              d32 ? op->disp : 0));
    } else if (index && op->scale) {
        x86e_shift_ri(e, X86E_SHL, 8, X86E_RAX, op->scale);
    }
    if (!d32) {
        x86e_mov_ri(e, X86E_RCX, op->disp);
        x86e_alu_rr(e, X86E_ADD, 8, X86E_RAX, X86E_RCX);
    } else if (op->disp && !(base && index)) {
        x86e_lea(e, 8, X86E_RAX, x86e_mem(X86E_RAX, op->disp));
    }
}

/*
 * The inline soft-TLB hit test of x86_ld_hit()/x86_st_hit() for the
 * guest address in RAX and @size bytes: on a hit RAX becomes the host
 * address; else to record @i's slow path.  RCX, RDX clobbered.
 */
static void tlb_hit(JitCtx *c, unsigned i, unsigned size,
                    SoftTLBAccess acc)
{
    X86Emit *e = &c->e;
    int32_t ent = CPU_OFF(tlb.table) +
                  c->mmu_idx * SOFT_TLB_SIZE * (int32_t)sizeof(SoftTLBEntry);
    unsigned scale;

    x86e_mov_rr(e, 8, X86E_RDX, X86E_RAX);
    x86e_shift_ri(e, X86E_SHR, 8, X86E_RDX, SOFT_TLB_PAGE_BITS);
    x86e_alu_ri(e, X86E_AND, 4, X86E_RDX, SOFT_TLB_SIZE - 1);
    if (sizeof(SoftTLBEntry) == 40) {
        x86e_lea(e, 8, X86E_RDX, x86e_mem_idx(X86E_RDX, X86E_RDX, 2, 0));
        scale = 3;
    } else {
        x86e_imul_rri(e, 8, X86E_RDX, X86E_RDX, sizeof(SoftTLBEntry));
        scale = 0;
    }
    x86e_lea(e, 8, X86E_RCX, x86e_mem(X86E_RAX, size - 1));
    x86e_alu_ri(e, X86E_AND, 8, X86E_RCX, (int32_t)SOFT_TLB_PAGE_MASK);
    x86e_alu_rm(e, X86E_CMP, 8, X86E_RCX,
                x86e_mem_idx(X86E_RDI, X86E_RDX, scale,
                             ent + offsetof(SoftTLBEntry, tag[acc])));
    slow_branch(c, X86E_CC_NE, i);
    x86e_alu_rm(e, X86E_ADD, 8, X86E_RAX,
                x86e_mem_idx(X86E_RDI, X86E_RDX, scale,
                             ent + offsetof(SoftTLBEntry, addend)));
}

/* RAX = host address of record @i's flat memory operand, or slow path */
static void mem_operand(JitCtx *c, unsigned i, unsigned size,
                        SoftTLBAccess acc)
{
    ea_flat(c, &c->ops[i]);
    tlb_hit(c, i, size, acc);
}

/* ---- records ---- */

static unsigned host_alu_kind(unsigned k)
{
    return k == X86_ALU_CMP ? X86E_SUB : k == X86_ALU_TEST ? X86E_AND : k;
}

/*
 * The B operand of an ALU form into RCX, or as an immediate: returns
 * true with *imm set when the constant fits a sign-extended imm32.
 */
static bool alu_operand_b(JitCtx *c, unsigned i, const X86FastDesc *d,
                          uint64_t *imm)
{
    const X86Op *op = &c->ops[i];
    uint64_t m = d->size == 8 ? ~0ull : 0xffffffffull;

    if (d->form == X86_FAST_RM) {
        mem_operand(c, i, d->size, SOFT_TLB_READ);
        x86e_load(&c->e, d->size, X86E_RCX, x86e_mem(X86E_RAX, 0));
        return false;
    }
    if (d->form == X86_FAST_RR) {
        ld_reg(c, X86E_RCX, op->reg, d->size);
        return false;
    }
    *imm = op->imm & m;
    if (x86e_fits_i32((int64_t)*imm)) {
        return true;
    }
    x86e_mov_ri(&c->e, X86E_RCX, *imm);
    return false;
}

/* RDX = RAX op B, 64-bit on zero-extended operands, as fast_alu() */
static void alu_compute(JitCtx *c, unsigned hk, bool is_imm, uint64_t imm)
{
    x86e_mov_rr(&c->e, 8, X86E_RDX, X86E_RAX);
    if (is_imm) {
        x86e_alu_ri(&c->e, hk, 8, X86E_RDX, (int32_t)imm);
    } else {
        x86e_alu_rr(&c->e, hk, 8, X86E_RDX, X86E_RCX);
    }
}

static void emit_alu(JitCtx *c, unsigned i, const X86FastDesc *d)
{
    const X86Op *op = &c->ops[i];
    unsigned dr = d->form == X86_FAST_RM ? op->reg : op->rm;
    uint64_t imm = 0;
    bool is_imm = alu_operand_b(c, i, d, &imm);

    ld_reg(c, X86E_RAX, dr, d->size);
    alu_compute(c, host_alu_kind(d->kind), is_imm, imm);
    st_cc(c, x86_alu_cc_kind(d->kind), d->size, X86E_RDX, X86E_RAX,
          is_imm ? X86E_NOREG : X86E_RCX, imm);
    if (d->kind != X86_ALU_CMP && d->kind != X86_ALU_TEST) {
        if (d->size == 4) {
            x86e_mov_rr(&c->e, 4, X86E_RDX, X86E_RDX);
        }
        st_reg(c, dr, X86E_RDX);
    }
}

static void emit_mov(JitCtx *c, unsigned i, const X86FastDesc *d)
{
    const X86Op *op = &c->ops[i];

    switch (d->form) {
    case X86_FAST_RR:
        ld_reg(c, X86E_RAX, op->reg, d->size);
        st_reg(c, op->rm, X86E_RAX);
        break;
    case X86_FAST_RI:
        st_reg_const(c, op->reg,
                     op->imm & (d->size == 8 ? ~0ull : 0xffffffffull));
        break;
    case X86_FAST_RM:
        mem_operand(c, i, d->size, SOFT_TLB_READ);
        x86e_load(&c->e, d->size, X86E_RCX, x86e_mem(X86E_RAX, 0));
        st_reg(c, op->reg, X86E_RCX);
        break;
    default:
        mem_operand(c, i, d->size, SOFT_TLB_WRITE);
        ld_reg(c, X86E_RCX, op->reg, 8);
        x86e_store(&c->e, d->size, x86e_mem(X86E_RAX, 0), X86E_RCX);
        break;
    }
}

/* MOVZX (kind = source size) and MOVSXD */
static void emit_movx(JitCtx *c, unsigned i, const X86FastDesc *d)
{
    const X86Op *op = &c->ops[i];
    unsigned w = d->cls == X86_FD_MOVZX ? d->kind : 4;
    X86EMem src = reg_mem(op->rm);

    if (d->form == X86_FAST_RR && c->cached[op->rm] >= 0) {
        unsigned x = cache_regs[c->cached[op->rm]];

        if (d->cls == X86_FD_MOVZX) {
            x86e_movzx_rr(&c->e, w, X86E_RCX, x);
        } else {
            x86e_movsx_rr(&c->e, 4, X86E_RCX, x);
        }
        st_reg(c, op->reg, X86E_RCX);
        return;
    }
    if (d->form == X86_FAST_RM) {
        mem_operand(c, i, w, SOFT_TLB_READ);
        src = x86e_mem(X86E_RAX, 0);
    }
    if (d->cls == X86_FD_MOVZX) {
        x86e_load(&c->e, w, X86E_RCX, src);
    } else {
        x86e_load_sx(&c->e, 4, X86E_RCX, src);
    }
    st_reg(c, op->reg, X86E_RCX);
}

static void emit_lea(JitCtx *c, unsigned i, const X86FastDesc *d)
{
    ea_flat(c, &c->ops[i]);
    if (d->size == 4) {
        x86e_mov_rr(&c->e, 4, X86E_RAX, X86E_RAX);
    }
    st_reg(c, c->ops[i].reg, X86E_RAX);
}

/* SHL/SHR/SAR by op->imm (1..63): as fast_shift() */
static void emit_shift(JitCtx *c, unsigned i, const X86FastDesc *d)
{
    static const uint8_t host[3] = { X86E_SHL, X86E_SHR, X86E_SAR };
    const X86Op *op = &c->ops[i];
    unsigned n = op->imm;

    if (d->kind == 2 && d->size == 4) {
        x86e_load_sx(&c->e, 4, X86E_RAX, reg_mem(op->rm));
    } else {
        ld_reg(c, X86E_RAX, op->rm, d->size);
    }
    x86e_mov_rr(&c->e, 8, X86E_RCX, X86E_RAX);
    if (n > 1) {
        x86e_shift_ri(&c->e, host[d->kind], 8, X86E_RCX, n - 1);
    }
    x86e_mov_rr(&c->e, 8, X86E_RDX, X86E_RCX);
    x86e_shift_ri(&c->e, host[d->kind], 8, X86E_RDX, 1);
    st_cc(c, d->kind == 0 ? X86_CC_SHL : X86_CC_SHR, d->size, X86E_RDX,
          X86E_RCX, X86E_NOREG, 0);
    if (d->size == 4) {
        x86e_mov_rr(&c->e, 4, X86E_RDX, X86E_RDX);
    }
    st_reg(c, op->rm, X86E_RDX);
}

/* RCX = CF of the lazy flags now (0 or 1) */
static void emit_cf(JitCtx *c)
{
    X86Emit *e = &c->e;

    if (c->cc_kind == X86_CC_LOGIC) {
        x86e_alu_rr(e, X86E_XOR, 4, X86E_RCX, X86E_RCX);
        return;
    }
    if (c->cc_kind == X86_CC_INC || c->cc_kind == X86_CC_DEC) {
        x86e_load(e, 8, X86E_RCX, cpu_mem(CPU_OFF(env.cc_src2)));
        return;
    }
    if (c->cc_kind == X86_CC_SUB || c->cc_kind == X86_CC_ADD) {
        bool sub = c->cc_kind == X86_CC_SUB;

        /* SUB: src1 < src2; ADD: dst < src1 (at the size) */
        x86e_load(e, 8, X86E_RAX, cpu_mem(sub ? CPU_OFF(env.cc_src1)
                                              : CPU_OFF(env.cc_dst)));
        x86e_load(e, 8, X86E_RDX, cpu_mem(sub ? CPU_OFF(env.cc_src2)
                                              : CPU_OFF(env.cc_src1)));
        x86e_alu_rr(e, X86E_CMP, c->cc_size, X86E_RAX, X86E_RDX);
        x86e_setcc(e, X86E_CC_B, X86E_RCX);
        x86e_movzx_rr(e, 1, X86E_RCX, X86E_RCX);
        return;
    }
    /* anything else: ask C (RSP is 8 mod 16 here, as at entry) */
    x86e_push(e, X86E_RDI);
    x86e_call_abs(e, x86_jit_cf, X86E_RAX);
    x86e_pop(e, X86E_RDI);
    cache_clear(c);
    x86e_movzx_rr(e, 1, X86E_RCX, X86E_RAX);
}

static void emit_incdec(JitCtx *c, unsigned i, const X86FastDesc *d)
{
    const X86Op *op = &c->ops[i];

    emit_cf(c);
    ld_reg(c, X86E_RAX, op->rm, d->size);
    x86e_lea(&c->e, 8, X86E_RDX, x86e_mem(X86E_RAX, d->kind ? -1 : 1));
    st_cc(c, d->kind ? X86_CC_DEC : X86_CC_INC, d->size, X86E_RDX,
          X86E_RAX, X86E_RCX, 0);
    if (d->size == 4) {
        x86e_mov_rr(&c->e, 4, X86E_RDX, X86E_RDX);
    }
    st_reg(c, op->rm, X86E_RDX);
}

/* IMUL reg, reg: as imul_rr4/imul_rr8 */
static void emit_imul(JitCtx *c, unsigned i, const X86FastDesc *d)
{
    const X86Op *op = &c->ops[i];
    X86Emit *e = &c->e;

    if (d->size == 4) {
        x86e_load_sx(e, 4, X86E_RAX, reg_mem(op->reg));
        x86e_load_sx(e, 4, X86E_RCX, reg_mem(op->rm));
        x86e_imul_rr(e, 8, X86E_RAX, X86E_RCX);
        x86e_movsx_rr(e, 4, X86E_RDX, X86E_RAX);
        x86e_alu_rr(e, X86E_CMP, 8, X86E_RDX, X86E_RAX);
        x86e_setcc(e, X86E_CC_NE, X86E_RCX);
        x86e_mov_rr(e, 4, X86E_RAX, X86E_RAX);
    } else {
        ld_reg(c, X86E_RAX, op->reg, 8);
        ld_reg(c, X86E_RCX, op->rm, 8);
        x86e_imul_rr(e, 8, X86E_RAX, X86E_RCX);
        x86e_setcc(e, X86E_CC_O, X86E_RCX);
    }
    x86e_movzx_rr(e, 1, X86E_RCX, X86E_RCX);
    st_reg(c, op->reg, X86E_RAX);
    st_cc(c, X86_CC_MUL, d->size, X86E_RAX, X86E_RCX, X86E_NOREG, 0);
}

static uint64_t next_rip(JitCtx *c, const X86Op *op)
{
    return c->b->pc + op->pc_off + op->len;
}

/* PUSH, POP, CALL, RET in 64-bit mode; returns true if it ended */
static bool emit_stack(JitCtx *c, unsigned i, const X86FastDesc *d)
{
    const X86Op *op = &c->ops[i];
    X86Emit *e = &c->e;
    bool store = d->kind == X86_FAST_PUSH || d->kind == X86_FAST_CALL;

    ld_reg(c, X86E_R8, R_ESP, 8);
    if (store) {
        x86e_alu_ri(e, X86E_SUB, 8, X86E_R8, 8);
    }
    x86e_mov_rr(e, 8, X86E_RAX, X86E_R8);
    tlb_hit(c, i, 8, store ? SOFT_TLB_WRITE : SOFT_TLB_READ);
    switch (d->kind) {
    case X86_FAST_PUSH:
        ld_reg(c, X86E_RCX, op->reg, 8);
        x86e_store(e, 8, x86e_mem(X86E_RAX, 0), X86E_RCX);
        st_reg(c, R_ESP, X86E_R8);
        return false;
    case X86_FAST_POP:
        x86e_load(e, 8, X86E_RCX, x86e_mem(X86E_RAX, 0));
        x86e_alu_ri(e, X86E_ADD, 8, X86E_R8, 8);
        st_reg(c, R_ESP, X86E_R8);
        st_reg(c, op->reg, X86E_RCX);  /* POP RSP: the loaded value wins */
        return false;
    case X86_FAST_CALL:
        x86e_mov_ri(e, X86E_RCX, next_rip(c, op));
        x86e_store(e, 8, x86e_mem(X86E_RAX, 0), X86E_RCX);
        st_reg(c, R_ESP, X86E_R8);
        exit_chain(c, i, op->imm, x86_jit_chain_jump);
        return true;
    default:
        /* RET [imm16]: a non-canonical target goes the slow way (#GP) */
        x86e_load(e, 8, X86E_RCX, x86e_mem(X86E_RAX, 0));
        x86e_mov_rr(e, 8, X86E_RDX, X86E_RCX);
        x86e_shift_ri(e, X86E_SHL, 8, X86E_RDX, 16);
        x86e_shift_ri(e, X86E_SAR, 8, X86E_RDX, 16);
        x86e_alu_rr(e, X86E_CMP, 8, X86E_RDX, X86E_RCX);
        slow_branch(c, X86E_CC_NE, i);
        x86e_alu_ri(e, X86E_ADD, 8, X86E_R8, 8 + (op->imm & 0xffff));
        st_reg(c, R_ESP, X86E_R8);
        x86e_store(e, 8, cpu_mem(CPU_OFF(env.rip)), X86E_RCX);
        chain_inline(c, i, 0, X86_SLOT_ANY, 1, x86_jit_chain_any);
        return true;
    }
}

/*
 * CMP/TEST reg, reg/imm fused with the Jcc record after it: the flags
 * are recorded, the host compares the same operands at the same size
 * (so its flags are the guest's) and branches.
 */
static bool emit_fused(JitCtx *c, unsigned i, const X86FastDesc *d)
{
    const X86Op *op = &c->ops[i], *j = op + 1;
    bool test = d->kind == X86_ALU_TEST;
    X86Emit *e = &c->e;
    uint64_t imm = 0;
    bool is_imm;
    X86ELabel taken;

    is_imm = alu_operand_b(c, i, d, &imm);
    ld_reg(c, X86E_RAX, op->rm, d->size);
    alu_compute(c, test ? X86E_AND : X86E_SUB, is_imm, imm);
    st_cc(c, test ? X86_CC_LOGIC : X86_CC_SUB, d->size, X86E_RDX, X86E_RAX,
          is_imm ? X86E_NOREG : X86E_RCX, imm);
    if (j->fn == x86_op_end) {
        return false;           /* the Jcc was cut off: compare only */
    }
    if (test) {
        if (is_imm) {
            x86e_test_ri(e, d->size, X86E_RAX, (int32_t)imm);
        } else {
            x86e_test_rr(e, d->size, X86E_RAX, X86E_RCX);
        }
    } else if (is_imm) {
        x86e_alu_ri(e, X86E_CMP, d->size, X86E_RAX, (int32_t)imm);
    } else {
        x86e_alu_rr(e, X86E_CMP, d->size, X86E_RAX, X86E_RCX);
    }
    taken = x86e_jcc_fwd(e, j->sub);
    exit_chain(c, i + 1, next_rip(c, j), x86_jit_chain_fall);
    x86e_label_bind(e, taken);
    exit_chain(c, i + 1, j->imm, x86_jit_chain_jump);
    return true;
}

/*
 * x86_cc_materialize(): EFLAGS from the lazy flags.  For SUB, ADD and
 * logic records the host redoes the operation at its size and its flags
 * are taken (AF = 0 after a logic op, as flags.c); else C does it.
 */
static void emit_materialize(JitCtx *c)
{
    X86Emit *e = &c->e;
    uint32_t mask = X86_ARITH_FLAGS;

    if (c->cc_kind == X86_CC_EFLAGS) {
        return;
    }
    if (c->cc_kind == X86_CC_SUB || c->cc_kind == X86_CC_ADD ||
        c->cc_kind == X86_CC_LOGIC) {
        if (c->cc_kind == X86_CC_LOGIC) {
            mask &= ~X86_AF;
        }
        emit_cc_flags(c, 0);
        x86e_pushf(e);
        x86e_pop(e, X86E_RCX);
        x86e_alu_ri(e, X86E_AND, 4, X86E_RCX, mask);
        x86e_load(e, 8, X86E_RAX, cpu_mem(CPU_OFF(env.eflags)));
        x86e_alu_ri(e, X86E_AND, 8, X86E_RAX, ~(int32_t)X86_ARITH_FLAGS);
        x86e_alu_rr(e, X86E_OR, 8, X86E_RAX, X86E_RCX);
        x86e_store(e, 8, cpu_mem(CPU_OFF(env.eflags)), X86E_RAX);
        x86e_store_i(e, 1, cpu_mem(CPU_OFF(env.cc_op)), X86_CC_EFLAGS);
    } else {
        x86e_push(e, X86E_RDI);
        x86e_call_abs(e, x86_cc_materialize, X86E_RAX);
        x86e_pop(e, X86E_RDI);
        cache_clear(c);
    }
    c->cc_kind = X86_CC_EFLAGS;
}

/* ROL/ROR by op->imm: the flags made eager (C), then CF and OF */
static void emit_rotate(JitCtx *c, unsigned i, const X86FastDesc *d)
{
    const X86Op *op = &c->ops[i];
    X86Emit *e = &c->e;
    unsigned bits = d->size * 8;

    emit_materialize(c);
    ld_reg(c, X86E_RAX, op->rm, d->size);
    x86e_shift_ri(e, d->kind ? X86E_ROL : X86E_ROR, d->size, X86E_RAX,
                  op->imm);
    st_reg(c, op->rm, X86E_RAX);
    /* RCX = CF, RDX = OF, as fast_rotate() */
    x86e_mov_rr(e, 8, X86E_RCX, X86E_RAX);
    x86e_mov_rr(e, 8, X86E_RDX, X86E_RAX);
    if (d->kind) {
        x86e_shift_ri(e, X86E_SHR, 8, X86E_RDX, bits - 1);
        x86e_alu_ri(e, X86E_AND, 4, X86E_RCX, 1);
        x86e_alu_rr(e, X86E_XOR, 4, X86E_RDX, X86E_RCX);
    } else {
        x86e_shift_ri(e, X86E_SHR, 8, X86E_RCX, bits - 1);
        x86e_shift_ri(e, X86E_SHR, 8, X86E_RDX, bits - 2);
        x86e_alu_rr(e, X86E_XOR, 4, X86E_RDX, X86E_RCX);
        x86e_alu_ri(e, X86E_AND, 4, X86E_RDX, 1);
    }
    x86e_shift_ri(e, X86E_SHL, 4, X86E_RDX, 11);    /* OF is bit 11 */
    x86e_alu_rr(e, X86E_OR, 4, X86E_RDX, X86E_RCX);
    x86e_load(e, 8, X86E_RAX, cpu_mem(CPU_OFF(env.eflags)));
    x86e_alu_ri(e, X86E_AND, 8, X86E_RAX, ~(int32_t)(X86_CF | X86_OF));
    x86e_alu_rr(e, X86E_OR, 8, X86E_RAX, X86E_RDX);
    x86e_store(e, 8, cpu_mem(CPU_OFF(env.eflags)), X86E_RAX);
}

/*
 * Flag liveness.  A record's lazy-flag stores can be skipped when a
 * later record of the block overwrites all of them, nothing in between
 * reads them, and nothing in between (or that record itself, before it
 * writes) can leave native code: pure register records only.
 */
/* CC_EXIT_WRITER: may leave native code first, else writes them all */
enum { CC_OTHER, CC_PURE, CC_WRITER, CC_EXIT_WRITER };

static int rec_cc_class(const X86Op *op)
{
    X86FastDesc d;

    if (op->fn == x86_op_nop) {
        return CC_PURE;
    }
    if ((op->fn == x86_op_cbw || op->fn == x86_op_cwd) &&
        (op->size == 4 || op->size == 8)) {
        return CC_PURE;
    }
    if (!x86_fast_describe(op->fn, &d)) {
        return CC_OTHER;
    }
    switch (d.cls) {
    case X86_FD_MOV:
        return d.form == X86_FAST_RR || d.form == X86_FAST_RI ? CC_PURE
                                                              : CC_OTHER;
    case X86_FD_MOVZX:
    case X86_FD_MOVSXD:
        return d.form == X86_FAST_RR ? CC_PURE : CC_OTHER;
    case X86_FD_LEA:
        return CC_PURE;
    case X86_FD_ALU:
        return d.form == X86_FAST_RM ? CC_EXIT_WRITER : CC_WRITER;
    case X86_FD_SHIFT:
    case X86_FD_IMUL:
    case X86_FD_FUSED:
        return CC_WRITER;
    default:
        return CC_OTHER;
    }
}

static void cc_liveness(const X86Op *ops, unsigned n, bool *dead)
{
    int next = CC_OTHER;    /* what the records after i do first */

    for (unsigned i = n; i-- > 0;) {
        int k = rec_cc_class(&ops[i]);

        dead[i] = (k == CC_WRITER || k == CC_EXIT_WRITER) &&
                  next == CC_WRITER;
        if (k != CC_PURE) {
            next = k;
        }
    }
}

/* ---- general handlers in the forms the tier knows ---- */

/*
 * Host flags for Jcc condition @cc from the lazy flags the previous
 * native record of the block left (cc_kind): the operation is redone at
 * its size on the recorded operands, so every condition it can decide
 * is the guest's.  False when the kind is unknown here.
 */
static bool emit_cc_flags(JitCtx *c, unsigned cc)
{
    X86Emit *e = &c->e;
    unsigned w = c->cc_size;

    switch (c->cc_kind) {
    case X86_CC_SUB:
    case X86_CC_ADD:
        x86e_load(e, 8, X86E_RAX, cpu_mem(CPU_OFF(env.cc_src1)));
        x86e_alu_rm(e, c->cc_kind == X86_CC_SUB ? X86E_CMP : X86E_ADD, w,
                    X86E_RAX, cpu_mem(CPU_OFF(env.cc_src2)));
        return true;
    case X86_CC_LOGIC:
        x86e_load(e, 8, X86E_RAX, cpu_mem(CPU_OFF(env.cc_dst)));
        x86e_test_rr(e, w, X86E_RAX, X86E_RAX);
        return true;
    case X86_CC_INC:
    case X86_CC_DEC:
        if ((cc >> 1) == 1 || (cc >> 1) == 3) {
            return false;       /* CF is not the host's */
        }
        x86e_load(e, 8, X86E_RAX, cpu_mem(CPU_OFF(env.cc_src1)));
        x86e_incdec_r(e, c->cc_kind == X86_CC_DEC, w, X86E_RAX);
        return true;
    default:
        return false;
    }
}

/* Jcc on its own (after a flag writer of this block) */
static bool emit_jcc(JitCtx *c, unsigned i)
{
    const X86Op *op = &c->ops[i];
    X86ELabel taken;

    if (!emit_cc_flags(c, op->sub)) {
        exit_to_record(c, i);
        return true;
    }
    taken = x86e_jcc_fwd(&c->e, op->sub);
    exit_chain(c, i, next_rip(c, op), x86_jit_chain_fall);
    x86e_label_bind(&c->e, taken);
    exit_chain(c, i, op->imm, x86_jit_chain_jump);
    return true;
}

/* the guest register @r of width @w as a host memory operand */
static X86EMem reg_part(unsigned r, unsigned w)
{
    if (w == 1 && r >= X86_REG_HIGH8) {
        return x86e_mem(X86E_RDI, REG_OFF(r - X86_REG_HIGH8) + 1);
    }
    return reg_mem(r);
}

/*
 * Guest register write of width @w from host register @hr: a 32-bit
 * write zero-extends, 8/16-bit writes merge (a partial store).
 */
static void st_reg_w(JitCtx *c, unsigned r, unsigned w, unsigned hr)
{
    if (w == 4) {
        x86e_mov_rr(&c->e, 4, hr, hr);
    }
    if (w >= 4) {
        st_reg(c, r, hr);
        return;
    }
    cache_drop(c, r >= X86_REG_HIGH8 ? r - X86_REG_HIGH8 : r);
    x86e_store(&c->e, w, reg_part(r, w), hr);
}

/* MOV r/m <-> reg, MOV m, imm: flat memory, any size */
static bool emit_mov_general(JitCtx *c, unsigned i)
{
    const X86Op *op = &c->ops[i];
    unsigned w = op->size;

    if (op->fn == x86_op_mov_load) {
        mem_operand(c, i, w, SOFT_TLB_READ);
        x86e_load(&c->e, w, X86E_RCX, x86e_mem(X86E_RAX, 0));
        st_reg_w(c, op->reg, w, X86E_RCX);
    } else if (op->fn == x86_op_mov_store) {
        mem_operand(c, i, w, SOFT_TLB_WRITE);
        x86e_load(&c->e, w, X86E_RCX, reg_part(op->reg, w));
        x86e_store(&c->e, w, x86e_mem(X86E_RAX, 0), X86E_RCX);
    } else {
        mem_operand(c, i, w, SOFT_TLB_WRITE);
        x86e_store_i(&c->e, w, x86e_mem(X86E_RAX, 0), (int32_t)op->imm);
    }
    return false;
}

static bool mov_general_ok(const X86Op *op)
{
    if (op->fn != x86_op_mov_load && op->fn != x86_op_mov_store &&
        op->fn != x86_op_mov_mi) {
        return false;
    }
    if (!(op->flags & X86_OPF_MEM) || !x86_op_is_flat(op)) {
        return false;
    }
    return op->fn != x86_op_mov_mi || op->size != 8 ||
           x86e_fits_i32((int64_t)op->imm);
}

/* The general ALU handlers: x86_op_<kind>_{eg,ge,ei} */
static const struct {
    X86OpHandler eg, ge, ei;
} alu_general[] = {
    [X86_ALU_ADD] = { x86_op_add_eg, x86_op_add_ge, x86_op_add_ei },
    [X86_ALU_OR] = { x86_op_or_eg, x86_op_or_ge, x86_op_or_ei },
    [X86_ALU_AND] = { x86_op_and_eg, x86_op_and_ge, x86_op_and_ei },
    [X86_ALU_SUB] = { x86_op_sub_eg, x86_op_sub_ge, x86_op_sub_ei },
    [X86_ALU_XOR] = { x86_op_xor_eg, x86_op_xor_ge, x86_op_xor_ei },
    [X86_ALU_CMP] = { x86_op_cmp_eg, x86_op_cmp_ge, x86_op_cmp_ei },
    [X86_ALU_TEST] = { x86_op_test_eg, NULL, x86_op_test_ei },
};

/*
 * A general ALU record with a flat memory operand at size 4 or 8: kind
 * and form (X86_FAST_MR: [mem] op= reg, X86_FAST_RM: reg op= [mem],
 * X86_FAST_RI with memory: [mem] op= imm).
 */
static bool alu_general_desc(const X86Op *op, X86FastDesc *d)
{
    if (!(op->flags & X86_OPF_MEM) || !x86_op_is_flat(op) ||
        (op->size != 4 && op->size != 8)) {
        return false;
    }
    for (unsigned k = 0; k < ARRAY_SIZE(alu_general); k++) {
        if (!alu_general[k].eg) {
            continue;
        }
        d->kind = k;
        d->size = op->size;
        if (op->fn == alu_general[k].eg) {
            d->form = X86_FAST_MR;
            return true;
        }
        if (op->fn == alu_general[k].ge) {
            d->form = X86_FAST_RM;
            return true;
        }
        if (op->fn == alu_general[k].ei) {
            d->form = X86_FAST_RI;
            return true;
        }
    }
    return false;
}

/* [mem] op= reg / imm; R8 keeps the host address */
static void emit_alu_mem_dest(JitCtx *c, unsigned i, const X86FastDesc *d)
{
    const X86Op *op = &c->ops[i];
    bool writes = d->kind != X86_ALU_CMP && d->kind != X86_ALU_TEST;
    uint64_t imm = op->imm & (d->size == 8 ? ~0ull : 0xffffffffull);
    bool is_imm = d->form == X86_FAST_RI && x86e_fits_i32((int64_t)imm);

    mem_operand(c, i, d->size, writes ? SOFT_TLB_WRITE : SOFT_TLB_READ);
    if (writes) {
        /* a page the TLB lets us write is readable (x86 has no
         * write-only pages); R8 keeps the host address for the store */
        x86e_mov_rr(&c->e, 8, X86E_R8, X86E_RAX);
    }
    if (d->form == X86_FAST_MR) {
        ld_reg(c, X86E_RCX, op->reg, d->size);
    } else if (!is_imm) {
        x86e_mov_ri(&c->e, X86E_RCX, imm);
    }
    x86e_load(&c->e, d->size, X86E_RAX, x86e_mem(X86E_RAX, 0));
    alu_compute(c, host_alu_kind(d->kind), is_imm, imm);
    st_cc(c, x86_alu_cc_kind(d->kind), d->size, X86E_RDX, X86E_RAX,
          is_imm ? X86E_NOREG : X86E_RCX, imm);
    if (writes) {
        x86e_store(&c->e, d->size, x86e_mem(X86E_R8, 0), X86E_RDX);
    }
}

/* DIV r32: #DE (zero divisor, quotient over 32 bits) the slow way */
static void emit_div_r4(JitCtx *c, unsigned i)
{
    const X86Op *op = &c->ops[i];
    X86Emit *e = &c->e;

    ld_reg(c, X86E_RCX, op->rm, 4);
    x86e_test_rr(e, 4, X86E_RCX, X86E_RCX);
    slow_branch(c, X86E_CC_E, i);
    ld_reg(c, X86E_RDX, R_EDX, 4);
    x86e_alu_rr(e, X86E_CMP, 4, X86E_RDX, X86E_RCX);
    slow_branch(c, X86E_CC_AE, i);
    ld_reg(c, X86E_RAX, R_EAX, 4);
    x86e_unary_r(e, X86E_DIV, 4, X86E_RCX);
    st_reg(c, R_EAX, X86E_RAX);
    st_reg(c, R_EDX, X86E_RDX);
}

/* CMOVcc r32/r64, r/m (the source is always read) */
static bool emit_cmov(JitCtx *c, unsigned i)
{
    const X86Op *op = &c->ops[i];
    unsigned w = op->size;

    if ((w != 4 && w != 8) || c->cc_kind < 0 ||
        ((op->flags & X86_OPF_MEM) && !x86_op_is_flat(op))) {
        exit_to_record(c, i);
        return true;
    }
    if (op->flags & X86_OPF_MEM) {
        mem_operand(c, i, w, SOFT_TLB_READ);
        x86e_load(&c->e, w, X86E_R8, x86e_mem(X86E_RAX, 0));
    } else {
        ld_reg(c, X86E_R8, op->rm, w);
    }
    if (!emit_cc_flags(c, op->sub)) {
        exit_to_record(c, i);
        return true;
    }
    ld_reg(c, X86E_RDX, op->reg, w);
    x86e_cmov_rr(&c->e, op->sub, w, X86E_RDX, X86E_R8);
    st_reg(c, op->reg, X86E_RDX);
    return false;
}

/* CWDE/CDQE and CDQ/CQO */
static void emit_cbw_cwd(JitCtx *c, unsigned i)
{
    const X86Op *op = &c->ops[i];
    X86Emit *e = &c->e;

    if (op->fn == x86_op_cbw) {
        x86e_load_sx(e, op->size / 2, X86E_RAX, reg_mem(R_EAX));
        st_reg_w(c, R_EAX, op->size, X86E_RAX);
    } else {
        ld_reg(c, X86E_RAX, R_EAX, op->size);
        x86e_shift_ri(e, X86E_SAR, op->size, X86E_RAX, op->size * 8 - 1);
        st_reg_w(c, R_EDX, op->size, X86E_RAX);
    }
}

/*
 * IMUL reg, r/m, imm (x86_op_imul3) and IMUL reg, [mem] (x86_op_imul2
 * with a flat memory operand), 32/64-bit: as imul_to_g().
 */
static bool imul_general_ok(const X86Op *op)
{
    bool mem = op->flags & X86_OPF_MEM;

    if (op->fn != x86_op_imul3 && (op->fn != x86_op_imul2 || !mem)) {
        return false;
    }
    if ((op->size != 4 && op->size != 8) || (mem && !x86_op_is_flat(op))) {
        return false;
    }
    return op->fn != x86_op_imul3 ||
           x86e_fits_i32((int64_t)x86_sext(op->imm, op->size));
}

static void emit_imul_general(JitCtx *c, unsigned i)
{
    const X86Op *op = &c->ops[i];
    X86Emit *e = &c->e;
    unsigned w = op->size;
    X86EMem src = reg_mem(op->rm);
    int32_t imm = (int32_t)x86_sext(op->imm, w);

    if (op->flags & X86_OPF_MEM) {
        mem_operand(c, i, w, SOFT_TLB_READ);
        src = x86e_mem(X86E_RAX, 0);
    }
    /* RCX = E, sign-extended; RAX = the product */
    if (w == 4) {
        x86e_load_sx(e, 4, X86E_RCX, src);
    } else {
        x86e_load(e, 8, X86E_RCX, src);
    }
    if (op->fn == x86_op_imul3) {
        x86e_imul_rri(e, 8, X86E_RAX, X86E_RCX, imm);
    } else if (w == 4) {
        x86e_load_sx(e, 4, X86E_RAX, reg_mem(op->reg));
        x86e_imul_rr(e, 8, X86E_RAX, X86E_RCX);
    } else {
        ld_reg(c, X86E_RAX, op->reg, 8);
        x86e_imul_rr(e, 8, X86E_RAX, X86E_RCX);
    }
    /* RCX = CF = OF: the signed product does not fit the size */
    if (w == 4) {
        x86e_movsx_rr(e, 4, X86E_RDX, X86E_RAX);
        x86e_alu_rr(e, X86E_CMP, 8, X86E_RDX, X86E_RAX);
        x86e_setcc(e, X86E_CC_NE, X86E_RCX);
        x86e_mov_rr(e, 4, X86E_RAX, X86E_RAX);
    } else {
        x86e_setcc(e, X86E_CC_O, X86E_RCX);
    }
    x86e_movzx_rr(e, 1, X86E_RCX, X86E_RCX);
    st_reg(c, op->reg, X86E_RAX);
    st_cc(c, X86_CC_MUL, w, X86E_RAX, X86E_RCX, X86E_NOREG, 0);
}

/* Records without a specialised handler that the tier still knows. */
static bool emit_general(JitCtx *c, unsigned i, bool *ended)
{
    const X86Op *op = &c->ops[i];
    X86FastDesc d;

    *ended = false;
    if (op->fn == x86_jcc_handler(op->sub)) {
        *ended = emit_jcc(c, i);
    } else if (mov_general_ok(op)) {
        emit_mov_general(c, i);
    } else if (alu_general_desc(op, &d)) {
        if (d.form == X86_FAST_RM) {
            d.cls = X86_FD_ALU;
            emit_alu(c, i, &d);
        } else {
            emit_alu_mem_dest(c, i, &d);
        }
    } else if (imul_general_ok(op)) {
        emit_imul_general(c, i);
    } else if (op->fn == x86_fast_div_r4()) {
        emit_div_r4(c, i);
    } else if (op->fn == x86_op_cmovcc) {
        *ended = emit_cmov(c, i);
    } else if ((op->fn == x86_op_cbw || op->fn == x86_op_cwd) &&
               (op->size == 4 || op->size == 8)) {
        emit_cbw_cwd(c, i);
    } else {
        return false;
    }
    return true;
}

/*
 * Record @i: native code, or the exit to its handler.  Returns true when
 * the block's code ends there.
 */
static bool emit_record(JitCtx *c, unsigned i)
{
    const X86Op *op = &c->ops[i];
    X86FastDesc d;
    bool ended;

    if (op->fn == x86_op_end) {
        exit_chain(c, i, c->b->pc + op->pc_off, x86_jit_chain_end);
        return true;
    }
    if (op->fn == x86_op_jmp) {
        exit_chain(c, i, op->imm, x86_jit_chain_jump);
        return true;
    }
    if (op->fn == x86_op_nop) {
        return false;
    }
    if (emit_general(c, i, &ended)) {
        return ended;
    }
    if (!x86_fast_describe(op->fn, &d)) {
        exit_to_record(c, i);
        return true;
    }
    switch (d.cls) {
    case X86_FD_ALU:
        emit_alu(c, i, &d);
        return false;
    case X86_FD_MOV:
        emit_mov(c, i, &d);
        return false;
    case X86_FD_MOVZX:
    case X86_FD_MOVSXD:
        emit_movx(c, i, &d);
        return false;
    case X86_FD_LEA:
        emit_lea(c, i, &d);
        return false;
    case X86_FD_SHIFT:
        emit_shift(c, i, &d);
        return false;
    case X86_FD_INCDEC:
        emit_incdec(c, i, &d);
        return false;
    case X86_FD_IMUL:
        emit_imul(c, i, &d);
        return false;
    case X86_FD_ROTATE:
        emit_rotate(c, i, &d);
        return false;
    case X86_FD_STACK:
        return emit_stack(c, i, &d);
    case X86_FD_FUSED:
        return emit_fused(c, i, &d);
    default:
        exit_to_record(c, i);
        return true;
    }
}

/* Is record @op worth entering native code for? */
static bool x86_jit_first_ok(const X86Op *op)
{
    X86FastDesc d;

    return op->fn == x86_op_jmp || op->fn == x86_op_nop ||
           x86_fast_describe(op->fn, &d);
}

/* Emit the block into @buf; the size used, or 0 if it did not fit. */
static size_t x86_jit_emit(X86CPU *cpu, DecodedBlock *b, uint8_t *buf,
                           size_t avail)
{
    JitCtx *c = g_new0(JitCtx, 1);
    unsigned n = x86_block_jit(b)->n_ops;
    size_t len;

    c->b = b;
    c->ops = x86_block_ops(b);
    c->mmu_idx = (b->flags & X86_HF_CPL_MASK) == 3 ? X86_MMU_USER
                                                   : X86_MMU_KERNEL;
    c->cc_kind = -1;
    cache_clear(c);
    x86e_init(&c->e, buf, MIN(avail, JIT_MAX_BLOCK_BYTES));
    cc_liveness(c->ops, n, c->dead);
    for (unsigned i = 0; i < n; i++) {
        c->cc_dead = c->dead[i];
        if (emit_record(c, i)) {
            break;
        }
    }
    emit_slow_paths(c);
    len = x86e_full(&c->e) ? 0 : x86e_size(&c->e);
    g_free(c);
    return len;
}

static bool x86_jit_buf_ready(X86CPU *cpu)
{
    Error *err = NULL;

    if (cpu->jit) {
        return true;
    }
    cpu->jit = jit_buf_new(JIT_BUF_DEFAULT_SIZE, &err);
    if (!cpu->jit) {
        qemu_log_mask(LOG_UNIMP, "x86: native-code tier off: %s\n",
                      error_get_pretty(err));
        error_free(err);
        cpu->jit_mode = X86_JIT_MODE_OFF;
        return false;
    }
    cpu->jit_gen = jit_buf_gen(cpu->jit);
    return true;
}

bool x86_jit_translate(X86CPU *cpu, DecodedBlock *b)
{
    X86BlockJit *j = x86_block_jit(b);
    uint8_t *p;
    size_t avail, len;

    if (!(b->flags & X86_HF_CS64) || b->invalid ||
        j->n_ops > X86_MAX_BLOCK_INSNS * 2 + 1 ||
        !x86_jit_first_ok(x86_block_ops(b))) {
        j->state = X86_JIT_REFUSED;
        cpu->jit_refused++;
        return false;
    }
    if (!x86_jit_buf_ready(cpu)) {
        return false;
    }
    p = jit_buf_begin(cpu->jit, &avail);
    len = x86_jit_emit(cpu, b, p, avail);
    if (!len) {
        /* full: drop every translation (no native code runs now) */
        jit_buf_flush(cpu->jit);
        cpu->jit_gen = jit_buf_gen(cpu->jit);
        p = jit_buf_begin(cpu->jit, &avail);
        len = x86_jit_emit(cpu, b, p, avail);
        if (!len) {
            j->state = X86_JIT_REFUSED;
            return false;
        }
    }
    j->code = (X86OpHandler)jit_buf_commit(cpu->jit, len);
    j->gen = cpu->jit_gen;
    j->state = X86_JIT_DONE;
    cpu->jit_blocks++;
    return true;
}

void x86_jit_setup(X86CPU *cpu)
{
    const char *s = getenv("QEMU_X86_JIT");

    cpu->jit_gen = UINT64_MAX;
    cpu->jit_threshold = JIT_THRESHOLD;
    cpu->jit_mode = X86_JIT_MODE_ON;
    if (s && (!strcmp(s, "off") || !strcmp(s, "0"))) {
        cpu->jit_mode = X86_JIT_MODE_OFF;
    } else if (s && !strcmp(s, "force")) {
        cpu->jit_mode = X86_JIT_MODE_FORCE;
        cpu->jit_threshold = 1;
    }
}

void x86_jit_free(X86CPU *cpu)
{
    jit_buf_free(cpu->jit);
    cpu->jit = NULL;
    cpu->jit_gen = UINT64_MAX;
}
