/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Arm GICv3 distributor and redistributors ("arm-gicv3"); the board
 * interface is in include/hw/intc/arm_gicv3.h, the CPU interface in
 * arm_gicv3_cpuif.c.
 *
 * One security state (GICD_CTLR.DS RAO), affinity routing on (ARE RAO),
 * no message-based SPIs.  LPIs only with has-lpis (for an ITS):
 * GICD_TYPER.LPIS and IDbits 15, GICR_TYPER.PLPIS, GICR_CTLR.EnableLPIs,
 * GICR_PROPBASER (configuration table: priority bits 7:2, enable bit 0,
 * read from guest memory whenever an LPI is considered, so INV is never
 * needed) and GICR_PENDBASER (the pending table is kept up to date in
 * guest memory; it is not read back when LPIs are enabled).  Without
 * has-lpis those registers are RAZ/WI.  LPIs are group 1 and have no
 * active state.  Registers are 32-bit, IPRIORITYR also takes
 * byte accesses, GICD_IROUTER and GICR_TYPER 64-bit or 32-bit halves;
 * other sizes and reserved offsets are logged as guest errors and read as
 * zero / ignore writes.
 *
 * Distributor (reset value): CTLR (0x50: ARE|DS; EnableGrp0/1 writable),
 * TYPER, IIDR (0x43b), IGROUPR, ISENABLER/ICENABLER, ISPENDR/ICPENDR,
 * ISACTIVER/ICACTIVER, IPRIORITYR, ICFGR (bit 2n+1: edge), IROUTER
 * (Aff3.Aff2.Aff1.Aff0 and IRM; other bits RES0), all 0 at reset; the
 * INTID 0-31 parts, ITARGETSR, IGRPMODR, NSACR, SGIR, C/SPENDSGIR are
 * RAZ/WI (ARE and DS).  Redistributor of CPU n at n * 128 KiB: RD_base
 * CTLR (RAZ/WI), IIDR, TYPER (Processor_Number n, Last for the final one,
 * Affinity), WAKER (0x6: ProcessorSleep, ChildrenAsleep follows it);
 * SGI_base: IGROUPR0, IS/ICENABLER0, IS/ICPENDR0, IS/ICACTIVER0,
 * IPRIORITYR0-7, ICFGR0 (RO 0xaaaaaaaa), ICFGR1 (PPIs, writable).
 * Peripheral ID2 reads 0x3b (architecture revision 3) in both frames.
 *
 * An SPI routed with IRM = 1 goes to the lowest-numbered CPU whose
 * redistributor is awake (WAKER.ProcessorSleep = 0).  A level input held
 * high reads as pending; ICPENDR clears only the latch.
 */
#include "qemu/osdep.h"
#include "gicv3_internal.h"
#include "hw/core/machine.h"
#include "qemu/log.h"
#include "trace-hw_intc.h"

enum {
    GICD_CTLR = 0x0000, GICD_TYPER = 0x0004, GICD_IIDR = 0x0008,
    GICD_IGROUPR = 0x0080, GICD_ISENABLER = 0x0100,
    GICD_ICENABLER = 0x0180, GICD_ISPENDR = 0x0200, GICD_ICPENDR = 0x0280,
    GICD_ISACTIVER = 0x0300, GICD_ICACTIVER = 0x0380,
    GICD_IPRIORITYR = 0x0400, GICD_ICFGR = 0x0c00, GICD_IROUTER = 0x6000,
    GICD_IDREGS = 0xffd0,
    GICR_CTLR = 0x0000, GICR_IIDR = 0x0004, GICR_TYPER = 0x0008,
    GICR_WAKER = 0x0014,
};

#define GIC_IIDR 0x43b
#define GICR_PROPBASER 0x70
#define GICR_PENDBASER 0x78
#define GICR_BASER_PA_MASK 0x000ffffffffff000ull
#define GICR_PENDBASER_PA_MASK 0x000fffffffff0000ull
#define GICR_WAKER_SLEEP (1u << 1)
#define GICR_WAKER_ASLEEP (1u << 2)
#define GICD_IROUTER_MASK 0x000000ff80ffffffull

