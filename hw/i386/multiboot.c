/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Multiboot v1 direct boot (specification 0.6.96), as QEMU does it for
 * -kernel: header search, ELF32 or a.out-kludge loading, -initrd files as
 * modules, the boot information block and the 32-bit entry state.
 * See include/hw/i386/multiboot.h and docs/pc-boot.md.
 *
 * Guest memory used (besides the kernel and the modules): a flat GDT at
 * MULTIBOOT_GDT_ADDR (0x08 code, 0x10 data, both base 0 limit 4 GiB) and
 * the information block at MULTIBOOT_INFO_ADDR: the info structure, the
 * memory map, the module list, then the strings.
 */
#include "qemu/osdep.h"
#include "hw/i386/multiboot.h"
#include "hw/core/loader.h"
#include "target/i386/cpu.h"

#define MB_FLAG_PAGE_ALIGN  (1u << 0)
#define MB_FLAG_MEMINFO     (1u << 1)
#define MB_FLAG_VIDEO       (1u << 2)
#define MB_FLAG_AOUT_KLUDGE (1u << 16)

/* Info structure flags (which fields are valid) */
#define MBI_MEM             (1u << 0)
#define MBI_BOOT_DEVICE     (1u << 1)
#define MBI_CMDLINE         (1u << 2)
#define MBI_MODS            (1u << 3)
#define MBI_MMAP            (1u << 6)
#define MBI_LOADER_NAME     (1u << 9)

#define MBI_SIZE            0x58    /* the structure, up to the VBE fields */
#define MB_MMAP_MAX         6
#define MB_MMAP_ENTRY       24      /* size field (4) + 20 bytes */
#define MB_MOD_SIZE         16
#define MB_MAX_MODULES      64
#define MB_LOW_MEM_END      0x9fc00u
#define MB_LOAD_MIN         0x80000u    /* below: the pc boot area */
#define MB_PAGE             0x1000u
#define MB_ALIGN(x)         (((x) + MB_PAGE - 1) & ~(uint64_t)(MB_PAGE - 1))

typedef struct MultibootModule {
    uint8_t *data;
    gsize size;
    uint32_t addr;
} MultibootModule;

struct Multiboot {
    ElfImage img;               /* the kernel's segments */
    uint8_t *kernel;            /* a copy of the image (img.data) */
    uint32_t entry;
    MultibootModule mods[MB_MAX_MODULES];
    unsigned nmods;
    uint8_t *info;              /* the information block */
    size_t info_size;
};

static uint32_t ld32(const uint8_t *p)
{
    return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24);
}

static uint16_t ld16(const uint8_t *p)
{
    return p[0] | (p[1] << 8);
}

static void st32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        p[i] = v >> (8 * i);
    }
}

static void st64(uint8_t *p, uint64_t v)
{
    st32(p, v);
    st32(p + 4, v >> 32);
}

/* Offset of the Multiboot header, or -1. */
static int64_t mb_find_header(const uint8_t *data, size_t size)
{
    size_t end = MIN(size, (size_t)MULTIBOOT_SEARCH);

    for (size_t off = 0; off + 12 <= end; off += 4) {
        const uint8_t *h = data + off;

        if (ld32(h) == MULTIBOOT_HEADER_MAGIC &&
            (uint32_t)(ld32(h) + ld32(h + 4) + ld32(h + 8)) == 0) {
            return off;
        }
    }
    return -1;
}

static bool mb_add_seg(ElfImage *img, uint64_t paddr, uint64_t offset,
                       uint64_t filesz, uint64_t memsz, Error **errp)
{
    if (img->nsegs >= ELF_MAX_SEGMENTS) {
        error_setg(errp, "more than %d loadable segments", ELF_MAX_SEGMENTS);
        return false;
    }
    img->segs[img->nsegs++] = (ElfSegment) {
        .paddr = paddr, .offset = offset, .filesz = filesz, .memsz = memsz,
    };
    return true;
}

