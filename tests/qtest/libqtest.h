/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libqtest: the client side of the qtest protocol.  A test starts the
 * emulator named by $QTEST_QEMU_BINARY with a qtest connection and a QMP
 * monitor, pokes memory, ports, IRQ lines and the virtual clock through the
 * former, and queries state through the latter.  API-compatible in spirit
 * with QEMU's tests/qtest/libqtest.h.
 *
 *   QTestState *qts = qtest_init("-machine none -m 128");
 *   qtest_writel(qts, 0x1000, 0x12345678);
 *   g_assert_cmphex(qtest_readl(qts, 0x1000), ==, 0x12345678);
 *   qtest_quit(qts);
 *
 * Any reply other than "OK" to a qtest command, a closed connection or an
 * unexpected exit status aborts the test with a message.  The emulator is
 * killed when the test process dies (PR_SET_PDEATHSIG), so no global
 * cleanup hooks are needed.
 *
 * QMP formats (qtest_qmp() and friends) are JSON text with interpolation
 * outside quoted strings: %s (const char *, inserted as a JSON string),
 * %d %i %u, the l/ll/z/j length modifiers (so PRId64/PRIu64 work), %f %g
 * (double) and %%.  Inside '...' or "..." a % is literal.  Single-quoted
 * strings are fine (QMP accepts them).  Anything else aborts.
 */
#ifndef LIBQTEST_H
#define LIBQTEST_H

#include "qobject/qdict.h"

typedef struct QTestState QTestState;

/* IRQ lines whose level the client tracks (qtest_get_irq). */
#define QTEST_MAX_IRQ 256

/* ---- Lifecycle ---- */

/*
 * Start the emulator with @extra_args (after the qtest/QMP plumbing, before
 * "-accel qtest"), connect both channels, check the target endianness and
 * do the QMP capabilities handshake.
 */
QTestState *qtest_init(const char *extra_args);
QTestState *qtest_initf(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
QTestState *qtest_vinitf(const char *fmt, va_list ap) G_GNUC_PRINTF(1, 0);
/* Same, without reading the QMP greeting or negotiating capabilities. */
QTestState *qtest_init_without_qmp_handshake(const char *extra_args);

/* SIGTERM, wait (30 s, then SIGKILL), check the status, free. */
void qtest_quit(QTestState *s);
/* SIGTERM and wait as above, checking the status; @s stays usable. */
void qtest_kill_qemu(QTestState *s);
/* Exit status qtest_quit() expects (default 0). */
void qtest_set_expected_status(QTestState *s, int status);
/* The emulator is still running (not reaped). */
bool qtest_probe_child(QTestState *s);
pid_t qtest_pid(QTestState *s);

/* ---- qtest commands ---- */

uint8_t qtest_readb(QTestState *s, uint64_t addr);
uint16_t qtest_readw(QTestState *s, uint64_t addr);
uint32_t qtest_readl(QTestState *s, uint64_t addr);
uint64_t qtest_readq(QTestState *s, uint64_t addr);
void qtest_writeb(QTestState *s, uint64_t addr, uint8_t value);
void qtest_writew(QTestState *s, uint64_t addr, uint16_t value);
void qtest_writel(QTestState *s, uint64_t addr, uint32_t value);
void qtest_writeq(QTestState *s, uint64_t addr, uint64_t value);

/* Bulk memory in hex ("read"/"write") or base64 ("b64read"/"b64write"). */
void qtest_memread(QTestState *s, uint64_t addr, void *data, size_t size);
void qtest_memwrite(QTestState *s, uint64_t addr, const void *data,
                    size_t size);
void qtest_bufread(QTestState *s, uint64_t addr, void *data, size_t size);
void qtest_bufwrite(QTestState *s, uint64_t addr, const void *data,
                    size_t size);
void qtest_memset(QTestState *s, uint64_t addr, uint8_t pattern,
                  size_t size);

uint8_t qtest_inb(QTestState *s, uint16_t port);
uint16_t qtest_inw(QTestState *s, uint16_t port);
uint32_t qtest_inl(QTestState *s, uint16_t port);
void qtest_outb(QTestState *s, uint16_t port, uint8_t value);
void qtest_outw(QTestState *s, uint16_t port, uint16_t value);
void qtest_outl(QTestState *s, uint16_t port, uint32_t value);

/* Virtual clock (needs -accel qtest, which qtest_init adds).  Return ns. */
int64_t qtest_clock_step_next(QTestState *s);
int64_t qtest_clock_step(QTestState *s, int64_t step);
int64_t qtest_clock_set(QTestState *s, int64_t val);

void qtest_irq_intercept_in(QTestState *s, const char *qom_path);
void qtest_irq_intercept_out(QTestState *s, const char *qom_path);
void qtest_irq_intercept_out_named(QTestState *s, const char *qom_path,
                                   const char *name);
/* Level last reported for line @num (flushes pending IRQ lines first). */
bool qtest_get_irq(QTestState *s, int num);
void qtest_set_irq_in(QTestState *s, const char *qom_path, const char *name,
                      int num, int level);

bool qtest_big_endian(QTestState *s);

/*
 * Send one raw qtest request line (no LF) and return the reply line (IRQ
 * lines consumed), whatever it is.  For protocol tests.  g_free() it.
 */
char *qtest_raw_command(QTestState *s, const char *line);

/* ---- QMP ---- */

/* Send a command and return its response; events are buffered. */
QDict *qtest_qmp(QTestState *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
QDict *qtest_vqmp(QTestState *s, const char *fmt, va_list ap)
    G_GNUC_PRINTF(2, 0);
void qtest_qmp_send(QTestState *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void qtest_qmp_vsend(QTestState *s, const char *fmt, va_list ap)
    G_GNUC_PRINTF(2, 0);
/* Send text as is (printf-formatted, no JSON interpolation). */
void qtest_qmp_send_raw(QTestState *s, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
/* The next QMP message, event or not. */
QDict *qtest_qmp_receive_dict(QTestState *s);
/* The next non-event message; events met on the way are buffered. */
QDict *qtest_qmp_receive(QTestState *s);
/* A buffered event named @event (removed from the buffer), or NULL. */
QDict *qtest_qmp_event_ref(QTestState *s, const char *event);
/* Wait for event @event (buffered or new); returns/discards it. */
QDict *qtest_qmp_eventwait_ref(QTestState *s, const char *event);
void qtest_qmp_eventwait(QTestState *s, const char *event);
/* Send, assert the response has "return", and return/discard its value. */
void qtest_qmp_assert_success(QTestState *s, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
QDict *qtest_qmp_assert_success_ref(QTestState *s, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
/* human-monitor-command; returns its output (g_free()). */
char *qtest_hmp(QTestState *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

bool qtest_qom_get_bool(QTestState *s, const char *path,
                        const char *property);
void qtest_qom_set_bool(QTestState *s, const char *path,
                        const char *property, bool value);

/* JSON text from a QMP format (see the top of this file); g_free(). */
char *qtest_json_vformat(const char *fmt, va_list ap) G_GNUC_PRINTF(1, 0);
char *qtest_json_format(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/* ---- Helpers ---- */

/* Target name from $QTEST_QEMU_BINARY ("...-system-ARCH"). */
const char *qtest_get_arch(void);
/* Ask a throw-away "-machine none" instance (query-machines / types). */
bool qtest_has_machine(const char *machine);
bool qtest_has_device(const char *device);
/* g_test_add_func() under "/ARCH/@path". */
void qtest_add_func(const char *path, void (*fn)(void));
void qtest_add_data_func(const char *path, const void *data,
                         void (*fn)(const void *data));

#endif
