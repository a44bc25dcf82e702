/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gve driver, GQI-QPL datapath (specs/gve.md §5.2, §5.3), used when the
 * device offers GQI_QPL and not DQO-RDA.  Every buffer lies in a queue
 * page list registered with the device, and descriptors carry byte
 * offsets into it.  TX copies each packet into the queue's FIFO pages;
 * completions are the free-running descriptor count the device writes
 * into the event counter array.  RX: a data ring of page offsets and a
 * descriptor ring the device fills, tracked by 3-bit sequence numbers.
 * Descriptors, doorbells and IRQ doorbells are big-endian.
 */
#include "gve.h"
#include "gve-regs.h"
#include "kernel.h"
#include "mm.h"
#include "timer.h"

#define GQI_TX_STD          0x00
#define GQI_TX_TSO          0x10
#define GQI_TX_SEG          0x20
#define GQI_TX_L4CSUM       BIT(0)
#define GQI_FIRST_MAX       182
#define GQI_RX_PKT_CONT     BIT(13)
#define GQI_RX_ERR          BIT(11)
#define GQI_RING_MAX        256

static void gqi_db(Gve *g, uint32_t idx, uint32_t v)
{
    gve_db(g, idx, __builtin_bswap32(v));
}

static uint32_t gqi_ring(uint16_t advertised, uint16_t pages)
{
    uint32_t n = MIN(advertised ? advertised : 256, GQI_RING_MAX);

    while (pages && n > pages) {
        n /= 2;
    }
    return n;
}

/* REGISTER_PAGE_LIST @id: @n contiguous pages at @pa. */
static uint32_t gqi_register(Gve *g, uint32_t id, uint64_t pa, unsigned n)
{
    uint8_t *list = page_alloc_virt(ALIGN_UP(8 * n, 4096) / 4096);
    uint8_t p[24] = { 0 };
    uint32_t st;

    if (!list) {
        return 0;
    }
    for (unsigned i = 0; i < n; i++) {
        put_be64(list + 8 * i, pa + 4096ULL * i);
    }
    put_be32(p, id);
    put_be32(p + 4, n);
    put_be64(p + 8, v2p(list));
    put_be64(p + 16, 4096);
    st = gve_aq_cmd(g, GVE_AQ_REGISTER_QPL, p, sizeof(p));
    page_free(v2p(list), ALIGN_UP(8 * n, 4096) / 4096);
    return st;
}

static int gqi_alloc(Gve *g, unsigned q)
{
    GveTxq *t = &g->tx[q];
    GveRxq *r = &g->rx[q];

    memset(t, 0, sizeof(*t));
    memset(r, 0, sizeof(*r));
    t->size = gqi_ring(g->tx_entries, 0);
    r->size = gqi_ring(g->rx_entries, g->rx_pages_per_qpl);
    t->blk = &g->blk[q];
    r->blk = &g->blk[g->nblk / 2 + q];
    t->fifo_pages = MIN(g->tx_pages_per_qpl ? g->tx_pages_per_qpl : 16, 64);
    t->ring_pa = page_alloc(ALIGN_UP(16 * t->size, 4096) / 4096);
    t->fifo_pa = page_alloc(t->fifo_pages);
    r->comp_pa = page_alloc(ALIGN_UP(64 * r->size, 4096) / 4096);
    r->bufring_pa = page_alloc(ALIGN_UP(8 * r->size, 4096) / 4096);
    r->bufs_pa = page_alloc(r->size);
    if (!t->ring_pa || !t->fifo_pa || !r->comp_pa || !r->bufring_pa ||
        !r->bufs_pa) {
        return -1;
    }
    t->ring = p2v(t->ring_pa);
    t->fifo = p2v(t->fifo_pa);
    r->comp = p2v(r->comp_pa);
    r->bufring = p2v(r->bufring_pa);
    r->bufs = p2v(r->bufs_pa);
    r->seq = 1;
    return 0;
}

static void gqi_free(Gve *g, unsigned q)
{
    GveTxq *t = &g->tx[q];
    GveRxq *r = &g->rx[q];

    if (t->ring_pa) {
        page_free(t->ring_pa, ALIGN_UP(16 * t->size, 4096) / 4096);
    }
    if (t->fifo_pa) {
        page_free(t->fifo_pa, t->fifo_pages);
    }
    if (r->comp_pa) {
        page_free(r->comp_pa, ALIGN_UP(64 * r->size, 4096) / 4096);
    }
    if (r->bufring_pa) {
        page_free(r->bufring_pa, ALIGN_UP(8 * r->size, 4096) / 4096);
    }
    if (r->bufs_pa) {
        page_free(r->bufs_pa, r->size);
    }
    memset(t, 0, sizeof(*t));
    memset(r, 0, sizeof(*r));
}

