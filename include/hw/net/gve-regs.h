/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * GVE register and descriptor definitions for the two drivers of our
 * emulated NIC: the guest kernel's (guest/drivers/) and the qtest tests'
 * (tests/qtest/gve-helpers.h).  Facts: ../shared/specs/gve.md.
 *
 * Plain C with no includes, so the freestanding guest build can use it:
 * the includer must have defined uint8_t ... uint64_t first (stdint.h or
 * the guest's types.h).  The device model keeps its own, longer names in
 * hw/net/gve-internal.h.
 */
#ifndef HW_NET_GVE_REGS_H
#define HW_NET_GVE_REGS_H

/* BAR0 registers (big-endian) */
#define GVE_REG_DEVICE_STATUS   0x00
#define GVE_REG_DRIVER_STATUS   0x04
#define GVE_REG_MAX_TX          0x08
#define GVE_REG_MAX_RX          0x0c
#define GVE_REG_PFN             0x10
#define GVE_REG_DOORBELL        0x14
#define GVE_REG_EVENTS          0x18
#define GVE_REG_VERSION         0x1f
#define GVE_REG_AQ_BASE_HI      0x20
#define GVE_REG_AQ_BASE_LO      0x24
#define GVE_REG_AQ_LEN          0x28        /* BE16 */
#define GVE_STATUS_LINK         (1u << 2)
#define GVE_STATUS_IS_RESET     (1u << 4)
#define GVE_DRIVER_RUN          (1u << 0)
#define GVE_DRIVER_RESET        (1u << 1)

/* Admin queue */
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
#define GVE_RSS_TCP4            (1u << 1)
#define GVE_RSS_TCP6            (1u << 4)
#define GVE_RSS_UDP4            (1u << 6)
#define GVE_RSS_UDP6            (1u << 7)
#define GVE_RSS_TOEPLITZ        1
#define GVE_COMPAT_LEN          304

/* Device options (DESCRIBE_DEVICE) */
#define GVE_OPT_GQI_QPL         0x3
#define GVE_OPT_DQO_RDA         0x4
#define GVE_OPT_JUMBO           0x8

/* IRQ doorbells */
#define GVE_IRQ_DB_STRIDE       64
#define GVE_IRQ_ENABLE          (1u << 0)
#define GVE_IRQ_ITR_NOCHANGE    (3u << 3)
#define GVE_IRQ_INTERVAL(us)    (((us) / 2) << 5)

/* DQO TX descriptor byte 8 */
#define GVE_TXD_DATA            0x0c
#define GVE_TXD_TSO             0x05
#define GVE_TXD_GENERAL         0x04
#define GVE_TXD_EOP             (1u << 5)
#define GVE_TXD_CSUM            (1u << 6)
#define GVE_TXD_RE              (1u << 7)
#define GVE_TXD_TSO_BIT         (1u << 5)
#define GVE_TXC_PKT             2
#define GVE_TXC_DESC            4

/* DQO RX completion byte 8 */
#define GVE_RXC_EOP             (1u << 1)
#define GVE_RXC_ERR             (1u << 2)   /* byte 1 */

/* Big-endian fields (BAR0 registers, admin commands, GQI descriptors) */
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

#endif
