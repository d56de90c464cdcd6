"""The README's transcripts are real: each piped/JSON/markdown example is what askmali prints now."""

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from askmali.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"```text\n\$ askmali (ask .*?)\n(.*?)```", re.S)


def _transcripts() -> list[tuple[str, str]]:
    found = []
    for command, output in BLOCK.findall(README.read_text(encoding="utf-8")):
        if "--format rich" in command or "| cat" in command or "--format" in command or "echo" in command:
            found.append((command, output))
    return found


def _argv(command: str) -> list[str]:
    """`ask "question" --format json -k 2 | cat; echo ...` -> ["ask", "question", "--format", ...]"""
    command = command.split(";")[0].split("|")[0].strip()
    return [a or b for a, b in re.findall(r'"([^"]*)"|(\S+)', command)]


def test_the_readme_has_the_transcripts_it_promises():
    commands = [c for c, _ in _transcripts()]
    assert any("--format json" in c for c in commands)
    assert any("--format markdown" in c for c in commands)
    assert any("| cat" in c for c in commands)
    assert any("PIB" in c for c in commands)


@pytest.mark.parametrize("command, expected", _transcripts(), ids=lambda v: v[:40] if isinstance(v, str) else "")
def test_each_piped_transcript_is_current(command, expected, seeds_index):
    argv = _argv(command) + ["--index", str(seeds_index)]
    if "--format" not in argv:
        argv += ["--format", "plain"]
    result = CliRunner().invoke(app, argv)
    out = result.stdout.rstrip("\n")
    expected = expected.rstrip("\n")
    if "echo" in command:  # the abstention example prints the exit code after the output
        expected, _, code = expected.rpartition("\n")
        assert code == f"exit {result.exit_code}"
    assert out == expected
