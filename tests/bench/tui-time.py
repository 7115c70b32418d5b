#!/usr/bin/env python3
"""Time one run of a terminal client in a pseudo-terminal (make bench-tui).

Usage: tui-time.py ROWS COLS FRAME_RE KEY LIBRARY_RE ARGV...

Starts ARGV on a ROWSxCOLS pseudo-terminal and prints one line:
"start_ms rss_kib anon_kib lib_ms rss_kib anon_kib": the time from fork to
the first output holding FRAME_RE, the client's memory a second later, the
time from typing KEY to the first output after it holding LIBRARY_RE, and
the memory a second after that.  Reading the client's own output (rather
than polling a terminal multiplexer) times every client to a fraction of a
millisecond, with the same overhead for all.
"""
import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time

# A run of one character may be sent as the character and REP (ESC [ n b).
REP = re.compile(rb"(.)\x1b\[(\d+)b", re.S)
TIMEOUT_S = 20


def expand(data):
    return REP.sub(lambda m: m.group(1) * (int(m.group(2)) + 1), data)


def read_until(fd, pattern, deadline):
    """Read the client's output until pattern shows up in it."""
    seen = b""
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            sys.exit("tui-time: %r not seen in %d s" % (pattern.pattern, TIMEOUT_S))
        if select.select([fd], [], [], left)[0]:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                sys.exit("tui-time: the client exited")
            if pattern.search(expand(seen)):
                return time.monotonic()


def drain(fd, seconds):
    """Keep reading for a while, so the client never blocks on output."""
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        if select.select([fd], [], [], left)[0]:
            try:
                os.read(fd, 65536)
            except OSError:
                return


def memory(pid):
    kib = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "RssAnon"):
                kib[key] = value.split()[0]
    return "%s %s" % (kib["VmRSS"], kib["RssAnon"])


def main():
    rows, cols = int(sys.argv[1]), int(sys.argv[2])
    frame, key, library = re.compile(sys.argv[3].encode()), sys.argv[4], re.compile(sys.argv[5].encode())
    argv = sys.argv[6:]
    t0 = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        os.execvp(argv[0], argv)
    try:
        t1 = read_until(fd, frame, t0 + TIMEOUT_S)
        drain(fd, 1.0)
        mem1 = memory(pid)
        t2 = time.monotonic()
        os.write(fd, key.encode())
        t3 = read_until(fd, library, t2 + TIMEOUT_S)
        drain(fd, 1.0)
        mem2 = memory(pid)
    finally:
        os.kill(pid, signal.SIGTERM)
        drain(fd, 0.5)
        if os.waitpid(pid, os.WNOHANG)[0] == 0:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)
    print("%.1f %s %.1f %s" % ((t1 - t0) * 1000, mem1, (t3 - t2) * 1000, mem2))


main()
