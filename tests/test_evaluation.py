"""The evaluation harness: question files, datasets, scoring rules, the baseline gate, and an
end-to-end run of the real engine on the seeds."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from rich.console import Console

from askmali.errors import EvalError
from askmali.eval_report import render_comparison, render_report
from askmali.evaluation import (
    Question,
    QuestionRecord,
    Report,
    check_evidence,
    compare,
    evaluate,
    is_relevant,
    load_baseline,
    load_dataset,
    load_questions,
    save_baseline,
)
from askmali.models import Answer, Hit, Passage, Result
from conftest import shared

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
QUESTIONS = ROOT / "eval" / "questions.yaml"
BRIEFING = "002_29e0faa7f984317a.txt"

GOOD_YAML = """\
- id: q001
  question: "Quand la Cedeao a-t-elle partiellement levé ses sanctions contre le Mali ?"
  answers: ["juillet 2022"]
  source: 002_29e0faa7f984317a.txt
  evidence: "levée partielle, en juillet 2022, des sanctions"
  type: date
- id: q002
  question: "Qui a gagné la Coupe du monde de football 1998 ?"
  answers: []
  source: null
  evidence: ""
  type: unanswerable
- id: q003
  question: "Avec quel pays le Mali a-t-il signé des accords militaires en mai 2025 ?"
  answers: ["la Russie", "Moscou"]
  source: [004_5b873d6cbf113ef8.txt]
  evidence: "le Mali officialise de nouveaux accords militaires avec la Russie"
  type: place
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "questions.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------------ question files
def test_load_questions_reads_every_field(tmp_path):
    q1, q2, q3 = load_questions(write(tmp_path, GOOD_YAML))
    assert q1 == Question(
        "q001",
        "Quand la Cedeao a-t-elle partiellement levé ses sanctions contre le Mali ?",
        ("juillet 2022",),
        (BRIEFING,),
        "levée partielle, en juillet 2022, des sanctions",
        "date",
    )
    assert q1.answerable and not q2.answerable
    assert q2.sources == () and q2.evidence == "" and q2.type == "unanswerable"
    assert q3.sources == ("004_5b873d6cbf113ef8.txt",) and q3.answers == ("la Russie", "Moscou")


def test_yaml_syntax_error_names_the_line(tmp_path):
    bad = GOOD_YAML.replace('  answers: ["la Russie", "Moscou"]', '  answers: ["la Russie", "Moscou"')
    line = bad.splitlines().index('  answers: ["la Russie", "Moscou"') + 1
    with pytest.raises(EvalError) as err:
        load_questions(write(tmp_path, bad))
    message = str(err.value)
    assert "YAML syntax error" in message and "\n" not in message
    # the parser notices the unclosed list on the next line at the latest
    assert f"line {line}," in message or f"line {line + 1}," in message


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (("  type: place\n", ""), "id 'q003' (line 13): missing field 'type'"),
        (("  type: place\n", "  type: city\n"), "type 'city' is not one of"),
        (('  answers: ["juillet 2022"]', '  answers: "juillet 2022"'), "'answers' must be a list"),
        (("  evidence: \"le Mali officialise de nouveaux accords militaires avec la Russie\"\n", ""),
         "'evidence' must be a 4-15 word quote"),
        (("  source: [004_5b873d6cbf113ef8.txt]\n", ""), "missing field 'source'"),
        (("  type: date\n", "  type: date\n  anwser: x\n"), "unknown field 'anwser'"),
        (("  answers: []", '  answers: ["1998"]'), "type 'unanswerable' goes with answers: []"),
        (("- id: q003", "- id: q001"), "duplicate id 'q001' (lines 1 and 13)"),
        (("- id: q003", "- id: 3"), "entry 3 (line 13): field 'id' must be a non-empty string"),
    ],
)  # fmt: skip
def test_malformed_entries_are_named(tmp_path, edit, expected):
    old, new = edit
    assert old in GOOD_YAML
    with pytest.raises(EvalError) as err:
        load_questions(write(tmp_path, GOOD_YAML.replace(old, new, 1)))
    assert expected in str(err.value)
    assert str(tmp_path / "questions.yaml") in str(err.value)


