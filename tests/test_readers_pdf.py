"""PDF reading on real PDFs (../shared/documents/pdf, Debian and TeX manuals nobody here wrote)
and on the tiny committed fixtures made by scripts/make_pdf_fixtures.py.

The facts checked were read off the PDFs themselves (pdfium's page text and page labels):
maint-guide.fr.pdf, physical page 9, printed "3", opens with the sentence on build-essential
under the running header "Guide du nouveau responsable Debian 3 / 58"; its footnote 3 is called
after "debhelper(1))"; debian-reference.fr.pdf, page 30 (printed "2"), cuts "uti-|lisateurs"
at a line end; lshort-fr.pdf, page 22, calls footnote 7 after "fichier source" in superscript.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from askmali.chunking import chunk
from askmali.cleaning import clean
from askmali.cli import app
from askmali.models import Passage
from askmali.readers import pdf
from askmali.sentences import SentenceSplitter

from conftest import shared

ROOT = Path(__file__).resolve().parents[1]
BROKEN = ROOT / "tests" / "fixtures" / "broken"
TWO_COLUMNS = ROOT / "tests" / "fixtures" / "pdf" / "deux-colonnes.pdf"
DOT_LEADERS = re.compile(r"(?:\. ?){5,}")
runner = CliRunner()


def _pdf(name: str) -> Path:
    return shared("..", "documents", "pdf", name)


def _passages(path: Path) -> tuple[list[Passage], str]:
    (doc,) = pdf.read(path, path.name)
    return chunk(clean(doc), doc, SentenceSplitter.train([doc.text])), doc.text


@pytest.fixture(scope="module")
def maint_guide() -> tuple[list[Passage], str]:
    return _passages(_pdf("maint-guide.fr.pdf"))


@pytest.fixture(scope="module")
def reference() -> tuple[list[Passage], str]:
    return _passages(_pdf("debian-reference.fr.pdf"))


def _holding(passages: list[Passage], needle: str) -> Passage:
    found = [p for p in passages if needle in p.text]
    assert found, needle
    return found[0]


def test_a_known_sentence_has_its_page_its_printed_label_and_its_line(maint_guide):
    passages, _ = maint_guide
    p = _holding(passages, "Le paquet le plus important à installer sur un système de développement est build-essential.")
    assert (p.page, p.page_label, p.line_unit) == (9, "3", "line")
    assert p.line_start == 2  # line 1 of the page is the running header
    assert p.sentence_page(0) == (9, "3")


def test_running_headers_and_page_numbers_are_gone_but_counted(maint_guide, reference):
    passages, text = maint_guide
    assert "Guide du nouveau responsable Debian 3 / 58" in text  # kept in the page's lines
    header = re.compile(r"Guide du nouveau responsable Debian \d+ / 58")
    assert not [p.id for p in passages if header.search(p.text)]
    passages, _ = reference
    assert not [p.id for p in passages if re.search(r"Référence Debian (\d+|[ivx]+) / 237", p.text)]
    assert not [p.id for p in passages if re.fullmatch(r"\d{1,3}", p.text.strip())]


def test_a_footnote_is_separated_and_linked_to_its_call(maint_guide):
    passages, _ = maint_guide
    note = _holding(passages, "D'autres paquets plus spécialisés mais similaires existent aussi comme dh-make-perl")
    assert note.kind == "footnote" and note.footnotes == (3,) and note.page == 9
    assert not note.text.startswith("3")
    body = _holding(passages, "dh-make est nécessaire pour créer le squelette")
    assert body.kind == "body" and 3 in body.footnotes
    assert "debhelper(1)) 3" not in body.text  # the call is cut from the sentence


def test_a_superscript_call_links_its_note_in_lshort():
    passages, _ = _passages(_pdf("lshort-fr.pdf"))
    body = _holding(passages, "On appelle ce fichier fichier source")
    (number,) = [n for n, _ in body.footnote_at if n in body.footnotes] or [None]
    note = [p for p in passages if p.kind == "footnote" and p.footnotes == (number,)]
    assert number is not None and note and note[0].text.startswith("Couramment élidé")
    assert "fichier source 7" not in body.text
    # a call raised above its line splits pdfium's line in two: one line again, words apart
    assert _holding(passages, "des PCs et Macs aux systèmes UNIX et VMS.")


def test_a_glyph_pdfium_leaves_without_a_box_does_not_glue_two_lines():
    passages, text = _passages(_pdf("formation-latex-ul.pdf"))
    assert "Au moment\nd’écrire" in text
    assert _holding(passages, "Au moment d'écrire ces lignes")


def test_a_cut_word_is_rejoined_and_a_compound_keeps_its_hyphen(reference):
    passages, text = reference
    assert "uti-\nlisateurs" in text  # pdfium's line-end hyphen, kept as a line break
    p = _holding(passages, "inaccessible à des utilisateurs autres que l'administrateur")
    assert p.page == 30 and p.page_label == "2"
    assert "sous-\nrépertoires" in text  # a real compound cut at its hyphen
    assert _holding(passages, "sous-répertoires")


def test_table_of_contents_lines_never_reach_a_passage(reference):
    passages, text = reference
    assert DOT_LEADERS.search(text)  # the contents pages are in the text...
    assert not [p.id for p in passages if DOT_LEADERS.search(p.text)]  # ...and answer nothing
    assert not [p.id for p in passages if p.page == 5 and "Didacticiels GNU/Linux" in p.text]


def test_a_table_row_is_a_sentence_of_its_own_with_its_cells_apart(reference):
    """debian-reference.fr.pdf, "Tableau 9.8" (page 172, label 144): each row of the package
    table is one sentence, its cells joined by " — " as an HTML table's are, a cell wrapped onto
    the next line kept in its row; the prose around the table stays prose."""
    passages, _ = reference
    row = "strace — V:14, I:135 — 2839 — strace(1) : tracer les appels système et les signaux"
    p = _holding(passages, row)
    assert p.kind == "table" and (p.page, p.page_label) == (172, "144")
    assert row in [p.text[a:b] for a, b in p.sentences]
    wrapped = _holding(passages, "lsof — V:393, I:942 — 482 — lsof(8) : afficher la liste des fichiers ouverts par un "
                                 "processus en cours d'utilisation")
    assert wrapped.kind == "table"
    prose = _holding(passages, "Le paquet procps fournit des fonctions très basiques de surveillance")
    assert prose.kind == "body" and "—" not in prose.text
    # a loosely justified box (page 140), every blank of its lines wide, is no table
    tip = _holding(passages, "Vous devez définir MAILFROM dans /etc/popularity-contest.conf")
    assert tip.kind == "body" and "Le paquet popularity-contest envoie normalement un courriel" in tip.text


def test_a_word_processor_table_is_read_row_by_row_with_its_wrapped_cells():
    """The seeds' timeline as LibreOffice prints it (tests/fixtures/seeds/pdf): pdfium gives a
    row's first cells on one line and its last cell's lines after them, the blank before a full
    cell is narrower than a word space's four, and a cell wraps onto two to four lines. Each row
    is one sentence, its cells in order, as the text seed's "|" row reads; the lines after the
    table keep their numbers."""
    passages, _ = _passages(ROOT / "tests" / "fixtures" / "seeds" / "pdf" / "000_7b68323003ce8296.pdf")
    rows = [p.text[a:b] for p in passages if p.kind == "table" for a, b in p.sentences]
    assert ("Mars 2022 — Massacre de Moura (≈ 300 morts civils) — Dénonciation internationale ; soupçons de crimes "
            "de guerre.") in rows
    assert "Juillet 2024 — Bataille de Tinzaouaten — Revers militaire majeur pour Wagner." in rows
    assert "Juin 2025 — Création de l'Africa Corps — Reconnaissance implicite d'un échec opérationnel." in rows
    after = _holding(passages, "Pour la Russie, le Mali devait démontrer la solidité")
    k = next(i for i, (a, b) in enumerate(after.sentences) if after.text[a:b].startswith("Pour la Russie"))
    assert after.page == 2 and after.sentence_lines[k][0] == 38  # as before the table was laid out


def test_a_table_row_keeps_its_description_wrapped_in_the_last_column(maint_guide, reference):
    """maint-guide.fr.pdf (the package table of a library) and debian-reference.fr.pdf (the shells'
    table, whose description column no header line starts): the description was a paragraph of
    its own, away from its package."""
    passages, _ = maint_guide
    row = "libtruc1-dbg — any — same — les symboles de débogage de bibliothèque partagée, co-installable"
    assert _holding(passages, row).kind == "table"
    passages, _ = reference
    p = _holding(passages, "sash — V:0, I:6 — 1158 — Oui — Interpréteur de commandes autonome")
    assert p.kind == "table"


def test_a_question_on_a_pdf_table_gets_its_row(tmp_path_factory):
    from conftest import engine_over

    engine = engine_over(tmp_path_factory, "reference-pdf", [_pdf("debian-reference.fr.pdf")])
    a = engine.ask("Quel outil trace les appels système et les signaux ?").to_json()["answer"]
    assert a is not None and a["text"].startswith("strace — V:14")
    assert a["span"] is not None and a["span"]["text"] == "strace"


def test_a_paragraph_that_runs_onto_the_next_page_stays_one(maint_guide):
    passages, text = maint_guide
    assert "Chacune d’entre elles est divisée en sections qui\n" in text  # the last line of page 24
    p = _holding(passages, "est divisée en sections qui classent les paquets en catégories grossières")
    assert p.page == 24
    spans = [p.text[a:b] for a, b in p.sentence_spans()]
    whole = [s for s in spans if "sections qui classent" in s]
    assert whole and whole[0].endswith(".")  # one sentence across the page break
    k = spans.index(whole[0])
    assert p.sentence_page(k)[0] == 24 and p.sentence_page(len(spans) - 1)[0] in (24, 25)


def test_a_footnote_that_runs_onto_the_next_page_stays_one_note():
    passages, _ = _passages(_pdf("lshort-fr.pdf"))
    first = _holding(passages, "Le hangul coréen est un script alphabétique")  # page 50
    rest = _holding(passages, "moteurs TEX futurs")  # at the foot of page 51, before note 17
    assert first.kind == rest.kind == "footnote" and first.footnotes == rest.footnotes == (16,)
    assert rest.page == 51


def test_numbered_notes_follow_each_other_under_code_set_smaller(maint_guide):
    # page 17 ends with a shell example set in 9 pt, then notes 11-16 in 8 pt whose calls are
    # plain numbers after a full stop ("noms. 12"): each note is its own, the code is body
    passages, _ = maint_guide
    for number, start in ((11, "La longueur par défaut du champ de nom de paquet"), (12, "Si vous suivez la référence"),
                          (16, "Le texte qui suit présuppose")):
        note = _holding(passages, start)
        assert (note.kind, note.footnotes, note.page) == ("footnote", (number,), 17), start
    assert _holding(passages, "DEBFULLNAME").kind == "body"


def test_a_word_processor_pdf_keeps_paragraphs_and_notes_across_pages():
    # the briefing of the seeds as LibreOffice prints it (tests/fixtures/seeds/pdf): flush-left
    # paragraphs set apart by a gap, Word-style 10 pt notes that run onto the next page
    passages, _ = _passages(ROOT / "tests" / "fixtures" / "seeds" / "pdf" / "002_29e0faa7f984317a.pdf")
    cut = _holding(passages, "la découverte d'un charnier près du camp de Gossi")  # "camp de" | page 6 "Gossi"
    assert cut.kind == "body" and cut.page == 5
    ragged = _holding(passages, "le marché national a tant besoin.")  # a short line ending a sentence, mid-paragraph
    assert "D'une valeur de 100 millions de dollars" in ragged.text
    note = _holding(passages, "Notamment la Minusma, la force Takuba")  # note 4, from page 4 onto page 5
    assert note.kind == "footnote" and note.footnotes == (4,) and "dispositif français Barkhane" in note.text
    found = {n for p in passages if p.kind == "footnote" for n in p.footnotes}
    assert found == set(range(1, 90))  # all 89 notes, each on its own


def test_reader_comments_printed_in_a_pdf_are_comments():
    # the seeds' article printed with its comment thread ("9 réflexions au sujet de …")
    passages, _ = _passages(ROOT / "tests" / "fixtures" / "seeds" / "pdf" / "001_eb65ca922daaa8d5.pdf")
    assert _holding(passages, "la coopération sécuritaire entre le Mali et la Russie").kind == "body"
    assert _holding(passages, "9 réflexions au sujet de").kind == "comment"
    assert _holding(passages, "Mieux vaut échouer à la russe").kind == "comment"
    (manual,) = pdf.read(_pdf("debian-edu-bookworm-manual.pdf"), "manual.pdf")  # a line "commentaires." at 68 %
    assert not [s for s in clean(manual).segments if s.kind == "comment"]


def test_a_heading_right_under_another_is_its_own_and_a_wrapped_one_stays_whole():
    seeds = ROOT / "tests" / "fixtures" / "seeds" / "pdf"
    (doc,) = pdf.read(seeds / "004_5b873d6cbf113ef8.pdf", "004.pdf")  # a section and its first subsection
    titles = [s.text for s in clean(doc).segments if s.kind == "title"]
    assert "Un partenariat militaire en expansion" in titles and "Les nouveaux accords de mai 2025" in titles
    (doc,) = pdf.read(seeds / "002_29e0faa7f984317a.pdf", "002.pdf")  # one heading on two lines
    titles = [s.text for s in clean(doc).segments if s.kind == "title"]
    assert "II. La brouille avec les partenaires occidentaux et régionaux" in titles


def test_two_columns_drawn_row_by_row_are_read_column_by_column():
    passages, _ = _passages(TWO_COLUMNS)
    texts = " ".join(p.text for p in passages)
    assert "avant de redescendre vers le Niger et le Nigeria." in texts
    assert "reconstruite en 1907 et inscrite au patrimoine mondial de l'UNESCO" in texts
    assert texts.index("Niger prend sa source") < texts.index("La ville de Djenné")


def test_ligatures_and_control_characters_are_unfolded():
    text, calls = pdf._unfold("le \ufb01chier \ufb02ottant\x02 p. 12", [(22, 24, 12)])
    assert text == "le fichier flottant p. 12" and calls == [(23, 25, 12)] and text[23:25] == "12"


@pytest.fixture(scope="module")
def maint_guide_index(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("pdf") / "index"
    result = runner.invoke(app, ["index", str(_pdf("maint-guide.fr.pdf")), "--index", str(root)])
    assert result.exit_code == 0, result.output
    assert "read 1 pdf" in result.stderr
    return root


def test_an_answer_from_a_pdf_is_cited_to_its_page(maint_guide_index):
    question = "Quel est le paquet le plus important à installer sur un système de développement ?"
    result = runner.invoke(app, ["ask", question, "--index", str(maint_guide_index), "--format", "json"])
    answer = json.loads(result.stdout)["answer"]
    assert "build-essential" in answer["text"]
    assert (answer["page"], answer["page_label"], answer["line_start"]) == (9, "3", 2)
    plain = runner.invoke(app, ["ask", question, "--index", str(maint_guide_index), "--format", "plain"])
    assert "maint-guide.fr.pdf, p. 3 (page 9 of the file), line 2" in plain.stdout


def test_show_prints_the_passage_within_its_page(maint_guide_index):
    question = "Quel est le paquet le plus important à installer sur un système de développement ?"
    got = runner.invoke(app, ["ask", question, "--index", str(maint_guide_index), "--format", "json"])
    pid = json.loads(got.stdout)["answer"]["passage_id"]
    shown = runner.invoke(app, ["show", pid, "--index", str(maint_guide_index), "--format", "json"])
    page = json.loads(shown.stdout)["page"]
    assert {p["page"] for p in page} == {9} and pid in [p["id"] for p in page]
    assert any("debmake" in p["text"] for p in page)  # another paragraph of page 9


def _broken_folder(tmp_path: Path, *, control: bool) -> Path:
    folder = tmp_path / "pdfs"
    folder.mkdir()
    for name in ("chiffre.pdf", "tronque.pdf", "scan.pdf") + (("texte.pdf",) if control else ()):
        shutil.copy(BROKEN / name, folder)
    return folder


def test_each_broken_pdf_is_one_warning_and_the_build_goes_on(tmp_path):
    result = runner.invoke(app, ["index", str(_broken_folder(tmp_path, control=True)), "--index", str(tmp_path / "idx")])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.stderr
    warnings = [ln for ln in result.stderr.splitlines() if ln.startswith("askmali: warning: ")]
    assert len(warnings) == 3
    assert any("chiffre.pdf: encrypted PDF" in w for w in warnings)
    assert any("tronque.pdf: not a readable PDF (truncated or damaged)" in w for w in warnings)
    assert any("scan.pdf: no text layer — OCR it first" in w for w in warnings)
    (summary,) = [ln for ln in result.stderr.splitlines() if "indexed" in ln]
    assert summary.endswith("read 1 pdf; skipped 3 (1 encrypted, 1 no text layer, 1 truncated or damaged)")


def test_only_broken_pdfs_leave_an_existing_index_untouched(tmp_path, index_copy, tree_hash, diagnostic):
    before = tree_hash(index_copy)
    result = runner.invoke(app, ["index", str(_broken_folder(tmp_path, control=False)), "--index", str(index_copy)])
    assert result.exit_code == 2
    line = diagnostic(result.stderr)
    assert "nothing to index" in line and "pdf" in line
    assert tree_hash(index_copy) == before


def test_evidence_in_a_pdf_is_found_across_a_line_end_hyphen():
    from askmali.questionsets import Question, check_evidence

    folder = _pdf("maint-guide.fr.pdf").parent
    # cut by a hyphen at a line end in the PDF ("néan-|moins"): found all the same
    ok = Question("q1", "Ces recommandations sont-elles utiles ?", ("lignes directrices",), ("maint-guide.fr.pdf",),
                  "elles sont néanmoins utiles en tant que lignes directrices", "factoid")
    check_evidence([ok], folder)


def test_citations_name_the_printed_page_and_the_page_of_the_file():
    from askmali import render

    base = dict(id="m.pdf#4", source="m.pdf", title="", kind="body", text="x", char_start=0, char_end=1)
    labelled = Passage(**base, line_start=3, line_end=7, page=30, page_label="12")
    assert render.cite_passage(labelled) == "m.pdf, p. 12 (page 30 of the file), lines 3-7 (passage m.pdf#4)"
    unlabelled = Passage(**base, line_start=4, line_end=4, page=30, page_label="30")
    assert render.located(unlabelled) == "page 30, line 4"
    chapter = Passage(**base, line_start=2, line_end=3, section="ch02.xhtml", line_unit="paragraph")
    assert render.located(chapter) == "ch02.xhtml, paragraphs 2-3"
    plain = Passage(**base, line_start=2, line_end=3)
    assert render.cite_passage(plain) == render.cite("m.pdf", "m.pdf#4", 2, 3) == "m.pdf, lines 2-3 (passage m.pdf#4)"


def test_the_index_keeps_each_passage_place(maint_guide):
    from askmali.passages import PassageTable

    passages, _ = maint_guide
    table = PassageTable(PassageTable.build(passages).to_arrays())
    assert [table.get(i) for i in range(len(passages))] == passages
    assert any(p.sentence_pages and len(set(p.sentence_pages)) > 1 for p in passages)  # across a page


def test_the_readme_pdf_transcript_is_current(tmp_path):
    """README "PDFs, cited to the page": the session on debian-reference.fr.pdf is real."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```console\n\$ askmali index (\S+) --index idx\n(.*?)\n\$ askmali ask \"([^\"]+)\" "
                      r"--index idx --format plain\n(.*?)```", readme, re.S)
    assert block, "the README's PDF transcript"
    name, summary, question, expected = block.groups()
    root = tmp_path / "idx"
    built = runner.invoke(app, ["index", str(_pdf(name)), "--index", str(root)])
    assert built.stderr.strip() == summary.replace(" in idx:", f" in {root}:")
    result = runner.invoke(app, ["ask", question, "--index", str(root), "--format", "plain"])
    assert result.stdout.rstrip("\n") == expected.rstrip("\n")


