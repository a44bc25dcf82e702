/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Trap dispatch: exceptions (caught by a test, fatal to a user task, or
 * a panic with a register dump), interrupt vectors and their handlers.
 */
#include "ipi-defer.h"
#include "user.h"

#define FIRST_IRQ_VECTOR    0x30
#define LAST_IRQ_VECTOR     0xef

typedef struct IrqSlot {
    IrqHandler fn;
    void *opaque;
} IrqSlot;

static IrqSlot irq_table[256];
static Spinlock vector_lock;
static int next_vector = FIRST_IRQ_VECTOR;

int irq_alloc_vector(void)
{
    int v = -1;

    spin_lock(&vector_lock);
    if (next_vector <= LAST_IRQ_VECTOR) {
        v = next_vector++;
    }
    spin_unlock(&vector_lock);
    return v;
}

void irq_set_handler(int vector, IrqHandler fn, void *opaque)
{
    irq_table[vector].opaque = opaque;
    __atomic_store_n(&irq_table[vector].fn, fn, __ATOMIC_RELEASE);
}

void trap_catch_arm(TrapCatch *tc)
{
    tc->vector = -1;
    this_cpu()->trap_catch = tc;
}

void trap_catch_end(void)
{
    this_cpu()->trap_catch = NULL;
}

static __noreturn void trap_catch_resume(void)
{
    TrapCatch *tc = this_cpu()->trap_catch;

    this_cpu()->trap_catch = NULL;
    kernel_longjmp(&tc->jb, 1);
}

/* A stack below the one saved in @jb, for the code that longjmps. */
static uint64_t resume_stack(const JmpBuf *jb)
{
#ifdef __x86_64__
    /* as if called: the return address slot */
    return ALIGN_DOWN(jb->regs[JMPBUF_SP] - 512, 16) - 8;
#else
    return ALIGN_DOWN(jb->regs[JMPBUF_SP] - 512, 16);
#endif
}

static void exception(TrapFrame *tf)
{
    Cpu *c = this_cpu();
    TrapCatch *tc = c->trap_catch;
    uint64_t sp;

    if (tc && !trap_from_user(tf)) {
#ifdef __x86_64__
        __asm__ volatile("mov %%rsp, %0" : "=r"(sp));
#else
        __asm__ volatile("mov %0, sp" : "=r"(sp));
#endif
        tc->vector = tf->vector;
        tc->error = tf->error;
        tc->pc = trap_pc(tf);
        tc->addr = arch_fault_addr(tf);
        tc->sp = sp;
        arch_redirect_trap(tf, (uint64_t)trap_catch_resume,
                           resume_stack(&tc->jb));
        return;
    }
    if (trap_from_user(tf) && c->user_exit) {
        printf("user task: %s at %lx (error %lx), killed\n",
               arch_exception_name(tf->vector), trap_pc(tf), tf->error);
        c->user_status = USER_KILLED - (int)tf->vector;
        arch_redirect_trap(tf, (uint64_t)user_exit_resume,
                           resume_stack(c->user_exit));
        return;
    }
    irq_disable();
    console_emergency();
    printf("exception %s on CPU %u\n", arch_exception_name(tf->vector),
           c->id);
    arch_dump_frame(tf);
    panic("unexpected exception %lu", tf->vector);
}

static void irq_dispatch(TrapFrame *tf)
{
    IrqSlot *s = &irq_table[tf->vector];

    if (s->fn) {
        s->fn(tf, s->opaque);
    } else {
        printf("spurious interrupt, vector %lu on CPU %u\n", tf->vector,
               this_cpu()->id);
    }
    if (tf->vector != 0xff) {
        arch_eoi();
    }
}

void trap_dispatch(TrapFrame *tf)
{
    bool from_user = trap_from_user(tf);

    if (from_user) {
        ct_kernel_enter(this_cpu());    /* before anything else */
    }
    if (tf->vector < 32) {
        exception(tf);
    } else {
        this_cpu()->user_irqs += from_user;
        irq_dispatch(tf);
    }
    /* still going back to user mode (not a killed task) */
    if (from_user && trap_from_user(tf)) {
        ct_user_enter(this_cpu());
    }
}
