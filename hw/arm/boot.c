/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Direct kernel boot for Arm boards: -kernel as an arm64 Linux Image,
 * an ELF64 AArch64 executable or a raw binary, and the DTB in RAM.
 *
 * Image (Linux Documentation/arch/arm64/booting.rst): a 64-byte header
 * with text_offset (byte 8), image_size (16), flags (24) and the magic
 * "ARM\x64" at byte 56.  It is loaded at RAM base + text_offset (0x80000
 * when image_size is 0, as for kernels before 3.17), with image_size
 * bytes reserved; entry = load address.
 * gzip (RFC 1952, magic 1f 8b): inflated with GIO's GZlibDecompressor,
 * at most the RAM size, then taken as any of the formats here (Debian's
 * arm64 vmlinuz is a gzip'd Image).  Truncated or corrupt data, or more
 * output than RAM, is an error; bytes after the gzip member are ignored.
 * ELF: little-endian ELF64, EM_AARCH64, ET_EXEC; PT_LOAD segments by
 * physical address, all inside RAM and not overlapping; entry = e_entry.
 * Raw: loaded at RAM base + 0x80000 and entered there (as QEMU does).
 *
 * Everything read from the file is checked against its size and RAM
 * before use.
 */
#include "qemu/osdep.h"
#include "hw/arm/boot.h"
#include "qapi/error.h"
#include <gio/gio.h>

#define ARM_IMAGE_MAGIC     0x644d5241u     /* "ARM\x64" */
#define ARM_RAW_OFFSET      0x80000ull
#define ARM_DTB_ALIGN       0x10000ull
#define ARM_GZIP_MIN_BUF    (1ull << 20)

static uint64_t arm_boot_le(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < n; i++) {
        v |= (uint64_t)p[i] << (8 * i);
    }
    return v;
}

static bool arm_boot_add_seg(ArmBootInfo *b, hwaddr addr, uint64_t offset,
                             uint64_t filesz, uint64_t memsz,
                             hwaddr ram_base, uint64_t ram_size,
                             Error **errp)
{
    ArmBootSeg *s;

    if (b->nsegs == ARM_BOOT_MAX_SEGS) {
        error_setg(errp, "more than %d loadable segments",
                   ARM_BOOT_MAX_SEGS);
        return false;
    }
    if (filesz > memsz || offset > b->size || filesz > b->size - offset) {
        error_setg(errp, "segment outside the file");
        return false;
    }
    if (addr < ram_base || memsz > ram_size ||
        addr - ram_base > ram_size - memsz) {
        error_setg(errp, "segment at 0x%" PRIx64 " (0x%" PRIx64 " bytes) "
                   "is not inside RAM", (uint64_t)addr, memsz);
        return false;
    }
    for (unsigned i = 0; i < b->nsegs; i++) {
        const ArmBootSeg *o = &b->segs[i];

        if (addr < o->addr + o->memsz && o->addr < addr + memsz) {
            error_setg(errp, "segments overlap at 0x%" PRIx64,
                       (uint64_t)addr);
            return false;
        }
    }
    s = &b->segs[b->nsegs++];
    *s = (ArmBootSeg) { addr, offset, filesz, memsz };
    b->low = b->nsegs == 1 ? addr : MIN(b->low, addr);
    b->high = b->nsegs == 1 ? addr + memsz : MAX(b->high, addr + memsz);
    return true;
}

static bool arm_boot_parse_elf(ArmBootInfo *b, const uint8_t *d,
                               hwaddr ram_base, uint64_t ram_size,
                               Error **errp)
{
    uint64_t phoff = arm_boot_le(d + 32, 8);
    unsigned phentsize = arm_boot_le(d + 54, 2), phnum = arm_boot_le(d + 56, 2);

    if (d[4] != 2 || d[5] != 1 || arm_boot_le(d + 18, 2) != 183 ||
        arm_boot_le(d + 16, 2) != 2) {
        error_setg(errp, "not a little-endian ELF64 AArch64 executable");
        return false;
    }
    if (phentsize < 56 || phoff > b->size ||
        (uint64_t)phnum * phentsize > b->size - phoff) {
        error_setg(errp, "program headers outside the file");
        return false;
    }
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *ph = d + phoff + (uint64_t)i * phentsize;

        if (arm_boot_le(ph, 4) != 1 || arm_boot_le(ph + 40, 8) == 0) {
            continue;           /* not PT_LOAD, or empty */
        }
        if (!arm_boot_add_seg(b, arm_boot_le(ph + 24, 8),
                              arm_boot_le(ph + 8, 8),
                              arm_boot_le(ph + 32, 8),
                              arm_boot_le(ph + 40, 8), ram_base, ram_size,
                              errp)) {
            return false;
        }
    }
    if (!b->nsegs) {
        error_setg(errp, "no loadable segment");
        return false;
    }
    b->format = ARM_BOOT_ELF;
    b->entry = arm_boot_le(d + 24, 8);
    return true;
}

