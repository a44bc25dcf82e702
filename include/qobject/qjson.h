/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Converting QObjects from and to JSON text.
 *
 * Output is ASCII only and matches QEMU's QMP output byte for byte:
 * compact form {"return": {}, "id": 1}, or pretty form with 4-space
 * indentation and "\n" line ends (the monitor turns them into CRLF).
 */
#ifndef QOBJECT_QJSON_H
#define QOBJECT_QJSON_H

#include "qobject/qobject.h"

/*
 * Parse exactly one JSON value from the NUL-terminated @string (QMP
 * dialect: single-quoted strings are accepted too).  Returns a new
 * reference, or NULL with @errp set ("JSON parse error, ...") when the
 * text is malformed, empty or holds more than one value.
 */
QObject *qobject_from_json(const char *string, Error **errp);

/* Compact JSON text for @obj: members separated by ", ", pairs by ": ". */
GString *qobject_to_json(const QObject *obj);

/*
 * JSON text for @obj; with @pretty, one member or element per line,
 * indented by 4 spaces per level, and a closing bracket on its own line
 * at the indentation of the line that opened it (so a nested empty
 * object prints as "{\n    }" inside a top-level object).
 */
GString *qobject_to_json_pretty(const QObject *obj, bool pretty);

#endif
