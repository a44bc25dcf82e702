/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The KVM accelerator and hw/arm/virt-kvm.c end to end against the real
 * kernel, on a virt machine whose board init is skipped (virt.c does not
 * call the KVM entry points yet): vCPU threads, a memory slot from the
 * memory API, an MMIO exit served by a device on the main loop, PSCI
 * SYSTEM_OFF from the kernel ending the main loop, KVM_IRQ_LINE, and
 * -cpu host,SYSREG_* applied or refused.  Built on aarch64 Linux hosts
 * with KVM headers only; skipped without /dev/kvm.  No Linux header here
 * (only the public API of include/system/kvm.h, target/arm/kvm-arm.h).
 */
#include "qemu/osdep.h"
#include "accel/accel.h"
#include "hw/arm/virt-kvm.h"
#include "hw/core/machine.h"
#include "hw/core/qdev.h"
#include "qemu/main-loop.h"
#include "system/runstate.h"
#include "system/target-info.h"
#include "target/arm/kvm-arm.h"

#define GUEST_RAM 0x40000000ull

extern const TypeInfo kvm_accel_type_info;

/* ---- The board under KVM ---- */

typedef struct Board {
    MachineState *ms;
    AccelState *accel;
    MemoryRegion ram, mmio;
    uint64_t stored;
    unsigned writes;
} Board;

static uint64_t mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0;
}

static void mmio_write(void *opaque, hwaddr addr, uint64_t v, unsigned size)
{
    Board *b = opaque;

    b->stored = v;
    b->writes++;
}

static const MemoryRegionOps mmio_ops = {
    .read = mmio_read,
    .write = mmio_write,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
};

/* A virt machine with KVM but no board init; false: no /dev/kvm. */
static bool board_new(Board *b, const char *cpu, bool el2)
{
    MachineClass *mc = MACHINE_CLASS(object_class_by_name(TYPE_VIRT_MACHINE));
    AccelClass *ac = accel_find("kvm");
    Object *o;
    Error *err = NULL;

    memset(b, 0, sizeof(*b));
    b->ms = machine_new(mc, &target_info_aarch64);
    b->ms->smp.cpus = 2;
    b->ms->cpu_model = g_strdup(cpu);
    VIRT_MACHINE(b->ms)->gic_version = 3;
    VIRT_MACHINE(b->ms)->virtualization = el2;
    o = object_new_with_class(OBJECT_CLASS(ac));
    if (!ac->init_machine(ACCEL(o), b->ms, &err)) {
        error_free(err);
        object_unref(o);
        machine_free(b->ms);
        return false;
    }
    b->accel = ACCEL(o);
    b->ms->accel = b->accel;
    return true;
}

static void board_free(Board *b)
{
    b->ms->accel = NULL;
    object_unref(OBJECT(b->accel));     /* joins the vCPU threads */
    if (b->ram.name) {
        memory_region_del_subregion(b->ms->system_memory, &b->ram);
        memory_region_del_subregion(b->ms->system_memory, &b->mmio);
    }
    machine_free(b->ms);
    if (b->ram.name) {
        memory_region_finalize(&b->ram);
        memory_region_finalize(&b->mmio);
    }
}

static gboolean board_watchdog(gpointer opaque)
{
    qemu_system_exit_request(opaque, 99);
    return G_SOURCE_REMOVE;
}

