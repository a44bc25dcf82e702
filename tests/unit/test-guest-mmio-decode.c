/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest kernel's MMIO instruction decoder (guest/arch/x86_64/
 * mmio-decode.h, used by its #VC 0x400 handler), run on the host: each
 * form's access size, direction, effective address and length, the
 * value a store writes and how a load's result lands in its register,
 * and the forms it must refuse.
 */
#include "qemu/osdep.h"
#include "../../guest/arch/x86_64/mmio-decode.h"

enum { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R12 = 12, R13 };

typedef struct Regs {
    uint64_t r[16];
    uint64_t *p[16];
} Regs;

#define RIP 0xffffffff80100000ull

static void regs_init(Regs *g)
{
    for (int i = 0; i < 16; i++) {
        g->r[i] = 0x1000ull * (i + 1) + 0x0101010101010000ull * i;
        g->p[i] = &g->r[i];
    }
}

static bool decode(Regs *g, const uint8_t *code, MmioInsn *m)
{
    return mmio_decode(code, RIP, g->p, m);
}

static void test_mov_reg(void)
{
    Regs g;
    MmioInsn m;
    static const uint8_t ld32[] = { 0x8b, 0x07 };           /* eax,[rdi] */
    static const uint8_t st16[] = { 0x66, 0x89, 0x47, 0x10 };
    static const uint8_t ld64[] = { 0x48, 0x8b, 0x84, 0x8b, 0, 1, 0, 0 };
    static const uint8_t ld16[] = { 0x66, 0x8b, 0x07 };
    static const uint8_t hint[] = { 0x3e, 0x8b, 0x07 };

    regs_init(&g);
    g.r[RAX] = ~0ull;
    g_assert_true(decode(&g, ld32, &m));
    g_assert_cmpuint(m.len, ==, 2);
    g_assert_cmpuint(m.size, ==, 4);
    g_assert_false(m.write);
    g_assert_cmphex(m.va, ==, g.r[RDI]);
    mmio_load_result(&m, 0xdeadbeef);
    g_assert_cmphex(g.r[RAX], ==, 0xdeadbeef);      /* zero-extended */

    g_assert_true(decode(&g, st16, &m));             /* [rdi+0x10],ax */
    g_assert_cmpuint(m.len, ==, 4);
    g_assert_cmpuint(m.size, ==, 2);
    g_assert_true(m.write);
    g_assert_cmphex(m.va, ==, g.r[RDI] + 0x10);
    g_assert_cmphex(mmio_store_value(&m) & 0xffff, ==, 0xbeef);

    g_assert_true(decode(&g, ld64, &m));     /* rax,[rbx+rcx*4+0x100] */
    g_assert_cmpuint(m.len, ==, 8);
    g_assert_cmpuint(m.size, ==, 8);
    g_assert_cmphex(m.va, ==, g.r[RBX] + g.r[RCX] * 4 + 0x100);
    mmio_load_result(&m, 0x0123456789abcdefull);
    g_assert_cmphex(g.r[RAX], ==, 0x0123456789abcdefull);

    g.r[RAX] = 0x1111222233334444ull;
    g_assert_true(decode(&g, ld16, &m));
    mmio_load_result(&m, 0xabcd);
    g_assert_cmphex(g.r[RAX], ==, 0x111122223333abcdull);  /* merged */

    g_assert_true(decode(&g, hint, &m));
    g_assert_cmpuint(m.len, ==, 3);
    g_assert_cmphex(m.va, ==, g.r[RDI]);
}

/* Byte registers: AH-BH without REX, SPL-DIL (and R8B...) with it. */
static void test_byte_regs(void)
{
    Regs g;
    MmioInsn m;
    static const uint8_t st_ah[] = { 0x88, 0x67, 0xff };    /* [rdi-1],ah */
    static const uint8_t st_sil[] = { 0x40, 0x88, 0x77, 0x01 };
    static const uint8_t ld_ah[] = { 0x8a, 0x27 };          /* ah,[rdi] */

    regs_init(&g);
    g.r[RAX] = 0x5566;
    g_assert_true(decode(&g, st_ah, &m));
    g_assert_cmpuint(m.len, ==, 3);
    g_assert_cmpuint(m.size, ==, 1);
    g_assert_cmphex(m.va, ==, g.r[RDI] - 1);
    g_assert_cmphex(mmio_store_value(&m) & 0xff, ==, 0x55);

    g_assert_true(decode(&g, st_sil, &m));
    g_assert_false(m.high8);
    g_assert_true(m.reg == &g.r[RSI]);
    g_assert_cmphex(m.va, ==, g.r[RDI] + 1);

    g.r[RAX] = 0x1122334455667788ull;
    g_assert_true(decode(&g, ld_ah, &m));
    mmio_load_result(&m, 0xab);
    g_assert_cmphex(g.r[RAX], ==, 0x112233445566ab88ull);
}

