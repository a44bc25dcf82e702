/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fw_cfg device (see include/hw/nvram/fw_cfg.h for the guest interface).
 *
 * Regions: fw_cfg_io: "fwcfg" (2 bytes: 16-bit write selects, byte reads
 * return data) and "fwcfg.dma" (8 bytes, big-endian).  fw_cfg_mem:
 * "fwcfg.data" (data_width bytes), "fwcfg.ctl" (2 bytes, BE) and
 * "fwcfg.dma".  No IRQs, no clocks.
 * Properties: dma_enabled; fw_cfg_io: iobase, dma_iobase;
 * fw_cfg_mem: data_width.
 */
#include "qemu/osdep.h"
#include "hw/nvram/fw_cfg.h"
#include "qemu/log.h"
#include "trace-hw_nvram.h"

typedef struct FWCfgDmaAccess {
    uint32_t control;
    uint32_t length;
    uint64_t address;
} FWCfgDmaAccess;

#define FW_CFG_DMA_ACCESS_SIZE 16
#define FW_CFG_FILES_SIZE (4 + FW_CFG_FILE_SLOTS * FW_CFG_FILE_ENTRY_SIZE)

static FWCfgEntry *fw_cfg_entry(FWCfgState *s, uint16_t key)
{
    if (key == FW_CFG_INVALID ||
        (key & FW_CFG_ENTRY_MASK) >= FW_CFG_MAX_ENTRY) {
        return NULL;
    }
    return &s->entries[!!(key & FW_CFG_ARCH_LOCAL)][key & FW_CFG_ENTRY_MASK];
}

static void fw_cfg_entry_clear(FWCfgState *s, FWCfgEntry *e)
{
    if (e->data != s->files) {
        g_free(e->data);
    }
    *e = (FWCfgEntry) { 0 };
}

/* --- Items --- */

void fw_cfg_add_bytes(FWCfgState *s, uint16_t key, const void *data,
                      size_t len)
{
    FWCfgEntry *e = fw_cfg_entry(s, key);

    g_assert(e && len <= UINT32_MAX);
    fw_cfg_entry_clear(s, e);
    e->data = g_memdup2(data, len);
    e->len = len;
}

void fw_cfg_add_string(FWCfgState *s, uint16_t key, const char *value)
{
    fw_cfg_add_bytes(s, key, value, strlen(value) + 1);
}

void fw_cfg_add_i16(FWCfgState *s, uint16_t key, uint16_t value)
{
    uint8_t b[2] = { value, value >> 8 };

    fw_cfg_add_bytes(s, key, b, sizeof(b));
}

void fw_cfg_add_i32(FWCfgState *s, uint16_t key, uint32_t value)
{
    uint8_t b[4];

    for (int i = 0; i < 4; i++) {
        b[i] = value >> (8 * i);
    }
    fw_cfg_add_bytes(s, key, b, sizeof(b));
}

void fw_cfg_add_i64(FWCfgState *s, uint16_t key, uint64_t value)
{
    uint8_t b[8];

    for (int i = 0; i < 8; i++) {
        b[i] = value >> (8 * i);
    }
    fw_cfg_add_bytes(s, key, b, sizeof(b));
}

const void *fw_cfg_get_item(FWCfgState *s, uint16_t key, size_t *len)
{
    FWCfgEntry *e = fw_cfg_entry(s, key);

    *len = e ? e->len : 0;
    return e ? e->data : NULL;
}

void fw_cfg_add_machine_items(FWCfgState *s, MachineState *ms)
{
    fw_cfg_add_i64(s, FW_CFG_RAM_SIZE, ms->ram_size);
    fw_cfg_add_i16(s, FW_CFG_NB_CPUS, ms->smp.cpus);
    fw_cfg_add_i16(s, FW_CFG_MAX_CPUS, ms->smp.maxcpus);
}

static uint8_t *fw_cfg_dir_entry(FWCfgState *s, unsigned index)
{
    return s->files + 4 + index * FW_CFG_FILE_ENTRY_SIZE;
}

