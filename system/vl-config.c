/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Building the machine from a parsed command line, in QEMU's order:
 * machine and its properties, memory and SMP, objects and chardevs, the
 * accelerator, the board, monitors and qtest, serial ports, devices.
 * Every failure here is a start-up error: print and exit 1.
 */
#include "qemu/osdep.h"
#include "system/vl.h"
#include "hw/core/machine.h"
#include "hw/core/qdev.h"
#include "accel/accel.h"
#include "chardev/char.h"
#include "net/net-machine.h"
#include "net/netdev.h"
#include "monitor/monitor.h"
#include "system/qtest.h"
#include "qemu/cutils.h"
#include "qemu/timer.h"
#include "qobject/qjson.h"
#include "qobject/qdict.h"
#include "qobject/qstring.h"
#include "qobject/qnum.h"
#include "qobject/qbool.h"

static const QemuOptDesc mon_desc[] = {
    { "chardev", QEMU_OPT_STRING }, { "mode", QEMU_OPT_STRING },
    { "pretty", QEMU_OPT_BOOL }, { NULL },
};
static const QemuOptDesc icount_desc[] = {
    { "shift", QEMU_OPT_STRING }, { "sleep", QEMU_OPT_BOOL },
    { "align", QEMU_OPT_BOOL }, { NULL },
};

const QemuOptsList qemu_machine_opts = {
    .name = "machine", .implied_opt_name = "type", .merge_lists = true,
    .keyval = true,
};
const QemuOptsList qemu_accel_opts = {
    .name = "accel", .implied_opt_name = "accel",
};
const QemuOptsList qemu_smp_opts = {
    .name = "smp-opts", .implied_opt_name = "cpus", .merge_lists = true,
};
const QemuOptsList qemu_mem_opts = {
    .name = "memory", .implied_opt_name = "size", .merge_lists = true,
};
const QemuOptsList qemu_device_opts = {
    .name = "device", .implied_opt_name = "driver",
};
const QemuOptsList qemu_object_opts = {
    .name = "object", .implied_opt_name = "qom-type", .keyval = true,
};
const QemuOptsList qemu_netdev_opts = {
    .name = "netdev", .implied_opt_name = "type",
};
const QemuOptsList qemu_nic_opts = {
    .name = "nic", .implied_opt_name = "type",
};
const QemuOptsList qemu_chardev_opts = {
    .name = "chardev", .implied_opt_name = "backend",
};
const QemuOptsList qemu_mon_opts = {
    .name = "mon", .implied_opt_name = "chardev", .desc = mon_desc,
};
const QemuOptsList qemu_icount_opts = {
    .name = "icount", .implied_opt_name = "shift", .merge_lists = true,
    .desc = icount_desc,
};
static const QemuOptsList qemu_name_opts = {
    .name = "name", .implied_opt_name = "guest",
};

static QEMU_NORETURN void fail(Error *err)
{
    error_report_err(err);
    exit(1);
}

static char *json_scalar_to_string(QObject *v)
{
    int64_t i;
    uint64_t u;

    switch (qobject_type(v)) {
    case QTYPE_QSTRING:
        return g_strdup(qstring_get_str(qobject_to_qstring(v)));
    case QTYPE_QBOOL:
        return g_strdup(qbool_get_bool(qobject_to_qbool(v)) ? "on" : "off");
    case QTYPE_QNUM:
        if (qnum_get_try_int(qobject_to_qnum(v), &i)) {
            return g_strdup_printf("%" PRId64, i);
        }
        if (qnum_get_try_uint(qobject_to_qnum(v), &u)) {
            return g_strdup_printf("%" PRIu64, u);
        }
        return g_strdup_printf("%.17g", qnum_get_double(qobject_to_qnum(v)));
    default:
        return NULL;
    }
}

