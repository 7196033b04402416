#!/usr/bin/env bash
# The one test command behind `make test`: unit (cmocka), cli (tests/cli/NNN-*), golden
# (seed briefings), extract (tests/extract/run.sh: five sets of unseen texts), fuzz-regress, robust
# (tests/robust/*.sh: kill, disk full, unwritable, concurrent), typo (tests/typo/run.sh: the
# typography bars on the seed briefings' word boxes) and lint suites. Prints
# PASS/FAIL per test and ends with the line "N passed, N failed".
# Usage: tests/run.sh [unit] [cli] [make] [golden] [typo] [extract] [fuzz] [robust] [lint]
# Environment: BUILD (debug|asan|release), VALGRIND=1 runs binaries under valgrind.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-debug}
B="$ROOT/build/$BUILD"
BIN="$B/briefgen"
suites=("$@")
[ ${#suites[@]} -eq 0 ] && suites=(unit cli make golden typo extract fuzz robust lint)
pass=0
fail=0
failed=()

ok() { pass=$((pass + 1)); echo "PASS $1"; }
ko() { fail=$((fail + 1)); failed+=("$1"); echo "FAIL $1${2:+: $2}"; }

wrap=()
case_timeout=10
if [ "${VALGRIND:-0}" = 1 ]; then
  case_timeout=300
  wrap=(valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite
        --suppressions="$ROOT/tests/valgrind.supp")
fi

run_unit() {
  for t in "$B"/tests/test_*; do
    [ -x "$t" ] || continue
    name="unit/$(basename "$t")"
    log=$(mktemp)
    if (cd "$ROOT" && timeout 300 "${wrap[@]}" "$t") >"$log" 2>&1; then ok "$name"
    else ko "$name"; tail -n 20 "$log" | sed 's/^/    /'; fi
    rm -f "$log"
  done
}

# One CLI case: a scratch copy of the case dir, the repo's templates/content/fonts where the
# case has none, `setup` first, then `briefgen $(cat cmd)` under timeout 10 (the issue's
# 5 s bar with a margin for a loaded machine; 300 under valgrind, which runs ~50x slower).
run_case() {
  local dir=$1 name tmp code want
  name="cli/$(basename "$dir")"
  tmp=$(mktemp -d)
  cp -a "$dir/." "$tmp/"
  [ -d "$tmp/templates" ] || cp -a "$ROOT/templates" "$tmp/templates"
  [ -d "$tmp/templates/rules" ] || cp -a "$ROOT/templates/rules" "$tmp/templates/rules"
  [ -d "$tmp/content" ] || cp -a "$ROOT/content" "$tmp/content"
  [ -e "$tmp/fonts" ] || ln -s "$ROOT/fonts" "$tmp/fonts"
  if [ -f "$tmp/setup" ] && ! (cd "$tmp" && BRIEFGEN="$BIN" NO_COLOR=1 SOURCE_DATE_EPOCH=1700000000 bash ./setup) >"$tmp/.setup.log" 2>&1; then
    ko "$name" "setup failed: $(tail -n 3 "$tmp/.setup.log")"; rm -rf "$tmp"; return
  fi
  local args
  args=$(cat "$dir/cmd")
  # A case marked `heavy` (thousands of points, hundreds of pages) runs without valgrind:
  # its size is the point, and valgrind would take minutes over code the small cases cover.
  local run_wrap=("${wrap[@]}")
  [ -f "$dir/heavy" ] && run_wrap=()
  (cd "$tmp" && NO_COLOR=1 SOURCE_DATE_EPOCH=1700000000 timeout "$case_timeout" "${run_wrap[@]}" "$BIN" $args \
     >"$tmp/.stdout" 2>"$tmp/.stderr" </dev/null)
  code=$?
  want=$(cat "$dir/expect.exit" 2>/dev/null || echo 0)
  local why=""
  [ "$code" = "$want" ] || why="exit $code, expected $want"
  if [ -z "$why" ] && [ -f "$dir/expect.stderr" ] && ! diff -u "$dir/expect.stderr" "$tmp/.stderr" >"$tmp/.diff"; then
    why="stderr differs"
  fi
  if [ -z "$why" ] && [ -f "$dir/expect.stdout" ] && ! diff -u "$dir/expect.stdout" "$tmp/.stdout" >"$tmp/.diff"; then
    why="stdout differs"
  fi
  if [ -z "$why" ] && [ -f "$dir/check" ] && ! (cd "$tmp" && BRIEFGEN="$BIN" bash "$dir/check") >"$tmp/.diff" 2>&1; then
    why="check failed"
  fi
  # DESIGN: a failed run never leaves a partial PDF or a temp file behind.
  if [ -z "$why" ] && [ "$want" != 0 ] && ls "$tmp"/out/.briefgen-tmp.* >/dev/null 2>&1; then
    why="temp file left in out/"
  fi
  if [ -z "$why" ]; then ok "$name"
  else
    ko "$name" "$why"
    [ -s "$tmp/.diff" ] && head -n 20 "$tmp/.diff" | sed 's/^/    /'
    [ "$why" != "stderr differs" ] && head -n 5 "$tmp/.stderr" | sed 's/^/    stderr: /'
  fi
  rm -rf "$tmp"
}

run_cli() {
  for d in "$ROOT"/tests/cli/*/; do
    [ -f "$d/cmd" ] && run_case "${d%/}"
  done
}

# tests/make/*.sh: make and briefgen together in a scratch copy of the project (incremental
# rebuilds, --check, -j, reproducibility), with the binary under test passed as BIN.
run_make() {
  local t log
  for t in "$ROOT"/tests/make/[0-9]*.sh; do
    [ -f "$t" ] || continue
    log=$(mktemp)
    if ROOT="$ROOT" BIN="$BIN" timeout 300 bash "$t" >"$log" 2>&1; then ok "make/$(basename "$t" .sh)"
    else ko "make/$(basename "$t" .sh)"; tail -n 20 "$log" | sed 's/^/    /'; fi
    rm -f "$log"
  done
}

run_golden() {
  local log
  log=$(mktemp)
  if VALGRIND="${VALGRIND:-0}" BUILD="$BUILD" "$ROOT/tests/golden/run.sh" >"$log" 2>&1; then
    grep -E '^(PASS|FAIL)' "$log" | while read -r _ n; do echo "PASS golden/$n"; done
    pass=$((pass + $(grep -c '^PASS' "$log")))
  else
    grep -E '^PASS' "$log" | while read -r _ n; do echo "PASS golden/$n"; done
    pass=$((pass + $(grep -c '^PASS' "$log")))
    while read -r _ n rest; do ko "golden/$n" "$rest"; done < <(grep -E '^FAIL' "$log")
    grep -q '^FAIL' "$log" || ko "golden" "$(tail -n 3 "$log")"
    grep -vE '^(PASS|FAIL)' "$log" | head -n 30 | sed 's/^/    /'
  fi
  rm -f "$log"
}

# tests/typo/run.sh: one "PASS typo/NAME" or "FAIL typo/NAME: why" line per briefing.
run_typo() {
  local out rc line
  out=$(cd "$ROOT" && BUILD="$BUILD" timeout 120 bash "$ROOT/tests/typo/run.sh" 2>&1)
  rc=$?
  while IFS= read -r line; do
    case $line in
      "PASS "*) ok "${line#PASS }" ;;
      "FAIL "*) local rest=${line#FAIL }; ko "${rest%%: *}" "${rest#*: }" ;;
      *) echo "$line" ;;
    esac
  done <<<"$out"
  if [ "$rc" != 0 ] && ! grep -q '^FAIL ' <<<"$out"; then ko "typo" "exit $rc"; fi
}

# tests/extract/run.sh: recall and noise of the analyst briefing on each set of texts the
# rules were not written from (each directory of tests/extract/ with a floor file).
run_extract() {
  local log set
  log=$(mktemp)
  for set in $(cd "$ROOT/tests/extract" && ls -d */ | tr -d / | sort -V); do
    [ -f "$ROOT/tests/extract/$set/floor" ] || continue
    if BUILD="$BUILD" timeout 120 bash "$ROOT/tests/extract/run.sh" "$set" >"$log" 2>&1; then
      ok "extract/$set"
    else
      ko "extract/$set"; tail -n 20 "$log" | sed 's/^/    /'
    fi
  done
  rm -f "$log"
}

run_fuzz() {
  local r="$B/tests/fuzz_replay"
  [ -x "$r" ] || return 0
  for target in "$ROOT"/tests/fuzz/regress/*/; do
    [ -d "$target" ] || continue
    local t
    t=$(basename "$target")
    local seeds="$ROOT/tests/fuzz/corpus/$t"
    [ -d "$seeds" ] || seeds=
    if (cd "$ROOT" && timeout 60 "${wrap[@]}" "$r" "$t" "$target" $seeds) >/dev/null 2>&1; then ok "fuzz/$t"
    else ko "fuzz/$t"; fi
  done
}

# Each script prints "PASS robust/<check>" / "FAIL robust/<check>: why" lines; a script
# that fails without a FAIL line (or times out) fails as a whole.
run_robust() {
  for s in "$ROOT"/tests/robust/*.sh; do
    [ -f "$s" ] || continue
    [ "$(basename "$s")" = lib.sh ] && continue
    local name out rc line
    name="robust/$(basename "$s" .sh)"
    out=$(cd "$ROOT" && BUILD="$BUILD" timeout 300 bash "$s" 2>&1)
    rc=$?
    while IFS= read -r line; do
      case $line in
        "PASS "*) ok "${line#PASS }" ;;
        "FAIL "*)
          local rest=${line#FAIL } why=
          [[ $rest == *": "* ]] && why=${rest#*: }
          ko "${rest%%: *}" "$why" ;;
        *) echo "$line" ;;
      esac
    done <<<"$out"
    if [ "$rc" != 0 ] && ! grep -q '^FAIL ' <<<"$out"; then ko "$name" "exit $rc"; fi
  done
}

run_lint() {
  for s in "$ROOT"/tests/lint/*.sh; do
    [ -f "$s" ] || continue
    local out
    if out=$(cd "$ROOT" && BUILD="$BUILD" bash "$s" 2>&1); then ok "lint/$(basename "$s" .sh)"
    else ko "lint/$(basename "$s" .sh)"; echo "$out" | head -n 20 | sed 's/^/    /'; fi
  done
}

for s in "${suites[@]}"; do
  case $s in
    unit) run_unit ;;
    cli) run_cli ;;
    make) run_make ;;
    golden) run_golden ;;
    typo) run_typo ;;
    extract) run_extract ;;
    fuzz) run_fuzz ;;
    robust) run_robust ;;
    lint) run_lint ;;
    *) echo "tests/run.sh: unknown suite '$s'" >&2; exit 2 ;;
  esac
done
if [ "$fail" -gt 0 ]; then
  echo "failed: ${failed[*]}"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
