"""Evaluation metrics as pure functions: ranking, answer overlap, abstention, latency.

Everything here works on plain Python values (lists of booleans, strings, floats) so that each
metric can be checked by hand. Conventions, chosen once and used everywhere:

- Ranks are 1-based; ``ranked_relevance[0]`` is the relevance of the rank-1 passage.
- A metric over no data is *undefined*, not zero: :func:`mean` and :func:`percentile` return
  ``None`` for an empty input, so a report shows "n/a" instead of a misleading 0.0.
- Ratios with a zero denominator inside one metric (precision with no prediction, recall with
  no positive) are 0.0, as scikit-learn's ``zero_division=0``.

Answer normalisation follows the SQuAD v1.1 evaluation script (Rajpurkar et al., 2016), adapted
to French: lowercase, fold accents, turn punctuation into spaces, and drop the French articles
and article-like contractions listed in :data:`FRENCH_ARTICLES`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

from askmali.matching import fold_accents

# Dropped before comparing answers, like "a", "an", "the" in SQuAD. Elided forms (l', d') are
# split off their word first, so "l'armée" -> "armee" and "d'euros" -> "euros".
FRENCH_ARTICLES: frozenset[str] = frozenset(
    {"le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "au", "aux"}
)

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_WORD = re.compile(r"\w+")


# --------------------------------------------------------------------------------- ranking
def hit_at_k(ranked_relevance: Sequence[bool], k: int) -> float:
    """1.0 when a relevant passage is among the first ``k``, else 0.0 (also called success@k)."""
    return 1.0 if any(ranked_relevance[:k]) else 0.0


def first_relevant_rank(ranked_relevance: Sequence[bool]) -> int | None:
    """The 1-based rank of the first relevant passage, or ``None`` when there is none."""
    for rank, relevant in enumerate(ranked_relevance, start=1):
        if relevant:
            return rank
    return None


def reciprocal_rank(ranked_relevance: Sequence[bool], k: int = 10) -> float:
    """1 / rank of the first relevant passage within the first ``k``; 0.0 when none is there."""
    rank = first_relevant_rank(ranked_relevance[:k])
    return 1.0 / rank if rank else 0.0


def summarize_ranking(relevances: Sequence[Sequence[bool]]) -> tuple[float, float, float]:
    """Mean Hit@1, Hit@5 and MRR@10 over questions, each given as the relevance of its ranked
    passages (for the tuning scripts, which rank score arrays rather than run ``evaluate``)."""
    n = len(relevances)
    if n == 0:
        return 0.0, 0.0, 0.0
    r1 = sum(hit_at_k(r, 1) for r in relevances)
    r5 = sum(hit_at_k(r, 5) for r in relevances)
    rr = sum(reciprocal_rank(r, 10) for r in relevances)
    return r1 / n, r5 / n, rr / n


def _dcg(gains: Iterable[bool]) -> float:
    return sum(1.0 / math.log2(rank + 1) for rank, g in enumerate(gains, start=1) if g)


def ndcg_at_k(ranked_relevance: Sequence[bool], k: int = 10, n_relevant: int | None = None) -> float:
    """Normalised discounted cumulative gain at ``k`` with binary gains.

    DCG@k = sum over relevant ranks r <= k of 1 / log2(r + 1). The ideal DCG puts
    ``min(k, n_relevant)`` relevant passages first; ``n_relevant`` defaults to the number of
    relevant entries in the whole ``ranked_relevance`` list (use it when the total number of
    relevant passages in the collection is unknown, as with a chunker-independent gold).
    Returns 0.0 when there is nothing relevant.
    """
    if n_relevant is None:
        n_relevant = sum(1 for r in ranked_relevance if r)
    ideal = _dcg([True] * min(k, n_relevant))
    return _dcg(ranked_relevance[:k]) / ideal if ideal else 0.0


# --------------------------------------------------------------------------------- answers
def normalize_answer(text: str) -> list[str]:
    """SQuAD-style tokens for French: lowercase, accents folded, punctuation removed, articles
    (:data:`FRENCH_ARTICLES`) dropped. ``"L'armée malienne."`` -> ``["armee", "malienne"]``."""
    folded = fold_accents(unicodedata.normalize("NFC", text).translate(_APOSTROPHES).casefold())
    return [w for w in _WORD.findall(folded.replace("_", " ")) if w not in FRENCH_ARTICLES]


def exact_match(prediction: str, gold: str) -> float:
    """1.0 when the normalised token sequences are equal, else 0.0."""
    return 1.0 if normalize_answer(prediction) == normalize_answer(gold) else 0.0


def token_f1(prediction: str, gold: str) -> float:
    """Harmonic mean of token precision and recall on normalised tokens (bag of words).

    Two empty normalisations (e.g. "la" vs "le") count as a match (1.0), as in SQuAD.
    """
    pred, ref = normalize_answer(prediction), normalize_answer(gold)
    if not pred or not ref:
        return 1.0 if pred == ref else 0.0
    common = sum((Counter(pred) & Counter(ref)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(pred), common / len(ref)
    return 2 * precision * recall / (precision + recall)


def best_exact_match(prediction: str, golds: Sequence[str]) -> float:
    """The best :func:`exact_match` over several acceptable answers (0.0 with no gold)."""
    return max((exact_match(prediction, g) for g in golds), default=0.0)


def best_token_f1(prediction: str, golds: Sequence[str]) -> float:
    """The best :func:`token_f1` over several acceptable answers (0.0 with no gold)."""
    return max((token_f1(prediction, g) for g in golds), default=0.0)


# ------------------------------------------------------------------------------ abstention
def abstention_prf(
    pred_abstained: Sequence[bool], truly_unanswerable: Sequence[bool]
) -> tuple[float, float, float]:
    """Precision, recall and F1 of abstaining, where the positive class is "abstained on an
    unanswerable question". Precision: of the abstentions, the share on unanswerable questions;
    recall: of the unanswerable questions, the share abstained on. Zero denominators give 0.0.
    """
    if len(pred_abstained) != len(truly_unanswerable):
        raise ValueError("pred_abstained and truly_unanswerable differ in length")
    tp = sum(1 for a, u in zip(pred_abstained, truly_unanswerable) if a and u)
    n_abstained = sum(1 for a in pred_abstained if a)
    n_unanswerable = sum(1 for u in truly_unanswerable if u)
    precision = tp / n_abstained if n_abstained else 0.0
    recall = tp / n_unanswerable if n_unanswerable else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# ---------------------------------------------------------------------------- aggregation
def mean(values: Iterable[float]) -> float | None:
    """Arithmetic mean, or ``None`` for no values (undefined, shown as n/a; never 0.0)."""
    vals = list(values)
    return sum(vals) / len(vals) if vals else None


def percentile(values: Iterable[float], p: float) -> float | None:
    """The ``p``-th percentile (0..100) with linear interpolation between closest ranks (the
    default of numpy.percentile); ``None`` for no values. Used for latency p50/p95."""
    if not 0 <= p <= 100:
        raise ValueError(f"percentile must be within 0..100, got {p}")
    vals = sorted(values)
    if not vals:
        return None
    pos = (len(vals) - 1) * p / 100
    lo = math.floor(pos)
    hi = min(lo + 1, len(vals) - 1)
    return vals[lo] + (vals[hi] - vals[lo]) * (pos - lo)
