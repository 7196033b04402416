#!/usr/bin/env bash
# Every shipped font through ots-sanitize (Debian's opentype-sanitizer, installed by `make`
# through PKGS): notes/robustness.md, "TTF memory bugs", and issue 6. Fonts are checked in
# CI before libharu ever sees them; src/pdf_sfnt.c repeats the essential checks at run time.
# Zero-length tables are dropped from a scratch copy first: OTS refuses them outright
# ("TSI3: zero-length table", an empty VTT hinting-source table in NanumGothic.ttf) and would
# then stop before checking the tables we use; an empty table holds nothing to exploit.
# Prints one line per font; exit 1 if any fails. Skips (exit 0) without ots-sanitize.
set -u
cd "$(dirname "$0")/../.." || exit 2
if ! command -v ots-sanitize >/dev/null 2>&1; then
  echo "fonts: ots-sanitize not installed (package opentype-sanitizer): skipped"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
found=0
for f in fonts/*.ttf; do
  [ -f "$f" ] || continue
  copy="$tmp/$(basename "$f")"
  if ! dropped=$(python3 - "$f" "$copy" <<'PY'
import struct, sys
src, dst = sys.argv[1], sys.argv[2]
data = open(src, "rb").read()
version, n = struct.unpack(">4sH", data[:6])
entries = [struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i]) for i in range(n)]
keep = [e for e in entries if e[3] > 0]
print(" ".join(e[0].decode("latin-1") for e in entries if e[3] == 0))
k = len(keep)
sel = max(i for i in range(17) if 2 ** i <= k)
out = bytearray(struct.pack(">4sHHHH", version, k, 16 * 2 ** sel, sel, 16 * k - 16 * 2 ** sel))
off = 12 + 16 * k
body = bytearray()
for tag, csum, o, ln in keep:
    out += struct.pack(">4sIII", tag, csum, off + len(body), ln)
    body += data[o:o + ln] + b"\0" * (-ln % 4)
open(dst, "wb").write(out + body)
PY
  ); then
    echo "$f: cannot read the table directory"
    found=1
    continue
  fi
  if out=$(ots-sanitize "$copy" "$tmp/out.ttf" 2>&1); then
    echo "$f: ok${dropped:+ (zero-length tables dropped first: $dropped)}"
  else
    echo "$f: ots-sanitize failed: $(echo "$out" | tr '\n' ' ')"
    found=1
  fi
done
exit "$found"