def test_question_file_must_be_a_list(tmp_path):
    with pytest.raises(EvalError, match="non-empty YAML list"):
        load_questions(write(tmp_path, "id: q1\nquestion: x\n"))
    with pytest.raises(EvalError, match="cannot read question file"):
        load_questions(tmp_path / "absent.yaml")


def test_check_evidence_passes_on_the_seeds(tmp_path):
    check_evidence(load_questions(write(tmp_path, GOOD_YAML)), SEEDS)


def test_check_evidence_names_the_question_with_a_wrong_quote(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in (BRIEFING, "004_5b873d6cbf113ef8.txt"):
        shutil.copy(SEEDS / name, corpus / name)
    wrong = GOOD_YAML.replace("levée partielle, en juillet 2022", "levée totale, en juillet 2022")
    with pytest.raises(EvalError) as err:
        check_evidence(load_questions(write(tmp_path, wrong)), corpus)
    assert str(err.value).startswith("q001: evidence 'levée totale, en juillet 2022, des sanctions'")
    assert BRIEFING in str(err.value)

    # an answer that is not in the source, and a source that is not in the corpus
    wrong = GOOD_YAML.replace('["juillet 2022"]', '["décembre 2031"]').replace(
        "[004_5b873d6cbf113ef8.txt]", "[005_missing.txt]"
    )
    with pytest.raises(EvalError) as err:
        check_evidence(load_questions(write(tmp_path, wrong)), corpus)
    assert str(err.value) == "q001: answer 'décembre 2031' is not in 002_29e0faa7f984317a.txt (and 1 more)"


def test_the_project_question_file_is_valid_against_the_seeds():
    questions = load_questions(QUESTIONS)
    check_evidence(questions, SEEDS)
    assert any(not q.answerable for q in questions), "the set should test abstention"


# ------------------------------------------------------------------------------ datasets
def test_piaf_splits_partition_the_questions():
    passages, every = load_dataset(shared("piaf"))
    _, dev = load_dataset(shared("piaf"), "dev")
    _, test = load_dataset(shared("piaf"), "test")
    assert passages == shared("piaf", "passages.jsonl")
    assert len(every) == 7569  # the dataset README's count
    assert len(dev) + len(test) == len(every)
    assert len({q.id for q in every}) == len(every)
    assert {q.id for q in dev} | {q.id for q in test} == {q.id for q in every}
    assert all(int(q.sources[0].split("-")[1]) < 240 for q in dev)
    assert all(int(q.sources[0].split("-")[1]) >= 240 for q in test)
    assert all(q.answerable and q.evidence == "" for q in every)


def test_spf_qr_has_no_split():
    _, questions = load_dataset(shared("spf-qr"))
    assert len(questions) == 105
    with pytest.raises(EvalError, match="use split 'all'"):
        load_dataset(shared("spf-qr"), "dev")


def test_dataset_errors(tmp_path):
    (tmp_path / "passages.jsonl").write_text('{"id": "d1", "title": "t", "text": "x"}\n')
    q = {"id": "a", "question": "Quoi ?", "answers": ["x"], "passage_ids": ["d1"]}
    (tmp_path / "questions.jsonl").write_text(json.dumps(q) + "\n" + json.dumps(q) + "\n")
    with pytest.raises(EvalError, match="line 2: duplicate question id 'a'"):
        load_dataset(tmp_path)
    (tmp_path / "questions.jsonl").write_text(json.dumps({**q, "passage_ids": ["d2"]}) + "\n")
    with pytest.raises(EvalError, match="passage id 'd2' is not in passages.jsonl"):
        load_dataset(tmp_path)
    with pytest.raises(EvalError, match="unknown split"):
        load_dataset(tmp_path, "train")
    with pytest.raises(EvalError, match="is not a folder"):
        load_dataset(tmp_path / "passages.jsonl")
    (tmp_path / "questions.jsonl").unlink()
    with pytest.raises(EvalError, match="no questions.jsonl"):
        load_dataset(tmp_path)


# ------------------------------------------------------------------------ scoring rules
def _passage(source: str, n: int, text: str) -> Passage:
    return Passage(f"{source}#{n}", source, "", "body", text, 0, len(text), 1, 1)


class ScriptedEngine:
    """Returns a fixed Result per question, built from real seed sentences, so that the report
    can be checked against hand-computed numbers."""

    def __init__(self, results: dict[str, Result]) -> None:
        self.results = results
        self.calls: list[tuple[str, int]] = []

    def ask(self, question, k=5, *, retriever="hybrid", include_comments=False):
        self.calls.append((question, k))
        return self.results[question]


def _result(question: str, passages: list[Passage], answer: Passage | None) -> Result:
    hits = [Hit(rank=i, passage=p, score=1.0 / i) for i, p in enumerate(passages, start=1)]
    ans = None
    if answer is not None:
        ans = Answer(answer.text, answer.id, answer.source, 1, 1, 0.9, span=(0, len(answer.text)))
    return Result(question, ans, hits)


@pytest.fixture
def scripted(tmp_path):
    """Four questions with known outcomes: a hit at rank 2 answered right, an answerable question
    abstained on with no relevant passage, an unanswerable one abstained on, and an unanswerable
    one answered."""
    q1, q2, q3 = load_questions(write(tmp_path, GOOD_YAML))
    q4 = Question("q004", "Qui a écrit [Madame Bovary] ?", (), (), "", "unanswerable")
    text = (SEEDS / BRIEFING).read_text(encoding="utf-8")
    start = text.index("Malgré la levée partielle")
    gold = _passage(BRIEFING, 3, " ".join(text[start : start + 300].split()))
    other = _passage(BRIEFING, 0, "Le Mali est un pays d'Afrique de l'Ouest.")
    same_source_no_quote = _passage(BRIEFING, 7, "Les relations du Mali avec la Cedeao.")
    engine = ScriptedEngine(
        {
            q1.question: _result(q1.question, [other, gold, same_source_no_quote], gold),
            q3.question: _result(q3.question, [other], None),
            q2.question: _result(q2.question, [other], None),
            q4.question: _result(q4.question, [other], other),
        }
    )
    return engine, [q1, q3, q2, q4], gold


def test_scoring_rules_by_hand(scripted):
    engine, questions, gold = scripted
    seen = []
    report = evaluate(engine, questions, progress=lambda i, n: seen.append((i, n)))
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert {k for _, k in engine.calls} == {10}  # one ask per question, with 10 hits for MRR@10
    m = report.metrics
    assert (m["n"], m["n_answerable"], m["n_unanswerable"]) == (4, 2, 2)
    # passage metrics over the 2 answerable questions only: ranks [2, none]
    assert m["hit@1"] == 0.0 and m["hit@5"] == 0.5
    assert m["mrr@10"] == pytest.approx((1 / 2 + 0) / 2)
    assert m["ndcg@10"] == pytest.approx(round((0.6309298 + 0) / 2, 6), abs=1e-6)
    # answers over answerable only: q001 right (contains "juillet 2022"), q003 abstained = wrong
    assert m["answer_accuracy"] == 0.5 and m["wrong_abstention_rate"] == 0.5
    # abstained [F, T, T, F], unanswerable [F, F, T, T]: tp 1, P = 1/2, R = 1/2, F1 = 1/2
    assert (m["abstention_precision"], m["abstention_recall"], m["abstention_f1"]) == (0.5, 0.5, 0.5)
    assert m["accuracy"] == 0.5  # q001 and q002 right out of 4
    # the key span is the whole sentence here, so EM is 0 and F1 is low but positive
    assert m["exact_match"] == 0.0 and 0 < m["f1"] < 0.5
    assert m["latency_p50_ms"] is not None and m["latency_p95_ms"] >= m["latency_p50_ms"]

    records = {r.id: r for r in report.questions}
    assert records["q001"].hit_rank == 2 and records["q001"].relevant_ranks == [2]
    assert records["q001"].answer["passage_id"] == gold.id
    assert records["q003"].hit_rank is None and records["q003"].correct is False
    assert records["q002"].correct and records["q002"].exact_match is None and records["q002"].hit5 is None
    assert not records["q004"].correct
    assert report.by_type["unanswerable"] == {"n": 2, "abstention_recall": 0.5}
    assert report.by_type["date"]["hit@5"] == 1.0 and report.by_type["place"]["hit@5"] == 0.0


def test_relevance_needs_the_source_and_the_quote():
    q = Question("q", "?", ("juillet 2022",), (BRIEFING,), "levée partielle, en juillet 2022, des sanctions")
    inside = "Malgré la levée par-\ntielle, en juillet 2022, des sanctions imposées en janvier"
    assert is_relevant(q, _passage(BRIEFING, 1, inside))  # hyphenated line break still matches
    assert not is_relevant(q, _passage("001_eb65ca922daaa8d5.txt", 1, inside))
    assert not is_relevant(q, _passage(BRIEFING, 2, "Les sanctions de la Cedeao."))
    record_level = Question("d", "?", ("x",), ("piaf-001-02",))
    assert is_relevant(record_level, _passage("piaf-001-02", 0, "any text"))


# --------------------------------------------------------------------------- the gate
def _report(metrics: dict, outcomes: dict[str, tuple[bool, int | None]]) -> dict:
    """A report JSON with the given metrics and per-question (correct, hit_rank)."""
    questions = [
        QuestionRecord(
            qid, "?", "date", True, ["x"], [rank] if rank else [], [], None, False, ok, 0.0, 0.0, 1.0
        )
        for qid, (ok, rank) in outcomes.items()
    ]
    return Report(metrics, {}, questions, {"k": 10, "retriever": "hybrid"}).to_json()


BASE = {"hit@5": 0.80, "mrr@10": 0.70, "answer_accuracy": 0.60, "latency_p95_ms": 10.0, "n": 3}


def test_compare_reports_drops_beyond_tolerance_only():
    baseline = _report(BASE, {"a": (True, 1), "b": (True, 2), "c": (False, None)})
    new = _report(
        {**BASE, "hit@5": 0.795, "mrr@10": 0.68, "latency_p95_ms": 99.0, "n": 4},
        {"a": (False, 1), "b": (True, 7), "c": (True, 3)},
    )
    result = compare(new, baseline, tolerance=0.01)
    assert [(d.name, d.old, d.new) for d in result.drops] == [("mrr@10", 0.70, 0.68)]  # not hit@5 (-0.005)
    assert not result.passed
    assert result.right_to_wrong == ["a"] and result.wrong_to_right == ["c"]
    assert result.hit_to_miss == ["b"]  # rank 2 -> rank 7
    # a per-metric tolerance in the baseline overrides the default
    assert compare(new, {**baseline, "tolerances": {"mrr@10": 0.05}}).passed
    # a metric that disappeared is a drop; a higher is-better rate is one too
    gone = compare(_report({"hit@5": 0.8}, {}), baseline)
    assert {d.name: d.new for d in gone.drops} == {"mrr@10": None, "answer_accuracy": None}
    assert gone.missing_questions == ["a", "b", "c"]
    worse = compare(_report({"wrong_abstention_rate": 0.3}, {}), _report({"wrong_abstention_rate": 0.1}, {}))
    assert [d.name for d in worse.drops] == ["wrong_abstention_rate"]


def test_save_baseline_is_deterministic_and_gates_itself(tmp_path):
    report = Report.from_json(_report(BASE, {"a": (True, 1), "b": (False, 6)}))
    path = tmp_path / "eval" / "baseline.json"
    save_baseline(report, path)
    first = path.read_bytes()
    saved = load_baseline(path)
    assert list(saved) == sorted(saved)
    assert "latency_p95_ms" not in saved["metrics"] and saved["metrics"]["hit@5"] == 0.8
    assert saved["questions"] == {
        "a": {"correct": True, "hit5": True},
        "b": {"correct": False, "hit5": False},
    }
    assert saved["tolerances"] == {"answer_accuracy": 0.01, "hit@5": 0.01, "mrr@10": 0.01}
    assert saved["askmali_version"]
    assert compare(report, saved).passed

    # edited tolerances survive a re-save; an unchanged report gives the same bytes
    saved["tolerances"]["hit@5"] = 0.05
    path.write_text(json.dumps(saved))
    save_baseline(report, path)
    assert load_baseline(path)["tolerances"]["hit@5"] == 0.05
    saved["tolerances"]["hit@5"] = 0.01
    path.write_text(json.dumps(saved))
    save_baseline(report, path)
    assert path.read_bytes() == first


def test_load_baseline_errors(tmp_path):
    with pytest.raises(EvalError, match="cannot read baseline"):
        load_baseline(tmp_path / "none.json")
    (tmp_path / "bad.json").write_text("{")
    with pytest.raises(EvalError, match="not valid JSON"):
        load_baseline(tmp_path / "bad.json")


# --------------------------------------------------------------------------- end to end
def test_evaluate_the_real_engine_on_the_seeds(tmp_path):
    import askmali

    questions = load_questions(QUESTIONS if QUESTIONS.exists() else write(tmp_path, GOOD_YAML))
    chosen = [q for q in questions if q.answerable][:6] + [q for q in questions if not q.answerable][:2]
    engine = askmali.open_index(tmp_path / "index", [SEEDS])
    report = evaluate(engine, chosen)
    doc = report.to_json()
    assert json.loads(json.dumps(doc)) == doc
    for name, value in doc["metrics"].items():
        if value is not None and not name.startswith(("n", "latency", "answer_words")):
            assert 0.0 <= value <= 1.0, name
    assert [r["id"] for r in doc["questions"]] == [q.id for q in chosen]
    for q, r in zip(chosen, doc["questions"]):
        assert (r["question"], r["type"], r["answerable"]) == (q.question, q.type, q.answerable)
        assert len(r["top_passages"]) <= 10 and all("#" in pid for pid in r["top_passages"])
        assert r["abstained"] == (r["answer"] is None)
        if r["answer"]:
            assert r["answer"]["source"] in {p.name for p in SEEDS.iterdir()}
    assert doc["metrics"]["n"] == len(chosen)
    assert sum(s["n"] for s in doc["by_type"].values()) == len(chosen)
    assert Report.from_json(doc).to_json() == doc


# ----------------------------------------------------------------------------- rendering
def _plain() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, width=100, color_system=None), out


