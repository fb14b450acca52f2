#!/usr/bin/env bash
# bench/run.sh - side-by-side benchmark of rp against HAProxy and nginx.
#
# Columns (all on 127.0.0.1, each in front of the same upstream nginx):
#   direct   wrk -> upstream                 (baseline, no proxy)
#   haproxy  wrk -> HAProxy (mode http) -> upstream
#   nginx    wrk -> nginx proxy_pass    -> upstream
#   rp       wrk -> rp (Karaf, copied from karaf-assembly/target/assembly) -> upstream
# Rows: see bench/README.md. Everything this script starts, it stops (trap EXIT).
#
# Usage:  bench/run.sh                      (3 rounds x 10 s, ~15 min)
#         DURATION=3s ROUNDS=1 WARMUP=1s bench/run.sh   (quick smoke run)
# Environment knobs are listed right below.
set -Eeuo pipefail    # -E: the ERR trap below also fires inside functions

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$BENCH_DIR/.." && pwd)
LIB=$BENCH_DIR/lib
CONF=$BENCH_DIR/conf

ROUNDS=${ROUNDS:-3}                   # A B C D rounds; cells are medians over them
DURATION=${DURATION:-10s}             # per wrk run (Ns or Nm)
WARMUP=${WARMUP:-5s}                  # unrecorded wrk run per target+workload first (0 = none)
CONNS=${CONNS:-50}                    # wrk -c
WRK_THREADS=${WRK_THREADS:-1}         # wrk -t; 1 leaves a core for proxy + upstream
IDLE_CONNS=${IDLE_CONNS:-9900}        # idle-memory test; clamped to what the fd limit allows
IDLE_SETTLE=${IDLE_SETTLE:-2}         # seconds between "all open" and the RSS reading
UPSTREAM_WORKERS=${UPSTREAM_WORKERS:-1}
TARGETS=${TARGETS:-direct haproxy nginx rp}   # subset allowed, order kept
RP_ASSEMBLY=${RP_ASSEMBLY:-$REPO_DIR/karaf-assembly/target/assembly}
RP_HEAP=${RP_HEAP:-1g}                # -Xms = -Xmx
RP_EXTRA_JAVA_OPTS=${RP_EXTRA_JAVA_OPTS:-}
RP_PRETOUCH=${RP_PRETOUCH:-1}         # -XX:+AlwaysPreTouch, needed for a meaningful idle-memory figure (see measure_idle)
RP_START_TIMEOUT=${RP_START_TIMEOUT:-90}
RP_ACCESS_LOG=${RP_ACCESS_LOG:-0}     # 1 = keep rp's per-connection access log (others log nothing)
KEEP_WORK=${KEEP_WORK:-0}             # 1 = keep the temp dir (configs, logs) for debugging
VHOST=pbx.example.com
PAUSE=1                               # seconds between runs: settle, and sample background load

log()  { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
warn() { log "WARNING: $*"; }
die()  { log "ERROR: $*"; exit 1; }

# "10s" / "2m" / "10" -> seconds (for the timeouts wrapped around wrk).
to_secs() {
  local d=$1
  case $d in
    *m) d=$(( ${d%m} * 60 )) ;;
    *s) d=${d%s} ;;
  esac
  [[ $d =~ ^[0-9]+$ ]] || die "bad duration '$1' (use Ns or Nm)"
  echo "$d"
}
to_secs "$DURATION" >/dev/null          # validate early, before starting anything
WARMUP_S=$(to_secs "$WARMUP")
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive integer"

for tool in wrk haproxy nginx curl python3 awk timeout; do
  command -v "$tool" >/dev/null ||
    die "$tool not found. On Debian: apt-get update && apt-get install -y wrk haproxy nginx curl python3"
done

# ---------------------------------------------------------------------------
# File descriptors. A relayed connection costs a proxy 2 fds (client side +
# upstream side), so ~10k idle connections need ~20k fds. Raise the soft limit
# to the hard one here; every process started below inherits it.
# ---------------------------------------------------------------------------
NOFILE=$(ulimit -Hn)
[[ $NOFILE == unlimited ]] && NOFILE=1048576
ulimit -n "$NOFILE"
WORKER_CONNECTIONS=$(( NOFILE - 100 ))      # nginx: leaves room for logs, listeners
MAXCONN=$(( (NOFILE - 100) / 2 ))           # haproxy: it reserves ~2 fds per connection
IDLE_N=$IDLE_CONNS
(( IDLE_N > MAXCONN - 50 )) && IDLE_N=$(( MAXCONN - 50 ))
(( IDLE_N > 0 )) || die "open-file hard limit $NOFILE is too low"

