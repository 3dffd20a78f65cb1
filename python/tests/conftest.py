"""Shared fixtures: the repository, ../shared, and the `citegraph` command to compare with.

Tests that need ../shared skip with a notice when it is absent; CITEGRAPH_REQUIRE_SHARED=1
(set by CI) turns the skip into a failure. The command is CITEGRAPH_BIN, or the binary
`cargo build` / `cargo test` left in target/ (release preferred).
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("CITEGRAPH_SHARED", REPO.parent / "shared"))
SEED = SHARED / "corpus" / "seed" / "000_4510d2f033457e83.txt"
ARTICLES = SHARED / "corpus" / "articles"


def need_shared(path: Path) -> Path:
    """`path` under ../shared, or a visible skip (a failure under CITEGRAPH_REQUIRE_SHARED=1)."""
    if path.exists():
        return path
    message = f"{path} is absent (../shared not present)"
    if os.environ.get("CITEGRAPH_REQUIRE_SHARED") == "1":
        pytest.fail(message + " and CITEGRAPH_REQUIRE_SHARED=1")
    pytest.skip(message)


def _find_cli():
    env = os.environ.get("CITEGRAPH_BIN")
    if env:
        return env
    for profile in ("release", "debug"):
        p = REPO / "target" / profile / "citegraph"
        if p.exists():
            return str(p)
    return shutil.which("citegraph")


@pytest.fixture(scope="session")
def cli():
    """Runs the citegraph command in the repository root; returns its standard output."""
    exe = _find_cli()
    if exe is None:
        message = "no citegraph binary: run `cargo build` or set CITEGRAPH_BIN"
        if os.environ.get("CITEGRAPH_REQUIRE_TOOLS") == "1":
            pytest.fail(message)
        pytest.skip(message)

    def run(*args: str, check: bool = True) -> str:
        # Bytes decoded as they are: RIS ends its lines in CRLF, which text mode would change.
        r = subprocess.run([exe, *args], cwd=REPO, capture_output=True)
        if check and r.returncode != 0:
            raise AssertionError(
                f"citegraph {' '.join(args)} exited {r.returncode}: {r.stderr.decode(errors='replace')}"
            )
        return r.stdout.decode("utf-8")

    run.json = lambda *args: json.loads(run(*args))
    return run


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch):
    """Paths in tests are relative to the repository root, as in the command's output."""
    monkeypatch.chdir(REPO)
