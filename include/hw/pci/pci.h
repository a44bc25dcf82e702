/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PCI devices: configuration space, BARs, INTx, capabilities and DMA.
 *
 * A PCI device type derives from TYPE_PCI_DEVICE, fills the identity
 * fields of its PCIDeviceClass and implements PCIDeviceClass.realize
 * (registers BARs, adds capabilities, sets the interrupt pin).  The core
 * owns the type 0 header: the guest-writable bits of every byte are
 * described by a write mask and a write-1-to-clear mask, so config writes
 * never reach device code unless the device overrides config_write (and
 * then calls pci_default_write_config()).
 *
 * BARs are MemoryRegions the core maps into the bus's memory or I/O space
 * whenever the guest changes a BAR or the command register; mappings use
 * priority 1, so a BAR placed over RAM or another BAR shadows it and can
 * never crash the emulator.  DMA and MSI/MSI-X writes go to the device's
 * bus-master address space, which is empty while the command register's
 * bus-master bit is clear.  See docs/devel/pci.md.
 */
#ifndef HW_PCI_PCI_H
#define HW_PCI_PCI_H

#include "hw/core/qdev.h"
#include "hw/pci/pci_regs.h"
#include "system/memory.h"

#define TYPE_PCI_DEVICE "pci-device"
#define TYPE_PCI_BUS "PCI"

#define PCI_DEVFN(slot, fn)     ((((slot) & 0x1f) << 3) | ((fn) & 0x07))
#define PCI_SLOT(devfn)         (((devfn) >> 3) & 0x1f)
#define PCI_FUNC(devfn)         ((devfn) & 0x07)
#define PCI_SLOT_MAX            32
#define PCI_FUNC_MAX            8
#define PCI_DEVFN_MAX           256

#define PCI_BAR_UNMAPPED        (~(hwaddr)0)

typedef struct PCIDevice PCIDevice;
typedef struct PCIBus PCIBus;

/* Bus INTx routing: device pin (0 = INTA) to bus IRQ number. */
typedef int (*PCIMapIRQFunc)(PCIDevice *dev, int pin);
/* Drive bus IRQ @irq_num to @level (the OR of every device on it). */
typedef void (*PCISetIRQFunc)(void *opaque, int irq_num, int level);

typedef struct PCIIORegion {
    MemoryRegion *memory;       /* NULL: BAR not implemented */
    MemoryRegion *address_space; /* bus memory or I/O container */
    uint64_t size;
    hwaddr addr;                /* PCI_BAR_UNMAPPED when not mapped */
    uint8_t type;               /* PCI_BASE_ADDRESS_* low bits */
} PCIIORegion;

struct PCIDevice {
    DeviceState qdev;

    /* Properties */
    int32_t devfn;              /* "addr"; -1: first free slot */
    bool multifunction;

    PCIBus *bus;
    uint32_t config_size;       /* 256, or 4096 for PCI Express */
    uint8_t config[PCIE_CONFIG_SPACE_SIZE];
    uint8_t wmask[PCIE_CONFIG_SPACE_SIZE];      /* guest-writable bits */
    uint8_t w1cmask[PCIE_CONFIG_SPACE_SIZE];    /* write-1-to-clear bits */
    uint8_t used[PCIE_CONFIG_SPACE_SIZE];       /* owned by a capability */
    PCIIORegion io_regions[PCI_NUM_REGIONS];

    /* Bus mastering: an alias of the bus DMA root, enabled by the bit. */
    MemoryRegion bus_master_container;
    MemoryRegion bus_master_enable;
    AddressSpace bus_master_as;

    int irq_state;              /* level of the INTx pin as the device sets */
    bool in_dma;                /* a bus-master access is in progress */

    /* MSI (hw/pci/msi.c) */
    uint8_t msi_cap;            /* 0: absent */
    uint8_t msi_vectors;        /* vectors capable */

    /* MSI-X (hw/pci/msix.c) */
    uint8_t msix_cap;           /* 0: absent */
    uint16_t msix_entries;
    uint8_t *msix_table;        /* entries * 16 bytes, little-endian */
    uint8_t *msix_pba;          /* pending bits */
    MemoryRegion msix_table_mmio;
    MemoryRegion msix_pba_mmio;
    MemoryRegion msix_exclusive_bar;
    MemoryRegion *msix_table_bar;   /* containers the two regions sit in */
    MemoryRegion *msix_pba_bar;
    bool msix_exclusive;
};

