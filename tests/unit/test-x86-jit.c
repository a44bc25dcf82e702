/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The x86 engine's native-code tier (target/i386/jit.c) and the generic
 * pieces under it (accel/tcg/jit-buf.c, include/accel/tcg/x86-emit.h):
 * - /x86/jit/emit: small host functions built with the emitter, run;
 * - /x86/jit/translated: a hot loop is translated and gives the
 *   interpreter's results and counts;
 * - /x86/jit/random: random sequences (and loops of them) of the forms
 *   the tier translates, with loads, stores, Jcc, CMOVcc, IMUL, DIV
 *   (#DE too) and random budgets, run with the tier forced on and off:
 *   registers, flags, memory, counts and exits must be identical.
 * x86-64 hosts only (meson).
 */
#include "qemu/osdep.h"
#include "x86-test-vm.h"
#include "accel/tcg/jit-buf.h"
#include "accel/tcg/x86-emit.h"

#define RAM_SIZE  0x40000
#define CODE      0x1000
#define DATA      0x10000
#define DATA_LEN  0x200
#define STACK     0x30000

/* ---- the emitter ---- */

typedef uint64_t (*Fn2)(uint64_t a, uint64_t b);

static Fn2 emit_fn(JitBuf *jb, void (*body)(X86Emit *e))
{
    size_t avail;
    uint8_t *p = jit_buf_begin(jb, &avail);
    X86Emit e;

    x86e_init(&e, p, avail);
    body(&e);
    g_assert_false(x86e_full(&e));
    return (Fn2)jit_buf_commit(jb, x86e_size(&e));
}

/* (a + b) * 3 - (a >> 4), through R10 and memory on the stack */
static void body_arith(X86Emit *e)
{
    x86e_mov_rr(e, 8, X86E_R10, X86E_RDI);
    x86e_alu_rr(e, X86E_ADD, 8, X86E_R10, X86E_RSI);
    x86e_imul_rri(e, 8, X86E_R10, X86E_R10, 3);
    x86e_push(e, X86E_RDI);
    x86e_shift_ri(e, X86E_SHR, 8, X86E_RDI, 4);
    x86e_store(e, 8, x86e_mem(X86E_RSP, 0), X86E_RDI);
    x86e_alu_rm(e, X86E_SUB, 8, X86E_R10, x86e_mem(X86E_RSP, 0));
    x86e_pop(e, X86E_RDI);
    x86e_mov_rr(e, 8, X86E_RAX, X86E_R10);
    x86e_ret(e);
}

/* a < b (signed) ? a : b, with a Jcc to a bound label, then | setcc */
static void body_min(X86Emit *e)
{
    X86ELabel l;

    x86e_mov_rr(e, 8, X86E_RAX, X86E_RSI);
    x86e_alu_rr(e, X86E_CMP, 8, X86E_RDI, X86E_RSI);
    l = x86e_jcc_fwd(e, X86E_CC_GE);
    x86e_mov_rr(e, 8, X86E_RAX, X86E_RDI);
    x86e_label_bind(e, l);
    x86e_shift_ri(e, X86E_SHL, 8, X86E_RAX, 8);
    x86e_test_rr(e, 8, X86E_RAX, X86E_RAX);
    x86e_setcc(e, X86E_CC_S, X86E_RAX);
    x86e_ret(e);
}

/* a indexed load: ((uint32_t *)a)[b] zero-extended, + movsx of byte 1 */
static void body_mem(X86Emit *e)
{
    x86e_load(e, 4, X86E_RAX, x86e_mem_idx(X86E_RDI, X86E_RSI, 2, 0));
    x86e_load_sx(e, 1, X86E_R11, x86e_mem(X86E_RDI, 1));
    x86e_alu_rr(e, X86E_ADD, 8, X86E_RAX, X86E_R11);
    x86e_cmov_rr(e, X86E_CC_E, 8, X86E_RAX, X86E_RSI);
    x86e_ret(e);
}

static void test_emit(void)
{
    Error *err = NULL;
    JitBuf *jb = jit_buf_new(1 << 16, &err);
    uint32_t arr[4] = { 0x11223344, 0xfffffff0, 7, 0x80 };
    Fn2 f;

    if (!jb) {
        g_test_skip(error_get_pretty(err));
        error_free(err);
        return;
    }
    f = emit_fn(jb, body_arith);
    g_assert_cmphex(f(100, 23), ==, 123 * 3 - (100 >> 4));
    g_assert_cmphex(f(~0ull, 2), ==, 3 - (~0ull >> 4));
    f = emit_fn(jb, body_min);
    g_assert_cmphex(f(5, 9), ==, (5 << 8) | 0);
    g_assert_cmphex(f(-5, 9), ==, ((uint64_t)-5 << 8) | 1);
    f = emit_fn(jb, body_mem);
    /* byte 1 of arr[0] is 0x33 */
    g_assert_cmphex(f((uintptr_t)arr, 1), ==, 0xfffffff0ull + 0x33);
    g_assert_cmphex(f((uintptr_t)arr, 3), ==, 0x80 + 0x33);
    jit_buf_flush(jb);
    g_assert_cmpint(jit_buf_gen(jb), ==, 2);
    f = emit_fn(jb, body_arith);
    g_assert_cmphex(f(1, 2), ==, 9);
    jit_buf_free(jb);
}

/* ---- the tier against the interpreter ---- */

typedef struct Run {
    uint64_t regs[16], rip, eflags;
    int64_t done;
    int exit_reason, excp;
    uint8_t data[DATA_LEN], stack[256];
    uint64_t blocks;
} Run;

static void run_one(const uint8_t *code, size_t len, const uint64_t *regs,
                    const uint8_t *data, int64_t budget, bool jit, Run *r)
{
    TestVM *vm = test_vm_new(RAM_SIZE, CODE, STACK);
    X86CPU *cpu = vm->cpu;

    cpu->jit_mode = jit ? X86_JIT_MODE_FORCE : X86_JIT_MODE_OFF;
    memcpy(vm->mem + CODE, code, len);
    vm->mem[CODE + len] = 0xf4;
    memcpy(vm->mem + DATA, data, DATA_LEN);
    memcpy(cpu->env.regs, regs, sizeof(cpu->env.regs));
    cpu->env.regs[R_ESP] = STACK;
    r->done = 0;
    /* twice: the second run starts with translated (or chained) blocks */
    for (int k = 0; k < 2 && !cpu->halted; k++) {
        r->done += x86_cpu_exec(cpu, budget);
        if (cpu->exit_reason == X86_EXIT_EXCEPTION) {
            break;
        }
    }
    memcpy(r->regs, cpu->env.regs, sizeof(r->regs));
    r->rip = cpu->env.rip;
    r->eflags = x86_get_eflags(&cpu->env);
    r->exit_reason = cpu->exit_reason;
    r->excp = cpu->exception_index;
    memcpy(r->data, vm->mem + DATA, DATA_LEN);
    memcpy(r->stack, vm->mem + STACK - sizeof(r->stack), sizeof(r->stack));
    r->blocks = cpu->jit_blocks;
    test_vm_free(vm);
}

static void run_both(const uint8_t *code, size_t len, const uint64_t *regs,
                     const uint8_t *data, int64_t budget, uint64_t *blocks)
{
    Run a, b;

    run_one(code, len, regs, data, budget, false, &a);
    run_one(code, len, regs, data, budget, true, &b);
    for (int i = 0; i < 16; i++) {
        g_assert_cmphex(a.regs[i], ==, b.regs[i]);
    }
    g_assert_cmphex(a.rip, ==, b.rip);
    g_assert_cmphex(a.eflags, ==, b.eflags);
    g_assert_cmpint(a.done, ==, b.done);
    g_assert_cmpint(a.exit_reason, ==, b.exit_reason);
    g_assert_cmpint(a.excp, ==, b.excp);
    g_assert_cmpmem(a.data, DATA_LEN, b.data, DATA_LEN);
    g_assert_cmpmem(a.stack, sizeof(a.stack), b.stack, sizeof(b.stack));
    g_assert_cmpint(a.blocks, ==, 0);
    *blocks += b.blocks;
}

static void test_translated(void)
{
    /* xor eax,eax; mov ecx,100; L: add eax,ecx; imul eax,eax,3 (no);
     * shl rax,1; sub ecx,1; jne L */
    static const uint8_t loop[] = {
        0x31, 0xc0, 0xb9, 0x64, 0x00, 0x00, 0x00,
        0x01, 0xc8, 0x48, 0xd1, 0xe0, 0x83, 0xe9, 0x01, 0x75, 0xf7,
    };
    uint64_t regs[16] = { 0 }, blocks = 0;
    uint8_t data[DATA_LEN] = { 0 };

    run_both(loop, sizeof(loop), regs, data, 100000, &blocks);
    g_assert_cmpint(blocks, >, 0);
    /* budgets that stop inside the loop */
    for (int64_t n = 1; n < 40; n += 3) {
        run_both(loop, sizeof(loop), regs, data, n, &blocks);
    }
}

/* ---- random code of the translated forms ---- */

typedef struct Gen {
    uint8_t *p;
    GRand *rng;
} Gen;

/* a register for a destination: not RSP, R14 (loop count), R15 (data) */
static unsigned gen_reg(Gen *g)
{
    static const uint8_t ok[] = { 0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13 };

    return ok[g_rand_int_range(g->rng, 0, ARRAY_SIZE(ok))];
}

static void gen_byte(Gen *g, uint8_t b)
{
    *g->p++ = b;
}

static void gen_u32(Gen *g, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        gen_byte(g, v >> (i * 8));
    }
}

