/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Private to accel/kvm: the VM and vCPU state, and the hooks the
 * per-architecture file (kvm-arm64.c) provides to kvm-all.c.
 */
#ifndef ACCEL_KVM_INTERNAL_H
#define ACCEL_KVM_INTERNAL_H

#include <linux/kvm.h>
#include "system/kvm.h"
#include "kvm-slots.h"

struct KVMVcpu {
    KVMState *s;
    unsigned index;
    int fd;
    struct kvm_run *run;
    GThread *thread;
    pthread_t tid;
    /* under s->lock */
    bool in_run;            /* inside (or about to enter) KVM_RUN */
    bool parked;            /* waiting outside KVM_RUN */
    bool pending;           /* run->exit_reason waits for the main loop */
    int run_errno;          /* KVM_RUN failed with this (pending) */
};

struct KVMState {
    MachineState *ms;
    int fd;                 /* /dev/kvm */
    int vmfd;
    size_t run_size;
    KVMSlot *slots;
    unsigned nslots;
    MemoryNotifier mn;
    GPtrArray *vcpus;       /* KVMVcpu *, by index */
    void *arch;
    int notify[2];          /* vCPU threads -> main loop (pipe) */
    GSource *notify_src;
    GSource *poll_src;      /* follows the runstate */
    GMutex lock;
    GCond cond;
    /* under lock */
    bool running;           /* the machine's runstate is "running" */
    bool paused;            /* kvm_vcpus_pause() or a reset in flight */
    bool quit;
    bool started;           /* some vCPU entered the guest once */
};

/* Per architecture (kvm-arm64.c). */
int kvm_arch_vm_type(int kvmfd, Error **errp);
bool kvm_arch_init(KVMState *s, Error **errp);

#endif
