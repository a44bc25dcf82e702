/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The PCI library, the PC PCI host, pci-testdev and fw_cfg, driven
 * in-process: a "none" machine with 16 MiB of RAM at 0, the PC host on
 * its I/O and memory spaces, and a test device with INTx, MSI, MSI-X, a
 * 64-bit BAR and an I/O BAR.  Every access goes through the guest-visible
 * address spaces, as a CPU's would.
 */
#include "qemu/osdep.h"
#include "hw/core/machine.h"
#include "hw/core/sysbus.h"
#include "hw/pci/pci.h"
#include "hw/pci/msi.h"
#include "hw/pci/msix.h"
#include "hw/pci-host/pc-host.h"
#include "hw/nvram/fw_cfg.h"

#define RAM_SIZE (16 * 1024 * 1024)
#define TEST_DEVFN PCI_DEVFN(3, 0)

extern const TypeInfo none_machine_type_info;
extern const TypeInfo pci_testdev_type_info;

/* --- A device with every feature --- */

#define TYPE_TEST_PCI_DEV "test-pci-dev"

typedef struct TestPCIDev {
    PCIDevice parent_obj;
    MemoryRegion bar0, bar2, bar4;
    MemTxResult dma_res;
    unsigned echo_calls;
} TestPCIDev;

#define TEST_PCI_DEV(obj) OBJECT_CHECK(TestPCIDev, (obj), TYPE_TEST_PCI_DEV)

static uint64_t tdev_read(void *opaque, hwaddr off, unsigned size)
{
    return off == 0 ? 0x11223344 : 0;
}

/*
 * 0: INTx level, 4: MSI vector, 8: MSI-X vector, 0x10: DMA 0xdeadbeef to
 * the address written, 0x14: DMA the written value to itself as address.
 */
static void tdev_write(void *opaque, hwaddr off, uint64_t val, unsigned size)
{
    TestPCIDev *t = opaque;
    PCIDevice *d = PCI_DEVICE(t);
    uint32_t pattern = 0xdeadbeef;

    switch (off) {
    case 0:
        pci_set_irq(d, val);
        break;
    case 4:
        msi_notify(d, val);
        break;
    case 8:
        msix_notify(d, val);
        break;
    case 0x10:
        t->dma_res = pci_dma_write(d, val, &pattern, 4);
        break;
    case 0x14:
        t->echo_calls++;
        pattern = val;
        t->dma_res = pci_dma_write(d, val, &pattern, 4);
        break;
    }
}

