/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ID-register contract against the real kernel
 * (specs/arm64-id-regs.md section 7.5, KVM cases 21-31): built only on
 * aarch64 Linux hosts with KVM headers, every case skipped when
 * /dev/kvm cannot be opened.  Drives accel/kvm/kvm-arm64.c and
 * target/arm/kvm-idregs.c on one VM with one vCPU; the guest is two
 * instructions (a store to an address without memory: an MMIO exit).
 * Kernel-dependent answers (the 2025 sticky-AArch64 fix, writable masks
 * before 6.7) are printed as TAP comments with the kernel version.
 * The board-level counterpart is test-virt-kvm-real.c.
 */
#include "qemu/osdep.h"
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include "accel/kvm/kvm-internal.h"
#include "accel/kvm/kvm-arm64-uapi.h"
#include "target/arm/kvm-arm.h"

#define GUEST_RAM 0x40000000ull
#define GUEST_MMIO 0x10000000ull

typedef struct Fixture {
    KVMState s;
    KVMVcpu *c;
    void *ram;
} Fixture;

static Fixture *fx;

static bool vm_create(Fixture *f)
{
    memset(f, 0, sizeof(*f));
    f->s.fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (f->s.fd < 0) {
        return false;
    }
    f->s.vmfd = ioctl(f->s.fd, KVM_CREATE_VM, 0);
    g_assert_cmpint(f->s.vmfd, >=, 0);
    f->s.run_size = ioctl(f->s.fd, KVM_GET_VCPU_MMAP_SIZE, 0);
    f->s.vcpus = g_ptr_array_new();
    f->c = kvm_vcpu_create(&f->s, 0, &error_abort);
    return true;
}

static void vm_destroy(Fixture *f)
{
    for (guint i = 0; i < f->s.vcpus->len; i++) {
        KVMVcpu *c = g_ptr_array_index(f->s.vcpus, i);

        munmap(c->run, f->s.run_size);
        close(c->fd);
        g_free(c);
    }
    g_ptr_array_free(f->s.vcpus, TRUE);
    if (f->ram) {
        munmap(f->ram, 0x10000);
    }
    close(f->s.vmfd);
    close(f->s.fd);
}

static bool need_kvm(void)
{
    if (!fx) {
        g_test_skip("/dev/kvm not available");
        return false;
    }
    return true;
}

static bool have_masks(void)
{
    int r = kvm_check_extension(&fx->s,
                                KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES);

    return r & 1;
}

/* 28 (first, before init): ONE_REG before KVM_ARM_VCPU_INIT: ENOEXEC. */
static void test_before_init(void)
{
    uint64_t v;

    if (!need_kvm()) {
        return;
    }
    g_assert_cmpint(kvm_arm_reg_ops.get_one_reg(fx->c,
                    arm_idreg_kvm_id(ARM_ID_AA64PFR0), &v), ==, -ENOEXEC);
    g_assert_true(kvm_arm_vcpu_init(fx->c, false, false, &error_abort));
}

/* 21, 22: the masks, and a nonzero reserved word refused. */
static void test_masks(void)
{
    g_autofree uint64_t *m = g_new0(uint64_t, ARM_IDREG_COUNT);
    struct reg_mask_range range = { .addr = (uintptr_t)m };
    g_autofree ArmIdRegs *r = g_new0(ArmIdRegs, 1);
    unsigned n = 0;

    if (!need_kvm()) {
        return;
    }
    if (!have_masks()) {
        g_test_skip("KVM_ARM_GET_REG_WRITABLE_MASKS absent (Linux < 6.7)");
        return;
    }
    range.reserved[3] = 1;
    g_assert_cmpint(kvm_vm_ioctl(&fx->s, KVM_ARM_GET_REG_WRITABLE_MASKS,
                                 &range), ==, -EINVAL);
    g_assert_true(arm_kvm_idregs_probe(&kvm_arm_reg_ops, fx->c, r, false,
                                       &error_abort));
    for (size_t i = 0; arm_idreg_field(i); i++) {
        n += arm_idregs_field_writable(r, arm_idreg_field(i));
    }
    g_test_message("%u ID-register fields writable on this kernel", n);
    g_assert_cmpuint(n, >, 0);
}