# ---------------------------------------------------------------------------
# Work dir, results file, cleanup.
# ---------------------------------------------------------------------------
WORK=$(mktemp -d /tmp/rp-bench.XXXXXX)
mkdir -p "$BENCH_DIR/results"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS=$BENCH_DIR/results/$STAMP.txt       # raw records are appended as we go

declare -a STARTED=()     # pids of everything started in the background
declare -A PORT=()        # target -> port wrk talks to
declare -A MPID=()        # target -> root pid of the process tree that is measured
declare -A SKIP=()        # target -> reason it is not measured
RP_PID="" RP_JAVA_PID="" IDLE_PID="" UPSTREAM_PID=""

# Kill a process tree: TERM, wait (bounded), then KILL what is left.
# The tree is listed first because nginx workers outlive a KILLed master.
stop_tree() {
  local root=$1 pids i
  pids=$(python3 "$LIB/proctree.py" pids "$root" 2>/dev/null) || return 0
  # shellcheck disable=SC2086
  kill -TERM $pids 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    # shellcheck disable=SC2086
    kill -0 $pids 2>/dev/null || return 0
    sleep 0.2
  done
  # shellcheck disable=SC2086
  kill -KILL $pids 2>/dev/null || true
}

stop_rp() {
  [[ -n $RP_PID ]] || return 0
  if kill -0 "$RP_PID" 2>/dev/null; then
    log "stopping rp (bin/stop)"
    local i n=150                       # up to 30 s for a clean shutdown
    # bin/stop fails e.g. when Karaf never got far enough to open its
    # shutdown port: then there is nothing to wait for.
    (cd "$WORK/rp" && timeout 30 bin/stop) >>"$WORK/rp.out" 2>&1 || n=0
    for ((i = 0; i < n; i++)); do
      kill -0 "$RP_PID" 2>/dev/null || break
      sleep 0.2
    done
    stop_tree "$RP_PID"                 # still alive: TERM, then KILL
  fi
  RP_PID=""
}

