/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * GVE admin queue: a 4 KiB ring of 64-byte big-endian commands in guest
 * memory.  The doorbell carries the driver's free-running producer count;
 * the device runs every command from its event counter up to it, writes
 * each status word and bumps the event counter, all inside the doorbell
 * write.  Statuses for bad commands (docs/gve.md):
 *   UNIMPLEMENTED        unknown opcode (also 0x10..0x12, 0xff)
 *   FAILED_PRECONDITION  wrong state: queues/page lists before
 *                        CONFIGURE_DEVICE_RESOURCES, configure twice,
 *                        deconfigure with live queues, unregister a page
 *                        list in use
 *   ALREADY_EXISTS       queue or page list id in use
 *   NOT_FOUND            destroy/unregister of what does not exist
 *   INVALID_ARGUMENT     bad sizes, ids, formats, unreadable or unwritable
 *                        guest addresses, misaligned or overlapping pages
 *   RESOURCE_EXHAUSTED   more pages than max_registered_pages
 */
#include "qemu/osdep.h"
#include "gve-internal.h"
#include "hw/net/gve-offload.h"
#include "hw/pci/msix.h"
#include "qemu/log.h"
#include "trace-hw_net.h"

#define GVE_OPT_GQI_RDA     0x2
#define GVE_OPT_GQI_QPL     0x3
#define GVE_OPT_DQO_RDA     0x4
#define GVE_OPT_DQO_QPL     0x7
#define GVE_OPT_JUMBO       0x8
#define GVE_FEAT_JUMBO      (1u << 2)
#define GVE_DESC_LEN        40
#define GVE_LINK_SPEED_MBPS 100000

static uint32_t gve_bad(const char *cmd, const char *why, uint32_t status)
{
    qemu_log_mask(LOG_GUEST_ERROR, "gve: %s: %s\n", cmd, why);
    return status;
}

static bool gve_pow2(uint32_t v)
{
    return v && !(v & (v - 1));
}

/* --- DESCRIBE_DEVICE --- */

static uint8_t *gve_add_option(uint8_t *p, uint16_t id, uint16_t len)
{
    gve_st_be16(p, id);
    gve_st_be16(p + 2, len);
    gve_st_be32(p + 4, 0);          /* required_features_mask */
    return p + 8;
}

static size_t gve_build_options(GVEState *s, uint8_t *p, uint16_t *nopts)
{
    uint8_t *start = p;
    uint32_t feat = s->max_mtu > 1500 ? GVE_FEAT_JUMBO : 0;

    *nopts = 0;
    if (s->opt_dqo_rda) {
        p = gve_add_option(p, GVE_OPT_DQO_RDA, 8);
        gve_st_be32(p, feat);
        gve_st_be16(p + 4, s->ring_entries);  /* 6.1: tx_comp_ring */
        gve_st_be16(p + 6, s->ring_entries);  /* 6.1: rx_buff_ring */
        p += 8;
        (*nopts)++;
    }
    if (s->opt_dqo_qpl) {
        p = gve_add_option(p, GVE_OPT_DQO_QPL, 8);
        gve_st_be32(p, feat);
        gve_st_be16(p + 4, 512);
        gve_st_be16(p + 6, 1024);
        p += 8;
        (*nopts)++;
    }
    if (s->opt_gqi_rda) {
        p = gve_add_option(p, GVE_OPT_GQI_RDA, 4);
        gve_st_be32(p, feat);
        p += 4;
        (*nopts)++;
    }
    if (s->opt_gqi_qpl) {
        p = gve_add_option(p, GVE_OPT_GQI_QPL, 4);
        gve_st_be32(p, feat);
        p += 4;
        (*nopts)++;
    }
    if (feat & GVE_FEAT_JUMBO) {
        p = gve_add_option(p, GVE_OPT_JUMBO, 8);
        gve_st_be32(p, GVE_FEAT_JUMBO);
        gve_st_be16(p + 4, s->max_mtu);
        gve_st_be16(p + 6, 0);
        p += 8;
        (*nopts)++;
    }
    return p - start;
}

