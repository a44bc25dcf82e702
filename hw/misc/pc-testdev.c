/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * "pc-testdev": the x86 test device kvm-unit-tests-style guests use.
 *
 * Interface:
 *   I/O 0xe0-0xe3    a 32-bit scratch register; accesses of 1, 2 or 4
 *                    bytes read/write the addressed bytes of it
 *   I/O 0xe4-0xe7    flush page: a 4-byte write names a guest-physical
 *                    page whose cached translations must be dropped (no
 *                    CPU engine yet: logged under LOG_UNIMP)
 *   I/O 0xe8-0xeb    the same scratch register, always accessed bytewise
 *   I/O 0x2000-0x2017  IRQ lines: writing V at 0x2000+n sets ISA IRQ /
 *                    GSI n to (V != 0) (n < 16: the ISA IRQ wiring; 16-23:
 *                    the pc board's GSI lines are not reachable from an
 *                    ISA device, logged under LOG_UNIMP); reads return 0
 *   MMIO 0xff000000  64 KiB of scratch memory behind MMIO callbacks
 *                    (accesses of 1-8 bytes, little-endian)
 * No clocks.  Reset values: scratch register and memory keep their
 * contents across reset (they start at 0).
 */
#include "qemu/osdep.h"
#include "hw/isa/isa.h"
#include "hw/core/machine.h"
#include "qemu/log.h"

#define TYPE_PC_TESTDEV "pc-testdev"
#define TESTDEV_IOMEM_BASE 0xff000000ULL
#define TESTDEV_IOMEM_SIZE 0x10000
#define TESTDEV_IRQ_LINES 24

typedef struct PCTestdevState {
    ISADevice parent_obj;
    MemoryRegion ioport;
    MemoryRegion ioport_byte;
    MemoryRegion flush;
    MemoryRegion irq;
    MemoryRegion iomem;
    uint32_t ioport_data;
    uint8_t iomem_buf[TESTDEV_IOMEM_SIZE];
} PCTestdevState;

#define PC_TESTDEV(obj) OBJECT_CHECK(PCTestdevState, (obj), TYPE_PC_TESTDEV)

static uint64_t testdev_ioport_read(void *opaque, hwaddr addr, unsigned size)
{
    PCTestdevState *s = opaque;
    uint64_t mask = size == 4 ? 0xffffffffULL : (1ULL << (size * 8)) - 1;

    return (s->ioport_data >> ((addr & 3) * 8)) & mask;
}

static void testdev_ioport_write(void *opaque, hwaddr addr, uint64_t val,
                                 unsigned size)
{
    PCTestdevState *s = opaque;
    unsigned shift = (addr & 3) * 8;
    uint64_t mask = size == 4 ? 0xffffffffULL : (1ULL << (size * 8)) - 1;

    s->ioport_data = (s->ioport_data & ~(uint32_t)(mask << shift)) |
                     (uint32_t)((val & mask) << shift);
}

static const MemoryRegionOps testdev_ioport_ops = {
    .read = testdev_ioport_read,
    .write = testdev_ioport_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = { .min_access_size = 1, .max_access_size = 4, .unaligned = true },
};

static const MemoryRegionOps testdev_ioport_byte_ops = {
    .read = testdev_ioport_read,
    .write = testdev_ioport_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = { .min_access_size = 1, .max_access_size = 1 },
};

static void testdev_flush_write(void *opaque, hwaddr addr, uint64_t val,
                                unsigned size)
{
    uint64_t page = val & ~(uint64_t)0xfff;

    qemu_log_mask(LOG_UNIMP, "pc-testdev: flush of page 0x%" PRIx64
                  " ignored (no CPU engine)\n", page);
}

static const MemoryRegionOps testdev_flush_ops = {
    .write = testdev_flush_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static void testdev_irq_write(void *opaque, hwaddr addr, uint64_t val,
                              unsigned size)
{
    PCTestdevState *s = opaque;

    if (addr >= ISA_NUM_IRQS) {
        qemu_log_mask(LOG_UNIMP, "pc-testdev: IRQ line %d not wired\n",
                      (int)addr);
        return;
    }
    qemu_set_irq(isa_get_irq(ISA_DEVICE(s), addr), val != 0);
}

static const MemoryRegionOps testdev_irq_ops = {
    .write = testdev_irq_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 1 },
};

static uint64_t testdev_iomem_read(void *opaque, hwaddr addr, unsigned size)
{
    PCTestdevState *s = opaque;
    uint64_t val = 0;

    for (unsigned i = 0; i < size && addr + i < TESTDEV_IOMEM_SIZE; i++) {
        val |= (uint64_t)s->iomem_buf[addr + i] << (i * 8);
    }
    return val;
}

static void testdev_iomem_write(void *opaque, hwaddr addr, uint64_t val,
                                unsigned size)
{
    PCTestdevState *s = opaque;

    for (unsigned i = 0; i < size && addr + i < TESTDEV_IOMEM_SIZE; i++) {
        s->iomem_buf[addr + i] = val >> (i * 8);
    }
}

static const MemoryRegionOps testdev_iomem_ops = {
    .read = testdev_iomem_read,
    .write = testdev_iomem_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 8 },
};

static bool testdev_realize(DeviceState *dev, Error **errp)
{
    PCTestdevState *s = PC_TESTDEV(dev);
    ISADevice *isa = ISA_DEVICE(dev);
    MachineState *ms = machine_of(OBJECT(dev));

    memory_region_init_io(&s->ioport, s, &testdev_ioport_ops, s,
                          "pc-testdev-ioport", 4);
    memory_region_init_io(&s->ioport_byte, s, &testdev_ioport_byte_ops, s,
                          "pc-testdev-ioport-byte", 4);
    memory_region_init_io(&s->flush, s, &testdev_flush_ops, s,
                          "pc-testdev-flush-page", 4);
    memory_region_init_io(&s->irq, s, &testdev_irq_ops, s,
                          "pc-testdev-irq-line", TESTDEV_IRQ_LINES);
    memory_region_init_io(&s->iomem, s, &testdev_iomem_ops, s,
                          "pc-testdev-iomem", TESTDEV_IOMEM_SIZE);
    isa_register_ioport(isa, &s->ioport, 0xe0);
    isa_register_ioport(isa, &s->flush, 0xe4);
    isa_register_ioport(isa, &s->ioport_byte, 0xe8);
    isa_register_ioport(isa, &s->irq, 0x2000);
    memory_region_add_subregion(ms->system_memory, TESTDEV_IOMEM_BASE,
                                &s->iomem);
    return true;
}

static void testdev_unrealize(DeviceState *dev)
{
    PCTestdevState *s = PC_TESTDEV(dev);

    isa_unregister_ioport(&s->ioport);
    isa_unregister_ioport(&s->ioport_byte);
    isa_unregister_ioport(&s->flush);
    isa_unregister_ioport(&s->irq);
    memory_region_finalize(&s->iomem);
}

static void testdev_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = testdev_realize;
    dc->unrealize = testdev_unrealize;
    dc->category = DEVICE_CATEGORY_MISC;
    dc->user_creatable = true;
}

const TypeInfo pc_testdev_type_info = {
    .name = TYPE_PC_TESTDEV,
    .parent = TYPE_ISA_DEVICE,
    .instance_size = sizeof(PCTestdevState),
    .desc = "x86 test device (scratch port, IRQ lines, MMIO scratch)",
    .class_init = testdev_class_init,
};
