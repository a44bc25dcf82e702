/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IRQ lines: a handler, its opaque pointer and the line number. */
#include "qemu/osdep.h"
#include "hw/core/irq.h"

struct IRQState {
    qemu_irq_handler handler;
    void *opaque;
    int n;
};

qemu_irq qemu_allocate_irq(qemu_irq_handler handler, void *opaque, int n)
{
    qemu_irq irq = g_new0(struct IRQState, 1);

    irq->handler = handler;
    irq->opaque = opaque;
    irq->n = n;
    return irq;
}

void qemu_free_irq(qemu_irq irq)
{
    g_free(irq);
}

void qemu_set_irq(qemu_irq irq, int level)
{
    if (irq && irq->handler) {
        irq->handler(irq->opaque, irq->n, level);
    }
}

void qemu_irq_intercept(qemu_irq irq, qemu_irq_handler handler, void *opaque,
                        int n)
{
    irq->handler = handler;
    irq->opaque = opaque;
    irq->n = n;
}