static uint32_t gve_describe(GVEState *s, const uint8_t *p)
{
    uint64_t addr = gve_be64(p);
    uint32_t version = gve_be32(p + 8), avail = gve_be32(p + 12);
    uint8_t buf[256] = { 0 };
    uint16_t nopts;
    size_t len = GVE_DESC_LEN + gve_build_options(s, buf + GVE_DESC_LEN,
                                                  &nopts);

    if (version != 1) {
        return gve_bad("DESCRIBE_DEVICE", "descriptor version is not 1",
                       GVE_AQ_INVALID_ARGUMENT);
    }
    if (avail < len) {
        return gve_bad("DESCRIBE_DEVICE", "buffer too small",
                       GVE_AQ_INVALID_ARGUMENT);
    }
    gve_st_be64(buf, GVE_MAX_REGISTERED_PAGES);
    gve_st_be16(buf + 10, s->ring_entries);
    gve_st_be16(buf + 12, s->ring_entries);
    gve_st_be16(buf + 14, 0);                   /* default: max queues */
    gve_st_be16(buf + 16, 1500);
    gve_st_be16(buf + 18, 2 * s->num_queues);   /* event counters */
    gve_st_be16(buf + 20, 512);                 /* tx_pages_per_qpl */
    gve_st_be16(buf + 22, s->ring_entries);     /* rx_pages_per_qpl */
    memcpy(buf + 24, s->conf.macaddr.a, 6);
    gve_st_be16(buf + 30, nopts);
    gve_st_be16(buf + 32, len);
    if (gve_dma_write(s, addr, buf, len) != MEMTX_OK) {
        return gve_bad("DESCRIBE_DEVICE", "bad descriptor address",
                       GVE_AQ_INVALID_ARGUMENT);
    }
    return GVE_AQ_PASSED;
}

/* --- Device resources --- */

static uint32_t gve_configure(GVEState *s, const uint8_t *p)
{
    uint64_t irq_db_addr = gve_be64(p + 8);
    uint32_t nblk = gve_be32(p + 20), stride = gve_be32(p + 24);
    uint32_t base = gve_be32(p + 28);
    uint8_t fmt = p[32] ? p[32] : GVE_FMT_GQI_QPL;
    uint32_t nvec = 2 * s->num_queues + 1;
    uint8_t idx[4];

    if (s->configured) {
        return gve_bad("CONFIGURE_DEVICE_RESOURCES", "already configured",
                       GVE_AQ_FAILED_PRECONDITION);
    }
    if (fmt > GVE_FMT_DQO_QPL) {
        return gve_bad("CONFIGURE_DEVICE_RESOURCES", "unknown queue format",
                       GVE_AQ_INVALID_ARGUMENT);
    }
    if (nblk == 0 || nblk > GVE_MAX_BLOCKS || base >= nvec ||
        nblk > nvec - 1 - base || stride < 4 || stride > 4096) {
        return gve_bad("CONFIGURE_DEVICE_RESOURCES",
                       "bad notification block count, base or stride",
                       GVE_AQ_INVALID_ARGUMENT);
    }
    for (uint32_t i = 0; i < nblk; i++) {
        gve_st_be32(idx, i);
        if (gve_dma_write(s, irq_db_addr + (uint64_t)i * stride, idx, 4)) {
            return gve_bad("CONFIGURE_DEVICE_RESOURCES",
                           "bad IRQ doorbell array address",
                           GVE_AQ_INVALID_ARGUMENT);
        }
    }
    s->counter_array = gve_be64(p);
    s->num_counters = gve_be32(p + 16);
    s->num_ntfy = nblk;
    s->msix_base = base;
    s->format = fmt;
    memset(s->ntfy, 0, sizeof(s->ntfy));
    s->configured = true;
    return GVE_AQ_PASSED;
}

static bool gve_any_queue(GVEState *s)
{
    for (int i = 0; i < GVE_MAX_QUEUES; i++) {
        if (s->txq[i].active || s->rxq[i].active) {
            return true;
        }
    }
    return false;
}

static uint32_t gve_deconfigure(GVEState *s)
{
    if (!s->configured) {
        return gve_bad("DECONFIGURE_DEVICE_RESOURCES", "not configured",
                       GVE_AQ_FAILED_PRECONDITION);
    }
    if (gve_any_queue(s)) {
        return gve_bad("DECONFIGURE_DEVICE_RESOURCES", "queues still exist",
                       GVE_AQ_FAILED_PRECONDITION);
    }
    s->configured = false;
    s->num_ntfy = 0;
    s->counter_array = 0;
    s->num_counters = 0;
    return GVE_AQ_PASSED;
}

