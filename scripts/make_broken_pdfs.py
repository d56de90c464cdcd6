"""Write the tiny broken PDFs of tests/fixtures/broken/ (committed; rerun to remake them).

Written byte by byte, so neither CI nor a contributor needs qpdf, LibreOffice or pandoc:

- ``chiffre.pdf``: a one-page PDF with an /Encrypt dictionary (standard handler, RC4) whose
  user password is not empty: a reader must ask for the password;
- ``tronque.pdf``: a text PDF cut off in its first object, before any page or cross-reference;
- ``scan.pdf``: a well-formed page that only draws shapes (a scan has an image and no text
  layer: the same for a reader of text);
- ``texte.pdf``: the same page with a sentence on it, the control (it reads).

    python scripts/make_broken_pdfs.py
"""

from __future__ import annotations

from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "broken"


def pdf(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A PDF of ``objects`` (numbered from 1; the first is the catalog) with a correct xref."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer_extra, xref)
    return bytes(out)


def page(content: bytes, extra: list[bytes] = ()) -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        *extra,
    ]


TEXT = b"BT /F1 12 Tf 72 760 Td (Le fleuve Niger traverse Bamako, la capitale du Mali.) Tj ET"
SHAPES = b"0.5 g 72 500 300 200 re f 0 G 2 w 72 400 m 372 400 l S"
ENCRYPT = (
    b"<< /Filter /Standard /V 1 /R 2 /P -44"
    b" /O <" + b"4e" * 32 + b"> /U <" + b"a1" * 32 + b"> >>"
)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    text = pdf(page(TEXT))
    (OUT / "texte.pdf").write_bytes(text)
    (OUT / "scan.pdf").write_bytes(pdf(page(SHAPES)))
    (OUT / "chiffre.pdf").write_bytes(
        pdf(page(TEXT, [ENCRYPT]), b"/Encrypt 6 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] ")
    )
    (OUT / "tronque.pdf").write_bytes(text[:40])
    for f in sorted(OUT.glob("*.pdf")):
        print(f"wrote {f.relative_to(OUT.parents[2])} ({f.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