static const MemoryRegionOps tdev_ops = {
    .read = tdev_read,
    .write = tdev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static bool tdev_realize(PCIDevice *d, Error **errp)
{
    TestPCIDev *t = TEST_PCI_DEV(d);

    d->config[PCI_INTERRUPT_PIN] = 1;
    memory_region_init_io(&t->bar0, t, &tdev_ops, t, "tdev-bar0", 0x1000);
    memory_region_init_io(&t->bar2, t, &tdev_ops, t, "tdev-bar2", 0x10000);
    memory_region_init_io(&t->bar4, t, &tdev_ops, t, "tdev-bar4", 0x20);
    pci_register_bar(d, 0, PCI_BASE_ADDRESS_SPACE_MEMORY, &t->bar0);
    pci_register_bar(d, 2, PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64 |
                     PCI_BASE_ADDRESS_MEM_PREFETCH, &t->bar2);
    pci_register_bar(d, 4, PCI_BASE_ADDRESS_SPACE_IO, &t->bar4);
    return msi_init(d, 0, 4, true, true, errp) &&
           msix_init_exclusive_bar(d, 8, 1, errp);
}

static void tdev_exit(PCIDevice *d)
{
    TestPCIDev *t = TEST_PCI_DEV(d);

    memory_region_finalize(&t->bar0);
    memory_region_finalize(&t->bar2);
    memory_region_finalize(&t->bar4);
}

static void tdev_class_init(ObjectClass *oc, const void *data)
{
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(oc);

    pc->vendor_id = 0x1234;
    pc->device_id = 0x5678;
    pc->class_id = 0x0880;
    pc->realize = tdev_realize;
    pc->exit = tdev_exit;
}

static const TypeInfo test_pci_dev_type_info = {
    .name = TYPE_TEST_PCI_DEV,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(TestPCIDev),
    .class_init = tdev_class_init,
};

/* --- Fixture --- */

typedef struct Fixture {
    MachineState *ms;
    PCIBus *bus;
    qemu_irq gsi[16];
    int level[16];
    PCIDevice *dev;
} Fixture;

static void gsi_handler(void *opaque, int n, int level)
{
    ((Fixture *)opaque)->level[n] = level;
}

static void fixture_setup(Fixture *f, gconstpointer data)
{
    MachineClass *mc = MACHINE_CLASS(object_class_by_name("none-machine"));

    memset(f, 0, sizeof(*f));
    f->ms = machine_new(mc, &target_info_x86_64);
    f->ms->ram_size = RAM_SIZE;
    g_assert_true(machine_run_board_init(f->ms, &error_abort));
    for (int i = 0; i < 16; i++) {
        f->gsi[i] = qemu_allocate_irq(gsi_handler, f, i);
    }
    f->bus = pc_pci_host_init(f->ms, f->gsi, &error_abort);
    f->dev = pci_create_simple(f->bus, TEST_DEVFN, TYPE_TEST_PCI_DEV,
                               &error_abort);
    qdev_reset_tree(f->ms->root);
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
    machine_free(f->ms);
    for (int i = 0; i < 16; i++) {
        qemu_free_irq(f->gsi[i]);
    }
}

static void outl(Fixture *f, uint16_t port, uint32_t v, unsigned size)
{
    address_space_st(&f->ms->as_io, port, size, false, v,
                     MEMTXATTRS_UNSPECIFIED, NULL);
}

static uint32_t inl(Fixture *f, uint16_t port, unsigned size)
{
    return address_space_ld(&f->ms->as_io, port, size, false,
                            MEMTXATTRS_UNSPECIFIED, NULL);
}

static uint32_t cfg_read(Fixture *f, int devfn, int off, unsigned size)
{
    outl(f, 0xcf8, 0x80000000u | devfn << 8 | (off & 0xfc), 4);
    return inl(f, 0xcfc + (off & 3), size);
}

static void cfg_write(Fixture *f, int devfn, int off, uint32_t v,
                      unsigned size)
{
    outl(f, 0xcf8, 0x80000000u | devfn << 8 | (off & 0xfc), 4);
    outl(f, 0xcfc + (off & 3), v, size);
}

static uint32_t mem_readl(Fixture *f, hwaddr a)
{
    return address_space_ldl_le(&f->ms->as_memory, a,
                                MEMTXATTRS_UNSPECIFIED, NULL);
}

static void mem_writel(Fixture *f, hwaddr a, uint32_t v)
{
    address_space_stl_le(&f->ms->as_memory, a, v, MEMTXATTRS_UNSPECIFIED,
                         NULL);
}

/* --- Host bridge --- */

static void test_host_identity(Fixture *f, gconstpointer data)
{
    g_assert_cmphex(cfg_read(f, 0, 0, 4), ==, 0x12378086);
    g_assert_cmphex(cfg_read(f, 0, 8, 4), ==, 0x06000002);
    g_assert_cmphex(cfg_read(f, 0, PCI_HEADER_TYPE, 1), ==, 0);
    g_assert_cmphex(cfg_read(f, 0, PCI_SUBSYSTEM_VENDOR_ID, 4), ==,
                    0x11001af4);
    g_assert_cmphex(cfg_read(f, 8, 0, 4), ==, 0x70008086);
    g_assert_cmphex(cfg_read(f, 8, 8, 4), ==, 0x06010000);
    g_assert_cmphex(cfg_read(f, 8, PCI_HEADER_TYPE, 1), ==, 0x80);
    g_assert_cmphex(cfg_read(f, 8, 0x60, 4), ==, 0x0b0b0a0a);
    g_assert_cmphex(cfg_read(f, TEST_DEVFN, 0, 4), ==, 0x56781234);
    g_assert_cmphex(cfg_read(f, TEST_DEVFN, 0, 1), ==, 0x34);
    g_assert_cmphex(cfg_read(f, TEST_DEVFN, 2, 2), ==, 0x5678);
    g_assert_cmphex(cfg_read(f, TEST_DEVFN, 3, 1), ==, 0x56);
    /* Empty slot, other bus, disabled mechanism: all ones. */
    g_assert_cmphex(cfg_read(f, PCI_DEVFN(9, 0), 0, 4), ==, 0xffffffff);
    g_assert_cmphex(cfg_read(f, PCI_DEVFN(9, 0), 0, 2), ==, 0xffff);
    outl(f, 0xcf8, 0x80010000, 4);
    g_assert_cmphex(inl(f, 0xcfc, 4), ==, 0xffffffff);
    outl(f, 0xcf8, 0x00000000, 4);
    g_assert_cmphex(inl(f, 0xcfc, 4), ==, 0xffffffff);
    /* CONFIG_ADDRESS: dword writes only, reads back. */
    outl(f, 0xcf8, 0x80001234, 4);
    outl(f, 0xcfb, 0x55, 1);
    outl(f, 0xcf8, 0x7777, 2);
    g_assert_cmphex(inl(f, 0xcf8, 4), ==, 0x80001234);
    /* Read-only identity. */
    cfg_write(f, 0, 0, 0xffffffff, 4);
    g_assert_cmphex(cfg_read(f, 0, 0, 4), ==, 0x12378086);
}

static void test_ecam(Fixture *f, gconstpointer data)
{
    hwaddr base = PC_PCI_ECAM_BASE;

    g_assert_cmphex(mem_readl(f, base), ==, 0x12378086);
    g_assert_cmphex(mem_readl(f, base + (TEST_DEVFN << 12)), ==,
                    0x56781234);
    g_assert_cmphex(mem_readl(f, base + (9 << 15)), ==, 0xffffffff);
    g_assert_cmphex(mem_readl(f, base + (1 << 20)), ==, 0xffffffff);
    /* Conventional device: nothing beyond 256 bytes. */
    g_assert_cmphex(mem_readl(f, base + (TEST_DEVFN << 12) + 0x100), ==,
                    0xffffffff);
    mem_writel(f, base + (TEST_DEVFN << 12) + PCI_INTERRUPT_LINE, 0x0b);
    g_assert_cmphex(cfg_read(f, TEST_DEVFN, PCI_INTERRUPT_LINE, 1), ==,
                    0x0b);
    g_assert_cmphex(cfg_read(f, TEST_DEVFN, PCI_INTERRUPT_PIN, 1), ==, 1);
}

/* --- BARs --- */

static uint32_t bar_size_probe(Fixture *f, int n)
{
    int off = PCI_BASE_ADDRESS_0 + 4 * n;
    uint32_t old = cfg_read(f, TEST_DEVFN, off, 4), v;

    cfg_write(f, TEST_DEVFN, off, 0xffffffff, 4);
    v = cfg_read(f, TEST_DEVFN, off, 4);
    cfg_write(f, TEST_DEVFN, off, old, 4);
    return v;
}

static void test_bar_sizing(Fixture *f, gconstpointer data)
{
    g_assert_cmphex(bar_size_probe(f, 0), ==, 0xfffff000);
    g_assert_cmphex(bar_size_probe(f, 1), ==, 0xfffff000);
    g_assert_cmphex(bar_size_probe(f, 2), ==, 0xffff000c);
    g_assert_cmphex(bar_size_probe(f, 3), ==, 0xffffffff);
    g_assert_cmphex(bar_size_probe(f, 4), ==, 0xffffffe1);
    g_assert_cmphex(bar_size_probe(f, 5), ==, 0);
    g_assert_cmphex(cfg_read(f, TEST_DEVFN, PCI_BASE_ADDRESS_0 + 8, 4), ==,
                    0x0000000c);
    g_assert_cmphex(cfg_read(f, TEST_DEVFN, PCI_ROM_ADDRESS, 4), ==, 0);
}

static void test_bar_map(Fixture *f, gconstpointer data)
{
    cfg_write(f, TEST_DEVFN, PCI_BASE_ADDRESS_0, 0xe0000000, 4);
    g_assert_cmphex(mem_readl(f, 0xe0000000), ==, 0xffffffff);
    g_assert_cmphex(pci_get_bar_addr(f->dev, 0), ==, PCI_BAR_UNMAPPED);
    cfg_write(f, TEST_DEVFN, PCI_COMMAND, PCI_COMMAND_MEMORY, 2);
    g_assert_cmphex(mem_readl(f, 0xe0000000), ==, 0x11223344);
    g_assert_cmphex(pci_get_bar_addr(f->dev, 0), ==, 0xe0000000);
    /* Move it. */
    cfg_write(f, TEST_DEVFN, PCI_BASE_ADDRESS_0, 0xe0010000, 4);
    g_assert_cmphex(mem_readl(f, 0xe0000000), ==, 0xffffffff);
    g_assert_cmphex(mem_readl(f, 0xe0010000), ==, 0x11223344);
    /* 64-bit BAR above 4 GiB. */
    cfg_write(f, TEST_DEVFN, PCI_BASE_ADDRESS_0 + 8, 0x00000000, 4);
    cfg_write(f, TEST_DEVFN, PCI_BASE_ADDRESS_0 + 12, 0x00000001, 4);
    g_assert_cmphex(pci_get_bar_addr(f->dev, 2), ==, 0x100000000ULL);
    g_assert_cmphex(mem_readl(f, 0x100000000ULL), ==, 0x11223344);
    /* I/O BAR needs the I/O enable bit. */
    cfg_write(f, TEST_DEVFN, PCI_BASE_ADDRESS_0 + 16, 0xc000, 4);
    g_assert_cmphex(inl(f, 0xc000, 4), ==, 0xffffffff);
    cfg_write(f, TEST_DEVFN, PCI_COMMAND,
              PCI_COMMAND_MEMORY | PCI_COMMAND_IO, 2);
    g_assert_cmphex(inl(f, 0xc000, 4), ==, 0x11223344);
    /* Memory decode off unmaps every memory BAR. */
    cfg_write(f, TEST_DEVFN, PCI_COMMAND, PCI_COMMAND_IO, 2);
    g_assert_cmphex(mem_readl(f, 0xe0010000), ==, 0xffffffff);
    g_assert_cmphex(mem_readl(f, 0x100000000ULL), ==, 0xffffffff);
    g_assert_cmphex(inl(f, 0xc000, 4), ==, 0x11223344);
    /* Reset: BARs back to their type bits, everything unmapped. */
    qdev_reset_tree(f->ms->root);
    g_assert_cmphex(cfg_read(f, TEST_DEVFN, PCI_BASE_ADDRESS_0 + 16, 4), ==,
                    PCI_BASE_ADDRESS_SPACE_IO);
    g_assert_cmphex(cfg_read(f, TEST_DEVFN, PCI_COMMAND, 2), ==, 0);
    g_assert_cmphex(inl(f, 0xc000, 4), ==, 0xffffffff);
}

static void test_capability(Fixture *f, gconstpointer data)
{
    Error *err = NULL;

    /* MSI sits at 0x40 (24 bytes), MSI-X at 0x58 (12 bytes). */
    g_assert_cmphex(pci_find_capability(f->dev, PCI_CAP_ID_MSI), ==, 0x40);
    g_assert_cmphex(pci_find_capability(f->dev, PCI_CAP_ID_MSIX), ==, 0x58);
    g_assert_cmphex(pci_add_capability(f->dev, PCI_CAP_ID_VNDR, 0x50, 8,
                                       &err), ==, 0);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "test-pci-dev: PCI capability 0x9 at offset 0x50 "
                    "overlaps an existing capability");
    error_free(err);
    g_assert_cmphex(pci_add_capability(f->dev, PCI_CAP_ID_VNDR, 0x3c, 4,
                                       NULL), ==, 0);
    g_assert_cmphex(pci_add_capability(f->dev, PCI_CAP_ID_VNDR, 0, 8,
                                       &error_abort), ==, 0x64);
    g_assert_cmphex(cfg_read(f, TEST_DEVFN, PCI_CAPABILITY_LIST, 1), ==,
                    0x64);
    g_assert_cmphex(cfg_read(f, TEST_DEVFN, 0x65, 1), ==, 0x58);
    g_assert_cmphex(pci_find_capability(f->dev, PCI_CAP_ID_VNDR), ==, 0x64);
    g_assert_cmphex(pci_find_capability(f->dev, PCI_CAP_ID_EXP), ==, 0);
}

