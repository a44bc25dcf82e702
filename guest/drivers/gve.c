/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gve driver, control path: probe, BARs, MSI-X notification blocks, the
 * reset handshake (admin queue PFN, revision 0), the admin queue and its
 * commands, RSS, link status.  The datapaths are in gve-dqo.c (DQO-RDA,
 * first choice) and gve-gqi.c (GQI-QPL).  BAR0 and admin commands are
 * big-endian (specs/gve.md §2-3).
 */
#include "gve.h"
#include "gve-regs.h"
#include "kernel.h"
#include "mm.h"
#include "timer.h"

static Gve *gve_dev;

Gve *gve_first(void)
{
    return gve_dev;
}

uint32_t gve_rd(Gve *g, unsigned off)
{
    return __builtin_bswap32(*(volatile uint32_t *)(g->bar0 + off));
}

void gve_wr(Gve *g, unsigned off, uint32_t v)
{
    *(volatile uint32_t *)(g->bar0 + off) = __builtin_bswap32(v);
}

void gve_db(Gve *g, uint32_t idx, uint32_t v)
{
    gve_mb();
    g->bar2[idx] = v;                   /* DQO: little-endian */
}

void gve_irq_rearm(Gve *g, GveBlock *b)
{
    gve_db(g, b->db, GVE_IRQ_ENABLE | GVE_IRQ_ITR_NOCHANGE);
}

uint32_t gve_aq_cmd(Gve *g, uint32_t opcode, const uint8_t *payload,
                    unsigned len)
{
    uint8_t *slot = g->aq + (g->aq_prod % GVE_AQ_SLOTS) * 64;
    uint64_t end;

    if (len > 56 || gve_rd(g, GVE_REG_EVENTS) != g->aq_prod) {
        return 0;
    }
    memset(slot, 0, 64);
    put_be32(slot, opcode);
    memcpy(slot + 8, payload, len);
    gve_mb();
    gve_wr(g, GVE_REG_DOORBELL, ++g->aq_prod);
    g->aq_cmds++;
    end = time_ns() + 2000000000ULL;
    while (gve_rd(g, GVE_REG_EVENTS) != g->aq_prod) {
        if (time_ns() > end) {
            printf("gve: admin command %x timed out\n", opcode);
            return 0;
        }
        cpu_relax();
    }
    gve_mb();
    return get_be32(slot + 4);
}

/*
 * Install the admin queue and restart the count: revision 0 by PFN;
 * revision >= 1 by length, base address and RUN.
 */
static void gve_aq_install(Gve *g)
{
    uint64_t pa = v2p(g->aq);

    g->aq_prod = 0;
    if (!g->revision) {
        gve_wr(g, GVE_REG_PFN, pa / 4096);
        return;
    }
    *(volatile uint16_t *)(g->bar0 + GVE_REG_AQ_LEN) =
        __builtin_bswap16(4096);
    gve_wr(g, GVE_REG_AQ_BASE_HI, pa >> 32);
    gve_wr(g, GVE_REG_AQ_BASE_LO, (uint32_t)pa);
    gve_wr(g, GVE_REG_DRIVER_STATUS, GVE_DRIVER_RUN);
}

/* Release the admin queue: PFN 0 until it reads 0, or RESET handshake. */
static bool gve_aq_released(Gve *g)
{
    if (!g->revision) {
        return gve_rd(g, GVE_REG_PFN) == 0;
    }
    return gve_rd(g, GVE_REG_DEVICE_STATUS) & GVE_STATUS_IS_RESET;
}

int gve_reset(Gve *g)
{
    uint64_t end = time_ns() + 2000000000ULL;

    if (!g->revision) {
        gve_wr(g, GVE_REG_PFN, 0);
    } else {
        gve_wr(g, GVE_REG_DRIVER_STATUS, GVE_DRIVER_RESET);
    }
    while (!gve_aq_released(g)) {
        if (time_ns() > end) {
            return -1;
        }
        cpu_relax();
    }
    g->configured = false;
    g->up = false;
    if (gve_rd(g, GVE_REG_EVENTS) != 0) {
        printf("gve: event counter not 0 after reset\n");
        return -1;
    }
    gve_aq_install(g);
    return 0;
}

/* Parse the option list after the 40-byte descriptor. */
static int gve_parse_options(Gve *g, const uint8_t *d)
{
    unsigned n = get_be16(d + 30), total = get_be16(d + 32), off = 40;

    if (total > 4096) {
        return -1;
    }
    for (unsigned i = 0; i < n; i++) {
        const uint8_t *o = d + off;
        unsigned id, len;

        if (off + 8 > total) {
            return -1;
        }
        id = get_be16(o);
        len = get_be16(o + 2);
        if (off + 8 + len > total) {
            return -1;
        }
        if (get_be32(o + 4) == 0 && id < 32) {
            g->options |= 1u << id;
        }
        if (id == GVE_OPT_DQO_RDA && len >= 8) {
            g->dqo_tx_comp_entries = get_be16(o + 12);
            g->dqo_rx_buff_entries = get_be16(o + 14);
        }
        if (id == GVE_OPT_JUMBO && len >= 8) {
            g->mtu = get_be16(o + 12);
        }
        off += 8 + len;
    }
    return 0;
}

