/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A machine for the x86 engine's unit tests: RAM at physical 0 and one
 * CPU in flat 64-bit mode, with no devices.  Faults stop the CPU
 * (stop_on_exception) so a test can look at them.
 */
#ifndef TESTS_UNIT_X86_TEST_VM_H
#define TESTS_UNIT_X86_TEST_VM_H

#include "target/i386/engine.h"

typedef struct TestVM {
    MemoryRegion root, ram;
    AddressSpace as;
    uint8_t *mem;
    X86CPU *cpu;
} TestVM;

/* @ram_size bytes of RAM; the CPU runs from @code with RSP = @stack. */
static inline TestVM *test_vm_new(uint64_t ram_size, uint64_t code,
                                  uint64_t stack)
{
    TestVM *vm = g_new0(TestVM, 1);

    memory_region_init(&vm->root, NULL, "root", UINT64_MAX);
    g_assert(memory_region_init_ram(&vm->ram, NULL, "ram", ram_size,
                                    &error_abort));
    memory_region_add_subregion(&vm->root, 0, &vm->ram);
    address_space_init(&vm->as, &vm->root, "memory");
    vm->mem = memory_region_get_ram_ptr(&vm->ram);
    vm->cpu = x86_cpu_new(&vm->as);
    vm->cpu->stop_on_exception = true;
    x86_cpu_set_flat64(vm->cpu, code);
    vm->cpu->env.regs[R_ESP] = stack;
    return vm;
}

static inline void test_vm_free(TestVM *vm)
{
    x86_cpu_free(vm->cpu);
    address_space_destroy(&vm->as);
    memory_region_finalize(&vm->ram);
    memory_region_finalize(&vm->root);
    g_free(vm);
}

/*
 * Put the hex bytes @hex ("48 01 d8", spaces optional) at @addr followed
 * by HLT, and make the CPU start there; returns the code's length.
 */
static inline size_t test_vm_load_hex(TestVM *vm, uint64_t addr,
                                      const char *hex)
{
    size_t n = 0;

    for (const char *p = hex; *p; ) {
        unsigned b;

        if (*p == ' ') {
            p++;
            continue;
        }
        g_assert(sscanf(p, "%2x", &b) == 1);
        vm->mem[addr + n++] = b;
        p += 2;
    }
    vm->mem[addr + n] = 0xf4;
    block_cache_invalidate_all(&vm->cpu->cache);
    vm->cpu->halted = false;
    vm->cpu->env.rip = addr;
    return n;
}

#endif
