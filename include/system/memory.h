/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The memory API: regions, flat views, address spaces and DMA.
 *
 * A board describes guest-visible memory as a tree of MemoryRegions:
 * containers (which only hold subregions), RAM, ROM, MMIO (an ops table and
 * an opaque pointer) and aliases (a window onto part of another region).
 * An AddressSpace is rooted at one region; it flattens the tree into a
 * sorted array of non-overlapping ranges (its view) and every access
 * bisects that array.  The view is rebuilt lazily, at the first access after
 * a topology change, so any run of changes costs one re-flatten.
 *
 * Rules:
 *  - Regions are embedded in their owner's state and initialised in place;
 *    the core never allocates a MemoryRegion or an AddressSpace.
 *  - There is no global state: independent trees and address spaces can live
 *    in one process.  The core is not thread-safe; one thread owns a tree.
 *  - A size of UINT64_MAX passed to an init function means 2^64 (the whole
 *    64-bit space), as in QEMU.  memory_region_size() reports it back as
 *    UINT64_MAX.
 *  - Siblings added with memory_region_add_subregion() must not overlap
 *    each other (a board bug, aborts with a message).  Guest-placed regions
 *    use memory_region_add_subregion_overlap(): the higher priority wins
 *    and, at equal priority, the sibling added (or moved) last wins.
 *  - Guest mistakes (unassigned addresses, bad access sizes, writes to ROM)
 *    are logged under LOG_GUEST_ERROR, reads return all-ones bytes, writes
 *    are dropped, and the access returns an error MemTxResult.
 *
 * See docs/devel/memory.md.
 */
#ifndef SYSTEM_MEMORY_H
#define SYSTEM_MEMORY_H

/* Attributes of a bus transaction, passed through to devices. */
typedef struct MemTxAttrs {
    unsigned int unspecified:1;  /* no attributes given by the initiator */
    unsigned int secure:1;       /* Arm Secure / x86 SMM-style secure bit */
    unsigned int user:1;         /* unprivileged initiator */
    unsigned int debug:1;        /* debugger or qtest access */
    unsigned int memory:1;       /* initiator requires a memory (not I/O) */
    unsigned int requester_id:16; /* PCI requester ID of a DMA initiator */
} MemTxAttrs;

#define MEMTXATTRS_UNSPECIFIED ((MemTxAttrs) { .unspecified = 1 })

/* Result of a transaction: a bit mask, OR-ed over the pieces of an access. */
typedef uint32_t MemTxResult;
#define MEMTX_OK            0u
#define MEMTX_ERROR         (1u << 0)   /* device returned an error */
#define MEMTX_DECODE_ERROR  (1u << 1)   /* nothing at that address */
#define MEMTX_ACCESS_ERROR  (1u << 2)   /* attributes rejected */

/* Byte order of an MMIO device's registers. */
typedef enum DeviceEndian {
    DEVICE_LITTLE_ENDIAN,   /* byte 0 of the access is the low byte */
    DEVICE_BIG_ENDIAN,      /* byte 0 of the access is the high byte */
} DeviceEndian;

typedef struct MemoryRegion MemoryRegion;
typedef struct MemoryRegionOps MemoryRegionOps;
typedef struct AddressSpace AddressSpace;
typedef struct FlatView FlatView;
typedef struct MemoryNotifier MemoryNotifier;

/*
 * How an MMIO region is accessed.  Callbacks see (opaque, offset within the
 * region, size in bytes) and nothing else.  Values are in the device's
 * endianness: for a 4-byte access the callback sees the register value,
 * whatever the byte order of the initiator.
 *
 * @valid says what the guest may do: an access outside it is a guest error
 * (logged; reads give all-ones, writes are dropped; MEMTX_ERROR).
 * @impl says what the callbacks can handle: the core splits wider accesses,
 * widens narrower ones (reads extract the wanted bytes; writes do
 * read-modify-write) and aligns unaligned ones unless impl.unaligned.
 * Zero sizes default to valid 1..4 and impl = valid.  Sizes are powers of
 * two and at most 8.
 *
 * If read_with_attrs/write_with_attrs are set they are used instead of
 * read/write and may fail the access.  With no read callback at all the
 * region reads as zero; with no write callback writes are ignored.
 */