/* PIDR4..7, PIDR0..3, CIDR0..3 at 0xffd0 */
static const uint8_t gicd_ids[12] = {
    0x44, 0, 0, 0, 0x92, 0xb4, 0x3b, 0, 0x0d, 0xf0, 0x05, 0xb1
};
static const uint8_t gicr_ids[12] = {
    0x44, 0, 0, 0, 0x93, 0xb4, 0x3b, 0, 0x0d, 0xf0, 0x05, 0xb1
};

/* ---- routing and the outputs ---- */

int gicv3_spi_target(GICv3State *s, unsigned irq)
{
    uint64_t r = s->irouter[irq];

    for (unsigned c = 0; c < s->num_cpu; c++) {
        if (r & GICD_IROUTER_IRM) {
            if (!s->cpu[c].sleep) {
                return c;
            }
        } else if ((r & ~GICD_IROUTER_IRM) == gicv3_cpu_affinity(c)) {
            return c;
        }
    }
    return -1;
}

static uint32_t gicv3_group_mask(GICv3State *s, const GICv3Bits *b,
                                 unsigned grpmask)
{
    uint32_t m = 0;

    if ((s->ctlr & GICD_CTLR_EN_GRP0) && (grpmask & 1)) {
        m |= ~b->group;
    }
    if ((s->ctlr & GICD_CTLR_EN_GRP1) && (grpmask & 2)) {
        m |= b->group;
    }
    return m;
}

/* Best of one word's candidates; SPIs must be routed to @cpu. */
static void gicv3_scan_word(GICv3State *s, unsigned cpu, unsigned word,
                            unsigned grpmask, uint32_t *best, int *bestprio)
{
    GICv3Bits *b = word ? &s->spi[word] : &s->cpu[cpu].local;
    uint32_t cand = b->enabled & gicv3_pending(b) & ~b->active &
                    gicv3_group_mask(s, b, grpmask);

    while (cand) {
        unsigned irq = word * 32 + __builtin_ctz(cand);
        int p = *gicv3_prio(s, cpu, irq);

        cand &= cand - 1;
        if (p < *bestprio && (!word || gicv3_spi_target(s, irq) == cpu)) {
            *bestprio = p;
            *best = irq;
        }
    }
}

/* ---- LPIs ---- */

bool gicv3_lpi_config(GICv3State *s, unsigned cpu, uint32_t intid,
                      uint8_t *prio)
{
    GICv3CPU *c = &s->cpu[cpu];
    unsigned idbits = (c->propbaser & 0x1f) + 1;
    hwaddr pa = (c->propbaser & GICR_BASER_PA_MASK) + intid - GICV3_LPI_BASE;
    uint8_t cfg;

    if (idbits < 14 || intid >= (1ull << idbits) ||
        !gicv3_table_is_ram(s->dma_as, pa, 1, false)) {
        return false;
    }
    cfg = address_space_ldub(s->dma_as, pa, MEMTXATTRS_UNSPECIFIED, NULL);
    *prio = cfg & 0xfc;
    return cfg & 1;
}

static void gicv3_lpi_scan(GICv3State *s, unsigned cpu, uint32_t *best,
                           int *bestprio)
{
    GICv3CPU *c = &s->cpu[cpu];
    unsigned words = GICV3_LPI_LIMIT / 64;

    for (unsigned w = GICV3_LPI_BASE / 64; w < words; w++) {
        uint64_t bits = c->lpi_pending[w];

        while (bits) {
            uint32_t intid = w * 64 + __builtin_ctzll(bits);
            uint8_t p;

            bits &= bits - 1;
            if (gicv3_lpi_config(s, cpu, intid, &p) && p < *bestprio) {
                *bestprio = p;
                *best = intid;
            }
        }
    }
}

/* Keep the guest's pending table in step (bit @intid). */
static void gicv3_lpi_store_pending(GICv3State *s, unsigned cpu,
                                    uint32_t intid, bool pending)
{
    hwaddr pa = (s->cpu[cpu].pendbaser & GICR_PENDBASER_PA_MASK) + intid / 8;
    uint8_t b;

    if (!gicv3_table_is_ram(s->dma_as, pa, 1, true)) {
        return;
    }
    b = address_space_ldub(s->dma_as, pa, MEMTXATTRS_UNSPECIFIED, NULL);
    b = pending ? b | (1u << (intid % 8)) : b & ~(1u << (intid % 8));
    address_space_stb(s->dma_as, pa, b, MEMTXATTRS_UNSPECIFIED, NULL);
}

