"""Question sets for evaluation: the project's YAML file and external dataset folders.

- ``eval/questions.yaml`` (:func:`load_questions`): gold is a source file name plus a short
  verbatim evidence quote, so it survives any change of chunker; :func:`check_evidence`
  verifies every quote and answer against the corpus files, read by the same readers as the
  index. ``eval/documents.yaml`` adds ``page``: the 1-based physical page of a PDF source that
  holds the evidence.
- Gold sources are matched to indexed sources by name (``exact``) or by file stem (``stem``:
  ``002_x.txt`` is ``002_x.pdf``, for the seeds converted to other formats); see
  :func:`source_matcher`.
- A dataset folder (:func:`load_dataset`), e.g. ``/work/shared/datasets/piaf``:
  ``passages.jsonl`` (``{"id","title","text"}``) + ``questions.jsonl``
  (``{"id","question","answers","passage_ids"}``); gold is the record id.

Every problem is an :class:`askmali.errors.EvalError` with a one-line message that names the
file, line, question and field at fault.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from . import sources
from .errors import CorpusError, EvalError
from .matching import match_key
from .models import Document
from .qtypes import question_type

QUESTION_TYPES = (
    "date", "number", "person", "place", "organisation", "reason", "definition", "yesno", "list",
    "unanswerable",
)  # fmt: skip
EVIDENCE_WORDS = (4, 15)  # an evidence quote is 4 to 15 words, verbatim from its source
_FIELDS = ("id", "question", "answers", "source", "evidence", "type", "page")
MATCH_SOURCES = ("exact", "stem")
_REQUIRED = ("id", "question", "answers", "type")


@dataclass(frozen=True)
class Question:
    """One evaluation question. ``answers == ()`` means the corpus cannot answer it."""

    id: str
    question: str
    answers: tuple[str, ...]
    sources: tuple[str, ...] = ()  # file names (YAML) or record ids (dataset)
    evidence: str = ""  # verbatim quote that a relevant passage must contain; "" = any passage
    type: str = "other"
    page: int | None = None  # 1-based physical page of the first source that holds the evidence

    @property
    def answerable(self) -> bool:
        return bool(self.answers)


def load_questions(path: Path) -> list[Question]:
    """Read and validate a YAML question file (see ``eval/questions.yaml`` for the form).

    Raises EvalError with a one-line message naming the line, entry and field at fault.
    """
    import yaml

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"cannot read question file {path}: {exc}") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown line"
        raise EvalError(f"{path}: YAML syntax error at {where}: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise EvalError(f"{path}: YAML error: {exc}") from None
    if not isinstance(data, list) or not data:
        raise EvalError(f"{path}: expected a non-empty YAML list of questions")
    lines = [n.start_mark.line + 1 for n in node.value]
    questions: list[Question] = []
    seen: dict[str, int] = {}
    for index, (raw, line) in enumerate(zip(data, lines), start=1):
        q = _parse_entry(raw, f"{path}: entry {index}", line)
        if q.id in seen:
            raise EvalError(f"{path}: duplicate id {q.id!r} (lines {seen[q.id]} and {line})")
        seen[q.id] = line
        questions.append(q)
    return questions


def _parse_entry(raw: object, entry: str, line: int) -> Question:
    """One validated question; ``entry`` ("<file>: entry 3") and ``line`` locate errors."""
    where = f"{entry} (line {line})"
    if not isinstance(raw, dict):
        raise EvalError(f"{where}: expected a mapping with fields {', '.join(_FIELDS)}")
    qid = raw.get("id")
    if isinstance(qid, str) and qid.strip():
        where = f"{entry}, id {qid.strip()!r} (line {line})"
    for name in _REQUIRED:
        if name not in raw:
            raise EvalError(f"{where}: missing field {name!r}")
    unknown = sorted(set(raw) - set(_FIELDS), key=str)
    if unknown:
        raise EvalError(f"{where}: unknown field {unknown[0]!r} (expected {', '.join(_FIELDS)})")

    def text(name: str, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise EvalError(f"{where}: field {name!r} must be a non-empty string, got {value!r}")
        return value.strip()

    qid, question, qtype = text("id", qid), text("question", raw["question"]), raw["type"]
    if qtype not in QUESTION_TYPES:
        raise EvalError(f"{where}: type {qtype!r} is not one of {', '.join(QUESTION_TYPES)}")
    answers = raw["answers"]
    if not isinstance(answers, list):
        raise EvalError(f"{where}: field 'answers' must be a list, got {answers!r}")
    answers = [text("answers", a) for a in answers]
    source = raw.get("source")
    names = source if isinstance(source, list) else ([] if source is None else [source])
    names = [text("source", s) for s in names]
    evidence = raw.get("evidence") or ""
    if not isinstance(evidence, str):
        raise EvalError(f"{where}: field 'evidence' must be a string, got {evidence!r}")
    page = raw.get("page")
    if page is not None and (isinstance(page, bool) or not isinstance(page, int) or page < 1):
        raise EvalError(f"{where}: field 'page' must be a page number (1 or more), got {page!r}")
    if page is not None and not (answers and evidence.strip()):
        raise EvalError(f"{where}: field 'page' goes with an answerable question and its evidence")
    if (qtype == "unanswerable") != (not answers):
        raise EvalError(f"{where}: type 'unanswerable' goes with answers: [] and only with it")
    if answers:
        if not names:
            raise EvalError(f"{where}: missing field 'source' (required when there are answers)")
        lo, hi = EVIDENCE_WORDS
        if not lo <= len(evidence.split()) <= hi:
            raise EvalError(f"{where}: 'evidence' must be a {lo}-{hi} word quote, got {evidence!r}")
    return Question(qid, question, tuple(answers), tuple(names), evidence.strip(), qtype, page)


def source_matcher(mode: str = "exact") -> Callable[[str, Sequence[str]], bool]:
    """``matches(indexed_name, gold_names)``: by name (``exact``), or by file stem (``stem``: the
    name without its folder and last suffix, so the seeds converted to .pdf or .docx still match
    the .txt names of the question file)."""
    if mode not in MATCH_SOURCES:
        raise EvalError(f"unknown source matching {mode!r}", hint=f"use one of {', '.join(MATCH_SOURCES)}")
    if mode == "exact":
        return lambda name, gold: name in gold
    return lambda name, gold: stem(name) in {stem(g) for g in gold}


def stem(name: str) -> str:
    """A source name without its folders and its last suffix: ``pdf/a.fr.pdf`` -> ``a.fr``."""
    return PurePosixPath(name.replace("\\", "/")).stem


def resolve_mode(questions: Iterable[Question], indexed: Iterable[str]) -> str:
    """``exact`` when every gold source is an indexed name, else ``stem`` (the automatic
    choice of ``askmali eval --match-sources auto``)."""
    names = set(indexed)
    gold = {s for q in questions if q.answerable for s in q.sources}
    return "exact" if gold <= names else "stem"


def check_evidence(
    questions: Iterable[Question],
    corpus_dir: Path,
    *,
    indexed: Sequence[str] | None = None,
    match: str = "exact",
) -> None:
    """Check that each answerable question's evidence quote and each gold answer occur in one of
    its source files (under :func:`askmali.matching.contains`), and a quote with a ``page`` on
    that page of its first source. Files are read by the readers the index uses; with ``match``
    ``stem`` a gold name stands for the indexed file of the same stem (``indexed``: the names in
    the index; default: the gold names themselves). Raises EvalError naming the first question
    at fault and how many others are."""
    problems = evidence_problems(questions, corpus_dir, indexed=indexed, match=match)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise EvalError(problems[0] + more)


def evidence_problems(
    questions: Iterable[Question],
    corpus_dir: Path,
    *,
    indexed: Sequence[str] | None = None,
    match: str = "exact",
    read: dict | None = None,
) -> list[str]:
    """Every problem :func:`check_evidence` would report, one line per question at fault.
    ``read``: a dict kept between calls on the same folder, so each file is read once."""
    corpus_dir = Path(corpus_dir)
    matches = source_matcher(match)
    texts: dict[str, _SourceText | None] = {} if read is None else read  # name -> its text (None: unreadable)
    problems: list[str] = []
    for q in questions:
        if not q.answerable:
            continue
        found: list[_SourceText] = []
        for gold in q.sources:
            pool = indexed if indexed is not None and match != "exact" else [gold]
            names = [n for n in pool if matches(n, [gold])]
            got = [t for t in (_source_text(corpus_dir, n, texts) for n in names[:1]) if t is not None]
            if not got:
                problems.append(f"{q.id}: source {gold!r} not found in {corpus_dir}")
                break
            found.extend(got)
        else:
            if q.evidence and not any(t.holds(q.evidence) for t in found):
                problems.append(f"{q.id}: evidence {q.evidence!r} is not in {', '.join(q.sources)}")
            elif absent := [a for a in q.answers if not any(t.holds(a) for t in found)]:
                problems.append(f"{q.id}: answer {absent[0]!r} is not in {', '.join(q.sources)}")
            elif q.page is not None and not found[0].on_page(q.evidence, q.page):
                on = found[0].pages_holding(q.evidence)
                where = f"it is on page {', '.join(map(str, on))}" if on else "it spans pages"
                problems.append(f"{q.id}: evidence is not on page {q.page} of {q.sources[0]} ({where})")
    return problems


class _SourceText:
    """The documents read from one source file. A quote is in the file when it is in the text
    as read (for a PDF, the lines of the paragraphs its reader found, in order: running headers
    and page numbers are no paragraph) or as cleaned for the passages (cut words rejoined, a
    paragraph that runs onto the next page in one piece). A typo is in neither, a running
    header is in neither, and a cleaning defect does not make gold wrong. Match keys are
    computed once, per page when asked."""

    def __init__(self, docs: list[Document]):
        self.docs = docs
        self.keys = [match_key("".join(text for _, text in _read_text(d))) for d in docs]
        self._cleaned: list[tuple[str, tuple[int, ...], Document]] | None = None
        self._cleaned_key: str | None = None
        self._pages: dict[bool, dict[int, str]] = {}  # as cleaned? -> page -> match key

    def holds(self, quote: str) -> bool:
        if _present(quote, self.keys):
            return True
        if self._cleaned_key is None:
            self._cleaned_key = "\n".join(match_key(text) for text, _, _ in self.cleaned())
        return _present(quote, [self._cleaned_key])

    def cleaned(self) -> list[tuple[str, tuple[int, ...], Document]]:
        """(segment text, offset of each character, document) of the format readers' documents."""
        if self._cleaned is None:
            from .cleaning import clean

            self._cleaned = [
                (seg.text, seg.offsets, doc)
                for doc in self.docs
                if doc.fmt not in ("text", "jsonl")
                for seg in clean(doc).segments
            ]
        return self._cleaned

    def on_page(self, quote: str, page: int) -> bool:
        if _present(quote, [self.pages(cleaned=False).get(page, "")]):
            return True
        return _present(quote, [self.pages(cleaned=True).get(page, "")])

    def pages_holding(self, quote: str) -> list[int]:
        return sorted({n for cleaned in (False, True) for n in self.pages(cleaned) if self.on_page(quote, n)})

    def pages(self, cleaned: bool) -> dict[int, str]:
        """Page number -> the match key of the text on it, as read or as cleaned (a cleaned
        paragraph that runs onto the next page is cut where the page ends)."""
        if cleaned not in self._pages:
            texts: dict[int, list[str]] = {}
            pieces = (
                (run for text, offsets, doc in self.cleaned() for run in _page_runs(text, offsets, doc))
                if cleaned
                else (piece for doc in self.docs for piece in _read_text(doc))
            )
            for page, text in pieces:
                if page is not None:
                    texts.setdefault(page, []).append(text)
            self._pages[cleaned] = {n: match_key("".join(t)) for n, t in texts.items()}
        return self._pages[cleaned]


