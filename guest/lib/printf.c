/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Formatted output: a vsnprintf for the conversions the kernel uses
 * (%d %i %u %x %X %p %s %c %%, flags '-' and '0', a width, a precision
 * for %s (".N" or ".*"), and the length modifiers l, ll, z).
 */
#include "lib.h"

typedef struct Out {
    char *buf;
    size_t size;
    size_t len;
} Out;

typedef struct Spec {
    bool left;
    char pad;
    int width;
    int prec;                   /* %s only; -1: none */
} Spec;

static void out_char(Out *o, char c)
{
    if (o->len + 1 < o->size) {
        o->buf[o->len] = c;
    }
    o->len++;
}

static void out_str(Out *o, const char *s, size_t n, const Spec *sp)
{
    int fill = sp->width > (int)n ? sp->width - (int)n : 0;

    while (!sp->left && fill-- > 0) {
        out_char(o, sp->pad);
    }
    while (n--) {
        out_char(o, *s++);
    }
    while (sp->left && fill-- > 0) {
        out_char(o, ' ');
    }
}

static void out_num(Out *o, uint64_t v, int base, bool neg, bool upper,
                    Spec *sp)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int i = sizeof(tmp);

    do {
        tmp[--i] = digits[v % base];
        v /= base;
    } while (v);
    if (neg && sp->pad == '0') {
        out_char(o, '-');
        sp->width--;
    } else if (neg) {
        tmp[--i] = '-';
    }
    out_str(o, tmp + i, sizeof(tmp) - i, sp);
}

/* Parse flags, width, precision at *@fmt; returns the length modifier. */
static int parse_spec(const char **fmt, Spec *sp, va_list *ap)
{
    const char *f = *fmt;
    int lng = 0;

    sp->left = false;
    sp->pad = ' ';
    sp->width = 0;
    sp->prec = -1;
    for (; *f == '-' || *f == '0'; f++) {
        if (*f == '-') {
            sp->left = true;
        } else {
            sp->pad = '0';
        }
    }
    for (; *f >= '0' && *f <= '9'; f++) {
        sp->width = sp->width * 10 + (*f - '0');
    }
    if (*f == '.' && f[1] == '*') {
        sp->prec = va_arg(*ap, int);
        f += 2;
    } else if (*f == '.') {
        for (sp->prec = 0, f++; *f >= '0' && *f <= '9'; f++) {
            sp->prec = sp->prec * 10 + (*f - '0');
        }
    }
    for (; *f == 'l' || *f == 'z'; f++) {
        lng += *f == 'z' ? 2 : 1;
    }
    *fmt = f;
    return lng;
}

static uint64_t get_unsigned(va_list *ap, int lng)
{
    return lng ? va_arg(*ap, uint64_t) : va_arg(*ap, unsigned int);
}

static void format_one(Out *o, char conv, int lng, Spec *sp, va_list *ap)
{
    const char *s;
    int64_t sv;
    char c;

    switch (conv) {
    case 'd':
    case 'i':
        sv = lng ? va_arg(*ap, int64_t) : va_arg(*ap, int);
        out_num(o, sv < 0 ? -(uint64_t)sv : (uint64_t)sv, 10, sv < 0,
                false, sp);
        break;
    case 'u':
        out_num(o, get_unsigned(ap, lng), 10, false, false, sp);
        break;
    case 'x':
    case 'X':
        out_num(o, get_unsigned(ap, lng), 16, false, conv == 'X', sp);
        break;
    case 'p':
        out_str(o, "0x", 2, &(Spec){ .pad = ' ' });
        sp->pad = '0';
        sp->width = 16;
        out_num(o, (uintptr_t)va_arg(*ap, void *), 16, false, false, sp);
        break;
    case 's':
        s = va_arg(*ap, const char *);
        s = s ? s : "(null)";
        out_str(o, s, sp->prec >= 0 ? strnlen(s, sp->prec) : strlen(s), sp);
        break;
    case 'c':
        c = (char)va_arg(*ap, int);
        out_str(o, &c, 1, sp);
        break;
    default:
        out_char(o, '%');
        out_char(o, conv);
        break;
    }
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    Out o = { .buf = buf, .size = size };
    va_list aq;
    Spec sp;
    int lng;

    va_copy(aq, ap);
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            out_char(&o, *fmt);
            continue;
        }
        fmt++;
        if (*fmt == '%') {
            out_char(&o, '%');
            continue;
        }
        lng = parse_spec(&fmt, &sp, &aq);
        if (!*fmt) {
            break;
        }
        format_one(&o, *fmt, lng, &sp, &aq);
    }
    va_end(aq);
    if (size) {
        buf[MIN(o.len, size - 1)] = '\0';
    }
    return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

int printf(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    console_write(buf, MIN((size_t)n, sizeof(buf) - 1));
    return n;
}
