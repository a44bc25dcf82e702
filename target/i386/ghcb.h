/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The hypervisor side of the SEV-ES/SNP Guest-Hypervisor Communication
 * Block (specs/secure-avic.md section 1.4).
 *
 * A guest executes VMGEXIT with either a request in the GHCB MSR
 * (0xC0010130; the "MSR protocol", low 12 bits = request code) or the
 * GPA of its GHCB page there (the "page protocol": SW_EXITCODE and
 * registers in the page).  The emulator plays the hypervisor:
 * ghcb_vmgexit() decodes either form, calls the board's hooks to do the
 * work (CPUID, MSR, port and MMIO accesses, AP creation, Secure AVIC)
 * and writes the answer back where the guest expects it.  The GHCB and
 * everything it points to are untrusted guest memory: every field is
 * checked, never asserted.
 */
#ifndef TARGET_I386_GHCB_H
#define TARGET_I386_GHCB_H

#include "system/memory.h"

#define MSR_GHCB                    0xc0010130

/* GHCB page offsets. */
#define GHCB_RAX                    0x1f8
#define GHCB_RCX                    0x308
#define GHCB_RDX                    0x310
#define GHCB_RBX                    0x318
#define GHCB_SW_EXITCODE            0x390
#define GHCB_SW_EXITINFO1           0x398
#define GHCB_SW_EXITINFO2           0x3a0
#define GHCB_SW_SCRATCH             0x3a8
#define GHCB_XCR0                   0x3e8
#define GHCB_VALID_BITMAP           0x3f0
#define GHCB_SHARED_BUF             0x800
#define GHCB_SHARED_BUF_SIZE        2032
#define GHCB_PROTOCOL_VERSION       0xffa
#define GHCB_USAGE                  0xffc

/* Exit codes (SW_EXITCODE). */
#define SVM_EXIT_CPUID              0x72
#define SVM_EXIT_IOIO               0x7b
#define SVM_EXIT_MSR_NAE            0x7c
#define SVM_EXIT_NPF                0x400   /* #VC only: MMIO access */
#define SVM_VMGEXIT_MMIO_READ       0x80000001u
#define SVM_VMGEXIT_MMIO_WRITE      0x80000002u
#define SVM_VMGEXIT_NMI_COMPLETE    0x80000003u
#define SVM_VMGEXIT_AP_HLT_LOOP     0x80000004u
#define SVM_VMGEXIT_PSC             0x80000010u
#define SVM_VMGEXIT_AP_CREATION     0x80000013u
#define SVM_VMGEXIT_SAVIC_NAE       0x8000001au
#define SVM_VMGEXIT_HV_FEATURES     0x8000fffdu
#define SVM_VMGEXIT_TERM_REQUEST    0x8000fffeu

/* GHCB error codes (SW_EXITINFO2 when SW_EXITINFO1 = 2). */
#define GHCB_ERR_NOT_REGISTERED     1
#define GHCB_ERR_INVALID_USAGE      2
#define GHCB_ERR_INVALID_SCRATCH    3
#define GHCB_ERR_MISSING_INPUT      4
#define GHCB_ERR_BAD_INPUT          5
#define GHCB_ERR_INVALID_EVENT      6

/* Hypervisor features we report (MSR protocol 0x080 and NAE). */
#define GHCB_HV_FT_SNP              (1ull << 0)
#define GHCB_HV_FT_AP_CREATION      (1ull << 1)

#define GHCB_PROTO_MIN              1
#define GHCB_PROTO_MAX              2

/* What the board must do after a VMGEXIT. */
typedef enum GhcbAction {
    GHCB_CONTINUE,          /* resume the guest after the VMGEXIT */
    GHCB_HALT_AP,           /* AP reset hold: park until woken */
    GHCB_TERMINATE,         /* guest asked to stop (or broke the protocol) */
} GhcbAction;

/* Board services, all for the calling vCPU's @opaque. */
typedef struct GhcbHooks {
    /* CPUID as the guest is allowed to see it. */
    void (*cpuid)(void *opaque, uint32_t leaf, uint32_t subleaf,
                  uint32_t out[4]);
    /* false: the MSR does not exist (the guest gets #GP). */
    bool (*msr_read)(void *opaque, uint32_t msr, uint64_t *val);
    bool (*msr_write)(void *opaque, uint32_t msr, uint64_t val);
    uint32_t (*io_read)(void *opaque, uint16_t port, unsigned size);
    void (*io_write)(void *opaque, uint16_t port, unsigned size,
                     uint32_t val);
    /* GPA accesses of emulated devices (C-bit stripped). */
    bool (*mmio)(void *opaque, uint64_t gpa, void *buf, unsigned len,
                 bool is_write);
    /* AP creation: 0 = ok, else a GHCB error code. */
    unsigned (*ap_create)(void *opaque, uint32_t apic_id, unsigned request,
                          uint64_t vmsa_gpa, uint64_t sev_features);
    /* SAVIC NAE: returns SW_EXITINFO1, fills *info2 and *rbx. */
    uint64_t (*savic)(void *opaque, uint64_t info1, uint64_t rax,
                      bool rax_valid, uint64_t *rbx, bool rbx_valid,
                      uint64_t *info2);
    void (*nmi_complete)(void *opaque);
} GhcbHooks;

/* Per-vCPU protocol state. */
typedef struct GhcbVcpu {
    AddressSpace *as;
    uint64_t msr;               /* MSR 0xC0010130 as the guest sees it */
    uint64_t registered_gpa;    /* SNP: only this GHCB may be used */
    unsigned cbitpos;           /* reported by SEV info */
    /* termination request, when GHCB_TERMINATE */
    unsigned term_set, term_code;
} GhcbVcpu;

/*
 * Shared/private page state of the VM, changed by page-state-change
 * requests (the GHCB must be shared, a Secure AVIC page private).
 */
typedef struct GhcbPageState {
    GHashTable *shared;         /* GFN -> present when shared */
} GhcbPageState;

void ghcb_page_state_init(GhcbPageState *ps);
void ghcb_page_state_destroy(GhcbPageState *ps);
bool ghcb_page_is_shared(const GhcbPageState *ps, uint64_t gpa);

void ghcb_vcpu_init(GhcbVcpu *v, AddressSpace *as, unsigned cbitpos);

/* Release an AP parked by GHCB_HALT_AP (its AP-reset-hold answer). */
void ghcb_ap_wake(GhcbVcpu *v);

/* The guest executed VMGEXIT. */
GhcbAction ghcb_vmgexit(GhcbVcpu *v, GhcbPageState *ps,
                        const GhcbHooks *h, void *opaque);

#endif
