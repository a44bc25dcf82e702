/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tiny runtime of the freestanding test guests: port I/O, COM1 output
 * (16550 at 0x3f8, polling LSR.THRE) and isa-debug-exit (port 0x501:
 * writing V ends the emulator with status V * 2 + 1).
 */
#ifndef TESTS_TCG_X86_64_GUEST_H
#define TESTS_TCG_X86_64_GUEST_H

/* Force-included everywhere, .S files too: C only below. */
#ifndef __ASSEMBLER__

#include <stdint.h>

#define COM1        0x3f8
#define COM1_LSR    (COM1 + 5)
#define LSR_THRE    0x20
#define DEBUG_EXIT  0x501

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;

    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline void serial_putc(char c)
{
    while (!(inb(COM1_LSR) & LSR_THRE)) {
        /* wait for the transmit holding register */
    }
    outb(COM1, (uint8_t)c);
}

static inline void serial_puts(const char *s)
{
    while (*s) {
        serial_putc(*s++);
    }
}

static inline void serial_putu(unsigned long v)
{
    char buf[24];
    int i = 0;

    do {
        buf[i++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (i) {
        serial_putc(buf[--i]);
    }
}

static inline __attribute__((noreturn)) void guest_exit(uint8_t v)
{
    outb(DEBUG_EXIT, v);
    for (;;) {
        __asm__ volatile("cli; hlt");
    }
}

void guest_main(const char *cmdline);

#endif /* __ASSEMBLER__ */
#endif