cleanup() {
  local rc=$?
  set +e
  trap - ERR
  [[ -n $IDLE_PID ]] && kill -KILL "$IDLE_PID" 2>/dev/null
  stop_rp
  local pid
  for pid in "${STARTED[@]}"; do
    [[ $pid == "$RP_PID" ]] || stop_tree "$pid"
  done
  if [[ $KEEP_WORK == 1 ]]; then
    log "work dir kept: $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# With set -e a failing command ends the script silently: say which one.
trap 'log "ERROR: line $LINENO: \"$BASH_COMMAND\" failed"' ERR

mapfile -t free_ports < <(python3 "$LIB/freeports.py" 7)
(( ${#free_ports[@]} == 7 )) || die "could not find free ports"
UPSTREAM_PORT=${free_ports[0]}
PORT[direct]=$UPSTREAM_PORT
PORT[haproxy]=${free_ports[1]}
PORT[nginx]=${free_ports[2]}
PORT[rp]=${free_ports[3]}
RP_SSH_PORT=${free_ports[4]} RP_RMI_REG_PORT=${free_ports[5]} RP_RMI_SRV_PORT=${free_ports[6]}

# render TEMPLATE OUT KEY=VALUE... : replace @KEY@ placeholders.
render() {
  local in=$1 out=$2 kv expr=()
  shift 2
  for kv in "$@"; do expr+=(-e "s|@${kv%%=*}@|${kv#*=}|g"); done
  sed "${expr[@]}" "$in" >"$out"
  ! grep -q '@[A-Z_]*@' "$out" || die "unrendered placeholder in $out"
}

# Wait (bounded by time) until GET url with Host: pbx.example.com answers 200,
# failing early if the server process died.
wait_ready() {
  local url=$1 pid=$2 limit=$3 end code
  end=$(( SECONDS + limit ))
  while (( SECONDS < end )); do
    kill -0 "$pid" 2>/dev/null || return 1
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -H "Host: $VHOST" "$url" || true)
    [[ $code == 200 ]] && return 0
    sleep 0.5
  done
  return 1
}

# ---------------------------------------------------------------------------
# Servers.
# ---------------------------------------------------------------------------
# run_nginx DIR PORT WHAT: starts nginx with DIR/nginx.conf in the foreground of a background job and waits
# until it answers on PORT; sets NGINX_PID.
run_nginx() {
  local d=$1 port=$2 what=$3
  nginx -p "$d" -e "$d/error.log" -c "$d/nginx.conf" -g 'daemon off;' >"$d/stdout.log" 2>&1 &
  NGINX_PID=$!
  STARTED+=("$NGINX_PID")
  wait_ready "http://127.0.0.1:$port/PBX0/x100" "$NGINX_PID" 20 ||
    die "$what did not start: $(tail -5 "$d/error.log" "$d/stdout.log")"
}

start_upstream() {
  local d=$WORK/upstream
  mkdir -p "$d/www/PBX0" "$d/tmp"
  # Exactly 100 bytes and exactly 1 MiB.
  head -c 99 /dev/zero | tr '\0' 'x' >"$d/www/PBX0/x100"; echo >>"$d/www/PBX0/x100"
  head -c 1048576 /dev/zero | tr '\0' 'y' >"$d/www/PBX0/x1m"
  render "$CONF/upstream-nginx.conf.in" "$d/nginx.conf" DIR="$d" PORT="$UPSTREAM_PORT" \
    NOFILE="$NOFILE" WORKER_CONNECTIONS="$WORKER_CONNECTIONS" UPSTREAM_WORKERS="$UPSTREAM_WORKERS"
  run_nginx "$d" "$UPSTREAM_PORT" "upstream nginx"
  UPSTREAM_PID=$NGINX_PID
  MPID[direct]=$UPSTREAM_PID
  log "upstream nginx on :$UPSTREAM_PORT (worker_processes $UPSTREAM_WORKERS), pid $UPSTREAM_PID"
}

start_haproxy() {
  local d=$WORK/haproxy pid
  mkdir -p "$d"
  render "$CONF/haproxy.cfg.in" "$d/haproxy.cfg" PORT="${PORT[haproxy]}" \
    UPSTREAM_PORT="$UPSTREAM_PORT" MAXCONN="$MAXCONN"
  # -W: master-worker, so that refresh_target can give it a fresh worker
  # (SIGUSR2) like nginx's SIGHUP; -db: stay in the foreground.
  haproxy -W -db -f "$d/haproxy.cfg" >"$d/haproxy.log" 2>&1 &
  pid=$!
  STARTED+=("$pid")
  wait_ready "http://127.0.0.1:${PORT[haproxy]}/PBX0/x100" "$pid" 20 ||
    die "haproxy did not start: $(tail -5 "$d/haproxy.log")"
  MPID[haproxy]=$pid
  log "haproxy on :${PORT[haproxy]} (nbthread 2, maxconn $MAXCONN), master pid $pid"
  if grep -qi 'warn\|alert' "$d/haproxy.log"; then warn "haproxy says: $(cat "$d/haproxy.log")"; fi
  return 0
}

start_nginx_proxy() {
  local d=$WORK/nginx-proxy pid
  mkdir -p "$d/tmp"
  render "$CONF/proxy-nginx.conf.in" "$d/nginx.conf" DIR="$d" PORT="${PORT[nginx]}" \
    UPSTREAM_PORT="$UPSTREAM_PORT" NOFILE="$NOFILE" WORKER_CONNECTIONS="$WORKER_CONNECTIONS"
  run_nginx "$d" "${PORT[nginx]}" "nginx proxy"
  pid=$NGINX_PID
  MPID[nginx]=$pid
  log "nginx proxy on :${PORT[nginx]} (worker_processes 2, upstream keepalive 64), pid $pid"
}

skip_target() {   # target reason
  SKIP[$1]=$2
  log "SKIP $1: $2"
  echo "skip target=$1 reason=$2" >>"$RESULTS"
}

# rp runs from a COPY of the assembly so the build tree stays untouched (Karaf
# writes data/, etc/ caches, logs). Configured through two factory configs
# that Karaf's fileinstall picks up from etc/.
start_rp() {
  if [[ ! -x $RP_ASSEMBLY/bin/karaf ]]; then
    skip_target rp "build with mvn -B install -DskipTests first"
    return 0
  fi
  local d=$WORK/rp
  cp -a "$RP_ASSEMBLY" "$d"
  # If somebody ran the assembly in place, start from a clean cache anyway.
  rm -rf "$d/data/cache" "$d/data/tmp" "$d/data/log"
  # Only the benchmark's listener and rule: the shipped ones (e.g. a listener on
  # 0.0.0.0:8080) would clash with other processes and are not measured anyway.
  local f
  for f in "$d"/etc/rp.listener[~-]*.cfg "$d"/etc/rp.rule[~-]*.cfg; do
    [[ -e $f ]] || continue
    log "rp: removing shipped $(basename "$f") from the copy"
    rm -f "$f"
  done
  cat >"$d/etc/rp.listener~bench.cfg" <<EOF
port = ${PORT[rp]}
bind = 127.0.0.1
protocols = http
EOF
  cat >"$d/etc/rp.rule~bench.cfg" <<EOF
host = $VHOST
paths = /PBX0/
target.host = 127.0.0.1
target.port = $UPSTREAM_PORT
EOF
  # Karaf's SSH/RMI ports default to fixed numbers (8101/1099/44444): move them
  # to free ports so a Karaf running elsewhere on the box (itests) cannot clash.
  [[ -f $d/etc/org.apache.karaf.shell.cfg ]] &&
    sed -i "s/^sshPort *=.*/sshPort = $RP_SSH_PORT/" "$d/etc/org.apache.karaf.shell.cfg"
  [[ -f $d/etc/org.apache.karaf.management.cfg ]] &&
    sed -i -e "s/^rmiRegistryPort *=.*/rmiRegistryPort = $RP_RMI_REG_PORT/" \
      -e "s/^rmiServerPort *=.*/rmiServerPort = $RP_RMI_SRV_PORT/" "$d/etc/org.apache.karaf.management.cfg"
  # Access logs are off for HAProxy and nginx (a line per request costs more
  # than the proxying being measured); do the same for rp's rp.access logger
  # (one line per connection: one per request in workload (b)).
  local pax=$d/etc/org.ops4j.pax.logging.cfg
  if (( ! RP_ACCESS_LOG )); then
    if grep -q '^log4j2\.logger\.rpaccess\.level' "$pax" 2>/dev/null; then
      sed -i 's/^log4j2\.logger\.rpaccess\.level *=.*/log4j2.logger.rpaccess.level = WARN/' "$pax"
    else
      warn "rp: no log4j2.logger.rpaccess.level in etc/org.ops4j.pax.logging.cfg; access log left as shipped"
    fi
  fi
  launch_rp
}

# Start (or restart) rp from the prepared copy and wait until it relays.
# Two attempts: Karaf was seen to hang now and then during its boot-time
# feature refresh (karaf.log stops after "Stopping bundles: ... pax-logging");
# that is reported loudly, and a second start usually works.
launch_rp() {
  local d=$WORK/rp attempt
  for attempt in 1 2; do
    log "starting rp from a copy in $d (heap $RP_HEAP, access log $( ((RP_ACCESS_LOG)) && echo on || echo off), up to ${RP_START_TIMEOUT}s, attempt $attempt/2)"
    (
      cd "$d"
      # Karaf 4.4's bin/inc appends EXTRA_JAVA_OPTS to its defaults (it no
      # longer reads JAVA_MIN_MEM/JAVA_MAX_MEM), so the heap goes there; leaving
      # JAVA_OPTS unset keeps Karaf's own options. The raised fd limit is inherited.
      # AlwaysPreTouch: the whole heap is resident from the start, so RSS does
      # not move with which heap pages allocation happens to touch (measure_idle).
      EXTRA_JAVA_OPTS="-Xms$RP_HEAP -Xmx$RP_HEAP $RP_EXTRA_JAVA_OPTS"
      if (( RP_PRETOUCH )); then EXTRA_JAVA_OPTS="-XX:+AlwaysPreTouch $EXTRA_JAVA_OPTS"; fi
      export EXTRA_JAVA_OPTS
      exec bin/karaf server
    ) >>"$WORK/rp.out" 2>&1 &
    RP_PID=$!
    STARTED+=("$RP_PID")
    if wait_ready "http://127.0.0.1:${PORT[rp]}/PBX0/x100" "$RP_PID" "$RP_START_TIMEOUT"; then
      break
    fi
    warn "rp did not answer 200 on /PBX0/x100 within ${RP_START_TIMEOUT}s (attempt $attempt/2)"
    log "rp output (tail):"; tail -20 "$WORK/rp.out" >&2 || true
    [[ -f $d/data/log/karaf.log ]] && { log "karaf.log (tail):"; tail -30 "$d/data/log/karaf.log" >&2; }
    stop_rp
    rm -rf "$d/data/cache" "$d/data/tmp"  # retry from a clean bundle cache
    if (( attempt == 2 )); then
      skip_target rp "did not answer 200 on /PBX0/x100 within ${RP_START_TIMEOUT}s (2 attempts)"
      return 0
    fi
  done
  MPID[rp]=$RP_PID
  RP_JAVA_PID=$(for p in $(python3 "$LIB/proctree.py" pids "$RP_PID"); do
                  if [[ $(cat "/proc/$p/comm" 2>/dev/null) == java ]]; then echo "$p"; fi
                done | head -1) || true
  log "rp on :${PORT[rp]}, bin/karaf pid $RP_PID, java pid ${RP_JAVA_PID:-?} (measured: the whole tree)"
  if [[ -n $RP_JAVA_PID ]]; then
    log "rp JVM flags: $(tr '\0' '\n' <"/proc/$RP_JAVA_PID/cmdline" | grep -E '^-Xm[sx]|PreTouch|^-XX:\+Use.*GC' | tr '\n' ' ' || true)"
  fi
}

# Functional check before measuring: right sizes through the proxy, foreign
# Host refused, X-Forwarded-For added. A broken haproxy/nginx setup is a bug in
# this script (abort); a broken rp is reported and its column skipped.
sanity() {
  local t=$1 base="http://127.0.0.1:${PORT[$1]}" got problems=()
  got=$(curl -s -o /dev/null -w '%{http_code} %{size_download}' --max-time 5 -H "Host: $VHOST" "$base/PBX0/x100" || true)
  [[ $got == "200 100" ]] || problems+=("x100 gave '$got', want '200 100'")
  got=$(curl -s -o /dev/null -w '%{http_code} %{size_download}' --max-time 10 -H "Host: $VHOST" "$base/PBX0/x1m" || true)
  [[ $got == "200 1048576" ]] || problems+=("x1m gave '$got', want '200 1048576'")
  if [[ $t != direct ]]; then
    got=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "Host: other.example.com" "$base/PBX0/x100" || true)
    [[ $got != 200 ]] || problems+=("Host: other.example.com was relayed (200)")
    got=$(curl -s --max-time 5 -H "Host: $VHOST" "$base/PBX0/xff" || true)
    [[ $got == 127.0.0.1 ]] || warn "$t: upstream saw X-Forwarded-For '$got' (want 127.0.0.1)"
  fi
  if (( ${#problems[@]} )); then
    [[ $t == rp ]] || die "$t sanity check failed: ${problems[*]}"
    stop_rp
    skip_target rp "sanity check failed: ${problems[*]}"
  fi
}

# ---------------------------------------------------------------------------
# Measurements.
# ---------------------------------------------------------------------------
cpu_of() { python3 "$LIB/proctree.py" cpu "$1"; }

# Whole-box CPU counters (first line of /proc/stat, in ticks), to record how
# busy the machine was during a run and how much went to softirq (loopback
# packet processing, not charged to any process) and steal (hypervisor).
box_stat() { awk '$1 == "cpu" { print $2+$3+$4+$5+$6+$7+$8+$9, $5+$6, $7+$8, $9; exit }' /proc/stat; }
# Sleep $1 seconds between runs and report how busy the machine was meanwhile,
# as "OTHER OWN" percentages: OTHER = processes that are not ours (a build, a
# test suite, someone else's Karaf) and will skew the next run; OWN = our
# servers still busy after the previous run (e.g. the JVM compiling/GCing).
bg_busy() {
  local a b o0 o1 roots=("$UPSTREAM_PID" "${MPID[@]}")
  o0=$(python3 "$LIB/proctree.py" cpu "${roots[@]}"); a=$(box_stat)
  sleep "$1"
  b=$(box_stat); o1=$(python3 "$LIB/proctree.py" cpu "${roots[@]}")
  awk -v a="$a" -v b="$b" -v own=$(( o1 - o0 )) -v hz="$(getconf CLK_TCK)" 'BEGIN {
      split(a, x, " "); split(b, y, " "); tot = y[1] - x[1]; if (tot <= 0) tot = 1
      busy = tot - (y[2] - x[2]); mine = own * hz / 1e6
      other = busy - mine; if (other < 0) other = 0
      printf "%.0f %.0f\n", 100 * other / tot, 100 * mine / tot }'
}
box_delta() {  # "before" "after" -> busy_pct softirq_pct steal_pct
  awk -v a="$1" -v b="$2" 'BEGIN {
      split(a, x, " "); split(b, y, " "); tot = y[1] - x[1]; if (tot <= 0) tot = 1
      printf "box_busy_pct=%.0f box_irq_pct=%.0f box_steal_pct=%.0f",
        100 * (tot - (y[2] - x[2])) / tot, 100 * (y[3] - x[3]) / tot, 100 * (y[4] - x[4]) / tot }'
}
rss_of() { python3 "$LIB/proctree.py" rss "$1"; }

# Upstream connections held by the measured proxy (sockets of its process
# tree established to the upstream port). 'direct' has no proxy: "-".
upstream_conns() {
  if [[ $1 == direct ]]; then echo "-"; return 0; fi
  python3 "$LIB/proctree.py" upconns "${MPID[$1]}" "$UPSTREAM_PORT"
}

# A target whose process died mid-run is skipped from then on (only rp can
# realistically do that; the others would mean the run is invalid anyway).
alive_or_skip() {
  local t=$1
  [[ -z ${SKIP[$t]:-} ]] || return 1
  kill -0 "${MPID[$t]}" 2>/dev/null && return 0
  [[ $t == rp ]] || die "$t (pid ${MPID[$t]}) died"
  skip_target rp "process died during the run (see data/log/karaf.log; KEEP_WORK=1 keeps it)"
  return 1
}

# measure_wrk TARGET ka|close|big ROUND DURATION [record=1]
#  ka    - keep-alive, 100 B body           (a) + CPU (d)
#  close - Connection: close, i.e. one new TCP connection per request (b) + CPU (d)
#  big   - keep-alive, 1 MiB body            (c)
measure_wrk() {
  local t=$1 wl=$2 round=$3 dur=$4 record=${5:-1}
  alive_or_skip "$t" || return 0
  local path=/PBX0/x100 extra=() c0 c1 u0 u1 b0 b1 bg own out line
  case $wl in
    close) extra=(-H 'Connection: close') ;;
    big)   path=/PBX0/x1m ;;
  esac
  read -r bg own < <(bg_busy "$PAUSE")   # the pause between runs, measured
  (( bg < 25 )) || warn "machine was ${bg}% busy with other processes just before $t/$wl: results will be skewed"
  c0=$(cpu_of "${MPID[$t]}"); u0=$(cpu_of "$UPSTREAM_PID"); b0=$(box_stat)
  out=$(timeout $(( $(to_secs "$dur") + 30 )) \
          wrk -t"$WRK_THREADS" -c"$CONNS" -d"$dur" --timeout 5s --latency \
              -s "$LIB/report.lua" -H "Host: $VHOST" "${extra[@]}" \
              "http://127.0.0.1:${PORT[$t]}$path" 2>&1) || true
  alive_or_skip "$t" || return 0         # died during the run: no numbers
  b1=$(box_stat); c1=$(cpu_of "${MPID[$t]}"); u1=$(cpu_of "$UPSTREAM_PID")
  line=$(grep -m1 '^BENCH ' <<<"$out" || true)
  if [[ -z $line ]]; then
    warn "$t/$wl: wrk produced no result: $(tail -3 <<<"$out")"
    return 0
  fi
  if (( record )); then
    echo "wrk round=$round target=$t workload=$wl ${line#BENCH } cpu_us=$(( c1 - c0 )) up_cpu_us=$(( u1 - u0 )) $(box_delta "$b0" "$b1") bg_busy_pct=$bg own_busy_pct=$own" >>"$RESULTS"
  fi
  # One progress line: req/s, p99, errors.
  awk -v t="$t" -v wl="$wl" -v rec="$record" -v cpu=$(( c1 - c0 )) '{
      for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      s = v["duration_us"] / 1e6
      err = v["err_connect"] + v["err_read"] + v["err_write"] + v["err_status"] + v["err_timeout"]
      printf "  %-8s %-5s %s %10.0f req/s  %8.1f MiB/s  p99 %7.2f ms  cpu %6.1f us/req  errors %d\n",
        t, wl, (rec ? "" : "(warm-up)"), v["requests"] / s, v["bytes"] / 1048576 / s,
        v["p99_us"] / 1000, v["requests"] ? cpu / v["requests"] : 0, err
    }' <<<"$line" >&2
  grep -E 'Non-2xx|Socket errors' <<<"$out" | sed "s/^/  $t\/$wl: /" >&2 || true
}

