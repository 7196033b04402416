#!/usr/bin/env bash
# Golden tests: build every shipped template from the seed content under SOURCE_DATE_EPOCH,
# then per briefing: qpdf --check, every font embedded (pdffonts), pdftotext equal to the
# committed tests/golden/NAME.txt, every printed key point whole (points.py against
# `briefgen extract --json`), and a second build byte-identical. --update rewrites the
# expectations (review the diff in the commit).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-debug}
BIN="$ROOT/build/$BUILD/briefgen"
update=0
[ "${1:-}" = --update ] && update=1
wrap=()
if [ "${VALGRIND:-0}" = 1 ]; then
  wrap=(valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite
        --suppressions="$ROOT/tests/valgrind.supp")
fi
export SOURCE_DATE_EPOCH=1700000000 NO_COLOR=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$ROOT" || exit 2
if ! "${wrap[@]}" "$BIN" build -o "$tmp/a" 2>"$tmp/err"; then
  echo "FAIL build $(head -n 5 "$tmp/err" | tr '\n' ' ')"; exit 1
fi
"$BIN" build -o "$tmp/b" 2>/dev/null
"$BIN" extract --json >"$tmp/points.json" 2>/dev/null
status=0
for pdf in "$tmp"/a/*.pdf; do
  name=$(basename "$pdf" .pdf)
  why=""
  qpdf --check "$pdf" >"$tmp/qpdf" 2>&1 || why="qpdf --check: $(grep -v '^checking\|^PDF Version\|^File is not\|^No syntax' "$tmp/qpdf" | head -n 2 | tr '\n' ' ')"
  if [ -z "$why" ]; then
    notemb=$(pdffonts "$pdf" 2>/dev/null | awk 'NR>2 && $(NF-4)!="yes"' | wc -l)
    [ "$notemb" = 0 ] || why="$notemb fonts not embedded"
  fi
  if [ -z "$why" ]; then
    pdftotext -layout "$pdf" "$tmp/$name.txt" 2>"$tmp/pt.err"
    [ -s "$tmp/pt.err" ] && why="pdftotext warnings: $(head -n 1 "$tmp/pt.err")"
  fi
  if [ -z "$why" ]; then
    if [ $update = 1 ]; then cp "$tmp/$name.txt" "tests/golden/$name.txt"
    elif ! diff -u "tests/golden/$name.txt" "$tmp/$name.txt" >"$tmp/diff"; then
      why="text differs from tests/golden/$name.txt"; head -n 20 "$tmp/diff"
    fi
  fi
  if [ -z "$why" ] && ! python3 tests/golden/points.py "$tmp/points.json" "$pdf" >"$tmp/pts"; then
    why="a point does not come back whole: $(head -n 1 "$tmp/pts")"
  fi
  if [ -z "$why" ] && ! cmp -s "$pdf" "$tmp/b/$name.pdf"; then why="second build not byte-identical"; fi
  if [ -z "$why" ]; then echo "PASS $name"; else echo "FAIL $name $why"; status=1; fi
done
for want in tests/golden/*.txt; do
  [ -e "$want" ] || continue
  n=$(basename "$want" .txt)
  [ -f "$tmp/a/$n.pdf" ] || { echo "FAIL $n briefing not built"; status=1; }
done
exit $status
