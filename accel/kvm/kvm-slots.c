/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * KVM memory-slot planning (kvm-slots.h): RAM sections of a flatview to
 * slots, and the deletions/additions between two plans.
 */
#include "qemu/osdep.h"
#include "kvm-slots.h"

GArray *kvm_slots_plan(const GArray *sections, uint64_t page_size)
{
    GArray *plan = g_array_new(FALSE, TRUE, sizeof(KVMSlot));

    for (guint i = 0; i < sections->len; i++) {
        const MemoryRegionSection *sec =
            &g_array_index(sections, MemoryRegionSection, i);
        uint64_t start = sec->addr, mask = page_size - 1;
        /* whole pages only; a range reaching 2^64 ends one page short */
        uint64_t first = (start + mask) & ~mask;
        uint64_t last = (sec->last + 1 ? sec->last + 1 : ~mask) & ~mask;
        KVMSlot s;

        if (!sec->mr || !memory_region_is_ram(sec->mr) || last <= first) {
            continue;
        }
        s.gpa = first;
        s.size = last - first;
        s.host = (uint8_t *)memory_region_get_ram_ptr(sec->mr) +
                 sec->offset + (first - start);
        s.readonly = sec->readonly || memory_region_is_rom(sec->mr);
        g_array_append_val(plan, s);
    }
    return plan;
}

static bool kvm_slot_equal(const KVMSlot *a, const KVMSlot *b)
{
    return a->gpa == b->gpa && a->size == b->size && a->host == b->host &&
           a->readonly == b->readonly;
}

static bool kvm_slot_planned(const GArray *plan, const KVMSlot *s)
{
    for (guint i = 0; i < plan->len; i++) {
        if (kvm_slot_equal(&g_array_index(plan, KVMSlot, i), s)) {
            return true;
        }
    }
    return false;
}

static bool kvm_slot_present(const KVMSlot *slots, unsigned n,
                             const KVMSlot *s)
{
    for (unsigned i = 0; i < n; i++) {
        if (slots[i].size && kvm_slot_equal(&slots[i], s)) {
            return true;
        }
    }
    return false;
}

int kvm_slots_update(KVMSlot *slots, unsigned nslots, const GArray *plan,
                     KVMSlotFunc *del, KVMSlotFunc *add, void *opaque)
{
    unsigned free_slot = 0;
    int ret;

    for (unsigned i = 0; i < nslots; i++) {
        if (slots[i].size && !kvm_slot_planned(plan, &slots[i])) {
            ret = del(opaque, i, &slots[i]);
            if (ret < 0) {
                return ret;
            }
            memset(&slots[i], 0, sizeof(slots[i]));
        }
    }
    for (guint i = 0; i < plan->len; i++) {
        const KVMSlot *s = &g_array_index(plan, KVMSlot, i);

        if (kvm_slot_present(slots, nslots, s)) {
            continue;
        }
        while (free_slot < nslots && slots[free_slot].size) {
            free_slot++;
        }
        if (free_slot == nslots) {
            return -ENOSPC;
        }
        ret = add(opaque, free_slot, s);
        if (ret < 0) {
            return ret;
        }
        slots[free_slot] = *s;
    }
    return 0;
}
