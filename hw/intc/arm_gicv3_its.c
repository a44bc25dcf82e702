/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Arm GICv3 Interrupt Translation Service ("arm-gicv3-its"): turns MSI
 * writes (DeviceID, EventID) into LPIs on a redistributor, through tables
 * the guest keeps in its memory.  Board interface in
 * include/hw/intc/arm_gicv3_its.h.
 *
 * Registers (reset value): GITS_CTLR (0; Enabled bit 0, Quiescent bit 31
 * reads 1), GITS_IIDR (0x43b), GITS_TYPER (Physical, ITT entry 8 bytes,
 * 16 EventID bits, 16 DeviceID bits, PTA = 0: collections target
 * processor numbers), GITS_CBASER (command queue: Valid, address, Size in
 * 4 KiB pages - 1; writing it zeroes CREADR), GITS_CWRITER, GITS_CREADR,
 * GITS_BASER0 (device table, Type 1) and GITS_BASER1 (collection table,
 * Type 4), both flat (Indirect RAZ/WI), 8-byte entries, Page_Size 4/16/64
 * KiB, Size in pages - 1; GITS_BASER2-7 RAZ/WI; PIDR2 0x3b at 0xffe8;
 * GITS_TRANSLATER at 0x10040.  64-bit registers also take 32-bit halves.
 *
 * Commands (32 bytes each, processed when CWRITER is written with the ITS
 * enabled): MAPD, MAPC, MAPTI, MAPI, INT, CLEAR, DISCARD, MOVI, MOVALL,
 * INV, INVALL, SYNC (the last three have nothing to do: nothing is
 * cached).  A command that fails its checks is logged (LOG_GUEST_ERROR)
 * and skipped; processing goes on.  Table entries (our own format, in
 * guest memory): device V | Size << 1 | ITT_addr[51:8] << 6; collection
 * V | processor << 1; interrupt V | ICID << 1 | pINTID << 17.
 */
#include "qemu/osdep.h"
#include "hw/intc/arm_gicv3_its.h"
#include "hw/intc/arm_gicv3.h"
#include "hw/core/machine.h"
#include "qemu/log.h"
#include "trace-hw_intc.h"

enum {
    GITS_CTLR = 0x00, GITS_IIDR = 0x04, GITS_TYPER = 0x08,
    GITS_CBASER = 0x80, GITS_CWRITER = 0x88, GITS_CREADR = 0x90,
    GITS_BASER = 0x100, GITS_IDREGS = 0xffd0,
};

enum {
    CMD_MOVI = 0x01, CMD_INT = 0x03, CMD_CLEAR = 0x04, CMD_SYNC = 0x05,
    CMD_MAPD = 0x08, CMD_MAPC = 0x09, CMD_MAPTI = 0x0a, CMD_MAPI = 0x0b,
    CMD_INV = 0x0c, CMD_INVALL = 0x0d, CMD_MOVALL = 0x0e,
    CMD_DISCARD = 0x0f,
};

#define BASER_VALID       (1ull << 63)
#define BASER_PA_MASK     0x0000fffffffff000ull
/* Valid, InnerCache, OuterCache, address, Shareability, Page_Size, Size */
#define BASER_RW_MASK     (BASER_VALID | 7ull << 59 | 7ull << 53 | \
                           BASER_PA_MASK | 0xfffull)
#define CBASER_RW_MASK    (BASER_RW_MASK & ~0x300ull)
#define CMD_SIZE          32
#define ENTRY_SIZE        8

typedef struct ITSState {
    SysBusDevice parent_obj;
    MemoryRegion iomem;
    Object *gic_obj;            /* "gic" link */
    GICv3State *gic;
    AddressSpace *as;

    uint32_t ctlr;
    uint64_t cbaser, cwriter, creadr;
    uint64_t baser[2];          /* devices, collections */
} ITSState;

#define ARM_GICV3_ITS(obj) OBJECT_CHECK(ITSState, (obj), TYPE_ARM_GICV3_ITS)

static const uint8_t its_ids[12] = {
    0x44, 0, 0, 0, 0x94, 0xb4, 0x3b, 0, 0x0d, 0xf0, 0x05, 0xb1
};

