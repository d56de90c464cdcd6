"""askmali's speed, measured: build, index size, cold and warm questions, and two BM25 libraries.

    PYTHONPATH=src python benchmarks/bench.py                         # seeds + 10k + 100k passages
    PYTHONPATH=src python benchmarks/bench.py --passages 10000 --json /tmp/bench.json
    PYTHONPATH=src python benchmarks/bench.py --mode seeds             # seeds only (~1 minute)
    PYTHONPATH=src python benchmarks/bench.py --mode pdf               # PDF pages/s (../shared/documents/pdf)

Seeds mode: a cold ``python -m askmali ask "…"`` on the seeds index (median of ``--cold-runs``
fresh processes) and a batch of 1,000 questions (the 194 of eval/questions.yaml, cycled) through
``askmali ask - --format jsonl``.

Corpus mode, for each ``--passages N``: a synthetic JSONL corpus (benchmarks/corpus.py: PIAF
sentences recombined with a fixed seed, ~100 words a passage) is indexed by ``askmali index`` in
a child process (wall time, and peak RSS from ``os.wait4``); then the index size on disk, cold
asks, and warm latencies in this process over PIAF questions: ``Engine.search`` (retrieval
alone: BM25 and char TF-IDF, fused) and ``Engine.ask`` (retrieval plus answer). rank-bm25
(``BM25Okapi.get_scores``) and bm25s (``retrieve``, k=10, one query at a time) are timed on the
very tokens askmali's BM25 indexed (``Analyzer.terms`` of ``indexing.indexed_texts``) with the
same k1 and b; rank-bm25 only on a subset of the questions (``--rank-bm25-queries``), it is slow.

PDF mode: every PDF of ``--pdf-dir`` (default ../shared/documents/pdf, 926 pages of Debian and
TeX manuals) read by askmali's PDF reader in this process (pages/s of reading alone), then indexed
by ``askmali index`` in a child process (wall time, pages/s, peak RSS), a cold ask on it, and
the same pages joined into one 1,000-page PDF (pypdfium2) indexed alone.

Nothing here is a test: numbers depend on the machine and its load (reported with them).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(Path(__file__).resolve().parent)]

from corpus import piaf_questions, write_corpus  # noqa: E402

SEED_QUESTION = "Quand la Cedeao a-t-elle partiellement levé ses sanctions contre le Mali ?"
CORPUS_QUESTION = "Combien de personnes travaillent au ministère des sports ?"
# Children run as an installed askmali would: with compiled bytecode (pip compiles it at install;
# a checkout writes __pycache__ on first run). Some sandboxes set PYTHONDONTWRITEBYTECODE, which
# makes every run recompile askmali's sources (~60 ms): it is dropped here, and the bytecode goes
# to the work folder (PYTHONPYCACHEPREFIX) so the checkout stays clean. ``cold_ask`` reports the
# no-bytecode figure too.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
CHILD_ENV.update(PYTHONPATH=str(ROOT / "src"), NO_COLOR="1")


# ----------------------------------------------------------------------------- measuring


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    import numpy

    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gb": round(mem_kb / 2**20, 1),
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "platform": platform.platform(),
    }


def run_child(cmd: list[str], stdin: Path | None = None, env: dict | None = None) -> dict:
    """Run a command (stdout discarded); its wall time, CPU time and own peak RSS (wait4).
    ``env`` overrides ``CHILD_ENV``; a None value removes the variable."""
    import tempfile

    with open(stdin or os.devnull, "rb") as fin, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=fin, stdout=subprocess.DEVNULL, stderr=err,
                                env={k: v for k, v in {**CHILD_ENV, **(env or {})}.items() if v is not None}, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        message = err.read().decode("utf-8", "replace")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "maxrss_mb": usage.ru_maxrss / 1024,
            "code": proc.returncode, "stderr": message}


def askmali_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "askmali", *args]


def cold_ask(index: Path, question: str, runs: int) -> dict:
    """Median over ``runs`` fresh processes of ``askmali ask QUESTION --index INDEX`` (after one
    untimed run that writes the bytecode and pages the index in), then the same without
    bytecode (``PYTHONDONTWRITEBYTECODE=1`` and no cache: every module compiled from source)."""
    cmd = askmali_cmd("ask", question, "--index", str(index))
    out: dict = {"runs": runs}
    for label, env in (("", None), ("no_bytecode_", {"PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": None})):
        walls, cpus = [], []
        for i in range(runs + 1):
            r = run_child(cmd, env=env)
            if r["code"] not in (0, 1):
                raise SystemExit(f"cold ask failed ({r['code']}): {r['stderr']}")
            if i:
                walls.append(r["wall"])
                cpus.append(r["cpu"])
        out.update({f"{label}median_s": statistics.median(walls), f"{label}min_s": min(walls),
                    f"{label}cpu_median_s": statistics.median(cpus)})
    return out


def percentiles(seconds: list[float]) -> dict:
    ms = sorted(s * 1000 for s in seconds)
    return {"p50_ms": statistics.median(ms), "p95_ms": ms[min(len(ms) - 1, int(0.95 * len(ms)))],
            "mean_ms": statistics.fmean(ms), "n": len(ms)}


def timed_each(fn, items) -> list[float]:
    out = []
    for item in items:
        t = time.perf_counter()
        fn(item)
        out.append(time.perf_counter() - t)
    return out


def index_size(index: Path) -> int:
    from askmali import store

    return sum(p.stat().st_size for p in store.current_generation(index).iterdir() if p.is_file())


# ----------------------------------------------------------------------------- seeds


def bench_seeds(work: Path, cold_runs: int) -> dict:
    import yaml

    index = work / "seeds-index"
    build = run_child(askmali_cmd("index", str(ROOT / "seeds"), "--index", str(index)))
    questions = [q["question"] for q in yaml.safe_load((ROOT / "eval" / "questions.yaml").read_text(encoding="utf-8"))]
    batch = work / "seeds-1000-questions.txt"
    batch.write_text("\n".join((questions * 6)[:1000]) + "\n", encoding="utf-8")
    cold = cold_ask(index, SEED_QUESTION, cold_runs)
    run = run_child(askmali_cmd("ask", "-", "--format", "jsonl", "--index", str(index)), stdin=batch)
    if run["code"] not in (0, 1):
        raise SystemExit(f"batch failed ({run['code']}): {run['stderr']}")
    return {"build_s": build["wall"], "build_peak_rss_mb": build["maxrss_mb"], "index_bytes": index_size(index),
            "cold_ask": cold, "batch_1000": {"wall_s": run["wall"], "cpu_s": run["cpu"], "questions": 1000}}


# ----------------------------------------------------------------------------- corpus


def indexed_tokens(engine) -> list[list[str]]:
    """The terms askmali's BM25 indexed, passage by passage (to feed the other libraries)."""
    from askmali.indexing import BuildParams, indexed_texts

    params = BuildParams(**engine.manifest["build"])
    passages = [engine.passages.get(i) for i in range(len(engine))]
    return [engine.analyzer.terms(text) for text in indexed_texts(passages, params)]


