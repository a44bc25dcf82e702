/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The A64 native-code tier against the interpreter: random programs of
 * integer, load/store and branch instructions (from the decode table's
 * classes, branch offsets kept short so that loops form) run on three
 * CPUs, the tier off, forced on every block, and translating after two
 * entries (native and interpreted blocks chaining into each other).
 * Registers, NZCV, PC, the instruction count and all of guest memory
 * must agree.  Guest memory is a 1 MiB window (cpu->guest_mask), so any
 * register value is a valid address.
 */
#include "qemu/osdep.h"
#include "target/arm/cpu.h"
#include "target/arm/a64-jit.h"
#include <sys/mman.h>

#define WINDOW      (1u << 20)
#define SLACK       0x10000u
#define CODE        0x10000u
#define CODE_INSNS  512
#define DATA        0x40000u
#define DATA_SIZE   0x10000u
#define BUDGET      4000u
#define CASES       150

typedef struct JitCase {
    uint8_t *mem;
    ARMCPU *cpu;
} JitCase;

/* Classes to draw from, with how often. */
static const struct {
    const char *name;
    unsigned weight;
} jit_classes[] = {
    { "ADDSUB_IMM", 6 }, { "ADDSUB_SHIFT", 6 }, { "ADDSUB_EXT", 3 },
    { "LOGIC_IMM", 4 }, { "LOGIC_REG", 5 }, { "MOVW", 4 },
    { "BITFIELD", 5 }, { "EXTR", 2 }, { "CSEL", 4 }, { "CCMP", 3 },
    { "DP2", 3 }, { "DP3", 3 }, { "DP1", 1 }, { "ADC", 1 }, { "ADR", 1 },
    { "LDST_UIMM", 6 }, { "LDST_IMM9", 5 }, { "LDST_REG", 5 },
    { "LDST_PAIR", 5 }, { "LDR_LIT", 1 }, { "LDST_ORDER", 1 },
    { "BCOND", 4 }, { "CBZ", 3 }, { "TBZ", 3 }, { "B", 1 }, { "BL", 1 },
    { "RET", 1 }, { "BLR", 1 },
    /* run by their interpreter handlers from native code (call-outs) */
    { "FP_DP1", 1 }, { "FP_DP2", 2 }, { "FP_DP3", 1 }, { "FP_INT", 1 },
    { "SIMD_3SAME", 2 }, { "SIMD_COPY", 1 }, { "LDST_MULT", 1 },
    { "LDST_SINGLE", 1 }, { "LDST_EXCL", 1 }, { "LDST_ATOMIC", 1 },
    { "MRS", 1 }, { "HINT", 1 }, { "SVC", 1 },
};

static bool find_class(const char *name, uint32_t *mask, uint32_t *value)
{
    const char *n;

    for (unsigned i = 0; a64_decode_class(i, mask, value, &n); i++) {
        if (!strcmp(n, name)) {
            return true;
        }
    }
    return false;
}

/* Short branch offsets: a few instructions either way. */
static uint32_t short_branch(const char *name, uint32_t insn)
{
    uint32_t off = g_test_rand_int_range(-6, 7);

    if (!strcmp(name, "B") || !strcmp(name, "BL")) {
        return (insn & ~0x3ffffffu) | (off & 0x3ffffffu);
    }
    if (!strcmp(name, "TBZ")) {
        return (insn & ~(0x3fffu << 5)) | ((off & 0x3fffu) << 5);
    }
    if (!strcmp(name, "BCOND") || !strcmp(name, "CBZ")) {
        return (insn & ~(0x7ffffu << 5)) | ((off & 0x7ffffu) << 5);
    }
    return insn;
}

static uint32_t random_insn(void)
{
    unsigned total = 0, pick;
    uint32_t mask, value, insn;

    for (size_t i = 0; i < G_N_ELEMENTS(jit_classes); i++) {
        total += jit_classes[i].weight;
    }
    pick = g_test_rand_int_range(0, total);
    for (size_t i = 0; i < G_N_ELEMENTS(jit_classes); i++) {
        if (pick < jit_classes[i].weight) {
            g_assert(find_class(jit_classes[i].name, &mask, &value));
            insn = value | (g_test_rand_int() & ~mask);
            return short_branch(jit_classes[i].name, insn);
        }
        pick -= jit_classes[i].weight;
    }
    g_assert_not_reached();
}

static uint64_t random_reg(void)
{
    switch (g_test_rand_int_range(0, 4)) {
    case 0:
        return g_test_rand_int_range(-4, 5);
    case 1:
        return DATA + g_test_rand_int_range(0, DATA_SIZE);
    default:
        return ((uint64_t)g_test_rand_int() << 32) | g_test_rand_int();
    }
}

