/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Driver for the Google Virtual Ethernet NIC (gve, PCI 1ae0:0042) in the
 * DQO-RDA queue format, or GQI-QPL when the device offers no DQO-RDA:
 * probe, admin queue, MSI-X notification blocks, queue pairs, RSS, link
 * status.  Facts: specs/gve.md.
 *
 * Buffers are given by DMA (bus) address, so a TX buffer may lie in
 * guest RAM or in another device's BAR (devmem TX, see devmem.h).
 */
#ifndef GUEST_GVE_H
#define GUEST_GVE_H
#include "pci.h"

#define GVE_VENDOR          0x1ae0
#define GVE_DEVICE          0x0042

/* Queue formats (CONFIGURE_DEVICE_RESOURCES) */
#define GVE_FMT_GQI_RDA     1
#define GVE_FMT_GQI_QPL     2
#define GVE_FMT_DQO_RDA     3
#define GVE_FMT_DQO_QPL     4

#define GVE_MAX_VECTORS     33
#define GVE_MAX_QUEUES      16
#define GVE_RX_BUF_SIZE     2048
#define GVE_RX_POSTED       64      /* buffers kept posted */

/* Admin queue status codes the driver looks at */
#define GVE_ST_PASSED       0x00000001u
#define GVE_ST_UNIMPL       0xfffffffeu

/* A notification block: one MSI-X vector and its IRQ doorbell. */
typedef struct GveBlock {
    unsigned idx;
    int vector;
    uint32_t db;                    /* IRQ doorbell slot in BAR2 */
    volatile unsigned irqs;         /* interrupts taken */
    struct Gve *gve;
} GveBlock;

typedef struct GveTxq {
    volatile uint8_t *ring;         /* 16-byte descriptors */
    volatile uint8_t *comp;         /* 8-byte completions */
    uint64_t ring_pa, comp_pa;
    uint32_t size;
    uint32_t tail;                  /* next descriptor we write */
    uint32_t head;                  /* from DESC completions */
    uint32_t comp_idx;
    bool comp_gen;                  /* entries with another bit are new */
    uint32_t since_re;              /* descriptors since report_event */
    uint32_t db;
    uint16_t next_tag;
    uint32_t pending;               /* packets without PKT completion */
    uint32_t desc_comps, pkt_comps;
    GveBlock *blk;
    /* GQI-QPL: the FIFO pages (page list id = queue id), event counter */
    uint8_t *fifo;
    uint64_t fifo_pa;
    uint32_t fifo_pages, fifo_head;
    uint32_t counter;
} GveTxq;

typedef struct GveRxq {
    volatile uint8_t *bufring;      /* 32-byte buffer descriptors */
    volatile uint8_t *comp;         /* 32-byte completions */
    uint64_t bufring_pa, comp_pa;
    uint8_t *bufs;                  /* GVE_RX_POSTED buffers */
    uint64_t bufs_pa;
    uint32_t size;
    uint32_t tail;
    uint32_t comp_idx;
    bool comp_gen;
    uint32_t db;
    uint16_t last_ptype;            /* of the last frame */
    uint32_t last_hash;             /* RSS hash of the last frame */
    GveBlock *blk;
    uint8_t seq;                    /* GQI: next sequence number */
    uint8_t last_comp[32];          /* the last completion (diagnostics) */
} GveRxq;

typedef struct Gve {
    PciDev *pci;
    volatile uint8_t *bar0;
    volatile uint32_t *bar2;
    uint8_t *aq;
    uint32_t aq_prod;
    /* from the registers and DESCRIBE_DEVICE */
    uint8_t revision;               /* PCI revision: how the AQ is set up */
    uint32_t max_tx, max_rx;
    uint16_t tx_entries, rx_entries, mtu, num_counters;
    uint16_t dqo_tx_comp_entries, dqo_rx_buff_entries;
    uint16_t tx_pages_per_qpl, rx_pages_per_qpl;
    uint8_t mac[6];
    uint32_t options;               /* bit n: option id n offered */
    uint8_t format;
    uint8_t *ptype;                 /* 1024 x {l3, l4} */
    uint64_t link_mbps;
    /* interrupts: blocks 0..nblk-1, management vector nblk */
    unsigned nvec, nblk;
    GveBlock blk[GVE_MAX_VECTORS];
    volatile unsigned mgmt_irqs;
    uint32_t *counters;
    uint8_t *irq_dbs;
    bool configured, up;
    unsigned nq;                    /* queue pairs created by gve_up */
    unsigned rx_next;               /* gve_recv: next queue to look at */
    GveTxq tx[GVE_MAX_QUEUES];
    GveRxq rx[GVE_MAX_QUEUES];
    uint32_t aq_cmds;
} Gve;

/* One TX buffer: a DMA address and length. */
typedef struct GveBuf {
    uint64_t addr;
    uint32_t len;
} GveBuf;

/* Offloads of one TX packet (gve_send). */
typedef struct GveTxOpts {
    bool csum;                      /* finish the TCP/UDP checksum */
    uint16_t mss;                   /* TSO when non-zero */
    uint8_t hdr_len;                /* TSO: L2..L4 header bytes */
} GveTxOpts;

extern const PciDriver gve_driver;

/* The first gve that probed, or NULL. */
Gve *gve_first(void);
/* Run one admin command; its status (0 on a timeout). */
uint32_t gve_aq_cmd(Gve *g, uint32_t opcode, const uint8_t *payload,
                    unsigned len);
/* Release the admin queue (device reset) and install it again. */
int gve_reset(Gve *g);
/* Describe and configure after a reset (what probe does). */
int gve_setup(Gve *g);
/*
 * Create / destroy @nq TX and RX queues (RX buffers posted): queue q on
 * blocks q (TX) and nblk/2 + q (RX).
 */
int gve_up(Gve *g, unsigned nq);
int gve_down(Gve *g);
bool gve_link_up(Gve *g);

/*
 * Queue one packet made of @n buffers on TX queue 0; 0 or < 0 (ring
 * full, bad arguments).
 */
int gve_send(Gve *g, const GveBuf *bufs, unsigned n, const GveTxOpts *o);
/* The same on TX queue @q. */
int gve_send_q(Gve *g, unsigned q, const GveBuf *bufs, unsigned n,
               const GveTxOpts *o);
/* Reap TX completions (all queues) until none is pending; false on timeout. */
bool gve_tx_wait(Gve *g, uint64_t timeout_ns);
/* Reap what TX completions are there; re-arm the blocks' interrupts. */
void gve_tx_poll(Gve *g);
/*
 * The next received frame on any RX queue copied to @buf (at most @size
 * bytes); its length, or -1 after @timeout_ns; *@q (if not NULL) gets
 * the queue.  The buffer is posted again.
 */
int gve_recv(Gve *g, uint8_t *buf, unsigned size, uint64_t timeout_ns,
             unsigned *q);
/*
 * CONFIGURE_RSS: Toeplitz over IPv4/IPv6 addresses and TCP/UDP ports
 * with @key (40 bytes) and @lut (@lut_size queue numbers); the status.
 */
uint32_t gve_configure_rss(Gve *g, const uint8_t *key, const uint32_t *lut,
                           unsigned lut_size);
/* Write ENABLE to a block's IRQ doorbell (re-arm after auto-mask). */
void gve_irq_rearm(Gve *g, GveBlock *b);

#endif
