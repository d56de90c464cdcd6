"""Char n-gram TF-IDF: differential tests against scikit-learn's TfidfVectorizer."""

from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from askmali.analysis import fold
from askmali.tfidf import CharTfidf, char_wb_ngrams

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
CONFIGS = [
    dict(),  # the defaults: (3, 5), min_df=1, max_df=0.1, sublinear
    dict(max_df_floor=1000),  # 0.1, but never under 1000 documents: no pruning here
    dict(max_df=1.0),
    dict(ngram_range=(3, 4), min_df=2, max_df=0.5, sublinear_tf=False),
    dict(ngram_range=(1, 2), max_df=40),
]


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    return [line for p in sorted(SEEDS.glob("*.txt")) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]


def sklearn_twin(model: CharTfidf, texts: list[str]) -> tuple[TfidfVectorizer, sp.csr_matrix]:
    p = model.params()
    vec = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=tuple(p["ngram_range"]),
        preprocessor=fold,
        lowercase=False,
        sublinear_tf=p["sublinear_tf"],
        min_df=p["min_df"],
        max_df=p["max_doc_count"],
        dtype=np.float32,
    )
    return vec, vec.fit_transform(texts)


def typo(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(max(1, len(chars) // 15)):
        i = rng.randrange(len(chars))
        op = rng.randrange(3)
        if op == 0:
            del chars[i]
        elif op == 1 and i + 1 < len(chars):
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        else:
            chars.insert(i, rng.choice("aeiouéèsn "))
    return "".join(chars)


def probe_strings(seed_lines: list[str]) -> list[str]:
    sentences = [s for line in seed_lines for s in re.split(r"(?<=[.!?])\s+", line) if len(s) > 20]
    rng = random.Random(7)
    picked = rng.sample(sentences, 120)
    return picked + [typo(s, rng) for s in picked[:70]] + [
        "Quand la Cedeao a-t-elle levé ses sanctions ?",
        "securte a bamako",
        "WAGNER",
        "",
        "   ",
        "a",
        "Ouagadougou",
        "l’armée\tmalienne\n\n  et   Wagner",
        "xyzxyzxyz",
        "Œuvre, ÉTAT, Ça",
    ]


@pytest.mark.parametrize("config", CONFIGS, ids=str)
def test_document_side_equals_sklearn(seed_lines, config):
    model = CharTfidf.build(seed_lines, **config)
    vec, X = sklearn_twin(model, seed_lines)
    # every n-gram is stored; the kept ones (min_df <= df <= max_df) are sklearn's features
    assert set(vec.get_feature_names_out().tolist()) <= set(model.vocab.terms())
    assert [model.vocab.term(int(i)) for i in model.features()] == vec.get_feature_names_out().tolist()
    unpruned = TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(model.params()["ngram_range"]), preprocessor=fold, lowercase=False)
    assert model.vocab.terms() == unpruned.fit(seed_lines).get_feature_names_out().tolist()
    np.testing.assert_allclose(model.idf, vec.idf_, rtol=1e-6)
    indptr, doc_ids, weights = model.matrix()
    ours = sp.csc_matrix((weights, doc_ids, indptr), shape=X.shape)
    ours.sort_indices()
    theirs = X.tocsc()
    theirs.sort_indices()
    np.testing.assert_array_equal(ours.indptr, theirs.indptr)
    np.testing.assert_array_equal(ours.indices, theirs.indices)
    np.testing.assert_allclose(ours.data, theirs.data, rtol=1e-5, atol=1e-7)
    assert model.params()["nnz_kept"] == X.nnz


@pytest.mark.parametrize("config", CONFIGS[:3], ids=str)
def test_query_vectors_and_scores_equal_sklearn(seed_lines, config):
    model = CharTfidf.build(seed_lines, **config)
    vec, X = sklearn_twin(model, seed_lines)
    probes = probe_strings(seed_lines)
    assert len(probes) >= 200
    Q = vec.transform(probes)
    expected_scores = (X @ Q.T).toarray().T
    for i, text in enumerate(probes):
        row = Q.getrow(i)
        row.sort_indices()
        ids, weights = model.vector(text)
        np.testing.assert_array_equal(np.searchsorted(model.features(), ids), row.indices, err_msg=text)
        np.testing.assert_allclose(weights, row.data, rtol=1e-5, atol=1e-7, err_msg=text)
        scores = model.score(text)
        assert scores.dtype == np.float32 and scores.shape == (len(seed_lines),)
        np.testing.assert_allclose(scores, expected_scores[i], rtol=1e-5, atol=1e-6, err_msg=text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=80))
def test_query_vector_equals_sklearn_on_arbitrary_text(fitted, text):
    model, vec = fitted
    row = vec.transform([text])
    row.sort_indices()
    ids, weights = model.vector(text)
    np.testing.assert_array_equal(np.searchsorted(model.features(), ids), row.indices)
    np.testing.assert_allclose(weights, row.data, rtol=1e-5, atol=1e-7)


@pytest.fixture(scope="module")
def fitted(seed_lines):
    model = CharTfidf.build(seed_lines)
    vec, _ = sklearn_twin(model, seed_lines)
    return model, vec


def test_char_wb_ngrams_match_sklearn_analyzer():
    analyzer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=False).build_analyzer()
    for text in ["la sécurité  au\tMali", "a", "ab abc abcdef", "", "  x  "]:
        assert char_wb_ngrams(text, (3, 5)) == analyzer(text)


