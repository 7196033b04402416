#!/usr/bin/env python3
"""Typography bars of issue 4, checked on one built briefing from its word boxes
(pdftotext -bbox-layout) and the template it was built from.

Usage: check.py TEMPLATE.yaml BRIEFING.pdf
Prints one line per problem and exits 1 when there is any:
  - a word outside the text area (the template's page size and margins; banner, header and
    footer sit in the margins, at most two lines above and two below the text area);
  - a justified line (body and point styles with align: justify) that is not the last of its
    paragraph and does not end at the right margin within 0.5 pt;
  - an inter-word gap over twice the normal space (the median gap of paragraphs' last lines,
    which are set at natural width);
  - a section heading as the last line of a page's text area;
  - a page that ends with one lone first line (orphan), or starts with one lone last line
    (widow), of a paragraph that runs across the page break.
The template chain (extends, include) is resolved like template_merge.c: mappings merge key
by key, every other value is replaced."""
import os
import re
import statistics
import subprocess
import sys
import xml.etree.ElementTree as ET

import yaml  # python3-yaml (Makefile PKGS)

TOL_FLUSH = 0.5     # pt: justified line end vs. right margin (issue 4)
TOL_BOX = 0.5       # pt: a word box may touch the text area's edge
TOL_LEAD = 0.05     # pt: consecutive lines of one paragraph are one leading apart
MAX_GAP_SPACES = 2.0
PAGE_SIZES = {"A4": (595.276, 841.89), "Letter": (612.0, 792.0)}


def merge(base, over):
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for k, v in over.items():
            out[k] = merge(base.get(k), v) if k in base else v
        return out
    return over


def load_template(path):
    with open(path, encoding="utf-8") as f:
        t = yaml.safe_load(f) or {}
    here = os.path.dirname(path)
    result = {}
    if "extends" in t:
        result = load_template(os.path.join(here, t["extends"]))
    for inc in t.get("include", []) or []:
        result = merge(result, load_template(os.path.join(here, inc)))
    return merge(result, t)


def style(t, role):
    """A style role resolved the way the template loader does: fields from body, except
    align, spacing and indent."""
    body = t["styles"]["body"]
    s = dict(t["styles"].get(role, {}))
    for k, v in body.items():
        if k not in ("align", "space_before", "space_after", "indent", "background"):
            s.setdefault(k, v)
    s.setdefault("align", "left")
    s.setdefault("leading", 1.3 * s["size"])
    return s


def pages_of(pdf):
    x = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True,
                       text=True, check=True).stdout
    x = re.sub(r"<!DOCTYPE[^>]*>", "", x).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    return list(ET.fromstring(x).iter("page"))


class Line:
    def __init__(self, el):
        self.words = [(float(w.get("xMin")), float(w.get("xMax")), float(w.get("yMin")),
                       float(w.get("yMax")), w.text or "") for w in el.iter("word")]
        # The tallest word sets the line: a citation mark is smaller and sits higher.
        tall = max(self.words, key=lambda w: w[3] - w[2])
        self.top, self.bottom = tall[2], tall[3]
        self.x0 = min(w[0] for w in self.words)
        self.x1 = max(w[1] for w in self.words)
        self.text = " ".join(w[4] for w in self.words)


def paragraphs(lines, leadings):
    """Consecutive lines one body/point leading apart, with the same box height, form a
    paragraph. Returns lists of lines, top to bottom."""
    paras = []
    for ln in sorted(lines, key=lambda l: (l.top, l.x0)):
        if paras:
            prev = paras[-1][-1]
            d = ln.top - prev.top
            same_h = abs((ln.bottom - ln.top) - (prev.bottom - prev.top)) < 0.01
            if same_h and any(abs(d - L) <= TOL_LEAD for L in leadings):
                paras[-1].append(ln)
                continue
        paras.append([ln])
    return paras


def gaps(line, skip_first):
    ws = line.words
    out = []
    for i, (a, b) in enumerate(zip(ws, ws[1:])):
        if skip_first and i == 0:
            continue
        if (b[3] - b[2]) < (line.bottom - line.top) - 0.01:
            continue  # a citation mark: set tight against its word
        out.append((b[0] - a[1], a[4], b[4]))
    return out