/* Set or clear without the update (acknowledge uses it too). */
void gicv3_lpi_change(GICv3State *s, unsigned cpu, uint32_t intid,
                      bool pending)
{
    GICv3CPU *c = &s->cpu[cpu];
    uint64_t mask = 1ull << (intid % 64);
    uint64_t *w = &c->lpi_pending[intid / 64];

    if (!!(*w & mask) == pending) {
        return;
    }
    *w ^= mask;
    c->lpi_count += pending ? 1 : -1;
    gicv3_lpi_store_pending(s, cpu, intid, pending);
}

void gicv3_lpi_set_pending(GICv3State *s, unsigned cpu, uint32_t intid,
                           bool pending)
{
    if (!s->has_lpis || cpu >= s->num_cpu || !gicv3_is_lpi(intid)) {
        qemu_log_mask(LOG_GUEST_ERROR, "arm-gicv3: LPI %u for CPU %u "
                      "dropped\n", intid, cpu);
        return;
    }
    if (!s->cpu[cpu].lpis_enabled) {
        return;
    }
    trace_gicv3_set_irq(intid, cpu, pending);
    gicv3_lpi_change(s, cpu, intid, pending);
    gicv3_update(s);
}

void gicv3_lpi_move_all(GICv3State *s, unsigned from, unsigned to)
{
    unsigned words = GICV3_LPI_LIMIT / 64;

    if (!s->has_lpis || from >= s->num_cpu || to >= s->num_cpu ||
        from == to) {
        return;
    }
    for (unsigned w = 0; w < words; w++) {
        uint64_t bits = s->cpu[from].lpi_pending[w];

        while (bits) {
            uint32_t intid = w * 64 + __builtin_ctzll(bits);

            bits &= bits - 1;
            gicv3_lpi_change(s, from, intid, false);
            if (s->cpu[to].lpis_enabled) {
                gicv3_lpi_change(s, to, intid, true);
            }
        }
    }
    gicv3_update(s);
}

bool gicv3_lpi_is_pending(GICv3State *s, unsigned cpu, uint32_t intid)
{
    if (!s->has_lpis || cpu >= s->num_cpu || !gicv3_is_lpi(intid)) {
        return false;
    }
    return (s->cpu[cpu].lpi_pending[intid / 64] >> (intid % 64)) & 1;
}

unsigned gicv3_num_cpu(GICv3State *s)
{
    return s->num_cpu;
}

bool gicv3_has_lpis(GICv3State *s)
{
    return s->has_lpis;
}

uint32_t gicv3_best_pending(GICv3State *s, unsigned cpu, unsigned grpmask,
                            uint8_t *prio)
{
    uint32_t best = GICV3_SPURIOUS;
    int bestprio = 0x100;

    for (unsigned w = 0; w < s->num_irq / 32; w++) {
        gicv3_scan_word(s, cpu, w, grpmask, &best, &bestprio);
    }
    if (s->has_lpis && s->cpu[cpu].lpi_count && (grpmask & 2) &&
        (s->ctlr & GICD_CTLR_EN_GRP1)) {
        gicv3_lpi_scan(s, cpu, &best, &bestprio);
    }
    *prio = bestprio > 0xff ? 0xff : bestprio;
    return best;
}

static void gicv3_update_cpu(GICv3State *s, unsigned cpu)
{
    GICv3CPU *c = &s->cpu[cpu];
    unsigned grpmask = (c->grpen[0] ? 1 : 0) | (c->grpen[1] ? 2 : 0);
    uint8_t prio;
    uint32_t irq = gicv3_best_pending(s, cpu, grpmask, &prio);
    bool irq_level = false, fiq_level = false;

    if (irq != GICV3_SPURIOUS && prio < c->pmr &&
        prio < gicv3_cpuif_running_priority(s, cpu)) {
        bool grp1 = gicv3_is_lpi(irq) ||
                    ((gicv3_bits(s, cpu, irq)->group >> (irq % 32)) & 1);

        irq_level = grp1;
        fiq_level = !grp1;
    }
    trace_gicv3_update(cpu, irq, prio, irq_level, fiq_level);
    qemu_set_irq(c->irq, irq_level);
    qemu_set_irq(c->fiq, fiq_level);
}