/* --- Queue page lists --- */

void gve_qpl_free(gpointer p)
{
    GVEQpl *qpl = p;

    g_free(qpl->pages);
    g_free(qpl);
}

bool gve_qpl_addr(const GVEQpl *qpl, uint64_t off, uint64_t len,
                  uint64_t *addr)
{
    uint64_t page = off / GVE_PAGE_SIZE;

    if (page >= qpl->num_pages || len > GVE_PAGE_SIZE - off % GVE_PAGE_SIZE) {
        return false;
    }
    *addr = qpl->pages[page] + off % GVE_PAGE_SIZE;
    return true;
}

bool gve_qpl_contains(GVEState *s, const GVEQpl *qpl, uint64_t addr,
                      uint64_t len)
{
    uint64_t page = addr & ~(uint64_t)(GVE_PAGE_SIZE - 1);
    gpointer key;

    if (len > GVE_PAGE_SIZE - (addr - page) ||
        !g_hash_table_lookup_extended(s->qpl_pages, &page, &key, NULL)) {
        return false;
    }
    /* The set's keys point into the owning list's page array. */
    return (uint64_t *)key >= qpl->pages &&
           (uint64_t *)key < qpl->pages + qpl->num_pages;
}

/* Read and check the page addresses; false: the list is unusable. */
static bool gve_qpl_load(GVEState *s, GVEQpl *qpl, uint64_t list_addr)
{
    uint8_t chunk[512];
    uint32_t done = 0;

    while (done < qpl->num_pages) {
        uint32_t n = MIN(qpl->num_pages - done, sizeof(chunk) / 8);

        if (gve_dma_read(s, list_addr + (uint64_t)done * 8, chunk, n * 8)) {
            return false;
        }
        for (uint32_t i = 0; i < n; i++) {
            qpl->pages[done + i] = gve_be64(chunk + 8 * i);
            if (qpl->pages[done + i] & (GVE_PAGE_SIZE - 1)) {
                return false;
            }
        }
        done += n;
    }
    return true;
}

/* Every page new (not in another list nor twice in this one)? */
static bool gve_qpl_claim_pages(GVEState *s, GVEQpl *qpl)
{
    uint32_t i;

    for (i = 0; i < qpl->num_pages; i++) {
        if (g_hash_table_contains(s->qpl_pages, &qpl->pages[i])) {
            break;
        }
        g_hash_table_add(s->qpl_pages, &qpl->pages[i]);
    }
    if (i == qpl->num_pages) {
        return true;
    }
    while (i--) {
        g_hash_table_remove(s->qpl_pages, &qpl->pages[i]);
    }
    return false;
}

static uint32_t gve_register_qpl(GVEState *s, const uint8_t *p)
{
    uint32_t id = gve_be32(p), n = gve_be32(p + 4);
    GVEQpl *qpl;

    if (!s->configured) {
        return gve_bad("REGISTER_PAGE_LIST", "device not configured",
                       GVE_AQ_FAILED_PRECONDITION);
    }
    if (gve_be64(p + 16) != GVE_PAGE_SIZE || n == 0) {
        return gve_bad("REGISTER_PAGE_LIST", "bad page size or count",
                       GVE_AQ_INVALID_ARGUMENT);
    }
    if (g_hash_table_contains(s->qpls, GUINT_TO_POINTER(id))) {
        return gve_bad("REGISTER_PAGE_LIST", "id in use",
                       GVE_AQ_ALREADY_EXISTS);
    }
    if (n > GVE_MAX_REGISTERED_PAGES - s->qpl_total_pages) {
        return gve_bad("REGISTER_PAGE_LIST", "too many pages",
                       GVE_AQ_RESOURCE_EXHAUSTED);
    }
    qpl = g_new0(GVEQpl, 1);
    qpl->id = id;
    qpl->num_pages = n;
    qpl->pages = g_new(uint64_t, n);
    if (!gve_qpl_load(s, qpl, gve_be64(p + 8)) ||
        !gve_qpl_claim_pages(s, qpl)) {
        gve_qpl_free(qpl);
        return gve_bad("REGISTER_PAGE_LIST", "unreadable, misaligned or "
                       "overlapping pages", GVE_AQ_INVALID_ARGUMENT);
    }
    g_hash_table_insert(s->qpls, GUINT_TO_POINTER(id), qpl);
    s->qpl_total_pages += n;
    return GVE_AQ_PASSED;
}

