#!/usr/bin/env bash
# Drives the gateway with wrk (idempotent GETs) over a route with three instances and, during
# the run, kills one instance, disables another through the admin API, reloads the config and
# restarts a backend. Prints one markdown row per phase: requests, non-2xx responses and socket
# errors as wrk counts them. The goal is zero lost requests while another instance is up.
#
# Usage: bench/faults-under-load.sh <path-to-gateway-console>
# Environment: FAULT_PHASE_SECONDS (default 6) per phase, FAULT_CONNECTIONS (default 20).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$here/lib.sh"
require_executable_argument "<path-to-gateway-console>" "" "$@"
gateway_binary=$(realpath "$1")
seconds=${FAULT_PHASE_SECONDS:-6}
connections=${FAULT_CONNECTIONS:-20}
install_bench_deps

make_work_dir gateway-faults
declare -A backend_pid=()

read -r port_a port_b port_c port_gateway port_admin < <(free_ports 5)
declare -A port=([a]=$port_a [b]=$port_b [c]=$port_c)

start_backend() {
    local name=$1
    write_backend_config "$name" "${port[$name]}"
    start_nginx "$name"
    backend_pid[$name]=$last_pid
    wait_ready "$name" "${backend_pid[$name]}" "http://127.0.0.1:${port[$name]}/"
}

# SIGKILL to the master and its worker: the instance vanishes mid-whatever, like a crash.
kill_backend() {
    local master=${backend_pid[$1]} child children=()
    # The file holds the pids on one line; it is gone once the master has exited.
    read -ra children 2>/dev/null <"/proc/$master/task/$master/children" || true
    for child in "${children[@]}"; do
        kill -KILL "$child" 2>/dev/null || true
    done
    kill -KILL "$master" 2>/dev/null || true
    wait "$master" 2>/dev/null || true
    forget_pid "$master"
}

for name in a b c; do start_backend "$name"; done

write_gateway_config "$port_gateway" "$port_a" "$port_b" "$port_c"
cat >>"$work/gateway.yaml" <<CONF
admin:
  listen: 127.0.0.1:$port_admin
health_check: { path: /, interval: 1s, timeout: 500ms, rise: 2, fall: 2 }
CONF
start gateway "$gateway_binary" --headless --config "$work/gateway.yaml" \
    --admin "127.0.0.1:$port_admin" --log-format off
wait_ready gateway "$last_pid" "http://127.0.0.1:$port_gateway/service-a"

admin() { curl -sf -X POST "http://127.0.0.1:$port_admin$1" >/dev/null; }

# Runs wrk for one phase with the fault fired a second in; prints the phase's row.
phase() {
    local label=$1 action=$2 output
    wrk -t1 -c"$connections" -d"${seconds}s" "http://127.0.0.1:$port_gateway/service-a" \
        >"$work/wrk.out" 2>&1 &
    local wrk_pid=$!
    sleep 1
    eval "$action"
    wait "$wrk_pid"
    output=$(cat "$work/wrk.out")
    local requests non2xx errors
    requests=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' <<<"$output")
    non2xx=$(sed -n 's/.*Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' <<<"$output")
    errors=$(sed -n 's/.*Socket errors: \(.*\)/\1/p' <<<"$output")
    echo "| $label | ${requests:-?} | ${non2xx:-0} | ${errors:-none} |"
}

echo "# Faults under load ($(date -u +%Y-%m-%d), $(nproc) cores, wrk -c$connections, ${seconds}s per phase)"
echo
echo "| phase (fault fired 1 s in) | requests | non-2xx | socket errors |"
echo "|---|---|---|---|"
phase "baseline: a, b, c up" ":"
phase "kill -9 instance a (b, c up)" "kill_backend a"
phase "disable b via the admin API (c up)" "admin /api/routes/service-a/backends/1/disable"
phase "enable b, POST /api/reload" \
    "admin /api/routes/service-a/backends/1/enable; admin /api/reload"
phase "restart a (start it again)" "start_backend a"
phase "restart c (kill -9, start again; a, b up)" "kill_backend c; start_backend c"
