/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86 CPU models and the APIC glue: -cpu parsing and its errors, CPUID
 * leaves, and an engine vCPU with a local APIC running CPUID, RDMSR/
 * WRMSR (APIC_BASE, x2APIC, TSC_DEADLINE), MOV CR8 and loads/stores to
 * its private xAPIC page.
 */
#include "qemu/osdep.h"
#include "target/i386/engine.h"
#include "hw/intc/apic.h"
#include "qapi/error.h"

extern const TypeInfo apic_type_info;

#define RAM_SIZE  0x200000
#define CODE      0x1000
#define STACK     0x10000

typedef struct TestVM {
    MemoryRegion root, ram;
    AddressSpace as;
    uint8_t *mem;
    X86CPU *cpu;
    QEMUClocks *clocks;
    APICBus *bus;
    APICState *apic;
} TestVM;

static TestVM *vm_new(const char *model)
{
    TestVM *vm = g_new0(TestVM, 1);
    X86CPUID c;

    memory_region_init(&vm->root, NULL, "root", UINT64_MAX);
    g_assert(memory_region_init_ram(&vm->ram, NULL, "ram", RAM_SIZE,
                                    &error_abort));
    memory_region_add_subregion(&vm->root, 0, &vm->ram);
    address_space_init(&vm->as, &vm->root, "memory");
    vm->mem = memory_region_get_ram_ptr(&vm->ram);
    vm->clocks = qemu_clocks_new();
    vm->bus = apic_bus_new(vm->clocks);
    vm->apic = apic_new(vm->bus, 0, true, &error_abort);
    vm->cpu = x86_cpu_new(&vm->as);
    vm->cpu->stop_on_exception = true;
    g_assert(x86_cpuid_parse(model, &c, &error_abort));
    x86_cpu_set_model(vm->cpu, &c);
    x86_cpu_set_clocks(vm->cpu, vm->clocks);
    x86_cpu_set_apic(vm->cpu, vm->apic);
    x86_cpu_set_flat64(vm->cpu, CODE);
    vm->cpu->env.regs[R_ESP] = STACK;
    return vm;
}

static void vm_free(TestVM *vm)
{
    x86_cpu_free(vm->cpu);
    apic_free(vm->apic);
    apic_bus_free(vm->bus);
    address_space_destroy(&vm->as);
    memory_region_finalize(&vm->ram);
    memory_region_finalize(&vm->root);
    qemu_clocks_free(vm->clocks);
    g_free(vm);
}

/* Run @hex at CODE (then HLT); false if it stopped on an exception. */
static bool vm_run(TestVM *vm, const char *hex)
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
    vm->cpu->env.rip = CODE;
    x86_cpu_exec(vm->cpu, 1000);
    return vm->cpu->exit_reason == X86_EXIT_HLT;
}

#define CPUID_HEX "0f a2"
#define RDMSR_HEX "0f 32"
#define WRMSR_HEX "0f 30"

static void cpuid_run(TestVM *vm, uint32_t leaf, uint32_t sub, uint32_t *r)
{
    vm->cpu->env.regs[R_EAX] = leaf;
    vm->cpu->env.regs[R_ECX] = sub;
    g_assert(vm_run(vm, CPUID_HEX));
    r[0] = vm->cpu->env.regs[R_EAX];
    r[1] = vm->cpu->env.regs[R_EBX];
    r[2] = vm->cpu->env.regs[R_ECX];
    r[3] = vm->cpu->env.regs[R_EDX];
}

static bool msr_write(TestVM *vm, uint32_t idx, uint64_t v)
{
    vm->cpu->env.regs[R_ECX] = idx;
    vm->cpu->env.regs[R_EAX] = (uint32_t)v;
    vm->cpu->env.regs[R_EDX] = v >> 32;
    return vm_run(vm, WRMSR_HEX);
}

static bool msr_read(TestVM *vm, uint32_t idx, uint64_t *v)
{
    vm->cpu->env.regs[R_ECX] = idx;
    if (!vm_run(vm, RDMSR_HEX)) {
        return false;
    }
    *v = (uint32_t)vm->cpu->env.regs[R_EAX] |
         vm->cpu->env.regs[R_EDX] << 32;
    return true;
}