/* ELF32 i386 executable: its PT_LOAD segments; entry made physical. */
static bool mb_parse_elf32(const uint8_t *d, size_t size, ElfImage *img,
                           uint32_t *entry, Error **errp)
{
    uint32_t phoff, phentsize, phnum;

    if (size < 52 || memcmp(d, "\x7f" "ELF", 4) != 0 || d[4] != 1 ||
        d[5] != 1 || ld16(d + 16) != 2 || ld16(d + 18) != 3) {
        error_setg(errp, "Multiboot image is not an ELF32 i386 executable "
                   "(an ELF64 one needs the a.out kludge, header flag 16)");
        return false;
    }
    *entry = ld32(d + 24);
    phoff = ld32(d + 28);
    phentsize = ld16(d + 42);
    phnum = ld16(d + 44);
    if (phentsize < 32 || (uint64_t)phoff + (uint64_t)phnum * phentsize >
        size) {
        error_setg(errp, "bad ELF program header table");
        return false;
    }
    for (uint32_t i = 0; i < phnum; i++) {
        const uint8_t *ph = d + phoff + i * phentsize;
        uint32_t off = ld32(ph + 4), vaddr = ld32(ph + 8);
        uint32_t paddr = ld32(ph + 12), filesz = ld32(ph + 16);
        uint32_t memsz = ld32(ph + 20);

        if (ld32(ph) != 1 || memsz == 0) {
            continue;                   /* not PT_LOAD */
        }
        if (filesz > memsz || (uint64_t)off + filesz > size) {
            error_setg(errp, "ELF segment %u is outside the file", i);
            return false;
        }
        if (*entry >= vaddr && *entry - vaddr < memsz) {
            *entry = paddr + (*entry - vaddr);  /* virtual entry point */
        }
        if (!mb_add_seg(img, paddr, off, filesz, memsz, errp)) {
            return false;
        }
    }
    return true;
}

/* The a.out kludge: addresses from the header (flag 16). */
static bool mb_parse_kludge(const uint8_t *d, size_t size, uint64_t hoff,
                            ElfImage *img, uint32_t *entry, Error **errp)
{
    const uint8_t *h = d + hoff;
    uint32_t header_addr, load_addr, load_end, bss_end;
    uint64_t file_off, load_size, mem_size;

    if (hoff + 32 > size) {
        error_setg(errp, "Multiboot header is truncated");
        return false;
    }
    header_addr = ld32(h + 12);
    load_addr = ld32(h + 16);
    load_end = ld32(h + 20);
    bss_end = ld32(h + 24);
    *entry = ld32(h + 28);
    if (load_addr > header_addr || header_addr - load_addr > hoff) {
        error_setg(errp, "Multiboot header_addr/load_addr are inconsistent");
        return false;
    }
    file_off = hoff - (header_addr - load_addr);
    if (load_end && load_end < load_addr) {
        error_setg(errp, "Multiboot load_end_addr is below load_addr");
        return false;
    }
    load_size = load_end ? load_end - load_addr : size - file_off;
    if (file_off + load_size > size) {
        error_setg(errp, "Multiboot load range is outside the file");
        return false;
    }
    mem_size = load_size;
    if (bss_end) {
        if (bss_end < load_addr + load_size) {
            error_setg(errp, "Multiboot bss_end_addr is below the load end");
            return false;
        }
        mem_size = bss_end - load_addr;
    }
    return mb_add_seg(img, load_addr, file_off, load_size, mem_size, errp);
}

/* Segments inside [MB_LOAD_MIN, below_4g), disjoint; entry inside one. */
static bool mb_check_layout(ElfImage *img, uint32_t entry, uint64_t below_4g,
                            Error **errp)
{
    bool entry_ok = false;

    if (img->nsegs == 0) {
        error_setg(errp, "no loadable segments");
        return false;
    }
    img->low = UINT64_MAX;
    img->high = 0;
    for (unsigned i = 0; i < img->nsegs; i++) {
        const ElfSegment *s = &img->segs[i];
        uint64_t end = s->paddr + s->memsz;

        if (s->paddr < MB_LOAD_MIN || end > below_4g) {
            error_setg(errp, "segment 0x%" PRIx64 "-0x%" PRIx64 " is not "
                       "in RAM above the boot area (0x%x-0x%" PRIx64 ")",
                       s->paddr, end, MB_LOAD_MIN, below_4g);
            return false;
        }
        for (unsigned j = 0; j < i; j++) {
            const ElfSegment *o = &img->segs[j];

            if (s->paddr < o->paddr + o->memsz && o->paddr < end) {
                error_setg(errp, "segments overlap");
                return false;
            }
        }
        entry_ok |= entry >= s->paddr && entry < end;
        img->low = MIN(img->low, s->paddr);
        img->high = MAX(img->high, end);
    }
    if (!entry_ok) {
        error_setg(errp, "entry point 0x%x is outside the image", entry);
        return false;
    }
    return true;
}

