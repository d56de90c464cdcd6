"""The same text kept twice is read once (``askmali.distinct``): an index holding the five seeds
as .txt and again as .epub (tests/fixtures/seeds/epub, cut into passages at other places)
answers as the .txt alone does, and its answers' passages are never copies of each other."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import askmali
from askmali import distinct, evaluation, indexing

ROOT = Path(__file__).resolve().parents[1]
EPUB = ROOT / "tests" / "fixtures" / "seeds" / "epub"
QUESTIONS = ROOT / "eval" / "questions.yaml"
CEDEAO = "Quand la Cedeao a-t-elle levé ses sanctions ?"


@pytest.fixture(scope="module")
def twice_index(tmp_path_factory):
    """An index of the seeds' .txt files and their .epub copies."""
    docs = tmp_path_factory.mktemp("twice-docs")
    for path in sorted((ROOT / "seeds").glob("*.txt")) + sorted(EPUB.iterdir()):
        shutil.copy(path, docs / path.name)
    root = tmp_path_factory.mktemp("twice") / "index"
    indexing.build([docs], root)
    return root


@pytest.fixture(scope="module")
def twice(twice_index):
    """An engine over the seeds' .txt files and their .epub copies."""
    return askmali.load(twice_index)


def _contained(engine, inner, outer) -> float:
    """Share of ``inner``'s term sequences that stand in ``outer``'s."""
    a = distinct.shingles(engine.passage_terms(inner.passage))
    b = distinct.shingles(engine.passage_terms(outer.passage))
    return len(a & b) / len(a)


def test_the_fixture_holds_copies_that_rank_together(twice):
    hits = twice.search(CEDEAO, 10)
    pairs = [
        (h.passage.source, g.passage.source)
        for i, h in enumerate(hits)
        for g in hits[:i]
        if _contained(twice, h, g) >= distinct.CONTAINED
    ]
    assert pairs, "no copy among the raw hits: the test below would prove nothing"
    assert any(a.endswith(".epub") != b.endswith(".epub") for a, b in pairs)


def test_an_answer_reads_each_text_once(twice, engine):
    result = twice.ask(CEDEAO, k=10)
    hits = result.hits
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    for i, h in enumerate(hits):
        for g in hits[:i]:
            assert _contained(twice, h, g) < distinct.CONTAINED, (h.passage.id, g.passage.id)
    alone = engine.ask(CEDEAO)
    assert result.answer is not None and alone.answer is not None
    assert result.answer.text == alone.answer.text
    assert "3 juillet 2022" in result.answer.text


def test_a_passage_sharing_some_text_is_kept(engine):
    """Neighbouring passages of one file share a heading or a phrase, not most of their text."""
    hits = engine.search(CEDEAO, 20)
    kept = distinct.distinct(hits, 20, engine.passage_terms)
    assert [h.passage.id for h in kept] == [h.passage.id for h in hits]


def test_the_seed_questions_score_as_on_the_txt_alone(twice, engine):
    questions = evaluation.load_questions(QUESTIONS)
    alone = evaluation.evaluate(engine, questions).metrics
    both = evaluation.evaluate(twice, questions, match_sources="stem").metrics
    for metric in ("hit@5", "answer_accuracy", "f1"):
        assert both[metric] >= alone[metric] - 0.02, (metric, both[metric], alone[metric])


def test_search_leaves_copies_out_unless_asked(twice_index, cli_main):
    """``askmali search`` is a user's path too: the copies are left out; ``--copies`` keeps them
    (what ``Engine.search`` gives by default)."""
    import json

    def sources(*extra):
        got = cli_main("search", CEDEAO, "--index", str(twice_index), "-k", "6", "-f", "json", *extra)
        assert got.returncode == 0, got.stderr
        return [h["passage_id"] for h in json.loads(got.stdout)["passages"]]

    kept, every = sources(), sources("--copies")
    assert len(kept) == len(every) == 6
    assert kept != every
    engine = askmali.load(twice_index)
    by_id = {h.passage.id: h for h in engine.search(CEDEAO, 20)}
    for i, a in enumerate(kept):
        for b in kept[:i]:
            assert _contained(engine, by_id[a], by_id[b]) < distinct.CONTAINED
