#!/usr/bin/env bash
# Opens an opticl report in headless Chromium, screenshots it, and checks that every image loads
# and that nothing on the page points or requests outside the report folder.
#
#   check-report.sh REPORT_DIR OUT_PNG
#
# How the checks work (no tooling beyond bash, coreutils, grep and Debian's `chromium`):
#   1. Static: index.html has no "http://" / "https://" text and no <script> (the report is
#      script-free by design).
#   2. Screenshot: Chromium loads index.html itself (with the page's Content-Security-Policy in
#      force) and writes OUT_PNG; its console log is captured and any CSP violation ("Refused to
#      load…" / "violates the following Content Security Policy") fails the check, because it means
#      the page tried to load something from outside its folder.
#   3. Live DOM: a throw-away wrapper page (in a temp dir, never in the report) loads index.html in
#      an iframe with --allow-file-access-from-files, waits for it to finish loading, and then, on
#      the rendered document, checks that every <img> decoded (complete, naturalWidth > 0) and that
#      every src/href resolves to a file:// URL inside REPORT_DIR; it also lists every resource the
#      page fetched (Resource Timing). The verdict is printed into the wrapper's DOM and read back
#      with --dump-dom.
# Network is additionally disabled (--host-resolver-rules, --disable-background-networking, …) so
# a faulty page cannot reach anything even if a check missed it.
#
# Exit status: 0 = all checks passed, or Chromium is not installed (prints "skipped: …");
#              1 = a check failed; 2 = usage error.
# Env: CHROMIUM (browser binary, default: chromium), SCREENSHOT_SIZE (default 1280,2400),
#      CHECK_TIMEOUT (seconds per browser run, default 120).
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 REPORT_DIR OUT_PNG" >&2
  exit 2
fi
report_dir=$1
out_png=$2
browser=${CHROMIUM:-chromium}
size=${SCREENSHOT_SIZE:-1280,2400}
limit=${CHECK_TIMEOUT:-120}

if ! command -v "$browser" >/dev/null 2>&1; then
  echo "skipped: chromium not installed ('$browser' not on PATH; apt-get install -y chromium)"
  exit 0
fi
if [[ ! -f "$report_dir/index.html" ]]; then
  echo "FAIL: $report_dir/index.html does not exist" >&2
  exit 2
fi

dir=$(cd "$report_dir" && pwd -P)
index="$dir/index.html"
mkdir -p "$(dirname "$out_png")"
out_png=$(cd "$(dirname "$out_png")" && pwd -P)/$(basename "$out_png")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# file:// URL of a path, percent-encoding what a URL may not contain literally.
file_url() {
  local path=$1 out="" c i
  for ((i = 0; i < ${#path}; i++)); do
    c=${path:i:1}
    case "$c" in
      [a-zA-Z0-9/._~-]) out+=$c ;;
      *) out+=$(printf '%%%02X' "'$c") ;;
    esac
  done
  echo "file://$out"
}

browser_flags=(
  --headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --disable-default-apps --disable-extensions --mute-audio
  --host-resolver-rules="MAP * ~NOTFOUND , EXCLUDE localhost"
)

# 1. Static checks.
if grep -qiE 'https?://' "$index"; then
  fail "index.html contains an http(s):// URL: $(grep -oiE 'https?://[^"<> ]*' "$index" | head -3 | tr '\n' ' ')"
fi
if grep -qi '<script' "$index"; then
  fail "index.html contains a <script> element (reports are script-free)"
fi

# 2. Screenshot, with the page's own CSP in force; console messages go to the log.
index_url=$(file_url "$index")
timeout "$limit" "$browser" "${browser_flags[@]}" --user-data-dir="$(mktemp -d -p "$work")" \
  --enable-logging=stderr --v=0 --hide-scrollbars --window-size="$size" \
  --virtual-time-budget=15000 --screenshot="$out_png" "$index_url" \
  >"$work/screenshot.log" 2>&1 || fail "chromium exited with status $? while taking the screenshot"
