#!/usr/bin/env bash
# Counts what one proxied request costs the gateway: CPU instructions (callgrind) and heap
# allocations (DHAT), summed over all of the process's threads, in the configurations users
# run. Counts, not times: they do not depend on what else the machine is doing, so a change can
# be measured before/after on a busy machine (docs/BENCHMARKS.md, "Cost per request").
#
# Usage: bench/per-request-cost.sh <path-to-gateway-console>    (make bench-cost calls it)
# Environment:
#   COST_REQUESTS   requests of the short run; the long run sends twice as many (default 2000)
#   COST_MODES      which configurations to measure (default: "off capture capture-heads
#                   capture-off text json window")
#   COST_PROFILES   a directory to keep every callgrind profile in, one file per thread
#                   (--separate-threads=yes), for a breakdown of where the instructions go:
#                   callgrind_annotate --inclusive=yes DIR/callgrind-window-4000.out-01 lists
#                   what the GUI thread spent (thread 1), by function and all it called
#   COST_WINDOW_ALL 1: the window's runs collect everything, timers and painting included, for
#                   such a breakdown (its per-request figure then means little: see below)
#
# off, text and json run headless without an admin API: nothing keeps captures, so nothing is
# captured (the default for such a run). capture, capture-heads and capture-off add an admin API,
# which keeps them, with the log off: the config's default capture (heads, bodies up to 1 MiB),
# heads only (body_limit 0), and capture off (what the admin API alone costs).
#
# Each configuration runs twice under each tool, with N and 2N GET requests on one keep-alive
# connection to the route /service-a (one nginx backend, 16-byte body). The difference between
# the two runs divided by N is the cost of one request: start-up, config loading and shutdown
# cancel out.
#
# The window is measured differently. What it does on timers (repaints, the status bar, the
# chart's animation) depends on wall time, and valgrind slows every request down fifty times
# while the timers keep their pace, so the N/2N difference would be mostly repaints that a
# native run spreads over fifty times more requests. Its row counts only what the GUI thread
# does per record (the log model and its filter, the view's bookkeeping, the chart, the
# colours: callgrind's --toggle-collect on the three functions a batch goes through, and on the
# log panel's tick, which shows the new rows to the table and follows them); the
# worker's side is the "log off" row's, and painting is per frame, not per request.
# Prints a markdown table on stdout, progress on stderr; exits 2 when a run fails.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$here/lib.sh"
require_executable_argument "<path-to-gateway-console>" "build it first: make build" "$@"
gateway_binary=$(realpath "$1")
requests=${COST_REQUESTS:-2000}
read -r -a modes <<<"${COST_MODES:-off capture capture-heads capture-off text json window}"

install_bench_deps
make_work_dir gateway-bench-cost
trap 'echo "bench/per-request-cost.sh: command failed at line $LINENO" >&2' ERR

read -r port_backend port_gateway < <(free_ports 2)
start_plain_backend bk-a "$port_backend"
write_gateway_config "$port_gateway" "$port_backend"
write_capture_variants

# The window draws offscreen (no display needed). Exported rather than put in front of the
# command with env: valgrind would measure env, which execs the gateway out of its sight.
export QT_QPA_PLATFORM=offscreen

# The command line of one configuration.
gateway_command() {
    case $1 in
        off | text | json)
            echo "$gateway_binary --headless --config $work/gateway.yaml --log-format $1" ;;
        capture | capture-heads | capture-off)
            echo "$gateway_binary --headless --config $work/gateway-$1.yaml --log-format off" ;;
        window)
            echo "$gateway_binary --config $work/gateway.yaml" ;;
        *)
            echo "bench/per-request-cost.sh: unknown mode '$1' (off, capture," \
                "capture-heads, capture-off, text, json or window)" >&2
            exit 2 ;;
    esac
}