static bool arm_boot_parse_image(ArmBootInfo *b, const uint8_t *d,
                                 hwaddr ram_base, uint64_t ram_size,
                                 Error **errp)
{
    uint64_t text_offset = arm_boot_le(d + 8, 8);
    uint64_t image_size = arm_boot_le(d + 16, 8);

    if (image_size == 0) {
        text_offset = ARM_RAW_OFFSET;
    }
    if (!arm_boot_add_seg(b, ram_base + text_offset, 0, b->size,
                          MAX(image_size, b->size), ram_base, ram_size,
                          errp)) {
        return false;
    }
    b->format = ARM_BOOT_IMAGE;
    b->entry = ram_base + text_offset;
    return true;
}

/* Image, ELF or raw, by content. */
static bool arm_boot_parse_plain(ArmBootInfo *b, const uint8_t *data,
                                 size_t size, hwaddr ram_base,
                                 uint64_t ram_size, Error **errp)
{
    if (size >= 64 && !memcmp(data, "\x7f" "ELF", 4)) {
        return arm_boot_parse_elf(b, data, ram_base, ram_size, errp);
    }
    if (size >= 64 && arm_boot_le(data + 56, 4) == ARM_IMAGE_MAGIC) {
        return arm_boot_parse_image(b, data, ram_base, ram_size, errp);
    }
    if (!size) {
        error_setg(errp, b->gzipped ? "the gzip data is empty"
                                    : "the file is empty");
        return false;
    }
    if (!arm_boot_add_seg(b, ram_base + ARM_RAW_OFFSET, 0, size, size,
                          ram_base, ram_size, errp)) {
        return false;
    }
    b->format = ARM_BOOT_RAW;
    b->entry = ram_base + ARM_RAW_OFFSET;
    return true;
}

static bool arm_boot_is_gzip(const uint8_t *data, size_t size)
{
    return size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
}

/* Report a failed g_converter_convert() of gzip data. */
static void arm_boot_gunzip_error(GError *gerr, Error **errp)
{
    if (g_error_matches(gerr, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT)) {
        error_setg(errp, "the gzip data is truncated");
    } else {
        error_setg(errp, "the gzip data is corrupt (%s)",
                   gerr ? gerr->message : "no progress");
    }
}

/*
 * Make room for more output: double *@cap up to @limit.  g_try_realloc,
 * as a large -m must not let a gzip bomb abort the program.
 */
static bool arm_boot_gunzip_grow(char **out, uint64_t *cap, uint64_t limit,
                                 Error **errp)
{
    uint64_t want = MIN(*cap * 2, limit);
    char *grown;

    if (*cap == limit) {
        error_setg(errp, "the gzip data inflates to more than the RAM size "
                   "(0x%" PRIx64 " bytes)", limit);
        return false;
    }
    grown = g_try_realloc(*out, want);
    if (!grown) {
        error_setg(errp, "out of memory inflating the gzip data "
                   "(0x%" PRIx64 " bytes)", want);
        return false;
    }
    *out = grown;
    *cap = want;
    return true;
}

/*
 * Inflate the gzip member at @in into b->inflated (b->data, b->size),
 * the output growing up to @limit bytes.
 */
static bool arm_boot_gunzip(ArmBootInfo *b, const uint8_t *in,
                            size_t in_size, uint64_t limit, Error **errp)
{
    g_autoptr(GZlibDecompressor) z =
        g_zlib_decompressor_new(G_ZLIB_COMPRESSOR_FORMAT_GZIP);
    uint64_t cap = MIN(MAX((uint64_t)in_size * 4, ARM_GZIP_MIN_BUF), limit);
    size_t pos = 0, used = 0;
    char *out = g_try_malloc(MAX(cap, 1));

    if (!out) {
        error_setg(errp, "out of memory inflating the gzip data");
        return false;
    }
    for (;;) {
        g_autoptr(GError) gerr = NULL;
        gsize nread = 0, nwritten = 0;
        GConverterResult r;

        if (used == cap && !arm_boot_gunzip_grow(&out, &cap, limit, errp)) {
            g_free(out);
            return false;
        }
        r = g_converter_convert(G_CONVERTER(z), in + pos, in_size - pos,
                                out + used, cap - used,
                                G_CONVERTER_INPUT_AT_END, &nread, &nwritten,
                                &gerr);
        pos += nread;
        used += nwritten;
        if (r == G_CONVERTER_FINISHED) {
            break;
        }
        if (r == G_CONVERTER_ERROR || (!nread && !nwritten)) {
            arm_boot_gunzip_error(gerr, errp);
            g_free(out);
            return false;
        }
    }
    b->inflated = out;
    b->data = out;
    b->size = used;
    b->gzipped = true;
    return true;
}