def page_texts(doc: Document) -> list[tuple[int, str]]:
    """``(page, text)`` for each stretch of ``doc.text`` a reader placed on a page, in order
    (empty for a document with no pages)."""
    places = sorted(doc.places, key=lambda p: p.start)
    out = []
    for place, after in zip(places, [*places[1:], None]):
        if place.page is not None:
            out.append((place.page, doc.text[place.start : after.start if after else len(doc.text)]))
    return out


def _read_text(doc: Document) -> list[tuple[int | None, str]]:
    """``(page, text)`` pieces of a document as read: each line of the paragraphs a reader
    delimited (:attr:`Document.blocks`, in their order), else the stretches of its places, else
    its whole text."""
    if not doc.blocks:
        return page_texts(doc) or [(None, doc.text)]
    starts = [(p.start, p.page) for p in sorted(doc.places, key=lambda p: p.start)]
    keys = [s for s, _ in starts]
    return [
        (starts[bisect_right(keys, s) - 1][1] if keys and keys[0] <= s else None, doc.text[s:e] + "\n")
        for block in doc.blocks
        for s, e in block.lines
    ]


def _page_runs(text: str, offsets: Sequence[int], doc: Document) -> list[tuple[int, str]]:
    """A cleaned text cut into ``(page, run)`` by the page of each character's original offset."""
    starts = [(p.start, p.page) for p in sorted(doc.places, key=lambda p: p.start) if p.page is not None]
    if not starts or not offsets:
        return []
    keys = [s for s, _ in starts]
    runs: list[tuple[int, str]] = []
    begin = 0
    page_of = [starts[max(0, bisect_right(keys, off) - 1)][1] for off in offsets]
    for i in range(1, len(text) + 1):
        if i == len(text) or page_of[i] != page_of[begin]:
            runs.append((page_of[begin], text[begin:i] + "\n"))
            begin = i
    return runs


