#!/usr/bin/env bash
# Extraction on texts the rules were not written from: builds the analyst briefing from
# tests/extract/unseen/ (NATO partner pages and a think-tank abstract, with web noise) and
# scores it with ../shared/eval/score.py against tests/extract/unseen/gold.yaml.
# Passes when recall >= 0.85 and noise == 0. Prints the figures and the share of the
# sources' words the briefing uses. Environment: BUILD (debug|asan|release), EVAL (dir of
# score.py), MIN_RECALL.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-debug}
BIN="$ROOT/build/$BUILD/briefgen"
EVAL=${EVAL:-$ROOT/../shared/eval}
MIN_RECALL=${MIN_RECALL:-0.85}
DIR="$ROOT/tests/extract/unseen"
if [ ! -f "$EVAL/score.py" ]; then
  echo "extract: $EVAL/score.py not found (set EVAL=DIR)" >&2; exit 3
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! (cd "$ROOT" && SOURCE_DATE_EPOCH=1700000000 "$BIN" build --content "$DIR" -o "$tmp" analyst); then
  echo "FAIL unseen: briefgen build failed"; exit 1
fi
python3 "$EVAL/score.py" --gold "$DIR/gold.yaml" --pooled --json "$tmp/score.json" -v \
  "$tmp/analyst.pdf" >"$tmp/score.txt" || { cat "$tmp/score.txt"; exit 1; }
read -r recall noise < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
print(d["recall"], d["noise"])' "$tmp/score.json")
words=$(pdftotext "$tmp/analyst.pdf" - | wc -w)
src=$(cat "$DIR"/*.txt | wc -w)
echo "unseen: recall $recall noise $noise, $words words = $((100 * words / src))% of the sources' $src"
if awk -v r="$recall" -v m="$MIN_RECALL" 'BEGIN { exit !(r >= m) }' && [ "$noise" = 0 ]; then
  echo "PASS unseen"
else
  grep -E 'missed|noise ' "$tmp/score.txt" | sed 's/^/    /'
  echo "FAIL unseen: want recall >= $MIN_RECALL and noise 0"; exit 1
fi
