#!/usr/bin/env bash
# Every external symbol defined in build/$BUILD/src/*.o starts with bg_ (STYLE.md §4), so
# briefgen's objects can never clash with libharu, libyaml, pcre2 or libc. main.o is exempt
# (it defines main). Prints file:line: symbol per finding; exit 1 if any, 2 if nothing was built.
set -u
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-release}
dir="build/$BUILD/src"
shopt -s nullglob
objs=("$dir"/*.o)
if [ ${#objs[@]} -eq 0 ]; then
  echo "$dir: no object files (build first: make BUILD=$BUILD build)" >&2
  exit 2
fi
found=0
for o in "${objs[@]}"; do
  [ "$(basename "$o")" = main.o ] && continue
  src="src/$(basename "$o" .o).c"
  # Defined, external: upper-case type letters other than U (undefined) and
  # w/W/v/V (weak, e.g. compiler-generated); nm -g lists external symbols only.
  # With debug info, nm -l adds "file:line" after a tab; use its line number when present.
  while IFS=$'\t' read -r sym where; do
    read -r _ type name <<<"$sym"
    case $type in
      U | w | W | v | V) continue ;;
    esac
    case $name in
      bg_*) continue ;;
    esac
    line=${where##*:}
    [[ $line =~ ^[0-9]+$ ]] || line=1
    echo "$src:$line: '$name': external symbol without the bg_ prefix (make it static or rename it)"
    found=1
  done < <(nm -g --defined-only -l "$o" 2>/dev/null)
done
exit "$found"
