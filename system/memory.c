/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Memory regions and address-space views: building the region tree,
 * flattening it into a sorted array of ranges per address space, and
 * looking addresses up in that array.  Accesses are in physmem.c, the
 * "info mtree" text in memory-mtree.c.
 *
 * Flattening: every RAM or I/O region visible from the root becomes a
 * "piece" (an interval of the address space, already clipped by its
 * containers and aliases) with a claim order.  Pieces are emitted depth
 * first, subregions before their parent's own content, higher priority
 * (and, at equal priority, newer) siblings first, so the lowest claim order
 * wins wherever pieces overlap.  A sweep over the pieces sorted by start,
 * with a heap keyed by claim order, turns them into the view in
 * O(n log n).
 *
 * Staleness: a change marks every address space that can see the changed
 * region (up through containers, across aliases) stale; the view is rebuilt
 * at the next lookup.
 */
#include "qemu/osdep.h"
#include "system/memory.h"

#include <sys/mman.h>

/* Addresses and sizes during flattening can exceed 64 bits. */
typedef __int128 MemAddr128;

#define MEMORY_SPACE_END ((MemAddr128)1 << 64)

/* Deeper than this can only be an alias cycle (a board bug). */
#define MEMORY_MAX_DEPTH 64

struct FlatView {
    MemoryRegionSection *ranges;
    size_t nr;
};

/* A RAM or I/O region clipped to where the tree shows it. */
typedef struct FlatPiece {
    MemAddr128 start;       /* first address */
    MemAddr128 end;         /* one past the last address */
    MemAddr128 mr_base;     /* address of offset 0 of @mr */
    MemoryRegion *mr;
    size_t order;           /* claim order: lower wins */
} FlatPiece;

/* Min-heap of pieces by claim order, for the sweep. */
typedef struct PieceHeap {
    FlatPiece **v;
    size_t n;
} PieceHeap;

static unsigned __int128 memory_size_from_u64(uint64_t size)
{
    return size == UINT64_MAX ? (unsigned __int128)1 << 64 : size;
}

static void memory_check_depth(const MemoryRegion *mr, int depth)
{
    if (depth >= MEMORY_MAX_DEPTH) {
        g_error("memory: region tree deeper than %d levels at '%s' "
                "(alias cycle?)", MEMORY_MAX_DEPTH,
                mr->name ? mr->name : "(null)");
    }
}

/* ------------------------------------------------------------------ */
/* Staleness                                                           */

static void address_space_mark_stale(AddressSpace *as)
{
    MemoryNotifier *n;

    if (as->stale) {
        return;
    }
    as->stale = true;
    for (n = as->notifiers; n; n = n->next) {
        n->changed(n, as);
    }
}

static void region_changed_depth(MemoryRegion *mr, int depth)
{
    AddressSpace *as;
    MemoryRegion *alias;

    memory_check_depth(mr, depth);
    for (as = mr->spaces; as; as = as->root_next) {
        address_space_mark_stale(as);
    }
    for (alias = mr->alias_users; alias; alias = alias->alias_next) {
        region_changed_depth(alias, depth + 1);
    }
    if (mr->container) {
        region_changed_depth(mr->container, depth + 1);
    }
}

/* Everything that can see @mr must re-flatten. */
static void region_changed(MemoryRegion *mr)
{
    region_changed_depth(mr, 0);
}

/* ------------------------------------------------------------------ */
/* Construction                                                        */

static void region_init_common(MemoryRegion *mr, void *owner,
                               const char *name, uint64_t size,
                               MemoryRegionKind kind)
{
    memset(mr, 0, sizeof(*mr));
    mr->owner = owner;
    mr->name = g_strdup(name);
    mr->kind = kind;
    mr->size = memory_size_from_u64(size);
    mr->enabled = true;
}

void memory_region_init(MemoryRegion *mr, void *owner, const char *name,
                        uint64_t size)
{
    region_init_common(mr, owner, name, size, MEMORY_REGION_CONTAINER);
}

static bool access_size_ok(unsigned size)
{
    return size >= 1 && size <= 8 && (size & (size - 1)) == 0;
}

