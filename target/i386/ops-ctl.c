/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Handlers for control flow, string instructions and the block
 * terminator.  A handler that ends the block sets RIP and returns NULL.
 */
#include "qemu/osdep.h"
#include "target/i386/engine.h"
#include "target/i386/sev-cpu.h"
#include "qemu/log.h"

/* Longest run of REP iterations before the instruction is restarted. */
#define X86_REP_CHUNK 4096

const X86Op *x86_op_end(X86CPU *cpu, const X86Op *op)
{
    cpu->env.rip = cpu->block_pc + op->pc_off;
    return x86_chain_slot(cpu, op, 0, X86_SLOT_FALL);
}

const X86Op *x86_op_nop(X86CPU *cpu, const X86Op *op)
{
    return x86_next(cpu, op);
}

const X86Op *x86_op_raise_ud(X86CPU *cpu, const X86Op *op)
{
    x86_raise(cpu, op, X86_EXCP_UD, 0);
}

const X86Op *x86_op_raise_gp(X86CPU *cpu, const X86Op *op)
{
    x86_raise(cpu, op, X86_EXCP_GP, 0);
}

/*
 * The decoder could not fetch the bytes at op->imm (not executable).
 * Translate for real now: that raises the #PF (CR2 = op->imm, RIP = this
 * instruction).  If the page became executable meanwhile, drop the stale
 * block and decode again.
 */
const X86Op *x86_op_fetch_fault(X86CPU *cpu, const X86Op *op)
{
    hwaddr paddr;

    soft_tlb_code_page(&cpu->tlb, op->imm, x86_mmu_idx(cpu), &paddr,
                       (uintptr_t)op);
    block_cache_invalidate_page(&cpu->cache, cpu->cur_block->phys_pc);
    cpu->env.rip = cpu->block_pc + op->pc_off;
    return op;
}

const X86Op *x86_op_hlt(X86CPU *cpu, const X86Op *op)
{
    if ((cpu->hflags & X86_HF_CPL_MASK) != 0) {
        x86_raise(cpu, op, X86_EXCP_GP, 0);
    }
    cpu->env.rip = x86_next_rip(cpu, op);
    cpu->halted = true;
    cpu->exit_request = true;
    return op;
}

const X86Op *x86_op_jmp(X86CPU *cpu, const X86Op *op)
{
    cpu->env.rip = op->imm;
    return x86_chain_slot(cpu, op, 1, X86_SLOT_JUMP);
}

const X86Op *x86_op_jcc(X86CPU *cpu, const X86Op *op)
{
    cpu->env.rip = x86_cc_test(&cpu->env, op->sub) ? op->imm
                                                   : x86_next_rip(cpu, op);
    return x86_chain_next(cpu, op, 1);
}

/*
 * Jcc with the condition in the handler (x86_jcc_handler()), so that
 * x86_cc_fast() folds to the test for that one condition.
 */
static inline const X86Op *jcc_cond(X86CPU *cpu, const X86Op *op,
                                    unsigned cc)
{
    bool take;

    if (!x86_cc_try(&cpu->env, cc, &take)) {
        return x86_op_jcc(cpu, op);     /* flags need computing */
    }
    /* without a branch: the condition is data, a mispredict costs more */
    cpu->env.rip = x86_next_rip(cpu, op) ^
                   ((op->imm ^ x86_next_rip(cpu, op)) & -(uint64_t)take);
    return x86_chain_slot(cpu, op, 1, take ? X86_SLOT_JUMP : X86_SLOT_FALL);
}

#define DEF_JCC(cc) \
    static const X86Op *jcc_##cc(X86CPU *cpu, const X86Op *op) \
    { \
        return jcc_cond(cpu, op, cc); \
    }

DEF_JCC(0) DEF_JCC(1) DEF_JCC(2) DEF_JCC(3)
DEF_JCC(4) DEF_JCC(5) DEF_JCC(6) DEF_JCC(7)
DEF_JCC(8) DEF_JCC(9) DEF_JCC(10) DEF_JCC(11)
DEF_JCC(12) DEF_JCC(13) DEF_JCC(14) DEF_JCC(15)

