/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * KVM memory-slot planning (accel/kvm/kvm-slots.c) on a real memory tree:
 * RAM and ROM become slots, MMIO does not, partial pages are trimmed, and
 * a topology change deletes and adds exactly the slots that changed.
 */
#include "qemu/osdep.h"
#include "accel/kvm/kvm-slots.h"

typedef struct Log {
    GString *s;
    int fail_add;           /* slot number whose add fails, or -1 */
} Log;

static int log_del(void *opaque, unsigned slot, const KVMSlot *s)
{
    Log *l = opaque;

    g_string_append_printf(l->s, "del %u 0x%" PRIx64 "+0x%" PRIx64 ";",
                           slot, s->gpa, s->size);
    return 0;
}

static int log_add(void *opaque, unsigned slot, const KVMSlot *s)
{
    Log *l = opaque;

    if ((int)slot == l->fail_add) {
        return -EEXIST;
    }
    g_string_append_printf(l->s, "add %u 0x%" PRIx64 "+0x%" PRIx64 "%s;",
                           slot, s->gpa, s->size, s->readonly ? " ro" : "");
    return 0;
}

static uint64_t mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0;
}

static void mmio_write(void *opaque, hwaddr addr, uint64_t v, unsigned size)
{
}

static const MemoryRegionOps mmio_ops = {
    .read = mmio_read,
    .write = mmio_write,
};

static GArray *plan_of(AddressSpace *as)
{
    GArray *sections = address_space_get_flatview_ranges(as);
    GArray *plan = kvm_slots_plan(sections, 4096);

    g_array_free(sections, TRUE);
    return plan;
}

static void test_plan_and_update(void)
{
    MemoryRegion root, ram, rom, mmio, alias;
    AddressSpace as;
    KVMSlot slots[4] = { 0 };
    Log l = { g_string_new(NULL), -1 };
    GArray *plan;
    KVMSlot *s;

    memory_region_init(&root, NULL, "root", UINT64_MAX);
    g_assert_true(memory_region_init_ram(&ram, NULL, "ram", 0x100000,
                                         &error_abort));
    g_assert_true(memory_region_init_rom(&rom, NULL, "rom", 0x2000,
                                         &error_abort));
    memory_region_init_io(&mmio, NULL, &mmio_ops, NULL, "mmio", 0x1000);
    memory_region_add_subregion(&root, 0x40000000, &ram);
    memory_region_add_subregion(&root, 0x0, &rom);
    memory_region_add_subregion(&root, 0x9000000, &mmio);
    address_space_init(&as, &root, "test");

    plan = plan_of(&as);
    g_assert_cmpuint(plan->len, ==, 2);
    s = &g_array_index(plan, KVMSlot, 0);
    g_assert_cmphex(s->gpa, ==, 0);
    g_assert_cmphex(s->size, ==, 0x2000);
    g_assert_true(s->readonly);
    s = &g_array_index(plan, KVMSlot, 1);
    g_assert_cmphex(s->gpa, ==, 0x40000000);
    g_assert_true(s->host == memory_region_get_ram_ptr(&ram));
    g_assert_false(s->readonly);
    g_assert_cmpint(kvm_slots_update(slots, 4, plan, log_del, log_add, &l),
                    ==, 0);
    g_assert_cmpstr(l.s->str, ==, "add 0 0x0+0x2000 ro;"
                    "add 1 0x40000000+0x100000;");
    g_array_free(plan, TRUE);

    /* MMIO over the middle of RAM splits it; partial pages are trimmed. */
    g_string_truncate(l.s, 0);
    memory_region_init_alias(&alias, NULL, "hole", &mmio, 0, 0x800);
    memory_region_add_subregion_overlap(&root, 0x40010800, &alias, 1);
    plan = plan_of(&as);
    g_assert_cmpuint(plan->len, ==, 3);
    g_assert_cmpint(kvm_slots_update(slots, 4, plan, log_del, log_add, &l),
                    ==, 0);
    g_assert_cmpstr(l.s->str, ==, "del 1 0x40000000+0x100000;"
                    "add 1 0x40000000+0x10000;"
                    "add 2 0x40011000+0xef000;");
    /* Same view again: nothing to do. */
    g_string_truncate(l.s, 0);
    g_assert_cmpint(kvm_slots_update(slots, 4, plan, log_del, log_add, &l),
                    ==, 0);
    g_assert_cmpstr(l.s->str, ==, "");
    g_array_free(plan, TRUE);

    /* Full table and a failing ioctl are reported. */
    memory_region_del_subregion(&root, &alias);
    plan = plan_of(&as);
    g_assert_cmpint(kvm_slots_update(slots, 2, plan, log_del, log_add, &l),
                    ==, 0);
    g_string_truncate(l.s, 0);
    l.fail_add = 0;
    memory_region_set_enabled(&rom, false);
    g_array_free(plan, TRUE);
    plan = plan_of(&as);
    g_assert_cmpuint(plan->len, ==, 1);
    g_array_free(plan, TRUE);
    memory_region_set_enabled(&rom, true);
    memset(slots, 0, sizeof(slots));
    plan = plan_of(&as);
    g_assert_cmpint(kvm_slots_update(slots, 1, plan, log_del, log_add, &l),
                    ==, -EEXIST);
    l.fail_add = -1;
    memset(slots, 0, sizeof(slots));
    g_assert_cmpint(kvm_slots_update(slots, 1, plan, log_del, log_add, &l),
                    ==, -ENOSPC);
    g_array_free(plan, TRUE);

    address_space_destroy(&as);
    memory_region_del_subregion(&root, &ram);
    memory_region_del_subregion(&root, &rom);
    memory_region_del_subregion(&root, &mmio);
    memory_region_finalize(&ram);
    memory_region_finalize(&rom);
    memory_region_finalize(&alias);
    memory_region_finalize(&mmio);
    memory_region_finalize(&root);
    g_string_free(l.s, TRUE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/kvm-slots/plan-and-update", test_plan_and_update);
    return g_test_run();
}