static uint32_t gve_unregister_qpl(GVEState *s, const uint8_t *p)
{
    uint32_t id = gve_be32(p);
    GVEQpl *qpl = g_hash_table_lookup(s->qpls, GUINT_TO_POINTER(id));

    if (!qpl) {
        return gve_bad("UNREGISTER_PAGE_LIST", "no such id",
                       GVE_AQ_NOT_FOUND);
    }
    if (qpl->users) {
        return gve_bad("UNREGISTER_PAGE_LIST", "page list in use by a queue",
                       GVE_AQ_FAILED_PRECONDITION);
    }
    for (uint32_t i = 0; i < qpl->num_pages; i++) {
        g_hash_table_remove(s->qpl_pages, &qpl->pages[i]);
    }
    s->qpl_total_pages -= qpl->num_pages;
    g_hash_table_remove(s->qpls, GUINT_TO_POINTER(id));
    return GVE_AQ_PASSED;
}

/* --- Queues --- */

static uint32_t gve_queue_checks(GVEState *s, const char *cmd, uint32_t qid,
                                 bool active, uint32_t ntfy)
{
    if (!s->configured) {
        return gve_bad(cmd, "device not configured",
                       GVE_AQ_FAILED_PRECONDITION);
    }
    if (qid >= s->num_queues || ntfy >= s->num_ntfy) {
        return gve_bad(cmd, "queue id or notification block out of range",
                       GVE_AQ_INVALID_ARGUMENT);
    }
    if (active) {
        return gve_bad(cmd, "queue exists", GVE_AQ_ALREADY_EXISTS);
    }
    return GVE_AQ_PASSED;
}

/* Look up the queue's page list (QPL formats); NULL status: found. */
static uint32_t gve_queue_qpl(GVEState *s, const char *cmd, uint32_t id,
                              GVEQpl **qpl)
{
    *qpl = NULL;
    if (!gve_is_qpl(s)) {
        return GVE_AQ_PASSED;
    }
    *qpl = g_hash_table_lookup(s->qpls, GUINT_TO_POINTER(id));
    if (!*qpl) {
        return gve_bad(cmd, "page list not registered", GVE_AQ_NOT_FOUND);
    }
    return GVE_AQ_PASSED;
}

static bool gve_write_queue_resources(GVEState *s, uint64_t addr,
                                      uint32_t db, uint32_t counter)
{
    uint8_t res[64] = { 0 };

    gve_st_be32(res, db);
    gve_st_be32(res + 4, counter);
    return gve_dma_write(s, addr, res, sizeof(res)) == MEMTX_OK;
}

static uint32_t gve_create_tx(GVEState *s, const uint8_t *p)
{
    static const char cmd[] = "CREATE_TX_QUEUE";
    uint32_t qid = gve_be32(p), ntfy = gve_be32(p + 28);
    uint32_t size = gve_be16(p + 40), csize = gve_be16(p + 42);
    uint32_t st;
    GVETxQueue *q;
    GVEQpl *qpl;

    st = gve_queue_checks(s, cmd, qid, qid < GVE_MAX_QUEUES &&
                          s->txq[qid].active, ntfy);
    if (st == GVE_AQ_PASSED) {
        st = gve_queue_qpl(s, cmd, gve_be32(p + 24), &qpl);
    }
    if (st != GVE_AQ_PASSED) {
        return st;
    }
    size = size ? size : s->ring_entries;
    csize = csize ? csize : size;
    if (!gve_pow2(size) || (gve_is_dqo(s) && !gve_pow2(csize))) {
        return gve_bad(cmd, "ring size not a power of two",
                       GVE_AQ_INVALID_ARGUMENT);
    }
    if (!gve_is_dqo(s) && qid >= s->num_counters) {
        return gve_bad(cmd, "no event counter for the queue",
                       GVE_AQ_INVALID_ARGUMENT);
    }
    if (!gve_write_queue_resources(s, gve_be64(p + 8), GVE_DB_TX_BASE + qid,
                                   qid)) {
        return gve_bad(cmd, "bad queue resources address",
                       GVE_AQ_INVALID_ARGUMENT);
    }
    q = &s->txq[qid];
    gve_tx_queue_reset(q);
    q->active = true;
    q->ntfy = ntfy;
    q->ring = gve_be64(p + 16);
    q->comp_ring = gve_be64(p + 32);
    q->size = size;
    q->comp_size = csize;
    q->counter_index = qid;
    q->qpl = qpl;
    if (qpl) {
        qpl->users++;
    }
    return GVE_AQ_PASSED;
}

