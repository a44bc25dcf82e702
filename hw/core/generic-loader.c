/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The generic loader: writes a value or a raw file into guest memory at
 * every system reset.  Works on any machine, including "none".
 *
 * Interface (-device loader,...):
 *   addr=ADDR        guest physical address (required)
 *   data=VAL         value to write, data-len=1..8 bytes of it,
 *   data-be=on|off   in big- or little-endian byte order (default little)
 *   file=PATH        raw file to load at addr (ELF/uImage not supported
 *                    yet: refused with an error), force-raw=on accepted
 *   cpu-num=N        accepted for compatibility (no CPU state is set)
 * No MMIO, no IRQs, no clocks.
 */
#include "qemu/osdep.h"
#include "hw/core/qdev.h"
#include "hw/core/machine.h"

#define TYPE_GENERIC_LOADER "loader"

typedef struct GenericLoaderState {
    DeviceState parent_obj;
    uint64_t addr;
    uint64_t data;
    uint8_t data_len;
    bool data_be;
    bool force_raw;
    uint32_t cpu_num;
    char *file;
    GBytes *image;              /* what reset writes */
} GenericLoaderState;

#define GENERIC_LOADER(obj) \
    OBJECT_CHECK(GenericLoaderState, (obj), TYPE_GENERIC_LOADER)

static GBytes *loader_data_bytes(GenericLoaderState *s)
{
    uint8_t buf[8];

    for (int i = 0; i < s->data_len; i++) {
        int shift = s->data_be ? (s->data_len - 1 - i) * 8 : i * 8;

        buf[i] = s->data >> shift;
    }
    return g_bytes_new(buf, s->data_len);
}

static GBytes *loader_file_bytes(GenericLoaderState *s, Error **errp)
{
    g_autoptr(GError) gerr = NULL;
    gchar *contents;
    gsize len;

    if (!g_file_get_contents(s->file, &contents, &len, &gerr)) {
        error_setg(errp, "Cannot load specified image %s: %s", s->file,
                   gerr->message);
        return NULL;
    }
    if (!s->force_raw && len >= 4 && memcmp(contents, "\177ELF", 4) == 0) {
        g_free(contents);
        error_setg(errp, "Cannot load specified image %s: ELF images are not "
                   "supported by the loader yet (use force-raw=on)", s->file);
        return NULL;
    }
    return g_bytes_new_take(contents, len);
}

static bool loader_realize(DeviceState *dev, Error **errp)
{
    GenericLoaderState *s = GENERIC_LOADER(dev);

    if (s->file && s->data_len) {
        error_setg(errp, "data can not be specified when a file is "
                   "specified");
        return false;
    }
    if (!s->file && !s->data_len) {
        error_setg(errp, "please include valid arguments: file= or "
                   "data=,data-len=");
        return false;
    }
    if (s->data_len > 8) {
        error_setg(errp, "data-len cannot be greater then 8 bytes");
        return false;
    }
    s->image = s->file ? loader_file_bytes(s, errp) : loader_data_bytes(s);
    return s->image != NULL;
}

static void loader_unrealize(DeviceState *dev)
{
    GenericLoaderState *s = GENERIC_LOADER(dev);

    g_clear_pointer(&s->image, g_bytes_unref);
}

static void loader_reset_hold(DeviceState *dev)
{
    GenericLoaderState *s = GENERIC_LOADER(dev);
    MachineState *ms = machine_of(OBJECT(dev));
    gsize len;
    const void *p = g_bytes_get_data(s->image, &len);

    address_space_write(&ms->as_memory, s->addr, MEMTXATTRS_UNSPECIFIED, p,
                        len);
}

static const Property loader_props[] = {
    DEFINE_PROP_UINT64("addr", GenericLoaderState, addr, 0,
                       "guest physical address to write at"),
    DEFINE_PROP_UINT64("data", GenericLoaderState, data, 0,
                       "value to write"),
    DEFINE_PROP_UINT8("data-len", GenericLoaderState, data_len, 0,
                      "bytes of data to write (1-8)"),
    DEFINE_PROP_BOOL("data-be", GenericLoaderState, data_be, false,
                     "write data big-endian"),
    DEFINE_PROP_UINT32("cpu-num", GenericLoaderState, cpu_num, UINT32_MAX,
                       "CPU whose address space to use (ignored)"),
    DEFINE_PROP_BOOL("force-raw", GenericLoaderState, force_raw, false,
                     "load the file as raw bytes"),
    DEFINE_PROP_STRING("file", GenericLoaderState, file, "raw image to load"),
    DEFINE_PROP_END_OF_LIST(),
};

static void loader_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->category = DEVICE_CATEGORY_MISC;
    dc->user_creatable = true;
    dc->realize = loader_realize;
    dc->unrealize = loader_unrealize;
    dc->reset_hold = loader_reset_hold;
}

const TypeInfo generic_loader_type_info = {
    .name = TYPE_GENERIC_LOADER,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(GenericLoaderState),
    .desc = "Generic Loader",
    .class_init = loader_class_init,
    .props = loader_props,
};
