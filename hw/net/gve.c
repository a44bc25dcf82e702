/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * GVE (Google Virtual Ethernet, gVNIC) PCI NIC, vendor 1ae0 device 0042,
 * as the Linux gve driver sees it (facts: specs/gve.md).
 *
 * QEMU interface:
 *  - BAR0: 4 KiB big-endian register block (device/driver status, queue
 *    limits, admin queue PFN or base/length, doorbell, event counter,
 *    driver version byte).  Unimplemented offsets read 0.
 *  - BAR1: MSI-X table and PBA, 2 * queues + 1 vectors (notification
 *    blocks, then management).  No INTx, no MSI.
 *  - BAR2: 4 KiB of 32-bit doorbells.  Slot n < 256: IRQ doorbell of
 *    notification block n; 256 + q: TX queue q; 512 + q: RX queue q.
 *    Values are big-endian in GQI formats, little-endian in DQO formats.
 *  - Net: one NIC client (properties "mac", "netdev").
 *  - Properties: queues (1..16, default 4), max-mtu (1500 default; above
 *    1500 the JUMBO_FRAMES option is offered), revision (PCI revision:
 *    0 PFN admin queue setup, >= 1 also base/length), and the queue
 *    formats offered in DESCRIBE_DEVICE: dqo-rda (on), dqo-qpl, gqi-rda,
 *    gqi-qpl (on).
 *  - Counters (qom-get, read-only): tx-packets, tx-bytes,
 *    tx-tso-segments, tx-devmem-bytes, tx-host-bytes, tx-payload-copies,
 *    tx-errors, rx-packets, rx-bytes, rx-no-buffers, rx-dropped,
 *    aq-commands, aq-errors.
 *
 * Every guest-supplied address goes through the PCI bus-master address
 * space with its bounds checked by the memory core; guest mistakes are
 * logged under -d guest_errors and never stop the emulator.
 */
#include "qemu/osdep.h"
#include "hw/net/gve.h"
#include "gve-internal.h"
#include "hw/pci/msix.h"
#include "qemu/log.h"
#include "qobject/qnum.h"
#include "trace-hw_net.h"

MemTxResult gve_dma_read(GVEState *s, uint64_t addr, void *buf, uint64_t len)
{
    MemTxResult r;

    if (addr + len < addr) {
        return MEMTX_DECODE_ERROR;
    }
    r = pci_dma_read(&s->parent_obj, addr, buf, len);
    if (r != MEMTX_OK) {
        qemu_log_mask(LOG_GUEST_ERROR, "gve: DMA read of %" PRIu64
                      " bytes at 0x%" PRIx64 " failed\n", len, addr);
    }
    return r;
}

MemTxResult gve_dma_write(GVEState *s, uint64_t addr, const void *buf,
                          uint64_t len)
{
    MemTxResult r;

    if (addr + len < addr) {
        return MEMTX_DECODE_ERROR;
    }
    r = pci_dma_write(&s->parent_obj, addr, buf, len);
    if (r != MEMTX_OK) {
        qemu_log_mask(LOG_GUEST_ERROR, "gve: DMA write of %" PRIu64
                      " bytes at 0x%" PRIx64 " failed\n", len, addr);
    }
    return r;
}

/* --- Interrupts --- */

static unsigned gve_nvectors(const GVEState *s)
{
    return 2 * s->num_queues + 1;
}

static void gve_fire(GVEState *s, unsigned vector)
{
    PCIDevice *d = &s->parent_obj;

    if (vector < gve_nvectors(s) && msix_enabled(d)) {
        trace_gve_irq(vector);
        msix_notify(d, vector);
    }
}

/* Work was posted for notification block @block. */
void gve_ntfy_event(GVEState *s, uint32_t block)
{
    GVENtfy *n;

    if (block >= s->num_ntfy) {
        return;
    }
    n = &s->ntfy[block];
    if (n->masked) {
        n->pending = true;
        return;
    }
    n->pending = false;
    if (gve_is_dqo(s)) {
        n->masked = true;       /* DQO blocks auto-mask when they fire */
    }
    gve_fire(s, s->msix_base + block);
}