def test_a_word_processor_s_placeholder_is_no_title():
    assert pdf.title_of("Référence  Debian") == "Référence Debian"
    assert pdf.title_of("Microsoft Word - Rapport sur la sécurité au Sahel") == "Rapport sur la sécurité au Sahel"
    for junk in ("Microsoft Word - rapport_final.docx", "untitled", "Sans titre", "main.tex", "", "x"):
        assert pdf.title_of(junk) == "", junk


def test_a_skipped_pdf_that_has_not_changed_does_not_make_the_index_stale(tmp_path):
    # each question used to find the three skipped PDFs "changed since indexing" (they were in
    # no list of the manifest) and to update the index, warnings and all, every time
    from askmali import engine as engine_mod
    from askmali import store

    folder = _broken_folder(tmp_path, control=True)
    root = tmp_path / "idx"
    assert runner.invoke(app, ["index", str(folder), "--index", str(root)]).exit_code == 0
    os.utime(folder / "scan.pdf", ns=(1, 1))  # touched: same bytes, and its new time recorded
    said: list[str] = []
    warned: list[str] = []
    engine_mod.open_index(root, on_event=said.append, warn=warned.append)
    assert said == warned == []
    manifest = store.read_manifest(store.current_generation(root))
    assert manifest["touched"] == 1
    assert [sf["mtime_ns"] for sf in manifest["skipped_sources"] if sf["name"] == "scan.pdf"] == [1]
    before = (root / store.CURRENT).read_text()
    engine_mod.open_index(root, on_event=said.append, warn=warned.append)
    assert said == warned == [] and (root / store.CURRENT).read_text() == before
    with open(folder / "tronque.pdf", "ab") as fh:  # its bytes changed: read again, once
        fh.write(b"%%EOF\n")
    engine_mod.open_index(root, on_event=said.append, warn=warned.append)
    assert len(said) == 1 and "tronque.pdf" in said[0] and len(warned) == 3
    after = (root / store.CURRENT).read_text()
    engine_mod.open_index(root, on_event=said.append, warn=warned.append)
    assert len(said) == 1 and len(warned) == 3 and (root / store.CURRENT).read_text() == after