def check(tpl_path, pdf):
    t = load_template(tpl_path)
    page = t.get("page", {})
    size = page.get("size", "A4")
    W, H = PAGE_SIZES[size] if isinstance(size, str) else map(float, size)
    mt, mr, mb, ml = (float(v) for v in page["margins"])
    left, right, top, bottom = ml, W - mr, mt, H - mb   # y from the top, as pdftotext
    roles = [style(t, "body"), style(t, "point")]
    leadings = sorted({float(r["leading"]) for r in roles})
    justified = any(r["align"] == "justify" for r in roles)
    headings = {str(s["heading"]).strip() for s in t.get("sections", []) if s.get("heading")}
    bad = []
    per_page = []
    for pno, pg in enumerate(pages_of(pdf), 1):
        body, above, below = [], set(), set()
        for el in pg.iter("line"):
            ln = Line(el)
            for (x0, x1, y0, y1, text) in ln.words:
                if x0 < left - TOL_BOX or x1 > right + TOL_BOX:
                    bad.append(f"p{pno}: word '{text}' outside the text area "
                               f"(x {x0:.1f}..{x1:.1f}, area {left:.1f}..{right:.1f})")
            if ln.top >= top - TOL_BOX and ln.bottom <= bottom + TOL_BOX:
                body.append(ln)
            elif ln.bottom <= top + TOL_BOX:
                above.add(round(ln.top, 1))
            elif ln.top >= bottom - TOL_BOX:
                below.add(round(ln.top, 1))
            else:
                bad.append(f"p{pno}: line '{ln.text[:40]}' crosses the text area's edge "
                           f"(y {ln.top:.1f}..{ln.bottom:.1f}, area {top:.1f}..{bottom:.1f})")
        if len(above) > 2 or len(below) > 2:
            bad.append(f"p{pno}: {len(above)} lines above and {len(below)} below the text "
                       "area (furniture is at most banner + header, footer + banner)")
        per_page.append(paragraphs(body, leadings))

    # The normal space: the median gap of paragraphs' last lines (natural width).
    natural = [g for paras in per_page for p in paras if len(p) > 1
               for g, _, _ in gaps(p[-1], p[-1].x0 < p[0].x0 or p[0].x0 < p[1].x0 - 1)]
    space = statistics.median(natural) if natural else None

    for pno, paras in enumerate(per_page, 1):
        for p in paras:
            hanging = len(p) > 1 and p[0].x0 < p[1].x0 - 1
            for i, ln in enumerate(p[:-1]):
                if justified and abs(ln.x1 - right) > TOL_FLUSH:
                    bad.append(f"p{pno}: justified line ends {ln.x1 - right:+.2f} pt from the "
                               f"right margin: '{ln.text[:50]}'")
                if space is None:
                    continue
                for g, a, b in gaps(ln, hanging and i == 0):
                    if g > MAX_GAP_SPACES * space:
                        bad.append(f"p{pno}: gap of {g:.2f} pt (> {MAX_GAP_SPACES:g} × "
                                   f"{space:.2f}) between '{a}' and '{b}'")
        if paras:
            last = paras[-1][-1]
            if last.text.strip() in headings:
                bad.append(f"p{pno}: heading '{last.text}' is the last line of the page")
        # Page breaks: a paragraph runs on when the page's last line is flush right (it is
        # not its paragraph's last) or ends in a hyphen.
        if pno < len(per_page) and paras and per_page[pno]:
            tail, head = paras[-1], per_page[pno][0]
            runs_on = tail[-1].text.endswith("-") or (
                justified and abs(tail[-1].x1 - right) <= TOL_FLUSH and len(tail) > 1)
            if runs_on and len(tail) == 1:
                bad.append(f"p{pno}: orphan: the page ends with a paragraph's lone first "
                           f"line '{tail[0].text[:40]}'")
            if runs_on and len(head) == 1:
                bad.append(f"p{pno + 1}: widow: the page starts with a paragraph's lone last "
                           f"line '{head[0].text[:40]}'")
    n_lines = sum(len(p) for paras in per_page for p in paras)
    return bad, len(per_page), n_lines, space


def main(argv):
    if len(argv) != 3:
        print("usage: check.py TEMPLATE.yaml BRIEFING.pdf", file=sys.stderr)
        return 2
    bad, n_pages, n_lines, space = check(argv[1], argv[2])
    for b in bad:
        print(f"{argv[2]}: {b}")
    sp = f"{space:.2f} pt" if space else "n/a"
    print(f"{os.path.basename(argv[2])}: {n_pages} pages, {n_lines} body lines, "
          f"normal space {sp}, {len(bad)} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
