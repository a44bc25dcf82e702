/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Registration of every type the system binary contains. */
#ifndef SYSTEM_TYPE_LIST_H
#define SYSTEM_TYPE_LIST_H

/* Build and freeze the type registry (once, at start-up). */
void type_list_register_all(void);

#endif
