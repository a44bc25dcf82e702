/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The 16550A UART core, shared by its bus front ends (isa-serial today).
 * A front end embeds SerialState, maps serial_io_ops (8 byte registers,
 * opaque = the SerialState) and calls the functions below; the UART
 * behaviour is described in hw/char/serial.c.
 */
#ifndef HW_CHAR_SERIAL_H
#define HW_CHAR_SERIAL_H

#include "hw/core/qdev.h"
#include "system/memory.h"
#include "chardev/char.h"

typedef struct MachineState MachineState;
typedef struct QEMUTimer QEMUTimer;

#define UART_FIFO_LENGTH 16

typedef struct SerialFIFO {
    uint8_t data[UART_FIFO_LENGTH];
    uint8_t head;
    uint8_t count;
} SerialFIFO;

typedef struct SerialState {
    qemu_irq irq;
    Chardev *chr;
    QEMUTimer *timeout_timer;   /* FIFO character timeout */
    MachineState *ms;

    uint16_t divider;
    uint8_t rbr;                /* non-FIFO receive buffer */
    uint8_t ier, iir, lcr, mcr, lsr, msr, scr, fcr;
    uint8_t trigger;            /* RX FIFO trigger level in bytes */
    bool thr_ipending;          /* THR empty interrupt pending */
    bool timeout_ipending;      /* character timeout pending */
    SerialFIFO rx;
} SerialState;

extern const MemoryRegionOps serial_io_ops;

/* Realize/unrealize the core for the machine of @owner. */
void serial_core_realize(SerialState *s, DeviceState *owner);
void serial_core_unrealize(SerialState *s);
/* Register values at reset (documented in serial.c); drives the IRQ. */
void serial_core_reset(SerialState *s);
/* Attach @chr as the backend (NULL detaches). */
void serial_core_set_chardev(SerialState *s, Chardev *chr);

/* The chardev "serialN" made by -serial (N = @index), or NULL. */
Chardev *serial_hd(MachineState *ms, int index);

#endif
