/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SEV-SNP in the x86 engine: the per-VM and per-vCPU state that turns
 * an X86CPU into an SEV-SNP guest vCPU (docs/devel/secure-avic.md).
 *
 * The board creates one X86SevVM (from its sev-snp-guest object) and
 * attaches every vCPU with x86_sev_cpu_add().  From then on the engine:
 *   - reports SEV_STATUS (MSR 0xC0010131) and keeps the GHCB MSR
 *     (0xC0010130) and the Secure AVIC control MSR (0xC0010138);
 *   - raises #VC (vector 29, error code = SVM exit code) for CPUID (0x72),
 *     IN/OUT/INS/OUTS (0x7B), intercepted MSRs (0x7C), data accesses to
 *     emulated-device MMIO (0x400, NPF) and Secure AVIC x2APIC accesses
 *     that fault or trap (0x401/0x402);
 *   - runs VMGEXIT (F3 0F 01 D9) through ghcb_vmgexit() with hooks that
 *     play the hypervisor (ours: CPUID, MSRs, port and memory accesses,
 *     AP creation, the SAVIC event, termination);
 *   - strips the C-bit from page-table addresses;
 *   - with Secure AVIC enabled, takes interrupts from the backing page
 *     and turns the emulated APIC's vectors into RequestedIRR.
 */
#ifndef TARGET_I386_SEV_CPU_H
#define TARGET_I386_SEV_CPU_H

#include "target/i386/engine.h"
#include "target/i386/ghcb.h"
#include "target/i386/savic.h"

#define X86_EXCP_VC 29

/* Called when a vCPU asks to terminate (GHCB termination request). */
typedef void X86SevTerminateFn(void *opaque, X86CPU *cpu, unsigned set,
                               unsigned code);

typedef struct X86SevVM {
    uint64_t status;            /* SEV_STATUS of every vCPU */
    unsigned cbitpos;
    GhcbPageState ps;
    GPtrArray *cpus;            /* X86CPU *, attached order */
    GPtrArray *savics;          /* SavicCPU *, same order */
    X86SevTerminateFn *terminate;
    void *opaque;
    /* last termination request (QMP / tests) */
    bool terminated;
    unsigned term_set, term_code;
} X86SevVM;

typedef struct X86SevCPU {
    X86SevVM *vm;
    GhcbVcpu ghcb;
    SavicCPU savic;             /* savic.selected: the VM has Secure AVIC */
    bool parked;                /* AP reset hold: waits for AP creation */
    uint64_t vc_count;          /* #VC raised (tests) */
} X86SevCPU;

X86SevVM *x86_sev_vm_new(uint64_t sev_status, unsigned cbitpos,
                         X86SevTerminateFn *terminate, void *opaque);
void x86_sev_vm_free(X86SevVM *vm);
/* Machine reset: page state (all private) and termination cleared. */
void x86_sev_vm_reset(X86SevVM *vm);
/* Make @cpu an SEV-SNP vCPU of @vm (its APIC ID is cpu->cpuid.apic_id). */
X86SevCPU *x86_sev_cpu_add(X86SevVM *vm, X86CPU *cpu);
/* Power-on / INIT state of the SEV side (GHCB MSR, Secure AVIC). */
void x86_sev_cpu_reset(X86CPU *cpu);

/* Engine hooks (cpu->sev != NULL). */
/* Raise #VC @code at @op (fault) or after it (@trap); counted. */
void QEMU_NORETURN x86_sev_vc(X86CPU *cpu, const X86Op *op, uint32_t code,
                              bool trap);
/*
 * A data access by @op reaches a device at @paddr (the soft TLB's MMIO
 * path): #VC 0x400 at @op, unless @paddr is RAM-backed (a ROM write,
 * dropped as before).
 */
void x86_sev_mmio(X86CPU *cpu, const X86Op *op, hwaddr paddr,
                  bool is_write);
bool x86_sev_rdmsr(X86CPU *cpu, const X86Op *op, uint32_t idx,
                   uint64_t *val);
bool x86_sev_wrmsr(X86CPU *cpu, const X86Op *op, uint32_t idx,
                   uint64_t val);
/*
 * Interrupts at an instruction boundary with Secure AVIC: -2 when
 * Secure AVIC is off (the ordinary path decides), -1 nothing to take,
 * else the vector to deliver (2 for an NMI).
 */
int x86_sev_interrupt(X86CPU *cpu);
bool x86_sev_has_work(X86CPU *cpu);

#endif
