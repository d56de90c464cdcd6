"""Bad corpora given to ``askmali index PATH --index DIR``.

A problem that leaves the rest of the corpus usable (an empty, binary or non-UTF-8 file) is a
one-line warning and the rest is indexed (exit 0); a problem that makes the corpus unusable or
ambiguous is a one-line error (exit 2) that names the file (and line), and leaves an existing
index byte for byte as it was, and no new index folder behind.
"""

from __future__ import annotations

import builtins
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from askmali.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SMALL = SEEDS / "000_7b68323003ce8296.txt"  # 4 KB, a table and prose
runner = CliRunner()

# French text with the accents, ligatures and typographic quotes that differ between encodings.
LATIN_TEXT = (
    "Le comité de réconciliation s'est réuni à Ségou le 12 février.\n"
    "Les élèves de Kayes ont présenté leur œuvre « Mémoire du fleuve ».\n"
)


def index(*args: str):
    return runner.invoke(app, ["index", *map(str, args)])


def warnings(stderr: str) -> list[str]:
    assert "Traceback" not in stderr, stderr
    return [line for line in stderr.splitlines() if line.startswith("askmali: warning: ")]


def search(index_dir: Path, query: str) -> list[dict]:
    result = runner.invoke(app, ["search", query, "--index", str(index_dir), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["passages"] if result.exit_code == 0 else []


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A folder with one good seed text in it."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(SMALL, folder)
    return folder


@pytest.fixture
def refused(index_copy, tree_hash, diagnostic):
    """``refused(PATH)``: index PATH into a copy of the seeds index; assert exit 2 with one error
    line, that the index is unchanged, and return the line."""

    def run(path: Path, *extra: str) -> str:
        before = tree_hash(index_copy)
        result = index(path, "--index", index_copy, *extra)
        assert result.exit_code == 2, result.output
        assert result.stdout == ""
        assert tree_hash(index_copy) == before
        return diagnostic(result.stderr)

    return run


# ----------------------------------------------------------------------------- paths


def test_missing_path_is_refused_and_creates_no_index_folder(tmp_path, refused, diagnostic):
    line = refused(tmp_path / "nope")
    assert "no such file or folder" in line and str(tmp_path / "nope") in line
    fresh = tmp_path / "new-index"
    result = index(tmp_path / "nope", "--index", fresh)
    assert result.exit_code == 2
    diagnostic(result.stderr)
    assert not fresh.exists()


def test_empty_folder_is_refused(tmp_path, refused):
    (tmp_path / "empty").mkdir()
    line = refused(tmp_path / "empty")
    assert "no file askmali reads (.txt, .md, .jsonl, .pdf" in line and "empty" in line


def test_folder_of_only_empty_files_is_refused(tmp_path, refused):
    (tmp_path / "blank").mkdir()
    (tmp_path / "blank" / "a.txt").write_bytes(b"")
    (tmp_path / "blank" / "b.md").write_bytes(b" \n\n\t\n")
    line = refused(tmp_path / "blank")
    assert "nothing to index" in line and "a.txt: empty file" in line and "1 more" in line


def test_empty_file_is_a_warning_and_the_rest_is_indexed(corpus, tmp_path):
    (corpus / "vide.txt").write_bytes(b"")
    result = index(corpus, "--index", tmp_path / "idx")
    assert result.exit_code == 0, result.output
    assert warnings(result.stderr) == ["askmali: warning: vide.txt: empty file, skipped"]
    assert search(tmp_path / "idx", "Moura massacre")  # the good file is searchable


def test_binary_files_are_warnings_and_the_rest_is_indexed(corpus, tmp_path):
    (corpus / "rapport.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nstream\n\x00\x01")
    (corpus / "carte.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (corpus / "bruit.txt").write_bytes(bytes(range(1, 32)) * 50)  # control characters, no NUL
    result = index(corpus, "--index", tmp_path / "idx")
    assert result.exit_code == 0, result.output
    found = warnings(result.stderr)
    assert len(found) == 3 and all("binary file, skipped" in w for w in found)
    assert {w.split(": ")[2] for w in found} == {"rapport.txt", "carte.md", "bruit.txt"}
    sources = {p["source"] for p in search(tmp_path / "idx", "Moura massacre civils")}
    assert sources == {SMALL.name}


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_non_utf8_file_is_a_warning_decoded_and_searchable(corpus, tmp_path, encoding):
    text = LATIN_TEXT if encoding == "cp1252" else LATIN_TEXT.replace("œ", "oe").replace("«", '"').replace("»", '"')
    (corpus / "ancien.txt").write_bytes(text.encode(encoding))
    result = index(corpus, "--index", tmp_path / "idx")
    assert result.exit_code == 0, result.output
    (warning,) = warnings(result.stderr)
    assert warning.startswith("askmali: warning: ancien.txt: not UTF-8, read as ")
    hits = search(tmp_path / "idx", "réconciliation Ségou")
    assert hits and hits[0]["source"] == "ancien.txt"
    assert "réconciliation" in hits[0]["text"] and "Ségou" in hits[0]["text"]
    if encoding == "cp1252":  # the bytes 0x80-0x9f: œ and typographic quotes
        hits = search(tmp_path / "idx", "œuvre Mémoire fleuve")
        assert "« Mémoire du fleuve »" in hits[0]["text"] and "œuvre" in hits[0]["text"]


def test_utf16_with_bom_is_read(corpus, tmp_path):
    (corpus / "seize.txt").write_bytes(LATIN_TEXT.encode("utf-16"))
    result = index(corpus, "--index", tmp_path / "idx")
    assert result.exit_code == 0, result.output
    assert "UTF-16" in warnings(result.stderr)[0]
    assert search(tmp_path / "idx", "réconciliation Ségou")[0]["source"] == "seize.txt"


def test_mostly_utf8_file_keeps_its_accents(corpus, tmp_path):
    (corpus / "abime.txt").write_bytes(LATIN_TEXT.encode("utf-8") + b"Une ligne ab\xeeme.\n")
    result = index(corpus, "--index", tmp_path / "idx")
    assert result.exit_code == 0, result.output
    assert "replaced" in warnings(result.stderr)[0]
    assert "réconciliation" in search(tmp_path / "idx", "réconciliation Ségou")[0]["text"]


def test_a_corpus_of_one_short_file_is_indexed(tmp_path):
    # found by tests/test_properties.py: TF-IDF's max_df once pruned every n-gram of a tiny corpus
    (tmp_path / "court.txt").write_text("Bamako est la capitale du Mali.\n", encoding="utf-8")
    result = index(tmp_path / "court.txt", "--index", tmp_path / "idx")
    assert result.exit_code == 0, result.output
    assert search(tmp_path / "idx", "capitale du Mali")[0]["source"] == "court.txt"


# ----------------------------------------------------------------------------- size


def _big_file(folder: Path, megabytes: int) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "gros.txt"
    block = SMALL.read_bytes()
    with open(path, "wb") as fh:
        for _ in range(megabytes * 2**20 // len(block) + 1):
            fh.write(block)
    return path


def test_50_mb_file_is_refused_before_it_is_read(tmp_path, refused, monkeypatch):
    big = _big_file(tmp_path / "big", 50)
    assert big.stat().st_size > 50 * 2**20
    opened: list[str] = []
    real_open = io.open

    def spy(file, *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and Path(file).name == big.name:
            opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", spy)
    monkeypatch.setattr(builtins, "open", spy)
    line = refused(big.parent)
    assert "gros.txt" in line and "over the 20 MB limit" in line and "ASKMALI_MAX_FILE_MB" in line
    assert opened == []  # refused from its size alone


def test_size_limit_follows_askmali_max_file_mb(tmp_path, refused, monkeypatch, corpus):
    monkeypatch.setenv("ASKMALI_MAX_FILE_MB", "0.001")
    assert "4.24 KB is over the 1.02 KB limit" in refused(corpus)
    monkeypatch.setenv("ASKMALI_MAX_FILE_MB", "beaucoup")
    assert "ASKMALI_MAX_FILE_MB must be a number" in refused(corpus)


# ----------------------------------------------------------------------------- JSONL


def _jsonl(path: Path, *lines: str) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


GOOD = json.dumps({"id": "r1", "title": "Bamako", "text": "Bamako est la capitale du Mali depuis 1960."})


def test_malformed_jsonl_line_is_named(tmp_path, refused):
    path = _jsonl(tmp_path / "c.jsonl", GOOD, "", '{"id": "r2", "text": "Kayes est à l\'ouest"', GOOD.replace("r1", "r3"))
    line = refused(path)
    assert "c.jsonl, line 3: malformed JSON" in line


def test_a_failed_first_build_leaves_no_index_folder(tmp_path, diagnostic):
    path = _jsonl(tmp_path / "c.jsonl", GOOD, "{oops")  # fails while reading, under the lock
    result = index(path, "--index", tmp_path / "new" / "idx")
    assert result.exit_code == 2
    assert "line 2: malformed JSON" in diagnostic(result.stderr)
    assert not (tmp_path / "new" / "idx").exists()


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ('["r2", "texte"]', "expected an object"),
        ('{"id": "r2", "title": "sans texte"}', 'invalid "text"'),
        ('{"id": null, "text": "sans id"}', 'invalid "id"'),
        ('{"id": "r2", "text": ' + "[" * 100_000 + "]" * 100_000 + "}", "line 2"),
    ],
)
def test_jsonl_record_problems_are_named(tmp_path, refused, record, expected):
    line = refused(_jsonl(tmp_path / "c.jsonl", GOOD, record))
    assert "c.jsonl, line 2" in line and expected in line


def test_duplicate_record_ids_in_one_file_name_both_lines(tmp_path, refused):
    line = refused(_jsonl(tmp_path / "c.jsonl", GOOD, GOOD.replace("Bamako est", "Gao est")))
    assert "line 2: duplicate id 'r1' (first on line 1)" in line


def test_duplicate_record_ids_across_files_name_both_files(tmp_path, refused):
    folder = tmp_path / "two"
    folder.mkdir()
    _jsonl(folder / "a.jsonl", GOOD)
    _jsonl(folder / "b.jsonl", GOOD.replace("Bamako est", "Gao est"))
    line = refused(folder)
    assert "duplicate source id 'r1'" in line and "a.jsonl" in line and "b.jsonl" in line


def test_jsonl_record_with_a_line_separator_inside_is_one_record(tmp_path):
    text = "Tombouctou\u2028est une ville du nord.\u2029Elle est classée au patrimoine mondial."
    others = [json.dumps({"id": f"v{i}", "text": f"La ville numéro {i} du Mali a un marché."}) for i in range(12)]
    path = _jsonl(tmp_path / "c.jsonl", *others, json.dumps({"id": "r2", "text": text}, ensure_ascii=False))
    result = index(path, "--index", tmp_path / "idx")
    assert result.exit_code == 0, result.output
    assert search(tmp_path / "idx", "Tombouctou patrimoine")[0]["source"] == "r2"


# ----------------------------------------------------------------------------- links


def test_symlink_to_itself_is_skipped_with_one_warning(corpus, tmp_path):
    os.symlink("boucle.txt", corpus / "boucle.txt")
    result = index(corpus, "--index", tmp_path / "idx")
    assert result.exit_code == 0, result.output
    (warning,) = warnings(result.stderr)
    assert "symlink loop" in warning and "boucle.txt" in warning and "skipped" in warning
    assert "indexed 1 documents" in result.stderr  # the rest is indexed, as ripgrep does


def test_symlink_to_an_enclosing_folder_is_skipped_with_one_warning(corpus, tmp_path):
    (corpus / "sous").mkdir()
    os.symlink("..", corpus / "sous" / "haut")
    result = index(corpus, "--index", tmp_path / "idx")
    assert result.exit_code == 0, result.output
    (warning,) = warnings(result.stderr)
    assert "symlink loop" in warning and "haut" in warning
    assert "indexed 1 documents" in result.stderr


def test_folder_linked_twice_is_indexed_once_with_a_warning(corpus, tmp_path):
    os.symlink(corpus, tmp_path / "alias")
    outer = tmp_path / "outer"
    outer.mkdir()
    os.symlink(corpus, outer / "a")
    os.symlink(corpus, outer / "b")
    result = index(outer, "--index", tmp_path / "idx")
    assert result.exit_code == 0, result.output
    (warning,) = warnings(result.stderr)
    assert "same folder as" in warning
    assert "indexed 1 documents" in result.stderr
