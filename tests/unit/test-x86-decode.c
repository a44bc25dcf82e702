/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Directed tests of the x86-64 engine: decoder corner cases (prefix
 * combinations, REX placement, RIP-relative, SIB without base, r12/r13
 * bases), byte registers, lazy flags, stack and branches, REP strings,
 * #UD/#GP/#DE with the faulting RIP, budgets, self-modifying code and the
 * block cache.
 */
#include "qemu/osdep.h"
#include "x86-test-vm.h"

#define RAM_SIZE  0x20000
#define CODE      0x1000
#define DATA      0x8000
#define STACK     0x10000

static TestVM *vm_new(void)
{
    return test_vm_new(RAM_SIZE, CODE, STACK);
}

/* Load @code at CODE followed by HLT and run it from virtual @rip. */
static int64_t vm_run_at(TestVM *vm, uint64_t rip, const char *hex)
{
    size_t n = 0;

    for (const char *p = hex; *p; ) {
        unsigned b;

        if (*p == ' ') {
            p++;
            continue;
        }
        g_assert(sscanf(p, "%2x", &b) == 1);
        vm->mem[CODE + n++] = b;
        p += 2;
    }
    vm->mem[CODE + n] = 0xf4;
    block_cache_invalidate_all(&vm->cpu->cache);
    vm->cpu->halted = false;
    vm->cpu->env.rip = rip;
    return x86_cpu_exec(vm->cpu, 100000);
}

static int64_t vm_run(TestVM *vm, const char *hex)
{
    return vm_run_at(vm, CODE, hex);
}

static uint64_t *R(TestVM *vm)
{
    return vm->cpu->env.regs;
}

static void test_mov_basic(void)
{
    TestVM *vm = vm_new();

    /* mov eax,0x12345678; mov rbx,-1; mov ebx,eax; add rax,rbx */
    g_assert_cmpint(vm_run(vm, "b8 78 56 34 12  48 c7 c3 ff ff ff ff "
                           "89 c3  48 01 d8"), ==, 5);
    g_assert_cmphex(R(vm)[R_EBX], ==, 0x12345678);
    g_assert_cmphex(R(vm)[R_EAX], ==, 0x2468acf0);
    g_assert_cmpint(vm->cpu->exit_reason, ==, X86_EXIT_HLT);
    g_assert_cmphex(vm->cpu->env.rip, ==, CODE + 18);
    test_vm_free(vm);
}

static void test_prefixes(void)
{
    TestVM *vm = vm_new();

    R(vm)[R_EAX] = 0x1111111111111111ull;
    /* 66 then REX.W: REX.W wins, 64-bit movabs */
    vm_run(vm, "66 48 b8 88 77 66 55 44 33 22 11");
    g_assert_cmphex(R(vm)[R_EAX], ==, 0x1122334455667788ull);
    /* REX before 66 is not the last prefix: ignored, 16-bit move */
    R(vm)[R_EAX] = 0x1111111111111111ull;
    vm_run(vm, "48 66 b8 34 12");
    g_assert_cmphex(R(vm)[R_EAX], ==, 0x1111111111111234ull);
    /* two REX: only the last counts (41 -> r8) */
    vm_run(vm, "48 41 b8 01 00 00 00");
    g_assert_cmphex(R(vm)[R_R8], ==, 1);
    /* high byte registers: mov al,ah; with REX: mov al,spl */
    R(vm)[R_EAX] = 0xabcd;
    vm_run(vm, "88 e0");
    g_assert_cmphex(R(vm)[R_EAX], ==, 0xabab);
    R(vm)[R_ESP] = 0x10042;
    vm_run(vm, "40 88 e0");
    g_assert_cmphex(R(vm)[R_EAX], ==, 0xab42);
    /* ENDBR64, PAUSE, multi-byte NOPs are NOPs */
    R(vm)[R_EAX] = 7;
    g_assert_cmpint(vm_run(vm, "f3 0f 1e fa  f3 90  0f 1f 44 00 00  "
                           "66 0f 1f 84 00 00 00 00 00  90"), ==, 6);
    g_assert_cmphex(R(vm)[R_EAX], ==, 7);
    /* xchg r8,rax is 41 90, not a NOP */
    R(vm)[R_R8] = 5;
    vm_run(vm, "49 90");
    g_assert_cmphex(R(vm)[R_EAX], ==, 5);
    g_assert_cmphex(R(vm)[R_R8], ==, 7);
    test_vm_free(vm);
}

static void test_addressing(void)
{
    TestVM *vm = vm_new();

    memcpy(vm->mem + DATA, "\x11\x22\x33\x44\x55\x66\x77\x88", 8);
    /* RIP-relative: mov rax,[rip+disp] at CODE, len 7 */
    vm_run(vm, "48 8b 05 f9 6f 00 00");
    g_assert_cmphex(R(vm)[R_EAX], ==, 0x8877665544332211ull);
    /* SIB without base: mov eax,[rcx*4+DATA] */
    R(vm)[R_ECX] = 1;
    vm_run(vm, "8b 04 8d fc 7f 00 00");
    g_assert_cmphex(R(vm)[R_EAX], ==, 0x44332211);
    /* SIB base=101 mod=0 with REX.B is still "no base": not r13 */
    R(vm)[R_R13] = 0x100000;
    vm_run(vm, "41 8b 04 25 00 80 00 00");
    g_assert_cmphex(R(vm)[R_EAX], ==, 0x44332211);
    /* rm=101 mod=0 with REX.B is RIP-relative, not [r13] */
    vm_run(vm, "41 8b 05 f9 6f 00 00");
    g_assert_cmphex(R(vm)[R_EAX], ==, 0x44332211);
    /* [r13+0] needs mod=1; [r12] needs a SIB */
    R(vm)[R_R13] = DATA + 1;
    R(vm)[R_R12] = DATA + 2;
    vm_run(vm, "41 0f b6 45 00  41 0f b6 1c 24");
    g_assert_cmphex(R(vm)[R_EAX], ==, 0x22);
    g_assert_cmphex(R(vm)[R_EBX], ==, 0x33);
    /* index 100 without REX.X is none; with REX.X it is r12 */
    R(vm)[R_EBX] = DATA;
    R(vm)[R_R12] = 1;
    vm_run(vm, "0f b6 04 23  42 0f b6 0c 23");
    g_assert_cmphex(R(vm)[R_EAX], ==, 0x11);
    g_assert_cmphex(R(vm)[R_ECX], ==, 0x22);
    /* 67: 32-bit address arithmetic wraps */
    R(vm)[R_EBX] = 0xffffffffull + DATA + 1;    /* bit 32 set */
    vm_run(vm, "67 8b 03");
    g_assert_cmphex(R(vm)[R_EAX], ==, 0x44332211);
    /* lea with 32-bit operand truncates */
    R(vm)[R_ECX] = 0x100000001ull;
    vm_run(vm, "8d 44 09 02");
    g_assert_cmphex(R(vm)[R_EAX], ==, 4);
    test_vm_free(vm);
}

static void test_flags(void)
{
    TestVM *vm = vm_new();
    uint64_t f;

    /* cmp eax,ebx with 1 vs 2; setb cl; setl dl; seto bl */
    R(vm)[R_EAX] = 1;
    R(vm)[R_EBX] = 2;
    vm_run(vm, "39 d8  0f 92 c1  0f 9c c2  0f 90 c7");
    g_assert_cmphex(R(vm)[R_ECX] & 0xff, ==, 1);
    g_assert_cmphex(R(vm)[R_EDX] & 0xff, ==, 1);
    f = x86_get_eflags(&vm->cpu->env);
    g_assert_cmphex(f & X86_ARITH_FLAGS, ==,
                    X86_CF | X86_SF | X86_AF | X86_PF);
    /* add al,0x7f with al=1: OF, SF, AF; then adc al,0 keeps */
    R(vm)[R_EAX] = 1;
    vm_run(vm, "04 7f");
    f = x86_get_eflags(&vm->cpu->env);
    g_assert_cmphex(f & X86_ARITH_FLAGS, ==, X86_OF | X86_SF | X86_AF);
    /* stc; adc eax,ebx with eax=ebx=0xffffffff: CF from carry-in */
    R(vm)[R_EAX] = R(vm)[R_EBX] = 0xffffffff;
    vm_run(vm, "f9  11 d8");
    g_assert_cmphex(R(vm)[R_EAX], ==, 0xffffffff);
    f = x86_get_eflags(&vm->cpu->env);
    g_assert_cmphex(f & (X86_CF | X86_ZF | X86_OF), ==, X86_CF);
    /* inc keeps CF; dec to zero sets ZF */
    vm_run(vm, "f9  b8 01 00 00 00  ff c8");
    f = x86_get_eflags(&vm->cpu->env);
    g_assert_cmphex(f & (X86_CF | X86_ZF), ==, X86_CF | X86_ZF);
    test_vm_free(vm);
}