void vl_store_json_opts(VLConfig *c, const QemuOptsList *list,
                        const char *json)
{
    Error *err = NULL;
    g_autoptr(QObject) obj = qobject_from_json(json, &err);
    QDict *dict = obj ? qobject_to_qdict(obj) : NULL;
    QemuOpts *opts;

    if (!obj) {
        fail(err);
    }
    if (!dict) {
        error_report("JSON argument must be an object");
        exit(1);
    }
    opts = qemu_opts_create(list, qdict_get_try_str(dict, "id"), &err);
    if (!opts) {
        fail(err);
    }
    for (const QDictEntry *e = qdict_first(dict); e; e = qdict_next(dict, e)) {
        g_autofree char *val = json_scalar_to_string(qdict_entry_value(e));

        if (strcmp(qdict_entry_key(e), "id") == 0) {
            continue;
        }
        if (!val) {
            error_report("Parameter '%s': nested values are not supported",
                         qdict_entry_key(e));
            exit(1);
        }
        if (!qemu_opt_set(opts, qdict_entry_key(e), val, &err)) {
            fail(err);
        }
    }
    if (!qemu_opts_store_add(c->opts, opts, &err)) {
        fail(err);
    }
}

void vl_parse_name(VLConfig *c, const char *arg)
{
    Error *err = NULL;
    g_autoptr(QemuOpts) opts = qemu_opts_parse(&qemu_name_opts, arg, true,
                                               &err);

    if (!opts) {
        fail(err);
    }
    g_free(c->name);
    c->name = g_strdup(qemu_opt_get(opts, "guest"));
}

static void print_device_list(GString *out)
{
    g_autoptr(GSList) list = object_class_get_list_sorted(TYPE_DEVICE, false);

    for (int cat = 0; cat < DEVICE_CATEGORY_MAX; cat++) {
        bool header = false;

        for (GSList *l = list; l; l = l->next) {
            DeviceClass *dc = l->data;
            const char *desc = object_class_get_desc(l->data);

            if (!dc->user_creatable || (int)dc->category != cat) {
                continue;
            }
            if (!header) {
                g_string_append_printf(out, "%s%s:\n", out->len ? "\n" : "",
                                       device_category_title(cat));
                header = true;
            }
            g_string_append_printf(out, "name \"%s\"",
                                   object_class_get_name(l->data));
            if (dc->bus_type) {
                g_string_append_printf(out, ", bus %s", dc->bus_type);
            }
            if (dc->alias) {
                g_string_append_printf(out, ", alias \"%s\"", dc->alias);
            }
            if (desc) {
                g_string_append_printf(out, ", desc \"%s\"", desc);
            }
            g_string_append_c(out, '\n');
        }
    }
}

static DeviceClass *device_class_for_driver(const char *driver, Error **errp)
{
    ObjectClass *oc = object_class_by_name(driver);
    DeviceClass *dc = oc ? DEVICE_CLASS(oc) : NULL;

    if (!dc || object_class_is_abstract(oc) || !dc->user_creatable) {
        error_setg(errp, "'%s' is not a valid device model name", driver);
        return NULL;
    }
    return dc;
}

static ObjectClass *object_class_for_type(const char *type, Error **errp)
{
    ObjectClass *oc = object_class_by_name(type);

    if (!oc || object_class_is_abstract(oc) || !oc->user_creatable) {
        error_setg(errp, "Parameter 'qom-type' does not accept value '%s'",
                   type);
        return NULL;
    }
    return oc;
}

static void print_object_list(GString *out)
{
    g_autoptr(GSList) list = object_class_get_list_sorted(TYPE_OBJECT, false);

    g_string_append(out, "List of user creatable objects:\n");
    for (GSList *l = list; l; l = l->next) {
        if (((ObjectClass *)l->data)->user_creatable) {
            g_string_append_printf(out, "  %s\n",
                                   object_class_get_name(l->data));
        }
    }
}

/* The backends chardev/ implements, in -chardev help order. */
static const char *const chardev_backends[] = {
    "file", "null", "pipe", "ringbuf", "socket", "stdio", NULL,
};

