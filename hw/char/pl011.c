/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Arm PrimeCell UART PL011 ("pl011"), revision r1p1 as seen by software
 * (16-entry FIFOs, peripheral ID 0x00141011).
 *
 * Interface:
 *   MMIO 0:     4 KiB of registers, 1/2/4-byte accesses (a narrow read
 *               sees the bytes of the 32-bit register it falls in;
 *               narrow writes must be at the register's offset)
 *   IRQ 0:      UARTINTR, the OR of the masked interrupt status (MIS)
 *   Clock:      UARTCLK "clock-frequency" Hz (default 24 MHz); only the
 *               receive timeout (32 bit periods) depends on it
 *   Properties: chardev (backend id; unset: the -serial backend
 *               "serial<index>", looked up at realize and at each reset),
 *               index (default 0), clock-frequency
 *
 * Registers (reset value): DR (data + FE/PE/BE/OE bits 8..11 on read),
 * RSR/ECR (0), FR (0x90: TXFE|RXFE), ILPR (0), IBRD (0), FBRD (0),
 * LCR_H (0), CR (0x300: TXE|RXE), IFLS (0x12), IMSC (0), RIS (0), MIS,
 * ICR, DMACR (0, stored; DMA not modelled), IDs at 0xFE0..0xFFC.
 *
 * Transmission is instant: a byte written to DR goes to the chardev (to
 * the receive FIFO in loopback, CR.LBE) and the transmit FIFO is empty
 * again, so TXRIS is set after every write until ICR clears it.  The
 * receive FIFO holds 16 entries with LCR_H.FEN set, one without.  RXRIS
 * is set when the FIFO fill reaches the IFLS trigger (1 without FIFO) and
 * cleared when reads take it below; RTRIS is set when data has waited 32
 * bit periods (IBRD/FBRD at UARTCLK) on the virtual clock, cleared when
 * the FIFO empties.  A byte arriving at a full FIFO is lost and sets OE.
 * A chardev break delivers a NUL with BE.  The receiver accepts data only
 * with CR.UARTEN and CR.RXE set.  Modem lines are not modelled (FR.CTS,
 * DSR, DCD, RI read 0).
 */
#include "qemu/osdep.h"
#include "hw/core/sysbus.h"
#include "hw/char/pl011.h"
#include "hw/char/serial.h"
#include "hw/core/machine.h"
#include "chardev/char.h"
#include "qemu/timer.h"
#include "qemu/log.h"
#include "trace-hw_char.h"

#define PL011_FIFO_DEPTH 16

enum {
    PL011_DR = 0x00, PL011_RSR = 0x04, PL011_FR = 0x18, PL011_ILPR = 0x20,
    PL011_IBRD = 0x24, PL011_FBRD = 0x28, PL011_LCRH = 0x2c,
    PL011_CR = 0x30, PL011_IFLS = 0x34, PL011_IMSC = 0x38,
    PL011_RIS = 0x3c, PL011_MIS = 0x40, PL011_ICR = 0x44,
    PL011_DMACR = 0x48, PL011_ID = 0xfe0,
};

/* FR */
#define FR_BUSY  (1u << 3)
#define FR_RXFE  (1u << 4)
#define FR_TXFF  (1u << 5)
#define FR_RXFF  (1u << 6)
#define FR_TXFE  (1u << 7)
/* LCR_H */
#define LCRH_FEN (1u << 4)
/* CR */
#define CR_UARTEN (1u << 0)
#define CR_LBE   (1u << 7)
#define CR_TXE   (1u << 8)
#define CR_RXE   (1u << 9)
/* Interrupt bits (IMSC, RIS, MIS, ICR) */
#define INT_RX   (1u << 4)
#define INT_TX   (1u << 5)
#define INT_RT   (1u << 6)
#define INT_FE   (1u << 7)
#define INT_PE   (1u << 8)
#define INT_BE   (1u << 9)
#define INT_OE   (1u << 10)
#define INT_ALL  0x7ffu
/* Error bits of DR (read) and RSR */
#define DR_BE    (1u << 10)
#define RSR_OE   (1u << 3)

typedef struct PL011State {
    SysBusDevice parent_obj;
    MemoryRegion iomem;
    qemu_irq irq;
    Chardev *chr;
    QEMUClocks *clocks;
    QEMUTimer *rt_timer;

    char *chardev;              /* properties */
    uint32_t index;
    uint32_t clk_hz;

    uint16_t rx_fifo[PL011_FIFO_DEPTH];   /* data | error bits << 8 */
    uint8_t rx_head, rx_count;
    uint8_t rsr, ilpr, lcrh, ifls, fbrd;
    uint16_t ibrd, cr, imsc, ris, dmacr;
} PL011State;

#define PL011(obj) OBJECT_CHECK(PL011State, (obj), TYPE_PL011)

static const uint8_t pl011_id[8] = {
    0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1
};

static void pl011_update_irq(PL011State *s)
{
    qemu_set_irq(s->irq, (s->ris & s->imsc) != 0);
}

static unsigned pl011_depth(PL011State *s)
{
    return (s->lcrh & LCRH_FEN) ? PL011_FIFO_DEPTH : 1;
}

/* IFLS.RXIFLSEL: 1/8, 1/4, 1/2, 3/4, 7/8 full; 1 entry without FIFO. */
static unsigned pl011_rx_trigger(PL011State *s)
{
    static const uint8_t eighths[8] = { 1, 2, 4, 6, 7, 7, 7, 7 };

    if (!(s->lcrh & LCRH_FEN)) {
        return 1;
    }
    return PL011_FIFO_DEPTH * eighths[(s->ifls >> 3) & 7] / 8;
}

/* 32 bit periods; a bit lasts 16 * (IBRD + FBRD / 64) UARTCLK cycles. */
static int64_t pl011_timeout_ns(PL011State *s)
{
    uint64_t div64 = (uint64_t)s->ibrd * 64 + s->fbrd;

    if (!div64) {
        div64 = 64;
    }
    return 32 * div64 * NANOSECONDS_PER_SECOND / (4ull * s->clk_hz);
}

/* The FIFO has room again: let the backend send more. */
static void pl011_kick_backend(PL011State *s)
{
    if (s->chr) {
        chardev_accept_input(s->chr);
    }
}

static void pl011_rt_cb(void *opaque)
{
    PL011State *s = opaque;

    if (s->rx_count) {
        s->ris |= INT_RT;
        pl011_update_irq(s);
    }
}

static void pl011_rx_flush(PL011State *s)
{
    s->rx_head = 0;
    s->rx_count = 0;
    s->ris &= ~(INT_RX | INT_RT);
    timer_del(s->rt_timer);
}

/* One character arrives (chardev, loopback or break). */
static void pl011_put_rx(PL011State *s, uint16_t val)
{
    if (s->rx_count >= pl011_depth(s)) {
        s->rsr |= RSR_OE;
        s->ris |= INT_OE;
        return;
    }
    s->rx_fifo[(s->rx_head + s->rx_count) % PL011_FIFO_DEPTH] = val;
    s->rx_count++;
    if (val & DR_BE) {
        s->ris |= INT_BE;
    }
    if (s->rx_count >= pl011_rx_trigger(s)) {
        s->ris |= INT_RX;
    }
    timer_mod_ns(s->rt_timer, qemu_clock_get_ns(s->clocks, QEMU_CLOCK_VIRTUAL)
                 + pl011_timeout_ns(s));
}

static uint32_t pl011_read_dr(PL011State *s)
{
    uint16_t val;

    if (!s->rx_count) {
        return 0;
    }
    val = s->rx_fifo[s->rx_head];
    s->rx_head = (s->rx_head + 1) % PL011_FIFO_DEPTH;
    s->rx_count--;
    /* RSR keeps FE, PE, BE of the last character; OE is sticky. */
    s->rsr = (s->rsr & RSR_OE) | ((val >> 8) & 7);
    if (s->rx_count < pl011_rx_trigger(s)) {
        s->ris &= ~INT_RX;
    }
    if (!s->rx_count) {
        s->ris &= ~INT_RT;
        timer_del(s->rt_timer);
    }
    if (s->rsr & RSR_OE) {
        val |= RSR_OE << 8;
    }
    pl011_kick_backend(s);
    return val;
}

static void pl011_write_dr(PL011State *s, uint8_t ch)
{
    if ((s->cr & (CR_UARTEN | CR_TXE)) != (CR_UARTEN | CR_TXE)) {
        qemu_log_mask(LOG_GUEST_ERROR, "pl011: data written to a disabled "
                      "transmitter (CR 0x%x)\n", s->cr);
    }
    if (s->cr & CR_LBE) {
        if ((s->cr & (CR_UARTEN | CR_RXE)) == (CR_UARTEN | CR_RXE)) {
            pl011_put_rx(s, ch);
        }
    } else if (s->chr) {
        chardev_write_all(s->chr, &ch, 1);
    }
    s->ris |= INT_TX;
}

static uint32_t pl011_read_fr(PL011State *s)
{
    uint32_t fr = FR_TXFE;

    if (!s->rx_count) {
        fr |= FR_RXFE;
    }
    if (s->rx_count >= pl011_depth(s)) {
        fr |= FR_RXFF;
    }
    return fr;
}

static uint32_t pl011_reg_read(PL011State *s, hwaddr reg)
{
    switch (reg) {
    case PL011_DR:
        return pl011_read_dr(s);
    case PL011_RSR:
        return s->rsr;
    case PL011_FR:
        return pl011_read_fr(s);
    case PL011_ILPR:
        return s->ilpr;
    case PL011_IBRD:
        return s->ibrd;
    case PL011_FBRD:
        return s->fbrd;
    case PL011_LCRH:
        return s->lcrh;
    case PL011_CR:
        return s->cr;
    case PL011_IFLS:
        return s->ifls;
    case PL011_IMSC:
        return s->imsc;
    case PL011_RIS:
        return s->ris;
    case PL011_MIS:
        return s->ris & s->imsc;
    case PL011_DMACR:
        return s->dmacr;
    case PL011_ID ... PL011_ID + 0x1c:
        return pl011_id[(reg - PL011_ID) >> 2];
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "pl011: read of unknown register "
                      "0x%" HWADDR_PRIx "\n", reg);
        return 0;
    }
}