static void test_stack_branches(void)
{
    TestVM *vm = vm_new();

    /*
     * 0: call +6 (to 11)
     * 5: add rax,1 ; hlt        48 83 c0 01 (then jmp to end)
     * 9: jmp +3 (to 14)         eb 03
     * 11: mov al,5 ; ret        b0 05 c3
     * 14: (hlt appended)
     */
    R(vm)[R_EAX] = 0;
    vm_run(vm, "e8 06 00 00 00  48 83 c0 01  eb 03  b0 05 c3");
    g_assert_cmphex(R(vm)[R_EAX], ==, 6);
    g_assert_cmphex(R(vm)[R_ESP], ==, STACK);
    g_assert_cmphex(vm->cpu->env.rip, ==, CODE + 15);
    /* push/pop, 16-bit push, leave */
    R(vm)[R_EBX] = 0x1234;
    vm_run(vm, "53  66 6a ff  66 58  59");
    g_assert_cmphex(R(vm)[R_EAX] & 0xffff, ==, 0xffff);
    g_assert_cmphex(R(vm)[R_ECX], ==, 0x1234);
    g_assert_cmphex(R(vm)[R_ESP], ==, STACK);
    /* loop: mov ecx,10; xor eax,eax; L: add eax,ecx; dec ecx; jnz L */
    vm_run(vm, "b9 0a 00 00 00  31 c0  01 c8  ff c9  75 fa");
    g_assert_cmphex(R(vm)[R_EAX], ==, 55);
    test_vm_free(vm);
}

static void test_strings(void)
{
    TestVM *vm = vm_new();

    /* rep stosb 5 bytes of 0xaa at DATA; rep movsq 2 qwords */
    R(vm)[R_EDI] = DATA;
    R(vm)[R_ECX] = 5;
    R(vm)[R_EAX] = 0xaa;
    vm_run(vm, "fc f3 aa");
    g_assert_cmphex(vm->mem[DATA + 4], ==, 0xaa);
    g_assert_cmphex(vm->mem[DATA + 5], ==, 0);
    g_assert_cmphex(R(vm)[R_EDI], ==, DATA + 5);
    g_assert_cmphex(R(vm)[R_ECX], ==, 0);
    R(vm)[R_ESI] = DATA;
    R(vm)[R_EDI] = DATA + 0x100;
    R(vm)[R_ECX] = 2;
    vm_run(vm, "f3 48 a5");
    g_assert_cmpmem(vm->mem + DATA, 16, vm->mem + DATA + 0x100, 16);
    /* repne scasb finds the zero after the 0xaa run */
    R(vm)[R_EDI] = DATA;
    R(vm)[R_ECX] = 100;
    R(vm)[R_EAX] = 0;
    vm_run(vm, "f2 ae");
    g_assert_cmphex(R(vm)[R_EDI], ==, DATA + 6);
    g_assert_cmphex(R(vm)[R_ECX], ==, 94);
    /* a long rep stosd restarts in chunks and still completes */
    R(vm)[R_EDI] = DATA;
    R(vm)[R_ECX] = 10000;
    R(vm)[R_EAX] = 0x01020304;
    vm_run(vm, "f3 ab");
    g_assert_cmphex(R(vm)[R_ECX], ==, 0);
    g_assert_cmphex(vm->mem[DATA + 39999], ==, 1);
    test_vm_free(vm);
}

static void test_faults(void)
{
    TestVM *vm = vm_new();

    /* lock on a register destination: #UD at that instruction */
    vm_run(vm, "90  f0 01 c0");
    g_assert_cmpint(vm->cpu->exit_reason, ==, X86_EXIT_EXCEPTION);
    g_assert_cmpint(vm->cpu->exception_index, ==, X86_EXCP_UD);
    g_assert_cmphex(vm->cpu->env.rip, ==, CODE + 1);
    /* ud2 */
    vm_run(vm, "0f 0b");
    g_assert_cmpint(vm->cpu->exception_index, ==, X86_EXCP_UD);
    /* 16 bytes: #GP */
    vm_run(vm, "66 66 66 66 66 66 66 66 66 66 66 66 48 b8 00 00 00 00");
    g_assert_cmpint(vm->cpu->exception_index, ==, X86_EXCP_GP);
    g_assert_cmphex(vm->cpu->env.rip, ==, CODE);
    /* div by zero: #DE, rax untouched, two instructions counted */
    R(vm)[R_EAX] = 9;
    R(vm)[R_ECX] = 0;
    g_assert_cmpint(vm_run(vm, "90 90 f7 f1"), ==, 2);
    g_assert_cmpint(vm->cpu->exception_index, ==, X86_EXCP_DE);
    g_assert_cmphex(vm->cpu->env.rip, ==, CODE + 2);
    g_assert_cmphex(R(vm)[R_EAX], ==, 9);
    /* non-canonical memory access: #GP */
    R(vm)[R_EBX] = 0x0000800000000000ull;
    vm_run(vm, "8b 03");
    g_assert_cmpint(vm->cpu->exception_index, ==, X86_EXCP_GP);
    test_vm_free(vm);
}

static void test_budget_and_cache(void)
{
    TestVM *vm = vm_new();
    BlockCache *c = &vm->cpu->cache;

    /* five incs then hlt: a budget of 3 stops at the fourth */
    memcpy(vm->mem + CODE, "\xff\xc0\xff\xc0\xff\xc0\xff\xc0\xff\xc0\xf4",
           11);
    R(vm)[R_EAX] = 0;
    g_assert_cmpint(x86_cpu_exec(vm->cpu, 3), ==, 3);
    g_assert_cmphex(vm->cpu->env.rip, ==, CODE + 6);
    g_assert_cmpint(vm->cpu->exit_reason, ==, X86_EXIT_BUDGET);
    g_assert_cmpint(x86_cpu_exec(vm->cpu, 100), ==, 3);
    g_assert_cmphex(R(vm)[R_EAX], ==, 5);
    g_assert_cmpint(vm->cpu->exit_reason, ==, X86_EXIT_HLT);
    /* halted: exec runs nothing */
    g_assert_cmpint(x86_cpu_exec(vm->cpu, 100), ==, 0);
    g_assert_true(block_cache_page_has_code(c, CODE));
    test_vm_free(vm);
}

/*
 * Self-modifying code: the store rewrites the immediate of the next
 * instruction in the same block; the new value must be used.
 */
static void test_smc(void)
{
    TestVM *vm = vm_new();
    uint64_t before;

    /* mov byte [rip+1],0x42 (7 bytes) ; mov al,0x11 (b0 11) */
    vm_run(vm, "c6 05 01 00 00 00 42  b0 11");
    g_assert_cmphex(R(vm)[R_EAX] & 0xff, ==, 0x42);
    /* running it again decodes the stored code (now b0 42) */
    before = vm->cpu->cache.n_invalidated;
    vm->cpu->halted = false;
    vm->cpu->env.rip = CODE;
    x86_cpu_exec(vm->cpu, 100);
    g_assert_cmphex(R(vm)[R_EAX] & 0xff, ==, 0x42);
    g_assert_cmpint(vm->cpu->cache.n_invalidated, >, before);
    test_vm_free(vm);
}

static void test_muldiv(void)
{
    TestVM *vm = vm_new();

    /* mul rcx: rdx:rax = 2^63 * 4 */
    R(vm)[R_EAX] = 1ull << 63;
    R(vm)[R_ECX] = 4;
    vm_run(vm, "48 f7 e1");
    g_assert_cmphex(R(vm)[R_EAX], ==, 0);
    g_assert_cmphex(R(vm)[R_EDX], ==, 2);
    /* idiv ecx: -7 / 2 = -3 rem -1 */
    R(vm)[R_EAX] = (uint32_t)-7;
    R(vm)[R_EDX] = 0xffffffff;
    R(vm)[R_ECX] = 2;
    vm_run(vm, "f7 f9");
    g_assert_cmphex(R(vm)[R_EAX], ==, 0xfffffffd);
    g_assert_cmphex(R(vm)[R_EDX], ==, 0xffffffff);
    /* idiv of INT64_MIN by -1: #DE, no host trap */
    R(vm)[R_EAX] = 1ull << 63;
    R(vm)[R_EDX] = ~0ull;
    R(vm)[R_ECX] = ~0ull;
    vm_run(vm, "48 f7 f9");
    g_assert_cmpint(vm->cpu->exception_index, ==, X86_EXCP_DE);
    /* imul r64, r/m64, imm8 */
    R(vm)[R_EBX] = 7;
    vm_run(vm, "48 6b c3 fd");
    g_assert_cmphex(R(vm)[R_EAX], ==, (uint64_t)-21);
    test_vm_free(vm);
}

/*
 * Robustness: random bytes as code (with registers pointing into RAM or
 * anywhere) must never crash or hang the engine; every run ends by HLT,
 * an exception or the budget.
 */
static void test_random_code(void)
{
    TestVM *vm = vm_new();
    int64_t total = 0;

    for (unsigned i = 0; i < 2000; i++) {
        for (unsigned j = 0; j < 64; j++) {
            vm->mem[CODE + j] = g_test_rand_int();
        }
        for (unsigned r = 0; r < 16; r++) {
            R(vm)[r] = g_test_rand_int_range(0, 4) ? g_test_rand_int() %
                       RAM_SIZE : (uint64_t)g_test_rand_int() << 40;
        }
        x86_cpu_set_flat64(vm->cpu, CODE);
        x86_set_eflags(&vm->cpu->env, g_test_rand_int() & 0xcd5);
        block_cache_invalidate_all(&vm->cpu->cache);
        vm->cpu->halted = false;
        total += x86_cpu_exec(vm->cpu, 2000);
        g_assert_cmpint(vm->cpu->exit_reason, !=, X86_EXIT_NONE);
    }
    g_test_message("%" PRId64 " random instructions executed", total);
    test_vm_free(vm);
}

/* A device register file behind MMIO: loads and stores reach it. */
static uint64_t mmio_read(void *opaque, hwaddr off, unsigned size)
{
    return 0x1122334455667788ull >> (8 * (off & 7));
}

static void mmio_write(void *opaque, hwaddr off, uint64_t val, unsigned size)
{
    uint64_t *log = opaque;

    *log = (off << 56) | ((uint64_t)size << 48) | (val & 0xffffffffffff);
}

