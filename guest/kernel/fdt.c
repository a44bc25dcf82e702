/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Flattened device tree reader (fdt.h) and the boot information an arm64
 * board passes in one: the memory nodes and /chosen/bootargs.
 */
#include "fdt.h"
#include "kernel.h"
#include "mm.h"

#define FDT_BEGIN_NODE      1
#define FDT_END_NODE        2
#define FDT_PROP            3
#define FDT_NOP             4
#define FDT_END             9

typedef struct FdtHeader {
    uint32_t magic;
    uint32_t totalsize;
    uint32_t off_dt_struct;
    uint32_t off_dt_strings;
    uint32_t off_mem_rsvmap;
    uint32_t version;
    uint32_t last_comp_version;
    uint32_t boot_cpuid_phys;
    uint32_t size_dt_strings;
    uint32_t size_dt_struct;
} FdtHeader;

const void *boot_fdt;

static uint32_t be32(const void *p)
{
    const uint8_t *b = p;

    return (uint32_t)b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3];
}

uint64_t fdt_cells(const void *p, int n)
{
    uint64_t v = 0;

    for (int i = 0; i < n; i++) {
        v = v << 32 | be32((const uint8_t *)p + 4 * i);
    }
    return v;
}

static uint32_t hdr(const void *fdt, int field)
{
    return be32((const uint32_t *)fdt + field);
}

bool fdt_check(const void *fdt)
{
    return fdt && be32(fdt) == FDT_BOOT_MAGIC && hdr(fdt, 5) >= 16 &&
           hdr(fdt, 1) >= sizeof(FdtHeader);
}

static const uint8_t *structs(const void *fdt)
{
    return (const uint8_t *)fdt + hdr(fdt, 2);
}

static const char *strings(const void *fdt)
{
    return (const char *)fdt + hdr(fdt, 3);
}

static uint32_t token(const void *fdt, int off)
{
    return be32(structs(fdt) + off);
}

/* The offset after the token at @off (-1 after FDT_END or a bad token). */
static int skip_token(const void *fdt, int off)
{
    uint32_t t = token(fdt, off);
    const uint8_t *s = structs(fdt);

    switch (t) {
    case FDT_BEGIN_NODE:
        return ALIGN_UP(off + 4 + strlen((const char *)s + off + 4) + 1, 4);
    case FDT_PROP:
        return ALIGN_UP(off + 12 + be32(s + off + 4), 4);
    case FDT_END_NODE:
    case FDT_NOP:
        return off + 4;
    default:
        return -1;
    }
}

/* The offset after @node's FDT_END_NODE. */
static int skip_node(const void *fdt, int node)
{
    int depth = 0, off = node;

    do {
        uint32_t t = token(fdt, off);

        depth += t == FDT_BEGIN_NODE ? 1 : t == FDT_END_NODE ? -1 : 0;
        off = skip_token(fdt, off);
    } while (off >= 0 && depth > 0);
    return off;
}

/* The next non-NOP token at or after @off. */
static int next_real(const void *fdt, int off)
{
    while (off >= 0 && token(fdt, off) == FDT_NOP) {
        off += 4;
    }
    return off;
}

const char *fdt_name(const void *fdt, int node)
{
    return (const char *)structs(fdt) + node + 4;
}

int fdt_first_child(const void *fdt, int node)
{
    int off = skip_token(fdt, node);

    while (off >= 0) {
        off = next_real(fdt, off);
        if (token(fdt, off) == FDT_BEGIN_NODE) {
            return off;
        }
        if (token(fdt, off) != FDT_PROP) {
            return -1;
        }
        off = skip_token(fdt, off);
    }
    return -1;
}

int fdt_next_sibling(const void *fdt, int node)
{
    int off = next_real(fdt, skip_node(fdt, node));

    return off >= 0 && token(fdt, off) == FDT_BEGIN_NODE ? off : -1;
}

const void *fdt_prop(const void *fdt, int node, const char *name, int *len)
{
    const uint8_t *s = structs(fdt);
    int off = skip_token(fdt, node);

    while (off >= 0) {
        off = next_real(fdt, off);
        if (token(fdt, off) != FDT_PROP) {
            return NULL;
        }
        if (!strcmp(strings(fdt) + be32(s + off + 8), name)) {
            if (len) {
                *len = be32(s + off + 4);
            }
            return s + off + 12;
        }
        off = skip_token(fdt, off);
    }
    return NULL;
}

