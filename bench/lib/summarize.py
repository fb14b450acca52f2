#!/usr/bin/env python3
"""Turn run.sh's or tls.sh's raw records into the comparison table.

Input (one record per line, 'key=value' fields, other lines ignored):
  wrk  round=R target=T [key=ecdsa|rsa] workload=ka|close|big requests=..
       duration_us=.. bytes=.. err_*=.. p50_us=.. p99_us=.. cpu_us=.. up_cpu_us=..
  idle round=R target=T opened=.. alive=.. rss_before_kib=.. rss_after_kib=..
       upstream_conns=..
  skip target=T reason=...
  tls  target=T key=K proto=.. cipher=.. group=.. ...   (tls.sh: handshake facts)
  client wrk_hellos=.. wrk_offered_session=.. shim_hellos=.. shim_offered_session=..
Records with key= (tls.sh) give the TLS table, the others run.sh's table.
Each table cell is the MEDIAN over rounds of the per-round value.
"""
import statistics
import sys

TARGETS = ["direct", "haproxy", "nginx", "rp"]
TLS_TARGETS = ["haproxy", "nginx", "rp"]
TLS_KEYS = [("ecdsa", "ECDSA P-256"), ("rsa", "RSA 2048")]

# (key, label, better, format). better: "high", "low" or None (info only).
ROWS = [
    ("ka_rps",      "(a) keep-alive 100 B       req/s",      "high", "{:.0f}"),
    ("ka_p99",      "(a) keep-alive 100 B       p99 ms",     "low",  "{:.2f}"),
    ("close_rps",   "(b) new conn/request 100 B req/s",      "high", "{:.0f}"),
    ("close_p99",   "(b) new conn/request 100 B p99 ms",     "low",  "{:.2f}"),
    ("big_mibs",    "(c) keep-alive 1 MiB       MiB/s",      "high", "{:.1f}"),
    ("ka_cpu",      "(d) CPU during (a)         us/req",     "low",  "{:.1f}"),
    ("close_cpu",   "(d) CPU during (b)         us/req",     "low",  "{:.1f}"),
    ("idle_kib",    "(e) idle keep-alive conn   KiB/conn",   "low",  "{:.2f}"),
    ("idle_heap_kib", "    of which live Java heap KiB/conn", None, "{:.2f}"),
    ("idle_alive",  "    idle conns alive at measurement",   None,   "{:.0f}"),
    ("idle_upconn", "    upstream conns held while idle",    None,   "{:.0f}"),
    ("errors",      "    wrk errors, all runs (sum)",        None,   "{:.0f}"),
]


def tls_rows(keys):
    """tls.sh's rows, per key type present: (a) new connections, (b) keep-alive."""
    rows = []
    for key, name in TLS_KEYS:
        if key not in keys:
            continue
        rows += [
            (None,            name, None, None),
            (key + ":close_rps", "(a) new TLS conn/request  req/s",  "high", "{:.0f}"),
            (key + ":close_p99", "(a) new TLS conn/request  p99 ms", "low",  "{:.2f}"),
            (key + ":close_cpu", "(a) CPU of the proxy      us/req", "low",  "{:.1f}"),
            (key + ":close_client", "    wrk's CPU, % of one core",  None,   "{:.0f}"),
            (key + ":ka_rps",    "(b) keep-alive HTTPS      req/s",  "high", "{:.0f}"),
            (key + ":ka_p99",    "(b) keep-alive HTTPS      p99 ms", "low",  "{:.2f}"),
            (key + ":ka_cpu",    "(b) CPU of the proxy      us/req", "low",  "{:.1f}"),
            (key + ":ka_client", "    wrk's CPU, % of one core",  None,   "{:.0f}"),
        ]
    rows.append(("errors", "    wrk errors, all runs (sum)", None, "{:.0f}"))
    return rows


