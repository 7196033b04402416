#!/usr/bin/env python3
"""Where a briefing's words go: furniture, labels, table, references, point sentences.

    words.py TEMPLATE.yaml GOLD.yaml BRIEFING.pdf SOURCE.txt...

Reads the briefing's pdftotext output (the text `make eval` and tests/extract/run.sh count
with `wc -w`) and sorts each line into a class: banner, running header, footer, title and
subtitle, section headings, timeline date labels, timeline text, table (header row, figure
and kind cells, context cells), references, bullet marks, point sentences. Each timeline entry and point
is scored against the gold facts (the conventions of score.py beside this file); the words
of the entries that carry no gold fact are shown apart. Prints one table (Markdown) with
the words of each class and their share of the sources' words. A diagnostic for issue 3,
not a test: pdftotext splits table cells and joined lines heuristically, so a class may be
off by a few words.
"""
import re
import subprocess
import sys

import yaml

from score import normalise, pattern

DATE = re.compile(r"^((?:[A-Z][a-z]{2} )?\d{4}(?:\u2013(?:[A-Z][a-z]{2} )?\d{4})?) (?=\S)")


def nwords(text):
    return len(text.split())


def load(template, gold):
    with open(template, encoding="utf-8") as f:
        raw = f.read()
    headings = set(re.findall(r"^\s*- heading: (.+?)\s*$", raw, re.M))
    with open(gold, encoding="utf-8") as f:
        facts = [x for d in yaml.safe_load(f)["documents"] for x in d.get("facts", [])]
    return headings | {"Key points", "Sources"}, facts


def carries(text, facts):
    t = normalise(text)
    return [f["id"] for f in facts if any(pattern(m).search(t) for m in f["must_match"])]


def classify(lines, headings):
    """Yield (class, text) per line; entries (timeline, point) joined over their lines."""
    lines = [x.strip() for x in lines if x.strip()]
    banner = lines[0] if lines else ""
    title = next((x for x in lines if x != banner), "")
    section = None
    entry = None
    seen_title = False
    after_title = False
    for i, line in enumerate(lines):
        if line == banner:
            yield "banner", line
            continue
        if re.search(r"\u00b7 Page \d+ of \d+$", line):
            if entry:
                yield entry
                entry = None
            yield "footer", line
            continue
        if line == title:
            is_header = seen_title or (i + 1 < len(lines) and lines[i + 1] == title)
            if not is_header:
                seen_title = after_title = True
            yield ("header" if is_header else "title"), line
            continue
        if after_title:
            after_title = False
            yield "subtitle", line
            continue
        if line in headings:
            if entry:
                yield entry
                entry = None
            section = line
            yield "heading", line
            continue
        if section == "Sources":
            yield "references", line
            continue
        if section == "Figures":
            if line in ("Figure", "Kind", "Context"):
                yield "table header row", line
            elif line in ("count", "amount", "date", "org", "other") or re.match(
                    r"^(USD|EUR|GBP|some|about|over|more than|\d)", line) and nwords(line) <= 5:
                yield "table figure and kind", line
            else:
                yield "table context", line
            continue
        m = DATE.match(line)
        is_timeline = section in ("Timeline", "Key dates")
        if line.startswith("\u2022") or (is_timeline and m):
            if entry:
                yield entry
            if line.startswith("\u2022"):
                yield "bullet marks", "\u2022"
            if is_timeline and m:
                yield "timeline date labels", m.group(1)
                entry = ("timeline text", line[m.end():])
            else:
                entry = ("points", line[1:].strip())
            continue
        if entry:
            entry = (entry[0], entry[1] + "\n" + line)
        else:
            yield "other", line
    if entry:
        yield entry


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__.split("\n\n")[1])
    headings, facts = load(sys.argv[1], sys.argv[2])
    text = subprocess.run(["pdftotext", sys.argv[3], "-"], check=True, capture_output=True,
                          text=True).stdout
    src = sum(nwords(open(p, encoding="utf-8").read().replace("\u00a0", " "))
              for p in sys.argv[4:])
    total = nwords(text)
    counts = {}
    no_fact = 0
    n_entries = n_empty = 0
    for cls, line in classify(text.split("\n"), headings):
        counts[cls] = counts.get(cls, 0) + nwords(line)
        if cls in ("points", "timeline text"):
            n_entries += 1
            if not carries(line, facts):
                n_empty += 1
                no_fact += nwords(line)
    print(f"| class | words | % of the sources' {src} |")
    print("|---|---:|---:|")
    for cls, n in counts.items():
        print(f"| {cls} | {n} | {100 * n / src:.1f} |")
    print(f"| **whole pdftotext output** | **{total}** | **{100 * total / src:.1f}** |")
    print(f"| of which entries (points, timeline text) carrying no gold fact: "
          f"{n_empty} of {n_entries} | {no_fact} | {100 * no_fact / src:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
