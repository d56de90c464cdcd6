"""Build src/askmali/data/words_fr.txt.gz: the French words typo correction must leave alone.

askmali corrects a question word its index does not know to a close word it does know
("wagnr" -> "wagner"). A real French word absent from the corpus ("livrés", "texte") is not a
typo: correcting it ("libr", "tet") would make a topic the documents never mention look
present. This list tells the two apart (``askmali.spelling.is_french_word``).

Source: the French lemmatisation dictionary shipped in the simplemma package (MIT; its data
are drawn from the lemmatisation lists of M. Měchura, Wiktionary/Kaikki, spaCy lookups and
others, see simplemma's ``licenses`` folder): every inflected form and every lemma, folded as
askmali folds text (lowercase, no accents), letters and inner hyphens/apostrophes only, one
per line, sorted, gzip-compressed with a fixed mtime so a rebuild gives the same bytes.

    pip install 'simplemma>=1.0' && python scripts/build_wordlist.py
"""

from __future__ import annotations

import gzip
import io
import re
from pathlib import Path

from askmali.analysis import fold

OUT = Path(__file__).resolve().parents[1] / "src" / "askmali" / "data" / "words_fr.txt.gz"
_WORD = re.compile(r"[a-z]+(?:['-][a-z]+)*")


def main() -> None:
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    forms = DefaultDictionaryFactory().get_dictionary("fr")
    words = set()
    for form, lemma in forms.items():
        for w in (form, lemma):
            w = w.decode() if isinstance(w, bytes) else w
            folded = fold(w)
            if len(folded) >= 2 and _WORD.fullmatch(folded):
                words.add(folded)
    data = ("\n".join(sorted(words)) + "\n").encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(data)
    OUT.write_bytes(buf.getvalue())
    print(f"wrote {OUT} ({len(words)} words, {len(buf.getvalue()) // 1024} KiB)")


if __name__ == "__main__":
    main()
