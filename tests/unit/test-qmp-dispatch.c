/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The QMP and HMP monitors, driven in-process on a "none" machine named
 * "myvm": bytes go in through monitor_input() and everything the monitor
 * writes is captured and compared byte for byte (CRLF line ends included;
 * event timestamps are masked).
 *
 * Test-only types give the commands something to work on: a user-creatable
 * object with properties, a sysbus device with GPIOs and a child bus, a
 * pluggable device for that bus, one whose bus does not exist, and a CPU.
 */
#include "qemu/osdep.h"
#include "monitor/qmp.h"
#include "config-host.h"
#include "chardev/char.h"
#include "hw/core/machine.h"
#include "hw/core/qdev.h"
#include "qobject/qdict.h"

extern const TypeInfo none_machine_type_info;

#define CRLF "\r\n"
#define VERSION_JSON "{\"qemu\": {\"micro\": " G_STRINGIFY(QEMU_COMPAT_MICRO) \
    ", \"minor\": " G_STRINGIFY(QEMU_COMPAT_MINOR) ", \"major\": "           \
    G_STRINGIFY(QEMU_COMPAT_MAJOR) "}, \"package\": \"" QEMU_PKGVERSION "\"}"
#define GREETING "{\"QMP\": {\"version\": " VERSION_JSON \
    ", \"capabilities\": []}}" CRLF
#define OK "{\"return\": {}}" CRLF
#define EV(name) "{\"timestamp\": {\"seconds\": S, \"microseconds\": U}, " \
    "\"event\": \"" name "\"}" CRLF
#define EV_DATA(name, data) "{\"timestamp\": {\"seconds\": S, "     \
    "\"microseconds\": U}, \"event\": \"" name "\", \"data\": " data "}" CRLF
#define GENERIC(desc) \
    "{\"error\": {\"class\": \"GenericError\", \"desc\": \"" desc "\"}}" CRLF
#define NEGOTIATE_FIRST "{\"error\": {\"class\": \"CommandNotFound\", " \
    "\"desc\": \"Expecting capabilities negotiation with "              \
    "'qmp_capabilities'\"}}" CRLF

/* ---- Test types ---- */

typedef struct TestObject {
    Object parent_obj;
    uint32_t level;
    char *label;
} TestObject;

static const Property test_object_props[] = {
    DEFINE_PROP_UINT32("level", TestObject, level, 7, "a number"),
    DEFINE_PROP_STRING("label", TestObject, label, "a string"),
    DEFINE_PROP_END_OF_LIST(),
};

static bool test_object_complete(Object *obj, Error **errp)
{
    if (((TestObject *)obj)->level > 100) {
        error_setg(errp, "level too high");
        return false;
    }
    return true;
}

static void test_object_class_init(ObjectClass *oc, const void *data)
{
    oc->user_creatable = true;
    oc->complete = test_object_complete;
}

static const TypeInfo test_object_info = {
    .name = "test-object",
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(TestObject),
    .class_init = test_object_class_init,
    .props = test_object_props,
};

typedef struct TestSysDev {
    DeviceState parent_obj;
    uint32_t iobase;
    bool flag;
    char *label;
    uint64_t size;
    int32_t delta;
    qemu_irq irq;
} TestSysDev;

static const Property test_sysdev_props[] = {
    DEFINE_PROP_UINT32("iobase", TestSysDev, iobase, 0x501, NULL),
    DEFINE_PROP_BOOL("flag", TestSysDev, flag, true, NULL),
    DEFINE_PROP_STRING("label", TestSysDev, label, NULL),
    DEFINE_PROP_SIZE("size", TestSysDev, size, 4096, NULL),
    DEFINE_PROP_INT32("delta", TestSysDev, delta, -2, NULL),
    DEFINE_PROP_END_OF_LIST(),
};

static void test_sysdev_irq(void *opaque, int n, int level)
{
}

static void test_sysdev_init(Object *obj)
{
    TestSysDev *s = (TestSysDev *)obj;

    qdev_init_gpio_in(DEVICE(obj), test_sysdev_irq, 2);
    qdev_init_gpio_out_named(DEVICE(obj), &s->irq, "irq-out", 1);
}

static const TypeInfo test_sysdev_info = {
    .name = "test-sysdev",
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(TestSysDev),
    .instance_init = test_sysdev_init,
    .props = test_sysdev_props,
};

static void test_plug_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->user_creatable = true;
    dc->bus_type = data;
    dc->alias = g_str_equal(data, "test-bus") ? "tp" : NULL;
}

static const TypeInfo test_plug_info = {
    .name = "test-plug",
    .parent = TYPE_DEVICE,
    .class_init = test_plug_class_init,
    .class_data = "test-bus",
};

static const TypeInfo test_usb_kbd_info = {
    .name = "usb-kbd",
    .parent = TYPE_DEVICE,
    .class_init = test_plug_class_init,
    .class_data = "usb-bus",
};

static const TypeInfo test_abstract_dev_info = {
    .name = "test-abstract-dev",
    .parent = TYPE_DEVICE,
    .abstract = true,
};

typedef struct TestCPU {
    DeviceState parent_obj;
    int32_t socket_id, core_id, thread_id;
} TestCPU;

static const Property test_cpu_props[] = {
    DEFINE_PROP_INT32("socket-id", TestCPU, socket_id, 0, NULL),
    DEFINE_PROP_INT32("core-id", TestCPU, core_id, 0, NULL),
    DEFINE_PROP_INT32("thread-id", TestCPU, thread_id, 0, NULL),
    DEFINE_PROP_END_OF_LIST(),
};

static const TypeInfo test_cpu_base_info = {
    .name = "cpu",
    .parent = TYPE_DEVICE,
    .abstract = true,
};

static const TypeInfo test_cpu_info = {
    .name = "test-x86_64-cpu",
    .parent = "cpu",
    .instance_size = sizeof(TestCPU),
    .props = test_cpu_props,
};

static const TypeInfo *const test_types[] = {
    &machine_type_info, &none_machine_type_info, &device_type_info,
    &bus_type_info, &sys_bus_device_type_info, &test_object_info,
    &test_sysdev_info, &test_plug_info, &test_usb_kbd_info,
    &test_abstract_dev_info, &test_cpu_base_info, &test_cpu_info,
};

/* ---- Fixture ---- */