X86OpHandler x86_jcc_handler(unsigned cc)
{
    static const X86OpHandler table[16] = {
        jcc_0, jcc_1, jcc_2, jcc_3, jcc_4, jcc_5, jcc_6, jcc_7,
        jcc_8, jcc_9, jcc_10, jcc_11, jcc_12, jcc_13, jcc_14, jcc_15,
    };

    return table[cc & 15];
}

/* The address size of a record: 2, 4 or 8 bytes. */
static unsigned op_asize(const X86Op *op)
{
    return op->flags & X86_OPF_ADDR16 ? 2 : op->flags & X86_OPF_ADDR32 ? 4
                                                                      : 8;
}

/* LOOPNE/LOOPE/LOOP (sub 0-2) decrement RCX; JRCXZ (sub 3) tests it. */
const X86Op *x86_op_loop(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    unsigned asize = op_asize(op);
    uint64_t c = x86_get_reg(env, R_ECX, asize);
    bool taken;

    if (op->sub == 3) {
        taken = c == 0;
    } else {
        c = (c - 1) & x86_size_mask(asize);
        x86_set_reg(env, R_ECX, asize, c);
        taken = c != 0;
        if (op->sub < 2) {
            taken = taken && x86_cc_test(env, 4 + !op->sub);    /* E/NE */
        }
    }
    env->rip = taken ? op->imm : x86_next_rip(cpu, op);
    return op;
}

/* An indirect target must be canonical: #GP at the branch otherwise. */
static uint64_t branch_target(X86CPU *cpu, const X86Op *op)
{
    uint64_t ea = 0, t = x86_get_e(cpu, op, &ea);

    if (!x86_is_canonical(t)) {
        x86_raise(cpu, op, X86_EXCP_GP, 0);
    }
    return t;
}

const X86Op *x86_op_jmp_e(X86CPU *cpu, const X86Op *op)
{
    cpu->env.rip = branch_target(cpu, op);
    return op;
}

static void push_rip(X86CPU *cpu, const X86Op *op)
{
    x86_push(cpu, op, op->size, x86_next_rip(cpu, op));
}

const X86Op *x86_op_call(X86CPU *cpu, const X86Op *op)
{
    push_rip(cpu, op);
    cpu->env.rip = op->imm;
    return x86_chain_next(cpu, op, 1);
}

const X86Op *x86_op_call_e(X86CPU *cpu, const X86Op *op)
{
    uint64_t t = branch_target(cpu, op);

    push_rip(cpu, op);
    cpu->env.rip = t;
    return op;
}

const X86Op *x86_op_ret(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    uint64_t t = x86_stack_ld(cpu, op, 0, op->size);

    if (!x86_is_canonical(t)) {
        x86_raise(cpu, op, X86_EXCP_GP, 0);
    }
    x86_set_sp(cpu, env->regs[R_ESP] + op->size + (op->imm & 0xffff));
    env->rip = t;
    return x86_chain_next(cpu, op, 1);
}

/* ---- strings ---- */

typedef struct StrCtx {
    unsigned asize;         /* address size: 2, 4 or 8 */
    int64_t delta;          /* +size or -size (DF) */
    uint64_t src_base;      /* 64-bit mode: FS/GS override for the source */
    bool legacy;            /* segments: op->seg for the source, ES */
} StrCtx;

static StrCtx str_ctx(X86CPU *cpu, const X86Op *op)
{
    StrCtx s = {
        .asize = op_asize(op),
        .delta = cpu->env.eflags & X86_DF ? -(int64_t)op->size : op->size,
        .legacy = op->flags & X86_OPF_SEG,
    };
    if (!s.legacy && op->seg != X86_NB_SEGS) {
        s.src_base = cpu->env.segs[op->seg].base;
    }
    return s;
}

static uint64_t str_reg(X86CPU *cpu, const StrCtx *s, unsigned r)
{
    return x86_get_reg(&cpu->env, r, s->asize);
}

