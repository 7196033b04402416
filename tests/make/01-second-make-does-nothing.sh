# `make` twice: the second run rebuilds nothing and `make -q briefings` says it is current.
. "$(dirname "$0")/lib.sh"
scratch
mk
expect "first make" "$(rebuilt)" "$(briefings)"
for n in $(briefings); do [ -s "out/$n.pdf" ] && [ -s "out/.$n.d" ]; done
mk
expect "second make" "$(rebuilt)" ""
make -q --no-print-directory BIN="$BIN" briefings
