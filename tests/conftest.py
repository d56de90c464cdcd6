"""Shared fixtures. Keep the names stable: other test files use them.

- ``isolated_index`` (autouse): ASKMALI_INDEX points at a fresh temporary folder, so no test
  ever reads or writes the repository's ``index/``.
- ``seeds_index``: the seeds indexed once per session into a temporary folder; its path.
- ``engine``: ``askmali.load(seeds_index)``, loaded once per session.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


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
