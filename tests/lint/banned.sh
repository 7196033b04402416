#!/usr/bin/env bash
# Banned calls in src/ (STYLE.md §11, after curl's checksrc): unsafe string functions
# everywhere; malloc/free, exit, printf, time/rand only in the files that own them;
# HPDF_SaveToFile and setjmp/longjmp nowhere. Prints file:line: ... per finding; exit 1 if any.
set -u
cd "$(dirname "$0")/../.." || exit 2
found=0

# check PATTERN MESSAGE ALLOWED-FILE... : PATTERN is an ERE matched on code with comments and
# string literals blanked out; a file named in ALLOWED is skipped.
check() {
  local pattern=$1 message=$2
  shift 2
  local f base allowed
  for f in src/*.c src/*.h; do
    [ -f "$f" ] || continue
    base=$(basename "$f")
    allowed=0
    for a in "$@"; do [ "$base" = "$a" ] && allowed=1; done
    [ "$allowed" = 1 ] && continue
    while read -r line name; do
      echo "$f:$line: '$name': $message"
      found=1
    done < <(strip "$f" | grep -noE "$pattern" |
             sed -E 's/^([0-9]+):[^A-Za-z_]*([A-Za-z_]+).*/\1 \2/')
  done
}

# Blank out comments, string and character literals, keeping line numbers, so that
# "free" in a comment or "printf" in a message does not count.
strip() {
  awk '
    BEGIN { in_comment = 0 }
    {
      line = $0; out = ""; i = 1; n = length(line)
      while (i <= n) {
        c = substr(line, i, 1); c2 = substr(line, i, 2)
        if (in_comment) {
          if (c2 == "*/") { in_comment = 0; i += 2 } else { i++ }
          continue
        }
        if (c2 == "/*") { in_comment = 1; i += 2; continue }
        if (c2 == "//") { break }
        if (c == "\"" || c == "\047") {
          q = c; out = out q; i++
          while (i <= n) {
            c = substr(line, i, 1)
            if (c == "\\") { i += 2; continue }
            i++
            if (c == q) { break }
          }
          out = out q
          continue
        }
        out = out c; i++
      }
      print out
    }' "$1"
}

# A bare call: the name not preceded by an identifier character, '.', or '->'.
call() {
  echo "(^|[^A-Za-z0-9_.>])($1)[[:space:]]*\\("
}

check "$(call 'sprintf|vsprintf|strcpy|strcat|strncpy|strtok|atoi|atol|atoll|gets')" \
  "banned call (unsafe or unchecked string/number function)"
check "$(call 'malloc|realloc|calloc|free')" \
  "malloc/realloc/calloc/free outside arena.c and buf.c (use the run arena)" arena.c buf.c
check "$(call 'exit|_Exit|abort')" "exit outside main.c (return a bg_status)" main.c
check "$(call 'printf|fprintf|puts|fputs|putchar|vprintf|perror')" \
  "printing outside diag.c, report.c and main.c (use bg_diag_*)" diag.c report.c main.c
check "$(call 'time|rand|srand')" \
  "time or randomness outside clock.c (SOURCE_DATE_EPOCH, reproducible output)" clock.c
check "(^|[^A-Za-z0-9_])HPDF_SaveToFile([^A-Za-z0-9_]|$)" \
  "HPDF_SaveToFile (save to memory; pipeline writes atomically)"
check "(^|[^A-Za-z0-9_])(setjmp|longjmp|sigsetjmp|siglongjmp)([^A-Za-z0-9_]|$)|<setjmp\\.h>" \
  "setjmp/longjmp (record errors and return)"

exit "$found"
