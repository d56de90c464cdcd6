"""Learn the re-ranker's weights (``askmali.rerank.WEIGHTS``) on the PIAF *dev* split only.

    python scripts/train_reranker.py [--dataset ../shared/datasets/piaf] [--C 1.0]

For every dev question it takes the engine's fused candidates and their features exactly as
``Engine.search`` does (``engine.candidates_of`` + ``rerank.features``), labels a candidate
relevant when it comes from a gold record (as ``askmali eval --dataset`` does), and fits a
pairwise logistic regression (relevant minus non-relevant feature rows of one question, both
signs; Herbrich et al. 2000 / RankSVM with a logistic loss) on standardised features. It prints
the fused and re-ranked R@1 / R@5 / MRR@10 under 5-fold cross-validation grouped by article (so
no article is both trained and scored), then the weights fitted on the whole dev split as a
Python dict to paste into ``src/askmali/rerank.py``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from askmali import engine as E
from askmali import paths
from askmali import rerank as R
from askmali.metrics import summarize_ranking as summarize
from askmali.questionsets import load_dataset
from piaf_dev import DATASET, article


def collect(dataset: Path, split: str) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray]:
    """Per question: the features of its first ``R.DEPTH`` fused candidates, their labels, and
    its article number (for grouped folds)."""
    passages_path, questions = load_dataset(dataset, split)
    eng = E.open_index(paths.dataset_index(dataset), [passages_path])
    feats, labels, groups = [], [], []
    for q in questions:
        _, x, y, group = candidates(eng, q)
        feats.append(x)
        labels.append(y)
        groups.append(group)
    return feats, labels, np.array(groups)


def candidates(eng, q) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """The first ``R.DEPTH`` fused candidates of question ``q`` (their passage rows), their
    features as ``Engine.search`` computes them, their labels (from a gold record, as ``askmali
    eval --dataset`` counts them) and the question's article number."""
    allowed = None if not eng._has_comments else ~eng._comment
    bm, tf = eng.scores(q.question)
    cand, fused, bm, tf = E.candidates_of(bm, tf, retriever="hybrid", allowed=allowed)
    rows = cand[: R.DEPTH]
    feats = R.features(eng, q.question, rows, bm[rows], tf[rows], fused[: R.DEPTH])
    labels = np.array([eng.passages.get(int(r)).source in q.sources for r in rows], dtype=bool)
    return rows, feats, labels, article(q)


def metrics(order_scores: list[np.ndarray], labels: list[np.ndarray]) -> tuple[float, float, float]:
    """R@1, R@5 and MRR@10 of each question's candidates ordered by score (ties by position)."""
    return summarize([y[np.lexsort((np.arange(s.size), -s))[:10]] for s, y in zip(order_scores, labels)])


def pairs(feats: list[np.ndarray], labels: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    xs = []
    for x, y in zip(feats, labels):
        if y.any() and not y.all():
            xs.append((x[y][:, None, :] - x[~y][None, :, :]).reshape(-1, x.shape[1]))
    diff = np.concatenate(xs)
    return np.concatenate((diff, -diff)), np.concatenate((np.ones(len(diff)), np.zeros(len(diff))))


def fit(feats: list[np.ndarray], labels: list[np.ndarray], c: float) -> np.ndarray:
    """Weights on the raw features (the standardisation folded in)."""
    from sklearn.linear_model import LogisticRegression

    scale = np.concatenate(feats).std(axis=0)
    scale[scale == 0] = 1.0
    x, y = pairs([f / scale for f in feats], labels)
    model = LogisticRegression(C=c, fit_intercept=False, max_iter=2000).fit(x, y)
    return model.coef_[0] / scale


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dataset", type=Path, default=DATASET)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--C", type=float, default=1.0, help="inverse L2 strength of the logistic regression")
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args()
    if args.split == "test":
        sys.exit("train on dev only")
    feats, labels, groups = collect(args.dataset, args.split)
    fused = [f[:, R.FEATURES.index("fused")] for f in feats]
    print("fused      R@1 %.4f  R@5 %.4f  MRR@10 %.4f" % metrics(fused, labels))
    fold = groups % args.folds
    cv = [np.zeros(0)] * len(feats)
    for k in range(args.folds):
        train = np.flatnonzero(fold != k)
        w = fit([feats[i] for i in train], [labels[i] for i in train], args.C)
        for i in np.flatnonzero(fold == k):
            cv[i] = feats[i] @ w
    print("re-ranked  R@1 %.4f  R@5 %.4f  MRR@10 %.4f  (%d-fold CV by article)" % (*metrics(cv, labels), args.folds))
    w = fit(feats, labels, args.C)
    print("re-ranked  R@1 %.4f  R@5 %.4f  MRR@10 %.4f  (fitted on all of it)" % metrics([f @ w for f in feats], labels))
    print("WEIGHTS = {")
    for name, v in zip(R.FEATURES, w):
        print(f'    "{name}": {v:.4f},')
    print("}")


if __name__ == "__main__":
    main()
