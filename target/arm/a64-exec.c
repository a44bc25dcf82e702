/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A64 engine: CPU models, decoding into blocks, the execution loop.
 *
 * A block is decoded once, stored in the shared block cache (keyed by
 * physical PC, PC and mode flags; physical PC = virtual PC in user mode)
 * and run by calling its first record's handler, which tail-calls the
 * next.  The execution loops: a64-user-exec.c (user mode) and
 * a64-sys-exec.c (system mode).  A block ends at a
 * branch, an SVC, an undefined encoding, a 4 KiB page boundary or after
 * A64_MAX_BLOCK_INSNS instructions; a terminator record sets the PC for
 * the fall-through.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "a64-engine.h"
#include "a64-fpu.h"
#include "a64-jit.h"

#include "a64-decode.c.inc"

#define A64_PAGE_SIZE 4096u

/*
 * ID_AA64MMFR0: 48-bit PA, 16-bit ASIDs, 4K and 64K granules; TGran16
 * (bits 23:20) 1 where 16K granules exist (not on the Cortex-A57).
 */
#define A64_MMFR0_BASE (0x5 | (2ull << 4))

static const ARMCPUModel arm_cpu_models[] = {
    { "cortex-a57", 0x411fd070, A64_HWCAP_FP | A64_HWCAP_ASIMD |
                                A64_HWCAP_CPUID | A64_HWCAP_CRC32,
      A64_MMFR0_BASE },
    { "max", 0x411fd070, A64_HWCAP_FP | A64_HWCAP_ASIMD | A64_HWCAP_CPUID |
                         A64_HWCAP_CRC32 | A64_HWCAP_ATOMICS |
                         A64_HWCAP_AES | A64_HWCAP_PMULL | A64_HWCAP_SHA1 |
                         A64_HWCAP_SHA2 | A64_HWCAP_ASIMDDP,
      A64_MMFR0_BASE | (1ull << 20) },
};

const ARMCPUModel *arm_cpu_model_find(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(arm_cpu_models); i++) {
        if (!strcmp(arm_cpu_models[i].name, name)) {
            return &arm_cpu_models[i];
        }
    }
    return NULL;
}

void arm_cpu_list(FILE *f)
{
    fprintf(f, "Available CPUs:\n");
    for (size_t i = 0; i < G_N_ELEMENTS(arm_cpu_models); i++) {
        fprintf(f, "  %s\n", arm_cpu_models[i].name);
    }
}

/* The model's ID register values, from what it implements. */
static void arm_cpu_model_idregs(const ARMCPUModel *m, ArmIdRegs *r)
{
    uint64_t lim[ARM_IDREG_COUNT] = { 0 };
    uint64_t hw = m->hwcap;

    lim[ARM_ID_MIDR] = m->midr;
    /* EL0 and EL1 AArch64 only, FP and AdvSIMD implemented (0). */
    lim[ARM_ID_AA64PFR0] = 0x11 |
        ((hw & A64_HWCAP_FP) ? 0 : 0xfull << 16) |
        ((hw & A64_HWCAP_ASIMD) ? 0 : 0xfull << 20);
    lim[ARM_ID_AA64ISAR0] =
        ((hw & A64_HWCAP_PMULL) ? 2ull << 4 :
         (hw & A64_HWCAP_AES) ? 1ull << 4 : 0) |
        ((hw & A64_HWCAP_SHA1) ? 1ull << 8 : 0) |
        ((hw & A64_HWCAP_SHA2) ? 1ull << 12 : 0) |
        ((hw & A64_HWCAP_CRC32) ? 1ull << 16 : 0) |
        ((hw & A64_HWCAP_ATOMICS) ? 2ull << 20 : 0) |
        ((hw & A64_HWCAP_ASIMDDP) ? 1ull << 44 : 0);
    lim[ARM_ID_AA64MMFR0] = m->mmfr0;
    lim[ARM_ID_AA64DFR0] = 0x6;             /* Armv8.0 debug */
    lim[ARM_ID_CTR] = 0x8444c004;
    arm_idregs_init(r, lim, false, false);
}

/* The HWCAPs the ID registers imply. */
static uint64_t arm_idregs_hwcap(const ArmIdRegs *r)
{
    uint64_t pfr0 = r->val[ARM_ID_AA64PFR0], isar0 = r->val[ARM_ID_AA64ISAR0];
    uint64_t hw = A64_HWCAP_CPUID;

    hw |= ((pfr0 >> 16) & 0xf) != 0xf ? A64_HWCAP_FP : 0;
    hw |= ((pfr0 >> 20) & 0xf) != 0xf ? A64_HWCAP_ASIMD : 0;
    hw |= ((isar0 >> 4) & 0xf) >= 1 ? A64_HWCAP_AES : 0;
    hw |= ((isar0 >> 4) & 0xf) >= 2 ? A64_HWCAP_PMULL : 0;
    hw |= ((isar0 >> 8) & 0xf) >= 1 ? A64_HWCAP_SHA1 : 0;
    hw |= ((isar0 >> 12) & 0xf) >= 1 ? A64_HWCAP_SHA2 : 0;
    hw |= ((isar0 >> 16) & 0xf) >= 1 ? A64_HWCAP_CRC32 : 0;
    hw |= ((isar0 >> 20) & 0xf) >= 2 ? A64_HWCAP_ATOMICS : 0;
    hw |= ((isar0 >> 44) & 0xf) >= 1 ? A64_HWCAP_ASIMDDP : 0;
    return hw;
}

