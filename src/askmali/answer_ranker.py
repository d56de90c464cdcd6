"""The learned answer ranker: which candidate sentence answers the question.

Gradient-boosted trees over features of each candidate sentence (``FEATURES``: the hand-set score's
parts, key-term and entity coverage, answer-type presence, bigram and word-run overlap with the
question, passage rank and score, the sentence's place and length), stored as JSON in
``data/answer_ranker.json`` with the script that fits it (``scripts/train_answer_ranker.py``, on
the PIAF dev split only: a sentence is positive when it holds a gold answer inside a gold
passage; cross-validated by article, against a logistic regression, which it beat: see the script). No
pickle: the file holds the feature names and the trees as flat JSON arrays.

``features`` is the only feature code: the training script and the engine both call it, so
training and use cannot drift apart. numpy only (this is on the question path).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from .qtypes import TYPED
from .trees import Forest

MODEL = Path(__file__).parent / "data" / "answer_ranker.json"

FEATURES = (
    "hand",  # the hand-set sentence score (answering._candidate)
    "hand_gap",  # its distance to the best hand-set score among the question's candidates
    "overlap",  # IDF share of the question in the sentence (with previous sentence / title)
    "overlap_gap",  # distance to the best overlap among the candidates
    "own_overlap",  # IDF share in the sentence alone
    "proximity",  # how close together the matched terms sit
    "typed",  # the sentence holds a span of the asked type (date, number, person, place)
    "typed_missing",  # the question asks for a type and the sentence has none
    "reason",  # a "Pourquoi" question: cause words (+), a timeline row (-)
    "reference",  # a bibliographic note answering on its own words
    "key_coverage",  # share of the key terms in the sentence's context
    "entity_coverage",  # share of the question's names and numbers there
    "coverage",  # IDF share held by the sentence's passage
    "passage_score",  # fused score of its passage over the top one
    "log_rank",  # log of its passage's rank
    "footnote",  # a footnote sentence reached through its citing passage
    "log_words",  # log of the sentence's length in words
    "position",  # log(1 + sentence number in its passage)
    "leans_back",  # opens with a pronoun that needs the sentence before
    "bigrams",  # share of the question's word bigrams in the sentence
    "run",  # longest run of question words in the sentence, over the question's length
)


def features(q, c, best_hand: float, best_overlap: float, phrase_text: str) -> list[float]:
    """The ``FEATURES`` of candidate ``c`` (an ``answering.Candidate``) for the query ``q``;
    ``best_hand``/``best_overlap`` are the largest over the question's candidates and
    ``phrase_text`` is ``Analyzer.phrase_text`` of the sentence."""
    bigrams, run = q.phrases.found(phrase_text) if q.text else (0.0, 0.0)
    typed = c.span is not None
    asked = q.qtype in TYPED
    return [
        c.hand,
        c.hand - best_hand,
        c.overlap,
        c.overlap - best_overlap,
        c.own_overlap,
        c.proximity,
        1.0 if typed and asked else 0.0,
        1.0 if asked and not typed else 0.0,
        c.reason,
        1.0 if c.reference else 0.0,
        c.key_coverage,
        c.entity_coverage,
        c.coverage,
        c.passage_score,
        math.log(c.hit.rank),
        1.0 if c.passage.kind == "footnote" else 0.0,
        math.log(max(c.words, 1)),
        math.log1p(c.index),
        1.0 if c.leans_back else 0.0,
        bigrams,
        run,
    ]


@lru_cache(maxsize=1)
def _doc() -> dict | None:
    if not MODEL.is_file():
        return None
    doc = json.loads(MODEL.read_text(encoding="utf-8"))
    if list(doc["features"]) != list(FEATURES):
        raise ValueError(f"{MODEL} was fitted on other features; refit it with scripts/train_answer_ranker.py")
    return doc


@lru_cache(maxsize=1)
def model() -> Forest | None:
    """The fitted model (gradient-boosted trees, ``askmali.trees``), or None when no model file
    ships (the hand-set score then decides)."""
    doc = _doc()
    return None if doc is None else Forest(doc["model"])


def scores(X: Sequence[Sequence[float]]) -> np.ndarray:
    """The model's log-odds that each sentence (a row of ``FEATURES``) answers, plus the
    hand-set score times the weight fitted with the trees (``hand_weight``)."""
    m, doc = model(), _doc()
    assert m is not None and doc is not None
    X = np.asarray(X, dtype=np.float64)
    return m.raw(X) + doc.get("hand_weight", 0.0) * X[:, FEATURES.index("hand")]
