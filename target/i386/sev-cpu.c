/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SEV-SNP and Secure AVIC wired into the x86 engine (sev-cpu.h has the
 * contract).  The emulator plays both the CPU and the hypervisor: the
 * #VC intercepts and the Secure AVIC page are the CPU half, the GHCB
 * hooks below are the hypervisor half (CPUID from our CPU model, MSRs
 * through the ordinary MSR path, ports and memory through the address
 * spaces, AP creation from a VMSA, the SAVIC event, termination).
 */
#include "qemu/osdep.h"
#include "target/i386/sev-cpu.h"
#include "hw/intc/apic.h"
#include "qemu/log.h"
#include "trace-target_i386.h"

#define MSR_APIC_BASE_IDX       0x1b
#define MSR_TSC_DEADLINE_IDX    0x6e0
#define X2APIC_FIRST            0x800
#define X2APIC_LAST             0x8ff
#define X2APIC_ICR              0x830
#define X2APIC_REG_EOI          0x0b
#define X2APIC_REG_ISR          0x10
#define X2APIC_REG_TMR          0x18

/* ---- the VM and its vCPUs ---- */

X86SevVM *x86_sev_vm_new(uint64_t sev_status, unsigned cbitpos,
                         X86SevTerminateFn *terminate, void *opaque)
{
    X86SevVM *vm = g_new0(X86SevVM, 1);

    vm->status = sev_status;
    vm->cbitpos = cbitpos;
    vm->terminate = terminate;
    vm->opaque = opaque;
    vm->cpus = g_ptr_array_new();
    vm->savics = g_ptr_array_new();
    ghcb_page_state_init(&vm->ps);
    return vm;
}

void x86_sev_vm_free(X86SevVM *vm)
{
    if (!vm) {
        return;
    }
    for (guint i = 0; i < vm->cpus->len; i++) {
        X86CPU *cpu = g_ptr_array_index(vm->cpus, i);

        g_free(cpu->sev);
        cpu->sev = NULL;
    }
    g_ptr_array_free(vm->cpus, true);
    g_ptr_array_free(vm->savics, true);
    ghcb_page_state_destroy(&vm->ps);
    g_free(vm);
}

void x86_sev_vm_reset(X86SevVM *vm)
{
    ghcb_page_state_destroy(&vm->ps);
    ghcb_page_state_init(&vm->ps);          /* every page private again */
    vm->terminated = false;
    vm->term_set = vm->term_code = 0;
}

static void x86_sev_wake(X86CPU *cpu);

/* Secure AVIC asks: re-evaluate the page now (a request or kick). */
static void x86_sev_savic_notify(void *opaque)
{
    X86CPU *cpu = opaque;

    cpu->interrupt_request |= X86_INT_SAVIC;
    x86_sev_wake(cpu);
}

static bool x86_sev_savic_page_shared(void *opaque, uint64_t gpa)
{
    X86CPU *cpu = opaque;

    return ghcb_page_is_shared(&cpu->sev->vm->ps, gpa);
}

static const SavicHvHooks x86_sev_savic_hooks = {
    .notify = x86_sev_savic_notify,
    .page_shared = x86_sev_savic_page_shared,
};

X86SevCPU *x86_sev_cpu_add(X86SevVM *vm, X86CPU *cpu)
{
    X86SevCPU *sev = g_new0(X86SevCPU, 1);

    sev->vm = vm;
    ghcb_vcpu_init(&sev->ghcb, cpu->as, vm->cbitpos);
    savic_cpu_init(&sev->savic, cpu->as, cpu->cpuid.apic_id,
                   vm->status & SEV_STATUS_SECURE_AVIC);
    sev->savic.hv = &x86_sev_savic_hooks;
    sev->savic.hv_opaque = cpu;
    cpu->sev = sev;
    cpu->cbit_mask = 1ull << vm->cbitpos;
    g_ptr_array_add(vm->cpus, cpu);
    g_ptr_array_add(vm->savics, &sev->savic);
    return sev;
}

void x86_sev_cpu_reset(X86CPU *cpu)
{
    X86SevCPU *sev = cpu->sev;

    ghcb_vcpu_init(&sev->ghcb, cpu->as, sev->vm->cbitpos);
    savic_cpu_reset(&sev->savic);
    sev->parked = false;
    cpu->interrupt_request &= ~X86_INT_SAVIC;
}