# Live Java heap of rp in KiB: full GC (System.gc via jcmd), then "used".
# Prints nothing when it cannot tell (no jcmd, no JVM found, attach refused).
jvm_live_heap_kib() {
  [[ -n $RP_JAVA_PID ]] && kill -0 "$RP_JAVA_PID" 2>/dev/null || return 0
  local jcmd
  jcmd=$(dirname "$(readlink -f "/proc/$RP_JAVA_PID/exe")")/jcmd
  [[ -x $jcmd ]] || jcmd=$(command -v jcmd) || return 0
  timeout 60 "$jcmd" "$RP_JAVA_PID" GC.run >/dev/null 2>&1 || return 0
  timeout 60 "$jcmd" "$RP_JAVA_PID" GC.heap_info 2>/dev/null |
    awk '/used [0-9]+K/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K.*/, "", v); print v; exit } }' || true
}

# (e) memory per idle keep-alive connection: RSS of the measured tree before
# and after ~10k connections that each completed one request and now idle.
#
# For rp (a JVM) RSS alone does not work: per-connection objects land in heap
# pages that earlier load already made resident, so RSS barely moves however
# much the connections cost (measured: ~0.02 KiB/conn). Hence rp runs with
# -XX:+AlwaysPreTouch (the whole heap is resident and constant, so the RSS
# delta is native memory only) and the live heap after a full GC is read
# before and after as well; rp's figure is RSS delta + live-heap delta.
measure_idle() {
  local t=$1 round=$2
  alive_or_skip "$t" || return 0
  local ready=$WORK/idle.ready go=$WORK/idle.go out=$WORK/idle.out
  local rss0 rss1 heap0="" heap1="" up end i res opened failed alive
  rm -f "$ready" "$go" "$out"
  if [[ $t == rp ]]; then heap0=$(jvm_live_heap_kib); fi
  rss0=$(rss_of "${MPID[$t]}")
  python3 "$LIB/idleconns.py" --port "${PORT[$t]}" -n "$IDLE_N" --ready "$ready" --go "$go" \
    --open-timeout 120 --hold-max 120 >"$out" 2>"$WORK/idle.err" &
  IDLE_PID=$!
  end=$(( SECONDS + 150 ))
  while [[ ! -f $ready ]] && (( SECONDS < end )) && kill -0 "$IDLE_PID" 2>/dev/null; do sleep 0.2; done
  if [[ ! -f $ready ]]; then
    warn "$t/idle: client did not get ready: $(tail -3 "$WORK/idle.err")"
    kill -KILL "$IDLE_PID" 2>/dev/null || true; IDLE_PID=""
    return 0
  fi
  sleep "$IDLE_SETTLE"
  if ! alive_or_skip "$t"; then
    kill -KILL "$IDLE_PID" 2>/dev/null || true; IDLE_PID=""
    return 0
  fi
  if [[ $t == rp ]]; then heap1=$(jvm_live_heap_kib); fi
  [[ -n $heap0 && -n $heap1 ]] || heap0="" heap1=""      # both or neither
  rss1=$(rss_of "${MPID[$t]}")
  up=$(upstream_conns "$t")
  touch "$go"
  for ((i = 0; i < 300; i++)); do        # the client exits within seconds of $go
    kill -0 "$IDLE_PID" 2>/dev/null || break
    sleep 0.2
  done
  kill -KILL "$IDLE_PID" 2>/dev/null || true
  wait "$IDLE_PID" 2>/dev/null || true
  IDLE_PID=""
  res=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["opened"], d["failed"], d["alive"])' "$out" 2>/dev/null) ||
    { warn "$t/idle: no result from client: $(tail -3 "$WORK/idle.err")"; return 0; }
  read -r opened failed alive <<<"$res"
  (( failed == 0 )) || warn "$t/idle: $failed connections failed: $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["first_error"])' "$ready")"
  (( alive == opened )) || warn "$t/idle: only $alive of $opened connections still open at measurement"
  echo "idle round=$round target=$t opened=$opened failed=$failed alive=$alive rss_before_kib=$rss0 rss_after_kib=$rss1 upstream_conns=$up${heap1:+ heap_before_kib=$heap0 heap_after_kib=$heap1}" >>"$RESULTS"
  awk -v t="$t" -v o="$opened" -v a="$alive" -v r0="$rss0" -v r1="$rss1" -v u="$up" \
      -v h0="$heap0" -v h1="$heap1" 'BEGIN {
      heap = (h0 != "" && h1 != "") ? h1 - h0 : 0
      printf "  %-8s idle  %d/%d conns alive, RSS %d -> %d KiB%s = %.2f KiB/conn, proxy->upstream conns %s\n",
        t, a, o, r0, r1, (h0 != "" && h1 != "") ? sprintf(", live heap %d -> %d KiB", h0, h1) : "",
        a ? (r1 - r0 + heap) / a : 0, u }' >&2
  if [[ $t == rp && -z $heap1 ]]; then
    warn "rp/idle: could not read the live Java heap (jcmd); KiB/conn is RSS only and misses heap objects"
  fi
  sleep $(( PAUSE + 2 ))                 # let the proxy tear the connections down
}

