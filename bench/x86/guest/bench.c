/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The x86 benchmark guest's workload, in 64-bit mode (see boot.S): a mix
 * like an ordinary kernel's, repeated "iters=N" times (from the Multiboot
 * command line, i.e. -append; default 1):
 *
 *   - integer ALU: a xorshift/multiply hash with a division every step;
 *   - memset/memcpy of 64 KiB with REP STOS/MOVS (as kernels do) and a
 *     byte-wise copy loop;
 *   - a recursive quicksort of 4096 integers, checked to be sorted;
 *   - a table-driven CRC-32 over 64 KiB;
 *   - function calls: a recursive Fibonacci number;
 *   - paging: 64 PTEs of a 4 KiB-page window remapped (rotated over 64
 *     physical pages) with INVLPG, every page touched, CR3 reloaded.
 *
 * It reads the TSC around the loop and prints "insns=<delta>" on COM1
 * (under -icount shift=0 the TSC of both our emulator and QEMU counts
 * guest instructions), then "sum=<checksum>", a second line with the
 * TSC spent in each step ("phases alu=... paging=..."), and leaves through
 * isa-debug-exit (port 0x501): 0 when every self-check passed (exit
 * status 1), 1 otherwise (exit status 3).
 */
#include <stddef.h>
#include <stdint.h>

#define COM1        0x3f8
#define DEBUG_EXIT  0x501
#define BUF_SIZE    65536
#define SORT_N      4096
#define WIN_PAGES   64
#define WIN_VA      0x40000000ul

extern uint64_t pt_win[512];
extern uint64_t pml4[512];

/* a 64-bit load from a byte buffer, without breaking aliasing rules */
typedef uint64_t __attribute__((may_alias)) u64_alias;

static uint8_t buf_a[BUF_SIZE] __attribute__((aligned(4096)));
static uint8_t buf_b[BUF_SIZE] __attribute__((aligned(4096)));
static uint64_t win_phys[WIN_PAGES * 512] __attribute__((aligned(4096)));
static int32_t sort_v[SORT_N];
static uint32_t crc_table[256];
static int failed;

/* TSC spent in each step of the loop (instructions under -icount) */
#define N_PHASES 6
static const char *const phase_name[N_PHASES] = {
    "alu", "mem", "sort", "crc", "calls", "paging",
};
static uint64_t phase_tsc[N_PHASES];

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;

    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static void putc_com1(char c)
{
    while (!(inb(COM1 + 5) & 0x20)) {
        /* wait for THRE */
    }
    outb(COM1, (uint8_t)c);
}

static void puts_com1(const char *s)
{
    while (*s) {
        putc_com1(*s++);
    }
}

