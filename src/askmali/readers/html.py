"""Web pages: trafilatura keeps the article and drops navigation and boilerplate.

Before extraction the page's footnotes are taken out (``xhtml.take_notes``: calls become
``[^N]``, the notes follow the article) and inline markup inside text is flattened (trafilatura
misplaces the text of nested inline elements such as ``<code><em><code>``). The page's title
opens the text, reader comments (which trafilatura returns apart) follow a Place marking the
comment section. Each line is cited by the source line where the text of the element it came
from starts, where trafilatura keeps it (else found by the element's text, else the last known).
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..cleaning import COMMENTS
from ..models import Document
from .layout import MAX_MEMBER_BYTES, TextBuilder, Unreadable, Warn, local, one_line, row_line
from .text import decode, looks_binary
from .xhtml import take_notes, text_of

# Inline elements whose tags are dropped (their text kept) before extraction; links stay, as
# trafilatura weighs link density to tell navigation from text.
_FLATTEN = (
    "em strong b i u s tt code kbd samp var span font small big sub abbr acronym cite dfn mark "
    "q time bdi bdo ins del".split()
)


def read(path: Path, name: str, warn: Warn) -> list[Document]:
    import trafilatura

    tree = _load(path, name, warn)
    builder = TextBuilder()
    notes = take_notes(tree, builder.note_number)
    _flatten(tree)
    headings = _headings(tree)  # before extraction, which drops some
    source_lines, text_starts = _source_lines(tree)
    link_words = _link_words(tree)
    extracted = trafilatura.bare_extraction(
        tree,
        include_comments=True,
        include_tables=True,
        with_metadata=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    lines = list(_lines(extracted.body)) if extracted is not None and extracted.body is not None else []
    lines = _located([(one_line(t), n) for t, n in lines if one_line(t)], source_lines)
    lines = [(t, text_starts.get(n, n)) for t, n in lines]
    if all(_is_links(text, link_words) for text, _ in lines):
        raise Unreadable("no article text (the page is all navigation or boilerplate)", "no article text").error(name)
    lines = _with_headings(lines, headings, min((n for _, _, n in notes if n), default=0))
    title = one_line(extracted.title or "")
    first = _first_line(lines)
    if title and lines[0][0] != title:
        builder.line(title, _title_line(tree) or first)
    if extracted.date and _in_head(tree, extracted.date):
        builder.line(f"Publié le {_french_date(extracted.date)}.", _title_line(tree) or first)
    last = first
    for text, line in lines:
        last = line or last
        builder.line(text, last)
    for number, note, line in notes:
        builder.note(number, note, text_starts.get(line, line) if line else last)
    comments = list(_lines(extracted.commentsbody)) if extracted.commentsbody is not None else []
    if any(one_line(t) for t, _ in comments):  # after a line that opens the comment section
        builder.line("Commentaires", comments[0][1] or last, COMMENTS)
        for t, line in comments:
            last = line or last
            builder.line(t, last)
    text, places = builder.build()
    return [Document(source=name, text=text, title=title, path=str(path), fmt="html",
                     places=places, line_unit="source line")]


def _load(path: Path, name: str, warn: Warn):
    """The page's tree (lxml.html), or a ReadError."""
    import trafilatura

    try:
        if path.stat().st_size > MAX_MEMBER_BYTES:
            raise Unreadable(f"over {MAX_MEMBER_BYTES >> 20} MB, not a web page", "too large").error(name)
        data = path.read_bytes()
    except OSError as exc:
        raise Unreadable(f"cannot read it ({exc.strerror})", "unreadable").error(name) from None
    text = _decoded(data, name, warn) if data.strip() else None
    if text is None:
        raise Unreadable("not an HTML page", "no text").error(name)
    tree = trafilatura.load_html(text)
    if tree is None:
        tree = _fragment(text)
    if tree is None:
        raise Unreadable("not an HTML page", "no text").error(name)
    return tree