/* 30: E2BIG sizing. */
static void test_reg_list(void)
{
    struct kvm_reg_list l = { .n = 0 };
    g_autofree uint64_t *ids = NULL;
    size_t n;

    if (!need_kvm()) {
        return;
    }
    g_assert_cmpint(kvm_vcpu_ioctl(fx->c, KVM_GET_REG_LIST, &l), ==,
                    -E2BIG);
    g_assert_cmpuint(l.n, >, 0);
    ids = arm_kvm_get_reg_list(&kvm_arm_reg_ops, fx->c, &n, &error_abort);
    g_assert_cmpuint(n, ==, l.n);
}

/* 23, 24: above the limit refused by us and by KVM; below accepted. */
static void test_fields(void)
{
    g_autofree ArmIdRegs *r = g_new0(ArmIdRegs, 1);
    const ArmIdField *f0;
    unsigned checked = 0;

    if (!need_kvm() || !have_masks()) {
        g_test_skip("no writable masks");
        return;
    }
    g_assert_true(arm_kvm_idregs_probe(&kvm_arm_reg_ops, fx->c, r, false,
                                       &error_abort));
    for (size_t i = 0; arm_idreg_field(i); i++) {
        const ArmIdField *f = arm_idreg_field(i);
        g_autofree char *prop = arm_idfield_prop_name(f);
        uint64_t lim = arm_idfield_get(f, r->limit[f->reg]), got;
        uint64_t m = ((1ull << f->width) - 1) << f->shift;
        Error *err = NULL;

        if (!arm_idregs_field_writable(r, f) || f->rule != ARM_ID_LOWER ||
            f->is_signed || lim + 1 >= (1ull << f->width) ||
            f->reg == ARM_ID_AA64PFR0) {
            continue;
        }
        g_assert_false(arm_idregs_write_field(r, prop, lim + 1, &err));
        error_free(err);
        g_assert_cmpint(kvm_arm_reg_ops.set_one_reg(fx->c,
                        arm_idreg_kvm_id(f->reg),
                        (r->val[f->reg] & ~m) | ((lim + 1) << f->shift)),
                        ==, -EINVAL);
        g_assert_cmpint(kvm_arm_reg_ops.get_one_reg(fx->c,
                        arm_idreg_kvm_id(f->reg), &got), ==, 0);
        g_assert_cmphex(got, ==, r->val[f->reg]);
        checked++;
    }
    g_test_message("%u fields: limit+1 refused by us and by KVM", checked);
    /* A safe value: CRC32 lowered when the host has it, read back. */
    f0 = arm_idreg_find_prop("SYSREG_ID_AA64ISAR0_EL1_CRC32");
    if (arm_idfield_get(f0, r->limit[f0->reg]) &&
        arm_idregs_field_writable(r, f0)) {
        g_assert_true(arm_idregs_write_field(r, "SYSREG_ID_AA64ISAR0_EL1_"
                                             "CRC32", 0, &error_abort));
        g_assert_true(arm_kvm_idregs_apply(&kvm_arm_reg_ops, fx->c, r,
                                           &error_abort));
    }
}

/* 25: EL1 = 0 raw; EINVAL with the 2025 fix (Linux 6.15). */
static void test_sticky_raw(void)
{
    uint64_t pfr0, id = arm_idreg_kvm_id(ARM_ID_AA64PFR0);
    struct utsname u;
    int ret;

    if (!need_kvm()) {
        return;
    }
    uname(&u);
    g_assert_cmpint(kvm_arm_reg_ops.get_one_reg(fx->c, id, &pfr0), ==, 0);
    ret = kvm_arm_reg_ops.set_one_reg(fx->c, id, pfr0 & ~0xf0ull);
    g_test_message("kernel %s: raw ID_AA64PFR0_EL1.EL1=0 -> %s", u.release,
                   ret ? g_strerror(-ret) : "accepted (no sticky fix)");
    if (ret == 0) {
        g_assert_cmpint(kvm_arm_reg_ops.set_one_reg(fx->c, id, pfr0), ==, 0);
    } else {
        g_assert_cmpint(ret, ==, -EINVAL);
    }
}