static void test_bar_overlap(Fixture *f, gconstpointer data)
{
    mem_writel(f, 0x10000, 0xcafef00d);
    cfg_write(f, TEST_DEVFN, PCI_BASE_ADDRESS_0, 0x10000, 4);
    cfg_write(f, TEST_DEVFN, PCI_COMMAND, PCI_COMMAND_MEMORY, 2);
    g_assert_cmphex(mem_readl(f, 0x10000), ==, 0x11223344);
    /* Two BARs at one address: no crash, one of them answers. */
    cfg_write(f, TEST_DEVFN, PCI_BASE_ADDRESS_0 + 8, 0x10000, 4);
    g_assert_cmphex(mem_readl(f, 0x10000), ==, 0x11223344);
    /* Over the ECAM window and at 0 (unmapped), then away again. */
    cfg_write(f, TEST_DEVFN, PCI_BASE_ADDRESS_0, PC_PCI_ECAM_BASE, 4);
    cfg_write(f, TEST_DEVFN, PCI_BASE_ADDRESS_0 + 8, 0, 4);
    g_assert_cmphex(pci_get_bar_addr(f->dev, 2), ==, PCI_BAR_UNMAPPED);
    g_assert_cmphex(mem_readl(f, 0x10000), ==, 0xcafef00d);
    /* A 32-bit BAR whose end would reach 4 GiB is not mapped. */
    cfg_write(f, TEST_DEVFN, PCI_BASE_ADDRESS_0, 0xfffff000, 4);
    g_assert_cmphex(pci_get_bar_addr(f->dev, 0), ==, PCI_BAR_UNMAPPED);
    cfg_write(f, TEST_DEVFN, PCI_COMMAND, 0, 2);
    g_assert_cmphex(mem_readl(f, PC_PCI_ECAM_BASE), ==, 0x12378086);
}

