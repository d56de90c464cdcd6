"""Faster code paths equal the plain code they replaced (speed must never change an answer).

Each test pits an optimised function against a straightforward reference written here: the
bit-parallel edit distance against the dynamic programme, fusion.union against np.union1d,
the memoised vocabulary lookup against its binary search, and the cached footnote index and
slice conversions of PassageTable against a row-by-row scan of the real seeds index.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from askmali import fusion, spelling
from askmali.passages import KIND_CODES
from askmali.vocab import Vocabulary


def osa_reference(a: str, b: str) -> int:
    """Optimal string alignment distance, the whole table filled (no early exit)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
        prev2, prev = prev, cur
    return prev[-1]


words = st.text(alphabet="abcéz", max_size=12)


@settings(max_examples=3000)
@given(words, words, st.integers(0, 3))
def test_edit_distance_is_the_osa_distance_capped(a, b, limit):
    assert spelling.edit_distance(a, b, limit) == min(osa_reference(a, b), limit + 1)


def test_edit_distance_on_french_typos():
    pairs = [("wagnr", "wagner", 1), ("sanctionss", "sanction", 2), ("rusise", "russie", 1),
             ("militaire", "miltiare", 2), ("cedeao", "cedeoa", 1), ("transition", "tarnsitoin", 2)]
    for a, b, d in pairs:
        assert osa_reference(a, b) == d
        assert spelling.edit_distance(a, b, 5) == d


ids = arrays(np.int64, st.integers(0, 40), elements=st.integers(0, 30))


@given(ids, ids)
def test_fusion_union_is_numpy_union1d(a, b):
    """engine.rank merges the candidate pools with fusion.union instead of np.union1d."""
    np.testing.assert_array_equal(fusion.union(a, b), np.union1d(a, b))


# many share 8 bytes; a lone surrogate is not UTF-8, which the compiled search leaves to the keys'
short_terms = st.text(alphabet="ab\u00e9\x00\ud800", min_size=1, max_size=11)


@settings(max_examples=300)
@given(st.sets(short_terms, max_size=40), st.lists(short_terms, max_size=30))
def test_vocabulary_search_equals_a_dict(terms, queries):
    """The binary search by bytes (compiled) and the sorted-key search (and its <= 8-byte fast
    path) find exactly the terms a plain dict does, also among terms sharing their first 8
    bytes, ending in NULs or holding a lone surrogate."""
    vocab = Vocabulary.build(terms)
    ref = {t: i for i, t in enumerate(vocab.terms())}
    asked = queries + sorted(terms)
    expected = [ref.get(q, -1) for q in asked]
    assert vocab._search(asked).tolist() == expected
    assert vocab._search_keys(asked).tolist() == expected
    assert vocab.lookup_many(asked).tolist() == expected


def test_memoised_lookup_equals_the_search(engine):
    vocab = engine.bm25.vocab
    terms = vocab.terms()[::7] + ["absentissime", "", "zzz", "état"]
    for _ in range(2):  # cold, then from the memo
        np.testing.assert_array_equal(vocab.lookup_many(terms), vocab._search(terms))
    assert (vocab.lookup_many(terms[:-4]) >= 0).all()


def test_passages_and_footnotes_equal_a_row_by_row_reading(engine):
    t = engine.passages
    for row in range(len(t)):
        p = t.get(row)
        a, b = int(t.sent_offsets[row]), int(t.sent_offsets[row + 1])
        f, g = int(t.fn_offsets[row]), int(t.fn_offsets[row + 1])
        assert p.sentences == tuple((int(s), int(e)) for s, e in t.sent_spans[a:b])
        assert p.sentence_lines == tuple((int(s), int(e)) for s, e in t.sent_lines[a:b])
        assert p.footnotes == tuple(int(v) for v in t.fn_values[f:g])
    cited = 0
    for src in range(len(t.source_names)):
        start, end = int(t.source_first[src]), int(t.source_first[src + 1])
        for number in range(0, 100):
            expected = [r for r in range(start, end) if t.kind[r] == KIND_CODES["footnote"]
                        and number in t.fn_values[int(t.fn_offsets[r]) : int(t.fn_offsets[r + 1])]]
            assert t.footnote_rows(src, [number]) == expected
            cited += bool(expected)
    assert cited >= 80  # 002 alone has 89 footnotes: the comparison is not vacuous


