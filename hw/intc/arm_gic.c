/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Arm GICv2 ("arm_gic"): distributor and CPU interface, without the
 * Security Extensions (the board interface is include/hw/intc/arm_gic.h).
 *
 * Distributor (reset value): CTLR (0; EnableGrp0 bit 0, EnableGrp1 bit 1),
 * TYPER (ITLinesNumber, CPUNumber), IIDR (0x0200143b), IGROUPR,
 * IS/ICENABLER (SGI enables RAO/WI), IS/ICPENDR (SGI bits read the
 * pending state, writes to them ignored), IS/ICACTIVER, IPRIORITYR (8
 * bits, byte access), ITARGETSR (byte access; 0-31 read as the accessing
 * CPU's bit; SPI bits of absent CPUs masked; RAZ/WI with one CPU), ICFGR
 * (SGIs RO edge; bit 2n+1 = edge), SGIR, CPENDSGIR/SPENDSGIR (one bit per
 * source CPU), IDs at 0xfd0 (PIDR2 0x2b: GICv2).  Everything else is
 * RAZ/WI, logged.  Registers take 4-byte accesses; IPRIORITYR, ITARGETSR
 * and C/SPENDSGIR also bytes.
 *
 * CPU interface: CTLR (EnableGrp0/1, AckCtl, FIQEn, CBPR, EOImode
 * stored), PMR (0), BPR (2) and ABPR (3) stored (preemption compares whole
 * priorities), IAR/AIAR (acknowledge; group 1 through IAR needs AckCtl,
 * else 1022; SGIs report the source CPU in bits 12:10), EOIR/AEOIR
 * (priority drop, and deactivation unless EOImode), RPR, HPPIR/AHPPIR,
 * APR0 (bit per active priority >> 3), IIDR (0x0202143b), DIR.  Group 0
 * signals FIQ when FIQEn is set, otherwise IRQ; group 1 signals IRQ.
 * An SPI targeting several CPUs is offered to each; the first to
 * acknowledge takes it.
 */
#include "qemu/osdep.h"
#include "hw/intc/arm_gic.h"
#include "qemu/log.h"
#include "trace-hw_intc.h"

#define GIC_NIRQ_MAX 1020
#define GIC_SPURIOUS 1023
#define GIC_GRP1_NOACK 1022

typedef struct GICBits {
    uint32_t group, enabled, pending, active, level, edge;
} GICBits;

typedef struct GICv2CPU {
    GICBits local;              /* SGIs (pending: sgi_src) and PPIs */
    uint8_t sgi_src[16];        /* pending SGI n: bit per source CPU */
    uint8_t priority[32];
    uint32_t ctlr;
    uint8_t pmr, bpr, abpr;
    uint32_t active_prio[8];    /* bit p: priority p active, not dropped */
    qemu_irq irq, fiq;
} GICv2CPU;

/* A view of one CPU's interface (MMIO 2 + n) */
typedef struct GICCpuView {
    GICv2State *s;
    int cpu;
} GICCpuView;

struct GICv2State {
    SysBusDevice parent_obj;
    MemoryRegion dist_mr;
    MemoryRegion cpu_mr;
    MemoryRegion cpu_n_mr[GIC_MAX_CPUS];
    GICCpuView cpu_view[GIC_MAX_CPUS];
    bool mr_init;

    uint32_t num_cpu, num_irq, revision;
    int (*cpu_index)(void *opaque);
    void *cpu_index_opaque;

    uint32_t ctlr;
    GICBits spi[GIC_NIRQ_MAX / 32 + 1];
    uint8_t priority[GIC_NIRQ_MAX + 4];
    uint8_t targets[GIC_NIRQ_MAX + 4];
    GICv2CPU cpu[GIC_MAX_CPUS];
};


#define GICC_CTLR_GRP0    (1u << 0)
#define GICC_CTLR_GRP1    (1u << 1)
#define GICC_CTLR_ACKCTL  (1u << 2)
#define GICC_CTLR_FIQEN   (1u << 3)
#define GICC_CTLR_EOIMODE (1u << 9)

static const uint8_t gic_ids[12] = {
    0x04, 0, 0, 0, 0x90, 0xb4, 0x2b, 0, 0x0d, 0xf0, 0x05, 0xb1
};

static GICBits *gic_bits(GICv2State *s, int cpu, unsigned irq)
{
    return irq < 32 ? &s->cpu[cpu].local : &s->spi[irq / 32];
}

static uint8_t *gic_prio(GICv2State *s, int cpu, unsigned irq)
{
    return irq < 32 ? &s->cpu[cpu].priority[irq] : &s->priority[irq];
}

static uint32_t gic_pending(GICv2State *s, int cpu, unsigned word)
{
    GICBits *b = word ? &s->spi[word] : &s->cpu[cpu].local;
    uint32_t p = (b->pending | (b->level & ~b->edge));

    if (!word) {
        p &= 0xffff0000u;
        for (int i = 0; i < 16; i++) {
            p |= (s->cpu[cpu].sgi_src[i] ? 1u : 0) << i;
        }
    }
    return p;
}

static int gic_current_cpu(GICv2State *s)
{
    int c = s->cpu_index ? s->cpu_index(s->cpu_index_opaque) : 0;

    return c >= 0 && c < s->num_cpu ? c : 0;
}

void arm_gic_set_cpu_index_fn(GICv2State *s, int (*fn)(void *opaque),
                              void *opaque)
{
    s->cpu_index = fn;
    s->cpu_index_opaque = opaque;
}

/* ---- priority resolution and outputs ---- */

static uint8_t gic_running_priority(GICv2CPU *c)
{
    for (int w = 0; w < 8; w++) {
        if (c->active_prio[w]) {
            return w * 32 + __builtin_ctz(c->active_prio[w]);
        }
    }
    return 0xff;
}

/* Best pending for @cpu among groups in @grpmask that both CTLRs enable. */
static uint32_t gic_best(GICv2State *s, int cpu, unsigned grpmask,
                         uint8_t *prio)
{
    uint32_t best = GIC_SPURIOUS;
    int bestprio = 0x100;

    for (unsigned w = 0; w < s->num_irq / 32; w++) {
        GICBits *b = w ? &s->spi[w] : &s->cpu[cpu].local;
        uint32_t m = 0, cand;

        if ((s->ctlr & 1) && (grpmask & 1)) {
            m |= ~b->group;
        }
        if ((s->ctlr & 2) && (grpmask & 2)) {
            m |= b->group;
        }
        cand = b->enabled & gic_pending(s, cpu, w) & ~b->active & m;
        while (cand) {
            unsigned irq = w * 32 + __builtin_ctz(cand);
            int p = *gic_prio(s, cpu, irq);

            cand &= cand - 1;
            if (p < bestprio && (!w || (s->targets[irq] & (1u << cpu)))) {
                bestprio = p;
                best = irq;
            }
        }
    }
    *prio = bestprio > 0xff ? 0xff : bestprio;
    return best;
}

static unsigned gic_cpu_grpmask(GICv2CPU *c)
{
    return c->ctlr & (GICC_CTLR_GRP0 | GICC_CTLR_GRP1);
}

static void gic_update(GICv2State *s)
{
    for (int cpu = 0; cpu < s->num_cpu; cpu++) {
        GICv2CPU *c = &s->cpu[cpu];
        uint8_t prio;
        uint32_t irq = gic_best(s, cpu, gic_cpu_grpmask(c), &prio);
        bool irq_level = false, fiq_level = false;

        if (irq != GIC_SPURIOUS && prio < c->pmr &&
            prio < gic_running_priority(c)) {
            bool grp1 = (gic_bits(s, cpu, irq)->group >> (irq % 32)) & 1;

            fiq_level = !grp1 && (c->ctlr & GICC_CTLR_FIQEN);
            irq_level = !fiq_level;
        }
        trace_gic_update(cpu, irq, prio, irq_level, fiq_level);
        qemu_set_irq(c->irq, irq_level);
        qemu_set_irq(c->fiq, fiq_level);
    }
}

static void gic_set_irq(void *opaque, int n, int level)
{
    GICv2State *s = opaque;
    unsigned nspi = s->num_irq - 32;
    int cpu = 0;
    unsigned irq;
    GICBits *b;
    uint32_t bit;

    if (n < nspi) {
        irq = n + 32;
    } else {
        cpu = (n - nspi) / 32;
        irq = (n - nspi) % 32;
        if (irq < 16) {
            return;
        }
    }
    b = gic_bits(s, cpu, irq);
    bit = 1u << (irq % 32);
    if (level && !(b->level & bit) && (b->edge & bit)) {
        b->pending |= bit;
    }
    b->level = level ? b->level | bit : b->level & ~bit;
    gic_update(s);
}

/* ---- distributor ---- */

static uint8_t gic_cpu_mask(GICv2State *s)
{
    return (1u << s->num_cpu) - 1;
}

static uint32_t gicd_bank_read(GICv2State *s, int cpu, unsigned w,
                               hwaddr base)
{
    GICBits *b = w ? &s->spi[w] : &s->cpu[cpu].local;

    switch (base) {
    case 0x080:
        return b->group;
    case 0x100:
    case 0x180:
        return b->enabled | (w ? 0 : 0xffff);
    case 0x200:
    case 0x280:
        return gic_pending(s, cpu, w);
    default:
        return b->active;
    }
}

static void gicd_bank_write(GICv2State *s, int cpu, unsigned w, hwaddr base,
                            uint32_t val)
{
    GICBits *b = w ? &s->spi[w] : &s->cpu[cpu].local;
    uint32_t wmask = w ? 0xffffffffu : 0xffff0000u;  /* SGIs: elsewhere */

    switch (base) {
    case 0x080:
        b->group = val;
        break;
    case 0x100:
        b->enabled |= val & wmask;
        break;
    case 0x180:
        b->enabled &= ~(val & wmask);
        break;
    case 0x200:
        b->pending |= val & wmask;
        break;
    case 0x280:
        b->pending &= ~(val & wmask);
        break;
    case 0x300:
        b->active |= val;
        break;
    default:
        b->active &= ~val;
        break;
    }
}

static uint32_t gicd_icfgr_read(GICv2State *s, int cpu, unsigned n)
{
    uint32_t edge = gic_bits(s, cpu, n * 16)->edge >> ((n & 1) * 16);
    uint32_t val = 0;

    if (n == 0) {
        return 0xaaaaaaaa;
    }
    for (int k = 0; k < 16; k++) {
        val |= ((edge >> k) & 1u) << (2 * k + 1);
    }
    return val;
}

static void gicd_icfgr_write(GICv2State *s, int cpu, unsigned n,
                             uint32_t val)
{
    GICBits *b = gic_bits(s, cpu, n * 16);
    unsigned shift = (n & 1) * 16;
    uint32_t edge = 0;

    for (int k = 0; k < 16; k++) {
        edge |= ((val >> (2 * k + 1)) & 1u) << k;
    }
    b->edge = (b->edge & ~(0xffffu << shift)) | (edge << shift);
}

/* SGIR: TargetListFilter 25:24, CPUTargetList 23:16, SGIINTID 3:0 */
static void gicd_sgir(GICv2State *s, int cpu, uint32_t val)
{
    unsigned id = val & 0xf;
    uint8_t targets;

    switch ((val >> 24) & 3) {
    case 0:
        targets = (val >> 16) & 0xff;
        break;
    case 1:
        targets = ~(1u << cpu);
        break;
    case 2:
        targets = 1u << cpu;
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "arm_gic: SGIR filter 3 reserved\n");
        return;
    }
    targets &= gic_cpu_mask(s);
    for (int c = 0; c < s->num_cpu; c++) {
        if (targets & (1u << c)) {
            s->cpu[c].sgi_src[id] |= 1u << cpu;
        }
    }
}

