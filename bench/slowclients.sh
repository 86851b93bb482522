#!/usr/bin/env bash
# Attacks the gateway with slowhttptest in its three modes (slowloris: heads trickled; slow body:
# a POST body trickled; slow read: responses read through a tiny window) and reports whether the
# gateway stayed available: the latency of a probe request (curl, a fresh connection every
# 250 ms) during each attack, and how many probes failed.
#
# Usage: bench/slowclients.sh <path-to-gateway-console>
# Environment: SLOW_SECONDS (default 30) per attack, SLOW_CONNECTIONS (default 1000).
#
# The gateway runs with its default limits except header_timeout 5s and idle_timeout 10s, so
# that the limits act within an attack: slowloris heads get 408 at 5 s, stalled bodies 408 after
# 10 s without a byte, readers that stop are cut after 10 s.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
if [ $# -ne 1 ] || [ ! -x "$1" ]; then
    echo "usage: bench/slowclients.sh <path-to-gateway-console>" >&2
    exit 2
fi
gateway_binary=$(realpath "$1")
seconds=${SLOW_SECONDS:-30}
connections=${SLOW_CONNECTIONS:-1000}
"$here/../scripts/install-deps.sh" bench
ulimit -n "$(ulimit -Hn)"

work=$(mktemp -d /tmp/gateway-slow.XXXXXX)
chmod 755 "$work"
started_pids=()
# shellcheck disable=SC2317  # invoked by the EXIT trap
stop_everything() {
    local pid
    for pid in "${started_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${started_pids[@]}"; do
        for _ in $(seq 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap stop_everything EXIT
trap 'exit 130' INT TERM

start() {
    local name=$1
    shift
    "$@" >"$work/$name.log" 2>&1 &
    last_pid=$!
    started_pids+=("$last_pid")
}
wait_ready() {
    if ! python3 "$here/compare.py" wait "$2" "$3"; then
        echo "bench/slowclients.sh: $1 did not come up; its log:" >&2
        cat "$work/$1.log" >&2 || true
        exit 2
    fi
}

read -r port_backend port_gateway < <(python3 "$here/compare.py" free-ports 2)
mkdir -p "$work/backend"
# A 1 MiB body for the slow-read attack: far more than the socket buffers hold.
head -c 1048576 /dev/zero | tr '\0' 'x' >"$work/big.txt"
chmod 644 "$work/big.txt"
cat >"$work/backend/nginx.conf" <<CONF
worker_processes 1;
pid $work/backend/nginx.pid;
events { worker_connections 8192; }
http {
    access_log off;
    keepalive_requests 1000000;
    client_body_temp_path $work/backend/body;
    server {
        listen 127.0.0.1:$port_backend backlog=4096;
        location = / { return 200 "hello from slow\n"; }
        location = /big { alias $work/big.txt; }
    }
}
CONF
start backend nginx -p "$work/backend" -e "$work/backend/error.log" \
    -c "$work/backend/nginx.conf" -g 'daemon off;'
wait_ready backend "$last_pid" "http://127.0.0.1:$port_backend/"

cat >"$work/gateway.yaml" <<CONF
server:
  listen: 127.0.0.1:$port_gateway
limits:
  header_timeout: 5s
  idle_timeout: 10s
routes:
  - id: service-a
    path: /service-a
    targets: [http://127.0.0.1:$port_backend]
CONF
start gateway "$gateway_binary" --headless --config "$work/gateway.yaml" --log-format off
pid_gateway=$last_pid
wait_ready gateway "$pid_gateway" "http://127.0.0.1:$port_gateway/service-a"
url="http://127.0.0.1:$port_gateway/service-a"

# Probes until the file $work/stop-probe appears; one line per probe: seconds, or "fail".
probe() {
    while [ ! -e "$work/stop-probe" ]; do
        curl -s -o /dev/null -m 5 -w '%{http_code} %{time_total}\n' "$url/" || echo "000 fail"
        sleep 0.25
    done
}

attack() {
    local label=$1
    shift
    rm -f "$work/stop-probe"
    probe >"$work/probe.txt" &
    local probe_pid=$!
    slowhttptest -c "$connections" -r 200 -l "$seconds" -o "$work/slowhttptest" "$@" \
        >"$work/slowhttptest.log" 2>&1 || true
    touch "$work/stop-probe"
    wait "$probe_pid"
    python3 - "$label" "$work/probe.txt" "$pid_gateway" <<'PY'
import statistics, sys
label, path, pid = sys.argv[1:4]
ok, failed = [], 0
for line in open(path):
    code, value = line.split()
    if code == "200":
        ok.append(float(value) * 1000)
    else:
        failed += 1
rss = next(int(l.split()[1]) for l in open(f"/proc/{pid}/status") if l.startswith("VmHWM"))
ok.sort()
median = f"{statistics.median(ok):.1f}" if ok else "-"
worst = f"{ok[-1]:.1f}" if ok else "-"
verdict = "yes" if ok and failed == 0 else "NO"
print(f"| {label} | {len(ok) + failed} | {failed} | {median} | {worst} | {rss // 1024} | {verdict} |")
PY
}

echo "# Slow clients ($(date -u +%Y-%m-%d), $(nproc) cores, $connections connections, ${seconds}s each)"
echo
echo "| attack | probes | failed | probe p50 ms | probe max ms | gateway VmHWM MiB | available |"
echo "|---|---|---|---|---|---|---|"
attack "slowloris (-H, a header line every 10 s)" -H -i 10 -u "$url/"
attack "slow body (-B, 10 bytes every 10 s)" -B -i 10 -s 100000 -u "$url/"
attack "slow read (-X, 32-byte window, read every 5 s)" -X -w 32 -y 64 -n 5 -z 32 -k 2 \
    -u "$url/big"
