#!/usr/bin/env bash
# Measures the GUI thread's event-loop latency of the real window while records flow in.
#
# Usage: bench/ui-latency.sh <path-to-gateway-ui-latency>     (make bench-ui calls it)
# Environment:
#   BENCH_UI_SECONDS      length of each load phase (default 20; at 20 000 records/s the
#                         request log's 100 000-row cap is reached after 5 s)
#   BENCH_UI_CONNECTIONS  wrk connections in the gateway mode (default 50)
#   BENCH_UI_PLATFORM     offscreen (default) or xvfb (the xcb platform under Xvfb)
#
# Two nginx backends (one worker each, 16-byte body) behind the gateway's route /service-a.
# Three runs of the window, each a fresh process:
#   gateway      wrk -t1 drives requests through the gateway's listening port, as fast as the
#                machine allows; the window gets the worker's real batches.
#   synthetic    no requests: batches of 1 000 records every 50 ms (exactly 20 000 records/s)
#                are emitted as GatewayController::recordsReady, as the worker would send them.
#   synthetic + filter   the same with a filter typed in the request log's filter box.
# Prints markdown on stdout (progress on stderr); exits 2 when the benchmark could not run.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$here/lib.sh"
require_executable_argument "<path-to-gateway-ui-latency> (build it first: make build)" "" "$@"
program=$(realpath "$1")
seconds=${BENCH_UI_SECONDS:-20}
connections=${BENCH_UI_CONNECTIONS:-50}
platform=${BENCH_UI_PLATFORM:-offscreen}

install_bench_deps
make_work_dir gateway-bench-ui
trap 'echo "bench/ui-latency.sh: command failed at line $LINENO" >&2' ERR

read -r port_a port_b port_gateway < <(free_ports 3)

start_plain_backend bk-a "$port_a"
start_plain_backend bk-b "$port_b"

write_gateway_config "$port_gateway" "$port_a" "$port_b"

# One window run; its rows land in $work/rows.md, wrk's line in $work/notes.md.
run_window() {
    local label=$1
    shift
    local command=("$program" --config "$work/gateway.yaml" --label "$label"
        --load-seconds "$seconds" "$@")
    echo "== $label" >&2
    if [ "$platform" = xvfb ]; then
        command=(xvfb-run -a -s "-screen 0 1920x1080x24" env QT_QPA_PLATFORM=xcb "${command[@]}")
    else
        command=(env QT_QPA_PLATFORM=offscreen "${command[@]}")
    fi
    if ! "${command[@]}" >"$work/run.out" 2>"$work/run.err"; then
        echo "bench/ui-latency.sh: the $label run failed:" >&2
        cat "$work/run.out" "$work/run.err" >&2
        exit 2
    fi
    grep '^|' "$work/run.out" | tee -a "$work/rows.md" >&2
    grep '^- ' "$work/run.out" | tee -a "$work/notes.md" >&2 || true
}
: >"$work/rows.md"
: >"$work/notes.md"
run_window "gateway + wrk -c$connections" --mode gateway --connections "$connections"
run_window "synthetic 20 000/s" --mode synthetic --rate 20000 --batch 1000
run_window "synthetic 20 000/s, filter \`status:5xx\`" --mode synthetic --rate 20000 \
    --batch 1000 --filter status:5xx

cpus="$(nproc) CPUs ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | sed -n 1p))"
cat <<EOF
# Window event-loop latency under load

- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); $cpus; load average after the runs: $(cut -d ' ' -f 1-3 /proc/loadavg)
- $(uname -sr); Qt platform: $platform; window 1280×860, request log following, row cap 100 000
- Probe: a precise single-shot QTimer re-armed every 5 ms on the GUI thread; lateness = how long
  after its due time it ran. Batch = the window's recordsReady handler (log model insert and
  drop, filter, chart), timed from outside. GUI thread running / waiting: its CPU time and its
  time runnable but queued for a CPU (/proc schedstat), each over wall time.
- Goal: p99 lateness under 50 ms (the window answers clicks and typing at once).

| run | phase | s | records/s into the window | probe fires | lateness p50 ms | p99 ms | max ms | batch p50 / p99 / max ms (log rows before the slowest) | GUI thread running / waiting for a CPU | log rows at end | p99 < 50 ms |
|---|---|---|---|---|---|---|---|---|---|---|---|
EOF
cat "$work/rows.md"
echo
cat "$work/notes.md"
