#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""QMP and HMP against the real binary, replayed from transcripts.

Each transcript is a list of steps: ("->", text) sends one line to the
emulator, ("<-", text) expects one output line exactly (its CRLF included;
event timestamps are masked as S/U).  The greeting's version object is
captured and reused for query-version.  Output is TAP.

Usage: qmp-transcript.py BUILDDIR
"""
import os
import re
import select
import signal
import socket
import subprocess
import sys
import tempfile
import time

BUILD = sys.argv[1] if len(sys.argv) > 1 else "build"
X86 = os.path.join(BUILD, "qemu-system-x86_64")
TIMEOUT = 10.0
BASE = ["-machine", "none", "-display", "none", "-nodefaults"]

TS_RE = re.compile(rb'"seconds": [0-9]+, "microseconds": [0-9]+')
GREETING_RE = re.compile(
    rb'^\{"QMP": \{"version": (\{"qemu": \{"micro": [0-9]+, "minor": '
    rb'[0-9]+, "major": [0-9]+\}, "package": "[^"]*"\}), '
    rb'"capabilities": \[\]\}\}\r\n$')


class Failure(Exception):
    pass


def ev(name, data=None):
    """An event line as it looks after timestamp masking."""
    line = ('{"timestamp": {"seconds": S, "microseconds": U}, '
            f'"event": "{name}"')
    if data is not None:
        line += f', "data": {data}'
    return line + "}"


class Stream:
    """Line reader over a pipe or a socket, with a deadline per line."""

    def __init__(self, fd, recv):
        self.fd = fd
        self.recv = recv
        self.buf = b""
        self.eof = False

    def _fill(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([self.fd], [], [], left)[0]:
            raise Failure("timed out; have %r" % self.buf)
        data = self.recv()
        if not data:
            self.eof = True
        self.buf += data

    def read_until(self, sep):
        deadline = time.monotonic() + TIMEOUT
        while sep not in self.buf:
            if self.eof:
                raise Failure("EOF; have %r" % self.buf)
            self._fill(deadline)
        i = self.buf.index(sep) + len(sep)
        line, self.buf = self.buf[:i], self.buf[i:]
        return line

    def read_line(self):
        return self.read_until(b"\n")

    def expect_eof(self):
        deadline = time.monotonic() + TIMEOUT
        while not self.eof:
            self._fill(deadline)
        if self.buf:
            raise Failure("unexpected output before EOF: %r" % self.buf)


class Replay:
    """Run a transcript over a Stream and a send function."""

    def __init__(self, stream, send):
        self.stream = stream
        self.send = send
        self.version = None

    def expect(self, want):
        got = TS_RE.sub(b'"seconds": S, "microseconds": U',
                        self.stream.read_line())
        if want == "GREETING":
            m = GREETING_RE.match(got)
            if not m:
                raise Failure("bad greeting %r" % got)
            self.version = m.group(1).decode()
            return
        want = want.replace("VERSION", self.version or "?")
        if got != want.encode() + b"\r\n":
            raise Failure("expected %r\n#      got %r" % (want, got))

    def run(self, steps):
        for direction, text in steps:
            if direction == "->":
                self.send((text + "\n").encode())
            else:
                self.expect(text)


class Emulator:
    def __init__(self, args):
        self.proc = subprocess.Popen([X86] + args, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        out = self.proc.stdout
        self.stdout = Stream(out.fileno(),
                             lambda: os.read(out.fileno(), 65536))

    def send(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def replay(self, steps):
        r = Replay(self.stdout, self.send)
        r.run(steps)
        return r

    def finish(self, status=0):
        """The emulator must exit by itself with @status."""
        try:
            rc = self.proc.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            raise Failure("emulator did not exit")
        err = self.proc.stderr.read().decode(errors="replace")
        if rc != status:
            raise Failure("exit status %d, stderr %r" % (rc, err))
        return err

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            f.close()


NEGOTIATE_FIRST = ('{"error": {"class": "CommandNotFound", "desc": '
                   '"Expecting capabilities negotiation with '
                   '\'qmp_capabilities\'"}}')
OK = '{"return": {}}'
SHUTDOWN_QUIT = ev("SHUTDOWN", '{"guest": false, "reason": "host-qmp-quit"}')

# Spec section 8, on machine none (no singlestep member).
TRANSCRIPT = [
    ("<-", "GREETING"),
    ("->", '{"execute":"query-status"}'),
    ("<-", NEGOTIATE_FIRST),
    ("->", '{"execute":"qmp_capabilities","id":1}'),
    ("<-", '{"return": {}, "id": 1}'),
    ("->", '{"execute":"qmp_capabilities"}'),
    ("<-", '{"error": {"class": "CommandNotFound", "desc": "Capabilities '
           'negotiation is already complete, command ignored"}}'),
    ("->", '{"execute":"query-status","id":"a"}'),
    ("<-", '{"return": {"status": "prelaunch", "running": false}, '
           '"id": "a"}'),
    ("->", '{"execute":"query-version"}'),
    ("<-", '{"return": VERSION}'),
    ("->", '{"execute":"query-name"}'),
    ("<-", '{"return": {"name": "myvm"}}'),
    ("->", '{"execute":"cont","id":2}'),
    ("<-", ev("RESUME")),
    ("<-", '{"return": {}, "id": 2}'),
    ("->", '{"execute":"stop"}'),
    ("<-", ev("STOP")),
    ("<-", OK),
    ("->", '{"execute":"stop"}'),
    ("<-", OK),
    ("->", '{"execute":"system_reset"}'),
    ("<-", ev("RESET", '{"guest": false, "reason": '
                       '"host-qmp-system-reset"}')),
    ("<-", OK),
    ("->", '{"execute":"no-such-command","id":3}'),
    ("<-", '{"id": 3, "error": {"class": "CommandNotFound", "desc": '
           '"The command no-such-command has not been found"}}'),
    ("->", "{'execute':'query-name','id':{'x':[1,2]}}"),
    ("<-", '{"return": {"name": "myvm"}, "id": {"x": [1, 2]}}'),
    ("->", '{"execute":"human-monitor-command","arguments":'
           '{"command-line":"info status"}}'),
    ("<-", '{"return": "VM status: paused (prelaunch)\\r\\n"}'),
    ("->", '{"execute":"device_del","arguments":{"id":"nope"}}'),
    ("<-", '{"error": {"class": "DeviceNotFound", "desc": '
           '"Device \'nope\' not found"}}'),
    ("->", '{"execute":"query-target"}'),
    ("<-", '{"return": {"arch": "x86_64"}}'),
    ("->", '{"execute":"quit"}'),
    ("<-", SHUTDOWN_QUIT),
    ("<-", OK),
]

NONAME = [
    ("<-", "GREETING"),
    ("->", "{ 'execute': 'qmp_capabilities' }"),
    ("<-", OK),
    ("->", '{"execute":"query-name","id":10}'),
    ("<-", '{"return": {}, "id": 10}'),
    ("->", '{"execute":"query-kvm"}'),
    ("<-", '{"return": {"enabled": false, "present": false}}'),
    ("->", '{"execute":"query-cpus-fast"}'),
    ("<-", '{"return": []}'),
    ("->", '{"execute":"query-status"}'),
    ("<-", '{"return": {"status": "running", "running": true}}'),
    # Malformed input is answered and the session goes on.
    ("->", '{"execute":"stop","arguments":[]}'),
    ("<-", '{"error": {"class": "GenericError", "desc": "QMP input member '
           '\'arguments\' must be an object"}}'),
    ("->", '{"execute":"query-status","arguments":{"bogus":1}}'),
    ("<-", '{"error": {"class": "GenericError", "desc": "Parameter '
           '\'bogus\' is unexpected"}}'),
    ("->", '{"execute":"stop"}{"execute":"cont"}'),
    ("<-", ev("STOP")),
    ("<-", OK),
    ("<-", ev("RESUME")),
    ("<-", OK),
    ("->", '{"execute":"quit"}'),
    ("<-", SHUTDOWN_QUIT),
    ("<-", OK),
]


def test_transcript():
    emu = Emulator(BASE + ["-qmp", "stdio", "-S", "-name", "myvm"])
    try:
        emu.replay(TRANSCRIPT)
        emu.stdout.expect_eof()
        emu.finish(0)
    finally:
        emu.kill()


def test_no_name():
    emu = Emulator(BASE + ["-qmp", "stdio"])
    try:
        emu.replay(NONAME)
        emu.stdout.expect_eof()
        emu.finish(0)
    finally:
        emu.kill()


def test_pretty():
    emu = Emulator(BASE + ["-qmp-pretty", "stdio", "-S"])
    try:
        lines = [emu.stdout.read_line() for _ in range(14)]
        want = [b"{", b'    "QMP": {', b'        "version": {',
                b'            "qemu": {']
        if [line.rstrip(b"\r\n") for line in lines[:4]] != want:
            raise Failure("bad pretty greeting %r" % lines)
        if not all(line.endswith(b"\r\n") for line in lines):
            raise Failure("a line without CRLF in %r" % lines)
        if lines[-1] != b"}\r\n":
            raise Failure("greeting does not end the right way: %r" % lines)
        emu.send(b'{"execute":"qmp_capabilities"}\n')
        got = b"".join(emu.stdout.read_line() for _ in range(4))
        if got != b'{\r\n    "return": {\r\n    }\r\n}\r\n':
            raise Failure("pretty return: %r" % got)
        emu.send(b'{"execute":"quit"}\n')
    finally:
        emu.kill()


def test_hmp_stdio():
    emu = Emulator(BASE + ["-monitor", "stdio", "-S", "-name", "myvm"])
    try:
        banner = emu.stdout.read_line()
        if not re.match(rb"^QEMU [0-9]+\.[0-9]+\.[0-9]+ monitor - type "
                        rb"'help' for more information\r\n$", banner):
            raise Failure("bad banner %r" % banner)
        if emu.stdout.read_until(b"(qemu) ") != b"(qemu) ":
            raise Failure("no prompt")
        emu.send(b"info status\n")
        want = [b"info status\r\n", b"VM status: paused (prelaunch)\r\n"]
        got = [emu.stdout.read_line() for _ in want]
        if got != want:
            raise Failure("info status: %r" % got)
        emu.stdout.read_until(b"(qemu) ")
        emu.send(b"bogus\ninfo name\nquit\n")
        want = [b"bogus\r\n", b"unknown command: 'bogus'\r\n",
                b"(qemu) info name\r\n", b"myvm\r\n", b"(qemu) quit\r\n"]
        got = [emu.stdout.read_line() for _ in want]
        if got != want:
            raise Failure("session: %r" % got)
        emu.stdout.expect_eof()
        emu.finish(0)
    finally:
        emu.kill()


def sock_stream(sock):
    return Stream(sock.fileno(), lambda: sock.recv(65536))


def sock_replay(sock, steps):
    Replay(sock_stream(sock), sock.sendall).run(steps)


def connect_unix(path):
    deadline = time.monotonic() + TIMEOUT
    while True:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(path)
            return s
        except OSError:
            s.close()
            if time.monotonic() > deadline:
                raise Failure("cannot connect to %s" % path)
            time.sleep(0.05)


def test_unix_server_reconnect():
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "qmp.sock")
        emu = Emulator(BASE + ["-qmp", f"unix:{path},server=on,wait=off",
                               "-S"])
        try:
            s = connect_unix(path)
            sock_replay(s, [("<-", "GREETING"),
                            ("->", '{"execute":"qmp_capabilities"}'),
                            ("<-", OK),
                            ("->", '{"execute":"query-na')])
            s.close()
            # The emulator lives on; the new peer starts from scratch.
            s = connect_unix(path)
            sock_replay(s, [("<-", "GREETING"),
                            ("->", '{"execute":"query-status"}'),
                            ("<-", NEGOTIATE_FIRST),
                            ("->", '{"execute":"qmp_capabilities"}'),
                            ("<-", OK),
                            ("->", '{"execute":"quit"}'),
                            ("<-", SHUTDOWN_QUIT),
                            ("<-", OK)])
            s.close()
            emu.finish(0)
        finally:
            emu.kill()


def test_client_socket():
    """libqtest's way: the emulator connects to a listening socket."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "qmp.sock")
        lsock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        lsock.bind(path)
        lsock.listen(1)
        emu = Emulator(BASE + ["-chardev", f"socket,path={path},id=char0",
                               "-mon", "chardev=char0,mode=control"])
        try:
            if not select.select([lsock], [], [], TIMEOUT)[0]:
                raise Failure("emulator did not connect")
            s, _ = lsock.accept()
            sock_replay(s, [("<-", "GREETING"),
                            ("->", "{ 'execute': 'qmp_capabilities' }"),
                            ("<-", OK),
                            ("->", '{"execute":"query-status"}'),
                            ("<-", '{"return": {"status": "running", '
                                   '"running": true}}'),
                            ("->", '{"execute":"quit"}'),
                            ("<-", SHUTDOWN_QUIT),
                            ("<-", OK)])
            sock_stream(s).expect_eof()
            s.close()
            emu.finish(0)
        finally:
            lsock.close()
            emu.kill()


