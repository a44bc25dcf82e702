/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Accesses through an address space: buffer reads and writes, sized loads
 * and stores, MMIO dispatch (enforcing ops->valid, adapting to ops->impl),
 * access checks and DMA mapping with a bounce buffer.
 *
 * Guest mistakes never stop the emulator: an access to an unassigned
 * address, a write to ROM or an MMIO access outside ops->valid is logged
 * under LOG_GUEST_ERROR, reads see all-ones bytes, writes are dropped and
 * the MemTxResult says what went wrong.  Guest addresses and lengths are
 * hostile: nothing here wraps around the top of the 64-bit space.
 */
#include "qemu/osdep.h"
#include "system/memory.h"
#include "qemu/log.h"

/* ------------------------------------------------------------------ */
/* Bytes and values                                                    */

static uint64_t bytes_to_value(const uint8_t *p, unsigned size, bool big)
{
    uint64_t v = 0;
    unsigned i;

    for (i = 0; i < size; i++) {
        unsigned shift = 8 * (big ? size - 1 - i : i);

        v |= (uint64_t)p[i] << shift;
    }
    return v;
}

static void value_to_bytes(uint8_t *p, uint64_t v, unsigned size, bool big)
{
    unsigned i;

    for (i = 0; i < size; i++) {
        p[i] = v >> (8 * (big ? size - 1 - i : i));
    }
}

static uint64_t size_mask(unsigned size)
{
    return size >= 8 ? UINT64_MAX : (1ull << (8 * size)) - 1;
}

static uint64_t swap_value(uint64_t v, unsigned size)
{
    return size == 1 ? v : __builtin_bswap64(v) >> (64 - 8 * size);
}

static bool device_is_big_endian(const MemoryRegion *mr)
{
    return mr->ops && mr->ops->endianness == DEVICE_BIG_ENDIAN;
}

static const char *region_name(const MemoryRegion *mr)
{
    return mr ? memory_region_name(mr) : "(null)";
}

/* ------------------------------------------------------------------ */
/* MMIO: valid                                                         */

/*
 * Does ops->valid allow this access?  @log reports a refusal (the access
 * is happening); access_valid() asks quietly.
 */
static bool mmio_valid(MemoryRegion *mr, hwaddr offset, unsigned size,
                       bool is_write, MemTxAttrs attrs, bool log)
{
    const MemoryRegionOps *ops = mr->ops;
    const char *dir = is_write ? "write" : "read";

    if (size < mr->valid_min || size > mr->valid_max) {
        if (log) {
            qemu_log_mask(LOG_GUEST_ERROR, "Invalid access at addr 0x%"
                          PRIX64 ", size %u, region '%s', reason: invalid "
                          "size (min:%u max:%u)\n", offset, size,
                          region_name(mr), mr->valid_min, mr->valid_max);
        }
        return false;
    }
    if (ops && !ops->valid.unaligned && (offset & (size - 1))) {
        if (log) {
            qemu_log_mask(LOG_GUEST_ERROR, "Invalid access at addr 0x%"
                          PRIX64 ", size %u, region '%s', reason: "
                          "unaligned\n", offset, size, region_name(mr));
        }
        return false;
    }
    if (!ops || size - 1 > UINT64_MAX - offset ||
        (ops->valid.accepts &&
         !ops->valid.accepts(mr->opaque, offset, size, is_write, attrs))) {
        if (log) {
            qemu_log_mask(LOG_GUEST_ERROR, "Invalid %s at addr 0x%" PRIX64
                          ", size %u, region '%s', reason: rejected\n",
                          dir, offset, size, region_name(mr));
        }
        return false;
    }
    return true;
}

/* ------------------------------------------------------------------ */
/* MMIO: impl                                                          */

static MemTxResult mmio_call_read(MemoryRegion *mr, hwaddr offset,
                                  unsigned size, uint64_t *val,
                                  MemTxAttrs attrs)
{
    const MemoryRegionOps *ops = mr->ops;
    MemTxResult res = MEMTX_OK;

    *val = 0;
    if (ops->read_with_attrs) {
        res = ops->read_with_attrs(mr->opaque, offset, val, size, attrs);
    } else if (ops->read) {
        *val = ops->read(mr->opaque, offset, size);
    }
    *val &= size_mask(size);
    return res;
}

