#!/usr/bin/env bash
# bench/tls.sh - TLS termination, rp against HAProxy and nginx, side by side.
#
# Columns (all on 127.0.0.1, each terminating TLS in front of the same
# plain-HTTP upstream nginx as run.sh):
#   haproxy  wrk -> HAProxy (bind ... ssl crt ...) -> upstream
#   nginx    wrk -> nginx (listen ... ssl)         -> upstream
#   rp       wrk -> rp (listener tls = true, rule target.transport = tcp) -> upstream
# for two server certificates for pbx.example.com made with openssl per run:
# ECDSA P-256 and RSA 2048 (each proxy listens on one port per key type).
# Workloads: (a) close - one request per connection (Connection: close), i.e.
# one full handshake per request; (b) ka - keep-alive HTTPS requests.
# See the TLS section of bench/README.md. Everything this script starts, it
# stops (trap EXIT).
#
# Usage:  bench/tls.sh                                  (3 rounds x 10 s, ~10 min)
#         DURATION=3s ROUNDS=1 WARMUP=1s bench/tls.sh   (smoke run, ~3 min)
set -Eeuo pipefail    # -E: the ERR trap also fires inside functions

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$BENCH_DIR/.." && pwd)
LIB=$BENCH_DIR/lib
CONF=$BENCH_DIR/conf

# Knobs of this script; the shared ones (ROUNDS, DURATION, WARMUP, CONNS,
# WRK_THREADS, UPSTREAM_WORKERS, RP_*, KEEP_WORK) are in lib/common.sh.
TARGETS=${TARGETS:-haproxy nginx rp}  # subset allowed, order kept
KEYS=${KEYS:-ecdsa rsa}               # key types measured (both are always set up)
WORKLOADS=${WORKLOADS:-close ka}      # close = (a) new TLS connections, ka = (b) keep-alive

# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$LIB/common.sh"
init_bench 11 tls openssl gcc

ALL_TARGETS=(haproxy nginx rp)
ALL_KEYS=(ecdsa rsa)
UPSTREAM_PORT=${FREE_PORTS[0]}
i=1
for t in "${ALL_TARGETS[@]}"; do
  for k in "${ALL_KEYS[@]}"; do PORT[$t/$k]=${FREE_PORTS[i]}; i=$(( i + 1 )); done
done
RP_SSH_PORT=${FREE_PORTS[7]} RP_RMI_REG_PORT=${FREE_PORTS[8]} RP_RMI_SRV_PORT=${FREE_PORTS[9]}
PROBE_PORT=${FREE_PORTS[10]}          # the openssl s_server that checks wrk's ClientHellos
RP_READY_URL=https://127.0.0.1:${PORT[rp/ecdsa]}/PBX0/x100
CERTS=$WORK/certs
SNI=127.0.0.1                         # what wrk sends: the host of its URL (checked in check_client)

# ---------------------------------------------------------------------------
# Certificates: made per run, self-signed, for pbx.example.com.
# ---------------------------------------------------------------------------
make_certs() {
  local k alg=()
  mkdir -p "$CERTS"
  chmod 700 "$CERTS"
  for k in "${ALL_KEYS[@]}"; do
    case $k in
      ecdsa) alg=(-newkey ec -pkeyopt ec_paramgen_curve:P-256) ;;
      rsa)   alg=(-newkey rsa:2048) ;;
    esac
    openssl req -x509 "${alg[@]}" -nodes -sha256 -days 2 -subj "/CN=$VHOST" \
      -addext "subjectAltName=DNS:$VHOST" -keyout "$CERTS/$k.key.pem" -out "$CERTS/$k.chain.pem" \
      2>"$CERTS/$k.log" || die "openssl could not make the $k certificate: $(cat "$CERTS/$k.log")"
    chmod 600 "$CERTS/$k.key.pem"
    # HAProxy's crt: the chain and the key in one file
    (umask 077 && cat "$CERTS/$k.chain.pem" "$CERTS/$k.key.pem" >"$CERTS/$k.haproxy.pem")
    FINGERPRINT[$k]=$(openssl x509 -in "$CERTS/$k.chain.pem" -noout -fingerprint -sha256 | sed 's/.*=//')
    log "certificate $k: CN=$VHOST, DNS:$VHOST, $(openssl x509 -in "$CERTS/$k.chain.pem" -noout -text |
      grep -m1 -E 'Public Key Algorithm|Public-Key' | sed 's/^ *//'), SHA-256 ${FINGERPRINT[$k]}"
  done
}
declare -A FINGERPRINT=()