# The idle test (e) measures RSS growth. Allocators keep what they got:
# HAProxy's pools, glibc malloc, the JVM heap. A second idle test in the same
# process would reuse the memory of the first one and show ~0 KiB/conn. So
# after each round's idle tests every target gets fresh memory (and is warmed
# up again before the next round):
#   direct/nginx: SIGHUP, nginx starts new workers, old ones drain and exit
#   haproxy:      SIGUSR2 to the master, same thing
#   rp:           bin/stop + start again (a JVM cannot drop its heap otherwise)
refresh_target() {
  local t=$1 old
  [[ -z ${SKIP[$t]:-} ]] || return 0
  [[ $t == rp ]] || old=$(python3 "$LIB/proctree.py" pids "${MPID[$t]}")
  case $t in
    direct)  kill -HUP "$UPSTREAM_PID"; wait_workers "$UPSTREAM_PID" "$UPSTREAM_WORKERS" "$old" ;;
    nginx)   kill -HUP "${MPID[nginx]}"; wait_workers "${MPID[nginx]}" 2 "$old" ;;
    haproxy) kill -USR2 "${MPID[haproxy]}"; wait_workers "${MPID[haproxy]}" 1 "$old" ;;
    rp)
      stop_rp
      launch_rp
      [[ -n ${SKIP[rp]:-} ]] || sanity rp
      ;;
  esac
  if [[ $t != rp ]]; then
    wait_ready "http://127.0.0.1:${PORT[$t]}/PBX0/x100" "${MPID[$t]}" 20 || die "$t did not come back after reload"
  fi
}

