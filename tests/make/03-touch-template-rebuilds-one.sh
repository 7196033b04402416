# A template is an input of its own briefing only; a shared base is an input of all.
. "$(dirname "$0")/lib.sh"
scratch
mk
later templates/minister.yaml
mk
expect "after touching minister.yaml" "$(rebuilt)" "minister"
later templates/staff.yaml
mk
expect "after touching staff.yaml" "$(rebuilt)" "staff"
later templates/_base.yaml
mk
expect "after touching _base.yaml" "$(rebuilt)" "$(briefings)"
# an included partial is an input of the templates that include it
printf 'styles:\n  cite: {font: serif-italic}\n' > templates/_italic.yaml
printf 'extends: press.yaml\ninclude: [_italic.yaml]\n' > templates/press-italic.yaml
mk
expect "a new template" "$(rebuilt)" "press-italic"
grep -q '^  templates/_italic.yaml' out/.press-italic.d
later templates/_italic.yaml
mk
expect "after touching an included partial" "$(rebuilt)" "press-italic"
later templates/press.yaml
mk
expect "after touching a base of two" "$(rebuilt)" "press press-italic"