static uint64_t pl011_read(void *opaque, hwaddr off, unsigned size)
{
    PL011State *s = opaque;
    uint32_t val = pl011_reg_read(s, off & ~3ull);

    trace_pl011_read(off, val);
    pl011_update_irq(s);
    return val >> (8 * (off & 3));
}

static void pl011_write_lcrh(PL011State *s, uint32_t val)
{
    if ((s->lcrh ^ val) & LCRH_FEN) {
        pl011_rx_flush(s);
    }
    s->lcrh = val & 0xff;
}

static void pl011_reg_write(PL011State *s, hwaddr reg, uint32_t val)
{
    switch (reg) {
    case PL011_DR:
        pl011_write_dr(s, val);
        break;
    case PL011_RSR:
        s->rsr = 0;
        break;
    case PL011_ILPR:
        s->ilpr = val;
        break;
    case PL011_IBRD:
        s->ibrd = val;
        break;
    case PL011_FBRD:
        s->fbrd = val & 0x3f;
        break;
    case PL011_LCRH:
        pl011_write_lcrh(s, val);
        break;
    case PL011_CR:
        s->cr = val & 0xff87;
        pl011_kick_backend(s);
        break;
    case PL011_IFLS:
        s->ifls = val & 0x3f;
        break;
    case PL011_IMSC:
        s->imsc = val & INT_ALL;
        break;
    case PL011_ICR:
        s->ris &= ~val;
        break;
    case PL011_DMACR:
        s->dmacr = val & 7;
        if (s->dmacr) {
            qemu_log_mask(LOG_UNIMP, "pl011: DMA is not implemented\n");
        }
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "pl011: write to read-only or "
                      "unknown register 0x%" HWADDR_PRIx "\n", reg);
        break;
    }
}

