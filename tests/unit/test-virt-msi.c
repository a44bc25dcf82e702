/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * MSI end to end as on the virt machine, in-process: a PCI device behind
 * the gpex host sends its MSI to GITS_TRANSLATER; the ITS takes the
 * device's requester id as DeviceID, translates the EventID through the
 * tables the test builds in RAM, and the GICv3 signals the LPI to the
 * CPU the collection names, which acknowledges it.
 */
#include "qemu/osdep.h"
#include "hw/core/machine.h"
#include "hw/core/sysbus.h"
#include "hw/pci/pci.h"
#include "hw/pci/msi.h"
#include "hw/pci-host/gpex.h"
#include "hw/intc/arm_gicv3.h"
#include "hw/intc/arm_gicv3_its.h"
#include "qapi/error.h"

#define GICD 0x08000000ull
#define GICR 0x080a0000ull
#define ITS 0x08080000ull
#define ECAM 0x3f000000ull
#define RAM 0x40000000ull
#define PROP (RAM + 0x00000)
#define PEND (RAM + 0x10000)
#define PEND1 (RAM + 0x20000)
#define DEVT (RAM + 0x30000)
#define COLLT (RAM + 0x40000)
#define ITT (RAM + 0x50000)
#define CMDQ (RAM + 0x60000)
#define DEVFN PCI_DEVFN(3, 0)
#define LPI (8192 + 77)

extern const TypeInfo none_machine_type_info;

#define TYPE_MSI_DEV "test-msi-dev"

static bool msi_dev_realize(PCIDevice *d, Error **errp)
{
    return msi_init(d, 0, 1, true, false, errp);
}

static void msi_dev_class_init(ObjectClass *oc, const void *data)
{
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(oc);

    pc->vendor_id = 0x1234;
    pc->device_id = 0x0001;
    pc->class_id = 0xff00;
    pc->realize = msi_dev_realize;
}

static const TypeInfo msi_dev_type_info = {
    .name = TYPE_MSI_DEV,
    .parent = TYPE_PCI_DEVICE,
    .class_init = msi_dev_class_init,
};

typedef struct Fixture {
    MachineState *ms;
    MemoryRegion ram;
    GICv3State *gic;
    PCIDevice *dev;
    qemu_irq out[4];
    int level[4];               /* IRQ of CPUs 0, 1; FIQ of CPUs 0, 1 */
    uint64_t cwriter;
} Fixture;

static void out_handler(void *opaque, int n, int level)
{
    ((Fixture *)opaque)->level[n] = level;
}

static void wl(Fixture *f, hwaddr a, uint32_t v)
{
    address_space_stl_le(&f->ms->as_memory, a, v, MEMTXATTRS_UNSPECIFIED,
                         NULL);
}

static void wq(Fixture *f, hwaddr a, uint64_t v)
{
    address_space_stq_le(&f->ms->as_memory, a, v, MEMTXATTRS_UNSPECIFIED,
                         NULL);
}

static DeviceState *add_sysbus(Fixture *f, const char *type,
                               const char *name)
{
    DeviceState *dev = DEVICE(object_new(type));

    if (!strcmp(type, TYPE_ARM_GICV3)) {
        g_assert_true(object_property_set_uint(OBJECT(dev), "num-cpu", 2,
                                               &error_abort));
        g_assert_true(object_property_set_bool(OBJECT(dev), "has-lpis",
                                               true, &error_abort));
    } else if (!strcmp(type, TYPE_ARM_GICV3_ITS)) {
        g_assert_true(object_property_set_link(OBJECT(dev), "gic",
                                               OBJECT(f->gic), &error_abort));
    } else {
        g_assert_true(object_property_set_uint(OBJECT(dev), "ecam-size",
                                               16 << 20, &error_abort));
    }
    g_assert_true(sysbus_add_board_device(f->ms, dev, name, f->ms->sysbus,
                                          &error_abort));
    object_unref(OBJECT(dev));
    return dev;
}

static void fixture_setup(Fixture *f, gconstpointer data)
{
    MachineClass *mc = MACHINE_CLASS(object_class_by_name("none-machine"));
    DeviceState *gic, *its, *host;

    memset(f, 0, sizeof(*f));
    f->ms = machine_new(mc, &target_info_aarch64);
    g_assert_true(machine_run_board_init(f->ms, &error_abort));
    g_assert_true(memory_region_init_ram(&f->ram, NULL, "ram", 0x100000,
                                         &error_abort));
    memory_region_add_subregion(f->ms->system_memory, RAM, &f->ram);
    gic = add_sysbus(f, TYPE_ARM_GICV3, "gic");
    f->gic = ARM_GICV3(gic);
    sysbus_mmio_map(SYS_BUS_DEVICE(gic), 0, GICD);
    sysbus_mmio_map(SYS_BUS_DEVICE(gic), 1, GICR);
    for (int i = 0; i < 4; i++) {
        f->out[i] = qemu_allocate_irq(out_handler, f, i);
        sysbus_connect_irq(SYS_BUS_DEVICE(gic), i, f->out[i]);
    }
    its = add_sysbus(f, TYPE_ARM_GICV3_ITS, "its");
    sysbus_mmio_map(SYS_BUS_DEVICE(its), 0, ITS);
    host = add_sysbus(f, TYPE_GPEX_HOST, "gpex");
    sysbus_mmio_map(SYS_BUS_DEVICE(host), 0, ECAM);
    f->dev = pci_create_simple(GPEX_HOST(host)->bus, DEVFN, TYPE_MSI_DEV,
                               &error_abort);
    qdev_reset_tree(f->ms->root);
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
    machine_free(f->ms);
    memory_region_finalize(&f->ram);
    for (int i = 0; i < 4; i++) {
        qemu_free_irq(f->out[i]);
    }
}

