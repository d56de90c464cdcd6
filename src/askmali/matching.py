"""Chunker-independent text matching used by evaluation (gold evidence and answers).

Two texts "match" when one's key is a substring of the other's. The key ignores case, accents,
apostrophe style, whitespace, table cell separators ("|" in the source, " — " once cleaned),
hyphenated line breaks and footnote numbers glued to words, so
that re-chunking or re-cleaning never changes what counts as gold.
"""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"'})
_HYPHEN_BREAK = re.compile(r"(?<=\w)-[ \t]*\n\s*(?=\w)")
# "Paris.10 " / "Moscou5 ": a footnote number glued to a word or to its punctuation.
_FOOTNOTE_MARK = re.compile(r"(?<=[^\W\d_]|[.,;:!?\"'\)])\d{1,3}(?=\s|$)")
# Table cells: the source separates them with "|", the cleaner renders them with " — ".
_CELL = re.compile(r"[|\u2014]")
_SPACE = re.compile(r"\s+")


def fold_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("œ", "oe").replace(
        "æ", "ae"
    )


def match_key(text: str) -> str:
    """The comparison key: no case, accents, whitespace, line-break hyphens or footnote marks."""
    t = unicodedata.normalize("NFC", text).translate(_APOSTROPHES).translate(_QUOTES)
    t = _HYPHEN_BREAK.sub("", t)
    t = _FOOTNOTE_MARK.sub("", t)
    t = fold_accents(t.casefold())
    return _SPACE.sub("", _CELL.sub("", t))


def contains(haystack: str, needle: str) -> bool:
    """True when ``needle`` occurs in ``haystack`` under ``match_key``."""
    key = match_key(needle)
    return bool(key) and key in match_key(haystack)
