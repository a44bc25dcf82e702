/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * devmem-exporter driver: probe (ID check, memory size, MSI-X vector 0
 * for copy completions) and the copy engine (see devmem.h).
 */
#include "devmem.h"
#include "kernel.h"
#include "mm.h"
#include "timer.h"

#define REG_ID              0x00
#define REG_SRC_LO          0x08
#define REG_SRC_HI          0x0c
#define REG_DST_LO          0x10
#define REG_DST_HI          0x14
#define REG_LEN             0x18
#define REG_CTRL            0x1c
#define REG_STATUS          0x20
#define REG_IRQ_ENABLE      0x24
#define REG_MEM_SIZE_LO     0x28
#define REG_MEM_SIZE_HI     0x2c
#define DEVMEM_ID           0x58454d44u
#define CTRL_GO             BIT(0)
#define CTRL_TO_HOST        BIT(1)
#define STATUS_DONE         BIT(1)
#define STATUS_ERROR        BIT(2)

static Devmem *devmem_dev;

Devmem *devmem_first(void)
{
    return devmem_dev;
}

static uint32_t rd(Devmem *m, unsigned off)
{
    return m->regs[off / 4];
}

static void wr(Devmem *m, unsigned off, uint32_t v)
{
    m->regs[off / 4] = v;
}

uint64_t devmem_bus_addr(Devmem *m, uint64_t off)
{
    return m->mem_bus + off;
}

int devmem_copy(Devmem *m, uint64_t src, uint64_t dst, uint32_t len,
                bool to_dev)
{
    uint64_t end = time_ns() + 1000000000ULL;
    unsigned irqs = m->irqs;
    uint32_t st;

    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    wr(m, REG_STATUS, STATUS_DONE | STATUS_ERROR);
    wr(m, REG_SRC_LO, (uint32_t)src);
    wr(m, REG_SRC_HI, src >> 32);
    wr(m, REG_DST_LO, (uint32_t)dst);
    wr(m, REG_DST_HI, dst >> 32);
    wr(m, REG_LEN, len);
    wr(m, REG_CTRL, CTRL_GO | (to_dev ? 0 : CTRL_TO_HOST));
    while (!((st = rd(m, REG_STATUS)) & (STATUS_DONE | STATUS_ERROR)) ||
           (m->use_irq && m->irqs == irqs)) {
        if (time_ns() > end) {
            printf("devmem: copy timed out (status %x)\n", st);
            return -1;
        }
        cpu_relax();
    }
    wr(m, REG_STATUS, st);
    return st & STATUS_ERROR ? -1 : 0;
}

static void devmem_irq(TrapFrame *tf, void *opaque)
{
    Devmem *m = opaque;

    m->irqs++;
}

static int devmem_probe(PciDev *d)
{
    Devmem *m = kzalloc(sizeof(*m));
    PciBar *b = &d->bar[2];
    int vec;

    if (!m || b->io || !b->addr) {
        kfree(m);
        return -1;
    }
    pci_write(d, PCI_COMMAND, 2, pci_read(d, PCI_COMMAND, 2) | PCI_CMD_MEM |
              PCI_CMD_MASTER);
    m->pci = d;
    m->regs = pci_map_bar(d, 0);
    if (!m->regs || rd(m, REG_ID) != DEVMEM_ID) {
        kfree(m);
        return -1;
    }
    m->mem_bus = b->addr;
    m->mem_size = rd(m, REG_MEM_SIZE_LO) |
                  (uint64_t)rd(m, REG_MEM_SIZE_HI) << 32;
    vec = irq_alloc_vector();
    if (vec >= 0) {
        irq_set_handler(vec, devmem_irq, m);
        m->use_irq = pci_msix_enable(d, 0, vec, 0) == 0;
    }
    wr(m, REG_IRQ_ENABLE, m->use_irq);
    d->priv = m;
    devmem_dev = devmem_dev ? devmem_dev : m;
    printf("devmem: %lu MiB of device memory at %lx%s\n",
           m->mem_size >> 20, m->mem_bus, m->use_irq ? ", MSI-X" : "");
    return 0;
}

const PciDriver devmem_driver = {
    .name = "devmem-exporter",
    .vendor = DEVMEM_VENDOR,
    .device = DEVMEM_DEVICE,
    .probe = devmem_probe,
};
