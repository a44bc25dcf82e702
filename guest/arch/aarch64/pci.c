/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PCI on aarch64: no legacy configuration mechanism, only the ECAM of the
 * generic host bridge named by the device tree; I/O space is a window of
 * memory (pci_io_window); MSIs go to the ITS's GITS_TRANSLATER.
 */
#include "pci.h"
#include "mm.h"
#include "smp.h"
#include "arch/platform.h"

#define GITS_TRANSLATER     0x10040

volatile uint8_t *pci_io_window;

const PciConfOps *arch_pci_legacy_ops(void)
{
    return NULL;
}

uint64_t arch_pci_ecam_base(void)
{
    if (plat.ecam && !pci_io_window && plat.pio_size) {
        pci_io_window = ioremap(plat.pio_base, plat.pio_size);
    }
    return plat.ecam;
}

void arch_pci_windows(uint64_t *mem, uint64_t *mem_end, uint32_t *io,
                      uint32_t *io_end)
{
    *mem = plat.mem32;
    *mem_end = plat.mem32 + plat.mem32_size;
    *io = 0x1000;
    *io_end = MIN(plat.pio_size, 0x10000);
}

/*
 * The ITS translates (device ID, event ID) to an LPI; the event ID is
 * the vector (arch_msi_map in its.c maps it first).
 */
void arch_msi_message(unsigned cpu, int vector, uint64_t *addr,
                      uint32_t *data)
{
    *addr = plat.gits ? plat.gits + GITS_TRANSLATER : 0;
    *data = vector;
}
