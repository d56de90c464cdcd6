"""The compiled loops of the question path, when they were built: ``compiled`` is the
extension module ``askmali._kernels`` (src/askmali/_kernels.c, built by setup.py when the
machine has a C compiler), or None. Two of its functions add a question's weighted postings
into a float64 score vector, BM25 (``bm25``) and TF-IDF (``weighted``), where numpy gathers
every posting into a buffer, weighs it and sums it with ``np.bincount``: the same sums, bit for
bit, in ~0.4x the time at 100,000 passages. A third, ``bm25_top``, serves a BM25-only search
(``BM25.top``): it sums the same weights for the ~9,000 documents a question touches, not
100,000, and keeps the best k itself, where the score vector would be zeroed, cast and scanned.
``find`` looks terms up in a sorted vocabulary (``Vocabulary._search``), a binary search by
bytes at ~0.3 us a term where numpy's calls on a question's dozen terms cost ~2 us a term. The
last, ``osa``, measures the edit distance of a
misspelt question term to the vocabulary terms that share its first letters (``within``),
which ``spelling`` does in Python for each candidate. ``leaves`` walks every row of a feature
matrix down every tree of a gradient-boosted forest (``trees.Forest.raw``: the answer and span
rankers), where numpy takes three gathers per level for all of them at once. tests/test_kernels.py
compares each one with its numpy or Python twin.

Every caller keeps its numpy path, taken when ``compiled`` is None: an install without a
compiler answers the same, only slower. The environment variable ``ASKMALI_NUMPY_SCORING=1``
forces the numpy path (benchmarks/bench.py reports both)."""

from __future__ import annotations

import os

import numpy as np

try:
    from . import _kernels as compiled
except ImportError:  # built without a C compiler: numpy scores alone
    compiled = None

if os.environ.get("ASKMALI_NUMPY_SCORING", "") not in ("", "0"):
    compiled = None


def within(vocab, ids: np.ndarray, term: str, limit: int) -> np.ndarray:
    """The vocabulary ids among ``ids`` whose term may be within edit distance ``limit`` of
    ``term``: those the compiled ``osa`` puts within it (or cannot tell about), or all of them
    without the compiled loops. ``spelling.correct`` measures the ones kept itself: only the
    terms it would reject are left out, without being decoded."""
    if compiled is None or ids.size == 0:
        return ids
    arrays = vocab.to_arrays()
    ids = np.ascontiguousarray(ids, dtype=np.int64)
    distances = np.frombuffer(compiled.osa(arrays["blob"], arrays["offsets"], ids, term, limit), dtype=np.uint8)
    return ids[distances <= limit]
