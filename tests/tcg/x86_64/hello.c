/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The first guest: prints a greeting and its command line on COM1, then
 * exits through isa-debug-exit with value 0x21 (status 0x43 = 67).
 * guest.h is included by the build (-include), as for every guest.
 */

void guest_main(const char *cmdline)
{
    serial_puts("Hello from x86_64\n");
    serial_puts("cmdline: '");
    serial_puts(cmdline);
    serial_puts("'\n");
    guest_exit(0x21);
}
