"""What an incremental ``askmali index`` saves: a fresh build of a copy of ../shared/documents
against updates of it after one small change at a time.

    PYTHONPATH=src python benchmarks/bench_update.py [--documents ../shared/documents] [--runs 1]

Each step is ``python -m askmali index COPY --index IDX`` in a child process (wall time), in
this order: a fresh build; nothing changed; one seed .txt added; one PDF touched (new mtime,
same bytes); the added .txt changed; one HTML file removed; and a fresh build of the final folder
into a second index, which must give the same arrays (checked, not timed). Each step's summary
line is printed with its time. Nothing here is a test: numbers depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from askmali import store  # noqa: E402

SEED = ROOT / "seeds" / "000_7b68323003ce8296.txt"


def index(corpus: Path, root: Path) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "askmali", "index", str(corpus), "--index", str(root)],
        capture_output=True, text=True, check=True,
    )
    return time.perf_counter() - started, done.stderr.strip().splitlines()[-1]


def same_arrays(a: Path, b: Path) -> bool:
    _, _, xa = store.open_current(a)
    _, _, xb = store.open_current(b)
    return xa.keys() == xb.keys() and all(np.array_equal(xa[k], xb[k]) for k in xa)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--documents", type=Path, default=ROOT.parent / "shared" / "documents")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/askmali-bench-update"))
    ap.add_argument("--runs", type=int, default=1, help="times the whole sequence is run")
    args = ap.parse_args(argv)
    for run in range(args.runs):
        shutil.rmtree(args.workdir, ignore_errors=True)
        corpus, root = args.workdir / "documents", args.workdir / "index"
        shutil.copytree(args.documents, corpus)
        for folder, _, files in os.walk(corpus):  # the shared copy is read-only
            for name in [".", *files]:
                path = Path(folder, name)
                path.chmod(path.stat().st_mode | stat.S_IWUSR)
        pdf = sorted(corpus.rglob("*.pdf"))[0]
        html = sorted(corpus.rglob("*.html"))[0]
        added = corpus / SEED.name
        steps = [
            ("fresh build", lambda: None),
            ("nothing changed", lambda: None),
            ("one .txt added", lambda: shutil.copy(SEED, added)),
            ("one PDF touched (same bytes)", lambda: os.utime(pdf)),
            ("the added .txt changed", lambda: added.write_text(SEED.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8")),
            ("one HTML file removed", lambda: html.unlink()),
        ]
        print(f"run {run + 1}: {corpus}")
        for what, change in steps:
            change()
            seconds, line = index(corpus, root)
            print(f"  {what:<30} {seconds:6.2f} s  {line}")
        seconds, line = index(corpus, args.workdir / "fresh")
        same = same_arrays(root, args.workdir / "fresh")
        print(f"  {'fresh build of the final folder':<30} {seconds:6.2f} s  {line}")
        print(f"  updated index == fresh build of the same files: {same}")


if __name__ == "__main__":
    main()
