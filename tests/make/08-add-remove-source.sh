# Adding a source changes the content directory, so every briefing is rebuilt; removing
# one does not break make (each input also has an empty rule, like gcc -MP).
. "$(dirname "$0")/lib.sh"
scratch
mk
# The directory's new mtime must be later than the last PDF's: file times come from a
# coarse clock (a few ms), so a source made at once could share the PDF's tick.
sleep 0.05
printf 'NATO and the Republic of Korea held cyber defence staff talks in May 2025.\n' > content/new.txt
mk
expect "after adding a source" "$(rebuilt)" "$(briefings)"
grep -q '^  content/new.txt' out/.minister.d
sleep 0.05
rm content/new.txt
mk
expect "after removing it" "$(rebuilt)" "$(briefings)"
! grep -q 'content/new.txt' out/.minister.d
