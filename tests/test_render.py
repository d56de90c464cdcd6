"""Rendering for people: plain, markdown and rich, on real results from the seeds index.

A result with another source is assembled from real passages of two seed documents, so these
tests do not depend on which questions the ranking currently answers from two documents.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from askmali import render
from askmali.models import Answer, Hit, Result

ROOT = Path(__file__).resolve().parents[1]
CEDEAO = "Quand la Cedeao a-t-elle partiellement levé ses sanctions contre le Mali ?"
GSIM = "000_7b68323003ce8296.txt"


@pytest.fixture(scope="module")
def cedeao(engine) -> Result:
    return engine.ask(CEDEAO)


def sentence_answer(hit: Hit, index: int, key: str | None = None) -> Answer:
    """An Answer for sentence ``index`` of a real passage, as answering builds them."""
    p = hit.passage
    s, e = p.sentences[index]
    text = p.text[s:e].strip()
    span = (text.index(key), text.index(key) + len(key)) if key else None
    lines = p.sentence_lines[index]
    return Answer(text, p.id, p.source, lines[0], lines[1], 0.9, span=span)


@pytest.fixture(scope="module")
def disagreeing(engine, cedeao) -> Result:
    """The Cedeao answer, plus a sentence of another document about the GSIM as another source."""
    other = next(h for h in engine.search("GSIM Al-Qaïda terreur Bamako", 10) if h.passage.source == GSIM)
    index = next(i for i, (s, e) in enumerate(other.passage.sentences) if "GSIM" in other.passage.text[s:e])
    hits = [*cedeao.hits, Hit(len(cedeao.hits) + 1, other.passage, 0.5)]
    return Result(cedeao.question, cedeao.answer, hits, [sentence_answer(other, index, "GSIM")])


def rich_text(result: Result, **console) -> str:
    out = io.StringIO()
    options = {"width": 80, "color_system": None, **console}
    render.print_result_rich(result, Console(file=out, **options))
    return out.getvalue()


def flat(text: str) -> str:
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


# ----------------------------------------------------------------------------- citation, context


def test_cite_names_file_lines_and_passage():
    assert render.cite("a.txt", "a.txt#2", 3, 5) == "a.txt, lines 3-5 (passage a.txt#2)"
    assert render.cite("a.txt", "a.txt#2", 4, 4) == "a.txt, line 4 (passage a.txt#2)"


def test_context_is_the_answer_inside_its_passage(cedeao):
    ctx = render.context(cedeao)
    assert ctx is not None and ctx.passage.id == cedeao.answer.passage_id
    assert ctx.answer == cedeao.answer.text
    joined = f"{ctx.before} {ctx.answer} {ctx.after}".replace("… ", "").replace(" …", "")
    assert " ".join(joined.split()) in " ".join(ctx.passage.text.split())
    assert ctx.before, "the Cedeao sentence has sentences before it in its passage"


def test_no_context_when_the_passage_is_the_answer(cedeao):
    a = cedeao.answer
    p = next(h.passage for h in cedeao.hits if h.passage.id == a.passage_id)
    whole = Answer(p.text, p.id, p.source, p.line_start, p.line_end, 1.0)
    assert render.context(Result(cedeao.question, whole, cedeao.hits)) is None


# ----------------------------------------------------------------------------- plain


def test_plain_puts_the_answer_first_then_its_citation(cedeao):
    text = render.plain(cedeao)
    lines = text.splitlines()
    a = cedeao.answer
    assert lines[0] == " ".join(a.text.split()) and "3 juillet 2022" in lines[0]
    assert render.cite(a.source, a.passage_id, a.line_start, a.line_end) in lines[1]
    assert "« Mali : éviter le piège de l'isolement »" in text  # the document's title
    assert "Context (" in text and "\x1b" not in text
    assert all(len(line) <= render.WIDTH for line in lines[1:])


def test_plain_names_who_else_answers(disagreeing):
    text = render.plain(disagreeing)
    other = disagreeing.other_sources[0]
    assert render.OTHERS in text
    assert f"« Mali : le départ des Français et l'échec russe » ({GSIM}) says:" in text
    assert render.cite(other.source, other.passage_id, other.line_start, other.line_end) in text
    assert "GSIM" in text.split(render.OTHERS)[1]


def test_plain_without_an_answer_says_so(cedeao):
    text = render.plain(Result(cedeao.question, None, cedeao.hits))
    assert text == render.NO_ANSWER


# ----------------------------------------------------------------------------- markdown


def test_markdown_is_paste_ready_with_footnotes(disagreeing):
    text = render.markdown(disagreeing)
    a, other = disagreeing.answer, disagreeing.other_sources[0]
    assert text.startswith(f"**{CEDEAO}**")
    quote = next(line for line in text.splitlines() if line.startswith("> "))
    assert "**3 juillet 2022**" in quote and quote.endswith(f"[^{render.footnote_label(a)}]")
    for ans in (a, other):
        label = render.footnote_label(ans)
        assert re.fullmatch(r"[A-Za-z0-9_.-]+", label)
        definition = next(line for line in text.splitlines() if line.startswith(f"[^{label}]: "))
        assert f"`{ans.source}`" in definition and f"`{ans.passage_id}`" in definition
    assert "*Mali : le départ des Français et l'échec russe*" in text


def test_markdown_escapes_what_would_read_as_markup(cedeao):
    a = cedeao.answer
    tricky = Answer("Le *GSIM* [selon_AFP] <b>", a.passage_id, a.source, a.line_start, a.line_end, 1.0, span=(3, 9))
    text = render.markdown(Result("Qui ?", tricky, cedeao.hits))
    assert r"Le **\*GSIM\*** \[selon\_AFP\] \<b\>" in text


def test_markdown_without_an_answer(cedeao):
    text = render.markdown(Result(cedeao.question, None, []))
    assert render.NO_ANSWER in text and "[^" not in text


# ----------------------------------------------------------------------------- rich


def test_rich_shows_answer_citation_context_and_others(disagreeing):
    text = rich_text(disagreeing)
    a, other = disagreeing.answer, disagreeing.other_sources[0]
    assert "\x1b" not in text
    body = flat(text)
    assert " ".join(a.text.split()) in body
    assert render.cite(a.source, a.passage_id, a.line_start, a.line_end) in body
    assert "Context (body" in body and render.OTHERS in body
    assert f"({GSIM}) says:" in body


def test_rich_highlights_the_key_span(cedeao):
    text = rich_text(cedeao, color_system="standard", force_terminal=True, width=200)
    assert re.search(r"\x1b\[[0-9;]*m3 juillet 2022\x1b\[0m", text)


def test_rich_without_an_answer(cedeao):
    assert rich_text(Result(cedeao.question, None, [])).strip() == render.NO_ANSWER


# ----------------------------------------------------------------------------- search, show, json


def test_hits_text_explains_each_signal(engine):
    hits = engine.search("Lavrov Mali", 3)
    text = render.hits_text("Lavrov Mali", hits, "plain", explain=True)
    heads = [line for line in text.splitlines() if re.match(r"\d+\. ", line)]
    assert len(heads) == 3
    for h, line in zip(hits, heads):
        assert f"bm25 {h.bm25:.3f}" in line and f"tfidf {h.tfidf:.3f}" in line
    doc = json.loads(render.hits_text("Lavrov Mali", hits, "jsonl", explain=True))
    assert [p["signals"]["bm25_rank"] for p in doc["passages"]] == [h.bm25_rank for h in hits]


def test_context_text_shows_the_footnotes_cited(engine):
    passages = [engine.passages.get(i) for i in range(len(engine))]
    body = next(p for p in passages if p.kind == "body" and len(p.footnotes) >= 2)
    before, p, after, notes = engine.neighbours(body.id)
    text = render.context_text(before, p, after, notes, "plain")
    assert "Footnotes cited:" in text and len(notes) >= 1
    for n in notes:
        assert f"[{n.footnotes[0]}]" in text
    doc = json.loads(render.context_text(before, p, after, notes, "json"))
    assert doc["passage"]["id"] == body.id and len(doc["footnotes"]) == len(notes)


def test_result_json_is_the_model_contract(cedeao):
    assert json.loads(render.result_text(cedeao, "json")) == cedeao.to_json()
    assert "\n" not in render.result_text(cedeao, "jsonl")


def test_plain_rendering_does_not_import_rich(seeds_index):
    code = (
        "import sys, askmali\nfrom pathlib import Path\nfrom askmali import render\n"
        f"r = askmali.load(Path({str(seeds_index)!r})).ask({CEDEAO!r})\n"
        "for fmt in ('plain', 'markdown', 'json', 'jsonl'): render.result_text(r, fmt)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'rich'))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_rich_context_shows_the_passage_and_its_footnotes(engine):
    passages = [engine.passages.get(i) for i in range(len(engine))]
    body = next(p for p in passages if p.kind == "body" and len(p.footnotes) >= 2)
    before, p, after, notes = engine.neighbours(body.id)
    out = io.StringIO()
    render.print_context_rich(before, p, after, notes, Console(file=out, width=100, color_system=None))
    text = flat(out.getvalue())
    assert "\x1b" not in text and body.id in text and "Footnotes cited:" in text
    assert " ".join(p.text.split()[:12]) in text
    for n in notes:
        assert f"[{n.footnotes[0]}] {' '.join(n.text.split()[:4])}" in text


# ----------------------------------------------------------------------------- uncertain answers

SUCCESSOR = "Quelle est la nouvelle force russe qui succède à Wagner ?"  # the seeds say "Africa Corps"


def test_an_answer_the_confidence_doubts_is_shown_as_uncertain(engine, cedeao):
    """The seeds answer the successor question with a sentence on Barkhane succeeding Serval,
    which the calibrated confidence puts under the threshold: every human format says so; the
    Cedeao answer (above it) is shown as it was."""
    doubted = engine.ask(SUCCESSOR)
    assert doubted.answer is not None and "Wagner" not in doubted.answer.text
    assert doubted.answer.confidence < render.UNCERTAIN_BELOW <= cedeao.answer.confidence
    plain = render.plain(doubted)
    assert plain.splitlines()[0] == " ".join(doubted.answer.text.split())  # still first, grep-able
    assert render.UNCERTAIN in plain
    assert render.UNCERTAIN in render.markdown(doubted)
    assert "Answer (uncertain)" in rich_text(doubted) and render.UNCERTAIN in flat(rich_text(doubted))
    for shown in (render.plain(cedeao), render.markdown(cedeao), rich_text(cedeao)):
        assert render.UNCERTAIN not in flat(shown) and "(uncertain)" not in shown
