/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests for the memory API: flattening (priorities, aliases, clipping,
 * enable/move), accesses (RAM, MMIO valid/impl adaptation, endianness,
 * unassigned), DMA mapping, 2^64 edge cases and the mtree text.
 */
#include "qemu/osdep.h"
#include "system/memory.h"
#include "qemu/log.h"

#define ATTRS MEMTXATTRS_UNSPECIFIED

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

/* A register file that records every callback as "R4@0 W4@0=1234 ". */
typedef struct TestDev {
    MemoryRegion mr;
    uint8_t regs[32];
    bool big;
    GString *trace;
} TestDev;

static uint64_t testdev_read(void *opaque, hwaddr off, unsigned size)
{
    TestDev *d = opaque;
    uint64_t v = 0;
    unsigned i;

    g_string_append_printf(d->trace, "R%u@%" PRIx64 " ", size, off);
    for (i = 0; i < size; i++) {
        uint8_t b = off < sizeof(d->regs) && i < sizeof(d->regs) - off
                    ? d->regs[off + i] : 0;

        v |= (uint64_t)b << (8 * (d->big ? size - 1 - i : i));
    }
    return v;
}

static void testdev_write(void *opaque, hwaddr off, uint64_t val,
                          unsigned size)
{
    TestDev *d = opaque;
    unsigned i;

    g_string_append_printf(d->trace, "W%u@%" PRIx64 "=%" PRIx64 " ",
                           size, off, val);
    for (i = 0; i < size; i++) {
        if (off < sizeof(d->regs) && i < sizeof(d->regs) - off) {
            d->regs[off + i] = val >> (8 * (d->big ? size - 1 - i : i));
        }
    }
}

/* Valid and implemented 1..8, aligned. */
static const MemoryRegionOps ops_le8 = {
    .read = testdev_read, .write = testdev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
};

/* Guest may do 1..8 (unaligned too); the callbacks only do 4. */
static const MemoryRegionOps ops_impl4 = {
    .read = testdev_read, .write = testdev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8,
               .unaligned = true },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static bool testdev_accepts(void *opaque, hwaddr off, unsigned size,
                            bool is_write, MemTxAttrs attrs)
{
    return off != 8;
}

/* Only aligned 4-byte accesses, and offset 8 is refused. */
static const MemoryRegionOps ops_valid4 = {
    .read = testdev_read, .write = testdev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4,
               .accepts = testdev_accepts },
};

/* Big-endian, default sizes (1..4). */
static const MemoryRegionOps ops_be = {
    .read = testdev_read, .write = testdev_write,
    .endianness = DEVICE_BIG_ENDIAN,
};