static void its_cmd(Fixture *f, uint64_t d0, uint64_t d1, uint64_t d2)
{
    wq(f, CMDQ + f->cwriter, d0);
    wq(f, CMDQ + f->cwriter + 8, d1);
    wq(f, CMDQ + f->cwriter + 16, d2);
    wq(f, CMDQ + f->cwriter + 24, 0);
    f->cwriter += 32;
    wq(f, ITS + 0x88, f->cwriter);
}

/* GIC, CPU 1, ITS tables; device @devid event 5 -> LPI on CPU 1. */
static void setup_its(Fixture *f, uint32_t devid)
{
    address_space_stb(&f->ms->as_memory, PROP + LPI - 8192, 0x80 | 1,
                      MEMTXATTRS_UNSPECIFIED, NULL);
    wl(f, GICD, 0x2);
    for (int c = 0; c < 2; c++) {
        wq(f, GICR + c * 0x20000 + 0x70, PROP | 15);
        wq(f, GICR + c * 0x20000 + 0x78, c ? PEND1 : PEND);
        wl(f, GICR + c * 0x20000, 1);
        gicv3_cpuif_set_pmr(f->gic, c, 0xff);
        gicv3_cpuif_set_grpen(f->gic, c, 1, true);
    }
    wq(f, ITS + 0x100, (1ull << 63) | DEVT);
    wq(f, ITS + 0x108, (1ull << 63) | COLLT);
    wq(f, ITS + 0x80, (1ull << 63) | CMDQ);
    wl(f, ITS, 1);
    its_cmd(f, 0x08 | (uint64_t)devid << 32, 3, (1ull << 63) | ITT);
    its_cmd(f, 0x09, 0, (1ull << 63) | (1ull << 16) | 2);
    its_cmd(f, 0x0a | (uint64_t)devid << 32, (uint64_t)LPI << 32 | 5, 2);
}

/* Program the device's MSI to GITS_TRANSLATER, data 5, and enable it. */
static void setup_msi(Fixture *f)
{
    uint8_t cap = pci_find_capability(f->dev, PCI_CAP_ID_MSI);
    hwaddr cfg = ECAM + (DEVFN << 12);

    wl(f, cfg + cap + PCI_MSI_ADDRESS_LO, ITS + GITS_TRANSLATER);
    wl(f, cfg + cap + PCI_MSI_ADDRESS_HI, 0);
    wl(f, cfg + cap + PCI_MSI_DATA_64, 5);
    address_space_stw_le(&f->ms->as_memory, cfg + cap + PCI_MSI_FLAGS,
                         PCI_MSI_FLAGS_ENABLE, MEMTXATTRS_UNSPECIFIED, NULL);
    wl(f, cfg + PCI_COMMAND, PCI_COMMAND_MASTER);
    g_assert_true(msi_enabled(f->dev));
}

static void test_msi_to_lpi(Fixture *f, gconstpointer data)
{
    setup_its(f, pci_requester_id(f->dev));
    setup_msi(f);
    g_assert_cmpint(f->level[1], ==, 0);
    msi_notify(f->dev, 0);
    g_assert_true(gicv3_lpi_is_pending(f->gic, 1, LPI));
    g_assert_false(gicv3_lpi_is_pending(f->gic, 0, LPI));
    g_assert_cmpint(f->level[1], ==, 1);
    g_assert_cmpint(f->level[0], ==, 0);
    g_assert_cmpuint(gicv3_cpuif_acknowledge(f->gic, 1, 1), ==, LPI);
    g_assert_cmpint(f->level[1], ==, 0);
    gicv3_cpuif_eoi(f->gic, 1, LPI, false);
    msi_notify(f->dev, 0);
    g_assert_cmpint(f->level[1], ==, 1);
}

/* The DeviceID is the requester id: another device's entry is no use. */
static void test_wrong_device(Fixture *f, gconstpointer data)
{
    setup_its(f, pci_requester_id(f->dev) + 1);
    setup_msi(f);
    msi_notify(f->dev, 0);
    g_assert_false(gicv3_lpi_is_pending(f->gic, 1, LPI));
    g_assert_cmpint(f->level[1], ==, 0);
}

static const TypeInfo *const test_types[] = {
    &machine_type_info, &none_machine_type_info, &device_type_info,
    &bus_type_info, &sys_bus_device_type_info, &pci_device_type_info,
    &pci_bus_type_info, &gpex_host_type_info, &gpex_root_type_info,
    &arm_gicv3_type_info, &arm_gicv3_its_type_info, &msi_dev_type_info,
};

static void add(const char *path,
                void (*fn)(Fixture *f, gconstpointer data))
{
    g_test_add(path, Fixture, NULL, fixture_setup, fn, fixture_teardown);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    type_registry_init(test_types, G_N_ELEMENTS(test_types));
    add("/virt-msi/msi-to-lpi", test_msi_to_lpi);
    add("/virt-msi/wrong-device", test_wrong_device);
    return g_test_run();
}
