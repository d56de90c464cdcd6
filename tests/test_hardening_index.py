"""Bad indexes and bad evaluation files: a missing, damaged, foreign or stale index is never
trusted. Each case is one line on stderr (exit 2) that says what to do, and the index folder is
byte for byte what it was; a stale index whose sources still exist is rebuilt (exit 0) with a
line saying so.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import askmali
from askmali import indexing, sources, store
from askmali.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
CEDEAO = "Quand la Cedeao a-t-elle partiellement levé ses sanctions contre le Mali ?"
runner = CliRunner()


def ask(index: Path, question: str = CEDEAO, *options: str):
    return runner.invoke(app, ["ask", question, "--index", str(index), *options])


def generation(index: Path) -> Path:
    return store.current_generation(index)


@pytest.fixture
def refused_ask(tree_hash, diagnostic):
    """``refused_ask(index)``: ask of a bad index; exit 2, one line, index unchanged; the line."""

    def run(index: Path) -> str:
        before = tree_hash(index) if index.exists() else None
        result = ask(index)
        assert result.exit_code == 2, result.output
        assert result.stdout == ""
        if before is not None:
            assert tree_hash(index) == before
        return diagnostic(result.stderr)

    return run


# ----------------------------------------------------------------------------- missing or foreign


def test_missing_index_with_no_sources_is_refused(tmp_path, refused_ask):
    for missing in (Path("/nonexistent/x"), tmp_path / "nope" / "x"):
        line = refused_ask(missing)
        assert f"no index at {missing}" in line and f"askmali index PATH --index {missing}" in line
        assert not missing.exists()


def test_folder_of_unrelated_files_is_not_an_index(tmp_path, refused_ask, tree_hash, diagnostic):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "liste.txt").write_text("courses: riz, mil\n", encoding="utf-8")
    (folder / "photos").mkdir()
    assert "is not an askmali index (it holds other files)" in refused_ask(folder)
    before = tree_hash(folder)
    result = runner.invoke(app, ["index", str(SEEDS / "000_7b68323003ce8296.txt"), "--index", str(folder)])
    assert result.exit_code == 2
    line = diagnostic(result.stderr)
    assert "not an askmali index and is not empty" in line and "will not write into it" in line
    assert tree_hash(folder) == before and sorted(p.name for p in folder.iterdir()) == ["liste.txt", "photos"]


def test_a_file_given_as_index_is_refused(tmp_path, diagnostic, python_m):
    """--index (or ASKMALI_INDEX) naming a file, or a path under one: one line saying so, for
    every command, and no suggestion to build an index there."""
    path = tmp_path / "index.txt"
    path.write_text("x", encoding="utf-8")
    expected = f"askmali: error: {path} is a file, not an index folder - give a folder path with --index"
    for args in (["index", str(SEEDS), "--index", str(path)], ["ask", CEDEAO, "--index", str(path)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2
        assert diagnostic(result.stderr) == expected
    under = path / "sub"
    result = runner.invoke(app, ["index", str(SEEDS), "--index", str(under)])
    assert result.exit_code == 2
    assert diagnostic(result.stderr) == (
        f"askmali: error: {under} lies under {path}, which is a file, not an index folder - give a folder path with --index"
    )
    proc = python_m("ask", CEDEAO, "-f", "plain", env={"ASKMALI_INDEX": str(path)})
    assert proc.returncode == 2 and diagnostic(proc.stderr) == expected
    assert path.read_text(encoding="utf-8") == "x"


# ----------------------------------------------------------------------------- damaged arrays


@pytest.mark.parametrize("array", ["p_text_blob", "bm25.tf", "tfidf.norms", "p_kind"])
def test_truncated_array_is_damaged(index_copy, refused_ask, array):
    path = generation(index_copy) / f"{array}.npy"
    os.truncate(path, path.stat().st_size // 2)
    line = refused_ask(index_copy)
    assert f"index at {index_copy} is damaged: {array}.npy" in line
    assert f"askmali index SOURCES --index {index_copy}" in line


@pytest.mark.parametrize("array", ["p_text_blob", "bm25.tf", "tfidf.tf", "s_spans"])
def test_flipped_bytes_fail_the_checksum(index_copy, refused_ask, array):
    path = generation(index_copy) / f"{array}.npy"
    data = bytearray(path.read_bytes())
    middle = 128 + (len(data) - 128) // 2  # inside the data, past the .npy header
    data[middle] ^= 0x5A
    path.write_bytes(bytes(data))
    assert f"{array}.npy fails its checksum" in refused_ask(index_copy)


def test_a_damaged_npy_header_is_refused(index_copy, refused_ask):
    path = generation(index_copy) / "p_chars.npy"
    data = path.read_bytes()
    path.write_bytes(data.replace(b"'<i8'", b"'<f8'", 1))  # same size, other dtype
    assert "p_chars.npy does not match its manifest" in refused_ask(index_copy)


def test_an_array_missing_from_the_generation_is_refused(index_copy, refused_ask):
    (generation(index_copy) / "src_first.npy").unlink()
    line = refused_ask(index_copy)
    assert "src_first.npy cannot be read (No such file or directory)" in line


def test_an_array_swapped_for_another_valid_one_is_refused(index_copy, refused_ask):
    gen = generation(index_copy)
    np.save(gen / "p_source.npy", np.zeros(len(np.load(gen / "p_source.npy")), dtype=np.int32))
    assert "p_source.npy fails its checksum" in refused_ask(index_copy)


# ----------------------------------------------------------------------------- manifest and CURRENT


def _edit_manifest(index: Path, edit) -> None:
    path = generation(index) / store.MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    edit(manifest)
    path.write_text(json.dumps(manifest), encoding="utf-8")


def test_manifest_from_another_format_version_is_refused(index_copy, refused_ask):
    _edit_manifest(index_copy, lambda m: m.update(format_version=store.FORMAT_VERSION + 1))
    line = refused_ask(index_copy)
    assert f"format version {store.FORMAT_VERSION + 1}" in line and f"reads {store.FORMAT_VERSION}" in line
    assert "askmali index" in line


def test_manifest_with_other_analyser_settings_is_refused(index_copy, refused_ask):
    _edit_manifest(index_copy, lambda m: m["analyzer"].update(stemmer="porter-english"))
    line = refused_ask(index_copy)
    assert "built with other analyser settings (stemmer differ)" in line and "askmali index" in line


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda m: m.update(format="something-else"), "is not an askmali index"),
        (lambda m: m["arrays"].update({"../../etc/passwd": {}}), "malformed manifest"),
        (lambda m: m.update(sources=[{"path": 1}]), "malformed manifest"),
        (lambda m: m.update(roots="seeds"), "malformed manifest"),
        (lambda m: m.update(arrays={}), "manifest lists no arrays"),
    ],
)
def test_malformed_manifest_is_refused(index_copy, refused_ask, edit, expected):
    _edit_manifest(index_copy, edit)
    assert expected in refused_ask(index_copy)


def test_unreadable_manifest_is_refused(index_copy, refused_ask):
    (generation(index_copy) / store.MANIFEST).write_bytes(b'{"format": "askmali-index", ')
    assert "unreadable manifest" in refused_ask(index_copy)


@pytest.mark.parametrize("content", ["g-19990101-000000-1-000000", "../../etc", "", "\x00\xff"])
def test_current_naming_no_generation_is_refused(index_copy, refused_ask, content):
    (index_copy / store.CURRENT).write_text(content, encoding="utf-8", errors="surrogateescape")
    assert "CURRENT names a missing generation" in refused_ask(index_copy)


def test_askmali_index_repairs_a_damaged_index(index_copy, diagnostic):
    path = generation(index_copy) / "bm25.tf.npy"
    os.truncate(path, 10)
    result = runner.invoke(app, ["index", str(SEEDS), "--index", str(index_copy)])
    assert result.exit_code == 0, result.output
    assert ask(index_copy).exit_code == 0
    assert len(list(index_copy.glob("g-*"))) == 1  # the damaged generation is gone


# ----------------------------------------------------------------------------- stale sources


@pytest.fixture
def own_corpus(tmp_path) -> tuple[Path, Path]:
    """A two-file corpus and its index, both private to the test."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "000_7b68323003ce8296.txt", corpus)
    (corpus / "note.txt").write_text("Le comité de Kidal s'est réuni en janvier.\n", encoding="utf-8")
    index = tmp_path / "index"
    indexing.build([corpus], index)
    return corpus, index


