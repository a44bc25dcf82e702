/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * devmem-exporter: a PCI device with a large BAR of device memory (a
 * GPU's memory, for device-memory TCP) and a copy engine.  Other devices
 * recognise its memory by the region owner's type (hw/net/gve-tx.c counts
 * bytes read from it).  Register layout: hw/misc/devmem-exporter.c and
 * docs/gve.md.
 */
#ifndef HW_MISC_DEVMEM_EXPORTER_H
#define HW_MISC_DEVMEM_EXPORTER_H

#include "qom/object.h"

#define TYPE_DEVMEM_EXPORTER "devmem-exporter"

#define DEVMEM_EXPORTER_VENDOR_ID   0x1b36
#define DEVMEM_EXPORTER_DEVICE_ID   0x00f0

/* BAR0 registers (little-endian, 32-bit). */
#define DEVMEM_REG_ID           0x00    /* RO "DMEX" = 0x58454d44 */
#define DEVMEM_REG_VERSION      0x04    /* RO 1 */
#define DEVMEM_REG_SRC_LO       0x08
#define DEVMEM_REG_SRC_HI       0x0c
#define DEVMEM_REG_DST_LO       0x10
#define DEVMEM_REG_DST_HI       0x14
#define DEVMEM_REG_LEN          0x18
#define DEVMEM_REG_CTRL         0x1c    /* bit0 GO, bit1 TO_HOST */
#define DEVMEM_REG_STATUS       0x20    /* bit1 DONE, bit2 ERROR (W1C) */
#define DEVMEM_REG_IRQ_ENABLE   0x24    /* bit0: interrupt on completion */
#define DEVMEM_REG_MEM_SIZE_LO  0x28    /* RO */
#define DEVMEM_REG_MEM_SIZE_HI  0x2c    /* RO */
#define DEVMEM_REG_COPIES       0x30    /* RO: completed copies */

#define DEVMEM_ID               0x58454d44u
#define DEVMEM_CTRL_GO          (1u << 0)
#define DEVMEM_CTRL_TO_HOST     (1u << 1)
#define DEVMEM_STATUS_DONE      (1u << 1)
#define DEVMEM_STATUS_ERROR     (1u << 2)

extern const TypeInfo devmem_exporter_type_info;

#endif