/* Apply the documented defaults and check the table (a board bug if bad). */
static void region_set_access_sizes(MemoryRegion *mr,
                                    const MemoryRegionOps *ops)
{
    unsigned vmin = 1, vmax = 4, imin, imax;

    if (ops) {
        vmin = ops->valid.min_access_size ? ops->valid.min_access_size : 1;
        vmax = ops->valid.max_access_size ? ops->valid.max_access_size : 4;
    }
    imin = ops && ops->impl.min_access_size ? ops->impl.min_access_size
                                             : vmin;
    imax = ops && ops->impl.max_access_size ? ops->impl.max_access_size
                                             : vmax;
    if (!access_size_ok(vmin) || !access_size_ok(vmax) || vmin > vmax ||
        !access_size_ok(imin) || !access_size_ok(imax) || imin > imax) {
        g_error("memory: region '%s': bad access sizes valid %u..%u "
                "impl %u..%u", mr->name ? mr->name : "(null)",
                vmin, vmax, imin, imax);
    }
    mr->valid_min = vmin;
    mr->valid_max = vmax;
    mr->impl_min = imin;
    mr->impl_max = imax;
}

void memory_region_init_io(MemoryRegion *mr, void *owner,
                           const MemoryRegionOps *ops, void *opaque,
                           const char *name, uint64_t size)
{
    region_init_common(mr, owner, name, size, MEMORY_REGION_IO);
    mr->ops = ops;
    mr->opaque = opaque;
    region_set_access_sizes(mr, ops);
}

