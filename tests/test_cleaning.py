"""Cleaning on the real seeds: PDF artefacts, footnotes, headers, comments, tables, offsets."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from askmali.cleaning import _tidy, clean
from askmali.models import CleanDocument, Document
from conftest import shared

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

# A footnote number glued to a lowercase word or its punctuation ("Paris.10", "malien.11 ",
# "Moscou5 "), or to a year's period ("2022.26"): what the cleaner must have detached.
GLUED_MARKER = re.compile(r"[a-zà-öø-ÿœ][.,»”]?\d{1,3}(?=\s|$)|\b\d{4}\.\d{1,2}(?=\s|$)")


def maps_back(char: str, original: str, offset: int) -> bool:
    """The documented rule: a cleaned character equals the original one at its offset, up to
    apostrophes, spaces (a space may stand for any whitespace, a newline or a table's '|'),
    the ' — ' standing for a '|', and NFC composition (mapped to the sequence's first char)."""
    o = original[offset]
    if char == o:
        return True
    if char == "'" and o in "\u2019\u2018\u02bc":
        return True
    if char == " " and (o.isspace() or o == "|" or ord(o) < 32 or o == "\x7f"):
        return True
    if char == "—" and o == "|":
        return True
    return char in unicodedata.normalize("NFC", original[offset : offset + 8])


_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"  # characters the cleaner drops


def marker_maps_back(n: int, original: str, before: int | None, after: int | None) -> bool:
    """Footnote marker ``n`` was cut between the cleaned characters with original offsets
    ``before`` and ``after``: its digits follow ``before`` in the original (skipping what the
    cleaner drops or composes), or, for a marker opening a paragraph ("42 En ..."), they
    precede ``after``."""
    if before is not None:
        digits = ""
        for ch in original[before + 1 : before + 16]:
            if ch.isdigit():
                digits += ch
            elif not (digits == "" and unicodedata.combining(ch)) and ch not in _INVISIBLE:
                break
        return digits == str(n)
    head = "".join(ch for ch in original[max(0, after - 16) : after] if ch not in _INVISIBLE)
    return after is not None and re.search(rf"(?<!\d){n}\s+$", head) is not None


def seed(prefix: str) -> Document:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return Document(source=path.name, text=path.read_text(encoding="utf-8"), path=str(path))


@pytest.fixture(scope="module")
def cleaned() -> dict[str, tuple[Document, CleanDocument]]:
    out = {}
    for prefix in ("000", "001", "002", "003", "004"):
        doc = seed(prefix)
        out[prefix] = (doc, clean(doc))
    return out


def texts(cd: CleanDocument, *kinds: str) -> list[str]:
    return [s.text for s in cd.segments if s.kind in kinds]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_cleaned_char_maps_back_to_its_original(cleaned, prefix):
    doc, cd = cleaned[prefix]
    assert cd.segments
    for s in cd.segments:
        assert s.text and s.text == s.text.strip() and "  " not in s.text and "\n" not in s.text
        assert len(s.offsets) == len(s.text)
        bad = [(c, doc.text[o]) for c, o in zip(s.text, s.offsets) if not maps_back(c, doc.text, o)]
        assert not bad, (s.kind, s.text[:60], bad[:5])


def test_002_running_headers_are_removed_and_give_the_title(cleaned):
    _, cd = cleaned["002"]
    assert cd.title == "Mali : éviter le piège de l'isolement"
    assert cd.segments[0].kind == "title" and cd.segments[0].text == cd.title
    # the header's publication line is kept once, after the title, without its page number
    series = "Briefing Afrique de Crisis Group N°185, 9 février 2023"
    assert (cd.segments[1].kind, cd.segments[1].text) == ("body", series)
    for text in texts(cd, "body", "footnote"):
        assert text == series or "Crisis Group N°185" not in text
        assert "Page 2" not in text and "Page 16" not in text
        assert "Mali : éviter le piège" not in text
    # the body paragraph cut by the page-2 header is one paragraph again
    assert any("partenaires occidentaux demeurent difficiles, voire conflictuelles" in t for t in texts(cd, "body"))


def test_002_hyphenated_line_breaks_are_rejoined_and_compounds_kept(cleaned):
    _, cd = cleaned["002"]
    body = "\n".join(texts(cd, "body", "title", "footnote"))
    assert "rééquilibrer" in body and "rééqui-" not in body and "rééqui " not in body
    for joined in ("partenariat avec Moscou", "équipements militaires", "Pourtant, la capacité",
                   "internationales au Sahel", "Saint-Pétersbourg", "européenne", "Nouakchott"):
        assert joined in body, joined
    for compound in ("vis-à-vis", "sous-région", "Bamako-Conakry", "ouest-africain"):
        assert compound in body, compound
    assert not re.search(r"[^\W\d_]- [^\W\d_]", body)  # no "parte- nariat" left behind
    # a break across a footnote block: "Na-" ... footnotes 27-34 ... " tions unies"
    assert "l'Assemblée générale des Nations unies le 24 septembre 2022" in body


def test_002_footnotes_are_separated_numbered_and_complete(cleaned):
    _, cd = cleaned["002"]
    notes = [s for s in cd.segments if s.kind == "footnote"]
    assert [s.footnote for s in notes] == list(range(1, 90))
    by_number = {s.footnote: s.text for s in notes}
    assert by_number[1] == ("Voir le rapport Afrique de Crisis Group N°304, Transition au Mali : "
                            "préserver l'aspiration au changement, 21 septembre 2021.")
    assert by_number[42].startswith("« Serguei Lavrov arrive au Mali en pleine idylle")
    assert "4 500 soldats français" in by_number[2]
    assert "148,5 millions de dollars" in by_number[36]
    # footnotes continued at the bottom of the next page
    assert by_number[27].endswith("Il s'agit d'une pratique répandue dans les missions de maintien de la paix.")
    assert "selon Acled. Morgane Le Cam" in by_number[59]
    assert "Choguel Maïga" in by_number[63]
    assert not any("Lavrov arrive" in t for t in texts(cd, "body"))


def test_002_body_sentence_interrupted_by_a_footnote_is_rejoined(cleaned):
    doc, cd = cleaned["002"]
    seg = next(s for s in cd.segments if "le second, en mai 2021, organisé par ces mêmes officiers" in s.text)
    assert seg.kind == "body" and 1 in seg.refs
    # its offsets jump over footnote 1 and stay increasing
    assert list(seg.offsets) == sorted(seg.offsets)
    assert doc.text.index("1 Voir le rapport") in range(seg.offsets[0], seg.offsets[-1])


def test_002_footnote_markers_are_detached_into_refs(cleaned):
    _, cd = cleaned["002"]
    body = [s for s in cd.segments if s.kind in ("body", "title")]
    assert [r for s in body for r in s.refs] == list(range(1, 90))
    seg = next(s for s in body if "Bamako et Paris. En janvier 2022" in s.text)
    assert 10 in seg.refs
    assert any(s.text.startswith("En septembre 2021, la signature") and 9 in s.refs for s in body)
    for s in body:
        assert not GLUED_MARKER.search(s.text), GLUED_MARKER.search(s.text)
    joined = "\n".join(s.text for s in body)
    for real in ("G5 Sahel", "le 3 juillet 2022.", "49 militaires ivoiriens", "24 septembre 2022"):
        assert real in joined, real


def test_002_marker_positions_follow_the_word_they_were_glued_to(cleaned):
    doc, cd = cleaned["002"]
    cuts = [(s, r, at) for s in cd.segments for r, at in zip(s.refs, s.ref_at)]
    assert all(len(s.refs) == len(s.ref_at) for s in cd.segments)
    assert [r for _, r, _ in cuts] == list(range(1, 90))
    for s, r, at in cuts:
        assert 0 <= at <= len(s.text)
        if at:  # glued to the word or punctuation on its left, nothing glued on its right
            assert not s.text[at - 1].isdigit() and not s.text[at - 1].isspace()
            assert at == len(s.text) or not s.text[at].isalnum()
        after = s.offsets[at] if at < len(s.text) else None
        before = s.offsets[at - 1] if at else None
        assert marker_maps_back(r, doc.text, before, after), (r, s.text[at - 30 : at])
    by_ref = {r: (s, at) for s, r, at in cuts}
    # the PDF put marker 9 at the head of the next paragraph ("2021.\n\n9 En septembre")
    s, at = by_ref[9]
    assert at == 0 and s.text.startswith("En septembre 2021, la signature")
    s, at = by_ref[42]
    assert s.text[:at].endswith("raffermit également ce partenariat sur le plan diplomatique.")
    s, at = by_ref[10]
    assert s.text[:at].endswith("Bamako et Paris.") and s.text[at:].startswith(" En janvier 2022")


def test_marker_position_in_a_wrapped_paragraph_with_its_footnote():
    line = "Les relations entre les deux pays se sont dégradées depuis le début de la transition en"
    body = [line] * 9 + ["cours au Mali et la France a retiré ses forces du pays.1   Puis la Russie", line,
                         "cours au Mali.", " ", "1 Voir le rapport de Crisis Group sur la transition."]
    text = "\n".join(body)
    cd = clean(Document("t.txt", text))
    (seg,) = [s for s in cd.segments if s.refs]
    (at,) = seg.ref_at
    assert seg.refs == (1,) and seg.text[:at].endswith("retiré ses forces du pays.")
    assert seg.text[at:].startswith(" Puis la Russie")
    assert marker_maps_back(1, text, seg.offsets[at - 1], seg.offsets[at])


def test_tidy_moves_marks_to_the_next_kept_character():
    text = "  ab   cd  ef  "
    marks = [0, 1, 2, 4, 5, 6, 7, 9, 10, 14, 15]
    tidy, offs = _tidy(text, list(range(len(text))), marks)
    assert tidy == "ab cd ef" and offs == [2, 3, 4, 7, 8, 9, 11, 12]
    # each mark now points at the first kept character at or after it (or the end)
    assert marks == [0, 0, 0, 2, 3, 3, 3, 5, 6, 8, 8]


def test_002_headings(cleaned):
    _, cd = cleaned["002"]
    titles = texts(cd, "title")
    for heading in ("I. Synthèse", "II. La brouille avec les partenaires occidentaux et régionaux",
                    "III. Le pari de la Russie", "VI. Conclusion"):
        assert heading in titles
    assert all(len(t.split()) <= 15 for t in titles)


def test_web_articles_headings_and_titles(cleaned):
    _, cd0 = cleaned["000"]
    _, cd1 = cleaned["001"]
    assert cd0.title == "Mali : le départ des Français et l'échec russe"
    assert "Paris sonne l'alarme" in texts(cd0, "title")
    assert cd1.title == "Sécurité au Mali : pour la France, la Russie a échoué"
    assert "De la rupture avec la France à l'alliance avec Moscou" in texts(cd1, "title")
    # glued sentences are kept as they are (no inserted characters)
    assert any("ses mots.Le 7 novembre" in t for t in texts(cd0, "body"))


def test_001_reader_comments_are_never_body(cleaned):
    doc, cd = cleaned["001"]
    start = doc.text.index("9 réflexions au sujet de")
    for s in cd.segments:
        if s.offsets[0] >= start:
            assert s.kind == "comment", s.text[:60]
        else:
            assert s.kind != "comment"
    for t in texts(cd, "body", "title"):
        assert "Répondre" not in t and "@Obélix" not in t
    comments = texts(cd, "comment")
    assert any("@Obélix" in t for t in comments)
    assert "Répondre" not in comments and "Laisser un commentaire" not in comments


def test_003_leave_a_reply_form_is_not_body(cleaned):
    doc, cd = cleaned["003"]
    start = doc.text.index("Leave a Reply")
    assert all(s.offsets[0] < start for s in cd.segments if s.kind == "body")
    assert not any("email address" in s.text or "Leave a Reply" in s.text for s in cd.segments)


def test_000_table_rows_are_readable_table_segments(cleaned):
    doc, cd = cleaned["000"]
    rows = [s for s in cd.segments if s.kind == "table"]
    assert len(rows) == 7
    assert rows[0].text == "Date — Événement clé — Conséquence"
    assert rows[1].text == ("Mars 2022 — Massacre de Moura (≈ 300 morts civils) — Dénonciation "
                            "internationale ; soupçons de crimes de guerre.")
    i = rows[1].text.index("—")
    assert doc.text[rows[1].offsets[i]] == "|"
    assert not any("Commentaires" in t for t in texts(cd, "body", "title"))


def test_typography_is_normalised_char_by_char():
    text = "L\u2019arm\u00e9e e\u0301tait l\u00e0\u00a0: 4\u2009500 soldats\u202f!  Fin\u00ad."
    doc = Document("t", text)
    (seg,) = clean(doc).segments
    assert seg.text == "L'armée était là : 4 500 soldats ! Fin."
    e = seg.text.index("était")
    assert seg.offsets[e] == text.index("e\u0301") and seg.offsets[e + 1] == text.index("tait")
    assert all(maps_back(c, text, o) for c, o in zip(seg.text, seg.offsets))


def test_jsonl_records_are_not_mangled():
    records = [json.loads(line) for line in shared("piaf", "passages.jsonl").read_text(encoding="utf-8").splitlines()[:300]]
    for r in records:
        doc = Document(r["id"], r["text"], title=r["title"])
        cd = clean(doc)
        assert cd.title == r["title"]
        assert [s.kind for s in cd.segments] == ["body"]
        expected = unicodedata.normalize("NFC", r["text"]).replace("\u2019", "'")
        assert "".join(cd.segments[0].text.split()) == "".join(expected.split())
