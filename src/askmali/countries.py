"""Country names, which a "Quel pays ...?" question asks for.

A place pattern (``qtypes.PLACE``) finds names after "à", "en", "de" ...; a country is as often the
subject ("L'Allemagne met le Mali en garde ...") or named beside other names that are not
countries ("Crisis Group", "Mikado FM"). The names of ``data/countries_fr.txt`` are matched
whole, capitalised, with or without their accents ("Etats-Unis", "États-Unis").
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .analysis import fold

_VARIANTS = {
    "a": "aàâä", "e": "eéèêë", "i": "iîï", "o": "oôö", "u": "uùûü", "c": "cç", "y": "yÿ",
}


def _pattern(name: str) -> str:
    out = []
    for ch in fold(name):
        if ch in _VARIANTS:
            out.append(f"[{_VARIANTS[ch]}]")
        elif ch == "-":
            out.append(r"[-‐‑\s]")
        elif ch == "'":
            out.append(r"['’]\s*")
        elif ch == " ":
            out.append(r"\s+")
        else:
            out.append(re.escape(ch))
    return "".join(out)


@lru_cache(maxsize=1)
def _names() -> re.Pattern[str]:
    lines = (Path(__file__).parent / "data" / "countries_fr.txt").read_text(encoding="utf-8").splitlines()
    names = sorted({n.strip() for n in lines if n.strip() and not n.startswith("#")}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(_pattern(n) for n in names) + r")(?![\w-])", re.IGNORECASE)


def named(text: str, exclude: str = "") -> list[tuple[int, int]]:
    """The spans of the countries ``text`` names (capitalised), but those that the folded text
    ``exclude`` (the question) names too."""
    out = []
    for m in _names().finditer(text):
        if not text[m.start()].isupper():
            continue
        name = fold(m.group())
        if exclude and re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", exclude):
            continue
        out.append(m.span())
    return out
