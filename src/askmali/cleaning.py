"""Cleaning: a Document's original text -> paragraph-like Segments with exact offsets.

Every cleaned character keeps the index of the original character that produced it, so a
passage (and an answer) can always be cited by its original lines. Characters are only ever
kept, replaced one for one (typographic apostrophes -> ``'``, exotic spaces -> ``' '``, an NFC
composition -> the sequence's first character), dropped, or inserted as a joiner standing for
the original character it replaces (the space for an unwrapped line break, the `` — `` for a
table's ``|``). See ``models.Segment``.

Two layouts are recognised per document:
- *line* layout (web articles, JSONL records): each non-blank line is a paragraph or heading;
- *wrapped* layout (text extracted from a PDF): lines of similar width are unwrapped into
  paragraphs, hyphenated line breaks rejoined, running page headers dropped, and the numbered
  footnote blocks at page bottoms separated from the body. Footnotes and their markers both
  count 1, 2, 3 ... through the document: only the expected next number starts a footnote or
  is taken as a marker, which tells footnote "23 Lors du renouvellement" from a line
  "23 août 2021" and the marker in "Paris.10" from "G5 Sahel" or "N°185".
In both, reader comments (from "9 réflexions au sujet de …", "Leave a Reply", "Commentaires" to
the end) are kind "comment", and ``|`` tables become one "table" segment per row.

A document a structured reader laid out (HTML, DOCX, ODT, EPUB: ``LAID_OUT``) is always in line
layout. Its footnotes are lines ``[^N]: text`` and their calls ``[^N]`` (Markdown's syntax, in
any line-layout text), and its reader comments start where the reader put a Place whose
section is ``COMMENTS`` (see ``readers.layout``).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter

from .models import CleanDocument, Document, Segment

_SPACES = "\u00a0\u202f\u2009\u2007\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u200a\u205f\u3000\u1680\u0085\u2028\u2029"
_TRANSLATE = {ord(c): "'" for c in "\u2019\u2018\u02bc"}
_TRANSLATE.update({ord(c): " " for c in _SPACES})
_TRANSLATE.update({i: " " for i in range(32) if i != 10})
_TRANSLATE[0x7F] = " "
_DROP = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_TO_TRANSLATE = re.compile("[" + re.escape("".join(map(chr, _TRANSLATE))) + "]")
_SLOW = re.compile(f"[{_DROP}]")
_MULTISPACE = re.compile(" {2,}")

LAID_OUT = frozenset({"html", "docx", "odt", "epub"})  # readers that give one paragraph a line
COMMENTS = "comments"  # the Place.section where a reader's comment section starts
_NOTE_LINE = re.compile(r"\[\^(\d{1,4})\]:\s*")
_NOTE_CALL = re.compile(r"\[\^(\d{1,4})\]")

_TERMINAL = re.compile(r"[.!?…:»”\"]\d{0,3}$")
_FOOTNOTE_START = re.compile(r"(\d{1,3})(?:\s+|$)")
_TRAILING_PAGE = re.compile(r"(?i)[\s,–-]*(?:page|p\.)\s*\d{1,4}\s*$")
_PAGE_NUMBER = re.compile(r"(?i)(?:page\s+)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:/|sur|of)\s*\d{1,4})?")
_CELL_SEP = " — "  # between a table row's cells
_TABLE_RULE = re.compile(r"[\s|:\-–—+=]+")
_NUMBERING = re.compile(r"(?:[IVXLCDM]+|\d{1,3}(?:\.\d{1,3}){0,4}|[A-Z])[.)]\s")
_WORDS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_HYPHEN_BREAK = re.compile(r"(?<=[^\W\d_])-[ \t]*\n\s*(?=[^\W\d_])")
_LEFT_WORD = re.compile(r"((?:[^\W\d_]+-)*)([^\W\d_]+)-$")
_RIGHT_WORD = re.compile(r"[^\W\d_]+")

_COMMENT_START = re.compile(
    r"""(?ix)(?:
      \d+\s+(?:réflexions?|commentaires?|réactions?|réponses?|comments?|responses?|replies|thoughts?)
        (?:\s+(?:au\ sujet\ de|sur|à|pour|on|to)\b.*)?
    | (?:une?|one)\s+(?:réflexion|commentaire|réaction|réponse|comment|response|reply|thought)
        (?:\s+(?:au\ sujet\ de|sur|à|pour|on|to)\b.*)?
    | (?:commentaires?|(?:laisser|laissez|ajouter|poster|écrire)\ un\ commentaire|réagir
      |vos\ (?:réactions|commentaires)|leave\ a\ (?:reply|comment)|comments?|répondre)\s*[:.!]?
    )"""
)
_BOILERPLATE = re.compile(
    r"""(?ix)(?:répondre|reply|leave\ a\ (?:reply|comment)|(?:laisser|laissez)\ un\ commentaire
    |commentaires?|comments?|annuler\ la\ réponse|cancel\ reply|signaler|partager|j'aime|like
    |your\ email\ address\ will\ not\ be\ published.*|required\ fields\ are\ marked.*
    |votre\ adresse\ (?:e-?mail|de\ messagerie|email)\ ne\ sera\ pas\ publiée.*
    |les\ champs\ obligatoires\ sont\ indiqués.*)\W*"""
)

# A hyphen at a line break is kept when the left part is one of these and the right part is a
# word of the document ("sous-|région", "ouest-|africains"), or when the right part is one of
# _KEEP_RIGHT ("vis-|à-vis", "au-|delà", "peut-|être"); otherwise the word is rejoined.
_KEEP_LEFT = frozenset(
    "anti néo ex vice sous post pro ouest nord sud est centre après avant arrière demi semi mi "
    "non quasi extra ultra contre sans grand grande haut bas porte franco russo anglo italo "
    "germano sino afro américano arabo turco gréco judéo".split()
)
_KEEP_RIGHT = frozenset(
    "là ci delà dessus dessous à être dire même mêmes t il ils elle elles on ce y moi toi lui "
    "eux nous vous unes uns".split()
)
_GENERIC_HEADINGS = frozenset(
    "introduction conclusion sommaire résumé synthèse avant-propos préambule annexe annexes".split()
)


def clean(doc: Document) -> CleanDocument:
    """Split ``doc.text`` into cleaned, typed Segments in document order (see module doc)."""
    return _Cleaner(doc).run()


def normalise(raw: str, base: int) -> tuple[str, list[int]]:
    """Normalise one line-free piece of text, returning it with each character's offset.

    ``base`` is the offset of ``raw[0]`` in the original text. One-for-one replacements keep
    offsets as they are; only a character to drop or a text that is not NFC takes the slow
    path, character by character.
    """
    s = raw
    # str.translate looks every character up in a dict (slow); replace only what is there.
    for ch in set(_TO_TRANSLATE.findall(raw)):
        s = s.replace(ch, _TRANSLATE[ord(ch)])
    if (s.isascii() or unicodedata.is_normalized("NFC", s)) and not _SLOW.search(s):
        return s, list(range(base, base + len(s)))
    chars: list[str] = []
    offs: list[int] = []
    i, n = 0, len(s)
    while i < n:
        if s[i] in _DROP:
            i += 1
            continue
        j = i + 1
        while j < n and unicodedata.combining(s[j]) and s[j] not in _DROP:
            j += 1
        composed = unicodedata.normalize("NFC", s[i:j])
        for k, ch in enumerate(composed):
            chars.append(ch)
            offs.append(base + min(i + k, j - 1))
        i = j
    return "".join(chars), offs


class _Hyphens:
    """Decides whether a hyphen at a line break is a break (rejoin) or a compound's hyphen."""

    def __init__(self, text: str, marked: bool = False) -> None:
        self.text = text
        # ``marked``: every hyphen at a line end is one the typesetter set there (a PDF reader's
        # mark), so a capitalised or chained word may be a cut word too ("IN-|TERNES")
        self.marked = marked
        self._counts: Counter[str] | None = None

    def keep(self, left_text: str, right_text: str) -> bool:
        m = _LEFT_WORD.search(left_text[-80:])
        r = _RIGHT_WORD.match(right_text)
        if not m or not r:
            return True  # "Covid-|19"
        whole, left, right = m.group().lower(), m.group(2).lower(), r.group().lower()
        counts = self._lexicon()
        upper = r.group()[0].isupper()
        if upper and not self.marked:
            return True  # "Bamako-|Conakry"
        if counts[left + right] >= 2:  # the joined word occurs elsewhere too
            return False
        if upper:
            return True  # "Bamako-|Conakry" (but "IN-|TERNES" when "internes" occurs elsewhere)
        if counts[whole + right] or counts[f"{left}-{right}"] or right in _KEEP_RIGHT:
            return True  # "vis-à-|vis" (whole = "vis-à-"), "sous-|région" seen elsewhere
        if self.marked and (m.group(1) or (min(len(left), len(right)) > 2 and min(counts[left], counts[right]) >= 2)):
            # a link of a compound already ("fonts-crosextra-|carlito"), or two words of the
            # document, never seen joined ("apt-|file", "visual-|mode")
            return True
        return left in _KEEP_LEFT and counts[right] > 0

    def _lexicon(self) -> Counter[str]:
        if self._counts is None:
            joined = _HYPHEN_BREAK.sub("", self.text).casefold().translate(_TRANSLATE)
            counts: Counter[str] = Counter()
            for w in _WORDS.findall(joined):
                counts[w] += 1
                if "-" in w:
                    counts.update(w.split("-"))
            self._counts = counts
        return self._counts


