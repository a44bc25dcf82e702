/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The MOV forms an SEV-SNP guest's #VC 0x400 (MMIO) handler emulates:
 * what a driver's volatile loads and stores compile to.
 *
 *   88 / 89      MOV r/m, reg        (8 / 16, 32, 64 bits: 66, REX.W)
 *   8A / 8B      MOV reg, r/m
 *   C6 /0, C7 /0 MOV r/m, imm        (imm32 sign-extended for REX.W)
 *   0F B6 / B7   MOVZX reg, r/m8 / r/m16
 *   0F BE / BF   MOVSX reg, r/m8 / r/m16
 *
 * Prefixes: 66, REX, and the 2E/3E branch hints some compilers emit.
 * Addressing: ModRM with SIB, disp8/disp32 and RIP-relative.  Anything
 * else (string forms, read-modify-write, LOCK, MOV moffs) is refused.
 *
 * Header-only (static functions) so that both vc.c and the host unit
 * test tests/unit/test-guest-mmio-decode.c compile the same code; it
 * needs only the compiler's freestanding headers.
 */
#ifndef GUEST_X86_MMIO_DECODE_H
#define GUEST_X86_MMIO_DECODE_H

#include <stdbool.h>
#include <stdint.h>

typedef struct MmioInsn {
    unsigned len;           /* instruction bytes, RIP += len */
    unsigned size;          /* access size: 1, 2, 4 or 8 */
    bool write;
    uint64_t va;            /* effective address */
    uint64_t *reg;          /* register operand (NULL: immediate) */
    bool high8;             /* ...is AH, CH, DH or BH */
    uint64_t imm;           /* MOV imm to memory */
    unsigned ext;           /* load: 0 plain, 1 zero-, 2 sign-extend */
    unsigned dsize;         /* load: destination register size */
} MmioInsn;

static inline int64_t mmio_sext(uint64_t v, unsigned size)
{
    unsigned sh = 64 - 8 * size;

    return (int64_t)(v << sh) >> sh;
}

static inline uint64_t mmio_ld_le(const uint8_t *p, unsigned size)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)p[i] << (8 * i);
    }
    return v;
}

/*
 * ModRM (+ SIB, displacement) at @p: the effective address and the reg
 * field; returns the bytes used.  RIP-relative addresses count from the
 * instruction's end: @before is what precedes the ModRM byte, @imm_len
 * what follows the displacement.
 */
static inline unsigned mmio_modrm(const uint8_t *p, uint64_t rip,
                                  uint64_t *const gpr[16], unsigned rex,
                                  unsigned before, unsigned imm_len,
                                  uint64_t *va, unsigned *reg)
{
    unsigned mod = p[0] >> 6, rm = p[0] & 7, n = 1;
    uint64_t a = 0;

    *reg = ((p[0] >> 3) & 7) | (rex & 4 ? 8 : 0);
    if (rm == 4) {
        unsigned sib = p[n++], base = sib & 7;
        unsigned index = ((sib >> 3) & 7) | (rex & 2 ? 8 : 0);

        if (index != 4) {
            a += *gpr[index] << (sib >> 6);
        }
        if (base == 5 && mod == 0) {
            a += mmio_sext(mmio_ld_le(p + n, 4), 4);
            n += 4;
        } else {
            a += *gpr[base | (rex & 1 ? 8 : 0)];
        }
    } else if (rm == 5 && mod == 0) {
        n += 4;
        *va = rip + before + n + imm_len +
              mmio_sext(mmio_ld_le(p + 1, 4), 4);
        return n;
    } else {
        a = *gpr[rm | (rex & 1 ? 8 : 0)];
    }
    if (mod == 1) {
        a += mmio_sext(p[n], 1);
        n += 1;
    } else if (mod == 2) {
        a += mmio_sext(mmio_ld_le(p + n, 4), 4);
        n += 4;
    }
    *va = a;
    return n;
}

/*
 * Decode the instruction at @ip (its address is @rip); @gpr holds the
 * 16 registers in encoding order (RAX, RCX, ..., R15).  false: not a
 * form listed above.
 */
static inline bool mmio_decode(const uint8_t *ip, uint64_t rip,
                               uint64_t *const gpr[16], MmioInsn *m)
{
    const uint8_t *p = ip;
    unsigned rex = 0, op, reg, imm_len = 0, osize;
    bool opsize = false, has_rex = false;

    while (*p == 0x66 || *p == 0x2e || *p == 0x3e) {
        opsize |= *p == 0x66;
        p++;
    }
    if ((*p & 0xf0) == 0x40) {
        has_rex = true;
        rex = *p++ & 0xf;
    }
    osize = rex & 8 ? 8 : opsize ? 2 : 4;
    *m = (MmioInsn) { 0 };
    op = *p++;
    if (op == 0x0f) {
        op = 0x100 | *p++;
    }
    switch (op) {
    case 0x88: case 0x89: case 0x8a: case 0x8b:
        m->size = op & 1 ? osize : 1;
        m->write = !(op & 2);
        m->dsize = m->size;
        break;
    case 0xc6: case 0xc7:
        m->size = op & 1 ? osize : 1;
        m->write = true;
        imm_len = m->size == 8 ? 4 : m->size;
        break;
    case 0x1b6: case 0x1b7: case 0x1be: case 0x1bf:
        m->size = op & 1 ? 2 : 1;
        m->ext = op & 8 ? 2 : 1;
        m->dsize = osize;
        break;
    default:
        return false;
    }
    if ((*p >> 6) == 3) {
        return false;                       /* register operand: no MMIO */
    }
    p += mmio_modrm(p, rip, gpr, rex, p - ip, imm_len, &m->va, &reg);
    if (op == 0xc6 || op == 0xc7) {
        if (reg & 7) {
            return false;
        }
        m->imm = m->size == 8 ? (uint64_t)mmio_sext(mmio_ld_le(p, 4), 4)
                              : mmio_ld_le(p, imm_len);
        p += imm_len;
    } else {
        /* without any REX prefix, byte registers 4-7 are AH-BH */
        m->high8 = m->size == 1 && !m->ext && !has_rex && reg >= 4 &&
                   reg < 8;
        m->reg = gpr[m->high8 ? reg - 4 : reg];
    }
    m->len = p - ip;
    return true;
}

/* The value a decoded store writes (the low m->size bytes count). */
static inline uint64_t mmio_store_value(const MmioInsn *m)
{
    if (!m->reg) {
        return m->imm;
    }
    return *m->reg >> (m->high8 ? 8 : 0);
}

/* Put the @v a decoded load read into its register, as the CPU would. */
static inline void mmio_load_result(const MmioInsn *m, uint64_t v)
{
    unsigned d = m->dsize;

    if (m->ext == 2) {
        v = mmio_sext(v, m->size);
    }
    if (m->high8) {
        *m->reg = (*m->reg & ~0xff00ULL) | (v & 0xff) << 8;
    } else if (d >= 4) {
        *m->reg = d == 8 ? v : (uint32_t)v;  /* 32-bit writes zero-extend */
    } else {
        uint64_t mask = (1ULL << (8 * d)) - 1;

        *m->reg = (*m->reg & ~mask) | (v & mask);
    }
}

#endif
