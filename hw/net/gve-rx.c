/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * GVE receive: RSS queue selection (Toeplitz over the IP addresses and
 * ports, then the indirection table), and the two ring formats:
 *  - GQI: data ring of BE64 buffer slots (DMA address or QPL offset) and
 *    a ring of 64-byte descriptors the device writes; frames start after
 *    a 2-byte pad; long frames span slots with PKT_CONT; sequence numbers
 *    cycle 1..7.
 *  - DQO: buffer ring of 32-byte descriptors the driver posts and a
 *    completion ring of 32-byte entries with a generation bit.
 * No buffer for a frame: it is dropped and counted (rx-no-buffers).
 */
#include "qemu/osdep.h"
#include "gve-internal.h"
#include "hw/net/gve-offload.h"
#include "qemu/log.h"
#include "trace-hw_net.h"

/* The RSS key used until the driver sends CONFIGURE_RSS. */
static const uint8_t gve_default_rss_key[40] = {
    0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2,
    0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,
    0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4,
    0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,
    0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

void gve_rss_reset(GVEState *s)
{
    memcpy(s->rss_key, gve_default_rss_key, sizeof(gve_default_rss_key));
    s->rss_key_size = sizeof(gve_default_rss_key);
    s->rss_hash_types = 0;
    s->rss_lut_size = 0;
}

void gve_rx_queue_reset(GVERxQueue *q)
{
    if (q->qpl) {
        q->qpl->users--;
    }
    memset(q, 0, sizeof(*q));
    q->comp_gen = true;
    q->seq = 1;
}

/* Buffers the driver has made available on @q. */
static uint32_t gve_rx_avail(GVEState *s, const GVERxQueue *q)
{
    if (gve_is_dqo(s)) {
        return (q->tail - q->head) & (q->buf_ring_size - 1);
    }
    return q->tail - q->head;
}

bool gve_can_receive(NetClientState *nc)
{
    GVEState *s = qemu_get_nic_opaque(nc);

    if (!s->configured || !(s->parent_obj.config[PCI_COMMAND] &
                            PCI_COMMAND_MASTER)) {
        return false;
    }
    for (uint32_t i = 0; i < s->num_queues; i++) {
        if (s->rxq[i].active && gve_rx_avail(s, &s->rxq[i])) {
            return true;
        }
    }
    return false;
}

static int gve_rx_pick_queue(GVEState *s, uint32_t hash)
{
    uint32_t nactive = 0, q;

    for (uint32_t i = 0; i < s->num_queues; i++) {
        if (s->rxq[i].active) {
            nactive = i + 1;
        }
    }
    if (!nactive) {
        return -1;
    }
    q = s->rss_lut_size ? s->rss_lut[hash % s->rss_lut_size]
                        : hash % nactive;
    if (q < s->num_queues && s->rxq[q].active) {
        return q;
    }
    for (uint32_t i = 0; i < s->num_queues; i++) {
        if (s->rxq[i].active) {
            return i;
        }
    }
    return -1;
}

/* --- DQO --- */

static bool gve_dqo_rx_buffer(GVEState *s, GVERxQueue *q, uint16_t *id,
                              uint64_t *addr, uint32_t len)
{
    uint8_t d[32];

    if (gve_dma_read(s, q->data_ring + (uint64_t)q->head * 32, d, 32)) {
        return false;
    }
    *id = gve_le16(d);
    *addr = gve_le64(d + 8);
    if (q->qpl && !gve_qpl_contains(s, q->qpl, *addr, len)) {
        qemu_log_mask(LOG_GUEST_ERROR, "gve: DQO-QPL RX buffer 0x%" PRIx64
                      " outside the queue's pages\n", *addr);
        return false;
    }
    return true;
}

static void gve_dqo_rx_complete(GVEState *s, GVERxQueue *q, uint16_t id,
                                uint32_t len, bool eop, unsigned ptype,
                                uint32_t hash)
{
    uint8_t c[32] = { 0 };

    c[0] = 1;                               /* rxdid */
    gve_st_le16(c + 2, ptype & 0x3ff);
    gve_st_le16(c + 4, (len & 0x3fff) | (q->comp_gen ? 0x4000 : 0));
    c[8] = 0x01 | (eop ? 0x02 : 0);         /* descriptor done, EOP */
    gve_st_le16(c + 12, id);
    gve_st_le32(c + 16, hash);
    gve_dma_write(s, q->desc_ring + (uint64_t)q->comp_tail * 32, c, 32);
    if (++q->comp_tail == q->size) {
        q->comp_tail = 0;
        q->comp_gen = !q->comp_gen;
    }
}

static bool gve_dqo_rx(GVEState *s, GVERxQueue *q, const uint8_t *buf,
                       size_t len, unsigned ptype, uint32_t hash)
{
    uint32_t bsz = q->packet_buffer_size;
    uint32_t need = (uint32_t)((len + bsz - 1) / bsz);
    size_t off = 0;

    if (gve_rx_avail(s, q) < need) {
        s->stats.rx_no_buffers++;
        return false;
    }
    for (uint32_t i = 0; i < need; i++) {
        uint32_t n = MIN(bsz, len - off);
        uint16_t id;
        uint64_t addr;

        if (!gve_dqo_rx_buffer(s, q, &id, &addr, n) ||
            gve_dma_write(s, addr, buf + off, n)) {
            s->stats.rx_dropped++;
            return false;       /* the driver's ring is broken: stop */
        }
        q->head = (q->head + 1) & (q->buf_ring_size - 1);
        off += n;
        gve_dqo_rx_complete(s, q, id, n, off == len, ptype, hash);
    }
    return true;
}

/* --- GQI --- */

#define GQI_RX_PAD      2
#define GQI_RXF_FRAG    (1u << 6)
#define GQI_RXF_IPV4    (1u << 7)
#define GQI_RXF_IPV6    (1u << 8)
#define GQI_RXF_TCP     (1u << 9)
#define GQI_RXF_UDP     (1u << 10)
#define GQI_RXF_CONT    (1u << 13)

static uint16_t gve_gqi_flags(const GVEPktInfo *pi)
{
    uint16_t f = 0;

    if (pi->ip_version == 4) {
        f |= GQI_RXF_IPV4;
    } else if (pi->ip_version == 6) {
        f |= GQI_RXF_IPV6;
    }
    if (pi->frag) {
        f |= GQI_RXF_FRAG;
    } else if (pi->l4_proto == GVE_IPPROTO_TCP) {
        f |= GQI_RXF_TCP;
    } else if (pi->l4_proto == GVE_IPPROTO_UDP) {
        f |= GQI_RXF_UDP;
    }
    return f;
}

/* Guest address of the buffer in GQI data slot @idx, or false. */
static bool gve_gqi_rx_slot(GVEState *s, GVERxQueue *q, uint32_t idx,
                            uint32_t len, uint64_t *addr)
{
    uint8_t slot[8];

    if (gve_dma_read(s, q->data_ring + (uint64_t)idx * 8, slot, 8)) {
        return false;
    }
    *addr = gve_be64(slot);
    if (q->qpl && !gve_qpl_addr(q->qpl, *addr, len, addr)) {
        qemu_log_mask(LOG_GUEST_ERROR, "gve: GQI-QPL RX slot offset 0x%"
                      PRIx64 " outside the page list\n", *addr);
        return false;
    }
    return true;
}

static bool gve_gqi_rx(GVEState *s, GVERxQueue *q, const uint8_t *buf,
                       size_t len, const GVEPktInfo *pi, uint32_t hash)
{
    uint32_t bsz = q->packet_buffer_size;
    uint32_t need = (uint32_t)((len + GQI_RX_PAD + bsz - 1) / bsz);
    uint16_t flags = gve_gqi_flags(pi);
    size_t off = 0;

    if (gve_rx_avail(s, q) < need) {
        s->stats.rx_no_buffers++;
        return false;
    }
    for (uint32_t i = 0; i < need; i++) {
        uint32_t idx = q->head & (q->size - 1), pad = i ? 0 : GQI_RX_PAD;
        uint32_t n = MIN(bsz - pad, len - off);
        uint8_t d[64] = { 0 };
        uint64_t addr;

        if (!gve_gqi_rx_slot(s, q, idx, n + pad, &addr) ||
            gve_dma_write(s, addr + pad, buf + off, n)) {
            s->stats.rx_dropped++;
            return false;
        }
        off += n;
        gve_st_be32(d + 48, hash);
        gve_st_be16(d + 60, n + pad);
        gve_st_be16(d + 62, q->seq | flags |
                    (off < len ? GQI_RXF_CONT : 0));
        gve_dma_write(s, q->desc_ring + (uint64_t)idx * 64, d, 64);
        q->seq = q->seq % 7 + 1;
        q->head++;
    }
    return true;
}

/* --- Entry points --- */

ssize_t gve_receive_iov(NetClientState *nc, const struct iovec *iov,
                        int iovcnt)
{
    GVEState *s = qemu_get_nic_opaque(nc);
    size_t len = 0;
    GVEPktInfo pi;
    uint32_t hash;
    int qid;
    bool ok;

    for (int i = 0; i < iovcnt; i++) {
        if (iov[i].iov_len > NET_BUFSIZE - len) {
            s->stats.rx_dropped++;
            return -1;
        }
        memcpy(s->rxbuf + len, iov[i].iov_base, iov[i].iov_len);
        len += iov[i].iov_len;
    }
    if (!s->configured || len > s->mtu + 22u) {
        s->stats.rx_dropped++;
        return -1;
    }
    gve_offload_parse(s->rxbuf, len, &pi);
    hash = gve_rss_hash(s->rxbuf, &pi, s->rss_hash_types, s->rss_key,
                        s->rss_key_size);
    qid = gve_rx_pick_queue(s, hash);
    if (qid < 0) {
        s->stats.rx_no_buffers++;
        return -1;
    }
    trace_gve_rx_frame(qid, len, hash);
    if (gve_is_dqo(s)) {
        ok = gve_dqo_rx(s, &s->rxq[qid], s->rxbuf, len,
                        gve_offload_ptype(&pi), hash);
    } else {
        ok = gve_gqi_rx(s, &s->rxq[qid], s->rxbuf, len, &pi, hash);
    }
    if (!ok) {
        return -1;
    }
    s->stats.rx_packets++;
    s->stats.rx_bytes += len;
    gve_ntfy_event(s, s->rxq[qid].ntfy);
    return len;
}

void gve_rx_doorbell(GVEState *s, uint32_t qid, uint32_t val)
{
    GVERxQueue *q = &s->rxq[qid];

    if (!q->active) {
        qemu_log_mask(LOG_GUEST_ERROR, "gve: doorbell of RX queue %u, which "
                      "does not exist\n", qid);
        return;
    }
    if (gve_is_dqo(s) ? val >= q->buf_ring_size : val - q->head > q->size) {
        qemu_log_mask(LOG_GUEST_ERROR, "gve: RX doorbell %u out of range for "
                      "queue %u\n", val, qid);
        return;
    }
    q->tail = val;
    qemu_flush_queued_packets(qemu_get_queue(s->nic));
}
