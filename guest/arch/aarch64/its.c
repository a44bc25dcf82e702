/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * GICv3 LPIs and the ITS, for PCI MSI/MSI-X.  All redistributors share
 * one LPI configuration table (INTIDs 8192 + 0x30..0xef enabled, the
 * kernel's allocatable vectors) and each has its own pending table.  The
 * ITS gets a command queue, a device table and a collection table (when
 * it wants them in memory); collection N targets CPU N's redistributor.
 * An MSI to (cpu, vector) from a PCI function is event `vector` of
 * device `requester ID` (virt's msi-map is the identity), mapped by
 * MAPTI to LPI 8192 + vector in collection `cpu`.
 */
#include "smp.h"
#include "mm.h"
#include "pci.h"
#include "spinlock.h"
#include "arch/platform.h"

#define GICD_TYPER          0x0004
#define GICD_TYPER_LPIS     BIT(17)
#define GICR_CTLR           0x0000
#define GICR_CTLR_LPIS      BIT(0)
#define GICR_TYPER          0x0008
#define GICR_PROPBASER      0x0070
#define GICR_PENDBASER      0x0078
#define GITS_CTLR           0x0000
#define GITS_TYPER          0x0008
#define GITS_CBASER         0x0080
#define GITS_CWRITER        0x0088
#define GITS_CREADR         0x0090
#define GITS_BASER          0x0100
#define GITS_TYPER_PTA      BIT(19)

#define LPI_BASE            8192
#define LPI_ID_BITS         14          /* INTIDs below 16384 */
#define PROP_SIZE           ((1 << LPI_ID_BITS) - LPI_BASE)
#define PEND_ALIGN          (64 * KiB)
#define CMDQ_PAGES          1
#define CMD_SIZE            32
#define EVENT_BITS          8           /* event ID = vector < 256 */
#define MAX_ITS_DEVICES     32
#define TABLE_PAGES         16
/* Normal inner write-back, inner shareable (BASER/CBASER layout) */
#define CACHE_WB            (7ULL << 59)
#define CACHE_WB_RD         (7ULL << 7)  /* PROPBASER/PENDBASER layout */
#define SHARE_INNER         (1ULL << 10)

static uint64_t prop_pa;
static volatile uint8_t *its;
static uint64_t *cmdq;
static uint64_t cmd_next;
static bool its_pta;
static uint32_t coll_mapped;
static uint32_t dev_ids[MAX_ITS_DEVICES];
static unsigned nr_devs;
static Spinlock its_lock;

static uint64_t rd64(volatile uint8_t *b, unsigned off)
{
    return *(volatile uint64_t *)(b + off);
}

static void wr64(volatile uint8_t *b, unsigned off, uint64_t v)
{
    *(volatile uint64_t *)(b + off) = v;
}

/* Called once on the boot CPU by gic_init(): the shared LPI table. */
bool its_lpi_init(volatile uint8_t *gicd)
{
    uint8_t *prop;

    if (!(*(volatile uint32_t *)(gicd + GICD_TYPER) & GICD_TYPER_LPIS)) {
        return false;
    }
    prop_pa = page_alloc(PROP_SIZE / PAGE_SIZE);
    if (!prop_pa) {
        return false;
    }
    prop = p2v(prop_pa);
    for (int v = 0x30; v <= 0xef; v++) {
        prop[v] = 0xa0 | 1;             /* priority, enabled */
    }
    __asm__ volatile("dsb ish" ::: "memory");
    return true;
}

/* Per CPU, before its redistributor may take LPIs. */
void its_cpu_init(volatile uint8_t *rd)
{
    uint64_t raw, pend;

    if (!prop_pa || (*(volatile uint32_t *)(rd + GICR_CTLR) &
                     GICR_CTLR_LPIS)) {
        return;
    }
    raw = page_alloc((PEND_ALIGN + PEND_ALIGN) / PAGE_SIZE);
    if (!raw) {
        return;
    }
    pend = ALIGN_UP(raw, PEND_ALIGN);
    wr64(rd, GICR_PROPBASER, prop_pa | CACHE_WB_RD | SHARE_INNER |
         (LPI_ID_BITS - 1));
    wr64(rd, GICR_PENDBASER, pend | CACHE_WB_RD | SHARE_INNER);
    __asm__ volatile("dsb ish" ::: "memory");
    *(volatile uint32_t *)(rd + GICR_CTLR) |= GICR_CTLR_LPIS;
}

/* Post one command and wait until the ITS has consumed it. */
static bool its_cmd(uint64_t d0, uint64_t d1, uint64_t d2, uint64_t d3)
{
    uint64_t *c = cmdq + cmd_next / 8;
    uint64_t deadline = 100000000;

    c[0] = d0;
    c[1] = d1;
    c[2] = d2;
    c[3] = d3;
    cmd_next = (cmd_next + CMD_SIZE) % (CMDQ_PAGES * PAGE_SIZE);
    __asm__ volatile("dsb ish" ::: "memory");
    wr64(its, GITS_CWRITER, cmd_next);
    while (rd64(its, GITS_CREADR) != cmd_next) {
        if (!--deadline) {
            printf("its: command %lx not consumed\n", d0 & 0xff);
            return false;
        }
        cpu_relax();
    }
    return true;
}

/* Give the ITS the tables it asks for (GITS_BASER<n> with a type). */
static void its_tables(void)
{
    for (int n = 0; n < 8; n++) {
        uint64_t b = rd64(its, GITS_BASER + 8 * n);
        unsigned type = (b >> 56) & 7;
        uint64_t pa;

        if (!type) {
            continue;
        }
        pa = page_alloc(TABLE_PAGES);
        BUG_ON(!pa);
        /* flat table, 4 KiB pages */
        b = BIT(63) | CACHE_WB | (b & (0x1fULL << 48)) |
            ((uint64_t)type << 56) |
            pa | SHARE_INNER | (TABLE_PAGES - 1);
        wr64(its, GITS_BASER + 8 * n, b);
    }
}

void its_init(void)
{
    uint64_t q;

    if (!plat.gits || !prop_pa) {
        return;
    }
    its = ioremap(plat.gits, 0x20000);
    q = page_alloc(CMDQ_PAGES);
    BUG_ON(!its || !q);
    cmdq = p2v(q);
    its_pta = rd64(its, GITS_TYPER) & GITS_TYPER_PTA;
    its_tables();
    wr64(its, GITS_CBASER, BIT(63) | CACHE_WB | q | SHARE_INNER |
         (CMDQ_PAGES - 1));
    wr64(its, GITS_CWRITER, 0);
    *(volatile uint32_t *)(its + GITS_CTLR) |= 1;
}

static uint64_t rdbase(unsigned cpu)
{
    volatile uint8_t *rd = (volatile uint8_t *)cpus[cpu].arch.redist;

    if (its_pta) {
        return vm_translate((uint64_t)rd, NULL) >> 16 << 16;
    }
    return ((rd64(rd, GICR_TYPER) >> 8) & 0xffff) << 16;
}

static bool map_device(uint32_t devid)
{
    uint64_t itt;

    for (unsigned i = 0; i < nr_devs; i++) {
        if (dev_ids[i] == devid) {
            return true;
        }
    }
    if (nr_devs == MAX_ITS_DEVICES || !(itt = page_alloc(1))) {
        return false;
    }
    dev_ids[nr_devs++] = devid;
    /* MAPD: device, EVENT_BITS of event IDs, ITT, valid */
    return its_cmd(0x08 | (uint64_t)devid << 32, EVENT_BITS - 1,
                   BIT(63) | itt, 0);
}

static bool map_collection(unsigned cpu)
{
    if (coll_mapped & BIT(cpu)) {
        return true;
    }
    /* MAPC: collection cpu -> its redistributor, valid; then INVALL */
    if (!its_cmd(0x09, 0, BIT(63) | rdbase(cpu) | cpu, 0) ||
        !its_cmd(0x0d, 0, cpu, 0)) {
        return false;
    }
    coll_mapped |= BIT(cpu);
    return true;
}

/* Route event @vector of @d to LPI 8192 + @vector on @cpu. */
int arch_msi_map(PciDev *d, int vector, unsigned cpu)
{
    uint32_t devid = d->bus << 8 | d->slot << 3 | d->func;
    bool on, ok;

    if (!its || cpu >= MAX_CPUS || !cpus[cpu].arch.redist ||
        vector < 0x30 || vector > 0xef) {
        return -1;
    }
    on = spin_lock_irqsave(&its_lock);
    ok = map_collection(cpu) && map_device(devid) &&
         /* MAPTI: device, event -> pINTID, collection; INV; SYNC */
         its_cmd(0x0a | (uint64_t)devid << 32,
                 (uint64_t)(LPI_BASE + vector) << 32 | vector, cpu, 0) &&
         its_cmd(0x0c | (uint64_t)devid << 32, vector, 0, 0) &&
         its_cmd(0x05, 0, rdbase(cpu), 0);
    spin_unlock_irqrestore(&its_lock, on);
    return ok ? 0 : -1;
}
