#!/usr/bin/env python3
"""Print N free TCP ports on 127.0.0.1, one per line.

Ports are taken from 20000..32767, i.e. BELOW the kernel's default ephemeral
range (32768..60999): the benchmark opens hundreds of thousands of outgoing
connections (wrk -H 'Connection: close', ~10k idle connections), and a
listening port inside the ephemeral range could collide with a port the
kernel hands out to a client socket between "found free" and "server bound".
All candidate sockets are held open until the end so the N ports are distinct.
"""
import random
import socket
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1
lo, hi = 20000, 32767
start = random.randint(lo, hi)
held, ports = [], []
for i in range(hi - lo + 1):          # bounded: at most one pass over the range
    port = lo + (start - lo + i) % (hi - lo + 1)
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        s.close()
        continue
    held.append(s)
    ports.append(port)
    if len(ports) == n:
        break
for s in held:
    s.close()
if len(ports) < n:
    sys.exit("freeports: could not find %d free ports" % n)
print("\n".join(map(str, ports)))
