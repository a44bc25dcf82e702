/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Logging of guest and emulator events, selected with -d and sent to -D.
 *
 * The mask is process-wide diagnostic state (like the error context), read
 * on hot paths with qemu_loglevel_mask().  Guest mistakes are logged with
 * qemu_log_mask(LOG_GUEST_ERROR, ...) and emulation continues.
 */
#ifndef QEMU_LOG_H
#define QEMU_LOG_H

#define CPU_LOG_TB_OUT_ASM  (1 << 0)
#define CPU_LOG_TB_IN_ASM   (1 << 1)
#define CPU_LOG_TB_OP       (1 << 2)
#define CPU_LOG_INT         (1 << 4)
#define CPU_LOG_EXEC        (1 << 5)
#define CPU_LOG_PCALL       (1 << 6)
#define CPU_LOG_TB_CPU      (1 << 8)
#define CPU_LOG_RESET       (1 << 9)
#define LOG_UNIMP           (1 << 10)
#define LOG_GUEST_ERROR     (1 << 11)
#define CPU_LOG_MMU         (1 << 12)
#define CPU_LOG_TB_NOCHAIN  (1 << 13)
#define CPU_LOG_PAGE        (1 << 14)
#define LOG_TRACE           (1 << 15)   /* -trace output goes to the log */
#define LOG_STRACE          (1 << 19)

extern int qemu_loglevel;

static inline bool qemu_loglevel_mask(int mask)
{
    return (qemu_loglevel & mask) != 0;
}

/* Write to the log (stderr unless -D was given). */
void qemu_log(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
void qemu_log_vprintf(const char *fmt, va_list ap) G_GNUC_PRINTF(1, 0);

#define qemu_log_mask(mask, ...)            \
    do {                                    \
        if (unlikely(qemu_loglevel_mask(mask))) { \
            qemu_log(__VA_ARGS__);          \
        }                                   \
    } while (0)

/*
 * -d ITEMS: returns the mask, or 0 when ITEMS holds an unknown item or is
 * "help" (the caller then prints the usage and exits 1, like QEMU).
 */
int qemu_str_to_log_mask(const char *items);
void qemu_print_log_usage(FILE *f);
void qemu_set_log(int mask);
/* -D FILE.  NULL restores stderr. */
bool qemu_set_log_filename(const char *filename, Error **errp);
void qemu_log_flush(void);
void qemu_log_close(void);

#endif
