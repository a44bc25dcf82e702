/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A64 exclusives and atomics: LDXR/STXR (single and pair, all
 * acquire/release forms), the LSE atomics LDADD/LDCLR/LDEOR/LDSET/
 * LDSMAX/LDSMIN/LDUMAX/LDUMIN/SWP, CAS and CASP.
 *
 * Guest threads run on host threads, so every read-modify-write is a
 * host atomic on the guest's memory.  The exclusive monitor works like
 * QEMU's user mode: LDXR remembers the address, size and the value it
 * read; STXR succeeds when a host compare-and-swap from that value to
 * the new one succeeds (an ABA change in between goes unnoticed, which
 * real programs do not depend on).  All accesses are sequentially
 * consistent, which covers every acquire/release variant.
 *
 * Arm requires natural alignment for these instructions.  User mode
 * logs a misaligned access as a guest error and does it non-atomically;
 * system mode (one thread for all vCPUs, so no host atomics needed)
 * raises the alignment fault (a64_host_atomic_ok() in a64-engine.h).
 */
#include "qemu/osdep.h"
#include "a64-engine.h"

#define X(r) (cpu->env.xregs[(r)])

/* x86-64 hosts need cmpxchg16b enabled to inline a 16-byte CAS. */
#if defined(__x86_64__)
#define A64_CAS16_ATTR __attribute__((target("cx16")))
#else
#define A64_CAS16_ATTR
#endif

/* LSE operation in op->sub. */
enum {
    AT_ADD, AT_CLR, AT_EOR, AT_SET, AT_SMAX, AT_SMIN, AT_UMAX, AT_UMIN,
    AT_SWP,
};

/*
 * Compare-and-swap of 1 << size bytes (size 0-3) at host pointer @p:
 * values are guest (little-endian) integers.  On failure *expected gets
 * the current value.
 */