static void test_virt_run(void)
{
    /*
     * movz x1, #0x900, lsl #16; str x0, [x1]; x0 = PSCI SYSTEM_OFF;
     * hvc #0; b .
     */
    static const uint32_t code[] = {
        0xd2a12001, 0xf9000020, 0xd2800100, 0xf2b08000, 0xd4000002,
        0x14000000,
    };
    Board b;
    uint64_t isar0;
    guint wd;

    if (!board_new(&b, "host,SYSREG_ID_AA64ISAR0_EL1_CRC32=0", false)) {
        g_test_skip("/dev/kvm not available");
        return;
    }
    g_assert_true(memory_region_init_ram(&b.ram, NULL, "ram", 0x100000,
                                         &error_abort));
    memory_region_add_subregion(b.ms->system_memory, GUEST_RAM, &b.ram);
    memory_region_init_io(&b.mmio, NULL, &mmio_ops, &b, "probe", 0x1000);
    memory_region_add_subregion(b.ms->system_memory, 0x09000000, &b.mmio);
    g_assert_true(virt_kvm_init(VIRT_MACHINE(b.ms), &error_abort));
    g_assert_cmpint(kvm_arm_reg_ops.get_one_reg(
                        kvm_vcpu_get(kvm_state_of(b.ms), 1),
                        arm_idreg_kvm_id(ARM_ID_AA64ISAR0), &isar0), ==, 0);
    g_assert_cmpuint((isar0 >> 16) & 0xf, ==, 0);   /* VM-wide */
    address_space_write(&b.ms->as_memory, GUEST_RAM, MEMTXATTRS_UNSPECIFIED,
                        code, sizeof(code));
    g_assert_true(virt_kvm_set_boot(VIRT_MACHINE(b.ms), GUEST_RAM, 0x1234,
                                    &error_abort));
    qemu_set_irq(virt_kvm_spi(VIRT_MACHINE(b.ms), 1), 1);
    vm_start(b.ms);
    wd = g_timeout_add_seconds(60, board_watchdog, b.ms);
    main_loop_run(b.ms->main_loop);
    g_source_remove(wd);
    g_assert_cmpint(b.ms->exit_status, ==, 0);      /* not the watchdog */
    g_assert_cmpuint(b.writes, ==, 1);
    g_assert_cmphex(b.stored, ==, 0x1234);
    g_assert_false(virt_kvm_set_idreg_field(VIRT_MACHINE(b.ms),
                                            "SYSREG_ID_AA64ISAR0_EL1_CRC32",
                                            1, NULL));
    g_assert_true(virt_kvm_set_idreg_field(VIRT_MACHINE(b.ms),
                                           "SYSREG_ID_AA64ISAR0_EL1_CRC32",
                                           0, &error_abort));
    board_free(&b);
}

static void expect_init_error(const char *cpu, bool el2, const char *want)
{
    Board b;
    Error *err = NULL;

    if (!board_new(&b, cpu, el2)) {
        g_test_skip("/dev/kvm not available");
        return;
    }
    if (virt_kvm_init(VIRT_MACHINE(b.ms), &err)) {
        g_test_message("%s%s: accepted", cpu, el2 ? " with EL2" : "");
        g_assert_null(want);
    } else {
        g_test_message("%s%s: %s", cpu, el2 ? " with EL2" : "",
                       error_get_pretty(err));
        g_assert_nonnull(want);
        g_assert_true(strstr(error_get_pretty(err), want));
        error_free(err);
    }
    board_free(&b);
}

static void test_virt_refused(void)
{
    expect_init_error("host,SYSREG_ID_AA64PFR0_EL1_EL1=0", false,
                      "cannot disable AArch64 at EL1");
    expect_init_error("host,SYSREG_ID_AA64PFR0_EL1_SVE=1", false,
                      "SYSREG_ID_AA64PFR0_EL1_SVE is not writable with this "
                      "host kernel");
    expect_init_error("cortex-a57", false, "is not supported by KVM");
    expect_init_error("host,SYSREG_ID_AA64ISAR0_EL1_NOPE=0", false,
                      "unknown ID register field");
}

static void test_virt_el2(void)
{
    Board b;
    bool el2;

    if (!board_new(&b, "host", false)) {
        g_test_skip("/dev/kvm not available");
        return;
    }
    el2 = kvm_arm_has_el2(kvm_state_of(b.ms));
    board_free(&b);
    g_test_message("KVM_CAP_ARM_EL2: %s", el2 ? "yes" : "no");
    expect_init_error("host", true, el2 ? NULL : "needs nested "
                      "virtualization (KVM_CAP_ARM_EL2)");
    if (el2) {
        expect_init_error("host,SYSREG_ID_AA64PFR0_EL1_EL2=0", true,
                          "cannot disable AArch64 at EL2 while EL2 is "
                          "enabled");
    }
}

static const TypeInfo *const test_types[] = {
    &machine_type_info, &virt_machine_type_info, &device_type_info,
    &bus_type_info, &sys_bus_device_type_info, &accel_type_info,
    &kvm_accel_type_info,
};


int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    type_registry_init(test_types, G_N_ELEMENTS(test_types));
    g_test_add_func("/virt-kvm/run", test_virt_run);
    g_test_add_func("/virt-kvm/refused", test_virt_refused);
    g_test_add_func("/virt-kvm/el2", test_virt_el2);
    return g_test_run();
}
