#!/usr/bin/env bash
# The include walls of STYLE.md §1: each library header in one module's files only (hpdf.h
# in pdf.c and the libharu files of its sub-stages, pdf_int.h, pdf_font.c, pdf_stream.c and
# pdf_meta.c; yaml.h in yload.c, pcre2.h in rules.c, hyphen.h in hyph.c, linebreak.h in
# lbreak.c, png.h and turbojpeg.h in image.c), and no stage includes a downstream stage's
# header. Prints file:line: ... per finding; exit 1 if any.
set -u
cd "$(dirname "$0")/../.." || exit 2
found=0

# Pipeline order. Support modules are 0 and include only support headers; a sub-stage file
# (layout_line.c, template_int.h) belongs to the module before the first '_'.
rank_of() {
  case $1 in
    arena | buf | bytes | str | utf8 | diag | yload | fsio | limit | clock | style | depfile | image | icc) echo 0 ;;
    source) echo 1 ;;
    segment) echo 2 ;;
    rules | fact) echo 3 ;;
    extract | report) echo 4 ;; # report.c prints extract's points
    template) echo 5 ;;
    compose) echo 6 ;;
    font | hyph | lbreak) echo 7 ;;
    layout) echo 8 ;;
    pdf) echo 9 ;;
    pipeline | cli | main) echo 99 ;; # may include anything
    *) echo "" ;;
  esac
}

# The files allowed to include each library's headers (space-separated).
lib_owner() {
  case $1 in
    hpdf*.h) echo pdf.c pdf_int.h pdf_font.c pdf_stream.c pdf_meta.c ;;
    yaml.h) echo yload.c ;;
    pcre2.h) echo rules.c ;;
    hyphen.h) echo hyph.c ;;
    linebreak.h | linebreakdef.h) echo lbreak.c ;;
    png.h | turbojpeg.h) echo image.c ;;
    *) echo "" ;;
  esac
}

for f in src/*.c src/*.h; do
  [ -f "$f" ] || continue
  base=$(basename "$f")
  mod=${base%.*}
  mod=${mod%%_*}
  rank=$(rank_of "$mod")
  if [ -z "$rank" ]; then
    echo "$f:1: module '$mod' is not in the stage table of tests/lint/includes.sh (add it)"
    found=1
    continue
  fi
  while IFS=: read -r line hdr; do
    owner=$(lib_owner "$hdr")
    if [ -n "$owner" ]; then
      if [[ " $owner " != *" $base "* ]]; then
        echo "$f:$line: includes '$hdr', which only $owner may include"
        found=1
      fi
      continue
    fi
    hmod=${hdr%.h}
    hmod=${hmod%%_*}
    [ -f "src/$hdr" ] || continue # a system header
    [ "$hmod" = "$mod" ] && continue
    hrank=$(rank_of "$hmod")
    if [ -z "$hrank" ]; then
      echo "$f:$line: includes '$hdr' of module '$hmod', which is not in the stage table"
      found=1
    elif [ "$hrank" -gt "$rank" ] || { [ "$rank" = 0 ] && [ "$hrank" != 0 ]; }; then
      echo "$f:$line: includes '$hdr': $mod must not depend on the downstream stage $hmod"
      found=1
    fi
  done < <(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"][^>"]+[>"]' "$f" |
           sed -E 's/^([0-9]+):.*include[[:space:]]*[<"]([^>"]+)[>"].*/\1:\2/')
done
exit "$found"