static void fw_cfg_put_be(uint8_t *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++) {
        p[i] = v >> (8 * (n - 1 - i));
    }
}

/* Open a slot at sorted position @index, moving later files up by one. */
static void fw_cfg_dir_insert(FWCfgState *s, unsigned index)
{
    FWCfgEntry *files = &s->entries[0][FW_CFG_FILE_FIRST];

    for (unsigned i = s->file_count; i > index; i--) {
        memcpy(fw_cfg_dir_entry(s, i), fw_cfg_dir_entry(s, i - 1),
               FW_CFG_FILE_ENTRY_SIZE);
        fw_cfg_put_be(fw_cfg_dir_entry(s, i) + 4, FW_CFG_FILE_FIRST + i, 2);
        files[i] = files[i - 1];
    }
    memset(fw_cfg_dir_entry(s, index), 0, FW_CFG_FILE_ENTRY_SIZE);
    files[index] = (FWCfgEntry) { 0 };
}

static bool fw_cfg_check_file(FWCfgState *s, const char *name, Error **errp)
{
    if (strlen(name) >= FW_CFG_MAX_FILE_PATH) {
        error_setg(errp, "fw_cfg: file name too long: %s", name);
        return false;
    }
    if (s->file_count >= FW_CFG_FILE_SLOTS) {
        error_setg(errp, "fw_cfg: out of file slots");
        return false;
    }
    for (unsigned i = 0; i < s->file_count; i++) {
        if (strcmp((char *)fw_cfg_dir_entry(s, i) + 8, name) == 0) {
            error_setg(errp, "duplicate fw_cfg file name: %s", name);
            return false;
        }
    }
    return true;
}

bool fw_cfg_add_file(FWCfgState *s, const char *name, const void *data,
                     size_t len, bool writable, Error **errp)
{
    unsigned index = s->file_count;
    uint8_t *ent;

    if (!fw_cfg_check_file(s, name, errp)) {
        return false;
    }
    while (index > 0 &&
           strcmp(name, (char *)fw_cfg_dir_entry(s, index - 1) + 8) < 0) {
        index--;
    }
    fw_cfg_dir_insert(s, index);
    fw_cfg_add_bytes(s, FW_CFG_FILE_FIRST + index, data, len);
    s->entries[0][FW_CFG_FILE_FIRST + index].allow_write = writable;
    ent = fw_cfg_dir_entry(s, index);
    fw_cfg_put_be(ent, len, 4);
    fw_cfg_put_be(ent + 4, FW_CFG_FILE_FIRST + index, 2);
    strcpy((char *)ent + 8, name);
    s->file_count++;
    fw_cfg_put_be(s->files, s->file_count, 4);
    return true;
}

/* --- Guest interface --- */

static void fw_cfg_select(FWCfgState *s, uint16_t key)
{
    s->cur_offset = 0;
    s->cur_entry = fw_cfg_entry(s, key) ? key : FW_CFG_INVALID;
    trace_fw_cfg_select(key, s->cur_entry != FW_CFG_INVALID);
}

/* Up to @size bytes of the item as a big-endian number, zero padded. */
static uint64_t fw_cfg_data_read(FWCfgState *s, unsigned size)
{
    FWCfgEntry *e = fw_cfg_entry(s, s->cur_entry);
    uint64_t value = 0;

    for (unsigned i = 0; i < size; i++) {
        uint8_t b = 0;

        if (e && e->data && s->cur_offset < e->len) {
            b = e->data[s->cur_offset++];
        }
        value = (value << 8) | b;
    }
    return value;
}

static uint64_t fw_cfg_get_be(const uint8_t *p, int n)
{
    uint64_t v = 0;

    for (int i = 0; i < n; i++) {
        v = (v << 8) | p[i];
    }
    return v;
}

static bool fw_cfg_dma_load(FWCfgState *s, hwaddr addr, FWCfgDmaAccess *d)
{
    uint8_t b[FW_CFG_DMA_ACCESS_SIZE];

    if (address_space_read(s->dma_as, addr, MEMTXATTRS_UNSPECIFIED, b,
                           sizeof(b)) != MEMTX_OK) {
        return false;
    }
    d->control = fw_cfg_get_be(b, 4);
    d->length = fw_cfg_get_be(b + 4, 4);
    d->address = fw_cfg_get_be(b + 8, 8);
    return true;
}

