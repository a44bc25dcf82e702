/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The i8259 PIC pair of the PC; the device contract is in hw/intc/i8259.c. */
#ifndef HW_INTC_I8259_H
#define HW_INTC_I8259_H

#include "hw/isa/isa.h"

#define TYPE_I8259 "isa-i8259"

/*
 * The interrupt acknowledge cycle, for the CPU: called on the master
 * (whose "slave" link names the cascaded PIC) when the CPU takes INTR.
 * Returns the vector and updates ISR/IRR of both PICs; a request that
 * went away gives the spurious vector (IRQ 7 or 15).
 */
int pic_read_irq(DeviceState *master);
/* Level of the PIC's INT output (what INTR would see). */
bool pic_get_output(DeviceState *pic);

#endif
