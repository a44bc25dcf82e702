/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench/gve: TX throughput of the gve device model with no CPU and no
 * sockets.  In-process, a "none" machine with RAM at 0, the PC PCI host,
 * gve at 04.0 (one queue, DQO-RDA) and a devmem-exporter at 05.0; the
 * benchmark is the driver: qtest-style stores into RAM and BARs through
 * the memory API (what a qtest "write"/"writel" does, minus the socket).
 * The backend is a net client that counts frames without copying them.
 *
 * Each frame is two TX descriptors: a 42-byte Ethernet/IPv4/UDP header
 * in RAM and the payload in RAM ("host") or in the exporter's device
 * memory BAR ("devmem").  The ring (1024 descriptors) is written once;
 * each doorbell hands the device 256 frames.  Output: one line per
 * (frame size, payload place, checksum offload) with Gbit/s (frame bytes
 * on the wire, no preamble) and packets/s per second of CPU time (best
 * of 3 runs; the whole device model and net layer run in this thread,
 * so this is what one dedicated host core would do), bytes per
 * packet read from device memory and from host RAM, and payload copies
 * per packet, from the device's counters.  README.md has the figures.
 *
 * Usage: gve-bench [SECONDS [FRAME [host|devmem [csum|nocsum]]]]
 *   SECONDS per case (default 0.5); the others pick one case (profiling).
 */
#include "qemu/osdep.h"
#include "hw/core/machine.h"
#include "hw/pci/pci.h"
#include "hw/pci-host/pc-host.h"
#include "hw/net/gve.h"
#include "hw/net/gve-regs.h"
#include "hw/misc/devmem-exporter.h"
#include "net/net.h"
#include "net/netdev.h"
#include "net/net-machine.h"
#include "qapi/error.h"
#include "qobject/qnum.h"

#define RAM_SIZE        (64 * 1024 * 1024)
#define GVE_BAR0        0xe0000000u
#define GVE_BAR1        0xe0010000u
#define GVE_BAR2        0xe0020000u
#define DM_BAR0         0xe0100000u
#define DM_BAR2         0x100000000ull
#define DM_SIZE         (16 * 1024 * 1024)

/* RAM layout */
#define AQ              0x1000u
#define COUNTERS        0x2000u
#define IRQDB           0x3000u
#define QRES            0x4000u
#define MSI_AREA        0x5000u
#define TX_RING         0x10000u
#define TX_COMP         0x20000u
#define HDR             0x100000u
#define PAYLOAD         0x200000u

#define RING            1024
#define BATCH           256         /* frames per doorbell */
#define HDR_LEN         42

extern const TypeInfo none_machine_type_info;

static const TypeInfo *const bench_types[] = {
    &machine_type_info, &none_machine_type_info, &device_type_info,
    &bus_type_info, &sys_bus_device_type_info, &pci_device_type_info,
    &pci_bus_type_info, &pc_pci_host_type_info, &i440fx_pci_type_info,
    &piix3_pci_type_info, &net_client_set_type_info, &gve_type_info,
    &devmem_exporter_type_info,
};

typedef struct Bench {
    MachineState *ms;
    PCIBus *bus;
    PCIDevice *gve;
    NetClientState *peer;
    uint32_t prod;
    uint32_t db;                /* TX doorbell index */
    uint64_t frames, bytes;     /* what reached the backend */
} Bench;

typedef struct BenchPeer {
    NetClientState nc;
    Bench *b;
} BenchPeer;

static ssize_t peer_receive_iov(NetClientState *nc, const struct iovec *iov,
                                int iovcnt)
{
    Bench *b = container_of(nc, BenchPeer, nc)->b;
    size_t n = net_iov_size(iov, iovcnt);

    b->frames++;
    b->bytes += n;
    return n;
}

static const NetClientInfo peer_info = {
    .type = NET_CLIENT_DRIVER_TEST,
    .size = sizeof(BenchPeer),
    .receive_iov = peer_receive_iov,
};

static void st(Bench *b, uint64_t addr, unsigned size, bool be, uint64_t v)
{
    address_space_st(&b->ms->as_memory, addr, size, be, v,
                     MEMTXATTRS_UNSPECIFIED, NULL);
}

