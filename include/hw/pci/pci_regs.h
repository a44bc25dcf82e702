/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PCI configuration space layout: register offsets and bits as the PCI
 * Local Bus and PCI Express specifications define them.
 */
#ifndef HW_PCI_PCI_REGS_H
#define HW_PCI_PCI_REGS_H

#define PCI_CONFIG_SPACE_SIZE       0x100
#define PCIE_CONFIG_SPACE_SIZE      0x1000

/* Type 0 header */
#define PCI_VENDOR_ID               0x00    /* 16 bits */
#define PCI_DEVICE_ID               0x02    /* 16 bits */
#define PCI_COMMAND                 0x04    /* 16 bits */
#define  PCI_COMMAND_IO             0x0001
#define  PCI_COMMAND_MEMORY         0x0002
#define  PCI_COMMAND_MASTER         0x0004
#define  PCI_COMMAND_PARITY         0x0040
#define  PCI_COMMAND_SERR           0x0100
#define  PCI_COMMAND_INTX_DISABLE   0x0400
#define PCI_STATUS                  0x06    /* 16 bits */
#define  PCI_STATUS_INTERRUPT       0x0008
#define  PCI_STATUS_CAP_LIST        0x0010
#define  PCI_STATUS_PARITY          0x0100
#define  PCI_STATUS_SIG_TARGET_ABORT 0x0800
#define  PCI_STATUS_REC_TARGET_ABORT 0x1000
#define  PCI_STATUS_REC_MASTER_ABORT 0x2000
#define  PCI_STATUS_SIG_SYSTEM_ERROR 0x4000
#define  PCI_STATUS_DETECTED_PARITY 0x8000
#define PCI_REVISION_ID             0x08
#define PCI_CLASS_PROG              0x09
#define PCI_CLASS_DEVICE            0x0a    /* 16 bits: class, subclass */
#define PCI_CACHE_LINE_SIZE         0x0c
#define PCI_LATENCY_TIMER           0x0d
#define PCI_HEADER_TYPE             0x0e
#define  PCI_HEADER_TYPE_MULTI_FUNCTION 0x80
#define PCI_BASE_ADDRESS_0          0x10
#define  PCI_BASE_ADDRESS_SPACE_IO  0x01
#define  PCI_BASE_ADDRESS_SPACE_MEMORY 0x00
#define  PCI_BASE_ADDRESS_MEM_TYPE_64 0x04
#define  PCI_BASE_ADDRESS_MEM_PREFETCH 0x08
#define PCI_SUBSYSTEM_VENDOR_ID     0x2c
#define PCI_SUBSYSTEM_ID            0x2e
#define PCI_ROM_ADDRESS             0x30
#define PCI_CAPABILITY_LIST         0x34
#define PCI_INTERRUPT_LINE          0x3c
#define PCI_INTERRUPT_PIN           0x3d

#define PCI_NUM_REGIONS             7       /* 6 BARs + expansion ROM */
#define PCI_ROM_SLOT                6
#define PCI_NUM_PINS                4       /* INTA..INTD */

/* Capability IDs */
#define PCI_CAP_ID_PM               0x01
#define PCI_CAP_ID_MSI              0x05
#define PCI_CAP_ID_VNDR             0x09
#define PCI_CAP_ID_EXP              0x10
#define PCI_CAP_ID_MSIX             0x11
#define PCI_CAP_LIST_NEXT           1

/* MSI capability (offsets from the capability) */
#define PCI_MSI_FLAGS               0x02    /* 16 bits */
#define  PCI_MSI_FLAGS_ENABLE       0x0001
#define  PCI_MSI_FLAGS_QMASK        0x000e  /* log2 vectors capable */
#define  PCI_MSI_FLAGS_QSIZE        0x0070  /* log2 vectors enabled */
#define  PCI_MSI_FLAGS_64BIT        0x0080
#define  PCI_MSI_FLAGS_MASKBIT      0x0100
#define PCI_MSI_ADDRESS_LO          0x04
#define PCI_MSI_ADDRESS_HI          0x08    /* 64-bit only */
#define PCI_MSI_DATA_32             0x08
#define PCI_MSI_DATA_64             0x0c
#define PCI_MSI_MASK_32             0x0c
#define PCI_MSI_MASK_64             0x10
#define PCI_MSI_PENDING_32          0x10
#define PCI_MSI_PENDING_64          0x14

/* MSI-X capability */
#define PCI_MSIX_FLAGS              0x02    /* 16 bits */
#define  PCI_MSIX_FLAGS_QSIZE       0x07ff  /* table size - 1 */
#define  PCI_MSIX_FLAGS_MASKALL     0x4000
#define  PCI_MSIX_FLAGS_ENABLE      0x8000
#define PCI_MSIX_TABLE              0x04    /* offset | BIR */
#define PCI_MSIX_PBA                0x08    /* offset | BIR */
#define  PCI_MSIX_BIR_MASK          0x7
#define PCI_MSIX_CAP_SIZE           12
#define PCI_MSIX_ENTRY_SIZE         16
#define PCI_MSIX_ENTRY_ADDR_LO      0x0
#define PCI_MSIX_ENTRY_ADDR_HI      0x4
#define PCI_MSIX_ENTRY_DATA         0x8
#define PCI_MSIX_ENTRY_CTRL         0xc
#define  PCI_MSIX_ENTRY_CTRL_MASKBIT 0x1

/* Vendor and class numbers used in this tree */
#define PCI_VENDOR_ID_INTEL         0x8086
#define PCI_VENDOR_ID_REDHAT        0x1b36
#define PCI_VENDOR_ID_REDHAT_QUMRANET 0x1af4
#define PCI_SUBDEVICE_ID_QEMU       0x1100
#define PCI_CLASS_BRIDGE_HOST       0x0600
#define PCI_CLASS_BRIDGE_ISA        0x0601
#define PCI_CLASS_OTHERS            0x00ff

#endif
