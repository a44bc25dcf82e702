/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86_64 CPU setup: the GDT (with one TSS per CPU), the IDT pointing at
 * the stubs of entry.S, IST stacks for #DF, NMI and #MC, the per-CPU GS
 * base, the SYSCALL MSRs; register dumps for panics.
 */
#include "smp.h"
#include "mm.h"
#include "ipi-defer.h"

#define GDT_FIXED           6           /* null .. user code, see cpu.h */
#define GDT_ENTRIES         (GDT_FIXED + 2 * MAX_CPUS)

typedef struct __packed IdtGate {
    uint16_t off_lo;
    uint16_t sel;
    uint8_t ist;
    uint8_t type;
    uint16_t off_mid;
    uint32_t off_hi;
    uint32_t reserved;
} IdtGate;

typedef struct __packed DescPtr {
    uint16_t limit;
    uint64_t base;
} DescPtr;

static uint64_t gdt[GDT_ENTRIES] __aligned(16) = {
    [0] = 0,
    [1] = 0x00af9b000000ffff,           /* kernel code, 64-bit */
    [2] = 0x00cf93000000ffff,           /* kernel data */
    [3] = 0x00cffb000000ffff,           /* user code, 32-bit (unused) */
    [4] = 0x00cff3000000ffff,           /* user data */
    [5] = 0x00affb000000ffff,           /* user code, 64-bit */
};
static IdtGate idt[256] __aligned(16);

static const char *const exc_names[32] = {
    "#DE divide error", "#DB debug", "NMI", "#BP breakpoint",
    "#OF overflow", "#BR bound range", "#UD invalid opcode",
    "#NM device not available", "#DF double fault", "coprocessor overrun",
    "#TS invalid TSS", "#NP segment not present", "#SS stack fault",
    "#GP general protection", "#PF page fault", "reserved",
    "#MF x87 error", "#AC alignment check", "#MC machine check",
    "#XM SIMD error", "#VE virtualization", "#CP control protection",
    [28] = "#HV hypervisor injection", [29] = "#VC VMM communication",
    [30] = "#SX security",
};

extern const char trap_stubs[];
void syscall_entry(void);

static void idt_set(int vec, uint64_t handler, int ist, int dpl)
{
    IdtGate *g = &idt[vec];

    g->off_lo = handler & 0xffff;
    g->off_mid = (handler >> 16) & 0xffff;
    g->off_hi = handler >> 32;
    g->sel = SEL_KCODE;
    g->ist = ist;
    g->type = 0x8e | (dpl << 5);        /* present, 64-bit interrupt gate */
}

static void idt_init(void)
{
    for (int v = 0; v < 256; v++) {
        idt_set(v, (uint64_t)trap_stubs + 16 * v, 0, 0);
    }
    idt_set(EXC_DF, (uint64_t)trap_stubs + 16 * EXC_DF, IST_DF, 0);
    idt_set(EXC_NMI, (uint64_t)trap_stubs + 16 * EXC_NMI, IST_NMI, 0);
    idt_set(EXC_MC, (uint64_t)trap_stubs + 16 * EXC_MC, IST_MC, 0);
    /* int3 may be used from user mode */
    idt_set(EXC_BP, (uint64_t)trap_stubs + 16 * EXC_BP, 0, 3);
}

static void gdt_set_tss(unsigned cpu, Tss *tss)
{
    uint64_t base = (uint64_t)tss, limit = sizeof(*tss) - 1;
    unsigned i = GDT_FIXED + 2 * cpu;

    gdt[i] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
             (0x89ULL << 40) | (((limit >> 16) & 0xf) << 48) |
             (((base >> 24) & 0xff) << 56);
    gdt[i + 1] = base >> 32;
}

static void load_tables(unsigned cpu)
{
    DescPtr g = { sizeof(gdt) - 1, (uint64_t)gdt };
    DescPtr i = { sizeof(idt) - 1, (uint64_t)idt };
    uint16_t tr = SEL_TSS + 16 * cpu;

    __asm__ volatile("lgdt %0" : : "m"(g));
    __asm__ volatile("lidt %0" : : "m"(i));
    __asm__ volatile("ltr %0" : : "r"(tr));
}

