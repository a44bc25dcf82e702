/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz the gve NIC (admin queue parser, TX/RX descriptor parsing, doorbells,
 * resets) and devmem-exporter, in-process: a "none" machine with 2 MiB of
 * RAM at 0, the PC PCI host, gve at 04.0 (2 queues) with its BARs mapped,
 * bus mastering and MSI-X on (vectors write into RAM), a devmem-exporter at
 * 05.0 (64 KiB device memory at 4 GiB) and a test net client as gve's
 * backend, so frames can be injected (RX) and are swallowed (TX).
 *
 * Operation format: opcode byte, then operands (little-endian):
 *   0 BAR0 write  off8, size, val32        1 BAR0 read   off8, size
 *   2 doorbell    idx16, val32             3 RAM write   addr24, n8, n bytes
 *   4 AQ command  op8, 56 payload bytes (raw), then ring the doorbell
 *   5 AQ command  kind8, arg32: a well-formed command with random details
 *   6 RX frame    len16, then up to len bytes (zero padded)
 *   7 cfg write   off8, val32 (gve)        8 reset the machine
 *   9 TX desc     queue8, idx8, how8, 16 bytes (how bit0: fold the DQO
 *                 address into RAM, bit1: into device memory)
 *  10 devmem copy src24, dst16, len16, ctrl8
 * Nothing may crash, leak, hang or touch memory the guest may not address.
 */
#include "qemu/osdep.h"
#include "hw/core/machine.h"
#include "hw/pci/pci.h"
#include "hw/pci-host/pc-host.h"
#include "hw/net/gve.h"
#include "hw/misc/devmem-exporter.h"
#include "net/net.h"
#include "net/netdev.h"
#include "net/net-machine.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define RAM_SIZE        (2 * 1024 * 1024)
#define MAX_OPS         256
#define GVE_BAR0        0xe0000000u
#define GVE_BAR1        0xe0010000u
#define GVE_BAR2        0xe0020000u
#define DM_BAR0         0xe0100000u
#define DM_BAR2         0x100000000ull
#define AQ              0x1000u
#define MSI_AREA        0x2000u

extern const TypeInfo none_machine_type_info;

static const TypeInfo *const fuzz_types[] = {
    &machine_type_info, &none_machine_type_info, &device_type_info,
    &bus_type_info, &sys_bus_device_type_info, &pci_device_type_info,
    &pci_bus_type_info, &pc_pci_host_type_info, &i440fx_pci_type_info,
    &piix3_pci_type_info, &net_client_set_type_info, &gve_type_info,
    &devmem_exporter_type_info,
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    type_registry_init(fuzz_types, G_N_ELEMENTS(fuzz_types));
    return 0;
}

typedef struct Input {
    const uint8_t *p;
    size_t left;
} Input;

static uint64_t take(Input *in, int n)
{
    uint64_t v = 0;

    for (int i = 0; i < n; i++) {
        if (in->left) {
            v |= (uint64_t)*in->p++ << (8 * i);
            in->left--;
        }
    }
    return v;
}

typedef struct Fuzz {
    MachineState *ms;
    PCIBus *bus;
    NetClientState *peer;
    uint32_t prod;
} Fuzz;

static ssize_t fuzz_peer_receive(NetClientState *nc, const uint8_t *buf,
                                 size_t size)
{
    return size;
}

static const NetClientInfo fuzz_peer_info = {
    .type = NET_CLIENT_DRIVER_TEST,
    .size = sizeof(NetClientState),
    .receive = fuzz_peer_receive,
};

static void st(Fuzz *f, uint64_t addr, unsigned size, bool be, uint64_t v)
{
    address_space_st(&f->ms->as_memory, addr, size, be, v,
                     MEMTXATTRS_UNSPECIFIED, NULL);
}

static void cfg_wr(Fuzz *f, int devfn, int off, uint32_t v)
{
    address_space_st(&f->ms->as_io, 0xcf8, 4, false,
                     0x80000000u | devfn << 8 | off, MEMTXATTRS_UNSPECIFIED,
                     NULL);
    address_space_st(&f->ms->as_io, 0xcfc, 4, false, v,
                     MEMTXATTRS_UNSPECIFIED, NULL);
}

/* BARs, bus mastering, MSI-X with every vector writing into RAM. */
static void fuzz_pci_setup(Fuzz *f)
{
    int gve = PCI_DEVFN(4, 0), dm = PCI_DEVFN(5, 0);
    PCIDevice *d = pci_find_device(f->bus, 0, gve);

    cfg_wr(f, gve, 0x10, GVE_BAR0);
    cfg_wr(f, gve, 0x14, GVE_BAR1);
    cfg_wr(f, gve, 0x18, GVE_BAR2);
    cfg_wr(f, gve, 0x04, 6);
    cfg_wr(f, dm, 0x10, DM_BAR0);
    cfg_wr(f, dm, 0x18, (uint32_t)DM_BAR2);
    cfg_wr(f, dm, 0x1c, DM_BAR2 >> 32);
    cfg_wr(f, dm, 0x04, 6);
    for (int i = 0; i < 5; i++) {
        st(f, GVE_BAR1 + 16 * i, 4, false, MSI_AREA + 4 * i);
        st(f, GVE_BAR1 + 16 * i + 8, 4, false, i);
        st(f, GVE_BAR1 + 16 * i + 12, 4, false, 0);
    }
    if (d && d->msix_cap) {
        cfg_wr(f, gve, d->msix_cap, 1u << 31);
    }
    st(f, GVE_BAR0 + 0x10, 4, true, AQ / 4096);
}