/* Byte registers: IPRIORITYR, ITARGETSR, CPENDSGIR, SPENDSGIR. */
static bool gicd_byte_reg(GICv2State *s, int cpu, hwaddr off, uint8_t **p,
                          uint8_t *ro_val)
{
    *p = NULL;
    *ro_val = 0;
    if (off >= 0x400 && off < 0x400 + s->num_irq) {
        *p = gic_prio(s, cpu, off - 0x400);
    } else if (off >= 0x800 && off < 0x800 + s->num_irq) {
        unsigned irq = off - 0x800;

        if (s->num_cpu > 1 && irq < 32) {
            *ro_val = 1u << cpu;
        } else if (s->num_cpu > 1) {
            *p = &s->targets[irq];
        }
    } else if (off >= 0xf10 && off < 0xf30) {
        *p = &s->cpu[cpu].sgi_src[off & 0xf];
    } else {
        return (off >= 0x400 && off < 0xc00);
    }
    return true;
}

static uint32_t gicd_read32(GICv2State *s, int cpu, hwaddr off)
{
    unsigned w = (off & 0x7f) / 4;

    if (off == 0x000) {
        return s->ctlr;
    } else if (off == 0x004) {
        return (s->num_irq / 32 - 1) | ((s->num_cpu - 1) << 5);
    } else if (off == 0x008) {
        return 0x0200143b;
    } else if (off >= 0x080 && off < 0x400) {
        return w < s->num_irq / 32 ? gicd_bank_read(s, cpu, w,
                                                    off & ~0x7full) : 0;
    } else if (off >= 0xc00 && off < 0xd00) {
        w = (off - 0xc00) / 4;
        return w < s->num_irq / 16 ? gicd_icfgr_read(s, cpu, w) : 0;
    } else if (off >= 0xfd0) {
        return gic_ids[(off - 0xfd0) / 4];
    }
    return 0;
}

