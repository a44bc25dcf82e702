/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz the qtest server's framing and command parser.  Each input is fed
 * as raw bytes (split on LF, like data from the chardev) to a fresh
 * "none" machine with 64 KiB of RAM at 0, the qtest accelerator (so clock
 * commands exist), an "or-irq" device "gate" whose first input a one-shot
 * virtual timer raises at 1 ms, and a transfer bound of 64 KiB.  The
 * server must answer every line with exactly one final reply and never
 * crash, leak or hang.
 */
#include "qemu/osdep.h"
#include "system/qtest.h"
#include "hw/core/or-irq.h"
#include "qemu/timer.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_RAM_SIZE (64 * 1024)
#define FUZZ_MAX_TRANSFER (64 * 1024)

/* hw/core/null-machine.c (no header: only the type list needs it) */
extern const TypeInfo none_machine_type_info;

static const TypeInfo *const fuzz_types[] = {
    &machine_type_info, &none_machine_type_info, &device_type_info,
    &bus_type_info, &sys_bus_device_type_info, &or_irq_type_info,
    &accel_type_info, &qtest_accel_type_info,
};

int LLVMFuzzerInitialize(int *argc, char **argv[])
{
    type_registry_init(fuzz_types, G_N_ELEMENTS(fuzz_types));
    return 0;
}

static void fuzz_timer_cb(void *opaque)
{
    qemu_irq_raise(opaque);
}

static MachineState *fuzz_machine_new(void)
{
    MachineClass *mc = MACHINE_CLASS(object_class_by_name("none-machine"));
    MachineState *ms = machine_new(mc, &target_info_x86_64);
    AccelState *accel = ACCEL(object_new(TYPE_QTEST_ACCEL));
    DeviceState *gate = DEVICE(object_new(TYPE_OR_IRQ));

    ms->ram_size = FUZZ_RAM_SIZE;
    g_assert_true(machine_run_board_init(ms, &error_abort));
    g_assert_true(ACCEL_GET_CLASS(accel)->init_machine(accel, ms,
                                                       &error_abort));
    ms->accel = accel;
    object_property_set_uint(OBJECT(gate), "num-lines", 4, &error_abort);
    g_assert_true(machine_add_device(ms, gate, "gate", NULL, &error_abort));
    object_unref(OBJECT(gate));
    return ms;
}

/* Every reply line is OK/FAIL/ERR or an IRQ report; one final per line. */
static void fuzz_check_reply(const GString *reply, size_t requests)
{
    g_auto(GStrv) lines = g_strsplit(reply->str, "\n", -1);
    size_t finals = 0;

    for (int i = 0; lines[i] && lines[i + 1]; i++) {
        if (g_str_has_prefix(lines[i], "IRQ ")) {
            continue;
        }
        g_assert(g_str_has_prefix(lines[i], "OK") ||
                 g_str_has_prefix(lines[i], "FAIL") ||
                 g_str_has_prefix(lines[i], "ERR"));
        finals++;
    }
    g_assert_cmpuint(finals, ==, requests);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    MachineState *ms;
    QTestState *s;
    QEMUTimer *timer;
    g_autoptr(GString) reply = g_string_new(NULL);
    DeviceState *gate;
    size_t requests = 1;

    if (!type_registry_is_initialized()) {
        LLVMFuzzerInitialize(NULL, NULL);
    }
    ms = fuzz_machine_new();
    gate = machine_find_device(ms, "gate");
    timer = timer_new_ns(ms->clocks, QEMU_CLOCK_VIRTUAL, fuzz_timer_cb,
                         qdev_get_gpio_in(gate, 0));
    timer_mod_ns(timer, 1000000);
    s = qtest_server_new(ms, NULL, "none", &error_abort);
    qtest_server_set_max_transfer(s, FUZZ_MAX_TRANSFER);

    qtest_server_feed(s, data, size, reply);
    qtest_server_feed(s, (const uint8_t *)"\n", 1, reply);
    for (size_t i = 0; i < size; i++) {
        requests += data[i] == '\n';
    }
    fuzz_check_reply(reply, requests);

    qtest_server_free(s);
    timer_free(timer);
    object_unref(OBJECT(ms->accel));
    ms->accel = NULL;
    machine_free(ms);
    return 0;
}