static MemTxResult mmio_call_write(MemoryRegion *mr, hwaddr offset,
                                   unsigned size, uint64_t val,
                                   MemTxAttrs attrs)
{
    const MemoryRegionOps *ops = mr->ops;

    val &= size_mask(size);
    if (ops->write_with_attrs) {
        return ops->write_with_attrs(mr->opaque, offset, val, size, attrs);
    }
    if (ops->write) {
        ops->write(mr->opaque, offset, val, size);
    }
    return MEMTX_OK;
}

/*
 * The device accesses covering [offset, offset + size): @count accesses of
 * @width bytes from @start (aligned unless impl.unaligned).
 */
typedef struct MmioSplit {
    hwaddr start;
    unsigned width;
    unsigned count;
} MmioSplit;

/* Byte window of a split: width <= 8 and size <= 8 keep it in 16 bytes. */
#define MMIO_WINDOW 16

static bool mmio_direct(MemoryRegion *mr, hwaddr offset, unsigned size)
{
    return size >= mr->impl_min && size <= mr->impl_max &&
           (mr->ops->impl.unaligned || !(offset & (size - 1)));
}

static MmioSplit mmio_split(MemoryRegion *mr, hwaddr offset, unsigned size)
{
    MmioSplit s;
    hwaddr last = offset + size - 1;

    s.width = MIN(MAX(size, mr->impl_min), mr->impl_max);
    s.start = mr->ops->impl.unaligned ? offset
                                      : offset & ~(hwaddr)(s.width - 1);
    s.count = (last - s.start) / s.width + 1;
    g_assert(s.count * s.width <= MMIO_WINDOW);
    return s;
}

static MemTxResult mmio_read_impl(MemoryRegion *mr, hwaddr offset,
                                  uint64_t *pval, unsigned size,
                                  MemTxAttrs attrs)
{
    bool big = device_is_big_endian(mr);
    uint8_t window[MMIO_WINDOW];
    MemTxResult res = MEMTX_OK;
    MmioSplit s;
    unsigned i;

    if (mmio_direct(mr, offset, size)) {
        return mmio_call_read(mr, offset, size, pval, attrs);
    }
    s = mmio_split(mr, offset, size);
    for (i = 0; i < s.count; i++) {
        uint64_t v;

        res |= mmio_call_read(mr, s.start + i * s.width, s.width, &v, attrs);
        value_to_bytes(window + i * s.width, v, s.width, big);
    }
    *pval = bytes_to_value(window + (offset - s.start), size, big);
    return res;
}

static MemTxResult mmio_write_impl(MemoryRegion *mr, hwaddr offset,
                                   uint64_t val, unsigned size,
                                   MemTxAttrs attrs)
{
    bool big = device_is_big_endian(mr);
    uint8_t window[MMIO_WINDOW];
    MemTxResult res = MEMTX_OK;
    MmioSplit s;
    unsigned i;

    if (mmio_direct(mr, offset, size)) {
        return mmio_call_write(mr, offset, size, val, attrs);
    }
    s = mmio_split(mr, offset, size);
    /* Device accesses only partly written need their other bytes. */
    for (i = 0; i < s.count; i++) {
        hwaddr o = s.start + i * s.width;
        uint64_t v;

        if (o < offset || o + s.width - 1 > offset + size - 1) {
            res |= mmio_call_read(mr, o, s.width, &v, attrs);
            value_to_bytes(window + i * s.width, v, s.width, big);
        }
    }
    value_to_bytes(window + (offset - s.start), val, size, big);
    for (i = 0; i < s.count; i++) {
        uint64_t v = bytes_to_value(window + i * s.width, s.width, big);

        res |= mmio_call_write(mr, s.start + i * s.width, s.width, v, attrs);
    }
    return res;
}

MemTxResult memory_region_dispatch_read(MemoryRegion *mr, hwaddr offset,
                                        uint64_t *pval, unsigned size,
                                        MemTxAttrs attrs)
{
    g_assert(mr->kind == MEMORY_REGION_IO);
    g_assert(size >= 1 && size <= 8 && !(size & (size - 1)));
    if (!mmio_valid(mr, offset, size, false, attrs, true)) {
        *pval = size_mask(size);
        return MEMTX_ERROR;
    }
    return mmio_read_impl(mr, offset, pval, size, attrs);
}

