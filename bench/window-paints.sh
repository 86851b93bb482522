#!/usr/bin/env bash
# Counts what the window paints while wrk drives requests through it: how many times each part
# (the log's table, the chart, the route tree, labels) ran its paintEvent, how many frames the
# window composed and how many batches of records came in. The window runs natively (offscreen)
# under gdb, whose breakpoints only count (an ignore count, never a stop), so timers and batches
# keep their native pace, which callgrind cannot give (bench/per-request-cost.sh says why).
# Counts times what one paint costs (callgrind, COST_PROFILES of per-request-cost.sh) is what
# painting costs per request (docs/BENCHMARKS.md, "The window's cost per request").
#
# Usage: bench/window-paints.sh <path-to-gateway-console>
# Environment:
#   PAINTS_SECONDS  how long wrk runs (default 10; at the default log size the log is full
#                   after about 350 000 requests)
#   PAINTS_LOG_MIB  the log's size limit in MiB (Log → Log Size…; default: the window's default)
# Prints wrk's summary and one line per counted function on stdout.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$here/lib.sh"
require_executable_argument "<path-to-gateway-console>" "build it first: make build" "$@"
gateway_binary=$(realpath "$1")
seconds=${PAINTS_SECONDS:-10}

install_bench_deps
make_work_dir gateway-bench-paints
trap 'echo "bench/window-paints.sh: command failed at line $LINENO" >&2' ERR

read -r port_backend port_gateway < <(free_ports 2)
start_plain_backend bk-a "$port_backend"
write_gateway_config "$port_gateway" "$port_backend"

export QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME=$work/settings
if [ -n "${PAINTS_LOG_MIB:-}" ]; then
    mkdir -p "$work/settings/Gateway Console"
    printf '[log]\nmaxMiB=%s\n' "$PAINTS_LOG_MIB" \
        >"$work/settings/Gateway Console/gateway-console.conf"
fi

counted=(QTableView::paintEvent DistributionChart::paintEvent QTreeView::paintEvent
    QLabel::paintEvent QWidgetRepaintManager::paintAndFlush RequestLogModel::appendRecords)
gdb_commands=(-q -batch -ex 'set pagination off' -ex 'set breakpoint pending on')
number=1
for function in "${counted[@]}"; do
    gdb_commands+=(-ex "break $function" -ex "ignore $number 1000000000")
    number=$((number + 1))
done
gdb_commands+=(-ex run -ex 'info breakpoints')
start gdb gdb "${gdb_commands[@]}" --args "$gateway_binary" --config "$work/gateway.yaml"
gdb_pid=$last_pid
if ! python3 "$here/compare.py" wait "$gdb_pid" "http://127.0.0.1:$port_gateway/service-a/" 60; then
    echo "bench/window-paints.sh: the window did not come up under gdb; its log:" >&2
    cat "$work/gdb.log" >&2
    exit 2
fi
wrk -t1 -c50 -d"${seconds}s" "http://127.0.0.1:$port_gateway/service-a/" |
    grep -E "requests in|Requests/sec"
kill -TERM "$(pgrep -P "$gdb_pid")"
wait "$gdb_pid" || true
forget_pid "$gdb_pid"
# "info breakpoints" gives each breakpoint's function, then "breakpoint already hit N times"
# unless it was never hit.
python3 - "$work/gdb.log" "${counted[@]}" <<'EOF'
import re, sys
log = open(sys.argv[1], errors="replace").read()
table = log[log.rfind("Num     Type"):]
entries = re.split(r"\n(?=\d+\s+breakpoint)", table)
for function in sys.argv[2:]:
    hits = 0
    for entry in entries:
        if function + "(" in entry:
            found = re.search(r"already hit (\d+) time", entry)
            hits = int(found.group(1)) if found else 0
    print(f"{function} {hits}")
EOF