void vl_print_listing(VLConfig *c, OptIndex idx, const char *name)
{
    g_autoptr(GString) out = g_string_new(NULL);
    Error *err = NULL;
    ObjectClass *oc = NULL;

    switch (idx) {
    case OPT_DEVICE:
        if (!name) {
            print_device_list(out);
        } else if (!(oc = OBJECT_CLASS(device_class_for_driver(name,
                                                                &err)))) {
            fail(err);
        }
        break;
    case OPT_OBJECT:
        if (!name) {
            print_object_list(out);
        } else if (!(oc = object_class_for_type(name, &err))) {
            fail(err);
        }
        break;
    case OPT_ACCEL:
        if (!name) {
            accel_print_list(out);
        } else if (!(oc = OBJECT_CLASS(accel_find(name)))) {
            error_report("invalid accelerator %s", name);
            exit(1);
        }
        break;
    case OPT_NETDEV:
        g_string_append(out, "Available netdev backend types:\n");
        for (const char *const *t = net_netdev_types(); *t; t++) {
            g_string_append_printf(out, "%s\n", *t);
        }
        break;
    default: /* chardev */
        g_string_append(out, "Available chardev backend types: \n");
        for (const char *const *b = chardev_backends; *b; b++) {
            g_string_append_printf(out, "  %s\n", *b);
        }
        break;
    }
    if (oc) {
        object_class_print_help(oc, out);
    }
    fputs(out->str, stdout);
}

/* Apply -global DRIVER.PROP=VALUE entries whose driver @obj is. */
static bool apply_globals(VLConfig *c, Object *obj, Error **errp)
{
    for (guint i = 0; i < c->globals->len; i++) {
        GlobalProp *g = g_ptr_array_index(c->globals, i);
        Error *err = NULL;

        if (!object_dynamic_cast(obj, g->driver)) {
            continue;
        }
        if (!object_property_parse(obj, g->property, g->value, &err)) {
            error_setg(errp, "can't apply global %s.%s=%s: %s", g->driver,
                       g->property, g->value, error_get_pretty(err));
            error_free(err);
            return false;
        }
    }
    return true;
}

typedef struct PropApply {
    Object *obj;
    const char *const *skip;
} PropApply;

static int apply_prop(void *opaque, const char *name, const char *value,
                      Error **errp)
{
    PropApply *pa = opaque;

    for (const char *const *s = pa->skip; *s; s++) {
        if (strcmp(*s, name) == 0) {
            return 0;
        }
    }
    return object_property_parse(pa->obj, name, value, errp) ? 0 : -1;
}

static bool apply_opts_props(Object *obj, QemuOpts *opts,
                             const char *const *skip, Error **errp)
{
    PropApply pa = { obj, skip };

    return qemu_opt_foreach(opts, apply_prop, &pa, errp) == 0;
}

static MachineClass *select_machine(VLConfig *c)
{
    QemuOpts *opts = qemu_opts_store_first(c->opts, "machine");
    const char *type = opts ? qemu_opt_get(opts, "type") : NULL;
    MachineClass *mc = type ? machine_class_find(c->target, type)
                            : machine_class_default(c->target);

    if (!mc) {
        error_report("unsupported machine type");
        fprintf(stderr, "Use -machine help to list supported machines\n");
        exit(1);
    }
    return mc;
}

static void apply_machine_opts(VLConfig *c, MachineState *ms)
{
    static const char *const skip[] = { "type", "accel", NULL };
    QemuOpts *opts = qemu_opts_store_first(c->opts, "machine");
    Error *err = NULL;
    struct { const char *prop; const char *val; } boot[] = {
        { "kernel", c->kernel }, { "initrd", c->initrd },
        { "append", c->append }, { "dtb", c->dtb },
    };

    for (size_t i = 0; i < ARRAY_SIZE(boot); i++) {
        if (boot[i].val &&
            !object_property_parse(OBJECT(ms), boot[i].prop, boot[i].val,
                                   &err)) {
            fail(err);
        }
    }
    if (opts && !apply_opts_props(OBJECT(ms), opts, skip, &err)) {
        fail(err);
    }
    if (!ms->kernel_filename && ms->initrd_filename) {
        error_report("-initrd only allowed with -kernel option");
        exit(1);
    }
    if (!ms->kernel_filename && ms->kernel_cmdline) {
        error_report("-append only allowed with -kernel option");
        exit(1);
    }
}

