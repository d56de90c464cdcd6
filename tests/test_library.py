"""askmali as a library: the public names, the same JSON as the CLI, and a light question path
(answering a question imports none of the CLI or build-time libraries)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import askmali
from askmali.cli import app

ROOT = Path(__file__).resolve().parents[1]
CEDEAO = "Quand la Cedeao a-t-elle partiellement levé ses sanctions contre le Mali ?"
HEAVY = ("typer", "click", "rich", "sklearn", "scipy", "nltk")


def test_public_names():
    for name in ("open_index", "load", "ask", "search"):
        assert callable(getattr(askmali, name)), name
    assert isinstance(askmali.Engine, type)
    assert {"open_index", "load", "ask", "search", "Engine", "Result"} <= set(askmali.__all__)
    assert issubclass(askmali.InputError, askmali.AskmaliError)


def test_library_json_equals_cli_json(seeds_index):
    from_library = askmali.load(seeds_index).ask(CEDEAO).to_json()
    result = CliRunner().invoke(app, ["ask", CEDEAO, "--index", str(seeds_index), "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == from_library
    assert json.loads(json.dumps(from_library, ensure_ascii=False)) == from_library


def test_load_accepts_a_string_path(seeds_index):
    assert askmali.load(str(seeds_index)).ask(CEDEAO).to_json() == askmali.load(seeds_index).ask(CEDEAO).to_json()


def test_module_level_ask_and_search(seeds_index, engine):
    result = askmali.ask(CEDEAO, index=seeds_index, k=3)
    assert result.to_json() == engine.ask(CEDEAO, 3).to_json()
    assert "3 juillet 2022" in result.answer.text and len(result.hits) == 3
    hits = askmali.search("Cedeao sanctions", index=seeds_index, k=4)
    assert [h.rank for h in hits] == [1, 2, 3, 4]
    assert [h.passage.id for h in hits] == [h.passage.id for h in engine.search("Cedeao sanctions", 4)]


def test_search_decodes_a_hit_s_passage_when_it_is_read(seeds_index):
    """A hit's passage is decoded on first read, then kept; it is the passage of its id, and a
    copy of the hit (dataclasses.replace) carries it."""
    import dataclasses

    engine = askmali.load(seeds_index)
    hits = engine.search(CEDEAO, 5, retriever="bm25")
    assert all(h._passage is None for h in hits)  # nothing decoded yet
    first = hits[0].passage
    assert hits[0].passage is first and all(h._passage is None for h in hits[1:])
    assert first == engine.passage(first.id) and "Cedeao" in first.text
    copy = dataclasses.replace(hits[1], rank=7)
    assert copy.rank == 7 and copy.passage == hits[1].passage and copy.to_json()["passage_id"] == hits[1].passage.id


def test_the_package_imports_the_engine_on_first_use():
    """``import askmali`` (and the CLI module) leave the engine and the question analysis
    unimported until a name of theirs is read."""
    code = (
        "import sys, askmali, askmali.cli\n"
        "before = 'askmali.engine' in sys.modules or 'askmali.qtypes' in sys.modules\n"
        "engine = askmali.Engine\n"
        "print(before, 'askmali.engine' in sys.modules, engine.__name__)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["False", "True", "Engine"]


def test_errors_are_typed_not_printed(engine, capsys):
    for bad in (lambda: engine.ask("   "), lambda: engine.passage("nope.txt#1"), lambda: engine.search("x", 0)):
        try:
            bad()
        except askmali.InputError as exc:
            assert exc.exit_code == 2 and str(exc)
        else:
            raise AssertionError("expected InputError")
    assert capsys.readouterr() == ("", "")


def test_answering_imports_no_cli_or_build_library(seeds_index):
    code = (
        "import sys\nfrom pathlib import Path\nimport askmali\n"
        f"r = askmali.load(Path({str(seeds_index)!r})).ask({CEDEAO!r})\n"
        "assert r.answer is not None\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_a_missing_shared_dataset_skips_naming_it_and_fails_under_ci(tmp_path, monkeypatch):
    """tests/conftest.py's one behaviour for a missing ../shared: skip with the path, or, with
    CI set (CI has ../shared), fail."""
    import conftest

    monkeypatch.setattr(conftest, "SHARED_DATASETS", tmp_path / "nowhere")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=f"{tmp_path}/nowhere/piaf is missing"):
        conftest.shared("piaf")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        conftest.shared("piaf")


def test_min_confidence_is_the_asker_s_bar_on_answer_confidence(engine):
    """Asked of the seeds, "Qui a fondé Wagner ?" gets the Prigojine sentence at a confidence
    well under 1: a bar just under it changes nothing, one just over it leaves no answer, and
    no answer from another source is kept under the bar."""
    question = "Qui a fondé Wagner ?"
    plain = engine.ask(question)
    assert plain.answer is not None and "Prigojine" in plain.answer.text
    c = plain.answer.confidence
    assert 0.0 < c < 0.9
    below = engine.ask(question, min_confidence=c - 0.001)
    assert below.to_json() == plain.to_json()
    assert engine.ask(question, min_confidence=c).to_json() == plain.to_json()  # the bar reads the confidence shown
    above = engine.ask(question, min_confidence=c + 0.001)
    assert above.answer is None and above.to_json()["abstained"] is True
    # what was withheld is said: in the JSON, and in the human formats instead of "nothing answers"
    assert above.to_json()["withheld_confidence"] == c
    from askmali import render

    assert f"confidence {c:.2f}, under --min-confidence" in render.plain(above)
    assert "under --min-confidence" in render.markdown(above)
    refused = engine.ask("Quel est le PIB du Mali en 2023 ?", min_confidence=0.5)  # the engine's own refusal
    assert refused.answer is None and "withheld_confidence" not in refused.to_json()
    assert render.plain(refused) == render.NO_ANSWER
    assert [h.passage.id for h in above.hits] == [h.passage.id for h in plain.hits]  # the passages are still shown
    # an answer from another source, less sure than the first: kept under a bar between the two
    arrived = "En quelle année les mercenaires de Wagner sont-ils arrivés au Mali ?"
    first = engine.ask(arrived)
    assert first.answer is not None and first.other_sources
    lowest = min(o.confidence for o in first.other_sources)
    assert lowest < first.answer.confidence
    between = engine.ask(arrived, min_confidence=(lowest + first.answer.confidence) / 2)
    assert between.answer is not None and between.answer.text == first.answer.text
    assert all(o.confidence >= (lowest + first.answer.confidence) / 2 for o in between.other_sources)
    assert len(between.other_sources) < len(first.other_sources)


@pytest.mark.parametrize("bar", [-0.01, 1.01, float("nan")])
def test_min_confidence_outside_0_1_is_an_input_error(engine, bar):
    with pytest.raises(askmali.InputError, match="between 0 and 1"):
        engine.ask(CEDEAO, min_confidence=bar)


def test_module_level_ask_takes_the_bar(seeds_index):
    assert askmali.ask(CEDEAO, index=seeds_index, min_confidence=1.0).answer is None
    assert askmali.ask(CEDEAO, index=seeds_index, min_confidence=0.0).answer is not None
