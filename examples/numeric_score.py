#!/usr/bin/env python3
"""Score citegraph's numeric citations on the numeric documents of ../shared/corpus/train.

usage: numeric_score.py BIN TRAIN_DIR [dev|held|all] [--verbose] [--docs N]

The numeric documents (gold `citation_style == "numeric"`) are sorted by name; every 4th
(index % 4 == 3) is held out, the rest is the dev part used while working.

The two gold shapes count callouts differently (JATS: one per <xref>, so `[3]–[5]` is two;
GROBID: one per written element, so `5-11` is one), so this scorer counts *cited numbers*:
each gold callout group contributes one item per number it cites (ranges expanded, the
`numbers` of the group), and each numeric citation found (`form == "numeric"`, one per
number) matches an item when its span overlaps the group (its brackets included) and its
number is the item's. Matching is one-to-one.

Linking: a matched item is linked when the citation's reference starts on the line of the
gold entry with that label (JATS `references[].label`; GROBID `reference_entries[].label`).
It is reported over the items whose gold entry is known.
"""
import bisect, json, os, re, subprocess, sys


def byte_map(raw):
    text = raw.decode("utf-8", errors="replace")
    cp2b, b = [], 0
    for ch in text:
        cp2b.append(b)
        b += len(ch.encode("utf-8"))
    cp2b.append(b)
    return cp2b


def label_num(s):
    m = re.match(r"\s*[\[(]?\s*(\d{1,4})", str(s or ""))
    return int(m.group(1)) if m else None


def score_doc(bin_, txt, gold):
    raw = open(txt, "rb").read()
    cp2b = byte_map(raw)
    line_starts = [0] + [m.end() for m in re.finditer(b"\n", raw)]
    line_of = lambda off: bisect.bisect_right(line_starts, off)
    out = json.loads(subprocess.run([bin_, "extract", txt, "--format", "json"], capture_output=True, check=True).stdout)
    # gold label -> line of its entry
    ref_line = {}
    for r in gold.get("references", []):
        n = label_num(r.get("label"))
        if n is not None and r.get("text_span"):
            ref_line.setdefault(n, line_of(cp2b[r["text_span"]["char_start"]]))
    for r in gold.get("reference_entries", []) or []:
        n = label_num(r.get("label"))
        if n is not None and r.get("line") is not None:
            ref_line.setdefault(n, r["line"])
    items = []  # (b0, b1, number)
    for g in gold["citation_groups"]:
        if g.get("style") != "numeric":
            continue
        s, e = g.get("paren_start", g["char_start"]), g.get("paren_end", g["char_end"])
        for n in g.get("numbers") or []:
            items.append((cp2b[s], cp2b[e], n))
    found = [c for c in out["citations"] if c.get("form") == "numeric"]
    oline = {r["id"]: r["line"] for r in out["references"]}
    used = [False] * len(found)
    hits = linked = linkable = 0
    missed = []
    # found sorted by span start for a linear-ish scan
    order = sorted(range(len(found)), key=lambda i: found[i]["span"][0])
    starts = [found[i]["span"][0] for i in order]
    for b0, b1, n in items:
        if n in ref_line:
            linkable += 1
        k = bisect.bisect_left(starts, b0 - 200)
        match = None
        while k < len(order) and starts[k] < b1:
            i = order[k]
            c = found[i]
            if not used[i] and c["numbers"] and c["numbers"][0] == n and c["span"][0] < b1 and b0 < c["span"][1]:
                match = i
                break
            k += 1
        if match is None:
            missed.append((b0, n))
            continue
        used[match] = True
        hits += 1
        if n in ref_line and oline.get(found[match].get("reference")) == ref_line[n]:
            linked += 1
    spurious = [found[i] for i in range(len(found)) if not used[i]]
    return dict(gold=len(items), found=len(found), hits=hits, linked=linked, linkable=linkable,
                missed=missed, spurious=spurious, raw=raw, ay=sum(1 for c in out["citations"] if c.get("form") != "numeric"))


def prf(h, g, f):
    p = h / f if f else (1.0 if g == 0 else 0.0)
    r = h / g if g else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def report(bin_, train, docs, part, verbose, score_doc, what, show):
    """Scores the documents of `part` with `score_doc`, prints a line per document (worst
    first, with `show(r)` for those below 0.95 when `verbose`) and the totals."""
    pick = [x for i, x in enumerate(docs) if part == "all" or (i % 4 == 3) == (part == "held")]
    tot = dict(gold=0, found=0, hits=0, linked=0, linkable=0)
    rows = []
    for n, g in pick:
        r = score_doc(bin_, os.path.join(train, n + ".txt"), g)
        for k in tot:
            tot[k] += r[k]
        rows.append((prf(r["hits"], r["gold"], r["found"])[2], n, r))
    for f, n, r in sorted(rows, key=lambda x: x[0]):
        p, rc, _ = prf(r["hits"], r["gold"], r["found"])
        lk = r["linked"] / r["linkable"] if r["linkable"] else float("nan")
        print(f"{n:60s} gold {r['gold']:4d} found {r['found']:4d} P {p:.3f} R {rc:.3f} F1 {f:.3f} link {lk:.3f}"
              + (f" ay {r['ay']}" if "ay" in r else ""))
        if verbose and f < 0.95:
            show(r)
    p, rc, f = prf(tot["hits"], tot["gold"], tot["found"])
    print(f"part {part}: {len(pick)} documents; {what}: gold {tot['gold']} found {tot['found']} matched {tot['hits']}"
          f"  P {p:.3f} R {rc:.3f} F1 {f:.3f}")
    print(f"linking: {tot['linked']}/{tot['linkable']} = {tot['linked'] / max(1, tot['linkable']):.3f}"
          f" (matched and linked to the gold entry, over items whose gold entry is known)")


def documents(train, keep):
    """(name, gold) of the documents of `train` whose gold passes `keep`, sorted by name."""
    names = sorted(f[:-10] for f in os.listdir(train) if f.endswith(".gold.json"))
    docs = []
    for n in names:
        g = json.load(open(os.path.join(train, n + ".gold.json")))
        if keep(g):
            docs.append((n, g))
    return docs


def cli(what, keep, score_doc, show):
    """Reads `BIN TRAIN_DIR [dev|held|all] [--verbose]` and reports on the documents `keep` selects."""
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    bin_, train = args[0], args[1]
    part = args[2] if len(args) > 2 else "dev"
    report(bin_, train, documents(train, keep), part, "--verbose" in sys.argv, score_doc, what, show)


def main():
    def show(r):
        for b0, num in r["missed"][:6]:
            print("    missed", num, repr(r["raw"][max(0, b0 - 40):b0 + 20].decode("utf-8", "replace")))
        for c in r["spurious"][:6]:
            s = c["span"][0]
            print("    spurious", c["numbers"], repr(r["raw"][max(0, s - 40):s + 20].decode("utf-8", "replace")))

    cli("cited numbers", lambda g: g.get("citation_style") == "numeric", score_doc, show)


if __name__ == "__main__":
    main()