def test_the_stored_analysis_equals_analysing_each_passage(engine):
    """The index stores each passage's sentence terms and phrase text so a question need not
    analyse the passages it re-ranks; they must be exactly what the analyser gives."""
    from askmali.analysis import Analyzer

    table, analyzer = engine.passages, Analyzer()
    assert table.sentence_terms_table is not None and table.phrase_table is not None
    for row in range(len(table)):
        p = table.get(row)
        spans = p.sentences or ((0, len(p.text)),)
        assert table.stored_sentence_terms(row) == [analyzer.terms(p.text[s:e]) for s, e in spans]
        assert table.stored_phrase_text(row) == analyzer.phrase_text(p.text)


def test_an_index_without_the_stored_analysis_answers_the_same(engine):
    """An index written before the analysis was stored (its arrays absent) analyses on the fly
    and gives the same hits and answers."""
    from askmali import store
    from askmali.engine import Engine, _check_analyzer

    gen, manifest, arrays = store.open_current(engine.root, _check_analyzer)
    bare = {k: v for k, v in arrays.items() if not k.startswith(("s_terms", "p_phrase"))}
    assert len(bare) == len(arrays) - 5  # two string tables (blob, offsets) and their sentence index
    old = Engine(engine.root, gen, manifest, bare)
    assert old.passages.sentence_terms_table is None and old.passages.phrase_table is None
    for question in (
        "Quand la Cedeao a-t-elle partiellement levé ses sanctions contre le Mali ?",
        "Que signifie EUCAP ?",
        "Quels autres pays ont suivi le Mali et formé l'AES ?",
    ):
        assert old.ask(question).to_json() == engine.ask(question).to_json()


def test_row_analysis_equals_reading_the_decoded_passage(engine):
    """The re-ranker reads its candidates by row (no passage decoded); it must get what the
    Passage-based methods give."""
    for row in range(len(engine)):
        p = engine.passages.get(row)
        assert engine.row_analysis(row) == (engine.sentence_terms(p), engine.title_terms(p), engine.phrase_text(p))


def _features_reference(engine, question, rows, bm, tf, fused):
    """rerank.features as it was: each passage decoded, its sentences' prefix keys intersected."""
    import math

    from askmali.rerank import FEATURES, Shares

    out = np.zeros((len(rows), len(FEATURES)))
    bm, tf = bm.astype(np.float64), tf.astype(np.float64)
    out[:, 0] = fused
    out[:, 1] = bm / bm.max() if bm.max() > 0 else 0.0
    out[:, 2] = tf / tf.max() if tf.max() > 0 else 0.0
    q = engine.analyse(question)  # the question analysed once (askmali.query.Query), as rerank reads it
    share, asked, found = Shares(q.weights), frozenset(q.weights), q.phrases.found
    for i, row in enumerate(rows.tolist()):
        p = engine.passages.get(row)
        matched = [k & asked for k in engine.sentence_keys(p)]
        text = frozenset().union(*matched)
        title = engine.title_terms(p) & asked
        out[i, 3:] = (share(text | title), share(text), share(title), max(map(share, matched), default=0.0),
                      math.log1p(sum(map(len, engine.sentence_terms(p)))), *found(engine.phrase_text(p)))
    return out


def test_reranker_features_equal_the_passage_by_passage_reading(engine, repo):
    import yaml

    from askmali import rerank
    from askmali.engine import candidates_of

    questions = [q["question"] for q in yaml.safe_load((repo / "eval" / "questions.yaml").read_text(encoding="utf-8"))]
    compared = 0
    for question in questions:
        bm, tf = engine.scores(question)
        cand, fused, bm, tf = candidates_of(bm, tf, retriever="hybrid", allowed=None)
        rows = cand[: rerank.DEPTH]
        got = rerank.features(engine, question, rows, bm[rows], tf[rows], fused[: rerank.DEPTH])
        want = _features_reference(engine, question, rows, bm[rows], tf[rows], fused[: rerank.DEPTH])
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)  # sums over sets: any order
        compared += int((want[:, 3] > 0).sum())
    assert compared > 1000  # coverage features really compared, not all zeros


def test_a_single_retriever_returns_the_head_of_a_deeper_search(engine, repo):
    """A single retriever selects only its top k (not the 100 the hybrid pools): its k hits are
    the first k of a 100-deep search, with the same scores and ranks."""
    import yaml

    questions = [q["question"] for q in yaml.safe_load((repo / "eval" / "questions.yaml").read_text(encoding="utf-8"))]

    def view(hits):
        return [(h.rank, h.passage.id, h.score, h.bm25, h.tfidf, h.bm25_rank, h.tfidf_rank) for h in hits]

    for retriever in ("bm25", "tfidf"):
        for question in questions[::3]:
            for k in (1, 10):
                assert view(engine.search(question, k, retriever=retriever)) == \
                    view(engine.search(question, 100, retriever=retriever))[:k]
