"""askmali's speed, measured: build, index size, cold and warm questions, and its peers.

    PYTHONPATH=src python benchmarks/bench.py                         # seeds + 10k + 100k passages
    PYTHONPATH=src python benchmarks/bench.py --passages 100000 --mode corpus --reuse-index
    PYTHONPATH=src python benchmarks/bench.py --mode seeds             # seeds only (~1 minute)
    PYTHONPATH=src python benchmarks/bench.py --mode pdf               # PDF pages/s (../shared/documents/pdf)

Seeds mode: a cold ``python -m askmali ask "…"`` on the seeds index (median of ``--cold-runs``
fresh processes) and a batch of 1,000 questions (the 194 of eval/questions.yaml, cycled) through
``askmali ask - --format jsonl``.

Corpus mode, for each ``--passages N``: a synthetic JSONL corpus (benchmarks/corpus.py: PIAF
sentences recombined with a fixed seed, ~100 words a passage) is indexed by ``askmali index`` in
a child process (wall time, and peak RSS from ``os.wait4``; ``--reuse-index`` keeps an index
already built in ``--workdir``); then the index size on disk, cold asks, warm ``Engine.ask``,
and the peers (``bench_peers``), one PIAF question at a time, each on its documented fast path
and on the path a user takes (string in, top 10 out), all on the same terms (askmali's analyser:
French stop words and Snowball, for the corpus and the questions) and the same k1 and b:

- BM25: bm25s on its numba backend (token ids in; string in), bm25s ``get_scores`` alone,
  bm25s numpy ``retrieve``, rank-bm25 ``get_scores`` (on ``--rank-bm25-queries`` questions, it
  is slow), askmali's BM25 scores + top 10 and ``search(q, k=10, retriever="bm25")`` (hits whose
  passages are decoded when read; a second row reads every hit's passage);
- char TF-IDF: scikit-learn ``TfidfVectorizer.transform`` over askmali's n-grams and idf, then a
  sparse product with the same document matrix; askmali's scores + top 10, and
  ``search(q, k=10, retriever="tfidf")``;
- the hybrid beside them: ``search(q, k=10)`` (both signals, fusion, re-ranking);
- askmali's BM25 and hybrid searches again with numpy alone, as on an install without a C
  compiler (``askmali.kernels``: the same scores, without the compiled loops).

PDF mode: every PDF of ``--pdf-dir`` (default ../shared/documents/pdf, 926 pages of Debian and
TeX manuals) read by askmali's PDF reader in this process (pages/s of reading alone), then indexed
by ``askmali index`` in a child process (wall time, pages/s, peak RSS), a cold ask on it, and
the same pages joined into one 1,000-page PDF (pypdfium2) indexed alone.

Nothing here is a test: numbers depend on the machine and its load (reported with them).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(Path(__file__).resolve().parent)]

from corpus import known_questions, write_corpus  # noqa: E402

SEED_QUESTION = "Quand la Cedeao a-t-elle partiellement levé ses sanctions contre le Mali ?"
CORPUS_QUESTION = "Combien de personnes travaillent au ministère des sports ?"
BLOCKS = 10  # peers: the timed questions are asked in this many blocks, each call in turn (bench_peers)
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

    from askmali import kernels

    return {
        "compiled_loops": kernels.compiled is not None,  # askmali._kernels built (setup.py)
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
    return {"p50_ms": statistics.median(ms), "p90_ms": ms[min(len(ms) - 1, int(0.90 * len(ms)))],
            "p95_ms": ms[min(len(ms) - 1, int(0.95 * len(ms)))], "mean_ms": statistics.fmean(ms), "n": len(ms)}


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


def _top10(scores):
    """The 10 best rows of a score array, best first (what every peer returns)."""
    import numpy as np

    top = np.argpartition(scores, -10)[-10:] if scores.size > 10 else np.arange(scores.size)
    return top[np.argsort(-scores[top], kind="stable")]


def _sklearn_char_tfidf(tfidf):
    """scikit-learn's ``TfidfVectorizer`` over askmali's char n-grams and idf (the tests check the
    two models agree), and the document matrix as features x documents CSR (askmali's layout)."""
    import numpy as np
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfVectorizer

    from askmali.analysis import fold

    if hasattr(tfidf, "features"):  # raw statistics: sklearn's features are the kept n-grams
        kept = tfidf.features()
        terms = [tfidf.vocab.term(int(i)) for i in kept]
        indptr, doc_ids, weights = tfidf.matrix()
    else:  # an index written before raw statistics: the kept n-grams' weights are stored
        terms = tfidf.vocab.terms()
        indptr, doc_ids, weights = tfidf.indptr, tfidf.doc_ids, tfidf.weights
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=tfidf.ngram_range, preprocessor=fold,
                                 lowercase=False, sublinear_tf=tfidf.sublinear_tf, vocabulary=terms,
                                 dtype=np.float32)
    vectorizer.fit([""])  # fixes the vocabulary; the idf is askmali's (same smoothing, same counts)
    vectorizer.idf_ = np.asarray(tfidf.idf, dtype=np.float64)
    matrix = sp.csr_array((weights, doc_ids, indptr), shape=(len(terms), tfidf.n_docs))
    return vectorizer, matrix