struct MemoryRegionOps {
    uint64_t (*read)(void *opaque, hwaddr offset, unsigned size);
    void (*write)(void *opaque, hwaddr offset, uint64_t data, unsigned size);
    MemTxResult (*read_with_attrs)(void *opaque, hwaddr offset,
                                   uint64_t *data, unsigned size,
                                   MemTxAttrs attrs);
    MemTxResult (*write_with_attrs)(void *opaque, hwaddr offset,
                                    uint64_t data, unsigned size,
                                    MemTxAttrs attrs);
    DeviceEndian endianness;
    struct {
        unsigned min_access_size;
        unsigned max_access_size;
        bool unaligned;
        /* Optional extra check; false rejects the access as invalid. */
        bool (*accepts)(void *opaque, hwaddr offset, unsigned size,
                        bool is_write, MemTxAttrs attrs);
    } valid;
    struct {
        unsigned min_access_size;
        unsigned max_access_size;
        bool unaligned;
    } impl;
};

typedef enum MemoryRegionKind {
    MEMORY_REGION_CONTAINER,
    MEMORY_REGION_IO,
    MEMORY_REGION_RAM,      /* RAM and ROM (ROM has readonly set) */
    MEMORY_REGION_ALIAS,
} MemoryRegionKind;

/*
 * A region.  The fields are private to system/memory*.c and physmem.c;
 * everyone else uses the functions below.
 */
struct MemoryRegion {
    void *owner;
    char *name;
    MemoryRegionKind kind;
    unsigned __int128 size;     /* up to 2^64 */
    bool enabled;
    bool readonly;              /* ROM: guest writes are rejected */
    bool may_overlap;           /* added with an explicit priority */
    bool ram_mapped;            /* ram was mmap()ed by the core */
    int priority;
    hwaddr addr;                /* offset within the container */

    const MemoryRegionOps *ops; /* IO */
    void *opaque;
    /* IO: ops->valid/impl sizes with the defaults applied */
    uint8_t valid_min, valid_max, impl_min, impl_max;
    uint8_t *ram;               /* RAM, ROM: host memory */
    MemoryRegion *alias;        /* ALIAS: the region looked through */
    hwaddr alias_offset;

    MemoryRegion *container;
    MemoryRegion *subregions;   /* highest priority (and newest) first */
    MemoryRegion *sibling;      /* next subregion of the container */
    MemoryRegion *alias_users;  /* aliases whose target is this region */
    MemoryRegion *alias_next;   /* next alias with the same target */
    AddressSpace *spaces;       /* address spaces rooted here */
    /*
     * RAM: called after the memory core wrote [offset, offset + len) of
     * this region (device DMA, loaders, qtest, page-table bits; a CPU's
     * own stores through its TLB are not seen), or mapped it for writing.
     * CPU engines drop the code they decoded from it.  NULL: none.
     */
    void (*ram_write_hook)(void *opaque, hwaddr offset, hwaddr len);
    void *ram_write_opaque;
};

static inline void memory_region_set_ram_write_hook(MemoryRegion *mr,
    void (*fn)(void *opaque, hwaddr offset, hwaddr len), void *opaque)
{
    mr->ram_write_hook = fn;
    mr->ram_write_opaque = opaque;
}

/*
 * Called when the view of @as goes stale: once per batch of topology
 * changes, right after the first change (the view is rebuilt later, at the
 * next access).  Users: soft TLB flush, KVM memory slot sync.  The callback
 * must not change the topology.
 */
struct MemoryNotifier {
    void (*changed)(MemoryNotifier *n, AddressSpace *as);
    MemoryNotifier *next;       /* private */
};

/* Largest bounce buffer address_space_map() hands out for MMIO. */
#define ADDRESS_SPACE_BOUNCE_MAX 4096