static uint32_t gve_rx_sizes(GVEState *s, GVERxQueue *q, const uint8_t *p)
{
    static const char cmd[] = "CREATE_RX_QUEUE";
    uint32_t size = gve_be16(p + 44), pbs = gve_be16(p + 46);
    uint32_t bsize = gve_be16(p + 48);

    q->size = size ? size : s->ring_entries;
    q->buf_ring_size = bsize ? bsize : q->size;
    q->packet_buffer_size = pbs ? pbs : 2048;
    if (!gve_pow2(q->size) || (gve_is_dqo(s) && !gve_pow2(q->buf_ring_size))) {
        return gve_bad(cmd, "ring size not a power of two",
                       GVE_AQ_INVALID_ARGUMENT);
    }
    if (q->packet_buffer_size < 256 || q->packet_buffer_size > 16383 ||
        (!gve_is_dqo(s) && q->packet_buffer_size > GVE_PAGE_SIZE)) {
        return gve_bad(cmd, "bad packet buffer size",
                       GVE_AQ_INVALID_ARGUMENT);
    }
    if (gve_be16(p + 52)) {
        return gve_bad(cmd, "header split was not offered",
                       GVE_AQ_INVALID_ARGUMENT);
    }
    return GVE_AQ_PASSED;
}

static uint32_t gve_create_rx(GVEState *s, const uint8_t *p)
{
    static const char cmd[] = "CREATE_RX_QUEUE";
    uint32_t qid = gve_be32(p), ntfy = gve_be32(p + 12);
    GVERxQueue tmp = { 0 };
    uint32_t st;
    GVEQpl *qpl;

    st = gve_queue_checks(s, cmd, qid, qid < GVE_MAX_QUEUES &&
                          s->rxq[qid].active, ntfy);
    if (st == GVE_AQ_PASSED) {
        st = gve_queue_qpl(s, cmd, gve_be32(p + 40), &qpl);
    }
    if (st == GVE_AQ_PASSED) {
        st = gve_rx_sizes(s, &tmp, p);
    }
    if (st != GVE_AQ_PASSED) {
        return st;
    }
    if (!gve_write_queue_resources(s, gve_be64(p + 16), GVE_DB_RX_BASE + qid,
                                   0)) {
        return gve_bad(cmd, "bad queue resources address",
                       GVE_AQ_INVALID_ARGUMENT);
    }
    tmp.active = true;
    tmp.ntfy = ntfy;
    tmp.desc_ring = gve_be64(p + 24);
    tmp.data_ring = gve_be64(p + 32);
    tmp.qpl = qpl;
    tmp.comp_gen = true;
    tmp.seq = 1;
    if (qpl) {
        qpl->users++;
    }
    s->rxq[qid] = tmp;
    return GVE_AQ_PASSED;
}

static uint32_t gve_destroy_queue(GVEState *s, const uint8_t *p, bool tx)
{
    uint32_t qid = gve_be32(p);
    const char *cmd = tx ? "DESTROY_TX_QUEUE" : "DESTROY_RX_QUEUE";
    bool active = qid < GVE_MAX_QUEUES &&
                  (tx ? s->txq[qid].active : s->rxq[qid].active);

    if (!active) {
        return gve_bad(cmd, "no such queue", GVE_AQ_NOT_FOUND);
    }
    if (tx) {
        gve_tx_queue_reset(&s->txq[qid]);
    } else {
        gve_rx_queue_reset(&s->rxq[qid]);
    }
    return GVE_AQ_PASSED;
}

/* --- Parameters, statistics, RSS --- */

static uint32_t gve_set_param(GVEState *s, const uint8_t *p)
{
    uint64_t val = gve_be64(p + 8);

    if (gve_be32(p) != 1) {
        return gve_bad("SET_DRIVER_PARAMETER", "unknown parameter",
                       GVE_AQ_INVALID_ARGUMENT);
    }
    if (val < 68 || val > s->max_mtu) {
        return gve_bad("SET_DRIVER_PARAMETER", "MTU out of range",
                       GVE_AQ_INVALID_ARGUMENT);
    }
    s->mtu = val;
    return GVE_AQ_PASSED;
}

