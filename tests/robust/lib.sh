# Shared by tests/robust/*.sh (sourced, not run): where briefgen is, a scratch project,
# and the PASS/FAIL lines tests/run.sh counts ("PASS robust/<name>", "FAIL robust/<name>: why").
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-debug}
BIN=${BRIEFGEN:-$ROOT/build/$BUILD/briefgen}
export NO_COLOR=1 SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
n_fail=0

pass() { echo "PASS robust/$1"; }
fail() { n_fail=$((n_fail + 1)); echo "FAIL robust/$1${2:+: $2}"; }
# check NAME CONDITION-COMMAND... : PASS when the command succeeds.
check() { local name=$1; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }

# make_project DIR [COPIES]: templates, rules, fonts (copied, so the tree can be handed to
# another user) and the seed content, the sources repeated COPIES times under new names.
make_project() {
  local dir=$1 copies=${2:-1} f stem i
  mkdir -p "$dir/content" "$dir/out"
  cp -a "$ROOT/templates" "$ROOT/fonts" "$dir/"
  for f in "$ROOT"/content/*.txt; do
    stem=$(basename "$f" .txt)
    for ((i = 1; i <= copies; i++)); do
      local to=$stem
      [ "$copies" -gt 1 ] && to="$stem-$i"
      cp "$f" "$dir/content/$to.txt"
      [ -f "$ROOT/content/$stem.yaml" ] && cp "$ROOT/content/$stem.yaml" "$dir/content/$to.yaml"
    done
  done
}

# pdf_ok FILE: qpdf --check exits 0 (3, "warnings", is how it reports a damaged file).
pdf_ok() { qpdf --check "$1" >/dev/null 2>&1; }

no_temps() { ! ls "$1"/.briefgen-tmp.* >/dev/null 2>&1; }

finish() { [ "$n_fail" -eq 0 ]; }

# old_and_new NAME TMP [VAR=VALUE...]: in the project (the working directory), the old
# outputs (another date) copied to TMP/old and reference new ones built into TMP/new (with
# the VAR=VALUE settings); sets names (the PDFs) and build_ms. Fails NAME and returns 1 if
# a build fails.
old_and_new() {
  local name=$1 tmp=$2 start
  shift 2
  SOURCE_DATE_EPOCH=1600000000 "$BIN" build >/dev/null 2>&1 || { fail "$name" "old build failed"; return 1; }
  mkdir -p "$tmp/old" && cp out/*.pdf "$tmp/old/"
  start=$(date +%s%N)
  env "$@" "$BIN" build -o "$tmp/new" >/dev/null 2>&1 || { fail "$name" "new build failed"; return 1; }
  build_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  names=$(cd "$tmp/old" && ls *.pdf)
  [ -n "$names" ] || { fail "$name" "no PDF built"; return 1; }
}

# sleep_random MS: sleep 0 to MS + 20 milliseconds, at random.
sleep_random() {
  local delay=$((RANDOM % ($1 + 20)))
  sleep "$(awk -v ms="$delay" 'BEGIN { printf "%.3f", ms / 1000 }')"
}

# old_or_new TMP ROUND: each out/NAME of $names must be absent, TMP/old/NAME, or TMP/new/NAME
# and sound; counts n_old and n_new, and appends ROUND:NAME to bad for any other file.
old_or_new() {
  local n f
  for n in $names; do
    f=out/$n
    [ -e "$f" ] || continue
    if cmp -s "$f" "$1/old/$n"; then n_old=$((n_old + 1))
    elif cmp -s "$f" "$1/new/$n" && pdf_ok "$f"; then n_new=$((n_new + 1))
    else bad="$bad $2:$n"; fi
  done
}