# Runs the gateway under TOOL in MODE, sends COUNT requests, stops it with SIGTERM and prints
# the tool's total: instructions (callgrind) or allocations (dhat).
measure() {
    local tool=$1 mode=$2 count=$3 name pid options=()
    name="$tool-$mode-$count"
    if [ "$tool" = callgrind ] && [ -n "${COST_PROFILES:-}" ]; then
        options+=(--separate-threads=yes)
    fi
    if [ "$mode" = window ] && [ "${COST_WINDOW_ALL:-}" != 1 ]; then
        options+=("--toggle-collect=RequestLogModel::appendRecords*"
            "--toggle-collect=DistributionChart::addRecords*"
            "--toggle-collect=InstanceColors::learnFrom*"
            "--toggle-collect=RequestLogPanel::showNewRows*")
    fi
    # shellcheck disable=SC2046 # the command's words are meant to split
    start "$name" valgrind --tool="$tool" "--$tool-out-file=$work/$name.out" "${options[@]}" \
        $(gateway_command "$mode")
    pid=$last_pid
    # Valgrind starts a program tens of times slower than usual.
    if ! python3 "$here/compare.py" wait "$pid" "http://127.0.0.1:$port_gateway/service-a/" 120; then
        echo "bench/per-request-cost.sh: the gateway did not come up under $tool; its log:" >&2
        cat "$work/$name.log" >&2
        exit 2
    fi
    python3 "$here/compare.py" requests "http://127.0.0.1:$port_gateway/service-a/" "$count"
    kill -TERM "$pid"
    wait "$pid" || true
    forget_pid "$pid"
    if [ "$tool" = callgrind ] && [ -n "${COST_PROFILES:-}" ]; then
        mkdir -p "$COST_PROFILES"
        cp "$work/$name.out"* "$COST_PROFILES/"
    fi
    case $tool in
        callgrind) sed -n 's/^==[0-9]*== Collected : \([0-9]*\)$/\1/p' "$work/$name.log" ;;
        dhat) sed -n 's/^==[0-9]*== Total: *[0-9,]* bytes in \([0-9,]*\) blocks$/\1/p' \
            "$work/$name.log" | tr -d , ;;
    esac
}

# Cost of one request: (total at 2N - total at N) / N, with one decimal.
per_request() {
    local tool=$1 mode=$2 short long
    short=$(measure "$tool" "$mode" "$requests")
    long=$(measure "$tool" "$mode" $((2 * requests)))
    if [ -z "$short" ] || [ -z "$long" ]; then
        echo "bench/per-request-cost.sh: no $tool total for $mode; its logs:" >&2
        cat "$work/$tool-$mode-"*.log >&2
        exit 2
    fi
    python3 -c "print(f'{($long - $short) / $requests:.1f}')"
}

cat <<EOF
# Gateway cost per request

- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); $(git -C "$here/.." describe --always --dirty 2>/dev/null || echo "no git")
- gateway: $gateway_binary; valgrind $(valgrind --version | sed 's/^valgrind-//')
- ($((2 * requests)) − $requests) GET requests on one keep-alive connection through /service-a to
  one nginx backend (16-byte body); all threads of the gateway counted.

| configuration | instructions / request | heap allocations / request |
|---|---:|---:|
EOF
for mode in "${modes[@]}"; do
    echo "== $mode" >&2
    instructions=$(per_request callgrind "$mode")
    case $mode in
        off) label="headless, --log-format off (nothing keeps captures: none made)" ;;
        capture) label="log off, admin API keeping captures: heads and bodies (the default)" ;;
        capture-heads) label="log off, admin API keeping captures: heads only (body_limit 0)" ;;
        capture-off) label="log off, admin API, capture.enabled false" ;;
        text) label="headless, text access log" ;;
        json) label="headless, JSON access log" ;;
        window) label="window (offscreen), live log: GUI thread per record" ;;
    esac
    # DHAT cannot count a few functions only: the window's allocations would be its timers'.
    if [ "$mode" = window ]; then
        allocations="–"
    else
        allocations=$(per_request dhat "$mode")
    fi
    echo "| $label | $instructions | $allocations |"
done
