/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The system-mode A64 engine without a board: RAM at 0x40000000 and a
 * small MMIO device at 0x09000000 in an address space, one CPU at EL1.
 * Covers the memory path (flat MMU-off accesses through the soft TLB,
 * MMIO through the memory API, stage-1 translation faults as Data
 * Aborts with ESR/FAR/ELR), self-modifying code, SVC/ERET, WFI halting
 * and wake-up by an IRQ, the budget contract, DC ZVA, semihosting
 * (hw/arm/semihosting.c) and the -kernel parser (hw/arm/boot.c).
 * Instruction words were assembled with aarch64-linux-gnu-as.
 */
#include "qemu/osdep.h"
#include "target/arm/a64-sys.h"
#include "target/arm/sysreg.h"
#include "hw/arm/semihosting.h"
#include "hw/arm/boot.h"
#include "qapi/error.h"
#include "arm-sys-rig.h"

#define RAM_BASE    ARM_RIG_RAM_BASE
#define RAM_SIZE    0x100000ull
#define VBAR        (RAM_BASE + 0x8000)

typedef ArmSysRig Fixture;

static Fixture *fx_new(void)
{
    Fixture *f = arm_rig_new(RAM_SIZE, RAM_BASE, 0x1234);

    f->cpu->sys->el.vbar[1] = VBAR;
    return f;
}

#define X(f, n) ((f)->cpu->env.xregs[(n)])

static void test_flat_and_mmio(void)
{
    static const uint32_t code[] = {
        0xd2a80001,     /* mov  x1, #0x40000000 */
        0xd297dde2,     /* mov  x2, #0xbeef */
        0xf9040022,     /* str  x2, [x1, #2048] */
        0xf9440023,     /* ldr  x3, [x1, #2048] */
        0xd2a12005,     /* mov  x5, #0x9000000 */
        0xb90000a2,     /* str  w2, [x5] */
        0xb94004a6,     /* ldr  w6, [x5, #4] */
        0xa9010c22,     /* stp  x2, x3, [x1, #16] */
        0x14000000,     /* b    . */
    };
    Fixture *f = fx_new();

    arm_rig_code(f, RAM_BASE, code, G_N_ELEMENTS(code));
    g_assert_cmpint(arm_sys_exec(f->cpu, 20), ==, 20);
    g_assert_cmphex(arm_rig_ld64(f, RAM_BASE + 0x800), ==, 0xbeef);
    g_assert_cmphex(X(f, 3), ==, 0xbeef);
    g_assert_cmphex(f->mmio_last, ==, 0xbeef);
    g_assert_cmpuint(f->mmio_writes, ==, 1);
    g_assert_cmphex(X(f, 6), ==, 0x1238);
    g_assert_cmphex(arm_rig_ld64(f, RAM_BASE + 0x18), ==, 0xbeef);
    g_assert_cmphex(f->cpu->env.pc, ==, RAM_BASE + 0x20);
    arm_rig_free(f);
}

/*
 * MMU on, 39-bit VAs, 4K granule: one level-1 block maps VA 1-2 GiB to
 * PA 1-2 GiB; VA 0x80000000 has no descriptor: translation fault level 1.
 */
static void test_data_abort(void)
{
    static const uint32_t code[] = {
        0xd2b00001,     /* mov  x1, #0x80000000 */
        0xf9400022,     /* ldr  x2, [x1] */
        0x14000000,     /* b    . */
    };
    static const uint32_t vec[] = {
        0xd2800ee9,     /* mov  x9, #0x77 */
        0x14000000,     /* b    . */
    };
    Fixture *f = fx_new();
    ArmSysState *s = f->cpu->sys;
    uint64_t l1 = RAM_BASE + 0x10000, desc = htole64(RAM_BASE | 0x401);
    uint64_t esr;

    memcpy(f->host + l1 - RAM_BASE + 8, &desc, 8);  /* entry 1: block, AF */
    arm_rig_code(f, RAM_BASE, code, G_N_ELEMENTS(code));
    arm_rig_code(f, VBAR + 0x200, vec, G_N_ELEMENTS(vec));
    s->tcr[1] = 25 | (1ull << 23);          /* T0SZ 25, EPD1 */
    s->ttbr0[1] = l1;
    s->mair[1] = 0xff;
    s->el.sctlr[1] |= 1;
    arm_sys_tlb_flush(f->cpu);
    arm_sys_exec(f->cpu, 10);
    esr = s->el.esr[1];
    g_assert_cmphex(esr >> 26, ==, 0x25);           /* DABT, same EL */
    g_assert_cmphex(esr & 0x3f, ==, 0x05);          /* translation, L1 */
    g_assert_cmphex((esr >> 6) & 1, ==, 0);         /* a read */
    g_assert_cmphex(s->el.far[1], ==, 0x80000000);
    g_assert_cmphex(s->el.elr[1], ==, RAM_BASE + 4);
    g_assert_cmphex(X(f, 9), ==, 0x77);
    g_assert_cmpuint(f->cpu->se->exceptions_taken, ==, 1);
    arm_rig_free(f);
}

