"""Fit ``answer.confidence`` (``askmali.confidence``) on the PIAF *dev* split; write
src/askmali/data/confidence.json.

    python scripts/fit_confidence.py [--dataset ../shared/datasets/piaf] [--n 0] [--write]
    python scripts/fit_confidence.py --reliability test   # the shipped model on PIAF test, by decile

Every dev question is asked twice over the whole corpus: as is (label 1 when the chosen
sentence holds a gold answer, else 0) and with its gold passages hidden (``exclude=``, label 0:
an on-topic question the corpus no longer answers, the rest of its article still in play). A
logistic regression over ``confidence.features`` of the chosen sentence is fitted; 5-fold
cross-validation grouped by article gives out-of-fold probabilities, from which the script
prints the reliability by decile and the abstention precision/recall/F1 (over both halves) and
answer accuracy (first half) for each threshold. The threshold written is the one that
maximises that abstention F1 on dev while costing the first half at most ``--max-loss`` of
answer accuracy. Nothing here reads the test split or the seeds question set.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

import askmali
from askmali import answering, confidence
from askmali.matching import contains
from askmali.paths import dataset_index
from askmali.questionsets import load_dataset
from piaf_dev import DATASET, article, dev_questions



def collect(engine, questions) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Features, labels, article groups and halves (1 as is, 0 hidden) of every question."""
    X, y, groups, half = [], [], [], []
    for q in questions:
        group = article(q)
        for asked, exclude in ((1, ()), (0, tuple(q.sources))):
            a = engine.analyse(q.question, exclude)  # hidden: their words as if removed too
            hits = engine.search(a, 10, exclude=exclude)
            candidates, best = answering.choose(a, hits, engine, frozenset(exclude))
            if best is None:
                continue  # nothing to answer with: abstains whatever the model says
            right = asked and any(contains(best.passage.text[best.start : best.end], g) for g in q.answers)
            f = confidence.features(a, best, candidates, hits[0])
            X.append([f[n] for n in confidence.FEATURES])
            y.append(int(bool(right)))
            groups.append(group)
            half.append(asked)
    return np.array(X), np.array(y), np.array(groups), np.array(half)


def out_of_fold(X, y, groups, c: float) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    p = np.zeros(len(y))
    for train, test in GroupKFold(5).split(X, y, groups):
        p[test] = LogisticRegression(C=c, max_iter=2000).fit(X[train], y[train]).predict_proba(X[test])[:, 1]
    return p


def reliability(p: np.ndarray, y: np.ndarray, markdown: bool = False) -> None:
    """Mean predicted probability against the observed share of right answers, by decile of
    the prediction (a markdown table with ``markdown``)."""
    order = np.argsort(p, kind="stable")
    if markdown:
        print("| decile | predicted range | mean predicted | observed right | answers |")
        print("| --- | --- | --- | --- | --- |")
    for i, chunk in enumerate(np.array_split(order, 10), start=1):
        lo, hi, pred, obs = p[chunk].min(), p[chunk].max(), p[chunk].mean(), y[chunk].mean()
        if markdown:
            print(f"| {i} | {lo:.2f}–{hi:.2f} | {pred:.3f} | {obs:.3f} | {len(chunk)} |")
        else:
            print(f"  [{lo:.2f}, {hi:.2f}]: predicted {pred:.3f}, observed {obs:.3f} (n={len(chunk)})")


def abstention(p, y, half, n_asked, t) -> tuple[float, float, float, float]:
    """Abstention precision, recall, F1 over both halves and first-half answer accuracy when
    abstaining below ``t``; ``n_asked`` questions per half (a question with no candidate abstains)."""
    abst = p < t
    answered_right = np.sum(~abst & (y == 1) & (half == 1))
    hidden_abst = np.sum(abst & (half == 0)) + (n_asked - np.sum(half == 0))
    wrong_abst = np.sum(abst & (half == 1)) + (n_asked - np.sum(half == 1))
    prec = hidden_abst / max(hidden_abst + wrong_abst, 1)
    rec = hidden_abst / n_asked
    f1 = 2 * prec * rec / max(prec + rec, 1e-9)
    return prec, rec, f1, answered_right / n_asked