static const MemoryRegionOps mmio_ops = {
    .read = mmio_read,
    .write = mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
};

static void test_mmio(void)
{
    TestVM *vm = vm_new();
    MemoryRegion dev;
    uint64_t log = 0;

    memory_region_init_io(&dev, NULL, &mmio_ops, &log, "dev", 0x1000);
    memory_region_add_subregion(&vm->root, 0x100000, &dev);
    /* mov eax,[rbx+4]; mov word [rbx+2],cx; mov dl,[0x100001] */
    R(vm)[R_EBX] = 0x100000;
    R(vm)[R_ECX] = 0xbeef;
    vm_run(vm, "8b 43 04  66 89 4b 02  8a 14 25 01 00 10 00");
    g_assert_cmphex(R(vm)[R_EAX], ==, 0x11223344);
    g_assert_cmphex(log, ==, (2ull << 56) | (2ull << 48) | 0xbeef);
    g_assert_cmphex(R(vm)[R_EDX] & 0xff, ==, 0x77);
    /* an unassigned address reads as all-ones */
    R(vm)[R_EBX] = 0x200000;
    vm_run(vm, "48 8b 03");
    g_assert_cmphex(R(vm)[R_EAX], ==, ~0ull);
    memory_region_del_subregion(&vm->root, &dev);
    memory_region_finalize(&dev);
    test_vm_free(vm);
}

/* Port I/O through the I/O address space; the device kicks the CPU. */
typedef struct IODev {
    MemoryRegion mr;
    GString *log;
    X86CPU *cpu;
} IODev;

static uint64_t iodev_read(void *opaque, hwaddr off, unsigned size)
{
    IODev *d = opaque;

    g_string_append_printf(d->log, "in%u@%" PRIx64 " ", size, off);
    return 0xa5a5a5a5;
}

static void iodev_write(void *opaque, hwaddr off, uint64_t val,
                        unsigned size)
{
    IODev *d = opaque;

    g_string_append_printf(d->log, "out%u@%" PRIx64 "=%" PRIx64 " ", size,
                           off, val);
    if (off == 4) {
        d->cpu->exit_request = true;    /* like isa-debug-exit stopping */
    }
}

