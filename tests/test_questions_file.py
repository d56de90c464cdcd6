"""Self-check of the evaluation set eval/questions.yaml against the seed texts.

Gold evidence and answers must be verbatim (under askmali.matching) in the cited seed file, so
that a metric computed over them measures the system rather than typos in the gold file. Each
per-entry test checks every entry and reports every bad one at once, by question id.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import yaml

from askmali.matching import contains, match_key

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS_FILE = ROOT / "eval" / "questions.yaml"
SEEDS = ROOT / "seeds"
BRIEFING = "002_29e0faa7f984317a.txt"

TYPES = {
    "date", "number", "person", "place", "organisation",
    "reason", "definition", "yesno", "list", "unanswerable",
}
# Types whose answers are short factoids: they must be short and found next to the evidence.
FACTOID_TYPES = {"date", "number", "person", "place"}
SHORT_TYPES = FACTOID_TYPES | {"organisation"}
REQUIRED = {"id": str, "question": str, "answers": list, "evidence": str, "type": str}
# Where the article ends and reader comments / reply forms begin; never a gold source.
END_MARKERS = ("réflexions au sujet de", "Leave a Reply", "\nCommentaires")
PROXIMITY = 300  # characters of match key either side of the evidence
# A sentence boundary inside a quote: terminal punctuation, space, then a capital or «.
_SENTENCE_BREAK = re.compile(r"[.!?…]\s+[A-ZÀ-ÖØ-Þ«]")
_FOOTNOTE_START = re.compile(r"^\d{1,2} \S")


def _load() -> list[dict]:
    with QUESTIONS_FILE.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    assert isinstance(data, list), "questions.yaml must be a YAML list"
    return data


ENTRIES = _load()
ANSWERABLE = [e for e in ENTRIES if e.get("type") != "unanswerable"]


def _sources(entry: dict) -> list[str]:
    src = entry.get("source")
    if src is None:
        return []
    return [src] if isinstance(src, str) else list(src)


@cache
def article_text(name: str) -> str:
    """The seed text without trailing reader comments or reply forms."""
    text = (SEEDS / name).read_text(encoding="utf-8")
    cut = min((i for m in END_MARKERS if (i := text.find(m)) != -1), default=len(text))
    return text[:cut]


@cache
def _article_key(name: str) -> str:
    return match_key(article_text(name))


def found(name: str, quote: str) -> bool:
    """``contains(article_text(name), quote)`` with the article's key computed once."""
    key = match_key(quote)
    return bool(key) and key in _article_key(name)


@cache
def segments(name: str) -> tuple[str, ...]:
    """Blocks of the source that a quote may not straddle.

    A new block starts at a blank line (paragraph, page header, footnote area), at a
    footnote ("12 Entretiens ...") opening a footnote area or following another footnote,
    and at a line indented by the PDF extraction where the body resumes after a page's
    footnotes (unless the previous line ended with a line-break hyphen).
    """
    blocks: list[list[str]] = [[]]
    prev = ""
    in_notes = False
    for line in article_text(name).splitlines():
        blank = not line.strip()
        note = bool(_FOOTNOTE_START.match(line)) and (not prev.strip() or in_notes)
        resume = line[:1].isspace() and not blank and not prev.rstrip().endswith("-")
        if blank or note or resume:
            blocks.append([])
            in_notes = note or (in_notes and not resume)
        if not blank:
            blocks[-1].append(line)
        prev = line
    return tuple("\n".join(b) for b in blocks if b)


@cache
def _block_keys(name: str) -> tuple[str, ...]:
    return tuple(match_key(b) for b in segments(name))


def _in_some_block(name: str, quote: str) -> bool:
    """``contains(block, quote)`` for some block, with the block keys computed once."""
    key = match_key(quote)
    return bool(key) and any(key in block for block in _block_keys(name))


def _ids(entries: list[dict]) -> list[str]:
    return [str(e.get("id")) for e in entries]


