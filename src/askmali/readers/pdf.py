"""PDF, read with pypdfium2 (BSD-3 / Apache-2.0): text by page, cleaned with what the file knows.

A text dump has to guess where pages, headers and footnotes are; a PDF says so. Per page,
pdfium gives the text in content order with each character's box, baseline and font size, and
marks a hyphen at a line end (U+FFFE). From that this reader:

- keeps every line of the page in ``Document.text`` (one line each, in reading order), so a
  citation's "page 30, lines 3-7" counts the page's extracted lines, and ``askmali show``
  shows the whole page;
- drops running headers and footers: the lines at the top or bottom edge of a page that repeat
  there (digits aside) on several pages, or that hold the page's number or label;
- separates footnotes: the lines set smaller at the bottom of a page, from one starting with a
  number; a note is linked to its call on that page, a number set smaller (superscript, or in
  superscript digits) or else standing alone after a word ("debhelper(1)) 3 ;"). Notes keep
  their printed number; one that repeats (numbering by chapter) is offset by 1000, as a
  document's footnote numbers must be unique for its calls to find them. A numbered line whose
  call is not found starts a note still when its number follows the last note's; a note that
  runs on at the foot of the next page (lines set as the notes were, before the first numbered
  one) stays one note;
- leaves out table-of-contents lines (dot leaders ". . . . 12"), so they never answer;
- unfolds ligatures (NFKC of U+FB00-FB06) and marks each line-end hyphen as "-\\n", for the
  cleaner to rejoin a cut word and keep a compound;
- reads a two-column page column by column;
- reads a table row by row (``Block`` kind "table", its cells marked for the cleaner to
  separate): a line whose text jumps over two wide blanks or more (``_CELL_GAP`` font sizes)
  sets the columns; the lines below that fit them (each starts in a column, none runs over the
  next column's start as prose does; a blank wider than a word space ending at a column cuts a
  cell even when narrow) are laid out row by row, each row's cells in order and each cell's
  wrapped lines with it, every line keeping its number on the page. Else a line whose wide
  blanks fall at column positions another such line near it shares is a row, with the lines
  below it indented to a later column;
- delimits paragraphs (``Document.blocks``) from the layout: a bigger gap, another font size,
  a short line ending a sentence (unless the document sets every paragraph apart by a gap: then
  that is ragged text), a bullet; a paragraph that runs onto the next page, over the footer,
  notes and header between, stays one paragraph (its last line there ends no sentence, and is
  full, or ends on a comma, or the next page goes on in lower case).

A file pdfium cannot open (encrypted, truncated, not a PDF) or with no text at all raises
:class:`askmali.errors.ReadError`.
"""

from __future__ import annotations

import ctypes
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import ReadError
from ..models import Block, Document, Place

Warn = Callable[[str], None]

_LIGATURES_SET = frozenset("\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06")
_ODD = re.compile("[\ufb00-\ufb06\x00-\x1f\x7f-\x9f]")  # ligatures, controls: the slow path
_HYPHEN_MARKS = "\ufffe\x02"  # pdfium's mark for a hyphen at a line end
_DOT_LEADER = re.compile(r"(?:\.\s*){4,}\S{0,8}\s*$")
_NOTE_START = re.compile(r"(\d{1,3})(?!\d)[.)]?(?=\s*\S)\s*")  # "12 Voir", not "2014 et"
_TERMINAL = re.compile(r"[.!?…:;»”)\"]$")
_BULLET = re.compile(r"[–—•*▪◦·-]\s")
_SPACED = 1.3  # a gap this much wider than the line spacing sets paragraphs apart
_CALL = re.compile(r"\d{1,3}")
_BLANK = re.compile(r"[ \u00a0\t]+")
_CELL_GAP = 1.2  # a blank this many font sizes wide ends a table cell (a word space is a third of one)
_SPLIT_GAP = 0.6  # a blank this many font sizes wide may end a cell, at a column a table's wider blanks set
_COLUMN_SLACK = 3.0  # points by which the same column of two rows may start apart
_SHARED = 0.6  # the share of the columns of the row with fewer that two rows of one table share, at least
_ROW_REACH = 4  # lines between two rows of one table at most (wrapped cells between them)
_TABLE_GAP = 2.5  # font sizes between a table's lines at most
_SPLIT_MARK = -1_000_000  # ``_unfold`` marks of the splits of a line, below those of its cells
_SUPERSCRIPT = re.compile("[\u2070\u00b9\u00b2\u00b3\u2074-\u2079]{1,3}")  # ⁰¹²³⁴⁵⁶⁷⁸⁹
_FROM_SUPERSCRIPT = str.maketrans("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079", "0123456789")
_TRAILING_CALL = re.compile("[\\s\u2070\u00b9\u00b2\u00b3\u2074-\u2079\\d]+$")
_ENTRY = re.compile(r"\s(?:\d{1,4}|[ivxlc]{1,6})$")
_DIGITS = re.compile(r"\d+|\b[ivxlcdm]+\b", re.IGNORECASE)
_EXPORTED = re.compile(r"^(?:Microsoft (?:Word|PowerPoint) - |Word - )", re.IGNORECASE)
_FILE_NAME = re.compile(r"\.(?:docx?|odt|rtf|pdf|tex|dvi|ps|indd|pages|pptx?|xlsx?|txt)$", re.IGNORECASE)
_NO_TITLE = frozenset({"untitled", "sans titre", "document", "titre", "title", "microsoft word"})
_NO_TEXT_HINT = "OCR it first (e.g. ocrmypdf), then index the result"


