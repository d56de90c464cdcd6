"""The HTML, DOCX, ODT and EPUB readers on real files: the manuals of ../shared/documents and
the seeds converted by scripts/convert_seeds.py (tests/fixtures/seeds/).

A citation is checked the way a person would: open the original file by other means (python-docx,
a plain XML parse, the raw HTML lines) and look for the sentence where the citation points.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from askmali.cleaning import clean
from askmali.errors import ReadError
from askmali.models import Document
from askmali.readers import docx as docx_reader
from askmali.readers import epub as epub_reader
from askmali.readers import html as html_reader
from askmali.readers import odt as odt_reader
from conftest import ROOT, shared_documents as documents

FIXTURES = ROOT / "tests" / "fixtures" / "seeds"
BRIEFING = "002_29e0faa7f984317a"  # the Crisis Group briefing: 89 footnotes
COMMENTED = "001_eb65ca922daaa8d5"  # the web article with reader comments
READERS = {"docx": docx_reader, "odt": odt_reader, "epub": epub_reader, "html": html_reader}
SANCTIONS = "la Cedeao a partiellement levé ses sanctions le 3 juillet 2022"


def read(path: Path) -> tuple[Document, list[str]]:
    warnings: list[str] = []
    fmt = path.suffix.lstrip(".").lower()
    docs = READERS[fmt].read(path, path.name, warnings.append)
    assert len(docs) == 1, warnings
    return docs[0], warnings


def cited(doc: Document, offset: int) -> tuple[int, str | None]:
    """(line number, section) a reader gives the character at ``offset``."""
    place = [p for p in doc.places if p.start <= offset][-1]
    return place.line + doc.text.count("\n", place.start, offset), place.section


def fold(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split())


# ---------------------------------------------------------------------------------- EPUB
def test_epub_reads_chapters_in_spine_order_and_cites_the_chapter_file():
    path = documents("epub", "developers-reference.fr.epub")
    doc, warnings = read(path)
    assert warnings == []
    with zipfile.ZipFile(path) as zf:
        opf = zf.read("content.opf").decode()
    hrefs = dict(re.findall(r'<item[^>]*?id="([^"]+)"[^>]*?href="([^"]+)"', opf))
    hrefs.update({i: h for h, i in re.findall(r'<item[^>]*?href="([^"]+)"[^>]*?id="([^"]+)"', opf)})
    spine = [hrefs[i] for i in re.findall(r'<itemref[^>]*idref="([^"]+)"', opf)]
    sections = list(dict.fromkeys(p.section for p in doc.places))
    assert sections == [h for h in spine if h.endswith(".xhtml")]
    # a sentence is cited to the chapter file that holds it
    at = doc.text.index("Il y a deux choses à faire pour informer les autres développeurs")
    line, section = cited(doc, at)
    with zipfile.ZipFile(path) as zf:
        chapter = zf.read(section).decode()
    assert "Il y a deux choses à faire pour informer les autres développeurs" in " ".join(chapter.split())
    assert line > 1


def test_epub_packed_under_an_extra_folder_reads():
    doc, warnings = read(documents("epub", "debian-edu-bookworm-manual.epub"))
    assert warnings == []
    assert doc.title == "Manuel de Debian Edu/Skolelinux 12 Bookworm"
    sections = [p.section for p in doc.places]
    assert sections[0] == "index.html" and "ar01s27.html" in sections
    assert len(doc.text) > 100_000
    kinds = {s.kind for s in clean(doc).segments}
    assert {"title", "body"} <= kinds


def test_epub_footnotes_are_linked_to_their_calls():
    doc, _ = read(documents("epub", "developers-reference.fr.epub"))
    segs = clean(doc).segments
    notes = {s.footnote: s.text for s in segs if s.kind == "footnote"}
    vac = next(s for s in segs if "« [VAC] »" in s.text)
    assert len(vac.refs) == 1 and "filtré" in notes[vac.refs[0]]
    assert not any("[^" in s.text for s in segs)


# ---------------------------------------------------------------------------------- HTML
def test_html_drops_navigation_and_keeps_the_article():
    path = documents("html", "maint-guide", "first.fr.html")
    doc, warnings = read(path)
    assert warnings == []
    assert doc.title == "Chapitre 2. Premiers pas"
    text = doc.text
    assert "Commencez par créer votre propre paquet (ou, encore mieux, par en adopter un)." in text
    assert "2.2. Choix du programme" in text.split("\n")  # a heading, on a line of its own
    # the navigation bars name the previous and next chapters as "Chapitre N. Titre"
    assert "Chapitre 1. Partir du bon pied" not in text
    assert "Chapitre 3. Modification du code source" not in text


def test_html_footnote_calls_are_not_left_in_the_text():
    doc, _ = read(documents("html", "maint-guide", "first.fr.html"))
    segs = clean(doc).segments
    assert not any(re.search(r"\[\^?\d+\]", s.text) for s in segs)
    notes = {s.footnote: s.text for s in segs if s.kind == "footnote"}
    assert sorted(notes) == list(range(4, 22))  # numbered as printed: [4] ... [21]
    body = next(s for s in segs if s.text.startswith("Dans les noms de fichier précédents"))
    assert body.refs == (5,) and notes[5].startswith("Consultez 5.6.1")


def test_html_lines_are_cited_by_source_line():
    path = documents("html", "maint-guide", "first.fr.html")
    doc, _ = read(path)
    raw = path.read_text(encoding="utf-8").split("\n")
    sentence = "Si le paquet existe déjà, et bien, installez-le"
    line, _ = cited(doc, doc.text.index(sentence))
    assert sentence in raw[line - 1]


def test_html_reader_comments_become_comments(tmp_path):
    path = FIXTURES / "html" / f"{COMMENTED}.html"
    doc, _ = read(path)
    segs = clean(doc).segments
    comments = [s.text for s in segs if s.kind == "comment"]
    assert len(comments) >= 9 and any("@Obélix" in c for c in comments)
    assert not any("@Obélix" in s.text or "Bolchoï" in s.text for s in segs if s.kind != "comment")
    assert any("Pascal Confavreux" in s.text for s in segs if s.kind == "body")


# ---------------------------------------------------------------------------- DOCX / ODT
@pytest.mark.parametrize("fmt", ["docx", "odt", "epub", "html"])
def test_converted_briefing_footnotes_are_linked(fmt):
    doc, warnings = read(FIXTURES / fmt / f"{BRIEFING}.{fmt}")
    assert warnings == []
    segs = clean(doc).segments
    notes = {s.footnote: s.text for s in segs if s.kind == "footnote"}
    assert sorted(notes) == list(range(1, 90))
    body = next(s for s in segs if SANCTIONS in fold(s.text))
    assert body.refs == (26,)
    assert notes[26].startswith("La Cedeao a levé les sanctions économiques et financières")
    # the call is cut right after the sentence it belongs to
    assert body.text[: body.ref_at[0]].endswith("3 juillet 2022.")


def test_docx_paragraph_numbers_point_at_the_sentence():
    import docx

    path = FIXTURES / "docx" / f"{BRIEFING}.docx"
    doc, _ = read(path)
    paragraphs = docx.Document(str(path)).paragraphs
    for sentence in (SANCTIONS, "Après le coup d'Etat de mai 2021, les autorités maliennes ont tourné le dos"):
        line, section = cited(doc, _offset(doc.text, sentence))
        assert section is None
        assert sentence in fold(paragraphs[line - 1].text)


def test_docx_footnotes_are_cited_by_their_number():
    doc, _ = read(FIXTURES / "docx" / f"{BRIEFING}.docx")
    at = doc.text.index("[^26]: ")
    assert cited(doc, at) == (26, "notes")


def test_odt_paragraph_numbers_point_at_the_sentence():
    from lxml import etree

    path = FIXTURES / "odt" / f"{BRIEFING}.odt"
    doc, _ = read(path)
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("content.xml"))
    text_ns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    table_ns = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    body = root.find(f".//{{urn:oasis:names:tc:opendocument:xmlns:office:1.0}}text")
    paragraphs = [
        el for el in body.iter(f"{{{text_ns}}}p", f"{{{text_ns}}}h")
        if not any(a.tag in (f"{{{text_ns}}}note", f"{{{table_ns}}}table") for a in el.iterancestors())
    ]
    line, section = cited(doc, _offset(doc.text, SANCTIONS))
    assert section is None
    assert SANCTIONS in fold("".join(paragraphs[line - 1].itertext()))


def _offset(text: str, sentence: str) -> int:
    """Where ``sentence`` starts in ``text``, typographic apostrophes aside."""
    return text.replace("\u2019", "'").index(sentence)


# --------------------------------------------------------------------------- bad inputs
def refused(reader, path: Path) -> ReadError:
    """The ReadError ``reader`` raises for ``path`` (the build makes it one warning)."""
    with pytest.raises(ReadError) as info:
        reader.read(path, path.name, pytest.fail)  # nothing else is warned
    assert str(info.value).startswith(f"{path.name}: ") and str(info.value).endswith(", skipped")
    return info.value


def test_html_page_that_is_all_navigation_is_refused(tmp_path):
    page = tmp_path / "plan.html"
    links = "".join(f'<li><a href="/{w}">{w}</a></li>' for w in ("Accueil", "Actualités", "Afrique", "Sport"))
    page.write_text(
        f"<html><head><title>Plan du site</title></head><body><nav><ul>{links}</ul></nav>"
        '<footer><a href="/mentions">Mentions légales</a> | <a href="/c">Cookies</a></footer></body></html>',
        encoding="utf-8",
    )
    error = refused(html_reader, page)
    assert "no article text" in str(error) and error.reason == "no article text"


def test_docx_that_is_not_a_zip_is_refused(tmp_path):
    fake = tmp_path / "notes.docx"
    fake.write_text("Ceci n'est pas un document Word.\n", encoding="utf-8")
    error = refused(docx_reader, fake)
    assert str(error) == "notes.docx: not a DOCX file (not a zip archive, or a truncated one), skipped"


def test_truncated_epub_is_refused(tmp_path):
    data = (FIXTURES / "epub" / f"{BRIEFING}.epub").read_bytes()
    cut = tmp_path / "livre.epub"
    cut.write_bytes(data[: len(data) // 2])
    refused(epub_reader, cut)


def _odt_with(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "rapport.odt"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", content)
    return path


_ODT_HEAD = (
    b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
)


def test_corrupt_odt_is_refused(tmp_path):
    path = _odt_with(tmp_path, _ODT_HEAD + b"<text:p>Un paragraphe sans fin")
    assert str(refused(odt_reader, path)).startswith("rapport.odt: content.xml is not well-formed XML")


def test_hostile_xml_entities_are_neither_expanded_nor_fetched(tmp_path):
    bomb = b'<!DOCTYPE d [<!ENTITY a "' + b"lol" * 50 + b'">' + b"".join(
        b'<!ENTITY %s "%s">' % (bytes([98 + i]), (b"&%s;" % bytes([97 + i])) * 10) for i in range(8)
    ) + b"]>"
    end = b"</office:text></office:body></office:document-content>"
    path = _odt_with(tmp_path, bomb + _ODT_HEAD + b"<text:p>Avant &i; apr\xc3\xa8s</text:p>" + end)
    try:
        text = odt_reader.read(path, path.name, pytest.fail)[0].text
    except ReadError:  # refused whole is fine too: nothing was expanded
        text = ""
    assert "lol" not in text
    secret = tmp_path / "secret.txt"
    secret.write_text("mot de passe: hunter2\n", encoding="utf-8")
    external = b'<!DOCTYPE d [<!ENTITY x SYSTEM "' + secret.as_uri().encode() + b'">]>'
    path = _odt_with(tmp_path, external + _ODT_HEAD + b"<text:p>Avant &x; apr\xc3\xa8s</text:p>" + end)
    text = odt_reader.read(path, path.name, pytest.fail)[0].text
    assert "Avant" in text and "hunter2" not in text


def test_a_build_skips_bad_documents_and_indexes_the_rest(tmp_path):
    import json

    import askmali
    import docx
    from askmali import indexing

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for fmt, stem in (("docx", BRIEFING), ("odt", COMMENTED), ("epub", "003_08a994fd9431b56b")):
        (corpus / f"{stem}.{fmt}").write_bytes((FIXTURES / fmt / f"{stem}.{fmt}").read_bytes())
    (corpus / "page.html").write_bytes((FIXTURES / "html" / "004_5b873d6cbf113ef8.html").read_bytes())
    (corpus / "notes.docx").write_text("pas un zip\n", encoding="utf-8")
    (corpus / "plan.html").write_text('<html><body><nav><a href="/">Accueil</a> <a href="/a">Afrique</a></nav></body></html>',
                                      encoding="utf-8")
    data = (FIXTURES / "epub" / f"{BRIEFING}.epub").read_bytes()
    (corpus / "livre.epub").write_bytes(data[: len(data) // 2])
    warnings: list[str] = []
    gen = indexing.build([corpus], tmp_path / "index", warn=warnings.append)
    assert sorted(w.split(":")[0] for w in warnings) == ["livre.epub", "notes.docx", "plan.html"]
    manifest = json.loads((gen / "manifest.json").read_text())
    assert manifest["formats"]["read"] == {"docx": 1, "epub": 1, "html": 1, "odt": 1}
    assert sum(manifest["formats"]["skipped"].values()) == 3
    # the answer is cited to the paragraph of the Word file that holds it
    answer = askmali.load(tmp_path / "index").ask(
        "Quand la Cedeao a-t-elle partiellement levé ses sanctions contre le Mali ?"
    ).answer
    assert answer is not None and answer.source == f"{BRIEFING}.docx" and "3 juillet 2022" in answer.text
    assert answer.line_unit == "paragraph" and answer.line_start == answer.line_end
    paragraphs = docx.Document(str(corpus / f"{BRIEFING}.docx")).paragraphs
    assert SANCTIONS in fold(paragraphs[answer.line_start - 1].text)


# ------------------------------------------------------------------ the same manual twice
SAME_MANUAL = (  # questions on maint-guide, answered by one sentence of both editions
    ("Par quel caractère le tiret est-il remplacé dans les noms de fichier de paquet Debian ?", "tiret bas"),
    ("Quelle option de dh_make ajoute les fichiers modèles effacés par mégarde ?", "--addmissing"),
    ("Quel interpréteur de commandes le texte suppose-t-il utilisé à la connexion ?", "Bash"),
    ("Avec quelle commande signaler un bogue sur le paquet maint-guide ?", "reportbug"),
    ("Quel paquet fournit la commande wnpp-alert ?", "devscripts"),
)


@pytest.fixture(scope="module")
def maint_guide(tmp_path_factory):
    """maint-guide indexed twice: its HTML pages, and its PDF."""
    import askmali
    from askmali import indexing

    root = tmp_path_factory.mktemp("maint-guide")
    html_pages = documents("html", "maint-guide")
    pdf_file = documents("pdf", "maint-guide.fr.pdf")
    indexing.build([html_pages], root / "html")
    indexing.build([pdf_file], root / "pdf")
    return html_pages, askmali.load(root / "html"), askmali.load(root / "pdf")


@pytest.mark.parametrize("question,key", SAME_MANUAL)
def test_pdf_and_html_of_the_same_manual_give_the_same_answer(maint_guide, question, key):
    from askmali.matching import contains

    pages, from_html, from_pdf = maint_guide
    a, b = from_html.ask(question).answer, from_pdf.ask(question).answer
    assert a is not None and b is not None
    assert key in a.text and key in b.text
    assert contains(b.text, a.text) or contains(a.text, b.text)  # one sentence (the PDF's may carry a list mark)
    assert b.source == "maint-guide.fr.pdf" and b.page is not None
    # the web page's answer is cited by the source line where its paragraph's text starts
    raw = (pages / a.source).read_text(encoding="utf-8").split("\n")
    assert a.line_unit == "source line"
    paragraph = raw[a.line_start - 1 :]
    paragraph = " ".join(" ".join(paragraph[: next(i for i, ln in enumerate(paragraph) if "</p>" in ln) + 1]).split())
    assert " ".join(a.text.split()[:4]) in re.sub(r"<[^>]+>", "", paragraph)


def test_html_line_breaks_inside_a_paragraph_keep_words_apart(tmp_path):
    page = tmp_path / "contact.html"
    page.write_text(
        "<html><head><title>Nous écrire</title></head><body><article><h1>Nous écrire</h1>"
        "<p>La rédaction répond à toutes les lettres des lecteurs dans un délai raisonnable, en "
        "général deux semaines.<br>Rédaction du Journal<br/>12 rue de la Paix<br>75002 Paris</p>"
        "<p>Un second paragraphe, assez long pour que la page soit prise pour un article de presse.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    doc, _ = read(page)
    assert "deux semaines. Rédaction du Journal 12 rue de la Paix 75002 Paris" in doc.text


def test_a_short_page_or_a_saved_fragment_is_read_and_a_binary_is_refused(tmp_path):
    sentence = "Le Mali a quitté la Cedeao en janvier 2024."
    short = tmp_path / "note.html"
    short.write_text(f"<html><head><title>Note</title></head><body><p>{sentence}</p></body></html>", encoding="utf-8")
    fragment = tmp_path / "extrait.html"
    fragment.write_text(f"<p>{sentence}</p>", encoding="utf-8")
    for page in (short, fragment):
        assert sentence in read(page)[0].text.split("\n")
    binary = tmp_path / "image.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "not an HTML page" in str(refused(html_reader, binary))


def test_a_page_in_latin_1_reads_as_its_utf_8_original_declared_or_not(tmp_path):
    """A saved page in ISO-8859-1 / Windows-1252 reads word for word as its UTF-8 original,
    whether it declares its charset (no warning) or not (a warning); so does UTF-8 with a BOM.
    trafilatura guessed the charset of a page that is not UTF-8, and a short one read as
    Windows-1250 ("dénué d'accčs ŕ la mer"). The page: maint-guide's first chapter (XHTML: an
    XML declaration and a <meta> both say UTF-8), all of whose characters Windows-1252 holds."""
    original = documents("html", "maint-guide", "first.fr.html")
    expected, _ = read(original)
    page = original.read_text(encoding="utf-8")
    assert "charset=UTF-8" in page and 'encoding="UTF-8"' in page and "réécriture" in expected.text
    declared = tmp_path / "declared.html"
    declared.write_bytes(page.replace("UTF-8", "ISO-8859-1").encode("cp1252"))
    undeclared = tmp_path / "undeclared.html"
    undeclared.write_bytes(page.replace("; charset=UTF-8", "").replace(' encoding="UTF-8"', "").encode("cp1252"))
    bom = tmp_path / "bom.html"
    bom.write_bytes(b"\xef\xbb\xbf" + page.encode("utf-8"))
    utf16 = tmp_path / "utf16.html"
    utf16.write_bytes(page.encode("utf-16"))
    for path, warned in ((declared, None), (undeclared, "not UTF-8, read as cp1252"), (bom, None), (utf16, "UTF-16")):
        doc, warnings = read(path)
        assert doc.text == expected.text, path.name
        assert bool(warnings) == bool(warned) and all(warned in w for w in warnings), path.name
    short = tmp_path / "court.html"
    short.write_bytes("<html><body><p>Le Mali est un pays dénué d'accès à la mer.</p></body></html>".encode("latin-1"))
    assert "Le Mali est un pays dénué d'accès à la mer." in read(short)[0].text


def test_an_epub_with_one_damaged_chapter_keeps_the_others(tmp_path):
    damaged = tmp_path / "livre.epub"
    damaged.write_bytes((FIXTURES / "epub" / f"{BRIEFING}.epub").read_bytes())
    with zipfile.ZipFile(damaged) as zf:
        info = zf.getinfo("EPUB/text/title_page.xhtml")
    data = bytearray(damaged.read_bytes())
    header = info.header_offset  # a local file header: 30 bytes, then its name and extra field
    name_len = int.from_bytes(data[header + 26 : header + 28], "little")
    extra_len = int.from_bytes(data[header + 28 : header + 30], "little")
    at = header + 30 + name_len + extra_len + info.compress_size // 2
    for k in range(at, at + 4):
        data[k] ^= 0xFF
    damaged.write_bytes(bytes(data))  # the chapter's bytes no longer match its CRC
    warnings: list[str] = []
    doc = epub_reader.read(damaged, damaged.name, warnings.append)[0]
    assert len(warnings) == 1 and warnings[0].startswith("livre.epub: chapter text/title_page.xhtml left out")
    assert SANCTIONS in fold(doc.text)


def test_a_boxed_note_laid_out_as_a_table_reads_as_prose_and_a_data_table_as_rows():
    doc, _ = read(documents("html", "debian-reference", "ch05.fr.html"))
    segs = clean(doc).segments
    tip = next(s for s in segs if s.text.startswith("Sous systemd, networkd peut être utilisé"))
    assert tip.kind == "body"
    row = next(s for s in segs if s.text.startswith("ifupdown"))
    assert row.kind == "table" and "outil standard pour activer ou désactiver le réseau" in row.text


def test_epub_paragraph_numbers_point_at_the_sentence():
    from lxml import etree

    path = FIXTURES / "epub" / f"{BRIEFING}.epub"
    doc, _ = read(path)
    line, section = cited(doc, _offset(doc.text, SANCTIONS))
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read(f"EPUB/{section}"))
    xhtml = "{http://www.w3.org/1999/xhtml}"
    # the chapter's headings and paragraphs, in order; its notes (list items at its end) aside
    blocks = [
        el for el in root.iter(xhtml + "h1", xhtml + "h2", xhtml + "p")
        if not any(a.tag == xhtml + "li" for a in el.iterancestors())
    ]
    assert SANCTIONS in fold("".join(blocks[line - 1].itertext()))


def test_a_blog_page_keeps_its_article_and_date_and_its_reader_comments_are_comments(tmp_path):
    article = (
        "<p>La France a estimé que la coopération sécuritaire entre le Mali et la Russie n'avait pas "
        "apporté les résultats escomptés, alors que Bamako fait face à une crise énergétique.</p>"
        "<h2>Les critiques françaises</h2><p>Selon Pascal Confavreux, porte-parole du ministère, Paris "
        "observe « avec une réelle inquiétude » la dégradation de la sécurité dans le pays.</p>"
    )
    comment = (
        '<li class="comment"><article class="comment-body"><footer class="comment-meta"><b>{who}</b>'
        '</footer><div class="comment-content"><p>{text}</p></div><div class="reply">'
        '<a class="comment-reply-link" href="#">Répondre</a></div></article></li>'
    )
    comments = "".join(comment.format(who=who, text=text) for who, text in (
        ("Obélix", "Mieux vaut échouer à la russe que de réussir à la française, disait mon grand-père."),
        ("Kotato", "C'est de l'humour russe, le genre qu'on entend à l'entracte au Bolchoï."),
    ))
    page = tmp_path / "billet.html"
    page.write_text(
        '<html lang="fr"><head><meta charset="utf-8"><title>Sécurité au Mali – Le Blog</title>'
        '<meta property="article:published_time" content="2025-11-07T10:00:00+00:00"></head><body>'
        '<nav class="main-navigation"><ul><li><a href="/">Accueil</a></li><li><a href="/afrique">'
        'Afrique</a></li></ul></nav><main><article class="post"><h1 class="entry-title">Sécurité au '
        f'Mali</h1><div class="entry-content">{article}</div></article><div id="comments" '
        f'class="comments-area"><h2 class="comments-title">2 réflexions au sujet de « Sécurité au Mali »'
        f'</h2><ol class="comment-list">{comments}</ol></div></main><footer><a href="/mentions">'
        "Mentions légales</a></footer></body></html>",
        encoding="utf-8",
    )
    doc, _ = read(page)
    segs = clean(doc).segments
    kinds = {s.text: s.kind for s in segs}
    assert kinds["Publié le 7 novembre 2025."] == "body"
    assert kinds["Les critiques françaises"] == "title"
    assert any(k == "body" and t.startswith("Selon Pascal Confavreux") for t, k in kinds.items())
    comments = [t for t, k in kinds.items() if k == "comment"]
    assert len(comments) == 2 and comments[1].endswith("au Bolchoï.")
    assert not any(w in doc.text for w in ("Accueil", "Mentions légales", "Répondre"))


@pytest.mark.parametrize("fmt", ["docx", "odt", "epub", "html"])
def test_the_converted_seeds_hold_every_paragraph_of_the_seeds_and_nothing_else(fmt):
    """tests/fixtures/seeds/ is current with seeds/ (scripts/convert_seeds.py), and the readers
    give back each cleaned paragraph, heading, note and comment of each seed, of the same kind."""
    from askmali.matching import match_key

    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        original = clean(Document(source=seed.name, text=seed.read_text(encoding="utf-8"))).segments
        converted = clean(read(FIXTURES / fmt / f"{seed.stem}.{fmt}")[0]).segments
        by_kind = {kind: match_key("\n".join(s.text for s in converted if s.kind == kind)) for kind in
                   ("title", "body", "footnote", "table", "comment")}
        for seg in original:
            kinds = ("title", "body") if seg.kind in ("title", "body") else (seg.kind,)
            assert any(match_key(seg.text) in by_kind[k] for k in kinds), (seed.name, seg.kind, seg.text[:60])
        assert len(match_key(" ".join(s.text for s in converted))) <= 1.02 * len(
            match_key(" ".join(s.text for s in original))
        ) + 200  # the title page and "Commentaires" aside, nothing was added