static void apply_memory(VLConfig *c, MachineState *ms)
{
    QemuOpts *opts = qemu_opts_store_first(c->opts, "memory");
    const char *size;
    uint64_t bytes;

    if (!opts) {
        return;
    }
    loc_restore(qemu_opts_loc(opts));
    size = qemu_opt_get(opts, "size");
    if (qemu_opt_get(opts, "slots") && !qemu_opt_get(opts, "maxmem")) {
        error_report("slots specified but no max-size");
        exit(1);
    }
    if (size) {
        if (qemu_strtosz_MiB(size, NULL, &bytes) < 0) {
            Error *err = NULL;

            qemu_error_set_size(&err, "size");
            fail(err);
        }
        if (qemu_strtosz_is_hex_with_suffix(size)) {
            warn_report("Using a multiplier suffix on hex numbers is "
                        "deprecated: %sM", size);
        }
        ms->ram_size = bytes;
    }
    loc_clear();
}

static const char *const smp_keys[] = {
    "cpus", "maxcpus", "sockets", "dies", "clusters", "cores", "threads",
    NULL,
};

static int smp_key(void *opaque, const char *name, const char *value,
                   Error **errp)
{
    unsigned *vals = opaque;
    uint64_t v;

    for (int i = 0; smp_keys[i]; i++) {
        if (strcmp(smp_keys[i], name) == 0) {
            if (qemu_strtou64(value, NULL, 10, &v) < 0 || v > 4096) {
                error_setg(errp, "Parameter 'smp.%s' expects integer", name);
                return -1;
            }
            vals[i] = v;
            return 0;
        }
    }
    error_setg(errp, "Invalid parameter '%s'", name);
    return -1;
}

static void apply_smp(VLConfig *c, MachineState *ms)
{
    QemuOpts *opts = qemu_opts_store_first(c->opts, "smp-opts");
    unsigned v[7] = { 0 };
    Error *err = NULL;
    unsigned cpus, sockets, cores, threads, maxcpus;

    if (!opts) {
        return;
    }
    loc_restore(qemu_opts_loc(opts));
    if (qemu_opt_foreach(opts, smp_key, v, &err)) {
        fail(err);
    }
    loc_clear();
    threads = v[6] ? v[6] : 1;
    cores = v[5] ? v[5] : 1;
    sockets = v[2] ? v[2] : MAX(1, (v[1] ? v[1] : MAX(v[0], 1)) /
                                   (cores * threads * MAX(v[3], 1) *
                                    MAX(v[4], 1)));
    cpus = v[0] ? v[0] : sockets * cores * threads;
    maxcpus = v[1] ? v[1] : sockets * MAX(v[3], 1) * MAX(v[4], 1) * cores *
                            threads;
    if (maxcpus < cpus) {
        error_report("Invalid CPU topology: maxcpus must be equal to or "
                     "greater than smp: sockets (%u) * cores (%u) * threads "
                     "(%u) == maxcpus (%u) < smp_cpus (%u)", sockets, cores,
                     threads, maxcpus, cpus);
        exit(1);
    }
    ms->smp = (SMPConfig) { cpus, maxcpus, sockets, MAX(v[3], 1),
                            MAX(v[4], 1), cores, threads };
}

static int chardev_opt(void *opaque, const char *name, const char *value,
                       Error **errp)
{
    return chardev_options_set(opaque, name, value, errp) ? 0 : -1;
}

static int create_chardev(void *opaque, QemuOpts *opts, Error **errp)
{
    MachineState *ms = opaque;
    g_autoptr(ChardevOptions) o = chardev_options_new();
    const char *id = qemu_opts_id(opts);

    if (qemu_opt_foreach(opts, chardev_opt, o, errp)) {
        return -1;
    }
    if (!id) {
        error_setg(errp, "Parameter 'id' is missing");
        return -1;
    }
    if (!chardev_new(ms->chardevs, id, o, ms->main_loop, errp)) {
        return -1;
    }
    if (o->monitor && !monitor_new(ms, chardev_find(ms->chardevs, id), false,
                                   false, errp)) {
        return -1;
    }
    return 0;
}