static void gve_irq_doorbell(GVEState *s, uint32_t block, uint32_t val)
{
    GVENtfy *n;

    if (block >= s->num_ntfy) {
        qemu_log_mask(LOG_GUEST_ERROR, "gve: IRQ doorbell %u is not a "
                      "configured notification block\n", block);
        return;
    }
    n = &s->ntfy[block];
    if (gve_is_dqo(s)) {
        /* bit0 ENABLE unmasks; coalescing intervals are accepted as is. */
        if (!(val & 1)) {
            return;
        }
        n->masked = false;
    } else {
        /* bit30 MASK masks; anything else (0, ACK|EVENT) unmasks. */
        n->masked = val & (1u << 30);
        if (n->masked) {
            return;
        }
    }
    if (n->pending) {
        gve_ntfy_event(s, block);
    }
}

static void gve_mgmt_irq(GVEState *s)
{
    gve_fire(s, s->configured ? s->msix_base + s->num_ntfy
                              : gve_nvectors(s) - 1);
}

void gve_set_device_status(GVEState *s, uint32_t set, uint32_t clear)
{
    uint32_t old = s->device_status;

    s->device_status = (old | set) & ~clear;
    if (s->device_status != old) {
        gve_mgmt_irq(s);
    }
}

/* --- Reset --- */

/* Forget every queue, page list and device resource (AQ release). */
void gve_release_resources(GVEState *s)
{
    for (int i = 0; i < GVE_MAX_QUEUES; i++) {
        gve_tx_queue_reset(&s->txq[i]);
        gve_rx_queue_reset(&s->rxq[i]);
    }
    g_hash_table_remove_all(s->qpl_pages);
    g_hash_table_remove_all(s->qpls);
    s->qpl_total_pages = 0;
    s->configured = false;
    s->format = GVE_FMT_UNSPECIFIED;
    s->counter_array = 0;
    s->num_counters = 0;
    s->num_ntfy = 0;
    s->msix_base = 0;
    memset(s->ntfy, 0, sizeof(s->ntfy));
    s->aq_doorbell = 0;
    s->aq_event_counter = 0;
    s->mtu = 1500;
    gve_rss_reset(s);
    if (s->nic) {
        qemu_purge_queued_packets(qemu_get_queue(s->nic));
    }
}

static void gve_reset(PCIDevice *d)
{
    GVEState *s = GVE(d);
    bool link_up = s->nic && !qemu_get_queue(s->nic)->link_down;

    gve_release_resources(s);
    s->aq_pfn = 0;
    s->aq_base_hi = s->aq_base_lo = 0;
    s->aq_length = 0;
    s->driver_status = 0;
    s->version_len = 0;
    s->device_status = link_up ? GVE_DEV_STATUS_LINK : 0;
}

/*
 * A register write made by the device's own DMA or MSI (the guest pointed
 * a ring, a buffer or an MSI-X address at the NIC's BARs, directly or via a
 * peer): dropped, so no handler runs inside another one's DMA.
 */
static bool gve_own_dma(GVEState *s)
{
    if (s->parent_obj.in_dma) {
        qemu_log_mask(LOG_GUEST_ERROR, "gve: register write by the device's "
                      "own DMA ignored\n");
        return true;
    }
    return false;
}

/* --- BAR0 --- */

static uint32_t gve_reg_read(GVEState *s, hwaddr reg)
{
    switch (reg) {
    case GVE_REG_DEVICE_STATUS:
        return s->device_status;
    case GVE_REG_DRIVER_STATUS:
        return s->driver_status;
    case GVE_REG_MAX_TX_QUEUES:
    case GVE_REG_MAX_RX_QUEUES:
        return s->num_queues;
    case GVE_REG_ADMINQ_PFN:
        return s->aq_pfn;
    case GVE_REG_ADMINQ_EVENT_CNT:
        return s->aq_event_counter;
    case GVE_REG_ADMINQ_BASE_HI:
        return s->revision ? s->aq_base_hi : 0;
    case GVE_REG_ADMINQ_BASE_LO:
        return s->revision ? s->aq_base_lo : 0;
    case GVE_REG_ADMINQ_LENGTH:
        return s->revision ? (uint32_t)s->aq_length << 16 : 0;
    default:
        return 0;
    }
}

