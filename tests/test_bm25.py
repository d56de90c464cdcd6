"""BM25: differential test against rank-bm25 on the seed texts, formula checks, persistence."""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from askmali.analysis import Analyzer
from askmali.bm25 import BM25
from askmali.tfidf import CharTfidf

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def an() -> Analyzer:
    return Analyzer()


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    return [line for p in sorted(SEEDS.glob("*.txt")) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def line_docs(an, seed_lines) -> list[list[str]]:
    return [an.terms(line) for line in seed_lines]


@pytest.fixture(scope="module")
def window_docs(an, seed_lines) -> list[list[str]]:
    """Seed lines grouped 25 at a time: big passages where common terms are in most docs."""
    return [an.terms("\n".join(seed_lines[i : i + 25])) for i in range(0, len(seed_lines), 25)]


def queries(an, docs: list[list[str]], seed_lines: list[str]) -> list[list[str]]:
    df = Counter(t for d in docs for t in set(d))
    common = [t for t, n in df.most_common() if n > len(docs) / 2]
    qs = [an.query_terms(line)[:6] for line in seed_lines[::19]]
    qs += [[t] for t in common[:10]]  # idf < 0 in rank-bm25: the epsilon floor applies
    qs += [common[:2] + an.query_terms("Quand la Cedeao a-t-elle levé ses sanctions ?")]
    qs += [an.query_terms("Wagner Wagner Bamako"), ["motinconnu"], [], an.query_terms("Africa Corps 2021")]
    return qs


@pytest.mark.parametrize("corpus", ["line_docs", "window_docs"])
def test_matches_rank_bm25_okapi(request, an, seed_lines, corpus):
    docs = request.getfixturevalue(corpus)
    ours = BM25.build(docs, k1=1.2, b=0.75, idf="rank_bm25", epsilon=0.25)
    ref = BM25Okapi(docs, k1=1.2, b=0.75, epsilon=0.25)
    qs = queries(an, docs, seed_lines)
    assert len(qs) >= 50
    for q in qs:
        expected = ref.get_scores(q) if q else np.zeros(len(docs))
        got = ours.score(q)
        assert got.dtype == np.float32 and got.shape == (len(docs),)
        np.testing.assert_allclose(got, expected, rtol=2e-5, atol=2e-6, err_msg=str(q))


def test_epsilon_rule_is_exercised(window_docs):
    ref = BM25Okapi(window_docs, k1=1.2, b=0.75)
    negative = [t for t, n in Counter(t for d in window_docs for t in set(d)).items() if n > len(window_docs) / 2]
    assert len(negative) >= 5
    ours = BM25.build(window_docs, idf="rank_bm25")
    floor = 0.25 * ref.average_idf
    np.testing.assert_allclose(ours.term_idf(negative), [floor] * len(negative), rtol=1e-6)
    assert all(ref.idf[t] == pytest.approx(floor) for t in negative)


def test_lucene_variant_against_direct_formula(line_docs):
    k1, b = 1.2, 0.75
    index = BM25.build(line_docs, k1=k1, b=b)  # idf="lucene" is the default
    n = len(line_docs)
    avgdl = sum(map(len, line_docs)) / n
    tfs = [Counter(d) for d in line_docs]
    df = Counter(t for d in line_docs for t in set(d))
    for q in (["mal", "wagn"], ["russ", "russ", "securit"], ["2022"], ["etat"]):
        expected = []
        for doc, tf in zip(line_docs, tfs):
            s = 0.0
            for t in q:
                if tf[t]:
                    idf = math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5))
                    s += idf * tf[t] * (k1 + 1) / (tf[t] + k1 * (1 - b + b * len(doc) / avgdl))
            expected.append(s)
        assert max(expected) > 0, q
        np.testing.assert_allclose(index.score(q), expected, rtol=2e-6, atol=1e-6)
    assert (index.idf > 0).all()


def test_ranks_the_passage_that_answers(an, seed_lines, line_docs):
    index = BM25.build(line_docs)
    scores = index.score(an.query_terms("Combien de civils ont été tués à Moura en mars 2022 ?"))
    assert "Moura" in seed_lines[int(np.argmax(scores))]