/* --- INTx --- */

static void test_intx(Fixture *f, gconstpointer data)
{
    PCIDevice *d2 = pci_create_simple(f->bus, PCI_DEVFN(7, 0),
                                      TYPE_TEST_PCI_DEV, &error_abort);

    /* Slot 3 INTA -> PIRQC -> GSI 11; slot 7 INTA -> PIRQC too. */
    pci_set_irq(f->dev, 1);
    g_assert_cmpint(f->level[11], ==, 1);
    g_assert_cmphex(cfg_read(f, TEST_DEVFN, PCI_STATUS, 2) &
                    PCI_STATUS_INTERRUPT, ==, PCI_STATUS_INTERRUPT);
    pci_set_irq(d2, 1);
    pci_set_irq(f->dev, 0);
    g_assert_cmpint(f->level[11], ==, 1);
    pci_set_irq(d2, 0);
    g_assert_cmpint(f->level[11], ==, 0);
    g_assert_cmphex(cfg_read(f, TEST_DEVFN, PCI_STATUS, 2) &
                    PCI_STATUS_INTERRUPT, ==, 0);
    /* INTx disable masks the line, not the status bit. */
    pci_set_irq(f->dev, 1);
    cfg_write(f, TEST_DEVFN, PCI_COMMAND, PCI_COMMAND_INTX_DISABLE, 2);
    g_assert_cmpint(f->level[11], ==, 0);
    g_assert_cmphex(cfg_read(f, TEST_DEVFN, PCI_STATUS, 2) &
                    PCI_STATUS_INTERRUPT, ==, PCI_STATUS_INTERRUPT);
    cfg_write(f, TEST_DEVFN, PCI_COMMAND, 0, 2);
    g_assert_cmpint(f->level[11], ==, 1);
    /* Re-route PIRQC to IRQ 5, then switch the route off. */
    cfg_write(f, PCI_DEVFN(1, 0), 0x62, 0x05, 1);
    g_assert_cmpint(f->level[11], ==, 0);
    g_assert_cmpint(f->level[5], ==, 1);
    cfg_write(f, PCI_DEVFN(1, 0), 0x62, 0x80, 1);
    g_assert_cmpint(f->level[5], ==, 0);
    cfg_write(f, PCI_DEVFN(1, 0), 0x62, 0x0b, 1);
    g_assert_cmpint(f->level[11], ==, 1);
    /* Reset deasserts. */
    qdev_reset_tree(f->ms->root);
    g_assert_cmpint(f->level[11], ==, 0);
}

/* --- MSI --- */

static void test_msi(Fixture *f, gconstpointer data)
{
    uint8_t cap = cfg_read(f, TEST_DEVFN, PCI_CAPABILITY_LIST, 1);
    uint16_t flags;

    g_assert_cmphex(cfg_read(f, TEST_DEVFN, PCI_STATUS, 2) &
                    PCI_STATUS_CAP_LIST, ==, PCI_STATUS_CAP_LIST);
    /* MSI-X was added last, so it heads the list. */
    g_assert_cmphex(cfg_read(f, TEST_DEVFN, cap, 1), ==, PCI_CAP_ID_MSIX);
    cap = cfg_read(f, TEST_DEVFN, cap + 1, 1);
    g_assert_cmphex(cfg_read(f, TEST_DEVFN, cap, 1), ==, PCI_CAP_ID_MSI);
    g_assert_cmphex(cfg_read(f, TEST_DEVFN, cap + 1, 1), ==, 0);
    flags = cfg_read(f, TEST_DEVFN, cap + PCI_MSI_FLAGS, 2);
    g_assert_cmphex(flags, ==, PCI_MSI_FLAGS_64BIT | PCI_MSI_FLAGS_MASKBIT |
                    (2 << 1));

    cfg_write(f, TEST_DEVFN, cap + PCI_MSI_ADDRESS_LO, 0x2000, 4);
    cfg_write(f, TEST_DEVFN, cap + PCI_MSI_ADDRESS_HI, 0, 4);
    cfg_write(f, TEST_DEVFN, cap + PCI_MSI_DATA_64, 0x40, 2);
    cfg_write(f, TEST_DEVFN, cap + PCI_MSI_FLAGS,
              PCI_MSI_FLAGS_ENABLE | (2 << 4), 2);
    g_assert_true(msi_enabled(f->dev));
    g_assert_cmpuint(msi_nr_vectors_allocated(f->dev), ==, 4);

    /* Bus mastering off: the message goes nowhere. */
    msi_notify(f->dev, 2);
    g_assert_cmphex(mem_readl(f, 0x2000), ==, 0);
    cfg_write(f, TEST_DEVFN, PCI_COMMAND, PCI_COMMAND_MASTER, 2);
    msi_notify(f->dev, 2);
    g_assert_cmphex(mem_readl(f, 0x2000), ==, 0x42);

    /* Masked: pending, sent on unmask. */
    cfg_write(f, TEST_DEVFN, cap + PCI_MSI_MASK_64, 0x2, 4);
    mem_writel(f, 0x2000, 0);
    msi_notify(f->dev, 1);
    g_assert_cmphex(mem_readl(f, 0x2000), ==, 0);
    g_assert_cmphex(cfg_read(f, TEST_DEVFN, cap + PCI_MSI_PENDING_64, 4),
                    ==, 0x2);
    cfg_write(f, TEST_DEVFN, cap + PCI_MSI_PENDING_64, 0, 4);   /* RO */
    g_assert_cmphex(cfg_read(f, TEST_DEVFN, cap + PCI_MSI_PENDING_64, 4),
                    ==, 0x2);
    cfg_write(f, TEST_DEVFN, cap + PCI_MSI_MASK_64, 0, 4);
    g_assert_cmphex(mem_readl(f, 0x2000), ==, 0x41);
    g_assert_cmphex(cfg_read(f, TEST_DEVFN, cap + PCI_MSI_PENDING_64, 4),
                    ==, 0);
    /* Mask bits beyond the vectors capable are not writable. */
    cfg_write(f, TEST_DEVFN, cap + PCI_MSI_MASK_64, 0xffffffff, 4);
    g_assert_cmphex(cfg_read(f, TEST_DEVFN, cap + PCI_MSI_MASK_64, 4), ==,
                    0xf);
    qdev_reset_tree(f->ms->root);
    g_assert_false(msi_enabled(f->dev));
}

