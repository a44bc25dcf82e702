/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest kernel's small C library: strings, formatting, console
 * output, panic.
 */
#ifndef GUEST_LIB_H
#define GUEST_LIB_H

#include "types.h"

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
size_t strlcpy(char *dst, const char *src, size_t size);
uint64_t strtoull(const char *s, const char **end, int base);

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int printf(const char *fmt, ...) __printf(1, 2);

/* Print @s atomically with respect to other CPUs' output. */
void console_write(const char *s, size_t len);

/* From now on, write without the lock (a fatal error is being reported). */
void console_emergency(void);
__noreturn void panic(const char *fmt, ...) __printf(1, 2);

#define BUG_ON(cond) \
    do { \
        if (unlikely(cond)) { \
            panic("BUG_ON(%s) at %s:%d", #cond, __FILE__, __LINE__); \
        } \
    } while (0)

#endif