void x86_sev_vc(X86CPU *cpu, const X86Op *op, uint32_t code, bool trap)
{
    cpu->sev->vc_count++;
    /* the instruction's address (env.rip is the block's start here) */
    trace_sev_vc(cpu->cpuid.apic_id, code, cpu->block_pc + op->pc_off,
                 trap);
    if (trap) {
        x86_raise_trap(cpu, op, X86_EXCP_VC, code);
    }
    x86_raise(cpu, op, X86_EXCP_VC, code);
}

/* ---- MMIO seen by the guest ---- */

/*
 * Real hardware reports an access to a GPA the hypervisor emulates (an
 * NPF on a reserved-bit / MMIO entry) as #VC 0x400 to an SEV-ES guest,
 * before the device sees anything.  A ROM write also takes the MMIO
 * path here, but ROM is memory the guest was given: it stays dropped.
 */
void x86_sev_mmio(X86CPU *cpu, const X86Op *op, hwaddr paddr, bool is_write)
{
    hwaddr xlat, len = 1;
    MemoryRegion *mr = address_space_translate(cpu->as, paddr, &xlat, &len,
                                               is_write,
                                               MEMTXATTRS_UNSPECIFIED);

    if (mr && memory_region_is_ram(mr)) {
        return;
    }
    x86_sev_vc(cpu, op, SVM_EXIT_NPF, false);
}

/* ---- MSRs seen by the guest ---- */

/*
 * MSRs the (emulated) hypervisor intercepts, so an SEV-ES guest gets
 * #VC 0x7C for them: the APIC's (APIC_BASE, TSC_DEADLINE, the x2APIC
 * range when Secure AVIC does not handle the access).  The others are
 * guest state that hardware swaps at world switches: no exit.
 */
static bool x86_sev_msr_intercepted(uint32_t idx)
{
    return idx == MSR_APIC_BASE_IDX || idx == MSR_TSC_DEADLINE_IDX ||
           (idx >= X2APIC_FIRST && idx <= X2APIC_LAST);
}

/* What the Secure AVIC matrix decided; true when the access is done. */
static bool x86_sev_savic_result(X86CPU *cpu, const X86Op *op,
                                 SavicResult r)
{
    switch (r.kind) {
    case SAVIC_ALLOW:
        return true;
    case SAVIC_TRAP:
        x86_sev_vc(cpu, op, r.vc_code, true);
    case SAVIC_FAULT:
        x86_sev_vc(cpu, op, r.vc_code, false);
    case SAVIC_GP:
        x86_raise(cpu, op, X86_EXCP_GP, 0);
    default:
        return false;
    }
}

bool x86_sev_rdmsr(X86CPU *cpu, const X86Op *op, uint32_t idx,
                   uint64_t *val)
{
    X86SevCPU *sev = cpu->sev;

    switch (idx) {
    case MSR_SEV_STATUS:
        *val = sev->vm->status;
        return true;
    case MSR_GHCB:
        *val = sev->ghcb.msr;
        return true;
    case MSR_SAVIC_CONTROL:
        if (!savic_ctrl_read(&sev->savic, val)) {
            x86_raise(cpu, op, X86_EXCP_GP, 0);
        }
        return true;
    }
    if (idx >= X2APIC_FIRST && idx <= X2APIC_LAST &&
        x86_sev_savic_result(cpu, op, savic_msr_read(&sev->savic, idx,
                                                     val))) {
        return true;
    }
    if (x86_sev_msr_intercepted(idx)) {
        x86_sev_vc(cpu, op, SVM_EXIT_MSR, false);
    }
    return false;
}

bool x86_sev_wrmsr(X86CPU *cpu, const X86Op *op, uint32_t idx,
                   uint64_t val)
{
    X86SevCPU *sev = cpu->sev;

    switch (idx) {
    case MSR_SEV_STATUS:
        x86_raise(cpu, op, X86_EXCP_GP, 0);     /* read-only */
    case MSR_GHCB:
        sev->ghcb.msr = val;
        return true;
    case MSR_SAVIC_CONTROL:
        if (!savic_ctrl_write(&sev->savic, val)) {
            x86_raise(cpu, op, X86_EXCP_GP, 0);
        }
        cpu->interrupt_request |= X86_INT_SAVIC;
        return true;
    }
    if (idx >= X2APIC_FIRST && idx <= X2APIC_LAST) {
        SavicResult r = savic_msr_write(&sev->savic, idx, val);

        if (r.kind != SAVIC_NOT_MINE) {
            /* TPR, EOI, self-IPI change what is deliverable */
            cpu->interrupt_request |= X86_INT_SAVIC;
        }
        if (x86_sev_savic_result(cpu, op, r)) {
            return true;
        }
    }
    if (x86_sev_msr_intercepted(idx)) {
        x86_sev_vc(cpu, op, SVM_EXIT_MSR, false);
    }
    return false;
}

