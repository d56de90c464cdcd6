"""``answer.confidence``: a calibrated probability that the answer is right.

A logistic model over features of the chosen sentence, its rivals and the question, stored as
JSON in ``data/confidence.json`` with the script that fits it (``scripts/fit_confidence.py``, on
the PIAF dev split only: each question asked as is, labelled by whether the answer holds a gold
answer, and again with its gold passages hidden, labelled 0, so the model learns what an
on-topic question the corpus cannot answer looks like; cross-validated by article). No pickle:
the file holds the feature names, the weights, the bias and the threshold chosen on dev, and
under "answerable" a second model over the same features that the abstention rule reads.

``features`` is the only feature code: the fitting script and the engine both call it, so
training and use cannot drift apart. Standard library only (this is on the question path).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from .qtypes import TYPED

MODEL = Path(__file__).parent / "data" / "confidence.json"

FEATURES = (
    "coverage",  # IDF share of the question in the best sentence's passage
    "sentence_coverage",  # ... in the sentence (with its previous sentence / title, see answering)
    "key_coverage",  # share of the key terms (names, numbers, rarest words) in the sentence's context
    "entity_coverage",  # share of the question's names and numbers in that context
    "typed_missing",  # 1 when the question asks for a date/number/person/place and the sentence has none
    "tfidf",  # TF-IDF cosine of the top passage
    "score",  # the sentence score
    "margin",  # its lead over the best sentence of another passage
)


def features(q, best, candidates: Sequence, top) -> dict[str, float]:
    """Features (``FEATURES``) of ``best`` (an ``answering.Candidate``) for the query ``q``,
    among ``candidates``, with ``top`` the first hit."""
    other = max((c.score for c in candidates if c.passage.id != best.passage.id), default=best.score - 1.0)
    n_terms = max(len(q.weights), 1)
    return {
        "coverage": best.coverage,
        "sentence_coverage": best.overlap,
        "key_coverage": best.key_coverage,
        "key_missing": 1.0 if best.key_coverage < 1.0 else 0.0,
        "entity_coverage": best.entity_coverage,
        "typed_missing": 1.0 if (q.qtype in TYPED and best.span is None) else 0.0,
        "tfidf": float(top.tfidf),
        "unknown": q.unknown,
        "absent_words": len(q.absent_words) / n_terms,
        "score": best.score,
        "margin": min(best.score - other, 1.0),
        "rank": math.log(best.hit.rank),
    }


@lru_cache(maxsize=1)
def model() -> dict:
    """The fitted model: {"features", "weights", "bias", "threshold", ...}."""
    doc = json.loads(MODEL.read_text(encoding="utf-8"))
    if list(doc["features"]) != list(FEATURES):
        raise ValueError(f"{MODEL} was fitted on other features; refit it with scripts/fit_confidence.py")
    return doc


def probability(f: dict[str, float]) -> float:
    """P(the answer is right) for a ``features`` dict."""
    m = model()
    return logistic(m["bias"] + sum(w * f[name] for name, w in zip(m["features"], m["weights"])))


def answerable(f: dict[str, float]) -> float:
    """P(the corpus answers the question at all) for a ``features`` dict: a second model over
    the same features, fitted on the as-is half of PIAF dev against the hidden half whatever the
    answer's correctness (``model()["answerable"]``, with the threshold below which the engine
    abstains). 1.0 when the model file has none."""
    m = model()
    a = m.get("answerable")
    if a is None:
        return 1.0
    return logistic(a["bias"] + sum(w * f[name] for name, w in zip(m["features"], a["weights"])))


def logistic(z: float) -> float:
    """1 / (1 + e^-z), with z clamped to [-30, 30] (no overflow)."""
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