typedef struct Fixture {
    MachineState *ms;
    Monitor *mon;
    GString *out;
    TargetInfo target;          /* x86_64, with "none" as default machine */
    DeviceState *sysdev;        /* add_test_sysdev() */
} Fixture;

static void capture(void *opaque, const char *buf, size_t len)
{
    g_string_append_len(opaque, buf, len);
}

/* Machine "none" named myvm, in prelaunch, with one monitor opened. */
static void setup_mon(Fixture *f, bool control, bool pretty)
{
    MachineClass *mc = MACHINE_CLASS(object_class_by_name("none-machine"));

    memset(f, 0, sizeof(*f));
    f->target = target_info_x86_64;
    f->target.default_machine = "none";
    f->ms = machine_new(mc, &f->target);
    f->ms->name = g_strdup("myvm");
    g_assert_true(machine_run_board_init(f->ms, &error_abort));
    f->out = g_string_new(NULL);
    f->mon = monitor_new_with_output(f->ms, capture, f->out, control, pretty);
    monitor_open(f->mon);
}

static void setup(Fixture *f)
{
    setup_mon(f, true, false);
}

static void teardown(Fixture *f)
{
    /* Unplug our device while its bus still exists. */
    if (f->sysdev) {
        object_unparent(OBJECT(f->sysdev));
    }
    while (f->ms->monitors->len) {
        monitor_free(g_ptr_array_index(f->ms->monitors, 0));
    }
    machine_free(f->ms);
    g_string_free(f->out, TRUE);
}

static void feed_len(Fixture *f, const char *in, size_t len)
{
    monitor_input(f->mon, (const uint8_t *)in, len);
}

static void feed(Fixture *f, const char *in)
{
    feed_len(f, in, strlen(in));
}

/* Output so far, timestamps masked; the buffer is cleared. */
static char *take(Fixture *f)
{
    g_autoptr(GRegex) re = g_regex_new("\"seconds\": [0-9]+, "
                                       "\"microseconds\": [0-9]+", 0, 0,
                                       NULL);
    char *s = g_regex_replace_literal(re, f->out->str, -1, 0,
                                      "\"seconds\": S, \"microseconds\": U",
                                      0, NULL);

    g_string_truncate(f->out, 0);
    return s;
}

/* The output so far must be exactly @expect. */
static void check_out(Fixture *f, const char *expect)
{
    g_autofree char *got = take(f);

    g_assert_cmpstr(got, ==, expect);
}

static void check(Fixture *f, const char *in, const char *expect)
{
    g_autofree char *got = NULL;

    feed(f, in);
    got = take(f);
    g_assert_cmpstr(got, ==, expect);
}

/* Greeting, then qmp_capabilities: the monitor is in command mode. */
static void setup_negotiated(Fixture *f)
{
    setup(f);
    g_free(take(f));
    check(f, "{'execute': 'qmp_capabilities'}", OK);
}

/* ---- Protocol ---- */

static void test_greeting(void)
{
    Fixture f;
    g_autofree char *got = NULL;

    setup(&f);
    got = take(&f);
    g_assert_cmpstr(got, ==, GREETING);
    teardown(&f);
}

static void test_negotiation(void)
{
    Fixture f;

    setup(&f);
    g_free(take(&f));
    check(&f, "{\"execute\":\"query-status\"}", NEGOTIATE_FIRST);
    check(&f, "{\"execute\":\"query-status\",\"id\":1}",
          "{\"id\": 1, \"error\": {\"class\": \"CommandNotFound\", "
          "\"desc\": \"Expecting capabilities negotiation with "
          "'qmp_capabilities'\"}}" CRLF);
    check(&f, "{\"execute\":\"no-such-command\"}", NEGOTIATE_FIRST);
    /* Envelope errors are reported as such even before negotiation. */
    check(&f, "{\"foo\":\"bar\"}",
          GENERIC("QMP input member 'foo' is unexpected"));
    check(&f, "{\"execute\":\"qmp_capabilities\",\"arguments\":"
          "{\"enable\":[\"oob\"]}}", GENERIC("Capability oob not available"));
    check(&f, "{\"execute\":\"qmp_capabilities\",\"arguments\":"
          "{\"enable\":[\"foo\"]}}",
          GENERIC("Parameter 'null' does not accept value 'foo'"));
    check(&f, "{\"execute\":\"qmp_capabilities\",\"arguments\":"
          "{\"enable\":[1]}}",
          GENERIC("Invalid parameter type for 'enable[0]', expected: string"));
    check(&f, "{\"execute\":\"qmp_capabilities\",\"arguments\":"
          "{\"enable\":\"oob\"}}",
          GENERIC("Invalid parameter type for 'enable', expected: array"));
    check(&f, "{\"execute\":\"qmp_capabilities\",\"arguments\":{\"x\":1}}",
          GENERIC("Parameter 'x' is unexpected"));
    /* Still negotiating after all those failures. */
    check(&f, "{\"execute\":\"query-name\"}", NEGOTIATE_FIRST);
    check(&f, "{\"execute\":\"qmp_capabilities\",\"id\":1,"
          "\"arguments\":{\"enable\":[]}}", "{\"return\": {}, \"id\": 1}" CRLF);
    check(&f, "{\"execute\":\"qmp_capabilities\"}",
          "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": "
          "\"Capabilities negotiation is already complete, command "
          "ignored\"}}" CRLF);
    check(&f, "{\"execute\":\"query-name\"}",
          "{\"return\": {\"name\": \"myvm\"}}" CRLF);
    teardown(&f);
}

