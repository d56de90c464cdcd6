"""Fit the abstention model on the PIAF *dev* split, without any hand-labelled unanswerables.

    python scripts/calibrate_abstention.py [--dataset ../shared/datasets/piaf] [--n 2000]

Each dev question is asked twice: once against the whole corpus (answerable) and once with its
gold article's passages removed from the ranking (then the corpus no longer holds the answer,
so the right move is to abstain). A logistic regression over ``answering.features`` of the best
sentence separates the two; the script prints the coefficients to paste into
``answering.CONF_WEIGHTS`` / ``CONF_BIAS``, and the abstention precision/recall per threshold.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import numpy as np

import askmali
from askmali import answering, engine as engine_mod
from askmali.paths import dataset_index
from askmali.questionsets import load_dataset


def best_features(engine, question: str, allowed: np.ndarray | None) -> dict[str, float] | None:
    bm, tf = engine.scores(question)
    hits = engine_mod.rank(bm, tf, 10, retriever="hybrid", allowed=allowed, passages=engine.passages)
    q = engine.analyse(question)
    if not hits or q.total <= 0:
        return None
    _, best = answering.choose(q, hits, engine)
    return answering.features(q, best, hits[0]) if best else None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dataset", type=Path, default=Path(__file__).resolve().parents[2] / "shared/datasets/piaf")
    ap.add_argument("--n", type=int, default=2000, help="dev questions sampled (seed 13)")
    args = ap.parse_args()
    passages, questions = load_dataset(args.dataset, "dev")
    engine = askmali.open_index(dataset_index(args.dataset), [passages])
    random.Random(13).shuffle(questions)
    questions = questions[: args.n]
    n = len(engine.passages)
    src = np.array([engine.passages.source_names[int(engine.passages.source[i])] for i in range(n)])
    X, y = [], []
    for q in questions:
        for label, allowed in ((1, None), (0, ~np.isin(src, list(q.sources)))):
            f = best_features(engine, q.question, allowed)
            if f is not None:
                X.append([f[k] for k in answering.CONF_WEIGHTS])
                y.append(label)
    X, y = np.array(X), np.array(y)
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1.0, max_iter=1000).fit(X, y)
    print("CONF_WEIGHTS = {" + ", ".join(f'"{k}": {w:.3f}' for k, w in zip(answering.CONF_WEIGHTS, model.coef_[0])) + "}")
    print(f"CONF_BIAS = {model.intercept_[0]:.3f}")
    p = model.predict_proba(X)[:, 1]
    for t in (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6):
        abst = p < t
        tp = np.sum(abst & (y == 0))
        prec = tp / max(abst.sum(), 1)
        rec = tp / max((y == 0).sum(), 1)
        wrong = np.sum(abst & (y == 1)) / max((y == 1).sum(), 1)
        print(f"threshold {t:.2f}: abstention precision {prec:.3f} recall {rec:.3f} F1 {2 * prec * rec / max(prec + rec, 1e-9):.3f}, answerable abstained {wrong:.3f}")


if __name__ == "__main__":
    main()
