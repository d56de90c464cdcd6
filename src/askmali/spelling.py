"""Typo correction of query terms against the index vocabulary.

A query term the index does not know ("wagnr", "sanctionss", "securiter") is replaced by the
most frequent known term within a small edit distance that shares its first letters. Only
unknown terms are touched, so a correct question is never rewritten. The candidates come from a
prefix range of the sorted vocabulary (a binary search), so the cost does not grow with the
corpus beyond the size of that range.

A real French word is never corrected, even when the index lacks it: "livrés" is not a typo of
"libre", and correcting it would make a topic the documents never mention look present. The
French words are those of ``data/words_fr.txt.gz`` (built by ``scripts/build_wordlist.py``),
read only when a question holds an unknown term.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

from . import lazyre
from .analysis import data_lines, fold

PREFIX = 2  # letters a typo is assumed not to touch (3 when 2 leave too many candidates)
MIN_LENGTH = 4  # shorter terms are left alone: too many near neighbours
MAX_RANGE = 2000  # candidates examined at most per term


WORDLIST = Path(__file__).parent / "data" / "words_fr.txt.gz"


@lru_cache(maxsize=1)
def _french_words() -> bytes:
    """The word list as one blob of sorted lines, read once (13 ms); a set of its 240,000
    words would cost 160 ms of the question that first needs it."""
    return gzip.decompress(WORDLIST.read_bytes())


INVARIABLE = Path(__file__).parent / "data" / "invariable_fr.txt"


@lru_cache(maxsize=1)
def _invariable() -> frozenset[str]:
    """The words that never inflect (adverbs, prepositions ...), which the list lacks."""
    return frozenset(w for line in data_lines(INVARIABLE.name) for w in line.split())


# An adverb in -ment is made from an adjective: "rapide" -> "rapidement", "heureuse" ->
# "heureusement", "vrai" -> "vraiment", "constant" -> "constamment", "prudent" -> "prudemment".
_ADVERB_BASES = (("amment", ("ant",)), ("emment", ("ent",)), ("ment", ("", "e")))


@lru_cache(maxsize=4096)
def is_french_word(word: str) -> bool:
    """Whether a folded word (``Analyzer.tokens``) is a French word: one of the shipped list,
    a word that never inflects (``data/invariable_fr.txt``), or an adverb in -ment made from an
    adjective of the list."""
    if not word or "\n" in word:
        return False
    return _listed(word) or word in _invariable() or made_from(word, _ADVERB_BASES, _listed)


def made_from(word: str, rules: Sequence[tuple[str, Sequence[str]]], known: Callable[[str], bool]) -> bool:
    """Whether ``word`` ends with one of ``rules``' endings and, that ending replaced by one of
    its bases, gives a ``known`` word ("rapidement" -> "rapide", "dénoncent" -> "dénoncer");
    every ending that fits is tried, in order."""
    for ending, bases in rules:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)]
            if any(known(stem + b) for b in bases):
                return True
    return False


def _listed(word: str) -> bool:
    """Whether ``word`` is a line of the shipped list: a binary search over the sorted lines of
    the blob (UTF-8 byte order is code point order)."""
    blob, key = _french_words(), word.encode()
    lo, hi = 0, len(blob)  # both at line starts (or the end)
    while lo < hi:
        start = blob.rfind(b"\n", lo, (lo + hi) // 2) + 1 or lo  # the line holding the midpoint
        start = max(start, lo)
        end = blob.find(b"\n", start)
        line = blob[start:end]
        if line == key:
            return True
        if line < key:
            lo = end + 1
        else:
            hi = start
    return False


def real_word(analyzer, text: str) -> Callable[[str], bool]:
    """For ``correct``'s ``is_word``: whether a term of the question ``text`` comes from one of
    its words that is French (``is_french_word``), so is no typo whatever the index holds."""
    from .analysis import QUESTION_WORDS

    def real(term: str) -> bool:
        words = [w for w in analyzer.tokens(text) if w not in QUESTION_WORDS]
        return any(is_french_word(w) for w in words if analyzer.terms(w) == [term])

    return real


def max_distance(term: str) -> int:
    return 1 if len(term) < 8 else 2


_CAPITALISED = lazyre.compile(r"(?<=[\w,;:'’)»] )[A-ZÀ-Þ][^\W\d_]+(?:-[^\W\d_]+)*")


def name_terms(analyzer, text: str) -> Callable[[str], bool]:
    """For ``correct``'s ``is_name``: whether a term of the question ``text`` comes from a name,
    a word written capitalised past the question's first and not a French word ("Centrafrique",
    "Wagnr", "Fibonnaci"). A name's typo is corrected into another name ("wagn", "fibonacc"),
    never into a French word: "centrafr" is two edits from "central", which the index holds as
    an adjective, and the question would then look answered. Computed when first asked: most
    questions have no unknown term."""
    found: list[frozenset[str]] = []

    def name(term: str) -> bool:
        if not found:
            words = [m.group() for m in _CAPITALISED.finditer(text)]
            found.append(frozenset(t for w in words if not is_french_word(fold(w)) for t in analyzer.terms(w)))
        return term in found[0]

    return name


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, or ``limit + 1`` when over it."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    d = _osa(_pattern(a), len(a), b)
    return d if d <= limit else limit + 1


def _pattern(a: str) -> dict[str, int]:
    """Bit ``i`` of ``_pattern(a)[c]`` is set when ``a[i] == c``."""
    peq: dict[str, int] = {}
    for i, c in enumerate(a):
        peq[c] = peq.get(c, 0) | (1 << i)
    return peq


def _osa(peq: dict[str, int], m: int, b: str) -> int:
    """OSA distance between the pattern ``peq`` (of a word of length ``m``) and ``b``: Myers'
    bit-parallel edit distance with Hyyrö's transposition term (Hyyrö 2001, "Explaining and
    extending the bit-parallel approximate string matching algorithm of Myers"). One column of
    the dynamic programme per character of ``b`` in a few integer operations: ~5x faster than
    filling the table cell by cell, and the pattern is built once per query term."""
    if m == 0:
        return len(b)
    mask, top = (1 << m) - 1, 1 << (m - 1)
    vp, vn, score, d0, pm_prev = mask, 0, m, 0, 0
    get = peq.get
    for c in b:
        pm = get(c, 0)
        d0 = (((~d0 & pm) << 1) & pm_prev | (((pm & vp) + vp) ^ vp) | pm | vn) & mask
        hp = vn | ~(d0 | vp) & mask
        hn = d0 & vp
        if hp & top:
            score += 1
        elif hn & top:
            score -= 1
        hp = (hp << 1 | 1) & mask
        hn = (hn << 1) & mask
        vp = hn | ~(d0 | hp) & mask
        vn = hp & d0
        pm_prev = pm
    return score


def correct(
    terms: Sequence[str],
    known: Callable[[Sequence[str]], Sequence[bool]],
    neighbours: Callable[[str, int], Sequence[tuple[str, int]]],
    is_word: Callable[[str], bool] = lambda term: False,
    near: dict[str, str] | None = None,
    is_name: Callable[[str], bool] = lambda term: False,
) -> list[str]:
    """``terms`` with each unknown one replaced by its best correction when there is one.

    ``known(terms)`` tells which terms the index has; ``neighbours(term, limit)`` lists
    (term, document frequency) for the vocabulary terms sharing the first letters of ``term``
    (at most ``limit`` of them); ``is_word(term)`` tells an unknown term that comes from a real
    word, which is left as it is: its would-be correction is put in ``near`` instead;
    ``is_name(term)`` tells one that comes from a name, which no French word corrects.
    """
    flags = known(terms)
    out = list(terms)
    for i, (term, ok) in enumerate(zip(terms, flags)):
        # a term holding a digit is a version, a date, a size or a code ("14.04", "ext4"), never a
        # misspelt word: "14.04" was "corrected" to "14.14", "0.12" to "0.2"
        if ok or len(term) < MIN_LENGTH or any(ch.isdigit() for ch in term):
            continue
        real = is_word(term)
        if real and near is None:
            continue
        limit = max_distance(term)
        name = is_name(term)
        best: tuple[int, int, str] | None = None
        pattern = _pattern(term)
        for cand, df in neighbours(term, MAX_RANGE):
            if abs(len(cand) - len(term)) > limit or (name and is_french_word(cand)):
                continue
            d = _osa(pattern, len(term), cand)
            if d <= limit and (best is None or (d, -df, cand) < best):
                best = (d, -df, cand)
        if best is not None and real:
            near[term] = best[2]
        elif best is not None:
            out[i] = best[2]
    return out