bool arm_boot_parse(ArmBootInfo *b, const uint8_t *data, size_t size,
                    hwaddr ram_base, uint64_t ram_size, Error **errp)
{
    memset(b, 0, sizeof(*b));
    b->data = (const char *)data;
    b->size = size;
    if (!arm_boot_is_gzip(data, size)) {
        return arm_boot_parse_plain(b, data, size, ram_base, ram_size, errp);
    }
    if (!arm_boot_gunzip(b, data, size, ram_size, errp)) {
        return false;
    }
    data = (const uint8_t *)b->data;
    size = b->size;
    if (arm_boot_is_gzip(data, size)) {
        error_setg(errp, "the gzip data holds another gzip file");
    } else if (arm_boot_parse_plain(b, data, size, ram_base, ram_size,
                                    errp)) {
        return true;
    }
    g_free(b->inflated);
    b->inflated = NULL;
    b->data = NULL;
    return false;
}

/* The DTB after the kernel and the initrd, else below the kernel. */
static bool arm_boot_place_dtb(ArmBootInfo *b, hwaddr ram_base,
                               uint64_t ram_size, hwaddr avoid_hi,
                               uint64_t dtb_size)
{
    hwaddr end = ram_base + ram_size;
    hwaddr at = (MAX(b->high, avoid_hi) + ARM_DTB_ALIGN - 1) &
                ~(ARM_DTB_ALIGN - 1);

    if (at >= ram_base && at < end && dtb_size <= end - at) {
        b->dtb_addr = at;
        return true;
    }
    if (b->low - ram_base >= dtb_size) {
        b->dtb_addr = ram_base;
        return true;
    }
    return false;
}

bool arm_boot_init(ArmBootInfo *b, const char *path, hwaddr ram_base,
                   uint64_t ram_size, hwaddr avoid_lo, hwaddr avoid_hi,
                   uint64_t dtb_size, Error **errp)
{
    char *file;
    gsize size;

    memset(b, 0, sizeof(*b));
    if (!g_file_get_contents(path, &file, &size, NULL)) {
        error_setg(errp, "could not load kernel '%s'", path);
        return false;
    }
    if (!arm_boot_parse(b, (const uint8_t *)file, size, ram_base,
                        ram_size, errp)) {
        g_free(file);
        error_prepend(errp, "could not load kernel '%s': ", path);
        return false;
    }
    if (b->gzipped) {
        g_free(file);           /* only the inflated copy is used */
    } else {
        b->file = file;
    }
    if (avoid_lo < avoid_hi && b->low < avoid_hi && avoid_lo < b->high) {
        error_setg(errp, "could not load kernel '%s': it overlaps the "
                   "initrd at 0x%" PRIx64, path, (uint64_t)avoid_lo);
        arm_boot_free(b);
        return false;
    }
    if (!arm_boot_place_dtb(b, ram_base, ram_size, avoid_hi, dtb_size)) {
        error_setg(errp, "could not load kernel '%s': no room in RAM for "
                   "the device tree", path);
        arm_boot_free(b);
        return false;
    }
    return true;
}

bool arm_boot_load(const ArmBootInfo *b, AddressSpace *as, const void *fdt,
                   int fdt_size, Error **errp)
{
    for (unsigned i = 0; i < b->nsegs; i++) {
        const ArmBootSeg *s = &b->segs[i];

        if (address_space_write(as, s->addr, MEMTXATTRS_UNSPECIFIED,
                                b->data + s->offset, s->filesz) != MEMTX_OK ||
            address_space_set(as, s->addr + s->filesz, 0,
                              s->memsz - s->filesz,
                              MEMTXATTRS_UNSPECIFIED) != MEMTX_OK) {
            error_setg(errp, "could not write the kernel at 0x%" PRIx64,
                       (uint64_t)s->addr);
            return false;
        }
    }
    if (fdt && address_space_write(as, b->dtb_addr, MEMTXATTRS_UNSPECIFIED,
                                   fdt, fdt_size) != MEMTX_OK) {
        error_setg(errp, "could not write the device tree at 0x%" PRIx64,
                   (uint64_t)b->dtb_addr);
        return false;
    }
    return true;
}

void arm_boot_free(ArmBootInfo *b)
{
    g_free(b->file);
    g_free(b->inflated);
    b->file = NULL;
    b->inflated = NULL;
    b->data = NULL;
    b->nsegs = 0;
}
