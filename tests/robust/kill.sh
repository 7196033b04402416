#!/usr/bin/env bash
# DESIGN: a killed build never leaves a broken PDF (notes/robustness.md, "crash or kill
# mid-write"). 20 SIGKILLs at random moments of `briefgen build` on 40 copies of the seed
# content: every out/*.pdf is then absent, the old file or the new one, byte for byte, and
# passes qpdf --check. Then stale .briefgen-tmp.* files (older than an hour) are removed by
# the next build, and a fresh one (another run's, in progress) is left alone.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
make_project "$tmp/p" 40
cd "$tmp/p" || exit 1
# 40 copies cite 80 sources: lift the page budgets so every briefing is written.
sed -i 's/^max_pages: .*/max_pages: 0/' templates/*.yaml

# Old outputs (one date), new reference outputs (another date) built elsewhere.
old_and_new kill "$tmp" || exit 1

bad=""
killed=0
n_old=0
n_new=0
n_temp=0
for i in $(seq 1 20); do
  cp "$tmp"/old/*.pdf out/ # each kill may catch old → new
  "$BIN" build >/dev/null 2>&1 &
  pid=$!
  sleep_random "$build_ms"
  if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
  wait "$pid" 2>/dev/null
  no_temps out || n_temp=$((n_temp + 1))
  old_or_new "$tmp" "$i"
done
echo "    note: $killed of 20 killed mid-build (a build takes ${build_ms} ms); found $n_old old and $n_new new PDFs; $n_temp kills left a temp"
if [ -z "$bad" ]; then pass "kill-20x-old-or-new"
else fail "kill-20x-old-or-new" "broken after kill:$bad"; fi

# Stale temps: two hours old go, a fresh one stays.
touch out/.briefgen-tmp.stale1 out/.briefgen-tmp.fresh
for t in out/.briefgen-tmp.*; do
  [ "$t" = out/.briefgen-tmp.fresh ] || touch -d '2 hours ago' "$t"
done
"$BIN" build >/dev/null 2>&1
left=$(cd out && ls -A | grep '^\.briefgen-tmp\.' | tr '\n' ' ')
check "kill-stale-temps-cleaned" test "$left" = ".briefgen-tmp.fresh "
rm -f out/.briefgen-tmp.fresh
for n in $names; do pdf_ok "out/$n" || bad="$bad final:$n"; done
check "kill-final-build-complete" test -z "$bad"
finish