def _ignore(_msg: str) -> None:
    return None


@dataclass(eq=False)
class _Line:
    """One visual line of a page: its text (ligatures unfolded), its left and right edges,
    baseline and the font size most of it is set in."""

    text: str
    x0: float
    x1: float
    base: float
    size: float
    role: str = "body"  # body, title, furniture (running header/footer), note, toc
    note: int | None = None  # a footnote's number (on its first line)
    calls: list[tuple[int, int, int]] = field(default_factory=list)  # (start, end, number) in text
    small: list[tuple[int, int, int]] = field(default_factory=list)  # numbers set small: calls?
    skip: int = 0  # characters of a footnote's own number, left out of its paragraph
    split: bool = False  # the right half of a line cut at the middle of the page (_gutter)
    cells: list[tuple[int, float]] = field(default_factory=list)  # (offset in text, x) of each cell after a wide blank
    splits: list[tuple[int, float]] = field(default_factory=list)  # (offset, x) of each piece after a blank wider than a word space
    number: int = 0  # the line's number on its page (set when the page is assembled)
    row: int = -1  # the table row it belongs to (``_tables``), -1 for none
    cell: bool = False  # it starts a table row's cell after the first


@dataclass
class _Notes:
    """Footnotes so far, page after page: the number of the last one begun, and the font size of
    the page before's footnotes, if it ended with some (its last may run on at the foot of the
    next page, set the same)."""

    last: int | None = None
    open: float | None = None


@dataclass
class _Page:
    number: int  # 1-based
    label: str | None
    width: float
    lines: list[_Line]
    columns: int = 1


def read(path: Path, name: str, warn: Warn = _ignore) -> list[Document]:
    pdf = _open(path, name)
    lost: list[int] = []
    try:
        pages = [_read_page(pdf, i, lost) for i in range(len(pdf))]
        title = _metadata_title(pdf)
    finally:
        pdf.close()
    if lost:
        warn(f"{name}: {len(lost)} page(s) could not be read (first: page {lost[0]}), left empty")
    if not pages:
        raise ReadError(f"{name}: no pages (a truncated or damaged PDF?), skipped", reason="truncated or damaged")
    if not any(p.lines for p in pages):
        raise ReadError(f"{name}: no text layer — {_NO_TEXT_HINT}", reason="no text layer")
    body_size = _body_size(pages)
    _mark_furniture(pages)
    notes = _Notes()
    for page in pages:
        _mark_page(page, body_size, notes)
    text, places, blocks = _assemble(pages, body_size)
    return [
        Document(
            source=name, text=text, title=title, path=str(path), fmt="pdf",
            places=tuple(places), line_unit="line", blocks=tuple(blocks),
        )
    ]


def _open(path: Path, name: str):
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise ReadError(f"{name}: encrypted PDF, skipped", reason="encrypted",
                            hint="decrypt it first (e.g. qpdf --decrypt) and index the copy") from None
        if code == pdfium_c.FPDF_ERR_FILE:
            raise ReadError(f"{name}: cannot be opened, skipped", reason="unreadable") from None
        raise ReadError(f"{name}: not a readable PDF (truncated or damaged), skipped", reason="truncated or damaged") from None


def _metadata_title(pdf) -> str:
    try:
        return title_of(pdf.get_metadata_value("Title") or "")
    except (pdfium.PdfiumError, KeyError, AttributeError):
        return ""


def title_of(meta: str) -> str:
    """A PDF's Title metadata when it names the document; "" for what a word processor leaves
    there instead ("Microsoft Word - rapport final.docx", "untitled", a file name), so the
    cleaner takes the first heading."""
    title = " ".join(meta.split())
    title = _EXPORTED.sub("", title)
    if len(title) <= 3 or _FILE_NAME.search(title) or title.casefold() in _NO_TITLE:
        return ""
    return title


# ---------------------------------------------------------------------------------- lines