static uint64_t ld(Bench *b, uint64_t addr, unsigned size, bool be)
{
    return address_space_ld(&b->ms->as_memory, addr, size, be,
                            MEMTXATTRS_UNSPECIFIED, NULL);
}

static void ram_write(Bench *b, uint64_t addr, const void *p, size_t n)
{
    address_space_write(&b->ms->as_memory, addr, MEMTXATTRS_UNSPECIFIED, p,
                        n);
}

static void cfg_wr(Bench *b, int devfn, int off, uint32_t v)
{
    address_space_st(&b->ms->as_io, 0xcf8, 4, false,
                     0x80000000u | devfn << 8 | off, MEMTXATTRS_UNSPECIFIED,
                     NULL);
    address_space_st(&b->ms->as_io, 0xcfc, 4, false, v,
                     MEMTXATTRS_UNSPECIFIED, NULL);
}

/* One admin command; returns its status. */
static uint32_t aq_cmd(Bench *b, uint32_t op, const uint8_t *p, size_t len)
{
    uint8_t slot[64] = { 0 };
    uint64_t a = AQ + (b->prod % GVE_AQ_SLOTS) * 64;

    put_be32(slot, op);
    memcpy(slot + 8, p, len);
    ram_write(b, a, slot, sizeof(slot));
    st(b, GVE_BAR0 + GVE_REG_DOORBELL, 4, true, ++b->prod);
    return ld(b, a + 4, 4, true);
}

/* BARs, bus mastering, MSI-X vectors into RAM, the admin queue. */
static void bench_pci_setup(Bench *b)
{
    int gve = PCI_DEVFN(4, 0), dm = PCI_DEVFN(5, 0);

    cfg_wr(b, gve, 0x10, GVE_BAR0);
    cfg_wr(b, gve, 0x14, GVE_BAR1);
    cfg_wr(b, gve, 0x18, GVE_BAR2);
    cfg_wr(b, gve, 0x04, 6);
    cfg_wr(b, dm, 0x10, DM_BAR0);
    cfg_wr(b, dm, 0x18, (uint32_t)DM_BAR2);
    cfg_wr(b, dm, 0x1c, DM_BAR2 >> 32);
    cfg_wr(b, dm, 0x04, 6);
    for (int i = 0; i < 3; i++) {
        st(b, GVE_BAR1 + 16 * i, 4, false, MSI_AREA + 4 * i);
        st(b, GVE_BAR1 + 16 * i + 8, 4, false, i);
        st(b, GVE_BAR1 + 16 * i + 12, 4, false, 0);
    }
    cfg_wr(b, gve, b->gve->msix_cap, 1u << 31);
    st(b, GVE_BAR0 + GVE_REG_PFN, 4, true, AQ / 4096);
}

/* CONFIGURE (DQO-RDA), MTU 9000, TX queue 0 with a 1024-entry ring. */
static void bench_queue_up(Bench *b)
{
    uint8_t p[48] = { 0 };

    put_be64(p, COUNTERS);
    put_be64(p + 8, IRQDB);
    put_be32(p + 16, 16);
    put_be32(p + 20, 2);
    put_be32(p + 24, 64);
    p[32] = 3;                                  /* DQO-RDA */
    g_assert_cmphex(aq_cmd(b, GVE_AQ_CONFIGURE, p, 40), ==, 1);
    memset(p, 0, sizeof(p));
    put_be32(p, GVE_PARAM_MTU);
    put_be64(p + 8, 9000);
    g_assert_cmphex(aq_cmd(b, GVE_AQ_SET_PARAM, p, 16), ==, 1);
    memset(p, 0, sizeof(p));
    put_be64(p + 8, QRES);
    put_be64(p + 16, TX_RING);
    put_be64(p + 32, TX_COMP);
    put_be16(p + 40, RING);
    put_be16(p + 42, RING);
    g_assert_cmphex(aq_cmd(b, GVE_AQ_CREATE_TX, p, 48), ==, 1);
    b->db = ld(b, QRES, 4, true);
    st(b, GVE_BAR2 + 4 * 0, 4, false, GVE_IRQ_ENABLE | GVE_IRQ_ITR_NOCHANGE);
}

static void bench_irq(void *opaque, int n, int level)
{
}