static const MemoryRegionOps iodev_ops = {
    .read = iodev_read,
    .write = iodev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

static void test_port_io(void)
{
    TestVM *vm = vm_new();
    MemoryRegion ioroot;
    AddressSpace io;
    IODev dev = { .log = g_string_new(NULL), .cpu = vm->cpu };

    memory_region_init(&ioroot, NULL, "io", 0x10000);
    memory_region_init_io(&dev.mr, NULL, &iodev_ops, &dev, "dev", 8);
    memory_region_add_subregion(&ioroot, 0x3f8, &dev.mr);
    address_space_init(&io, &ioroot, "io");
    x86_cpu_set_io(vm->cpu, &io);
    /* mov dx,0x3fa; out dx,ax; mov dl,0xfc; in eax,dx; mov dl,0xf8; out */
    R(vm)[R_EAX] = 0x4142;
    vm_run(vm, "66 ba fa 03  66 ef  b2 fc  ed  b2 f8  ee");
    g_assert_cmpstr(dev.log->str, ==, "out2@2=4142 in4@4 out1@0=a5 ");
    g_assert_cmphex(R(vm)[R_EAX], ==, 0xa5a5a5a5);
    /* imm8 ports (0x80 is unassigned: reads all-ones) */
    vm_run(vm, "e4 80  e6 80");
    g_assert_cmphex(R(vm)[R_EAX], ==, 0xa5a5a5ff);
    /* a write that kicks the CPU ends exec after that instruction */
    g_string_truncate(dev.log, 0);
    R(vm)[R_EDX] = 0x3fc;
    g_assert_cmpint(vm_run(vm, "ee  90 90"), ==, 1);
    g_assert_cmpint(vm->cpu->exit_reason, ==, X86_EXIT_KICK);
    g_assert_cmphex(vm->cpu->env.rip, ==, CODE + 1);
    /* REP OUTSB from [RSI], REP INSW to [RDI] (string port I/O) */
    g_string_truncate(dev.log, 0);
    memcpy(vm->mem + DATA, "xyz", 3);
    R(vm)[R_EDX] = 0x3f9;
    R(vm)[R_ECX] = 3;
    R(vm)[R_ESI] = DATA;
    R(vm)[R_EDI] = DATA + 0x10;
    vm_run(vm, "f3 6e  b1 02  b2 fa  66 f3 6d");
    g_assert_cmpstr(dev.log->str, ==, "out1@1=78 out1@1=79 out1@1=7a "
                    "in2@2 in2@2 ");
    g_assert_cmphex(R(vm)[R_ESI], ==, DATA + 3);
    g_assert_cmphex(R(vm)[R_EDI], ==, DATA + 0x14);
    g_assert_cmphex(vm->mem[DATA + 0x13], ==, 0xa5);
    /* CPL 3 with IOPL 0: #GP */
    vm->cpu->env.segs[R_CS].flags |= 3u << X86_DESC_DPL_SHIFT;
    x86_update_hflags(vm->cpu);
    vm_run(vm, "ec");
    g_assert_cmpint(vm->cpu->exception_index, ==, X86_EXCP_GP);
    test_vm_free(vm);
    g_string_free(dev.log, true);
    address_space_destroy(&io);
    memory_region_finalize(&dev.mr);
    memory_region_finalize(&ioroot);
}

/* A block crossing into the next page, then a write to that page. */
static void test_page_crossing(void)
{
    TestVM *vm = vm_new();
    uint64_t page2 = CODE + 0x1000;

    /* mov eax, imm32 straddling the page end: b8 at page2 - 2 */
    memcpy(vm->mem + page2 - 2, "\xb8\x01\x02\x03\x04\xf4", 6);
    x86_cpu_set_flat64(vm->cpu, page2 - 2);
    x86_cpu_exec(vm->cpu, 10);
    g_assert_cmphex(R(vm)[R_EAX], ==, 0x04030201);
    g_assert_true(block_cache_page_has_code(&vm->cpu->cache, page2));
    /* writing the second page drops the block: new immediate runs */
    R(vm)[R_EBX] = page2 + 1;
    vm->cpu->halted = false;
    x86_cpu_set_flat64(vm->cpu, CODE);
    memcpy(vm->mem + CODE, "\xc6\x03\x09\xf4", 4);  /* mov byte [rbx],9 */
    x86_cpu_exec(vm->cpu, 10);
    vm->cpu->halted = false;
    x86_cpu_set_flat64(vm->cpu, page2 - 2);
    x86_cpu_exec(vm->cpu, 10);
    g_assert_cmphex(R(vm)[R_EAX], ==, 0x04090201);
    test_vm_free(vm);
}

/* The scheduler drives the vCPU through VCPUOps until HLT. */
static void test_scheduler(void)
{
    TestVM *vm = vm_new();
    QEMUClocks *clocks = qemu_clocks_new();
    CPUScheduler *s = cpu_scheduler_new(clocks);

    /* mov ecx,1000; L: dec ecx; jnz L; hlt */
    memcpy(vm->mem + CODE, "\xb9\xe8\x03\x00\x00\xff\xc9\x75\xfc\xf4",
           10);
    x86_cpu_attach(vm->cpu, s);
    cpu_scheduler_set_quantum(s, 100);
    cpu_scheduler_set_running(s, true);
    for (int i = 0; i < 100 && !cpu_scheduler_is_halted(s, 0); i++) {
        cpu_scheduler_run_round(s);
    }
    g_assert_true(cpu_scheduler_is_halted(s, 0));
    g_assert_cmphex(R(vm)[R_ECX], ==, 0);
    g_assert_cmpint(vm->cpu->icount, ==, 2002);
    cpu_scheduler_free(s);
    qemu_clocks_free(clocks);
    test_vm_free(vm);
}

/*
 * 4-level paging: VA 0x400000 + i * 4K -> PA i * 4K through one page
 * table (page 9 read-only, 10 NX, 11 supervisor-only, 16 absent) and a
 * 2 MiB page at VA 0x600000 -> PA 0.
 */
#define PML4 0x18000
#define PTE(i) (PML4 + 0x3000 + (i) * 8)

static void paging_setup(TestVM *vm)
{
    CPUX86State *env = &vm->cpu->env;
    uint64_t e;

    memset(vm->mem + PML4, 0, 0x4000);
    e = (PML4 + 0x1000) | 7;
    memcpy(vm->mem + PML4, &e, 8);
    e = (PML4 + 0x2000) | 7;
    memcpy(vm->mem + PML4 + 0x1000, &e, 8);
    e = (PML4 + 0x3000) | 7;
    memcpy(vm->mem + PML4 + 0x2000 + 2 * 8, &e, 8);
    e = 0x87;       /* 2 MiB page at PA 0 */
    memcpy(vm->mem + PML4 + 0x2000 + 3 * 8, &e, 8);
    for (uint64_t i = 0; i < 16; i++) {
        e = (i << 12) | 7;
        e &= i == 9 ? ~2ull : ~0ull;
        e |= i == 10 ? 1ull << 63 : 0;
        e &= i == 11 ? ~4ull : ~0ull;
        memcpy(vm->mem + PTE(i), &e, 8);
    }
    env->cr[3] = PML4;
    env->cr[0] |= X86_CR0_PG | X86_CR0_WP;
    env->efer |= X86_EFER_NXE;
    x86_update_hflags(vm->cpu);
    R(vm)[R_ESP] = 0x410000;    /* top of page 15 */
}

static uint64_t pte(TestVM *vm, unsigned i)
{
    uint64_t e;

    memcpy(&e, vm->mem + PTE(i), 8);
    return e;
}

static void test_paging(void)
{
    TestVM *vm = vm_new();
    X86CPU *cpu = vm->cpu;

    paging_setup(vm);
    memcpy(vm->mem + DATA, "\x11\x22\x33\x44\x55\x66\x77\x88"
           "\x99\xaa\xbb\xcc\xdd\xee\xff\x00", 16);
    /* mov rax,[0x408000]; mov rbx,[0x608008]; mov [0x408010],rax */
    vm_run_at(vm, 0x401000, "48 8b 04 25 00 80 40 00  "
              "48 8b 1c 25 08 80 60 00  48 89 04 25 10 80 40 00");
    g_assert_cmpint(cpu->exit_reason, ==, X86_EXIT_HLT);
    g_assert_cmphex(R(vm)[R_EAX], ==, 0x8877665544332211ull);
    g_assert_cmphex(R(vm)[R_EBX], ==, 0x00ffeeddccbbaa99ull);
    g_assert_cmpmem(vm->mem + DATA + 16, 8, vm->mem + DATA, 8);
    g_assert_cmphex(pte(vm, 8) & 0x60, ==, 0x60);       /* A and D */
    g_assert_cmphex(pte(vm, 1) & 0x60, ==, 0x20);       /* code: A only */

    /* write to a read-only page: #PF P|W, CR2, RIP at the store */
    vm_run_at(vm, 0x401000, "90  88 04 25 00 90 40 00");
    g_assert_cmpint(cpu->exception_index, ==, X86_EXCP_PF);
    g_assert_cmphex(cpu->error_code, ==, 3);
    g_assert_cmphex(cpu->env.cr[2], ==, 0x409000);
    g_assert_cmphex(cpu->env.rip, ==, 0x401001);
    /* read of an absent page: error code 0 */
    vm_run_at(vm, 0x401000, "8b 04 25 08 00 41 00");
    g_assert_cmphex(cpu->error_code, ==, 0);
    g_assert_cmphex(cpu->env.cr[2], ==, 0x410008);
    /* jump into the NX page: #PF I|P at the target */
    vm_run_at(vm, 0x401000, "e9 fb 8f 00 00");
    g_assert_cmpint(cpu->exception_index, ==, X86_EXCP_PF);
    g_assert_cmphex(cpu->error_code, ==, 0x11);
    g_assert_cmphex(cpu->env.rip, ==, 0x40a000);
    g_assert_cmphex(cpu->env.cr[2], ==, 0x40a000);

    /* CR0.WP = 0: the supervisor may write a read-only page */
    cpu->env.cr[0] &= ~(uint64_t)X86_CR0_WP;
    soft_tlb_flush(&cpu->tlb);
    vm_run_at(vm, 0x401000, "88 04 25 00 90 40 00");
    g_assert_cmpint(cpu->exit_reason, ==, X86_EXIT_HLT);
    g_assert_cmphex(vm->mem[0x9000], ==, 0x11);

    /* CPL 3 may not read a supervisor page: #PF U|P */
    cpu->env.segs[R_CS].flags |= 3u << X86_DESC_DPL_SHIFT;
    x86_update_hflags(cpu);
    vm_run_at(vm, 0x401000, "8b 04 25 00 b0 40 00");
    g_assert_cmphex(cpu->error_code, ==, 5);
    test_vm_free(vm);
}

/* MOV CR3 switches address spaces; INVLPG drops one stale entry. */
static void test_cr3_invlpg(void)
{
    TestVM *vm = vm_new();
    uint64_t e;

    paging_setup(vm);
    /* a second hierarchy at PML4 + 0x4000 mapping VA page 8 to PA 9 */
    memcpy(vm->mem + PML4 + 0x4000, vm->mem + PML4, 0x4000);
    for (uint64_t off = 0; off < 0x3000; off += 0x1000) {
        memcpy(&e, vm->mem + PML4 + 0x4000 + off + (off == 0x2000 ? 16 : 0),
               8);
        e += 0x4000;
        memcpy(vm->mem + PML4 + 0x4000 + off + (off == 0x2000 ? 16 : 0),
               &e, 8);
    }
    e = 0x9007;
    memcpy(vm->mem + PML4 + 0x7000 + 8 * 8, &e, 8);
    vm->mem[DATA] = 0x11;
    vm->mem[0x9000] = 0x22;
    /* mov al,[0x408000]; mov rbx,PML4+0x4000; mov cr3,rbx; mov cl,[...] */
    vm_run_at(vm, 0x401000, "8a 04 25 00 80 40 00  48 c7 c3 00 c0 01 00 "
              "0f 22 db  8a 0c 25 00 80 40 00");
    g_assert_cmpint(vm->cpu->exit_reason, ==, X86_EXIT_HLT);
    g_assert_cmphex(R(vm)[R_EAX] & 0xff, ==, 0x11);
    g_assert_cmphex(R(vm)[R_ECX] & 0xff, ==, 0x22);
    g_assert_cmphex(vm->cpu->env.cr[3], ==, PML4 + 0x4000);
    /* remap page 8 back to PA 8 in place: stale until INVLPG */
    e = 0x8007;
    memcpy(vm->mem + PML4 + 0x7000 + 8 * 8, &e, 8);
    vm_run_at(vm, 0x401000, "8a 0c 25 00 80 40 00  0f 01 3c 25 00 80 40 00 "
              "8a 14 25 00 80 40 00");
    g_assert_cmphex(R(vm)[R_ECX] & 0xff, ==, 0x22);
    g_assert_cmphex(R(vm)[R_EDX] & 0xff, ==, 0x11);

    /*
     * INVLPG of one address in a 2 MiB page drops the whole mapping:
     * two of its pages read (two TLB entries), the PDE cleared, INVLPG
     * of the first; the second must fault now.
     */
    vm->cpu->env.cr[3] = PML4;
    soft_tlb_flush(&vm->cpu->tlb);
    vm_run_at(vm, 0x401000, "8a 04 25 00 80 60 00  8a 0c 25 00 90 60 00");
    g_assert_cmpint(vm->cpu->exit_reason, ==, X86_EXIT_HLT);
    e = 0;
    memcpy(vm->mem + PML4 + 0x2000 + 3 * 8, &e, 8);
    vm_run_at(vm, 0x401000, "0f 01 3c 25 00 80 60 00  "
              "8a 0c 25 00 90 60 00");
    g_assert_cmpint(vm->cpu->exception_index, ==, X86_EXCP_PF);
    g_assert_cmphex(vm->cpu->error_code, ==, 0);
    g_assert_cmphex(vm->cpu->env.cr[2], ==, 0x609000);
    test_vm_free(vm);
}

static void test_system(void)
{
    TestVM *vm = vm_new();
    CPUX86State *env = &vm->cpu->env;

    /* wrmsr FS_BASE = DATA; mov rax,fs:[0]; rdmsr back into edx:eax */
    memcpy(vm->mem + DATA, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
    vm_run(vm, "b9 00 01 00 c0  b8 00 80 00 00  31 d2  0f 30 "
           "64 48 8b 04 25 00 00 00 00  48 89 c3  0f 32");
    g_assert_cmphex(R(vm)[R_EBX], ==, 0x0807060504030201ull);
    g_assert_cmphex(R(vm)[R_EAX], ==, DATA);
    g_assert_cmphex(env->segs[R_FS].base, ==, DATA);
    /* swapgs */
    env->kernel_gs_base = 0x1234;
    env->segs[R_GS].base = 0x5678;
    vm_run(vm, "0f 01 f8");
    g_assert_cmphex(env->segs[R_GS].base, ==, 0x1234);
    g_assert_cmphex(env->kernel_gs_base, ==, 0x5678);
    /* unknown MSR and a non-canonical FS base: #GP */
    R(vm)[R_ECX] = 0x12345;
    vm_run(vm, "0f 32");
    g_assert_cmpint(vm->cpu->exception_index, ==, X86_EXCP_GP);
    R(vm)[R_ECX] = 0xc0000100;
    R(vm)[R_EDX] = 0x8000;
    vm_run(vm, "0f 30");
    g_assert_cmpint(vm->cpu->exception_index, ==, X86_EXCP_GP);
    /* pushfq; pop rax / push imm; popfq / lahf, sahf / cli, sti */
    x86_set_eflags(env, 0x203);
    vm_run(vm, "9c 58");
    g_assert_cmphex(R(vm)[R_EAX], ==, 0x203);
    vm_run(vm, "68 d5 08 00 00  9d");
    g_assert_cmphex(x86_get_eflags(env), ==, 0x8d7);
    vm_run(vm, "f9  9f  b4 c0  9e");
    g_assert_cmphex(R(vm)[R_EAX] & 0xff00, ==, 0xc000);
    g_assert_cmphex(x86_get_eflags(env) & 0xff, ==, 0xc2);
    vm_run(vm, "fb");
    g_assert_true(env->eflags & X86_IF);
    vm_run(vm, "fa");
    g_assert_false(env->eflags & X86_IF);
    /* TSC: counts instructions without clocks; WRMSR TSC sets it */
    vm_run(vm, "90 90 0f 31");
    g_assert_cmphex(R(vm)[R_EAX], ==, vm->cpu->icount - 2);
    R(vm)[R_ECX] = 0x10;
    R(vm)[R_EDX] = 1;
    R(vm)[R_EAX] = 0;
    env->tsc_aux = 7;
    vm_run(vm, "0f 30  0f 01 f9");
    g_assert_cmphex(R(vm)[R_EDX], ==, 1);
    g_assert_cmphex(R(vm)[R_EAX], ==, 1);
    g_assert_cmphex(R(vm)[R_ECX], ==, 7);
    /* mov rax,cr0; mov cr2,rax; lgdt/sgdt; lidt/sidt */
    vm_run(vm, "0f 20 c0  0f 22 d0");
    g_assert_cmphex(R(vm)[R_EAX], ==, env->cr[0]);
    g_assert_cmphex(env->cr[2], ==, env->cr[0]);
    memcpy(vm->mem + DATA, "\x27\x00\x00\x10\x00\x00\x00\x00\x00\x00",
           10);
    vm_run(vm, "0f 01 14 25 00 80 00 00  0f 01 1c 25 00 80 00 00 "
           "0f 01 04 25 10 80 00 00");
    g_assert_cmphex(env->gdt.base, ==, 0x1000);
    g_assert_cmphex(env->gdt.limit, ==, 0x27);
    g_assert_cmphex(env->idt.base, ==, 0x1000);
    g_assert_cmpmem(vm->mem + DATA + 16, 10, vm->mem + DATA, 10);
    /* at CPL 3: privileged instructions and CLI (IOPL 0) raise #GP */
    env->segs[R_CS].flags |= 3u << X86_DESC_DPL_SHIFT;
    x86_update_hflags(vm->cpu);
    vm_run(vm, "0f 30");
    g_assert_cmpint(vm->cpu->exception_index, ==, X86_EXCP_GP);
    vm_run(vm, "fa");
    g_assert_cmpint(vm->cpu->exception_index, ==, X86_EXCP_GP);
    vm_run(vm, "0f 20 c0");
    g_assert_cmpint(vm->cpu->exception_index, ==, X86_EXCP_GP);
    /* mov to cr5 and 0f 01 /7 with rm 2 are #UD */
    env->segs[R_CS].flags &= ~(3u << X86_DESC_DPL_SHIFT);
    x86_update_hflags(vm->cpu);
    vm_run(vm, "0f 22 e8");
    g_assert_cmpint(vm->cpu->exception_index, ==, X86_EXCP_UD);
    vm_run(vm, "0f 01 fa");
    g_assert_cmpint(vm->cpu->exception_index, ==, X86_EXCP_UD);
    /* lgdt with a register operand: #UD (memory-only group slot) */
    vm_run(vm, "0f 01 d0");
    g_assert_cmpint(vm->cpu->exception_index, ==, X86_EXCP_UD);
    test_vm_free(vm);
}

/*
 * Exception delivery through a real GDT/IDT/TSS: GDT at 0x3000 (0x08
 * kernel code, 0x10 kernel data, 0x18 user code, 0x20 user data, 0x28
 * TSS), TSS at 0x3800 (RSP0 0x9000, IST1 0xa000), IDT at 0x4000, and a
 * HLT at 0x5000 + 0x100 * n for each handler n.
 */
static void put64(TestVM *vm, uint64_t addr, uint64_t v)
{
    memcpy(vm->mem + addr, &v, 8);
}

static uint64_t get64(TestVM *vm, uint64_t addr)
{
    uint64_t v;

    memcpy(&v, vm->mem + addr, 8);
    return v;
}

static void set_gate(TestVM *vm, int vec, unsigned n, unsigned ist,
                     unsigned type, unsigned dpl)
{
    uint64_t off = 0x5000 + 0x100 * n;

    put64(vm, 0x4000 + vec * 16, (off & 0xffff) | (0x08ull << 16) |
          ((uint64_t)ist << 32) | ((uint64_t)type << 40) |
          ((uint64_t)dpl << 45) | (1ull << 47) | ((off >> 16) << 48));
    put64(vm, 0x4008 + vec * 16, off >> 32);
    vm->mem[off] = 0xf4;
}

static TestVM *vm_new_idt(void)
{
    TestVM *vm = vm_new();
    CPUX86State *env = &vm->cpu->env;
    uint64_t tss = 0x3800;

    vm->cpu->stop_on_exception = false;
    put64(vm, 0x3008, 0x00209a0000000000ull);
    put64(vm, 0x3010, 0x0000920000000000ull);
    put64(vm, 0x3018, 0x0020fa0000000000ull);
    put64(vm, 0x3020, 0x0000f20000000000ull);
    put64(vm, 0x3028, 0x67 | ((tss & 0xffffff) << 16) | (0x89ull << 40));
    put64(vm, 0x3030, 0);
    put64(vm, tss + 4, 0x9000);             /* RSP0 */
    put64(vm, tss + 0x24, 0xa000);          /* IST1 */
    env->gdt.base = 0x3000;
    env->gdt.limit = 0x37;
    env->idt.base = 0x4000;
    env->idt.limit = 0xfff;
    set_gate(vm, X86_EXCP_DE, 0, 0, 0xe, 0);
    set_gate(vm, X86_EXCP_BP, 1, 0, 0xf, 3);
    set_gate(vm, X86_EXCP_GP, 3, 0, 0xe, 0);
    set_gate(vm, X86_EXCP_PF, 4, 1, 0xe, 0);
    set_gate(vm, X86_EXCP_DF, 5, 1, 0xe, 0);
    set_gate(vm, 0x80, 6, 0, 0xf, 3);
    return vm;
}

static void test_delivery(void)
{
    TestVM *vm = vm_new_idt();
    CPUX86State *env = &vm->cpu->env;
    uint64_t sp;

    /* ltr 0x28; xor ecx,ecx; div ecx: #DE, a fault (RIP of the div) */
    x86_set_eflags(env, 0x202);
    vm_run(vm, "66 b8 28 00  0f 00 d8  31 c9  f7 f1");
    g_assert_cmpint(vm->cpu->exit_reason, ==, X86_EXIT_HLT);
    g_assert_cmphex(env->rip, ==, 0x5001);
    g_assert_cmphex(env->tr.base, ==, 0x3800);
    sp = R(vm)[R_ESP];
    g_assert_cmphex(sp, ==, STACK - 40);
    g_assert_cmphex(get64(vm, sp), ==, CODE + 9);
    g_assert_cmphex(get64(vm, sp + 8), ==, 0x08);
    g_assert_cmphex(get64(vm, sp + 16), ==, 0x246);   /* after xor */
    g_assert_cmphex(get64(vm, sp + 24), ==, STACK);
    g_assert_false(env->eflags & X86_IF);   /* interrupt gate */

    /* #GP(0) from a non-canonical load: error code pushed */
    R(vm)[R_ESP] = STACK;
    R(vm)[R_EBX] = 1ull << 63;
    vm_run(vm, "48 8b 03");
    g_assert_cmphex(env->rip, ==, 0x5301);
    g_assert_cmphex(get64(vm, STACK - 48), ==, 0);
    g_assert_cmphex(get64(vm, STACK - 40), ==, CODE);

    /* iretq to CPL 3; int3 there (trap: RIP after it) on RSP0 */
    R(vm)[R_ESP] = STACK - 40;
    put64(vm, STACK - 40, 0x6000);
    put64(vm, STACK - 32, 0x1b);
    put64(vm, STACK - 24, 0x202);
    put64(vm, STACK - 16, 0xe000);
    put64(vm, STACK - 8, 0x23);
    vm->mem[0x6000] = 0xcc;
    vm_run(vm, "48 cf");
    g_assert_cmphex(env->rip, ==, 0x5101);
    g_assert_cmphex(R(vm)[R_ESP], ==, 0x9000 - 40);
    g_assert_cmphex(get64(vm, 0x9000 - 40), ==, 0x6001);
    g_assert_cmphex(get64(vm, 0x9000 - 32), ==, 0x1b);
    g_assert_cmphex(get64(vm, 0x9000 - 16), ==, 0xe000);
    g_assert_cmphex(get64(vm, 0x9000 - 8), ==, 0x23);
    g_assert_cmphex(env->segs[R_CS].selector, ==, 0x08);
    g_assert_true(env->eflags & X86_IF);    /* trap gate keeps IF */

    /* from CPL 3, int 0x0 hits a DPL-0 gate: #GP(0 * 8 + 2) */
    env->segs[R_CS].selector = 0x1b;
    env->segs[R_CS].flags |= 3u << X86_DESC_DPL_SHIFT;
    x86_update_hflags(vm->cpu);
    R(vm)[R_ESP] = 0xe000;
    vm->mem[0x6000] = 0xcd;
    vm->mem[0x6001] = 0x00;
    vm->cpu->halted = false;
    env->rip = 0x6000;
    block_cache_invalidate_all(&vm->cpu->cache);
    x86_cpu_exec(vm->cpu, 100);
    g_assert_cmphex(env->rip, ==, 0x5301);
    g_assert_cmphex(get64(vm, 0x9000 - 48), ==, 2);
    g_assert_cmphex(get64(vm, 0x9000 - 40), ==, 0x6000);
    test_vm_free(vm);
}

/* SYSCALL to LSTAR at CPL 0, SYSRETQ back to CPL 3. */
static void test_syscall(void)
{
    TestVM *vm = vm_new();
    X86CPU *cpu = vm->cpu;
    CPUX86State *env = &cpu->env;

    /* without EFER.SCE: #UD */
    vm_run(vm, "0f 05");
    g_assert_cmpint(cpu->exception_index, ==, X86_EXCP_UD);
    env->efer |= X86_EFER_SCE;
    env->star = (0x10ull << 48) | (0x08ull << 32);
    env->lstar = 0x2000;
    env->fmask = X86_IF | X86_DF;
    vm->mem[0x2000] = 0xf4;
    x86_set_eflags(env, 0x603);
    vm_run(vm, "0f 05");
    g_assert_cmphex(env->rip, ==, 0x2001);
    g_assert_cmphex(R(vm)[R_ECX], ==, CODE + 2);
    g_assert_cmphex(R(vm)[R_R11], ==, 0x603);
    g_assert_cmphex(x86_get_eflags(env), ==, 0x3);
    g_assert_cmphex(env->segs[R_CS].selector, ==, 0x08);
    g_assert_cmphex(env->segs[R_SS].selector, ==, 0x10);
    /* sysretq to RCX with R11 flags at CPL 3 */
    R(vm)[R_ECX] = 0x3000;
    R(vm)[R_R11] = 0x202;
    memcpy(vm->mem + 0x3000, "\x90\x48\x0f\x07", 4);  /* then sysretq */
    vm_run(vm, "48 0f 07");
    g_assert_cmpint(cpu->exception_index, ==, X86_EXCP_GP);
    g_assert_cmphex(env->rip, ==, 0x3001);
    g_assert_cmphex(env->segs[R_CS].selector, ==, 0x23);
    g_assert_cmphex(env->segs[R_SS].selector, ==, 0x1b);
    g_assert_cmpint(cpu->hflags & X86_HF_CPL_MASK, ==, 3);
    g_assert_true(env->eflags & X86_IF);
    /* sysret (no REX.W) to compatibility mode: 41 is INC ECX there */
    x86_cpu_set_flat64(cpu, CODE);
    env->efer |= X86_EFER_SCE;
    R(vm)[R_ECX] = 0x3010;
    memcpy(vm->mem + 0x3010, "\x41\x0f\x0b", 3);
    vm_run(vm, "0f 07");
    g_assert_cmpint(cpu->exception_index, ==, X86_EXCP_UD);
    g_assert_cmphex(env->rip, ==, 0x3011);
    g_assert_cmphex(R(vm)[R_ECX], ==, 0x3011);
    g_assert_cmphex(env->segs[R_CS].selector, ==, 0x13);
    g_assert_true(cpu->hflags & X86_HF_CS32);
    g_assert_false(cpu->hflags & X86_HF_CS64);
    test_vm_free(vm);
}

/* MOV Sreg, MOV from Sreg, PUSH/POP FS/GS with descriptor checks. */
static void test_segments(void)
{
    TestVM *vm = vm_new_idt();
    X86CPU *cpu = vm->cpu;
    CPUX86State *env = &cpu->env;

    vm->cpu->stop_on_exception = true;
    /* 0x38: data, base 0x12345678, limit 0xfffff, G */
    put64(vm, 0x3038, 0x12cf92345678ffffull);
    env->gdt.limit = 0x3f;
    /* mov ax,0x10; mov ds,ax; mov ss,ax; mov ax,0x38; mov fs,ax */
    vm_run(vm, "66 b8 10 00  8e d8  8e d0  66 b8 38 00  8e e0");
    g_assert_cmpint(cpu->exit_reason, ==, X86_EXIT_HLT);
    g_assert_cmphex(env->segs[R_DS].selector, ==, 0x10);
    g_assert_cmphex(env->segs[R_SS].selector, ==, 0x10);
    g_assert_cmphex(env->segs[R_FS].base, ==, 0x12345678);
    g_assert_cmphex(env->segs[R_FS].limit, ==, 0xffffffff);
    g_assert_cmphex(vm->mem[0x303d] & 1, ==, 1);     /* accessed */
    /* push fs; pop gs; mov eax,ds (8c d8) */
    R(vm)[R_EAX] = ~0ull;
    vm_run(vm, "0f a0  0f a9  8c d8");
    g_assert_cmphex(env->segs[R_GS].selector, ==, 0x38);
    g_assert_cmphex(env->segs[R_GS].base, ==, 0x12345678);
    g_assert_cmphex(R(vm)[R_EAX], ==, 0x10);
    g_assert_cmphex(R(vm)[R_ESP], ==, STACK);
    /* readable code into DS is fine; code into SS is #GP(sel) */
    vm_run(vm, "66 b8 08 00  8e d8");
    g_assert_cmphex(env->segs[R_DS].selector, ==, 0x08);
    vm_run(vm, "66 b8 18 00  8e d0");
    g_assert_cmpint(cpu->exception_index, ==, X86_EXCP_GP);
    g_assert_cmphex(cpu->error_code, ==, 0x18);
    /* beyond the GDT limit; mov cs is #UD; null SS at CPL 0 is fine */
    vm_run(vm, "66 b8 40 00  8e d8");
    g_assert_cmphex(cpu->error_code, ==, 0x40);
    vm_run(vm, "8e c8");
    g_assert_cmpint(cpu->exception_index, ==, X86_EXCP_UD);
    vm_run(vm, "31 c0  8e d0");
    g_assert_cmpint(cpu->exit_reason, ==, X86_EXIT_HLT);
    g_assert_cmphex(env->segs[R_SS].selector, ==, 0);
    test_vm_free(vm);
}

/* The exception frame lands on the page of the running code. */
static void test_delivery_smc(void)
{
    TestVM *vm = vm_new_idt();

    R(vm)[R_ESP] = CODE + 0x800;
    vm_run(vm, "66 b8 28 00  0f 00 d8  31 c9  f7 f1");
    g_assert_cmphex(vm->cpu->env.rip, ==, 0x5001);
    g_assert_cmphex(get64(vm, CODE + 0x800 - 40), ==, CODE + 9);
    test_vm_free(vm);
}

/* A #UD handler that is itself UD2: a guest livelock, not a host hang. */
static void test_delivery_loop(void)
{
    TestVM *vm = vm_new_idt();

    set_gate(vm, X86_EXCP_UD, 2, 1, 0xe, 0);    /* IST1: stack reused */
    memcpy(vm->mem + 0x5200, "\x0f\x0b", 2);
    vm_run(vm, "66 b8 28 00  0f 00 d8  0f 0b");
    g_assert_cmpint(vm->cpu->exit_reason, ==, X86_EXIT_BUDGET);
    g_assert_cmphex(vm->cpu->env.rip, ==, 0x5200);
    test_vm_free(vm);
}

/* #GP whose gate is absent: #NP while delivering -> #DF on IST1. */
static void test_double_triple_fault(void)
{
    TestVM *vm = vm_new_idt();
    CPUX86State *env = &vm->cpu->env;

    put64(vm, 0x4000 + X86_EXCP_GP * 16, 0);
    R(vm)[R_EBX] = 1ull << 63;
    vm_run(vm, "66 b8 28 00  0f 00 d8  48 8b 03");
    g_assert_cmpint(vm->cpu->exit_reason, ==, X86_EXIT_HLT);
    g_assert_cmphex(env->rip, ==, 0x5501);
    g_assert_cmphex(R(vm)[R_ESP], ==, 0xa000 - 48);
    g_assert_cmphex(get64(vm, 0xa000 - 48), ==, 0);     /* error code */
    /* no #DF gate either: triple fault */
    put64(vm, 0x4000 + X86_EXCP_DF * 16, 0);
    R(vm)[R_ESP] = STACK;
    vm_run(vm, "48 8b 03");
    g_assert_cmpint(vm->cpu->exit_reason, ==, X86_EXIT_SHUTDOWN);
    test_vm_free(vm);
}

/* INTR with the STI shadow, HLT wake-up, NMI blocking until IRETQ. */
static int test_ack(void *opaque)
{
    X86CPU *cpu = opaque;

    x86_cpu_reset_interrupt(cpu, X86_INT_HARD);
    return 0x20;
}

static void test_interrupts(void)
{
    TestVM *vm = vm_new_idt();
    X86CPU *cpu = vm->cpu;
    CPUX86State *env = &cpu->env;

    set_gate(vm, 0x20, 7, 0, 0xe, 0);
    set_gate(vm, 2, 8, 0, 0xe, 0);
    x86_cpu_set_intr_ack(cpu, test_ack, cpu);
    /* pending INTR, IF = 0: sti; nop; nop -> taken after the first nop */
    x86_cpu_interrupt(cpu, X86_INT_HARD);
    vm_run(vm, "fb 90 90");
    g_assert_cmphex(env->rip, ==, 0x5701);
    g_assert_cmphex(get64(vm, STACK - 40), ==, CODE + 2);
    g_assert_false(env->eflags & X86_IF);
    /* sti; hlt: halted until an interrupt arrives */
    R(vm)[R_ESP] = STACK;
    vm_run(vm, "fb");
    g_assert_true(cpu->halted);
    g_assert_false(x86_cpu_has_work(cpu));
    g_assert_cmpint(x86_cpu_exec(cpu, 100), ==, 0);
    x86_cpu_interrupt(cpu, X86_INT_HARD);
    g_assert_true(x86_cpu_has_work(cpu));
    x86_cpu_exec(cpu, 100);
    g_assert_cmphex(env->rip, ==, 0x5701);
    g_assert_cmphex(get64(vm, STACK - 40), ==, CODE + 2);
    /* NMI ignores IF; a second one waits for IRETQ */
    R(vm)[R_ESP] = STACK;
    x86_cpu_interrupt(cpu, X86_INT_NMI);
    vm_run(vm, "90");
    g_assert_cmphex(env->rip, ==, 0x5801);
    g_assert_true(cpu->nmi_blocked);
    x86_cpu_interrupt(cpu, X86_INT_NMI);
    g_assert_false(x86_cpu_has_work(cpu));
    test_vm_free(vm);
}

/* SHLD/SHRD, CMPXCHG16B (alignment), LOOP and JRCXZ. */
static void test_more_integer(void)
{
    TestVM *vm = vm_new();

    /* shld rax,rbx,8; shrd ecx,edx,4 */
    R(vm)[R_EAX] = 0x1122334455667788ull;
    R(vm)[R_EBX] = 0xaabbccddeeff0011ull;
    R(vm)[R_ECX] = 0x12345678;
    R(vm)[R_EDX] = 0x9;
    vm_run(vm, "48 0f a4 d8 08  0f ac d1 04");
    g_assert_cmphex(R(vm)[R_EAX], ==, 0x22334455667788aaull);
    g_assert_cmphex(R(vm)[R_ECX], ==, 0x91234567);
    /* cmpxchg16b [DATA]: equal -> store rcx:rbx; misaligned -> #GP */
    memset(vm->mem + DATA, 0, 16);
    R(vm)[R_EAX] = R(vm)[R_EDX] = 0;
    R(vm)[R_EBX] = 0x1111;
    R(vm)[R_ECX] = 0x2222;
    vm_run(vm, "48 0f c7 0c 25 00 80 00 00");
    g_assert_cmphex(vm->mem[DATA], ==, 0x11);
    g_assert_cmphex(vm->mem[DATA + 8], ==, 0x22);
    g_assert_true(x86_get_eflags(&vm->cpu->env) & X86_ZF);
    vm_run(vm, "48 0f c7 0c 25 08 80 00 00");
    g_assert_cmpint(vm->cpu->exception_index, ==, X86_EXCP_GP);
    /* mov ecx,5; xor eax,eax; L: inc eax; loop L; jrcxz +1; int3 */
    vm_run(vm, "b9 05 00 00 00  31 c0  ff c0  e2 fc  e3 01  cc");
    g_assert_cmphex(R(vm)[R_EAX], ==, 5);
    g_assert_cmpint(vm->cpu->exit_reason, ==, X86_EXIT_HLT);
    test_vm_free(vm);
}

/* Mandatory-prefix rows: F3 0F B8/BC/BD depend on the CPU features. */
static void test_count_insns(void)
{
    TestVM *vm = vm_new();

    /* without BMI1/ABM/POPCNT: tzcnt = bsf, lzcnt = bsr, popcnt #UD */
    R(vm)[R_EBX] = 0x100;
    vm_run(vm, "f3 0f bc c3  f3 0f bd cb");
    g_assert_cmphex(R(vm)[R_EAX], ==, 8);
    g_assert_cmphex(R(vm)[R_ECX], ==, 8);
    vm_run(vm, "f3 0f b8 c3");
    g_assert_cmpint(vm->cpu->exception_index, ==, X86_EXCP_UD);
    /* with them (a fresh CPU: blocks depend on the features) */
    x86_cpu_free(vm->cpu);
    vm->cpu = x86_cpu_new(&vm->as);
    vm->cpu->stop_on_exception = true;
    vm->cpu->features = X86_FEAT_POPCNT | X86_FEAT_BMI1 | X86_FEAT_ABM;
    x86_cpu_set_flat64(vm->cpu, CODE);
    R(vm)[R_EBX] = 0x100;
    R(vm)[R_EDX] = 0;
    vm_run(vm, "f3 0f bc c3  f3 48 0f bd cb  f3 0f b8 f3  66 f3 0f bc fa");
    g_assert_cmphex(R(vm)[R_EAX], ==, 8);
    g_assert_cmphex(R(vm)[R_ECX], ==, 55);
    g_assert_cmphex(R(vm)[R_ESI], ==, 1);
    g_assert_cmphex(R(vm)[R_EDI] & 0xffff, ==, 16);  /* tzcnt di,dx: 0 */
    g_assert_true(x86_get_eflags(&vm->cpu->env) & X86_CF);
    /* 66 0F BC stays a 16-bit BSF; F2 0F BC is BSF too */
    R(vm)[R_EBX] = 0x10000;
    R(vm)[R_EAX] = 0x1234;
    vm_run(vm, "66 0f bc c3  f2 0f bc cb");
    g_assert_cmphex(R(vm)[R_EAX], ==, 0x1234);      /* zero source */
    g_assert_cmphex(R(vm)[R_ECX], ==, 16);
    test_vm_free(vm);
}

/* Random code with exception delivery on: never a crash or a hang. */
static void test_random_code_idt(void)
{
    TestVM *vm = vm_new_idt();
    X86CPU *cpu = vm->cpu;

    for (unsigned i = 0; i < 1000; i++) {
        for (unsigned j = 0; j < 64; j++) {
            vm->mem[CODE + j] = g_test_rand_int();
        }
        for (unsigned r = 0; r < 16; r++) {
            R(vm)[r] = g_test_rand_int() % RAM_SIZE;
        }
        x86_cpu_set_flat64(cpu, CODE);
        R(vm)[R_ESP] = STACK;
        cpu->env.gdt.base = 0x3000;
        cpu->env.gdt.limit = 0x37;
        cpu->env.idt.base = 0x4000;
        cpu->env.idt.limit = 0xfff;
        x86_set_eflags(&cpu->env, g_test_rand_int() & 0xcd5);
        block_cache_invalidate_all(&cpu->cache);
        cpu->halted = false;
        cpu->exit_reason = X86_EXIT_NONE;
        x86_cpu_exec(cpu, 2000);
        g_assert_cmpint(cpu->exit_reason, !=, X86_EXIT_NONE);
    }
    test_vm_free(vm);
}

/* An instruction whose second half lies on an absent page. */
static void test_fetch_fault(void)
{
    TestVM *vm = vm_new();
    uint64_t e = 0;

    paging_setup(vm);
    memcpy(vm->mem + PTE(2), &e, 8);        /* VA 0x402000 absent */
    memcpy(vm->mem + 0x1ffe, "\xb8\x01", 2);
    vm->cpu->halted = false;
    vm->cpu->env.rip = 0x401ffe;
    x86_cpu_exec(vm->cpu, 10);
    g_assert_cmpint(vm->cpu->exception_index, ==, X86_EXCP_PF);
    g_assert_cmphex(vm->cpu->env.cr[2], ==, 0x402000);
    g_assert_cmphex(vm->cpu->env.rip, ==, 0x401ffe);
    g_assert_cmphex(vm->cpu->error_code, ==, 0x10);
    test_vm_free(vm);
}

/* ENTER with a nesting level, then LEAVE (64-bit mode). */
static void test_enter(void)
{
    TestVM *vm = vm_new();
    uint64_t v;

    /* mov rbp,rsp; enter 16,2; mov rax,rsp; mov rcx,rbp; leave */
    vm_run(vm, "48 89 e5  c8 10 00 02  48 89 e0  48 89 e9  c9");
    g_assert_cmpint(vm->cpu->exit_reason, ==, X86_EXIT_HLT);
    g_assert_cmphex(R(vm)[R_EAX], ==, STACK - 40);
    g_assert_cmphex(R(vm)[R_ECX], ==, STACK - 8);
    g_assert_cmphex(R(vm)[R_ESP], ==, STACK);
    g_assert_cmphex(R(vm)[R_EBP], ==, STACK);
    memcpy(&v, vm->mem + STACK - 24, 8);
    g_assert_cmphex(v, ==, STACK - 8);             /* the frame pointer */
    test_vm_free(vm);
}

/* ---- legacy modes: real mode, 16/32-bit code ---- */

static void put_hex(TestVM *vm, uint64_t addr, const char *hex)
{
    for (const char *p = hex; *p; ) {
        unsigned b;

        if (*p == ' ') {
            p++;
            continue;
        }
        g_assert(sscanf(p, "%2x", &b) == 1);
        vm->mem[addr++] = b;
        p += 2;
    }
}

/* Power-on state, then real mode at @cs:0 with SS:SP = 0:0x8000. */
static TestVM *vm_new_real(uint16_t cs)
{
    TestVM *vm = vm_new();
    CPUX86State *env = &vm->cpu->env;

    x86_cpu_reset(vm->cpu);
    env->segs[R_CS].selector = cs;
    env->segs[R_CS].base = cs << 4;
    env->regs[R_ESP] = 0x8000;
    env->rip = 0;
    env->idt.base = 0;
    env->idt.limit = 0x3ff;
    x86_update_hflags(vm->cpu);
    return vm;
}

static void test_real_mode(void)
{
    TestVM *vm = vm_new_real(0x100);
    CPUX86State *env = &vm->cpu->env;

    put_hex(vm, 0x1000, "b8 00 08 8e d8 c7 06 10 00 ef be bb 20 00 be 02 00"
            " c6 00 55 cd 20 66 b8 78 56 34 12 9a 00 01 00 01 f4");
    put_hex(vm, 0x1080, "bb 34 12 cf");         /* mov bx, 0x1234; iret */
    put_hex(vm, 0x1100, "b9 77 00 cb");         /* mov cx, 0x77; retf */
    put_hex(vm, 0x80, "80 00 00 01");           /* IVT[0x20] = 0100:0080 */
    x86_cpu_exec(vm->cpu, 1000);
    g_assert_cmpint(vm->cpu->exit_reason, ==, X86_EXIT_HLT);
    g_assert_cmphex(vm->mem[0x8010] | vm->mem[0x8011] << 8, ==, 0xbeef);
    g_assert_cmphex(vm->mem[0x8022], ==, 0x55);   /* ds:[bx+si] */
    g_assert_cmphex(R(vm)[R_EBX], ==, 0x1234);   /* via the IVT and IRET */
    g_assert_cmphex(R(vm)[R_EAX], ==, 0x12345678);
    g_assert_cmphex(R(vm)[R_ECX] & 0xffff, ==, 0x77);    /* far call */
    g_assert_cmphex(R(vm)[R_ESP], ==, 0x8000);
    g_assert_cmphex(env->segs[R_CS].selector, ==, 0x100);
    g_assert_cmphex(env->rip, ==, 0x22);
    test_vm_free(vm);
}

/* The SMP trampoline path: LGDT, CR0.PE, far jump to 32-bit code. */
static void test_real_to_protected(void)
{
    TestVM *vm = vm_new_real(0x100);
    CPUX86State *env = &vm->cpu->env;

    put_hex(vm, 0x1000, "0f 01 16 00 04 0f 20 c0 66 83 c8 01 0f 22 c0"
            " 66 ea 00 11 00 00 08 00");
    put_hex(vm, 0x1100, "41 b8 10 00 00 00 8e d8 8e d0 bc 00 90 00 00"
            " 6a 07 66 6a 07 48 f4");
    put_hex(vm, 0x400, "17 00 00 30 00 00");     /* GDTR: 0x3000, 24 bytes */
    put_hex(vm, 0x3008, "ff ff 00 00 00 9a cf 00 ff ff 00 00 00 92 cf 00");
    x86_cpu_exec(vm->cpu, 1000);
    g_assert_cmpint(vm->cpu->exit_reason, ==, X86_EXIT_HLT);
    g_assert_cmphex(env->segs[R_CS].selector, ==, 0x08);
    g_assert_true(vm->cpu->hflags & X86_HF_CS32);
    g_assert_false(vm->cpu->hflags & X86_HF_CS64);
    g_assert_cmphex(env->segs[R_DS].selector, ==, 0x10);
    g_assert_cmphex(env->segs[R_DS].limit, ==, 0xffffffff);
    g_assert_cmphex(R(vm)[R_ECX], ==, 1);        /* 41: INC ECX */
    g_assert_cmphex(R(vm)[R_EAX], ==, 0xf);      /* 48: DEC EAX */
    g_assert_cmphex(R(vm)[R_ESP], ==, 0x9000 - 6);   /* push 4 + 2 */
    g_assert_cmphex(vm->mem[0x9000 - 4], ==, 7);
    test_vm_free(vm);
}

/* Flat 32-bit protected mode: PUSHA/POPA, CALL/RET, 16-bit forms. */
static void test_protected32(void)
{
    TestVM *vm = vm_new_real(0x100);
    CPUX86State *env = &vm->cpu->env;

    for (int i = 0; i < X86_NB_SEGS; i++) {
        env->segs[i].base = 0;
        env->segs[i].limit = 0xffffffff;
        env->segs[i].flags = X86_DESC_P | X86_DESC_G | X86_DESC_DB |
                             (i == R_CS ? 0x1bu << 8 : 0x13u << 8);
    }
    env->cr[0] |= X86_CR0_PE;
    env->regs[R_ESP] = 0x9000;
    env->rip = 0x1000;
    x86_update_hflags(vm->cpu);
    /* pusha; mov eax, 5; popa; call +1; hlt; (target:) ret;  */
    put_hex(vm, 0x1000, "bb 11 00 00 00 60 b8 05 00 00 00 31 db 61"
            " e8 01 00 00 00 f4 66 b9 ff ff 66 41 c3");
    x86_cpu_exec(vm->cpu, 1000);
    g_assert_cmpint(vm->cpu->exit_reason, ==, X86_EXIT_HLT);
    g_assert_cmphex(R(vm)[R_EBX], ==, 0x11);     /* restored by POPA */
    g_assert_cmphex(R(vm)[R_EAX], ==, 0);
    g_assert_cmphex(R(vm)[R_ECX], ==, 0);        /* 66 41: INC CX wraps */
    g_assert_cmphex(R(vm)[R_ESP], ==, 0x9000);
    g_assert_cmphex(env->rip, ==, 0x1014);
    /* the return address was pushed as 4 bytes */
    g_assert_cmphex(vm->mem[0x9000 - 4] | vm->mem[0x8ffd] << 8, ==, 0x1013);
    test_vm_free(vm);
}

/*
 * Random code in the legacy modes (real, 16-bit and 32-bit protected, at
 * CPL 0 or 3) with random descriptor tables, real descriptors and random
 * bytes mixed: far transfers, gates, IRET, segment loads and delivery
 * see garbage.  The emulator must never crash or hang.
 */
static void random_legacy_state(TestVM *vm)
{
    static const uint64_t descs[] = {
        0x00cf9a000000ffffull, 0x00cf92000000ffffull, 0x00009a000000ffffull,
        0x00cffa000000ffffull, 0x00cff2000000ffffull, 0x0000890050000067ull,
        0x0000ec0100081000ull, 0x0040960000000fffull, 0x00af9a000000ffffull,
    };
    CPUX86State *env = &vm->cpu->env;
    unsigned mode = g_test_rand_int_range(0, 4);

    x86_cpu_reset(vm->cpu);
    for (unsigned i = 0; i < 0x800; i++) {
        vm->mem[0x3000 + i] = g_test_rand_int();       /* GDT + IDT */
    }
    for (unsigned i = 1; i < 16; i++) {
        if (g_test_rand_int_range(0, 3)) {
            memcpy(vm->mem + 0x3000 + 8 * i,
                   &descs[g_test_rand_int_range(0, G_N_ELEMENTS(descs))], 8);
        }
    }
    env->gdt.base = 0x3000;
    env->gdt.limit = 0x7f;
    env->idt.base = mode ? 0x3400 : 0;
    env->idt.limit = mode ? 0x3ff : 0x3ff;
    env->tr.base = 0x5000;
    env->tr.limit = 0x67;
    env->tr.flags = X86_DESC_P | (0xbu << 8);
    for (unsigned r = 0; r < 8; r++) {
        R(vm)[r] = g_test_rand_int() % RAM_SIZE;
    }
    if (mode) {
        for (int i = 0; i < X86_NB_SEGS; i++) {
            env->segs[i].base = 0;
            env->segs[i].limit = 0xffffffff;
            env->segs[i].flags = X86_DESC_P | X86_DESC_G |
                                 (mode == 1 ? 0 : X86_DESC_DB) |
                                 ((i == R_CS ? 0x1bu : 0x13u) << 8) |
                                 (mode == 3 ? 3u << X86_DESC_DPL_SHIFT : 0);
        }
        env->cr[0] |= X86_CR0_PE;
    }
    env->rip = CODE;
    x86_set_eflags(env, g_test_rand_int() & 0x3cd5);
    x86_update_hflags(vm->cpu);
}

static void test_random_code_legacy(void)
{
    TestVM *vm = vm_new();
    int64_t total = 0;

    vm->cpu->stop_on_exception = false;
    for (unsigned i = 0; i < 2000; i++) {
        random_legacy_state(vm);
        for (unsigned j = 0; j < 64; j++) {
            vm->mem[CODE + j] = g_test_rand_int();
        }
        block_cache_invalidate_all(&vm->cpu->cache);
        vm->cpu->halted = false;
        total += x86_cpu_exec(vm->cpu, 2000);
        g_assert_cmpint(vm->cpu->exit_reason, !=, X86_EXIT_NONE);
    }
    g_test_message("%" PRId64 " random legacy-mode instructions", total);
    test_vm_free(vm);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/x86/decode/mov", test_mov_basic);
    g_test_add_func("/x86/exec/enter", test_enter);
    g_test_add_func("/x86/modes/real", test_real_mode);
    g_test_add_func("/x86/modes/real-to-protected", test_real_to_protected);
    g_test_add_func("/x86/modes/protected32", test_protected32);
    g_test_add_func("/x86/modes/random-code", test_random_code_legacy);
    g_test_add_func("/x86/decode/prefixes", test_prefixes);
    g_test_add_func("/x86/decode/addressing", test_addressing);
    g_test_add_func("/x86/exec/flags", test_flags);
    g_test_add_func("/x86/exec/stack-branches", test_stack_branches);
    g_test_add_func("/x86/exec/strings", test_strings);
    g_test_add_func("/x86/exec/faults", test_faults);
    g_test_add_func("/x86/exec/budget-cache", test_budget_and_cache);
    g_test_add_func("/x86/exec/smc", test_smc);
    g_test_add_func("/x86/exec/muldiv", test_muldiv);
    g_test_add_func("/x86/exec/more-integer", test_more_integer);
    g_test_add_func("/x86/exec/count-insns", test_count_insns);
    g_test_add_func("/x86/exec/random-code", test_random_code);
    g_test_add_func("/x86/exec/mmio", test_mmio);
    g_test_add_func("/x86/exec/page-crossing", test_page_crossing);
    g_test_add_func("/x86/exec/scheduler", test_scheduler);
    g_test_add_func("/x86/exec/port-io", test_port_io);
    g_test_add_func("/x86/mmu/paging", test_paging);
    g_test_add_func("/x86/mmu/fetch-fault", test_fetch_fault);
    g_test_add_func("/x86/mmu/cr3-invlpg", test_cr3_invlpg);
    g_test_add_func("/x86/sys/misc", test_system);
    g_test_add_func("/x86/sys/delivery", test_delivery);
    g_test_add_func("/x86/sys/double-triple-fault", test_double_triple_fault);
    g_test_add_func("/x86/sys/interrupts", test_interrupts);
    g_test_add_func("/x86/sys/delivery-smc", test_delivery_smc);
    g_test_add_func("/x86/sys/delivery-loop", test_delivery_loop);
    g_test_add_func("/x86/sys/syscall", test_syscall);
    g_test_add_func("/x86/sys/segments", test_segments);
    g_test_add_func("/x86/sys/random-code", test_random_code_idt);
    return g_test_run();
}
