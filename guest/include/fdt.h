/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A small reader for flattened device trees (the DTB a board passes to
 * an arm64 kernel): nodes are named by their offset in the structure
 * block; lookups by path, by compatible string and by property.  Values
 * are big-endian; fdt_cells() reads them.
 */
#ifndef GUEST_FDT_H
#define GUEST_FDT_H

#include "types.h"

/* The tree boot_parse_fdt() accepted (virtual address), or NULL. */
extern const void *boot_fdt;

bool fdt_check(const void *fdt);
/* Offset of the node at @path ("/", "/chosen", "/cpus"), or -1. */
int fdt_path(const void *fdt, const char *path);
/* The next node after @from (-1: from the start) with @compat, or -1. */
int fdt_next_compatible(const void *fdt, int from, const char *compat);
/* The first child of @node, the next sibling of @node; -1 if none. */
int fdt_first_child(const void *fdt, int node);
int fdt_next_sibling(const void *fdt, int node);
const char *fdt_name(const void *fdt, int node);
/* Property @name of @node, its length in *@len; NULL if absent. */
const void *fdt_prop(const void *fdt, int node, const char *name, int *len);
/* A property holding one 32-bit cell, else @dflt. */
uint32_t fdt_prop_u32(const void *fdt, int node, const char *name,
                      uint32_t dflt);
/* Whether string-list property @name of @node contains @s. */
bool fdt_prop_has(const void *fdt, int node, const char *name,
                  const char *s);
/* @n big-endian 32-bit cells at @p as one number. */
uint64_t fdt_cells(const void *p, int n);
/*
 * Entry @i of @node's "reg", with the #address-cells/#size-cells of
 * @parent; false if absent.
 */
bool fdt_reg(const void *fdt, int parent, int node, int i, uint64_t *addr,
             uint64_t *size);

#endif