def bench_competitors(engine, queries: list[list[str]], rank_bm25_queries: int) -> dict:
    import bm25s
    from rank_bm25 import BM25Okapi

    k1, b = engine.manifest["bm25"]["k1"], engine.manifest["bm25"]["b"]
    t = time.perf_counter()
    tokens = indexed_tokens(engine)
    out: dict = {"tokenize_s": time.perf_counter() - t}
    t = time.perf_counter()
    retriever = bm25s.BM25(k1=k1, b=b, method="lucene")
    retriever.index(tokens, show_progress=False)
    out["bm25s"] = {"build_s": time.perf_counter() - t}
    retrieve = lambda q: retriever.retrieve([q], k=10, show_progress=False, n_threads=1)  # noqa: E731
    timed_each(retrieve, queries[:5])
    out["bm25s"].update(percentiles(timed_each(retrieve, queries)))
    # for reference: bm25s's scoring alone (no top-k, no result objects), BM25 only
    out["bm25s_get_scores"] = percentiles(timed_each(retriever.get_scores, queries))
    t = time.perf_counter()
    okapi = BM25Okapi(tokens, k1=k1, b=b)
    out["rank_bm25"] = {"build_s": time.perf_counter() - t}
    del tokens
    out["rank_bm25"].update(percentiles(timed_each(okapi.get_scores, queries[:rank_bm25_queries])))
    return out


