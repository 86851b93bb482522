#!/usr/bin/env bash
# Benchmarks the gateway against the backend reached directly, nginx and HAProxy with wrk.
#
# Usage: bench/run.sh <path-to-gateway-console>        (make bench calls it)
# Environment:
#   BENCH_DURATION  wrk duration of each measured run (default 10s)
#   BENCH_ROUNDS    interleaved rounds; the tables show medians (default 3)
#   BENCH_EXTRA=1   also measure 256 connections and 16 KiB bodies
#   BENCH_ONE_CONNECTION  gateway-one-connection, which times every request of the 1-connection
#                   runs without wrk's correction (default: built beside the gateway, in
#                   BUILD_DIR/bench/one-connection; the table is left out when there is none)
#
# Two nginx backends (one worker each) answer "/" with a 16-byte body; each proxy strips
# /service-a and round-robins over both with upstream keep-alive. Every port is picked free at
# run time, every config and log lives in a temp dir, and everything started here is stopped
# on exit. Prints markdown on stdout (progress on stderr); exits 1 when the verdict is FAIL and 2
# when the benchmark itself could not run.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$here/lib.sh"
require_executable_argument "<path-to-gateway-console>" "build it first: make build" "$@"
gateway_binary=$(realpath "$1")
duration=${BENCH_DURATION:-10s}
rounds=${BENCH_ROUNDS:-3}
extra=()
[ "${BENCH_EXTRA:-0}" = 1 ] && extra=(--extra)
one_connection=${BENCH_ONE_CONNECTION:-$(dirname "$gateway_binary")/../bench/one-connection/gateway-one-connection}
if [ -x "$one_connection" ]; then
    extra+=(--one-connection-client "$(realpath "$one_connection")")
else
    echo "bench/run.sh: no gateway-one-connection at $one_connection: 1-connection runs by wrk only" >&2
fi

install_bench_deps
make_work_dir gateway-bench
trap 'echo "bench/run.sh: command failed at line $LINENO" >&2' ERR

read -r port_a port_b port_gateway port_gateway_text port_gateway_json port_gateway_heads \
    port_gateway_bodies port_window port_window_no_capture port_nginx port_nginx_log \
    port_haproxy port_haproxy_log < <(free_ports 13)

# A 16 KiB body for the optional large-response case.
head -c 16384 /dev/zero | tr '\0' 'x' >"$work/big16k.txt"
chmod 644 "$work/big16k.txt"

# Backends: plain nginx, one worker each; compare.py reads from /nginx-status how many upstream
# connections a proxy opened.
backend_settings=(keepalive_timeout=300s error_log_level=warn
    "location = /big16k { alias $work/big16k.txt; }"
    "location = /nginx-status { stub_status; }"
    "location / { return 404; }")
write_backend_config bk-a "$port_a" "${backend_settings[@]}"
write_backend_config bk-b "$port_b" "${backend_settings[@]}"
start_nginx bk-a
pid_a=$last_pid
start_nginx bk-b
pid_b=$last_pid
wait_ready bk-a "$pid_a" "http://127.0.0.1:$port_a/"
wait_ready bk-b "$pid_b" "http://127.0.0.1:$port_b/"

# Our gateway. Health checks stay off (no health_check section), as for nginx and HAProxy.
# Three of them: the access log off (the floor), and the text and JSON access logs with stdout
# redirected to a file on disk, as a user runs it (start puts stdout in $work/NAME.log). Like a
# default headless run they have no admin API, so nothing keeps captures and none are made. Two
# more, with the log off and an admin API keeping captures, show what capturing costs: heads and
# bodies (the config's default) and heads only (write_capture_variants in lib.sh).
write_gateway_config "$port_gateway" "$port_a" "$port_b"
write_capture_variants
gateways=() # NAME|PORT|PID of each gateway-console started: waited for, checked after the run
start_gateway() { # NAME PORT CONFIG [ARGUMENT...]: gateway-console on 127.0.0.1:PORT
    local name=$1 port=$2 config=$3
    shift 3
    start "$name" "$gateway_binary" --config "$work/$config" --listen "127.0.0.1:$port" "$@"
    gateways+=("$name|$port|$last_pid")
}
start_gateway gateway "$port_gateway" gateway.yaml --headless --log-format off
pid_gateway=$last_pid
start_gateway gateway-text "$port_gateway_text" gateway.yaml --headless --log-format text
pid_gateway_text=$last_pid
start_gateway gateway-json "$port_gateway_json" gateway.yaml --headless --log-format json
pid_gateway_json=$last_pid
start_gateway gateway-heads "$port_gateway_heads" gateway-capture-heads.yaml --headless \
    --log-format off
pid_gateway_heads=$last_pid
start_gateway gateway-bodies "$port_gateway_bodies" gateway-capture.yaml --headless \
    --log-format off
