"""Rendering results for people and pipes. CLI-side: the core never imports this module.

Formats: ``rich`` (a terminal: colour, the key span highlighted), ``plain`` (no escape codes,
for pipes), ``json`` / ``jsonl`` (the schema-1 contract), ``markdown`` (for notes, the citation
as a footnote). Only the rich format imports rich, so a plain pipe does not pay for it.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from typing import TextIO

from .models import Answer, Hit, Passage, Result

FORMATS = ("rich", "plain", "json", "jsonl", "markdown")
NO_ANSWER = "No answer: nothing in the indexed documents answers this question."


def cite(source: str, passage_id: str, line_start: int, line_end: int) -> str:
    lines = f"line {line_start}" if line_start == line_end else f"lines {line_start}-{line_end}"
    return f"{source}, {lines} (passage {passage_id})"


def _dump(obj: object, fmt: str) -> str:
    if fmt == "jsonl":
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(obj, ensure_ascii=False, indent=2)


def _snippet(text: str, width: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _wrap(text: str, indent: str = "    ", width: int = 100) -> str:
    return textwrap.fill(" ".join(text.split()), width=width, initial_indent=indent, subsequent_indent=indent)


def _answer_passage(result: Result) -> Passage | None:
    if not result.answer:
        return None
    for h in result.hits:
        if h.passage.id == result.answer.passage_id:
            return h.passage
    return None


# ----------------------------------------------------------------------------- ask


def result_text(result: Result, fmt: str) -> str:
    """Everything but rich: plain, json, jsonl, markdown."""
    if fmt in ("json", "jsonl"):
        return _dump(result.to_json(), fmt)
    if fmt == "markdown":
        return _markdown(result)
    return _plain(result)


def _plain(result: Result) -> str:
    a = result.answer
    if a is None:
        return NO_ANSWER
    out = [a.text, f"  -- {cite(a.source, a.passage_id, a.line_start, a.line_end)}"]
    passage = _answer_passage(result)
    if passage is not None and passage.text.strip() != a.text:
        out += ["", "  Context:", _wrap(passage.text)]
    if result.other_sources:
        out += ["", "  Other sources:"]
        for o in result.other_sources:
            out += [_wrap(o.text), f"    -- {cite(o.source, o.passage_id, o.line_start, o.line_end)}"]
    return "\n".join(out)


def _markdown(result: Result) -> str:
    a = result.answer
    out = [f"**Q:** {result.question}", ""]
    if a is None:
        return "\n".join(out + [f"_{NO_ANSWER}_"])
    answers = [a, *result.other_sources]
    notes = []
    for n, ans in enumerate(answers, start=1):
        body = _md_highlight(ans)
        prefix = "> " if n == 1 else "> *Also:* "
        out.append(f"{prefix}{body}[^askmali-{n}]")
        out.append(">")
        notes.append(f"[^askmali-{n}]: `{ans.source}`, {cite(ans.source, ans.passage_id, ans.line_start, ans.line_end).split(', ', 1)[1]}.")
    out.pop()
    return "\n".join(out + [""] + notes)


def _md_highlight(a: Answer) -> str:
    text = " ".join(a.text.split()) if a.span is None else a.text
    if a.span:
        s, e = a.span
        text = f"{a.text[:s]}**{a.text[s:e]}**{a.text[e:]}"
        text = " ".join(text.split())
    return text


def print_result_rich(result: Result, console) -> None:
    from rich.markup import escape
    from rich.panel import Panel
    from rich.text import Text

    a = result.answer
    if a is None:
        console.print(Text(NO_ANSWER, style="yellow"))
        return
    body = Text(a.text)
    if a.span:
        body.stylize("bold black on yellow", *a.span)
    console.print(Panel(body, title="Answer", title_align="left", border_style="green",
                        subtitle=escape(cite(a.source, a.passage_id, a.line_start, a.line_end)), subtitle_align="right"))
    passage = _answer_passage(result)
    if passage is not None and passage.text.strip() != a.text:
        ctx = Text(passage.text, style="dim")
        start = passage.text.find(a.text)
        if start >= 0:
            ctx.stylize("not dim", start, start + len(a.text))
        console.print(Panel(ctx, title=f"Passage {escape(passage.id)} ({passage.kind})", title_align="left", border_style="dim"))
    for o in result.other_sources:
        console.print(Text.assemble(("Also in ", "cyan"), (o.source, "bold cyan"), (": ", "cyan"), o.text))
        console.print(Text(f"  {cite(o.source, o.passage_id, o.line_start, o.line_end)}", style="dim"))


# ----------------------------------------------------------------------------- search


def hits_text(query: str, hits: Sequence[Hit], fmt: str, *, explain: bool = False) -> str:
    if fmt in ("json", "jsonl"):
        obj = {"schema": 1, "query": query, "passages": [h.to_json(explain=explain) for h in hits]}
        return _dump(obj, fmt)
    if not hits:
        return "No passage matches." if fmt != "markdown" else f"**Search:** {query}\n\n_No passage matches._"
    out = [f"**Search:** {query}", ""] if fmt == "markdown" else []
    for h in hits:
        p = h.passage
        head = f"{h.rank}. {cite(p.source, p.id, p.line_start, p.line_end)} [{p.kind}] score {h.score:.3f}"
        if explain:
            head += f"  (bm25 {h.bm25:.3f} rank {h.bm25_rank or '-'}, tfidf {h.tfidf:.3f} rank {h.tfidf_rank or '-'})"
        out.append(head)
        out.append(_wrap(_snippet(p.text, 300), "   " if fmt == "markdown" else "    "))
    return "\n".join(out)


def print_hits_rich(query: str, hits: Sequence[Hit], console, *, explain: bool = False) -> None:
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
        cell = f"[bold]{p.id}[/bold] [dim]{p.kind}, lines {p.line_start}-{p.line_end}[/dim]\n{_snippet(p.text, 240)}"
        row = [str(h.rank), cell, f"{h.score:.3f}"]
        if explain:
            row += [f"{h.bm25:.3f} ({h.bm25_rank or '-'})", f"{h.tfidf:.3f} ({h.tfidf_rank or '-'})"]
        table.add_row(*row)
    console.print(table)


# ----------------------------------------------------------------------------- show


def context_text(before: Passage | None, p: Passage, after: Passage | None, notes: Sequence[Passage], fmt: str) -> str:
    if fmt in ("json", "jsonl"):
        obj = {
            "schema": 1,
            "passage": p.to_json(),
            "before": before.to_json() if before else None,
            "after": after.to_json() if after else None,
            "footnotes": [n.to_json() for n in notes],
        }
        return _dump(obj, fmt)
    out = [cite(p.source, p.id, p.line_start, p.line_end) + f" [{p.kind}]", ""]
    if before:
        out += [_wrap(f"… {_snippet(before.text, 240)}", "  "), ""]
    out += [_wrap(p.text, "> " if fmt == "markdown" else "  "), ""]
    if after:
        out += [_wrap(f"{_snippet(after.text, 240)} …", "  "), ""]
    for n in notes:
        out.append(_wrap(f"[{', '.join(map(str, n.footnotes))}] {n.text}", "  "))
    return "\n".join(out).rstrip()
