"""Answer extraction: pick the sentence that answers, cite it, or abstain.

Given the ranked passages for a question, every sentence of the top passages is scored by
 - how much of the question's IDF mass it holds (analysed terms, so inflections match),
 - how close together the matched terms sit (proximity),
 - whether it holds a span of the kind the question asks for (Quand -> a date, Combien -> a
   number, Qui -> a person, Où -> a place),
 - the rank of its passage.
The best sentence is the answer. When even the best passage covers too little of what the
question asks about, the engine abstains: citing something loosely related is worse than
saying nothing. Other documents that answer too are listed, since the corpus disagrees.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .models import Answer, Hit, Result
from .qtypes import find_typed_span, question_type

# Weights of the sentence score and the abstention threshold. Tuned on the PIAF dev split and
# calibrated on the score distribution of answerable vs unanswerable seed questions.
W_OVERLAP = 1.0
W_PROXIMITY = 0.15
W_TYPE = 0.35
W_PASSAGE = 0.35
W_RANK_DECAY = 0.08  # per rank below the first
ABSTAIN_BELOW = 0.45  # confidence under which no answer is given
SENTENCE_PASSAGES = 5  # sentences are taken from this many top passages
OTHER_SOURCE_RATIO = 0.75  # another document is listed when its best sentence scores this close


@dataclass
class _Candidate:
    hit: Hit
    index: int  # sentence number in the passage
    start: int
    end: int
    score: float
    coverage: float
    span: tuple[int, int] | None


def answer(question: str, hits: list[Hit], engine, *, k: int = 5) -> Result:
    qtype = question_type(question)
    result = Result(question=question, answer=None, hits=hits[:k], question_type=qtype)
    if not hits:
        return result
    analyzer = engine.analyzer
    q_terms = analyzer.query_terms(question)
    weights = engine.term_weights(q_terms)
    total = sum(weights.values())
    if total <= 0:
        return result
    top_score = hits[0].score or 1.0
    candidates: list[_Candidate] = []
    for hit in hits[:SENTENCE_PASSAGES]:
        p = hit.passage
        spans = p.sentences or ((0, len(p.text)),)
        passage_terms = set(analyzer.terms(p.text))
        passage_cov = sum(w for t, w in weights.items() if t in passage_terms) / total
        for i, (s, e) in enumerate(spans):
            text = p.text[s:e]
            terms = analyzer.terms(text)
            present = set(terms)
            overlap = sum(w for t, w in weights.items() if t in present) / total
            prox = _proximity(terms, weights)
            typed = find_typed_span(text, qtype, question) if qtype else None
            score = (
                W_OVERLAP * overlap
                + W_PROXIMITY * prox
                + (W_TYPE if typed else 0.0)
                + W_PASSAGE * (hit.score / top_score)
                - W_RANK_DECAY * (hit.rank - 1)
            )
            coverage = max(overlap, 0.7 * passage_cov + 0.3 * overlap)
            candidates.append(_Candidate(hit, i, s, e, score, coverage, typed))
    if not candidates:
        return result
    best = max(candidates, key=lambda c: (c.score, -c.hit.rank, -c.index))
    confidence = _confidence(best, hits[0])
    if confidence < ABSTAIN_BELOW:
        return result
    result.answer = _to_answer(best, confidence)
    seen = {best.hit.passage.source}
    for c in sorted(candidates, key=lambda c: -c.score):
        src = c.hit.passage.source
        if src in seen or c.score < OTHER_SOURCE_RATIO * best.score:
            continue
        seen.add(src)
        result.other_sources.append(_to_answer(c, _confidence(c, c.hit)))
    return result


def _confidence(c: _Candidate, top: Hit) -> float:
    """How sure we are that the candidate answers: mostly coverage of the question's IDF mass."""
    return 0.8 * c.coverage + 0.2 * (1.0 if c.span else 0.0)


def _proximity(terms: list[str], weights: dict[str, float]) -> float:
    """1 when the matched question terms sit next to each other, falling with the gap."""
    positions = [i for i, t in enumerate(terms) if t in weights]
    distinct = {terms[i] for i in positions}
    if len(distinct) < 2:
        return 0.0
    window = _smallest_window(terms, positions, len(distinct))
    return len(distinct) / window


def _smallest_window(terms: list[str], positions: list[int], need: int) -> int:
    counts: dict[str, int] = {}
    best = math.inf
    left = 0
    have = 0
    for right in range(len(positions)):
        t = terms[positions[right]]
        counts[t] = counts.get(t, 0) + 1
        if counts[t] == 1:
            have += 1
        while have == need:
            best = min(best, positions[right] - positions[left] + 1)
            lt = terms[positions[left]]
            counts[lt] -= 1
            if counts[lt] == 0:
                have -= 1
            left += 1
    return int(best) if best != math.inf else len(terms)


def _to_answer(c: _Candidate, confidence: float) -> Answer:
    p = c.hit.passage
    lines = p.sentence_lines[c.index] if c.index < len(p.sentence_lines) else (p.line_start, p.line_end)
    text = p.text[c.start : c.end].strip()
    lead = len(p.text[c.start : c.end]) - len(p.text[c.start : c.end].lstrip())
    span = None
    if c.span:
        a, b = c.span[0] - lead, c.span[1] - lead
        if 0 <= a < b <= len(text):
            span = (a, b)
    return Answer(
        text=text,
        passage_id=p.id,
        source=p.source,
        line_start=lines[0],
        line_end=lines[1],
        score=round(confidence, 4),
        span=span,
    )


_WORD = re.compile(r"\w+")