class _Para:
    """A paragraph being collected: the stripped original spans of its lines."""

    __slots__ = ("kind", "lines", "footnote")

    def __init__(self, kind: str, footnote: int | None = None) -> None:
        self.kind = kind
        self.lines: list[tuple[int, int, int]] = []  # (start, end, index of the newline after)
        self.footnote = footnote


class _Cleaner:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = text = doc.text
        starts, ends = [0], []
        for m in re.finditer("\n", text):
            ends.append(m.start())
            starts.append(m.end())
        ends.append(len(text))
        self.nl = ends
        self.cs: list[int] = []  # content (stripped) start and end of each line
        self.ce: list[int] = []
        self.content: list[str] = []
        self.indent: list[int] = []
        self.spacey: list[bool] = []  # whitespace-only but not empty: a PDF page-break marker
        for s, e in zip(starts, ends):
            raw = text[s:e]
            stripped = raw.strip()
            lead = len(raw) - len(raw.lstrip())
            self.cs.append(s + lead)
            self.ce.append(s + lead + len(stripped))
            self.content.append(stripped)
            self.indent.append(lead if stripped else 0)
            self.spacey.append(not stripped and bool(raw.strip("\r")))
        self.n = len(self.content)
        self.hyphens = _Hyphens(text, marked=bool(doc.blocks))
        self.paras: list[_Para] = []
        self.footnotes: dict[int, _Para] = {}
        self.written_notes = False  # footnotes written "[^N]: text" (their calls "[^N]")
        self.header_title: tuple[int, int] | None = None
        self.header_series: tuple[int, int] | None = None  # "Briefing ... N°185, 9 février 2023"

    # -- driver -------------------------------------------------------------------------------

    def run(self) -> CleanDocument:
        if self.doc.blocks:
            return self._from_blocks()
        end = self._comment_start()
        table = self._table_lines(end)
        if self.n > 1 and self.doc.fmt not in LAID_OUT and self._is_wrapped(end, table):
            header = self._running_headers(end)
            self._wrapped(end, table, header)
        else:
            self._line_layout(end, table)
        self._comments(end)
        segments = self._segments()
        title = self.doc.title
        if self.header_title is not None:
            segments.insert(0, self._header_segment("title", self.header_title))
            title = title or segments[0].text
            if self.header_series is not None:  # the publication line the header repeats
                segments.insert(1, self._header_segment("body", self.header_series))
        elif not title and segments and segments[0].kind == "title":
            if segments[0].text.lower() not in _GENERIC_HEADINGS:
                title = segments[0].text
        return CleanDocument(source=self.doc.source, title=title, segments=tuple(segments))

    def _from_blocks(self) -> CleanDocument:
        """Segments of the paragraphs a reader delimited (``Document.blocks``): each block's lines
        joined as in a wrapped text (a hyphen at a line end rejoined when the word is one), and
        its footnote calls cut and linked. Reader comments start at a paragraph of its own that
        announces them ("9 réflexions au sujet de …"), past the first 30 % of the text."""
        out: list[Segment] = []
        floor = 0.3 * len(self.text)
        comments = False
        for block in self.doc.blocks:
            if block.kind == "table":
                text, offs = self._cells_row(block.lines, block.cells)
            else:
                text, offs = self._assemble([(s, e, e) for s, e in block.lines])
            refs: list[int] = []
            ref_at: list[int] = []
            if block.marks and text:
                text, offs = _cut_marks(text, offs, block.marks, refs, ref_at)
            if not any(ch.isalnum() for ch in text):
                continue  # a stray mark of a figure or formula (".", "✻"): nothing to ask about
            kind = block.kind
            if kind != "footnote" and not comments and block.lines[0][0] >= floor and len(text) < 200:
                comments = bool(_COMMENT_START.fullmatch(text))
            if comments and kind != "footnote":
                if _BOILERPLATE.fullmatch(text):
                    continue
                kind = "comment"
            out.append(Segment(kind, text, tuple(offs), footnote=block.footnote, refs=tuple(refs), ref_at=tuple(ref_at)))
        title = self.doc.title
        if not title and out and out[0].kind == "title" and out[0].text.lower() not in _GENERIC_HEADINGS:
            title = out[0].text
        return CleanDocument(source=self.doc.source, title=title, segments=tuple(out))

    def _header_segment(self, kind: str, span: tuple[int, int]) -> Segment:
        """A segment of one running-header line's text (``span`` in the original)."""
        s, e = span
        text, offs = normalise(self.text[s:e], s)
        text, offs = _tidy(text, offs)
        return Segment(kind, text, tuple(offs))

    # -- layout detection ---------------------------------------------------------------------

    def _comment_start(self) -> int:
        """Index of the first line of the reader-comment section, or ``self.n``."""
        marked = [p.start for p in self.doc.places if p.section == COMMENTS]
        if marked:  # a reader knows where they start
            return bisect.bisect_right(self.cs, marked[0] - 1) if marked[0] < len(self.text) else self.n
        floor = 0.3 * len(self.text)
        for i in range(self.n):
            c = self.content[i]
            if c and len(c) < 200 and self.cs[i] >= floor and _COMMENT_START.fullmatch(c):
                return i
        return self.n

    def _table_lines(self, end: int) -> list[bool]:
        flags = [c.count("|") >= 2 for c in self.content[:end]]
        out = [False] * end
        i = 0
        while i < end:
            if flags[i]:
                j = i
                while j < end and flags[j]:
                    j += 1
                if j - i >= 2:  # one line with pipes is prose, two or more are a table
                    out[i:j] = [True] * (j - i)
                i = j
            else:
                i += 1
        return out

    def _is_wrapped(self, end: int, table: list[bool]) -> bool:
        lengths = [len(c) for c, t in zip(self.content[:end], table) if c and not t]
        if len(lengths) < 8:
            return False
        lengths.sort()
        self.width = width = lengths[int(0.9 * (len(lengths) - 1))]
        if lengths[int(0.8 * (len(lengths) - 1))] > 130:
            return False
        full = [
            c for c, t in zip(self.content[:end], table) if not t and len(c) >= max(40, 0.6 * width)
        ]
        open_ended = sum(1 for c in full if not _TERMINAL.search(c))
        return len(full) >= 0.5 * len(lengths) and open_ended >= 0.5 * len(full)

    def _running_headers(self, end: int) -> list[bool]:
        """Lines repeated on several pages (digits aside) between blank lines, page numbers."""
        keys = [re.sub(r"\d+", "#", c) if 15 <= len(c) <= 150 else "" for c in self.content[:end]]
        counts = Counter(k for k in keys if k)
        out = [False] * end
        title_line = -1
        for i in range(end):
            c = self.content[i]
            if not c:
                continue
            repeated = keys[i] and counts[keys[i]] >= 2
            if not (repeated or _PAGE_NUMBER.fullmatch(c)):
                continue
            before = i == 0 or not self.content[i - 1] or out[i - 1]
            after = i + 1 >= end or not self.content[i + 1] or (
                keys[i + 1] and counts[keys[i + 1]] >= 2
            )
            if before and after:
                out[i] = True
                if repeated and self.header_title is None and not any(ch.isdigit() for ch in c):
                    if len(c.split()) <= 15:
                        self.header_title = (self.cs[i], self.ce[i])
                        title_line = i
                elif repeated and self.header_series is None and self.header_title is not None:
                    # the line under the header's first title names the publication and its
                    # date ("Briefing ... N°185, 9 février 2023 Page 2"): kept once, page cut
                    above = i - 1
                    while above >= 0 and not self.content[above]:
                        above -= 1
                    m = _TRAILING_PAGE.search(c)
                    kept = c[: m.start()] if m else c
                    if above == title_line and 3 <= len(kept.split()) <= 20 and any(ch.isdigit() for ch in kept):
                        self.header_series = (self.cs[i], self.cs[i] + len(kept))
        return out

    # -- line layout --------------------------------------------------------------------------

    def _line_layout(self, end: int, table: list[bool]) -> None:
        for i in range(end):
            if self.content[i]:
                note = _NOTE_LINE.match(self.content[i])
                if note:  # "[^3]: text", a footnote a reader wrote out
                    self.written_notes = True
                    p = _Para("footnote", int(note.group(1)))
                    self.footnotes.setdefault(p.footnote, p)
                    p.lines.append((self.cs[i] + note.end(), self.ce[i], self.nl[i]))
                else:
                    p = _Para("table" if table[i] else "body")
                    p.lines.append(self._span(i))
                self.paras.append(p)

    def _span(self, i: int) -> tuple[int, int, int]:
        return self.cs[i], self.ce[i], self.nl[i]

    # -- wrapped (PDF) layout -----------------------------------------------------------------

    def _wrapped(self, end: int, table: list[bool], header: list[bool]) -> None:
        content, indent = self.content, self.indent
        short = 0.7 * self.width
        pending: _Para | None = None
        current_fn: _Para | None = None
        next_fn = 1
        in_notes = False
        resume = False
        i = 0
        while i < end:
            if not content[i] or header[i]:
                j, has_header, has_marker = i, False, False
                while j < end and (not content[j] or header[j]):
                    has_header |= header[j]
                    has_marker |= self.spacey[j]
                    j += 1
                if has_header or has_marker:  # a page break: the paragraph may go on after it
                    in_notes = False
                    if not has_header and j < end and not indent[j] and not table[j]:
                        in_notes = self._footnote_number(j) == next_fn or current_fn is not None
                    resume = True
                else:
                    in_notes, resume, pending = False, False, None
                i = j
                continue
            if table[i]:
                pending, in_notes = None, False
                self._add(_Para("table"), i)
                i += 1
                continue
            if in_notes:
                if indent[i]:
                    in_notes = False  # the body goes on (" mai 2021, organisé par ...")
                else:
                    m = _FOOTNOTE_START.match(content[i])
                    if m and int(m.group(1)) == next_fn:
                        current_fn = _Para("footnote", next_fn)
                        self.footnotes[next_fn] = current_fn
                        self.paras.append(current_fn)
                        next_fn += 1
                        if m.end() < len(content[i]):
                            current_fn.lines.append((self.cs[i] + m.end(), self.ce[i], self.nl[i]))
                        i += 1
                        continue
                    if current_fn is not None:
                        current_fn.lines.append(self._span(i))
                        i += 1
                        continue
                    in_notes = False
            if pending is not None:
                ls, le, _ = pending.lines[-1]
                last = self.text[ls:le]
                ends = _TERMINAL.search(last) is not None
                if resume:
                    if ends and (content[i][0].isupper() or content[i][0].isdigit()):
                        pending = None
                elif ends and (len(last) < short or indent[i] >= 2):
                    pending = None
            resume = False
            if pending is None:
                if self._heading_line(i, end, short):
                    self._add(_Para("body"), i)
                    i += 1
                    continue
                pending = _Para("body")
                self.paras.append(pending)
            pending.lines.append(self._span(i))
            i += 1

    def _add(self, para: _Para, i: int) -> None:
        para.lines.append(self._span(i))
        self.paras.append(para)

    def _footnote_number(self, i: int) -> int | None:
        m = _FOOTNOTE_START.match(self.content[i])
        return int(m.group(1)) if m else None

    def _heading_line(self, i: int, end: int, short: float) -> bool:
        """A short unpunctuated line at a paragraph start followed by a capitalised line."""
        c = self.content[i]
        if len(c) >= short or _TERMINAL.search(c) or c[-1] in ",;-" or not _heading_start(c):
            return False
        nxt = self.content[i + 1] if i + 1 < end else ""
        return bool(nxt) and nxt[0].isupper()

    # -- comments -----------------------------------------------------------------------------

    def _comments(self, start: int) -> None:
        para: _Para | None = None
        for i in range(start, self.n):
            c = self.content[i]
            if not c or _BOILERPLATE.fullmatch(c):
                para = None
                continue
            if para is None or self.doc.fmt in LAID_OUT:  # there, one comment a line
                para = _Para("comment")
                self.paras.append(para)
            para.lines.append(self._span(i))

    # -- building segments ----------------------------------------------------------------------

    def _segments(self) -> list[Segment]:
        out: list[Segment] = []
        next_ref, max_fn = 1, max(self.footnotes, default=0)
        for p in self.paras:
            if p.kind == "table":
                text, offs = self._table_row(p.lines[0])
            else:
                text, offs = self._assemble(p.lines)
            if not text:
                continue
            if p.kind == "footnote":
                out.append(Segment("footnote", text, tuple(offs), footnote=p.footnote))
                continue
            refs: list[int] = []
            ref_at: list[int] = []
            if "[^" in text:
                text, offs = _cut_marks(text, offs, _call_marks(text, offs), refs, ref_at)
                if not text:
                    continue
            if p.kind == "body":
                if max_fn and not self.written_notes:
                    text, offs, next_ref = _detach_markers(text, offs, next_ref, max_fn, refs, ref_at)
                    if not text:
                        continue
                kind = "title" if _is_heading(text) else "body"
            else:
                kind = p.kind
            out.append(Segment(kind, text, tuple(offs), refs=tuple(refs), ref_at=tuple(ref_at)))
        out.sort(key=lambda s: s.offsets[0])
        return out

    def _assemble(self, lines: list[tuple[int, int, int]]) -> tuple[str, list[int]]:
        parts: list[str] = []
        offs: list[int] = []
        prev_nl = -1
        for s, e, nl in lines:
            piece, o = normalise(self.text[s:e], s)
            if not piece:
                continue
            if parts:
                last = parts[-1]
                if last.endswith("-") and len(last) > 1 and last[-2].isalnum() and piece[0].isalnum():
                    # a hyphen at the line break: a cut word ("rééqui-|librer") is rejoined, a
                    # compound ("sous-|région", "2014-|2022") keeps its hyphen; no space either way
                    if last[-2].isalpha() and not self.hyphens.keep(last, piece):
                        parts[-1] = last[:-1]
                        offs.pop()
                else:
                    parts.append(" ")
                    offs.append(prev_nl)
            parts.append(piece)
            offs.extend(o)
            prev_nl = nl
        return _tidy("".join(parts), offs)

    def _cells_row(self, lines: tuple[tuple[int, int], ...], cells: tuple[int, ...]) -> tuple[str, list[int]]:
        """A table row a reader delimited: its lines cut where its cells begin (``cells``), the
        cells joined by " — " as a ``|`` row's are, a wrapped cell's lines by a space."""
        pieces: list[tuple[int, int, str, int]] = []
        for s, e in lines:
            bounds = [s, *(c for c in cells if s < c < e), e]
            pieces.extend((a, b, _CELL_SEP if a in cells else " ", a - 1) for a, b in zip(bounds, bounds[1:]))
        return self._joined(pieces)

    def _table_row(self, line: tuple[int, int, int]) -> tuple[str, list[int]]:
        s, e, _ = line
        row = self.text[s:e]
        if _TABLE_RULE.fullmatch(row):
            return "", []
        pipes = [k for k, ch in enumerate(row) if ch == "|"]
        bounds = [-1, *pipes, len(row)]
        return self._joined([(s + a + 1, s + b, _CELL_SEP, s + a) for a, b in zip(bounds, bounds[1:])])

    def _joined(self, pieces: list[tuple[int, int, str, int]]) -> tuple[str, list[int]]:
        """The pieces of the text ``(start, end, separator before it, the separator's offset)``,
        each normalised and stripped, the empty ones left out, joined by their separators."""
        parts: list[str] = []
        offs: list[int] = []
        for a, b, sep, at in pieces:
            raw = self.text[a:b]
            lead = len(raw) - len(raw.lstrip())
            piece, o = normalise(raw.strip(), a + lead)
            if not piece.strip():
                continue
            if parts:
                parts.append(sep)
                offs.extend((at,) * len(sep))
            parts.append(piece)
            offs.extend(o)
        return _tidy("".join(parts), offs)


