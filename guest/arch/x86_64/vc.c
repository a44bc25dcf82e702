/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The #VC (VMM communication, vector 29) handler of an SEV-SNP guest and
 * the NMI entry.  A #VC carries only the exit code: the handler decodes
 * the instruction at RIP itself, asks the hypervisor through the GHCB
 * page (or, before the page exists, the GHCB MSR protocol for CPUID) and
 * emulates the result:
 *   0x72 CPUID, 0x7B IN/OUT (not the string forms), 0x7C RDMSR/WRMSR,
 *   0x400 a data access to emulated-device MMIO (the MOV forms below,
 *   done with the GHCB MMIO read/write events),
 *   0x401 a non-self ICR write under Secure AVIC (sent by the driver),
 *   0x402 an unaccelerated x2APIC access (TMCCT read fault, else a
 *   write that trapped with RIP already past the WRMSR).
 * Anything else terminates the VM: it cannot be emulated safely.
 */
#include "arch/sev.h"
#include "arch/apic.h"
#include "smp.h"
#include "mm.h"
#include "mmio-decode.h"

#define GHCB_MSR_CPUID_REQ  0x004
#define GHCB_MSR_CPUID_RESP 0x005
#define X2APIC_TMCCT        0x839

void (*nmi_hook)(TrapFrame *tf);

static inline void vmgexit(void)
{
    __asm__ volatile("rep; vmmcall" ::: "memory");
}

/* Before the GHCB page: one MSR-protocol request per register. */
static void vc_cpuid_msr_protocol(TrapFrame *tf)
{
    uint64_t saved = rdmsr(MSR_GHCB);
    uint64_t *regs[4] = { &tf->rax, &tf->rbx, &tf->rcx, &tf->rdx };
    uint64_t leaf = (uint32_t)tf->rax, v[4];

    for (uint64_t r = 0; r < 4; r++) {
        wrmsr(MSR_GHCB, leaf << 32 | r << 30 | GHCB_MSR_CPUID_REQ);
        vmgexit();
        v[r] = rdmsr(MSR_GHCB);
        if ((v[r] & 0xfff) != GHCB_MSR_CPUID_RESP) {
            sev_terminate(SEV_TERM_SET_LINUX, 0x7c);
        }
    }
    for (int r = 0; r < 4; r++) {
        *regs[r] = v[r] >> 32;
    }
    wrmsr(MSR_GHCB, saved);
}

/* The hypervisor asked for an exception (SW_EXITINFO1 = 1). */
static void vc_inject(TrapFrame *tf, uint8_t *g)
{
    uint64_t ev = ghcb_get(g, GHCB_EXITINFO2);

    ghcb_end(g);
    tf->vector = ev & 0xff;
    tf->error = 0;
    trap_dispatch(tf);
}

static void vc_cpuid(TrapFrame *tf)
{
    uint8_t *g = ghcb_begin();

    ghcb_clear(g);
    ghcb_set(g, GHCB_RAX, (uint32_t)tf->rax);
    ghcb_set(g, GHCB_RCX, (uint32_t)tf->rcx);
    if (ghcb_call(g, SVM_EXIT_CPUID, 0, 0)) {
        sev_terminate(SEV_TERM_SET_LINUX, 0x72);
    }
    tf->rax = (uint32_t)ghcb_get(g, GHCB_RAX);
    tf->rbx = (uint32_t)ghcb_get(g, GHCB_RBX);
    tf->rcx = (uint32_t)ghcb_get(g, GHCB_RCX);
    tf->rdx = (uint32_t)ghcb_get(g, GHCB_RDX);
    ghcb_end(g);
    tf->rip += 2;
}

/* IN/OUT with an immediate port or DX; 8, 16 (0x66) or 32 bits. */
static void vc_ioio(TrapFrame *tf)
{
    const uint8_t *ip = (const uint8_t *)tf->rip;
    unsigned len = 1, size = 1, port;
    bool in, opsize = false;
    uint8_t *g;

    if (ip[0] == 0x66) {
        opsize = true;
        ip++;
        len++;
    }
    if ((ip[0] & 0xf4) != 0xe4) {
        sev_terminate(SEV_TERM_SET_LINUX, 0x7b);    /* INS/OUTS etc. */
    }
    in = !(ip[0] & 2);
    size = ip[0] & 1 ? (opsize ? 2 : 4) : 1;
    if (ip[0] & 8) {
        port = tf->rdx & 0xffff;
    } else {
        port = ip[1];
        len++;
    }
    g = ghcb_begin();
    ghcb_clear(g);
    ghcb_set(g, GHCB_RAX, in ? 0 : tf->rax);
    if (ghcb_call(g, SVM_EXIT_IOIO, (uint64_t)port << 16 | size << 4 | in,
                  0)) {
        sev_terminate(SEV_TERM_SET_LINUX, 0x7b);
    }
    if (in) {
        uint64_t m = size == 4 ? 0xffffffffULL : (1ULL << (size * 8)) - 1;

        tf->rax = (tf->rax & ~m) | (ghcb_get(g, GHCB_RAX) & m);
    }
    ghcb_end(g);
    tf->rip += len;
}

