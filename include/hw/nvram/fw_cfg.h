/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fw_cfg: QEMU's firmware configuration interface.
 *
 * A guest selects a 16-bit key and reads the item's bytes sequentially,
 * or uses the DMA interface: it writes the guest-physical address of a
 * big-endian FWCfgDmaAccess { u32 control; u32 length; u64 address; } to
 * the DMA register, and the device performs select/read/skip/write and
 * writes control back (0 on success, FW_CFG_DMA_CTL_ERROR on failure).
 *
 * Two front ends share the core:
 *  - "fw_cfg_io" (x86): selector at iobase (16-bit write), data at
 *    iobase + 1 (byte reads), DMA address at dma_iobase (big-endian; a
 *    32-bit write to +0 sets the high half, a 32-bit write to +4 the low
 *    half and starts; a 64-bit write to +0 starts).  Reading the DMA
 *    register returns the signature "QEMU CFG".
 *  - "fw_cfg_mem" (Arm virt): data at base (up to data_width bytes per
 *    read, big-endian string order), selector at base + 8 (16-bit BE),
 *    DMA at base + 16.
 *
 * Items are copied when added.  Files live under keys 0x20.. and are
 * listed, sorted by name, in the directory at FW_CFG_FILE_DIR: a BE32
 * count followed by { BE32 size; BE16 select; u16 reserved; name[56] }.
 */
#ifndef HW_NVRAM_FW_CFG_H
#define HW_NVRAM_FW_CFG_H

#include "hw/core/sysbus.h"
#include "hw/core/machine.h"
#include "system/memory.h"

#define TYPE_FW_CFG     "fw_cfg"
#define TYPE_FW_CFG_IO  "fw_cfg_io"
#define TYPE_FW_CFG_MEM "fw_cfg_mem"

/* Keys */
#define FW_CFG_SIGNATURE        0x00
#define FW_CFG_ID               0x01
#define FW_CFG_UUID             0x02
#define FW_CFG_RAM_SIZE         0x03
#define FW_CFG_NOGRAPHIC        0x04
#define FW_CFG_NB_CPUS          0x05
#define FW_CFG_MACHINE_ID       0x06
#define FW_CFG_KERNEL_ADDR      0x07
#define FW_CFG_KERNEL_SIZE      0x08
#define FW_CFG_KERNEL_CMDLINE   0x09
#define FW_CFG_INITRD_ADDR      0x0a
#define FW_CFG_INITRD_SIZE      0x0b
#define FW_CFG_BOOT_DEVICE      0x0c
#define FW_CFG_NUMA             0x0d
#define FW_CFG_BOOT_MENU        0x0e
#define FW_CFG_MAX_CPUS         0x0f
#define FW_CFG_KERNEL_ENTRY     0x10
#define FW_CFG_KERNEL_DATA      0x11
#define FW_CFG_INITRD_DATA      0x12
#define FW_CFG_CMDLINE_ADDR     0x13
#define FW_CFG_CMDLINE_SIZE     0x14
#define FW_CFG_CMDLINE_DATA     0x15
#define FW_CFG_SETUP_ADDR       0x16
#define FW_CFG_SETUP_SIZE       0x17
#define FW_CFG_SETUP_DATA       0x18
#define FW_CFG_FILE_DIR         0x19
#define FW_CFG_FILE_FIRST       0x20
#define FW_CFG_FILE_SLOTS       0x20
#define FW_CFG_MAX_ENTRY        (FW_CFG_FILE_FIRST + FW_CFG_FILE_SLOTS)
#define FW_CFG_WRITE_CHANNEL    0x4000
#define FW_CFG_ARCH_LOCAL       0x8000
#define FW_CFG_ENTRY_MASK       (~(FW_CFG_WRITE_CHANNEL | FW_CFG_ARCH_LOCAL))
#define FW_CFG_INVALID          0xffff

#define FW_CFG_VERSION          0x01
#define FW_CFG_VERSION_DMA      0x02

