#!/usr/bin/env bash
# `make bench`: the speed bars of DESIGN.md, measured on this machine. See README.md here.
#  1. the whole default build (all briefings from the seeds, one process), wall time;
#  2. per-stage figures on the seeds (tests/bench/bench, median of 20 runs);
#  3. the same on generated corpora of 1x, 10x, 100x the seeds (linear growth);
#  4. peak RSS of the seed build;
#  5. batch: 300 two-page briefings (press, staff) in one process, briefings/s.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
B="$ROOT/build/release"
cd "$ROOT"
export SOURCE_DATE_EPOCH=1700000000
templates=$(ls templates/*.yaml | grep -v '/_' | xargs -n1 basename | sed 's/\.yaml$//')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "== whole default build (one process, seeds, all templates), 10 runs"
for i in $(seq 10); do
  s=$(date +%s%N); "$B/briefgen" build -o "$tmp/out" >/dev/null; e=$(date +%s%N)
  echo $(( (e - s) / 1000 ))
done | sort -n | awk '{v[NR]=$1} END {printf "  median %.1f ms, min %.1f ms\n", v[int((NR+1)/2)]/1000, v[1]/1000}'
/usr/bin/time -f "  peak RSS %M KB" "$B/briefgen" build -o "$tmp/out" 2>&1 >/dev/null | tail -n 1
echo "== per stage, seeds"
"$B/tests/bench" content 20 $templates
for scale in 10 100; do
  mkdir -p "$tmp/c$scale"
  for i in $(seq "$scale"); do
    for f in content/*.txt; do
      n=$(basename "$f" .txt)
      sed "s/\([A-Z][a-z]*\)/\1$i/g" "$f" > "$tmp/c$scale/$n-$i.txt"
    done
  done
  echo "== per stage, ${scale}x the seeds ($(du -sh "$tmp/c$scale" | cut -f1))"
  "$B/tests/bench" "$tmp/c$scale" 3 | grep -E "bytes of text|load|segment|rules|extract|hyphen|MB/s|RSS"
done
echo "== batch: 300 two-page briefings in one process (press, staff; to memory)"
"$B/tests/bench" --batch 300 content press staff
