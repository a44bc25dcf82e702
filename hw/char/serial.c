/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * 16550A UART core, embedded by bus front ends (hw/char/serial-isa.c).
 *
 * Registers (8 bytes, byte access; DLAB = LCR bit 7):
 *   0 RBR (read) / THR (write) / DLL (DLAB)   1 IER / DLM (DLAB)
 *   2 IIR (read) / FCR (write)                3 LCR
 *   4 MCR                                     5 LSR
 *   6 MSR                                     7 SCR
 * IRQ: one output, recomputed by serial_update_irq() from IER and the
 * pending conditions in priority order: line status (OE, BI), character
 * timeout, received data (trigger level reached), THR empty, modem status.
 * FIFOs: 16-byte receive FIFO with trigger levels 1/4/8/14 and the
 * character timeout (4 character times on the virtual clock at the
 * programmed baud rate, 115200 / divisor).  Transmission is immediate:
 * a byte written to THR goes to the chardev (or, in loopback, to the
 * receiver) at once, so THR/TEMT read as empty and the TX FIFO is never
 * observed full.  Loopback (MCR bit 4) also wires RTS->CTS, DTR->DSR,
 * OUT1->RI and OUT2->DCD with their delta bits.  A chardev BREAK event
 * receives a break (BI with a zero byte).  Parity, framing and the DMA mode
 * bit have no effect.
 *
 * Reset values: IER 0, IIR 0x01, LCR 0, MCR 0x08 (OUT2), LSR 0x60 (THRE,
 * TEMT), MSR 0xb0 (DCD, DSR, CTS), SCR 0, FCR 0 (FIFOs off), divisor 12,
 * receive FIFO empty.
 */
#include "qemu/osdep.h"
#include "hw/char/serial.h"
#include "hw/core/machine.h"
#include "qemu/timer.h"
#include "qemu/log.h"
#include "trace-hw_char.h"

#define UART_LCR_DLAB 0x80
#define UART_IER_RDI 0x01
#define UART_IER_THRI 0x02
#define UART_IER_RLSI 0x04
#define UART_IER_MSI 0x08
#define UART_IIR_NO_INT 0x01
#define UART_IIR_MSI 0x00
#define UART_IIR_THRI 0x02
#define UART_IIR_RDI 0x04
#define UART_IIR_RLSI 0x06
#define UART_IIR_CTI 0x0c
#define UART_IIR_FIFO 0xc0
#define UART_FCR_FE 0x01
#define UART_FCR_RFR 0x02
#define UART_FCR_XFR 0x04
#define UART_MCR_LOOP 0x10
#define UART_LSR_DR 0x01
#define UART_LSR_OE 0x02
#define UART_LSR_BI 0x10
#define UART_LSR_THRE 0x20
#define UART_LSR_TEMT 0x40
#define UART_LSR_INT_ANY 0x1e
#define UART_MSR_DELTA 0x0f
#define UART_MSR_TERI 0x04
#define UART_MSR_RI 0x40
#define UART_MSR_DEFAULT 0xb0   /* DCD, DSR, CTS */

static const uint8_t fifo_triggers[4] = { 1, 4, 8, 14 };

static bool serial_fifo_on(SerialState *s)
{
    return s->fcr & UART_FCR_FE;
}

static void serial_update_irq(SerialState *s)
{
    uint8_t iir = UART_IIR_NO_INT;

    if ((s->ier & UART_IER_RLSI) && (s->lsr & UART_LSR_INT_ANY)) {
        iir = UART_IIR_RLSI;
    } else if ((s->ier & UART_IER_RDI) && s->timeout_ipending) {
        iir = UART_IIR_CTI;
    } else if ((s->ier & UART_IER_RDI) && (s->lsr & UART_LSR_DR) &&
               (!serial_fifo_on(s) || s->rx.count >= s->trigger)) {
        iir = UART_IIR_RDI;
    } else if ((s->ier & UART_IER_THRI) && s->thr_ipending) {
        iir = UART_IIR_THRI;
    } else if ((s->ier & UART_IER_MSI) && (s->msr & UART_MSR_DELTA)) {
        iir = UART_IIR_MSI;
    }
    s->iir = iir | (serial_fifo_on(s) ? UART_IIR_FIFO : 0);
    trace_serial_update_irq(s->iir, iir != UART_IIR_NO_INT);
    qemu_set_irq(s->irq, iir != UART_IIR_NO_INT);
}

/* Nanoseconds one character frame takes at the current line settings. */
static int64_t serial_char_ns(SerialState *s)
{
    int bits = 1 + 5 + (s->lcr & 3) + ((s->lcr & 4) ? 2 : 1) +
               ((s->lcr & 8) ? 1 : 0);
    uint16_t div = s->divider ? s->divider : 1;

    return (int64_t)bits * NANOSECONDS_PER_SECOND * div / 115200;
}

