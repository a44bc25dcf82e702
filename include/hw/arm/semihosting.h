/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Arm semihosting for A64 guests (hw/arm/semihosting.c): the calls a
 * bare-metal program makes with HLT #0xf000, operation in w0, parameter
 * in x1, result in x0.  Enabled with -semihosting or
 * -semihosting-config enable=on[,target=native].
 */
#ifndef HW_ARM_SEMIHOSTING_H
#define HW_ARM_SEMIHOSTING_H

#include "hw/core/machine.h"

struct ARMCPU;

/* Operation numbers (Arm "Semihosting for AArch32 and AArch64"). */
#define ARM_SEMI_OPEN           0x01
#define ARM_SEMI_CLOSE          0x02
#define ARM_SEMI_WRITEC         0x03
#define ARM_SEMI_WRITE0         0x04
#define ARM_SEMI_WRITE          0x05
#define ARM_SEMI_ISTTY          0x09
#define ARM_SEMI_ERRNO          0x13
#define ARM_SEMI_HEAPINFO       0x16
#define ARM_SEMI_EXIT           0x18
#define ARM_SEMI_EXIT_EXTENDED  0x20

#define ARM_SEMI_APPLICATION_EXIT 0x20026   /* ADP_Stopped_ApplicationExit */

/*
 * Where SYS_HEAPINFO says the heap and stack are, and where console
 * output goes (NULL: stdout/stderr of the process).
 */
typedef struct ArmSemiConfig {
    uint64_t heap_base, heap_limit;
    uint64_t stack_base, stack_limit;
    FILE *out, *err;
    /* Set by SYS_EXIT / SYS_EXIT_EXTENDED. */
    bool exited;
    int exit_status;
} ArmSemiConfig;

/*
 * Run the call @cpu is making (x0/x1 read, x0 written).  Guest pointers
 * that do not translate give an error result, never a crash.  SYS_EXIT
 * records the status in @cfg, stops the CPU and (with @ms) asks the
 * machine to exit with it.  Returns true (handled).
 */
bool arm_semihosting_call(MachineState *ms, struct ARMCPU *cpu,
                          ArmSemiConfig *cfg);

#endif
