"""Near-duplicate passages among a question's hits.

People keep the same text twice: a report as PDF and as the web page it was saved from, a
chapter as EPUB and as ODT, a press release pasted into two notes. Each copy then takes a place
among the few passages answering reads, and the copies' sentences compete with each other for
the answer. ``distinct`` keeps the first of them, as if the others were not there.

A passage is a copy when most of its word sequences (``SHINGLE`` analysed terms in a row, so
case, accents, hyphenation and inflection do not matter) already stand in the passages kept
above it, whichever files those are: the copies of two formats are cut into passages at
different places, so one passage of the one may be spread over two of the other.

Measured with the seeds' questions on an index holding the five seeds as .txt and again as
.epub (``askmali index``; the question file names the .txt files, matched by stem): hit@5
0.872 -> 0.911, answer accuracy 0.670 -> 0.698, span F1 0.448 -> 0.474, abstention F1 0.605 ->
0.632; the .txt alone gives 0.911 / 0.704 / 0.474 / 0.703.
"""

from __future__ import annotations

from typing import Callable, Sequence

from .models import Hit, Passage

SHINGLE = 3  # analysed terms per sequence: stop words are gone, so three content words
CONTAINED = 0.8  # share of a passage's sequences already shown above it that makes it a copy
SLACK = 10  # hits searched beyond those wanted, so that dropping copies still leaves enough


def shingles(terms: Sequence[str]) -> set[int]:
    """Hashes of the ``SHINGLE``-term runs of ``terms`` (one run for shorter passages; none
    for an empty one)."""
    if not terms:
        return set()
    if len(terms) < SHINGLE:
        return {hash(tuple(terms))}
    return {hash(tuple(terms[i : i + SHINGLE])) for i in range(len(terms) - SHINGLE + 1)}


def distinct(hits: Sequence[Hit], keep: int, terms_of: Callable[[Passage], Sequence[str]]) -> list[Hit]:
    """The first ``keep`` of ``hits`` that are not copies of a hit kept before them, re-ranked
    1, 2, ... in their order. ``terms_of(passage)`` gives a passage's analysed terms in order."""
    kept: list[Hit] = []
    shown: set[int] = set()
    for hit in hits:
        if len(kept) >= keep:
            break
        own = shingles(terms_of(hit.passage))
        if own and kept and len(own & shown) >= CONTAINED * len(own):
            continue
        shown |= own
        kept.append(hit)
    for rank, hit in enumerate(kept, 1):
        hit.rank = rank
    return kept
