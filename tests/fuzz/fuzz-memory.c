/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz the memory core with guest-style accesses.  Each input builds a
 * small tree (RAM, a ROM, MMIO devices with odd valid/impl sizes, aliases,
 * holes, a RAM page at the top of the 64-bit space), then runs a sequence
 * of 14-byte records:
 *
 *   op(1) base(1) offset(2, LE) len(2, LE) value(8, LE)
 *
 * The address is a table base plus a signed 16-bit offset, or the raw
 * value when base has its top bit set.  Ops: buffer read/write, sized
 * load/store, memset, map (writing through the mapping) and unmap, access
 * check, translate, and topology changes (enable, move, alias offset).
 * Devices check the core's contract (size within impl, aligned unless
 * impl.unaligned, offset inside the region); guest RAM is heap memory so
 * the sanitizer sees any stray access.
 */
#include "qemu/osdep.h"
#include "system/memory.h"
#include "qemu/log.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_RAM_SIZE 0x2000
#define FUZZ_PAGE 0x1000
#define FUZZ_MAX_MAPS 4
#define FUZZ_BUF 512
#define FUZZ_RECORD 14

typedef struct FuzzDev {
    MemoryRegion mr;
    uint8_t regs[64];
} FuzzDev;

typedef struct FuzzMap {
    void *p;
    hwaddr len;
    bool is_write;
} FuzzMap;

typedef struct FuzzMachine {
    MemoryRegion sys, ram, rom, top, ram_win, dev_win, spare;
    FuzzDev a, b, c, nul;
    AddressSpace as;
    uint8_t *ram_host, *rom_host, *top_host;
    FuzzMap maps[FUZZ_MAX_MAPS];
    int nr_maps;
} FuzzMachine;

static const hwaddr fuzz_bases[16] = {
    0, 0x1000, 0x1ff8, 0x2000, 0x3000, 0x3100, 0x3200, 0x3300,
    0x5000, 0x6000, 0x7000, 0x10000, 0xfffffffffffff000ull,
    0xfffffffffffffff8ull, 0x8000000000000000ull, 0x4000,
};

/* The core's promises to a device, checked on every callback. */
static void fuzz_dev_check(FuzzDev *d, hwaddr off, unsigned size)
{
    const MemoryRegionOps *ops = d->mr.ops;

    /* Every ops table below states its impl sizes. */
    if (size < ops->impl.min_access_size ||
        size > ops->impl.max_access_size ||
        off >= memory_region_size(&d->mr) ||
        (!ops->impl.unaligned && (off & (size - 1)))) {
        abort();
    }
}

static uint64_t fuzz_dev_read(void *opaque, hwaddr off, unsigned size)
{
    FuzzDev *d = opaque;
    uint64_t v = 0;

    fuzz_dev_check(d, off, size);
    memcpy(&v, d->regs + (off % 32), size);
    return v;
}

static void fuzz_dev_write(void *opaque, hwaddr off, uint64_t val,
                           unsigned size)
{
    FuzzDev *d = opaque;

    fuzz_dev_check(d, off, size);
    memcpy(d->regs + (off % 32), &val, size);
}

static bool fuzz_dev_accepts(void *opaque, hwaddr off, unsigned size,
                             bool is_write, MemTxAttrs attrs)
{
    return (off & 0xc) != 0xc;
}

/* Guest 1..8 unaligned; callbacks 4 only. */
static const MemoryRegionOps fuzz_ops_a = {
    .read = fuzz_dev_read, .write = fuzz_dev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8,
               .unaligned = true },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

/* Big-endian; guest 1..8; callbacks 1..2. */
static const MemoryRegionOps fuzz_ops_b = {
    .read = fuzz_dev_read, .write = fuzz_dev_write,
    .endianness = DEVICE_BIG_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 2 },
};

/* Guest 4 only with a filter; callbacks 8 and unaligned. */
static const MemoryRegionOps fuzz_ops_c = {
    .read = fuzz_dev_read, .write = fuzz_dev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4,
               .accepts = fuzz_dev_accepts },
    .impl = { .min_access_size = 8, .max_access_size = 8,
              .unaligned = true },
};

