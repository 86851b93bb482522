#!/usr/bin/env bash
# Holds 10 000 idle keep-alive client connections on the gateway, then on nginx as a proxy, and
# prints each one's resident memory and the latency of requests on another connection meanwhile.
#
# Usage: bench/idle-connections.sh <path-to-gateway-console>
# Environment: IDLE_TOTAL (default 10000) connections, IDLE_STEP (default 1000) per table row.
#
# One nginx backend answers "/" with a 16-byte body. The gateway starts with a soft descriptor
# limit of 1024 on purpose: it must raise it to the hard limit itself (app/openfilelimit.cpp).
# Prints markdown on stdout; exits 2 when the benchmark could not run.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
if [ $# -ne 1 ] || [ ! -x "$1" ]; then
    echo "usage: bench/idle-connections.sh <path-to-gateway-console>" >&2
    exit 2
fi
gateway_binary=$(realpath "$1")
total=${IDLE_TOTAL:-10000}
step=${IDLE_STEP:-1000}

"$here/../scripts/install-deps.sh" bench
hard_limit=$(ulimit -Hn)
if [ "$hard_limit" != unlimited ] && [ "$hard_limit" -lt $((total + 100)) ]; then
    echo "bench/idle-connections.sh: the hard descriptor limit $hard_limit is below $total" >&2
    exit 2
fi
ulimit -n "$hard_limit" # for the client holding the connections

work=$(mktemp -d /tmp/gateway-idle.XXXXXX)
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
        echo "bench/idle-connections.sh: $1 did not come up; its log:" >&2
        cat "$work/$1.log" >&2 || true
        exit 2
    fi
}

read -r port_backend port_gateway port_nginx < <(python3 "$here/compare.py" free-ports 3)

mkdir -p "$work/backend" "$work/proxy-nginx"
cat >"$work/backend/nginx.conf" <<CONF
worker_processes 1;
pid $work/backend/nginx.pid;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 1000000;
    keepalive_timeout 3600s;
    client_body_temp_path $work/backend/body;
    server {
        listen 127.0.0.1:$port_backend backlog=4096;
        location = / { return 200 "hello from idle\n"; }
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
  idle_timeout: 3600s
  max_connections: $((total + 1000))
routes:
  - id: service-a
    path: /service-a
    targets: [http://127.0.0.1:$port_backend]
CONF
start gateway bash -c "ulimit -Sn 1024 && exec \"\$0\" \"\$@\"" "$gateway_binary" --headless \
    --config "$work/gateway.yaml" --log-format off
pid_gateway=$last_pid
wait_ready gateway "$pid_gateway" "http://127.0.0.1:$port_gateway/service-a"

cat >"$work/proxy-nginx/nginx.conf" <<CONF
worker_processes 1;
worker_rlimit_nofile $hard_limit;
pid $work/proxy-nginx/nginx.pid;
events { worker_connections $((total + 1000)); }
http {
    access_log off;
    keepalive_requests 1000000;
    keepalive_timeout 3600s;
    client_body_temp_path $work/proxy-nginx/body;
    proxy_temp_path $work/proxy-nginx/proxy;
    upstream backends {
        server 127.0.0.1:$port_backend;
        keepalive 64;
    }
    server {
        listen 127.0.0.1:$port_nginx backlog=4096;
        location /service-a {
            proxy_pass http://backends/;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
CONF
start proxy-nginx nginx -p "$work/proxy-nginx" -e "$work/proxy-nginx/error.log" \
    -c "$work/proxy-nginx/nginx.conf" -g 'daemon off;'
pid_nginx=$last_pid
wait_ready proxy-nginx "$pid_nginx" "http://127.0.0.1:$port_nginx/service-a"

echo "# $total idle keep-alive connections ($(date -u +%Y-%m-%d), $(nproc) cores)"
status=0
python3 "$here/idle_connections.py" "gateway-console" "$pid_gateway" "$port_gateway" \
    /service-a "$total" "$step" || status=1
python3 "$here/idle_connections.py" "nginx $(nginx -v 2>&1 | sed 's|.*/||') (master + worker)" \
    "$pid_nginx" "$port_nginx" /service-a "$total" "$step" || status=1
if grep -q "cannot accept\|open file limit" "$work/gateway.log"; then
    echo
    echo "gateway log:"
    sed 's/^/    /' "$work/gateway.log"
fi
exit $status