void gicv3_update(GICv3State *s)
{
    for (unsigned c = 0; c < s->num_cpu; c++) {
        gicv3_update_cpu(s, c);
    }
}

/* Input line @n: SPIs first, then 32 PPI lines per CPU. */
static void gicv3_set_irq(void *opaque, int n, int level)
{
    GICv3State *s = opaque;
    unsigned nspi = s->num_irq - GICV3_INTERNAL;
    unsigned cpu = 0, irq;
    GICv3Bits *b;
    uint32_t bit;

    if (n < nspi) {
        irq = n + GICV3_INTERNAL;
    } else {
        cpu = (n - nspi) / 32;
        irq = (n - nspi) % 32;
        if (irq < 16) {
            return;             /* SGIs have no lines */
        }
    }
    b = gicv3_bits(s, cpu, irq);
    bit = 1u << (irq % 32);
    trace_gicv3_set_irq(irq, cpu, level);
    if (level && !(b->level & bit) && (b->edge & bit)) {
        b->pending |= bit;
    }
    b->level = level ? b->level | bit : b->level & ~bit;
    gicv3_update(s);
}

/* ---- the register banks shared by GICD and GICR_SGI_base ---- */

static uint32_t gicv3_bank_read(GICv3State *s, unsigned cpu, unsigned first,
                                hwaddr base)
{
    GICv3Bits *b = gicv3_bits(s, cpu, first);

    switch (base) {
    case GICD_IGROUPR:
        return b->group;
    case GICD_ISENABLER:
    case GICD_ICENABLER:
        return b->enabled;
    case GICD_ISPENDR:
    case GICD_ICPENDR:
        return gicv3_pending(b);
    default:
        return b->active;
    }
}

static void gicv3_bank_write(GICv3State *s, unsigned cpu, unsigned first,
                             hwaddr base, uint32_t val)
{
    GICv3Bits *b = gicv3_bits(s, cpu, first);

    switch (base) {
    case GICD_IGROUPR:
        b->group = val;
        break;
    case GICD_ISENABLER:
        b->enabled |= val;
        break;
    case GICD_ICENABLER:
        b->enabled &= ~val;
        break;
    case GICD_ISPENDR:
        b->pending |= val;
        break;
    case GICD_ICPENDR:
        b->pending &= ~val;
        break;
    case GICD_ISACTIVER:
        b->active |= val;
        break;
    default:
        b->active &= ~val;
        break;
    }
}

/* ICFGR @n covers INTIDs 16n..16n+15: bit 2k+1 set = edge. */
static uint32_t gicv3_icfgr_read(GICv3State *s, unsigned cpu, unsigned n)
{
    uint32_t edge = gicv3_bits(s, cpu, n * 16)->edge >> ((n & 1) * 16);
    uint32_t val = 0;

    if (n == 0) {
        return 0xaaaaaaaa;      /* SGIs are edge-triggered */
    }
    for (int k = 0; k < 16; k++) {
        val |= ((edge >> k) & 1u) << (2 * k + 1);
    }
    return val;
}

static void gicv3_icfgr_write(GICv3State *s, unsigned cpu, unsigned n,
                              uint32_t val)
{
    GICv3Bits *b = gicv3_bits(s, cpu, n * 16);
    unsigned shift = (n & 1) * 16;
    uint32_t edge = 0;

    for (int k = 0; k < 16; k++) {
        edge |= ((val >> (2 * k + 1)) & 1u) << k;
    }
    b->edge = (b->edge & ~(0xffffu << shift)) | (edge << shift);
}

static bool gicv3_is_bank(hwaddr off)
{
    return off >= GICD_IGROUPR && off < GICD_IPRIORITYR;
}

static void gicv3_log_bad(const char *frame, hwaddr off, unsigned size,
                          bool write)
{
    qemu_log_mask(LOG_GUEST_ERROR, "arm-gicv3: %s %u-byte %s at reserved or "
                  "RAZ/WI offset 0x%" HWADDR_PRIx "\n", frame, size,
                  write ? "write" : "read", off);
}

