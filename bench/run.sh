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

# Knobs only this script has; the shared ones (ROUNDS, DURATION, WARMUP, CONNS,
# WRK_THREADS, UPSTREAM_WORKERS, RP_*, KEEP_WORK) are in lib/common.sh.
IDLE_CONNS=${IDLE_CONNS:-9900}        # idle-memory test; clamped to what the fd limit allows
IDLE_SETTLE=${IDLE_SETTLE:-2}         # seconds between "all open" and the RSS reading
TARGETS=${TARGETS:-direct haproxy nginx rp}   # subset allowed, order kept

# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$LIB/common.sh"
init_bench 7 ""

IDLE_N=$IDLE_CONNS
(( IDLE_N > MAXCONN - 50 )) && IDLE_N=$(( MAXCONN - 50 ))
(( IDLE_N > 0 )) || die "open-file hard limit $NOFILE is too low"

UPSTREAM_PORT=${FREE_PORTS[0]}
PORT[direct]=$UPSTREAM_PORT
PORT[haproxy]=${FREE_PORTS[1]}
PORT[nginx]=${FREE_PORTS[2]}
PORT[rp]=${FREE_PORTS[3]}
RP_SSH_PORT=${FREE_PORTS[4]} RP_RMI_REG_PORT=${FREE_PORTS[5]} RP_RMI_SRV_PORT=${FREE_PORTS[6]}
RP_READY_URL=http://127.0.0.1:${PORT[rp]}/PBX0/x100

# ---------------------------------------------------------------------------
# Servers (start_upstream, run_nginx, run_haproxy, prepare_rp_copy, launch_rp:
# lib/common.sh).
# ---------------------------------------------------------------------------
start_haproxy() {
  local d=$WORK/haproxy
  mkdir -p "$d"
  render "$CONF/haproxy.cfg.in" "$d/haproxy.cfg" PORT="${PORT[haproxy]}" \
    UPSTREAM_PORT="$UPSTREAM_PORT" MAXCONN="$MAXCONN"
  run_haproxy "$d/haproxy.cfg" "http://127.0.0.1:${PORT[haproxy]}/PBX0/x100"
  log "haproxy on :${PORT[haproxy]} (nbthread 2, maxconn $MAXCONN), master pid ${MPID[haproxy]}"
}

start_nginx_proxy() {
  local d=$WORK/nginx-proxy
  mkdir -p "$d/tmp"
  render "$CONF/proxy-nginx.conf.in" "$d/nginx.conf" DIR="$d" PORT="${PORT[nginx]}" CONF="$CONF" \
    UPSTREAM_PORT="$UPSTREAM_PORT" NOFILE="$NOFILE" WORKER_CONNECTIONS="$WORKER_CONNECTIONS"
  run_nginx "$d" "${PORT[nginx]}" "nginx proxy"
  MPID[nginx]=$NGINX_PID
  log "nginx proxy on :${PORT[nginx]} (worker_processes 2, upstream keepalive 64), pid $NGINX_PID"
}

# rp: a copy of the assembly (lib/common.sh) with one plain-HTTP listener and
# one rule.
start_rp() {
  prepare_rp_copy || return 0
  cat >"$WORK/rp/etc/rp.listener~bench.cfg" <<EOF
port = ${PORT[rp]}
bind = 127.0.0.1
protocols = http
EOF
  cat >"$WORK/rp/etc/rp.rule~bench.cfg" <<EOF
host = $VHOST
paths = /PBX0/
target.host = 127.0.0.1
target.port = $UPSTREAM_PORT
EOF
  launch_rp
}

# Functional check before measuring (check_relay). A broken haproxy/nginx
# setup is a bug in this script (abort); a broken rp is reported and its
# column skipped.
sanity() {
  local t=$1
  PROBLEMS=()
  check_relay "$t" "http://127.0.0.1:${PORT[$t]}"
  if (( ${#PROBLEMS[@]} )); then
    [[ $t == rp ]] || die "$t sanity check failed: ${PROBLEMS[*]}"
    stop_rp
    skip_target rp "sanity check failed: ${PROBLEMS[*]}"
  fi
}

# ---------------------------------------------------------------------------
# Measurements (wrk_run, bg_busy, alive_or_skip, ...: lib/common.sh).
# ---------------------------------------------------------------------------
# Upstream connections held by the measured proxy (sockets of its process
# tree established to the upstream port). 'direct' has no proxy: "-".
upstream_conns() {
  if [[ $1 == direct ]]; then echo "-"; return 0; fi
  python3 "$LIB/proctree.py" upconns "${MPID[$1]}" "$UPSTREAM_PORT"
}

# measure_wrk TARGET ka|close|big ROUND DURATION [record=1]
#  ka    - keep-alive, 100 B body           (a) + CPU (d)
#  close - Connection: close, i.e. one new TCP connection per request (b) + CPU (d)
#  big   - keep-alive, 1 MiB body            (c)
measure_wrk() {
  local t=$1 wl=$2 round=$3 dur=$4 record=${5:-1} path=/PBX0/x100 extra=()
  case $wl in
    close) extra=(-H 'Connection: close') ;;
    big)   path=/PBX0/x1m ;;
  esac
  wrk_run "$t" "$round" "$dur" "$record" "workload=$wl" "http://127.0.0.1:${PORT[$t]}$path" "${extra[@]}"
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
  header_versions
  echo "# params: ROUNDS=$ROUNDS DURATION=$DURATION WARMUP=$WARMUP CONNS=$CONNS WRK_THREADS=$WRK_THREADS IDLE_N=$IDLE_N UPSTREAM_WORKERS=$UPSTREAM_WORKERS RP_HEAP=$RP_HEAP TARGETS='$TARGETS'"
  echo "# ports: upstream=$UPSTREAM_PORT haproxy=${PORT[haproxy]} nginx=${PORT[nginx]} rp=${PORT[rp]}"
} >"$RESULTS"
sed 's/^# //' "$RESULTS" >&2

read -r -a ACTIVE <<<"$TARGETS"
for t in "${ACTIVE[@]}"; do
  [[ -n ${PORT[$t]:-} ]] || die "unknown target '$t' (known: direct haproxy nginx rp)"
done
start_targets

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