/* A store over the next instruction of the running block takes effect. */
static void test_self_modifying(void)
{
    static const uint32_t code[] = {
        0x10000061,     /* adr  x1, 1f */
        0x18000082,     /* ldr  w2, 2f */
        0xb9000022,     /* str  w2, [x1] */
        0xd2800027,     /* 1: mov x7, #1 */
        0x14000000,     /* b    . */
        0xd2800047,     /* 2: mov x7, #2 (data) */
    };
    Fixture *f = fx_new();

    arm_rig_code(f, RAM_BASE, code, G_N_ELEMENTS(code));
    arm_sys_exec(f->cpu, 10);
    g_assert_cmphex(X(f, 7), ==, 2);
    arm_rig_free(f);
}

static void test_svc_eret(void)
{
    static const uint32_t code[] = {
        0xd40000a1,     /* svc  #5 */
        0xd280004b,     /* mov  x11, #2 */
        0x14000000,     /* b    . */
    };
    static const uint32_t vec[] = {
        0xd280002a,     /* mov  x10, #1 */
        0xd69f03e0,     /* eret */
    };
    Fixture *f = fx_new();
    ArmSysState *s = f->cpu->sys;

    arm_rig_code(f, RAM_BASE, code, G_N_ELEMENTS(code));
    arm_rig_code(f, VBAR + 0x200, vec, G_N_ELEMENTS(vec));
    f->cpu->env.nzcv = 0x60000000;
    arm_sys_exec(f->cpu, 10);
    g_assert_cmphex(s->el.esr[1], ==, (0x15u << 26) | (1u << 25) | 5);
    g_assert_cmphex(s->el.elr[1], ==, RAM_BASE + 4);
    g_assert_cmphex(X(f, 10), ==, 1);
    g_assert_cmphex(X(f, 11), ==, 2);
    g_assert_cmphex(f->cpu->env.nzcv, ==, 0x60000000);
    g_assert_cmpuint(s->el.el, ==, 1);
    arm_rig_free(f);
}

/* ERET to an EL that does not exist: Illegal Execution State next. */
static void test_illegal_eret(void)
{
    static const uint32_t code[] = {
        0xd69f03e0,     /* eret */
    };
    static const uint32_t vec[] = {
        0xd2800ee9,     /* mov  x9, #0x77 */
        0x14000000,     /* b    . */
    };
    static const uint32_t target[] = {
        0x14000000,     /* b    . (never runs) */
    };
    Fixture *f = fx_new();
    ArmSysState *s = f->cpu->sys;

    arm_rig_code(f, RAM_BASE, code, G_N_ELEMENTS(code));
    arm_rig_code(f, RAM_BASE + 0x100, target, G_N_ELEMENTS(target));
    arm_rig_code(f, VBAR + 0x200, vec, G_N_ELEMENTS(vec));
    s->el.spsr[1] = 0x9;                    /* EL2h: no EL2 here */
    s->el.elr[1] = RAM_BASE + 0x100;
    arm_sys_exec(f->cpu, 10);
    g_assert_cmphex(s->el.esr[1] >> 26, ==, 0x0e);
    g_assert_cmphex(s->el.elr[1], ==, RAM_BASE + 0x100);
    g_assert_true(s->el.spsr[1] & (1u << 20));      /* IL saved */
    g_assert_false(s->el.pstate & (1u << 20));      /* and cleared */
    g_assert_cmphex(X(f, 9), ==, 0x77);
    arm_rig_free(f);
}