/* Spec section 4: every malformed-input row, plus the envelope corners. */
static void test_error_table(void)
{
    Fixture f;
    g_autofree char *got = NULL;

    setup_negotiated(&f);
    check(&f, "[1,2]", GENERIC("QMP input must be a JSON object"));
    check(&f, "'single'", GENERIC("QMP input must be a JSON object"));
    check(&f, "42 ", GENERIC("QMP input must be a JSON object"));
    check(&f, "{\"foo\":\"bar\"}",
          GENERIC("QMP input member 'foo' is unexpected"));
    check(&f, "{\"execute\":1}",
          GENERIC("QMP input member 'execute' must be a string"));
    check(&f, "{\"execute\":\"stop\",\"arguments\":[]}",
          GENERIC("QMP input member 'arguments' must be an object"));
    check(&f, "{\"id\":7}",
          "{\"id\": 7, \"error\": {\"class\": \"GenericError\", \"desc\": "
          "\"QMP input lacks member 'execute'\"}}" CRLF);
    check(&f, "{}", GENERIC("QMP input lacks member 'execute'"));
    check(&f, "{\"execute\":\"no-such-command\",\"id\":3}",
          "{\"id\": 3, \"error\": {\"class\": \"CommandNotFound\", \"desc\": "
          "\"The command no-such-command has not been found\"}}" CRLF);
    check(&f, "{\"execute\":\"query-status\",\"arguments\":{\"bogus\":1}}",
          GENERIC("Parameter 'bogus' is unexpected"));
    check(&f, "{\"execute\":\"human-monitor-command\"}",
          GENERIC("Parameter 'command-line' is missing"));
    check(&f, "{\"execute\":\"device_del\",\"arguments\":{\"id\":5},\"id\":4}",
          "{\"id\": 4, \"error\": {\"class\": \"GenericError\", \"desc\": "
          "\"Invalid parameter type for 'id', expected: string\"}}" CRLF);
    check(&f, "{\"exec-oob\":\"query-status\",\"id\":5}",
          "{\"id\": 5, \"error\": {\"class\": \"GenericError\", \"desc\": "
          "\"QMP input member 'exec-oob' is unexpected\"}}" CRLF);
    /* A parse error answers without an id, and the session goes on. */
    feed(&f, "{ \"execute\": }");
    got = take(&f);
    g_assert_true(g_str_has_prefix(got, "{\"error\": {\"class\": "
                                   "\"GenericError\", \"desc\": \"JSON parse "
                                   "error, "));
    g_assert_true(g_str_has_suffix(got, "\"}}" CRLF));
    check(&f, "{\"execute\":\"query-name\"}",
          "{\"return\": {\"name\": \"myvm\"}}" CRLF);
    teardown(&f);
}

static void test_arg_types(void)
{
    Fixture f;

    setup_negotiated(&f);
    check(&f, "{\"execute\":\"human-monitor-command\",\"arguments\":"
          "{\"command-line\":\"info name\",\"cpu-index\":1.5}}",
          GENERIC("Invalid parameter type for 'cpu-index', expected: "
                  "integer"));
    check(&f, "{\"execute\":\"human-monitor-command\",\"arguments\":"
          "{\"command-line\":\"info name\",\"cpu-index\":"
          "18446744073709551615}}",
          GENERIC("Invalid parameter type for 'cpu-index', expected: "
                  "integer"));
    check(&f, "{\"execute\":\"query-machines\",\"arguments\":"
          "{\"compat-props\":\"yes\"}}",
          GENERIC("Invalid parameter type for 'compat-props', expected: "
                  "boolean"));
    check(&f, "{\"execute\":\"qom-get\",\"arguments\":{\"path\":null,"
          "\"property\":\"x\"}}",
          GENERIC("Invalid parameter type for 'path', expected: string"));
    /* Declared members are checked before unknown ones. */
    check(&f, "{\"execute\":\"qom-get\",\"arguments\":{\"zz\":1,"
          "\"path\":\"/\"}}", GENERIC("Parameter 'property' is missing"));
    check(&f, "{\"execute\":\"qom-get\",\"arguments\":{\"zz\":1,"
          "\"path\":\"/\",\"property\":\"type\"}}",
          GENERIC("Parameter 'zz' is unexpected"));
    teardown(&f);
}

static void test_id_echo(void)
{
    Fixture f;

    setup_negotiated(&f);
    check(&f, "{\"execute\":\"stop\",\"id\":-12}",
          "{\"return\": {}, \"id\": -12}" CRLF);
    check(&f, "{\"execute\":\"stop\",\"id\":\"a\"}",
          "{\"return\": {}, \"id\": \"a\"}" CRLF);
    check(&f, "{\"execute\":\"stop\",\"id\":null}",
          "{\"return\": {}, \"id\": null}" CRLF);
    check(&f, "{\"execute\":\"stop\",\"id\":[true,false]}",
          "{\"return\": {}, \"id\": [true, false]}" CRLF);
    check(&f, "{'execute':'query-name','id':{'x':[1,2]}}",
          "{\"return\": {\"name\": \"myvm\"}, \"id\": {\"x\": [1, 2]}}" CRLF);
    /* id may come first; it is still echoed after "return". */
    check(&f, "{\"id\":9,\"execute\":\"stop\"}",
          "{\"return\": {}, \"id\": 9}" CRLF);
    teardown(&f);
}

static void test_stream(void)
{
    Fixture f;
    const char *req = "{\"execute\":\"query-name\",\"id\":\"split\"}";

    setup_negotiated(&f);
    /* Two messages, one buffer, no separator. */
    check(&f, "{\"execute\":\"stop\"}{\"execute\":\"query-target\"}",
          OK "{\"return\": {\"arch\": \"x86_64\"}}" CRLF);
    /* Whitespace and newlines between messages are ignored. */
    check(&f, "\n  {\"execute\":\"stop\"} \r\n\t{\"execute\":\"stop\"}\n",
          OK OK);
    /* One byte at a time: nothing until the closing brace. */
    for (size_t i = 0; req[i + 1]; i++) {
        feed_len(&f, req + i, 1);
        g_assert_cmpuint(f.out->len, ==, 0);
    }
    check(&f, "}", "{\"return\": {\"name\": \"myvm\"}, \"id\": \"split\"}"
          CRLF);
    teardown(&f);
}

/* A control character aborts the message in progress and resynchronises. */
static void test_recovery(void)
{
    Fixture f;
    g_autofree char *got = NULL;
    g_autofree char *deep = g_strnfill(100000, '[');

    setup_negotiated(&f);
    feed(&f, "{\"execute\": \"stop\", \"arguments\": {\x01");
    got = take(&f);
    g_assert_true(g_str_has_prefix(got, "{\"error\": {\"class\": "
                                   "\"GenericError\", \"desc\": \"JSON parse "
                                   "error, "));
    check(&f, "{\"execute\":\"query-target\"}",
          "{\"return\": {\"arch\": \"x86_64\"}}" CRLF);
    /* Nesting far too deep: an error, then the monitor carries on. */
    feed(&f, deep);
    feed(&f, "\xff");
    g_free(take(&f));
    check(&f, "{\"execute\":\"query-target\"}",
          "{\"return\": {\"arch\": \"x86_64\"}}" CRLF);
    teardown(&f);
}

