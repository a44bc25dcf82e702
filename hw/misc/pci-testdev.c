/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pci-testdev (1b36:0005): QEMU's PCI test device, used by
 * kvm-unit-tests to exercise MMIO and port I/O through a PCI device.
 *
 * QEMU interface:
 *  - BAR0: 4 KiB memory "pci-testdev-mmio"; BAR1: 256-byte I/O
 *    "pci-testdev-portio"; optional BAR2: "membar" bytes of 64-bit
 *    prefetchable RAM.  No interrupt pin.
 *  - Each BAR0/BAR1 region holds three tests: 0 "no-eventfd",
 *    1 "wildcard-eventfd", 2 "datamatch-eventfd" (named "mmio-..." and
 *    "portio-...").  Writing a test number to offset 0 selects it; reads
 *    then return its header (little-endian):
 *        0 test (u8), 1 width (u8, 1), 4 offset (u32), 8 data (u8, 0xFA),
 *        12 count (u32), 16 name (NUL-terminated)
 *    and each 1-byte write to "offset" (for datamatch tests: only with
 *    value "data") increments "count".  Offsets are 2048 + n for MMIO
 *    test n and 128 + 3 + n for port test n.
 *  - QEMU can hand the wildcard/datamatch writes to a host eventfd
 *    (ioeventfd) instead of counting them.  This emulator has no
 *    ioeventfd, so such writes always reach the device and are counted;
 *    kvm-unit-tests accepts either outcome (count 0 or all writes).
 *  - Accesses are handled one byte at a time, like QEMU's device.
 *  - membar is rounded up to 16 bytes, the smallest memory BAR.
 * Properties: membar (size, default 0 = no BAR2).
 */
#include "qemu/osdep.h"
#include "hw/pci/pci.h"
#include "qemu/log.h"

#define TYPE_PCI_TEST_DEV "pci-testdev"

#define IOTEST_DATAMATCH    0xfa
#define IOTEST_IOSIZE       128
#define IOTEST_MEMSIZE      2048
#define IOTEST_NR_KINDS     3       /* tests per region */
#define IOTEST_NR           (2 * IOTEST_NR_KINDS)
#define IOTEST_WIDTH        1
#define IOTEST_HDR_NAME     16
#define IOTEST_BUF_MAX      64

typedef struct IOTest {
    uint8_t buf[IOTEST_BUF_MAX];    /* header + name, as the guest sees it */
    unsigned bufsize;
    bool match_data;
} IOTest;

typedef struct PCITestDevState {
    PCIDevice parent_obj;
    uint64_t membar_size;       /* property */
    MemoryRegion mmio;
    MemoryRegion portio;
    MemoryRegion membar;
    IOTest tests[IOTEST_NR];
    int current;                /* -1: none selected */
} PCITestDevState;

#define PCI_TEST_DEV(obj) \
    OBJECT_CHECK(PCITestDevState, (obj), TYPE_PCI_TEST_DEV)

static const char *const iotest_kind[IOTEST_NR_KINDS] = {
    "no-eventfd", "wildcard-eventfd", "datamatch-eventfd",
};

static void iotest_init(IOTest *t, int i)
{
    bool is_mem = i < IOTEST_NR_KINDS;
    g_autofree char *name = g_strdup_printf("%s-%s",
                                            is_mem ? "mmio" : "portio",
                                            iotest_kind[i % IOTEST_NR_KINDS]);
    uint32_t offset = (is_mem ? IOTEST_MEMSIZE : IOTEST_IOSIZE) +
                      i * IOTEST_WIDTH;

    memset(t->buf, 0, sizeof(t->buf));
    t->bufsize = IOTEST_HDR_NAME + strlen(name) + 1;
    g_assert(t->bufsize <= sizeof(t->buf));
    t->buf[0] = i;
    t->buf[1] = IOTEST_WIDTH;
    pci_set_long(t->buf + 4, offset);
    t->buf[8] = IOTEST_DATAMATCH;
    memcpy(t->buf + IOTEST_HDR_NAME, name, strlen(name) + 1);
    t->match_data = i % IOTEST_NR_KINDS != 1;
}

static uint64_t pci_testdev_read(void *opaque, hwaddr addr, unsigned size)
{
    PCITestDevState *d = opaque;
    IOTest *t;

    if (d->current < 0) {
        return 0;
    }
    t = &d->tests[d->current];
    /* QEMU's bound: the last byte of the buffer (the NUL) reads as 0. */
    if (addr + size >= t->bufsize) {
        return 0;
    }
    return t->buf[addr];
}

