/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The MC146818 CMOS RTC; the device contract is in hw/rtc/mc146818rtc.c. */
#ifndef HW_RTC_MC146818RTC_H
#define HW_RTC_MC146818RTC_H

#include "hw/isa/isa.h"

#define TYPE_MC146818_RTC "mc146818rtc"
#define RTC_ISA_IRQ 8
#define RTC_CMOS_SIZE 128

/* Board access to CMOS RAM bytes (addr 0..127): memory size fields etc. */
void mc146818rtc_set_cmos_data(DeviceState *rtc, int addr, uint8_t val);
uint8_t mc146818rtc_get_cmos_data(DeviceState *rtc, int addr);
/* Bit 7 of the last write to the index port: NMI disabled. */
bool mc146818rtc_nmi_disabled(DeviceState *rtc);

#endif
