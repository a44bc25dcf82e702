/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz the monitors.  Each input runs on a fresh "none" machine with one
 * monitor fed through monitor_input(), as bytes from a chardev would be.
 *
 * The first byte picks the setup: bit 0 pretty output, bit 1 an HMP
 * (readline) monitor instead of QMP, bits 2-7 the chunk size (1..64) in
 * which the input from the third byte on is fed.  When bit 1 of the
 * second byte is set, the peer disconnects and reconnects before the last
 * chunk, so the reset path runs with partial input pending.
 *
 * The monitor must never crash, leak or abort, and in compact QMP mode
 * every output line must be one JSON object: a greeting, a response or an
 * event.
 */
#include "qemu/osdep.h"
#include "monitor/qmp.h"
#include "hw/core/machine.h"
#include "hw/core/qdev.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* hw/core/null-machine.c (no header: only the type list needs it) */
extern const TypeInfo none_machine_type_info;

static const TypeInfo *const fuzz_types[] = {
    &machine_type_info, &none_machine_type_info, &device_type_info,
    &bus_type_info, &sys_bus_device_type_info,
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    type_registry_init(fuzz_types, G_N_ELEMENTS(fuzz_types));
    return 0;
}

static void fuzz_capture(void *opaque, const char *buf, size_t len)
{
    g_string_append_len(opaque, buf, len);
}

/* A compact QMP line: one object starting with a known member. */
static void fuzz_check_line(const char *line)
{
    g_autoptr(QObject) obj = qobject_from_json(line, &error_abort);
    QDict *d = qobject_to_qdict(obj);
    const char *first;

    g_assert(d && qdict_first(d));
    first = qdict_entry_key(qdict_first(d));
    g_assert(!strcmp(first, "QMP") || !strcmp(first, "return") ||
             !strcmp(first, "id") || !strcmp(first, "error") ||
             !strcmp(first, "timestamp"));
}

static void fuzz_check_output(const GString *out, bool compact_qmp)
{
    g_auto(GStrv) lines = g_strsplit(out->str, "\r\n", -1);
    guint n = g_strv_length(lines);

    for (gsize i = 0; i < out->len; i++) {
        g_assert((unsigned char)out->str[i] < 0x80 || !compact_qmp);
    }
    if (!compact_qmp) {
        return;
    }
    /* Everything ends in CRLF, so the last piece is empty. */
    g_assert(n >= 1 && !*lines[n - 1]);
    for (guint i = 0; i + 1 < n; i++) {
        fuzz_check_line(lines[i]);
    }
}

static void fuzz_feed(Monitor *mon, const uint8_t *data, size_t size,
                      size_t chunk, bool reconnect)
{
    for (size_t off = 0; off < size; off += chunk) {
        size_t len = MIN(chunk, size - off);

        if (reconnect && off + len >= size) {
            monitor_close(mon);
            monitor_open(mon);
        }
        monitor_input(mon, data + off, len);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    MachineClass *mc;
    MachineState *ms;
    g_autoptr(GString) out = g_string_new(NULL);
    Monitor *mon;
    bool pretty, hmp;

    if (size < 2) {
        return 0;
    }
    pretty = data[0] & 1;
    hmp = data[0] & 2;
    mc = MACHINE_CLASS(object_class_by_name("none-machine"));
    ms = machine_new(mc, &target_info_x86_64);
    g_assert_true(machine_run_board_init(ms, &error_abort));
    mon = monitor_new_with_output(ms, fuzz_capture, out, !hmp, pretty);
    monitor_open(mon);
    fuzz_feed(mon, data + 2, size - 2, (data[0] >> 2) + 1, data[1] & 2);
    fuzz_check_output(out, !hmp && !pretty);
    monitor_free(mon);
    machine_free(ms);
    return 0;
}