static void case_init(JitCase *c, const char *mode, const uint8_t *image,
                      const uint64_t *regs, uint32_t nzcv)
{
    c->mem = mmap(NULL, WINDOW + SLACK, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    g_assert(c->mem != MAP_FAILED);
    memcpy(c->mem, image, WINDOW);
    g_setenv("QEMU_A64_JIT", mode, TRUE);
    c->cpu = arm_cpu_new(arm_cpu_model_find("max"), (uintptr_t)c->mem);
    c->cpu->guest_mask = WINDOW - 1;
    memcpy(c->cpu->env.xregs, regs, 32 * sizeof(uint64_t));
    c->cpu->env.nzcv = nzcv;
    c->cpu->env.pc = CODE;
}

/* One round of the loop (one block and what it chains to). */
static void case_step(JitCase *c)
{
    ARMCPU *cpu = c->cpu;

    if (arm_cpu_exec(cpu, 1) == A64_EXIT_UDEF) {
        cpu->env.pc += 4;       /* step over it, as a signal would */
        cpu->insns_executed++;
    }
}

static void case_compare_regs(JitCase *a, JitCase *b, unsigned n,
                              const char *m)
{
    CPUARMState *x = &a->cpu->env, *y = &b->cpu->env;

    for (unsigned r = 0; r < 32; r++) {
        if (x->xregs[r] != y->xregs[r]) {
            g_test_message("case %u (%s) at %" PRIu64 ": X%u %" PRIx64
                           " vs %" PRIx64, n, m, a->cpu->insns_executed, r,
                           x->xregs[r], y->xregs[r]);
        }
        g_assert_cmphex(x->xregs[r], ==, y->xregs[r]);
        g_assert_cmphex(x->vregs[r][0], ==, y->vregs[r][0]);
        g_assert_cmphex(x->vregs[r][1], ==, y->vregs[r][1]);
    }
    g_assert_cmphex(x->nzcv, ==, y->nzcv);
    g_assert_cmphex(x->pc, ==, y->pc);
}

/*
 * Run @a (the interpreter) and @b in lockstep: the one behind runs a
 * round; whenever both have run the same number of instructions their
 * registers must agree (chaining may end rounds at different blocks).
 * At the end (a common count past BUDGET) memory must agree too.
 * Returns the number of points compared.
 */
static unsigned case_lockstep(JitCase *a, JitCase *b, unsigned n,
                              const char *m)
{
    unsigned points = 0;

    for (;;) {
        uint64_t ca = a->cpu->insns_executed, cb = b->cpu->insns_executed;

        if (ca == cb) {
            case_compare_regs(a, b, n, m);
            points++;
            if (ca >= BUDGET) {
                g_assert(memcmp(a->mem, b->mem, WINDOW + SLACK) == 0);
                return points;
            }
            case_step(a);
        } else if (ca > 4 * BUDGET && cb > 4 * BUDGET) {
            return points;          /* never met again: rare */
        } else if (ca < cb) {
            case_step(a);
        } else {
            case_step(b);
        }
    }
}

static void case_free(JitCase *c)
{
    arm_cpu_free(c->cpu);
    munmap(c->mem, WINDOW + SLACK);
}

static void test_jit_random(void)
{
    static const char *const modes[4] = { "off", "force", "off", "2" };
    g_autofree uint8_t *image = g_malloc0(WINDOW);
    uint64_t translated = 0;
    unsigned points = 0;

    for (unsigned n = 0; n < CASES; n++) {
        JitCase c[4];
        uint64_t regs[32];
        uint32_t nzcv = g_test_rand_int() & 0xf0000000u;

        memset(image, 0, WINDOW);
        for (unsigned i = 0; i < CODE_INSNS; i++) {
            uint32_t w = GUINT32_TO_LE(random_insn());

            memcpy(image + CODE + 4 * i, &w, 4);
        }
        for (unsigned i = 0; i < DATA_SIZE; i += 4) {
            uint32_t w = g_test_rand_int();

            memcpy(image + DATA + i, &w, 4);
        }
        for (unsigned r = 0; r < 32; r++) {
            regs[r] = random_reg();
        }
        regs[31] = DATA + DATA_SIZE / 2;       /* SP */
        for (unsigned m = 0; m < 4; m++) {
            case_init(&c[m], modes[m], image, regs, nzcv);
        }
        points += case_lockstep(&c[0], &c[1], n, "force");
        points += case_lockstep(&c[2], &c[3], n, "threshold 2");
        translated += a64_jit_translated(c[1].cpu);
        for (unsigned m = 0; m < 4; m++) {
            case_free(&c[m]);
        }
    }
    g_unsetenv("QEMU_A64_JIT");
#if defined(__x86_64__)
    g_assert_cmpuint(translated, >, CASES);
#endif
    g_test_message("%" PRIu64 " blocks translated, %u points compared",
                   translated, points);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/a64-jit/random", test_jit_random);
    return g_test_run();
}
