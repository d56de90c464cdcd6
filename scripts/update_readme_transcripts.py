"""Rewrite the README's piped/JSON/markdown transcripts with what askmali prints now (the check
is tests/test_readme.py, which runs each against the seeds index).

    python scripts/update_readme_transcripts.py [--index index]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from typer.testing import CliRunner

from askmali.cli import app

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from test_readme import BLOCK, _argv  # noqa: E402  (the test's own parsing: the two cannot drift)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", type=Path, default=ROOT / "index")
    args = ap.parse_args()
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")

    def replace(m: re.Match) -> str:
        command, expected = m.group(1), m.group(2)
        if not ("--format" in command or "| cat" in command or "echo" in command):
            return m.group(0)
        argv = _argv(command) + ["--index", str(args.index)]
        if "--format" not in argv:
            argv += ["--format", "plain"]
        result = CliRunner().invoke(app, argv)
        out = result.stdout.rstrip("\n")
        if "echo" in command:
            out += f"\nexit {result.exit_code}"
        return f"```text\n$ askmali {command}\n{out}\n```"

    new = BLOCK.sub(replace, text)
    if new != text:
        readme.write_text(new, encoding="utf-8")
        print("README transcripts updated")
    else:
        print("README transcripts are current")


if __name__ == "__main__":
    main()
