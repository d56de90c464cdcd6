"""Typo correction of query terms, on the real seeds index."""

from askmali.spelling import edit_distance


def test_edit_distance_counts_insertions_deletions_substitutions_and_swaps():
    assert edit_distance("wagner", "wagner", 2) == 0
    assert edit_distance("wagnr", "wagner", 2) == 1  # deletion
    assert edit_distance("sanctionss", "sanctions", 2) == 1  # insertion
    assert edit_distance("securite", "securete", 2) == 1  # substitution
    assert edit_distance("milatire", "militare", 2) == 2
    assert edit_distance("russie", "rusise", 2) == 1  # transposition
    assert edit_distance("bamako", "moscou", 2) == 3  # over the limit: limit + 1


def test_unknown_terms_are_corrected_and_known_ones_left_alone(engine):
    raw = engine.analyzer.query_terms("sanctionss de la Cedeao contre le Mali, Wagnr")
    fixed = engine.query_terms("sanctionss de la Cedeao contre le Mali, Wagnr")
    assert "sanctionss" in raw and "wagnr" in raw
    assert fixed == [engine.analyzer.query_terms("sanctions")[0] if t == "sanctionss" else
                     engine.analyzer.query_terms("Wagner")[0] if t == "wagnr" else t for t in raw]
    assert engine.known_terms(fixed) == set(fixed)


def test_a_term_with_no_near_neighbour_stays_unknown(engine):
    assert engine.query_terms("PIB") == engine.analyzer.query_terms("PIB")
    assert not engine.known_terms(engine.query_terms("PIB"))


def test_a_typo_no_longer_costs_the_answer(engine):
    good = engine.ask("Quand la Cedeao a-t-elle levé ses sanctions contre le Mali ?")
    typo = engine.ask("Quand la Cedeao a-t-elle levé ses sanctionss contre le Mali ?")
    assert good.answer and typo.answer
    assert typo.answer.passage_id == good.answer.passage_id