static void test_pretty(void)
{
    Fixture f;
    g_autofree char *got = NULL;

    setup_mon(&f, true, true);
    got = take(&f);
    g_assert_true(g_str_has_prefix(got, "{" CRLF "    \"QMP\": {" CRLF));
    check(&f, "{\"execute\":\"qmp_capabilities\"}",
          "{" CRLF "    \"return\": {" CRLF "    }" CRLF "}" CRLF);
    check(&f, "{\"execute\":\"query-status\",\"id\":1}",
          "{" CRLF
          "    \"return\": {" CRLF
          "        \"status\": \"prelaunch\"," CRLF
          "        \"running\": false" CRLF
          "    }," CRLF
          "    \"id\": 1" CRLF
          "}" CRLF);
    teardown(&f);
}

/* A new connection gets a new greeting and must negotiate again. */
static void test_reconnect(void)
{
    Fixture f;

    setup_negotiated(&f);
    feed(&f, "{\"execute\":\"query-na");
    monitor_close(f.mon);
    qapi_event_emit(f.ms, "POWERDOWN", NULL);
    g_assert_cmpuint(f.out->len, ==, 0);
    monitor_open(f.mon);
    check(&f, "", GREETING);
    /* The partial request of the old peer is gone. */
    check(&f, "{\"execute\":\"query-target\"}", NEGOTIATE_FIRST);
    check(&f, "{\"execute\":\"qmp_capabilities\"}", OK);
    teardown(&f);
}

/* ---- Events and run state ---- */

static void test_events(void)
{
    Fixture f;
    QDict *data = qdict_new();
    g_autofree char *raw = NULL;
    int64_t secs;

    setup(&f);
    g_free(take(&f));
    qapi_event_emit(f.ms, "POWERDOWN", NULL);
    g_assert_cmpuint(f.out->len, ==, 0);
    check(&f, "{\"execute\":\"qmp_capabilities\"}", OK);
    qapi_event_emit(f.ms, "POWERDOWN", NULL);
    raw = g_strdup(f.out->str);
    check_out(&f, EV("POWERDOWN"));
    g_assert_true(sscanf(raw, "{\"timestamp\": {\"seconds\": %" SCNd64,
                         &secs) == 1);
    g_assert_cmpint(llabs(secs - g_get_real_time() / G_USEC_PER_SEC), <=, 5);
    qdict_put_str(data, "device", "k1");
    qdict_put_str(data, "path", "/machine/peripheral/k1");
    qapi_event_emit(f.ms, "DEVICE_DELETED", data);
    check_out(&f, EV_DATA("DEVICE_DELETED", "{\"device\": \"k1\", "
                          "\"path\": \"/machine/peripheral/k1\"}"));
    teardown(&f);
}

/* Spec section 6 orderings: the event comes before the return. */
static void test_runstate(void)
{
    Fixture f;

    setup_negotiated(&f);
    check(&f, "{\"execute\":\"query-status\"}", "{\"return\": {\"status\": "
          "\"prelaunch\", \"running\": false}}" CRLF);
    check(&f, "{\"execute\":\"stop\"}", OK);
    check(&f, "{\"execute\":\"query-status\"}", "{\"return\": {\"status\": "
          "\"prelaunch\", \"running\": false}}" CRLF);
    check(&f, "{\"execute\":\"cont\",\"id\":2}",
          EV("RESUME") "{\"return\": {}, \"id\": 2}" CRLF);
    check(&f, "{\"execute\":\"cont\"}", OK);
    check(&f, "{\"execute\":\"query-status\"}", "{\"return\": {\"status\": "
          "\"running\", \"running\": true}}" CRLF);
    check(&f, "{\"execute\":\"stop\"}", EV("STOP") OK);
    check(&f, "{\"execute\":\"stop\"}", OK);
    check(&f, "{\"execute\":\"query-status\"}", "{\"return\": {\"status\": "
          "\"paused\", \"running\": false}}" CRLF);
    check(&f, "{\"execute\":\"system_reset\"}",
          EV_DATA("RESET", "{\"guest\": false, \"reason\": "
                  "\"host-qmp-system-reset\"}") OK);
    /* A reset while paused goes back to prelaunch, as in QEMU. */
    check(&f, "{\"execute\":\"query-status\"}", "{\"return\": {\"status\": "
          "\"prelaunch\", \"running\": false}}" CRLF);
    check(&f, "{\"execute\":\"system_powerdown\"}", EV("POWERDOWN") OK);
    f.ms->runstate = RUN_STATE_SHUTDOWN;
    check(&f, "{\"execute\":\"cont\"}",
          GENERIC("Resetting the Virtual Machine is required"));
    check(&f, "{\"execute\":\"system_reset\"}",
          EV_DATA("RESET", "{\"guest\": false, \"reason\": "
                  "\"host-qmp-system-reset\"}") OK);
    check(&f, "{\"execute\":\"cont\"}", EV("RESUME") OK);
    /* A reset while running keeps running. */
    check(&f, "{\"execute\":\"system_reset\"}",
          EV_DATA("RESET", "{\"guest\": false, \"reason\": "
                  "\"host-qmp-system-reset\"}") OK);
    check(&f, "{\"execute\":\"query-status\"}", "{\"return\": {\"status\": "
          "\"running\", \"running\": true}}" CRLF);
    g_assert_false(f.ms->exit_requested);
    teardown(&f);
}

static void test_quit(void)
{
    Fixture f;

    setup_negotiated(&f);
    check(&f, "{\"execute\":\"quit\"}{\"execute\":\"stop\"}",
          EV_DATA("SHUTDOWN", "{\"guest\": false, \"reason\": "
                  "\"host-qmp-quit\"}") OK);
    g_assert_true(f.ms->exit_requested);
    g_assert_cmpint(f.ms->exit_status, ==, 0);
    /* The monitor reads nothing more. */
    check(&f, "{\"execute\":\"stop\"}", "");
    teardown(&f);
}

static void test_reset_no_reboot(void)
{
    Fixture f;

    setup_negotiated(&f);
    f.ms->no_reboot = true;
    check(&f, "{\"execute\":\"system_reset\"}",
          EV_DATA("SHUTDOWN", "{\"guest\": false, \"reason\": "
                  "\"host-qmp-system-reset\"}") OK);
    g_assert_true(f.ms->exit_requested);
    teardown(&f);
}

