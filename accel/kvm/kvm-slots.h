/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * KVM memory slots from the memory API's flattened view: which guest
 * ranges are backed by host RAM (a slot each), and what changes when the
 * view changes.  Pure logic, no ioctls: kvm-all.c turns the plan into
 * KVM_SET_USER_MEMORY_REGION calls; tests run it on any host.
 */
#ifndef ACCEL_KVM_SLOTS_H
#define ACCEL_KVM_SLOTS_H

#include "system/memory.h"

typedef struct KVMSlot {
    uint64_t gpa;
    uint64_t size;          /* 0: the slot number is free */
    void *host;
    bool readonly;          /* ROM: KVM_MEM_READONLY, writes exit as MMIO */
} KVMSlot;

/*
 * The slots @sections (MemoryRegionSection, a flatview) asks for: one per
 * RAM or ROM range, trimmed to whole @page_size pages (the rest is left
 * to MMIO exits).  Returns a GArray of KVMSlot.
 */
GArray *kvm_slots_plan(const GArray *sections, uint64_t page_size);

/*
 * Bring the slot table @slots[@nslots] to @plan: slots that are not in
 * the plan any more are deleted first (@del), then missing ones added
 * (@add) in free slot numbers.  Each callback returns 0 or -errno; the
 * first failure stops and is returned.  -ENOSPC when the table is full.
 */
typedef int KVMSlotFunc(void *opaque, unsigned slot, const KVMSlot *s);
int kvm_slots_update(KVMSlot *slots, unsigned nslots, const GArray *plan,
                     KVMSlotFunc *del, KVMSlotFunc *add, void *opaque);

#endif