static void test_parse(void)
{
    X86CPUID c;
    Error *err = NULL;

    g_assert(x86_cpuid_parse(NULL, &c, &error_abort));
    g_assert_cmpstr(c.model_name, ==, "qemu64");
    g_assert_cmpstr(c.vendor, ==, "AuthenticAMD");
    g_assert_false(c.words[X86_FW_1_ECX] & X86_CPUID_1_ECX_X2APIC);
    g_assert(x86_cpuid_parse("qemu64,+x2apic,tsc-deadline=on,-abm,"
                             "vendor=GenuineIntel", &c, &error_abort));
    g_assert(c.words[X86_FW_1_ECX] & X86_CPUID_1_ECX_X2APIC);
    g_assert(c.words[X86_FW_1_ECX] & X86_CPUID_1_ECX_TSC_DEADLINE);
    g_assert_false(c.words[X86_FW_E1_ECX] & X86_CPUID_E1_ECX_ABM);
    g_assert_cmpstr(c.vendor, ==, "GenuineIntel");
    g_assert_cmphex(x86_cpuid_engine_features(&c), ==, 0);
    g_assert(x86_cpuid_parse("max,-x2apic", &c, &error_abort));
    g_assert_false(c.words[X86_FW_1_ECX] & X86_CPUID_1_ECX_X2APIC);
    g_assert_cmphex(x86_cpuid_engine_features(&c), ==,
                    X86_FEAT_POPCNT | X86_FEAT_ABM);

    g_assert_false(x86_cpuid_parse("qemu64,+sse4.2", &c, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Property 'qemu64-x86_64-cpu.sse4.2' not found");
    error_free(err);
    err = NULL;
    g_assert_false(x86_cpuid_parse("max,x2apic=maybe", &c, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "can't apply global max-x86_64-cpu.x2apic=maybe: "
                    "Property 'max-x86_64-cpu.x2apic' doesn't take value "
                    "'maybe'");
    error_free(err);
    err = NULL;
    g_assert_false(x86_cpuid_parse("pentium", &c, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "unable to find CPU model 'pentium'");
    error_free(err);
    g_assert(x86_cpuid_has_model("max") && x86_cpuid_has_model("qemu64"));
}

static void test_leaves(void)
{
    TestVM *vm = vm_new("max");
    uint32_t r[4];
    char brand[49] = "";

    vm->cpu->cpuid.nr_cpus = 6;
    vm->cpu->cpuid.apic_id = 5;
    cpuid_run(vm, 0, 0, r);
    g_assert_cmphex(r[0], ==, 0x1f);
    g_assert(!memcmp(&r[1], "Genu", 4) && !memcmp(&r[3], "ineI", 4) &&
             !memcmp(&r[2], "ntel", 4));
    cpuid_run(vm, 1, 0, r);
    g_assert_cmphex(r[0], ==, 0x663);
    g_assert_cmphex(r[1], ==, 5u << 24 | 6u << 16 | 8u << 8);
    g_assert(r[2] & X86_CPUID_1_ECX_X2APIC);
    g_assert(r[3] & X86_CPUID_1_EDX_APIC);
    g_assert(r[3] & X86_CPUID_1_EDX_HTT);
    g_assert(r[3] & 1);                 /* x87 */
    g_assert((r[3] & 0x7000000) == 0x7000000);  /* fxsr, sse, sse2 */
    g_assert_false(r[3] & (1u << 23));  /* no MMX yet */
    cpuid_run(vm, 0xb, 0, r);
    g_assert(r[0] == 0 && r[1] == 1 && r[2] == 0x100 && r[3] == 5);
    cpuid_run(vm, 0xb, 1, r);
    g_assert(r[0] == 3 && r[1] == 6 && r[2] == 0x201 && r[3] == 5);
    cpuid_run(vm, 0x1f, 2, r);
    g_assert(r[0] == 0 && r[1] == 0 && r[2] == 2 && r[3] == 5);
    for (int i = 0; i < 3; i++) {
        cpuid_run(vm, 0x80000002 + i, 0, r);
        memcpy(brand + 16 * i, r, 16);
    }
    g_assert_cmpstr(brand, ==, "QEMU TCG CPU version 2.5+");
    cpuid_run(vm, 0x80000008, 0, r);
    g_assert(r[0] == 0x3028 && r[2] == 5);
    cpuid_run(vm, 0x80000009, 0, r);    /* above xlevel: the 0x1f leaf */
    g_assert(r[1] == 1 && r[2] == 0x100 && r[3] == 5);
    vm_free(vm);
}

static void test_apic_base_msr(void)
{
    TestVM *vm = vm_new("qemu64");
    uint64_t v;
    uint32_t r[4];

    g_assert(msr_read(vm, MSR_IA32_APICBASE, &v));
    g_assert_cmphex(v, ==, 0xfee00900);
    /* qemu64 has no x2apic: EXTD is refused */
    g_assert_false(msr_write(vm, MSR_IA32_APICBASE, v | APICBASE_EXTD));
    g_assert_cmpint(vm->cpu->exception_index, ==, X86_EXCP_GP);
    g_assert_false(msr_read(vm, 0x802, &v));
    g_assert_false(msr_read(vm, MSR_IA32_TSC_DEADLINE, &v));
    /* disable: CPUID.1:EDX.APIC follows */
    g_assert(msr_write(vm, MSR_IA32_APICBASE, 0xfee00100));
    cpuid_run(vm, 1, 0, r);
    g_assert_false(r[3] & X86_CPUID_1_EDX_APIC);
    g_assert(msr_write(vm, MSR_IA32_APICBASE, 0xfee00900));
    cpuid_run(vm, 1, 0, r);
    g_assert(r[3] & X86_CPUID_1_EDX_APIC);
    vm_free(vm);
}

static void test_x2apic_msrs(void)
{
    TestVM *vm = vm_new("max");
    uint64_t v;

    g_assert(msr_write(vm, MSR_IA32_APICBASE, 0xfee00d00));
    g_assert(msr_read(vm, 0x803, &v));
    g_assert_cmphex(v, ==, APIC_VERSION_VALUE);
    g_assert(msr_write(vm, 0x808, 0x20));
    g_assert(msr_read(vm, 0x808, &v) && v == 0x20);
    g_assert_false(msr_read(vm, 0x80b, &v));        /* EOI: write-only */
    g_assert_false(msr_write(vm, 0x808, 0x100));    /* reserved bits */
    g_assert(msr_write(vm, 0x832, 2u << 17));       /* TSC-deadline mode */
    g_assert(msr_write(vm, MSR_IA32_TSC_DEADLINE, 123456));
    g_assert(msr_read(vm, MSR_IA32_TSC_DEADLINE, &v) && v == 123456);
    vm_free(vm);
}

/* mov %cr8 <-> TPR; movl 0xfee00080 through the private page. */
static void test_cr8_and_mmio(void)
{
    TestVM *vm = vm_new("qemu64");

    vm->cpu->env.regs[R_EAX] = 9;
    /* mov %rax, %cr8; mov $0xfee00080, %ebx; mov (%rbx), %ecx */
    g_assert(vm_run(vm, "44 0f 22 c0 bb 80 00 e0 fe 8b 0b"));
    g_assert_cmphex(apic_get_tpr(vm->apic), ==, 0x90);
    g_assert_cmphex(vm->cpu->env.regs[R_ECX], ==, 0x90);
    /* movl $0x30, (%rbx); mov %cr8, %rdx */
    g_assert(vm_run(vm, "c7 03 30 00 00 00 44 0f 20 c2"));
    g_assert_cmphex(vm->cpu->env.regs[R_EDX], ==, 3);
    /* the ID register, byte 3 by a 1-byte load: ID 0 */
    g_assert(vm_run(vm, "bb 23 00 e0 fe 8a 0b"));
    g_assert_cmphex(vm->cpu->env.regs[R_ECX] & 0xff, ==, 0);
    /* disabled: the page is plain memory again (nothing: reads all-ones) */
    apic_base_write(vm->apic, 0xfee00100);
    g_assert(vm_run(vm, "bb 80 00 e0 fe 8b 0b"));
    g_assert_cmphex((uint32_t)vm->cpu->env.regs[R_ECX], ==, 0xffffffff);
    vm_free(vm);
}

/* APIC_BASE relocation: the page hides RAM for this CPU, then not. */
static void test_relocation(void)
{
    TestVM *vm = vm_new("qemu64");

    memcpy(vm->mem + 0x100080, "\xef\xbe\xad\xde", 4);
    /* mov $0x100080, %ebx; mov (%rbx), %ecx: RAM, and a TLB entry */
    g_assert(vm_run(vm, "bb 80 00 10 00 8b 0b"));
    g_assert_cmphex((uint32_t)vm->cpu->env.regs[R_ECX], ==, 0xdeadbeef);
    g_assert(msr_write(vm, MSR_IA32_APICBASE, 0x100900));
    vm->cpu->env.regs[R_EAX] = 9;
    /* mov %rax, %cr8; mov (%rbx), %ecx: now the TPR */
    g_assert(vm_run(vm, "44 0f 22 c0 8b 0b"));
    g_assert_cmphex((uint32_t)vm->cpu->env.regs[R_ECX], ==, 0x90);
    /* a store there reaches the APIC, not RAM: movl $0x20, (%rbx) */
    g_assert(vm_run(vm, "c7 03 20 00 00 00"));
    g_assert_cmphex(apic_get_tpr(vm->apic), ==, 0x20);
    g_assert_cmphex(vm->mem[0x100080], ==, 0xef);
    g_assert(msr_write(vm, MSR_IA32_APICBASE, 0xfee00900));
    g_assert(vm_run(vm, "8b 0b"));
    g_assert_cmphex((uint32_t)vm->cpu->env.regs[R_ECX], ==, 0xdeadbeef);
    vm_free(vm);
}

/* INIT resets the CPU and makes it wait; SIPI starts it in real mode. */
static void test_init_sipi(void)
{
    TestVM *vm = vm_new("qemu64");
    X86CPU *cpu = vm->cpu;

    cpu->env.tsc_offset = 77;
    x86_cpu_interrupt(cpu, X86_INT_INIT);
    g_assert(x86_cpu_has_work(cpu));
    x86_cpu_do_init_sipi(cpu);
    /* the BSP flag is set: after INIT the BSP does not wait for SIPI */
    g_assert_false(cpu->wait_for_sipi);
    g_assert_cmphex(cpu->env.rip, ==, 0xfff0);
    g_assert_cmpint(cpu->env.tsc_offset, ==, 77);
    /* an AP (BSP flag clear) waits for SIPI after INIT */
    g_assert_cmpint(apic_base_write(vm->apic, 0xfee00800), ==, 0);
    x86_cpu_interrupt(cpu, X86_INT_INIT);
    x86_cpu_do_init_sipi(cpu);
    g_assert(cpu->wait_for_sipi);
    g_assert_false(x86_cpu_has_work(cpu));
    g_assert_cmpint(x86_cpu_exec(cpu, 100), ==, 0);
    g_assert_cmpint(cpu->exit_reason, ==, X86_EXIT_HLT);
    x86_cpu_interrupt(cpu, X86_INT_HARD);
    g_assert_false(x86_cpu_has_work(cpu));  /* INTR waits too */
    cpu->sipi_vector = 0x12;
    x86_cpu_interrupt(cpu, X86_INT_SIPI);
    x86_cpu_do_init_sipi(cpu);
    g_assert_false(cpu->wait_for_sipi);
    g_assert_cmphex(cpu->env.segs[R_CS].selector, ==, 0x1200);
    g_assert_cmphex(cpu->env.segs[R_CS].base, ==, 0x12000);
    g_assert_cmphex(cpu->env.rip, ==, 0);
    vm_free(vm);
}

int main(int argc, char **argv)
{
    static const TypeInfo *const types[] = {
        &device_type_info, &bus_type_info, &apic_type_info,
    };

    g_test_init(&argc, &argv, NULL);
    type_registry_init(types, G_N_ELEMENTS(types));
    g_test_add_func("/x86/cpuid/parse", test_parse);
    g_test_add_func("/x86/cpuid/leaves", test_leaves);
    g_test_add_func("/x86/apic-glue/apic-base", test_apic_base_msr);
    g_test_add_func("/x86/apic-glue/x2apic-msrs", test_x2apic_msrs);
    g_test_add_func("/x86/apic-glue/cr8-mmio", test_cr8_and_mmio);
    g_test_add_func("/x86/apic-glue/init-sipi", test_init_sipi);
    g_test_add_func("/x86/apic-glue/relocation", test_relocation);
    return g_test_run();
}