/* --- MSI-X --- */

#define MSIX_BAR 0xe0100000u

static void msix_entry_set(Fixture *f, int v, uint64_t addr, uint32_t data,
                           uint32_t ctrl)
{
    hwaddr e = MSIX_BAR + v * PCI_MSIX_ENTRY_SIZE;

    address_space_stq_le(&f->ms->as_memory, e, addr,
                         MEMTXATTRS_UNSPECIFIED, NULL);
    mem_writel(f, e + PCI_MSIX_ENTRY_DATA, data);
    mem_writel(f, e + PCI_MSIX_ENTRY_CTRL, ctrl);
}

static void test_msix(Fixture *f, gconstpointer data)
{
    uint8_t cap = pci_find_capability(f->dev, PCI_CAP_ID_MSIX);
    hwaddr pba = MSIX_BAR + 2048;

    g_assert_cmphex(cfg_read(f, TEST_DEVFN, cap + PCI_MSIX_FLAGS, 2), ==, 7);
    g_assert_cmphex(cfg_read(f, TEST_DEVFN, cap + PCI_MSIX_TABLE, 4), ==, 1);
    g_assert_cmphex(cfg_read(f, TEST_DEVFN, cap + PCI_MSIX_PBA, 4), ==,
                    2048 | 1);
    cfg_write(f, TEST_DEVFN, PCI_BASE_ADDRESS_0 + 4, MSIX_BAR, 4);
    cfg_write(f, TEST_DEVFN, PCI_COMMAND,
              PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER, 2);
    /* Reset state: every vector masked. */
    g_assert_cmphex(mem_readl(f, MSIX_BAR + 7 * 16 + 12), ==, 1);

    cfg_write(f, TEST_DEVFN, cap + PCI_MSIX_FLAGS,
              PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL, 2);
    msix_entry_set(f, 3, 0x3000, 0x1234, 0);
    g_assert_cmphex(address_space_ldq_le(&f->ms->as_memory,
                                         MSIX_BAR + 3 * 16,
                                         MEMTXATTRS_UNSPECIFIED, NULL),
                    ==, 0x3000);
    msix_notify(f->dev, 3);
    g_assert_cmphex(mem_readl(f, 0x3000), ==, 0);
    g_assert_cmphex(mem_readl(f, pba), ==, 1 << 3);
    mem_writel(f, pba, 0);      /* read-only */
    g_assert_cmphex(mem_readl(f, pba), ==, 1 << 3);
    /* Function unmask delivers the pending vector. */
    cfg_write(f, TEST_DEVFN, cap + PCI_MSIX_FLAGS, PCI_MSIX_FLAGS_ENABLE, 2);
    g_assert_cmphex(mem_readl(f, 0x3000), ==, 0x1234);
    g_assert_cmphex(mem_readl(f, pba), ==, 0);

    /* Vector mask, then unmask through the table. */
    msix_entry_set(f, 5, 0x3004, 0x55, 1);
    msix_notify(f->dev, 5);
    g_assert_cmphex(mem_readl(f, 0x3004), ==, 0);
    g_assert_true(msix_is_pending(f->dev, 5));
    mem_writel(f, MSIX_BAR + 5 * 16 + PCI_MSIX_ENTRY_CTRL, 0);
    g_assert_cmphex(mem_readl(f, 0x3004), ==, 0x55);
    g_assert_false(msix_is_pending(f->dev, 5));

    /* Through the device's BAR0 register, as the guest would trigger. */
    cfg_write(f, TEST_DEVFN, PCI_BASE_ADDRESS_0, 0xe0000000, 4);
    mem_writel(f, 0x3000, 0);
    mem_writel(f, 0xe0000008, 3);
    g_assert_cmphex(mem_readl(f, 0x3000), ==, 0x1234);

    /* Disabled: nothing sent, nothing pending. */
    cfg_write(f, TEST_DEVFN, cap + PCI_MSIX_FLAGS, 0, 2);
    mem_writel(f, 0x3000, 0);
    msix_notify(f->dev, 3);
    g_assert_cmphex(mem_readl(f, 0x3000), ==, 0);
    g_assert_false(msix_is_pending(f->dev, 3));
}

/* --- DMA --- */

