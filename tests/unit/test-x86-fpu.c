/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Directed tests of the x86 engine's x87/SSE support: the availability
 * rules (CR0.EM/TS/MP, CR4.OSFXSR/OSXMMEXCPT: #UD, #NM, #XM), alignment
 * #GP of the aligned SSE forms, LDMXCSR reserved bits, FXSAVE/FXRSTOR
 * (64-bit and legacy layouts), FNSTENV/FLDENV, x87 stack faults and
 * #MF, the CPUID flags that gate decoding, and the reset state.  Values
 * are checked by the host differential test (test-x86-diff
 * /x86/diff/sse, /x86/diff/x87); this file checks what a user-mode
 * process cannot: faults and control registers.
 */
#include "qemu/osdep.h"
#include "target/i386/fpu.h"
#include "x86-test-vm.h"

#define RAM_SIZE  0x20000
#define CODE      0x1000
#define DATA      0x8000

static TestVM *vm_new(void)
{
    TestVM *vm = test_vm_new(RAM_SIZE, CODE, 0x10000);

    /* the CPU reset's FPU state: every SSE exception masked */
    g_assert_cmphex(vm->cpu->env.mxcsr, ==, 0x1f80);
    g_assert_cmphex(vm->cpu->env.fpuc, ==, 0x37f);
    vm->cpu->env.cr[4] |= X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;
    vm->cpu->env.cr[0] |= X86_CR0_MP | X86_CR0_NE;
    vm->cpu->env.regs[R_EBX] = DATA;
    return vm;
}

/* Run @hex (then HLT) at CODE; returns the exception vector or -1. */
static int vm_run(TestVM *vm, const char *hex)
{
    test_vm_load_hex(vm, CODE, hex);
    vm->cpu->exception_index = -1;
    x86_cpu_exec(vm->cpu, 1000);
    if (vm->cpu->exit_reason == X86_EXIT_EXCEPTION) {
        return vm->cpu->exception_index;
    }
    g_assert_cmpint(vm->cpu->exit_reason, ==, X86_EXIT_HLT);
    return -1;
}

/* addps xmm0, xmm1 */
#define ADDPS   "0f 58 c1"

static void test_reset_state(void)
{
    TestVM *vm = vm_new();
    CPUX86State *env = &vm->cpu->env;

    g_assert_cmphex(env->mxcsr, ==, 0x1f80);
    g_assert_cmphex(env->fpuc, ==, 0x37f);
    g_assert_cmphex(x86_fpu_get_fsw(env), ==, 0);
    g_assert_cmphex(x86_fpu_get_ftw(env), ==, 0xffff);
    test_vm_free(vm);
}

static void test_availability(void)
{
    TestVM *vm = vm_new();
    CPUX86State *env = &vm->cpu->env;

    g_assert_cmpint(vm_run(vm, ADDPS), ==, -1);
    env->cr[0] |= X86_CR0_TS;
    g_assert_cmpint(vm_run(vm, ADDPS), ==, X86_EXCP_NM);
    g_assert_cmpint(vm_run(vm, "d9 e8"), ==, X86_EXCP_NM);     /* fld1 */
    g_assert_cmpint(vm_run(vm, "9b"), ==, X86_EXCP_NM);  /* fwait, MP */
    env->cr[0] &= ~(uint64_t)X86_CR0_MP;
    g_assert_cmpint(vm_run(vm, "9b"), ==, -1);           /* fwait, !MP */
    env->cr[0] &= ~(uint64_t)X86_CR0_TS;
    env->cr[0] |= X86_CR0_EM;
    g_assert_cmpint(vm_run(vm, ADDPS), ==, X86_EXCP_UD);
    g_assert_cmpint(vm_run(vm, "d9 e8"), ==, X86_EXCP_NM);
    env->cr[0] &= ~(uint64_t)X86_CR0_EM;
    env->cr[4] &= ~(uint64_t)X86_CR4_OSFXSR;
    g_assert_cmpint(vm_run(vm, ADDPS), ==, X86_EXCP_UD);
    g_assert_cmpint(vm_run(vm, "d9 e8"), ==, -1);       /* x87 is fine */
    test_vm_free(vm);
}

/* -cpu qemu64,-sse2 / -sse / -fpu / -fxsr: those instructions are #UD */
static void test_cpuid_gating(void)
{
    static const struct {
        const char *model, *code;
        int vector;
    } cases[] = {
        { "qemu64", "66 0f d4 c1", -1 },            /* paddq */
        { "qemu64,-sse2", "66 0f d4 c1", X86_EXCP_UD },
        { "qemu64,-sse2", "f3 0f 7e c1", X86_EXCP_UD }, /* movq */
        { "qemu64,-sse2", ADDPS, -1 },
        { "qemu64,-sse", ADDPS, X86_EXCP_UD },
        { "qemu64,-sse", "0f ae 13", X86_EXCP_UD },     /* ldmxcsr */
        { "qemu64,-fxsr", "0f ae 03", X86_EXCP_UD },    /* fxsave */
        { "qemu64,-fpu", "d9 e8", X86_EXCP_UD },        /* fld1 */
        { "max", "d9 e8", -1 },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        TestVM *vm = vm_new();
        X86CPUID c;

        g_assert(x86_cpuid_parse(cases[i].model, &c, &error_abort));
        x86_cpu_set_model(vm->cpu, &c);
        g_assert_cmpint(vm_run(vm, cases[i].code), ==, cases[i].vector);
        test_vm_free(vm);
    }
}

static void test_simd_exception(void)
{
    TestVM *vm = vm_new();
    CPUX86State *env = &vm->cpu->env;

    /* 1.0f / 0.0f with ZE unmasked: #XM, xmm0 unchanged, ZE flagged */
    env->xmm[0].l[0] = 0x3f800000;
    env->xmm[1].l[0] = 0;
    env->mxcsr = 0x1f80 & ~(1u << 9);
    g_assert_cmpint(vm_run(vm, "f3 0f 5e c1"), ==, X86_EXCP_XM);
    g_assert_cmphex(env->xmm[0].l[0], ==, 0x3f800000);
    g_assert_cmphex(env->mxcsr & 0x3f, ==, 4);
    env->cr[4] &= ~(uint64_t)X86_CR4_OSXMMEXCPT;
    g_assert_cmpint(vm_run(vm, "f3 0f 5e c1"), ==, X86_EXCP_UD);
    /* masked: +inf and the flag */
    env->mxcsr = 0x1f80;
    g_assert_cmpint(vm_run(vm, "f3 0f 5e c1"), ==, -1);
    g_assert_cmphex(env->xmm[0].l[0], ==, 0x7f800000);
    g_assert_cmphex(env->mxcsr, ==, 0x1f84);
    test_vm_free(vm);
}

static void test_alignment(void)
{
    TestVM *vm = vm_new();

    /* movaps xmm0,[rbx+1] #GP; movups is fine; addps [rbx+8] #GP */
    g_assert_cmpint(vm_run(vm, "0f 28 43 01"), ==, X86_EXCP_GP);
    g_assert_cmpint(vm_run(vm, "0f 10 43 01"), ==, -1);
    g_assert_cmpint(vm_run(vm, "0f 58 43 08"), ==, X86_EXCP_GP);
    /* scalar addss [rbx+1] needs no alignment; fxsave [rbx+8] does */
    g_assert_cmpint(vm_run(vm, "f3 0f 58 43 01"), ==, -1);
    g_assert_cmpint(vm_run(vm, "0f ae 43 08"), ==, X86_EXCP_GP);
    test_vm_free(vm);
}

static void test_ldmxcsr(void)
{
    TestVM *vm = vm_new();
    CPUX86State *env = &vm->cpu->env;
    uint32_t v = 0x9fc0;

    memcpy(vm->mem + DATA, &v, 4);
    g_assert_cmpint(vm_run(vm, "0f ae 13  0f ae 5b 04"), ==, -1);
    g_assert_cmphex(env->mxcsr, ==, 0x9fc0);
    g_assert_cmphex(*(uint32_t *)(vm->mem + DATA + 4), ==, 0x9fc0);
    v = 0x10000;                    /* reserved bit: #GP */
    memcpy(vm->mem + DATA, &v, 4);
    g_assert_cmpint(vm_run(vm, "0f ae 13"), ==, X86_EXCP_GP);
    g_assert_cmphex(env->mxcsr, ==, 0x9fc0);
    test_vm_free(vm);
}

static void test_fxsave(void)
{
    TestVM *vm = vm_new();
    CPUX86State *env = &vm->cpu->env;
    uint8_t *img = vm->mem + DATA;

    env->xmm[15].q[1] = 0x0123456789abcdefull;
    env->mxcsr = 0x1f85;
    /* fld1; fldpi; 48 fxsave [rbx] */
    g_assert_cmpint(vm_run(vm, "d9 e8 d9 eb 48 0f ae 03"), ==, -1);
    g_assert_cmphex(*(uint16_t *)img, ==, 0x37f);
    g_assert_cmphex(*(uint16_t *)(img + 2), ==, 6 << 11);   /* TOP 6 */
    g_assert_cmphex(img[4], ==, 0xc0);                      /* R6, R7 */
    g_assert_cmphex(*(uint32_t *)(img + 24), ==, 0x1f85);
    g_assert_cmphex(*(uint32_t *)(img + 28), ==, 0xffff);
    g_assert_cmphex(*(uint64_t *)(img + 32), ==, 0xc90fdaa22168c235ull);
    g_assert_cmphex(*(uint16_t *)(img + 40), ==, 0x4000);   /* pi */
    g_assert_cmphex(*(uint64_t *)(img + 48), ==, 1ull << 63);
    g_assert_cmphex(*(uint64_t *)(img + 160 + 15 * 16 + 8), ==,
                    0x0123456789abcdefull);
    /* without REX.W: 32-bit FIP, then FCS (0x08 in x86_cpu_set_flat64) */
    g_assert_cmpint(vm_run(vm, "d9 e4 0f ae 83 00 02 00 00"), ==, -1);
    g_assert_cmphex(*(uint32_t *)(img + 0x208), ==, CODE);
    g_assert_cmphex(*(uint16_t *)(img + 0x20c), ==, 0x08);
    g_assert_cmphex(*(uint16_t *)(img + 0x206), ==, 0x1e4); /* FOP */
    /* fninit, scribble XMM15, then fxrstor brings everything back */
    env->xmm[15].q[1] = 0;
    g_assert_cmpint(vm_run(vm, "db e3 48 0f ae 0b"), ==, -1);
    g_assert_cmphex(env->fptop, ==, 6);
    g_assert_cmphex(env->xmm[15].q[1], ==, 0x0123456789abcdefull);
    g_assert_cmphex(env->mxcsr, ==, 0x1f85);
    /* a reserved MXCSR bit in the image: #GP, nothing loaded */
    *(uint32_t *)(img + 24) = 0x20000;
    env->fptop = 0;
    g_assert_cmpint(vm_run(vm, "48 0f ae 0b"), ==, X86_EXCP_GP);
    g_assert_cmphex(env->fptop, ==, 0);
    test_vm_free(vm);
}

static void test_x87_stack(void)
{
    TestVM *vm = vm_new();
    CPUX86State *env = &vm->cpu->env;

    /* fadd st0,st1 on an empty stack: masked #IS, indefinite in ST0 */
    g_assert_cmpint(vm_run(vm, "d8 c1"), ==, -1);
    g_assert_cmphex(x86_fpu_get_fsw(env), ==, 0x41);
    g_assert_cmphex(env->fpregs[0].sexp, ==, 0xffff);
    g_assert_cmphex(env->fpregs[0].mant, ==, 0xc000000000000000ull);
    /* nine pushes: the ninth overflows (C1 = 1) */
    g_assert_cmpint(vm_run(vm, "db e3 d9 e8 d9 e8 d9 e8 d9 e8 d9 e8 d9 e8"
                           " d9 e8 d9 e8 d9 e8"), ==, -1);
    g_assert_cmphex(x86_fpu_get_fsw(env) & 0x3ff, ==, 0x241);
    /* unmasked IE: the error is pending, the next FP insn raises #MF */
    *(uint16_t *)(vm->mem + DATA) = 0x37e;
    /* fninit; fldcw [rbx]; fadd st0,st1 */
    g_assert_cmpint(vm_run(vm, "db e3 d9 2b d8 c1"), ==, -1);
    g_assert_cmphex(x86_fpu_get_fsw(env) & 0x80ff, ==, 0x80c1);
    g_assert_cmpint(vm_run(vm, "d9 e8"), ==, X86_EXCP_MF);
    /* FNSTSW AX, a no-wait form, does not */
    g_assert_cmpint(vm_run(vm, "df e0"), ==, -1);
    g_assert_cmphex(env->regs[R_EAX] & 0xffff, ==, x86_fpu_get_fsw(env));
    test_vm_free(vm);
}

static void test_fnstenv(void)
{
    TestVM *vm = vm_new();
    CPUX86State *env = &vm->cpu->env;
    uint8_t *img = vm->mem + DATA;

    /* fld1; fnstenv [rbx]: 28-byte image, then every exception masked */
    env->fpuc = 0x360;
    g_assert_cmpint(vm_run(vm, "d9 e8 d9 33"), ==, -1);
    g_assert_cmphex(*(uint32_t *)img, ==, 0xffff0360);
    g_assert_cmphex(*(uint32_t *)(img + 4), ==, 0xffff0000 | 7 << 11);
    g_assert_cmphex(*(uint32_t *)(img + 8), ==, 0xffff3fff);    /* tags */
    g_assert_cmphex(*(uint32_t *)(img + 12), ==, CODE);         /* FIP */
    g_assert_cmphex(*(uint32_t *)(img + 16) >> 16, ==, 0x1e8);  /* FOP */
    g_assert_cmphex(env->fpuc, ==, 0x37f);
    /* fldenv restores the control word */
    g_assert_cmpint(vm_run(vm, "d9 23"), ==, -1);
    g_assert_cmphex(env->fpuc, ==, 0x360);
    /* 66: the 14-byte form */
    g_assert_cmpint(vm_run(vm, "66 d9 73 40"), ==, -1);
    g_assert_cmphex(*(uint16_t *)(img + 0x40), ==, 0x360);
    g_assert_cmphex(*(uint16_t *)(img + 0x44), ==, 0x3fff);
    test_vm_free(vm);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/x86/fpu/reset", test_reset_state);
    g_test_add_func("/x86/fpu/availability", test_availability);
    g_test_add_func("/x86/fpu/cpuid-gating", test_cpuid_gating);
    g_test_add_func("/x86/fpu/simd-exception", test_simd_exception);
    g_test_add_func("/x86/fpu/alignment", test_alignment);
    g_test_add_func("/x86/fpu/ldmxcsr", test_ldmxcsr);
    g_test_add_func("/x86/fpu/fxsave", test_fxsave);
    g_test_add_func("/x86/fpu/x87-stack", test_x87_stack);
    g_test_add_func("/x86/fpu/fnstenv", test_fnstenv);
    return g_test_run();
}
