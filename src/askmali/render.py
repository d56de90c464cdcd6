"""Rendering results for people and pipes. CLI-side: the core never imports this module.

Formats: ``rich`` (a terminal: colour, the key span highlighted), ``plain`` (no escape codes,
for pipes), ``json`` / ``jsonl`` (the schema-1 contract, see docs/cli.md), ``markdown`` (for
notes, the citation as a footnote). Only the ``print_*_rich`` functions import rich, so a plain
pipe does not pay for it.

Every answer is shown the same way in every human format: the answering sentence, its citation
(file, lines, passage id, and the document's title when known), the sentences around it, and the
other documents that answer too, each named, because the documents do not always agree.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from .models import Answer, Hit, Passage, Result

FORMATS = ("rich", "plain", "json", "jsonl", "markdown")
NO_ANSWER = "No answer: nothing in the indexed documents answers this question."
OTHERS = "Other sources (the documents do not always agree):"
WIDTH = 100  # plain text wraps here; the answer sentence itself is never wrapped
CONTEXT_SENTENCES = 1  # sentences shown on each side of the answer
# An answer whose ``confidence`` (the calibrated probability that it is right) is under this is
# shown as uncertain. Of such answers, PIAF test's are right about 4 % of the time (the README's
# reliability table); the seeds' (long articles, where the model is under-confident) 55 %: the
# label says "check", not "wrong".
UNCERTAIN_BELOW = 0.1
UNCERTAIN = "Uncertain answer: the documents may not say this; check the source."


def no_answer(result: Result) -> str:
    """Why there is no answer: the documents do not say, or what they say is less sure than the
    asker's ``--min-confidence``."""
    if result.withheld is None:
        return NO_ANSWER
    return f"No answer as sure as asked: the best one found has confidence {result.withheld:.2f}, under --min-confidence."


def uncertain(a: Answer) -> bool:
    return a.confidence is not None and a.confidence < UNCERTAIN_BELOW


def lines(line_start: int, line_end: int, unit: str = "line") -> str:
    """"lines 3-7", "line 4", "paragraphs 2-3", "source line 40"."""
    return f"{unit} {line_start}" if line_start == line_end else f"{unit}s {line_start}-{line_end}"


def place(page: int | None, page_label: str | None, section: str | None) -> str:
    """Where in the original, before the lines: "p. 12 (page 30 of the file)" for a PDF page
    with a printed label, "page 30" without one, and the section when known."""
    parts = [section] if section else []
    if page:
        printed = page_label and page_label != str(page)
        parts.append(f"p. {page_label} (page {page} of the file)" if printed else f"page {page}")
    return ", ".join(parts)


def located(x: Passage | Answer) -> str:
    """The place and lines of a passage or an answer: "p. 12 (page 30 of the file), lines 3-7"."""
    where = place(x.page, x.page_label, x.section)
    span = lines(x.line_start, x.line_end, x.line_unit)
    return f"{where}, {span}" if where else span


def cite(source: str, passage_id: str, line_start: int, line_end: int, where: str | None = None) -> str:
    """``file, [page,] lines A-B (passage id)``: the one citation format of every human output;
    ``where`` (from :func:`located`) replaces the bare lines when the passage has a place."""
    return f"{source}, {where or lines(line_start, line_end)} (passage {passage_id})"


def cite_passage(p: Passage) -> str:
    return cite(p.source, p.id, p.line_start, p.line_end, located(p))


def cite_answer(a: Answer) -> str:
    return cite(a.source, a.passage_id, a.line_start, a.line_end, located(a))


