/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Instruction counting (-icount shift=N): the virtual clock advances by
 * 2^N ns per executed instruction, plus the time skipped while every vCPU
 * is idle (the "bias").
 */
#include "qemu/osdep.h"
#include "qemu/timer.h"
#include "clocks-internal.h"

int64_t icount_virtual_ns(QEMUClocks *c)
{
    ICountState *ic = &c->icount;

    return ((ic->insns + ic->inflight) << ic->shift) + ic->bias_ns;
}

void icount_rebase(QEMUClocks *c, int64_t now_ns)
{
    ICountState *ic = &c->icount;

    ic->bias_ns = now_ns - ((ic->insns + ic->inflight) << ic->shift);
}

static bool icount_parse_shift(const char *shift, int *out, Error **errp)
{
    char *end;
    long v;

    if (!shift || !*shift) {
        error_setg(errp, "icount: shift must be given");
        return false;
    }
    if (!strcmp(shift, "auto")) {
        error_setg(errp, "icount: shift=auto is not supported");
        error_append_hint(errp, "Use shift=N with N from 0 to %d.\n",
                          ICOUNT_MAX_SHIFT);
        return false;
    }
    errno = 0;
    v = strtol(shift, &end, 10);
    if (errno || *end || end == shift) {
        error_setg(errp, "Parameter 'shift' expects a number");
        return false;
    }
    if (v < 0 || v > ICOUNT_MAX_SHIFT) {
        error_setg(errp, "icount: shift=%ld is out of range (0 to %d)", v,
                   ICOUNT_MAX_SHIFT);
        return false;
    }
    *out = (int)v;
    return true;
}

bool icount_configure(QEMUClocks *c, const char *shift, bool sleep,
                      Error **errp)
{
    int64_t now = qemu_clock_get_ns(c, QEMU_CLOCK_VIRTUAL);
    int n;

    if (!icount_parse_shift(shift, &n, errp)) {
        return false;
    }
    c->icount.shift = n;
    c->icount.sleep = sleep;
    c->mode = VIRTUAL_CLOCK_ICOUNT;
    icount_rebase(c, now);
    return true;
}

int icount_get_shift(QEMUClocks *c)
{
    return c->icount.shift;
}

int64_t icount_get(QEMUClocks *c)
{
    return c->icount.insns;
}

void icount_add(QEMUClocks *c, int64_t insns)
{
    g_assert(insns >= 0);
    c->icount.insns += insns;
    c->icount.inflight = 0;
}

void icount_set_inflight(QEMUClocks *c, int64_t insns)
{
    g_assert(insns >= 0);
    c->icount.inflight = insns;
}

int64_t icount_insns_until(QEMUClocks *c, int64_t deadline_ns)
{
    int64_t rem;
    int shift = c->icount.shift;

    if (deadline_ns < 0) {
        return INT64_MAX;
    }
    rem = deadline_ns - icount_virtual_ns(c);
    if (rem <= 0) {
        return 0;
    }
    return (rem >> shift) + ((rem & ((1LL << shift) - 1)) != 0);
}

void icount_idle_warp(QEMUClocks *c, int64_t host_ns)
{
    int64_t next, gap;

    if (c->mode != VIRTUAL_CLOCK_ICOUNT || !c->vm_running) {
        return;
    }
    next = qemu_clock_next_expire_ns(c, QEMU_CLOCK_VIRTUAL);
    if (next < 0) {
        return;
    }
    gap = next - icount_virtual_ns(c);
    if (gap <= 0) {
        return;
    }
    if (c->icount.sleep) {
        gap = MIN(gap, MAX(host_ns, 0));
    }
    c->icount.bias_ns += gap;
}
