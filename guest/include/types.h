/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Basic types and helpers of the guest kernel.  Only the compiler's
 * freestanding headers are used; there is no C library.
 */
#ifndef GUEST_TYPES_H
#define GUEST_TYPES_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a)       (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a)      (((x) + (a) - 1) & ~((uint64_t)(a) - 1))
#define ALIGN_DOWN(x, a)    ((x) & ~((uint64_t)(a) - 1))
#define MIN(a, b)           ((a) < (b) ? (a) : (b))
#define MAX(a, b)           ((a) > (b) ? (a) : (b))
#define BIT(n)              (1ULL << (n))
#define likely(x)           __builtin_expect(!!(x), 1)
#define unlikely(x)         __builtin_expect(!!(x), 0)
#define container_of(p, type, member) \
    ((type *)((char *)(p) - offsetof(type, member)))

#define __noreturn          __attribute__((noreturn))
#define __packed            __attribute__((packed))
#define __aligned(n)        __attribute__((aligned(n)))
#define __section(s)        __attribute__((section(s)))
#define __printf(a, b)      __attribute__((format(printf, a, b)))
#define __used              __attribute__((used))

#define READ_ONCE(x)        (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v)    (*(volatile __typeof__(x) *)&(x) = (v))
#define barrier()           __asm__ volatile("" ::: "memory")

#define KiB                 (1UL << 10)
#define MiB                 (1UL << 20)
#define GiB                 (1UL << 30)

#endif
