#!/usr/bin/env bash
# Renders a runwatch HTML report in headless Chromium and checks that it is a real page:
# a screenshot that is a PNG of the requested size with real content, and a DOM that holds the
# report's findings (and, with --expect, a given text such as a finding title).
#
# Usage: infra/scripts/check-report-renders.sh [--install] [--expect TEXT] [--out DIR]
#                                                [--min-bytes N] REPORT.html
#   --install     apt-get install -y chromium when no browser is found (root, or sudo)
#   --expect      text the rendered DOM must contain (e.g. a finding title); repeatable
#   --out         keep out.png and dom.html there (default: a temporary directory, removed)
#   --min-bytes   smallest acceptable screenshot (default 40000: a blank page is ~10 KB)
# Environment: CHROMIUM=/path/to/browser to choose the browser.
# Exit: 0 renders, 1 a check failed, 2 usage error or no browser.
set -euo pipefail

install=0
out=""
min_bytes=40000
expect=()
report=""

usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --install) install=1 ;;
    --expect) [ $# -ge 2 ] || usage; expect+=("$2"); shift ;;
    --out) [ $# -ge 2 ] || usage; out="$2"; shift ;;
    --min-bytes) [ $# -ge 2 ] || usage; min_bytes="$2"; shift ;;
    -h|--help) usage ;;
    -*) echo "unknown option: $1" >&2; usage ;;
    *) [ -z "$report" ] || usage; report="$1" ;;
  esac
  shift
done
[ -n "$report" ] || usage
[ -f "$report" ] || { echo "no such report: $report" >&2; exit 2; }

find_browser() {
  if [ -n "${CHROMIUM:-}" ]; then echo "$CHROMIUM"; return; fi
  for b in chromium chromium-browser google-chrome-stable google-chrome; do
    if command -v "$b" >/dev/null 2>&1; then command -v "$b"; return; fi
  done
}

browser="$(find_browser || true)"
if [ -z "$browser" ]; then
  if [ "$install" -eq 1 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing chromium with apt-get" >&2
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q chromium
    browser="$(find_browser || true)"
  fi
  if [ -z "$browser" ]; then
    echo "no Chromium found (set CHROMIUM, or pass --install to apt-get install chromium)" >&2
    exit 2
  fi
fi

abs="$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"
url="file://$abs"
work="$(mktemp -d)"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
if [ -n "$out" ]; then mkdir -p "$out"; dest="$(cd "$out" && pwd)"; else dest="$work"; fi
png="$dest/out.png"
dom="$dest/dom.html"
rm -f "$png" "$dom"

# No network and no first-run machinery: the report must need neither.
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync)

timeout 120 "$browser" "${flags[@]}" --user-data-dir="$(mktemp -d -p "$work")" \
  --screenshot="$png" --window-size=1400,2000 "$url" >/dev/null 2>"$work/shot.log" || true
timeout 120 "$browser" "${flags[@]}" --user-data-dir="$(mktemp -d -p "$work")" \
  --dump-dom "$url" >"$dom" 2>"$work/dom.log" || true

fail=0
check() { # message, condition-result
  if [ "$2" -eq 0 ]; then echo "ok    $1"; else echo "FAIL  $1"; fail=1; fi
}

if [ -s "$png" ]; then
  size=$(wc -c <"$png")
  signature=$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')
  width=$((16#$(dd if="$png" bs=1 skip=16 count=4 2>/dev/null | od -An -tx1 | tr -d ' \n')))
  height=$((16#$(dd if="$png" bs=1 skip=20 count=4 2>/dev/null | od -An -tx1 | tr -d ' \n')))
  check "screenshot is a PNG" "$([ "$signature" = 89504e470d0a1a0a ] && echo 0 || echo 1)"
  check "screenshot is ${width}x${height} (want 1400x2000)" \
    "$([ "$width" -eq 1400 ] && [ "$height" -eq 2000 ] && echo 0 || echo 1)"
  check "screenshot has content: $size bytes (min $min_bytes)" \
    "$([ "$size" -ge "$min_bytes" ] && echo 0 || echo 1)"
else
  check "screenshot written" 1
  sed -n '1,20p' "$work/shot.log" >&2
fi

if [ -s "$dom" ]; then
  articles_src=$(grep -o '<article class="finding' "$abs" | wc -l)
  articles_dom=$(grep -o '<article class="finding' "$dom" | wc -l)
  scripts_dom=$(grep -o '<script' "$dom" | wc -l)
  check "DOM holds the report's $articles_src findings ($articles_dom rendered)" \
    "$([ "$articles_dom" -eq "$articles_src" ] && echo 0 || echo 1)"
  check "DOM has only the report's own script ($scripts_dom)" \
    "$([ "$scripts_dom" -eq 1 ] && echo 0 || echo 1)"
  check "the report's script ran (filters shown)" \
    "$(grep -q '<fieldset class="filters">' "$dom" && echo 0 || echo 1)"
  for text in "${expect[@]+"${expect[@]}"}"; do
    check "DOM contains: $text" "$(grep -qF -- "$text" "$dom" && echo 0 || echo 1)"
  done
else
  check "DOM dumped" 1
  sed -n '1,20p' "$work/dom.log" >&2
fi

echo "browser: $("$browser" --version 2>/dev/null || echo "$browser")"
[ -n "$out" ] && echo "kept: $png $dom"
exit "$fail"
