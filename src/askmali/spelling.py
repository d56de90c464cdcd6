"""Typo correction of query terms against the index vocabulary.

A query term the index does not know ("wagnr", "sanctionss", "securiter") is replaced by the
most frequent known term within a small edit distance that shares its first letters. Only
unknown terms are touched, so a correct question is never rewritten. The candidates come from a
prefix range of the sorted vocabulary (a binary search), so the cost does not grow with the
corpus beyond the size of that range.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

PREFIX = 2  # letters a typo is assumed not to touch (3 when 2 leave too many candidates)
MIN_LENGTH = 4  # shorter terms are left alone: too many near neighbours
MAX_RANGE = 2000  # candidates examined at most per term


def max_distance(term: str) -> int:
    return 1 if len(term) < 8 else 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, or ``limit + 1`` when over it."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        cur = [i] + [0] * len(b)
        row_min = cur[0]
        for j, cb in enumerate(b, start=1):
            cost = ca != cb
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
            row_min = min(row_min, v)
        if row_min > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def correct(
    terms: Sequence[str],
    known: Callable[[Sequence[str]], Sequence[bool]],
    neighbours: Callable[[str, int], Sequence[tuple[str, int]]],
) -> list[str]:
    """``terms`` with each unknown one replaced by its best correction when there is one.

    ``known(terms)`` tells which terms the index has; ``neighbours(term, limit)`` lists
    (term, document frequency) for the vocabulary terms sharing the first letters of ``term``
    (at most ``limit`` of them).
    """
    flags = known(terms)
    out = list(terms)
    for i, (term, ok) in enumerate(zip(terms, flags)):
        if ok or len(term) < MIN_LENGTH or term.isdigit():
            continue
        limit = max_distance(term)
        best: tuple[int, int, str] | None = None
        for cand, df in neighbours(term, MAX_RANGE):
            if abs(len(cand) - len(term)) > limit:
                continue
            d = edit_distance(term, cand, limit)
            if d <= limit and (best is None or (d, -df, cand) < best):
                best = (d, -df, cand)
        if best is not None:
            out[i] = best[2]
    return out