static Bench *bench_new(void)
{
    MachineClass *mc = MACHINE_CLASS(object_class_by_name("none-machine"));
    Bench *b = g_new0(Bench, 1);
    qemu_irq gsi[16];
    PCIDevice *d;

    for (int i = 0; i < 16; i++) {
        gsi[i] = qemu_allocate_irq(bench_irq, NULL, i);
    }
    b->ms = machine_new(mc, &target_info_x86_64);
    b->ms->ram_size = RAM_SIZE;
    g_assert_true(machine_run_board_init(b->ms, &error_abort));
    b->bus = pc_pci_host_init(b->ms, gsi, &error_abort);
    b->peer = qemu_new_net_client(net_client_set_of_machine(b->ms),
                                  &peer_info, NULL, "bench", "nb");
    container_of(b->peer, BenchPeer, nc)->b = b;
    d = b->gve = PCI_DEVICE(object_new("gve"));
    d->devfn = PCI_DEVFN(4, 0);
    object_property_set_str(OBJECT(d), "netdev", "nb", &error_abort);
    object_property_set_uint(OBJECT(d), "queues", 1, &error_abort);
    object_property_set_uint(OBJECT(d), "max-mtu", 9000, &error_abort);
    g_assert_true(pci_realize_on_bus(d, b->bus, &error_abort));
    d = PCI_DEVICE(object_new("devmem-exporter"));
    d->devfn = PCI_DEVFN(5, 0);
    object_property_set_uint(OBJECT(d), "size", DM_SIZE, &error_abort);
    g_assert_true(pci_realize_on_bus(d, b->bus, &error_abort));
    object_unref(OBJECT(d));
    qdev_reset_tree(b->ms->root);
    bench_pci_setup(b);
    bench_queue_up(b);
    return b;
}

static uint64_t counter(Bench *b, const char *name)
{
    QObject *o = object_property_get_qobject(OBJECT(b->gve), name,
                                             &error_abort);
    uint64_t v = 0;

    g_assert_true(qnum_get_try_uint(qobject_to_qnum(o), &v));
    qobject_unref(o);
    return v;
}

static void tx_desc(uint8_t *d, uint64_t addr, uint16_t len, uint8_t flags,
                    uint16_t tag)
{
    memset(d, 0, 16);
    for (int i = 0; i < 8; i++) {
        d[i] = addr >> (8 * i);
    }
    d[8] = GVE_TXD_DATA | flags;
    d[12] = tag;
    d[13] = tag >> 8;
    d[14] = len;
    d[15] = len >> 8;
}

/* The header of a UDP/IPv4 frame of @frame bytes (checksums left 0). */
static void build_header(uint8_t *h, size_t frame)
{
    static const uint8_t mac[12] = {
        0x52, 0x54, 0, 0x12, 0x34, 0x57, 0x52, 0x54, 0, 0x12, 0x34, 0x56,
    };

    memset(h, 0, HDR_LEN);
    memcpy(h, mac, sizeof(mac));
    h[12] = 0x08;
    h[14] = 0x45;
    put_be16(h + 16, frame - 14);
    h[22] = 64;
    h[23] = 17;
    put_be32(h + 26, 0x0a000002);
    put_be32(h + 30, 0x0a000001);
    put_be16(h + 34, 1234);
    put_be16(h + 36, 5678);
    put_be16(h + 38, frame - 34);
}

/*
 * Fill the ring: frame i uses descriptors 2i (header) and 2i + 1
 * (payload at @payload, end of packet), completion tag i; a descriptor
 * completion every 32 descriptors.
 */
static void fill_ring(Bench *b, size_t frame, uint64_t payload, bool csum)
{
    static uint8_t ring[RING * 16];
    uint8_t hdr[HDR_LEN];

    build_header(hdr, frame);
    ram_write(b, HDR, hdr, HDR_LEN);
    for (int i = 0; i < RING / 2; i++) {
        uint8_t last = GVE_TXD_EOP | ((2 * i + 2) % 32 ? 0 : GVE_TXD_RE);

        tx_desc(ring + 32 * i, HDR, HDR_LEN, csum ? GVE_TXD_CSUM : 0, i);
        tx_desc(ring + 32 * i + 16, payload, frame - HDR_LEN, last, i);
    }
    ram_write(b, TX_RING, ring, sizeof(ring));
}

/*
 * Microseconds of CPU time this thread used: on a shared host the wall
 * clock also counts time other processes ran, the CPU time does not.
 */
