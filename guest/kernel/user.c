/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * User-mode tasks.  user_run() copies a position-independent program to
 * a user code page, gives it a user stack, enters it and returns when it
 * calls SYS_EXIT (its status) or faults (USER_KILLED - vector).  Both
 * ways back are a longjmp to the context user_run saved.  Each CPU has
 * its own slot of user addresses (USER_BASE + id * USER_SLOT: code, and
 * the stack page below +0x10000, an optional read-only shared page at
 * +0x20000), so every CPU can run a task at once.
 */
#include "user.h"
#include "smp.h"
#include "mm.h"
#include "ipi-defer.h"

#define USER_SLOT           0x100000
#define USER_STACK_OFF      0x10000
#define USER_TOP            (1ULL << 39)    /* PML4 slot 0 */

static bool user_range_ok(uint64_t addr, uint64_t len)
{
    return addr >= USER_BASE && len < USER_TOP &&
           addr + len <= USER_TOP;
}

static uint64_t sys_write(uint64_t buf, uint64_t len)
{
    unsigned flags;

    if (!user_range_ok(buf, len)) {
        return -1;
    }
    for (uint64_t p = ALIGN_DOWN(buf, PAGE_SIZE); p < buf + len;
         p += PAGE_SIZE) {
        if (vm_translate(p, &flags) == (uint64_t)-1 || !(flags & VM_USER)) {
            return -1;
        }
    }
    console_write((const char *)buf, len);
    return len;
}

uint64_t syscall_handle(uint64_t nr, const uint64_t a[5])
{
    Cpu *c = this_cpu();

    switch (nr) {
    case SYS_EXIT:
        c->user_status = (int)a[0];
        kernel_longjmp(c->user_exit, 1);
    case SYS_WRITE:
        return sys_write(a[0], a[1]);
    case SYS_GETCPU:
        return c->id;
    case SYS_ADD:
        return a[0] + a[1] + a[2] + a[3] + a[4];
    case SYS_PROBE:
        return ipi_defer_probe();
    case SYS_USER_IRQS:
        return c->user_irqs;
    default:
        return -1;
    }
}

__noreturn void user_exit_resume(void)
{
    kernel_longjmp(this_cpu()->user_exit, 1);
}

int user_run(const void *code, size_t len, uint64_t shared_pa)
{
    Cpu *c = this_cpu();
    uint64_t base = USER_BASE + c->id * USER_SLOT;
    uint64_t stack = base + USER_STACK_OFF;
    uint64_t code_pa = page_alloc(1), stack_pa = page_alloc(1);
    JmpBuf jb;
    bool on = irq_save();
    int status = -1;

    if (!code_pa || !stack_pa || len > PAGE_SIZE ||
        vm_map(base, code_pa, PAGE_SIZE, VM_USER | VM_EXEC) < 0 ||
        vm_map(stack - PAGE_SIZE, stack_pa, PAGE_SIZE,
               VM_USER | VM_WRITE) < 0 ||
        (shared_pa && vm_map(base + USER_SHARED_OFF, shared_pa, PAGE_SIZE,
                             VM_USER) < 0)) {
        goto out;
    }
    memcpy(p2v(code_pa), code, len);
    c->user_exit = &jb;
    if (kernel_setjmp(&jb) == 0) {
        ct_user_enter(c);
        user_enter(base, stack);
    }
    irq_disable();
    status = c->user_status;
    c->user_exit = NULL;
out:
    /* entries that were never mapped are skipped */
    vm_unmap(base, PAGE_SIZE);
    vm_unmap(stack - PAGE_SIZE, PAGE_SIZE);
    vm_unmap(base + USER_SHARED_OFF, PAGE_SIZE);
    if (code_pa) {
        page_free(code_pa, 1);
    }
    if (stack_pa) {
        page_free(stack_pa, 1);
    }
    irq_restore(on);
    return status;
}
