"""Peak RSS of each phase of a fresh build, in-process (Linux): at every phase boundary the
process's high-water mark (VmHWM) is read and reset (``/proc/self/clear_refs``), so each line
is the peak of one phase alone. Phases are the build's progress stages and a few wrapped
functions (reading, the BM25 and TF-IDF finishing steps, writing). What is measured is one
process; ``build_memory.py`` measures the whole ``askmali index`` command.

    PYTHONPATH=src python benchmarks/build_phases.py CORPUS.jsonl [--index DIR] [--keep]
"""

from __future__ import annotations

import argparse
import os
import shutil
import time
from pathlib import Path

from askmali import bm25, indexing, passages, store, tfidf


class Phases:
    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.phase = "imports"
        self.peaks: list[tuple[str, int]] = []

    @staticmethod
    def _status(key: str) -> int:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(key):
                    return int(line.split()[1]) // 1024
        return -1

    def mark(self, phase: str) -> None:
        """End the current phase (print its peak and the RSS at its end), start ``phase``."""
        peak, now = self._status("VmHWM:"), self._status("VmRSS:")
        self.peaks.append((self.phase, peak))
        print(f"{time.perf_counter() - self.start:7.1f} s  CPU {time.process_time():7.1f} s  "
              f"{self.phase:<40s} peak {peak:6d} MB  at its end {now:6d} MB", flush=True)
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")  # reset the high-water mark
        self.phase = phase

    def wrap(self, owner, name: str, label: str) -> None:
        raw = owner.__dict__[name]
        is_classmethod = isinstance(raw, classmethod)
        fn = raw.__func__ if is_classmethod else raw

        def inner(*args, **kwargs):
            outer = self.phase.split(" (after ")[0]
            self.mark(label)
            try:
                return fn(*args, **kwargs)
            finally:
                self.mark(f"{outer} (after {label})")

        setattr(owner, name, classmethod(inner) if is_classmethod else inner)

    def progress(self, stage: str, done: int, total: int) -> None:
        if done <= 1 and not self.phase.startswith(stage):
            self.mark(stage)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--index", type=Path, default=Path("/tmp/askmali-build-phases"))
    ap.add_argument("--keep", action="store_true", help="keep the index (it is removed after measuring)")
    args = ap.parse_args(argv)
    os.environ.setdefault("ASKMALI_MAX_FILE_MB", "100000")
    phases = Phases()
    for owner, name, label in (
        (indexing, "read_sources", "reading (fingerprints)"),
        (bm25.BM25Builder, "finish", "BM25 postings placed"),
        (passages.TableBuilder, "finish", "passage table finished"),
        (tfidf.WordDocCounter, "finish", "TF-IDF word x document matrix"),
        (tfidf._Postings, "finished", "TF-IDF postings written"),
        (store, "write_generation", "writing the generation"),
    ):
        phases.wrap(owner, name, label)
    shutil.rmtree(args.index, ignore_errors=True)
    phases.mark("start")
    indexing.build([args.corpus], args.index, progress=phases.progress)
    phases.mark("end")
    worst = max(phases.peaks, key=lambda p: p[1])
    print(f"wall {time.perf_counter() - phases.start:.1f} s, CPU {time.process_time():.1f} s, "
          f"peak {worst[1]} MB in: {worst[0]}; load average {os.getloadavg()[0]:.2f}")
    if not args.keep:
        shutil.rmtree(args.index, ignore_errors=True)


if __name__ == "__main__":
    main()
