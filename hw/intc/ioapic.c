/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * I/O APIC (82093AA-style, version 0x20 with the EOI register), 24 pins.
 *
 * Interface:
 *   MMIO (region 0, 4 KiB, board maps it at 0xfec00000):
 *     0x00 IOREGSEL, 0x10 IOWIN, 0x40 EOI (write a vector)
 *   Indirect registers: 0x00 ID (bits 24-27), 0x01 version
 *     (0x00170020: 24 entries, version 0x20), 0x02 arbitration (= ID),
 *     0x10 + 2n / 0x11 + 2n redirection entry n, low / high dword
 *   GPIO in:  unnamed-gpio-in 0..23, the GSI lines (high = asserted;
 *             the board's wiring is active-high, so the polarity bit is
 *             stored but does not invert the input)
 *   Delivery: an MSI-format message per interrupt (ioapic_set_delivery(),
 *             include/hw/intc/ioapic.h), EOI via ioapic_eoi_broadcast()
 *   Properties: id (0)
 *
 * Edge pins latch a rising edge and deliver once unmasked (a masked edge
 * stays pending, as QEMU does); level pins deliver while asserted and
 * Remote IRR is clear, setting Remote IRR until the EOI.  Delivery status
 * always reads 0: delivery is immediate.
 *
 * Reset values: IOREGSEL 0, ID as the property, every entry 0x10000
 * (masked, edge, vector 0), no pending requests.
 */
#include "qemu/osdep.h"
#include "hw/intc/ioapic.h"
#include "hw/core/machine.h"
#include "qemu/log.h"
#include "trace-hw_intc.h"

#define IOAPIC_VERSION 0x20

#define IOAPIC_REG_ID 0x00
#define IOAPIC_REG_VER 0x01
#define IOAPIC_REG_ARB 0x02
#define IOAPIC_REG_REDTBL 0x10

#define IOAPIC_IOREGSEL 0x00
#define IOAPIC_IOWIN 0x10
#define IOAPIC_EOI 0x40

#define RTE_VECTOR 0xffULL
#define RTE_DELMODE_SHIFT 8
#define RTE_DESTMODE (1ULL << 11)
#define RTE_DELIVS (1ULL << 12)
#define RTE_POLARITY (1ULL << 13)
#define RTE_REMOTE_IRR (1ULL << 14)
#define RTE_LEVEL (1ULL << 15)
#define RTE_MASKED (1ULL << 16)
#define RTE_DEST_SHIFT 56
#define RTE_RO_BITS (RTE_DELIVS | RTE_REMOTE_IRR)
#define RTE_WRITABLE_LOW 0x1afffULL     /* bits 0-11, 13, 15, 16 */

typedef struct IOAPICState {
    SysBusDevice parent_obj;
    MemoryRegion iomem;
    uint8_t id_prop;            /* "id": the ID after reset */
    uint8_t id;
    uint8_t ioregsel;
    uint32_t irr;               /* pending requests (edge latched/level) */
    uint64_t redtbl[IOAPIC_NUM_PINS];
    IOAPICDeliverFn *deliver;
    void *deliver_opaque;
} IOAPICState;

#define IOAPIC(obj) OBJECT_CHECK(IOAPICState, (obj), TYPE_IOAPIC)

void ioapic_set_delivery(DeviceState *ioapic, IOAPICDeliverFn *fn,
                         void *opaque)
{
    IOAPICState *s = IOAPIC(ioapic);

    s->deliver = fn;
    s->deliver_opaque = opaque;
}

static void ioapic_send(IOAPICState *s, uint64_t entry)
{
    uint64_t addr = IOAPIC_MSI_ADDRESS |
                    ((entry >> RTE_DEST_SHIFT) & 0xff) << 12 |
                    ((entry & RTE_DESTMODE) ? 1 << 2 : 0);
    uint32_t data = (entry & RTE_VECTOR) |
                    ((entry >> RTE_DELMODE_SHIFT) & 7) << 8 |
                    ((entry & RTE_LEVEL) ? 1 << 15 : 0);

    trace_ioapic_deliver(addr, data);
    if (s->deliver) {
        s->deliver(s->deliver_opaque, addr, data);
    } else {
        MachineState *ms = machine_of(OBJECT(s));

        address_space_stl_le(&ms->as_memory, addr, data,
                             MEMTXATTRS_UNSPECIFIED, NULL);
    }
}

/* Deliver every pending, unmasked request that may go now. */
static void ioapic_service(IOAPICState *s)
{
    for (int i = 0; i < IOAPIC_NUM_PINS; i++) {
        uint64_t *e = &s->redtbl[i];

        if (!(s->irr & (1u << i)) || (*e & RTE_MASKED)) {
            continue;
        }
        if (*e & RTE_LEVEL) {
            if (*e & RTE_REMOTE_IRR) {
                continue;
            }
            *e |= RTE_REMOTE_IRR;
        } else {
            s->irr &= ~(1u << i);
        }
        ioapic_send(s, *e);
    }
}

static void ioapic_set_irq(void *opaque, int pin, int level)
{
    IOAPICState *s = IOAPIC(opaque);
    uint32_t mask = 1u << pin;

    trace_ioapic_set_irq(pin, level);
    if (s->redtbl[pin] & RTE_LEVEL) {
        s->irr = level ? (s->irr | mask) : (s->irr & ~mask);
    } else if (level) {
        s->irr |= mask;
    }
    ioapic_service(s);
}