/* ---- distributor ---- */

static uint32_t gicd_typer(GICv3State *s)
{
    uint32_t cpus = MIN(s->num_cpu, 8);

    /* ITLinesNumber, CPUNumber, IDbits (10 or 16 bits), LPIS, A3V */
    uint32_t idbits = s->has_lpis ? GICV3_LPI_IDBITS - 1 : 9;

    return (s->num_irq / 32 - 1) | ((cpus - 1) << 5) | (idbits << 19) |
           ((s->has_lpis ? 1u : 0) << 17) | (1u << 24);
}

/* Word @n of a bank: valid for SPIs only (INTIDs 0-31 are in GICR). */
static bool gicd_word_valid(GICv3State *s, unsigned n)
{
    return n >= 1 && n < s->num_irq / 32;
}

static uint32_t gicd_read32(GICv3State *s, hwaddr off)
{
    if (off == GICD_CTLR) {
        return s->ctlr | GICD_CTLR_ARE | GICD_CTLR_DS;
    } else if (off == GICD_TYPER) {
        return gicd_typer(s);
    } else if (off == GICD_IIDR) {
        return GIC_IIDR;
    } else if (gicv3_is_bank(off)) {
        unsigned n = (off & 0x7f) / 4;

        return gicd_word_valid(s, n) ?
               gicv3_bank_read(s, 0, n * 32, off & ~0x7full) : 0;
    } else if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + 0x400) {
        unsigned irq = off - GICD_IPRIORITYR;

        return irq >= GICV3_INTERNAL && irq < s->num_irq ?
               gicv3_prio_word(&s->priority[irq]) : 0;
    } else if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100) {
        unsigned n = (off - GICD_ICFGR) / 4;

        return n >= 2 && n < s->num_irq / 16 ? gicv3_icfgr_read(s, 0, n) : 0;
    } else if (off >= GICD_IDREGS) {
        return gicd_ids[(off - GICD_IDREGS) / 4];
    }
    return 0;
}

static void gicd_write32(GICv3State *s, hwaddr off, uint32_t val)
{
    if (off == GICD_CTLR) {
        s->ctlr = val & (GICD_CTLR_EN_GRP0 | GICD_CTLR_EN_GRP1);
    } else if (gicv3_is_bank(off)) {
        unsigned n = (off & 0x7f) / 4;

        if (gicd_word_valid(s, n)) {
            gicv3_bank_write(s, 0, n * 32, off & ~0x7full, val);
        }
    } else if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + 0x400) {
        unsigned irq = off - GICD_IPRIORITYR;

        if (irq >= GICV3_INTERNAL && irq < s->num_irq) {
            gicv3_set_prio_word(&s->priority[irq], val);
        }
    } else if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100) {
        unsigned n = (off - GICD_ICFGR) / 4;

        if (n >= 2 && n < s->num_irq / 16) {
            gicv3_icfgr_write(s, 0, n, val);
        }
    }
}

/* GICD_IROUTER<n>, n >= 32: 64-bit, or either 32-bit half. */
static bool gicd_irouter_irq(GICv3State *s, hwaddr off, unsigned *irq)
{
    if (off < GICD_IROUTER || off >= GICD_IROUTER + 8 * GICV3_MAX_IRQ) {
        return false;
    }
    *irq = (off - GICD_IROUTER) / 8;
    return true;
}

static uint64_t gicd_read(void *opaque, hwaddr off, unsigned size)
{
    GICv3State *s = opaque;
    unsigned irq;
    uint64_t val = 0;

    if (gicd_irouter_irq(s, off, &irq) && (size == 8 || size == 4)) {
        if (irq >= GICV3_INTERNAL && irq < s->num_irq) {
            val = s->irouter[irq] >> (8 * (off & 4));
        }
    } else if (size == 1 && off >= GICD_IPRIORITYR &&
               off < GICD_IPRIORITYR + 0x400) {
        irq = off - GICD_IPRIORITYR;
        val = irq >= GICV3_INTERNAL && irq < s->num_irq ? s->priority[irq]
                                                         : 0;
    } else if (size == 4 && !(off & 3)) {
        val = gicd_read32(s, off);
    } else {
        gicv3_log_bad("GICD", off, size, false);
    }
    trace_gicv3_dist_read(off, size, val);
    return size == 4 ? (uint32_t)val : val;
}