static void putu_com1(uint64_t v)
{
    char b[24];
    int i = 0;

    do {
        b[i++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (i) {
        putc_com1(b[--i]);
    }
}

static void putx_com1(uint64_t v)
{
    for (int s = 60; s >= 0; s -= 4) {
        putc_com1("0123456789abcdef"[(v >> s) & 15]);
    }
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

/* gcc may emit calls to these even in freestanding code */
void *memset(void *d, int c, size_t n)
{
    void *r = d;

    __asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
    return r;
}

void *memcpy(void *d, const void *s, size_t n)
{
    void *r = d;

    __asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
    return r;
}

static void memcpy_q(void *d, const void *s, size_t n)
{
    n /= 8;
    __asm__ volatile("rep movsq" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
}

static void memset_q(void *d, uint64_t v, size_t n)
{
    n /= 8;
    __asm__ volatile("rep stosq" : "+D"(d), "+c"(n) : "a"(v) : "memory");
}

static __attribute__((noinline)) uint64_t alu_hash(uint64_t seed, int n)
{
    uint64_t x = seed | 1, acc = 0;

    for (int i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        acc += (x * 0x9e3779b97f4a7c15ull) >> 11;
        acc ^= (uint32_t)x / ((uint32_t)i | 3);
        acc = (acc << 5) | (acc >> 59);
    }
    return acc;
}

static __attribute__((noinline)) uint64_t mem_ops(uint64_t seed)
{
    uint64_t sum = 0;

    memset_q(buf_a, seed * 0x0101010101010101ull, BUF_SIZE);
    for (int i = 0; i < BUF_SIZE; i += 997) {
        buf_a[i] = (uint8_t)(i ^ seed);
    }
    memcpy_q(buf_b, buf_a, BUF_SIZE);
    memcpy(buf_a + 1, buf_b + 3, BUF_SIZE - 8);
    memset(buf_b + 5, (int)seed, 4000);
    /* a plain byte loop, as small copies in C compile to */
    for (int i = 0; i < 16384; i++) {
        buf_b[i + 32768] = buf_a[i + 7];
    }
    for (int i = 0; i < BUF_SIZE; i += 64) {
        sum += *(const u64_alias *)(buf_b + i) + buf_a[i + 1];
    }
    return sum;
}

static void quicksort(int32_t *v, int lo, int hi)
{
    while (lo < hi) {
        int32_t p = v[(lo + hi) / 2];
        int i = lo, j = hi;

        while (i <= j) {
            while (v[i] < p) {
                i++;
            }
            while (v[j] > p) {
                j--;
            }
            if (i <= j) {
                int32_t t = v[i];
                v[i] = v[j];
                v[j] = t;
                i++;
                j--;
            }
        }
        /* recurse into the smaller side, loop on the larger */
        if (j - lo < hi - i) {
            quicksort(v, lo, j);
            lo = i;
        } else {
            quicksort(v, i, hi);
            hi = j;
        }
    }
}

static __attribute__((noinline)) uint64_t sort_ops(uint64_t seed)
{
    uint32_t x = (uint32_t)seed | 1;
    uint64_t sum = 0;

    for (int i = 0; i < SORT_N; i++) {
        x = x * 1103515245u + 12345u;
        sort_v[i] = (int32_t)(x >> 1) - 0x20000000;
    }
    quicksort(sort_v, 0, SORT_N - 1);
    for (int i = 1; i < SORT_N; i++) {
        if (sort_v[i - 1] > sort_v[i]) {
            failed = 1;
        }
        sum = sum * 31 + (uint32_t)sort_v[i];
    }
    return sum;
}

static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;

        for (int k = 0; k < 8; k++) {
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        }
        crc_table[i] = c;
    }
}

static __attribute__((noinline)) uint32_t crc32(const uint8_t *p, size_t n)
{
    uint32_t c = 0xffffffffu;

    while (n--) {
        c = crc_table[(c ^ *p++) & 0xff] ^ (c >> 8);
    }
    return c ^ 0xffffffffu;
}

static __attribute__((noinline)) uint32_t fib(uint32_t n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static inline void invlpg(uintptr_t va)
{
    __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

static __attribute__((noinline)) uint64_t paging_ops(unsigned iter)
{
    volatile uint64_t *w = (volatile uint64_t *)WIN_VA;
    uintptr_t cr3;
    uint64_t sum = 0;

    for (unsigned i = 0; i < WIN_PAGES; i++) {
        unsigned pg = (i + iter) % WIN_PAGES;

        pt_win[i] = (uintptr_t)&win_phys[pg * 512] | 3;
        invlpg(WIN_VA + i * 4096ul);
    }
    for (unsigned i = 0; i < WIN_PAGES; i++) {
        for (unsigned k = 0; k < 512; k += 64) {
            w[i * 512 + k] += i + k;
            sum += w[i * 512 + k + 1];
        }
    }
    /* a full TLB flush, as a context switch does */
    __asm__ volatile("mov %%cr3, %0; mov %0, %%cr3" : "=r"(cr3) : : "memory");
    /* the same physical page seen through identity map and window */
    if (w[1] != ((volatile uint64_t *)win_phys)[(iter % WIN_PAGES) * 512
                                                + 1]) {
        failed = 1;
    }
    return sum;
}

static unsigned parse_iters(uint32_t mbi)
{
    const char *s;
    unsigned n = 1;

    if (!mbi || !(*(volatile uint32_t *)(uintptr_t)mbi & 4)) {
        return n;
    }
    s = (const char *)(uintptr_t)*(volatile uint32_t *)(uintptr_t)(mbi + 16);
    for (; *s; s++) {
        if (s[0] == 'i' && s[1] == 't' && s[2] == 'e' && s[3] == 'r' &&
            s[4] == 's' && s[5] == '=') {
            n = 0;
            for (s += 6; *s >= '0' && *s <= '9'; s++) {
                n = n * 10 + (unsigned)(*s - '0');
            }
            return n;
        }
    }
    return n;
}

void bench_main(uint32_t mbi);

void bench_main(uint32_t mbi)
{
    unsigned iters = parse_iters(mbi);
    uint64_t sum = 0, t0, t1;

    crc_init();
    for (unsigned i = 0; i < WIN_PAGES * 512; i++) {
        win_phys[i] = i * 0x9e3779b9ull;
    }
    t0 = rdtsc();
    for (unsigned it = 0; it < iters; it++) {
        uint64_t t = rdtsc(), u;

        sum += alu_hash(sum + it, 20000);
        u = rdtsc();
        phase_tsc[0] += u - t;
        sum += mem_ops(sum);
        t = rdtsc();
        phase_tsc[1] += t - u;
        sum += sort_ops(sum);
        u = rdtsc();
        phase_tsc[2] += u - t;
        sum += crc32(buf_a, BUF_SIZE);
        t = rdtsc();
        phase_tsc[3] += t - u;
        sum += fib(18);
        u = rdtsc();
        phase_tsc[4] += u - t;
        sum += paging_ops(it);
        phase_tsc[5] += rdtsc() - u;
    }
    t1 = rdtsc();
    puts_com1("iters=");
    putu_com1(iters);
    puts_com1(" insns=");
    putu_com1(t1 - t0);
    puts_com1(" sum=");
    putx_com1(sum);
    puts_com1(failed ? " FAIL\n" : " ok\n");
    puts_com1("phases");
    for (int i = 0; i < N_PHASES; i++) {
        putc_com1(' ');
        puts_com1(phase_name[i]);
        putc_com1('=');
        putu_com1(phase_tsc[i]);
    }
    putc_com1('\n');
    outb(DEBUG_EXIT, failed ? 1 : 0);
    for (;;) {
        __asm__ volatile("cli; hlt");
    }
}