MemTxResult memory_region_dispatch_write(MemoryRegion *mr, hwaddr offset,
                                         uint64_t val, unsigned size,
                                         MemTxAttrs attrs)
{
    g_assert(mr->kind == MEMORY_REGION_IO);
    g_assert(size >= 1 && size <= 8 && !(size & (size - 1)));
    if (!mmio_valid(mr, offset, size, true, attrs, true)) {
        return MEMTX_ERROR;
    }
    return mmio_write_impl(mr, offset, val, size, attrs);
}

/* ------------------------------------------------------------------ */
/* Buffer accesses                                                     */

/* Widest access valid for the region at @offset, at most @len bytes. */
static unsigned mmio_access_size(MemoryRegion *mr, hwaddr offset, hwaddr len)
{
    unsigned max = mr->valid_max;
    unsigned l;

    if (!mr->ops || !mr->ops->valid.unaligned) {
        hwaddr align = offset & -offset;

        if (offset && align < max) {
            max = align;
        }
    }
    l = len < max ? len : max;
    while (l & (l - 1)) {
        l &= l - 1;             /* round down to a power of two */
    }
    return l;
}

static MemTxResult mmio_access(MemoryRegion *mr, hwaddr offset, uint8_t *p,
                               hwaddr len, bool is_write, MemTxAttrs attrs)
{
    bool big = device_is_big_endian(mr);
    MemTxResult res = MEMTX_OK;

    while (len) {
        unsigned l = mmio_access_size(mr, offset, len);
        uint64_t v;

        if (is_write) {
            v = bytes_to_value(p, l, big);
            res |= memory_region_dispatch_write(mr, offset, v, l, attrs);
        } else {
            res |= memory_region_dispatch_read(mr, offset, &v, l, attrs);
            value_to_bytes(p, v, l, big);
        }
        offset += l;
        p += l;
        len -= l;
    }
    return res;
}

static MemTxResult unassigned_access(hwaddr addr, uint8_t *p, hwaddr len,
                                     bool is_write)
{
    qemu_log_mask(LOG_GUEST_ERROR, "Invalid %s at addr 0x%" PRIX64
                  ", size %" PRIu64 ", region '(null)', reason: rejected\n",
                  is_write ? "write" : "read", addr, len);
    if (!is_write) {
        memset(p, 0xff, len);
    }
    return MEMTX_DECODE_ERROR;
}

/*
 * One translated piece.  @p is only read for writes to writable RAM and
 * to MMIO, so address_space_set() may pass a short fill buffer otherwise.
 */
static MemTxResult chunk_access(MemoryRegion *mr, hwaddr xlat, hwaddr addr,
                                uint8_t *p, hwaddr len, bool is_write,
                                MemTxAttrs attrs)
{
    if (!mr) {
        return unassigned_access(addr, p, len, is_write);
    }
    if (mr->kind == MEMORY_REGION_IO) {
        return mmio_access(mr, xlat, p, len, is_write, attrs);
    }
    if (!is_write) {
        memcpy(p, mr->ram + xlat, len);
    } else if (!mr->readonly) {
        memcpy(mr->ram + xlat, p, len);
        if (mr->ram_write_hook) {
            mr->ram_write_hook(mr->ram_write_opaque, xlat, len);
        }
    } else {
        qemu_log_mask(LOG_GUEST_ERROR, "Invalid write at addr 0x%" PRIX64
                      ", size %" PRIu64 ", region '%s', reason: rejected\n",
                      xlat, len, region_name(mr));
        return MEMTX_DECODE_ERROR;
    }
    return MEMTX_OK;
}

/* Bytes of [addr, addr + len) below 2^64; the rest does not exist. */
static hwaddr len_inside_space(hwaddr addr, hwaddr len)
{
    return addr && len - 1 > UINT64_MAX - addr ? 0 - addr : len;
}

