"""citegraph: find a document's claims and the sources they rest on.

The functions here are the library behind the ``citegraph`` command line, compiled from
Rust: they return the same data the commands print as JSON (``extract --format json``,
``refs --format json``, ``audit --format json``) as plain dictionaries and lists, and the
same text the commands write (``bib``, ``sources``). The interpreter lock is released while
a document is read, so threads run in parallel.

>>> import citegraph
>>> doc = citegraph.extract("Cats purr (Hill, 2013).\\n\\nReferences\\n\\nHill, A. (2013). Purring. Cats, 1, 1-2.\\n")
>>> doc["citations"][0]["reference"]
'r1'
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Union

from . import _citegraph
from ._citegraph import CitegraphError

__all__ = [
    "CitegraphError",
    "audit",
    "bibliography",
    "documents",
    "extract",
    "extract_json",
    "extract_many",
    "parse_references",
    "sources",
    "__version__",
]

__version__: str = _citegraph.__version__

PathLike = Union[str, "os.PathLike[str]"]

#: Bibliography formats written as data formats; any other name is a bundled CSL style.
BIBLIOGRAPHY_FORMATS = ("biblatex", "bibtex", "csl-json", "ris")


#: Extensions of the documents citegraph reads: a one-line string ending in one is a path.
DOCUMENT_EXTENSIONS = (
    ".txt",
    ".text",
    ".md",
    ".markdown",
    ".mdown",
    ".mkd",
    ".tex",
    ".latex",
    ".ltx",
    ".docx",
    ".docm",
    ".pdf",
)


def _is_path(value: Any) -> bool:
    """A path object, or a one-line string naming an existing file or ending in a document
    extension (so a missing file is an error, not a one-line document)."""
    if isinstance(value, os.PathLike):
        return True
    if isinstance(value, bytes) or "\n" in value or "\0" in value:
        return False
    return os.path.isfile(value) or value.strip().lower().endswith(DOCUMENT_EXTENSIONS)


def _bibs(bib: Union[None, PathLike, Sequence[PathLike]]) -> List[str]:
    if bib is None:
        return []
    if isinstance(bib, (str, os.PathLike)):
        return [os.fspath(bib)]
    return [os.fspath(b) for b in bib]


def extract(
    path_or_text: Union[PathLike, str],
    *,
    format: Optional[str] = None,
    bib: Union[None, PathLike, Sequence[PathLike]] = None,
    name: str = "<text>",
) -> Dict[str, Any]:
    """Extract citations, footnotes, sections, claims and references of one document.

    ``path_or_text`` is a path (a path object, or a one-line ``str`` that names an existing
    file or ends in a document extension such as ``.txt``) or the document's text itself.
    ``format`` reads it as ``text``, ``markdown``, ``latex``, ``docx`` or ``pdf`` instead of
    choosing by extension; ``bib`` names BibLaTeX/BibTeX or CSL-JSON databases to resolve
    citations against. ``name`` labels text given directly (its ``path`` field).

    Returns the dictionary ``citegraph extract --format json`` prints (docs/json.md).
    Raises :class:`CitegraphError` (``path``, ``line``, ``kind``) when the input cannot be read.
    """
    return json.loads(extract_json(path_or_text, format=format, bib=bib, name=name))


def extract_json(
    path_or_text: Union[PathLike, str],
    *,
    format: Optional[str] = None,
    bib: Union[None, PathLike, Sequence[PathLike]] = None,
    name: str = "<text>",
) -> str:
    """Like :func:`extract`, but the document's JSON text (compact) instead of a dictionary.

    Cheaper to send between processes than a dictionary (one string to pickle), and
    accepted as it is by :func:`bibliography` and :func:`sources`.
    """
    bibs = _bibs(bib)
    if _is_path(path_or_text):
        return _citegraph.extract_json(os.fspath(path_or_text), None, format, bibs)
    if isinstance(path_or_text, bytes):
        path_or_text = path_or_text.decode("utf-8", "replace")
    return _citegraph.extract_json(name, path_or_text, format, bibs)


def documents(paths: Union[PathLike, Sequence[PathLike]]) -> List[str]:
    """The documents that files and folders stand for, as every command walks them.

    Folders are walked recursively (``.gitignore`` respected, only extensions citegraph
    reads), sorted by path; files are kept as given.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return _citegraph.expand_paths([os.fspath(p) for p in paths])


