/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gve driver internals shared by gve.c and gve-dqo.c: BAR0 registers,
 * admin opcodes, descriptor bits, byte-order helpers (specs/gve.md).
 */
#ifndef GUEST_GVE_REGS_H
#define GUEST_GVE_REGS_H
#include "gve.h"
#include "lib.h"

#define GVE_REG_DEVICE_STATUS   0x00
#define GVE_REG_MAX_TX          0x08
#define GVE_REG_MAX_RX          0x0c
#define GVE_REG_PFN             0x10
#define GVE_REG_DOORBELL        0x14
#define GVE_REG_EVENTS          0x18
#define GVE_REG_VERSION         0x1f
#define GVE_REG_DRIVER_STATUS   0x04
#define GVE_REG_AQ_BASE_HI      0x20
#define GVE_REG_AQ_BASE_LO      0x24
#define GVE_REG_AQ_LEN          0x28        /* BE16 */
#define GVE_STATUS_LINK         BIT(2)
#define GVE_STATUS_IS_RESET     BIT(4)
#define GVE_DRIVER_RUN          BIT(0)
#define GVE_DRIVER_RESET        BIT(1)

#define GVE_AQ_SLOTS            64
#define GVE_AQ_DESCRIBE         0x01
#define GVE_AQ_CONFIGURE        0x02
#define GVE_AQ_REGISTER_QPL     0x03
#define GVE_AQ_UNREGISTER_QPL   0x04
#define GVE_AQ_CREATE_TX        0x05
#define GVE_AQ_CREATE_RX        0x06
#define GVE_AQ_DESTROY_TX       0x07
#define GVE_AQ_DESTROY_RX       0x08
#define GVE_AQ_DECONFIGURE      0x09
#define GVE_AQ_CONFIGURE_RSS    0x0a
#define GVE_AQ_SET_PARAM        0x0b
#define GVE_AQ_LINK_SPEED       0x0d
#define GVE_AQ_PTYPE_MAP        0x0e
#define GVE_AQ_VERIFY_COMPAT    0x0f
#define GVE_PARAM_MTU           1
#define GVE_RSS_TCP4            BIT(1)
#define GVE_RSS_TCP6            BIT(4)
#define GVE_RSS_UDP4            BIT(6)
#define GVE_RSS_UDP6            BIT(7)
#define GVE_RSS_TOEPLITZ        1
#define GVE_COMPAT_LEN          304

#define GVE_OPT_GQI_QPL         0x3
#define GVE_OPT_DQO_RDA         0x4
#define GVE_OPT_JUMBO           0x8

#define GVE_IRQ_DB_STRIDE       64
#define GVE_IRQ_ENABLE          BIT(0)
#define GVE_IRQ_ITR_NOCHANGE    (3u << 3)
#define GVE_IRQ_INTERVAL(us)    (((us) / 2) << 5)

/* DQO TX descriptor byte 8 */
#define GVE_TXD_DATA            0x0c
#define GVE_TXD_TSO             0x05
#define GVE_TXD_GENERAL         0x04
#define GVE_TXD_EOP             BIT(5)
#define GVE_TXD_CSUM            BIT(6)
#define GVE_TXD_RE              BIT(7)
#define GVE_TXD_TSO_BIT         BIT(5)
#define GVE_TXC_PKT             2
#define GVE_TXC_DESC            4
#define GVE_RE_EVERY            32

/* DQO RX completion byte 8 */
#define GVE_RXC_EOP             BIT(1)
#define GVE_RXC_ERR             BIT(2)          /* byte 1 */

static inline void gve_mb(void)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static inline void put_be16(uint8_t *p, uint16_t v)
{
    p[0] = v >> 8;
    p[1] = v;
}

static inline void put_be32(uint8_t *p, uint32_t v)
{
    put_be16(p, v >> 16);
    put_be16(p + 2, v);
}

static inline void put_be64(uint8_t *p, uint64_t v)
{
    put_be32(p, v >> 32);
    put_be32(p + 4, v);
}

static inline uint16_t get_be16(const uint8_t *p)
{
    return p[0] << 8 | p[1];
}

static inline uint32_t get_be32(const uint8_t *p)
{
    return (uint32_t)get_be16(p) << 16 | get_be16(p + 2);
}

static inline uint64_t get_be64(const uint8_t *p)
{
    return (uint64_t)get_be32(p) << 32 | get_be32(p + 4);
}

uint32_t gve_rd(Gve *g, unsigned off);
void gve_wr(Gve *g, unsigned off, uint32_t v);
/* Write doorbell slot @idx of BAR2 (little-endian, DQO). */
void gve_db(Gve *g, uint32_t idx, uint32_t v);

/* The GQI-QPL datapath (gve-gqi.c), called by gve-dqo.c's entry points. */
int gve_gqi_up(Gve *g, unsigned nq);
int gve_gqi_down(Gve *g);
void gve_gqi_tx_poll(Gve *g, GveTxq *t);
int gve_gqi_send(Gve *g, GveTxq *t, const GveBuf *bufs, unsigned n,
                 const GveTxOpts *o);
int gve_gqi_rx_frame(Gve *g, GveRxq *r, uint8_t *buf, unsigned size);

#endif
