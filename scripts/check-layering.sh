#!/usr/bin/env bash
# The layers (docs/ARCHITECTURE.md, "Layers"; docs/CONVENTIONS.md, "The link line enforces the
# layers"), checked on the includes; the CMake link lines
# say the same, so a violation also fails to link.
#   1. Nothing under core/ includes QtGui or QtWidgets.
#   2. Each core area includes only the areas listed for it below, so the areas form no cycle.
#   3. The window (ui/) and the programs (app/) see the gateway only through the controller and
#      the values it sends: core/model, core/config, core/control, core/scenarios, (the
#      window's traffic generator) core/traffic, (File → Export, --export) core/export, (pure
#      functions over captured exchanges) core/inspect and (a running HAProxy, --haproxy)
#      core/haproxy. The controller's headers name only values.
#   4. gatewayd and what it shares with the console (app/ but main.cpp) use no QtGui/QtWidgets.
set -euo pipefail
cd "$(dirname "$0")/.."

failures=0
fail() {
    echo "check-layering: $*" >&2
    failures=$((failures + 1))
}

# Prints "file:line:area" for each include of another core area ("area/header.h") in files.
area_includes() {
    grep -nE '^#include "[a-z]+/' "$@" /dev/null | sed -E 's|^([^:]+):([0-9]+):#include "([a-z]+)/.*|\1:\2:\3|' || true
}

# The C++ files below the folders given, sorted.
sources_in() {
    find "$@" \( -name '*.h' -o -name '*.cpp' \) -type f | sort
}

# 1. No GUI in core/.
if grep -rnE '#include *<(QtGui|QtWidgets)(/|>)|#include *<Q(Widget|Application|MainWindow|Painter|Color|Icon|Pixmap|Image|GuiApplication)>' core; then
    fail "core/ must not include QtGui or QtWidgets (lines above)"
fi

# 2. Which areas each core area may include (besides itself). Values at the bottom, the
#    worker's areas above them, the controller on top.
declare -A allowed=(
    [model]=""
    [threading]=""
    [net]=""
    [http]=""
    [routing]=""
    [scenarios]=""
    [inspect]="model"
    [balancing]="model"
    [config]="model"
    [export]="model config"
    [demo]="model threading http"
    [traffic]="model threading http"
    [health]="model http balancing config net"
    [proxy]="model http routing balancing config net"
    [admin]="model config http net export inspect"
    [gateway]="model config proxy health admin balancing routing http net inspect"
    [control]="model config threading gateway demo"
    [haproxy]="model gateway"
)
for dir in core/*/; do
    area=$(basename "$dir")
    if [ -z "${allowed[$area]+set}" ]; then
        fail "core/$area is not in the table of scripts/check-layering.sh: say what it may include"
        continue
    fi
    while IFS=: read -r file line included; do
        [ "$included" = "$area" ] && continue
        case " ${allowed[$area]} " in
        *" $included "*) ;;
        *) fail "$file:$line: core/$area may not include core/$included (allowed: ${allowed[$area]:-none})" ;;
        esac
    done < <(mapfile -t files < <(sources_in "$dir") && area_includes "${files[@]}")
done

# 3. The window and the programs: values, config, the controller, scenarios, traffic, export,
#    inspect, haproxy.
window_areas=" model config control scenarios traffic export inspect haproxy "
ui_folders=$(find ui -mindepth 1 -maxdepth 1 -type d -printf '%f ')
while IFS=: read -r file line included; do
    case "$window_areas $ui_folders " in
    *" $included "*) ;;
    *) fail "$file:$line: the window may not include core/$included (it sees the gateway through core/control and core/model)" ;;
    esac
done < <(mapfile -t files < <(sources_in ui app) && area_includes "${files[@]}")
controller_header_areas=" model config control "
while IFS=: read -r file line included; do
    case "$controller_header_areas" in
    *" $included "*) ;;
    *) fail "$file:$line: a controller header may include only core/model, core/config and core/control" ;;
    esac
done < <(area_includes core/control/*.h)

# 4. The headless program's sources.
headless_sources=$(sources_in app | grep -v '^app/main\.cpp$')
# shellcheck disable=SC2086
if grep -nE '#include *<(QtGui|QtWidgets|QApplication|QWidget|QGuiApplication)' $headless_sources; then
    fail "app/ (but main.cpp) is shared with gatewayd and must not include QtGui or QtWidgets"
fi
# shellcheck disable=SC2086
while IFS=: read -r file line included; do
    case "$ui_folders " in
    *"$included "*) fail "$file:$line: app/ (but main.cpp) is shared with gatewayd and must not include the window's ui/$included" ;;
    esac
done < <(area_includes $headless_sources)

if [ "$failures" -gt 0 ]; then
    echo "check-layering: $failures violation(s)" >&2
    exit 1
fi
echo "check-layering: core/ is free of QtGui/QtWidgets; areas, window and programs include only their layers"
