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
