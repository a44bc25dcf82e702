/* SPDX-License-Identifier: GPL-2.0-or-later */
/* -version and -help text. */
#include "qemu/osdep.h"
#include "system/vl.h"
#include "config-host.h"

void vl_print_version(void)
{
    printf("QEMU emulator version " QEMU_COMPAT_VERSION " ("
           QEMU_PKGVERSION ")\n"
           "Copyright (c) 2026 the qemu-cr developers; clean-room, "
           "QEMU-compatible\n");
}

typedef struct HelpEntry {
    const char *section;        /* non-NULL starts a section */
    const char *synopsis;
    const char *desc;
} HelpEntry;

static const HelpEntry help_entries[] = {
    { "Standard options", "-h or -help", "display this help and exit" },
    { NULL, "-version", "display version information and exit" },
    { NULL, "-target NAME", "select the target (default: from the program "
      "name, qemu-system-NAME)" },
    { NULL, "-machine [type=]name[,prop[=value][,...]]",
      "selects emulated machine ('-machine help' for list)" },
    { NULL, "-M", "same as -machine" },
    { NULL, "-accel [accel=]accelerator[,prop[=value][,...]]",
      "select accelerator ('-accel help' for list); repeat to give a "
      "fallback list" },
    { NULL, "-cpu cpu", "select CPU ('-cpu help' for list)" },
    { NULL, "-smp [[cpus=]n][,maxcpus=maxcpus][,sockets=sockets]"
      "[,dies=dies][,clusters=clusters][,cores=cores][,threads=threads]",
      "set the number of initial CPUs and the topology" },
    { NULL, "-m [size=]megs[,slots=n,maxmem=size]",
      "configure guest RAM (a bare number is MiB)" },
    { NULL, "-name [guest=]name", "set the name of the guest" },
    { "Devices and objects", "-device driver[,prop[=value][,...]]",
      "add device driver ('-device help', '-device driver,help')" },
    { NULL, "-global driver.prop=value", "set a default value of a driver's "
      "property" },
    { NULL, "-object TYPENAME[,PROP1=VALUE1,...]",
      "create a new object of type TYPENAME ('-object help')" },
    { NULL, "-netdev type,id=str[,...]", "configure a network backend" },
    { NULL, "-nic type[,model=name][,mac=addr][,...]",
      "a network backend and a NIC connected to it" },
    { "Character devices", "-chardev backend,id=id[,...]",
      "create a character backend ('-chardev help')" },
    { NULL, "-serial dev", "redirect the next serial port to char device "
      "'dev'" },
    { NULL, "-monitor dev", "redirect the HMP monitor to char device 'dev'" },
    { NULL, "-qmp dev", "like -monitor but opens in 'control' mode" },
    { NULL, "-qmp-pretty dev", "like -qmp but uses pretty JSON formatting" },
    { NULL, "-mon [chardev=]name[,mode=readline|control][,pretty=on|off]",
      "attach a monitor to a chardev" },
    { "Display", "-display none", "no display (the only one available)" },
    { NULL, "-nographic", "disable graphical output; serial port and monitor "
      "share stdio" },
    { NULL, "-nodefaults", "don't create default devices" },
    { NULL, "-audio none", "no audio (accepted for compatibility)" },
    { "Boot", "-kernel bzImage", "use 'bzImage' as kernel image" },
    { NULL, "-append cmdline", "use 'cmdline' as kernel command line" },
    { NULL, "-initrd file", "use 'file' as initial ram disk" },
    { NULL, "-dtb file", "use 'file' as device tree image" },
    { "Debug and control", "-S", "freeze CPU at startup (use 'cont' to "
      "start)" },
    { NULL, "-d item1,...", "enable logging of specified items ('-d help' "
      "for a list)" },
    { NULL, "-D logfile", "output log to logfile (default stderr)" },
    { NULL, "-trace [[enable=]pattern][,events=file][,file=file]",
      "specify tracing options ('-trace help' lists events)" },
    { NULL, "-icount [shift=N][,sleep=on|off]",
      "virtual time advances 2^N ns per executed instruction" },
    { NULL, "-qtest dev", "enable the qtest protocol server on 'dev'" },
    { NULL, "-qtest-log file", "log qtest traffic to 'file' ('none': off)" },
    { NULL, "-no-reboot", "exit instead of rebooting" },
    { NULL, "-no-shutdown", "stop before shutdown" },
    { NULL, "-run-with exit-with-parent=on|off",
      "exit when the parent process exits" },
};

void vl_print_help(const char *prog)
{
    vl_print_version();
    printf("\nusage: %s [options]\n", prog);
    for (size_t i = 0; i < ARRAY_SIZE(help_entries); i++) {
        const HelpEntry *e = &help_entries[i];

        if (e->section) {
            printf("\n%s:\n", e->section);
        }
        if (strlen(e->synopsis) < 15) {
            printf("%-16s%s\n", e->synopsis, e->desc);
        } else {
            printf("%s\n%16s%s\n", e->synopsis, "", e->desc);
        }
    }
    printf("\nDuring emulation, with -nographic, ctrl-a h shows the "
           "console keys.\n");
}
