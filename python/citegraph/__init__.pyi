"""Type stubs of citegraph: documents, reports and references are JSON-shaped dictionaries
(docs/json.md describes every field)."""

import os
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Union

PathLike = Union[str, os.PathLike[str]]
Bibs = Union[None, PathLike, Sequence[PathLike]]
Document = Dict[str, Any]
Docs = Union[Document, str, Iterable[Union[Document, str]]]

__version__: str
BIBLIOGRAPHY_FORMATS: tuple[str, ...]

class CitegraphError(Exception):
    """An input citegraph could not read."""

    path: Optional[str]
    """The file concerned; None for text given directly."""
    line: Optional[int]
    """1-based line, when the problem has one."""
    kind: str
    """io, binary, unsupported-format, usage or too-large."""

def extract(
    path_or_text: Union[PathLike, str], *, format: Optional[str] = None, bib: Bibs = None, name: str = "<text>"
) -> Document:
    """Extract one document: the dictionary of `citegraph extract --format json`."""

def extract_json(
    path_or_text: Union[PathLike, str], *, format: Optional[str] = None, bib: Bibs = None, name: str = "<text>"
) -> str:
    """Extract one document: its JSON text (compact), cheap to send between processes."""

def documents(paths: Union[PathLike, Sequence[PathLike]]) -> List[str]:
    """The documents files and folders stand for, as every command walks them."""

def extract_many(
    paths: Iterable[PathLike],
    threads: Optional[int] = None,
    *,
    format: Optional[str] = None,
    bib: Bibs = None,
    batch: Optional[int] = None,
) -> Iterator[Document]:
    """Extract many files in parallel, yielding documents in input order."""

def parse_references(references: Sequence[str]) -> List[Dict[str, Any]]:
    """Parse reference strings into structured fields (`citegraph refs --format json`)."""

def audit(
    paths_or_text: Union[PathLike, str, Sequence[PathLike]],
    *,
    format: Optional[str] = None,
    bib: Bibs = None,
    name: str = "<text>",
) -> Dict[str, Any]:
    """The audit report as data (`citegraph audit --format json`)."""

def bibliography(docs: Docs, format: str = "biblatex", *, style_format: str = "text", unicode: bool = False) -> str:
    """The bibliography of the cited works (`citegraph bib`): biblatex, bibtex, csl-json, ris or a style name."""

def sources(docs: Docs, format: str = "csv", *, sort: str = "dependence") -> str:
    """The sources table (`citegraph sources`): csv, json, markdown or text."""
