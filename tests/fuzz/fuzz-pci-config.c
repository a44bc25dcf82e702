/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz the PCI library through the PC host: each input is a program of
 * guest operations on a fresh "none" machine with 1 MiB of RAM at 0, the
 * PC PCI host (config ports and ECAM), a pci-testdev at 02.0 (with a
 * membar) and a device with INTx, MSI (64-bit, masking), MSI-X, a 64-bit
 * BAR and an I/O BAR at 03.0.  Config writes may program BARs over RAM,
 * over each other and over the config ports; the device side fires INTx,
 * MSI, MSI-X and DMA at whatever the guest set up.  The machine also has
 * fw_cfg_io at 0x510 with DMA at 0x514.  Nothing may crash, leak or hang.
 *
 * Operation format: opcode byte, then its operands (little-endian):
 *   0 cfg write  devfn, off, size, val32     1 cfg read  devfn, off, size
 *   2 ecam write off24, size, val32          3 ecam read off24, size
 *   4 mem write  addr32, size, val64         5 mem read  addr32, size
 *   6 io write   port16, size, val32         7 io read   port16, size
 *   8 device     what, arg32                 9 reset
 *  10 mem write  addr64, size, val64
 *  11 fw_cfg     select16, then reads n8 data bytes
 *  12 fw_cfg DMA control32, length16, address32 (descriptor at 0x800)
 */
#include "qemu/osdep.h"
#include "hw/core/machine.h"
#include "hw/pci/pci.h"
#include "hw/pci/msi.h"
#include "hw/pci/msix.h"
#include "hw/pci-host/pc-host.h"
#include "hw/nvram/fw_cfg.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_RAM_SIZE (1024 * 1024)
#define FUZZ_MAX_OPS 512

extern const TypeInfo none_machine_type_info;
extern const TypeInfo pci_testdev_type_info;

/* --- The device under fuzz --- */

typedef struct FuzzPCIDev {
    PCIDevice parent_obj;
    MemoryRegion bar0, bar2, bar4;
} FuzzPCIDev;

#define FUZZ_PCI_DEV(obj) OBJECT_CHECK(FuzzPCIDev, (obj), "fuzz-pci-dev")

static uint64_t fdev_read(void *opaque, hwaddr off, unsigned size)
{
    return off ^ 0x5a5a5a5a;
}

static const MemoryRegionOps fdev_ops = {
    .read = fdev_read,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
};

static bool fdev_realize(PCIDevice *d, Error **errp)
{
    FuzzPCIDev *t = FUZZ_PCI_DEV(d);

    d->config[PCI_INTERRUPT_PIN] = 2;
    memory_region_init_io(&t->bar0, t, &fdev_ops, t, "fuzz-bar0", 0x1000);
    memory_region_init_io(&t->bar2, t, &fdev_ops, t, "fuzz-bar2", 0x4000);
    memory_region_init_io(&t->bar4, t, &fdev_ops, t, "fuzz-bar4", 0x10);
    pci_register_bar(d, 0, PCI_BASE_ADDRESS_SPACE_MEMORY, &t->bar0);
    pci_register_bar(d, 2, PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64, &t->bar2);
    pci_register_bar(d, 4, PCI_BASE_ADDRESS_SPACE_IO, &t->bar4);
    return msi_init(d, 0, 8, true, true, errp) &&
           msix_init_exclusive_bar(d, 33, 1, errp);
}

static void fdev_exit(PCIDevice *d)
{
    FuzzPCIDev *t = FUZZ_PCI_DEV(d);

    memory_region_finalize(&t->bar0);
    memory_region_finalize(&t->bar2);
    memory_region_finalize(&t->bar4);
}

static void fdev_class_init(ObjectClass *oc, const void *data)
{
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(oc);

    pc->vendor_id = 0x1234;
    pc->device_id = 0x0001;
    pc->realize = fdev_realize;
    pc->exit = fdev_exit;
}

