"""Fusion and top-k: hand-computed cases and properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from askmali.fusion import RRF_K, fuse_minmax, minmax, rrf, top_k


def test_minmax_by_hand():
    np.testing.assert_allclose(minmax(np.array([1.0, 3.0, 5.0])), [0.0, 0.5, 1.0])
    np.testing.assert_allclose(minmax(np.array([2.0, 2.0, 2.0])), [0.0, 0.0, 0.0])
    np.testing.assert_allclose(minmax(np.array([-1.0, 0.0, 3.0], dtype=np.float32)), [0.0, 0.25, 1.0])
    assert minmax(np.array([])).shape == (0,)


def test_fuse_minmax_by_hand():
    bm25 = np.array([10.0, 0.0, 5.0, 2.0])
    tfidf = np.array([0.2, 0.6, 0.4, 0.0])
    # minmax: bm25 -> [1, 0, .5, .2]; tfidf -> [1/3, 1, 2/3, 0]
    np.testing.assert_allclose(fuse_minmax(bm25, tfidf), [2 / 3, 0.5, 7 / 12, 0.1])
    np.testing.assert_allclose(fuse_minmax(bm25, tfidf, weight_a=1.0), [1.0, 0.0, 0.5, 0.2])
    # over the candidates {0, 2}: bm25 -> [1, 0]; tfidf -> [0, 1]
    np.testing.assert_allclose(fuse_minmax(bm25, tfidf, 0.25, candidates=np.array([0, 2])), [0.25, 0.75])
    with pytest.raises(ValueError):
        fuse_minmax(bm25, tfidf, weight_a=1.5)
    with pytest.raises(ValueError):
        fuse_minmax(bm25, tfidf[:3])


def test_rrf_by_hand():
    assert RRF_K == 60
    fused = rrf([[3, 1, 2], [1, 4]])
    assert fused == pytest.approx({3: 1 / 61, 1: 1 / 62 + 1 / 61, 2: 1 / 63, 4: 1 / 62})
    assert max(fused, key=fused.get) == 1
    assert rrf([[5, 5, 6]], k=0) == pytest.approx({5: 1.0, 6: 1 / 3})  # a repeat counts once
    assert rrf([]) == {}


def test_top_k_by_hand():
    s = np.array([0.5, 2.0, 0.0, 2.0, 1.0], dtype=np.float32)
    assert top_k(s, 3).tolist() == [1, 3, 4]
    assert top_k(s, 10).tolist() == [1, 3, 4, 0, 2]
    assert top_k(s, 0).tolist() == []
    assert top_k(np.array([np.nan, 1.0, -np.inf]), 3).tolist() == [1, 0, 2]
    assert top_k(np.zeros(5), 2).tolist() == [0, 1]


@pytest.mark.parametrize("kind", ["dense", "sparse", "ties", "negative"])
def test_top_k_equals_a_full_sort_at_scale(kind):
    rng = np.random.default_rng(3)
    n = 100_000
    if kind == "dense":
        s = rng.random(n).astype(np.float32)
    elif kind == "sparse":  # like BM25: most documents score exactly 0
        s = np.zeros(n, dtype=np.float32)
        s[rng.choice(n, 3_000, replace=False)] = rng.random(3_000)
    elif kind == "ties":
        s = rng.integers(0, 4, n).astype(np.float32)
    else:
        s = (rng.random(n) - 0.9).astype(np.float32)
    for k in (1, 10, 100, 5_000):
        assert top_k(s, k).tolist() == np.lexsort((np.arange(n), -s))[:k].tolist()


@pytest.mark.parametrize("where", ["sampled", "unsampled", "many"])
def test_top_k_ranks_nan_last_at_scale(where):
    """NaN ranks like -inf on the sampled fast path too: in the strided sample, beside it, or
    numerous enough to be the sample's threshold."""
    rng = np.random.default_rng(5)
    n = 100_000
    s = rng.random(n).astype(np.float32)
    step = n // 2048
    if where == "sampled":
        s[[0, step * 7, step * 100]] = np.nan
    elif where == "unsampled":
        s[[1, step * 7 + 1, 99_999]] = np.nan
    else:
        s[rng.choice(n, 20_000, replace=False)] = np.nan
    reference = np.where(np.isnan(s), -np.inf, s)
    for k in (1, 10, 100, 5_000):
        assert top_k(s, k).tolist() == np.lexsort((np.arange(n), -reference))[:k].tolist()


@given(hnp.arrays(np.float64, st.integers(0, 300), elements=st.floats(-1e6, 1e6)), st.integers(0, 320))
def test_top_k_property(s, k):
    assert top_k(s, k).tolist() == np.lexsort((np.arange(s.size), -s))[:k].tolist()


@given(st.lists(st.integers(0, 10_000), min_size=2, max_size=50, unique=True), st.floats(0.0, 1.0))
def test_fusion_preserves_an_order_both_signals_agree_on(values, weight):
    a = np.array(values, dtype=np.float64)
    b = np.sqrt(a) * 3.0 + 1.0  # strictly increasing in a: the same order
    fused = fuse_minmax(a, b, weight_a=weight)
    order = np.argsort(-a, kind="stable")
    assert np.all(np.diff(fused[order]) < 0)
    ranking = order.tolist()
    fused_rrf = rrf([ranking, np.argsort(-b, kind="stable").tolist()])
    assert sorted(fused_rrf, key=fused_rrf.get, reverse=True) == ranking
