/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SEV-SNP guest support of the x86_64 port: detection (CPUID 0x8000001F,
 * SEV_STATUS), the GHCB (MSR protocol and one shared page per CPU), the
 * #VC handler, AP creation and the Secure AVIC events.  Facts:
 * ../shared/specs/secure-avic.md; design: docs/devel/secure-avic.md.
 */
#ifndef ARCH_SEV_H
#define ARCH_SEV_H

#include "arch/cpu.h"

#define MSR_GHCB                0xc0010130
#define MSR_SEV_STATUS          0xc0010131
#define MSR_SAVIC_CONTROL       0xc0010138
#define SAVIC_CTRL_EN           BIT(0)
#define SAVIC_CTRL_ALLOWED_NMI  BIT(1)

#define SEV_STATUS_SEV          BIT(0)
#define SEV_STATUS_SEV_ES       BIT(1)
#define SEV_STATUS_SNP          BIT(2)
#define SEV_STATUS_SAVIC        BIT(18)

/* GHCB page offsets and exit codes used by the guest. */
#define GHCB_RAX                0x1f8
#define GHCB_RCX                0x308
#define GHCB_RDX                0x310
#define GHCB_RBX                0x318
#define GHCB_EXITCODE           0x390
#define GHCB_EXITINFO1          0x398
#define GHCB_EXITINFO2          0x3a0
#define GHCB_SCRATCH            0x3a8
#define GHCB_BUF                0x800

#define SVM_EXIT_CPUID          0x72
#define SVM_EXIT_IOIO           0x7b
#define SVM_EXIT_MSR            0x7c
#define SVM_EXIT_NPF            0x400
#define SVM_EXIT_INCOMPLETE_IPI 0x401
#define SVM_EXIT_NOACCEL        0x402
#define VMGEXIT_MMIO_READ       0x80000001u
#define VMGEXIT_MMIO_WRITE      0x80000002u
#define VMGEXIT_NMI_COMPLETE    0x80000003u
#define VMGEXIT_AP_CREATION     0x80000013u
#define VMGEXIT_SAVIC           0x8000001au

/* Termination reasons (GHCB MSR protocol 0x100). */
#define SEV_TERM_SET_GEN        0
#define SEV_TERM_SNP_UNSUPPORTED 2
#define SEV_TERM_SET_LINUX      1       /* the OS-defined set */
#define SEV_TERM_SAVIC_FAIL     12

extern uint64_t sev_status;             /* 0 without SEV */

static inline bool sev_snp_active(void)
{
    return sev_status & SEV_STATUS_SNP;
}

static inline bool sev_savic_active(void)
{
    return sev_status & SEV_STATUS_SAVIC;
}

/*
 * Called from boot.S before kmain (boot page tables, no GS): early IDT,
 * detection, GHCB of CPU 0, EFER.NXE.
 */
void sev_early_init(void);
/* An AP's first step (before any #VC): its GHCB. */
void sev_ap_init(unsigned cpu);
__noreturn void sev_terminate(unsigned set, unsigned code);

/*
 * The page protocol.  Callers bracket a call with ghcb_begin()/
 * ghcb_end() (interrupts off; a nested user, e.g. an NMI, saves and
 * restores the page).
 */
uint8_t *ghcb_begin(void);
/* This CPU's GHCB page is registered (else only the MSR protocol). */
bool ghcb_ready(void);
/* This CPU's index, from its GHCB (0 before it has one). */
unsigned sev_cpu_index(void);
void ghcb_end(uint8_t *g);
void ghcb_set(uint8_t *g, unsigned off, uint64_t v);
uint64_t ghcb_get(uint8_t *g, unsigned off);
void ghcb_clear(uint8_t *g);
/* Returns SW_EXITINFO1[31:0] (0 success, 1 exception, 2 error). */
uint32_t ghcb_call(uint8_t *g, uint64_t code, uint64_t info1,
                   uint64_t info2);

/* MSR exits through the GHCB (the hypervisor's view); 0 on success. */
int ghcb_msr_read(uint32_t msr, uint64_t *v);
int ghcb_msr_write(uint32_t msr, uint64_t v);

/* Start CPU @apic_id at the state in the VMSA page at @vmsa_pa. */
int sev_ap_create(uint32_t apic_id, uint64_t vmsa_pa);
/* SAVIC NAE for this CPU: register @pa / unregister (*old = GPA). */
int sev_savic_register(uint64_t pa);
int sev_savic_unregister(uint64_t *old);

/* #VC and NMI entry points (entry.S routes vectors 29 and 2 here). */
void vc_dispatch(TrapFrame *tf);
void nmi_dispatch(TrapFrame *tf);
/* Called for each NMI when set (tests); else NMIs go to trap_dispatch. */
extern void (*nmi_hook)(TrapFrame *tf);

/* Counters, per CPU: #VC by kind, NMIs taken. */
typedef struct SevStats {
    uint64_t vc_cpuid, vc_ioio, vc_msr, vc_mmio, vc_ipi, vc_noaccel;
    uint64_t vc_other, nmis;
} SevStats;
extern SevStats sev_stats[];

#endif