static void gicd_write(void *opaque, hwaddr off, uint64_t val, unsigned size)
{
    GICv3State *s = opaque;
    unsigned irq;

    trace_gicv3_dist_write(off, size, val);
    if (gicd_irouter_irq(s, off, &irq) && (size == 8 || size == 4)) {
        if (irq >= GICV3_INTERNAL && irq < s->num_irq) {
            uint64_t old = s->irouter[irq];

            if (size == 4) {
                unsigned sh = 8 * (off & 4);

                val = (old & ~(0xffffffffull << sh)) | (val << sh);
            }
            s->irouter[irq] = val & GICD_IROUTER_MASK;
        }
    } else if (size == 1 && off >= GICD_IPRIORITYR &&
               off < GICD_IPRIORITYR + 0x400) {
        irq = off - GICD_IPRIORITYR;
        if (irq >= GICV3_INTERNAL && irq < s->num_irq) {
            s->priority[irq] = val;
        }
    } else if (size == 4 && !(off & 3)) {
        gicd_write32(s, off, val);
    } else {
        gicv3_log_bad("GICD", off, size, true);
    }
    gicv3_update(s);
}

static const MemoryRegionOps gicd_ops = {
    .read = gicd_read,
    .write = gicd_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
};

/* ---- redistributors ---- */

static uint64_t gicr_typer(GICv3State *s, unsigned cpu)
{
    uint64_t v = gicv3_cpu_affinity(cpu) << 32 | (uint64_t)cpu << 8;

    if (cpu == s->num_cpu - 1) {
        v |= 1u << 4;           /* Last */
    }
    if (s->has_lpis) {
        v |= 1;                 /* PLPIS */
    }
    return v;
}

/* GICR_PROPBASER / PENDBASER (has-lpis), or NULL */
static uint64_t *gicr_baser(GICv3State *s, unsigned cpu, hwaddr off)
{
    if (!s->has_lpis) {
        return NULL;
    }
    switch (off & ~4ull) {
    case GICR_PROPBASER:
        return &s->cpu[cpu].propbaser;
    case GICR_PENDBASER:
        return &s->cpu[cpu].pendbaser;
    default:
        return NULL;
    }
}

static uint64_t gicr_rd_read(GICv3State *s, unsigned cpu, hwaddr off,
                             unsigned size)
{
    uint64_t *baser = gicr_baser(s, cpu, off);

    if ((off & ~4ull) == GICR_TYPER && (size == 8 || size == 4)) {
        return gicr_typer(s, cpu) >> (8 * (off & 4));
    } else if (baser && (size == 8 || size == 4)) {
        return *baser >> (8 * (off & 4));
    } else if (size != 4 || (off & 3)) {
        gicv3_log_bad("GICR", off, size, false);
        return 0;
    }
    switch (off) {
    case GICR_CTLR:
        return s->cpu[cpu].lpis_enabled;
    case GICR_IIDR:
        return GIC_IIDR;
    case GICR_WAKER:
        return s->cpu[cpu].sleep ? GICR_WAKER_SLEEP | GICR_WAKER_ASLEEP : 0;
    default:
        return off >= GICD_IDREGS ? gicr_ids[(off - GICD_IDREGS) / 4] : 0;
    }
}

static uint32_t gicr_sgi_read32(GICv3State *s, unsigned cpu, hwaddr off)
{
    if (gicv3_is_bank(off)) {
        return (off & 0x7f) ? 0 : gicv3_bank_read(s, cpu, 0, off);
    } else if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + 32) {
        return gicv3_prio_word(&s->cpu[cpu].priority[off - GICD_IPRIORITYR]);
    } else if (off == GICD_ICFGR || off == GICD_ICFGR + 4) {
        return gicv3_icfgr_read(s, cpu, (off - GICD_ICFGR) / 4);
    }
    return 0;
}

