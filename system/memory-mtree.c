/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * "info mtree": the region trees of address spaces as text, in QEMU's
 * layout (two spaces of indent per level, 16 hex digits per address):
 *
 *   address-space: memory
 *     0000000000000000-ffffffffffffffff (prio 0, i/o): system
 *       0000000000000000-0000000007ffffff (prio 0, ram): ram
 *
 * Spaces sharing a root are listed together above one tree.  Regions seen
 * through aliases are printed afterwards as "memory-region: NAME" trees.
 * With -f, the flattened views are printed instead.
 */
#include "qemu/osdep.h"
#include "system/memory.h"

#define MTREE_ALIAS_DEPTH 64

static const char *mtree_kind(const MemoryRegion *mr)
{
    int depth = 0;

    while (mr->kind == MEMORY_REGION_ALIAS && mr->alias &&
           depth++ < MTREE_ALIAS_DEPTH) {
        mr = mr->alias;
    }
    if (mr->kind == MEMORY_REGION_RAM) {
        return mr->readonly ? "rom" : "ram";
    }
    return "i/o";
}

/* Last byte offset of a region, as QEMU prints it (0 for size 0). */
static uint64_t mtree_size_last(const MemoryRegion *mr)
{
    return mr->size ? (uint64_t)(mr->size - 1) : 0;
}

static void mtree_indent(GString *out, int level)
{
    int i;

    for (i = 0; i < level; i++) {
        g_string_append(out, "  ");
    }
}

static void mtree_queue_alias(GPtrArray *aliases, MemoryRegion *target)
{
    if (target && !g_ptr_array_find(aliases, target, NULL)) {
        g_ptr_array_add(aliases, target);
    }
}

static void mtree_print_line(GString *out, const MemoryRegion *mr,
                             uint64_t start)
{
    uint64_t end = start + mtree_size_last(mr);

    g_string_append_printf(out, "%016" PRIx64 "-%016" PRIx64
                           " (prio %d, %s): ", start, end, mr->priority,
                           mtree_kind(mr));
    if (mr->kind == MEMORY_REGION_ALIAS) {
        g_string_append_printf(out, "alias %s @%s %016" PRIx64 "-%016"
                               PRIx64, memory_region_name(mr),
                               mr->alias ? memory_region_name(mr->alias)
                                         : "(null)",
                               mr->alias_offset,
                               mr->alias_offset + mtree_size_last(mr));
    } else {
        g_string_append(out, memory_region_name(mr));
    }
    g_string_append(out, mr->enabled ? "\n" : " [disabled]\n");
}

/* Subregions by address, then by descending priority (as QEMU lists). */
static GPtrArray *mtree_sorted_children(const MemoryRegion *mr)
{
    GPtrArray *kids = g_ptr_array_new();
    MemoryRegion *sub;

    for (sub = mr->subregions; sub; sub = sub->sibling) {
        guint i = kids->len;

        while (i > 0) {
            MemoryRegion *prev = g_ptr_array_index(kids, i - 1);

            if (prev->addr < sub->addr ||
                (prev->addr == sub->addr && prev->priority >= sub->priority)) {
                break;
            }
            i--;
        }
        g_ptr_array_insert(kids, i, sub);
    }
    return kids;
}

static void mtree_print_region(GString *out, const MemoryRegion *mr,
                               int level, uint64_t base, GPtrArray *aliases)
{
    uint64_t start = base + mr->addr;
    GPtrArray *kids;
    guint i;

    mtree_indent(out, level);
    mtree_print_line(out, mr, start);
    if (mr->kind == MEMORY_REGION_ALIAS) {
        mtree_queue_alias(aliases, mr->alias);
    }
    kids = mtree_sorted_children(mr);
    for (i = 0; i < kids->len; i++) {
        mtree_print_region(out, g_ptr_array_index(kids, i), level + 1,
                           start, aliases);
    }
    g_ptr_array_free(kids, TRUE);
}

static bool mtree_root_seen(AddressSpace **spaces, int upto)
{
    int i;

    for (i = 0; i < upto; i++) {
        if (spaces[i]->root == spaces[upto]->root) {
            return true;
        }
    }
    return false;
}

static void mtree_print_tree(GString *out, AddressSpace **spaces, int n,
                             int first, GPtrArray *aliases)
{
    MemoryRegion *root = spaces[first]->root;
    int i;

    for (i = first; i < n; i++) {
        if (spaces[i]->root == root) {
            g_string_append_printf(out, "address-space: %s\n",
                                   address_space_name(spaces[i]));
        }
    }
    if (root) {
        mtree_print_region(out, root, 1, 0, aliases);
    }
    g_string_append(out, "\n");
}

static void mtree_print_flat_range(GString *out,
                                   const MemoryRegionSection *s)
{
    g_string_append_printf(out, "  %016" PRIx64 "-%016" PRIx64
                           " (prio %d, %s): %s", s->addr, s->last,
                           s->mr->priority, mtree_kind(s->mr),
                           memory_region_name(s->mr));
    if (s->offset) {
        g_string_append_printf(out, " @%016" PRIx64, s->offset);
    }
    g_string_append(out, "\n");
}

static void mtree_print_flatview(GString *out, AddressSpace **spaces, int n,
                                 int first, int number)
{
    MemoryRegion *root = spaces[first]->root;
    GArray *ranges = address_space_get_flatview_ranges(spaces[first]);
    guint j;
    int i;

    g_string_append_printf(out, "FlatView #%d\n", number);
    for (i = first; i < n; i++) {
        if (spaces[i]->root == root) {
            g_string_append_printf(out, " AS \"%s\", root: %s\n",
                                   address_space_name(spaces[i]),
                                   root ? memory_region_name(root) : "");
        }
    }
    g_string_append_printf(out, " Root memory region: %s\n",
                           root ? memory_region_name(root) : "");
    if (!ranges->len) {
        g_string_append(out, " No rendered FlatView\n");
    }
    for (j = 0; j < ranges->len; j++) {
        mtree_print_flat_range(out, &g_array_index(ranges,
                                                   MemoryRegionSection, j));
    }
    g_string_append(out, "\n");
    g_array_free(ranges, TRUE);
}

void mtree_info(GString *out, AddressSpace **spaces, int n, bool flatview)
{
    GPtrArray *aliases = g_ptr_array_new();
    int i, views = 0;
    guint j;

    for (i = 0; i < n; i++) {
        if (mtree_root_seen(spaces, i)) {
            continue;
        }
        if (flatview) {
            mtree_print_flatview(out, spaces, n, i, views++);
        } else {
            mtree_print_tree(out, spaces, n, i, aliases);
        }
    }
    /* The list grows while printing: aliases inside aliased regions. */
    for (j = 0; j < aliases->len; j++) {
        MemoryRegion *mr = g_ptr_array_index(aliases, j);

        g_string_append_printf(out, "memory-region: %s\n",
                               memory_region_name(mr));
        mtree_print_region(out, mr, 1, 0, aliases);
        g_string_append(out, "\n");
    }
    g_ptr_array_free(aliases, TRUE);
}
