"""The compiled loops of the question path (askmali._kernels, askmali.kernels): each gives bit
for bit what its numpy or Python twin gives, on the seeds, on an index of segments and on random
postings; a damaged array raises an error instead of reading out of bounds. CI builds them (a
machine with a C compiler), so there a missing build fails rather than skips."""

from __future__ import annotations

import os
import shutil

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import askmali
from askmali import fusion, indexing, kernels
from askmali.bm25 import BM25
from askmali.spelling import _osa, _pattern, correct
from test_incremental import QUESTIONS, SEEDS

compiled = kernels.compiled
if compiled is None:
    if os.environ.get("CI"):
        pytest.fail("askmali._kernels was not built: CI has a C compiler", pytrace=False)
    pytest.skip("askmali._kernels was not built (no C compiler): numpy scores alone", allow_module_level=True)


def _both(monkeypatch, compute):
    """``compute()`` with the compiled loops, then with numpy alone."""
    fast = compute()
    with monkeypatch.context() as m:
        m.setattr(kernels, "compiled", None)
        slow = compute()
    return fast, slow


def test_seeds_scores_are_bit_for_bit_those_of_numpy(engine, monkeypatch):
    for q in QUESTIONS + ["Wagnr Prigojin", "sanctionss de la Cedeao", "Qui a fondé Wagner ?"]:
        a = engine.analyse(q)
        (bm, tf), (bm_np, tf_np) = _both(monkeypatch, lambda: (engine.bm25.score(a.terms), engine.tfidf.score(a.text)))
        assert bm.dtype == bm_np.dtype == np.float32 and np.array_equal(bm, bm_np), q
        assert np.array_equal(tf, tf_np), q
        assert (bm > 0).any(), q  # the question's terms are in the seeds: something was summed


def test_repeated_terms_and_another_avgdl_score_as_numpy(engine, monkeypatch):
    """A term asked twice weighs twice; a segment scored under a global avgdl and idf."""
    b = engine.bm25
    known = engine.analyse("Pourquoi la Cedeao a-t-elle pris des sanctions contre le Mali et Wagner ?").terms
    assert len(known) >= 3 and (b.vocab.lookup_many(known) >= 0).all()
    terms = [known[0], known[0], known[1], known[2], known[2], known[2]]
    fast, slow = _both(monkeypatch, lambda: b.score(terms))
    assert np.array_equal(fast, slow) and fast.max() > 0
    ids = np.sort(b.vocab.lookup_many(known[:3]))
    idf, qw = np.array([0.7, 2.5, 4.0]), np.array([1.0, 2.0, 1.0])
    fast, slow = _both(monkeypatch, lambda: b.scored(ids, idf, qw, b.avgdl * 1.37))
    assert np.array_equal(fast, slow) and fast.max() > 0