# ---------------------------------------------------------------------------
# Servers (start_upstream, run_nginx, run_haproxy, prepare_rp_copy, launch_rp:
# lib/common.sh).
# ---------------------------------------------------------------------------
start_haproxy() {
  local d=$WORK/haproxy
  mkdir -p "$d"
  render "$CONF/haproxy-tls.cfg.in" "$d/haproxy.cfg" MAXCONN="$MAXCONN" UPSTREAM_PORT="$UPSTREAM_PORT" \
    PORT_ECDSA="${PORT[haproxy/ecdsa]}" CRT_ECDSA="$CERTS/ecdsa.haproxy.pem" \
    PORT_RSA="${PORT[haproxy/rsa]}" CRT_RSA="$CERTS/rsa.haproxy.pem"
  run_haproxy "$d/haproxy.cfg" "https://127.0.0.1:${PORT[haproxy/ecdsa]}/PBX0/x100"
  log "haproxy on :${PORT[haproxy/ecdsa]} (ECDSA) :${PORT[haproxy/rsa]} (RSA), nbthread 2, master pid ${MPID[haproxy]}"
}

start_nginx_proxy() {
  local d=$WORK/nginx-proxy
  mkdir -p "$d/tmp"
  render "$CONF/proxy-nginx-tls.conf.in" "$d/nginx.conf" DIR="$d" CONF="$CONF" UPSTREAM_PORT="$UPSTREAM_PORT" \
    NOFILE="$NOFILE" WORKER_CONNECTIONS="$WORKER_CONNECTIONS" \
    PORT_ECDSA="${PORT[nginx/ecdsa]}" CHAIN_ECDSA="$CERTS/ecdsa.chain.pem" KEY_ECDSA="$CERTS/ecdsa.key.pem" \
    PORT_RSA="${PORT[nginx/rsa]}" CHAIN_RSA="$CERTS/rsa.chain.pem" KEY_RSA="$CERTS/rsa.key.pem"
  run_nginx "$d" "${PORT[nginx/ecdsa]}" "nginx TLS proxy" https
  MPID[nginx]=$NGINX_PID
  log "nginx on :${PORT[nginx/ecdsa]} (ECDSA) :${PORT[nginx/rsa]} (RSA), worker_processes 2, pid $NGINX_PID"
}

# rp: a copy of the assembly (lib/common.sh). The certificates go into its
# store directory etc/rp-certs/ (StoreDirectory: <name>.chain.pem,
# <name>.key.pem 0600, directory 0700; loaded when the store starts) as
# bench-ecdsa and bench-rsa; one TLS listener per key type names its
# certificate. The store makes its own self-signed 'default' on first start
# (unused: wrk's SNI 127.0.0.1 is covered by no certificate, so each listener
# presents its own; check_tls compares fingerprints).
start_rp() {
  prepare_rp_copy || return 0
  local d=$WORK/rp store=$WORK/rp/etc/rp-certs k
  mkdir -p "$store"
  chmod 700 "$store"
  for k in "${ALL_KEYS[@]}"; do
    install -m 644 "$CERTS/$k.chain.pem" "$store/bench-$k.chain.pem"
    install -m 600 "$CERTS/$k.key.pem" "$store/bench-$k.key.pem"
    cat >"$d/etc/rp.listener~tls-$k.cfg" <<EOF
port = ${PORT[rp/$k]}
bind = 127.0.0.1
protocols = http
tls = true
certificate = bench-$k
EOF
  done
  # TLS towards the client, plain TCP towards the upstream.
  cat >"$d/etc/rp.rule~bench.cfg" <<EOF
host = $VHOST
paths = /PBX0/
target.host = 127.0.0.1
target.port = $UPSTREAM_PORT
target.transport = tcp
EOF
  launch_rp
  [[ -z ${SKIP[rp]:-} ]] || return 0
  RP_TLS_PROVIDER=$(grep -m1 -o 'TLS provider: .*' "$d/data/log/karaf.log" 2>/dev/null | sed 's/^TLS provider: //' || true)
  log "rp TLS provider: ${RP_TLS_PROVIDER:-not in karaf.log}"
  echo "# rp TLS provider: ${RP_TLS_PROVIDER:-not in karaf.log}" >>"$RESULTS"
  if [[ $RP_TLS_PROVIDER != OpenSSL* ]]; then
    warn "rp does not use OpenSSL/BoringSSL for TLS; its numbers are the JDK's TLS"
  fi
  local port
  for k in "${ALL_KEYS[@]}"; do
    port=${PORT[rp/$k]}
    wait_ready "https://127.0.0.1:$port/PBX0/x100" "$RP_PID" 20 || warn "rp: listener :$port ($k) not answering yet"
  done
}

