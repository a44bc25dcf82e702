/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Core interfaces of the guest kernel: boot information and command
 * line, traps and interrupt vectors, non-local jumps.
 */
#ifndef GUEST_KERNEL_H
#define GUEST_KERNEL_H

#include "lib.h"
#include "arch/cpu.h"

#define MAX_RAM_REGIONS     32

typedef struct MemRegion {
    uint64_t base;
    uint64_t size;
} MemRegion;

typedef struct BootInfo {
    const char *loader;                 /* "multiboot" or "direct" */
    char cmdline[1024];
    MemRegion ram[MAX_RAM_REGIONS];     /* usable RAM, sorted */
    unsigned nr_ram;
} BootInfo;

extern BootInfo boot_info;

/* Parse the loader's information into boot_info (kernel/boot.c). */
void boot_parse(uint32_t magic, uint64_t info, uint64_t arg);

/*
 * Boot with a flattened device tree at physical @info (arm64): its
 * memory nodes and /chosen/bootargs go to boot_info (kernel/fdt.c).
 */
#define FDT_BOOT_MAGIC      0xd00dfeed
void boot_parse_fdt(uint64_t pa);
/* Add a usable RAM range to boot_info (kept sorted). */
void boot_add_ram(uint64_t base, uint64_t size);
/* Copy the value of "key=value" on the command line; false if absent. */
bool cmdline_get(const char *key, char *buf, size_t size);

/*
 * setjmp/longjmp for the kernel (arch entry code).  The arch header may
 * set the buffer size and where the stack pointer is kept.
 */
#ifndef JMPBUF_REGS
#define JMPBUF_REGS         8       /* rbx rbp r12..r15 rsp rip */
#define JMPBUF_SP           6
#endif

typedef struct JmpBuf {
    uint64_t regs[JMPBUF_REGS];
} JmpBuf;

int kernel_setjmp(JmpBuf *jb) __attribute__((returns_twice));
__noreturn void kernel_longjmp(JmpBuf *jb, int value);

/*
 * Catching an expected exception (tests): arm with trap_catch_begin()
 * (returns 0), do the faulting thing; the fault makes trap_catch_begin()
 * return 1 again with the details in *tc.  trap_catch_end() disarms.
 */
typedef struct TrapCatch {
    JmpBuf jb;
    uint64_t vector;
    uint64_t error;
    uint64_t pc;
    uint64_t addr;          /* faulting address (#PF) */
    uint64_t sp;            /* stack pointer in the handler */
} TrapCatch;

#define trap_catch_begin(tc) (trap_catch_arm(tc), kernel_setjmp(&(tc)->jb))
void trap_catch_arm(TrapCatch *tc);
void trap_catch_end(void);

/* Interrupt vectors and handlers. */
typedef void (*IrqHandler)(TrapFrame *tf, void *opaque);

int irq_alloc_vector(void);
void irq_set_handler(int vector, IrqHandler fn, void *opaque);
/* Called by the arch entry code for every trap and interrupt. */
void trap_dispatch(TrapFrame *tf);

void kmain(uint32_t magic, uint64_t info, uint64_t arg);

#endif