static int create_object(void *opaque, QemuOpts *opts, Error **errp)
{
    static const char *const skip[] = { "qom-type", NULL };
    MachineState *ms = opaque;
    const char *type = qemu_opt_get(opts, "qom-type");
    const char *id = qemu_opts_id(opts);
    ObjectClass *oc;
    Object *obj;
    bool ok;

    if (!type) {
        error_setg(errp, "Parameter 'qom-type' is missing");
        return -1;
    }
    if (!(oc = object_class_for_type(type, errp))) {
        return -1;
    }
    if (!id) {
        error_setg(errp, "Parameter 'id' is missing");
        return -1;
    }
    obj = object_new_with_class(oc);
    ok = apply_opts_props(obj, opts, skip, errp) &&
         (!oc->complete || oc->complete(obj, errp));
    if (ok) {
        object_property_add_child(container_get(ms->root, "/objects"), id,
                                  obj);
    }
    object_unref(obj);
    return ok ? 0 : -1;
}

static bool try_accel(MachineState *ms, QemuOpts *opts, const char *name,
                      Error **errp)
{
    static const char *const skip[] = { "accel", NULL };
    AccelClass *ac = accel_find(name);
    Object *obj;

    if (!ac) {
        error_setg(errp, "invalid accelerator %s", name);
        return false;
    }
    obj = object_new_with_class(OBJECT_CLASS(ac));
    if ((opts && !apply_opts_props(obj, opts, skip, errp)) ||
        !ac->init_machine(ACCEL(obj), ms, errp)) {
        object_unref(obj);
        return false;
    }
    object_property_add_child(OBJECT(ms), "accel", obj);
    object_unref(obj);
    ms->accel = ACCEL(obj);
    return true;
}

typedef struct AccelSearch {
    MachineState *ms;
    unsigned remaining;
} AccelSearch;

static int accel_candidate(void *opaque, QemuOpts *opts, Error **errp)
{
    AccelSearch *s = opaque;
    const char *name = qemu_opt_get(opts, "accel");
    Error *err = NULL;

    s->remaining--;
    if (!name) {
        error_setg(errp, "Parameter 'accel' is missing");
        return -1;
    }
    if (try_accel(s->ms, opts, name, &err)) {
        return 1;
    }
    if (!s->remaining) {
        error_propagate(errp, err);
        return -1;
    }
    error_report_err(err);
    return 0;
}

static void configure_accel(VLConfig *c, MachineState *ms)
{
    QemuOpts *mopts = qemu_opts_store_first(c->opts, "machine");
    const char *legacy = mopts ? qemu_opt_get(mopts, "accel") : NULL;
    AccelSearch s = { ms, qemu_opts_store_count(c->opts, "accel") };
    Error *err = NULL;

    if (legacy && s.remaining) {
        error_report("The -accel and \"-machine accel=\" options are "
                     "incompatible");
        exit(1);
    }
    if (legacy) {
        g_auto(GStrv) names = g_strsplit(legacy, ":", -1);

        for (int i = 0; names[i]; i++) {
            if (try_accel(ms, NULL, names[i], &err)) {
                return;
            }
            error_report_err(err);
            err = NULL;
        }
        exit(1);
    }
    if (!s.remaining) {
        if (!try_accel(ms, NULL, "tcg", &err)) {
            fail(err);
        }
        return;
    }
    qemu_opts_store_foreach(c->opts, "accel", accel_candidate, &s,
                            &error_fatal);
    loc_clear();
}

/*
 * A chardev from a legacy spec ("stdio", "unix:/p,server=on", "mon:stdio").
 * Returns NULL without error for "none".  *is_mon reports "mon:".
 */