def fit_answerable(X, half, groups, c: float, max_refused: float) -> dict:
    """P(the question is answerable as asked) over the same features: the as-is half against
    the hidden half, whatever the answer's correctness. The threshold is the largest whose
    out-of-fold refusals of as-is dev questions stay within ``max_refused``: kept small because
    a model fitted on Wikipedia paragraphs runs low on other documents (README, "Evaluation")."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    p = out_of_fold(X, half, groups, c)
    asked = half == 1
    threshold = 0.0
    for t in np.round(np.arange(0.01, 0.31, 0.01), 2):
        refused, hidden = float(np.mean(p[asked] < t)), float(np.mean(p[~asked] < t))
        print(f"answerable < {t:.2f}: refuses {refused:.3f} of as-is dev answers, {hidden:.3f} of hidden ones")
        if refused <= max_refused:
            threshold = float(t)
    print(f"answerable: out-of-fold AUC {roc_auc_score(half, p):.4f}, threshold {threshold}")
    m = LogisticRegression(C=c, max_iter=2000).fit(X, half)
    return {
        "weights": [round(float(w), 6) for w in m.coef_[0]],
        "bias": round(float(m.intercept_[0]), 6),
        "threshold": threshold,
        "out_of_fold_auc": round(float(roc_auc_score(half, p)), 4),
        "max_refused": max_refused,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dataset", type=Path, default=DATASET)
    ap.add_argument("--n", type=int, default=0, help="dev questions sampled (seed 13); 0 = all")
    ap.add_argument("--max-loss", type=float, default=0.03, help="answer accuracy the threshold may cost")
    ap.add_argument("--max-refused", type=float, default=0.005,
                    help="share of as-is dev answers the answerable model may refuse")
    ap.add_argument("--write", action="store_true", help=f"write {confidence.MODEL}")
    ap.add_argument("--reliability", choices=("dev", "test"), help="only print the shipped model's reliability table")
    args = ap.parse_args()
    if args.reliability:
        passages, questions = load_dataset(args.dataset, args.reliability)
        engine = askmali.open_index(dataset_index(args.dataset), [passages])
        X, y, _, half = collect(engine, questions)
        p = np.array([confidence.probability(dict(zip(confidence.FEATURES, x))) for x in X])
        print(f"PIAF {args.reliability}: {len(questions)} questions asked as is and with their gold passages hidden;")
        print(f"{len(y)} answers given (the rest had no candidate sentence), {int(y.sum())} right")
        reliability(p, y, markdown=True)
        return
    engine, questions = dev_questions(args.dataset, args.n)
    X, y, groups, half = collect(engine, questions)
    n = len(questions)
    print(f"{n} dev questions, {len(y)} asked with a candidate, {int(y.sum())} right answers")
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss, roc_auc_score

    best_c, best_loss = 1.0, float("inf")
    for c in (0.01, 0.1, 1.0, 10.0):
        p = out_of_fold(X, y, groups, c)
        loss = log_loss(y, p)
        print(f"C={c}: out-of-fold log loss {loss:.4f}, AUC {roc_auc_score(y, p):.4f}")
        if loss < best_loss:
            best_c, best_loss = c, loss
    p = out_of_fold(X, y, groups, best_c)
    print("reliability (out of fold), by decile of predicted probability:")
    reliability(p, y)
    base_acc = abstention(p, y, half, n, 0.0)[3]
    rows = []
    for t in np.round(np.arange(0.02, 0.62, 0.02), 2):
        prec, rec, f1, acc = abstention(p, y, half, n, t)
        rows.append((t, prec, rec, f1, acc))
        print(f"threshold {t:.2f}: abstention P {prec:.3f} R {rec:.3f} F1 {f1:.3f}; answer accuracy {acc:.3f}")
    allowed = [r for r in rows if base_acc - r[4] <= args.max_loss]
    threshold = max(allowed, key=lambda r: r[3])[0] if allowed else 0.0
    print(f"chosen threshold {threshold} (answer accuracy without abstaining {base_acc:.3f})")
    model = LogisticRegression(C=best_c, max_iter=2000).fit(X, y)
    answerable = fit_answerable(X, half, groups, best_c, args.max_refused)
    doc = {
        "features": list(confidence.FEATURES),
        "weights": [round(float(w), 6) for w in model.coef_[0]],
        "bias": round(float(model.intercept_[0]), 6),
        "threshold": float(threshold),
        "fitted_on": {
            "dataset": "PIAF dev split (articles < 240), each question as is and with its gold passages hidden",
            "questions": n,
            "examples": int(len(y)),
            "C": best_c,
            "out_of_fold_log_loss": round(best_loss, 4),
            "out_of_fold_auc": round(float(roc_auc_score(y, p)), 4),
            "script": "scripts/fit_confidence.py",
        },
        "answerable": answerable,
    }
    print(json.dumps(doc, indent=2))
    if args.write:
        confidence.MODEL.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {confidence.MODEL}")


if __name__ == "__main__":
    main()
