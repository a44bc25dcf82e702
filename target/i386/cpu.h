/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86-64 CPU engine: architectural state and the engine's public API.
 *
 * CPUX86State is plain architectural data (registers, flags, segment and
 * control registers, MSRs).  X86CPU wraps it with the engine's machinery:
 * the soft TLB, the decoded-block cache and the exit/exception state.
 *
 * Flags are lazy: an instruction that writes the arithmetic flags records
 * (cc_op, cc_size, cc_dst, cc_src1, cc_src2) and they are computed only
 * when read.  eflags holds the other bits (DF, IF, ...) always, and the
 * arithmetic bits only while cc_op == X86_CC_EFLAGS; use x86_get_eflags()
 * and x86_set_eflags() from outside the engine.
 *
 * See docs/devel/x86-engine.md.
 */
#ifndef TARGET_I386_CPU_H
#define TARGET_I386_CPU_H

#include <setjmp.h>
#include "system/memory.h"
#include "system/cpus.h"
#include "accel/tcg/soft-tlb.h"
#include "accel/tcg/block-cache.h"
#include "target/i386/cpuid.h"

enum {
    R_EAX, R_ECX, R_EDX, R_EBX, R_ESP, R_EBP, R_ESI, R_EDI,
    R_R8, R_R9, R_R10, R_R11, R_R12, R_R13, R_R14, R_R15,
};

enum { R_ES, R_CS, R_SS, R_DS, R_FS, R_GS, X86_NB_SEGS };

#define X86_CF      0x0001u
#define X86_PF      0x0004u
#define X86_AF      0x0010u
#define X86_ZF      0x0040u
#define X86_SF      0x0080u
#define X86_TF      0x0100u
#define X86_IF      0x0200u
#define X86_DF      0x0400u
#define X86_OF      0x0800u
#define X86_ARITH_FLAGS (X86_CF | X86_PF | X86_AF | X86_ZF | X86_SF | X86_OF)
#define X86_FLAGS_FIXED 0x0002u     /* bit 1 reads as one */

#define X86_CR0_PE  (1u << 0)
#define X86_CR0_WP  (1u << 16)
#define X86_CR0_PG  (1u << 31)
#define X86_CR4_PAE (1u << 5)
#define X86_CR0_MP  (1u << 1)
#define X86_CR0_EM  (1u << 2)
#define X86_CR0_TS  (1u << 3)
#define X86_CR0_NE  (1u << 5)
#define X86_CR4_OSFXSR      (1u << 9)
#define X86_CR4_OSXMMEXCPT  (1u << 10)
#define X86_EFER_SCE (1u << 0)
#define X86_EFER_LME (1u << 8)
#define X86_EFER_LMA (1u << 10)
#define X86_EFER_NXE (1u << 11)

/* Descriptor attribute bits, in the layout of a descriptor's high word. */
#define X86_DESC_P  (1u << 15)
#define X86_DESC_L  (1u << 21)
#define X86_DESC_DB (1u << 22)
#define X86_DESC_G  (1u << 23)
#define X86_DESC_DPL_SHIFT 13

/* Lazy-flag kinds: how cc_dst/cc_src1/cc_src2 encode the flags. */
typedef enum X86CCOp {
    X86_CC_EFLAGS,  /* flags are in eflags */
    X86_CC_ADD,     /* dst = src1 + src2 */
    X86_CC_ADC1,    /* dst = src1 + src2 + 1 */
    X86_CC_SUB,     /* dst = src1 - src2 */
    X86_CC_SBB1,    /* dst = src1 - src2 - 1 */
    X86_CC_LOGIC,   /* dst; CF = OF = 0 */
    X86_CC_INC,     /* dst = src1 + 1; src2 = CF before */
    X86_CC_DEC,     /* dst = src1 - 1; src2 = CF before */
    X86_CC_SHL,     /* src1 = value shifted by count - 1 */
    X86_CC_SHR,     /* src1 = value shifted right by count - 1 (SHR/SAR) */
    X86_CC_MUL,     /* dst = low result; src1 = CF = OF */
} X86CCOp;