def _tidy(text: str, offs: list[int], marks: list[int] | None = None) -> tuple[str, list[int]]:
    """Collapse runs of spaces to one and strip the ends, keeping offsets aligned.

    ``marks`` (positions in ``text``) are moved in place to the index, in the tidied text, of
    the first kept character at or after them (the length of the text when none is kept).
    """
    removed: list[tuple[int, int]] = []  # dropped ranges of ``text``, in order
    if "  " in text:
        keep_text: list[str] = []
        keep_offs: list[int] = []
        pos = 0
        for m in _MULTISPACE.finditer(text):
            keep_text.append(text[pos : m.start() + 1])
            keep_offs.extend(offs[pos : m.start() + 1])
            removed.append((m.start() + 1, m.end()))
            pos = m.end()
        keep_text.append(text[pos:])
        keep_offs.extend(offs[pos:])
        text, offs = "".join(keep_text), keep_offs
    lead = len(text) - len(text.lstrip(" "))
    stripped = text.strip(" ")
    if marks:
        for k, p in enumerate(marks):
            p -= sum(min(p, e) - a for a, e in removed if a < p)
            marks[k] = min(max(p - lead, 0), len(stripped))
    return stripped, offs[lead : lead + len(stripped)]


_MARK = re.compile(r"\d{1,3}(?![\d])")


