"""A question analysed once: the object every stage of answering reads.

``analyse`` turns the text of a question into a :class:`Query`: its analysed search terms
(typo-corrected against the index), the IDF weight of each, its type (``qtypes``), its key
terms (what pins the fact down: names, numbers, the rarest words) and its word sequences
(``Phrases``). Retrieval, re-ranking, candidate sentences, the answer and its confidence all
read this one object, so they cannot drift apart, and the index is asked for IDF once.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

from . import lazyre
from .acronyms import asked as asked_acronym
from .analysis import data_lines, fold, stopwords
from .definitions import Asked
from .definitions import asked as asked_definition
from .gazetteer import metonyms
from .qtypes import asked_noun as noun_after_which
from .qtypes import counted_noun as noun_counted
from .qtypes import question_type, years_in
from .spelling import edit_distance, is_french_word

PREFIX_LEN = 4  # a question term also matches a word sharing its first 4 letters (see answering)
PREFIX_MARK = "\x00"  # marks such a prefix key: no analysed term can equal it
RAREST_KEYS = 2  # the rarest content terms counted among the key terms


@dataclass
class Query:
    """What every stage needs to know about the question, computed once."""

    text: str
    qtype: str
    weights: dict[str, float]  # IDF of each distinct query term
    total: float  # their sum
    prefix_keys: dict[str, str] = field(default_factory=dict)  # term -> its prefix key
    terms: list[str] = field(default_factory=list)  # analysed, corrected terms, in order, repeats kept
    key_terms: frozenset[str] = frozenset()  # what pins the fact down: ``entities`` and the rarest terms
    entities: frozenset[str] = frozenset()  # ... those of them that are names or numbers
    analyzer: object = field(default=None, repr=False, compare=False)
    absent_words: frozenset[str] = frozenset()  # real French words the index lacks, kept uncorrected
    derived: tuple[str, ...] = ()  # index terms of the agent or action nouns of its verbs ("fond" -> "fondateur")
    absent_names: frozenset[str] = frozenset()  # ``entities`` the index lacks, numbers aside ("centrafr")
    typed: str = ""  # the question as typed, when ``text`` recased it (``recased``)
    # term -> the names (tuples of terms, all needed) standing for the same state: "bamako" ->
    # ("mal",), ("malien",) (``gazetteer.metonyms``); none for a question naming both
    aliases: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    unknown_terms: frozenset[str] = frozenset()  # the terms absent from the index

    @cached_property
    def unknown(self) -> float:
        """The IDF share of the question's terms absent from the index (``unknown_terms``)."""
        return sum(w for t, w in self.weights.items() if t in self.unknown_terms) / self.total if self.total else 0.0

    @cached_property
    def share_terms(self) -> tuple[tuple[str, float, str | None, tuple[tuple[str, ...], ...]], ...]:
        """Each term with its weight, its prefix key (``prefix_keys``) and its ``aliases``: what
        ``answering._share`` reads for every candidate sentence, looked up once."""
        return tuple((t, w, self.prefix_keys.get(t), self.aliases.get(t, ())) for t, w in self.weights.items())

    @cached_property
    def acronym(self) -> str | None:
        """The acronym whose meaning the question asks for ("Que signifie SSH ?"), or None."""
        return asked_acronym(self.text)

    @cached_property
    def defined(self) -> "Asked | None":
        """The thing the question asks to define ("Qu'est-ce que lintian ?"), or None."""
        return asked_definition(self.text)

    @cached_property
    def quoted(self) -> tuple[str, ...]:
        """The phrases of two words or more the question quotes, folded ("Qui a-t-il traité
        d'« étranger qui se réclame du Niger » ?" -> "etranger qui se reclame du niger")."""
        return quoted_phrases(self.text)

    @cached_property
    def phrases(self) -> Phrases:
        """The question's word sequences, built on first use (the re-ranker's)."""
        from .analysis import Analyzer

        return Phrases(self.analyzer or Analyzer(), self.text)

    # What the answering stages ask of the question's text, again for every candidate sentence
    # and span: derived on first use, then read.

    @cached_property
    def folded(self) -> str:
        """The question folded (``analysis.fold``): "Quel média ...?" -> "quel media ...?"."""
        return fold(self.text)

    @cached_property
    def years(self) -> frozenset[str]:
        """The years the question names (``qtypes.years_in``), read by the ranking and the refusals."""
        return years_in(self.text)

    @cached_property
    def asked_noun(self) -> str | None:
        """The noun after "Quel" (``qtypes.asked_noun``), folded ("Quel média ...?" -> "media"), or None."""
        return noun_after_which(self.folded)

    @cached_property
    def counted_noun(self) -> str | None:
        """The noun a "Combien de ...?" question counts (``qtypes.counted_noun``), as written, or None."""
        return noun_counted(self.text)

    @cached_property
    def plain_words(self) -> tuple[str, ...]:
        """The question's runs of letters and digits as written, each folded, in order ("Qu'a"
        -> "qu", "a"): the span features' interrogative and count of question words."""
        return tuple(fold(t) for t in _PLAIN_WORD.findall(self.text))

    @cached_property
    def whole_words(self) -> frozenset[str]:
        """The question's words as ``spans.words`` cuts a sentence (elisions and hyphens kept
        inside: "l'armée", "a-t-elle"), each folded: matched against a sentence's words folded."""
        from .spans import words

        return frozenset(fold(self.text[a:b]) for a, b in words(self.text))

    @cached_property
    def content_words(self) -> frozenset[str]:
        """``whole_words`` but the stopwords: the folded words a span's neighbours are matched on."""
        return frozenset(w for w in self.whole_words if w not in stopwords())

    @cached_property
    def folded_words(self) -> frozenset[str]:
        """The runs of letters and digits of ``folded`` (an elided word by its part after the
        apostrophe: "l'armee" -> "l", "armee")."""
        return frozenset(FOLDED_RUN.findall(self.folded))

    @cached_property
    def interrogative(self) -> tuple[int, int, str | None]:
        """The question's interrogative and the preposition before it (their codes in
        ``INTERROGATIVE_CODES`` and ``PREPOSITION_CODES``, 0 for none) and its first content word
        after the interrogative other than the asked noun (folded; mostly the verb asked about:
        "Qu'a *produit* Picasso ...?", "Quel média a *révélé* ...?"), or None."""
        toks = self.plain_words
        at = next((i for i, t in enumerate(toks) if t in INTERROGATIVE_CODES), -1)
        if at < 0:
            return 0, 0, None
        prep = PREPOSITION_CODES.get(toks[at - 1], 0) if at > 0 else 0
        head = self.asked_noun  # "Quel média a révélé ...": the verb is "révélé", not "média"
        stop = stopwords()
        after = next((t for t in toks[at + 1 :] if t not in stop and t not in INTERROGATIVE_CODES and t != head), None)
        return INTERROGATIVE_CODES[toks[at]], prep, after

    @cached_property
    def life_event(self) -> lazyre.LazyPattern | None:
        """The pattern of the words that say a birth or a death, when the question asks either's
        date ("Quand est mort ...?"), or None (``spans._life_event``)."""
        from .spans import _life_event

        return _life_event(self.text)


