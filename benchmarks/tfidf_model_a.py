"""Issue #11, option (a): would a corpus-independent TF-IDF document norm rank as well?

Segments can keep TF-IDF scores exact across updates in two ways (see docs/performance.md):
(a) change the model: each passage is normalised by the L2 norm of its (1 + log tf) vector over
*all* its n-grams (corpus-independent) and the idf goes on the query side only, with max_df
pruning decided at query time from the global df; (b) keep today's sklearn model and maintain
per-passage norm sums. This script measures (a) without changing the index: it loads an index,
computes the (a) model's scores in memory and evaluates retrieval with them in place of
TF-IDF (BM25, fusion, re-ranking unchanged).

    PYTHONPATH=src python benchmarks/tfidf_model_a.py --dataset ../shared/datasets/piaf --split dev
    PYTHONPATH=src python benchmarks/tfidf_model_a.py            # the seeds and eval/questions.yaml
    PYTHONPATH=src python benchmarks/tfidf_model_a.py --index IDX --questions eval/documents.yaml

Variants (``score`` before any per-question constant, which min-max fusion removes, but which the
re-ranker and the answer confidence read, so the scale is kept cosine-like):
  sklearn   today's model (the loaded index's TF-IDF)
  a-idf2    sum_t q_t * idf_t * d_t,  q = (1+log qtf)*idf / ||.||, d = (1+log tf) / ||all n-grams||
  a-idf1    sum_t q_t * d_t,          q as above: the idf counts once
Nothing here is a test: it prints numbers.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from askmali import evaluation, paths  # noqa: E402
from askmali.analysis import fold  # noqa: E402
from askmali.engine import open_index  # noqa: E402
from askmali.tfidf import char_wb_ngrams  # noqa: E402


class ModelA:
    """The (a) model of the passages ``texts``: raw-normalised postings of every n-gram, global
    df, and idf plus max_df pruning applied when a question is scored."""

    def __init__(self, texts: list[str], ngram_range: tuple[int, int], max_doc_count: int, idf_power: int) -> None:
        from sklearn.feature_extraction.text import CountVectorizer

        cv = CountVectorizer(analyzer="char_wb", ngram_range=ngram_range, lowercase=False, preprocessor=fold,
                             dtype=np.float32)
        X = cv.fit_transform(texts).tocsr().astype(np.float64)
        X.data = 1.0 + np.log(X.data)
        norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        X = X.multiply(1.0 / norms[:, None]).tocsc()
        self.X = X  # document x n-gram, columns = n-grams
        self.n = X.shape[0]
        self.df = np.diff(X.indptr)
        self.idf = np.log((1.0 + self.n) / (1.0 + self.df)) + 1.0
        self.kept = self.df <= max_doc_count
        self.vocab = {t: i for i, t in enumerate(cv.get_feature_names_out())}
        self.ngram_range = ngram_range
        self.idf_power = idf_power
        self.nnz_all = int(X.nnz)
        self.nnz_kept = int(self.df[self.kept].sum())

    def score(self, text: str) -> np.ndarray:
        counts = Counter(char_wb_ngrams(fold(text), self.ngram_range))
        ids, tf = [], []
        for g, c in counts.items():
            i = self.vocab.get(g)
            if i is not None and self.kept[i]:
                ids.append(i)
                tf.append(c)
        out = np.zeros(self.n, dtype=np.float64)
        if not ids:
            return out.astype(np.float32)
        ids = np.array(ids)
        q = (1.0 + np.log(np.array(tf, dtype=np.float64))) * self.idf[ids]
        q /= np.sqrt(q @ q)
        if self.idf_power == 2:
            q = q * self.idf[ids] / (np.log(1.0 + self.n) + 1.0)  # max idf: keeps a cosine-like scale
        for i, w in zip(ids.tolist(), q.tolist()):
            s, e = self.X.indptr[i], self.X.indptr[i + 1]
            out[self.X.indices[s:e]] += w * self.X.data[s:e]
        return out.astype(np.float32)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dataset", type=Path)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--index", type=Path)
    ap.add_argument("--questions", type=Path)
    args = ap.parse_args()
    if args.dataset:
        passages, qs = evaluation.load_dataset(args.dataset, args.split)
        engine = open_index(args.index or paths.dataset_index(args.dataset), [passages])
    else:
        qs = evaluation.load_questions(args.questions or paths.default_questions())
        engine = open_index(args.index)
    texts = list(engine.passages.text)
    params = engine.tfidf.params()
    original = engine.tfidf
    rows = {}
    for name in ("sklearn", "a-idf2", "a-idf1"):
        if name == "sklearn":
            engine.tfidf = original
        else:
            model = ModelA(texts, tuple(params["ngram_range"]), int(params["max_doc_count"]), 2 if name == "a-idf2" else 1)
            engine.tfidf = model
            print(f"{name}: postings all n-grams {model.nnz_all}, kept by max_df {model.nnz_kept}, "
                  f"today's index {params['nnz']}", file=sys.stderr)
        engine._last_query = (None, [], {})
        engine._last_analysis = None
        started = time.perf_counter()
        report = evaluation.evaluate(engine, qs)
        s = report.metrics
        rows[name] = {k: s.get(k) for k in ("hit@1", "hit@5", "mrr@10", "answer_accuracy", "f1") if k in s}
        rows[name]["seconds"] = round(time.perf_counter() - started, 1)
        print(name, json.dumps(rows[name]), file=sys.stderr)
    print(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