/* Guest: str x0, [x1]; b . -- one MMIO exit. */
static void run_once(void)
{
    static const uint32_t code[] = { 0xf9000020, 0x14000000 };
    struct kvm_userspace_memory_region mr = {
        .slot = 0, .guest_phys_addr = GUEST_RAM, .memory_size = 0x10000,
    };
    struct kvm_one_reg pc = {
        .id = KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE |
              KVM_REG_ARM_CORE_REG(regs.pc),
    };
    uint64_t x1 = GUEST_MMIO, entry = GUEST_RAM;
    struct kvm_one_reg r1 = {
        .id = KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE |
              KVM_REG_ARM_CORE_REG(regs.regs[1]),
        .addr = (uintptr_t)&x1,
    };

    fx->ram = mmap(NULL, 0x10000, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memcpy(fx->ram, code, sizeof(code));
    mr.userspace_addr = (uintptr_t)fx->ram;
    g_assert_cmpint(kvm_vm_ioctl(&fx->s, KVM_SET_USER_MEMORY_REGION, &mr),
                    ==, 0);
    pc.addr = (uintptr_t)&entry;
    g_assert_cmpint(kvm_vcpu_ioctl(fx->c, KVM_SET_ONE_REG, &pc), ==, 0);
    g_assert_cmpint(kvm_vcpu_ioctl(fx->c, KVM_SET_ONE_REG, &r1), ==, 0);
    g_assert_cmpint(kvm_vcpu_ioctl(fx->c, KVM_RUN, NULL), ==, 0);
    g_assert_cmpuint(fx->c->run->exit_reason, ==, KVM_EXIT_MMIO);
    g_assert_cmphex(fx->c->run->mmio.phys_addr, ==, GUEST_MMIO);
}

/* 27, 31: after the first run: same value 0, another EBUSY; re-init keeps. */
static void test_after_run(void)
{
    g_autofree ArmIdRegs *r = g_new0(ArmIdRegs, 1);
    uint64_t id = arm_idreg_kvm_id(ARM_ID_AA64ISAR0), v, v2;
    Error *err = NULL;

    if (!need_kvm()) {
        return;
    }
    g_assert_true(arm_kvm_idregs_probe(&kvm_arm_reg_ops, fx->c, r, false,
                                       &error_abort));
    run_once();
    g_assert_cmpint(kvm_arm_reg_ops.get_one_reg(fx->c, id, &v), ==, 0);
    g_assert_cmpint(kvm_arm_reg_ops.set_one_reg(fx->c, id, v), ==, 0);
    g_assert_cmpint(kvm_arm_reg_ops.set_one_reg(fx->c, id, v ^ (1ull << 16)),
                    ==, -EBUSY);
    /* ours refuses before the ioctl once started */
    r->started = true;
    r->val[ARM_ID_AA64ISAR0] = v;
    g_assert_false(arm_kvm_idregs_write_field(&kvm_arm_reg_ops, fx->c, r,
                                              "SYSREG_ID_AA64ISAR0_EL1_"
                                              "CRC32", 0x1 ^ ((v >> 16) & 1),
                                              &err));
    g_assert_true(g_str_has_suffix(error_get_pretty(err), "cannot be "
                                   "changed after the guest has started"));
    error_free(err);
    g_assert_true(kvm_arm_vcpu_init(fx->c, false, false, &error_abort));
    g_assert_cmpint(kvm_arm_reg_ops.get_one_reg(fx->c, id, &v2), ==, 0);
    g_assert_cmphex(v2, ==, v);
}

int main(int argc, char **argv)
{
    Fixture f;
    int ret;

    g_test_init(&argc, &argv, NULL);
    if (vm_create(&f)) {
        fx = &f;
    }
    g_test_add_func("/arm-kvm-real/before-init", test_before_init);
    g_test_add_func("/arm-kvm-real/masks", test_masks);
    g_test_add_func("/arm-kvm-real/reg-list", test_reg_list);
    g_test_add_func("/arm-kvm-real/fields", test_fields);
    g_test_add_func("/arm-kvm-real/sticky-raw", test_sticky_raw);
    g_test_add_func("/arm-kvm-real/after-run", test_after_run);
    ret = g_test_run();
    if (fx) {
        vm_destroy(fx);
    }
    return ret;
}
