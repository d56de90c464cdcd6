"""The shortcuts of the question path give what the long way gives, bit for bit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import yaml

from askmali import engine as E
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


def test_hit_ranks_are_each_signals_ranks_among_the_candidates(engine):
    """A hit's ``bm25_rank`` / ``tfidf_rank`` (``--explain``), counted for the hits alone, is its
    place in the candidates sorted by that signal (best first, ties by lower row, scored only)."""
    from askmali.engine import candidates_of

    for text in seed_questions()[:60]:
        q = engine.analyse(text)
        bm, tf = engine.scores(q)
        allowed = ~engine._comment if engine._has_comments else None  # as search: no comments
        cand, _, bm, tf = candidates_of(bm, tf, retriever="hybrid", allowed=allowed)
        expected = {}
        for name, signal in (("bm25", bm), ("tfidf", tf)):
            order = np.lexsort((cand, -signal[cand]))
            order = order[signal[cand][order] > 0]
            expected[name] = dict(zip(cand[order].tolist(), range(1, order.size + 1)))
        hits = engine.search(q, 10)
        assert hits
        for h in hits:
            row = engine.passages.find(h.passage.id)
            assert (h.bm25_rank, h.tfidf_rank) == (expected["bm25"].get(row), expected["tfidf"].get(row)), text
        # one signal: the ranks are the hits' places, as counted among its candidates; the other
        # signal is not computed, so it ranks nothing
        for retriever, signal in (("bm25", 0), ("tfidf", 1)):
            scores = engine.scores(text, retriever)
            cand, _, *_ = candidates_of(*scores, retriever=retriever, allowed=allowed, candidates=10)
            ranks = E._ranks(scores[signal], cand, cand[:10])
            hits = engine.search(text, 10, retriever=retriever)
            assert [(h.bm25_rank, h.tfidf_rank)[signal] for h in hits] == ranks == list(range(1, len(hits) + 1))
            assert all((h.bm25_rank, h.tfidf_rank)[1 - signal] is None for h in hits)


def test_a_bm25_search_from_the_touched_documents_ranks_as_the_score_vector(engine, monkeypatch):
    """``retriever="bm25"`` ranks the documents its postings touch (``BM25.top``, compiled)
    instead of a vector over every passage: the same hits, scores and ranks as ranking that
    vector, with the derived nouns, comments hidden or shown, passages or sources excluded,
    and any k (past ``CANDIDATES`` too)."""
    from askmali import kernels

    if kernels.compiled is None:
        import pytest

        pytest.skip("askmali._kernels was not built: the score vector is the only path")
    questions = seed_questions() + ["Qui a fondé Wagner ?", "Quand les sanctionss ont-elles été levées ?", "commentaires"]
    first = engine.search("Wagner Prigojine", 1, retriever="bm25")[0].passage
    options = [
        {},
        {"include_comments": True},
        {"exclude": [first.id]},
        {"exclude": [first.source], "include_comments": True},
    ]
    compared = 0
    for i, text in enumerate(questions):
        q = engine.analyse(text)
        for k in (1, 10, 150):
            opts = options[(i + k) % len(options)]

            def hits(query):
                return [
                    (h.rank, h.passage.id, h.score, h.bm25, h.tfidf, h.bm25_rank, h.tfidf_rank)
                    for h in engine.search(query, k, retriever="bm25", **opts)
                ]

            fast = hits(q), hits(text)
            with monkeypatch.context() as m:
                m.setattr(kernels, "compiled", None)
                slow = hits(q), hits(text)
            assert fast == slow, (text, k, opts)
            compared += bool(fast[0])
    assert compared >= len(questions) * 2  # most questions find something, at several k
