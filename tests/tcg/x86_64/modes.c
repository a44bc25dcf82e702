/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * 64-bit half of the Multiboot test guest (modes.S runs the 32-bit and
 * mode-switch checks first): prints the Multiboot information the board
 * passed (memory sizes, command line, boot loader name, memory map,
 * modules) and exits with 16 + the number of failed checks.
 */
#include <stdint.h>

struct mb_info {
    uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
    uint32_t mods_count, mods_addr, syms[4], mmap_length, mmap_addr;
    uint32_t drives_length, drives_addr, config_table, boot_loader_name;
};

struct mb_module {
    uint32_t start, end, string, reserved;
};

void modes_main(uint32_t mbi_addr, uint32_t failures);

static void put_hex(uint64_t v)
{
    static const char digits[] = "0123456789abcdef";
    int shift = 60;

    serial_puts("0x");
    while (shift > 0 && !(v >> shift)) {
        shift -= 4;
    }
    for (; shift >= 0; shift -= 4) {
        serial_putc(digits[(v >> shift) & 15]);
    }
}

static void print_mmap(const struct mb_info *mbi)
{
    uintptr_t p = mbi->mmap_addr, end = p + mbi->mmap_length;

    while (p < end) {
        const uint32_t *e = (const uint32_t *)p;
        uint64_t base = e[1] | ((uint64_t)e[2] << 32);
        uint64_t len = e[3] | ((uint64_t)e[4] << 32);

        serial_puts("mmap ");
        put_hex(base);
        serial_puts(" ");
        put_hex(len);
        serial_puts(" ");
        serial_putu(e[5]);
        serial_puts("\n");
        p += e[0] + 4;
    }
}

static void print_modules(const struct mb_info *mbi)
{
    const struct mb_module *m = (const void *)(uintptr_t)mbi->mods_addr;

    for (uint32_t i = 0; i < mbi->mods_count; i++) {
        const char *data = (const char *)(uintptr_t)m[i].start;

        serial_puts("module '");
        serial_puts((const char *)(uintptr_t)m[i].string);
        serial_puts("' size ");
        serial_putu(m[i].end - m[i].start);
        serial_puts(m[i].start & 0xfff ? " unaligned" : " aligned");
        serial_puts(" data '");
        for (uint32_t j = 0; j < m[i].end - m[i].start && data[j] != '\n';
             j++) {
            serial_putc(data[j]);
        }
        serial_puts("'\n");
    }
}

void modes_main(uint32_t mbi_addr, uint32_t failures)
{
    const struct mb_info *mbi = (const void *)(uintptr_t)mbi_addr;
    uint64_t rsp;

    __asm__ volatile("mov %%rsp, %0" : "=r"(rsp));
    serial_puts("long mode ok\n");
    serial_puts("flags ");
    put_hex(mbi->flags);
    serial_puts(" mem_lower ");
    serial_putu(mbi->mem_lower);
    serial_puts(" mem_upper ");
    serial_putu(mbi->mem_upper);
    serial_puts("\ncmdline '");
    serial_puts((const char *)(uintptr_t)mbi->cmdline);
    serial_puts("'\nloader '");
    serial_puts((const char *)(uintptr_t)mbi->boot_loader_name);
    serial_puts("'\n");
    print_mmap(mbi);
    print_modules(mbi);
    serial_puts("failures ");
    serial_putu(failures);
    serial_puts("\n");
    guest_exit(16 + failures);
}