static void pl011_write(void *opaque, hwaddr off, uint64_t val, unsigned size)
{
    PL011State *s = opaque;

    trace_pl011_write(off, val);
    if (off & 3) {
        qemu_log_mask(LOG_GUEST_ERROR, "pl011: unaligned write at 0x%"
                      HWADDR_PRIx "\n", off);
        return;
    }
    pl011_reg_write(s, off, val);
    pl011_update_irq(s);
}

static const MemoryRegionOps pl011_ops = {
    .read = pl011_read,
    .write = pl011_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
};

/* ---- chardev side ---- */

static int pl011_can_receive(void *opaque)
{
    PL011State *s = opaque;

    if ((s->cr & (CR_UARTEN | CR_RXE)) != (CR_UARTEN | CR_RXE) ||
        (s->cr & CR_LBE)) {
        return 0;
    }
    return pl011_depth(s) - s->rx_count;
}

static void pl011_receive(void *opaque, const uint8_t *buf, int len)
{
    PL011State *s = opaque;

    for (int i = 0; i < len; i++) {
        pl011_put_rx(s, buf[i]);
    }
    pl011_update_irq(s);
}

static void pl011_event(void *opaque, ChardevEvent event)
{
    PL011State *s = opaque;

    if (event == CHR_EVENT_BREAK) {
        pl011_put_rx(s, DR_BE);
        pl011_update_irq(s);
    }
}

