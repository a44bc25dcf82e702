/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Console on COM1 (16550 UART at I/O port 0x3f8), polled output, and the
 * exit path through isa-debug-exit (I/O port 0xf4 by default, the
 * emulator then exits with status 2 * value + 1).
 */
#include "kernel.h"

#define COM1                0x3f8
#define UART_THR            0
#define UART_IER            1
#define UART_FCR            2
#define UART_LCR            3
#define UART_MCR            4
#define UART_LSR            5
#define UART_DLL            0
#define UART_DLM            1
#define LSR_THRE            0x20

#define DEBUG_EXIT_PORT     0xf4

void arch_early_init(void)
{
    outb(COM1 + UART_IER, 0);
    outb(COM1 + UART_LCR, 0x80);        /* DLAB: 115200 baud */
    outb(COM1 + UART_DLL, 1);
    outb(COM1 + UART_DLM, 0);
    outb(COM1 + UART_LCR, 0x03);        /* 8N1 */
    outb(COM1 + UART_FCR, 0x07);        /* FIFOs on and cleared */
    outb(COM1 + UART_MCR, 0x0b);        /* DTR, RTS, OUT2 */
    /* the i8259 pair stays masked: interrupts come from the APICs */
    outb(0x21, 0xff);
    outb(0xa1, 0xff);
}

void arch_console_putc(char c)
{
    for (int i = 0; i < 100000; i++) {
        if (inb(COM1 + UART_LSR) & LSR_THRE) {
            break;
        }
        cpu_relax();
    }
    outb(COM1 + UART_THR, c);
}

__noreturn void arch_exit(unsigned code)
{
    outb(DEBUG_EXIT_PORT, MIN(code, 127u));
    /* no exit device: stop here */
    for (;;) {
        irq_disable();
        __asm__ volatile("hlt");
    }
}