static uint32_t gve_report_stats(GVEState *s, const uint8_t *p)
{
    uint64_t len = gve_be64(p), addr = gve_be64(p + 8);
    uint8_t probe;

    /* The buffer is the driver's; the device adds nothing to it yet. */
    if (len && gve_dma_read(s, addr, &probe, 1) != MEMTX_OK) {
        return gve_bad("REPORT_STATS", "bad stats buffer address",
                       GVE_AQ_INVALID_ARGUMENT);
    }
    return GVE_AQ_PASSED;
}

static uint32_t gve_link_speed(GVEState *s, const uint8_t *p)
{
    uint8_t buf[8];

    gve_st_be64(buf, GVE_LINK_SPEED_MBPS);
    if (gve_dma_write(s, gve_be64(p), buf, 8) != MEMTX_OK) {
        return gve_bad("REPORT_LINK_SPEED", "bad address",
                       GVE_AQ_INVALID_ARGUMENT);
    }
    return GVE_AQ_PASSED;
}

static uint32_t gve_ptype_map(GVEState *s, const uint8_t *p)
{
    uint8_t map[2 * GVE_PTYPE_ENTRIES];

    if (gve_be64(p) < sizeof(map)) {
        return gve_bad("GET_PTYPE_MAP", "buffer too small",
                       GVE_AQ_INVALID_ARGUMENT);
    }
    gve_offload_ptype_map(map, GVE_PTYPE_ENTRIES);
    if (gve_dma_write(s, gve_be64(p + 8), map, sizeof(map)) != MEMTX_OK) {
        return gve_bad("GET_PTYPE_MAP", "bad address",
                       GVE_AQ_INVALID_ARGUMENT);
    }
    return GVE_AQ_PASSED;
}

static uint32_t gve_verify_compat(GVEState *s, const uint8_t *p)
{
    uint8_t info[304] = { 0 };
    uint64_t len = MIN(gve_be64(p), sizeof(info));

    if (len < 48 || gve_dma_read(s, gve_be64(p + 8), info, len)) {
        return gve_bad("VERIFY_DRIVER_COMPATIBILITY", "bad driver info",
                       GVE_AQ_INVALID_ARGUMENT);
    }
    info[sizeof(info) - 1] = 0;
    trace_gve_driver_info(info[0], info[1], info[2], info[3],
                          (const char *)info + 48);
    return GVE_AQ_PASSED;
}

static uint32_t gve_configure_rss(GVEState *s, const uint8_t *p)
{
    uint16_t types = gve_be16(p), ksize = gve_be16(p + 4);
    uint16_t lsize = gve_be16(p + 6);
    uint8_t key[GVE_RSS_KEY_MAX], lut[4 * GVE_RSS_LUT_MAX];

    if ((p[2] != 0 && p[2] != 1) || ksize > GVE_RSS_KEY_MAX ||
        lsize > GVE_RSS_LUT_MAX) {
        return gve_bad("CONFIGURE_RSS", "bad algorithm, key or table size",
                       GVE_AQ_INVALID_ARGUMENT);
    }
    if ((ksize && gve_dma_read(s, gve_be64(p + 8), key, ksize)) ||
        (lsize && gve_dma_read(s, gve_be64(p + 16), lut, 4 * lsize))) {
        return gve_bad("CONFIGURE_RSS", "bad key or table address",
                       GVE_AQ_INVALID_ARGUMENT);
    }
    for (int i = 0; i < lsize; i++) {
        if (gve_be32(lut + 4 * i) >= s->num_queues) {
            return gve_bad("CONFIGURE_RSS", "table entry out of range",
                           GVE_AQ_INVALID_ARGUMENT);
        }
    }
    if (types) {
        s->rss_hash_types = types;
    }
    if (ksize) {
        memcpy(s->rss_key, key, ksize);
        s->rss_key_size = ksize;
    }
    for (int i = 0; i < lsize; i++) {
        s->rss_lut[i] = gve_be32(lut + 4 * i);
    }
    if (lsize) {
        s->rss_lut_size = lsize;
    }
    return GVE_AQ_PASSED;
}

/* --- Dispatch --- */