static bool a64_cas(void *p, unsigned size, uint64_t *expected,
                    uint64_t desired)
{
    bool ok;

    switch (size) {
    case 0: {
        uint8_t e = *expected;

        ok = __atomic_compare_exchange_n((uint8_t *)p, &e, (uint8_t)desired,
                                         false, __ATOMIC_SEQ_CST,
                                         __ATOMIC_SEQ_CST);
        *expected = e;
        return ok;
    }
    case 1: {
        uint16_t e = htole16(*expected);

        ok = __atomic_compare_exchange_n((uint16_t *)p, &e,
                                         htole16(desired), false,
                                         __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        *expected = le16toh(e);
        return ok;
    }
    case 2: {
        uint32_t e = htole32(*expected);

        ok = __atomic_compare_exchange_n((uint32_t *)p, &e,
                                         htole32(desired), false,
                                         __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        *expected = le32toh(e);
        return ok;
    }
    default: {
        uint64_t e = htole64(*expected);

        ok = __atomic_compare_exchange_n((uint64_t *)p, &e,
                                         htole64(desired), false,
                                         __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        *expected = le64toh(e);
        return ok;
    }
    }
}

/* 16-byte CAS: lo at the lower address.  Host must be little-endian. */
static A64_CAS16_ATTR bool a64_cas16(void *p, uint64_t *lo, uint64_t *hi,
                                     uint64_t new_lo, uint64_t new_hi)
{
    unsigned __int128 e = ((unsigned __int128)*hi << 64) | *lo;
    unsigned __int128 n = ((unsigned __int128)new_hi << 64) | new_lo;
    unsigned __int128 old = __sync_val_compare_and_swap(
        (unsigned __int128 *)p, e, n);

    *lo = (uint64_t)old;
    *hi = (uint64_t)(old >> 64);
    return old == e;
}

static uint64_t a64_atomic_load(ARMCPU *cpu, const A64Op *op,
                                uint64_t addr, unsigned size)
{
    void *p = a64_g2h(cpu, addr);

    switch (size) {
    case 0:
        return __atomic_load_n((uint8_t *)p, __ATOMIC_SEQ_CST);
    case 1:
        return le16toh(__atomic_load_n((uint16_t *)p, __ATOMIC_SEQ_CST));
    case 2:
        return le32toh(__atomic_load_n((uint32_t *)p, __ATOMIC_SEQ_CST));
    default:
        return le64toh(__atomic_load_n((uint64_t *)p, __ATOMIC_SEQ_CST));
    }
}

/* ---- LDXR/STXR and LDXP/STXP ---- */

static const A64Op *a64_op_ldxr(ARMCPU *cpu, const A64Op *op)
{
    uint64_t addr = X(op->rn);
    uint64_t v;

    if (a64_host_atomic_ok(cpu, op, addr, 1u << op->shift)) {
        v = a64_atomic_load(cpu, op, addr, op->shift);
    } else {
        v = a64_load(cpu, op, addr, op->shift);
    }
    cpu->env.excl_addr = addr;
    cpu->env.excl_val = v;
    cpu->env.excl_size = op->shift + 1;
    X(op->rd) = v;
    return a64_next(cpu, op);
}

static const A64Op *a64_op_stxr(ARMCPU *cpu, const A64Op *op)
{
    uint64_t addr = X(op->rn), expected = cpu->env.excl_val;
    bool ok = cpu->env.excl_size == op->shift + 1 &&
              cpu->env.excl_addr == addr;

    if (ok) {
        if (a64_host_atomic_ok(cpu, op, addr, 1u << op->shift)) {
            ok = a64_cas(a64_g2h(cpu, addr), op->shift, &expected,
                         X(op->rd));
        } else {
            ok = a64_load(cpu, op, addr, op->shift) == expected;
            if (ok) {
                a64_store(cpu, op, addr, op->shift, X(op->rd));
            }
        }
    }
    cpu->env.excl_size = 0;
    X(op->rm) = ok ? 0 : 1;
    return a64_next(cpu, op);
}

/* LDXP: op->shift 2 (two words, one 8-byte access) or 3 (16 bytes). */
static const A64Op *a64_op_ldxp(ARMCPU *cpu, const A64Op *op)
{
    uint64_t addr = X(op->rn), lo, hi;

    if (op->shift == 2) {
        uint64_t v = a64_load(cpu, op, addr, 3);

        if (a64_host_atomic_ok(cpu, op, addr, 8)) {
            v = a64_atomic_load(cpu, op, addr, 3);
        }
        lo = (uint32_t)v;
        hi = v >> 32;
        cpu->env.excl_val = v;
    } else {
        lo = a64_load(cpu, op, addr, 3);
        hi = a64_load(cpu, op, addr + 8, 3);
        cpu->env.excl_val = lo;
        cpu->env.excl_val2 = hi;
    }
    cpu->env.excl_addr = addr;
    cpu->env.excl_size = 8 + op->shift;     /* distinct from LDXR sizes */
    X(op->rd) = lo;
    X(op->ra) = hi;
    return a64_next(cpu, op);
}

static bool a64_stxp_commit(ARMCPU *cpu, const A64Op *op, uint64_t addr)
{
    uint64_t lo = cpu->env.excl_val, hi = cpu->env.excl_val2;

    if (op->shift == 2) {
        uint64_t v = (uint32_t)X(op->rd) | (X(op->ra) << 32);

        if (a64_host_atomic_ok(cpu, op, addr, 8)) {
            return a64_cas(a64_g2h(cpu, addr), 3, &lo, v);
        }
        if (a64_load(cpu, op, addr, 3) != lo) {
            return false;
        }
        a64_store(cpu, op, addr, 3, v);
        return true;
    }
    if (a64_host_atomic_ok(cpu, op, addr, 16)) {
        return a64_cas16(a64_g2h(cpu, addr), &lo, &hi, X(op->rd),
                         X(op->ra));
    }
    if (a64_load(cpu, op, addr, 3) != lo ||
        a64_load(cpu, op, addr + 8, 3) != hi) {
        return false;
    }
    a64_store(cpu, op, addr, 3, X(op->rd));
    a64_store(cpu, op, addr + 8, 3, X(op->ra));
    return true;
}

static const A64Op *a64_op_stxp(ARMCPU *cpu, const A64Op *op)
{
    uint64_t addr = X(op->rn);
    bool ok = cpu->env.excl_size == 8 + op->shift &&
              cpu->env.excl_addr == addr &&
              a64_stxp_commit(cpu, op, addr);

    cpu->env.excl_size = 0;
    X(op->rm) = ok ? 0 : 1;
    return a64_next(cpu, op);
}

/*
 * Rs (bits 20:16) of a load exclusive "should be" 11111; like other
 * implementations we ignore it.
 */
bool trans_LDST_EXCL(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    bool load = a64_field(insn, 22, 1);
    unsigned rt = a64_field(insn, 0, 5);

    op->shift = a64_field(insn, 30, 2);
    op->rn = a64_reg_sp(a64_field(insn, 5, 5));
    if (load) {
        op->rd = a64_reg_wz(rt);
        op->fn = a64_op_ldxr;
    } else {
        op->rd = a64_reg_rz(rt);
        op->rm = a64_reg_wz(a64_field(insn, 16, 5));
        op->fn = a64_op_stxr;
    }
    return true;
}

bool trans_LDST_EXCLP(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    bool load = a64_field(insn, 22, 1);
    unsigned rt = a64_field(insn, 0, 5), rt2 = a64_field(insn, 10, 5);

    op->shift = 2 + a64_field(insn, 30, 1);
    op->rn = a64_reg_sp(a64_field(insn, 5, 5));
    if (load) {
        op->rd = a64_reg_wz(rt);
        op->ra = a64_reg_wz(rt2);
        op->fn = a64_op_ldxp;
    } else {
        op->rd = a64_reg_rz(rt);
        op->ra = a64_reg_rz(rt2);
        op->rm = a64_reg_wz(a64_field(insn, 16, 5));
        op->fn = a64_op_stxp;
    }
    return true;
}

/* ---- LSE ---- */

static uint64_t a64_sext(uint64_t v, unsigned size)
{
    unsigned sh = 64 - (8u << size);

    return (uint64_t)((int64_t)(v << sh) >> sh);
}

static uint64_t a64_lse_apply(unsigned opn, unsigned size, uint64_t old,
                              uint64_t v)
{
    uint64_t mask = size == 3 ? ~0ull : (1ull << (8u << size)) - 1;

    v &= mask;
    switch (opn) {
    case AT_ADD:
        return (old + v) & mask;
    case AT_CLR:
        return old & ~v;
    case AT_EOR:
        return old ^ v;
    case AT_SET:
        return old | v;
    case AT_SMAX:
        return (int64_t)a64_sext(old, size) > (int64_t)a64_sext(v, size) ?
               old : v;
    case AT_SMIN:
        return (int64_t)a64_sext(old, size) < (int64_t)a64_sext(v, size) ?
               old : v;
    case AT_UMAX:
        return old > v ? old : v;
    case AT_UMIN:
        return old < v ? old : v;
    default:
        return v;   /* SWP */
    }
}

static const A64Op *a64_op_lse(ARMCPU *cpu, const A64Op *op)
{
    uint64_t addr = X(op->rn), v = X(op->rm), old;
    unsigned size = op->shift;

    if (a64_host_atomic_ok(cpu, op, addr, 1u << size)) {
        void *p = a64_g2h(cpu, addr);

        old = a64_atomic_load(cpu, op, addr, size);
        while (!a64_cas(p, size, &old, a64_lse_apply(op->sub, size, old, v))) {
            /* old now holds the current value: retry */
        }
    } else {
        old = a64_load(cpu, op, addr, size);
        a64_store(cpu, op, addr, size, a64_lse_apply(op->sub, size, old, v));
    }
    X(op->rd) = old;
    return a64_next(cpu, op);
}

static bool a64_has_lse(A64DisasContext *s)
{
    return s->cpu->hwcap & A64_HWCAP_ATOMICS;
}

bool trans_LDST_ATOMIC(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    unsigned o3 = a64_field(insn, 15, 1), opc = a64_field(insn, 12, 3);

    if (!a64_has_lse(s) || (o3 && opc != 0)) {
        return false;   /* LDAPR (v8.3) and unallocated */
    }
    op->sub = o3 ? AT_SWP : opc;
    op->shift = a64_field(insn, 30, 2);
    op->rn = a64_reg_sp(a64_field(insn, 5, 5));
    op->rm = a64_reg_rz(a64_field(insn, 16, 5));
    op->rd = a64_reg_wz(a64_field(insn, 0, 5));
    op->fn = a64_op_lse;
    return true;
}

/* CAS: Rs (read via rm, written via ra) is compared and gets the old. */
static const A64Op *a64_op_cas(ARMCPU *cpu, const A64Op *op)
{
    uint64_t addr = X(op->rn), size = op->shift;
    uint64_t mask = size == 3 ? ~0ull : (1ull << (8u << size)) - 1;
    uint64_t old = X(op->rm) & mask;

    if (a64_host_atomic_ok(cpu, op, addr, 1u << size)) {
        a64_cas(a64_g2h(cpu, addr), size, &old, X(op->rd));
    } else {
        uint64_t cur = a64_load(cpu, op, addr, size);

        if (cur == old) {
            a64_store(cpu, op, addr, size, X(op->rd));
        }
        old = cur;
    }
    X(op->ra) = old;
    return a64_next(cpu, op);
}

bool trans_LDST_CAS(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    unsigned rs = a64_field(insn, 16, 5);

    if (!a64_has_lse(s)) {
        return false;
    }
    op->shift = a64_field(insn, 30, 2);
    op->rn = a64_reg_sp(a64_field(insn, 5, 5));
    op->rm = a64_reg_rz(rs);
    op->ra = a64_reg_wz(rs);
    op->rd = a64_reg_rz(a64_field(insn, 0, 5));
    op->fn = a64_op_cas;
    return true;
}

/* CASP: Rs/Rs+1 compared with memory (Rs at the lower address). */
static const A64Op *a64_op_casp(ARMCPU *cpu, const A64Op *op)
{
    uint64_t addr = X(op->rn);
    unsigned rs = op->ra, rt = op->rd;
    uint64_t lo, hi;

    if (op->sf) {
        lo = X(a64_reg_rz(rs));
        hi = X(a64_reg_rz(rs + 1));
        if (a64_host_atomic_ok(cpu, op, addr, 16)) {
            a64_cas16(a64_g2h(cpu, addr), &lo, &hi, X(a64_reg_rz(rt)),
                      X(a64_reg_rz(rt + 1)));
        } else {
            uint64_t cl = a64_load(cpu, op, addr, 3);
            uint64_t ch = a64_load(cpu, op, addr + 8, 3);

            if (cl == lo && ch == hi) {
                a64_store(cpu, op, addr, 3, X(a64_reg_rz(rt)));
                a64_store(cpu, op, addr + 8, 3, X(a64_reg_rz(rt + 1)));
            }
            lo = cl;
            hi = ch;
        }
    } else {
        uint64_t v = (uint32_t)X(a64_reg_rz(rs)) |
                     (X(a64_reg_rz(rs + 1)) << 32);
        uint64_t n = (uint32_t)X(a64_reg_rz(rt)) |
                     (X(a64_reg_rz(rt + 1)) << 32);

        if (a64_host_atomic_ok(cpu, op, addr, 8)) {
            a64_cas(a64_g2h(cpu, addr), 3, &v, n);
        } else {
            uint64_t cur = a64_load(cpu, op, addr, 3);

            if (cur == v) {
                a64_store(cpu, op, addr, 3, n);
            }
            v = cur;
        }
        lo = (uint32_t)v;
        hi = v >> 32;
    }
    X(a64_reg_wz(rs)) = lo;
    X(a64_reg_wz(rs + 1)) = hi;
    return a64_next(cpu, op);
}

bool trans_LDST_CASP(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    unsigned rs = a64_field(insn, 16, 5), rt = a64_field(insn, 0, 5);

    if (!a64_has_lse(s) || (rs & 1) || (rt & 1)) {
        return false;
    }
    op->sf = a64_field(insn, 30, 1);
    op->rn = a64_reg_sp(a64_field(insn, 5, 5));
    op->ra = rs;        /* raw numbers: the pair's second may be 31 */
    op->rd = rt;
    op->fn = a64_op_casp;
    return true;
}
