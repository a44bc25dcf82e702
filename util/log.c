/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The log: -d selects categories (qemu_loglevel), -D the destination.
 * Both are process-wide diagnostic state; everything else here is const.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/cutils.h"
#include "trace/control.h"
#include "trace-util.h"

typedef struct LogItem {
    int mask;
    const char *name;
    const char *help;
} LogItem;

/* The -d items, in the order "-d help" lists them. */
static const LogItem log_items[] = {
    { CPU_LOG_TB_OUT_ASM, "out_asm",
      "show generated host assembly code for each compiled TB" },
    { CPU_LOG_TB_IN_ASM, "in_asm",
      "show target assembly code for each compiled TB" },
    { CPU_LOG_TB_OP, "op",
      "show micro ops for each compiled TB" },
    { CPU_LOG_TB_OP_OPT, "op_opt",
      "show micro ops after optimization" },
    { CPU_LOG_TB_OP_IND, "op_ind",
      "show micro ops before indirect lowering" },
    { CPU_LOG_INT, "int",
      "show interrupts/exceptions in short format" },
    { CPU_LOG_EXEC, "exec",
      "show trace before each executed TB (lots of logs)" },
    { CPU_LOG_TB_CPU, "cpu",
      "show CPU registers before entering a TB (lots of logs)" },
    { CPU_LOG_TB_FPU, "fpu",
      "include FPU registers in the 'cpu' logging" },
    { CPU_LOG_MMU, "mmu",
      "log MMU-related activities" },
    { CPU_LOG_PCALL, "pcall",
      "x86 only: show protected mode far calls/returns/exceptions" },
    { CPU_LOG_RESET, "cpu_reset",
      "show CPU state before CPU resets" },
    { LOG_UNIMP, "unimp",
      "log unimplemented functionality" },
    { LOG_GUEST_ERROR, "guest_errors",
      "log when the guest OS does something invalid (eg accessing a\n"
      "non-existent register)" },
    { CPU_LOG_PAGE, "page",
      "dump pages at beginning of user mode emulation" },
    { CPU_LOG_TB_NOCHAIN, "nochain",
      "do not chain compiled TBs so that \"exec\" and \"cpu\" show\n"
      "complete traces" },
    { LOG_STRACE, "strace",
      "log every user-mode syscall, its input, and its result" },
};

int qemu_loglevel;
static FILE *logfile;           /* NULL: stderr */

static FILE *log_stream(void)
{
    return logfile ? logfile : stderr;
}

void qemu_log_vprintf(const char *fmt, va_list ap)
{
    vfprintf(log_stream(), fmt, ap);
}

void qemu_log(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    qemu_log_vprintf(fmt, ap);
    va_end(ap);
}

FILE *qemu_log_lock(void)
{
    FILE *f = log_stream();

    flockfile(f);
    return f;
}

void qemu_log_unlock(FILE *f)
{
    funlockfile(f);
}

static const LogItem *log_item_find(const char *name)
{
    size_t i;

    for (i = 0; i < ARRAY_SIZE(log_items); i++) {
        if (!strcmp(log_items[i].name, name)) {
            return &log_items[i];
        }
    }
    return NULL;
}

/* The mask of one -d item, or 0 if it is unknown. */
static int log_item_mask(const char *item)
{
    const LogItem *li;
    int mask = 0;
    size_t i;

    if (g_str_has_prefix(item, "trace:")) {
        if (is_help_option(item + 6)) {
            return 0;
        }
        trace_enable_pattern(item + 6);
        return LOG_TRACE;
    }
    if (!strcmp(item, "all")) {
        for (i = 0; i < ARRAY_SIZE(log_items); i++) {
            mask |= log_items[i].mask;
        }
        return mask;
    }
    li = log_item_find(item);
    return li ? li->mask : 0;
}

int qemu_str_to_log_mask(const char *items)
{
    g_auto(GStrv) parts = g_strsplit(items, ",", -1);
    int mask = 0;
    int m;
    size_t i;

    for (i = 0; parts[i]; i++) {
        m = log_item_mask(parts[i]);
        if (!m) {
            return 0;
        }
        mask |= m;
    }
    return mask;
}

bool qemu_log_is_trace_help(const char *items)
{
    g_auto(GStrv) parts = g_strsplit(items, ",", -1);
    size_t i;

    for (i = 0; parts[i]; i++) {
        if (g_str_has_prefix(parts[i], "trace:") &&
            is_help_option(parts[i] + 6)) {
            return true;
        }
    }
    return false;
}

void qemu_print_log_usage(FILE *f)
{
    size_t i;

    fprintf(f, "Log items (comma separated):\n");
    for (i = 0; i < ARRAY_SIZE(log_items); i++) {
        fprintf(f, "%-15s %s\n", log_items[i].name, log_items[i].help);
    }
    fprintf(f, "%-15s %s\n", "trace:PATTERN", "enable trace events");
    fprintf(f, "\nUse \"-d trace:help\" to get a list of trace events.\n\n");
}

void qemu_set_log(int mask)
{
    qemu_loglevel = mask;
}

/* Expand "%d" to the pid; any other '%' is an error. */
static char *log_expand_name(const char *filename, Error **errp)
{
    const char *pct = strchr(filename, '%');

    if (!pct) {
        return g_strdup(filename);
    }
    if (pct[1] != 'd' || strchr(pct + 2, '%')) {
        error_setg(errp, "Bad logfile format: %s", filename);
        return NULL;
    }
    return g_strdup_printf("%.*s%d%s", (int)(pct - filename), filename,
                           (int)getpid(), pct + 2);
}

bool qemu_set_log_filename(const char *filename, Error **errp)
{
    g_autofree char *name = NULL;
    FILE *f;

    if (!filename) {
        qemu_log_close();
        return true;
    }
    name = log_expand_name(filename, errp);
    if (!name) {
        return false;
    }
    f = fopen(name, "we");
    if (!f) {
        error_setg_errno(errp, errno, "Error opening logfile %s", name);
        return false;
    }
    setvbuf(f, NULL, _IOLBF, 0);
    qemu_log_close();
    logfile = f;
    trace_qemu_log_set_file(name);
    return true;
}

void qemu_log_flush(void)
{
    fflush(log_stream());
}

void qemu_log_close(void)
{
    if (logfile) {
        fclose(logfile);
        logfile = NULL;
    }
}