/* Reserve zeroed host memory for @mr; pages are backed on first touch. */
static bool region_map_ram(MemoryRegion *mr, uint64_t size, Error **errp)
{
    void *host;

    if (size == 0) {
        return true;
    }
    if (size == UINT64_MAX || size > SIZE_MAX) {
        host = MAP_FAILED;
        errno = ENOMEM;
    } else {
        host = mmap(NULL, size, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    }
    if (host == MAP_FAILED) {
        error_setg_errno(errp, errno, "cannot set up guest memory '%s'",
                         mr->name ? mr->name : "");
        return false;
    }
    mr->ram = host;
    mr->ram_mapped = true;
    return true;
}

bool memory_region_init_ram(MemoryRegion *mr, void *owner, const char *name,
                            uint64_t size, Error **errp)
{
    region_init_common(mr, owner, name, size, MEMORY_REGION_CONTAINER);
    if (!region_map_ram(mr, size, errp)) {
        return false;
    }
    mr->kind = MEMORY_REGION_RAM;
    return true;
}

void memory_region_init_ram_ptr(MemoryRegion *mr, void *owner,
                                const char *name, uint64_t size, void *host)
{
    region_init_common(mr, owner, name, size, MEMORY_REGION_RAM);
    mr->ram = host;
}

bool memory_region_init_rom(MemoryRegion *mr, void *owner, const char *name,
                            uint64_t size, Error **errp)
{
    if (!memory_region_init_ram(mr, owner, name, size, errp)) {
        return false;
    }
    mr->readonly = true;
    return true;
}

void memory_region_init_alias(MemoryRegion *mr, void *owner,
                              const char *name, MemoryRegion *orig,
                              hwaddr offset, uint64_t size)
{
    g_assert(orig);
    region_init_common(mr, owner, name, size, MEMORY_REGION_ALIAS);
    mr->alias = orig;
    mr->alias_offset = offset;
    mr->alias_next = orig->alias_users;
    orig->alias_users = mr;
}

static void alias_unlink(MemoryRegion *mr)
{
    MemoryRegion **link = &mr->alias->alias_users;

    while (*link != mr) {
        g_assert(*link);
        link = &(*link)->alias_next;
    }
    *link = mr->alias_next;
    mr->alias_next = NULL;
    mr->alias = NULL;
}

/* Aliases of a dying region become empty windows. */
static void region_orphan_aliases(MemoryRegion *mr)
{
    while (mr->alias_users) {
        MemoryRegion *user = mr->alias_users;

        mr->alias_users = user->alias_next;
        user->alias_next = NULL;
        user->alias = NULL;
        region_changed(user);
    }
}

void memory_region_finalize(MemoryRegion *mr)
{
    if (mr->container) {
        memory_region_del_subregion(mr->container, mr);
    }
    while (mr->subregions) {
        memory_region_del_subregion(mr, mr->subregions);
    }
    region_orphan_aliases(mr);
    if (mr->alias) {
        alias_unlink(mr);
    }
    while (mr->spaces) {
        AddressSpace *as = mr->spaces;

        mr->spaces = as->root_next;
        as->root_next = NULL;
        as->root = NULL;
        address_space_mark_stale(as);
    }
    if (mr->ram_mapped) {
        munmap(mr->ram, (size_t)mr->size);
    }
    g_free(mr->name);
    memset(mr, 0, sizeof(*mr));
}

/* ------------------------------------------------------------------ */
/* Topology                                                            */

static bool ranges_overlap(hwaddr a, unsigned __int128 asize,
                           hwaddr b, unsigned __int128 bsize)
{
    return asize && bsize && a < b + bsize && b < a + asize;
}

/* Unprioritised siblings must not overlap: that is a board bug. */
static void subregion_check_overlap(MemoryRegion *parent, hwaddr offset,
                                    MemoryRegion *sub)
{
    MemoryRegion *other;

    for (other = parent->subregions; other; other = other->sibling) {
        if (other->may_overlap ||
            !ranges_overlap(offset, sub->size, other->addr, other->size)) {
            continue;
        }
        g_error("memory_region_add_subregion: '%s' at 0x%" PRIx64
                " size 0x%" PRIx64 " overlaps '%s' at 0x%" PRIx64
                " size 0x%" PRIx64 " in '%s'; use "
                "memory_region_add_subregion_overlap() with a priority",
                memory_region_name(sub), offset, memory_region_size(sub),
                memory_region_name(other), other->addr,
                memory_region_size(other), memory_region_name(parent));
    }
}

/* Insert before the first sibling of lower or equal priority. */
static void subregion_link(MemoryRegion *parent, MemoryRegion *sub)
{
    MemoryRegion **link = &parent->subregions;

    while (*link && (*link)->priority > sub->priority) {
        link = &(*link)->sibling;
    }
    sub->sibling = *link;
    *link = sub;
    sub->container = parent;
}

static void subregion_unlink(MemoryRegion *parent, MemoryRegion *sub)
{
    MemoryRegion **link = &parent->subregions;

    while (*link != sub) {
        g_assert(*link);
        link = &(*link)->sibling;
    }
    *link = sub->sibling;
    sub->sibling = NULL;
    sub->container = NULL;
}

static void subregion_check_insert(MemoryRegion *parent, MemoryRegion *sub)
{
    MemoryRegion *up;

    g_assert(parent && sub);
    if (sub->container) {
        g_error("memory: region '%s' is already in '%s'",
                memory_region_name(sub), memory_region_name(sub->container));
    }
    for (up = parent; up; up = up->container) {
        if (up == sub) {
            g_error("memory: adding '%s' to '%s' makes a cycle",
                    memory_region_name(sub), memory_region_name(parent));
        }
    }
}

void memory_region_add_subregion(MemoryRegion *parent, hwaddr offset,
                                 MemoryRegion *sub)
{
    subregion_check_insert(parent, sub);
    subregion_check_overlap(parent, offset, sub);
    sub->addr = offset;
    sub->priority = 0;
    sub->may_overlap = false;
    subregion_link(parent, sub);
    region_changed(parent);
}

void memory_region_add_subregion_overlap(MemoryRegion *parent, hwaddr offset,
                                         MemoryRegion *sub, int priority)
{
    subregion_check_insert(parent, sub);
    sub->addr = offset;
    sub->priority = priority;
    sub->may_overlap = true;
    subregion_link(parent, sub);
    region_changed(parent);
}

void memory_region_del_subregion(MemoryRegion *parent, MemoryRegion *sub)
{
    g_assert(sub->container == parent);
    subregion_unlink(parent, sub);
    region_changed(parent);
}

void memory_region_set_enabled(MemoryRegion *mr, bool enabled)
{
    if (mr->enabled == enabled) {
        return;
    }
    mr->enabled = enabled;
    region_changed(mr);
}

void memory_region_set_address(MemoryRegion *mr, hwaddr addr)
{
    MemoryRegion *parent = mr->container;

    if (mr->addr == addr) {
        return;
    }
    if (!parent) {
        mr->addr = addr;
        return;
    }
    /* Re-link: the moved region now counts as the newest sibling. */
    subregion_unlink(parent, mr);
    mr->addr = addr;
    subregion_link(parent, mr);
    region_changed(parent);
}

void memory_region_set_alias_offset(MemoryRegion *mr, hwaddr offset)
{
    g_assert(mr->kind == MEMORY_REGION_ALIAS);
    if (mr->alias_offset == offset) {
        return;
    }
    mr->alias_offset = offset;
    region_changed(mr);
}

void memory_region_set_size(MemoryRegion *mr, uint64_t size)
{
    /* The host mapping of RAM has a fixed size. */
    g_assert(mr->kind != MEMORY_REGION_RAM);
    mr->size = memory_size_from_u64(size);
    region_changed(mr);
}

void memory_region_set_readonly(MemoryRegion *mr, bool readonly)
{
    if (mr->readonly == readonly) {
        return;
    }
    mr->readonly = readonly;
    region_changed(mr);
}

/* ------------------------------------------------------------------ */
/* Queries                                                             */

uint64_t memory_region_size(const MemoryRegion *mr)
{
    return mr->size >> 64 ? UINT64_MAX : (uint64_t)mr->size;
}

const char *memory_region_name(const MemoryRegion *mr)
{
    return mr->name ? mr->name : "";
}

void *memory_region_owner(const MemoryRegion *mr)
{
    return mr->owner;
}

bool memory_region_is_ram(const MemoryRegion *mr)
{
    return mr->kind == MEMORY_REGION_RAM;
}

bool memory_region_is_rom(const MemoryRegion *mr)
{
    return mr->kind == MEMORY_REGION_RAM && mr->readonly;
}

bool memory_region_is_io(const MemoryRegion *mr)
{
    return mr->kind == MEMORY_REGION_IO;
}

bool memory_region_is_enabled(const MemoryRegion *mr)
{
    return mr->enabled;
}

hwaddr memory_region_get_address(const MemoryRegion *mr)
{
    return mr->addr;
}

void *memory_region_get_ram_ptr(const MemoryRegion *mr)
{
    return mr->kind == MEMORY_REGION_RAM ? mr->ram : NULL;
}

/* ------------------------------------------------------------------ */
/* Flattening                                                          */

/* Emit the pieces of @mr placed at @base, clipped to [start, end). */
static void render_region(GArray *pieces, MemoryRegion *mr, MemAddr128 base,
                          MemAddr128 start, MemAddr128 end, int depth)
{
    MemoryRegion *sub;

    memory_check_depth(mr, depth);
    if (!mr->enabled) {
        return;
    }
    start = MAX(start, base);
    end = MIN(end, base + (MemAddr128)mr->size);
    if (start >= end) {
        return;
    }
    if (mr->kind == MEMORY_REGION_ALIAS) {
        if (mr->alias) {
            render_region(pieces, mr->alias, base - mr->alias_offset,
                          start, end, depth + 1);
        }
        return;
    }
    for (sub = mr->subregions; sub; sub = sub->sibling) {
        render_region(pieces, sub, base + sub->addr, start, end, depth + 1);
    }
    if (mr->kind == MEMORY_REGION_RAM || mr->kind == MEMORY_REGION_IO) {
        FlatPiece p = {
            .start = start, .end = end, .mr_base = base, .mr = mr,
            .order = pieces->len,
        };
        g_array_append_val(pieces, p);
    }
}

static int piece_compare_start(gconstpointer a, gconstpointer b)
{
    const FlatPiece *pa = a, *pb = b;

    if (pa->start != pb->start) {
        return pa->start < pb->start ? -1 : 1;
    }
    return pa->order < pb->order ? -1 : pa->order > pb->order;
}

static void heap_push(PieceHeap *h, FlatPiece *p)
{
    size_t i = h->n++;

    while (i > 0) {
        size_t parent = (i - 1) / 2;

        if (h->v[parent]->order <= p->order) {
            break;
        }
        h->v[i] = h->v[parent];
        i = parent;
    }
    h->v[i] = p;
}

static void heap_pop(PieceHeap *h)
{
    FlatPiece *last = h->v[--h->n];
    size_t i = 0;

    for (;;) {
        size_t c = 2 * i + 1;

        if (c >= h->n) {
            break;
        }
        if (c + 1 < h->n && h->v[c + 1]->order < h->v[c]->order) {
            c++;
        }
        if (last->order <= h->v[c]->order) {
            break;
        }
        h->v[i] = h->v[c];
        i = c;
    }
    if (h->n) {
        h->v[i] = last;
    }
}

/* Append [start, end) of @p to the view, merging with the previous range. */
static void view_append(GArray *ranges, const FlatPiece *p,
                        MemAddr128 start, MemAddr128 end)
{
    MemoryRegionSection s = {
        .mr = p->mr,
        .addr = (hwaddr)start,
        .last = (hwaddr)(end - 1),
        .offset = (hwaddr)(start - p->mr_base),
        .readonly = p->mr->readonly,
    };

    if (ranges->len) {
        MemoryRegionSection *prev =
            &g_array_index(ranges, MemoryRegionSection, ranges->len - 1);

        if (prev->mr == s.mr && prev->last + 1 == s.addr &&
            prev->offset + (s.addr - prev->addr) == s.offset) {
            prev->last = s.last;
            return;
        }
    }
    g_array_append_val(ranges, s);
}

/* Resolve overlapping pieces (sorted by start): lowest order wins. */
static void view_sweep(GArray *ranges, FlatPiece *pieces, size_t n)
{
    PieceHeap heap = { .v = g_new(FlatPiece *, n), .n = 0 };
    MemAddr128 pos = 0;
    size_t i = 0;

    while (i < n || heap.n) {
        FlatPiece *top;
        MemAddr128 next;

        if (!heap.n) {
            pos = pieces[i].start;
        }
        while (i < n && pieces[i].start <= pos) {
            heap_push(&heap, &pieces[i++]);
        }
        while (heap.n && heap.v[0]->end <= pos) {
            heap_pop(&heap);
        }
        if (!heap.n) {
            continue;
        }
        top = heap.v[0];
        next = top->end;
        if (i < n && pieces[i].start < next) {
            next = pieces[i].start;
        }
        view_append(ranges, top, pos, next);
        pos = next;
    }
    g_free(heap.v);
}

static FlatView *flatview_build(MemoryRegion *root)
{
    GArray *pieces = g_array_new(FALSE, FALSE, sizeof(FlatPiece));
    GArray *ranges = g_array_new(FALSE, FALSE, sizeof(MemoryRegionSection));
    FlatView *view = g_new0(FlatView, 1);

    if (root) {
        render_region(pieces, root, 0, 0, MEMORY_SPACE_END, 0);
    }
    g_array_sort(pieces, piece_compare_start);
    view_sweep(ranges, (FlatPiece *)(void *)pieces->data, pieces->len);
    g_array_free(pieces, TRUE);
    view->nr = ranges->len;
    view->ranges = (MemoryRegionSection *)(void *)
        g_array_free(ranges, FALSE);
    return view;
}

static void flatview_free(FlatView *view)
{
    if (view) {
        g_free(view->ranges);
        g_free(view);
    }
}

/* ------------------------------------------------------------------ */
/* Address spaces                                                      */

void address_space_init(AddressSpace *as, MemoryRegion *root,
                        const char *name)
{
    g_assert(root);
    memset(as, 0, sizeof(*as));
    as->name = g_strdup(name);
    as->root = root;
    as->stale = true;
    as->root_next = root->spaces;
    root->spaces = as;
}

void address_space_destroy(AddressSpace *as)
{
    if (as->root) {
        AddressSpace **link = &as->root->spaces;

        while (*link != as) {
            g_assert(*link);
            link = &(*link)->root_next;
        }
        *link = as->root_next;
    }
    flatview_free(as->view);
    g_free(as->bounce.buf);
    g_free(as->name);
    memset(as, 0, sizeof(*as));
}

const char *address_space_name(const AddressSpace *as)
{
    return as->name ? as->name : "";
}

MemoryRegion *address_space_root(const AddressSpace *as)
{
    return as->root;
}

void address_space_add_notifier(AddressSpace *as, MemoryNotifier *n)
{
    n->next = as->notifiers;
    as->notifiers = n;
}

void address_space_remove_notifier(AddressSpace *as, MemoryNotifier *n)
{
    MemoryNotifier **link = &as->notifiers;

    while (*link && *link != n) {
        link = &(*link)->next;
    }
    if (*link) {
        *link = n->next;
        n->next = NULL;
    }
}

static FlatView *address_space_get_view(AddressSpace *as)
{
    if (as->stale || !as->view) {
        flatview_free(as->view);
        as->view = flatview_build(as->root);
        as->stale = false;
    }
    return as->view;
}

/* Clip *@plen to @room_minus_1 + 1 bytes without overflowing at 2^64. */
static void clip_len(hwaddr *plen, hwaddr room_minus_1)
{
    if (*plen - 1 > room_minus_1) {
        *plen = room_minus_1 + 1;
    }
}

MemoryRegion *address_space_translate(AddressSpace *as, hwaddr addr,
                                      hwaddr *xlat, hwaddr *plen,
                                      bool is_write, MemTxAttrs attrs)
{
    const FlatView *view = address_space_get_view(as);
    const MemoryRegionSection *r = view->ranges;
    size_t lo = 0, hi = view->nr;

    g_assert(*plen >= 1);
    /* Find the first range starting above @addr. */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (r[mid].addr <= addr) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo > 0 && addr <= r[lo - 1].last) {
        *xlat = r[lo - 1].offset + (addr - r[lo - 1].addr);
        clip_len(plen, r[lo - 1].last - addr);
        return r[lo - 1].mr;
    }
    *xlat = addr;
    clip_len(plen, lo < view->nr ? r[lo].addr - addr - 1 : UINT64_MAX - addr);
    return NULL;
}

GArray *address_space_get_flatview_ranges(AddressSpace *as)
{
    const FlatView *view = address_space_get_view(as);
    GArray *out = g_array_sized_new(FALSE, FALSE, sizeof(MemoryRegionSection),
                                    view->nr);

    g_array_append_vals(out, view->ranges, view->nr);
    return out;
}
