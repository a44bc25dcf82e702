/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * AArch64 CPU: architectural state and the engine's public API.
 *
 * CPUARMState is plain data.  Register file layout: xregs[0..30] are
 * X0-X30, xregs[31] is SP, xregs[32] always reads zero (XZR) and
 * xregs[33] swallows writes to XZR; the decoder maps register number 31
 * to 31 or 32/33 depending on the instruction, so handlers never test it.
 *
 * The engine runs EL0 code in a flat user address space: guest address A
 * is host address A + guest_base.  See docs/devel/a64-engine.md.
 */
#ifndef TARGET_ARM_CPU_H
#define TARGET_ARM_CPU_H

#include "accel/tcg/block-cache.h"
#include "id-regs.h"

#define A64_REG_SP  31
#define A64_REG_ZR  32      /* read as zero */
#define A64_REG_ZW  33      /* write sink */

/* PSTATE.NZCV bits as they sit in the NZCV system register. */
#define A64_NF (1u << 31)
#define A64_ZF (1u << 30)
#define A64_CF (1u << 29)
#define A64_VF (1u << 28)

typedef struct CPUARMState {
    uint64_t xregs[34];
    uint64_t pc;
    uint32_t nzcv;          /* only bits 31..28 */
    uint64_t vregs[32][2];  /* V0-V31, low half first */
    uint64_t tpidr_el0;
    uint32_t fpcr;
    uint32_t fpsr;
    /* Exclusive monitor: value compared by a host CAS in STXR. */
    uint64_t excl_addr;
    uint64_t excl_val;
    uint64_t excl_val2;     /* high half of a 128-bit LDXP */
    int excl_size;          /* 0: monitor open (no reservation) */
} CPUARMState;

typedef enum A64ExitReason {
    A64_EXIT_NONE,
    A64_EXIT_BUDGET,
    A64_EXIT_SVC,           /* pc already points after the SVC */
    A64_EXIT_UDEF,          /* pc points at the undefined instruction */
} A64ExitReason;

typedef struct ARMCPUModel {
    const char *name;
    uint64_t midr;
    uint64_t hwcap;         /* Linux AT_HWCAP bits it advertises */
    uint64_t mmfr0;         /* ID_AA64MMFR0_EL1: PA size, ASIDs, granules */
} ARMCPUModel;

typedef struct ARMCPU {
    CPUARMState env;
    const ARMCPUModel *model;
    /*
     * The ID registers the guest sees (the model's, or lowered with
     * -cpu MODEL,SYSREG_<REG>_<FIELD>=<value>) and the Linux HWCAPs they
     * imply: instructions of a feature the ID registers do not list are
     * undefined (docs/arm64-id-regs.md).
     */
    ArmIdRegs idregs;
    uint64_t hwcap;
    uintptr_t guest_base;
    /*
     * Guest addresses are ANDed with this before guest_base is added
     * (all ones by default): a host that reserves a power-of-two window
     * can keep every guest access inside it.
     */
    uint64_t guest_mask;
    BlockCache cache;
    A64ExitReason exit_reason;
    uint32_t exit_insn;     /* the UDEF encoding */
    uint64_t insns_executed;
    /* direct-branch chaining inside one arm_cpu_exec() round */
    const void *block_ops;  /* records of the block running now */
    uint64_t chained_insns; /* instructions of blocks left by chaining */
    unsigned chain_left;
    /*
     * Set (from another thread or a signal handler) to make
     * arm_cpu_exec() return at the next block boundary; the owner clears it.
     */
    int exit_request;
    /*
     * System mode only (NULL in user mode): the system-register file
     * (target/arm/sysreg.h) and the engine's system state (a64-sys.h).
     */
    struct ArmSysState *sys;
    struct ArmSysEngine *se;
    uint32_t block_flags;   /* mode bits of the block key (0 in user mode) */
    /* user mode: the native-code tier's state (a64-jit.h), or NULL */
    struct A64Jit *jit;
} ARMCPU;

/* Linux HWCAP bits we can claim. */
#define A64_HWCAP_FP     (1u << 0)
#define A64_HWCAP_ASIMD  (1u << 1)
#define A64_HWCAP_AES    (1u << 3)     /* AESE, AESD, AESMC, AESIMC */
#define A64_HWCAP_PMULL  (1u << 4)     /* PMULL/PMULL2 .1Q */
#define A64_HWCAP_SHA1   (1u << 5)
#define A64_HWCAP_SHA2   (1u << 6)     /* SHA-256 */
#define A64_HWCAP_CRC32  (1u << 7)
#define A64_HWCAP_ATOMICS (1u << 8)     /* LSE: LDADD.., SWP, CAS, CASP */
#define A64_HWCAP_CPUID  (1u << 11)
#define A64_HWCAP_ASIMDDP (1u << 20)    /* SDOT, UDOT */

const ARMCPUModel *arm_cpu_model_find(const char *name);
/* Writes "name\n" lines for -cpu help. */
void arm_cpu_list(FILE *f);

ARMCPU *arm_cpu_new(const ARMCPUModel *model, uintptr_t guest_base);
/*
 * Apply -cpu SYSREG_* properties (@props: "NAME=VALUE" strings, NULL
 * ends): validated with KVM's rules; the HWCAPs follow the result.
 */
bool arm_cpu_set_idregs(ARMCPU *cpu, char **props, Error **errp);
/* Recompute cpu->hwcap (what the decoder accepts) from the ID registers. */
void arm_cpu_update_hwcap(ARMCPU *cpu);
/* A new thread's CPU gets the features of @src. */
void arm_cpu_copy_features(ARMCPU *dst, const ARMCPU *src);
void arm_cpu_free(ARMCPU *cpu);
/* Run up to about @budget instructions (block granularity). */
A64ExitReason arm_cpu_exec(ARMCPU *cpu, uint64_t budget);
/* Guest code in [start, start+len) changed or vanished. */
void arm_cpu_invalidate_code(ARMCPU *cpu, uint64_t start, uint64_t len);

/*
 * For user mode's fault handler (async-signal-safe): if @hostp points at
 * a record of the block running now, its guest PC and encoding.  With
 * @hostp 0, the block's first instruction.  False if no block runs.
 */
bool arm_cpu_running_op(ARMCPU *cpu, uintptr_t hostp, uint64_t *pc,
                        uint32_t *insn);
/*
 * The same for a fault in the native-code tier's code (a64-jit.h):
 * @uc is the fault's ucontext_t.  True with the faulting instruction's
 * guest PC and encoding when the fault is a native-code access (or one
 * of a handler it called); false to fall back to arm_cpu_running_op().
 */
bool arm_cpu_jit_fault_op(ARMCPU *cpu, void *uc, uint64_t *pc,
                          uint32_t *insn);

/* Exposed for unit tests. */
bool a64_decode_bitmask(unsigned n, unsigned imms, unsigned immr, bool sf,
                        uint64_t *result);
uint64_t a64_add_flags(uint64_t a, uint64_t b, unsigned carry, bool sf,
                       uint32_t *nzcv);
bool a64_cond_holds(uint32_t nzcv, unsigned cond);
uint32_t a64_crc32(uint32_t acc, uint64_t data, unsigned size, bool c);
/* Row @i of the decode table (a64.decode); false past the last row. */
bool a64_decode_class(unsigned i, uint32_t *mask, uint32_t *value,
                      const char **name);

#endif