static void test_imm_and_addressing(void)
{
    Regs g;
    MmioInsn m;
    static const uint8_t rip_rel[] = { 0xc7, 0x05, 0xf0, 0xff, 0xff, 0xff,
                                       1, 0, 0, 0 };
    static const uint8_t st_imm64[] = { 0x48, 0xc7, 0x47, 0x08,
                                        0xff, 0xff, 0xff, 0xff };
    static const uint8_t st_imm8[] = { 0xc6, 0x07, 0x5a };
    static const uint8_t no_base[] = { 0x46, 0x8b, 0x04, 0xa5,
                                       0x10, 0, 0, 0 };  /* r8d,[r12*4+16] */
    static const uint8_t r13[] = { 0x41, 0x89, 0x45, 0x00 };

    regs_init(&g);
    g_assert_true(decode(&g, rip_rel, &m));     /* dword [rip-0x10], 1 */
    g_assert_cmpuint(m.len, ==, 10);
    g_assert_cmphex(m.va, ==, RIP + 10 - 0x10);
    g_assert_true(m.write);
    g_assert_cmphex(mmio_store_value(&m), ==, 1);

    g_assert_true(decode(&g, st_imm64, &m));
    g_assert_cmpuint(m.size, ==, 8);
    g_assert_cmpuint(m.len, ==, 8);
    g_assert_cmphex(mmio_store_value(&m), ==, ~0ull);  /* sign-extended */

    g_assert_true(decode(&g, st_imm8, &m));
    g_assert_cmpuint(m.size, ==, 1);
    g_assert_cmpuint(m.len, ==, 3);
    g_assert_cmphex(mmio_store_value(&m), ==, 0x5a);

    g_assert_true(decode(&g, no_base, &m));
    g_assert_cmpuint(m.len, ==, 8);
    g_assert_cmphex(m.va, ==, g.r[R12] * 4 + 0x10);
    g_assert_true(m.reg == &g.r[R8]);

    g_assert_true(decode(&g, r13, &m));         /* [r13+0],eax */
    g_assert_cmphex(m.va, ==, g.r[R13]);
    g_assert_cmpuint(m.len, ==, 4);
}

static void test_extend(void)
{
    Regs g;
    MmioInsn m;
    static const uint8_t movzx8[] = { 0x0f, 0xb6, 0x47, 0x03 };
    static const uint8_t movsx16q[] = { 0x48, 0x0f, 0xbf, 0x07 };
    static const uint8_t movsx8[] = { 0x0f, 0xbe, 0x07 };

    regs_init(&g);
    g.r[RAX] = ~0ull;
    g_assert_true(decode(&g, movzx8, &m));
    g_assert_cmpuint(m.size, ==, 1);
    g_assert_cmpuint(m.len, ==, 4);
    g_assert_cmphex(m.va, ==, g.r[RDI] + 3);
    mmio_load_result(&m, 0x80);
    g_assert_cmphex(g.r[RAX], ==, 0x80);

    g_assert_true(decode(&g, movsx16q, &m));
    g_assert_cmpuint(m.size, ==, 2);
    mmio_load_result(&m, 0x8000);
    g_assert_cmphex(g.r[RAX], ==, 0xffffffffffff8000ull);

    g_assert_true(decode(&g, movsx8, &m));
    mmio_load_result(&m, 0x80);
    g_assert_cmphex(g.r[RAX], ==, 0xffffff80ull);
}

static void test_refused(void)
{
    static const uint8_t bad[][4] = {
        { 0xf3, 0xa5 },                 /* rep movsd */
        { 0xf0, 0x09, 0x07 },           /* lock or [rdi],eax */
        { 0x01, 0x07 },                 /* add [rdi],eax */
        { 0x89, 0xc7 },                 /* mov edi,eax: no memory */
        { 0xc7, 0x0f, 0, 0 },           /* c7 /1 */
        { 0xa1 },                       /* mov eax,moffs */
    };
    Regs g;
    MmioInsn m;

    regs_init(&g);
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        g_assert_false(decode(&g, bad[i], &m));
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/guest-mmio-decode/mov-reg", test_mov_reg);
    g_test_add_func("/guest-mmio-decode/byte-regs", test_byte_regs);
    g_test_add_func("/guest-mmio-decode/imm-addressing",
                    test_imm_and_addressing);
    g_test_add_func("/guest-mmio-decode/extend", test_extend);
    g_test_add_func("/guest-mmio-decode/refused", test_refused);
    return g_test_run();
}