def _detach_markers(
    text: str, offs: list[int], next_ref: int, max_fn: int, refs: list[int], ref_at: list[int]
) -> tuple[str, list[int], int]:
    """Remove footnote numbers glued to a word or its punctuation ("Paris.10 En", "malien.11"),
    recording them in ``refs`` and, in ``ref_at``, where each was cut in the returned text (the
    index of the character that now follows the cut, so ``text[:at]`` ends with "Paris.").
    Only the expected next number (or one or two further on, after punctuation) is taken,
    which leaves "N°185", "G5 Sahel", "TV5" and "148,5" alone."""
    cuts: list[tuple[int, int]] = []
    for m in _MARK.finditer(text):
        a, b = m.span()
        if b < len(text) and not (text[b].isspace() or text[b] in ",;:.)"):
            continue
        n = int(m.group())
        if n > max_fn:
            continue
        before = text[a - 1] if a else ""
        if a == 0:
            ok = n == next_ref and b + 1 < len(text) and text[b] == " " and text[b + 1].isupper()
        elif before in ".!?…»”\")]":
            ok = next_ref <= n <= next_ref + 2
        else:
            ok = before.islower() and n == next_ref
        if ok:
            cuts.append((a, b + 1 if a == 0 else b))
            refs.append(n)
            next_ref = n + 1
    if not cuts:
        return text, offs, next_ref
    new_text: list[str] = []
    new_offs: list[int] = []
    marks: list[int] = []
    pos = 0
    for a, b in cuts:
        new_text.append(text[pos:a])
        new_offs.extend(offs[pos:a])
        marks.append(len(new_offs))
        pos = b
    new_text.append(text[pos:])
    new_offs.extend(offs[pos:])
    text, offs = _tidy("".join(new_text), new_offs, marks)
    ref_at.extend(marks)
    return text, offs, next_ref


