"""The short answer inside the answering sentence: a learned span ranker.

Every run of one to ``MAX_WORDS`` words of the sentence is a candidate span. Each is described
by ``FEATURES`` (computed for all spans at once with numpy: prefix sums over per-word flags and
the distances to the nearest question word) and scored by a model stored as JSON (gradient-boosted trees or a logistic regression, whichever
the fitting compares better) in
``data/span_ranker.json`` with the script that fits it (``scripts/train_span_ranker.py``, on
the PIAF dev split only: the sentences the engine chose that hold a gold answer, each span
labelled by its token F1 with the gold answer; cross-validated by article). The best span is the
short answer when the model's probability clears the threshold fitted with it; otherwise the
sentence itself is the answer and ``answer.span`` is null. No pickle; numpy only.

The question's words are known by their analysed terms (so "fondé" finds "fondée") and folded
forms; the answer rarely repeats them, and usually sits next to them: the features say how far
the nearest one is, how much of the question's IDF stands in the few words on either side, what
word introduces the span ("en", "par", "à", an article, a verb) and whether the noun the question
asks about ("Quel pays", "Quelle opération") stands just before it.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from . import lazyre
from .analysis import fold, stopwords
from .confidence import logistic
from .qtypes import (
    BETWEEN,
    asks_duration,
    asks_measure,
    asks_share,
    counts,
    date_ranges,
    find_typed_span,
    in_english,
    measured_unit,
    names,
    out_of,
    states_unit,
    typed_options,
    with_duration,
    with_symbol,
    with_unit,
)
from .query import FOLDED_RUN, PREPOSITION_CODES, QUOTE_PAIRS
from .spelling import is_french_word, made_from
from .trees import Forest

MODEL = Path(__file__).parent / "data" / "span_ranker.json"
MAX_WORDS = 12
NO_SPAN_TYPES = frozenset({"reason", "yesno"})  # the sentence itself answers "Pourquoi", yes/no

_WORD = lazyre.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
_ARTICLES = frozenset("le la les l un une des du de d au aux".split())
_OPEN = set(",;:(«“\"—–[")
_CLOSE = set(",;:)»”\"—–].!?…")

FEATURES = (
    "log_len",  # log of the span's length in words
    "share_of_sentence",  # its length over the sentence's
    "question_share",  # share of its words that are question words
    "has_question_word",  # it holds a question content word
    "article_start",  # it opens with an article ("la", "l'", "des")
    "stop_start",  # it opens with another stopword ("est", "qui", "en")
    "stop_end",  # it ends with a stopword
    "left_gap",  # words between the nearest question word before it and its start (capped), 0..1
    "left_none",  # no question word before it
    "right_gap",  # words between its end and the nearest question word after it (capped), 0..1
    "right_none",  # no question word after it
    "adjacent",  # a question word touches it on either side
    "open_left",  # punctuation or the sentence's start before it
    "close_right",  # punctuation or the sentence's end after it
    "inner_punct",  # punctuation inside it (commas, brackets, quotes)
    "digit_share",  # share of its words holding a digit
    "cap_share",  # share of its words capitalised (the sentence's first word aside)
    "typed_overlap",  # share of it covered by the typed span (date, number, person, place)
    "typed_exact",  # it is the typed span
    "position",  # where it starts in the sentence, 0..1
    "date_digit",  # interactions of the question type with what the span holds
    "number_digit",
    "person_cap",
    "place_cap",
    "other_cap",
    "definition_len",
    "left_weight",  # IDF share of the question held by the ``_WINDOW`` words before it
    "right_weight",  # ... by the ``_WINDOW`` words after it
    "inside_weight",  # ... by its own words
    "outside_weight",  # ... by the sentence's words outside it
    "before_word",  # what the word before it is (``_BEFORE``: "de", "à", "en", "par", an article, a verb...)
    "head_before",  # the noun the question asks about ("Quel pays", "Quelle dynastie") stands just before it
    "interrogative",  # the question's interrogative (``query.INTERROGATIVE_CODES``: "qui", "quel", "comment" ...), a code
    "asked_preposition",  # the preposition before it ("À quel", "Dans quelle", "Par qui"), a code (``query.PREPOSITION_CODES``)
    "same_preposition",  # the span opens with that preposition ("à la suite d'une réunion", "en 1897")
    "head_first",  # it opens with the asked noun, or an article and the asked noun ("l'hôpital de Lourcine")
    "head_inside",  # it holds the asked noun
    "verb_gap",  # words between the span and the question's first content word (its verb, mostly) before it, 0..1
    "verb_gap_right",  # ... after it
    "verb_share",  # share of its words that read as conjugated verbs
    "question_words",  # the question's content words, a count
    "after_word",  # what the word after it is (``_BEFORE``'s kinds; -2 at the sentence's end)
    "cap_start",  # it opens with a capital (the sentence's first word aside)
    "in_quotes",  # it is all that a pair of quotes holds (« ... », “ ... ”, " ... ")
    "in_brackets",  # it is all that a pair of brackets holds
)
_GAP_CAP = 6
_WINDOW = 4  # words on either side of a span whose question words ``left_weight``/``right_weight`` count
_HEAD_WINDOW = 3
# The word before a span, by kind (folded; an elided word by its part after the apostrophe):
# what introduces an answer ("en 1723", "à Paris", "par Viète", "est un ...") differs by kind.
_BEFORE = {
    **dict.fromkeys(("de", "du", "des", "d"), 0),
    **dict.fromkeys(("a", "au", "aux"), 1),
    "en": 2,
    "par": 3,
    **dict.fromkeys(("le", "la", "les", "l"), 4),
    **dict.fromkeys(("est", "sont", "etait", "etaient", "fut", "furent"), 5),
    **dict.fromkeys(("que", "qui", "dont"), 6),
    **dict.fromkeys(("pour", "avec", "sur", "contre", "vers"), 7),
    **dict.fromkeys(("dans", "chez"), 8),
    "comme": 9,
}
_NO_BEFORE, _SENTENCE_START = -1, -2


def words(sentence: str) -> list[tuple[int, int]]:
    """Character spans of the words of ``sentence`` (elisions and hyphens kept inside a word)."""
    return [m.span() for m in _WORD.finditer(sentence)]


def question_marks(q) -> tuple[frozenset[str], frozenset[str]]:
    """The question's analysed terms and folded content words, against which a sentence's
    words are matched."""
    return frozenset(q.weights), q.content_words


def features(q, sentence: str, analyzer, prune: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(starts, ends, X): every candidate span's first and last word (inclusive) and its
    ``FEATURES`` as rows; None when the sentence has no word."""
    spans = words(sentence)
    n = len(spans)
    if n == 0:
        return None
    terms, folded = question_marks(q)
    toks = [sentence[a:b] for a, b in spans]
    low = [fold(t) for t in toks]
    stop = np.array([w in analyzer.stopwords for w in low])
    article = np.array([w in _ARTICLES or w.startswith(("l'", "d'")) for w in low])
    qword = np.zeros(n, dtype=bool)
    weight = np.zeros(n)  # a question word's IDF (its largest term's; 1 for a word matched only folded)
    for i, w in enumerate(low):
        if stop[i]:
            continue
        analysed = analyzer.terms(toks[i])
        if w in folded or any(t in terms for t in analysed):
            qword[i] = True
            weight[i] = max([q.weights.get(t, 0.0) for t in analysed] + [0.0]) or 1.0
    digit = np.array([any(ch.isdigit() for ch in t) for t in toks])
    cap = np.array([t[:1].isupper() for t in toks])
    cap[0] = False
    c_q, c_d, c_c = (_prefix(x) for x in (qword, digit, cap))
    q_pos = np.flatnonzero(qword)
    # nearest question word at or before / at or after each word
    idx = np.arange(n)
    prev_q = np.full(n, -1)
    next_q = np.full(n, n)
    if q_pos.size:
        k = np.searchsorted(q_pos, idx, side="right") - 1
        prev_q = np.where(k >= 0, q_pos[np.clip(k, 0, None)], -1)
        k2 = np.searchsorted(q_pos, idx, side="left")
        next_q = np.where(k2 < q_pos.size, q_pos[np.clip(k2, None, q_pos.size - 1)], n)
    # punctuation around and inside: the characters between words
    punct = [any(ch in _OPEN or ch in _CLOSE for ch in sentence[spans[i][1] : spans[i + 1][0]]) for i in range(n - 1)]
    c_p = _prefix(np.array(punct + [False]))
    before = [True] + punct  # punctuation, or the sentence's start, before each word
    after = punct + [True]
    s, e = _all_spans(n)
    if prune:  # spans opening with a stopword other than an article, or ending with one, are not scored
        keep = ~(stop & ~article)[s] & ~stop[e]
        for a, b in _date_words(sentence, spans):  # nor those that cut a date in two ("le 3" of "le 3 juillet 2022")
            keep &= ~((s <= b) & (e >= a) & ((s > a) | (e < b)))
        s, e = s[keep], e[keep]
    if s.size == 0:
        return None
    length = (e - s + 1).astype(np.float64)
    nq = c_q[e + 1] - c_q[s]
    left = np.where(s > 0, prev_q[np.maximum(s - 1, 0)], -1)
    right = np.where(e < n - 1, next_q[np.minimum(e + 1, n - 1)], n)
    left_gap = np.where(left >= 0, np.minimum(s - 1 - left, _GAP_CAP), _GAP_CAP) / _GAP_CAP
    right_gap = np.where(right < n, np.minimum(right - e - 1, _GAP_CAP), _GAP_CAP) / _GAP_CAP
    typed = find_typed_span(sentence, q.qtype, q.text)
    if typed:
        word_in = np.array([a < typed[1] and b > typed[0] for a, b in spans])
        c_t = _prefix(word_in)
        t_over = (c_t[e + 1] - c_t[s]) / length
        t_first, t_last = np.flatnonzero(word_in)[[0, -1]] if word_in.any() else (-1, -1)
        t_exact = ((s == t_first) & (e == t_last)).astype(np.float64)
    else:
        t_over = np.zeros(len(s))
        t_exact = np.zeros(len(s))
    digit_share = (c_d[e + 1] - c_d[s]) / length
    cap_share = (c_c[e + 1] - c_c[s]) / length
    qt = q.qtype
    c_w = _prefix(weight) / (q.total or 1.0)
    inside_w = c_w[e + 1] - c_w[s]
    last = [w.rsplit("'", 1)[-1] for w in low]  # "l'operation" -> "operation"
    before_kind = np.array([_SENTENCE_START] + [_BEFORE.get(w, _NO_BEFORE) for w in last[:-1]], dtype=np.float64)
    head = q.asked_noun
    is_head = np.array([head is not None and _same_word(w, head) for w in last])
    c_h = _prefix(is_head)
    asked, asked_prep, verb = q.interrogative
    first = [w.split("'", 1)[0] for w in low]  # "d'une" -> "d"
    prep_start = np.array([PREPOSITION_CODES.get(w, 0) for w in first])[s]
    head_first = is_head[s] | (article[s] & is_head[np.minimum(s + 1, n - 1)] & (s < e))
    v_gap, v_gap_right = _gaps(_is_verb_asked(last, verb, analyzer), s, e)
    c_v = _prefix(np.array([verb_like(w) for w in low]))
    after_kind = np.array([_BEFORE.get(w, _NO_BEFORE) for w in last[1:]] + [_SENTENCE_START], dtype=np.float64)
    n_asked = sum(1 for t in q.plain_words if t not in analyzer.stopwords)
    X = np.column_stack(
        [
            np.log(length),
            length / n,
            nq / length,
            (nq > 0).astype(np.float64),
            article[s].astype(np.float64),
            (stop[s] & ~article[s]).astype(np.float64),
            stop[e].astype(np.float64),
            left_gap,
            (left < 0).astype(np.float64),
            right_gap,
            (right >= n).astype(np.float64),
            (((left >= 0) & (s - 1 - left == 0)) | ((right < n) & (right - e - 1 == 0))).astype(np.float64),
            np.array(before)[s].astype(np.float64),
            np.array(after)[e].astype(np.float64),
            ((c_p[e] - c_p[s]) > 0).astype(np.float64),
            digit_share,
            cap_share,
            t_over,
            t_exact,
            s / n,
            digit_share * (qt == "date"),
            digit_share * (qt == "number"),
            cap_share * (qt == "person"),
            cap_share * (qt == "place"),
            cap_share * (qt in ("other", "organisation", "list")),
            np.log(length) * (qt == "definition"),
            c_w[s] - c_w[np.maximum(s - _WINDOW, 0)],
            c_w[np.minimum(e + 1 + _WINDOW, n)] - c_w[e + 1],
            inside_w,
            c_w[n] - inside_w,
            before_kind[s],
            ((c_h[s] - c_h[np.maximum(s - _HEAD_WINDOW, 0)]) > 0).astype(np.float64),
            np.full(len(s), asked, dtype=np.float64),
            np.full(len(s), asked_prep, dtype=np.float64),
            ((prep_start > 0) & (prep_start == asked_prep)).astype(np.float64),
            head_first.astype(np.float64),
            ((c_h[e + 1] - c_h[s]) > 0).astype(np.float64),
            v_gap,
            v_gap_right,
            (c_v[e + 1] - c_v[s]) / length,
            np.full(len(s), n_asked, dtype=np.float64),
            after_kind[e],
            cap[s].astype(np.float64),
            _enclosed_spans(sentence, spans, s, e, QUOTE_PAIRS),
            _enclosed_spans(sentence, spans, s, e, _BRACKET_PAIRS),
        ]
    )
    return s, e, X