static uint64_t gve_bar0_read(void *opaque, hwaddr off, unsigned size)
{
    GVEState *s = opaque;
    uint64_t v = 0;

    /* Registers are big-endian: compose the access byte by byte. */
    for (unsigned i = 0; i < size; i++) {
        hwaddr a = off + i;
        uint32_t reg = gve_reg_read(s, a & ~3ull);

        v = v << 8 | ((reg >> (8 * (3 - (a & 3)))) & 0xff);
    }
    return v;
}

static void gve_aq_release(GVEState *s)
{
    gve_release_resources(s);
    gve_set_device_status(s, 0, GVE_DEV_STATUS_RESET);
}

static void gve_driver_status_write(GVEState *s, uint32_t val)
{
    s->driver_status = val;
    if (val & GVE_DRV_STATUS_RESET) {
        gve_aq_release(s);
        s->aq_base_hi = s->aq_base_lo = 0;
        s->aq_length = 0;
        gve_set_device_status(s, GVE_DEV_STATUS_IS_RESET, 0);
    } else if (val & GVE_DRV_STATUS_RUN) {
        gve_set_device_status(s, 0, GVE_DEV_STATUS_IS_RESET);
    }
}

static void gve_version_byte(GVEState *s, uint8_t c)
{
    if (c == '\n' || s->version_len == sizeof(s->version) - 1) {
        s->version[s->version_len] = 0;
        trace_gve_driver_version(s->version);
        s->version_len = 0;
        return;
    }
    s->version[s->version_len++] = c;
}

static void gve_reg_write(GVEState *s, hwaddr reg, uint32_t val)
{
    switch (reg) {
    case GVE_REG_DRIVER_STATUS:
        gve_driver_status_write(s, val);
        break;
    case GVE_REG_ADMINQ_PFN:
        s->aq_pfn = val;
        if (val == 0) {
            gve_aq_release(s);
        }
        break;
    case GVE_REG_ADMINQ_DOORBELL:
        gve_aq_doorbell(s, val);
        break;
    case GVE_REG_ADMINQ_BASE_HI:
        s->aq_base_hi = val;
        break;
    case GVE_REG_ADMINQ_BASE_LO:
        s->aq_base_lo = val;
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "gve: write of 0x%x to read-only or "
                      "unknown register 0x%" HWADDR_PRIx "\n", val, reg);
        break;
    }
}

static void gve_bar0_write(void *opaque, hwaddr off, uint64_t val,
                           unsigned size)
{
    GVEState *s = opaque;

    trace_gve_reg_write(off, size, val);
    if (gve_own_dma(s)) {
        return;
    }
    if (size == 4 && !(off & 3)) {
        gve_reg_write(s, off, val);
    } else if (size == 1 && off == GVE_REG_DRIVER_VERSION) {
        gve_version_byte(s, val);
    } else if (size == 2 && off == GVE_REG_ADMINQ_LENGTH) {
        s->aq_length = val;
    } else {
        qemu_log_mask(LOG_GUEST_ERROR, "gve: bad %u-byte register write at "
                      "0x%" HWADDR_PRIx "\n", size, off);
    }
}

static const MemoryRegionOps gve_bar0_ops = {
    .read = gve_bar0_read,
    .write = gve_bar0_write,
    .endianness = DEVICE_BIG_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4,
              .unaligned = true },
};

/* --- BAR2: doorbells --- */

