"""HTML and XHTML trees (parsed by lxml) -> the lines of ``layout``: footnotes found from their
links, and block elements walked in document order. Used by the EPUB reader for its chapter
files and by the HTML reader for the notes of a page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from .layout import local, note_call, one_line, row_line

_LABEL = re.compile(r"\[?\s*(\d{1,4}|[a-z]|[ivx]{1,5}|\*{1,3}|†|‡)\s*\]?", re.I)
_NOTE_HINT = re.compile(r"(?i)foot|endnote|rearnote|\bnote\b|\bfn\b|fn\d|ftn")
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_BLOCKS = _HEADINGS | frozenset(
    "p div section article aside header footer nav main body ul ol li dl dt dd table thead tbody "
    "tfoot tr caption figure figcaption blockquote pre address hr form fieldset details summary "
    "center noscript".split()
)
_SKIP = frozenset("script style head title template svg math object iframe button select".split())
_ROW_CELLS = frozenset(("td", "th"))


def text_of(el) -> str:
    """All the text inside ``el`` (comments and skipped elements aside), whitespace collapsed."""
    parts: list[str] = []
    _inline(el, parts)
    return one_line("".join(parts))


def _inline(el, parts: list[str]) -> None:
    tag = local(el.tag)
    if tag and tag not in _SKIP:
        if tag in ("br", "lb"):  # a line break (trafilatura writes <lb/>)
            parts.append(" ")
        parts.append(el.text or "")
        for child in el:
            _inline(child, parts)
            parts.append(child.tail or "")
    # a comment's or skipped element's own text is dropped; its tail is added by the caller


def replace_with_text(el, text: str) -> None:
    """Remove ``el`` from its tree, leaving ``text`` (and its tail) where it stood."""
    parent = el.getparent()
    if parent is None:
        return
    rest = text + (el.tail or "")
    prev = el.getprevious()
    if prev is not None:
        prev.tail = (prev.tail or "") + rest
    else:
        parent.text = (parent.text or "") + rest
    parent.remove(el)


def take_notes(root, number: Callable[[str], int]) -> list[tuple[int, str, int | None]]:
    """Find footnotes (a link ``#id`` labelled like "[5]" or "1" to an element holding a link
    back, or marked as a note by its class, role or epub:type), write each call as ``[^N]``,
    N = ``number(label)``, and remove the notes from the tree. Returns ``(N, text, source line
    of the note's first paragraph)`` in call order."""
    by_id = {}
    for el in root.iter():
        if isinstance(el.tag, str) and el.get("id"):
            by_id.setdefault(el.get("id"), el)
    notes: list[tuple[int, str, int | None]] = []
    seen: dict[str, int] = {}
    for a in [el for el in root.iter() if local(el.tag) == "a"]:
        href = a.get("href") or ""
        if not href.startswith("#") or len(href) < 2:
            continue
        m = _LABEL.fullmatch(text_of(a))
        target = by_id.get(href[1:])
        if not m or target is None or _inside(a, target):
            continue
        call_ids = {x.get("id") for x in (a, a.getparent()) if x is not None and x.get("id")}
        body = _note_body(target)
        if body is None or _inside(a, body[0]) or not _is_note(body, call_ids):
            continue
        label = m.group(1)
        call = a.getparent() if local(a.getparent().tag) == "sup" and len(a.getparent()) == 1 else a
        if href in seen:  # a second call of the same note
            replace_with_text(call, note_call(seen[href]))
            continue
        seen[href] = n = number(label)
        replace_with_text(call, note_call(n))
        para = next((el for el in body[0].iter() if local(el.tag) == "p"), body[0])
        notes.append((n, _note_text(body, label), para.sourceline))
        for el in body:
            if el.getparent() is not None:
                replace_with_text(el, " ")
    return notes


def _inside(el, container) -> bool:
    while el is not None:
        if el is container:
            return True
        el = el.getparent()
    return False


def _note_body(target) -> list | None:
    """The element(s) holding the note ``target`` points to: its nearest block, with the
    definition that follows a ``<dt>`` and the whole row of a table cell."""
    el = target
    while el is not None and local(el.tag) not in _BLOCKS:
        el = el.getparent()
    if el is None or local(el.tag) in ("body", "html"):
        return None
    tag = local(el.tag)
    if tag in _ROW_CELLS and el.getparent() is not None:
        el = el.getparent()
    if tag == "dt":
        nxt = el.getnext()
        return [el, nxt] if nxt is not None and local(nxt.tag) == "dd" else [el]
    return [el]


def _is_note(body: list, call_ids: set[str]) -> bool:
    for el in body:
        for x in el.iter():
            if local(x.tag) == "a" and (x.get("href") or "")[1:] in call_ids and call_ids:
                return True
    hints = []
    for el in body:
        node = el
        for _ in range(3):  # the note element or the list that holds it
            if node is None:
                break
            hints += [v for k, v in node.attrib.items() if local(k) in ("class", "role", "type", "id")]
            node = node.getparent()
    return any(_NOTE_HINT.search(h) for h in hints)


def _note_text(body: list, label: str) -> str:
    """The note's text without its back links and its leading label ("[4] ", "1.")."""
    parts: list[str] = []
    for el in body:
        for a in [x for x in el.iter() if local(x.tag) == "a" and (x.get("href") or "").startswith("#")]:
            if _LABEL.fullmatch(text_of(a)) or one_line(text_of(a)) in ("↩", "↩︎", "^", "↑"):
                replace_with_text(a, " ")
        parts.append(text_of(el))
    text = one_line(" ".join(parts))
    text = re.sub(rf"^(?:\[\s*\]|\[?{re.escape(label)}\]?[.)]?)\s+", "", text)
    return re.sub(r"\s*↩\ufe0e?\s*$", "", text)


def block_lines(root) -> Iterator[tuple[str, int | None]]:
    """The text of ``root`` as lines: one per paragraph, heading, list item and table row
    (``| a | b |``), in document order, each with the source line of its block."""
    if local(root.tag) in _SKIP:
        return
    if local(root.tag) == "tr":
        cells = [text_of(c) for c in root if local(c.tag) in _ROW_CELLS]
        if any(cells):
            yield row_line(cells), root.sourceline
        return
    if local(root.tag) == "pre":
        yield text_of(root), root.sourceline
        return
    buf: list[str] = [root.text or ""]
    line = root.sourceline
    for child in root:
        tag = local(child.tag)
        if tag in _BLOCKS:
            text = one_line("".join(buf))
            if text:
                yield text, line
            buf = []
            yield from block_lines(child)
            line = child.sourceline
        else:
            if not one_line("".join(buf)):
                line = child.sourceline or line
            _inline(child, buf)
        buf.append(child.tail or "")
    text = one_line("".join(buf))
    if text:
        yield text, line