/* ---- Queries ---- */

static void test_queries(void)
{
    Fixture f;

    setup_negotiated(&f);
    check(&f, "{\"execute\":\"query-version\"}",
          "{\"return\": " VERSION_JSON "}" CRLF);
    check(&f, "{\"execute\":\"query-target\"}",
          "{\"return\": {\"arch\": \"x86_64\"}}" CRLF);
    check(&f, "{\"execute\":\"query-kvm\"}",
          "{\"return\": {\"enabled\": false, \"present\": false}}" CRLF);
    check(&f, "{\"execute\":\"query-cpus-fast\"}", "{\"return\": []}" CRLF);
    check(&f, "{\"execute\":\"query-machines\"}",
          "{\"return\": [{\"hotpluggable-cpus\": false, \"name\": \"none\", "
          "\"numa-mem-supported\": false, \"acpi\": false, "
          "\"is-default\": true, \"cpu-max\": 1, \"deprecated\": false, "
          "\"default-ram-id\": \"ram\"}]}" CRLF);
    check(&f, "{\"execute\":\"query-machines\",\"arguments\":"
          "{\"compat-props\":true}}",
          "{\"return\": [{\"hotpluggable-cpus\": false, \"name\": \"none\", "
          "\"compat-props\": [], \"numa-mem-supported\": false, "
          "\"acpi\": false, \"is-default\": true, \"cpu-max\": 1, "
          "\"deprecated\": false, \"default-ram-id\": \"ram\"}]}" CRLF);
    g_free(f.ms->name);
    f.ms->name = NULL;
    check(&f, "{\"execute\":\"query-name\",\"id\":10}",
          "{\"return\": {}, \"id\": 10}" CRLF);
    /* x-query-ipi-stats needs local APICs (pc); machine none has none. */
    check(&f, "{\"execute\":\"x-query-ipi-stats\"}",
          GENERIC("IPI statistics need a machine with local APICs "
                  "(-machine pc)"));
    check(&f, "{\"execute\":\"x-query-ipi-stats\",\"arguments\":"
          "{\"reset\":1}}",
          GENERIC("Invalid parameter type for 'reset', expected: boolean"));
    teardown(&f);
}

static void test_query_commands(void)
{
    Fixture f;
    g_autofree char *got = NULL;
    g_auto(GStrv) parts = NULL;
    size_t n;
    const QmpCommand *cmds = qmp_command_list(&n);

    setup_negotiated(&f);
    feed(&f, "{\"execute\":\"query-commands\"}");
    got = take(&f);
    g_assert_true(g_str_has_prefix(got, "{\"return\": [{\"name\": "
                                   "\"qmp_capabilities\"}, "));
    for (size_t i = 0; i < n; i++) {
        g_autofree char *item = g_strdup_printf("{\"name\": \"%s\"}",
                                                cmds[i].name);

        g_assert_nonnull(strstr(got, item));
        g_assert_true(qmp_command_find(cmds[i].name) == &cmds[i]);
    }
    /* Exactly one entry per command, nothing else. */
    parts = g_strsplit(got, "{\"name\": ", -1);
    g_assert_cmpuint(g_strv_length(parts) - 1, ==, n);
    g_assert_null(qmp_command_find("bogus"));
    teardown(&f);
}

static void test_query_cpus(void)
{
    Fixture f;
    Object *cpu;
    g_autofree char *expect = NULL;

    setup_negotiated(&f);
    cpu = object_new("test-x86_64-cpu");
    machine_add_unattached(f.ms, cpu);
    object_unref(cpu);
    expect = g_strdup_printf("{\"return\": [{\"thread-id\": %d, \"props\": "
                             "{\"core-id\": 0, \"thread-id\": 0, "
                             "\"socket-id\": 0}, \"qom-path\": "
                             "\"/machine/unattached/device[0]\", "
                             "\"cpu-index\": 0, \"target\": \"x86_64\"}]}"
                             CRLF, (int)getpid());
    check(&f, "{\"execute\":\"query-cpus-fast\"}", expect);
    check(&f, "{\"execute\":\"human-monitor-command\",\"arguments\":"
          "{\"command-line\":\"info name\",\"cpu-index\":0}}",
          "{\"return\": \"myvm\\r\\n\"}" CRLF);
    check(&f, "{\"execute\":\"human-monitor-command\",\"arguments\":"
          "{\"command-line\":\"info name\",\"cpu-index\":1}}",
          GENERIC("Parameter 'cpu-index' expects a CPU number"));
    teardown(&f);
}

/* ---- QOM and devices ---- */

static void test_qom_list_types(void)
{
    Fixture f;

    setup_negotiated(&f);
    check(&f, "{\"execute\":\"qom-list-types\",\"arguments\":"
          "{\"abstract\":false,\"implements\":\"device\"}}",
          "{\"return\": [{\"name\": \"test-plug\", \"parent\": \"device\"}, "
          "{\"name\": \"test-sysdev\", \"parent\": \"sys-bus-device\"}, "
          "{\"name\": \"test-x86_64-cpu\", \"parent\": \"cpu\"}, "
          "{\"name\": \"usb-kbd\", \"parent\": \"device\"}]}" CRLF);
    check(&f, "{\"execute\":\"qom-list-types\",\"arguments\":"
          "{\"abstract\":true,\"implements\":\"cpu\"}}",
          "{\"return\": [{\"abstract\": true, \"name\": \"cpu\", "
          "\"parent\": \"device\"}, {\"name\": \"test-x86_64-cpu\", "
          "\"parent\": \"cpu\"}]}" CRLF);
    check(&f, "{\"execute\":\"qom-list-types\",\"arguments\":"
          "{\"implements\":\"nope\"}}", "{\"return\": []}" CRLF);
    check(&f, "{\"execute\":\"qom-list-types\",\"arguments\":"
          "{\"implements\":\"container\"}}",
          "{\"return\": [{\"name\": \"container\", \"parent\": "
          "\"object\"}]}" CRLF);
    teardown(&f);
}

