#!/usr/bin/env python3
"""Agreement of `citegraph bib --style FILE.csl` with pandoc's citeproc on the same data.

usage: citeproc_agreement.py BIN [ARTICLES_DIR] [CSL_DIR] [--show N] [--json] [--classes] [--pandoc PATH]

For every article (`*.txt` in ARTICLES_DIR, default ../shared/corpus/articles) and every
style (`*.csl` in CSL_DIR, default ../shared/csl):

  1. `BIN bib ARTICLE --format csl-json` gives the CSL-JSON of the cited works;
  2. `BIN bib ARTICLE --style STYLE.csl` (text) gives citegraph's formatted list;
  3. `pandoc --citeproc --csl STYLE.csl` renders the same CSL-JSON (every item cited with
     `nocite: '@*'`) as HTML, whose `csl-entry` divs are read as text.

An entry agrees when the same text, whitespace normalised, is in both lists (matched one to
one, order ignored: both are sorted by the style). The share is agreeing entries over the
larger of the two counts, per style over all articles. `--show N` prints up to N
disagreeing pairs per style (the closest pandoc entry for each of ours); `--json` prints the
figures as JSON.

`--pandoc PATH` runs another pandoc than the one on PATH (pandoc 2.17, Debian 12's, does
not know `page-range-format="chicago-16"` and prints a final name `others` as a name;
pandoc 3.x, e.g. the binary of the PyPI package `pypandoc-binary`, does both as CSL says).

`--classes` sorts every disagreeing pair (ours, the closest pandoc entry) into classes by
the smallest set of normalisations that makes the two equal:

  page-range   abbreviated page ranges expanded (`250–61` = `250–261`, `D53–8` = `D53–D58`): the style asks for
               `chicago-16`, which pandoc 2.17 does not know (it leaves ranges as given)
  others       pandoc prints a final name `others` as a name (`Tempst, P.others.`), where
               newer citeproc and citegraph print "et al."; names compared no further
  names        the names before the date differ (hayagriva's name disambiguation)
  letter       the year letters differ (pandoc letters by the style's sort, citegraph
               keeps the document's)
  quotes       typographic quotes and apostrophes (`'` = `’`, `‘x’` = `“x”`)
  case         letter case only (title casing of particular words)

and prints the count per class (a pair no normalisation explains is `other`).
"""
import difflib, glob, html, json, os, re, subprocess, sys, tempfile
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))


def norm(s):
    return " ".join(s.split())


def ours(bin_, article, style):
    out = subprocess.run([bin_, "bib", article, "--style", style], capture_output=True, check=True, text=True).stdout
    return [norm(l) for l in out.splitlines() if l.strip()]


def csl_json(bin_, article):
    return subprocess.run([bin_, "bib", article, "--format", "csl-json"], capture_output=True, check=True).stdout


PANDOC = "pandoc"


def pandoc(json_bytes, style):
    with tempfile.TemporaryDirectory() as d:
        bib = os.path.join(d, "refs.json")
        with open(bib, "wb") as f:
            f.write(json_bytes)
        md = "---\nnocite: '@*'\n---\n"
        out = subprocess.run(
            [PANDOC, "--citeproc", "--csl", style, "--bibliography", bib, "-f", "markdown", "-t", "html", "--wrap=none"],
            input=md, capture_output=True, check=True, text=True,
        ).stdout
    entries = re.findall(r'<div id="ref-[^"]*" class="csl-entry"[^>]*>(.*?)</div>\s*(?=<div id="ref-|</div>)', out, re.S)
    texts = []
    for e in entries:
        e = re.sub(r"<[^>]+>", "", e)
        texts.append(norm(html.unescape(e)))
    return texts


def _expand_range(m):
    p, a, b = m.group(1), m.group(2), m.group(3)
    if len(b) < len(a):
        b = a[: len(a) - len(b)] + b
    return f"{p}{a}–{p}{b}"


def _names_cut(s):
    return re.sub(r"^.*?(\(?\b(1[89]|20)\d\d[a-z]?\b)", r"\1", s, count=1)


NORMALISERS = [
    ("page-range", lambda s, _: re.sub(r"\b([A-Z]?)(\d+)–(?:\1)?(\d+)\b", _expand_range, s)),
    ("letter", lambda s, _: re.sub(r"\b((1[89]|20)\d\d)[a-z]\b", r"\1", s)),
    ("quotes", lambda s, _: re.sub("[‘’']", "'", re.sub("[“”\"]", '"', s)).replace("'", '"')),
    ("case", lambda s, _: s.lower()),
    ("others", lambda s, p: _names_cut(s) if "others" in p else s),
    ("names", lambda s, p: s if "others" in p else _names_cut(s)),
]


def classify(a, b):
    """The names of the normalisations that make `a` (ours) and `b` (pandoc's) equal."""
    def equal(names):
        x, y = a, b
        for n, f in NORMALISERS:
            if n in names:
                x, y = f(x, b), f(y, b)
        return x == y
    every = [n for n, _ in NORMALISERS]
    if not b or not equal(every):
        return "other"
    # The smallest set that does it, the earlier normalisations first among equals.
    subsets = [[n for i, n in enumerate(every) if mask >> i & 1] for mask in range(1 << len(every))]
    subsets.sort(key=lambda c: (len(c), [every.index(n) for n in c]))
    return "+".join(next(c for c in subsets if equal(c))) or "whitespace"


def main(argv):
    global PANDOC
    args = [a for a in argv[1:] if not a.startswith("--")]
    if "--pandoc" in argv:
        PANDOC = argv[argv.index("--pandoc") + 1]
        args.remove(PANDOC)
    show = 0
    if "--show" in argv:
        show = int(argv[argv.index("--show") + 1])
        args = [a for a in args if a != str(show)]
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    bin_ = args[0]
    articles = args[1] if len(args) > 1 else os.path.join(HERE, "../../shared/corpus/articles")
    csl_dir = args[2] if len(args) > 2 else os.path.join(HERE, "../../shared/csl")
    docs = sorted(glob.glob(os.path.join(articles, "*.txt")))
    styles = sorted(glob.glob(os.path.join(csl_dir, "*.csl")))
    if not docs or not styles:
        print(f"no articles in {articles} or no styles in {csl_dir}", file=sys.stderr)
        return 2
    report = {}
    for style in styles:
        name = os.path.basename(style)[:-4]
        agree = total = 0
        diffs = []
        per_doc = {}
        for doc in docs:
            a = ours(bin_, doc, style)
            b = pandoc(csl_json(bin_, doc), style)
            common = sum((Counter(a) & Counter(b)).values())
            n = max(len(a), len(b))
            agree += common
            total += n
            per_doc[os.path.basename(doc)] = [common, n]
            only_b = list((Counter(b) - Counter(a)).elements())
            for e in (Counter(a) - Counter(b)).elements():
                close = difflib.get_close_matches(e, only_b, n=1, cutoff=0.0)
                diffs.append((e, close[0] if close else ""))
        classes = Counter(classify(x, y) for x, y in diffs)
        report[name] = {
            "agree": agree,
            "entries": total,
            "share": agree / total if total else 0.0,
            "documents": per_doc,
            "classes": dict(classes),
        }
        if "--json" not in argv:
            print(f"{name:32} {agree:4}/{total:<4} {100.0 * agree / max(total, 1):5.1f}%")
            if "--classes" in argv:
                for c, n in classes.most_common():
                    print(f"  {c:30} {n:4}")
            for x, y in diffs[:show]:
                print(f"  ours:   {x}\n  pandoc: {y}\n")
    if "--json" in argv:
        print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
