"""Peak memory of a fresh build: ``askmali index`` of the synthetic corpus (benchmarks/corpus.py)
in a child process, its wall time, CPU time and peak RSS read by ``os.wait4`` as ``bench.py``
reads them (``bench.run_child``; a build is one process). No questions, no peers.

    PYTHONPATH=src python benchmarks/build_memory.py 300000 [--workdir /tmp/askmali-bench-build]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench  # noqa: E402
from corpus import write_corpus  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("passages", type=int)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/askmali-bench-build"))
    ap.add_argument("--keep", action="store_true", help="keep the index (it is removed after measuring)")
    args = ap.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    bench.CHILD_ENV["PYTHONPYCACHEPREFIX"] = str(args.workdir / "pycache")
    corpus = write_corpus(args.workdir / f"corpus-{args.passages}.jsonl", args.passages)
    index = args.workdir / f"index-{args.passages}"
    shutil.rmtree(index, ignore_errors=True)
    load = os.getloadavg()[0]
    run = bench.run_child(bench.askmali_cmd("index", str(corpus), "--index", str(index)))
    if run["code"] != 0:
        raise SystemExit(f"build failed ({run['code']}): {run['stderr'].strip()[-500:]}")
    print(json.dumps({
        "passages_requested": args.passages, "corpus_bytes": corpus.stat().st_size, "wall_s": round(run["wall"], 1),
        "cpu_s": round(run["cpu"], 1), "peak_rss_mb": round(run["maxrss_mb"]), "index_bytes": bench.index_size(index),
        "load_average": [load, os.getloadavg()[0]], "summary": run["stderr"].strip().splitlines()[-1],
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }))
    if not args.keep:
        shutil.rmtree(index, ignore_errors=True)


if __name__ == "__main__":
    main()
