"""Plain data carried between the stages. Everything here round-trips to JSON.

Data flows one way: ``sources`` (files -> Document) -> ``cleaning`` (Document -> CleanDocument)
-> ``chunking`` (CleanDocument -> Passage) -> ``analysis`` -> ``bm25``/``tfidf`` (index) ->
``engine`` (retrieval + fusion) -> ``answering`` -> ``render`` (CLI only).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

SCHEMA_VERSION = 1

# Passage kinds. Comments are never given as answers unless asked for.
KINDS = ("title", "body", "footnote", "table", "comment")
# What line numbers count (Document.line_unit): lines of the text (within the page for a PDF),
# paragraphs (DOCX, ODT, EPUB), or lines of the source file (HTML).
LINE_UNITS = ("line", "paragraph", "source line")


@dataclass(frozen=True)
class Place:
    """Where a stretch of a document's extracted text sits in the original file.

    From ``Document.text[start]`` up to the next place's ``start``, the text is on physical
    page ``page`` (1-based; PDF only) printed as ``page_label``, inside ``section`` (an EPUB
    chapter file, a heading), and its first line is number ``line`` in the unit the reader
    counts in (``Document.line_unit``): the line within the page for a PDF, the paragraph for
    DOCX/ODT/EPUB, the source line for HTML. Each newline after ``start`` adds one.
    """

    start: int
    line: int = 1
    page: int | None = None
    page_label: str | None = None
    section: str | None = None


@dataclass(frozen=True)
class Block:
    """A paragraph a reader already delimited from the layout it knows (a PDF's lines, fonts and
    page bottoms), for the cleaner to normalise and join instead of guessing from the text.

    ``lines`` are ``(start, end)`` spans of ``Document.text``, each one line of the original
    (the character at ``end`` is the newline after it), joined in this order: a paragraph that
    runs onto the next page lists lines from both pages. ``marks`` are ``(start, end, number)``
    spans of footnote calls to cut from the text and link to footnote ``number``; a footnote
    block has its ``footnote`` number (its own marker already left out of ``lines``). A
    "table" block is one row of a table, its wrapped cells' lines after its first; ``cells``
    are the offsets where its cells after the first begin.
    """

    kind: str  # "body", "title", "footnote" or "table" (one row)
    lines: tuple[tuple[int, int], ...]
    footnote: int | None = None
    marks: tuple[tuple[int, int, int], ...] = ()
    cells: tuple[int, ...] = ()  # where a table row's cells after the first start, in ``Document.text``


@dataclass(frozen=True)
class Document:
    """One source text as read from disk or from a JSONL record."""

    source: str  # file name relative to the indexed folder, or the JSONL record id
    text: str  # the decoded original text (or a reader's extraction); all offsets refer to it
    title: str = ""  # JSONL title, document metadata, or empty (the cleaner guesses one)
    path: str = ""  # absolute path of the file it came from ("" for in-memory text)
    encoding: str = "utf-8"
    fmt: str = "text"  # the reader that produced it: text, jsonl, pdf, html, docx, odt, epub
    # Places in offset order; empty for plain text, where lines count in ``text`` itself.
    places: tuple[Place, ...] = ()
    line_unit: str = "line"  # what line numbers count: "line", "paragraph" or "source line"
    # Paragraphs a reader delimited itself (PDF); empty: the cleaner finds them in ``text``.
    blocks: tuple[Block, ...] = ()


@dataclass(frozen=True)
class Segment:
    """A cleaned paragraph-like unit of a document (a paragraph, a heading, a table row,
    a footnote, a reader comment).

    ``offsets[i]`` is the index in ``Document.text`` of the character that produced
    ``text[i]``. A character the cleaner inserted (the space that replaces an unwrapped line
    break) maps to the original character it replaces. So ``Document.text[offsets[0]:
    offsets[-1] + 1]`` is the exact original span of the segment.
    """

    kind: str
    text: str
    offsets: tuple[int, ...]
    footnote: int | None = None  # the footnote's own number, when kind == "footnote"
    refs: tuple[int, ...] = ()  # footnote numbers whose markers were detached from this text
    # where each marker of ``refs`` was cut: the index in ``text`` of the character that now
    # follows the cut (right after "diplomatique." for "diplomatique.42"); parallel to ``refs``
    ref_at: tuple[int, ...] = ()


@dataclass(frozen=True)
class CleanDocument:
    source: str
    title: str
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Passage:
    """A retrievable unit: a few sentences of one kind from one document."""

    id: str  # "<source>#<n>", n counting passages of that source from 0; stable for a text
    source: str
    title: str
    kind: str
    text: str  # cleaned text
    char_start: int  # span in the original text (Document.text), end exclusive
    char_end: int
    line_start: int  # 1-based, inclusive, in the original text
    line_end: int
    sentences: tuple[tuple[int, int], ...] = ()  # sentence spans within ``text``
    footnotes: tuple[int, ...] = ()  # body: footnotes it cites; footnote: its own number
    # 1-based original line range of each sentence (parallel to ``sentences``), so an answer
    # sentence can be cited to its own lines without keeping a per-character offset map.
    sentence_lines: tuple[tuple[int, int], ...] = ()
    # (footnote number, position in ``text`` where its marker was cut), in text order, so an
    # answer sentence can name the notes it cites itself. Empty for footnote passages.
    footnote_at: tuple[tuple[int, int], ...] = ()
    # Where the passage starts in the original (Document.places): the 1-based physical page and
    # its printed label (PDF), the section (EPUB chapter, heading); None when unknown. Line
    # numbers count in ``line_unit`` ("line": within the page for a PDF, else in the text).
    page: int | None = None
    page_label: str | None = None
    section: str | None = None
    line_unit: str = "line"
    # (page, printed label or "") of each sentence, parallel to ``sentences``, when the passage
    # has pages: a paragraph that runs onto the next page cites each sentence to its own page.
    sentence_pages: tuple[tuple[int, str], ...] = ()

    def sentence_page(self, i: int) -> tuple[int | None, str | None]:
        """(page, page label) of sentence ``i``, or the passage's own when not known."""
        if 0 <= i < len(self.sentence_pages):
            page, label = self.sentence_pages[i]
            return page, label or None
        return self.page, self.page_label

    def sentence_spans(self) -> tuple[tuple[int, int], ...]:
        """The sentence spans, or the whole text as one when the passage has none: the units
        that are analysed, scored and cited one by one."""
        return self.sentences or ((0, len(self.text)),)

    def sentence_notes(self) -> dict[int, tuple[int, ...]]:
        """Footnote numbers cited by each sentence (by sentence index), from ``footnote_at``:
        a marker belongs to the sentence it directly follows."""
        out: dict[int, tuple[int, ...]] = {}
        spans = self.sentence_spans()
        for number, pos in self.footnote_at:
            for i, (s, e) in enumerate(spans):
                if s < pos <= e + 1:
                    out[i] = out.get(i, ()) + (number,)
                    break
        return out

    def to_json(self) -> dict:
        d = asdict(self)
        d["sentences"] = [list(s) for s in self.sentences]
        d["footnotes"] = list(self.footnotes)
        d["sentence_lines"] = [list(s) for s in self.sentence_lines]
        d["footnote_at"] = [list(f) for f in self.footnote_at]
        d["sentence_pages"] = [list(f) for f in self.sentence_pages]
        return d

    @classmethod
    def from_json(cls, d: dict) -> "Passage":
        return cls(
            **{
                **d,
                "sentences": tuple(tuple(s) for s in d.get("sentences", ())),
                "footnotes": tuple(d.get("footnotes", ())),
                "sentence_lines": tuple(tuple(s) for s in d.get("sentence_lines", ())),
                "footnote_at": tuple(tuple(f) for f in d.get("footnote_at", ())),
                "sentence_pages": tuple(tuple(f) for f in d.get("sentence_pages", ())),
            }
        )


