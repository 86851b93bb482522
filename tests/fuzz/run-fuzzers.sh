#!/usr/bin/env bash
# Runs every libFuzzer target of tests/fuzz for FUZZ_SECONDS each (make fuzz).
# Usage: tests/fuzz/run-fuzzers.sh BUILD_DIR [target...]   (default: all three)
#
# Each target starts from a copy of its seed corpus in BUILD_DIR/fuzz-work/<target>/corpus, so
# the repository's corpus never grows. A finding (crash, sanitizer report, violated property,
# timeout, out of memory) fails the run; the input is kept in BUILD_DIR/fuzz-work/<target>/ and
# the command that reproduces it is printed.
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir=$(realpath "${1:?usage: run-fuzzers.sh BUILD_DIR [target...]}")
shift
[ $# -eq 0 ] && set -- request response config
targets=("$@")
seconds=${FUZZ_SECONDS:-60}

failed=()
for target in "${targets[@]}"; do
    binary="$build_dir/tests/fuzz/fuzz_$target"
    work="$build_dir/fuzz-work/$target"
    rm -rf "$work"
    mkdir -p "$work/corpus"
    cp tests/fuzz/corpus/"$target"/* "$work/corpus/"
    echo "== fuzz_$target: $seconds s"
    # -timeout: one input running over 10 s is a hang. Leaks are checked (ASan's default).
    if ! (cd "$work" && "$binary" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$work/" corpus >"$work/log" 2>&1); then
        tail -n 60 "$work/log"
        for artifact in "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*; do
            [ -e "$artifact" ] || continue
            echo "fuzz_$target: finding saved as $artifact"
            echo "reproduce: $binary $artifact"
        done
        failed+=("$target")
        continue
    fi
    grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec)|DONE +cov:' \
        "$work/log" || true
done

if [ ${#failed[@]} -ne 0 ]; then
    echo "fuzz: findings in: ${failed[*]} (full logs in $build_dir/fuzz-work/<target>/log)" >&2
    exit 1
fi
echo "fuzz: no findings"
