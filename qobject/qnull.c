/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QNull: the one shared null value.  It is const (read-only memory):
 * qobject_ref()/qobject_unref() recognise QTYPE_QNULL and leave it alone.
 */
#include "qemu/osdep.h"
#include "qobject/qnull.h"

static const QNull qnull_singleton = {
    .base = { .type = QTYPE_QNULL, .refcnt = 1 },
};

QNull *qnull(void)
{
    /* Never written through: see qobject_ref_impl(). */
    return (QNull *)&qnull_singleton;
}
