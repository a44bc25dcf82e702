/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * GVE (Google Virtual Ethernet, gVNIC) PCI NIC: the type name and the
 * type descriptor.  The device is described in hw/net/gve.c and
 * docs/gve.md; boards need nothing else.
 */
#ifndef HW_NET_GVE_H
#define HW_NET_GVE_H

#include "qom/object.h"

#define TYPE_GVE "gve"

typedef struct GVEState GVEState;

extern const TypeInfo gve_type_info;

#endif