static void aq_submit(Fuzz *f, uint32_t op, const uint8_t *payload)
{
    uint64_t slot = AQ + (f->prod % 64) * 64;
    MemTxAttrs a = MEMTXATTRS_UNSPECIFIED;

    address_space_stl_be(&f->ms->as_memory, slot, op, a, NULL);
    address_space_stl_be(&f->ms->as_memory, slot + 4, 0, a, NULL);
    address_space_write(&f->ms->as_memory, slot + 8, a, payload, 56);
    st(f, GVE_BAR0 + 0x14, 4, true, ++f->prod);
}

static void be32(uint8_t *p, uint32_t v)
{
    p[0] = v >> 24;
    p[1] = v >> 16;
    p[2] = v >> 8;
    p[3] = v;
}

static void be64(uint8_t *p, uint64_t v)
{
    be32(p, v >> 32);
    be32(p + 4, v);
}

/* Well-formed commands with fuzzed details, addresses inside RAM. */
static void op_aq_structured(Fuzz *f, Input *in)
{
    uint8_t kind = take(in, 1), p[56] = { 0 };
    uint32_t arg = take(in, 4);
    uint32_t q = arg & 1, ring = 0x40000 + 0x10000 * (arg >> 1 & 7);

    switch (kind % 6) {
    case 0:                                     /* CONFIGURE */
        be64(p, 0x3000);
        be64(p + 8, 0x3400);
        be32(p + 16, 16);
        be32(p + 20, 1 + arg % 4);
        be32(p + 24, 64);
        p[32] = (arg >> 8) % 5;
        aq_submit(f, 0x2, p);
        break;
    case 1:                                     /* REGISTER_PAGE_LIST */
        for (int i = 0; i < 4; i++) {
            address_space_stq_be(&f->ms->as_memory, 0x3800 + 8 * i,
                                 0x100000 + 0x1000 * ((arg >> 4) + i) %
                                 0x80000, MEMTXATTRS_UNSPECIFIED, NULL);
        }
        be32(p, arg & 3);
        be32(p + 4, 1 + (arg >> 2) % 4);
        be64(p + 8, 0x3800);
        be64(p + 16, 4096);
        aq_submit(f, 0x3, p);
        break;
    case 2:                                     /* CREATE_TX */
        be32(p, q);
        be64(p + 8, 0x3c00 + 64 * q);
        be64(p + 16, ring);
        be32(p + 24, arg >> 8 & 3);
        be32(p + 28, arg >> 16 & 3);
        be64(p + 32, ring + 0x8000);
        p[40] = 1 << (arg >> 24 & 3);           /* 256..2048 entries */
        p[42] = p[40];
        aq_submit(f, 0x5, p);
        break;
    case 3:                                     /* CREATE_RX */
        be32(p, q);
        be32(p + 12, arg >> 16 & 3);
        be64(p + 16, 0x3e00 + 64 * q);
        be64(p + 24, ring);
        be64(p + 32, ring + 0x8000);
        be32(p + 40, arg >> 8 & 3);
        p[44] = 1;
        p[46] = 8;                              /* 2048-byte buffers */
        p[48] = 1;
        aq_submit(f, 0x6, p);
        break;
    case 4:                                     /* DESTROY_* */
        be32(p, q);
        aq_submit(f, 0x7 + (arg >> 8 & 1), p);
        break;
    case 5:                                     /* any other opcode */
        for (int i = 0; i < 56; i++) {
            p[i] = take(in, 1);
        }
        be64(p + 8, 0x5000 + (arg & 0xfff));
        aq_submit(f, 0x9 + arg % 8, p);
        break;
    }
}

static void op_tx_desc(Fuzz *f, Input *in)
{
    uint32_t q = take(in, 1) & 1, idx = take(in, 1);
    uint8_t how = take(in, 1), d[16];
    uint64_t a;

    for (int i = 0; i < 16; i++) {
        d[i] = take(in, 1);
    }
    /* DQO layout: fold the buffer address into RAM or device memory. */
    if (how & 1) {
        a = d[0] | (uint64_t)d[1] << 8 | (uint64_t)d[2] << 16;
        a = how & 2 ? DM_BAR2 + (a & 0xffff) : a & (RAM_SIZE - 1);
        for (int i = 0; i < 8; i++) {
            d[i] = a >> (8 * i);
        }
    }
    address_space_write(&f->ms->as_memory, 0x40000 + 0x10000 * q + 16 * idx,
                        MEMTXATTRS_UNSPECIFIED, d, 16);
}