/* WFI halts; an IRQ wakes it; unmasked, the IRQ is taken at VBAR+0x280. */
static void test_wfi_irq(void)
{
    static const uint32_t code[] = {
        0xd503207f,     /* wfi */
        0xd280006c,     /* mov  x12, #3 */
        0xd50342ff,     /* msr  daifclr, #2 */
        0x14000000,     /* b    . */
    };
    static const uint32_t vec[] = {
        0xd2800ee9,     /* mov  x9, #0x77 */
        0x14000000,     /* b    . */
    };
    Fixture *f = fx_new();
    ArmSysState *s = f->cpu->sys;

    arm_rig_code(f, RAM_BASE, code, G_N_ELEMENTS(code));
    arm_rig_code(f, VBAR + 0x280, vec, G_N_ELEMENTS(vec));
    g_assert_cmpint(arm_sys_exec(f->cpu, 100), ==, 1);
    g_assert_true(f->cpu->se->halted);
    g_assert_false(arm_sys_has_work(f->cpu));
    g_assert_cmpint(arm_sys_exec(f->cpu, 100), ==, 0);   /* still asleep */
    arm_sys_set_irq(f->cpu, A64_SYS_IN_IRQ, true);
    g_assert_true(arm_sys_has_work(f->cpu));
    arm_sys_exec(f->cpu, 100);
    g_assert_cmphex(X(f, 12), ==, 3);
    g_assert_cmphex(X(f, 9), ==, 0x77);
    g_assert_cmphex(s->el.elr[1], ==, RAM_BASE + 12);
    g_assert_true(s->el.pstate & 0x80);     /* I masked by the entry */
    arm_rig_free(f);
}

/* exec() never runs more than its budget, whatever the block sizes. */
static void test_budget(void)
{
    static const uint32_t code[] = {
        0x910005ad,     /* 1: add x13, x13, #1 */
        0x17ffffff,     /* b    1b */
    };
    Fixture *f = fx_new();
    int64_t total = 0;

    arm_rig_code(f, RAM_BASE, code, G_N_ELEMENTS(code));
    for (int64_t budget = 1; budget < 300; budget += 37) {
        g_assert_cmpint(arm_sys_exec(f->cpu, budget), ==, budget);
        total += budget;
    }
    g_assert_cmpint(arm_sys_exec(f->cpu, 100000), ==, 100000);
    total += 100000;
    /* the loop starts with the ADD: ceil(total / 2) of them ran */
    g_assert_cmpuint(X(f, 13), ==, (total + 1) / 2);
    arm_rig_free(f);
}

static void test_dc_zva(void)
{
    static const uint32_t code[] = {
        0xd50b7421,     /* dc   zva, x1 */
        0x14000000,     /* b    . */
    };
    Fixture *f = fx_new();

    arm_rig_code(f, RAM_BASE, code, G_N_ELEMENTS(code));
    memset(f->host + 0x1000, 0xaa, 0x100);
    X(f, 1) = RAM_BASE + 0x1048;
    arm_sys_exec(f->cpu, 2);
    for (int i = 0; i < 0x100; i++) {
        g_assert_cmphex(f->host[0x1000 + i], ==,
                        i >= 0x40 && i < 0x80 ? 0 : 0xaa);
    }
    arm_rig_free(f);
}

