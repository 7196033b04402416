#!/usr/bin/env bash
# Generate N copies of the seed sources into DIR, for the bench. Usage:
#   gen_corpus.sh realistic|suffix N DIR [SEED_DIR]
# realistic: copy i of a seed keeps its lines' shape (title, headings, bullets, paragraphs,
#   blank lines) but every paragraph or bullet is rebuilt from sentences drawn at random
#   (awk srand(i), so deterministic) from all seed sentences; partner names are rotated
#   through a list of real partners and numbers changed (years stay 1990..2029). Genre-like
#   text: the case-sensitive rules fire as on the seeds.
# suffix: round 1's generator, the copy number after every capitalised run (NATO becomes
#   N7A7T7O7): a throughput test only, names no longer match the case-sensitive rules.
set -eu
mode=$1
n=$2
dir=$3
seeds=${4:-content}
mkdir -p "$dir"
if [ "$mode" = suffix ]; then
  for i in $(seq "$n"); do
    for f in "$seeds"/*.txt; do
      b=$(basename "$f" .txt)
      sed "s/\([A-Z][a-z]*\)/\1$i/g" "$f" > "$dir/$b-$i.txt"
    done
  done
  exit 0
fi
for f in "$seeds"/*.txt; do
  b=$(basename "$f" .txt)
  awk -v n="$n" -v dir="$dir" -v base="$b" '
    FNR == NR {
      # Pool: every sentence of every seed line that looks like prose.
      line = $0
      if (length(line) > 60) {
        while (match(line, /[.!?] +[A-Z]/)) {
          pool[np++] = substr(line, 1, RSTART)
          line = substr(line, RSTART + RLENGTH - 1)
        }
        pool[np++] = line
      }
      next
    }
    { lines[nl++] = $0 }
    function renum(s,    out, d, v) {
      out = ""
      while (match(s, /[0-9]+/)) {
        d = substr(s, RSTART, RLENGTH)
        if (RLENGTH == 4 && d >= 1900 && d <= 2099) {
          v = 1990 + int(rand() * 40)
        } else {
          v = int(rand() * (10 ^ RLENGTH))
        }
        out = out substr(s, 1, RSTART - 1) v
        s = substr(s, RSTART + RLENGTH)
      }
      return out s
    }
    function rename(s, i,    k) {
      k = (i % 7)
      if (k == 0) return s
      gsub(/Republic of Korea/, names[k], s)
      gsub(/Korea/, names[(k + 1) % 7], s)
      gsub(/Australia/, names[(k + 2) % 7], s)
      return s
    }
    END {
      split("Republic of Korea,Japan,Australia,New Zealand,Colombia,Ireland,Mongolia", nm, ",")
      for (k = 0; k < 7; k++) names[k] = nm[k + 1]
      for (i = 1; i <= n; i++) {
        srand(i * 7919 + length(base))
        out = dir "/" base "-" i ".txt"
        print lines[0] > out
        for (j = 1; j < nl; j++) {
          l = lines[j]
          if (length(l) <= 60) { print rename(l, i) > out; continue }
          match(l, /^[ \t•*-]*/)
          lead = substr(l, 1, RLENGTH)
          m = 1 + int(rand() * 3)
          t = ""
          for (s = 0; s < m; s++) {
            t = t (s ? " " : "") pool[int(rand() * np)]
          }
          print lead rename(renum(t), i) > out
        }
        close(out)
      }
    }' "$seeds"/*.txt "$f"
done