# The question's interrogative, by kind (folded); the first one in the question counts.
INTERROGATIVE_CODES = {
    "pourquoi": 1, "comment": 2, "combien": 3, "quand": 4, "ou": 5, "qui": 6, "quoi": 7, "que": 8, "qu": 8,
    **dict.fromkeys(("quel", "quelle", "quels", "quelles"), 9),
    **dict.fromkeys(("lequel", "laquelle", "lesquels", "lesquelles"), 10),
}
# A preposition before the interrogative ("À quelle occasion", "En quelle année", "Par qui"),
# by kind; a span opening with the same one is the answer's usual shape ("à la suite de ...").
PREPOSITION_CODES = {
    **dict.fromkeys(("a", "au", "aux"), 1), "en": 2, "dans": 3, **dict.fromkeys(("de", "du", "des", "d"), 4),
    "par": 5, "pour": 6, "sur": 7, "avec": 8, "chez": 9, "vers": 10, "contre": 11, "entre": 12, "depuis": 13,
    "pendant": 14, "selon": 15, "sous": 16, "apres": 17, "avant": 18,
}
# as written, not folded: any letter or digit, where ``FOLDED_RUN`` (of folded text) takes ASCII ones only
_PLAIN_WORD = lazyre.compile(r"[^\W_]+", re.UNICODE)
# a run of letters and digits of a folded text (``analysis.fold``): its words, an elided one by
# its part after the apostrophe
FOLDED_RUN = lazyre.compile(r"[a-z0-9]+")


# The quotation marks, opening -> closing: what ``quoted_phrases``, ``spans.enclosed`` and the
# span features read as quotes
QUOTE_PAIRS = {"«": "»", "“": "”", '"': '"'}
_OPENING, _CLOSING = "".join(QUOTE_PAIRS), "".join(QUOTE_PAIRS.values())
# A phrase between quotation marks: « ... », “ ... ” or "..." (no nested marks)
_QUOTED = lazyre.compile(rf"[{_OPENING}]\s*([^{_OPENING}{_CLOSING}]+?)\s*[{_CLOSING}]")
_SPACES = lazyre.compile(r"\s+")


def quoted_phrases(text: str) -> tuple[str, ...]:
    """The folded phrases of two words or more that ``text`` puts between quotation marks, in
    order; their inner spaces made single."""
    found = (_SPACES.sub(" ", fold(m.group(1))) for m in _QUOTED.finditer(text))
    return tuple(dict.fromkeys(f for f in found if len(f.split()) >= 2))


def holds_quoted(text: str, phrases: Sequence[str]) -> bool:
    """Whether ``text`` holds one of ``phrases`` (``quoted_phrases``) as whole words, folded."""
    folded = _SPACES.sub(" ", fold(text))
    return any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", folded) for p in phrases)


