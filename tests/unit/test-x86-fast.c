/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The x86 engine's speed paths (docs/devel/x86-engine.md, "Speed"):
 * direct block chaining under a budget, the fused CMP/TEST + Jcc records
 * (every condition, against the flags the lazy-flag code computes), and
 * page-at-a-time REP MOVS/STOS (page crossings, overlapping copies,
 * DF = 1, a REP STOS over the code that follows it).
 */
#include "qemu/osdep.h"
#include "x86-test-vm.h"

#define RAM_SIZE  0x40000
#define CODE      0x1000
#define DATA      0x10000
#define STACK     0x30000

static TestVM *vm_new(void)
{
    return test_vm_new(RAM_SIZE, CODE, STACK);
}

/* Put the hex bytes @hex at CODE, then HLT; returns the code length. */
static size_t vm_load(TestVM *vm, const char *hex)
{
    return test_vm_load_hex(vm, CODE, hex);
}

static uint64_t *R(TestVM *vm)
{
    return vm->cpu->env.regs;
}

/*
 * A loop of three blocks' worth of iterations: every exit is chained;
 * the count must be exact and a budget must stop it at the instruction,
 * also between the fused CMP and its Jcc.
 */
static void test_chain_budget(void)
{
    TestVM *vm = vm_new();
    /* xor eax,eax; L: add eax,1; cmp eax,1000; jne L */
    const char *loop = "31 c0  83 c0 01  3d e8 03 00 00  75 f6";

    vm_load(vm, loop);
    g_assert_cmpint(x86_cpu_exec(vm->cpu, 100000), ==, 1 + 3 * 1000 + 1);
    g_assert_cmphex(R(vm)[R_EAX], ==, 1000);
    g_assert_cmpint(vm->cpu->exit_reason, ==, X86_EXIT_HLT);

    /* stop after the CMP of iteration 500: RIP on the JNE */
    vm_load(vm, loop);
    g_assert_cmpint(x86_cpu_exec(vm->cpu, 1 + 3 * 499 + 2), ==,
                    1 + 3 * 499 + 2);
    g_assert_cmpint(vm->cpu->exit_reason, ==, X86_EXIT_BUDGET);
    g_assert_cmphex(R(vm)[R_EAX], ==, 500);
    g_assert_cmphex(vm->cpu->env.rip, ==, CODE + 10);
    g_assert_true(x86_get_eflags(&vm->cpu->env) & X86_CF);  /* 500 < 1000 */
    /* ... and resume: the Jcc runs alone, then the rest */
    g_assert_cmpint(x86_cpu_exec(vm->cpu, 100000), ==, 1 + 3 * 500 + 1);
    g_assert_cmphex(R(vm)[R_EAX], ==, 1000);

    /* odd budgets all add up */
    vm_load(vm, loop);
    for (int64_t total = 0, n = 1; vm->cpu->exit_reason != X86_EXIT_HLT;
         n = n % 7 + 1) {
        total += x86_cpu_exec(vm->cpu, n);
        g_assert_cmpint(total, <=, 3002);
        if (vm->cpu->exit_reason == X86_EXIT_HLT) {
            g_assert_cmpint(total, ==, 3002);
        }
    }
    g_assert_cmphex(R(vm)[R_EAX], ==, 1000);
    test_vm_free(vm);
}

/* The condition @cc from architectural flags, as the SDM defines it. */
static bool cond_from_eflags(uint64_t f, unsigned cc)
{
    bool cf = f & X86_CF, zf = f & X86_ZF, sf = f & X86_SF;
    bool of = f & X86_OF, pf = f & X86_PF, r;

    switch (cc >> 1) {
    case 0:
        r = of;
        break;
    case 1:
        r = cf;
        break;
    case 2:
        r = zf;
        break;
    case 3:
        r = cf || zf;
        break;
    case 4:
        r = sf;
        break;
    case 5:
        r = pf;
        break;
    case 6:
        r = sf != of;
        break;
    default:
        r = zf || sf != of;
        break;
    }
    return r ^ (cc & 1);
}

