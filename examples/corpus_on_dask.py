#!/usr/bin/env python3
"""Run citegraph over a folder of documents on a Dask cluster, and reduce the results.

Map: the documents of FOLDER (walked as `citegraph sources FOLDER` walks it) are split into
chunks; each chunk is a task that runs `citegraph.extract_json` (extract, as JSON text) on a
worker process. Reduce: the documents come back in path order and are merged into

  * sources.csv      one table of the sources across the corpus, exactly the CSV of
                     `citegraph sources FOLDER --format csv` (key, label, resolved,
                     citations, claims, ..., claim ids as `path#id`);
  * sources_summary.csv  key, citing documents, citing claims, resolved;
  * bibliography.bib one merged bibliography (`citegraph bib FOLDER`), or --bib-format.

Usage:
  python examples/corpus_on_dask.py FOLDER [--workers 2] [--out DIR]
  python examples/corpus_on_dask.py FOLDER --scheduler tcp://host:8786   # an existing cluster

Without --scheduler it starts a LocalCluster of --workers processes with one thread each.
It prints one JSON line of timings: documents, seconds, documents per second, the bytes the
reduce gathered, and each worker's peak memory.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import resource
import sys
import time
from typing import Any, Dict, List, Tuple

import citegraph


def extract_chunk(paths: List[str]) -> List[str]:
    """Runs on a worker: extracts each path; returns the documents' JSON text (one string
    each: far cheaper to ship to the reducer than dictionaries)."""
    return [citegraph.extract_json(p) for p in paths]


def worker_usage() -> Tuple[int, float]:
    """Runs on a worker: its peak resident memory in bytes (Linux reports KiB) and the CPU
    seconds it has used."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_maxrss * 1024, r.ru_utime + r.ru_stime


def summary_rows(table_json: str) -> List[Dict[str, Any]]:
    """Key, citing documents, citing claims and resolved for every row of the sources table.

    Citing documents are the documents of the claims that cite the source and of its first
    and last citation (claim ids are `path#id` when the table covers several documents).
    """
    out = []
    for row in json.loads(table_json):
        docs = {c.rsplit("#", 1)[0] for c in row["claims"] if "#" in c}
        for loc in (row.get("first"), row.get("last")):
            if loc:
                docs.add(loc["document"])
        out.append(
            {
                "key": row["key"],
                "documents": len(docs),
                "claims": len(row["claims"]),
                "resolved": str(row["resolved"]).lower(),
            }
        )
    return out


def run(folder: str, client, chunk: int = 8, bib_format: str = "biblatex") -> Dict[str, Any]:
    """Maps extraction over the folder's documents on `client`'s workers, then reduces.

    Returns the merged outputs (`sources_csv`, `summary`, `bibliography`) and the timings.
    """
    if __name__ != "__main__":
        # Imported (by a test, a notebook) as a module the workers cannot import: send them
        # this file, so the tasks' functions resolve there.
        client.upload_file(__file__)
    paths = citegraph.documents(folder)
    chunks = [paths[i : i + chunk] for i in range(0, len(paths), chunk)]
    start = time.perf_counter()
    cpu_before = client.run(worker_usage)
    futures = client.map(extract_chunk, chunks, pure=False)
    results = client.gather(futures)
    mapped = time.perf_counter()
    docs = [d for part in results for d in part]
    shuffle_bytes = sum(len(d.encode()) for d in docs)
    table_csv = citegraph.sources(docs, "csv")
    table_json = citegraph.sources(docs, "json")
    summary = summary_rows(table_json)
    bib = citegraph.bibliography(docs, bib_format)
    done = time.perf_counter()
    usage = client.run(worker_usage)
    # What a keyed reduce would shuffle instead of whole documents: one `key,claim,resolved`
    # row per claim citing a source.
    keyed = sum(len(f"{r['key']},{c},{r['resolved']}\n".encode()) for r in json.loads(table_json) for c in r["claims"])
    return {
        "sources_csv": table_csv,
        "summary": summary,
        "bibliography": bib,
        "stats": {
            "documents": len(docs),
            "workers": len(usage),
            "map_seconds": round(mapped - start, 3),
            "reduce_seconds": round(done - mapped, 3),
            "seconds": round(done - start, 3),
            "documents_per_second": round(len(docs) / (done - start), 2) if done > start else None,
            "shuffle_bytes": shuffle_bytes,
            "keyed_rows_bytes": keyed,
            "worker_cpu_seconds": round(sum(usage[w][1] - cpu_before[w][1] for w in usage), 3),
            "worker_peak_rss_mib": sorted(round(v[0] / 2**20, 1) for v in usage.values()),
        },
    }


def main(argv: List[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder")
    ap.add_argument("--workers", type=int, default=2, help="worker processes of the local cluster")
    ap.add_argument("--scheduler", help="address of a running Dask scheduler instead of a local cluster")
    ap.add_argument("--chunk", type=int, default=8, help="documents per task")
    ap.add_argument("--bib-format", default="biblatex", help="biblatex, bibtex, csl-json, ris or a style name")
    ap.add_argument("--out", default=".", help="folder for sources.csv, sources_summary.csv, bibliography.*")
    a = ap.parse_args(argv)

    from dask.distributed import Client, LocalCluster

    if a.scheduler:
        client, cluster = Client(a.scheduler), None
    else:
        cluster = LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        result = run(a.folder, client, a.chunk, a.bib_format)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "sources.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(result["sources_csv"])
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=["key", "documents", "claims", "resolved"], lineterminator="\n")
    w.writeheader()
    w.writerows(result["summary"])
    with open(os.path.join(a.out, "sources_summary.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())
    ext = {"biblatex": "bib", "bibtex": "bib", "csl-json": "json", "ris": "ris"}.get(a.bib_format, "txt")
    with open(os.path.join(a.out, f"bibliography.{ext}"), "w", encoding="utf-8") as f:
        f.write(result["bibliography"])
    print(json.dumps(result["stats"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
