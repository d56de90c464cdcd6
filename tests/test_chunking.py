"""Chunking on the real seeds and on arbitrary text (hypothesis): spans, lines, coverage."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from askmali.chunking import chunk, plan
from askmali.cleaning import clean
from askmali.models import CleanDocument, Document, Passage
from askmali.passages import PassageTable
from askmali.sentences import SentenceSplitter
from test_cleaning import GLUED_MARKER, maps_back, marker_maps_back, seed
from conftest import shared



@pytest.fixture(scope="module")
def splitter() -> SentenceSplitter:
    return SentenceSplitter.train(seed(p).text for p in ("000", "001", "002", "003", "004"))


@pytest.fixture(scope="module")
def chunked(splitter) -> dict[str, tuple[Document, CleanDocument, list[Passage]]]:
    out = {}
    for prefix in ("000", "001", "002", "003", "004"):
        doc = seed(prefix)
        cd = clean(doc)
        out[prefix] = (doc, cd, chunk(cd, doc, splitter))
    return out


def line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def passage_offsets(cd: CleanDocument, pieces) -> list[int | None]:
    """Original offset of each character of a passage's text (None for the joiners)."""
    offs: list[int | None] = []
    for k, piece in enumerate(pieces):
        if k:
            offs.append(None)
        offs.extend(cd.segments[piece.segment].offsets[piece.start : piece.end])
    return offs


def check_passages(doc: Document, cd: CleanDocument, passages: list[Passage], splitter, **sizes) -> None:
    """Every invariant a passage list must satisfy, whatever the text."""
    plans = plan(cd, splitter, **sizes)
    assert len(plans) == len(passages)
    seen: Counter[tuple[int, int]] = Counter()
    placed: Counter[int] = Counter()
    for n, (p, pl) in enumerate(zip(passages, plans)):
        assert p.id == f"{doc.source}#{n}" and p.kind == pl.kind and p.text
        assert 0 <= p.char_start < p.char_end <= len(doc.text)
        assert maps_back(p.text[0], doc.text, p.char_start)
        assert p.line_start == line_of(doc.text, p.char_start)
        assert p.line_end == line_of(doc.text, p.char_end - 1)
        offs = passage_offsets(cd, pl.pieces)
        assert len(offs) == len(p.text)
        for ch, o in zip(p.text, offs):
            assert (ch == "\n") if o is None else (p.char_start <= o < p.char_end and maps_back(ch, doc.text, o))
        assert maps_back(p.text[-1], doc.text, max(o for o in offs if o is not None))
        # sentences: sorted, stripped, inside the text, each with its own original lines
        assert len(p.sentences) == len(p.sentence_lines)
        prev = 0
        for (a, b), (l1, l2) in zip(p.sentences, p.sentence_lines):
            assert prev <= a < b <= len(p.text)
            assert not p.text[a].isspace() and not p.text[b - 1].isspace() and "\n" not in p.text[a:b]
            assert (l1, l2) == (line_of(doc.text, offs[a]), line_of(doc.text, offs[b - 1]))
            assert p.line_start <= l1 <= l2 <= p.line_end
            prev = b
        # footnote markers: in text order, cited by the passage, each where it was cut
        numbers = [number for number, _ in p.footnote_at]
        assert numbers == sorted(set(numbers)) and set(numbers) <= set(p.footnotes)
        assert not (p.kind == "footnote" and p.footnote_at)
        for number, at in p.footnote_at:
            assert 0 <= at <= len(p.text)
            before = offs[at - 1] if at else None
            after = offs[at] if at < len(p.text) else None
            assert marker_maps_back(number, doc.text, before, after), (number, p.text[at - 20 : at])
        placed.update(numbers)
        kinds = [cd.segments[piece.segment].kind for piece in pl.pieces]
        while len(kinds) > 1 and kinds[0] == "title":
            kinds.pop(0)  # headings may only lead a passage
        assert set(kinds) == {pl.kind}, (kinds, pl.kind)
        for piece in pl.pieces:
            seg = cd.segments[piece.segment]
            seen.update((piece.segment, i) for i in range(piece.start, piece.end) if not seg.text[i].isspace())
    # every detached marker lands in exactly one passage
    assert placed == Counter(r for seg in cd.segments for r in seg.refs)
    # every non-space cleaned character is in exactly one passage
    for k, seg in enumerate(cd.segments):
        for i, ch in enumerate(seg.text):
            if not ch.isspace():
                assert seen[(k, i)] == 1, (seg.kind, seg.text, i)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_passages_satisfy_every_invariant(chunked, splitter, prefix):
    doc, cd, passages = chunked[prefix]
    check_passages(doc, cd, passages, splitter)
    again = chunk(clean(doc), doc, splitter)
    assert [p.to_json() for p in again] == [p.to_json() for p in passages]  # ids are stable
    assert all(Passage.from_json(json.loads(json.dumps(p.to_json()))) == p for p in passages)


