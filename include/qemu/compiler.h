/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Compiler helpers shared by every file (included by osdep.h). */
#ifndef QEMU_COMPILER_H
#define QEMU_COMPILER_H

#define QEMU_PACKED             __attribute__((packed))
#define QEMU_ALWAYS_INLINE      inline __attribute__((always_inline))
#define QEMU_NOINLINE           __attribute__((noinline))
#define QEMU_WARN_UNUSED_RESULT __attribute__((warn_unused_result))
#define QEMU_NORETURN           __attribute__((noreturn))

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#ifndef container_of
#define container_of(ptr, type, member) \
    ((type *)((char *)(ptr) - offsetof(type, member)))
#endif

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))
#endif

#define QEMU_BUILD_BUG_ON(x) _Static_assert(!(x), "build bug: " #x)

#endif