struct AddressSpace {
    /* private */
    char *name;
    MemoryRegion *root;
    AddressSpace *root_next;    /* next space with the same root */
    FlatView *view;             /* NULL until the first lookup */
    bool stale;
    MemoryNotifier *notifiers;
    struct {
        uint8_t *buf;           /* non-NULL while mapped */
        hwaddr addr;
        hwaddr len;
        MemTxAttrs attrs;
    } bounce;
};

/* One range of a flattened view (for translation, debugging, KVM). */
typedef struct MemoryRegionSection {
    MemoryRegion *mr;
    hwaddr addr;                /* first address in the address space */
    hwaddr last;                /* last address (inclusive) */
    hwaddr offset;              /* offset within @mr of @addr */
    bool readonly;
} MemoryRegionSection;

/* --- Region construction (board code) --- */

/* A container: no content of its own, holds subregions. */
void memory_region_init(MemoryRegion *mr, void *owner, const char *name,
                        uint64_t size);
void memory_region_init_io(MemoryRegion *mr, void *owner,
                           const MemoryRegionOps *ops, void *opaque,
                           const char *name, uint64_t size);
/*
 * Anonymous RAM, zero-filled, reserved lazily by the host (so a large
 * sparse RAM costs nothing until touched).  On host failure sets
 * "cannot set up guest memory 'NAME': <strerror>" and returns false; @mr is
 * then an empty container that must still be finalized.
 */
bool memory_region_init_ram(MemoryRegion *mr, void *owner, const char *name,
                            uint64_t size, Error **errp)
    G_GNUC_WARN_UNUSED_RESULT;
/* RAM backed by caller-provided memory (not freed by finalize). */
void memory_region_init_ram_ptr(MemoryRegion *mr, void *owner,
                                const char *name, uint64_t size, void *host);
/* Like init_ram, but guest writes are rejected and logged. */
bool memory_region_init_rom(MemoryRegion *mr, void *owner, const char *name,
                            uint64_t size, Error **errp)
    G_GNUC_WARN_UNUSED_RESULT;
/* A window of @size bytes onto @orig starting at @offset within @orig. */
void memory_region_init_alias(MemoryRegion *mr, void *owner,
                              const char *name, MemoryRegion *orig,
                              hwaddr offset, uint64_t size);
/*
 * Detach @mr from its container, detach its subregions, turn aliases of it
 * into empty windows, and free host memory the core allocated.
 */
void memory_region_finalize(MemoryRegion *mr);

/* --- Topology --- */

/* Add @sub at @offset in @parent; aborts if it overlaps such a sibling. */
void memory_region_add_subregion(MemoryRegion *parent, hwaddr offset,
                                 MemoryRegion *sub);
/* Add @sub that may overlap its siblings (higher priority wins). */
void memory_region_add_subregion_overlap(MemoryRegion *parent, hwaddr offset,
                                         MemoryRegion *sub, int priority);
void memory_region_del_subregion(MemoryRegion *parent, MemoryRegion *sub);
void memory_region_set_enabled(MemoryRegion *mr, bool enabled);
/* Move @mr within its container; it then counts as added last. */
void memory_region_set_address(MemoryRegion *mr, hwaddr addr);
void memory_region_set_alias_offset(MemoryRegion *mr, hwaddr offset);
/* Not for RAM/ROM: their host mapping has a fixed size. */
void memory_region_set_size(MemoryRegion *mr, uint64_t size);
void memory_region_set_readonly(MemoryRegion *mr, bool readonly);

/*
 * Views are rebuilt lazily, once per batch of changes, so these are only
 * markers kept for QEMU-shaped code (PCI BAR updates); they do nothing.
 */
static inline void memory_region_transaction_begin(void)
{
}

static inline void memory_region_transaction_commit(void)
{
}

/* --- Queries --- */