def bench_corpus(n: int, work: Path, n_queries: int, rank_bm25_queries: int, cold_runs: int) -> dict:
    import askmali

    corpus = write_corpus(work / f"corpus-{n}.jsonl", n)
    index = work / f"index-{n}"
    print(f"[{n:,} passages] building …", file=sys.stderr, flush=True)
    build = run_child(askmali_cmd("index", str(corpus), "--index", str(index)))  # JSONL is streamed: no limit
    if build["code"] != 0:
        raise SystemExit(f"build failed: {build['stderr']}")
    result: dict = {"passages": None, "corpus_bytes": corpus.stat().st_size, "build_s": build["wall"],
                    "build_cpu_s": build["cpu"], "build_peak_rss_mb": build["maxrss_mb"],
                    "index_bytes": index_size(index)}
    print(f"[{n:,} passages] built in {build['wall']:.1f} s; cold asks …", file=sys.stderr, flush=True)
    result["cold_ask"] = cold_ask(index, CORPUS_QUESTION, cold_runs)
    t = time.perf_counter()
    engine = askmali.load(index)
    result["load_s"] = time.perf_counter() - t
    result["passages"] = len(engine)
    # three disjoint samples: warm-up, retrieval (also given to the other libraries), answers;
    # so no timed question finds its own passages or terms in a cache
    pool = [q for q in piaf_questions() if engine.analyzer.query_terms(q)]  # every system gets a query
    sample = random.Random(1).sample(pool, 20 + 2 * n_queries)
    warmup, questions, asked = sample[:20], sample[20 : 20 + n_queries], sample[20 + n_queries :]
    for q in warmup:  # first-touch page faults of the arrays, lazy imports
        engine.ask(q)
    result["askmali_search"] = percentiles(timed_each(lambda q: engine.search(q, 10), questions))
    result["askmali_ask"] = percentiles(timed_each(engine.ask, asked))
    print(f"[{n:,} passages] warm p50 search {result['askmali_search']['p50_ms']:.2f} ms, ask "
          f"{result['askmali_ask']['p50_ms']:.2f} ms; rank-bm25 and bm25s …", file=sys.stderr, flush=True)
    query_terms = [engine.analyzer.query_terms(q) for q in questions]
    result.update(bench_competitors(engine, query_terms, rank_bm25_queries))
    mine = result["askmali_search"]["p50_ms"]
    result["ratios"] = {
        "rank_bm25_over_askmali": result["rank_bm25"]["p50_ms"] / mine,
        "askmali_over_bm25s": mine / result["bm25s"]["p50_ms"],
    }
    return result


# ----------------------------------------------------------------------------- PDF


PDF_QUESTION = "Quel est le paquet le plus important à installer sur un système de développement ?"


