#!/usr/bin/env bash
# Installs what bench/run.sh and bench/tls.sh need on Debian 12 (run as root). Nothing here is
# started: the Debian packages do not start nginx/haproxy without systemd, and
# if they do, run.sh does not care (it uses its own configs and free ports).
set -euo pipefail
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y wrk haproxy nginx curl python3 procps openssl gcc libc6-dev
