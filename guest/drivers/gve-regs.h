/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gve driver internals shared by gve.c, gve-dqo.c and gve-gqi.c: the
 * register definitions (one header with the qtest driver), accessors and
 * the GQI entry points (specs/gve.md).
 */
#ifndef GUEST_GVE_REGS_H
#define GUEST_GVE_REGS_H
#include "gve.h"
#include "lib.h"

/*
 * Registers, admin opcodes, descriptor bits and big-endian helpers are
 * shared with the qtest driver (tests/qtest/gve-helpers.h).
 */
#include "../../include/hw/net/gve-regs.h"

#define GVE_RE_EVERY            32

static inline void gve_mb(void)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
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
