#!/usr/bin/env bash
# Extraction on texts the rules were not written from: builds the analyst briefing from one
# test set under tests/extract/ (NATO partner pages, news, think-tank abstracts, with their
# web noise) and scores it with tests/extract/score.py (the conventions of
# ../shared/eval/score.py, kept here so that a clone alone runs the suite) against the set's
# gold.yaml. Passes when recall >= the set's floor, noise == 0 and the briefing (its whole
# pdftotext output, as make eval counts) uses at most MAX_WORDS_PCT of the sources' words.
#
#   tests/extract/run.sh SET      SET: unseen | heldout | heldout2 | heldout3 | heldout4 | heldout5 | heldout6 | heldout7 | heldout8 | heldout9 | heldout10 | heldout11 | heldout12 | heldout13 | heldout14 | heldout15 | heldout16 | heldout17 | heldout18 | heldout19 | heldout20 | heldout21 | heldout22 | heldout23 | heldout24 | heldout25 | heldout26 | heldout27 | heldout28 | heldout29 | heldout30 | heldout31 | heldout32 | heldout33 | heldout34 | heldout35
#
# The bar of DESIGN.md / issue 3 is recall 0.85 at 50% of the sources' words. The floors
# below are what each set reached when last measured (2026-12-07), less two or three facts,
# so that recall cannot silently fall; heldout4 (blind: 0.53) had only its noise leak mended
# until session 6 found three general gaps with it (facts-box rows, list items scored with
# their introduction, theme limits), the others also to find the rules' gaps (README.md beside this file: how each set was written
# and measured, the blind figures, the budget -> recall table). MAX_WORDS_PCT is the
# analyst template's max_words (80). Environment: BUILD (debug|asan|release), MIN_RECALL, MAX_WORDS_PCT.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SET=${1:-unseen}
case "$SET" in
  unseen) floor=0.84 ;;
  heldout) floor=0.85 ;;
  heldout2) floor=0.80 ;;
  heldout3) floor=0.85 ;;
  heldout4) floor=0.78 ;;
  heldout5) floor=0.82 ;;
  heldout6) floor=0.86 ;;
  heldout7) floor=0.84 ;;
  heldout8) floor=0.84 ;;
  heldout9) floor=0.82 ;;
  heldout10) floor=0.80 ;;
  heldout11) floor=0.72 ;;
  heldout12) floor=0.78 ;;
  heldout13) floor=0.78 ;;
  heldout14) floor=0.78 ;;
  heldout15) floor=0.84 ;;
  heldout16) floor=0.85 ;;
  heldout17) floor=0.84 ;;
  heldout18) floor=0.82 ;;
  heldout19) floor=0.86 ;;
  heldout20) floor=0.86 ;;
  heldout21) floor=0.85 ;;
  heldout22) floor=0.83 ;;
  heldout23) floor=0.86 ;;
  heldout24) floor=0.87 ;;
  heldout25) floor=0.79 ;;
  heldout26) floor=0.87 ;;
  heldout27) floor=0.89 ;;
  heldout28) floor=0.85 ;;
  heldout29) floor=0.85 ;;
  heldout30) floor=0.89 ;;
  heldout31) floor=0.80 ;;
  heldout32) floor=0.78 ;;
  heldout33) floor=0.87 ;;
  heldout34) floor=0.84 ;;
  heldout35) floor=0.87 ;;
  *) echo "usage: $0 unseen|heldout|heldout2|heldout3|heldout4|heldout5|heldout6|heldout7|heldout8|heldout9|heldout10|heldout11|heldout12|heldout13|heldout14|heldout15|heldout16|heldout17|heldout18|heldout19|heldout20|heldout21|heldout22|heldout23|heldout24|heldout25|heldout26|heldout27|heldout28|heldout29|heldout30|heldout31|heldout32|heldout33|heldout34|heldout35" >&2; exit 2 ;;
esac
BUILD=${BUILD:-debug}
BIN="$ROOT/build/$BUILD/briefgen"
MIN_RECALL=${MIN_RECALL:-$floor}
MAX_WORDS_PCT=${MAX_WORDS_PCT:-80}
BAR_WORDS_PCT=50
DIR="$ROOT/tests/extract/$SET"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Relative, as a user would type it: the reference list prints the path, and its words
# count towards the budget.
if ! (cd "$ROOT" && SOURCE_DATE_EPOCH=1700000000 "$BIN" build --content "tests/extract/$SET" -o "$tmp" analyst); then
  echo "FAIL $SET: briefgen build failed"; exit 1
fi
python3 "$ROOT/tests/extract/score.py" "$DIR/gold.yaml" "$tmp/analyst.pdf" >"$tmp/score.txt" ||
  { cat "$tmp/score.txt"; exit 1; }
read -r recall noise < <(sed -n 's/^recall \([0-9.]*\) noise \([0-9]*\)$/\1 \2/p' "$tmp/score.txt")
words=$(pdftotext "$tmp/analyst.pdf" - | wc -w)
src=$(cat "$DIR"/*.txt | wc -w)
pct=$((100 * words / src))
echo "$SET: recall $recall noise $noise, $words words = $pct% of the sources' $src" \
  "(bar: 0.85 at $BAR_WORDS_PCT%; this suite fails below $MIN_RECALL or above $MAX_WORDS_PCT%)"
fail=""
if ! awk -v r="$recall" -v m="$MIN_RECALL" 'BEGIN { exit !(r >= m) }' || [ "$noise" != 0 ]; then
  grep -E 'missed|noise ' "$tmp/score.txt" | sed 's/^/    /'
  fail="want recall >= $MIN_RECALL and noise 0"
fi
if [ $((100 * words)) -gt $((MAX_WORDS_PCT * src)) ]; then
  fail="${fail:+$fail; }want at most $MAX_WORDS_PCT% of the sources' words, got $pct%"
fi
if [ -z "$fail" ]; then
  echo "PASS $SET"
else
  echo "FAIL $SET: $fail"; exit 1
fi