def bench_peers(index: Path, questions: list[str], warmup: list[str], rank_bm25_queries: int) -> dict:
    """Each peer on its documented fast path and on the path a user takes (string in, top 10
    out), one question at a time, on the same terms: askmali's analyser (French stop words,
    Snowball) makes the corpus terms of every BM25 and the query terms of every peer (one
    ``Analyzer`` per row: the "string in" rows pay for analysing each question, as askmali does).

    Every call is built first; then the questions, cut in ``BLOCKS`` blocks, are asked block by
    block: each call asks the block's questions one after the other (as a process answering
    questions would, its own data warm in the CPU caches), then the next call does, in an order
    that rotates from block to block, so that the load of a shared machine falls alike on every
    row. Each row reports wall time and the CPU time of this process (less sensitive to other
    processes). Each askmali row has an engine of its own: no cache carries from one row to
    another."""
    import bm25s
    import numpy as np
    from rank_bm25 import BM25Okapi

    import askmali
    from askmali import fusion, kernels

    from askmali.analysis import Analyzer

    engine = askmali.load(index)
    analyze = Analyzer().query_terms  # makes the prepared tokens of the "tokens in" rows
    k1, b = engine.manifest["bm25"]["k1"], engine.manifest["bm25"]["b"]
    t = time.perf_counter()
    tokens = indexed_tokens(engine)
    out: dict = {"tokenize_corpus_s": time.perf_counter() - t}
    calls: list[tuple[str, str, object, str, int]] = []  # name, path, fn, argument kind, questions

    def call(name: str, path: str, fn, kind: str = "question", limit: int = len(questions)) -> None:
        calls.append((name, path, fn, kind, limit))

    def own():
        """The analyser of one "string in" row: its memo of words met is its own, as each
        askmali engine's is, so no row finds a question analysed by another."""
        return Analyzer().query_terms

    for backend in ("numba", "numpy"):  # bm25s: its documented fast path (numba), then numpy
        t = time.perf_counter()
        retriever = bm25s.BM25(k1=k1, b=b, method="lucene", backend=backend)
        retriever.index(tokens, show_progress=False)
        out[f"bm25s_{backend}_build_s"] = time.perf_counter() - t
        retrieve = partial(retriever.retrieve, k=10, show_progress=False)  # n_threads=0: serial, this thread
        if backend == "numba":
            call("bm25s numba `retrieve`, token ids in", "fast", lambda ids, r=retrieve: r([ids]), "ids")
            call("bm25s numba `retrieve`, string in", "user", lambda q, r=retrieve, a=own(): r([a(q)]))
            ids_of = retriever.get_tokens_ids
        else:
            call("bm25s `get_scores` alone, tokens in (no top-k)", "fast", retriever.get_scores, "tokens")
            call("bm25s numpy `retrieve`, string in", "user", lambda q, r=retrieve, a=own(): r([a(q)]))
    t = time.perf_counter()
    okapi = BM25Okapi(tokens, k1=k1, b=b)
    out["rank_bm25_build_s"] = time.perf_counter() - t
    del tokens
    call("rank-bm25 `get_scores`, tokens in", "fast", okapi.get_scores, "tokens", rank_bm25_queries)
    call("rank-bm25 `get_scores` + top 10, string in", "user", lambda q, a=own(): _top10(okapi.get_scores(a(q))),
         limit=rank_bm25_queries)

    def engine_call(name: str, path: str, method) -> None:
        e = askmali.load(index)
        call(name, path, lambda q: method(e, q))

    e = askmali.load(index)
    call("askmali `BM25.score` + top 10, tokens in", "fast", lambda terms: fusion.top_k(e.bm25.score(terms), 10),
         "tokens")
    if kernels.compiled is not None:  # the score vector's ranking, from the touched documents alone
        call("askmali `BM25.top`, tokens in (top 10 of the documents touched)", "fast",
             lambda terms, e=askmali.load(index): e.bm25.top(terms, (), 0.0, 10, None), "tokens")
    engine_call("askmali BM25 scores + top 10, string in (typo correction included)", "fast",
                lambda e, q: fusion.top_k(e.bm25.score(e.query_terms(q)), 10))
    engine_call('askmali `search(q, k=10, retriever="bm25")`', "user", lambda e, q: e.search(q, 10, retriever="bm25"))
    # a hit's passage is decoded when read: the row above ranks and scores, this one also reads
    # each hit's passage (its id, source, lines and text), as `askmali search` prints them
    engine_call('askmali `search(q, k=10, retriever="bm25")` + every hit\'s passage read', "user",
                lambda e, q: [h.passage.text for h in e.search(q, 10, retriever="bm25")])
    vectorizer, matrix = _sklearn_char_tfidf(engine.tfidf)  # same n-grams, idf and document matrix
    call("scikit-learn `TfidfVectorizer.transform` + sparse product + top 10, string in", "user",
         lambda q: _top10((vectorizer.transform([q]) @ matrix).toarray().ravel()))
    engine_call("askmali char TF-IDF scores + top 10, string in", "fast",
                lambda e, q: fusion.top_k(e.tfidf.score(q), 10))
    engine_call('askmali `search(q, k=10, retriever="tfidf")`', "user", lambda e, q: e.search(q, 10, retriever="tfidf"))
    engine_call("askmali hybrid `search(q, k=10)`", "user", lambda e, q: e.search(q, 10))
    # the same two searches on an install without a C compiler: numpy loops, the same scores
    engine_call('askmali `search(q, k=10, retriever="bm25")`, numpy alone (no compiled loops)', "user",
                lambda e, q: _numpy_alone(e.search, q, 10, retriever="bm25"))
    engine_call("askmali hybrid `search(q, k=10)`, numpy alone (no compiled loops)", "user",
                lambda e, q: _numpy_alone(e.search, q, 10))

    def argument(kind: str, q: str):
        return q if kind == "question" else analyze(q) if kind == "tokens" else ids_of(analyze(q))

    prepared = [[argument(kind, q) for q in warmup + questions] for _, _, _, kind, _ in calls]
    for c, (name, _, fn, _, _) in enumerate(calls):  # warm-up (and numba's JIT), untimed
        for arg in prepared[c][: min(5, len(warmup))]:
            fn(arg)
    wall: list[list[float]] = [[] for _ in calls]
    cpu: list[list[float]] = [[] for _ in calls]
    print(f"  {len(calls)} calls x {len(questions)} questions, in {BLOCKS} blocks …", file=sys.stderr, flush=True)
    bounds = [len(questions) * r // BLOCKS for r in range(BLOCKS + 1)]
    for r in range(BLOCKS):
        for j in range(len(calls)):
            c = (r + j) % len(calls)
            fn, limit = calls[c][2], calls[c][4]
            for i in range(bounds[r], min(bounds[r + 1], limit)):
                arg = prepared[c][len(warmup) + i]
                t, u = time.perf_counter(), time.process_time()
                fn(arg)
                cpu[c].append(time.process_time() - u)
                wall[c].append(time.perf_counter() - t)
    out["rows"] = {
        name: {"path": path, "note": f"{limit} questions" if limit < len(questions) else "",
               **percentiles(wall[c]), "cpu": percentiles(cpu[c])}
        for c, (name, path, _, _, limit) in enumerate(calls)
    }
    return out


def _numpy_alone(fn, *args, **kwargs):
    """``fn(*args, **kwargs)`` with askmali's compiled loops turned off (``askmali.kernels``)."""
    from askmali import kernels

    saved, kernels.compiled = kernels.compiled, None
    try:
        return fn(*args, **kwargs)
    finally:
        kernels.compiled = saved


def bench_corpus(n: int, work: Path, n_queries: int, rank_bm25_queries: int, cold_runs: int, reuse: bool) -> dict:
    import askmali

    corpus = write_corpus(work / f"corpus-{n}.jsonl", n)
    index = work / f"index-{n}"
    result: dict = {"passages": None, "corpus_bytes": corpus.stat().st_size}
    if reuse and index.is_dir():
        print(f"[{n:,} passages] reusing {index}", file=sys.stderr, flush=True)
    else:
        print(f"[{n:,} passages] building …", file=sys.stderr, flush=True)
        build = run_child(askmali_cmd("index", str(corpus), "--index", str(index)))  # JSONL is streamed: no limit
        if build["code"] != 0:
            raise SystemExit(f"build failed: {build['stderr']}")
        result.update(build_s=build["wall"], build_cpu_s=build["cpu"], build_peak_rss_mb=build["maxrss_mb"])
        print(f"[{n:,} passages] built in {build['wall']:.1f} s", file=sys.stderr, flush=True)
    result["index_bytes"] = index_size(index)
    print(f"[{n:,} passages] cold asks …", file=sys.stderr, flush=True)
    result["cold_ask"] = cold_ask(index, CORPUS_QUESTION, cold_runs)
    t = time.perf_counter()
    engine = askmali.load(index)
    result["load_s"] = time.perf_counter() - t
    result["passages"] = len(engine)
    # disjoint samples: warm-up, retrieval (every peer gets the same ones), answers; so no timed
    # question finds its own passages or terms in a cache. Each question has a term the index knows
    # (bm25s refuses a query without one).
    pool = known_questions(engine)
    sample = random.Random(1).sample(pool, 20 + 2 * n_queries)
    warmup, questions, asked = sample[:20], sample[20 : 20 + n_queries], sample[20 + n_queries :]
    for q in warmup:  # first-touch page faults of the arrays, lazy imports
        engine.ask(q)
    result["askmali_ask"] = percentiles(timed_each(engine.ask, asked))
    del engine
    print(f"[{n:,} passages] warm ask p50 {result['askmali_ask']['p50_ms']:.2f} ms; peers …", file=sys.stderr, flush=True)
    result["peers"] = bench_peers(index, questions, warmup, rank_bm25_queries)
    rows = result["peers"]["rows"]
    bm25, bm25s_numba = rows['askmali `search(q, k=10, retriever="bm25")`'], rows["bm25s numba `retrieve`, string in"]
    hybrid, okapi = rows["askmali hybrid `search(q, k=10)`"], rows["rank-bm25 `get_scores` + top 10, string in"]
    result["ratios"] = {  # user paths, p50: wall time, and CPU time (less moved by a loaded machine)
        "askmali_bm25_over_bm25s_numba": bm25["p50_ms"] / bm25s_numba["p50_ms"],
        "askmali_bm25_over_bm25s_numba_cpu": bm25["cpu"]["p50_ms"] / bm25s_numba["cpu"]["p50_ms"],
        "rank_bm25_over_askmali_hybrid": okapi["p50_ms"] / hybrid["p50_ms"],
        "rank_bm25_over_askmali_hybrid_cpu": okapi["cpu"]["p50_ms"] / hybrid["cpu"]["p50_ms"],
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
            ("build (wall)", lambda r: f"{r['build_s']:.1f} s" if "build_s" in r else "(reused)"),
            ("build peak RSS", lambda r: f"{r['build_peak_rss_mb']:,.0f} MB" if "build_s" in r else "(reused)"),
            ("index on disk", lambda r: _mb(r["index_bytes"])),
            ("cold `askmali ask` (median)", lambda r: f"{r['cold_ask']['median_s']:.2f} s"),
            ("askmali `ask` p50 / p90", lambda r: f"{r['askmali_ask']['p50_ms']:.2f} / {r['askmali_ask']['p90_ms']:.2f} ms"),
            ("askmali BM25 p50 / bm25s numba p50, string in (wall; CPU)",
             lambda r: f"{r['ratios']['askmali_bm25_over_bm25s_numba']:.2f}x; "
                       f"{r['ratios']['askmali_bm25_over_bm25s_numba_cpu']:.2f}x"),
            ("rank-bm25 p50 / askmali hybrid p50, string in (wall; CPU)",
             lambda r: f"{r['ratios']['rank_bm25_over_askmali_hybrid']:,.0f}x; "
                       f"{r['ratios']['rank_bm25_over_askmali_hybrid_cpu']:,.0f}x"),
        ]
        for label, cell in rows:
            lines.append(f"| {label} | " + " | ".join(cell(corpora[c]) for c in cols) + " |")
        for c in cols:
            lines += ["", f"Peers at {corpora[c]['passages']:,} passages, one question at a time, top 10 "
                      "(fast: the peer's documented fast path; user: string in, results out):", "",
                      "| call | path | p50 | p90 | CPU p50 |", "| --- | --- | --- | --- | --- |"]
            for name, row in corpora[c]["peers"]["rows"].items():
                note = f" ({row['note']})" if row["note"] else ""
                lines.append(f"| {name}{note} | {row['path']} | {row['p50_ms']:.3f} ms | {row['p90_ms']:.3f} ms "
                             f"| {row['cpu']['p50_ms']:.3f} ms |")
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
    ap.add_argument("--reuse-index", action="store_true",
                    help="use an index already in --workdir instead of building it (no build figures)")
    ap.add_argument("--json", type=Path, help="write the results here")
    args = ap.parse_args(argv)
    if args.mode in ("all", "corpus"):
        missing = [name for name in ("bm25s", "numba", "rank_bm25", "scipy") if importlib.util.find_spec(name) is None]
        if missing:  # found before an hour of index building, not after it
            sys.exit(f"bench.py: the peers need {', '.join(missing)}: pip install -e '.[bench]'")
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
            report["corpora"][str(n)] = bench_corpus(n, args.workdir, args.queries, args.rank_bm25_queries, args.cold_runs,
                                                     args.reuse_index)
            if args.json:  # keep what is done if a bigger size fails
                args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    report["load_average_end"] = os.getloadavg()
    print(table(report))
    print(f"\nload average: {report['load_average_start'][0]:.1f} at start, {report['load_average_end'][0]:.1f} at end")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
