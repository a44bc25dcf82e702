/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Handlers for system state: PUSHF/POPF, LAHF/SAHF, CLI/STI, control
 * registers, descriptor-table registers, INVLPG, SWAPGS and MSRs.
 * Privileged ones raise #GP(0) above CPL 0.  Those that can change the
 * mode or the interrupt state end the block (RIP = next instruction).
 */
#include "qemu/osdep.h"
#include "target/i386/engine.h"
#include "target/i386/sev-cpu.h"
#include "qemu/log.h"

#define X86_FLAGS_IOPL  0x3000u
#define X86_FLAGS_NT    0x4000u
#define X86_FLAGS_RF    0x10000u
#define X86_FLAGS_VM    0x20000u
#define X86_FLAGS_AC    0x40000u
#define X86_FLAGS_ID    0x200000u

#define MSR_TSC             0x10
#define MSR_APIC_BASE       0x1b
#define MSR_MISC_ENABLE     0x1a0
#define MSR_PAT             0x277
#define MSR_EFER            0xc0000080
#define MSR_STAR            0xc0000081
#define MSR_LSTAR           0xc0000082
#define MSR_CSTAR           0xc0000083
#define MSR_FMASK           0xc0000084
#define MSR_FS_BASE         0xc0000100
#define MSR_GS_BASE         0xc0000101
#define MSR_KERNEL_GS_BASE  0xc0000102
#define MSR_TSC_AUX         0xc0000103

static unsigned cpl(X86CPU *cpu)
{
    return cpu->hflags & X86_HF_CPL_MASK;
}

static void require_cpl0(X86CPU *cpu, const X86Op *op)
{
    if (cpl(cpu) != 0) {
        x86_raise(cpu, op, X86_EXCP_GP, 0);
    }
}

static const X86Op *end_block(X86CPU *cpu, const X86Op *op)
{
    cpu->env.rip = x86_next_rip(cpu, op);
    return op;
}

/* ---- flags ---- */

const X86Op *x86_op_pushf(X86CPU *cpu, const X86Op *op)
{
    uint64_t v = x86_get_eflags(&cpu->env) & ~(uint64_t)(X86_FLAGS_VM |
                                                        X86_FLAGS_RF);
    x86_push(cpu, op, op->size, v);
    return x86_next(cpu, op);
}

const X86Op *x86_op_popf(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    uint64_t v = x86_stack_ld(cpu, op, 0, op->size);
    uint64_t old = x86_get_eflags(env);
    unsigned iopl = (old & X86_FLAGS_IOPL) >> 12;
    uint64_t mask = X86_ARITH_FLAGS | X86_TF | X86_DF | X86_FLAGS_NT |
                    X86_FLAGS_AC | X86_FLAGS_ID;

    if (cpl(cpu) == 0) {
        mask |= X86_FLAGS_IOPL;
    }
    if (cpl(cpu) <= iopl) {
        mask |= X86_IF;
    }
    if (op->size == 2) {
        mask &= 0xffff;
    }
    x86_set_sp(cpu, env->regs[R_ESP] + op->size);
    v = (old & ~mask) | (v & mask);
    x86_set_eflags(env, v & ~(uint64_t)X86_FLAGS_RF);
    if (env->eflags & X86_TF) {
        qemu_log_mask(LOG_UNIMP, "x86: single-step (TF) is not "
                      "implemented\n");
    }
    return end_block(cpu, op);
}

/* SAHF/LAHF move SF, ZF, AF, PF, CF (and bit 1) through AH. */
const X86Op *x86_op_sahf(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    uint64_t ah = (env->regs[R_EAX] >> 8) & 0xff, m = 0xd5;

    x86_cc_materialize(env);
    env->eflags = (env->eflags & ~m) | (ah & m);
    return x86_next(cpu, op);
}

const X86Op *x86_op_lahf(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    uint64_t f = (x86_get_eflags(env) & 0xd5) | X86_FLAGS_FIXED;

    x86_set_reg(env, X86_REG_HIGH8 + R_EAX, 1, f);
    return x86_next(cpu, op);
}

/* CLI/STI need CPL <= IOPL (no VME/PVI). */
static void require_iopl(X86CPU *cpu, const X86Op *op)
{
    if (cpl(cpu) > ((cpu->env.eflags & X86_FLAGS_IOPL) >> 12)) {
        x86_raise(cpu, op, X86_EXCP_GP, 0);
    }
}

const X86Op *x86_op_cli(X86CPU *cpu, const X86Op *op)
{
    require_iopl(cpu, op);
    cpu->env.eflags &= ~(uint64_t)X86_IF;
    return x86_next(cpu, op);
}

