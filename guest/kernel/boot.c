/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Boot information: the Multiboot v1 info structure (command line and
 * memory map) or, for a direct 64-bit entry, the command line and RAM
 * size the board passes in registers.  Everything is copied into
 * boot_info before the page allocator may reuse the loader's memory.
 */
#include "kernel.h"
#include "mm.h"

#define MB_BOOT_MAGIC       0x2badb002
#define MB_INFO_MEM         BIT(0)
#define MB_INFO_CMDLINE     BIT(2)
#define MB_INFO_MMAP        BIT(6)
#define MB_MMAP_AVAILABLE   1
#define DIRECT_BOOT_MAGIC   0x64

typedef struct __packed MbInfo {
    uint32_t flags;
    uint32_t mem_lower;
    uint32_t mem_upper;
    uint32_t boot_device;
    uint32_t cmdline;
    uint32_t mods_count;
    uint32_t mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length;
    uint32_t mmap_addr;
} MbInfo;

typedef struct __packed MbMmapEntry {
    uint32_t size;              /* of the rest of the entry */
    uint64_t base;
    uint64_t length;
    uint32_t type;
} MbMmapEntry;

BootInfo boot_info;

void boot_add_ram(uint64_t base, uint64_t size)
{
    unsigned i;

    if (!size || boot_info.nr_ram == MAX_RAM_REGIONS) {
        return;
    }
    /* keep the list sorted by base */
    for (i = boot_info.nr_ram; i && boot_info.ram[i - 1].base > base; i--) {
        boot_info.ram[i] = boot_info.ram[i - 1];
    }
    boot_info.ram[i] = (MemRegion){ base, size };
    boot_info.nr_ram++;
}

static void parse_multiboot(const MbInfo *mb)
{
    boot_info.loader = "multiboot";
    if (mb->flags & MB_INFO_CMDLINE) {
        strlcpy(boot_info.cmdline, p2v(mb->cmdline),
                sizeof(boot_info.cmdline));
    }
    if (mb->flags & MB_INFO_MMAP) {
        uint64_t p = mb->mmap_addr, end = p + mb->mmap_length;

        while (p + sizeof(MbMmapEntry) <= end) {
            const MbMmapEntry *e = p2v(p);

            if (e->type == MB_MMAP_AVAILABLE) {
                boot_add_ram(e->base, e->length);
            }
            p += e->size + 4;
        }
    } else if (mb->flags & MB_INFO_MEM) {
        boot_add_ram(0, mb->mem_lower * KiB);
        boot_add_ram(MiB, mb->mem_upper * KiB);
    }
}

void boot_parse(uint32_t magic, uint64_t info, uint64_t arg)
{
    if (magic == MB_BOOT_MAGIC) {
        parse_multiboot(p2v(info));
    } else if (magic == FDT_BOOT_MAGIC) {
        boot_parse_fdt(info);
    } else if (magic == DIRECT_BOOT_MAGIC) {
        boot_info.loader = "direct";
        strlcpy(boot_info.cmdline, p2v(arg), sizeof(boot_info.cmdline));
        boot_add_ram(0, 0x80000);
        boot_add_ram(MiB, info - MiB);
    } else {
        panic("unknown boot magic 0x%x", magic);
    }
}

/* Finds "key=value" (words separated by spaces). */
bool cmdline_get(const char *key, char *buf, size_t size)
{
    const char *p = boot_info.cmdline;
    size_t klen = strlen(key);

    while (*p) {
        const char *end = strchr(p, ' ');
        size_t len = end ? (size_t)(end - p) : strlen(p);

        if (len > klen && !strncmp(p, key, klen) && p[klen] == '=') {
            size_t n = MIN(len - klen - 1, size - 1);

            memcpy(buf, p + klen + 1, n);
            buf[n] = '\0';
            return true;
        }
        p += len;
        while (*p == ' ') {
            p++;
        }
    }
    return false;
}
