/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Semihosting exit status: built several times with EXIT_MODE; the runner
 * checks the emulator's exit status.  0: two passing points, status 0;
 * 1: one failing point, status 1 (the TAP failure count); 2:
 * SYS_EXIT_EXTENDED with 42; 3: SYS_EXIT with ADP_Stopped_ApplicationExit
 * and 7 (AArch64 passes a parameter block); 4: SYS_EXIT with
 * ADP_Stopped_RunTimeError, status 1; 5: PSCI SYSTEM_RESET (with
 * -no-reboot the emulator exits, status 0).
 */

void test_main(void)
{
    uint64_t block[2];

    switch (EXIT_MODE) {
    case 0:
        ok(true, "passing point 1");
        ok(current_el() >= 1, "running at EL%u", current_el());
        return;
    case 1:
        ok(false, "failing point (expected: status 1)");
        return;
    case 2:
        rt_printf("# SYS_EXIT_EXTENDED 42\n");
        rt_exit(42);
    case 3:
        block[0] = ADP_STOPPED_APP_EXIT;
        block[1] = 7;
        rt_printf("# SYS_EXIT ApplicationExit 7\n");
        semi_call(SEMI_SYS_EXIT, block);
        break;
    case 4:
        block[0] = ADP_STOPPED_RUNTIME_ERR;
        block[1] = 0;
        rt_printf("# SYS_EXIT RunTimeError\n");
        semi_call(SEMI_SYS_EXIT, block);
        break;
    case 5:
        rt_printf("# PSCI SYSTEM_RESET\n");
        psci_call(0x84000009u, 0, 0, 0);
        break;
    }
    rt_bail("semihosting exit returned");
}
