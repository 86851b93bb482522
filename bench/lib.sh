# shellcheck shell=bash
# What the bench/*.sh scripts share; sourced, not executed. A script sets `here` to its own
# directory (bench/) and then sources this file:
#
#     set -euo pipefail
#     here=$(cd "$(dirname "$0")" && pwd)
#     source "$here/lib.sh"
#
# Messages name the sourcing script (bench/<name>.sh, from $0). Written for `set -euo pipefail`:
# a function returns non-zero only when a command in it failed, so that set -e stops the script
# where it stopped when the code stood in the script itself.
#
#   require_executable_argument SYNOPSIS HINT "$@"   exits 2 unless given one executable
#   install_bench_deps                               scripts/install-deps.sh bench
#   make_work_dir PREFIX        sets $work (a temp dir) and the traps that clean up on exit
#   start NAME COMMAND...       runs COMMAND in the background; its pid in $last_pid
#   start_nginx NAME            nginx in the foreground with everything in $work/NAME
#   forget_pid PID              for a process that was stopped already (see below)
#   wait_ready NAME PID URL     exits 2 unless URL answers 200 while PID stays alive
#   free_ports N                prints N loopback ports that are free right now
#   write_backend_config NAME PORT [SETTING|LINE]...   an nginx backend's config
#   write_gateway_config PORT BACKEND_PORT...           $work/gateway.yaml, route /service-a
#   write_capture_variants      $work/gateway-capture{,-heads,-off}.yaml beside it

: "${here:?set here to the bench directory before sourcing lib.sh}"
bench_script="bench/${0##*/}"