/* BASER0 holds device entries (Type 1), BASER1 collections (Type 4). */
static const uint64_t its_baser_ro[2] = {
    1ull << 56 | (uint64_t)(ENTRY_SIZE - 1) << 48,
    4ull << 56 | (uint64_t)(ENTRY_SIZE - 1) << 48,
};

static uint64_t its_typer(void)
{
    return 1 | (uint64_t)(ENTRY_SIZE - 1) << 4 |
           (uint64_t)(GICV3_LPI_IDBITS - 1) << 8 | 15ull << 13;
}

/* ---- tables in guest memory ---- */

/* Tables and the command queue live in RAM (see gicv3_table_is_ram). */
static uint64_t its_ldq(ITSState *s, hwaddr pa, MemTxResult *res)
{
    if (!gicv3_table_is_ram(s->as, pa, 8, false)) {
        qemu_log_mask(LOG_GUEST_ERROR, "arm-gicv3-its: read of 0x%"
                      HWADDR_PRIx " outside RAM\n", pa);
        if (res) {
            *res = MEMTX_ERROR;
        }
        return 0;
    }
    return address_space_ldq_le(s->as, pa, MEMTXATTRS_UNSPECIFIED, res);
}

static bool its_stq(ITSState *s, hwaddr pa, uint64_t val)
{
    if (!gicv3_table_is_ram(s->as, pa, 8, true)) {
        qemu_log_mask(LOG_GUEST_ERROR, "arm-gicv3-its: write of 0x%"
                      HWADDR_PRIx " outside RAM\n", pa);
        return false;
    }
    address_space_stq_le(s->as, pa, val, MEMTXATTRS_UNSPECIFIED, NULL);
    return true;
}

/* Address of entry @idx of table @t (0 devices, 1 collections), or 0. */
static hwaddr its_table_entry(ITSState *s, int t, uint64_t idx)
{
    static const uint64_t page[4] = { 0x1000, 0x4000, 0x10000, 0x10000 };
    uint64_t b = s->baser[t];
    uint64_t size = ((b & 0xff) + 1) * page[(b >> 8) & 3];

    if (!(b & BASER_VALID) || idx >= size / ENTRY_SIZE) {
        return 0;
    }
    return (b & BASER_PA_MASK) + idx * ENTRY_SIZE;
}

static bool its_read_entry(ITSState *s, int t, uint64_t idx, uint64_t *e)
{
    hwaddr pa = its_table_entry(s, t, idx);
    MemTxResult res = MEMTX_OK;

    if (!pa) {
        return false;
    }
    *e = its_ldq(s, pa, &res);
    return res == MEMTX_OK;
}

static bool its_write_entry(ITSState *s, int t, uint64_t idx, uint64_t e)
{
    hwaddr pa = its_table_entry(s, t, idx);

    return pa && its_stq(s, pa, e);
}

/* The ITE address of (@devid, @eventid), or 0 with @why set. */
static hwaddr its_ite_addr(ITSState *s, uint32_t devid, uint32_t eventid,
                           const char **why)
{
    uint64_t dte;

    if (!its_read_entry(s, 0, devid, &dte)) {
        *why = "DeviceID outside the device table";
        return 0;
    }
    if (!(dte & 1)) {
        *why = "device not mapped";
        return 0;
    }
    if (eventid >= (2ull << ((dte >> 1) & 0x1f))) {
        *why = "EventID too large for the device";
        return 0;
    }
    return ((dte >> 6) << 8) + (hwaddr)eventid * ENTRY_SIZE;
}

/* Processor of collection @icid, or -1. */
static int its_collection_cpu(ITSState *s, uint32_t icid)
{
    uint64_t cte;

    if (!its_read_entry(s, 1, icid, &cte) || !(cte & 1) ||
        ((cte >> 1) & 0xffff) >= gicv3_num_cpu(s->gic)) {
        return -1;
    }
    return (cte >> 1) & 0xffff;
}

/* Resolve an event: its ITE (address, value) and target processor. */
static bool its_translate(ITSState *s, uint32_t devid, uint32_t eventid,
                          hwaddr *ite_pa, uint64_t *ite, int *cpu)
{
    const char *why = NULL;
    MemTxResult res = MEMTX_OK;

    *ite_pa = its_ite_addr(s, devid, eventid, &why);
    if (*ite_pa) {
        *ite = its_ldq(s, *ite_pa, &res);
        if (res != MEMTX_OK || !(*ite & 1)) {
            why = "event not mapped";
        } else if ((*cpu = its_collection_cpu(s, (*ite >> 1) & 0xffff)) < 0) {
            why = "collection not mapped";
        }
    }
    if (why) {
        qemu_log_mask(LOG_GUEST_ERROR, "arm-gicv3-its: device 0x%x event "
                      "%u: %s\n", devid, eventid, why);
        return false;
    }
    return true;
}

