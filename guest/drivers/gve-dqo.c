/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gve driver, DQO-RDA datapath (specs/gve.md §5.4, §5.5): TX queue q on
 * notification block q, RX queue q on block nblk/2 + q.  TX: optional TSO
 * context, a general context, then data descriptors; PKT and DESC
 * completions carry a generation bit that flips on every wrap.  RX: a
 * buffer ring of 2 KiB buffers and a completion ring.  Blocks mask
 * themselves when they fire; polling re-arms them.
 */
#include "gve.h"
#include "gve-regs.h"
#include "kernel.h"
#include "mm.h"
#include "timer.h"

#define RING_MAX        1024

static void put_le16(volatile uint8_t *p, uint16_t v)
{
    p[0] = v;
    p[1] = v >> 8;
}

static void put_le32(volatile uint8_t *p, uint32_t v)
{
    put_le16(p, v);
    put_le16(p + 2, v >> 16);
}

static void put_le64(volatile uint8_t *p, uint64_t v)
{
    put_le32(p, v);
    put_le32(p + 4, v >> 32);
}

static uint16_t get_le16(const volatile uint8_t *p)
{
    return p[0] | p[1] << 8;
}

/*
 * The 16-bit word holding a completion's generation bit, in one load:
 * the device may write the entry between two byte loads, which would
 * pair a new generation bit with an old length.  Both ports are
 * little-endian.
 */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "LE only");

static uint16_t gen_word(const volatile uint8_t *p)
{
    return *(const volatile uint16_t *)p;
}

static unsigned pages_for(uint64_t bytes)
{
    return ALIGN_UP(bytes, 4096) / 4096;
}

static volatile uint8_t *ring_alloc(uint64_t bytes, uint64_t *pa)
{
    *pa = page_alloc(pages_for(bytes));
    return *pa ? p2v(*pa) : NULL;
}

static uint32_t ring_size(uint16_t advertised)
{
    uint32_t n = advertised ? advertised : 256;

    return MIN(n, RING_MAX);
}

static uint32_t gve_create_tx(Gve *g, unsigned q, uint64_t qres)
{
    GveTxq *t = &g->tx[q];
    uint8_t p[48] = { 0 };

    put_be32(p, q);
    put_be64(p + 8, qres);
    put_be64(p + 16, t->ring_pa);
    put_be32(p + 24, 0xffffffff);        /* raw addressing */
    put_be32(p + 28, t->blk->idx);
    put_be64(p + 32, t->comp_pa);
    put_be16(p + 40, t->size);
    put_be16(p + 42, t->size);
    return gve_aq_cmd(g, GVE_AQ_CREATE_TX, p, sizeof(p));
}

static uint32_t gve_create_rx(Gve *g, unsigned q, uint64_t qres)
{
    GveRxq *r = &g->rx[q];
    uint8_t p[56] = { 0 };

    put_be32(p, q);
    put_be32(p + 12, r->blk->idx);
    put_be64(p + 16, qres);
    put_be64(p + 24, r->comp_pa);
    put_be64(p + 32, r->bufring_pa);
    put_be32(p + 40, 0xffffffff);
    put_be16(p + 44, r->size);
    put_be16(p + 46, GVE_RX_BUF_SIZE);
    put_be16(p + 48, r->size);
    return gve_aq_cmd(g, GVE_AQ_CREATE_RX, p, sizeof(p));
}

/* Put buffer @id on the buffer ring; ring the doorbell every 32. */
static void gve_rx_post(Gve *g, GveRxq *r, uint16_t id)
{
    volatile uint8_t *d = r->bufring + 32 * r->tail;

    put_le16(d, id);
    put_le64(d + 8, r->bufs_pa + (uint64_t)id * GVE_RX_BUF_SIZE);
    put_le64(d + 16, 0);
    r->tail = (r->tail + 1) & (r->size - 1);
    if (r->tail % 32 == 0) {
        gve_db(g, r->db, r->tail);
    }
}

static int gve_alloc_queue(Gve *g, unsigned q)
{
    GveTxq *t = &g->tx[q];
    GveRxq *r = &g->rx[q];

    memset(t, 0, sizeof(*t));
    memset(r, 0, sizeof(*r));
    t->size = ring_size(g->tx_entries);
    r->size = ring_size(g->rx_entries);
    t->blk = &g->blk[q];
    r->blk = &g->blk[g->nblk / 2 + q];
    t->ring = ring_alloc(16 * t->size, &t->ring_pa);
    t->comp = ring_alloc(8 * t->size, &t->comp_pa);
    r->bufring = ring_alloc(32 * r->size, &r->bufring_pa);
    r->comp = ring_alloc(32 * r->size, &r->comp_pa);
    r->bufs_pa = page_alloc(pages_for(GVE_RX_POSTED * GVE_RX_BUF_SIZE));
    r->bufs = r->bufs_pa ? p2v(r->bufs_pa) : NULL;
    if (!t->ring || !t->comp || !r->bufring || !r->comp || !r->bufs) {
        return -1;
    }
    return 0;
}