def test_changed_source_is_rebuilt_with_a_line_saying_so(own_corpus):
    corpus, index = own_corpus
    old = generation(index)
    (corpus / "note.txt").write_text("Le comité de Kidal a été dissous en mars 2024.\n", encoding="utf-8")
    result = ask(index, "Quand le comité de Kidal a-t-il été dissous ?", "--format", "json")
    assert result.exit_code == 0, result.output
    (line,) = result.stderr.splitlines()  # one line says why it rebuilt, naming the file
    assert line.startswith("askmali: ") and "changed since indexing" in line
    assert "note.txt" in line and "rebuilding" in line
    assert "mars 2024" in json.loads(result.stdout)["answer"]["text"]
    assert generation(index) != old and not old.exists()


def test_added_and_removed_sources_are_noticed(own_corpus):
    corpus, index = own_corpus
    (corpus / "note.txt").unlink()
    (corpus / "autre.md").write_text("La ville de Gao est sur le fleuve Niger.\n", encoding="utf-8")
    result = ask(index, "Sur quel fleuve est Gao ?")
    assert result.exit_code in (0, 1), result.output
    assert "changed since indexing" in result.stderr and "autre.md, note.txt" in result.stderr


def test_touched_source_is_not_a_change_and_its_new_time_is_recorded(own_corpus, monkeypatch):
    """A file touched (a copy, a checkout) is not a change: no message, nothing read again. Its
    new time is recorded, in a generation whose arrays are the old one's files (hard links), so
    that the next question does not read the file through again to find it unchanged."""
    corpus, index = own_corpus
    old = generation(index)
    inode = (old / "bm25.tf.npy").stat().st_ino
    os.utime(corpus / "note.txt", ns=(1, 1))
    result = ask(index, "Quand le comité de Kidal s'est-il réuni ?")
    assert result.exit_code in (0, 1) and result.stderr == ""
    new = generation(index)
    assert new != old and not old.exists() and (new / "bm25.tf.npy").stat().st_ino == inode
    manifest = store.read_manifest(new)
    assert [sf["mtime_ns"] for sf in manifest["sources"] if sf["name"] == "note.txt"] == [1]
    assert manifest["touched"] == 1 and "update" not in manifest
    hashed: list[str] = []
    real = sources.fingerprint
    monkeypatch.setattr(sources, "fingerprint", lambda sf: hashed.append(sf.name) or real(sf))
    again = ask(index, "Quand le comité de Kidal s'est-il réuni ?")
    assert again.exit_code == result.exit_code and again.stdout == result.stdout and again.stderr == ""
    assert hashed == [] and generation(index) == new


