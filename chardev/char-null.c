/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * null backend: output is discarded, no input ever arrives.  The stream is
 * open from creation, so front ends get OPENED.
 */
#include "qemu/osdep.h"
#include "chardev/char.h"
#include "char-internal.h"

static bool null_open(Chardev *chr, ChardevOptions *o, Error **errp)
{
    chardev_set_filename(chr, "null");
    return true;
}

static ssize_t null_write(Chardev *chr, const uint8_t *buf, size_t len)
{
    return len;
}

const ChardevOps chardev_null_ops = {
    .name = "null",
    .open = null_open,
    .write = null_write,
};
