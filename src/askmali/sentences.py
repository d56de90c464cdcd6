"""French sentence splitting.

A regular expression finds the few places where a sentence *could* end (``.``, ``!``, ``?``,
``…``, optionally followed by closing quotes); each candidate is then accepted or rejected with
French rules and, when trained, with the parameters nltk's Punkt learns from the corpus itself
(abbreviations it discovers and the orthographic context of words). Punkt is only used to learn
those parameters: deciding at a handful of candidates per passage is much faster than running
Punkt's tokenizer, which matters when 100,000 passages are split while building an index.

Rules, in order, at a period followed by a space and the next word:
- the next word starts with a lowercase letter: no boundary ("9 févr. 2023", "etc. et");
- the word before is a title or reference abbreviation ("M.", "Mme", "art.", "n°", "cf."), a single
  letter (an initial: "E. Macron") or a section number at the start ("II. La brouille"): no boundary;
- the word before is another abbreviation ("etc.", "févr.", "op. cit.", or one Punkt learnt): a
  boundary only if the next word usually starts sentences (a French function word, a sentence
  starter Punkt learnt, or Punkt's orthographic heuristic: seen lowercase, never capitalised
  mid-sentence);
- otherwise a boundary.
A period glued to a capitalised word after a lowercase letter ("mots.Le 7 novembre") is a boundary;
decimal numbers ("148,5", "4 500") never contain a candidate. A newline is always a boundary.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

# Never end a sentence: titles and reference abbreviations, usually followed by a name or number.
TITLE_ABBREVIATIONS = frozenset(
    "m mm mme mmes mlle mlles me mgr dr pr st ste n° nº no nos art arts cf p pp vol chap fig "
    "av apr j.-c ap réf éd coll sq".split()
)
# May end a sentence when the next word is a usual sentence opener.
OTHER_ABBREVIATIONS = frozenset(
    "etc env cit op ibid id éd ex t hab max min resp trad dir cie suiv janv févr fév avr juil "
    "sept oct nov déc av.-j.-c".split()
)
# Words that open French sentences, used when no trained orthographic context is available.
_STARTERS = frozenset(
    "le la les l un une il ils elle elles on ce c cette ces cet en dans mais et de des du d au aux "
    "pour par selon depuis après avant si nous vous je j leur leurs son sa ses à a cela ainsi "
    "alors enfin puis toutefois pourtant cependant néanmoins lors quand comme or donc sur entre "
    "plusieurs certains certaines tous toutes pendant malgré face".split()
)

# Punkt's orthographic flags (nltk.tokenize.punkt._ORTHO_*), copied so that splitting never
# imports nltk.
_ORTHO_MID_UC = 1 << 2
_ORTHO_LC = (1 << 4) | (1 << 5) | (1 << 6)

_CANDIDATE = re.compile(r"[.!?…]+(?:[»”\"'’)\]]|[ \u00a0\u202f][»”])*")
# The marks a word may open on (quotes, brackets, apostrophes, dashes), stripped from the word
# before a period; a sentence may open on them, or on "¿", "¡". More than the pairs of
# ``query.QUOTE_PAIRS`` and ``spans._BRACKET_PAIRS``: a dialogue dash or an apostrophe opens
# with no closing half
_STRIP_OPEN = "«“\"'‘([—–-"
_OPENERS = _STRIP_OPEN + "¿¡"
_NUMBERING = re.compile(r"(?:[IVXLCDM]+|\d{1,3}|[A-Za-z])")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


class SentenceSplitter:
    """Splits French text into sentence spans.

    ``SentenceSplitter()`` works untrained with built-in French rules; ``train`` adds the
    abbreviations and orthographic context Punkt learns from a corpus. Parameters are plain
    sets and a dict, so a splitter is cheap to copy and never needs nltk after training.
    """

    def __init__(
        self,
        abbreviations: Iterable[str] = (),
        ortho_context: dict[str, int] | None = None,
        sentence_starters: Iterable[str] = (),
    ) -> None:
        self.abbreviations = frozenset(a.lower() for a in abbreviations) | OTHER_ABBREVIATIONS
        self.ortho_context = dict(ortho_context or {})
        self.sentence_starters = frozenset(s.lower() for s in sentence_starters) | _STARTERS

    @classmethod
    def train(cls, texts: Iterable[str], *, max_chars: int = 1_000_000) -> "SentenceSplitter":
        """Learn Punkt parameters from ``texts`` (at most ``max_chars`` characters of them).

        nltk is imported here only: it costs about two seconds and is needed to build an
        index, never to answer a question. The seed abbreviations are added to what Punkt finds.
        """
        from nltk.tokenize.punkt import PunktTrainer  # heavy; build time only

        trainer = PunktTrainer()
        budget = max_chars
        batch: list[str] = []
        size = 0
        for text in texts:
            if budget <= 0:
                break
            piece = text[:budget]
            batch.append(piece)
            budget -= len(piece)
            size += len(piece)
            if size > 200_000:  # train in batches: one huge string would double the memory
                trainer.train("\n\n".join(batch), finalize=False)
                batch, size = [], 0
        if batch:
            trainer.train("\n\n".join(batch), finalize=False)
        trainer.finalize_training()
        params = trainer.get_params()
        learned = {a for a in params.abbrev_types if not any(ch.isdigit() for ch in a)}
        return cls(
            abbreviations=learned | TITLE_ABBREVIATIONS,
            ortho_context=dict(params.ortho_context),
            sentence_starters=params.sent_starters,
        )

    @classmethod
    def french(cls) -> "SentenceSplitter":
        """The splitter an index is built with: the rules plus the Punkt parameters shipped in
        ``data/sentences_fr.json`` (``scripts/train_sentences.py``), the same whatever the
        corpus, so a file is split alike whichever files are indexed with it."""
        return cls.from_json(_shipped())

    @classmethod
    def from_json(cls, data: dict) -> "SentenceSplitter":
        """A splitter from ``learned_json``'s output."""
        return cls(
            abbreviations=set(data.get("abbreviations", ())) | TITLE_ABBREVIATIONS,
            ortho_context={str(k): int(v) for k, v in data.get("ortho_context", {}).items()},
            sentence_starters=data.get("sentence_starters", ()),
        )

    def learned_json(self) -> dict:
        """What training added to the built-in rules, as JSON (sorted: a stable file);
        ``from_json`` makes a splitter that splits every text as this one does."""
        return {
            "abbreviations": sorted(self.abbreviations - OTHER_ABBREVIATIONS - TITLE_ABBREVIATIONS),
            "sentence_starters": sorted(self.sentence_starters - _STARTERS),
            # only the words it lets start a sentence after an abbreviation (_starts_sentence,
            # its one use): the splitter decides the same, from a file a fifth of the size
            "ortho_context": dict(sorted((w, f) for w, f in self.ortho_context.items() if _may_start(f))),
        }

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Character spans ``(start, end)`` of the sentences of ``text``, end exclusive.

        Spans are stripped of surrounding whitespace and cover every non-space character.
        """
        out: list[tuple[int, int]] = []
        if "\n" not in text:
            self._line_spans(text, 0, len(text), out)
            return out
        start = 0
        for m in re.finditer("\n", text):
            self._line_spans(text, start, m.start(), out)
            start = m.end()
        self._line_spans(text, start, len(text), out)
        return out

    def split(self, text: str) -> list[str]:
        """The sentences of ``text`` as strings."""
        return [text[a:b] for a, b in self.spans(text)]

    # -- internals -------------------------------------------------------------------------

    def _line_spans(self, text: str, lo: int, hi: int, out: list[tuple[int, int]]) -> None:
        start = lo
        for m in _CANDIDATE.finditer(text, lo, hi):
            end = m.end()
            if end >= hi:
                break
            nxt = end
            while nxt < hi and text[nxt].isspace():
                nxt += 1
            if nxt >= hi:
                break
            if self._is_boundary(text, lo, start, m.start(), m.group(), end, nxt, hi):
                _push(text, start, end, out)
                start = nxt
        _push(text, start, hi, out)

    def _is_boundary(
        self, text: str, lo: int, start: int, a: int, punct: str, end: int, nxt: int, hi: int
    ) -> bool:
        nc = text[nxt]
        glued = nxt == end
        if glued:
            # "mots.Le", "militaires…Le": a lowercase letter, the mark, then a capitalised word.
            before = text[a - 1] if a > lo else ""
            after = text[nxt + 1] if nxt + 1 < hi else ""
            if not (nc.isupper() and (after.islower() or after in "'’") and before):
                return False
            if not (before.islower() or before in "»”\")"):
                return False
        elif not (nc.isupper() or nc.isdigit() or nc in _OPENERS):
            return False
        if "." not in punct or "..." in punct or "…" in punct:
            return True
        k = a
        while k > start and not text[k - 1].isspace():
            k -= 1
        token = text[k:a].lstrip(_STRIP_OPEN).lower()
        token = token[max(token.rfind("'"), token.rfind("’")) + 1 :]  # "l'art." -> "art"
        if not token:
            return True
        if token in TITLE_ABBREVIATIONS:
            return False
        if len(token) == 1 and token.isalpha():
            return False  # an initial: "E. Macron"
        if k == start and _NUMBERING.fullmatch(text[k:a]):
            return False  # "II. La brouille", "1. Introduction"
        if token in self.abbreviations or (len(token) > 2 and "." in token[:-1]):
            if glued:
                return False
            return self._starts_sentence(text, nxt, hi)
        return True

    def _starts_sentence(self, text: str, nxt: int, hi: int) -> bool:
        m = _WORD.match(text, nxt, hi)
        if not m:
            return False
        word = m.group().lower()
        if word in self.sentence_starters:
            return True
        return _may_start(self.ortho_context.get(word, 0))


def _may_start(ctx: int) -> bool:
    """Punkt's orthographic heuristic: a word seen lowercase and never capitalised mid-sentence
    is taken to start a sentence when it comes capitalised after an abbreviation."""
    return bool(ctx & _ORTHO_LC) and not ctx & _ORTHO_MID_UC


@lru_cache(maxsize=1)
def _shipped() -> dict:
    return json.loads((Path(__file__).parent / "data" / "sentences_fr.json").read_text(encoding="utf-8"))


def _push(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        out.append((start, end))
