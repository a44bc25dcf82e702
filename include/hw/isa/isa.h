/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ISA bus: devices with I/O ports and ISA IRQ numbers 0..15.
 *
 * An "isa-bridge" device owns the bus "isa.0" (bus type "ISA") and holds
 * the board's ISA IRQ wiring: the board hands it one line per ISA IRQ
 * with isa_bridge_set_irqs().  ISA devices (parent TYPE_ISA_DEVICE, bus
 * type "ISA", so -device finds the bus by itself) then:
 *
 *   realize:   isa_register_ioport(isa, &s->io, s->iobase);
 *              s->irq = isa_get_irq(isa, s->isairq);
 *   unrealize: isa_unregister_ioport(&s->io);
 *
 * Ports live in the machine's I/O address space (ms->io_memory); ISA IRQ n
 * is whatever line the board gave for n (on pc: i8259 input n and IOAPIC
 * pin n, with IRQ 0 on pin 2).
 */
#ifndef HW_ISA_ISA_H
#define HW_ISA_ISA_H

#include "hw/core/sysbus.h"

#define TYPE_ISA_DEVICE "isa-device"
#define TYPE_ISA_BRIDGE "isa-bridge"
#define TYPE_ISA_BUS "ISA"
#define ISA_NUM_IRQS 16

typedef struct ISADevice {
    DeviceState parent_obj;
} ISADevice;

typedef struct ISABridge {
    SysBusDevice parent_obj;
    BusState *bus;                      /* "isa.0", a child of the bridge */
    qemu_irq irqs[ISA_NUM_IRQS];        /* the board's wiring */
} ISABridge;

#define ISA_DEVICE(obj) OBJECT_CHECK(ISADevice, (obj), TYPE_ISA_DEVICE)
#define ISA_BRIDGE(obj) OBJECT_CHECK(ISABridge, (obj), TYPE_ISA_BRIDGE)

extern const TypeInfo isa_device_type_info;
extern const TypeInfo isa_bridge_type_info;

/* Board: ISA IRQ n raises irqs[n] (array of ISA_NUM_IRQS lines). */
void isa_bridge_set_irqs(ISABridge *bridge, const qemu_irq *irqs);

/* The ISA bus of the machine @dev belongs to, or NULL. */
BusState *isa_bus_find(DeviceState *dev);
/*
 * The line for ISA IRQ @n (0..15) of the machine @dev is in; NULL when
 * the machine has no ISA bus.  Out-of-range numbers are a configuration
 * error caught by isa_check_irq() at realize.
 */
qemu_irq isa_get_irq(ISADevice *dev, int n);
bool isa_check_irq(ISADevice *dev, uint32_t n, Error **errp);
/* Map @mr at port @port of the machine's I/O space. */
void isa_register_ioport(ISADevice *dev, MemoryRegion *mr, uint16_t port);
/* Unmap (if mapped) and finalize @mr: for unrealize. */
void isa_unregister_ioport(MemoryRegion *mr);

#endif