static int gve_describe(Gve *g)
{
    uint8_t *d = page_alloc_virt(1), p[16];
    uint32_t st;
    int ret = -1;

    put_be64(p, v2p(d));
    put_be32(p + 8, 1);
    put_be32(p + 12, 4096);
    st = gve_aq_cmd(g, GVE_AQ_DESCRIBE, p, 16);
    if (st != GVE_ST_PASSED) {
        printf("gve: DESCRIBE_DEVICE: status %x\n", st);
        goto out;
    }
    g->tx_entries = get_be16(d + 10);
    g->rx_entries = get_be16(d + 12);
    g->mtu = get_be16(d + 16);
    g->num_counters = get_be16(d + 18);
    g->tx_pages_per_qpl = get_be16(d + 20);
    g->rx_pages_per_qpl = get_be16(d + 22);
    memcpy(g->mac, d + 24, 6);
    g->options = 0;
    if (gve_parse_options(g, d) < 0 || g->mtu < 68) {
        printf("gve: bad device descriptor\n");
        goto out;
    }
    ret = 0;
out:
    page_free(v2p(d), 1);
    return ret;
}

/* The driver version string, one byte at a time (specs/gve.md §2). */
static void gve_write_version(Gve *g)
{
    static const char ver[] = "GVE-guest-1.0\n";

    for (unsigned i = 0; ver[i]; i++) {
        g->bar0[GVE_REG_VERSION] = ver[i];
    }
}

static uint32_t gve_verify_compat(Gve *g)
{
    uint8_t *info = kzalloc(GVE_COMPAT_LEN), p[16];
    uint32_t st;

    info[1] = 1;                            /* driver 1.0.0 */
    put_be64(info + 16, 1u << 3);           /* DQO-RDA */
    strlcpy((char *)info + 48, "guest", 128);
    strlcpy((char *)info + 176, "clean-room guest kernel", 128);
    put_be64(p, GVE_COMPAT_LEN);
    put_be64(p + 8, v2p(info));
    st = gve_aq_cmd(g, GVE_AQ_VERIFY_COMPAT, p, 16);
    kfree(info);
    return st;
}

static int gve_configure(Gve *g, uint8_t format)
{
    uint8_t p[40] = { 0 };
    uint32_t st;

    put_be64(p, v2p(g->counters));
    put_be64(p + 8, v2p(g->irq_dbs));
    put_be32(p + 16, g->num_counters);
    put_be32(p + 20, g->nblk);
    put_be32(p + 24, GVE_IRQ_DB_STRIDE);
    put_be32(p + 28, 0);
    p[32] = format;
    st = gve_aq_cmd(g, GVE_AQ_CONFIGURE, p, 40);
    if (st != GVE_ST_PASSED) {
        printf("gve: CONFIGURE_DEVICE_RESOURCES: status %x\n", st);
        return -1;
    }
    for (unsigned i = 0; i < g->nblk; i++) {
        g->blk[i].db = get_be32(g->irq_dbs + i * GVE_IRQ_DB_STRIDE);
    }
    g->format = format;
    g->configured = true;
    return 0;
}

static int gve_misc_commands(Gve *g)
{
    uint8_t p[16] = { 0 };
    uint64_t *speed = kzalloc(8);
    uint32_t st = GVE_ST_PASSED;

    put_be64(p, 2048);
    put_be64(p + 8, v2p(g->ptype));
    if (g->format == GVE_FMT_DQO_RDA) {
        st = gve_aq_cmd(g, GVE_AQ_PTYPE_MAP, p, 16);
    }
    if (st != GVE_ST_PASSED) {
        printf("gve: GET_PTYPE_MAP: status %x\n", st);
        kfree(speed);
        return -1;
    }
    put_be64(p, v2p(speed));
    if (gve_aq_cmd(g, GVE_AQ_LINK_SPEED, p, 8) == GVE_ST_PASSED) {
        g->link_mbps = get_be64((uint8_t *)speed);
    }
    kfree(speed);
    memset(p, 0, sizeof(p));
    put_be32(p, GVE_PARAM_MTU);
    put_be64(p + 8, g->mtu);
    st = gve_aq_cmd(g, GVE_AQ_SET_PARAM, p, 16);
    if (st != GVE_ST_PASSED) {
        printf("gve: SET_DRIVER_PARAMETER: status %x\n", st);
        return -1;
    }
    return 0;
}

int gve_setup(Gve *g)
{
    uint32_t st = gve_verify_compat(g);
    uint8_t format;

    if (st != GVE_ST_PASSED && st != GVE_ST_UNIMPL) {
        printf("gve: VERIFY_DRIVER_COMPATIBILITY: status %x\n", st);
        return -1;
    }
    if (gve_describe(g) < 0) {
        return -1;
    }
    if (g->options & (1u << GVE_OPT_DQO_RDA)) {
        format = GVE_FMT_DQO_RDA;
    } else if (g->options & (1u << GVE_OPT_GQI_QPL)) {
        format = GVE_FMT_GQI_QPL;
    } else {
        printf("gve: the device offers neither DQO-RDA nor GQI-QPL\n");
        return -1;
    }
    if (!g->counters) {
        g->counters = kzalloc(MAX(g->num_counters, 1) * 4);
    }
    memset(g->counters, 0, MAX(g->num_counters, 1) * 4);
    if (gve_configure(g, format) < 0) {
        return -1;
    }
    return gve_misc_commands(g);
}

