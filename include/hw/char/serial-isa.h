/* SPDX-License-Identifier: GPL-2.0-or-later */
/* "isa-serial": the 16550A on the ISA bus (contract in serial-isa.c). */
#ifndef HW_CHAR_SERIAL_ISA_H
#define HW_CHAR_SERIAL_ISA_H

#include "hw/isa/isa.h"

#define TYPE_ISA_SERIAL "isa-serial"
#define MAX_ISA_SERIAL_PORTS 4

#endif