typedef struct PCIDeviceClass {
    DeviceClass parent_class;
    /* Identity, written into the header before realize runs. */
    uint16_t vendor_id;
    uint16_t device_id;
    uint8_t revision;
    uint16_t class_id;          /* class << 8 | subclass */
    uint16_t subsystem_vendor_id;   /* 0: QEMU's 1af4:1100 default */
    uint16_t subsystem_id;
    bool is_express;            /* 4 KiB configuration space */
    /* Device part of realize/unrealize/reset (after the core's own). */
    bool (*realize)(PCIDevice *dev, Error **errp);
    void (*exit)(PCIDevice *dev);
    void (*reset)(PCIDevice *dev);
    /* Optional config hooks; defaults are pci_default_*_config. */
    uint32_t (*config_read)(PCIDevice *dev, uint32_t addr, unsigned len);
    void (*config_write)(PCIDevice *dev, uint32_t addr, uint32_t val,
                         unsigned len);
} PCIDeviceClass;

struct PCIBus {
    BusState qbus;
    PCIDevice *devices[PCI_DEVFN_MAX];
    uint8_t bus_num;
    uint8_t devfn_min;          /* first devfn for automatic placement */
    MemoryRegion *mem;          /* where memory BARs are mapped */
    MemoryRegion *io;           /* where I/O BARs are mapped */
    MemoryRegion *dma_root;     /* what bus masters see */
    PCIMapIRQFunc map_irq;
    PCISetIRQFunc set_irq;
    void *irq_opaque;
    int nirq;
    int *irq_count;             /* devices asserting each bus IRQ */
};

#define PCI_DEVICE(obj) OBJECT_CHECK(PCIDevice, (obj), TYPE_PCI_DEVICE)
#define PCI_DEVICE_CLASS(oc) \
    OBJECT_CLASS_CHECK(PCIDeviceClass, (oc), TYPE_PCI_DEVICE)
#define PCI_DEVICE_GET_CLASS(obj) \
    OBJECT_GET_CLASS(PCIDeviceClass, (obj), TYPE_PCI_DEVICE)
#define PCI_BUS(obj) OBJECT_CHECK(PCIBus, (obj), TYPE_PCI_BUS)

extern const TypeInfo pci_device_type_info;
extern const TypeInfo pci_bus_type_info;

/* --- Bus (hw/pci/pci-bus.c) --- */

/*
 * Create a root bus named @name ("pci.0") as a child of @parent.  BARs go
 * into @mem / @io; bus masters see @dma_root.
 */
PCIBus *pci_root_bus_new(DeviceState *parent, const char *name,
                         MemoryRegion *mem, MemoryRegion *io,
                         MemoryRegion *dma_root, uint8_t devfn_min);
void pci_bus_irqs(PCIBus *bus, PCISetIRQFunc set_irq, void *opaque,
                  PCIMapIRQFunc map_irq, int nirq);
PCIDevice *pci_find_device(PCIBus *bus, int bus_num, uint8_t devfn);
/* Call @fn for every device on @bus in devfn order (info pci, ACPI, FDT). */
void pci_for_each_device(PCIBus *bus,
                         void (*fn)(PCIBus *bus, PCIDevice *dev,
                                    void *opaque),
                         void *opaque);
/*
 * Create @type, place it at @devfn (-1: first free slot) and realize it
 * as an unattached machine device.  Returns NULL with @errp set.
 */
PCIDevice *pci_create_simple(PCIBus *bus, int devfn, const char *type,
                             Error **errp);
/* Realize an already created @dev on @bus (board code). */
bool pci_realize_on_bus(PCIDevice *dev, PCIBus *bus, Error **errp);

/*
 * Configuration access as a host bridge performs it: @limit is the size
 * the access method can reach (256 for 0xCF8, 4096 for ECAM); reads past
 * it return all-ones.  @len is 1, 2 or 4.
 */
uint32_t pci_host_config_read_common(PCIDevice *dev, uint32_t addr,
                                     uint32_t limit, unsigned len);
void pci_host_config_write_common(PCIDevice *dev, uint32_t addr,
                                  uint32_t limit, uint32_t val, unsigned len);

