#!/usr/bin/env bash
# DESIGN: a full disk is a clear I/O error and loses nothing (notes/robustness.md, "disk
# full"). out/ is a 64 KiB tmpfs holding an old x.pdf; building x (whose PDF is larger
# than the space left) must exit 3 with "out/x.pdf: error: cannot write: No space left on
# device", leave the old x.pdf byte-identical and no temp file. Needs mount(2) (root in a
# container that allows it); otherwise it passes with a note.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
cleanup() { umount "$tmp/p/out" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
make_project "$tmp/p"
cd "$tmp/p" || exit 1
cp templates/analyst.yaml templates/x.yaml
if ! mount -t tmpfs -o size=64k tmpfs out 2>/dev/null; then
  pass "disk-full (skipped: mount -t tmpfs is not permitted here)"
  exit 0
fi
head -c 20000 /dev/urandom >out/x.pdf
cp out/x.pdf "$tmp/x.old"
"$BIN" build x >"$tmp/stdout" 2>"$tmp/stderr"
code=$?
check "disk-full-exit-3" test "$code" = 3
check "disk-full-message" grep -qx 'out/x.pdf: error: cannot write: No space left on device' "$tmp/stderr"
check "disk-full-old-pdf-intact" cmp -s out/x.pdf "$tmp/x.old"
check "disk-full-no-temp" no_temps out
if [ "$n_fail" -gt 0 ]; then sed 's/^/    stderr: /' "$tmp/stderr"; fi
finish
