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
#define CPU_LOG_TB_OP_OPT   (1 << 3)
#define CPU_LOG_INT         (1 << 4)
#define CPU_LOG_EXEC        (1 << 5)
#define CPU_LOG_PCALL       (1 << 6)
#define CPU_LOG_TB_FPU      (1 << 7)
#define CPU_LOG_TB_CPU      (1 << 8)
#define CPU_LOG_RESET       (1 << 9)
#define LOG_UNIMP           (1 << 10)
#define LOG_GUEST_ERROR     (1 << 11)
#define CPU_LOG_MMU         (1 << 12)
#define CPU_LOG_TB_NOCHAIN  (1 << 13)
#define CPU_LOG_PAGE        (1 << 14)
#define LOG_TRACE           (1 << 15)   /* -trace output goes to the log */
#define CPU_LOG_TB_OP_IND   (1 << 16)
#define CPU_LOG_PLUGIN      (1 << 18)
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
 * Lock the log stream for a multi-line dump (register state, disassembly):
 * returns the stream to fprintf() to; every call must be paired with
 * qemu_log_unlock().
 */
FILE *qemu_log_lock(void);
void qemu_log_unlock(FILE *f);

/*
 * -d ITEMS: returns the mask, or 0 when ITEMS holds an unknown item or is
 * "help" (the caller then prints the usage and exits 1, like QEMU).
 * "trace:PATTERN" enables the matching trace events (trace_enable_pattern)
 * and adds LOG_TRACE to the mask.  "trace:help" counts as unknown here:
 * test qemu_log_is_trace_help() first to list the events and exit 0.
 */
int qemu_str_to_log_mask(const char *items);
bool qemu_log_is_trace_help(const char *items);
void qemu_print_log_usage(FILE *f);
void qemu_set_log(int mask);
/*
 * -D FILE: opened (truncated) at once; "Error opening logfile FILE: ERR".
 * A "%d" in FILE is replaced by the process id.  NULL restores stderr.
 */
bool qemu_set_log_filename(const char *filename, Error **errp);
void qemu_log_flush(void);
void qemu_log_close(void);

#endif
