/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The 8254 PIT; the device contract is in hw/timer/i8254.c. */
#ifndef HW_TIMER_I8254_H
#define HW_TIMER_I8254_H

#include "hw/isa/isa.h"

#define TYPE_I8254 "isa-pit"
#define PIT_FREQ 1193182

#endif