/* The one-instruction interrupt shadow comes with interrupt delivery. */
const X86Op *x86_op_sti(X86CPU *cpu, const X86Op *op)
{
    require_iopl(cpu, op);
    if (!(cpu->env.eflags & X86_IF)) {
        cpu->irq_inhibit = true;    /* the STI shadow */
    }
    cpu->env.eflags |= X86_IF;
    return end_block(cpu, op);
}

/* ---- control registers ---- */

const X86Op *x86_op_mov_from_cr(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;

    require_cpl0(cpu, op);
    x86_set_reg(env, op->rm, 8,
                op->reg == 8 ? x86_cpu_get_cr8(cpu) : env->cr[op->reg]);
    return x86_next(cpu, op);
}

static bool cr0_valid(CPUX86State *env, uint64_t v)
{
    if (v >> 32) {
        return false;
    }
    if ((v & X86_CR0_PG) && !(v & X86_CR0_PE)) {
        return false;
    }
    /* enabling long-mode paging needs PAE */
    if ((v & X86_CR0_PG) && (env->efer & X86_EFER_LME) &&
        !(env->cr[4] & X86_CR4_PAE)) {
        return false;
    }
    return true;
}

const X86Op *x86_op_mov_to_cr(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    uint64_t v = env->regs[op->rm];

    if (x86_legacy(cpu)) {
        v = (uint32_t)v;            /* legacy modes: 32-bit registers */
    }
    require_cpl0(cpu, op);
    switch (op->reg) {
    case 0:
        if (!cr0_valid(env, v)) {
            x86_raise(cpu, op, X86_EXCP_GP, 0);
        }
        env->cr[0] = v | 0x10;          /* ET is always one */
        env->efer &= ~(uint64_t)X86_EFER_LMA;
        if ((v & X86_CR0_PG) && (env->efer & X86_EFER_LME)) {
            env->efer |= X86_EFER_LMA;
        }
        break;
    case 2:
        env->cr[2] = v;
        break;
    case 3:
        env->cr[3] = v;
        break;
    case 4:
        if ((env->efer & X86_EFER_LMA) && !(v & X86_CR4_PAE)) {
            x86_raise(cpu, op, X86_EXCP_GP, 0);
        }
        env->cr[4] = v;
        break;
    default:
        if (v >> 4) {
            x86_raise(cpu, op, X86_EXCP_GP, 0);
        }
        x86_cpu_set_cr8(cpu, v);
        break;
    }
    if (op->reg != 2 && op->reg != 8) {
        x86_tlb_flush_all(cpu);
        x86_update_hflags(cpu);
    }
    return end_block(cpu, op);
}

/* ---- descriptor-table registers: 2-byte limit, 8-byte base ---- */

const X86Op *x86_op_sgdt(X86CPU *cpu, const X86Op *op)
{
    X86DescTable *t = op->sub ? &cpu->env.idt : &cpu->env.gdt;
    uint64_t ea = x86_ea(cpu, op);

    x86_st(cpu, op, ea, 2, t->limit);
    x86_st(cpu, op, ea + 2, x86_legacy(cpu) ? 4 : 8, t->base);
    return x86_next(cpu, op);
}

const X86Op *x86_op_lgdt(X86CPU *cpu, const X86Op *op)
{
    X86DescTable *t = op->sub ? &cpu->env.idt : &cpu->env.gdt;
    uint64_t ea, limit, base;

    require_cpl0(cpu, op);
    ea = x86_ea(cpu, op);
    limit = x86_ld(cpu, op, ea, 2);
    base = x86_ld(cpu, op, ea + 2, x86_legacy(cpu) ? 4 : 8);
    if (x86_legacy(cpu) && op->size == 2) {
        base &= 0xffffff;           /* 16-bit operand size: 24-bit base */
    }
    if (!x86_is_canonical(base)) {
        x86_raise(cpu, op, X86_EXCP_GP, 0);
    }
    t->limit = limit;
    t->base = base;
    return x86_next(cpu, op);
}

const X86Op *x86_op_invlpg(X86CPU *cpu, const X86Op *op)
{
    vaddr addr = x86_ea(cpu, op);

    require_cpl0(cpu, op);
    /*
     * Blocks found through a large page may sit anywhere in it; a block
     * from the page before may have its first instruction end in this one.
     */
    if (soft_tlb_flush_page(&cpu->tlb, addr)) {
        block_cache_unchain_all(&cpu->cache);
    } else {
        block_cache_unchain_page(&cpu->cache, addr);
        block_cache_unchain_page(&cpu->cache, addr - SOFT_TLB_PAGE_SIZE);
    }
    return end_block(cpu, op);
}