def test_002_passages(chunked):
    doc, cd, passages = chunked["002"]
    assert passages[0].kind == "title" and passages[0].text == "Mali : éviter le piège de l'isolement"
    body = [p for p in passages if p.kind == "body"]
    notes = [p for p in passages if p.kind == "footnote"]
    # the running header's publication line is one passage of its own, cited to its line
    assert passages[1].text == "Briefing Afrique de Crisis Group N°185, 9 février 2023"
    assert (passages[1].line_start, passages[1].line_end) == (43, 43)
    for p in body[1:] + notes:
        assert "Crisis Group N°185" not in p.text and "Mali : éviter le piège" not in p.text
        assert "rééqui-" not in p.text
    assert any("rééquilibrer" in p.text for p in body)
    assert [p.footnotes for p in notes] == [(n,) for n in range(1, 90)]
    assert notes[0].text.startswith("Voir le rapport Afrique de Crisis Group N°304")
    assert notes[41].text.startswith("« Serguei Lavrov arrive au Mali")
    cited = next(p for p in body if "le second, en mai 2021, organisé par ces mêmes officiers" in p.text)
    assert 1 in cited.footnotes
    assert cited.text.startswith("II. La brouille avec les partenaires occidentaux et régionaux\nA partir de 2021")
    assert cited.line_start == 143 and cited.line_end >= 155  # heading line to after footnote 1
    assert sorted(n for p in body for n in p.footnotes) == list(range(1, 90))
    for p in body:
        assert not GLUED_MARKER.search(p.text), GLUED_MARKER.search(p.text)
        assert len(p.text.split()) <= 200 + 15  # max_words, plus a heading in front


def test_002_each_sentence_knows_its_own_footnotes(chunked):
    _, _, passages = chunked["002"]
    body = [p for p in passages if p.kind != "footnote"]
    for p in body:
        for _, at in p.footnote_at:
            assert 0 <= at <= len(p.text) and not (at and p.text[at - 1].isdigit())
    p = next(p for p in body if "raffermit également ce partenariat sur le plan diplomatique" in p.text)
    at = dict(p.footnote_at)[42]
    assert p.text[at - 1] == "." and p.text[:at].endswith("sur le plan diplomatique.")

    def cited_by(sentence: str) -> list[int]:
        a, b = next((a, b) for a, b in p.sentences if p.text[a:b].startswith(sentence))
        return [n for n, pos in p.footnote_at if a < pos <= b]

    assert cited_by("La récente visite du ministre des Affaires étrangères russe") == [42]
    assert cited_by("De nombreuses sources, y compris des services de renseignements") == [41]
    assert cited_by("La présence de mercenaires liés à une société russe") == [40]
    assert cited_by("En parallèle, des rumeurs persistantes") == []
    assert {40, 41, 42} <= set(p.footnotes)
    # a heading in front: positions count the heading and its newline
    cited = next(p for p in body if "le second, en mai 2021, organisé par ces mêmes officiers" in p.text)
    at = dict(cited.footnote_at)[1]
    assert cited.text.startswith("II. La brouille")
    assert cited.text[:at].endswith("partenariats sécuritaires.")


def test_002_split_paragraphs_keep_each_marker_in_the_piece_it_was_glued_to(splitter):
    doc = seed("002")
    cd = clean(doc)
    passages = chunk(cd, doc, splitter, target_words=25, max_words=40)
    check_passages(doc, cd, passages, splitter, target_words=25, max_words=40)  # each marker once
    # a split paragraph's passages all cite its notes, but each holds only its own markers
    partial = [p for p in passages if p.footnote_at and len(p.footnote_at) < len(p.footnotes)]
    assert partial
    p = next(p for p in passages if 42 in dict(p.footnote_at))
    assert p.text[: dict(p.footnote_at)[42]].endswith("sur le plan diplomatique.")
    assert 41 not in dict(p.footnote_at)


def test_footnote_positions_round_trip_through_the_passage_table(chunked):
    passages = [p for prefix in ("000", "002") for p in chunked[prefix][2]]
    table = PassageTable.build(passages)
    assert [table.get(i) for i in range(len(table))] == passages
    again = PassageTable(table.to_arrays())
    assert sum(len(again.get(i).footnote_at) for i in range(len(again))) == 89
    row = next(i for i, p in enumerate(passages) if 42 in dict(p.footnote_at))
    assert again.get(row).footnote_at == passages[row].footnote_at
    notes = [again.get(r) for r in again.footnote_rows(int(again.source[row]), passages[row].footnotes)]
    assert [n.footnotes[0] for n in notes] == list(passages[row].footnotes)


def test_001_and_003_comments_and_forms_are_not_body(chunked):
    doc, _, passages = chunked["001"]
    start = doc.text.index("9 réflexions au sujet de")
    for p in passages:
        assert (p.kind == "comment") == (p.char_start >= start), p.id
        if p.kind != "comment":
            assert "Répondre" not in p.text and "@Obélix" not in p.text
    assert any("@Obélix" in p.text for p in passages if p.kind == "comment")
    doc, _, passages = chunked["003"]
    start = doc.text.index("Leave a Reply")
    assert all(p.char_end <= start for p in passages)


