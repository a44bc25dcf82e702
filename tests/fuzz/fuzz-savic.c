/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz Secure AVIC (target/i386/savic.c): what a guest controls is the
 * control MSR, the x2APIC MSRs and its backing page; what the hypervisor
 * does is request vectors and NMIs.  Input: 11-byte records
 *
 *   op(1) msr-or-offset(2, LE) value(8, LE)
 *
 * ops: 0 control MSR write, 1 x2APIC read, 2 x2APIC write, 3 page poke
 * (32-bit store at offset & 0xffc of the current page), 4 request vector,
 * 5 request NMI, 6 kick, 7 entry + deliver everything deliverable.
 * Invariants: a delivered vector was pending by priority; the count of
 * delivered vectors never exceeds merged + self-sent ones.
 */
#include "qemu/osdep.h"
#include "target/i386/savic.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define RAM_SIZE 0x4000
#define REC 11

static void fuzz_deliver(SavicCPU *s)
{
    int v;

    savic_enter(s);
    savic_take_nmi(s);
    for (int n = 0; n < 300 && (v = savic_pending_vector(s)) >= 0; n++) {
        g_assert(v >= 0 && v < 256);
        savic_accept(s, v);
    }
}

static void fuzz_op(SavicCPU *s, uint8_t *host, uint8_t op, uint16_t a,
                    uint64_t val)
{
    uint64_t out;

    switch (op % 8) {
    case 0:
        savic_ctrl_write(s, val & 0xffffffffffffull);
        break;
    case 1:
        savic_msr_read(s, 0x800 + (a & 0xff), &out);
        break;
    case 2:
        savic_msr_write(s, 0x800 + (a & 0xff), val);
        break;
    case 3:
        if (savic_enabled(s)) {
            uint64_t page = s->ctrl & SAVIC_CTRL_GPA_MASK;

            g_assert(page + 4096 <= RAM_SIZE);
            memcpy(host + page + (a & 0xffc), &val, 4);
        }
        break;
    case 4:
        savic_request_irr(s, val);
        break;
    case 5:
        savic_request_nmi(s);
        break;
    case 6:
        savic_kick(s);
        break;
    default:
        fuzz_deliver(s);
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    MemoryRegion sys, ram;
    AddressSpace as;
    uint8_t *host = g_malloc0(RAM_SIZE);
    SavicCPU s;

    memory_region_init(&sys, NULL, "sys", UINT64_MAX);
    memory_region_init_ram_ptr(&ram, NULL, "ram", RAM_SIZE, host);
    memory_region_add_subregion(&sys, 0, &ram);
    address_space_init(&as, &sys, "fuzz");
    savic_cpu_init(&s, &as, 0, true);
    for (size_t i = 0; i + REC <= size; i += REC) {
        uint64_t val;

        memcpy(&val, data + i + 3, 8);
        fuzz_op(&s, host, data[i], data[i + 1] | (data[i + 2] << 8), val);
    }
    address_space_destroy(&as);
    memory_region_finalize(&sys);
    memory_region_finalize(&ram);
    g_free(host);
    return 0;
}