static void gicd_write32(GICv2State *s, int cpu, hwaddr off, uint32_t val)
{
    unsigned w = (off & 0x7f) / 4;

    if (off == 0x000) {
        s->ctlr = val & 3;
    } else if (off >= 0x080 && off < 0x400) {
        if (w < s->num_irq / 32) {
            gicd_bank_write(s, cpu, w, off & ~0x7full, val);
        }
    } else if (off >= 0xc00 && off < 0xd00) {
        w = (off - 0xc00) / 4;
        if (w >= 1 && w < s->num_irq / 16) {
            gicd_icfgr_write(s, cpu, w, val);
        }
    } else if (off == 0xf00) {
        gicd_sgir(s, cpu, val);
    }
}

static uint64_t gicd_read(void *opaque, hwaddr off, unsigned size)
{
    GICv2State *s = opaque;
    int cpu = gic_current_cpu(s);
    uint8_t *p, ro;
    uint32_t val = 0;

    if (gicd_byte_reg(s, cpu, off & ~3ull, &p, &ro)) {
        for (unsigned i = 0; i < size; i++) {
            gicd_byte_reg(s, cpu, off + i, &p, &ro);
            val |= (uint32_t)(p ? *p : ro) << (8 * i);
        }
    } else if (size == 4 && !(off & 3)) {
        val = gicd_read32(s, cpu, off);
    } else {
        qemu_log_mask(LOG_GUEST_ERROR, "arm_gic: bad %u-byte distributor "
                      "read at 0x%" HWADDR_PRIx "\n", size, off);
    }
    trace_gic_dist_read(off, size, val);
    return val;
}

