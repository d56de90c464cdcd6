"""Answer extraction: pick the sentence that answers, cite it, or abstain.

Given the ranked passages for a question, every sentence of the top passages (and of the
footnotes those passages cite) is scored by
 - how much of the question's IDF mass it holds (analysed terms, so inflections match), the
   terms of its document's title counting as its own (a paragraph seldom repeats its subject),
 - how close together the matched terms sit (proximity),
 - whether it holds a span of the kind the question asks for (Quand -> a date, Combien -> a
   number, Qui -> a person, Où -> a place),
 - the fused score and rank of its passage.
The best sentence is the answer. A footnote sentence inherits most of the score of the body
passage that cites it, so "Quel ministre ... a visité le Mali ?" can be answered by the note
that names him. When the evidence is too thin (see ``confidence``) the engine abstains: citing
something loosely related is worse than saying nothing. Other documents that answer too are
listed, because the corpus holds opposed viewpoints.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .models import Answer, Hit, Passage, Result
from .qtypes import TYPED, find_typed_span, question_type

# Sentence score weights (tuned on the PIAF dev split with scripts/tune_answers.py).
W_OVERLAP = 1.0
W_PROXIMITY = 0.15
W_TYPE = 0.35
W_PASSAGE = 0.35
W_RANK_DECAY = 0.05  # per rank below the first
W_REFERENCE = 0.3  # penalty for a bibliographic note answering on its own words
PREFIX_LEN, PREFIX_CREDIT = 4, 0.85  # see _share. PIAF dev answer accuracy: none 0.588, (5, 0.5) 0.597,
# (6, 0.5) 0.593, (3, 0.4) 0.598, (4, 0.5) 0.601, (4, 0.7) 0.603, (4, 0.85) 0.604, (4, 1.0) 0.602
W_CONTEXT = 0.85  # a sentence's overlap counted with the previous sentence's terms, discounted
W_TITLE = 1.0  # ... and with its document title's terms, undiscounted ("Il" in an article about
# Charlemagne is about Charlemagne). PIAF dev answer accuracy: no title 0.570, 0.7 0.579, 0.85 0.585, 1.0 0.588
FOOTNOTE_INHERIT = 0.85  # share of the citing passage's coverage a footnote sentence inherits
SENTENCE_PASSAGES = 5  # sentences are taken from this many top passages
MIN_ANSWER_WORDS = 5  # shorter sentences are headings or fragments
HEADING_MAX_WORDS = 12  # ... and so are shorter ones that do not end like a sentence
_SENTENCE_ENDS = tuple(".!?…:;»”\")'") + tuple("0123456789")
OTHER_SOURCE_RATIO = 0.8  # another document is listed when its best sentence scores this close

# Abstention: a logistic model over the features of the best candidate, fitted by
# scripts/calibrate_abstention.py (answerable PIAF dev questions against the same questions
# with their gold article removed from the corpus). Abstain when P(answerable) < threshold.
CONF_WEIGHTS = {"coverage": 2.431, "sentence_coverage": 1.954, "typed_missing": -0.228, "tfidf": 4.272}
CONF_BIAS = -3.276
ABSTAIN_BELOW = 0.15  # about 3% of answerable PIAF dev questions fall below it
# ...and the absent-topic rule, set on the score distribution of the seeds question set
# (answerable vs unanswerable): unknown IDF share >= 0.5 with passage coverage < 0.5.
ABSENT_SHARE = 0.5
ABSENT_COVERAGE = 0.5


@dataclass
class Candidate:
    hit: Hit
    passage: Passage  # the passage the sentence is in (a footnote for linked candidates)
    index: int  # sentence number in that passage
    start: int
    end: int
    score: float
    overlap: float  # IDF share of the question held by the sentence
    coverage: float  # IDF share held by the sentence's passage (or citing passage)
    span: tuple[int, int] | None


@dataclass
class AskedQuestion:
    """What answering needs to know about the question, computed once."""

    text: str
    qtype: str
    weights: dict[str, float]  # IDF of each distinct query term
    total: float
    unknown: float  # IDF share of terms absent from the index
    prefix_keys: dict[str, str] = field(default_factory=dict)  # term -> its key in ``term_keys``


def answer(question: str, hits: list[Hit], engine, *, k: int = 5) -> Result:
    q = analyse_question(question, engine)
    result = Result(question=question, answer=None, hits=hits[:k], question_type=q.qtype)
    if not hits or q.total <= 0:
        return result
    candidates = [c for c in sentence_candidates(q, hits, engine) if _answerable(c)]
    best = best_candidate(candidates)
    if best is None:
        return result
    conf = confidence(features(q, best, hits[0]))
    if abstains(q, best, conf):
        return result
    result.answer = _to_answer(best, conf)
    seen = {best.passage.source}
    for c in sorted(candidates, key=lambda c: -c.score):
        src = c.passage.source
        if src in seen or c.score < OTHER_SOURCE_RATIO * best.score:
            continue
        c_conf = confidence(features(q, c, c.hit))
        if not abstains(q, c, c_conf):
            seen.add(src)
            result.other_sources.append(_to_answer(c, c_conf))
    return result


def best_candidate(candidates: list[Candidate]) -> Candidate | None:
    return max(candidates, key=lambda c: (c.score, -c.hit.rank, -c.index), default=None)


def _answerable(c: Candidate) -> bool:
    """A heading ("La présence du groupe Wagner") names a topic; it does not answer, whether it
    is a title passage or a short sentence."""
    text = c.passage.text[c.start : c.end].rstrip()
    words = len(text.split())
    if c.passage.kind == "title" or words < MIN_ANSWER_WORDS:
        return False
    # a heading prefixed to its section's first paragraph: short, and no sentence end
    return words >= HEADING_MAX_WORDS or text.endswith(_SENTENCE_ENDS)


def analyse_question(question: str, engine) -> AskedQuestion:
    terms = engine.query_terms(question)
    weights = engine.term_weights(terms)
    total = sum(weights.values())
    known = engine.known_terms(list(weights))
    unknown = sum(w for t, w in weights.items() if t not in known) / total if total else 0.0
    prefixed = {t: _PREFIX_MARK + t[:PREFIX_LEN] for t in weights if len(t) >= PREFIX_LEN}
    return AskedQuestion(question, question_type(question), weights, total, unknown, prefixed)


def sentence_candidates(q: AskedQuestion, hits: list[Hit], engine) -> list[Candidate]:
    analyzer = engine.analyzer
    top_score = hits[0].score or 1.0
    out: list[Candidate] = []
    for hit in hits[:SENTENCE_PASSAGES]:
        p = hit.passage
        base = W_PASSAGE * (hit.score / top_score) - W_RANK_DECAY * (hit.rank - 1)
        spans = p.sentence_spans()
        sentence_terms = engine.sentence_terms(p)
        sentence_keys = engine.sentence_keys(p)
        coverage = _share(q, frozenset().union(*sentence_keys))
        previous: list[frozenset[str]] = [frozenset()]
        own: list[Candidate] = []
        title = engine.title_keys(p)
        for i, (s, e) in enumerate(spans):
            own.append(
                _candidate(q, hit, p, i, s, e, analyzer, base, coverage, 0.0, previous, sentence_terms[i], sentence_keys[i], title)
            )
        out.extend(own)
        cited = p.sentence_notes() if p.kind != "footnote" else {}
        if not cited:
            continue
        notes = {n.footnotes[0]: n for n in engine.footnotes_of(p) if n.footnotes}
        for i, numbers in cited.items():
            inherited = FOOTNOTE_INHERIT * own[i].overlap
            for number in numbers:
                note = notes.get(number)
                if note is None:
                    continue
                for j, (s, e) in enumerate(note.sentence_spans()):
                    out.append(_candidate(q, hit, note, j, s, e, analyzer, base, coverage, inherited))
    return out


def _candidate(
    q, hit, p, i, s, e, analyzer, base, coverage, inherited, previous=None, terms=None, keys=None, title=frozenset()
) -> Candidate:
    """Score one sentence. ``previous`` (a one-item list holding the ``term_keys`` of the
    sentence before, replaced in place) lets a sentence that continues its neighbour's topic
    ("Il est remplacé par Argyros") share that neighbour's overlap with the question, at a
    discount."""
    text = p.text[s:e]
    if terms is None:
        terms = analyzer.terms(text)
        keys = term_keys(terms)
    overlap = max(_share(q, keys), inherited)
    if previous is not None:
        overlap = max(overlap, W_CONTEXT * _share(q, keys | previous[0]))
        previous[0] = keys
    if title:
        overlap = max(overlap, W_TITLE * _share(q, keys | title))
    typed = find_typed_span(text, q.qtype, q.text)
    score = (
        base
        - (W_REFERENCE if inherited == 0.0 and _is_reference(text) else 0.0)
        + W_OVERLAP * overlap
        + W_PROXIMITY * _proximity(terms, q.weights)
        + (W_TYPE if typed else 0.0)
    )
    span = (typed[0] + s, typed[1] + s) if typed else None
    return Candidate(hit, p, i, s, e, score, overlap, max(coverage, overlap), span)


_REFERENCE = re.compile(r"^\s*(?:Voir (?:aussi )?)?(?:[\w .'’-]{0,80},\s*)?«[^»]{5,}»\s*,[^.]{0,120}\b(?:19|20)\d\d\b")


def _is_reference(text: str) -> bool:
    """A bibliographic note ("« Le Mali dément ... », Le Monde, 25 décembre 2021."): its words
    are a headline's, so it matches questions well but rarely answers them by itself."""
    return bool(_REFERENCE.match(text))