/*
 * Fused CMP/TEST + Jcc, every condition, 32/64-bit, register and
 * immediate forms: the branch must follow the flags the same records
 * leave behind (x86_get_eflags: the lazy-flag code, not the fused path).
 */
static void test_fused_conditions(void)
{
    static const uint64_t vals[] = {
        0, 1, 2, 0x7f, 0x80, 0x7fffffff, 0x80000000, 0xffffffff,
        0x100000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull,
        ~0ull, 0x12345678abcdef01ull,
    };
    /* rex, opcode/modrm of: cmp rax,rbx; cmp rax,imm32; test rax,rbx;
     * test rax,imm32 (imm32 = 0x80000001, sign-extended with REX.W) */
    static const char *const forms[] = {
        "39 d8", "3d 01 00 00 80", "85 d8", "a9 01 00 00 80",
    };
    TestVM *vm = vm_new();
    char code[64];

    for (unsigned f = 0; f < ARRAY_SIZE(forms); f++) {
        for (unsigned w = 0; w < 2; w++) {
            for (unsigned cc = 0; cc < 16; cc++) {
                /* FORM; jcc +5; mov ecx,1; (target:) hlt */
                snprintf(code, sizeof(code), "%s%s 7%x 05 b9 01 00 00 00",
                         w ? "48 " : "", forms[f], cc);
                for (unsigned i = 0; i < ARRAY_SIZE(vals); i++) {
                    for (unsigned j = 0; j < ARRAY_SIZE(vals); j++) {
                        bool taken;

                        vm_load(vm, code);
                        R(vm)[R_EAX] = vals[i];
                        R(vm)[R_EBX] = vals[j];
                        R(vm)[R_ECX] = 0;
                        x86_cpu_exec(vm->cpu, 100);
                        taken = R(vm)[R_ECX] == 0;
                        g_assert_cmpint(taken, ==, cond_from_eflags(
                            x86_get_eflags(&vm->cpu->env), cc));
                    }
                }
            }
        }
    }
    test_vm_free(vm);
}

/* Reference REP MOVS/STOS: element by element, as the SDM describes. */
static void ref_movs(uint8_t *m, uint64_t dst, uint64_t src, uint64_t n,
                     unsigned size, bool down)
{
    for (uint64_t i = 0; i < n; i++) {
        memmove(m + dst, m + src, size);
        dst += down ? -(int64_t)size : size;
        src += down ? -(int64_t)size : size;
    }
}

static void fill_pattern(uint8_t *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++) {
        p[i] = (uint8_t)(i * 31 + seed);
    }
}

/*
 * REP MOVS across pages, with the destination before, after and
 * overlapping the source, each element size, both directions.
 */
static void test_rep_movs(void)
{
    static const struct {
        int64_t gap;            /* dst - src */
        uint64_t count;
    } cases[] = {
        { 0x3000, 3000 }, { -0x2800, 2500 }, { 1, 9000 }, { 3, 5000 },
        { -1, 9000 }, { 8, 3000 }, { 0, 100 }, { 0x1001, 4097 },
    };
    static const char *const ops[] = { "f3 a4", "66 f3 a5", "f3 a5",
                                       "f3 48 a5" };
    TestVM *vm = vm_new();
    g_autofree uint8_t *want = g_malloc(RAM_SIZE);
    char code[64];

    for (unsigned c = 0; c < ARRAY_SIZE(cases); c++) {
        for (unsigned k = 0; k < ARRAY_SIZE(ops); k++) {
            for (unsigned down = 0; down < 2; down++) {
                unsigned size = 1u << k;
                uint64_t src = DATA + 0x4000 + 0xffd + k;
                uint64_t dst = src + cases[c].gap;

                snprintf(code, sizeof(code), "%s %s", down ? "fd" : "fc",
                         ops[k]);
                vm_load(vm, code);
                fill_pattern(vm->mem + DATA, 0x10000, c * 8 + k);
                memcpy(want, vm->mem, RAM_SIZE);
                ref_movs(want, dst, src, cases[c].count, size, down);
                R(vm)[R_ESI] = src;
                R(vm)[R_EDI] = dst;
                R(vm)[R_ECX] = cases[c].count;
                g_test_message("gap %" PRId64 " count %" PRIu64
                               " size %u down %u", cases[c].gap,
                               cases[c].count, size, down);
                x86_cpu_exec(vm->cpu, 100000);
                g_assert_cmpint(vm->cpu->exit_reason, ==, X86_EXIT_HLT);
                g_assert_cmphex(R(vm)[R_ECX], ==, 0);
                g_assert_cmphex(R(vm)[R_ESI], ==, down
                                ? src - cases[c].count * size
                                : src + cases[c].count * size);
                g_assert_cmphex(R(vm)[R_EDI], ==, down
                                ? dst - cases[c].count * size
                                : dst + cases[c].count * size);
                g_assert_cmpmem(vm->mem + DATA, 0x10000, want + DATA,
                                0x10000);
            }
        }
    }
    test_vm_free(vm);
}