def dump(obj: object, fmt: str) -> str:
    """JSON as askmali prints it: indented for json, one line for jsonl, non-ASCII kept."""
    if fmt == "jsonl":
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(obj, ensure_ascii=False, indent=2)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _snippet(text: str, width: int = 160) -> str:
    text = _squash(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _paragraphs(text: str) -> str:
    """Whitespace squashed within lines, line breaks (a heading before its paragraph) kept."""
    return "\n".join(_squash(line) for line in text.split("\n") if line.strip())


def _wrap(text: str, indent: str = "    ", width: int = WIDTH) -> str:
    """Wrap each line of ``text`` on its own, so a heading stays above its paragraph."""
    return "\n".join(
        textwrap.fill(line, width=width, initial_indent=indent, subsequent_indent=indent)
        for line in _paragraphs(text).split("\n")
    )


def _titles(result: Result) -> dict[str, str]:
    """Each source's document title, as far as the returned passages tell it."""
    titles = {h.passage.source: h.passage.title for h in result.hits if h.passage.title}
    for a in (result.answer, *result.other_sources):
        if a is not None and a.passage is not None and a.passage.title:
            titles.setdefault(a.source, a.passage.title)
    return titles


def who(source: str, title: str) -> str:
    """A document named for a person: its title when it has one, then its file."""
    return f"« {title} » ({source})" if title else source


# ----------------------------------------------------------------------------- context


@dataclass(frozen=True)
class Context:
    """The answer inside its passage: up to ``CONTEXT_SENTENCES`` sentences either side."""

    passage: Passage
    before: str  # text before the answer, "…"-led when the passage goes on further back
    answer: str
    after: str

    @property
    def label(self) -> str:
        p = self.passage
        if p.kind == "footnote" and p.footnotes:
            return f"footnote {p.footnotes[0]}, passage {p.id}"
        return f"{p.kind}, passage {p.id}"


def context(result: Result) -> Context | None:
    """Where the answer sits in its passage, or None when the passage adds nothing to it."""
    a = result.answer
    passage = a.passage if a else None
    if a is not None and passage is None:
        passage = next((h.passage for h in result.hits if h.passage.id == a.passage_id), None)
    if a is None or passage is None:
        return None
    text = passage.text
    start = text.find(a.text)
    if start < 0 or _squash(text) == _squash(a.text):
        return None
    end = start + len(a.text)
    spans = list(passage.sentences) or [(0, len(text))]
    first = next((i for i, (s, e) in enumerate(spans) if s <= start < e), 0)
    last = next((i for i, (s, e) in enumerate(spans) if s < end <= e), len(spans) - 1)
    lo = spans[max(0, first - CONTEXT_SENTENCES)][0]
    hi = spans[min(len(spans) - 1, last + CONTEXT_SENTENCES)][1]
    before = ("… " if lo > 0 else "") + _squash(text[lo:start])
    after = _squash(text[end:hi]) + (" …" if hi < len(text.rstrip()) else "")
    return Context(passage, before.strip(), a.text, after.strip())


def _others(result: Result) -> list[tuple[Answer, str]]:
    titles = _titles(result)
    return [(o, titles.get(o.source, "")) for o in result.other_sources]


# ----------------------------------------------------------------------------- ask


def result_text(result: Result, fmt: str) -> str:
    """Everything but rich: plain, json, jsonl, markdown."""
    if fmt in ("json", "jsonl"):
        return dump(result.to_json(), fmt)
    if fmt == "markdown":
        return markdown(result)
    return plain(result)


def plain(result: Result) -> str:
    """For pipes and people: the answer on one line (grep-able), then its citation, context and
    other sources, wrapped, with no escape codes."""
    a = result.answer
    if a is None:
        return no_answer(result)
    titles = _titles(result)
    out = [_squash(a.text), f"  -- {cite_answer(a)}"]
    if titles.get(a.source):
        out.append(f"     « {titles[a.source]} »")
    if uncertain(a):
        out.append(f"  ({UNCERTAIN})")
    ctx = context(result)
    if ctx is not None:
        out += ["", f"Context ({ctx.label}):", _wrap(f"{ctx.before} {ctx.answer} {ctx.after}")]
    others = _others(result)
    if others:
        out += ["", OTHERS]
        for o, title in others:
            out += [f"  {who(o.source, title)} says:", _wrap(o.text), f"    -- {cite_answer(o)}"]
    return "\n".join(out)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def md_escape(text: str) -> str:
    """Escape what Markdown would read as markup, so a pasted sentence stays the sentence."""
    return _MD_SPECIAL.sub(r"\\\1", _squash(text))


def footnote_label(a: Answer) -> str:
    """A footnote label unique to the answering sentence, so several pasted answers coexist."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", a.source).strip("-") or "source"
    span = f"{a.line_start}" if a.line_start == a.line_end else f"{a.line_start}-{a.line_end}"
    return f"{stem}-p{a.page}-L{span}" if a.page else f"{stem}-L{span}"


def _md_answer(a: Answer) -> str:
    """The answer sentence with its key span in bold."""
    if a.span is None:
        return md_escape(a.text)
    s, e = a.span
    raw = a.text
    left = " " if s > 0 and raw[s - 1].isspace() else ""  # keep the spacing around the span
    right = " " if e < len(raw) and raw[e].isspace() else ""
    return f"{md_escape(raw[:s])}{left}**{md_escape(raw[s:e])}**{right}{md_escape(raw[e:])}".strip()


def _md_note(a: Answer, title: str) -> str:
    doc = f"*{md_escape(title)}*, `{a.source}`" if title else f"`{a.source}`"
    return f"[^{footnote_label(a)}]: {doc}, {located(a)} (passage `{a.passage_id}`)."


def markdown(result: Result) -> str:
    """Paste-ready: the question in bold, the answer quoted with its key span in bold and the
    citation as a footnote, other sources as a list with their own footnotes."""
    out = [f"**{md_escape(result.question)}**", ""]
    a = result.answer
    if a is None:
        return "\n".join(out + [f"*{no_answer(result)}*"])
    titles = _titles(result)
    out.append(f"> {_md_answer(a)}[^{footnote_label(a)}]")
    if uncertain(a):
        out += ["", f"*{UNCERTAIN}*"]
    notes = [_md_note(a, titles.get(a.source, ""))]
    others = _others(result)
    if others:
        out += ["", OTHERS, ""]
        for o, title in others:
            name = f"*{md_escape(title)}*" if title else f"`{o.source}`"
            out.append(f"- {name}: {_md_answer(o)}[^{footnote_label(o)}]")
            notes.append(_md_note(o, title))
    return "\n".join(out + [""] + list(dict.fromkeys(notes)))


def print_result_rich(result: Result, console) -> None:
    """A terminal: the answer in a panel with its key span highlighted, the citation under it,
    the sentences around it (dimmed) and the other sources, each named."""
    from rich.markup import escape
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.text import Text

    a = result.answer
    if a is None:
        console.print(Text(no_answer(result), style="yellow"))
        return
    titles = _titles(result)
    doubt = uncertain(a)
    console.print(Panel(_rich_answer(a), title="Answer (uncertain)" if doubt else "Answer", title_align="left",
                        border_style="yellow" if doubt else "green"))
    console.print(_rich_cite(a, titles.get(a.source, "")))
    if doubt:
        console.print(Text(UNCERTAIN, style="yellow"))
    ctx = context(result)
    if ctx is not None:
        body = Text.assemble(*([(ctx.before + " ", "dim")] if ctx.before else []), _rich_answer(a, style="bold"),
                             *([(" " + ctx.after, "dim")] if ctx.after else []))
        console.print(Panel(body, title=escape(f"Context ({ctx.label})"), title_align="left", border_style="dim"))
    others = _others(result)
    if others:
        console.print()
        console.print(Text(OTHERS, style="bold cyan"))
        for o, title in others:
            console.print(Padding(Text.assemble((who(o.source, title), "cyan"), " says:"), (0, 0, 0, 2)))
            console.print(Padding(_rich_answer(o), (0, 0, 0, 4)))
            console.print(Padding(_rich_cite(o, ""), (0, 0, 0, 4)))


def _rich_answer(a: Answer, style: str = ""):
    from rich.text import Text

    body = Text(_squash(a.text) if a.span is None else a.text, style=style)
    if a.span:
        body.stylize("bold underline black on yellow", *a.span)
    return body


def _rich_cite(a: Answer, title: str):
    from rich.text import Text

    parts = [("— ", "dim"), (a.source, "bold"), (f", {located(a)} ", ""),
             (f"(passage {a.passage_id})", "dim")]
    if title:
        parts.append((f"\n  « {title} »", "italic"))
    return Text.assemble(*parts)


# ----------------------------------------------------------------------------- search


def hits_text(query: str, hits: Sequence[Hit], fmt: str, *, explain: bool = False) -> str:
    if fmt in ("json", "jsonl"):
        obj = {"schema": 1, "query": query, "passages": [h.to_json(explain=explain) for h in hits]}
        return dump(obj, fmt)
    if not hits:
        return "No passage matches." if fmt != "markdown" else f"**Search:** {md_escape(query)}\n\n*No passage matches.*"
    out = [f"**Search:** {md_escape(query)}", ""] if fmt == "markdown" else []
    for h in hits:
        p = h.passage
        head = f"{h.rank}. {cite_passage(p)} [{p.kind}] score {h.score:.3f}"
        if explain:
            head += f"  ({_signals(h)})"
        out.append(head)
        out.append(_wrap(_snippet(p.text, 300), "   " if fmt == "markdown" else "    "))
    return "\n".join(out)


def _signals(h: Hit) -> str:
    return f"bm25 {h.bm25:.3f} rank {h.bm25_rank or '-'}, tfidf {h.tfidf:.3f} rank {h.tfidf_rank or '-'}"


def print_hits_rich(query: str, hits: Sequence[Hit], console, *, explain: bool = False) -> None:
    from rich.markup import escape
    from rich.table import Table

    if not hits:
        console.print("[yellow]No passage matches.[/yellow]")
        return
    table = Table(show_lines=True, expand=True)
    table.add_column("#", justify="right", width=3)
    table.add_column("passage", ratio=1, overflow="fold")
    table.add_column("score", justify="right", width=7)
    if explain:
        table.add_column("bm25 (rank)", justify="right", width=14)
        table.add_column("tfidf (rank)", justify="right", width=14)
    for h in hits:
        p = h.passage
        where = cite_passage(p)
        cell = f"[bold]{escape(where)}[/bold] [dim]{p.kind}[/dim]\n{escape(_snippet(p.text, 240))}"
        row = [str(h.rank), cell, f"{h.score:.3f}"]
        if explain:
            row += [f"{h.bm25:.3f} ({h.bm25_rank or '-'})", f"{h.tfidf:.3f} ({h.tfidf_rank or '-'})"]
        table.add_row(*row)
    console.print(table)


# ----------------------------------------------------------------------------- show


def context_text(
    before: Passage | None, p: Passage, after: Passage | None, notes: Sequence[Passage], fmt: str,
    page: Sequence[Passage] = (),
) -> str:
    """``askmali show``: the passage, a glimpse of its neighbours (or, for a passage with a page
    or section, the other passages of that page in full), and the footnotes it cites."""
    if fmt in ("json", "jsonl"):
        obj = {
            "schema": 1,
            "passage": p.to_json(),
            "before": before.to_json() if before else None,
            "after": after.to_json() if after else None,
            "footnotes": [n.to_json() for n in notes],
        }
        if page:
            obj["page"] = [q.to_json() for q in page]
        return dump(obj, fmt)
    md = fmt == "markdown"
    where = f"{located(p)} (passage {p.id}) [{p.kind}]"
    if md:
        title = f"*{md_escape(p.title)}*, " if p.title else ""
        out = [f"{title}`{p.source}`, {where.replace(p.id, f'`{p.id}`')}", ""]
    else:
        out = [f"{p.source}, {where}"] + ([f"« {p.title} »"] if p.title else []) + [""]
    if page:
        out += [f"The whole {place(p.page, p.page_label, p.section)}, this passage marked:", ""]
        for q in page:
            out += [_wrap(q.text, "> " if q.id == p.id else ("" if md else "  ")), ""]
    else:
        if before:
            out += [_wrap(_tail(before.text, 240), "  "), ""]
        out += [_wrap(p.text, "> " if md else "  "), ""]
        if after:
            out += [_wrap(_head(after.text, 240), "  "), ""]
    if notes:
        out += ["Footnotes cited:", ""] if md else ["Footnotes cited:"]
        for n in notes:
            number = ", ".join(map(str, n.footnotes))
            note = f"[{number}] {n.text} ({located(n)}, passage {n.id})"
            out.append(f"- {md_escape(note)}" if md else _wrap(note, "  "))
    return "\n".join(out).rstrip()


def print_context_rich(
    before: Passage | None, p: Passage, after: Passage | None, notes: Sequence[Passage], console,
    page: Sequence[Passage] = (),
) -> None:
    """``askmali show`` on a terminal: the passage in a panel between dimmed glimpses of its
    neighbours (the rest of its page in full, for a PDF), its citation as the title, and the
    footnotes it cites."""
    from rich.markup import escape
    from rich.panel import Panel
    from rich.text import Text

    k = next((i for i, q in enumerate(page) if q.id == p.id), 0)
    if page:
        for q in page[:k]:
            console.print(Text(_paragraphs(q.text), style="dim"))
    elif before:
        console.print(Text(_tail(before.text, 240), style="dim"))
    title = escape(cite_passage(p) + f" [{p.kind}]")
    console.print(Panel(Text(_paragraphs(p.text)), title=title, title_align="left", border_style="green",
                        subtitle=escape(f"« {p.title} »") if p.title else None, subtitle_align="right"))
    if page:
        for q in page[k + 1 :]:
            console.print(Text(_paragraphs(q.text), style="dim"))
    elif after:
        console.print(Text(_head(after.text, 240), style="dim"))
    if notes:
        console.print()
        console.print(Text("Footnotes cited:", style="bold cyan"))
        for n in notes:
            number = ", ".join(map(str, n.footnotes))
            console.print(Text.assemble((f"[{number}] ", "bold"), _squash(n.text),
                                        (f" ({located(n)}, passage {n.id})", "dim")))


def _tail(text: str, width: int) -> str:
    """The end of ``text``, "…"-led: what comes just before the passage that follows it."""
    text = _squash(text)
    if len(text) <= width:
        return "… " + text
    cut = text[-width:]
    return "… " + (cut.split(" ", 1)[1] if " " in cut else cut)


def _head(text: str, width: int) -> str:
    """The start of ``text``, "…"-ended: what comes just after the passage before it."""
    text = _squash(text)
    cut = text if len(text) <= width else text[:width].rsplit(" ", 1)[0]
    return cut + " …"