static void fuzz_build(FuzzMachine *m)
{
    memset(m, 0, sizeof(*m));
    m->ram_host = g_malloc0(FUZZ_RAM_SIZE);
    m->rom_host = g_malloc0(FUZZ_PAGE);
    m->top_host = g_malloc0(FUZZ_PAGE);
    memory_region_init(&m->sys, NULL, "system", UINT64_MAX);
    memory_region_init_ram_ptr(&m->ram, NULL, "ram", FUZZ_RAM_SIZE,
                               m->ram_host);
    memory_region_init_ram_ptr(&m->rom, NULL, "rom", FUZZ_PAGE, m->rom_host);
    memory_region_set_readonly(&m->rom, true);
    memory_region_init_ram_ptr(&m->top, NULL, "top", FUZZ_PAGE, m->top_host);
    memory_region_init_io(&m->a.mr, &m->a, &fuzz_ops_a, &m->a, "a", 0x20);
    memory_region_init_io(&m->b.mr, &m->b, &fuzz_ops_b, &m->b, "b", 0x13);
    memory_region_init_io(&m->c.mr, &m->c, &fuzz_ops_c, &m->c, "c", 0x40);
    memory_region_init_io(&m->nul.mr, NULL, NULL, NULL, "nul", 0x10);
    memory_region_init_alias(&m->ram_win, NULL, "ram-win", &m->ram, 0x1000,
                             0x1800);
    memory_region_init_alias(&m->dev_win, NULL, "dev-win", &m->b.mr, 1, 8);
    memory_region_init_ram_ptr(&m->spare, NULL, "spare", FUZZ_PAGE,
                               m->rom_host);
    memory_region_add_subregion(&m->sys, 0, &m->ram);
    memory_region_add_subregion(&m->sys, 0x3000, &m->a.mr);
    memory_region_add_subregion(&m->sys, 0x3100, &m->b.mr);
    memory_region_add_subregion(&m->sys, 0x3200, &m->c.mr);
    memory_region_add_subregion(&m->sys, 0x3300, &m->nul.mr);
    memory_region_add_subregion(&m->sys, 0x4000, &m->rom);
    memory_region_add_subregion(&m->sys, 0x5000, &m->ram_win);
    memory_region_add_subregion(&m->sys, 0x7000, &m->dev_win);
    memory_region_add_subregion(&m->sys, 0xfffffffffffff000ull, &m->top);
    memory_region_add_subregion_overlap(&m->sys, 0x1800, &m->spare, 1);
    memory_region_set_enabled(&m->spare, false);
    address_space_init(&m->as, &m->sys, "memory");
}

static void fuzz_teardown(FuzzMachine *m)
{
    int i;

    for (i = 0; i < m->nr_maps; i++) {
        address_space_unmap(&m->as, m->maps[i].p, m->maps[i].len,
                            m->maps[i].is_write, 0);
    }
    address_space_destroy(&m->as);
    memory_region_finalize(&m->sys);
    memory_region_finalize(&m->ram_win);
    memory_region_finalize(&m->dev_win);
    memory_region_finalize(&m->ram);
    memory_region_finalize(&m->rom);
    memory_region_finalize(&m->top);
    memory_region_finalize(&m->spare);
    memory_region_finalize(&m->a.mr);
    memory_region_finalize(&m->b.mr);
    memory_region_finalize(&m->c.mr);
    memory_region_finalize(&m->nul.mr);
    g_free(m->ram_host);
    g_free(m->rom_host);
    g_free(m->top_host);
}

static void fuzz_map(FuzzMachine *m, hwaddr addr, hwaddr len, uint64_t val)
{
    bool is_write = val & 1;
    FuzzMap *map;
    uint8_t *p;

    if (m->nr_maps == FUZZ_MAX_MAPS) {
        return;
    }
    p = address_space_map(&m->as, addr, &len, is_write, MEMTXATTRS_UNSPECIFIED);
    if (!p) {
        if (len != 0) {
            abort();
        }
        return;
    }
    if (len == 0) {
        abort();
    }
    /* Touch both ends of what we were given. */
    if (is_write) {
        p[0] = val >> 8;
        p[len - 1] = val >> 16;
    } else if (p[0] == 0x5a && p[len - 1] == 0xa5) {
        m->ram_host[0] ^= 1;
    }
    map = &m->maps[m->nr_maps++];
    map->p = p;
    map->len = len;
    map->is_write = is_write;
}

