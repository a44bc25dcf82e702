/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The first include of every .c file: standard C, POSIX, GLib and the
 * project-wide types.  Guest addresses are always 64-bit (hwaddr, vaddr):
 * common code never uses a target-sized type.
 */
#ifndef QEMU_OSDEP_H
#define QEMU_OSDEP_H

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <glib.h>

#include "qemu/compiler.h"
#include "qapi/error.h"

typedef uint64_t hwaddr;        /* guest physical address */
typedef uint64_t vaddr;         /* guest virtual address */

#define HWADDR_PRIx PRIx64
#define HWADDR_MAX  UINT64_MAX

#endif
