"""Scratch benchmark: askmali BM25 + char TF-IDF at 100k synthetic French passages.

Passages are PIAF sentences recombined with a fixed seed (~100 words each); queries are PIAF
questions. Reports build time and peak RSS per stage, nnz, index size, and warm query latency
of askmali (both signals, memory-mapped) against rank_bm25 BM25Okapi.get_scores and bm25s
retrieve on the same tokens.

    PYTHONPATH=src /tmp/venv/bin/python benchmarks/scratch/retrieval_100k.py [--docs 100000]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from askmali import fusion
from askmali.analysis import Analyzer
from askmali.bm25 import BM25
from askmali.tfidf import DEFAULT_MAX_DF, DEFAULT_MIN_DF, CharTfidf

PIAF = Path("/work/shared/datasets/piaf")


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def synthetic(n_docs: int, seed: int = 0) -> list[str]:
    texts = [json.loads(line)["text"] for line in (PIAF / "passages.jsonl").open(encoding="utf-8")]
    sentences = [s for t in texts for s in re.split(r"(?<=[.!?])\s+", t) if len(s.split()) >= 4]
    rng = random.Random(seed)
    docs = []
    for _ in range(n_docs):
        words, parts = 0, []
        while words < 100:
            s = rng.choice(sentences)
            parts.append(s)
            words += len(s.split())
        docs.append(" ".join(parts))
    return docs


def timed(label: str, fn):
    t, c = time.perf_counter(), time.process_time()
    out = fn()
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    print(f"{label:<28} {wall:7.2f} s wall {cpu:7.2f} s CPU   peak RSS {rss_mb():7.0f} MB", flush=True)
    return out


def pct(xs: list[float], p: float) -> float:
    return sorted(xs)[min(len(xs) - 1, int(p * len(xs)))] * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--max-df", type=float, default=DEFAULT_MAX_DF)
    ap.add_argument("--min-df", type=float, default=DEFAULT_MIN_DF)
    ap.add_argument("--compare", action="store_true", help="also time rank_bm25 and bm25s")
    args = ap.parse_args()
    min_df = int(args.min_df) if args.min_df >= 1 else args.min_df
    max_df = int(args.max_df) if args.max_df > 1 else args.max_df

    texts = synthetic(args.docs)
    print(f"{len(texts)} passages, {sum(len(t.split()) for t in texts) / len(texts):.0f} words avg, RSS {rss_mb():.0f} MB")
    an = Analyzer()
    t0, c0 = time.perf_counter(), time.process_time()
    tokens = timed("analysis (terms)", lambda: [an.terms(t) for t in texts])
    bm = timed("BM25.build", lambda: BM25.build(tokens))
    tf = timed("CharTfidf.build", lambda: CharTfidf.build(texts, min_df=min_df, max_df=max_df))
    print(f"{'total build':<28} {time.perf_counter() - t0:7.2f} s wall {time.process_time() - c0:7.2f} s CPU")
    print(f"bm25: {bm.params()['n_terms']} terms, {bm.params()['n_postings']:,} postings")
    print(f"tfidf: {tf.params()['n_features']} n-grams, {tf.params()['nnz']:,} nnz (min_df={min_df}, max_df={max_df})")

    with tempfile.TemporaryDirectory() as tmp:
        size = 0
        for prefix, index in (("bm25.", bm), ("tfidf.", tf)):
            for k, v in index.to_arrays().items():
                np.save(Path(tmp) / f"{prefix}{k}.npy", v, allow_pickle=False)
                size += (Path(tmp) / f"{prefix}{k}.npy").stat().st_size
        print(f"index size on disk: {size / 1e6:.0f} MB")
        load = lambda prefix: {p.name[len(prefix):-4]: np.load(p, mmap_mode="r") for p in Path(tmp).glob(f"{prefix}*.npy")}
        t = time.perf_counter()
        bm2 = BM25.from_arrays(load("bm25."), bm.params())
        tf2 = CharTfidf.from_arrays(load("tfidf."), tf.params())
        print(f"load (mmap) {1000 * (time.perf_counter() - t):.2f} ms")

        questions = [json.loads(line)["question"] for line in (PIAF / "questions.jsonl").open(encoding="utf-8")]
        questions = random.Random(1).sample(questions, args.queries)
        for q in questions[:20]:  # warm the page cache and the stem cache
            bm2.score(an.query_terms(q)), tf2.score(q)
        lat: dict[str, list[float]] = {k: [] for k in ("bm25 (analysis+score)", "char tfidf score", "fusion (top-100 x2, top-10)", "both + fusion", "both + fusion, CPU")}
        for q in questions:
            c = time.process_time()
            t = time.perf_counter()
            s_bm = bm2.score(an.query_terms(q))
            t1 = time.perf_counter()
            s_tf = tf2.score(q)
            t2 = time.perf_counter()
            cand = np.union1d(fusion.top_k(s_bm, 100), fusion.top_k(s_tf, 100))
            fused = fusion.fuse_minmax(s_bm, s_tf, 0.5, candidates=cand)
            cand[fusion.top_k(fused, 10)]
            t3 = time.perf_counter()
            for key, v in zip(lat, (t1 - t, t2 - t1, t3 - t2, t3 - t, time.process_time() - c)):
                lat[key].append(v)
        for name, xs in lat.items():
            print(f"{name:<28} p50 {pct(xs, .5):6.2f} ms  p95 {pct(xs, .95):6.2f} ms  mean {1000 * statistics.mean(xs):6.2f} ms")

    if args.compare:
        qtok = [an.query_terms(q) for q in questions]
        import bm25s

        ret = bm25s.BM25(k1=1.2, b=0.75)
        timed("bm25s index", lambda: ret.index(tokens, show_progress=False))
        vocab = ret.vocab_dict
        lat, cpu = [], []
        for toks in qtok:
            toks = [t for t in toks if t in vocab] or [next(iter(vocab))]
            t, c = time.perf_counter(), time.process_time()
            ret.retrieve([toks], k=10, show_progress=False, n_threads=0)
            lat.append(time.perf_counter() - t), cpu.append(time.process_time() - c)
        print(f"{'bm25s retrieve k=10':<28} p50 {pct(lat, .5):6.2f} ms  p95 {pct(lat, .95):6.2f} ms  CPU p50 {pct(cpu, .5):6.2f} ms")
        from rank_bm25 import BM25Okapi

        ref = timed("rank_bm25 BM25Okapi init", lambda: BM25Okapi(tokens, k1=1.2, b=0.75))
        lat, cpu = [], []
        for toks in qtok[:20]:
            t, c = time.perf_counter(), time.process_time()
            ref.get_scores(toks)
            lat.append(time.perf_counter() - t), cpu.append(time.process_time() - c)
        print(f"{'rank_bm25 get_scores':<28} p50 {pct(lat, .5):6.2f} ms  CPU p50 {pct(cpu, .5):6.2f} ms  (20 queries)")


if __name__ == "__main__":
    main()
