/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * System helpers of the APIC and SMP test guests: CPUID, MSRs, TSC,
 * CR8, an IDT whose gates all lead to isr_dispatch() (isr.S), and the
 * local APIC in xAPIC (MMIO at 0xfee00000) or x2APIC (MSR) mode.
 */
#ifndef TESTS_TCG_X86_64_SYSREGS_H
#define TESTS_TCG_X86_64_SYSREGS_H

#define MSR_APIC_BASE       0x1b
#define MSR_TSC_DEADLINE    0x6e0
#define APIC_BASE_BSP       (1u << 8)
#define APIC_BASE_EXTD      (1u << 10)
#define APIC_BASE_EN        (1u << 11)
#define APIC_MMIO           0xfee00000ul

/* xAPIC register offsets (x2APIC MSR = 0x800 + offset / 16) */
#define APIC_ID     0x20
#define APIC_VER    0x30
#define APIC_TPR    0x80
#define APIC_EOI    0xb0
#define APIC_LDR    0xd0
#define APIC_SVR    0xf0
#define APIC_ISR    0x100
#define APIC_IRR    0x200
#define APIC_ESR    0x280
#define APIC_ICR_LO 0x300
#define APIC_ICR_HI 0x310
#define APIC_LVT_TIMER 0x320
#define APIC_TIMER_INIT 0x380
#define APIC_TIMER_CUR 0x390
#define APIC_TIMER_DCR 0x3e0
#define APIC_SELF_IPI_MSR 0x83f

/* The frame isr.S builds: saved registers, vector, error code, iret. */
typedef struct IsrFrame {
    uint64_t rbx, rbp, r11, r10, r9, r8, rdi, rsi, rdx, rcx, rax;
    uint64_t vector, error;
    uint64_t rip, cs, rflags, rsp, ss;
} IsrFrame;

void isr_dispatch(IsrFrame *f);
extern const uint64_t isr_stub_table[256];

static inline void cpuid2(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]),
                     "=d"(r[3]) : "a"(leaf), "c"(sub));
}

static inline uint64_t rdmsr(uint32_t idx)
{
    uint32_t lo, hi;

    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(idx));
    return (uint64_t)hi << 32 | lo;
}

static inline void wrmsr(uint32_t idx, uint64_t v)
{
    __asm__ volatile("wrmsr" : : "c"(idx), "a"((uint32_t)v),
                     "d"((uint32_t)(v >> 32)) : "memory");
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

static inline void write_cr8(uint64_t v)
{
    __asm__ volatile("mov %0, %%cr8" : : "r"(v) : "memory");
}

static inline uint64_t read_cr8(void)
{
    uint64_t v;

    __asm__ volatile("mov %%cr8, %0" : "=r"(v));
    return v;
}

static inline uint32_t apic_rd(uint32_t off)
{
    return *(volatile uint32_t *)(APIC_MMIO + off);
}

static inline void apic_wr(uint32_t off, uint32_t v)
{
    *(volatile uint32_t *)(APIC_MMIO + off) = v;
}

/* One interrupt-gate descriptor per vector, all present, DPL 0. */
typedef struct IdtGate {
    uint16_t off_lo, sel;
    uint8_t ist, type;
    uint16_t off_mid;
    uint32_t off_hi, zero;
} __attribute__((packed)) IdtGate;

typedef struct DescPtr {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed)) DescPtr;

static inline void idt_fill(IdtGate *idt)
{
    for (int v = 0; v < 256; v++) {
        uint64_t fn = isr_stub_table[v];

        idt[v].off_lo = (uint16_t)fn;
        idt[v].sel = 0x08;
        idt[v].ist = 0;
        idt[v].type = 0x8e;
        idt[v].off_mid = (uint16_t)(fn >> 16);
        idt[v].off_hi = (uint32_t)(fn >> 32);
        idt[v].zero = 0;
    }
}

static inline void idt_load(IdtGate *idt)
{
    DescPtr p = { 256 * sizeof(IdtGate) - 1, (uint64_t)(uintptr_t)idt };

    __asm__ volatile("lidt %0" : : "m"(p));
}

/*
 * Spin with interrupts enabled until *flag reaches @n or @ns of TSC
 * time (1 GHz) have passed; true if it got there.
 */
static inline int wait_for(volatile unsigned long *flag, unsigned long n,
                           uint64_t ns)
{
    uint64_t end = rdtsc() + ns;

    while (*flag < n && rdtsc() < end) {
        __asm__ volatile("sti; pause; pause; cli" : : : "memory");
    }
    return *flag >= n;
}

#endif
