/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The single system binary: qemu-system-<target> names link here. */
#include "qemu/osdep.h"
#include "system/vl.h"

int main(int argc, char **argv)
{
    return qemu_main(argc, argv);
}