static void syscall_init(void)
{
    wrmsr(MSR_STAR, ((uint64_t)SEL_UCODE32 << 48) |
          ((uint64_t)SEL_KCODE << 32));
    wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
    /* clear TF, IF, DF, AC on entry */
    wrmsr(MSR_FMASK, BIT(8) | BIT(9) | BIT(10) | BIT(18));
    /* LMA is read-only; keep it out of the value written */
    wrmsr(MSR_EFER, (rdmsr(MSR_EFER) | EFER_SCE) & ~EFER_LMA);
}

/* Per-CPU tables; the boot CPU also builds the shared IDT. */
void arch_cpu_init(Cpu *c)
{
    ArchCpu *a = &c->arch;

    if (c->id == 0) {
        idt_init();
    }
    for (int i = 0; i < 3; i++) {
        a->ist_stack[i] = page_alloc_virt(IST_STACK_SIZE / PAGE_SIZE);
        BUG_ON(!a->ist_stack[i]);
        a->tss.ist[i] = (uint64_t)a->ist_stack[i] + IST_STACK_SIZE;
    }
    a->tss.rsp[0] = c->kstack_top;
    a->tss.iomap_base = sizeof(Tss);
    gdt_set_tss(c->id, &a->tss);
    load_tables(c->id);
    wrmsr(MSR_GS_BASE, (uint64_t)c);
    wrmsr(MSR_KERNEL_GS_BASE, 0);
    syscall_init();
}

void arch_dump_frame(const TrapFrame *tf)
{
    printf("RIP=%016lx CS=%04lx RFLAGS=%08lx vector=%lu error=%lx\n",
           tf->rip, tf->cs, tf->rflags, tf->vector, tf->error);
    printf("RAX=%016lx RBX=%016lx RCX=%016lx RDX=%016lx\n",
           tf->rax, tf->rbx, tf->rcx, tf->rdx);
    printf("RSI=%016lx RDI=%016lx RBP=%016lx RSP=%016lx\n",
           tf->rsi, tf->rdi, tf->rbp, tf->rsp);
    printf("R8 =%016lx R9 =%016lx R10=%016lx R11=%016lx\n",
           tf->r8, tf->r9, tf->r10, tf->r11);
    printf("R12=%016lx R13=%016lx R14=%016lx R15=%016lx\n",
           tf->r12, tf->r13, tf->r14, tf->r15);
    printf("CR0=%016lx CR2=%016lx CR3=%016lx CR4=%016lx SS=%04lx\n",
           read_cr0(), read_cr2(), read_cr3(), read_cr4(), tf->ss);
}

/* Make the trap return to kernel code at @pc on stack @sp. */
void arch_redirect_trap(TrapFrame *tf, uint64_t pc, uint64_t sp)
{
    tf->rip = pc;
    tf->rsp = sp;
    tf->cs = SEL_KCODE;
    tf->ss = SEL_KDATA;
}

/* CPUID serialises: the CPU refetches instructions after it. */
void arch_sync_core(void)
{
    uint32_t r[4];

    cpuid(0, 0, r);
}

void arch_flush_tlb_all(void)
{
    write_cr3(read_cr3());
}

void arch_patch_site_write(uint32_t v)
{
    extern char patch_site_imm[];
    uint8_t *alias = p2v(v2p(patch_site_imm));

    /* byte by byte: the immediate is not naturally aligned */
    for (int i = 0; i < 4; i++) {
        __atomic_store_n(&alias[i], (uint8_t)(v >> (8 * i)),
                         __ATOMIC_RELAXED);
    }
}

const char *arch_exception_name(uint64_t vector)
{
    return vector < 32 && exc_names[vector] ? exc_names[vector] : "reserved";
}

uint64_t arch_fault_addr(const TrapFrame *tf)
{
    return tf->vector == EXC_PF ? read_cr2() : 0;
}