static void gicr_sgi_write32(GICv3State *s, unsigned cpu, hwaddr off,
                             uint32_t val)
{
    if (gicv3_is_bank(off)) {
        if (!(off & 0x7f)) {
            gicv3_bank_write(s, cpu, 0, off, val);
        }
    } else if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + 32) {
        gicv3_set_prio_word(&s->cpu[cpu].priority[off - GICD_IPRIORITYR], val);
    } else if (off == GICD_ICFGR + 4) {
        gicv3_icfgr_write(s, cpu, 1, val);
    }
}

static uint64_t gicr_read(void *opaque, hwaddr addr, unsigned size)
{
    GICv3State *s = opaque;
    unsigned cpu = addr / GICV3_REDIST_SIZE;
    hwaddr off = addr & 0xffff;
    uint64_t val = 0;

    if (!(addr & 0x10000)) {
        val = gicr_rd_read(s, cpu, off, size);
    } else if (size == 1 && off >= GICD_IPRIORITYR &&
               off < GICD_IPRIORITYR + 32) {
        val = s->cpu[cpu].priority[off - GICD_IPRIORITYR];
    } else if (size == 4 && !(off & 3)) {
        val = gicr_sgi_read32(s, cpu, off);
    } else {
        gicv3_log_bad("GICR_SGI", off, size, false);
    }
    trace_gicv3_redist_read(cpu, addr & 0x1ffff, size, val);
    return val;
}

static void gicr_rd_write(GICv3State *s, unsigned cpu, hwaddr off,
                          uint64_t val, unsigned size)
{
    uint64_t *baser = gicr_baser(s, cpu, off);

    if (size == 4 && off == GICR_WAKER) {
        s->cpu[cpu].sleep = val & GICR_WAKER_SLEEP;
    } else if (size == 4 && off == GICR_CTLR) {
        s->cpu[cpu].lpis_enabled = s->has_lpis && (val & 1);
    } else if (baser && (size == 8 || size == 4)) {
        unsigned sh = 8 * (off & 4);

        if (size == 4) {
            val = (*baser & ~(0xffffffffull << sh)) | (val << sh);
        }
        *baser = val;
    } else if (size != 4 || (off & 3) || off == GICR_TYPER ||
               off == GICR_TYPER + 4) {
        gicv3_log_bad("GICR", off, size, true);
    }
}

static void gicr_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    GICv3State *s = opaque;
    unsigned cpu = addr / GICV3_REDIST_SIZE;
    hwaddr off = addr & 0xffff;

    trace_gicv3_redist_write(cpu, addr & 0x1ffff, size, val);
    if (!(addr & 0x10000)) {
        gicr_rd_write(s, cpu, off, val, size);
    } else if (size == 1 && off >= GICD_IPRIORITYR &&
               off < GICD_IPRIORITYR + 32) {
        s->cpu[cpu].priority[off - GICD_IPRIORITYR] = val;
    } else if (size == 4 && !(off & 3)) {
        gicr_sgi_write32(s, cpu, off, val);
    } else {
        gicv3_log_bad("GICR_SGI", off, size, true);
    }
    gicv3_update(s);
}

static const MemoryRegionOps gicr_ops = {
    .read = gicr_read,
    .write = gicr_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
};

/* ---- device ---- */

static MemoryRegion *gicv3_mmio(SysBusDevice *sbd, int n)
{
    GICv3State *s = ARM_GICV3(sbd);

    if (!s->mr_init) {
        return NULL;
    }
    return n == 0 ? &s->dist_mr : n == 1 ? &s->redist_mr : NULL;
}

