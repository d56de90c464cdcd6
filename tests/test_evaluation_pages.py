"""Evaluation on other documents than the seeds: the gold `page` of a question, sources matched
by file stem (a question file on .txt names scored against converted copies), and tolerances that
let one question of a small set flip without failing the gate."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from askmali.errors import EvalError
from askmali.evaluation import (
    Question,
    QuestionRecord,
    Report,
    compare,
    evaluate,
    is_relevant,
    load_questions,
    one_flip_tolerances,
    resolve_mode,
    save_baseline,
    source_matcher,
)
from askmali.models import Document, Passage, Place
from askmali.questionsets import check_evidence, page_texts, stem
from test_evaluation import GOOD_YAML, write

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
BRIEFING = "002_29e0faa7f984317a.txt"

# the seeds' sample file of test_evaluation, its first question given a page
PAGED_YAML = GOOD_YAML.replace("  source: 002_29e0faa7f984317a.txt\n", "  source: 002_29e0faa7f984317a.txt\n  page: 3\n", 1)


# ------------------------------------------------------------------------------ page field
def test_page_is_read(tmp_path):
    p1, p2, p3 = load_questions(write(tmp_path, PAGED_YAML))
    assert p1.page == 3 and p2.page is None and p3.page is None


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (("  page: 3\n", "  page: 0\n"), "id 'q001' (line 1): field 'page' must be a page number (1 or more), got 0"),
        (("  page: 3\n", '  page: "3"\n'), "field 'page' must be a page number (1 or more), got '3'"),
        (("  page: 3\n", "  page: true\n"), "got True"),
        (("  type: unanswerable\n", "  type: unanswerable\n  page: 2\n"),
         "id 'q002' (line 8): field 'page' goes with an answerable question and its evidence"),
    ],
)  # fmt: skip
def test_bad_pages_are_named(tmp_path, edit, expected):
    old, new = edit
    assert old in PAGED_YAML
    with pytest.raises(EvalError) as err:
        load_questions(write(tmp_path, PAGED_YAML.replace(old, new, 1)))
    assert expected in str(err.value)


def test_page_texts_follow_the_places_of_a_reader():
    text = "Page one text.\nStill one.\fPage two starts here.\nTwo ends."
    second = text.index("Page two")
    doc = Document("a.pdf", text, fmt="pdf", places=(Place(second, 1, 2, "ii"), Place(0, 1, 1, "i")))
    assert page_texts(doc) == [(1, "Page one text.\nStill one.\f"), (2, "Page two starts here.\nTwo ends.")]
    assert page_texts(Document("a.txt", text)) == []


# ----------------------------------------------------------------------- source matching
def test_stem_matching_ignores_folder_and_suffix_only():
    exact, by_stem = source_matcher("exact"), source_matcher("stem")
    assert stem("pdf/debian-reference.fr.pdf") == "debian-reference.fr"
    assert by_stem("docx/002_29e0faa7f984317a.docx", [BRIEFING])
    assert not exact("docx/002_29e0faa7f984317a.docx", [BRIEFING])
    assert not by_stem("002_29e0faa7f984317a.fr.docx", [BRIEFING])  # a different stem
    with pytest.raises(EvalError, match="unknown source matching 'fuzzy'"):
        source_matcher("fuzzy")


def test_relevance_and_mode_by_stem():
    q = Question("q", "?", ("juillet 2022",), (BRIEFING,), "en juillet 2022, des sanctions")
    converted = Passage("002_29e0faa7f984317a.pdf#3", "002_29e0faa7f984317a.pdf", "", "body",
                        "Malgré la levée partielle, en juillet 2022, des sanctions", 0, 1, 1, 1)  # fmt: skip
    assert not is_relevant(q, converted) and is_relevant(q, converted, "stem")
    assert resolve_mode([q], [BRIEFING, "other.txt"]) == "exact"
    assert resolve_mode([q], ["002_29e0faa7f984317a.pdf"]) == "stem"


def test_check_evidence_by_stem_reads_the_converted_copy(tmp_path):
    corpus = tmp_path / "md"
    corpus.mkdir()
    for name in (BRIEFING, "004_5b873d6cbf113ef8.txt"):
        shutil.copy(SEEDS / name, corpus / f"{stem(name)}.md")
    questions = load_questions(write(tmp_path, GOOD_YAML))
    with pytest.raises(EvalError, match=f"q001: source '{BRIEFING}' not found.*and 1 more"):
        check_evidence(questions, corpus)
    check_evidence(questions, corpus, indexed=sorted(p.name for p in corpus.iterdir()), match="stem")


def test_a_page_asked_of_a_source_without_pages_is_named(tmp_path):
    questions = load_questions(write(tmp_path, PAGED_YAML))
    with pytest.raises(EvalError, match=f"q001: evidence is not on page 3 of {BRIEFING}"):
        check_evidence(questions, SEEDS)


def test_eval_by_stem_on_a_converted_copy_matches_the_original(tmp_path, cli_main):
    """The seeds' question file scored on the seeds saved as .md (same text, other names):
    automatic stem matching gives the very metrics of the .txt index."""
    corpus = tmp_path / "md"
    corpus.mkdir()
    for f in SEEDS.glob("*.txt"):
        shutil.copy(f, corpus / f"{f.stem}.md")
    runs = {}
    for name, folder in (("txt", SEEDS), ("md", corpus)):
        index = tmp_path / f"index-{name}"
        assert cli_main("index", str(folder), "--index", str(index)).returncode == 0
        out = cli_main("eval", "--index", str(index), "--format", "json")
        assert out.returncode == 0, out.stderr
        runs[name] = json.loads(out.stdout)
    assert runs["md"]["settings"]["match_sources"] == "stem"
    assert "match_sources" not in runs["txt"]["settings"]
    txt, md = runs["txt"]["metrics"], runs["md"]["metrics"]
    for metric in ("hit@1", "hit@5", "answer_accuracy", "abstention_f1"):
        assert md[metric] == txt[metric], metric
    assert md["hit@5"] > 0.5
    exact = cli_main("eval", "--index", str(tmp_path / "index-md"), "--match-sources", "exact", "--format", "json")
    assert exact.returncode == 2 and "not found" in exact.stderr  # exact names are not there


def test_eval_by_stem_warns_of_quotes_the_copies_lost(tmp_path, cli_main):
    """What a conversion lost is measured, not refused: one line on stderr says how much."""
    corpus = tmp_path / "md"
    corpus.mkdir()
    for f in SEEDS.glob("*.txt"):
        text = f.read_text(encoding="utf-8")
        if f.name == BRIEFING:
            text = text.replace("partiellement levé ses sanctions", "levé une part de ses sanctions")
        (corpus / f"{f.stem}.md").write_text(text, encoding="utf-8")
    index = tmp_path / "index"
    assert cli_main("index", str(corpus), "--index", str(index)).returncode == 0
    out = cli_main("eval", "--index", str(index), "--format", "json")
    assert out.returncode == 0
    warning = [line for line in out.stderr.splitlines() if "warning" in line]
    assert len(warning) == 1 and "not found in the text read from the converted copies (first: q001:" in warning[0]
    assert json.loads(out.stdout)["metrics"]["n"] > 100


def test_eval_option_errors(cli_main, diagnostic, seeds_index):
    bad = cli_main("eval", "--index", str(seeds_index), "--match-sources", "fuzzy")
    assert bad.returncode == 2 and "unknown --match-sources 'fuzzy'" in diagnostic(bad.stderr)
    flips = cli_main("eval", "--index", str(seeds_index), "--tolerate-flips", "1")
    assert flips.returncode == 2 and "--tolerate-flips applies to --save-baseline only" in diagnostic(flips.stderr)


# ----------------------------------------------------------------------- one-flip tolerance
def _record(qid: str, answerable: bool, correct: bool, rank: int | None, abstained: bool = False) -> QuestionRecord:
    return QuestionRecord(
        qid, "?", "date" if answerable else "unanswerable", answerable, ["x"] if answerable else [],
        [rank] if rank else [], [], None, abstained, correct,
        (1.0 if correct else 0.0) if answerable else None, (1.0 if correct else 0.0) if answerable else None, 1.0,
    )  # fmt: skip


def _run(records: list[QuestionRecord]) -> Report:
    from askmali.evaluation import _summarize

    return Report(_summarize(records, 10), {}, records, {"k": 10, "retriever": "hybrid"})


def test_one_flip_passes_the_gate_and_two_do_not(tmp_path):
    records = [_record(f"a{i}", True, True, 1) for i in range(20)] + [
        _record(f"u{i}", False, True, None, abstained=True) for i in range(5)
    ]
    base = _run(records)
    tolerances = one_flip_tolerances(base)
    assert tolerances["answer_accuracy"] == pytest.approx(0.05)  # 1 of 20 answerable
    assert tolerances["hit@1"] == pytest.approx(0.05)
    assert tolerances["abstention_recall"] == pytest.approx(0.2)  # 1 of 5 unanswerable
    path = tmp_path / "baseline.json"
    save_baseline(base, path, tolerate_flips=1)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["tolerate_flips"] == 1 and saved["tolerances"] == tolerances

    wrong = {"correct": False, "relevant_ranks": [], "exact_match": 0.0, "f1": 0.0}
    one = _run([replace(records[0], **wrong), *records[1:]])
    assert compare(one, saved).passed
    two = _run([replace(records[0], **wrong), replace(records[1], **wrong), *records[2:]])
    failed = compare(two, saved)
    assert not failed.passed
    assert {"answer_accuracy", "hit@1", "hit@5"} <= {d.name for d in failed.drops}
    answered = _run([*records[:-1], replace(records[-1], abstained=False, correct=False)])
    assert compare(answered, saved).passed  # one unanswerable question answered: one flip

    save_baseline(two, path)  # a re-save keeps the rule and recomputes for the new run
    again = json.loads(path.read_text(encoding="utf-8"))
    assert again["tolerate_flips"] == 1 and again["tolerances"] == one_flip_tolerances(two)


# ------------------------------------------------------------------------- page accuracy
def test_page_accuracy_by_hand():
    """Four questions whose evidence is on page 12 of a.pdf (b.html is the same manual as a web
    page): answered right on page 12, right but cited to page 13, right from the HTML copy, and
    right from an unrelated document; plus a wrong answer on page 12 and a question with no page."""
    from test_evaluation import ScriptedEngine

    from askmali.models import Answer, Hit, Result

    sentence = "Le paquet foo installe le programme bar dans /usr/bin."

    def asked(question: str, source: str, page: int | None, text: str = sentence) -> Result:
        p = Passage(f"{source}#1", source, "", "body", text, 0, len(text), 1, 1, page=page)
        a = Answer(text, p.id, source, 1, 1, 0.9, page=page, passage=p)
        return Result(question, a, [Hit(rank=1, passage=p, score=1.0)])

    def question(qid: str, page: int | None = 12) -> Question:
        return Question(qid, f"{qid} ?", ("bar",), ("a.pdf", "b.html"), "installe le programme bar", "place", page)

    questions = [question(q) for q in ("right", "next", "copy", "elsewhere", "wrong")] + [question("nopage", None)]
    engine = ScriptedEngine({
        "right ?": asked("right ?", "a.pdf", 12),
        "next ?": asked("next ?", "a.pdf", 13),
        "copy ?": asked("copy ?", "b.html", None),
        "elsewhere ?": asked("elsewhere ?", "c.pdf", 12, "Un autre texte cite bar."),
        "wrong ?": asked("wrong ?", "a.pdf", 12, "Le paquet foo installe autre chose."),
        "nopage ?": asked("nopage ?", "a.pdf", 40),
    })  # fmt: skip
    report = evaluate(engine, questions)
    outcome = {r.id: r.page_correct for r in report.questions}
    assert outcome == {"right": True, "next": False, "copy": None, "elsewhere": False, "wrong": None, "nopage": None}
    assert report.metrics["n_page_scored"] == 3
    assert report.metrics["page_accuracy"] == pytest.approx(1 / 3)
    assert report.by_type["place"]["page_accuracy"] == pytest.approx(1 / 3)
    record = next(r for r in report.questions if r.id == "next")
    assert record.gold_page == 12 and record.answer["page"] == 13
    # a set that gives no page reports no page metric at all (the seeds set)
    plain = evaluate(engine, [replace(q, page=None) for q in questions])
    assert "page_accuracy" not in plain.metrics and "n_page_scored" not in plain.metrics
    # --show-failures lists a right answer cited to the wrong page, saying which pages
    import io

    from rich.console import Console

    from askmali.eval_report import render_report

    out = io.StringIO()
    render_report(report, Console(file=out, width=200, color_system=None), show_failures=True)
    text = out.getvalue()
    assert "page       cited 13 from a.pdf, gold 12" in text and "cited 12 from c.pdf, gold 12" in text
    assert "\nnext [place]" in text and "\nright [place]" not in text  # the right page is no miss
