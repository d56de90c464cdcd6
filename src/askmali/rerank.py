"""Learned linear re-ranking of the fused top candidates. numpy and the standard library only.

The hybrid ranking (min-max fusion of BM25 and char TF-IDF, see ``engine.rank``) scores a
passage by two bags of words. Its first ``DEPTH`` passages are re-scored by a linear model over
features that also look at how the question is held: how much of the question (IDF weighted)
the passage, its title and its best sentence hold, which rare term is missing, and whether the
question's own word sequences (stopwords kept: "pour sa puissance économique") occur as is.
``features`` is the only feature code: ``scripts/train_reranker.py`` calls it to learn
``WEIGHTS`` (on the PIAF dev split only) and the engine calls it at question time, so training
and use cannot drift apart.

Measured on PIAF dev (5,279 questions, whole corpus), 5-fold cross-validation by article:
fused R@1 / R@5 / MRR@10 0.723 / 0.880 / 0.790, re-ranked 0.748 / 0.888 / 0.808. Depth 15,
20, 25, 30, 50 score within 0.002 of each other; 20 is the cheapest that loses nothing. Tried
and dropped (each within +-0.001): the BM25 / TF-IDF / fused ranks, term proximity (smallest
window, query-term pairs within 2 terms, in the passage or the best sentence), word trigrams,
"the best sentence holds a span of the asked type" (``qtypes``), the best two consecutive
sentences' coverage, the largest IDF of a missing term.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from .query import Phrases, Query

__all__ = ["DEPTH", "FEATURES", "WEIGHTS", "Phrases", "Shares", "features", "scores"]

DEPTH = 20  # fused candidates re-scored; the rest keep their fused order below them

FEATURES = (
    "fused",  # the fused min-max score
    "bm25",  # BM25 / the best BM25 among the candidates
    "tfidf",  # TF-IDF cosine / the best cosine among the candidates
    "coverage",  # IDF share of the question's distinct terms found in the passage or its title
    "text_coverage",  # ... in the passage text alone
    "title_coverage",  # ... in the title alone
    "sentence_coverage",  # ... in the passage's best single sentence
    "log_length",  # log(1 + number of terms of the passage)
    "word_bigrams",  # share of the question's word bigrams (folded words, stopwords kept) in the text
    "longest_run",  # words of the longest run of question words found as is in the text / question words
)

# Learned by scripts/train_reranker.py on the PIAF dev split; the score is their dot product
# with the features (a constant would not change the order).
WEIGHTS: dict[str, float] = {
    "fused": 1.9950,
    "bm25": 1.5895,
    "tfidf": 2.4628,
    "coverage": 9.8018,
    "text_coverage": -7.1271,
    "title_coverage": 3.2426,
    "sentence_coverage": 2.2581,
    "log_length": -0.5638,
    "word_bigrams": 1.1731,
    "longest_run": 4.9549,
}


def features(
    engine,
    question: Query | str,
    rows: np.ndarray,
    bm: np.ndarray,
    tf: np.ndarray,
    fused: np.ndarray,
) -> np.ndarray:
    """Feature matrix (len(rows) x len(FEATURES), float64) of the candidate passages ``rows``
    for ``question`` (a :class:`askmali.query.Query`, or its text); ``bm``, ``tf`` and ``fused`` are the candidates' scores, aligned with
    ``rows``. ``engine`` is an ``Engine`` (its passages, analyser and term IDF)."""
    n = len(rows)
    out = np.zeros((n, len(FEATURES)), dtype=np.float64)
    if n == 0:
        return out
    bm = np.asarray(bm, dtype=np.float64)
    tf = np.asarray(tf, dtype=np.float64)
    out[:, 0] = fused
    out[:, 1] = bm / bm.max() if bm.max() > 0 else 0.0
    out[:, 2] = tf / tf.max() if tf.max() > 0 else 0.0
    q = engine.analyse(question) if isinstance(question, str) else question
    share = Shares(q.weights)
    asked = frozenset(q.weights)
    found = q.phrases.found
    intersect = asked.intersection
    rest = []
    analysis = engine.row_analysis
    for row in rows.tolist():
        sentences, title_terms, phrase_text = analysis(row)  # no passage decoded
        matched = [intersect(terms) for terms in sentences]  # the question's terms in each sentence
        text = frozenset().union(*matched)
        title = title_terms & asked
        rest.append(
            (
                share(text | title),
                share(text),
                share(title) if title else 0.0,
                max(map(share, filter(None, matched)), default=0.0),  # an empty set's share is 0
                math.log1p(sum(map(len, sentences))),
                *found(phrase_text),
            )
        )
    out[:, 3:10] = rest
    return out


def scores(feats: np.ndarray, weights: Mapping[str, float] = WEIGHTS) -> np.ndarray:
    """The re-ranking score of each row of a ``features`` matrix."""
    w = np.array([weights.get(name, 0.0) for name in FEATURES], dtype=np.float64)
    return feats @ w


class Shares:
    """IDF share of a set of the question's terms: sum of their IDF / sum over the question."""

    def __init__(self, idf: Mapping[str, float]) -> None:
        self.weight = idf.__getitem__
        total = sum(idf.values())
        self.scale = 1.0 / total if total else 0.0

    def __call__(self, found: set[str]) -> float:
        return sum(map(self.weight, found)) * self.scale