def parse(path):
    recs, skips = [], {}
    with open(path) as f:
        for line in f:
            # Records start in column 0; the table appended at the end of a
            # results file is indented and has no key=value fields.
            if not line.startswith(("wrk ", "idle ", "skip ", "tls ", "client ")):
                continue
            parts = line.split()
            kv = dict(p.split("=", 1) for p in parts[1:] if "=" in p)
            if "target" not in kv and parts[0] != "client":
                continue
            if parts[0] == "skip":
                skips[kv.get("target", "?")] = line.split("reason=", 1)[-1].strip()
            else:
                recs.append((parts[0], kv))
    return recs, skips


def values(recs):
    """-> {(target, key): [per-round values]}"""
    out, errors = {}, {}

    def add(t, k, v):
        out.setdefault((t, k), []).append(v)

    for kind, r in recs:
        if kind not in ("wrk", "idle"):
            continue
        t = r["target"]
        if kind == "wrk":
            req = int(r["requests"])
            secs = int(r["duration_us"]) / 1e6
            errs = sum(int(v) for k, v in r.items() if k.startswith("err_"))
            errors[t] = errors.get(t, 0) + errs
            wl = r["workload"]
            if "key" in r:                  # tls.sh: one set of rows per key type
                wl = r["key"] + ":" + wl
            if req <= 0 or secs <= 0:
                continue
            if wl.split(":")[-1] in ("ka", "close"):
                add(t, wl + "_rps", req / secs)
                add(t, wl + "_p99", float(r["p99_us"]) / 1000)
                add(t, wl + "_cpu", int(r["cpu_us"]) / req)
                if "client_cpu_us" in r:     # wrk's own CPU, % of one core
                    add(t, wl + "_client", 100 * int(r["client_cpu_us"]) / int(r["duration_us"]))
            elif wl == "big":
                add(t, "big_mibs", int(r["bytes"]) / 1048576 / secs)
        elif kind == "idle":
            alive = int(r["alive"])
            # JVM: live-heap growth (after full GC) is added to the RSS growth;
            # see measure_idle in run.sh for why RSS alone is not enough.
            heap = 0
            if "heap_after_kib" in r and "heap_before_kib" in r:
                heap = int(r["heap_after_kib"]) - int(r["heap_before_kib"])
            if alive > 0:
                add(t, "idle_kib",
                    (int(r["rss_after_kib"]) - int(r["rss_before_kib"]) + heap) / alive)
                if "heap_after_kib" in r:
                    add(t, "idle_heap_kib", heap / alive)
            add(t, "idle_alive", alive)
            if r.get("upstream_conns", "-") != "-":
                add(t, "idle_upconn", int(r["upstream_conns"]))
    for t, n in errors.items():
        add(t, "errors", n)
    return out


DISTURBED_PCT = 30


def cores(path):
    """Cores of the machine, from the header line '# host: ..., N cores, ...'."""
    with open(path) as f:
        for line in f:
            if line.startswith("# host:"):
                for part in line.split(","):
                    if part.strip().endswith(" cores"):
                        return int(part.split()[0])
    return 0


def disturbed(recs, ncores):
    """Runs during which other processes were busy: [(label, pct)]. Needs client_cpu_us
    (wrk's own CPU) in the records; the estimate is rough (process times and /proc/stat's
    softirq overlap), hence the high threshold."""
    out = []
    for kind, r in recs:
        if kind != "wrk" or "client_cpu_us" not in r or not ncores:
            continue
        dur = int(r["duration_us"])
        own = int(r["cpu_us"]) + int(r["client_cpu_us"])
        if r["target"] != "direct":          # for 'direct' the upstream IS the measured tree
            own += int(r["up_cpu_us"])
        other = (int(r["box_busy_pct"]) - int(r["box_irq_pct"]) - int(r["box_steal_pct"])
                 - 100.0 * own / (dur * ncores))
        if other >= DISTURBED_PCT:
            label = "/".join(r[k] for k in ("target", "key", "workload") if k in r)
            out.append(("%s round %s" % (label, r["round"]), other))
    return out