_PREFIX_MARK = "\x00"  # a key that no analysed term can equal


def term_keys(terms: Sequence[str]) -> frozenset[str]:
    """What ``_share`` looks up for a sentence: its terms, and the first ``PREFIX_LEN`` letters
    of each (marked), so that a union of two sentences' keys is the keys of their union."""
    return frozenset(terms).union([_PREFIX_MARK + t[:PREFIX_LEN] for t in terms if len(t) >= PREFIX_LEN])


def _share(q: AskedQuestion, present: frozenset[str]) -> float:
    """The question's IDF share that ``present`` holds. An absent question term that shares its
    first ``PREFIX_LEN`` letters with a present term counts ``PREFIX_CREDIT`` of its weight:
    stemming joins inflections ("formés", "forme") but not derivations ("formé" and
    "formation", "terrorise" and "terreur")."""
    got = 0.0
    for t, w in q.weights.items():
        if t in present:
            got += w
        elif q.prefix_keys.get(t) in present:
            got += PREFIX_CREDIT * w
    return got / q.total


def features(q: AskedQuestion, c: Candidate, top: Hit) -> dict[str, float]:
    return {
        "coverage": c.coverage,
        "sentence_coverage": c.overlap,
        "typed_missing": 1.0 if (q.qtype in TYPED and c.span is None) else 0.0,
        "tfidf": float(top.tfidf),
    }


