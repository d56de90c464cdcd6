"""What the structured readers (HTML, DOCX, ODT, EPUB) share: the text layout they write,
safe XML parsing and bounded reading of zip members.

The layout the cleaner expects from them (see ``cleaning``): one paragraph, heading, list item
or table row per line (a row as ``| a | b |``); a footnote call written ``[^N]`` where it
stands, and the note itself as a line ``[^N]: text`` after the body (Markdown's footnote
syntax, which ordinary prose never contains). Each line is cited by the number the reader
gives it (a paragraph number, a source line), recorded as :class:`~askmali.models.Place`\\ s.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable

from ..errors import ReadError
from ..models import Place

Warn = Callable[[str], None]

# A zip member larger than this once inflated is refused (a zip bomb, or not a document).
MAX_MEMBER_BYTES = 64 * 1024 * 1024
_SPACE = re.compile(r"\s+")


class Unreadable(Exception):
    """The file cannot be read as its format: the message says why, ``reason`` is the word the
    build's summary counts it under. A reader turns it into a ReadError naming the file."""

    def __init__(self, message: str, reason: str = "damaged") -> None:
        super().__init__(message)
        self.reason = reason

    def error(self, name: str) -> ReadError:
        return ReadError(f"{name}: {self}, skipped", reason=self.reason)


def one_line(text: str) -> str:
    """``text`` with every run of whitespace (newlines included) made one space, stripped."""
    return _SPACE.sub(" ", text).strip()


def row_line(cells: list[str]) -> str:
    """A table row as the cleaner reads one: ``| a | b |``; a row with a single non-empty cell
    (a layout table: a boxed note, a caption) is that text alone, read as prose."""
    cells = [one_line(c) for c in cells]
    if sum(bool(c) for c in cells) <= 1:
        return next((c for c in cells if c), "")
    return "| " + " | ".join(cells) + " |"


def note_call(number: int) -> str:
    return f"[^{number}]"


class TextBuilder:
    """Collects a document's lines and the places that cite them."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._places: list[Place] = []
        self._pos = 0
        self._expect: tuple[int, str | None] | None = None
        self._last_note = 0

    def note_number(self, label: str) -> int:
        """The number a note printed as ``label`` gets in this document: its own when it is a
        number above the last one given (so "[5]" stays 5), else the next one (notes that
        start again at 1 in each chapter, or are marked "a", "*")."""
        number = int(label) if label.isdigit() and int(label) > self._last_note else self._last_note + 1
        self._last_note = number
        return number

    def line(self, text: str, number: int, section: str | None = None) -> None:
        """Add one line (whitespace collapsed; nothing when empty), cited as ``number``."""
        text = one_line(text)
        if not text:
            return
        if self._expect != (number, section):  # not the next line of the current place
            self._places.append(Place(self._pos, number, section=section))
        self._parts.append(text + "\n")
        self._pos += len(text) + 1
        self._expect = (number + 1, section)

    def note(self, note: int, text: str, number: int, section: str | None = None) -> None:
        """Add the line of footnote ``note`` (its number in this document)."""
        self.line(f"{note_call(note)}: {one_line(text)}", number, section)

    @property
    def empty(self) -> bool:
        return not self._parts

    def build(self) -> tuple[str, tuple[Place, ...]]:
        return "".join(self._parts), tuple(self._places)


def xml_parser():
    """An lxml parser that never resolves entities, loads a DTD or touches the network, and
    refuses huge trees: a hostile file can neither hang the build nor fetch anything."""
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
    )


def parse_xml(data: bytes, what: str):
    from lxml import etree

    try:
        return etree.fromstring(data, parser=xml_parser())
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise Unreadable(f"{what} is not well-formed XML ({str(exc).splitlines()[0][:80]})") from None


def open_zip(path, kind: str) -> zipfile.ZipFile:
    """The zip archive at ``path``; ``kind`` names what it should be ("a DOCX")."""
    try:
        return zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise Unreadable(f"not {kind} file (not a zip archive, or a truncated one)", "not a zip") from None
    except OSError as exc:
        raise Unreadable(f"cannot read it ({exc.strerror or exc})") from None


def read_member(zf: zipfile.ZipFile, name: str) -> bytes:
    """A member's bytes, refusing one that inflates beyond ``MAX_MEMBER_BYTES``."""
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise Unreadable(f"{name} is missing") from None
    if info.file_size > MAX_MEMBER_BYTES:
        raise Unreadable(f"{name} is too large once inflated ({info.file_size} bytes)", "too large")
    try:
        with zf.open(info) as fh:
            data = fh.read(MAX_MEMBER_BYTES + 1)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise Unreadable(f"{name} is corrupt ({exc})") from None
    except RuntimeError as exc:  # an encrypted member
        raise Unreadable(f"{name} cannot be read ({exc})") from None
    if len(data) > MAX_MEMBER_BYTES:
        raise Unreadable(f"{name} is too large once inflated", "too large")
    return data


def local(tag) -> str:
    """An element's tag without its namespace ('' for comments and processing instructions)."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]