def test_sources_moved_answer_from_the_index_with_one_warning(own_corpus, tree_hash, diagnostic):
    """A corpus moved (or an index copied to another machine): the index answers as it was
    built, cites the original file names, says so once, and is left as it is."""
    corpus, index = own_corpus
    before = tree_hash(index)
    corpus.rename(corpus.parent / "corpus-moved")
    result = ask(index, "Quand le comité de Kidal s'est-il réuni ?", "--format", "json")
    assert result.exit_code == 0, result.output
    line = diagnostic(result.stderr, "warning")
    assert line == (
        f"askmali: warning: the index at {index} answers as it was built: its sources are gone or moved ({corpus})"
        f" - to follow them, rebuild it: askmali index PATH --index {index}"
    )
    answer = json.loads(result.stdout)["answer"]
    assert answer["source"] == "note.txt" and "janvier" in answer["text"]
    assert tree_hash(index) == before


def test_staleness_applies_to_the_sources_that_still_exist(tmp_path, diagnostic):
    """Two roots, one gone and one changed: no rebuild (it would drop the gone root's passages);
    one line says the index is stale and why it was not updated."""
    kept, gone = tmp_path / "kept", tmp_path / "gone"
    kept.mkdir(), gone.mkdir()
    (kept / "a.txt").write_text("Le comité de Kidal s'est réuni en janvier.\n", encoding="utf-8")
    (gone / "b.txt").write_text("La ville de Gao est sur le fleuve Niger.\n", encoding="utf-8")
    index = tmp_path / "index"
    indexing.build([kept, gone], index)
    old = generation(index)
    shutil.rmtree(gone)
    (kept / "a.txt").write_text("Le comité de Kidal s'est réuni en février.\n", encoding="utf-8")
    result = ask(index, "Sur quel fleuve est Gao ?", "--format", "json")
    assert result.exit_code == 0, result.output
    assert diagnostic(result.stderr, "warning") == (
        f"askmali: warning: the index at {index} is stale (1 file changed) and could not be updated: "
        f"its sources are gone or moved ({gone}); answering from it as it is"
    )
    assert json.loads(result.stdout)["answer"]["source"] == "b.txt"
    assert generation(index) == old