@dataclass
class Hit:
    """One ranked passage for a query, with each signal's score for ``--explain``."""

    rank: int
    passage: Passage
    score: float  # fused score in [0, 1] (min-max; the re-ranked first 20 rescaled onto their fused range)
    bm25: float = 0.0
    tfidf: float = 0.0
    bm25_rank: int | None = None
    tfidf_rank: int | None = None

    def to_json(self, *, explain: bool = False) -> dict:
        p = self.passage
        d = {
            "rank": self.rank,
            "passage_id": p.id,
            "source": p.source,
            "title": p.title,
            "kind": p.kind,
            "line_start": p.line_start,
            "line_end": p.line_end,
            "line_unit": p.line_unit,
            "page": p.page,
            "page_label": p.page_label,
            "section": p.section,
            "char_start": p.char_start,
            "char_end": p.char_end,
            "score": round(float(self.score), 6),
            "text": p.text,
        }
        if explain:
            d["signals"] = {
                "bm25": round(float(self.bm25), 6),
                "tfidf": round(float(self.tfidf), 6),
                "bm25_rank": self.bm25_rank,
                "tfidf_rank": self.tfidf_rank,
            }
        return d


class RowHit(Hit):
    """A Hit whose passage is decoded by ``load()`` on first use and then kept: a search ranks
    and scores its hits without decoding the passages of those nobody reads (a caller that
    wants ranks and scores, or the first hit, pays for nothing else). Otherwise a Hit."""

    def __init__(self, load: Callable[[], Passage] | None = None, **fields) -> None:
        self._load = load
        self._passage: Passage | None = None
        fields.setdefault("passage", None)  # given by dataclasses.replace: already decoded
        super().__init__(**fields)

    @classmethod
    def of(
        cls, load: Callable[[], Passage], rank: int, score: float, bm25: float, tfidf: float,
        bm25_rank: int | None, tfidf_rank: int | None,
    ) -> "RowHit":
        """A hit as ``RowHit(load, rank=..., ...)`` makes it, its fields set directly: a search
        makes ten or more (the dataclass ``__init__`` through keywords cost ~4 us each)."""
        hit = cls.__new__(cls)
        hit.__dict__.update(
            _load=load, _passage=None, rank=rank, score=score, bm25=bm25, tfidf=tfidf,
            bm25_rank=bm25_rank, tfidf_rank=tfidf_rank,
        )
        return hit

    @property
    def passage(self) -> Passage:
        if self._passage is None:
            self._passage = self._load()
        return self._passage

    @passage.setter
    def passage(self, value: Passage | None) -> None:
        self._passage = value