_BRACKET_PAIRS = {"(": ")", "[": "]"}


def enclosed(text: str, start: int, end: int, pairs: dict[str, str] = QUOTE_PAIRS) -> bool:
    """Whether ``text[start:end]`` stands between the two halves of one of ``pairs`` (opening ->
    closing; spaces aside) and holds no closing half of its own: "« q »", "(LM)"."""
    closer = pairs.get(text[:start].rstrip()[-1:])
    return closer is not None and text[end:].lstrip()[:1] == closer and closer not in text[start:end]


def _enclosed_spans(sentence: str, spans: list[tuple[int, int]], s: np.ndarray, e: np.ndarray, pairs: dict[str, str]) -> np.ndarray:
    """1 for each span [s, e] that a pair of ``pairs`` encloses exactly (``enclosed``)."""
    opened = np.array([sentence[:a].rstrip()[-1:] in pairs for a, _ in spans], dtype=bool)  # right after an opening mark
    out = np.zeros(len(s))
    for k in np.flatnonzero(opened[s]):
        out[k] = float(enclosed(sentence, spans[s[k]][0], spans[e[k]][1], pairs))
    return out


def _is_verb_asked(last: list[str], verb: str | None, analyzer) -> np.ndarray:
    """Per word of a sentence (folded, an elided word by its part after the apostrophe): whether
    it is the question's first content word after the interrogative, or shares an analysed term
    with it ("produit" / "produisit")."""
    if verb is None:
        return np.zeros(len(last), dtype=bool)
    terms = set(analyzer.terms(verb))
    return np.array([w == verb or bool(terms.intersection(analyzer.terms(w))) for w in last])