def test_an_index_of_segments_scores_as_numpy(tmp_path, monkeypatch):
    """Segments, small ones folded, tombstoned rows: the compiled loops run once per segment."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in sorted(SEEDS.glob("*.txt"))[:4]:
        shutil.copy(p, corpus / p.name)
    root = tmp_path / "index"
    indexing.build([corpus], root)
    for i in range(3):
        (corpus / f"n{i}.txt").write_text(f"Note {i}. La Cedeao a levé ses sanctions contre le Mali en {2020 + i}.\n", encoding="utf-8")
        indexing.build([corpus], root)
    (corpus / "n1.txt").unlink()
    shutil.copy(sorted(SEEDS.glob("*.txt"))[4], corpus)
    indexing.build([corpus], root)
    engine = askmali.load(root)
    assert engine.segments is not None and len(engine.segments.segments) >= 3
    for q in QUESTIONS[:20] + ["sanctions de la Cedeao 2021", "Note 2"]:
        a = engine.analyse(q)
        (bm, tf), (bm_np, tf_np) = _both(monkeypatch, lambda: (engine.bm25.score(a.terms), engine.tfidf.score(a.text)))
        assert np.array_equal(bm, bm_np) and np.array_equal(tf, tf_np), q


def _random_postings(data, max_docs: int, max_terms: int, max_length: int):
    """Random posting lists: how many documents and terms, the term offsets, the documents of
    the postings (int32 or int64) and the generator that drew them."""
    n_docs = data.draw(st.integers(1, max_docs))
    n_terms = data.draw(st.integers(1, max_terms))
    lengths = data.draw(st.lists(st.integers(0, max_length), min_size=n_terms, max_size=n_terms))
    indptr = np.zeros(n_terms + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    docs = rng.integers(0, n_docs, int(indptr[-1])).astype(data.draw(st.sampled_from([np.int32, np.int64])))
    return n_docs, n_terms, indptr, docs, rng


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_random_postings_sum_as_bincount(data):
    """Random posting lists (int32 or int64 rows, int32 or float32 values), random terms in any
    order, an offset: the same sums as numpy's gather, weighting and ``np.bincount``; BM25 with
    the norms by document length (uint16 lengths, a table) as with a norm per document."""
    n_docs, n_terms, indptr, docs, rng = _random_postings(data, 300, 12, 40)
    offset = data.draw(st.integers(0, 50))
    rows = n_docs + offset
    values = (rng.integers(1, 9, docs.size) if data.draw(st.booleans()) else rng.random(docs.size) * 3).astype(
        data.draw(st.sampled_from([np.int32, np.float32]))
    )
    ids = rng.choice(n_terms, data.draw(st.integers(1, n_terms)), replace=False).astype(np.int64)
    qw = rng.random(ids.size) * 2 if data.draw(st.booleans()) else None
    idf = rng.random(ids.size) * 5
    table = rng.random(data.draw(st.integers(1, 40))) * 2 + 0.1
    lengths = rng.integers(0, table.size, rows).astype(np.uint16)
    norm = table[lengths]
    starts, ends = indptr[ids], indptr[ids + 1]
    take = np.concatenate([np.arange(s, e) for s, e in zip(starts, ends)] + [np.zeros(0, np.int64)])
    term = np.repeat(np.arange(ids.size), ends - starts)
    d = docs[take].astype(np.intp) + offset
    t = values[take].astype(np.float64)

    w = t * qw[term] if qw is not None else t.copy()
    out = np.zeros(rows)
    compiled.weighted(out, docs, values, starts, ends, qw, offset)
    assert np.array_equal(out, np.bincount(d, weights=w, minlength=rows))

    w = t * idf[term]
    w *= 1.2 + 1.0
    w /= t + norm[d]
    w = w.astype(np.float32).astype(np.float64)
    if qw is not None:
        w *= qw[term]
    out = np.zeros(rows)
    compiled.bm25(out, docs, values, starts, ends, idf, qw, norm, 1.2 + 1.0, offset)
    assert np.array_equal(out, np.bincount(d, weights=w, minlength=rows))
    out = np.zeros(rows)
    compiled.bm25(out, docs, values, starts, ends, idf, qw, table, 1.2 + 1.0, offset, lengths)
    assert np.array_equal(out, np.bincount(d, weights=w, minlength=rows))


def test_damaged_arrays_raise_instead_of_reading_out_of_bounds():
    out = np.zeros(10)
    docs, tf = np.array([1, 2, 10], dtype=np.int32), np.ones(3, dtype=np.int32)
    starts, ends = np.array([0], dtype=np.int64), np.array([3], dtype=np.int64)
    with pytest.raises(ValueError, match="outside the score vector"):
        compiled.weighted(out, docs, tf, starts, ends, None, 0)
    with pytest.raises(ValueError, match="outside the score vector"):
        compiled.weighted(out, docs[:2], tf[:2], starts, ends - 1, None, 9)  # 2 + 9 >= 10
    with pytest.raises(ValueError, match="outside its arrays"):
        compiled.weighted(out, docs, tf, starts, ends + 1, None, 0)
    with pytest.raises(ValueError, match="outside the score vector"):
        compiled.bm25(out, docs, tf, starts, ends, np.ones(1), None, np.ones(5), 2.2, 0)  # norm too short
    lengths = np.zeros(10, np.uint16)
    with pytest.raises(ValueError, match="outside the score vector"):  # lengths too short
        compiled.bm25(out, docs, tf, starts, ends - 1, np.ones(1), None, np.ones(1), 2.2, 0, lengths[:2])
    lengths[2] = 1
    with pytest.raises(ValueError, match="length is outside the norms"):
        compiled.bm25(out, docs, tf, starts, ends - 1, np.ones(1), None, np.ones(1), 2.2, 0, lengths)
    with pytest.raises(TypeError, match="unexpected array type"):
        compiled.bm25(out, docs, tf, starts, ends - 1, np.ones(1), None, np.ones(2), 2.2, 0, lengths.astype(np.int64))
    with pytest.raises(TypeError, match="unexpected array type"):
        compiled.weighted(out.astype(np.float32), docs, tf, starts, ends, None, 0)
    with pytest.raises(TypeError, match="unexpected array type"):
        compiled.weighted(out, docs.astype(np.int16), tf, starts, ends, None, 0)
    with pytest.raises(ValueError, match="contiguous"):
        compiled.weighted(np.zeros(20)[::2], docs, tf, starts, ends, None, 0)  # not contiguous
    blob, offsets = np.frombuffer(b"abcdef", dtype=np.uint8), np.array([0, 3, 6], dtype=np.int64)
    with pytest.raises(ValueError, match="outside the vocabulary"):
        compiled.osa(blob, offsets, np.array([0, 2], dtype=np.int64), "abd", 1)
    assert np.frombuffer(compiled.find(blob, offsets, ["def", "abc", "abd", "\ud800"]), np.int64).tolist() == [1, 0, -1, -2]
    with pytest.raises(ValueError, match="outside the vocabulary"):
        compiled.find(blob, np.array([0, 3, 9], dtype=np.int64), ["def"])  # past the blob
    with pytest.raises(ValueError, match="outside the vocabulary"):
        compiled.find(blob, np.array([0, 4, 2], dtype=np.int64), ["abc"])  # an end before its start
    with pytest.raises(TypeError, match="must be str"):
        compiled.find(blob, offsets, [b"abc"])


def test_edit_distances_are_those_of_spelling(engine):
    """``osa`` over the seeds' vocabulary, by code point (accents are one letter), as
    ``spelling._osa``; a term past 64 letters or bytes that are not UTF-8 are left to Python."""
    vocab = engine.bm25.vocab
    ids = np.arange(len(vocab), dtype=np.int64)
    terms = vocab.terms()
    arrays = vocab.to_arrays()
    for probe in ["wagnr", "sanctionss", "prigojin", "bamak", "sécurit", "coopératio", "déploiement", "x", "é" * 9]:
        for limit in (1, 2):
            got = np.frombuffer(compiled.osa(arrays["blob"], arrays["offsets"], ids, probe, limit), dtype=np.uint8)
            pattern = _pattern(probe)
            want = [min(_osa(pattern, len(probe), t), limit + 1) for t in terms]
            assert got.tolist() == want, probe
    assert not any(compiled.osa(arrays["blob"], arrays["offsets"], ids[:50], "a" * 65, 2))
    blob = np.frombuffer("fin\xff".encode("latin-1"), dtype=np.uint8)
    assert list(compiled.osa(blob, np.array([0, 4], dtype=np.int64), np.array([0], dtype=np.int64), "fin", 1)) == [0]


def test_typo_correction_is_the_same_with_the_compiled_distances(engine, monkeypatch):
    questions = ["Qui est le chef de Wagnr ?", "Quelles sanctionss la Cedeao a-t-elle prises ?", "Prigojin", "securiter au Sahell"]

    def fresh(q: str):
        engine._last_query = (None, [], {}, None)  # analysed again, not read from the last question's
        return engine.query_terms(q), engine.near_spellings(q)

    for q in questions:
        fast, slow = _both(monkeypatch, lambda: fresh(q))
        assert fast == slow, q
    assert "wagn" in fresh("Qui est le chef de Wagnr ?")[0]
    assert correct(["wagnr"], engine._known_flags, engine._neighbours) == ["wagn"]


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_the_best_touched_documents_are_those_of_the_score_vector(data):
    """``bm25_top``, on random postings (int32 or int64 rows, int32 or float32 values), terms and
    derived nouns, repeated weights, an allowed mask and any k: the rows and float32 scores that
    sorting ``f32(bm25) + f32(w) * f32(bm25 of the nouns)`` gives (scores > 0 and allowed, best
    first, ties by lower row), and its scratch arrays are all zeros again afterwards; given each
    document's length (uint16) and the norms by length, the same as given the norm per document."""
    n_docs, n_terms, indptr, docs, rng = _random_postings(data, 200, 10, 30)
    # few distinct values: equal scores, so ties are broken by row
    values = (rng.integers(1, 4, docs.size) if data.draw(st.booleans()) else rng.random(docs.size) * 3).astype(
        data.draw(st.sampled_from([np.int32, np.float32]))
    )
    ids = np.sort(rng.choice(n_terms, data.draw(st.integers(1, n_terms)), replace=False)).astype(np.int64)
    n_base = data.draw(st.integers(0, ids.size))
    qw = rng.integers(1, 3, ids.size).astype(np.float64) if data.draw(st.booleans()) else None
    idf = rng.random(ids.size) * 5
    table = rng.random(data.draw(st.integers(1, 40))) * 2 + 0.1  # a norm per document length
    lengths = rng.integers(0, table.size, n_docs).astype(np.uint16)
    norm = table[lengths]
    by_length = data.draw(st.booleans())
    weight = data.draw(st.sampled_from([0.5, 1.0, 0.3]))
    allowed = rng.random(n_docs) < 0.7 if data.draw(st.booleans()) else None
    k = data.draw(st.integers(0, n_docs + 3))

    def vector(part: slice) -> np.ndarray:
        out = np.zeros(n_docs)
        starts, ends = indptr[ids[part]], indptr[ids[part] + 1]
        compiled.bm25(out, docs, values, starts, ends, idf[part], None if qw is None else qw[part], norm, 2.2, 0)
        return out.astype(np.float32)

    scores = vector(slice(0, n_base)) + np.float32(weight) * vector(slice(n_base, None))
    keep = np.flatnonzero((scores > 0) & (True if allowed is None else allowed))
    want = keep[np.lexsort((keep, -scores[keep]))][:k]

    sums, extra, touched = np.zeros(n_docs), np.zeros(n_docs), np.empty(n_docs + 1, np.int64)
    rows, got = np.empty(k, np.int64), np.empty(k, np.float32)
    found = compiled.bm25_top(
        sums, extra, touched, docs, values, indptr[ids], indptr[ids + 1], idf, qw, table if by_length else norm, 2.2,
        n_base, weight, allowed, rows, got, *((lengths,) if by_length else ()),
    )
    assert rows[:found].tolist() == want.tolist()
    assert np.array_equal(got[:found], scores[want])
    assert not sums.any() and not extra.any()


