/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * GVE (Google Virtual Ethernet) NIC: state and helpers shared by the files
 * of the device model (gve.c: PCI, registers, interrupts; gve-admin.c:
 * admin queue; gve-tx.c, gve-rx.c: datapath; gve-offload.c: checksums,
 * TSO and Toeplitz).  Private to hw/net.  Facts: specs/gve.md.
 */
#ifndef HW_NET_GVE_INTERNAL_H
#define HW_NET_GVE_INTERNAL_H

#include "hw/pci/pci.h"
#include "hw/net/gve.h"
#include "net/net.h"

/* BAR0 registers (big-endian). */
#define GVE_REG_DEVICE_STATUS       0x00
#define GVE_REG_DRIVER_STATUS       0x04
#define GVE_REG_MAX_TX_QUEUES       0x08
#define GVE_REG_MAX_RX_QUEUES       0x0c
#define GVE_REG_ADMINQ_PFN          0x10
#define GVE_REG_ADMINQ_DOORBELL     0x14
#define GVE_REG_ADMINQ_EVENT_CNT    0x18
#define GVE_REG_DRIVER_VERSION      0x1f
#define GVE_REG_ADMINQ_BASE_HI      0x20
#define GVE_REG_ADMINQ_BASE_LO      0x24
#define GVE_REG_ADMINQ_LENGTH       0x28
#define GVE_BAR0_SIZE               0x1000

#define GVE_DEV_STATUS_RESET        (1u << 1)
#define GVE_DEV_STATUS_LINK         (1u << 2)
#define GVE_DEV_STATUS_REPORT_STATS (1u << 3)
#define GVE_DEV_STATUS_IS_RESET     (1u << 4)
#define GVE_DRV_STATUS_RUN          (1u << 0)
#define GVE_DRV_STATUS_RESET        (1u << 1)

/* BAR2: 1024 doorbells.  IRQ doorbells first, then TX, then RX queues. */
#define GVE_BAR2_SIZE               0x1000
#define GVE_DB_TX_BASE              256
#define GVE_DB_RX_BASE              512

#define GVE_MAX_QUEUES              16
#define GVE_MAX_BLOCKS              (2 * GVE_MAX_QUEUES)
#define GVE_AQ_SIZE                 4096
#define GVE_AQ_SLOTS                64
#define GVE_AQ_SLOT_SIZE            64
#define GVE_PAGE_SIZE               4096
#define GVE_MAX_REGISTERED_PAGES    0x100000
#define GVE_RSS_KEY_MAX             64
#define GVE_RSS_LUT_MAX             512
#define GVE_PTYPE_ENTRIES           1024
#define GVE_RING_ENTRIES            1024    /* advertised ring sizes */

/* Admin queue opcodes and statuses. */
enum {
    GVE_AQ_DESCRIBE_DEVICE = 0x1,
    GVE_AQ_CONFIGURE_DEVICE_RESOURCES = 0x2,
    GVE_AQ_REGISTER_PAGE_LIST = 0x3,
    GVE_AQ_UNREGISTER_PAGE_LIST = 0x4,
    GVE_AQ_CREATE_TX_QUEUE = 0x5,
    GVE_AQ_CREATE_RX_QUEUE = 0x6,
    GVE_AQ_DESTROY_TX_QUEUE = 0x7,
    GVE_AQ_DESTROY_RX_QUEUE = 0x8,
    GVE_AQ_DECONFIGURE_DEVICE_RESOURCES = 0x9,
    GVE_AQ_CONFIGURE_RSS = 0xa,
    GVE_AQ_SET_DRIVER_PARAMETER = 0xb,
    GVE_AQ_REPORT_STATS = 0xc,
    GVE_AQ_REPORT_LINK_SPEED = 0xd,
    GVE_AQ_GET_PTYPE_MAP = 0xe,
    GVE_AQ_VERIFY_DRIVER_COMPAT = 0xf,
};

#define GVE_AQ_PASSED               0x00000001u
#define GVE_AQ_ALREADY_EXISTS       0xfffffff1u
#define GVE_AQ_FAILED_PRECONDITION  0xfffffff5u
#define GVE_AQ_INTERNAL_ERROR       0xfffffff6u
#define GVE_AQ_INVALID_ARGUMENT     0xfffffff7u
#define GVE_AQ_NOT_FOUND            0xfffffff8u
#define GVE_AQ_OUT_OF_RANGE         0xfffffff9u
#define GVE_AQ_RESOURCE_EXHAUSTED   0xfffffffcu
#define GVE_AQ_UNIMPLEMENTED        0xfffffffeu

