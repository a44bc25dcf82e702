/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The x86 engine as an SEV-SNP vCPU (target/i386/sev-cpu.c): SEV_STATUS,
 * #VC error codes and RIP for CPUID, OUT and intercepted MSRs, VMGEXIT
 * (#UD without SEV, the GHCB MSR protocol with it), the C-bit stripped
 * from page-table addresses, and a Secure AVIC trap (RIP after WRMSR).
 * One vCPU in flat 64-bit mode, stopped at the first exception.
 */
#include "qemu/osdep.h"
#include "target/i386/sev-cpu.h"
#include "qapi/error.h"

#define RAM_SIZE    0x200000
#define CODE        0x1000
#define STACK       0x10000
#define SAVIC_PAGE  0x20000
#define SEV_STATUS_ALL (3 | SEV_STATUS_SNP | SEV_STATUS_SECURE_AVIC)

typedef struct TestVM {
    MemoryRegion root, ram;
    AddressSpace as;
    uint8_t *mem;
    X86CPU *cpu;
    X86SevVM *sev;
} TestVM;

static TestVM *vm_new(bool sev)
{
    TestVM *vm = g_new0(TestVM, 1);

    memory_region_init(&vm->root, NULL, "root", UINT64_MAX);
    g_assert(memory_region_init_ram(&vm->ram, NULL, "ram", RAM_SIZE,
                                    &error_abort));
    memory_region_add_subregion(&vm->root, 0, &vm->ram);
    address_space_init(&vm->as, &vm->root, "memory");
    vm->mem = memory_region_get_ram_ptr(&vm->ram);
    vm->cpu = x86_cpu_new(&vm->as);
    vm->cpu->stop_on_exception = true;
    x86_cpu_set_flat64(vm->cpu, CODE);
    vm->cpu->env.regs[R_ESP] = STACK;
    if (sev) {
        vm->sev = x86_sev_vm_new(SEV_STATUS_ALL, 51, NULL, NULL);
        x86_sev_cpu_add(vm->sev, vm->cpu);
    }
    return vm;
}

static void vm_free(TestVM *vm)
{
    x86_sev_vm_free(vm->sev);
    x86_cpu_free(vm->cpu);
    address_space_destroy(&vm->as);
    memory_region_finalize(&vm->ram);
    memory_region_finalize(&vm->root);
    g_free(vm);
}

/* Run @hex at CODE then HLT: -1 when it halted, else the exception. */
static int vm_run(TestVM *vm, const char *hex)
{
    size_t n = 0;

    for (const char *p = hex; *p; p++) {
        unsigned b;

        if (*p != ' ' && sscanf(p, "%2x", &b) == 1) {
            vm->mem[CODE + n++] = b;
            p++;
        }
    }
    vm->mem[CODE + n] = 0xf4;
    block_cache_invalidate_all(&vm->cpu->cache);
    vm->cpu->halted = false;
    vm->cpu->exit_reason = X86_EXIT_NONE;
    vm->cpu->env.rip = CODE;
    x86_cpu_exec(vm->cpu, 1000);
    return vm->cpu->exit_reason == X86_EXIT_HLT ? -1
                                                 : vm->cpu->exception_index;
}

static int msr_op(TestVM *vm, bool write, uint32_t idx, uint64_t *v)
{
    int r;

    vm->cpu->env.regs[R_ECX] = idx;
    vm->cpu->env.regs[R_EAX] = (uint32_t)*v;
    vm->cpu->env.regs[R_EDX] = *v >> 32;
    r = vm_run(vm, write ? "0f 30" : "0f 32");
    *v = (uint32_t)vm->cpu->env.regs[R_EAX] |
         vm->cpu->env.regs[R_EDX] << 32;
    return r;
}

static void test_status_and_vc(void)
{
    TestVM *vm = vm_new(true);
    uint64_t v = 0;

    g_assert_cmpint(msr_op(vm, false, MSR_SEV_STATUS, &v), ==, -1);
    g_assert_cmphex(v, ==, SEV_STATUS_ALL);
    g_assert_cmpint(msr_op(vm, true, MSR_SEV_STATUS, &v), ==, 13);
    /* CPUID: #VC 0x72 at the instruction */
    g_assert_cmpint(vm_run(vm, "90 0f a2"), ==, X86_EXCP_VC);
    g_assert_cmphex(vm->cpu->error_code, ==, 0x72);
    g_assert_cmphex(vm->cpu->env.rip, ==, CODE + 1);
    g_assert_cmpint(vm_run(vm, "e6 80"), ==, X86_EXCP_VC);    /* OUT */
    g_assert_cmphex(vm->cpu->error_code, ==, 0x7b);
    g_assert_cmpint(msr_op(vm, false, 0x1b, &v), ==, X86_EXCP_VC);
    g_assert_cmphex(vm->cpu->error_code, ==, 0x7c);
    g_assert_cmpint(msr_op(vm, false, 0xc0000080, &v), ==, -1);  /* EFER */
    g_assert_cmpuint(vm->cpu->sev->vc_count, ==, 3);
    vm_free(vm);
}

static void test_vmgexit(void)
{
    TestVM *vm = vm_new(false);
    uint64_t v = 0x002;

    g_assert_cmpint(vm_run(vm, "f3 0f 01 d9"), ==, 6);         /* #UD */
    vm_free(vm);
    vm = vm_new(true);
    g_assert_cmpint(msr_op(vm, true, MSR_GHCB, &v), ==, -1);
    g_assert_cmpint(vm_run(vm, "f3 0f 01 d9"), ==, -1);
    g_assert_cmpint(msr_op(vm, false, MSR_GHCB, &v), ==, -1);
    g_assert_cmphex(v & 0xfff, ==, 0x001);                      /* SEV info */
    g_assert_cmpuint((v >> 24) & 0xff, ==, 51);
    vm_free(vm);
}

/* Identity map of the first 2 MiB whose entries all carry the C-bit. */
static void test_cbit(void)
{
    TestVM *vm = vm_new(true);
    uint64_t cbit = 1ull << 51;
    uint64_t e[3] = { 0x3000 | 3 | cbit, 0x4000 | 3 | cbit, 0x83 | cbit };

    for (int i = 0; i < 3; i++) {
        memcpy(vm->mem + 0x2000 + i * 0x1000, &e[i], 8);
    }
    vm->cpu->env.cr[3] = 0x2000 | cbit;
    vm->cpu->env.cr[0] |= X86_CR0_PG;
    x86_update_hflags(vm->cpu);
    memcpy(vm->mem + 0x8000, "\x78\x56\x34\x12", 4);
    /* mov eax, [0x8000] */
    g_assert_cmpint(vm_run(vm, "8b 04 25 00 80 00 00"), ==, -1);
    g_assert_cmphex((uint32_t)vm->cpu->env.regs[R_EAX], ==, 0x12345678);
    vm_free(vm);
}

/* Secure AVIC on: SPIV is written to the page, then #VC 0x402 after. */
static void test_savic_trap(void)
{
    TestVM *vm = vm_new(true);
    uint64_t v = SAVIC_PAGE | SAVIC_CTRL_EN;

    g_assert_cmpint(msr_op(vm, true, MSR_SAVIC_CONTROL, &v), ==, -1);
    g_assert(savic_enabled(&vm->cpu->sev->savic));
    v = 0x1ff;
    g_assert_cmpint(msr_op(vm, true, 0x80f, &v), ==, X86_EXCP_VC);
    g_assert_cmphex(vm->cpu->error_code, ==, 0x402);
    g_assert_cmphex(vm->cpu->env.rip, ==, CODE + 2);
    g_assert_cmphex(vm->mem[SAVIC_PAGE + 0xf0], ==, 0xff);
    vm_free(vm);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/x86-sev/status-and-vc", test_status_and_vc);
    g_test_add_func("/x86-sev/vmgexit", test_vmgexit);
    g_test_add_func("/x86-sev/cbit", test_cbit);
    g_test_add_func("/x86-sev/savic-trap", test_savic_trap);
    return g_test_run();
}
