"""Chunking: cleaned Segments -> retrievable Passages aligned on sentences.

A passage is about a paragraph: one body paragraph, split at sentence boundaries when it is
longer than ``max_words``, or several consecutive very short paragraphs merged. A heading is
prefixed to the passage that follows it (a query often names the section), the document title
is a passage of its own, each footnote is a passage, table rows are grouped, comments stay
comments. Kinds are never mixed, except a heading in front of its body or table.

Pieces of a passage are joined with a newline, which the sentence splitter treats as a
boundary. Each passage knows its exact original span, its lines and each sentence's lines, all
taken from the segment offsets, so an answer can be cited without the original text, and where
in its text each footnote marker was cut (``footnote_at``), so a sentence names its own notes.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from .analysis import ANAPHORS
from .models import CleanDocument, Document, Passage, Place, Segment
from .sentences import SentenceSplitter

SHORT_WORDS = 40  # body paragraphs shorter than this may be merged with their neighbours
DISPLAYED_WORDS = 15  # a paragraph this short, under one ending on a colon, is what that one announces
# the opening of a paragraph that says what the short line above it is ("Ce fichier décrit ..."):
# an anaphor, capitalised
_ANAPHOR = re.compile(r"(?:%s)\b" % "|".join(sorted(re.escape(w.capitalize()) for w in ANAPHORS)))
_NEWLINE = re.compile("\n")


@dataclass(frozen=True)
class Piece:
    """``segments[segment].text[start:end]``: one contiguous part of a passage."""

    segment: int
    start: int
    end: int


@dataclass
class PassagePlan:
    """What a passage is made of, before its text and positions are computed."""

    kind: str
    pieces: list[Piece] = field(default_factory=list)
    footnotes: tuple[int, ...] = ()


def chunk(
    clean_doc: CleanDocument,
    doc: Document,
    splitter: SentenceSplitter,
    *,
    target_words: int = 120,
    max_words: int = 200,
) -> list[Passage]:
    """Passages of one document in document order, ids ``"<source>#<n>"`` from 0."""
    planner = _Planner(clean_doc, splitter, target_words, max_words)
    plans = planner.plan()
    return _Builder(clean_doc, doc, planner.spans).build(plans)


def plan(
    clean_doc: CleanDocument,
    splitter: SentenceSplitter,
    *,
    target_words: int = 120,
    max_words: int = 200,
) -> list[PassagePlan]:
    """The pieces of each passage ``chunk`` would make (used to check coverage)."""
    return _Planner(clean_doc, splitter, target_words, max_words).plan()


class _Planner:
    def __init__(
        self, clean_doc: CleanDocument, splitter: SentenceSplitter, target: int, maximum: int
    ) -> None:
        self.segs = clean_doc.segments
        self.title = clean_doc.title
        self.splitter = splitter
        self.target = max(1, target)
        self.max = max(self.target, maximum)
        self.words = [len(s.text.split()) for s in self.segs]
        self._spans: dict[int, list[tuple[int, int]]] = {}

    def spans(self, i: int) -> list[tuple[int, int]]:
        """Sentence spans of segment ``i`` (computed once)."""
        got = self._spans.get(i)
        if got is None:
            got = self._spans[i] = self.splitter.spans(self.segs[i].text)
        return got

    def plan(self) -> list[PassagePlan]:
        segs, out = self.segs, []
        headings: list[int] = []
        i = 0
        while i < len(segs):
            kind = segs[i].kind
            if kind == "title":
                if i == 0 and segs[0].text == self.title:
                    out.append(self._whole("title", [0]))
                else:
                    headings.append(i)
                i += 1
                continue
            prefix: list[int] = []
            if headings and kind in ("body", "table"):
                prefix, headings = headings, []
            elif headings:
                out.append(self._whole("title", headings))
                headings = []
            j = i + 1
            if kind == "table":
                while j < len(segs) and segs[j].kind == "table":
                    j += 1
                out.extend(self._group(prefix, list(range(i, j))))
            elif self.words[i] > self.max:
                out.extend(self._split(prefix, i))
            elif kind == "footnote":
                out.append(self._whole(kind, prefix + [i]))
            else:  # body or comment: merge a run of very short paragraphs
                total = self.words[i]
                while (
                    total < SHORT_WORDS
                    and j < len(segs)
                    and segs[j].kind == kind
                    and self.words[j] < SHORT_WORDS
                    and segs[j].offsets[0] > segs[j - 1].offsets[-1]  # in document order only
                    and total + self.words[j] <= self.target
                ):
                    total += self.words[j]
                    j += 1
                j, total = self._displayed(j, kind, total)
                out.append(self._whole(kind, prefix + list(range(i, j))))
            i = j
        if headings:
            out.append(self._whole("title", headings))
        return out

    def _displayed(self, j: int, kind: str, total: int) -> tuple[int, int]:
        """Past the paragraphs that go with ``segs[j - 1]``, while the passage stays under ``max``
        words: a short one set apart under it when it ends on a colon (a command, a formula: "La
        commande :" over "\\tableofcontents"); then the paragraph after a short line set apart
        when it goes on with the same sentence in lower case ("imprime la table des matières
        ...") or says what that line is, opening on a pronoun or a demonstrative (a definition
        list's term, "gentoo_0.9.12-1_i386.changes", then "Ce fichier décrit ...")."""
        segs = self.segs

        def joins(k: int) -> bool:
            return (k < len(segs) and segs[k].kind == kind and segs[k].offsets[0] > segs[k - 1].offsets[-1]
                    and total + self.words[k] <= self.max)

        if joins(j) and segs[j - 1].text.rstrip().endswith(":") and self.words[j] <= DISPLAYED_WORDS:
            total += self.words[j]
            j += 1
        line = segs[j - 1].text.strip()
        if (joins(j) and self.words[j - 1] <= DISPLAYED_WORDS and line[-1:] not in ".!?:;"
                and (segs[j].text[:1].islower() or _ANAPHOR.match(segs[j].text))):
            total += self.words[j]
            j += 1
        return j, total

    def _whole(self, kind: str, idx: list[int]) -> PassagePlan:
        pieces = [Piece(i, 0, len(self.segs[i].text)) for i in idx]
        return PassagePlan(kind, pieces, self._footnotes(kind, idx))

    def _footnotes(self, kind: str, idx: list[int]) -> tuple[int, ...]:
        if kind == "footnote":
            return tuple(n for i in idx if (n := self.segs[i].footnote) is not None)
        refs: list[int] = []
        for i in idx:
            refs.extend(r for r in self.segs[i].refs if r not in refs)
        return tuple(refs)

    def _group(self, prefix: list[int], rows: list[int]) -> list[PassagePlan]:
        """Table rows in groups of at most ``max_words`` words (a long row stands alone)."""
        groups: list[list[int]] = [[]]
        total = 0
        for r in rows:
            if groups[-1] and total + self.words[r] > self.max:
                groups.append([])
                total = 0
            groups[-1].append(r)
            total += self.words[r]
        plans = [self._whole("table", g) for g in groups]
        plans[0].pieces[:0] = [Piece(h, 0, len(self.segs[h].text)) for h in prefix]
        return plans

    def _split(self, prefix: list[int], i: int) -> list[PassagePlan]:
        """A long segment cut at sentence boundaries into pieces of about ``target`` words."""
        seg = self.segs[i]
        cuts = _sentence_groups(seg.text, self.spans(i), self.target, self.max)
        footnotes = self._footnotes(seg.kind, [i])
        plans = [PassagePlan(seg.kind, [Piece(i, a, b)], footnotes) for a, b in cuts]
        plans[0].pieces[:0] = [Piece(h, 0, len(self.segs[h].text)) for h in prefix]
        return plans


def _sentence_groups(
    text: str, spans: list[tuple[int, int]], target: int, maximum: int
) -> list[tuple[int, int]]:
    units: list[tuple[int, int, int]] = []  # (start, end, words)
    for a, b in spans:
        n = len(text[a:b].split())
        if n <= maximum:
            units.append((a, b, n))
        else:  # a run-on "sentence": cut it every ``target`` words
            words = list(re.finditer(r"\S+", text[a:b]))
            for k in range(0, len(words), target):
                part = words[k : k + target]
                units.append((a + part[0].start(), a + part[-1].end(), len(part)))
    groups: list[list[int]] = []  # [start, end, words]
    for a, b, n in units:
        if groups and groups[-1][2] < target and groups[-1][2] + n <= maximum:
            groups[-1][1], groups[-1][2] = b, groups[-1][2] + n
        else:
            groups.append([a, b, n])
    if len(groups) > 1 and groups[-1][2] < target // 3 and groups[-2][2] + groups[-1][2] <= maximum:
        last = groups.pop()
        groups[-1][1], groups[-1][2] = last[1], groups[-1][2] + last[2]
    return [(g[0], g[1]) for g in groups]


class _Builder:
    """Turns plans into Passages: text, sentence spans, original span and line numbers."""

    def __init__(
        self,
        clean_doc: CleanDocument,
        doc: Document,
        spans: Callable[[int], list[tuple[int, int]]],
    ) -> None:
        self.segs: tuple[Segment, ...] = clean_doc.segments
        self.source = clean_doc.source
        self.title = clean_doc.title or doc.title
        self.text = doc.text
        self.spans = spans
        self.newlines = [m.start() for m in _NEWLINE.finditer(doc.text)]
        self.places = doc.places
        self.place_starts = [p.start for p in doc.places]
        self.paged = any(p.page is not None for p in doc.places)
        self.line_unit = doc.line_unit

    def place(self, pos: int) -> Place | None:
        """The place ``pos`` lies in (the last starting at or before it), if any."""
        k = bisect.bisect_right(self.place_starts, pos) - 1
        return self.places[k] if k >= 0 else None

    def line(self, pos: int) -> int:
        """The 1-based line of ``pos``: in the text, or from its place (within the page of a
        PDF), each newline after the place's start adding one."""
        n = bisect.bisect_left(self.newlines, pos)
        place = self.place(pos)
        if place is None:
            return n + 1
        return place.line + n - bisect.bisect_left(self.newlines, place.start)

    def build(self, plans: list[PassagePlan]) -> list[Passage]:
        return [self._passage(n, p) for n, p in enumerate(plans)]

    def _passage(self, n: int, plan: PassagePlan) -> Passage:
        texts: list[str] = []
        sentences: list[tuple[int, int]] = []
        sentence_lines: list[tuple[int, int]] = []
        footnote_at: list[tuple[int, int]] = []
        sentence_starts: list[int] = []
        starts: list[int] = []
        ends: list[int] = []
        pos = 0
        for piece in plan.pieces:
            seg = self.segs[piece.segment]
            offs = seg.offsets
            if texts:
                pos += 1  # the "\n" joiner
            for a, b in self.spans(piece.segment):
                a, b = max(a, piece.start), min(b, piece.end)
                if a < b:
                    sentences.append((pos + a - piece.start, pos + b - piece.start))
                    sentence_lines.append((self.line(offs[a]), self.line(offs[b - 1])))
                    sentence_starts.append(offs[a])
            for ref, at in zip(seg.refs, seg.ref_at):
                # a marker belongs to the piece holding the character it was glued to
                if piece.start < at <= piece.end or at == piece.start == 0:
                    footnote_at.append((ref, pos + at - piece.start))
            texts.append(seg.text[piece.start : piece.end])
            pos += piece.end - piece.start
            starts.append(offs[piece.start])
            ends.append(offs[piece.end - 1] + 1)
        char_start, char_end = min(starts), max(ends)
        while char_end < len(self.text) and unicodedata.combining(self.text[char_end]):
            char_end += 1  # an NFC composition maps to its first character
        where = self.place(char_start) or Place(0)
        pages: tuple[tuple[int, str], ...] = ()
        if self.paged:
            at = [self.place(a) or where for a in sentence_starts]
            pages = tuple((pl.page or 0, pl.page_label or "") for pl in at)
        return Passage(
            id=f"{self.source}#{n}",
            source=self.source,
            title=self.title,
            kind=plan.kind,
            text="\n".join(texts),
            char_start=char_start,
            char_end=char_end,
            line_start=self.line(char_start),
            line_end=self.line(char_end - 1),
            sentences=tuple(sentences),
            footnotes=plan.footnotes,
            sentence_lines=tuple(sentence_lines),
            footnote_at=tuple(footnote_at),
            page=where.page,
            page_label=where.page_label,
            section=where.section,
            line_unit=self.line_unit,
            sentence_pages=pages,
        )