/* (Re)start the character timeout while the FIFO holds data. */
static void serial_timeout_rearm(SerialState *s)
{
    int64_t now;

    if (!s->timeout_timer) {
        return;
    }
    if (!serial_fifo_on(s) || !s->rx.count) {
        timer_del(s->timeout_timer);
        return;
    }
    now = qemu_clock_get_ns(s->ms->clocks, QEMU_CLOCK_VIRTUAL);
    timer_mod_ns(s->timeout_timer, now + 4 * serial_char_ns(s));
}

static void serial_timeout_cb(void *opaque)
{
    SerialState *s = opaque;

    s->timeout_ipending = s->rx.count > 0;
    serial_update_irq(s);
}

static void serial_fifo_reset(SerialState *s)
{
    s->rx.head = s->rx.count = 0;
    s->timeout_ipending = false;
    s->lsr &= ~UART_LSR_DR;
    if (s->timeout_timer) {
        timer_del(s->timeout_timer);
    }
}

/* One byte arrives from the line (chardev or loopback). */
static void serial_receive_byte(SerialState *s, uint8_t byte)
{
    if (serial_fifo_on(s)) {
        if (s->rx.count == UART_FIFO_LENGTH) {
            s->lsr |= UART_LSR_OE;
        } else {
            s->rx.data[(s->rx.head + s->rx.count) % UART_FIFO_LENGTH] = byte;
            s->rx.count++;
        }
        s->timeout_ipending = false;
        serial_timeout_rearm(s);
    } else {
        if (s->lsr & UART_LSR_DR) {
            s->lsr |= UART_LSR_OE;
        }
        s->rbr = byte;
    }
    s->lsr |= UART_LSR_DR;
}

static uint8_t serial_read_rbr(SerialState *s)
{
    uint8_t ret;

    if (!serial_fifo_on(s)) {
        s->lsr &= ~(UART_LSR_DR | UART_LSR_BI);
        return s->rbr;
    }
    if (!s->rx.count) {
        return 0;
    }
    ret = s->rx.data[s->rx.head];
    s->rx.head = (s->rx.head + 1) % UART_FIFO_LENGTH;
    s->rx.count--;
    if (!s->rx.count) {
        s->lsr &= ~(UART_LSR_DR | UART_LSR_BI);
    }
    s->timeout_ipending = false;
    serial_timeout_rearm(s);
    if (s->chr) {
        chardev_accept_input(s->chr);
    }
    return ret;
}

/* Modem status inputs: loopback wiring, or fixed DCD/DSR/CTS. */
static void serial_update_msr(SerialState *s)
{
    uint8_t in = UART_MSR_DEFAULT;
    uint8_t changed;

    if (s->mcr & UART_MCR_LOOP) {
        in = (s->mcr & 0x0c) << 4 | (s->mcr & 0x02) << 3 |
             (s->mcr & 0x01) << 5;
    }
    changed = (in ^ s->msr) & 0xf0;
    s->msr = (s->msr & UART_MSR_DELTA) | in;
    s->msr |= (changed & 0xb0) >> 4;            /* DCTS, DDSR, DDCD */
    if ((changed & UART_MSR_RI) && !(in & UART_MSR_RI)) {
        s->msr |= UART_MSR_TERI;                /* trailing edge of RI */
    }
}

static void serial_write_thr(SerialState *s, uint8_t val)
{
    s->thr_ipending = false;
    if (s->mcr & UART_MCR_LOOP) {
        serial_receive_byte(s, val);
    } else if (s->chr) {
        chardev_write_all(s->chr, &val, 1);
    }
    s->lsr |= UART_LSR_THRE | UART_LSR_TEMT;
    s->thr_ipending = true;
}

static void serial_write_fcr(SerialState *s, uint8_t val)
{
    if ((val ^ s->fcr) & UART_FCR_FE) {
        val |= UART_FCR_RFR | UART_FCR_XFR;    /* toggling FE clears both */
    }
    if (val & UART_FCR_RFR) {
        serial_fifo_reset(s);
    }
    s->fcr = (val & UART_FCR_FE) ? (val & 0xc9) : 0;
    s->trigger = fifo_triggers[s->fcr >> 6];
}

static void serial_write_ier(SerialState *s, uint8_t val)
{
    uint8_t old = s->ier;

    s->ier = val & 0x0f;
    if ((s->ier & UART_IER_THRI) && !(old & UART_IER_THRI) &&
        (s->lsr & UART_LSR_THRE)) {
        s->thr_ipending = true;
    }
}

