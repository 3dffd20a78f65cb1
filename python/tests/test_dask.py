"""examples/corpus_on_dask.py on a local Dask cluster of two worker processes, over a corpus
of at least 200 documents: data/ plus the text documents of ../shared/corpus, copied into
one folder. The merged table must equal `citegraph sources FOLDER --format csv`."""

import csv
import importlib.util
import io
import shutil
import sys

import pytest

from conftest import REPO, SHARED, need_shared

dask_distributed = pytest.importorskip("dask.distributed")


def load_example():
    spec = importlib.util.spec_from_file_location("corpus_on_dask", REPO / "examples" / "corpus_on_dask.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def build_corpus(folder):
    """data/ and every text document of ../shared/corpus, one subfolder per origin (copies:
    the folder walk does not follow links)."""
    target = folder / "data"
    target.mkdir(parents=True)
    for p in sorted((REPO / "data").glob("*.txt")):
        shutil.copy(p, target / p.name)
    corpus = need_shared(SHARED / "corpus")
    for sub in sorted(d for d in corpus.iterdir() if d.is_dir()):
        texts = sorted(sub.glob("*.txt"))
        if texts:
            (folder / sub.name).mkdir()
            for p in texts:
                shutil.copy(p, folder / sub.name / p.name)
    return folder


def test_corpus_on_local_cluster_equals_cli_sources(cli, tmp_path):
    folder = build_corpus(tmp_path / "corpus")
    example = load_example()
    import citegraph

    paths = citegraph.documents(str(folder))
    assert len(paths) >= 200, f"only {len(paths)} documents"
    cluster = dask_distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    try:
        with dask_distributed.Client(cluster) as client:
            result = example.run(str(folder), client)
    finally:
        cluster.close()
    stats = result["stats"]
    assert stats["workers"] == 2 and stats["documents"] == len(paths)
    print("\ncorpus_on_dask:", stats)

    expected = cli("sources", str(folder), "--format", "csv")
    assert result["sources_csv"] == expected

    # The summary agrees with the table: one row per source, same keys, claims and resolution.
    table = list(csv.DictReader(io.StringIO(expected)))
    summary = result["summary"]
    assert [r["key"] for r in summary] == [r["key"] for r in table]
    assert [r["claims"] for r in summary] == [int(r["claims"]) for r in table]
    assert [r["resolved"] for r in summary] == [r["resolved"] for r in table]
    assert all(r["documents"] >= 1 for r in summary)
    assert any(r["documents"] > 1 for r in summary), "some source is cited across documents"

    # One merged bibliography, the same as `citegraph bib FOLDER`.
    assert result["bibliography"] == cli("bib", str(folder))
