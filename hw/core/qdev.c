/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Devices and buses: realize, three-phase reset, named GPIO lists. */
#include "qemu/osdep.h"
#include "hw/core/qdev.h"

static const char *const category_titles[DEVICE_CATEGORY_MAX] = {
    [DEVICE_CATEGORY_BRIDGE] = "Controller/Bridge/Hub devices",
    [DEVICE_CATEGORY_USB] = "USB devices",
    [DEVICE_CATEGORY_STORAGE] = "Storage devices",
    [DEVICE_CATEGORY_NETWORK] = "Network devices",
    [DEVICE_CATEGORY_INPUT] = "Input devices",
    [DEVICE_CATEGORY_DISPLAY] = "Display devices",
    [DEVICE_CATEGORY_SOUND] = "Sound devices",
    [DEVICE_CATEGORY_MISC] = "Misc devices",
    [DEVICE_CATEGORY_CPU] = "CPU devices",
    [DEVICE_CATEGORY_WATCHDOG] = "Watchdog devices",
    [DEVICE_CATEGORY_UNCATEGORIZED] = "Uncategorized devices",
};

const char *device_category_title(DeviceCategory c)
{
    return category_titles[c];
}

static void gpio_list_free(gpointer p)
{
    NamedGPIOList *l = p;

    for (int i = 0; i < l->num_in; i++) {
        qemu_free_irq(l->in[i]);
    }
    g_free(l->in);
    g_free(l->out);
    g_free(l->name);
    g_free(l);
}

static void device_instance_init(Object *obj)
{
    DeviceState *dev = DEVICE(obj);

    dev->gpios = g_ptr_array_new_with_free_func(gpio_list_free);
}

static void device_instance_finalize(Object *obj)
{
    DeviceState *dev = DEVICE(obj);

    if (dev->realized) {
        qdev_unrealize(dev);
    }
    g_ptr_array_unref(dev->gpios);
    g_free(dev->id);
}

static void device_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->category = DEVICE_CATEGORY_UNCATEGORIZED;
}

const TypeInfo device_type_info = {
    .name = TYPE_DEVICE,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(DeviceState),
    .class_size = sizeof(DeviceClass),
    .abstract = true,
    .class_init = device_class_init,
    .instance_init = device_instance_init,
    .instance_finalize = device_instance_finalize,
};

static void bus_instance_init(Object *obj)
{
    BUS(obj)->children = g_ptr_array_new();
}

static void bus_instance_finalize(Object *obj)
{
    BusState *bus = BUS(obj);

    g_ptr_array_unref(bus->children);
    g_free(bus->name);
}

const TypeInfo bus_type_info = {
    .name = TYPE_BUS,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(BusState),
    .instance_init = bus_instance_init,
    .instance_finalize = bus_instance_finalize,
    .desc = "a bus devices plug into",
};

bool qdev_realize(DeviceState *dev, BusState *bus, Error **errp)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);

    g_assert(!dev->realized);
    /* As in QEMU, realize already sees the bus it plugs into. */
    if (bus) {
        dev->parent_bus = bus;
        g_ptr_array_add(bus->children, dev);
    }
    if (dc->realize && !dc->realize(dev, errp)) {
        if (bus) {
            g_ptr_array_remove(bus->children, dev);
            dev->parent_bus = NULL;
        }
        return false;
    }
    dev->realized = true;
    return true;
}

void qdev_unrealize(DeviceState *dev)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);

    if (!dev->realized) {
        return;
    }
    if (dc->unrealize) {
        dc->unrealize(dev);
    }
    if (dev->parent_bus) {
        g_ptr_array_remove(dev->parent_bus->children, dev);
        dev->parent_bus = NULL;
    }
    dev->realized = false;
}

typedef enum ResetPhase { RESET_ENTER, RESET_HOLD, RESET_EXIT } ResetPhase;

static void reset_phase_visit(Object *obj, void *opaque)
{
    ResetPhase phase = *(ResetPhase *)opaque;
    DeviceState *dev = (DeviceState *)object_dynamic_cast(obj, TYPE_DEVICE);

    if (dev && dev->realized) {
        DeviceClass *dc = DEVICE_GET_CLASS(dev);
        void (*fn)(DeviceState *) = phase == RESET_ENTER ? dc->reset_enter :
                                    phase == RESET_HOLD ? dc->reset_hold :
                                    dc->reset_exit;
        if (fn) {
            fn(dev);
        }
    }
    object_foreach_child(obj, reset_phase_visit, opaque);
}

static void reset_tree(Object *root)
{
    for (ResetPhase ph = RESET_ENTER; ph <= RESET_EXIT; ph++) {
        reset_phase_visit(root, &ph);
    }
}

void device_reset(DeviceState *dev)
{
    reset_tree(OBJECT(dev));
}