static void gicd_write(void *opaque, hwaddr off, uint64_t val, unsigned size)
{
    GICv2State *s = opaque;
    int cpu = gic_current_cpu(s);
    uint8_t *p, ro;

    trace_gic_dist_write(off, size, val);
    if (gicd_byte_reg(s, cpu, off & ~3ull, &p, &ro)) {
        for (unsigned i = 0; i < size; i++, val >>= 8) {
            gicd_byte_reg(s, cpu, off + i, &p, &ro);
            if (!p) {
                continue;
            }
            if (off + i >= 0xf10) {         /* C/SPENDSGIR: w1c / w1s */
                *p = off + i < 0xf20 ? *p & ~val : *p | (val & 0xff);
                *p &= gic_cpu_mask(s);
            } else if (off + i >= 0x800) {
                *p = val & gic_cpu_mask(s);
            } else {
                *p = val;
            }
        }
    } else if (size == 4 && !(off & 3)) {
        gicd_write32(s, cpu, off, val);
    } else {
        qemu_log_mask(LOG_GUEST_ERROR, "arm_gic: bad %u-byte distributor "
                      "write at 0x%" HWADDR_PRIx "\n", size, off);
    }
    gic_update(s);
}

static const MemoryRegionOps gicd_ops = {
    .read = gicd_read,
    .write = gicd_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
};