static void pl011_set_chr(PL011State *s, Chardev *chr)
{
    s->chr = chr;
    chardev_set_handlers(chr, pl011_can_receive, pl011_receive, pl011_event,
                         s);
}

/* The -serial backend for our index, unless chardev= chose one. */
static void pl011_attach_hd(PL011State *s)
{
    Chardev *chr;

    if (s->chr || (s->chardev && *s->chardev)) {
        return;
    }
    chr = serial_hd(machine_of(OBJECT(s)), s->index);
    if (chr && !chardev_is_busy(chr)) {
        pl011_set_chr(s, chr);
    }
}

static bool pl011_attach(PL011State *s, Error **errp)
{
    Chardev *chr;

    if (!s->chardev || !*s->chardev) {
        pl011_attach_hd(s);
        return true;
    }
    chr = chardev_find(machine_of(OBJECT(s))->chardevs, s->chardev);
    if (!chr) {
        error_setg(errp, "Property 'pl011.chardev' can't find value '%s'",
                   s->chardev);
        return false;
    }
    if (chardev_is_busy(chr)) {
        error_setg(errp, "Property 'pl011.chardev' can't take value '%s', "
                   "it's in use", s->chardev);
        return false;
    }
    pl011_set_chr(s, chr);
    return true;
}

/* ---- device ---- */

static MemoryRegion *pl011_mmio(SysBusDevice *sbd, int n)
{
    return n == 0 ? &PL011(sbd)->iomem : NULL;
}

static void pl011_init(Object *obj)
{
    PL011State *s = PL011(obj);

    memory_region_init_io(&s->iomem, s, &pl011_ops, s, "pl011", 0x1000);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq);
}

static void pl011_finalize(Object *obj)
{
    memory_region_finalize(&PL011(obj)->iomem);
}

static bool pl011_realize(DeviceState *dev, Error **errp)
{
    PL011State *s = PL011(dev);

    if (!s->clk_hz) {
        error_setg(errp, "pl011: clock-frequency must not be 0");
        return false;
    }
    s->clocks = machine_of(OBJECT(dev))->clocks;
    if (!pl011_attach(s, errp)) {
        return false;
    }
    s->rt_timer = timer_new_ns(s->clocks, QEMU_CLOCK_VIRTUAL, pl011_rt_cb, s);
    return true;
}

static void pl011_unrealize(DeviceState *dev)
{
    PL011State *s = PL011(dev);

    if (s->chr) {
        chardev_remove_handlers(s->chr, s);
        s->chr = NULL;
    }
    timer_free(s->rt_timer);
    s->rt_timer = NULL;
}

static void pl011_reset_enter(DeviceState *dev)
{
    PL011State *s = PL011(dev);

    pl011_rx_flush(s);
    s->rsr = 0;
    s->ilpr = 0;
    s->ibrd = 0;
    s->fbrd = 0;
    s->lcrh = 0;
    s->cr = CR_RXE | CR_TXE;
    s->ifls = 0x12;
    s->imsc = 0;
    s->ris = 0;
    s->dmacr = 0;
}

static void pl011_reset_hold(DeviceState *dev)
{
    PL011State *s = PL011(dev);

    /* -serial backends are made after the board: look again at reset */
    pl011_attach_hd(s);
    pl011_update_irq(s);
}

static void pl011_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = pl011_realize;
    dc->unrealize = pl011_unrealize;
    dc->reset_enter = pl011_reset_enter;
    dc->reset_hold = pl011_reset_hold;
    dc->category = DEVICE_CATEGORY_MISC;
    SYS_BUS_DEVICE_CLASS(oc)->mmio = pl011_mmio;
}

static const Property pl011_props[] = {
    DEFINE_PROP_STRING("chardev", PL011State, chardev,
                       "ID of a chardev to use as a backend"),
    DEFINE_PROP_UINT32("index", PL011State, index, 0,
                       "-serial backend to use when chardev is unset"),
    DEFINE_PROP_UINT32("clock-frequency", PL011State, clk_hz,
                       PL011_DEFAULT_CLK_HZ, "UARTCLK in Hz"),
    DEFINE_PROP_END_OF_LIST(),
};

const TypeInfo pl011_type_info = {
    .name = TYPE_PL011,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(PL011State),
    .instance_init = pl011_init,
    .instance_finalize = pl011_finalize,
    .class_init = pl011_class_init,
    .props = pl011_props,
    .desc = "Arm PrimeCell PL011 UART",
};
