"""EPUB: zipfile + lxml. ``META-INF/container.xml`` -> the package (OPF) -> its spine, read in
order; each chapter file is a section and its lines are cited by paragraph within that file.

The container is looked for at the root and, failing that, one folder down (some packagers
put the whole book under an extra folder, as debian-edu-bookworm-manual.epub does).
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote

from ..models import Document
from .layout import TextBuilder, Unreadable, Warn, local, open_zip, parse_xml, read_member
from .xhtml import block_lines, take_notes

_XHTML_TYPES = ("application/xhtml+xml", "text/html", "application/xml", "text/xml")


def read(path: Path, name: str, warn: Warn) -> list[Document]:
    try:
        with open_zip(path, "an EPUB") as zf:
            title, chapters = _book(zf)
            builder = TextBuilder()
            for href, section in chapters:
                try:
                    _chapter(zf, href, section, builder)
                except Unreadable as exc:  # one damaged chapter: the rest of the book is read
                    if exc.reason == "not a zip":
                        raise
                    warn(f"{name}: chapter {section} left out: {exc}")
    except Unreadable as exc:
        raise exc.error(name) from None
    if builder.empty:
        raise Unreadable("no text in its chapters", "no text").error(name)
    text, places = builder.build()
    return [Document(source=name, text=text, title=title, path=str(path), fmt="epub",
                     places=places, line_unit="paragraph")]


def _book(zf) -> tuple[str, list[tuple[str, str]]]:
    """The book's title and its spine's chapter files in reading order: (zip path, the path
    the book itself uses, relative to its package file)."""
    names = zf.namelist()
    container = "META-INF/container.xml"
    if container not in names:
        nested = sorted(n for n in names if n.endswith("/" + container) and n.count("/") == 2)
        if not nested:
            raise Unreadable("not an EPUB (no META-INF/container.xml)")
        container = nested[0]
    base = container[: -len("META-INF/container.xml")]
    root = parse_xml(read_member(zf, container), container)
    opf = next((el.get("full-path") for el in root.iter() if local(el.tag) == "rootfile"), None)
    if not opf:
        raise Unreadable("its container names no package file")
    opf = posixpath.normpath(base + unquote(opf))
    package = parse_xml(read_member(zf, opf), opf)
    folder = posixpath.dirname(opf)
    manifest = {}
    for el in package.iter():
        if local(el.tag) == "item" and el.get("id") and el.get("href"):
            if "nav" in (el.get("properties") or "").split():
                continue  # the EPUB 3 table of contents: links, not text
            manifest[el.get("id")] = (el.get("href"), el.get("media-type") or "")
    chapters = []
    for el in package.iter():
        if local(el.tag) == "itemref" and el.get("idref") in manifest:
            href, media = manifest[el.get("idref")]
            if media in _XHTML_TYPES or href.lower().endswith((".xhtml", ".html", ".htm")):
                member = posixpath.normpath(posixpath.join(folder, unquote(href.split("#")[0])))
                chapters.append((member, posixpath.relpath(member, folder or ".")))
    if not chapters:
        raise Unreadable("its spine lists no chapter")
    title = next((" ".join((el.text or "").split()) for el in package.iter() if local(el.tag) == "title"), "")
    return title, chapters


def _chapter(zf, href: str, section: str, builder: TextBuilder) -> None:
    """One chapter file's lines, numbered by paragraph, its notes after them."""
    data = read_member(zf, href)
    try:
        root = parse_xml(data, href)
    except Unreadable:  # tag soup served as XHTML: the HTML parser reads it
        import lxml.html

        root = lxml.html.document_fromstring(data, parser=lxml.html.HTMLParser(no_network=True))
    body = next((el for el in root.iter() if local(el.tag) == "body"), root)
    notes = take_notes(body, builder.note_number)
    number = 0
    for text, _line in block_lines(body):
        number += 1
        builder.line(text, number, section)
    for note, text, _line in notes:
        number += 1
        builder.note(note, text, number, section)