def test_render_report_plain_text_with_failures(scripted):
    engine, questions, gold = scripted
    report = evaluate(engine, questions)
    console, out = _plain()
    render_report(report.to_json(), console, show_failures=True)
    text = out.getvalue()
    assert "\x1b[" not in text
    assert "mrr@10" in text and "0.250" in text and "abstention_f1" in text
    assert re.search(r"unanswerable\s+2\s", text)  # per-type row
    # the misses: q003 (abstained, no hit) and q004 (answered an unanswerable question)
    assert "2 of 4 questions missed" in text
    assert "q003 [place] Avec quel pays" in text and "(abstained)" in text
    assert "q004 [unanswerable] Qui a écrit [Madame Bovary] ?" in text
    assert "(none: should abstain)" in text and "002_29e0faa7f984317a.txt#0" in text
    assert "q001" not in text.split("questions missed")[1]


def test_render_comparison_names_drops_and_flips():
    baseline = _report(BASE, {"a": (True, 1), "b": (True, 2)})
    now = _report({**BASE, "answer_accuracy": 0.5}, {"a": (False, 1), "b": (True, 9)})
    console, out = _plain()
    render_comparison(compare(now, baseline), console, report=now)
    text = out.getvalue()
    assert re.search(r"answer_accuracy\s+0\.600\s+0\.500\s+-0\.100\s+0\.010", text)
    assert "right -> wrong: 1" in text and "  a  ?" in text
    assert "top-5 hit -> miss: 1" in text
    console, out = _plain()
    render_comparison(compare(baseline, baseline), console)
    assert out.getvalue().strip() == "No metric dropped beyond its tolerance."