/* RDMSR/WRMSR through the GHCB; @trap: RIP is already past it. */
static void vc_msr(TrapFrame *tf, bool write, bool trap)
{
    uint8_t *g = ghcb_begin();
    uint32_t ret;

    ghcb_clear(g);
    ghcb_set(g, GHCB_RCX, (uint32_t)tf->rcx);
    if (write) {
        ghcb_set(g, GHCB_RAX, (uint32_t)tf->rax);
        ghcb_set(g, GHCB_RDX, (uint32_t)tf->rdx);
    }
    ret = ghcb_call(g, SVM_EXIT_MSR, write, 0);
    if (ret == 1) {
        vc_inject(tf, g);
        return;
    }
    if (ret) {
        sev_terminate(SEV_TERM_SET_LINUX, 0x7c);
    }
    if (!write) {
        tf->rax = (uint32_t)ghcb_get(g, GHCB_RAX);
        tf->rdx = (uint32_t)ghcb_get(g, GHCB_RDX);
    }
    ghcb_end(g);
    if (!trap) {
        tf->rip += 2;
    }
}

/* ---- MMIO (#VC 0x400), decoded by mmio-decode.h ---- */

static void vc_mmio(TrapFrame *tf)
{
    uint64_t *gpr[16] = {
        &tf->rax, &tf->rcx, &tf->rdx, &tf->rbx, &tf->rsp, &tf->rbp,
        &tf->rsi, &tf->rdi, &tf->r8, &tf->r9, &tf->r10, &tf->r11,
        &tf->r12, &tf->r13, &tf->r14, &tf->r15,
    };
    MmioInsn m;
    uint64_t gpa, v = 0;
    uint8_t *g;
    uint32_t ret;

    if (!mmio_decode((const uint8_t *)tf->rip, tf->rip, gpr, &m)) {
        sev_terminate(SEV_TERM_SET_LINUX, 0x40);
    }
    gpa = vm_translate(m.va, NULL);
    if (gpa == (uint64_t)-1) {
        sev_terminate(SEV_TERM_SET_LINUX, 0x41);
    }
    if (m.write) {
        v = mmio_store_value(&m);
    }
    g = ghcb_begin();
    ghcb_clear(g);
    memcpy(g + GHCB_BUF, &v, m.size);
    ghcb_set(g, GHCB_SCRATCH, v2p(g) + GHCB_BUF);
    ret = ghcb_call(g, m.write ? VMGEXIT_MMIO_WRITE : VMGEXIT_MMIO_READ,
                    gpa, m.size);
    if (ret == 1) {
        vc_inject(tf, g);
        return;
    }
    if (ret) {
        sev_terminate(SEV_TERM_SET_LINUX, 0x42);
    }
    if (!m.write) {
        memcpy(&v, g + GHCB_BUF, m.size);
    }
    ghcb_end(g);
    if (!m.write) {
        mmio_load_result(&m, v);
    }
    tf->rip += m.len;
}

static bool at_rdmsr(const TrapFrame *tf)
{
    const uint8_t *ip = (const uint8_t *)tf->rip;

    return ip[0] == 0x0f && ip[1] == 0x32;
}

void vc_dispatch(TrapFrame *tf)
{
    SevStats *st = &sev_stats[sev_cpu_index()];

    switch (tf->error) {
    case SVM_EXIT_CPUID:
        st->vc_cpuid++;
        if (!ghcb_ready()) {
            vc_cpuid_msr_protocol(tf);
            tf->rip += 2;
        } else {
            vc_cpuid(tf);
        }
        return;
    case SVM_EXIT_IOIO:
        st->vc_ioio++;
        vc_ioio(tf);
        return;
    case SVM_EXIT_MSR:
        st->vc_msr++;
        vc_msr(tf, !at_rdmsr(tf), false);
        return;
    case SVM_EXIT_NPF:
        st->vc_mmio++;
        vc_mmio(tf);
        return;
    case SVM_EXIT_INCOMPLETE_IPI:
        st->vc_ipi++;
        savic_send_icr(tf->rdx << 32 | (uint32_t)tf->rax);
        return;
    case SVM_EXIT_NOACCEL:
        st->vc_noaccel++;
        if (at_rdmsr(tf) && (uint32_t)tf->rcx == X2APIC_TMCCT) {
            vc_msr(tf, false, false);
        } else {
            vc_msr(tf, true, true);
        }
        return;
    default:
        st->vc_other++;
        sev_terminate(SEV_TERM_SET_LINUX, 0x70);
    }
}

/* NMI_COMPLETE: the hypervisor may send the next NMI. */
static void nmi_complete(void)
{
    uint8_t *g = ghcb_begin();

    ghcb_clear(g);
    ghcb_call(g, VMGEXIT_NMI_COMPLETE, 0, 0);
    ghcb_end(g);
}

/*
 * An NMI goes to the test hook when one is set, to trap_dispatch() when
 * a test is catching exceptions; otherwise it is only counted (an NMI
 * nobody asked for, e.g. from the host: not worth a panic or a killed
 * user task).
 */
void nmi_dispatch(TrapFrame *tf)
{
    sev_stats[sev_snp_active() ? sev_cpu_index() : this_cpu()->id].nmis++;
    if (nmi_hook) {
        nmi_hook(tf);
    } else if (this_cpu()->trap_catch) {
        trap_dispatch(tf);
    }
    if (sev_snp_active()) {
        nmi_complete();
    }
}