/* Transfer one run of @len bytes at the current offset; false = error. */
static bool fw_cfg_dma_chunk(FWCfgState *s, FWCfgEntry *e, uint32_t ctl,
                             hwaddr addr, uint32_t len)
{
    AddressSpace *as = s->dma_as;
    MemTxAttrs at = MEMTXATTRS_UNSPECIFIED;

    if (!e) {
        /* Nothing behind the key: reads give zeros, writes fail. */
        if (ctl & FW_CFG_DMA_CTL_READ) {
            return address_space_set(as, addr, 0, len, at) == MEMTX_OK;
        }
        return !(ctl & FW_CFG_DMA_CTL_WRITE);
    }
    if (ctl & FW_CFG_DMA_CTL_READ) {
        return address_space_write(as, addr, at, e->data + s->cur_offset,
                                   len) == MEMTX_OK;
    }
    if (ctl & FW_CFG_DMA_CTL_WRITE) {
        return e->allow_write &&
               address_space_read(as, addr, at, e->data + s->cur_offset,
                                  len) == MEMTX_OK;
    }
    return true;    /* skip */
}

static void fw_cfg_dma_run(FWCfgState *s, FWCfgDmaAccess *d)
{
    uint32_t ctl = d->control;
    uint32_t out = 0;

    if (ctl & FW_CFG_DMA_CTL_SELECT) {
        fw_cfg_select(s, ctl >> 16);
    }
    if (!(ctl & (FW_CFG_DMA_CTL_READ | FW_CFG_DMA_CTL_WRITE |
                 FW_CFG_DMA_CTL_SKIP))) {
        d->length = 0;
    }
    if (ctl & FW_CFG_DMA_CTL_READ) {
        ctl &= ~FW_CFG_DMA_CTL_WRITE;
    }
    while (d->length > 0 && !(out & FW_CFG_DMA_CTL_ERROR)) {
        FWCfgEntry *e = fw_cfg_entry(s, s->cur_entry);
        uint32_t len = d->length;

        if (e && (!e->data || s->cur_offset >= e->len)) {
            e = NULL;
        }
        if (e) {
            len = MIN(len, e->len - s->cur_offset);
        }
        /* A write must fit the rest of the item in one go. */
        if ((e && (ctl & FW_CFG_DMA_CTL_WRITE) && len != d->length) ||
            !fw_cfg_dma_chunk(s, e, ctl, d->address, len)) {
            out |= FW_CFG_DMA_CTL_ERROR;
        } else if (e) {
            s->cur_offset += len;
        }
        d->address += len;
        d->length -= len;
    }
    d->control = out;
}

static void fw_cfg_dma_transfer(FWCfgState *s)
{
    hwaddr addr = s->dma_addr;
    FWCfgDmaAccess d = { 0 };

    s->dma_addr = 0;
    if (!fw_cfg_dma_load(s, addr, &d)) {
        d.control = FW_CFG_DMA_CTL_ERROR;
    } else {
        trace_fw_cfg_dma(addr, d.control, d.length, d.address);
        fw_cfg_dma_run(s, &d);
    }
    trace_fw_cfg_dma_done(d.control);
    address_space_stl_be(s->dma_as, addr, d.control,
                         MEMTXATTRS_UNSPECIFIED, NULL);
}

static uint64_t fw_cfg_dma_read(void *opaque, hwaddr off, unsigned size)
{
    return (FW_CFG_DMA_SIGNATURE << (8 * off)) >> (64 - 8 * size);
}

static void fw_cfg_dma_write(void *opaque, hwaddr off, uint64_t val,
                             unsigned size)
{
    FWCfgState *s = opaque;

    if (size == 4 && off == 0) {
        s->dma_addr = val << 32;
    } else if (size == 4 && off == 4) {
        s->dma_addr |= val;
        fw_cfg_dma_transfer(s);
    } else if (size == 8 && off == 0) {
        s->dma_addr = val;
        fw_cfg_dma_transfer(s);
    }
}

