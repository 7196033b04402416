#!/usr/bin/env bash
# Typography suite (issue 4): build every shipped template from the seed content under
# SOURCE_DATE_EPOCH, then check each briefing's word boxes (pdftotext -bbox-layout) against
# the bars in tests/typo/check.py, and its document info, /Lang and page labels. Then two
# families of variants that move page breaks about, so the page-break bars (headings, widows,
# orphans) meet real breaks: the analyst template with right margins 40..88 pt, and a long
# static text on pages 500..700 pt tall. A third family sets a point that ends in a long URL
# with its citation glued to it (tests/typo/glued-cite/) at right margins 40..60 pt: the
# mark used to overflow the margin when the URL alone fitted the line.
# Prints "PASS typo/<name>" or "FAIL typo/<name>: why" per briefing.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-debug}
BIN="$ROOT/build/$BUILD/briefgen"
export SOURCE_DATE_EPOCH=1700000000 NO_COLOR=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$ROOT" || exit 2
if ! "$BIN" build -o "$tmp" 2>"$tmp/err"; then
  echo "FAIL typo/build: $(head -n 3 "$tmp/err" | tr '\n' ' ')"; exit 1
fi
status=0
for tpl in templates/*.yaml; do
  name=$(basename "$tpl" .yaml)
  case $name in _*) continue ;; esac
  pdf="$tmp/$name.pdf"
  why=""
  if [ ! -f "$pdf" ]; then
    why="not built"
  elif ! python3 tests/typo/check.py "$tpl" "$pdf" >"$tmp/$name.log" 2>&1; then
    why="$(grep -v ' problems$' "$tmp/$name.log" | head -n 1 | sed "s|^$tmp/||")"
    [ -n "$why" ] || why="$(tail -n 1 "$tmp/$name.log")"
  else
    # Document info (DESIGN: Title, Author, Subject, Keywords, Creator, CreationDate).
    for key in Title Author Subject Keywords Creator CreationDate; do
      pdfinfo "$pdf" 2>/dev/null | grep -q "^$key: *[^ ]" || { why="info has no $key"; break; }
    done
  fi
  if [ -z "$why" ]; then
    qpdf --show-object=trailer "$pdf" >/dev/null 2>&1
    root=$(qpdf --show-object=trailer "$pdf" 2>/dev/null | grep -o '/Root [0-9]* [0-9]* R' | cut -d' ' -f2)
    cat=$(qpdf --show-object="$root" "$pdf" 2>/dev/null)
    lang=$(sed -n 's/^language: *\([A-Za-z-]*\).*/\1/p' "$tpl" templates/_base.yaml | head -n 1)
    case $cat in *"/Lang ($lang)"*) ;; *) why="catalog has no /Lang ($lang)" ;; esac
    case $cat in *"/PageLabels"*) ;; *) why="${why:-catalog has no /PageLabels}" ;; esac
  fi
  if [ -z "$why" ]; then echo "PASS typo/$name"; else echo "FAIL typo/$name: $why"; status=1; fi
done

# Variants, built in a scratch project that borrows the repo's content, rules and fonts.
proj="$tmp/proj"
mkdir -p "$proj/templates" "$proj/out"
cp -a templates/. "$proj/templates/"
ln -s "$ROOT/content" "$proj/content"
ln -s "$ROOT/fonts" "$proj/fonts"
for r in $(seq 40 6 88); do
  { cat templates/analyst.yaml; echo "page: {margins: [60, $r, 64, 56]}"; } >"$proj/templates/zm$r.yaml"
done
para="Allied planners reviewed the partnership programme in detail and found that the cooperation \
between the staffs had grown steadily over the period under review, with exercises, exchanges of \
liaison officers and shared assessments of the regional security situation."
para="$para $para $para $para $para $para"
for h in $(seq 500 12 700); do
  cat >"$proj/templates/zh$h.yaml" <<YAML
extends: _base.yaml
audience: Test
sections:
  - heading: Background
    text: "$para\n\n$para\n\n$para"
  - heading: Outlook
    text: "$para"
page: {margins: [60, 56, 64, 56], size: [595, $h]}
YAML
done
for r in $(seq 40 2 60); do
  { cat templates/analyst.yaml; echo "page: {margins: [60, $r, 64, 56]}"; } >"$proj/templates/zc$r.yaml"
done
for family in zm zh zc; do
  why=""
  content=content
  [ $family = zc ] && content="$ROOT/tests/typo/glued-cite"
  if ! (cd "$proj" && "$BIN" build --content "$content" -o out templates/$family*.yaml) 2>"$tmp/err"; then
    why="build: $(head -n 2 "$tmp/err" | tr '\n' ' ')"
  fi
  for tpl in "$proj"/templates/$family*.yaml; do
    [ -z "$why" ] || break
    n=$(basename "$tpl" .yaml)
    if ! python3 tests/typo/check.py "$tpl" "$proj/out/$n.pdf" >"$tmp/$n.log" 2>&1; then
      why="$(grep -v ' problems$' "$tmp/$n.log" | head -n 1 | sed "s|^$proj/out/||")"
    fi
  done
  case $family in zm) label=margins ;; zh) label=page-heights ;; *) label=glued-cite ;; esac
  if [ -z "$why" ]; then echo "PASS typo/$label"; else echo "FAIL typo/$label: $why"; status=1; fi
done
exit $status