def _gaps(marked: np.ndarray, s: np.ndarray, e: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each span [s, e]: the words between the nearest marked word before it and its start,
    and between its end and the nearest marked word after it, capped at ``_GAP_CAP`` and scaled to
    0..1 (1 when there is none)."""
    at = np.flatnonzero(marked)
    if at.size == 0:
        return np.ones(len(s)), np.ones(len(s))
    k = np.searchsorted(at, s, side="left") - 1
    before = np.where(k >= 0, s - 1 - at[np.clip(k, 0, None)], _GAP_CAP)
    k2 = np.searchsorted(at, e, side="right")
    after = np.where(k2 < at.size, at[np.clip(k2, None, at.size - 1)] - e - 1, _GAP_CAP)
    return np.minimum(before, _GAP_CAP) / _GAP_CAP, np.minimum(after, _GAP_CAP) / _GAP_CAP


# The brackets and quotes ``closed`` pairs up, opening -> closing: all but the straight quote,
# which opens and closes alike, so that the walk over their nesting could not tell which it is
_OPENERS = {**_BRACKET_PAIRS, **{o: c for o, c in QUOTE_PAIRS.items() if o != c}}
_CLOSERS = {closing: opening for opening, closing in _OPENERS.items()}
BRACKET_REACH = 40  # characters a short answer may grow by to take in the other half of a bracket ...
QUOTE_REACH = 80  # ... or of a quote
_EDGES = " \t\n,;:"
_TRAILING = frozenset("de d la le les l du des à au aux et ou en par pour un une".split())  # not an answer's last word


def closed(text: str, start: int, end: int, lo: int = 0, hi: int | None = None) -> tuple[int, int]:
    """``text[start:end]`` (a short answer) with the brackets and quotes it leaves open closed
    and those it closes opened, within ``text[lo:hi]``: grown to take in the other half when it
    stands within ``BRACKET_REACH`` characters ("Latin Modern (LM" -> "Latin Modern (LM)",
    "« formateurs" -> "« formateurs »"), else cut before it ("E. Knuth [2" when "]" is too far)
    or after it. Brackets are no words, so the words of the answer rarely change; what is shown
    and highlighted no longer opens what it does not close."""
    hi = len(text) if hi is None else hi
    original = (start, end)
    for _ in range(3):
        opened, stray = _unmatched(text, start, end)
        if not opened and stray is None:
            break
        if stray is not None:
            found = _partner(text, stray, -1, max(lo, start - _reach(text[stray])))
            start = found if found is not None else stray + 1
        if opened:
            first = opened[0]
            found = _partner(text, first, 1, min(hi, end + _reach(text[first])))
            end = found + 1 if found is not None else _before_words(text, start, first)
    else:
        return original
    while start < end and text[start] in _EDGES:
        start += 1
    while end > start and text[end - 1] in _EDGES:
        end -= 1
    return (start, end) if end > start else original


_JOINERS = frozenset("._/+@~\\")  # inside a file name, a version, a path or an address


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _joins(text: str, j: int) -> bool:
    """Whether ``text[j]`` joins the characters on either side into one token: a joiner between
    word characters ("foo_1.00.orig", "usr/local"), a hyphen between letters ("nord-est"; not
    "1564-1593", whose two years are two answers)."""
    if not 0 < j < len(text) - 1:
        return False
    ch, before, after = text[j], text[j - 1], text[j + 1]
    if ch == "-":
        return before.isalpha() and after.isalpha()
    return ch in _JOINERS and _word_char(before) and _word_char(after)


def _joined(text: str, i: int) -> bool:
    """Whether ``text[i - 1]`` and ``text[i]`` belong to one token."""
    left, right = text[i - 1], text[i]
    if _word_char(left) and _word_char(right):
        return True
    return _joins(text, i) if _word_char(left) else _word_char(right) and _joins(text, i - 1)


_NAMED_ARTICLE = lazyre.compile(r"(?<=[\s,;:(«“\"])(?:Le|La|Les)\s+$|(?<=[\s,;:(«“\"])L['’]$")


def with_named_article(text: str, start: int, lo: int = 0) -> int:
    """Where a name starting at ``start`` starts once the capitalised article before it inside a
    sentence is taken in: "Monde Afrique" -> "Le Monde Afrique", "Caire" -> "Le Caire". Not at the
    start of the sentence (``lo``), where every article is capitalised."""
    if not text[start : start + 1].isupper():
        return start
    m = _NAMED_ARTICLE.search(text, max(lo, start - 5), start)
    if m is None or not text[lo : m.start()].strip():
        return start
    return m.start()


def whole_tokens(text: str, start: int, end: int, lo: int = 0, hi: int | None = None) -> tuple[int, int]:
    """``text[start:end]`` grown to the whole of the tokens it cuts, within ``text[lo:hi]``
    ("bz2" -> "foo_1.00.orig.tar.bz2", "est" -> "nord-est"): not across an elision ("Africa"
    stays so in "l'Africa"), a bracket or a range of numbers."""
    hi = len(text) if hi is None else hi
    while start > lo and _joined(text, start):
        start -= 1
    if start > lo and text[start - 1] == "/" and "/" in text[start:end] and (start - 1 == lo or text[start - 2].isspace()):
        start -= 1  # an absolute path: "/usr/local"
    while end < hi and _joined(text, end):
        end += 1
    return start, end


def _reach(bracket: str) -> int:
    return QUOTE_REACH if bracket in QUOTE_PAIRS or bracket in QUOTE_PAIRS.values() else BRACKET_REACH


def _before_words(text: str, start: int, cut: int) -> int:
    """Where a short answer cut at ``cut`` ends once the words that cannot close it are dropped
    ("... et accuse la France de « collecter" -> "... et accuse la France")."""
    found = list(_WORD.finditer(text, start, cut))
    while found and fold(found[-1].group()) in _TRAILING:
        found.pop()
    return found[-1].end() if found else cut


def _unmatched(text: str, start: int, end: int) -> tuple[list[int], int | None]:
    """The positions of the openers ``text[start:end]`` leaves open, and of the last closer it
    has no opener for."""
    stack: list[int] = []
    stray = None
    for i in range(start, end):
        ch = text[i]
        if ch in _OPENERS:
            stack.append(i)
        elif ch in _CLOSERS:
            if stack and text[stack[-1]] == _CLOSERS[ch]:
                stack.pop()
            else:
                stray = i
    return stack, stray


def _partner(text: str, at: int, step: int, limit: int) -> int | None:
    """The position of the bracket that pairs with ``text[at]``, looking forward (``step`` 1,
    up to ``limit`` excluded) or back (-1, down to ``limit``), or None."""
    mine = text[at]
    other = _OPENERS.get(mine) or _CLOSERS[mine]
    depth = 0
    i = at + step
    while (i < limit) if step > 0 else (i >= limit):
        ch = text[i]
        if ch == mine:
            depth += 1
        elif ch == other:
            if depth == 0:
                return i
            depth -= 1
        i += step
    return None


def _date_words(sentence: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The first and last word (inclusive) of each date of ``sentence`` (``qtypes``' date spans)."""
    out = []
    for start, end in typed_options(sentence, "date"):  # every date: no question to leave out
        inside = [i for i, (a, b) in enumerate(spans) if a < end and b > start]
        if len(inside) > 1:
            out.append((inside[0], inside[-1]))
    return out


def _prefix(x: np.ndarray) -> np.ndarray:
    """Prefix sums of per-word values with a 0 in front: over words [i, j], ``c[j + 1] - c[i]``."""
    return np.concatenate([[0], np.cumsum(x)])


def _same_word(word: str, head: str) -> bool:
    """``word`` is the question's head noun, or shares its first five letters ("dynasties")."""
    return word == head or (len(head) > 4 and word.startswith(head[:5]))


@lru_cache(maxsize=256)
def _all_spans(n: int) -> tuple[np.ndarray, np.ndarray]:
    """First and last word of every span of 1 to ``MAX_WORDS`` words of an ``n``-word sentence."""
    s = np.repeat(np.arange(n), [min(MAX_WORDS, n - i) for i in range(n)])
    e = s + np.concatenate([np.arange(min(MAX_WORDS, n - i)) for i in range(n)])
    return s, e


@lru_cache(maxsize=1)
def model() -> dict | None:
    """The fitted model ({"features", "model", "threshold", ...}) with a ``raw`` scorer (rows of
    ``FEATURES`` -> log-odds): gradient-boosted trees (``askmali.trees``) or a logistic
    regression whose standardisation is folded into its weights. None when no model file ships."""
    if not MODEL.is_file():
        return None
    doc = json.loads(MODEL.read_text(encoding="utf-8"))
    if list(doc["features"]) != list(FEATURES):
        raise ValueError(f"{MODEL} was fitted on other features; refit it with scripts/train_span_ranker.py")
    m = doc["model"]
    if m.get("kind") == "logistic":
        w = np.array(m["weights"]) / np.array(m["scale"])
        b = m["bias"] - float(w @ np.array(m["mean"]))
        return {**doc, "raw": lambda X: X @ w + b}
    return {**doc, "raw": Forest(m).raw}


def best_typed(q, sentence: str, analyzer) -> tuple[int, int] | None:
    """Among the spans of the asked type in ``sentence`` that the question does not name (every
    date for "Quand", every number for "Combien"...), the one the span model scores best; None
    when there is none. The first such span when no model ships."""
    options = typed_options(sentence, q.qtype, q.text)
    counted = q.counted_noun if q.qtype == "number" and len(options) > 1 else None
    if counted:  # "Combien de soldats ...?": "des quarante-neuf soldats", not the "trois" before it
        options = [o for o in options if counts(sentence, o[1], counted)] or options
    if q.qtype == "number" and asks_measure(q.text):  # "A quelle distance ...?": "15 km", not "15"
        widen = with_duration if asks_duration(q.text) else with_unit  # "dix ans", not "dix dernières"
        measured = [w for o in options if (w := widen(sentence, *o)) is not None]
        unit = measured_unit(q.text)  # "Quel montant ...?": in a currency, not "7 500 stagiaires"
        if unit is not None:
            measured = [w for w in measured if states_unit(sentence[w[0] : w[1]], unit)]
        options = measured or options
    if q.qtype == "number" and _PERCENT_ASKED.search(q.text):
        # "Quel est le pourcentage / le taux ...?": a per cent ("15,1 %"), not "28" beside it
        options = [(a, b) for a, b in options if _PER_CENT.match(sentence, b) or sentence[a:b].rstrip().endswith("%")] or options
    if q.qtype == "number" and asks_share(q.text):  # "Quelle proportion ...?": "neuf ... sur dix"
        options = [w for o in options if (w := out_of(sentence, *o)) is not None] or options
    if q.qtype == "number":
        options = [with_symbol(sentence, *o) for o in options]  # "2 Gio", not "2"
        # "entre 7 et 10 ans": a range's "entre" with it
        options = [(m.start(), b) if " et " in sentence[a:b] and (m := BETWEEN.search(sentence, max(0, a - 8), a)) else (a, b) for a, b in options]
    if q.qtype == "person":
        # "Marcus Dunstan et Patrick Melton": the name joined to it, unless the question names it
        # ("Qui épouse Bill Weasley ?" is not "Fleur Delacour et Bill Weasley")
        asked = q.whole_words
        options = [
            (a, m.end()) if (m := _AND_NAME.match(sentence, b)) and not {fold(w) for w in _WORD.findall(m.group())[1:]} <= asked else (a, b)
            for a, b in options
        ]
    if q.qtype == "number" and _HOW_OFTEN.search(q.text):
        # "Combien de fois ...?": "deux fois", not "deux"
        options = [(a, m.end()) if (m := _TIMES.match(sentence, b)) else (a, b) for a, b in options]
    life = q.life_event if q.qtype == "date" else None
    if life is not None and (years := _life_years(q, sentence, life)) is not None:
        return years
    if life is not None and len(options) > 1:
        # "quand James Marangé est-il mort ?" of "né le 27 mai 1920 ... et décédé ..., le 20 février
        # 1987": the date after the word of the event asked, when one follows it
        gaps = []
        for a, b in options:
            before = sentence[max(0, a - LIFE_REACH) : a]
            words = list(life.finditer(before))
            if words and not (_YEAR_ASKED.search(q.text) and not _YEAR_DIGITS.search(sentence, a, b)):
                gaps.append((len(before) - words[-1].end(), (a, b)))  # a year asked needs one
        options = [min(gaps)[1]] if gaps else options
    if q.qtype == "date":
        options = date_ranges(sentence, options, q.text)  # "entre 2015 et 2017", not "2015"
        if _YEAR_ONLY.search(q.text):
            # "En quelle année ...?": "1839", not "4 octobre 1839"; a decade stays one ("années 1960")
            options = [_the_year(sentence, a, b) for a, b in options]
        if not _ABOUT_ASKED.search(q.text):  # "vers 1557", not "1557": the date is approximate
            options = [(m.start(), b) if (m := _ABOUT.search(sentence, max(0, a - 30), a)) else (a, b) for a, b in options]
        if not _YEAR_ASKED.search(q.text):  # "printemps 1930", "fin mai 2002"; a year asked is the year
            options = [(m.start(), b) if (m := _SEASON.search(sentence, max(0, a - 40), a)) else (a, b) for a, b in options]
    return best_option(q, sentence, analyzer, options)


# an approximate date keeps its word ("vers 1557"; PIAF dev: five golds say so, none lost but the
# question that asks "Vers quelle année ...?" itself)
_ABOUT = lazyre.compile(r"\b(?:vers|environ|aux alentours de|autour de)\s+(?:l['’]an\s+|l['’]année\s+)?$", re.IGNORECASE)
_SEASON = lazyre.compile(r"\b(?:printemps|été|automne|hiver|début|fin|milieu)\s+(?:de\s+l['’]année\s+|de\s+l['’]an\s+|de\s+|d['’]|des\s+)?$", re.IGNORECASE)
_PERCENT_ASKED = lazyre.compile(r"\b(?:pourcentage|taux)\b", re.IGNORECASE)
_PER_CENT = lazyre.compile(r"\s*(?:%|pour\s*cent\b|p\.\s*100\b)", re.IGNORECASE)
# as written, not folded: "né" is a birth, "ne" a negation; found in the sentence as well (the date
# after the word asked). qtypes._BORN / _DIED read a folded question, where "né" needs its auxiliary
_BORN_WORD = lazyre.compile(r"\b(?:née?s?|naissance|naquit|naît|nait)\b", re.IGNORECASE)
_DIED_WORD = lazyre.compile(r"\b(?:morte?s?|meurt|mourut|décédée?s?|décès|disparu|disparaît|s['’]éteint|s['’]éteignit)\b", re.IGNORECASE)


_YEAR_DIGITS = lazyre.compile(r"\d{3,4}")
LIFE_REACH = 60  # characters between the word of a birth or a death and its date


def _life_event(question: str):
    """The pattern of the words that say a birth or a death, when ``question`` asks either's date."""
    return _BORN_WORD if _BORN_WORD.search(question) else _DIED_WORD if _DIED_WORD.search(question) else None


# A life's years in brackets after a name: "Christopher Marlowe (1564-1593)", "(v. 1500 – 1560)"
_LIFE_YEARS = lazyre.compile(r"\((?:[^()\d]{0,12})?(\d{3,4})\s*[-–—]\s*(?:[^()\d]{0,12})?(\d{3,4})\s*\)")
_NAME_WORDS = 3  # words before the bracket, one of them a name the question gives


def _life_years(q, sentence: str, life) -> tuple[int, int] | None:
    """For "Quand est mort Louis Cheynet ?", the second year of "Louis Cheynet (1714-1791)"; the
    first for a birth. Only after a capitalised word of the question, within ``_NAME_WORDS``
    words: the brackets of others in the same sentence ("Le Caravage (1571-1610) et Christopher
    Marlowe (1564-1593)") give their own lives."""
    asked = q.whole_words
    for m in _LIFE_YEARS.finditer(sentence):
        before = _WORD.findall(sentence[max(0, m.start() - 60) : m.start()])[-_NAME_WORDS:]
        if any(w[:1].isupper() and fold(w) in asked for w in before):
            return m.span(2) if life is _DIED_WORD else m.span(1)
    return None


_YEAR_ONLY = lazyre.compile(r"\b(?:quelle|quel)\s+(?:année|annee|an)\b", re.IGNORECASE)
_A_YEAR = lazyre.compile(r"(?<![\d,.])\d{3,4}(?![\d,.]\d)")


def _the_year(sentence: str, a: int, b: int) -> tuple[int, int]:
    """The year of the date ``sentence[a:b]`` when it holds one and is no decade, else the date."""
    found = list(_A_YEAR.finditer(sentence, a, b))
    if len(found) != 1 or _DECADE.search(sentence, a, b):
        return a, b
    return found[0].span()


_DECADE = lazyre.compile(r"\bann[ée]es\s+\d", re.IGNORECASE)
_YEAR_ASKED = lazyre.compile(r"\b(?:quelle|quel)\s+(?:année|annee|an|siècle|siecle|décennie|decennie)\b", re.IGNORECASE)
_ABOUT_ASKED = lazyre.compile(r"\b(?:vers|environ|aux alentours de|autour de)\s+quel", re.IGNORECASE)
# PIAF dev, both: EM 0.2004 -> 0.2017, F1 0.3475 -> 0.3485 (eleven answers to their gold; "Qui
# épouse Bill Weasley ?" was lost before the check on the question's own names)
_AND_NAME = lazyre.compile(r"\s+et\s+[A-ZÀ-Þ][\w'’-]+(?:\s+(?:de\s+|d['’]|van\s+|von\s+)?[A-ZÀ-Þ][\w'’-]+){0,3}")
_HOW_OFTEN = lazyre.compile(r"\bcombien\s+de\s+fois\b", re.IGNORECASE)
_TIMES = lazyre.compile(r"\s+fois\b")


# The nouns of "Quel fichier ...", "Quelle commande ...", "Sur quel canal ...": a question about
# a manual that asks for a path, a command, a package, a variable, an address, a key. Folded, and
# singular: "Quels logiciels ...?" asks for several, which the sentence gives better than one.
TECHNICAL_NOUNS = frozenset(
    """fichier commande repertoire dossier chemin variable option paquet paquetage canal adresse
    reseau version script programme utilitaire module champ parametre macro extension port serveur
    outil logiciel touche application editeur gestionnaire protocole pilote url""".split()
)
# ... of which those that a bare name answers ("pbuilder", "lastb", "MAILFROM", "F1"): a program,
# a package, a key, a variable. A file, an address or a network is answered by its form alone.
NAME_NOUNS = frozenset(
    """commande paquet paquetage outil logiciel programme utilitaire touche variable module
    application editeur gestionnaire pilote script option macro extension""".split()
)
# A token as its reader would quote it: a word (elisions and hyphens inside), or a technical token
# whole ("/etc/motd", "dh_python2", "~/.dput.cf", "1.5-3+deb11u1", "10.0.0.0/8", "#debian-devel-fr",
# "-x", "--optimize", "4,5"), where ``words`` (as the span model learnt on PIAF) cuts "/etc/motd"
# into "etc" and "motd". A full stop or a slash that ends a sentence or a word stays out, a
# folder's final slash ("/etc/") is in.
_TOKEN = lazyre.compile(
    r"(?:(?<!\S)--?(?=[^\W\d_]))?(?:[~/#@\\]|(?<=/)\.)*[^\W_]+"
    r"(?:(?:[-'’]|[_/.+~#@:=]+|(?<=\d),(?=\d))[^\W_]+)*(?:/(?=\s|$))?"
)
# A token of ``_TOKEN`` that is a technical one by its form: a path ("/etc/motd", "~/.dput.cf"),
# a name with an underscore ("dh_python2"), a file name with its extension ("smb.conf",
# "fsck.ext4"), a
# version or an address with dots ("1.5-3+deb11u1", "10.0.0.0/8"), an option ("-x"), a channel
# ("#debian-devel-fr"), a folder by its final slash ("pool/"), a LaTeX command ("\documentclass").
# Not a date ("12/05/2010") nor "et/ou".
_TECHNICAL = lazyre.compile(
    r"(?![0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}$)(?!et/ou$)"
    r"(?:(?:[~/#@\\]|--?[^\W\d_]).*|.*(?:_|[^\W_]/[^\W_]|[^\W_]\.[^\W\d_][^\W_]{0,4}\b|[0-9]\.[0-9]|[+=@]).*|.*[^\W_]/)"
)


def asks_technical(q) -> bool:
    """Whether the question asks for a path, a command, a package ... (``TECHNICAL_NOUNS``)."""
    return technical_noun(q) is not None


def technical_noun(q) -> str | None:
    """The noun of ``TECHNICAL_NOUNS`` the question asks for, in the singular ("Quels paquets
    ...?" -> "paquet"), or None."""
    noun = q.asked_noun
    if noun is None:
        return None
    if noun in _NOUNS_OF and (of := _OF_NOUN.search(q.folded)) is not None:
        noun = of.group(1)  # "Quel numéro de version ...?" asks for a version, "Quel nom de fichier" a file
    if noun not in TECHNICAL_NOUNS and noun[-1:] in ("s", "x"):
        noun = noun[:-1]
    return noun if noun in TECHNICAL_NOUNS else None


_NOUNS_OF = frozenset(("numero", "numeros", "nom", "noms"))
_OF_NOUN = lazyre.compile(r"\bquel(?:le)?s?\s+(?:est\s+le\s+|sont\s+les\s+)?(?:numeros?|noms?)\s+d(?:e\s+|u\s+|es\s+|['’])(?:la\s+|l['’])?([a-z]+)")


def technical_options(q, sentence: str) -> list[tuple[int, int]]:
    """The technical tokens of ``sentence`` that the question does not itself hold, when it asks
    for one ("Dans quel fichier ...", "Quelle commande ..."); else none."""
    asked = q.folded
    noun = technical_noun(q)
    if noun is None:
        return []
    named = noun in NAME_NOUNS
    found = [m.span() for m in _TOKEN.finditer(sentence)]
    options = [
        (a, b) for a, b in found
        if _is_technical(sentence[a:b], named) and not names(asked, fold(sentence[a:b])) and not _numbers_section(sentence, a)
    ]
    if not options and noun in NUMBERED_NOUNS:
        # no version nor address by its form: a bare number answers "Quel port ...?" ("pop3s — 995")
        options = [(a, b) for a, b in found if _BARE_NUMBER.fullmatch(sentence, a, b) and not names(asked, fold(sentence[a:b]))]
    if named and in_english(sentence):
        # no English word is a French one, so each looks like a bare name ("comes", "allowing"):
        # in an English sentence a name needs a hyphen or a digit ("ubuntu-dev-tools")
        options = [(a, b) for a, b in options if _TECHNICAL.fullmatch(sentence, a, b) or _MARKED.search(sentence, a, b)]
    if named:
        # a manual page's section after a name makes it a program ("fuser(1)", "dd(1)"), even a
        # French word's look-alike: for "Quelle commande ...?" it wins over a path beside it
        manual = [(a, b) for a, b in found if _MAN_SECTION.match(sentence, b) and not names(asked, fold(sentence[a:b]))]
        options = manual or options
    if named and noun not in ("paquet", "paquetage"):
        # "Quel outil ...?" of "le système de notification podebconf-report-po, fourni avec le
        # paquet po-debconf": the package a tool comes in is not the tool
        options = [(a, b) for a, b in options if not _PACKAGE_BEFORE.search(sentence, 0, a)] or options
    if noun == "commande" and (line := command_line(sentence)) is not None:
        return [line]  # "$ dpkg-depcheck -d ./configure": the whole line
    if noun == "url":
        # an address of the web by its form ("https://www/gosa", "www.debian.org"), not a path
        return [(a, b) for a, b in options if _URL.match(sentence, a, b)]
    if noun == "variable":
        # a variable is written in capitals or after "$" ("MAILFROM", "$TMPDIR"), not as a host
        # or a program ("smarthost"): only those, none if the sentence has none
        options = [(a, b) for a, b in options if _VARIABLE.fullmatch(sentence, a, b)]
    if noun not in _FLAG_NOUNS:
        # "-r" of "la commande dch -r" names no package, file or program: an option only answers
        # "Quelle option ...?"
        options = [(a, b) for a, b in options if not _FLAG.fullmatch(sentence, a, b)]
    if noun in _RUN_NOUNS:
        # "\index" is a command inside a LaTeX file, no program, package or tool one runs or
        # installs: "Quel programme faut-il lancer sur le fichier .idx ...?" is "makeindex"
        options = [(a, b) for a, b in options if sentence[a] != "\\"]
    if noun == "champ":
        # a field of a control file or a header is named by its form ("Build-Depends",
        # "Pre-Depends", "Standards-Version")
        options += [(a, b) for a, b in found if (a, b) not in options and is_field(sentence[a:b]) and not names(asked, fold(sentence[a:b]))]
        options.sort()
    return options


# The nouns a bare number answers ("Quel port ...?": "995", "Quelle version ...?": "2.8")
NUMBERED_NOUNS = frozenset(("port", "version"))
_BARE_NUMBER = lazyre.compile(r"\d+")


# A section's number opening a heading run into its sentence (a PDF's "3.1.2 Serveur principal A
# Skolelinux network ..."): no version nor address, whatever its dots
_SECTION_NUMBER = lazyre.compile(r"\s*\d+(?:\.\d+)+\.?\s+[A-ZÀ-Þ]")


def _numbers_section(sentence: str, at: int) -> bool:
    """Whether the token at ``at`` is the number of a section opening ``sentence``."""
    return not sentence[:at].strip() and _SECTION_NUMBER.match(sentence, at) is not None


# A field's name: capitalised words joined by hyphens ("Build-Depends", "Vcs-Git")
_FIELD_NAME = lazyre.compile(r"[A-Z][a-z0-9]*(?:-[A-Z0-9][A-Za-z0-9]*)+")


def is_field(token: str) -> bool:
    """Whether ``token`` is written as a field of a control file or a header is."""
    return _FIELD_NAME.fullmatch(token) is not None


_FLAG = lazyre.compile(r"--?[^\W\d_][\w-]*")
_FLAG_NOUNS = frozenset(("option", "parametre"))
# what is run or installed, never a LaTeX macro ("\\index"): a command or a macro may be one
_RUN_NOUNS = frozenset(("programme", "logiciel", "outil", "utilitaire", "application", "paquet", "paquetage", "script", "gestionnaire", "pilote", "editeur"))


_PACKAGE_BEFORE = lazyre.compile(r"\bpaquet(?:age)?s?\s+[«“\"]?\s*$", re.IGNORECASE)
_MAN_SECTION_FORM = r"\([1-9][a-z]?\)"
_MAN_SECTION = lazyre.compile(_MAN_SECTION_FORM)
_MAN_PAGE = lazyre.compile(rf"[\w.+-]+{_MAN_SECTION_FORM}")  # "nice(1)": a name with its section


def _prose(text: str) -> bool:
    """Whether ``text`` holds two French words in a row ("PID=1 est habituellement ..."): prose,
    not a command line. Words inside a token are not ("language-pack-en" is no "pack en")."""
    words = [fold(w) for w in (t.strip(".,;:!?()«»\"'") for t in text.split()) if w.isalpha()]
    return any(is_french_word(a) and is_french_word(b) and len(a) > 1 and len(b) > 1 for a, b in zip(words, words[1:]))


def command_line(text: str) -> tuple[int, int] | None:
    """The span of the command line after a shell prompt in ``text`` ("$ dpkg-depcheck -d
    ./configure"), or None: none there, or prose runs on in it (a PDF joins a code line to the
    sentence after it: "$ sudo lsof -p 1 PID=1 est habituellement ...")."""
    prompt = _PROMPT.search(text)
    return None if prompt is None or _prose(prompt.group(1)) else prompt.span(1)


def prose_after_prompt(text: str) -> bool:
    """Whether the command line under a shell prompt in ``text`` runs on into prose."""
    return _PROMPT.search(text) is not None and command_line(text) is None


_PROMPT = lazyre.compile(r"(?:^|\n)\s*[$#]\s+(\S[^\n]*?)\s*(?=\n|$)")
_MARKED = lazyre.compile(r"[-0-9]")
_URL = lazyre.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)", re.IGNORECASE)
_VARIABLE = lazyre.compile(r"\$?\{?[A-Z][A-Z0-9_]+\}?")


