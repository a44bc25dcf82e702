/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * GVE transmit: GQI (big-endian 16-byte descriptors, event counter
 * completions) and DQO (little-endian descriptors, completion ring with a
 * generation bit), with checksum offload and TSO done in the device.
 *
 * Zero copy: every buffer is looked up in the bus-master address space
 * and, when it is RAM (guest RAM or another device's RAM BAR, such as a
 * devmem-exporter's device memory), sent from its host pointer in a
 * scatter-gather list.  Only the protocol headers that offloads rewrite
 * are copied; buffers in MMIO are bounced (counted in tx-payload-copies).
 */
#include "qemu/osdep.h"
#include "gve-internal.h"
#include "hw/net/gve-offload.h"
#include "hw/misc/devmem-exporter.h"
#include "qemu/log.h"
#include "trace-hw_net.h"

#define GVE_TX_MAX_SEGS     128     /* buffers of one packet */
#define GVE_TX_MAX_IOV      256     /* host pieces of one packet */
#define GVE_TX_HDR_MAX      256     /* headers rewritten by offloads */
#define GVE_TSO_MAX         0x40000
#define GVE_TSO_MIN_MSS     88      /* the driver never sends less */

typedef struct GVETxPkt {
    uint64_t addr[GVE_TX_MAX_SEGS];
    uint32_t len[GVE_TX_MAX_SEGS];
    int nseg;
    uint64_t total;
    bool csum;
    bool tso;
    uint32_t mss;
    bool bad;                   /* malformed: complete but do not send */
} GVETxPkt;

typedef struct GVETxMap {
    struct iovec iov[GVE_TX_MAX_IOV];
    int cnt;
    size_t len;
    size_t scratch_used;
} GVETxMap;

#define DQO_MAX_DESC_PER_PKT (GVE_TX_MAX_SEGS + 2)

/* Per-device work area, reused for every packet (no allocation). */
struct GVETxScratch {
    GVETxPkt pkt;
    GVETxMap map;
    uint16_t tag;                           /* DQO completion tag */
    uint32_t report[DQO_MAX_DESC_PER_PKT];  /* DQO report_event indices */
    int nreport;
};

void gve_tx_init(GVEState *s)
{
    s->tx = g_new0(GVETxScratch, 1);
}

void gve_tx_cleanup(GVEState *s)
{
    g_free(s->tx);
    s->tx = NULL;
}

static GVETxPkt *gve_tx_pkt_start(GVEState *s)
{
    GVETxPkt *pkt = &s->tx->pkt;

    pkt->nseg = 0;
    pkt->total = 0;
    pkt->csum = pkt->tso = pkt->bad = false;
    pkt->mss = 0;
    s->tx->nreport = 0;
    s->tx->tag = 0;
    return pkt;
}

void gve_tx_queue_reset(GVETxQueue *q)
{
    if (q->qpl) {
        q->qpl->users--;
    }
    memset(q, 0, sizeof(*q));
    q->comp_gen = true;
}

static bool gve_tx_add_seg(GVETxPkt *pkt, uint64_t addr, uint32_t len)
{
    if (!len) {
        return true;
    }
    if (pkt->nseg == GVE_TX_MAX_SEGS) {
        pkt->bad = true;
        return false;
    }
    pkt->addr[pkt->nseg] = addr;
    pkt->len[pkt->nseg++] = len;
    pkt->total += len;
    return true;
}

/* --- Mapping buffers to host memory --- */

static void gve_tx_push_iov(GVETxMap *m, void *p, size_t len)
{
    struct iovec *last = m->cnt ? &m->iov[m->cnt - 1] : NULL;

    if (last && (uint8_t *)last->iov_base + last->iov_len == p) {
        last->iov_len += len;
    } else {
        m->iov[m->cnt].iov_base = p;
        m->iov[m->cnt++].iov_len = len;
    }
    m->len += len;
}

/* Is RAM region @mr a devmem-exporter's device memory? (2-entry cache) */
static bool gve_tx_is_devmem(GVEState *s, MemoryRegion *mr)
{
    Object *owner;

    if (mr == s->devmem_mr[0]) {
        return s->devmem_mr_is_exporter[0];
    }
    if (mr == s->devmem_mr[1]) {
        return s->devmem_mr_is_exporter[1];
    }
    owner = memory_region_owner(mr);
    s->devmem_mr[1] = s->devmem_mr[0];
    s->devmem_mr_is_exporter[1] = s->devmem_mr_is_exporter[0];
    s->devmem_mr[0] = mr;
    s->devmem_mr_is_exporter[0] = owner &&
        object_dynamic_cast(owner, TYPE_DEVMEM_EXPORTER);
    return s->devmem_mr_is_exporter[0];
}

static bool gve_tx_map_piece(GVEState *s, GVETxMap *m, uint64_t addr,
                             uint64_t *plen)
{
    PCIDevice *d = &s->parent_obj;
    MemTxAttrs attrs = { .requester_id = pci_requester_id(d) };
    hwaddr xlat, len = *plen;
    MemoryRegion *mr = address_space_translate(pci_get_address_space(d),
                                               addr, &xlat, &len, false,
                                               attrs);

    if (!mr || m->cnt >= GVE_TX_MAX_IOV - 1) {
        return false;
    }
    if (memory_region_is_ram(mr)) {
        if (gve_tx_is_devmem(s, mr)) {
            s->stats.tx_devmem_bytes += len;
        } else {
            s->stats.tx_host_bytes += len;
        }
        gve_tx_push_iov(m, (uint8_t *)memory_region_get_ram_ptr(mr) + xlat,
                        len);
    } else {
        /* Not RAM (a register BAR): bounce through the scratch buffer. */
        if (len > NET_BUFSIZE - m->scratch_used ||
            gve_dma_read(s, addr, s->frame + m->scratch_used, len)) {
            return false;
        }
        s->stats.tx_payload_copies++;
        gve_tx_push_iov(m, s->frame + m->scratch_used, len);
        m->scratch_used += len;
    }
    *plen = len;
    return true;
}

static bool gve_tx_map(GVEState *s, const GVETxPkt *pkt, GVETxMap *m)
{
    m->cnt = 0;
    m->len = 0;
    m->scratch_used = 0;
    for (int i = 0; i < pkt->nseg; i++) {
        uint64_t addr = pkt->addr[i], left = pkt->len[i];

        if (addr + left < addr) {
            return false;
        }
        while (left) {
            uint64_t n = left;

            if (!gve_tx_map_piece(s, m, addr, &n)) {
                qemu_log_mask(LOG_GUEST_ERROR, "gve: TX buffer at 0x%"
                              PRIx64 " is not DMA-readable\n", addr);
                return false;
            }
            addr += n;
            left -= n;
        }
    }
    return true;
}

/* Copy @len bytes at offset @off of the mapped packet into @buf. */
static void gve_iov_copy(const GVETxMap *m, size_t off, uint8_t *buf,
                         size_t len)
{
    for (int i = 0; i < m->cnt && len; i++) {
        size_t l = m->iov[i].iov_len;

        if (off >= l) {
            off -= l;
            continue;
        }
        l = MIN(l - off, len);
        memcpy(buf, (uint8_t *)m->iov[i].iov_base + off, l);
        buf += l;
        len -= l;
        off = 0;
    }
}

/* The pieces of [off, off + len) of the mapped packet, into @out. */
static int gve_iov_slice(const GVETxMap *m, size_t off, size_t len,
                         struct iovec *out, int max)
{
    int n = 0;

    for (int i = 0; i < m->cnt && len; i++) {
        size_t l = m->iov[i].iov_len;

        if (off >= l) {
            off -= l;
            continue;
        }
        l = MIN(l - off, len);
        if (n == max) {
            return -1;
        }
        out[n].iov_base = (uint8_t *)m->iov[i].iov_base + off;
        out[n++].iov_len = l;
        len -= l;
        off = 0;
    }
    return n;
}

static void gve_csum_iov(GVECsum *c, const struct iovec *iov, int cnt)
{
    for (int i = 0; i < cnt; i++) {
        gve_csum_add(c, iov[i].iov_base, iov[i].iov_len);
    }
}

/* --- Sending --- */

static void gve_tx_emit(GVEState *s, const struct iovec *iov, int cnt)
{
    size_t len = 0;

    for (int i = 0; i < cnt; i++) {
        len += iov[i].iov_len;
    }
    trace_gve_tx_frame(len);
    qemu_sendv_packet(qemu_get_queue(s->nic), iov, cnt);
    s->stats.tx_packets++;
    s->stats.tx_bytes += len;
}

/* Finish the L4 checksum of one frame: headers in @hdr, payload in @pl. */
static void gve_tx_l4_csum(uint8_t *hdr, const GVEPktInfo *pi,
                           const struct iovec *pl, int plcnt, size_t pllen)
{
    unsigned field = pi->l4_proto == GVE_IPPROTO_TCP ? 16 : 6;
    uint8_t *l4 = hdr + pi->l4_off;
    GVECsum c = { 0 };
    uint16_t v;

    l4[field] = l4[field + 1] = 0;
    gve_csum_pseudo(&c, hdr, pi, pi->l4_hdr_len + pllen);
    gve_csum_add(&c, l4, pi->l4_hdr_len);
    gve_csum_iov(&c, pl, plcnt);
    v = gve_csum_finish(&c);
    if (v == 0 && pi->l4_proto == GVE_IPPROTO_UDP) {
        v = 0xffff;
    }
    l4[field] = v >> 8;
    l4[field + 1] = v;
}

static void gve_tx_send_csum(GVEState *s, const GVETxMap *m, uint8_t *hdr,
                             const GVEPktInfo *pi)
{
    struct iovec out[GVE_TX_MAX_IOV + 1];
    size_t hlen = pi->l4_off + pi->l4_hdr_len;
    int n = gve_iov_slice(m, hlen, m->len - hlen, out + 1, GVE_TX_MAX_IOV);

    if (n < 0) {
        s->stats.tx_errors++;
        return;
    }
    gve_tx_l4_csum(hdr, pi, out + 1, n, m->len - hlen);
    out[0].iov_base = hdr;
    out[0].iov_len = hlen;
    gve_tx_emit(s, out, n + 1);
}

static void gve_tso_fix_headers(uint8_t *h, const GVEPktInfo *pi,
                                uint32_t i, uint32_t seglen, bool last)
{
    uint8_t *ip = h + pi->l3_off, *tcp = h + pi->l4_off;
    size_t hlen = pi->l4_off + pi->l4_hdr_len;

    if (pi->ip_version == 4) {
        gve_st_be16(ip + 2, hlen - pi->l3_off + seglen);
        gve_st_be16(ip + 4, gve_be16(ip + 4) + i);
        gve_ipv4_fix_csum(ip);
    } else {
        gve_st_be16(ip + 4, hlen - pi->l3_off - 40 + seglen);
    }
    if (!last) {
        tcp[13] &= ~0x09;       /* FIN, PSH only on the last segment */
    }
    if (i) {
        tcp[13] &= ~0x80;       /* CWR only on the first */
    }
}

static void gve_tx_send_tso(GVEState *s, const GVETxMap *m,
                            const uint8_t *hdr, const GVEPktInfo *pi,
                            uint32_t mss)
{
    size_t hlen = pi->l4_off + pi->l4_hdr_len, payload = m->len - hlen;
    uint32_t seq0 = gve_be32(hdr + pi->l4_off + 4);
    struct iovec out[GVE_TX_MAX_IOV + 1];
    uint8_t seg[GVE_TX_HDR_MAX];
    size_t off = 0;

    if (pi->l4_proto != GVE_IPPROTO_TCP || !pi->l4_hdr_len ||
        mss < GVE_TSO_MIN_MSS || hlen + mss > NET_BUFSIZE) {
        qemu_log_mask(LOG_GUEST_ERROR, "gve: TSO needs a TCP packet and a "
                      "sane MSS (%u)\n", mss);
        s->stats.tx_errors++;
        return;
    }
    for (uint32_t i = 0; off < payload; i++) {
        size_t seglen = MIN(mss, payload - off);
        int n = gve_iov_slice(m, hlen + off, seglen, out + 1, GVE_TX_MAX_IOV);

        if (n < 0) {
            s->stats.tx_errors++;
            return;
        }
        memcpy(seg, hdr, hlen);
        gve_tso_fix_headers(seg, pi, i, seglen, off + seglen == payload);
        gve_st_be32(seg + pi->l4_off + 4, seq0 + off);
        gve_tx_l4_csum(seg, pi, out + 1, n, seglen);
        out[0].iov_base = seg;
        out[0].iov_len = hlen;
        gve_tx_emit(s, out, n + 1);
        s->stats.tx_tso_segments++;
        off += seglen;
    }
}

/* Map, offload and send one packet (when it is well formed). */
static void gve_tx_send(GVEState *s, const GVETxPkt *pkt)
{
    GVETxMap *m = &s->tx->map;
    uint8_t hdr[GVE_TX_HDR_MAX];
    GVEPktInfo pi;

    if (pkt->bad || !pkt->nseg ||
        pkt->total > (pkt->tso ? GVE_TSO_MAX : NET_BUFSIZE) ||
        !gve_tx_map(s, pkt, m)) {
        s->stats.tx_errors++;
        return;
    }
    if (!pkt->csum && !pkt->tso) {
        gve_tx_emit(s, m->iov, m->cnt);
        return;
    }
    gve_iov_copy(m, 0, hdr, MIN(m->len, sizeof(hdr)));
    gve_offload_parse(hdr, MIN(m->len, sizeof(hdr)), &pi);
    if (pi.l4_hdr_len && pkt->tso) {
        gve_tx_send_tso(s, m, hdr, &pi, pkt->mss);
    } else if (pi.l4_hdr_len) {
        gve_tx_send_csum(s, m, hdr, &pi);
    } else {
        qemu_log_mask(LOG_GUEST_ERROR, "gve: offload requested for a frame "
                      "without a TCP/UDP header; sent as is\n");
        gve_tx_emit(s, m->iov, m->cnt);
    }
}

/* --- DQO --- */

#define DQO_DTYPE_DATA      0xc
#define DQO_DTYPE_TSO_CTX   0x5
#define DQO_DTYPE_GEN_CTX   0x4
#define DQO_COMP_PKT        2
#define DQO_COMP_DESC       4
static void gve_dqo_tx_complete(GVEState *s, uint32_t qid, int type,
                                uint16_t tag_or_head)
{
    GVETxQueue *q = &s->txq[qid];
    uint8_t c[8] = { 0 };

    gve_st_le16(c, (qid & 0x7ff) | type << 11 | (q->comp_gen ? 0x8000 : 0));
    gve_st_le16(c + 2, tag_or_head);
    gve_dma_write(s, q->comp_ring + (uint64_t)q->comp_tail * 8, c, 8);
    if (++q->comp_tail == q->comp_size) {
        q->comp_tail = 0;
        q->comp_gen = !q->comp_gen;
    }
}

static void gve_dqo_desc(GVEState *s, GVETxQueue *q, GVETxScratch *sc,
                         const uint8_t *d, uint32_t idx, bool *eop)
{
    uint8_t dtype = d[8] & 0x1f;

    if (dtype == DQO_DTYPE_DATA) {
        uint64_t addr = gve_le64(d);
        uint32_t len = gve_le16(d + 14) & 0x3fff;

        if (q->qpl && !gve_qpl_contains(s, q->qpl, addr, len)) {
            qemu_log_mask(LOG_GUEST_ERROR, "gve: DQO-QPL TX buffer 0x%"
                          PRIx64 " outside the queue's pages\n", addr);
            sc->pkt.bad = true;
        }
        gve_tx_add_seg(&sc->pkt, addr, len);
        sc->pkt.csum |= d[8] & 0x40;
        sc->tag = gve_le16(d + 12);
        if (d[8] & 0x80) {
            sc->report[sc->nreport++] = idx;
        }
        *eop = d[8] & 0x20;
    } else if (dtype == DQO_DTYPE_TSO_CTX) {
        sc->pkt.tso = true;
        sc->pkt.mss = gve_le16(d + 4) & 0x3fff;
    } else if (dtype != DQO_DTYPE_GEN_CTX) {
        qemu_log_mask(LOG_GUEST_ERROR, "gve: unknown DQO TX descriptor type "
                      "%u\n", dtype);
    }
}

/*
 * Handle the packet starting at q->head.  Returns false (and leaves the
 * ring alone) when its last descriptor has not been posted yet.
 */
static bool gve_dqo_tx_packet(GVEState *s, uint32_t qid, uint32_t tail)
{
    GVETxQueue *q = &s->txq[qid];
    GVETxScratch *sc = s->tx;
    uint32_t idx = q->head, n = 0;
    bool eop = false;
    uint8_t d[16];

    gve_tx_pkt_start(s);
    while (!eop) {
        if (idx == tail) {
            return false;
        }
        if (gve_dma_read(s, q->ring + (uint64_t)idx * 16, d, 16)) {
            return false;       /* ring unreadable: the queue stalls */
        }
        gve_dqo_desc(s, q, sc, d, idx, &eop);
        idx = (idx + 1) & (q->size - 1);
        if (++n == DQO_MAX_DESC_PER_PKT && !eop) {
            qemu_log_mask(LOG_GUEST_ERROR, "gve: DQO TX packet without "
                          "end_of_packet in %u descriptors\n", n);
            sc->pkt.bad = true;
            break;
        }
    }
    q->head = idx;
    gve_tx_send(s, &sc->pkt);
    gve_dqo_tx_complete(s, qid, DQO_COMP_PKT, sc->tag);
    for (int i = 0; i < sc->nreport; i++) {
        gve_dqo_tx_complete(s, qid, DQO_COMP_DESC,
                            (sc->report[i] + 1) & (q->size - 1));
    }
    return true;
}

static void gve_dqo_tx_doorbell(GVEState *s, uint32_t qid, uint32_t tail)
{
    GVETxQueue *q = &s->txq[qid];
    bool done = false;

    if (tail >= q->size) {
        qemu_log_mask(LOG_GUEST_ERROR, "gve: TX doorbell %u beyond ring of "
                      "%u\n", tail, q->size);
        return;
    }
    while (q->head != tail && gve_dqo_tx_packet(s, qid, tail)) {
        done = true;
    }
    if (done) {
        gve_ntfy_event(s, q->ntfy);
    }
}

/* --- GQI --- */

#define GQI_TXD_STD         0x0
#define GQI_TXD_TSO         0x1
#define GQI_TXD_SEG         0x2
#define GQI_TXD_MTD         0x3

/* A GQI segment: a DMA address (RDA) or an offset in the QPL. */
static void gve_gqi_add(GVETxQueue *q, GVETxPkt *pkt, uint64_t a,
                        uint32_t len)
{
    if (!q->qpl) {
        gve_tx_add_seg(pkt, a, len);
        return;
    }
    while (len) {
        uint32_t n = MIN(len, GVE_PAGE_SIZE - a % GVE_PAGE_SIZE);
        uint64_t addr;

        if (!gve_qpl_addr(q->qpl, a, n, &addr)) {
            qemu_log_mask(LOG_GUEST_ERROR, "gve: GQI-QPL TX offset 0x%"
                          PRIx64 " outside the page list\n", a);
            pkt->bad = true;
            return;
        }
        gve_tx_add_seg(pkt, addr, n);
        a += n;
        len -= n;
    }
}

/* Handle one packet at q->req; returns descriptors used, 0 to wait. */
static uint32_t gve_gqi_tx_packet(GVEState *s, GVETxQueue *q, uint32_t avail)
{
    GVETxPkt *pkt = gve_tx_pkt_start(s);
    uint32_t mask = q->size - 1, cnt;
    uint8_t d[16];

    if (gve_dma_read(s, q->ring + (uint64_t)(q->req & mask) * 16, d, 16)) {
        return 0;
    }
    cnt = d[3];
    if ((d[0] >> 4 != GQI_TXD_STD && d[0] >> 4 != GQI_TXD_TSO) || !cnt) {
        qemu_log_mask(LOG_GUEST_ERROR, "gve: bad GQI TX packet descriptor "
                      "(type_flags 0x%x, %u descriptors)\n", d[0], cnt);
        return 1;
    }
    if (cnt > avail) {
        return 0;
    }
    pkt->tso = d[0] >> 4 == GQI_TXD_TSO;
    pkt->csum = d[0] & 1;
    gve_gqi_add(q, pkt, gve_be64(d + 8), gve_be16(d + 6));
    for (uint32_t i = 1; i < cnt; i++) {
        uint32_t idx = (q->req + i) & mask;

        if (gve_dma_read(s, q->ring + (uint64_t)idx * 16, d, 16)) {
            return 0;
        }
        if (d[0] >> 4 == GQI_TXD_SEG) {
            pkt->mss = pkt->mss ? pkt->mss : gve_be16(d + 4);
            gve_gqi_add(q, pkt, gve_be64(d + 8), gve_be16(d + 6));
        } else if (d[0] >> 4 != GQI_TXD_MTD) {
            pkt->bad = true;
        }
    }
    gve_tx_send(s, pkt);
    return cnt;
}

static void gve_gqi_tx_doorbell(GVEState *s, GVETxQueue *q, uint32_t req)
{
    uint64_t counter = s->counter_array + (uint64_t)q->counter_index * 4;
    uint32_t start = q->req;
    uint8_t be[4];

    if (req - q->req > q->size) {
        qemu_log_mask(LOG_GUEST_ERROR, "gve: GQI TX doorbell %u more than a "
                      "ring ahead of %u\n", req, q->req);
        return;
    }
    while (q->req != req) {
        uint32_t n = gve_gqi_tx_packet(s, q, req - q->req);

        if (!n) {
            break;
        }
        q->req += n;
    }
    if (q->req != start) {
        gve_st_be32(be, q->req);
        gve_dma_write(s, counter, be, 4);
        gve_ntfy_event(s, q->ntfy);
    }
}

void gve_tx_doorbell(GVEState *s, uint32_t qid, uint32_t val)
{
    GVETxQueue *q = &s->txq[qid];

    if (!q->active) {
        qemu_log_mask(LOG_GUEST_ERROR, "gve: doorbell of TX queue %u, which "
                      "does not exist\n", qid);
        return;
    }
    if (gve_is_dqo(s)) {
        gve_dqo_tx_doorbell(s, qid, val);
    } else {
        gve_gqi_tx_doorbell(s, q, val);
    }
}
