#!/usr/bin/env python3
"""Score one briefing against tests/extract/unseen/gold.yaml, without ../shared.

    score.py GOLD.yaml BRIEFING.pdf

Prints "recall R noise N" and one line per missed fact or noise hit. A fact is carried when
any of its must_match strings occurs in the briefing's text: a literal, case-insensitive,
on word boundaries (a hyphen in it may be missing, as pdftotext drops the hyphen of a word
broken at a line end), or a Python regular expression after "re:". Both sides are NFKC-
normalised, curly quotes and dashes made ASCII, soft hyphens dropped, a word hyphenated
across a line end joined, and white space runs made one space. Noise strings must not occur.
The same conventions as ../shared/eval/score.py, so that the two agree on this gold.
"""
import re
import subprocess
import sys
import unicodedata

import yaml

QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                        "\u2013": "-", "\u2014": "-", "\u2011": "-", "\u00ad": None,
                        "\u200b": None})


def normalise(text):
    text = unicodedata.normalize("NFKC", text).translate(QUOTES)
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)  # hyphenated at a line end: joined
    return re.sub(r"\s+", " ", text).strip()


def literal(needle):
    parts = [re.escape(p) for p in re.split(r"\s+", normalise(needle))]
    body = r"\s".join(parts).replace(r"\-", r"-?")
    return re.compile(r"(?<!\w)" + body + r"(?!\w)", re.I)


def pattern(needle):
    if needle.startswith("re:"):
        return re.compile(needle[3:], re.I)
    return literal(needle)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        gold = yaml.safe_load(f)
    raw = subprocess.run(["pdftotext", sys.argv[2], "-"], check=True, capture_output=True,
                         text=True).stdout
    text = normalise(raw)
    n_facts = carried = noise = 0
    for doc in gold["documents"]:
        for fact in doc.get("facts", []):
            n_facts += 1
            if any(pattern(m).search(text) for m in fact["must_match"]):
                carried += 1
            else:
                print(f"missed {fact['id']}: {fact['statement']}")
        for n in doc.get("noise", []):
            hits = len(literal(n).findall(text))
            if hits:
                print(f"noise {doc['id']}: {n!r} x{hits}")
                noise += hits
    print(f"recall {carried / n_facts if n_facts else 0:.2f} noise {noise}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