# A program, package or key by its name alone: lower case and no French word ("pbuilder",
# "lastb", "dput"), or upper case and long or with a digit ("MAILFROM", "F1"), not an acronym.
_NAME = lazyre.compile(r"[a-z][a-z0-9-]{2,}|[A-Z][A-Z0-9_]{4,}|[A-Z]+[0-9][A-Z0-9]*")


def _is_technical(token: str, named: bool) -> bool:
    """Whether ``token`` is technical by its form, or, when ``named``, a bare name (``_NAME``)."""
    if _TECHNICAL.fullmatch(token):
        return True
    if not named or not _NAME.fullmatch(token):
        return False
    folded = fold(token)
    if "-" in folded and all(is_french_word(part) or part in stopwords() for part in folded.split("-")):
        return False  # "connectez-vous", "peut-être": French words joined, no name
    return not is_french_word(folded) and folded not in stopwords()  # the word list lacks "aux", "pas"


# An enumeration: three items or more, the last after "et" or "ou" ("russe, ukrainien et
# « moldave »", "la Suède, le Danemark et la Prusse"); an item is one to four words.
_ITEM_WORD = r"(?:[^\s,;:.()«»“”\[\]]|(?<=\w)\.(?=\w))+"  # a full stop inside: "libgtk1.2-dev"
_ITEM = rf"(?:[«“] ?)?{_ITEM_WORD}(?: {_ITEM_WORD}){{0,3}}"
_ENUMERATION = lazyre.compile(rf"{_ITEM}(?:, {_ITEM})+,? (?:et|ou) {_ITEM}")
# a list in brackets needs no "et": "(drones, blindés, systèmes de surveillance)"; three items at
# least, so that "(Paris, 1998)" is none; quoted items and a closing "…" or "etc." too: "(« stable »,
# « testing », « unstable », …)"
_BRACKET_ITEM = rf"{_ITEM}(?: ?[»”])?"
_BRACKETED = lazyre.compile(rf"\(({_BRACKET_ITEM}(?:, {_BRACKET_ITEM}){{2,}})(?:,? (?:…|\.\.\.|etc\.?))?\)")
_ETC = lazyre.compile(r",?\s*(?:…|\.\.\.|etc\.?)$")
BRACKET_LEAD = 3  # words before a bracketed list that say what it lists ("les noms de version (...)")
_QUOTES = frozenset("«“")
_LEADING_LINKS = frozenset("de d a par pour avec sur dans en".split())
_LEADING_ADVERBS = frozenset("moins notamment surtout environ aussi egalement principalement essentiellement dont soit".split())


def enumeration(sentence: str, head: str | None = None, asked: frozenset[str] = frozenset()) -> tuple[int, int] | None:
    """The enumeration of ``sentence`` with the most items (the first of equals; a list in
    brackets, ``_BRACKETED``, before an equal one linked by "et"), or None: the short answer to
    "Quels sont les ...?". The first item keeps at most one word more than the
    longest item between it and the last, and the last no more than that longest one: their
    words run on into the sentence ("déployés au Burkina Faso, au Mali, au Niger et au Tchad
    entre 2014" -> "au Burkina Faso, au Mali, au Niger et au Tchad"), and the first loses a verb
    that this extra word would be ("désigne la Belgique, les Pays-Bas et le Luxembourg")."""
    found = max(_ENUMERATION.finditer(sentence), key=lambda m: (m.group().count(","), -m.start()), default=None)
    # of lists in brackets, the longest; of equal ones, the one after more of the question's
    # words ("les noms de code (« trusty », ...)" for "Quels noms de code ...?")
    listed = max(
        _BRACKETED.finditer(sentence),
        key=lambda m: (m.group(1).count(","), _lead_share(sentence, m.start(), asked), -m.start()),
        default=None,
    )
    if listed is not None and (found is None or listed.group(1).count(",") >= found.group().count(",")):
        a, b = listed.span(1)  # "(drones, blindés, systèmes de surveillance)": its items, whole,
        etc = _ETC.search(sentence, a, b)  # but for a closing "…"
        return a, etc.start() if etc is not None else b
    if found is None:
        return None
    text = found.group()
    last_link = max(text.rfind(" et "), text.rfind(" ou "))
    items = text[:last_link].rstrip(",").split(", ")
    middle = max(len(i.split()) for i in items[1:])  # the pattern has a comma before the last link
    first = items[0].split()[-(middle + 1):]
    while first and first[0] in ("et", "ou"):
        first = first[1:]
    if len(first) > middle and verb_like(fold(first[0])):  # "désigne la Belgique, les Pays-Bas et ..."
        first = first[1:]
    named_items = len(first) > 1 and not first[1][:1].islower()  # "commandes \big", not "postes exécutifs"
    if len(first) > middle and (fold(first[0]) in _LEADING_ADVERBS or (named_items and head is not None and _same_word(fold(first[0]), head))):
        first = first[1:]  # "au moins PDF, JPEG et EPS", "les commandes \big, \Big, ..." for "Quelles commandes ...?"
    elif len(first) > middle and fold(first[0]) in _LEADING_LINKS and not any(fold(i.split()[0]) == fold(first[0]) for i in items[1:] if i.split()):
        first = first[1:]  # "besoin de xlibs-dev, libgtk1.2-dev et ...": the verb's "de", not an item's ("au Mali, au Niger")
    last: list[str] = []
    for word in text[last_link + 4 :].split():  # a quotation mark is no word ("« moldave")
        if sum(w not in _QUOTES for w in last) == middle:
            break
        last.append(word)
    # the first item's kept words end it, its words one space apart
    start = found.start() + (len(items[0]) - len(" ".join(first)) if first else 0)
    end = found.start() + last_link + 4 + len(" ".join(last))
    return start, end


def _lead_share(sentence: str, at: int, asked: frozenset[str]) -> int:
    """How many of the ``BRACKET_LEAD`` words before ``at`` are among ``asked`` (folded)."""
    before = [fold(w) for w in _WORD.findall(sentence[max(0, at - 80) : at])][-BRACKET_LEAD:]
    return sum(w in asked for w in before)


_PAIR_LEADS = frozenset("le la les l du de des d au aux a en".split())  # folded
_PAIR_ARTICLES = frozenset("le la les l".split())


def name_pair(sentence: str, asked: frozenset[str] = frozenset()) -> tuple[int, int] | None:
    """Two names joined by "et" or "ou" ("la République centrafricaine et du Mozambique", "au
    Niger et au Burkina Faso"), the first such pair, or None: the short answer to a plural "Quels
    pays ...?" that no enumeration of three answers. A name is capitalised words, "d'" or "de"
    inside it ("Côte d'Ivoire") and one lower-case adjective after its first word
    ("République centrafricaine"); the first keeps its article, not its preposition. A pair
    that holds a word of ``asked`` (the question's folded words) or a century ("XVIe et XVIIe")
    is what the question names, not what it asks for."""
    spans, folded = _folded_words(sentence)
    n = len(spans)

    def joined(i: int, j: int) -> bool:  # words i..j with nothing but spaces between them
        return all(not sentence[spans[k][1] : spans[k + 1][0]].strip() for k in range(i, j))

    def capital(i: int) -> bool:
        word = sentence[spans[i][0] : spans[i][1]]
        return word[:1].isupper() or (folded[i][:2] in ("l'", "d'") and word[2:3].isupper())

    for k in range(1, n - 1):
        if folded[k] not in ("et", "ou") or not joined(k - 1, k + 1):
            continue
        right = k + 1 + (folded[k + 1] in _PAIR_LEADS)
        if right >= n or not capital(right) or not joined(k, right):
            continue
        end = right
        while end + 1 < n and joined(end, end + 1) and (capital(end + 1) or (folded[end + 1] in ("d", "de") and end + 2 < n and capital(end + 2))):
            end += 1
        first = k - 1
        if not capital(first) and first > 0 and capital(first - 1) and joined(first - 1, first):
            first -= 1  # "République centrafricaine": a name and its adjective
        if not capital(first):
            continue
        # earlier words of the first name, "de" inside it when a capital stands before it ("Côte d'Ivoire")
        while first > 0 and joined(first - 1, first) and capital(first - 1 - (folded[first - 1] in ("d", "de"))):
            first -= 1
        if first > 0 and folded[first - 1] in _PAIR_ARTICLES and joined(first - 1, first):
            first -= 1
        held = [w.split("'")[-1] for w in folded[first : end + 1]]
        if any(w in asked or _ROMAN.fullmatch(w) for w in held if w not in _PAIR_LEADS and w not in ("et", "ou")):
            continue
        return spans[first][0], spans[end][1]
    return None