uint64_t memory_region_size(const MemoryRegion *mr); /* 2^64 → UINT64_MAX */
const char *memory_region_name(const MemoryRegion *mr);
void *memory_region_owner(const MemoryRegion *mr);
bool memory_region_is_ram(const MemoryRegion *mr);     /* RAM or ROM */
bool memory_region_is_rom(const MemoryRegion *mr);
bool memory_region_is_io(const MemoryRegion *mr);
bool memory_region_is_enabled(const MemoryRegion *mr);
hwaddr memory_region_get_address(const MemoryRegion *mr);
/* Host address of offset 0 of a RAM/ROM region, NULL otherwise. */
void *memory_region_get_ram_ptr(const MemoryRegion *mr);

/* --- Address spaces --- */

void address_space_init(AddressSpace *as, MemoryRegion *root,
                        const char *name);
void address_space_destroy(AddressSpace *as);
const char *address_space_name(const AddressSpace *as);
MemoryRegion *address_space_root(const AddressSpace *as);
void address_space_add_notifier(AddressSpace *as, MemoryNotifier *n);
void address_space_remove_notifier(AddressSpace *as, MemoryNotifier *n);

/*
 * Look up @addr.  Returns the region (NULL for an unassigned address), the
 * offset within it in *@xlat, and clips *@plen (must be >= 1) to the bytes
 * left in that range (or hole).  The result is valid until the next
 * topology change.
 */
MemoryRegion *address_space_translate(AddressSpace *as, hwaddr addr,
                                      hwaddr *xlat, hwaddr *plen,
                                      bool is_write, MemTxAttrs attrs);
/* The current view as a GArray of MemoryRegionSection (caller frees). */
GArray *address_space_get_flatview_ranges(AddressSpace *as);

/* --- Accesses (system/physmem.c) --- */

/*
 * Buffers hold bus bytes in address order.  Accesses crossing ranges are
 * split; MMIO pieces become device accesses of the widest valid size.
 */
MemTxResult address_space_rw(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                             void *buf, hwaddr len, bool is_write);
MemTxResult address_space_read(AddressSpace *as, hwaddr addr,
                               MemTxAttrs attrs, void *buf, hwaddr len);
MemTxResult address_space_write(AddressSpace *as, hwaddr addr,
                                MemTxAttrs attrs, const void *buf,
                                hwaddr len);
/* memset() of guest memory. */
MemTxResult address_space_set(AddressSpace *as, hwaddr addr, uint8_t c,
                              hwaddr len, MemTxAttrs attrs);

/*
 * Sized accesses (size 1, 2, 4 or 8) in the initiator's byte order: a
 * little-endian load of a big-endian device's register reads it swapped.
 * An access inside one MMIO range is a single device access of @size
 * (checked against ops->valid); anything else goes byte-wise.  @res may be
 * NULL.
 */
uint64_t address_space_ld(AddressSpace *as, hwaddr addr, unsigned size,
                          bool big_endian, MemTxAttrs attrs,
                          MemTxResult *res);
void address_space_st(AddressSpace *as, hwaddr addr, unsigned size,
                      bool big_endian, uint64_t val, MemTxAttrs attrs,
                      MemTxResult *res);

/*
 * One device access to an I/O region with @val in device endianness
 * (as a callback would see it at that size).  Enforces ops->valid and
 * adapts to ops->impl.
 */
MemTxResult memory_region_dispatch_read(MemoryRegion *mr, hwaddr offset,
                                        uint64_t *pval, unsigned size,
                                        MemTxAttrs attrs);
MemTxResult memory_region_dispatch_write(MemoryRegion *mr, hwaddr offset,
                                         uint64_t val, unsigned size,
                                         MemTxAttrs attrs);

/* Would every byte of the access succeed?  No device is called. */
bool address_space_access_valid(AddressSpace *as, hwaddr addr, hwaddr len,
                                bool is_write, MemTxAttrs attrs);

/*
 * DMA mapping.  For RAM returns a host pointer with *@plen clipped to the
 * contiguous run.  Otherwise returns a bounce buffer of at most
 * ADDRESS_SPACE_BOUNCE_MAX bytes (filled from the guest unless @is_write);
 * each address space has one, and a second concurrent bounce returns NULL
 * with *@plen = 0.  unmap writes the first @access_len bytes of a bounce
 * buffer back when @is_write.
 */