def _present(needle: str, source_keys: list[str]) -> bool:
    """:func:`askmali.matching.contains` against pre-computed source keys."""
    key = match_key(needle)
    return bool(key) and any(key in k for k in source_keys)


def _source_text(corpus_dir: Path, name: str, cache: dict[str, _SourceText | None]) -> _SourceText | None:
    """A source file read once through the index's readers (None when it cannot be read)."""
    if name not in cache:
        try:
            found = sources.discover([corpus_dir / name])
            docs = sources.load(found[0])[1] if found else []
        except CorpusError:
            docs = []
        cache[name] = _SourceText(docs) if docs else None
    return cache[name]


# ------------------------------------------------------------------------------- datasets
_PIAF_ID = re.compile(r"^piaf-(\d+)-(\d+)$")
PIAF_DEV_ARTICLES = 240  # dev: article number < 240; test: >= 240 (datasets README)
SPLITS = ("all", "dev", "test")


def load_dataset(directory: Path, split: str = "all") -> tuple[Path, list[Question]]:
    """The passages file and the questions of a dataset folder (``passages.jsonl`` with
    ``{"id","title","text"}``, ``questions.jsonl`` with ``{"id","question","answers",
    "passage_ids"}``). ``split`` selects questions by their gold passage's article for PIAF
    (ids ``piaf-AAA-PP``; dev: AAA < 240, test: AAA >= 240); other datasets only have "all".
    A dataset carries no question type, so the type is read from the wording by
    :func:`askmali.qtypes.question_type` (for per-type breakdowns only; never for scoring)."""
    directory = Path(directory)
    passages, qfile = directory / "passages.jsonl", directory / "questions.jsonl"
    if split not in SPLITS:
        raise EvalError(f"unknown split {split!r}", hint=f"use one of {', '.join(SPLITS)}")
    if not directory.is_dir():
        raise EvalError(f"dataset {directory} is not a folder", hint="give the folder of passages.jsonl")
    for f in (passages, qfile):
        if not f.is_file():
            raise EvalError(
                f"{directory}: no {f.name}", hint="a dataset folder holds passages.jsonl and questions.jsonl"
            )
    # read the corpus exactly as the indexer will, so the gold ids are the passages' sources
    known = {doc.source for doc in sources.load(sources.discover([passages])[0])[1]}
    questions: list[Question] = []
    seen: set[str] = set()
    for rec, line in _jsonl(qfile):
        where = f"{qfile}, line {line}"
        qid, question, answers, pids = (rec.get(f) for f in ("id", "question", "answers", "passage_ids"))
        if not isinstance(qid, str) or not isinstance(question, str) or not question.strip():
            raise EvalError(f"{where}: missing or invalid 'id' or 'question'")
        for name, value in (("answers", answers), ("passage_ids", pids)):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise EvalError(f"{where}: field {name!r} must be a list of strings")
        if qid in seen:
            raise EvalError(f"{where}: duplicate question id {qid!r}")
        seen.add(qid)
        unknown = [p for p in pids if p not in known]
        if unknown:
            raise EvalError(f"{where}: passage id {unknown[0]!r} is not in {passages.name}")
        if split != "all" and _piaf_split(pids, where) != split:
            continue
        qtype = question_type(question) if answers else "unanswerable"
        questions.append(Question(qid, question.strip(), tuple(answers), tuple(pids), "", qtype))
    return passages, questions


def _piaf_split(pids: Sequence[str], where: str) -> str:
    match = _PIAF_ID.match(pids[0]) if pids else None
    if not match:
        raise EvalError(
            f"{where}: dev/test splits need PIAF passage ids (piaf-AAA-PP), got {pids[:1]}",
            hint="this dataset has no split; use split 'all'",
        )
    return "dev" if int(match.group(1)) < PIAF_DEV_ARTICLES else "test"


def _jsonl(path: Path) -> Iterable[tuple[dict, int]]:
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"cannot read {path}: {exc}") from None
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise EvalError(f"{path}, line {number}: malformed JSON ({exc.msg})") from None
            if not isinstance(record, dict):
                raise EvalError(f"{path}, line {number}: expected a JSON object")
            yield record, number
