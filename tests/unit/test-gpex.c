/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The generic PCIe host (gpex-pcihost) in-process: ECAM decoding, the
 * host bridge at 00.0, and INTx through the swizzle onto its four output
 * lines, with a small test device whose interrupt pin and level the test
 * chooses.
 */
#include "qemu/osdep.h"
#include "hw/core/machine.h"
#include "hw/core/sysbus.h"
#include "hw/pci/pci.h"
#include "hw/pci-host/gpex.h"
#include "qapi/error.h"

#define ECAM 0x3f000000ull

extern const TypeInfo none_machine_type_info;

/* A device with only an interrupt pin (config 0x3d, set by the test). */
#define TYPE_INTX_DEV "test-intx-dev"

static void intx_class_init(ObjectClass *oc, const void *data)
{
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(oc);

    pc->vendor_id = 0x1234;
    pc->device_id = 0x5678;
    pc->class_id = 0xff00;
}

static const TypeInfo intx_dev_type_info = {
    .name = TYPE_INTX_DEV,
    .parent = TYPE_PCI_DEVICE,
    .class_init = intx_class_init,
};

typedef struct Fixture {
    MachineState *ms;
    GPEXHost *host;
    qemu_irq out[GPEX_NUM_IRQS];
    int level[GPEX_NUM_IRQS];
} Fixture;

static void out_handler(void *opaque, int n, int level)
{
    ((Fixture *)opaque)->level[n] = level;
}

static void fixture_setup(Fixture *f, gconstpointer data)
{
    MachineClass *mc = MACHINE_CLASS(object_class_by_name("none-machine"));
    DeviceState *dev;

    memset(f, 0, sizeof(*f));
    f->ms = machine_new(mc, &target_info_aarch64);
    g_assert_true(machine_run_board_init(f->ms, &error_abort));
    dev = DEVICE(object_new(TYPE_GPEX_HOST));
    g_assert_true(object_property_set_uint(OBJECT(dev), "ecam-size",
                                           16 << 20, &error_abort));
    g_assert_true(sysbus_add_board_device(f->ms, dev, "gpex", f->ms->sysbus,
                                          &error_abort));
    object_unref(OBJECT(dev));
    f->host = GPEX_HOST(dev);
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, ECAM);
    for (int i = 0; i < GPEX_NUM_IRQS; i++) {
        f->out[i] = qemu_allocate_irq(out_handler, f, i);
        sysbus_connect_irq(SYS_BUS_DEVICE(dev), i, f->out[i]);
    }
    qdev_reset_tree(f->ms->root);
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
    machine_free(f->ms);
    for (int i = 0; i < GPEX_NUM_IRQS; i++) {
        qemu_free_irq(f->out[i]);
    }
}

static uint32_t ecam_readl(Fixture *f, unsigned bus, unsigned devfn,
                           unsigned reg)
{
    return address_space_ldl_le(&f->ms->as_memory,
                                ECAM + (bus << 20 | devfn << 12 | reg),
                                MEMTXATTRS_UNSPECIFIED, NULL);
}

static void test_ecam(Fixture *f, gconstpointer data)
{
    pci_create_simple(f->host->bus, PCI_DEVFN(2, 0), TYPE_INTX_DEV,
                      &error_abort);
    g_assert_cmphex(ecam_readl(f, 0, 0, 0), ==, 0x00081b36);
    g_assert_cmphex(ecam_readl(f, 0, 0, 8) >> 8, ==, 0x060000);
    g_assert_cmphex(ecam_readl(f, 0, PCI_DEVFN(2, 0), 0), ==, 0x56781234);
    g_assert_cmphex(ecam_readl(f, 0, PCI_DEVFN(1, 0), 0), ==, 0xffffffff);
    g_assert_cmphex(ecam_readl(f, 1, PCI_DEVFN(2, 0), 0), ==, 0xffffffff);
}

/*
 * Pin p (1 = INTA) of slot s drives line (s + p - 1) % 4.  Slots 1..16
 * with pin 1 + (s - 1) / 4 cover every slot residue with every pin.
 */
static void test_swizzle(Fixture *f, gconstpointer data)
{
    for (int slot = 1; slot <= 16; slot++) {
        int pin = 1 + (slot - 1) / 4;
        int line = (slot + pin - 1) % 4;
        PCIDevice *d = pci_create_simple(f->host->bus, PCI_DEVFN(slot, 0),
                                         TYPE_INTX_DEV, &error_abort);

        d->config[PCI_INTERRUPT_PIN] = pin;
        pci_set_irq(d, 1);
        for (int i = 0; i < 4; i++) {
            g_assert_cmpint(f->level[i], ==, i == line);
        }
        pci_set_irq(d, 0);
        g_assert_cmpint(f->level[line], ==, 0);
    }
}

/* Two devices sharing a line: it stays high until both drop. */
static void test_shared(Fixture *f, gconstpointer data)
{
    PCIDevice *a = pci_create_simple(f->host->bus, PCI_DEVFN(1, 0),
                                     TYPE_INTX_DEV, &error_abort);
    PCIDevice *b = pci_create_simple(f->host->bus, PCI_DEVFN(5, 0),
                                     TYPE_INTX_DEV, &error_abort);

    a->config[PCI_INTERRUPT_PIN] = 1;
    b->config[PCI_INTERRUPT_PIN] = 1;
    pci_set_irq(a, 1);
    pci_set_irq(b, 1);
    g_assert_cmpint(f->level[1], ==, 1);
    pci_set_irq(a, 0);
    g_assert_cmpint(f->level[1], ==, 1);
    pci_set_irq(b, 0);
    g_assert_cmpint(f->level[1], ==, 0);
}

static const TypeInfo *const test_types[] = {
    &machine_type_info, &none_machine_type_info, &device_type_info,
    &bus_type_info, &sys_bus_device_type_info, &pci_device_type_info,
    &pci_bus_type_info, &gpex_host_type_info, &gpex_root_type_info,
    &intx_dev_type_info,
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
    add("/gpex/ecam", test_ecam);
    add("/gpex/swizzle", test_swizzle);
    add("/gpex/shared", test_shared);
    return g_test_run();
}