# ----------------------------------------------------------------------------- evaluation files


@pytest.fixture
def refused_eval(seeds_index, tree_hash, diagnostic, tmp_path):
    """``refused_eval(yaml_text)``: eval with that question file; exit 2, one line, index kept."""

    def run(text: str) -> str:
        path = tmp_path / "questions.yaml"
        path.write_text(text, encoding="utf-8")
        before = tree_hash(seeds_index)
        result = runner.invoke(app, ["eval", "--questions", str(path), "--index", str(seeds_index), "-f", "plain"])
        assert result.exit_code == 2, result.output
        assert tree_hash(seeds_index) == before
        return diagnostic(result.stderr)

    return run


Q1 = """- id: q001
  question: "Quand la Cedeao a-t-elle partiellement levé ses sanctions contre le Mali ?"
  answers: ["3 juillet 2022"]
  source: 002_29e0faa7f984317a.txt
  evidence: "la Cedeao a partiellement levé ses sanctions le 3 juillet 2022"
  type: date
"""


def test_eval_file_yaml_syntax_error_gives_the_line(refused_eval):
    line = refused_eval(Q1 + '- id: q002\n  question: "Qui ?\n  answers: [\n')
    assert "YAML syntax error at line" in line
    assert any(f"line {n}," in line for n in (8, 9, 10))


def test_eval_file_entry_missing_a_field_is_named(refused_eval):
    line = refused_eval(Q1 + Q1.replace("q001", "q002").replace("  type: date\n", ""))
    assert "entry 2, id 'q002' (line 7): missing field 'type'" in line


def test_eval_file_evidence_not_in_its_source_is_named(refused_eval):
    line = refused_eval(Q1.replace("le 3 juillet 2022\"", "le 4 août 2023\"").replace('["3 juillet 2022"]', '["4 août 2023"]'))
    assert "q001: evidence" in line and "is not in 002_29e0faa7f984317a.txt" in line


def test_eval_file_that_is_missing_is_refused(seeds_index, diagnostic, tmp_path):
    result = runner.invoke(app, ["eval", "--questions", str(tmp_path / "absent.yaml"), "--index", str(seeds_index)])
    assert result.exit_code == 2
    assert "cannot read question file" in diagnostic(result.stderr)