static Chardev *chardev_from_spec(MachineState *ms, const char *spec,
                                  const char *id, bool *is_mon, Error **errp)
{
    g_autoptr(ChardevOptions) o = chardev_options_new();

    if (!chardev_parse_legacy(spec, o, errp)) {
        return NULL;
    }
    if (is_mon) {
        *is_mon = o->monitor;
    }
    if (o->none) {
        return NULL;
    }
    if (o->chardev_ref) {
        Chardev *chr = chardev_find(ms->chardevs, o->chardev_ref);

        if (!chr) {
            error_setg(errp, "chardev \"%s\" not found", o->chardev_ref);
        }
        return chr;
    }
    return chardev_new(ms->chardevs, id, o, ms->main_loop, errp);
}

static void create_spec_monitors(MachineState *ms, GPtrArray *specs,
                                 bool control, bool pretty, unsigned *n)
{
    for (guint i = 0; i < specs->len; i++) {
        SpecOpt *s = g_ptr_array_index(specs, i);
        g_autofree char *id = g_strdup_printf("compat_monitor%u", (*n)++);
        Error *err = NULL;
        Chardev *chr;

        loc_restore(s->loc);
        chr = chardev_from_spec(ms, s->spec, id, NULL, &err);
        if (err || (chr && !monitor_new(ms, chr, control, pretty, &err))) {
            fail(err);
        }
    }
    loc_clear();
}

static int create_mon(void *opaque, QemuOpts *opts, Error **errp)
{
    MachineState *ms = opaque;
    const char *id = qemu_opt_get(opts, "chardev");
    const char *mode = qemu_opt_get(opts, "mode");
    Chardev *chr;

    if (!id) {
        error_setg(errp, "Parameter 'chardev' is missing");
        return -1;
    }
    chr = chardev_find(ms->chardevs, id);
    if (!chr) {
        error_setg(errp, "chardev \"%s\" not found", id);
        return -1;
    }
    if (mode && strcmp(mode, "control") != 0 &&
        strcmp(mode, "readline") != 0) {
        error_setg(errp, "Parameter 'mode' does not accept value '%s'", mode);
        return -1;
    }
    return monitor_new(ms, chr, mode && strcmp(mode, "control") == 0,
                       qemu_opt_get_bool(opts, "pretty", false), errp)
           ? 0 : -1;
}

static void create_monitors(VLConfig *c, MachineState *ms)
{
    unsigned n = 0;

    qemu_opts_store_foreach(c->opts, "mon", create_mon, ms, &error_fatal);
    loc_clear();
    create_spec_monitors(ms, c->qmp_monitors, true, false, &n);
    create_spec_monitors(ms, c->qmp_pretty, true, true, &n);
    create_spec_monitors(ms, c->hmp_monitors, false, false, &n);
}

static void create_serials(VLConfig *c, MachineState *ms)
{
    for (guint i = 0; i < c->serials->len; i++) {
        SpecOpt *s = g_ptr_array_index(c->serials, i);
        g_autofree char *id = g_strdup_printf("serial%u", i);
        Error *err = NULL;
        bool is_mon = false;
        Chardev *chr;

        loc_restore(s->loc);
        chr = chardev_from_spec(ms, s->spec, id, &is_mon, &err);
        if (err) {
            error_report_err(err);
            error_report("could not connect serial device to character "
                         "backend '%s'", s->spec);
            exit(1);
        }
        if (chr && is_mon && !monitor_new(ms, chr, false, false, &err)) {
            fail(err);
        }
    }
    loc_clear();
}

static void create_default_console(VLConfig *c, MachineState *ms)
{
    if (!c->nographic || c->nodefaults) {
        return;
    }
    /* -nographic: serial port 0 and the monitor share stdio. */
    if (c->serials->len == 0) {
        SpecOpt *s = g_new0(SpecOpt, 1);

        s->opt = "-serial";
        s->spec = g_strdup(c->hmp_monitors->len ? "stdio" : "mon:stdio");
        g_ptr_array_add(c->serials, s);
    }
}

static void create_qtest(VLConfig *c, MachineState *ms)
{
    Error *err = NULL;
    Chardev *chr;

    if (!c->qtest) {
        return;
    }
    chr = chardev_from_spec(ms, c->qtest->spec, "qtest", NULL, &err);
    if (!chr) {
        error_free(err);
        error_report("Failed to initialize device for qtest: \"%s\"",
                     c->qtest->spec);
        exit(1);
    }
    if (!qtest_server_new(ms, chr, c->qtest_log_given ? c->qtest_log : NULL,
                          &err)) {
        fail(err);
    }
}

