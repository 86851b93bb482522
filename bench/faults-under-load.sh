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
if [ $# -ne 1 ] || [ ! -x "$1" ]; then
    echo "usage: bench/faults-under-load.sh <path-to-gateway-console>" >&2
    exit 2
fi
gateway_binary=$(realpath "$1")
seconds=${FAULT_PHASE_SECONDS:-6}
connections=${FAULT_CONNECTIONS:-20}
"$here/../scripts/install-deps.sh" bench

work=$(mktemp -d /tmp/gateway-faults.XXXXXX)
chmod 755 "$work"
declare -A backend_pid=()
gateway_pid=
# shellcheck disable=SC2317  # invoked by the EXIT trap
stop_everything() {
    local pid
    for pid in "${backend_pid[@]}" $gateway_pid; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${backend_pid[@]}" $gateway_pid; do
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

wait_ready() {
    if ! python3 "$here/compare.py" wait "$2" "$3"; then
        echo "bench/faults-under-load.sh: $1 did not come up; its log:" >&2
        cat "$work/$1.log" >&2 || true
        exit 2
    fi
}

read -r port_a port_b port_c port_gateway port_admin \
    < <(python3 "$here/compare.py" free-ports 5)
declare -A port=([a]=$port_a [b]=$port_b [c]=$port_c)

start_backend() {
    local name=$1
    mkdir -p "$work/$name"
    cat >"$work/$name/nginx.conf" <<CONF
worker_processes 1;
pid $work/$name/nginx.pid;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 1000000;
    client_body_temp_path $work/$name/body;
    server {
        listen 127.0.0.1:${port[$name]} backlog=4096;
        location = / { return 200 "hello from $name\n"; }
    }
}
CONF
    nginx -p "$work/$name" -e "$work/$name/error.log" -c "$work/$name/nginx.conf" \
        -g 'daemon off;' >"$work/$name.log" 2>&1 &
    backend_pid[$name]=$!
    wait_ready "$name" "${backend_pid[$name]}" "http://127.0.0.1:${port[$name]}/"
}

# SIGKILL to the master and its worker: the instance vanishes mid-whatever, like a crash.
kill_backend() {
    local name=$1 master=${backend_pid[$1]} child
    for child in $(cat "/proc/$master/task/$master/children" 2>/dev/null); do
        kill -KILL "$child" 2>/dev/null || true
    done
    kill -KILL "$master" 2>/dev/null || true
    wait "$master" 2>/dev/null || true
}

for name in a b c; do start_backend "$name"; done

cat >"$work/gateway.yaml" <<CONF
server:
  listen: 127.0.0.1:$port_gateway
admin:
  listen: 127.0.0.1:$port_admin
health_check: { path: /, interval: 1s, timeout: 500ms, rise: 2, fall: 2 }
routes:
  - id: service-a
    path: /service-a
    strategy: round_robin
    targets:
      - http://127.0.0.1:$port_a
      - http://127.0.0.1:$port_b
      - http://127.0.0.1:$port_c
CONF
"$gateway_binary" --headless --config "$work/gateway.yaml" --admin "127.0.0.1:$port_admin" \
    --log-format off >"$work/gateway.log" 2>&1 &
gateway_pid=$!
wait_ready gateway "$gateway_pid" "http://127.0.0.1:$port_gateway/service-a"

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