/* ---- commands ---- */

static void its_cmd_event(ITSState *s, uint8_t cmd, uint32_t devid,
                          uint32_t eventid, uint32_t icid)
{
    hwaddr ite_pa;
    uint64_t ite;
    int cpu, to;
    uint32_t intid;

    if (!its_translate(s, devid, eventid, &ite_pa, &ite, &cpu)) {
        return;
    }
    intid = ite >> 17;
    switch (cmd) {
    case CMD_INT:
    case CMD_CLEAR:
        gicv3_lpi_set_pending(s->gic, cpu, intid, cmd == CMD_INT);
        break;
    case CMD_DISCARD:
        gicv3_lpi_set_pending(s->gic, cpu, intid, false);
        its_stq(s, ite_pa, 0);
        break;
    case CMD_MOVI:
        to = its_collection_cpu(s, icid);
        if (to < 0) {
            qemu_log_mask(LOG_GUEST_ERROR, "arm-gicv3-its: MOVI to unmapped "
                          "collection %u\n", icid);
            return;
        }
        ite = (ite & ~(0xffffull << 1)) | (uint64_t)icid << 1;
        its_stq(s, ite_pa, ite);
        /* a pending LPI moves with its event */
        if (to != cpu && gicv3_lpi_is_pending(s->gic, cpu, intid)) {
            gicv3_lpi_set_pending(s->gic, cpu, intid, false);
            gicv3_lpi_set_pending(s->gic, to, intid, true);
        }
        break;
    }
}

static void its_cmd_mapti(ITSState *s, uint32_t devid, uint32_t eventid,
                          uint32_t intid, uint32_t icid)
{
    const char *why = NULL;
    hwaddr ite_pa = its_ite_addr(s, devid, eventid, &why);

    if (!why && (intid < GICV3_LPI_BASE || intid >= GICV3_LPI_LIMIT)) {
        why = "pINTID is not an LPI";
    }
    if (!why && icid > 0xffff) {
        why = "ICID out of range";
    }
    if (why) {
        qemu_log_mask(LOG_GUEST_ERROR, "arm-gicv3-its: MAPTI device 0x%x "
                      "event %u: %s\n", devid, eventid, why);
        return;
    }
    its_stq(s, ite_pa, 1 | (uint64_t)icid << 1 | (uint64_t)intid << 17);
}

static void its_cmd_mapd(ITSState *s, uint32_t devid, const uint64_t *c)
{
    uint64_t size = c[1] & 0x1f;
    uint64_t itt = c[2] & 0x000fffffffffff00ull;
    bool valid = c[2] >> 63;

    if (size > GICV3_LPI_IDBITS - 1) {
        qemu_log_mask(LOG_GUEST_ERROR, "arm-gicv3-its: MAPD size %u too "
                      "large\n", (unsigned)size);
        return;
    }
    if (!its_write_entry(s, 0, devid,
                         valid ? 1 | size << 1 | (itt >> 8) << 6 : 0)) {
        qemu_log_mask(LOG_GUEST_ERROR, "arm-gicv3-its: MAPD device 0x%x "
                      "outside the device table\n", devid);
    }
}

static void its_cmd_mapc(ITSState *s, const uint64_t *c)
{
    uint32_t icid = c[2] & 0xffff;
    uint64_t rd = (c[2] >> 16) & 0xffffffffull;
    bool valid = c[2] >> 63;

    if (valid && rd >= gicv3_num_cpu(s->gic)) {
        qemu_log_mask(LOG_GUEST_ERROR, "arm-gicv3-its: MAPC to processor "
                      "%u which does not exist\n", (unsigned)rd);
        return;
    }
    if (!its_write_entry(s, 1, icid, valid ? 1 | rd << 1 : 0)) {
        qemu_log_mask(LOG_GUEST_ERROR, "arm-gicv3-its: MAPC collection %u "
                      "outside the collection table\n", icid);
    }
}

