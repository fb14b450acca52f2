#!/usr/bin/env python3
"""Resource usage of a process TREE (a pid and all its descendants).

  proctree.py pids PID...  -> the pids, space separated
  proctree.py cpu  PID...  -> utime+stime of the tree(s), in microseconds
  proctree.py rss  PID...  -> VmRSS summed over the tree(s), in KiB
  proctree.py upconns PID PORT
                         -> established TCP connections owned by the tree
                            whose REMOTE port is PORT (proxy -> upstream)

Why a tree: nginx does its work in worker processes (children of the master),
and `bin/karaf` is a shell script whose child is the JVM; summing over the
tree makes all proxies comparable with one rule. A shell parent adds a
constant to RSS and ~0 CPU, which cancels out in the before/after deltas.
"""
import os
import sys

CLK_TCK = os.sysconf("SC_CLK_TCK")


def stat_fields(pid):
    with open("/proc/%d/stat" % pid) as f:
        data = f.read()
    # comm (field 2) may contain spaces and ')'; everything after the LAST ')'
    # is well-formed. fields[0] is then 'state' (field 3 in proc(5)).
    return data[data.rindex(")") + 2:].split()


def tree(roots):
    children = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            ppid = int(stat_fields(int(name))[1])
        except (OSError, ValueError):
            continue                      # process vanished while scanning
        children.setdefault(ppid, []).append(int(name))
    out, todo = [], list(roots)
    while todo:                           # bounded by the number of processes
        pid = todo.pop()
        if pid in out:
            continue
        out.append(pid)
        todo.extend(children.get(pid, []))
    return [p for p in out if os.path.exists("/proc/%d" % p)]


def cpu_us(pids):
    ticks = 0
    for pid in pids:
        try:
            f = stat_fields(pid)
        except OSError:
            continue
        ticks += int(f[11]) + int(f[12])  # utime, stime (fields 14, 15)
    return ticks * 1_000_000 // CLK_TCK


def rss_kib(pids):
    total = 0
    for pid in pids:
        try:
            with open("/proc/%d/status" % pid) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total


def upconns(pids, port):
    """Count sockets of `pids` that are ESTABLISHED to remote `port`.

    /proc/net/tcp{,6} gives state, ports and the socket inode; /proc/PID/fd
    tells which process holds which inode. Sockets of other processes (e.g.
    the other proxies' idle upstream pools) are thereby not counted.
    """
    want = "%04X" % port
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    x = line.split()
                    if x[3] == "01" and x[2].rsplit(":", 1)[1] == want:
                        inodes.add(x[9])
        except OSError:
            continue
    n = 0
    for pid in pids:
        d = "/proc/%d/fd" % pid
        try:
            fds = os.listdir(d)
        except OSError:
            continue
        for fd in fds:
            try:
                link = os.readlink(d + "/" + fd)
            except OSError:
                continue
            if link.startswith("socket:[") and link[8:-1] in inodes:
                n += 1
    return n


def main():
    what = sys.argv[1]
    if what == "upconns":
        roots, port = [int(sys.argv[2])], int(sys.argv[3])
    else:
        roots = [int(a) for a in sys.argv[2:]]
    pids = tree(roots)
    if not pids:
        sys.exit("proctree: pid(s) %s not running" % " ".join(map(str, roots)))
    if what == "pids":
        print(" ".join(map(str, pids)))
    elif what == "cpu":
        print(cpu_us(pids))
    elif what == "rss":
        print(rss_kib(pids))
    elif what == "upconns":
        print(upconns(pids, port))
    else:
        sys.exit("usage: proctree.py pids|cpu|rss PID... | upconns PID PORT")


main()