_ROMAN = lazyre.compile(r"[ivxlc]+(?:e|er|eme|ieme)s?")
# the question's noun, then two names it introduces ("les paquetages graphics ou graphicx")
_HEADED_PAIR = lazyre.compile(r"(?P<head>[^\W\d_]+)\s+(?P<pair>(?P<a>[^\s,;:.()«»]+)\s+(?:et|ou)\s+(?P<b>[^\s,;:()«»]+?))(?=[\s,;:.()]|$)")


def headed_pair(sentence: str, head: str | None) -> tuple[int, int] | None:
    """Two names that the question's head noun introduces in ``sentence``, joined by "et" or
    "ou" ("les paquetages graphics ou graphicx" for "Quels paquetages ...?"), or None. A name is
    a token no French word is (``is_french_word``)."""
    if head is None:
        return None
    for m in _HEADED_PAIR.finditer(sentence):
        if not _same_word(fold(m.group("head")), head):
            continue
        if all(not is_french_word(fold(m.group(k)).strip("\\")) and fold(m.group(k)) not in stopwords() for k in ("a", "b")):
            return m.span("pair")
    return None


# "Quel groupe paramilitaire ...?" of "le groupe paramilitaire Wagner": the name the question's
# noun, with the words the question sets after it, introduces in the sentence
_NAME_WORD = r"(?:[A-ZÀ-Þ]\.(?=\s+[A-ZÀ-Þ])|[A-ZÀ-Þ][\w’'-]*)"  # "William M. Jennings"
_INTRODUCED = lazyre.compile(rf"{_NAME_WORD}(?:\s+(?:(?:de|du|des|d['’]|la|le)\s*)?{_NAME_WORD}){{0,4}}")
_OF_NAME = frozenset(("de", "du"))  # (folded) the words that join a place's noun to its name ("d'" is glued to the name)
# (folded) the nouns of places, whose name the "de" after them gives: "la vallée du Viroin" is the Viroin
_PLACE_NOUNS = frozenset(
    "ville villes village villages region regions commune communes province provinces departement departements "
    "vallee vallees ile iles cite localite quartier quartiers volcan mont massif lac fleuve riviere port cercle "
    "prefecture wilaya canton district oasis desert plaine plateau baie golfe presqu'ile".split()
)
NOUN_ADJECTIVES = 2  # words of the question after its noun that may stand between it and the name


def named_by_noun(sentence: str, q) -> tuple[int, int] | None:
    """The capitalised name that follows the noun of a "Quel <nom> ...?" question ``q`` in
    ``sentence`` ("Wagner" out of "avec le groupe paramilitaire Wagner" for "Quel groupe
    paramilitaire a collaboré avec le Mali ?"), past at most ``NOUN_ADJECTIVES`` words the
    question also holds; None when there is none, or when the question names it itself."""
    head = q.asked_noun
    if head is None or len(head) < 4:
        return None
    asked = q.folded_words
    of_place = head in _PLACE_NOUNS
    found = list(_WORD.finditer(sentence))
    for i, w in enumerate(found):
        if not _same_word(fold(w.group()), head) or w.group()[:1].isupper():
            continue
        j = i + 1
        while j < len(found) and j - i - 1 < NOUN_ADJECTIVES and found[j].group()[:1].islower() and fold(found[j].group()) in asked - stopwords():
            j += 1
        if of_place and j < len(found) and fold(found[j].group()) in _OF_NAME and j + 1 < len(found) and found[j + 1].group()[:1].isupper():
            j += 1  # "la région de Nara", "le cercle du Gourma" (a battle, a treaty keep their noun: "la bataille de Poudlard")
        if j >= len(found) or sentence[found[j - 1].end() : found[j].start()].strip():
            continue  # punctuation between the noun and what follows: no name it introduces
        at = found[j].start()
        if of_place and sentence[at : at + 2] in ("d'", "d’") and sentence[at + 2 : at + 3].isupper():
            at += 2  # "la ville d'Agadez"
        m = _INTRODUCED.match(sentence, at)
        if m is None:
            continue
        name = sentence[m.start() : m.end()]
        if not set(FOLDED_RUN.findall(fold(name))) <= asked:
            return m.start(), m.end()
    return None


# "À qui ...?", "À quoi ...?": asked for what follows the question's verb and its "à"
_TO_WHOM = lazyre.compile(r"\W*(?:à|a)\s+(?:qui|quoi)\b", re.IGNORECASE)
_WHERE = lazyre.compile(r"\W*o[uù]\b", re.IGNORECASE)
# "Où demander la traduction ...?", "Où envoyer ...?": the infinitive is the question's verb
_WHERE_TO = lazyre.compile(r"\W*o[uù]\s+(?P<verb>[^\W\d_]{3,}(?:er|ir|re))\b", re.IGNORECASE)
_PLACE_LINKS = ("dans", "sur", "chez", "sous")  # ("à", "en" say when and how as often: "en 1613", "à s'inscrire")
_OF_WHAT = lazyre.compile(r"\W*de\s+(?:qui|quoi)\b", re.IGNORECASE)
_DATIVE_ENDS = frozenset("qui que qu dont mais car lorsque".split())
_NEW_PHRASE = frozenset("le la les l un une leur leurs son sa ses ce cet cette ces".split())
# the verb of a question that inverts its subject ("accuse-t-il", "accusait-il", "ont-ils été
# accusés", "est-il accusé"): a participle after an inverted auxiliary, else the inverted verb
_INVERTED = lazyre.compile(
    r"(?P<verb>[^\W\d_]+)-(?:t-)?(?:il|elle|ils|elles|on)\b(?:\s+(?:été\s+)?(?P<participle>[^\W\d_]+(?:é|ée|és|ées|is|ise|it|ite|u|ue|us|ues))\b)?",
    re.IGNORECASE,
)
_QUOTE_GAP = frozenset("«»“”\"")
DATIVE_WORDS = 12
OBJECT_WORDS = 3  # words of the object the question names, between its verb and "de"
_GERUND = (("ant", ("er", "re", "ir")),)  # "accusant" (accuser)


def dative(q, sentence: str, analyzer) -> tuple[int, int] | None:
    """For "À qui / À quoi ...?", the phrase after the sentence's word of the question followed by
    "à", "au" or "aux" ("Dans Debian, il est réservé à l'usage privé de l'administrateur système"
    for "À qui le répertoire /usr/local est-il réservé ?"), up to a clause's end; for "De qui /
    De quoi ...?", the same after "de", "du", "des" or "d'" ("l'accusant de mener des « activités
    hostiles à la transition »" for "De quoi le gouvernement malien accusait-il le représentant
    de la Cedeao ?"); or None."""
    if analyzer is None:
        return None
    keep = False  # the link starts the phrase
    verb: frozenset[str] = frozenset()
    inverted = _INVERTED.search(q.text)
    where_to = _WHERE_TO.match(q.text) if inverted is None else None
    if _TO_WHOM.match(q.text):
        links = ("à", "au", "aux")
    elif _OF_WHAT.match(q.text) and inverted is not None:
        links = ("de", "du", "des")
    elif _WHERE.match(q.text) and (inverted is not None or where_to is not None):
        links, keep = _PLACE_LINKS, True  # "Où ... ont-ils été formés ?": "dans l'ex-Union soviétique"
    else:
        return None
    if inverted is not None and not links[0] == "à":
        verb = frozenset(analyzer.terms(inverted.group("participle") or inverted.group("verb")))
    elif where_to is not None:  # "Où demander ...?": "demander sur debian-i18n", not "sur l'Internet"
        verb = frozenset(analyzer.terms(where_to.group("verb")))
    spans, folded = _folded_words(sentence)
    asked = frozenset(q.weights)
    reach = OBJECT_WORDS if links[0] == "de" else 0
    for i in range(len(spans) - 1):
        if not any(t in asked for t in analyzer.terms(sentence[spans[i][0] : spans[i][1]])):
            continue
        if verb and not verb.intersection(analyzer.terms(sentence[spans[i][0] : spans[i][1]])):
            continue  # "de", "dans" follow every other noun: only the question's own verb's
        word = folded[i].split("'")[-1]  # "l'accusant"
        # a gerund the question does not hold as it is ("accusant" for "accusait"; the noun
        # "représentant" of "le représentant de la Cedeao" is the question's own)
        gerund = made_from(word, _GERUND, is_french_word) and word not in q.folded.replace("'", " ").split()
        if not (verb_like(word) or _PARTICIPLE.search(word) or gerund or where_to is not None):
            continue  # "réservé à", "sert à", "confiée au", "accusant de": a verb's, not "machines à écrire"
        k = i + 1  # the link, maybe after the object the question names ("accuse la France de ...")
        while k < len(spans) and not sentence[spans[k - 1][1] : spans[k][0]].strip():
            raw = sentence[spans[k][0] : spans[k][1]].lower()
            elided = links[0] == "de" and raw[:2] in ("d'", "d’") and len(raw) > 2
            if raw in links or elided or k - i > reach:
                break
            if folded[k] not in _DETERMINERS and not any(t in asked for t in analyzer.terms(raw)):
                break
            k += 1
        else:
            continue
        raw = sentence[spans[k][0] : spans[k][1]].lower()
        elided = links[0] == "de" and raw[:2] in ("d'", "d’") and len(raw) > 2
        if (raw not in links and not elided) or sentence[spans[k - 1][1] : spans[k][0]].strip():
            continue
        i = k - 1
        first = i + 1 if keep or elided or raw in ("au", "aux", "du", "des") else i + 2
        if first >= len(spans):
            return None
        last = first
        for j in range(first + 1, min(len(spans), first + DATIVE_WORDS)):
            gap = sentence[spans[j - 1][1] : spans[j][0]].strip()
            if (gap and not set(gap.replace(" ", "")) <= _QUOTE_GAP) or folded[j] in _DATIVE_ENDS or (keep and folded[j] == "et"):
                break  # a quotation mark goes on ("des « activités hostiles »"), other marks end it
            if folded[j].split("'")[0] in _NEW_PHRASE and folded[j - 1] not in _LINKS and not (keep and j == first + 1):
                break  # "à l'USFSA le soin d'organiser ...": the object that follows is another phrase
            last = j
        while last > first and folded[last] in _TRAILING:
            last -= 1  # cut at the word limit after "et", "de": "... opérant au Sahel"
        start = spans[first][0] + (2 if elided else 0)
        if keep and last == first:
            return None  # the link alone
        return start, spans[last][1]
    return None


RELATIVE_WORDS = 8  # of the place named before "où", at most


def relative_where(q, sentence: str, analyzer) -> tuple[int, int] | None:
    """For "Où ...?", the noun phrase a sentence names just before "où" when the clause after it
    holds the question's words and the phrase none: "le Centre de traduction de Debian" of "...
    sont le Centre de traduction de Debian où l'on peut trouver certaines statistiques ..." for
    "Où trouver des statistiques ...?"; "un ensemble de répertoires" of "... un ensemble de
    répertoires où sont stockés les paquets". None when there is no such phrase."""
    if analyzer is None or not _WHERE.match(q.text):
        return None
    spans, folded = _folded_words(sentence)
    asked = frozenset(q.weights)

    def holds(k: int) -> bool:
        return any(t in asked for t in analyzer.terms(sentence[spans[k][0] : spans[k][1]]))

    for o, (a, b) in enumerate(spans):
        if o == 0 or sentence[a:b].lower() != "où":
            continue
        after = []
        for k in range(o + 1, len(spans)):
            if any(ch in _CLAUSE_OPEN or ch in ".;!?)" for ch in sentence[spans[k - 1][1] : spans[k][0]]):
                break
            after.append(k)
        first = None
        for j in range(o - 1, max(-1, o - 1 - RELATIVE_WORDS), -1):
            if sentence[spans[j][1] : spans[j + 1][0]].strip() or folded[j] in _AUXILIARIES or folded[j] in _BREAKS:
                break  # "sont", a comma: the phrase has begun after it ("Centre" may read as a verb)
            article = folded[j].split("'")[0]
            if article in _DETERMINERS and article not in ("des", "du") and (j == 0 or folded[j - 1] not in _LINKS):
                first = j  # its article ("le Centre de traduction des descriptions de Debian")
                break
        if first is None or sum(map(holds, after)) <= sum(holds(k) for k in range(first, o)):
            continue  # the clause after "où" must say more of what is asked than the place does
        return spans[first][0], spans[o - 1][1]
    return None


