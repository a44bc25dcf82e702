/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * "or-irq": OR of num-lines input lines onto one output line.  Boards use
 * it to share an interrupt controller input; qtest tests use it as a small
 * device with real GPIO lists.  Contract in include/hw/core/or-irq.h.
 */
#include "qemu/osdep.h"
#include "hw/core/or-irq.h"

static void or_irq_update(OrIRQState *s)
{
    bool any = false;

    for (int i = 0; i < s->num_lines; i++) {
        any |= s->levels[i];
    }
    qemu_set_irq(s->out_irq, any);
}

static void or_irq_set(void *opaque, int n, int level)
{
    OrIRQState *s = OR_IRQ(opaque);

    g_assert(n >= 0 && n < s->num_lines);
    s->levels[n] = level != 0;
    or_irq_update(s);
}

static bool or_irq_realize(DeviceState *dev, Error **errp)
{
    OrIRQState *s = OR_IRQ(dev);

    if (s->num_lines > OR_IRQ_MAX_LINES) {
        error_setg(errp, "or-irq: num-lines %u exceeds the maximum of %d",
                   s->num_lines, OR_IRQ_MAX_LINES);
        return false;
    }
    qdev_init_gpio_in(dev, or_irq_set, s->num_lines);
    return true;
}

static void or_irq_instance_init(Object *obj)
{
    OrIRQState *s = OR_IRQ(obj);

    qdev_init_gpio_out(DEVICE(obj), &s->out_irq, 1);
}

static void or_irq_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = or_irq_realize;
    dc->category = DEVICE_CATEGORY_MISC;
    dc->user_creatable = false;
}

static const Property or_irq_props[] = {
    DEFINE_PROP_UINT16("num-lines", OrIRQState, num_lines, 0,
                       "number of input lines"),
    DEFINE_PROP_END_OF_LIST(),
};

const TypeInfo or_irq_type_info = {
    .name = TYPE_OR_IRQ,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(OrIRQState),
    .desc = "OR of several IRQ lines onto one",
    .class_init = or_irq_class_init,
    .instance_init = or_irq_instance_init,
    .props = or_irq_props,
};
