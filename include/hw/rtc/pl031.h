/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Arm PrimeCell PL031 real-time clock ("pl031"); the device is described
 * in hw/rtc/pl031.c.
 */
#ifndef HW_RTC_PL031_H
#define HW_RTC_PL031_H

#define TYPE_PL031 "pl031"

extern const TypeInfo pl031_type_info;

#endif