# ---------------------------------------------------------------- whole-file properties
def test_ids_unique_and_enough_entries() -> None:
    ids = _ids(ENTRIES)
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    assert not dupes, f"duplicate ids: {dupes}"
    assert len(ENTRIES) >= 100


def test_enough_unanswerable_questions() -> None:
    assert len(ENTRIES) - len(ANSWERABLE) >= 10


def test_all_seed_files_covered() -> None:
    cited = {s for e in ANSWERABLE for s in _sources(e)}
    seeds = {p.name for p in SEEDS.glob("*.txt")}
    assert len(seeds) == 5
    assert seeds <= cited, f"seed files without questions: {sorted(seeds - cited)}"


def test_briefing_share() -> None:
    on_briefing = sum(BRIEFING in _sources(e) for e in ANSWERABLE)
    assert on_briefing >= 0.4 * len(ANSWERABLE)


def test_acceptance_questions_present() -> None:
    by_question = {e["question"]: e for e in ENTRIES}
    cedeao = by_question["Quand la Cedeao a-t-elle partiellement levé ses sanctions contre le Mali ?"]
    assert "3 juillet 2022" in cedeao["answers"]
    lavrov = by_question["Quel ministre russe des Affaires étrangères a visité le Mali ?"]
    assert any("Lavrov" in a for a in lavrov["answers"])
    assert by_question["Quel est le PIB du Mali en 2023 ?"]["type"] == "unanswerable"


# ---------------------------------------------------------------- per-entry properties
def assert_every(entries: list[dict], check) -> None:
    """Run ``check(entry)`` (it yields what is wrong) on every entry; fail naming them all."""
    bad = [f"{e.get('id')}: {problem}" for e in entries for problem in check(e)]
    assert not bad, f"{len(bad)} problem(s) in {QUESTIONS_FILE.name}:\n" + "\n".join(bad)


def test_fields_and_types() -> None:
    def check(entry: dict):
        for field, kind in REQUIRED.items():
            if not isinstance(entry.get(field), kind):
                yield f"{field} missing or not {kind.__name__}"
        if entry.get("type") not in TYPES:
            yield f"unknown type {entry.get('type')!r}"
        if not str(entry.get("question", "")).strip():
            yield "empty question"
        if not all(isinstance(a, str) and a.strip() for a in entry.get("answers") or []):
            yield "an answer is empty or not a string"
        src = entry.get("source")
        if not (src is None or isinstance(src, str) or (isinstance(src, list) and src and all(isinstance(x, str) for x in src))):
            yield "source is neither a name nor a list of names"

    assert_every(ENTRIES, check)


def test_unanswerable_shape() -> None:
    def check(entry: dict):
        if entry["type"] == "unanswerable":
            if entry["answers"] != [] or entry["evidence"] != "" or _sources(entry):
                yield "an unanswerable question has answers, evidence or a source"
        else:
            if not entry["answers"]:
                yield "answerable question without answers"
            if not _sources(entry):
                yield "answerable question without source"

    assert_every(ENTRIES, check)


def _unknown_sources(entry: dict):
    return (f"unknown source {n}" for n in _sources(entry) if not (SEEDS / n).is_file())


def test_sources_exist() -> None:
    assert_every(ANSWERABLE, _unknown_sources)


def test_answer_lengths() -> None:
    def check(entry: dict):
        limit = 6 if entry["type"] in SHORT_TYPES else 15
        for answer in entry["answers"]:
            if not 1 <= len(answer.split()) <= limit:
                yield f"answer too long: {answer!r}"
        if entry["type"] == "yesno" and {a.casefold() for a in entry["answers"]} & {"oui", "non", "yes", "no"}:
            yield "a yes/no answer must be the words that say it, not oui/non"

    assert_every(ANSWERABLE, check)