static void test_semihosting(void)
{
    Fixture *f = fx_new();
    ArmSemiConfig cfg = { .heap_base = 1, .heap_limit = 2,
                          .stack_base = 3, .stack_limit = 4 };
    g_autofree char *text = NULL;
    uint64_t blk[2] = { htole64(ARM_SEMI_APPLICATION_EXIT), htole64(42) };
    uint64_t ptr = htole64(RAM_BASE + 0x3000);
    size_t len;

    cfg.out = open_memstream(&text, &len);
    memcpy(f->host + 0x2000, "hello\n", 7);
    X(f, 0) = ARM_SEMI_WRITE0;
    X(f, 1) = RAM_BASE + 0x2000;
    g_assert_true(arm_semihosting_call(NULL, f->cpu, &cfg));
    g_assert_cmphex(X(f, 0), ==, 0);
    /* a pointer to nowhere: an error result, nothing printed */
    X(f, 0) = ARM_SEMI_WRITE0;
    X(f, 1) = 0x7000000000ull;
    arm_semihosting_call(NULL, f->cpu, &cfg);
    g_assert_cmphex(X(f, 0), ==, UINT64_MAX);
    X(f, 0) = ARM_SEMI_WRITEC;
    X(f, 1) = RAM_BASE + 0x2001;
    arm_semihosting_call(NULL, f->cpu, &cfg);
    fclose(cfg.out);
    g_assert_cmpstr(text, ==, "hello\ne");
    /* HEAPINFO: x1 points at a word holding the block's address */
    memcpy(f->host + 0x2100, &ptr, 8);
    X(f, 0) = ARM_SEMI_HEAPINFO;
    X(f, 1) = RAM_BASE + 0x2100;
    arm_semihosting_call(NULL, f->cpu, &cfg);
    g_assert_cmphex(X(f, 0), ==, 0);
    g_assert_cmphex(arm_rig_ld64(f, RAM_BASE + 0x3000), ==, 1);
    g_assert_cmphex(arm_rig_ld64(f, RAM_BASE + 0x3018), ==, 4);
    memcpy(f->host + 0x2200, blk, sizeof(blk));
    X(f, 0) = ARM_SEMI_EXIT_EXTENDED;
    X(f, 1) = RAM_BASE + 0x2200;
    arm_semihosting_call(NULL, f->cpu, &cfg);
    g_assert_true(cfg.exited);
    g_assert_cmpint(cfg.exit_status, ==, 42);
    arm_rig_free(f);
}

static void test_boot_parse(void)
{
    uint8_t img[128] = { 0 };
    ArmBootInfo b;
    Error *err = NULL;

    /* arm64 Image: text_offset 0x200000, image_size 0x10000 */
    img[9] = 0x00;
    img[10] = 0x20;
    img[18] = 0x01;
    memcpy(img + 56, "ARM\x64", 4);
    g_assert_true(arm_boot_parse(&b, img, sizeof(img), RAM_BASE,
                                 RAM_SIZE * 16, &error_abort));
    g_assert_cmpint(b.format, ==, ARM_BOOT_IMAGE);
    g_assert_cmphex(b.entry, ==, RAM_BASE + 0x200000);
    g_assert_cmphex(b.high, ==, RAM_BASE + 0x210000);
    /* the same Image does not fit in 1 MiB of RAM */
    g_assert_false(arm_boot_parse(&b, img, sizeof(img), RAM_BASE, RAM_SIZE,
                                  &err));
    error_free(err);
    err = NULL;
    /* raw: at RAM + 0x80000 */
    memset(img, 0x11, sizeof(img));
    g_assert_true(arm_boot_parse(&b, img, sizeof(img), RAM_BASE, RAM_SIZE,
                                 &error_abort));
    g_assert_cmpint(b.format, ==, ARM_BOOT_RAW);
    g_assert_cmphex(b.entry, ==, RAM_BASE + 0x80000);
    /* a gzip header over garbage is refused as corrupt, with a reason */
    img[0] = 0x1f;
    img[1] = 0x8b;
    g_assert_false(arm_boot_parse(&b, img, sizeof(img), RAM_BASE, RAM_SIZE,
                                  &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "gzip"));
    error_free(err);
    err = NULL;
    /* an ELF whose program headers lie outside the file */
    memset(img, 0, sizeof(img));
    memcpy(img, "\x7f" "ELF\x02\x01", 6);
    img[16] = 2;
    img[18] = 183;
    img[32] = 0xf0;     /* e_phoff */
    img[54] = 56;
    img[56] = 1;
    g_assert_false(arm_boot_parse(&b, img, sizeof(img), RAM_BASE, RAM_SIZE,
                                  &err));
    error_free(err);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/a64-sys/flat-and-mmio", test_flat_and_mmio);
    g_test_add_func("/a64-sys/data-abort", test_data_abort);
    g_test_add_func("/a64-sys/self-modifying", test_self_modifying);
    g_test_add_func("/a64-sys/svc-eret", test_svc_eret);
    g_test_add_func("/a64-sys/illegal-eret", test_illegal_eret);
    g_test_add_func("/a64-sys/wfi-irq", test_wfi_irq);
    g_test_add_func("/a64-sys/budget", test_budget);
    g_test_add_func("/a64-sys/dc-zva", test_dc_zva);
    g_test_add_func("/a64-sys/semihosting", test_semihosting);
    g_test_add_func("/a64-sys/boot-parse", test_boot_parse);
    return g_test_run();
}