static void gve_free_queue(Gve *g, unsigned q)
{
    GveTxq *t = &g->tx[q];
    GveRxq *r = &g->rx[q];

    if (t->ring_pa) {
        page_free(t->ring_pa, pages_for(16 * t->size));
    }
    if (t->comp_pa) {
        page_free(t->comp_pa, pages_for(8 * t->size));
    }
    if (r->bufring_pa) {
        page_free(r->bufring_pa, pages_for(32 * r->size));
    }
    if (r->comp_pa) {
        page_free(r->comp_pa, pages_for(32 * r->size));
    }
    if (r->bufs_pa) {
        page_free(r->bufs_pa, pages_for(GVE_RX_POSTED * GVE_RX_BUF_SIZE));
    }
    memset(t, 0, sizeof(*t));
    memset(r, 0, sizeof(*r));
}

static void gve_free_queues(Gve *g)
{
    for (unsigned q = 0; q < GVE_MAX_QUEUES; q++) {
        gve_free_queue(g, q);
    }
    g->nq = 0;
}

/* CREATE_TX for every queue, then CREATE_RX; doorbells from @qres. */
static int gve_create_queues(Gve *g, uint8_t *qres, unsigned nq)
{
    uint32_t st;

    for (unsigned q = 0; q < nq; q++) {
        st = gve_create_tx(g, q, v2p(qres) + 64 * q);
        if (st != GVE_ST_PASSED) {
            printf("gve: CREATE_TX_QUEUE %u: status %x\n", q, st);
            return -1;
        }
        g->tx[q].db = get_be32(qres + 64 * q);
    }
    for (unsigned q = 0; q < nq; q++) {
        st = gve_create_rx(g, q, v2p(qres) + 2048 + 64 * q);
        if (st != GVE_ST_PASSED) {
            printf("gve: CREATE_RX_QUEUE %u: status %x\n", q, st);
            return -1;
        }
        g->rx[q].db = get_be32(qres + 2048 + 64 * q);
    }
    return 0;
}

int gve_up(Gve *g, unsigned nq)
{
    uint8_t *qres = page_alloc_virt(1);
    int ret = -1;

    if (!g->configured || g->up || !qres || !nq || nq > GVE_MAX_QUEUES ||
        nq > MIN(g->max_tx, g->max_rx) || nq > g->nblk / 2) {
        goto out;
    }
    if (g->format == GVE_FMT_GQI_QPL) {
        ret = gve_gqi_up(g, nq);
        goto out;
    }
    for (unsigned q = 0; q < nq; q++) {
        if (gve_alloc_queue(g, q) < 0) {
            goto out;
        }
    }
    g->nq = nq;
    if (gve_create_queues(g, qres, nq) < 0) {
        goto out;
    }
    for (unsigned q = 0; q < nq; q++) {
        GveRxq *r = &g->rx[q];

        for (unsigned i = 0; i < GVE_RX_POSTED; i++) {
            gve_rx_post(g, r, i);
        }
        gve_db(g, r->db, r->tail);
        gve_db(g, g->tx[q].blk->db, GVE_IRQ_ENABLE | GVE_IRQ_INTERVAL(50));
        gve_db(g, r->blk->db, GVE_IRQ_ENABLE | GVE_IRQ_INTERVAL(20));
    }
    g->up = true;
    ret = 0;
out:
    if (qres) {
        page_free(v2p(qres), 1);
    }
    if (ret < 0 && g->format != GVE_FMT_GQI_QPL) {
        gve_free_queues(g);
    }
    return ret;
}

int gve_down(Gve *g)
{
    uint8_t p[4] = { 0 };
    int ret = 0;

    if (!g->up) {
        return -1;
    }
    if (g->format == GVE_FMT_GQI_QPL) {
        return gve_gqi_down(g);
    }
    for (unsigned q = 0; q < g->nq; q++) {
        put_be32(p, q);
        if (gve_aq_cmd(g, GVE_AQ_DESTROY_TX, p, 4) != GVE_ST_PASSED) {
            ret = -1;
        }
    }
    for (unsigned q = 0; q < g->nq; q++) {
        put_be32(p, q);
        if (gve_aq_cmd(g, GVE_AQ_DESTROY_RX, p, 4) != GVE_ST_PASSED) {
            ret = -1;
        }
    }
    gve_free_queues(g);
    g->up = false;
    return ret;
}

