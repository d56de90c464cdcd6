"""The learned re-ranker (askmali.rerank) and its place in Engine.search."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from askmali import engine as E
from askmali import rerank as R
from askmali.analysis import QUESTION_WORDS, Analyzer


def _fused_ids(engine, question: str, k: int = 10) -> list[str]:
    bm, tf = engine.scores(question)
    allowed = ~engine._comment if engine._has_comments else None
    hits = E.rank(bm, tf, k, retriever="hybrid", allowed=allowed, passages=engine.passages)
    return [h.passage.id for h in hits]


@pytest.mark.parametrize(
    "question, gold",
    [
        # (was "Que signifie EUCAP ?", which fusion ranks right since "signifie" no longer weighs on an acronym)
        ("Quel pays européen veut garder son aide au développement malgré le départ de ses soldats de la Minusma ?",
         "002_29e0faa7f984317a.txt#62"),
        ("combien d'hommes wagner a deploye au mali selon les renseignements occidentaux", "002_29e0faa7f984317a.txt#63"),
    ],
)
def test_reranker_puts_gold_first_where_fusion_did_not(engine, question, gold):
    fused = _fused_ids(engine, question)
    assert fused[0] != gold and gold in fused[:3]
    hits = engine.search(question, 10)
    assert hits[0].passage.id == gold
    assert len(hits) == 10


def test_reranked_scores_descend_and_keep_the_fused_scale(engine):
    question = "Que signifie EUCAP ?"
    bm, tf = engine.scores(question)
    cand, fused, _, _ = E.candidates_of(bm, tf, retriever="hybrid", allowed=~engine._comment)
    hits = engine.search(question, 40)
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] == pytest.approx(fused[0])
    assert scores[R.DEPTH - 1] == pytest.approx(fused[R.DEPTH - 1])  # the last re-ranked one
    assert {h.passage.id for h in hits[: R.DEPTH]} == {engine.passages.get(int(r)).id for r in cand[: R.DEPTH]}
    # below the re-ranked head, the fused order and scores are kept
    assert [h.passage.id for h in hits[R.DEPTH :]] == [engine.passages.get(int(r)).id for r in cand[R.DEPTH : 40]]


def test_single_signal_retrievers_are_not_reranked(engine):
    question = "Que signifie EUCAP ?"
    for retriever in ("bm25", "tfidf"):
        bm, tf = engine.scores(question, retriever)
        plain = E.rank(bm, tf, 10, retriever=retriever, allowed=~engine._comment, passages=engine.passages)
        assert [h.passage.id for h in engine.search(question, 10, retriever=retriever)] == [h.passage.id for h in plain]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    from askmali import indexing

    folder = tmp_path_factory.mktemp("tiny")
    (folder / "capitaine.txt").write_text(
        "Le capitaine Moussa a quitté Bamako en 2021. Il est parti à Gao pour un an.\n", encoding="utf-8"
    )
    (folder / "fleuve.txt").write_text(
        "Le fleuve Niger traverse Bamako. Les pêcheurs de Gao vivent du fleuve.\n", encoding="utf-8"
    )
    root = tmp_path_factory.mktemp("tiny-index") / "index"
    indexing.build([folder], root)
    return E.load(root)


def test_feature_values_on_a_small_index(tiny):
    question = "Quand le capitaine Moussa a quitté Bamako ?"
    rows = np.array([tiny.passages.find("capitaine.txt#0"), tiny.passages.find("fleuve.txt#0")])
    bm, tf = tiny.scores(question)
    f = R.features(tiny, question, rows, bm[rows], tf[rows], np.array([1.0, 0.2]))
    got = dict(zip(R.FEATURES, f[0]))
    other = dict(zip(R.FEATURES, f[1]))
    assert got["bm25"] == 1.0 and 0 < other["bm25"] < 1  # "Bamako" only
    assert got["coverage"] == pytest.approx(1.0)
    assert got["text_coverage"] == pytest.approx(1.0)
    assert got["sentence_coverage"] == pytest.approx(1.0)  # all in the first sentence
    # the phrase "le capitaine moussa a quitte bamako": 6 of the question's 7 words, all bigrams
    assert got["longest_run"] == pytest.approx(6 / 7)
    assert got["word_bigrams"] == pytest.approx(1.0)
    idf = tiny.term_weights(tiny.query_terms(question))
    assert other["coverage"] == pytest.approx(idf["bamako"] / sum(idf.values()))
    assert other["word_bigrams"] == 0.0 and other["longest_run"] == pytest.approx(1 / 7)
    assert R.scores(f)[0] > R.scores(f)[1]


def test_phrase_text_and_phrases():
    an = Analyzer()
    text = an.phrase_text("L'armée a quitté  Gao -- le 4 500e jour.")
    assert text == " armee a quitte gao le 4500e jour "
    p = R.Phrases(an, "Quand l'armée a-t-elle quitté Gao ?")
    empty = an.stopwords | QUESTION_WORDS
    assert " quitte gao " in p.bigrams
    assert all(any(w not in empty for w in g.split()) for g in p.bigrams)  # none is only filler
    bigrams, run = p.found(text)
    assert 0 < bigrams < 1
    assert run == pytest.approx(2 / len(p.words))  # "quitte gao"


def test_weights_cover_exactly_the_features():
    assert set(R.WEIGHTS) == set(R.FEATURES)
    assert all(isinstance(v, float) for v in R.WEIGHTS.values())


def test_question_path_imports_no_sklearn(seeds_index):
    code = (
        "import sys, askmali; e = askmali.load(sys.argv[1]); e.ask('Que signifie EUCAP ?');"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'scipy', 'nltk')))"
    )
    out = subprocess.run([sys.executable, "-c", code, str(seeds_index)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