/* ---- interrupts with Secure AVIC ---- */

/* A register of the emulated APIC (the hypervisor's), by x2APIC index. */
static uint64_t x86_sev_apic_reg(APICState *apic, unsigned reg)
{
    uint64_t v = 0;

    if (apic_x2apic_mode(apic)) {
        apic_msr_read(apic, X2APIC_FIRST + reg, &v);
        return v;
    }
    return apic_mmio_read(apic, reg << 4);
}

/* Bit @v of a 256-bit register (ISR, TMR) of the emulated APIC. */
static bool x86_sev_apic_bit(APICState *apic, unsigned reg, int v)
{
    return apic && (x86_sev_apic_reg(apic, reg + v / 32) & (1u << (v % 32)));
}

static void x86_sev_apic_eoi(APICState *apic)
{
    if (apic_x2apic_mode(apic)) {
        apic_msr_write(apic, X2APIC_FIRST + X2APIC_REG_EOI, 0);
    } else {
        apic_mmio_write(apic, X2APIC_REG_EOI << 4, 0);
    }
}

/*
 * The hypervisor side: every vector the emulated APIC (timer, LVTs,
 * IOAPIC, MSI, IPIs through it) would inject becomes a RequestedIRR bit;
 * an ExtINT (8259) vector is dropped.
 * An edge vector is retired from the emulated APIC at once (its EOI is
 * accelerated in the page and never exits); a level one stays in service
 * there until the guest's EOI, which traps (#VC 0x402) and reaches the
 * emulated APIC through a GHCB MSR exit.  Host NMIs go to the NMI gate.
 */
static void x86_sev_take_host_irqs(X86CPU *cpu)
{
    SavicCPU *s = &cpu->sev->savic;

    if (cpu->interrupt_request & X86_INT_NMI) {
        cpu->interrupt_request &= ~X86_INT_NMI;
        savic_request_nmi(s);
    }
    for (int n = 0; n < 256 && (cpu->interrupt_request & X86_INT_HARD) &&
         cpu->intr_ack; n++) {
        int v = cpu->intr_ack(cpu->intr_opaque);

        if (v < 0) {
            break;
        }
        if (!x86_sev_apic_bit(cpu->apic, X2APIC_REG_ISR, v)) {
            /*
             * Not in the APIC's ISR: an ExtINT vector from the 8259.
             * Secure AVIC has no path for it (spec 5.1); an EOI here
             * would retire an unrelated in-service vector.
             */
            qemu_log_mask(LOG_UNIMP, "sev: ExtINT vector 0x%x dropped "
                          "(Secure AVIC)\n", v);
            trace_sev_extint_dropped(cpu->cpuid.apic_id, v);
            continue;
        }
        savic_request_irr(s, v);
        if (!x86_sev_apic_bit(cpu->apic, X2APIC_REG_TMR, v)) {
            x86_sev_apic_eoi(cpu->apic);
        }
    }
}

int x86_sev_interrupt(X86CPU *cpu)
{
    SavicCPU *s = &cpu->sev->savic;
    int v;

    if (!savic_enabled(s)) {
        if (savic_needs_entry(s)) {
            savic_enter(s);         /* requests are dropped (counted) */
        }
        cpu->interrupt_request &= ~X86_INT_SAVIC;
        return -2;
    }
    cpu->interrupt_request |= X86_INT_SAVIC;
    x86_sev_take_host_irqs(cpu);
    if (savic_needs_entry(s)) {
        savic_enter(s);
    }
    if (!cpu->nmi_blocked && savic_take_nmi(s)) {
        cpu->nmi_blocked = true;
        return 2;
    }
    v = savic_pending_vector(s);
    if (v < 0) {
        /*
         * Nothing deliverable: stop checking at every instruction until
         * something can change that (a request, a kick, an x2APIC MSR
         * write, the SAVIC event, the control MSR, or IRET with an NMI
         * still pending, which keeps the flag).
         */
        if (!s->nmi_pending && !(cpu->interrupt_request & X86_INT_NMI)) {
            cpu->interrupt_request &= ~X86_INT_SAVIC;
        }
        return -1;
    }
    if (!(cpu->env.eflags & X86_IF) || cpu->irq_inhibit) {
        return -1;
    }
    savic_accept(s, v);
    return v;
}

