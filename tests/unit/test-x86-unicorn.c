/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Differential test of the x86 engine against Unicorn for the legacy
 * modes a user-mode host process cannot run natively: real mode (16-bit
 * code, 16-bit addressing; Unicorn's UC_MODE_16) and flat 32-bit
 * protected mode (UC_MODE_32).  Unicorn is a test-only reference
 * (libunicorn-dev); the product never links it, and the test is
 * skipped with a message when it is absent.
 *
 * Random integer sequences (ALU, INC/DEC, shifts and rotates, MUL/IMUL,
 * NEG/NOT, MOV/MOVZX/MOVSX/LEA, XCHG, CMOVcc/SETcc, BT, PUSH/POP pairs,
 * CBW/CWD, flag ops, forward Jcc), with 66/67 prefixes for the other
 * operand/address size, run in both; registers, the defined flags and
 * the first 128 KiB of memory must match.  BX/EBX, SI and DI are data
 * pointers and only AX, CX, DX and BP are written, so every access stays
 * inside the first 1 MiB, away from the code.  Flags an instruction
 * leaves undefined are masked and a CMP is inserted before an
 * instruction that reads them.
 *
 * 2,000 sequences per mode by default; with -m slow 200,000 per mode.
 */
#include "qemu/osdep.h"
#include "target/i386/engine.h"

#define MEM_SIZE    0x100000u
#define CODE        0x1000u
#define DATA        0x8000u     /* EBX points here; 0-0x20000 compared */
#define CMP_LO      0u
#define CMP_HI      0x20000u
#define STACK_TOP   0xf000u

#define ALL_FLAGS   (X86_CF | X86_PF | X86_AF | X86_ZF | X86_SF | X86_OF)

#ifdef CONFIG_UNICORN
#include <unicorn/unicorn.h>

typedef struct Gen {
    uint8_t buf[512];
    unsigned len;
    unsigned defined;
    bool code32;
} Gen;

typedef struct Harness {
    MemoryRegion root, ram;
    AddressSpace as;
    uint8_t *ram_ptr;
    X86CPU *cpu;
    uc_engine *uc16, *uc32;
    uint8_t *uc_mem;
    uint8_t init[MEM_SIZE];
    unsigned n_insns;
} Harness;

/* Registers sequences may write: AX, CX, DX, BP */
static const uint8_t wregs[] = { 0, 1, 2, 5 };

static unsigned rnd(unsigned n)
{
    return g_test_rand_int_range(0, n);
}

static void emit(Gen *g, unsigned n, uint64_t v)
{
    for (unsigned i = 0; i < n; i++) {
        g_assert(g->len < sizeof(g->buf));
        g->buf[g->len++] = v >> (8 * i);
    }
}

static uint8_t wreg(void)
{
    return wregs[rnd(sizeof(wregs))];
}

/*
 * ModRM with ModRM.reg @reg and a register (@rm) or, if @mem, a memory
 * operand based on BX/SI/DI: in 16-bit addressing [bx+si], [bx+di],
 * [si], [di], [bx] (+disp8/16); in 32-bit addressing [ebx], [esi],
 * [edi], [ebx+esi*s] (+disp8/32).
 */
static void emit_modrm(Gen *g, bool a32, unsigned reg, bool mem, unsigned rm)
{
    static const uint8_t rm16[] = { 0, 1, 4, 5, 7 };
    static const uint8_t rm32[] = { 3, 6, 7 };
    unsigned mod = rnd(3);

    reg = (reg & 7) << 3;
    if (!mem) {
        emit(g, 1, 0xc0 | reg | (rm & 7));
        return;
    }
    if (!a32) {
        emit(g, 1, mod << 6 | reg | rm16[rnd(sizeof(rm16))]);
        emit(g, mod, (uint16_t)(rnd(0x200) - 0x100));
        return;
    }
    if (rnd(4) == 0) {                  /* SIB: ebx + esi * scale */
        emit(g, 1, mod << 6 | reg | 4);
        emit(g, 1, rnd(4) << 6 | 6 << 3 | 3);
    } else {
        emit(g, 1, mod << 6 | reg | rm32[rnd(sizeof(rm32))]);
    }
    emit(g, mod == 2 ? 4 : mod, (uint32_t)(rnd(0x200) - 0x100));
}

/* Prefixes for a random operand size; returns it (2 or 4). */
static unsigned opsize(Gen *g, bool *a32)
{
    /* no 67 in 16-bit code: 32-bit offsets above 0xffff fault */
    bool o66 = rnd(3) == 0, a67 = g->code32 && rnd(4) == 0;

    if (o66) {
        emit(g, 1, 0x66);
    }
    if (a67) {
        emit(g, 1, 0x67);
    }
    *a32 = g->code32 ^ a67;
    return g->code32 ^ o66 ? 4 : 2;
}

static void need_flags(Gen *g, unsigned f)
{
    if ((g->defined & f) != f) {
        emit(g, 2, 0xc039 | (wreg() << 11) | (wreg() << 8));   /* cmp */
        g->defined = ALL_FLAGS;
    }
}

static void set_flags(Gen *g, unsigned def, unsigned undef)
{
    g->defined = (g->defined | def) & ~undef;
}

static void gen_alu(Gen *g)
{
    unsigned op = rnd(8), form = rnd(4), size;
    bool a32, mem = rnd(2), byte = rnd(4) == 0;
    unsigned logic = op == 1 || op == 4 || op == 6;

    if (op == 2 || op == 3) {
        need_flags(g, X86_CF);
    }
    size = opsize(g, &a32);
    if (form == 3) {                    /* 80/81/83 /op, imm */
        unsigned opc = byte ? 0x80 : rnd(2) ? 0x83 : 0x81;

        emit(g, 1, opc);
        emit_modrm(g, a32, op, mem, wreg());
        emit(g, opc == 0x81 ? size : 1, g_test_rand_int());
    } else {                            /* E,G or G,E */
        emit(g, 1, op * 8 + (form == 1 ? 2 : 0) + !byte);
        emit_modrm(g, a32, wreg(), mem, wreg());
    }
    set_flags(g, logic ? ALL_FLAGS & ~X86_AF : ALL_FLAGS,
              logic ? X86_AF : 0);
}

static void gen_shift(Gen *g)
{
    bool a32, byte = rnd(4) == 0;
    unsigned op = rnd(8), kind = rnd(3);

    if (op == 2 || op == 3) {
        need_flags(g, X86_CF);
    }
    opsize(g, &a32);
    emit(g, 1, (kind == 0 ? 0xd0 : kind == 1 ? 0xc0 : 0xd2) + !byte);
    emit_modrm(g, a32, op == 6 ? 4 : op, rnd(2), wreg());
    if (kind == 1) {
        emit(g, 1, rnd(4) ? rnd(8) : rnd(256));
    }
    /* counts may be 0 (no change) or > 1: OF, AF and more undefined */
    if (op < 4) {
        set_flags(g, 0, X86_OF | (kind ? X86_CF : 0));
    } else {
        set_flags(g, 0, ALL_FLAGS);
    }
}

static void gen_unary(Gen *g)
{
    bool a32, byte = rnd(4) == 0;
    unsigned op = 2 + rnd(4);           /* NOT NEG MUL IMUL */

    opsize(g, &a32);
    emit(g, 1, 0xf6 + !byte);
    emit_modrm(g, a32, op, rnd(2), wreg());
    if (op == 3) {
        set_flags(g, ALL_FLAGS, 0);
    } else if (op > 3) {
        set_flags(g, X86_CF | X86_OF, X86_SF | X86_ZF | X86_AF | X86_PF);
    }
}

static void gen_mov(Gen *g)
{
    bool a32;
    unsigned k = rnd(7);

    if (k >= 5) {
        need_flags(g, ALL_FLAGS);       /* before the prefixes */
    }
    opsize(g, &a32);
    switch (k) {
    case 0:
    case 1:                             /* MOV E,G / G,E */
        emit(g, 1, 0x88 + 2 * k + rnd(2));
        emit_modrm(g, a32, wreg(), rnd(2), wreg());
        break;
    case 2:                             /* MOVZX/MOVSX */
        emit(g, 2, 0x0f | (0xb6 + 8 * rnd(2) + rnd(2)) << 8);
        emit_modrm(g, a32, wreg(), rnd(2), rnd(8));
        break;
    case 3:                             /* LEA (no access) */
        emit(g, 1, 0x8d);
        emit_modrm(g, a32, wreg(), true, 0);
        break;
    case 4:                             /* XCHG */
        emit(g, 1, 0x86 + rnd(2));
        emit_modrm(g, a32, wreg(), rnd(2), wreg());
        break;
    case 5:                             /* CMOVcc */
        emit(g, 2, 0x0f | (0x40 + rnd(16)) << 8);
        emit_modrm(g, a32, wreg(), rnd(2), wreg());
        break;
    default:                            /* SETcc */
        emit(g, 2, 0x0f | (0x90 + rnd(16)) << 8);
        emit_modrm(g, a32, 0, rnd(2), wreg());
        break;
    }
}

static void gen_misc(Gen *g)
{
    bool a32;

    switch (rnd(8)) {
    case 0:                             /* INC/DEC r */
        emit(g, 1, 0x40 + 8 * rnd(2) + wreg());
        set_flags(g, ALL_FLAGS & ~X86_CF, 0);
        break;
    case 1:                             /* PUSH r; POP r */
        if (rnd(3) == 0) {
            emit(g, 1, 0x66);
        }
        emit(g, 1, 0x50 + wreg());
        emit(g, 1, 0x58 + wreg());
        break;
    case 2:
        emit(g, 1, 0x98 + rnd(2));      /* CBW/CWDE, CWD/CDQ */
        break;
    case 3:                             /* CLC STC CMC */
        emit(g, 1, "\xf8\xf9\xf5"[rnd(3)]);
        need_flags(g, X86_CF);
        break;
    case 4:                             /* BT/BTS/BTR/BTC r, imm */
        opsize(g, &a32);
        emit(g, 2, 0xba0f);
        emit_modrm(g, a32, 4 + rnd(4), false, wreg());
        emit(g, 1, rnd(256));
        set_flags(g, X86_CF, X86_OF | X86_SF | X86_AF | X86_PF);
        break;
    case 5:                             /* LAHF; SAHF */
        need_flags(g, ALL_FLAGS);
        emit(g, 1, rnd(2) ? 0x9f : 0x9e);
        set_flags(g, ALL_FLAGS & ~X86_OF, 0);
        break;
    case 6:                             /* IMUL r, E, imm8 */
        opsize(g, &a32);
        emit(g, 1, 0x6b);
        emit_modrm(g, a32, wreg(), rnd(2), wreg());
        emit(g, 1, rnd(256));
        set_flags(g, X86_CF | X86_OF, X86_SF | X86_ZF | X86_AF | X86_PF);
        break;
    default:                            /* Jcc forward over one NOP/INC */
        need_flags(g, ALL_FLAGS);
        emit(g, 1, 0x70 + rnd(16));
        emit(g, 1, 1);
        emit(g, 1, 0x40 + wreg());
        set_flags(g, 0, ALL_FLAGS);
        break;
    }
}

static void gen_one(Gen *g)
{
    switch (rnd(6)) {
    case 0:
    case 1:
        gen_alu(g);
        break;
    case 2:
        gen_shift(g);
        break;
    case 3:
        gen_unary(g);
        break;
    case 4:
        gen_mov(g);
        break;
    default:
        gen_misc(g);
        break;
    }
}

/* ---- the two machines ---- */

static const int uc_regs[8] = {
    UC_X86_REG_EAX, UC_X86_REG_ECX, UC_X86_REG_EDX, UC_X86_REG_EBX,
    UC_X86_REG_ESP, UC_X86_REG_EBP, UC_X86_REG_ESI, UC_X86_REG_EDI,
};

static void engine_setup(X86CPU *cpu, bool code32)
{
    CPUX86State *env = &cpu->env;

    for (int i = 0; i < X86_NB_SEGS; i++) {
        env->segs[i].selector = code32 ? (i == R_CS ? 0x08 : 0x10) : 0;
        env->segs[i].base = 0;
        env->segs[i].limit = code32 ? 0xffffffff : 0xffff;
        env->segs[i].flags = X86_DESC_P | (code32 ? X86_DESC_G | X86_DESC_DB
                                                  : 0) |
                             ((i == R_CS ? 0x1bu : 0x13u) << 8);
    }
    env->cr[0] = (code32 ? X86_CR0_PE : 0) | 0x10;
    env->cr[4] = 0;
    env->efer = 0;
    env->rip = CODE;
    x86_update_hflags(cpu);
}

static void random_regs(uint32_t *regs, uint32_t *flags, bool code32)
{
    for (int i = 0; i < 8; i++) {
        regs[i] = g_test_rand_int();
        if (rnd(4) == 0) {
            regs[i] = rnd(4) ? rnd(256) : (uint32_t)-(int)rnd(256);
        }
    }
    regs[R_EBX] = DATA + rnd(0x1000);
    /* 32-bit: above the code, and [ebx + esi * 8] stays below 1 MiB */
    regs[R_ESI] = (code32 ? 0x2000 : 0) + rnd(0x800);
    regs[R_EDI] = (code32 ? 0x2000 : 0) + rnd(0x800);
    regs[R_ESP] = STACK_TOP;
    if (!code32) {
        /* 16-bit code: high halves are kept but must not be pointers */
        regs[R_EBX] = (regs[R_EBX] & 0xffff);
    }
    *flags = X86_FLAGS_FIXED | (g_test_rand_int() & ALL_FLAGS);
}

static bool run_uc(Harness *h, Gen *g, const uint32_t *regs, uint32_t fl,
                   uint32_t *out, uint32_t *out_fl)
{
    uc_engine *uc = g->code32 ? h->uc32 : h->uc16;
    int zero = 0;
    uint32_t v;

    memcpy(h->uc_mem, h->init, MEM_SIZE);
    memcpy(h->uc_mem + CODE, g->buf, g->len);
    uc_ctl_remove_cache(uc, CODE, CODE + 0x1000);
    for (int i = 0; i < 8; i++) {
        uc_reg_write(uc, uc_regs[i], &regs[i]);
    }
    uc_reg_write(uc, UC_X86_REG_EFLAGS, &fl);
    if (!g->code32) {
        uc_reg_write(uc, UC_X86_REG_CS, &zero);
        uc_reg_write(uc, UC_X86_REG_DS, &zero);
        uc_reg_write(uc, UC_X86_REG_ES, &zero);
        uc_reg_write(uc, UC_X86_REG_SS, &zero);
    }
    if (uc_emu_start(uc, CODE, CODE + g->len, 0, 10000) != UC_ERR_OK) {
        return false;
    }
    for (int i = 0; i < 8; i++) {
        uc_reg_read(uc, uc_regs[i], &out[i]);
    }
    uc_reg_read(uc, UC_X86_REG_EFLAGS, &v);
    *out_fl = v;
    return true;
}

static void report(const Gen *g, const char *what, unsigned idx,
                   uint32_t uc, uint32_t ours)
{
    GString *s = g_string_new(NULL);

    for (unsigned i = 0; i < g->len; i++) {
        g_string_append_printf(s, "%02x ", g->buf[i]);
    }
    g_test_message("%s-bit mismatch in %s %u: unicorn 0x%x engine 0x%x\n"
                   "code: %s", g->code32 ? "32" : "16", what, idx, uc, ours,
                   s->str);
    g_string_free(s, true);
    g_test_fail();
}

static bool run_one(Harness *h, Gen *g)
{
    uint32_t regs[8], fl, ucr[8], ucfl, mask;
    CPUX86State *env = &h->cpu->env;

    random_regs(regs, &fl, g->code32);
    for (unsigned i = 0x2000; i < CMP_HI; i += 4) {
        uint32_t x = g_test_rand_int();

        memcpy(h->init + i, &x, 4);
    }
    if (!run_uc(h, g, regs, fl, ucr, &ucfl)) {
        report(g, "unicorn run", 0, 0, 0);
        return false;
    }
    memcpy(h->ram_ptr, h->init, MEM_SIZE);
    memcpy(h->ram_ptr + CODE, g->buf, g->len);
    h->ram_ptr[CODE + g->len] = 0xf4;
    block_cache_invalidate_all(&h->cpu->cache);
    engine_setup(h->cpu, g->code32);
    for (int i = 0; i < 8; i++) {
        env->regs[i] = regs[i];
    }
    x86_set_eflags(env, fl);
    h->cpu->halted = false;
    h->n_insns += x86_cpu_exec(h->cpu, 10000);
    if (h->cpu->exit_reason != X86_EXIT_HLT) {
        report(g, "exit reason", h->cpu->exit_reason, X86_EXIT_HLT,
               h->cpu->exception_index);
        return false;
    }
    for (int i = 0; i < 8; i++) {
        if ((uint32_t)env->regs[i] != ucr[i]) {
            report(g, "register", i, ucr[i], env->regs[i]);
            return false;
        }
    }
    mask = g->defined | X86_DF;
    if ((x86_get_eflags(env) & mask) != (ucfl & mask)) {
        report(g, "flags under mask", mask, ucfl & mask,
               x86_get_eflags(env) & mask);
        return false;
    }
    /* everything but the code page (the engine's copy ends with HLT) */
    memcpy(h->uc_mem + CODE, h->ram_ptr + CODE, 0x1000);
    if (memcmp(h->ram_ptr + CMP_LO, h->uc_mem + CMP_LO, CMP_HI - CMP_LO)) {
        unsigned i = CMP_LO;

        while (h->ram_ptr[i] == h->uc_mem[i]) {
            i++;
        }
        report(g, "memory at", i, h->uc_mem[i], h->ram_ptr[i]);
        return false;
    }
    return true;
}

static Harness *harness_new(void)
{
    Harness *h = g_new0(Harness, 1);

    memory_region_init(&h->root, NULL, "root", UINT64_MAX);
    g_assert(memory_region_init_ram(&h->ram, NULL, "ram", MEM_SIZE,
                                    &error_abort));
    memory_region_add_subregion(&h->root, 0, &h->ram);
    address_space_init(&h->as, &h->root, "memory");
    h->ram_ptr = memory_region_get_ram_ptr(&h->ram);
    h->cpu = x86_cpu_new(&h->as);
    h->cpu->stop_on_exception = true;
    h->uc_mem = g_malloc0(MEM_SIZE);
    g_assert_cmpint(uc_open(UC_ARCH_X86, UC_MODE_16, &h->uc16), ==,
                    UC_ERR_OK);
    g_assert_cmpint(uc_open(UC_ARCH_X86, UC_MODE_32, &h->uc32), ==,
                    UC_ERR_OK);
    g_assert_cmpint(uc_mem_map_ptr(h->uc16, 0, MEM_SIZE, UC_PROT_ALL,
                                   h->uc_mem), ==, UC_ERR_OK);
    g_assert_cmpint(uc_mem_map_ptr(h->uc32, 0, MEM_SIZE, UC_PROT_ALL,
                                   h->uc_mem), ==, UC_ERR_OK);
    return h;
}

static void harness_free(Harness *h)
{
    uc_close(h->uc16);
    uc_close(h->uc32);
    g_free(h->uc_mem);
    x86_cpu_free(h->cpu);
    address_space_destroy(&h->as);
    memory_region_finalize(&h->ram);
    memory_region_finalize(&h->root);
    g_free(h);
}

static void test_mode(bool code32)
{
    Harness *h = harness_new();
    unsigned n = g_test_slow() ? 200000 : 2000, fails = 0;

    for (unsigned i = 0; i < n && fails < 5; i++) {
        Gen g = { .defined = ALL_FLAGS, .code32 = code32 };
        unsigned k = 1 + rnd(8);

        for (unsigned j = 0; j < k; j++) {
            gen_one(&g);
        }
        fails += !run_one(h, &g);
    }
    g_test_message("%u %s-bit sequences, %u engine instructions, "
                   "%u mismatches", n, code32 ? "32" : "16", h->n_insns,
                   fails);
    harness_free(h);
}

static void test_real16(void)
{
    test_mode(false);
}

static void test_prot32(void)
{
    test_mode(true);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/x86/unicorn/real16", test_real16);
    g_test_add_func("/x86/unicorn/prot32", test_prot32);
    return g_test_run();
}

#else

static void test_skip(void)
{
    g_test_skip("Unicorn (libunicorn-dev) is not installed: no reference");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/x86/unicorn/skipped", test_skip);
    return g_test_run();
}

#endif