/* A segment register with its cached descriptor. */
typedef struct X86Segment {
    uint16_t selector;
    uint64_t base;
    uint32_t limit;
    uint32_t flags;         /* X86_DESC_* */
} X86Segment;

typedef struct X86DescTable {
    uint64_t base;
    uint16_t limit;
} X86DescTable;

/* An x87 register: 64-bit significand, sign and 15-bit exponent. */
typedef struct X86FPReg {
    uint64_t mant;
    uint16_t sexp;
} X86FPReg;

/* An XMM register, little-endian lanes. */
typedef union X86XMMReg {
    uint8_t b[16];
    uint16_t w[8];
    uint32_t l[4];
    uint64_t q[2];
} X86XMMReg;

typedef struct CPUX86State {
    uint64_t regs[16];
    uint64_t rip;
    uint64_t eflags;
    uint64_t cc_dst, cc_src1, cc_src2;
    uint8_t cc_op;          /* X86CCOp */
    uint8_t cc_size;        /* bytes: 1, 2, 4, 8 */

    X86Segment segs[X86_NB_SEGS];
    X86Segment ldt, tr;
    X86DescTable gdt, idt;
    uint64_t cr[5];         /* CR0, (CR1), CR2, CR3, CR4 */
    uint64_t cr8;
    uint64_t efer;
    uint64_t star, lstar, cstar, fmask, kernel_gs_base;
    uint64_t apic_base, tsc_aux, pat, misc_enable;
    uint64_t tsc_offset;

    /* x87 FPU (ops-fpu.c, fpu-state.c; docs/devel/x86-engine.md) */
    X86FPReg fpregs[8];     /* physical registers R0-R7 */
    uint16_t fpuc;          /* FCW */
    uint16_t fpus;          /* FSW, TOP (bits 13:11) kept in fptop */
    uint8_t fptop;
    uint8_t fptag_used;     /* abridged tags: bit i set = Ri not empty */
    uint16_t fpop;          /* last non-control opcode, 11 bits */
    uint64_t fpip, fpdp;    /* its instruction and data pointers */
    uint16_t fpcs, fpds;
    /* SSE (ops-sse.c) */
    X86XMMReg xmm[16];
    uint32_t mxcsr;
} CPUX86State;

/* Mode bits a block's decoding depends on (part of the block key). */
#define X86_HF_CPL_MASK 3u
#define X86_HF_CS64     (1u << 2)   /* long mode, CS.L = 1 */
#define X86_HF_CS32     (1u << 3)   /* CS.D = 1 */
#define X86_HF_PG       (1u << 4)

/* MMU indexes of the soft TLB. */
enum { X86_MMU_KERNEL, X86_MMU_USER, X86_NB_MMU_MODES };

/* Why exec() stopped (last reason). */
typedef enum X86ExitReason {
    X86_EXIT_NONE,
    X86_EXIT_BUDGET,
    X86_EXIT_HLT,
    X86_EXIT_EXCEPTION,     /* exception pending: delivery not yet done */
    X86_EXIT_KICK,
    X86_EXIT_UNIMP,         /* mode or feature the engine cannot run */
    X86_EXIT_SHUTDOWN,      /* triple fault: the board should reset */
} X86ExitReason;

/*
 * Optional instruction-set features (the CPU model decides; set them
 * before the first exec: decoded blocks depend on them).
 */
#define X86_FEAT_POPCNT (1u << 0)   /* POPCNT */
#define X86_FEAT_BMI1   (1u << 1)   /* TZCNT (else F3 0F BC is BSF) */
#define X86_FEAT_ABM    (1u << 2)   /* LZCNT (else F3 0F BD is BSR) */

