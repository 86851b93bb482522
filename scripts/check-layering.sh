#!/usr/bin/env bash
# Nothing under core/ may include QtGui or QtWidgets (docs/CONVENTIONS.md, "The link line
# enforces the layers").
set -euo pipefail
cd "$(dirname "$0")/.."
if grep -rnE '#include *<(QtGui|QtWidgets)(/|>)|#include *<Q(Widget|Application|MainWindow|Painter|Color|Icon|Pixmap|Image|GuiApplication)>' core; then
    echo "check-layering: core/ must not include QtGui or QtWidgets (lines above)" >&2
    exit 1
fi
echo "check-layering: core/ is free of QtGui/QtWidgets"
