#!/usr/bin/env python3
"""A relay in front of an MPD unix socket that misbehaves once, on cue.

    mpd-relay.py LISTEN TARGET [--at WORD] [--hold-request SECONDS]
                 [--hold-answer SECONDS] [--stop-pid PID --stop SECONDS]
                 [--mark FILE]

Every connection to LISTEN is passed on to TARGET.  The first time a client
sends a request holding a line that starts with WORD, the relay, for that
connection only:
  --hold-request S  keeps that request (and what follows) from MPD for S s,
                    as a slow network or a stalled client would;
  --hold-answer S   passes the request on but keeps MPD's answers from the
                    client for S s, as a server that stalls after acting;
  --stop S          sends SIGSTOP to --stop-pid, passes the request on (it
                    waits in MPD's socket) and sends SIGCONT S s later: MPD
                    itself pauses with the request sent.
--mark FILE is created when the cue is hit, so a test can act in between;
--release FILE ends a --hold-request early once it exists.
Runs until killed.
"""
import argparse
import os
import signal
import socket
import threading
import time

ap = argparse.ArgumentParser()
ap.add_argument("listen")
ap.add_argument("target")
ap.add_argument("--at", default="")
ap.add_argument("--hold-request", type=float, default=0)
ap.add_argument("--hold-answer", type=float, default=0)
ap.add_argument("--stop-pid", type=int, default=0)
ap.add_argument("--stop", type=float, default=0)
ap.add_argument("--mark", default="")
ap.add_argument("--release", default="")
args = ap.parse_args()

lock = threading.Lock()
fired = False


def cue(data):
    """True once, for the first request holding the cue word."""
    global fired
    if not args.at:
        return False
    word = args.at.encode()
    hit = any(line.startswith(word) for line in data.split(b"\n"))
    with lock:
        if hit and not fired:
            fired = True
            if args.mark:
                open(args.mark, "w").close()
            return True
    return False


def hold(seconds):
    """Wait seconds, or less if the --release file shows up."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if args.release and os.path.exists(args.release):
            return
        time.sleep(0.02)


def pump(src, dst, delay_until):
    """Copy src to dst; while delay_until[0] is in the future, wait."""
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            wait = delay_until[0] - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            dst.sendall(data)
    except OSError:
        pass
    for s in (dst, src):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def serve(client):
    server = socket.socket(socket.AF_UNIX)
    server.connect(args.target)
    answer_hold = [0.0]
    threading.Thread(target=pump, args=(server, client, answer_hold),
                     daemon=True).start()
    try:
        while True:
            data = client.recv(65536)
            if not data:
                break
            if cue(data):
                if args.hold_request:
                    hold(args.hold_request)
                if args.hold_answer:
                    answer_hold[0] = time.monotonic() + args.hold_answer
                if args.stop and args.stop_pid:
                    os.kill(args.stop_pid, signal.SIGSTOP)
                    threading.Timer(args.stop, os.kill,
                                    (args.stop_pid, signal.SIGCONT)).start()
                server.sendall(data)
                continue
            server.sendall(data)
    except OSError:
        pass
    # What the client sent before it left still reaches MPD (as the kernel
    # would deliver it); only then does MPD see the end.
    try:
        server.shutdown(socket.SHUT_WR)
    except OSError:
        pass


try:
    os.unlink(args.listen)
except FileNotFoundError:
    pass
ls = socket.socket(socket.AF_UNIX)
ls.bind(args.listen)
ls.listen(16)
while True:
    c, _ = ls.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