def abstains(q: AskedQuestion, c: Candidate, conf: float) -> bool:
    """No answer when the evidence model is unsure, or when most of what the question asks
    about (by IDF mass) is absent from the whole corpus and the best passage covers little of
    the rest: "Quel est le PIB du Mali en 2023 ?" in a corpus that never mentions a GDP."""
    absent_topic = q.unknown >= ABSENT_SHARE and c.coverage < ABSENT_COVERAGE
    return conf < ABSTAIN_BELOW or absent_topic


def confidence(f: dict[str, float]) -> float:
    """P(the question is answered), a logistic model over ``features``."""
    z = CONF_BIAS + sum(CONF_WEIGHTS[name] * value for name, value in f.items())
    return 1.0 / (1.0 + math.exp(-z))


def _proximity(terms: list[str], weights: dict[str, float]) -> float:
    """1 when the matched question terms sit next to each other, falling with the gap."""
    positions = [i for i, t in enumerate(terms) if t in weights]
    distinct = {terms[i] for i in positions}
    if len(distinct) < 2:
        return 0.0
    return len(distinct) / _smallest_window(terms, positions, len(distinct))


def _smallest_window(terms: list[str], positions: list[int], need: int) -> int:
    counts: dict[str, int] = {}
    best = math.inf
    left = have = 0
    for right in range(len(positions)):
        t = terms[positions[right]]
        counts[t] = counts.get(t, 0) + 1
        have += counts[t] == 1
        while have == need:
            best = min(best, positions[right] - positions[left] + 1)
            lt = terms[positions[left]]
            counts[lt] -= 1
            have -= counts[lt] == 0
            left += 1
    return int(best) if best != math.inf else len(terms)


# A sentence opening with one of these leans on the one before ("Il a ajouté que ..."), so the
# answer gives both: who "il" is, and what he said.
_ANAPHORS = frozenset("il elle ils elles celui-ci celle-ci ceux-ci celles-ci ce cette ces cela".split())


def _leans_back(text: str) -> bool:
    first = text.lstrip().split(" ", 1)[0].casefold()
    return first in _ANAPHORS


def _to_answer(c: Candidate, conf: float) -> Answer:
    p = c.passage
    lines = p.sentence_lines[c.index] if c.index < len(p.sentence_lines) else (p.line_start, p.line_end)
    start = c.start
    if c.index > 0 and c.index < len(p.sentences) and _leans_back(p.text[c.start : c.end]):
        start = p.sentences[c.index - 1][0]
        if c.index - 1 < len(p.sentence_lines):
            lines = (p.sentence_lines[c.index - 1][0], lines[1])
    page, page_label = p.sentence_page(c.index - (start != c.start))
    raw = p.text[start : c.end]
    text = raw.strip()
    lead = len(raw) - len(raw.lstrip())
    span = None
    if c.span:
        a, b = c.span[0] - start - lead, c.span[1] - start - lead
        if 0 <= a < b <= len(text):
            span = (a, b)
    return Answer(
        text=text,
        passage_id=p.id,
        source=p.source,
        line_start=lines[0],
        line_end=lines[1],
        score=round(conf, 4),
        span=span,
        page=page,
        page_label=page_label,
        section=p.section,
        line_unit=p.line_unit,
        passage=p,
    )
