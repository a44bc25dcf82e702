/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The machine: the root of one emulated system.  machine_new() builds the
 * object tree, address spaces, clocks and loop; the board's init hook then
 * adds memory and devices.
 */
#include "qemu/osdep.h"
#include "hw/core/machine.h"
#include "hw/core/qdev.h"
#include "qemu/timer.h"
#include "qemu/main-loop.h"
#include "system/cpus.h"
#include "chardev/char.h"

static const Property machine_props[] = {
    DEFINE_PROP_STRING("kernel", MachineState, kernel_filename,
                       "Linux kernel image file"),
    DEFINE_PROP_STRING("initrd", MachineState, initrd_filename,
                       "Linux initial ramdisk file"),
    DEFINE_PROP_STRING("append", MachineState, kernel_cmdline,
                       "Linux kernel command line"),
    DEFINE_PROP_STRING("dtb", MachineState, dtb,
                       "Linux kernel device tree file"),
    DEFINE_PROP_STRING("dumpdtb", MachineState, dumpdtb,
                       "Dump current dtb to a file and quit"),
    DEFINE_PROP_STRING("memory-backend", MachineState, memory_backend,
                       "Set RAM backend"),
    DEFINE_PROP_STRING("confidential-guest-support", MachineState, cgs,
                       "Set confidential guest scheme to support"),
    DEFINE_PROP_BOOL("dump-guest-core", MachineState, dump_guest_core, true,
                     "Include guest memory in a core dump"),
    DEFINE_PROP_END_OF_LIST(),
};

/* Devices (children) are gone by now; free what the machine owns. */
static void machine_finalize(Object *obj)
{
    MachineState *ms = MACHINE(obj);

    chardev_set_free(ms->chardevs);
    cpu_scheduler_free(ms->sched);
    main_loop_free(ms->main_loop);
    qemu_clocks_free(ms->clocks);
    address_space_destroy(&ms->as_memory);
    address_space_destroy(&ms->as_io);
    if (ms->ram) {
        /* Boards may map RAM through aliases instead of directly. */
        if (ms->ram->container) {
            memory_region_del_subregion(ms->ram->container, ms->ram);
        }
        memory_region_finalize(ms->ram);
        g_free(ms->ram);
    }
    memory_region_finalize(ms->system_memory);
    memory_region_finalize(ms->io_memory);
    g_free(ms->system_memory);
    g_free(ms->io_memory);
    g_free(ms->cpu_model);
    g_free(ms->name);
}

const TypeInfo machine_type_info = {
    .name = TYPE_MACHINE,
    .instance_finalize = machine_finalize,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(MachineState),
    .class_size = sizeof(MachineClass),
    .abstract = true,
    .props = machine_props,
};

MachineClass *machine_class_find(const TargetInfo *target, const char *name)
{
    g_autoptr(GSList) list = machine_class_list(target);

    for (GSList *l = list; l; l = l->next) {
        MachineClass *mc = l->data;

        if (strcmp(mc->name, name) == 0 ||
            (mc->alias && strcmp(mc->alias, name) == 0)) {
            return mc;
        }
    }
    return NULL;
}

MachineClass *machine_class_default(const TargetInfo *target)
{
    return machine_class_find(target, target->default_machine);
}

static gint machine_name_cmp(gconstpointer a, gconstpointer b)
{
    return strcmp(((const MachineClass *)a)->name,
                  ((const MachineClass *)b)->name);
}

GSList *machine_class_list(const TargetInfo *target)
{
    GSList *all = object_class_get_list(TYPE_MACHINE, false);
    GSList *mine = NULL;

    for (GSList *l = all; l; l = l->next) {
        MachineClass *mc = l->data;

        if (target_has_machine(target, mc->name)) {
            mine = g_slist_prepend(mine, mc);
        }
    }
    g_slist_free(all);
    return g_slist_sort(mine, machine_name_cmp);
}

void machine_print_list(const TargetInfo *target, GString *out)
{
    g_autoptr(GSList) list = machine_class_list(target);

    g_string_append(out, "Supported machines are:\n");
    for (GSList *l = list; l; l = l->next) {
        MachineClass *mc = l->data;
        bool is_default = strcmp(mc->name, target->default_machine) == 0;

        if (mc->alias) {
            g_string_append_printf(out, "%-20s %s (alias of %s)\n",
                                   mc->alias, object_class_get_desc(
                                       OBJECT_CLASS(mc)), mc->name);
        }
        g_string_append_printf(out, "%-20s %s%s%s\n", mc->name,
                               object_class_get_desc(OBJECT_CLASS(mc)),
                               is_default ? " (default)" : "",
                               mc->deprecated ? " (deprecated)" : "");
    }
}

static void machine_make_tree(MachineState *ms)
{
    Object *root = object_new(TYPE_CONTAINER);

    ms->root = root;
    object_property_add_child(root, "machine", OBJECT(ms));
    container_get(root, "/machine/unattached");
    container_get(root, "/machine/peripheral");
    container_get(root, "/machine/peripheral-anon");
    container_get(root, "/objects");
    container_get(root, "/chardevs");
}

