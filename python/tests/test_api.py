"""The Python API against the command line: same data, same text, errors with places."""

import os
import threading
import time

import pytest

import citegraph
from conftest import ARTICLES, SEED, need_shared

EXAMPLE = "data/example.txt"


def rel(path):
    """A path relative to the repository root when possible, as the command is given it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def test_seed_figures():
    seed = need_shared(SEED)
    doc = citegraph.extract(rel(seed))
    assert len(doc["citations"]) == 107
    assert len(doc["footnotes"]) == 14


def test_extract_equals_cli_json_seed_and_articles(cli):
    need_shared(SEED)
    need_shared(ARTICLES)
    articles = sorted(ARTICLES.glob("*.txt"))
    assert len(articles) == 6
    for p in [SEED, *articles]:
        path = rel(p)
        assert citegraph.extract(path) == cli.json("extract", path, "--format", "json"), path


def test_extract_many_equals_extract():
    need_shared(ARTICLES)
    paths = sorted(rel(p) for p in ARTICLES.glob("*.txt"))
    many = list(citegraph.extract_many(paths, threads=2))
    assert [d["path"] for d in many] == paths
    assert many == [citegraph.extract(p) for p in paths]


def test_extract_text_and_path_agree():
    with open(EXAMPLE, encoding="utf-8") as f:
        text = f.read()
    from_text = citegraph.extract(text, name=EXAMPLE)
    from_path = citegraph.extract(EXAMPLE)
    assert from_text == from_path
    assert from_path["citations"], "the example cites"


def test_threads_run_together():
    # The GIL is released while a document is read: four threads finish and agree.
    need_shared(ARTICLES)
    paths = sorted(rel(p) for p in ARTICLES.glob("*.txt"))[:4]
    out = {}

    def work(p):
        out[p] = citegraph.extract(p)

    threads = [threading.Thread(target=work, args=(p,)) for p in paths]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(out[p] == citegraph.extract(p) for p in paths)


def test_gil_released_during_extraction():
    # A pure-Python thread keeps running while another thread is inside the library: with
    # the GIL held it would advance only in the few milliseconds around the call.
    seed = need_shared(SEED)
    text = seed.read_text(encoding="utf-8") * 40
    stop = threading.Event()
    count = [0]

    def spin():
        while not stop.is_set():
            count[0] += 1

    spinner = threading.Thread(target=spin)
    spinner.start()
    try:
        time.sleep(0.1)
        start_count, start = count[0], time.perf_counter()
        time.sleep(0.1)
        rate = (count[0] - start_count) / (time.perf_counter() - start)
        took = []
        worker = threading.Thread(target=lambda: took.append(_timed_extract(text)))
        before = count[0]
        worker.start()
        worker.join()
        during = count[0] - before
    finally:
        stop.set()
        spinner.join()
    assert took and took[0] > 0.02, "the call is long enough to tell"
    assert during > 0.2 * rate * took[0], (during, rate, took)


def _timed_extract(text):
    start = time.perf_counter()
    citegraph.extract_json(text)
    return time.perf_counter() - start


def test_parse_references_equals_cli_refs(cli, tmp_path):
    doc = citegraph.extract(EXAMPLE)
    strings = [r["raw"] for r in doc["references"]]
    assert strings
    lines = tmp_path / "refs.txt"
    lines.write_text("\n".join(strings) + "\n", encoding="utf-8")
    assert citegraph.parse_references(strings) == cli.json("refs", str(lines), "--format", "json")


def test_references_round_trip():
    # A document's references, written out as strings and parsed back, keep their fields.
    doc = citegraph.extract(EXAMPLE)
    parsed = citegraph.parse_references([r["raw"] for r in doc["references"]])
    fields = ("authors", "year", "title", "container", "volume", "issue", "pages", "doi", "key")
    assert [{k: r[k] for k in fields} for r in parsed] == [{k: r[k] for k in fields} for r in doc["references"]]


@pytest.mark.parametrize("fmt", ["biblatex", "bibtex", "csl-json", "ris"])
def test_bibliography_equals_cli_bib(cli, fmt):
    seed = need_shared(SEED)
    doc = citegraph.extract(rel(seed))
    assert citegraph.bibliography([doc], fmt) == cli("bib", rel(seed), "--format", fmt)


def test_bibliography_style():
    doc = citegraph.extract(EXAMPLE)
    apa = citegraph.bibliography(doc, "apa")
    assert apa.strip()
    with pytest.raises(citegraph.CitegraphError) as e:
        citegraph.bibliography(doc, "no-such-style")
    assert e.value.kind == "usage"


def test_sources_equals_cli(cli):
    seed = need_shared(SEED)
    docs = [citegraph.extract(EXAMPLE), citegraph.extract(rel(seed))]
    assert citegraph.sources(docs, "csv") == cli("sources", EXAMPLE, rel(seed), "--format", "csv")


def test_audit_equals_cli_json(cli):
    report = citegraph.audit(EXAMPLE)
    assert report == cli.json("audit", EXAMPLE, "--format", "json")
    assert report["documents"][0]["path"] == EXAMPLE
    assert "summary" in report


def test_missing_file_raises_with_path():
    with pytest.raises(citegraph.CitegraphError) as e:
        citegraph.extract("no/such/file.txt")
    assert e.value.path == "no/such/file.txt"
    assert e.value.kind == "io"
    assert "no/such/file.txt" in str(e.value)


def test_binary_file_raises(tmp_path):
    p = tmp_path / "binary.txt"
    p.write_bytes(b"\x00\x01\x02binary\x00" * 100)
    with pytest.raises(citegraph.CitegraphError) as e:
        citegraph.extract(str(p))
    assert e.value.path == str(p)
    assert e.value.kind == "binary"


def test_extract_many_raises_on_its_file(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Cats purr (Hill, 2013).\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00" * 10)
    it = citegraph.extract_many([str(good), str(bad)])
    assert next(it)["path"] == str(good)
    with pytest.raises(citegraph.CitegraphError) as e:
        next(it)
    assert e.value.path == str(bad)


def test_missing_bib_raises_with_path():
    with pytest.raises(citegraph.CitegraphError) as e:
        citegraph.extract(EXAMPLE, bib="no/such/library.bib")
    assert e.value.path == "no/such/library.bib"


def test_blank_reference_raises_with_line():
    with pytest.raises(citegraph.CitegraphError) as e:
        citegraph.parse_references(["Hill, A. (2013). Purring. Cats, 1, 1-2.", "   "])
    assert e.value.line == 2


def test_bad_documents_raise_with_line():
    with pytest.raises(citegraph.CitegraphError) as e:
        citegraph.bibliography([{"path": "x.txt", "citations": "not a list"}])
    assert e.value.line == 1
    assert e.value.kind == "usage"


def test_unknown_input_format():
    with pytest.raises(citegraph.CitegraphError) as e:
        citegraph.extract(EXAMPLE, format="odt")
    assert e.value.kind == "usage"