#define FW_CFG_DMA_CTL_ERROR    0x01
#define FW_CFG_DMA_CTL_READ     0x02
#define FW_CFG_DMA_CTL_SKIP     0x04
#define FW_CFG_DMA_CTL_SELECT   0x08
#define FW_CFG_DMA_CTL_WRITE    0x10
#define FW_CFG_DMA_SIGNATURE    0x51454d5520434647ULL   /* "QEMU CFG" */

#define FW_CFG_MAX_FILE_PATH    56
#define FW_CFG_FILE_ENTRY_SIZE  64
#define FW_CFG_IO_BASE          0x510
#define FW_CFG_IO_DMA_BASE      0x514

typedef struct FWCfgEntry {
    uint8_t *data;
    uint32_t len;
    bool allow_write;           /* DMA writes accepted (files only) */
} FWCfgEntry;

typedef struct FWCfgState {
    SysBusDevice parent_obj;

    /* Properties */
    bool dma_enabled;
    uint32_t iobase;            /* fw_cfg_io */
    uint32_t dma_iobase;        /* fw_cfg_io */
    uint32_t data_width;        /* fw_cfg_mem: 1, 2, 4 or 8 */

    FWCfgEntry entries[2][FW_CFG_MAX_ENTRY];    /* [arch-local][key] */
    uint8_t *files;             /* the FILE_DIR item */
    uint32_t file_count;
    uint16_t cur_entry;
    uint32_t cur_offset;
    uint64_t dma_addr;
    AddressSpace *dma_as;

    MemoryRegion comb_mr;       /* io: selector + data */
    MemoryRegion ctl_mr;        /* mem: selector */
    MemoryRegion data_mr;       /* mem: data */
    MemoryRegion dma_mr;
    MemoryRegionOps data_ops;   /* mem: valid width is data_width */
} FWCfgState;

#define FW_CFG(obj) OBJECT_CHECK(FWCfgState, (obj), TYPE_FW_CFG)

extern const TypeInfo fw_cfg_type_info;
extern const TypeInfo fw_cfg_io_type_info;
extern const TypeInfo fw_cfg_mem_type_info;

/*
 * Create /machine/fw_cfg as fw_cfg_io with its ports in ms->io_memory
 * (dma_iobase 0: no DMA interface).  DMA goes to @dma_as.
 */
FWCfgState *fw_cfg_init_io_dma(MachineState *ms, uint32_t iobase,
                               uint32_t dma_iobase, AddressSpace *dma_as,
                               Error **errp);
/* Same as fw_cfg_mem in ms->system_memory (dma_addr 0: no DMA). */
FWCfgState *fw_cfg_init_mem_wide(MachineState *ms, hwaddr ctl_addr,
                                 hwaddr data_addr, uint32_t data_width,
                                 hwaddr dma_addr, AddressSpace *dma_as,
                                 Error **errp);

/* Add or replace item @key (copied).  Integers are stored little-endian. */
void fw_cfg_add_bytes(FWCfgState *s, uint16_t key, const void *data,
                      size_t len);
void fw_cfg_add_string(FWCfgState *s, uint16_t key, const char *value);
void fw_cfg_add_i16(FWCfgState *s, uint16_t key, uint16_t value);
void fw_cfg_add_i32(FWCfgState *s, uint16_t key, uint32_t value);
void fw_cfg_add_i64(FWCfgState *s, uint16_t key, uint64_t value);
/*
 * Add a named file (copied), read-only or DMA-writable.  A duplicate name,
 * a name too long or no free slot is a board error.
 */
bool fw_cfg_add_file(FWCfgState *s, const char *name, const void *data,
                     size_t len, bool writable, Error **errp);
/* The data of item @key (NULL if absent), e.g. after a guest write. */
const void *fw_cfg_get_item(FWCfgState *s, uint16_t key, size_t *len);

/* RAM size (i64), CPU count and max CPUs (i16) from @ms. */
void fw_cfg_add_machine_items(FWCfgState *s, MachineState *ms);

#endif