static void machine_make_memory(MachineState *ms)
{
    ms->system_memory = g_new0(MemoryRegion, 1);
    memory_region_init(ms->system_memory, ms, "system", UINT64_MAX);
    address_space_init(&ms->as_memory, ms->system_memory, "memory");
    ms->io_memory = g_new0(MemoryRegion, 1);
    memory_region_init(ms->io_memory, ms, "io", 0x10000);
    address_space_init(&ms->as_io, ms->io_memory, "I/O");
}

MachineState *machine_new(MachineClass *mc, const TargetInfo *target)
{
    MachineState *ms = MACHINE(object_new_with_class(OBJECT_CLASS(mc)));
    DeviceState *sysbus_owner;

    ms->target = target;
    ms->icount_shift = -1;
    ms->smp = (SMPConfig) { 1, 1, 1, 1, 1, 1, 1 };
    ms->ram_size = mc->default_ram_size;
    ms->runstate = RUN_STATE_PRELAUNCH;
    ms->monitors = g_ptr_array_new();
    machine_make_tree(ms);
    /* The tree holds the machine now; drop the creation reference. */
    object_unref(OBJECT(ms));
    machine_make_memory(ms);
    ms->clocks = qemu_clocks_new();
    ms->main_loop = main_loop_new(ms->clocks);
    ms->sched = cpu_scheduler_new(ms->clocks);
    main_loop_set_scheduler(ms->main_loop, ms->sched);
    ms->chardevs = chardev_set_new();
    sysbus_owner = NULL;
    ms->sysbus = qbus_new("System", sysbus_owner, "main-system-bus");
    object_property_add_child(container_get(ms->root, "/machine/unattached"),
                              "sysbus", OBJECT(ms->sysbus));
    object_unref(OBJECT(ms->sysbus));
    return ms;
}

static bool machine_init_ram(MachineState *ms, Error **errp)
{
    MachineClass *mc = MACHINE_GET_CLASS(ms);
    const char *id = mc->default_ram_id ? mc->default_ram_id : "ram";

    if (!ms->ram_size) {
        return true;
    }
    ms->ram = g_new0(MemoryRegion, 1);
    if (!memory_region_init_ram(ms->ram, ms, id, ms->ram_size, errp)) {
        memory_region_finalize(ms->ram);
        g_free(ms->ram);
        ms->ram = NULL;
        return false;
    }
    return true;
}

bool machine_run_board_init(MachineState *ms, Error **errp)
{
    MachineClass *mc = MACHINE_GET_CLASS(ms);

    if (ms->smp.cpus > mc->max_cpus) {
        error_setg(errp, "Invalid SMP CPUs %u. The max CPUs supported by "
                   "machine '%s' is %u", ms->smp.cpus, mc->name,
                   mc->max_cpus);
        return false;
    }
    if (!machine_init_ram(ms, errp)) {
        return false;
    }
    return mc->init(ms, errp);
}

void machine_free(MachineState *ms)
{
    Object *root = ms->root;

    g_assert(ms->monitors->len == 0);
    g_ptr_array_unref(ms->monitors);
    ms->monitors = NULL;
    /*
     * Unrealize every device while buses and memory still exist, then
     * drop the tree; the machine's finalize frees what it owns.
     */
    qdev_unrealize_tree(root);
    object_unref(root);
}

bool machine_add_device(MachineState *ms, DeviceState *dev, const char *id,
                        BusState *bus, Error **errp)
{
    Object *parent;
    g_autofree char *name = NULL;

    if (id) {
        parent = container_get(ms->root, "/machine/peripheral");
        if (object_resolve_child(parent, id)) {
            error_setg(errp, "Duplicate device ID '%s'", id);
            return false;
        }
        name = g_strdup(id);
        dev->id = g_strdup(id);
    } else {
        parent = container_get(ms->root, "/machine/peripheral-anon");
        name = g_strdup_printf("device[%u]", ms->anon_count++);
    }
    object_property_add_child(parent, name, OBJECT(dev));
    if (!qdev_realize(dev, bus, errp)) {
        object_unparent(OBJECT(dev));
        return false;
    }
    return true;
}

void machine_add_unattached(MachineState *ms, Object *obj)
{
    Object *parent = container_get(ms->root, "/machine/unattached");
    g_autofree char *name = g_strdup_printf("device[%u]",
                                            ms->unattached_count++);

    object_property_add_child(parent, name, obj);
}

DeviceState *machine_find_device(MachineState *ms, const char *id_or_path)
{
    Object *obj;

    if (id_or_path[0] == '/') {
        obj = object_resolve_path_type(ms->root, id_or_path, TYPE_DEVICE,
                                       NULL);
    } else {
        obj = object_resolve_child(container_get(ms->root,
                                                 "/machine/peripheral"),
                                   id_or_path);
    }
    return obj ? (DeviceState *)object_dynamic_cast(obj, TYPE_DEVICE) : NULL;
}
