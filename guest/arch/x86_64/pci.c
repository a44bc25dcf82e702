/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PCI on x86_64: configuration mechanism #1 (0xcf8 address, 0xcfc data),
 * the ECAM window of our pc machine (0xb0000000; probed, so machines
 * without it fall back to 0xcf8), and MSI messages for the local APIC.
 */
#include "arch/apic.h"
#include "pci.h"
#include "smp.h"
#include "spinlock.h"

#define PCI_ADDR            0xcf8
#define PCI_DATA            0xcfc
#define PC_ECAM_BASE        0xb0000000ULL

static Spinlock cf8_lock;

static uint32_t cf8_addr(unsigned bus, unsigned devfn, unsigned off)
{
    return BIT(31) | bus << 16 | devfn << 8 | (off & 0xfc);
}

static uint32_t cf8_read(unsigned bus, unsigned devfn, unsigned off,
                         int size)
{
    bool on = spin_lock_irqsave(&cf8_lock);
    uint16_t port = PCI_DATA + (off & 3);
    uint32_t v;

    outl(PCI_ADDR, cf8_addr(bus, devfn, off));
    v = size == 1 ? inb(port) : size == 2 ? inw(port) : inl(port);
    spin_unlock_irqrestore(&cf8_lock, on);
    return v;
}

static void cf8_write(unsigned bus, unsigned devfn, unsigned off, int size,
                      uint32_t v)
{
    bool on = spin_lock_irqsave(&cf8_lock);
    uint16_t port = PCI_DATA + (off & 3);

    outl(PCI_ADDR, cf8_addr(bus, devfn, off));
    if (size == 1) {
        outb(port, v);
    } else if (size == 2) {
        outw(port, v);
    } else {
        outl(port, v);
    }
    spin_unlock_irqrestore(&cf8_lock, on);
}

static const PciConfOps cf8_ops = { cf8_read, cf8_write };

const PciConfOps *arch_pci_legacy_ops(void)
{
    return &cf8_ops;
}

uint64_t arch_pci_ecam_base(void)
{
    return PC_ECAM_BASE;
}

void arch_msi_message(unsigned cpu, int vector, uint64_t *addr,
                      uint32_t *data)
{
    *addr = 0xfee00000 | (cpus[cpu].hwid & 0xff) << 12;
    *data = vector;                     /* fixed, edge */
    /* under Secure AVIC the device's vector must be in ALLOWED_IRR */
    apic_vector_setup(cpu, vector, APIC_VEC_ALLOW);
}