/* Queue formats (CONFIGURE_DEVICE_RESOURCES queue_format). */
typedef enum GVEQueueFormat {
    GVE_FMT_UNSPECIFIED = 0,
    GVE_FMT_GQI_RDA = 1,
    GVE_FMT_GQI_QPL = 2,
    GVE_FMT_DQO_RDA = 3,
    GVE_FMT_DQO_QPL = 4,
} GVEQueueFormat;

#define GVE_RAW_ADDRESSING_QPL_ID   0xffffffffu

typedef struct GVEQpl {
    uint32_t id;
    uint32_t num_pages;
    uint64_t *pages;            /* guest DMA address of each 4 KiB page */
    int users;                  /* queues using it */
} GVEQpl;

/* A notification block: one MSI-X vector and one IRQ doorbell. */
typedef struct GVENtfy {
    bool masked;
    bool pending;               /* an event arrived while masked */
} GVENtfy;

typedef struct GVETxQueue {
    bool active;
    uint32_t ntfy;
    uint32_t size;              /* descriptor ring entries (power of 2) */
    uint32_t comp_size;         /* DQO completion ring entries */
    uint64_t ring;
    uint64_t comp_ring;
    GVEQpl *qpl;                /* QPL formats */
    uint32_t head;              /* DQO: next descriptor index */
    uint32_t comp_tail;         /* DQO: next completion slot */
    bool comp_gen;              /* DQO: generation bit written this pass */
    uint32_t req;               /* GQI: descriptors consumed (free-running) */
    uint32_t counter_index;     /* GQI: event counter slot */
    uint32_t desc_since_report; /* DQO: for report_event sanity */
} GVETxQueue;

typedef struct GVERxQueue {
    bool active;
    uint32_t ntfy;
    uint32_t size;              /* GQI ring / DQO completion ring entries */
    uint32_t buf_ring_size;     /* DQO buffer ring entries */
    uint32_t packet_buffer_size;
    uint64_t desc_ring;         /* GQI descriptors / DQO completions */
    uint64_t data_ring;         /* GQI data slots / DQO buffers */
    GVEQpl *qpl;
    uint32_t tail;              /* doorbell: GQI fill_cnt, DQO buffer tail */
    uint32_t head;              /* GQI: slots used; DQO: next buffer */
    uint32_t comp_tail;         /* DQO: next completion slot */
    bool comp_gen;
    uint8_t seq;                /* GQI: 1..7 */
} GVERxQueue;

typedef struct GVETxScratch GVETxScratch;

/* Counters readable with qom-get (see docs/gve.md). */
typedef struct GVEStats {
    uint64_t tx_packets;        /* frames handed to the backend */
    uint64_t tx_bytes;
    uint64_t tx_tso_segments;
    uint64_t tx_devmem_bytes;   /* payload read from devmem-exporter BARs */
    uint64_t tx_host_bytes;     /* payload read from guest RAM */
    uint64_t tx_payload_copies; /* payload pieces bounced through a copy */
    uint64_t tx_errors;         /* malformed packets dropped */
    uint64_t rx_packets;
    uint64_t rx_bytes;
    uint64_t rx_no_buffers;
    uint64_t rx_dropped;
    uint64_t aq_commands;
    uint64_t aq_errors;
} GVEStats;

struct GVEState {
    PCIDevice parent_obj;

    /* Properties */
    NICConf conf;
    uint32_t num_queues;
    uint32_t max_mtu;
    uint32_t ring_entries;
    uint8_t revision;
    bool opt_dqo_rda, opt_dqo_qpl, opt_gqi_rda, opt_gqi_qpl;

    NICState *nic;
    MemoryRegion bar0;
    MemoryRegion bar2;

    /* Registers */
    uint32_t device_status;
    uint32_t driver_status;
    uint32_t aq_pfn;
    uint32_t aq_base_hi, aq_base_lo;
    uint16_t aq_length;
    uint32_t aq_doorbell;
    uint32_t aq_event_counter;
    char version[64];
    unsigned version_len;

    /* Device resources (CONFIGURE_DEVICE_RESOURCES) */
    bool configured;
    GVEQueueFormat format;
    uint64_t counter_array;
    uint32_t num_counters;
    uint32_t num_ntfy;
    uint32_t msix_base;
    uint32_t mtu;
    uint64_t link_speed_mbps;
    GVENtfy ntfy[GVE_MAX_BLOCKS];

