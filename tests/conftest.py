"""Shared fixtures. Keep the names stable: other test files use them.

- ``repo``: the repository root, so no test depends on the folder pytest runs from.
- ``shared(*parts)``: a path under ../shared/datasets, or the test is skipped naming the missing
  path; with the environment variable CI set (CI has ../shared) a missing path fails instead.
- ``shared_documents(*parts)``: the same under ../shared/documents (real PDF, EPUB, HTML).
- ``engine_over(tmp_path_factory, name, files)``: an engine over copies of ``files`` (a module's
  own small corpus), indexed into temporary folders named after ``name``.

- ``isolated_index`` (autouse): ASKMALI_INDEX points at a fresh temporary folder, so no test
  ever reads or writes the repository's ``index/``.
- ``seeds_index``: the seeds indexed once per session into a temporary folder; its path.
- ``engine``: ``askmali.load(seeds_index)``, loaded once per session.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The shared datasets sit beside the repository (CI clones main with shared/ next to it).
SHARED_DATASETS = ROOT.parent / "shared" / "datasets"
SHARED_DOCUMENTS = ROOT.parent / "shared" / "documents"
SEEDS = ROOT / "seeds"


def shared(*parts: str) -> Path:
    """``../shared/datasets/<parts>``; skip the test (fail it under CI) when it is missing."""
    return _present(SHARED_DATASETS.joinpath(*parts))


def shared_documents(*parts: str) -> Path:
    """``../shared/documents/<parts>``; skip the test (fail it under CI) when it is missing."""
    return _present(SHARED_DOCUMENTS.joinpath(*parts))


def engine_over(tmp_path_factory, name: str, files):
    """``askmali.load`` of an index built over copies of ``files`` in a folder of their own."""
    import shutil

    import askmali
    from askmali import indexing

    docs = tmp_path_factory.mktemp(name)
    for path in files:
        shutil.copy(path, docs / Path(path).name)
    root = tmp_path_factory.mktemp(f"{name}-index") / "index"
    indexing.build([docs], root)
    return askmali.load(root)


def _present(path: Path) -> Path:
    if not path.exists():
        message = f"{path} is missing (the shared datasets are expected beside the repository)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI is set, and CI has them", pytrace=False)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def repo() -> Path:
    """The repository root."""
    return ROOT


@pytest.fixture(autouse=True)
def isolated_index(tmp_path_factory, monkeypatch) -> Path:
    """Move the default index out of the repository for the duration of a test."""
    path = tmp_path_factory.mktemp("askmali-home") / "index"
    monkeypatch.setenv("ASKMALI_INDEX", str(path))
    return path


@pytest.fixture(scope="session")
def seeds_index(tmp_path_factory) -> Path:
    """The five seed texts, indexed once for the whole session."""
    from askmali import indexing

    root = tmp_path_factory.mktemp("seeds-index") / "index"
    indexing.build([SEEDS], root)
    return root


@pytest.fixture(scope="session")
def engine(seeds_index):
    import askmali

    return askmali.load(seeds_index)


# ------------------------------------------------------------------ hardening helpers
# Used by the test_hardening_*, test_durability and test_properties modules.


@pytest.fixture
def index_copy(seeds_index, tmp_path) -> Path:
    """A private copy of the seeds index, for tests that damage or rebuild it."""
    import shutil

    dest = tmp_path / "index-copy"
    shutil.copytree(seeds_index, dest, symlinks=True)
    return dest


def _tree_hash(root: Path) -> dict[str, str]:
    """Every file under ``root`` (hidden ones too) mapped to the SHA-256 of its content."""
    import hashlib

    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def tree_hash():
    """``tree_hash(folder)``: a snapshot to compare before and after a command."""
    return _tree_hash


def _python_m_askmali(*args: str, input: bytes | None = None, env: dict | None = None, timeout: float = 300):
    """Run ``python -m askmali`` for real (bytes in, text out)."""
    import os
    import subprocess
    import sys

    full_env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1", **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "askmali", *args], input=input or b"", capture_output=True, env=full_env, timeout=timeout
    )
    proc.stdout = proc.stdout.decode("utf-8", "replace")
    proc.stderr = proc.stderr.decode("utf-8", "replace")
    return proc


@pytest.fixture
def python_m():
    """``python_m(*args, input=b"...")``: a real ``python -m askmali`` run (CompletedProcess, text)."""
    return _python_m_askmali


def _diagnostic(stderr: str, kind: str = "error") -> str:
    """The one ``askmali: <kind>:`` line of ``stderr``; fails on a traceback or extra lines."""
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got:\n{stderr}"
    assert lines[0].startswith(f"askmali: {kind}: "), lines[0]
    return lines[0]


@pytest.fixture
def diagnostic():
    """``diagnostic(stderr, kind="error")``: assert stderr is one clean askmali line; return it."""
    return _diagnostic


@pytest.fixture
def cli_main(capsys, monkeypatch):
    """``cli_main(*args, input=b"...")``: ``askmali.cli.main`` in process, with bytes on stdin;
    returns an object with ``returncode``, ``stdout`` and ``stderr`` like a CompletedProcess."""
    import io
    import sys
    from types import SimpleNamespace

    from askmali.cli import main

    def run(*args: str, input: bytes = b""):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(input), encoding="utf-8"))
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return SimpleNamespace(returncode=code, stdout=out, stderr=err)

    return run