def analyse(text: str, engine) -> Query:
    """The :class:`Query` of ``text`` against ``engine``'s index (vocabulary and IDF)."""
    typed, text = text, recased(unwrapped(interrogative_fixed(text)), engine)
    terms = engine.query_terms(text)
    near = engine.near_spellings(text)
    idf = engine.term_weights([*terms, *near.values()])  # the index is asked once
    weights = {t: idf[near.get(t, t)] for t in dict.fromkeys(terms)}
    known = engine.known_terms(list(weights))
    prefixed = {t: PREFIX_MARK + t[:PREFIX_LEN] for t in weights if len(t) >= PREFIX_LEN}
    # a stem too short to share a prefix with ("cre" of "créé") still matches the nouns made from
    # it ("creation", "createur"): see ``answering.term_keys``
    prefixed.update((t, PREFIX_MARK + t) for t in weights if len(t) == SHORT_STEM and t.isalpha())
    # A real French word the index lacks is never corrected ("livrés" stays "livr", see
    # ``spelling``): no passage is matched on a word it does not hold ("libr"). Where a typo
    # fixer would have found it a near spelling, it keeps the weight it had then (that
    # spelling's IDF) and does not count as an absent topic: in a small corpus such a word is
    # mostly an ordinary word the documents put otherwise ("précédé", "sondés"). A real word
    # with nothing near it ("habitants", "inflation") still weighs as the rarest and counts as
    # absent. Measured against treating every absent real word alike (README, "Evaluation").
    absent_words = frozenset(t for t in weights if t in near)
    known = known | absent_words | name_frame_terms(text, engine.analyzer)
    # the words that ask what an acronym stands for ("Que veut dire l'acronyme SSH ?") weigh
    # nothing either, known or not, and BM25 does not search them; nor does the "temps" of
    # "combien de temps", which asks a duration that documents give in months and years
    meaning = frame_terms(text, engine.analyzer)
    for t in stray_terms(text, known, engine.analyzer) | meaning:
        weights.pop(t, None)
    terms = search_terms(text, terms, engine.analyzer, meaning)
    total = sum(weights.values())
    names = entity_terms(text, weights, engine.analyzer)
    keys = names | rarest(weights)
    return Query(
        text, question_type(text), weights, total, prefixed, terms, keys, names, engine.analyzer,
        absent_words, derived_terms(weights, engine), absent_names(text, names, known, engine.analyzer),
        typed if typed != text else "", aliases(weights, engine.analyzer),
        frozenset(t for t in weights if t not in known),
    )


# A run of capitalised words, small linking words allowed between them ("Human Rights Watch",
# "Organisation des Nations unies"): what an acronym may stand for
_CAPITALISED_RUN = lazyre.compile(
    r"[A-ZÀ-Þ][^\W\d_]+(?:[ \u00a0]+(?:(?:de|du|des|d['’]|la|le|les|l['’]|et|pour|of|the|for|and)[ \u00a0]+)?"
    r"[A-ZÀ-Þ][^\W\d_]+)+"
)
_LINKING = frozenset("de du des d la le les l et pour of the for and".split())
LETTER_RUN = lazyre.compile(r"[^\W\d_]+")  # a run of letters, no digit nor apostrophe or hyphen
ACRONYM_PASSAGES = 10  # top passages read for what an acronym the index lacks stands for


def spelled_acronyms(q: Query, passages: Sequence[str], known_terms) -> Query:
    """``q`` with, among its ``aliases``, what an acronym of the question that the index lacks
    (``known_terms``: the engine's, which of some terms it holds) stands for in ``passages``
    (the top passages' texts): the capitalised words whose initials spell it ("selon hrw" asked
    of "... selon Human Rights Watch."), so that a sentence naming it in full matches the
    question's word at the credit of a word of the same family. ``q`` itself when there is none.
    Seeds, documents set and PIAF dev: no answer changes (none of their questions uses an
    acronym its documents never write)."""
    maybe = [t for t in q.weights if t.isalpha() and 2 <= len(t) <= 6 and not is_french_word(t)]
    if not maybe:
        return q
    known = known_terms(maybe)
    wanted = {t for t in maybe if t not in known}
    if not wanted:
        return q
    found: dict[str, tuple[tuple[str, ...], ...]] = {}
    for text in passages[:ACRONYM_PASSAGES]:
        for m in _CAPITALISED_RUN.finditer(text):
            words = [w for w in LETTER_RUN.findall(m.group()) if fold(w) not in _LINKING]
            initials = "".join(fold(w)[0] for w in words)
            if initials in wanted and initials not in found:
                found[initials] = (tuple(q.analyzer.terms(m.group())),)
        if len(found) == len(wanted):
            break
    if not found:
        return q
    return replace(q, aliases={**q.aliases, **found})


def aliases(weights: dict[str, float], analyzer) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The ``Query.aliases`` of the question's terms: a sentence saying "la Russie" holds the
    "Moscou" of "Quand Moscou a-t-il ...?", one saying "l'invasion" the "envahi" of "Quand la
    Russie a-t-elle envahi l'Ukraine ?"; not when the question names both ("la racine allemande
    de Berlin")."""
    tables = (metonyms(analyzer), families(analyzer))
    found = {}
    for t in weights:
        names = tuple(name for table in tables for name in table.get(t, ()))
        if names and not any(all(x in weights for x in name) for name in names):
            found[t] = names
    return found


