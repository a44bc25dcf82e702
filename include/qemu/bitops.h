/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Bit-field helpers for register and descriptor layouts. */
#ifndef QEMU_BITOPS_H
#define QEMU_BITOPS_H

#ifndef DIV_ROUND_UP
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#endif
#ifndef ROUND_UP
#define ROUND_UP(n, d) (DIV_ROUND_UP(n, d) * (d))
#endif

/* Bits [start, start+len) of @value; @len 1..64. */
static inline uint64_t extract64(uint64_t value, unsigned start, unsigned len)
{
    return (value >> start) & (~0ull >> (64 - len));
}

static inline uint32_t extract32(uint32_t value, unsigned start, unsigned len)
{
    return (value >> start) & (~0u >> (32 - len));
}

/* @value with bits [start, start+len) replaced by the low bits of @field. */
static inline uint64_t deposit64(uint64_t value, unsigned start, unsigned len,
                                 uint64_t field)
{
    uint64_t mask = (~0ull >> (64 - len)) << start;

    return (value & ~mask) | ((field << start) & mask);
}

#endif
