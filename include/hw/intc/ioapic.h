/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The I/O APIC; the device contract is in hw/intc/ioapic.c. */
#ifndef HW_INTC_IOAPIC_H
#define HW_INTC_IOAPIC_H

#include "hw/core/sysbus.h"

#define TYPE_IOAPIC "ioapic"
#define IOAPIC_NUM_PINS 24
#define IOAPIC_DEFAULT_ADDRESS 0xfec00000ULL
#define IOAPIC_MSI_ADDRESS 0xfee00000ULL

/*
 * Where interrupt messages go.  The IOAPIC builds the MSI-format message
 * of a redirection entry:
 *   addr = 0xfee00000 | dest << 12 | dest_mode << 2
 *   data = vector | delivery_mode << 8 | trigger_mode << 15
 * and hands it to the hook, if one is set; otherwise it writes @data
 * (4 bytes, little-endian) at @addr in the machine's memory address space,
 * where a LAPIC's MSI window can catch it.  One hook per IOAPIC.
 */
typedef void IOAPICDeliverFn(void *opaque, uint64_t addr, uint32_t data);
void ioapic_set_delivery(DeviceState *ioapic, IOAPICDeliverFn *fn,
                         void *opaque);
/*
 * A LAPIC EOI of @vector (broadcast to every IOAPIC): clears Remote IRR of
 * the level-triggered entries with that vector and re-delivers those whose
 * line is still asserted.
 */
void ioapic_eoi_broadcast(DeviceState *ioapic, int vector);

#endif