static void gve_dqo_tx_poll(Gve *g, GveTxq *t)
{
    unsigned seen = 0;

    for (;;) {
        volatile uint8_t *c = t->comp + 8 * t->comp_idx;
        uint16_t w0 = gen_word(c), type;

        if (!!(w0 & 0x8000) == t->comp_gen) {
            break;
        }
        gve_mb();
        type = (gen_word(c) >> 11) & 7;
        if (type == GVE_TXC_PKT) {
            t->pending -= t->pending > 0;
            t->pkt_comps++;
        } else if (type == GVE_TXC_DESC) {
            t->head = get_le16(c + 2) & (t->size - 1);
            t->desc_comps++;
        }
        t->comp_idx = (t->comp_idx + 1) & (t->size - 1);
        if (t->comp_idx == 0) {
            t->comp_gen = !t->comp_gen;
        }
        seen++;
    }
    if (seen) {
        gve_irq_rearm(g, t->blk);
    }
}

void gve_tx_poll(Gve *g)
{
    for (unsigned q = 0; q < g->nq; q++) {
        if (g->format == GVE_FMT_GQI_QPL) {
            gve_gqi_tx_poll(g, &g->tx[q]);
        } else {
            gve_dqo_tx_poll(g, &g->tx[q]);
        }
    }
}

static bool tx_idle(Gve *g)
{
    for (unsigned q = 0; q < g->nq; q++) {
        if (g->tx[q].pending) {
            return false;
        }
    }
    return true;
}

bool gve_tx_wait(Gve *g, uint64_t timeout_ns)
{
    uint64_t end = time_ns() + timeout_ns;

    for (;;) {
        gve_tx_poll(g);
        if (tx_idle(g)) {
            return true;
        }
        if (time_ns() > end) {
            return false;
        }
        cpu_relax();
    }
}

static volatile uint8_t *tx_next(GveTxq *t)
{
    volatile uint8_t *d = t->ring + 16 * t->tail;

    for (unsigned i = 0; i < 16; i++) {
        d[i] = 0;
    }
    t->tail = (t->tail + 1) & (t->size - 1);
    return d;
}

static uint32_t tx_free(GveTxq *t)
{
    return t->size - 1 - ((t->tail - t->head) & (t->size - 1));
}

int gve_send(Gve *g, const GveBuf *bufs, unsigned n, const GveTxOpts *o)
{
    return gve_send_q(g, 0, bufs, n, o);
}

int gve_send_q(Gve *g, unsigned q, const GveBuf *bufs, unsigned n,
               const GveTxOpts *o)
{
    GveTxq *t = &g->tx[q];
    unsigned need = n + 1 + (o && o->mss);
    uint64_t total = 0;
    uint16_t tag;
    volatile uint8_t *d;

    if (!g->up || q >= g->nq || !n || n > 10) {
        return -1;
    }
    if (g->format == GVE_FMT_GQI_QPL) {
        return gve_gqi_send(g, t, bufs, n, o);
    }
    for (unsigned i = 0; i < n; i++) {
        if (!bufs[i].len || bufs[i].len > 16383) {
            return -1;
        }
        total += bufs[i].len;
    }
    if (tx_free(t) < need) {
        gve_tx_poll(g);
        if (tx_free(t) < need) {
            return -1;
        }
    }
    tag = t->next_tag++ & 0x7fff;
    if (o && o->mss) {
        d = tx_next(t);
        put_le32(d, (total - o->hdr_len) & 0xffffff);
        put_le16(d + 4, o->mss);
        d[6] = o->hdr_len;
        d[8] = GVE_TXD_TSO | GVE_TXD_TSO_BIT;
    }
    d = tx_next(t);
    d[8] = GVE_TXD_GENERAL;
    t->since_re += need;
    for (unsigned i = 0; i < n; i++) {
        uint8_t flags = GVE_TXD_DATA;

        if (o && (o->csum || o->mss)) {
            flags |= GVE_TXD_CSUM;
        }
        if (i == n - 1) {
            flags |= GVE_TXD_EOP;
            if (t->since_re >= GVE_RE_EVERY) {
                flags |= GVE_TXD_RE;
                t->since_re = 0;
            }
        }
        d = tx_next(t);
        put_le64(d, bufs[i].addr);
        put_le16(d + 12, tag);
        put_le16(d + 14, bufs[i].len);
        d[8] = flags;
    }
    t->pending++;
    gve_db(g, t->db, t->tail);
    return 0;
}