    GHashTable *qpls;           /* id -> GVEQpl * */
    GHashTable *qpl_pages;      /* page address -> QPL id (overlap check) */
    uint64_t qpl_total_pages;

    GVETxQueue txq[GVE_MAX_QUEUES];
    GVERxQueue rxq[GVE_MAX_QUEUES];

    /* RSS */
    uint16_t rss_hash_types;
    uint8_t rss_key[GVE_RSS_KEY_MAX];
    uint16_t rss_key_size;
    uint32_t rss_lut[GVE_RSS_LUT_MAX];
    uint16_t rss_lut_size;

    GVEStats stats;
    GVETxScratch *tx;           /* gve-tx.c's per-packet work area */
    /*
     * The last two RAM regions TX saw (a devmem packet alternates between
     * RAM headers and device-memory payload), and whether a
     * devmem-exporter owns each: a QOM type check per buffer is costly.
     */
    MemoryRegion *devmem_mr[2];
    bool devmem_mr_is_exporter[2];
    uint8_t *frame;             /* scratch for building TX frames */
    uint8_t *rxbuf;             /* scratch for RX linearisation */
};

#define GVE(obj) OBJECT_CHECK(GVEState, (obj), TYPE_GVE)

static inline bool gve_is_dqo(const GVEState *s)
{
    return s->format == GVE_FMT_DQO_RDA || s->format == GVE_FMT_DQO_QPL;
}

static inline bool gve_is_qpl(const GVEState *s)
{
    return s->format == GVE_FMT_GQI_QPL || s->format == GVE_FMT_DQO_QPL;
}

/* Big-endian helpers for command payloads held in byte arrays. */
static inline uint16_t gve_be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t gve_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static inline uint64_t gve_be64(const uint8_t *p)
{
    return (uint64_t)gve_be32(p) << 32 | gve_be32(p + 4);
}

static inline void gve_st_be16(uint8_t *p, uint16_t v)
{
    p[0] = v >> 8;
    p[1] = v;
}

static inline void gve_st_be32(uint8_t *p, uint32_t v)
{
    gve_st_be16(p, v >> 16);
    gve_st_be16(p + 2, v);
}

static inline void gve_st_be64(uint8_t *p, uint64_t v)
{
    gve_st_be32(p, v >> 32);
    gve_st_be32(p + 4, v);
}

static inline uint16_t gve_le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t gve_le32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t gve_le64(const uint8_t *p)
{
    return gve_le32(p) | (uint64_t)gve_le32(p + 4) << 32;
}

static inline void gve_st_le16(uint8_t *p, uint16_t v)
{
    p[0] = v;
    p[1] = v >> 8;
}

static inline void gve_st_le32(uint8_t *p, uint32_t v)
{
    gve_st_le16(p, v);
    gve_st_le16(p + 2, v >> 16);
}

/* gve.c */
MemTxResult gve_dma_read(GVEState *s, uint64_t addr, void *buf,
                         uint64_t len);
MemTxResult gve_dma_write(GVEState *s, uint64_t addr, const void *buf,
                          uint64_t len);
void gve_ntfy_event(GVEState *s, uint32_t block);
void gve_release_resources(GVEState *s);
void gve_set_device_status(GVEState *s, uint32_t set, uint32_t clear);

/* gve-admin.c */
void gve_aq_doorbell(GVEState *s, uint32_t prod);
void gve_qpl_free(gpointer p);
/* Guest DMA address of byte @off of @qpl, or false when out of range. */
bool gve_qpl_addr(const GVEQpl *qpl, uint64_t off, uint64_t len,
                  uint64_t *addr);
/* Does a page of @qpl hold all of [addr, addr + len)? */
bool gve_qpl_contains(GVEState *s, const GVEQpl *qpl, uint64_t addr,
                      uint64_t len);

/* gve-tx.c */
void gve_tx_init(GVEState *s);
void gve_tx_cleanup(GVEState *s);
void gve_tx_doorbell(GVEState *s, uint32_t q, uint32_t val);
void gve_tx_queue_reset(GVETxQueue *q);

/* gve-rx.c */
void gve_rx_doorbell(GVEState *s, uint32_t q, uint32_t val);
void gve_rx_queue_reset(GVERxQueue *q);
bool gve_can_receive(NetClientState *nc);
ssize_t gve_receive_iov(NetClientState *nc, const struct iovec *iov,
                        int iovcnt);
void gve_rss_reset(GVEState *s);

#endif
