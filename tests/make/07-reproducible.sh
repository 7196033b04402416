# Same inputs + SOURCE_DATE_EPOCH → byte-identical PDFs: twice in a row, from another
# directory path, in another time zone and under another locale.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1700000000
top=$(mktemp -d)
trap 'rm -rf "$top"' EXIT
scratch "$top/a"
"$BIN" build
mkdir "$top/first" && cp out/*.pdf "$top/first/"
"$BIN" build
for f in out/*.pdf; do cmp "$f" "$top/first/$(basename "$f")"; done
scratch "$top/a much/longer path"
touch content/*.txt templates/*.yaml   # other mtimes: SOURCE_DATE_EPOCH wins
TZ=Pacific/Kiritimati "$BIN" build
for f in out/*.pdf; do cmp "$f" "$top/first/$(basename "$f")"; done
loc=C.UTF-8
locale -a 2>/dev/null | grep -qi '^de_DE.utf-\?8$' && loc=de_DE.UTF-8
LC_ALL=$loc LANG=$loc TZ=America/St_Johns "$BIN" build
for f in out/*.pdf; do cmp "$f" "$top/first/$(basename "$f")"; done
# the /ID is derived from the content: two briefings never share it
ids=$(for f in out/*.pdf; do grep -a -o '/ID *\[<[0-9A-Fa-f]*>' "$f" || true; done | sort | uniq -d)
expect "shared /ID" "$ids" ""