/* Big-endian, guest 1..8, callbacks 4 only. */
static const MemoryRegionOps ops_be_impl4 = {
    .read = testdev_read, .write = testdev_write,
    .endianness = DEVICE_BIG_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static void testdev_init(TestDev *d, const MemoryRegionOps *ops,
                         const char *name, uint64_t size)
{
    unsigned i;

    memset(d, 0, sizeof(*d));
    for (i = 0; i < sizeof(d->regs); i++) {
        d->regs[i] = i;
    }
    d->big = ops->endianness == DEVICE_BIG_ENDIAN;
    d->trace = g_string_new("");
    memory_region_init_io(&d->mr, d, ops, d, name, size);
}

static void testdev_finalize(TestDev *d)
{
    memory_region_finalize(&d->mr);
    g_string_free(d->trace, TRUE);
}

static void check_trace(TestDev *d, const char *expected)
{
    g_assert_cmpstr(d->trace->str, ==, expected);
    g_string_truncate(d->trace, 0);
}

/* The view as "start-last name@offset;..." */
static void check_view(AddressSpace *as, const char *expected)
{
    GArray *r = address_space_get_flatview_ranges(as);
    GString *s = g_string_new("");
    guint i;

    for (i = 0; i < r->len; i++) {
        MemoryRegionSection *sec = &g_array_index(r, MemoryRegionSection, i);

        g_string_append_printf(s, "%" PRIx64 "-%" PRIx64 " %s@%" PRIx64 ";",
                               sec->addr, sec->last,
                               memory_region_name(sec->mr), sec->offset);
    }
    g_assert_cmpstr(s->str, ==, expected);
    g_string_free(s, TRUE);
    g_array_free(r, TRUE);
}

/* Capture LOG_GUEST_ERROR output in a temporary file. */
typedef struct LogCapture {
    char *path;
    gsize seen;
} LogCapture;

static void log_capture_start(LogCapture *cap)
{
    int fd = g_file_open_tmp("test-memory-XXXXXX.log", &cap->path, NULL);

    g_assert(fd >= 0);
    close(fd);
    cap->seen = 0;
    g_assert(qemu_set_log_filename(cap->path, &error_abort));
    qemu_set_log(LOG_GUEST_ERROR);
}

/* Log text written since the previous call. */
static char *log_capture_take(LogCapture *cap)
{
    g_autofree char *all = NULL;
    gsize len;
    char *fresh;

    qemu_log_flush();
    g_assert(g_file_get_contents(cap->path, &all, &len, NULL));
    fresh = g_strdup(all + cap->seen);
    cap->seen = len;
    return fresh;
}

static void check_log(LogCapture *cap, const char *expected)
{
    g_autofree char *got = log_capture_take(cap);

    g_assert_cmpstr(got, ==, expected);
}

static void log_capture_stop(LogCapture *cap)
{
    qemu_set_log(0);
    qemu_set_log_filename(NULL, &error_abort);
    unlink(cap->path);
    g_free(cap->path);
}

/* ------------------------------------------------------------------ */
/* Topology                                                            */

static void test_priorities(void)
{
    MemoryRegion sys, ram, b, c, d;
    uint8_t host[0x1000];
    AddressSpace as;

    memory_region_init(&sys, NULL, "sys", UINT64_MAX);
    memory_region_init_ram_ptr(&ram, NULL, "ram", sizeof(host), host);
    memory_region_init_io(&b, NULL, NULL, NULL, "b", 0x100);
    memory_region_init_io(&c, NULL, NULL, NULL, "c", 0x100);
    memory_region_init_io(&d, NULL, NULL, NULL, "d", 0x200);
    memory_region_add_subregion(&sys, 0, &ram);
    memory_region_add_subregion_overlap(&sys, 0x800, &b, 1);
    /* Equal priority: the later-added region wins. */
    memory_region_add_subregion_overlap(&sys, 0x880, &c, 1);
    /* Lower priority than the unprioritised RAM (priority 0). */
    memory_region_add_subregion_overlap(&sys, 0xf00, &d, -1);
    address_space_init(&as, &sys, "as");
    check_view(&as, "0-7ff ram@0;800-87f b@0;880-97f c@0;980-fff ram@980;"
               "1000-10ff d@100;");

    /* A moved region counts as the newest of its priority. */
    memory_region_set_address(&b, 0x900);
    check_view(&as, "0-87f ram@0;880-8ff c@0;900-9ff b@0;a00-fff ram@a00;"
               "1000-10ff d@100;");
    memory_region_set_enabled(&c, false);
    check_view(&as, "0-8ff ram@0;900-9ff b@0;a00-fff ram@a00;"
               "1000-10ff d@100;");
    memory_region_set_enabled(&c, true);
    memory_region_del_subregion(&sys, &b);
    memory_region_del_subregion(&sys, &c);
    check_view(&as, "0-fff ram@0;1000-10ff d@100;");

    address_space_destroy(&as);
    memory_region_finalize(&sys);
    memory_region_finalize(&ram);
    memory_region_finalize(&b);
    memory_region_finalize(&c);
    memory_region_finalize(&d);
}

static void test_overlap_reject(void)
{
    if (g_test_subprocess()) {
        MemoryRegion sys, a, b;

        memory_region_init(&sys, NULL, "sys", 0x10000);
        memory_region_init_io(&a, NULL, NULL, NULL, "a", 0x1000);
        memory_region_init_io(&b, NULL, NULL, NULL, "b", 0x1000);
        memory_region_add_subregion(&sys, 0, &a);
        memory_region_add_subregion(&sys, 0x800, &b);
        return;
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*'b' at 0x800 size 0x1000 overlaps 'a' at "
                              "0x0 size 0x1000 in 'sys'*");
}

/* What the board may do: touch, zero size, overlap with a priority. */
static void test_overlap_allowed(void)
{
    MemoryRegion sys, a, b, z, p;
    AddressSpace as;

    memory_region_init(&sys, NULL, "sys", 0x10000);
    memory_region_init_io(&a, NULL, NULL, NULL, "a", 0x1000);
    memory_region_init_io(&b, NULL, NULL, NULL, "b", 0x1000);
    memory_region_init_io(&z, NULL, NULL, NULL, "z", 0);
    memory_region_init_io(&p, NULL, NULL, NULL, "p", 0x100);
    memory_region_add_subregion(&sys, 0, &a);
    memory_region_add_subregion(&sys, 0x1000, &b);
    memory_region_add_subregion(&sys, 0x800, &z);
    memory_region_add_subregion_overlap(&sys, 0xf80, &p, 0);
    address_space_init(&as, &sys, "as");
    check_view(&as, "0-f7f a@0;f80-107f p@0;1080-1fff b@80;");
    address_space_destroy(&as);
    memory_region_finalize(&sys);
    memory_region_finalize(&a);
    memory_region_finalize(&b);
    memory_region_finalize(&z);
    memory_region_finalize(&p);
}

static void test_alias(void)
{
    MemoryRegion sys, ram, a1, a2, tail;
    AddressSpace as;
    uint8_t *host, buf[2];

    memory_region_init(&sys, NULL, "sys", UINT64_MAX);
    g_assert(memory_region_init_ram(&ram, NULL, "ram", 0x10000,
                                    &error_abort));
    memory_region_init_alias(&a1, NULL, "a1", &ram, 0x1000, 0x2000);
    memory_region_init_alias(&a2, NULL, "a2", &a1, 0x800, 0x100);
    /* Runs past the end of the RAM: clipped to what exists. */
    memory_region_init_alias(&tail, NULL, "tail", &ram, 0xf000, 0x2000);
    memory_region_add_subregion(&sys, 0, &ram);
    memory_region_add_subregion(&sys, 0x100000, &a1);
    memory_region_add_subregion(&sys, 0x200000, &a2);
    memory_region_add_subregion(&sys, 0x300000, &tail);
    address_space_init(&as, &sys, "as");
    check_view(&as, "0-ffff ram@0;100000-101fff ram@1000;"
               "200000-2000ff ram@1800;300000-300fff ram@f000;");

    host = memory_region_get_ram_ptr(&ram);
    g_assert(address_space_write(&as, 0x200010, ATTRS, "\x5a\xa5", 2) ==
             MEMTX_OK);
    g_assert_cmphex(host[0x1810], ==, 0x5a);
    g_assert(address_space_read(&as, 0x100810, ATTRS, buf, 2) == MEMTX_OK);
    g_assert_cmphex(buf[1], ==, 0xa5);

    memory_region_set_alias_offset(&a1, 0x3000);
    check_view(&as, "0-ffff ram@0;100000-101fff ram@3000;"
               "200000-2000ff ram@3800;300000-300fff ram@f000;");

    /* Finalizing the original leaves empty windows behind. */
    address_space_destroy(&as);
    memory_region_finalize(&ram);
    address_space_init(&as, &sys, "as");
    check_view(&as, "");
    address_space_destroy(&as);
    memory_region_finalize(&sys);
    memory_region_finalize(&a1);
    memory_region_finalize(&a2);
    memory_region_finalize(&tail);
}

static void test_container_clip(void)
{
    MemoryRegion sys, outer, inner, big;
    uint8_t host[0x4000];
    AddressSpace as;

    memory_region_init(&sys, NULL, "sys", UINT64_MAX);
    memory_region_init(&outer, NULL, "outer", 0x1000);
    memory_region_init(&inner, NULL, "inner", 0x10000);
    memory_region_init_ram_ptr(&big, NULL, "big", sizeof(host), host);
    memory_region_add_subregion(&sys, 0x10000, &outer);
    memory_region_add_subregion(&outer, 0x400, &inner);
    memory_region_add_subregion(&inner, 0x400, &big);
    address_space_init(&as, &sys, "as");
    /* big starts at 0x10800 and is cut at the end of outer. */
    check_view(&as, "10800-10fff big@0;");
    memory_region_set_address(&inner, 0);
    check_view(&as, "10400-10fff big@0;");
    memory_region_set_enabled(&outer, false);
    check_view(&as, "");
    memory_region_set_enabled(&outer, true);
    memory_region_set_size(&outer, 0x800);
    check_view(&as, "10400-107ff big@0;");
    address_space_destroy(&as);
    memory_region_finalize(&sys);
    memory_region_finalize(&outer);
    memory_region_finalize(&inner);
    memory_region_finalize(&big);
}

typedef struct CountNotifier {
    MemoryNotifier n;
    int count;
} CountNotifier;

static void count_changed(MemoryNotifier *n, AddressSpace *as)
{
    container_of(n, CountNotifier, n)->count++;
}

/* Two trees in one process; spaces sharing a root; staleness via alias. */
static void test_two_spaces(void)
{
    MemoryRegion sys1, sys2, ram1, ram2, win, extra;
    AddressSpace as1, as1b, as2;
    CountNotifier cn = { .n.changed = count_changed };
    uint8_t v = 0;

    memory_region_init(&sys1, NULL, "sys1", UINT64_MAX);
    memory_region_init(&sys2, NULL, "sys2", UINT64_MAX);
    g_assert(memory_region_init_ram(&ram1, NULL, "ram1", 0x1000,
                                    &error_abort));
    g_assert(memory_region_init_ram(&ram2, NULL, "ram2", 0x1000,
                                    &error_abort));
    memory_region_init_alias(&win, NULL, "win", &sys1, 0, 0x10000);
    memory_region_add_subregion(&sys1, 0, &ram1);
    memory_region_add_subregion(&sys2, 0, &ram2);
    memory_region_add_subregion(&sys2, 0x100000, &win);
    address_space_init(&as1, &sys1, "as1");
    address_space_init(&as1b, &sys1, "as1b");
    address_space_init(&as2, &sys2, "as2");

    address_space_stb(&as1, 0x10, 0x11, ATTRS, NULL);
    address_space_stb(&as2, 0x10, 0x22, ATTRS, NULL);
    g_assert_cmphex(address_space_ldub(&as1b, 0x10, ATTRS, NULL), ==, 0x11);
    g_assert_cmphex(address_space_ldub(&as2, 0x10, ATTRS, NULL), ==, 0x22);
    g_assert_cmphex(address_space_ldub(&as2, 0x100010, ATTRS, NULL), ==,
                    0x11);

    /* A change in tree 1 is seen through the alias in tree 2. */
    address_space_add_notifier(&as2, &cn.n);
    check_view(&as2, "0-fff ram2@0;100000-100fff ram1@0;");
    memory_region_init_ram_ptr(&extra, NULL, "extra", 1, &v);
    memory_region_add_subregion(&sys1, 0x2000, &extra);
    memory_region_set_address(&extra, 0x3000);
    g_assert_cmpint(cn.count, ==, 1);       /* once per batch */
    check_view(&as2, "0-fff ram2@0;100000-100fff ram1@0;"
               "103000-103000 extra@0;");
    check_view(&as1b, "0-fff ram1@0;3000-3000 extra@0;");
    memory_region_del_subregion(&sys1, &extra);
    g_assert_cmpint(cn.count, ==, 2);
    address_space_remove_notifier(&as2, &cn.n);

    address_space_destroy(&as1);
    address_space_destroy(&as1b);
    address_space_destroy(&as2);
    memory_region_finalize(&win);
    memory_region_finalize(&sys1);
    memory_region_finalize(&sys2);
    memory_region_finalize(&ram1);
    memory_region_finalize(&ram2);
    memory_region_finalize(&extra);
}

/* Many overlapping regions: the bisected view against a brute force. */
typedef struct ModelRegion {
    MemoryRegion mr;
    hwaddr addr;
    hwaddr size;
    int prio;
    unsigned seq;       /* add/move order: newer wins at equal priority */
} ModelRegion;

#define MODEL_N 300
#define MODEL_SPAN 0x100000

static ModelRegion *model_winner(ModelRegion *m, hwaddr a)
{
    ModelRegion *best = NULL;
    int i;

    for (i = 0; i < MODEL_N; i++) {
        if (a >= m[i].addr && a - m[i].addr < m[i].size &&
            (!best || m[i].prio > best->prio ||
             (m[i].prio == best->prio && m[i].seq > best->seq))) {
            best = &m[i];
        }
    }
    return best;
}

static void model_check_addr(AddressSpace *as, ModelRegion *m, hwaddr a)
{
    ModelRegion *want = model_winner(m, a);
    hwaddr xlat, len = 1;
    MemoryRegion *got = address_space_translate(as, a, &xlat, &len, false,
                                                ATTRS);

    g_assert(got == (want ? &want->mr : NULL));
    g_assert_cmphex(xlat, ==, want ? a - want->addr : a);
}

static void model_check(AddressSpace *as, ModelRegion *m, GRand *rng)
{
    GArray *r = address_space_get_flatview_ranges(as);
    guint i;

    for (i = 0; i < r->len; i++) {
        MemoryRegionSection *s = &g_array_index(r, MemoryRegionSection, i);

        g_assert_cmphex(s->addr, <=, s->last);
        if (i) {
            g_assert_cmphex(s[-1].last, <, s->addr);
        }
        model_check_addr(as, m, s->addr);
        model_check_addr(as, m, s->last);
        model_check_addr(as, m, s->last + 1);
    }
    for (i = 0; i < 3000; i++) {
        model_check_addr(as, m, g_rand_int_range(rng, 0, MODEL_SPAN + 64));
    }
    g_array_free(r, TRUE);
}

static void test_flatview_model(void)
{
    ModelRegion *m = g_new0(ModelRegion, MODEL_N);
    GRand *rng = g_rand_new_with_seed(42);
    MemoryRegion sys;
    AddressSpace as;
    unsigned seq = 0;
    int i;

    memory_region_init(&sys, NULL, "sys", UINT64_MAX);
    for (i = 0; i < MODEL_N; i++) {
        m[i].addr = g_rand_int_range(rng, 0, MODEL_SPAN);
        m[i].size = g_rand_int_range(rng, 1, 0x4000);
        m[i].prio = g_rand_int_range(rng, 0, 4);
        m[i].seq = seq++;
        memory_region_init_io(&m[i].mr, NULL, NULL, NULL, "m", m[i].size);
        memory_region_add_subregion_overlap(&sys, m[i].addr, &m[i].mr,
                                            m[i].prio);
    }
    address_space_init(&as, &sys, "as");
    model_check(&as, m, rng);
    for (i = 0; i < MODEL_N; i += 7) {
        m[i].addr = g_rand_int_range(rng, 0, MODEL_SPAN);
        m[i].seq = seq++;
        memory_region_set_address(&m[i].mr, m[i].addr);
    }
    model_check(&as, m, rng);
    address_space_destroy(&as);
    memory_region_finalize(&sys);
    for (i = 0; i < MODEL_N; i++) {
        memory_region_finalize(&m[i].mr);
    }
    g_free(m);
    g_rand_free(rng);
}

/* ------------------------------------------------------------------ */
/* Accesses                                                            */

static void test_ram_access(void)
{
    MemoryRegion sys, ram, rom;
    AddressSpace as;
    LogCapture cap;
    uint8_t buf[8];
    MemTxResult res;
    uint8_t *host;

    log_capture_start(&cap);
    memory_region_init(&sys, NULL, "sys", UINT64_MAX);
    g_assert(memory_region_init_ram(&ram, NULL, "ram", 0x1000,
                                    &error_abort));
    g_assert(memory_region_init_rom(&rom, NULL, "rom", 0x1000,
                                    &error_abort));
    memory_region_add_subregion(&sys, 0, &ram);
    memory_region_add_subregion(&sys, 0x1000, &rom);
    address_space_init(&as, &sys, "as");
    host = memory_region_get_ram_ptr(&ram);

    address_space_stl_le(&as, 0x11, 0x44332211, ATTRS, &res);
    g_assert(res == MEMTX_OK);
    g_assert_cmpmem(host + 0x11, 4, "\x11\x22\x33\x44", 4);
    g_assert_cmphex(address_space_ldl_be(&as, 0x11, ATTRS, NULL), ==,
                    0x11223344);
    address_space_stq_be(&as, 0x20, 0x0102030405060708ull, ATTRS, NULL);
    g_assert_cmphex(address_space_ldq_le(&as, 0x20, ATTRS, NULL), ==,
                    0x0807060504030201ull);
    g_assert_cmphex(address_space_lduw_le(&as, 0x21, ATTRS, NULL), ==,
                    0x0302);

    /* ROM: readable, guest writes rejected and logged. */
    memcpy(memory_region_get_ram_ptr(&rom), "\xca\xfe", 2);
    res = address_space_write(&as, 0x1000, ATTRS, "\0\0", 2);
    g_assert(res == MEMTX_DECODE_ERROR);
    check_log(&cap, "Invalid write at addr 0x0, size 2, region 'rom', "
              "reason: rejected\n");
    g_assert(address_space_read(&as, 0x1000, ATTRS, buf, 2) == MEMTX_OK);
    g_assert_cmpmem(buf, 2, "\xca\xfe", 2);
    g_assert(!address_space_access_valid(&as, 0x1000, 1, true, ATTRS));
    g_assert(address_space_access_valid(&as, 0xff0, 0x20, false, ATTRS));

    /* memset across RAM into ROM. */
    res = address_space_set(&as, 0xffe, 0x77, 4, ATTRS);
    g_assert(res == MEMTX_DECODE_ERROR);
    g_assert_cmpmem(host + 0xffe, 2, "\x77\x77", 2);
    check_log(&cap, "Invalid write at addr 0x0, size 2, region 'rom', "
              "reason: rejected\n");

    address_space_destroy(&as);
    memory_region_finalize(&sys);
    memory_region_finalize(&ram);
    memory_region_finalize(&rom);
    log_capture_stop(&cap);
}

static void test_ram_alloc(void)
{
    MemoryRegion huge, big;
    Error *err = NULL;
    AddressSpace as;

    g_assert(!memory_region_init_ram(&huge, NULL, "huge", UINT64_MAX, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "cannot set up guest memory 'huge': "
                    "Cannot allocate memory");
    error_free(err);
    memory_region_finalize(&huge);

    /* 4 GiB costs nothing until touched. */
    g_assert(memory_region_init_ram(&big, NULL, "big", 4ull << 30,
                                    &error_abort));
    address_space_init(&as, &big, "as");
    address_space_stb(&as, (4ull << 30) - 1, 0x42, ATTRS, NULL);
    g_assert_cmphex(address_space_ldub(&as, (4ull << 30) - 1, ATTRS, NULL),
                    ==, 0x42);
    address_space_destroy(&as);
    memory_region_finalize(&big);
}

/* RAM, then MMIO, then a hole, in one access. */
static void test_span(void)
{
    MemoryRegion sys, ram;
    AddressSpace as;
    LogCapture cap;
    TestDev dev;
    uint8_t buf[24];
    uint8_t *host;

    log_capture_start(&cap);
    memory_region_init(&sys, NULL, "sys", UINT64_MAX);
    g_assert(memory_region_init_ram(&ram, NULL, "ram", 0x1000,
                                    &error_abort));
    testdev_init(&dev, &ops_le8, "dev", 16);
    memory_region_add_subregion(&sys, 0, &ram);
    memory_region_add_subregion(&sys, 0x1000, &dev.mr);
    address_space_init(&as, &sys, "as");
    host = memory_region_get_ram_ptr(&ram);
    memcpy(host + 0xffc, "\xa0\xa1\xa2\xa3", 4);

    g_assert(address_space_read(&as, 0xffc, ATTRS, buf, 24) ==
             MEMTX_DECODE_ERROR);
    g_assert_cmpmem(buf, 24, "\xa0\xa1\xa2\xa3"
                    "\x00\x01\x02\x03\x04\x05\x06\x07"
                    "\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"
                    "\xff\xff\xff\xff", 24);
    check_trace(&dev, "R8@0 R8@8 ");
    check_log(&cap, "Invalid read at addr 0x1010, size 4, region '(null)', "
              "reason: rejected\n");

    g_assert(address_space_write(&as, 0xffe, ATTRS, "\x01\x02\x03\x04", 4)
             == MEMTX_OK);
    g_assert_cmpmem(host + 0xffe, 2, "\x01\x02", 2);
    check_trace(&dev, "W2@0=403 ");

    /* Unaligned piece of MMIO: split into aligned device accesses. */
    g_assert(address_space_read(&as, 0x1001, ATTRS, buf, 7) == MEMTX_OK);
    check_trace(&dev, "R1@1 R2@2 R4@4 ");
    g_assert_cmpmem(buf, 7, "\x04\x02\x03\x04\x05\x06\x07", 7);

    g_assert(address_space_write(&as, 0x2000, ATTRS, buf, 3) ==
             MEMTX_DECODE_ERROR);
    check_log(&cap, "Invalid write at addr 0x2000, size 3, region '(null)', "
              "reason: rejected\n");
    g_assert(!address_space_access_valid(&as, 0xff0, 0x30, false, ATTRS));
    g_assert(address_space_access_valid(&as, 0xff0, 0x20, true, ATTRS));

    address_space_destroy(&as);
    memory_region_finalize(&sys);
    memory_region_finalize(&ram);
    testdev_finalize(&dev);
    log_capture_stop(&cap);
}

static void test_impl_adjust(void)
{
    AddressSpace as;
    TestDev dev;
    uint8_t buf[8];

    testdev_init(&dev, &ops_impl4, "dev", 16);
    address_space_init(&as, &dev.mr, "as");

    address_space_stq_le(&as, 0, 0x8877665544332211ull, ATTRS, NULL);
    check_trace(&dev, "W4@0=44332211 W4@4=88776655 ");
    g_assert_cmphex(address_space_ldub(&as, 5, ATTRS, NULL), ==, 0x66);
    check_trace(&dev, "R4@4 ");
    address_space_stb(&as, 2, 0xaa, ATTRS, NULL);
    check_trace(&dev, "R4@0 W4@0=44aa2211 ");
    /* Unaligned and straddling two device words: two read-modify-writes. */
    address_space_stw_le(&as, 3, 0xbbcc, ATTRS, NULL);
    check_trace(&dev, "R4@0 R4@4 W4@0=ccaa2211 W4@4=887766bb ");
    g_assert_cmphex(address_space_ldq_le(&as, 0, ATTRS, NULL), ==,
                    0x887766bbccaa2211ull);
    check_trace(&dev, "R4@0 R4@4 ");
    g_assert(address_space_read(&as, 0, ATTRS, buf, 8) == MEMTX_OK);
    g_assert_cmpmem(buf, 8, "\x11\x22\xaa\xcc\xbb\x66\x77\x88", 8);
    check_trace(&dev, "R4@0 R4@4 ");

    address_space_destroy(&as);
    testdev_finalize(&dev);
}

static void test_valid_reject(void)
{
    AddressSpace as;
    LogCapture cap;
    TestDev dev;
    MemTxResult res;
    uint8_t buf[2];

    log_capture_start(&cap);
    testdev_init(&dev, &ops_valid4, "dev", 16);
    address_space_init(&as, &dev.mr, "as");

    g_assert_cmphex(address_space_ldub(&as, 0, ATTRS, &res), ==, 0xff);
    g_assert(res == MEMTX_ERROR);
    check_log(&cap, "Invalid access at addr 0x0, size 1, region 'dev', "
              "reason: invalid size (min:4 max:4)\n");
    g_assert_cmphex(address_space_ldl_le(&as, 2, ATTRS, &res), ==,
                    0xffffffff);
    g_assert(res == MEMTX_ERROR);
    check_log(&cap, "Invalid access at addr 0x2, size 4, region 'dev', "
              "reason: unaligned\n");
    address_space_stl_le(&as, 8, 0, ATTRS, &res);
    g_assert(res == MEMTX_ERROR);
    check_log(&cap, "Invalid write at addr 0x8, size 4, region 'dev', "
              "reason: rejected\n");
    g_assert(address_space_read(&as, 0, ATTRS, buf, 2) == MEMTX_ERROR);
    g_assert_cmpmem(buf, 2, "\xff\xff", 2);
    g_free(log_capture_take(&cap));
    check_trace(&dev, "");

    g_assert(address_space_access_valid(&as, 0, 8, false, ATTRS));
    g_assert(!address_space_access_valid(&as, 0, 12, false, ATTRS));
    g_assert(!address_space_access_valid(&as, 2, 4, false, ATTRS));
    address_space_stl_le(&as, 4, 0x12345678, ATTRS, &res);
    g_assert(res == MEMTX_OK);
    check_trace(&dev, "W4@4=12345678 ");

    address_space_destroy(&as);
    testdev_finalize(&dev);
    log_capture_stop(&cap);
}

static void test_big_endian(void)
{
    AddressSpace as, as2;
    TestDev dev, dev2;
    uint8_t buf[4];

    testdev_init(&dev, &ops_be, "be", 16);
    memcpy(dev.regs, "\x11\x22\x33\x44", 4);
    address_space_init(&as, &dev.mr, "as");

    /* Bytes in address order: byte 0 is the register's high byte. */
    g_assert(address_space_read(&as, 0, ATTRS, buf, 4) == MEMTX_OK);
    g_assert_cmpmem(buf, 4, "\x11\x22\x33\x44", 4);
    check_trace(&dev, "R4@0 ");
    g_assert_cmphex(address_space_ldl_be(&as, 0, ATTRS, NULL), ==,
                    0x11223344);
    g_assert_cmphex(address_space_ldl_le(&as, 0, ATTRS, NULL), ==,
                    0x44332211);
    g_assert_cmphex(address_space_lduw_be(&as, 2, ATTRS, NULL), ==, 0x3344);
    check_trace(&dev, "R4@0 R4@0 R2@2 ");
    /* A little-endian store to a big-endian device arrives swapped. */
    address_space_stl_le(&as, 4, 0xaabbccdd, ATTRS, NULL);
    check_trace(&dev, "W4@4=ddccbbaa ");
    g_assert_cmpmem(dev.regs + 4, 4, "\xdd\xcc\xbb\xaa", 4);

    /* Splitting a wide access keeps the byte order. */
    testdev_init(&dev2, &ops_be_impl4, "be4", 16);
    address_space_init(&as2, &dev2.mr, "as2");
    address_space_stq_be(&as2, 0, 0x0011223344556677ull, ATTRS, NULL);
    check_trace(&dev2, "W4@0=112233 W4@4=44556677 ");
    g_assert_cmphex(address_space_lduw_be(&as2, 2, ATTRS, NULL), ==,
                    0x2233);
    check_trace(&dev2, "R4@0 ");

    address_space_destroy(&as);
    address_space_destroy(&as2);
    testdev_finalize(&dev);
    testdev_finalize(&dev2);
}

/* ------------------------------------------------------------------ */
/* DMA mapping                                                         */

static void test_map(void)
{
    MemoryRegion sys, ram;
    hwaddr len;
    AddressSpace as;
    LogCapture cap;
    TestDev dev;
    uint8_t *p, *q;

    log_capture_start(&cap);
    memory_region_init(&sys, NULL, "sys", UINT64_MAX);
    g_assert(memory_region_init_ram(&ram, NULL, "ram", 0x2000,
                                    &error_abort));
    testdev_init(&dev, &ops_le8, "dev", 16);
    memory_region_add_subregion(&sys, 0, &ram);
    memory_region_add_subregion(&sys, 0x2000, &dev.mr);
    address_space_init(&as, &sys, "as");

    /* RAM: direct pointer, clipped to the end of the RAM. */
    len = 0x1000;
    p = address_space_map(&as, 0x1f00, &len, true, ATTRS);
    g_assert(p == (uint8_t *)memory_region_get_ram_ptr(&ram) + 0x1f00);
    g_assert_cmphex(len, ==, 0x100);
    address_space_unmap(&as, p, len, true, len);

    /* MMIO: bounce buffer, filled for a read; only one at a time. */
    len = 0x100;
    p = address_space_map(&as, 0x2000, &len, false, ATTRS);
    g_assert(p);
    g_assert_cmphex(len, ==, 16);
    g_assert_cmpmem(p, 4, "\x00\x01\x02\x03", 4);
    check_trace(&dev, "R8@0 R8@8 ");
    len = 8;
    q = address_space_map(&as, 0x2000, &len, true, ATTRS);
    g_assert(!q);
    g_assert_cmphex(len, ==, 0);
    address_space_unmap(&as, p, 16, false, 16);
    check_trace(&dev, "");

    /* A write mapping is written back on unmap, access_len bytes only. */
    len = 16;
    p = address_space_map(&as, 0x2000, &len, true, ATTRS);
    memcpy(p, "\x78\x56\x34\x12\xff\xff", 6);
    address_space_unmap(&as, p, len, true, 4);
    check_trace(&dev, "W4@0=12345678 ");

    /* A hole bounces too, at most ADDRESS_SPACE_BOUNCE_MAX bytes. */
    len = 1 << 20;
    p = address_space_map(&as, 0x3000, &len, false, ATTRS);
    g_assert_cmphex(len, ==, ADDRESS_SPACE_BOUNCE_MAX);
    g_assert_cmphex(p[0], ==, 0xff);
    address_space_unmap(&as, p, len, false, 0);
    check_log(&cap, "Invalid read at addr 0x3000, size 4096, region "
              "'(null)', reason: rejected\n");

    len = 0;
    g_assert(!address_space_map(&as, 0, &len, false, ATTRS));

    address_space_destroy(&as);
    memory_region_finalize(&sys);
    memory_region_finalize(&ram);
    testdev_finalize(&dev);
    log_capture_stop(&cap);
}

/* Guest addresses and lengths that would wrap at 2^64. */
static void test_top_of_space(void)
{
    const hwaddr top = 0xfffffffffffff000ull;
    MemoryRegion sys, ram;
    uint8_t host[0x1000], buf[16];
    AddressSpace as;
    LogCapture cap;
    hwaddr len, xlat;

    log_capture_start(&cap);
    memset(host, 0x5a, sizeof(host));
    memory_region_init(&sys, NULL, "sys", UINT64_MAX);
    g_assert_cmphex(memory_region_size(&sys), ==, UINT64_MAX);
    memory_region_init_ram_ptr(&ram, NULL, "top", sizeof(host), host);
    memory_region_add_subregion(&sys, top, &ram);
    address_space_init(&as, &sys, "as");

    g_assert(address_space_read(&as, UINT64_MAX - 7, ATTRS, buf, 16) ==
             MEMTX_DECODE_ERROR);
    g_assert_cmpmem(buf, 16, "\x5a\x5a\x5a\x5a\x5a\x5a\x5a\x5a"
                    "\xff\xff\xff\xff\xff\xff\xff\xff", 16);
    check_log(&cap, "Invalid read at addr 0x10000000000000000, size 8, "
              "region '(null)', reason: beyond the end of the address "
              "space\n");
    g_assert(address_space_write(&as, UINT64_MAX - 3, ATTRS, "\1\2\3\4\5\6",
                                 6) == MEMTX_DECODE_ERROR);
    g_assert_cmpmem(host + 0xffc, 4, "\1\2\3\4", 4);
    g_assert_cmphex(address_space_ldq_le(&as, UINT64_MAX - 3, ATTRS, NULL),
                    ==, 0xffffffff04030201ull);
    g_assert(address_space_set(&as, UINT64_MAX - 1, 0, 4, ATTRS) ==
             MEMTX_DECODE_ERROR);
    g_assert_cmpmem(host + 0xffe, 2, "\0\0", 2);
    g_free(log_capture_take(&cap));

    g_assert(address_space_access_valid(&as, top, 0x1000, true, ATTRS));
    g_assert(!address_space_access_valid(&as, top, 0x1001, true, ATTRS));
    g_assert(!address_space_access_valid(&as, UINT64_MAX, UINT64_MAX,
                                         false, ATTRS));
    len = UINT64_MAX;
    g_assert(address_space_map(&as, UINT64_MAX - 7, &len, true, ATTRS) ==
             host + 0xff8);
    g_assert_cmphex(len, ==, 8);
    len = UINT64_MAX;
    g_assert(!address_space_translate(&as, 0, &xlat, &len, false, ATTRS));
    g_assert_cmphex(len, ==, top);

    address_space_destroy(&as);
    memory_region_finalize(&sys);
    memory_region_finalize(&ram);
    log_capture_stop(&cap);
}

/* An I/O region covering all 2^64 bytes. */
static void test_whole_space(void)
{
    AddressSpace as;
    TestDev dev;
    hwaddr len = UINT64_MAX, xlat;

    testdev_init(&dev, &ops_le8, "all", UINT64_MAX);
    address_space_init(&as, &dev.mr, "as");
    check_view(&as, "0-ffffffffffffffff all@0;");
    g_assert(address_space_translate(&as, 0, &xlat, &len, false, ATTRS) ==
             &dev.mr);
    g_assert_cmphex(len, ==, UINT64_MAX);
    g_assert_cmphex(address_space_ldub(&as, UINT64_MAX, ATTRS, NULL), ==, 0);
    check_trace(&dev, "R1@ffffffffffffffff ");
    address_space_destroy(&as);
    testdev_finalize(&dev);
}

/* ------------------------------------------------------------------ */
/* info mtree                                                          */

static void test_mtree(void)
{
    MemoryRegion sys, ram, hi, io, port;
    AddressSpace mem, cpu, ioas;
    AddressSpace *spaces[] = { &mem, &cpu, &ioas };
    uint8_t host[16];
    GString *out = g_string_new("");

    memory_region_init(&sys, NULL, "system", UINT64_MAX);
    memory_region_init_ram_ptr(&ram, NULL, "ram", 0x8000000, host);
    memory_region_init_alias(&hi, NULL, "ram-hi", &ram, 0x1000, 0x1000);
    memory_region_init(&io, NULL, "io", 0x10000);
    memory_region_init_io(&port, NULL, NULL, NULL, "port", 8);
    memory_region_add_subregion(&sys, 0x20000000, &hi);
    memory_region_add_subregion(&sys, 0, &ram);
    memory_region_add_subregion_overlap(&io, 0x3f8, &port, 1);
    memory_region_set_enabled(&port, false);
    address_space_init(&mem, &sys, "memory");
    address_space_init(&cpu, &sys, "cpu-memory");
    address_space_init(&ioas, &io, "I/O");

    mtree_info(out, spaces, 3, false);
    g_assert_cmpstr(out->str, ==,
        "address-space: memory\n"
        "address-space: cpu-memory\n"
        "  0000000000000000-ffffffffffffffff (prio 0, i/o): system\n"
        "    0000000000000000-0000000007ffffff (prio 0, ram): ram\n"
        "    0000000020000000-0000000020000fff (prio 0, ram): alias ram-hi "
        "@ram 0000000000001000-0000000000001fff\n"
        "\n"
        "address-space: I/O\n"
        "  0000000000000000-000000000000ffff (prio 0, i/o): io\n"
        "    00000000000003f8-00000000000003ff (prio 1, i/o): port "
        "[disabled]\n"
        "\n"
        "memory-region: ram\n"
        "  0000000000000000-0000000007ffffff (prio 0, ram): ram\n"
        "\n");

    g_string_truncate(out, 0);
    mtree_info(out, spaces, 3, true);
    g_assert_cmpstr(out->str, ==,
        "FlatView #0\n"
        " AS \"memory\", root: system\n"
        " AS \"cpu-memory\", root: system\n"
        " Root memory region: system\n"
        "  0000000000000000-0000000007ffffff (prio 0, ram): ram\n"
        "  0000000020000000-0000000020000fff (prio 0, ram): ram "
        "@0000000000001000\n"
        "\n"
        "FlatView #1\n"
        " AS \"I/O\", root: io\n"
        " Root memory region: io\n"
        " No rendered FlatView\n"
        "\n");

    g_string_free(out, TRUE);
    address_space_destroy(&mem);
    address_space_destroy(&cpu);
    address_space_destroy(&ioas);
    memory_region_finalize(&sys);
    memory_region_finalize(&hi);
    memory_region_finalize(&ram);
    memory_region_finalize(&io);
    memory_region_finalize(&port);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/memory/priorities", test_priorities);
    g_test_add_func("/memory/overlap-reject", test_overlap_reject);
    g_test_add_func("/memory/overlap-allowed", test_overlap_allowed);
    g_test_add_func("/memory/alias", test_alias);
    g_test_add_func("/memory/container-clip", test_container_clip);
    g_test_add_func("/memory/two-spaces", test_two_spaces);
    g_test_add_func("/memory/flatview-model", test_flatview_model);
    g_test_add_func("/memory/ram-access", test_ram_access);
    g_test_add_func("/memory/ram-alloc", test_ram_alloc);
    g_test_add_func("/memory/span", test_span);
    g_test_add_func("/memory/impl-adjust", test_impl_adjust);
    g_test_add_func("/memory/valid-reject", test_valid_reject);
    g_test_add_func("/memory/big-endian", test_big_endian);
    g_test_add_func("/memory/map", test_map);
    g_test_add_func("/memory/top-of-space", test_top_of_space);
    g_test_add_func("/memory/whole-space", test_whole_space);
    g_test_add_func("/memory/mtree", test_mtree);
    return g_test_run();
}