@pytest.mark.parametrize("kind", ["bm25", "tfidf"])
def test_round_trip_through_memory_mapped_npy(tmp_path, seed_lines, line_docs, kind):
    """Both posting indexes (BM25 and the char TF-IDF share ``PostingIndex``) reload from
    memory-mapped .npy files plus JSON params and score identically."""
    if kind == "bm25":
        index, cls, queries = BM25.build(line_docs), BM25, (["mal"], ["russ", "wagn", "wagn"], ["absent"])
    else:
        index, cls, queries = CharTfidf.build(seed_lines), CharTfidf, ("Wagner au Mali", "sanctions de la Cedeao", "")
    arrays = index.to_arrays()
    # both store raw statistics: tf per posting, and document lengths (BM25) or norms (TF-IDF)
    stored = {"tf", "doc_len"} if kind == "bm25" else {"tf", "norms"}
    assert set(arrays) == {"vocab.blob", "vocab.offsets", "vocab.keys", "indptr", "doc_ids", *stored}
    for name, arr in arrays.items():
        np.save(tmp_path / f"{name}.npy", arr, allow_pickle=False)
    params = json.loads(json.dumps(index.params()))
    loaded = cls.from_arrays({n: np.load(tmp_path / f"{n}.npy", mmap_mode="r") for n in arrays}, params)
    assert isinstance(np.load(tmp_path / "doc_ids.npy", mmap_mode="r"), np.memmap)
    assert len(loaded) == len(seed_lines) == params["n_docs"]
    for q in queries:
        np.testing.assert_array_equal(loaded.score(q), index.score(q))
    with pytest.raises(ValueError, match="format"):
        cls.from_arrays(arrays, {**params, "format": "other"})


def test_an_index_of_precomputed_impacts_still_scores_the_same(line_docs):
    """An index written before raw statistics (format askmali-bm25/1: one float32 impact per
    posting, and the idf) opens as ``BM25Impacts`` and gives bit for bit the scores and idf
    that the raw statistics give (both compute each weight in float64 and round it once)."""
    from askmali.bm25 import BM25Impacts, _idf

    index = BM25.build(line_docs, k1=0.4, b=0.5)
    p = index.params()
    df = np.diff(index.indptr)
    idf = _idf(df, p["n_docs"], "lucene", 0.0)
    term = np.repeat(np.arange(df.size), df)
    tf = index.tf.astype(np.float64)
    norm = p["k1"] * (1.0 - p["b"] + p["b"] * index.doc_len[index.doc_ids].astype(np.int64) / p["avgdl"])
    weights = (idf[term] * tf * (p["k1"] + 1.0) / (tf + norm)).astype(np.float32)
    arrays = {f"vocab.{k}": v for k, v in index.vocab.to_arrays().items()}
    arrays.update(idf=idf.astype(np.float32), indptr=index.indptr, doc_ids=index.doc_ids, weights=weights)
    old = BM25.from_arrays(arrays, {**p, "format": "askmali-bm25/1"})
    assert isinstance(old, BM25Impacts)
    for terms in (["mal"], ["russ", "wagn", "wagn"], ["absent"], [], ["bamako", "sanction", "cedeao"]):
        np.testing.assert_array_equal(old.score(terms), index.score(terms))
        np.testing.assert_array_equal(old.term_idf(terms), index.term_idf(terms))


def test_degenerate_corpora():
    assert BM25.build([]).score(["x"]).shape == (0,)
    index = BM25.build([[], ["a"], []])
    np.testing.assert_array_equal(index.score(["a"]) > 0, [False, True, False])
    assert index.score([]).tolist() == [0.0, 0.0, 0.0]
    with pytest.raises(ValueError, match="idf"):
        BM25.build([["a"]], idf="bm25+")


def test_score_rows_are_the_nonzero_scores_bit_for_bit(an, seed_lines, line_docs):
    """``score_rows`` sums a few postings without a score vector (the sparse path) or falls back
    to ``score`` (many postings); either way, the rows and float32 scores of ``score``."""
    index = BM25.build(line_docs, k1=0.4, b=0.5)
    sparse = 0
    for q in queries(an, line_docs, seed_lines) + [q + q[:1] for q in queries(an, line_docs, seed_lines) if q]:
        full = index.score(q)
        rows, scores = index.score_rows(q)
        expected = np.flatnonzero(full)
        assert np.array_equal(rows, expected) and np.array_equal(scores, full[expected]), q
        ids = index.vocab.lookup_many(q)
        sparse += int(index.df(ids[ids >= 0]).sum()) <= index.n_docs // 16
    assert sparse >= 20  # most questions take the sparse path