def _read_page(pdf, i: int, lost: list[int]) -> _Page:
    """Page ``i`` (0-based) as lines in reading order; an unreadable page is empty (in ``lost``)."""
    try:
        page = pdf[i]
        try:
            width = page.get_width()
            tp = page.get_textpage()
            try:
                lines = _lines(tp, width)
            finally:
                tp.close()
        finally:
            page.close()
    except pdfium.PdfiumError:
        lost.append(i + 1)
        return _Page(i + 1, None, 0.0, [])
    try:
        label = pdf.get_page_label(i) or None
    except pdfium.PdfiumError:
        label = None
    page = _Page(i + 1, label, width, lines)
    page.lines, page.columns = _reading_order(page)
    return page


def _lines(tp, width: float) -> list[_Line]:
    """The visual lines of a text page: pdfium's lines, split at a line-end hyphen mark and at
    a wide blank (two columns side by side on one baseline), and merged when a raised or
    lowered piece (a footnote call) broke one line in two."""
    raw = tp.get_text_range()
    handle = tp.raw
    out: list[_Line] = []
    pos = 0
    for piece in raw.split("\r\n"):
        start, pos = pos, pos + len(piece) + 2
        cut = start
        for k, ch in enumerate(piece):
            if ch in _HYPHEN_MARKS:
                _add_line(out, tp, handle, raw, cut, start + k, "-")
                cut = start + k + 1
        end = start + len(piece)
        gutter = _gutter(tp, raw, cut, end, width) if end - cut > 20 else None
        if gutter is not None:
            _add_line(out, tp, handle, raw, cut, gutter, "")
            n = len(out)
            _add_line(out, tp, handle, raw, gutter, end, "")
            if len(out) > n:
                out[-1].split = True
        else:
            _add_line(out, tp, handle, raw, cut, end, "")
    return out


def _gutter(tp, raw: str, a: int, b: int, width: float) -> int | None:
    """Where a line of ``raw[a:b]`` jumps over a wide blank (25 pt) across the middle of the
    page: maybe two columns side by side on one baseline (undone unless the page has two).
    Cheap for an ordinary line: three pdfium calls find a character at the middle."""
    mid = width / 2
    handle = tp.raw
    x, y = ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharOrigin(handle, b - 1, x, y)
    if x.value < mid:
        return None
    pdfium_c.FPDFText_GetCharOrigin(handle, a, x, y)
    if x.value > mid or pdfium_c.FPDFText_GetCharIndexAtPos(handle, mid, y.value, 8.0, 4.0) >= 0:
        return None
    for m in _BLANK.finditer(raw, a, b):
        i, j = m.start() - 1, m.end()
        if i >= a and j < b:
            left, right = tp.get_charbox(i)[2], tp.get_charbox(j)[0]
            if left < mid < right and right - left > 25:
                return j
    return None


