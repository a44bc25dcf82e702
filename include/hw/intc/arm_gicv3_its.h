/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Arm GICv3 Interrupt Translation Service ("arm-gicv3-its"), described in
 * hw/intc/arm_gicv3_its.c.
 *
 * Board interface:
 *   link        "gic": the arm-gicv3 (created with has-lpis=on)
 *   MMIO 0      128 KiB: control frame + translation frame
 *               (GITS_TRANSLATER at 0x10040)
 * A 32-bit write of EventID to GITS_TRANSLATER by a PCI function (whose
 * requester id, bus << 8 | devfn, is the DeviceID) is its MSI.
 */
#ifndef HW_INTC_ARM_GICV3_ITS_H
#define HW_INTC_ARM_GICV3_ITS_H

#include "hw/core/sysbus.h"

#define TYPE_ARM_GICV3_ITS "arm-gicv3-its"
#define GITS_SIZE 0x20000
#define GITS_TRANSLATER 0x10040

extern const TypeInfo arm_gicv3_its_type_info;

#endif