static void test_qom(void)
{
    Fixture f;

    setup_negotiated(&f);
    check(&f, "{\"execute\":\"qom-list\",\"arguments\":{\"path\":\"/\"}}",
          "{\"return\": [{\"name\": \"type\", \"type\": \"string\"}, "
          "{\"name\": \"machine\", \"type\": \"child<none-machine>\"}, "
          "{\"name\": \"objects\", \"type\": \"child<container>\"}, "
          "{\"name\": \"chardevs\", \"type\": \"child<container>\"}]}" CRLF);
    check(&f, "{\"execute\":\"qom-get\",\"arguments\":{\"path\":\"/machine\","
          "\"property\":\"type\"}}", "{\"return\": \"none-machine\"}" CRLF);
    check(&f, "{\"execute\":\"qom-get\",\"arguments\":{\"path\":\"/machine\","
          "\"property\":\"dump-guest-core\"}}", "{\"return\": true}" CRLF);
    check(&f, "{\"execute\":\"qom-set\",\"arguments\":{\"path\":\"/machine\","
          "\"property\":\"dump-guest-core\",\"value\":false}}", OK);
    check(&f, "{\"execute\":\"qom-get\",\"arguments\":{\"path\":\"/machine\","
          "\"property\":\"dump-guest-core\"}}", "{\"return\": false}" CRLF);
    check(&f, "{\"execute\":\"qom-get\",\"arguments\":{\"path\":"
          "\"/machine/peripheral/k1\",\"property\":\"type\"}}",
          "{\"error\": {\"class\": \"DeviceNotFound\", \"desc\": \"Device "
          "'/machine/peripheral/k1' not found\"}}" CRLF);
    check(&f, "{\"execute\":\"qom-list\",\"arguments\":{\"path\":\"nope\"}}",
          "{\"error\": {\"class\": \"DeviceNotFound\", \"desc\": \"Device "
          "'nope' not found\"}}" CRLF);
    check(&f, "{\"execute\":\"qom-set\",\"arguments\":{\"path\":\"/machine\","
          "\"property\":\"foo\",\"value\":1}}",
          GENERIC("Property 'none-machine.foo' not found"));
    check(&f, "{\"execute\":\"qom-get\",\"arguments\":{\"path\":\"machine\","
          "\"property\":\"foo\"}}",
          GENERIC("Property 'none-machine.foo' not found"));
    teardown(&f);
}

/* A sysbus device "td0" owning bus "test.0". */
static void add_test_sysdev(Fixture *f)
{
    DeviceState *dev = DEVICE(object_new("test-sysdev"));
    BusState *bus;

    object_property_set_str(OBJECT(dev), "label", "hello", &error_abort);
    g_assert_true(machine_add_device(f->ms, dev, "td0", f->ms->sysbus,
                                     &error_abort));
    object_unref(OBJECT(dev));
    bus = qbus_new("test-bus", dev, "test.0");
    object_property_add_child(OBJECT(dev), "test.0", OBJECT(bus));
    object_unref(OBJECT(bus));
    f->sysdev = dev;
}

static void test_device_add(void)
{
    Fixture f;

    setup_negotiated(&f);
    check(&f, "{\"execute\":\"device_add\",\"arguments\":"
          "{\"driver\":\"nope\"}}",
          GENERIC("'nope' is not a valid device model name"));
    check(&f, "{\"execute\":\"device_add\",\"arguments\":"
          "{\"driver\":\"test-object\"}}",
          GENERIC("'test-object' is not a valid device model name"));
    check(&f, "{\"execute\":\"device_add\",\"arguments\":{\"id\":\"1x\","
          "\"driver\":\"usb-kbd\"}}",
          GENERIC("Parameter 'id' expects an identifier"));
    check(&f, "{\"execute\":\"device_add\",\"arguments\":"
          "{\"driver\":\"test-abstract-dev\"}}",
          GENERIC("Parameter 'driver' expects a non-abstract device type"));
    check(&f, "{\"execute\":\"device_add\",\"arguments\":"
          "{\"driver\":\"test-sysdev\"}}",
          GENERIC("Parameter 'driver' expects a pluggable device type"));
    check(&f, "{\"execute\":\"device_add\",\"arguments\":"
          "{\"driver\":\"usb-kbd\",\"id\":\"k1\"}}",
          GENERIC("No 'usb-bus' bus found for device 'usb-kbd'"));
    check(&f, "{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"tp\"}}",
          GENERIC("No 'test-bus' bus found for device 'test-plug'"));
    check(&f, "{\"execute\":\"device_add\"}",
          GENERIC("Parameter 'driver' is missing"));
    add_test_sysdev(&f);
    check(&f, "{\"execute\":\"device_add\",\"arguments\":"
          "{\"driver\":\"test-plug\",\"x\":1}}",
          GENERIC("Bus 'test.0' does not support hotplugging"));
    check(&f, "{\"execute\":\"device_add\",\"arguments\":"
          "{\"driver\":\"test-plug\",\"bus\":\"nobus\"}}",
          GENERIC("Bus 'nobus' not found"));
    check(&f, "{\"execute\":\"device_add\",\"arguments\":"
          "{\"driver\":\"usb-kbd\",\"bus\":\"test.0\"}}",
          GENERIC("Device 'usb-kbd' can't go on test-bus bus"));
    teardown(&f);
}

static void test_device_del(void)
{
    Fixture f;

    setup_negotiated(&f);
    check(&f, "{\"execute\":\"device_del\",\"arguments\":{\"id\":\"nope\"}}",
          "{\"error\": {\"class\": \"DeviceNotFound\", \"desc\": \"Device "
          "'nope' not found\"}}" CRLF);
    add_test_sysdev(&f);
    check(&f, "{\"execute\":\"device_del\",\"arguments\":{\"id\":\"td0\"}}",
          GENERIC("Bus 'main-system-bus' does not support hotplugging"));
    check(&f, "{\"execute\":\"device_del\",\"arguments\":"
          "{\"id\":\"/machine/peripheral/td0\"}}",
          GENERIC("Bus 'main-system-bus' does not support hotplugging"));
    teardown(&f);
}

