/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The virt board under -accel kvm (include/hw/arm/virt-kvm.h).
 *
 * Interrupts: the board's devices drive SPI lines that end in
 * KVM_IRQ_LINE; the GICv3 distributor and redistributors, the generic
 * timers and PSCI are the kernel's.  ID registers: the host model's
 * limits and writable fields come from KVM (target/arm/kvm-idregs.c);
 * -cpu host,SYSREG_* values go through id-regs.c's rules first, then
 * through KVM_SET_ONE_REG, whose refusals name the register and fields.
 */
#include "qemu/osdep.h"
#include "hw/arm/virt-kvm.h"
#include "target/arm/kvm-arm.h"

typedef struct VirtKvm {
    KVMState *s;
    int gic_fd;
    bool has_el2;
    qemu_irq spis[VIRT_NUM_IRQS];
    ArmIdRegs idregs;
    uint64_t entry, dtb;
} VirtKvm;

static VirtKvm *virt_kvm_of(VirtMachineState *vms)
{
    KVMState *s = kvm_state_of(MACHINE(vms));

    return s ? kvm_get_arch_data(s) : NULL;
}

static void virt_kvm_set_spi(void *opaque, int n, int level)
{
    VirtKvm *vk = opaque;
    int ret = kvm_arm_set_spi(vk->s, n, level);

    if (ret < 0) {
        error_report("kvm: KVM_IRQ_LINE for SPI %d failed: %s", n,
                     g_strerror(-ret));
    }
}

/* -cpu host[,SYSREG_...=...]: probe on vCPU 0, check, write. */
static bool virt_kvm_idregs(VirtKvm *vk, const char *cpu_model,
                            Error **errp)
{
    g_auto(GStrv) items = g_strsplit(cpu_model ? cpu_model : "host", ",",
                                     -1);
    KVMVcpu *c0 = kvm_vcpu_get(vk->s, 0);

    if (strcmp(items[0], "host") && strcmp(items[0], "max")) {
        error_setg(errp, "CPU model '%s' is not supported by KVM, use "
                   "-cpu host", items[0]);
        return false;
    }
    if (!arm_kvm_idregs_probe(&kvm_arm_reg_ops, c0, &vk->idregs,
                              vk->has_el2, errp)) {
        return false;
    }
    for (char **p = items + 1; *p; p++) {
        g_auto(GStrv) kv = g_strsplit(*p, "=", 2);

        if (!kv[1]) {
            error_setg(errp, "Expected '=' after parameter '%s'", kv[0]);
            return false;
        }
        if (!arm_idregs_set_prop(&vk->idregs, kv[0], kv[1], errp)) {
            return false;
        }
    }
    return arm_idregs_realize(&vk->idregs, errp) &&
           arm_kvm_idregs_apply(&kvm_arm_reg_ops, c0, &vk->idregs, errp);
}

static bool virt_kvm_vcpus(VirtKvm *vk, unsigned n, Error **errp)
{
    for (unsigned i = 0; i < n; i++) {
        KVMVcpu *c = kvm_vcpu_create(vk->s, i, errp);

        if (!c || !kvm_arm_vcpu_init(c, vk->has_el2, i != 0, errp)) {
            return false;
        }
    }
    return true;
}

bool virt_kvm_init(VirtMachineState *vms, Error **errp)
{
    MachineState *ms = MACHINE(vms);
    KVMState *s = kvm_state_of(ms);
    VirtKvm *vk;

    if (!s) {
        error_setg(errp, "virt_kvm_init: the machine does not use KVM");
        return false;
    }
    if (vms->gic_version != 3) {
        error_setg(errp, "KVM on this board needs the in-kernel GICv3: "
                   "use -machine gic-version=3");
        return false;
    }
    vk = g_new0(VirtKvm, 1);
    vk->s = s;
    vk->gic_fd = -1;
    vk->has_el2 = vms->virtualization;
    kvm_set_arch_data(s, vk);
    /* The distributor may be created before the vCPUs; init after. */
    vk->gic_fd = kvm_arm_vgic_v3_create(s, virt_memmap[VIRT_GIC_DIST].base,
                                        virt_memmap[VIRT_GIC_REDIST].base,
                                        VIRT_NUM_IRQS, errp);
    if (vk->gic_fd < 0 || !virt_kvm_vcpus(vk, ms->smp.cpus, errp) ||
        !virt_kvm_idregs(vk, ms->cpu_model, errp) ||
        !kvm_arm_vgic_v3_init(vk->gic_fd, errp)) {
        return false;
    }
    for (int i = 0; i < VIRT_NUM_IRQS; i++) {
        vk->spis[i] = qemu_allocate_irq(virt_kvm_set_spi, vk, i);
    }
    for (unsigned i = 0; i < ms->smp.cpus; i++) {
        if (!kvm_vcpu_start(kvm_vcpu_get(s, i), errp)) {
            return false;
        }
    }
    return true;
}

qemu_irq virt_kvm_spi(VirtMachineState *vms, int spi)
{
    VirtKvm *vk = virt_kvm_of(vms);

    return vk && spi >= 0 && spi < VIRT_NUM_IRQS ? vk->spis[spi] : NULL;
}

bool virt_kvm_set_boot(VirtMachineState *vms, uint64_t entry, uint64_t dtb,
                       Error **errp)
{
    VirtKvm *vk = virt_kvm_of(vms);

    if (!vk) {
        error_setg(errp, "virt_kvm_set_boot: KVM is not initialised");
        return false;
    }
    vk->entry = entry;
    vk->dtb = dtb;
    return kvm_arm_set_boot_regs(kvm_vcpu_get(vk->s, 0), entry, dtb, errp);
}

void virt_kvm_reset(VirtMachineState *vms)
{
    VirtKvm *vk = virt_kvm_of(vms);
    Error *err = NULL;

    if (!vk) {
        return;
    }
    kvm_vcpus_pause(vk->s);
    for (unsigned i = 0; i < kvm_vcpu_count(vk->s) && !err; i++) {
        kvm_arm_vcpu_init(kvm_vcpu_get(vk->s, i), vk->has_el2, i != 0, &err);
    }
    if (!err) {
        kvm_arm_set_boot_regs(kvm_vcpu_get(vk->s, 0), vk->entry, vk->dtb,
                              &err);
    }
    if (err) {
        error_report_err(err);
    }
    kvm_vcpus_resume(vk->s);
}

bool virt_kvm_set_idreg_field(VirtMachineState *vms, const char *prop,
                              uint64_t value, Error **errp)
{
    VirtKvm *vk = virt_kvm_of(vms);
    bool ok;

    if (!vk) {
        error_setg(errp, "KVM is not initialised");
        return false;
    }
    kvm_vcpus_pause(vk->s);
    vk->idregs.started = kvm_guest_started(vk->s);
    ok = arm_kvm_idregs_write_field(&kvm_arm_reg_ops, kvm_vcpu_get(vk->s, 0),
                                    &vk->idregs, prop, value, errp);
    kvm_vcpus_resume(vk->s);
    return ok;
}