/* Linear addresses of the source (seg:rSI) and destination (ES:rDI). */
static uint64_t str_src(X86CPU *cpu, const X86Op *op, const StrCtx *s)
{
    if (s->legacy) {
        return x86_seg_linear(cpu, op, op->seg, str_reg(cpu, s, R_ESI));
    }
    return s->src_base + str_reg(cpu, s, R_ESI);
}

static uint64_t str_dst(X86CPU *cpu, const X86Op *op, const StrCtx *s)
{
    if (s->legacy) {
        return x86_seg_linear(cpu, op, R_ES, str_reg(cpu, s, R_EDI));
    }
    return str_reg(cpu, s, R_EDI);
}

static void str_advance(X86CPU *cpu, const StrCtx *s, unsigned r)
{
    x86_set_reg(&cpu->env, r, s->asize, str_reg(cpu, s, r) + s->delta);
}

/*
 * REP MOVS/STOS over RAM a page at a time: 64-bit addressing, DF = 0.
 * Host pointers come from soft-TLB hits only (a miss, MMIO, a code page
 * or a page-straddling element returns 0 and the caller takes one
 * ordinary step, which fills the TLB or handles the special case).
 * Copies whose destination overlaps the source ahead of it run element
 * by element, as the instruction defines.  At most @max elements;
 * returns how many were done, with RCX/RSI/RDI updated.
 */
static void *str_host(X86CPU *cpu, uint64_t addr, SoftTLBAccess acc)
{
    SoftTLBEntry *e = soft_tlb_entry(&cpu->tlb, x86_mmu_idx(cpu), addr);

    if (e->tag[acc] != (addr & SOFT_TLB_PAGE_MASK)) {
        return NULL;
    }
    return (void *)(uintptr_t)(addr + e->addend);
}

static uint64_t str_page_room(uint64_t addr, unsigned size)
{
    return (SOFT_TLB_PAGE_SIZE - (addr & ~SOFT_TLB_PAGE_MASK)) / size;
}

static void str_fill(uint8_t *d, uint64_t v, unsigned size, uint64_t n)
{
    if (size == 1) {
        memset(d, (uint8_t)v, n);
        return;
    }
    for (uint64_t i = 0; i < n; i++) {
        memcpy(d + i * size, &v, size);     /* little-endian host */
    }
}

static uint64_t str_bulk(X86CPU *cpu, const X86Op *op, const StrCtx *s,
                         bool movs, uint64_t max)
{
    CPUX86State *env = &cpu->env;
    uint64_t dst = env->regs[R_EDI], src = s->src_base + env->regs[R_ESI];
    uint64_t n = MIN(env->regs[R_ECX], max), bytes;
    uint8_t *hd, *hs = NULL;

    if (s->legacy || s->asize != 8 || s->delta < 0) {
        return 0;
    }
    n = MIN(n, str_page_room(dst, op->size));
    if (movs) {
        n = MIN(n, str_page_room(src, op->size));
    }
    if (n == 0 || !(hd = str_host(cpu, dst, SOFT_TLB_WRITE)) ||
        (movs && !(hs = str_host(cpu, src, SOFT_TLB_READ)))) {
        return 0;
    }
    bytes = n * op->size;
    if (!movs) {
        str_fill(hd, env->regs[R_EAX], op->size, n);
    } else if (hd <= hs || hd >= hs + bytes) {
        memmove(hd, hs, bytes);
    } else {
        for (uint64_t i = 0; i < bytes; i += op->size) {
            memmove(hd + i, hs + i, op->size);
        }
    }
    env->regs[R_EDI] += bytes;
    if (movs) {
        env->regs[R_ESI] += bytes;
    }
    env->regs[R_ECX] -= n;
    return n;
}

/*
 * Run @step for one element (no REP) or for the REP count.  @step returns
 * false to stop (REPE/REPNE condition).  Long runs yield by restarting the
 * instruction, so interrupts and the budget are honoured.
 */
static bool movs_step(X86CPU *cpu, const X86Op *op, const StrCtx *s);
static bool stos_step(X86CPU *cpu, const X86Op *op, const StrCtx *s);

