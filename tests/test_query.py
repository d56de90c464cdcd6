"""The question analysed once (askmali.query) and read by every stage; passages hidden with exclude=."""

from __future__ import annotations

import pytest

from askmali.errors import InputError
from askmali.query import Query


def test_the_index_is_asked_for_idf_once_per_question(engine, monkeypatch):
    calls = []
    real = engine.term_weights
    monkeypatch.setattr(engine, "term_weights", lambda terms: calls.append(terms) or real(terms))
    engine._last_analysis = None
    result = engine.ask("Quand la Cedeao a-t-elle levé ses sanctions contre le Mali ?")
    assert result.answer is not None
    assert len(calls) == 1


def test_search_reads_the_query_object_as_it_reads_the_text(engine):
    text = "Combien de soldats français ont été déployés au Mali ?"
    q = engine.analyse(text)
    assert isinstance(q, Query) and q.qtype == "number" and q.text == text
    assert q.total == pytest.approx(sum(q.weights.values())) and set(q.terms) == set(q.weights)
    by_text = [h.passage.id for h in engine.search(text, 10)]
    assert [h.passage.id for h in engine.search(q, 10)] == by_text


def test_key_terms_of_french_questions(engine):
    an = engine.analyzer
    q = engine.analyse("Qui dirige l'Organisation des Nations unies au Mali en 2022 ?")
    assert {an.terms("Organisation")[0], an.terms("Nations")[0], "2022"} <= q.key_terms
    hyphen = engine.analyse("Quel rôle joue Jean-Yves Le Drian dans l'opération Barkhane ?")
    assert an.terms("Barkhane")[0] in hyphen.key_terms
    assert any(t in hyphen.key_terms for t in an.terms("Jean-Yves"))
    number = engine.analyse("Pourquoi 4 500 soldats ont-ils quitté Gao ?")
    assert "4500" in number.key_terms  # a number grouped by thousands is one term
    assert an.terms("soldats")[0] in number.weights


def test_exclude_hides_a_source_or_a_passage_as_if_removed(engine):
    question = "Qui est le fondateur de Wagner ?"
    hits = engine.search(question, 10)
    top = hits[0].passage
    assert top.id not in {h.passage.id for h in engine.search(question, 10, exclude=[top.id])}
    hidden = engine.search(question, 10, exclude=[top.source])
    assert hidden and all(h.passage.source != top.source for h in hidden)
    result = engine.ask(question, exclude=[top.source])
    assert result.answer is None or result.answer.source != top.source
    with pytest.raises(InputError, match="no such passage or source"):
        engine.search(question, 5, exclude=["nowhere.txt"])