# Exits 2 with "usage: bench/<name>.sh SYNOPSIS" unless the arguments after SYNOPSIS and HINT
# are exactly one, an executable. With a HINT, an argument that is not executable gets
# "bench/<name>.sh: 'ARG' is not an executable (HINT)" instead of the usage line.
require_executable_argument() {
    local synopsis=$1 hint=$2
    shift 2
    if [ $# -eq 1 ] && [ -x "$1" ]; then return 0; fi
    if [ $# -eq 1 ] && [ -n "$hint" ]; then
        echo "$bench_script: '$1' is not an executable ($hint)" >&2
    else
        echo "usage: $bench_script $synopsis" >&2
    fi
    exit 2
}

install_bench_deps() {
    "$here/../scripts/install-deps.sh" bench
}

# Sets $work to a new directory /tmp/PREFIX.XXXXXX and starts the bookkeeping of `start`: on
# exit, whatever way it comes, every process it started is stopped and $work removed.
make_work_dir() {
    work=$(mktemp -d "/tmp/$1.XXXXXX")
    # nginx workers drop root privileges; they must still read the configs and files in here.
    chmod 755 "$work"
    started_pids=()
    trap stop_everything EXIT
    trap 'exit 130' INT TERM
}

stop_everything() {
    local pid index
    # Newest first: a measuring helper (which stops its wrk) before the proxies, the proxies
    # before their backends.
    for ((index = ${#started_pids[@]} - 1; index >= 0; index--)); do
        kill -TERM "${started_pids[index]}" 2>/dev/null || true
    done
    for pid in "${started_pids[@]}"; do
        # nginx's master stops its worker before it exits; give every process a moment, then
        # make sure nothing outlives the benchmark.
        for _ in $(seq 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}

# Starts COMMAND in the background with its output in $work/NAME.log; the pid lands in $last_pid
# and is stopped on exit.
start() {
    local name=$1
    shift
    "$@" >"$work/$name.log" 2>&1 &
    last_pid=$!
    started_pids+=("$last_pid")
}

# nginx in the foreground (master + worker) with its prefix, config and logs in $work/NAME.
start_nginx() {
    local name=$1
    start "$name" nginx -p "$work/$name" -e "$work/$name/error.log" -c "$work/$name/nginx.conf" \
        -g 'daemon off;'
}

# For a process started with `start` that the script has stopped and reaped itself: its pid
# may belong to another process by the time of the exit, which must not be signalled.
forget_pid() {
    local pid kept=()
    for pid in "${started_pids[@]}"; do
        if [ "$pid" != "$1" ]; then kept+=("$pid"); fi
    done
    started_pids=("${kept[@]}")
}

# Waits until URL answers 200 while PID stays alive; otherwise prints $work/NAME.log and exits 2.
wait_ready() {
    local name=$1 pid=$2 url=$3
    if ! python3 "$here/compare.py" wait "$pid" "$url"; then
        echo "$bench_script: $name did not come up; its log:" >&2
        cat "$work/$name.log" >&2 || true
        exit 2
    fi
}

# Prints N loopback TCP ports, free right now, on one line: read -r port_a port_b < <(free_ports 2)
free_ports() {
    python3 "$here/compare.py" free-ports "$1"
}

# Writes $work/NAME/nginx.conf for a backend: one nginx worker on 127.0.0.1:PORT answering "/"
# with "hello from NAME\n". nginx closes a keep-alive connection after 1000 requests by default,
# which would make every proxy in front of it reconnect: that limit is lifted.
# SETTING words change what nginx's defaults are otherwise kept for:
#   hello=TEXT             "/" answers "hello from TEXT\n" (four letters keep the body 16 bytes)
#   worker_connections=N   (default 4096)
#   keepalive_timeout=T    how long an idle client connection stays open (nginx's default 75s)
#   error_log_level=LEVEL  (nginx's default error)
# Any other word is one more line of the server block, such as a location.
write_backend_config() {
    local name=$1 port=$2 word locations=
    local hello=$1 worker_connections=4096 keepalive_timeout=75s error_log_level=error
    shift 2
    for word in "$@"; do
        case $word in
            hello=*) hello=${word#*=} ;;
            worker_connections=*) worker_connections=${word#*=} ;;
            keepalive_timeout=*) keepalive_timeout=${word#*=} ;;
            error_log_level=*) error_log_level=${word#*=} ;;
            *) locations+="        $word"$'\n' ;;
        esac
    done
    mkdir -p "$work/$name"
    cat >"$work/$name/nginx.conf" <<EOF
worker_processes 1;
pid $work/$name/nginx.pid;
error_log $work/$name/error.log $error_log_level;
events { worker_connections $worker_connections; }
http {
    access_log off;
    default_type text/plain;
    keepalive_requests 1000000;
    keepalive_timeout $keepalive_timeout;
    client_body_temp_path $work/$name/body;
    proxy_temp_path $work/$name/proxy;
    server {
        listen 127.0.0.1:$port backlog=4096;
        location = / { return 200 "hello from $hello\n"; }
${locations}    }
}
EOF
}

# Writes $work/gateway.yaml: the gateway on 127.0.0.1:PORT with one route, /service-a, that
# round-robins over 127.0.0.1:BACKEND_PORT... A script adds its own sections with cat >>: the
# order of the top-level keys does not matter to the gateway.
write_gateway_config() {
    local port=$1
    shift
    cat >"$work/gateway.yaml" <<EOF
server:
  listen: 127.0.0.1:$port
routes:
  - id: service-a
    path: /service-a
    strategy: round_robin
    targets:
EOF
    printf '      - http://127.0.0.1:%s\n' "$@" >>"$work/gateway.yaml"
}

# A backend for the scripts that count rather than time (valgrind, the window's paints and
# event loop), where the backend's speed does not matter: nginx as NAME on 127.0.0.1:PORT
# answering "/" and 404 to anything else, started and ready.
start_plain_backend() {
    local name=$1 port=$2
    write_backend_config "$name" "$port" keepalive_timeout=300s error_log_level=warn \
        "location / { return 404; }"
    start_nginx "$name"
    wait_ready "$name" "$last_pid" "http://127.0.0.1:$port/"
}

# gateway.yaml is a headless run as users start it by default: capture is on in the config, but
# with no admin API (and no --har) nothing would keep a capture, so the gateway captures nothing
# (README, "Inspecting traffic"). The variants turn the admin API on (port 0), which keeps
# captures: -capture as the config's default (heads, bodies up to 1 MiB), -capture-heads with
# body_limit 0, -capture-off with capture.enabled false (the admin API alone).
write_capture_variants() {
    local variant
    for variant in capture capture-heads capture-off; do
        cp "$work/gateway.yaml" "$work/gateway-$variant.yaml"
        printf 'admin:\n  listen: 127.0.0.1:0\n' >>"$work/gateway-$variant.yaml"
    done
    printf 'capture:\n  body_limit: 0\n' >>"$work/gateway-capture-heads.yaml"
    printf 'capture:\n  enabled: false\n' >>"$work/gateway-capture-off.yaml"
}