static void gve_bar2_write(void *opaque, hwaddr off, uint64_t val,
                           unsigned size)
{
    GVEState *s = opaque;
    uint32_t idx = off / 4;
    uint32_t v = val;

    if (!gve_is_dqo(s)) {
        v = GUINT32_SWAP_LE_BE(v);     /* GQI doorbells are big-endian */
    }
    trace_gve_doorbell(idx, v);
    if (gve_own_dma(s)) {
        return;
    } else if (!s->configured) {
        qemu_log_mask(LOG_GUEST_ERROR, "gve: doorbell %u rung before "
                      "CONFIGURE_DEVICE_RESOURCES\n", idx);
    } else if (idx < GVE_DB_TX_BASE) {
        gve_irq_doorbell(s, idx, v);
    } else if (idx < GVE_DB_TX_BASE + s->num_queues) {
        gve_tx_doorbell(s, idx - GVE_DB_TX_BASE, v);
    } else if (idx >= GVE_DB_RX_BASE && idx < GVE_DB_RX_BASE + s->num_queues) {
        gve_rx_doorbell(s, idx - GVE_DB_RX_BASE, v);
    } else {
        qemu_log_mask(LOG_GUEST_ERROR, "gve: write to unused doorbell %u\n",
                      idx);
    }
}

static const MemoryRegionOps gve_bar2_ops = {
    .write = gve_bar2_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

/* --- Net client --- */

static void gve_link_status_changed(NetClientState *nc)
{
    GVEState *s = qemu_get_nic_opaque(nc);

    if (nc->link_down) {
        gve_set_device_status(s, 0, GVE_DEV_STATUS_LINK);
    } else {
        gve_set_device_status(s, GVE_DEV_STATUS_LINK, 0);
    }
}

static const NetClientInfo gve_net_info = {
    .type = NET_CLIENT_DRIVER_NIC,
    .size = sizeof(NICState),
    .can_receive = gve_can_receive,
    .receive_iov = gve_receive_iov,
    .link_status_changed = gve_link_status_changed,
};

/* --- Counters --- */

static QObject *gve_counter_get(Object *obj, void *opaque, Error **errp)
{
    return QOBJECT(qnum_from_uint(*(uint64_t *)opaque));
}

static void gve_add_counters(GVEState *s)
{
    static const struct {
        const char *name;
        size_t off;
    } counters[] = {
        { "tx-packets", offsetof(GVEStats, tx_packets) },
        { "tx-bytes", offsetof(GVEStats, tx_bytes) },
        { "tx-tso-segments", offsetof(GVEStats, tx_tso_segments) },
        { "tx-devmem-bytes", offsetof(GVEStats, tx_devmem_bytes) },
        { "tx-host-bytes", offsetof(GVEStats, tx_host_bytes) },
        { "tx-payload-copies", offsetof(GVEStats, tx_payload_copies) },
        { "tx-errors", offsetof(GVEStats, tx_errors) },
        { "rx-packets", offsetof(GVEStats, rx_packets) },
        { "rx-bytes", offsetof(GVEStats, rx_bytes) },
        { "rx-no-buffers", offsetof(GVEStats, rx_no_buffers) },
        { "rx-dropped", offsetof(GVEStats, rx_dropped) },
        { "aq-commands", offsetof(GVEStats, aq_commands) },
        { "aq-errors", offsetof(GVEStats, aq_errors) },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(counters); i++) {
        object_property_add(OBJECT(s), counters[i].name, "uint64",
                            gve_counter_get, NULL, NULL,
                            (uint8_t *)&s->stats + counters[i].off);
    }
}

/* --- Lifecycle --- */

static bool gve_check_props(GVEState *s, Error **errp)
{
    if (s->num_queues < 1 || s->num_queues > GVE_MAX_QUEUES) {
        error_setg(errp, "Property 'gve.queues' must be between 1 and %d",
                   GVE_MAX_QUEUES);
        return false;
    }
    if (s->max_mtu < 1500 || s->max_mtu > 9216) {
        error_setg(errp, "Property 'gve.max-mtu' must be between 1500 and "
                   "9216");
        return false;
    }
    if (!s->opt_dqo_rda && !s->opt_dqo_qpl && !s->opt_gqi_rda &&
        !s->opt_gqi_qpl) {
        error_setg(errp, "gve: at least one queue format must be enabled");
        return false;
    }
    return true;
}

static bool gve_realize(PCIDevice *d, Error **errp)
{
    GVEState *s = GVE(d);

    if (!gve_check_props(s, errp) ||
        !qemu_nic_conf_realize(&s->conf, OBJECT(s), errp)) {
        return false;
    }
    d->config[PCI_REVISION_ID] = s->revision;
    s->ring_entries = GVE_RING_ENTRIES;
    memory_region_init_io(&s->bar0, s, &gve_bar0_ops, s, "gve-regs",
                          GVE_BAR0_SIZE);
    memory_region_init_io(&s->bar2, s, &gve_bar2_ops, s, "gve-doorbells",
                          GVE_BAR2_SIZE);
    pci_register_bar(d, 0, PCI_BASE_ADDRESS_SPACE_MEMORY, &s->bar0);
    if (!msix_init_exclusive_bar(d, gve_nvectors(s), 1, errp)) {
        memory_region_finalize(&s->bar0);
        memory_region_finalize(&s->bar2);
        return false;
    }
    pci_register_bar(d, 2, PCI_BASE_ADDRESS_SPACE_MEMORY, &s->bar2);
    s->qpls = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                    gve_qpl_free);
    s->qpl_pages = g_hash_table_new(g_int64_hash, g_int64_equal);
    s->frame = g_malloc(NET_BUFSIZE);
    gve_tx_init(s);
    s->rxbuf = g_malloc(NET_BUFSIZE);
    s->nic = qemu_new_nic(&gve_net_info, &s->conf, TYPE_GVE,
                          DEVICE(s)->id, s);
    qemu_format_nic_info_str(qemu_get_queue(s->nic), &s->conf.macaddr);
    gve_add_counters(s);
    gve_reset(d);
    return true;
}

