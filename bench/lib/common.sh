# shellcheck shell=bash disable=SC2034  # (the variables set here are used by the sourcing script)
# bench/lib/common.sh - shared by bench/run.sh (plain HTTP) and bench/tls.sh (TLS
# termination). Sourced, not run. The sourcing script sets BENCH_DIR, REPO_DIR,
# LIB and CONF first, and may set its own defaults for the knobs below (every
# knob is ${VAR:-default}, so whatever is already set wins).
# After sourcing: init_bench NPORTS NAME (checks, fd limit, work dir, results
# file, traps, NPORTS free ports in FREE_PORTS).

ROUNDS=${ROUNDS:-3}                   # rounds; cells are medians over them
DURATION=${DURATION:-10s}             # per wrk run (Ns or Nm)
WARMUP=${WARMUP:-5s}                  # unrecorded wrk run per target+workload first (0 = none)
CONNS=${CONNS:-50}                    # wrk -c
WRK_THREADS=${WRK_THREADS:-1}         # wrk -t; 1 leaves a core for proxy + upstream
UPSTREAM_WORKERS=${UPSTREAM_WORKERS:-1}
RP_ASSEMBLY=${RP_ASSEMBLY:-$REPO_DIR/karaf-assembly/target/assembly}
RP_HEAP=${RP_HEAP:-1g}                # -Xms = -Xmx
RP_EXTRA_JAVA_OPTS=${RP_EXTRA_JAVA_OPTS:-}
RP_PRETOUCH=${RP_PRETOUCH:-1}         # -XX:+AlwaysPreTouch, needed for a meaningful idle-memory figure (run.sh's measure_idle)
RP_START_TIMEOUT=${RP_START_TIMEOUT:-90}
RP_ACCESS_LOG=${RP_ACCESS_LOG:-0}     # 1 = keep rp's per-connection access log (others log nothing)
KEEP_WORK=${KEEP_WORK:-0}             # 1 = keep the temp dir (configs, logs) for debugging
QUIET_WAIT=${QUIET_WAIT:-0}           # seconds to wait before a run while other processes keep the box busy
VHOST=pbx.example.com
PAUSE=1                               # seconds between runs: settle, and sample background load

declare -a STARTED=()     # pids of everything started in the background
declare -A PORT=()        # target (run.sh) or target/key (tls.sh) -> port wrk talks to
declare -A MPID=()        # target -> root pid of the process tree that is measured
declare -A SKIP=()        # target -> reason it is not measured
declare -a FREE_PORTS=()
RP_PID="" RP_JAVA_PID="" IDLE_PID="" UPSTREAM_PID=""
RP_READY_URL=""           # what launch_rp polls for 200 (set by the script)
WRK_PRELOAD=""            # LD_PRELOAD for wrk only (tls.sh: lib/wrk-noresume.c)

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

