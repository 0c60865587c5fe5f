#!/usr/bin/env python3
"""registry-flood.py — abuses a running `reco registry serve` and reports
what it did, one "key value" per line, for registry-abuse.t (and for the
figures in the README):

  registry-flood.py half-sent PORT PID N SIZE [distinct|single]
      N connections to POST /api/reports with Content-Length SIZE, each
      sending all of its body but the last byte, held open while the
      server's resident memory is read (/proc/PID/status):
      rss_before_kb, rss_held_kb, accepted (bodies the server took in full),
      refused (answered or closed early).  distinct: each from its own
      address of 127.0.0.0/8, so that no per-address limit hides anything.
  registry-flood.py idle PORT N
      N idle connections from 127.0.0.1, then one more request from it and
      one from 127.0.9.1: open (connections the server kept), same_address
      (HTTP status or 0 when refused), other_address.
  registry-flood.py slow PORT
      an upload that sends one byte every half second: seconds (until the
      server closed it), closed (1 when it did within 30 s).
"""
import socket, sys, time

def rss_kb(pid):
    for line in open("/proc/%s/status" % pid):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0

def connect(port, source="127.0.0.1", timeout=10):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.bind((source, 0))
    s.connect(("127.0.0.1", port))
    return s

def headers(size):
    return ("POST /api/reports HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Content-Length: %d\r\n\r\n" % size).encode()

def early_answer(s):
    """True when the server already answered or closed the connection."""
    s.settimeout(0.05)
    try:
        s.recv(1, socket.MSG_PEEK) # data (an answer) or b"" (closed)
        return True
    except (socket.timeout, BlockingIOError):
        return False
    except OSError:
        return True

def half_sent(port, pid, n, size, mode):
    before = rss_kb(pid)
    body = b"a" * (size - 1)
    socks, accepted, refused = [], 0, 0
    for i in range(n):
        src = "127.0.%d.%d" % (10 + i // 250, i % 250 + 1) if mode == "distinct" else "127.0.0.1"
        try:
            s = connect(port, src)
            s.sendall(headers(size))
            s.sendall(body)
            if early_answer(s):
                refused += 1
                s.close()
                continue
            socks.append(s)
            accepted += 1
        except OSError:
            refused += 1
    time.sleep(1.0)
    held = rss_kb(pid)
    print("rss_before_kb", before)
    print("rss_held_kb", held)
    print("accepted", accepted)
    print("refused", refused)
    for s in socks:
        s.close()

def status_of(port, source):
    try:
        s = connect(port, source, timeout=5)
        s.sendall(b"GET /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = s.recv(64)
        s.close()
        return int(data.split()[1]) if data.startswith(b"HTTP/") else 0
    except (OSError, ValueError, IndexError):
        return 0

def idle(port, n):
    socks = []
    for _ in range(n):
        try:
            socks.append(connect(port))
        except OSError:
            pass
    time.sleep(0.5)
    alive = [s for s in socks if not early_answer(s)]
    print("open", len(alive))
    print("same_address", status_of(port, "127.0.0.1"))
    print("other_address", status_of(port, "127.0.9.1"))
    for s in socks:
        s.close()

def slow(port):
    s = connect(port)
    s.sendall(headers(1000))
    start = time.time()
    closed = 0
    while time.time() - start < 30:
        try:
            s.sendall(b"a")
            if early_answer(s):
                closed = 1
                break
        except OSError:
            closed = 1
            break
        time.sleep(0.5)
    print("seconds", int(time.time() - start))
    print("closed", closed)
    s.close()

mode = sys.argv[1]
if mode == "half-sent":
    half_sent(int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5]),
              sys.argv[6] if len(sys.argv) > 6 else "distinct")
elif mode == "idle":
    idle(int(sys.argv[2]), int(sys.argv[3]))
elif mode == "slow":
    slow(int(sys.argv[2]))
else:
    sys.exit("unknown mode " + mode)