/* ---- CPU interface ---- */

/* IAR (@alias false) or AIAR (group 1 only) read by @cpu. */
static uint32_t gicc_acknowledge(GICv2State *s, int cpu, bool alias)
{
    GICv2CPU *c = &s->cpu[cpu];
    unsigned grpmask = gic_cpu_grpmask(c) & (alias ? 2 : 3);
    uint8_t prio;
    uint32_t irq = gic_best(s, cpu, grpmask, &prio);
    uint32_t src = 0;
    GICBits *b;

    if (irq == GIC_SPURIOUS || prio >= c->pmr ||
        prio >= gic_running_priority(c)) {
        return GIC_SPURIOUS;
    }
    b = gic_bits(s, cpu, irq);
    if (!alias && ((b->group >> (irq % 32)) & 1) &&
        !(c->ctlr & GICC_CTLR_ACKCTL)) {
        return GIC_GRP1_NOACK;
    }
    if (irq < 16) {
        src = __builtin_ctz(c->sgi_src[irq]);
        c->sgi_src[irq] &= ~(1u << src);
    } else {
        b->pending &= ~(1u << (irq % 32));
    }
    b->active |= 1u << (irq % 32);
    c->active_prio[prio / 32] |= 1u << (prio % 32);
    trace_gic_cpu_ack(cpu, irq, src);
    return irq | (src << 10);
}

static void gicc_deactivate(GICv2State *s, int cpu, uint32_t irq)
{
    if (irq >= s->num_irq) {
        return;
    }
    gic_bits(s, cpu, irq)->active &= ~(1u << (irq % 32));
}

static void gicc_eoi(GICv2State *s, int cpu, uint32_t val)
{
    GICv2CPU *c = &s->cpu[cpu];
    uint32_t irq = val & 0x3ff;
    uint8_t rp = gic_running_priority(c);

    if (irq >= 1020) {
        return;
    }
    if (rp == 0xff) {
        qemu_log_mask(LOG_GUEST_ERROR, "arm_gic: EOI of %u with nothing "
                      "active\n", irq);
        return;
    }
    c->active_prio[rp / 32] &= ~(1u << (rp % 32));
    if (!(c->ctlr & GICC_CTLR_EOIMODE)) {
        gicc_deactivate(s, cpu, irq);
    }
}

static uint32_t gicc_hppir(GICv2State *s, int cpu, bool alias)
{
    uint8_t prio;
    uint32_t irq = gic_best(s, cpu, alias ? 2 : 3, &prio);

    if (irq == GIC_SPURIOUS) {
        return irq;
    }
    if (!alias && ((gic_bits(s, cpu, irq)->group >> (irq % 32)) & 1) &&
        !(s->cpu[cpu].ctlr & GICC_CTLR_ACKCTL)) {
        return GIC_GRP1_NOACK;
    }
    return irq < 16 ? irq | (__builtin_ctz(s->cpu[cpu].sgi_src[irq]) << 10)
                    : irq;
}

static uint32_t gicc_apr0(GICv2CPU *c)
{
    uint32_t v = 0;

    /* one bit per group priority (priority >> 3, 32 levels) */
    for (int p = 0; p < 256; p++) {
        if (c->active_prio[p / 32] & (1u << (p % 32))) {
            v |= 1u << (p >> 3);
        }
    }
    return v;
}

