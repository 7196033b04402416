#!/usr/bin/env bash
# DESIGN: an out/ the user cannot write is a clear I/O error (notes/robustness.md, "out/
# unwritable"). Root ignores file modes, so briefgen runs as nobody (setpriv) on a copy of
# the project in a world-readable directory whose out/ is root's and mode 755: exit 3, the
# exact message, the old PDF untouched. Also: a read-only tmpfs and out/ under a file
# (ENOTDIR). Skips with a note when not root.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'umount "$tmp/p/ro" 2>/dev/null; rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
make_project "$tmp/p"
cp "$BIN" "$tmp/briefgen"
chmod -R a+rX "$tmp"
chmod 755 "$tmp/p/out"
echo "old" >"$tmp/p/out/press.pdf"
chmod 644 "$tmp/p/out/press.pdf"
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null; then
  pass "unwritable (skipped: needs root and setpriv)"
else
  (cd "$tmp/p" && setpriv --reuid=65534 --regid=65534 --clear-groups \
     env NO_COLOR=1 SOURCE_DATE_EPOCH="$SOURCE_DATE_EPOCH" "$tmp/briefgen" build press \
     >"$tmp/stdout" 2>"$tmp/stderr")
  code=$?
  check "unwritable-exit-3" test "$code" = 3
  check "unwritable-message" diff -u - "$tmp/stderr" <<<'out/press.pdf: error: cannot create temp file: Permission denied'
  check "unwritable-old-pdf-intact" grep -qx old "$tmp/p/out/press.pdf"
  check "unwritable-no-temp" no_temps "$tmp/p/out"
  [ "$n_fail" -gt 0 ] && sed 's/^/    stderr: /' "$tmp/stderr"
fi
# A read-only filesystem (a tmpfs mounted ro; skipped where mount is not permitted).
mkdir -p "$tmp/p/ro"
if mount -t tmpfs -o ro,size=64k tmpfs "$tmp/p/ro" 2>/dev/null; then
  (cd "$tmp/p" && "$tmp/briefgen" build -o ro press >"$tmp/stdout" 2>"$tmp/stderr")
  code=$?
  umount "$tmp/p/ro"
  check "read-only-fs-exit-3" test "$code" = 3
  check "read-only-fs-message" diff -u - "$tmp/stderr" <<<'ro/press.pdf: error: cannot create temp file: Read-only file system'
else
  pass "read-only-fs (skipped: mount -t tmpfs is not permitted here)"
fi
# ENOTDIR: -o names a path under a regular file.
(cd "$tmp/p" && "$tmp/briefgen" build -o out/press.pdf/sub press >"$tmp/stdout" 2>"$tmp/stderr")
code=$?
check "out-under-a-file-exit-3" test "$code" = 3
check "out-under-a-file-message" grep -q 'Not a directory' "$tmp/stderr"
finish