@lru_cache(maxsize=4)
def families(analyzer) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Analysed term -> the other terms of its family (``data/families_fr.txt``: "envah" ->
    "invas", "elu" -> "elect"), each a one-term name as ``Query.aliases`` holds them."""
    found: dict[str, set[str]] = {}
    for line in data_lines("families_fr.txt"):
        terms = {t for word in line.split() for t in analyzer.terms(word)}
        for t in terms:
            found.setdefault(t, set()).update(terms - {t})
    return {t: tuple((o,) for o in sorted(others)) for t, others in found.items() if others}


# What a person says around a question that asks nothing itself: "Je voudrais savoir ...",
# "Pouvez-vous me dire ...", "Dis-moi ...", "Donne-moi ...", "..., s'il vous plaît".
_LEAD = lazyre.compile(
    r"^\s*(?:(?:je\s+|j['’])?(?:voudrais|veux|aimerais|souhaite|souhaiterais)\s+(?:bien\s+)?(?P<know>savoir|conna[iî]tre|comprendre)"
    r"|(?:pouvez|pourriez|peux|pourrais)[- ](?:vous|tu)\s+(?:me\s+|m['’])?(?:dire|expliquer|indiquer|préciser|rappeler)"
    r"|(?:dis|dites|explique|expliquez|indique|indiquez|précise|précisez|rappelle|rappelez)[- ]moi"
    r"|(?P<give>donne|donnez|cite|citez)[- ]moi"
    r"|(?:est-ce\s+que\s+)?(?:sais|savez)[- ](?:tu|vous)|(?:est-ce\s+que\s+)?(?:tu\s+sais|vous\s+savez))"
    r"\s*,?\s*",
    re.IGNORECASE,
)
_TAIL = lazyre.compile(r"[\s,]*(?:s['’]il\s+(?:vous|te)\s+pla[iî]t|svp|stp|merci)(?=\s*[?.!]*\s*$)", re.IGNORECASE)
_WHAT_IS = lazyre.compile(r"ce\s+qu['’]est\s+|ce\s+que\s+(?:sont|signifie|veut\s+dire)\s+", re.IGNORECASE)
_NOUN_PHRASE = lazyre.compile(r"(?P<article>le|la|les|l['’])\s*(?=\w)", re.IGNORECASE)


# What is asked after the thing rather than before it: "tjener ça veut dire quoi", "debuild c'est
# quoi", "pbuilder sert à quoi", "debuild correspond à quoi", "le GSIM, qu'est-ce que c'est ?"
# (folded by ``asked_after``: their words are in every manual, "veut dire" the heaviest of them)
_ASKED_AFTER = lazyre.compile(
    r"^\s*(?P<thing>[^?,;:]+?)\s*,?\s*(?:"
    r"(?:(?:ça|ca|cela)\s+)?(?P<means>veut\s+dire|veulent\s+dire|signifie|signifient)\s+quoi"
    r"|(?:(?:ça|ca|cela)\s+)?(?P<serves>sert|servent)\s+(?:à|a)\s+quoi"
    r"|(?:c['’]\s*est|ce\s+sont|(?:ça|ca|cela)\s+(?:correspond|correspondent)\s+(?:à|a)|(?:correspond|correspondent)\s+(?:à|a))\s+quoi"
    r"|qu['’]\s*est[- ]ce\s+que\s+c['’]\s*est)"
    r"(?:\s+(?:exactement|au\s+juste|donc))?\s*[?.!]*\s*$",
    re.IGNORECASE,
)
THING_AFTER_WORDS = 6  # a longer "thing" is a clause that asks something else


def asked_after(text: str) -> str:
    """``text`` with what it asks put first, as the question words that read it expect:
    "tjener ça veut dire quoi" -> "que veut dire tjener ?", "pbuilder sert à quoi" -> "à quoi
    sert pbuilder ?", "debuild correspond à quoi" -> "qu'est-ce que debuild ?"; other questions
    as they are."""
    m = _ASKED_AFTER.match(text)
    if m is None or len(m.group("thing").split()) > THING_AFTER_WORDS or _fold_words(m.group("thing")) & _ASKING:
        return text
    thing = m.group("thing")
    if m.group("means"):
        return f"que veut dire {thing} ?"
    if m.group("serves"):
        return f"à quoi {m.group('serves').lower()} {thing} ?"
    return f"qu'est-ce que {thing} ?"


# A question that is only the noun phrase of what it asks: "taille minimale de la clé
# openpgp", "adresse ip par défaut du serveur principal", "le paquet le plus important à
# installer ?": asked as "quel(le) ...", so that what reads the asked noun reads it (a measure
# asks a number, a command or an address its technical token). Only for the nouns of a measure
# or of a manual's things (``qtypes.MEASURE_NOUNS``, ``spans.TECHNICAL_NOUNS``); any question word, or a verb's inversion
# ("peut-il"), and the question is left as typed.
_BARE_LEAD = lazyre.compile(r"^\s*(?P<article>(?:le|la|les)\s+|l['’]\s*)?(?P<noun>[^\W\d_]+)", re.IGNORECASE)
_INVERTED = lazyre.compile(r"[-\s]t[-\s](?:il|elle|on)\b|\w-(?:il|elle|ils|elles|on)\b|^\s*est[- ]ce\b", re.IGNORECASE)


def asked_bare(text: str) -> str:
    """``text`` as "quel(le) <noun phrase>" when it is a bare noun phrase asking for a measure or
    a technical thing ("longueur max pour un nom de paquet" -> "quel longueur max pour un nom de
    paquet"); other questions as they are."""
    from .qtypes import MEASURE_NOUNS, MEASURE_PHRASES
    from .spans import TECHNICAL_NOUNS

    m = _BARE_LEAD.match(text)
    noun = fold(m.group("noun")) if m else ""
    # ("mémoire vive ...", "espace disque ...": a measure by its first word)
    if noun not in MEASURE_NOUNS and noun not in TECHNICAL_NOUNS and noun not in {p.split()[0] for p in MEASURE_PHRASES}:
        return text
    if _fold_words(text) & _ASKING or _INVERTED.search(text):
        return text
    return ("quel est " if m.group("article") else "quel ") + text.lstrip()


_ASKING = frozenset(
    "qui que qu quoi quel quelle quels quelles lequel laquelle lesquels lesquelles combien quand ou comment pourquoi".split()
)

def _fold_words(text: str) -> set[str]:
    """The folded words of ``text``; "où" as "ou", "qu'est" as "qu" and "est"."""
    return {fold(w) for w in LETTER_RUN.findall(text)}


_INTERROGATIVES = ("quand", "combien", "pourquoi", "comment", "quelle", "quelles", "quels")
_FIRST_WORD = lazyre.compile(r"\s*([^\W\d_]+)")


# "Qu'elle est la capitale ...?", "En qu'elle année ...?", "Que est le montant ...?": "quelle"
# written as it sounds, "que" for "quel"; at the start of the question only, and before a verb
# of being and an article, or after a preposition and before a noun ("Pourquoi dit-on qu'elle
# est ...?" keeps its "qu'elle"; "Que sont les schiltrons ?" is right as it is)
_HOMOPHONE = lazyre.compile(
    r"^(?P<lead>\s*(?:(?:en|à|a|de|dans|par|pour|sur|sous|avec|vers|depuis|pendant|selon|chez|jusqu['’]\s?à)\s+)?)"
    r"(?P<word>qu['’]\s?elle(?P<plural>s?)|que)(?=\s+(?:(?P<verb>est|était|etait|sera|fut|sont|étaient|etaient|seront|furent)\s+(?:le|la|les|l['’])"
    r"|(?P<noun>[^\W\d_]{3,})))",
    re.IGNORECASE,
)


def _quelle(m: "re.Match[str]") -> str:
    word = m.group("word")
    if fold(word) == "que":
        if m.group("noun") is not None or fold(m.group("verb")) not in ("est", "etait", "sera", "fut"):
            return m.group(0)  # "Que font ...", "Que sont les schiltrons ?": right as they are
        fixed = "quel"
    elif m.group("noun") is not None and not m.group("lead").strip():
        return m.group(0)  # "Qu'elle soit ...", "Qu'elle accepte ...": the pronoun it is
    else:
        fixed = "quelle" + m.group("plural")
    return m.group("lead") + (fixed.capitalize() if word[:1].isupper() else fixed)


def interrogative_fixed(text: str) -> str:
    """``text`` with its first word read as the interrogative it is one typo away from
    ("Qunad la France ...?" -> "Quand la France ...?", "Combein ...", "Pourqoui ...", and
    ``_HOMOPHONE``: "Qu'elle est ...?" -> "Quelle est ...?"): misspelt,
    it made a "Quand" question a yes/no one, with no date looked for, and it was searched as a
    word no document holds. A French word ("Quant", "Comme") or a stop word is left as it is."""
    text = _HOMOPHONE.sub(_quelle, text, count=1)
    m = _FIRST_WORD.match(text)
    if m is None:
        return text
    word = m.group(1)
    low = fold(word)
    if len(low) < 4 or low in _INTERROGATIVES or low in stopwords() or is_french_word(low):
        return text
    for asked in _INTERROGATIVES:
        if edit_distance(low, asked, 1) <= 1:
            fixed = asked.capitalize() if word[:1].isupper() else asked
            return text[: m.start(1)] + fixed + text[m.end(1) :]
    return text


def unwrapped(text: str) -> str:
    """The question inside what a person says around it: "Je voudrais savoir quand la Cedeao a
    levé ses sanctions" -> "quand la Cedeao a levé ses sanctions", "Sais-tu ce qu'est l'AES ?" ->
    "qu'est-ce que l'AES ?", "Donne-moi la date du second coup d'État" -> "quelle est la date du
    second coup d'État", "..., s'il vous plaît ?" -> "... ?". Their words ("voudrais", "svp")
    are in no document: left in, they weigh as absent topics and the answer looks unsure. What is
    asked after its thing comes first (``asked_after``), a bare noun phrase is asked for
    (``asked_bare``)."""
    out = asked_bare(asked_after(_TAIL.sub("", text)))
    lead = _LEAD.match(out)
    if lead is None or lead.end() == len(out):
        return out
    rest = out[lead.end() :]
    if (what := _WHAT_IS.match(rest)) is not None:
        return "qu'est-ce que " + rest[what.end() :]
    if (lead.group("know") or lead.group("give")) and (np := _NOUN_PHRASE.match(rest)) is not None:
        article = np.group("article").lower()
        asked = "quels sont " if article == "les" else "quelle est " if article == "la" else "quel est "
        return asked + rest  # "connaître le nom du porte-parole ..." -> "quel est le nom du ..."
    return rest


_LETTERS = lazyre.compile(r"[^\W\d_]{3,}", re.UNICODE)


def recased(text: str, engine) -> str:
    """A question typed all in lower case, its names capitalised: "qui est assimi goita" ->
    "qui est Assimi Goita", so that what reads names in a question (key terms, "Qui est X ?",
    the person asked about) reads them. A name is a word of three letters or more that is no
    French word (``spelling.is_french_word``), no stop word, and that the index holds (a typo,
    "sanctionss", stays as it is); a French word just before it is its first name when the
    documents write the two capitalised ("pascal confavreux"). A question with a capital
    anywhere is left as typed."""
    if any(ch.isupper() for ch in text):
        return text
    found = [m for m in _LETTERS.finditer(text) if not is_french_word(w := fold(m.group())) and w not in stopwords()]
    if not found:
        return text
    terms = [engine.analyzer.terms(m.group()) for m in found]
    known = engine.known_terms([t for ts in terms for t in ts])
    out = list(text)
    for m, ts in zip(found, terms):
        if ts and all(t in known for t in ts):
            out[m.start()] = out[m.start()].upper()
            # an acronym the documents write in capitals: "que veut dire aes" -> "AES"
            if len(m.group()) <= ACRONYM_LETTERS and engine.written_upper(m.group(), ts):
                out[m.start() : m.end()] = m.group().upper()
                continue
            # a French word right before the name is its first name when the corpus writes the
            # two capitalised: "qui est pascal confavreux" -> "qui est Pascal Confavreux"
            before = _WORD_BEFORE.search(text, 0, m.start())
            if before is not None and fold(before.group(1)) not in stopwords() and engine.written_capitalised(
                (before.group(1), m.group()), ts
            ):
                out[before.start(1)] = out[before.start(1)].upper()
    return "".join(out)


ACRONYM_LETTERS = 7  # "MINUSMA"
_WORD_BEFORE = lazyre.compile(r"(?<![\w'’-])([^\W\d_]{2,})\s+$", re.UNICODE)


# Snowball stems a participle to its verb's root ("fondé" -> "fond", "créé" -> "cre") but keeps
# the nouns made from it apart ("fondateur", "createur", "inventeur", "signatur", "fondat"):
# "Qui a fondé Wagner ?" is answered by "le fondateur de Wagner". These endings, added to a
# question's stem, give the stems of those nouns; the ones the index holds are searched too.
DERIVED_ENDINGS = ("ateur", "atric", "eur", "at", "atur", "ation")
DERIVED_MIN_STEM = 3
SHORT_STEM = 3  # a stem this long matches its derived nouns' (``term_keys``), not a prefix


def derived_terms(terms: Collection[str], engine) -> tuple[str, ...]:
    """The index terms that are agent or action nouns of the question's distinct ``terms``
    (``DERIVED_ENDINGS``), other than the question's own terms. Each term's nouns are looked up
    once per engine (``Engine.derived_nouns``): a question's words recur from one to the next,
    and five lookups a word were a tenth of a BM25 search."""
    found = set().union(*engine.derived_nouns([t for t in terms if len(t) >= DERIVED_MIN_STEM and t.isalpha()]))
    found.difference_update(terms)
    return tuple(sorted(found))


# A capitalised word inside the question (not its first word) names something; so does an
# acronym or a word with a capital after its first letter ("GSIM", "MINUSMA", "al-Qaïda").
_WORD = lazyre.compile(r"[^\W\d_][\w'’\-]*", re.UNICODE)
_NUMBER = lazyre.compile(r"\d")


_ROMAN = lazyre.compile(r"[ivxlc]+(?:e|er|em|eme|iem|ieme)?")


def _latin(term: str) -> bool:
    return all(ord(c) < 0x250 for c in term)


def absent_names(text: str, names: frozenset[str], known, analyzer) -> frozenset[str]:
    """The name terms (``entity_terms``) of ``text`` the index lacks: not numbers, not a century
    or a king's number ("XVIIIième", "XlV"), not two letters ("JC"), not an acronym, which
    documents often spell out ("IBK" for Ibrahim Boubacar Keïta), not a word in another script
    ("Мали" beside a French question)."""
    absent = [
        t for t in names
        if t not in known and len(t) > 2 and not _NUMBER.search(t) and not _ROMAN.fullmatch(t) and _latin(t)
    ]
    if not absent:
        return frozenset()
    acronyms = {t for w in _WORD.findall(text) if len(w) > 1 and w.isupper() for t in analyzer.terms(w)}
    return frozenset(absent) - acronyms


def entity_terms(text: str, weights: dict[str, float], analyzer) -> frozenset[str]:
    """The query terms of named entities (capitalised words after the first, acronyms, words
    with an inner capital: "GSIM", "al-Qaïda") and of numbers and years ("2022", "4 500")."""
    asked = set(weights)
    out: set[str] = set()
    for i, m in enumerate(_WORD.finditer(text)):
        word = m.group()
        name = word[:1].isupper() and (i > 0 or word.isupper() and len(word) > 1)
        if name or any(c.isupper() for c in word[1:]):
            out.update(t for t in analyzer.terms(word) if t in asked)
    out.update(t for t in asked if _NUMBER.search(t))
    return frozenset(out)


_HYPHENATED = lazyre.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+", re.UNICODE)
BOUND_MAX = 3  # an absent part this short of a compound is a bound prefix ("pro-", "ex-", "néo-")
# Words with which a question points at a document rather than at what it says ("D'après
# l'éditorial ...", "Selon l'auteur ...", "Dans cet extrait ...").
DOCUMENT_WORDS = (
    "texte textes article articles éditorial éditoriaux tribune tribunes auteur auteurs autrice extrait"
    " extraits billet chronique document documents paragraphe dépêche rédacteur"
).split()


def stray_terms(text: str, known, analyzer) -> set[str]:
    """Question terms that say nothing the index could hold, dropped from its weights. Left
    in, each absent one weighs as the rarest term, so the question looks off-topic and every
    answer unsure ("D'après l'éditorial pro-russe, ... ?" of an index that never writes
    "éditorial" or "prorusse"):

    - the joined whole of a hyphenated word that the documents never write that way
      ("pro-russe" -> "proruss") when one of its parts is known ("russ"), and its short parts
      that are bound prefixes, absent too ("pro");
    - a word that points at a document (``DOCUMENT_WORDS``) when the index lacks it.

    ``analyse`` also drops ``meaning_terms``, known or not."""
    out: set[str] = set()
    for m in _HYPHENATED.finditer(text):
        terms = analyzer.terms(m.group())
        if len(terms) < 2:
            continue
        whole, parts = terms[0], terms[1:]
        if whole not in known and any(p in known for p in parts):
            out.add(whole)
            out.update(p for p in parts if p not in known and len(p) <= BOUND_MAX)
    out.update(t for t in _document_terms(analyzer) if t not in known)
    return out


# "Quel est le nom du Premier ministre ?", "Comment s'appelle le fleuve ... ?": the words that ask
# for a name say nothing of whether the documents speak of what is named. A small corpus that
# never writes "nom" made it weigh as the rarest term, and the question looked off topic
# (``answering.abstains``); they still weigh and are searched, where PIAF's sentences often say
# "sous le nom de" (dropping them cost PIAF dev 0.0005 of answer accuracy).
_NAME_FRAME = lazyre.compile(
    r"\b(?:quel(?:le)?s?\s+(?:est|était|etait|sont|étaient|etaient|fut|furent)\s+(?:le|la|les|son|sa|ses|leur|leurs)\s+noms?"
    r"|quel(?:le)?s?\s+noms?|comment\s+(?:s['’]appel\w*|se\s+nomm\w*|appelle-t-on|nomme-t-on|l['’]appel\w*))\b",
    re.IGNORECASE,
)


def name_frame_terms(text: str, analyzer) -> frozenset[str]:
    """The terms of the words with which ``text`` asks for a name (``_NAME_FRAME``), never
    counted as a topic the documents lack."""
    frame = _NAME_FRAME.search(text)
    return frozenset(analyzer.terms(frame.group())) if frame is not None else frozenset()


def meaning_terms(text: str, analyzer) -> set[str]:
    """The terms of the words that ask what an acronym stands for (``MEANING_WORDS``) when
    the question asks it and holds another term; else none."""
    if not asked_acronym(text):
        return set()
    scaffold = {t for w in MEANING_WORDS for t in analyzer.terms(w)}
    asked = analyzer.terms(text)
    return {t for t in asked if t in scaffold} if any(t not in scaffold for t in asked) else set()


_DURATION_FRAME = lazyre.compile(r"\bcombien\s+de\s+temps\b", re.IGNORECASE)


def duration_terms(text: str, analyzer) -> set[str]:
    """The terms of "temps" in "combien de temps" when the question holds another term; else
    none ("Pendant combien de temps la transition a-t-elle été prolongée ?" is answered by
    "prolongé la transition de 24 mois", not by "combien de temps il le restera")."""
    if _DURATION_FRAME.search(text) is None:
        return set()
    return _unless_alone(set(analyzer.terms("temps")), text, analyzer)


_DATE_FRAME = lazyre.compile(r"\b(?:en|à|a|de|dans|depuis)\s+quel(?:le)?s?\s+(année|annee|jour|date|mois|siècle|siecle|décennie|decennie)\b", re.IGNORECASE)


def date_terms(text: str, analyzer) -> set[str]:
    """The terms of the noun of "en quelle année", "à quelle date", "depuis quel jour" ... when
    the question holds another term; else none. It says what kind of answer is wanted, not what
    the sentence is about: "knuth a commencé tex en quelle annee ?" is answered by "Knuth a
    commencé le développement de TEX en 1977", not by "... développé par Donald Knuth à partir de
    la fin des années 1970", which only shared the word."""
    frame = _DATE_FRAME.search(text)
    if frame is None:
        return set()
    return _unless_alone(set(analyzer.terms(frame.group(1))), text, analyzer)


def _unless_alone(frame: set[str], text: str, analyzer) -> set[str]:
    """``frame`` (the terms of the words that frame a question) when the question ``text`` holds
    another term; else none: a question made only of its frame keeps it."""
    return frame if any(t not in frame for t in analyzer.terms(text)) else set()


# "Quelle taille de partition vaut-il mieux éviter ?": "vaut mieux" asks for advice and says
# nothing of the topic; left in, its two words weighed as the rarest of the question (its key
# terms) and a manual's every "il vaut mieux" matched it.
_ADVICE_FRAME = lazyre.compile(
    r"\b(?:(?:vaut|vaudrait)(?:[- ]?t?[- ]?il)?\s+mieux|mieux\s+vaut)\b", re.IGNORECASE
)


def advice_terms(text: str, analyzer) -> set[str]:
    """The terms of "vaut(-il) mieux" / "mieux vaut" (``_ADVICE_FRAME``) when the question holds
    another term; else none."""
    frame = _ADVICE_FRAME.search(text)
    if frame is None:
        return set()
    return _unless_alone(set(analyzer.terms(frame.group())), text, analyzer)


def frame_terms(text: str, analyzer) -> set[str]:
    """The terms of the words that frame the question without saying its topic, which weigh
    nothing and BM25 does not search: ``meaning_terms``, ``duration_terms``, ``advice_terms``."""
    return meaning_terms(text, analyzer) | duration_terms(text, analyzer) | date_terms(text, analyzer) | advice_terms(text, analyzer)


def search_terms(text: str, terms: list[str], analyzer, drop: set[str] | None = None) -> list[str]:
    """The question's ``terms`` that BM25 searches: its analysed terms, those of
    ``frame_terms`` (``drop``, when the caller has them) aside (BM25 would score them where the
    index holds them; the other stray terms are ones it lacks)."""
    drop = frame_terms(text, analyzer) if drop is None else drop
    return [t for t in terms if t not in drop] if drop else terms


# "Que veut dire l'acronyme SSH ?", "Que signifie le sigle ENS ?": the words that ask what an
# acronym stands for say nothing of it, and outweigh it (in a manual "veut dire" is everywhere:
# "Ce qui veut dire que « MONFICHIER » ..."). Of a word's meaning ("Que signifie le verbe latin
# concipere ?") they stay: the answer often stands next to "signifie" (PIAF dev).
MEANING_WORDS = "veut veulent dire signifie signifient désigne désignent signification acronyme sigle abréviation".split()


def _document_terms(analyzer) -> frozenset[str]:
    got = getattr(analyzer, "_document_terms", None)
    if got is None:
        got = frozenset(t for w in DOCUMENT_WORDS for t in analyzer.terms(w))
        analyzer._document_terms = got
    return got


def rarest(weights: dict[str, float], n: int = RAREST_KEYS) -> frozenset[str]:
    """The ``n`` query terms of highest IDF."""
    return frozenset(sorted(weights, key=lambda t: (-weights[t], t))[:n])


class Phrases:
    """The question's word sequences (folded words, stopwords kept), looked for as is in a
    text. A sequence made only of stopwords and interrogatives ("est ce que") does not count."""

    def __init__(self, analyzer, question: str) -> None:
        from .analysis import QUESTION_WORDS

        self.words: Sequence[str] = analyzer.tokens(question)
        empty = analyzer.stopwords | QUESTION_WORDS
        self.content = [w not in empty for w in self.words]
        w = self.words
        n = len(w)
        self._pairs = [f" {w[i]} {w[i + 1]} " for i in range(n - 1)]  # each adjacent pair
        self._distinct_pairs = sorted(set(self._pairs))
        # the distinct pairs holding a content word: the bigram share counts these
        self.bigrams = sorted({g for i, g in enumerate(self._pairs) if self.content[i] or self.content[i + 1]})
        # content words before each position: w[i:j] holds one when the counts differ
        self._before = [0]
        for c in self.content:
            self._before.append(self._before[-1] + c)
        self._runs: dict[tuple[int, int], str] = {}  # w[i:j] as looked for in a text, built on demand
        self._content_words = [f" {w} " for w, c in zip(self.words, self.content) if c]  # as looked for

    def _run(self, i: int, j: int) -> str:
        got = self._runs.get((i, j))
        if got is None:
            got = self._runs[i, j] = f" {' '.join(self.words[i:j])} "
        return got

    def found(self, text: str) -> tuple[float, float]:
        """For ``text`` from ``Analyzer.phrase_text``: the share of the question's bigrams in
        it, and the longest run of question words in it holding a content word, over the
        number of question words.

        Each adjacent pair is looked for once. A run of two or more words can only lie within a
        chain of pairs that are all found, so only those chains are searched further; a single
        content word matters only when no longer run holds one."""
        n = len(self.words)
        found = {g: g in text for g in self._distinct_pairs}  # one search per distinct pair
        present = [found[g] for g in self._pairs]
        bigrams = sum(map(found.__getitem__, self.bigrams)) / len(self.bigrams) if self.bigrams else 0.0
        best, i = 0, 0
        while i < n - 1:
            if not present[i]:
                i += 1
                continue
            end = i
            while end < n - 1 and present[end]:
                end += 1
            best = self._longest(text, i, end + 1, best)  # words i..end form the chain
            i = end + 1
        if best == 0 and any(w in text for w in self._content_words):
            best = 1
        return bigrams, best / n if n else 0.0

    def _longest(self, text: str, lo: int, hi: int, best: int) -> int:
        """The longest run within words[lo:hi] found in ``text`` and holding a content word, if
        longer than ``best``; else ``best``."""
        for i in range(lo, hi):
            j = i + best + 1  # only a run longer than the best so far matters
            while j <= hi:
                if self._run(i, j) not in text:
                    break
                if self._before[j] > self._before[i]:
                    best = j - i
                j += 1
        return best
