"""Grid-search the retrieval knobs on the PIAF *dev* split (never the test split).

    python scripts/tune_retrieval.py [--dataset ../shared/datasets/piaf] [--split dev]

For each BM25 (k1, b) and title setting it builds the signals once, then scores every fusion
weight on the same score arrays; it prints R@1, R@5 and MRR@10 per setting, best last. Relevance
is "the passage comes from a gold record", as in ``askmali eval --dataset``.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np

from askmali import fusion
from askmali.analysis import Analyzer
from askmali.bm25 import BM25
from askmali.indexing import BuildParams, chunk_documents, read_corpus
from askmali.metrics import summarize_ranking as summarize
from askmali.questionsets import load_dataset
from askmali.tfidf import CharTfidf


def metrics(ranked: list[np.ndarray], gold: list[np.ndarray]) -> tuple[float, float, float]:
    return summarize([rel[order[:10]] for order, rel in zip(ranked, gold)])


def fused_order(bm: np.ndarray, tf: np.ndarray, w: float, cand_n: int = 100) -> np.ndarray:
    pools = [fusion.top_k(s, cand_n) for s in (bm, tf)]
    cand = np.union1d(*[p[s[p] > 0] for p, s in zip(pools, (bm, tf))])
    if cand.size == 0:
        return cand
    f = fusion.fuse_minmax(bm[cand], tf[cand], weight_a=w)
    return cand[np.lexsort((cand, -f))][:10]


def rrf_order(bm: np.ndarray, tf: np.ndarray, cand_n: int = 100) -> np.ndarray:
    """Reciprocal rank fusion (k=60) of each signal's top ``cand_n``, for comparison."""
    rankings = []
    for s in (bm, tf):
        top = fusion.top_k(s, cand_n)
        rankings.append([int(d) for d in top[s[top] > 0]])
    scores = fusion.rrf(rankings)
    return np.array(sorted(scores, key=lambda d: (-scores[d], d))[:10], dtype=np.int64)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dataset", type=Path, default=Path(__file__).resolve().parents[2] / "shared/datasets/piaf")
    ap.add_argument("--split", default="dev")
    ap.add_argument("--k1", default="0.9,1.2,1.5")
    ap.add_argument("--b", default="0.5,0.75,0.9")
    ap.add_argument("--weights", default="0.3,0.4,0.5,0.6,0.7,0.8,1.0")
    ap.add_argument("--rrf", action="store_true", help="also score RRF (k=60) fusion per setting")
    args = ap.parse_args()
    if args.split == "test":
        sys.exit("tune on dev only")
    passages_path, questions = load_dataset(args.dataset, args.split)
    _, docs = read_corpus([passages_path])
    passages = chunk_documents(docs, BuildParams())
    sources = np.array([p.source for p in passages])
    gold = [np.isin(sources, list(q.sources)) for q in questions]
    an = Analyzer()
    tf_index = CharTfidf.build([p.text for p in passages])
    tf_scores = [tf_index.score(q.question) for q in questions]
    q_terms = [an.query_terms(q.question) for q in questions]
    bodies = {False: [an.terms(p.text) for p in passages],
              True: [an.terms(f"{p.title}\n{p.text}") for p in passages]}
    weights = [float(w) for w in args.weights.split(",")]
    rows = []
    for title, k1, b in itertools.product((True,), map(float, args.k1.split(",")), map(float, args.b.split(","))):
        bm_index = BM25.build(bodies[title], k1=k1, b=b)
        bm_scores = [bm_index.score(t) for t in q_terms]
        for w in weights:
            ranked = [fused_order(bm, tf, w) for bm, tf in zip(bm_scores, tf_scores)]
            r1, r5, mrr = metrics(ranked, gold)
            rows.append((mrr, r1, r5, title, k1, b, w))
            print(f"title={title!s:5} k1={k1:.2f} b={b:.2f} w_bm25={w:.2f}  R@1 {r1:.4f}  R@5 {r5:.4f}  MRR@10 {mrr:.4f}", flush=True)
        if args.rrf:
            r1, r5, mrr = metrics([rrf_order(bm, tf) for bm, tf in zip(bm_scores, tf_scores)], gold)
            print(f"title={title!s:5} k1={k1:.2f} b={b:.2f} RRF k=60     R@1 {r1:.4f}  R@5 {r5:.4f}  MRR@10 {mrr:.4f}", flush=True)
    print("best:", max(rows))


if __name__ == "__main__":
    main()