/* Load the -initrd list ("file args,file2"; ",," is a comma). */
static bool mb_load_modules(Multiboot *mb, const char *initrd,
                            uint64_t below_4g, GPtrArray *names,
                            Error **errp)
{
    uint64_t addr = MB_ALIGN(mb->img.high);
    const char *p = initrd;

    while (p && *p) {
        GString *entry = g_string_new(NULL);
        MultibootModule *m;
        g_autofree char *path = NULL;

        for (; *p && !(*p == ',' && p[1] != ','); p++) {
            g_string_append_c(entry, *p);
            p += *p == ',';             /* ",," */
        }
        p += *p == ',';
        path = g_strndup(entry->str, strcspn(entry->str, " "));
        g_ptr_array_add(names, g_string_free(entry, false));
        if (mb->nmods == MB_MAX_MODULES) {
            error_setg(errp, "more than %d modules", MB_MAX_MODULES);
            return false;
        }
        m = &mb->mods[mb->nmods++];
        if (!g_file_get_contents(path, (gchar **)&m->data, &m->size, NULL)) {
            error_setg(errp, "could not load module '%s'", path);
            return false;
        }
        if (addr + m->size > below_4g) {
            error_setg(errp, "module '%s' does not fit in RAM", path);
            return false;
        }
        m->addr = addr;
        addr = MB_ALIGN(addr + m->size);
    }
    return true;
}

/* The memory map: low RAM, reserved 640K-1M band, RAM above 1 MiB. */
static unsigned mb_mmap(uint8_t *p, uint64_t below_4g, uint64_t above_4g)
{
    const uint64_t map[MB_MMAP_MAX][3] = {
        { 0, MB_LOW_MEM_END, 1 },
        { MB_LOW_MEM_END, 0xa0000 - MB_LOW_MEM_END, 2 },
        { 0xf0000, 0x10000, 2 },
        { 0x100000, below_4g - 0x100000, 1 },
        { 0x100000000ull, above_4g, 1 },
    };
    unsigned n = 0;

    for (unsigned i = 0; i < MB_MMAP_MAX; i++) {
        if (map[i][1] == 0) {
            continue;
        }
        st32(p + n * MB_MMAP_ENTRY, MB_MMAP_ENTRY - 4);
        st64(p + n * MB_MMAP_ENTRY + 4, map[i][0]);
        st64(p + n * MB_MMAP_ENTRY + 12, map[i][1]);
        st32(p + n * MB_MMAP_ENTRY + 20, map[i][2]);
        n++;
    }
    return n * MB_MMAP_ENTRY;
}

/* Append a NUL-terminated string to the block; returns its address. */
static uint32_t mb_str(GByteArray *b, const char *s)
{
    uint32_t a = MULTIBOOT_INFO_ADDR + b->len;

    g_byte_array_append(b, (const guint8 *)s, strlen(s) + 1);
    return a;
}

static bool mb_build_info(Multiboot *mb, const char *kernel_path,
                          const char *cmdline, GPtrArray *names,
                          uint64_t below_4g, uint64_t above_4g, Error **errp)
{
    g_autoptr(GByteArray) b = g_byte_array_new();
    uint32_t mmap_off = MBI_SIZE, mods_off, mmap_len, cmd, name;
    g_autofree char *full = g_strdup_printf("%s %s", kernel_path,
                                            cmdline ? cmdline : "");
    uint32_t mods[MB_MAX_MODULES];

    g_byte_array_set_size(b, MBI_SIZE + MB_MMAP_MAX * MB_MMAP_ENTRY +
                          mb->nmods * MB_MOD_SIZE);
    memset(b->data, 0, b->len);
    mmap_len = mb_mmap(b->data + mmap_off, below_4g, above_4g);
    mods_off = MBI_SIZE + MB_MMAP_MAX * MB_MMAP_ENTRY;
    cmd = mb_str(b, full);
    name = mb_str(b, "qemu");
    for (unsigned i = 0; i < mb->nmods; i++) {
        mods[i] = mb_str(b, g_ptr_array_index(names, i));
    }
    if (MULTIBOOT_INFO_ADDR + b->len > MULTIBOOT_INFO_END) {
        error_setg(errp, "Multiboot command line and module strings are "
                   "too long");
        return false;
    }
    for (unsigned i = 0; i < mb->nmods; i++) {
        uint8_t *m = b->data + mods_off + i * MB_MOD_SIZE;

        st32(m, mb->mods[i].addr);
        st32(m + 4, mb->mods[i].addr + mb->mods[i].size);
        st32(m + 8, mods[i]);
    }
    st32(b->data, MBI_MEM | MBI_BOOT_DEVICE | MBI_CMDLINE | MBI_MODS |
         MBI_MMAP | MBI_LOADER_NAME);
    st32(b->data + 12, 0x8000ffff);     /* first hard disk, as QEMU */
    st32(b->data + 4, MB_LOW_MEM_END / 1024);
    st32(b->data + 8, (below_4g - 0x100000) / 1024);
    st32(b->data + 16, cmd);
    st32(b->data + 20, mb->nmods);
    st32(b->data + 24, MULTIBOOT_INFO_ADDR + mods_off);
    st32(b->data + 44, mmap_len);
    st32(b->data + 48, MULTIBOOT_INFO_ADDR + mmap_off);
    st32(b->data + 64, name);
    mb->info_size = b->len;
    mb->info = g_byte_array_free(g_steal_pointer(&b), false);
    return true;
}

