/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * GICv3 state shared by the distributor/redistributor MMIO
 * (arm_gicv3.c) and the CPU interface (arm_gicv3_cpuif.c).
 */
#ifndef HW_INTC_GICV3_INTERNAL_H
#define HW_INTC_GICV3_INTERNAL_H

#include "hw/intc/arm_gicv3.h"

/* State of 32 interrupts, one bit each. */
typedef struct GICv3Bits {
    uint32_t group;             /* 1: group 1 */
    uint32_t enabled;
    uint32_t pending;           /* the pending latch */
    uint32_t active;
    uint32_t level;             /* input line level */
    uint32_t edge;              /* 1: edge-triggered (ICFGR bit 2n+1) */
} GICv3Bits;

typedef struct GICv3CPU {
    GICv3Bits local;            /* SGIs and PPIs */
    uint8_t priority[GICV3_INTERNAL];
    bool sleep;                 /* GICR_WAKER.ProcessorSleep */
    qemu_irq irq, fiq;

    /* LPIs (has-lpis): GICR_CTLR.EnableLPIs, the tables, pending set */
    bool lpis_enabled;
    uint64_t propbaser, pendbaser;
    uint64_t *lpi_pending;     /* GICV3_LPI_LIMIT bits */
    unsigned lpi_count;             /* bits set in lpi_pending */

    /* CPU interface */
    uint8_t pmr;
    bool grpen[2];
    uint32_t active_prio[8];    /* bit p: priority p active, not dropped */
} GICv3CPU;

struct GICv3State {
    SysBusDevice parent_obj;
    MemoryRegion dist_mr;
    MemoryRegion redist_mr;
    bool mr_init;

    uint32_t num_cpu;           /* properties */
    uint32_t num_irq;
    uint32_t revision;
    bool has_lpis;
    AddressSpace *dma_as;       /* LPI tables (the machine's memory) */

    uint32_t ctlr;              /* GICD_CTLR EnableGrp0/1 */
    GICv3Bits spi[GICV3_MAX_IRQ / 32 + 1];  /* word 0 unused */
    uint8_t priority[GICV3_MAX_IRQ + 4];
    uint64_t irouter[GICV3_MAX_IRQ + 4];
    GICv3CPU *cpu;
};

#define GICD_CTLR_EN_GRP0 (1u << 0)
#define GICD_CTLR_EN_GRP1 (1u << 1)
#define GICD_CTLR_ARE     (1u << 4)
#define GICD_CTLR_DS      (1u << 6)
#define GICD_IROUTER_IRM  (1ull << 31)

/* The bits of @irq's 32-interrupt word as seen by @cpu. */
static inline GICv3Bits *gicv3_bits(GICv3State *s, unsigned cpu, unsigned irq)
{
    return irq < GICV3_INTERNAL ? &s->cpu[cpu].local : &s->spi[irq / 32];
}

static inline uint8_t *gicv3_prio(GICv3State *s, unsigned cpu, unsigned irq)
{
    return irq < GICV3_INTERNAL ? &s->cpu[cpu].priority[irq]
                                : &s->priority[irq];
}

/* Pending as software sees it: the latch, or a level input held high. */
static inline uint32_t gicv3_pending(const GICv3Bits *b)
{
    return b->pending | (b->level & ~b->edge);
}

static inline bool gicv3_is_lpi(uint32_t intid)
{
    return intid >= GICV3_LPI_BASE && intid < GICV3_LPI_LIMIT;
}

/* Four byte-wide priority fields as one little-endian register. */
static inline uint32_t gicv3_prio_word(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void gicv3_set_prio_word(uint8_t *p, uint32_t val)
{
    for (int i = 0; i < 4; i++) {
        p[i] = val >> (8 * i);
    }
}

/* The CPU an SPI is routed to, or -1. */
int gicv3_spi_target(GICv3State *s, unsigned irq);
/*
 * Best pending interrupt of @cpu among the groups in @grpmask (bit g:
 * group g) that GICD_CTLR enables: INTID (1023: none) and its priority.
 */
/* Set or clear a pending LPI with no checks and no output update. */
void gicv3_lpi_change(GICv3State *s, unsigned cpu, uint32_t intid,
                      bool pending);
/* LPI @intid's priority if it is enabled in the configuration table. */
bool gicv3_lpi_config(GICv3State *s, unsigned cpu, uint32_t intid,
                      uint8_t *prio);
uint32_t gicv3_best_pending(GICv3State *s, unsigned cpu, unsigned grpmask,
                            uint8_t *prio);
/* Recompute every CPU's IRQ and FIQ outputs. */
void gicv3_update(GICv3State *s);

#endif