static void test_dma(Fixture *f, gconstpointer data)
{
    TestPCIDev *t = TEST_PCI_DEV(f->dev);

    cfg_write(f, TEST_DEVFN, PCI_BASE_ADDRESS_0, 0xe0000000, 4);
    cfg_write(f, TEST_DEVFN, PCI_COMMAND, PCI_COMMAND_MEMORY, 2);
    mem_writel(f, 0xe0000010, 0x5000);
    g_assert_cmphex(t->dma_res, !=, MEMTX_OK);
    g_assert_cmphex(mem_readl(f, 0x5000), ==, 0);
    cfg_write(f, TEST_DEVFN, PCI_COMMAND,
              PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER, 2);
    mem_writel(f, 0xe0000010, 0x5000);
    g_assert_cmphex(t->dma_res, ==, MEMTX_OK);
    g_assert_cmphex(mem_readl(f, 0x5000), ==, 0xdeadbeef);
    /* Peer to peer: DMA into the device's own BAR reaches it. */
    mem_writel(f, 0xe0000010, 0xe0000000);
    g_assert_cmphex(t->dma_res, ==, MEMTX_OK);
    g_assert_cmpint(f->level[11], ==, 1);
    /*
     * A DMA that re-triggers itself: the nested DMA is refused, so the
     * handler runs twice instead of recursing without end.
     */
    mem_writel(f, 0xe0000014, 0xe0000014);
    g_assert_cmpuint(t->echo_calls, ==, 2);
    g_assert_cmphex(t->dma_res, ==, MEMTX_OK);
    mem_writel(f, 0x5000, 0);
    mem_writel(f, 0xe0000010, 0x5000);
    g_assert_cmphex(mem_readl(f, 0x5000), ==, 0xdeadbeef);
}

/* --- Slots and the addr property --- */

