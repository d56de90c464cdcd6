"""The readers package: dispatch by suffix, JSONL streamed with a bound per record."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from askmali import readers, sources
from askmali.cli import app
from askmali.readers import jsonl

runner = CliRunner()
SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def test_every_registered_suffix_is_discovered(tmp_path):
    for suffix in readers.suffixes():
        (tmp_path / f"doc{suffix.replace('.', '_')}{suffix}").write_bytes(b"x")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    found = {Path(sf.path).suffix for sf in sources.discover([tmp_path])}
    assert found == set(readers.suffixes())


def _records(path: Path, texts: list[str]) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for i, text in enumerate(texts):
            fh.write(json.dumps({"id": f"r{i}", "title": "", "text": text}, ensure_ascii=False) + "\n")
    return path


def test_an_oversized_record_is_skipped_with_a_warning_naming_its_line(tmp_path):
    texts = ["Bamako est la capitale du Mali.", "x" * 5000, "Gao est sur le fleuve Niger."]
    path = _records(tmp_path / "c.jsonl", texts)
    said: list[str] = []
    digest = readers.Digest()
    docs = jsonl.load(path, "c.jsonl", said.append, digest, max_record=1000)
    assert [d.source for d in docs] == ["r0", "r2"]
    assert said == ["c.jsonl, line 2: record over the 1000 bytes limit per record, skipped"]
    # every byte was hashed even though the long record was never held whole
    assert digest.hexdigest() == hashlib.sha256(path.read_bytes()).hexdigest()
    assert digest.size == path.stat().st_size


def test_the_file_size_limit_does_not_apply_to_jsonl(tmp_path, monkeypatch):
    """A JSONL larger than the per-file limit is streamed and indexed, with no warning (the
    limit is lowered to 50 KB here to keep the test fast; a .txt that size is refused)."""
    monkeypatch.setenv("ASKMALI_MAX_FILE_MB", "0.05")
    seed = (SEEDS / "000_7b68323003ce8296.txt").read_text(encoding="utf-8")
    path = _records(tmp_path / "big.jsonl", [f"Document {n}. {seed}" for n in range(40)])
    assert path.stat().st_size > 0.05 * 2**20
    result = runner.invoke(app, ["index", str(path), "--index", str(tmp_path / "idx")])
    assert result.exit_code == 0, result.output
    assert "indexed 40 documents" in result.stderr and "warning" not in result.stderr
    assert "read 1 jsonl" in result.stderr
    (tmp_path / "big.txt").write_text(seed * 20, encoding="utf-8")
    refused = runner.invoke(app, ["index", str(tmp_path / "big.txt"), "--index", str(tmp_path / "idx2")])
    assert refused.exit_code == 2 and "limit per file" in refused.stderr
