# A font is an input of the briefings that print with it, and only of those.
. "$(dirname "$0")/lib.sh"
scratch
printf 'extends: press.yaml\nstyles:\n  cite: {font: serif-italic}\n' > templates/italic.yaml
mk
grep -q '^  fonts/DejaVuSerif-Italic.ttf' out/.italic.d
! grep -q 'DejaVuSerif-Italic' out/.minister.d
later fonts/DejaVuSerif-Italic.ttf
mk
expect "after touching the italic font" "$(rebuilt)" "italic"
later fonts/DejaVuSans.ttf
mk
expect "after touching the sans font" "$(rebuilt)" "$(briefings)"