static MemTxResult beyond_space_access(uint8_t *p, hwaddr len,
                                       bool is_write)
{
    qemu_log_mask(LOG_GUEST_ERROR, "Invalid %s at addr 0x10000000000000000"
                  ", size %" PRIu64 ", region '(null)', reason: beyond "
                  "the end of the address space\n",
                  is_write ? "write" : "read", len);
    if (!is_write) {
        memset(p, 0xff, len);
    }
    return MEMTX_DECODE_ERROR;
}

MemTxResult address_space_rw(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                             void *buf, hwaddr len, bool is_write)
{
    uint8_t *p = buf;
    MemTxResult res = MEMTX_OK;
    hwaddr inside;

    if (len == 0) {
        return MEMTX_OK;
    }
    inside = len_inside_space(addr, len);
    if (inside < len) {
        res |= beyond_space_access(p + inside, len - inside, is_write);
    }
    while (inside) {
        hwaddr xlat, l = inside;
        MemoryRegion *mr;

        mr = address_space_translate(as, addr, &xlat, &l, is_write, attrs);
        res |= chunk_access(mr, xlat, addr, p, l, is_write, attrs);
        p += l;
        addr += l;
        inside -= l;
    }
    return res;
}

MemTxResult address_space_read(AddressSpace *as, hwaddr addr,
                               MemTxAttrs attrs, void *buf, hwaddr len)
{
    return address_space_rw(as, addr, attrs, buf, len, false);
}

MemTxResult address_space_write(AddressSpace *as, hwaddr addr,
                                MemTxAttrs attrs, const void *buf,
                                hwaddr len)
{
    /* Writes only read from @buf. */
    return address_space_rw(as, addr, attrs, (void *)buf, len, true);
}

MemTxResult address_space_set(AddressSpace *as, hwaddr addr, uint8_t c,
                              hwaddr len, MemTxAttrs attrs)
{
    uint8_t fill[256];
    MemTxResult res = MEMTX_OK;
    hwaddr inside;

    if (len == 0) {
        return MEMTX_OK;
    }
    memset(fill, c, sizeof(fill));
    inside = len_inside_space(addr, len);
    if (inside < len) {
        res |= beyond_space_access(NULL, len - inside, true);
    }
    while (inside) {
        hwaddr xlat, l = inside;
        MemoryRegion *mr;

        mr = address_space_translate(as, addr, &xlat, &l, true, attrs);
        if (mr && mr->kind == MEMORY_REGION_RAM && !mr->readonly) {
            memset(mr->ram + xlat, c, l);
            if (mr->ram_write_hook) {
                mr->ram_write_hook(mr->ram_write_opaque, xlat, l);
            }
        } else {
            if (mr && mr->kind == MEMORY_REGION_IO) {
                l = MIN(l, sizeof(fill));
            }
            res |= chunk_access(mr, xlat, addr, fill, l, true, attrs);
        }
        addr += l;
        inside -= l;
    }
    return res;
}

/* ------------------------------------------------------------------ */
/* Sized accesses                                                      */

uint64_t address_space_ld(AddressSpace *as, hwaddr addr, unsigned size,
                          bool big_endian, MemTxAttrs attrs,
                          MemTxResult *res)
{
    uint8_t bytes[8];
    hwaddr xlat, l = size;
    MemoryRegion *mr;
    MemTxResult r;
    uint64_t v;

    g_assert(size == 1 || size == 2 || size == 4 || size == 8);
    mr = address_space_translate(as, addr, &xlat, &l, false, attrs);
    if (mr && mr->kind == MEMORY_REGION_IO && l == size) {
        r = memory_region_dispatch_read(mr, xlat, &v, size, attrs);
        if (device_is_big_endian(mr) != big_endian) {
            v = swap_value(v, size);
        }
    } else {
        r = address_space_read(as, addr, attrs, bytes, size);
        v = bytes_to_value(bytes, size, big_endian);
    }
    if (res) {
        *res = r;
    }
    return v;
}