static bool fw_cfg_dma_accepts(void *opaque, hwaddr off, unsigned size,
                               bool is_write, MemTxAttrs attrs)
{
    return !is_write || (size == 4 && (off == 0 || off == 4)) ||
           (size == 8 && off == 0);
}

static const MemoryRegionOps fw_cfg_dma_ops = {
    .read = fw_cfg_dma_read,
    .write = fw_cfg_dma_write,
    .endianness = DEVICE_BIG_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8,
               .accepts = fw_cfg_dma_accepts },
};

/* --- fw_cfg_io: selector and data in one 2-byte region --- */

static uint64_t fw_cfg_comb_read(void *opaque, hwaddr off, unsigned size)
{
    return fw_cfg_data_read(opaque, 1);
}

static void fw_cfg_comb_write(void *opaque, hwaddr off, uint64_t val,
                              unsigned size)
{
    if (size == 2) {
        fw_cfg_select(opaque, val);
    } else {
        /* Data-port writes were removed from QEMU in 2.4. */
        qemu_log_mask(LOG_GUEST_ERROR, "fw_cfg: write to the data port "
                      "ignored\n");
    }
}

static bool fw_cfg_comb_accepts(void *opaque, hwaddr off, unsigned size,
                                bool is_write, MemTxAttrs attrs)
{
    return size == 1 || (is_write && size == 2);
}

static const MemoryRegionOps fw_cfg_comb_ops = {
    .read = fw_cfg_comb_read,
    .write = fw_cfg_comb_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 2,
               .accepts = fw_cfg_comb_accepts },
};

/* --- fw_cfg_mem: data and selector regions --- */

static uint64_t fw_cfg_mem_data_read(void *opaque, hwaddr off, unsigned size)
{
    return fw_cfg_data_read(opaque, size);
}

static void fw_cfg_mem_data_write(void *opaque, hwaddr off, uint64_t val,
                                  unsigned size)
{
    qemu_log_mask(LOG_GUEST_ERROR, "fw_cfg: write to the data register "
                  "ignored\n");
}

static void fw_cfg_ctl_write(void *opaque, hwaddr off, uint64_t val,
                             unsigned size)
{
    fw_cfg_select(opaque, val);
}

static const MemoryRegionOps fw_cfg_ctl_ops = {
    .write = fw_cfg_ctl_write,
    .endianness = DEVICE_BIG_ENDIAN,
    .valid = { .min_access_size = 2, .max_access_size = 2 },
};

/* --- Device --- */

static void fw_cfg_instance_init(Object *obj)
{
    FWCfgState *s = FW_CFG(obj);

    s->files = g_malloc0(FW_CFG_FILES_SIZE);
    s->entries[0][FW_CFG_FILE_DIR].data = s->files;
    s->entries[0][FW_CFG_FILE_DIR].len = FW_CFG_FILES_SIZE;
    s->cur_entry = FW_CFG_INVALID;
}

static void fw_cfg_instance_finalize(Object *obj)
{
    FWCfgState *s = FW_CFG(obj);

    for (int a = 0; a < 2; a++) {
        for (int k = 0; k < FW_CFG_MAX_ENTRY; k++) {
            fw_cfg_entry_clear(s, &s->entries[a][k]);
        }
    }
    g_free(s->files);
}

/* The items every fw_cfg has, as QEMU's common realize adds them. */
static bool fw_cfg_common_realize(FWCfgState *s, Error **errp)
{
    static const uint8_t uuid[16];
    uint32_t boot_fail_wait = UINT32_MAX;   /* LE32 -1: no reboot timeout */

    fw_cfg_add_bytes(s, FW_CFG_SIGNATURE, "QEMU", 4);
    fw_cfg_add_i32(s, FW_CFG_ID, FW_CFG_VERSION |
                   (s->dma_enabled ? FW_CFG_VERSION_DMA : 0));
    fw_cfg_add_bytes(s, FW_CFG_UUID, uuid, sizeof(uuid));
    fw_cfg_add_i16(s, FW_CFG_NOGRAPHIC, 0);
    fw_cfg_add_i16(s, FW_CFG_BOOT_MENU, 0);
    return fw_cfg_add_file(s, "etc/boot-fail-wait", &boot_fail_wait, 4,
                           false, errp);
}

