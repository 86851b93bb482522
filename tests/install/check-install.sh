#!/usr/bin/env bash
# Installs the build into a scratch prefix and checks the installed tree.
# Usage: check-install.sh BUILD_DIR PREFIX APP_ID VERSION HAS_GATEWAYD(0|1)
set -euo pipefail
build=$1 prefix=$2 id=$3 version=$4 has_gatewayd=$5

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

rm -rf "$prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null

expected=(
    bin/gateway-console
    "share/applications/$id.desktop"
    "share/metainfo/$id.metainfo.xml"
    "share/icons/hicolor/scalable/apps/$id.svg"
    share/man/man1/gateway-console.1
    share/gateway-console/gateway.yaml
    share/doc/gateway-console/README.md
)
for size in 16 24 32 48 64 128 256; do
    expected+=("share/icons/hicolor/${size}x${size}/apps/$id.png")
done
for scenario in round-robin weighted kill-under-load least-connections-slow ip-hash; do
    expected+=("share/gateway-console/scenarios/$scenario.yaml"
               "share/gateway-console/scenarios/$scenario.md")
done
[ "$has_gatewayd" = 1 ] && expected+=(bin/gatewayd share/man/man1/gatewayd.1)
for file in "${expected[@]}"; do
    [ -f "$prefix/$file" ] || fail "not installed: $file"
done
[ -x "$prefix/bin/gateway-console" ] || fail "bin/gateway-console is not executable"

for tool in desktop-file-validate appstreamcli; do
    command -v "$tool" >/dev/null \
        || { echo "FAIL: $tool missing: run scripts/install-deps.sh build" >&2; exit 1; }
done
desktop-file-validate "$prefix/share/applications/$id.desktop" \
    || fail "desktop-file-validate"
appstreamcli validate --no-net "$prefix/share/metainfo/$id.metainfo.xml" \
    || fail "appstreamcli validate"
# The id ties the three together: the metainfo's launchable and the desktop file's Icon.
grep -qx "Icon=$id" "$prefix/share/applications/$id.desktop" || fail "desktop Icon is not $id"
grep -q "<launchable type=\"desktop-id\">$id.desktop</launchable>" \
    "$prefix/share/metainfo/$id.metainfo.xml" || fail "metainfo launchable is not $id.desktop"

# The installed program runs (no display needed for --version) and the bundled example config
# is valid.
out=$("$prefix/bin/gateway-console" --version) || fail "gateway-console --version failed"
[ "$out" = "gateway-console $version" ] || fail "--version printed '$out'"
QT_QPA_PLATFORM=offscreen "$prefix/bin/gateway-console" \
    --check-config "$prefix/share/gateway-console/gateway.yaml" \
    || fail "the installed gateway.yaml does not pass --check-config"
if [ "$has_gatewayd" = 1 ]; then
    out=$("$prefix/bin/gatewayd" --version) || fail "gatewayd --version failed"
    [ "$out" = "gatewayd $version" ] || fail "gatewayd --version printed '$out'"
fi
if command -v man >/dev/null; then
    man --warnings -l "$prefix/share/man/man1/gateway-console.1" 2>&1 >/dev/null \
        | grep . && fail "man page warnings"
fi

[ "$failures" -eq 0 ] || exit 1
echo "installed tree OK ($prefix)"