static const TypeInfo fuzz_pci_dev_type_info = {
    .name = "fuzz-pci-dev",
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(FuzzPCIDev),
    .class_init = fdev_class_init,
};

static const TypeInfo *const fuzz_types[] = {
    &machine_type_info, &none_machine_type_info, &device_type_info,
    &bus_type_info, &sys_bus_device_type_info, &pci_device_type_info,
    &pci_bus_type_info, &pc_pci_host_type_info, &i440fx_pci_type_info,
    &piix3_pci_type_info, &pci_testdev_type_info, &fuzz_pci_dev_type_info,
    &fw_cfg_type_info, &fw_cfg_io_type_info,
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    type_registry_init(fuzz_types, G_N_ELEMENTS(fuzz_types));
    return 0;
}

/* --- Input reader --- */

typedef struct Input {
    const uint8_t *p;
    size_t left;
} Input;

static uint64_t take(Input *in, int n)
{
    uint64_t v = 0;

    for (int i = 0; i < n; i++) {
        if (in->left) {
            v |= (uint64_t)*in->p++ << (8 * i);
            in->left--;
        }
    }
    return v;
}

static unsigned take_size(Input *in, unsigned max)
{
    static const unsigned sizes[] = { 1, 2, 4, 8 };

    return MIN(sizes[take(in, 1) & 3], max);
}

/* --- Operations --- */

typedef struct Fuzz {
    MachineState *ms;
    qemu_irq gsi[16];
    PCIDevice *dev;
} Fuzz;

static void fuzz_gsi(void *opaque, int n, int level)
{
}

static void io_st(Fuzz *f, hwaddr port, unsigned size, uint64_t v)
{
    address_space_st(&f->ms->as_io, port, size, false, v,
                     MEMTXATTRS_UNSPECIFIED, NULL);
}

static uint64_t io_ld(Fuzz *f, hwaddr port, unsigned size)
{
    return address_space_ld(&f->ms->as_io, port, size, false,
                            MEMTXATTRS_UNSPECIFIED, NULL);
}

static void op_cfg(Fuzz *f, Input *in, bool write)
{
    uint8_t devfn = take(in, 1) & 0x1f;     /* slots 0..3 */
    uint8_t off = take(in, 1);
    unsigned size = take_size(in, 4);

    io_st(f, 0xcf8, 4, 0x80000000u | devfn << 8 | (off & 0xfc));
    if (write) {
        io_st(f, 0xcfc + (off & 3), size, take(in, 4));
    } else {
        io_ld(f, 0xcfc + (off & 3), size);
    }
}

static void op_mem(Fuzz *f, Input *in, int addr_bytes, bool write)
{
    hwaddr addr = take(in, addr_bytes);
    unsigned size = take_size(in, 8);
    AddressSpace *as = &f->ms->as_memory;

    if (write) {
        address_space_st(as, addr, size, false, take(in, 8),
                          MEMTXATTRS_UNSPECIFIED, NULL);
    } else {
        address_space_ld(as, addr, size, false, MEMTXATTRS_UNSPECIFIED,
                         NULL);
    }
}

static void op_ecam(Fuzz *f, Input *in, bool write)
{
    hwaddr addr = PC_PCI_ECAM_BASE + (take(in, 3) & 0xfffff);
    unsigned size = take_size(in, 4);
    AddressSpace *as = &f->ms->as_memory;

    if (write) {
        address_space_st(as, addr, size, false, take(in, 4),
                          MEMTXATTRS_UNSPECIFIED, NULL);
    } else {
        address_space_ld(as, addr, size, false, MEMTXATTRS_UNSPECIFIED,
                         NULL);
    }
}

static void op_io(Fuzz *f, Input *in, bool write)
{
    hwaddr port = take(in, 2);
    unsigned size = take_size(in, 4);

    if (write) {
        io_st(f, port, size, take(in, 4));
    } else {
        io_ld(f, port, size);
    }
}