# Where a sentence says something lies: "Kati, située à 15 km de Bamako", "un village situé dans
# la région de Mopti", "localisé au nord de"
_LOCATED = lazyre.compile(
    r"\b(?:situ|localis|implant|install)(?:é|ée|és|ées)\s+(?P<where>(?:à|au|aux|en|dans|sur|sous|près|entre|non loin|au nord|au sud"
    r"|à l['’](?:est|ouest))\b[^,;:.!?()«»]*)",
    re.IGNORECASE,
)


def location(sentence: str, asked: frozenset[str] = frozenset()) -> tuple[int, int] | None:
    """The place a sentence says something lies in, after "situé(e)", "localisé(e)" ... ("à 15 km
    de Bamako"), or None: the short answer to "Où se trouve ...?". A place holding a word of
    ``asked`` (the question's folded words, stopwords aside) is the thing asked about, not where
    it is ("à Draria près d'Alger" for "Où se situe Draria ?")."""
    m = _LOCATED.search(sentence)
    if m is None:
        return None
    where = m.group("where")
    cut = _WHERE_ENDS.search(where, 0 if not where.lower().startswith("entre") else where.find(" et ") + 4)
    where = (where[: cut.start()] if cut else where).rstrip()
    held = set(FOLDED_RUN.findall(fold(where))) - stopwords()
    return None if held & asked else (m.start("where"), m.start("where") + len(where))


# "Où les autorités ont-elles gagné en popularité ?" of "Elles y ont certes gagné en popularité
# auprès des Maliens, en particulier dans les grandes villes": the place a preposition of place
# opens after the question's last word in the sentence
_WHERE_PHRASE = lazyre.compile(
    r"\b(?:(?P<prep>dans|sur|sous|chez|près\s+de|au|aux|à|en)\s+|près\s+d['’])(?P<rest>[^,;:.!?()«»]+)", re.IGNORECASE
)
_NOT_PLACE_AFTER = frozenset("sujet cause propos partir travers force raison leur leurs son sa ses d ce cet cette ces".split())
WHERE_WORDS = 6  # of the place phrase, at most
WHERE_REACH = 12  # words after the question's last word in the sentence where it may open


def where_phrase(q, sentence: str) -> tuple[int, int] | None:
    """For "Où ...?" (``q``), the phrase a preposition of place opens within ``WHERE_REACH`` words
    after the last of the question's content words the sentence holds ("dans les grandes villes"),
    cut at a clause word, holding none of the question's words and no figure; None otherwise."""
    asked = q.folded_words - stopwords()
    found = list(_WORD.finditer(sentence))
    held = [i for i, w in enumerate(found) if fold(w.group()) in asked]
    if not held:
        return None
    start = found[held[-1]].end()
    limit = found[min(held[-1] + WHERE_REACH, len(found) - 1)].end()
    at = start
    while (m := _WHERE_PHRASE.search(sentence, at, limit)) is not None:
        at = m.start("rest")  # a phrase passed over may hold the next one ("en particulier dans ...")
        rest = m.group("rest")
        cut = _WHERE_ENDS.search(" " + rest)
        rest = (rest[: max(cut.start() - 1, 0)] if cut else rest).rstrip()
        words = _WORD.findall(rest)
        if not words or len(words) > WHERE_WORDS or any(ch.isdigit() for ch in rest):
            continue
        first = fold(words[0])
        if first == "train" or (words[0][:1].islower() and first.endswith(("er", "ir", "re")) and is_french_word(first)):
            continue  # "à révéler le fait", "en train de descendre": a verb, not a place
        if fold(m.group("prep") or "") in ("a", "au", "aux", "en") and first.split("'")[0] in _NOT_PLACE_AFTER:
            continue  # "au sujet de", "à leur nom", "à d'étranges expériences"
        if set(FOLDED_RUN.findall(fold(rest))) & asked:
            continue
        return m.start(), m.start("rest") + len(rest)
    return None

# where the place ends: another clause or a second thing said of the subject ("située à 15 km de
# Bamako et lieu de résidence du président"), except the "et" of "entre X et Y"
_WHERE_ENDS = lazyre.compile(r"\s(?:et|qui|que|où|dont|depuis|lorsque|mais|avec)\s", re.IGNORECASE)


# A clause that says when something holds without a date: "si le nom complet comprend des
# caractères non ASCII", "lorsque ce paquet est installé", "dès que possible"
_CONDITION = lazyre.compile(r"\b(?:(?:si|lorsque|quand(?!\s+m[eê]me\b)|dès que)\s+|s['’](?=ils?\b)|lorsqu['’]|dès qu['’])[^,;:.!?()«»]+", re.IGNORECASE)


def condition(sentence: str) -> tuple[int, int] | None:
    """The span of the first clause of ``sentence`` that states a condition or a time without a
    date (``_CONDITION``), or None."""
    m = _CONDITION.search(sentence)
    return None if m is None else (m.start(), m.end() - (len(m.group()) - len(m.group().rstrip())))


# "Où se trouve le fichier sources.list ?": the path the sentence gives it ("/etc/apt/sources.list")
_FILE_ASKED = lazyre.compile(r"(?<![\w/.~-])([\w-]+\.[\w.-]*\w)(?![\w/])")
_PATH = lazyre.compile(r"(?<![\w])~?/[\w.+-]+(?:/[\w.+-]+)*/?")


def path_of(question: str, sentence: str) -> tuple[int, int] | None:
    """For a question asking where ("où", anywhere in it) that names a file ("sources.list",
    "smb.conf") or a path ("/var/lib/dpkg/status"), the path ``sentence`` gives: the named file's,
    else the first path the question does not itself name ("/var/lib/dpkg/status-old" for "Si
    le fichier /var/lib/dpkg/status est abîmé, où retrouver son ancienne version ?"); or None."""
    if _WHERE_WORD.search(question) is None:
        return None
    names = {m.group(1).casefold() for m in _FILE_ASKED.finditer(question)}
    named_paths = {m.group().rstrip("/") for m in _PATH.finditer(question)}
    if not names and not named_paths:
        return None
    found = list(_PATH.finditer(sentence))
    for m in found:
        if m.group().rstrip("/").rsplit("/", 1)[-1].casefold() in names and m.group().rstrip("/") not in named_paths:
            return m.span()
    if named_paths:
        for m in found:
            if m.group().rstrip("/") not in named_paths:
                return m.span()
    return None


_WHERE_WORD = lazyre.compile(r"(?<!\w)o[uù](?!\w)", re.IGNORECASE)


# "Quelle section / Quel chapitre ...?" of a manual: the part a sentence refers to ("Consultez
# Section 9.3.9, « Enregistrer les modifications ... »", "voir le chapitre 4", "Annexe A")
_ASKS_PART = lazyre.compile(r"\bquel(?:le)?s?\s+(?P<part>sections?|chapitres?|annexes?|parties?)\b", re.IGNORECASE)
_PART = lazyre.compile(r"\b(?:sections?|chapitres?|annexes?|parties?)\s+(?:[A-Z]\b|\d+)(?:\.\d+)*", re.IGNORECASE)


def part_referred(question: str, sentence: str) -> tuple[int, int] | None:
    """For a question asking which section, chapter, appendix or part, the first one of that
    kind ``sentence`` names with its number ("Section 9.3.9") that the question does not
    name; else None."""
    asked = _ASKS_PART.search(question)
    if asked is None:
        return None
    kind = fold(asked.group("part"))[:4]
    for m in _PART.finditer(sentence):
        if fold(m.group())[:4] == kind and fold(m.group()) not in fold(question):
            return m.start(), m.end()
    return None


def technical_tokens(text: str) -> list[str]:
    """The tokens of ``text`` that are technical by their form alone ("/etc/hosts",
    "dh_python2", "1.5-3"), in order, each once."""
    found = (m.group() for m in _TOKEN.finditer(text))
    return list(dict.fromkeys(t for t in found if _is_technical(t, named=False)))


def holds_token(text: str, token: str) -> bool:
    """Whether ``text`` holds ``token`` whole: "/etc/hosts" is not in "/etc/hosts.deny"."""
    return re.search(rf"(?<![\w./~#@+=-]){re.escape(token)}(?![\w/~#@+=-]|\.\w)", text) is not None