def _add_line(out: list[_Line], tp, handle, raw: str, a: int, b: int, tail: str) -> None:
    piece = raw[a:b]
    lead = len(piece) - len(piece.lstrip())
    body = piece.strip()
    if not body:
        return
    first = a + lead
    last = first + len(body) - 1
    size_at = pdfium_c.FPDFText_GetFontSize
    # the font size of the line: the median of a few of its letters (not every character:
    # one ctypes call each would cost most of the reading time)
    letters = [k for k in range(len(body)) if body[k].isalnum()] or list(range(len(body)))
    step = max(1, len(letters) // 7)
    size = statistics.median(size_at(handle, first + k) for k in letters[::step])
    calls = []
    for m in _CALL.finditer(body):  # a number set clearly smaller: a footnote call
        i, j = m.span()
        if i and max(size_at(handle, first + k) for k in range(i, j)) < 0.85 * size:
            calls.append((i, j, int(m.group())))
    for m in _SUPERSCRIPT.finditer(body):  # or a number in superscript digits ("départ :⁵")
        if m.start():
            calls.append((m.start(), m.end(), int(m.group().translate(_FROM_SUPERSCRIPT))))
    cells, splits = _gaps(tp, handle, body, first, size)
    text = body
    if _ODD.search(text):
        marked = [(j, j, -1 - n) for n, (j, _) in enumerate(cells)] + [(j, j, _SPLIT_MARK - n) for n, (j, _) in enumerate(splits)]
        text, moved = _unfold(text, calls + marked)
        calls = [c for c in moved if c[2] >= 0]
        cells = [(j, cells[-1 - n][1]) for j, _, n in moved if _SPLIT_MARK < n < 0]
        splits = [(j, splits[_SPLIT_MARK - n][1]) for j, _, n in moved if n <= _SPLIT_MARK]
        if not text.strip():
            return
    text += tail
    box = tp.get_charbox(first)
    if box[2] <= box[0] and first < last:  # pdfium sometimes leaves a line's first glyph without
        box = tp.get_charbox(first + 1)  # a box, at the end of the line above ("moment|d'écrire")
        first += 1
    left = box[0]
    right = tp.get_charbox(last)[2]
    x, y = ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharOrigin(handle, first, x, y)
    line = _Line(text, left, right, y.value, size, small=calls, cells=cells, splits=splits)
    prev = out[-1] if out else None
    near = prev is not None and prev.x1 - 1 <= left < prev.x1 + 2 * max(prev.size, size, 1)
    if near and abs(y.value - prev.base) < 0.6 * max(prev.size, size, 1):
        # one visual line broken by a raised call ("fichier source 7" + ". Si vous ...");
        # a blank between them (pdfium put the line break in its place) stays a space
        wide = left - prev.x1 > 0.2 * max(size, 1) and not prev.text.endswith(" ")
        sep = " " if wide and line.text[0] not in ".,;:)]»" else ""
        shift = len(prev.text) + len(sep)
        if len(line.text) > len(prev.text):  # the line is set in the size of its longer piece,
            prev.size, prev.base = size, y.value  # not in that of a raised number before it
        prev.text += sep + line.text
        prev.small += [(i + shift, j + shift, n) for i, j, n in line.small]
        prev.cells += [(j + shift, x) for j, x in line.cells]
        prev.splits += [(j + shift, x) for j, x in line.splits]
        prev.x1 = max(prev.x1, right)
        return
    out.append(line)


def _gaps(tp, handle, body: str, first: int, size: float) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
    """The cells of a table row that ``body`` (starting at character ``first``) may be, and the
    pieces its blanks wider than a word space start: (offset, left edge) of each piece after a
    blank wider than ``_CELL_GAP`` font sizes, when there are two or more (else none), and after
    one wider than ``_SPLIT_GAP``. pdfium's text rectangles tell first, with a few calls, whether
    a line has such blanks at all; only then are its blanks measured."""
    n = pdfium_c.FPDFText_CountRects(handle, first, len(body))
    if n < 2:
        return [], []
    gap, split = _CELL_GAP * max(size, 1), _SPLIT_GAP * max(size, 1)
    left, top, right, bottom = (ctypes.c_double() for _ in range(4))
    wide, apart, edge = 0, 0, None
    for k in range(n):
        pdfium_c.FPDFText_GetRect(handle, k, left, top, right, bottom)
        if edge is not None:
            wide += left.value - edge > gap
            apart += left.value - edge > split
        edge = right.value
    if not apart:
        return [], []
    cells, splits = [], []
    for m in _BLANK.finditer(body):
        i, j = m.start() - 1, m.end()
        if i >= 0 and j < len(body):
            x = tp.get_charbox(first + j)[0]
            blank = x - tp.get_charbox(first + i)[2]
            if blank > split:
                splits.append((j, x))
            if blank > gap:
                cells.append((j, x))
    return (cells if wide >= 2 and len(cells) >= 2 else []), splits


def _column(x: float, columns: list[float], within: bool = False) -> int | None:
    """The number of the column of ``columns`` (their left edges) that starts at ``x``; with
    ``within``, the last that starts at or left of it (right-aligned text starts inside it)."""
    for k, left in enumerate(columns):
        if abs(x - left) <= _COLUMN_SLACK:
            return k
    if within:
        starts = [k for k, left in enumerate(columns) if left < x]
        return starts[-1] if starts else None
    return None


def _pieces(line: _Line, columns: list[float]) -> list[tuple[int, int]] | None:
    """The (start offset, column) of each piece of ``line`` in the table whose columns start at
    ``columns``: it starts in a column (at its start; inside it, as centred or right-aligned text
    does; or right of every column, which adds the column the first row left empty) and is cut
    after each of its wide blanks (``cells``, which may add a column too) and where a narrower
    blank ends at a column's start. None when it does not fit: it starts left of the table, or
    its text runs over the start of the next column, as a line of prose does."""
    first = _column(line.x0, columns)
    if first is None and line.x0 > columns[-1]:
        columns.append(line.x0)  # a column the first row left empty
        first = len(columns) - 1
    elif first is None:
        if line.x0 < columns[0] + _COLUMN_SLACK:
            return None
        first = _column(line.x0, columns, within=True)
    out = [(0, first)]
    wide = {j for j, _ in line.cells}
    for j, x in line.splits:
        k = _column(x, columns, within=j in wide)
        if j in wide:
            k = max(k or 0, out[-1][1] + 1)  # a wide blank always ends a cell
            if k == len(columns):
                columns.append(x)
        if k is not None and k > out[-1][1]:
            out.append((j, k))
    last = out[-1][1]
    if last + 1 < len(columns) and line.x1 > columns[last + 1] - 1:
        return None
    return out


def _tables(lines: list[_Line], spacing: float) -> list[_Line]:
    """``lines`` with their table rows marked (``row``): each table whose columns a line's wide
    blanks set laid out row by row (``_table``), its lines in reading order, a row's cells one
    after the other and each cell's lines top to bottom; else rows that share their columns with
    a row near them (``_table_rows``), each with the lines under it indented to a later column
    (its cells' text wrapped) and ``spacing`` (the page's line spacing) at most apart."""
    shared = _table_rows(lines)
    out: list[_Line] = []
    k, rows, row = 0, 0, None
    while k < len(lines):
        line = lines[k]
        found = _table(lines, k, rows) if line.role == "body" and len(line.cells) >= 2 else None
        if found is not None:
            k, laid, rows = found
            out.extend(laid)
            row = None
            continue
        if k in shared:
            row, line.row = line, rows
            rows += 1
        elif (row is not None and line.x0 > row.x0 + 2 * max(line.size, 1) and not line.cells
              and 0 < out[-1].base - line.base <= 1.6 * spacing):
            line.row = row.row  # a cell's text wrapped under it
        else:
            row = None
        out.append(line)
        k += 1
    return out


def _table_rows(lines: list[_Line]) -> set[int]:
    """The numbers of lines that are table rows: lines with cells (``_gaps``) that share two
    column positions, and most of their columns (``_SHARED``), with another such line at most
    ``_ROW_REACH`` lines away (a line of prose whose blanks happen to be wide shares few)."""
    rows: set[int] = set()
    celled = [k for k, ln in enumerate(lines) if ln.cells and ln.role == "body"]
    for a, b in zip(celled, celled[1:]):
        if b - a <= _ROW_REACH:
            xs = [x for _, x in lines[b].cells]
            shared = sum(any(abs(x - y) <= _COLUMN_SLACK for y in xs) for _, x in lines[a].cells)
            # most columns shared: two loosely justified lines, every blank of them wide, share
            # a few word starts by chance ("Le paquet popularity-contest envoie normalement ...")
            if shared >= 2 and shared >= _SHARED * min(len(xs), len(lines[a].cells)):
                rows.update((a, b))
    return rows


def _table(lines: list[_Line], k: int, first_row: int) -> tuple[int, list[_Line], int] | None:
    """The table whose first row is ``lines[k]`` (a line with cells, ``_gaps``, which set the
    columns): the lines that fit its columns (``_pieces``), set as the table's are and close
    below it, each cut into its pieces. A piece in the first column below every line of the row
    so far starts a row; the rest go on the row's cells (a cell's text wrapped under it). Returns
    where the table ends, its pieces as lines (``row``, ``cell`` set) and the next row number;
    None unless the table has two rows and a line other than its first that is cut or starts
    at a later column (a line of prose whose blanks happen to be wide is no table)."""
    top = lines[k]
    columns = [top.x0, *(x for _, x in top.cells)]
    rows: list[list[tuple[int, _Line, int, int]]] = []  # per row: (column, line, start, end)
    low = top.base
    evidence = False
    end = k
    for n in range(k, len(lines)):
        line = lines[n]
        if line.role != "body" or abs(line.size - top.size) > 1 or line.base < low - _TABLE_GAP * max(line.size, 1):
            break
        if line.base > top.base + 0.5 * max(line.size, 1):
            break  # above the table's first row: the page goes on elsewhere
        pieces = _pieces(line, columns)
        if pieces is None:
            break
        if n > k and (len(pieces) > 1 or pieces[0][1] > 0):
            evidence = True
        row_low = min((ln.base for _, ln, _, _ in rows[-1]), default=None) if rows else None
        if pieces[0][1] == 0 and (row_low is None or line.base < row_low - 0.3 * max(line.size, 1)):
            rows.append([])
        for (a, column), (b, _) in zip(pieces, [*pieces[1:], (len(line.text), 0)]):
            rows[-1].append((column, line, a, b))
        low = min(low, line.base)
        end = n + 1
    if len(rows) < 2 or not evidence:
        return None
    laid: list[_Line] = []
    for r, row in enumerate(rows):
        seen: set[int] = set()
        for column, line, a, b in sorted(row, key=lambda p: (p[0], -p[1].base)):
            text = line.text[a:b].rstrip()
            lead = len(text) - len(text.lstrip())
            text = text.strip()
            if not text:
                continue
            x = line.x0 if a == 0 else dict(line.splits).get(a, line.x0)
            a += lead
            piece = _Line(text, x, line.x1, line.base, line.size,
                          calls=[(i - a, j - a, c) for i, j, c in line.calls if a <= i < a + len(text)],
                          small=[(i - a, j - a, c) for i, j, c in line.small if a <= i < a + len(text)],
                          number=line.number, row=first_row + r, cell=column > 0 and column not in seen)
            seen.add(column)
            laid.append(piece)
    return end, laid, first_row + len(rows)


def _unfold(text: str, calls: list[tuple[int, int, int]]) -> tuple[str, list[tuple[int, int, int]]]:
    """Ligatures unfolded, control characters dropped, tabs as spaces; calls moved along."""
    chars: list[str] = []
    moved: dict[int, int] = {}
    for k, ch in enumerate(text):
        moved[k] = len(chars)
        if ch in _LIGATURES_SET:
            chars.extend(unicodedata.normalize("NFKC", ch))
        elif ch == "\t":
            chars.append(" ")
        elif not (ch < " " or "\x7f" <= ch <= "\x9f"):  # C0 and C1 controls (icon glyphs) dropped
            chars.append(ch)
    moved[len(text)] = len(chars)
    return "".join(chars), [(moved[i], moved[j], n) for i, j, n in calls]


# ------------------------------------------------------------------- page furniture, notes


def _body_size(pages: list[_Page]) -> float:
    """The font size most characters of the document are set in."""
    weight: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            weight[round(line.size, 1)] += len(line.text)
    return weight.most_common(1)[0][0] if weight else 10.0


def _key(text: str) -> str:
    return " ".join(_DIGITS.sub("#", text.casefold()).split())


def _edges(page: _Page) -> tuple[list[_Line], list[_Line]]:
    """The two highest and the two lowest lines of a page (by baseline)."""
    ordered = sorted(page.lines, key=lambda ln: -ln.base)
    return ordered[:2], ordered[::-1][:2]


def _mark_furniture(pages: list[_Page]) -> None:
    """Running headers and footers: an edge line whose digit-blind text recurs at that edge on
    at least three pages (two in a short document), or that holds the page's number or label."""
    tops: Counter[str] = Counter()
    bottoms: Counter[str] = Counter()
    for page in pages:
        top, bottom = _edges(page)
        tops.update({_key(ln.text) for ln in top})
        bottoms.update({_key(ln.text) for ln in bottom})
    need = 3 if len(pages) >= 6 else 2
    for page in pages:
        top, bottom = _edges(page)
        for edge, counts in ((top, tops), (bottom, bottoms)):
            for line in edge:  # from the edge inwards; stop at the first line that is text
                if counts[_key(line.text)] >= need or _numbers_page(line.text, page):
                    line.role = "furniture"
                else:
                    break


def _numbers_page(text: str, page: _Page) -> bool:
    """A short line that is, begins or ends with the page's number or printed label."""
    if len(text) > 80:
        return False
    words = text.replace("/", " ").split()
    names = {str(page.number)} | ({page.label} if page.label else set())
    return bool(words) and (words[0] in names or words[-1] in names or text.strip() in names)


def _mark_page(page: _Page, body_size: float, notes: _Notes | None = None) -> None:
    """Roles of a page's lines: table-of-contents lines, titles, footnotes and their calls
    (``notes``: the footnotes of the pages before, updated)."""
    notes = notes if notes is not None else _Notes()
    for line in page.lines:
        if line.role != "body":
            continue
        if _DOT_LEADER.search(line.text):
            line.role = "toc"
        elif line.size >= 1.06 * body_size and len(line.text) < 150:
            line.role = "title"
    toc = sum(ln.role == "toc" for ln in page.lines)
    entries = sum(ln.role in ("body", "title") and bool(_ENTRY.search(ln.text)) for ln in page.lines)
    kept = sum(ln.role != "furniture" for ln in page.lines)
    if (toc >= 5 and toc >= 0.4 * kept) or (entries >= 8 and entries >= 0.6 * kept):
        for line in page.lines:  # a contents page: its entries without leaders too ("1 Didacticiels 1")
            if line.role in ("body", "title") and _ENTRY.search(line.text):
                line.role = "toc"
    # footnotes: the run of lines set smaller at the bottom of the page (above the footer),
    # beginning with a numbered line, or with the rest of a note of the page before;
    # each numbered line starts a note
    small: list[_Line] = []
    for line in sorted(page.lines, key=lambda ln: ln.base):
        if line.role == "furniture":
            continue
        if line.role == "body" and line.size < 0.92 * body_size:
            small.append(line)
        else:
            break
    small.reverse()  # top down
    size = Counter(round(ln.size, 1) for ln in small).most_common(1)[0][0] if small else 0.0
    while small and abs(small[0].size - size) > 0.3:  # notes share a size: lines set otherwise
        small.pop(0)  # above them (code in a smaller font) are not notes
    carried = notes.open is not None and abs(notes.open - size) <= 0.3
    notes.open = None
    if not small or not (carried or _NOTE_START.match(small[0].text)):
        return
    run = {id(ln) for ln in small}
    body = [ln for ln in page.lines if ln.role in ("body", "title") and id(ln) not in run]
    for k, line in enumerate(small):
        line.role = "note"
        m = _NOTE_START.match(line.text)
        # a numbered line starts a note when its call is in the body, or its number follows the
        # last note's, or it opens the run (unless the page before's last note may go on there,
        # then only as a 1: numbering by chapter); else it goes on the note above ("216 × 280 mm.")
        n = int(m.group(1)) if m else None
        if n is not None and (_link_call(body, n) or n == (notes.last or 0) + 1 or (k == 0 and (not carried or n == 1))):
            line.note, line.skip = n, m.end()
            notes.last = n
    notes.open = size


def _link_call(body: list[_Line], number: int) -> bool:
    """Find the call of note ``number`` in the page's body: a number set smaller, or else the
    number standing alone after a word ("debhelper(1)) 3 ;"). The first found is taken."""
    for line in body:
        for n, a, b in _calls(line):
            if n == number:
                line.calls.append((a, b, number))
                return True
    alone = re.compile(rf"(?<=[^\s\d.,/#-]) ?{number}(?=[\s\u00a0;:,.)]|$)")
    for line in body:
        m = alone.search(line.text)
        if m:
            line.calls.append((m.start(), m.end(), number))
            return True
    return False


def _calls(line: _Line) -> list[tuple[int, int, int]]:
    """Footnote calls in a body line: a number set clearly smaller than the line, right after a
    word or its punctuation (the space before it, if any, goes with it)."""
    out = []
    for a, b, number in line.small:
        if b < len(line.text) and line.text[b].isalnum():
            continue
        if line.text[a - 1] == " ":
            a -= 1
        out.append((number, a, b))
    return out


# ------------------------------------------------------------------------------- assembly


def _reading_order(page: _Page) -> tuple[list[_Line], int]:
    """Content order, but a two-column page (many lines on either side of the middle, few
    across it) reads its left column first."""
    mid = page.width / 2
    left = [ln for ln in page.lines if ln.x1 < mid + 2]
    right = [ln for ln in page.lines if ln.x0 > mid - 2]
    across = len(page.lines) - len(left) - len(right)
    if len(left) < 8 or len(right) < 8 or across > 0.15 * len(page.lines):
        return _unsplit(page.lines), 1
    right_set = {id(ln) for ln in right}
    return [ln for ln in page.lines if id(ln) not in right_set] + right, 2


def _unsplit(lines: list[_Line]) -> list[_Line]:
    """Lines cut at the middle of a page that has one column after all, joined again."""
    out: list[_Line] = []
    for line in lines:
        if line.split and out:
            prev = out[-1]
            shift = len(prev.text) + 1
            prev.text += " " + line.text
            prev.small += [(i + shift, j + shift, n) for i, j, n in line.small]
            prev.cells += [(j + shift, x) for j, x in line.cells]
            prev.splits += [(j + shift, x) for j, x in line.splits]
            prev.x1 = max(prev.x1, line.x1)
        else:
            out.append(line)
    return out


def _assemble(pages: list[_Page], body_size: float) -> tuple[str, list[Place], list[Block]]:
    parts: list[str] = []
    places: list[Place] = []
    blocks: list[Block] = []
    pos = 0
    used: set[int] = set()  # footnote numbers are unique in a document: a call finds its own note
    current: dict | None = None  # the body or title paragraph being collected
    note: dict | None = None

    def close(block: dict | None) -> None:
        if block and block["lines"]:
            blocks.append(Block(block["kind"], tuple(block["lines"]), block.get("footnote"), tuple(block["marks"]),
                                tuple(block.get("cells", ()))))

    layouts = [_layout(page, body_size) for page in pages]
    spaced = _spaced(pages, layouts)
    for page, (right_edge, left_edge, spacing) in zip(pages, layouts):
        places.append(Place(start=pos, line=1, page=page.number, page_label=page.label))
        order = page.lines
        mid = page.width / 2
        ids: dict[int, int] = {}  # a printed note number on this page -> its document number
        for line in order:
            if line.role == "note" and line.note is not None:
                number = line.note  # the printed number, unless taken (numbering per chapter)
                while number in used:
                    number += 1000
                used.add(number)
                ids[line.note] = number
        prev: _Line | None = None
        for number, line in enumerate(order, 1):
            line.number = number
        expected = 1
        for line in _tables(order, spacing):
            if line.number != expected:  # a table's pieces, laid out row by row: each keeps its line number
                places.append(Place(start=pos, line=line.number, page=page.number, page_label=page.label))
            expected = line.number + 1
            start, end = pos, pos + len(line.text)
            parts.append(line.text + "\n")
            pos = end + 1
            if line.role in ("furniture", "toc"):
                continue
            if line.role == "note":
                if line.note is not None:
                    close(note)
                    note = {"kind": "footnote", "lines": [], "marks": [], "footnote": ids[line.note]}
                if note is not None:  # (the first notes of a page may go on the last of the page before)
                    note["lines"].append((start + line.skip, end))
                continue
            if line.row >= 0:  # a table's row: a block of its own, its cells marked
                if current is None or current.get("row") != line.row:
                    close(current)
                    current = {"kind": "table", "lines": [], "marks": [], "cells": [], "row": line.row}
                current["lines"].append((start, end))
                current["cells"].extend([start] if line.cell else [start + j for j, _ in line.cells])
                prev = line
                continue
            if current is not None and current["kind"] == "table":
                close(current)  # the table has ended
                current = None
            kind = "title" if line.role == "title" else "body"
            right = left_edge if page.columns == 2 and prev is not None and prev.x1 < mid + 2 else right_edge
            if current is None or _starts_paragraph(line, prev, current, kind, spacing, right, spaced):
                close(current)
                current = {"kind": kind, "lines": [], "marks": []}
            current["lines"].append((start, end))
            current["marks"].extend((start + a, start + b, ids[n]) for a, b, n in line.calls if n in ids)
            prev = line
        if not any(ln.role == "note" for ln in order):
            close(note)  # no note here to go on
            note = None
        # a paragraph runs onto the next page when its last line here ends no sentence and is
        # full ("divisée en sections qui" | "classent les paquets"), or, short (ragged text),
        # ends on a comma or goes on in lower case there ("patronat malien," | "Mamadou",
        # "Aux yeux des" | "responsables"); another short last line ("LIBS = -ltruc -lbidule")
        # or a title ends it
        edge = left_edge if page.columns == 2 and prev is not None and prev.x1 < mid + 2 else right_edge
        if current is not None and (current["kind"] in ("title", "table") or prev is None or _ends(prev.text)
                                    or (prev.x1 < edge - 2 * max(prev.size, 1)
                                        and not _runs_on(prev.text, pages, page.number))):
            close(current)
            current = None
    close(current)
    close(note)
    blocks.sort(key=lambda block: block.lines[0][0])  # in reading order, wherever they ended
    return "".join(parts), places, blocks


def _layout(page: _Page, body_size: float) -> tuple[float, float, float]:
    """A page's right margin, that of its left column, and its body line spacing."""
    mid = page.width / 2
    right_edge = _margin([ln.x1 for ln in page.lines if ln.role == "body"], page.width)
    left_edge = _margin([ln.x1 for ln in page.lines if ln.role == "body" and ln.x1 < mid + 2], mid)
    gaps = [a.base - b.base for a, b in zip(page.lines, page.lines[1:]) if a.role == b.role == "body"]
    gaps = [g for g in gaps if g > 0]
    return right_edge, left_edge, statistics.median(gaps) if gaps else body_size * 1.2


def _spaced(pages: list[_Page], layouts: list[tuple[float, float, float]]) -> bool:
    """The document sets its paragraphs apart by a wider gap: nearly all short body lines that end a
    sentence are followed by one. Then a short line ending a sentence with the next line close
    below is ragged text (flush left), not a paragraph's end."""
    wide = seen = 0
    for page, (right_edge, left_edge, spacing) in zip(pages, layouts):
        mid = page.width / 2
        for a, b in zip(page.lines, page.lines[1:]):
            if a.role != "body" or b.role != "body" or abs(a.size - b.size) > 0.1 * max(a.size, 1):
                continue
            right = left_edge if page.columns == 2 and a.x1 < mid + 2 else right_edge
            gap = a.base - b.base
            if 0 < gap < 3 * spacing and a.x1 < right - 2 * max(a.size, 1) and _ends(a.text):
                seen += 1
                wide += gap > _SPACED * spacing
    return seen >= 5 and wide >= 0.9 * seen


def _runs_on(text: str, pages: list[_Page], number: int) -> bool:
    """A page's last body line ``text`` goes on at the top of the next page (``number`` is this
    page's): it ends on a comma, or the next page's first body line begins in lower case."""
    if text.endswith(","):
        return True
    following = pages[number].lines if number < len(pages) else []
    first = next((ln.text for ln in following if ln.role in ("body", "title")), "")
    return first[:1].islower()


def _margin(rights: list[float], default: float) -> float:
    """The right margin of a column: where most of its full lines end (a line of code or a
    table row running into the margin does not move it)."""
    if not rights:
        return default
    rights.sort()
    return rights[int(0.8 * (len(rights) - 1))]


def _ends(text: str) -> bool:
    """The line ends a sentence (a footnote call after the punctuation aside)."""
    return bool(_TERMINAL.search(text) or _TERMINAL.search(_TRAILING_CALL.sub("", text)))


def _starts_paragraph(line: _Line, prev: _Line | None, current: dict, kind: str, spacing: float, right: float,
                      spaced: bool = False) -> bool:
    if kind != current["kind"]:
        return True
    if prev is None:  # the first line of a page, after a paragraph carried over
        return kind == "title" or bool(_BULLET.match(line.text))
    gap = prev.base - line.base
    if kind == "title":  # another size, or further below than a wrapped heading's next line
        return abs(line.size - prev.size) > 0.5 or not 0 < gap <= 1.5 * max(line.size, prev.size)
    if abs(line.size - prev.size) > 0.1 * max(line.size, 1):
        return True
    if gap > 1.6 * spacing or gap < -spacing:  # a wider gap, or a jump up (a new column)
        return True
    if _BULLET.match(line.text):
        return True
    short = prev.x1 < right - 2 * max(prev.size, 1)
    # (in a document that sets its paragraphs apart, only with a somewhat wider gap too)
    return short and _ends(prev.text) and (not spaced or gap > _SPACED * spacing)