static void test_object_add(void)
{
    Fixture f;

    setup_negotiated(&f);
    check(&f, "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":"
          "\"test-object\",\"id\":\"o1\",\"level\":3,\"label\":\"x\"}}", OK);
    check(&f, "{\"execute\":\"qom-get\",\"arguments\":{\"path\":"
          "\"/objects/o1\",\"property\":\"level\"}}",
          "{\"return\": 3}" CRLF);
    check(&f, "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":"
          "\"test-object\",\"id\":\"o1\"}}",
          GENERIC("attempt to add duplicate property 'o1' to object "
                  "(type 'container')"));
    check(&f, "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":"
          "\"test-object\",\"id\":\"o2\",\"nope\":1}}",
          GENERIC("Property 'test-object.nope' not found"));
    check(&f, "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":"
          "\"test-object\",\"id\":\"o2\",\"level\":101}}",
          GENERIC("level too high"));
    check(&f, "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":"
          "\"container\",\"id\":\"o2\"}}",
          GENERIC("Parameter 'qom-type' does not accept value 'container'"));
    check(&f, "{\"execute\":\"object-add\",\"arguments\":{\"qom-type\":"
          "\"test-object\",\"id\":\"-\"}}",
          GENERIC("Parameter 'id' expects an identifier"));
    check(&f, "{\"execute\":\"qom-list\",\"arguments\":{\"path\":"
          "\"/objects/o2\"}}", "{\"error\": {\"class\": \"DeviceNotFound\", "
          "\"desc\": \"Device '/objects/o2' not found\"}}" CRLF);
    check(&f, "{\"execute\":\"object-del\",\"arguments\":{\"id\":\"o1\"}}",
          OK);
    check(&f, "{\"execute\":\"object-del\",\"arguments\":{\"id\":\"o1\"}}",
          GENERIC("object 'o1' not found"));
    teardown(&f);
}

/* ---- HMP ---- */

static void check_hmp(Fixture *f, const char *cmdline, const char *expect)
{
    g_autofree char *got = hmp_run_command(f->ms, cmdline);

    g_assert_cmpstr(got, ==, expect);
}

static void test_hmp_commands(void)
{
    Fixture f;

    setup_negotiated(&f);
    check_hmp(&f, "info status", "VM status: paused (prelaunch)\n");
    check_hmp(&f, "  info   version ",
              QEMU_COMPAT_VERSION QEMU_PKGVERSION "\n");
    check_hmp(&f, "info name", "myvm\n");
    check_hmp(&f, "info kvm", "kvm support: not compiled\n");
    check_hmp(&f, "", "");
    check_hmp(&f, "bogus", "unknown command: 'bogus'\n");
    check_hmp(&f, "info bogus", "unknown command: 'info bogus'\n");
    check_hmp(&f, "stop now", "stop: extraneous characters at the end of "
              "line\n");
    check_hmp(&f, "help cont", "cont|c  -- resume emulation\n");
    check_hmp(&f, "help nope", "unknown command: 'nope'\n");
    check_hmp(&f, "info mtree -x", "mtree: unsupported option -x\n");
    check_hmp(&f, "c", "");
    check_out(&f, EV("RESUME"));
    check_hmp(&f, "info status", "VM status: running\n");
    check_hmp(&f, "s", "");
    check_hmp(&f, "info status", "VM status: paused\n");
    f.ms->runstate = RUN_STATE_SHUTDOWN;
    check_hmp(&f, "info status", "VM status: paused (shutdown)\n");
    check_hmp(&f, "cont", "Error: Resetting the Virtual Machine is "
              "required\n");
    check_out(&f, EV("STOP"));
    teardown(&f);
}

static void test_hmp_help(void)
{
    Fixture f;
    g_autofree char *help = NULL;
    g_autofree char *info = NULL;
    g_autofree char *help_info = NULL;

    setup_negotiated(&f);
    help = hmp_run_command(f.ms, "help");
    g_assert_true(g_str_has_prefix(help, "help|? [cmd] -- show the help\n"));
    g_assert_nonnull(strstr(help, "\nquit|q  -- quit the emulator\n"));
    g_assert_nonnull(strstr(help, "\ninfo [subcommand] -- show various "
                            "information about the system state\n"));
    info = hmp_run_command(f.ms, "info");
    help_info = hmp_run_command(f.ms, "help info");
    g_assert_cmpstr(info, ==, help_info);
    g_assert_nonnull(strstr(info, "info status  -- show the current VM "
                            "status (running|paused)\n"));
    teardown(&f);
}

static void test_hmp_qtree(void)
{
    Fixture f;

    setup_negotiated(&f);
    check_hmp(&f, "info qtree", "bus: main-system-bus\n  type System\n");
    add_test_sysdev(&f);
    check_hmp(&f, "info qtree",
              "bus: main-system-bus\n"
              "  type System\n"
              "  dev: test-sysdev, id \"td0\"\n"
              "    gpio-out \"irq-out\" 1\n"
              "    gpio-in \"\" 2\n"
              "    iobase = 1281 (0x501)\n"
              "    flag = true\n"
              "    label = \"hello\"\n"
              "    size = 4096 (4 KiB)\n"
              "    delta = -2 (0xfffffffffffffffe)\n"
              "    bus: test.0\n"
              "      type test-bus\n");
    teardown(&f);
}

static void test_hmp_mtree(void)
{
    Fixture f;
    g_autofree char *tree = NULL;
    g_autofree char *flat = NULL;

    setup_negotiated(&f);
    tree = hmp_run_command(f.ms, "info mtree");
    flat = hmp_run_command(f.ms, "info mtree -f");
    g_assert_true(g_str_has_prefix(tree, "address-space: "));
    g_assert_nonnull(strstr(tree, "I/O"));
    g_assert_true(g_str_has_prefix(flat, "FlatView #"));
    g_assert_cmpstr(tree, !=, flat);
    teardown(&f);
}

static void test_human_monitor_command(void)
{
    Fixture f;

    setup_negotiated(&f);
    check(&f, "{\"execute\":\"human-monitor-command\",\"arguments\":"
          "{\"command-line\":\"info status\"}}",
          "{\"return\": \"VM status: paused (prelaunch)\\r\\n\"}" CRLF);
    check(&f, "{\"execute\":\"human-monitor-command\",\"arguments\":"
          "{\"command-line\":\"bogus\"}}",
          "{\"return\": \"unknown command: 'bogus'\\r\\n\"}" CRLF);
    check(&f, "{\"execute\":\"human-monitor-command\",\"arguments\":"
          "{\"command-line\":\"stop\"}}", "{\"return\": \"\"}" CRLF);
    check(&f, "{\"execute\":\"human-monitor-command\",\"arguments\":"
          "{\"command-line\":\"q\"}}",
          EV_DATA("SHUTDOWN", "{\"guest\": false, \"reason\": "
                  "\"host-qmp-quit\"}") "{\"return\": \"\"}" CRLF);
    g_assert_true(f.ms->exit_requested);
    teardown(&f);
}