def said_for(q, sentence: str, analyzer, options: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Of several tokens technical by their form (paths, file names), the one the rest of its
    clause ties to the question: "le fichier /etc/dput pour la configuration globale et le
    fichier ~/.dput.cf pour la configuration par utilisateur" gives "~/.dput.cf" to "Dans quel
    fichier chaque utilisateur ...?". What follows each token up to the next one (or a full
    stop, a semicolon) is read for the question's terms that not every such stretch holds (the
    asked noun aside); when one stretch alone holds any, its token wins; otherwise None (the span
    model decides: in a table's row "F1 menu d'aide ... F10 quitter Midnight Commander", "aide"
    and the program's name both tell)."""
    ordered = sorted(o for o in options if _is_technical(sentence[o[0] : o[1]], named=False))
    if len(ordered) < 2 or len(ordered) < len(options):  # tokens technical by their form alone, all of them
        return None
    head = q.asked_noun  # "fichier" says what is asked, not which: it leads in every token
    kind = set(analyzer.terms(head)) if head else set()
    held = []
    for k, (a, b) in enumerate(ordered):
        end = ordered[k + 1][0] if k + 1 < len(ordered) else len(sentence)
        stop = re.search(r"[.;]\s", sentence[b:end])
        stretch = sentence[b : b + stop.start()] if stop else sentence[b:end]
        held.append({t for t in analyzer.terms(stretch) if t in q.weights and t not in kind})
    shared = set.intersection(*held)
    telling = [k for k, h in enumerate(held) if h - shared]
    return ordered[telling[0]] if len(telling) == 1 else None


def technical_choice(q, sentence: str, analyzer, options: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The technical token (``technical_options``) that answers: the one its clause ties to the
    question (``said_for``), else the one the span model scores best (``best_option``)."""
    return said_for(q, sentence, analyzer, options) or best_option(q, sentence, analyzer, options)


def best_option(q, sentence: str, analyzer, options: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The span among ``options`` (character spans of ``sentence``) that the span model scores
    best; the first when there is one option or no model; None when there is none."""
    m = model()
    if len(options) < 2 or m is None:
        return options[0] if options else None
    got = features(q, sentence, analyzer, prune=False)
    if got is None:
        return options[0]
    s, e, X = got
    spans = words(sentence)
    index = {(int(a), int(b)): k for k, (a, b) in enumerate(zip(s, e))}
    rows: list[int] = []  # the row of each option that is a run of words, else -1
    for a, b in options:
        inside = [k for k, (ws, we) in enumerate(spans) if ws >= a and we <= b]
        rows.append(index.get((inside[0], inside[-1]), -1) if inside else -1)
    scored = [k for k in rows if k >= 0]
    if not scored:
        return options[0]
    z = dict(zip(scored, m["raw"](X[scored]).tolist()))  # the trees score the options' rows alone
    best, best_z = options[0], None
    for option, k in zip(options, rows):
        if k >= 0 and (best_z is None or z[k] > best_z):
            best, best_z = option, z[k]
    return best


# A glossary line: a short term, often quoted, then a colon and what it does or means
# ("« qa » : démarre l'enregistrement des caractères ...", "-v, --verbose : affiche ...").
_GLOSSED = lazyre.compile(
    r"\s*(?:[«“]\s*(?P<quoted>[^«»“”]{1,40}?)\s*[»”]|(?P<term>[^\s:«»“”][^:«»“”.!?;]{0,38}?))\s*:\s+(?=\S)"
)
GLOSS_WORDS = 5
_GLOSS_TERM = lazyre.compile(r"(?=[^()]*[-_/.@=$\\~+0-9])[^\s()]+(?:,? [^\s()]+){0,2}")


def glossed(q, sentence: str, analyzer) -> tuple[int, int] | None:
    """For a "Quel(le) ...?" question, the term a glossary line gives (``_GLOSSED``) when the
    question's words are in what the line says of it, none of them in the term: "Quelle touche
    démarre l'enregistrement ... sous Vim ?" of "« qa » : démarre l'enregistrement des
    caractères entrés dans le registre appelé « a »." is "qa"; None otherwise."""
    m = _GLOSSED.match(sentence)
    if m is None or not _WHICH.search(q.text):
        return None
    group = "quoted" if m.group("quoted") is not None else "term"
    term = m.group(group)
    if len(term.split()) > GLOSS_WORDS or (group == "term" and not _GLOSS_TERM.fullmatch(term)):
        return None  # unquoted, only a command, an option or a key ("-v, --verbose"), not prose
    asked = frozenset(q.weights)
    if asked.intersection(analyzer.terms(term)):
        return None
    said = asked.intersection(analyzer.terms(sentence[m.end() :]))
    return m.span(group) if len(said) >= 2 else None


_WHICH = lazyre.compile(r"\bquel(?:le)?s?\b", re.IGNORECASE)
_CELL_SEPARATOR = " — "  # between a table row's cells (``cleaning``: HTML, Markdown and PDF tables)


def row_key(q, sentence: str, analyzer) -> tuple[int, int] | None:
    """For a question asking for a package, a command, a tool ... (``asks_technical``), the
    first cell of a table row whose other cells hold the question's words and the first none
    of them: "Quel outil organise la séquence de démarrage ...?" of "insserv — V:132, I:208 — 153 — outil pour organiser la séquence de démarrage ..."
    is "insserv", the row's name; None otherwise."""
    cut = sentence.find(_CELL_SEPARATOR)
    if cut <= 0 or sentence.count(_CELL_SEPARATOR) < 2 or (noun := technical_noun(q)) is None:
        return None  # (a timeline's row opens on its date: "Quel revers ...?" is not "Juillet 2024")
    asked = frozenset(q.weights)
    first = sentence[:cut]
    if len(first.split()) > GLOSS_WORDS or asked.intersection(analyzer.terms(first)):
        return None
    said = asked.intersection(analyzer.terms(sentence[cut:]))
    if len(said) < 2:
        return None
    if noun == "commande" and _MAN_PAGE.search(sentence, cut):
        return None  # "coreutils — ... — nice(1) : lancer un programme ...": the command is "nice"
    lead = len(first) - len(first.lstrip())
    return lead, len(first.rstrip())


_OF_NAME_AFTER = lazyre.compile(r"([^\W\d_]+)\s+(?:de\s+(?:la\s+)?|du\s+|des\s+|d['’]\s*)(?=[A-ZÀ-Þ])")
_HAPPENED = lazyre.compile(r"\bque\s+s['’]\s*est[- ]il\s+pass[ée]\b|\bqu['’]\s*est[- ]ce\s+qui\s+s['’]\s*est\s+pass[ée]\b", re.IGNORECASE)


def timeline_cell(q, sentence: str) -> tuple[int, int] | None:
    """For "Quel événement / Quel massacre ... en juin 2025 ?" or "Que s'est-il passé en juin
    2025 ?" of a timeline's row ("Juin 2025 — Création de l'Africa Corps — Reconnaissance ..."),
    whose first cell is the date the question names: the cell holding the question's noun
    ("Massacre d'Hombori" for "Quel massacre ...?"), else the cell after the date; None otherwise."""
    if sentence.count(_CELL_SEPARATOR) < 2:
        return None
    noun = q.asked_noun
    if noun is None and _HAPPENED.search(q.text) is None:
        return None
    cells, at = [], 0
    for part in sentence.split(_CELL_SEPARATOR):
        lead = len(part) - len(part.lstrip())
        cells.append((at + lead, at + len(part.rstrip())))
        at += len(part) + len(_CELL_SEPARATOR)
    asked = set(_WORD.findall(q.folded))
    first = _WORD.findall(fold(sentence[cells[0][0] : cells[0][1]]))
    if not first or not any(w.isdigit() for w in first) or not all(w in asked for w in first):
        return None  # the row is not the one of the date asked
    if noun is not None:
        for a, b in cells[1:]:
            if any(_same_word(w, noun) for w in _WORD.findall(fold(sentence[a:b]))):
                # "Massacre d'Hombori" for "Quel massacre ...?": the name, not the noun asked
                named = _OF_NAME_AFTER.match(sentence, a, b)
                if named is not None and _same_word(fold(named.group(1)), noun):
                    return named.end(), b
                return a, b
    a, b = cells[1]
    return (a, b) if b > a else None


def best_span(q, sentence: str, analyzer) -> tuple[int, int] | None:
    """Character offsets of the short answer inside ``sentence``, or None when the sentence
    itself is the answer (a reason or yes/no question, or no span the model trusts)."""
    m = model()
    if m is None or q.qtype in NO_SPAN_TYPES:
        return None
    got = features(q, sentence, analyzer)
    if got is None:
        return None
    s, e, X = got
    z = m["raw"](X)
    k = int(np.argmax(z))
    best = float(z[k]) if m["model"].get("link") == "identity" else logistic(float(z[k]))
    if best < m["threshold"]:
        return None
    spans = words(sentence)
    a, b = int(s[k]), int(e[k])
    # the model's window without a last word that opens what follows ("... la protection des")
    # nor a first "de" that ties it to the word before ("de l'Union soviétique" for "La Russie
    # est l'héritière de quel État ?"): PIAF dev unchanged (the model rarely ends so); fresh
    # questions on the seeds 26 -> 29 spans of 78 equal to the answer
    while b > a and fold(sentence[spans[b][0] : spans[b][1]]) in _TRAILING:
        b -= 1
    if b > a and fold(sentence[spans[a][0] : spans[a][1]]) in _OF:
        a += 1
    return spans[a][0], spans[b][1]


_OF = frozenset(("de", "du", "des"))


# "Qui ...?" answered by a group, a body or a country rather than a person: the subject of the
# sentence's clause ("Les autorités maliennes affirment toutefois avoir ... rétabli
# l'approvisionnement" for "Qui affirme avoir en partie rétabli l'approvisionnement ?"), or the
# agent of a passive ("un blocus de carburant imposé par des combattants liés à Al-Qaïda"). A noun
# phrase opens on a determiner or a capitalised name at the start of a clause (or after "par"),
# and runs to the first verb, clitic, relative pronoun or punctuation mark. There is no tagger
# here: a verb is an auxiliary, or a form whose infinitive is in the shipped word list
# ("dénoncent" -> "dénoncer"), looked for only past the phrase's first noun, where a noun's
# look-alike ("groupe") is not. Measured on PIAF dev (span F1 0.2997 -> 0.3021, EM 0.1260 ->
# 0.1288), then on PIAF test and the seeds (see the README's evaluation).
_DETERMINERS = frozenset(
    "le la les l un une des du ce cet cette ces son sa ses leur leurs plusieurs certains certaines".split()
)
_LINKS = frozenset("de du des d la le les l et ou a au aux en pour sur contre".split())
_AUXILIARIES = frozenset(
    """a ont est sont etait etaient avait avaient sera seront serait seraient aurait auraient fut
    furent eut eurent va vont fait font peut peuvent doit doivent semble semblent reste restent
    vient viennent prit prirent fit firent vint vinrent dit dirent mit mirent put purent devint
    devinrent apparait parait connait pourrait pourraient devrait devraient pourra pourront devra
    devront permet permettent permit met mettent""".split()
)
_BREAKS = frozenset("qui que qu dont ne n se s y lui".split())  # and "où" (folded as "ou", a link)
_CLAUSE_OPEN = set(",;:(«“\"—–")
SUBJECT_WORDS = 10
NEAR_VERB = 2  # a subject this close to the question's words (its verb between) is the one asked for
AGENT_REACH = 3  # a passive's participle follows a question word by at most this many words


def verb_like(word: str) -> bool:
    """A folded word that reads as a conjugated verb: an auxiliary, or a present or imperfect
    third person whose infinitive is a French word ("affirment", "dénonce", "réclamait")."""
    if word in _AUXILIARIES:
        return True
    return made_from(word, _CONJUGATED, is_french_word)


# A conjugated ending and the infinitive endings it may come from
_CONJUGATED = (
    ("iennent", ("enir",)), ("issent", ("ir",)), ("aient", ("er",)), ("erent", ("er",)), ("irent", ("ir",)),
    ("ent", ("er", "re", "ir")), ("rait", ("r", "re")), ("raient", ("r", "re")), ("ront", ("r", "re")),
    ("ait", ("er",)), ("e", ("er",)), ("a", ("er",)), ("ra", ("r", "re")),
)


def has_verb(sentence: str) -> bool:
    """Whether a word of ``sentence`` past its first reads as a conjugated verb (``verb_like``;
    the first is often a noun's look-alike: "Base de données Acled.")."""
    return any(verb_like(fold(sentence[a:b])) for a, b in words(sentence)[1:])


def _folded_words(sentence: str) -> tuple[list[tuple[int, int]], list[str]]:
    """The character spans of ``sentence``'s words and the words folded (``analysis.fold``)."""
    spans = words(sentence)
    return spans, [fold(sentence[a:b]) for a, b in spans]


def subjects(sentence: str, found: tuple[list[tuple[int, int]], list[str]] | None = None) -> list[tuple[int, int]]:
    """The word ranges (first, last, inclusive) of the noun phrases that open a clause of
    ``sentence`` (see above), in order; ``found`` is its ``_folded_words`` when known."""
    spans, folded = found or _folded_words(sentence)
    out: list[tuple[int, int]] = []
    for i, (a, _) in enumerate(spans):
        before = sentence[spans[i - 1][1] : a] if i else sentence[:a]
        if i == 0 or any(ch in _CLAUSE_OPEN for ch in before):
            phrase = _phrase(sentence, spans, folded, i)
            if phrase is not None:
                out.append(phrase)
    return out


def agents(sentence: str, found: tuple[list[tuple[int, int]], list[str]] | None = None) -> list[tuple[int, int, int]]:
    """The passive agents of ``sentence``: (participle, first, last) word numbers of each noun
    phrase after "par" that follows a past participle ("un blocus ... imposé par des combattants
    liés à Al-Qaïda"); ``found`` as for ``subjects``."""
    spans, folded = found or _folded_words(sentence)
    out = []
    for j in range(1, len(spans) - 1):
        if folded[j] == "par" and _PARTICIPLE.search(folded[j - 1]):
            phrase = _phrase(sentence, spans, folded, j + 1)
            if phrase is not None:
                out.append((j - 1, *phrase))
    for j in range(len(spans) - 3):
        # the same said with a noun: "sous contrôle du ministère russe de la Défense", "sous la
        # direction de Moscou", "sous l'égide de l'ONU" (the noun stands where the participle does)
        if folded[j] != "sous":
            continue
        n = j + 2 if folded[j + 1] in ("le", "la", "les") else j + 1
        if n + 2 >= len(spans) or any(sentence[spans[k][1] : spans[k + 1][0]].strip() for k in range(j, n + 1)):
            continue
        link = folded[n + 1]
        if link == "de" and (phrase := _phrase(sentence, spans, folded, n + 2)) is not None:
            out.append((n, *phrase))
        elif link in ("du", "des") and (phrase := _phrase(sentence, spans, folded, n + 2, opened=True)) is not None:
            out.append((n, *phrase))
    return out


_DATED = lazyre.compile(
    r"\d|^(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|siecle|annee|an)s?$"
)
_PARTICIPLE = lazyre.compile(r"(?:e|ee|es|ees|i|ie|is|ies|u|ue|us|ues|it|ite|its|ites)$")


def _phrase(sentence: str, spans, folded: list[str], i: int, opened: bool = False) -> tuple[int, int] | None:
    """The noun phrase that opens at word ``i`` (a determiner or a capitalised word), as
    (first, last) word numbers, or None; ``opened``: its determiner is the word before, merged
    with a preposition ("du ministère", "des combattants"), and word ``i`` is its noun."""
    first = folded[i].split("'")[0]
    # a capitalised word opens a name ("Moscou", "Human Rights Watch"), not an adverb or a
    # pronoun ("Alors", "Il", "Trois jours plus tard")
    opens = first in _DETERMINERS or (
        sentence[spans[i][0]].isupper() and "'" not in folded[i] and first not in _LINKS and not is_french_word(first)
    )
    if opened:
        opens = first not in _LINKS and first not in _BREAKS and not verb_like(first)
    if not opens:
        return None
    last, head = i, i if first not in _DETERMINERS or "'" in folded[i] else None
    for j in range(i + 1, min(len(spans), i + SUBJECT_WORDS)):
        gap = sentence[spans[j - 1][1] : spans[j][0]]
        w = folded[j]
        raw = sentence[spans[j][0] : spans[j][1]].lower()
        verb = raw != "à" and verb_like(w)  # "à" folds to the auxiliary "a"
        if raw == "où":
            break
        pronoun = w in ("leur", "leurs") and folded[j - 1] not in _LINKS  # "... de Jigsaw leur indique"
        if gap.strip() or pronoun or w.split("'")[0] in _BREAKS or (head is not None and folded[j - 1] not in _LINKS and verb):
            break
        if w not in _LINKS:
            head = j if head is None else head
            last = j
    if head is None or any(_DATED.search(w) for w in folded[i : last + 1]):
        return None  # "Le 5 septembre 1792", "Fin 2009": when, not who
    return i, last


# who a named person is ("Qui est Issa Kaou Djim ?") or who holds a role ("Qui est le chef du
# GSIM ?", "Qui était l'ambassadeur ...?"): a person's name is asked, not who does something
_AGENT = lazyre.compile(
    r"(?:^|[,:]\s*)qui\s+(?!(?:est|etait|était|sont|etaient|étaient|fut)\s+(?:[^\W\d_]*[A-Z]|(?:le|la|les|l['’]|un|une)\b))",
    re.IGNORECASE,
)


# A question in the passive ("Qui a été arrêté ?", "Qui est soutenu par Moscou ?") asks for the
# subject of the sentence's passive, not its agent
_PASSIVE_QUESTION = lazyre.compile(
    r"\bqui\s+(?:a|ont|avait|avaient|aura|auront|aurait)\s+(?:[^\W\d_]+\s+)?été\b"
    r"|\bqui\s+(?:est|sont|était|étaient|fut|furent|sera|seront|serait)\s+(?:[^\W\d_]+\s+)?[^\W\d_]+(?:é|ée|és|ées|i|ie|is|ies|u|ue|us|ues|it|ite|its|ites)\b",
    re.IGNORECASE,
)


# "Qu'est-ce qui bloque le port de Marseille ?", "Qui est-ce qui ...?": what does what was asked
_WHAT_DOES = lazyre.compile(r"(?:^|[,:]\s*)(?:qu['’]\s*est[- ]?ce|qui\s+est[- ]?ce)\s+qui\b", re.IGNORECASE)


def _enumerated(sentence: str, found, opening: list[tuple[int, int]], first: int, last: int) -> int:
    """The first word of the subject whose last items are words ``first``..``last``: "la France et
    l'Union européenne" is the end of "Les États-Unis, la France et l'Union européenne ont
    exprimé ...", whose commas open each item as they open a clause. Items before it are taken
    while each ends on a comma just before the next; only a phrase joined by "et"/"ou" ends one."""
    spans, folded = found
    if not any(w in ("et", "ou") for w in folded[first : last + 1]):
        return first
    ends = {b: a for a, b in opening}
    while first and sentence[spans[first - 1][1] : spans[first][0]].strip() == "," and first - 1 in ends:
        first = ends[first - 1]
    return first


def asks_agent(q) -> bool:
    """A "Qui ...?" question that asks who does something ("Qui affirme ...", "Selon X, qui
    serait derrière ...?"), not who a named person is or who holds a role (``_AGENT``); or a
    "Qu'est-ce qui ...?" question, which asks what does it (``_WHAT_DOES``)."""
    text = q.text.strip()
    if _WHAT_DOES.search(text):
        return q.qtype not in NO_SPAN_TYPES
    return q.qtype == "person" and _AGENT.search(text) is not None


# "Qui regrette le ton belliqueux ...?" of "Moussa Mara, homme politique et ancien Premier ministre,
# regrette « le ton belliqueux ... »": the name right before the question's verb, past an
# apposition between commas
_WHO_VERB = lazyre.compile(r"^\W*qui\s+(?P<verb>[^\W\d_]{3,})\b", re.IGNORECASE)
_NOT_VERBS = frozenset("est etait sont etaient fut furent sera serait peut pourrait doit devait".split())
_PERSON_BEFORE = lazyre.compile(
    r"(?P<name>[A-ZÀ-Þ][\w’'-]+(?:\s+(?:(?:de|d['’]|van|von|le|la|al|ben|ibn)\s*)?[A-ZÀ-Þ][\w’'-]+){0,3})\s*$"
)
APPOSITION_WORDS = 12  # of the apposition between the name and its verb, at most


def named_subject(q, sentence: str) -> tuple[int, int] | None:
    """For "Qui <verbe> ...?" (``q``), the capitalised name standing right before that verb in
    ``sentence`` (past a short bracket: "Aizhang (哀章) dépose"), or before an apposition set between
    commas just before it ("Moussa Mara, homme politique et ancien Premier ministre, regrette
    ..."); a name of one word is no French word ("Beurk engagea"). None otherwise, or when the
    question names it itself."""
    m = _WHO_VERB.match(q.text)
    if m is None or fold(m.group("verb")) in _NOT_VERBS:
        return None
    verb = fold(m.group("verb"))
    asked = q.folded_words
    for w in _WORD.finditer(sentence):
        if fold(w.group()) != verb:
            continue
        left = sentence[: w.start()].rstrip()
        opened = left.rfind("(")
        if left.endswith(")") and opened >= len(left) - BRACKET_REACH:
            left = left[:opened].rstrip()  # "un nommé Aizhang (哀章) dépose"
        if left.endswith(","):  # an apposition: back to the comma that opens it
            opening = left.rfind(",", 0, len(left) - 1)
            if opening < 0 or len(_WORD.findall(left[opening + 1 : -1])) > APPOSITION_WORDS:
                continue
            left = left[:opening].rstrip()
        name = _PERSON_BEFORE.search(left)
        if name is not None and _new_name(name.group("name"), asked):
            return name.span("name")
    return None


def _new_name(name: str, asked: frozenset[str]) -> bool:
    """Whether ``name`` is a name the question (its folded words ``asked``) does not hold: not
    only its words, nor one French word ("Le peuple", "Finalement" are no names)."""
    if set(FOLDED_RUN.findall(fold(name))) <= asked:
        return False
    return " " in name or not is_french_word(fold(name))


# "Qui a fondé l'Ordre du Phénix ?", "Par qui a été construit le radar ...?", "Qui dirigea ...?":
# the question's verb (its participle after an auxiliary), found in the sentence by its first
# letters, and the name after "par" when the sentence says it in the passive ("fondé par
# Dumbledore", "construit par Marconi"). (The name right before the verb as well, "Anquetil prend
# le maillot jaune", was tried: PIAF dev span F1 +2 -2 questions, not kept.)
_WHO_DOES = lazyre.compile(
    r"^\W*(?P<by>par\s+)?qui\s+(?:(?:ne|n['’]|se|s['’])\s*)?"
    r"(?:(?:a|ont|avait|avaient|aura|eut|est|sont|était|etait|étaient|fut|furent)\s+(?:été\s+|ete\s+)?)?"
    r"(?P<verb>[^\W\d_]{4,})\b",
    re.IGNORECASE,
)
_BY_NAME = lazyre.compile(
    r"\s+(?:[^\W\d_]+\s+)?par\s+(?:(?:le|la|les|l['’]|un|une)\s*)?(?:[a-zà-ÿ]+\s+)?"
    r"(?P<name>{name}(?:(?:\s*,\s*|\s+et\s+){name})*)".format(
        name=r"[A-ZÀ-Þ][\w’'-]+(?:\s+(?:[A-ZÀ-Þ]\.\s*){0,3}(?:(?:de|d['’]|van|von|le|la|al|ben|ibn)\s*)?[A-ZÀ-Þ][\w’'-]+){0,3}"
    )  # "dirigé par Christophe Musset et Pierre-Paul Castelli": both; "par Donald E. Knuth": whole
)
_AGENT_PREFIX = 5  # letters of the question's verb a sentence's form must open on ("fondé" -> "fonde")


def verb_agent(q, sentence: str) -> tuple[int, int] | None:
    """For "Qui <verbe> ...?" or "Qui a <participe> ...?" (``q``), the name that does the
    question's verb in ``sentence`` in the passive, after "par"; a one-word name is no French
    word. None when the verb is not there, no name follows it so, or the question names it."""
    m = _WHO_DOES.match(q.text)
    if m is None or (_PASSIVE_QUESTION.search(q.text) and not m.group("by")):
        return None  # "Qui a été arrêté ?" asks for the passive's subject
    verb = fold(m.group("verb"))
    if verb in _NOT_VERBS or len(verb) < _AGENT_PREFIX:
        return None
    prefix = verb[:_AGENT_PREFIX]
    asked = q.folded_words
    for w in _WORD.finditer(sentence):
        if not fold(w.group()).startswith(prefix):
            continue
        by = _BY_NAME.match(sentence, w.end())
        if by is None:
            continue
        if _new_name(by.group("name"), asked):
            return by.span("name")
    return None


# "Qu'est-ce qui connaît une nouvelle phase de développement ?" of "Le budget royal et les
# impositions connaissent une nouvelle phase de développement ...": what stands before the
# question's verb in its clause, the verb found by its first letters (irregular forms:
# "connaît", "connaissent"), its auxiliary and clitics left out
_WHAT_VERB = lazyre.compile(
    r"^\W*qu['’]?\s*est[- ]?ce\s+qui\s+(?:(?:ne|n['’]|se|s['’]|y|en|lui|leur)\s*)*"
    r"(?:(?:est|sont|était|étaient|fut|furent|a|ont|avait|avaient|va|vont|peut|peuvent|pourrait|doit|doivent|fait|font|permet|permettent|semble|sera|seront|serait)\s+)*"
    r"(?P<verb>[^\W\d_]{4,})",
    re.IGNORECASE,
)
_VERB_PREFIX = 5
_BEFORE_VERB = frozenset(
    "ne n se s y en lui leur est sont etait etaient fut furent a ont avait avaient va vont peut peuvent pourrait "
    "doit doivent fait font sera seront serait qui aussi ainsi donc toujours deja encore bien pas plus jamais "
    "souvent parfois meme alors enfin peu tres trop".split()
)
_PRESENTED = lazyre.compile(r"(?:il\s+y\s+a(?:vait)?|c['’]est|ce\s+sont|voici|voilà)\s+", re.IGNORECASE)
WHAT_SUBJECT_WORDS = 10
_PRONOUNS = frozenset("ce c cela ceci il elle ils elles on celui celle ceux celles".split())


def what_subject(question: str, sentence: str) -> tuple[int, int] | None:
    """For "Qu'est-ce qui <verbe> ...?", the words before that verb in its clause of ``sentence``
    (from the clause's start: the sentence's, or a comma, colon or semicolon), at most
    ``WHAT_SUBJECT_WORDS``; None when the verb is not there or nothing stands before it."""
    m = _WHAT_VERB.match(question)
    if m is None:
        return None
    prefix = fold(m.group("verb"))[:_VERB_PREFIX]
    asked = set(FOLDED_RUN.findall(fold(question[m.end() :]))) - stopwords()
    found = list(_WORD.finditer(sentence))
    for k, w in enumerate(found):
        if k == 0 or not fold(w.group()).startswith(prefix):
            continue
        j = k
        while j > 0 and (fold(found[j - 1].group()).split("'")[0].split("’")[0] in _BEFORE_VERB
                         or fold(found[j - 1].group()).endswith("ment")):  # "a fortement ralenti"
            j -= 1
        if j == 0:
            return None
        end = found[j - 1].end()
        if "," in sentence[end : found[j].start()]:  # "Ce blocage, entamé il y a deux mois, a ralenti"
            opening = sentence.rfind(",", 0, end)
            if opening <= 0 or len(_WORD.findall(sentence, opening, end)) > APPOSITION_WORDS:
                return None
            end = len(sentence[:opening].rstrip())
        if sentence[end:].lstrip()[:1] == ")" or sentence[:end].rstrip().endswith(")"):
            end = sentence.rfind("(", 0, end)  # "Sa qualité environnementale (pollution, ...) reste"
            end = len(sentence[:end].rstrip()) if end > 0 else 0
        start = max(sentence.rfind(ch, 0, end) for ch in ",;:(") + 1
        start += len(sentence[start:end]) - len(sentence[start:end].lstrip())
        if (shown := _PRESENTED.match(sentence, start, end)) is not None:
            start = shown.end()  # "il y a un restaurant ... qui se trouve": the restaurant
        words = [fold(w) for w in _WORD.findall(sentence[start:end])]
        if not words or len(words) > WHAT_SUBJECT_WORDS or (len(words) == 1 and words[0] in _PRONOUNS):
            return None
        if (set(words) - stopwords()) & asked:
            return None  # the question's own words ("la marge de manœuvre ... réduite"): not what it asks
        return start, end
    return None


def subject_span(q, sentence: str, analyzer) -> tuple[int, int] | None:
    """For a "Qui ...?" question whose sentence names no person, the character span of the noun
    phrase opening the clause that leads to the question's words (the nearest such phrase before
    the first of them that follows it); None when there is none."""
    found = _folded_words(sentence)
    spans = found[0]
    if not spans:
        return None
    asked = frozenset(q.weights)
    matched = [i for i, (a, b) in enumerate(spans) if any(t in asked for t in analyzer.terms(sentence[a:b]))]
    found_agents = agents(sentence, found)
    if not _PASSIVE_QUESTION.search(q.text):
        for participle, first, last in found_agents:
            # "Qui supervise le Corps africain ?" of "Ce nouveau dispositif ... est directement
            # supervisé par le ministère russe de la Défense": the question's own verb made
            # passive, its agent is who does it, not the clause's subject
            if participle in matched and not any(first <= m <= last for m in matched):
                return spans[first][0], spans[last][1]
    best: tuple[int, int, int] | None = None
    opening = subjects(sentence, found)
    for first, last in opening:
        if any(first <= m <= last for m in matched):
            continue  # the question's own words: not what it asks
        after = [m for m in matched if m > last]
        if after and (best is None or after[0] - last < best[0]):
            best = (after[0] - last, first, last)
    if best is not None:
        best = (best[0], _enumerated(sentence, found, opening, best[1], best[2]), best[2])
    if best is not None and best[0] <= NEAR_VERB:
        return spans[best[1]][0], spans[best[2]][1]  # "le Procureur ... a annoncé": it does what was asked
    for participle, first, last in found_agents:
        if any(participle - AGENT_REACH <= m < participle for m in matched) and not any(first <= m <= last for m in matched):
            return spans[first][0], spans[last][1]  # "un blocus de carburant imposé par ..."
    return None if best is None else (spans[best[1]][0], spans[best[2]][1])