static uint32_t gqi_create_tx(Gve *g, unsigned q, uint64_t qres)
{
    GveTxq *t = &g->tx[q];
    uint8_t p[48] = { 0 };

    put_be32(p, q);
    put_be64(p + 8, qres);
    put_be64(p + 16, t->ring_pa);
    put_be32(p + 24, q);                        /* page list id */
    put_be32(p + 28, t->blk->idx);
    put_be16(p + 40, t->size);
    return gve_aq_cmd(g, GVE_AQ_CREATE_TX, p, sizeof(p));
}

static uint32_t gqi_create_rx(Gve *g, unsigned q, uint64_t qres)
{
    GveRxq *r = &g->rx[q];
    uint8_t p[56] = { 0 };

    put_be32(p, q);
    put_be32(p + 4, q);
    put_be32(p + 12, r->blk->idx);
    put_be64(p + 16, qres);
    put_be64(p + 24, r->comp_pa);               /* descriptor ring */
    put_be64(p + 32, r->bufring_pa);            /* data ring */
    put_be32(p + 40, g->max_tx + q);            /* page list id */
    put_be16(p + 44, r->size);
    put_be16(p + 46, GVE_RX_BUF_SIZE);
    return gve_aq_cmd(g, GVE_AQ_CREATE_RX, p, sizeof(p));
}

/* Page lists, then the queues; doorbells and counters from @qres. */
static int gqi_create(Gve *g, unsigned q, uint8_t *qres)
{
    GveTxq *t = &g->tx[q];
    GveRxq *r = &g->rx[q];

    if (gqi_register(g, q, t->fifo_pa, t->fifo_pages) != GVE_ST_PASSED ||
        gqi_register(g, g->max_tx + q, r->bufs_pa, r->size) !=
        GVE_ST_PASSED) {
        printf("gve: REGISTER_PAGE_LIST failed\n");
        return -1;
    }
    if (gqi_create_tx(g, q, v2p(qres) + 64 * q) != GVE_ST_PASSED ||
        gqi_create_rx(g, q, v2p(qres) + 2048 + 64 * q) != GVE_ST_PASSED) {
        printf("gve: CREATE queue %u failed\n", q);
        return -1;
    }
    t->db = get_be32(qres + 64 * q);
    t->counter = get_be32(qres + 64 * q + 4);
    r->db = get_be32(qres + 2048 + 64 * q);
    if (t->counter >= g->num_counters) {
        return -1;
    }
    for (unsigned i = 0; i < r->size; i++) {
        ((volatile uint64_t *)r->bufring)[i] =
            __builtin_bswap64(4096ULL * i);
    }
    r->tail = r->size;                          /* fill count */
    gqi_db(g, r->db, r->tail);
    gqi_db(g, t->blk->db, 0);
    gqi_db(g, r->blk->db, 0);
    return 0;
}

int gve_gqi_up(Gve *g, unsigned nq)
{
    uint8_t *qres = page_alloc_virt(1);
    int ret = -1;

    if (!qres) {
        return -1;
    }
    g->nq = nq;
    for (unsigned q = 0; q < nq; q++) {
        if (gqi_alloc(g, q) < 0 || gqi_create(g, q, qres) < 0) {
            goto out;
        }
    }
    g->up = true;
    ret = 0;
out:
    page_free(v2p(qres), 1);
    if (ret < 0) {
        for (unsigned q = 0; q < GVE_MAX_QUEUES; q++) {
            gqi_free(g, q);
        }
        g->nq = 0;
    }
    return ret;
}

int gve_gqi_down(Gve *g)
{
    uint8_t p[4];
    int ret = 0;

    for (unsigned q = 0; q < g->nq; q++) {
        put_be32(p, q);
        ret |= gve_aq_cmd(g, GVE_AQ_DESTROY_TX, p, 4) != GVE_ST_PASSED;
        put_be32(p, q);
        ret |= gve_aq_cmd(g, GVE_AQ_DESTROY_RX, p, 4) != GVE_ST_PASSED;
        put_be32(p, q);
        ret |= gve_aq_cmd(g, GVE_AQ_UNREGISTER_QPL, p, 4) != GVE_ST_PASSED;
        put_be32(p, g->max_tx + q);
        ret |= gve_aq_cmd(g, GVE_AQ_UNREGISTER_QPL, p, 4) != GVE_ST_PASSED;
        gqi_free(g, q);
    }
    g->nq = 0;
    g->up = false;
    return ret ? -1 : 0;
}

void gve_gqi_tx_poll(Gve *g, GveTxq *t)
{    /* one 32-bit load: the device may update it between byte loads */
    uint32_t done = __builtin_bswap32(
        *(volatile uint32_t *)&g->counters[t->counter]);

    if (done != t->head) {
        t->head = done;
        if (done == t->tail) {
            t->pkt_comps += t->pending;
            t->pending = 0;
        }
        gqi_db(g, t->blk->db, BIT(31) | BIT(29));   /* ACK | EVENT */
    }
}

