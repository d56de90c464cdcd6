"""The five seeds converted to PDF, DOCX, ODT, EPUB and HTML (tests/fixtures/seeds/, made by
scripts/convert_seeds.py) answer the seeds' question file as well as the .txt originals: each
format's index reaches the .txt index's answer accuracy and hit@5 within 0.02 (issue #10).

The question file names the .txt files; the converted copies are matched by file stem. One
index and one evaluation per format, built once for the session (these tests are slow).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import askmali
from askmali import evaluation, indexing

ROOT = Path(__file__).resolve().parents[1]
CONVERTED = ROOT / "tests" / "fixtures" / "seeds"
QUESTIONS = ROOT / "eval" / "questions.yaml"
FORMATS = ("pdf", "docx", "odt", "epub", "html")
MARGIN = 0.02
GATED = ("answer_accuracy", "hit@5")


@pytest.fixture(scope="session")
def seed_questions():
    return evaluation.load_questions(QUESTIONS)


@pytest.fixture(scope="session")
def txt_metrics(engine, seed_questions) -> dict:
    return evaluation.evaluate(engine, seed_questions).metrics


@pytest.fixture(scope="session")
def converted_metrics(tmp_path_factory, seed_questions):
    """``converted_metrics(fmt)``: the metrics of the seeds' questions on that format's index,
    built and evaluated once per session."""
    done: dict[str, dict] = {}

    def run(fmt: str) -> dict:
        if fmt not in done:
            folder = CONVERTED / fmt
            names = sorted(p.name for p in folder.iterdir())
            assert len(names) == 5, f"{folder}: expected the five converted seeds, found {names}"
            root = tmp_path_factory.mktemp(f"seeds-{fmt}") / "index"
            indexing.build([folder], root)
            engine = askmali.load(root)
            indexed = [s["name"] for s in engine.manifest["sources"]]
            assert evaluation.resolve_mode(seed_questions, indexed) == "stem"
            done[fmt] = evaluation.evaluate(engine, seed_questions, match_sources="stem").metrics
        return done[fmt]

    return run


@pytest.mark.parametrize("fmt", FORMATS)
def test_converted_seeds_reach_the_txt_figures(fmt, converted_metrics, txt_metrics):
    got = converted_metrics(fmt)
    short = {m: (round(got[m], 3), round(txt_metrics[m], 3)) for m in GATED if got[m] < txt_metrics[m] - MARGIN}
    assert not short, f"{fmt}: (converted, txt) below the .txt index by more than {MARGIN}: {short}"