typedef struct X86CPU {
    CPUX86State env;
    uint32_t features;      /* X86_FEAT_* */
    uint32_t hflags;        /* X86_HF_*, recomputed by x86_update_hflags */
    AddressSpace *as;
    AddressSpace *io;       /* port I/O space (IN/OUT), may be NULL */
    SoftTLB tlb;
    BlockCache cache;

    /* Execution state of the running block. */
    uint64_t block_pc;
    DecodedBlock *cur_block;
    const void *cur_ops;    /* the records being run (X86Op array) */
    int64_t insns_done;     /* in the current exec() call */
    int64_t budget;         /* of the current exec() call (chaining) */
    int chain_left;         /* direct chains before a return to the loop */
    bool exit_request;
    jmp_buf jmp_env;

    /* Last exit; exception_index is -1 when none is pending. */
    X86ExitReason exit_reason;
    int exception_index;
    uint32_t error_code;
    bool exception_is_int;  /* INT n: a trap, gate DPL checked */
    bool exception_is_ext;  /* external interrupt or NMI: no error code */
    uint64_t exception_next_rip;
    int delivering;         /* vector being delivered, or -1 */

    /* Interrupt inputs (X86_INT_*), checked between blocks. */
    unsigned interrupt_request;
    bool nmi_blocked;       /* from NMI delivery until IRET */
    bool irq_inhibit;       /* STI shadow: no INTR before one more block */
    int (*intr_ack)(void *opaque);  /* vector of the pending INTR */
    void *intr_opaque;
    bool halted;
    uint64_t icount;        /* instructions executed, ever */
    /*
     * Debug/test hook: stop exec() with X86_EXIT_EXCEPTION instead of
     * delivering exceptions through the IDT (as a debugger catching them).
     */
    bool stop_on_exception;

    QEMUClocks *clocks;     /* for the TSC; NULL: count instructions */

    /* Scheduler glue (optional): set by x86_cpu_attach(). */
    CPUScheduler *sched;
    int sched_idx;

    /* CPU model: CPUID data (cpuid.c); features above derive from it. */
    X86CPUID cpuid;
    /* Local APIC (apic-glue.c); NULL: none, INTR comes from intr_ack. */
    struct APICState *apic;
    bool wait_for_sipi;     /* after INIT (AP): only a SIPI starts it */
    uint8_t sipi_vector;    /* of the pending X86_INT_SIPI */
    /*
     * vCPUs sharing memory with this one (including itself), so that a
     * write to a code page drops the blocks of every vCPU; NULL: alone.
     */
    GPtrArray *siblings;
    /* SEV-SNP (sev-cpu.c); NULL: an ordinary vCPU. */
    struct X86SevCPU *sev;
    uint64_t cbit_mask;     /* C-bit, stripped from page-table addresses */

    /*
     * Native-code tier (jit.c, docs/devel/x86-engine.md): jit_mode is
     * X86_JIT_MODE_*; set it before exec (tests do), or let X86_JIT in
     * the environment pick it at x86_cpu_new().  jit_gen is the code
     * buffer's generation (UINT64_MAX without a buffer, so that no
     * block, whose gen starts at 0, has current code).
     */
    uint8_t jit_mode;
    uint32_t jit_threshold; /* runs of a block before it is translated */
    struct JitBuf *jit;
    uint64_t jit_gen;
    uint64_t jit_blocks;    /* blocks translated (statistics) */
    uint64_t jit_refused;   /* blocks whose first record is unsupported */
} X86CPU;

/* X86CPU.jit_mode */
enum {
    X86_JIT_MODE_OFF,       /* interpret only */
    X86_JIT_MODE_ON,        /* translate blocks run jit_threshold times */
    X86_JIT_MODE_FORCE,     /* translate every block on its first run */
};

/* Interrupt inputs. */
#define X86_INT_HARD    (1u << 0)   /* INTR line; vector from intr_ack */
#define X86_INT_NMI     (1u << 1)   /* edge: cleared when delivered */
#define X86_INT_INIT    (1u << 2)   /* INIT: handled at the next exec */
#define X86_INT_SIPI    (1u << 3)   /* STARTUP with sipi_vector */
#define X86_INT_SAVIC   (1u << 4)   /* Secure AVIC: look at the page */

/* The ops table the scheduler drives (exec, has_work, kick). */
extern const VCPUOps x86_vcpu_ops;

