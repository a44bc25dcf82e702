/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Arm PrimeCell PL011 UART ("pl011"); the device is described in
 * hw/char/pl011.c.  Boards create it with sysbus_create_simple() and set
 * "chardev" (or leave it to pick the -serial backend "serial<index>").
 */
#ifndef HW_CHAR_PL011_H
#define HW_CHAR_PL011_H

#define TYPE_PL011 "pl011"

/* UART reference clock the virt board describes in the device tree. */
#define PL011_DEFAULT_CLK_HZ 24000000

extern const TypeInfo pl011_type_info;

#endif
