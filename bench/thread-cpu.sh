#!/usr/bin/env bash
# Splits the gateway's CPU per request by thread name: the worker ("gateway", the proxy) and
# "gateway-console", the main thread (the window's GUI thread, or the headless program's) summed
# with any thread that keeps the program's name; a thread named otherwise gets its own line. utime+stime of each thread from /proc/PID/task/*/stat, before and after wrk
# (-t1 -c50) sends requests through it, divided by the requests wrk completed. It says where the
# window's cost per request lands (docs/BENCHMARKS.md, "Where a captured request's instructions
# go"): the whole-process figure is make bench's "proxy CPU per request".
#
# Usage: bench/thread-cpu.sh <path-to-gateway-console>
# Environment:
#   THREAD_MODES    which configurations, in order (default: "headless capture window
#                   window-capture-off"): headless is the default headless run (log off, nothing
#                   keeps captures); headless-text and headless-json the same with that access
#                   log on, written to a file as make bench's log rows do; capture adds an admin
#                   API that keeps them (heads and bodies);
#                   window is the window offscreen with its live log and captures (the default);
#                   window-capture-off the same with capture.enabled false
#   THREAD_SECONDS  how long wrk runs per configuration (default 8)
#   THREAD_PROFILE  a directory: also samples the gateway with perf (cpu-clock, kernel included)
#                   while wrk runs, keeps MODE.data there and prints where each thread's time
#                   goes: kernel or user space, and the system calls and page faults the worker
#                   spends it in (docs/BENCHMARKS.md, "Where the worker's time goes, kernel
#                   included"). Needs perf (linux-perf) and kernel.perf_event_paranoid <= 2.
# Times per request are native but depend on the machine's load: compare runs on a quiet machine,
# or the threads' shares within one run.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$here/lib.sh"
require_executable_argument "<path-to-gateway-console>" "build it first: make build" "$@"
gateway_binary=$(realpath "$1")
seconds=${THREAD_SECONDS:-8}
read -r -a modes <<<"${THREAD_MODES:-headless capture window window-capture-off}"

install_bench_deps
profile_dir=${THREAD_PROFILE:-}
if [ -n "$profile_dir" ]; then
    command -v perf >/dev/null || "$here/../scripts/install-deps.sh" profile
    mkdir -p "$profile_dir"
    profile_dir=$(realpath "$profile_dir")
fi
make_work_dir gateway-bench-threads
trap 'echo "bench/thread-cpu.sh: command failed at line $LINENO" >&2' ERR

read -r port_backend port_gateway < <(free_ports 2)
start_plain_backend bk-a "$port_backend"
write_gateway_config "$port_gateway" "$port_backend"
write_capture_variants
export QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME=$work/settings

# One line per thread name: the name and its utime+stime in clock ticks, threads of one name
# summed.
thread_ticks() {
    local task
    for task in /proc/"$1"/task/*; do
        # The name is in parentheses and may hold spaces; the times are fields 14 and 15 after it.
        sed -E 's/^[0-9]+ \((.*)\) (.*)$/\1\t\2/' "$task/stat" |
            awk -F'\t' '{ split($2, f, " "); print $1 "\t" f[12] + f[13] }'
    done | awk -F'\t' '{ sum[$1] += $2 } END { for (name in sum) print name "\t" sum[name] }' |
        sort
}

# Shares of the samples in $1 (a perf.data): by thread and library ([kernel.kallsyms] is the
# kernel), then, for the worker, the system calls and page faults with what they call.
print_profile() {
    perf report -i "$1" --no-children -g none --sort comm,dso 2>/dev/null |
        awk '!/^#/ && NF && $1 + 0 >= 1'
    echo "-- the worker's time inside (inclusive):"
    perf report -i "$1" --children -g none --comm gateway --sort sym 2>/dev/null |
        grep -E '\] (do_syscall_64|asm_exc_page_fault|__x64_sys_[a-z_0-9]+|ksys_[a-z_0-9]+)$' |
        awk '$1 + 0 >= 0.5'
}

ticks_per_second=$(getconf CLK_TCK)
for mode in "${modes[@]}"; do
    case $mode in
    headless) arguments=(--headless --config "$work/gateway.yaml" --log-format off) ;;
    headless-text) arguments=(--headless --config "$work/gateway.yaml" --log-format text) ;;
    headless-json) arguments=(--headless --config "$work/gateway.yaml" --log-format json) ;;
    capture) arguments=(--headless --config "$work/gateway-capture.yaml" --log-format off) ;;
    window) arguments=(--config "$work/gateway.yaml") ;;
    window-capture-off) arguments=(--config "$work/gateway-capture-off.yaml") ;;
    *)
        echo "bench/thread-cpu.sh: unknown mode '$mode' (THREAD_MODES)" >&2
        exit 2
        ;;
    esac
    rm -rf "$work/settings"
    start "gateway-$mode" "$gateway_binary" "${arguments[@]}"
    gateway_pid=$last_pid
    wait_ready "gateway-$mode" "$gateway_pid" "http://127.0.0.1:$port_gateway/service-a/"
    if [ -n "$profile_dir" ]; then
        perf record -e cpu-clock -F 999 -g -p "$gateway_pid" -o "$profile_dir/$mode.data" \
            -- sleep "$seconds" >/dev/null 2>&1 &
        perf_pid=$!
    fi
    thread_ticks "$gateway_pid" >"$work/before"
    requests=$(wrk -t1 -c50 -d"${seconds}s" "http://127.0.0.1:$port_gateway/service-a/" |
        awk '/requests in/ { print $1 }')
    thread_ticks "$gateway_pid" >"$work/after"
    [ -z "$profile_dir" ] || wait "$perf_pid"
    kill -TERM "$gateway_pid"
    wait "$gateway_pid" || true
    forget_pid "$gateway_pid"
    echo "== $mode: $requests requests"
    join -t $'\t' "$work/before" "$work/after" |
        awk -F'\t' -v requests="$requests" -v hz="$ticks_per_second" '
            { us = ($3 - $2) * 1e6 / hz / requests
              if ($3 > $2) printf "%-20s %8.2f µs per request\n", $1, us }'
    [ -z "$profile_dir" ] || print_profile "$profile_dir/$mode.data"
done