bool x86_sev_has_work(X86CPU *cpu)
{
    SavicCPU *s = &cpu->sev->savic;

    if (!savic_enabled(s)) {
        return false;
    }
    if (savic_needs_entry(s) || (cpu->interrupt_request & X86_INT_NMI) ||
        (s->nmi_pending && !cpu->nmi_blocked)) {
        return true;
    }
    return (cpu->env.eflags & X86_IF) &&
           ((cpu->interrupt_request & X86_INT_HARD) ||
            savic_pending_vector(s) >= 0);
}

/* ---- the GHCB hooks: the emulator as the hypervisor ---- */

#define CPUID_SEV_LEAF          0x8000001fu
#define CPUID_SEV_EAX_SEV       (1u << 1)
#define CPUID_SEV_EAX_SEV_ES    (1u << 3)
#define CPUID_SEV_EAX_SNP       (1u << 4)
#define CPUID_SEV_EAX_SAVIC     (1u << 26)

/*
 * CPUID as the hypervisor reports it to an SEV-SNP guest: our CPU
 * model, plus the memory-encryption leaf 0x8000001F (SEV, SEV-ES, SNP,
 * Secure AVIC when the VM has it; EBX = C-bit position, reduced
 * physical address bits 1), which the guest reads first to know that
 * SEV_STATUS exists.
 */
static void x86_sev_hv_cpuid(void *opaque, uint32_t leaf, uint32_t sub,
                             uint32_t out[4])
{
    X86CPU *cpu = opaque;
    X86SevVM *vm = cpu->sev->vm;

    if (leaf == CPUID_SEV_LEAF) {
        out[0] = CPUID_SEV_EAX_SEV | CPUID_SEV_EAX_SEV_ES |
                 CPUID_SEV_EAX_SNP |
                 (vm->status & SEV_STATUS_SECURE_AVIC ?
                  CPUID_SEV_EAX_SAVIC : 0);
        out[1] = (vm->cbitpos & 0x3f) | (1u << 6);
        out[2] = 0;
        out[3] = 0;
        return;
    }
    x86_cpuid_query(cpu, leaf, sub, out);
    if (leaf == 0x80000000 && out[0] < CPUID_SEV_LEAF) {
        out[0] = CPUID_SEV_LEAF;
    }
}

static bool x86_sev_hv_msr_read(void *opaque, uint32_t msr, uint64_t *val)
{
    return x86_msr_read(opaque, msr, val) == 0;
}

static void x86_sev_wake(X86CPU *cpu)
{
    cpu->exit_request = true;
    if (cpu->sched) {
        cpu_scheduler_wake(cpu->sched, cpu->sched_idx);
    }
}

/*
 * ICR written through a GHCB MSR exit with Secure AVIC: the guest has
 * already set the vector in each target's page; the hypervisor only
 * kicks the targets (destination or shorthand of the x2APIC ICR).
 */
static void x86_sev_icr_kick(X86CPU *cpu, uint64_t icr)
{
    X86SevVM *vm = cpu->sev->vm;
    unsigned shorthand = (icr >> 18) & 3;
    uint32_t dest = icr >> 32;

    for (guint i = 0; i < vm->cpus->len; i++) {
        X86CPU *o = g_ptr_array_index(vm->cpus, i);
        bool hit = shorthand == 0 ? dest == 0xffffffffu ||
                                    dest == o->cpuid.apic_id
                 : shorthand == 1 ? o == cpu
                 : shorthand == 2 ? true : o != cpu;

        if (hit) {
            savic_kick(&o->sev->savic);
            o->interrupt_request |= X86_INT_SAVIC;
            x86_sev_wake(o);
        }
    }
}

static bool x86_sev_hv_msr_write(void *opaque, uint32_t msr, uint64_t val)
{
    X86CPU *cpu = opaque;

    if (msr == X2APIC_ICR && savic_enabled(&cpu->sev->savic)) {
        x86_sev_icr_kick(cpu, val);
        return true;
    }
    return x86_msr_write(cpu, msr, val) == 0;
}

static uint32_t x86_sev_hv_io_read(void *opaque, uint16_t port,
                                   unsigned size)
{
    X86CPU *cpu = opaque;

    if (!cpu->io) {
        return ~0u;
    }
    return address_space_ld(cpu->io, port, size, false,
                            MEMTXATTRS_UNSPECIFIED, NULL);
}

