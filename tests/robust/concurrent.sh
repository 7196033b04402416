#!/usr/bin/env bash
# DESIGN: concurrent runs to the same out/ leave one complete PDF each (the last rename
# wins) and no temp file (notes/robustness.md, "concurrent runs"). 16 parallel builds of
# the seed briefings; every run exits 0, every PDF is byte-identical to a lone build's
# and passes qpdf --check.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
make_project "$tmp/p"
cd "$tmp/p" || exit 1
"$BIN" build -o "$tmp/ref" >/dev/null 2>&1 || { fail concurrent "reference build failed"; exit 1; }
pids=()
for i in $(seq 1 16); do
  "$BIN" build >"$tmp/out.$i" 2>&1 &
  pids+=($!)
done
codes=""
for p in "${pids[@]}"; do wait "$p"; codes="$codes$?"; done
check "concurrent-16-all-exit-0" test "$codes" = "0000000000000000"
bad=""
for f in "$tmp"/ref/*.pdf; do
  n=$(basename "$f")
  { cmp -s "out/$n" "$f" && pdf_ok "out/$n"; } || bad="$bad $n"
done
check "concurrent-16-complete-pdfs" test -z "$bad"
check "concurrent-16-no-temp" no_temps out
if [ "$codes" != "0000000000000000" ]; then head -n 5 "$tmp"/out.* | sed 's/^/    /'; fi
finish
