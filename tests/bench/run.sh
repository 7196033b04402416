#!/usr/bin/env bash
# `make bench`: the speed bars of DESIGN.md, measured on this machine. See README.md here.
#  1. the whole default build (all briefings from the seeds, one process), wall time;
#  2. per-stage figures on the seeds (tests/bench/bench, median of 20 runs);
#  3. the same on generated corpora of 10x, 100x the seeds, realistic and suffixed (linear
#     growth; tests/bench/gen_corpus.sh);
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
# Two generated corpora (tests/bench/gen_corpus.sh): "realistic" recombines the seeds'
# sentences with other numbers and partner names (genre-like: the case-sensitive rules fire
# as on the seeds); "suffix" is round 1's copy-number suffix on every capitalised run
# (NATO -> N7A7T7O7), a throughput test only.
for mode in realistic suffix; do
  for scale in 10 100; do
    tests/bench/gen_corpus.sh "$mode" "$scale" "$tmp/$mode$scale"
    echo "== per stage, ${scale}x the seeds, $mode ($(du -sh "$tmp/$mode$scale" | cut -f1))"
    "$B/tests/bench" "$tmp/$mode$scale" 3 |
      grep -E "bytes of text|load|segment|rules|extract|hyphen|MB/s|RSS"
  done
done
echo "== batch: 300 two-page briefings in one process (press, staff; to memory)"
"$B/tests/bench" --batch 300 content press staff