/* A -monitor (readline) session: banner, prompt, echo, editing. */
static void test_hmp_readline(void)
{
    Fixture f;

    setup_mon(&f, false, false);
    check_out(&f, "QEMU " QEMU_COMPAT_VERSION " monitor - type 'help' for "
              "more information" CRLF "(qemu) ");
    check(&f, "info status\n", "info status" CRLF
          "VM status: paused (prelaunch)" CRLF "(qemu) ");
    check(&f, "info nam", "info nam");
    check(&f, "x\x7f", "x\b \b");
    check(&f, "e\r\n", "e" CRLF "myvm" CRLF "(qemu) ");
    /* Cursor keys are swallowed. */
    check(&f, "\x1b[A\x1bOBbogus\r", "bogus" CRLF
          "unknown command: 'bogus'" CRLF "(qemu) ");
    /* The LF of a CR LF pair is not a second (empty) line... */
    check(&f, "\n", "");
    /* ...but a lone LF is. */
    check(&f, "\n", CRLF "(qemu) ");
    /* Events never go to HMP monitors. */
    qapi_event_emit(f.ms, "POWERDOWN", NULL);
    g_assert_cmpuint(f.out->len, ==, 0);
    check(&f, "quit\ninfo status\n", "quit" CRLF);
    g_assert_true(f.ms->exit_requested);
    check(&f, "info status\n", "");
    teardown(&f);
}

/* Two monitors: each negotiates alone; events reach only the ready one. */
static void test_two_monitors(void)
{
    Fixture f;
    g_autoptr(GString) out2 = g_string_new(NULL);
    const char *caps = "{\"execute\":\"qmp_capabilities\"}";
    Monitor *mon2;

    setup_negotiated(&f);
    mon2 = monitor_new_with_output(f.ms, capture, out2, true, false);
    monitor_open(mon2);
    g_assert_cmpstr(out2->str, ==, GREETING);
    g_string_truncate(out2, 0);
    check(&f, "{\"execute\":\"cont\"}", EV("RESUME") OK);
    g_assert_cmpuint(out2->len, ==, 0);
    monitor_input(mon2, (const uint8_t *)caps, strlen(caps));
    g_assert_cmpstr(out2->str, ==, OK);
    qapi_event_emit(f.ms, "POWERDOWN", NULL);
    check_out(&f, EV("POWERDOWN"));
    g_assert_true(g_str_has_prefix(out2->str, OK "{\"timestamp\""));
    monitor_free(mon2);
    g_assert_cmpuint(f.ms->monitors->len, ==, 1);
    teardown(&f);
}

/* Read what a ringbuf chardev holds, running the loop until it has @n. */
static char *ringbuf_take(MachineState *ms, Chardev *chr, size_t n)
{
    g_autoptr(GString) got = g_string_new(NULL);

    for (int i = 0; i < 1000 && got->len < n; i++) {
        g_autoptr(GByteArray) b = NULL;

        main_loop_iterate(ms->main_loop, false);
        b = chardev_ringbuf_read(chr, 65536, &error_abort);
        g_string_append_len(got, (const char *)b->data, b->len);
    }
    return g_strndup(got->str, got->len);
}

/* The chardev front end: greeting on OPENED, one monitor per chardev. */
static void test_chardev(void)
{
    Fixture f;
    g_autoptr(ChardevOptions) o = chardev_options_new();
    Error *err = NULL;
    g_autofree char *greeting = NULL;
    Chardev *chr;
    Monitor *mon;

    setup_negotiated(&f);
    g_assert_true(chardev_options_set(o, "backend", "ringbuf", &error_abort));
    chr = chardev_new(f.ms->chardevs, "r0", o, f.ms->main_loop,
                      &error_abort);
    mon = monitor_new(f.ms, chr, true, false, &error_abort);
    g_assert_true(chardev_has_frontend(chr));
    greeting = ringbuf_take(f.ms, chr, strlen(GREETING));
    g_assert_cmpstr(greeting, ==, GREETING);
    g_assert_null(monitor_new(f.ms, chr, false, false, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Device 'r0' is in use");
    error_free(err);
    monitor_flush_all(f.ms);
    monitor_free(mon);
    g_assert_false(chardev_has_frontend(chr));
    teardown(&f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    type_registry_init(test_types, G_N_ELEMENTS(test_types));
    g_test_add_func("/qmp/greeting", test_greeting);
    g_test_add_func("/qmp/negotiation", test_negotiation);
    g_test_add_func("/qmp/error-table", test_error_table);
    g_test_add_func("/qmp/arg-types", test_arg_types);
    g_test_add_func("/qmp/id-echo", test_id_echo);
    g_test_add_func("/qmp/stream", test_stream);
    g_test_add_func("/qmp/recovery", test_recovery);
    g_test_add_func("/qmp/pretty", test_pretty);
    g_test_add_func("/qmp/reconnect", test_reconnect);
    g_test_add_func("/qmp/events", test_events);
    g_test_add_func("/qmp/runstate", test_runstate);
    g_test_add_func("/qmp/quit", test_quit);
    g_test_add_func("/qmp/reset-no-reboot", test_reset_no_reboot);
    g_test_add_func("/qmp/queries", test_queries);
    g_test_add_func("/qmp/query-commands", test_query_commands);
    g_test_add_func("/qmp/query-cpus", test_query_cpus);
    g_test_add_func("/qmp/qom-list-types", test_qom_list_types);
    g_test_add_func("/qmp/qom", test_qom);
    g_test_add_func("/qmp/device-add", test_device_add);
    g_test_add_func("/qmp/device-del", test_device_del);
    g_test_add_func("/qmp/object-add", test_object_add);
    g_test_add_func("/qmp/two-monitors", test_two_monitors);
    g_test_add_func("/qmp/chardev", test_chardev);
    g_test_add_func("/hmp/commands", test_hmp_commands);
    g_test_add_func("/hmp/help", test_hmp_help);
    g_test_add_func("/hmp/qtree", test_hmp_qtree);
    g_test_add_func("/hmp/mtree", test_hmp_mtree);
    g_test_add_func("/hmp/human-monitor-command", test_human_monitor_command);
    g_test_add_func("/hmp/readline", test_hmp_readline);
    return g_test_run();
}
