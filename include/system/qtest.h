/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The qtest server: a line-oriented text protocol on a chardev that lets a
 * test program read and write guest memory and I/O ports, observe and drive
 * IRQ lines and (with the qtest accelerator) step the virtual clock.  The
 * wire format is QEMU's; see docs/qtest.md and docs/devel/qtest.md.
 *
 * One server per machine (ms->qtest).  Line handling is separate from I/O:
 *
 *   s = qtest_server_new(ms, chr, log_path, errp);    attach to a chardev
 *   qtest_server_process_line(s, "readb 0x0", reply);  in-process use
 *
 * Free the server with qtest_server_free() before the machine: it detaches
 * from the chardev (owned by the machine) and restores intercepted outputs.
 */
#ifndef SYSTEM_QTEST_H
#define SYSTEM_QTEST_H

#include "hw/core/machine.h"
#include "accel/accel.h"
#include "chardev/char.h"

#define TYPE_QTEST_ACCEL "qtest" ACCEL_CLASS_SUFFIX

/* Default bound on read/write/b64read/b64write/memset sizes (bytes). */
#define QTEST_MAX_TRANSFER (64 * 1024 * 1024)
/* IRQ lines whose level is cached (only changes are reported). */
#define QTEST_IRQ_LINES 256

typedef struct QTestState QTestState;

/*
 * Create the server for @ms and attach it to @chr (NULL: no I/O, for
 * in-process use; asynchronous IRQ lines are then dropped).  @log_path is
 * the -qtest-log value: NULL logs to stderr, "none" disables logging,
 * anything else is a file (truncated).  Fails when @ms already has a server
 * or the log cannot be opened.
 */
QTestState *qtest_server_new(MachineState *ms, Chardev *chr,
                             const char *log_path, Error **errp);
/* Detach and free; NULL is ignored.  Clears ms->qtest. */
void qtest_server_free(QTestState *s);

/*
 * Run one request line (without its LF; a trailing CR is kept, as QEMU
 * does).  Every reply line, "...\n" terminated, is appended to @reply,
 * including any "IRQ raise/lower N" lines the command caused (they come
 * first).  Never aborts on malformed input: it answers "FAIL <reason>".
 */
void qtest_server_process_line(QTestState *s, const char *line,
                               GString *reply);

/*
 * Feed raw bytes as they come from the chardev: buffered, split on LF, each
 * complete line processed.  Replies are appended to @reply.  A line holding
 * a NUL byte, or longer than the line limit (twice the transfer bound plus
 * slack), is answered with FAIL and otherwise ignored.
 */
void qtest_server_feed(QTestState *s, const uint8_t *buf, size_t len,
                       GString *reply);

/*
 * Connection events (the chardev event handler): OPENED clears the IRQ
 * level cache, drops partial input and restarts the log clock; CLOSED logs
 * and drops partial input.  Public for tests.
 */
void qtest_server_event(QTestState *s, ChardevEvent event);

/* Lower the transfer bound (fuzzing, tests); 0 keeps the default. */
void qtest_server_set_max_transfer(QTestState *s, uint64_t bytes);

/* accel/qtest/qtest-accel.c */
extern const TypeInfo qtest_accel_type_info;

#endif
