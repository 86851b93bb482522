#!/usr/bin/env bash
# Installs the Debian 12 packages the build and tests need, only when something is missing
# (as root, or through sudo for a normal user).
# Usage: scripts/install-deps.sh [build|asan|fuzz|bench|profile|package|screenshots]   (default: build)
set -euo pipefail

# qt6-tools-dev: CMake's Qt6LinguistTools; qt6-l10n-tools: lupdate and lrelease (the
# translations, docs/ARCHITECTURE.md, "Translations"). desktop-file-utils and appstream:
# tests/install validates the installed desktop file and metainfo.
# nginx and haproxy: tests/e2e/tst_exportfaithful checks the exported configs with the real
# engines and runs them (README, "Outgrowing the laptop"), and tst_haproxysession and
# tst_haproxyheadless watch and steer a running HAProxy, so make test needs both.
# zlib1g-dev: gzip and deflate bodies in the traffic inspector (core/inspect). curl:
# tst_curlcommand runs every "Copy as curl" command with the real curl (a bare Debian has none).
# nodejs and node-har-validator: tst_harexport checks every HAR export against the HAR 1.2 JSON
# schema (tests/support/validate-har.js).
packages=(cmake ninja-build g++ make qt6-base-dev qt6-tools-dev qt6-l10n-tools libyaml-cpp-dev
    node-llhttp clang-format desktop-file-utils appstream nginx haproxy zlib1g-dev curl nodejs
    node-har-validator)
# npm installs the HAR consumer tst_harexport loads its exports in (httpsnippet, pinned by
# tests/support/har-consumer/package-lock.json), from the npm registry, at the first test run.
# Only when there is no npm: NodeSource's nodejs package carries its own and conflicts with
# Debian's.
command -v npm >/dev/null 2>&1 || packages+=(npm)
case "${1:-build}" in
    build) ;;
    # A CJK font for docs/screenshots/console-zh_CN.png on a machine without one; the program
    # runs without it.
    screenshots) packages+=(fonts-wqy-microhei) ;;
    asan) packages+=(libclang-rt-14-dev) ;;
    # libFuzzer ships in Debian's compiler-rt package, next to the sanitizer runtimes.
    fuzz) packages+=(clang-14 libclang-rt-14-dev) ;;
    # The bench also runs nginx and haproxy, which the build set installs (Bookworm's nginx
    # package holds the binary with stub_status; nginx-light only adds an echo module on top);
    # bench/compare.py needs python3.
    # slowhttptest: bench/slowclients.sh. valgrind: bench/accesslog-format.sh and
    # bench/per-request-cost.sh.
    bench) packages+=(wrk python3 slowhttptest valgrind) ;;
    # perf: bench/thread-cpu.sh with THREAD_PROFILE (where the time goes, kernel included).
    profile) packages+=(linux-perf) ;;
    # make package: CPack's DEB generator computes Depends with dpkg-shlibdeps.
    package) packages+=(dpkg-dev) ;;
    *) echo "install-deps.sh: unknown set '$1' (expected build, asan, fuzz, bench, profile, package or screenshots)" >&2; exit 2 ;;
esac

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' \
        || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

# As root directly; otherwise through sudo (a developer's laptop).
as_root=()
if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "install-deps.sh: missing packages: ${missing[*]}" >&2
        echo "install-deps.sh: installing them needs root, and sudo is not installed: run this again as" >&2
        echo "root, or as root run 'apt-get install sudo' and 'usermod -aG sudo $(id -un)' (then log in again)," >&2
        echo "or install the packages yourself." >&2
        exit 1
    fi
    as_root=(sudo)
    echo "Installing with sudo: ${missing[*]}"
else
    echo "Installing: ${missing[*]}"
fi
# env passes DEBIAN_FRONTEND through sudo, which resets the environment.
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