const X86Op *x86_op_swapgs(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    uint64_t t = env->segs[R_GS].base;

    require_cpl0(cpu, op);
    env->segs[R_GS].base = env->kernel_gs_base;
    env->kernel_gs_base = t;
    return x86_next(cpu, op);
}

/* ---- time stamp counter ---- */

#define X86_CR4_TSD (1u << 2)

/*
 * The TSC runs at 1 GHz on the virtual clock (plus the offset written
 * through MSR_TSC); without clocks it counts instructions.
 */
static uint64_t x86_tsc_now(X86CPU *cpu, const X86Op *op)
{
    if (cpu->clocks) {
        return qemu_clock_get_ns(cpu->clocks, QEMU_CLOCK_VIRTUAL);
    }
    /* instructions retired before this one (op NULL: a GHCB exit) */
    return cpu->icount + cpu->insns_done +
           (op ? op - (const X86Op *)cpu->cur_ops : 0);
}

/* RDTSC, or RDTSCP (op->sub = 1: also ECX = TSC_AUX) */
const X86Op *x86_op_rdtsc(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    uint64_t t;

    if ((env->cr[4] & X86_CR4_TSD) && cpl(cpu) != 0) {
        x86_raise(cpu, op, X86_EXCP_GP, 0);
    }
    t = x86_tsc_now(cpu, op) + env->tsc_offset;
    x86_set_reg(env, R_EAX, 4, t);
    x86_set_reg(env, R_EDX, 4, t >> 32);
    if (op->sub) {
        x86_set_reg(env, R_ECX, 4, env->tsc_aux);
    }
    return x86_next(cpu, op);
}

/* ---- MSRs ---- */

static uint64_t *msr_slot(CPUX86State *env, uint32_t idx)
{
    switch (idx) {
    case MSR_APIC_BASE:
        return &env->apic_base;
    case MSR_MISC_ENABLE:
        return &env->misc_enable;
    case MSR_PAT:
        return &env->pat;
    case MSR_EFER:
        return &env->efer;
    case MSR_STAR:
        return &env->star;
    case MSR_LSTAR:
        return &env->lstar;
    case MSR_CSTAR:
        return &env->cstar;
    case MSR_FMASK:
        return &env->fmask;
    case MSR_FS_BASE:
        return &env->segs[R_FS].base;
    case MSR_GS_BASE:
        return &env->segs[R_GS].base;
    case MSR_KERNEL_GS_BASE:
        return &env->kernel_gs_base;
    case MSR_TSC_AUX:
        return &env->tsc_aux;
    default:
        return NULL;
    }
}

static bool msr_is_canonical_base(CPUX86State *env, uint64_t *slot)
{
    return slot == &env->segs[R_FS].base || slot == &env->segs[R_GS].base ||
           slot == &env->kernel_gs_base || slot == &env->lstar ||
           slot == &env->cstar;
}

int x86_msr_read(X86CPU *cpu, uint32_t idx, uint64_t *val)
{
    uint64_t *slot;
    int r;

    if (idx == MSR_TSC) {
        *val = x86_tsc_now(cpu, NULL) + cpu->env.tsc_offset;
        return 0;
    }
    r = x86_apic_rdmsr(cpu, idx, val);     /* the local APIC's */
    if (r) {
        return r < 0 ? -1 : 0;
    }
    slot = msr_slot(&cpu->env, idx);
    if (!slot) {
        qemu_log_mask(LOG_UNIMP, "x86: rdmsr of unknown MSR 0x%" PRIx32
                      "\n", idx);
        return -1;
    }
    *val = *slot;
    return 0;
}

int x86_msr_write(X86CPU *cpu, uint32_t idx, uint64_t v)
{
    CPUX86State *env = &cpu->env;
    uint64_t efer_ok = X86_EFER_SCE | X86_EFER_LME | X86_EFER_NXE;
    uint64_t *slot;
    int r;

    if (idx == MSR_TSC) {
        env->tsc_offset = v - x86_tsc_now(cpu, NULL);
        return 0;
    }
    r = x86_apic_wrmsr(cpu, idx, v);
    if (r) {
        return r < 0 ? -1 : 0;
    }
    slot = msr_slot(env, idx);
    if (!slot) {
        qemu_log_mask(LOG_UNIMP, "x86: wrmsr of unknown MSR 0x%" PRIx32
                      "\n", idx);
        return -1;
    }
    if (slot == &env->efer) {
        if (v & ~(efer_ok | X86_EFER_LMA)) {
            return -1;
        }
        /* LMA is read-only: a written value is ignored (rdmsr/or/wrmsr) */
        v = (v & ~(uint64_t)X86_EFER_LMA) | (env->efer & X86_EFER_LMA);
    } else if (msr_is_canonical_base(env, slot) && !x86_is_canonical(v)) {
        return -1;
    }
    *slot = v;
    if (slot == &env->efer) {
        x86_tlb_flush_all(cpu);
        x86_update_hflags(cpu);
    }
    return 0;
}

