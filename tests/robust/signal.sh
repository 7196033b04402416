#!/usr/bin/env bash
# DESIGN: an interrupted build leaves no temp file and no broken PDF (notes/robustness.md,
# "crash or kill mid-write": on SIGINT/SIGTERM, unlink the temp). 20 signals, SIGTERM and
# SIGINT in turn, at random moments of `briefgen build` on 10 copies of the seed content:
# afterwards no .briefgen-tmp.* is left in out/, and every out/*.pdf is the old file or the
# new one, byte for byte, passing qpdf --check. A build that was still running must end by
# the signal itself (the handler re-raises it), not with an ordinary exit code.
# Test builds hold each temp file open BG_TEST_WRITE_DELAY_MS (fsio.c) before the rename,
# so most signals land while a temp file exists (without the handler, most rounds leave
# one); a release build ignores the variable and the test still checks the outcome.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
make_project "$tmp/p" 10
cd "$tmp/p" || exit 1
sed -i 's/^max_pages: .*/max_pages: 0/' templates/*.yaml

old_and_new signal "$tmp" BG_TEST_WRITE_DELAY_MS=150 || exit 1

bad=""
temps=""
odd_exit=""
hit=0
for i in $(seq 1 20); do
  sig=TERM
  [ $((i % 2)) = 0 ] && sig=INT
  cp "$tmp"/old/*.pdf out/
  # A script's background job starts with SIGINT ignored; give briefgen the default back.
  BG_TEST_WRITE_DELAY_MS=150 env --default-signal=INT,TERM "$BIN" build >/dev/null 2>&1 &
  pid=$!
  sleep_random "$build_ms"
  kill -s "$sig" "$pid" 2>/dev/null
  wait "$pid"
  rc=$?
  # 0: finished before the signal; 128+2 / 128+15: ended by it.
  case $rc in
    0) ;;
    130 | 143) hit=$((hit + 1)) ;;
    *) odd_exit="$odd_exit $i:$sig:$rc" ;;
  esac
  no_temps out || temps="$temps $i:$sig"
  rm -f out/.briefgen-tmp.* # so one leftover is not counted again
  old_or_new "$tmp" "$i"
done
echo "    note: $hit of 20 signals ended a build in progress (a build takes ${build_ms} ms)"
check "signal-20x-no-temp" test -z "$temps"
[ -z "$temps" ] || echo "    temp left after:$temps"
check "signal-20x-old-or-new" test -z "$bad"
[ -z "$bad" ] || echo "    broken:$bad"
check "signal-20x-dies-by-signal" test -z "$odd_exit"
[ -z "$odd_exit" ] || echo "    exit codes:$odd_exit"
finish
