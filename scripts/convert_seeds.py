"""Make the five seeds as the documents people keep: DOCX, ODT, EPUB, HTML and PDF.

Each seed is read as askmali reads it (cleaned into title, headings, paragraphs, table rows,
footnotes and reader comments), written as Pandoc Markdown with real footnotes, then converted
by pandoc (DOCX, ODT, EPUB, HTML) and LibreOffice (PDF, from the DOCX, so footnotes sit at the
bottom of their pages, in Word's 10 pt footnote style). Reader comments go in a ``comments`` block, which a web page shows as
its comment section. File stems are kept, so a question's ``source`` matches by stem.

Needs pandoc and LibreOffice (``apt-get install pandoc libreoffice-writer-nogui``); the files
it makes are committed under tests/fixtures/seeds/, so tests and CI need neither.

    python scripts/convert_seeds.py [--seeds seeds] [--out tests/fixtures/seeds]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from askmali.cleaning import clean
from askmali.models import Document, Segment

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("docx", "odt", "epub", "html", "pdf")
_ESCAPE = re.compile(r"([\\`*_\[\]<>#|~^$@])")
_LIST_START = re.compile(r"^(\d{1,3}[.)]|[-+])(\s)")
_PANDOC_FROM = "markdown-smart-raw_html-raw_tex-tex_math_dollars-subscript-superscript-auto_identifiers"


def original(doc: Document, seg: Segment) -> str:
    """The segment's cleaned text with the seed's own apostrophes (’) put back."""
    return "".join(
        doc.text[o] if c == "'" and doc.text[o] in "\u2019\u2018\u02bc" else c
        for c, o in zip(seg.text, seg.offsets)
    )


def escape(text: str) -> str:
    text = _ESCAPE.sub(r"\\\1", text)
    return _LIST_START.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1] + m.group(2)
                           if m.group(1)[-1] in ".)" else "\\" + m.group(0), text)


def with_calls(doc: Document, seg: Segment) -> str:
    """A body segment's text with its footnote calls as ``[^N]`` where the cleaner cut them."""
    text = original(doc, seg)
    out, pos = [], 0
    for at, number in sorted(zip(seg.ref_at, seg.refs)):
        out.append(escape(text[pos:at]))
        out.append(f"[^{number}]")
        pos = at
    out.append(escape(text[pos:]))
    return "".join(out)


def markdown(path: Path) -> tuple[str, str]:
    """(title, Pandoc Markdown) of one seed."""
    doc = Document(source=path.name, text=path.read_text(encoding="utf-8"))
    cleaned = clean(doc)
    segs = list(cleaned.segments)
    title = ""
    if segs and segs[0].kind == "title" and segs[0].text == cleaned.title:
        title = original(doc, segs.pop(0))
    blocks: list[str] = []
    notes: list[str] = []
    comments: list[str] = []
    table: list[list[str]] = []

    def flush_table() -> None:
        if table:
            width = max(len(r) for r in table)
            rows = [r + [""] * (width - len(r)) for r in table]
            lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
            lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
            blocks.append("\n".join(lines))
            table.clear()

    for seg in segs:
        if seg.kind != "table":
            flush_table()
        if seg.kind == "table":
            table.append([escape(c) for c in seg.text.split(" — ")])
        elif seg.kind == "footnote":
            notes.append(f"[^{seg.footnote}]: {escape(original(doc, seg))}")
        elif seg.kind == "comment":
            comments.append(escape(original(doc, seg)))
        elif seg.kind == "title":
            blocks.append("## " + escape(original(doc, seg)))
        elif seg.refs:
            blocks.append(with_calls(doc, seg))
        else:
            blocks.append(escape(original(doc, seg)))
    flush_table()
    if comments:
        blocks.append("::: {#comments .comments}\n\n" + "\n\n".join(comments) + "\n\n:::")
    return title, "\n\n".join(blocks + notes) + "\n"


def reference_docx(folder: Path) -> Path:
    """Pandoc's reference DOCX with Word's own footnote style (10 pt, no space after; pandoc's
    sets footnotes in the body's 12 pt), so the PDF made from the DOCX looks like a Word
    document's: notes set smaller at the bottom of their page."""
    ref = folder / "reference.docx"
    ref.write_bytes(subprocess.run(["pandoc", "--print-default-data-file", "reference.docx"],
                                   check=True, capture_output=True).stdout)
    styled = folder / "styled.docx"
    with zipfile.ZipFile(ref) as zin, zipfile.ZipFile(styled, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/styles.xml":
                style = b'<w:style w:type="paragraph" w:styleId="FootnoteText">'
                assert style in data, "pandoc's reference.docx has no Footnote Text style"
                data = data.replace(style, style + b'<w:pPr><w:spacing w:after="0" /></w:pPr>'
                                    b'<w:rPr><w:sz w:val="20" /><w:szCs w:val="20" /></w:rPr>')
            zout.writestr(info, data)
    return styled


def convert(md: Path, title: str, out: Path, fmt: str, reference: Path) -> None:
    heading = next((ln[3:] for ln in md.read_text(encoding="utf-8").splitlines() if ln.startswith("## ")), md.stem)
    meta = ["--metadata", f"title={title}"] if title else ["--metadata", f"pagetitle={heading}"]
    args = ["pandoc", "-f", _PANDOC_FROM, str(md), "-o", str(out), "--metadata", "lang=fr", *meta]
    if fmt == "html":
        args += ["--standalone", "--section-divs"]
    if fmt == "docx":
        args += ["--reference-doc", str(reference)]
    subprocess.run(args, check=True)


def to_pdf(docx: Path, out_dir: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(out_dir), str(docx)],
            check=True, stdout=subprocess.DEVNULL,
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    ap.add_argument("--out", type=Path, default=ROOT / "tests" / "fixtures" / "seeds")
    args = ap.parse_args(argv)
    for tool in ("pandoc", "soffice"):
        if shutil.which(tool) is None:
            print(f"convert_seeds: {tool} not found (apt-get install pandoc libreoffice-writer-nogui)",
                  file=sys.stderr)
            return 2
    for fmt in FORMATS:
        (args.out / fmt).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        reference = reference_docx(Path(tmp))
        for seed in sorted(args.seeds.glob("*.txt")):
            title, text = markdown(seed)
            md = Path(tmp) / f"{seed.stem}.md"
            md.write_text(text, encoding="utf-8")
            for fmt in ("docx", "odt", "epub", "html"):
                convert(md, title, args.out / fmt / f"{seed.stem}.{fmt}", fmt, reference)
            to_pdf(args.out / "docx" / f"{seed.stem}.docx", args.out / "pdf")
            print(f"{seed.name}: {', '.join(FORMATS)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