def test_the_best_touched_documents_refuse_damaged_arrays():
    """A document id past the scratch, a touched list without room for one more, scratch of the
    wrong type: an error, never a write out of bounds; the scratch is zeros again after it."""
    docs, tf = np.array([1, 2, 10], dtype=np.int32), np.ones(3, dtype=np.int32)
    starts, ends = np.array([0], dtype=np.int64), np.array([3], dtype=np.int64)
    sums, extra, touched = np.zeros(10), np.zeros(10), np.empty(11, np.int64)
    rows, scores = np.empty(5, np.int64), np.empty(5, np.float32)
    one = np.ones(1)

    def call(**change):
        a = dict(sums=sums, extra=extra, touched=touched, docs=docs, starts=starts, ends=ends, norm=np.ones(10))
        a.update(change)
        return compiled.bm25_top(
            a["sums"], a["extra"], a["touched"], a["docs"], tf, a["starts"], a["ends"], one, None, a["norm"], 2.2,
            1, 0.5, None, rows, scores,
        )

    with pytest.raises(ValueError, match="outside the score vector"):
        call()
    assert not sums.any() and not extra.any()
    assert call(ends=ends - 1) == 2  # rows 1 and 2
    assert rows[:2].tolist() == [1, 2] and not sums.any()
    with pytest.raises(ValueError, match="wrong length"):
        call(ends=ends - 1, touched=np.empty(10, np.int64))
    with pytest.raises(ValueError, match="wrong length"):
        call(ends=ends - 1, norm=np.ones(5))
    with pytest.raises(TypeError, match="unexpected array type"):
        call(ends=ends - 1, sums=np.zeros(10, np.float32))
    # norms by length: a length past the table, lengths not one per document, not uint16
    lengths, table = np.array([0, 1, 2, 9, 0, 0, 0, 0, 0, 0], np.uint16), np.ones(3)

    def by_length(lengths=lengths):
        return compiled.bm25_top(
            sums, extra, touched, docs, tf, starts, ends - 1, one, None, table, 2.2, 1, 0.5, None, rows, scores, lengths
        )

    assert by_length() == 2 and rows[:2].tolist() == [1, 2]
    with pytest.raises(ValueError, match="outside the norms"):
        by_length(np.array([0, 1, 3, 0, 0, 0, 0, 0, 0, 0], np.uint16))
    assert not sums.any() and not extra.any()
    with pytest.raises(ValueError, match="wrong length"):
        by_length(lengths[:9])
    with pytest.raises(TypeError, match="unexpected array type"):
        by_length(lengths.astype(np.int32))