static void x86_sev_hv_io_write(void *opaque, uint16_t port, unsigned size,
                                uint32_t val)
{
    X86CPU *cpu = opaque;

    if (cpu->io) {
        address_space_st(cpu->io, port, size, false, val,
                         MEMTXATTRS_UNSPECIFIED, NULL);
    }
}

static bool x86_sev_hv_mmio(void *opaque, uint64_t gpa, void *buf,
                            unsigned len, bool is_write)
{
    X86CPU *cpu = opaque;
    MemTxResult r = is_write
        ? address_space_write(cpu->as, gpa, MEMTXATTRS_UNSPECIFIED, buf, len)
        : address_space_read(cpu->as, gpa, MEMTXATTRS_UNSPECIFIED, buf, len);

    return r == MEMTX_OK;
}

static X86CPU *x86_sev_find(X86SevVM *vm, uint32_t apic_id)
{
    for (guint i = 0; i < vm->cpus->len; i++) {
        X86CPU *o = g_ptr_array_index(vm->cpus, i);

        if (o->cpuid.apic_id == apic_id) {
            return o;
        }
    }
    return NULL;
}

/* VMSA segment: selector, attributes (VMCB format), limit, base. */
static void x86_sev_vmsa_seg(AddressSpace *as, uint64_t vmsa, unsigned off,
                             X86Segment *seg)
{
    uint32_t attr = address_space_lduw_le(as, vmsa + off + 2,
                                          MEMTXATTRS_UNSPECIFIED, NULL);

    seg->selector = address_space_lduw_le(as, vmsa + off,
                                          MEMTXATTRS_UNSPECIFIED, NULL);
    seg->limit = address_space_ldl_le(as, vmsa + off + 4,
                                      MEMTXATTRS_UNSPECIFIED, NULL);
    seg->base = address_space_ldq_le(as, vmsa + off + 8,
                                     MEMTXATTRS_UNSPECIFIED, NULL);
    seg->flags = ((attr & 0xff) << 8) | ((attr & 0xf00) << 12);
}

static uint64_t x86_sev_vmsa_q(AddressSpace *as, uint64_t vmsa,
                               unsigned off)
{
    return address_space_ldq_le(as, vmsa + off, MEMTXATTRS_UNSPECIFIED,
                                NULL);
}

/*
 * Load the VMSA fields we honour: ES, CS, SS, DS, FS, GS (0x00-0x5f),
 * GDTR (0x60), IDTR (0x80), EFER (0xd0), CR4 (0x148), CR3 (0x150),
 * CR0 (0x158), RFLAGS (0x170), RIP (0x178), RSP (0x1d8), RAX (0x1f8).
 */
static void x86_sev_load_vmsa(X86CPU *t, uint64_t vmsa)
{
    CPUX86State *env = &t->env;
    AddressSpace *as = t->as;
    X86Segment tab;

    for (int i = 0; i < X86_NB_SEGS; i++) {
        x86_sev_vmsa_seg(as, vmsa, i * 16, &env->segs[i]);
    }
    x86_sev_vmsa_seg(as, vmsa, 0x60, &tab);
    env->gdt.base = tab.base;
    env->gdt.limit = tab.limit;
    x86_sev_vmsa_seg(as, vmsa, 0x80, &tab);
    env->idt.base = tab.base;
    env->idt.limit = tab.limit;
    /* untrusted: keep only bits we model, LMA derived as hardware does */
    env->efer = x86_sev_vmsa_q(as, vmsa, 0xd0) &
                (X86_EFER_SCE | X86_EFER_LME | X86_EFER_NXE);
    env->cr[4] = x86_sev_vmsa_q(as, vmsa, 0x148) & 0xffffffffu;
    env->cr[3] = x86_sev_vmsa_q(as, vmsa, 0x150);
    env->cr[0] = (x86_sev_vmsa_q(as, vmsa, 0x158) & 0xffffffffu) | 0x10;
    if (!(env->cr[0] & X86_CR0_PE)) {
        env->cr[0] &= ~(uint64_t)X86_CR0_PG;
    }
    if ((env->cr[0] & X86_CR0_PG) && (env->efer & X86_EFER_LME) &&
        (env->cr[4] & X86_CR4_PAE)) {
        env->efer |= X86_EFER_LMA;
    }
    x86_set_eflags(env, x86_sev_vmsa_q(as, vmsa, 0x170) | X86_FLAGS_FIXED);
    env->rip = x86_sev_vmsa_q(as, vmsa, 0x178);
    env->regs[R_ESP] = x86_sev_vmsa_q(as, vmsa, 0x1d8);
    env->regs[R_EAX] = x86_sev_vmsa_q(as, vmsa, 0x1f8);
    x86_tlb_flush_all(t);
    x86_update_hflags(t);
}

