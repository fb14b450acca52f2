#!/usr/bin/env python3
"""Open N idle HTTP/1.1 keep-alive connections and hold them.

Each connection completes ONE full request/response (GET /PBX0/x100 with
Host: pbx.example.com) before it is held, so that in the proxy it is past
any "first message" / protocol-sniffing stage and is a real, relayed
keep-alive connection (and the proxy had the chance to open and pool its
upstream connection).

Protocol with run.sh (files, so no pipes to keep open):
  1. open the connections (bounded by --open-timeout seconds in total),
  2. write a JSON line {"opened":..,"failed":..,"first_error":..} to --ready,
  3. wait until the file --go exists (bounded by --hold-max seconds); run.sh
     measures the proxy's RSS in between,
  4. count how many connections are still open (the proxy may have closed
     idle ones: that would make the RSS figure meaningless, so it is reported),
  5. print {"opened":..,"alive":..} on stdout and reset all connections.
"""
import argparse
import json
import os
import resource
import select
import socket
import struct
import sys
import time

ap = argparse.ArgumentParser()
ap.add_argument("--host", default="127.0.0.1")
ap.add_argument("--port", type=int, required=True)
ap.add_argument("-n", type=int, default=9900)
ap.add_argument("--vhost", default="pbx.example.com")
ap.add_argument("--path", default="/PBX0/x100")
ap.add_argument("--ready", required=True)
ap.add_argument("--go", required=True)
ap.add_argument("--open-timeout", type=float, default=120.0)
ap.add_argument("--hold-max", type=float, default=120.0)
args = ap.parse_args()

# One fd per connection on our side: take everything the hard limit allows.
_, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

REQ = ("GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: rp-bench-idle\r\n\r\n"
       % (args.path, args.vhost)).encode()


def one_request(s):
    """Send REQ, read exactly one response (Content-Length framed)."""
    s.sendall(REQ)
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = s.recv(65536)
        if not chunk:
            raise OSError("closed before response headers")
        buf += chunk
        if len(buf) > 65536:
            raise OSError("response headers too large")
    head, body = buf.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    status = lines[0].split(" ", 2)
    if len(status) < 2 or status[1] != "200":
        raise OSError("status line %r" % lines[0])
    length, close = None, False
    for line in lines[1:]:
        k, _, v = line.partition(":")
        k, v = k.strip().lower(), v.strip().lower()
        if k == "content-length":
            length = int(v)
        elif k == "connection" and "close" in v:
            close = True
    if length is None:
        raise OSError("no Content-Length (chunked response not expected)")
    while len(body) < length:
        chunk = s.recv(65536)
        if not chunk:
            raise OSError("closed mid-body")
        body += chunk
    if close:
        raise OSError("server answered Connection: close")


conns, failed, first_error = [], 0, None
deadline = time.monotonic() + args.open_timeout
for i in range(args.n):                      # bounded: n attempts, one deadline
    if time.monotonic() > deadline:
        first_error = first_error or "open timeout after %d connections" % len(conns)
        break
    s = None
    try:
        s = socket.create_connection((args.host, args.port), timeout=10)
        one_request(s)
        conns.append(s)
    except OSError as e:
        failed += 1
        first_error = first_error or "%s: %s" % (type(e).__name__, e)
        if s is not None:
            s.close()
        if failed > 50:                      # something is clearly wrong: stop
            break

with open(args.ready + ".tmp", "w") as f:
    json.dump({"opened": len(conns), "failed": failed, "first_error": first_error}, f)
os.rename(args.ready + ".tmp", args.ready)  # atomic: run.sh never reads half a file

hold_deadline = time.monotonic() + args.hold_max
while not os.path.exists(args.go) and time.monotonic() < hold_deadline:
    time.sleep(0.05)

# Which connections did the other side close (EOF/RST) while we held them?
poller = select.poll()
by_fd = {}
for s in conns:
    poller.register(s.fileno(), select.POLLIN | select.POLLRDHUP)
    by_fd[s.fileno()] = s
dead = 0
for fd, ev in poller.poll(0):
    if ev & (select.POLLHUP | select.POLLERR | select.POLLRDHUP):
        dead += 1
        continue
    try:
        if by_fd[fd].recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b"":
            dead += 1
    except (BlockingIOError, InterruptedError):
        pass
    except OSError:
        dead += 1

print(json.dumps({"opened": len(conns), "failed": failed, "alive": len(conns) - dead}))
sys.stdout.flush()

# Close with RST (SO_LINGER 0): a normal close would leave ~10k sockets in
# TIME_WAIT for 60 s, eating ephemeral ports needed by the next measurements.
linger0 = struct.pack("ii", 1, 0)
for s in conns:
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger0)
    except OSError:
        pass
    s.close()
