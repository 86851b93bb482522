#!/usr/bin/env bash
# Installs the HAR consumer tst_harexport loads its exports in (httpsnippet, pinned with its
# dependencies by har-consumer/package-lock.json) into DIR, unless it is there already.
# npm comes with nodejs from scripts/install-deps.sh; the registry must be reachable the first
# time. CTest runs this as the fixture har_consumer_install (tests/unit/CMakeLists.txt).
# Usage: tests/support/install-har-consumer.sh DIR
set -euo pipefail
dir=${1:?usage: install-har-consumer.sh DIR}
source_dir="$(cd "$(dirname "$0")" && pwd)/har-consumer"
mkdir -p "$dir"
# A changed lock file reinstalls.
if [ -x "$dir/node_modules/.bin/httpsnippet" ] && cmp -s "$source_dir/package-lock.json" "$dir/package-lock.json"; then
    exit 0
fi
cp "$source_dir/package.json" "$source_dir/package-lock.json" "$dir/"
cd "$dir"
npm ci --no-audit --no-fund --loglevel=error