# ---------------------------------------------------------------------------
# Checks before measuring.
# ---------------------------------------------------------------------------
# tls_probe PORT [s_client options]: one HTTPS request with openssl s_client,
# SNI as wrk sends it; prints s_client's output (handshake summary, response).
tls_probe() {
  local port=$1
  shift
  printf 'GET /PBX0/x100 HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$VHOST" |
    timeout 10 openssl s_client -connect "127.0.0.1:$port" -servername "$SNI" -ign_eof "$@" 2>&1 || true
}

# check_tls TARGET KEY: the relay (check_relay, over https), then what the
# handshake looks like with the default client (as wrk): protocol, suite,
# group, signature, the certificate presented; the cipher policy (TLS 1.2
# gets ECDHE + AEAD, TLS 1.1 and non-ECDHE/non-AEAD suites are refused); and
# whether the server WOULD resume a session (information: wrk is kept from
# offering one, see check_client). One 'tls' record per target and key.
check_tls() {
  local t=$1 k=$2 port=${PORT[$1/$2]} out proto cipher group sig bits fp tls12 weak tls11 resumes
  check_relay "$t" "https://127.0.0.1:$port" -k
  out=$(tls_probe "$port" -sess_out "$WORK/sess.pem")
  read -r proto cipher < <(sed -nE 's/^New, (TLSv[0-9.]+), Cipher is (.*)$/\1 \2/p' <<<"$out" | head -1) || true
  group=$(sed -nE 's/^(Server|Peer) Temp Key: ([^,]+),.*/\2/p' <<<"$out" | head -1)
  sig=$(sed -nE 's/^Peer signature type: (.*)$/\1/p' <<<"$out" | head -1)
  bits=$(sed -nE 's/^Server public key is ([0-9]+) bit.*/\1/p' <<<"$out" | head -1)
  fp=$(sed -n '/-----BEGIN CERTIFICATE-----/,/-----END CERTIFICATE-----/p' <<<"$out" |
       openssl x509 -noout -fingerprint -sha256 2>/dev/null | sed 's/.*=//' || true)
  grep -q '^HTTP/1.1 200' <<<"$out" || PROBLEMS+=("$t/$k: openssl s_client got no 200: $(grep -m1 '^HTTP/' <<<"$out" || echo none)")
  [[ $fp == "${FINGERPRINT[$k]}" ]] || PROBLEMS+=("$t/$k: presents certificate ${fp:-none}, not the $k one")
  case $k in
    ecdsa) [[ $sig == ECDSA && $bits == 256 ]] || PROBLEMS+=("$t/$k: signature '$sig', key $bits bit (want ECDSA, 256)") ;;
    rsa)   [[ $sig == RSA* && $bits == 2048 ]] || PROBLEMS+=("$t/$k: signature '$sig', key $bits bit (want RSA, 2048)") ;;
  esac
  # Would the server resume? (the session of the probe above, offered once more)
  resumes=no
  if [[ -s $WORK/sess.pem ]] && grep -q '^Reused, ' <<<"$(tls_probe "$port" -sess_in "$WORK/sess.pem")"; then resumes=yes; fi
  rm -f "$WORK/sess.pem"
  tls12=$(tls_probe "$port" -tls1_2 | sed -nE 's/^New, TLSv1\.2, Cipher is (.*)$/\1/p' | head -1)
  [[ $tls12 =~ ^ECDHE-(ECDSA|RSA)-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)$ ]] ||
    PROBLEMS+=("$t/$k: TLS 1.2 negotiated '$tls12' (want ECDHE with AES-GCM or ChaCha20-Poly1305)")
  weak=refused
  if tls_probe "$port" -tls1_2 -cipher 'AES128-SHA:AES128-GCM-SHA256:AES256-SHA256:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384' |
       grep -qE '^New, TLSv1\.2, Cipher is [A-Z]'; then
    weak=accepted; PROBLEMS+=("$t/$k: accepts a TLS 1.2 suite without ECDHE or AEAD")
  fi
  tls11=refused
  if tls_probe "$port" -tls1_1 -cipher 'DEFAULT:@SECLEVEL=0' | grep -qE '^New, TLSv1\.1, Cipher is [A-Z]'; then
    tls11=accepted; PROBLEMS+=("$t/$k: accepts TLS 1.1")
  fi
  echo "tls target=$t key=$k proto=${proto:-?} cipher=${cipher:-?} group=${group:-?} sig=${sig:-?} key_bits=${bits:-?} tls12_cipher=${tls12:-?} weak_suites=$weak tls11=$tls11 server_resumes=$resumes" >>"$RESULTS"
  log "  $t/$k: ${proto:-?} ${cipher:-?} ${group:-?}, ${sig:-?} ${bits:-?} bit; TLS 1.2: ${tls12:-?}; weak suites $weak, TLS 1.1 $tls11; would resume a session: $resumes"
}