static void gqi_desc(volatile uint8_t *d, uint8_t type, uint8_t b1,
                     uint8_t b2, uint8_t b3, uint16_t w4, uint16_t len,
                     uint64_t off)
{
    uint8_t x[16] = { type, b1, b2, b3 };

    put_be16(x + 4, w4);
    put_be16(x + 6, len);
    put_be64(x + 8, off);
    for (unsigned i = 0; i < 16; i++) {
        d[i] = x[i];
    }
}

/* Copy the packet into the FIFO; its offset, or -1 if it cannot fit. */
static int64_t gqi_copy(Gve *g, GveTxq *t, const GveBuf *bufs, unsigned n,
                        uint32_t total)
{
    uint32_t cap = 4096 * t->fifo_pages, off;

    if (total > cap) {
        return -1;
    }
    if (t->fifo_head + total > cap) {
        if (!gve_tx_wait(g, 1000000000ULL)) {
            return -1;
        }
        t->fifo_head = 0;
    }
    off = t->fifo_head;
    for (unsigned i = 0; i < n; i++) {
        memcpy(t->fifo + t->fifo_head, p2v(bufs[i].addr), bufs[i].len);
        t->fifo_head += bufs[i].len;
    }
    t->fifo_head = ALIGN_UP(t->fifo_head, 64);
    return off;
}

int gve_gqi_send(Gve *g, GveTxq *t, const GveBuf *bufs, unsigned n,
                 const GveTxOpts *o)
{
    bool tso = o && o->mss, csum = o && (o->csum || o->mss);
    uint32_t total = 0, first;
    uint8_t *hdr, l4off, csoff;
    int64_t off;

    for (unsigned i = 0; i < n; i++) {
        total += bufs[i].len;
    }
    off = gqi_copy(g, t, bufs, n, total);
    if (off < 0 || total < 42 || t->tail - t->head + 2 > t->size) {
        return -1;
    }
    hdr = t->fifo + off;
    l4off = 14 + (hdr[14] & 0xf) * 4;
    csoff = hdr[14 + 9] == 6 ? 16 : 6;
    first = tso ? o->hdr_len : MIN(total, GQI_FIRST_MAX);
    gqi_desc(t->ring + 16 * (t->tail % t->size),
             (tso ? GQI_TX_TSO : GQI_TX_STD) | (csum ? GQI_TX_L4CSUM : 0),
             csoff / 2, l4off / 2, 1 + (first < total), total, first, off);
    t->tail++;
    if (first < total) {
        gqi_desc(t->ring + 16 * (t->tail % t->size), GQI_TX_SEG, 14 / 2,
                 0, 0, tso ? o->mss : 0, total - first, off + first);
        t->tail++;
    }
    t->pending++;
    gqi_db(g, t->db, t->tail);
    return 0;
}

/* One whole frame from RX queue @r (without the 2-byte pad), or -1. */
int gve_gqi_rx_frame(Gve *g, GveRxq *r, uint8_t *buf, unsigned size)
{
    uint64_t end = time_ns() + 1000000000ULL;
    unsigned len = 0;
    bool err = false, cont = true;

    while (cont) {
        uint32_t i = r->comp_idx % r->size;
        volatile uint8_t *d = r->comp + 64 * i;
        uint16_t fs = d[62] << 8 | d[63], n = d[60] << 8 | d[61];
        unsigned pad = len ? 0 : 2;

        if ((fs & 7) != r->seq) {
            if (!len || time_ns() > end) {
                return -1;
            }
            cpu_relax();                /* the rest is on its way */
            continue;
        }
        /* the whole descriptor is there: read it again after the check */
        gve_mb();
        fs = d[62] << 8 | d[63];
        n = d[60] << 8 | d[61];
        if (!len) {
            r->last_hash = (uint32_t)d[48] << 24 | d[49] << 16 |
                           d[50] << 8 | d[51];
        }
        err |= (fs & GQI_RX_ERR) || n < pad || n > GVE_RX_BUF_SIZE;
        if (!err && len + n - pad <= size) {
            memcpy(buf + len, r->bufs + 4096ULL * i + pad, n - pad);
        }
        len += n - pad;
        cont = fs & GQI_RX_PKT_CONT;
        r->seq = r->seq == 7 ? 1 : r->seq + 1;
        r->comp_idx++;
        r->tail++;
        gqi_db(g, r->db, r->tail);
    }
    gqi_db(g, r->blk->db, BIT(31) | BIT(29));
    return err ? -1 : (int)MIN(len, size);
}