static bool gicv3_realize(DeviceState *dev, Error **errp)
{
    GICv3State *s = ARM_GICV3(dev);
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);

    if (s->num_cpu < 1 || s->num_cpu > GICV3_MAX_CPUS) {
        error_setg(errp, "arm-gicv3: num-cpu must be between 1 and %d",
                   GICV3_MAX_CPUS);
        return false;
    }
    if (s->num_irq < 64 || s->num_irq > GICV3_MAX_IRQ || s->num_irq % 32) {
        error_setg(errp, "arm-gicv3: num-irq %u is not a multiple of 32 "
                   "between 64 and %d", s->num_irq, GICV3_MAX_IRQ);
        return false;
    }
    if (s->revision != 3) {
        error_setg(errp, "arm-gicv3: revision %u is not supported",
                   s->revision);
        return false;
    }
    s->cpu = g_new0(GICv3CPU, s->num_cpu);
    s->dma_as = &machine_of(OBJECT(dev))->as_memory;
    for (unsigned c = 0; s->has_lpis && c < s->num_cpu; c++) {
        s->cpu[c].lpi_pending = g_new0(uint64_t,
                                       GICV3_LPI_LIMIT / 64);
    }
    for (unsigned c = 0; c < s->num_cpu; c++) {
        sysbus_init_irq(sbd, &s->cpu[c].irq);
    }
    for (unsigned c = 0; c < s->num_cpu; c++) {
        sysbus_init_irq(sbd, &s->cpu[c].fiq);
    }
    qdev_init_gpio_in(dev, gicv3_set_irq,
                      s->num_irq - GICV3_INTERNAL + 32 * s->num_cpu);
    memory_region_init_io(&s->dist_mr, s, &gicd_ops, s, "gicv3_dist",
                          GICV3_DIST_SIZE);
    memory_region_init_io(&s->redist_mr, s, &gicr_ops, s, "gicv3_redist",
                          (uint64_t)GICV3_REDIST_SIZE * s->num_cpu);
    s->mr_init = true;
    return true;
}

static void gicv3_finalize(Object *obj)
{
    GICv3State *s = ARM_GICV3(obj);

    if (s->mr_init) {
        memory_region_finalize(&s->dist_mr);
        memory_region_finalize(&s->redist_mr);
    }
    for (unsigned c = 0; s->cpu && c < s->num_cpu; c++) {
        g_free(s->cpu[c].lpi_pending);
    }
    g_free(s->cpu);
}

static void gicv3_reset_enter(DeviceState *dev)
{
    GICv3State *s = ARM_GICV3(dev);

    s->ctlr = 0;
    for (unsigned w = 0; w < G_N_ELEMENTS(s->spi); w++) {
        uint32_t level = s->spi[w].level;

        s->spi[w] = (GICv3Bits) { .level = level };
    }
    memset(s->priority, 0, sizeof(s->priority));
    memset(s->irouter, 0, sizeof(s->irouter));
    for (unsigned c = 0; c < s->num_cpu; c++) {
        GICv3CPU *cpu = &s->cpu[c];

        cpu->local = (GICv3Bits) { .level = cpu->local.level,
                                   .edge = 0xffff };
        cpu->lpis_enabled = false;
        cpu->propbaser = cpu->pendbaser = 0;
        cpu->lpi_count = 0;
        if (cpu->lpi_pending) {
            memset(cpu->lpi_pending, 0, GICV3_LPI_LIMIT / 8);
        }
        memset(cpu->priority, 0, sizeof(cpu->priority));
        cpu->sleep = true;
        cpu->pmr = 0;
        cpu->grpen[0] = cpu->grpen[1] = false;
        memset(cpu->active_prio, 0, sizeof(cpu->active_prio));
    }
}

static void gicv3_reset_hold(DeviceState *dev)
{
    gicv3_update(ARM_GICV3(dev));
}

static void gicv3_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = gicv3_realize;
    dc->reset_enter = gicv3_reset_enter;
    dc->reset_hold = gicv3_reset_hold;
    dc->category = DEVICE_CATEGORY_MISC;
    SYS_BUS_DEVICE_CLASS(oc)->mmio = gicv3_mmio;
}

static const Property gicv3_props[] = {
    DEFINE_PROP_UINT32("num-cpu", GICv3State, num_cpu, 1,
                       "number of CPUs (redistributors)"),
    DEFINE_PROP_UINT32("num-irq", GICv3State, num_irq, 288,
                       "number of interrupts, SGIs and PPIs included"),
    DEFINE_PROP_UINT32("revision", GICv3State, revision, 3,
                       "architecture revision (3)"),
    DEFINE_PROP_BOOL("has-lpis", GICv3State, has_lpis, false,
                     "LPIs (for an ITS)"),
    DEFINE_PROP_END_OF_LIST(),
};

const TypeInfo arm_gicv3_type_info = {
    .name = TYPE_ARM_GICV3,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(GICv3State),
    .instance_finalize = gicv3_finalize,
    .class_init = gicv3_class_init,
    .props = gicv3_props,
    .desc = "Arm GICv3 distributor and redistributors",
};
