"""What an incremental ``askmali index`` saves: a fresh build of a copy of ../shared/documents
against updates of it after one small change at a time.

    PYTHONPATH=src python benchmarks/bench_update.py [--documents ../shared/documents] [--runs 1]
    PYTHONPATH=src python benchmarks/bench_update.py --passages 100000

Each step is ``python -m askmali index COPY --index IDX`` in a child process (wall time, and
the child's CPU time in parentheses), in this order: a fresh build; nothing changed; one seed
.txt added; one PDF touched (new mtime, same bytes); the added .txt changed; one HTML file
removed; then ``--optimize`` (all segments merged into one), which must give the same arrays
as a fresh build of the final folder into a second index (checked, not timed). Each step's
summary line is printed with its times.

With ``--passages N``: the synthetic corpus of benchmarks/corpus.py (N passages of ~100 words)
split into 20 JSONL files; a fresh build, one ~5 KB .txt added, one JSONL file removed, then
eight more ~5 KB files added one update at a time (10 segments), and the warm question time
(``Engine.search`` and ``Engine.ask``, PIAF questions, p50) on those 10 segments against the
same index merged into one (``--optimize`` of a copy). The 10-segment index is
``WORKDIR/index``, the merged one ``WORKDIR/index-optimized``; ``--questions-only`` then
times questions on those two again without building anything (to compare code on the same
indexes). Either way the two engines take alternating blocks, each going first in every other
one, so that the machine's load and the caches the process shares fall alike on both.
Nothing here is a test: numbers depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import os
import resource
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
# Children run with compiled bytecode, as an installed askmali does: bench.py's environment, the
# bytecode going beside the work folder (set in main()).
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import CHILD_ENV  # noqa: E402


def index(corpus: Path, root: Path, *extra: str) -> tuple[float, str]:
    """Run ``askmali index`` in a child process: its wall time, and its summary line preceded
    by the child's CPU time (user + system: less moved than wall time by a loaded machine)."""
    started, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, "-m", "askmali", "index", str(corpus), "--index", str(root), *extra],
        capture_output=True, text=True, check=True, env=CHILD_ENV,
    )
    seconds, after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, f"(CPU {cpu:5.2f} s)  {done.stderr.strip().splitlines()[-1]}"


def same_arrays(a: Path, b: Path) -> bool:
    _, _, xa = store.open_current(a)
    _, _, xb = store.open_current(b)
    return xa.keys() == xb.keys() and all(np.array_equal(xa[k], xb[k]) for k in xa)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--documents", type=Path, default=ROOT.parent / "shared" / "documents")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/askmali-bench-update"))
    ap.add_argument("--runs", type=int, default=1, help="times the whole sequence is run")
    ap.add_argument("--passages", type=int, help="the synthetic corpus of this many passages instead")
    ap.add_argument("--questions", type=int, default=300, help="timed questions (--passages)")
    ap.add_argument("--questions-only", action="store_true",
                    help="with --passages: only time questions on the two indexes a previous run kept")
    args = ap.parse_args(argv)
    CHILD_ENV["PYTHONPYCACHEPREFIX"] = str(args.workdir.parent / f"{args.workdir.name}-pycache")
    if args.questions_only:  # never on to the documents run below, which empties the workdir
        if not args.passages:
            ap.error("--questions-only needs --passages (the indexes of a --passages run)")
        questions_only(args.workdir, args.questions)
        return
    if args.passages:
        corpus_mode(args.passages, args.workdir, args.questions)
        return
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
        seconds, line = index(corpus, root, "--optimize")
        print(f"  {'--optimize':<30} {seconds:6.2f} s  {line}")
        seconds, line = index(corpus, args.workdir / "fresh")
        same = same_arrays(root, args.workdir / "fresh")
        print(f"  {'fresh build of the final folder':<30} {seconds:6.2f} s  {line}")
        print(f"  optimized index == fresh build of the same files: {same}")