# After a reload: wait (bounded) until all old workers have exited and the
# master has exactly WANT (new) workers.
wait_workers() {
  local master=$1 want=$2 old=$3 i p now old_left
  for ((i = 0; i < 100; i++)); do      # up to 20 s (haproxy: hard-stop-after 10s)
    sleep 0.2
    now=" $(python3 "$LIB/proctree.py" pids "$master") "
    old_left=0
    for p in $old; do
      [[ $p == "$master" || $now != *" $p "* ]] || old_left=1
    done
    (( old_left == 0 && $(wc -w <<<"$now") == want + 1 )) && return 0
  done
  warn "pid $master: workers not renewed after 20 s (now:$now)"
}

warm_up() {
  (( WARMUP_S > 0 )) || return 0
  log "warm-up: $WARMUP per target and workload (not recorded: JIT, caches, pools)"
  local t wl
  for t in "${ACTIVE[@]}"; do
    for wl in ka close big; do measure_wrk "$t" "$wl" 0 "$WARMUP" 0; done
  done
}

# ---------------------------------------------------------------------------
# Main.
# ---------------------------------------------------------------------------
{
  echo "# rp benchmark $STAMP"
  echo "# host: $(uname -srm), $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), nofile $NOFILE"
  echo "# wrk: $(wrk -v 2>&1 | head -1 || true)"
  echo "# haproxy: $(haproxy -v 2>&1 | head -1 || true)"
  echo "# nginx: $(nginx -v 2>&1 | head -1 || true)"
  echo "# java: $(java -version 2>&1 | head -1 || echo none)"
  echo "# rp: assembly $RP_ASSEMBLY ($( [[ -d $RP_ASSEMBLY ]] && date -r "$RP_ASSEMBLY" -u +%FT%TZ || echo absent)), repo $(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo 'no commit')"
  echo "# params: ROUNDS=$ROUNDS DURATION=$DURATION WARMUP=$WARMUP CONNS=$CONNS WRK_THREADS=$WRK_THREADS IDLE_N=$IDLE_N UPSTREAM_WORKERS=$UPSTREAM_WORKERS RP_HEAP=$RP_HEAP TARGETS='$TARGETS'"
  echo "# ports: upstream=$UPSTREAM_PORT haproxy=${PORT[haproxy]} nginx=${PORT[nginx]} rp=${PORT[rp]}"
} >"$RESULTS"
sed 's/^# //' "$RESULTS" >&2

