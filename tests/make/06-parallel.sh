# `make -j2` builds the briefings in parallel, to the same bytes as a serial build.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1700000000
scratch
mk -j2
expect "make -j2" "$(rebuilt)" "$(briefings)"
for n in $(briefings); do qpdf --check "out/$n.pdf" >/dev/null; done
mkdir ../serial.$$ && cp out/*.pdf ../serial.$$/
rm -f out/*.pdf
mk -j1
for n in $(briefings); do cmp "out/$n.pdf" "../serial.$$/$n.pdf"; done
rm -rf ../serial.$$
mk -j4
expect "make -j4 when current" "$(rebuilt)" ""