void multiboot_free(Multiboot *mb)
{
    if (!mb) {
        return;
    }
    for (unsigned i = 0; i < mb->nmods; i++) {
        g_free(mb->mods[i].data);
    }
    g_free(mb->kernel);
    g_free(mb->info);
    g_free(mb);
}

Multiboot *multiboot_new(const uint8_t *data, size_t size,
                         const char *kernel_path, const char *cmdline,
                         const char *initrd, uint64_t below_4g,
                         uint64_t above_4g, Error **errp)
{
    int64_t hoff = mb_find_header(data, size);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    Multiboot *mb;
    uint32_t flags;
    bool ok;

    if (hoff < 0) {
        return NULL;
    }
    mb = g_new0(Multiboot, 1);
    mb->kernel = g_memdup2(data, size);
    mb->img.data = mb->kernel;
    mb->img.size = size;
    flags = ld32(data + hoff + 4);
    if (flags & MB_FLAG_AOUT_KLUDGE) {
        ok = mb_parse_kludge(data, size, hoff, &mb->img, &mb->entry, errp);
    } else {
        ok = mb_parse_elf32(data, size, &mb->img, &mb->entry, errp);
    }
    ok = ok && mb_check_layout(&mb->img, mb->entry, below_4g, errp) &&
         mb_load_modules(mb, initrd, below_4g, names, errp) &&
         mb_build_info(mb, kernel_path, cmdline, names, below_4g, above_4g,
                       errp);
    if (!ok) {
        multiboot_free(mb);
        return NULL;
    }
    mb->img.entry = mb->entry;
    return mb;
}

uint32_t multiboot_entry(const Multiboot *mb)
{
    return mb->entry;
}

static const uint64_t mb_gdt[3] = {
    0,
    0x00cf9b000000ffffull,      /* 0x08: 32-bit code, base 0, 4 GiB */
    0x00cf93000000ffffull,      /* 0x10: data, base 0, 4 GiB */
};

bool multiboot_load(const Multiboot *mb, AddressSpace *as, Error **errp)
{
    uint8_t gdt[sizeof(mb_gdt)];

    for (unsigned i = 0; i < G_N_ELEMENTS(mb_gdt); i++) {
        st64(gdt + 8 * i, mb_gdt[i]);
    }
    if (!elf64_load(&mb->img, as, errp)) {
        return false;
    }
    for (unsigned i = 0; i < mb->nmods; i++) {
        address_space_write(as, mb->mods[i].addr, MEMTXATTRS_UNSPECIFIED,
                            mb->mods[i].data, mb->mods[i].size);
    }
    address_space_write(as, MULTIBOOT_GDT_ADDR, MEMTXATTRS_UNSPECIFIED,
                        gdt, sizeof(gdt));
    address_space_write(as, MULTIBOOT_INFO_ADDR, MEMTXATTRS_UNSPECIFIED,
                        mb->info, mb->info_size);
    return true;
}

static void mb_flat(X86Segment *s, uint16_t sel, uint32_t type)
{
    s->selector = sel;
    s->base = 0;
    s->limit = 0xffffffff;
    s->flags = X86_DESC_P | X86_DESC_G | X86_DESC_DB | (type << 8);
}

/* 32-bit protected mode, flat, paging and interrupts off (spec 3.2). */
void multiboot_set_cpu(const Multiboot *mb, X86CPU *cpu)
{
    CPUX86State *env = &cpu->env;

    for (int i = 0; i < X86_NB_SEGS; i++) {
        mb_flat(&env->segs[i], 0x10, 0x13);     /* data, rw, accessed */
    }
    mb_flat(&env->segs[R_CS], 0x08, 0x1b);      /* code, rx, accessed */
    env->gdt.base = MULTIBOOT_GDT_ADDR;
    env->gdt.limit = sizeof(mb_gdt) - 1;
    env->idt.base = 0;
    env->idt.limit = 0;
    env->cr[0] = X86_CR0_PE | 0x10;
    env->cr[3] = 0;
    env->cr[4] = 0;
    env->efer = 0;
    env->rip = mb->entry;
    env->regs[R_EAX] = MULTIBOOT_BOOTLOADER_MAGIC;
    env->regs[R_EBX] = MULTIBOOT_INFO_ADDR;
    x86_set_eflags(env, X86_FLAGS_FIXED);
    x86_update_hflags(cpu);
}
