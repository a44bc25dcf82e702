/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * "or-irq": a logical OR gate for IRQ lines.
 *
 * GPIO inputs: num-lines unnamed lines.  GPIO output: one unnamed line,
 * high while any input is high; it is set again on every input change.
 * Property num-lines (uint16, 0..OR_IRQ_MAX_LINES, default 0).  No reset
 * state: the output follows the inputs, which their drivers reset.
 */
#ifndef HW_CORE_OR_IRQ_H
#define HW_CORE_OR_IRQ_H

#include "hw/core/qdev.h"

#define TYPE_OR_IRQ "or-irq"
#define OR_IRQ_MAX_LINES 64

typedef struct OrIRQState {
    DeviceState parent_obj;
    qemu_irq out_irq;
    uint16_t num_lines;
    bool levels[OR_IRQ_MAX_LINES];
} OrIRQState;

#define OR_IRQ(obj) OBJECT_CHECK(OrIRQState, (obj), TYPE_OR_IRQ)

extern const TypeInfo or_irq_type_info;

#endif