static BusState *device_bus(MachineState *ms, DeviceClass *dc,
                            const char *driver, const char *busname,
                            Error **errp)
{
    BusState *bus = NULL;

    if (busname) {
        bus = qbus_find_by_name(ms->root, busname);
        if (!bus) {
            error_setg(errp, "Bus '%s' not found", busname);
        }
        return bus;
    }
    if (dc->bus_type) {
        bus = qbus_find_by_type(ms->root, dc->bus_type);
        if (!bus) {
            error_setg(errp, "No '%s' bus found for device '%s'",
                       dc->bus_type, driver);
        }
    }
    return bus;
}

typedef struct DeviceCtx {
    VLConfig *c;
    MachineState *ms;
} DeviceCtx;

static int create_device(void *opaque, QemuOpts *opts, Error **errp)
{
    static const char *const skip[] = { "driver", "bus", NULL };
    DeviceCtx *ctx = opaque;
    const char *driver = qemu_opt_get(opts, "driver");
    const char *busname = qemu_opt_get(opts, "bus");
    DeviceClass *dc;
    BusState *bus;
    DeviceState *dev;
    bool ok;

    if (!driver) {
        error_setg(errp, "Parameter 'driver' is missing");
        return -1;
    }
    if (!(dc = device_class_for_driver(driver, errp))) {
        return -1;
    }
    bus = device_bus(ctx->ms, dc, driver, busname, errp);
    if ((busname || dc->bus_type) && !bus) {
        return -1;
    }
    dev = DEVICE(object_new(driver));
    ok = apply_globals(ctx->c, OBJECT(dev), errp) &&
         apply_opts_props(OBJECT(dev), opts, skip, errp) &&
         machine_add_device(ctx->ms, dev, qemu_opts_id(opts), bus, errp);
    object_unref(OBJECT(dev));
    return ok ? 0 : -1;
}

static const char *const known_netdev_types[] = {
    "user", "socket", "hubport", "tap", "bridge", "stream", "dgram",
    "l2tpv3", "vde", "vhost-user", "vhost-vdpa", "passt", NULL,
};

static int check_netdev(void *opaque, QemuOpts *opts, Error **errp)
{
    const char *type = qemu_opt_get(opts, "type");

    if (!qemu_opts_id(opts)) {
        error_setg(errp, "Parameter 'id' is missing");
        return -1;
    }
    if (!type || !g_strv_contains(known_netdev_types, type)) {
        error_setg(errp, "Parameter 'type' does not accept value '%s'",
                   type ? type : "");
        return -1;
    }
    if (g_strv_contains(net_netdev_types(), type)) {
        return net_netdev_add_opts(opaque, opts, errp) ? 0 : -1;
    }
    error_setg(errp, "network backend '%s' is not implemented yet", type);
    return -1;
}

/*
 * -nic TYPE,...: a netdev plus "-device MODEL,netdev=ID[,mac=]" (MODEL
 * defaults to gve, our NIC).  "-nic none" does nothing; a board without a
 * PCI bus gets QEMU's warning instead of the NIC.
 */