static bool fw_cfg_io_realize(DeviceState *dev, Error **errp)
{
    FWCfgState *s = FW_CFG(dev);

    memory_region_init_io(&s->comb_mr, s, &fw_cfg_comb_ops, s, "fwcfg", 2);
    if (s->dma_enabled) {
        memory_region_init_io(&s->dma_mr, s, &fw_cfg_dma_ops, s,
                              "fwcfg.dma", 8);
    }
    return fw_cfg_common_realize(s, errp);
}

static bool fw_cfg_mem_realize(DeviceState *dev, Error **errp)
{
    FWCfgState *s = FW_CFG(dev);
    uint32_t w = s->data_width;

    if (w != 1 && w != 2 && w != 4 && w != 8) {
        error_setg(errp, "fw_cfg: data_width must be 1, 2, 4 or 8");
        return false;
    }
    s->data_ops = (MemoryRegionOps) {
        .read = fw_cfg_mem_data_read,
        .write = fw_cfg_mem_data_write,
        .endianness = DEVICE_BIG_ENDIAN,
        .valid = { .min_access_size = 1, .max_access_size = w },
    };
    memory_region_init_io(&s->data_mr, s, &s->data_ops, s, "fwcfg.data", w);
    memory_region_init_io(&s->ctl_mr, s, &fw_cfg_ctl_ops, s, "fwcfg.ctl", 2);
    if (s->dma_enabled) {
        memory_region_init_io(&s->dma_mr, s, &fw_cfg_dma_ops, s,
                              "fwcfg.dma", 8);
    }
    return fw_cfg_common_realize(s, errp);
}

static void fw_cfg_unrealize(DeviceState *dev)
{
    FWCfgState *s = FW_CFG(dev);

    /* Regions may still be mapped by the board: finalize detaches them. */
    if (object_dynamic_cast(OBJECT(dev), TYPE_FW_CFG_IO)) {
        memory_region_finalize(&s->comb_mr);
    } else {
        memory_region_finalize(&s->data_mr);
        memory_region_finalize(&s->ctl_mr);
    }
    if (s->dma_enabled) {
        memory_region_finalize(&s->dma_mr);
    }
}

static void fw_cfg_reset_enter(DeviceState *dev)
{
    FWCfgState *s = FW_CFG(dev);

    fw_cfg_select(s, FW_CFG_SIGNATURE);
    s->dma_addr = 0;
}

static void fw_cfg_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->unrealize = fw_cfg_unrealize;
    dc->reset_enter = fw_cfg_reset_enter;
}

const TypeInfo fw_cfg_type_info = {
    .name = TYPE_FW_CFG,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(FWCfgState),
    .abstract = true,
    .class_init = fw_cfg_class_init,
    .instance_init = fw_cfg_instance_init,
    .instance_finalize = fw_cfg_instance_finalize,
};

/* Sysbus regions: io: 0 selector/data, 1 DMA; mem: 0 ctl, 1 data, 2 DMA */
static MemoryRegion *fw_cfg_io_mmio(SysBusDevice *sbd, int n)
{
    FWCfgState *s = FW_CFG(sbd);

    return n == 0 ? &s->comb_mr : (n == 1 && s->dma_enabled) ? &s->dma_mr
                                                             : NULL;
}

static MemoryRegion *fw_cfg_mem_mmio(SysBusDevice *sbd, int n)
{
    FWCfgState *s = FW_CFG(sbd);

    switch (n) {
    case 0:
        return &s->ctl_mr;
    case 1:
        return &s->data_mr;
    case 2:
        return s->dma_enabled ? &s->dma_mr : NULL;
    default:
        return NULL;
    }
}