static uint32_t gicc_read(GICv2State *s, int cpu, hwaddr off)
{
    GICv2CPU *c = &s->cpu[cpu];

    switch (off) {
    case 0x00:
        return c->ctlr;
    case 0x04:
        return c->pmr;
    case 0x08:
        return c->bpr;
    case 0x0c:
    case 0x20:
        return gicc_acknowledge(s, cpu, off == 0x20);
    case 0x14:
        return gic_running_priority(c);
    case 0x18:
    case 0x28:
        return gicc_hppir(s, cpu, off == 0x28);
    case 0x1c:
        return c->abpr;
    case 0xd0:
        return gicc_apr0(c);
    case 0xfc:
        return 0x0202143b;
    default:
        return 0;
    }
}

static void gicc_write(GICv2State *s, int cpu, hwaddr off, uint32_t val)
{
    GICv2CPU *c = &s->cpu[cpu];

    switch (off) {
    case 0x00:
        c->ctlr = val & 0x3ff;
        break;
    case 0x04:
        c->pmr = val;
        break;
    case 0x08:
        c->bpr = val & 7;
        break;
    case 0x1c:
        c->abpr = MAX(val & 7, 1);
        break;
    case 0x10:
    case 0x24:
        gicc_eoi(s, cpu, val);
        break;
    case 0x1000:
        gicc_deactivate(s, cpu, val & 0x3ff);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "arm_gic: write to read-only or "
                      "reserved GICC offset 0x%" HWADDR_PRIx "\n", off);
        break;
    }
}

static uint64_t gicc_io_read(GICv2State *s, int cpu, hwaddr off,
                             unsigned size)
{
    uint32_t val = 0;

    if (size == 4 && !(off & 3)) {
        val = gicc_read(s, cpu, off);
        gic_update(s);
    } else {
        qemu_log_mask(LOG_GUEST_ERROR, "arm_gic: bad %u-byte GICC read "
                      "at 0x%" HWADDR_PRIx "\n", size, off);
    }
    trace_gic_cpu_read(cpu, off, val);
    return val;
}

static void gicc_io_write(GICv2State *s, int cpu, hwaddr off, uint64_t val,
                          unsigned size)
{
    trace_gic_cpu_write(cpu, off, val);
    if (size == 4 && !(off & 3)) {
        gicc_write(s, cpu, off, val);
        gic_update(s);
    } else {
        qemu_log_mask(LOG_GUEST_ERROR, "arm_gic: bad %u-byte GICC write "
                      "at 0x%" HWADDR_PRIx "\n", size, off);
    }
}

static uint64_t gicc_cur_read(void *opaque, hwaddr off, unsigned size)
{
    return gicc_io_read(opaque, gic_current_cpu(opaque), off, size);
}

static void gicc_cur_write(void *opaque, hwaddr off, uint64_t val,
                           unsigned size)
{
    gicc_io_write(opaque, gic_current_cpu(opaque), off, val, size);
}

static uint64_t gicc_n_read(void *opaque, hwaddr off, unsigned size)
{
    GICCpuView *v = opaque;

    return gicc_io_read(v->s, v->cpu, off, size);
}

static void gicc_n_write(void *opaque, hwaddr off, uint64_t val,
                         unsigned size)
{
    GICCpuView *v = opaque;

    gicc_io_write(v->s, v->cpu, off, val, size);
}

static const MemoryRegionOps gicc_ops = {
    .read = gicc_cur_read,
    .write = gicc_cur_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
};

static const MemoryRegionOps gicc_n_ops = {
    .read = gicc_n_read,
    .write = gicc_n_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
};

/* ---- device ---- */

static MemoryRegion *gic_mmio(SysBusDevice *sbd, int n)
{
    GICv2State *s = ARM_GIC(sbd);

    if (!s->mr_init || n < 0 || n >= 2 + (int)s->num_cpu) {
        return NULL;
    }
    return n == 0 ? &s->dist_mr : n == 1 ? &s->cpu_mr : &s->cpu_n_mr[n - 2];
}

