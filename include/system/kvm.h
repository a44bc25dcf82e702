/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The KVM accelerator's interface for boards and targets
 * (docs/devel/kvm.md).  No Linux header here: hw/ and target/ never see
 * <linux/kvm.h>; per-architecture helpers with kernel types live in
 * accel/kvm/ (kvm-arm64.c) behind target/arm/kvm-arm.h.
 *
 * Threads: each vCPU runs KVM_RUN on its own thread.  Exits that need the
 * device model (MMIO, system events) are handed to the main loop, which
 * owns every device; the vCPU thread waits until the main loop has
 * completed the access.  So device code stays single-threaded.
 */
#ifndef SYSTEM_KVM_H
#define SYSTEM_KVM_H

typedef struct MachineState MachineState;
typedef struct KVMState KVMState;
typedef struct KVMVcpu KVMVcpu;

/* The KVM state of @ms, NULL unless the machine runs under -accel kvm. */
KVMState *kvm_state_of(MachineState *ms);

/* ioctls on the VM and a vCPU: the result (>= 0) or -errno. */
int kvm_vm_ioctl(KVMState *s, unsigned long req, void *arg);
int kvm_vcpu_ioctl(KVMVcpu *c, unsigned long req, void *arg);
/* KVM_CHECK_EXTENSION on the VM: 0 when absent. */
int kvm_check_extension(KVMState *s, unsigned cap);

/* A per-architecture/board pointer kept with the VM (not owned). */
void kvm_set_arch_data(KVMState *s, void *data);
void *kvm_get_arch_data(KVMState *s);

/* KVM_CREATE_VCPU with id @index, its kvm_run area mapped. */
KVMVcpu *kvm_vcpu_create(KVMState *s, unsigned index, Error **errp);
unsigned kvm_vcpu_index(KVMVcpu *c);
KVMVcpu *kvm_vcpu_get(KVMState *s, unsigned index);
unsigned kvm_vcpu_count(KVMState *s);
/*
 * Start the vCPU's thread.  It enters KVM_RUN while the machine is
 * running (runstate), and is kicked out of it when the machine stops.
 */
bool kvm_vcpu_start(KVMVcpu *c, Error **errp);
/*
 * Park every vCPU thread outside KVM_RUN (for register access from the
 * main loop, e.g. at reset) and let them go again.
 */
void kvm_vcpus_pause(KVMState *s);
void kvm_vcpus_resume(KVMState *s);
/*
 * Whether any vCPU has entered the guest since the VM was created: ID
 * registers are frozen from then on (KVM answers EBUSY).
 */
bool kvm_guest_started(KVMState *s);

/* KVM_IRQ_LINE: @irq is the architecture's encoding (arm: type|vcpu|num). */
int kvm_set_irq(KVMState *s, uint32_t irq, int level);

#endif