static int create_nic(void *opaque, QemuOpts *opts, Error **errp)
{
    DeviceCtx *ctx = opaque;
    g_autofree char *id = NULL, *model = NULL, *mac = NULL;
    g_autoptr(QemuOpts) dev = NULL;
    const char *type = qemu_opt_get(opts, "type");

    if (type && !strcmp(type, "none")) {
        return 0;
    }
    if (!type || !g_strv_contains(known_netdev_types, type)) {
        error_setg(errp, "Parameter 'type' does not accept value '%s'",
                   type ? type : "");
        return -1;
    }
    if (!g_strv_contains(net_netdev_types(), type)) {
        error_setg(errp, "network backend '%s' is not implemented yet", type);
        return -1;
    }
    id = net_nic_create_netdev(ctx->ms, opts, &model, &mac, errp);
    if (!id) {
        return -1;
    }
    if (model && is_help_option(model)) {
        fputs("Available NIC models:\ngve\n", stdout);
        exit(0);
    }
    if (!qbus_find_by_type(ctx->ms->root, "PCI")) {
        warn_report("requested NIC (%s, model %s) was not created (not "
                    "supported by this machine?)",
                    qemu_opts_id(opts) ? qemu_opts_id(opts) : "anonymous",
                    model ? model : "unspecified");
        return 0;
    }
    dev = qemu_opts_create(&qemu_device_opts, NULL, errp);
    if (!qemu_opt_set(dev, "driver", model ? model : "gve", errp) ||
        !qemu_opt_set(dev, "netdev", id, errp) ||
        (mac && !qemu_opt_set(dev, "mac", mac, errp))) {
        return -1;
    }
    return create_device(ctx, dev, errp);
}

/* Disk images come after every other option, as in QEMU. */
static void check_positional(VLConfig *c)
{
    const char *arg = c->positional;

    if (!arg) {
        return;
    }
    loc_set_cmdline(arg, NULL);
    if (access(arg, F_OK) != 0) {
        error_report("Could not open '%s': %s", arg, g_strerror(errno));
    } else {
        error_report("drive images are not supported by this emulator");
    }
    exit(1);
}

static void check_cpu_model(VLConfig *c)
{
    g_autofree char *model = NULL;

    if (!c->cpu_model) {
        return;
    }
    model = g_strdup(c->cpu_model);
    *strchrnul(model, ',') = '\0';
    if (!target_find_cpu_model(c->target, model)) {
        loc_restore(c->cpu_loc);
        error_report("unable to find CPU model '%s'", model);
        exit(1);
    }
}

static void create_late(VLConfig *c, MachineState *ms)
{
    DeviceCtx ctx = { c, ms };

    create_monitors(c, ms);
    create_qtest(c, ms);
    create_default_console(c, ms);
    create_serials(c, ms);
    qemu_opts_store_foreach(c->opts, "device", create_device, &ctx,
                            &error_fatal);
    qemu_opts_store_foreach(c->opts, "nic", create_nic, &ctx, &error_fatal);
    loc_clear();
}

static void configure_icount(VLConfig *c, MachineState *ms)
{
    QemuOpts *opts = qemu_opts_store_first(c->opts, "icount");
    Error *err = NULL;

    if (!opts) {
        return;
    }
    loc_restore(qemu_opts_loc(opts));
    if (!icount_configure(ms->clocks, qemu_opt_get(opts, "shift"),
                          qemu_opt_get_bool(opts, "sleep", true), &err)) {
        fail(err);
    }
    ms->icount_shift = icount_get_shift(ms->clocks);
    loc_clear();
}

MachineState *vl_build_machine(VLConfig *c)
{
    MachineState *ms = machine_new(select_machine(c), c->target);
    Error *err = NULL;

    ms->no_reboot = c->no_reboot;
    ms->semihosting = c->semihosting;
    ms->no_shutdown = c->no_shutdown;
    ms->name = g_strdup(c->name);
    ms->cpu_model = g_strdup(c->cpu_model);
    apply_machine_opts(c, ms);
    apply_memory(c, ms);
    apply_smp(c, ms);
    check_cpu_model(c);
    qemu_opts_store_foreach(c->opts, "netdev", check_netdev, ms,
                            &error_fatal);
    qemu_opts_store_foreach(c->opts, "object", create_object, ms,
                            &error_fatal);
    net_machine_attach_filters(ms, c->opts, &error_fatal);
    qemu_opts_store_foreach(c->opts, "chardev", create_chardev, ms,
                            &error_fatal);
    loc_clear();
    check_positional(c);
    configure_accel(c, ms);
    configure_icount(c, ms);
    if (!machine_run_board_init(ms, &err)) {
        fail(err);
    }
    create_late(c, ms);
    net_machine_check_clients(ms);
    return ms;
}