/* REX (W, reg, rm), opcode bytes, ModRM with mod 3 */
static void gen_rr(Gen *g, bool w, const char *opc, unsigned reg,
                   unsigned rm)
{
    gen_byte(g, 0x40 | w << 3 | (reg >> 3) << 2 | rm >> 3);
    for (const uint8_t *o = (const uint8_t *)opc; *o; o++) {
        gen_byte(g, *o);
    }
    gen_byte(g, 0xc0 | (reg & 7) << 3 | (rm & 7));
}

/* [r15 + disp8] as the memory operand */
static void gen_rm_data(Gen *g, bool w, const char *opc, unsigned reg,
                        unsigned size)
{
    gen_byte(g, 0x41 | w << 3 | (reg >> 3) << 2);
    for (const uint8_t *o = (const uint8_t *)opc; *o; o++) {
        gen_byte(g, *o);
    }
    gen_byte(g, 0x47 | (reg & 7) << 3);
    gen_byte(g, g_rand_int_range(g->rng, 0, 0x80 - size));
}

static void gen_insn(Gen *g)
{
    static const char alu_ops[] = { 0x01, 0x09, 0x21, 0x29, 0x31, 0x39,
                                    (char)0x85 };
    static const uint8_t digits[] = { 0, 1, 4, 5, 6, 7 };
    bool w = g_rand_boolean(g->rng);
    unsigned a = gen_reg(g), b = gen_reg(g);
    char op[3] = { 0 };

    switch (g_rand_int_range(g->rng, 0, 16)) {
    case 0:     /* ALU r/m, r */
        op[0] = alu_ops[g_rand_int_range(g->rng, 0, ARRAY_SIZE(alu_ops))];
        gen_rr(g, w, op, b, a);
        break;
    case 1:     /* ALU r/m, imm8 / imm32 */
        op[0] = g_rand_boolean(g->rng) ? (char)0x83 : (char)0x81;
        gen_rr(g, w, op, digits[g_rand_int_range(g->rng, 0, 6)], a);
        if (op[0] == (char)0x83) {
            gen_byte(g, g_rand_int(g->rng));
        } else {
            gen_u32(g, g_rand_int(g->rng));
        }
        break;
    case 2:     /* MOV r, r / MOV r, imm32 */
        if (g_rand_boolean(g->rng)) {
            gen_rr(g, w, "\x89", b, a);
        } else {
            gen_rr(g, w, "\xc7", 0, a);
            gen_u32(g, g_rand_int(g->rng));
        }
        break;
    case 3:     /* SHL/SHR/SAR/ROL/ROR by imm8 */
        gen_rr(g, w, "\xc1", (uint8_t[]){ 4, 5, 7, 0, 1 }
               [g_rand_int_range(g->rng, 0, 5)], a);
        gen_byte(g, g_rand_int_range(g->rng, 1, w ? 64 : 32));
        break;
    case 4:     /* INC/DEC */
        gen_rr(g, w, "\xff", g_rand_int_range(g->rng, 0, 2), a);
        break;
    case 5:     /* IMUL r, r / r, r, imm8 / r, r, imm32 / r, [m] */
        switch (g_rand_int_range(g->rng, 0, 4)) {
        case 0:
            gen_rr(g, w, "\x0f\xaf", a, b);
            break;
        case 1:
            gen_rr(g, w, "\x6b", a, b);
            gen_byte(g, g_rand_int(g->rng));
            break;
        case 2:
            gen_rr(g, w, "\x69", a, b);
            gen_u32(g, g_rand_int(g->rng));
            break;
        default:
            gen_rm_data(g, w, "\x0f\xaf", a, 8);
            break;
        }
        break;
    case 6:     /* MOVZX r32, r8/r16 (no AH..BH: REX present); MOVSXD */
        if (g_rand_boolean(g->rng)) {
            gen_rr(g, w, g_rand_boolean(g->rng) ? "\x0f\xb6" : "\x0f\xb7",
                   a, b);
        } else {
            gen_rr(g, true, "\x63", a, b);
        }
        break;
    case 7:     /* LEA r, [b + a*4 + disp8] */
        gen_byte(g, 0x40 | w << 3 | (a >> 3) << 2 | (a >> 3) << 1 | b >> 3);
        gen_byte(g, 0x8d);
        gen_byte(g, 0x44 | (a & 7) << 3);
        gen_byte(g, 0x80 | (a & 7) << 3 | (b & 7));
        gen_byte(g, g_rand_int(g->rng));
        break;
    case 8:     /* loads and stores through R15, sizes 1-8 */
        switch (g_rand_int_range(g->rng, 0, 5)) {
        case 0:
            gen_rm_data(g, w, "\x8b", a, 8);
            break;
        case 1:
            gen_rm_data(g, w, "\x89", a, 8);
            break;
        case 2:
            gen_rm_data(g, false, "\x88", a, 1);
            break;
        case 3:
            gen_rm_data(g, false, "\x0f\xb6", a, 1);
            break;
        default:
            gen_rm_data(g, false, "\x8a", a, 1);
            break;
        }
        break;
    case 9:     /* ALU with memory: r op= [m], [m] op= r, cmp [m], imm8 */
        op[0] = alu_ops[g_rand_int_range(g->rng, 0, 6)];
        if (g_rand_boolean(g->rng)) {
            op[0] |= 2;
            gen_rm_data(g, w, op, a, 8);
        } else if (g_rand_boolean(g->rng)) {
            gen_rm_data(g, w, op, a, 8);
        } else {
            gen_rm_data(g, w, "\x83", 7, 8);
            gen_byte(g, g_rand_int(g->rng));
        }
        break;
    case 10:    /* CMOVcc */
        op[0] = 0x0f;
        op[1] = 0x40 | g_rand_int_range(g->rng, 0, 16);
        gen_rr(g, w, op, a, b);
        break;
    case 11:    /* PUSH a; POP b */
        if (a >> 3) {
            gen_byte(g, 0x41);
        }
        gen_byte(g, 0x50 | (a & 7));
        if (b >> 3) {
            gen_byte(g, 0x41);
        }
        gen_byte(g, 0x58 | (b & 7));
        break;
    case 12:    /* [XOR EDX,EDX;] DIV r32 (#DE: zero divisor, overflow) */
        if (g_rand_int_range(g->rng, 0, 4)) {
            gen_byte(g, 0x31);
            gen_byte(g, 0xd2);
        }
        gen_rr(g, false, "\xf7", 6, b);
        break;
    case 13:    /* CDQ/CQO, CDQE/CWDE */
        gen_byte(g, w ? 0x48 : 0x40);
        gen_byte(g, g_rand_boolean(g->rng) ? 0x99 : 0x98);
        break;
    default:    /* CMP/TEST/SUB then Jcc over the next instruction */
        op[0] = (char[]){ 0x39, (char)0x85, 0x29 }
                [g_rand_int_range(g->rng, 0, 3)];
        gen_rr(g, w, op, b, a);
        gen_byte(g, 0x70 | g_rand_int_range(g->rng, 0, 16));
        {
            uint8_t *disp = g->p++;

            gen_insn(g);
            *disp = g->p - disp - 1;
        }
        break;
    }
}

