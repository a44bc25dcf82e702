#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Network backends through the real binary.

Starts the emulator (pc, paused) with -netdev socket,listen=, a gve NIC
on it and -object filter-dump, connects as the socket peer, sends framed
packets, reads the counters over QMP (x-query-net-clients), quits and
checks the pcap file record by record.  Also -nic user and the warnings
for peerless backends.  Output is TAP.  Usage: net-test.py BUILDDIR
"""
import json
import os
import socket
import struct
import subprocess
import sys
import tempfile
import time

BUILD = sys.argv[1] if len(sys.argv) > 1 else "build"
X86 = os.path.join(BUILD, "qemu-system-x86_64")
P = "qemu-system-x86_64"
results = []


def report(ok, name, detail=""):
    results.append(ok)
    print(f"{'ok' if ok else 'not ok'} {len(results)} - {name}")
    if not ok:
        for line in str(detail).splitlines():
            print(f"# {line}")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Qmp:
    def __init__(self, args):
        self.p = subprocess.Popen([X86, "-display", "none", "-nodefaults",
                                   "-S", "-qmp", "stdio"] + args,
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        self.greeting = json.loads(self.p.stdout.readline())
        self.cmd("qmp_capabilities")

    def cmd(self, command, **args):
        req = {"execute": command}
        if args:
            req["arguments"] = args
        self.p.stdin.write(json.dumps(req) + "\n")
        self.p.stdin.flush()
        while True:
            r = json.loads(self.p.stdout.readline())
            if "event" not in r:
                return r

    def quit(self):
        self.cmd("quit")
        out, err = self.p.communicate(timeout=10)
        return err


def clients(q):
    return {c["name"]: c for c in q.cmd("x-query-net-clients")["return"]}


def wait_for(q, pred, timeout=5.0):
    end = time.time() + timeout
    while time.time() < end:
        c = clients(q)
        if pred(c):
            return c
        time.sleep(0.02)
    return clients(q)


def read_pcap(path):
    data = open(path, "rb").read()
    magic, vmaj, vmin, _, _, snap, link = struct.unpack("<IHHiIII", data[:24])
    recs, off = [], 24
    while off + 16 <= len(data):
        sec, usec, cap, length = struct.unpack("<IIII", data[off:off + 16])
        recs.append((cap, length, data[off + 16:off + 16 + cap]))
        off += 16 + cap
    return (magic, vmaj, vmin, snap, link), recs, off == len(data)


def check_socket_gve_dump():
    port = free_port()
    with tempfile.TemporaryDirectory() as d:
        pcap = os.path.join(d, "n0.pcap")
        q = Qmp(["-M", "pc", "-m", "64",
                 "-netdev", f"socket,id=n0,listen=127.0.0.1:{port}",
                 "-device", "gve,id=nic0,netdev=n0",
                 "-object", f"filter-dump,id=f0,netdev=n0,file={pcap},"
                            "maxlen=100"])
        c = clients(q)
        report(c.get("n0", {}).get("peer") == "nic0" and
               c.get("nic0", {}).get("peer") == "n0",
               "-device gve,netdev= peers NIC and backend", c)
        s = socket.create_connection(("127.0.0.1", port))
        frames = [bytes([0x22]) * 1514, bytes([0x11]) * 60]
        for f in frames:
            s.sendall(struct.pack(">I", len(f)) + f)
        c = wait_for(q, lambda c: c["n0"]["tx-packets"] >= 1)
        time.sleep(0.2)
        c = clients(q)
        report(c["n0"]["tx-packets"] == 1 and c["n0"]["tx-bytes"] == 1514,
               "socket backend reads a framed packet", c.get("n0"))
        # The NIC has no driver, so it cannot receive: the frame waits in
        # its queue and the backend stops reading until it goes.
        report(c["nic0"]["queued"] == 1 and c["nic0"]["rx-packets"] == 0,
               "flow control: one frame queued, backend paused",
               c.get("nic0"))
        r = q.cmd("set_link", name="nic0", up=False)
        c = clients(q)
        report("return" in r and not c["nic0"]["link-up"] and
               not c["n0"]["link-up"], "set_link takes NIC and backend down",
               c)
        r = q.cmd("set_link", name="nope", up=True)
        report(r.get("error", {}).get("class") == "DeviceNotFound",
               "set_link of an unknown name", r)
        err = q.quit()
        s.close()
        hdr, recs, whole = read_pcap(pcap)
        report(hdr == (0xa1b2c3d4, 2, 4, 100, 1) and whole,
               "filter-dump writes a pcap header", (hdr, whole))
        report([(r[0], r[1], r[2][:1]) for r in recs] ==
               [(100, 1514, b"\x22")],
               "filter-dump records the frame, cut at maxlen",
               [(r[0], r[1]) for r in recs])
        report(err == "", "no diagnostics", err)


def check_netdev_add_del():
    q = Qmp(["-M", "none"])
    r1 = q.cmd("netdev_add", type="hubport", id="h0", hubid=3)
    r2 = q.cmd("netdev_add", type="hubport", id="h0", hubid=3)
    r3 = q.cmd("netdev_add", type="user", id="u0",
               hostfwd=[{"str": "tcp:127.0.0.1:0-:22"}])
    r4 = q.cmd("netdev_add", type="socket", id="s0")
    c = clients(q)
    r5 = q.cmd("netdev_del", id="h0")
    r6 = q.cmd("netdev_del", id="h0")
    q.quit()
    report("return" in r1 and "return" in r3 and set(c) == {"h0", "u0"},
           "QMP netdev_add", (r1, r3, c))
    report(r2.get("error", {}).get("desc") == "Duplicate ID 'h0'",
           "QMP netdev_add duplicate id", r2)
    report(r4.get("error", {}).get("desc") ==
           "exactly one of listen=, connect=, mcast= or udp= is required",
           "QMP netdev_add backend error", r4)
    report("return" in r5 and
           r6.get("error", {}).get("class") == "DeviceNotFound",
           "QMP netdev_del", (r5, r6))


def check_qmp_filter_dump():
    with tempfile.TemporaryDirectory() as d:
        pcap = os.path.join(d, "q.pcap")
        q = Qmp(["-M", "none", "-netdev", "hubport,id=h0,hubid=0"])
        r1 = q.cmd("object-add", **{"qom-type": "filter-dump", "id": "f1",
                                    "netdev": "nope", "file": pcap})
        r2 = q.cmd("qom-list", path="/objects")
        r3 = q.cmd("object-add", **{"qom-type": "filter-dump", "id": "f0",
                                    "netdev": "h0", "file": pcap})
        q.quit()
        names = [p["name"] for p in r2.get("return", [])]
        report(r1.get("error", {}).get("desc") ==
               "Parameter 'netdev' expects a network backend id" and
               "f1" not in names, "QMP object-add filter-dump, bad netdev",
               (r1, names))
        hdr = read_pcap(pcap)[0] if os.path.exists(pcap) else None
        report("return" in r3 and hdr == (0xa1b2c3d4, 2, 4, 65536, 1),
               "QMP object-add filter-dump opens its file", (r3, hdr))


def check_hostfwd_hmp():
    port = free_port()
    q = Qmp(["-M", "none", "-netdev", "user,id=u0"])

    def hmp(line):
        r = q.cmd("human-monitor-command", **{"command-line": line})
        return r.get("return")
    got = [hmp(f"hostfwd_add u0 tcp:127.0.0.1:{port}-:22"),
           hmp(f"hostfwd_add tcp:127.0.0.1:{port}-:22"),
           hmp(f"hostfwd_remove tcp:127.0.0.1:{port}"),
           hmp(f"hostfwd_remove u0 tcp:127.0.0.1:{port}"),
           hmp("hostfwd_add zz tcp::0-:22"),
           hmp("hostfwd_add u0 foo"),
           hmp("hostfwd_remove u0 foo")]
    q.quit()
    want = ["",
            f"Could not set up host forwarding rule 'tcp:127.0.0.1:{port}-:22'"
            "\r\n",
            f"host forwarding rule for tcp:127.0.0.1:{port} removed\r\n",
            f"host forwarding rule for tcp:127.0.0.1:{port} not found\r\n",
            "unrecognized netdev id 'zz'\r\n",
            "Invalid host forwarding rule 'foo' (No : separators)\r\n",
            "invalid format\r\n"]
    report(got == want, "HMP hostfwd_add / hostfwd_remove", got)


def check_bind_conflict():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(1)
    port = s.getsockname()[1]
    arg = f"socket,id=n0,listen=127.0.0.1:{port}"
    r = subprocess.run([X86, "-M", "none", "-display", "none", "-nodefaults",
                        "-netdev", arg], capture_output=True, text=True,
                       timeout=20)
    s.close()
    want = (f"{P}: -netdev {arg}: can't bind ip=127.0.0.1 to socket: "
            "Address already in use\n")
    report(r.stderr == want and r.returncode == 1, "socket listen port in use",
           r.stderr)


def check_info_network():
    q = Qmp(["-M", "pc", "-m", "64", "-netdev", "user,id=u0",
             "-device", "gve,netdev=u0", "-netdev", "hubport,id=h0,hubid=0",
             "-netdev", "hubport,id=h1,hubid=0", "-device", "gve,netdev=h1",
             "-nic", "user"])
    r = q.cmd("human-monitor-command", **{"command-line": "info network"})
    q.quit()
    want = ("hub 0\r\n"
            " \\ h1: gve.1: index=0,type=nic,model=gve,"
            "macaddr=52:54:00:12:34:57\r\n"
            " \\ h0\r\n"
            "gve.0: index=0,type=nic,model=gve,macaddr=52:54:00:12:34:56\r\n"
            " \\ u0: index=0,type=user,net=10.0.2.0,restrict=off\r\n"
            "gve.2: index=0,type=nic,model=gve,macaddr=52:54:00:12:34:58\r\n"
            " \\ #net0: index=0,type=user,net=10.0.2.0,restrict=off\r\n")
    report(r.get("return") == want, "HMP info network", r)


def check_nic_and_warnings():
    q = Qmp(["-M", "pc", "-m", "64", "-nic", "user,mac=52:54:00:ab:cd:ef"])
    c = clients(q)
    err = q.quit()
    nic = [v for v in c.values() if v["type"] == "nic"]
    report(len(nic) == 1 and nic[0]["peer"] == "#net0" and
           nic[0]["info"] == "model=gve,macaddr=52:54:00:ab:cd:ef" and
           c["#net0"]["type"] == "user" and err == "",
           "-nic user makes a user netdev and a gve NIC", (c, err))
    q = Qmp(["-M", "none", "-netdev", "hubport,id=h1,hubid=0",
             "-netdev", "socket,id=n0,udp=127.0.0.1:9,"
                        "localaddr=127.0.0.1:0"])
    err = q.quit()
    want = (f"{P}: warning: hub port h1 has no peer\n"
            f"{P}: warning: netdev h1 has no peer\n"
            f"{P}: warning: netdev n0 has no peer\n")
    report(err == want, "peerless backends warn at start", err)


def main():
    check_socket_gve_dump()
    check_netdev_add_del()
    check_nic_and_warnings()
    check_info_network()
    check_qmp_filter_dump()
    check_hostfwd_hmp()
    check_bind_conflict()
    print(f"1..{len(results)}")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
