"""Fit the span ranker (``askmali.spans``) on the PIAF *dev* split; write
src/askmali/data/span_ranker.json.

    python scripts/train_span_ranker.py [--dataset ../shared/datasets/piaf] [--n 0] [--write]

Every dev question is asked over the whole corpus and the engine's answering sentence is taken
(abstention off). When that sentence holds a gold answer, each of its spans (``spans.features``)
is an example, scored by its token F1 with the gold answer (``metrics.best_token_f1``, the one
``askmali eval`` reports): the trees regress that F1; the logistic regression they are compared
with learns whether it is at least ``--positive-f1``. A logistic regression on
standardised features and gradient-boosted trees (``askmali.trees``) are compared; 5-fold cross-validation grouped by article gives out-of-fold
scores; the better model is kept, and from its scores the threshold is chosen: below it, the sentence is the answer (span null).
The threshold maximises the mean F1 over *all* dev questions of what ``askmali eval`` scores (the
span, else the sentence). Reason and yes/no questions never get a span. Nothing here reads the
test split or the seeds question set.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from askmali import answering, spans, trees
from askmali.matching import contains
from askmali.metrics import best_token_f1
from piaf_dev import DATASET, article, dev_questions

# Kept shallow and few: every span of the sentence is scored (about 300), on the question path.
# PIAF dev, out of fold (F1 of the chosen span / mean F1 over all dev questions): 100 trees of
# depth 5 0.427 / 0.278; 300 of depth 6 0.439 / 0.285 (0.443 / 0.288 with the window, word-before
# and head-noun features); 150 of depth 6 at rate 0.15 0.443 / 0.287, at half the cost of 300.
TREES = {"max_leaf_nodes": 15, "max_iter": 150, "max_depth": 6, "learning_rate": 0.15}
# The span that wins is what counts, not each span's F1: LightGBM's lambdarank orders the spans of
# one sentence by relevance grade (the span's F1 in ``--grades`` steps), its trees written in the
# same JSON as the others (``trees.from_lightgbm``), added to the regression trees' scores times
# one of BLENDS, the best out of fold, and stored with them as one forest (``trees.combine``).
# PIAF dev, out of fold (F1 of the chosen span): the regression alone 0.449; lambdarank with 4
# grades and 150 trees of 15 leaves 0.477 (31 leaves 0.480; 3 grades 0.470, 5 0.472, 10 0.467;
# rank_xendcg 0.459; truncation at 30 0.472); plus 1, 2, 4, 8 times the regression 0.482, 0.481,
# 0.478, 0.475 (spans of 3.7 words on average where the ranker alone takes 3.5). Fitted on the dev
# articles of even number and asked end to end of the odd ones, mean F1 0.311 (regression) ->
# 0.324 (lambdarank) -> 0.325 (plus the regression). LightGBM is needed to fit only (``fit`` extra).
BLENDS = (0.0, 0.5, 1.0, 2.0, 4.0)
RANKER = {"n_estimators": 150, "num_leaves": 15, "max_depth": 6, "learning_rate": 0.1, "min_child_samples": 20}


def _lambdarank(grades: int):
    """A maker of LightGBM lambdarank rankers with ``grades`` + 1 relevance levels, or None when
    LightGBM is not installed."""
    try:
        import lightgbm
    except ImportError:
        print("LightGBM is not installed (pip install -e '.[fit]'): no ranker tried")
        return None
    gains = [2**g - 1 for g in range(grades + 1)]
    return lambda: lightgbm.LGBMRanker(
        objective="lambdarank", label_gain=gains, lambdarank_truncation_level=10, random_state=0, verbose=-1, **RANKER
    )


def _sizes(owner: np.ndarray) -> np.ndarray:
    """The number of rows of each sentence in ``owner`` (rows of one sentence are contiguous)."""
    _, counts = np.unique(owner, return_counts=True)
    return counts


def collect(engine, questions):
    """Per question: its article, the sentence F1, and (for sentences holding a gold answer)
    the span features and span F1s."""
    rows = []
    for q in questions:
        a = engine.analyse(q.question)
        hits = engine.search(a, 10)
        _, best = answering.choose(a, hits, engine)
        if best is None:
            continue
        sentence = best.passage.text[best.start : best.end]
        group = article(q)
        sentence_f1 = best_token_f1(sentence, q.answers)
        got = None
        if a.qtype not in spans.NO_SPAN_TYPES and any(contains(sentence, g) for g in q.answers):
            got = spans.features(a, sentence, engine.analyzer)
        if got is None:
            rows.append((group, sentence_f1, None, None))
            continue
        s, e, X = got
        w = spans.words(sentence)
        f1 = np.array([best_token_f1(sentence[w[i][0] : w[j][1]], q.answers) for i, j in zip(s, e)])
        rows.append((group, sentence_f1, X, f1))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dataset", type=Path, default=DATASET)
    ap.add_argument("--n", type=int, default=0, help="dev questions sampled (seed 13); 0 = all")
    ap.add_argument("--positive-f1", type=float, default=0.5)
    ap.add_argument("--linear", action="store_true", help="logistic regression only (no trees)")
    ap.add_argument("--grades", type=int, default=4, help="relevance grades of a span's F1 for the ranker")
    ap.add_argument("--write", action="store_true", help=f"write {spans.MODEL}")
    args = ap.parse_args()
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold
    from sklearn.preprocessing import StandardScaler

    engine, questions = dev_questions(args.dataset, args.n)
    started = time.perf_counter()
    rows = collect(engine, questions)
    n = len(questions)
    with_spans = [r for r in rows if r[2] is not None]
    X = np.vstack([r[2] for r in with_spans])
    f1 = np.concatenate([r[3] for r in with_spans])
    y = (f1 >= args.positive_f1).astype(int)
    grade = np.floor(f1 * args.grades + 1e-9).astype(int)  # the ranker's relevance levels
    owner = np.concatenate([[k] * len(r[3]) for k, r in enumerate(with_spans)])
    groups = np.array([r[0] for r in with_spans])[owner]
    print(f"{n} dev questions, {len(rows)} answered, {len(with_spans)} sentences holding a gold answer, "
          f"{len(y)} spans ({int(y.sum())} positive) in {time.perf_counter() - started:.0f} s")
    oracle = np.mean([r[3].max() for r in with_spans])
    print(f"sentence F1 on those sentences {np.mean([r[1] for r in with_spans]):.4f}; best span's (oracle) {oracle:.4f}")

    def chosen(p):
        """Per sentence: the out-of-fold probability and F1 of its best-scored span."""
        out = []
        for k in range(len(with_spans)):
            rows_k = np.flatnonzero(owner == k)
            i = rows_k[int(np.argmax(p[rows_k]))]
            out.append((p[i], f1[i]))
        return out

    best = None
    for c in (0.01, 0.1, 1.0):
        p = np.zeros(len(y))
        for train, test in GroupKFold(5).split(X, y, groups):
            scaler = StandardScaler().fit(X[train])
            m = LogisticRegression(C=c, max_iter=3000).fit(scaler.transform(X[train]), y[train])
            p[test] = m.predict_proba(scaler.transform(X[test]))[:, 1]
        picks = chosen(p)
        span_f1 = np.mean([f for _, f in picks])
        print(f"C={c}: out-of-fold F1 of the chosen span {span_f1:.4f}")
        if best is None or span_f1 > best[1]:
            best = (c, span_f1, picks)
    c, linear_f1, picks = best
    forest, kind, best_blend = None, "regression", None
    if not args.linear:
        from sklearn.ensemble import HistGradientBoostingRegressor

        def make():  # regression on the span's F1: the best-scored span is the best expected F1
            return HistGradientBoostingRegressor(
                max_leaf_nodes=TREES["max_leaf_nodes"], max_iter=TREES["max_iter"], max_depth=TREES["max_depth"],
                learning_rate=TREES["learning_rate"], random_state=0,
            )

        p = np.zeros(len(y))
        for train, test in GroupKFold(5).split(X, y, groups):
            p[test] = make().fit(X[train], f1[train]).predict(X[test])
        tree_picks = chosen(p)
        tree_f1 = np.mean([f for _, f in tree_picks])
        print(f"gradient-boosted trees {TREES}: out-of-fold F1 of the chosen span {tree_f1:.4f}")
        if tree_f1 > linear_f1:
            picks, forest = tree_picks, make()
        best_f1 = max(tree_f1, linear_f1)
        ranker = _lambdarank(args.grades)
        if ranker is not None:
            ranked = np.zeros(len(y))
            for train, test in GroupKFold(5).split(X, y, groups):
                ranked[test] = ranker().fit(X[train], grade[train], group=_sizes(owner[train])).predict(X[test])
            # the ranker plus BLEND times the regression: the ranker alone picks short spans,
            # exact when right and worth nothing when cut wrong; the regression's expected F1
            # gives the partial answer its due
            for blend in BLENDS:
                blend_picks = chosen(ranked + blend * p)
                blend_f1 = np.mean([f for _, f in blend_picks])
                print(f"LightGBM lambdarank {RANKER}, {args.grades} grades, plus {blend} x the regression: "
                      f"out-of-fold F1 of the chosen span {blend_f1:.4f}")
                if blend_f1 > best_f1:
                    picks, forest, kind, best_f1, best_blend = blend_picks, (ranker(), make()), "lambdarank", blend_f1, blend
    # the threshold, on every answered dev question: a span under it gives way to the sentence.
    # Tried at the quantiles of the chosen spans' scores (a ranker's scores are no F1s).
    by_sentence = {id(r): pk for r, pk in zip(with_spans, picks)}
    base = [r[1] for r in rows]
    threshold, best_mean = None, np.mean(base) * len(rows) / n
    print(f"mean F1 over dev questions, sentences only: {best_mean:.4f}")
    scores = np.array([pk[0] for pk in picks])
    for t in sorted({round(float(v), 4) for v in np.quantile(scores, np.arange(0.0, 0.5, 0.025))}):
        total = 0.0
        for r in rows:
            pk = by_sentence.get(id(r))
            total += pk[1] if pk is not None and pk[0] >= t else r[1]
        mean = total / n
        print(f"threshold {t:.4f}: mean F1 {mean:.4f}")
        if mean > best_mean + 1e-9:
            threshold, best_mean = t, mean
    if threshold is None:
        threshold = float(scores.max()) + 1.0  # no span beats the sentence
    if kind == "lambdarank":
        ranked = trees.from_lightgbm(forest[0].fit(X, grade, group=_sizes(owner)))
        model = {**trees.combine([ranked, trees.to_json(forest[1].fit(X, f1))], [1.0, best_blend]), "link": "identity"}
    elif forest is not None:
        model = {**trees.to_json(forest.fit(X, f1)), "link": "identity"}
    else:
        scaler = StandardScaler().fit(X)
        lr = LogisticRegression(C=c, max_iter=3000).fit(scaler.transform(X), y)
        model = {
            "kind": "logistic",
            "link": "logit",
            "mean": [round(float(v), 6) for v in scaler.mean_],
            "scale": [round(float(v), 6) if v > 0 else 1.0 for v in scaler.scale_],
            "weights": [round(float(w), 6) for w in lr.coef_[0]],
            "bias": round(float(lr.intercept_[0]), 6),
        }
    doc = {
        "features": list(spans.FEATURES),
        "model": model,
        "threshold": threshold,
        "fitted_on": {
            "dataset": "PIAF dev split: spans of the answering sentences that hold a gold answer, positive when "
            f"their token F1 with it is >= {args.positive_f1}",
            "questions": n,
            "sentences": len(with_spans),
            "examples": int(len(y)),
            "C": c,
            "logistic_out_of_fold_span_f1": round(float(linear_f1), 4),
            "trees": ({"ranker": RANKER, "regression": TREES} if kind == "lambdarank" else TREES) if forest is not None else None,
            "objective": kind if forest is not None else "logistic",
            "grades": args.grades if kind == "lambdarank" else None,
            "regression_weight": best_blend,
            "out_of_fold_mean_f1_all_questions": round(best_mean, 4),
            "script": "scripts/train_span_ranker.py",
        },
    }
    print(json.dumps(doc["fitted_on"], indent=2))
    if args.write:
        spans.MODEL.write_text(json.dumps(doc) + "\n", encoding="utf-8")
        print(f"wrote {spans.MODEL}")


if __name__ == "__main__":
    main()