def test_typo_tolerant_retrieval(seed_lines):
    """A misspelt query still finds its line: the point of char n-grams."""
    model = CharTfidf.build(seed_lines)
    target = next(i for i, line in enumerate(seed_lines) if "camions-citernes" in line)
    scores = model.score("camion citerne escortés jusqu'a Bamakko")
    assert int(np.argmax(scores)) == target


def test_degenerate_inputs():
    model = CharTfidf.build(["", "Bamako", "   "])
    assert model.score("bamako").tolist()[1] == pytest.approx(1.0)
    assert model.score("bamako")[[0, 2]].tolist() == [0.0, 0.0]
    assert model.score("").tolist() == [0.0, 0.0, 0.0]
    with pytest.raises(ValueError, match="max_df corresponds"):
        CharTfidf.build(["mali", "gao"], min_df=2, max_df=1)
    for texts in ([], ["", "  \n"], ["mali"] * 20):  # the last: every n-gram over max_df
        empty = CharTfidf.build(texts)
        assert empty.features().size == 0 and empty.score("Bamako").tolist() == [0.0] * len(texts)
        assert empty.score("mali").tolist() == [0.0] * len(texts)


def test_max_df_share_never_falls_under_min_df_or_the_floor(seed_lines):
    few = CharTfidf.build(seed_lines[:5])  # 0.1 x 5 < 1 document: sklearn itself would raise
    assert few.params()["max_doc_count"] == 1 and few.params()["n_features"] > 0
    assert few.score(seed_lines[0]).argmax() == 0
    full = CharTfidf.build(seed_lines, max_df=1.0).params()["n_features"]
    assert CharTfidf.build(seed_lines, max_df_floor=1000).params()["n_features"] == full
    assert CharTfidf.build(seed_lines).params()["max_doc_count"] == int(0.1 * len(seed_lines))
    assert CharTfidf.build(seed_lines).params()["n_features"] < full


def test_a_model_of_stored_weights_still_scores_the_same(seed_lines):
    """A model written before raw statistics (format askmali-chartfidf/1: the kept n-grams'
    normalised weights and idf) opens as ``CharTfidfWeights`` and scores as the raw model does."""
    from askmali.tfidf import CharTfidfWeights
    from askmali.vocab import Vocabulary

    model = CharTfidf.build(seed_lines)
    indptr, doc_ids, weights = model.matrix()
    features = model.features()
    arrays = {f"vocab.{k}": v for k, v in Vocabulary.build([model.vocab.term(int(i)) for i in features]).to_arrays().items()}
    arrays.update(idf=model.idf, indptr=indptr, doc_ids=doc_ids, weights=weights)
    old = CharTfidf.from_arrays(arrays, {**model.params(), "format": "askmali-chartfidf/1"})
    assert isinstance(old, CharTfidfWeights)
    for text in probe_strings(seed_lines)[:80]:
        np.testing.assert_allclose(old.score(text), model.score(text), rtol=1e-5, atol=1e-6, err_msg=text)


def test_fitting_does_not_import_scikit_learn():
    # importing sklearn (and the scipy.stats it pulls in) cost ~1.2 s of each small update
    code = (
        "import sys; from pathlib import Path; from askmali.tfidf import CharTfidf;"
        f"texts = Path({str(SEEDS / '000_7b68323003ce8296.txt')!r}).read_text(encoding='utf-8').splitlines();"
        "m = CharTfidf.build([t for t in texts if t.strip()]);"
        "assert m.params()['n_features'] > 1000, m.params();"
        "print(sorted(x for x in sys.modules if x.split('.')[0] == 'sklearn'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
