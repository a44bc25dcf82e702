/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Devices: objects with a realize step, reset, named GPIO line lists and
 * a place on a bus.
 *
 * Lifecycle: object_new() -> properties set -> qdev_realize() -> ... ->
 * device_reset() (enter, hold, exit phases) -> qdev_unrealize().
 * GPIO input lists are created by the device (qdev_init_gpio_in*); output
 * lists register the device's own qemu_irq fields (qdev_init_gpio_out*),
 * which the board fills with qdev_connect_gpio_out*.  qtest intercepts
 * lines through the same lists.
 */
#ifndef HW_CORE_QDEV_H
#define HW_CORE_QDEV_H

#include "qom/object.h"
#include "hw/core/irq.h"

#define TYPE_DEVICE "device"
#define TYPE_BUS "bus"
#define TYPE_SYS_BUS_DEVICE "sys-bus-device"

typedef struct DeviceState DeviceState;
typedef struct DeviceClass DeviceClass;
typedef struct BusState BusState;

/* Categories, in the order -device help prints them. */
typedef enum DeviceCategory {
    DEVICE_CATEGORY_BRIDGE,
    DEVICE_CATEGORY_USB,
    DEVICE_CATEGORY_STORAGE,
    DEVICE_CATEGORY_NETWORK,
    DEVICE_CATEGORY_INPUT,
    DEVICE_CATEGORY_DISPLAY,
    DEVICE_CATEGORY_SOUND,
    DEVICE_CATEGORY_MISC,
    DEVICE_CATEGORY_CPU,
    DEVICE_CATEGORY_WATCHDOG,
    DEVICE_CATEGORY_UNCATEGORIZED,
    DEVICE_CATEGORY_MAX
} DeviceCategory;

#define GPIO_NAME_UNNAMED_IN "unnamed-gpio-in"
#define GPIO_NAME_UNNAMED_OUT "unnamed-gpio-out"

typedef struct NamedGPIOList {
    char *name;                 /* GPIO_NAME_UNNAMED_* when anonymous */
    qemu_irq *in;
    int num_in;
    qemu_irq **out;             /* addresses of the device's output fields */
    int num_out;
} NamedGPIOList;

struct DeviceState {
    Object parent_obj;
    char *id;
    bool realized;
    BusState *parent_bus;
    GPtrArray *gpios;           /* NamedGPIOList * */
};

struct DeviceClass {
    ObjectClass parent_class;
    DeviceCategory category;
    const char *bus_type;       /* bus this device plugs into, or NULL */
    const char *alias;          /* -device help alias, or NULL */
    bool user_creatable;
    bool (*realize)(DeviceState *dev, Error **errp);
    void (*unrealize)(DeviceState *dev);
    /* Reset phases: enter (local state only), hold (may drive lines), exit */
    void (*reset_enter)(DeviceState *dev);
    void (*reset_hold)(DeviceState *dev);
    void (*reset_exit)(DeviceState *dev);
};

struct BusState {
    Object parent_obj;
    char *name;
    const char *bus_type;       /* "System", "PCI", "ISA", ... */
    DeviceState *parent;
    GPtrArray *children;        /* DeviceState * */
};

#define DEVICE(obj) OBJECT_CHECK(DeviceState, (obj), TYPE_DEVICE)
#define DEVICE_GET_CLASS(obj) OBJECT_GET_CLASS(DeviceClass, (obj), TYPE_DEVICE)
#define DEVICE_CLASS(oc) OBJECT_CLASS_CHECK(DeviceClass, (oc), TYPE_DEVICE)
#define BUS(obj) OBJECT_CHECK(BusState, (obj), TYPE_BUS)

extern const TypeInfo device_type_info;
extern const TypeInfo bus_type_info;
extern const TypeInfo sys_bus_device_type_info;

const char *device_category_title(DeviceCategory c);

bool qdev_realize(DeviceState *dev, BusState *bus, Error **errp);
void qdev_unrealize(DeviceState *dev);
/* Reset @dev, then (for buses it owns) every child, in three phases. */
void device_reset(DeviceState *dev);
void qdev_reset_tree(Object *root);
/* Unrealize every device below @root (children first), before teardown. */
void qdev_unrealize_tree(Object *root);

void qdev_init_gpio_in(DeviceState *dev, qemu_irq_handler handler, int n);
void qdev_init_gpio_in_named(DeviceState *dev, qemu_irq_handler handler,
                             const char *name, int n);
void qdev_init_gpio_out(DeviceState *dev, qemu_irq *pins, int n);
void qdev_init_gpio_out_named(DeviceState *dev, qemu_irq *pins,
                              const char *name, int n);
qemu_irq qdev_get_gpio_in(DeviceState *dev, int n);
qemu_irq qdev_get_gpio_in_named(DeviceState *dev, const char *name, int n);
void qdev_connect_gpio_out(DeviceState *dev, int n, qemu_irq pin);
void qdev_connect_gpio_out_named(DeviceState *dev, const char *name, int n,
                                 qemu_irq pin);
/* NULL name means the unnamed list; returns NULL when absent. */
NamedGPIOList *qdev_get_named_gpio_list(DeviceState *dev, const char *name);

BusState *qbus_new(const char *bus_type, DeviceState *parent,
                   const char *name);
/* First bus of @bus_type below @root (depth first), or NULL. */
BusState *qbus_find_by_type(Object *root, const char *bus_type);
BusState *qbus_find_by_name(Object *root, const char *name);

#endif
