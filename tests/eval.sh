#!/usr/bin/env bash
# `make eval`: score the built briefings against the gold facts in ../shared/eval (recall,
# noise) and say how many of the sources' words each briefing uses (the bar: at most half).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
EVAL=${EVAL:-$ROOT/../shared/eval}
cd "$ROOT" || exit 2
if [ ! -f "$EVAL/score.py" ]; then
  echo "eval: $EVAL/score.py not found (set EVAL=DIR)" >&2; exit 3
fi
python3 "$EVAL/score.py" --per-output out/*.pdf | grep -E '^(==|recall)' | paste - -
src_words=$(cat content/*.txt | wc -w)
for pdf in out/*.pdf; do
  w=$(pdftotext "$pdf" - 2>/dev/null | wc -w)
  pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/{print $2}')
  awk -v n="$(basename "$pdf")" -v w="$w" -v s="$src_words" -v p="$pages" \
    'BEGIN { printf "%-14s %2d pages, %5d words = %3.0f%% of the sources'"'"' %d words\n", n, p, w, 100 * w / s, s }'
done
# The analyst brief on the texts the rules were not written from (tests/extract/*/ with a
# floor file; tests/extract/README.md says how each was written):
# tests/extract/run.sh's figures line for each set.
for dir in tests/extract/*/; do
  [ -f "$dir/floor" ] || continue
  BUILD=release bash tests/extract/run.sh "$(basename "$dir")" | head -n 1
done
