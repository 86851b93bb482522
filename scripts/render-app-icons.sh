#!/usr/bin/env bash
# Renders the application icon's hicolor PNGs from resources/icons/app/gateway-console.svg.
# Run once after editing the SVG and commit the PNGs (the build does not need rsvg-convert).
# Needs Debian's librsvg2-bin.
set -euo pipefail
cd "$(dirname "$0")/.."
svg=resources/icons/app/gateway-console.svg
for size in 16 24 32 48 64 128 256; do
    rsvg-convert --width "$size" --height "$size" --format png \
        --output "resources/icons/app/gateway-console-${size}.png" "$svg"
done