static void fw_cfg_io_class_init(ObjectClass *oc, const void *data)
{
    DEVICE_CLASS(oc)->realize = fw_cfg_io_realize;
    SYS_BUS_DEVICE_CLASS(oc)->mmio = fw_cfg_io_mmio;
}

static const Property fw_cfg_io_props[] = {
    DEFINE_PROP_UINT32("iobase", FWCfgState, iobase, FW_CFG_IO_BASE, ""),
    DEFINE_PROP_UINT32("dma_iobase", FWCfgState, dma_iobase,
                       FW_CFG_IO_DMA_BASE, ""),
    DEFINE_PROP_BOOL("dma_enabled", FWCfgState, dma_enabled, true, ""),
    DEFINE_PROP_END_OF_LIST(),
};

const TypeInfo fw_cfg_io_type_info = {
    .name = TYPE_FW_CFG_IO,
    .parent = TYPE_FW_CFG,
    .class_init = fw_cfg_io_class_init,
    .props = fw_cfg_io_props,
    .desc = "QEMU firmware configuration (I/O ports)",
};

static void fw_cfg_mem_class_init(ObjectClass *oc, const void *data)
{
    DEVICE_CLASS(oc)->realize = fw_cfg_mem_realize;
    SYS_BUS_DEVICE_CLASS(oc)->mmio = fw_cfg_mem_mmio;
}

static const Property fw_cfg_mem_props[] = {
    DEFINE_PROP_UINT32("data_width", FWCfgState, data_width, 1, ""),
    DEFINE_PROP_BOOL("dma_enabled", FWCfgState, dma_enabled, true, ""),
    DEFINE_PROP_END_OF_LIST(),
};

const TypeInfo fw_cfg_mem_type_info = {
    .name = TYPE_FW_CFG_MEM,
    .parent = TYPE_FW_CFG,
    .class_init = fw_cfg_mem_class_init,
    .props = fw_cfg_mem_props,
    .desc = "QEMU firmware configuration (MMIO)",
};

/* --- Board helpers --- */

static FWCfgState *fw_cfg_create(MachineState *ms, const char *type,
                                 bool dma, uint32_t width,
                                 AddressSpace *dma_as, Error **errp)
{
    FWCfgState *s = FW_CFG(object_new(type));

    s->dma_enabled = dma;
    s->dma_as = dma_as;
    if (width) {
        s->data_width = width;
    }
    object_property_add_child(OBJECT(ms), "fw_cfg", OBJECT(s));
    object_unref(OBJECT(s));
    if (!qdev_realize(DEVICE(s), ms->sysbus, errp)) {
        object_unparent(OBJECT(s));
        return NULL;
    }
    return s;
}

FWCfgState *fw_cfg_init_io_dma(MachineState *ms, uint32_t iobase,
                               uint32_t dma_iobase, AddressSpace *dma_as,
                               Error **errp)
{
    FWCfgState *s = fw_cfg_create(ms, TYPE_FW_CFG_IO, dma_iobase != 0, 0,
                                  dma_as, errp);

    if (!s) {
        return NULL;
    }
    s->iobase = iobase;
    s->dma_iobase = dma_iobase;
    memory_region_add_subregion(ms->io_memory, iobase, &s->comb_mr);
    if (s->dma_enabled) {
        memory_region_add_subregion(ms->io_memory, dma_iobase, &s->dma_mr);
    }
    return s;
}

FWCfgState *fw_cfg_init_mem_wide(MachineState *ms, hwaddr ctl_addr,
                                 hwaddr data_addr, uint32_t data_width,
                                 hwaddr dma_addr, AddressSpace *dma_as,
                                 Error **errp)
{
    FWCfgState *s = fw_cfg_create(ms, TYPE_FW_CFG_MEM, dma_addr != 0,
                                  data_width, dma_as, errp);

    if (!s) {
        return NULL;
    }
    memory_region_add_subregion(ms->system_memory, data_addr, &s->data_mr);
    memory_region_add_subregion(ms->system_memory, ctl_addr, &s->ctl_mr);
    if (s->dma_enabled) {
        memory_region_add_subregion(ms->system_memory, dma_addr, &s->dma_mr);
    }
    return s;
}