def bench_pdf(work: Path, pdf_dir: Path, cold_runs: int) -> dict:
    from askmali.readers import pdf

    files = sorted(pdf_dir.glob("*.pdf"))
    if not files:
        raise SystemExit(f"no PDF in {pdf_dir}")
    per_file = {}
    for f in files:
        t = time.perf_counter()
        (doc,) = pdf.read(f, f.name)
        per_file[f.name] = {"pages": len(doc.places), "read_s": time.perf_counter() - t}
    pages = sum(v["pages"] for v in per_file.values())
    read_s = sum(v["read_s"] for v in per_file.values())
    index = work / "pdf-index"
    print(f"[pdf] {pages} pages read in {read_s:.1f} s; indexing …", file=sys.stderr, flush=True)
    build = run_child(askmali_cmd("index", str(pdf_dir), "--index", str(index)))
    if build["code"] != 0:
        raise SystemExit(f"build failed: {build['stderr']}")
    joined = join_pdf(files, work / "pdf-1000-pages.pdf", 1000)
    print("[pdf] indexing one 1,000-page PDF …", file=sys.stderr, flush=True)
    single = run_child(askmali_cmd("index", str(joined), "--index", str(work / "pdf-1000-index")))
    if single["code"] != 0:
        raise SystemExit(f"build failed: {single['stderr']}")
    return {"files": per_file, "pages": pages, "read_s": read_s, "read_pages_per_s": pages / read_s,
            "one_1000_page_pdf": {"build_s": single["wall"], "build_cpu_s": single["cpu"],
                                  "build_peak_rss_mb": single["maxrss_mb"]},
            "build_s": build["wall"], "build_cpu_s": build["cpu"], "build_pages_per_s": pages / build["wall"],
            "build_peak_rss_mb": build["maxrss_mb"], "index_bytes": index_size(index),
            "seconds_per_1000_pages": 1000 * build["wall"] / pages,
            "cold_ask": cold_ask(index, PDF_QUESTION, cold_runs)}


def join_pdf(files: list[Path], out: Path, pages: int) -> Path:
    """One PDF of the first ``pages`` pages of ``files`` read in a loop (pypdfium2 copies them)."""
    import pypdfium2 as pdfium

    joined = pdfium.PdfDocument.new()
    while len(joined) < pages:
        for f in files:
            joined.import_pages(pdfium.PdfDocument(str(f)))
            if len(joined) >= pages:
                break
    while len(joined) > pages:
        joined.del_page(len(joined) - 1)
    joined.save(str(out))
    return out


# ----------------------------------------------------------------------------- report


def _mb(n_bytes: float) -> str:
    return f"{n_bytes / 2**20:,.0f} MB" if n_bytes >= 2**20 else f"{n_bytes / 1024:,.0f} KB"