/* REP STOS of every size across pages, and up to the end of RAM. */
static void test_rep_stos(void)
{
    static const char *const ops[] = { "f3 aa", "66 f3 ab", "f3 ab",
                                       "f3 48 ab" };
    TestVM *vm = vm_new();

    for (unsigned k = 0; k < ARRAY_SIZE(ops); k++) {
        unsigned size = 1u << k;
        uint64_t dst = DATA + 0xff0 + k, n = 9000 / size;
        uint64_t v = 0x0102030405060708ull;

        vm_load(vm, ops[k]);
        memset(vm->mem + DATA, 0xee, 0x10000);
        R(vm)[R_EAX] = v;
        R(vm)[R_EDI] = dst;
        R(vm)[R_ECX] = n;
        x86_cpu_exec(vm->cpu, 100000);
        g_assert_cmphex(R(vm)[R_ECX], ==, 0);
        g_assert_cmphex(R(vm)[R_EDI], ==, dst + n * size);
        g_assert_cmphex(vm->mem[dst - 1], ==, 0xee);
        g_assert_cmphex(vm->mem[dst + n * size], ==, 0xee);
        for (uint64_t i = 0; i < n * size; i++) {
            g_assert_cmphex(vm->mem[dst + i], ==, (uint8_t)(v >> (i % size
                                                                  * 8)));
        }
    }
    test_vm_free(vm);
}

/*
 * REP STOSB over the instructions that follow it in the same block: the
 * page holds code, so the bulk path must step aside and the new bytes
 * (NOPs) run instead of the MOV they replaced.
 */
static void test_rep_stos_smc(void)
{
    TestVM *vm = vm_new();

    /* lea rdi,[rip+7]; mov ecx,5; mov al,0x90; rep stosb;
     * mov ebx,1 (5 bytes, overwritten) */
    vm_load(vm, "48 8d 3d 07 00 00 00  b9 05 00 00 00  b0 90  f3 aa "
                "bb 01 00 00 00");
    R(vm)[R_EBX] = 7;
    x86_cpu_exec(vm->cpu, 1000);
    g_assert_cmpint(vm->cpu->exit_reason, ==, X86_EXIT_HLT);
    g_assert_cmphex(R(vm)[R_EBX], ==, 7);
    g_assert_cmphex(vm->mem[CODE + 16], ==, 0x90);
    test_vm_free(vm);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/x86/fast/chain-budget", test_chain_budget);
    g_test_add_func("/x86/fast/fused-conditions", test_fused_conditions);
    g_test_add_func("/x86/fast/rep-movs", test_rep_movs);
    g_test_add_func("/x86/fast/rep-stos", test_rep_stos);
    g_test_add_func("/x86/fast/rep-stos-smc", test_rep_stos_smc);
    return g_test_run();
}