static void unrealize_visit(Object *obj, void *opaque)
{
    DeviceState *dev = (DeviceState *)object_dynamic_cast(obj, TYPE_DEVICE);

    object_foreach_child(obj, unrealize_visit, opaque);
    if (dev) {
        qdev_unrealize(dev);
    }
}

void qdev_unrealize_tree(Object *root)
{
    unrealize_visit(root, NULL);
}

void qdev_reset_tree(Object *root)
{
    reset_tree(root);
}

static NamedGPIOList *gpio_list_get(DeviceState *dev, const char *name)
{
    NamedGPIOList *l = qdev_get_named_gpio_list(dev, name);

    if (!l) {
        l = g_new0(NamedGPIOList, 1);
        l->name = g_strdup(name);
        g_ptr_array_add(dev->gpios, l);
    }
    return l;
}

NamedGPIOList *qdev_get_named_gpio_list(DeviceState *dev, const char *name)
{
    for (guint i = 0; i < dev->gpios->len; i++) {
        NamedGPIOList *l = g_ptr_array_index(dev->gpios, i);

        if (strcmp(l->name, name) == 0) {
            return l;
        }
    }
    return NULL;
}

void qdev_init_gpio_in_named(DeviceState *dev, qemu_irq_handler handler,
                             const char *name, int n)
{
    NamedGPIOList *l = gpio_list_get(dev, name ? name : GPIO_NAME_UNNAMED_IN);

    l->in = g_renew(qemu_irq, l->in, l->num_in + n);
    for (int i = 0; i < n; i++) {
        l->in[l->num_in + i] = qemu_allocate_irq(handler, dev, l->num_in + i);
    }
    l->num_in += n;
}

void qdev_init_gpio_in(DeviceState *dev, qemu_irq_handler handler, int n)
{
    qdev_init_gpio_in_named(dev, handler, NULL, n);
}

void qdev_init_gpio_out_named(DeviceState *dev, qemu_irq *pins,
                              const char *name, int n)
{
    NamedGPIOList *l = gpio_list_get(dev,
                                     name ? name : GPIO_NAME_UNNAMED_OUT);

    l->out = g_renew(qemu_irq *, l->out, l->num_out + n);
    for (int i = 0; i < n; i++) {
        l->out[l->num_out + i] = &pins[i];
    }
    l->num_out += n;
}

void qdev_init_gpio_out(DeviceState *dev, qemu_irq *pins, int n)
{
    qdev_init_gpio_out_named(dev, pins, NULL, n);
}

qemu_irq qdev_get_gpio_in_named(DeviceState *dev, const char *name, int n)
{
    NamedGPIOList *l = qdev_get_named_gpio_list(dev,
                                    name ? name : GPIO_NAME_UNNAMED_IN);

    g_assert(l && n >= 0 && n < l->num_in);
    return l->in[n];
}

qemu_irq qdev_get_gpio_in(DeviceState *dev, int n)
{
    return qdev_get_gpio_in_named(dev, NULL, n);
}

void qdev_connect_gpio_out_named(DeviceState *dev, const char *name, int n,
                                 qemu_irq pin)
{
    NamedGPIOList *l = qdev_get_named_gpio_list(dev,
                                    name ? name : GPIO_NAME_UNNAMED_OUT);

    g_assert(l && n >= 0 && n < l->num_out);
    *l->out[n] = pin;
}

void qdev_connect_gpio_out(DeviceState *dev, int n, qemu_irq pin)
{
    qdev_connect_gpio_out_named(dev, NULL, n, pin);
}

BusState *qbus_new(const char *bus_type, DeviceState *parent,
                   const char *name)
{
    BusState *bus = BUS(object_new(TYPE_BUS));

    bus->bus_type = bus_type;
    bus->name = g_strdup(name);
    bus->parent = parent;
    return bus;
}

typedef struct BusSearch {
    const char *bus_type;
    const char *name;
    BusState *found;
} BusSearch;

static void bus_search_visit(Object *obj, void *opaque)
{
    BusSearch *s = opaque;
    BusState *bus = (BusState *)object_dynamic_cast(obj, TYPE_BUS);

    if (s->found) {
        return;
    }
    if (bus && (!s->bus_type || strcmp(bus->bus_type, s->bus_type) == 0) &&
        (!s->name || strcmp(bus->name, s->name) == 0)) {
        s->found = bus;
        return;
    }
    object_foreach_child(obj, bus_search_visit, s);
}

BusState *qbus_find_by_type(Object *root, const char *bus_type)
{
    BusSearch s = { .bus_type = bus_type };

    bus_search_visit(root, &s);
    return s.found;
}

BusState *qbus_find_by_name(Object *root, const char *name)
{
    BusSearch s = { .name = name };

    bus_search_visit(root, &s);
    return s.found;
}