static void gve_exit(PCIDevice *d)
{
    GVEState *s = GVE(d);

    qemu_del_nic(s->nic);
    s->nic = NULL;
    gve_release_resources(s);
    g_hash_table_destroy(s->qpl_pages);
    g_hash_table_destroy(s->qpls);
    g_free(s->frame);
    gve_tx_cleanup(s);
    g_free(s->rxbuf);
    msix_uninit(d);
    memory_region_finalize(&s->bar0);
    memory_region_finalize(&s->bar2);
}

static void gve_class_init(ObjectClass *oc, const void *data)
{
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(oc);
    DeviceClass *dc = DEVICE_CLASS(oc);

    pc->vendor_id = 0x1ae0;
    pc->device_id = 0x0042;
    pc->revision = 0;
    pc->class_id = 0x0200;
    pc->subsystem_vendor_id = 0x1ae0;
    pc->subsystem_id = 0x0058;
    pc->realize = gve_realize;
    pc->exit = gve_exit;
    pc->reset = gve_reset;
    dc->category = DEVICE_CATEGORY_NETWORK;
    dc->user_creatable = true;
}

static const Property gve_props[] = {
    DEFINE_NIC_PROPERTIES(GVEState, conf),
    DEFINE_PROP_UINT32("queues", GVEState, num_queues, 4,
                       "TX and RX queues (1..16)"),
    DEFINE_PROP_UINT32("max-mtu", GVEState, max_mtu, 1500,
                       "largest MTU; above 1500 offers jumbo frames"),
    DEFINE_PROP_UINT8("revision", GVEState, revision, 0,
                      "PCI revision (>= 1: base/length admin queue setup)"),
    DEFINE_PROP_BOOL("dqo-rda", GVEState, opt_dqo_rda, true,
                     "offer the DQO-RDA queue format"),
    DEFINE_PROP_BOOL("dqo-qpl", GVEState, opt_dqo_qpl, false,
                     "offer the DQO-QPL queue format"),
    DEFINE_PROP_BOOL("gqi-rda", GVEState, opt_gqi_rda, false,
                     "offer the GQI-RDA queue format"),
    DEFINE_PROP_BOOL("gqi-qpl", GVEState, opt_gqi_qpl, true,
                     "offer the GQI-QPL queue format"),
    DEFINE_PROP_END_OF_LIST(),
};

const TypeInfo gve_type_info = {
    .name = TYPE_GVE,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(GVEState),
    .class_init = gve_class_init,
    .props = gve_props,
    .desc = "Google Virtual Ethernet (gVNIC)",
};