static void pci_testdev_write(PCITestDevState *d, hwaddr addr, uint64_t val,
                              int region)
{
    IOTest *t;

    if (addr == 0) {
        /* A number out of range leaves the current test selected. */
        if (val < IOTEST_NR_KINDS) {
            d->current = region * IOTEST_NR_KINDS + val;
            pci_set_long(d->tests[d->current].buf + 12, 0);
        }
        return;
    }
    if (d->current < 0) {
        return;
    }
    t = &d->tests[d->current];
    if (addr != pci_get_long(t->buf + 4)) {
        return;
    }
    if (t->match_data && val != t->buf[8]) {
        return;
    }
    pci_set_long(t->buf + 12, pci_get_long(t->buf + 12) + 1);
}

static void pci_testdev_mmio_write(void *opaque, hwaddr addr, uint64_t val,
                                   unsigned size)
{
    pci_testdev_write(opaque, addr, val, 0);
}

static void pci_testdev_pio_write(void *opaque, hwaddr addr, uint64_t val,
                                  unsigned size)
{
    pci_testdev_write(opaque, addr, val, 1);
}

static const MemoryRegionOps pci_testdev_mmio_ops = {
    .read = pci_testdev_read,
    .write = pci_testdev_mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = { .min_access_size = 1, .max_access_size = 1 },
};

static const MemoryRegionOps pci_testdev_pio_ops = {
    .read = pci_testdev_read,
    .write = pci_testdev_pio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = { .min_access_size = 1, .max_access_size = 1 },
};

static bool pci_testdev_realize(PCIDevice *dev, Error **errp)
{
    PCITestDevState *d = PCI_TEST_DEV(dev);
    uint64_t sz = d->membar_size;

    if (sz && (sz & (sz - 1))) {
        error_setg(errp, "Property 'pci-testdev.membar' must be a power of "
                   "two");
        return false;
    }
    memory_region_init_io(&d->mmio, d, &pci_testdev_mmio_ops, d,
                          "pci-testdev-mmio", IOTEST_MEMSIZE * 2);
    memory_region_init_io(&d->portio, d, &pci_testdev_pio_ops, d,
                          "pci-testdev-portio", IOTEST_IOSIZE * 2);
    pci_register_bar(dev, 0, PCI_BASE_ADDRESS_SPACE_MEMORY, &d->mmio);
    pci_register_bar(dev, 1, PCI_BASE_ADDRESS_SPACE_IO, &d->portio);
    if (sz) {
        if (!memory_region_init_ram(&d->membar, d, "pci-testdev-membar",
                                    MAX(sz, 16), errp)) {
            memory_region_finalize(&d->membar);
            memory_region_finalize(&d->mmio);
            memory_region_finalize(&d->portio);
            return false;
        }
        pci_register_bar(dev, 2, PCI_BASE_ADDRESS_SPACE_MEMORY |
                         PCI_BASE_ADDRESS_MEM_PREFETCH |
                         PCI_BASE_ADDRESS_MEM_TYPE_64, &d->membar);
    }
    for (int i = 0; i < IOTEST_NR; i++) {
        iotest_init(&d->tests[i], i);
    }
    d->current = -1;
    return true;
}

static void pci_testdev_exit(PCIDevice *dev)
{
    PCITestDevState *d = PCI_TEST_DEV(dev);

    memory_region_finalize(&d->mmio);
    memory_region_finalize(&d->portio);
    if (d->membar_size) {
        memory_region_finalize(&d->membar);
    }
}

static void pci_testdev_reset(PCIDevice *dev)
{
    PCITestDevState *d = PCI_TEST_DEV(dev);

    d->current = -1;
}

static void pci_testdev_class_init(ObjectClass *oc, const void *data)
{
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(oc);
    DeviceClass *dc = DEVICE_CLASS(oc);

    pc->vendor_id = PCI_VENDOR_ID_REDHAT;
    pc->device_id = 0x0005;
    pc->revision = 0x00;
    pc->class_id = PCI_CLASS_OTHERS;
    pc->realize = pci_testdev_realize;
    pc->exit = pci_testdev_exit;
    pc->reset = pci_testdev_reset;
    dc->category = DEVICE_CATEGORY_MISC;
    dc->user_creatable = true;
}

static const Property pci_testdev_props[] = {
    DEFINE_PROP_SIZE("membar", PCITestDevState, membar_size, 0, ""),
    DEFINE_PROP_END_OF_LIST(),
};

const TypeInfo pci_testdev_type_info = {
    .name = TYPE_PCI_TEST_DEV,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(PCITestDevState),
    .class_init = pci_testdev_class_init,
    .props = pci_testdev_props,
    .desc = "PCI Test Device",
};
