"""Word documents: python-docx for the body, ``word/footnotes.xml`` (and ``endnotes.xml``) read
with lxml for the notes (python-docx has no API for them), each linked to its call.

A line is cited by its paragraph number, counting the body's paragraphs as Word and
python-docx do (``Document.paragraphs``: empty ones included, those inside tables not); a
table row by its table and row ("table 2", row 3); a footnote by its number ("notes").
"""

from __future__ import annotations

from pathlib import Path

from ..models import Document
from .layout import (
    TextBuilder, Unreadable, Warn, local, note_call, open_zip, parse_xml, read_member, row_line,
)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NOTES = "notes"  # the section footnotes are cited in


def read(path: Path, name: str, warn: Warn) -> list[Document]:
    try:
        with open_zip(path, "a DOCX") as zf:
            if "word/document.xml" not in zf.namelist():
                raise Unreadable("not a DOCX file (no word/document.xml)")
            notes = _footnotes(zf)
        document = _open(path)
    except Unreadable as exc:
        raise exc.error(name) from None
    builder = TextBuilder()
    called: list[tuple[int, str]] = []
    number = tables = 0
    for child in document.element.body.iterchildren():
        tag = local(child.tag)
        if tag == "p":
            number += 1
            builder.line(_text(child, notes, builder, called), number)
        elif tag == "tbl":
            tables += 1
            rows = [r for r in child.iter(_W + "tr")]
            for k, row in enumerate(rows, start=1):
                cells = [_text(c, notes, builder, called) for c in row.iter(_W + "tc")]
                if any(cells):
                    builder.line(row_line(cells), k, f"table {tables}")
    for note, text in called:
        builder.note(note, text, note, NOTES)
    if builder.empty:
        raise Unreadable("no text", "no text").error(name)
    text, places = builder.build()
    title = " ".join((document.core_properties.title or "").split())
    return [Document(source=name, text=text, title=title, path=str(path), fmt="docx",
                     places=places, line_unit="paragraph")]


def _open(path: Path):
    import docx

    try:
        return docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        raise Unreadable(f"corrupt DOCX ({type(exc).__name__})") from None


def _footnotes(zf) -> dict[tuple[str, str], str]:
    """Note text by (kind, w:id), kind "footnote" or "endnote" (separators left out)."""
    out = {}
    for kind in ("footnote", "endnote"):
        part = f"word/{kind}s.xml"
        if part not in zf.namelist():
            continue
        root = parse_xml(read_member(zf, part), part)
        for fn in root.iter(_W + kind):
            if fn.get(_W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            paras = [_plain(p) for p in fn.iter(_W + "p")]
            out[(kind, fn.get(_W + "id"))] = " ".join(p for p in paras if p)
    return out


def _plain(el) -> str:
    """A note paragraph's text (a note holds no further note calls)."""
    return _text(el, {}, None, [])


def _text(el, notes: dict[tuple[str, str], str], builder: TextBuilder | None, called: list) -> str:
    """A paragraph's (or cell's) text, each footnote reference written as its call (``builder``
    numbers the calls; with no ``notes`` it is never used)."""
    parts = []
    for x in el.iter():
        tag = local(x.tag)
        if tag == "t":
            parts.append(x.text or "")
        elif tag in ("tab", "br", "cr"):
            parts.append(" ")
        elif tag == "p" and parts:
            parts.append(" ")  # paragraphs of a table cell
        elif tag in ("footnoteReference", "endnoteReference"):
            key = (tag[: -len("Reference")], x.get(_W + "id"))
            if key in notes:
                n = builder.note_number(str(len(called) + 1))
                called.append((n, notes[key]))
                parts.append(note_call(n))
    return "".join(parts)