static void fuzz_unmap(FuzzMachine *m, uint64_t val)
{
    FuzzMap *map;

    if (m->nr_maps == 0) {
        return;
    }
    map = &m->maps[--m->nr_maps];
    address_space_unmap(&m->as, map->p, map->len, map->is_write,
                        val % (map->len + 1));
}

static void fuzz_topology(FuzzMachine *m, uint16_t off, uint64_t val)
{
    switch (val % 5) {
    case 0:
        memory_region_set_enabled(&m->spare, !m->spare.enabled);
        break;
    case 1:
        memory_region_set_address(&m->spare, off * 0x10ull);
        break;
    case 2:
        memory_region_set_alias_offset(&m->ram_win, off);
        break;
    case 3:
        memory_region_set_enabled(&m->a.mr, !m->a.mr.enabled);
        break;
    default:
        memory_region_set_alias_offset(&m->dev_win, off & 0x1f);
        break;
    }
}

static void fuzz_buffer_op(FuzzMachine *m, uint8_t op, hwaddr addr,
                           uint16_t len, uint64_t val)
{
    uint8_t buf[FUZZ_BUF];
    MemTxAttrs attrs = MEMTXATTRS_UNSPECIFIED;

    len %= FUZZ_BUF + 1;
    memset(buf, (uint8_t)val, sizeof(buf));
    if (op == 0) {
        address_space_read(&m->as, addr, attrs, buf, len);
    } else if (op == 1) {
        address_space_write(&m->as, addr, attrs, buf, len);
    } else {
        address_space_set(&m->as, addr, (uint8_t)val, len, attrs);
    }
}

static void fuzz_sized_op(FuzzMachine *m, bool store, hwaddr addr,
                          uint16_t len, uint64_t val)
{
    unsigned size = 1u << (len & 3);
    bool big = len & 4;
    MemTxResult res;

    if (store) {
        address_space_st(&m->as, addr, size, big, val,
                         MEMTXATTRS_UNSPECIFIED, &res);
    } else {
        address_space_ld(&m->as, addr, size, big, MEMTXATTRS_UNSPECIFIED,
                         &res);
    }
}

static void fuzz_lookup_op(FuzzMachine *m, bool translate, hwaddr addr,
                           uint64_t val)
{
    MemTxAttrs attrs = MEMTXATTRS_UNSPECIFIED;
    hwaddr xlat, len = val ? val : 1;
    MemoryRegion *mr;

    if (!translate) {
        address_space_access_valid(&m->as, addr, val, val & 1, attrs);
        return;
    }
    mr = address_space_translate(&m->as, addr, &xlat, &len, false, attrs);
    if (len == 0 || len > (val ? val : 1) ||
        (mr && (xlat > memory_region_size(mr) - 1 ||
                len - 1 > memory_region_size(mr) - 1 - xlat))) {
        abort();
    }
}

static void fuzz_record(FuzzMachine *m, const uint8_t *r)
{
    uint8_t op = r[0] % 11;
    uint16_t off = r[2] | r[3] << 8;
    uint16_t len = r[4] | r[5] << 8;
    uint64_t val = 0;
    hwaddr addr;
    int i;

    for (i = 0; i < 8; i++) {
        val |= (uint64_t)r[6 + i] << (8 * i);
    }
    addr = r[1] & 0x80 ? val : fuzz_bases[r[1] & 15] + (int16_t)off;
    if (op <= 2) {
        fuzz_buffer_op(m, op, addr, len, val);
    } else if (op <= 4) {
        fuzz_sized_op(m, op == 4, addr, len, val);
    } else if (op == 5) {
        fuzz_map(m, addr, len ? len : val, val);
    } else if (op == 6) {
        fuzz_unmap(m, val);
    } else if (op <= 8) {
        fuzz_lookup_op(m, op == 8, addr, val);
    } else {
        fuzz_topology(m, off, val);
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    /* Exercise the guest-error messages without flooding the output. */
    qemu_set_log_filename("/dev/null", NULL);
    qemu_set_log(LOG_GUEST_ERROR);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzMachine *m = g_new(FuzzMachine, 1);
    size_t pos;

    fuzz_build(m);
    for (pos = 0; pos + FUZZ_RECORD <= size; pos += FUZZ_RECORD) {
        fuzz_record(m, data + pos);
    }
    fuzz_teardown(m);
    g_free(m);
    return 0;
}
