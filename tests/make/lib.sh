# Shared by tests/make/*.sh (sourced): a scratch copy of the project and helpers. The
# scratch copy uses the already built binary ($BIN, from tests/run.sh) through make's
# command line, so no test rebuilds briefgen.
set -eu
: "${ROOT:?}" "${BIN:?}"
export NO_COLOR=1
unset SOURCE_DATE_EPOCH

# scratch [DIR]: copy Makefile, content, templates and fonts into DIR (default: a new
# temp dir, removed on exit); cd there.
# The Makefile's own includes (*.mk) come along.
scratch() {
  local dir=${1:-}
  if [ -z "$dir" ]; then
    SCRATCH=$(mktemp -d)
    trap 'rm -rf "$SCRATCH"' EXIT
    dir=$SCRATCH
  fi
  mkdir -p "$dir"
  cp -a "$ROOT/Makefile" "$ROOT/content" "$ROOT/templates" "$ROOT/fonts" "$dir/"
  (cd "$ROOT" && find . -path ./build -prune -o -name '*.mk' -print | tar -cf - -T -) |
    tar -xf - -C "$dir"
  cd "$dir"
}

# mk ARGS...: `make briefings` with the prebuilt binary; output in .make.log.
mk() {
  make --no-print-directory BIN="$BIN" "$@" briefings >.make.log 2>&1 ||
    { cat .make.log >&2; return 1; }
}

# rebuilt: the briefings the last mk rebuilt, sorted, space-separated ("" if none).
rebuilt() {
  sed -n 's|^BRIEF out/\(.*\)\.pdf$|\1|p' .make.log | sort | tr '\n' ' ' | sed 's/ $//'
}

# briefings: every template that makes a PDF, sorted, space-separated.
briefings() {
  for t in templates/*.yaml; do
    n=$(basename "$t" .yaml)
    case $n in _*) ;; *) echo "$n" ;; esac
  done | sort | tr '\n' ' ' | sed 's/ $//'
}

# expect WHAT GOT WANT
expect() {
  [ "$2" = "$3" ] || { echo "$1: got '$2', expected '$3'" >&2; exit 1; }
}

# Make's timestamps have nanosecond resolution here, but a file system may round: wait a
# little so that a touch is newer than the outputs.
later() { sleep 0.05; touch "$@"; }