/*
 * An ECAM window's access at @off (bus << 20 | devfn << 12 | register):
 * for host bridges (call from MMIO ops with valid sizes 1..4, aligned).
 */
uint32_t pci_ecam_read(PCIBus *bus, hwaddr off, unsigned size);
void pci_ecam_write(PCIBus *bus, hwaddr off, uint32_t val, unsigned size);

/* Core internals: slot allocation for realize/unrealize. */
bool pci_bus_claim_devfn(PCIBus *bus, PCIDevice *dev, Error **errp);
void pci_bus_release_devfn(PCIBus *bus, PCIDevice *dev);

/* Parse "SLOT[.FN]" (hex, as QEMU's "addr") into a devfn. */
bool pci_parse_devfn(const char *str, int32_t *devfn);

/* --- Device (hw/pci/pci.c) --- */

uint32_t pci_default_read_config(PCIDevice *dev, uint32_t addr,
                                 unsigned len);
void pci_default_write_config(PCIDevice *dev, uint32_t addr, uint32_t val,
                              unsigned len);

/*
 * Declare BAR @n (0..5) backed by @mr, whose size must be a power of two
 * (at least 4 for I/O, 16 for memory).  @type: PCI_BASE_ADDRESS_SPACE_IO,
 * or PCI_BASE_ADDRESS_SPACE_MEMORY with optional MEM_TYPE_64 (uses BAR
 * n+1 too) and MEM_PREFETCH.  Call from realize.
 */
void pci_register_bar(PCIDevice *dev, int n, uint8_t type, MemoryRegion *mr);
/* Current guest address of BAR @n, or PCI_BAR_UNMAPPED. */
hwaddr pci_get_bar_addr(PCIDevice *dev, int n);

/*
 * Insert a capability of @size bytes at @offset (0: first free dword from
 * 0x40) at the head of the list.  Returns the offset, or 0 with @errp set
 * when it does not fit or overlaps another capability.
 */
uint8_t pci_add_capability(PCIDevice *dev, uint8_t cap_id, uint8_t offset,
                           uint8_t size, Error **errp);
/* Offset of the first capability @cap_id, or 0. */
uint8_t pci_find_capability(PCIDevice *dev, uint8_t cap_id);

/* Drive the INTx pin named in PCI_INTERRUPT_PIN (level-triggered). */
void pci_set_irq(PCIDevice *dev, int level);
/* (bus number << 8) | devfn */
uint16_t pci_requester_id(PCIDevice *dev);

/*
 * Bus-master DMA (honours the bus-master enable bit).  A DMA or MSI that
 * the device starts while one of its own is in progress (its DMA reached
 * its own or a peer's registers, which DMA back) is refused with
 * MEMTX_ERROR and logged, so a guest cannot recurse the emulator's stack.
 */
AddressSpace *pci_get_address_space(PCIDevice *dev);
MemTxResult pci_dma_read(PCIDevice *dev, hwaddr addr, void *buf, hwaddr len);
MemTxResult pci_dma_write(PCIDevice *dev, hwaddr addr, const void *buf,
                          hwaddr len);
/* Deliver one MSI/MSI-X message (a 32-bit LE write) as this device. */
void pci_send_msi_message(PCIDevice *dev, uint64_t addr, uint32_t data);

/* --- Little-endian config helpers --- */

static inline void pci_set_byte(uint8_t *p, uint8_t v)
{
    p[0] = v;
}

static inline uint8_t pci_get_byte(const uint8_t *p)
{
    return p[0];
}

static inline void pci_set_word(uint8_t *p, uint16_t v)
{
    p[0] = v;
    p[1] = v >> 8;
}

static inline uint16_t pci_get_word(const uint8_t *p)
{
    return p[0] | (p[1] << 8);
}

static inline void pci_set_long(uint8_t *p, uint32_t v)
{
    pci_set_word(p, v);
    pci_set_word(p + 2, v >> 16);
}

static inline uint32_t pci_get_long(const uint8_t *p)
{
    return pci_get_word(p) | ((uint32_t)pci_get_word(p + 2) << 16);
}

static inline void pci_set_quad(uint8_t *p, uint64_t v)
{
    pci_set_long(p, v);
    pci_set_long(p + 4, v >> 32);
}

static inline uint64_t pci_get_quad(const uint8_t *p)
{
    return pci_get_long(p) | ((uint64_t)pci_get_long(p + 4) << 32);
}

#endif