# init_bench NPORTS NAME [more required tools]: validates the knobs, raises the
# fd limit, creates the work dir and results/<stamp>[-NAME].txt, installs the
# cleanup traps and finds NPORTS free ports (FREE_PORTS).
init_bench() {
  local nports=$1 name=$2 tool
  shift 2
  to_secs "$DURATION" >/dev/null          # validate early, before starting anything
  WARMUP_S=$(to_secs "$WARMUP")
  [[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive integer"
  for tool in wrk haproxy nginx curl python3 awk timeout "$@"; do
    command -v "$tool" >/dev/null ||
      die "$tool not found. On Debian: bench/install-deps.sh (apt-get install wrk haproxy nginx curl python3 openssl gcc)"
  done

  # File descriptors. A relayed connection costs a proxy 2 fds (client side +
  # upstream side), so ~10k idle connections need ~20k fds. Raise the soft
  # limit to the hard one here; every process started later inherits it.
  NOFILE=$(ulimit -Hn)
  [[ $NOFILE == unlimited ]] && NOFILE=1048576
  ulimit -n "$NOFILE"
  WORKER_CONNECTIONS=$(( NOFILE - 100 ))      # nginx: leaves room for logs, listeners
  MAXCONN=$(( (NOFILE - 100) / 2 ))           # haproxy: it reserves ~2 fds per connection

  # Work dir, results file, cleanup.
  WORK=$(mktemp -d /tmp/rp-bench.XXXXXX)
  mkdir -p "$BENCH_DIR/results"
  STAMP=$(date -u +%Y%m%dT%H%M%SZ)
  RESULTS=$BENCH_DIR/results/$STAMP${name:+-$name}.txt   # raw records are appended as we go
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  # With set -e a failing command ends the script silently: say which one.
  trap 'log "ERROR: line $LINENO: \"$BASH_COMMAND\" failed"' ERR

  mapfile -t FREE_PORTS < <(python3 "$LIB/freeports.py" "$nports")
  (( ${#FREE_PORTS[@]} == nports )) || die "could not find free ports"
}

# The header lines every results file starts with (the script adds its own).
header_versions() {
  echo "# host: $(uname -srm), $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), nofile $NOFILE"
  echo "# wrk: $(wrk -v 2>&1 | head -1 || true)"
  echo "# haproxy: $(haproxy -v 2>&1 | head -1 || true)"
  echo "# nginx: $(nginx -v 2>&1 | head -1 || true)"
  echo "# java: $(java -version 2>&1 | head -1 || echo none)"
  echo "# rp: assembly $RP_ASSEMBLY ($( [[ -d $RP_ASSEMBLY ]] && date -r "$RP_ASSEMBLY" -u +%FT%TZ || echo absent)), repo $(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo 'no commit')"
}

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

# render TEMPLATE OUT KEY=VALUE... : replace @KEY@ placeholders.
render() {
  local in=$1 out=$2 kv expr=()
  shift 2
  for kv in "$@"; do expr+=(-e "s|@${kv%%=*}@|${kv#*=}|g"); done
  sed "${expr[@]}" "$in" >"$out"
  ! grep -q '@[A-Z_]*@' "$out" || die "unrendered placeholder in $out"
}

# Wait (bounded by time) until GET url with Host: pbx.example.com answers 200,
# failing early if the server process died. (-k: the https URLs of tls.sh
# present the benchmark's self-signed certificates.)
wait_ready() {
  local url=$1 pid=$2 limit=$3 end code
  end=$(( SECONDS + limit ))
  while (( SECONDS < end )); do
    kill -0 "$pid" 2>/dev/null || return 1
    code=$(curl -sk -o /dev/null -w '%{http_code}' --max-time 2 -H "Host: $VHOST" "$url" || true)
    [[ $code == 200 ]] && return 0
    sleep 0.5
  done
  return 1
}

# ---------------------------------------------------------------------------
# Servers.
# ---------------------------------------------------------------------------
# run_nginx DIR PORT WHAT [SCHEME]: starts nginx with DIR/nginx.conf in the foreground of a background job and
# waits until it answers on PORT; sets NGINX_PID.
run_nginx() {
  local d=$1 port=$2 what=$3 scheme=${4:-http}
  nginx -p "$d" -e "$d/error.log" -c "$d/nginx.conf" -g 'daemon off;' >"$d/stdout.log" 2>&1 &
  NGINX_PID=$!
  STARTED+=("$NGINX_PID")
  wait_ready "$scheme://127.0.0.1:$port/PBX0/x100" "$NGINX_PID" 20 ||
    die "$what did not start: $(tail -5 "$d/error.log" "$d/stdout.log")"
}

# The upstream ("the PBX") on UPSTREAM_PORT; the same for every column.
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

# run_haproxy CONFIG READY_URL: master-worker (-W, so that a reload gives a
# fresh worker, like nginx's SIGHUP), foreground (-db); sets MPID[haproxy].
run_haproxy() {
  local cfg=$1 url=$2 d pid
  d=$(dirname "$cfg")
  haproxy -W -db -f "$cfg" >"$d/haproxy.log" 2>&1 &
  pid=$!
  STARTED+=("$pid")
  wait_ready "$url" "$pid" 20 || die "haproxy did not start: $(tail -5 "$d/haproxy.log")"
  MPID[haproxy]=$pid
  if grep -qi 'warn\|alert' "$d/haproxy.log"; then warn "haproxy says: $(cat "$d/haproxy.log")"; fi
  return 0
}

skip_target() {   # target reason
  SKIP[$1]=$2
  log "SKIP $1: $2"
  echo "skip target=$1 reason=$2" >>"$RESULTS"
}

# rp runs from a COPY of the assembly so the build tree stays untouched (Karaf
# writes data/, etc/ caches, logs). prepare_rp_copy makes the copy in
# $WORK/rp without listeners and rules; the script then writes its own
# etc/rp.listener~*.cfg / etc/rp.rule~*.cfg (Karaf's fileinstall picks them
# up), sets RP_READY_URL and calls launch_rp. Returns 1 (rp skipped) without
# an assembly.
prepare_rp_copy() {
  if [[ ! -x $RP_ASSEMBLY/bin/karaf ]]; then
    skip_target rp "build with mvn -B install -DskipTests first"
    return 1
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
  # Karaf's SSH/RMI ports default to fixed numbers (8101/1099/44444): move them
  # to free ports so a Karaf running elsewhere on the box (itests) cannot clash.
  [[ -f $d/etc/org.apache.karaf.shell.cfg ]] &&
    sed -i "s/^sshPort *=.*/sshPort = $RP_SSH_PORT/" "$d/etc/org.apache.karaf.shell.cfg"
  [[ -f $d/etc/org.apache.karaf.management.cfg ]] &&
    sed -i -e "s/^rmiRegistryPort *=.*/rmiRegistryPort = $RP_RMI_REG_PORT/" \
      -e "s/^rmiServerPort *=.*/rmiServerPort = $RP_RMI_SRV_PORT/" "$d/etc/org.apache.karaf.management.cfg"
  # Access logs are off for HAProxy and nginx (a line per request costs more
  # than the proxying being measured); do the same for rp's rp.access logger
  # (one line per connection: one per request with Connection: close).
  local pax=$d/etc/org.ops4j.pax.logging.cfg
  if (( ! RP_ACCESS_LOG )); then
    if grep -q '^log4j2\.logger\.rpaccess\.level' "$pax" 2>/dev/null; then
      sed -i 's/^log4j2\.logger\.rpaccess\.level *=.*/log4j2.logger.rpaccess.level = WARN/' "$pax"
    else
      warn "rp: no log4j2.logger.rpaccess.level in etc/org.ops4j.pax.logging.cfg; access log left as shipped"
    fi
  fi
  return 0
}

# Start (or restart) rp from the prepared copy and wait until RP_READY_URL
# answers 200. Two attempts: Karaf was seen to hang now and then during its
# boot-time feature refresh (karaf.log stops after "Stopping bundles: ...
# pax-logging"); that is reported loudly, and a second start usually works.
launch_rp() {
  local d=$WORK/rp attempt
  for attempt in 1 2; do
    log "starting rp from a copy in $d (heap $RP_HEAP, access log $( ((RP_ACCESS_LOG)) && echo on || echo off), up to ${RP_START_TIMEOUT}s, attempt $attempt/2)"
    (
      cd "$d" || exit 1
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
    if wait_ready "$RP_READY_URL" "$RP_PID" "$RP_START_TIMEOUT"; then
      break
    fi
    warn "rp did not answer 200 on $RP_READY_URL within ${RP_START_TIMEOUT}s (attempt $attempt/2)"
    log "rp output (tail):"; tail -20 "$WORK/rp.out" >&2 || true
    [[ -f $d/data/log/karaf.log ]] && { log "karaf.log (tail):"; tail -30 "$d/data/log/karaf.log" >&2; }
    stop_rp
    rm -rf "$d/data/cache" "$d/data/tmp"  # retry from a clean bundle cache
    if (( attempt == 2 )); then
      skip_target rp "did not answer 200 on $RP_READY_URL within ${RP_START_TIMEOUT}s (2 attempts)"
      return 0
    fi
  done
  MPID[rp]=$RP_PID
  RP_JAVA_PID=$(for p in $(python3 "$LIB/proctree.py" pids "$RP_PID"); do
                  if [[ $(cat "/proc/$p/comm" 2>/dev/null) == java ]]; then echo "$p"; fi
                done | head -1) || true
  log "rp ready ($RP_READY_URL), bin/karaf pid $RP_PID, java pid ${RP_JAVA_PID:-?} (measured: the whole tree)"
  if [[ -n $RP_JAVA_PID ]]; then
    log "rp JVM flags: $(tr '\0' '\n' <"/proc/$RP_JAVA_PID/cmdline" | grep -E '^-Xm[sx]|PreTouch|^-XX:\+Use.*GC' | tr '\n' ' ' || true)"
  fi
}

# check_relay TARGET BASE_URL [curl options]: the functional checks every
# proxy must pass, problems appended to PROBLEMS (the caller decides: a broken
# haproxy/nginx setup is a bug in the script, a broken rp skips its column):
# right sizes through the proxy, foreign Host refused, X-Forwarded-For added
# (a missing one is only a warning).
check_relay() {
  local t=$1 base=$2 got
  shift 2
  got=$(curl -s "$@" -o /dev/null -w '%{http_code} %{size_download}' --max-time 5 -H "Host: $VHOST" "$base/PBX0/x100" || true)
  [[ $got == "200 100" ]] || PROBLEMS+=("$base x100 gave '$got', want '200 100'")
  got=$(curl -s "$@" -o /dev/null -w '%{http_code} %{size_download}' --max-time 10 -H "Host: $VHOST" "$base/PBX0/x1m" || true)
  [[ $got == "200 1048576" ]] || PROBLEMS+=("$base x1m gave '$got', want '200 1048576'")
  if [[ $t != direct ]]; then
    got=$(curl -s "$@" -o /dev/null -w '%{http_code}' --max-time 5 -H "Host: other.example.com" "$base/PBX0/x100" || true)
    [[ $got != 200 ]] || PROBLEMS+=("$base: Host: other.example.com was relayed (200)")
    got=$(curl -s "$@" --max-time 5 -H "Host: $VHOST" "$base/PBX0/xff" || true)
    [[ $got == 127.0.0.1 ]] || warn "$t: upstream saw X-Forwarded-For '$got' via $base (want 127.0.0.1)"
  fi
  return 0
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

# wrk_run TARGET ROUND DURATION RECORD FIELDS URL [more wrk options]
# One wrk run against URL (with Host: pbx.example.com), the CPU time of
# TARGET's process tree and of the upstream read before and after. With
# RECORD=1 one line goes to the results file:
#   wrk round=ROUND target=TARGET FIELDS requests=... cpu_us=... client_cpu_us=... ...
# FIELDS says what the run was ("workload=ka", "key=rsa workload=close").
# wrk runs with LD_PRELOAD=$WRK_PRELOAD when that is set.
wrk_run() {
  local t=$1 round=$2 dur=$3 record=$4 fields=$5 url=$6
  shift 6
  alive_or_skip "$t" || return 0
  local c0 c1 u0 u1 b0 b1 bg own out line label pre=()
  label=$(sed -E 's/(^| )[a-z_]+=/\1/g' <<<"$fields")
  [[ -z $WRK_PRELOAD ]] || pre=(env "LD_PRELOAD=$WRK_PRELOAD")
  read -r bg own < <(bg_busy "$PAUSE")   # the pause between runs, measured
  local waited=0
  while (( bg >= 25 && waited < QUIET_WAIT )); do
    (( waited > 0 )) || log "machine ${bg}% busy with other processes before $t/${label// //}: waiting up to ${QUIET_WAIT}s (QUIET_WAIT)"
    read -r bg own < <(bg_busy 5)
    waited=$(( waited + 5 ))
  done
  (( bg < 25 )) || warn "machine was ${bg}% busy with other processes just before $t/${label// //}: results will be skewed"
  c0=$(cpu_of "${MPID[$t]}"); u0=$(cpu_of "$UPSTREAM_PID"); b0=$(box_stat)
  # The last line is the CPU time of wrk itself (utime+stime in ticks, as
  # cutime+cstime of this subshell, which waited for timeout, which waited
  # for wrk): whether the single-threaded client was the limit.
  out=$(me=$BASHPID
        timeout $(( $(to_secs "$dur") + 30 )) "${pre[@]}" \
          wrk -t"$WRK_THREADS" -c"$CONNS" -d"$dur" --timeout 5s --latency \
              -s "$LIB/report.lua" -H "Host: $VHOST" "$@" "$url" 2>&1
        echo "CLIENT_TICKS $(sed 's/.*) //' "/proc/$me/stat" | awk '{ print $14 + $15 }')") || true
  alive_or_skip "$t" || return 0         # died during the run: no numbers
  b1=$(box_stat); c1=$(cpu_of "${MPID[$t]}"); u1=$(cpu_of "$UPSTREAM_PID")
  local client_us
  client_us=$(awk -v hz="$(getconf CLK_TCK)" '$1 == "CLIENT_TICKS" { printf "%d", $2 * 1000000 / hz }' <<<"$out")
  line=$(grep -m1 '^BENCH ' <<<"$out" || true)
  if [[ -z $line ]]; then
    warn "$t/${label// //}: wrk produced no result: $(tail -3 <<<"$out")"
    return 0
  fi
  if (( record )); then
    echo "wrk round=$round target=$t $fields ${line#BENCH } cpu_us=$(( c1 - c0 )) up_cpu_us=$(( u1 - u0 )) client_cpu_us=${client_us:-0} $(box_delta "$b0" "$b1") bg_busy_pct=$bg own_busy_pct=$own" >>"$RESULTS"
  fi
  # One progress line: req/s, p99, errors.
  awk -v t="$t" -v wl="$label" -v rec="$record" -v cpu=$(( c1 - c0 )) '{
      for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      s = v["duration_us"] / 1e6
      err = v["err_connect"] + v["err_read"] + v["err_write"] + v["err_status"] + v["err_timeout"]
      printf "  %-8s %-5s %s %10.0f req/s  %8.1f MiB/s  p99 %7.2f ms  cpu %6.1f us/req  errors %d\n",
        t, wl, (rec ? "" : "(warm-up)"), v["requests"] / s, v["bytes"] / 1048576 / s,
        v["p99_us"] / 1000, v["requests"] ? cpu / v["requests"] : 0, err
    }' <<<"$line" >&2
  grep -E 'Non-2xx|Socket errors' <<<"$out" | sed "s|^|  $t/${label// //}: |" >&2 || true
}

# Starts the upstream and every active target (ACTIVE; the start_* functions of
# the calling script), and checks each one that started.
start_targets() {
  start_upstream
  local t
  for t in "${ACTIVE[@]}"; do
    case $t in
      haproxy) start_haproxy ;;
      nginx)   start_nginx_proxy ;;
      rp)      start_rp ;;
    esac
    [[ -n ${SKIP[$t]:-} ]] || sanity "$t"
  done
}