static bool gic_realize(DeviceState *dev, Error **errp)
{
    GICv2State *s = ARM_GIC(dev);
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);

    if (s->num_cpu < 1 || s->num_cpu > GIC_MAX_CPUS) {
        error_setg(errp, "arm_gic: num-cpu must be between 1 and %d",
                   GIC_MAX_CPUS);
        return false;
    }
    if (s->num_irq < 64 || s->num_irq > GIC_NIRQ_MAX || s->num_irq % 32) {
        error_setg(errp, "arm_gic: num-irq %u is not a multiple of 32 "
                   "between 64 and %d", s->num_irq, GIC_NIRQ_MAX);
        return false;
    }
    if (s->revision != 2) {
        error_setg(errp, "arm_gic: revision %u is not supported",
                   s->revision);
        return false;
    }
    for (unsigned c = 0; c < s->num_cpu; c++) {
        sysbus_init_irq(sbd, &s->cpu[c].irq);
    }
    for (unsigned c = 0; c < s->num_cpu; c++) {
        sysbus_init_irq(sbd, &s->cpu[c].fiq);
    }
    qdev_init_gpio_in(dev, gic_set_irq, s->num_irq - 32 + 32 * s->num_cpu);
    memory_region_init_io(&s->dist_mr, s, &gicd_ops, s, "gic_dist",
                          GIC_DIST_SIZE);
    memory_region_init_io(&s->cpu_mr, s, &gicc_ops, s, "gic_cpu",
                          GIC_CPU_SIZE);
    for (unsigned c = 0; c < s->num_cpu; c++) {
        s->cpu_view[c] = (GICCpuView) { s, c };
        memory_region_init_io(&s->cpu_n_mr[c], s, &gicc_n_ops,
                              &s->cpu_view[c], "gic_cpu", GIC_CPU_SIZE);
    }
    s->mr_init = true;
    return true;
}

static void gic_finalize(Object *obj)
{
    GICv2State *s = ARM_GIC(obj);

    if (!s->mr_init) {
        return;
    }
    memory_region_finalize(&s->dist_mr);
    memory_region_finalize(&s->cpu_mr);
    for (unsigned c = 0; c < s->num_cpu; c++) {
        memory_region_finalize(&s->cpu_n_mr[c]);
    }
}

static void gic_reset_enter(DeviceState *dev)
{
    GICv2State *s = ARM_GIC(dev);

    s->ctlr = 0;
    for (unsigned w = 0; w < G_N_ELEMENTS(s->spi); w++) {
        s->spi[w] = (GICBits) { .level = s->spi[w].level };
    }
    memset(s->priority, 0, sizeof(s->priority));
    memset(s->targets, s->num_cpu == 1 ? 1 : 0, sizeof(s->targets));
    for (unsigned i = 0; i < s->num_cpu; i++) {
        GICv2CPU *c = &s->cpu[i];

        c->local = (GICBits) { .level = c->local.level, .enabled = 0xffff,
                               .edge = 0xffff };
        memset(c->sgi_src, 0, sizeof(c->sgi_src));
        memset(c->priority, 0, sizeof(c->priority));
        memset(c->active_prio, 0, sizeof(c->active_prio));
        c->ctlr = 0;
        c->pmr = 0;
        c->bpr = 2;
        c->abpr = 3;
    }
}

static void gic_reset_hold(DeviceState *dev)
{
    gic_update(ARM_GIC(dev));
}

static void gic_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = gic_realize;
    dc->reset_enter = gic_reset_enter;
    dc->reset_hold = gic_reset_hold;
    dc->category = DEVICE_CATEGORY_MISC;
    SYS_BUS_DEVICE_CLASS(oc)->mmio = gic_mmio;
}

static const Property gic_props[] = {
    DEFINE_PROP_UINT32("num-cpu", GICv2State, num_cpu, 1,
                       "number of CPU interfaces"),
    DEFINE_PROP_UINT32("num-irq", GICv2State, num_irq, 288,
                       "number of interrupts, SGIs and PPIs included"),
    DEFINE_PROP_UINT32("revision", GICv2State, revision, 2,
                       "architecture revision (2)"),
    DEFINE_PROP_END_OF_LIST(),
};

const TypeInfo arm_gic_type_info = {
    .name = TYPE_ARM_GIC,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(GICv2State),
    .instance_finalize = gic_finalize,
    .class_init = gic_class_init,
    .props = gic_props,
    .desc = "Arm GICv2 distributor and CPU interface",
};