sanity() {
  local t=$1 k
  PROBLEMS=()
  for k in "${ALL_KEYS[@]}"; do check_tls "$t" "$k"; done
  if (( ${#PROBLEMS[@]} )); then
    [[ $t == rp ]] || die "$t sanity check failed: ${PROBLEMS[*]}"
    stop_rp
    skip_target rp "sanity check failed: ${PROBLEMS[*]}"
  fi
}

# The client side of "full handshakes only". wrk would offer its previous
# session on every reconnect (lib/wrk-noresume.c says why), and every server
# here would resume it. So wrk runs with lib/wrk-noresume.c preloaded. Checked
# here against an openssl s_server that issues tickets and caches sessions
# (so it WOULD resume) and logs every ClientHello's extensions: wrk alone
# (for the record) and wrk with the shim, which must offer no session
# (neither a TLS 1.3 "psk" nor a TLS 1.2 session ticket/id) and send SNI $SNI.
check_client() {
  local log=$WORK/probe.log pid i n0 p0 n1 p1 s0 s1 so=$WORK/wrk-noresume.so
  gcc -O2 -shared -fPIC -o "$so" "$LIB/wrk-noresume.c" -ldl 2>"$WORK/gcc.log" ||
    die "cannot build lib/wrk-noresume.c: $(cat "$WORK/gcc.log")"
  openssl s_server -accept "127.0.0.1:$PROBE_PORT" -cert "$CERTS/ecdsa.chain.pem" -key "$CERTS/ecdsa.key.pem" \
    -www -tlsextdebug >"$log" 2>&1 &
  pid=$!
  STARTED+=("$pid")
  for ((i = 0; i < 50; i++)); do grep -q ACCEPT "$log" && break; sleep 0.1; done
  # psk = TLS 1.3 resumption offer; a non-empty session ticket (len > 0) = TLS 1.2's
  count() { grep -c "$1" "$log" || true; }
  timeout 10 wrk -t1 -c1 -d1s -H 'Connection: close' "https://$SNI:$PROBE_PORT/" >/dev/null 2>&1 || true
  n0=$(count 'extension "server name"'); p0=$(count 'extension "psk" ')
  s0=$(grep -cE 'extension "session ticket" \(id=35\), len=[1-9]' "$log" || true)
  timeout 10 env LD_PRELOAD="$so" wrk -t1 -c1 -d1s -H 'Connection: close' "https://$SNI:$PROBE_PORT/" >/dev/null 2>&1 || true
  n1=$(( $(count 'extension "server name"') - n0 )); p1=$(( $(count 'extension "psk" ') - p0 ))
  s1=$(( $(grep -cE 'extension "session ticket" \(id=35\), len=[1-9]' "$log" || true) - s0 ))
  grep -q "\.$(printf '%s' "$SNI" | sed 's/\./\\./g')\$" "$log" || warn "wrk's SNI is not $SNI? (see s_server's log)"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "client wrk_hellos=$n0 wrk_offered_session=$(( p0 + s0 )) shim_hellos=$n1 shim_offered_session=$(( p1 + s1 )) sni=$SNI" >>"$RESULTS"
  log "wrk alone offered its previous session in $(( p0 + s0 )) of $n0 ClientHellos; with lib/wrk-noresume.c in $(( p1 + s1 )) of $n1"
  (( n1 >= 10 && p1 + s1 == 0 )) || die "wrk with lib/wrk-noresume.c still offers sessions (or did not connect): $(( p1 + s1 )) of $n1"
  WRK_PRELOAD=$so
}

# ---------------------------------------------------------------------------
# Measurements (wrk_run: lib/common.sh).
# ---------------------------------------------------------------------------
# measure TARGET KEY close|ka ROUND DURATION [record=1]
#  close - (a) Connection: close: one TCP connection and one full TLS handshake per request
#  ka    - (b) keep-alive HTTPS requests
measure() {
  local t=$1 k=$2 wl=$3 extra=()
  [[ $wl == close ]] && extra=(-H 'Connection: close')
  wrk_run "$t" "$4" "$5" "${6:-1}" "key=$k workload=$wl" "https://$SNI:${PORT[$t/$k]}/PBX0/x100" "${extra[@]}"
}

warm_up() {
  (( WARMUP_S > 0 )) || return 0
  log "warm-up: $WARMUP per target, key and workload (not recorded: JIT, caches, pools)"
  local t k wl
  for k in "${KEYS_A[@]}"; do
    for wl in "${WORKLOADS_A[@]}"; do
      for t in "${ACTIVE[@]}"; do measure "$t" "$k" "$wl" 0 "$WARMUP" 0; done
    done
  done
}

# ---------------------------------------------------------------------------
# Main.
# ---------------------------------------------------------------------------
read -r -a ACTIVE <<<"$TARGETS"
read -r -a KEYS_A <<<"$KEYS"
read -r -a WORKLOADS_A <<<"$WORKLOADS"
for t in "${ACTIVE[@]}"; do
  [[ " ${ALL_TARGETS[*]} " == *" $t "* ]] || die "unknown target '$t' (known: ${ALL_TARGETS[*]})"
done
for k in "${KEYS_A[@]}"; do
  [[ " ${ALL_KEYS[*]} " == *" $k "* ]] || die "unknown key type '$k' (known: ${ALL_KEYS[*]})"
done
for wl in "${WORKLOADS_A[@]}"; do
  [[ $wl == close || $wl == ka ]] || die "unknown workload '$wl' (known: close ka)"
done

{
  echo "# rp TLS benchmark $STAMP"
  header_versions
  echo "# openssl: $(openssl version 2>&1)"
  echo "# params: ROUNDS=$ROUNDS DURATION=$DURATION WARMUP=$WARMUP CONNS=$CONNS WRK_THREADS=$WRK_THREADS UPSTREAM_WORKERS=$UPSTREAM_WORKERS RP_HEAP=$RP_HEAP TARGETS='$TARGETS' KEYS='$KEYS' WORKLOADS='$WORKLOADS'"
  echo "# ports: upstream=$UPSTREAM_PORT$(for t in "${ALL_TARGETS[@]}"; do for k in "${ALL_KEYS[@]}"; do printf ' %s/%s=%s' "$t" "$k" "${PORT[$t/$k]}"; done; done)"
} >"$RESULTS"
sed 's/^# //' "$RESULTS" >&2

make_certs
check_client
start_targets

warm_up

# Alternate targets within each key type, workload and round (A B C A B C
# ...), so slow drifts of the machine hit every column alike.
for ((round = 1; round <= ROUNDS; round++)); do
  log "round $round/$ROUNDS"
  for k in "${KEYS_A[@]}"; do
    for wl in "${WORKLOADS_A[@]}"; do
      for t in "${ACTIVE[@]}"; do measure "$t" "$k" "$wl" "$round" "$DURATION"; done
    done
  done
done

table=$(python3 "$LIB/summarize.py" "$RESULTS")
{ echo; echo "$table"; } >>"$RESULTS"
echo
grep -E '^# (wrk|haproxy|nginx|java|openssl|params|rp TLS provider):' "$RESULTS" | sed 's/^# //'
echo
echo "$table"
echo
echo "raw numbers: $RESULTS"