static const X86Op *str_run(X86CPU *cpu, const X86Op *op,
                            bool (*step)(X86CPU *, const X86Op *,
                                         const StrCtx *))
{
    StrCtx s = str_ctx(cpu, op);
    unsigned n;

    if (!(op->flags & X86_OPF_REP)) {
        step(cpu, op, &s);
        return x86_next(cpu, op);
    }
    for (n = 0; str_reg(cpu, &s, R_ECX) != 0; n++) {
        if (n >= X86_REP_CHUNK) {
            cpu->env.rip = cpu->block_pc + op->pc_off;
            return op;
        }
        if (step == movs_step || step == stos_step) {
            uint64_t k = str_bulk(cpu, op, &s, step == movs_step,
                                  X86_REP_CHUNK - n);

            if (k) {
                n += k - 1;
                continue;
            }
        }
        bool more = step(cpu, op, &s);

        x86_set_reg(&cpu->env, R_ECX, s.asize, str_reg(cpu, &s, R_ECX) - 1);
        if (!more) {
            break;
        }
    }
    return x86_next(cpu, op);
}

static bool movs_step(X86CPU *cpu, const X86Op *op, const StrCtx *s)
{
    uint64_t v = x86_ld(cpu, op, str_src(cpu, op, s), op->size);

    x86_st(cpu, op, str_dst(cpu, op, s), op->size, v);
    str_advance(cpu, s, R_ESI);
    str_advance(cpu, s, R_EDI);
    return true;
}

static bool stos_step(X86CPU *cpu, const X86Op *op, const StrCtx *s)
{
    x86_st(cpu, op, str_dst(cpu, op, s), op->size, cpu->env.regs[R_EAX]);
    str_advance(cpu, s, R_EDI);
    return true;
}

static bool lods_step(X86CPU *cpu, const X86Op *op, const StrCtx *s)
{
    uint64_t v = x86_ld(cpu, op, str_src(cpu, op, s), op->size);

    x86_set_reg(&cpu->env, R_EAX, op->size, v);
    str_advance(cpu, s, R_ESI);
    return true;
}

/* REPE continues while equal, REPNE while not equal. */
static bool cmp_more(const X86Op *op, uint64_t a, uint64_t b)
{
    uint64_t m = x86_size_mask(op->size);
    bool eq = (a & m) == (b & m);

    return op->flags & X86_OPF_REPNE ? !eq : eq;
}

static bool cmps_step(X86CPU *cpu, const X86Op *op, const StrCtx *s)
{
    uint64_t a = x86_ld(cpu, op, str_src(cpu, op, s), op->size);
    uint64_t b = x86_ld(cpu, op, str_dst(cpu, op, s), op->size);

    str_advance(cpu, s, R_ESI);
    str_advance(cpu, s, R_EDI);
    x86_cc_set(&cpu->env, X86_CC_SUB, op->size, a - b, a, b);
    return cmp_more(op, a, b);
}

static bool scas_step(X86CPU *cpu, const X86Op *op, const StrCtx *s)
{
    uint64_t a = x86_get_reg(&cpu->env, R_EAX, op->size);
    uint64_t b = x86_ld(cpu, op, str_dst(cpu, op, s), op->size);

    str_advance(cpu, s, R_EDI);
    x86_cc_set(&cpu->env, X86_CC_SUB, op->size, a - b, a, b);
    return cmp_more(op, a, b);
}

const X86Op *x86_op_movs(X86CPU *cpu, const X86Op *op)
{
    return str_run(cpu, op, movs_step);
}

const X86Op *x86_op_stos(X86CPU *cpu, const X86Op *op)
{
    return str_run(cpu, op, stos_step);
}

const X86Op *x86_op_lods(X86CPU *cpu, const X86Op *op)
{
    return str_run(cpu, op, lods_step);
}

const X86Op *x86_op_cmps(X86CPU *cpu, const X86Op *op)
{
    return str_run(cpu, op, cmps_step);
}

const X86Op *x86_op_scas(X86CPU *cpu, const X86Op *op)
{
    return str_run(cpu, op, scas_step);
}

