"""answer.confidence (askmali.confidence) and answer.span in the JSON contract, on the seeds."""

from __future__ import annotations

import json

import pytest

from askmali import confidence

QUESTIONS = (
    "Quand la Cedeao a-t-elle partiellement levé ses sanctions contre le Mali ?",
    "Combien de soldats français étaient déployés au Mali ?",
    "Qui dirige la transition au Mali ?",
    "Pourquoi la France a quitté le Mali ?",
)


def test_the_model_is_plain_json_fitted_on_the_current_features():
    raw = confidence.MODEL.read_bytes()
    doc = json.loads(raw.decode("utf-8"))  # JSON, never a pickle
    assert doc["features"] == list(confidence.FEATURES)
    assert len(doc["weights"]) == len(doc["features"]) and isinstance(doc["bias"], float)
    assert 0.0 < doc["threshold"] < 1.0
    assert "PIAF dev" in doc["fitted_on"]["dataset"]
    assert confidence.model() == doc


def test_probability_is_monotone_in_the_evidence_and_stays_in_0_1():
    f = dict.fromkeys(confidence.FEATURES, 0.0)
    low = confidence.probability(f)
    f.update(coverage=1.0, sentence_coverage=1.0, key_coverage=1.0, tfidf=1.0, score=2.0, margin=1.0)
    high = confidence.probability(f)
    assert 0.0 <= low < high <= 1.0
    assert confidence.probability(dict.fromkeys(confidence.FEATURES, 1e6)) <= 1.0


@pytest.mark.parametrize("question", QUESTIONS)
def test_every_answer_carries_a_confidence_and_its_span_points_into_its_text(engine, question):
    result = engine.ask(question).to_json()
    for a in filter(None, [result["answer"], *result["other_sources"]]):
        assert 0.0 <= a["confidence"] <= 1.0
        span = a["span"]
        if span is not None:
            assert set(span) == {"text", "char_start", "char_end"}
            assert 0 <= span["char_start"] < span["char_end"] <= len(a["text"])
            assert a["text"][span["char_start"] : span["char_end"]] == span["text"]


def test_a_date_question_gets_its_date_as_the_span(engine):
    a = engine.ask(QUESTIONS[0]).to_json()["answer"]
    assert a["span"]["text"] == "3 juillet 2022"