read -r -a ACTIVE <<<"$TARGETS"
for t in "${ACTIVE[@]}"; do
  [[ -n ${PORT[$t]:-} ]] || die "unknown target '$t' (known: direct haproxy nginx rp)"
done
start_upstream
for t in "${ACTIVE[@]}"; do
  case $t in
    haproxy) start_haproxy ;;
    nginx)   start_nginx_proxy ;;
    rp)      start_rp ;;
  esac
  [[ -n ${SKIP[$t]:-} ]] || sanity "$t"
done

warm_up

# Alternate targets within each workload and round (A B C D A B C D ...), so
# slow drifts of the machine hit every column alike.
for ((round = 1; round <= ROUNDS; round++)); do
  log "round $round/$ROUNDS"
  for wl in ka close big idle; do
    for t in "${ACTIVE[@]}"; do
      if [[ $wl == idle ]]; then
        measure_idle "$t" "$round"
      else
        measure_wrk "$t" "$wl" "$round" "$DURATION"
      fi
    done
  done
  if (( round < ROUNDS )); then
    log "fresh workers / fresh rp JVM for the next round's idle test"
    for t in "${ACTIVE[@]}"; do refresh_target "$t"; done
    warm_up
  fi
done

table=$(python3 "$LIB/summarize.py" "$RESULTS")
{ echo; echo "$table"; } >>"$RESULTS"
echo
grep -E '^# (wrk|haproxy|nginx|java|params):' "$RESULTS" | sed 's/^# //'
echo
echo "$table"
echo
echo "raw numbers: $RESULTS"