static int64_t cpu_time_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

typedef struct Result {
    double gbps, mpps, copies;
    double wall_gbps;           /* the same on the wall clock */
    uint64_t devmem, host;
} Result;

static Result run_case(Bench *b, size_t frame, bool devmem, bool csum,
                       double seconds)
{
    uint64_t payload = devmem ? DM_BAR2 : PAYLOAD;
    uint64_t copies0 = counter(b, "tx-payload-copies");
    uint64_t dm0 = counter(b, "tx-devmem-bytes");
    uint64_t host0 = counter(b, "tx-host-bytes");
    uint64_t err0 = counter(b, "tx-errors");
    uint32_t tail = 0;
    int64_t t0, t, w0;
    Result r;

    fill_ring(b, frame, payload, csum);
    b->frames = b->bytes = 0;
    t0 = cpu_time_us();
    w0 = g_get_monotonic_time();
    do {
        for (int k = 0; k < 16; k++) {
            tail = (tail + 2 * BATCH) % RING;
            st(b, GVE_BAR2 + 4 * b->db, 4, false, tail);
        }
        t = cpu_time_us() - t0;
    } while (t < seconds * 1e6);
    /* every frame handed over must have been sent whole */
    g_assert_cmpuint(counter(b, "tx-errors"), ==, err0);
    g_assert_cmpuint(b->bytes, ==, b->frames * frame);
    r.gbps = b->bytes * 8 / (t * 1e3);
    r.wall_gbps = b->bytes * 8 / ((g_get_monotonic_time() - w0) * 1e3);
    r.mpps = b->frames / (double)t;
    r.copies = b->frames ? (counter(b, "tx-payload-copies") - copies0) /
               (double)b->frames : -1;
    r.devmem = b->frames ? (counter(b, "tx-devmem-bytes") - dm0) /
               b->frames : 0;
    r.host = b->frames ? (counter(b, "tx-host-bytes") - host0) /
             b->frames : 0;
    return r;
}

/* The best of 3 runs: the host is shared, so slow runs are noise. */
static Result best_of(Bench *b, size_t frame, bool dm, bool csum,
                      double seconds)
{
    Result best = run_case(b, frame, dm, csum, seconds);

    for (int i = 0; i < 2; i++) {
        Result r = run_case(b, frame, dm, csum, seconds);

        if (r.gbps > best.gbps) {
            best = r;
        }
    }
    return best;
}

/* Does the command line (FRAME, host|devmem, csum|nocsum) pick it? */
static bool want_case(int argc, char **argv, size_t frame, bool dm,
                      bool csum)
{
    return (argc <= 2 || strtoul(argv[2], NULL, 0) == frame) &&
           (argc <= 3 || !strcmp(argv[3], dm ? "devmem" : "host")) &&
           (argc <= 4 || !strcmp(argv[4], csum ? "csum" : "nocsum"));
}

int main(int argc, char **argv)
{
    static const size_t sizes[] = { 64, 1500, 9000 };
    double seconds = argc > 1 ? g_ascii_strtod(argv[1], NULL) : 0.5;
    Bench *b;

    type_registry_init(bench_types, G_N_ELEMENTS(bench_types));
    b = bench_new();
    printf("%-6s %-7s %-5s %10s %10s %11s %13s %11s %11s\n", "frame",
           "payload", "csum", "Gbit/s", "Mpkt/s", "wall Gbit/s",
           "devmem B/pkt", "host B/pkt", "copies/pkt");
    for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++) {
        for (int csum = 0; csum < 2; csum++) {
            for (int dm = 0; dm < 2; dm++) {
                Result r;

                if (!want_case(argc, argv, sizes[i], dm, csum)) {
                    continue;
                }
                r = best_of(b, sizes[i], dm, csum, seconds);

                printf("%-6zu %-7s %-5s %10.2f %10.3f %11.2f %13" PRIu64
                       " %11" PRIu64 " %11.2f\n", sizes[i],
                       dm ? "devmem" : "host", csum ? "yes" : "no", r.gbps,
                       r.mpps, r.wall_gbps, r.devmem, r.host, r.copies);
                fflush(stdout);
            }
        }
    }
    machine_free(b->ms);
    g_free(b);
    return 0;
}
