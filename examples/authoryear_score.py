#!/usr/bin/env python3
"""Score citegraph's author-year citations on ../shared/corpus/train (a development check).

usage: authoryear_score.py BIN TRAIN_DIR [dev|held|all] [--verbose]

Every gold citation of style `author-year` is one item (`Smith and Lee, 2001; Roe, 1999` is
two). A citation citegraph finds (any form but `numeric`) matches an item when their spans
overlap; matching is one-to-one. Linking: a matched item is linked when the citation's
reference starts on the line of the gold entry (`references[].text_span`) the item cites.
Documents with at least one author-year callout take part, sorted by name; every 4th
(index % 4 == 3) is held out, as in numeric_score.py.
"""
import bisect, json, os, re, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from numeric_score import byte_map, cli  # noqa: E402


def score_doc(bin_, txt, gold):
    raw = open(txt, "rb").read()
    cp2b = byte_map(raw)
    line_starts = [0] + [m.end() for m in re.finditer(b"\n", raw)]
    line_of = lambda off: bisect.bisect_right(line_starts, off)
    out = json.loads(subprocess.run([bin_, "extract", txt, "--format", "json"], capture_output=True, check=True).stdout)
    ref_line = {r["id"]: line_of(cp2b[r["text_span"]["char_start"]]) for r in gold.get("references", []) if r.get("text_span")}
    items = [(cp2b[c["char_start"]], cp2b[c["char_end"]], c.get("ref_ids") or []) for c in gold["citations"] if c.get("style") == "author-year"]
    found = [c for c in out["citations"] if c.get("form") != "numeric"]
    oline = {r["id"]: r["line"] for r in out["references"]}
    order = sorted(range(len(found)), key=lambda i: found[i]["span"][0])
    starts = [found[i]["span"][0] for i in order]
    used = [False] * len(found)
    hits = linked = linkable = 0
    missed = []
    for b0, b1, ids in items:
        lines = {ref_line[i] for i in ids if i in ref_line}
        if lines:
            linkable += 1
        k = bisect.bisect_left(starts, b0 - 300)
        match = None
        while k < len(order) and starts[k] < b1:
            i = order[k]
            c = found[i]
            if not used[i] and c["span"][0] < b1 and b0 < c["span"][1]:
                match = i
                break
            k += 1
        if match is None:
            missed.append(b0)
            continue
        used[match] = True
        hits += 1
        if lines and oline.get(found[match].get("reference")) in lines:
            linked += 1
    spurious = [found[i] for i in range(len(found)) if not used[i]]
    return dict(gold=len(items), found=len(found), hits=hits, linked=linked, linkable=linkable, missed=missed, spurious=spurious, raw=raw)


def main():
    def show(r):
        for b0 in r["missed"][:5]:
            print("    missed  ", repr(r["raw"][max(0, b0 - 50):b0 + 40].decode("utf-8", "replace")))
        for c in r["spurious"][:5]:
            s = c["span"][0]
            print("    spurious", repr(r["raw"][max(0, s - 30):c["span"][1] + 10].decode("utf-8", "replace")))

    cli("author-year citations", lambda g: any(c.get("style") == "author-year" for c in g["citations"]), score_doc, show)


if __name__ == "__main__":
    main()
