#!/usr/bin/env bash
# Renders a reconciliation report in headless Chromium (Debian package `chromium`) and saves a
# full-page PNG, so a reviewer (or CI) sees the charts as a browser draws them.
#   recon/screenshot.sh <report.html> <out.png>
set -euo pipefail
if [[ $# -ne 2 ]]; then
  echo "usage: recon/screenshot.sh <report.html> <out.png>" >&2
  exit 2
fi
report=$(realpath "$1")
out=$(realpath -m "$2")
[[ -f "$report" ]] || { echo "screenshot: no report at $report" >&2; exit 2; }
browser=$(command -v chromium || command -v chromium-browser || true)
[[ -n "$browser" ]] || { echo "screenshot: chromium is not installed (apt-get install -y chromium)" >&2; exit 2; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# The network flags keep Chromium from reaching out (the report needs nothing from the network).
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$profile" \
  --window-size=1400,3400 --screenshot="$out" "file://$report" >/dev/null 2>&1
[[ -s "$out" ]] || { echo "screenshot: chromium wrote no image" >&2; exit 1; }
echo "screenshot: $out ($(stat -c %s "$out") bytes)"