void *address_space_map(AddressSpace *as, hwaddr addr, hwaddr *plen,
                        bool is_write, MemTxAttrs attrs);
void address_space_unmap(AddressSpace *as, void *buffer, hwaddr len,
                         bool is_write, hwaddr access_len);

/* --- Convenience sized accessors --- */

static inline uint8_t address_space_ldub(AddressSpace *as, hwaddr addr,
                                         MemTxAttrs attrs, MemTxResult *res)
{
    return address_space_ld(as, addr, 1, false, attrs, res);
}

static inline uint16_t address_space_lduw_le(AddressSpace *as, hwaddr addr,
                                             MemTxAttrs attrs, MemTxResult *res)
{
    return address_space_ld(as, addr, 2, false, attrs, res);
}

static inline uint16_t address_space_lduw_be(AddressSpace *as, hwaddr addr,
                                             MemTxAttrs attrs, MemTxResult *res)
{
    return address_space_ld(as, addr, 2, true, attrs, res);
}

static inline uint32_t address_space_ldl_le(AddressSpace *as, hwaddr addr,
                                            MemTxAttrs attrs, MemTxResult *res)
{
    return address_space_ld(as, addr, 4, false, attrs, res);
}

static inline uint32_t address_space_ldl_be(AddressSpace *as, hwaddr addr,
                                            MemTxAttrs attrs, MemTxResult *res)
{
    return address_space_ld(as, addr, 4, true, attrs, res);
}

static inline uint64_t address_space_ldq_le(AddressSpace *as, hwaddr addr,
                                            MemTxAttrs attrs, MemTxResult *res)
{
    return address_space_ld(as, addr, 8, false, attrs, res);
}

static inline uint64_t address_space_ldq_be(AddressSpace *as, hwaddr addr,
                                            MemTxAttrs attrs, MemTxResult *res)
{
    return address_space_ld(as, addr, 8, true, attrs, res);
}

static inline void address_space_stb(AddressSpace *as, hwaddr addr,
                                     uint8_t val, MemTxAttrs attrs,
                                     MemTxResult *res)
{
    address_space_st(as, addr, 1, false, val, attrs, res);
}

static inline void address_space_stw_le(AddressSpace *as, hwaddr addr,
                                        uint16_t val, MemTxAttrs attrs,
                                        MemTxResult *res)
{
    address_space_st(as, addr, 2, false, val, attrs, res);
}

static inline void address_space_stw_be(AddressSpace *as, hwaddr addr,
                                        uint16_t val, MemTxAttrs attrs,
                                        MemTxResult *res)
{
    address_space_st(as, addr, 2, true, val, attrs, res);
}

static inline void address_space_stl_le(AddressSpace *as, hwaddr addr,
                                        uint32_t val, MemTxAttrs attrs,
                                        MemTxResult *res)
{
    address_space_st(as, addr, 4, false, val, attrs, res);
}

static inline void address_space_stl_be(AddressSpace *as, hwaddr addr,
                                        uint32_t val, MemTxAttrs attrs,
                                        MemTxResult *res)
{
    address_space_st(as, addr, 4, true, val, attrs, res);
}

static inline void address_space_stq_le(AddressSpace *as, hwaddr addr,
                                        uint64_t val, MemTxAttrs attrs,
                                        MemTxResult *res)
{
    address_space_st(as, addr, 8, false, val, attrs, res);
}

static inline void address_space_stq_be(AddressSpace *as, hwaddr addr,
                                        uint64_t val, MemTxAttrs attrs,
                                        MemTxResult *res)
{
    address_space_st(as, addr, 8, true, val, attrs, res);
}

/* --- info mtree (system/memory-mtree.c) --- */

/*
 * Append the "info mtree" text for @n address spaces to @out: the region
 * trees (spaces sharing a root are listed together), then the regions seen
 * through aliases; with @flatview, the flattened views instead.
 */
void mtree_info(GString *out, AddressSpace **spaces, int n, bool flatview);

#endif
