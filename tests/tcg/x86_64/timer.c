/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Timer guest: programs the i8259 pair (master vectors 0x20-0x27, only
 * IRQ 0 unmasked) and the 8254 PIT channel 0 (mode 2, 1 kHz), installs an
 * interrupt gate for vector 0x20, then waits with STI; HLT until the
 * handler has counted TICKS interrupts.  Prints the count and exits with
 * value 0x22 (status 69).
 * guest.h is included by the build (-include), as for every guest.
 */

#define TICKS       10
#define IRQ0_VECTOR 0x20
#define PIT_HZ      1193182
#define RATE_HZ     1000

typedef struct IdtGate {
    uint16_t off_lo, sel;
    uint8_t ist, type;
    uint16_t off_mid;
    uint32_t off_hi, zero;
} __attribute__((packed)) IdtGate;

typedef struct DescPtr {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed)) DescPtr;

static IdtGate idt[256];
static volatile unsigned long ticks;

void irq_entry(void);
void irq_handler(void);

void irq_handler(void)
{
    ticks++;
    outb(0x20, 0x20);           /* non-specific EOI to the master */
}

static void idt_setup(void)
{
    uint64_t fn = (uint64_t)(uintptr_t)irq_entry;
    IdtGate *g = &idt[IRQ0_VECTOR];
    DescPtr p = { sizeof(idt) - 1, (uint64_t)(uintptr_t)idt };

    g->off_lo = (uint16_t)fn;
    g->sel = 0x08;
    g->type = 0x8e;             /* present, DPL 0, 64-bit interrupt gate */
    g->off_mid = (uint16_t)(fn >> 16);
    g->off_hi = (uint32_t)(fn >> 32);
    __asm__ volatile("lidt %0" : : "m"(p));
}

static void pic_setup(void)
{
    outb(0x20, 0x11);           /* ICW1: edge, cascade, ICW4 */
    outb(0x21, IRQ0_VECTOR);    /* ICW2: vector base */
    outb(0x21, 0x04);           /* ICW3: slave on IR2 */
    outb(0x21, 0x01);           /* ICW4: 8086 mode */
    outb(0xa0, 0x11);
    outb(0xa1, IRQ0_VECTOR + 8);
    outb(0xa1, 0x02);
    outb(0xa1, 0x01);
    outb(0x21, 0xfe);           /* only IRQ 0 */
    outb(0xa1, 0xff);
}

static void pit_setup(void)
{
    unsigned divisor = PIT_HZ / RATE_HZ;

    outb(0x43, 0x34);           /* channel 0, lo/hi, mode 2 */
    outb(0x40, (uint8_t)divisor);
    outb(0x40, (uint8_t)(divisor >> 8));
}

void guest_main(const char *cmdline)
{
    (void)cmdline;
    idt_setup();
    pic_setup();
    pit_setup();
    while (ticks < TICKS) {
        __asm__ volatile("sti; hlt; cli");
    }
    serial_puts("timer: ");
    serial_putu(ticks);
    serial_puts(" ticks\n");
    guest_exit(0x22);
}