static void its_run_cmd(ITSState *s, const uint64_t *c)
{
    uint8_t cmd = c[0] & 0xff;
    uint32_t devid = c[0] >> 32;
    uint32_t eventid = c[1];

    trace_gicv3_its_cmd(cmd, devid, eventid);
    switch (cmd) {
    case CMD_INT:
    case CMD_CLEAR:
    case CMD_DISCARD:
    case CMD_MOVI:
        its_cmd_event(s, cmd, devid, eventid, c[2] & 0xffff);
        break;
    case CMD_MAPD:
        its_cmd_mapd(s, devid, c);
        break;
    case CMD_MAPC:
        its_cmd_mapc(s, c);
        break;
    case CMD_MAPTI:
        its_cmd_mapti(s, devid, eventid, c[1] >> 32, c[2] & 0xffff);
        break;
    case CMD_MAPI:
        its_cmd_mapti(s, devid, eventid, eventid, c[2] & 0xffff);
        break;
    case CMD_MOVALL:
        gicv3_lpi_move_all(s->gic, (c[2] >> 16) & 0xffffffff,
                           (c[3] >> 16) & 0xffffffff);
        break;
    case CMD_SYNC:
    case CMD_INV:
    case CMD_INVALL:
        break;                  /* nothing cached */
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "arm-gicv3-its: unknown command "
                      "0x%02x\n", cmd);
        break;
    }
}

static void its_process(ITSState *s)
{
    uint64_t qsize = ((s->cbaser & 0xff) + 1) * 0x1000;
    hwaddr base = s->cbaser & BASER_PA_MASK;

    if (!(s->ctlr & 1) || !(s->cbaser & BASER_VALID)) {
        return;
    }
    if (s->cwriter >= qsize) {
        qemu_log_mask(LOG_GUEST_ERROR, "arm-gicv3-its: CWRITER 0x%" PRIx64
                      " beyond the queue\n", s->cwriter);
        return;
    }
    while (s->creadr != s->cwriter) {
        uint64_t c[4];

        for (int i = 0; i < 4; i++) {
            c[i] = its_ldq(s, base + s->creadr + 8 * i, NULL);
        }
        its_run_cmd(s, c);
        s->creadr = (s->creadr + CMD_SIZE) % qsize;
    }
}

/* ---- registers ---- */

static uint64_t *its_reg64(ITSState *s, hwaddr off)
{
    switch (off & ~7ull) {
    case GITS_CBASER:
        return &s->cbaser;
    case GITS_CWRITER:
        return &s->cwriter;
    case GITS_CREADR:
        return &s->creadr;
    case GITS_BASER:
    case GITS_BASER + 8:
        return &s->baser[(off - GITS_BASER) / 8];
    default:
        return NULL;
    }
}

static uint64_t its_read(void *opaque, hwaddr off, unsigned size)
{
    ITSState *s = opaque;
    uint64_t *r = its_reg64(s, off);
    uint64_t val = 0;
    unsigned sh = 8 * (off & 4);

    if (size == 4 && off == GITS_CTLR) {
        val = s->ctlr | (1u << 31);
    } else if (size == 4 && off == GITS_IIDR) {
        val = 0x43b;
    } else if ((off & ~4ull) == GITS_TYPER) {
        val = its_typer() >> sh;
    } else if (r) {
        val = *r;
        if (off >= GITS_BASER) {
            val |= its_baser_ro[(off - GITS_BASER) / 8];
        }
        val >>= sh;
    } else if (size == 4 && off >= GITS_IDREGS && off < 0x10000) {
        val = its_ids[(off - GITS_IDREGS) / 4];
    }
    return size == 4 ? (uint32_t)val : val;
}

static void its_write64(ITSState *s, hwaddr off, uint64_t *r, uint64_t val,
                        unsigned size)
{
    unsigned sh = 8 * (off & 4);

    if (size == 4) {
        val = (*r & ~(0xffffffffull << sh)) | (val << sh);
    }
    if ((off & ~7ull) == GITS_CWRITER) {
        s->cwriter = val & 0xfffe0;
        its_process(s);
        return;
    }
    if (s->ctlr & 1) {
        qemu_log_mask(LOG_GUEST_ERROR, "arm-gicv3-its: table registers "
                      "written while enabled: ignored\n");
        return;
    }
    if ((off & ~7ull) == GITS_CBASER) {
        s->cbaser = val & CBASER_RW_MASK;
        s->creadr = 0;
    } else if ((off & ~7ull) != GITS_CREADR) {
        *r = val & BASER_RW_MASK;
    }
}

