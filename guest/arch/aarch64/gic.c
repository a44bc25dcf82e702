/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * GICv3: the distributor (affinity routing, group 1 enabled), one
 * redistributor per CPU (found by matching GICR_TYPER's affinity with
 * MPIDR_EL1; woken, SGIs and the timer PPI enabled) and the
 * system-register CPU interface (ICC_*_EL1).  Kernel vectors map to
 * INTIDs: VEC_CALL_FUNC/VEC_TEST/VEC_KICK are SGIs 1..3, VEC_TIMER the
 * virtual timer PPI, vectors from irq_alloc_vector() are LPIs 8192 +
 * vector (PCI MSIs through the ITS, arch/aarch64/its.c).
 */
#include "smp.h"
#include "mm.h"
#include "arch/platform.h"

#define GICD_CTLR           0x0000
#define GICD_CTLR_RWP       BIT(31)
#define GICD_TYPER          0x0004
#define GICR_STRIDE         0x20000
#define GICR_WAKER          0x0014
#define GICR_TYPER          0x0008
#define GICR_TYPER_LAST     BIT(4)
#define GICR_WAKER_SLEEP    BIT(1)
#define GICR_WAKER_ASLEEP   BIT(2)
#define GICR_SGI            0x10000
#define GICR_IGROUPR0       0x0080
#define GICR_ISENABLER0     0x0100
#define GICR_ICENABLER0     0x0180
#define GICR_ICPENDR0       0x0280
#define GICR_IPRIORITYR     0x0400
#define LPI_BASE            8192
#define INTID_SPURIOUS      1020

#define ICC_PMR_EL1         s3_0_c4_c6_0
#define ICC_IAR1_EL1        s3_0_c12_c12_0
#define ICC_EOIR1_EL1       s3_0_c12_c12_1
#define ICC_BPR1_EL1        s3_0_c12_c12_3
#define ICC_CTLR_EL1        s3_0_c12_c12_4
#define ICC_SRE_EL1         s3_0_c12_c12_5
#define ICC_IGRPEN1_EL1     s3_0_c12_c12_7
#define ICC_SGI1R_EL1       s3_0_c12_c11_5

#define SYSREG_READ(r)      sysreg_read(r)
#define SYSREG_WRITE(r, v)  sysreg_write(r, v)

static volatile uint8_t *gicd, *gicr;
static bool ready, lpis;

static uint32_t rd32(volatile uint8_t *base, unsigned off)
{
    return *(volatile uint32_t *)(base + off);
}

static void wr32(volatile uint8_t *base, unsigned off, uint32_t v)
{
    *(volatile uint32_t *)(base + off) = v;
}

static int intid_to_vector(uint32_t intid)
{
    if (intid >= 1 && intid <= 3) {
        return VEC_TIMER + intid;
    }
    if (intid == plat.timer_intid) {
        return VEC_TIMER;
    }
    if (intid >= LPI_BASE + 0x30 && intid <= LPI_BASE + 0xef) {
        return intid - LPI_BASE;
    }
    return -1;
}

static uint32_t vector_to_sgi(int vector)
{
    return vector - VEC_TIMER;      /* VEC_CALL_FUNC .. VEC_KICK: 1..3 */
}

bool gic_ready(void)
{
    return ready;
}

void gic_init(void)
{
    gicd = ioremap(plat.gicd, 0x10000);
    gicr = ioremap(plat.gicr, plat.gicr_size);
    BUG_ON(!gicd || !gicr);
    /* affinity routing, group 1 on (both views of the bits) */
    wr32(gicd, GICD_CTLR, BIT(4) | BIT(1) | BIT(0));
    while (rd32(gicd, GICD_CTLR) & GICD_CTLR_RWP) {
        cpu_relax();
    }
    lpis = its_lpi_init(gicd);
    its_init();
    ready = true;
}

/* This CPU's redistributor, or NULL. */
static volatile uint8_t *find_redist(uint32_t hwid)
{
    for (uint64_t off = 0; off + GICR_STRIDE <= plat.gicr_size;
         off += GICR_STRIDE) {
        volatile uint8_t *rd = gicr + off;
        uint64_t typer = *(volatile uint64_t *)(rd + GICR_TYPER);

        if ((typer >> 32) == hwid) {
            return rd;
        }
        if (typer & GICR_TYPER_LAST) {
            break;
        }
    }
    return NULL;
}

void gic_cpu_init(void)
{
    Cpu *c = this_cpu();
    volatile uint8_t *rd = find_redist(c->hwid), *sgi;

    if (!rd) {
        printf("gic: no redistributor for CPU %u (affinity %x)\n", c->id,
               c->hwid);
        return;
    }
    c->arch.redist = (uint64_t)rd;
    wr32(rd, GICR_WAKER, rd32(rd, GICR_WAKER) & ~GICR_WAKER_SLEEP);
    while (rd32(rd, GICR_WAKER) & GICR_WAKER_ASLEEP) {
        cpu_relax();
    }
    if (lpis) {
        its_cpu_init(rd);
    }
    sgi = rd + GICR_SGI;
    wr32(sgi, GICR_ICENABLER0, 0xffffffff);
    wr32(sgi, GICR_ICPENDR0, 0xffffffff);
    wr32(sgi, GICR_IGROUPR0, 0xffffffff);
    for (unsigned i = 0; i < 32; i += 4) {
        wr32(sgi, GICR_IPRIORITYR + i, 0x80808080);
    }
    wr32(sgi, GICR_ISENABLER0, BIT(1) | BIT(2) | BIT(3) |
         BIT(plat.timer_intid));
    SYSREG_WRITE(ICC_SRE_EL1, SYSREG_READ(ICC_SRE_EL1) | 1);
    isb();
    SYSREG_WRITE(ICC_PMR_EL1, 0xff);
    SYSREG_WRITE(ICC_BPR1_EL1, 0);
    SYSREG_WRITE(ICC_CTLR_EL1, 0);      /* EOI drops and deactivates */
    SYSREG_WRITE(ICC_IGRPEN1_EL1, 1);
    isb();
}

void gic_send_sgi(uint64_t mpidr, unsigned intid)
{
    uint64_t v = ((mpidr >> 32) & 0xff) << 48 |
                 ((mpidr >> 16) & 0xff) << 32 |
                 (uint64_t)(intid & 0xf) << 24 |
                 ((mpidr >> 8) & 0xff) << 16 |
                 BIT(mpidr & 0xf);

    __asm__ volatile("dsb ishst" ::: "memory");
    SYSREG_WRITE(ICC_SGI1R_EL1, v);
    isb();
}

void arch_send_ipi(unsigned cpu, int vector)
{
    gic_send_sgi(cpus[cpu].arch.mpidr, vector_to_sgi(vector));
}

void arch_eoi(void)
{
    SYSREG_WRITE(ICC_EOIR1_EL1, this_cpu()->arch.cur_intid);
    isb();
}

/* An IRQ exception: acknowledge, dispatch by vector (EOI in arch_eoi). */
void gic_irq(TrapFrame *tf)
{
    uint32_t intid = SYSREG_READ(ICC_IAR1_EL1) & 0xffffff;
    int vector;

    if (intid >= INTID_SPURIOUS && intid < LPI_BASE) {
        return;
    }
    vector = intid_to_vector(intid);
    if (vector < 0) {
        printf("gic: unexpected INTID %u on CPU %u\n", intid,
               this_cpu()->id);
        SYSREG_WRITE(ICC_EOIR1_EL1, intid);
        return;
    }
    this_cpu()->arch.cur_intid = intid;
    tf->vector = vector;
    trap_dispatch(tf);
}