def test_the_norms_by_length_are_the_norms_by_document(engine, tmp_path):
    """``BM25._norm_by_length``: the table read at each document's length gives its norm bit
    for bit, on the seeds; an index with a document too long for uint16 keeps a norm per
    document (and the same search)."""
    bm25 = engine.bm25
    lengths, table = bm25._norm_by_length
    assert lengths.dtype == np.uint16 and np.array_equal(table[lengths], bm25._length_norm)
    long = BM25.build([["mot"] * 70_000, ["mot", "autre"], ["autre"]])
    assert long._norm_by_length is None
    vector = long.score(["mot"])
    rows, scores = long.top(["mot"], (), 0.0, 3, None)
    assert rows.tolist() == [r for r in fusion.top_k(vector, 3).tolist() if vector[r] > 0] == [0, 1]
    assert np.array_equal(scores, vector[rows])


def test_weights_that_cancel_never_overrun_the_touched_list():
    """A damaged index could give weights that bring a sum back to 0 (a question weight below 0),
    so that a document looks untouched twice: the touched list still stops at one entry per
    document, and that document is ranked once."""
    docs, tf = np.zeros(4, dtype=np.int32), np.ones(4, dtype=np.int32)
    starts, ends = np.arange(4, dtype=np.int64), np.arange(1, 5, dtype=np.int64)
    sums, extra, touched = np.zeros(1), np.zeros(1), np.full(2, -7, np.int64)
    rows, scores = np.empty(3, np.int64), np.empty(3, np.float32)
    found = compiled.bm25_top(
        sums, extra, touched, docs, tf, starts, ends, np.ones(4), np.array([1.0, -1.0, 1.0, -1.0]), np.ones(1), 2.2,
        3, 0.5, None, rows, scores,
    )
    assert found == 1 and rows[0] == 0 and scores[0] > 0
    assert not sums.any() and not extra.any()