bool arm_cpu_set_idregs(ARMCPU *cpu, char **props, Error **errp)
{
    for (char **p = props; p && *p; p++) {
        g_auto(GStrv) kv = g_strsplit(*p, "=", 2);

        if (!kv[1]) {
            error_setg(errp, "Expected '=' after parameter '%s'", kv[0]);
            return false;
        }
        if (!arm_idregs_set_prop(&cpu->idregs, kv[0], kv[1], errp)) {
            return false;
        }
    }
    if (!arm_idregs_realize(&cpu->idregs, errp)) {
        return false;
    }
    cpu->idregs.started = true;
    arm_cpu_update_hwcap(cpu);
    return true;
}

void arm_cpu_update_hwcap(ARMCPU *cpu)
{
    cpu->hwcap = arm_idregs_hwcap(&cpu->idregs);
}

void arm_cpu_copy_features(ARMCPU *dst, const ARMCPU *src)
{
    dst->idregs = src->idregs;
    dst->hwcap = src->hwcap;
}

ARMCPU *arm_cpu_new(const ARMCPUModel *model, uintptr_t guest_base)
{
    ARMCPU *cpu = g_new0(ARMCPU, 1);

    cpu->model = model;
    arm_cpu_model_idregs(model, &cpu->idregs);
    cpu->hwcap = model->hwcap;
    cpu->guest_base = guest_base;
    cpu->guest_mask = UINT64_MAX;
    block_cache_init(&cpu->cache);
    a64_jit_cpu_init(cpu);      /* the native-code tier (a64-jit.h) */
    return cpu;
}

void arm_cpu_free(ARMCPU *cpu)
{
    if (cpu) {
        block_cache_destroy(&cpu->cache);
        a64_jit_cpu_free(cpu);
        g_free(cpu);
    }
}

const A64Op *a64_op_udef(ARMCPU *cpu, const A64Op *op)
{
    qemu_log_mask(LOG_UNIMP, "unimplemented or undefined A64 instruction "
                  "0x%08" PRIx32 " at 0x%" PRIx64 "\n", op->insn, op->pc);
#ifdef A64_SYSTEM
    a64_sys_undef(cpu, op);     /* an exception: does not return */
#endif
    cpu->env.pc = op->pc;
    cpu->exit_insn = op->insn;
    cpu->exit_reason = A64_EXIT_UDEF;
    return op;
}

const A64Op *a64_op_end(ARMCPU *cpu, const A64Op *op)
{
    cpu->env.pc = op->pc;
    return op;
}

/* Decode one instruction into s->op; false for an undefined encoding. */
static bool a64_decode_insn(A64DisasContext *s, uint32_t insn)
{
#ifdef A64_SYSTEM
    int r = a64_sys_decode(s, insn);

    if (r != 0) {
        return r > 0;
    }
#endif
    for (size_t i = 0; i < G_N_ELEMENTS(a64_decode_table); i++) {
        const A64DecodeEntry *e = &a64_decode_table[i];

        if ((insn & e->mask) == e->value) {
            return e->trans(s, insn);
        }
    }
    return false;
}

bool a64_decode_class(unsigned i, uint32_t *mask, uint32_t *value,
                      const char **name)
{
    if (i >= G_N_ELEMENTS(a64_decode_table)) {
        return false;
    }
    *mask = a64_decode_table[i].mask;
    *value = a64_decode_table[i].value;
    *name = a64_decode_table[i].name;
    return true;
}

DecodedBlock *a64_build_block(ARMCPU *cpu, uint64_t pc, const uint8_t *code,
                              hwaddr phys_page, uint32_t flags)
{
    A64Op ops[A64_MAX_BLOCK_INSNS + 1];
    A64DisasContext s = { .cpu = cpu, .pc = pc };
    DecodedBlock *b;
    unsigned n = 0;

    while (n < A64_MAX_BLOCK_INSNS && !s.end_block) {
        uint32_t insn;

        memcpy(&insn, code + (s.pc & (A64_PAGE_SIZE - 1)), 4);
        insn = le32toh(insn);

        memset(&ops[n], 0, sizeof(ops[n]));
        ops[n].insn = insn;
        ops[n].pc = s.pc;
        s.op = &ops[n];
        if (!a64_decode_insn(&s, insn)) {
            memset(&ops[n], 0, sizeof(ops[n]));
            ops[n].insn = insn;
            ops[n].pc = s.pc;
            ops[n].fn = a64_op_udef;
            s.end_block = true;
        }
        n++;
        s.pc += 4;
        if (s.pc % A64_PAGE_SIZE == 0) {
            break;
        }
    }
    memset(&ops[n], 0, sizeof(ops[n]));
    ops[n].fn = a64_op_end;
    ops[n].pc = s.pc;

    b = block_cache_alloc((n + 1) * sizeof(A64Op));
    b->pc = pc;
    b->phys_pc = phys_page | (pc & (A64_PAGE_SIZE - 1));
    b->phys_page2 = (hwaddr)-1;
    b->flags = flags;
    b->n_insns = n;
    b->size = n * 4;
    memcpy(b + 1, ops, (n + 1) * sizeof(A64Op));
    block_cache_insert(&cpu->cache, b);
    return b;
}