@dataclass
class Answer:
    text: str  # the answering sentence(s), cleaned
    passage_id: str
    source: str
    line_start: int  # lines of the answering sentence(s) in the original text
    line_end: int
    score: float
    span: tuple[int, int] | None = None  # key span within ``text``, highlighted on a terminal
    char_start: int = 0
    char_end: int = 0
    page: int | None = None  # the page of the answering sentence(s) (PDF), and its printed label
    page_label: str | None = None
    section: str | None = None
    line_unit: str = "line"
    confidence: float | None = None  # calibrated P(the answer is right), askmali.confidence
    # The passage the answer was taken from (for rendering its context and its document's
    # title); not part of the JSON contract, where passages are listed under "passages".
    passage: Passage | None = field(default=None, repr=False, compare=False)

    def to_json(self) -> dict:
        return {
            "text": self.text,
            "passage_id": self.passage_id,
            "source": self.source,
            "line_start": self.line_start,
            "line_end": self.line_end,
            "line_unit": self.line_unit,
            "page": self.page,
            "page_label": self.page_label,
            "section": self.section,
            "score": round(float(self.score), 6),
            "span": self.span_json(),
            "confidence": self.confidence,
        }

    def span_json(self) -> dict | None:
        """The key span as ``{"text", "char_start", "char_end"}`` (offsets in ``text``), or None."""
        if self.span is None:
            return None
        s, e = self.span
        return {"text": self.text[s:e], "char_start": s, "char_end": e}


@dataclass
class Result:
    """What ``ask`` returns for one question. ``to_json`` is the public contract (schema 1)."""

    question: str
    answer: Answer | None
    hits: list[Hit] = field(default_factory=list)
    other_sources: list[Answer] = field(default_factory=list)  # other documents that answer
    question_type: str = "other"
    # the confidence of the answer that the asker's bar (``min_confidence``) withheld; None when
    # the answer is given or the engine refused on its own
    withheld: float | None = None

    @property
    def abstained(self) -> bool:
        return self.answer is None

    def to_json(self) -> dict:
        return {
            "schema": SCHEMA_VERSION,
            "question": self.question,
            "abstained": self.abstained,
            "answer": self.answer.to_json() if self.answer else None,
            "passages": [h.to_json() for h in self.hits],
            "other_sources": [a.to_json() for a in self.other_sources],
            **({"withheld_confidence": self.withheld} if self.withheld is not None else {}),
        }
