/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The PCI drivers, in probe order; add new drivers here. */
#include "pci.h"
#include "pci-testdev.h"
#include "gve.h"
#include "devmem.h"

const PciDriver *const pci_drivers[] = {
    &pci_testdev_driver,
    &gve_driver,
    &devmem_driver,
    NULL,
};
