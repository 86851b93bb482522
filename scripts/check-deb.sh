#!/usr/bin/env bash
# Checks a .deb from `make package` on a clean Debian 12: bootstraps a throwaway minbase
# bookworm chroot, installs the .deb there with apt-get (which pulls in its Depends), then runs
# `gateway-console --version`, `gatewayd --version` and the bundled demo headless, sends it one
# request, and saves an offscreen screenshot of the window (copied to SCREENSHOT.png when given,
# to look at). The demo runs in a private network namespace, so its ports (8080-8084, 8090)
# cannot clash with anything on this machine. Needs root, debootstrap and a Debian mirror (MIRROR to change it).
# Usage: scripts/check-deb.sh build/gateway-console_VERSION_amd64.deb [SCREENSHOT.png]
set -euo pipefail
if [ $# -lt 1 ] || [ ! -f "$1" ]; then
    echo "usage: $0 PACKAGE.deb [SCREENSHOT.png]" >&2
    exit 2
fi
deb=$(realpath "$1")
mirror=${MIRROR:-http://deb.debian.org/debian}

root=$(mktemp -d /var/tmp/check-deb.XXXXXX)
cleanup() {
    umount "$root/dev/pts" "$root/proc" 2>/dev/null || true
    rm -rf --one-file-system "$root"
}
trap cleanup EXIT

echo "== debootstrap bookworm into $root"
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.log" 2>&1 \
    || { tail -20 "$root.log" >&2; rm -f "$root.log"; exit 1; }
rm -f "$root.log"
cat >"$root/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
mount -t proc proc "$root/proc"
mount -t devpts devpts "$root/dev/pts"
cp "$deb" "$root/tmp/"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

echo "== apt-get install ./$(basename "$deb")"
in_root apt-get update -qq
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "/tmp/$(basename "$deb")" \
    >/dev/null

echo "== gateway-console --version, gatewayd --version"
in_root gateway-console --version
in_root gatewayd --version

echo "== headless demo, GET 127.0.0.1:8080/service-a; the window offscreen"
unshare --net bash -c 'ip link set lo up && exec "$@"' _ \
    chroot "$root" env -i PATH=/usr/bin:/bin HOME=/root LANG=C.UTF-8 bash -s <<'EOF'
set -euo pipefail
gateway-console --headless >/tmp/headless.log 2>&1 &
gateway=$!
for _ in $(seq 50); do grep -q 'listening on' /tmp/headless.log && break; sleep 0.2; done
exec 3<>/dev/tcp/127.0.0.1/8080
printf 'GET /service-a HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
response=$(cat <&3)
kill -TERM "$gateway" && wait "$gateway" || true
cat /tmp/headless.log
printf '%s\n' "$response" | tail -1
grep -q 'Hello from instance' <<<"$response"
# The window's code path too, offscreen: the packaged Qt plugins and fonts draw it.
QT_QPA_PLATFORM=offscreen gateway-console --screenshot /tmp/window.png >/tmp/window.log 2>&1 \
    || { cat /tmp/window.log; exit 1; }
echo "window screenshot: $(wc -c </tmp/window.png) bytes"
EOF
[ -z "${2:-}" ] || cp "$root/tmp/window.png" "$2"
echo "check-deb: OK"
