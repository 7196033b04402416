#!/usr/bin/env python3
"""Each key point printed in a briefing comes back whole through pdftotext.

    points.py POINTS.json BRIEFING.pdf...

POINTS.json is `briefgen extract --json` of the same sources. Every bullet of the
briefing ("• text[n]") must be one extracted point's text or its "short" variant, whole
(after its "antecedent", if it has one and the briefing prints it): the same characters
once line breaks, hyphens and spaces are set aside (a hyphen at a line end may be the
hyphenator's). Prints one line per problem; exits 1 if there is any.
"""
import json
import re
import subprocess
import sys


def squash(text):
    return re.sub(r"[\s\-\u00ad]+", "", text)


def bullets(pdf):
    text = subprocess.run(["pdftotext", pdf, "-"], check=True, capture_output=True,
                          text=True).stdout
    items, cur = [], None
    for line in text.split("\n"):
        if line.startswith("• "):
            cur = line[2:]
        elif cur is not None and line.strip():
            cur += "\n" + line
        elif cur is not None:
            cur = None
            continue
        if cur is not None:
            m = re.search(r"\[(\d+(?:,\s*\d+)*)\]$", cur)
            if m:
                items.append(cur[:m.start()])
                cur = None
    return items


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        pts = json.load(f)["points"]
    # A point printed after its antecedent (the point it refers back to) is the two texts.
    # A point printed short (a template with `shorten:`, its budget binding) is its "short".
    texts = [p["text"] for p in pts] + [p["short"] for p in pts if p.get("short")]
    points = {squash(t) for t in texts}
    points |= {squash(p["antecedent"] + t) for p in pts if p.get("antecedent")
               for t in (p["text"], p.get("short") or "")}
    bad = 0
    for pdf in sys.argv[2:]:
        found = bullets(pdf)
        if not found:
            print(f"{pdf}: no cited bullet found")
            bad += 1
        for b in found:
            if squash(b) not in points:
                print(f"{pdf}: not a whole extracted point: {b[:100]!r}")
                bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