def _call_marks(text: str, offs: list[int]) -> tuple[tuple[int, int, int], ...]:
    """The note calls ``[^N]`` a reader wrote in ``text``, as ``(start, end, N)`` spans of the
    original for :func:`_cut_marks`."""
    return tuple(
        (offs[m.start()], offs[m.end() - 1] + 1, int(m.group(1))) for m in _NOTE_CALL.finditer(text)
    )


def _cut_marks(
    text: str, offs: list[int], marks: tuple[tuple[int, int, int], ...], refs: list[int], ref_at: list[int]
) -> tuple[str, list[int]]:
    """Remove the characters of footnote calls a reader found (``(start, end, number)`` spans of
    the original), recording each number in ``refs`` and where it was cut in ``ref_at``."""
    spans = sorted(marks)
    keep_text: list[str] = []
    keep_offs: list[int] = []
    at: list[int] = []
    k, last = 0, -1
    for ch, o in zip(text, offs):
        while k < len(spans) and o >= spans[k][1]:
            k += 1
        if k < len(spans) and spans[k][0] <= o:
            if k != last:  # the first character of a call records it
                refs.append(spans[k][2])
                at.append(len(keep_offs))
                last = k
            continue
        keep_text.append(ch)
        keep_offs.append(o)
    text, offs = _tidy("".join(keep_text), keep_offs, at)
    ref_at.extend(at)
    return text, offs


def _heading_start(text: str) -> bool:
    return text[0].isupper() or bool(_NUMBERING.match(text))


def _is_heading(text: str) -> bool:
    """Short, capitalised or numbered, without final punctuation: "I. Synthèse",
    "Paris sonne l'alarme", "De la rupture avec la France à l'alliance avec Moscou"."""
    if len(text) > 120 or text[-1] in ".!?…;,:" or not _heading_start(text):
        return False
    return len(text.split()) <= 15
