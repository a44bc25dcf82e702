/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Motorola MC146818 real-time clock and CMOS RAM ("mc146818rtc").
 *
 * Interface:
 *   I/O ports:  iobase+0 index (bits 0-6; bit 7 = NMI disable, stored),
 *               reads 0xff; iobase+1 data of the indexed byte
 *   IRQ:        ISA IRQ "irq" (8), high while REG_C.IRQF is set
 *   Clock:      the time advances with the virtual clock from the host
 *               UTC time at realize (whole seconds: second boundaries fall
 *               on multiples of 1 s of virtual time after realize)
 *   Properties: iobase (0x70), irq (8), base_year (0)
 *   Functions:  mc146818rtc_set/get_cmos_data() for the board
 *
 * Registers: 0/2/4 seconds/minutes/hours (12/24 h), 1/3/5 their alarms
 * (0xc0-0xff = don't care), 6 day of week (1 = Sunday), 7 day, 8 month,
 * 9 year, 0x32 century; BCD or binary per REG_B.DM.  REG_A: UIP (set in
 * the last 244 us before an update), divider (010 = running; others halt
 * the clock, restarting 500 ms before the next update), rate select.
 * REG_B: SET (halts updates, clears UIE), PIE, AIE, UIE, SQWE (stored),
 * DM, 24/12, DSE (stored, no daylight saving).  REG_C: IRQF, PF, AF, UF,
 * cleared by reading.  REG_D: VRT, always 0x80.  Other bytes are RAM.
 * Update-ended and alarm flags are set at each second boundary; the
 * periodic flag at the REG_A rate while PIE is set.
 *
 * Reset values: at realize REG_A 0x26, REG_B 0x02, REG_C 0, REG_D 0x80,
 * RAM zero; a device reset clears PIE, AIE, UIE and SQWE and the REG_C
 * flags, keeping the time and the RAM.
 */
#include "qemu/osdep.h"
#include "hw/rtc/mc146818rtc.h"
#include "hw/core/machine.h"
#include "qemu/timer.h"
#include "qemu/log.h"
#include "trace-hw_rtc.h"
#include <time.h>

#define RTC_SECONDS 0
#define RTC_SECONDS_ALARM 1
#define RTC_MINUTES 2
#define RTC_MINUTES_ALARM 3
#define RTC_HOURS 4
#define RTC_HOURS_ALARM 5
#define RTC_DAY_OF_WEEK 6
#define RTC_DAY_OF_MONTH 7
#define RTC_MONTH 8
#define RTC_YEAR 9
#define RTC_REG_A 10
#define RTC_REG_B 11
#define RTC_REG_C 12
#define RTC_REG_D 13
#define RTC_CENTURY 0x32

#define REG_A_UIP 0x80
#define REG_A_DV_MASK 0x70
#define REG_A_DV_RUN 0x20
#define REG_B_SET 0x80
#define REG_B_PIE 0x40
#define REG_B_AIE 0x20
#define REG_B_UIE 0x10
#define REG_B_SQWE 0x08
#define REG_B_DM 0x04
#define REG_B_24H 0x02
#define REG_C_IRQF 0x80
#define REG_C_PF 0x40
#define REG_C_AF 0x20
#define REG_C_UF 0x10
#define REG_C_FLAGS 0x70
#define REG_D_VRT 0x80

#define RTC_UIP_NS 244000
#define RTC_HZ 32768

typedef struct RTCState {
    ISADevice parent_obj;
    MemoryRegion io;
    QEMUClocks *clocks;
    QEMUTimer *update_timer;    /* second boundaries: UF, AF */
    QEMUTimer *periodic_timer;  /* PF */
    qemu_irq irq;
    uint32_t iobase;
    uint32_t isairq;
    int32_t base_year;

    uint8_t cmos[RTC_CMOS_SIZE];
    uint8_t index;
    bool nmi_disabled;
    int64_t base_rtc;           /* guest time (s) at base_vclock */
    int64_t base_vclock;        /* virtual ns of a second boundary */
} RTCState;

#define MC146818_RTC(obj) OBJECT_CHECK(RTCState, (obj), TYPE_MC146818_RTC)

static int64_t rtc_now(RTCState *s)
{
    return qemu_clock_get_ns(s->clocks, QEMU_CLOCK_VIRTUAL);
}

static bool rtc_divider_running(RTCState *s)
{
    return (s->cmos[RTC_REG_A] & REG_A_DV_MASK) == REG_A_DV_RUN;
}

/* The clock is counting (not halted by SET or the divider). */
static bool rtc_running(RTCState *s)
{
    return rtc_divider_running(s) && !(s->cmos[RTC_REG_B] & REG_B_SET);
}

static void rtc_update_irq(RTCState *s)
{
    if (s->cmos[RTC_REG_C] & s->cmos[RTC_REG_B] & REG_C_FLAGS) {
        s->cmos[RTC_REG_C] |= REG_C_IRQF;
    } else {
        s->cmos[RTC_REG_C] &= ~REG_C_IRQF;
    }
    trace_rtc_irq(!!(s->cmos[RTC_REG_C] & REG_C_IRQF));
    qemu_set_irq(s->irq, !!(s->cmos[RTC_REG_C] & REG_C_IRQF));
}

static uint8_t rtc_to_reg(RTCState *s, int v)
{
    return (s->cmos[RTC_REG_B] & REG_B_DM) ? v : ((v / 10) << 4) | v % 10;
}

static int rtc_from_reg(RTCState *s, uint8_t v)
{
    return (s->cmos[RTC_REG_B] & REG_B_DM) ? v : (v >> 4) * 10 + (v & 15);
}

static uint8_t rtc_hour_to_reg(RTCState *s, int hour)
{
    int h12 = hour % 12 ? hour % 12 : 12;

    if (s->cmos[RTC_REG_B] & REG_B_24H) {
        return rtc_to_reg(s, hour);
    }
    return rtc_to_reg(s, h12) | (hour >= 12 ? 0x80 : 0);
}

static int rtc_hour_from_reg(RTCState *s, uint8_t v)
{
    if (s->cmos[RTC_REG_B] & REG_B_24H) {
        return rtc_from_reg(s, v);
    }
    return rtc_from_reg(s, v & 0x7f) % 12 + ((v & 0x80) ? 12 : 0);
}

/* Nanoseconds since the last second boundary (the divider phase). */
static int64_t rtc_phase_ns(RTCState *s, int64_t now)
{
    int64_t r = (now - s->base_vclock) % NANOSECONDS_PER_SECOND;

    return r < 0 ? r + NANOSECONDS_PER_SECOND : r;
}

static int64_t rtc_guest_seconds(RTCState *s, int64_t now)
{
    return s->base_rtc + (now - s->base_vclock - rtc_phase_ns(s, now)) /
           NANOSECONDS_PER_SECOND;
}

/* Write the time at @now into the time registers (running clock only). */
static void rtc_sync_regs(RTCState *s, int64_t now)
{
    time_t t = rtc_guest_seconds(s, now);
    struct tm tm;
    int year;

    gmtime_r(&t, &tm);
    year = tm.tm_year + 1900 - s->base_year;
    s->cmos[RTC_SECONDS] = rtc_to_reg(s, tm.tm_sec);
    s->cmos[RTC_MINUTES] = rtc_to_reg(s, tm.tm_min);
    s->cmos[RTC_HOURS] = rtc_hour_to_reg(s, tm.tm_hour);
    s->cmos[RTC_DAY_OF_WEEK] = rtc_to_reg(s, tm.tm_wday + 1);
    s->cmos[RTC_DAY_OF_MONTH] = rtc_to_reg(s, tm.tm_mday);
    s->cmos[RTC_MONTH] = rtc_to_reg(s, tm.tm_mon + 1);
    s->cmos[RTC_YEAR] = rtc_to_reg(s, year % 100);
    s->cmos[RTC_CENTURY] = rtc_to_reg(s, year / 100);
}

/* Take the time registers as the guest time at the boundary @boundary. */
static void rtc_regs_to_base(RTCState *s, int64_t boundary)
{
    struct tm tm = { 0 };

    tm.tm_sec = rtc_from_reg(s, s->cmos[RTC_SECONDS]);
    tm.tm_min = rtc_from_reg(s, s->cmos[RTC_MINUTES]);
    tm.tm_hour = rtc_hour_from_reg(s, s->cmos[RTC_HOURS]);
    tm.tm_mday = rtc_from_reg(s, s->cmos[RTC_DAY_OF_MONTH]);
    tm.tm_mon = rtc_from_reg(s, s->cmos[RTC_MONTH]) - 1;
    tm.tm_year = rtc_from_reg(s, s->cmos[RTC_YEAR]) + s->base_year +
                 rtc_from_reg(s, s->cmos[RTC_CENTURY]) * 100 - 1900;
    s->base_rtc = timegm(&tm);
    s->base_vclock = boundary;
}

static void rtc_arm_update(RTCState *s, int64_t now)
{
    if (!rtc_running(s)) {
        timer_del(s->update_timer);
        return;
    }
    timer_mod_ns(s->update_timer,
                 now - rtc_phase_ns(s, now) + NANOSECONDS_PER_SECOND);
}

static void rtc_arm_periodic(RTCState *s, int64_t now)
{
    int rate = s->cmos[RTC_REG_A] & 0x0f;
    uint64_t period, ticks, next;

    if (!rate || !rtc_divider_running(s) ||
        !(s->cmos[RTC_REG_B] & REG_B_PIE)) {
        timer_del(s->periodic_timer);
        return;
    }
    if (rate <= 2) {
        rate += 7;              /* rates 1 and 2 alias 8 and 9 */
    }
    period = 1ULL << (rate - 1);        /* in 32768 Hz ticks */
    ticks = (unsigned __int128)(now - s->base_vclock) * RTC_HZ /
            NANOSECONDS_PER_SECOND;
    next = (ticks / period + 1) * period;
    timer_mod_ns(s->periodic_timer, s->base_vclock +
                 (int64_t)(((unsigned __int128)next *
                            NANOSECONDS_PER_SECOND + RTC_HZ - 1) / RTC_HZ));
}

static bool rtc_alarm_matches(uint8_t alarm, uint8_t now)
{
    return (alarm & 0xc0) == 0xc0 || alarm == now;
}

static void rtc_update_cb(void *opaque)
{
    RTCState *s = opaque;
    int64_t now = rtc_now(s);

    rtc_sync_regs(s, now);
    s->cmos[RTC_REG_C] |= REG_C_UF;
    if (rtc_alarm_matches(s->cmos[RTC_SECONDS_ALARM], s->cmos[RTC_SECONDS]) &&
        rtc_alarm_matches(s->cmos[RTC_MINUTES_ALARM], s->cmos[RTC_MINUTES]) &&
        rtc_alarm_matches(s->cmos[RTC_HOURS_ALARM], s->cmos[RTC_HOURS])) {
        s->cmos[RTC_REG_C] |= REG_C_AF;
    }
    rtc_update_irq(s);
    rtc_arm_update(s, now);
}

static void rtc_periodic_cb(void *opaque)
{
    RTCState *s = opaque;

    s->cmos[RTC_REG_C] |= REG_C_PF;
    rtc_update_irq(s);
    rtc_arm_periodic(s, rtc_now(s));
}

static bool rtc_is_time_reg(int index)
{
    return index == RTC_SECONDS || index == RTC_MINUTES ||
           index == RTC_HOURS || (index >= RTC_DAY_OF_WEEK &&
                                  index <= RTC_YEAR) ||
           index == RTC_CENTURY;
}

static void rtc_write_time_reg(RTCState *s, uint8_t val)
{
    int64_t now = rtc_now(s);

    if (!rtc_running(s)) {
        s->cmos[s->index] = val;
        return;
    }
    rtc_sync_regs(s, now);
    s->cmos[s->index] = val;
    rtc_regs_to_base(s, now - rtc_phase_ns(s, now));
}

/*
 * REG_A or REG_B was written.  A halted clock keeps its time in the
 * registers (synced before the write); a restarted one counts on from
 * them: after SET is cleared the next update is 1 s later, after a
 * divider reset 500 ms later.  Then re-arm both timers.
 */
static void rtc_mode_changed(RTCState *s, bool was_running, int64_t now,
                             bool divider_was_running)
{
    if (!was_running && rtc_running(s)) {
        int64_t boundary = now;

        if (!divider_was_running) {
            boundary = now - NANOSECONDS_PER_SECOND / 2;
        }
        rtc_regs_to_base(s, boundary);
    }
    rtc_arm_update(s, now);
    rtc_arm_periodic(s, now);
    rtc_update_irq(s);
}

static void rtc_write_reg(RTCState *s, uint8_t val)
{
    int64_t now = rtc_now(s);
    bool was_running = rtc_running(s);
    bool divider_was_running = rtc_divider_running(s);

    switch (s->index) {
    case RTC_REG_A:
        if (was_running) {
            rtc_sync_regs(s, now);
        }
        s->cmos[RTC_REG_A] = val & ~REG_A_UIP;
        break;
    case RTC_REG_B:
        if (val & REG_B_SET) {
            if (was_running) {
                rtc_sync_regs(s, now);
            }
            val &= ~REG_B_UIE;
        }
        s->cmos[RTC_REG_B] = val;
        break;
    case RTC_REG_C:
    case RTC_REG_D:
        qemu_log_mask(LOG_GUEST_ERROR, "mc146818rtc: write to read-only "
                      "register 0x%x\n", s->index);
        return;
    default:
        if (rtc_is_time_reg(s->index)) {
            rtc_write_time_reg(s, val);
            rtc_arm_update(s, now);
        } else {
            s->cmos[s->index] = val;
        }
        return;
    }
    rtc_mode_changed(s, was_running, now, divider_was_running);
}

static uint8_t rtc_read_reg(RTCState *s)
{
    int64_t now = rtc_now(s);
    uint8_t ret;

    switch (s->index) {
    case RTC_REG_A:
        ret = s->cmos[RTC_REG_A];
        if (rtc_running(s) &&
            rtc_phase_ns(s, now) >= NANOSECONDS_PER_SECOND - RTC_UIP_NS) {
            ret |= REG_A_UIP;
        }
        return ret;
    case RTC_REG_C:
        ret = s->cmos[RTC_REG_C];
        s->cmos[RTC_REG_C] = 0;
        rtc_update_irq(s);
        return ret;
    case RTC_REG_D:
        return REG_D_VRT;
    default:
        if (rtc_is_time_reg(s->index) && rtc_running(s)) {
            rtc_sync_regs(s, now);
        }
        return s->cmos[s->index];
    }
}

static uint64_t rtc_io_read(void *opaque, hwaddr addr, unsigned size)
{
    RTCState *s = opaque;
    uint8_t val;

    if (addr == 0) {
        return 0xff;
    }
    val = rtc_read_reg(s);
    trace_rtc_read(s->index, val);
    return val;
}

static void rtc_io_write(void *opaque, hwaddr addr, uint64_t val,
                         unsigned size)
{
    RTCState *s = opaque;

    if (addr == 0) {
        s->index = val & 0x7f;
        s->nmi_disabled = val & 0x80;
    } else {
        trace_rtc_write(s->index, val);
        rtc_write_reg(s, val);
    }
}

static const MemoryRegionOps rtc_io_ops = {
    .read = rtc_io_read,
    .write = rtc_io_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = { .min_access_size = 1, .max_access_size = 1 },
};

void mc146818rtc_set_cmos_data(DeviceState *rtc, int addr, uint8_t val)
{
    g_assert(addr >= 0 && addr < RTC_CMOS_SIZE);
    MC146818_RTC(rtc)->cmos[addr] = val;
}

uint8_t mc146818rtc_get_cmos_data(DeviceState *rtc, int addr)
{
    g_assert(addr >= 0 && addr < RTC_CMOS_SIZE);
    return MC146818_RTC(rtc)->cmos[addr];
}

bool mc146818rtc_nmi_disabled(DeviceState *rtc)
{
    return MC146818_RTC(rtc)->nmi_disabled;
}

static bool rtc_realize(DeviceState *dev, Error **errp)
{
    RTCState *s = MC146818_RTC(dev);
    ISADevice *isa = ISA_DEVICE(dev);

    if (!isa_check_irq(isa, s->isairq, errp)) {
        return false;
    }
    s->clocks = machine_of(OBJECT(dev))->clocks;
    s->irq = isa_get_irq(isa, s->isairq);
    s->update_timer = timer_new_ns(s->clocks, QEMU_CLOCK_VIRTUAL,
                                   rtc_update_cb, s);
    s->periodic_timer = timer_new_ns(s->clocks, QEMU_CLOCK_VIRTUAL,
                                     rtc_periodic_cb, s);
    s->cmos[RTC_REG_A] = 0x26;
    s->cmos[RTC_REG_B] = REG_B_24H;
    s->cmos[RTC_REG_D] = REG_D_VRT;
    s->base_rtc = qemu_clock_get_ns(s->clocks, QEMU_CLOCK_HOST) /
                  NANOSECONDS_PER_SECOND;
    s->base_vclock = rtc_now(s);
    rtc_sync_regs(s, s->base_vclock);
    memory_region_init_io(&s->io, s, &rtc_io_ops, s, "rtc", 2);
    isa_register_ioport(isa, &s->io, s->iobase);
    return true;
}

static void rtc_unrealize(DeviceState *dev)
{
    RTCState *s = MC146818_RTC(dev);

    isa_unregister_ioport(&s->io);
    timer_free(s->update_timer);
    timer_free(s->periodic_timer);
    s->update_timer = s->periodic_timer = NULL;
}

static void rtc_reset_enter(DeviceState *dev)
{
    RTCState *s = MC146818_RTC(dev);

    s->cmos[RTC_REG_B] &= ~(REG_B_PIE | REG_B_AIE | REG_B_UIE | REG_B_SQWE);
    s->cmos[RTC_REG_C] = 0;
}

static void rtc_reset_hold(DeviceState *dev)
{
    RTCState *s = MC146818_RTC(dev);
    int64_t now = rtc_now(s);

    rtc_arm_update(s, now);
    rtc_arm_periodic(s, now);
    rtc_update_irq(s);
}

static void rtc_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = rtc_realize;
    dc->unrealize = rtc_unrealize;
    dc->reset_enter = rtc_reset_enter;
    dc->reset_hold = rtc_reset_hold;
    dc->category = DEVICE_CATEGORY_MISC;
    dc->user_creatable = false;
}

static const Property rtc_props[] = {
    DEFINE_PROP_UINT32("iobase", RTCState, iobase, 0x70, "I/O base"),
    DEFINE_PROP_UINT32("irq", RTCState, isairq, RTC_ISA_IRQ, "ISA IRQ"),
    DEFINE_PROP_INT32("base_year", RTCState, base_year, 0,
                      "year the century register counts from"),
    DEFINE_PROP_END_OF_LIST(),
};

const TypeInfo mc146818rtc_type_info = {
    .name = TYPE_MC146818_RTC,
    .parent = TYPE_ISA_DEVICE,
    .instance_size = sizeof(RTCState),
    .desc = "MC146818 real-time clock and CMOS RAM",
    .class_init = rtc_class_init,
    .props = rtc_props,
};