def table(report: dict) -> str:
    lines = []
    seeds = report.get("seeds")
    if seeds:
        lines += [
            "| seeds | value |",
            "| --- | --- |",
            f"| cold `askmali ask` (median of {seeds['cold_ask']['runs']}) | {seeds['cold_ask']['median_s']:.3f} s "
            f"(CPU {seeds['cold_ask']['cpu_median_s']:.3f} s) |",
            f"| the same, no bytecode cache | {seeds['cold_ask']['no_bytecode_median_s']:.3f} s |",
            f"| 1,000 questions, `ask - --format jsonl` | {seeds['batch_1000']['wall_s']:.2f} s "
            f"(CPU {seeds['batch_1000']['cpu_s']:.2f} s) |",
            f"| index build / size | {seeds['build_s']:.1f} s / {_mb(seeds['index_bytes'])} |",
            "",
        ]
    pdfs = report.get("pdf")
    if pdfs:
        lines += [
            f"| PDF ({len(pdfs['files'])} files, {pdfs['pages']} pages) | value |",
            "| --- | --- |",
            f"| reading alone (pypdfium2 + layout) | {pdfs['read_s']:.1f} s, {pdfs['read_pages_per_s']:.0f} pages/s |",
            f"| `askmali index` (wall) | {pdfs['build_s']:.1f} s (CPU {pdfs['build_cpu_s']:.1f} s), "
            f"{pdfs['build_pages_per_s']:.0f} pages/s |",
            f"| 1,000 pages, at that rate | {pdfs['seconds_per_1000_pages']:.1f} s |",
            f"| one 1,000-page PDF (the same pages joined), `askmali index` | "
            f"{pdfs['one_1000_page_pdf']['build_s']:.1f} s (CPU {pdfs['one_1000_page_pdf']['build_cpu_s']:.1f} s), "
            f"{pdfs['one_1000_page_pdf']['build_peak_rss_mb']:,.0f} MB peak |",
            f"| build peak RSS / index size | {pdfs['build_peak_rss_mb']:,.0f} MB / {_mb(pdfs['index_bytes'])} |",
            f"| cold `askmali ask` (median of {pdfs['cold_ask']['runs']}) | {pdfs['cold_ask']['median_s']:.3f} s |",
            "",
        ]
    corpora = report.get("corpora", {})
    if corpora:
        cols = list(corpora)
        lines.append("| passages | " + " | ".join(f"{corpora[c]['passages']:,}" for c in cols) + " |")
        lines.append("| --- |" + " --- |" * len(cols))
        rows = [
            ("build (wall)", lambda r: f"{r['build_s']:.1f} s"),
            ("build peak RSS", lambda r: f"{r['build_peak_rss_mb']:,.0f} MB"),
            ("index on disk", lambda r: _mb(r["index_bytes"])),
            ("cold `askmali ask` (median)", lambda r: f"{r['cold_ask']['median_s']:.2f} s"),
            ("askmali retrieval p50 / p95", lambda r: f"{r['askmali_search']['p50_ms']:.2f} / {r['askmali_search']['p95_ms']:.2f} ms"),
            ("askmali retrieval + answer p50 / p95", lambda r: f"{r['askmali_ask']['p50_ms']:.2f} / {r['askmali_ask']['p95_ms']:.2f} ms"),
            ("bm25s retrieve p50 / p95", lambda r: f"{r['bm25s']['p50_ms']:.2f} / {r['bm25s']['p95_ms']:.2f} ms"),
            ("bm25s get_scores p50 (BM25 scores only)", lambda r: f"{r['bm25s_get_scores']['p50_ms']:.2f} ms"),
            ("rank-bm25 get_scores p50 / p95", lambda r: f"{r['rank_bm25']['p50_ms']:.1f} / {r['rank_bm25']['p95_ms']:.1f} ms "
                                                         f"({r['rank_bm25']['n']} q)"),
            ("rank-bm25 p50 / askmali p50", lambda r: f"{r['ratios']['rank_bm25_over_askmali']:,.0f}x"),
            ("askmali p50 / bm25s p50", lambda r: f"{r['ratios']['askmali_over_bm25s']:.2f}x"),
        ]
        for label, cell in rows:
            lines.append(f"| {label} | " + " | ".join(cell(corpora[c]) for c in cols) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--passages", type=int, nargs="+", default=[10_000, 100_000], help="corpus sizes (passages)")
    ap.add_argument("--mode", choices=("all", "seeds", "corpus", "pdf"), default="all")
    ap.add_argument("--pdf-dir", type=Path, default=ROOT.parent / "shared" / "documents" / "pdf",
                    help="PDFs for --mode pdf")
    ap.add_argument("--queries", type=int, default=300, help="warm questions per corpus (PIAF, fixed sample)")
    ap.add_argument("--rank-bm25-queries", type=int, default=30, help="rank-bm25 is timed on this many of them")
    ap.add_argument("--cold-runs", type=int, default=10)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/askmali-bench"))
    ap.add_argument("--json", type=Path, help="write the results here")
    args = ap.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    CHILD_ENV["PYTHONPYCACHEPREFIX"] = str(args.workdir / "pycache")
    report: dict = {"machine": machine(), "load_average_start": os.getloadavg(),
                    "started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    if args.mode in ("all", "seeds"):
        print("[seeds] …", file=sys.stderr, flush=True)
        report["seeds"] = bench_seeds(args.workdir, args.cold_runs)
    if args.mode == "pdf":
        print("[pdf] …", file=sys.stderr, flush=True)
        report["pdf"] = bench_pdf(args.workdir, args.pdf_dir, args.cold_runs)
    if args.mode in ("all", "corpus"):
        report["corpora"] = {}
        for n in args.passages:
            report["corpora"][str(n)] = bench_corpus(n, args.workdir, args.queries, args.rank_bm25_queries, args.cold_runs)
            if args.json:  # keep what is done if a bigger size fails
                args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    report["load_average_end"] = os.getloadavg()
    print(table(report))
    print(f"\nload average: {report['load_average_start'][0]:.1f} at start, {report['load_average_end'][0]:.1f} at end")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
