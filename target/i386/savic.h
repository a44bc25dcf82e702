/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * AMD Secure AVIC, the "hardware" half (specs/secure-avic.md).
 *
 * With Secure AVIC a vCPU's local APIC lives in a guest-owned 4 KiB
 * backing page; the control MSR (0xC0010138) points at it.  This module
 * is what the CPU does with that page: the x2APIC MSR access matrix
 * (allow, trap, fault, #GP), accelerated TPR/EOI/self-IPI, the entry-time
 * merge of RequestedIRR filtered by ALLOWED_IRR, NMI_REQ and AllowedNmi,
 * interrupt acceptance by priority, and the SAVIC VMGEXIT (register /
 * unregister the page).  The emulator plays the hypervisor too; its
 * emulated timer, LVTs and devices reach the guest only through
 * savic_request_irr() / savic_request_nmi().
 *
 * "Entry" (VMRUN on real hardware) is savic_enter(): the board calls it
 * before the vCPU runs again whenever savic_needs_entry() says so.
 * Choices for the spec's open points are documented in
 * docs/secure-avic.md.
 */
#ifndef TARGET_I386_SAVIC_H
#define TARGET_I386_SAVIC_H

#include "system/memory.h"

#define MSR_SEV_STATUS              0xc0010131
#define MSR_SAVIC_CONTROL           0xc0010138
#define SAVIC_CTRL_EN               (1ull << 0)
#define SAVIC_CTRL_ALLOWED_NMI      (1ull << 1)
#define SAVIC_CTRL_GPA_MASK         0x000ffffffffff000ull
#define SEV_STATUS_SNP              (1ull << 2)
#define SEV_STATUS_SECURE_AVIC      (1ull << 18)

/* #VC error codes (SVM exit codes) this module produces. */
#define SVM_EXIT_MSR                0x7c
#define SVM_EXIT_AVIC_INCOMPLETE_IPI 0x401
#define SVM_EXIT_AVIC_NOACCEL       0x402

/* SAVIC VMGEXIT (exit code 0x8000001A) */
#define SVM_VMGEXIT_SAVIC           0x8000001aull
#define SAVIC_REGISTER_GPA          0
#define SAVIC_UNREGISTER_GPA        1
#define SAVIC_SELF                  (~0ull)
#define GHCB_ERR_INVALID_INPUT      5

/* Backing-page offsets. */
#define SAVIC_APIC_ID               0x020
#define SAVIC_TPR                   0x080
#define SAVIC_PPR                   0x0a0
#define SAVIC_ISR                   0x100
#define SAVIC_TMR                   0x180
#define SAVIC_IRR                   0x200
#define SAVIC_ALLOWED_IRR           0x204
#define SAVIC_NMI_REQ               0x278
#define SAVIC_ICR                   0x300

typedef enum SavicAccess {
    SAVIC_ALLOW,        /* done on the page, no exit */
    SAVIC_TRAP,         /* done, then #VC with RIP after the instruction */
    SAVIC_FAULT,        /* not done, #VC with RIP at the instruction */
    SAVIC_GP,           /* #GP(0), as x2APIC says */
    SAVIC_NOT_MINE,     /* not an x2APIC MSR: the ordinary path */
} SavicAccess;

typedef struct SavicResult {
    SavicAccess kind;
    uint32_t vc_code;   /* TRAP and FAULT: the #VC error code */
} SavicResult;

/* Per-vCPU counters (QMP and tests). */
typedef struct SavicStats {
    uint64_t requested;     /* vectors the hypervisor asked for */
    uint64_t merged;        /* ... that ALLOWED_IRR let into IRR */
    uint64_t blocked;       /* ... that ALLOWED_IRR dropped */
    uint64_t delivered;     /* vectors taken through the IDT */
    uint64_t nmi_accepted;  /* host NMIs let in by AllowedNmi */
    uint64_t nmi_refused;   /* host NMIs dropped: AllowedNmi clear */
    uint64_t hv_writes_refused; /* HV writes to the private page (RMP) */
} SavicStats;

/*
 * What the board lets the Secure AVIC model ask of it: make the vCPU
 * re-evaluate its page (and wake it), and whether a guest page is
 * shared (a hypervisor may write only shared pages: the RMP check).
 */
typedef struct SavicHvHooks {
    void (*notify)(void *opaque);
    bool (*page_shared)(void *opaque, uint64_t gpa);
} SavicHvHooks;

typedef struct SavicCPU {
    AddressSpace *as;       /* guest physical, C-bit already stripped */
    uint32_t apic_id;
    bool selected;          /* SEV_FEATURES[16]: the VM has Secure AVIC */
    uint64_t ctrl;          /* MSR 0xC0010138 */
    /* hypervisor -> CPU ("VMCB") */
    uint32_t requested_irr[8];
    bool update_irr;
    bool host_nmi;
    /* CPU state outside the page */
    bool nmi_pending;
    bool ipi_pending;       /* kicked: re-evaluate at the next entry */
    uint64_t registered_gpa;
    SavicStats stats;
    const SavicHvHooks *hv;     /* may be NULL (unit tests) */
    void *hv_opaque;
} SavicCPU;

void savic_cpu_init(SavicCPU *s, AddressSpace *as, uint32_t apic_id,
                    bool selected);
/* Power-on / INIT: control MSR and pending state cleared. */
void savic_cpu_reset(SavicCPU *s);
static inline bool savic_enabled(const SavicCPU *s)
{
    return s->selected && (s->ctrl & SAVIC_CTRL_EN);
}

/* Control MSR.  false: #GP(0). */
bool savic_ctrl_read(SavicCPU *s, uint64_t *val);
bool savic_ctrl_write(SavicCPU *s, uint64_t val);

/* x2APIC MSRs (0x800-0x8ff) while Secure AVIC is selected. */
SavicResult savic_msr_read(SavicCPU *s, uint32_t msr, uint64_t *val);
SavicResult savic_msr_write(SavicCPU *s, uint32_t msr, uint64_t val);

/* Hypervisor side: ask for a vector or an NMI at the next entry. */
void savic_request_irr(SavicCPU *s, uint8_t vector);
void savic_request_nmi(SavicCPU *s);
/* Hypervisor side: the GHCB "write ICR" kick for an IPI target. */
void savic_kick(SavicCPU *s);
/* Tell the vCPU (hooks) that a request or kick is waiting. */
void savic_notify(SavicCPU *s);
/*
 * A hypervisor store of @val at @offset of the vCPU's backing page (the
 * page in the control MSR, else the registered one).  Refused (-EPERM,
 * counted) while the page is private, as the RMP refuses it; -ENOENT
 * without a page.  Used by the test-only QMP command
 * x-secure-avic-hv-write (spec section 8, S6).
 */
int savic_hv_write_page(SavicCPU *s, unsigned offset, uint32_t val);

/* Entry: merge, NMI folding, PPR (section 5.1). */
bool savic_needs_entry(const SavicCPU *s);
void savic_enter(SavicCPU *s);

/* Highest vector deliverable by priority (ignoring RFLAGS.IF), or -1. */
int savic_pending_vector(SavicCPU *s);
/* The CPU takes @vector: IRR -> ISR, PPR. */
void savic_accept(SavicCPU *s, int vector);
/* A pending NMI is taken (true) and cleared. */
bool savic_take_nmi(SavicCPU *s);

/*
 * SAVIC VMGEXIT.  @cpus/@n: every vCPU of the VM, to resolve an APIC id.
 * Returns the SW_EXITINFO1 answer (0 ok, 2 error with *@info2 set).
 */
uint64_t savic_vmgexit(SavicCPU *self, SavicCPU *const *cpus, unsigned n,
                       uint64_t info1, uint64_t rax, bool rax_valid,
                       uint64_t *rbx, bool rbx_valid, uint64_t *info2);

#endif