def extract_many(
    paths: Iterable[PathLike],
    threads: Optional[int] = None,
    *,
    format: Optional[str] = None,
    bib: Union[None, PathLike, Sequence[PathLike]] = None,
    batch: Optional[int] = None,
) -> Iterator[Dict[str, Any]]:
    """Extract many files in parallel; yield their documents in input order.

    Folders among ``paths`` are walked as by :func:`documents`. ``threads`` worker threads
    (default: one per core) read a batch of files at a time (default: four per thread), so
    memory holds one batch whatever the corpus size. A file that cannot be read raises
    :class:`CitegraphError` when its turn comes.
    """
    files = documents(list(paths))
    bibs = _bibs(bib)
    threads = threads or 0
    size = batch or max(threads or (os.cpu_count() or 1), 1) * 4
    for start in range(0, len(files), size):
        for result in _citegraph.extract_batch(files[start : start + size], threads, format, bibs):
            if isinstance(result, BaseException):
                raise result
            yield json.loads(result)


def parse_references(references: Sequence[str]) -> List[Dict[str, Any]]:
    """Parse reference strings (one reference each) into structured fields.

    Returns one dictionary per string, in order, as ``citegraph refs --format json`` does
    (authors, year, title, container, volume, issue, pages, DOI, ... and a unique ``key``).
    A blank string raises :class:`CitegraphError` with its 1-based ``line``.
    """
    if isinstance(references, str):
        raise TypeError("parse_references takes a list of strings, not one string")
    return json.loads(_citegraph.parse_references_json(list(references)))


def audit(
    paths_or_text: Union[PathLike, str, Sequence[PathLike]],
    *,
    format: Optional[str] = None,
    bib: Union[None, PathLike, Sequence[PathLike]] = None,
    name: str = "<text>",
) -> Dict[str, Any]:
    """Audit documents: unsupported claims and broken citations, as data.

    Takes a path, a list of paths and folders, or one document's text. Returns the report
    ``citegraph audit --format json`` writes: ``summary`` totals and a ``documents`` list,
    each document with its extraction plus ``summary``, ``problems`` and ``sources``.
    """
    bibs = _bibs(bib)
    if isinstance(paths_or_text, (list, tuple)):
        return json.loads(_citegraph.audit_json([os.fspath(p) for p in paths_or_text], None, format, bibs))
    if _is_path(paths_or_text) or (isinstance(paths_or_text, str) and os.path.isdir(paths_or_text)):
        return json.loads(_citegraph.audit_json([os.fspath(paths_or_text)], None, format, bibs))
    return json.loads(_citegraph.audit_json([name], paths_or_text, format, bibs))


Docs = Union[Dict[str, Any], str, Iterable[Union[Dict[str, Any], str]]]


def _docs_json(docs: Docs) -> str:
    """One JSON array of documents given as dictionaries or as JSON text (`extract_json`)."""
    if isinstance(docs, (dict, str)):
        docs = [docs]
    return "[" + ",".join(d if isinstance(d, str) else json.dumps(d, ensure_ascii=False) for d in docs) + "]"


def bibliography(
    docs: Docs,
    format: str = "biblatex",
    *,
    style_format: str = "text",
    unicode: bool = False,
) -> str:
    """The bibliography of every work the documents cite, as ``citegraph bib`` writes it.

    ``docs`` are documents as :func:`extract` (dictionaries) or :func:`extract_json` (JSON
    text) returns them, one or a list; several are merged as the command merges files.
    ``format`` is ``biblatex``, ``bibtex``, ``csl-json`` or ``ris``, or the name of a
    bundled CSL style (``apa``, ``mla``, ``ieee``, ...), then formatted as ``style_format``
    (``text``, ``markdown``, ``html``).
    ``unicode`` keeps non-ASCII characters as UTF-8 in BibLaTeX/BibTeX.
    """
    return _citegraph.bibliography_text(_docs_json(docs), format, style_format, unicode)


def sources(
    docs: Docs,
    format: str = "csv",
    *,
    sort: str = "dependence",
) -> str:
    """The table of sources the documents rest on, as ``citegraph sources`` writes it.

    ``docs`` are as for :func:`bibliography`. ``format`` is ``csv``, ``json``, ``markdown``
    or ``text``; ``sort`` is ``dependence``,
    ``citations``, ``key`` or ``first``. Documents are merged in the order given, as the
    command merges its files.
    """
    return _citegraph.sources_text(_docs_json(docs), format, sort)