# The charset a page declares in its first bytes: <meta charset="...">, <meta http-equiv=
# "Content-Type" content="text/html; charset=...">, or an XML declaration's encoding.
_DECLARED = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)""", re.IGNORECASE
)
# Pages that say ISO-8859-1 or ASCII are read as Windows-1252, its superset, as browsers do
_AS_1252 = frozenset(("iso8859-1", "ascii"))


def _decoded(data: bytes, name: str, warn: Warn) -> str | None:
    """The page's text: UTF-8 (or UTF-16 with its BOM) when it is that, else in the charset the
    page declares, else as ``text.decode`` reads a plain file (Windows-1252, with a warning).
    trafilatura would guess the charset of a page that is not UTF-8, and on a short one guesses
    wrong: a Latin-1 page read as Windows-1250 ("dénué d'accčs ŕ la mer")."""
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))  # its NUL bytes are no sign of a binary
    if not utf16 and looks_binary(data):
        return None  # an image or an archive named .html: refused as no HTML page at all
    if not utf16:
        try:
            return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        except UnicodeDecodeError:
            pass
        m = _DECLARED.search(data, 0, 4096)
        if m is not None:
            try:
                charset = codecs.lookup((m.group(1) or m.group(2)).decode("ascii")).name
            except (LookupError, UnicodeDecodeError):
                charset = None
            if charset is not None and not charset.startswith("utf"):
                return data.decode("cp1252" if charset in _AS_1252 else charset, errors="replace")
    got = decode(data, name, warn)
    return None if got is None else got[0]


def _flatten(tree) -> None:
    from lxml import etree

    body = tree.find(".//body")
    etree.strip_tags(body if body is not None else tree, *_FLATTEN)


_CONTAINERS = frozenset(("div", "section", "article", "main", "body", "doc"))


def _fragment(text: str):
    """A page without <html> or <body> (a saved fragment), which trafilatura's loader refuses;
    None for what is not text with markup."""
    import lxml.html

    if "<" not in text or "\x00" in text:
        return None
    try:
        return lxml.html.document_fromstring(text, parser=lxml.html.HTMLParser(no_network=True))
    except (ValueError, lxml.etree.ParserError):
        return None


def _lines(body):
    """(text, source line or None) for each block of trafilatura's output tree: a paragraph,
    heading, quote, code block, list item or table row; containers are walked through."""
    for el in body:
        tag = local(el.tag)
        if tag == "list":
            for item in el:
                yield from _lines_of_item(item)
        elif tag == "table":
            for row in el.iter("row"):
                cells = [text_of(c) for c in row if local(c.tag) == "cell"]
                if any(cells):
                    yield row_line(cells), row.sourceline or el.sourceline
        elif tag in _CONTAINERS and any(local(c.tag) in _BLOCK_OUT for c in el):
            if one_line(el.text or ""):
                yield el.text, el.sourceline
            yield from _lines(el)
        elif tag != "lb":
            yield text_of(el), el.sourceline
        if one_line(el.tail or ""):
            yield el.tail, None


_BLOCK_OUT = _CONTAINERS | frozenset(("p", "head", "list", "table", "quote", "code", "item"))


def _lines_of_item(item):
    """A list item's own text, then its nested lists' items."""
    nested = [c for c in item if local(c.tag) == "list"]
    for c in nested:
        item.remove(c)
    yield text_of(item), item.sourceline
    for c in nested:
        for sub in c:
            yield from _lines_of_item(sub)


_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_TEXT_BLOCKS = ("p", "li", "dd", "dt", "pre", "blockquote", "td", "th", *_HEADING_TAGS)


def _headings(tree) -> list[tuple[str, int | None, str]]:
    """(text, source line, text of the block after it) of each heading of the page, which
    trafilatura drops from some pages (DocBook's, where each sits in a title block)."""
    blocks = [(el.tag in _HEADING_TAGS, text_of(el), el.sourceline) for el in tree.iter(*_TEXT_BLOCKS)]
    out = []
    following = ""
    for is_heading, text, line in reversed(blocks):
        if is_heading and text:
            out.append((text, line, following))
        elif text:
            following = text
    return out[::-1]


def _with_headings(lines, headings, notes_at: int):
    """Put back each heading missing from the extracted article: before the line of the block
    that follows it on the page, else by source line (between two lines of the article, or
    between its last line and its footnotes)."""
    have = {t for t, _ in lines}
    first = {}
    for i, (text, _) in enumerate(lines):
        first.setdefault(text, i)
    before: dict[int, list] = {}
    todo = []
    for text, line, following in headings:
        if text in have:
            continue
        if following in first:
            before.setdefault(first[following], []).append((text, line))
        elif line:
            todo.append((line, text))
    lines = [h for i, ln in enumerate(lines) for h in [*before.get(i, ()), ln]]
    known = [line for _, line in lines if line]
    if not known or not todo:
        return lines
    lo, hi = min(known), max(known + [notes_at])
    todo = [(n, t) for n, t in todo if lo < n < hi]
    out = []
    last = 0
    for text, line in lines:
        while todo and line and last < todo[0][0] < line:
            out.append((todo[0][1], todo[0][0]))
            todo.pop(0)
        while todo and line and todo[0][0] <= last:
            todo.pop(0)  # before a line already passed: out of order, left out
        out.append((text, line))
        last = line or last
    out += [(t, n) for n, t in todo if n > last]  # after the last line, before the notes
    return out


def _source_lines(tree) -> tuple[dict[str, list[int]], dict[int, int]]:
    """Source lines of the page's blocks by their text (table rows as ``| a | b |``), to
    locate the lines trafilatura rebuilt without one; and for a block whose text starts on a
    later line than its tag (``<p>`` then a newline), that line by the tag's."""
    out: dict[str, list[int]] = {}
    starts: dict[int, int] = {}
    for el in tree.iter("p", "li", "dd", "dt", "pre", "blockquote", "td", "th", "tr", "div",
                        "h1", "h2", "h3", "h4", "h5", "h6"):
        if not el.sourceline:
            continue
        if el.tag == "tr":
            text = row_line([text_of(c) for c in el if c.tag in ("td", "th")])
        else:
            text = text_of(el)
        if text:
            out.setdefault(text, []).append(el.sourceline)
        lead = el.text or ""
        if lead.strip():
            lead = lead[: len(lead) - len(lead.lstrip())]
            starts.setdefault(el.sourceline, el.sourceline + lead.count("\n"))
        elif len(el) and el[0].sourceline:  # "<li>" then "<p>" on the next line
            starts.setdefault(el.sourceline, el[0].sourceline)
    return out, starts


def _located(lines, source_lines):
    """Each line with its source line: its own, else that of the page block with the same
    text at or after the last one known, else None."""
    out = []
    last = 0
    for text, line in lines:
        if not line:
            line = next((n for n in source_lines.get(text, ()) if n >= last), None)
        out.append((text, line))
        last = line or last
    return out


def _in_head(tree, date: str) -> bool:
    """Whether the page's head states the date itself (a meta tag), not a guess from its text."""
    head = tree.find(".//head")
    if head is None:
        return False
    from lxml import etree

    return date in etree.tostring(head, encoding=str)


def _link_words(tree) -> set[str]:
    return {w for a in tree.iter("a") for w in text_of(a).casefold().split()}


def _is_links(text: str, link_words: set[str]) -> bool:
    """A line made (almost) only of the words of the page's links: a menu, not text (what
    trafilatura's fallback returns for a page that is all navigation)."""
    words = [w for w in text.casefold().split() if any(c.isalnum() for c in w)]
    return sum(w in link_words for w in words) >= 0.8 * len(words)


_MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()


def _french_date(iso: str) -> str:
    """"2025-11-07" -> "7 novembre 2025" (as the texts and the questions write dates)."""
    try:
        year, month, day = (int(x) for x in iso[:10].split("-"))
        return f"{'1er' if day == 1 else day} {_MONTHS[month - 1]} {year}"
    except (ValueError, IndexError):
        return iso


def _first_line(lines) -> int:
    return next((line for _, line in lines if line), 1)


def _title_line(tree) -> int | None:
    el = tree.find(".//title")
    return el.sourceline if el is not None else None
