"""Self-check of eval/documents.yaml, the questions on the real documents of ../shared/documents.

Gold evidence and answers must be in the text the readers extract from each source, and a PDF
question's evidence on the physical page it names, so that the page accuracy computed over them
measures the system rather than typos in the gold file. Each per-entry test checks every entry
and reports every bad one at once, by question id.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from askmali.evaluation import load_questions
from askmali.questionsets import Question, evidence_problems
from conftest import shared_documents

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS_FILE = ROOT / "eval" / "documents.yaml"
FACTOID_TYPES = {"date", "number", "person", "place", "organisation"}
_SENTENCE_BREAK = re.compile(r"[.!?…]\s+[A-ZÀ-ÖØ-Þ«]")

QUESTIONS = load_questions(DOCUMENTS_FILE)  # the file's own schema: raises on a malformed entry
ANSWERABLE = [q for q in QUESTIONS if q.answerable]


def _format(q: Question) -> str:
    return q.sources[0].split("/")[0] if q.sources else "none"


def assert_every(questions: list[Question], check) -> None:
    """Run ``check(question)`` (it yields what is wrong) on each; fail naming them all."""
    bad = [f"{q.id}: {problem}" for q in questions for problem in check(q)]
    assert not bad, f"{len(bad)} problem(s) in {DOCUMENTS_FILE.name}:\n" + "\n".join(bad)


# ---------------------------------------------------------------- whole-file properties
def test_size_and_spread_over_formats_and_documents() -> None:
    assert len(QUESTIONS) >= 40
    by_format = Counter(_format(q) for q in ANSWERABLE)
    assert by_format["pdf"] >= 30 and by_format["epub"] >= 3 and by_format["html"] >= 3, by_format
    assert 5 <= len(QUESTIONS) - len(ANSWERABLE) <= 8  # on-topic questions the documents cannot answer
    pdfs = {p.relative_to(shared_documents()).as_posix() for p in shared_documents("pdf").glob("*.pdf")}
    cited = Counter(q.sources[0] for q in ANSWERABLE)
    assert pdfs <= set(cited), f"PDFs without questions: {sorted(pdfs - set(cited))}"
    assert max(cited.values()) <= 0.25 * len(ANSWERABLE), cited.most_common(1)  # no document dominates
    pages = Counter((q.sources[0], q.page) for q in ANSWERABLE if q.page)
    assert max(pages.values()) <= 2, pages.most_common(1)  # spread over pages


def test_pdf_questions_give_a_page_and_only_they_do() -> None:
    def check(q: Question):
        if _format(q) == "pdf" and q.page is None:
            yield "a PDF question without its page"
        if _format(q) != "pdf" and q.page is not None:
            yield f"a page for a {_format(q)} source"

    assert_every(QUESTIONS, check)


def test_sources_exist() -> None:
    root = shared_documents()
    assert_every(ANSWERABLE, lambda q: (f"unknown source {s}" for s in q.sources if not (root / s).is_file()))


def test_answers_are_short_and_evidence_is_one_sentence() -> None:
    def check(q: Question):
        limit = 6 if q.type in FACTOID_TYPES else 12
        for answer in q.answers:
            if len(answer.split()) > limit:
                yield f"answer too long: {answer!r}"
        if _SENTENCE_BREAK.search(q.evidence.rstrip(".!?… ")):
            yield "evidence spans two sentences"
        if q.evidence.casefold() in q.question.casefold():
            yield "the question copies its evidence"

    assert_every(ANSWERABLE, check)


# ---------------------------------------------------------------- against the documents
_READ: dict = {}  # each source read once for the whole module


def _evidence_problems(questions: list[Question]) -> list[str]:
    """What :func:`askmali.questionsets.evidence_problems` finds, reading each source once
    through the readers that the index uses (every source of a question, not only the first)."""
    return evidence_problems(questions, shared_documents(), read=_READ)


def test_pdf_evidence_is_on_its_page() -> None:
    """Evidence and answers in the text the PDF reader extracts, the evidence on its page."""
    pdf = [q for q in ANSWERABLE if _format(q) == "pdf"]
    problems = _evidence_problems(pdf)
    assert not problems, f"{len(problems)} problem(s) in {DOCUMENTS_FILE.name}:\n" + "\n".join(problems)


def test_every_listed_copy_holds_the_evidence() -> None:
    """A further source (the HTML or EPUB edition of a PDF manual; the PDF of an HTML chapter)
    holds the same sentence and answer, so that a passage from it is rightly relevant."""
    copies = [
        replace(q, id=f"{q.id} ({source})", sources=(source,), page=None)
        for q in ANSWERABLE
        for source in q.sources[1:]
    ]
    assert len(copies) >= 20
    problems = _evidence_problems(copies)
    assert not problems, f"{len(problems)} problem(s) in {DOCUMENTS_FILE.name}:\n" + "\n".join(problems)


def test_html_and_epub_evidence_is_in_the_extracted_text() -> None:
    others = [q for q in ANSWERABLE if _format(q) != "pdf"]
    problems = _evidence_problems(others)
    assert not problems, f"{len(problems)} problem(s) in {DOCUMENTS_FILE.name}:\n" + "\n".join(problems)


def test_the_checks_report_every_bad_entry() -> None:
    """The per-entry checks can fail, and name each bad entry (not just the first)."""
    broken = [replace(ANSWERABLE[0], id="x1", page=None), replace(ANSWERABLE[1], id="x2", page=None)]
    with pytest.raises(AssertionError) as failure:
        assert_every(broken, lambda q: ["a PDF question without its page"] if q.page is None else [])
    assert "x1: a PDF question" in str(failure.value) and "x2: a PDF question" in str(failure.value)
    first = next(q for q in ANSWERABLE if q.page)
    moved = [
        replace(first, id="x3", sources=("pdf/none.pdf",)),
        replace(first, id="x4", page=first.page + 1),
        replace(first, id="x5", evidence="une phrase qui ne figure nulle part"),
    ]
    assert _evidence_problems(moved) == [
        f"x3: source 'pdf/none.pdf' not found in {shared_documents()}",
        f"x4: evidence is not on page {first.page + 1} of {first.sources[0]} (it is on page {first.page})",
        f"x5: evidence 'une phrase qui ne figure nulle part' is not in {', '.join(first.sources)}",
    ]