/* Consume one RX completion into @buf at @*len; -1 none, 1 EOP, 0 more. */
static int gve_rx_one(Gve *g, GveRxq *r, uint8_t *buf, unsigned size,
                      unsigned *len, bool *err)
{
    volatile uint8_t *c = r->comp + 32 * r->comp_idx;
    uint16_t w = gen_word(c + 4), id;
    unsigned n;
    bool eop;

    if (!!(w & 0x4000) == r->comp_gen) {
        return -1;
    }
    gve_mb();
    w = gen_word(c + 4);
    for (unsigned i = 0; i < 32; i++) {
        r->last_comp[i] = c[i];
    }
    id = get_le16(c + 12);
    n = w & 0x3fff;
    r->last_ptype = get_le16(c + 2) & 0x3ff;
    r->last_hash = get_le16(c + 16) | (uint32_t)get_le16(c + 18) << 16;
    eop = c[8] & GVE_RXC_EOP;
    *err |= (c[1] & GVE_RXC_ERR) || id >= GVE_RX_POSTED ||
            n > GVE_RX_BUF_SIZE;
    if (!*err) {
        unsigned k = MIN(n, size - MIN(*len, size));

        memcpy(buf + *len, r->bufs + (uint64_t)id * GVE_RX_BUF_SIZE, k);
        *len += n;
    }
    r->comp_idx = (r->comp_idx + 1) & (r->size - 1);
    if (r->comp_idx == 0) {
        r->comp_gen = !r->comp_gen;
    }
    if (id < GVE_RX_POSTED) {
        gve_rx_post(g, r, id);
    }
    return eop;
}

/* One whole frame from queue @r: its length, or -1 if none is there. */
static int gve_rx_frame(Gve *g, GveRxq *r, uint8_t *buf, unsigned size)
{
    uint64_t end = 0;
    unsigned len = 0;
    bool err = false;
    int ret;

    for (;;) {
        ret = gve_rx_one(g, r, buf, size, &len, &err);
        if (ret < 0 && !len && !err) {
            return -1;
        }
        if (ret < 0) {
            /* the rest of a frame comes soon; not forever */
            end = end ? end : time_ns() + 1000000000ULL;
            if (time_ns() > end) {
                return -1;
            }
            cpu_relax();
        }
        if (ret == 1) {
            gve_irq_rearm(g, r->blk);
            if (!err) {
                return MIN(len, size);
            }
            len = 0;
            err = false;
        }
    }
}

/* Is a completion (DQO) or descriptor (GQI) waiting on RX queue @r? */
static bool rx_ready(Gve *g, GveRxq *r)
{
    if (g->format == GVE_FMT_GQI_QPL) {
        return (r->comp[64 * (r->comp_idx % r->size) + 63] & 7) == r->seq;
    }
    return !!(gen_word(r->comp + 32 * r->comp_idx + 4) & 0x4000) !=
           r->comp_gen;
}

/*
 * Nothing to receive: sleep until an interrupt (the RX blocks are armed;
 * the timer tick wakes us at the latest), unless interrupts are off.
 */
static void rx_idle(Gve *g)
{
    bool on = irq_save();

    for (unsigned q = 0; q < g->nq; q++) {
        if (rx_ready(g, &g->rx[q])) {
            irq_restore(on);
            return;
        }
    }
    if (on) {
        safe_halt();
    } else {
        cpu_relax();
    }
}

int gve_recv(Gve *g, uint8_t *buf, unsigned size, uint64_t timeout_ns,
             unsigned *q)
{
    uint64_t end = time_ns() + timeout_ns;
    int len;

    if (!g->up) {
        return -1;
    }
    for (;;) {
        for (unsigned i = 0; i < g->nq; i++) {
            unsigned n = (g->rx_next + i) % g->nq;

            len = g->format == GVE_FMT_GQI_QPL ?
                  gve_gqi_rx_frame(g, &g->rx[n], buf, size) :
                  gve_rx_frame(g, &g->rx[n], buf, size);
            if (len >= 0) {
                g->rx_next = (n + 1) % g->nq;
                if (q) {
                    *q = n;
                }
                return len;
            }
        }
        if (time_ns() > end) {
            return -1;
        }
        rx_idle(g);
    }
}
