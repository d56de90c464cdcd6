"""docs/cli.md is current: it is what scripts/gen_cli_docs.py writes from every command's --help,
and it documents every key the JSON output really carries."""

from __future__ import annotations

import difflib
import os
import re
import subprocess
import sys
from pathlib import Path

from askmali.cli import app

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "cli.md"
GENERATOR = ROOT / "scripts" / "gen_cli_docs.py"
CEDEAO = "Quand la Cedeao a-t-elle partiellement levé ses sanctions contre le Mali ?"


def generated() -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run(
        [sys.executable, str(GENERATOR), "--stdout"], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_committed_cli_docs_are_current():
    want = generated()
    have = DOCS.read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(have.splitlines(True), want.splitlines(True), "docs/cli.md", "generated"))
    assert not diff, f"docs/cli.md is stale; run: python scripts/gen_cli_docs.py\n{diff}"


def test_every_command_has_a_section_with_its_help():
    text = DOCS.read_text(encoding="utf-8")
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert f"### `askmali {name}`" in text, name
        assert f"Usage: askmali {name} " in text, name


def documented_keys(text: str) -> set[str]:
    """Keys named in the first column of the schema tables (`a`, `b` rows count each)."""
    keys = set()
    for row in re.findall(r"^\| (`[^|]+`) \|", text, re.M):
        keys.update(re.findall(r"`([a-z_]+)`", row))
    return keys


def test_every_json_key_is_documented(engine):
    text = DOCS.read_text(encoding="utf-8")
    keys = documented_keys(text)
    doc = engine.ask(CEDEAO).to_json()
    assert set(doc) <= keys
    assert set(doc["answer"]) <= keys
    for passage in doc["passages"]:
        assert set(passage) <= keys
    signals = engine.search("Cedeao", 1)[0].to_json(explain=True)["signals"]
    assert all(f'"{key}"' in text for key in signals)
    assert '"schema": 1' in text