def _forest_rows(engine):
    """The answer ranker's and the span ranker's feature rows for the seeds' questions: every
    candidate sentence of each question, and every span of its best sentence."""
    from askmali import answering, spans

    ranker_rows, span_rows = [], []
    for q in QUESTIONS + ["Qui a fondé Wagner ?", "Combien de soldats français ont été déployés au Sahel ?"]:
        a = engine.analyse(q)
        hits = engine.search(a, 10)
        candidates, best = answering.choose(a, hits, engine)
        ranker_rows.append(np.asarray(answering.ranker_features(a, candidates, engine.analyzer), dtype=np.float64))
        got = spans.features(a, best.passage.text[best.start : best.end], engine.analyzer) if best else None
        if got is not None:
            span_rows.append(np.asarray(got[2], dtype=np.float64))
    return ranker_rows, span_rows


def test_the_trees_score_real_rows_as_numpy_does(engine, monkeypatch):
    """Both forests that ship, walked by ``leaves`` and by numpy, on the seeds' real feature
    rows (and on rows beyond every threshold): the same log-odds, bit for bit."""
    from askmali import answer_ranker, spans

    ranker_rows, span_rows = _forest_rows(engine)
    assert len(ranker_rows) > 5 and len(span_rows) > 5
    for forest, rows in ((answer_ranker.model(), ranker_rows), (spans.model()["raw"].__self__, span_rows)):
        width = rows[0].shape[1]
        for X in [*rows, np.full((3, width), -1e300), np.full((3, width), 1e300), np.zeros((0, width))]:
            fast, slow = _both(monkeypatch, lambda: forest.raw(X))
            assert fast.dtype == slow.dtype and np.array_equal(fast, slow)


def test_a_damaged_forest_raises_instead_of_walking_out_of_bounds():
    from askmali.trees import Forest

    def forest(feature, left, right, roots=(0,)):
        n = len(feature)
        return Forest({"kind": "gradient-boosted-trees/1", "baseline": 0.0, "depth": 3, "roots": list(roots),
                       "feature": feature, "threshold": [0.5] * n, "left": left, "right": right, "value": [1.0] * n})

    X = np.zeros((2, 1))
    nodes = np.empty(2, dtype=np.int64)
    good = forest([0, -1, -1], [1, 0, 0], [2, 0, 0])
    assert good.raw(X).tolist() == [1.0, 1.0]
    with pytest.raises(ValueError, match="outside the model"):  # a cycle: node 0 -> 0
        compiled.leaves(nodes, X.reshape(-1), 1, good.roots, good.feature, good.threshold,
                        np.zeros(3, dtype=np.intp), np.zeros(3, dtype=np.intp))
    with pytest.raises(ValueError, match="outside the model"):  # a child past the last node
        compiled.leaves(nodes, X.reshape(-1), 1, good.roots, good.feature, good.threshold,
                        np.array([7, 0, 0], dtype=np.intp), good.right)
    with pytest.raises(ValueError, match="feature X does not have"):
        compiled.leaves(nodes, X.reshape(-1), 1, good.roots, np.array([3, -1, -1], dtype=np.intp), good.threshold,
                        good.left, good.right)
    with pytest.raises(ValueError, match="wrong size"):
        compiled.leaves(np.empty(3, dtype=np.int64), X.reshape(-1), 1, good.roots, good.feature, good.threshold,
                        good.left, good.right)
    with pytest.raises(TypeError):
        compiled.leaves(nodes, X.reshape(-1).astype(np.float32), 1, good.roots, good.feature, good.threshold,
                        good.left, good.right)
