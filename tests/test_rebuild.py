"""Stale indexes are rebuilt once: a process that waited for another's rebuild does not redo it."""

import shutil
from pathlib import Path

from askmali import engine as engine_mod
from askmali import indexing, store

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _stale_copy(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    root = tmp_path / "index"
    indexing.build([corpus], root)
    return corpus, root


def test_still_stale_follows_the_sources(tmp_path):
    corpus, root = _stale_copy(tmp_path)
    assert not engine_mod._still_stale(root, indexing)
    (corpus / "004_5b873d6cbf113ef8.txt").write_text("Le Mali et la Russie signent un accord.\n", encoding="utf-8")
    assert engine_mod._still_stale(root, indexing)
    indexing.build([corpus], root)
    assert not engine_mod._still_stale(root, indexing)


def test_a_build_no_longer_needed_once_the_lock_is_held_does_nothing(tmp_path):
    corpus, root = _stale_copy(tmp_path)
    before = (root / store.CURRENT).read_text()
    assert indexing.build([corpus], root, still_needed=lambda: False) is None
    assert (root / store.CURRENT).read_text() == before


def test_open_index_rebuilds_a_stale_index_and_says_so(tmp_path):
    corpus, root = _stale_copy(tmp_path)
    before = (root / store.CURRENT).read_text()
    (corpus / "004_5b873d6cbf113ef8.txt").write_text("Le Mali et la Russie signent un accord de pêche.\n", encoding="utf-8")
    said = []
    e = engine_mod.open_index(root, on_event=said.append)
    assert (root / store.CURRENT).read_text() != before
    assert any("rebuilding" in m and "004_5b873d6cbf113ef8.txt" in m for m in said)
    assert e.search("accord de pêche", 1)[0].passage.source == "004_5b873d6cbf113ef8.txt"
