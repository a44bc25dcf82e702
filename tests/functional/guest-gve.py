#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The guest kernel's gve driver against our gve device, end to end.

Usage: guest-gve.py [--aarch64] BUILDDIR GUEST_ELF

Boots the guest kernel (guest/) on -machine pc with -device gve whose
netdev is '-netdev socket,udp=...' paired with a UDP socket here, so this
script is the other end of the wire:

1. tests=gve-probe,gve-tx,gve-rx: every frame the guest sends (UDP with a
   software checksum, UDP with checksum offload, a TCP packet cut by TSO)
   is rebuilt here and compared byte for byte; when the guest prints
   '# gve-rx: ready' this script sends 16 UDP frames that the guest
   checks byte for byte (and the device's packet type).  The same again
   with dqo-rda=off, so the driver uses GQI-QPL.
   Once more with revision=1 (admin queue by base address and length,
   the RESET/RUN handshake), TX only.
2. tests=gve-jumbo with max-mtu=9000: frames of up to 9014 bytes both
   ways (several RX buffers per frame), in both formats.
3. tests=gve-rss: 4 queue pairs with an RSS table; 32 UDP flows from
   here, each must land on the queue the guest's own Toeplitz picks;
   then one frame from each TX queue.
4. tests=gve-link: this script turns the link off and on over QMP
   (set_link); the guest sees a management interrupt and the LINK bit.
5. tests=gve-net with -netdev user: DHCP, ARP, ping of the router and a
   UDP datagram to a socket here (slirp maps 10.0.2.2 to 127.0.0.1),
   which answers it reversed.
6. tests=gve-devmem-tx with -device devmem-exporter: payload lives in the
   exporter's memory (filled by its copy engine); the frames are compared
   byte for byte, then the NIC's counters are read over QMP (qom-get):
   tx-devmem-bytes must equal the payload bytes, tx-payload-copies 0.

The guest and this script compute the same addresses and payload
patterns (guest/tests/gve.c).  Prints TAP.
"""

import os
import queue
import socket
import subprocess
import sys
import tempfile
import threading
import time

from testlib import Tap, Qmp

TIMEOUT = 60
GUEST_MAC = bytes.fromhex('525400123456')
HOST_MAC = bytes.fromhex('020000000002')
GUEST_IP = bytes([10, 0, 2, 15])
HOST_IP = bytes([10, 0, 2, 2])


# --- Frames, as guest/tests/gve.c builds them ---

def csum(data, start=0):
    s = start
    for i in range(0, len(data) - 1, 2):
        s += data[i] << 8 | data[i + 1]
    if len(data) & 1:
        s += data[-1] << 8
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return s


def pseudo(proto, length, src=GUEST_IP, dst=HOST_IP):
    return csum(src + dst) + proto + length


def pat(k, j):
    return (k * 7 + j * 13 + 1) & 0xff


def dpat(o):
    return ((o >> 12) * 17 + o * 5 + 3) & 0xff


def l4_csum(proto, l4, src=GUEST_IP, dst=HOST_IP):
    c = ~csum(l4, pseudo(proto, len(l4), src, dst)) & 0xffff
    return c if c or proto == 6 else 0xffff


def ipv4(proto, ipid, l4, src=GUEST_IP, dst=HOST_IP):
    h = bytearray(20)
    h[0] = 0x45
    h[2:4] = (20 + len(l4)).to_bytes(2, 'big')
    h[4:6] = ipid.to_bytes(2, 'big')
    h[6:8] = (0x4000).to_bytes(2, 'big')
    h[8] = 64
    h[9] = proto
    h[12:16] = src
    h[16:20] = dst
    h[10:12] = (~csum(h) & 0xffff).to_bytes(2, 'big')
    return bytes(h) + l4


def udp_frame(ipid, payload, sport=5000, dport=6000, to_guest=False):
    src, dst = (HOST_IP, GUEST_IP) if to_guest else (GUEST_IP, HOST_IP)
    u = bytearray(sport.to_bytes(2, 'big') + dport.to_bytes(2, 'big') +
                  (8 + len(payload)).to_bytes(2, 'big') + bytes(2) +
                  payload)
    u[6:8] = l4_csum(17, u, src, dst).to_bytes(2, 'big')
    eth = (GUEST_MAC + HOST_MAC if to_guest else HOST_MAC + GUEST_MAC)
    return eth + b'\x08\x00' + ipv4(17, ipid, bytes(u), src, dst)


def tso_frames(ipid, payload, mss):
    """The segments of a TCP packet from 10.0.2.15:5001 to :6001."""
    out = []
    for i, off in enumerate(range(0, len(payload), mss)):
        seg = payload[off:off + mss]
        last = off + mss >= len(payload)
        t = bytearray(20)
        t[0:2] = (5001).to_bytes(2, 'big')
        t[2:4] = (6001).to_bytes(2, 'big')
        t[4:8] = (0x01000000 + off).to_bytes(4, 'big')
        t[12] = 0x50
        t[13] = 0x18 if last else 0x10
        t[14:16] = (0xffff).to_bytes(2, 'big')
        t = t + seg
        t[16:18] = l4_csum(6, t).to_bytes(2, 'big')
        out.append(HOST_MAC + GUEST_MAC + b'\x08\x00' +
                   ipv4(6, ipid + i, bytes(t)))
    return out


def expected_tx():
    out = []
    for k in range(12):
        out.append(udp_frame(k, bytes(pat(k, j) for j in range(18 + 181 * k))))
    out += tso_frames(100, bytes(pat(100, j) for j in range(5000)), 1400)
    for k in (12, 13):
        out.append(udp_frame(k, bytes(pat(k, j) for j in range(18 + 181 * k))))
    return out


def rx_frames():
    return [udp_frame(k, bytes(pat(200 + k, j) for j in range(18 + 93 * k)),
                      sport=6000, dport=5000, to_guest=True)
            for k in range(16)]


def expected_devmem():
    out = []
    for k in range(4):
        off = 4096 * (k + 1) + 100 * k
        out.append(udp_frame(300 + k, bytes(dpat(off + j)
                                            for j in range(1000 + 100 * k))))
    out += tso_frames(400, bytes(dpat(0x8000 + j) for j in range(3 * 4096)),
                      1448)
    return out


# --- The emulator ---

def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


# The board per guest architecture, and the exit status of a guest
# without failures: isa-debug-exit gives 2 * failures + 1 on pc, the
# semihosting exit the failure count on virt (MSI-X through the ITS).
BOARDS = {
    'x86_64': (['-machine', 'pc',
                '-device', 'isa-debug-exit,iobase=0xf4,iosize=4'], 1),
    'aarch64': (['-machine', 'virt,gic-version=3', '-cpu', 'cortex-a57',
                 '-semihosting'], 0),
}
BOARD, OK = BOARDS['x86_64']


class Machine:
    """The emulator with gve's netdev paired with self.sock."""

    def __init__(self, qemu, kernel, tests, extra=(), qmp=None, dev='',
                 netdev=None):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(('127.0.0.1', 0))
        self.sock.settimeout(0.2)
        self.emu_port = free_port()
        host_port = self.sock.getsockname()[1]
        cmd = [qemu] + BOARD + ['-display', 'none', '-nodefaults',
               '-serial', 'stdio', '-no-reboot', '-m', '128M',
               '-kernel', kernel, '-append', 'tests=' + tests,
               '-netdev', netdev or f'socket,id=n0,udp=127.0.0.1:'
               f'{host_port},localaddr=127.0.0.1:{self.emu_port}',
               '-device', 'gve,netdev=n0,id=gve0,mac=52:54:00:12:34:56' + dev]
        cmd += list(extra)
        if qmp:
            cmd += ['-qmp', f'unix:{qmp},server=on,wait=off']
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)
        self.lines = queue.Queue()
        self.out = []
        self.frames = []
        self.stop = False
        threading.Thread(target=self._read_console, daemon=True).start()
        self.net = threading.Thread(target=self._read_net, daemon=True)
        self.net.start()

    def _read_console(self):
        for line in self.proc.stdout:
            self.out.append(line)
            self.lines.put(line)
        self.lines.put(None)

    def _read_net(self):
        while not self.stop:
            try:
                self.frames.append(self.sock.recv(65536))
            except socket.timeout:
                continue
            except OSError:
                return

    def send(self, frame):
        self.sock.sendto(frame, ('127.0.0.1', self.emu_port))

    def wait_line(self, text, deadline):
        """Wait for a console line containing @text; False at the end."""
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                continue
            if line is None:
                return False
            if text in line:
                return True
        return False

    def finish(self, deadline):
        try:
            rc = self.proc.wait(timeout=max(1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        self.stop = True
        self.net.join()
        self.sock.settimeout(0.5)       # what is still queued
        try:
            while True:
                self.frames.append(self.sock.recv(65536))
        except OSError:
            pass
        self.sock.close()
        return rc, ''.join(self.out)


def compare(frames, expected):
    """'' if @frames are exactly @expected, else what differs."""
    if len(frames) != len(expected):
        return f'{len(frames)} frames, expected {len(expected)}'
    for i, (got, exp) in enumerate(zip(frames, expected)):
        if got != exp:
            diff = next((j for j in range(min(len(got), len(exp)))
                         if got[j] != exp[j]), min(len(got), len(exp)))
            return (f'frame {i}: {len(got)} bytes (expected {len(exp)}), '
                    f'first difference at byte {diff}')
    return ''


def tap_results(out):
    return {line.split(' - ')[1].split(' #')[0].strip():
            line.startswith('ok')
            for line in out.splitlines()
            if line.startswith(('ok ', 'not ok ')) and ' - ' in line}


def boot_datapath(tap, qemu, kernel, fmt='DQO-RDA', dev=''):
    deadline = time.monotonic() + TIMEOUT
    m = Machine(qemu, kernel, 'gve-probe,gve-tx,gve-rx', dev=dev)
    ready = m.wait_line('# gve-rx: ready', deadline)
    if ready:
        for f in rx_frames():
            m.send(f)
    rc, out = m.finish(deadline)
    res = tap_results(out)
    tap.check(res.get('gve-probe') is True and f'gve-tx ({fmt})' in out,
              f'{fmt}: gve-probe (in guest)', out)
    tap.check(res.get('gve-tx') is True, f'{fmt}: gve-tx (in guest)', out)
    diff = compare(m.frames, expected_tx())
    tap.check(not diff, f'{fmt}: TX frames byte-exact (software csum, '
              'csum offload, TSO)', diff)
    tap.check(ready and res.get('gve-rx') is True,
              f'{fmt}: gve-rx: 16 frames from the host checked in the guest',
              out)
    tap.check(rc == OK, f'{fmt}: exit status {OK} (no failures)',
              f'status {rc}\n{out}')


def boot_revision1(tap, qemu, kernel):
    """PCI revision 1: admin queue by base/length, RESET/RUN handshake."""
    deadline = time.monotonic() + TIMEOUT
    m = Machine(qemu, kernel, 'gve-probe,gve-tx', dev=',revision=1')
    rc, out = m.finish(deadline)
    tap.check(rc == OK and '# gve: revision 1,' in out,
              'revision 1: base-address admin queue and RESET handshake '
              '(gve-probe, gve-tx)', f'status {rc}\n{out}')
    diff = compare(m.frames, expected_tx())
    tap.check(not diff, 'revision 1: TX frames byte-exact', diff)


def boot_jumbo(tap, qemu, kernel, fmt='DQO-RDA', dev=''):
    """9000-byte MTU: frames over several RX buffers, a jumbo TX."""
    deadline = time.monotonic() + TIMEOUT
    m = Machine(qemu, kernel, 'gve-jumbo', dev=',max-mtu=9000' + dev)
    ready = m.wait_line('# gve-jumbo: ready', deadline)
    if ready:
        for k, n in enumerate((4000, 8972, 2100)):
            m.send(udp_frame(k, bytes(pat(300 + k, j) for j in range(n)),
                             sport=6000, dport=5000, to_guest=True))
    rc, out = m.finish(deadline)
    tap.check(ready and rc == OK, f'{fmt}: gve-jumbo: 3 frames of up to 9014 '
              'bytes checked in the guest', f'status {rc}\n{out}')
    diff = compare(m.frames, [udp_frame(7, bytes(pat(201, j)
                                                 for j in range(8972)))])
    tap.check(not diff, f'{fmt}: a 9014-byte frame from the guest, '
              'byte-exact', diff)


def boot_rss(tap, qemu, kernel, fmt='DQO-RDA', dev=''):
    deadline = time.monotonic() + TIMEOUT
    m = Machine(qemu, kernel, 'gve-rss', dev=dev)
    ready = m.wait_line('# gve-rss: ready', deadline)
    if ready:
        for k in range(32):
            payload = bytes([k]) + bytes(pat(k, j) for j in range(63))
            m.send(udp_frame(k, payload, sport=6000 + 17 * k, dport=5000,
                             to_guest=True))
    rc, out = m.finish(deadline)
    tap.check(ready and rc == OK, f'{fmt}: gve-rss: 4 queues, each frame on '
              'the queue of its Toeplitz hash', f'status {rc}\n{out}')
    exp = [udp_frame(q, bytes(pat(q, j) for j in range(18 + 181 * q)))
           for q in range(4)]
    diff = compare(m.frames, exp)
    tap.check(not diff, f'{fmt}: one frame from each of 4 TX queues',
              diff)


def boot_net(tap, qemu, kernel):
    """DHCP, ARP, ping and UDP through -netdev user (libslirp)."""
    deadline = time.monotonic() + TIMEOUT
    echo = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    echo.bind(('127.0.0.1', 0))
    echo.settimeout(TIMEOUT)
    got = []

    def serve():
        try:
            data, peer = echo.recvfrom(2048)
            got.append(data)
            echo.sendto(data[::-1], peer)
        except OSError:
            pass
    t = threading.Thread(target=serve, daemon=True)
    t.start()
    port = echo.getsockname()[1]
    m = Machine(qemu, kernel, f'gve-net gve_udp_port={port}',
                netdev='user,id=n0')
    rc, out = m.finish(deadline)
    echo.close()
    tap.check('DHCP address 10.0.2.15, router 10.0.2.2' in out,
              'gve-net: DHCP lease from -netdev user', out)
    tap.check(got == [b'hello from the gve driver at 10.0.2.15'],
              'gve-net: the guest\'s UDP datagram reached the host',
              f'{got}\n{out}')
    tap.check(rc == OK, 'gve-net: ARP, 3 pings of the router, UDP echo back',
              f'status {rc}\n{out}')


def boot_link(tap, qemu, kernel):
    deadline = time.monotonic() + TIMEOUT
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'qmp.sock')
        m = Machine(qemu, kernel, 'gve-link', qmp=path)
        steps = []
        q = None
        for line, up in (('# gve-link: up', False),
                         ('# gve-link: down', True)):
            if not m.wait_line(line, deadline):
                break
            try:
                q = q or Qmp(path)
                steps.append(q.cmd('set_link', name='n0', up=up))
            except (OSError, ValueError) as e:
                steps.append({'error': str(e)})
                break
        if q:
            q.close()
        rc, out = m.finish(deadline)
    tap.check(len(steps) == 2 and all('return' in r for r in steps),
              'set_link off and on over QMP', f'{steps}\n{out}')
    tap.check(rc == OK, 'gve-link: management interrupt and LINK bit',
              f'status {rc}\n{out}')


def boot_devmem(tap, qemu, kernel):
    deadline = time.monotonic() + TIMEOUT
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'qmp.sock')
        m = Machine(qemu, kernel, 'gve-devmem-tx', qmp=path,
                    extra=['-device', 'devmem-exporter,size=16M'])
        sent = m.wait_line('# gve-devmem-tx: sent', deadline)
        counters = {}
        if sent:
            try:
                q = Qmp(path)
                for name in ('tx-devmem-bytes', 'tx-host-bytes',
                             'tx-payload-copies', 'tx-packets'):
                    r = q.cmd('qom-get', path='/machine/peripheral/gve0',
                              property=name)
                    counters[name] = r.get('return')
                q.close()
            except (OSError, ValueError) as e:
                counters['error'] = str(e)
            m.send(HOST_MAC + GUEST_MAC + b'\x88\xb5' + bytes(46))
        rc, out = m.finish(deadline)
    exp = expected_devmem()
    payload = sum(1000 + 100 * k for k in range(4)) + 3 * 4096
    diff = compare(m.frames, exp)
    tap.check(not diff, 'devmem TX frames byte-exact (csum offload, TSO)',
              diff + '\n' + out)
    tap.check(counters.get('tx-devmem-bytes') == payload,
              f'tx-devmem-bytes == {payload}', str(counters))
    tap.check(counters.get('tx-payload-copies') == 0,
              'tx-payload-copies == 0', str(counters))
    tap.check(counters.get('tx-host-bytes') == 4 * 42 + 54,
              'tx-host-bytes == header bytes only', str(counters))
    tap.check(counters.get('tx-packets') == len(exp),
              f'tx-packets == {len(exp)}', str(counters))
    tap.check(rc == OK, 'gve-devmem-tx passes in the guest',
              f'status {rc}\n{out}')
    print(f'# counters: {counters}')


def main():
    global BOARD, OK
    args = sys.argv[1:]
    arch = 'x86_64'
    if args and args[0] == '--aarch64':
        arch = args.pop(0)[2:]
    if len(args) < 2 or not os.path.exists(args[1]):
        print('1..0 # SKIP no guest kernel')
        return 0
    BOARD, OK = BOARDS[arch]
    qemu = os.path.join(args[0], 'qemu-system-' + arch)
    kernel = args[1]
    print('1..31', flush=True)
    tap = Tap()
    boot_datapath(tap, qemu, kernel)
    boot_datapath(tap, qemu, kernel, 'GQI-QPL', ',dqo-rda=off')
    boot_revision1(tap, qemu, kernel)
    boot_jumbo(tap, qemu, kernel)
    boot_jumbo(tap, qemu, kernel, 'GQI-QPL', ',dqo-rda=off')
    boot_rss(tap, qemu, kernel)
    boot_rss(tap, qemu, kernel, 'GQI-QPL', ',dqo-rda=off')
    boot_link(tap, qemu, kernel)
    boot_net(tap, qemu, kernel)
    boot_devmem(tap, qemu, kernel)
    return 1 if tap.failed else 0


if __name__ == '__main__':
    sys.exit(main())