X86CPU *x86_cpu_new(AddressSpace *as);
/* The port I/O address space for IN/OUT (the machine's as_io). */
void x86_cpu_set_io(X86CPU *cpu, AddressSpace *io);
/* The clocks the TSC follows (1 GHz on QEMU_CLOCK_VIRTUAL). */
void x86_cpu_set_clocks(X86CPU *cpu, QEMUClocks *clocks);
void x86_cpu_free(X86CPU *cpu);
/* Architectural reset (real mode at F000:FFF0, as after power-on). */
void x86_cpu_reset(X86CPU *cpu);
/* Flat 64-bit mode: CS.L = 1, CPL 0, flat data segments, paging off. */
void x86_cpu_set_flat64(X86CPU *cpu, uint64_t rip);
void x86_update_hflags(X86CPU *cpu);
void x86_cpu_attach(X86CPU *cpu, CPUScheduler *s);
/*
 * Interrupt lines (board/APIC side).  INTR is level: the board raises it
 * while an interrupt is pending and @ack (called when the CPU accepts it,
 * IF = 1) returns its vector, or -1 if it went away.
 */
void x86_cpu_set_intr_ack(X86CPU *cpu, int (*ack)(void *opaque),
                          void *opaque);
void x86_cpu_interrupt(X86CPU *cpu, unsigned mask);
void x86_cpu_reset_interrupt(X86CPU *cpu, unsigned mask);
bool x86_cpu_has_work(X86CPU *cpu);
/* Run at most @budget instructions; returns how many ran. */
int64_t x86_cpu_exec(X86CPU *cpu, int64_t budget);

/*
 * APIC glue (apic-glue.c).  x86_cpu_set_apic() connects @apic: its
 * INTR, NMI, INIT and SIPI reach the CPU, its xAPIC page is this CPU's
 * private page, APIC_BASE/x2APIC/TSC_DEADLINE MSRs and CR8 go to it.
 * INTA (intr_ack) stays the board's: it must call apic_get_interrupt()
 * and ask the 8259 on APIC_INTA_EXTINT.
 */
void x86_cpu_set_apic(X86CPU *cpu, struct APICState *apic);
/* MSRs the APIC owns: 1 handled (*val read), 0 not an APIC MSR, -1 #GP. */
int x86_apic_rdmsr(X86CPU *cpu, uint32_t idx, uint64_t *val);
int x86_apic_wrmsr(X86CPU *cpu, uint32_t idx, uint64_t val);
/* The xAPIC page (soft TLB private page hooks; opaque is the X86CPU). */
uint64_t x86_apic_page_read(void *opaque, hwaddr offset, unsigned size);
void x86_apic_page_write(void *opaque, hwaddr offset, unsigned size,
                         uint64_t val);
/* CR8 is the APIC's TPR[7:4] (env.cr8 without an APIC). */
uint64_t x86_cpu_get_cr8(X86CPU *cpu);
void x86_cpu_set_cr8(X86CPU *cpu, uint64_t v);
/* Process a pending INIT or SIPI (X86_INT_INIT/SIPI), between blocks. */
void x86_cpu_do_init_sipi(X86CPU *cpu);
/* Put an AP in wait-for-SIPI (at reset: only the BSP runs). */
void x86_cpu_wait_for_sipi(X86CPU *cpu);
/*
 * Something other than the CPUs (DMA, a loader) wrote guest-physical
 * [paddr, paddr + len): drop the blocks decoded from it, in @cpu and its
 * siblings.  Blocks running now finish their current run.
 */
void x86_cpu_phys_written(X86CPU *cpu, hwaddr paddr, hwaddr len);
/* Apply the CPU model (-cpu): CPUID data and decoder features. */
void x86_cpu_set_model(X86CPU *cpu, const X86CPUID *model);
/* CPUID for the instruction: EAX/ECX in, EAX..EDX out. */
void x86_cpu_cpuid(X86CPU *cpu);
/*
 * x87/SSE reset state (fpu-state.c): FCW 0x37f (what FNINIT sets, as
 * QEMU resets it; the SDM's power-on value is 0x40), MXCSR 0x1f80, an
 * empty stack, XMM registers zero.  Call after clearing CPUX86State.
 */
void x86_fpu_reset(CPUX86State *env);

uint64_t x86_get_eflags(const CPUX86State *env);
void x86_set_eflags(CPUX86State *env, uint64_t value);

#endif
