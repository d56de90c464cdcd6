"""Metrics on hand-computed cases (the arithmetic is written out next to each expectation)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from askmali.metrics import (
    abstention_prf,
    best_exact_match,
    best_token_f1,
    exact_match,
    first_relevant_rank,
    hit_at_k,
    mean,
    ndcg_at_k,
    normalize_answer,
    percentile,
    reciprocal_rank,
    summarize_ranking,
    token_f1,
)

F, T = False, True


def test_hit_at_k_looks_only_at_the_first_k():
    assert hit_at_k([F, F, T], 2) == 0.0
    assert hit_at_k([F, F, T], 3) == 1.0
    assert hit_at_k([], 5) == 0.0


def test_reciprocal_rank_and_first_rank():
    assert first_relevant_rank([F, F, T, T]) == 3
    assert first_relevant_rank([F, F]) is None
    assert reciprocal_rank([F, F, T, T]) == pytest.approx(1 / 3)
    assert reciprocal_rank([T]) == 1.0
    # relevant at rank 11 is outside MRR@10
    assert reciprocal_rank([F] * 10 + [T], k=10) == 0.0
    assert reciprocal_rank([F] * 10 + [T], k=11) == pytest.approx(1 / 11)


def test_summarize_ranking_averages_over_questions():
    # first relevant at 1, at 3, at 6 (numpy booleans, as the tuning scripts pass), and never
    ranked = [[T, F], [F, F, T], np.array([F, F, F, F, F, T]), [F, F]]
    r1, r5, mrr = summarize_ranking(ranked)
    assert r1 == pytest.approx(1 / 4)
    assert r5 == pytest.approx(2 / 4)
    assert mrr == pytest.approx((1 + 1 / 3 + 1 / 6 + 0) / 4)
    assert summarize_ranking([]) == (0.0, 0.0, 0.0)


def test_ndcg_by_hand_for_0101():
    # DCG = 1/log2(3) + 1/log2(5) = 0.6309298 + 0.4306766 = 1.0616063
    # two relevant in the list -> ideal [1,1] = 1 + 1/log2(3) = 1.6309298
    assert ndcg_at_k([F, T, F, T], k=10) == pytest.approx(1.0616063 / 1.6309298, abs=1e-6)
    assert ndcg_at_k([F, T, F, T], k=10) == pytest.approx(0.650920, abs=1e-6)
    # three relevant in the collection: ideal = 1 + 0.6309298 + 1/log2(4) = 2.1309298
    assert ndcg_at_k([F, T, F, T], k=10, n_relevant=3) == pytest.approx(0.498189, abs=1e-6)
    # cut at k=2: DCG = 0.6309298; ideal still has two relevant in the first 2 ranks
    assert ndcg_at_k([F, T, F, T], k=2) == pytest.approx(0.6309298 / 1.6309298, abs=1e-6)


def test_ndcg_bounds():
    assert ndcg_at_k([T, T, F]) == 1.0
    assert ndcg_at_k([F, F, F]) == 0.0
    assert ndcg_at_k([]) == 0.0
    # a single relevant passage at rank 2: 1/log2(3)
    assert ndcg_at_k([F, T]) == pytest.approx(1 / math.log2(3))


@given(st.lists(st.booleans(), max_size=30), st.integers(min_value=1, max_value=30))
def test_ranking_metrics_stay_in_unit_interval(rel, k):
    for value in (hit_at_k(rel, k), reciprocal_rank(rel, k), ndcg_at_k(rel, k)):
        assert 0.0 <= value <= 1.0 + 1e-12
    assert reciprocal_rank(rel, k) <= hit_at_k(rel, k)


def test_normalize_answer_french():
    assert normalize_answer("L\u2019armée malienne.") == ["armee", "malienne"]
    assert normalize_answer("d'euros") == ["euros"]
    assert normalize_answer("Au Conseil de sécurité des Nations unies") == [
        "conseil",
        "securite",
        "nations",
        "unies",
    ]
    assert normalize_answer("« Barkhane »") == ["barkhane"]
    assert normalize_answer("cœur") == ["coeur"]


def test_token_f1_by_hand():
    # pred [armee, malienne], gold [armee, malienne, mali]: p = 1, r = 2/3 -> F1 = 0.8
    assert token_f1("l'armée malienne", "armée malienne du Mali") == pytest.approx(0.8)
    # pred [en, juillet, 2022], gold [juillet, 2022]: p = 2/3, r = 1 -> F1 = 0.8
    assert token_f1("en juillet 2022", "juillet 2022") == pytest.approx(0.8)
    assert token_f1("Bamako", "à Bamako") == pytest.approx(2 * 1 * 0.5 / 1.5)
    assert token_f1("Niamey", "Bamako") == 0.0
    # only articles on both sides: both normalise to nothing, which SQuAD counts as a match
    assert token_f1("la", "le") == 1.0
    assert token_f1("la", "Bamako") == 0.0


def test_exact_match_ignores_case_accents_articles_and_punctuation():
    assert exact_match("La Cédéao", "cedeao") == 1.0
    assert exact_match("juillet 2022.", "Juillet 2022") == 1.0
    assert exact_match("en juillet 2022", "juillet 2022") == 0.0


def test_best_over_several_golds():
    golds = ["14,2 milliards d'euros", "14,2 milliards"]
    assert best_exact_match("14,2 milliards", golds) == 1.0
    # pred [14, 2, milliards, euros, en, 2003] vs [14, 2, milliards]: p = 3/6, r = 1 -> 2/3
    assert best_token_f1("14,2 milliards d'euros en 2003", golds[1:]) == pytest.approx(2 / 3)
    # against both golds the first is better: p = 4/6, r = 1 -> 0.8
    assert best_token_f1("14,2 milliards d'euros en 2003", golds) == pytest.approx(0.8)
    assert best_token_f1("14,2 milliards d'euros", golds) == 1.0
    assert best_token_f1("x", []) == 0.0 and best_exact_match("x", []) == 0.0


def test_abstention_prf_by_hand():
    # abstained:     T  T  F  F  T
    # unanswerable:  T  F  T  F  F
    # tp = 1; abstentions = 3 -> P = 1/3; unanswerable = 2 -> R = 1/2; F1 = 2PR/(P+R) = 0.4
    p, r, f = abstention_prf([T, T, F, F, T], [T, F, T, F, F])
    assert (p, r) == (pytest.approx(1 / 3), pytest.approx(1 / 2))
    assert f == pytest.approx(0.4)
    assert abstention_prf([F, F], [T, F]) == (0.0, 0.0, 0.0)
    assert abstention_prf([T, F], [T, F]) == (1.0, 1.0, 1.0)
    with pytest.raises(ValueError):
        abstention_prf([T], [T, F])


def test_mean_of_nothing_is_undefined():
    assert mean([]) is None
    assert mean([1.0, 0.0, 0.5]) == pytest.approx(0.5)


def test_percentile_by_hand_and_against_numpy():
    assert percentile([4.0, 1.0, 3.0, 2.0], 50) == pytest.approx(2.5)
    # position (4 - 1) * 0.95 = 2.85 -> 3 + 0.85 * (4 - 3)
    assert percentile([1.0, 2.0, 3.0, 4.0], 95) == pytest.approx(3.85)
    assert percentile([7.0], 95) == 7.0
    assert percentile([], 50) is None
    with pytest.raises(ValueError):
        percentile([1.0], 101)


@given(
    st.lists(st.floats(min_value=0, max_value=1e4, allow_nan=False), min_size=1, max_size=50),
    st.floats(min_value=0, max_value=100),
)
def test_percentile_matches_numpy(values, p):
    assert percentile(values, p) == pytest.approx(float(np.percentile(values, p)), abs=1e-6)