def corpus_mode(n: int, workdir: Path, questions: int) -> None:
    """Updates of a synthetic corpus of ``n`` passages in 20 files, and questions on 10 segments
    against one."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from corpus import write_corpus

    shutil.rmtree(workdir / "corpus", ignore_errors=True)
    shutil.rmtree(workdir / "index", ignore_errors=True)
    workdir.mkdir(parents=True, exist_ok=True)
    source = write_corpus(workdir / f"corpus-{n}.jsonl", n)
    corpus, root = workdir / "corpus", workdir / "index"
    corpus.mkdir(parents=True)
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    per = -(-len(lines) // 20)
    for i in range(20):
        (corpus / f"part{i:02d}.jsonl").write_text("".join(lines[i * per : (i + 1) * per]), encoding="utf-8")
    del lines
    seed_text = SEED.read_text(encoding="utf-8")

    def small(i: int) -> None:  # a ~5 KB .txt of its own
        (corpus / f"note{i}.txt").write_text(seed_text[i * 5000 : (i + 1) * 5000] or seed_text[:5000], encoding="utf-8")

    steps = [("fresh build", lambda: None), ("one 5 KB .txt added", lambda: small(0)),
             ("one JSONL file removed", lambda: (corpus / "part07.jsonl").unlink())]
    steps += [(f"5 KB .txt {i} added", lambda i=i: small(i)) for i in range(1, 9)]
    print(f"{n} passages in 20 files: {corpus}")
    for what, change in steps:
        change()
        seconds, line = index(corpus, root)
        print(f"  {what:<30} {seconds:6.2f} s  {line}")
    # the 10 segments stay as askmali wrote them; a copy is merged into one. Not the other way
    # round: a copied file's pages sit in the page cache in small pieces, and a question's first
    # reads of its postings then fault 3x as often (4,892 against 1,611 minor faults on 100
    # questions, the same single-segment index copied and not): that, not the segments, made
    # most of the gap this measured before
    merged = workdir / "index-optimized"
    shutil.rmtree(merged, ignore_errors=True)
    shutil.copytree(root, merged, symlinks=True)
    seconds, line = index(corpus, merged, "--optimize")
    print(f"  {'--optimize':<30} {seconds:6.2f} s  {line}")
    questions_only(workdir, questions)


def _questions(n: int) -> list[str]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from corpus import piaf_questions

    return piaf_questions()[: n + 50]


def _timed_blocks(engine, questions: int, blocks: int):
    """``timed`` in ``blocks`` blocks: yields the times so far after each block."""
    qs = _questions(questions)
    for q in qs[:50]:
        engine.ask(q)
    out: dict[str, list[float]] = {"search": [], "ask": [], "search_cpu": [], "ask_cpu": []}
    timed_qs = qs[50:]
    bounds = [len(timed_qs) * r // blocks for r in range(blocks + 1)]
    for r in range(blocks):
        for name, call in (("search", lambda q: engine.search(q, 10)), ("ask", engine.ask)):
            for q in timed_qs[bounds[r] : bounds[r + 1]]:
                engine._last_query, engine._last_analysis = (None, [], {}), None
                t, u = time.perf_counter(), time.process_time()
                call(q)
                out[f"{name}_cpu"].append((time.process_time() - u) * 1e3)
                out[name].append((time.perf_counter() - t) * 1e3)
        yield out


def report(segs: int, many: dict[str, list[float]], one: dict[str, list[float]]) -> None:
    """p50 of wall time, and of this process's CPU time (less moved by a loaded machine)."""
    import statistics

    for name in ("search", "ask"):
        a, b = statistics.median(many[name]), statistics.median(one[name])
        ca, cb = statistics.median(many[f"{name}_cpu"]), statistics.median(one[f"{name}_cpu"])
        print(f"  {name} p50: {segs} segments {a:.2f} ms, 1 segment {b:.2f} ms ({100 * (a / b - 1):+.0f} %); "
              f"CPU {ca:.2f} ms, {cb:.2f} ms ({100 * (ca / cb - 1):+.0f} %)")


def questions_only(workdir: Path, questions: int, blocks: int = 10) -> None:
    """Questions on the indexes a ``--passages`` run kept: 10 segments and 1, block by block,
    the two engines taking turns to go first. The first to ask a question fills the caches the
    process shares (the analyser's, the answer types' regular expressions): timing the 10
    segments first, as this did before, gave the single segment those for free (ask +15 %
    where taking turns measures less)."""
    from askmali import load

    many_root, one_root = workdir / "index", workdir / "index-optimized"
    if not many_root.is_dir() or not one_root.is_dir():
        raise SystemExit(f"no indexes in {workdir}: run with --passages N first")
    many_engine, one_engine = load(many_root), load(one_root)
    segs = len(many_engine.manifest.get("segments", [None]))
    if len(one_engine.manifest.get("segments", [None])) != 1:
        raise SystemExit(f"{one_root} is not one segment")
    print(f"{len(many_engine):,} live passages: {segs} segments ({many_root}) against 1 ({one_root})")
    runs = [_timed_blocks(many_engine, questions, blocks), _timed_blocks(one_engine, questions, blocks)]
    for r in range(blocks):
        first, second = (0, 1) if r % 2 == 0 else (1, 0)
        got = {first: next(runs[first])}
        got[second] = next(runs[second])
        many, one = got[0], got[1]
    report(segs, many, one)


if __name__ == "__main__":
    main()
