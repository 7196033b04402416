# `briefgen build --check` agrees with make: 0 after make, 1 naming every stale output after
# an edit, 0 again after make. It writes nothing.
. "$(dirname "$0")/lib.sh"
scratch
mk
"$BIN" build --check
printf '\nIn March 2025 NATO and the Republic of Korea signed a new cyber defence agreement.\n' \
  >> content/nato-relations-republic-of-korea.txt
snap() { (cd out && stat -c '%n %s %y' -- * .[!.]*); }
before=$(snap)
rc=0
"$BIN" build --check 2>.check.err || rc=$?
expect "--check after an edit" "$rc" 1
for n in $(briefings); do
  grep -q "^out/$n.pdf: error: stale or missing; run 'briefgen build $n'$" .check.err
done
expect "--check wrote nothing" "$(snap)" "$before"
mk
expect "make after the edit" "$(rebuilt)" "$(briefings)"
"$BIN" build --check
# Without SOURCE_DATE_EPOCH the date is the newest input's mtime: a touch alone makes the
# briefings stale for --check exactly when make would rebuild them. The PDF dates have
# one-second resolution, so the touch must land in a later second to change the bytes.
sleep 1
touch templates/press.yaml
rc=0
"$BIN" build --check 2>.check.err || rc=$?
expect "--check after touching press.yaml" "$rc" 1
expect "stale" "$(sed -n 's|^out/\(.*\)\.pdf: error: stale.*|\1|p' .check.err)" "press"
mk
"$BIN" build --check
# A missing output is named too.
rm out/minister.pdf
rc=0
"$BIN" build --check 2>.check.err || rc=$?
expect "--check with a missing output" "$rc" 1
grep -q "^out/minister.pdf: error: stale or missing" .check.err
