#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Command-line behaviour of the system binary, checked byte for byte.

Each error case runs the emulator with bad input and compares stderr and
the exit status with QEMU's diagnostics format ("<prog>: -opt ARG: msg",
exit 1).  Output is TAP.  Usage: cli-test.py BUILDDIR
"""
import os
import signal
import subprocess
import sys
import tempfile
import time

BUILD = sys.argv[1] if len(sys.argv) > 1 else "build"
X86 = os.path.join(BUILD, "qemu-system-x86_64")
P = "qemu-system-x86_64"
SIZE_HINT = ("Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, "
             "tera-, peta-\nand exabytes, respectively.\n")

# (name, args, expected stderr, expected exit status)
ERRORS = [
    ("unknown option", ["-bogus"], f"{P}: -bogus: invalid option\n", 1),
    ("missing argument", ["-m"], f"{P}: -m: requires an argument\n", 1),
    ("argument taken verbatim", ["-m", "-display", "none"],
     f"{P}: -m -display: Parameter 'size' expects a non-negative number "
     "below 2^64\n" + SIZE_HINT, 1),
    ("bad size", ["-m", "foo"],
     f"{P}: -m foo: Parameter 'size' expects a non-negative number below "
     "2^64\n" + SIZE_HINT, 1),
    ("unknown machine", ["-machine", "foo"],
     f"{P}: unsupported machine type\n"
     "Use -machine help to list supported machines\n", 1),
    ("keyval needs =", ["-machine", "none,dump-guest-core"],
     f"{P}: -machine none,dump-guest-core: Expected '=' after parameter "
     "'dump-guest-core'\n", 1),
    ("unknown machine property", ["-machine", "none,foo=bar"],
     f"{P}: Property 'none-machine.foo' not found\n", 1),
    ("bad machine bool", ["-machine", "none,dump-guest-core=maybe"],
     f"{P}: Parameter 'dump-guest-core' expects 'on' or 'off'\n", 1),
    ("unknown device", ["-device", "foo"],
     f"{P}: -device foo: 'foo' is not a valid device model name\n", 1),
    ("doubled comma in driver", ["-device", "loader,,foo"],
     f"{P}: -device loader,,foo: 'loader,foo' is not a valid device model "
     "name\n", 1),
    ("unknown device property", ["-device", "loader,foo=1"],
     f"{P}: -device loader,foo=1: Property 'loader.foo' not found\n", 1),
    ("bad device bool", ["-device", "loader,data-be=maybe"],
     f"{P}: -device loader,data-be=maybe: Parameter 'data-be' expects 'on' "
     "or 'off'\n", 1),
    ("bad device number", ["-device", "loader,data-len=zz"],
     f"{P}: -device loader,data-len=zz: Parameter 'data-len' expects a "
     "uint8 value\n", 1),
    ("device realize error", ["-device", "loader"],
     f"{P}: -device loader: please include valid arguments: file= or "
     "data=,data-len=\n", 1),
    ("duplicate device id",
     ["-m", "1", "-device", "loader,id=l0,addr=0,data=1,data-len=1",
      "-device", "loader,id=l0,addr=0,data=1,data-len=1"],
     f"{P}: -device loader,id=l0,addr=0,data=1,data-len=1: Duplicate ID "
     "'l0' for device\n", 1),
    ("duplicate chardev id",
     ["-chardev", "null,id=a", "-chardev", "null,id=a"],
     f"{P}: -chardev null,id=a: Duplicate ID 'a' for chardev\n", 1),
    ("bad identifier", ["-chardev", "null,id=1a"],
     f"{P}: -chardev null,id=1a: Parameter 'id' expects an identifier\n"
     "Identifiers consist of letters, digits, '-', '.', '_', starting with "
     "a letter.\n", 1),
    ("unknown chardev backend", ["-chardev", "foo,id=x"],
     f"{P}: -chardev foo,id=x: 'foo' is not a valid char driver name\n", 1),
    ("unknown accelerator", ["-accel", "foo"],
     f"{P}: -accel foo: invalid accelerator foo\n", 1),
    ("bad accelerator value", ["-accel", "tcg,thread=foo"],
     f"{P}: -accel tcg,thread=foo: Invalid 'thread' setting foo\n", 1),
    ("unknown accelerator property", ["-accel", "tcg,foo=1"],
     f"{P}: -accel tcg,foo=1: Property 'tcg-accel.foo' not found\n", 1),
    ("netdev without id", ["-netdev", "user"],
     f"{P}: -netdev user: Parameter 'id' is missing\n", 1),
    ("unknown netdev type", ["-netdev", "foo,id=n0"],
     f"{P}: -netdev foo,id=n0: Parameter 'type' does not accept value "
     "'foo'\n", 1),
    ("netdev bad id", ["-netdev", "user,id=1a"],
     f"{P}: -netdev user,id=1a: Parameter 'id' expects an identifier\n"
     "Identifiers consist of letters, digits, '-', '.', '_', starting with "
     "a letter.\n", 1),
    ("netdev duplicate id",
     ["-netdev", "hubport,id=h0,hubid=0", "-netdev", "hubport,id=h0,hubid=1"],
     f"{P}: -netdev hubport,id=h0,hubid=1: Duplicate ID 'h0' for netdev\n",
     1),
    ("netdev unknown key", ["-netdev", "user,id=n0,bogus=1"],
     f"{P}: -netdev user,id=n0,bogus=1: Invalid parameter 'bogus'\n", 1),
    ("hubport without hubid", ["-netdev", "hubport,id=h1"],
     f"{P}: -netdev hubport,id=h1: Parameter 'hubid' is missing\n", 1),
    ("hubport bad hubid", ["-netdev", "hubport,id=h1,hubid=x"],
     f"{P}: -netdev hubport,id=h1,hubid=x: Parameter 'hubid' expects an "
     "int64 value\n", 1),
    ("hubport unknown peer", ["-netdev", "hubport,id=h1,hubid=0,netdev=zz"],
     f"{P}: -netdev hubport,id=h1,hubid=0,netdev=zz: netdev 'zz' not "
     "found\n", 1),
    ("socket without mode", ["-netdev", "socket,id=n0"],
     f"{P}: -netdev socket,id=n0: exactly one of listen=, connect=, mcast= "
     "or udp= is required\n", 1),
    ("socket two modes", ["-netdev", "socket,id=n0,listen=:1,connect=:2"],
     f"{P}: -netdev socket,id=n0,listen=:1,connect=:2: exactly one of "
     "listen=, connect=, mcast= or udp= is required\n", 1),
    ("socket address without port", ["-netdev", "socket,id=n0,connect=foo"],
     f"{P}: -netdev socket,id=n0,connect=foo: host address 'foo' doesn't "
     "contain ':' separating host from port\n", 1),
    ("socket bad port", ["-netdev", "socket,id=n0,listen=127.0.0.1:x"],
     f"{P}: -netdev socket,id=n0,listen=127.0.0.1:x: port number 'x' is "
     "invalid\n", 1),
    ("socket udp without localaddr",
     ["-netdev", "socket,id=n0,udp=127.0.0.1:5000"],
     f"{P}: -netdev socket,id=n0,udp=127.0.0.1:5000: localaddr= is "
     "mandatory with udp=\n", 1),
    ("socket localaddr without udp",
     ["-netdev", "socket,id=n0,listen=:5000,localaddr=1.2.3.4:5"],
     f"{P}: -netdev socket,id=n0,listen=:5000,localaddr=1.2.3.4:5: "
     "localaddr= is only valid with mcast= or udp=\n", 1),
    ("socket mcast not multicast",
     ["-netdev", "socket,id=n0,mcast=127.0.0.1:5000"],
     f"{P}: -netdev socket,id=n0,mcast=127.0.0.1:5000: specified mcastaddr "
     "127.0.0.1 (0x7f000001) does not contain a multicast address\n", 1),
    ("user bad hostfwd", ["-netdev", "user,id=n0,hostfwd=foo"],
     f"{P}: -netdev user,id=n0,hostfwd=foo: Invalid host forwarding rule "
     "'foo' (No : separators)\n", 1),
    ("nic unknown type", ["-nic", "foo"],
     f"{P}: -nic foo: Parameter 'type' does not accept value 'foo'\n", 1),
    ("nic bad mac", ["-M", "pc", "-nic", "hubport,hubid=0,mac=zz"],
     f"{P}: -nic hubport,hubid=0,mac=zz: Property 'gve.mac' doesn't take "
     "value 'zz'\n", 1),
    ("device netdev not found", ["-M", "pc", "-device", "gve,netdev=n0"],
     f"{P}: -device gve,netdev=n0: Property 'gve.netdev' can't find value "
     "'n0'\n", 1),
    ("device netdev in use",
     ["-M", "pc", "-netdev", "hubport,id=n0,hubid=0",
      "-device", "gve,netdev=n0", "-device", "gve,netdev=n0"],
     f"{P}: -device gve,netdev=n0: Property 'gve.netdev' can't take value "
     "'n0', it's in use\n", 1),
    ("filter-dump unknown netdev",
     ["-object", "filter-dump,id=f0,netdev=nope,file=/dev/null"],
     f"{P}: -object filter-dump,id=f0,netdev=nope,file=/dev/null: Parameter "
     "'netdev' expects a network backend id\n", 1),
    ("filter-dump without file",
     ["-netdev", "hubport,id=n0,hubid=0",
      "-object", "filter-dump,id=f0,netdev=n0"],
     f"{P}: -object filter-dump,id=f0,netdev=n0: Parameter 'file' is "
     "missing\n", 1),
    ("unknown object type", ["-object", "foo,id=x"],
     f"{P}: -object foo,id=x: Parameter 'qom-type' does not accept value "
     "'foo'\n", 1),
    ("bad serial spec", ["-serial", "foo:bar"],
     f"{P}: -serial foo:bar: 'foo:bar' is not a valid char driver\n"
     f"{P}: -serial foo:bar: could not connect serial device to character "
     "backend 'foo:bar'\n", 1),
    ("bad qtest spec", ["-qtest", "foo:bar"],
     f"{P}: Failed to initialize device for qtest: \"foo:bar\"\n", 1),
    ("too many cpus", ["-smp", "2"],
     f"{P}: Invalid SMP CPUs 2. The max CPUs supported by machine 'none' "
     "is 1\n", 1),
    ("bad smp value", ["-smp", "x"],
     f"{P}: -smp x: Parameter 'smp.cpus' expects integer\n", 1),
    ("unknown cpu model", ["-cpu", "foo"],
     f"{P}: -cpu foo: unable to find CPU model 'foo'\n", 1),
    ("unknown cpu flag", ["-machine", "pc", "-cpu", "qemu64,+foo"],
     f"{P}: Property 'qemu64-x86_64-cpu.foo' not found\n", 1),
    ("unknown cpu property", ["-machine", "pc", "-cpu", "max,foo=on"],
     f"{P}: can't apply global max-x86_64-cpu.foo=on: Property "
     "'max-x86_64-cpu.foo' not found\n", 1),
    ("bad cpu flag value", ["-machine", "pc", "-cpu", "qemu64,x2apic=2"],
     f"{P}: can't apply global qemu64-x86_64-cpu.x2apic=2: Property "
     "'qemu64-x86_64-cpu.x2apic' doesn't take value '2'\n", 1),
    ("bad cpu vendor", ["-machine", "pc", "-cpu", "qemu64,vendor=Foo"],
     f"{P}: can't apply global qemu64-x86_64-cpu.vendor=Foo: Property "
     "'.vendor' doesn't take value 'Foo'\n", 1),
    ("too many cpus on pc", ["-machine", "pc", "-smp", "9"],
     f"{P}: Invalid SMP CPUs 9. The max CPUs supported by machine 'pc' "
     "is 8\n", 1),
    ("initrd without kernel", ["-initrd", "/x"],
     f"{P}: -initrd only allowed with -kernel option\n", 1),
    ("kernel on none", ["-kernel", "/x"],
     f"{P}: The -kernel parameter is not supported (use the generic "
     "'loader' device instead).\n", 1),
    ("unknown confidential-guest-support id",
     ["-machine", "pc,confidential-guest-support=nope"],
     f"{P}: Device 'nope' not found\n", 1),
    ("confidential-guest-support of the wrong type",
     ["-netdev", "hubport,id=n0,hubid=0", "-object",
      "filter-dump,id=f0,netdev=n0,file=/dev/null",
      "-machine", "pc,confidential-guest-support=f0"],
     f"{P}: Object 'f0' (filter-dump) is not a confidential guest support "
     "object this machine supports (sev-snp-guest)\n", 1),
    ("unknown display", ["-display", "gtk"],
     f"{P}: -display gtk: Parameter 'type' does not accept value 'gtk'\n",
     1),
    ("bad logfile", ["-D", "/nonexistent/dir/log"],
     f"{P}: Error opening logfile "
     "/nonexistent/dir/log: No such file or directory\n", 1),
    ("unknown target", ["-target", "foo"],
     f"{P}: -target foo: unknown target 'foo' (targets: x86_64, aarch64)\n",
     1),
    ("missing image", ["nosuchdisk.img"],
     f"{P}: nosuchdisk.img: Could not open 'nosuchdisk.img': No such file "
     "or directory\n", 1),
]

results = []


def report(ok, name, detail=""):
    results.append(ok)
    print(f"{'ok' if ok else 'not ok'} {len(results)} - {name}")
    if not ok:
        for line in detail.splitlines():
            print(f"# {line}")


def run(args, prog=X86, stdin=None, timeout=20):
    return subprocess.run([prog] + args, input=stdin, capture_output=True,
                          text=True, timeout=timeout)


def check_error(name, args, err, status):
    r = run(["-display", "none", "-nodefaults"] + args)
    ok = r.stderr == err and r.returncode == status
    report(ok, "error: " + name,
           f"args {args}\nexpected status {status} stderr:\n{err}"
           f"got status {r.returncode} stderr:\n{r.stderr}")


def check_listings():
    r = run(["-version"])
    lines = r.stdout.splitlines()
    report(r.returncode == 0 and len(lines) == 2 and
           lines[0].startswith("QEMU emulator version "), "-version",
           r.stdout)
    r = run(["-machine", "help"])
    report(r.returncode == 0 and r.stdout.startswith(
        "Supported machines are:\n") and
        "none                 empty machine (default)\n" in r.stdout,
        "-machine help", r.stdout)
    r = run(["-device", "help"])
    # QEMU's category order: network devices come before misc devices.
    report(r.returncode == 0 and 'name "loader", desc "Generic Loader"'
           in r.stdout and r.stdout.startswith("Network devices:\n") and
           'name "gve", bus PCI' in r.stdout and
           r.stdout.index("Network devices:") <
           r.stdout.index("\nMisc devices:\n"), "-device help", r.stdout)
    r = run(["-device", "loader,help"])
    report(r.returncode == 0 and r.stdout.startswith("loader options:\n") and
           "  data-len=<uint8>       - bytes of data to write (1-8) "
           "(default: 0)\n" in r.stdout, "-device loader,help", r.stdout)
    r = run(["-accel", "help"])
    report(r.returncode == 0 and r.stdout ==
           "Accelerators supported in QEMU binary:\nkvm\ntcg\n",
           "-accel help hides qtest", r.stdout)
    r = run(["-cpu", "help"])
    report(r.returncode == 0 and r.stdout.startswith("Available CPUs:\n"),
           "-cpu help", r.stdout)
    report("x86 qemu64                QEMU Virtual CPU version 2.5+\n" in
           r.stdout and "x86 max " in r.stdout and
           "\nRecognized CPUID flags:\n" in r.stdout and
           " x2apic " in r.stdout and " tsc-deadline " in r.stdout,
           "-cpu help lists models and flags", r.stdout)
    r = run(["-cpu", "qemu64,-sse2,help"])
    report(r.returncode == 0 and
           r.stdout.startswith("qemu64-x86_64-cpu options:\n") and
           "  sse2=<bool>          - off\n" in r.stdout and
           "  x2apic=<bool>        - off\n" in r.stdout,
           "-cpu MODEL,FLAGS,help lists the flags and their values", r.stdout)
    r = run(["-cpu", "max,SYSREG_ID_AA64ISAR0_EL1_CRC32=0,help"],
            prog=os.path.join(BUILD, "qemu-system-aarch64"))
    report(r.returncode == 0 and "SYSREG_ID_AA64ISAR0_EL1_CRC32      4-bit "
           "unsigned lower-safe     limit=0x1 value=0x0\n" in r.stdout,
           "aarch64 -cpu max,SYSREG_...,help lists the fields", r.stdout)
    r = run(["-cpu", "max,SYSREG_ID_AA64PFR0_EL1_EL1=0,help"],
            prog=os.path.join(BUILD, "qemu-system-aarch64"))
    report(r.returncode == 1 and r.stderr ==
           "qemu-system-aarch64: -cpu max,SYSREG_ID_AA64PFR0_EL1_EL1=0,help: "
           "cannot disable AArch64 at EL1\n",
           "aarch64 -cpu ...,help refuses what -cpu refuses", r.stderr)
    r = run(["-d", "help"])
    report(r.returncode == 1 and
           r.stdout.startswith("Log items (comma separated):\n"),
           "-d help exits 1", r.stdout)
    r = run(["-help"])
    report(r.returncode == 0 and f"usage: {P} [options]" in r.stdout,
           "-help", r.stdout[:200])


def check_target_selection():
    with tempfile.TemporaryDirectory() as d:
        other = os.path.join(d, "myemu")
        os.symlink(os.path.abspath(os.path.join(BUILD, "qemu-system")), other)
        r = run(["-machine", "help"], prog=other)
        report(r.returncode == 1 and r.stderr.startswith(
            "myemu: no target selected (use -target or a qemu-system-<arch> "
            "name)"), "no target from a plain name", r.stderr)
        r = run(["-target", "aarch64", "-bogus"], prog=other)
        report(r.stderr == "myemu: -bogus: invalid option\n",
               "-target picks the target, messages use argv[0]", r.stderr)


def check_loader_and_qtest():
    args = ["-machine", "none", "-m", "16", "-display", "none",
            "-nodefaults", "-qtest", "stdio", "-qtest-log", "none",
            "-device", "loader,addr=0x1000,data=0x12345678,data-len=4",
            "-device", "loader,addr=0x2000,data=0x1122,data-len=2,data-be=on"]
    p = subprocess.Popen([X86] + args, stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    out = []
    for req in ["readl 0x1000", "read 0x2000 2"]:
        p.stdin.write(req + "\n")
        p.stdin.flush()
        out.append(p.stdout.readline())
    p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=20)
    report(out == ["OK 0x0000000012345678\n", "OK 0x1122\n"],
           "loader device writes guest memory at reset", repr(out))
    report(p.returncode == 0 and
           f"{P}: terminating on signal 15 from pid" in err,
           "SIGTERM exits 0 with QEMU's message", f"{p.returncode} {err}")


def check_console_quit():
    p = subprocess.Popen([X86, "-nographic", "-machine", "none"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    banner = p.stdout.readline()
    p.stdin.write(b"\x01x")
    p.stdin.flush()
    out, _ = p.communicate(timeout=20)
    report(p.returncode == 0 and banner.startswith(b"QEMU ") and
           b"QEMU: Terminated" in out,
           "-nographic: ctrl-a x on the muxed console quits with status 0",
           f"{p.returncode} {banner!r} {out!r}")


def main():
    for name, args, err, status in ERRORS:
        check_error(name, args, err, status)
    check_listings()
    check_target_selection()
    check_loader_and_qtest()
    check_console_quit()
    print(f"1..{len(results)}")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
