"""The shortcuts of the question path give what the long way gives, bit for bit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import yaml

from askmali.engine import DERIVED_WEIGHT

QUESTIONS = Path(__file__).resolve().parents[1] / "eval" / "questions.yaml"


def seed_questions() -> list[str]:
    return [q["question"] for q in yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))]


def test_derived_nouns_add_to_the_scores_as_a_vector_would(engine):
    """``Engine.scores`` adds the derived nouns' scores where they score only; the result is
    the float32 sum of the two vectors, bit for bit."""
    q = engine.analyse("Qui a fondé Wagner ?")
    assert q.derived
    bm, _ = engine.scores(q, "bm25")
    expected = engine.bm25.score(q.terms) + np.float32(DERIVED_WEIGHT) * engine.bm25.score(q.derived)
    assert np.array_equal(bm, expected)


def test_a_single_signal_search_of_a_string_ranks_as_its_analysed_question(engine):
    """A BM25 or TF-IDF search of a question string reads only its terms (no full analysis):
    the same hits, scores and ranks as the search of its ``Query``, typo'd questions too."""
    questions = seed_questions() + ["Qui a fondé Wagner ?", "Quand les sanctionss ont-elles été levées ?"]
    derived = 0
    for text in questions:
        q = engine.analyse(text)
        derived += bool(q.derived)
        for retriever in ("bm25", "tfidf"):
            assert engine.search(text, 10, retriever=retriever) == engine.search(q, 10, retriever=retriever), text
    assert derived >= 3