def table(med, skips, rows, targets):
    w0, w = 38, 11
    head = "metric".ljust(w0) + "".join(t.rjust(w) for t in targets) + "   rp/best(haproxy,nginx)"
    print(head)
    print("-" * len(head))
    for key, label, better, fmt in rows:
        if key is None:                     # a heading line
            print(label)
            continue
        cells = []
        for t in targets:
            if t in skips:
                cells.append("skip")
            elif (t, key) in med:
                cells.append(fmt.format(med[(t, key)]))
            else:
                cells.append("-")
        ratio = ""
        if better:
            best = [med[(t, key)] for t in ("haproxy", "nginx") if (t, key) in med]
            if (("rp", key) in med) and best:
                b = max(best) if better == "high" else min(best)
                ratio = ("{:.2f}".format(med[("rp", key)] / b) if b else "inf")
            else:
                ratio = "n/a"
            ratio += "  (%s is better)" % (">1" if better == "high" else "<1")
        print(label.ljust(w0) + "".join(c.rjust(w) for c in cells) + "   " + ratio)


def main():
    recs, skips = parse(sys.argv[1])
    vals = values(recs)
    med = {k: statistics.median(v) for k, v in vals.items()}
    keys = {r["key"] for kind, r in recs if kind == "wrk" and "key" in r}
    if keys:
        table(med, skips, tls_rows(keys), TLS_TARGETS)
    else:
        table(med, skips, ROWS, TARGETS)
    busy = [int(r["bg_busy_pct"]) for k, r in recs if k == "wrk" and "bg_busy_pct" in r]
    noisy = [b for b in busy if b >= 25]
    if noisy:
        print()
        print("WARNING: %d of %d runs started while processes outside the benchmark kept the"
              % (len(noisy), len(busy)))
        print("machine >=25%% busy (max %d%%): these numbers are skewed; rerun on an idle machine."
              % max(noisy))
    during = disturbed(recs, cores(sys.argv[1]))
    if during:
        print()
        print("WARNING: during %d run(s) processes outside the benchmark used ~%d%% or more of the"
              % (len(during), DISTURBED_PCT))
        print("machine (box busy - softirq - steal - proxy, upstream and wrk CPU; rough, +-20 points):")
        print("  " + ", ".join("%s %d%%" % d for d in during))
    rounds = sorted({r["round"] for k, r in recs if "round" in r})
    print()
    if keys:
        tls_notes(recs, len(rounds), sys.argv[1])
    else:
        print("Cells are medians over %d round(s). 'direct' CPU/memory rows measure the"
              % len(rounds))
        print("upstream nginx itself (there is no proxy); other columns measure the proxy")
        print("process tree only. See bench/README.md for what each row means.")
    for t, reason in skips.items():
        print("SKIP %s: %s" % (t, reason))


def tls_notes(recs, rounds, path):
    print("Cells are medians over %d round(s); CPU is the proxy's process tree only." % rounds)
    with open(path) as f:
        for line in f:
            if line.startswith("# rp TLS provider:"):
                print(line[2:].strip() + " (from rp's karaf.log)")
    print("(a) is Connection: close, one full handshake per request (see below); (b) keep-alive.")
    for kind, r in recs:
        if kind == "client":
            print("Full handshakes: wrk alone offered its previous session in %s of %s ClientHellos;"
                  % (r.get("wrk_offered_session", "?"), r.get("wrk_hellos", "?")))
            print("  with lib/wrk-noresume.c (used for every run) in %s of %s. SNI sent: %s."
                  % (r.get("shim_offered_session", "?"), r.get("shim_hellos", "?"), r.get("sni", "?")))
    tls = [r for kind, r in recs if kind == "tls"]
    if tls:
        print("Handshake with openssl s_client (as wrk: default client, SNI as above):")
        for r in tls:
            print("  %-8s %-6s %s %s %s, %s %s bit; TLS 1.2: %s; weak suites %s, TLS 1.1 %s;"
                  " would resume: %s" % (
                      r["target"], r.get("key", "?"), r.get("proto", "?"), r.get("cipher", "?"),
                      r.get("group", "?"), r.get("sig", "?"), r.get("key_bits", "?"),
                      r.get("tls12_cipher", "?"), r.get("weak_suites", "?"), r.get("tls11", "?"),
                      r.get("server_resumes", "?")))
    print("See the TLS section of bench/README.md for what each row means.")


if __name__ == "__main__":
    main()