void address_space_st(AddressSpace *as, hwaddr addr, unsigned size,
                      bool big_endian, uint64_t val, MemTxAttrs attrs,
                      MemTxResult *res)
{
    uint8_t bytes[8];
    hwaddr xlat, l = size;
    MemoryRegion *mr;
    MemTxResult r;

    g_assert(size == 1 || size == 2 || size == 4 || size == 8);
    val &= size_mask(size);
    mr = address_space_translate(as, addr, &xlat, &l, true, attrs);
    if (mr && mr->kind == MEMORY_REGION_IO && l == size) {
        if (device_is_big_endian(mr) != big_endian) {
            val = swap_value(val, size);
        }
        r = memory_region_dispatch_write(mr, xlat, val, size, attrs);
    } else {
        value_to_bytes(bytes, val, size, big_endian);
        r = address_space_write(as, addr, attrs, bytes, size);
    }
    if (res) {
        *res = r;
    }
}

/* ------------------------------------------------------------------ */
/* Access checks                                                       */

static bool mmio_range_valid(MemoryRegion *mr, hwaddr offset, hwaddr len,
                             bool is_write, MemTxAttrs attrs)
{
    while (len) {
        unsigned l = mmio_access_size(mr, offset, len);

        if (!mmio_valid(mr, offset, l, is_write, attrs, false)) {
            return false;
        }
        if (l == mr->valid_max && !mr->ops->valid.accepts) {
            /* Every further full-width piece has the same shape. */
            l = len - len % l;
        }
        offset += l;
        len -= l;
    }
    return true;
}

bool address_space_access_valid(AddressSpace *as, hwaddr addr, hwaddr len,
                                bool is_write, MemTxAttrs attrs)
{
    if (len == 0) {
        return true;
    }
    if (len_inside_space(addr, len) < len) {
        return false;
    }
    while (len) {
        hwaddr xlat, l = len;
        MemoryRegion *mr;

        mr = address_space_translate(as, addr, &xlat, &l, is_write, attrs);
        if (!mr || (mr->kind == MEMORY_REGION_RAM && is_write &&
                    mr->readonly)) {
            return false;
        }
        if (mr->kind == MEMORY_REGION_IO &&
            !mmio_range_valid(mr, xlat, l, is_write, attrs)) {
            return false;
        }
        addr += l;
        len -= l;
    }
    return true;
}

/* ------------------------------------------------------------------ */
/* DMA mapping                                                         */

static void *bounce_map(AddressSpace *as, hwaddr addr, hwaddr *plen,
                        hwaddr len, bool is_write, MemTxAttrs attrs)
{
    if (as->bounce.buf) {
        *plen = 0;
        return NULL;
    }
    len = MIN(len, ADDRESS_SPACE_BOUNCE_MAX);
    as->bounce.buf = g_malloc0(len);
    as->bounce.addr = addr;
    as->bounce.len = len;
    as->bounce.attrs = attrs;
    if (!is_write) {
        address_space_read(as, addr, attrs, as->bounce.buf, len);
    }
    *plen = len;
    return as->bounce.buf;
}

void *address_space_map(AddressSpace *as, hwaddr addr, hwaddr *plen,
                        bool is_write, MemTxAttrs attrs)
{
    hwaddr xlat, len = *plen;
    MemoryRegion *mr;

    if (len == 0) {
        return NULL;
    }
    len = len_inside_space(addr, len);
    if (len == 0) {
        *plen = 0;
        return NULL;
    }
    mr = address_space_translate(as, addr, &xlat, &len, is_write, attrs);
    if (mr && mr->kind == MEMORY_REGION_RAM && !(is_write && mr->readonly)) {
        if (is_write && mr->ram_write_hook) {
            mr->ram_write_hook(mr->ram_write_opaque, xlat, len);
        }
        *plen = len;
        return mr->ram + xlat;
    }
    return bounce_map(as, addr, plen, len, is_write, attrs);
}

void address_space_unmap(AddressSpace *as, void *buffer, hwaddr len,
                         bool is_write, hwaddr access_len)
{
    if (!buffer || buffer != as->bounce.buf) {
        return;                 /* direct RAM mapping: nothing to undo */
    }
    if (is_write) {
        address_space_write(as, as->bounce.addr, as->bounce.attrs,
                            as->bounce.buf, MIN(access_len, as->bounce.len));
    }
    g_free(as->bounce.buf);
    as->bounce.buf = NULL;
}
