"""OpenDocument text: zipfile + lxml on ``content.xml``, notes (``text:note``) included and
linked to their calls.

A line is cited by its paragraph number: the n-th ``text:p`` or ``text:h`` of the body in
document order (empty ones included; those inside tables and notes not); a table row by its
table and row ("table 2", row 3); a footnote by its number ("notes").
"""

from __future__ import annotations

from pathlib import Path

from ..models import Document
from .layout import (
    TextBuilder, Unreadable, Warn, local, note_call, open_zip, parse_xml, read_member, row_line,
)

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
NOTES = "notes"
# never read as text: tracked deletions, reviewers' annotations, a generated table of contents
_SKIP = frozenset(
    "tracked-changes annotation table-of-content alphabetical-index illustration-index "
    "bibliography sequence-decls variable-decls user-field-decls".split()
)


def read(path: Path, name: str, warn: Warn) -> list[Document]:
    try:
        with open_zip(path, "an ODT") as zf:
            root = parse_xml(read_member(zf, "content.xml"), "content.xml")
            meta = parse_xml(read_member(zf, "meta.xml"), "meta.xml") if "meta.xml" in zf.namelist() else None
    except Unreadable as exc:
        raise exc.error(name) from None
    body = next((el for el in root.iter() if local(el.tag) == "text" and el.getparent() is not None
                 and local(el.getparent().tag) == "body"), None)
    if body is None:
        raise Unreadable("not an OpenDocument text (no office:text in content.xml)").error(name)
    reader = _Reader()
    reader.walk(body)
    for note, text in reader.notes:
        reader.out.note(note, text, note, NOTES)
    if reader.out.empty:
        raise Unreadable("no text", "no text").error(name)
    text, places = reader.out.build()
    title = ""
    if meta is not None:
        title = next((" ".join((el.text or "").split()) for el in meta.iter() if local(el.tag) == "title"), "")
    return [Document(source=name, text=text, title=title, path=str(path), fmt="odt",
                     places=places, line_unit="paragraph")]


class _Reader:
    def __init__(self) -> None:
        self.out = TextBuilder()
        self.number = 0
        self.tables = 0
        self.notes: list[tuple[int, str]] = []

    def walk(self, el) -> None:
        for child in el:
            tag = local(child.tag)
            if tag in ("p", "h"):
                self.number += 1
                self.out.line(self.text(child), self.number)
            elif tag == "table":
                self.tables += 1
                rows = [r for r in child.iter() if local(r.tag) == "table-row"]
                for k, row in enumerate(rows, start=1):
                    cells = [self.text(c) for c in row if local(c.tag) == "table-cell"]
                    if any(cells):
                        self.out.line(row_line(cells), k, f"table {self.tables}")
            elif tag not in _SKIP:
                self.walk(child)  # lists, list items, sections, frames

    def text(self, el) -> str:
        """The text of a paragraph (or cell), notes cut out and called ``[^N]``."""
        parts: list[str] = [el.text or ""]
        for child in el:
            tag = local(child.tag)
            if tag == "note":
                parts.append(self._note(child))
            elif tag == "s":
                parts.append(" " * int(child.get(f"{{{_TEXT}}}c", "1") or 1))
            elif tag in ("tab", "line-break"):
                parts.append(" ")
            elif tag in ("p", "h", "list", "list-item"):
                parts.append(" " + self.text(child) + " ")
            elif tag not in _SKIP and tag != "note-citation":
                parts.append(self.text(child))
            parts.append(child.tail or "")
        return "".join(parts)

    def _note(self, note) -> str:
        citation = next((c for c in note if local(c.tag) == "note-citation"), None)
        label = " ".join(("".join(citation.itertext()) if citation is not None else "").split())
        n = self.out.note_number(label or str(len(self.notes) + 1))
        body = next((c for c in note if local(c.tag) == "note-body"), None)
        self.notes.append((n, self.text(body) if body is not None else ""))
        return note_call(n)
