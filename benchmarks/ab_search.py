"""This checkout's search against another revision's, in one process, question by question.

    PYTHONPATH=src python benchmarks/ab_search.py --index IDX --base 54c200a [--modes bm25 tfidf hybrid]

The ``askmali`` package of ``--base`` (``git archive``) is imported beside this checkout's under
another name (its modules import each other relatively), both open the same index, and each PIAF
question (the sample of bench.py: ``random.Random(seed)``, questions with a known term) is asked
of both, the order alternating from question to question, so that the load of a shared machine
and the CPU caches fall alike on both sides. CPU time (``time.process_time``) of each call; the
p50 of each side and the median of the per-question ratios. Separate runs of bench.py on a
loaded machine move by +-10 %; this pairing takes that out. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(Path(__file__).resolve().parent)]

from corpus import known_questions  # noqa: E402


def base_package(rev: str, into: Path) -> None:
    """``src/askmali`` of ``rev`` as the package ``askmali_base`` in ``into``."""
    tar = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src/askmali"], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(tar)) as t:
        t.extractall(into, filter="data")
    (into / "src" / "askmali").rename(into / "askmali_base")
    # the compiled loops: the base gets this checkout's build when its C source is the same
    # (git archive holds no build; without it the base would score with numpy alone), else its
    # own source compiled with setup.py's flags when a C compiler is there; the printed line
    # says whether each side had them
    base, here = into / "askmali_base", ROOT / "src" / "askmali"
    source = base / "_kernels.c"
    if source.is_file() and source.read_bytes() == (here / "_kernels.c").read_bytes():
        for built in here.glob("_kernels*.so"):
            shutil.copy(built, base / built.name)
    elif source.is_file() and shutil.which("cc"):  # another C source: built as setup.py builds it
        import sysconfig

        target = base / f"_kernels{sysconfig.get_config_var('EXT_SUFFIX')}"
        flags = ["-O3", "-ffp-contract=off", "-fno-fast-math", "-shared", "-fPIC"]
        subprocess.run(["cc", *flags, f"-I{sysconfig.get_paths()['include']}", str(source), "-o", str(target)], check=False)
    sys.path.insert(0, str(into))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--base", required=True, help="git revision to compare with")
    ap.add_argument("--modes", nargs="+", default=["bm25", "tfidf", "hybrid"], choices=["bm25", "tfidf", "hybrid", "ask"])
    ap.add_argument("--questions", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        base_package(args.base, Path(tmp))
        import askmali
        import askmali_base
        from askmali import kernels as this_kernels
        from askmali_base import kernels as base_kernels

        probe = askmali.load(args.index)
        pool = known_questions(probe)
        sample = random.Random(args.seed).sample(pool, 20 + args.questions)
        warm, questions = sample[:20], sample[20:]
        for mode in args.modes:
            engines = {"base": askmali_base.load(args.index), "this": askmali.load(args.index)}

            def call(engine, q: str):
                if mode == "ask":
                    return engine.ask(q)
                return engine.search(q, 10, retriever=mode)

            for q in warm:
                for engine in engines.values():
                    call(engine, q)
            cpu: dict[str, list[float]] = {"base": [], "this": []}
            for i, q in enumerate(questions):
                for name in ("base", "this") if i % 2 == 0 else ("this", "base"):
                    t = time.process_time()
                    call(engines[name], q)
                    cpu[name].append(time.process_time() - t)
            b, n = (statistics.median(cpu[k]) * 1e3 for k in ("base", "this"))
            ratio = statistics.median(x / y for x, y in zip(cpu["this"], cpu["base"]) if y > 0)
            compiled = f"compiled loops: base {'yes' if base_kernels.compiled else 'no'}, this {'yes' if this_kernels.compiled else 'no'}"
            print(f"{mode:6s} CPU p50 {args.base} {b:.3f} ms, this {n:.3f} ms ({(n / b - 1) * 100:+.0f} %), "
                  f"median per-question ratio {ratio:.3f}; load {os.getloadavg()[0]:.1f}; {compiled}", flush=True)


if __name__ == "__main__":
    main()