if [[ ! -s "$out_png" ]]; then
  fail "no screenshot written to $out_png"
fi
if grep -qE 'Content Security Policy|Refused to (load|connect)' "$work/screenshot.log"; then
  fail "the page tried to load something outside its folder:"
  grep -E 'Content Security Policy|Refused to (load|connect)' "$work/screenshot.log" | head -5 >&2
fi

# 3. Live DOM check through a wrapper page that inspects the report in an iframe.
dir_url=$(file_url "$dir")/
cat >"$work/check.html" <<EOF
<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<pre id="verdict">CHECK-PENDING</pre>
<iframe id="report" src="$index_url" width="1280" height="900"></iframe>
<script>
// Markers are assembled at run time so that the script's own text never matches them.
const tag = "CHECK" + "-";
const prefix = "$dir_url";
const frame = document.getElementById("report");
frame.addEventListener("load", () => {
  const lines = [];
  try {
    const doc = frame.contentDocument;
    const images = [...doc.images];
    let broken = 0;
    for (const img of images) {
      if (!(img.complete && img.naturalWidth > 0)) {
        broken++;
        lines.push(tag + "BROKEN " + img.src);
      }
    }
    let outside = 0;
    for (const el of doc.querySelectorAll("[src], [href]")) {
      for (const attr of ["src", "href"]) {
        if (!el.hasAttribute(attr)) continue;
        const url = new URL(el.getAttribute(attr), doc.baseURI).href;
        if (!url.startsWith(prefix)) {
          outside++;
          lines.push(tag + "OUTSIDE " + el.tagName + " " + attr + "=" + url);
        }
      }
    }
    for (const e of frame.contentWindow.performance.getEntriesByType("resource")) {
      if (!e.name.startsWith(prefix)) {
        outside++;
        lines.push(tag + "OUTSIDE request " + e.name);
      }
    }
    lines.unshift(tag + "RESULT images=" + images.length + " broken=" + broken + " outside=" + outside);
  } catch (err) {
    lines.unshift(tag + "ERROR " + err);
  }
  document.getElementById("verdict").textContent = lines.join("\n");
});
</script></body></html>
EOF
timeout "$limit" "$browser" "${browser_flags[@]}" --user-data-dir="$(mktemp -d -p "$work")" \
  --allow-file-access-from-files --virtual-time-budget=30000 --dump-dom \
  "$(file_url "$work/check.html")" >"$work/dom.html" 2>"$work/dom.log" ||
  fail "chromium exited with status $? while loading the report"

result=$(grep -oE 'CHECK-(RESULT|ERROR|PENDING)[^<]*' "$work/dom.html" | head -1 || true)
case "$result" in
  CHECK-RESULT*)
    echo "${result#CHECK-}"
    images=$(sed -E 's/.*images=([0-9]+).*/\1/' <<<"$result")
    broken=$(sed -E 's/.*broken=([0-9]+).*/\1/' <<<"$result")
    outside=$(sed -E 's/.*outside=([0-9]+).*/\1/' <<<"$result")
    [[ "$images" -gt 0 ]] || fail "the report shows no images"
    if [[ "$broken" -ne 0 ]]; then
      fail "$broken image(s) did not load:"
      grep -oE 'CHECK-BROKEN [^<]*' "$work/dom.html" | head -10 >&2
    fi
    if [[ "$outside" -ne 0 ]]; then
      fail "$outside reference(s) or request(s) outside $dir:"
      grep -oE 'CHECK-OUTSIDE [^<]*' "$work/dom.html" | head -10 >&2
    fi
    ;;
  CHECK-ERROR*) fail "the in-browser check failed: ${result#CHECK-ERROR }" ;;
  *) fail "the in-browser check did not finish (no verdict in the dumped DOM)" ;;
esac

if [[ $failures -ne 0 ]]; then
  echo "FAIL: $failures check(s) failed for $index" >&2
  exit 1
fi
echo "OK: $index loads offline, every image decodes, nothing outside the folder; screenshot: $out_png"