pid_gateway_bodies=$last_pid

# The window: the same config run by gateway-console without --headless, on Qt's offscreen
# platform, with settings of its own in $work (so the window starts as it does the first time:
# the live log follows every request, Log → Capture Traffic as the config says) and its GUI
# thread's event-loop lateness appended to $work/NAME.loop for compare.py (docs/BENCHMARKS.md,
# "The window rows"). gateway.yaml keeps captures, heads and bodies, as the window does by
# default; gateway-window-no-capture.yaml has capture.enabled false, which unticks Log → Capture
# Traffic.
start_window() { # NAME PORT CONFIG
    mkdir -p "$work/$1-settings"
    QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME="$work/$1-settings" \
        GATEWAY_CONSOLE_LOOP_LATENCY_FILE="$work/$1.loop" start_gateway "$@"
}
cp "$work/gateway.yaml" "$work/gateway-window-no-capture.yaml"
printf 'capture:\n  enabled: false\n' >>"$work/gateway-window-no-capture.yaml"
start_window window "$port_window" gateway.yaml
pid_window=$last_pid
start_window window-no-capture "$port_window_no_capture" gateway-window-no-capture.yaml
pid_window_no_capture=$last_pid

# nginx as the reference proxy: one worker, upstream keep-alive 64, HTTP/1.1 to the backends.
# The request limits per connection are lifted on both sides for the same reason as on the
# backends (write_backend_config in lib.sh). ACCESS_LOG is nginx's access_log directive: off,
# or a file with buffer=64k (nginx then writes when 64 KiB are collected, or at least every
# flush interval; each write blocks its worker on a full disk or pipe).
write_proxy_nginx() { # NAME PORT ACCESS_LOG
    mkdir -p "$work/$1"
    cat >"$work/$1/nginx.conf" <<EOF
worker_processes 1;
pid $work/$1/nginx.pid;
error_log $work/$1/error.log warn;
events { worker_connections 4096; }
http {
    access_log $3;
    keepalive_requests 1000000;
    keepalive_timeout 300s;
    client_body_temp_path $work/$1/body;
    proxy_temp_path $work/$1/proxy;
    upstream backends {
        server 127.0.0.1:$port_a;
        server 127.0.0.1:$port_b;
        keepalive 64;
        keepalive_requests 1000000;
        keepalive_timeout 300s;
    }
    server {
        listen 127.0.0.1:$2 backlog=4096;
        location = /service-a {
            proxy_pass http://backends/;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
        location /service-a/ {
            proxy_pass http://backends/;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
EOF
}
write_proxy_nginx proxy-nginx "$port_nginx" off
start_nginx proxy-nginx
pid_nginx=$last_pid
write_proxy_nginx proxy-nginx-log "$port_nginx_log" "$work/proxy-nginx-log/access.log combined buffer=64k"
start_nginx proxy-nginx-log
pid_nginx_log=$last_pid

# HAProxy: one thread, idle server connections shared between clients (http-reuse always).
# The log lines go into the global and defaults sections: none, or its HTTP log to stdout,
# which -db leaves on $work/NAME.log, a file on disk as for our gateway. HAProxy writes such a
# line at once and never waits: a line that would block is dropped and counted, as its syslog
# lines over UDP are. A UDP sink would take the disk out of its row, so stdout is the fairer
# match.
write_haproxy_config() { # NAME PORT GLOBAL_LOG_LINE DEFAULTS_LOG_LINES
    cat >"$work/$1.cfg" <<EOF
global
    nbthread 1
    maxconn 4096
    $3
defaults
    mode http
    timeout connect 2s
    timeout client 300s
    timeout server 300s
    timeout http-keep-alive 300s
    http-reuse always
    $4
frontend gateway
    bind 127.0.0.1:$2
    default_backend backends
backend backends
    balance roundrobin
    http-request set-path / if { path /service-a }
    http-request replace-path ^/service-a(/.*) \1
    server bk-a 127.0.0.1:$port_a
    server bk-b 127.0.0.1:$port_b
EOF
}
write_haproxy_config haproxy "$port_haproxy" "" ""
start haproxy haproxy -db -f "$work/haproxy.cfg"
pid_haproxy=$last_pid
write_haproxy_config haproxy-log "$port_haproxy_log" "log stdout format raw local0" \
    "log global
    option httplog"
start haproxy-log haproxy -db -f "$work/haproxy-log.cfg"
pid_haproxy_log=$last_pid

for gateway in "${gateways[@]}"; do
    IFS='|' read -r name port pid <<<"$gateway"
    wait_ready "$name" "$pid" "http://127.0.0.1:$port/service-a/"
done
wait_ready proxy-nginx "$pid_nginx" "http://127.0.0.1:$port_nginx/service-a/"
wait_ready haproxy "$pid_haproxy" "http://127.0.0.1:$port_haproxy/service-a/"
wait_ready proxy-nginx-log "$pid_nginx_log" "http://127.0.0.1:$port_nginx_log/service-a/"
wait_ready haproxy-log "$pid_haproxy_log" "http://127.0.0.1:$port_haproxy_log/service-a/"

# sed, not head: head would close the pipe early, and pipefail turns that SIGPIPE into an exit.
cpus="$(nproc) CPUs ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | sed -n 1p))"
load=$(cut -d ' ' -f 1-3 /proc/loadavg)
versions="$(nginx -v 2>&1 | sed 's/^nginx version: //')"
versions+="; $(haproxy -v | sed -n 1p | cut -d ' ' -f 1-3)"
# wrk prints its version with the usage text and exits 1.
versions+="; $( (wrk --version 2>&1 || true) | sed -n 1p | cut -d ' ' -f 1-2)"
cat <<EOF
# Gateway benchmark

- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); $cpus; load average before the run: $load
- $(uname -sr); $versions
- gateway: $gateway_binary, no health checks; --log-format off (the floor), and text and json
  with stdout to a file on disk; like a default headless run without an admin API they capture
  nothing. Two more, log off, keep captures for an admin API: heads and bodies up to 1 MiB (the
  config's default) and heads only (body_limit 0). nginx: access_log off, and the combined format to a file with
  buffer=64k. HAProxy: no log, and option httplog to stdout (a file on disk), format raw.
- window: gateway.yaml run by gateway-console without --headless (offscreen, fresh settings):
  the live log follows every request; it keeps captures (heads and bodies, the default) or not
  (capture.enabled false: Log → Capture Traffic unticked). Its event loop: the lateness of a
  5 ms timer on the GUI thread during the wrk runs.
- Backends: 2 × nginx (1 worker) answering a 16-byte body; every proxy strips /service-a and
  round-robins over both with upstream keep-alive. wrk, the backends and the proxy share the CPUs.
- "proxy CPU per request": utime+stime of the proxy's processes (nginx: master + worker) over a
  run, divided by the requests wrk completed. "upstream conns opened": backend stub_status
  accepts over the run. "peak RSS": VmHWM summed over the proxy's processes during the scenario.

EOF

# In the background so that a signal to this script is handled at once (bash runs traps only
# between foreground commands) and the trap stops the helper with everything else.
status=0
python3 "$here/compare.py" run \
    --duration "$duration" --rounds "$rounds" "${extra[@]}" \
    --backend "http://127.0.0.1:$port_a/nginx-status|$pid_a" \
    --backend "http://127.0.0.1:$port_b/nginx-status|$pid_b" \
    --target "backend direct|http://127.0.0.1:$port_a|" \
    --target "gateway-console|http://127.0.0.1:$port_gateway/service-a|$pid_gateway" \
    --target "nginx|http://127.0.0.1:$port_nginx/service-a|$pid_nginx" \
    --target "haproxy|http://127.0.0.1:$port_haproxy/service-a|$pid_haproxy" \
    --target "gateway + text log|http://127.0.0.1:$port_gateway_text/service-a|$pid_gateway_text" \
    --target "gateway + JSON log|http://127.0.0.1:$port_gateway_json/service-a|$pid_gateway_json" \
    --target "gateway, capture heads|http://127.0.0.1:$port_gateway_heads/service-a|$pid_gateway_heads" \
    --target "gateway, capture bodies|http://127.0.0.1:$port_gateway_bodies/service-a|$pid_gateway_bodies" \
    --target "nginx + access log|http://127.0.0.1:$port_nginx_log/service-a|$pid_nginx_log" \
    --target "haproxy + log|http://127.0.0.1:$port_haproxy_log/service-a|$pid_haproxy_log" \
    --target "window: live log, captures|http://127.0.0.1:$port_window/service-a|$pid_window|$work/window.loop" \
    --target "window: live log, capture off|http://127.0.0.1:$port_window_no_capture/service-a|$pid_window_no_capture|$work/window-no-capture.loop" &
started_pids+=("$!")
wait "$!" || status=$?

# A proxy that died during the run would leave its numbers meaningless: say so. Each entry is
# NAME|PORT|PID as in $gateways (the port is not needed here).
for entry in "${gateways[@]}" "proxy-nginx||$pid_nginx" "haproxy||$pid_haproxy" \
    "proxy-nginx-log||$pid_nginx_log" "haproxy-log||$pid_haproxy_log"; do
    if ! kill -0 "${entry##*|}" 2>/dev/null; then
        echo "bench/run.sh: ${entry%%|*} exited during the benchmark; its log:" >&2
        cat "$work/${entry%%|*}.log" >&2 || true
        status=2
    fi
done
exit "$status"
