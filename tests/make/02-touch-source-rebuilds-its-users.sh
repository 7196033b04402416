# Touching a source rebuilds exactly the briefings that use it (every shipped briefing
# reads every source), and a sidecar counts as the source's input.
. "$(dirname "$0")/lib.sh"
scratch
mk
later content/nato-relations-republic-of-korea.txt
mk
expect "after touching a source" "$(rebuilt)" "$(briefings)"
mk
expect "then" "$(rebuilt)" ""
side=$(ls content/*.yaml | head -n 1)
later "$side"
mk
expect "after touching a sidecar" "$(rebuilt)" "$(briefings)"
later templates/rules/security.yaml
mk
expect "after touching the rules" "$(rebuilt)" "$(briefings)"
