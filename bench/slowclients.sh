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
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$here/lib.sh"
require_executable_argument "<path-to-gateway-console>" "" "$@"
gateway_binary=$(realpath "$1")
seconds=${SLOW_SECONDS:-30}
connections=${SLOW_CONNECTIONS:-1000}
install_bench_deps
ulimit -n "$(ulimit -Hn)"

make_work_dir gateway-slow

read -r port_backend port_gateway < <(free_ports 2)
# A 1 MiB body for the slow-read attack: far more than the socket buffers hold.
head -c 1048576 /dev/zero | tr '\0' 'x' >"$work/big.txt"
chmod 644 "$work/big.txt"
write_backend_config backend "$port_backend" hello=slow worker_connections=8192 \
    "location = /big { alias $work/big.txt; }"
start_nginx backend
wait_ready backend "$last_pid" "http://127.0.0.1:$port_backend/"

write_gateway_config "$port_gateway" "$port_backend"
cat >>"$work/gateway.yaml" <<CONF
limits:
  header_timeout: 5s
  idle_timeout: 10s
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