static void test_addr(Fixture *f, gconstpointer data)
{
    Error *err = NULL;
    Object *o;
    int32_t devfn;

    g_assert_true(pci_parse_devfn("3", &devfn));
    g_assert_cmpint(devfn, ==, PCI_DEVFN(3, 0));
    g_assert_true(pci_parse_devfn("1f.7", &devfn));
    g_assert_cmpint(devfn, ==, PCI_DEVFN(31, 7));
    g_assert_true(pci_parse_devfn("0x10", &devfn));
    g_assert_cmpint(devfn, ==, PCI_DEVFN(16, 0));
    g_assert_true(pci_parse_devfn(" 3", &devfn));
    g_assert_cmpint(devfn, ==, PCI_DEVFN(3, 0));
    g_assert_false(pci_parse_devfn("0:0:04.2", &devfn));
    g_assert_false(pci_parse_devfn("zz", &devfn));
    g_assert_false(pci_parse_devfn("20", &devfn));
    g_assert_false(pci_parse_devfn("3.8", &devfn));
    g_assert_false(pci_parse_devfn("1:3", &devfn));
    g_assert_false(pci_parse_devfn("", &devfn));
    g_assert_false(pci_parse_devfn("3.", &devfn));
    g_assert_false(pci_parse_devfn("255", &devfn));
    g_assert_false(pci_parse_devfn("3.x", &devfn));

    o = object_new(TYPE_TEST_PCI_DEV);
    g_assert_false(object_property_parse(o, "addr", "zz", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Property 'test-pci-dev.addr' doesn't take value 'zz'");
    error_free(err);
    err = NULL;
    g_assert_true(object_property_parse(o, "addr", "05.1", &error_abort));
    g_assert_cmpint(PCI_DEVICE(o)->devfn, ==, PCI_DEVFN(5, 1));
    object_unref(o);

    g_assert_null(pci_create_simple(f->bus, TEST_DEVFN, TYPE_TEST_PCI_DEV,
                                    &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "PCI: slot 3 function 0 not available for test-pci-dev, "
                    "in use by test-pci-dev,id=(null)");
    error_free(err);
    err = NULL;
    g_assert_null(pci_create_simple(f->bus, PCI_DEVFN(3, 1),
                                    TYPE_TEST_PCI_DEV, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "PCI: single function device can't be populated in "
                    "function 3.1");
    error_free(err);
    err = NULL;
    /* Automatic placement: first free slot after 00 (host) and 01. */
    g_assert_cmpint(pci_create_simple(f->bus, -1, TYPE_TEST_PCI_DEV,
                                      &error_abort)->devfn, ==,
                    PCI_DEVFN(2, 0));
}

static void count_dev(PCIBus *bus, PCIDevice *dev, void *opaque)
{
    GString *s = opaque;

    g_string_append_printf(s, "%02x.%x ", PCI_SLOT(dev->devfn),
                           PCI_FUNC(dev->devfn));
}

static void test_multifunction(Fixture *f, gconstpointer data)
{
    Error *err = NULL;
    PCIDevice *d = PCI_DEVICE(object_new(TYPE_TEST_PCI_DEV));

    d->devfn = PCI_DEVFN(6, 2);
    g_assert_true(pci_realize_on_bus(d, f->bus, &error_abort));
    object_unref(OBJECT(d));
    g_assert_null(pci_create_simple(f->bus, PCI_DEVFN(6, 0),
                                    TYPE_TEST_PCI_DEV, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "PCI: 6.0 indicates single function, but 6.2 is "
                    "already populated.");
    error_free(err);
    d = PCI_DEVICE(object_new(TYPE_TEST_PCI_DEV));
    d->devfn = PCI_DEVFN(6, 0);
    d->multifunction = true;
    g_assert_true(pci_realize_on_bus(d, f->bus, &error_abort));
    object_unref(OBJECT(d));
    g_assert_cmphex(cfg_read(f, PCI_DEVFN(6, 0), PCI_HEADER_TYPE, 1), ==,
                    0x80);
    g_assert_cmphex(cfg_read(f, PCI_DEVFN(6, 2), 0, 4), ==, 0x56781234);
    {
        g_autoptr(GString) s = g_string_new("");

        pci_for_each_device(f->bus, count_dev, s);
        g_assert_cmpstr(s->str, ==, "00.0 01.0 03.0 06.0 06.2 ");
    }
}

static void test_unrealize(Fixture *f, gconstpointer data)
{
    cfg_write(f, TEST_DEVFN, PCI_BASE_ADDRESS_0, 0xe0000000, 4);
    cfg_write(f, TEST_DEVFN, PCI_COMMAND, PCI_COMMAND_MEMORY, 2);
    pci_set_irq(f->dev, 1);
    g_assert_cmpint(f->level[11], ==, 1);
    object_unparent(OBJECT(f->dev));
    g_assert_cmpint(f->level[11], ==, 0);
    g_assert_cmphex(mem_readl(f, 0xe0000000), ==, 0xffffffff);
    g_assert_cmphex(cfg_read(f, TEST_DEVFN, 0, 4), ==, 0xffffffff);
}

/* --- pci-testdev --- */

static void test_testdev(Fixture *f, gconstpointer data)
{
    int devfn = PCI_DEVFN(4, 0);
    char name[32];

    g_assert_nonnull(pci_create_simple(f->bus, devfn, "pci-testdev",
                                       &error_abort));
    g_assert_cmphex(cfg_read(f, devfn, 0, 4), ==, 0x00051b36);
    g_assert_cmphex(cfg_read(f, devfn, 8, 4), ==, 0x00ff0000);
    g_assert_cmphex(cfg_read(f, devfn, PCI_INTERRUPT_PIN, 1), ==, 0);
    cfg_write(f, devfn, PCI_BASE_ADDRESS_0, 0xffffffff, 4);
    g_assert_cmphex(cfg_read(f, devfn, PCI_BASE_ADDRESS_0, 4), ==,
                    0xfffff000);
    cfg_write(f, devfn, PCI_BASE_ADDRESS_0 + 4, 0xffffffff, 4);
    g_assert_cmphex(cfg_read(f, devfn, PCI_BASE_ADDRESS_0 + 4, 4), ==,
                    0xffffff01);
    cfg_write(f, devfn, PCI_BASE_ADDRESS_0, 0xe0200000, 4);
    cfg_write(f, devfn, PCI_BASE_ADDRESS_0 + 4, 0xc100, 4);
    cfg_write(f, devfn, PCI_COMMAND, PCI_COMMAND_MEMORY | PCI_COMMAND_IO, 2);

    g_assert_cmphex(mem_readl(f, 0xe0200000), ==, 0);   /* none selected */
    address_space_stb(&f->ms->as_memory, 0xe0200000, 0, MEMTXATTRS_UNSPECIFIED,
                      NULL);
    g_assert_cmphex(mem_readl(f, 0xe0200000), ==, 0x00000100);
    g_assert_cmphex(mem_readl(f, 0xe0200004), ==, 2048);
    g_assert_cmphex(mem_readl(f, 0xe0200008), ==, 0xfa);
    g_assert_cmphex(mem_readl(f, 0xe020000c), ==, 0);
    address_space_read(&f->ms->as_memory, 0xe0200010, MEMTXATTRS_UNSPECIFIED,
                       name, sizeof(name));
    g_assert_cmpstr(name, ==, "mmio-no-eventfd");
    for (int i = 0; i < 16; i++) {
        address_space_stb(&f->ms->as_memory, 0xe0200000 + 2048, 0xfa,
                          MEMTXATTRS_UNSPECIFIED, NULL);
    }
    g_assert_cmphex(mem_readl(f, 0xe020000c), ==, 16);
    /* Port test 2 (datamatch): only the matching byte counts. */
    outl(f, 0xc100, 2, 1);
    g_assert_cmphex(inl(f, 0xc104, 4), ==, 128 + 5);
    outl(f, 0xc100 + 128 + 5, 0x11, 1);
    outl(f, 0xc100 + 128 + 5, 0xfa, 1);
    g_assert_cmphex(inl(f, 0xc10c, 4), ==, 1);
    g_assert_cmphex(inl(f, 0xc110, 1), ==, 'p');
    /* Reset deselects. */
    qdev_reset_tree(f->ms->root);
    cfg_write(f, devfn, PCI_BASE_ADDRESS_0, 0xe0200000, 4);
    cfg_write(f, devfn, PCI_COMMAND, PCI_COMMAND_MEMORY, 2);
    g_assert_cmphex(mem_readl(f, 0xe0200004), ==, 0);
}

/* --- fw_cfg --- */

static void fw_select(Fixture *f, uint16_t key)
{
    outl(f, 0x510, key, 2);
}

static void fw_read(Fixture *f, void *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        ((uint8_t *)buf)[i] = inl(f, 0x511, 1);
    }
}

static uint32_t fw_dma(Fixture *f, uint32_t ctl, uint32_t len, uint64_t addr)
{
    uint8_t d[16];
    hwaddr at = 0x8000;

    for (int i = 0; i < 4; i++) {
        d[i] = ctl >> (24 - 8 * i);
        d[4 + i] = len >> (24 - 8 * i);
    }
    for (int i = 0; i < 8; i++) {
        d[8 + i] = addr >> (56 - 8 * i);
    }
    address_space_write(&f->ms->as_memory, at, MEMTXATTRS_UNSPECIFIED, d, 16);
    outl(f, 0x514, 0, 4);
    outl(f, 0x518, __builtin_bswap32(at), 4);     /* BE low half */
    return __builtin_bswap32(mem_readl(f, at));
}

static void test_fw_cfg_io(Fixture *f, gconstpointer data)
{
    FWCfgState *s = fw_cfg_init_io_dma(f->ms, 0x510, 0x514,
                                       &f->ms->as_memory, &error_abort);
    uint8_t buf[64];
    uint64_t v = 0;
    size_t len;

    fw_cfg_add_machine_items(s, f->ms);
    g_assert_true(fw_cfg_add_file(s, "b/file", "BBBB", 4, false,
                                  &error_abort));
    g_assert_true(fw_cfg_add_file(s, "a/rw", "wxyz", 4, true, &error_abort));
    g_assert_false(fw_cfg_add_file(s, "a/rw", "x", 1, false, NULL));

    fw_select(f, FW_CFG_SIGNATURE);
    fw_read(f, buf, 5);
    g_assert_cmpmem(buf, 5, "QEMU\0", 5);
    fw_select(f, FW_CFG_ID);
    fw_read(f, buf, 4);
    g_assert_cmpmem(buf, 4, "\x03\0\0\0", 4);
    fw_select(f, FW_CFG_RAM_SIZE);
    fw_read(f, &v, 8);
    g_assert_cmphex(GUINT64_FROM_LE(v), ==, RAM_SIZE);
    fw_select(f, 0x1234);       /* no such item: zeros */
    fw_read(f, buf, 2);
    g_assert_cmphex(buf[0] | buf[1], ==, 0);

    /* Directory: BE count, sorted names, selectors from 0x20. */
    fw_select(f, FW_CFG_FILE_DIR);
    fw_read(f, buf, 4);
    g_assert_cmpmem(buf, 4, "\0\0\0\x03", 4);
    fw_read(f, buf, 64);
    g_assert_cmpmem(buf, 6, "\0\0\0\x04\0\x20", 6);
    g_assert_cmpstr((char *)buf + 8, ==, "a/rw");
    fw_read(f, buf, 64);
    g_assert_cmpstr((char *)buf + 8, ==, "b/file");
    g_assert_cmphex(buf[5], ==, 0x21);
    fw_read(f, buf, 64);
    g_assert_cmpstr((char *)buf + 8, ==, "etc/boot-fail-wait");

    /* DMA: signature, select + read, skip, bad write, good write. */
    g_assert_cmphex(address_space_ld(&f->ms->as_io, 0x514, 8, true,
                                     MEMTXATTRS_UNSPECIFIED, NULL), ==,
                    FW_CFG_DMA_SIGNATURE);
    g_assert_cmphex(fw_dma(f, 0x21 << 16 | FW_CFG_DMA_CTL_SELECT |
                           FW_CFG_DMA_CTL_READ, 8, 0x9000), ==, 0);
    address_space_read(&f->ms->as_memory, 0x9000, MEMTXATTRS_UNSPECIFIED,
                       buf, 8);
    g_assert_cmpmem(buf, 8, "BBBB\0\0\0\0", 8);
    g_assert_cmphex(fw_dma(f, 0x20 << 16 | FW_CFG_DMA_CTL_SELECT |
                           FW_CFG_DMA_CTL_SKIP, 2, 0), ==, 0);
    g_assert_cmphex(fw_dma(f, FW_CFG_DMA_CTL_READ, 1, 0x9000), ==, 0);
    g_assert_cmphex(mem_readl(f, 0x9000) & 0xff, ==, 'y');
    g_assert_cmphex(fw_dma(f, 0x21 << 16 | FW_CFG_DMA_CTL_SELECT |
                           FW_CFG_DMA_CTL_WRITE, 4, 0x9000), ==,
                    FW_CFG_DMA_CTL_ERROR);
    mem_writel(f, 0x9000, 0x34333231);
    g_assert_cmphex(fw_dma(f, 0x20 << 16 | FW_CFG_DMA_CTL_SELECT |
                           FW_CFG_DMA_CTL_WRITE, 4, 0x9000), ==, 0);
    g_assert_cmpmem(fw_cfg_get_item(s, 0x20, &len), 4, "1234", 4);
    g_assert_cmphex(fw_dma(f, 0x20 << 16 | FW_CFG_DMA_CTL_SELECT |
                           FW_CFG_DMA_CTL_WRITE, 5, 0x9000), ==,
                    FW_CFG_DMA_CTL_ERROR);
}

static void test_fw_cfg_mem(Fixture *f, gconstpointer data)
{
    FWCfgState *s = fw_cfg_init_mem_wide(f->ms, 0x09020008, 0x09020000, 8,
                                         0x09020010, &f->ms->as_memory,
                                         &error_abort);
    uint8_t buf[8];

    g_assert_nonnull(s);
    address_space_stw_be(&f->ms->as_memory, 0x09020008, FW_CFG_SIGNATURE,
                         MEMTXATTRS_UNSPECIFIED, NULL);
    address_space_read(&f->ms->as_memory, 0x09020000,
                       MEMTXATTRS_UNSPECIFIED, buf, 8);
    g_assert_cmpmem(buf, 8, "QEMU\0\0\0\0", 8);
    address_space_stw_be(&f->ms->as_memory, 0x09020008, FW_CFG_ID,
                         MEMTXATTRS_UNSPECIFIED, NULL);
    g_assert_cmphex(address_space_ldub(&f->ms->as_memory, 0x09020000,
                                       MEMTXATTRS_UNSPECIFIED, NULL), ==, 3);
    g_assert_cmphex(address_space_ldq_be(&f->ms->as_memory, 0x09020010,
                                         MEMTXATTRS_UNSPECIFIED, NULL), ==,
                    FW_CFG_DMA_SIGNATURE);
}

static const TypeInfo *const test_types[] = {
    &machine_type_info, &none_machine_type_info, &device_type_info,
    &bus_type_info, &sys_bus_device_type_info, &pci_device_type_info,
    &pci_bus_type_info, &pc_pci_host_type_info, &i440fx_pci_type_info,
    &piix3_pci_type_info, &pci_testdev_type_info, &test_pci_dev_type_info,
    &fw_cfg_type_info, &fw_cfg_io_type_info, &fw_cfg_mem_type_info,
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
    add("/pci/host/identity", test_host_identity);
    add("/pci/host/ecam", test_ecam);
    add("/pci/bar/sizing", test_bar_sizing);
    add("/pci/bar/map", test_bar_map);
    add("/pci/bar/overlap", test_bar_overlap);
    add("/pci/capability", test_capability);
    add("/pci/intx", test_intx);
    add("/pci/msi", test_msi);
    add("/pci/msix", test_msix);
    add("/pci/dma", test_dma);
    add("/pci/addr", test_addr);
    add("/pci/multifunction", test_multifunction);
    add("/pci/unrealize", test_unrealize);
    add("/pci/testdev", test_testdev);
    add("/fw_cfg/io", test_fw_cfg_io);
    add("/fw_cfg/mem", test_fw_cfg_mem);
    return g_test_run();
}