static uint32_t gve_aq_execute(GVEState *s, uint32_t op, const uint8_t *p)
{
    switch (op) {
    case GVE_AQ_DESCRIBE_DEVICE:
        return gve_describe(s, p);
    case GVE_AQ_CONFIGURE_DEVICE_RESOURCES:
        return gve_configure(s, p);
    case GVE_AQ_REGISTER_PAGE_LIST:
        return gve_register_qpl(s, p);
    case GVE_AQ_UNREGISTER_PAGE_LIST:
        return gve_unregister_qpl(s, p);
    case GVE_AQ_CREATE_TX_QUEUE:
        return gve_create_tx(s, p);
    case GVE_AQ_CREATE_RX_QUEUE:
        return gve_create_rx(s, p);
    case GVE_AQ_DESTROY_TX_QUEUE:
        return gve_destroy_queue(s, p, true);
    case GVE_AQ_DESTROY_RX_QUEUE:
        return gve_destroy_queue(s, p, false);
    case GVE_AQ_DECONFIGURE_DEVICE_RESOURCES:
        return gve_deconfigure(s);
    case GVE_AQ_CONFIGURE_RSS:
        return gve_configure_rss(s, p);
    case GVE_AQ_SET_DRIVER_PARAMETER:
        return gve_set_param(s, p);
    case GVE_AQ_REPORT_STATS:
        return gve_report_stats(s, p);
    case GVE_AQ_REPORT_LINK_SPEED:
        return gve_link_speed(s, p);
    case GVE_AQ_GET_PTYPE_MAP:
        return gve_ptype_map(s, p);
    case GVE_AQ_VERIFY_DRIVER_COMPAT:
        return gve_verify_compat(s, p);
    default:
        qemu_log_mask(LOG_UNIMP, "gve: admin opcode 0x%x not implemented\n",
                      op);
        return GVE_AQ_UNIMPLEMENTED;
    }
}

/* Guest address and slot count of the installed admin queue, or false. */
static bool gve_aq_location(GVEState *s, uint64_t *base, uint32_t *slots)
{
    if (s->aq_pfn) {
        *base = (uint64_t)s->aq_pfn * GVE_PAGE_SIZE;
        *slots = GVE_AQ_SLOTS;
        return true;
    }
    if (s->revision && (s->driver_status & GVE_DRV_STATUS_RUN) &&
        s->aq_length >= GVE_AQ_SLOT_SIZE) {
        *base = (uint64_t)s->aq_base_hi << 32 | s->aq_base_lo;
        *slots = MIN(s->aq_length / GVE_AQ_SLOT_SIZE, GVE_AQ_SLOTS);
        return true;
    }
    return false;
}

static void gve_aq_run_one(GVEState *s, uint64_t slot_addr)
{
    uint8_t cmd[GVE_AQ_SLOT_SIZE];
    uint8_t status[4];
    uint32_t op, st;

    if (gve_dma_read(s, slot_addr, cmd, sizeof(cmd)) != MEMTX_OK) {
        s->stats.aq_errors++;
        return;
    }
    op = gve_be32(cmd);
    st = gve_aq_execute(s, op, cmd + 8);
    trace_gve_aq_command(op, st);
    s->stats.aq_commands++;
    if (st != GVE_AQ_PASSED) {
        s->stats.aq_errors++;
    }
    gve_st_be32(status, st);
    gve_dma_write(s, slot_addr + 4, status, 4);
}

void gve_aq_doorbell(GVEState *s, uint32_t prod)
{
    uint64_t base;
    uint32_t slots, n;

    s->aq_doorbell = prod;
    if (!gve_aq_location(s, &base, &slots)) {
        qemu_log_mask(LOG_GUEST_ERROR, "gve: admin queue doorbell without "
                      "an admin queue\n");
        return;
    }
    n = prod - s->aq_event_counter;
    if (n > slots) {
        qemu_log_mask(LOG_GUEST_ERROR, "gve: admin queue doorbell %u is %u "
                      "commands ahead of the device (ring of %u)\n",
                      prod, n, slots);
        return;
    }
    while (s->aq_event_counter != prod) {
        uint32_t slot = s->aq_event_counter % slots;

        gve_aq_run_one(s, base + (uint64_t)slot * GVE_AQ_SLOT_SIZE);
        s->aq_event_counter++;
    }
}
