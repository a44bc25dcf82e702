/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Multiboot v1 (specification 0.6.96) direct boot for the pc machine.
 *
 * multiboot_new() looks for a Multiboot header in the first 8192 bytes of
 * a kernel image held in host memory and, when there is one, plans the
 * whole boot: the kernel (ELF32, or the a.out kludge of header flag 16,
 * which also makes an ELF64 file bootable), the -initrd modules, and the
 * information block (memory sizes, memory map, command line, modules,
 * boot loader name) with a flat GDT.  It never trusts the image: every
 * field is checked against the file and the RAM layout.
 * multiboot_load() writes the plan into guest memory (at every reset) and
 * multiboot_set_cpu() sets the entry state: 32-bit protected mode, flat
 * CS/DS, paging and interrupts off, EAX = 0x2BADB002, EBX = the info.
 */
#ifndef HW_I386_MULTIBOOT_H
#define HW_I386_MULTIBOOT_H

#include "system/memory.h"

#define MULTIBOOT_HEADER_MAGIC      0x1BADB002u
#define MULTIBOOT_BOOTLOADER_MAGIC  0x2BADB002u
#define MULTIBOOT_SEARCH            8192

/* Where the boot information lives (inside the pc boot area). */
#define MULTIBOOT_GDT_ADDR          0x9000u
#define MULTIBOOT_INFO_ADDR         0x9100u
#define MULTIBOOT_INFO_END          0x80000u

typedef struct Multiboot Multiboot;
struct X86CPU;

/*
 * Plan a Multiboot boot of @data.  Returns NULL without setting @errp
 * when the image has no Multiboot header; NULL with @errp on a bad image
 * or module.  @initrd is QEMU's module list: "file1 args,file2" (",,"
 * is a literal comma); each module's string is its whole entry.
 */
Multiboot *multiboot_new(const uint8_t *data, size_t size,
                         const char *kernel_path, const char *cmdline,
                         const char *initrd, uint64_t below_4g,
                         uint64_t above_4g, Error **errp);
/* Write kernel, modules, GDT and info into @as. */
bool multiboot_load(const Multiboot *mb, AddressSpace *as, Error **errp);
/* Entry state of the boot CPU (after its reset). */
void multiboot_set_cpu(const Multiboot *mb, struct X86CPU *cpu);
uint32_t multiboot_entry(const Multiboot *mb);
void multiboot_free(Multiboot *mb);

#endif