static void serial_io_write(void *opaque, hwaddr addr, uint64_t val,
                            unsigned size)
{
    SerialState *s = opaque;
    bool dlab = s->lcr & UART_LCR_DLAB;

    trace_serial_write(addr, val);
    switch (addr) {
    case 0:
        if (dlab) {
            s->divider = (s->divider & 0xff00) | val;
        } else {
            serial_write_thr(s, val);
        }
        break;
    case 1:
        if (dlab) {
            s->divider = (s->divider & 0x00ff) | val << 8;
        } else {
            serial_write_ier(s, val);
        }
        break;
    case 2:
        serial_write_fcr(s, val);
        break;
    case 3:
        s->lcr = val;
        break;
    case 4:
        s->mcr = val & 0x1f;
        serial_update_msr(s);
        break;
    case 5:
    case 6:
        qemu_log_mask(LOG_GUEST_ERROR, "serial: write to read-only "
                      "register %" HWADDR_PRIx "\n", addr);
        break;
    default:
        s->scr = val;
        break;
    }
    serial_update_irq(s);
}

static uint8_t serial_read_iir(SerialState *s)
{
    uint8_t ret = s->iir;

    if ((ret & 0x0f) == UART_IIR_THRI) {
        s->thr_ipending = false;
    }
    return ret;
}

static uint8_t serial_read_reg(SerialState *s, hwaddr addr)
{
    bool dlab = s->lcr & UART_LCR_DLAB;
    uint8_t ret;

    switch (addr) {
    case 0:
        return dlab ? s->divider & 0xff : serial_read_rbr(s);
    case 1:
        return dlab ? s->divider >> 8 : s->ier;
    case 2:
        return serial_read_iir(s);
    case 3:
        return s->lcr;
    case 4:
        return s->mcr;
    case 5:
        ret = s->lsr;
        s->lsr &= ~(UART_LSR_OE | UART_LSR_BI);
        return ret;
    case 6:
        ret = s->msr;
        s->msr &= ~UART_MSR_DELTA;
        return ret;
    default:
        return s->scr;
    }
}

static uint64_t serial_io_read(void *opaque, hwaddr addr, unsigned size)
{
    SerialState *s = opaque;
    uint8_t ret = serial_read_reg(s, addr);

    trace_serial_read(addr, ret);
    serial_update_irq(s);
    return ret;
}

const MemoryRegionOps serial_io_ops = {
    .read = serial_io_read,
    .write = serial_io_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = { .min_access_size = 1, .max_access_size = 1 },
};

/* ---- chardev side ---- */

static int serial_can_receive(void *opaque)
{
    SerialState *s = opaque;

    if (s->mcr & UART_MCR_LOOP) {
        return 0;
    }
    if (serial_fifo_on(s)) {
        return UART_FIFO_LENGTH - s->rx.count;
    }
    return !(s->lsr & UART_LSR_DR);
}

static void serial_receive(void *opaque, const uint8_t *buf, int len)
{
    SerialState *s = opaque;

    for (int i = 0; i < len; i++) {
        serial_receive_byte(s, buf[i]);
    }
    serial_update_irq(s);
}

static void serial_event(void *opaque, ChardevEvent event)
{
    SerialState *s = opaque;

    if (event == CHR_EVENT_BREAK) {
        serial_receive_byte(s, 0);
        s->lsr |= UART_LSR_BI;
        serial_update_irq(s);
    }
}

void serial_core_set_chardev(SerialState *s, Chardev *chr)
{
    if (s->chr) {
        chardev_remove_handlers(s->chr, s);
    }
    s->chr = chr;
    if (chr) {
        chardev_set_handlers(chr, serial_can_receive, serial_receive,
                             serial_event, s);
    }
}

Chardev *serial_hd(MachineState *ms, int index)
{
    g_autofree char *id = g_strdup_printf("serial%d", index);

    return chardev_find(ms->chardevs, id);
}

void serial_core_realize(SerialState *s, DeviceState *owner)
{
    s->ms = machine_of(OBJECT(owner));
    s->timeout_timer = timer_new_ns(s->ms->clocks, QEMU_CLOCK_VIRTUAL,
                                    serial_timeout_cb, s);
}

void serial_core_unrealize(SerialState *s)
{
    serial_core_set_chardev(s, NULL);
    timer_free(s->timeout_timer);
    s->timeout_timer = NULL;
}

void serial_core_reset(SerialState *s)
{
    s->rbr = 0;
    s->ier = 0;
    s->lcr = 0;
    s->mcr = 0x08;
    s->lsr = UART_LSR_TEMT | UART_LSR_THRE;
    s->msr = UART_MSR_DEFAULT;
    s->scr = 0;
    s->fcr = 0;
    s->trigger = 1;
    s->divider = 12;
    s->thr_ipending = false;
    serial_fifo_reset(s);
    serial_update_irq(s);
}
