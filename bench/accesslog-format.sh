#!/usr/bin/env bash
# Instructions and heap allocations per access-log record, text and JSON, counted by valgrind
# rather than timed, so that the figures do not depend on what else the machine is doing.
#
# Usage: bench/accesslog-format.sh <path-to-gateway-accesslog-format>
#        (make bench-accesslog builds and runs it)
# Each figure is (run with 11 000 records − run with 1 000 records) / 10 000: start-up, the
# records' construction and the first batch cancel out. Instructions: callgrind's Ir total;
# allocations: memcheck's "total heap usage". Prints a markdown table on stdout.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$here/lib.sh"
require_executable_argument "<path-to-gateway-accesslog-format>" "build it first: make build" "$@"
program=$(realpath "$1")
command -v valgrind >/dev/null || { echo "accesslog-format.sh: valgrind missing: scripts/install-deps.sh bench" >&2; exit 2; }

work=$(mktemp -d /tmp/accesslog-format.XXXXXX)
trap 'rm -rf "$work"' EXIT
small=1000
large=11000

instructions() { # format records
    valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$program" "$1" "$2" \
        >/dev/null 2>"$work/cg.err"
    sed -n 's/^summary: //p' "$work/cg.out"
}

allocations() { # format records
    valgrind --tool=memcheck --leak-check=no "$program" "$1" "$2" >/dev/null 2>"$work/mc.err"
    sed -n 's/.*total heap usage: \([0-9,]*\) allocs.*/\1/p' "$work/mc.err" | tr -d ,
}

echo "| format | instructions per record | allocations per record |"
echo "|---|---:|---:|"
for format in text json; do
    ir=$(( ($(instructions "$format" "$large") - $(instructions "$format" "$small")) / (large - small) ))
    allocs=$(awk -v a="$(allocations "$format" "$large")" -v b="$(allocations "$format" "$small")" \
        -v n=$((large - small)) 'BEGIN { printf "%.2f", (a - b) / n }')
    echo "| $format | $ir | $allocs |"
done