/* The device side: what a device model would do on its own. */
static void op_device(Fuzz *f, Input *in)
{
    uint8_t what = take(in, 1);
    uint32_t arg = take(in, 4);
    uint8_t buf[64];

    switch (what % 5) {
    case 0:
        pci_set_irq(f->dev, arg & 1);
        break;
    case 1:
        msi_notify(f->dev, arg % 8);
        break;
    case 2:
        msix_notify(f->dev, arg % 33);
        break;
    case 3:
        memset(buf, what, sizeof(buf));
        pci_dma_write(f->dev, arg, buf, arg >> 26);
        break;
    case 4:
        pci_dma_read(f->dev, arg, buf, arg >> 26);
        break;
    }
}

static void op_fw_cfg(Fuzz *f, Input *in)
{
    unsigned n;

    io_st(f, 0x510, 2, take(in, 2));
    n = take(in, 1);
    for (unsigned i = 0; i < n; i++) {
        io_ld(f, 0x511, 1);
    }
}

/* Lengths stay below 64 KiB so a run cannot spend minutes filling MMIO. */
static void op_fw_cfg_dma(Fuzz *f, Input *in)
{
    AddressSpace *as = &f->ms->as_memory;
    MemTxAttrs at = MEMTXATTRS_UNSPECIFIED;

    address_space_stl_be(as, 0x800, take(in, 4), at, NULL);
    address_space_stl_be(as, 0x804, take(in, 2), at, NULL);
    address_space_stq_be(as, 0x808, take(in, 4), at, NULL);
    address_space_st(&f->ms->as_io, 0x514, 8, true, 0x800, at, NULL);
}

static void fuzz_run(Fuzz *f, Input *in)
{
    for (int n = 0; n < FUZZ_MAX_OPS && in->left; n++) {
        switch (take(in, 1) % 13) {
        case 0: op_cfg(f, in, true); break;
        case 1: op_cfg(f, in, false); break;
        case 2: op_ecam(f, in, true); break;
        case 3: op_ecam(f, in, false); break;
        case 4: op_mem(f, in, 4, true); break;
        case 5: op_mem(f, in, 4, false); break;
        case 6: op_io(f, in, true); break;
        case 7: op_io(f, in, false); break;
        case 8: op_device(f, in); break;
        case 9: qdev_reset_tree(f->ms->root); break;
        case 10: op_mem(f, in, 8, true); break;
        case 11: op_fw_cfg(f, in); break;
        case 12: op_fw_cfg_dma(f, in); break;
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    MachineClass *mc = MACHINE_CLASS(object_class_by_name("none-machine"));
    Input in = { data, size };
    Fuzz f = { 0 };
    PCIBus *bus;
    PCIDevice *td;

    f.ms = machine_new(mc, &target_info_x86_64);
    f.ms->ram_size = FUZZ_RAM_SIZE;
    g_assert_true(machine_run_board_init(f.ms, &error_abort));
    for (int i = 0; i < 16; i++) {
        f.gsi[i] = qemu_allocate_irq(fuzz_gsi, NULL, i);
    }
    bus = pc_pci_host_init(f.ms, f.gsi, &error_abort);
    td = PCI_DEVICE(object_new("pci-testdev"));
    td->devfn = PCI_DEVFN(2, 0);
    object_property_set_uint(OBJECT(td), "membar", 4096, &error_abort);
    g_assert_true(pci_realize_on_bus(td, bus, &error_abort));
    object_unref(OBJECT(td));
    f.dev = pci_create_simple(bus, PCI_DEVFN(3, 0), "fuzz-pci-dev",
                              &error_abort);
    g_assert_nonnull(fw_cfg_init_io_dma(f.ms, 0x510, 0x514, &f.ms->as_memory,
                                        &error_abort));
    qdev_reset_tree(f.ms->root);

    fuzz_run(&f, &in);

    machine_free(f.ms);
    for (int i = 0; i < 16; i++) {
        qemu_free_irq(f.gsi[i]);
    }
    return 0;
}
