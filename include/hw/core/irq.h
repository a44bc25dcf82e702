/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IRQ lines.  A line is an opaque handle set to a level; whoever created it
 * decides what a level change does.  Devices recompute their output levels
 * in one <dev>_update_irq() and call qemu_set_irq() with the result.
 */
#ifndef HW_CORE_IRQ_H
#define HW_CORE_IRQ_H

typedef struct IRQState *qemu_irq;
typedef void (*qemu_irq_handler)(void *opaque, int n, int level);

qemu_irq qemu_allocate_irq(qemu_irq_handler handler, void *opaque, int n);
void qemu_free_irq(qemu_irq irq);
/* Setting a NULL (unconnected) line does nothing. */
void qemu_set_irq(qemu_irq irq, int level);

static inline void qemu_irq_raise(qemu_irq irq)
{
    qemu_set_irq(irq, 1);
}

static inline void qemu_irq_lower(qemu_irq irq)
{
    qemu_set_irq(irq, 0);
}

static inline void qemu_irq_pulse(qemu_irq irq)
{
    qemu_set_irq(irq, 1);
    qemu_set_irq(irq, 0);
}

/*
 * Redirect a line to another handler in place (qtest interception): every
 * holder of the handle now reaches @handler.  Returns nothing to undo;
 * interception lasts for the life of the process, as in QEMU.
 */
void qemu_irq_intercept(qemu_irq irq, qemu_irq_handler handler, void *opaque,
                        int n);

#endif
