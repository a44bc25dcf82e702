/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The PC PCI host: an i440FX-style host bridge with configuration
 * mechanism #1 (0xCF8 address, 0xCFC..0xCFF data), an ECAM (MMCONFIG)
 * window, and a minimal PIIX3 function at 01.0 holding the PIRQ route
 * registers.
 *
 * INTx routing (QEMU's i440FX swizzle): pin p (0 = INTA) of a device in
 * slot s drives PIRQ (s - 1 + p) & 3.  PIRQ n drives the ISA IRQ / GSI
 * held in PIIX3 config register 0x60 + n (bit 7 set: not routed).  With no
 * firmware to program them, the registers reset to the values SeaBIOS
 * writes: PIRQA/B -> 10, PIRQC/D -> 11.
 */
#ifndef HW_PCI_HOST_PC_HOST_H
#define HW_PCI_HOST_PC_HOST_H

#include "hw/pci/pci.h"
#include "hw/core/machine.h"
#include "hw/core/sysbus.h"

#define TYPE_PC_PCI_HOST "i440FX-pcihost"
#define TYPE_I440FX_PCI_DEVICE "i440FX"
#define TYPE_PIIX3_PCI_DEVICE "PIIX3"

#define PC_PCI_CONFIG_ADDR      0xcf8
#define PC_PCI_CONFIG_DATA      0xcfc
#define PC_PCI_ECAM_BASE        0xb0000000ULL
#define PC_PCI_ECAM_SIZE        (256 * 1024 * 1024ULL)
#define PC_PCI_NUM_PIRQS        4
#define PC_PIIX_PIRQRC          0x60    /* PIRQ route control A..D */
#define PC_PIIX_RCR_PORT        0xcf9   /* reset control register */

typedef struct PCHostState {
    SysBusDevice parent_obj;

    /* Properties */
    uint64_t ecam_base;         /* "ecam-base" */
    uint64_t ecam_size;         /* "ecam-size"; 0: no ECAM window */

    PCIBus *bus;
    qemu_irq *gsi;              /* board's GSI lines (at least 16) */
    MemoryRegion conf_mr;
    MemoryRegion data_mr;
    MemoryRegion ecam_mr;
    MemoryRegion *system_memory;
    MemoryRegion *io_memory;
    uint32_t config_reg;
    uint8_t rcr;                /* 0xCF9 reset control (PIIX) */
    int pirq_level[PC_PCI_NUM_PIRQS];
    uint16_t gsi_driven;        /* GSIs currently held high by PCI */
    PCIDevice *piix;            /* function 01.0 */
} PCHostState;

#define PC_PCI_HOST(obj) OBJECT_CHECK(PCHostState, (obj), TYPE_PC_PCI_HOST)

extern const TypeInfo pc_pci_host_type_info;
extern const TypeInfo i440fx_pci_type_info;
extern const TypeInfo piix3_pci_type_info;

/*
 * Create the host at /machine/i440fx: config ports in ms->io_memory, the
 * ECAM window at 0xB0000000 (256 MiB, priority 1 over RAM) in
 * ms->system_memory, bus "pci.0" with BARs in those same spaces and bus
 * masters seeing ms->system_memory, 00.0 i440FX and 01.0 PIIX3.  @gsi is
 * the board's array of (at least 16) GSI lines; it must outlive the host.
 */
PCIBus *pc_pci_host_init(MachineState *ms, qemu_irq *gsi, Error **errp);

/* Recompute the GSI levels after a PIRQ route register change. */
void pc_pci_host_update_irqs(PCHostState *s);

#endif