static void test_random(void)
{
    GRand *rng = g_rand_new_with_seed(0x5eed);
    int n = g_test_slow() ? 20000 : 1500;
    uint64_t blocks = 0;

    for (int t = 0; t < n; t++) {
        uint8_t code[2048], data[DATA_LEN];
        uint64_t regs[16];
        Gen g = { code, rng };
        bool loop = g_rand_boolean(rng);
        uint8_t *top;
        int64_t budget;

        for (int i = 0; i < 16; i++) {
            regs[i] = ((uint64_t)g_rand_int(rng) << 32) | g_rand_int(rng);
            if (g_rand_int_range(rng, 0, 4) == 0) {
                regs[i] &= 0xff;
            }
        }
        regs[15] = DATA;
        regs[14] = g_rand_int_range(rng, 1, 20);
        for (int i = 0; i < DATA_LEN; i++) {
            data[i] = g_rand_int(rng);
        }
        top = g.p;
        for (int i = g_rand_int_range(rng, 1, 24); i > 0; i--) {
            gen_insn(&g);
        }
        if (loop) {
            /* sub r14d, 1; jne top (or cmp r14d, 0 after the sub) */
            gen_byte(&g, 0x41);
            gen_byte(&g, 0x83);
            gen_byte(&g, 0xee);
            gen_byte(&g, 0x01);
            gen_byte(&g, 0x0f);
            gen_byte(&g, 0x85);
            gen_u32(&g, top - (g.p + 4));
        }
        budget = g_rand_int_range(rng, 0, 3) ? 100000
                                              : g_rand_int_range(rng, 1, 200);
        run_both(code, g.p - code, regs, data, budget, &blocks);
    }
    g_assert_cmpint(blocks, >, n / 2);
    g_rand_free(rng);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/x86/jit/emit", test_emit);
    g_test_add_func("/x86/jit/translated", test_translated);
    g_test_add_func("/x86/jit/random", test_random);
    return g_test_run();
}