def test_evidence_is_verbatim_and_within_one_block() -> None:
    def check(entry: dict):
        evidence = entry["evidence"]
        if not 4 <= len(evidence.split()) <= 15:
            yield f"evidence of {len(evidence.split())} words"
        first = _sources(entry)[0]
        if not found(first, evidence):
            yield "evidence not in its first source"
        elif not _in_some_block(first, evidence):
            yield "evidence straddles a paragraph, page header or footnote boundary"
        if _SENTENCE_BREAK.search(evidence.rstrip(".!?… ")):
            yield "evidence spans two sentences"

    assert_every(ANSWERABLE, check)


def test_answers_are_verbatim() -> None:
    assert_every(ANSWERABLE, lambda e: (
        f"answer {a!r} in no source" for a in e["answers"] if not any(found(s, a) for s in _sources(e))
    ))


def test_factoid_answer_near_evidence() -> None:
    """Catches an answer copied from a different place than the quoted evidence."""

    def check(entry: dict):
        haystack = _article_key(_sources(entry)[0])
        needle = match_key(entry["evidence"])
        answers = [match_key(a) for a in entry["answers"]]
        start = haystack.find(needle)
        windows = []
        while start != -1:
            lo, hi = max(0, start - PROXIMITY), start + len(needle) + PROXIMITY
            windows.append(haystack[lo:hi])
            start = haystack.find(needle, start + 1)
        if not windows:
            yield "evidence not found"
        elif not any(a in w for a in answers for w in windows):
            yield "no answer near the evidence"

    assert_every([e for e in ANSWERABLE if e["type"] in FACTOID_TYPES], check)


def test_the_checks_report_every_bad_entry() -> None:
    """The per-entry checks can fail, and name each bad entry (not just the first)."""
    broken = [dict(ANSWERABLE[0], id="x1", source="nope.txt"), dict(ANSWERABLE[1], id="x2", source=["absent.txt"])]
    with pytest.raises(AssertionError) as failure:
        assert_every(broken, _unknown_sources)
    assert "x1: unknown source nope.txt" in str(failure.value) and "x2: unknown source absent.txt" in str(failure.value)


# ---------------------------------------------------------------- the checker itself
def test_segments_separate_body_from_footnotes_and_headers() -> None:
    """The block splitter must catch the real traps of the briefing, or the check is void."""
    blocks = segments(BRIEFING)
    # Body sentence interrupted by footnote 1 ("le second, en" ... " mai 2021, organisé").
    assert contains(article_text(BRIEFING), "A l’inverse, le second, en")
    assert not _in_some_block(BRIEFING, "A l’inverse, le second, en mai 2021")
    # Body sentence interrupted by the page 2 header.
    assert not _in_some_block(BRIEFING, "partenaires occidentaux demeurent difficiles")
    # Footnote 27 runs on over the page break straight into body text: contiguous, but two blocks.
    assert contains(article_text(BRIEFING), "cherchant à déstabiliser la jusqu’en décembre 2022")
    assert not _in_some_block(BRIEFING, "cherchant à déstabiliser la jusqu’en décembre 2022")
    # Footnote 8 is a block of its own, apart from the body text that follows the notes.
    assert _in_some_block(BRIEFING, "Sadio Camara, réputé proche de Moscou, inquiète Paris")
    assert not any(contains(b, "Son éviction") and contains(b, "officialise") for b in blocks)
    # A hyphenated word split across lines stays in one block.
    assert _in_some_block(BRIEFING, "ne devraient pas sous-estimer les éventuelles retombées")


def test_found_agrees_with_matching_contains() -> None:
    text = article_text(BRIEFING)
    for quote in ("rééquilibrer leurs relations", "Paris. Moins de", "le 3 juillet 2022", "Kidal, ce"):
        assert found(BRIEFING, quote) == contains(text, quote)


def test_article_text_drops_reader_comments() -> None:
    assert "Obélix" not in article_text("001_eb65ca922daaa8d5.txt")
    assert "Kidal" in article_text("001_eb65ca922daaa8d5.txt")
    assert "Leave a Reply" not in article_text("003_08a994fd9431b56b.txt")
