"""Write the tiny PDFs of tests/fixtures/broken/ and tests/fixtures/pdf/ (committed; rerun to
remake them).

Written byte by byte, so neither CI nor a contributor needs qpdf, LibreOffice or pandoc:

- ``chiffre.pdf``: a one-page PDF with an /Encrypt dictionary (standard handler, RC4) whose
  user password is not empty: a reader must ask for the password;
- ``tronque.pdf``: a text PDF cut off in its first object, before any page or cross-reference;
- ``scan.pdf``: a well-formed page that only draws shapes (a scan has an image and no text
  layer: the same for a reader of text);
- ``texte.pdf``: the same page with a sentence on it, the control (it reads);
- ``../pdf/deux-colonnes.pdf``: a page of two columns drawn line by line across the page (left
  line 1, right line 1, left line 2, ...), as some word processors write them: read in content
  order, the two texts would be shuffled together.

    python scripts/make_pdf_fixtures.py
"""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
OUT = FIXTURES / "broken"


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


LEFT = (
    "Le fleuve Niger prend sa source en Guinée et traverse le Mali sur plus de 1 700 kilomètres, "
    "du sud-ouest au nord-est, avant de redescendre vers le Niger et le Nigeria. À Bamako, la "
    "capitale, trois ponts le franchissent. Son delta intérieur, entre Ségou et Tombouctou, est "
    "une vaste plaine inondable où pêcheurs, éleveurs et riziculteurs se partagent les eaux de la "
    "crue, qui culmine chaque année entre septembre et décembre selon les pluies de la saison."
)
RIGHT = (
    "La ville de Djenné est célèbre pour sa grande mosquée de terre crue, reconstruite en 1907 et "
    "inscrite au patrimoine mondial de l'UNESCO avec la vieille ville en 1988. Chaque année, lors "
    "de la fête du crépissage, les habitants recouvrent ses murs d'une nouvelle couche de banco, "
    "un mélange de terre, d'eau et de paille, pour réparer les dégâts causés par les pluies, dans "
    "une grande fête collective qui réunit tous les quartiers de la ville et de ses environs."
)


def _wrap(text: str, width: int = 44) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line]


def _show(x: int, y: int, text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"BT /F1 10 Tf %d %d Td (" % (x, y) + escaped.encode("cp1252") + b") Tj ET\n"


def two_columns() -> bytes:
    left, right = _wrap(LEFT), _wrap(RIGHT)
    content = b""
    for i in range(max(len(left), len(right))):  # row by row, across the page
        y = 780 - 13 * i
        if i < len(left):
            content += _show(56, y, left[i])
        if i < len(right):
            content += _show(316, y, right[i])
    return pdf(page(content.rstrip()))


def main() -> None:
    (FIXTURES / "pdf").mkdir(parents=True, exist_ok=True)
    (FIXTURES / "pdf" / "deux-colonnes.pdf").write_bytes(two_columns())
    OUT.mkdir(parents=True, exist_ok=True)
    text = pdf(page(TEXT))
    (OUT / "texte.pdf").write_bytes(text)
    (OUT / "scan.pdf").write_bytes(pdf(page(SHAPES)))
    (OUT / "chiffre.pdf").write_bytes(
        pdf(page(TEXT, [ENCRYPT]), b"/Encrypt 6 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] ")
    )
    (OUT / "tronque.pdf").write_bytes(text[:40])
    for f in sorted(FIXTURES.glob("*/*.pdf")):
        print(f"wrote {f.relative_to(FIXTURES.parents[1])} ({f.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
