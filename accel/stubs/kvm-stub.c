/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * KVM where this build has no KVM support: the class exists so -accel kvm
 * fails the way QEMU does on a host without the module, and so a fallback
 * list (-accel kvm -accel tcg) moves on.
 */
#include "qemu/osdep.h"
#include "accel/accel.h"

static bool kvm_stub_init_machine(AccelState *accel, MachineState *ms,
                                  Error **errp)
{
    int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    int err = errno;

    if (fd >= 0) {
        close(fd);
        err = ENOSYS;
        error_setg(errp, "failed to initialize kvm: %s", g_strerror(err));
        error_append_hint(errp, "This build has no KVM support for this "
                          "host.\n");
        return false;
    }
    error_report("Could not access KVM kernel module: %s", g_strerror(err));
    error_setg(errp, "failed to initialize kvm: %s", g_strerror(err));
    return false;
}

static void kvm_stub_class_init(ObjectClass *oc, const void *data)
{
    AccelClass *ac = ACCEL_CLASS(oc);

    ac->name = "kvm";
    ac->init_machine = kvm_stub_init_machine;
}

const TypeInfo kvm_accel_type_info = {
    .name = "kvm" ACCEL_CLASS_SUFFIX,
    .parent = TYPE_ACCEL,
    .desc = "KVM (not available in this build)",
    .class_init = kvm_stub_class_init,
};
