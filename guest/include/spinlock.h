/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Ticket spinlocks: fair between CPUs, with an interrupt-saving variant. */
#ifndef GUEST_SPINLOCK_H
#define GUEST_SPINLOCK_H

#include "arch/cpu.h"

typedef struct Spinlock {
    uint16_t next;
    uint16_t owner;
} Spinlock;

static inline void spin_lock(Spinlock *l)
{
    uint16_t me = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

    while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != me) {
        cpu_relax();
    }
}

static inline void spin_unlock(Spinlock *l)
{
    __atomic_store_n(&l->owner, l->owner + 1, __ATOMIC_RELEASE);
}

static inline bool spin_lock_irqsave(Spinlock *l)
{
    bool on = irq_save();

    spin_lock(l);
    return on;
}

static inline void spin_unlock_irqrestore(Spinlock *l, bool on)
{
    spin_unlock(l);
    irq_restore(on);
}

#endif
