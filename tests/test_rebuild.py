"""Stale indexes are rebuilt once: a process that waited for another's rebuild does not redo it."""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import askmali
from askmali import analysis, freshness, indexing, store
from askmali import engine as engine_mod
from askmali.errors import IndexUnwritableError

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def _stale_copy(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    root = tmp_path / "index"
    indexing.build([corpus], root)
    return corpus, root


def test_still_stale_follows_the_sources(tmp_path):
    corpus, root = _stale_copy(tmp_path)
    assert not freshness._still_stale(root, indexing)
    (corpus / "004_5b873d6cbf113ef8.txt").write_text("Le Mali et la Russie signent un accord.\n", encoding="utf-8")
    assert freshness._still_stale(root, indexing)
    indexing.build([corpus], root)
    assert not freshness._still_stale(root, indexing)


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


# ----------------------------------------------------------------------------- when it cannot rebuild

QUESTION = "Quand la Cedeao a-t-elle partiellement levé ses sanctions contre le Mali ?"  # answered, whatever the threshold


def _ask(root: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "askmali", "ask", QUESTION, "--index", str(root), "-f", "json", *extra],
                          capture_output=True, text=True, env=env, timeout=300)


def _make_stale(corpus: Path) -> None:
    with open(corpus / "000_7b68323003ce8296.txt", "a", encoding="utf-8") as fh:
        fh.write("\nUne ligne ajoutée après l'indexation.\n")


def _immutable(*paths: Path, on: bool) -> bool:
    """chattr +i / -i: even root cannot create, open for writing or delete such a file or folder."""
    flag = "+i" if on else "-i"
    return subprocess.run(["chattr", flag, *map(str, paths)], capture_output=True).returncode == 0


def test_a_stale_index_that_cannot_be_written_answers_as_it_is(tmp_path, diagnostic, tree_hash):
    """The index folder and its lock file are immutable (tests run as root, and chattr +i denies
    root too): the rebuild cannot take the lock, so the answer comes from the index as it is,
    with one line saying why it is stale and why it was not updated."""
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not installed: no way to deny writes to root")
    corpus, root = _stale_copy(tmp_path)
    _make_stale(corpus)
    before = tree_hash(root)
    if not _immutable(root / store.LOCK, root, on=True):
        pytest.skip(f"this file system does not support chattr +i ({tmp_path})")
    try:
        proc = _ask(root)
    finally:
        _immutable(root / store.LOCK, root, on=False)
    assert proc.returncode == 0, proc.stderr
    assert diagnostic(proc.stderr, "warning") == (
        f"askmali: warning: the index at {root} is stale (1 file changed) and could not be updated: "
        f"Operation not permitted ({root / store.LOCK}); answering from it as it is"
    )
    assert json.loads(proc.stdout)["answer"] is not None
    assert tree_hash(root) == before


def test_an_unwritable_index_is_a_typed_error_for_askmali_index(tmp_path):
    """A lock path that cannot be opened for writing (a folder sits where the lock file goes)."""
    corpus, root = _stale_copy(tmp_path)
    (root / store.LOCK).unlink()
    (root / store.LOCK).mkdir()
    with pytest.raises(IndexUnwritableError, match=rf"cannot write the index at {root}: Is a directory"):
        indexing.build([corpus], root)
    said = []
    _make_stale(corpus)
    engine = engine_mod.open_index(root, on_event=said.append, warn=said.append)
    assert len(said) == 1 and "could not be updated: Is a directory" in said[0]
    assert engine.ask(QUESTION).answer is not None


def test_while_another_process_rebuilds_an_ask_answers_at_once(tmp_path, diagnostic):
    """Another process holds the write lock (it is rebuilding): the ask does not wait for it."""
    corpus, root = _stale_copy(tmp_path)
    _make_stale(corpus)
    with store.write_lock(root, timeout=0):
        started = time.monotonic()
        proc = _ask(root)
        took = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr
    assert diagnostic(proc.stderr, "warning") == (
        f"askmali: warning: the index at {root} is stale (1 file changed) and another askmali process "
        "is rebuilding it; answering from it as it is"
    )
    assert took < indexing.DEFAULT_WAIT / 10  # it did not sit on the lock


def test_racing_asks_on_a_stale_index_rebuild_it_once(tmp_path):
    corpus, root = _stale_copy(tmp_path)
    _make_stale(corpus)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    argv = [sys.executable, "-m", "askmali", "ask", QUESTION, "--index", str(root), "-f", "json"]
    procs = [subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) for _ in range(3)]
    results = [(p.wait(timeout=300), *p.communicate()) for p in procs]
    assert [code for code, _, _ in results] == [0, 0, 0]
    lines = [err.strip() for _, _, err in results if err.strip()]
    assert all(len(err.splitlines()) == 1 for err in lines), lines
    rebuilt = [line for line in lines if "rebuilding the index" in line]
    assert len(rebuilt) == 1, lines  # the others answered from the current generation, or after it
    assert all("another askmali process is rebuilding it" in line for line in lines if line not in rebuilt)
    assert not freshness._still_stale(root, indexing)


# ----------------------------------------------------------------------------- another PyStemmer


def _recorded_pystemmer(root: Path, version: str) -> None:
    path = store.current_generation(root) / store.MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["analyzer"]["pystemmer"] = version
    path.write_text(json.dumps(manifest), encoding="utf-8")


def test_another_pystemmer_that_stems_the_same_is_served(index_copy):
    _recorded_pystemmer(index_copy, "0.0.1")
    engine = askmali.load(index_copy)
    assert "3 juillet 2022" in engine.ask("Quand la Cedeao a-t-elle levé ses sanctions ?").answer.text


def test_another_pystemmer_that_stems_differently_is_refused(index_copy, monkeypatch):
    """Checked on the index's own text: a stemmer that cuts one more letter changes its terms."""
    _recorded_pystemmer(index_copy, "0.0.1")
    stemmer = analysis.Stemmer.Stemmer("french")

    class Shorter:
        def stemWord(self, word):
            return stemmer.stemWord(word)[:-1] or word

        def stemWords(self, words):
            return [self.stemWord(w) for w in words]

    monkeypatch.setattr(analysis.Stemmer, "Stemmer", lambda *a, **k: Shorter())
    with pytest.raises(askmali.IndexStoreError, match="built with PyStemmer 0.0.1, which stems some of its words differently"):
        askmali.load(index_copy)