def test_000_table_headings_and_short_paragraphs(chunked):
    _, _, passages = chunked["000"]
    assert passages[0].kind == "title" and passages[0].line_start == passages[0].line_end == 1
    tables = [p for p in passages if p.kind == "table"]
    assert len(tables) == 1
    assert tables[0].text.startswith("Chronologie d'un désastre\nDate — Événement clé — Conséquence\n")
    assert "Mars 2022 — Massacre de Moura (≈ 300 morts civils) — Dénonciation internationale" in tables[0].text
    assert (tables[0].line_start, tables[0].line_end) == (21, 28)
    assert not any("Commentaires" in p.text for p in passages)
    # the byline lines (each < 40 words) are one passage; headings lead their paragraph
    assert any(p.text.startswith("- thibo périat\n- 8 nov.") for p in passages if p.kind == "body")
    assert any(p.text.startswith("Paris sonne l'alarme\nParis ne mâche plus ses mots.Le 7 novembre") for p in passages)
    glued = next(p for p in passages if "mots.Le 7 novembre" in p.text)
    starts = [glued.text[a:b] for a, b in glued.sentences]
    assert "Paris ne mâche plus ses mots." in starts


def test_long_pages_are_split_at_sentences(splitter):
    records = [json.loads(line) for line in shared("spf-qr", "passages.jsonl").read_text(encoding="utf-8").splitlines()[:40]]
    split_segments = 0
    for r in records:
        doc = Document(r["id"], r["text"], title=r["title"])
        cd = clean(doc)
        passages = chunk(cd, doc, splitter, target_words=25, max_words=40)
        check_passages(doc, cd, passages, splitter, target_words=25, max_words=40)
        plans = plan(cd, splitter, target_words=25, max_words=40)
        split_segments += sum(n > 1 for n in Counter(pl.pieces[-1].segment for pl in plans).values())
        for p, pl in zip(passages, plans):
            assert p.title == r["title"]
            heading = sum(len(cd.segments[x.segment].text.split()) for x in pl.pieces[:-1])
            assert len(p.text.split()) <= 40 + heading
    assert split_segments > 0


FRENCHISH = st.lists(
    st.sampled_from(list("aeéèàçôœbcdlmnrstuLMNPÉÀ0123456789 \n\n\t-–|'’.,;:!?«»()°")
                    + ["\u00a0", "\u2009", "\u0301", "\u00ad", "N°", "\r\n", "\f", "Répondre"]),
    max_size=300,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FRENCHISH)
def test_any_text_cleans_and_chunks_consistently(text):
    splitter = SentenceSplitter()
    doc = Document("x.txt", text)
    cd = clean(doc)
    for seg in cd.segments:
        assert len(seg.offsets) == len(seg.text) and seg.text
        assert all(maps_back(c, text, o) for c, o in zip(seg.text, seg.offsets))
    check_passages(doc, cd, chunk(cd, doc, splitter), splitter)


# Lines of the real PDF extraction (pages 3-6 of 002: footnote blocks, markers, hyphenated
# breaks) shuffled with page-break markers, footnote starts, table rows and a comment heading.
PDF_LINES = seed("002").text.split("\n")[140:330] + [
    " \n \n1 Voir le rapport Afrique de Crisis Group N°304, Transition au Mali : préserver",
    "\n \n \n2 En août 2014, l'opération Barkhane a succédé à l'opération Serval.",
    "Mali : éviter le piège de l'isolement \n\nBriefing Afrique de Crisis Group N°185 Page 2 \n",
    "", " ", "Date | Événement | Suite |", "Mars 2022 | Moura | Dénonciation |", "Commentaires",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PDF_LINES), max_size=80))
def test_pdf_like_line_soups_chunk_consistently(lines):
    _check_line_soup(lines)


def test_a_repeated_heading_after_the_header_title_is_not_taken_for_its_publication_line():
    # found by the property above: "II. ..." repeated right after a repeated line that became
    # the header title was kept as the header's publication line, out of document order, and
    # merged into the next passage
    _check_line_soup(
        [
            "partenaires, notamment la France. En août 2020, le premier coup d’Etat par lequel ",
            "basée sur un meilleur équilibre entre les réponses politiques et sécuritaires. ",
            "",
            "basée sur un meilleur équilibre entre les réponses politiques et sécuritaires. ",
            "basée sur un meilleur équilibre entre les réponses politiques et sécuritaires. ",
            "II. La brouille avec les partenaires  ",
            "II. La brouille avec les partenaires  ",
            "A partir de 2021, le Mali a engagé une révision de ses alliances avec ses principaux ",
            "1 Voir le rapport Afrique de Crisis Group N°304, Transition au Mali : préserver l’aspiration au ",
        ]
    )


def _check_line_soup(lines: list[str]) -> None:
    text = "\n".join(lines)
    splitter = SentenceSplitter()
    doc = Document("x.txt", text)
    cd = clean(doc)
    for seg in cd.segments:
        assert all(maps_back(c, text, o) for c, o in zip(seg.text, seg.offsets))
    sizes = {"target_words": 40, "max_words": 60}
    check_passages(doc, cd, chunk(cd, doc, splitter, **sizes), splitter, **sizes)