static void op_rx_frame(Fuzz *f, Input *in)
{
    uint8_t buf[2048] = { 0 };
    size_t len = take(in, 2) % sizeof(buf);

    for (size_t i = 0; i < len && in->left; i++) {
        buf[i] = take(in, 1);
    }
    qemu_send_packet(f->peer, buf, len);
}

static void op_ram(Fuzz *f, Input *in)
{
    uint64_t addr = take(in, 3) & (RAM_SIZE - 1);
    uint8_t buf[256];
    size_t n = take(in, 1);

    for (size_t i = 0; i < n; i++) {
        buf[i] = take(in, 1);
    }
    address_space_write(&f->ms->as_memory, addr, MEMTXATTRS_UNSPECIFIED, buf,
                        n);
}

static void op_devmem(Fuzz *f, Input *in)
{
    st(f, DM_BAR0 + 0x08, 4, false, take(in, 3));
    st(f, DM_BAR0 + 0x0c, 4, false, 0);
    st(f, DM_BAR0 + 0x10, 4, false, take(in, 2));
    st(f, DM_BAR0 + 0x14, 4, false, 0);
    st(f, DM_BAR0 + 0x18, 4, false, take(in, 2));
    st(f, DM_BAR0 + 0x24, 4, false, 1);
    st(f, DM_BAR0 + 0x1c, 4, false, take(in, 1));
}

static void fuzz_step(Fuzz *f, Input *in)
{
    uint8_t raw[56];

    switch (take(in, 1) % 11) {
    case 0: {
        uint32_t off = take(in, 1) & 0x3f;
        unsigned size = 1 << (take(in, 1) & 2);

        st(f, GVE_BAR0 + off, size, true, take(in, 4));
        break;
    }
    case 1:
        address_space_ld(&f->ms->as_memory, GVE_BAR0 + (take(in, 1) & 0x3f),
                         1 << (take(in, 1) & 2), true,
                         MEMTXATTRS_UNSPECIFIED, NULL);
        break;
    case 2: {
        uint32_t idx = take(in, 2) % 1024;

        st(f, GVE_BAR2 + 4 * idx, 4, false, take(in, 4));
        break;
    }
    case 3:
        op_ram(f, in);
        break;
    case 4: {
        uint32_t op = take(in, 1);

        for (int i = 0; i < 56; i++) {
            raw[i] = take(in, 1);
        }
        aq_submit(f, op, raw);
        break;
    }
    case 5:
        op_aq_structured(f, in);
        break;
    case 6:
        op_rx_frame(f, in);
        break;
    case 7: {
        uint32_t off = take(in, 1) & 0xfc;

        cfg_wr(f, PCI_DEVFN(4, 0), off, take(in, 4));
        break;
    }
    case 8:
        qdev_reset_tree(f->ms->root);
        fuzz_pci_setup(f);
        f->prod = 0;
        break;
    case 9:
        op_tx_desc(f, in);
        break;
    case 10:
        op_devmem(f, in);
        break;
    }
}

static void fuzz_qirq(void *opaque, int n, int level)
{
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    MachineClass *mc = MACHINE_CLASS(object_class_by_name("none-machine"));
    Input in = { data, size };
    Fuzz f = { 0 };
    qemu_irq gsi[16];
    PCIBus *bus;
    PCIDevice *d;

    f.ms = machine_new(mc, &target_info_x86_64);
    f.ms->ram_size = RAM_SIZE;
    g_assert_true(machine_run_board_init(f.ms, &error_abort));
    for (int i = 0; i < 16; i++) {
        gsi[i] = qemu_allocate_irq(fuzz_qirq, NULL, i);
    }
    bus = pc_pci_host_init(f.ms, gsi, &error_abort);
    f.bus = bus;
    f.peer = qemu_new_net_client(net_client_set_of_machine(f.ms),
                                 &fuzz_peer_info, NULL, "fuzz", "fz");
    d = PCI_DEVICE(object_new("gve"));
    d->devfn = PCI_DEVFN(4, 0);
    object_property_set_str(OBJECT(d), "netdev", "fz", &error_abort);
    object_property_set_uint(OBJECT(d), "queues", 2, &error_abort);
    object_property_set_bool(OBJECT(d), "dqo-qpl", true, &error_abort);
    object_property_set_bool(OBJECT(d), "gqi-rda", true, &error_abort);
    g_assert_true(pci_realize_on_bus(d, bus, &error_abort));
    object_unref(OBJECT(d));
    d = PCI_DEVICE(object_new("devmem-exporter"));
    d->devfn = PCI_DEVFN(5, 0);
    object_property_set_uint(OBJECT(d), "size", 65536, &error_abort);
    g_assert_true(pci_realize_on_bus(d, bus, &error_abort));
    object_unref(OBJECT(d));
    qdev_reset_tree(f.ms->root);
    fuzz_pci_setup(&f);

    for (int n = 0; n < MAX_OPS && in.left; n++) {
        fuzz_step(&f, &in);
    }

    machine_free(f.ms);
    for (int i = 0; i < 16; i++) {
        qemu_free_irq(gsi[i]);
    }
    return 0;
}