const X86Op *x86_op_rdmsr(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    uint32_t idx = env->regs[R_ECX];
    uint64_t v;

    require_cpl0(cpu, op);
    if (idx == MSR_TSC) {
        v = x86_tsc_now(cpu, op) + env->tsc_offset;
    } else if (cpu->sev && x86_sev_rdmsr(cpu, op, idx, &v)) {
        /* SEV-SNP and Secure AVIC MSRs (may raise #VC) */
    } else if (x86_msr_read(cpu, idx, &v) < 0) {
        x86_raise(cpu, op, X86_EXCP_GP, 0);
    }
    x86_set_reg(env, R_EAX, 4, v);
    x86_set_reg(env, R_EDX, 4, v >> 32);
    return x86_next(cpu, op);
}

const X86Op *x86_op_wrmsr(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    uint32_t idx = env->regs[R_ECX];
    uint64_t v = (env->regs[R_EDX] << 32) | (uint32_t)env->regs[R_EAX];

    require_cpl0(cpu, op);
    if (idx == MSR_TSC) {
        env->tsc_offset = v - x86_tsc_now(cpu, op);
    } else if (cpu->sev && x86_sev_wrmsr(cpu, op, idx, v)) {
        /* SEV-SNP and Secure AVIC MSRs (may raise #VC) */
    } else if (x86_msr_write(cpu, idx, v) < 0) {
        x86_raise(cpu, op, X86_EXCP_GP, 0);
    }
    return end_block(cpu, op);
}

/* ---- CPUID (cpuid.c) ---- */

const X86Op *x86_op_cpuid(X86CPU *cpu, const X86Op *op)
{
    if (cpu->sev) {
        /* SEV-ES: CPUID is intercepted; the guest asks through the GHCB */
        x86_sev_vc(cpu, op, SVM_EXIT_CPUID, false);
    }
    x86_cpu_cpuid(cpu);
    return x86_next(cpu, op);
}

/* ---- port I/O ---- */

void x86_io_check(X86CPU *cpu, const X86Op *op, uint16_t port,
                  unsigned size)
{
    const X86Segment *tr = &cpu->env.tr;
    unsigned type = (tr->flags >> 8) & 0xf;
    uint64_t map;

    if (cpl(cpu) <= ((cpu->env.eflags & X86_FLAGS_IOPL) >> 12)) {
        return;
    }
    /* a 32-bit or 64-bit TSS (available or busy) with the map base */
    if ((type != 0x9 && type != 0xb) || tr->limit < 103) {
        x86_raise(cpu, op, X86_EXCP_GP, 0);
    }
    map = x86_sys_ld(cpu, op, tr->base + 102, 2) + port / 8;
    /* two bytes are read: a port range may cross a byte boundary */
    if (map + 1 > tr->limit ||
        (x86_sys_ld(cpu, op, tr->base + map, 2) >> (port & 7)) &
        ((1u << size) - 1)) {
        x86_raise(cpu, op, X86_EXCP_GP, 0);
    }
}

static uint16_t io_port(X86CPU *cpu, const X86Op *op)
{
    uint16_t port = op->flags & X86_OPF_IMM ? op->imm & 0xff
                                            : cpu->env.regs[R_EDX] & 0xffff;

    x86_io_check(cpu, op, port, op->size);
    if (cpu->sev) {
        x86_sev_vc(cpu, op, SVM_EXIT_IOIO, false);
    }
    return port;
}

const X86Op *x86_op_in(X86CPU *cpu, const X86Op *op)
{
    uint16_t port = io_port(cpu, op);
    uint64_t v = ~0ull;

    if (cpu->io) {
        v = address_space_ld(cpu->io, port, op->size, false,
                             MEMTXATTRS_UNSPECIFIED, NULL);
    }
    x86_set_reg(&cpu->env, R_EAX, op->size, v);
    return x86_next(cpu, op);
}

const X86Op *x86_op_out(X86CPU *cpu, const X86Op *op)
{
    uint16_t port = io_port(cpu, op);

    if (cpu->io) {
        address_space_st(cpu->io, port, op->size, false,
                         cpu->env.regs[R_EAX], MEMTXATTRS_UNSPECIFIED, NULL);
    }
    /* a device may have kicked us (machine stop, interrupt): leave now */
    if (cpu->exit_request) {
        return end_block(cpu, op);
    }
    return x86_next(cpu, op);
}