/* AP creation: 0 create at INIT and 1 create start the AP, 2 stops it. */
static unsigned x86_sev_hv_ap_create(void *opaque, uint32_t apic_id,
                                     unsigned request, uint64_t vmsa_gpa,
                                     uint64_t sev_features)
{
    X86CPU *cpu = opaque, *t = x86_sev_find(cpu->sev->vm, apic_id);

    if (!t || t == cpu || request > 2) {
        qemu_log_mask(LOG_GUEST_ERROR, "sev: AP creation request %u for "
                      "APIC ID %u refused\n", request, apic_id);
        return GHCB_ERR_BAD_INPUT;
    }
    if (request == 2) {
        t->sev->parked = true;
        t->halted = true;
        t->exit_request = true;
        return 0;
    }
    /* S8: the AP must keep the VM's SEV features (SEV_STATUS >> 2) */
    if ((vmsa_gpa & 0xfff) ||
        sev_features != (cpu->sev->vm->status >> 2)) {
        qemu_log_mask(LOG_GUEST_ERROR, "sev: AP creation with VMSA 0x%"
                      PRIx64 " and SEV features 0x%" PRIx64 " refused\n",
                      vmsa_gpa, sev_features);
        return GHCB_ERR_BAD_INPUT;
    }
    x86_sev_load_vmsa(t, vmsa_gpa & ~t->cbit_mask);
    ghcb_ap_wake(&t->sev->ghcb);
    t->sev->parked = false;
    t->wait_for_sipi = false;
    t->halted = false;
    x86_sev_wake(t);
    return 0;
}

static uint64_t x86_sev_hv_savic(void *opaque, uint64_t info1, uint64_t rax,
                                 bool rax_valid, uint64_t *rbx,
                                 bool rbx_valid, uint64_t *info2)
{
    X86CPU *cpu = opaque;
    GPtrArray *all = cpu->sev->vm->savics;

    cpu->interrupt_request |= X86_INT_SAVIC;
    return savic_vmgexit(&cpu->sev->savic, (SavicCPU *const *)all->pdata,
                         all->len, info1, rax, rax_valid, rbx, rbx_valid,
                         info2);
}

static void x86_sev_hv_nmi_complete(void *opaque)
{
    X86CPU *cpu = opaque;

    cpu->nmi_blocked = false;
}

static const GhcbHooks x86_sev_hooks = {
    .cpuid = x86_sev_hv_cpuid,
    .msr_read = x86_sev_hv_msr_read,
    .msr_write = x86_sev_hv_msr_write,
    .io_read = x86_sev_hv_io_read,
    .io_write = x86_sev_hv_io_write,
    .mmio = x86_sev_hv_mmio,
    .ap_create = x86_sev_hv_ap_create,
    .savic = x86_sev_hv_savic,
    .nmi_complete = x86_sev_hv_nmi_complete,
};

static void x86_sev_terminate(X86CPU *cpu)
{
    X86SevVM *vm = cpu->sev->vm;

    vm->terminated = true;
    vm->term_set = cpu->sev->ghcb.term_set;
    vm->term_code = cpu->sev->ghcb.term_code;
    cpu->sev->parked = true;
    cpu->halted = true;
    if (vm->terminate) {
        vm->terminate(vm->opaque, cpu, vm->term_set, vm->term_code);
    }
}

/* F3 0F 01 D9: the guest hands control to the hypervisor. */
const X86Op *x86_op_vmgexit(X86CPU *cpu, const X86Op *op)
{
    X86SevCPU *sev = cpu->sev;

    if (!sev) {
        x86_raise(cpu, op, X86_EXCP_UD, 0);     /* not an SEV-ES guest */
    }
    cpu->env.rip = x86_next_rip(cpu, op);
    switch (ghcb_vmgexit(&sev->ghcb, &sev->vm->ps, &x86_sev_hooks, cpu)) {
    case GHCB_HALT_AP:
        sev->parked = true;
        cpu->halted = true;
        break;
    case GHCB_TERMINATE:
        x86_sev_terminate(cpu);
        break;
    default:
        break;
    }
    cpu->exit_request |= cpu->halted;
    return op;
}
