/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A guest can never crash or hang the emulator: run arbitrary bytes as
 * x86-64 code.  The input's first byte picks whether exceptions stop the
 * engine or are delivered through the (garbage) IDT; the next 128 bytes
 * seed the general registers; the rest is the code page.  Every run has an
 * instruction budget, so an endless loop ends too.
 */
#include "qemu/osdep.h"
#include "target/i386/engine.h"

#define RAM_SIZE  0x40000
#define CODE      0x10000
#define CODE_MAX  0x1000

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct FuzzVM {
    MemoryRegion root, ram;
    AddressSpace as;
    uint8_t *mem;
    X86CPU *cpu;
} FuzzVM;

static void fuzz_vm_init(FuzzVM *vm)
{
    memory_region_init(&vm->root, NULL, "root", UINT64_MAX);
    if (!memory_region_init_ram(&vm->ram, NULL, "ram", RAM_SIZE,
                                &error_abort)) {
        abort();
    }
    memory_region_add_subregion(&vm->root, 0, &vm->ram);
    address_space_init(&vm->as, &vm->root, "memory");
    vm->mem = memory_region_get_ram_ptr(&vm->ram);
    vm->cpu = x86_cpu_new(&vm->as);
}

static void fuzz_vm_destroy(FuzzVM *vm)
{
    x86_cpu_free(vm->cpu);
    address_space_destroy(&vm->as);
    memory_region_finalize(&vm->ram);
    memory_region_finalize(&vm->root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzVM vm = { 0 };
    size_t nregs = 16 * sizeof(uint64_t);

    if (size < 1 + nregs) {
        return 0;
    }
    fuzz_vm_init(&vm);
    vm.cpu->stop_on_exception = data[0] & 1;
    x86_cpu_set_flat64(vm.cpu, CODE);
    memcpy(vm.cpu->env.regs, data + 1, nregs);
    data += 1 + nregs;
    size -= 1 + nregs;
    memcpy(vm.mem + CODE, data, MIN(size, CODE_MAX));
    x86_cpu_exec(vm.cpu, 20000);
    fuzz_vm_destroy(&vm);
    return 0;
}
