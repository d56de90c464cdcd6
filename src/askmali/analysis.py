"""French text analysis: accent folding, word tokens, stopwords and Snowball stems.

One ``Analyzer`` turns text into the terms that BM25 indexes (``terms``) and the terms a
question is searched with (``query_terms``). ``fold`` is also the preprocessor of the
character n-gram TF-IDF, so both signals see the same folded text.

Query-time cost matters (a question is answered by a fresh process), so this module imports
only the standard library and PyStemmer. Build-time cost matters too (100k passages), so
folding works per distinct character, and ``terms`` memoises whitespace chunk -> terms and
token -> term: most of a corpus is words already seen.

Tokenisation rules (all applied to folded text):

- Elisions are stripped: ``l'armee`` -> ``armee``, ``jusqu'a`` -> ``a`` (see ``ELISIONS``).
- Numbers are terms and are never stemmed. Digits grouped by a space, no-break space or
  narrow no-break space are one number (``4 500`` -> ``4500``, so ``12 300`` too: French
  typography writes thousands that way). A decimal part stays as written (``148,5``).
- A hyphenated or apostrophe-joined compound yields the joined whole and then its parts
  (``anti-coloniale`` -> ``anticoloniale``, ``anti``, ``coloniale``), so it is found whole and
  by its parts. The whole is not emitted for verb-pronoun inversions and particles
  (``a-t-il``, ``est-ce``, ``celles-ci``, ``lui-meme``) nor for number ranges (``2012-2013``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from itertools import chain
from pathlib import Path

import Stemmer

from . import lazyre

ANALYZER_VERSION = "askmali-fr/1"
_MEMO_LIMIT = 2_000_000  # entries per memo before it is reset (bounds memory on huge corpora)
STEMMER_NAME = "snowball-french"

_APOSTROPHES = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "\u2032": "'"}
_HYPHENS = {"\u2010": "-", "\u2011": "-"}
_LIGATURES = {"\u0153": "oe", "\u00e6": "ae"}  # casefold has already lowered Œ/Æ
_SPECIAL = {**_APOSTROPHES, **_HYPHENS, **_LIGATURES}
# Combining marks left by NFD (diacritics of Latin, Greek, Cyrillic and their extensions).
_COMBINING = lazyre.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NON_ASCII = lazyre.compile(r"[^\x00-\x7f]")
_FOLDED_CHAR: dict[str, str] = {}  # non-ASCII char -> its folded form, filled on demand

# Digits grouped by thousands with a space, no-break space or narrow no-break space; joined
# in the raw text, before folding and tokenising. _GROUP_HINT is a cheap pre-check (most texts have none).
_GROUPED = lazyre.compile(r"(?<![\w.,])(\d{1,3})((?:[ \u00a0\u202f]\d{3})+)(?!\d)")
_GROUP_HINT = lazyre.compile(r"\d[ \u00a0\u202f]\d")
# A number with a decimal part, or a word with internal apostrophes/hyphens. Tokens never span
# whitespace, so a text's tokens are the concatenation of its whitespace chunks' tokens.
# Underscores are blanked before (\w is much faster than [^\W_] in CPython's re).
_TOKEN = lazyre.compile(r"\d+(?:[.,]\d+)+|\w+(?:['-]\w+)*")
_GROUP_SPACE = lazyre.compile("[ \u00a0\u202f]")
_JOINERS = lazyre.compile(r"['-]")

ELISIONS = frozenset("l d qu j n s c m t jusqu lorsqu puisqu quoiqu quelqu".split())
# Last parts of a compound that make the joined whole meaningless: subject and object pronouns
# of an inversion ("a-t-il", "peut-on", "dis-moi"), demonstrative particles ("celles-ci",
# "moment-la") and "meme" ("lui-meme").
_NO_WHOLE_AFTER = frozenset(
    "je tu il elle on nous vous ils elles ce t le la les lui leur y en moi toi ci meme memes".split()
)
# Interrogatives and filler of questions, French and English, folded. Dropped by query_terms.
QUESTION_WORDS = frozenset(
    """qui quoi que quel quelle quels quelles combien quand ou comment pourquoi lequel laquelle
    lesquels lesquelles auquel auxquels auxquelles duquel desquels desquelles est ce estce
    what who whom whose when where which how why many much did does do is are was were the
    a an of in on at to for by from with and or""".split()
    # the halves of "aujourd'hui", which the whole ("aujourdhui") already searches: three terms
    # of one word outweighed the rest of "qui maintient latex aujourd'hui"
    + ["aujourd", "hui"]
)
# Interrogatives reported by question_words (the answer type hint). "ou" counts only when it is
# written "où" or starts the question, since unaccented "ou" is mostly "or".
_INTERROGATIVES = frozenset(
    """qui quoi quel quelle quels quelles combien quand comment pourquoi lequel laquelle lesquels
    lesquelles what who whom whose when where which how why""".split()
)


def _fold_char(char: str) -> str:
    folded = _SPECIAL.get(char)
    if folded is None:
        # a ligature may carry an accent ("ǽ" is "æ" and an acute): mapped once stripped too,
        # or folding again would change it
        stripped = _COMBINING.sub("", unicodedata.normalize("NFD", char))
        folded = "".join(_SPECIAL.get(c, c) for c in stripped)
    _FOLDED_CHAR[char] = folded
    return folded


def fold(text: str) -> str:
    """NFC, casefold, typographic apostrophes and hyphens to ASCII, accents and ligatures
    folded (``Sécurité`` -> ``securite``, ``œuvre`` -> ``oeuvre``, ``l’État`` -> ``l'etat``).

    Defined as NFC(strip_marks(NFD(casefold(NFC(text))))) with the character maps above applied
    first and again after the marks are stripped; computed per distinct non-ASCII character (a few per text) with cached mappings and
    ``str.replace``, which is several times faster than a whole-text NFD and regex.
    Idempotent. Whitespace is left as is (the TF-IDF preprocessor relies on that).
    """
    text = unicodedata.normalize("NFC", text).casefold()
    if text.isascii():
        return text
    cache = _FOLDED_CHAR
    for char in set(_NON_ASCII.findall(text)):
        folded = cache.get(char) or _fold_char(char)
        if folded != char:
            text = text.replace(char, folded)
    return text if text.isascii() else unicodedata.normalize("NFC", text)


_ELIDED = lazyre.compile(r"^[^\W\d_]['’]")


def unelided(word: str) -> str:
    """``word`` folded, without the one-letter elided article it opens on ("l'Alliance":
    "alliance", "d'Asie": "asie"): what two spellings of a name share."""
    return fold(_ELIDED.sub("", word))


def _join_groups(text: str) -> str:
    """``4 500`` -> ``4500`` (any of the three space characters between digit groups)."""
    if _GROUP_HINT.search(text) is None:
        return text
    return _GROUPED.sub(lambda m: m.group(1) + _GROUP_SPACE.sub("", m.group(2)), text)


def _expand(token: str) -> list[str]:
    """Strip elisions from one raw token and split compounds into whole + parts."""
    if "'" in token:
        parts = token.split("'")
        while len(parts) > 1 and parts[0] in ELISIONS:
            del parts[0]
        token = "'".join(parts)
        if "'" not in token and "-" not in token:
            return [token]
    elif "-" not in token:
        return [token]
    parts = _JOINERS.split(token)
    if parts[-1] in _NO_WHOLE_AFTER or all(p.isdigit() for p in parts):
        return parts
    return ["".join(parts), *parts]


def data_lines(name: str) -> list[str]:
    """The lines of the shipped list ``data/<name>``, stripped, without blank lines and
    "#" comments (the countries, capitals, word families and invariable words)."""
    lines = (Path(__file__).parent / "data" / name).read_text(encoding="utf-8").splitlines()
    return [line for line in map(str.strip, lines) if line and not line.startswith("#")]


@lru_cache(maxsize=1)
def _load_stopwords() -> tuple[frozenset[str], str]:
    """The shipped stopword list (folded) and the sha256 of the file's bytes."""
    # Read by path, beside this module (package data is installed as files): importlib.resources
    # costs ~10 ms of every cold question.
    from pathlib import Path

    raw = (Path(__file__).parent / "data" / "stopwords_fr.txt").read_bytes()
    words = (line.strip() for line in raw.decode("utf-8").splitlines())
    return frozenset(fold(w) for w in words if w and not w.startswith("#")), hashlib.sha256(raw).hexdigest()


# Adverbs (and a few prepositions) that open a sentence, not a name or a description ("Récemment
# le Québec ...", "Ensuite, elle ...", "Selon lui, il ..."), folded; an elided word by its part
# before the apostrophe as well ("aujourd").
OPENING_WORDS = frozenset(
    """aujourd'hui aujourd hier demain ensuite enfin puis alors ainsi pourtant cependant toutefois depuis
    desormais auparavant jadis autrefois longtemps parfois souvent toujours deja finalement recemment
    notamment surtout egalement aussi selon apres avant pendant lors durant parmi malgre""".split()
)

# Pronouns and demonstratives that, opening a sentence, lean on the one before ("Il a ajouté que
# ...", "Ce fichier décrit ..."), folded
ANAPHORS = frozenset("il elle ils elles ce cet cette ces celui-ci celle-ci ceux-ci celles-ci cela".split())

# ... but an impersonal "il" stands for nothing: "Il faut la délimiter par des accolades", "il y a",
# "il existe", "il est possible de ...". Its verb, after "il" (and a negation).
_IMPERSONAL_ADJECTIVES = (
    "possible|impossible|n[ée]cessaire|important|pr[ée]f[ée]rable|conseill[ée]|recommand[ée]|utile|inutile|facile"
    "|difficile|rare|fr[ée]quent|courant|interdit|permis|souhaitable|indispensable|essentiel|int[ée]ressant|probable"
    "|vrai|clair|[ée]vident|normal|temps|question"
)
_THAT = r"\s+(?:de|d['’]|que|qu['’])"
# Not "il reste", "il arrive", "il paraît", "il vaut" alone: "Il reste président jusqu'en 1990",
# "Il arrive à Paris", "Il paraît en 1857" take their subject up; nor "Il s'agit de", which mostly
# says what the thing before is.
IMPERSONAL_VERB = (
    r"(?:ne\s+|n['’]\s*)?(?:(?:faut|fallait|fallut|faudra|faudrait|existe|existait|existaient|pleut)\b"
    rf"|(?:convient|convenait|suffit|suffisait|suffira|importe|semble|semblait){_THAT}|(?:vaut|valait|vaudrait)\s+mieux\b"
    r"|y\s+(?:a|avait|aura|aurait|eut)\b"
    r"|(?:est|était|etait|sera|serait|fut)\s+(?:(?:donc|alors|aussi|parfois|souvent|toujours|tr[èe]s|plus|bien|assez)\s+)?"
    rf"(?:{_IMPERSONAL_ADJECTIVES}){_THAT})"
)
_IMPERSONAL = lazyre.compile(rf"\s*il\s+{IMPERSONAL_VERB}", re.IGNORECASE)


def impersonal(text: str) -> bool:
    """Whether ``text`` opens on an impersonal "il" ("Il faut ...", "Il y a ...", "Il est possible
    de ..."), which takes nothing up from the sentence before."""
    return _IMPERSONAL.match(text) is not None


def stopwords() -> frozenset[str]:
    """The shipped French stopwords, folded ("aux", "pas", "dont")."""
    return _load_stopwords()[0]


class Analyzer:
    """French analyser. Cheap to construct; memoises token -> term for its lifetime."""

    def __init__(self) -> None:
        self.stopwords, self._stopwords_sha256 = _load_stopwords()
        self._stemmer = Stemmer.Stemmer("french")
        self._terms: dict[str, str] = {}  # token -> term, "" when dropped
        self._chunk_terms: dict[str, tuple[str, ...]] = {}  # raw whitespace chunk -> terms
        self._chunk_words: dict[str, str] = {}  # raw whitespace chunk -> its tokens joined by spaces

    fold = staticmethod(fold)

    def tokens(self, text: str) -> list[str]:
        """Surface word tokens of the folded text (elisions stripped, compounds expanded)."""
        folded = fold(_join_groups(text))
        if "_" in folded:
            folded = folded.replace("_", " ")
        out: list[str] = []
        append = out.append
        for token in _TOKEN.findall(folded):
            if token.isalnum():
                append(token)
            elif "'" in token or "-" in token:
                out.extend(_expand(token))
            else:  # a number with a decimal part
                append(token)
        return out

    def _content(self, tokens: list[str]) -> list[str]:
        """Stopwords and lone letters removed; words stemmed, numbers kept as is."""
        get = self._terms.get
        terms = [get(t) for t in tokens]
        if None in terms:
            self._learn([t for t, term in zip(tokens, terms) if term is None])
            terms = [get(t) for t in tokens]
        return [t for t in terms if t]

    def _learn(self, tokens: list[str]) -> None:
        """Fill the token -> term memo ("" for a dropped token)."""
        memo = self._terms
        if len(memo) > _MEMO_LIMIT:
            memo.clear()
        stop = self.stopwords
        new = sorted(set(tokens))
        for token, stem in zip(new, self.stem_all(new)):
            memo[token] = "" if token in stop or (len(token) == 1 and not token.isdigit()) else stem

    def stem_all(self, words: list[str]) -> list[str]:
        """Snowball stems of folded words; words containing a digit are returned unchanged."""
        stems = self._stemmer.stemWords(words)
        return [w if any(c.isdigit() for c in w) else s for w, s in zip(words, stems)]

    def terms(self, text: str) -> list[str]:
        """Index terms: tokens minus stopwords, stemmed (numbers unstemmed), in text order.

        Equal to analysing the tokens of the whole text, but computed per whitespace chunk
        with a chunk -> terms memo: most chunks of a corpus repeat ("de", "l'armee", "Mali,"),
        so indexing pays for a dict lookup per word instead of regexes and stemming.
        """
        return list(chain.from_iterable(self._by_chunk(text, self._chunk_terms, self._chunk_content)))

    def _chunk_content(self, chunk: str) -> tuple[str, ...]:
        return tuple(self._content(self.tokens(chunk)))

    def _chunk_tokens(self, chunk: str) -> str:
        return " ".join(self.tokens(chunk))

    @staticmethod
    def _by_chunk(text: str, memo: dict, compute) -> list:
        """``compute(chunk)`` for each whitespace chunk of ``text``, in order, through ``memo``
        (cleared past ``_MEMO_LIMIT`` entries): each distinct chunk is computed once."""
        chunks = _join_groups(text).split()
        got = list(map(memo.get, chunks))
        if None in got:
            if len(memo) > _MEMO_LIMIT:
                memo.clear()
            for chunk in set(chunks).difference(memo):
                memo[chunk] = compute(chunk)
            got = list(map(memo.get, chunks))
        return got

    def phrase_text(self, text: str) -> str:
        """``tokens(text)`` joined by single spaces, with a space at each end, so that a phrase
        ``" a b "`` is in it exactly when the words a, b follow each other in the text.
        Memoised per whitespace chunk, as ``terms`` is (the re-ranker reads 20 passages a question)."""
        return " " + " ".join(filter(None, self._by_chunk(text, self._chunk_words, self._chunk_tokens))) + " "

    def query_terms(self, text: str) -> list[str]:
        """Search terms of a question: like ``terms`` but interrogatives and question filler
        (French and English) are dropped too. Duplicates are kept."""
        return self._content([t for t in self.tokens(text) if t not in QUESTION_WORDS])

    def question_words(self, text: str) -> set[str]:
        """The interrogatives in a question, folded (``{"combien"}``, ``{"ou"}``, ``{"who"}``).

        ``quel``/``quelle``/... are reported as written. ``ou`` is reported when written ``où``
        (before folding) or when it is the first word.
        """
        tokens = self.tokens(text)
        found = {t for t in tokens if t in _INTERROGATIVES}
        if "où" in unicodedata.normalize("NFC", text).casefold() or tokens[:1] == ["ou"]:
            found.add("ou")
        return found

    def settings(self) -> dict:
        """Everything that changes terms; stored in the index manifest and compared at load."""
        return {
            "version": ANALYZER_VERSION,
            "stemmer": STEMMER_NAME,
            "pystemmer": Stemmer.version(),
            "stopwords_sha256": self._stopwords_sha256,
            "stopwords": len(self.stopwords),
            "flags": {
                "fold": "nfc-casefold-nfd-strip-marks",
                "elisions": sorted(ELISIONS),
                "thousands_joined": True,
                "compound_whole_and_parts": True,
                "drop_single_letters": True,
            },
        }