def test_unanswerable_asks_each_question_again_with_its_gold_hidden(engine):
    questions = [q for q in load_questions(QUESTIONS) if q.answerable][:5]
    report = evaluate(engine, questions, unanswerable=True)
    first, second = report.questions[:5], report.questions[5:]
    assert [r.id for r in second] == [q.id + "#hidden" for q in questions]
    assert all(not r.answerable and r.type == "unanswerable" for r in second)
    for q, r in zip(questions, second):  # nothing of a hidden source comes back
        assert all(pid.rpartition("#")[0] not in q.sources for pid in r.top_passages)
        assert r.answer is None or r.answer["source"] not in q.sources
    m = report.metrics
    assert (m["n_answerable"], m["n_unanswerable"]) == (5, 5)
    assert m["answer_accuracy"] == sum(r.correct for r in first) / 5  # the first half only
    recall = sum(r.abstained for r in second) / 5
    assert m["abstention_recall"] == pytest.approx(recall, abs=1e-6)
    assert report.settings["unanswerable"] is True


def test_min_confidence_refuses_what_falls_under_the_bar_and_is_a_setting(engine):
    """The seeds' first 40 questions at the asker's bar of 0.3: every answer kept is the one
    given without the bar, and at least one answer is refused for it; the bar is recorded in
    the settings (a baseline made without it names the change)."""
    questions = load_questions(QUESTIONS)[:40]
    free = evaluate(engine, questions)
    barred = evaluate(engine, questions, min_confidence=0.3)
    assert "min_confidence" not in free.settings and barred.settings["min_confidence"] == 0.3
    pairs = list(zip(free.questions, barred.questions))
    assert all(b.answer == f.answer for f, b in pairs if not b.abstained)
    refused = [f.id for f, b in pairs if b.abstained and not f.abstained]
    assert refused
    for qid in refused:
        q = next(q for q in questions if q.id == qid)
        assert engine.ask(q.question).answer.confidence < 0.3
    assert barred.metrics["answer_accuracy"] <= free.metrics["answer_accuracy"]


def test_answer_length_and_the_whole_passage_reference_are_reported_not_gated(engine):
    questions = [q for q in load_questions(QUESTIONS) if q.answerable][:8]
    report = evaluate(engine, questions)
    answered = [r for r in report.questions if r.answer]
    assert all(r.answer_words == len(r.answer["text"].split()) for r in answered)
    words = sorted(r.answer_words for r in answered)
    assert report.metrics["answer_words_p50"] == pytest.approx(
        (words[(len(words) - 1) // 2] + words[len(words) // 2]) / 2
    )
    top = [r.top_passage_correct for r in report.questions]
    assert report.metrics["top_passage_accuracy"] == pytest.approx(sum(top) / len(top), abs=1e-6)
    from askmali.evaluation import is_gated

    assert not is_gated("answer_words_p50") and not is_gated("top_passage_accuracy") and is_gated("f1")