/* INS/OUTS: port DX, allowed by IOPL or the TSS I/O bitmap. */
static uint16_t str_port(X86CPU *cpu, const X86Op *op)
{
    uint16_t port = cpu->env.regs[R_EDX];

    x86_io_check(cpu, op, port, op->size);
    return port;
}

static bool ins_step(X86CPU *cpu, const X86Op *op, const StrCtx *s)
{
    uint64_t dst = str_dst(cpu, op, s), v = x86_size_mask(op->size);
    uint16_t port = str_port(cpu, op);

    if (cpu->io) {
        v = address_space_ld(cpu->io, port, op->size, false,
                             MEMTXATTRS_UNSPECIFIED, NULL);
    }
    x86_st(cpu, op, dst, op->size, v);
    str_advance(cpu, s, R_EDI);
    return true;
}

static bool outs_step(X86CPU *cpu, const X86Op *op, const StrCtx *s)
{
    uint16_t port = str_port(cpu, op);
    uint64_t v = x86_ld(cpu, op, str_src(cpu, op, s), op->size);

    if (cpu->io) {
        address_space_st(cpu->io, port, op->size, false, v,
                         MEMTXATTRS_UNSPECIFIED, NULL);
    }
    str_advance(cpu, s, R_ESI);
    return true;
}

const X86Op *x86_op_ins(X86CPU *cpu, const X86Op *op)
{
    if (cpu->sev) {
        x86_sev_vc(cpu, op, SVM_EXIT_IOIO, false);   /* SEV-ES */
    }
    return str_run(cpu, op, ins_step);
}

const X86Op *x86_op_outs(X86CPU *cpu, const X86Op *op)
{
    if (cpu->sev) {
        x86_sev_vc(cpu, op, SVM_EXIT_IOIO, false);   /* SEV-ES */
    }
    return str_run(cpu, op, outs_step);
}

/* ---- legacy-mode helpers ---- */

/* XLAT: AL = [seg:(E/R)BX + AL] */
const X86Op *x86_op_xlat(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    uint64_t a = env->regs[R_EBX] + (env->regs[R_EAX] & 0xff);

    a &= x86_size_mask(op_asize(op));
    if (op->flags & X86_OPF_SEG) {
        a = x86_seg_linear(cpu, op, op->seg, a);
    } else if (op->seg != X86_NB_SEGS) {
        a += env->segs[op->seg].base;
    }
    x86_set_reg(env, R_EAX, 1, x86_ld(cpu, op, a, 1));
    return x86_next(cpu, op);
}

/* SMSW: the low CR0 bits (a register gets them at the operand size). */
const X86Op *x86_op_smsw(X86CPU *cpu, const X86Op *op)
{
    uint64_t v = cpu->env.cr[0];

    if (op->flags & X86_OPF_MEM) {
        x86_st(cpu, op, x86_ea(cpu, op), 2, v & 0xffff);
    } else {
        x86_set_reg(&cpu->env, op->rm, op->size, v);
    }
    return x86_next(cpu, op);
}

/* LMSW: CR0 bits 0-3 (PE can be set, never cleared). */
const X86Op *x86_op_lmsw(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    uint64_t ea = 0, v;

    if (cpu->hflags & X86_HF_CPL_MASK) {
        x86_raise(cpu, op, X86_EXCP_GP, 0);
    }
    v = x86_get_e(cpu, op, &ea) & 0xf;
    env->cr[0] = (env->cr[0] & ~0xeull) | v | (env->cr[0] & X86_CR0_PE);
    x86_update_hflags(cpu);
    env->rip = x86_next_rip(cpu, op);
    return op;
}

/* CLTS: clear CR0.TS. */
const X86Op *x86_op_clts(X86CPU *cpu, const X86Op *op)
{
    if (cpu->hflags & X86_HF_CPL_MASK) {
        x86_raise(cpu, op, X86_EXCP_GP, 0);
    }
    cpu->env.cr[0] &= ~8ull;
    return x86_next(cpu, op);
}
