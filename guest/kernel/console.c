/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Console output shared by all CPUs, and panic. */
#include "smp.h"

static Spinlock console_lock;
static bool panicking;

void console_write(const char *s, size_t len)
{
    bool on;

    if (READ_ONCE(panicking)) {
        /* the lock may be held by whoever panicked: write unlocked */
        while (len--) {
            arch_console_putc(*s++);
        }
        return;
    }
    on = spin_lock_irqsave(&console_lock);
    while (len--) {
        arch_console_putc(*s++);
    }
    spin_unlock_irqrestore(&console_lock, on);
}

void console_emergency(void)
{
    WRITE_ONCE(panicking, true);
}

__noreturn void panic(const char *fmt, ...)
{
    char buf[256];
    va_list ap;

    irq_disable();
    WRITE_ONCE(panicking, true);
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    printf("PANIC: %s\nBail out! panic\n", buf);
    arch_exit(127);
}
