/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The larger HMP "info" commands: the device tree (info qtree) and the
 * memory map (info mtree).
 *
 * info qtree starts at the main system bus and prints, two spaces deeper
 * per level, QEMU's layout:
 *
 *   bus: main-system-bus
 *     type System
 *     dev: isa-debug-exit, id ""
 *       gpio-in "" 1
 *       iobase = 1281 (0x501)
 *       bus: ...
 *
 * Properties print as QEMU's human-readable form: integers with their hex
 * value, sizes with a unit, strings quoted.
 */
#include "qemu/osdep.h"
#include "monitor/qmp.h"
#include "hw/core/machine.h"
#include "hw/core/qdev.h"
#include "qemu/cutils.h"
#include "qobject/qbool.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"

typedef struct QtreePrint {
    DeviceState *dev;
    int indent;
    GString *out;
} QtreePrint;

static void qtree_print_bus(BusState *bus, int indent, GString *out);

/* Human form of an integer-valued property. */
static char *qtree_format_num(const Property *p, const QNum *n)
{
    int64_t i = 0;
    uint64_t u = 0;

    switch (p->kind) {
    case PROP_KIND_INT:
        qnum_get_try_int(n, &i);
        return g_strdup_printf("%" PRId64 " (0x%" PRIx64 ")", i,
                               (uint64_t)i);
    case PROP_KIND_SIZE: {
        g_autofree char *human = NULL;

        qnum_get_try_uint(n, &u);
        human = size_to_str(u);
        return g_strdup_printf("%" PRIu64 " (%s)", u, human);
    }
    default:
        qnum_get_try_uint(n, &u);
        return g_strdup_printf("%" PRIu64 " (0x%" PRIx64 ")", u, u);
    }
}

static char *qtree_format_value(const Property *p, QObject *v)
{
    switch (qobject_type(v)) {
    case QTYPE_QBOOL:
        return g_strdup(qbool_get_bool(qobject_to_qbool(v)) ? "true"
                                                             : "false");
    case QTYPE_QNUM:
        return qtree_format_num(p, qobject_to_qnum(v));
    case QTYPE_QSTRING:
        return g_strdup_printf("\"%s\"",
                               qstring_get_str(qobject_to_qstring(v)));
    default:
        return g_strdup("\"\"");
    }
}

static void qtree_print_prop(const Property *p, void *opaque)
{
    QtreePrint *qp = opaque;
    g_autoptr(QObject) v = NULL;
    g_autofree char *text = NULL;

    v = object_property_get_qobject(OBJECT(qp->dev), p->name, NULL);
    text = v ? qtree_format_value(p, v) : g_strdup("<null>");
    g_string_append_printf(qp->out, "%*s%s = %s\n", qp->indent, "", p->name,
                           text);
}

static void qtree_print_gpio_counts(const char *name, int num_in,
                                   int num_out, int indent, GString *out)
{
    if (num_in) {
        g_string_append_printf(out, "%*sgpio-in \"%s\" %d\n", indent, "",
                               name, num_in);
    }
    if (num_out) {
        g_string_append_printf(out, "%*sgpio-out \"%s\" %d\n", indent, "",
                               name, num_out);
    }
}

/*
 * Newest list first, as QEMU keeps them.  QEMU has one unnamed list for
 * both directions, printed as "" where the first of our two was made.
 */
static void qtree_print_gpios(DeviceState *dev, int indent, GString *out)
{
    NamedGPIOList *in = qdev_get_named_gpio_list(dev, GPIO_NAME_UNNAMED_IN);
    NamedGPIOList *o = qdev_get_named_gpio_list(dev, GPIO_NAME_UNNAMED_OUT);
    NamedGPIOList *first = NULL;

    for (guint i = 0; i < dev->gpios->len && !first; i++) {
        NamedGPIOList *l = g_ptr_array_index(dev->gpios, i);

        first = (l == in || l == o) ? l : NULL;
    }
    for (guint i = dev->gpios->len; i-- > 0;) {
        NamedGPIOList *l = g_ptr_array_index(dev->gpios, i);

        if (l == first) {
            qtree_print_gpio_counts("", in ? in->num_in : 0,
                                    o ? o->num_out : 0, indent, out);
        } else if (l != in && l != o) {
            qtree_print_gpio_counts(l->name, l->num_in, l->num_out, indent,
                                    out);
        }
    }
}

/* Buses owned by qp->dev, wherever they hang in the composition tree. */
static void qtree_print_child_buses(Object *obj, void *opaque)
{
    QtreePrint *qp = opaque;
    BusState *bus = (BusState *)object_dynamic_cast(obj, TYPE_BUS);

    if (bus && bus->parent == qp->dev) {
        qtree_print_bus(bus, qp->indent, qp->out);
        return;
    }
    object_foreach_child(obj, qtree_print_child_buses, qp);
}

static void qtree_print_dev(DeviceState *dev, int indent, GString *out)
{
    QtreePrint qp = { .dev = dev, .indent = indent + 2, .out = out };

    g_string_append_printf(out, "%*sdev: %s, id \"%s\"\n", indent, "",
                           object_get_typename(OBJECT(dev)),
                           dev->id ? dev->id : "");
    qtree_print_gpios(dev, qp.indent, out);
    object_class_foreach_property(object_get_class(OBJECT(dev)),
                                  qtree_print_prop, &qp);
    qtree_print_child_buses(object_get_root(OBJECT(dev)), &qp);
}

static void qtree_print_bus(BusState *bus, int indent, GString *out)
{
    g_string_append_printf(out, "%*sbus: %s\n", indent, "", bus->name);
    g_string_append_printf(out, "%*stype %s\n", indent + 2, "",
                           bus->bus_type ? bus->bus_type
                                         : object_get_typename(OBJECT(bus)));
    for (guint i = 0; i < bus->children->len; i++) {
        qtree_print_dev(g_ptr_array_index(bus->children, i), indent + 2, out);
    }
}

void hmp_info_qtree(MachineState *ms, GString *out)
{
    if (ms->sysbus) {
        qtree_print_bus(ms->sysbus, 0, out);
    }
}

void hmp_info_mtree(MachineState *ms, bool flatview, GString *out)
{
    AddressSpace *spaces[] = { &ms->as_memory, &ms->as_io };

    mtree_info(out, spaces, G_N_ELEMENTS(spaces), flatview);
}
