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
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$here/lib.sh"
require_executable_argument "<path-to-gateway-console>" "" "$@"
gateway_binary=$(realpath "$1")
total=${IDLE_TOTAL:-10000}
step=${IDLE_STEP:-1000}

install_bench_deps
hard_limit=$(ulimit -Hn)
if [ "$hard_limit" != unlimited ] && [ "$hard_limit" -lt $((total + 100)) ]; then
    echo "bench/idle-connections.sh: the hard descriptor limit $hard_limit is below $total" >&2
    exit 2
fi
ulimit -n "$hard_limit" # for the client holding the connections

make_work_dir gateway-idle

read -r port_backend port_gateway port_nginx < <(free_ports 3)

write_backend_config backend "$port_backend" hello=idle keepalive_timeout=3600s
start_nginx backend
wait_ready backend "$last_pid" "http://127.0.0.1:$port_backend/"

write_gateway_config "$port_gateway" "$port_backend"
cat >>"$work/gateway.yaml" <<CONF
limits:
  idle_timeout: 3600s
  max_connections: $((total + 1000))
CONF
start gateway bash -c "ulimit -Sn 1024 && exec \"\$0\" \"\$@\"" "$gateway_binary" --headless \
    --config "$work/gateway.yaml" --log-format off
pid_gateway=$last_pid
wait_ready gateway "$pid_gateway" "http://127.0.0.1:$port_gateway/service-a"

mkdir -p "$work/proxy-nginx"
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
start_nginx proxy-nginx
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
