#!/usr/bin/env bash
# Extraction on texts the rules were not written from: builds the analyst briefing from
# tests/extract/unseen/ (NATO partner pages and a think-tank abstract, with web noise) and
# scores it with tests/extract/score.py (the conventions of ../shared/eval/score.py, kept
# here so that a clone alone can run the suite) against tests/extract/unseen/gold.yaml.
# Passes when recall >= MIN_RECALL (0.85), noise == 0 and the briefing (its whole pdftotext
# output, as make eval counts) uses at most MAX_WORDS_PCT of the sources' words. The bar of
# DESIGN.md / issue 3 is 0.85 at 50%; MAX_WORDS_PCT defaults to 80, the level reached so
# far (79%, the analyst template's max_words: 80%; README.md beside this file has the
# budget -> recall table), so that the budget cannot silently grow: lower it as extraction
# tightens. Environment: BUILD (debug|asan|release), MIN_RECALL, MAX_WORDS_PCT.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-debug}
BIN="$ROOT/build/$BUILD/briefgen"
MIN_RECALL=${MIN_RECALL:-0.85}
MAX_WORDS_PCT=${MAX_WORDS_PCT:-80}
BAR_WORDS_PCT=50
DIR="$ROOT/tests/extract/unseen"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! (cd "$ROOT" && SOURCE_DATE_EPOCH=1700000000 "$BIN" build --content "$DIR" -o "$tmp" analyst); then
  echo "FAIL unseen: briefgen build failed"; exit 1
fi
python3 "$ROOT/tests/extract/score.py" "$DIR/gold.yaml" "$tmp/analyst.pdf" >"$tmp/score.txt" ||
  { cat "$tmp/score.txt"; exit 1; }
read -r recall noise < <(sed -n 's/^recall \([0-9.]*\) noise \([0-9]*\)$/\1 \2/p' "$tmp/score.txt")
words=$(pdftotext "$tmp/analyst.pdf" - | wc -w)
src=$(cat "$DIR"/*.txt | wc -w)
pct=$((100 * words / src))
echo "unseen: recall $recall noise $noise, $words words = $pct% of the sources' $src" \
  "(bar: $BAR_WORDS_PCT%; this suite fails above $MAX_WORDS_PCT%)"
fail=""
if ! awk -v r="$recall" -v m="$MIN_RECALL" 'BEGIN { exit !(r >= m) }' || [ "$noise" != 0 ]; then
  grep -E 'missed|noise ' "$tmp/score.txt" | sed 's/^/    /'
  fail="want recall >= $MIN_RECALL and noise 0"
fi
if [ $((100 * words)) -gt $((MAX_WORDS_PCT * src)) ]; then
  fail="${fail:+$fail; }want at most $MAX_WORDS_PCT% of the sources' words, got $pct%"
fi
if [ -z "$fail" ]; then
  echo "PASS unseen"
else
  echo "FAIL unseen: $fail"; exit 1
fi
