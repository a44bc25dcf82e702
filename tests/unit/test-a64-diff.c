/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Differential test of the A64 engine against Unicorn (test-only
 * dependency, libunicorn-dev; the test is skipped when it is absent).
 *
 * For every row of the decode table (a64.decode, read through
 * a64_decode_class()) random encodings are made by filling the row's
 * don't-care bits at random.  Each encoding runs once in the engine and
 * once in Unicorn (cpu "max") from the same state: random general
 * registers, NZCV, V registers full of interesting floating-point
 * values, FPCR, FPSR (none, all, some or only IXC of its cumulative
 * flags).  Afterwards X0-X30, SP, PC, NZCV, V0-V31, FPSR,
 * TPIDR_EL0 and the data area must be equal.
 *
 * Guest layout (the same in both, separate host buffers): 4 MiB at 0;
 * the instruction sits in the last word of the page at CODE_PAGE, so the
 * engine's block ends right after it, preceded by a CLREX (Unicorn keeps
 * its exclusive monitor between runs); the data area is at DATA_BASE.
 * Unicorn's removal of the page's translated blocks is not always
 * enough (in one long run it kept executing a stale block, presumably
 * one translated under other CPU flags): a result that differs is
 * checked again after flushing all of Unicorn's blocks and restoring
 * its data area, and only a difference that remains is a failure.
 * Load/store encodings get their base register pointed into the data
 * area and their index register made small; branch targets stay inside
 * the 4 MiB.  Encodings whose result is CONSTRAINED UNPREDICTABLE
 * (writeback with Rt == Rn, ...) are not generated.
 *
 * An encoding the engine treats as undefined while Unicorn executes it
 * is counted as "missing" (printed per class, not a failure: the engine
 * does not implement everything yet); any difference in results, or an
 * encoding the engine executes that Unicorn rejects, is a failure.
 *
 * Besides the decode-table rows, the groups in extra_groups[] run too:
 * narrow subsets that random fields would rarely hit ("="), and Arm ARM
 * encoding groups with no row yet ("+", to count what is missing; none
 * at the moment: the ARMv8.2 FP16 groups are left out because Unicorn
 * 2.0.1's translator aborts on some of their unallocated encodings).
 * The fp-modes case also randomises FPCR.RMode and FPCR.FZ.
 *
 * Default: 300 encodings per class (fp-modes: 100).  With -m slow:
 * 20,000 (fp-modes: 5,000).  The fp-short-path case runs only the "=F"
 * groups (the FP short paths of a64-fpu.h), with and without the FPCR
 * modes, 500 encodings each (-m slow: 50,000).
 */
#include "qemu/osdep.h"
#include "target/arm/cpu.h"

#ifdef CONFIG_UNICORN
#include <unicorn/unicorn.h>

#define MEM_SIZE    0x400000u
#define CODE_PAGE   0x200000u
#define DATA_BASE   0x300000u
#define DATA_SIZE   0x40000u
#define DATA_PTR    (DATA_BASE + 0x10000u)  /* base registers near here */

#define CLREX       0xd503305fu
#define FPCR_DN     (1u << 25)
#define FPCR_FZ     (1u << 24)

typedef struct DiffState {
    uint64_t x[31];
    uint64_t sp, pc;
    uint64_t nzcv;
    uint64_t v[32][2];
    uint64_t fpcr, fpsr;
    uint64_t tpidr;
} DiffState;

typedef struct ClassStats {
    const char *name;
    unsigned run, same, missing, extra, both_udef, bad;
} ClassStats;

typedef struct Harness {
    uint8_t *mem_ours, *mem_uc;
    ARMCPU *cpu;
    uc_engine *uc;
    bool fp_modes;      /* randomise FPCR rounding mode and FZ */
    uint8_t *snap;      /* Unicorn's data area before the run */
    unsigned retries;   /* results that matched after a TB flush */
    unsigned failures;
    unsigned reported;
} Harness;

static unsigned rnd(unsigned n)
{
    return g_test_rand_int_range(0, n);
}

static uint64_t rnd64(void)
{
    return ((uint64_t)g_test_rand_int() << 32) | (uint32_t)g_test_rand_int();
}

static uint64_t rand_gpr(void)
{
    static const uint64_t special[] = {
        0, 1, ~0ull, 0x7fffffffull, 0x80000000ull, 0xffffffffull,
        0x7fffffffffffffffull, 0x8000000000000000ull, 0x100000000ull,
    };

    switch (rnd(6)) {
    case 0:
        return special[rnd(G_N_ELEMENTS(special))];
    case 1:
        return rnd(256);
    case 2:
        return (uint32_t)rnd64();
    case 3:
        return 1ull << rnd(64);
    default:
        return rnd64();
    }
}

static uint64_t rand_f64(void)
{
    static const uint64_t special[] = {
        0, 0x8000000000000000ull, 0x7ff0000000000000ull,
        0xfff0000000000000ull, 0x7ff8000000000000ull, 0x7ff4000000000001ull,
        0xfff0000000000123ull, 0x0000000000000001ull, 0x000fffffffffffffull,
        0x0010000000000000ull, 0x7fefffffffffffffull, 0x3ff0000000000000ull,
        0xbff8000000000000ull, 0x41e0000000000000ull, 0x43e0000000000000ull,
        0xc3e0000000000000ull, 0x3fe0000000000000ull, 0x4004000000000000ull,
    };
    union {
        double d;
        uint64_t u;
    } c;

    switch (rnd(4)) {
    case 0:
        return special[rnd(G_N_ELEMENTS(special))];
    case 1:
        c.d = (double)((int)rnd(2001) - 1000) / (1 << rnd(4));
        return c.u;
    case 2:
        /* exponent near 0 so that products and sums stay finite */
        return (rnd64() & 0x800fffffffffffffull) |
               ((uint64_t)(1023 - 40 + rnd(80)) << 52);
    default:
        return rnd64();
    }
}

static uint32_t rand_f32(void)
{
    static const uint32_t special[] = {
        0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7fa00001,
        0xff800123, 0x00000001, 0x007fffff, 0x00800000, 0x7f7fffff,
        0x3f800000, 0xbfc00000, 0x4f000000, 0x5f000000, 0xcf000000,
        0x3f000000, 0x40200000,
    };
    union {
        float f;
        uint32_t u;
    } c;

    switch (rnd(4)) {
    case 0:
        return special[rnd(G_N_ELEMENTS(special))];
    case 1:
        c.f = (float)((int)rnd(2001) - 1000) / (1 << rnd(4));
        return c.u;
    case 2:
        return (g_test_rand_int() & 0x807fffffu) |
               ((uint32_t)(127 - 20 + rnd(40)) << 23);
    default:
        return g_test_rand_int();
    }
}

static uint64_t rand_vhalf(void)
{
    switch (rnd(4)) {
    case 0:
        return rand_f64();
    case 1:
        return ((uint64_t)rand_f32() << 32) | rand_f32();
    case 2:
        return rand_gpr();
    default:
        return rnd64();
    }
}

static void state_random(Harness *h, DiffState *st)
{
    memset(st, 0, sizeof(*st));
    for (unsigned i = 0; i < 31; i++) {
        st->x[i] = rand_gpr();
    }
    st->sp = DATA_PTR + rnd(0x1000) * 16;
    st->nzcv = (uint64_t)rnd(16) << 28;
    for (unsigned i = 0; i < 32; i++) {
        st->v[i][0] = rand_vhalf();
        st->v[i][1] = rand_vhalf();
    }
    st->fpcr = rnd(4) == 0 ? FPCR_DN : 0;
    if (h->fp_modes) {
        st->fpcr |= (uint64_t)rnd(4) << 22;
        st->fpcr |= rnd(4) == 0 ? FPCR_FZ : 0;
    }
    /* all, some, only IXC (the FP short path's steady state), none */
    switch (rnd(4)) {
    case 0:
        st->fpsr = 0x9f;
        break;
    case 1:
        st->fpsr = rnd(256) & 0x9f;
        break;
    case 2:
        st->fpsr = 0x10;
        break;
    default:
        st->fpsr = 0;
        break;
    }
    st->tpidr = rand_gpr();
}

/* ---- fixing up operands so that memory and branches stay in bounds ---- */

static unsigned fld(uint32_t insn, unsigned pos, unsigned len)
{
    return (insn >> pos) & ((1u << len) - 1);
}

static void set_reg(DiffState *st, unsigned r, uint64_t v)
{
    if (r == 31) {
        st->sp = v;
    } else {
        st->x[r] = v;
    }
}

static uint64_t data_ptr(bool aligned)
{
    uint64_t p = DATA_PTR + rnd(0x1000) * 16;

    return aligned || rnd(2) ? p : p + rnd(16);
}

/* Writeback forms with Rt == Rn and similar are UNPREDICTABLE: skip them. */
static bool ldst_fixup(const char *cls, uint32_t insn, DiffState *st)
{
    unsigned rt = fld(insn, 0, 5), rn = fld(insn, 5, 5);
    unsigned rt2 = fld(insn, 10, 5), rm = fld(insn, 16, 5);
    bool wb = false, aligned = false;

    if (!strcmp(cls, "LDST_IMM9")) {
        wb = fld(insn, 10, 2) & 1;
    } else if (!strcmp(cls, "LDST_PAIR")) {
        wb = fld(insn, 23, 2) & 1;
        if (fld(insn, 22, 1) && rt == rt2) {
            return false;
        }
        if (wb && rt2 == rn && rn != 31) {
            return false;
        }
    } else if (!strcmp(cls, "LDST_REG") || !strcmp(cls, "LDST_MULT") ||
               !strcmp(cls, "LDST_SINGLE")) {
        if (rm == rn) {
            return false;
        }
        /* UXTW (option 2) index: keep it positive */
        if (rnd(2) || (!strcmp(cls, "LDST_REG") && fld(insn, 13, 3) == 2)) {
            set_reg(st, rm, rnd(64) * 8);
        } else {
            set_reg(st, rm, -(uint64_t)rnd(64) * 8);
        }
        wb = strcmp(cls, "LDST_REG") != 0 && fld(insn, 23, 1);
    } else if (!strncmp(cls, "LDST_EXCL", 9)) {
        aligned = true;
        if (fld(insn, 22, 1) && !strcmp(cls, "LDST_EXCLP") && rt == rt2) {
            return false;
        }
        if (!fld(insn, 22, 1) && (rm == rt || rm == rn ||
                                  (!strcmp(cls, "LDST_EXCLP") &&
                                   rm == rt2))) {
            return false;
        }
    } else if (!strcmp(cls, "LDST_ORDER") || !strcmp(cls, "LDST_ATOMIC") ||
               !strncmp(cls, "LDST_CAS", 8)) {
        aligned = true;
        /*
         * Unicorn 2.0.1 bug: LDSMAX/LDSMIN/LDUMAX/LDUMIN on bytes,
         * halfwords and words compare with the wrong signedness (Debian's
         * qemu-aarch64 7.2 agrees with us; see test_lse_minmax()).
         */
        if (!strcmp(cls, "LDST_ATOMIC") && !fld(insn, 15, 1) &&
            fld(insn, 14, 1) && fld(insn, 30, 2) != 3) {
            return false;
        }
    }
    if (wb && rt == rn && rn != 31 && strcmp(cls, "LDST_MULT") &&
        strcmp(cls, "LDST_SINGLE")) {
        return false;
    }
    set_reg(st, rn, data_ptr(aligned));
    return true;
}

static uint64_t mem_get64(const uint8_t *mem, uint64_t addr)
{
    uint64_t v;

    memcpy(&v, mem + addr, 8);
    return GUINT64_FROM_LE(v);
}

static uint64_t get_reg(const DiffState *st, unsigned r)
{
    return r == 31 ? st->sp : st->x[r];
}

/*
 * Make compare-and-swap and store-exclusive succeed half of the time:
 * CAS gets the memory's value in Rs, a store exclusive is preceded by the
 * matching load exclusive (into registers it does not use) instead of
 * CLREX.
 */
static void atomic_setup(const char *cls, uint32_t insn, DiffState *st,
                         const uint8_t *mem, uint32_t *first)
{
    unsigned rt = fld(insn, 0, 5), rn = fld(insn, 5, 5);
    unsigned rt2 = fld(insn, 10, 5), rs = fld(insn, 16, 5);
    uint64_t addr = get_reg(st, rn);
    unsigned t1, t2;

    if (rnd(2) || rs >= 30 || rs == rn || rs + 1 == rn) {
        return;
    }
    if (!strcmp(cls, "LDST_CAS")) {
        st->x[rs] = mem_get64(mem, addr);
    } else if (!strcmp(cls, "LDST_CASP")) {
        bool x = fld(insn, 30, 1);

        st->x[rs] = mem_get64(mem, addr);
        st->x[rs + 1] = x ? mem_get64(mem, addr + 8) : st->x[rs] >> 32;
    } else if (!strncmp(cls, "LDST_EXCL", 9) && !fld(insn, 22, 1)) {
        do {
            t1 = rnd(31);
            t2 = rnd(31);
        } while (t1 == t2 || t1 == rt || t1 == rn || t1 == rs || t1 == rt2 ||
                 t2 == rt || t2 == rn || t2 == rs || t2 == rt2);
        /* same size and pair bit, L = 1, Rs = 31 */
        *first = (insn & 0xc0200000) | 0x08400000 | (31 << 16) |
                 (rn << 5) | t1 |
                 (!strcmp(cls, "LDST_EXCLP") ? t2 << 10 : 31 << 10);
    }
}

/*
 * Make @insn of class @cls safe to run; false to skip it.  The PC is the
 * instruction's address.
 */
static bool fixup(const char *cls, uint32_t *insn, DiffState *st)
{
    if (!strncmp(cls, "LDST", 4)) {
        return ldst_fixup(cls, *insn, st);
    }
    if (!strcmp(cls, "B") || !strcmp(cls, "BL")) {
        *insn = (*insn & 0xfc000000) |
                ((uint32_t)((int)rnd(0x8000) - 0x4000) & 0x3ffffff);
        return true;
    }
    if (!strcmp(cls, "BR") || !strcmp(cls, "BLR") || !strcmp(cls, "RET")) {
        set_reg(st, fld(*insn, 5, 5), CODE_PAGE + rnd(0x1000) * 4);
        return true;
    }
    if (!strcmp(cls, "MRS") || !strcmp(cls, "MSR_REG")) {
        static const uint32_t regs[] = {
            0x1b4200, /* NZCV */ 0x1b4400, /* FPCR */ 0x1b4420, /* FPSR */
            0x1bd040, /* TPIDR_EL0 */
        };
        *insn = (*insn & 0xffe0001f) | regs[rnd(G_N_ELEMENTS(regs))];
        return true;
    }
    /* exceptions, hints (WFI...), cache maintenance: not compared */
    return strcmp(cls, "SVC") && strcmp(cls, "HINT") && strcmp(cls, "SYS");
}

/* ---- the two machines ---- */

static void ours_load(Harness *h, const DiffState *st)
{
    CPUARMState *env = &h->cpu->env;

    memcpy(env->xregs, st->x, sizeof(st->x));
    env->xregs[A64_REG_SP] = st->sp;
    env->xregs[A64_REG_ZR] = 0;
    env->pc = st->pc;
    env->nzcv = st->nzcv;
    memcpy(env->vregs, st->v, sizeof(st->v));
    env->fpcr = st->fpcr;
    env->fpsr = st->fpsr;
    env->tpidr_el0 = st->tpidr;
    env->excl_size = 0;
}

static void ours_save(Harness *h, DiffState *st)
{
    const CPUARMState *env = &h->cpu->env;

    memcpy(st->x, env->xregs, sizeof(st->x));
    st->sp = env->xregs[A64_REG_SP];
    st->pc = env->pc;
    st->nzcv = env->nzcv;
    memcpy(st->v, env->vregs, sizeof(st->v));
    st->fpcr = env->fpcr;
    st->fpsr = env->fpsr;
    st->tpidr = env->tpidr_el0;
}

/* False if the engine found the encoding undefined. */
static bool ours_run(Harness *h, DiffState *st)
{
    A64ExitReason r;

    arm_cpu_invalidate_code(h->cpu, CODE_PAGE, 0x1000);
    ours_load(h, st);
    r = arm_cpu_exec(h->cpu, 2);
    ours_save(h, st);
    return r != A64_EXIT_UDEF;
}

static int uc_xreg(unsigned i)
{
    return i < 29 ? UC_ARM64_REG_X0 + i : UC_ARM64_REG_X29 + (i - 29);
}

static void uc_access(Harness *h, DiffState *st, bool write)
{
    int ids[31 + 32 + 7];
    void *vals[G_N_ELEMENTS(ids)];
    unsigned n = 0;
    uc_err err;

    for (unsigned i = 0; i < 31; i++) {
        ids[n] = uc_xreg(i);
        vals[n++] = &st->x[i];
    }
    for (unsigned i = 0; i < 32; i++) {
        ids[n] = UC_ARM64_REG_Q0 + i;
        vals[n++] = st->v[i];
    }
    ids[n] = UC_ARM64_REG_SP;
    vals[n++] = &st->sp;
    ids[n] = UC_ARM64_REG_PC;
    vals[n++] = &st->pc;
    ids[n] = UC_ARM64_REG_NZCV;
    vals[n++] = &st->nzcv;
    ids[n] = UC_ARM64_REG_FPCR;
    vals[n++] = &st->fpcr;
    ids[n] = UC_ARM64_REG_FPSR;
    vals[n++] = &st->fpsr;
    ids[n] = UC_ARM64_REG_TPIDR_EL0;
    vals[n++] = &st->tpidr;
    if (write) {
        err = uc_reg_write_batch(h->uc, ids, vals, n);
    } else {
        err = uc_reg_read_batch(h->uc, ids, vals, n);
    }
    g_assert_cmpint(err, ==, UC_ERR_OK);
}

/* False if Unicorn raised an exception (undefined encoding). */
static bool uc_run(Harness *h, DiffState *st, unsigned n_insns)
{
    uint64_t pc = st->pc;
    uc_err err;

    uc_ctl_remove_cache(h->uc, CODE_PAGE, CODE_PAGE + 0x1000);
    uc_access(h, st, true);
    err = uc_emu_start(h->uc, pc, MEM_SIZE + 0x1000, 0, n_insns);
    uc_access(h, st, false);
    st->nzcv &= 0xf0000000u;
    return err == UC_ERR_OK;
}

static void harness_init(Harness *h, bool fp_modes)
{
    uint8_t *init;

    memset(h, 0, sizeof(*h));
    h->fp_modes = fp_modes;
    h->mem_ours = g_malloc(MEM_SIZE);
    h->mem_uc = g_malloc(MEM_SIZE);
    h->snap = g_malloc(DATA_SIZE);
    init = h->mem_ours;
    for (unsigned i = 0; i < MEM_SIZE; i += 4) {
        uint32_t w = g_test_rand_int();

        memcpy(init + i, &w, 4);
    }
    /*
     * Branch targets must hold code Unicorn can translate (its translator
     * aborts on some unallocated encodings): MOVZ/MOVK with random
     * operands, which also makes varied data for literal loads.
     */
    for (unsigned i = CODE_PAGE - 0x100000; i < DATA_BASE; i += 4) {
        uint32_t w = GUINT32_TO_LE((rnd(2) ? 0xd2800000u : 0xf2800000u) |
                                   (g_test_rand_int() & 0x7fffff));

        memcpy(init + i, &w, 4);
    }
    memcpy(h->mem_uc, init, MEM_SIZE);
    h->cpu = arm_cpu_new(arm_cpu_model_find("max"), (uintptr_t)h->mem_ours);
    g_assert_cmpint(uc_open(UC_ARCH_ARM64, UC_MODE_ARM, &h->uc), ==,
                    UC_ERR_OK);
    uc_ctl_set_cpu_model(h->uc, UC_CPU_ARM64_MAX);
    g_assert_cmpint(uc_mem_map_ptr(h->uc, 0, MEM_SIZE, UC_PROT_ALL,
                                   h->mem_uc), ==, UC_ERR_OK);
}

static void harness_free(Harness *h)
{
    uc_close(h->uc);
    arm_cpu_free(h->cpu);
    g_free(h->mem_ours);
    g_free(h->mem_uc);
    g_free(h->snap);
}

/* ---- comparing ---- */

static void report(Harness *h, const char *cls, uint32_t insn,
                   const DiffState *in, const DiffState *a,
                   const DiffState *b, const char *what)
{
    GString *s;

    h->failures++;
    if (h->reported++ >= 40) {
        return;
    }
    s = g_string_new(NULL);
    g_string_append_printf(s, "%s %08x: %s;", cls, insn, what);
    for (unsigned i = 0; i < 31; i++) {
        if (a->x[i] != b->x[i]) {
            g_string_append_printf(s, " x%u in %" PRIx64 " ours %" PRIx64
                                   " uc %" PRIx64 ";", i, in->x[i],
                                   a->x[i], b->x[i]);
        }
    }
    for (unsigned i = 0; i < 32; i++) {
        if (memcmp(a->v[i], b->v[i], 16)) {
            g_string_append_printf(s, " v%u ours %016" PRIx64 "%016" PRIx64
                                   " uc %016" PRIx64 "%016" PRIx64 ";", i,
                                   a->v[i][1], a->v[i][0], b->v[i][1],
                                   b->v[i][0]);
        }
    }
    for (unsigned i = 0; i < DATA_SIZE; i += 8) {
        uint64_t x = DATA_BASE + i;

        if (mem_get64(h->mem_ours, x) != mem_get64(h->mem_uc, x)) {
            g_string_append_printf(s, " mem %" PRIx64 " ours %016" PRIx64
                                   " uc %016" PRIx64 ";", x,
                                   mem_get64(h->mem_ours, x),
                                   mem_get64(h->mem_uc, x));
        }
    }
    for (unsigned i = 0; i < 4; i++) {
        unsigned r = fld(insn, i == 3 ? 16 : i * 5, 5);

        if (r < 31) {
            g_string_append_printf(s, " in x%u=%" PRIx64 ";", r, in->x[r]);
        }
    }
    g_string_append_printf(s, " sp %" PRIx64 "/%" PRIx64 " pc %" PRIx64
                           "/%" PRIx64 " nzcv %" PRIx64 "/%" PRIx64
                           " fpsr %" PRIx64 "/%" PRIx64 " (fpcr %" PRIx64
                           ")", a->sp, b->sp, a->pc, b->pc, a->nzcv,
                           b->nzcv, a->fpsr, b->fpsr, in->fpcr);
    g_test_message("%s", s->str);
    g_string_free(s, true);
}

static bool states_equal(const DiffState *a, const DiffState *b)
{
    return !memcmp(a->x, b->x, sizeof(a->x)) && a->sp == b->sp &&
           a->pc == b->pc && a->nzcv == b->nzcv &&
           !memcmp(a->v, b->v, sizeof(a->v)) && a->fpsr == b->fpsr &&
           a->tpidr == b->tpidr;
}

static bool results_equal(Harness *h, const DiffState *a,
                          const DiffState *b)
{
    return states_equal(a, b) &&
           !memcmp(h->mem_ours + DATA_BASE, h->mem_uc + DATA_BASE,
                   DATA_SIZE);
}

/* Run Unicorn again with no translated blocks; true if it now agrees. */
static bool uc_retry(Harness *h, const DiffState *in, const DiffState *a,
                     DiffState *b)
{
    uc_ctl_flush_tlb(h->uc);
    memcpy(h->mem_uc + DATA_BASE, h->snap, DATA_SIZE);
    *b = *in;
    if (!uc_run(h, b, 2) || !results_equal(h, a, b)) {
        return false;
    }
    h->retries++;
    return true;
}

static void one_insn(Harness *h, ClassStats *cs, uint32_t first,
                     uint32_t insn, const DiffState *in)
{
    DiffState a = *in, b = *in;
    uint32_t le = GUINT32_TO_LE(insn), le1 = GUINT32_TO_LE(first);
    bool ok_a, ok_b, same = false;

    memcpy(h->snap, h->mem_uc + DATA_BASE, DATA_SIZE);
    memcpy(h->mem_ours + in->pc, &le1, 4);
    memcpy(h->mem_uc + in->pc, &le1, 4);
    memcpy(h->mem_ours + in->pc + 4, &le, 4);
    memcpy(h->mem_uc + in->pc + 4, &le, 4);
    ok_a = ours_run(h, &a);
    ok_b = uc_run(h, &b, 2);
    cs->run++;
    if (!ok_a && !ok_b) {
        cs->both_udef++;
    } else if (!ok_a) {
        cs->missing++;
        if (g_test_verbose() && cs->missing <= 4) {
            g_test_message("%s: not implemented: %08x", cs->name, insn);
        }
    } else if (!ok_b && !uc_retry(h, in, &a, &b)) {
        cs->extra++;
        report(h, cs->name, insn, in, &a, &b, "executed, Unicorn rejects");
    } else if (ok_b && !results_equal(h, &a, &b) &&
               !uc_retry(h, in, &a, &b)) {
        cs->bad++;
        report(h, cs->name, insn, in, &a, &b, "results differ");
    } else {
        cs->same++;
        same = true;
    }
    if (!same) {
        /* resynchronise the data area */
        memcpy(h->mem_uc + DATA_BASE, h->mem_ours + DATA_BASE, DATA_SIZE);
    }
}

static void run_class(Harness *h, ClassStats *cs, uint32_t mask,
                      uint32_t value, unsigned count)
{
    unsigned tries = 0;

    for (unsigned done = 0; done < count && tries < count * 4; tries++) {
        uint32_t insn = value | (rnd64() & ~mask), first;
        DiffState st;

        state_random(h, &st);
        st.pc = CODE_PAGE + 0xff8;  /* CLREX (or LDXR), then the insn */
        if (!fixup(cs->name, &insn, &st)) {
            continue;
        }
        if ((insn & mask) != value) {
            continue;
        }
        first = CLREX;
        atomic_setup(cs->name, insn, &st, h->mem_ours, &first);
        one_insn(h, cs, first, insn, &st);
        done++;
    }
}

/* Extra groups (see the comment at the top): "=" subsets, "+" missing. */
static const struct {
    const char *name;
    uint32_t mask, value;
} extra_groups[] = {
    /* focused subsets of decoded classes that random fields rarely hit */
    { "=AES", 0xffffcc00, 0x4e284800 },
    { "=PMULL_1Q", 0xbfe0fc00, 0x0ee0e000 },
    { "=SHA3", 0xffe08c00, 0x5e000000 },
    { "=SHA2", 0xffffcc00, 0x5e280800 },
    { "=SHA256H/H2", 0xffe0ec00, 0x5e004000 },
    /* the FP short paths (a64-fpu.h), S and D */
    { "=FADD/FSUB/MUL/DIV", 0xffa0cc00, 0x1e200800 },
    { "=FMADD...", 0xff800000, 0x1f000000 },
    { "=FSQRT/FCVT/FMOV", 0xffbc7c00, 0x1e204000 },
    { "=FCMP", 0xffa0fc07, 0x1e202000 },
    { "=F SCVTF/UCVTF", 0x7fbefc00, 0x1e220000 },
    { "=FCVTZS/FCVTZU", 0x7fbefc00, 0x1e380000 },
    { "=FCVTZ fixed", 0x7fbe0000, 0x1e180000 },
    { "=FADD/FSUB.v", 0xbf20fc00, 0x0e20d400 },
    { "=FMUL/FDIV.v", 0xbfa0dc00, 0x2e20dc00 },
    { "=FMLA/FMLS.v", 0xbf20fc00, 0x0e20cc00 },
    { "=FMLA elem", 0xbf803400, 0x0f801000 },
    { "=FMOV.v imm", 0x9ff8fc00, 0x0f00f400 },
    { "=FCVTZS/U.v", 0x9fbffc00, 0x0ea1b800 },
    { "=F SCVTF/UCVTF.v", 0x9fbffc00, 0x0e21d800 },
    { "=FSQRT.v", 0xbfbffc00, 0x2ea1f800 },
};

static void run_group(Harness *h, const char *name, uint32_t mask,
                      uint32_t value, unsigned per_class, unsigned *total,
                      unsigned *missing)
{
    ClassStats cs = { .name = name };

    run_class(h, &cs, mask, value, per_class);
    *total += cs.run;
    *missing += cs.missing;
    g_test_message("%-16s run %5u same %5u missing %5u extra %4u "
                   "both-undef %5u differ %4u", name, cs.run, cs.same,
                   cs.missing, cs.extra, cs.both_udef, cs.bad);
}

/* Every class and group, or (@prefix) only the groups named so. */
static void run_all(bool fp_modes, unsigned per_class, const char *prefix)
{
    Harness h;
    uint32_t mask, value;
    const char *name;
    unsigned total = 0, missing = 0;

    harness_init(&h, fp_modes);
    for (unsigned i = 0; !prefix &&
         a64_decode_class(i, &mask, &value, &name); i++) {
        run_group(&h, name, mask, value, per_class, &total, &missing);
    }
    for (unsigned i = 0; i < G_N_ELEMENTS(extra_groups); i++) {
        if (prefix && !g_str_has_prefix(extra_groups[i].name, prefix)) {
            continue;
        }
        run_group(&h, extra_groups[i].name, extra_groups[i].mask,
                  extra_groups[i].value, per_class, &total, &missing);
    }
    g_test_message("%u encodings, %u not implemented, %u failures "
                   "(%u agreed only after a Unicorn TB flush)", total,
                   missing, h.failures, h.retries);
    g_assert_cmpuint(h.failures, ==, 0);
    harness_free(&h);
}

static void test_diff(void)
{
    run_all(false, g_test_slow() ? 20000 : 300, NULL);
}

static void test_diff_fpmodes(void)
{
    run_all(true, g_test_slow() ? 5000 : 100, NULL);
}

/* The FP short-path groups ("=F...") alone, longer, in both FPCR setups. */
static void test_diff_fp(void)
{
    unsigned n = g_test_slow() ? 50000 : 500;

    run_all(false, n, "=F");
    run_all(true, n, "=F");
}

/*
 * The sub-64-bit LSE min/max forms, which the differential run skips:
 * expected values from Debian's qemu-aarch64 7.2 running the same code.
 */
static void test_lse_minmax(void)
{
    static const struct {
        uint32_t insn;      /* Rs = w1, Rt = w2, Rn = x0 */
        uint32_t mem, rs, want_mem;
    } cases[] = {
        { 0x38614002, 0x94, 0x40, 0x40 },               /* ldsmaxb */
        { 0x38615002, 0x00, 0xfc, 0xfc },               /* ldsminb */
        { 0xb8616002, 0xe54b2a97, 0x416e70d5, 0xe54b2a97 }, /* ldumax */
        { 0xb8617002, 0xe54b2a97, 0x416e70d5, 0x416e70d5 }, /* ldumin */
        { 0x78614002, 0x8000, 0x7fff, 0x7fff },         /* ldsmaxh */
    };
    uint8_t *mem = g_malloc0(0x3000);
    ARMCPU *cpu = arm_cpu_new(arm_cpu_model_find("max"), (uintptr_t)mem);

    for (unsigned i = 0; i < G_N_ELEMENTS(cases); i++) {
        uint32_t code[2] = { GUINT32_TO_LE(cases[i].insn),
                             GUINT32_TO_LE(0xd4000001) /* svc #0 */ };
        uint32_t m = GUINT32_TO_LE(cases[i].mem);

        memcpy(mem + 0x1000, code, sizeof(code));
        memcpy(mem + 0x2000, &m, 4);
        arm_cpu_invalidate_code(cpu, 0x1000, 0x1000);
        cpu->env.pc = 0x1000;
        cpu->env.xregs[0] = 0x2000;
        cpu->env.xregs[1] = cases[i].rs;
        g_assert_cmpint(arm_cpu_exec(cpu, 10), ==, A64_EXIT_SVC);
        memcpy(&m, mem + 0x2000, 4);
        g_assert_cmphex(GUINT32_FROM_LE(m), ==, cases[i].want_mem);
        g_assert_cmphex(cpu->env.xregs[2], ==, cases[i].mem);
    }
    arm_cpu_free(cpu);
    g_free(mem);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/a64-diff/lse-minmax", test_lse_minmax);
    g_test_add_func("/a64-diff/classes", test_diff);
    g_test_add_func("/a64-diff/fp-modes", test_diff_fpmodes);
    g_test_add_func("/a64-diff/fp-short-path", test_diff_fp);
    return g_test_run();
}

#else

static void test_skip(void)
{
    g_test_skip("Unicorn (libunicorn-dev) not found at configure time");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/a64-diff/classes", test_skip);
    return g_test_run();
}

#endif
