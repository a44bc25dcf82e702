/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The runtime of the bare-metal AArch64 system tests (force-included by
 * meson): console (semihosting SYS_WRITE0, PL011 when semihosting is
 * off), TAP test points, exit through SYS_EXIT_EXTENDED, exception hooks,
 * PSCI, GICv3 and a flat identity MMU.  A test defines test_main(); its
 * exit status is the number of failed test points (127 after an
 * unexpected exception).  See docs/devel/aarch64-system-tests.md.
 */
#ifndef TESTS_TCG_AARCH64_SYSTEM_RT_H
#define TESTS_TCG_AARCH64_SYSTEM_RT_H

#ifndef __ASSEMBLER__

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RT_MAX_CPUS     8

/* The vector entry that was taken (kind argument of exception hooks). */
enum {
    EXC_CUR_SP0_SYNC = 0, EXC_CUR_SP0_IRQ = 1,
    EXC_CUR_SYNC = 4, EXC_CUR_IRQ = 5, EXC_CUR_FIQ = 6, EXC_CUR_SERROR = 7,
    EXC_LOWER_SYNC = 8, EXC_LOWER_IRQ = 9,
};

/* Exception classes (ESR_ELx.EC). */
#define EC_UNKNOWN      0x00
#define EC_SVC64        0x15
#define EC_HVC64        0x16
#define EC_SMC64        0x17
#define EC_SYSREG       0x18
#define EC_IABT_LOWER   0x20
#define EC_IABT_CUR     0x21
#define EC_PC_ALIGN     0x22
#define EC_DABT_LOWER   0x24
#define EC_DABT_CUR     0x25
#define EC_SP_ALIGN     0x26
#define EC_BRK64        0x3c

#define ESR_EC(esr)     (((esr) >> 26) & 0x3f)
#define ESR_IL          (1u << 25)
#define ESR_ISS(esr)    ((esr) & 0x1ffffff)

/* Saved by the vectors of start.S; a hook may change elr, spsr and x[]. */
typedef struct ExcFrame {
    uint64_t x[31];
    uint64_t elr;
    uint64_t spsr;
    uint64_t esr;
    uint64_t far;
    uint64_t sp;
} ExcFrame;

/* Return true when the exception was handled (the frame is resumed). */
typedef bool (*ExcHook)(ExcFrame *f, int kind);

/* Provided by the test. */
void test_main(void);

/* Console and TAP. */
void rt_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void rt_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void rt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
bool ok(bool cond, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void skip(const char *why, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
bool check_eq(uint64_t got, uint64_t want, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void rt_exit(int status) __attribute__((noreturn));
void rt_bail(const char *why) __attribute__((noreturn));
int rt_failures(void);
extern bool rt_semihosting;

/* Semihosting (only when rt_semihosting). */
#define SEMI_SYS_WRITE0         0x04
#define SEMI_SYS_EXIT           0x18
#define SEMI_SYS_EXIT_EXTENDED  0x20
#define ADP_STOPPED_APP_EXIT    0x20026
#define ADP_STOPPED_RUNTIME_ERR 0x20023
uint64_t semi_call(uint64_t op, const void *arg);

/* Exceptions.  The hook is per CPU. */
void rt_set_hook(ExcHook hook);
extern void rt_vectors_el1(void);
uint64_t rt_lower_call(uint64_t pc, uint64_t sp, uint64_t arg,
                       uint64_t spsr);
void rt_lower_resume(void);
void rt_lower_return(ExcFrame *f, uint64_t value);

/* CPUs and PSCI. */
#define PSCI_VERSION            0x84000000u
#define PSCI_CPU_OFF            0x84000002u
#define PSCI_CPU_ON             0xc4000003u
#define PSCI_AFFINITY_INFO      0xc4000004u
#define PSCI_SYSTEM_OFF         0x84000008u
#define PSCI_FEATURES           0x8400000au
#define PSCI_SUCCESS            0
#define PSCI_NOT_SUPPORTED      (-1)
#define PSCI_INVALID_PARAMS     (-2)
#define PSCI_DENIED             (-3)
#define PSCI_ALREADY_ON         (-4)
#define PSCI_ON_PENDING         (-5)
int64_t psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
uint64_t cpu_mpidr(int idx);
int cpu_index(void);
unsigned current_el(void);
/* CPU_ON of CPU idx at fn(idx); fn returning means CPU_OFF. */
int64_t cpu_on(int idx, void (*fn)(int));
void rt_secondary_entry(void);
void rt_set_vbar(void);

/* The identity MMU at EL1: 0-1 GiB device, 1-2 GiB normal memory. */
void rt_mmu_on(void);

/* GICv3 on virt (distributor 0x08000000, redistributors 0x080a0000). */
#define GICD_BASE       0x08000000ul
#define GICR_BASE       0x080a0000ul
void gic_init_dist(void);
void gic_init_cpu(void);
void gic_enable_irq(unsigned intid, bool on);
bool gic_is_pending(unsigned intid);
uint32_t gic_ack(void);
void gic_eoi(uint32_t intid);
void gic_send_sgi(unsigned intid, int cpu);

/* Small helpers. */
#define read_sysreg(r) ({ uint64_t v__; \
    __asm__ volatile("mrs %0, " #r : "=r"(v__)); v__; })
#define write_sysreg(r, v) \
    __asm__ volatile("msr " #r ", %0" : : "r"((uint64_t)(v)) : "memory")
#define isb()       __asm__ volatile("isb" ::: "memory")
#define dsb(o)      __asm__ volatile("dsb " #o ::: "memory")
#define irq_enable()  __asm__ volatile("msr daifclr, #2" ::: "memory")
#define irq_disable() __asm__ volatile("msr daifset, #2" ::: "memory")
#define wfi()       __asm__ volatile("wfi" ::: "memory")

static inline uint32_t mmio_read32(uintptr_t a)
{
    return *(volatile uint32_t *)a;
}

static inline void mmio_write32(uintptr_t a, uint32_t v)
{
    *(volatile uint32_t *)a = v;
}

static inline uint64_t mmio_read64(uintptr_t a)
{
    return *(volatile uint64_t *)a;
}

void rt_lock(volatile uint32_t *l);
void rt_unlock(volatile uint32_t *l);
void *rt_memset(void *d, int c, size_t n);
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);

#endif /* !__ASSEMBLER__ */
#endif