static void gve_block_irq(TrapFrame *tf, void *opaque)
{
    GveBlock *b = opaque;

    b->irqs++;
}

static void gve_mgmt_irq(TrapFrame *tf, void *opaque)
{
    Gve *g = opaque;

    g->mgmt_irqs++;
}

/* Blocks = (vectors - 1) rounded down to even; management is the last. */
static int gve_setup_irqs(Gve *g)
{
    unsigned n = (pci_read(g->pci, g->pci->msix_cap + 2, 2) & 0x7ff) + 1;
    int vec;

    if (n < 3) {
        return -1;
    }
    n = MIN(n, GVE_MAX_VECTORS);
    g->nblk = (n - 1) & ~1u;
    g->nvec = g->nblk + 1;
    for (unsigned i = 0; i < g->nvec; i++) {
        vec = irq_alloc_vector();
        if (vec < 0) {
            return -1;
        }
        if (i < g->nblk) {
            g->blk[i] = (GveBlock){ .idx = i, .vector = vec, .gve = g };
            irq_set_handler(vec, gve_block_irq, &g->blk[i]);
        } else {
            irq_set_handler(vec, gve_mgmt_irq, g);
        }
        if (pci_msix_enable(g->pci, i, vec, 0) < 0) {
            return -1;
        }
    }
    return 0;
}

static int gve_probe(PciDev *d)
{
    Gve *g = kzalloc(sizeof(*g));

    if (!g || !d->msix_cap) {
        kfree(g);
        return -1;
    }
    pci_write(d, PCI_COMMAND, 2, pci_read(d, PCI_COMMAND, 2) | PCI_CMD_MEM |
              PCI_CMD_MASTER);
    g->pci = d;
    g->bar0 = pci_map_bar(d, 0);
    g->bar2 = pci_map_bar(d, 2);
    g->aq = page_alloc_virt(1);
    g->ptype = page_alloc_virt(1);
    g->irq_dbs = page_alloc_virt(1);
    if (!g->bar0 || !g->bar2 || !g->aq || !g->ptype || !g->irq_dbs) {
        return -1;
    }
    g->revision = d->class_rev & 0xff;
    gve_write_version(g);
    g->max_tx = gve_rd(g, GVE_REG_MAX_TX);
    g->max_rx = gve_rd(g, GVE_REG_MAX_RX);
    if (!g->max_tx || !g->max_rx || gve_setup_irqs(g) < 0) {
        printf("gve: no queues or MSI-X\n");
        return -1;
    }
    gve_aq_install(g);
    if (gve_setup(g) < 0) {
        return -1;
    }
    d->priv = g;
    gve_dev = gve_dev ? gve_dev : g;
    printf("gve: %02x:%02x.%x rev %u, BAR0 %lx, %u/%u queues, %u vectors, "
           "MAC %02x:%02x:%02x:%02x:%02x:%02x, MTU %u\n", d->bus, d->slot,
           d->func, g->revision, d->bar[0].addr, g->max_tx, g->max_rx,
           g->nvec,
           g->mac[0], g->mac[1], g->mac[2], g->mac[3], g->mac[4], g->mac[5],
           g->mtu);
    return 0;
}

uint32_t gve_configure_rss(Gve *g, const uint8_t *key, const uint32_t *lut,
                           unsigned lut_size)
{
    uint8_t *buf = page_alloc_virt(1), p[24] = { 0 };
    uint32_t st;

    if (!buf || lut_size > 512) {
        return 0;
    }
    memcpy(buf, key, 40);
    for (unsigned i = 0; i < lut_size; i++) {
        put_be32(buf + 2048 + 4 * i, lut[i]);
    }
    put_be16(p, GVE_RSS_TCP4 | GVE_RSS_TCP6 | GVE_RSS_UDP4 | GVE_RSS_UDP6);
    p[2] = GVE_RSS_TOEPLITZ;
    put_be16(p + 4, 40);
    put_be16(p + 6, lut_size);
    put_be64(p + 8, v2p(buf));
    put_be64(p + 16, v2p(buf) + 2048);
    st = gve_aq_cmd(g, GVE_AQ_CONFIGURE_RSS, p, sizeof(p));
    page_free(v2p(buf), 1);
    return st;
}

bool gve_link_up(Gve *g)
{
    return gve_rd(g, GVE_REG_DEVICE_STATUS) & GVE_STATUS_LINK;
}

const PciDriver gve_driver = {
    .name = "gve",
    .vendor = GVE_VENDOR,
    .device = GVE_DEVICE,
    .probe = gve_probe,
};