static void its_translate_msi(ITSState *s, uint32_t devid, uint32_t eventid)
{
    hwaddr ite_pa;
    uint64_t ite;
    int cpu;

    trace_gicv3_its_msi(devid, eventid);
    if (!(s->ctlr & 1)) {
        qemu_log_mask(LOG_GUEST_ERROR, "arm-gicv3-its: MSI while disabled\n");
        return;
    }
    if (its_translate(s, devid, eventid, &ite_pa, &ite, &cpu)) {
        gicv3_lpi_set_pending(s->gic, cpu, ite >> 17, true);
    }
}

static MemTxResult its_write(void *opaque, hwaddr off, uint64_t val,
                             unsigned size, MemTxAttrs attrs)
{
    ITSState *s = opaque;
    uint64_t *r = its_reg64(s, off);

    if (off == GITS_TRANSLATER && (size == 4 || size == 2)) {
        its_translate_msi(s, attrs.unspecified ? 0 : attrs.requester_id,
                          val);
    } else if (size == 4 && off == GITS_CTLR) {
        s->ctlr = val & 1;
        its_process(s);
    } else if (r) {
        its_write64(s, off, r, val, size);
    } else {
        qemu_log_mask(LOG_GUEST_ERROR, "arm-gicv3-its: write to read-only "
                      "or reserved offset 0x%" HWADDR_PRIx "\n", off);
    }
    return MEMTX_OK;
}

static MemTxResult its_read_attrs(void *opaque, hwaddr off, uint64_t *data,
                                  unsigned size, MemTxAttrs attrs)
{
    *data = its_read(opaque, off, size);
    return MEMTX_OK;
}

static const MemoryRegionOps its_ops = {
    .read_with_attrs = its_read_attrs,
    .write_with_attrs = its_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 2, .max_access_size = 8 },
};

/* ---- device ---- */

static MemoryRegion *its_mmio(SysBusDevice *sbd, int n)
{
    return n == 0 ? &ARM_GICV3_ITS(sbd)->iomem : NULL;
}

static void its_init(Object *obj)
{
    ITSState *s = ARM_GICV3_ITS(obj);

    memory_region_init_io(&s->iomem, s, &its_ops, s, "gicv3_its",
                          GITS_SIZE);
}

static void its_finalize(Object *obj)
{
    memory_region_finalize(&ARM_GICV3_ITS(obj)->iomem);
}

static bool its_realize(DeviceState *dev, Error **errp)
{
    ITSState *s = ARM_GICV3_ITS(dev);

    if (!s->gic_obj) {
        error_setg(errp, "arm-gicv3-its: the 'gic' link is not set");
        return false;
    }
    s->gic = ARM_GICV3(s->gic_obj);
    if (!gicv3_has_lpis(s->gic)) {
        error_setg(errp, "arm-gicv3-its: the GIC needs has-lpis=on");
        return false;
    }
    s->as = &machine_of(OBJECT(dev))->as_memory;
    return true;
}

static void its_reset_enter(DeviceState *dev)
{
    ITSState *s = ARM_GICV3_ITS(dev);

    s->ctlr = 0;
    s->cbaser = s->cwriter = s->creadr = 0;
    s->baser[0] = s->baser[1] = 0;
}

static void its_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = its_realize;
    dc->reset_enter = its_reset_enter;
    dc->category = DEVICE_CATEGORY_MISC;
    SYS_BUS_DEVICE_CLASS(oc)->mmio = its_mmio;
}

static const Property its_props[] = {
    DEFINE_PROP_LINK("gic", ITSState, gic_obj, TYPE_ARM_GICV3,
                     "the GICv3 whose redistributors get the LPIs"),
    DEFINE_PROP_END_OF_LIST(),
};

const TypeInfo arm_gicv3_its_type_info = {
    .name = TYPE_ARM_GICV3_ITS,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(ITSState),
    .instance_init = its_init,
    .instance_finalize = its_finalize,
    .class_init = its_class_init,
    .props = its_props,
    .desc = "Arm GICv3 Interrupt Translation Service",
};
