"""Where a warm ``Engine.search`` spends its time: p50 over PIAF questions, or a cProfile table.

    PYTHONPATH=src python benchmarks/profile_search.py --index IDX [--retriever bm25] [--profile]

The questions are bench.py's kind (PIAF questions with a term the index knows, a fixed
``random.Random(seed)`` sample); the first 20 warm the process up and are not timed. Without
``--profile``: the p50 and mean of each of three passes. With it: one pass under cProfile, the
functions by their own time. Nothing here is a test: numbers depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(Path(__file__).resolve().parent)]

import askmali  # noqa: E402
from corpus import known_questions  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--retriever", default="hybrid", choices=("hybrid", "bm25", "tfidf"))
    ap.add_argument("--questions", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--profile", action="store_true", help="one pass under cProfile instead of timings")
    args = ap.parse_args(argv)
    engine = askmali.load(args.index)
    sample = random.Random(args.seed).sample(known_questions(engine), 20 + args.questions)
    warm, questions = sample[:20], sample[20:]
    for q in warm:
        engine.search(q, k=10, retriever=args.retriever)
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for q in questions:
            engine.search(q, k=10, retriever=args.retriever)
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
        return
    for _ in range(3):
        times = []
        for q in questions:
            t = time.perf_counter()
            engine.search(q, k=10, retriever=args.retriever)
            times.append(time.perf_counter() - t)
        times.sort()
        print(f"{args.retriever}: p50 {times[len(times) // 2] * 1e3:.3f} ms, mean {sum(times) / len(times) * 1e3:.3f} ms")


if __name__ == "__main__":
    main()