def test_sigterm():
    emu = Emulator(BASE + ["-qmp", "stdio", "-S"])
    try:
        emu.replay([("<-", "GREETING"),
                    ("->", '{"execute":"qmp_capabilities"}'),
                    ("<-", OK)])
        emu.proc.send_signal(signal.SIGTERM)
        emu.replay([("<-", ev("SHUTDOWN", '{"guest": false, "reason": '
                                          '"host-signal"}'))])
        emu.stdout.expect_eof()
        emu.finish(0)
    finally:
        emu.kill()


TESTS = [
    ("transcript (spec section 8)", test_transcript),
    ("no -name, malformed input, two requests per line", test_no_name),
    ("-qmp-pretty", test_pretty),
    ("-monitor stdio (HMP)", test_hmp_stdio),
    ("unix server: reconnect restarts negotiation",
     test_unix_server_reconnect),
    ("client socket + -mon (libqtest style)", test_client_socket),
    ("SIGTERM: SHUTDOWN host-signal, exit 0", test_sigterm),
]


def main():
    print("1..%d" % len(TESTS))
    failed = 0
    for i, (name, fn) in enumerate(TESTS, 1):
        try:
            fn()
            print("ok %d - %s" % (i, name))
        except Failure as e:
            failed += 1
            print("not ok %d - %s" % (i, name))
            for line in str(e).splitlines():
                print("# " + line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
