/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SEV-SNP + Secure AVIC guest.  Run with -smp 2 -cpu max -device
 * pc-testdev -machine pc,confidential-guest-support=sev0 -object
 * sev-snp-guest,id=sev0,cbitpos=51,reduced-phys-bits=1,
 * policy=0x30000,secure-avic=on.
 *
 * It reads SEV_STATUS, uses the GHCB MSR protocol (SEV information,
 * GHCB registration, page-state change to shared), switches to page
 * tables whose entries carry the C-bit, then runs every port access
 * (console, exit) and CPUID through its #VC handler and the GHCB page.
 * Secure AVIC: registers a backing page (SAVIC VMGEXIT), enables it,
 * allows its vectors in ALLOWED_IRR, programs the hypervisor's timer
 * over MSR exits (#VC 0x402 traps), takes a self-IPI and the timer,
 * checks that an IOAPIC vector it did not allow never arrives, starts
 * CPU 1 with AP creation from a VMSA and sends it an IPI written into
 * its page plus the GHCB ICR kick.  MMIO: an IOAPIC read is a #VC 0x400
 * at the instruction, completed with the GHCB MMIO events (which also
 * reach the device when called directly).  Prints TAP lines, exits with
 * 0x50 + failures through isa-debug-exit (itself a #VC); with
 * -append wait it halts instead, for a QMP client to look; with
 * -append term it asks the hypervisor to terminate it.
 */
#include "sysregs.h"

#define MSR_GHCB        0xc0010130
#define MSR_SEV_STATUS  0xc0010131
#define MSR_SAVIC_CTRL  0xc0010138
#define CBIT            (1ull << 51)
#define V_TIMER         0x40
#define V_SELF          0x41
#define V_AP            0x42
#define V_DEVICE        0x61            /* never allowed */
#define V_LEVEL         0x62            /* allowed, level-triggered */
#define IOAPIC          0xfec00000ul
#define TESTDEV_IRQ     0x2000
#define SEC             1000000000ull   /* TSC: 1 GHz */

typedef uint8_t Page[4096] __attribute__((aligned(4096)));

static Page ghcb[2], backing[2], vmsa, ap_stack;
static Page pml4, pdpt, pd[4];
static IdtGate idt[256];
static volatile unsigned long hits[256];
static volatile unsigned long vc_hits[0x500], vc_bad;
static volatile unsigned long ap_ready, ap_hits;
static volatile uint64_t last_vc_rip;
static volatile uint8_t *volatile mmio_watch;   /* RAM bytes to sample */
static volatile unsigned mmio_watch_seen;
static int test_no, failures;

static void check(int ok, const char *name)
{
    test_no++;
    if (!ok) {
        failures++;
        serial_puts("not ");
    }
    serial_puts("ok ");
    serial_putu(test_no);
    serial_puts(" - ");
    serial_puts(name);
    serial_puts("\n");
}

static inline void vmgexit(void)
{
    __asm__ volatile("rep; vmmcall" : : : "memory");
}

/* ---- GHCB ---- */

static uint64_t msr_protocol(uint64_t req)
{
    wrmsr(MSR_GHCB, req);
    vmgexit();
    return rdmsr(MSR_GHCB);
}

static void g_set(uint8_t *g, unsigned off, uint64_t v)
{
    *(volatile uint64_t *)(g + off) = v;
    g[0x3f0 + off / 64] |= 1u << ((off / 8) % 8);
}

static uint64_t g_get(uint8_t *g, unsigned off)
{
    return *(volatile uint64_t *)(g + off);
}

static void g_clear(uint8_t *g)
{
    for (int i = 0; i < 16; i++) {
        g[0x3f0 + i] = 0;
    }
}

/* Page protocol: inputs already set; returns SW_EXITINFO1[31:0]. */
static uint32_t g_call(uint8_t *g, uint64_t code, uint64_t i1, uint64_t i2)
{
    g_set(g, 0x390, code);
    g_set(g, 0x398, i1);
    g_set(g, 0x3a0, i2);
    *(volatile uint16_t *)(g + 0xffa) = 2;
    *(volatile uint32_t *)(g + 0xffc) = 0;
    wrmsr(MSR_GHCB, (uint64_t)(uintptr_t)g);
    vmgexit();
    return (uint32_t)g_get(g, 0x398);
}

static uint8_t *my_ghcb(void)
{
    return (uint8_t *)(uintptr_t)rdmsr(MSR_GHCB);
}

static int hv_msr(uint8_t *g, uint32_t msr, int write, uint64_t *v)
{
    g_clear(g);
    g_set(g, 0x308, msr);
    if (write) {
        g_set(g, 0x1f8, (uint32_t)*v);
        g_set(g, 0x310, *v >> 32);
    }
    if (g_call(g, 0x7c, write, 0)) {
        return -1;
    }
    if (!write) {
        *v = (uint32_t)g_get(g, 0x1f8) | g_get(g, 0x310) << 32;
    }
    return 0;
}

/* ---- #VC ---- */

static void vc_ioio(uint8_t *g, IsrFrame *f)
{
    uint8_t *ip = (uint8_t *)(uintptr_t)f->rip;
    unsigned len = 1, size = 1, in, port;
    uint64_t info;

    if (ip[0] == 0x66) {
        size = 2;
        ip++;
        len++;
    }
    in = ip[0] == 0xe4 || ip[0] == 0xe5 || ip[0] == 0xec || ip[0] == 0xed;
    if (ip[0] & 1) {
        size = size == 2 ? 2 : 4;
    }
    if (ip[0] < 0xe8) {
        port = ip[1];
        len++;
    } else {
        port = f->rdx & 0xffff;
    }
    info = (uint64_t)port << 16 | (size << 4) | in;
    g_clear(g);
    if (!in) {
        g_set(g, 0x1f8, f->rax);
    }
    if (g_call(g, 0x7b, info, 0)) {
        vc_bad++;
    } else if (in) {
        uint64_t m = size == 4 ? 0xffffffffull : (1ull << (size * 8)) - 1;

        f->rax = (f->rax & ~m) | (g_get(g, 0x1f8) & m);
    }
    f->rip += len;
}

static void vc_cpuid(uint8_t *g, IsrFrame *f)
{
    g_clear(g);
    g_set(g, 0x1f8, (uint32_t)f->rax);
    g_set(g, 0x308, (uint32_t)f->rcx);
    if (g_call(g, 0x72, 0, 0)) {
        vc_bad++;
    }
    f->rax = (uint32_t)g_get(g, 0x1f8);
    f->rbx = (uint32_t)g_get(g, 0x318);
    f->rcx = (uint32_t)g_get(g, 0x308);
    f->rdx = (uint32_t)g_get(g, 0x310);
    f->rip += 2;
}

/* RDMSR/WRMSR forwarded to the hypervisor; @trap: RIP already past it. */
static void vc_msr(uint8_t *g, IsrFrame *f, int trap)
{
    uint8_t *ip = (uint8_t *)(uintptr_t)f->rip;
    int write = trap || ip[1] == 0x30;
    uint64_t v = (f->rdx << 32) | (uint32_t)f->rax;

    if (hv_msr(g, (uint32_t)f->rcx, write, &v)) {
        vc_bad++;
    }
    if (!write) {
        f->rax = (uint32_t)v;
        f->rdx = v >> 32;
    }
    if (!trap) {
        f->rip += 2;
    }
}

/*
 * MMIO through the GHCB: @write with @v, else the value read.  The
 * scratch buffer is the GHCB's shared area; memory is identity-mapped,
 * so the GPA is the address.
 */
static int hv_mmio(uint8_t *g, uint64_t gpa, unsigned size, int write,
                   uint32_t *v)
{
    volatile uint32_t *buf = (volatile uint32_t *)(g + 0x800);

    g_clear(g);
    if (write) {
        *buf = *v;
    }
    g_set(g, 0x3a8, (uint64_t)(uintptr_t)(g + 0x800));
    if (g_call(g, write ? 0x80000002 : 0x80000001, gpa, size)) {
        return -1;
    }
    if (!write) {
        *v = *buf;
    }
    return 0;
}

/* The accessors' exact forms, known to vc_mmio(): 8B 07 and 89 07. */
uint32_t mmio_rd32(uint64_t addr);
void mmio_wr32(uint64_t addr, uint32_t v);
extern const uint8_t mmio_rd_insn[], mmio_wr_insn[];
__asm__(".text\n"
        ".globl mmio_rd32\n"
        "mmio_rd32:\n"
        ".globl mmio_rd_insn\n"
        "mmio_rd_insn: movl (%rdi), %eax\n"
        "ret\n"
        ".globl mmio_wr32\n"
        "mmio_wr32: movl %esi, %eax\n"
        ".globl mmio_wr_insn\n"
        "mmio_wr_insn: movl %eax, (%rdi)\n"
        "ret\n");

/* #VC 0x400: only MOV EAX <-> [RDI], 4 bytes (our accessors). */
static void vc_mmio(uint8_t *g, IsrFrame *f)
{
    uint8_t *ip = (uint8_t *)(uintptr_t)f->rip;
    int write = ip[0] == 0x89;
    uint32_t v = (uint32_t)f->rax;

    if (mmio_watch) {
        /* what RAM held when the #VC came; the event may fail after */
        mmio_watch_seen = mmio_watch[0] | mmio_watch[1] << 8;
        hv_mmio(g, f->rdi, 4, write, &v);
        f->rip += 2;
        return;
    }
    if ((ip[0] != 0x8b && ip[0] != 0x89) || ip[1] != 0x07 ||
        hv_mmio(g, f->rdi, 4, write, &v)) {
        vc_bad++;
        guest_exit(0x7d);
    }
    if (!write) {
        f->rax = v;
    }
    f->rip += 2;
}

static void vc_handler(IsrFrame *f)
{
    uint8_t *g = my_ghcb();
    uint8_t *ip = (uint8_t *)(uintptr_t)f->rip;

    vc_hits[f->error < 0x500 ? f->error : 0]++;
    last_vc_rip = f->rip;
    switch (f->error) {
    case 0x72:
        vc_cpuid(g, f);
        break;
    case 0x7b:
        vc_ioio(g, f);
        break;
    case 0x7c:
        vc_msr(g, f, 0);
        break;
    case 0x400:
        vc_mmio(g, f);
        break;
    case 0x401:
        vc_msr(g, f, 1);
        break;
    case 0x402:
        vc_msr(g, f, !(ip[0] == 0x0f && ip[1] == 0x32));
        break;
    default:
        vc_bad++;
        guest_exit(0x7e);
    }
}

static uint32_t lapic_id(void)
{
    return rdmsr(0x802);        /* Secure AVIC: read from the page */
}

void isr_dispatch(IsrFrame *f)
{
    if (f->vector == 29) {
        vc_handler(f);
        return;
    }
    if (f->vector < 32 && f->vector != 2) {
        serial_puts("unexpected exception ");
        serial_putu(f->vector);
        serial_puts("\n");
        guest_exit(0x7f);
    }
    if (f->vector == V_AP) {
        ap_hits++;
    } else {
        hits[f->vector]++;
    }
    if (f->vector == V_LEVEL && hits[V_LEVEL] == 2) {
        outb(TESTDEV_IRQ + 10, 0);  /* only now the line goes low */
    }
    if (f->vector != 2) {
        /* EOI: accelerated; a level vector's traps (#VC 0x402) */
        wrmsr(0x80b, 0);
    }
}

/* ---- setup ---- */

static void tables_with_cbit(void)
{
    uint64_t *l4 = (uint64_t *)pml4, *l3 = (uint64_t *)pdpt;

    for (int i = 0; i < 4; i++) {
        uint64_t *l2 = (uint64_t *)pd[i];

        l3[i] = (uint64_t)(uintptr_t)l2 | 3 | CBIT;
        for (int j = 0; j < 512; j++) {
            l2[j] = ((uint64_t)(i * 512 + j) << 21) | 0x83 | CBIT;
        }
    }
    l4[0] = (uint64_t)(uintptr_t)l3 | 3 | CBIT;
    __asm__ volatile("mov %0, %%cr3" : : "r"((uint64_t)(uintptr_t)l4 | CBIT)
                     : "memory");
}

static void savic_allow(uint8_t *page, unsigned v)
{
    *(volatile uint32_t *)(page + 0x204 + (v / 32) * 16) |= 1u << (v % 32);
}

static int savic_register(uint8_t *g, uint8_t *page)
{
    g_clear(g);
    g_set(g, 0x1f8, ~0ull);                         /* self */
    g_set(g, 0x318, (uint64_t)(uintptr_t)page);
    return g_call(g, 0x8000001a, 0, 0) == 0;
}

static int ghcb_register(uint8_t *g)
{
    uint64_t gpa = (uint64_t)(uintptr_t)g;

    /* registered, then made shared (page-state change) */
    return msr_protocol(gpa | 0x012) == (gpa | 0x013) &&
           msr_protocol(gpa | (2ull << 52) | 0x014) == 0x015;
}

void ap_main(void);
void ap_main(void)
{
    idt_load(idt);
    if (!ghcb_register(ghcb[1])) {
        for (;;) {
            __asm__ volatile("cli; hlt");
        }
    }
    wrmsr(MSR_GHCB, (uint64_t)(uintptr_t)ghcb[1]);
    if (savic_register(ghcb[1], backing[1])) {
        savic_allow(backing[1], V_AP);
        wrmsr(MSR_SAVIC_CTRL, (uint64_t)(uintptr_t)backing[1] | 3);
        ap_ready = 1;
    }
    for (;;) {
        __asm__ volatile("sti; hlt; cli" : : : "memory");
    }
}

/* A 16-byte VMSA segment: selector, attributes (VMCB format), limit. */
static void vmsa_seg(unsigned off, uint16_t sel, uint16_t attr,
                     uint64_t base, uint32_t limit)
{
    *(uint16_t *)(vmsa + off) = sel;
    *(uint16_t *)(vmsa + off + 2) = attr;
    *(uint32_t *)(vmsa + off + 4) = limit;
    *(uint64_t *)(vmsa + off + 8) = base;
}

static int start_ap(uint64_t status)
{
    DescPtr gdt;
    uint64_t cr3;
    uint8_t *g = my_ghcb();

    __asm__ volatile("sgdt %0" : "=m"(gdt));
    __asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
    for (int i = 0; i < 6; i++) {
        vmsa_seg(i * 16, 0x10, 0xc93, 0, 0xffffffff);
    }
    vmsa_seg(0x10, 0x08, 0xa9b, 0, 0xffffffff);     /* CS: 64-bit */
    vmsa_seg(0x60, 0, 0, gdt.base, gdt.limit);
    vmsa_seg(0x80, 0, 0, (uint64_t)(uintptr_t)idt, sizeof(idt) - 1);
    *(uint64_t *)(vmsa + 0xd0) = 0x500;             /* EFER: LME, LMA */
    *(uint64_t *)(vmsa + 0x148) = 0x20;             /* CR4: PAE */
    *(uint64_t *)(vmsa + 0x150) = cr3;
    *(uint64_t *)(vmsa + 0x158) = 0x80000011;       /* CR0: PG, ET, PE */
    *(uint64_t *)(vmsa + 0x170) = 2;
    *(uint64_t *)(vmsa + 0x178) = (uint64_t)(uintptr_t)ap_main;
    *(uint64_t *)(vmsa + 0x1d8) = (uint64_t)(uintptr_t)(ap_stack + 4088);
    g_clear(g);
    g_set(g, 0x1f8, status >> 2);                   /* SEV_FEATURES */
    return g_call(g, 0x80000013, (1ull << 32) | 1,
                  (uint64_t)(uintptr_t)vmsa) == 0;
}

static void ioapic_route(unsigned pin, unsigned vector)
{
    mmio_wr32(IOAPIC, 0x10 + 2 * pin);
    mmio_wr32(IOAPIC + 0x10, vector);   /* fixed, physical, unmasked */
    mmio_wr32(IOAPIC, 0x11 + 2 * pin);
    mmio_wr32(IOAPIC + 0x10, 0);        /* APIC ID 0 */
}

/*
 * Emulated-device MMIO: every access is a #VC 0x400 with RIP at the
 * instruction (the device is not touched first); the GHCB MMIO events
 * reach the IOAPIC both from the handler and when called directly.
 */
static void mmio_tests(void)
{
    uint8_t *g = my_ghcb();
    unsigned long n = vc_hits[0x400];
    uint32_t ver, sel = 1, back = 0;

    mmio_wr32(IOAPIC, 1);                       /* IOREGSEL: version */
    check(vc_hits[0x400] == n + 1 && last_vc_rip ==
          (uint64_t)(uintptr_t)mmio_wr_insn, "MMIO write is a #VC 0x400 "
          "at the MOV");
    ver = mmio_rd32(IOAPIC + 0x10);
    check(vc_hits[0x400] == n + 2 && last_vc_rip ==
          (uint64_t)(uintptr_t)mmio_rd_insn, "MMIO read is a #VC 0x400 "
          "at the MOV");
    check(ver == 0x00170020, "IOAPIC version through #VC and MMIO read");
    sel = 0;
    check(hv_mmio(g, IOAPIC, 4, 1, &sel) == 0 &&
          mmio_rd32(IOAPIC) == 0, "MMIO write event reaches the IOAPIC");
    sel = 1;
    check(hv_mmio(g, IOAPIC, 4, 1, &sel) == 0 &&
          hv_mmio(g, IOAPIC + 0x10, 4, 0, &back) == 0 && back == ver,
          "MMIO read event reaches the IOAPIC");
    check(vc_hits[0x400] == n + 3, "GHCB MMIO events raise no #VC");
}

/* Top of RAM below 4 GiB from the CMOS (64 KiB units above 16 MiB). */
static uint64_t ram_top(void)
{
    unsigned lo, hi;

    outb(0x70, 0x34);
    lo = inb(0x71);
    outb(0x70, 0x35);
    hi = inb(0x71);
    return (16ull << 20) + ((uint64_t)(hi << 8 | lo) << 16);
}

/* A store from the last RAM page into unassigned space: #VC first. */
static void mmio_cross_test(void)
{
    uint64_t top = ram_top();
    volatile uint8_t *p = (volatile uint8_t *)(uintptr_t)(top - 2);
    unsigned long n = vc_hits[0x400];

    p[0] = 0xaa;
    p[1] = 0xbb;
    mmio_watch = p;
    mmio_wr32(top - 2, 0x11223344);
    mmio_watch = 0;
    check(vc_hits[0x400] == n + 1 && mmio_watch_seen == 0xbbaa,
          "store crossing from RAM into MMIO: #VC before any byte");
}

/*
 * An allowed level-triggered vector: the guest marks it in the page's
 * TMR, so its EOI traps (#VC 0x402) and is forwarded to the hypervisor's
 * APIC, whose EOI reaches the IOAPIC: the line, still high after the
 * first EOI, delivers again; the second handler lowers it.  Then the
 * timer (a lower priority than the level vector) must still fire: the
 * hypervisor's APIC has nothing left in service.
 */
static void level_test(void)
{
    unsigned long eoi_traps = vc_hits[0x402], t = hits[V_TIMER];

    savic_allow(backing[0], V_LEVEL);
    *(volatile uint32_t *)(backing[0] + 0x180 + (V_LEVEL / 32) * 16) |=
        1u << (V_LEVEL % 32);
    ioapic_route(10, V_LEVEL | (1u << 15));
    outb(TESTDEV_IRQ + 10, 1);
    check(wait_for(&hits[V_LEVEL], 2, SEC) && hits[V_LEVEL] == 2,
          "level vector delivered again after a forwarded EOI");
    check(vc_hits[0x402] - eoi_traps == 2, "level EOI traps with #VC "
          "0x402");
    wrmsr(0x838, 1000);                         /* TMICT */
    check(wait_for(&hits[V_TIMER], t + 1, SEC), "lower vector after the "
          "level EOI");
}

static void savic_tests(uint64_t status)
{
    uint8_t *g = my_ghcb();
    uint64_t base = rdmsr(MSR_APIC_BASE);       /* #VC 0x7C */

    check(vc_hits[0x7c] == 1, "rdmsr APIC_BASE is a #VC 0x7C");
    wrmsr(MSR_APIC_BASE, base | APIC_BASE_EXTD | APIC_BASE_EN);
    check(savic_register(g, backing[0]), "SAVIC register backing page");
    *(volatile uint32_t *)(backing[0] + 0x20) = 0;  /* APIC ID 0 */
    savic_allow(backing[0], V_TIMER);
    savic_allow(backing[0], V_SELF);
    wrmsr(MSR_SAVIC_CTRL, (uint64_t)(uintptr_t)backing[0] | 3);
    check((rdmsr(MSR_SAVIC_CTRL) & 1) == 1, "Secure AVIC enabled");
    check(lapic_id() == 0, "x2APIC ID read from the page");

    wrmsr(0x80f, 0x1ff);                        /* SPIV: trap 0x402 */
    check(vc_hits[0x402] == 1, "SPIV write traps with #VC 0x402");
    wrmsr(APIC_SELF_IPI_MSR, V_SELF);
    check(wait_for(&hits[V_SELF], 1, SEC), "self-IPI delivered");

    wrmsr(0x83e, 0xb);                          /* TDCR: divide by 1 */
    wrmsr(0x832, V_TIMER);                      /* LVT timer, one-shot */
    wrmsr(0x838, 100000);                       /* TMICT */
    check(wait_for(&hits[V_TIMER], 1, SEC), "APIC timer through "
          "RequestedIRR");

    wrmsr(0x830, (1u << 18) | (4u << 8));       /* self NMI: accelerated */
    check(wait_for(&hits[2], 1, SEC) && vc_hits[0x401] == 0,
          "self NMI through the ICR, no exit");

    ioapic_route(11, V_DEVICE);
    outb(TESTDEV_IRQ + 11, 1);
    outb(TESTDEV_IRQ + 11, 0);
    wrmsr(APIC_SELF_IPI_MSR, V_SELF);
    wait_for(&hits[V_SELF], 2, SEC);
    check(hits[V_DEVICE] == 0 && hits[V_SELF] == 2,
          "device vector not in ALLOWED_IRR never delivered");

    level_test();

    check(start_ap(status), "AP creation from a VMSA");
    check(wait_for(&ap_ready, 1, SEC), "AP enabled its Secure AVIC");
    *(volatile uint32_t *)(backing[1] + 0x200 + (V_AP / 32) * 16) |=
        1u << (V_AP % 32);
    wrmsr(0x830, (1ull << 32) | V_AP);          /* #VC 0x401 + kick */
    check(vc_hits[0x401] == 1, "IPI to CPU 1 is a #VC 0x401");
    check(wait_for(&ap_hits, 1, SEC), "CPU 1 took the IPI from its page");
}

void guest_main(const char *cmdline)
{
    uint64_t status = rdmsr(MSR_SEV_STATUS), info;
    uint64_t gpa = (uint64_t)(uintptr_t)ghcb[0];
    uint32_t r[4];

    idt_fill(idt);
    idt_load(idt);
    info = msr_protocol(0x002);
    /* no console before the GHCB works: failures are counted */
    if (!(status & 4) || (info & 0xfff) != 1 || ((info >> 24) & 0xff) != 51 ||
        !ghcb_register(ghcb[0])) {
        /* no console yet: ask the hypervisor to terminate (set 1) */
        msr_protocol(0x100 | (1u << 12) | (0x7dull << 16));
    }
    wrmsr(MSR_GHCB, gpa);
    tables_with_cbit();
    serial_puts("TAP version 13\n");
    check(1, "SEV_STATUS, GHCB MSR protocol, registration, PSC");
    check(vc_hits[0x7b] > 0, "console output through #VC 0x7B");
    check((status & (1u << 18)) != 0, "SEV_STATUS reports Secure AVIC");
    info = msr_protocol(0x004 | (1ull << 30));      /* CPUID 0, EBX */
    wrmsr(MSR_GHCB, gpa);
    cpuid2(0, 0, r);
    check(vc_hits[0x72] == 1 && r[0] >= 1 && r[1] != 0 &&
          r[1] == (uint32_t)(info >> 32) && (info & 0xfff) == 0x005,
          "CPUID through #VC 0x72 and the GHCB = MSR protocol CPUID");
    mmio_tests();
    mmio_cross_test();
    savic_tests(status);
    check(vc_bad == 0, "no GHCB request failed");
    serial_puts("1..");
    serial_putu(test_no);
    serial_puts("\n");
    if (cmdline && cmdline[0] == 't') {
        /* -append term: GHCB termination request, set 1 code 0x42 */
        msr_protocol(0x100 | (1u << 12) | (0x42u << 16));
    }
    if (cmdline && (cmdline[0] == 'w' || cmdline[0] == 't')) {
        /* -append wait: stay up for QMP (the test quits the VM) */
        for (;;) {
            __asm__ volatile("cli; hlt");
        }
    }
    guest_exit(0x50 + failures);
}