void ioapic_eoi_broadcast(DeviceState *ioapic, int vector)
{
    IOAPICState *s = IOAPIC(ioapic);

    trace_ioapic_eoi(vector);
    for (int i = 0; i < IOAPIC_NUM_PINS; i++) {
        uint64_t *e = &s->redtbl[i];

        if ((*e & RTE_VECTOR) == (uint64_t)vector && (*e & RTE_LEVEL)) {
            *e &= ~RTE_REMOTE_IRR;
        }
    }
    ioapic_service(s);
}

static uint32_t ioapic_reg_read(IOAPICState *s)
{
    int index;

    switch (s->ioregsel) {
    case IOAPIC_REG_ID:
    case IOAPIC_REG_ARB:
        return (uint32_t)s->id << 24;
    case IOAPIC_REG_VER:
        return IOAPIC_VERSION | (IOAPIC_NUM_PINS - 1) << 16;
    }
    index = (s->ioregsel - IOAPIC_REG_REDTBL) >> 1;
    if (s->ioregsel < IOAPIC_REG_REDTBL || index >= IOAPIC_NUM_PINS) {
        qemu_log_mask(LOG_GUEST_ERROR, "ioapic: read of register 0x%x\n",
                      s->ioregsel);
        return 0xffffffff;
    }
    return s->ioregsel & 1 ? s->redtbl[index] >> 32 : (uint32_t)
           s->redtbl[index];
}

static void ioapic_redtbl_write(IOAPICState *s, int index, bool high,
                                uint32_t val)
{
    uint64_t *e = &s->redtbl[index];

    if (high) {
        *e = (*e & 0xffffffffULL) | (uint64_t)val << 32;
        return;
    }
    *e = (*e & ~0xffffffffULL) | (*e & RTE_RO_BITS) |
         (val & RTE_WRITABLE_LOW);
    if (!(*e & RTE_LEVEL)) {
        /* Remote IRR has no meaning for edge entries */
        *e &= ~RTE_REMOTE_IRR;
    }
    ioapic_service(s);
}

static void ioapic_reg_write(IOAPICState *s, uint32_t val)
{
    int index = (s->ioregsel - IOAPIC_REG_REDTBL) >> 1;

    trace_ioapic_reg_write(s->ioregsel, val);
    switch (s->ioregsel) {
    case IOAPIC_REG_ID:
        s->id = (val >> 24) & 0xf;
        return;
    case IOAPIC_REG_VER:
    case IOAPIC_REG_ARB:
        return;                 /* read-only */
    }
    if (s->ioregsel < IOAPIC_REG_REDTBL || index >= IOAPIC_NUM_PINS) {
        qemu_log_mask(LOG_GUEST_ERROR, "ioapic: write of register 0x%x\n",
                      s->ioregsel);
        return;
    }
    ioapic_redtbl_write(s, index, s->ioregsel & 1, val);
}

static uint64_t ioapic_mem_read(void *opaque, hwaddr addr, unsigned size)
{
    IOAPICState *s = opaque;

    switch (addr) {
    case IOAPIC_IOREGSEL:
        return s->ioregsel;
    case IOAPIC_IOWIN:
        return ioapic_reg_read(s);
    default:
        return 0;
    }
}

static void ioapic_mem_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    IOAPICState *s = opaque;

    switch (addr) {
    case IOAPIC_IOREGSEL:
        s->ioregsel = val;
        break;
    case IOAPIC_IOWIN:
        ioapic_reg_write(s, val);
        break;
    case IOAPIC_EOI:
        ioapic_eoi_broadcast(DEVICE(s), val & 0xff);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "ioapic: write at offset 0x%"
                      HWADDR_PRIx "\n", addr);
        break;
    }
}

static const MemoryRegionOps ioapic_mem_ops = {
    .read = ioapic_mem_read,
    .write = ioapic_mem_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static MemoryRegion *ioapic_mmio(SysBusDevice *sbd, int n)
{
    return n == 0 ? &IOAPIC(sbd)->iomem : NULL;
}

static void ioapic_instance_init(Object *obj)
{
    IOAPICState *s = IOAPIC(obj);

    memory_region_init_io(&s->iomem, s, &ioapic_mem_ops, s, "ioapic",
                          0x1000);
    qdev_init_gpio_in(DEVICE(obj), ioapic_set_irq, IOAPIC_NUM_PINS);
}

static void ioapic_instance_finalize(Object *obj)
{
    memory_region_finalize(&IOAPIC(obj)->iomem);
}

static void ioapic_reset_enter(DeviceState *dev)
{
    IOAPICState *s = IOAPIC(dev);

    s->ioregsel = 0;
    s->id = s->id_prop;
    s->irr = 0;
    for (int i = 0; i < IOAPIC_NUM_PINS; i++) {
        s->redtbl[i] = RTE_MASKED;
    }
}

static void ioapic_unrealize(DeviceState *dev)
{
    sysbus_mmio_unmap(SYS_BUS_DEVICE(dev), 0);
}

static void ioapic_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->reset_enter = ioapic_reset_enter;
    dc->unrealize = ioapic_unrealize;
    dc->category = DEVICE_CATEGORY_MISC;
    dc->user_creatable = false;
    SYS_BUS_DEVICE_CLASS(oc)->mmio = ioapic_mmio;
}

static const Property ioapic_props[] = {
    DEFINE_PROP_UINT8("id", IOAPICState, id_prop, 0, "IOAPIC ID"),
    DEFINE_PROP_END_OF_LIST(),
};

const TypeInfo ioapic_type_info = {
    .name = TYPE_IOAPIC,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(IOAPICState),
    .desc = "I/O APIC",
    .instance_init = ioapic_instance_init,
    .instance_finalize = ioapic_instance_finalize,
    .class_init = ioapic_class_init,
    .props = ioapic_props,
};