uint32_t fdt_prop_u32(const void *fdt, int node, const char *name,
                      uint32_t dflt)
{
    int len;
    const void *p = fdt_prop(fdt, node, name, &len);

    return p && len == 4 ? be32(p) : dflt;
}

bool fdt_prop_has(const void *fdt, int node, const char *name,
                  const char *str)
{
    int len;
    const char *p = fdt_prop(fdt, node, name, &len);

    for (int i = 0; p && i < len; i += strnlen(p + i, len - i) + 1) {
        if (!strcmp(p + i, str)) {
            return true;
        }
    }
    return false;
}

/* "memory@40000000" matches "memory" and "memory@40000000". */
static bool name_match(const char *name, const char *want, size_t len)
{
    return !strncmp(name, want, len) &&
           (name[len] == '\0' || name[len] == '@');
}

int fdt_path(const void *fdt, const char *path)
{
    int node = next_real(fdt, 0);

    if (node < 0 || token(fdt, node) != FDT_BEGIN_NODE || *path != '/') {
        return -1;
    }
    while (*path == '/') {
        path++;
    }
    while (*path) {
        const char *end = strchr(path, '/');
        size_t len = end ? (size_t)(end - path) : strlen(path);
        int c;

        for (c = fdt_first_child(fdt, node); c >= 0;
             c = fdt_next_sibling(fdt, c)) {
            if (name_match(fdt_name(fdt, c), path, len)) {
                break;
            }
        }
        if (c < 0) {
            return -1;
        }
        node = c;
        path += len;
        while (*path == '/') {
            path++;
        }
    }
    return node;
}

int fdt_next_compatible(const void *fdt, int from, const char *compat)
{
    int off = from < 0 ? 0 : skip_token(fdt, from);

    while (off >= 0) {
        off = next_real(fdt, off);
        if (off < 0 || token(fdt, off) == FDT_END) {
            return -1;
        }
        if (token(fdt, off) == FDT_BEGIN_NODE &&
            fdt_prop_has(fdt, off, "compatible", compat)) {
            return off;
        }
        off = skip_token(fdt, off);
    }
    return -1;
}

bool fdt_reg(const void *fdt, int parent, int node, int i, uint64_t *addr,
             uint64_t *size)
{
    int ac = fdt_prop_u32(fdt, parent, "#address-cells", 2);
    int sc = fdt_prop_u32(fdt, parent, "#size-cells", 1);
    int len;
    const uint8_t *p = fdt_prop(fdt, node, "reg", &len);

    if (!p || ac > 2 || sc > 2 || (i + 1) * 4 * (ac + sc) > len) {
        return false;
    }
    p += i * 4 * (ac + sc);
    *addr = fdt_cells(p, ac);
    *size = fdt_cells(p + 4 * ac, sc);
    return true;
}

void boot_parse_fdt(uint64_t pa)
{
    const void *fdt = p2v(pa);
    int root, chosen, len;
    const char *args;

    if (!fdt_check(fdt)) {
        panic("no device tree at %lx", pa);
    }
    boot_fdt = fdt;
    boot_info.loader = "dtb";
    root = fdt_path(fdt, "/");
    chosen = fdt_path(fdt, "/chosen");
    args = chosen >= 0 ? fdt_prop(fdt, chosen, "bootargs", &len) : NULL;
    if (args) {
        strlcpy(boot_info.cmdline, args,
                MIN((size_t)len + 1, sizeof(boot_info.cmdline)));
    }
    for (int n = fdt_first_child(fdt, root); n >= 0;
         n = fdt_next_sibling(fdt, n)) {
        const char *type = fdt_prop(fdt, n, "device_type", NULL);
        uint64_t base, size;

        if (!type || strcmp(type, "memory")) {
            continue;
        }
        for (int i = 0; fdt_reg(fdt, root, n, i, &base, &size); i++) {
            boot_add_ram(base, size);
        }
    }
}
